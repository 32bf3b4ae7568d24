r"""Single-click heralded entanglement through two NV0 transducers (paper 001, Fig. 3 and its F_1c).

Setup (001 Fig. 3(a), single-click scheme of Cabrillo et al.): node k = A, B holds a
superconducting qubit entangled with a microwave photon, sqrt(1 - P_e)|g,0> + sqrt(P_e)|e,1>; the
transducer maps the photon through the composite channel N_k o E_k (see
:mod:`qnet_plugin.links.nv_diamond_channel` for its Kraus form); the two optical modes meet on a
50:50 beam splitter whose outputs go to detectors D+ and D-; one click heralds the pair.

Derivation of the single-click weights Pi_ij (ours; the paper defers it to its supplement)
-----------------------------------------------------------------------------------------
Each optical mode is single-rail (vacuum |0> or one photon |1>). The channels of node k:

* E_k (conversion, 001 text of Fig. 3): |1><1| -> P_tot|1><1| + (1 - P_tot)|0><0|,
  |1><0| -> sqrt(P_coh) e^{i theta_k}|1><0|. Only the coherent part P_coh keeps the phase; the
  incoherent photon (probability P_inc = P_tot - P_coh) carries none.
* N_k (noise, P_d = tau_conv R_d): |0> -> |1> with probability P_d, |1> unchanged (a noise photon
  on top of a converted photon is still counted as one: the single-rail truncation, error O(P_d));
  Kraus {diag(sqrt(1 - P_d), 1), sqrt(P_d)|1><0|}, so coherences are multiplied by sqrt(1 - P_d).

Hence the probability that mode k holds a photon, given n microwave photons at its input, is
q_k(0) = P_d^(k), q_k(1) = P_tot^(k) + (1 - P_tot^(k)) P_d^(k).

Heralding event: one detector fires. The detectors are threshold detectors and the paper
restricts attention "to the regime in which two-photon detection events at the same detector are
negligible", i.e. it does not resolve what two photons do at the beam splitter; we read this as:
a two-photon event (both modes occupied) always fires exactly one detector, either one with
probability 1/2 (what threshold detectors report when the photons bunch). On the single-rail
modes (A, B) the POVM is then

    M_+- = |Psi+-_ph><Psi+-_ph| + (1/2)|11><11|,   M_none = |00><00|,   Psi+-_ph = (|10> +- |01>)/sqrt 2,

(a single photon from either input reaches D+ with amplitude 1/sqrt 2 and D- with +-1/sqrt 2), and
M_+ + M_- + M_none = 1. This is the reading that reproduces both of the paper's numbers
(F_1c = 0.93 *and* R_herald = 3.1 kHz); counting only exactly-one-photon events
(photon-number-resolving detectors, no |11> term) gives F_1c = 0.937 and R_herald = 3.46 kHz with
the same transducers (docs/papers/001_nv_diamond.md). Per detector,

    Pi_ij = 1/2 [ q_A(i) (1 - q_B(j)) + (1 - q_A(i)) q_B(j) + q_A(i) q_B(j) ]
          = 1/2 [ 1 - (1 - q_A(i)) (1 - q_B(j)) ]

(probability of a click at that detector given |ij> microwave photons; half the probability
that any photon arrives), and the only
surviving qubit coherence is between |e g> and |g e> (all channels are phase covariant and M is
diagonal in total photon number):

    <eg| rho_+ |ge> = P_e (1 - P_e) * (1/2) * alpha |delta| e^{i theta},
    alpha = sqrt((1 - P_d^A)(1 - P_d^B)),  delta = sqrt(P_coh^A P_coh^B) e^{-i theta},
    theta = theta_A - theta_B.

The heralded (unnormalised) qubit state after D+ is then diagonal with entries
P(i) P(j) Pi_ij (P(1) = P_e, P(0) = 1 - P_e) plus that coherence. The total single-click
probability is N = 2 Tr rho_+ = 2[(1 - P_e)^2 Pi_00 + P_e(1 - P_e)(Pi_10 + Pi_01) + P_e^2 Pi_11], and

    F_1c = <Psi+| rho_+ |Psi+> / Tr rho_+ = [Pi_10 + Pi_01 + alpha |delta| cos theta] P_e (1 - P_e) / N,

Two-photon events and Hong-Ou-Mandel visibility (issue 16)
----------------------------------------------------------
The reading above scores every two-photon event as fully bunched (HOM visibility 1). Two photons
meeting on the 50:50 beam splitter leave by the same port with probability (1 + V)/2 and by
different ports (a coincidence: both detectors fire, no herald) with probability (1 - V)/2, V the
visibility of that photon pair (V = 1 for identical photons, 0 for distinguishable ones). Per
detector the two-photon part of Pi_ij is then (1 + V_ij)/4 q_A(i) q_B(j) instead of 1/2:

    Pi_ij = 1/2 [ q_A(i)(1 - q_B(j)) + (1 - q_A(i)) q_B(j) ] + (1 + V_ij)/4 q_A(i) q_B(j).

``bunching="all"`` gives every pair the same V = ``visibility`` (V = 1: the paper's reading and
the numbers above). ``bunching="indistinguishable"`` (the link's default) lets only photons that
are in the same mode bunch: a coherently converted photon is in the signal mode, while an
incoherent photon (its phase, hence its spectral purity, lost in the NV's dephasing) and a noise
photon (broadband emission over the detection window) are not, so only two coherent photons
interfere: V_ij = visibility f_A(i) f_B(j), with f(1) = P_coh/q(1) the probability that the photon
in the mode is the coherent one and f(0) = 0 (only a noise photon can be there). A lower V means
fewer two-photon heralds: at fixed P_e a lower herald probability and, since those heralds were
errors (|11>), a higher fidelity; the optimal P_e (which balances Pi_00 against Pi_11) then rises,
so at the optimum both the rate and the fidelity go up (paper 001 point: 3.06 -> 3.09 kHz from
"all, V = 1" to the default, 3.24 kHz at V = 0).

 alpha = (1 - P_d^A/2)(1 - P_d^B/2), the first-order
expansion of ours; the two differ by O(P_d^2) ~ 1e-11 here). P_e = sqrt(Pi_00)/(sqrt(Pi_00) + sqrt(Pi_11))
maximises F_1c (001), and R_herald = N R_rep.

Which Bell state, and the frame correction
------------------------------------------
A click at D+ heralds the single-rail Bell state Psi+ = (|eg> + |ge>)/sqrt 2 (the photonic
(|10> + |01>)/sqrt 2 transferred to the qubits), a click at D- heralds Psi- = (|eg> - |ge>)/sqrt 2.
The delivered state is expressed in the Phi+ frame: after D+ apply X on qubit B (Psi+ -> Phi+),
after D- apply Z on qubit A then X on qubit B (Psi- -> Psi+ -> Phi+). Both heralds are equally
likely and give the same corrected state. The residual phase theta is not corrected (the paper
assumes phase-locked paths but keeps theta as the transducers' own phase difference).

Qubit order: Qiskit little-endian, qubit 0 = A (QPU A), qubit 1 = B; basis index a + 2 b with
a, b = 1 for an excited qubit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet_plugin.core.bell import BELL_VECTORS
from qnet_plugin.core.operators import I2 as _I
from qnet_plugin.core.operators import X as _X
from qnet_plugin.core.operators import Z as _Z
from qnet_plugin.core.validation import ParameterError, check_probability, check_range


@dataclass(frozen=True)
class NodeConversion:
    """What one transducer does to the single-rail photon: P_tot, P_coh, theta (rad), P_d."""

    p_tot: float
    p_coh: float
    theta: float
    p_d: float

    def __post_init__(self):
        check_probability("p_tot", self.p_tot)
        check_range("p_coh", self.p_coh, 0.0, self.p_tot, why="P_coh <= P_tot")
        check_probability("p_d", self.p_d)

    def click_probability(self, n_photons: int) -> float:
        """q(n): probability that the optical mode holds a photon given n microwave photons in."""
        return self.p_d if n_photons == 0 else self.p_tot + (1 - self.p_tot) * self.p_d


@dataclass(frozen=True)
class SingleClickResult:
    """Heralded pair of the single-click scheme.

    Attributes:
        fidelity: F_1c, fidelity of the D+ state with Psi+ (= Phi+ fidelity of the delivered state).
        herald_probability: N, single-click probability per attempt (both detectors).
        p_e: qubit excitation probability used.
        weights: Pi_ij per detector (2 x 2 array, [i, j] = microwave photons at A, B).
        state_psi_plus: normalised D+ heralded state (4 x 4, qubit 0 = A), frame Psi+.
        state: delivered state in the Phi+ frame (4 x 4).
    """

    fidelity: float
    herald_probability: float
    p_e: float
    weights: np.ndarray
    state_psi_plus: np.ndarray
    state: np.ndarray

    def herald_rate(self, rep_rate_hz: float) -> float:
        """R_herald ~ N R_rep, heralded pairs per second (001)."""
        return self.herald_probability * rep_rate_hz


#: How two-photon events bunch at the beam splitter (module docstring, "Two-photon events").
BUNCHING = ("all", "indistinguishable")


def _coherent_fraction(node: NodeConversion, n_photons: int) -> float:
    """f(n): probability that the photon in the mode (if any) is the coherently converted one."""
    q = node.click_probability(n_photons)
    return 0.0 if n_photons == 0 or q == 0 else node.p_coh / q


def single_click_weights(node_a: NodeConversion, node_b: NodeConversion, visibility: float = 1.0,
                         bunching: str = "all") -> np.ndarray:
    """Pi_ij per detector (derivation in the module docstring); ``visibility=1, bunching='all'`` is
    the paper's reading, [1 - (1 - q_A(i))(1 - q_B(j))]/2."""
    check_probability("hom_visibility", visibility)
    if bunching not in BUNCHING:
        raise ParameterError(f"bunching = {bunching!r} is not allowed; choose one of {', '.join(BUNCHING)}")
    pi = np.empty((2, 2))
    for i in (0, 1):
        for j in (0, 1):
            qa, qb = node_a.click_probability(i), node_b.click_probability(j)
            v = visibility if bunching == "all" else \
                visibility * _coherent_fraction(node_a, i) * _coherent_fraction(node_b, j)
            pi[i, j] = 0.5 * (qa * (1 - qb) + (1 - qa) * qb) + 0.25 * (1 + v) * qa * qb
    return pi


