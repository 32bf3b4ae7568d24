"""A link that delivers N pairs at once (dual-rail style, LinkReport.qubits_a/qubits_b of length N):
the pass hands its pairs out in delivery order, each with its own state, and counts N pairs per
delivery in the rate."""

from dataclasses import dataclass

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.validation import param
from qnet_plugin.links.base import LinkModel, LinkReport, fidelity_to
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.run import run_distributed
from qnet_plugin.states import werner_state


@dataclass(frozen=True)
class TwoWernerPairs(LinkModel):
    """Test model: two Werner pairs of different fidelities in one delivery, qubits (A0, A1, B0, B1)."""

    name = "two-werner-pairs"
    f0: float = param(0.95, "fidelity of pair 0", low=0.0, high=1.0)
    f1: float = param(0.8, "fidelity of pair 1", low=0.0, high=1.0)
    rate_hz: float = param(1e3, "deliveries per second", "Hz", low=0.0, low_open=True)

    def report(self) -> LinkReport:
        p0, p1 = werner_state(self.f0), werner_state(self.f1)  # each on (A, B) = qubits (0, 1)
        # Qiskit order: tensor(p1, p0) puts p0 on qubits (0, 1) and p1 on (2, 3); pairs (0, 1) and (2, 3)
        rho = p1.tensor(p0)
        return LinkReport(link=self.name, rate_hz=self.rate_hz, state=rho, fidelity=fidelity_to(p0),
                          heat_w=0.0, parameters=self.parameters(), qubits_a=(0, 2), qubits_b=(1, 3))


def two_bell_pairs():
    qc = QuantumCircuit(4)
    qc.h(0)
    qc.h(1)
    qc.cx(0, 2)
    qc.cx(1, 3)
    return qc


def test_pairs_of_one_delivery_are_used_in_order():
    net = Network((QPU.ideal("A", 2), QPU.ideal("B", 2)), (Link("A", "B", TwoWernerPairs(), distance=0.0),))
    link = net.links[0]
    assert [fidelity_to(s) for s in link.raw_pair_states] == pytest.approx([0.95, 0.8], abs=1e-12)
    assert link.pair_fidelity == pytest.approx((0.95 + 0.8) / 2, abs=1e-12)  # mean over the delivery
    assert link.pair_rate_hz == pytest.approx(2e3)  # two pairs per delivery
    res = run_distributed(two_bell_pairs(), net, ["A", "A", "B", "B"], method="density_matrix", shots=1,
                          strategy="remote-cx")
    # two remote CNOTs on |+>|0>, the first through pair 0, the second through pair 1: F0 F1
    assert res.pairs_consumed == 2
    assert res.fidelity == pytest.approx(0.95 * 0.8, abs=1e-9)
