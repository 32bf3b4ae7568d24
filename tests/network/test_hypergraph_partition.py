"""Packets (cat-entangled windows) and the hypergraph placement built on them (issue 14)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit import QuantumCircuit
from qiskit.circuit.random import random_circuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.hypergraph_partition import kahypar_available, partition_hypergraph, placement_cost
from qnet_plugin.network.packets import distributable_packets, packet_cost
from qnet_plugin.network.partition import partition_qubits


def _net(sizes, topology="line"):
    names = [chr(ord("A") + i) for i in range(len(sizes))]
    qpus = tuple(QPU.ideal(n, s) for n, s in zip(names, sizes))
    pairs = list(zip(names, names[1:])) if topology == "line" else [
        (a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    return Network(qpus, tuple(Link(a, b, WernerLink(fidelity=0.99)) for a, b in pairs), name=topology)


def test_packets_follow_the_control_until_a_non_diagonal_gate():
    qc = QuantumCircuit(4)
    qc.h(0)
    qc.cp(0.3, 0, 2)
    qc.rz(0.1, 0)         # diagonal on the control: the window stays open
    qc.cp(0.2, 0, 3)
    qc.cx(0, 2)
    qc.h(0)               # closes qubit 0's window
    qc.crx(0.5, 0, 3)     # a new window for qubit 0
    qc.cx(1, 3)
    qc.rzz(0.1, 1, 2)
    qc.iswap(2, 3)        # diagonal on neither qubit: gate by gate
    packets = distributable_packets(qc)
    summary = sorted((p.control if p.control is not None else -1, tuple(p.partners), len(p.gates)) for p in packets)
    assert summary == [(-1, (2, 3), 1), (0, (2, 3), 3), (0, (3,), 1), (1, (3, 2), 2)]


def test_four_controlled_phases_between_two_qpus_cost_one_pair_not_eight():
    qc = QuantumCircuit(4)
    for t in (2, 3, 2, 3):
        qc.cp(0.7, 0, t)
    packets = distributable_packets(qc)
    assign = ["A", "A", "B", "B"]
    net = _net([2, 2])
    assert len(packets) == 1
    assert placement_cost(packets, assign, net) == 1.0
    # one hop further costs one pair per hop
    assert packet_cost(packets[0], ["A", "A", "C", "C"], _net([2, 2, 2]).hop_distance) == 2.0


def test_hypergraph_placement_beats_the_graph_placement_on_a_fan_out():
    # qubit 0 controls phases on 4 others (one packet), qubits 1-2 and 3-4 are CX-coupled pairs;
    # the graph view sees 4 heavy edges from qubit 0, the hypergraph sees one packet.
    qc = QuantumCircuit(6)
    for _ in range(2):
        for t in (1, 2, 3, 4):
            qc.cp(0.4, 0, t)
        qc.h(0)
    for a, b in ((1, 2), (3, 4), (1, 2), (3, 4), (5, 0)):
        qc.cx(a, b)
        qc.h(a)
    net = _net([3, 3])
    packets = distributable_packets(qc)
    graph = partition_qubits(qc, net)
    hyper = partition_hypergraph(qc, net, use_kahypar=False)
    assert placement_cost(packets, hyper, net) <= placement_cost(packets, graph, net)
    for q in net.qpu_names:
        assert hyper.count(q) <= net.qpu(q).data_qubits


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 7), depth=st.integers(1, 5))
def test_never_worse_than_the_graph_placement_and_within_capacity(seed, n, depth):
    qc = random_circuit(n, depth, max_operands=2, seed=seed)
    net = _net([3, 2, 3], topology="full")
    packets = distributable_packets(qc)
    hyper = partition_hypergraph(qc, net, seed=1)
    assert placement_cost(packets, hyper, net) <= placement_cost(packets, partition_qubits(qc, net), net) + 1e-12
    assert all(hyper.count(q) <= net.qpu(q).data_qubits for q in net.qpu_names)
    assert hyper == partition_hypergraph(qc, net, seed=1)  # deterministic for a fixed seed


@pytest.mark.skipif(not kahypar_available(), reason="kahypar not installed")
def test_kahypar_start_meets_capacities_and_helps_or_ties():
    qc = random_circuit(8, 6, max_operands=2, seed=3)
    net = _net([3, 3, 3], topology="full")
    packets = distributable_packets(qc)
    with_k = partition_hypergraph(qc, net, use_kahypar=True, seed=2)
    without = partition_hypergraph(qc, net, use_kahypar=False)
    assert placement_cost(packets, with_k, net) <= placement_cost(packets, without, net)
    assert all(with_k.count(q) <= 3 for q in net.qpu_names)


def test_too_many_qubits_is_a_clear_error():
    with pytest.raises(ParameterError, match="exceeds the network's data qubits"):
        partition_hypergraph(QuantumCircuit(7), _net([3, 3]))
