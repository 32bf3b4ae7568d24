"""Cascaded direct electro-optic transduction: microwave -> optical -> fibre -> optical -> microwave.

Paper 000, Fig. 1(b): the red-detuned pump turns the chi(2) interaction of Eq. (1) into a
beamsplitter g (a^dag b + H.c.) with g = g0 sqrt(<n_p>) (Eq. (3)) and <n_p> from the pump power
(Eq. (4)); "a deterministic, but low-fidelity operation". Used deterministically, each transducer is
a beam splitter between the travelling microwave and optical fields. Its line-centre photon
conversion efficiency is the standard cavity result (Tsang, PRA 81, 063837 (2010);
Safavi-Naeini & Painter, NJP 13, 013017 (2011); paper 002 Appendix A with loss ports):

    eta = (gamma_e/gamma) (kappa_e/kappa) 4C/(1 + C)^2,   C = 4 g^2/(gamma kappa),

with gamma = gamma_e + gamma_i the optical and kappa = kappa_e + gamma_mw the microwave linewidth.
For gamma >> kappa the conversion band is the microwave line broadened by the optical damping,
FWHM kappa (1 + C) (the optical mode adiabatically eliminated). As for the mm-wave link, one qubit
is sent per 1/bandwidth, so ``rate_hz`` = kappa (1 + C).

Readings: rates are in s^-1 with paper 000's numbers as written (g0 = 1e3, gamma_e = gamma_i = 1e8;
see :mod:`qnet_plugin.physics.electro_optic.transducer`). Pump-induced microwave noise, which paper 000 also
neglects (Fig. 2 caption), enters only through ``added_noise`` (photons per conversion, default 0).
The transfer is the chain converter -> fibre -> converter of
:mod:`qnet_plugin.links.transfer_channel`; the Bell pair is half of a local Phi+ sent through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.channels import apply
from qnet_plugin.core.units import transmittance_from_loss_db
from qnet_plugin.core.validation import check_nonnegative, check_positive, check_range, param
from qnet_plugin.links.base import PHI_PLUS, LinkModel, LinkReport, TransferSource, device_param, fidelity_to
from qnet_plugin.links.eo_device import ElectroOpticTransducer
from qnet_plugin.links.transfer_channel import TransferChannel, converter_stage, waveguide_stage


def cooperativity(g, gamma, kappa):
    """C = 4 g^2/(gamma kappa) of a beamsplitter-coupled optical (gamma) and microwave (kappa) mode."""
    check_positive("gamma", gamma, "s^-1")
    check_positive("kappa", kappa, "s^-1")
    return 4 * np.asarray(g, dtype=float) ** 2 / (np.asarray(gamma) * np.asarray(kappa))


def transduction_efficiency(g, gamma_e, gamma_i, kappa_e, kappa_i):
    """Line-centre photon conversion efficiency eta = (gamma_e/gamma)(kappa_e/kappa) 4C/(1+C)^2.

    Standard cavity transduction result (Tsang 2010; Safavi-Naeini & Painter 2011); equals 1 at
    C = 1 without intrinsic loss, as in paper 002 Eq. (3). Vectorised.
    """
    check_positive("gamma_e", gamma_e, "s^-1")
    check_nonnegative("gamma_i", gamma_i, "s^-1")
    check_positive("kappa_e", kappa_e, "s^-1")
    check_nonnegative("kappa_i", kappa_i, "s^-1")
    gamma = np.asarray(gamma_e) + gamma_i
    kappa = np.asarray(kappa_e) + kappa_i
    c = cooperativity(g, gamma, kappa)
    return (np.asarray(gamma_e) / gamma) * (np.asarray(kappa_e) / kappa) * 4 * c / (1 + c) ** 2


def transduction_bandwidth(g, gamma, kappa):
    """Conversion FWHM kappa (1 + C) for gamma >> kappa (1 + C), in s^-1."""
    return np.asarray(kappa) * (1 + cooperativity(g, gamma, kappa))


@dataclass(frozen=True)
class DirectElectroOpticLink(TransferSource, LinkModel):
    """Deterministic state transfer through two red-detuned electro-optic transducers and a fibre.

    Defaults: paper 000's Fig. 2 device (g0 = 1 kHz, gamma_e = gamma_i = 100 MHz, gamma_MW = 1 kHz,
    1500 nm pump, literal s^-1 reading) at 0.1 mW pump, with the microwave mode coupled to the QPU
    line at kappa_e = 1e5 s^-1 (C = 1.5 at 0.1 mW), and 1 km of 0.2 dB/km fibre. The transducer's
    parameters are declared once on :class:`~qnet_plugin.links.eo_device.ElectroOpticTransducer`
    and shared here; :attr:`transducer` is the device object built from them.
    """

    name = "direct-electro-optic"
    description = "Cascaded direct M-O-fibre-O-M transduction, red-detuned beamsplitter (paper 000 Fig. 1b)"

    pump_power: float = device_param(ElectroOpticTransducer, "pump_power")
    g0: float = device_param(ElectroOpticTransducer, "g0")
    gamma_e: float = device_param(ElectroOpticTransducer, "gamma_e")
    gamma_i: float = device_param(ElectroOpticTransducer, "gamma_i")
    microwave_coupling: float = param(1e5, "microwave mode coupling to the QPU line kappa_e", "s^-1", low=0.0,
                                      low_open=True)
    gamma_mw: float = device_param(ElectroOpticTransducer, "gamma_mw")
    wavelength: float = device_param(ElectroOpticTransducer, "wavelength")
    fibre_length: float = param(1000.0, "fibre length between the transducers", "m", low=0.0)
    fibre_attenuation_db_per_km: float = param(0.2, "fibre attenuation", "dB/km", low=0.0)
    insertion_loss_db: float = param(0.0, "extra optical loss (fibre-chip coupling, filters)", "dB", low=0.0)
    added_noise: float = param(0.0, "pump-induced noise photons added per conversion", low=0.0)

    def __post_init__(self):
        super().__post_init__()
        gamma = self.transducer.gamma
        check_range("conversion bandwidth", self.bandwidth, 0.0, gamma / 2, high_open=True, unit="s^-1",
                    why="kappa (1 + C) must stay below (gamma_e + gamma_i)/2 for the adiabatic optical "
                        "mode; lower pump_power or microwave_coupling")

    @cached_property
    def transducer(self) -> ElectroOpticTransducer:
        """The transducer at each end (both identical), built from the fields shared with it."""
        return ElectroOpticTransducer(**self.device_parameters(ElectroOpticTransducer))

    @property
    def pump_photons(self) -> float:
        """<n_p> of each transducer, 000 Eq. (4)."""
        return self.transducer.pump_photons

    @property
    def coupling_g(self) -> float:
        """g = g0 sqrt(<n_p>) of each transducer, 000 Eq. (3), s^-1."""
        return self.transducer.coupling_g

    @property
    def cooperativity(self) -> float:
        """C = 4 g^2/(gamma kappa)."""
        return float(cooperativity(self.coupling_g, self.transducer.gamma, self.microwave_coupling + self.gamma_mw))

    @property
    def efficiency(self) -> float:
        """Photon conversion efficiency of one transducer (either direction)."""
        return float(transduction_efficiency(self.coupling_g, self.gamma_e, self.gamma_i,
                                             self.microwave_coupling, self.gamma_mw))

    @property
    def bandwidth(self) -> float:
        """Conversion FWHM kappa (1 + C), s^-1."""
        return float(transduction_bandwidth(self.coupling_g, self.transducer.gamma,
                                            self.microwave_coupling + self.gamma_mw))

    @property
    def optical_transmittance(self) -> float:
        """Fibre and insertion loss between the transducers."""
        loss = self.fibre_attenuation_db_per_km * self.fibre_length / 1e3 + self.insertion_loss_db
        return float(transmittance_from_loss_db(loss))

    def transfer_channel(self) -> TransferChannel:
        """transducer A -> fibre -> transducer B (optical thermal occupation ~ 0, 002 Table II)."""
        def transducer(label: str):
            return converter_stage(label, self.efficiency, self.added_noise, 0.0)

        return TransferChannel((transducer("transducer A"),
                                waveguide_stage("fibre", self.optical_transmittance, 0.0),
                                transducer("transducer B")))

    def report(self) -> LinkReport:
        ch = self.transfer_channel()
        rho = apply(ch.kraus(), DensityMatrix(PHI_PLUS), qargs=[1])
        rho = DensityMatrix((rho.data + rho.data.conj().T) / 2)
        heat = self.transducer.pump_heat()
        extras = {
            "scheme": "deterministic transfer (no heralding)",
            "efficiency": self.efficiency,
            "cooperativity": self.cooperativity,
            "pump_photons": self.pump_photons,
            "coupling_g": self.coupling_g,
            "bandwidth_hz": self.bandwidth,
            "optical_transmittance": self.optical_transmittance,
            "end_to_end_transmittance": ch.transmittance,
            "end_to_end_added_photons": ch.added_noise,
            "energy_per_qubit_j": heat / self.bandwidth,
            "heat_total_w": 2 * heat,
        }
        return LinkReport(link=self.name, rate_hz=self.bandwidth, state=rho, fidelity=fidelity_to(rho),
                          heat_w=heat, parameters=self.parameters(), extras=extras,
                          memory_t1_s=self.transducer.microwave_t1_s)

    def transfer(self, label: str | None = None):
        """A :class:`~qnet_plugin.circuit.transfer.Transfer` instruction through this link."""
        from qnet_plugin.circuit.transfer import Transfer

        return Transfer(self, label=label or self.name)


__all__ = ["DirectElectroOpticLink", "cooperativity", "transduction_efficiency", "transduction_bandwidth"]
