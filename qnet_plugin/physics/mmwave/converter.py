"""Microwave <-> mm-wave four-wave-mixing converter of paper 002: one operating point, Table I.

Paper 002: Pechal & Safavi-Naeini, PRA 96, 042305 (2017). The formulas live in
:mod:`.coupling` (Secs. III-V: sum-rule bound on g0, Kerr terms) and
:mod:`.operation` (Sec. VI and Appendices A, C, D); this module re-exports them and bundles
one design into :class:`MmWaveConverter`, whose :meth:`~MmWaveConverter.table_one` reproduces the
paper's Table I.

Readings written down (each is tested in ``tests/physics/test_mmwave*.py``):

* All rates are angular (rad/s): the paper's "kappa/2pi = 10 MHz" is ``2*pi*1e7``.
* Delta (Eq. (A11)) is an angular bandwidth; E_qbit = P_heating/Delta with Delta in rad/s gives
  Table I's 0.8 aJ.
* The pump mode's intrinsic linewidth is the paper's kappa_int/2pi = 150 MHz (Sec. VI), not
  omega_p/Q_mm = 2pi x 146.5 MHz.
* kappa_uw, kappa_mm are loaded (total) linewidths; intrinsic losses are omega/Q with
  Q_uw = 1e5, Q_mm = 1e3; the efficiency is the exact product (1 - k_uw,int/k_uw)(1 - k_mm,int/k_mm).
* Table I's split of the 100 pW into 37 pW "in mode c" and 63 pW "in pump line" is not reproduced
  by the three terms of Fig. 1(d): the model gives 38.8 pW absorbed in mode c and 59.9 pW lost in
  the line (98.7 pW in all). See docs/papers/002_mmwave.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import check_range, param, validate_dataclass
from qnet_plugin.physics.mmwave.coupling import (
    flux_product_bound,
    kerr_at_bound,
    linearity_ratio,
    max_coupling_g0,
    nonlinear_couplings,
    optimal_flux_amplitudes,
    pump_frequency,
)
from qnet_plugin.physics.mmwave.operation import (
    backaction_occupation,
    backaction_purity_loss,
    conversion_bandwidth,
    conversion_efficiency,
    conversion_efficiency_eq17,
    dissipated_power,
    energy_per_qubit,
    intrinsic_linewidth,
    pump_mode_linewidth,
    pump_photons,
    shot_noise_purity_loss,
)

#: Table I of paper 002 (derived quantities), in SI / angular units, as printed (2 digits).
PAPER_TABLE_I = {
    "bandwidth": TWO_PI * 20e6,          # Delta/2pi = 20 MHz, Eq. (A11)
    "kappa_p": TWO_PI * 4.5e9,           # kappa_p/2pi = 4.5 GHz, Eq. (15)
    "n_pump": 420.0,                     # Eq. (5)
    "coupling": TWO_PI * 70e6,           # g0 n_p/2pi = 70 MHz
    "kerr_shift": -TWO_PI * 450e6,       # n_p chi_c/2pi = -450 MHz
    "p_heating": 100e-12,                # W, Eq. (14)
    "p_mode_c": 37e-12,                  # W
    "p_line": 63e-12,                    # W
    "energy_per_qubit": 0.8e-18,         # J, Eq. (16)
    "efficiency": 0.843,                 # Eq. (17)
    "shot_noise_purity_loss": 0.0020,    # Eq. (C2)
    "backaction_purity_loss": 0.0051,    # Eq. (D4)
}

@dataclass(frozen=True)
class MmWaveConverter:
    """One kinetic-inductance microwave <-> mm-wave converter at unit cooperativity (002 Table I).

    The coupling g0 is the sum-rule maximum of Sec. V (a circuit saturating Eq. (10)); the pump mode
    is on resonance with the linewidth that minimises heat under the linearity condition Eq. (15).
    Defaults are the paper's operating point (red dot of Fig. 3).
    """

    omega_uw: float = param(TWO_PI * 7e9, "microwave mode frequency (angular)", "rad/s", low=0.0, low_open=True)
    omega_mm: float = param(TWO_PI * 300e9, "mm-wave mode frequency (angular)", "rad/s", low=0.0, low_open=True)
    kappa_uw: float = param(TWO_PI * 10e6, "loaded microwave linewidth (angular)", "rad/s", low=0.0, low_open=True)
    kappa_mm: float = param(TWO_PI * 2e9, "loaded mm-wave linewidth (angular)", "rad/s", low=0.0, low_open=True)
    inductance: float = param(1e-9, "kinetic inductance L", "H", low=0.0, low_open=True)
    crossover_current: float = param(0.05e-3, "kinetic-inductance crossover current I_*", "A", low=0.0, low_open=True)
    q_uw: float = param(1e5, "intrinsic quality factor of the microwave mode", low=1.0, low_open=True)
    q_mm: float = param(1e3, "intrinsic quality factor of the mm-wave mode", low=1.0, low_open=True)
    kappa_int: float = param(TWO_PI * 150e6, "intrinsic linewidth of the pump mode c (angular)", "rad/s",
                             low=0.0, low_open=True)
    pump_line_transmittance: float = param(0.9, "pump-line transmittance eta at the base stage", low=0.0,
                                           high=1.0, low_open=True)
    linearity: float = param(100.0, "pump-mode linearity F = (kappa_p/(n_p chi_c))^2", low=0.0, low_open=True)

    def __post_init__(self):
        validate_dataclass(self)
        check_converter_validity(self.omega_uw, self.omega_mm, self.kappa_uw, self.kappa_mm,
                                 self.q_uw, self.q_mm)

    # --- couplings (Sec. V) -------------------------------------------------------------------
    @property
    def omega_p(self) -> float:
        """Pump frequency (omega_mm - omega_uw)/2, rad/s."""
        return float(pump_frequency(self.omega_uw, self.omega_mm))

    @property
    def g0(self) -> float:
        """Single-photon conversion coupling at the sum-rule bound, rad/s (002 Sec. V)."""
        return float(max_coupling_g0(self.inductance, self.crossover_current, self.omega_uw, self.omega_mm))

    def kerr(self) -> dict[str, float]:
        """chi_c, chi_ac, chi_bc of Eqs. (11)-(13), rad/s."""
        c, ac, bc = kerr_at_bound(self.g0, self.omega_uw, self.omega_mm)
        return {"chi_c": float(c), "chi_ac": float(ac), "chi_bc": float(bc)}

    # --- operating point (Sec. VI) ------------------------------------------------------------
    @property
    def n_pump(self) -> float:
        """Pump photons for unit cooperativity, Eq. (5)."""
        return float(pump_photons(self.kappa_uw, self.kappa_mm, self.g0))

    @property
    def bandwidth(self) -> float:
        """Conversion FWHM bandwidth Delta, rad/s, Eq. (A11)."""
        return float(conversion_bandwidth(self.kappa_uw, self.kappa_mm))

    def pump_mode(self) -> tuple[float, float]:
        """(kappa_p, kappa_ext) of the pump mode, rad/s, Eq. (15)."""
        kp, ke = pump_mode_linewidth(self.kappa_uw, self.kappa_mm, self.kappa_int, self.linearity,
                                     linearity_ratio(self.omega_uw, self.omega_mm))
        return float(kp), float(ke)

    def heat(self) -> dict[str, float]:
        """Pump heat at the base stage (Eq. (14), Fig. 1(d) terms), W."""
        _, kext = self.pump_mode()
        out = dissipated_power(self.n_pump, self.omega_p, self.kappa_int, kext, self.pump_line_transmittance)
        return {k: float(v) for k, v in out.items()}

    @property
    def energy_per_qubit(self) -> float:
        """E_qbit = P_heating/Delta, J, Eq. (16)."""
        return float(energy_per_qubit(self.kappa_uw, self.kappa_mm, self.g0, self.omega_p, self.kappa_int,
                                      self.pump_line_transmittance, self.linearity,
                                      linearity_ratio(self.omega_uw, self.omega_mm)))

    @property
    def kappa_uw_int(self) -> float:
        """Intrinsic microwave loss omega_uw/Q_uw, rad/s."""
        return float(intrinsic_linewidth(self.omega_uw, self.q_uw))

    @property
    def kappa_mm_int(self) -> float:
        """Intrinsic mm-wave loss omega_mm/Q_mm, rad/s."""
        return float(intrinsic_linewidth(self.omega_mm, self.q_mm))

    @property
    def efficiency(self) -> float:
        """Conversion efficiency T (exact product; see :func:`conversion_efficiency`)."""
        return float(conversion_efficiency(self.kappa_uw, self.kappa_mm, self.kappa_uw_int, self.kappa_mm_int))

    @property
    def shot_noise_purity_loss(self) -> float:
        """Purity loss from pump shot noise, Eq. (C2)."""
        k = self.kerr()
        kp, _ = self.pump_mode()
        return float(shot_noise_purity_loss(self.n_pump, kp, k["chi_ac"], k["chi_bc"], self.g0,
                                            self.kappa_uw, self.kappa_mm))

    @property
    def backaction_occupation(self) -> float:
        """Thermal occupation added by back-action heating, Appendix D."""
        return float(backaction_occupation(self.kappa_mm, self.omega_uw))

    @property
    def backaction_purity_loss(self) -> float:
        """Purity loss from back-action heating, Eq. (D4)."""
        return float(backaction_purity_loss(self.kappa_mm, self.omega_uw))

    def energy_map(self, kappa_uw, kappa_mm):
        """E_qbit (J) over a grid of loaded linewidths (rad/s), Eq. (16), as in Fig. 3(a).

        ``kappa_uw`` and ``kappa_mm`` are broadcast against each other (pass a column and a row for
        a map); the pump mode is re-optimised at every point. Validity conditions are not enforced
        here, so the map can show where they fail (draw the lines of :func:`check_converter_validity`).
        """
        return energy_per_qubit(kappa_uw, kappa_mm, self.g0, self.omega_p, self.kappa_int,
                                self.pump_line_transmittance, self.linearity,
                                linearity_ratio(self.omega_uw, self.omega_mm))

    def purity_loss_maps(self, kappa_uw, kappa_mm):
        """Shot-noise (Eq. (C2)) and back-action (Eq. (D4)) purity losses over a grid, Fig. 3(b), 3(c)."""
        ku, km = np.broadcast_arrays(np.asarray(kappa_uw, dtype=float), np.asarray(kappa_mm, dtype=float))
        n_p = pump_photons(ku, km, self.g0)
        kp, _ = pump_mode_linewidth(ku, km, self.kappa_int, self.linearity,
                                    linearity_ratio(self.omega_uw, self.omega_mm))
        k = self.kerr()
        shot = shot_noise_purity_loss(n_p, kp, k["chi_ac"], k["chi_bc"], self.g0, ku, km)
        return shot, backaction_purity_loss(km, self.omega_uw) * np.ones_like(ku)

    def table_one(self) -> dict[str, float]:
        """The derived quantities of 002 Table I (same keys as :data:`PAPER_TABLE_I`), SI/angular."""
        kp, _ = self.pump_mode()
        heat = self.heat()
        return {
            "bandwidth": self.bandwidth, "kappa_p": kp, "n_pump": self.n_pump,
            "coupling": abs(self.g0) * self.n_pump, "kerr_shift": self.n_pump * self.kerr()["chi_c"],
            "p_heating": heat["total"], "p_mode_c": heat["mode_c"], "p_line": heat["line"],
            "energy_per_qubit": self.energy_per_qubit, "efficiency": self.efficiency,
            "shot_noise_purity_loss": self.shot_noise_purity_loss,
            "backaction_purity_loss": self.backaction_purity_loss,
        }


def check_converter_validity(omega_uw, omega_mm, kappa_uw, kappa_mm, q_uw=None, q_mm=None):
    """Raise ParameterError naming the validity condition of the three-mode model that fails (002 Sec. VI).

    * mm-wave above microwave: omega_mm > omega_uw;
    * discrete modes: kappa_uw < omega_uw (Q_uw > 1), kappa_mm < omega_mm;
    * rotating-wave approximation: kappa_mm < omega_uw (solid black line of Fig. 3(a));
    * loaded linewidths above the intrinsic losses omega/Q (external coupling > 0).
    """
    check_range("omega_mm", omega_mm, omega_uw, None, low_open=True, unit="rad/s",
                why="the mm-wave mode must lie above the microwave mode omega_uw")
    check_range("kappa_uw", kappa_uw, 0.0, omega_uw, low_open=True, high_open=True, unit="rad/s",
                why="discrete-mode model needs Q_uw = omega_uw/kappa_uw > 1")
    check_range("kappa_mm", kappa_mm, 0.0, omega_uw, low_open=True, high_open=True, unit="rad/s",
                why="RWA validity needs kappa_mm < omega_uw")
    if q_uw is not None:
        check_range("kappa_uw", kappa_uw, omega_uw / q_uw, None, low_open=True, unit="rad/s",
                    why="loaded linewidth must exceed the intrinsic loss omega_uw/Q_uw")
    if q_mm is not None:
        check_range("kappa_mm", kappa_mm, omega_mm / q_mm, None, low_open=True, unit="rad/s",
                    why="loaded linewidth must exceed the intrinsic loss omega_mm/Q_mm")


__all__ = ["MmWaveConverter", "PAPER_TABLE_I", "check_converter_validity",
           "pump_frequency", "flux_product_bound", "optimal_flux_amplitudes", "nonlinear_couplings",
           "max_coupling_g0", "kerr_at_bound", "linearity_ratio", "pump_photons", "conversion_bandwidth",
           "pump_mode_linewidth", "dissipated_power", "energy_per_qubit", "intrinsic_linewidth",
           "conversion_efficiency", "conversion_efficiency_eq17", "shot_noise_purity_loss",
           "backaction_occupation", "backaction_purity_loss"]
