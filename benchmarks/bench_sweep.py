"""Sweep throughput: the same grid evaluated serially, on a 2-process local pool, and on a 2-worker
Dask LocalCluster (standalone: ``python benchmarks/bench_sweep.py``).

Results go to ``benchmarks/results/bench_sweep.json``.
"""

from __future__ import annotations

import json
import platform
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
"""


def timed(tmp: Path, name: str, **kw) -> dict:
    f = tmp / f"{name}.toml"
    f.write_text(SWEEP)
    spec = load_sweep(f)
    t0 = time.perf_counter()
    summary = run_sweep(spec, progress=False, **kw)
    dt = time.perf_counter() - t0
    return {"mode": name, "points": summary["computed"], "seconds": dt, "points_per_s": summary["computed"] / dt}


def main():
    from dask.distributed import LocalCluster

    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows.append(timed(tmp, "serial"))
        rows.append(timed(tmp, "local-2-processes", workers=2))
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            rows.append(timed(tmp, "dask-localcluster-2-workers", scheduler=cluster.scheduler_address))
    for r in rows:
        print(f"  {r['mode']:<28} {r['points']} points in {r['seconds']:.2f} s ({r['points_per_s']:.2f} points/s)")
    base = rows[0]["seconds"]
    out = {"machine": platform.platform(), "rows": rows,
           "speedup_vs_serial": {r["mode"]: base / r["seconds"] for r in rows}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2))
    print(json.dumps(out["speedup_vs_serial"], indent=2))


if __name__ == "__main__":
    main()
