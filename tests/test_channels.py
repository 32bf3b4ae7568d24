"""Every channel is CPTP across its parameter space (property tests), and does what it says."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit.quantum_info import DensityMatrix, random_density_matrix

from qnet_plugin import channels as ch
from qnet_plugin.core.validation import ParameterError

prob = st.floats(0.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(p=prob, n=st.floats(0.0, 50.0), q=prob)
def test_single_qubit_channels_are_cptp(p, n, q):
    for channel in (ch.amplitude_damping(p), ch.generalized_amplitude_damping(p, n), ch.phase_damping(q),
                    ch.depolarizing(p), ch.depolarizing(p, 2)):
        assert ch.is_cptp(channel, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(t=st.floats(0.0, 1e-2), t1=st.floats(1e-6, 1.0), ratio=st.floats(0.01, 2.0), n=st.floats(0, 5))
def test_storage_decay_is_cptp(t, t1, ratio, n):
    assert ch.is_cptp(ch.storage_decay(t, t1, ratio * t1, n_thermal=n), atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), rank=st.integers(1, 4))
def test_state_preparation_is_cptp_and_prepares_the_state(seed, rank):
    target = random_density_matrix(4, rank=rank, seed=seed)
    channel = ch.state_preparation(target)
    assert ch.is_cptp(channel, atol=1e-10)
    out = ch.apply(channel, random_density_matrix(4, seed=seed + 1))
    assert np.allclose(out.data, target.data, atol=1e-10)


def test_storage_decay_t1_t2():
    t, t1, t2 = 3e-6, 10e-6, 8e-6
    rho = DensityMatrix(np.full((2, 2), 0.5))
    out = ch.apply(ch.storage_decay(t, t1, t2), DensityMatrix(np.array([[0, 0], [0, 1]]))).data
    assert out[1, 1].real == pytest.approx(np.exp(-t / t1), rel=1e-12)
    out = ch.apply(ch.storage_decay(t, t1, t2), rho).data
    assert abs(out[0, 1]) == pytest.approx(0.5 * np.exp(-t / t2), rel=1e-12)


def test_generalized_amplitude_damping_relaxes_to_thermal_populations():
    n = 0.7
    out = ch.apply(ch.generalized_amplitude_damping(1.0, n), DensityMatrix.from_label("0")).data
    assert out[1, 1].real == pytest.approx(n / (2 * n + 1))


def test_depolarizing_and_pauli_channel():
    rho = random_density_matrix(4, seed=3)
    out = ch.apply(ch.depolarizing(0.3, 2), rho).data
    assert np.allclose(out, 0.7 * rho.data + 0.3 * np.eye(4) / 4)
    pc = ch.pauli_channel({"II": 0.9, "XX": 0.1})
    assert ch.is_cptp(pc)


def test_bad_parameters_raise_clear_errors():
    with pytest.raises(ParameterError, match=r"p = 1.5 is outside the allowed range \[0, 1\]"):
        ch.amplitude_damping(1.5)
    with pytest.raises(ParameterError, match=r"t2 = .* \(T2 <= 2 T1\)"):
        ch.storage_decay(1e-6, 1e-6, 3e-6)
    with pytest.raises(ValueError, match="trace"):
        ch.state_preparation(np.eye(4))
    with pytest.raises(ValueError, match="negative eigenvalue"):
        ch.state_preparation(np.diag([1.5, -0.5, 0, 0]))
