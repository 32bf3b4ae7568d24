"""Heralding attempts in time (issue 15): geometric laws, exact averages, Aer against closed forms."""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix
from qiskit_aer import AerSimulator

from qnet_plugin.channels import storage_decay
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import ElectroOpticLink
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network.attempts import AttemptModel, attempt_model, mean_exponential_damping, mean_geometric_damping


def test_certain_attempts_deliver_n_pairs_at_n_attempt_times():
    model = AttemptModel(attempt_time_s=2e-6, success_probability=1.0)
    arrivals = model.sample_arrivals(np.random.default_rng(0), 7)
    assert np.allclose(arrivals, 2e-6 * np.arange(1, 8), rtol=0, atol=1e-18)


def test_heralded_link_keeps_its_reported_mean_rate():
    report = ElectroOpticLink().report()
    model = attempt_model(report)
    assert model.success_probability == pytest.approx(report.extras["herald_probability"])
    assert model.rate_hz == pytest.approx(report.rate_hz, rel=1e-12)
    times = model.sample_generation_times(np.random.default_rng(1), 40_000)
    # mean of a geometric law: d/p; standard error sqrt(1-p)/p d / sqrt(n)
    se = math.sqrt(1 - model.success_probability) / model.success_probability * model.attempt_time_s / 200
    assert abs(times.mean() - 1 / report.rate_hz) < 4 * se
    # every time is a whole number of attempts
    k = times / model.attempt_time_s
    assert np.allclose(k, np.round(k), atol=1e-9)


def test_multiplexed_channels_share_the_rate():
    model = attempt_model(WernerLink(rate_hz=1e5).report(), channels=4)
    assert model.rate_hz == pytest.approx(1e5)
    arrivals = model.sample_arrivals(np.random.default_rng(2), 20_000)
    assert np.all(np.diff(arrivals) >= 0)
    rate = len(arrivals) / arrivals[-1]
    assert rate == pytest.approx(1e5, rel=0.03)


def test_geometric_average_is_exact_and_tends_to_the_exponential_closed_form():
    t2 = 50e-6
    model = AttemptModel(attempt_time_s=1e-7, success_probability=1e-3)   # mean wait 100 us
    rng = np.random.default_rng(3)
    waits = model.sample_generation_times(rng, 200_000)
    mc = np.exp(-waits / t2)
    exact = mean_geometric_damping(model, t2)
    assert abs(mc.mean() - exact) < 4 * mc.std() / math.sqrt(len(mc))
    assert exact == pytest.approx(mean_exponential_damping(model.mean_generation_time_s, t2), rel=2e-3)
    # the mean-time model damps more than the average over the law (Jensen)
    assert math.exp(-model.mean_generation_time_s / t2) < exact


def test_pair_waiting_an_exponential_time_on_aer_equals_the_closed_form():
    """One pair's half waits t ~ Exp(R) in a memory of T1 = inf, T2: the shot-averaged state
    has Phi+ coherence (1/2) E[exp(-t/T2)] = (1/2)/(1 + 1/(R T2)); Aer runs each sampled wait."""
    rate, t2, k = 2e4, 100e-6, 60
    model = attempt_model(WernerLink(rate_hz=rate).report(), resolution_s=1e-8)
    waits = model.sample_generation_times(np.random.default_rng(4), k)
    sim = AerSimulator(method="density_matrix")
    circuits = []
    for t in waits:
        qc = QuantumCircuit(2)
        qc.append(WernerLink(fidelity=1.0, rate_hz=rate).bell_pair(), [0, 1])
        qc.append(storage_decay(float(t), 1e9, t2), [1])
        qc.save_density_matrix()
        circuits.append(qc)
    result = sim.run(transpile(circuits, sim), shots=1).result()
    rhos = np.array([DensityMatrix(result.data(i)["density_matrix"]).data for i in range(k)])
    coherence = rhos[:, 0, 3].real
    # Aer against the channel's own formula on the same samples (two engines, one answer)
    assert np.allclose(coherence, 0.5 * np.exp(-waits / t2) * np.exp(-waits / (2 * 1e9)), atol=1e-9)
    # the sample mean against the closed form, to statistical error
    closed = 0.5 * mean_exponential_damping(1 / rate, t2)
    assert abs(coherence.mean() - closed) < 4 * coherence.std() / math.sqrt(k) + 1e-3


@pytest.mark.parametrize("kwargs, match", [
    (dict(attempt_time_s=0.0, success_probability=0.5), "attempt_time_s"),
    (dict(attempt_time_s=1e-6, success_probability=0.0), "success_probability"),
    (dict(attempt_time_s=1e-6, success_probability=1.5), "success_probability"),
    (dict(attempt_time_s=float("nan"), success_probability=0.5), "attempt_time_s"),
    (dict(attempt_time_s=1e-6, success_probability=0.5, channels=0), "channels"),
])
def test_bad_attempt_models_are_refused_by_name(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        AttemptModel(**kwargs)


def test_too_coarse_a_resolution_is_refused():
    with pytest.raises(ParameterError, match="resolution_s"):
        attempt_model(WernerLink(rate_hz=1e6).report(), resolution_s=1e-3)