def optimal_excitation(weights: np.ndarray) -> float:
    """P_e = sqrt(Pi_00)/(sqrt(Pi_00) + sqrt(Pi_11)), the maximiser of F_1c (001)."""
    a, b = np.sqrt(weights[0, 0]), np.sqrt(weights[1, 1])
    return float(a / (a + b))


#: Frame corrections (qubit 0 = A is the right-hand Kronecker factor).
CORRECTION_D_PLUS = np.kron(_X, _I)                  # X on B
CORRECTION_D_MINUS = np.kron(_X, _I) @ np.kron(_I, _Z)  # Z on A, then X on B


def heralded_state(node_a: NodeConversion, node_b: NodeConversion, p_e: float, detector: int = +1,
                   visibility: float = 1.0, bunching: str = "all") -> np.ndarray:
    """Unnormalised qubit state after a single click at D+ (``detector=+1``) or D- (``-1``), 4 x 4."""
    check_probability("p_e", p_e)
    pi = single_click_weights(node_a, node_b, visibility, bunching)
    prob = (1 - p_e, p_e)
    rho = np.zeros((4, 4), dtype=complex)
    for a in (0, 1):
        for b in (0, 1):
            rho[a + 2 * b, a + 2 * b] = prob[a] * prob[b] * pi[a, b]
    alpha = np.sqrt((1 - node_a.p_d) * (1 - node_b.p_d))
    c = detector * p_e * (1 - p_e) * 0.5 * alpha * np.sqrt(node_a.p_coh * node_b.p_coh) \
        * np.exp(1j * (node_a.theta - node_b.theta))
    rho[1, 2] = c           # |a=1, b=0><a=0, b=1| = |eg><ge|
    rho[2, 1] = np.conj(c)
    return rho


