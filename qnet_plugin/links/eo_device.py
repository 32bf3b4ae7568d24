"""The electro-optic transducer of paper 000, one device object shared by the links built on it.

Paper 000: "Optically heralded microwave-microwave entanglement with electro-optic transducers".
Both :class:`~qnet_plugin.links.electro_optic.ElectroOpticLink` (heralded pairs) and
:class:`~qnet_plugin.links.direct_transduction.DirectElectroOpticLink` (deterministic transfer)
compose one :class:`ElectroOpticTransducer` per node; they share its fields with
:func:`~qnet_plugin.links.base.device_param` instead of re-declaring them (see
:mod:`qnet_plugin.links.base`). The closed forms are in
:mod:`qnet_plugin.physics.electro_optic.transducer`; rates are in s^-1 with the paper's numbers as
written (the literal reading explained there).
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet_plugin.core.validation import param, validate_dataclass
from qnet_plugin.physics.electro_optic import transducer as eo


@dataclass(frozen=True)
class ElectroOpticTransducer:
    """One chi(2) transducer: optical mode (gamma_e, gamma_i), microwave resonator (gamma_mw), pump.

    Defaults are paper 000's Fig. 2 "state of the art" device (g0 = 1 kHz, gamma_e = gamma_i =
    100 MHz, gamma_MW = 1 kHz, 1500 nm pump) at 0.1 mW pump.
    """

    pump_power: float = param(1e-4, "optical pump power at each transducer", "W", low=0.0, low_open=True)
    g0: float = param(1e3, "single-photon electro-optic coupling", "s^-1", low=0.0, low_open=True)
    gamma_e: float = param(1e8, "optical extrinsic decay rate", "s^-1", low=0.0, low_open=True)
    gamma_i: float = param(1e8, "optical intrinsic decay rate", "s^-1", low=0.0)
    gamma_mw: float = param(1e3, "microwave resonator intrinsic decay rate", "s^-1", low=0.0)
    wavelength: float = param(1500e-9, "pump wavelength", "m", low=0.0, low_open=True)

    def __post_init__(self):
        validate_dataclass(self)

    @property
    def gamma(self) -> float:
        """Total optical decay rate gamma_e + gamma_i, s^-1."""
        return self.gamma_e + self.gamma_i

    @property
    def pump_photons(self) -> float:
        """<n_p>, 000 Eq. (4)."""
        return float(eo.pump_photon_number(self.pump_power, self.gamma_e, self.gamma_i, self.wavelength))

    @property
    def coupling_g(self) -> float:
        """g = g0 sqrt(<n_p>), 000 Eq. (3), s^-1."""
        return float(eo.coupling_rate(self.g0, self.pump_photons))

    def pump_heat(self, duty_cycle: float = 1.0) -> float:
        """In-fridge heat from the pump's intrinsic absorption, W, averaged over ``duty_cycle`` (000 Fig. 2 bottom)."""
        return float(eo.pump_heat(self.pump_power, self.gamma_e, self.gamma_i, duty_cycle))

    @property
    def microwave_t1_s(self) -> float:
        """T1 = 1/gamma_mw of the microwave resonator, s (inf at gamma_mw = 0)."""
        return 1.0 / self.gamma_mw if self.gamma_mw > 0 else float("inf")


__all__ = ["ElectroOpticTransducer"]
