"""Optically heralded microwave-microwave entanglement with electro-optic transducers (paper 000).

One parameter's path, for the reader: ``pump_power`` -> <n_p> (Eq. 4) -> g = g0 sqrt(<n_p>)
(Eq. 3) -> per-node no-click dynamics (Eqs. 5, 8-11) -> click-averaged heralded state
(:mod:`qnet_plugin.physics.electro_optic.heralding`) -> storage decay -> Phi+ frame -> ``LinkReport.state``
-> :class:`~qnet_plugin.circuit.BellPair` (a Kraus channel Aer runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.core.bell import hashing_yield
from qnet_plugin.core.units import transmittance_from_loss_db
from qnet_plugin.core.validation import check_limit, check_range, format_bytes, param
from qnet_plugin.links.base import LinkModel, LinkReport, device_param, fidelity_to
from qnet_plugin.links.eo_device import ElectroOpticTransducer
from qnet_plugin.physics.electro_optic import heralding as her
from qnet_plugin.physics.electro_optic import transducer as eo

#: Peak memory of a blue-variant report at the largest Fock cutoff (measured: 2.2 GB resident at
#: n_max = 8, 8.7 s; the dense (n+1)^4 x (n+1)^4 node Liouvillian and its eigenvectors dominate).
BLUE_MEMORY_AT_MAX = 2.2e9


def blue_memory_estimate(n_max: int) -> float:
    """Peak memory (bytes) of a blue-variant report at Fock cutoff ``n_max``: the measured peak at
    :data:`~qnet_plugin.physics.electro_optic.heralding.MAX_FOCK_CUTOFF` scaled as the dense node
    Liouvillian, ((n+1)^4)^2 entries."""
    return BLUE_MEMORY_AT_MAX * ((n_max + 1) / (her.MAX_FOCK_CUTOFF + 1)) ** 8


@dataclass(frozen=True)
class ElectroOpticLink(LinkModel):
    """Heralded Bell pairs between two microwave resonators through electro-optic transducers.

    Defaults are the paper's Fig. 2 "state of the art" point (g0 = 1 kHz, gamma_e = gamma_i =
    100 MHz, gamma_MW = 1 kHz, 1500 nm pump, 1 us reset) at 0.1 mW pump, red-detuned variant,
    with the paper's idealisations (perfect detectors, no dark counts, no mismatch). Use
    :meth:`realistic` for detector and filter losses. Rates are in s^-1 with the paper's numbers as
    written (see :mod:`qnet_plugin.physics.electro_optic.transducer` for why). The transducer's
    parameters (``pump_power``, ``g0``, ``gamma_e``, ``gamma_i``, ``gamma_mw``, ``wavelength``) are
    declared once on :class:`~qnet_plugin.links.eo_device.ElectroOpticTransducer` and shared here;
    :attr:`transducer` is the device object built from them.
    """

    name = "electro-optic"
    description = "Optically heralded microwave Bell pairs via chi(2) electro-optic transducers (paper 000)"

    pump_power: float = device_param(ElectroOpticTransducer, "pump_power")
    variant: str = param("red", "red: beamsplitter pump, microwave prepared in |1>; blue: SPDC",
                         choices=her.VARIANTS)
    g0: float = device_param(ElectroOpticTransducer, "g0")
    gamma_e: float = device_param(ElectroOpticTransducer, "gamma_e")
    gamma_i: float = device_param(ElectroOpticTransducer, "gamma_i")
    gamma_mw: float = device_param(ElectroOpticTransducer, "gamma_mw")
    wavelength: float = device_param(ElectroOpticTransducer, "wavelength")
    reset_time: float = param(1e-6, "microwave resonator reset time between attempts", "s", low=0.0,
                              low_open=True)
    pulse: float | None = param(None, "pump pulse length; None optimises the pair rate", "s", low=0.0,
                                low_open=True, optional=True)
    storage_time: float = param(0.0, "time the pair waits in the microwave resonators before use", "s",
                                low=0.0)
    detector_efficiency: float = param(1.0, "single-photon detector efficiency", low=0.0, high=1.0)
    insertion_loss_db: float = param(0.0, "optical loss from transducer to detector (filters, fibre)",
                                     "dB", low=0.0)
    dark_count_rate: float = param(0.0, "false clicks per detector per second", "s^-1", low=0.0)
    coupling_mismatch: float = param(0.0, "relative coupling difference g_B/g_A - 1", low=-1.0,
                                     low_open=True, high=1.0)
    fock_cutoff: int | None = param(None, "highest Fock level per mode in the blue-variant simulation "
                                    "(omit: the smallest level whose fidelity, herald probability and "
                                    "rate change < 1e-3 from the level below)", low=1, high=8,
                                    integer=True, optional=True)

    def __post_init__(self):
        if self.variant == "blue" and isinstance(self.fock_cutoff, int) and not isinstance(self.fock_cutoff, bool):
            # the cost estimate comes before the plain range check (issue 11: "would need ~N GB")
            check_limit("fock_cutoff", self.fock_cutoff, her.MAX_FOCK_CUTOFF,
                        estimate=f"would need ~{format_bytes(blue_memory_estimate(self.fock_cutoff))}",
                        hint="the blue variant diagonalises a dense (n+1)^4-dimensional node Liouvillian; "
                             f"~{format_bytes(BLUE_MEMORY_AT_MAX)} and ~10 s at the limit")
        super().__post_init__()
        gamma = self.transducer.gamma
        check_range("coupling g", self.coupling_g * max(1.0, 1.0 + self.coupling_mismatch), 0.0,
                    gamma / 4, high_open=True, unit="s^-1",
                    why="weak coupling: the no-click dynamics of Eqs. (8)-(10) need g < (gamma_e + "
                        "gamma_i)/4; lower pump_power or g0")
        if self.variant == "blue" and self.fock_cutoff is not None:
            check_range("fock_cutoff", self.fock_cutoff, 2, her.MAX_FOCK_CUTOFF,
                        why="the blue variant needs room for a second SPDC pair per node")

    @cached_property
    def transducer(self) -> ElectroOpticTransducer:
        """The transducer at each node (both identical), built from the fields shared with it."""
        return ElectroOpticTransducer(**self.device_parameters(ElectroOpticTransducer))

    @property
    def pump_photons(self) -> float:
        """<n_p> of each transducer, 000 Eq. (4)."""
        return self.transducer.pump_photons

    @property
    def coupling_g(self) -> float:
        """g = g0 sqrt(<n_p>) of each transducer, 000 Eq. (3), s^-1."""
        return self.transducer.coupling_g

    def memory_t1_s(self) -> float:
        """T1 of the microwave resonators that hold the heralded pair, s (inf at gamma_mw = 0)."""
        return self.transducer.microwave_t1_s

    @classmethod
    def realistic(cls, **changes):
        """The paper's device with today's detection chain: 0.5 dB on-chip filter (000 App. B),
        90 % detector efficiency and 10 dark counts/s per detector (000: 'much smaller than 1 kHz')."""
        base = cls(detector_efficiency=0.9, insertion_loss_db=0.5, dark_count_rate=10.0)
        return base.replace(**changes) if changes else base

    @property
    def efficiency(self) -> float:
        """Probability that an extrinsically emitted photon clicks a detector."""
        return self.detector_efficiency * float(transmittance_from_loss_db(self.insertion_loss_db))

    def heralding_setup(self, pulse: float | None = None, n_max: int | None = None) -> her.HeraldingSetup:
        """The attempt this link runs (pulse from the argument, the field, or 1 us before optimising)."""
        g = self.coupling_g
        return her.HeraldingSetup(
            g_a=g, g_b=g * (1 + self.coupling_mismatch), gamma_e=self.gamma_e, gamma_i=self.gamma_i,
            efficiency=self.efficiency, dark_count_rate=self.dark_count_rate, gamma_mw=self.gamma_mw,
            pulse=pulse or self.pulse or 1e-6, variant=self.variant, n_max=n_max or self.fock_cutoff or 1)

    def _attempt(self, n_max: int):
        """(setup, result) at Fock cutoff ``n_max``, pulse optimised if not given, and the reported
        numbers the cutoff is converged on: fidelity, herald probability, rate."""
        setup = self.heralding_setup(n_max=n_max)
        if self.pulse is None:
            pulse, _ = her.optimal_pulse(setup, self.reset_time)
            setup = self.heralding_setup(pulse, n_max=n_max)
        result = her.heralded_state(setup)
        phi = np.array([1, 0, 0, 1]) / np.sqrt(2)
        observables = (float(np.real(phi @ result.state @ phi)), result.herald_probability,
                       result.herald_probability / (setup.pulse + self.reset_time))
        return (setup, result), observables

    def report(self) -> LinkReport:
        truncation = {}
        if self.variant == "blue":
            # issue 16: the Fock cutoff is converged on the reported numbers (heralding.converge_cutoff)
            k, (setup, result), err, ok = her.converge_cutoff(self._attempt, self.fock_cutoff, start=2)
            truncation = {"fock_cutoff_used": k, "truncation_error": err, "truncation_converged": ok}
        else:
            (setup, result), _ = self._attempt(1)
        p_store = float(-np.expm1(-self.gamma_mw * self.storage_time))
        # Storage acts on the physical photon-number basis, before the software frame change.
        raw_p = her.storage_decay_two_qubit(result.raw_plus, p_store)
        raw_m = her.storage_decay_two_qubit(result.raw_minus, p_store)
        total = her.frame_correct(raw_p, raw_m)
        rho = DensityMatrix((total + total.conj().T) / (2 * np.trace(total).real))
        duty = setup.pulse / (setup.pulse + self.reset_time)
        rate = result.herald_probability / (setup.pulse + self.reset_time)
        r0 = float(eo.pair_rate(self.coupling_g, self.gamma_e, self.gamma_i))
        pulse12 = float(eo.optimal_pulse_eq12(r0, self.reset_time))
        fidelity = fidelity_to(rho)
        ebit_yield = max(0.0, hashing_yield(rho))
        extras = {
            "variant": self.variant,
            "pulse_s": setup.pulse,
            "pump_photons": self.pump_photons,
            "coupling_g": self.coupling_g,
            "pair_rate_r0_hz": r0,
            "herald_probability": result.herald_probability,
            "duty_cycle": duty,
            "infidelity": 1.0 - fidelity,
            "rate_eq12_hz": float(eo.bell_rate_eq12(r0, pulse12, self.reset_time)),
            "pulse_eq12_s": pulse12,
            "heat_peak_w": self.transducer.pump_heat(),
            "ebit_yield": ebit_yield,
            "ebit_rate_hz": rate * ebit_yield,
            "storage_decay_probability": p_store,
            **truncation,
        }
        heat = self.transducer.pump_heat(duty)
        return LinkReport(link=self.name, rate_hz=float(rate), state=rho, fidelity=fidelity, heat_w=heat,
                          parameters=self.parameters(), extras=extras,
                          memory_frame="psi", memory_t1_s=self.memory_t1_s())
