"""Line numbers of the keys of a TOML text, for messages that point at the right line.

``tomllib`` returns values without positions, so :class:`KeyLines` reads the text once with a small
scanner that follows the TOML 1.0 grammar far enough to know where each key is: table headers
(``[a.b]``, ``[[a]]`` with their array index), dotted keys (``params.pump_power = 1``, which also
define the implicit tables ``params``), quoted keys, inline tables (``p = {a = 1, b.c = 2}``, nested),
arrays (with the index of each element, so ``link = [{model = "werner"}, ...]`` is located too),
and strings of every kind (a ``#`` or ``=`` inside a string, or a multi-line string, is not a key).

Paths are tuples as the loader builds them: ``("link", 1, "parameters", "pump_power")`` is the
``pump_power`` key of the second ``[[link]]``'s parameters, wherever and however it is written.
The text is assumed to be valid TOML (``tomllib`` parsed it first); on anything unexpected the
scanner stops and keeps the lines found so far, so error reporting itself never fails.
"""

from __future__ import annotations

import json

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}\n#")


class _Stop(Exception):
    """The scanner met something it does not follow; keep what was found."""


class KeyLines:
    """Line (1-based) of every table header and key in ``text``; see the module docstring.

    ``line(path)`` is the line of ``path`` or, if it has none, of its closest enclosing table.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[Path, int] = {}
        self._text = text
        self._pos = 0
        self._line = 1
        # current index of each array of tables, by resolved path
        self._arrays: dict[Path, int] = {}
        try:
            self._document()
        except (_Stop, IndexError):
            pass

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its closest enclosing table (``None`` if none is known)."""
        for i in range(len(path), 0, -1):
            if path[:i] in self.lines:
                return self.lines[path[:i]]
        return None

    # ------------------------------------------------------------------ scanning primitives
    def _peek(self, k: int = 0) -> str:
        j = self._pos + k
        return self._text[j] if j < len(self._text) else ""

    def _advance(self, n: int = 1) -> None:
        chunk = self._text[self._pos:self._pos + n]
        self._line += chunk.count("\n")
        self._pos += n

    def _skip_space(self, newlines: bool = False) -> None:
        """Skip blanks (and newlines and comments if ``newlines``)."""
        while self._pos < len(self._text):
            c = self._peek()
            if c in " \t\r" or (newlines and c == "\n"):
                self._advance()
            elif newlines and c == "#":
                self._skip_comment()
            else:
                return

    def _skip_comment(self) -> None:
        end = self._text.find("\n", self._pos)
        self._pos = len(self._text) if end < 0 else end

    def _expect(self, c: str) -> None:
        if self._peek() != c:
            raise _Stop
        self._advance()

    def _record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    # ------------------------------------------------------------------ grammar
    def _document(self) -> None:
        table: Path = ()
        while True:
            self._skip_space(newlines=True)
            if self._pos >= len(self._text):
                return
            if self._peek() == "[":
                table = self._header()
            else:
                line = self._line
                keys = self._key()
                self._skip_space()
                self._expect("=")
                self._record_keys(table, keys, line)
                self._value((*table, *keys))
            self._skip_space()
            if self._peek() == "#":
                self._skip_comment()

    def _header(self) -> Path:
        line = self._line
        self._advance()
        array = self._peek() == "["
        if array:
            self._advance()
        self._skip_space()
        keys = self._key()
        self._skip_space()
        self._expect("]")
        if array:
            self._expect("]")
        # Prefixes that are arrays of tables refer to their latest element: [link.parameters]
        # after the second [[link]] is ("link", 1, "parameters").
        path: list[str | int] = []
        for j, k in enumerate(keys):
            path.append(k)
            here = tuple(path)
            self._record(here, line)
            if here in self._arrays and (j < len(keys) - 1 or not array):
                path.append(self._arrays[here])
        resolved: Path = tuple(path)
        if not array:
            return resolved
        index = self._arrays.get(resolved, -1) + 1
        self._arrays[resolved] = index
        table = (*resolved, index)
        self._record(table, line)
        return table

    def _record_keys(self, table: Path, keys: tuple[str, ...], line: int) -> None:
        # a.b.c = 1 defines the key a.b.c and the implicit tables a and a.b on this line
        for j in range(1, len(keys) + 1):
            self._record((*table, *keys[:j]), line)

    def _key(self) -> tuple[str, ...]:
        """A (dotted) key: bare or quoted parts joined by dots, blanks allowed around dots."""
        parts = [self._simple_key()]
        while True:
            self._skip_space()
            if self._peek() != ".":
                return tuple(parts)
            self._advance()
            self._skip_space()
            parts.append(self._simple_key())

    def _simple_key(self) -> str:
        c = self._peek()
        if c == '"':
            start = self._pos
            self._basic_string()
            raw = self._text[start:self._pos]
            try:
                return str(json.loads(raw))
            except ValueError:
                return raw[1:-1]
        if c == "'":
            start = self._pos
            self._literal_string()
            return self._text[start + 1:self._pos - 1]
        start = self._pos
        while self._peek() and self._peek() in _BARE:
            self._advance()
        if self._pos == start:
            raise _Stop
        return self._text[start:self._pos]

    def _value(self, path: Path) -> None:
        self._skip_space()
        c = self._peek()
        if self._text.startswith('"""', self._pos):
            self._multiline('"""')
        elif self._text.startswith("'''", self._pos):
            self._multiline("'''")
        elif c == '"':
            self._basic_string()
        elif c == "'":
            self._literal_string()
        elif c == "[":
            self._array(path)
        elif c == "{":
            self._inline_table(path)
        else:
            start = self._pos
            while self._peek() and self._peek() not in _SCALAR_END:
                self._advance()
            if self._pos == start:
                raise _Stop

    def _basic_string(self) -> None:
        self._advance()
        while True:
            c = self._peek()
            if c in ("", "\n"):
                raise _Stop
            self._advance(2 if c == "\\" else 1)
            if c == '"':
                return

    def _literal_string(self) -> None:
        end = self._text.find("'", self._pos + 1)
        if end < 0:
            raise _Stop
        self._advance(end + 1 - self._pos)

    def _multiline(self, quote: str) -> None:
        self._advance(3)
        while True:
            if self._pos >= len(self._text):
                raise _Stop
            if quote == '"""' and self._peek() == "\\":
                self._advance(2)
            elif self._text.startswith(quote, self._pos):
                self._advance(3)
                # up to two more quotes may close the string (""""" is legal)
                while self._peek() == quote[0]:
                    self._advance()
                return
            else:
                self._advance()

    def _array(self, path: Path) -> None:
        self._advance()
        index = 0
        while True:
            self._skip_space(newlines=True)
            if self._peek() == "]":
                self._advance()
                return
            self._record((*path, index), self._line)
            self._value((*path, index))
            index += 1
            self._skip_space(newlines=True)
            if self._peek() == ",":
                self._advance()

    def _inline_table(self, path: Path) -> None:
        self._advance()
        while True:
            self._skip_space()
            if self._peek() == "}":
                self._advance()
                return
            line = self._line
            keys = self._key()
            self._skip_space()
            self._expect("=")
            self._record_keys(path, keys, line)
            self._value((*path, *keys))
            self._skip_space()
            if self._peek() == ",":
                self._advance()
