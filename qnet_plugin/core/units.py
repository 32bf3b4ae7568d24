"""Physical constants and unit helpers (SI throughout).

Papers often quote a rate as "X/2pi = 10 MHz" (an angular rate) or just "10 MHz". In code every
rate is a plain float in s^-1 (or rad/s for angular frequencies); these helpers make the reading
explicit at the call site::

    gamma = MHz(10)             # 1e7 s^-1, the number as written
    omega = angular(GHz(7))     # 2*pi*7e9 rad/s, for "omega/2pi = 7 GHz"
"""

from __future__ import annotations

import numpy as np
from scipy import constants as _c

HBAR = _c.hbar  #: reduced Planck constant, J s
H_PLANCK = _c.h  #: Planck constant, J s
K_B = _c.k  #: Boltzmann constant, J/K
C_LIGHT = _c.c  #: speed of light in vacuum, m/s
E_CHARGE = _c.e  #: elementary charge, C
PHI_0 = _c.h / (2 * _c.e)  #: superconducting flux quantum, Wb
TWO_PI = 2.0 * np.pi


def Hz(x: float | np.ndarray) -> float | np.ndarray:
    """Return ``x`` (a frequency or rate in Hz) unchanged; for readability at call sites."""
    return x * 1.0


def kHz(x: float | np.ndarray) -> float | np.ndarray:
    """Return ``x`` kHz in Hz."""
    return x * 1e3


def MHz(x: float | np.ndarray) -> float | np.ndarray:
    """Return ``x`` MHz in Hz."""
    return x * 1e6


def GHz(x: float | np.ndarray) -> float | np.ndarray:
    """Return ``x`` GHz in Hz."""
    return x * 1e9


def angular(f_hz: float | np.ndarray) -> float | np.ndarray:
    """Angular frequency in rad/s of an ordinary frequency ``f_hz`` in Hz (multiplies by 2 pi)."""
    return TWO_PI * np.asarray(f_hz) if np.ndim(f_hz) else TWO_PI * f_hz


def ordinary(omega: float | np.ndarray) -> float | np.ndarray:
    """Ordinary frequency in Hz of an angular frequency ``omega`` in rad/s (divides by 2 pi)."""
    return np.asarray(omega) / TWO_PI if np.ndim(omega) else omega / TWO_PI


def db_to_linear(db: float | np.ndarray) -> float | np.ndarray:
    """Power ratio for a value in dB (``10**(db/10)``); a loss of 3 dB gives 0.501."""
    return 10.0 ** (np.asarray(db) / 10.0) if np.ndim(db) else 10.0 ** (db / 10.0)


def linear_to_db(ratio: float | np.ndarray) -> float | np.ndarray:
    """Value in dB of a power ratio."""
    return 10.0 * np.log10(ratio)


def transmittance_from_loss_db(loss_db: float | np.ndarray) -> float | np.ndarray:
    """Power transmittance of an element with insertion loss ``loss_db`` (dB, >= 0)."""
    return db_to_linear(-np.asarray(loss_db)) if np.ndim(loss_db) else db_to_linear(-loss_db)


def photon_energy(wavelength_m: float | None = None, frequency_hz: float | None = None) -> float:
    """Energy of one photon in J, from a vacuum wavelength (m) or an ordinary frequency (Hz)."""
    if (wavelength_m is None) == (frequency_hz is None):
        raise ValueError("photon_energy: give exactly one of wavelength_m or frequency_hz")
    if wavelength_m is not None:
        return H_PLANCK * C_LIGHT / wavelength_m
    return H_PLANCK * frequency_hz


def thermal_occupation(frequency_hz: float | np.ndarray, temperature_k: float | np.ndarray) -> float | np.ndarray:
    """Bose-Einstein occupation n = 1/(exp(h f / k_B T) - 1) of a mode at ``frequency_hz`` (Hz, ordinary)
    and ``temperature_k`` (K). Vectorised; returns 0 where T = 0."""
    f = np.asarray(frequency_hz, dtype=float)
    t = np.asarray(temperature_k, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        x = H_PLANCK * f / (K_B * t)
        n = 1.0 / np.expm1(x)
    n = np.where(t > 0, n, 0.0)
    return float(n) if n.ndim == 0 else n
