"""Local noise conventions, storage frames, metrics and paper 000 Eqs. (A1)/(A5) readings."""

import numpy as np
import pytest

from qnet_plugin.channels import is_cptp
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.purification import LocalNoise, get_protocol, purify
from qnet_plugin.purification.engine import apply_storage
from qnet_plugin.purification.metrics import hashing_yield, paper_a1_coefficients, paper_a1_state, paper_a5_yield
from qnet_plugin.purification.noise import depolarizing_parameter
from qnet_plugin.states import bell_coefficients


def test_gate_fidelity_conventions():
    """d = 4: F_avg = 0.999 -> p = 1.333e-3; F_pro = 0.999 -> p = 1.0667e-3 (to 1e-12)."""
    assert abs(depolarizing_parameter(0.999, 2, "average") - 0.001 * 5 / 4 * 16 / 15) < 1e-12
    assert abs(depolarizing_parameter(0.999, 2, "process") - 0.001 * 16 / 15) < 1e-12
    assert depolarizing_parameter(1.0, 1) == 0.0


@pytest.mark.parametrize("bad", [dict(gate_fidelity=1.2), dict(gate_fidelity=0.1), dict(measurement_error=-0.1),
                                 dict(memory_t1=0.0), dict(convention="rb"), dict(memory_t1=1e-3, memory_t2=5e-3)])
def test_bad_noise_raises_parameter_error(bad):
    with pytest.raises(ParameterError):
        LocalNoise(**bad)


def test_bad_protocol_and_rounds():
    with pytest.raises(ParameterError, match="protocol"):
        get_protocol("recurrence-of-doom")
    with pytest.raises(ParameterError, match="rounds"):
        purify("minimal", np.eye(4) / 4, -1)


def test_noise_channels_are_cptp():
    n = LocalNoise(gate_fidelity=0.98, single_qubit_error=0.01, measurement_error=0.02, memory_t1=1e-3,
                   memory_t2=1e-3, memory_frame="psi")
    for ch in (n.two_qubit_gate_error(), n.single_qubit_gate_error(), n.measurement_flip(), n.storage(2e-4)):
        assert is_cptp(ch)


def test_psi_frame_storage_equals_the_links_own_storage():
    """Two engines one answer: LocalNoise(memory_frame="psi") on the delivered pair equals the
    electro-optic link's storage_time (decay in the photon basis before the frame update), 1e-12."""
    from qnet_plugin.links.electro_optic import ElectroOpticLink

    link = ElectroOpticLink(pump_power=1e-5)
    t = 2e-4
    stored = apply_storage(link.report().state.data, LocalNoise(memory_t1=1 / link.gamma_mw, memory_frame="psi"), t)
    assert np.abs(stored - link.replace(storage_time=t).report().state.data).max() < 1e-12


def test_psi_frame_decay_makes_x_type_errors():
    """A decayed |01>+|10> pair is |00>: in the Phi+ frame only Psi+/Psi- errors, which the minimal
    circuit detects; a decayed physical Phi+ also leaves Phi- (Z-type) weight, which it does not."""
    phi = paper_a1_state(0.0)
    c_psi = bell_coefficients(apply_storage(phi, LocalNoise(memory_t1=1e-3, memory_frame="psi"), 1e-4))
    c_phi = bell_coefficients(apply_storage(phi, LocalNoise(memory_t1=1e-3), 1e-4))
    assert c_psi[3] < 1e-12 < c_psi[1]
    assert c_phi[3] > 4e-3


def test_hashing_yield():
    assert abs(hashing_yield([1, 0, 0, 0]) - 1) < 1e-15
    assert abs(hashing_yield([0.25] * 4) + 1) < 1e-12
    c = np.array([0.9, 0.05, 0.03, 0.02])
    assert abs(hashing_yield(c) - (1 + np.sum(c * np.log2(c)))) < 1e-12
    # from a density matrix: its Bell diagonal
    assert abs(hashing_yield(paper_a1_state(0.01)) - hashing_yield(paper_a1_coefficients(0.01))) < 1e-12


def test_paper_a1_a5_reading():
    """000 Eq. (A1) is not normalised (weights sum to 1 + eps); normalised, its infidelity is
    2 eps/(1 + eps). Eq. (A5) with entropy signs on the unnormalised weights differs from the
    hashing yield of the normalised state by O(eps): < 3 eps for eps <= 0.05."""
    for eps in (1e-4, 1e-3, 1e-2, 5e-2):
        c = paper_a1_coefficients(eps)
        assert abs(c.sum() - 1) < 1e-15 and abs(1 - c[0] - 2 * eps / (1 + eps)) < 1e-15
        assert abs(paper_a5_yield(eps) - hashing_yield(c)) < 3 * eps
    # yield 0.909 bits at F = 0.99 (A1 state), to 1e-3
    assert abs(hashing_yield(paper_a1_coefficients(0.01 / 1.99)) - 0.9091) < 1e-3
