"""Networks from TOML files, validated with messages that name the line and the field.

File format (all numbers SI; see ``qnet_plugin/examples/*.toml``; every key with its type, range
and doc is in :data:`.config_schema.SCHEMA`, printed by ``qnet network schema``)::

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
    distance = 20.0             # m of fibre: latency; heralded links: fibre loss + herald round trip
    attenuation_db_per_km = 0.2 # optional (default: by the model's wavelength, 0.2 at 1550 nm)
    cutoff_s = 1e-3             # optional: discard pairs older than this and regenerate them
    purification = {protocol = "dejmps", rounds = 1}   # optional: purify pairs before use
    [link.parameters]           # fields of the model, on top of its state_of_the_art()
    pump_power = 1e-3

``purification`` may also be written as the flat fields ``purification_protocol`` and
``purification_rounds`` (what a sweep grid key ``link.<name>.purification_rounds`` sets).

This module is the loader: it checks the parsed file against the schema (unknown keys, missing
required keys, structural types), builds :class:`~.model.QPU`, :class:`~.model.Link` and
:class:`~.model.Network` values (which enforce the value ranges), and attributes every problem to
its line with :class:`~.config_lines.KeyLines` (TOML syntax errors already carry their line).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.config_lines import KeyLines
from qnet_plugin.network.config_lines import Path as KeyPath
from qnet_plugin.network.config_schema import (
    FLAT_PURIFICATION,
    LINK_TABLE,
    PURIFICATION_TABLE,
    QPU_DEFAULTS,
    QPU_TABLE,
    SCHEMA,
    Table,
)
from qnet_plugin.network.model import QPU, Link, Network

if typing.TYPE_CHECKING:
    from qnet_plugin.links.base import LinkModel
    from qnet_plugin.network.purify import Purification

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = list(issues)
        more = f" (and {len(issues) - 1} more problem(s); run `qnet network check`)" if len(issues) > 1 else ""
        super().__init__(str(issues[0]) + more)


def _field_name(path: KeyPath) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _param_of(message: str) -> str | None:
    """The parameter a ParameterError message names (its first word before `` = ``)."""
    m = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=", message)
    return m.group(1) if m else None


class _Issues:
    """The issues found so far, each placed on its line by the file's :class:`KeyLines`."""

    def __init__(self, text: str, source: str) -> None:
        self.items: list[ConfigIssue] = []
        self.lines = KeyLines(text)
        self.source = source

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, path: KeyPath, message: str) -> None:
        self.items.append(ConfigIssue(self.lines.line(path), _field_name(path), message, self.source))

    def unknown_keys(self, schema: Table, table: dict, where: KeyPath) -> bool:
        """Report every key of ``table`` that ``schema`` does not declare; True if there was one."""
        bad = [k for k in table if k not in schema]
        for k in bad:
            self.add((*where, k), schema.unknown(k))
        return bool(bad)


def _coerce(schema: Table, values: dict) -> dict:
    """TOML ``1`` for a float key becomes ``1.0`` (validation rejects bools and strings itself)."""
    out = {}
    for k, v in values.items():
        if k in schema and schema[k].type == "float" and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        out[k] = v
    return out


def _coerce_numbers(cls: type, values: dict) -> dict:
    """As :func:`_coerce` for the fields of a link model dataclass (its type hints say float)."""
    hints = typing.get_type_hints(cls)
    out = {}
    for k, v in values.items():
        if isinstance(v, int) and not isinstance(v, bool) and "float" in str(hints.get(k, "")):
            v = float(v)
        out[k] = v
    return out


def _section(data: dict, key: str, issues: _Issues) -> Any:
    """``data[key]`` checked against the top-level schema row (its default when absent or wrong)."""
    row = SCHEMA[key]
    default: list | dict = [] if row.type == "array of tables" else {}
    if key not in data:
        if row.required:
            issues.add((key,), row.required_message)
        return default
    value = data[key]
    if not row.type_ok(value) or (row.required and not value):
        issues.add((key,), row.type_message.format(value=value))
        return default
    return value


# ---------------------------------------------------------------------------- QPUs
def _build_qpu(table: dict, defaults: dict, where: KeyPath, issues: _Issues) -> QPU | None:
    bad = issues.unknown_keys(QPU_TABLE, table, where)
    name = QPU_TABLE["name"]
    if name.name not in table:
        issues.add(where, name.required_message)
        bad = True
    if bad:
        return None
    try:
        return QPU(**_coerce(QPU_TABLE, {**defaults, **table}))
    except (ParameterError, ValueError, TypeError) as exc:
        key = _param_of(str(exc)) or ""
        path = (*where, key) if key in table else (("qpu_defaults", key) if key in defaults else where)
        issues.add(path, str(exc))
        return None


