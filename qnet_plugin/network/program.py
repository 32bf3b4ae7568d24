"""Read a program: OpenQASM 2 or 3 text or file -> QuantumCircuit, with one-line errors.

Every input is bounded and confined before a parser sees it (issue 11):

* ``include`` statements are expanded here, not by the parsers: a file resolves only relative to the
  folder of the file that includes it and must stay inside the top program's folder (absolute paths,
  ``..`` escapes and symbolic links that leave it are refused); the standard libraries
  (``qelib1.inc`` for OpenQASM 2, ``stdgates.inc`` for OpenQASM 3) are left to the parser; include
  loops and chains deeper than :data:`~qnet_plugin.core.validation.MAX_INCLUDE_DEPTH` are refused.
  A program given as text (no folder) may include only the standard libraries.
* declared qubits and classical bits, nesting of gate definitions and file sizes are checked against
  the limits in :mod:`qnet_plugin.core.validation` before parsing, with an estimate in the message.
* whatever a parser prints (the OpenQASM 3 parsers write their diagnostics straight to the
  process's stdout/stderr) is captured and folded into the one-line error, so ``--json`` output
  stays clean.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import sys
import tempfile
import threading
from pathlib import Path

from qiskit import QuantumCircuit

from qnet_plugin.core.validation import (
    MAX_GATE_NESTING,
    MAX_INCLUDE_DEPTH,
    MAX_INPUT_FILE_BYTES,
    MAX_PROGRAM_CLBITS,
    MAX_PROGRAM_QUBITS,
    ParameterError,
    check_limit,
    format_bytes,
    read_input_file,
)

#: include files that the parsers provide themselves, by OpenQASM major version
STANDARD_INCLUDES = {2: frozenset({"qelib1.inc"}), 3: frozenset({"stdgates.inc"})}

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_INCLUDE = re.compile(r'\binclude\s*"([^"\n]*)"\s*;')
_VERSION_STMT = re.compile(r"^\s*OPENQASM\s+[\d.]+\s*;", re.S)
_OUTPUT_LOCK = threading.Lock()


def _version(text: str) -> int:
    m = re.search(r"OPENQASM\s+(\d+)", text)
    return int(m.group(1)) if m else 2


def _strip_comments(text: str) -> str:
    """Comments replaced by as many newlines as they spanned (line numbers stay right)."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def expand_includes(text: str, base_dir=None, source: str = "<string>", *, version: int | None = None,
                    root=None, _stack: tuple = ()) -> str:
    """``text`` with every non-standard ``include`` replaced by the included file's text.

    Args:
        text: OpenQASM source.
        base_dir: folder of the file ``text`` came from (``None``: text only, no file includes).
        source: name used in messages.
        version: OpenQASM major version (read from ``text`` if not given).
        root: folder no include may leave (default: ``base_dir``).
    """
    version = _version(text) if version is None else version
    standard = STANDARD_INCLUDES.get(version, STANDARD_INCLUDES[3])
    text = _strip_comments(text)
    if base_dir is not None:
        base_dir = Path(base_dir).resolve()
        root = base_dir if root is None else Path(root).resolve()
    out, last = [], 0
    for m in _INCLUDE.finditer(text):
        name = m.group(1)
        if name in standard:
            continue
        where = f"{source} line {_line(text, m.start())}"
        target = _resolve_include(name, base_dir, root, where, standard)
        if target in _stack:
            chain = " -> ".join(p.name for p in (*_stack, target))
            raise ParameterError(f"{where}: include loop: {chain}")
        check_limit(f"{where}: include depth", len(_stack) + 1, MAX_INCLUDE_DEPTH)
        body = read_input_file(target, "include")
        body = _VERSION_STMT.sub("", _strip_comments(body), count=1)
        body = expand_includes(body, target.parent, str(target.relative_to(root)), version=version,
                               root=root, _stack=(*_stack, target))
        out += [text[last:m.start()], body]
        last = m.end()
        check_limit("program size with includes expanded", sum(map(len, out)), MAX_INPUT_FILE_BYTES)
    out.append(text[last:])
    return "".join(out)


def _resolve_include(name: str, base_dir, root, where: str, standard) -> Path:
    allowed = ", ".join(sorted(standard))
    if base_dir is None:
        raise ParameterError(f"{where}: include {name!r} is not allowed in a program given as text "
                             f"(only {allowed}); load the program from its file")
    if not name or Path(name).is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise ParameterError(f"{where}: include {name!r} is an absolute path; includes resolve only "
                             f"relative to the program's folder (or name {allowed})")
    target = (base_dir / name).resolve()
    if not target.is_relative_to(root):
        raise ParameterError(f"{where}: include {name!r} leaves the program's folder {str(root)!r}; "
                             f"includes resolve only inside it (or name {allowed})")
    if not target.exists():
        raise ParameterError(f"{where}: include {name!r} not found in {str(target.parent)!r}")
    return target


# ---------------------------------------------------------------------------- size checks
_DECLS = {
    "qubits": (re.compile(r"\bqreg\s+\w+\s*\[\s*(\d+)\s*\]"), re.compile(r"\bqubit\s*\[\s*(\d+)\s*\]"),
               re.compile(r"\bqubit\s+[A-Za-z_]\w*\s*;")),
    "clbits": (re.compile(r"\bcreg\s+\w+\s*\[\s*(\d+)\s*\]"), re.compile(r"\bbit\s*\[\s*(\d+)\s*\]"),
               re.compile(r"\bbit\s+[A-Za-z_]\w*\s*[;=]")),
}
_GATE_DEF = re.compile(r"\bgate\s+([A-Za-z_]\w*)[^{]*\{([^}]*)\}")
_IDENT = re.compile(r"[A-Za-z_]\w*")


