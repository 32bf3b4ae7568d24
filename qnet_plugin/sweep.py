"""Parameter sweeps of a distributed program: a grid, a progress bar, a CSV that grows as points
finish, resume without recomputation, and local-process or Dask execution.

Sweep file (TOML; paths relative to the file; programs and networks may be shipped example names)::

    program = "ghz_4.qasm"
    network = "two_fridges.toml"
    shots = 500
    method = "auto"              # optional
    seed = 1                     # optional (per-point seeds are seed + point index)
    output = "ghz_sweep.csv"     # optional; default <sweep file stem>.csv

    [grid]                       # the cartesian product of these lists
    "link.A-B.pump_power" = [1e-5, 1e-4, 1e-3]   # a link-model parameter (link by name, or *)
    "link.A-B.channels" = [1, 4]                   # a placement field (channels, distance)
    "qpu.*.t1" = [50e-6, 100e-6]                   # a QPU field (QPU by name, or *)

Every point is identified by a hash of its parameter values; the CSV has one row per finished point
(``point_id``, the grid columns, then the results), written and flushed as soon as the point is
done, so an interrupted sweep loses at most the points in flight, and a restart skips every
``point_id`` already in the file. A point whose values are invalid is recorded with its error
message instead of stopping the sweep.

Execution: ``workers=1`` runs in this process; ``workers=N`` uses a local process pool;
``scheduler="tcp://host:8786"`` (or a ``dask.distributed.Client``) maps the points over a Dask
cluster (qiskit-aer's own ``executor`` option did not hand work to an executor when measured, so
the points themselves are what is distributed). Workers receive the program and network *text*, so
they need no access to the files.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import itertools
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from qnet_plugin.core.validation import ParameterError, check_integer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RESULT_COLUMNS = ("fidelity", "fidelity_stderr", "pairs_consumed", "raw_pairs_consumed", "wall_clock_s",
                  "mean_pair_fidelity", "method", "num_sim_qubits", "sim_time_s", "error")
#: grid keys ``link.<name>.<key>`` that belong to the link's placement, not to its model's parameters
_LINK_PLACEMENT_KEYS = ("channels", "distance", "model", "purification_protocol", "purification_rounds")
_SWEEP_KEYS = {"program", "network", "shots", "method", "seed", "output", "grid", "strategy", "pair_timing"}


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

    def points(self) -> list[dict]:
        """Every grid point as {key: value}, in a fixed order."""
        keys = list(self.grid)
        return [dict(zip(keys, values)) for values in itertools.product(*(self.grid[k] for k in keys))]

    def payload(self) -> dict:
        """What a worker needs (plain data, picklable)."""
        return dict(program_text=self.program_text, network_text=self.network_text, shots=self.shots,
                    method=self.method, seed=self.seed, strategy=self.strategy,
                    pair_timing=self.pair_timing)


def point_id(point: dict) -> str:
    """Stable identifier of a grid point (hash of its sorted values)."""
    text = json.dumps({k: point[k] for k in sorted(point)}, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def load_sweep(path, output=None) -> SweepSpec:
    """Read and check a sweep file (ParameterError naming the key otherwise)."""
    from qnet_plugin.examples import resolve

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path}: TOML syntax error: {exc}") from None
    for key in data:
        if key not in _SWEEP_KEYS:
            raise ParameterError(f"{path}: unknown key {key!r}; allowed: {', '.join(sorted(_SWEEP_KEYS))}")
    for key in ("program", "network", "grid"):
        if key not in data:
            raise ParameterError(f"{path}: missing key {key!r}")
    grid = data["grid"]
    if not isinstance(grid, dict) or not grid:
        raise ParameterError(f"{path}: [grid] must map parameter keys to lists of values")
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            raise ParameterError(f"{path}: grid {key!r} = {values!r} must be a non-empty list")
        _check_key(key)

    def rel(p):
        q = Path(p)
        return q if q.is_absolute() or not (path.parent / q).exists() else path.parent / q

    program = resolve(rel(data["program"]) if (path.parent / data["program"]).exists() else data["program"], ".qasm")
    network = resolve(rel(data["network"]) if (path.parent / data["network"]).exists() else data["network"], ".toml")
    shots = data.get("shots", 500)
    check_integer("shots", shots, 1)
    out = Path(output) if output else path.parent / data.get("output", path.stem + ".csv")
    spec = SweepSpec(program_text=Path(program).read_text(encoding="utf-8"),
                     network_text=Path(network).read_text(encoding="utf-8"), grid=grid, shots=shots,
                     method=data.get("method", "auto"), seed=data.get("seed"),
                     strategy=data.get("strategy", "auto"), pair_timing=data.get("pair_timing", "just-in-time"),
                     output=out, source=str(path))
    # fail early on keys that name no link or QPU
    apply_point(tomllib.loads(spec.network_text), {k: v[0] for k, v in grid.items()})
    return spec


def _check_key(key: str) -> list[str]:
    parts = key.split(".")
    if len(parts) != 3 or parts[0] not in ("link", "qpu"):
        raise ParameterError(f"grid key = {key!r} is not allowed; write link.<name|*>.<parameter> or "
                             "qpu.<name|*>.<field>")
    return parts


def _link_name(table: dict) -> str:
    between = table.get("between", ["?", "?"])
    return table.get("name") or f"{between[0]}-{between[1]}"


def apply_point(network_data: dict, point: dict) -> dict:
    """A copy of parsed network TOML with the point's values written in."""
    data = copy.deepcopy(network_data)
    for key, value in point.items():
        kind, name, param = _check_key(key)
        tables = data.get(kind, [])
        chosen = [t for t in tables if name == "*" or (_link_name(t) if kind == "link" else t.get("name")) == name]
        if not chosen:
            names = [(_link_name(t) if kind == "link" else t.get("name")) for t in tables]
            raise ParameterError(f"grid key = {key!r} names no {kind}; choose one of "
                                 f"{', '.join(map(repr, names))} or *")
        for t in chosen:
            if kind == "link" and param not in _LINK_PLACEMENT_KEYS:
                t.setdefault("parameters", {})[param] = value
            else:
                t[param] = value
    return data


