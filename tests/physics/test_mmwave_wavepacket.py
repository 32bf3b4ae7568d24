"""Issue 16: the mm-wave transfer time from the wavepacket the converter chain can absorb.

The frequency-domain efficiency (002 Eqs. (A9)-(A10), two converters in series, sine wavepacket)
is checked against an independent time-domain integration of the coupled-mode equations of the
two converters (App. A at unit cooperativity) driven by the wavepacket.
"""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.mmwave import MillimeterWaveLink
from qnet_plugin.physics.mmwave.operation import conversion_bandwidth
from qnet_plugin.physics.mmwave.wavepacket import band_efficiency, conversion_amplitude, transfer_time


def _chain_output_energy(duration, ka, kb):
    """Photon energy out of converter B for the sine wavepacket into converter A (time domain).

    Each converter: modes a (microwave, ka) and b (mm-wave, kb), beam-splitter coupling
    g = sqrt(ka kb)/2 (unit cooperativity, 002 Eq. (A4)); input-output a_out = a_in + sqrt(k) a.
    A's mm-wave output is B's mm-wave input; B's microwave output is collected.
    """
    g = np.sqrt(ka * kb) / 2

    def f(t):
        return np.sqrt(2 / duration) * np.sin(np.pi * t / duration) if 0 <= t <= duration else 0.0

    def rhs(t, y):  # y = (Re, Im of a1, b1, b2, a2; energy collected so far)
        a1, b1, b2, a2 = y[:4] + 1j * y[4:8]
        b_out1 = np.sqrt(kb) * b1
        d = np.array([-ka / 2 * a1 - 1j * g * b1 - np.sqrt(ka) * f(t),
                      -kb / 2 * b1 - 1j * g * a1,
                      -kb / 2 * b2 - 1j * g * a2 - np.sqrt(kb) * b_out1,
                      -ka / 2 * a2 - 1j * g * b2])
        return np.concatenate([d.real, d.imag, [ka * abs(a2) ** 2]])

    t_end = duration + 40 / min(ka, kb)
    sol = solve_ivp(rhs, (0, t_end), np.zeros(9), method="LSODA", rtol=1e-9, atol=1e-12,
                    max_step=duration / 200)
    return sol.y[8, -1]


def test_single_converter_band_is_eq_a11():
    """|t(Delta/2)|^2 = 1/2 at the FWHM of Eq. (A11); |t(0)| = 1 (perfect conversion on resonance)."""
    ka, kb = TWO_PI * 1e7, TWO_PI * 2e9
    delta = conversion_bandwidth(ka, kb)
    assert abs(conversion_amplitude(0.0, ka, kb)) == pytest.approx(1.0, abs=1e-14)
    assert abs(conversion_amplitude(delta / 2, ka, kb)) ** 2 == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize("ka,kb,duration", [(TWO_PI * 1e7, TWO_PI * 4e7, 2e-7), (TWO_PI * 1e7, TWO_PI * 1e7, 1e-7)])
def test_band_efficiency_against_time_domain_coupled_modes(ka, kb, duration):
    got = band_efficiency(duration, ka, kb)
    want = _chain_output_energy(duration, ka, kb)
    assert 0.3 < want < 0.999
    assert got == pytest.approx(want, abs=2e-5)


def test_transfer_time_meets_the_stated_penalty_and_sets_the_rate():
    link = MillimeterWaveLink()
    rep = link.report()
    t = rep.extras["transfer_time_s"]
    assert rep.rate_hz == pytest.approx(1 / t)
    assert 1 - band_efficiency(t, link.kappa_uw, link.kappa_mm) == pytest.approx(0.01, rel=1e-6)
    # Table I (kappa_uw/2pi = 10 MHz): 0.68 us per qubit, 1.47e6 qubits/s -- not Delta = 1.26e8 s^-1
    assert t == pytest.approx(6.80e-7, rel=2e-3)
    assert rep.extras["rate_one_per_delta_hz"] / rep.rate_hz > 50
    # a larger accepted penalty: shorter wavepackets, higher rate, lower transmittance
    loose = link.replace(wavepacket_loss=0.1).report()
    assert loose.rate_hz > rep.rate_hz
    assert loose.extras["end_to_end_transmittance"] == pytest.approx(
        rep.extras["end_to_end_transmittance"] * 0.9 / 0.99, rel=1e-12)
    assert loose.fidelity < rep.fidelity


def test_wavepacket_loss_is_validated():
    with pytest.raises(ParameterError, match=r"wavepacket_loss = 0 is outside the allowed range \(0, 1\)"):
        MillimeterWaveLink(wavepacket_loss=0.0)
    with pytest.raises(ParameterError, match="wavepacket_loss"):
        transfer_time(1e7, 1e8, 1.5)
