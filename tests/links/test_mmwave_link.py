"""MillimeterWaveLink: link protocol, closed-form pair fidelity, Aer distributed program, validation."""

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix, partial_trace, random_statevector
from qiskit_aer import AerSimulator

from qnet_plugin.channels import apply, validate_density_matrix
from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import get_link_class
from qnet_plugin.links.base import PHI_PLUS, fidelity_to
from qnet_plugin.links.mmwave import MillimeterWaveLink
from qnet_plugin.physics.mmwave.converter import MmWaveConverter

SIM = AerSimulator(method="density_matrix")


@pytest.fixture(scope="module")
def link():
    return MillimeterWaveLink()


@pytest.fixture(scope="module")
def report(link):
    return link.report()


def test_registry_and_protocol(report):
    assert get_link_class("mmwave") is MillimeterWaveLink
    assert report.link == "mmwave"
    validate_density_matrix(report.state)
    assert report.fidelity == pytest.approx(fidelity_to(report.state))
    assert report.qubits_a == (0,) and report.qubits_b == (1,)


def test_rate_heat_and_table_one_extras(report):
    """rate = 1/transfer time (issue 16; was Delta, 002 Sec. II), heat per fridge = P_heating (Eq. (14))."""
    t1 = MmWaveConverter().table_one()
    assert report.rate_hz == pytest.approx(1 / report.extras["transfer_time_s"])
    assert report.extras["rate_one_per_delta_hz"] == pytest.approx(t1["bandwidth"])
    assert report.heat_w == pytest.approx(t1["p_heating"])
    ex = report.extras
    assert ex["bandwidth_hz"] == pytest.approx(t1["bandwidth"] / TWO_PI)
    assert ex["energy_per_qubit_j"] == pytest.approx(t1["energy_per_qubit"])
    assert ex["efficiency"] == pytest.approx(t1["efficiency"])
    assert ex["p_mode_c_w"] + ex["p_pump_line_w"] == pytest.approx(ex["p_heating_w"])
    assert ex["shot_noise_purity_loss"] == pytest.approx(t1["shot_noise_purity_loss"])
    assert ex["backaction_purity_loss"] == pytest.approx(t1["backaction_purity_loss"])
    # two converters (Table I: T = 0.844 each), 10 m at 0.08 dB/m, 1 % of the wavepacket outside the band
    assert ex["end_to_end_transmittance"] == pytest.approx(0.84405 ** 2 * 10 ** (-0.08) * 0.99)


def test_pair_fidelity_closed_form(link, report):
    """F = [(1 - p_up) + (1 - p_down) + 2 lambda]/4 for half of Phi+ through the phase-covariant channel."""
    p_up, p_down, lam = link.transfer_channel().parameters()
    assert report.fidelity == pytest.approx((2 - p_up - p_down + 2 * lam) / 4, abs=1e-12)


def test_pair_state_against_aer(link, report):
    """Two engines: the reported pair equals Aer's state after H, CX, Transfer on a 3-qubit circuit."""
    qc = QuantumCircuit(3)        # 0: QPU A, 1: local partner in QPU A, 2: QPU B
    qc.h(0)
    qc.cx(0, 1)
    qc.append(link.transfer(), [1, 2])
    qc.save_density_matrix([0, 2])
    rho = DensityMatrix(SIM.run(transpile(qc, SIM), shots=1).result().data(0)["density_matrix"])
    assert np.allclose(rho.data, report.state.data, atol=1e-10)


def test_transfer_inside_a_distributed_program(link):
    """QPU A computes, transfers a qubit, QPU B continues: B's output equals U_B E(U_A psi U_A^dag) U_B^dag."""
    psi = random_statevector(2, seed=11)
    qc = QuantumCircuit(4)        # 0, 1: QPU A; 2, 3: QPU B
    qc.initialize(psi, 0)
    qc.ry(0.3, 0)
    qc.cx(0, 1)                   # entangle with a qubit that stays home
    qc.append(link.transfer(), [0, 2])
    qc.rz(0.7, 2)
    qc.cx(2, 3)
    qc.save_density_matrix([1, 2, 3])
    got = DensityMatrix(SIM.run(transpile(qc, SIM), shots=1).result().data(0)["density_matrix"])
    ref = QuantumCircuit(4)
    ref.initialize(psi, 0)
    ref.ry(0.3, 0)
    ref.cx(0, 1)
    ref.swap(0, 2)
    rho = DensityMatrix(ref)
    rho = apply(link.transfer_channel().kraus(), rho, qargs=[2])
    after = QuantumCircuit(4)
    after.rz(0.7, 2)
    after.cx(2, 3)
    rho = partial_trace(rho.evolve(after), [0])
    assert np.allclose(got.data, rho.data, atol=1e-10)


def test_bell_pair_instruction(link, report):
    qc = QuantumCircuit(2)
    qc.append(link.bell_pair(), [0, 1])
    qc.save_density_matrix()
    rho = SIM.run(transpile(qc, SIM), shots=1).result().data(0)["density_matrix"]
    assert np.allclose(np.asarray(rho), report.state.data, atol=1e-10)


def test_fidelity_falls_with_length_and_temperature(link):
    f = [link.replace(length=ell).report().fidelity for ell in (0.0, 10.0, 100.0)]
    assert f[0] > f[1] > f[2]
    warm = link.replace(temperature=70.0, attenuation_db_per_m=0.15)
    assert warm.report().extras["waveguide_added_photons"] > link.report().extras["waveguide_added_photons"]


def test_ideal_limit():
    """No intrinsic loss, no waveguide, weak back-action (kappa_mm/10) and weak shot noise (a 100x
    larger I_*: C2 scales as 1/n_p at fixed Kerr shift), wavepackets long enough to lose only 1e-5
    outside the band: the pair approaches Phi+."""
    ideal = MillimeterWaveLink(q_uw=1e12, q_mm=1e12, length=0.0, kappa_mm=TWO_PI * 0.2e9,
                               crossover_current=5e-3, wavepacket_loss=1e-5)
    r = ideal.report()
    assert r.extras["shot_noise_purity_loss"] < 1e-5 and r.extras["backaction_purity_loss"] < 1e-4
    assert r.fidelity > 0.9999


@pytest.mark.parametrize("changes, fragment", [
    (dict(temperature=0.0), r"temperature = 0 K .*T > 0"),
    (dict(temperature=-4.0), r"temperature = -4 K"),
    (dict(attenuation_db_per_m=-0.1), r"attenuation_db_per_m = -0.1 dB/m"),
    (dict(kappa_mm=TWO_PI * 8e9), r"RWA validity needs kappa_mm < omega_uw"),
    (dict(kappa_uw=TWO_PI * 8e9), r"Q_uw = omega_uw/kappa_uw > 1"),
    (dict(q_mm=0.5), r"q_mm = 0.5 is outside the allowed range \(1, inf\)"),
    (dict(length=-1.0), r"length = -1 m"),
])
def test_validation_messages(changes, fragment):
    with pytest.raises(ParameterError, match=fragment):
        MillimeterWaveLink(**changes)


def test_state_is_phi_plus_frame(report):
    """The dominant Bell component is Phi+ (conversion phases tracked in software)."""
    assert report.fidelity == pytest.approx(float(np.real(PHI_PLUS.data.conj() @ report.state.data @ PHI_PLUS.data)))
    assert report.fidelity > 0.5
