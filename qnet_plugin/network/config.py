"""Networks from TOML files, validated with messages that name the line and the field.

File format (all numbers SI; see ``qnet_plugin/examples/*.toml``)::

    name = "two fridges"

    [qpu_defaults]              # optional: fields shared by every [[qpu]]
    t1 = 100e-6

    [[qpu]]
    name = "A"
    data_qubits = 4
    gate_error_2q = 1e-3        # any field of qnet_plugin.network.QPU

    [[link]]
    between = ["A", "B"]        # qubit 0 of each pair lands in the first QPU
    model = "electro-optic"     # any registered link model (qnet links)
    channels = 4                # parallel frequency channels (000 Fig. 3)
    distance = 20.0             # m of fibre (classical latency)
    purification = {protocol = "dejmps", rounds = 1}   # optional: purify pairs before use
    [link.parameters]           # fields of the model, on top of its state_of_the_art()
    pump_power = 1e-3

``purification`` may also be written as the flat fields ``purification_protocol`` and
``purification_rounds`` (what a sweep grid key ``link.<name>.purification_rounds`` sets).

``tomllib`` gives no positions for values, so :class:`_LineIndex` reads the text once and maps
each (table, index, key) to its line; TOML syntax errors already carry their line.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.model import QPU, Link, Network

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_TOP_KEYS = {"name", "qpu", "link", "qpu_defaults", "description"}
_QPU_FIELDS = [f.name for f in dataclasses.fields(QPU)]
_LINK_KEYS = {"between", "model", "channels", "distance", "name", "parameters", "purification",
              "purification_protocol", "purification_rounds"}
_PURIFICATION_KEYS = ("protocol", "rounds")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]+\")\s*=")


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a network file: where (line, dotted field) and what."""

    line: int | None
    field: str
    message: str
    source: str = "<string>"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class NetworkConfigError(ParameterError):
    """A network file with one or more problems (``issues``); the message is the first one."""

    def __init__(self, issues: list[ConfigIssue]):
        self.issues = list(issues)
        more = f" (and {len(issues) - 1} more problem(s); run `qnet network check`)" if len(issues) > 1 else ""
        super().__init__(str(issues[0]) + more)


