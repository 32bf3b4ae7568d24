"""Benchmark: finite-bandwidth dual-rail steady state (paper 003 Eq. (11)), fast solver vs QuTiP.

Fast solver: U(1)-sector Liouvillian + Jacobi-preconditioned LGMRES started from the broadband state
(qnet_plugin.physics.dual_rail.finite_bandwidth.steady_state). Baseline: ``qutip.steadystate`` (default direct
method) on the full Liouvillian of the *same* operators and truncation, so both give the same state.
Parameters: r = 1, beta = kappa/gamma = 10, delta = 0, no dephasing, photon cutoff n1 + n2 <= 3 in
the squeezed-thermal basis. Writes benchmarks/results/dual_rail.json. Run:

    python benchmarks/bench_dual_rail.py [--max-pairs 4] [--baseline-pairs 2]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import qutip as qt

from qnet_plugin.physics.dual_rail import finite_bandwidth as drf


def model(n: int) -> drf.FiniteBandwidthModel:
    return drf.FiniteBandwidthModel((0.0,) * n, (0.0,) * n, 1.0, 10.0, 0.0, cutoff=3)


def baseline(n: int):
    """qutip.steadystate on the full D^2 Liouvillian; returns (seconds, qubit state)."""
    m = model(n)
    h, c_ops = m.operators()
    dims = [[h.shape[0]], [h.shape[0]]]
    t0 = time.perf_counter()
    rho = qt.steadystate(qt.Qobj(h, dims=dims), [qt.Qobj(c, dims=dims) for c in c_ops]).full()
    sec = time.perf_counter() - t0
    return sec, drf.qubit_state(rho, m)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-pairs", type=int, default=4)
    ap.add_argument("--baseline-pairs", type=int, default=2)
    args = ap.parse_args()
    rows = []
    fast_states = {}
    for n in range(1, args.max_pairs + 1):
        res = drf.steady_state(model(n))
        fast_states[n] = res.rho_qubits
        rows.append({"pairs": n, "hilbert_dim": 4 ** n * len(model(n).basis),
                     "full_liouville_dim": (4 ** n * len(model(n).basis)) ** 2,
                     "sector_unknowns": res.unknowns, "method": res.method,
                     "iterations": res.iterations, "residual": res.residual,
                     "fast_s": round(res.seconds, 3), "concurrences": res.concurrences.tolist()})
        print(f"N={n}: {res.unknowns} unknowns ({res.method}, {res.iterations} it) {res.seconds:.2f} s "
              f"C_ii={np.round(res.concurrences, 5).tolist()}", flush=True)
    base = []
    for n in range(1, args.baseline_pairs + 1):
        sec, rho = baseline(n)
        diff = float(np.abs(rho - fast_states[n]).max())
        base.append({"pairs": n, "qutip_steadystate_s": round(sec, 3), "max_abs_diff": diff})
        print(f"baseline N={n}: qutip.steadystate {sec:.2f} s, max |rho_fast - rho_qutip| = {diff:.2e}",
              flush=True)
    nb = args.baseline_pairs
    ratio = base[-1]["qutip_steadystate_s"] / rows[nb - 1]["fast_s"]
    print(f"speed-up at N={nb} (largest size the baseline does): {ratio:.0f}x")
    out = {"benchmark": "dual-rail finite-bandwidth steady state (paper 003 Eq. (11))",
           "parameters": {"r": 1.0, "beta": 10.0, "delta": 0.0, "dephasing": 0.0,
                          "cutoff": "n1 + n2 <= 3, squeezed-thermal basis",
                          "truncation_error": drf.truncation_error(1.0, 3)},
           "machine": {"python": platform.python_version(), "processor": platform.processor(),
                       "machine": platform.machine()},
           "fast": rows, "baseline": base, "speedup_at_baseline_max": ratio}
    path = Path(__file__).parent / "results" / "dual_rail.json"
    path.write_text(json.dumps(out, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
