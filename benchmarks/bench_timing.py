"""Mean vs sampled pair timing on the shipped examples, and the cost of a sampled schedule (issue 15).

For every shipped network (qnet_plugin/examples/*.toml) and a GHZ program that fits it, runs the
program with ``timing="mean"`` (one deterministic schedule) and ``timing="sampled"`` (K schedules
drawn from the links' attempt laws, seeded), exact density matrix per schedule, default
just-in-time generation, and prints the output fidelity (sampled: mean +- standard error over the
K schedules), the difference, the modelled hardware time, the mean pair age at use and the real
time per sampled schedule (distribution + simulation). Usage:
``python benchmarks/bench_timing.py [--schedules 200] [--program ghz_3.qasm]``.
Writes benchmarks/results/bench_timing.json.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from qnet_plugin.examples import example_path
from qnet_plugin.network.config import load_network
from qnet_plugin.network.program import load_program
from qnet_plugin.network.run import run_distributed

NETWORKS = ("two_fridges", "two_fridges_purified", "two_fridges_mmwave", "four_fridges", "hybrid_ion")


def measure(network: str, program: str, schedules: int, seed: int = 1) -> dict:
    net = load_network(example_path(network + ".toml"))
    qc = load_program(example_path(program))
    qc.remove_final_measurements()
    kw = dict(method="density_matrix", seed=seed)
    mean = run_distributed(qc, net, shots=1, **kw)
    sampled = run_distributed(qc, net, shots=schedules, timing="sampled", schedules=schedules, **kw)
    return {"network": network, "program": program, "schedules": schedules,
            "assignment": mean.assignment, "pairs": mean.pairs_consumed,
            "fidelity_mean_timing": mean.fidelity, "fidelity_sampled": sampled.fidelity,
            "fidelity_sampled_stderr": sampled.fidelity_stderr,
            "difference": sampled.fidelity - mean.fidelity,
            "wall_clock_mean_timing_s": mean.wall_clock_s, "wall_clock_sampled_s": sampled.wall_clock_s,
            "wall_clock_sampled_stderr_s": sampled.wall_clock_stderr_s,
            "pair_age_mean_s": sampled.pair_ages.get("mean_s"), "pair_age_p90_s": sampled.pair_ages.get("p90_s"),
            "seconds_per_schedule": sampled.time_per_schedule_s,
            "seconds_mean_timing": mean.sim_time_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schedules", type=int, default=200)
    ap.add_argument("--program", default="ghz_3.qasm")
    args = ap.parse_args()
    rows = [measure(n, args.program, args.schedules) for n in NETWORKS]
    print(f"{'network':22s} {'F mean-time':>11s} {'F sampled':>18s} {'diff / se':>9s} "
          f"{'T mean (us)':>11s} {'T sampled (us)':>16s} {'s/schedule':>10s}")
    for r in rows:
        se = r["fidelity_sampled_stderr"]
        z = r["difference"] / se if se > 1e-12 else math.nan   # nan: deterministic link, no spread
        print(f"{r['network']:22s} {r['fidelity_mean_timing']:11.4f} {r['fidelity_sampled']:9.4f} +- {se:.4f} "
              f"{z:9.1f} {r['wall_clock_mean_timing_s'] * 1e6:11.3f} "
              f"{r['wall_clock_sampled_s'] * 1e6:8.3f} +- {r['wall_clock_sampled_stderr_s'] * 1e6:.3f} "
              f"{r['seconds_per_schedule']:10.4f}")
    out = Path(__file__).parent / "results" / "bench_timing.json"
    out.write_text(json.dumps(rows, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