# ---------------------------------------------------------------------------- links
def _build_model(name: str, params: dict, where: KeyPath, issues: _Issues) -> LinkModel | None:
    from qnet_plugin.links import get_link_class

    try:
        cls = get_link_class(name)
    except (ParameterError, ImportError) as exc:
        issues.add((*where, "model"), str(exc))
        return None
    allowed = [f.name for f in dataclasses.fields(cls)]
    unknown = [k for k in params if k not in allowed]
    for k in unknown:
        issues.add((*where, "parameters", k), f"{k!r} is not a parameter of link model {name!r}; allowed: "
                   f"{', '.join(allowed)}")
    if unknown:
        return None
    try:
        return dataclasses.replace(cls.state_of_the_art(), **_coerce_numbers(cls, params))
    except (ParameterError, ValueError, TypeError) as exc:
        key = _param_of(str(exc))
        path = (*where, "parameters", key) if key is not None and key in params else (*where, "parameters")
        issues.add(path, str(exc))
        return None


def _build_purification(table: dict, where: KeyPath, issues: _Issues) -> tuple[bool, Purification | None]:
    """The link's :class:`~.purify.Purification` from ``purification = {protocol, rounds}`` or the
    flat ``purification_protocol`` / ``purification_rounds`` fields; (ok, spec or None)."""
    from qnet_plugin.network.purify import Purification

    flat = {k: table[k] for k in FLAT_PURIFICATION if k in table}
    if "purification" in table and flat:
        issues.add((*where, "purification"), "write purification either as a table {protocol, rounds} or as "
                   "purification_protocol / purification_rounds, not both")
        return False, None
    paths: dict[str, KeyPath]
    if "purification" in table:
        sub = table["purification"]
        row = LINK_TABLE["purification"]
        if not row.type_ok(sub):
            issues.add((*where, "purification"), row.type_message.format(value=sub))
            return False, None
        if issues.unknown_keys(PURIFICATION_TABLE, sub, (*where, "purification")):
            return False, None
        values = dict(sub)
        paths = {k: (*where, "purification", k) for k in PURIFICATION_TABLE.names}
        missing_path: KeyPath = (*where, "purification")
    elif flat:
        values = {FLAT_PURIFICATION[k]: v for k, v in flat.items()}
        paths = {short: (*where, k) for k, short in FLAT_PURIFICATION.items()}
        missing_path = paths["protocol"]
    else:
        return True, None
    for row in PURIFICATION_TABLE.keys:
        if row.required and row.name not in values:
            issues.add(missing_path, row.required_message)
            return False, None
    try:
        return True, Purification(**values)
    except (ParameterError, TypeError) as exc:
        msg = str(exc)
        key = "rounds" if "rounds" in msg.split("=")[0] else "protocol"
        issues.add(paths[key], msg)
        return False, None


def _build_link(table: dict, qpu_names: list, where: KeyPath, issues: _Issues) -> Link | None:
    bad = issues.unknown_keys(LINK_TABLE, table, where)
    between_row = LINK_TABLE["between"]
    between: Any = table.get("between")
    if not between_row.type_ok(between):
        issues.add((*where, "between"), between_row.type_message.format(value=between))
        bad = True
    else:
        for end in between:
            if end not in qpu_names:
                issues.add((*where, "between"), f"between = {end!r} is not a QPU of the network; "
                           f"choose one of {', '.join(map(repr, qpu_names))}")
                bad = True
    model_row = LINK_TABLE["model"]
    model = None
    if not model_row.type_ok(table.get("model")):
        issues.add((*where, "model"), model_row.required_message)
        bad = True
    else:
        params_row = LINK_TABLE["parameters"]
        params = table.get("parameters", {})
        if not params_row.type_ok(params):
            issues.add((*where, "parameters"), params_row.type_message.format(value=params))
            params = {}
        model = _build_model(table["model"], params, where, issues)
    ok, purification = _build_purification(table, where, issues)
    if model is not None and "distance" in table:
        # the link's distance and a model's own length are one quantity (.fibre)
        from qnet_plugin.network.fibre import LENGTH_FIELDS

        for key in LENGTH_FIELDS:
            if key in params and isinstance(table["distance"], (int, float)) and params[key] != table["distance"]:
                issues.add((*where, "parameters", key), f"{key} = {params[key]!r} and distance = "
                           f"{table['distance']!r} are one quantity (the link's length); give distance only")
                bad = True
    if bad or model is None or not ok:
        return None
    placement = ("channels", "distance", "attenuation_db_per_km", "cutoff_s", "name")
    kw: dict[str, Any] = {k: table[k] for k in placement if k in table}
    if purification is not None:
        kw["purification"] = purification
    try:
        return Link(between[0], between[1], model, **_coerce(LINK_TABLE, kw))
    except (ParameterError, ValueError, TypeError) as exc:
        key = _param_of(str(exc)) or ""
        issues.add((*where, key) if key in table else (*where, "between"), str(exc))
        return None