class _LineIndex:
    """Line numbers of tables and keys: ``line(("qpu", 1, "t1"))`` is the line of ``t1`` in the
    second ``[[qpu]]``; ``line(("link", 0, "parameters", "pump_power"))`` likewise."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        counters: dict[str, int] = {}
        context: tuple = ()
        for n, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0] if '"' not in raw else raw
            m = _HEADER.match(line)
            if m and line.strip().startswith("["):
                name = m.group(2).strip()
                parts = name.split(".")
                if m.group(1) == "[[":
                    idx = counters.get(name, -1) + 1
                    counters[name] = idx
                    context = (name, idx)
                elif parts[0] in counters and len(parts) > 1:
                    context = (parts[0], counters[parts[0]], *parts[1:])
                else:
                    context = tuple(parts)
                self.lines.setdefault(context, n)
                continue
            k = _KEY.match(line)
            if k:
                key = k.group(1).strip('"')
                self.lines.setdefault((*context, key), n)
                # inline tables: parameters = { pump_power = 1e-3, ... }
                if "{" in line:
                    for sub in re.findall(r"([A-Za-z0-9_]+)\s*=", line.split("{", 1)[1]):
                        self.lines.setdefault((*context, key, sub), n)

    def line(self, path: tuple) -> int | None:
        """The line of ``path``, or of its closest enclosing table."""
        for i in range(len(path), 0, -1):
            if path[:i] in self.lines:
                return self.lines[path[:i]]
        return None


def _field_name(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _param_of(message: str) -> str | None:
    """The parameter a ParameterError message names (its first word before `` = ``)."""
    m = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=", message)
    return m.group(1) if m else None


def _coerce_numbers(cls, values: dict) -> dict:
    """TOML ``1`` for a float field becomes ``1.0`` (validation rejects bools and strings itself)."""
    import typing

    hints = typing.get_type_hints(cls)
    out = {}
    for k, v in values.items():
        t = str(hints.get(k, ""))
        if isinstance(v, int) and not isinstance(v, bool) and "float" in t:
            v = float(v)
        out[k] = v
    return out


def _build_model(name, params, issues, where, index):
    from qnet_plugin.links import get_link_class

    try:
        cls = get_link_class(name)
    except (ParameterError, ImportError) as exc:
        issues.append(ConfigIssue(index.line((*where, "model")), _field_name((*where, "model")), str(exc)))
        return None
    allowed = [f.name for f in dataclasses.fields(cls)]
    unknown = [k for k in params if k not in allowed]
    for k in unknown:
        path = (*where, "parameters", k)
        issues.append(ConfigIssue(index.line(path), _field_name(path),
                                  f"{k!r} is not a parameter of link model {name!r}; allowed: "
                                  f"{', '.join(allowed)}"))
    if unknown:
        return None
    try:
        return dataclasses.replace(cls.state_of_the_art(), **_coerce_numbers(cls, params))
    except (ParameterError, ValueError, TypeError) as exc:
        key = _param_of(str(exc))
        path = (*where, "parameters", key) if key in params else (*where, "parameters")
        issues.append(ConfigIssue(index.line(path), _field_name(path), str(exc)))
        return None


def _build_purification(table, issue, where):
    """The link's :class:`~.purify.Purification` from ``purification = {protocol, rounds}`` or the
    flat ``purification_protocol`` / ``purification_rounds`` fields; (ok, spec or None)."""
    from qnet_plugin.network.purify import Purification

    flat = {k: table[k] for k in ("purification_protocol", "purification_rounds") if k in table}
    if "purification" in table and flat:
        issue((*where, "purification"), "write purification either as a table {protocol, rounds} or as "
              "purification_protocol / purification_rounds, not both")
        return False, None
    if "purification" in table:
        sub = table["purification"]
        if not isinstance(sub, dict):
            issue((*where, "purification"), f"purification = {sub!r} must be a table, e.g. "
                  "purification = {protocol = \"dejmps\", rounds = 1}")
            return False, None
        ok = True
        for k in sub:
            if k not in _PURIFICATION_KEYS:
                issue((*where, "purification", k), f"unknown purification field {k!r}; allowed: "
                      f"{', '.join(_PURIFICATION_KEYS)}")
                ok = False
        if not ok:
            return False, None
        values = dict(sub)
        paths = {k: (*where, "purification", k) for k in _PURIFICATION_KEYS}
    elif flat:
        values = {k.removeprefix("purification_"): v for k, v in flat.items()}
        paths = {k: (*where, f"purification_{k}") for k in _PURIFICATION_KEYS}
    else:
        return True, None
    if "protocol" not in values:
        issue(paths["protocol"] if "purification" not in table else (*where, "purification"),
              "purification needs protocol = \"<name>\" (minimal, bbpssw, dejmps, pumping, double-selection)")
        return False, None
    try:
        return True, Purification(**values)
    except (ParameterError, TypeError) as exc:
        msg = str(exc)
        key = "rounds" if "rounds" in msg.split("=")[0] else "protocol"
        issue(paths[key], msg)
        return False, None


def parse_network(data: dict, text: str = "", source: str = "<string>") -> tuple[Network | None, list[ConfigIssue]]:
    """Build a Network from parsed TOML ``data``; returns (network or None, issues)."""
    index = _LineIndex(text)
    issues: list[ConfigIssue] = []

    def issue(path, message):
        issues.append(ConfigIssue(index.line(path), _field_name(path), message, source))

    for key in data:
        if key not in _TOP_KEYS:
            issue((key,), f"unknown top-level key {key!r}; allowed: {', '.join(sorted(_TOP_KEYS))}")
    defaults = data.get("qpu_defaults", {})
    if not isinstance(defaults, dict):
        issue(("qpu_defaults",), "qpu_defaults must be a table")
        defaults = {}
    qpu_tables = data.get("qpu", [])
    if not isinstance(qpu_tables, list) or not qpu_tables:
        issue(("qpu",), "a network needs at least one [[qpu]] table")
        qpu_tables = []
    qpus = []
    for i, table in enumerate(qpu_tables):
        where = ("qpu", i)
        values = {**defaults, **table}
        unknown = [k for k in values if k not in _QPU_FIELDS]
        for k in unknown:
            path = (*where, k) if k in table else ("qpu_defaults", k)
            issue(path, f"unknown QPU field {k!r}; allowed: {', '.join(_QPU_FIELDS)}")
        if "name" not in table:
            issue(where, "every [[qpu]] needs a name")
        if unknown or "name" not in table:
            continue
        try:
            qpus.append(QPU(**_coerce_numbers(QPU, values)))
        except (ParameterError, ValueError, TypeError) as exc:
            key = _param_of(str(exc)) or ""
            path = (*where, key) if key in table else (("qpu_defaults", key) if key in defaults else where)
            issue(path, str(exc))
    links = []
    link_tables = data.get("link", [])
    if not isinstance(link_tables, list):
        issue(("link",), "links are written as [[link]] tables")
        link_tables = []
    for i, table in enumerate(link_tables):
        where = ("link", i)
        bad = False
        for k in table:
            if k not in _LINK_KEYS:
                issue((*where, k), f"unknown link field {k!r}; allowed: {', '.join(sorted(_LINK_KEYS))}")
                bad = True
        between = table.get("between")
        if (not isinstance(between, list) or len(between) != 2
                or not all(isinstance(x, str) for x in between)):
            issue((*where, "between"), f"between = {between!r} must be a list of two QPU names")
            bad = True
        else:
            names = [t.get("name") for t in qpu_tables if isinstance(t, dict)]
            for end in between:
                if end not in names:
                    issue((*where, "between"), f"between = {end!r} is not a QPU of the network; "
                          f"choose one of {', '.join(map(repr, names))}")
                    bad = True
        if "model" not in table or not isinstance(table.get("model"), str):
            issue((*where, "model"), "every [[link]] needs model = \"<link name>\" (see `qnet links`)")
            bad = True
            model = None
        else:
            params = table.get("parameters", {})
            if not isinstance(params, dict):
                issue((*where, "parameters"), "parameters must be a table of link-model fields")
                params = {}
            model = _build_model(table["model"], params, issues, where, index)
        ok, purification = _build_purification(table, issue, where)
        if bad or model is None or not ok:
            continue
        kw = {k: table[k] for k in ("channels", "distance", "name") if k in table}
        if purification is not None:
            kw["purification"] = purification
        try:
            links.append(Link(between[0], between[1], model, **_coerce_numbers(Link, kw)))
        except (ParameterError, ValueError, TypeError) as exc:
            key = _param_of(str(exc)) or ""
            issue((*where, key) if key in table else (*where, "between"), str(exc))
    for iss in issues:
        object.__setattr__(iss, "source", source)
    if issues:
        return None, issues
    try:
        net = Network(tuple(qpus), tuple(links), name=str(data.get("name", Path(source).stem)))
    except ParameterError as exc:
        msg = str(exc)
        path = ("link",) if msg.startswith("link") else ("qpu",)
        m = re.search(r"= '([^']+)'", msg)
        if m and path == ("qpu",):
            for i, t in enumerate(qpu_tables):
                if t.get("name") == m.group(1):
                    path = ("qpu", i, "name")
        return None, [ConfigIssue(index.line(path), _field_name(path), msg, source)]
    # Purification is computed here (not first at run time) so a protocol that cannot purify this
    # link's pairs is reported against its line.
    for i, link in enumerate(net.links):
        if link.purification is not None:
            try:
                link.purified
            except ParameterError as exc:
                key = "purification" if "purification" in link_tables[i] else "purification_protocol"
                path = ("link", i, key)
                issues.append(ConfigIssue(index.line(path), _field_name(path), str(exc), source))
    if issues:
        return None, issues
    return net, []


def check_network_text(text: str, source: str = "<string>") -> tuple[Network | None, list[ConfigIssue]]:
    """Parse and validate TOML text; returns (network or None, issues)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return None, [ConfigIssue(int(m.group(1)) if m else None, "", f"TOML syntax error: {exc}", source)]
    return parse_network(data, text, source)


def check_network_file(path) -> tuple[Network | None, list[ConfigIssue]]:
    """Parse and validate a network file; returns (network or None, issues)."""
    path = Path(path)
    return check_network_text(path.read_text(encoding="utf-8"), str(path))


def load_network(path) -> Network:
    """A validated :class:`Network` from a TOML file (NetworkConfigError, a ParameterError, otherwise)."""
    net, issues = check_network_file(path)
    if issues:
        raise NetworkConfigError(issues)
    return net


def loads_network(text: str, source: str = "<string>") -> Network:
    """A validated :class:`Network` from TOML text."""
    net, issues = check_network_text(text, source)
    if issues:
        raise NetworkConfigError(issues)
    return net
