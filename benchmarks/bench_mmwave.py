"""Benchmark: vectorised E_qbit map (002 Eq. (16), Fig. 3(a)) against a Python loop over the grid.

Both compute the same numbers (checked here to 1e-12 relative); the ratio loop/vectorised is the
result. Run: ``python benchmarks/bench_mmwave.py [--n 200]``; writes benchmarks/results/mmwave.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.physics.mmwave.converter import MmWaveConverter, energy_per_qubit, linearity_ratio


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="grid points per axis (default 200)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "mmwave.json"))
    args = parser.parse_args(argv)

    conv = MmWaveConverter()
    r = linearity_ratio(conv.omega_uw, conv.omega_mm)
    ku = TWO_PI * np.geomspace(1e4, 1e10, args.n)
    km = TWO_PI * np.geomspace(1e5, 1e11, args.n)

    def vectorised():
        return conv.energy_map(ku[None, :], km[:, None])

    def loop():
        out = np.empty((args.n, args.n))
        for i, b in enumerate(km):
            for j, a in enumerate(ku):
                out[i, j] = float(energy_per_qubit(a, b, conv.g0, conv.omega_p, conv.kappa_int,
                                                   conv.pump_line_transmittance, conv.linearity, r))
        return out

    def loop_math():
        # The same Eq. (16) written with the math module, no validation: the fairest scalar baseline.
        import math

        hbar = 1.054571817e-34
        eta, f_lin, kint, g0, wp = conv.pump_line_transmittance, conv.linearity, conv.kappa_int, conv.g0, conv.omega_p
        out = np.empty((args.n, args.n))
        for i, b in enumerate(km.tolist()):
            for j, a in enumerate(ku.tolist()):
                d2 = ((a - b) / 2) ** 2
                delta = math.sqrt(2 * (a * b) ** 2 / (math.sqrt((a * b) ** 2 + d2 ** 2) + d2))
                x = f_lin * r * a * b
                fac = kint / eta if x < 4 * kint ** 2 else kint * eta + x * (1 / eta - eta) / 4 / (math.sqrt(x) - kint)
                out[i, j] = hbar * wp * math.sqrt(a * b) / (2 * abs(g0)) * fac / delta
        return out

    t_vec, e_vec = best_of(vectorised, args.repeats)
    t_loop, e_loop = best_of(loop, 1)
    t_math, e_math = best_of(loop_math, args.repeats)
    assert np.allclose(e_vec, e_loop, rtol=1e-12, atol=0), "vectorised and loop maps disagree"
    assert np.allclose(e_vec, e_math, rtol=1e-9, atol=0), "vectorised and math-loop maps disagree"
    result = {"benchmark": "mmwave energy-per-qubit map (002 Eq. (16))", "grid": [args.n, args.n],
              "vectorised_s": t_vec, "loop_s": t_loop, "speedup": t_loop / t_vec,
              "math_loop_s": t_math, "speedup_vs_math_loop": t_math / t_vec,
              "python": platform.python_version(), "numpy": np.__version__, "machine": platform.machine()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"E_qbit map {args.n}x{args.n}: vectorised {t_vec * 1e3:.2f} ms; loop over the function "
          f"{t_loop:.2f} s (ratio {t_loop / t_vec:.0f}x); plain-math loop {t_math * 1e3:.1f} ms "
          f"(ratio {t_math / t_vec:.0f}x) -> {args.out}")
    return result


if __name__ == "__main__":
    main()
