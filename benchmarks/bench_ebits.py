"""Bell pairs per program: naive gate-by-gate, today's rewrite (auto), and the packet count (issue 14).

For QFT-n and QAOA-n (one layer of rzz on a ring) over 2 and 4 QPUs (a line of ideal QPUs with
Werner links), prints the pairs consumed by

(a) the naive baseline: one pair per non-local CX after decomposing to CX (graph placement);
(b) the current pipeline, ``distribute_circuit(strategy="auto")`` (graph placement);
(c) the packet count: one pair per cat-entangled window per remote QPU and hop
    (:mod:`qnet_plugin.network.packets`) under the hypergraph placement
    (:mod:`qnet_plugin.network.hypergraph_partition`). The rewrite does not execute windows yet, so
    (c) is what the remote-controlled primitive (``RemoteControlled``) makes possible, not what a
    run spends today.

Pair counts are exact (no sampling). Usage: ``python benchmarks/bench_ebits.py [--sizes 8,12,16]``.
Writes benchmarks/results/bench_ebits.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qiskit import QuantumCircuit, transpile
from qiskit.circuit.library import QFTGate

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.circuit_walk import flatten
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.hypergraph_partition import partition_hypergraph, placement_cost
from qnet_plugin.network.packets import distributable_packets
from qnet_plugin.network.partition import partition_qubits


def line(num_qpus: int, data_qubits: int) -> Network:
    names = [chr(ord("A") + i) for i in range(num_qpus)]
    qpus = tuple(QPU.ideal(n, data_qubits) for n in names)
    links = tuple(Link(a, b, WernerLink(fidelity=0.99, rate_hz=1e6)) for a, b in zip(names, names[1:]))
    return Network(qpus, links, name=f"line-{num_qpus}")


def qft(n: int) -> QuantumCircuit:
    qc = QuantumCircuit(n)
    qc.append(QFTGate(n), range(n))
    return transpile(qc, basis_gates=["h", "cp", "swap", "rz", "sx", "x"], optimization_level=0)


def qaoa(n: int) -> QuantumCircuit:
    qc = QuantumCircuit(n)
    qc.h(range(n))
    for q in range(n):
        qc.rzz(0.4, q, (q + 1) % n)
    qc.rx(0.3, range(n))
    return qc


def naive_pairs(circuit: QuantumCircuit, net: Network, assign) -> int:
    cx = transpile(circuit, basis_gates=["cx", "rz", "sx", "x", "h"], optimization_level=0)
    dist = net.hop_distance
    return sum(dist[assign[a]][assign[b]] for op, qs, _ in flatten(cx)
               if op.name == "cx" and assign[qs[0]] != assign[qs[1]] for a, b in [qs])


def row(name: str, circuit: QuantumCircuit, num_qpus: int) -> dict:
    n = circuit.num_qubits
    net = line(num_qpus, -(-n // num_qpus))
    graph = partition_qubits(circuit, net)
    auto = distribute_circuit(circuit, net, graph, strategy="auto").pairs_consumed
    hyper = partition_hypergraph(circuit, net, seed=1)
    packets = placement_cost(distributable_packets(circuit), hyper, net)
    naive = naive_pairs(circuit, net, graph)
    return {"program": name, "qubits": n, "qpus": num_qpus, "naive_pairs": naive, "auto_pairs": auto,
            "packet_pairs": packets, "naive_over_packets": naive / packets if packets else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="8,12,16")
    args = parser.parse_args()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        for name, build in (("qft", qft), ("qaoa", qaoa)):
            for k in (2, 4):
                r = row(f"{name}_{n}", build(n), k)
                rows.append(r)
                print(f"{r['program']:>8} over {k} QPUs: naive {r['naive_pairs']:4d}  auto {r['auto_pairs']:4d}  "
                      f"packets {r['packet_pairs']:6.0f}  naive/packets {r['naive_over_packets'] or 0:5.2f}")
    out = Path(__file__).with_name("results") / "bench_ebits.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
