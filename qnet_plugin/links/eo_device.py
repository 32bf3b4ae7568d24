"""What every link built on paper 000's electro-optic transducer derives from its pump."""

from __future__ import annotations

from qnet_plugin.physics.electro_optic import transducer as eo


class PumpedElectroOpticDevice:
    """Mixin for link dataclasses with fields ``pump_power`` (W), ``g0``, ``gamma_e``, ``gamma_i``, ``gamma_mw``
    (s^-1) and ``wavelength`` (m): the pump photon number and the pump-enhanced coupling."""

    @property
    def pump_photons(self) -> float:
        """<n_p>, 000 Eq. (4)."""
        return float(eo.pump_photon_number(self.pump_power, self.gamma_e, self.gamma_i, self.wavelength))

    @property
    def coupling_g(self) -> float:
        """g = g0 sqrt(<n_p>), 000 Eq. (3), s^-1."""
        return float(eo.coupling_rate(self.g0, self.pump_photons))

    def memory_t1_s(self) -> float:
        """T1 = 1/gamma_mw of the microwave resonators that hold the heralded pair, s (inf at gamma_mw = 0)."""
        return 1.0 / self.gamma_mw if self.gamma_mw > 0 else float("inf")