# ---------------------------------------------------------------------------- the file
def parse_network(data: dict, text: str = "", source: str = "<string>") -> tuple[Network | None, list[ConfigIssue]]:
    """Build a Network from parsed TOML ``data`` (``text``: the file, for line numbers); returns
    (network or None, issues)."""
    issues = _Issues(text, source)
    issues.unknown_keys(SCHEMA, data, ())
    defaults = _section(data, "qpu_defaults", issues)
    # An unknown default is reported once, at its line; the QPUs are still built from the known
    # defaults so that their own problems are reported too.
    if issues.unknown_keys(QPU_DEFAULTS, defaults, ("qpu_defaults",)):
        defaults = {k: v for k, v in defaults.items() if k in QPU_DEFAULTS}
    qpu_tables = _section(data, "qpu", issues)
    qpus = []
    for i, table in enumerate(qpu_tables):
        qpu = _build_qpu(table, defaults, ("qpu", i), issues)
        if qpu is not None:
            qpus.append(qpu)
    link_tables = _section(data, "link", issues)
    names = [t.get("name") for t in qpu_tables]
    links = []
    for i, table in enumerate(link_tables):
        link = _build_link(table, names, ("link", i), issues)
        if link is not None:
            links.append(link)
    if issues:
        return None, issues.items
    try:
        net = Network(tuple(qpus), tuple(links), name=str(data.get("name", Path(source).stem)),
                      routing=data.get("route", "hops"))
    except ParameterError as exc:
        msg = str(exc)
        path: KeyPath = ("route",) if msg.startswith("route") else ("link",) if msg.startswith("link") else ("qpu",)
        m = re.search(r"= '([^']+)'", msg)
        if m and path == ("qpu",):
            for i, t in enumerate(qpu_tables):
                if t.get("name") == m.group(1):
                    path = ("qpu", i, "name")
        issues.add(path, msg)
        return None, issues.items
    # Purification is computed here (not first at run time) so a protocol that cannot purify this
    # link's pairs is reported against its line.
    for i, link in enumerate(net.links):
        if link.purification is not None:
            try:
                _ = link.purified
            except ParameterError as exc:
                key = "purification" if "purification" in link_tables[i] else "purification_protocol"
                issues.add(("link", i, key), str(exc))
    if issues:
        return None, issues.items
    return net, []


def check_network_text(text: str, source: str = "<string>") -> tuple[Network | None, list[ConfigIssue]]:
    """Parse and validate TOML text; returns (network or None, issues)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return None, [ConfigIssue(int(m.group(1)) if m else None, "", f"TOML syntax error: {exc}", source)]
    return parse_network(data, text, source)


def check_network_file(path: str | PathLike[str]) -> tuple[Network | None, list[ConfigIssue]]:
    """Parse and validate a network file; returns (network or None, issues).

    The file must be a regular file of bounded size (``/dev/zero``, a FIFO or a huge file is refused
    with a ParameterError before anything is read; :func:`qnet_plugin.core.validation.read_input_file`).
    """
    from qnet_plugin.core.validation import read_input_file

    path = Path(path)
    return check_network_text(read_input_file(path, "network file"), str(path))


def _loaded(result: tuple[Network | None, list[ConfigIssue]]) -> Network:
    net, issues = result
    if issues or net is None:
        raise NetworkConfigError(issues)
    return net


def load_network(path: str | PathLike[str]) -> Network:
    """A validated :class:`Network` from a TOML file (NetworkConfigError, a ParameterError, otherwise)."""
    return _loaded(check_network_file(path))


def loads_network(text: str, source: str = "<string>") -> Network:
    """A validated :class:`Network` from TOML text."""
    return _loaded(check_network_text(text, source))

