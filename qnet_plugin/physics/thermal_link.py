"""A lossy waveguide at temperature T: a beam splitter with a thermal port, paper 002 Sec. VII.

A link of transmittance t at temperature T is a beam splitter of transmittance t whose second input
is a thermal bath of occupation n = 1/(exp(hbar omega/k_B T) - 1); it adds N = (1 - t) n photons per
mode (002 Sec. VII). With t = exp(-alpha l) the length at which N reaches a threshold x is
l_x = -ln(1 - x/n)/alpha, infinite when n <= x (Table II).

Attenuation is given in dB/m as in Table II (power dB: t = 10^(-alpha_dB l/10)). Frequencies are
ordinary (Hz) here, because Table II labels its carriers "7 GHz", "300 GHz", "200 THz".

:func:`thermal_beam_splitter_fock` is the full-simulation engine: the beam-splitter unitary on a
truncated two-mode Fock space in QuTiP, used to check the closed-form transfer channel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm

from qnet_plugin.core.units import thermal_occupation as _bose
from qnet_plugin.core.validation import (
    check_nonnegative,
    check_positive,
    check_probability,
    check_range,
    param,
    validate_dataclass,
)

#: Table II of paper 002: carrier frequency (Hz) -> {temperature (K): attenuation (dB/m)}.
#: The microwave entries at 70 K and 300 K are lower bounds in the paper (">~"), so its lengths
#: there are upper bounds ("<~").
TABLE_II_ATTENUATION_DB_PER_M = {
    7e9: {0.02: 0.01, 4.0: 0.1, 70.0: 0.1, 300.0: 0.2},
    300e9: {0.02: 0.08, 4.0: 0.08, 70.0: 0.15, 300.0: 3.8},
    200e12: {0.02: 0.0005, 4.0: 0.0005, 70.0: 0.0005, 300.0: 0.0005},
}

#: Table II printed values: (frequency, temperature) -> (n, l_0.01 [m], l_0.1 [m]); inf for "infinity",
#: 0.0 for the "~0" occupations (< 1e-10).
TABLE_II_PRINTED = {
    (7e9, 0.02): (5e-8, np.inf, np.inf), (7e9, 4.0): (11, 0.04, 0.4),
    (7e9, 70.0): (210, 0.002, 0.02), (7e9, 300.0): (890, 0.0002, 0.002),
    (300e9, 0.02): (0.0, np.inf, np.inf), (300e9, 4.0): (0.03, 22.0, np.inf),
    (300e9, 70.0): (4.4, 0.07, 0.7), (300e9, 300.0): (20, 0.0006, 0.006),
    (200e12, 0.02): (0.0, np.inf, np.inf), (200e12, 4.0): (0.0, np.inf, np.inf),
    (200e12, 70.0): (0.0, np.inf, np.inf), (200e12, 300.0): (0.0, np.inf, np.inf),
}


def thermal_occupation(frequency_hz, temperature_k):
    """Bose-Einstein occupation n = 1/(exp(h f/k_B T) - 1) per mode, 002 Sec. VII. T must be > 0."""
    check_positive("frequency", frequency_hz, "Hz")
    check_range("temperature", temperature_k, 0.0, None, low_open=True, unit="K",
                why="a thermal bath needs T > 0")
    return _bose(frequency_hz, temperature_k)


def attenuation_per_m(attenuation_db_per_m):
    """Power attenuation constant alpha in 1/m from dB/m: alpha = alpha_dB ln(10)/10."""
    check_nonnegative("attenuation_db_per_m", attenuation_db_per_m, "dB/m")
    return np.asarray(attenuation_db_per_m, dtype=float) * np.log(10) / 10


def transmittance(attenuation_db_per_m, length_m):
    """Power transmittance t = exp(-alpha l) of a waveguide of ``length_m`` (m), 002 Sec. VII."""
    check_nonnegative("length", length_m, "m")
    return np.exp(-attenuation_per_m(attenuation_db_per_m) * np.asarray(length_m, dtype=float))


def added_noise_photons(t, n_thermal):
    """Thermal photons added per mode by a beam splitter of transmittance t: N = (1 - t) n, 002 Sec. VII."""
    check_probability("transmittance", t)
    check_nonnegative("n_thermal", n_thermal)
    return (1 - np.asarray(t, dtype=float)) * np.asarray(n_thermal, dtype=float)


def length_for_added_photons(threshold, n_thermal, attenuation_db_per_m):
    """Length (m) at which (1 - t) n reaches ``threshold``: -ln(1 - x/n)/alpha, inf if n <= x (Table II)."""
    check_positive("threshold", threshold)
    check_nonnegative("n_thermal", n_thermal)
    alpha = attenuation_per_m(attenuation_db_per_m)
    n = np.asarray(n_thermal, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(n > threshold, threshold / np.where(n > 0, n, 1.0), 1.0)
        ell = np.where(n > threshold, -np.log1p(-frac) / alpha, np.inf)
    return float(ell) if ell.ndim == 0 else ell


@dataclass(frozen=True)
class ThermalWaveguide:
    """A waveguide of given length, loss and temperature carrying one frequency (002 Sec. VII, Table II)."""

    frequency: float = param(300e9, "carrier frequency (ordinary)", "Hz", low=0.0, low_open=True)
    temperature: float = param(4.0, "waveguide temperature", "K", low=0.0, low_open=True)
    attenuation_db_per_m: float = param(0.08, "power attenuation", "dB/m", low=0.0)
    length: float = param(1.0, "waveguide length", "m", low=0.0)

    def __post_init__(self):
        validate_dataclass(self)

    @property
    def n_thermal(self) -> float:
        """Bath occupation at the carrier frequency."""
        return float(thermal_occupation(self.frequency, self.temperature))

    @property
    def transmittance(self) -> float:
        """Power transmittance exp(-alpha l)."""
        return float(transmittance(self.attenuation_db_per_m, self.length))

    @property
    def added_photons(self) -> float:
        """Thermal photons added per mode, (1 - t) n."""
        return float(added_noise_photons(self.transmittance, self.n_thermal))

    def length_for(self, threshold: float) -> float:
        """Length (m) at which the added photons reach ``threshold``."""
        return length_for_added_photons(threshold, self.n_thermal, self.attenuation_db_per_m)

    def budget(self) -> dict[str, float]:
        """Link budget: n_thermal, transmittance, added_photons, l_001_m, l_01_m (the Table II columns)."""
        return {"n_thermal": self.n_thermal, "transmittance": self.transmittance,
                "added_photons": self.added_photons, "l_001_m": self.length_for(0.01),
                "l_01_m": self.length_for(0.1)}


def thermal_beam_splitter_fock(rho_in, t, n_bath, n_max: int):
    """Output of a beam splitter (transmittance t) whose second port holds a thermal state, in QuTiP.

    Full two-mode calculation on a Fock space truncated at ``n_max`` photons per mode: the bath is the
    thermal state of occupation ``n_bath`` restricted to n <= n_max and renormalised, the beam
    splitter is U = exp(theta (a^dag b - a b^dag)) with cos^2 theta = t, and the bath mode is traced
    out. ``rho_in`` is an (n_max+1)-dimensional signal density matrix (numpy array or Qobj).

    Returns ``(rho_out, truncation_error)``: the signal output as a numpy array and a bound on the
    trace-norm error from truncation. The beam splitter conserves the total photon number and the
    truncated generator is exact on every state with at most n_max photons in all, so the error is
    at most the input weight above n_max photons, sum_s p_s q^(n_max + 1 - s) with p_s the signal's
    Fock populations and q = n/(n+1) (the thermal tail P(k >= m) = q^m).
    """
    import qutip

    check_probability("t", t)
    check_nonnegative("n_bath", n_bath)
    dim = n_max + 1
    rho = rho_in.full() if hasattr(rho_in, "full") else np.asarray(rho_in, dtype=complex)
    if rho.shape != (dim, dim):
        raise ValueError(f"rho_in has shape {rho.shape}; expected ({dim}, {dim}) for n_max = {n_max}")
    q = n_bath / (1 + n_bath)
    weights = (1 - q) * q ** np.arange(dim)
    bath = qutip.Qobj(np.diag(weights / weights.sum()))
    a = qutip.tensor(qutip.destroy(dim), qutip.qeye(dim))
    b = qutip.tensor(qutip.qeye(dim), qutip.destroy(dim))
    theta = np.arccos(np.sqrt(t))
    u = qutip.Qobj(_block_expm(theta * (a.dag() * b - a * b.dag()).full(), dim), dims=a.dims)
    out = (u * qutip.tensor(qutip.Qobj(rho), bath) * u.dag()).ptrace(0).full()
    p_signal = np.abs(np.diag(rho))
    return out, float(np.sum(p_signal * q ** (n_max + 1 - np.arange(dim))))


def _block_expm(generator: np.ndarray, dim: int) -> np.ndarray:
    """exp(generator) for a generator that conserves the total photon number of two modes.

    Exponentiating each fixed-photon-number block (size <= dim) separately is exact and avoids one
    large dense expm, which is slow when BLAS threads compete for a busy machine.
    """
    total = np.add.outer(np.arange(dim), np.arange(dim)).ravel()
    u = np.zeros_like(generator, dtype=complex)
    for n in np.unique(total):
        idx = np.nonzero(total == n)[0]
        u[np.ix_(idx, idx)] = expm(generator[np.ix_(idx, idx)])
    return u


__all__ = ["TABLE_II_ATTENUATION_DB_PER_M", "TABLE_II_PRINTED", "thermal_occupation", "attenuation_per_m",
           "transmittance", "added_noise_photons", "length_for_added_photons", "ThermalWaveguide",
           "thermal_beam_splitter_fock"]
