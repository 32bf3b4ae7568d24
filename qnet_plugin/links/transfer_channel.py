"""Deterministic state transfer of a single-rail photonic qubit: converter -> waveguide -> converter.

The qubit is the vacuum |0> or one photon |1> of the travelling mode (paper 002 Appendix A converts
one photon at a time). Every stage of the chain is a phase-insensitive bosonic channel: pure loss
L_tau (a beam splitter with a vacuum port) followed by additive Gaussian noise Phi_N (N added
photons), plus pure dephasing of the 0-1 coherence:

* converter (002 Sec. VI): efficiency T (Eq. (17); exact product form), back-action heating adds
  n_h = (kappa_mm/(4 omega_uw))^2/2 photons to its output (Appendix D; the counter-rotating
  a^dag b^dag term feeds both outputs, so it is added at every conversion), and pump shot noise
  leaves coherence factor sqrt(1 - dTr rho^2) (Eq. (C2); chosen so that an equal superposition
  (|0> + |1>)/sqrt 2 loses purity dTr rho^2 / 2, the share of its photon component);
* waveguide (002 Sec. VII): a beam splitter of transmittance t with a thermal port, i.e. L_t then
  Phi_N with N = (1 - t) n(omega, T).

Composition (exact for phase-insensitive Gaussian channels): Phi_M o L_s o Phi_N o L_t
= Phi_{M + s N} o L_{s t}, and dephasing commutes with both (they are phase covariant). The chain is
therefore one channel with total transmittance tau, added noise N and coherence factor c.

Restriction to the qubit. L_tau keeps {|0>, |1>}: amplitude damping with gamma = 1 - tau. Phi_N
spreads it over all Fock states; the receiving converter swaps the microwave mode into a two-level
qubit, and we map every n >= 1 outcome to |1> ("saturation": a two-level absorber excited by at
least one photon; Kraus |0><0|, |1><n| for n >= 1, CPTP). Photon-number averages over the Gaussian
P-function of Phi_N (mean N) give, in the qubit basis,

    |0><0| -> 1/(1+N) |0><0| + N/(1+N) |1><1|
    |1><1| -> N/(1+N)^2 |0><0| + (1 - N/(1+N)^2) |1><1|
    |0><1| -> 1/(1+N)^2 |0><1|

so the transfer is the phase-covariant qubit channel with
p_up = N/(1+N), p_down = (1 - tau)/(1+N) + tau N/(1+N)^2, coherence lambda = c sqrt(tau)/(1+N)^2,
whose Kraus operators are sqrt(p_up)|1><0|, sqrt(p_down)|0><1| and sqrt(mu_i) diag(v_i) from the
eigen-decomposition of [[1 - p_up, lambda], [lambda, 1 - p_down]] (:func:`phase_covariant_kraus`).
:meth:`TransferChannel.fock_reference` recomputes the same map with explicit beam splitters on a
truncated Fock space (QuTiP) and returns the truncation error bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit.quantum_info import Kraus

from qnet_plugin.core.operators import SIGMA_MINUS, SIGMA_PLUS
from qnet_plugin.core.physicality import check_kraus
from qnet_plugin.core.validation import ParameterError, check_nonnegative, check_probability, check_range


def phase_covariant_kraus(p_up: float, p_down: float, coherence: float) -> list[np.ndarray]:
    """Kraus operators of the qubit channel |0><0| -> (1-p_up, p_up), |1><1| -> (p_down, 1-p_down),
    |0><1| -> coherence |0><1|. Complete positivity needs coherence^2 <= (1 - p_up)(1 - p_down)."""
    check_probability("p_up", p_up)
    check_probability("p_down", p_down)
    bound = np.sqrt((1 - p_up) * (1 - p_down))
    check_range("coherence", abs(coherence), 0.0, bound * (1 + 1e-12),
                why="complete positivity needs |coherence| <= sqrt((1 - p_up)(1 - p_down))")
    ops = []
    if p_up > 0:
        ops.append(np.sqrt(p_up) * SIGMA_PLUS)
    if p_down > 0:
        ops.append(np.sqrt(p_down) * SIGMA_MINUS)
    block = np.array([[1 - p_up, coherence], [coherence, 1 - p_down]], dtype=float)
    mu, v = np.linalg.eigh(block)
    for m, vec in zip(mu, v.T):
        if m > 1e-15:
            ops.append(np.sqrt(m) * np.diag(vec).astype(complex))
    return check_kraus("transfer channel", ops, context=f"p_up = {p_up:.6g}, p_down = {p_down:.6g}, "
                                                       f"coherence = {coherence:.6g}")


def qubit_map_parameters(transmittance: float, added_noise: float, coherence: float = 1.0):
    """(p_up, p_down, lambda) of loss ``transmittance`` + ``added_noise`` photons + dephasing, saturated
    to a qubit (see the module docstring)."""
    check_probability("transmittance", transmittance)
    check_nonnegative("added_noise", added_noise)
    check_probability("coherence", coherence)
    n, tau = float(added_noise), float(transmittance)
    # written with n/(1 + n) so that a huge or infinite noise (inf/inf = NaN otherwise) saturates
    # to the fully mixed limit p_up -> 1, p_down -> 0, lambda -> 0
    sat = 1.0 / (1.0 + 1.0 / n) if n > 0 else 0.0
    p_up = sat
    p_down = (1 - tau) / (1 + n) + tau * sat / (1 + n)
    lam = coherence * np.sqrt(tau) / (1 + n) / (1 + n)
    return p_up, p_down, lam


@dataclass(frozen=True)
class Stage:
    """One phase-insensitive element of the chain.

    Attributes:
        name: label (e.g. ``"converter A"``).
        transmittance: photon transmission probability, in [0, 1].
        added_noise: photons added at the output (mean of the additive Gaussian noise), >= 0.
        coherence: extra factor on the 0-1 coherence (pure dephasing), in [0, 1].
    """

    name: str
    transmittance: float
    added_noise: float = 0.0
    coherence: float = 1.0

    def __post_init__(self):
        check_probability(f"{self.name} transmittance", self.transmittance)
        check_nonnegative(f"{self.name} added_noise", self.added_noise)
        check_probability(f"{self.name} coherence", self.coherence)


def converter_stage(name: str, efficiency: float, heating_photons: float = 0.0,
                    purity_loss: float = 0.0) -> Stage:
    """A conversion step: efficiency T, back-action photons n_h (002 App. D), shot-noise purity loss
    dTr rho^2 (002 Eq. (C2)) turned into coherence factor sqrt(1 - dTr rho^2)."""
    check_range("purity_loss", purity_loss, 0.0, 1.0)
    return Stage(name, efficiency, heating_photons, float(np.sqrt(1 - purity_loss)))


def waveguide_stage(name: str, transmittance: float, n_thermal: float) -> Stage:
    """A lossy waveguide at temperature T: beam splitter t with thermal port n, adds (1 - t) n (002 Sec. VII)."""
    check_probability("transmittance", transmittance)
    check_nonnegative("n_thermal", n_thermal)
    added = 0.0 if transmittance == 1 else (1 - transmittance) * n_thermal  # t = 1: no port, even at n = inf
    return Stage(name, transmittance, added, 1.0)


@dataclass(frozen=True)
class TransferChannel:
    """The single-rail transfer channel of a chain of stages, as one qubit Kraus map."""

    stages: tuple[Stage, ...]

    def __post_init__(self):
        if not self.stages:
            raise ParameterError("stages = () is not allowed; a transfer channel needs at least one stage")

    @property
    def transmittance(self) -> float:
        """End-to-end photon transmission tau = product of the stage transmittances."""
        return float(np.prod([s.transmittance for s in self.stages]))

    @property
    def added_noise(self) -> float:
        """End-to-end added photons: N <- t_k N + N_k stage by stage."""
        n = 0.0
        for s in self.stages:
            n = s.transmittance * n + s.added_noise
        return float(n)

    @property
    def coherence(self) -> float:
        """Product of the stages' dephasing factors."""
        return float(np.prod([s.coherence for s in self.stages]))

    def parameters(self) -> tuple[float, float, float]:
        """(p_up, p_down, lambda) of the qubit map."""
        return qubit_map_parameters(self.transmittance, self.added_noise, self.coherence)

    def kraus(self) -> Kraus:
        """The qubit channel as a qiskit ``Kraus`` (Aer runs it natively)."""
        return Kraus(phase_covariant_kraus(*self.parameters()))

    def fock_reference(self, rho_qubit, n_max: int = 12):
        """The same transfer computed with explicit thermal beam splitters on a Fock space (QuTiP).

        Each stage with added noise N and transmittance t < 1 is a beam splitter with a thermal port
        of occupation N/(1 - t) (so it adds (1 - t) N/(1 - t) = N); dephasing multiplies rho_mn by
        coherence^((m - n)^2) (photon-number dephasing). The output is saturated to the qubit.
        Returns ``(rho_out_2x2, error_bound)`` with the summed truncation bounds of the stages.
        """
        from qnet_plugin.physics.thermal_link import thermal_beam_splitter_fock

        dim = n_max + 1
        rho = np.zeros((dim, dim), dtype=complex)
        rho[:2, :2] = np.asarray(rho_qubit.data if hasattr(rho_qubit, "data") else rho_qubit)
        err = 0.0
        diff = np.subtract.outer(np.arange(dim), np.arange(dim)) ** 2
        for s in self.stages:
            if s.added_noise > 0 and s.transmittance >= 1:
                raise ParameterError(f"{s.name}: added noise with transmittance 1 is not a thermal beam splitter")
            n_bath = s.added_noise / (1 - s.transmittance) if s.added_noise > 0 else 0.0
            rho, e = thermal_beam_splitter_fock(rho, s.transmittance, n_bath, n_max)
            err += e
            rho = rho * s.coherence ** diff
        return saturate_to_qubit(rho), err


def saturate_to_qubit(rho_fock) -> np.ndarray:
    """Map a Fock-space density matrix to the qubit: |0> stays, every n >= 1 becomes |1>, the 0-1
    coherence is kept (Kraus |0><0|, |1><1|, |1><n| for n >= 2)."""
    r = np.asarray(rho_fock, dtype=complex)
    p0 = r[0, 0].real
    return np.array([[p0, r[0, 1]], [r[1, 0], np.trace(r).real - p0]], dtype=complex)


__all__ = ["Stage", "TransferChannel", "converter_stage", "waveguide_stage", "phase_covariant_kraus",
           "qubit_map_parameters", "saturate_to_qubit"]
