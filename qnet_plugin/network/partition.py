"""Which QPU each logical qubit starts on: a capacity-constrained graph partition.

The interaction graph (``networkx``) has the circuit's qubits as nodes and, as edge weights, the
number of link pairs a two-qubit gate between them would cost if the qubits sat on different QPUs
(one per CNOT/CZ in the gate; SWAPs are free relabellings). The cost of an assignment is the sum
over edges of weight x hop distance between the two QPUs (every hop costs one pair). The search
starts from a greedy fill (qubits in breadth-first order of the interaction graph into QPUs in
breadth-first order of the network, so neighbours stay together and neighbouring QPUs get
neighbouring blocks) and improves it by single moves and pair exchanges (Kernighan-Lin style)
until no move lowers the cost. Deterministic.
"""

from __future__ import annotations

import networkx as nx
from qiskit.circuit import ControlFlowOp, QuantumCircuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.model import Network


def interaction_graph(circuit: QuantumCircuit) -> nx.Graph:
    """Weighted graph of two-qubit interactions (weight = pairs the gates would cost remotely)."""
    from qnet_plugin.network.circuit_walk import _NON_GATES, _flatten, remote_cost

    g = nx.Graph()
    g.add_nodes_from(range(circuit.num_qubits))
    for op, qs, _ in _flatten(circuit):
        if len(qs) != 2 or op.name in _NON_GATES or isinstance(op, ControlFlowOp):
            continue
        w = remote_cost(op)
        if w:
            a, b = qs
            prev = g.get_edge_data(a, b, {"weight": 0})["weight"]
            g.add_edge(a, b, weight=prev + w)
    return g


def assignment_cost(graph: nx.Graph, assignment, network: Network) -> float:
    """Sum of edge weight x hop distance between the QPUs of the two qubits."""
    dist = network.hop_distance
    total = 0.0
    for a, b, d in graph.edges(data=True):
        qa, qb = assignment[a], assignment[b]
        if qa != qb:
            if qb not in dist.get(qa, {}):
                return float("inf")
            total += d["weight"] * dist[qa][qb]
    return total


def _greedy(graph: nx.Graph, network: Network) -> list[str]:
    order = []
    seen = set()
    for comp in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        root = max(sorted(comp), key=lambda q: graph.degree(q, weight="weight"))
        for q in nx.bfs_tree(graph, root):
            if q not in seen:
                seen.add(q)
                order.append(q)
    big = max(network.qpus, key=lambda q: q.data_qubits).name
    qpu_order = list(nx.bfs_tree(network.graph, big))
    qpu_order += [n for n in network.qpu_names if n not in qpu_order]
    assignment = [None] * graph.number_of_nodes()
    slots = [(name, network.qpu(name).data_qubits) for name in qpu_order]
    k = 0
    for name, cap in slots:
        for _ in range(cap):
            if k == len(order):
                break
            assignment[order[k]] = name
            k += 1
    return assignment


def partition_qubits(circuit: QuantumCircuit, network: Network, max_rounds: int = 50) -> list[str]:
    """QPU name for each logical qubit, minimising the pairs non-local gates cost (see module doc)."""
    n = circuit.num_qubits
    if n > network.capacity:
        raise ParameterError(f"circuit qubits = {n} exceeds the network's data qubits "
                             f"({network.capacity}); add QPUs or data_qubits")
    graph = interaction_graph(circuit)
    assign = _greedy(graph, network)
    load = {name: assign.count(name) for name in network.qpu_names}
    cost = assignment_cost(graph, assign, network)
    for _ in range(max_rounds):
        best = (0.0, None)
        for q in range(n):
            for name in network.qpu_names:
                if name == assign[q]:
                    continue
                if load[name] < network.qpu(name).data_qubits:
                    trial = list(assign)
                    trial[q] = name
                    gain = cost - assignment_cost(graph, trial, network)
                    if gain > best[0] + 1e-12:
                        best = (gain, trial)
                for r in range(q + 1, n):
                    if assign[r] != name:
                        continue
                    trial = list(assign)
                    trial[q], trial[r] = trial[r], trial[q]
                    gain = cost - assignment_cost(graph, trial, network)
                    if gain > best[0] + 1e-12:
                        best = (gain, trial)
        if best[1] is None:
            break
        assign = best[1]
        load = {name: assign.count(name) for name in network.qpu_names}
        cost -= best[0]
    return assign
