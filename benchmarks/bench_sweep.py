"""Sweep throughput: one grid of 24 points evaluated serially, on 2 local worker processes and on a
2-worker Dask LocalCluster started with the preload module (standalone:
``python benchmarks/bench_sweep.py``). Interleaved (serial, local, Dask, serial, ...) and repeated
3 times; the median is reported. The Dask cluster is started once, before timing (as a user's
cluster is running before the sweep), its workers preloaded (:mod:`qnet_plugin.sweep.dask_preload`);
local worker processes are started inside each timed run (that is what ``--workers 2`` costs).

Each point: qft_4.qasm on two_fridges.toml, 300 statevector shots, its own seed (the fidelity's
statistical error is the row's ``fidelity_stderr``; identical seeds give identical rows in every
mode, tests/test_sweep.py). Results go to ``benchmarks/results/bench_sweep.json``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from qnet_plugin.sweep import load_sweep, run_sweep

OUT = Path(__file__).parent / "results" / "bench_sweep.json"
SWEEP = """program = "qft_4.qasm"
network = "two_fridges.toml"
shots = 300
method = "statevector"
seed = 1
[grid]
"link.A-B.pump_power" = [3e-5, 1e-4, 3e-4]
"qpu.*.t1" = [50e-6, 100e-6, 200e-6, 400e-6]
"qpu.*.gate_error_2q" = [1e-3, 3e-3]
"""
REPEAT = 3


def timed(tmp: Path, name: str, k: int, **kw) -> float:
    f = tmp / f"{name}-{k}.toml"
    f.write_text(SWEEP)
    spec = load_sweep(f)
    t0 = time.perf_counter()
    summary = run_sweep(spec, progress=False, **kw)
    dt = time.perf_counter() - t0
    assert summary["computed"] == spec.n_points and summary["errors"] == 0, summary
    return dt


def main():
    from dask.distributed import LocalCluster

    times: dict = {"serial": [], "local-2-processes": [], "dask-localcluster-2-workers": []}
    with tempfile.TemporaryDirectory() as d, LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            preload=["qnet_plugin.sweep.dask_preload"]) as cluster:
        tmp = Path(d)
        points = load_sweep(_write(tmp)).n_points
        for k in range(REPEAT):
            times["serial"].append(timed(tmp, "serial", k))
            times["local-2-processes"].append(timed(tmp, "local", k, workers=2))
            times["dask-localcluster-2-workers"].append(timed(tmp, "dask", k, scheduler=cluster.scheduler_address))
            print(f"  round {k + 1}: " + ", ".join(f"{m} {v[-1]:.2f} s" for m, v in times.items()), flush=True)
    rows = [{"mode": m, "points": points, "seconds_median": statistics.median(v), "seconds_all": v,
             "points_per_s": points / statistics.median(v)} for m, v in times.items()]
    base = rows[0]["seconds_median"]
    out = {"machine": platform.platform(), "cores": os.cpu_count(), "points": points, "repeat": REPEAT,
           "rows": rows, "speedup_vs_serial": {r["mode"]: base / r["seconds_median"] for r in rows}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2))
    for r in rows:
        print(f"  {r['mode']:<28} {points} points, median {r['seconds_median']:.2f} s "
              f"({r['points_per_s']:.2f} points/s, {base / r['seconds_median']:.2f}x serial)")


def _write(tmp: Path) -> Path:
    f = tmp / "grid.toml"
    f.write_text(SWEEP)
    return f


if __name__ == "__main__":
    main()