def evaluate_point(payload: dict, point: dict, index: int = 0) -> dict:
    """Run one grid point (in any process); returns the CSV row as a dict (errors recorded)."""
    from qnet_plugin.network.config import NetworkConfigError, parse_network
    from qnet_plugin.network.program import loads_program
    from qnet_plugin.network.simulate import run_distributed

    row = {"point_id": point_id(point), **point}
    t0 = time.perf_counter()
    try:
        data = apply_point(tomllib.loads(payload["network_text"]), point)
        net, issues = parse_network(data, "", "sweep point")
        if issues or net is None:
            raise NetworkConfigError(issues)
        qc = loads_program(payload["program_text"])
        seed = None if payload.get("seed") is None else int(payload["seed"]) + index
        res = run_distributed(qc, net, shots=payload["shots"], method=payload["method"], seed=seed,
                              strategy=payload["strategy"], pair_timing=payload["pair_timing"])
        fids = [u["pair_fidelity"] for u in res.links if u["pairs"]]
        row.update(fidelity=res.fidelity, fidelity_stderr=res.fidelity_stderr,
                   pairs_consumed=res.pairs_consumed, raw_pairs_consumed=res.raw_pairs_consumed,
                   wall_clock_s=res.wall_clock_s,
                   mean_pair_fidelity=sum(fids) / len(fids) if fids else None, method=res.method,
                   num_sim_qubits=res.num_sim_qubits, error="")
    except (ValueError, OSError) as exc:  # invalid values at this point: record, do not stop
        row.update({c: None for c in RESULT_COLUMNS})
        row["error"] = " ".join(str(exc).split())
    row["sim_time_s"] = time.perf_counter() - t0
    return row


# ---------------------------------------------------------------------------- the CSV file
def _columns(spec: SweepSpec) -> list[str]:
    return ["point_id", *spec.grid, *RESULT_COLUMNS]


def finished_points(path: Path, columns: list[str]) -> set[str]:
    """point_ids already in the CSV; a half-written last line (no newline) is cut off first."""
    if not path.exists() or path.stat().st_size == 0:
        return set()
    raw = path.read_bytes()
    if not raw.endswith(b"\n"):
        cut = raw.rfind(b"\n") + 1
        with open(path, "r+b") as f:
            f.truncate(cut)
        raw = raw[:cut]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    if not rows:
        return set()
    if rows[0] != columns:
        raise ParameterError(f"output = {str(path)!r} holds a different sweep (columns {rows[0]}); "
                             "choose another output file")
    return {r[0] for r in rows[1:] if r}


def _fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return v


class _Writer:
    """Appends one row at a time, flushed and synced, so a kill loses nothing already written."""

    def __init__(self, path: Path, columns: list[str]):
        self.columns = columns
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists() or path.stat().st_size == 0
        self.f = open(path, "a", newline="", encoding="utf-8")
        if new:
            self._write(columns)

    def _write(self, values):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(values)
        self.f.write(buf.getvalue())
        self.f.flush()
        os.fsync(self.f.fileno())

    def row(self, row: dict):
        self._write([_fmt(row.get(c)) for c in self.columns])

    def close(self):
        self.f.close()


def run_sweep(spec: SweepSpec, workers: int = 1, scheduler=None, progress: bool = True) -> dict:
    """Evaluate every unfinished point of ``spec`` and append it to ``spec.output``.

    Returns a summary: total points, skipped (already done), computed, errors, seconds.
    """
    from tqdm.auto import tqdm

    check_integer("workers", workers, 1)
    columns = _columns(spec)
    done = finished_points(spec.output, columns)
    points = spec.points()
    todo = [(i, p) for i, p in enumerate(points) if point_id(p) not in done]
    writer = _Writer(spec.output, columns)
    payload = spec.payload()
    t0 = time.perf_counter()
    errors = 0
    bar = tqdm(total=len(points), initial=len(points) - len(todo), disable=not progress,
               desc=f"sweep {Path(spec.source).name}", unit="pt")
    try:
        for row in _execute(payload, todo, workers, scheduler):
            writer.row(row)
            errors += bool(row.get("error"))
            bar.update(1)
    finally:
        bar.close()
        writer.close()
    return {"output": str(spec.output), "points": len(points), "skipped": len(points) - len(todo),
            "computed": len(todo), "errors": errors, "seconds": time.perf_counter() - t0}


def _execute(payload, todo, workers, scheduler):
    """Yield finished rows in completion order."""
    if scheduler is not None:
        from dask.distributed import Client, as_completed

        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        try:
            futures = [client.submit(evaluate_point, payload, p, i, pure=False) for i, p in todo]
            for fut in as_completed(futures):
                yield fut.result()
        finally:
            if client is not scheduler:
                client.close()
        return
    if workers == 1 or len(todo) <= 1:
        for i, p in todo:
            yield evaluate_point(payload, p, i)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import as_completed as done_first

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(evaluate_point, payload, p, i) for i, p in todo]
        for fut in done_first(futures):
            yield fut.result()
