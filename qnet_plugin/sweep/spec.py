"""The sweep file: parsed, bounded, resolved and hashed.

Sweep file (TOML; paths relative to the file; programs and networks may be shipped example names)::

    program = "ghz_4.qasm"
    network = "two_fridges.toml"
    shots = 500
    method = "auto"              # optional
    seed = 1                     # optional (per-point seeds are seed + point index)
    output = "ghz_sweep.csv"     # optional; default <sweep file stem>.csv, next to the sweep file

    [grid]                       # the cartesian product of these lists
    "link.A-B.pump_power" = [1e-5, 1e-4, 1e-3]   # a link-model parameter (link by name, or *)
    "link.A-B.channels" = [1, 4]                   # a placement field (channels, distance)
    "qpu.*.t1" = [50e-6, 100e-6]                   # a QPU field (QPU by name, or *)

The whole resolved specification (program text with its includes expanded, network text, fixed
options, grid keys, package version) is hashed into :attr:`SweepSpec.spec_hash`; the store writes it
into every row, so a changed ``shots``, network or program is never mistaken for finished work.

Bounds (issue 11), checked before any work: input files are regular files of at most
:data:`~qnet_plugin.core.validation.MAX_INPUT_FILE_BYTES`; the grid has at most
:data:`~qnet_plugin.core.validation.MAX_GRID_POINTS` points and is iterated lazily; grid values are
scalars, never NaN, and never repeated within a key (a repeated value would give two rows one id);
``shots`` and ``seed`` are bounded. The output resolves relative to the sweep file (or, when given
on the command line, the current directory) and must lie inside the current directory or the sweep
file's folder unless ``allow_outside=True``.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from qnet_plugin.core.validation import (
    MAX_GRID_POINTS,
    MAX_SEED,
    MAX_SHOTS,
    ParameterError,
    check_choice,
    check_integer,
    check_limit,
    read_input_file,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: bumped whenever the meaning of a row changes (part of the spec hash)
SWEEP_FORMAT = 2
#: grid keys ``link.<name>.<key>`` that belong to the link's placement, not to its model's parameters
_LINK_PLACEMENT_KEYS = ("channels", "distance", "model", "purification_protocol", "purification_rounds")
_SWEEP_KEYS = {"program", "network", "shots", "method", "seed", "output", "grid", "strategy", "pair_timing"}
METHODS = ("auto", "density_matrix", "statevector", "stabilizer")
STRATEGIES = ("auto", "remote-cx", "teleport", "transfer")
PAIR_TIMINGS = ("just-in-time", "ahead", "on-demand")


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:  # the installed distribution's version (the package's own __init__ sits above this layer)
        return version("qnet_plugin")
    except PackageNotFoundError:
        return "0"



def compute_spec_hash(program_text: str, network_text: str, grid_keys, **options) -> str:
    """Hash of everything that decides a point's result except the point's own values."""
    blob = json.dumps({"format": SWEEP_FORMAT, "version": _package_version(), "program": program_text,
                       "network": network_text, "grid_keys": list(grid_keys), "options": options},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass
class SweepSpec:
    """A parsed sweep: program and network text, run options and the grid."""

    program_text: str
    network_text: str
    grid: dict
    shots: int = 500
    method: str = "auto"
    seed: int | None = None
    strategy: str = "auto"
    pair_timing: str = "just-in-time"
    output: Path = Path("sweep.csv")
    source: str = "<sweep>"
    _network_data: dict | None = field(default=None, repr=False)

    @property
    def n_points(self) -> int:
        """Number of grid points (the product of the list lengths; nothing is built)."""
        return math.prod(len(v) for v in self.grid.values())

    def iter_points(self):
        """Every grid point as {key: value}, lazily, in a fixed order."""
        keys = list(self.grid)
        for values in itertools.product(*(self.grid[k] for k in keys)):
            yield dict(zip(keys, values))

    def points(self) -> list[dict]:
        """Every grid point as {key: value}, in a fixed order (a list; see :meth:`iter_points`)."""
        return list(self.iter_points())

    @property
    def spec_hash(self) -> str:
        """Hash of the resolved specification (see :func:`compute_spec_hash`)."""
        return compute_spec_hash(self.program_text, self.network_text, self.grid, shots=self.shots,
                                 method=self.method, seed=self.seed, strategy=self.strategy,
                                 pair_timing=self.pair_timing)

    def payload(self) -> dict:
        """What a worker needs (plain data, picklable)."""
        return dict(program_text=self.program_text, network_text=self.network_text, shots=self.shots,
                    method=self.method, seed=self.seed, strategy=self.strategy,
                    pair_timing=self.pair_timing)


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def point_id(point: dict) -> str:
    """Stable identifier of a grid point (hash of its sorted values; numbers by value, so 1 and 1.0
    are the same point)."""
    norm = {k: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
            for k, v in point.items()}
    text = json.dumps({k: norm[k] for k in sorted(norm)}, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def loads_toml(text: str, source: str) -> dict:
    """tomllib with one-line errors (syntax, nesting too deep for the parser)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{source}: TOML syntax error: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise ParameterError(f"{source}: TOML nests arrays or tables too deeply to read") from None


