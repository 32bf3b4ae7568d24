"""Every registered link model works in a network through the link protocol, and the hybrid
links of paper 000 (SC-ion, SC-photon) deliver the right state in the right basis."""

import numpy as np
import pytest

from qnet_plugin.examples import example_path, ghz_circuit
from qnet_plugin.links import available_links, get_link_class
from qnet_plugin.network import QPU, Link, Network, load_network
from qnet_plugin.network.run import run_distributed
from qnet_plugin.states import bell_coefficients


def bell_program():
    return ghz_circuit(2)


@pytest.mark.parametrize("name", sorted(available_links()))
def test_every_link_model_runs_a_remote_bell_pair(name):
    # Ideal QPUs and a remote CNOT: the Bell output fidelity equals the link's pair fidelity
    # (an ideal CNOT through a Bell-diagonal-equivalent pair), whatever the model.
    model = get_link_class(name).state_of_the_art()
    net = Network((QPU.ideal("A", 1), QPU.ideal("B", 1)), (Link("A", "B", model, distance=0.0),))
    res = run_distributed(bell_program(), net, ["A", "B"], shots=50, method="density_matrix")
    link = net.links[0]
    assert res.pairs_consumed == 1 and res.links[0]["model"] == name
    assert 0.0 <= res.fidelity <= 1.0
    # Output fidelity of |Phi+> = <Phi+| rho_pair |Phi+> for pair errors that are local Paulis
    # after twirling; for any pair the remote CNOT on |+>|0> teleports the pair's Bell weights.
    assert res.fidelity == pytest.approx(bell_coefficients(link.pair_state)[0], abs=1e-9)


def test_sc_ion_pair_is_the_papers_state_in_the_ion_basis():
    # the "same generation rate as the SC node" setting (node B's own physics: test_hybrid_nodes.py)
    link = get_link_class("sc-ion").state_of_the_art().replace(node_b_model="sc-calibrated")
    rep = link.report()
    eo = get_link_class("electro-optic").state_of_the_art().report()
    # No ion decoherence to speak of (T2 = 1 s vs a ~3 us pulse): same pair as the SC-SC link.
    assert rep.fidelity == pytest.approx(eo.fidelity, abs=1e-5)
    assert rep.rate_hz == pytest.approx(eo.rate_hz) and rep.extras["frame_b"] == "h"
    # The Phi+ frame with the ion's H undone is the paper's |0+> + |1-> (000, end of main text).
    h = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    paper = (np.kron(np.array([1, 0]), np.array([1, 1]) / np.sqrt(2))
             + np.kron(np.array([0, 1]), np.array([1, -1]) / np.sqrt(2))) / np.sqrt(2)  # |a> (x) |b>
    ours = np.kron(np.eye(2), h) @ np.array([1, 0, 0, 1]) / np.sqrt(2)  # same big-endian |a b>
    assert np.allclose(ours, paper)


def test_ion_dephasing_is_a_bit_flip_in_the_pair_frame():
    fast = get_link_class("sc-ion").state_of_the_art().replace(ion_t2=2e-6, node_b_model="sc-calibrated")
    rep = fast.report()
    eo = get_link_class("electro-optic").state_of_the_art().report()
    p = -np.expm1(-rep.extras["pulse_s"] / 2e-6) / 2
    c = bell_coefficients(eo.state)  # (Phi+, Psi-, Psi+, Phi-)
    # X_B maps Phi+ <-> Psi+: F = (1 - p) c_Phi+ + p c_Psi+ (a Z error would have mixed in Phi-).
    assert rep.fidelity == pytest.approx((1 - p) * c[0] + p * c[2], abs=1e-9)


def test_flying_photon_loss_in_single_rail():
    base = get_link_class("sc-photon").state_of_the_art().replace(node_b_model="sc-calibrated")
    lossless = base.report()
    assert lossless.fidelity == pytest.approx(get_link_class("electro-optic").state_of_the_art().report().fidelity, abs=1e-9)
    fids = [base.replace(flight_loss_db=db).report().fidelity for db in (0.5, 3.0, 30.0)]
    assert fids[0] > fids[1] > fids[2] and fids[2] < 0.52  # a lost single-rail photon: no entanglement left
    # near-ideal source: F ~ F0 (1 + sqrt(eta))^2 / 4 for amplitude damping of the photon half
    clean = base.replace(pump_power=1e-6)
    f0, eta = clean.report().fidelity, 10 ** (-0.3)
    assert clean.replace(flight_loss_db=3.0).report().fidelity == pytest.approx(f0 * (1 + np.sqrt(eta)) ** 2 / 4, abs=0.01)


def test_hybrid_example_network_runs():
    net = load_network(example_path("hybrid_ion.toml"))
    assert net.qpu("ION").modality == "trapped-ion"
    res = run_distributed(bell_program(), net, ["SC", "ION"], shots=100, seed=1, strategy="remote-cx")
    # the ion's 200 us two-qubit gate and 100 us read-out dominate the modelled time, and the
    # superconducting control (T1 = 100 us) decays while it waits for its Z correction
    assert res.wall_clock_s > 300e-6
    assert res.links[0]["model"] == "sc-ion" and 0.25 < res.fidelity < 0.6 < net.links[0].pair_fidelity
    # auto: one pair either way, so the faster plan wins: teleporting the superconducting qubit into
    # the ion QPU (one classical round, no wait for a Z correction) keeps far more fidelity
    auto = run_distributed(bell_program(), net, ["SC", "ION"], shots=100, seed=1)
    assert auto.pairs_consumed == 1 and auto.teleports == 1
    assert auto.wall_clock_s < res.wall_clock_s and auto.fidelity > res.fidelity