def single_click(node_a: NodeConversion, node_b: NodeConversion, p_e: float | None = None,
                 visibility: float = 1.0, bunching: str = "all") -> SingleClickResult:
    """F_1c, N and the delivered state of the single-click scheme (001; derivation in the module docstring).

    ``p_e`` defaults to the paper's optimum :func:`optimal_excitation` (for the weights in use);
    ``visibility`` and ``bunching`` set how two-photon events bunch (module docstring).
    """
    pi = single_click_weights(node_a, node_b, visibility, bunching)
    p_e = optimal_excitation(pi) if p_e is None else float(p_e)
    rho_p = heralded_state(node_a, node_b, p_e, +1, visibility, bunching)
    rho_m = heralded_state(node_a, node_b, p_e, -1, visibility, bunching)
    p_plus, p_minus = np.trace(rho_p).real, np.trace(rho_m).real
    corrected = (CORRECTION_D_PLUS @ rho_p @ CORRECTION_D_PLUS.conj().T
                 + CORRECTION_D_MINUS @ rho_m @ CORRECTION_D_MINUS.conj().T) / (p_plus + p_minus)
    psi_plus = BELL_VECTORS["psi+"]
    fid = float(np.real(psi_plus.conj() @ rho_p @ psi_plus) / p_plus)
    return SingleClickResult(fidelity=fid, herald_probability=float(p_plus + p_minus), p_e=p_e,
                             weights=pi, state_psi_plus=rho_p / p_plus, state=corrected)


def fidelity_formula(node_a: NodeConversion, node_b: NodeConversion, p_e: float | None = None) -> float:
    """F_1c written exactly as 001 prints it, [Pi_10 + Pi_01 + alpha|delta| cos theta] P_e(1 - P_e)/N,
    with the paper's alpha = (1 - P_d^A/2)(1 - P_d^B/2). For tests against :func:`single_click`."""
    pi = single_click_weights(node_a, node_b)
    p_e = optimal_excitation(pi) if p_e is None else p_e
    alpha = (1 - node_a.p_d / 2) * (1 - node_b.p_d / 2)
    delta = np.sqrt(node_a.p_coh * node_b.p_coh)
    theta = node_a.theta - node_b.theta
    norm = 2 * ((1 - p_e) ** 2 * pi[0, 0] + p_e * (1 - p_e) * (pi[1, 0] + pi[0, 1]) + p_e ** 2 * pi[1, 1])
    return float((pi[1, 0] + pi[0, 1] + alpha * delta * np.cos(theta)) * p_e * (1 - p_e) / norm)


__all__ = ["BUNCHING", "NodeConversion", "SingleClickResult", "single_click", "single_click_weights",
           "optimal_excitation", "heralded_state", "fidelity_formula",
           "CORRECTION_D_PLUS", "CORRECTION_D_MINUS"]
