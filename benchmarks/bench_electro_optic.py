"""Heralded-state fast path vs the QuTiP master equation on the same attempts (paper 000).

Run: ``python benchmarks/bench_electro_optic.py``. Prints a table and writes
``benchmarks/results/electro_optic.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from qnet_plugin.physics.electro_optic.heralding import HeraldingSetup, _node_modes_cached, heralded_state
from qnet_plugin.physics.electro_optic.reference.heralding_qutip import heralded_state_qutip


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        _node_modes_cached.cache_clear()  # time the full computation, not the cache
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    import sys

    # 4 Fock levels per mode makes the QuTiP baseline take ~6 minutes here; opt in with --full.
    cases = [("red", 1), ("blue", 2)] + ([("blue", 3)] if "--full" in sys.argv else [])
    rows = []
    for variant, n_max in cases:
        setup = HeraldingSetup(g_a=4e6, g_b=3e6, gamma_e=1e8, gamma_i=5e7, efficiency=0.8, dark_count_rate=2e3,
                               gamma_mw=1e4, pulse=3e-6, variant=variant, n_max=n_max)
        t_fast, fast = best_of(lambda: heralded_state(setup), 5)
        t_full, full = best_of(lambda: heralded_state_qutip(setup), 1)
        rows.append({"variant": variant, "fock_levels": n_max + 1, "fast_s": t_fast, "qutip_s": t_full,
                     "speedup": t_full / t_fast, "max_abs_diff": float(np.abs(fast.state - full.state).max())})
    print(f"{'variant':8} {'levels':>6} {'fast (s)':>10} {'qutip (s)':>10} {'speedup':>9} {'max diff':>9}")
    for r in rows:
        print(f"{r['variant']:8} {r['fock_levels']:>6} {r['fast_s']:>10.4f} {r['qutip_s']:>10.3f} "
              f"{r['speedup']:>9.0f} {r['max_abs_diff']:>9.1e}")
    out = Path(__file__).parent / "results" / "electro_optic.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
