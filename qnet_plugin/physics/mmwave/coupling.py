"""Kinetic-inductance four-wave-mixing converter: couplings from the sum rule, paper 002 Secs. III-V.

Paper 002: Pechal & Safavi-Naeini, "Millimeter-wave interconnects for microwave-frequency quantum
machines", PRA 96, 042305 (2017).

Unit reading: every frequency and rate here is angular (rad/s). The paper writes
"omega_uw/2pi = 7 GHz", "g0/2pi = -170 kHz"; in code that is ``2*pi*7e9`` and the returned g0 is
``-2*pi*1.7e5`` rad/s (to the paper's two digits). Fluxes are in Wb, inductances in H, currents in A.

The kinetic inductor's Hamiltonian is H = phi^2/(2L) - phi^4/(4 L^3 I_*^2) (002 Sec. III). With
phi = sum_k phi_k (a_k + a_k^dag) the quartic term gives, after the rotating-wave approximation and
normal ordering (002 Appendix B), self-Kerr chi_A = -3 phi_A^4/(L^3 I_*^2), cross-Kerr
chi_AB = -6 phi_A^2 phi_B^2/(L^3 I_*^2) and the conversion coupling
g0 = -3 phi_a phi_b phi_c^2/(L^3 I_*^2) (Eq. (4)); these are energies, divided by hbar here.
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.units import HBAR
from qnet_plugin.core.validation import check_positive, check_range


def _check_modes(omega_uw, omega_mm):
    check_positive("omega_uw", omega_uw, "rad/s")
    check_positive("omega_mm", omega_mm, "rad/s")
    check_range("omega_mm - omega_uw", np.asarray(omega_mm) - np.asarray(omega_uw), 0.0, None,
                low_open=True, unit="rad/s", why="the mm-wave mode must lie above the microwave mode")


def pump_frequency(omega_uw, omega_mm):
    """Pump-mode frequency omega_p = (omega_mm - omega_uw)/2, rad/s (002 Sec. III, degenerate pump).

    Two pump photons plus one microwave photon make one mm-wave photon.
    """
    _check_modes(omega_uw, omega_mm)
    return (np.asarray(omega_mm) - np.asarray(omega_uw)) / 2


def flux_product_bound(inductance, omega_a, omega_b, omega_c):
    """Largest phi_a phi_b phi_c^2 across an inductor ``inductance`` (H), 002 Eq. (10), in Wb^4.

    phi_a phi_b phi_c^2 <= (L/8)^2 sqrt(hbar omega_a) sqrt(hbar omega_b) (2 hbar omega_c): Eq. (8)
    with exponents m_a = m_b = 1, m_c = 2 (M = 4). Angular frequencies in rad/s.
    """
    check_positive("inductance", inductance, "H")
    for name, w in (("omega_a", omega_a), ("omega_b", omega_b), ("omega_c", omega_c)):
        check_positive(name, w, "rad/s")
    return (np.asarray(inductance) / 8) ** 2 * np.sqrt(HBAR * omega_a) * np.sqrt(HBAR * omega_b) * (
        2 * HBAR * np.asarray(omega_c))


def optimal_flux_amplitudes(inductance, omega_a, omega_b, omega_c):
    """Vacuum flux amplitudes (phi_a, phi_b, phi_c) in Wb that saturate 002 Eq. (10).

    The bound is reached when phi_a^2/(hbar omega_a) = phi_b^2/(hbar omega_b)
    = phi_c^2/(2 hbar omega_c) = L/8 (002 Sec. V), i.e. the sum rule Eq. (7),
    sum_k phi_k^2/(hbar omega_k) = L/2, is shared in proportion to the exponents (1, 1, 2).
    """
    check_positive("inductance", inductance, "H")
    lq = np.asarray(inductance) / 8
    return (np.sqrt(lq * HBAR * np.asarray(omega_a)), np.sqrt(lq * HBAR * np.asarray(omega_b)),
            np.sqrt(lq * 2 * HBAR * np.asarray(omega_c)))


def nonlinear_couplings(phi_a, phi_b, phi_c, inductance, crossover_current):
    """Kerr and conversion couplings of the quartic kinetic inductance, 002 Appendix B, in rad/s.

    Args:
        phi_a, phi_b, phi_c: vacuum flux amplitudes across the inductor of the microwave,
            mm-wave and pump modes, Wb.
        inductance: low-current inductance L, H.
        crossover_current: I_*, A.

    Returns a dict with ``g0`` (Eq. (4)), self-Kerr ``chi_a``, ``chi_b``, ``chi_c`` and cross-Kerr
    ``chi_ab``, ``chi_ac``, ``chi_bc`` (all divided by hbar, so in rad/s; negative for a kinetic
    inductor, whose inductance grows with current).
    """
    check_positive("inductance", inductance, "H")
    check_positive("crossover_current", crossover_current, "A")
    scale = 1.0 / (HBAR * np.asarray(inductance) ** 3 * np.asarray(crossover_current) ** 2)
    pa, pb, pc = (np.asarray(p, dtype=float) for p in (phi_a, phi_b, phi_c))
    return {
        "g0": -3 * pa * pb * pc ** 2 * scale,
        "chi_a": -3 * pa ** 4 * scale,
        "chi_b": -3 * pb ** 4 * scale,
        "chi_c": -3 * pc ** 4 * scale,
        "chi_ab": -6 * pa ** 2 * pb ** 2 * scale,
        "chi_ac": -6 * pa ** 2 * pc ** 2 * scale,
        "chi_bc": -6 * pb ** 2 * pc ** 2 * scale,
    }


def max_coupling_g0(inductance, crossover_current, omega_uw, omega_mm):
    """Largest conversion coupling g0 of a kinetic inductor, 002 Sec. V (below Eq. (10)), rad/s.

    g0 = -3 hbar (omega_mm - omega_uw) sqrt(omega_uw omega_mm) / (64 L I_*^2), with the pump at
    omega_p = (omega_mm - omega_uw)/2. At L = 1 nH, I_* = 0.05 mA, 7 GHz and 300 GHz this is
    g0/2pi = -167 kHz (paper: -170 kHz).
    """
    _check_modes(omega_uw, omega_mm)
    check_positive("inductance", inductance, "H")
    check_positive("crossover_current", crossover_current, "A")
    wu, wm = np.asarray(omega_uw, dtype=float), np.asarray(omega_mm, dtype=float)
    return -3 * HBAR * (wm - wu) * np.sqrt(wu * wm) / (64 * np.asarray(inductance) * np.asarray(
        crossover_current) ** 2)


def kerr_at_bound(g0, omega_uw, omega_mm):
    """Pump self-Kerr and cross-Kerr at the bound-saturating design, 002 Eqs. (11)-(13), rad/s.

    chi_c = g0 (omega_mm - omega_uw)/sqrt(omega_mm omega_uw) (11),
    chi_ac = 2 g0 sqrt(omega_uw/omega_mm) (12), chi_bc = 2 g0 sqrt(omega_mm/omega_uw) (13).
    Returns ``(chi_c, chi_ac, chi_bc)``.
    """
    _check_modes(omega_uw, omega_mm)
    g0 = np.asarray(g0, dtype=float)
    wu, wm = np.asarray(omega_uw, dtype=float), np.asarray(omega_mm, dtype=float)
    return g0 * (wm - wu) / np.sqrt(wm * wu), 2 * g0 * np.sqrt(wu / wm), 2 * g0 * np.sqrt(wm / wu)


def linearity_ratio(omega_uw, omega_mm):
    """r = (omega_mm - omega_uw)^2 / (4 omega_mm omega_uw), 002 below Eq. (15); dimensionless.

    (n_p chi_c)^2 = r kappa_uw kappa_mm at unit cooperativity; r = 10.2 for 7 GHz and 300 GHz
    (paper: "approximately r = 10").
    """
    _check_modes(omega_uw, omega_mm)
    wu, wm = np.asarray(omega_uw, dtype=float), np.asarray(omega_mm, dtype=float)
    return (wm - wu) ** 2 / (4 * wm * wu)


__all__ = ["pump_frequency", "flux_product_bound", "optimal_flux_amplitudes", "nonlinear_couplings",
           "max_coupling_g0", "kerr_at_bound", "linearity_ratio"]
