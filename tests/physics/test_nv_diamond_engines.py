"""Two engines, one answer (paper 001): the fast perturbative solve against QuTiP.

Fast engine: exact weak-signal perturbation theory in the frame where the drive is static
(nv_diamond.conversion). Reference: QuTiP Liouvillians, the paper's harmonic expansion at finite
signal flux and a regression of R_tot, R_coh on |E_s|^2 (nv_diamond_qutip.conversion_qutip), and
qutip.steadystate for the drive-only dark counts. Tolerance: 1e-6 relative (the regression's
residual curvature is ~1e-8).
"""

import numpy as np
import pytest

from qnet_plugin.physics.nv_diamond.rates import NVDevice
from qnet_plugin.physics.nv_diamond.reference.master_equation import (
    conversion_qutip,
    dark_count_rate_qutip,
    two_tone_steady_state,
)
from qnet_plugin.physics.nv_diamond.steady_state import conversion

MHZ = 2 * np.pi * 1e6

POINTS = [
    dict(pump_power=55e-12),
    dict(pump_power=10e-12),
    dict(pump_power=300e-12, dephasing_1=1.0 * MHZ, dephasing_2=5.0 * MHZ),
    dict(pump_power=55e-12, detuning_10=2.0 * MHZ, detuning_20=-8.0 * MHZ, signal_detuning=1.0 * MHZ),
    dict(pump_power=20e-12, dephasing_2=40.0 * MHZ, detuning_20=15.0 * MHZ),
]


@pytest.fixture(scope="module")
def dev():
    return NVDevice()


@pytest.mark.parametrize("point", POINTS)
def test_fast_engine_matches_qutip_harmonic_expansion(dev, point):
    fast = conversion(dev, **point)
    ref = conversion_qutip(dev, **point)
    assert float(fast.p_tot) == pytest.approx(ref["p_tot"], rel=1e-6)
    assert float(fast.p_coh) == pytest.approx(ref["p_coh"], rel=1e-6)
    assert float(fast.dark_count_hz) == pytest.approx(ref["dark_count_hz"], rel=1e-6)
    assert np.angle(np.exp(1j * (float(fast.theta) - ref["theta"]))) == pytest.approx(0.0, abs=1e-5)


@pytest.mark.parametrize("point", POINTS[:3])
def test_dark_counts_match_qutip_steadystate(dev, point):
    kw = {k: v for k, v in point.items() if k != "signal_detuning"}
    assert float(conversion(dev, **kw).dark_count_hz) == pytest.approx(dark_count_rate_qutip(dev, **kw), rel=1e-6)


def test_harmonic_expansion_converged(dev):
    """Truncating the expansion at |n| <= 1 already agrees with |n| <= 3 to 1e-8 (drive/detuning ~ 2e-3)."""
    a = two_tone_steady_state(dev, 55e-12, 500.0, harmonics=1)
    b = two_tone_steady_state(dev, 55e-12, 500.0, harmonics=3)
    assert a["r_tot"] == pytest.approx(b["r_tot"], rel=1e-8)
    assert a["r_coh"] == pytest.approx(b["r_coh"], rel=1e-8)


def test_rates_are_linear_in_signal_flux_at_weak_signal(dev):
    """001 Fig. 2(a): R_tot and R_coh are straight lines in |E_s|^2 near the origin with slopes P_tot, P_coh."""
    fast = conversion(dev)
    r = two_tone_steady_state(dev, 55e-12, 100.0)
    assert r["r_coh"] / 100.0 == pytest.approx(float(fast.p_coh), rel=1e-3)
    assert (r["r_tot"] - float(fast.dark_count_hz)) / 100.0 == pytest.approx(float(fast.p_tot), rel=1e-3)
