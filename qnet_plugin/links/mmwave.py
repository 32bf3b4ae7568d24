"""Millimetre-wave link (paper 002): deterministic state transfer microwave -> mm-wave -> microwave.

One parameter's path: ``kappa_mm`` -> pump photons n_p (Eq. (5)), bandwidth Delta (Eq. (A11)),
efficiency T (Eq. (17), exact form), shot-noise purity loss (Eq. (C2)), back-action photons
(App. D) -> two converter stages + the thermal waveguide (Sec. VII) ->
:class:`~qnet_plugin.links.transfer_channel.TransferChannel` (a qubit Kraus map) -> Bell pair =
half of a local Phi+ sent through it -> ``LinkReport.state`` -> :class:`~qnet_plugin.circuit.BellPair`,
or the channel itself -> :class:`~qnet_plugin.circuit.transfer.Transfer`.

Readings (see docs/papers/002_mmwave.md): no heralding, every attempt delivers; one qubit per
1/Delta (002 Sec. II: "the time required to convert one qubit is given by the inverse of the
converter's bandwidth Delta", with Delta the angular FWHM of Eq. (A11), so rate_hz = Delta in s^-1;
this is the same reading that gives Table I's E_qbit = P/Delta = 0.8 aJ). Each fridge holds one
converter, so the heat load per fridge is one converter's P_heating (Eq. (14)). The two conversion
phases (alpha_out = i beta_in, App. A) are a fixed local Z rotation, tracked in software, so the
pair is reported in the Phi+ frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from qiskit.quantum_info import DensityMatrix

from qnet_plugin.channels import apply
from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import check_range, param
from qnet_plugin.links.base import PHI_PLUS, LinkModel, LinkReport, TransferSource, fidelity_to
from qnet_plugin.links.transfer_channel import TransferChannel, converter_stage, waveguide_stage
from qnet_plugin.physics.mmwave.converter import MmWaveConverter, check_converter_validity
from qnet_plugin.physics.thermal_link import ThermalWaveguide

_CONVERTER_FIELDS = ("omega_uw", "omega_mm", "kappa_uw", "kappa_mm", "inductance", "crossover_current",
                     "q_uw", "q_mm", "kappa_int", "pump_line_transmittance", "linearity")


@dataclass(frozen=True)
class MillimeterWaveLink(TransferSource, LinkModel):
    """Two kinetic-inductance converters joined by a mm-wave dielectric waveguide (paper 002).

    Defaults: the Table I operating point (kappa_uw/2pi = 10 MHz, kappa_mm/2pi = 2 GHz, 7 GHz and
    300 GHz modes, L = 1 nH, I_* = 0.05 mA, Q_uw = 1e5, Q_mm = 1e3, kappa_int/2pi = 150 MHz,
    eta = 0.9, F = 100) and a 10 m PTFE waveguide at 4 K with Table II's 0.08 dB/m.
    Frequencies and linewidths are angular (rad/s): ``--kappa-mm 1.2566e10`` is kappa_mm/2pi = 2 GHz.
    """

    name = "mmwave"
    description = "Deterministic microwave -> mm-wave -> microwave state transfer (paper 002)"

    kappa_uw: float = param(TWO_PI * 10e6, "loaded microwave linewidth (angular)", "rad/s", low=0.0,
                            low_open=True)
    kappa_mm: float = param(TWO_PI * 2e9, "loaded mm-wave linewidth (angular)", "rad/s", low=0.0, low_open=True)
    length: float = param(10.0, "waveguide length", "m", low=0.0)
    temperature: float = param(4.0, "waveguide temperature", "K", low=0.0, low_open=True)
    attenuation_db_per_m: float = param(0.08, "waveguide power attenuation (Table II: PTFE, 0.08 at <= 20 K)",
                                        "dB/m", low=0.0)
    omega_uw: float = param(TWO_PI * 7e9, "microwave mode frequency (angular)", "rad/s", low=0.0, low_open=True)
    omega_mm: float = param(TWO_PI * 300e9, "mm-wave mode frequency (angular)", "rad/s", low=0.0, low_open=True)
    inductance: float = param(1e-9, "kinetic inductance L", "H", low=0.0, low_open=True)
    crossover_current: float = param(0.05e-3, "kinetic-inductance crossover current I_*", "A", low=0.0,
                                     low_open=True)
    q_uw: float = param(1e5, "intrinsic Q of the microwave mode", low=1.0, low_open=True)
    q_mm: float = param(1e3, "intrinsic Q of the mm-wave mode", low=1.0, low_open=True)
    kappa_int: float = param(TWO_PI * 150e6, "intrinsic linewidth of the pump mode (angular)", "rad/s",
                             low=0.0, low_open=True)
    pump_line_transmittance: float = param(0.9, "pump-line transmittance eta at the base stage", low=0.0,
                                           high=1.0, low_open=True)
    linearity: float = param(100.0, "pump-mode linearity F", low=0.0, low_open=True)

    def __post_init__(self):
        # Named conditions first, so the message says which validity condition failed.
        check_range("temperature", self.temperature, 0.0, None, low_open=True, unit="K",
                    why="a thermal waveguide needs T > 0")
        check_range("attenuation_db_per_m", self.attenuation_db_per_m, 0.0, None, unit="dB/m",
                    why="a passive waveguide cannot amplify")
        super().__post_init__()
        check_converter_validity(self.omega_uw, self.omega_mm, self.kappa_uw, self.kappa_mm, self.q_uw, self.q_mm)

    # ------------------------------------------------------------------ parts
    def converter(self) -> MmWaveConverter:
        """The converter at each end (both identical)."""
        return MmWaveConverter(**{k: getattr(self, k) for k in _CONVERTER_FIELDS})

    def waveguide(self) -> ThermalWaveguide:
        """The mm-wave waveguide between the fridges."""
        return ThermalWaveguide(frequency=self.omega_mm / TWO_PI, temperature=self.temperature,
                                attenuation_db_per_m=self.attenuation_db_per_m, length=self.length)

    def transfer_channel(self) -> TransferChannel:
        """converter A -> waveguide -> converter B as one qubit channel (``.kraus()`` for Aer)."""
        c, w = self.converter(), self.waveguide()
        conv = lambda label: converter_stage(label, c.efficiency, c.backaction_occupation,
                                             c.shot_noise_purity_loss)
        return TransferChannel((conv("converter A"), waveguide_stage("waveguide", w.transmittance, w.n_thermal),
                                conv("converter B")))

    # ------------------------------------------------------------------ report
    def report(self) -> LinkReport:
        c, w = self.converter(), self.waveguide()
        ch = self.transfer_channel()
        # Half of a local Phi+ (qubit 0 stays in QPU A) is sent to QPU B (qubit 1).
        rho = apply(ch.kraus(), DensityMatrix(PHI_PLUS), qargs=[1])
        rho = DensityMatrix((rho.data + rho.data.conj().T) / 2)
        heat = c.heat()
        kp, _ = c.pump_mode()
        budget = w.budget()
        extras = {
            "scheme": "deterministic transfer (no heralding)",
            "efficiency": c.efficiency,
            "bandwidth_hz": c.bandwidth / TWO_PI,
            "bandwidth_rad_s": c.bandwidth,
            "energy_per_qubit_j": c.energy_per_qubit,
            "energy_per_transmitted_qubit_j": c.energy_per_qubit / max(w.transmittance, 1e-300),
            "p_heating_w": heat["total"],
            "p_mode_c_w": heat["mode_c"],
            "p_pump_line_w": heat["line"],
            "pump_photons": c.n_pump,
            "pump_frequency_hz": c.omega_p / TWO_PI,
            "pump_linewidth_hz": kp / TWO_PI,
            "g0_hz": c.g0 / TWO_PI,
            "coupling_hz": abs(c.g0) * c.n_pump / TWO_PI,
            "kerr_shift_hz": c.n_pump * c.kerr()["chi_c"] / TWO_PI,
            "shot_noise_purity_loss": c.shot_noise_purity_loss,
            "backaction_purity_loss": c.backaction_purity_loss,
            "backaction_photons": c.backaction_occupation,
            "waveguide_n_thermal": budget["n_thermal"],
            "waveguide_transmittance": budget["transmittance"],
            "waveguide_added_photons": budget["added_photons"],
            "l_001_m": budget["l_001_m"],
            "l_01_m": budget["l_01_m"],
            "end_to_end_transmittance": ch.transmittance,
            "end_to_end_added_photons": ch.added_noise,
            "coherence_factor": ch.coherence,
            "heat_total_w": 2 * heat["total"],
        }
        return LinkReport(link=self.name, rate_hz=float(c.bandwidth), state=rho, fidelity=fidelity_to(rho),
                          heat_w=float(heat["total"]), parameters=self.parameters(), extras=extras)

    def transfer(self, label: str | None = None):
        """A :class:`~qnet_plugin.circuit.transfer.Transfer` instruction through this link's channel."""
        from qnet_plugin.circuit.transfer import Transfer

        return Transfer(self, label=label or self.name)


def transfer_fidelity_average(channel: TransferChannel) -> float:
    """Average fidelity of the transfer over pure input states, (2 F_pair + 1)/3 (Horodecki)."""
    rho = apply(channel.kraus(), DensityMatrix(PHI_PLUS), qargs=[1])
    return float((2 * fidelity_to(rho) + 1) / 3)


__all__ = ["MillimeterWaveLink", "transfer_fidelity_average"]
