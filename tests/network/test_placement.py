"""The default placement (issue 14): of the graph and the hypergraph partitions, the one whose
rewrite spends fewer link uses; never worse than either, deterministic."""

import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.library import QFTGate
from qiskit.circuit.random import random_circuit

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.hypergraph_partition import partition_hypergraph
from qnet_plugin.network.partition import partition_qubits
from qnet_plugin.network.placement import choose_placement, link_uses


def _line(k, per):
    names = [f"Q{i}" for i in range(k)]
    return Network(tuple(QPU.ideal(n, per) for n in names),
                   tuple(Link(a, b, WernerLink(fidelity=1.0, rate_hz=1e15)) for a, b in zip(names, names[1:])))


def _qft(n):
    qc = QuantumCircuit(n)
    qc.append(QFTGate(n), range(n))
    return qc.decompose()


def _qaoa(n):
    qc = QuantumCircuit(n)
    qc.h(range(n))
    for layer in range(2):
        for q in range(n):
            qc.rzz(0.3 + layer, q, (q + 3) % n)
        qc.rx(0.7, range(n))
    return qc


PROGRAMS = {"qft8": lambda: _qft(8), "qaoa8": lambda: _qaoa(8),
            "random8": lambda: random_circuit(8, 6, max_operands=2, seed=11)}


@pytest.mark.parametrize("qpus", [2, 3])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_choice_is_never_worse_than_either_partition(name, qpus):
    qc, net = PROGRAMS[name](), _line(qpus, -(-8 // qpus))
    chosen = choose_placement(qc, net)
    uses = link_uses(qc, net, chosen)
    assert uses <= link_uses(qc, net, partition_qubits(qc, net))
    assert uses <= link_uses(qc, net, partition_hypergraph(qc, net))
    assert choose_placement(qc, net) == chosen  # deterministic


def test_distribution_uses_the_chosen_placement():
    qc, net = _qaoa(8), _line(3, 3)
    dc = distribute_circuit(qc, net)
    assert dc.assignment == choose_placement(qc, net)
    assert dc.pairs_consumed == link_uses(qc, net, dc.assignment)[0]
