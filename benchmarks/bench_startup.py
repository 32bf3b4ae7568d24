"""Start-up time of the ``qnet`` command and the package (issue 13), interleaved, median of 5.

    python benchmarks/bench_startup.py [--baseline PATH] [--repeat 5]

Each command runs in a fresh interpreter (``python -m qnet_plugin.cli ...``) with ``PYTHONPATH``
pointing at this source tree and, with ``--baseline``, at another checkout (e.g. ``git archive
<commit> | tar -x -C PATH``), alternating between the two so both see the same machine load.
``python -c pass`` is timed alongside as the floor. Results go to
``benchmarks/results/bench_startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "bench_startup.json"

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "import qnet_plugin": ["-c", "import qnet_plugin"],
    "qnet --help": ["-m", "qnet_plugin.cli", "--help"],
    "qnet links": ["-m", "qnet_plugin.cli", "links"],
    "qnet link electro-optic --json": ["-m", "qnet_plugin.cli", "link", "electro-optic", "--json"],
}


def run_once(tree: Path, args: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, cwd="/", stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", type=Path, default=None, help="another source tree to compare")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    trees = {"now": ROOT} | ({"baseline": a.baseline} if a.baseline else {})
    times = {(t, c): [] for t in trees for c in COMMANDS}
    for _ in range(a.repeat):
        for cmd, args in COMMANDS.items():
            for tree_name, tree in trees.items():  # interleaved
                times[(tree_name, cmd)].append(run_once(tree, args))
                print(f"  {tree_name:8s} {cmd:34s} {times[(tree_name, cmd)][-1]:.3f} s", flush=True)
    rows = []
    for cmd in COMMANDS:
        row = {"command": cmd}
        for tree_name in trees:
            row[f"{tree_name}_median_s"] = statistics.median(times[(tree_name, cmd)])
            row[f"{tree_name}_all_s"] = times[(tree_name, cmd)]
        rows.append(row)
        print(f"{cmd:34s} " + "  ".join(f"{t}: {row[f'{t}_median_s']:.3f} s" for t in trees), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"machine": platform.platform(), "python": platform.python_version(),
                               "load_average": os.getloadavg(), "repeat": a.repeat, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
