"""Bell pairs per program: naive gate-by-gate, the previous release's auto, and the new pipeline (issue 14).

For QFT, QAOA (two layers of rzz on a ring), QPE, Grover and random circuits of 8-24 qubits over a
line of 2, 3 and 4 ideal QPUs (Werner links, ``data_qubits`` = ceil(n / QPUs), 2 communication
qubits each), the pairs consumed by

(a) **naive**: one pair per hop for every non-local CX after decomposing the program to CX
    (graph placement, :func:`qnet_plugin.network.partition.partition_qubits`);
(b) **previous auto**: the previous release's rewrite, ``Strategy("auto", cat_windows=False)``
    (gates decomposed to CX/CZ/CY, one pair each, qubits teleported when that saves pairs), on the
    same graph placement. This flag keeps the previous code path; its counts were checked against
    a run of the previous release itself (commit 8035197, the tree before the windows were added,
    run from ``git archive``): equal on every row of ``--sizes 8,12,16``;
(c) **new**: the rewrite as it runs now, ``strategy="auto"`` (cat-entangled windows, per-packet
    choice, best of the pure strategies) on the hypergraph placement
    (:func:`qnet_plugin.network.hypergraph_partition.partition_hypergraph`); counted from the
    rewritten hardware program (``pair`` steps per link), not from a packet count. Also recorded:
    the new rewrite on the graph placement (``distribute_circuit``'s default placement).

Then, for programs of ``--fidelity-size`` qubits over 2 QPUs (small enough for Aer's density
matrix), the output fidelity of (b) and (c) on a noisy network: Werner links of fidelity 0.97 and
QPUs with 1e-3 / 1e-2 one- / two-qubit gate errors (``QPU.ideal`` otherwise), one exact
density-matrix shot each.

Pair counts are exact (no sampling). Usage: ``python benchmarks/bench_ebits.py [--sizes 8,16,24]
[--plot docs/figures/ebits.png]``. Writes benchmarks/results/bench_ebits.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from qiskit import QuantumCircuit, transpile
from qiskit.circuit.library import QFTGate
from qiskit.circuit.random import random_circuit

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.circuit_walk import flatten
from qnet_plugin.network.hypergraph_partition import partition_hypergraph
from qnet_plugin.network.partition import partition_qubits
from qnet_plugin.network.rewrite import rewrite
from qnet_plugin.network.strategy import Strategy

PREVIOUS = Strategy("auto", cat_windows=False)


def line(num_qpus: int, data_qubits: int, fidelity: float = 0.99, gate_errors: tuple = (0.0, 0.0)) -> Network:
    names = [chr(ord("A") + i) for i in range(num_qpus)]
    qpus = tuple(QPU.ideal(n, data_qubits, gate_error_1q=gate_errors[0], gate_error_2q=gate_errors[1])
                 for n in names)
    links = tuple(Link(a, b, WernerLink(fidelity=fidelity, rate_hz=1e6)) for a, b in zip(names, names[1:]))
    return Network(qpus, links, name=f"line-{num_qpus}")


def qft(n: int) -> QuantumCircuit:
    qc = QuantumCircuit(n)
    qc.append(QFTGate(n), range(n))
    return transpile(qc, basis_gates=["h", "cp", "swap", "rz", "sx", "x"], optimization_level=0)


def qaoa(n: int, layers: int = 2) -> QuantumCircuit:
    """MaxCut QAOA on a ring: per layer rzz on every edge, then the rx mixer."""
    qc = QuantumCircuit(n)
    qc.h(range(n))
    for layer in range(layers):
        for q in range(n):
            qc.rzz(0.4 + 0.1 * layer, q, (q + 1) % n)
        qc.rx(0.3 + 0.1 * layer, range(n))
    return qc


def qpe(n: int) -> QuantumCircuit:
    """Phase estimation of a phase gate: n - 1 counting qubits, one eigenstate qubit, inverse QFT."""
    m = n - 1
    qc = QuantumCircuit(n)
    qc.x(m)
    qc.h(range(m))
    phase = 2 * np.pi * 0.3141
    for k in range(m):
        qc.cp(phase * 2 ** k, k, m)
    qc.append(QFTGate(m).inverse(), range(m))
    return transpile(qc, basis_gates=["h", "cp", "swap", "rz", "sx", "x"], optimization_level=0)


def grover(n: int) -> QuantumCircuit:
    """One Grover iteration marking |1...1>: multi-controlled Z oracle and diffusion, written
    with the multi-controlled phase gate and decomposed to one- and two-qubit gates."""
    qc = QuantumCircuit(n)
    qc.h(range(n))
    qc.mcp(np.pi, list(range(n - 1)), n - 1)
    qc.h(range(n))
    qc.x(range(n))
    qc.mcp(np.pi, list(range(n - 1)), n - 1)
    qc.x(range(n))
    qc.h(range(n))
    return transpile(qc, basis_gates=["h", "x", "rz", "sx", "cx", "cp"], optimization_level=0)


def rand(n: int) -> QuantumCircuit:
    return random_circuit(n, 10, max_operands=2, seed=n)


PROGRAMS = {"qft": qft, "qaoa": qaoa, "qpe": qpe, "grover": grover, "random": rand}


def naive_pairs(circuit: QuantumCircuit, net: Network, assign) -> int:
    cx = transpile(circuit, basis_gates=["cx", "rz", "sx", "x", "h"], optimization_level=0)
    dist = net.hop_distance
    return sum(dist[assign[a]][assign[b]] for op, qs, _ in flatten(cx)
               if op.name == "cx" and assign[qs[0]] != assign[qs[1]] for a, b in [qs])


def row(name: str, circuit: QuantumCircuit, num_qpus: int) -> dict:
    n = circuit.num_qubits
    net = line(num_qpus, -(-n // num_qpus))
    t0 = time.perf_counter()
    graph = partition_qubits(circuit, net)
    previous = rewrite(circuit, net, graph, PREVIOUS).pairs
    hyper = partition_hypergraph(circuit, net, seed=1)
    program = rewrite(circuit, net, hyper, "auto")
    naive = naive_pairs(circuit, net, graph)
    return {"program": name, "qubits": n, "qpus": num_qpus, "naive_pairs": naive, "previous_auto_pairs": previous,
            "new_pairs": program.pairs, "new_windows": program.windows, "new_teleports": program.teleports,
            # the new rewrite on the graph placement (distribute_circuit's default placement)
            "new_pairs_graph_placement": rewrite(circuit, net, graph, "auto").pairs,
            "naive_over_new": naive / program.pairs if program.pairs else None,
            "seconds": time.perf_counter() - t0}


def fidelity_row(name: str, circuit: QuantumCircuit) -> dict:
    from qnet_plugin.network.run import run_distributed

    net = line(2, -(-circuit.num_qubits // 2), fidelity=0.97, gate_errors=(1e-3, 1e-2))
    graph = partition_qubits(circuit, net)
    hyper = partition_hypergraph(circuit, net, seed=1)
    old = run_distributed(circuit, net, graph, shots=1, method="density_matrix", strategy=PREVIOUS)
    new = run_distributed(circuit, net, hyper, shots=1, method="density_matrix", strategy="auto")
    return {"program": name, "qubits": circuit.num_qubits, "qpus": 2, "previous_auto_pairs": old.pairs_consumed,
            "previous_auto_fidelity": old.fidelity, "new_pairs": new.pairs_consumed, "new_fidelity": new.fidelity}


def plot(rows: list, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(PROGRAMS), figsize=(3.2 * len(PROGRAMS), 3.4), sharey=False)
    colours = {2: "tab:blue", 3: "tab:orange", 4: "tab:green"}
    for ax, name in zip(axes, PROGRAMS):
        for k, colour in colours.items():
            sel = sorted((r for r in rows if r["program"] == name and r["qpus"] == k), key=lambda r: r["qubits"])
            if not sel:
                continue
            x = [r["qubits"] for r in sel]
            ax.plot(x, [r["naive_pairs"] for r in sel], ":", color=colour, marker="x")
            ax.plot(x, [r["previous_auto_pairs"] for r in sel], "--", color=colour, marker="s", ms=3)
            ax.plot(x, [r["new_pairs"] for r in sel], "-", color=colour, marker="o", ms=4, label=f"{k} QPUs")
        ax.set_yscale("log")
        ax.set_title({"qft": "QFT", "qaoa": "QAOA (rzz)", "qpe": "QPE", "grover": "Grover"}.get(name, name))
        ax.set_xlabel("qubits")
    axes[0].set_ylabel("Bell pairs consumed")
    axes[0].legend(fontsize=7, loc="upper left")
    fig.text(0.5, 0.005, "dotted x: (a) naive, one pair per non-local CX   dashed square: (b) previous auto   "
             "solid circle: (c) new pipeline", ha="center", fontsize=8)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=130)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="8,12,16,20,24")
    parser.add_argument("--qpus", default="2,3,4")
    parser.add_argument("--programs", default=",".join(PROGRAMS))
    parser.add_argument("--fidelity-size", type=int, default=6, help="qubits of the noisy-network rows (0: none)")
    parser.add_argument("--plot", default=None, help="write the figure here (e.g. docs/figures/ebits.png)")
    args = parser.parse_args()
    rows, fid_rows = [], []
    for name in args.programs.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            circuit = PROGRAMS[name](n)
            for k in (int(s) for s in args.qpus.split(",")):
                r = row(name, circuit, k)
                rows.append(r)
                flag = "" if r["new_pairs"] <= r["previous_auto_pairs"] else "  MORE THAN (b)"
                print(f"{name:>7}-{n:<3} {k} QPUs: (a) naive {r['naive_pairs']:5d}  (b) previous auto "
                      f"{r['previous_auto_pairs']:5d}  (c) new {r['new_pairs']:4d} (graph placement {r['new_pairs_graph_placement']:4d})"
                      f"  a/c {r['naive_over_new'] or 0:5.1f}"
                      f"  ({r['seconds']:.1f} s){flag}", flush=True)
    if args.fidelity_size:
        for name in args.programs.split(","):
            f = fidelity_row(name, PROGRAMS[name](args.fidelity_size))
            fid_rows.append(f)
            print(f"{name:>7}-{f['qubits']} 2 QPUs, noisy: (b) {f['previous_auto_pairs']} pairs F = "
                  f"{f['previous_auto_fidelity']:.4f}   (c) {f['new_pairs']} pairs F = {f['new_fidelity']:.4f}",
                  flush=True)
    out = Path(__file__).with_name("results") / "bench_ebits.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"pairs": rows, "fidelity": fid_rows}, indent=1) + "\n")
    if args.plot:
        plot(rows, Path(args.plot))


if __name__ == "__main__":
    main()
