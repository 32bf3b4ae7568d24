"""NVDiamondLink: single-click heralded pairs through two NV0-diamond transducers (paper 001).

From the CLI flag to the Kraus operator: ``pump_power``, the dephasing rates and the detunings go
into the three-level steady state (:mod:`qnet_plugin.physics.nv_diamond.steady_state`, fast engine) which gives
P_tot, P_coh, theta and R_d of each node; tau_conv = 4/(2 pi BW) of the ideal transducer sets the
pulse and detection window and P_d = tau_conv R_d; the composite channel N o E
(:mod:`.nv_diamond_channel`) and the single-click POVM give the heralded two-qubit state
(:mod:`qnet_plugin.physics.nv_diamond.single_click`), delivered in the Phi+ frame: a click at D+
heralds Psi+ = (|eg> + |ge>)/sqrt 2 and is mapped to Phi+ by X on qubit B; a click at D- heralds
Psi- and is mapped by Z on qubit A then X on qubit B.

Two-photon events (issue 16): two photons on the beam splitter bunch with probability (1 + V)/2,
V their Hong-Ou-Mandel visibility. By default (``two_photon_bunching="indistinguishable"``) only two
coherently converted photons, which share the signal mode, interfere (with ``hom_visibility``);
incoherent and noise photons are distinguishable and do not bunch. ``"all"`` with
``hom_visibility = 1`` is the paper's reading (every two-photon event bunched), which reproduces
its F_1c = 0.93 and R_herald = 3.1 kHz (model: 0.93656, 3.057 kHz); the default removes the
incoherent/noise two-photon heralds, so the optimal P_e rises: 0.93664 and 3.094 kHz
(docs/papers/001_nv_diamond.md).

As in 001 Fig. 3, the spectral-diffusion parameters (dephasing, detunings) act on node A only
and node B is ideal (``impaired_nodes="a"``); ``"both"`` applies them to both nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qiskit.quantum_info import DensityMatrix

from qnet_plugin.core.validation import check_range, param
from qnet_plugin.links.base import LinkModel, LinkReport, fidelity_to
from qnet_plugin.links.nv_diamond_channel import node_channel
from qnet_plugin.physics.nv_diamond.rates import FITTED_MICROWAVE_INTERNAL_RATE, FITTED_OPTICAL_LOSS_RATIO, NVDevice
from qnet_plugin.physics.nv_diamond.single_click import BUNCHING, NodeConversion, SingleClickResult, single_click
from qnet_plugin.physics.nv_diamond.steady_state import PAPER_PUMP_POWER, bandwidth, conversion, conversion_time


@dataclass(frozen=True)
class NVDiamondLink(LinkModel):
    """Heralded pairs from two NV0 optomechanical transducers and a single-click interferometer (001).

    Rates and detunings are angular (rad/s): the paper's "gamma/2pi = 1.7 MHz" is ``2*pi*1.7e6``.
    ``rep_rate`` may not exceed 1/tau_conv, tau_conv = 4/(2 pi BW) (one drive pulse and detection
    window per attempt must fit in the repetition period).
    """

    name = "nv-diamond"
    description = "NV0-diamond transducers (paper 001), single-click heralded pairs"

    pump_power: float = param(PAPER_PUMP_POWER, "optical drive power hbar mu_d |E_d|^2 per transducer", "W",
                              low=0.0, low_open=True)
    rep_rate: float = param(1e6, "entanglement attempts per second R_rep", "Hz", low=0.0, low_open=True)
    dephasing_1: float = param(0.0, "pure dephasing gamma_1^phi of level |1> (node A)", "rad/s", low=0.0)
    dephasing_2: float = param(0.0, "pure dephasing gamma_2^phi of level |2> (node A)", "rad/s", low=0.0)
    detuning_10: float = param(0.0, "static detuning Delta omega_10 of the microwave transition (node A)", "rad/s")
    detuning_20: float = param(0.0, "static detuning Delta omega_20 of the ZPL (node A)", "rad/s")
    impaired_nodes: str = param("a", "which nodes the dephasing/detunings act on", choices=("a", "both"))
    optical_loss_ratio: float = param(FITTED_OPTICAL_LOSS_RATIO, "optical cavity kappa_c^i/kappa_c^e (fitted)",
                                      low=0.0)
    microwave_internal_rate: float = param(FITTED_MICROWAVE_INTERNAL_RATE,
                                           "cavity-mediated microwave-side internal rate (fitted)", "rad/s", low=0.0)
    hom_visibility: float = param(1.0, "Hong-Ou-Mandel visibility V of two photons that bunch (coherent "
                                  "photons of identical transducers: 1)", low=0.0, high=1.0)
    two_photon_bunching: str = param("indistinguishable", "which photon pairs bunch at the beam splitter: "
                                     "'indistinguishable' (two coherently converted photons only) or 'all' "
                                     "(every pair, the paper's reading)", choices=BUNCHING)

    def __post_init__(self):
        super().__post_init__()
        limit = 1.0 / self.tau_conv
        check_range("rep_rate", self.rep_rate, 0.0, limit, low_open=True, unit="Hz",
                    why=f"at most 1/tau_conv with tau_conv = 4/(2 pi BW) = {self.tau_conv * 1e9:.4g} ns")

    @cached_property
    def device(self) -> NVDevice:
        """The transducer device (paper couplings, the paper's gamma^e, this link's internal losses)."""
        return NVDevice.from_external_rates(optical_loss_ratio=self.optical_loss_ratio,
                                            microwave_internal_rate=self.microwave_internal_rate)

    @cached_property
    def bandwidth_hz(self) -> float:
        """BW of the ideal transducer at this pump power, Hz (001 Fig. 2(a) inset)."""
        return bandwidth(self.device, self.pump_power)

    @property
    def tau_conv(self) -> float:
        """Drive-pulse length and detection window tau_conv = 4/(2 pi BW), s (001)."""
        return conversion_time(self.bandwidth_hz)

    def _impairments(self, node: str) -> dict:
        if node == "b" and self.impaired_nodes == "a":
            return {}
        return {"dephasing_1": self.dephasing_1, "dephasing_2": self.dephasing_2,
                "detuning_10": self.detuning_10, "detuning_20": self.detuning_20}

    def nodes(self) -> tuple[NodeConversion, NodeConversion]:
        """The two transducers' (P_tot, P_coh, theta, P_d), nodes A and B."""
        out = []
        for node in ("a", "b"):
            c = conversion(self.device, self.pump_power, **self._impairments(node))
            out.append(NodeConversion(p_tot=float(c.p_tot), p_coh=float(c.p_coh), theta=float(c.theta),
                                      p_d=float(self.tau_conv * c.dark_count_hz)))
        return out[0], out[1]

    def transducer_channels(self):
        """The Kraus maps N o E of nodes A and B on their single-rail photonic qubits."""
        a, b = self.nodes()
        return node_channel(a), node_channel(b)

    def single_click(self) -> SingleClickResult:
        """F_1c, N and the delivered state, with the paper's optimal P_e."""
        return single_click(*self.nodes(), visibility=self.hom_visibility, bunching=self.two_photon_bunching)

    def report(self) -> LinkReport:
        a, b = self.nodes()
        sc = self.single_click()
        rho = DensityMatrix(sc.state)
        duty = min(1.0, self.tau_conv * self.rep_rate)
        extras = {
            "p_tot": a.p_tot, "p_coh": a.p_coh, "p_inc": a.p_tot - a.p_coh,
            "bandwidth_hz": self.bandwidth_hz,
            "dark_count_hz": a.p_d / self.tau_conv,
            "theta_rad": a.theta - b.theta,
            "p_d": a.p_d, "tau_conv_s": self.tau_conv, "p_e": sc.p_e,
            "herald_probability": sc.herald_probability, "f_1c": sc.fidelity,
            "two_photon_bunching": self.two_photon_bunching,
            "p_tot_b": b.p_tot, "p_coh_b": b.p_coh, "dark_count_b_hz": b.p_d / self.tau_conv,
            "heralded_state": "psi+ (D+, corrected by X on B) / psi- (D-, corrected by Z on A, X on B)",
        }
        return LinkReport(link=self.name, rate_hz=sc.herald_rate(self.rep_rate), state=rho,
                          fidelity=fidelity_to(rho),
                          # Upper bound: all drive light of one node's pulses absorbed in its fridge.
                          heat_w=float(self.pump_power * duty), parameters=self.parameters(),
                          extras=extras)


__all__ = ["NVDiamondLink"]