def _check_grid(path, grid) -> dict:
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(f"{path}: [grid] must map parameter keys to lists of values")
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            raise ParameterError(f"{path}: grid {key!r} = {_short(values)} must be a non-empty list")
        _check_key(key)
        seen: dict = {}
        for i, v in enumerate(values):
            if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                raise ParameterError(f"{path}: grid {key!r} value {_short(v)} must be a number or a string")
            if isinstance(v, float) and math.isnan(v):
                raise ParameterError(f"{path}: grid {key!r} value nan is not a number")
            if isinstance(v, str) and (len(v) > 200 or not v.isprintable()):
                raise ParameterError(f"{path}: grid {key!r} value {_short(v)} must be printable, at most "
                                     "200 characters")
            norm = float(v) if isinstance(v, (int, float)) else v
            if norm in seen:
                raise ParameterError(f"{path}: grid {key!r} repeats the value {v!r} (positions "
                                     f"{seen[norm] + 1} and {i + 1}); list each value once")
            seen[norm] = i
    n = math.prod(len(v) for v in grid.values())
    check_limit("grid points", n, MAX_GRID_POINTS,
                estimate=f"{' x '.join(str(len(v)) for v in grid.values())} points, ~{n / 86400:.3g} days "
                         "at a second per point", hint="split the sweep into several files")
    return grid


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _input_path(sweep_path: Path, name, key: str, suffix: str) -> Path:
    """A program/network named in the sweep file: relative to the sweep file, else a shipped example."""
    from qnet_plugin.examples import resolve

    if not isinstance(name, str) or not name:
        raise ParameterError(f"{sweep_path}: {key} = {_short(name)} must be a file name (a string)")
    local = sweep_path.parent / name
    if local.exists():
        return local
    return resolve(name, suffix)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.is_relative_to(root.resolve())
    except OSError:  # pragma: no cover
        return False


def resolve_output(sweep_path: Path, from_file, override=None, *, allow_outside: bool = False) -> Path:
    """Where results go: ``override`` (relative to the current directory) or the sweep file's
    ``output`` (relative to the sweep file), resolved (symbolic links followed).

    Outside the current directory and the sweep file's folder only with ``allow_outside``.
    """
    if override is not None:
        out = Path(override)
    else:
        if not isinstance(from_file, str) or not from_file.strip():
            raise ParameterError(f"{sweep_path}: output = {_short(from_file)} must be a file name (a string)")
        out = sweep_path.parent / from_file
    out = Path(os.path.abspath(out))
    if out.exists() and out.is_dir():
        raise ParameterError(f"output = {str(out)!r} is a directory; name a CSV file")
    real = out.resolve()
    roots = (Path.cwd(), sweep_path.parent)
    if not allow_outside and not any(_inside(real, r) for r in roots):
        raise ParameterError(f"output = {str(out)!r} is outside the current directory and the sweep "
                             f"file's folder {str(sweep_path.parent.resolve())!r}; pass --allow-outside "
                             "(allow_outside=True) to write there")
    return real


