"""Paper 003 Fig. 4(d): C_NN of the last pair vs the detuning step Delta, N = 4, finite bandwidth
and dephasing (the cascaded master equation, Eq. (11)).

Detunings delta_A,i = (i - 1) Delta = -delta_B,i (paper Fig. 4(d) caption), r = 1. The paper does
not state beta or gamma_phi for this panel; we use beta = kappa/gamma = 10 (as in Fig. 4(a) and the
benchmark) and gamma_phi = 0.01 gamma. Delta runs over delta_max = 3 Delta = 0, 0.3, 0.6, 1, 2 kappa.

What is computed:
* N = 4 (the paper's size) at a handful of Delta with the fast U(1)-sector solver
  (:mod:`qnet_plugin.physics.dual_rail.finite_bandwidth`), each solve warm-started from the previous
  Delta's steady state (same sector structure, so the packed vector is a valid initial guess; it
  saves at most one LGMRES iteration over the detuning-aware broadband start),
  with gamma_phi = 0.01 gamma (the paper's curve) and, for contrast, without dephasing;
* N = 2 and 3 on a denser Delta grid, with and without dephasing (seconds each), for context;
* the photon-truncation error: the amplifier population outside n1 + n2 <= cutoff (analytic) and
  the measured change of C_33 at N = 3 from cutoff 3 to 4 at every Delta of the N = 4 run.

Writes benchmarks/results/dual_rail_fig4d.json (after every N = 4 point, so a partial run keeps its
points) and docs/figures/dual_rail_fig4d.png. Run (about 10 min on two shared cores, load ~2):

    python benchmarks/fig4d_dual_rail.py [--deltas 0,0.5,1,1.5,2,3.3333333333,6.6666666667] [--dephasing 0.01]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from qnet_plugin.physics.dual_rail import finite_bandwidth as drf

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "dual_rail_fig4d.json"
FIGURE = ROOT / "docs" / "figures" / "dual_rail_fig4d.png"


def ladder_model(n: int, delta: float, beta: float, dephasing: float, cutoff: int = 3,
                 r: float = 1.0) -> drf.FiniteBandwidthModel:
    """Eq. (11) with delta_A,i = (i - 1) Delta = -delta_B,i (paper 003 Fig. 4(d)); units of gamma."""
    da = tuple(float(i * delta) for i in range(n))
    return drf.FiniteBandwidthModel(da, tuple(-x for x in da), r, beta, dephasing, cutoff=cutoff)


def solve(model: drf.FiniteBandwidthModel, x0=None, tol: float = 1e-10):
    """Steady state of Eq. (11) on the U(1) sector (:func:`dual_rail_finite.steady_state`), with an
    optional warm start ``x0`` (the packed state of a neighbouring Delta).
    Returns (packed vector, dict of results)."""
    method = "gmres" if model.sectors().dim > 3000 else "direct"
    ss = drf.steady_state(model, method=method, tol=tol, x0=x0)
    out = {"concurrences": [float(c) for c in ss.concurrences], "purity": ss.purity, "unknowns": ss.unknowns,
           "method": ss.method, "iterations": ss.iterations, "residual": ss.residual,
           "start": "warm" if x0 is not None else "broadband", "seconds": round(ss.seconds, 2),
           "truncation_error": drf.truncation_error(model.r, model.cutoff)}
    return ss.packed, out


def sweep(n, deltas, beta, dephasing, cutoff=3, log=None):
    """C_ii at each Delta, warm-starting along the sweep (iterative sizes only)."""
    rows, prev = [], None
    for d in deltas:
        vec, res = solve(ladder_model(n, d, beta, dephasing, cutoff), x0=prev)
        prev = vec if res["method"] == "gmres" else None
        rows.append({"delta": float(d), **res})
        if log:
            log(f"N={n} cutoff={cutoff} gphi={dephasing} Delta={d:.4g}: C={np.round(res['concurrences'], 4).tolist()} "
                f"({res['method']}, {res['iterations']} it, {res['seconds']} s)")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=4)
    ap.add_argument("--beta", type=float, default=10.0)
    ap.add_argument("--dephasing", type=float, default=0.01, help="gamma_phi/gamma of the main curve")
    ap.add_argument("--deltas", default="0,0.5,1,1.5,2,3.3333333333,6.6666666667")
    ap.add_argument("--contrast-deltas", default="0,1,2,3.3333333333,6.6666666667",
                    help="Delta values of the N = 4 curve without dephasing ('' to skip)")
    ap.add_argument("--skip-big", action="store_true", help="context curves and figure only")
    args = ap.parse_args()
    deltas = [float(x) for x in args.deltas.split(",")]
    beta, gphi, n = args.beta, args.dephasing, args.pairs

    def log(msg):
        print(time.strftime("%H:%M:%S"), msg, flush=True)

    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    out = {"figure": "paper 003 Fig. 4(d): C_NN vs Delta, delta_A,i = (i-1) Delta = -delta_B,i",
           "parameters": {"r": 1.0, "beta": beta, "dephasing": gphi, "cutoff": 3,
                          "photon_basis": "squeezed-thermal, n1 + n2 <= cutoff",
                          "solver": "U(1) sector, Jacobi-LGMRES tol 1e-10, warm start from previous Delta"},
           "machine": {"python": platform.python_version(), "machine": platform.machine(), "cores": 2,
                       "note": "2 shared cores, other work running: wall times are pessimistic"}}
    dense = [0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.6666666667, 10.0]
    out["context"] = {f"N{k}_gphi{g:g}": {"pairs": k, "dephasing": g, "rows": sweep(k, dense, beta, g, log=log)}
                      for k in (2, 3) for g in (0.0, gphi)}
    conv = []
    for d in deltas:  # photon-cutoff check on the last pair at N = 3, same parameters
        c3 = solve(ladder_model(3, d, beta, gphi, 3))[1]["concurrences"][-1]
        c4 = solve(ladder_model(3, d, beta, gphi, 4))[1]["concurrences"][-1]
        conv.append({"delta": d, "C33_cutoff3": c3, "C33_cutoff4": c4, "abs_diff": abs(c3 - c4)})
        log(f"cutoff check N=3 Delta={d:.4g}: |C33(3) - C33(4)| = {abs(c3 - c4):.2e}")
    out["cutoff_check_N3"] = conv
    out[f"N{n}"] = old.get(f"N{n}", []) if args.skip_big else []
    RESULTS.write_text(json.dumps(out, indent=2))
    series = [(gphi, deltas)]
    if args.contrast_deltas:
        series.append((0.0, [float(x) for x in args.contrast_deltas.split(",")]))
    if not args.skip_big:
        first = None  # each series starts from the previous series' Delta = 0 state
        for g, ds in series:
            prev = first
            for k, d in enumerate(ds):
                vec, res = solve(ladder_model(n, d, beta, g), x0=prev)
                prev = vec
                if k == 0:
                    first = vec
                out[f"N{n}"].append({"delta": d, "dephasing": g, "delta_max_over_kappa": (n - 1) * d / beta,
                                     **res})
                RESULTS.write_text(json.dumps(out, indent=2))
                log(f"N={n} gphi={g} Delta={d:.4g}: C={np.round(res['concurrences'], 4).tolist()} "
                    f"({res['iterations']} it, {res['seconds']} s, start {res['start']})")
    from qnet_plugin.plotting.dual_rail_fig4d import save_fig4d

    save_fig4d(out, FIGURE)
    log(f"wrote {RESULTS} and {FIGURE}")


def check_results(path=RESULTS) -> None:
    """Physics checks of the N = 4 results this script wrote (moved here from the test suite, which
    runs code instead of reading files; issue 16): values in [0, 1], decay along the chain, the
    Fig. 4(d) shape (C_44 gains > 0.1 up to a maximum at delta_max = 3 Delta < kappa, falls below its
    Delta = 0 value at delta_max = 2 kappa), and a much smaller gain without dephasing."""
    import numpy as np

    results = json.loads(path.read_text())
    p = results["parameters"]
    beta = p["beta"]

    def series(dephasing):
        rows = sorted((r for r in results["N4"] if r["dephasing"] == dephasing), key=lambda r: r["delta"])
        return np.array([r["delta"] for r in rows]), np.array([r["concurrences"][3] for r in rows])

    for row in results["N4"]:
        c = np.array(row["concurrences"])
        assert len(c) == 4 and np.all((c >= 0) & (c <= 1)) and np.all(np.diff(c) < 0), row
    x, c44 = series(p["dephasing"])
    best = int(np.argmax(c44))
    assert c44[best] > c44[0] + 0.1 and 0 < 3 * x[best] < beta
    assert c44[np.argmin(abs(3 * x - 2 * beta))] < c44[0]
    x0, c0 = series(0.0)
    assert c44.max() - c44[0] > 2 * (c0.max() - c0[0])
    print(f"{path}: checks passed")


if __name__ == "__main__":
    main()
