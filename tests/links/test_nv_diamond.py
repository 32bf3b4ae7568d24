"""NVDiamondLink (paper 001): link protocol, channel, validation, and teleportation on Aer."""

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix
from qiskit_aer import AerSimulator

from qnet_plugin.channels import is_cptp
from qnet_plugin.circuit import BellPair, Teleport
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import LinkModel, get_link_class
from qnet_plugin.links.nv_diamond import NVDiamondLink
from qnet_plugin.links.nv_diamond_channel import (
    conversion_channel,
    heralded_state_kraus,
    noise_channel,
    transducer_channel,
)
from qnet_plugin.physics.nv_diamond.single_click import heralded_state

MHZ = 2 * np.pi * 1e6


@pytest.fixture(scope="module")
def link():
    return NVDiamondLink()


@pytest.fixture(scope="module")
def impaired():
    return NVDiamondLink(dephasing_2=4 * MHZ, detuning_10=0.5 * MHZ, detuning_20=-6 * MHZ)


def test_registry_and_protocol(link):
    assert get_link_class("nv-diamond") is NVDiamondLink
    assert isinstance(link, LinkModel) and link.name == "nv-diamond"
    rep = link.report()
    for key in ("p_tot", "p_coh", "bandwidth_hz", "dark_count_hz"):
        assert key in rep.extras
    d = rep.to_dict()
    assert d["rate_hz"] == pytest.approx(rep.extras["herald_probability"] * 1e6)
    assert d["fidelity"] == pytest.approx(rep.extras["f_1c"], abs=1e-12)
    assert rep.state.num_qubits == 2 and rep.qubits_a == (0,) and rep.qubits_b == (1,)
    assert rep.heat_w == pytest.approx(55e-12 * rep.extras["tau_conv_s"] * 1e6)


def test_paper_operating_point(link):
    """001: P_tot 0.36, P_coh 0.32, BW 5.0 MHz, R_d 41 Hz, F_1c 0.93, R_herald 3.1 kHz (tolerances as in
    tests/physics)."""
    rep = link.report()
    assert rep.extras["p_coh"] == pytest.approx(0.32, abs=1e-4)
    assert rep.extras["p_tot"] == pytest.approx(0.36, abs=0.005)
    assert rep.extras["bandwidth_hz"] == pytest.approx(5.0e6, rel=1e-3)
    assert rep.extras["dark_count_hz"] == pytest.approx(41, abs=1.0)
    assert rep.fidelity == pytest.approx(0.93, abs=0.01)
    assert rep.rate_hz == pytest.approx(3.1e3, abs=50)


def test_delivered_state_matches_kraus_simulation(impaired):
    """The delivered Phi+-frame state = the Kraus/POVM simulation of the protocol, frame-corrected.
    The single-rail Kraus simulation cannot tell photon types apart, so it checks the uniform
    visibility reading (every pair V = 0.6); the per-type default is tested in test_nv_hom_visibility.py."""
    impaired = impaired.replace(two_photon_bunching="all", hom_visibility=0.6)
    rep = impaired.report()
    a, b = impaired.nodes()
    pe = rep.extras["p_e"]
    x_b = np.kron(np.array([[0, 1], [1, 0]]), np.eye(2))
    z_a = np.kron(np.eye(2), np.diag([1, -1]))
    rp, rm = heralded_state_kraus(a, b, pe, +1, 0.6), heralded_state_kraus(a, b, pe, -1, 0.6)
    want = (x_b @ rp @ x_b + (x_b @ z_a) @ rm @ (x_b @ z_a).T) / np.trace(rp + rm).real
    assert np.allclose(rep.state.data, want, atol=1e-14)
    assert np.allclose(rp, heralded_state(a, b, pe, +1, visibility=0.6, bunching="all"), atol=1e-15)
    assert rep.state.is_valid()


def test_channels_cptp(impaired):
    for ch in impaired.transducer_channels():
        assert is_cptp(ch, atol=1e-12)
    for pt, pc, th, pd in [(0.0, 0.0, 0.0, 0.0), (1.0, 1.0, 2.0, 1.0), (0.36, 0.32, -1.0, 1e-5), (0.5, 0.0, 0.3, 0.2)]:
        assert is_cptp(transducer_channel(pt, pc, th, pd), atol=1e-12)
    rho = DensityMatrix(np.array([[0.5, 0.5], [0.5, 0.5]]))
    out = rho.evolve(conversion_channel(0.36, 0.25, 0.7)).data
    assert out[1, 0] == pytest.approx(0.5 * np.sqrt(0.25) * np.exp(0.7j))
    assert out[1, 1] == pytest.approx(0.5 * 0.36)
    assert rho.evolve(noise_channel(0.1)).data[1, 0] == pytest.approx(0.5 * np.sqrt(0.9))
    with pytest.raises(ParameterError, match="p_coh"):
        conversion_channel(0.3, 0.4, 0.0)