def load_sweep(path, output=None, *, allow_outside: bool = False) -> SweepSpec:
    """Read and check a sweep file (ParameterError naming the key otherwise).

    Args:
        path: the sweep TOML file.
        output: CSV path overriding the file's ``output`` (relative to the current directory).
        allow_outside: permit an output (and missing folders) outside the current directory and the
            sweep file's folder.
    """
    path = Path(path)
    data = loads_toml(read_input_file(path, "sweep file"), str(path))
    for key in data:
        if key not in _SWEEP_KEYS:
            raise ParameterError(f"{path}: unknown key {_short(key)}; allowed: {', '.join(sorted(_SWEEP_KEYS))}")
    for key in ("program", "network", "grid"):
        if key not in data:
            raise ParameterError(f"{path}: missing key {key!r}")
    grid = _check_grid(path, data["grid"])
    shots = data.get("shots", 500)
    check_integer("shots", shots, 1)
    check_limit("shots", shots, MAX_SHOTS, estimate="sampling and storing that many shots per point takes "
                "hours", hint="statistical errors fall as 1/sqrt(shots)")
    method = check_choice("method", data.get("method", "auto"), METHODS)
    strategy = check_choice("strategy", data.get("strategy", "auto"), STRATEGIES)
    pair_timing = check_choice("pair_timing", data.get("pair_timing", "just-in-time"), PAIR_TIMINGS)
    seed = data.get("seed")
    n = math.prod(len(v) for v in grid.values())
    if seed is not None:
        # per-point seeds are seed + index and must stay below Aer's unsigned 64-bit range
        check_integer("seed", seed, 0, MAX_SEED - n)
    from qnet_plugin.network.program import check_program_text, read_program

    program = _input_path(path, data["program"], "program", ".qasm")
    network = _input_path(path, data["network"], "network", ".toml")
    program_text = read_program(program)
    check_program_text(program_text, str(program))
    out = resolve_output(path, data.get("output", path.stem + ".csv"), output, allow_outside=allow_outside)
    spec = SweepSpec(program_text=program_text, network_text=read_input_file(network, "network"),
                     grid=grid, shots=shots, method=method, seed=seed, strategy=strategy,
                     pair_timing=pair_timing, output=out, source=str(path))
    # fail early on keys that name no link or QPU
    apply_point(loads_toml(spec.network_text, str(network)), {k: v[0] for k, v in grid.items()})
    return spec


def _check_key(key: str) -> list[str]:
    parts = key.split(".")
    if len(parts) != 3 or parts[0] not in ("link", "qpu") or not all(parts):
        raise ParameterError(f"grid key = {_short(key)} is not allowed; write link.<name|*>.<parameter> or "
                             "qpu.<name|*>.<field>")
    return parts


def _link_name(table) -> str:
    if not isinstance(table, dict):
        return "?"
    between = table.get("between", ["?", "?"])
    if not isinstance(between, list) or len(between) != 2:
        between = ["?", "?"]
    return table.get("name") or f"{between[0]}-{between[1]}"


def apply_point(network_data: dict, point: dict) -> dict:
    """A copy of parsed network TOML with the point's values written in."""
    data = copy.deepcopy(network_data)
    for key, value in point.items():
        kind, name, param = _check_key(key)
        tables = data.get(kind, [])
        if not isinstance(tables, list):
            tables = []
        tables = [t for t in tables if isinstance(t, dict)]
        chosen = [t for t in tables if name == "*" or (_link_name(t) if kind == "link" else t.get("name")) == name]
        if not chosen:
            names = [(_link_name(t) if kind == "link" else t.get("name")) for t in tables]
            raise ParameterError(f"grid key = {key!r} names no {kind}; choose one of "
                                 f"{', '.join(map(repr, names))} or *")
        for t in chosen:
            if kind == "link" and param not in _LINK_PLACEMENT_KEYS:
                params = t.setdefault("parameters", {})
                if not isinstance(params, dict):
                    raise ParameterError(f"grid key = {key!r}: the link's parameters are not a table")
                params[param] = value
            else:
                t[param] = value
    return data
