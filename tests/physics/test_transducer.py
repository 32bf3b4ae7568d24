"""Generic transducer heralding (issue 17): fast Fock-space engine vs the QuTiP reference, known limits
(textbook single-click state, ideal Barrett-Kok), noise monotonicity, phase insensitivity of two-click,
the Fock truncation's convergence check."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.physics.transducer import fock
from qnet_plugin.physics.transducer.heralding import (
    HeraldingSetup,
    concurrence,
    round_weights,
    single_click_pair,
    two_click_pair,
)
from qnet_plugin.physics.transducer.reference import heralded_pair_qutip

PHI_PLUS = np.array([1, 0, 0, 1]) / np.sqrt(2)


def physical(rho):
    assert np.allclose(rho, rho.conj().T, atol=1e-12)
    assert np.trace(rho).real == pytest.approx(1.0, abs=1e-12)
    assert np.linalg.eigvalsh(rho).min() > -1e-12


# ------------------------------------------------------------------ two engines, one answer
# Points exercise every ingredient: thermal noise in the signal mode, pump-induced Poisson noise, fibre,
# detector efficiency, dark counts, interferometer phase, phase noise, memory dephasing.
POINTS = [
    dict(efficiency=0.6, thermal_noise=0.05, pump_noise=0.03, fibre_transmittance=0.7, detector_efficiency=0.8,
         dark_probability=1e-3, phase=0.4),
    dict(efficiency=0.3, thermal_noise=0.1),
    dict(efficiency=0.9, thermal_noise=0.02, detector_efficiency=0.5, phase=-1.1, pump_noise=0.2),
]


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("protocol", ["single-click", "two-click"])
def test_fast_engine_matches_qutip_reference(point, protocol):
    # Tolerance 1e-8 absolute on every matrix element and on the herald probability: the fast engine
    # is converged to 1e-9 per weight; the reference's bath is cut at 13 levels (thermal tail
    # (N/(N+1))^13 < 1e-10 for N' <= 0.2 here) and its phase average uses 16-point Gauss-Hermite.
    s = HeraldingSetup(**point)
    w = round_weights(s)
    alpha, sigma, deph = 0.2, 0.3, 0.02
    ref = heralded_pair_qutip(protocol, alpha=alpha, phase_noise=sigma, dephasing=deph, bath_levels=13, **point)
    fast = single_click_pair(w, alpha, sigma, deph) if protocol == "single-click" else two_click_pair(w, deph)
    assert fast.herald_probability == pytest.approx(ref["herald_probability"], abs=1e-8)
    assert np.max(np.abs(fast.state - ref["state"])) < 1e-8
    for key, raw in fast.raw.items():     # every herald outcome separately, physical frame
        assert np.max(np.abs(raw - ref["raw"][key])) < 1e-8
    physical(fast.state)


# ------------------------------------------------------------------ known limits
@pytest.mark.parametrize("t", [1.0, 0.5, 0.05])
@pytest.mark.parametrize("alpha", [0.05, 0.2, 0.45])
def test_single_click_without_noise_is_the_textbook_state(t, alpha):
    # n_add = 0, unit detector efficiency, no dark counts; total transmission t = eta (fibre 1).
    # Exact: (1 - p)|Psi+><Psi+| + p|11><11| with p = alpha (2 - t)/(2 - alpha t) (HOM: two photons leave
    # together), -> alpha for t -> 0 (Humphreys et al. 2018). In the Phi+ frame (X on B) |11> -> |A=1, B=0>.
    pair = single_click_pair(round_weights(HeraldingSetup(efficiency=t)), alpha)
    p = alpha * (2 - t) / (2 - alpha * t)
    want = (1 - p) * np.outer(PHI_PLUS, PHI_PLUS)
    want[1, 1] += p
    assert np.allclose(pair.state, want, atol=1e-12)
    assert pair.fidelity == pytest.approx(1 - p, abs=1e-12)
    assert pair.herald_probability == pytest.approx(2 * alpha * (1 - alpha) * t + alpha**2 * t * (2 - t), abs=1e-12)


def test_single_click_low_transmission_limit_is_alpha():
    for alpha in (0.1, 0.3):
        pair = single_click_pair(round_weights(HeraldingSetup(efficiency=1e-6)), alpha)
        assert pair.state[1, 1].real == pytest.approx(alpha, abs=1e-6)
        assert pair.fidelity == pytest.approx(1 - alpha, abs=1e-6)


@pytest.mark.parametrize("t", [1.0, 0.4, 0.01])
def test_ideal_barrett_kok_is_a_perfect_bell_pair(t):
    pair = two_click_pair(round_weights(HeraldingSetup(efficiency=t, phase=0.7)))
    assert np.allclose(pair.state, np.outer(PHI_PLUS, PHI_PLUS), atol=1e-12)
    assert pair.herald_probability == pytest.approx(t**2 / 2, rel=1e-12)   # Barrett & Kok 2005
    assert concurrence(pair.state) == pytest.approx(1.0, abs=1e-10)


def test_heralded_bell_states_follow_the_detector_pattern():
    # D+ heralds Psi+, D- Psi- (single-click); same detector twice Psi+, different Psi- (Barrett & Kok)
    w = round_weights(HeraldingSetup(efficiency=0.5))
    sc = single_click_pair(w, 0.01)
    psi_p, psi_m = np.array([0, 1, 1, 0]) / np.sqrt(2), np.array([0, 1, -1, 0]) / np.sqrt(2)
    for key, vec in (("+", psi_p), ("-", psi_m)):
        rho = sc.raw[key] / np.trace(sc.raw[key])
        assert np.real(vec @ rho @ vec) > 0.98
    tc = two_click_pair(w)
    for key in ("++", "--", "+-", "-+"):
        rho = tc.raw[key] / np.trace(tc.raw[key])
        assert np.real((psi_p if key[0] == key[1] else psi_m) @ rho @ (psi_p if key[0] == key[1] else psi_m)) == \
            pytest.approx(1.0, abs=1e-12)


# ------------------------------------------------------------------ noise and phase
@settings(max_examples=25, deadline=None)
@given(eta=st.floats(0.02, 0.95), t_f=st.floats(0.1, 1.0), eta_d=st.floats(0.1, 1.0),
       alpha=st.floats(0.01, 0.49), n1=st.floats(0.0, 0.3), dn=st.floats(1e-3, 0.3),
       pump=st.booleans(), phase=st.floats(-np.pi, np.pi))
def test_noise_only_lowers_fidelity(eta, t_f, eta_d, alpha, n1, dn, pump, phase):
    # Fidelity at a calibrated interferometer (phase 0; an uncorrected static phase can push F below the
    # noise's own level, and then noise raises it: found by hypothesis at phase = 2 rad), and the
    # concurrence, which local phases do not change, at any phase.
    def pairs(n, ph):
        kw = dict(pump_noise=n) if pump else dict(thermal_noise=n)
        w = round_weights(HeraldingSetup(efficiency=eta, fibre_transmittance=t_f, detector_efficiency=eta_d,
                                         phase=ph, **kw))
        return single_click_pair(w, alpha), two_click_pair(w)
    for ph, measure in ((0.0, lambda p: p.fidelity), (phase, lambda p: concurrence(p.state))):
        low, high = pairs(n1, ph), pairs(n1 + dn, ph)
        for a, b in zip(low, high):
            assert measure(b) <= measure(a) + 1e-10


def test_noise_lowers_fidelity_strictly_and_ends_entanglement():
    f = [two_click_pair(round_weights(HeraldingSetup(efficiency=0.5, thermal_noise=n))).fidelity
         for n in (0.0, 0.01, 0.1, 1.0)]
    assert f[0] > f[1] > f[2] > f[3]
    noisy = two_click_pair(round_weights(HeraldingSetup(efficiency=0.5, thermal_noise=1.0)))
    assert concurrence(noisy.state) == 0.0


@pytest.mark.parametrize("noise", [dict(), dict(thermal_noise=0.1, pump_noise=0.05, dark_probability=1e-2)])
def test_two_click_fidelity_is_independent_of_the_interferometer_phase(noise):
    states = [two_click_pair(round_weights(HeraldingSetup(efficiency=0.4, phase=ph, **noise))).state
              for ph in np.linspace(-np.pi, np.pi, 7)]
    for rho in states[1:]:
        assert np.allclose(rho, states[0], atol=1e-12)


def test_single_click_coherence_follows_the_phase_and_its_noise():
    w0 = round_weights(HeraldingSetup(efficiency=0.4))
    wphi = round_weights(HeraldingSetup(efficiency=0.4, phase=0.8))
    a = single_click_pair(w0, 0.1)
    b = single_click_pair(wphi, 0.1)
    c = single_click_pair(w0, 0.1, phase_noise=0.5)
    coh = a.state[0, 3].real
    # uncorrected static phase: e^{-i phi} on the physical <A=1,B=0|rho|A=0,B=1> (D+ herald), which the
    # frame update X_B moves to <11|rho|00>, so <00|rho|11> carries e^{+i phi}
    assert b.raw["+"][1, 2] / abs(b.raw["+"][1, 2]) == pytest.approx(np.exp(-0.8j), abs=1e-12)
    assert b.state[0, 3] == pytest.approx(coh * np.exp(0.8j), abs=1e-12)
    assert c.state[0, 3].real == pytest.approx(coh * np.exp(-0.125), abs=1e-12)  # exp(-sigma^2/2)
    assert b.fidelity < a.fidelity and c.fidelity < a.fidelity


# ------------------------------------------------------------------ Fock space and truncation
def test_attenuator_photon_statistics():
    # exact identities of the thermal attenuator: <n_out> = T <n_in> + (1 - T) N, trace 1, |1><0| -> sqrt(T) at N=0
    ms = fock.attenuator_action(0.7, 0.5, 80, 30)
    n = np.arange(30)
    assert ms.p0.sum() == pytest.approx(1, abs=1e-12) and ms.p1.sum() == pytest.approx(1, abs=1e-12)
    assert n @ ms.p0 == pytest.approx(0.3 * 0.5, abs=1e-12)
    assert n @ ms.p1 == pytest.approx(0.7 + 0.3 * 0.5, abs=1e-12)
    pure = fock.attenuator_action(0.7, 0.0, 0, 4)
    assert pure.c10[1] == pytest.approx(np.sqrt(0.7)) and pure.p1[:2] == pytest.approx([0.3, 0.7])


def test_beam_splitter_blocks_are_orthogonal():
    blocks = fock.beam_splitter_amplitudes(6)
    for total, block in enumerate(blocks[:6]):     # blocks with every row valid
        assert np.allclose(block @ block.T, np.eye(total + 1), atol=1e-12)
    # HOM: |1,1> -> (|2,0> - |0,2>)/sqrt 2, no |1,1>
    assert blocks[2][1] == pytest.approx([-1 / np.sqrt(2), 0, 1 / np.sqrt(2)])


def test_truncation_is_converged_on_the_observables():
    s = HeraldingSetup(efficiency=0.8, thermal_noise=0.5, detector_efficiency=0.9)
    coarse, fine = round_weights(s, tol=1e-6), round_weights(s, tol=1e-11)
    assert coarse.truncation_error <= 1e-6 and fine.truncation_error <= 1e-11
    assert fine.bath_cutoff > coarse.bath_cutoff
    for f in (lambda w: single_click_pair(w, 0.2), two_click_pair):
        a, b = f(coarse), f(fine)
        assert a.herald_probability == pytest.approx(b.herald_probability, abs=1e-5)
        assert a.fidelity == pytest.approx(b.fidelity, abs=1e-5)


def test_unconvergeable_noise_is_refused():
    with pytest.raises(ParameterError, match="thermal_noise = 50"):
        round_weights(HeraldingSetup(efficiency=0.999, thermal_noise=50.0))


@pytest.mark.parametrize("kw,name", [
    (dict(efficiency=1.2), "efficiency = 1.2"), (dict(efficiency=0.5, thermal_noise=-1), "thermal_noise = -1"),
    (dict(efficiency=1.0, thermal_noise=0.1), "efficiency = 1"), (dict(efficiency=0.5, dark_probability=1.0),
                                                                  "dark_probability = 1"),
])
def test_bad_setup_is_refused_by_name(kw, name):
    with pytest.raises(ParameterError, match=name):
        HeraldingSetup(**kw)