@pytest.mark.parametrize("kw, name", [({"pump_power": 0.0}, "pump_power"), ({"pump_power": -1e-12}, "pump_power"),
                                      ({"dephasing_1": -1.0}, "dephasing_1"), ({"dephasing_2": -1.0}, "dephasing_2"),
                                      ({"rep_rate": 2e7}, "rep_rate"), ({"rep_rate": 0.0}, "rep_rate"),
                                      ({"impaired_nodes": "c"}, "impaired_nodes"),
                                      ({"optical_loss_ratio": -0.1}, "optical_loss_ratio")])
def test_bad_input(kw, name):
    with pytest.raises(ParameterError, match=name):
        NVDiamondLink(**kw)


def test_rep_rate_limit_message():
    """The repetition-rate limit names tau_conv (1/tau_conv = 7.85 MHz at 55 pW)."""
    with pytest.raises(ParameterError, match=r"rep_rate = 8e\+06 Hz .*tau_conv"):
        NVDiamondLink(rep_rate=8e6)
    assert NVDiamondLink(rep_rate=7.8e6).report().rate_hz > 0


def test_impaired_nodes_both_has_no_phase_penalty():
    """Identical detunings on both nodes rotate both phases alike: theta_A - theta_B = 0."""
    rep = NVDiamondLink(detuning_20=-20 * MHZ, impaired_nodes="both").report()
    assert rep.extras["theta_rad"] == pytest.approx(0.0, abs=1e-12)
    one = NVDiamondLink(detuning_20=-20 * MHZ).report()
    assert abs(one.extras["theta_rad"]) > 0.5 and one.fidelity < rep.fidelity


def _numpy_teleport(rho_pair, psi):
    """Independent teleportation: rho_src (qubit 0) x pair (qubits 1, 2), CX(0,1) H(0) CX(1,2) CZ(0,2)."""
    def op(gates):   # gates: {qubit: 2x2}, kron with qubit 0 rightmost
        return np.kron(gates.get(2, np.eye(2)), np.kron(gates.get(1, np.eye(2)), gates.get(0, np.eye(2))))

    p0, p1 = np.diag([1, 0]), np.diag([0, 1])
    x, z = np.array([[0, 1], [1, 0]]), np.diag([1, -1])
    h = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    cx01 = op({0: p0}) + op({0: p1, 1: x})
    cx12 = op({1: p0}) + op({1: p1, 2: x})
    cz02 = op({0: p0}) + op({0: p1, 2: z})
    u = cz02 @ cx12 @ op({0: h}) @ cx01
    rho = np.kron(rho_pair, np.outer(psi, psi.conj()))
    rho = u @ rho @ u.conj().T
    return np.einsum("aibi->ab", rho.reshape(2, 4, 2, 4))   # trace out qubits 0, 1


def test_teleportation_through_nv_pair_on_aer(impaired):
    """End to end: teleport a qubit through an NV-diamond pair on AerSimulator(density_matrix) with
    coherent feed-forward; agrees with the numpy density-matrix calculation to 1e-9."""
    rep = impaired.report()
    theta, phi = 1.1, 0.4
    psi = np.array([np.cos(theta / 2), np.exp(1j * phi) * np.sin(theta / 2)])
    qc = QuantumCircuit(3)
    qc.ry(theta, 0)
    qc.rz(phi, 0)
    qc.append(Teleport(pair=impaired.bell_pair(), feed_forward="coherent"), [0, 1, 2])
    qc.save_density_matrix([2])
    sim = AerSimulator(method="density_matrix")
    out = sim.run(transpile(qc, sim)).result().data()["density_matrix"]
    got = np.asarray(out.data if hasattr(out, "data") else out)
    want = _numpy_teleport(rep.state.data, psi)
    assert np.allclose(got, want, atol=1e-9)
    f = np.real(psi.conj() @ want @ psi)
    assert f == pytest.approx((2 * rep.fidelity + 1) / 3, abs=0.05)   # ~ average teleportation fidelity
    assert isinstance(impaired.bell_pair(), BellPair)
