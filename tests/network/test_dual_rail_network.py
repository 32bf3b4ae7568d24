"""The dual-rail link (paper 003, 2N qubits per delivery) driving a distributed program on Aer.

Independent expectation: two remote CNOTs on |+>|0> through the two pairs of one delivery act on
each pair with a local operation-and-classical-communication map whose Heisenberg dual keeps the
projector onto Phi+ (the single-pair result F_out = <Phi+|rho|Phi+>), so the two output Bell pairs
have fidelity <Phi+ Phi+| rho_delivery |Phi+ Phi+>, read straight off the link's 4-qubit state; for
paper 003's parallel steady state (P = identity) this is [(cosh r + sinh r)^2 / (2 cosh 2r)]^2 =
(1 + e^{-4r})^-2 (Eq. (5): each pair is cosh r |00> + sinh r |11>, normalised).
"""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import Statevector

from qnet_plugin.links.dual_rail import DualRailLink
from qnet_plugin.network import QPU, Link, Network, loads_network
from qnet_plugin.network.run import run_distributed


def bell_pairs_program(n):
    """n Bell pairs between qubits i (QPU A) and n + i (QPU B)."""
    qc = QuantumCircuit(2 * n, 2 * n)
    for i in range(n):
        qc.h(i)
        qc.cx(i, n + i)
    qc.measure(range(2 * n), range(2 * n))
    return qc


def phi_plus_product(n, qubits_a, qubits_b) -> Statevector:
    """|Phi+>^n on the pairs (qubits_a[k], qubits_b[k]) of a 2n-qubit register (Qiskit order)."""
    amp = np.zeros(2 ** (2 * n), dtype=complex)
    for bits in range(2 ** n):
        index = sum(((bits >> k) & 1) << qa for k, qa in enumerate(qubits_a))
        index += sum(((bits >> k) & 1) << qb for k, qb in enumerate(qubits_b))
        amp[index] = 1.0
    return Statevector(amp / np.sqrt(2 ** n))


def test_two_dual_rail_pairs_make_two_remote_bell_pairs():
    r = 1.0
    model = DualRailLink(pairs=2, squeezing=r)
    rep = model.report()
    net = Network((QPU.ideal("A", 2), QPU.ideal("B", 2)), (Link("A", "B", model, distance=0.0),))
    res = run_distributed(bell_pairs_program(2), net, ["A", "A", "B", "B"], method="density_matrix",
                          shots=200, seed=1, strategy="remote-cx")
    exact = float(np.real(rep.state.expectation_value(
        phi_plus_product(2, rep.qubits_a, rep.qubits_b).to_operator())))
    assert exact == pytest.approx((1 + math.exp(-4 * r)) ** -2, abs=1e-12)  # paper 003 Eq. (5)
    assert res.fidelity == pytest.approx(exact, abs=1e-9)
    link = res.links[0]
    assert res.pairs_consumed == 2 and link["model"] == "dual-rail"
    assert link["pair_fidelity"] == pytest.approx(1 / (1 + math.exp(-4 * r)), abs=1e-12)
    # one delivery is two pairs every T_prep: the pair rate counts both
    assert link["pair_rate_hz"] == pytest.approx(2 * rep.rate_hz, rel=1e-12)
    assert set(res.counts) <= {"0000", "0101", "1010", "1111", "0001", "0100", "1000", "0010",
                               "1110", "1101", "1011", "0111", "0011", "1100", "0110", "1001"}


def test_dual_rail_from_a_network_file_with_noisy_qpus():
    # The same link from TOML (model = "dual-rail"); transmon QPUs now: waiting and gate noise
    # only lower the result below the pair-limited value.
    text = """[qpu_defaults]
data_qubits = 2
[[qpu]]
name = "A"
[[qpu]]
name = "B"
[[link]]
between = ["A", "B"]
model = "dual-rail"
[link.parameters]
pairs = 2
squeezing = 1.5
"""
    net = loads_network(text)
    ideal = Network(tuple(QPU.ideal(q.name, 2) for q in net.qpus), net.links)
    noisy = run_distributed(bell_pairs_program(2), net, ["A", "A", "B", "B"], method="density_matrix",
                            shots=10, strategy="remote-cx")
    clean = run_distributed(bell_pairs_program(2), ideal, ["A", "A", "B", "B"], method="density_matrix",
                            shots=10, strategy="remote-cx")
    assert clean.fidelity == pytest.approx((1 + math.exp(-6.0)) ** -2, abs=1e-9)
    assert 0.5 < noisy.fidelity < clean.fidelity
