"""Automatic placement: capacity respected, obvious optima found, hop distance counted."""

from qiskit import QuantumCircuit

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.partition import assignment_cost, interaction_graph, partition_qubits


def test_two_cliques_split_along_their_single_bridge():
    qc = QuantumCircuit(6)
    for a, b in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]:
        qc.cx(a, b)
        qc.cx(b, a)
    qc.cx(2, 3)
    # the interleaved order a greedy fill in index order would split badly
    net = Network((QPU(name="A", data_qubits=3), QPU(name="B", data_qubits=3)), (Link("A", "B", WernerLink()),))
    assign = partition_qubits(qc, net)
    assert sorted(assign.count(n) for n in "AB") == [3, 3]
    assert assign[0] == assign[1] == assign[2] != assign[3] == assign[4] == assign[5]
    assert assignment_cost(interaction_graph(qc), assign, net) == 1


def test_chain_program_on_a_line_keeps_neighbours_adjacent():
    qc = QuantumCircuit(8)
    for i in range(7):
        qc.cx(i, i + 1)
    names = "ABCD"
    net = Network(tuple(QPU(name=n, data_qubits=2) for n in names),
                  tuple(Link(a, b, WernerLink()) for a, b in zip(names, names[1:])))
    assign = partition_qubits(qc, net)
    # three cut edges, each between neighbouring QPUs (cost 1 per hop)
    assert assignment_cost(interaction_graph(qc), assign, net) == 3


def test_swap_gates_weigh_nothing():
    qc = QuantumCircuit(2)
    qc.swap(0, 1)
    assert interaction_graph(qc).number_of_edges() == 0
