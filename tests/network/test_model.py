"""QPU/Link/Network values: validation, multiplexing, routing, multi-pair links."""

import math

import numpy as np
import pytest
from qiskit.circuit.library import SwapGate
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.base import LinkModel, LinkReport
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.states import werner_state


def test_qpu_validation_messages():
    with pytest.raises(ParameterError, match=r"t2 = 0.0003 s is outside .*T2 <= 2 T1"):
        QPU(name="A", t1=1e-4, t2=3e-4)
    with pytest.raises(ParameterError, match="modality"):
        QPU(name="A", modality="steam")
    with pytest.raises(ParameterError, match="name"):
        QPU(name="")
    assert QPU.ideal("X").noiseless and not QPU(name="Y").noiseless


def test_link_rate_multiplexing_and_latency():
    link = Link("A", "B", WernerLink(rate_hz=2e4, heat_w=1e-6), channels=5, distance=1000.0)
    assert link.pair_rate_hz == pytest.approx(1e5)  # 000 Fig. 3: M channels -> M x rate
    assert link.heat_w == pytest.approx(5e-6)  # ... and M pumped channels -> M x heat
    assert link.classical_latency == pytest.approx(1000 * 1.468 / 299792458.0)
    with pytest.raises(ParameterError, match="different QPUs"):
        Link("A", "A", WernerLink())
    with pytest.raises(ParameterError, match="not a LinkModel"):
        Link("A", "B", "werner")


def test_routing_prefers_fewer_hops_then_higher_fidelity():
    qpus = tuple(QPU(name=n) for n in "ABCD")
    links = (Link("A", "B", WernerLink(fidelity=0.9)), Link("B", "D", WernerLink(fidelity=0.9)),
             Link("A", "C", WernerLink(fidelity=0.99)), Link("C", "D", WernerLink(fidelity=0.99)))
    net = Network(qpus, links)
    assert [l.name for l in net.route("A", "D")] == ["A-C", "C-D"]
    assert net.hop_distance["A"]["D"] == 2
    lone = Network(qpus, links[:1])
    with pytest.raises(ParameterError, match="not connected"):
        lone.route("A", "D")


class _TwoPairLink(LinkModel):
    """A minimal multi-pair model: two independent Werner pairs on qubits (0,2) and (1,3)."""

    name = "two-pair-test"

    def report(self):
        w = werner_state(0.9).data
        rho4 = np.kron(w, w)  # qubits (0,1) = pair 1 and (2,3) = pair 2 in Qiskit order
        # swap qubits 1 and 2 so that pair 1 = (0, 2) and pair 2 = (1, 3)
        perm = DensityMatrix(rho4).evolve(SwapGate(), [1, 2])
        return LinkReport(link=self.name, rate_hz=10.0, state=perm, fidelity=0.81, heat_w=0.0,
                          parameters={}, qubits_a=(0, 1), qubits_b=(2, 3))


def test_multi_pair_links_count_every_pair_and_use_its_marginal():
    link = Link("A", "B", _TwoPairLink(), channels=2)
    assert link.pairs_per_delivery == 2
    assert link.pair_rate_hz == pytest.approx(40.0)
    assert np.allclose(link.pair_state.data, werner_state(0.9).data, atol=1e-12)
    assert math.isclose(link.pair_fidelity, 0.9, abs_tol=1e-12)


def test_replace_link_model_keeps_topology():
    net = Network((QPU(name="A"), QPU(name="B")), (Link("A", "B", WernerLink(), channels=3),))
    net2 = net.replace_link_model("werner", fidelity=0.8)
    assert net2.links[0].channels == 3 and net2.links[0].pair_fidelity == pytest.approx(0.8)
