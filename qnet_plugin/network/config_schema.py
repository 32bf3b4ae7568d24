"""The network file's schema: every table and key of a network TOML file, in one declarative table.

:data:`SCHEMA` lists the top-level keys and the keys of ``[qpu_defaults]``, ``[[qpu]]``,
``[[link]]`` and a link's ``purification = {...}`` table: name, TOML type, whether it is required,
default, allowed range (with unit) and a one-line doc. The loader (:mod:`.config`) validates a file
against it: unknown keys, missing required keys and wrong structural types are reported from here.

The numbers of a QPU and of a link's placement (``channels``, ``distance``) are fields of
:class:`~.model.QPU` and :class:`~.model.Link` declared with :func:`~qnet_plugin.core.validation.param`;
their rows are read from that metadata (type, default, range, unit, help) so each range is written
once, and the dataclasses enforce it with the package's one message format. ``[link.parameters]``
is an open table: its keys are the fields of the chosen link model (``qnet link NAME --help``).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from qnet_plugin.network.model import QPU, Link
from qnet_plugin.network.purify import Purification

#: Sentinel of :attr:`Key.default` for keys with no default (required, or computed from others).
NO_DEFAULT: Any = type("NoDefault", (), {"__repr__": lambda self: "NO_DEFAULT"})()


@dataclass(frozen=True)
class Key:
    """One key of a table of the network file.

    Attributes:
        name: the TOML key.
        type: what TOML value it takes: ``"string"``, ``"integer"``, ``"float"`` (an integer is
            accepted and converted), ``"table"``, ``"array of tables"``, ``"pair of strings"``.
        doc: one line, with the paper that sets it where there is one.
        required: the file must give it (``required_message`` says how when it does not).
        default: value used when absent (``NO_DEFAULT``: none, or computed from other keys).
        low, high, low_open, high_open, integer, choices, unit, optional: the allowed range,
            as in :func:`~qnet_plugin.core.validation.param` (enforced by the model dataclass).
        required_message: the issue reported when a required key is missing.
        type_message: the issue reported when the value has the wrong TOML type; ``{value!r}``
            is filled in.
        table: for ``"table"`` / ``"array of tables"`` keys, the schema of the nested table
            (``None``: an open table checked elsewhere, e.g. ``[link.parameters]``).
    """

    name: str
    type: str
    doc: str
    required: bool = False
    default: Any = NO_DEFAULT
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    integer: bool = False
    choices: tuple[Any, ...] | None = None
    unit: str = ""
    optional: bool = False
    required_message: str = ""
    type_message: str = ""
    table: Table | None = None

    def type_ok(self, value: object) -> bool:
        """True when ``value`` has this key's TOML type (ranges are the model's to check)."""
        return _TYPE_CHECKS[self.type](value)

    @property
    def range_text(self) -> str:
        """The allowed range as the error messages write it (``""`` when unbounded)."""
        if self.choices is not None:
            return "one of " + ", ".join(map(repr, self.choices))
        if self.low is None and self.high is None:
            return ""
        lo = "-inf" if self.low is None else f"{self.low:g}"
        hi = "inf" if self.high is None else f"{self.high:g}"
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        return f"{left}{lo}, {hi}{right}" + (f" {self.unit}" if self.unit else "")


@dataclass(frozen=True)
class Table:
    """A table of the network file: its keys, and how unknown keys are reported.

    ``label`` names the table in messages (``unknown QPU field 'x'``); ``sort_allowed`` lists the
    allowed keys alphabetically in that message (otherwise in declaration order).
    """

    name: str
    doc: str
    keys: tuple[Key, ...]
    label: str = ""
    unknown_message: str = "unknown {label} field {key!r}; allowed: {allowed}"
    sort_allowed: bool = True

    def __getitem__(self, name: str) -> Key:
        for k in self.keys:
            if k.name == name:
                return k
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(k.name == name for k in self.keys)

    @property
    def names(self) -> tuple[str, ...]:
        """Key names in declaration order."""
        return tuple(k.name for k in self.keys)

    def allowed_text(self) -> str:
        """The allowed keys as the unknown-key message lists them."""
        names = sorted(self.names) if self.sort_allowed else list(self.names)
        return ", ".join(names)

    def unknown(self, key: str) -> str:
        """The issue for an unknown ``key`` in this table."""
        return self.unknown_message.format(label=self.label, key=key, allowed=self.allowed_text())


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_TYPE_CHECKS: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": _is_int,
    "float": lambda v: _is_int(v) or isinstance(v, float),
    "table": lambda v: isinstance(v, dict),
    "array of tables": lambda v: isinstance(v, list) and all(isinstance(t, dict) for t in v),
    "pair of strings": lambda v: isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v),
    "any": lambda v: True,
}


def _toml_type(annotation: object) -> str:
    text = str(annotation)
    if "float" in text:
        return "float"
    if "int" in text:
        return "integer"
    return "string"


def keys_of(cls: type, names: tuple[str, ...] | None = None) -> tuple[Key, ...]:
    """Schema rows for the ``param`` fields of dataclass ``cls`` (all, or ``names`` in that order)."""
    hints = typing.get_type_hints(cls)
    by_name = {f.name: f for f in dataclasses.fields(cls)}
    out = []
    for name in names if names is not None else tuple(by_name):
        f = by_name[name]
        md: Mapping[str, Any] = f.metadata
        out.append(Key(name=name, type=_toml_type(hints[name]), doc=md.get("help", ""),
                       default=f.default if f.default is not dataclasses.MISSING else NO_DEFAULT,
                       low=md.get("low"), high=md.get("high"), low_open=md.get("low_open", False),
                       high_open=md.get("high_open", False), integer=md.get("integer", False),
                       choices=md.get("choices"), unit=md.get("unit", ""), optional=md.get("optional", False)))
    return tuple(out)


_QPU_KEYS = keys_of(QPU)

#: ``[qpu_defaults]``: any QPU field, shared by every ``[[qpu]]`` (a ``[[qpu]]`` key wins).
QPU_DEFAULTS = Table("qpu_defaults", "fields shared by every [[qpu]]", _QPU_KEYS, label="QPU",
                     sort_allowed=False)

#: ``[[qpu]]``: one QPU (:class:`~.model.QPU`); ``name`` is required.
QPU_TABLE = Table("qpu", "one QPU (one fridge)",
                  tuple(dataclasses.replace(k, required=True, default=NO_DEFAULT,
                                            required_message="every [[qpu]] needs a name")
                        if k.name == "name" else k for k in _QPU_KEYS),
                  label="QPU", sort_allowed=False)

#: ``purification = {protocol, rounds}`` of a link (:class:`~.purify.Purification`).
PURIFICATION_TABLE = Table(
    "purification", "purification before use", (
        Key("protocol", "string", "purification protocol (minimal, bbpssw, dejmps, pumping, double-selection)",
            required=True, required_message='purification needs protocol = "<name>" (minimal, bbpssw, '
            'dejmps, pumping, double-selection)'),
        dataclasses.replace(keys_of(Purification, ("rounds",))[0], default=1),
    ),
    label="purification", unknown_message="unknown purification field {key!r}; allowed: {allowed}",
    sort_allowed=False)

_CHANNELS, _DISTANCE, _CUTOFF, _ATTENUATION = keys_of(Link, ("channels", "distance", "cutoff_s",
                                                             "attenuation_db_per_km"))

#: ``[[link]]``: a link model placed between two QPUs (:class:`~.model.Link`).
LINK_TABLE = Table("link", "a link model between two QPUs", (
    Key("between", "pair of strings", "the two QPUs it joins; qubit 0 of each pair lands in the first",
        required=True, type_message="between = {value!r} must be a list of two QPU names"),
    Key("model", "string", "a registered link model (`qnet links`)", required=True,
        required_message='every [[link]] needs model = "<link name>" (see `qnet links`)'),
    _CHANNELS,
    _DISTANCE,
    _ATTENUATION,
    _CUTOFF,
    Key("name", "string", "link name (default: \"A-B\" from its two QPUs)"),
    Key("parameters", "table", "fields of the model, applied on top of its state_of_the_art()",
        default={}, type_message="parameters must be a table of link-model fields"),
    Key("purification", "table", "purify pairs before use: {protocol = \"dejmps\", rounds = 1}",
        table=PURIFICATION_TABLE, type_message="purification = {value!r} must be a table, e.g. "
        "purification = {{protocol = \"dejmps\", rounds = 1}}"),
    Key("purification_protocol", "string", "flat form of purification.protocol (a sweep grid key)"),
    Key("purification_rounds", "integer", "flat form of purification.rounds (a sweep grid key)"),
), label="link")

#: The whole file: top-level keys.
SCHEMA = Table("", "a network file", (
    Key("name", "string", "network name (default: the file name without extension)"),
    Key("description", "string", "free text"),
    Key("route", "string", "route choice between QPUs without a direct link: fewest hops, best "
        "end-to-end fidelity (Werner swap rule) or highest rate (fastest slowest link)", default="hops",
        choices=("hops", "fidelity", "rate")),
    Key("qpu_defaults", "table", QPU_DEFAULTS.doc, default={}, table=QPU_DEFAULTS,
        type_message="qpu_defaults must be a table"),
    Key("qpu", "array of tables", QPU_TABLE.doc, required=True, table=QPU_TABLE,
        required_message="a network needs at least one [[qpu]] table",
        type_message="a network needs at least one [[qpu]] table"),
    Key("link", "array of tables", LINK_TABLE.doc, default=[], table=LINK_TABLE,
        type_message="links are written as [[link]] tables"),
), unknown_message="unknown top-level key {key!r}; allowed: {allowed}")

#: Flat purification keys and the purification-table key each stands for.
FLAT_PURIFICATION = {"purification_protocol": "protocol", "purification_rounds": "rounds"}


def describe(table: Table = SCHEMA, prefix: str = "") -> list[tuple[str, str, str, str, str]]:
    """(dotted key, type, default, range, doc) for every key of ``table`` and its nested tables,
    as ``qnet network schema`` prints them."""
    rows = []
    for k in table.keys:
        dotted = f"{prefix}{k.name}"
        default = "required" if k.required else ("" if k.default is NO_DEFAULT else repr(k.default))
        rows.append((dotted, k.type, default, k.range_text, k.doc))
        if k.table is not None:
            rows += describe(k.table, dotted + ".")
    return rows