def _state_memory(n: int) -> str:
    if n < 200:
        return format_bytes(16.0 * 2.0**n)
    return f"10^{int(n * math.log10(2) + math.log10(16))} B"


def check_program_text(text: str, source: str = "<string>") -> None:
    """Refuse declared sizes beyond the limits before a parser builds anything."""
    check_limit(f"{source}: program size", len(text), MAX_INPUT_FILE_BYTES)
    counts = {}
    for kind, (sized, sized3, single) in _DECLS.items():
        counts[kind] = (sum(int(x) for x in sized.findall(text)) + sum(int(x) for x in sized3.findall(text))
                        + len(single.findall(text)))
    check_limit(f"{source}: declared qubits", counts["qubits"], MAX_PROGRAM_QUBITS,
                estimate=f"a dense state of that many qubits would need {_state_memory(counts['qubits'])}")
    check_limit(f"{source}: declared classical bits", counts["clbits"], MAX_PROGRAM_CLBITS,
                estimate=f"each count key alone would be {format_bytes(counts['clbits'])}")
    depth: dict[str, int] = {}
    for m in _GATE_DEF.finditer(text):  # a gate can only call gates defined before it
        d = 1 + max((depth.get(t, 0) for t in _IDENT.findall(m.group(2))), default=0)
        depth[m.group(1)] = d
        if d > MAX_GATE_NESTING:
            raise ParameterError(f"{source} line {_line(text, m.start())}: gate {m.group(1)!r} nests gate "
                                 f"definitions {d} deep; limit {MAX_GATE_NESTING}")


class _Captured:
    text = ""


@contextlib.contextmanager
def captured_output():
    """Capture everything written to stdout/stderr (Python objects *and* file descriptors 1, 2).

    Yields an object whose ``text`` holds the captured output once the block has ended. Parsers
    written in Rust or using ANTLR print diagnostics directly; they must never reach the user's
    terminal or a ``--json`` stream.
    """
    got = _Captured()
    buf = io.StringIO()
    with _OUTPUT_LOCK, tempfile.TemporaryFile(mode="w+b") as tmp:
        saved = []
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        try:
            for fd in (1, 2):
                try:
                    copy = os.dup(fd)
                except OSError:
                    continue
                saved.append((fd, copy))
                os.dup2(tmp.fileno(), fd)
            with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
                yield got
        finally:
            for fd, copy in saved:
                os.dup2(copy, fd)
                os.close(copy)
            tmp.seek(0)
            got.text = buf.getvalue() + tmp.read(64 * 1024).decode("utf-8", "replace")


def _antlr_position(exc) -> str:
    """Line and token of an ANTLR syntax error (the OpenQASM 3 reference parser raises a bare
    exception whose cause holds the offending token)."""
    seen = 0
    while exc is not None and seen < 8:
        for arg in getattr(exc, "args", ()) or ():
            tok = getattr(arg, "offendingToken", None)
            if tok is not None:
                return f"syntax error at line {tok.line}, column {tok.column + 1} near {tok.text!r}"
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return ""


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.replace("╭─", "").replace("│", " ").replace("╰", "").split())
    return text if len(text) <= limit else text[:limit] + " ..."


def _parse(text: str, version: int) -> QuantumCircuit:
    if version >= 3:
        from qiskit import qasm3

        try:
            return qasm3.loads(text)
        except Exception as exc:  # the optional qiskit_qasm3_import package is missing
            if "qiskit_qasm3_import" not in str(exc) and not isinstance(exc, ImportError):
                raise
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return qasm3.loads_experimental(text)
    from qiskit import qasm2

    return qasm2.loads(text, include_path=(), custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)


def loads_program(text: str, source: str = "<string>", base_dir=None) -> QuantumCircuit:
    """Parse OpenQASM 2 or 3 (chosen by the ``OPENQASM`` header).

    ``base_dir`` is the folder of the file ``text`` came from (for its includes); without it only
    the standard libraries may be included.
    """
    version = _version(text)
    expanded = expand_includes(text, base_dir, source, version=version)
    check_program_text(expanded, source)
    printed = _Captured()
    try:
        with captured_output() as printed:
            qc = _parse(expanded, version)
    except ParameterError:
        raise
    except RecursionError:
        raise ParameterError(f"{source}: program nests too deeply to parse (gate definitions or "
                             "expressions)") from None
    except Exception as exc:  # QASM parse errors are QiskitErrors; report them as bad input
        msg = _one_line(str(exc)) or _antlr_position(exc)
        said = _one_line(printed.text)
        if said and said not in msg:
            msg = f"{msg}; {said}" if msg and "see printed errors" not in msg else said
        raise ParameterError(f"{source}: not a valid OpenQASM {version} program: {msg or type(exc).__name__}") from None
    if qc.num_qubits == 0:
        raise ParameterError(f"{source}: the program declares no qubits; nothing to run")
    return qc


def read_program(path) -> str:
    """The program text of ``path`` with its includes expanded (what a sweep ships to workers)."""
    path = Path(path)
    text = read_input_file(path, "program")
    return expand_includes(text, path.parent, str(path))


def load_program(path) -> QuantumCircuit:
    """Parse an OpenQASM 2/3 file (the circuit's name becomes the file's stem)."""
    path = Path(path)
    qc = loads_program(read_input_file(path, "program"), str(path), base_dir=path.parent)
    qc.name = path.stem
    return qc
