r"""How long one qubit takes through the converter chain: the wavepacket it can absorb (002 App. A).

Paper 002 estimates "the time required to convert one qubit" as 1/Delta (Sec. II), Delta the
angular FWHM of Eq. (A11), and uses that only for the energy figure E_qbit = P_heating/Delta
(Eq. (16)). As a *rate* (one qubit per 1/Delta, 1.26e8 qubits/s at Table I, next to a 20 MHz
bandwidth) it sends a wavepacket whose spectrum is as wide as the conversion band, most of which
the converter then does not convert. Here the transfer time is derived from a wavepacket instead:

* Converter response (002 Eqs. (A9)-(A10), unit cooperativity, frequencies relative to resonance):
  the conversion amplitude of one converter is
      t(omega) = -(i kappa_a kappa_b / 2) / [(omega + i kappa_a/2)(omega + i kappa_b/2) - kappa_a kappa_b/4],
  |t(0)| = 1. Intrinsic losses are the converter's on-resonance efficiency (Eq. (17)), counted
  separately by the link; the band shape used here is that of the lossless converter.
* The chain microwave -> mm-wave -> microwave passes two identical converters: amplitude t(omega)^2.
* Wavepacket: one qubit's photon occupies a time slot of length T with the smooth, compactly
  supported envelope f(t) = sqrt(2/T) sin(pi t / T) on [0, T], so slots follow back to back and
  the rate is 1/T. Its spectrum is
      |F(omega)|^2 = (8 pi^2 / T^3) cos^2(omega T/2) / ((pi/T)^2 - omega^2)^2,  int |F|^2 domega/2pi = 1.
* Efficiency penalty: eta_band(T) = int |F(omega)|^2 |t(omega)|^4 domega/2pi, the fraction of the
  wavepacket's energy the chain converts. The transfer time is the shortest T with
  1 - eta_band(T) = ``loss`` (the link's ``wavepacket_loss`` parameter, default 1 %); the link
  multiplies its end-to-end transmittance by eta_band = 1 - loss.

All rates in rad/s, times in s.
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.validation import check_positive, check_range


def conversion_amplitude(omega, kappa_a: float, kappa_b: float):
    """t(omega) of one lossless converter at unit cooperativity, 002 Eqs. (A9)-(A10)."""
    omega = np.asarray(omega, dtype=float)
    d = (omega + 0.5j * kappa_a) * (omega + 0.5j * kappa_b) - kappa_a * kappa_b / 4
    return -0.5j * kappa_a * kappa_b / d


def _sine_spectrum_x(x):
    """|F|^2 domega/2pi per unit x = omega T for the sine envelope: 4 pi cos^2(x/2)/(pi^2 - x^2)^2."""
    x = np.asarray(x, dtype=float)
    den = (np.pi ** 2 - x ** 2) ** 2
    near = np.abs(np.abs(x) - np.pi) < 1e-4
    # removable singularity at |x| = pi: cos^2(x/2)/(pi^2 - x^2)^2 -> 1/(16 pi^2)
    safe = np.where(near, 1.0, den)
    return np.where(near, 1.0 / (4 * np.pi), 4 * np.pi * np.cos(x / 2) ** 2 / safe)


def band_efficiency(duration: float, kappa_a: float, kappa_b: float, converters: int = 2) -> float:
    """eta_band(T): fraction of the sine wavepacket of length ``duration`` (s) that ``converters``
    identical converters in series convert (module docstring)."""
    check_positive("duration", duration, "s")

    from scipy.integrate import quad  # here: its import is paid only when a transfer time is needed

    def band(x):
        return np.abs(conversion_amplitude(x / duration, kappa_a, kappa_b)) ** (2 * converters)

    def integrand(x):
        return _sine_spectrum_x(x) * band(x)

    # The spectrum falls as 4 pi / x^4: beyond |x| = X = 2000 pi it holds < 8 pi/(3 X^3) = 1e-10 of
    # the energy, which is dropped (an under-estimate of eta_band by at most that). The integrand is
    # even (|t(-w)| = |t(w)|). Up to 4 pi (the central lobe and the removable point x = pi) it is
    # integrated directly; beyond, 4 pi cos^2(x/2) = 2 pi (1 + cos x) is split into a smooth part and
    # a cos-weighted one (QUADPACK's oscillatory rule), so many periods cost nothing. Each range is
    # split at the band edges so quad sees them.
    edge = 2000 * np.pi
    marks = {4 * np.pi, 20 * np.pi, 100 * np.pi, edge}
    for k in (kappa_a, kappa_b):
        for f in (0.1, 0.5, 2.0, 10.0):
            if 4 * np.pi < f * k * duration < edge:
                marks.add(f * k * duration)
    grid = sorted(marks)

    def smooth(x):
        return 2 * np.pi * band(x) / (np.pi ** 2 - x ** 2) ** 2

    val = 2 * quad(integrand, 0.0, np.pi, limit=200, epsabs=1e-13, epsrel=1e-11)[0]
    val += 2 * quad(integrand, np.pi, 4 * np.pi, limit=200, epsabs=1e-13, epsrel=1e-11)[0]
    for a, b in zip(grid[:-1], grid[1:]):
        val += 2 * quad(smooth, a, b, limit=200, epsabs=1e-14, epsrel=1e-11)[0]
        val += 2 * quad(smooth, a, b, weight="cos", wvar=1.0, limit=200, epsabs=1e-14, epsrel=1e-11)[0]
    return float(min(1.0, val))


def transfer_time(kappa_a: float, kappa_b: float, loss: float, converters: int = 2) -> float:
    """Shortest sine-wavepacket length T (s) with 1 - eta_band(T) = ``loss`` (module docstring)."""
    check_positive("kappa_a", kappa_a, "rad/s")
    check_positive("kappa_b", kappa_b, "rad/s")
    check_range("wavepacket_loss", loss, 0.0, 1.0, low_open=True, high_open=True)
    k = min(kappa_a, kappa_b)
    lo, hi = 1e-3 / k, 1.0 / k
    while 1 - band_efficiency(hi, kappa_a, kappa_b, converters) > loss:
        hi *= 4
        if hi > 1e9 / k:
            raise ValueError("transfer_time: loss too small to reach")
    while 1 - band_efficiency(lo, kappa_a, kappa_b, converters) < loss:
        lo /= 4
    from scipy.optimize import brentq  # here: 0.1 s of import that most commands never need

    return float(brentq(lambda t: (1 - band_efficiency(t, kappa_a, kappa_b, converters)) - loss, lo, hi,
                        xtol=1e-14, rtol=1e-10))


__all__ = ["conversion_amplitude", "band_efficiency", "transfer_time"]
