"""NV0-diamond transducer, device layer: couplings and cavity rates -> effective three-level rates.

Paper 001 (Goto, Kurokawa, Kosaka, Koshino, arXiv:2605.15988) eliminates the microwave mode a,
the mechanical mode b and the optical mode c adiabatically and keeps a three-level NV0 centre
(|0>, |1> ground branches split by omega_10 = 2 pi x 10 GHz, |2> the ZPL excited state) coupled
directly to a microwave and an optical waveguide. The effective rates (001, text after Eq. for
the Heisenberg-Langevin equation; all rates angular, rad/s) are

    gamma_10^i = gamma_10 + 4 g_y^2 kappa_b^i/(kappa_b^t)^2 + 16 g_x^2 g_y^2 kappa_a^i/[(kappa_a^t)^2 (kappa_b^t)^2]
    gamma_20^i = gamma_20 + 4 g_02^2 kappa_c^i/(kappa_c^t)^2
    gamma_21^i = gamma_21 + 4 g_12^2 kappa_c^i/(kappa_c^t)^2
    gamma_10^e = 16 g_x^2 g_y^2 kappa_a^e/[(kappa_a^t)^2 (kappa_b^t)^2]     (paper: 2 pi x 1.3 MHz)
    gamma_20^e = 4 g_02^2 kappa_c^e/(kappa_c^t)^2                          (paper: 2 pi x 14 MHz)
    gamma_21^e = 4 g_12^2 kappa_c^e/(kappa_c^t)^2                          (paper: 2 pi x 0.56 MHz)

Readings we had to choose (the supplement with the cavity parameters is not available):

* ``kappa_a^t = kappa_a^e + kappa_a^i`` and ``kappa_c^t = kappa_c^e + kappa_c^i``.
* The mechanical mode has no port of its own; its *total* damping includes the damping through
  the microwave resonator, ``kappa_b^t = kappa_b^i + 4 g_x^2/kappa_a^t``. This is the only reading
  under which the three formulas above are the three branches of one cascaded elimination
  (their sum is 4 g_y^2/kappa_b^t), so we use it.
* The internal losses ``kappa_c^i`` (optical cavity) and ``kappa_a^i`` (microwave side) are not
  given; they are fitted to the paper's P_coh = 0.32 and BW = 5.0 MHz (see
  :mod:`qnet_plugin.physics.nv_diamond.fit`); ``kappa_b^i`` is set to 0 (it only adds to the same
  microwave-side internal rate as ``kappa_a^i`` and cannot be told apart from it by the paper's
  numbers). The defaults of :class:`NVDevice` are built by :meth:`NVDevice.from_external_rates`
  from the paper's gamma^e values and the two fitted losses.
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import check_range, param, validate_dataclass

#: Paper 001 values (angular, rad/s).
PAPER_G_X = TWO_PI * 1e6
PAPER_G_Y = TWO_PI * 1e6
PAPER_G_02 = TWO_PI * 1e9
PAPER_G_12 = TWO_PI * 0.2e9
PAPER_GAMMA_10 = TWO_PI * 33e3
PAPER_GAMMA_20 = TWO_PI * 3.5e6
PAPER_GAMMA_21 = TWO_PI * 3.5e6
PAPER_GAMMA_10_E = TWO_PI * 1.3e6
PAPER_GAMMA_20_E = TWO_PI * 14e6
PAPER_OMEGA_10 = TWO_PI * 10e9
PAPER_OMEGA_20 = TWO_PI * 500e12

#: Internal losses fitted to P_coh = 0.32 and BW = 5.0 MHz at 55 pW (nv_diamond.fit.fit_internal_losses;
#: a test re-runs the fit). Optical: kappa_c^i / kappa_c^e. Microwave side: the cavity-mediated
#: internal 1 -> 0 rate 16 g_x^2 g_y^2 kappa_a^i / [(kappa_a^t)^2 (kappa_b^t)^2], rad/s.
FITTED_OPTICAL_LOSS_RATIO = 0.239249
FITTED_MICROWAVE_INTERNAL_RATE = TWO_PI * 0.936575e6


@dataclass(frozen=True)
class EffectiveRates:
    """The reduced model's rates (rad/s), 001 text below Fig. 1: intrinsic + cavity-mediated
    internal (``*_i``) and cavity-mediated waveguide (``*_e``) decay of each transition."""

    gamma_10_i: float
    gamma_20_i: float
    gamma_21_i: float
    gamma_10_e: float
    gamma_20_e: float
    gamma_21_e: float

    @property
    def gamma_10_t(self):
        """Total |1> -> |0> decay rate, rad/s."""
        return self.gamma_10_i + self.gamma_10_e

    @property
    def gamma_20_t(self):
        """Total |2> -> |0> decay rate, rad/s."""
        return self.gamma_20_i + self.gamma_20_e

    @property
    def gamma_21_t(self):
        """Total |2> -> |1> decay rate, rad/s."""
        return self.gamma_21_i + self.gamma_21_e


def cavity_rates_for(gamma_10_e: float = PAPER_GAMMA_10_E, gamma_20_e: float = PAPER_GAMMA_20_E,
                     optical_loss_ratio: float = FITTED_OPTICAL_LOSS_RATIO,
                     microwave_internal_rate: float = FITTED_MICROWAVE_INTERNAL_RATE,
                     g_x: float = PAPER_G_X, g_y: float = PAPER_G_Y, g_02: float = PAPER_G_02) -> dict:
    """Cavity rates (rad/s) that give the waveguide rates ``gamma_10_e``, ``gamma_20_e``, an optical
    internal loss ``kappa_c^i = optical_loss_ratio * kappa_c^e`` and a cavity-mediated
    microwave-side internal rate ``microwave_internal_rate`` (through ``kappa_a^i``, with
    ``kappa_b^i = 0``). Inverts the 001 formulas of the module docstring:

    * optical: gamma_20^e = 4 g_02^2 kappa_c^e/((1 + r)^2 (kappa_c^e)^2)
      -> kappa_c^e = 4 g_02^2/((1 + r)^2 gamma_20^e);
    * microwave: with kappa_b^i = 0, kappa_b^t = 4 g_x^2/kappa_a^t and the total cavity-mediated
      rate 4 g_y^2/kappa_b^t = gamma_10^e + Gamma_10^i, so
      kappa_a^t = (gamma_10^e + Gamma_10^i) g_x^2/g_y^2, split as kappa_a^i/kappa_a^e = Gamma_10^i/gamma_10^e.
    """
    r = float(optical_loss_ratio)
    kc_e = 4 * g_02 ** 2 / ((1 + r) ** 2 * gamma_20_e)
    total = gamma_10_e + microwave_internal_rate
    ka_t = total * g_x ** 2 / g_y ** 2
    ka_e = ka_t * gamma_10_e / total
    return {"kappa_a_e": ka_e, "kappa_a_i": ka_t - ka_e, "kappa_b_i": 0.0, "kappa_c_e": kc_e,
            "kappa_c_i": r * kc_e}


_K = cavity_rates_for()


@dataclass(frozen=True)
class NVDevice:
    """Couplings and cavity rates of the NV0 optomechanical transducer (001 Fig. 1(a)), rad/s.

    The defaults are the paper's couplings, with the cavity rates chosen by
    :func:`cavity_rates_for` so that the paper's gamma^e values come out and the two unknown
    internal losses take their fitted values (see the module docstring).
    """

    g_x: float = param(PAPER_G_X, "piezoelectric microwave-mechanics coupling", "rad/s", low=0.0,
                       low_open=True)
    g_y: float = param(PAPER_G_Y, "mechanics - NV0 |0>-|1> (strain) coupling", "rad/s", low=0.0, low_open=True)
    g_02: float = param(PAPER_G_02, "optical cavity - |0>-|2> coupling", "rad/s", low=0.0)
    g_12: float = param(PAPER_G_12, "optical cavity - |1>-|2> coupling", "rad/s", low=0.0)
    kappa_a_e: float = param(_K["kappa_a_e"], "microwave resonator external (waveguide) rate", "rad/s",
                             low=0.0, low_open=True)
    kappa_a_i: float = param(_K["kappa_a_i"], "microwave resonator internal loss rate", "rad/s", low=0.0)
    kappa_b_i: float = param(_K["kappa_b_i"], "mechanical internal loss rate", "rad/s", low=0.0)
    kappa_c_e: float = param(_K["kappa_c_e"], "optical cavity external (waveguide) rate", "rad/s",
                             low=0.0, low_open=True)
    kappa_c_i: float = param(_K["kappa_c_i"], "optical cavity internal loss rate", "rad/s", low=0.0)
    gamma_10: float = param(PAPER_GAMMA_10, "intrinsic |1>->|0> relaxation of NV0", "rad/s", low=0.0)
    gamma_20: float = param(PAPER_GAMMA_20, "intrinsic |2>->|0> relaxation of NV0", "rad/s", low=0.0)
    gamma_21: float = param(PAPER_GAMMA_21, "intrinsic |2>->|1> relaxation of NV0", "rad/s", low=0.0)
    omega_10: float = param(PAPER_OMEGA_10, "ground-state splitting omega_10 (microwave transition)", "rad/s",
                            low=0.0, low_open=True)
    omega_20: float = param(PAPER_OMEGA_20, "zero-phonon line omega_20", "rad/s", low=0.0, low_open=True)

    def __post_init__(self):
        validate_dataclass(self)
        check_range("omega_10", self.omega_10, 0.0, self.omega_20, low_open=True, high_open=True,
                    unit="rad/s", why="the microwave splitting must lie below the ZPL omega_20")

    @classmethod
    def from_external_rates(cls, gamma_10_e: float = PAPER_GAMMA_10_E, gamma_20_e: float = PAPER_GAMMA_20_E,
                            optical_loss_ratio: float = FITTED_OPTICAL_LOSS_RATIO,
                            microwave_internal_rate: float = FITTED_MICROWAVE_INTERNAL_RATE,
                            g_x: float = PAPER_G_X, g_y: float = PAPER_G_Y, g_02: float = PAPER_G_02,
                            g_12: float = PAPER_G_12, **other) -> NVDevice:
        """The device with the given waveguide rates and internal losses (see :func:`cavity_rates_for`);
        ``other`` sets the remaining fields (intrinsic rates, level frequencies)."""
        kap = cavity_rates_for(gamma_10_e, gamma_20_e, optical_loss_ratio, microwave_internal_rate,
                               g_x, g_y, g_02)
        return cls(g_x=g_x, g_y=g_y, g_02=g_02, g_12=g_12, **kap, **other)

    def rates(self) -> EffectiveRates:
        """Effective rates of the reduced three-level model, 001 (formulas in the module docstring)."""
        ka_t = self.kappa_a_e + self.kappa_a_i
        kb_t = self.kappa_b_i + 4 * self.g_x ** 2 / ka_t
        kc_t = self.kappa_c_e + self.kappa_c_i
        mw = 16 * self.g_x ** 2 * self.g_y ** 2 / (ka_t ** 2 * kb_t ** 2)
        opt = 4 / kc_t ** 2
        return EffectiveRates(
            gamma_10_i=self.gamma_10 + 4 * self.g_y ** 2 * self.kappa_b_i / kb_t ** 2 + mw * self.kappa_a_i,
            gamma_20_i=self.gamma_20 + opt * self.g_02 ** 2 * self.kappa_c_i,
            gamma_21_i=self.gamma_21 + opt * self.g_12 ** 2 * self.kappa_c_i,
            gamma_10_e=mw * self.kappa_a_e,
            gamma_20_e=opt * self.g_02 ** 2 * self.kappa_c_e,
            gamma_21_e=opt * self.g_12 ** 2 * self.kappa_c_e,
        )

    @property
    def pump_frequency(self) -> float:
        """Drive frequency mu_d = omega_21 = omega_20 - omega_10 at the nominal levels, rad/s (001 Fig. 1(b))."""
        return self.omega_20 - self.omega_10


__all__ = ["NVDevice", "EffectiveRates", "cavity_rates_for", "PAPER_GAMMA_10_E", "PAPER_GAMMA_20_E",
           "FITTED_OPTICAL_LOSS_RATIO", "FITTED_MICROWAVE_INTERNAL_RATE"]
