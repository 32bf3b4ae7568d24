"""The single-rail transfer channel: closed-form Kraus map against a truncated-Fock QuTiP calculation.

Two engines: :meth:`TransferChannel.kraus` (closed form, module docstring of
``qnet_plugin.links.transfer_channel``) against :meth:`TransferChannel.fock_reference` (explicit
thermal beam splitters on a Fock space truncated at n_max photons per mode, photon-number
dephasing, saturation to the qubit). Tolerance: the reference's own truncation bound + 1e-10.
"""

import numpy as np
import pytest
from qiskit.quantum_info import DensityMatrix, random_density_matrix

from qnet_plugin.channels import apply, is_cptp
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.transfer_channel import (
    Stage,
    TransferChannel,
    converter_stage,
    phase_covariant_kraus,
    qubit_map_parameters,
    waveguide_stage,
)
from qnet_plugin.physics.mmwave.converter import MmWaveConverter
from qnet_plugin.physics.thermal_link import ThermalWaveguide


def mmwave_chain(length=10.0, temperature=4.0, attenuation=0.08):
    conv = MmWaveConverter()
    wg = ThermalWaveguide(frequency=conv.omega_mm / (2 * np.pi), temperature=temperature,
                          attenuation_db_per_m=attenuation, length=length)
    c = converter_stage("converter A", conv.efficiency, conv.backaction_occupation, conv.shot_noise_purity_loss)
    return TransferChannel((c, waveguide_stage("waveguide", wg.transmittance, wg.n_thermal),
                            converter_stage("converter B", conv.efficiency, conv.backaction_occupation,
                                            conv.shot_noise_purity_loss)))


CHAINS = {
    "mmwave 4 K, 10 m": mmwave_chain(),
    # bath occupations up to ~1 keep the reference tractable (n = 4.4 at 70 K would need n_max ~ 45)
    "mmwave 20 K, 2 m": mmwave_chain(2.0, 20.0, 0.08),
    "hot lossy": TransferChannel((converter_stage("c1", 0.6, 0.05, 0.02),
                                  waveguide_stage("w", 0.5, 0.8), converter_stage("c2", 0.7, 0.01, 0.0))),
    "pure loss": TransferChannel((Stage("loss", 0.3),)),
}


def _inputs():
    rng = np.random.default_rng(3)
    yield DensityMatrix(np.diag([1.0, 0.0]).astype(complex))
    yield DensityMatrix(np.diag([0.0, 1.0]).astype(complex))
    yield DensityMatrix(np.full((2, 2), 0.5, dtype=complex))
    yield random_density_matrix(2, seed=int(rng.integers(1000)))


@pytest.mark.parametrize("name", CHAINS)
def test_kraus_matches_fock_space_beam_splitters(name):
    ch = CHAINS[name]
    n_max = 8 if ch.added_noise < 0.01 else 14
    kraus = ch.kraus()
    for rho in _inputs():
        ref, err = ch.fock_reference(rho, n_max=n_max)
        got = apply(kraus, rho).data
        assert err < 1e-3, f"truncation bound {err:.2e} too large at n_max = {n_max}"
        assert np.allclose(got, ref, atol=err + 1e-10, rtol=0), np.abs(got - ref).max()


def test_truncation_error_bound_is_honest():
    """The stated bound covers the actual change when n_max grows."""
    ch = CHAINS["hot lossy"]
    rho = DensityMatrix(np.full((2, 2), 0.5, dtype=complex))
    small, err_small = ch.fock_reference(rho, n_max=5)
    big, err_big = ch.fock_reference(rho, n_max=16)
    assert err_big < 1e-4
    assert np.abs(small - big).max() <= err_small + err_big


@pytest.mark.parametrize("name", CHAINS)
def test_cptp_and_parameters(name):
    ch = CHAINS[name]
    assert is_cptp(ch.kraus())
    p_up, p_down, lam = ch.parameters()
    out0 = apply(ch.kraus(), DensityMatrix(np.diag([1.0, 0]).astype(complex))).data
    out1 = apply(ch.kraus(), DensityMatrix(np.diag([0, 1.0]).astype(complex))).data
    assert out0[1, 1].real == pytest.approx(p_up, abs=1e-14)
    assert out1[0, 0].real == pytest.approx(p_down, abs=1e-14)
    plus = apply(ch.kraus(), DensityMatrix(np.full((2, 2), 0.5, dtype=complex))).data
    assert plus[0, 1].real == pytest.approx(lam / 2, abs=1e-14)


def test_composition_rules():
    """tau multiplies; added noise is attenuated by later stages: N = T (t n_h + N_w) + n_h."""
    ch = CHAINS["hot lossy"]
    assert ch.transmittance == pytest.approx(0.6 * 0.5 * 0.7)
    assert ch.added_noise == pytest.approx(0.7 * (0.5 * 0.05 + 0.5 * 0.8) + 0.01)
    assert ch.coherence == pytest.approx(np.sqrt(0.98))


def test_limits():
    """tau = 1, N = 0: identity; tau = 0: replaced by the (saturated) thermal state."""
    ident = TransferChannel((Stage("ideal", 1.0),)).kraus()
    rho = random_density_matrix(2, seed=5)
    assert np.allclose(apply(ident, rho).data, rho.data)
    p_up, p_down, lam = qubit_map_parameters(0.0, 0.25)
    assert (p_up, lam) == (pytest.approx(0.2), 0.0)
    assert p_down == pytest.approx(0.8)


@pytest.mark.parametrize("seed", range(20))
def test_random_chains_are_cptp(seed):
    rng = np.random.default_rng(seed)
    stages = tuple(Stage(f"s{k}", rng.uniform(0, 1), rng.exponential(0.3), rng.uniform(0, 1))
                   for k in range(int(rng.integers(1, 4))))
    assert is_cptp(TransferChannel(stages).kraus())


def test_bad_input():
    with pytest.raises(ParameterError, match="coherence"):
        phase_covariant_kraus(0.5, 0.5, 0.9)
    with pytest.raises(ParameterError, match="transmittance"):
        Stage("x", 1.5)
    with pytest.raises(ParameterError, match="stages"):
        TransferChannel(())
