"""Electro-optic chi(2) transducer in the SPDC / beamsplitter regime: paper 000 closed forms.

Paper 000: "Optically heralded microwave-microwave entanglement with electro-optic transducers".

Unit reading (written down because the paper quotes rates without 2 pi): every rate here is in
s^-1 with the number *as written in the paper*, e.g. g0 = 1e3 s^-1 and gamma_e = gamma_i = 1e8 s^-1
for "g0 = 1 kHz, gamma_e = gamma_i = 100 MHz". This is the reading under which the paper's own
statement below Eq. (6), "r0 = 4 <n_p> 1e-2 Hz at g0 = 1 kHz and gamma_e = 100 MHz", holds
literally (4 g0^2/gamma_e = 4e-2 s^-1). The pair rate r0 of Eq. (7) is the same under the angular
reading (g0, gamma -> 2 pi g0, 2 pi gamma), because r0 ~ g0^2 gamma_e^2/(gamma_e+gamma_i)^4 is
homogeneous of degree 0 in a common factor; the ratio g/gamma (hence the fidelity) is not: under the
angular reading it is smaller by sqrt(2 pi). Tests pin the literal reading.

The heralded two-node state is in :mod:`qnet_plugin.physics.electro_optic.heralding` (fast path) and
:mod:`qnet_plugin.physics.electro_optic.reference.heralding_qutip` (full master-equation check).
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.units import C_LIGHT, HBAR, TWO_PI
from qnet_plugin.core.validation import check_nonnegative, check_positive

#: The paper's Fig. 2 / state-of-the-art parameters (000, Fig. 2 caption), in the literal reading.
PAPER_FIG2 = dict(g0=1e3, gamma_e=1e8, gamma_i=1e8, gamma_mw=1e3, wavelength=1500e-9, reset_time=1e-6)


def pump_photon_number(pump_power, gamma_e, gamma_i, wavelength):
    """Mean intracavity pump photon number <n_p>, 000 Eq. (4).

    <n_p> = 4 gamma_e / (gamma_e + gamma_i)^2 * P / (hbar omega_p).

    Args:
        pump_power: pump power at the transducer input, W.
        gamma_e, gamma_i: extrinsic and intrinsic energy decay rates of the optical mode, s^-1
            (the paper assumes the pump mode has the same rates).
        wavelength: pump vacuum wavelength, m.
    """
    check_nonnegative("pump_power", pump_power, "W")
    check_positive("gamma_e", gamma_e, "s^-1")
    check_nonnegative("gamma_i", gamma_i, "s^-1")
    check_positive("wavelength", wavelength, "m")
    omega = TWO_PI * C_LIGHT / np.asarray(wavelength)
    return 4 * np.asarray(gamma_e) / (np.asarray(gamma_e) + gamma_i) ** 2 * pump_power / (HBAR * omega)


def coupling_rate(g0, n_pump):
    """Pump-enhanced coupling g = g0 sqrt(<n_p>), 000 Eq. (3); s^-1 like ``g0``."""
    check_nonnegative("g0", g0, "s^-1")
    check_nonnegative("n_pump", n_pump)
    return np.asarray(g0) * np.sqrt(n_pump)


def pair_rate(g, gamma_e, gamma_i=0.0):
    """Rate of *detected* heralding photons from one node, r0, 000 Eqs. (6)-(7), s^-1.

    r0 = 4 g^2 gamma_e / (gamma_e + gamma_i)^2; with gamma_i = 0 this is Eq. (6), 4 g^2/gamma_e.
    Valid for g << gamma_e + gamma_i (a single photon in the optical mode at a time).
    """
    gamma = np.asarray(gamma_e) + gamma_i
    return 4 * np.asarray(g) ** 2 * gamma_e / gamma ** 2


def bell_rate_eq12(r0, pulse, reset_time):
    """Heralded Bell-pair rate of the paper, 000 Eq. (12): r_e = 2 r0 exp(-r0 dt) dt/(dt + t_r), s^-1.

    This is an approximation to (herald probability per attempt)/(attempt time): the simulated
    herald probability is 1 - exp(-2 r0 dt) for two nodes (see :mod:`.heralding`).
    """
    pulse = np.asarray(pulse, dtype=float)
    return 2 * r0 * np.exp(-r0 * pulse) * pulse / (pulse + reset_time)


def optimal_pulse_eq12(r0, reset_time):
    """Pulse length maximising Eq. (12): the root of dt^2 + t_r dt - t_r/r0 = 0, in s.

    (d/d dt of ln r_e = -r0 + 1/dt - 1/(dt + t_r) = 0.)
    """
    r0 = np.asarray(r0, dtype=float)
    return 0.5 * (-reset_time + np.sqrt(reset_time ** 2 + 4 * reset_time / r0))


def absorbed_fraction(gamma_e, gamma_i):
    """Fraction of the incident pump power dissipated by intrinsic loss, 4 gamma_e gamma_i/(gamma_e+gamma_i)^2.

    From the same input-output relation as Eq. (4): the intracavity photon number times the
    intrinsic loss rate, per incident photon. Equal to 1 at critical coupling (gamma_e = gamma_i).
    """
    return 4 * np.asarray(gamma_e) * gamma_i / (np.asarray(gamma_e) + gamma_i) ** 2


def pump_heat(pump_power, gamma_e, gamma_i, duty_cycle=1.0):
    """Time-averaged in-fridge heat from the pump's intrinsic absorption, W (000 Fig. 2 bottom).

    The pump is on for the pulse only, so the average is multiplied by ``duty_cycle``
    = dt/(dt + t_r).
    """
    return np.asarray(pump_power) * absorbed_fraction(gamma_e, gamma_i) * duty_cycle


def no_click_amplitudes(t, g, gamma_e):
    """Amplitudes (c0, c1) of |00> and |11> under the no-click evolution from |00>, 000 Eqs. (8)-(9).

    Uses the corrected Eq. (10), g' = sqrt(gamma_e^2/16 - |g|^2): the eigenvalues of the 2x2 matrix
    of Eq. (8) are -gamma_e/4 +- g', and only this g' makes the no-click norm decay at
    4 g^2/gamma_e as Eq. (11) states (the printed gamma_e^2/4 would not). Requires g < gamma_e/4.
    """
    gp = np.sqrt(gamma_e ** 2 / 16 - np.abs(g) ** 2 + 0j)
    t = np.asarray(t, dtype=float)
    env = np.exp(-gamma_e * t / 4)
    c0 = env * (gamma_e / (4 * gp) * np.sinh(gp * t) + np.cosh(gp * t))
    c1 = env * (-1j * g / gp * np.sinh(gp * t))
    return c0, c1
