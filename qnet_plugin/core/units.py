"""Physical constants (exact SI values since the 2019 redefinition; ``scipy.constants`` has the
same numbers, not imported here because it costs 0.2 s at start-up) and the few unit conversions
the package uses; SI throughout.

Papers often quote a rate as "X/2pi = 10 MHz" (an angular rate) or just "10 MHz". In code every
rate is a plain float in s^-1 (or rad/s for angular frequencies), and the reading is written at the
call site: ``TWO_PI * 10e6`` for "omega/2pi = 10 MHz".
"""

from __future__ import annotations

import math

import numpy as np

H_PLANCK = 6.62607015e-34  #: Planck constant, J s (exact)
HBAR = H_PLANCK / (2.0 * math.pi)  #: reduced Planck constant, J s
K_B = 1.380649e-23  #: Boltzmann constant, J/K (exact)
C_LIGHT = 299792458.0  #: speed of light in vacuum, m/s (exact)
TWO_PI = 2.0 * np.pi  #: rad per cycle: omega = TWO_PI * f


def transmittance_from_loss_db(loss_db: float | np.ndarray) -> float | np.ndarray:
    """Power transmittance 10^(-loss/10) of an element with insertion loss ``loss_db`` (dB, >= 0)."""
    return 10.0 ** (-np.asarray(loss_db) / 10.0) if np.ndim(loss_db) else 10.0 ** (-loss_db / 10.0)


def thermal_occupation(frequency_hz: float | np.ndarray, temperature_k: float | np.ndarray) -> float | np.ndarray:
    """Bose-Einstein occupation n = 1/(exp(h f / k_B T) - 1) of a mode at ``frequency_hz`` (Hz, ordinary)
    and ``temperature_k`` (K). Vectorised; returns 0 where T = 0 (the T -> 0+ limit).

    The one implementation; :func:`qnet_plugin.physics.thermal_link.thermal_occupation` adds the
    domain check of a thermal bath (T > 0) on top of it.
    """
    f = np.asarray(frequency_hz, dtype=float)
    t = np.asarray(temperature_k, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        x = H_PLANCK * f / (K_B * t)
        n = 1.0 / np.expm1(x)
    n = np.where(t > 0, n, 0.0)
    return float(n) if n.ndim == 0 else n
