"""Benchmark: the fast NV0-diamond steady state (batched direct solve) against the QuTiP path.

Usage::

    python benchmarks/bench_nv_diamond.py            # 100 x 100 map; QuTiP on 400 of its points
    python benchmarks/bench_nv_diamond.py --full     # QuTiP on all 10 000 points (minutes)

Both engines compute P_tot, P_coh, theta and R_d on the *same* points of the Fig. 2(c),(d) map
(gamma_1^phi x gamma_2^phi, paper 001) in the same run. The fast engine does the whole map; the
QuTiP engine (harmonic expansion at 5 signal fluxes + regression, nv_diamond_qutip.conversion_qutip)
does a strided subset of those points unless ``--full``; its full-map time is extrapolated from the
per-point time. Prints a table with the ratio and writes benchmarks/results/nv_diamond.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np

from qnet_plugin.physics.nv_diamond.rates import NVDevice
from qnet_plugin.physics.nv_diamond.reference.master_equation import conversion_qutip
from qnet_plugin.physics.nv_diamond.steady_state import conversion
from qnet_plugin.plotting.nv_diamond import dephasing_grid

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="map is n x n (default 100)")
    ap.add_argument("--qutip-points", type=int, default=400, help="QuTiP on this many map points (strided)")
    ap.add_argument("--full", action="store_true", help="QuTiP on every map point")
    ap.add_argument("--repeat", type=int, default=3, help="fast-engine repetitions (best is kept)")
    args = ap.parse_args(argv)

    dev = NVDevice()
    g1, g2 = dephasing_grid(args.n)
    G1, G2 = np.meshgrid(g1, g2)
    conversion(dev, dephasing_1=G1[:2, :2], dephasing_2=G2[:2, :2])   # warm-up (imports, BLAS)
    fast_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        fast = conversion(dev, dephasing_1=G1, dephasing_2=G2)
        fast_times.append(time.perf_counter() - t)
    t_fast = min(fast_times)

    flat = np.arange(G1.size)
    idx = flat if args.full else flat[:: max(1, G1.size // args.qutip_points)][: args.qutip_points]
    t = time.perf_counter()
    ref = [conversion_qutip(dev, dephasing_1=float(G1.flat[i]), dephasing_2=float(G2.flat[i])) for i in idx]
    t_q = time.perf_counter() - t
    per_q = t_q / len(idx)
    t_q_map = per_q * G1.size

    def rel(key, fast_arr):
        a = fast_arr.reshape(-1)[idx]
        b = np.array([r[key] for r in ref])
        return float(np.max(np.abs(a - b) / np.abs(b)))

    out = {
        "map_points": int(G1.size), "qutip_points": int(len(idx)),
        "fast_map_s": t_fast, "fast_per_point_s": t_fast / G1.size,
        "qutip_points_s": t_q, "qutip_per_point_s": per_q,
        "qutip_map_s": t_q_map, "qutip_map_extrapolated": not args.full,
        "speedup_per_point": per_q / (t_fast / G1.size),
        "max_rel_diff": {"p_tot": rel("p_tot", fast.p_tot), "p_coh": rel("p_coh", fast.p_coh),
                         "dark_count_hz": rel("dark_count_hz", fast.dark_count_hz)},
        "machine": {"python": platform.python_version(), "processor": platform.processor() or platform.machine(),
                    "cpus": os.cpu_count()},
    }
    print(f"NV0-diamond steady state, {args.n} x {args.n} map (gamma_1^phi x gamma_2^phi), same points")
    print(f"{'engine':<34}{'points':>8}{'time (s)':>12}{'per point (ms)':>16}")
    print(f"{'fast (batched direct solve)':<34}{G1.size:>8}{t_fast:>12.3f}{1e3 * t_fast / G1.size:>16.4f}")
    print(f"{'QuTiP (harmonic exp. + regression)':<34}{len(idx):>8}{t_q:>12.3f}{1e3 * per_q:>16.4f}")
    label = "QuTiP full map" + (" (extrapolated)" if not args.full else "")
    print(f"{label:<34}{G1.size:>8}{t_q_map:>12.1f}")
    print(f"ratio QuTiP/fast per point: {out['speedup_per_point']:.0f}x;  max relative difference "
          + ", ".join(f"{k} {v:.1e}" for k, v in out["max_rel_diff"].items()))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "nv_diamond.json"), "w") as fh:
        json.dump(out, fh, indent=2)
    return out


if __name__ == "__main__":
    main()
