"""Operating the mm-wave converter: pump, heat, energy per qubit, efficiency and noise (002 Sec. VI,
Appendices A, C, D).

Unit reading: all rates and frequencies are angular (rad/s), as in :mod:`.coupling`. The
conversion bandwidth Delta of Eq. (A11) is an angular FWHM, and the paper's "time to convert one
qubit is 1/Delta" (Sec. II) and E_qbit = P_heating/Delta (Eq. (16)) use it as such: only this reading
reproduces Table I (100 pW / (2 pi x 20 MHz) = 0.8 aJ; with Delta in Hz it would be 5 aJ).

Every function is vectorised over numpy arrays (used by the Fig. 3 maps).
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.units import HBAR
from qnet_plugin.core.validation import check_nonnegative, check_positive, check_range


def pump_photons(kappa_uw, kappa_mm, g0):
    """Pump photons for unit cooperativity, n_p = sqrt(kappa_uw kappa_mm)/(2|g0|), 002 Eq. (5).

    Args: loaded linewidths kappa_uw, kappa_mm and the single-photon coupling g0, rad/s.
    """
    check_positive("kappa_uw", kappa_uw, "rad/s")
    check_positive("kappa_mm", kappa_mm, "rad/s")
    g0 = np.asarray(g0, dtype=float)
    check_positive("|g0|", np.abs(g0), "rad/s")
    return np.sqrt(np.asarray(kappa_uw) * np.asarray(kappa_mm)) / (2 * np.abs(g0))


def conversion_bandwidth(kappa_a, kappa_b):
    """FWHM conversion bandwidth Delta at unit cooperativity, 002 Eq. (A11), rad/s.

    Delta^2 = 2 [sqrt(ka^2 kb^2 + ((ka - kb)/2)^4) - ((ka - kb)/2)^2]; Delta -> sqrt(2) ka when
    ka = kb and -> 2 min(ka, kb) when the linewidths are very different.
    """
    check_positive("kappa_a", kappa_a, "rad/s")
    check_positive("kappa_b", kappa_b, "rad/s")
    ka, kb = np.asarray(kappa_a, dtype=float), np.asarray(kappa_b, dtype=float)
    d2 = ((ka - kb) / 2) ** 2
    # sqrt(x^2 + y) - x written as y/(sqrt(x^2 + y) + x): no cancellation when kb >> ka.
    prod2 = (ka * kb) ** 2
    return np.sqrt(2 * prod2 / (np.sqrt(prod2 + d2 ** 2) + d2))


def pump_mode_linewidth(kappa_uw, kappa_mm, kappa_int, linearity, ratio_r):
    """Pump-mode linewidth minimising heat under the linearity condition, 002 Eq. (15), rad/s.

    With the pump on resonance (delta = 0), Eq. (14) is smallest at critical coupling
    kappa_p = 2 kappa_int; the linearity condition kappa_p^2 >= F r kappa_uw kappa_mm (Eq. (15))
    raises kappa_p to sqrt(F r kappa_uw kappa_mm) when that is larger (the mode is then
    over-coupled). Returns ``(kappa_p, kappa_ext)`` with kappa_ext = kappa_p - kappa_int.
    """
    check_positive("kappa_int", kappa_int, "rad/s")
    check_positive("linearity", linearity)
    check_positive("ratio_r", ratio_r)
    k_lin = np.sqrt(linearity * ratio_r * np.asarray(kappa_uw) * np.asarray(kappa_mm))
    kappa_p = np.maximum(2 * np.asarray(kappa_int, dtype=float), k_lin)
    return kappa_p, kappa_p - kappa_int


def dissipated_power(n_p, omega_p, kappa_int, kappa_ext, eta, detuning=0.0):
    """Heat at the cryostat base from the pump, 002 Eq. (14) and Fig. 1(d), in W.

    The incoming photon flux at the sample is |c_in|^2 = n_p (delta^2 + kappa_p^2/4)/kappa_ext,
    the reflected one |c_out|^2 = |c_in|^2 - n_p kappa_int. The three terms of Fig. 1(d):

    * ``mode_c``: absorption in the pump mode, hbar omega_p n_p kappa_int;
    * ``input_line``: loss of the incoming pump in the base-stage line of transmittance eta,
      hbar omega_p |c_in|^2 (1/eta - 1);
    * ``reflected_line``: loss of the reflected pump on its way out, hbar omega_p (1 - eta) |c_out|^2.

    Their sum, ``total``, is Eq. (14): hbar omega_p n_p [kappa_int eta
    + (delta^2 + kappa_p^2/4)(1/eta - eta)/kappa_ext]; ``line`` = input_line + reflected_line.
    """
    check_nonnegative("n_p", n_p)
    check_positive("kappa_int", kappa_int, "rad/s")
    check_positive("kappa_ext", kappa_ext, "rad/s")
    check_range("eta", eta, 0.0, 1.0, low_open=True, why="pump-line transmittance")
    n_p, kint, kext = (np.asarray(x, dtype=float) for x in (n_p, kappa_int, kappa_ext))
    e = HBAR * np.asarray(omega_p, dtype=float)
    kp = kint + kext
    flux_in = n_p * (np.asarray(detuning) ** 2 + kp ** 2 / 4) / kext
    mode_c = e * n_p * kint
    input_line = e * flux_in * (1 / eta - 1)
    reflected_line = e * (1 - eta) * (flux_in - n_p * kint)
    return {"total": mode_c + input_line + reflected_line, "mode_c": mode_c,
            "line": input_line + reflected_line, "input_line": input_line,
            "reflected_line": reflected_line}


def energy_per_qubit(kappa_uw, kappa_mm, g0, omega_p, kappa_int, eta, linearity, ratio_r):
    """Dissipated energy per converted qubit, E_qbit = P_heating/Delta, 002 Eq. (16), in J.

    Closed form of Eq. (16): hbar omega_p sqrt(kappa_uw kappa_mm)/(2 |g0| Delta) times
    kappa_int/eta when F r kappa_uw kappa_mm < 4 kappa_int^2, else
    kappa_int eta + F r kappa_uw kappa_mm (1/eta - eta)/4/(sqrt(F r kappa_uw kappa_mm) - kappa_int).
    Vectorised over ``kappa_uw`` and ``kappa_mm`` (broadcast), so a Fig. 3(a) map is one call.
    """
    check_range("eta", eta, 0.0, 1.0, low_open=True, why="pump-line transmittance")
    ku, km = np.asarray(kappa_uw, dtype=float), np.asarray(kappa_mm, dtype=float)
    n_p = pump_photons(ku, km, g0)
    x = linearity * ratio_r * ku * km
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = kappa_int * eta + x * (1 / eta - eta) / 4 / (np.sqrt(x) - kappa_int)
    factor = np.where(x < 4 * kappa_int ** 2, kappa_int / eta, upper)
    return HBAR * np.asarray(omega_p) * n_p * factor / conversion_bandwidth(ku, km)


def intrinsic_linewidth(omega, quality_factor):
    """Intrinsic loss rate omega/Q of a mode, rad/s (002 Sec. VI: Q_mm = 1e3, Q_uw = 1e5)."""
    check_positive("omega", omega, "rad/s")
    check_range("quality_factor", quality_factor, 1.0, None, low_open=True, why="a resonance needs Q > 1")
    return np.asarray(omega) / np.asarray(quality_factor)


def conversion_efficiency(kappa_uw, kappa_mm, kappa_uw_int, kappa_mm_int):
    """Photon-number conversion efficiency at unit cooperativity, T = eta_uw eta_mm (exact).

    Input-output theory of two coupled modes (002 Appendix A, with an internal loss port on each
    mode): on resonance |S_21|^2 = 4 kappa_a,ext kappa_b,ext g^2/(kappa_a kappa_b/4 + g^2)^2, which at
    the matching condition g^2 = kappa_a kappa_b/4 (Eq. (3), loaded linewidths) is
    (kappa_a,ext/kappa_a)(kappa_b,ext/kappa_b) = (1 - kappa_uw,int/kappa_uw)(1 - kappa_mm,int/kappa_mm).
    Table I's 0.843 is the first order of this product, 1 - 0.007 - 0.15; we give 0.844.
    """
    check_positive("kappa_uw", kappa_uw, "rad/s")
    check_positive("kappa_mm", kappa_mm, "rad/s")
    a = np.asarray(kappa_uw_int) / np.asarray(kappa_uw)
    b = np.asarray(kappa_mm_int) / np.asarray(kappa_mm)
    check_range("kappa_uw_int/kappa_uw", a, 0.0, 1.0, why="intrinsic loss must be below the loaded linewidth")
    check_range("kappa_mm_int/kappa_mm", b, 0.0, 1.0, why="intrinsic loss must be below the loaded linewidth")
    return (1 - a) * (1 - b)


def conversion_efficiency_eq17(kappa_uw, kappa_mm, kappa_uw_int, kappa_mm_int):
    """The paper's approximation T = 1 - max(kappa_uw,int/kappa_uw, kappa_mm,int/kappa_mm), 002 Eq. (17).

    Used for the constant-efficiency contours of Fig. 3(a). It gives 0.85 at the Table I point,
    where the table quotes 0.843 (see :func:`conversion_efficiency`).
    """
    a = np.asarray(kappa_uw_int) / np.asarray(kappa_uw)
    b = np.asarray(kappa_mm_int) / np.asarray(kappa_mm)
    return 1 - np.maximum(a, b)


def shot_noise_purity_loss(n_p, kappa_p, chi_ac, chi_bc, g0, kappa_a, kappa_b, detuning=0.0):
    """Loss of converted-photon purity from pump shot noise, 002 Eq. (C2); dimensionless.

    1 - Tr rho^2 = 2 n_p kappa_p/(delta^2 + kappa_p^2/4) (chi_ac^2/kappa_a + (chi_bc^2 + g0^2)/kappa_b),
    valid for narrow-band wave packets (Appendix C). All rates in rad/s.
    """
    check_positive("kappa_p", kappa_p, "rad/s")
    n_p, kp = np.asarray(n_p, dtype=float), np.asarray(kappa_p, dtype=float)
    lor = 2 * n_p * kp / (np.asarray(detuning) ** 2 + kp ** 2 / 4)
    return lor * (np.asarray(chi_ac) ** 2 / kappa_a + (np.asarray(chi_bc) ** 2 + np.asarray(g0) ** 2) / kappa_b)


def backaction_occupation(kappa_mm, omega_uw):
    """Steady microwave occupation from counter-rotating back-action, n = (kappa_mm/(4 omega_uw))^2/2,
    002 Appendix D (below Eq. (D3)). The converter's output for vacuum input is thermal at this n."""
    check_positive("kappa_mm", kappa_mm, "rad/s")
    check_positive("omega_uw", omega_uw, "rad/s")
    return 0.5 * (np.asarray(kappa_mm) / (4 * np.asarray(omega_uw))) ** 2


def backaction_purity_loss(kappa_mm, omega_uw):
    """Purity loss of the converted vacuum from back-action heating, (kappa_mm/(4 omega_uw))^2, 002 Eq. (D4)."""
    return 2 * backaction_occupation(kappa_mm, omega_uw)


__all__ = ["pump_photons", "conversion_bandwidth", "pump_mode_linewidth", "dissipated_power",
           "energy_per_qubit", "intrinsic_linewidth", "conversion_efficiency",
           "conversion_efficiency_eq17", "shot_noise_purity_loss", "backaction_occupation",
           "backaction_purity_loss"]
