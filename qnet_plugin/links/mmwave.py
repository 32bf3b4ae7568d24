"""Millimetre-wave link (paper 002): deterministic state transfer microwave -> mm-wave -> microwave.

One parameter's path: ``kappa_mm`` -> pump photons n_p (Eq. (5)), bandwidth Delta (Eq. (A11)),
efficiency T (Eq. (17), exact form), shot-noise purity loss (Eq. (C2)), back-action photons
(App. D) -> two converter stages + the thermal waveguide (Sec. VII) ->
:class:`~qnet_plugin.links.transfer_channel.TransferChannel` (a qubit Kraus map) -> Bell pair =
half of a local Phi+ sent through it -> ``LinkReport.state`` -> :class:`~qnet_plugin.circuit.BellPair`,
or the channel itself -> :class:`~qnet_plugin.circuit.transfer.Transfer`.

Readings (see docs/papers/002_mmwave.md): no heralding, every attempt delivers. One qubit per
``transfer_time_s``: the length of the shortest wavepacket (sine envelope, back-to-back slots) the
two converters in series convert with the stated efficiency penalty ``wavepacket_loss`` (default
1 %; :mod:`qnet_plugin.physics.mmwave.wavepacket`), so ``rate_hz`` = 1/transfer_time_s
(1.47e6 s^-1 at Table I) and the end-to-end transmittance carries the factor 1 - wavepacket_loss.
Until issue 16 ``rate_hz`` was Delta itself, the angular FWHM of Eq. (A11) used as a rate (002
Sec. II's estimate "the time to convert one qubit is 1/Delta": 1.26e8 s^-1 next to a 20 MHz
bandwidth, for a wavepacket as wide as the band); Delta remains the paper's figure of merit in
E_qbit = P/Delta = 0.8 aJ (Table I), reported unchanged. Each fridge holds one
converter, so the heat load per fridge is one converter's P_heating (Eq. (14)). The two conversion
phases (alpha_out = i beta_in, App. A) are a fixed local Z rotation, tracked in software, so the
pair is reported in the Phi+ frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qiskit.quantum_info import DensityMatrix

from qnet_plugin.channels import apply
from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import check_range, param
from qnet_plugin.links.base import PHI_PLUS, LinkModel, LinkReport, TransferSource, device_param, fidelity_to
from qnet_plugin.links.transfer_channel import TransferChannel, converter_stage, waveguide_stage
from qnet_plugin.physics.mmwave.converter import MmWaveConverter
from qnet_plugin.physics.mmwave.wavepacket import transfer_time
from qnet_plugin.physics.thermal_link import ThermalWaveguide


@dataclass(frozen=True)
class MillimeterWaveLink(TransferSource, LinkModel):
    """Two kinetic-inductance converters joined by a mm-wave dielectric waveguide (paper 002).

    Defaults: the Table I operating point (kappa_uw/2pi = 10 MHz, kappa_mm/2pi = 2 GHz, 7 GHz and
    300 GHz modes, L = 1 nH, I_* = 0.05 mA, Q_uw = 1e5, Q_mm = 1e3, kappa_int/2pi = 150 MHz,
    eta = 0.9, F = 100) and a 10 m PTFE waveguide at 4 K with Table II's 0.08 dB/m.
    Frequencies and linewidths are angular (rad/s): ``--kappa-mm 1.2566e10`` is kappa_mm/2pi = 2 GHz.

    The converter's 11 parameters are declared once, on
    :class:`~qnet_plugin.physics.mmwave.converter.MmWaveConverter`, and the waveguide's on
    :class:`~qnet_plugin.physics.thermal_link.ThermalWaveguide`; the link shares them
    (:func:`~qnet_plugin.links.base.device_param`) and composes the device objects
    :attr:`converter` and :attr:`waveguide` from them.
    """

    name = "mmwave"
    description = "Deterministic microwave -> mm-wave -> microwave state transfer (paper 002)"

    kappa_uw: float = device_param(MmWaveConverter, "kappa_uw")
    kappa_mm: float = device_param(MmWaveConverter, "kappa_mm")
    length: float = device_param(ThermalWaveguide, "length", default=10.0)
    temperature: float = device_param(ThermalWaveguide, "temperature")
    attenuation_db_per_m: float = device_param(ThermalWaveguide, "attenuation_db_per_m",
                                               help="waveguide power attenuation (Table II: PTFE, 0.08 at <= 20 K)")
    omega_uw: float = device_param(MmWaveConverter, "omega_uw")
    omega_mm: float = device_param(MmWaveConverter, "omega_mm")
    inductance: float = device_param(MmWaveConverter, "inductance")
    crossover_current: float = device_param(MmWaveConverter, "crossover_current")
    q_uw: float = device_param(MmWaveConverter, "q_uw")
    q_mm: float = device_param(MmWaveConverter, "q_mm")
    kappa_int: float = device_param(MmWaveConverter, "kappa_int")
    pump_line_transmittance: float = device_param(MmWaveConverter, "pump_line_transmittance")
    linearity: float = device_param(MmWaveConverter, "linearity")
    wavepacket_loss: float = param(0.01, "fraction of each qubit's wavepacket the two converters' finite "
                                   "band does not convert; sets the transfer time (rate = 1/time)",
                                   low=0.0, high=1.0, low_open=True, high_open=True)

    def __post_init__(self):
        # Named conditions first, so the message says which validity condition failed.
        check_range("temperature", self.temperature, 0.0, None, low_open=True, unit="K",
                    why="a thermal waveguide needs T > 0")
        check_range("attenuation_db_per_m", self.attenuation_db_per_m, 0.0, None, unit="dB/m",
                    why="a passive waveguide cannot amplify")
        super().__post_init__()
        self.converter  # noqa: B018 - build the device now: its validity conditions (002 Sec. VI) run here

    # ------------------------------------------------------------------ parts
    @cached_property
    def converter(self) -> MmWaveConverter:
        """The converter at each end (both identical), built from the fields shared with it."""
        return MmWaveConverter(**self.device_parameters(MmWaveConverter))

    @cached_property
    def waveguide(self) -> ThermalWaveguide:
        """The mm-wave waveguide between the fridges, carrying the converter's mm-wave frequency."""
        return ThermalWaveguide(frequency=self.omega_mm / TWO_PI, **self.device_parameters(ThermalWaveguide))

    @cached_property
    def transfer_time_s(self) -> float:
        """Length of one qubit's wavepacket slot, s: the shortest the converter chain converts with
        efficiency 1 - wavepacket_loss (:func:`~qnet_plugin.physics.mmwave.wavepacket.transfer_time`)."""
        return transfer_time(self.kappa_uw, self.kappa_mm, self.wavepacket_loss)

    def transfer_channel(self) -> TransferChannel:
        """converter A -> waveguide -> converter B as one qubit channel (``.kraus()`` for Aer); the
        last stage is the part of the wavepacket outside the chain's band (pure loss)."""
        c, w = self.converter, self.waveguide

        def converter(label: str):
            return converter_stage(label, c.efficiency, c.backaction_occupation, c.shot_noise_purity_loss)

        return TransferChannel((converter("converter A"),
                                waveguide_stage("waveguide", w.transmittance, w.n_thermal),
                                converter("converter B"),
                                waveguide_stage("finite conversion band", 1.0 - self.wavepacket_loss, 0.0)))

    # ------------------------------------------------------------------ report
    def report(self) -> LinkReport:
        c, w = self.converter, self.waveguide
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
            "transfer_time_s": self.transfer_time_s,
            "wavepacket_loss": self.wavepacket_loss,
            "rate_one_per_delta_hz": c.bandwidth,  # the pre-issue-16 reading of rate_hz, for comparison
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
        return LinkReport(link=self.name, rate_hz=1.0 / self.transfer_time_s, state=rho, fidelity=fidelity_to(rho),
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
