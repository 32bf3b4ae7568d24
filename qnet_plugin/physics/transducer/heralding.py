r"""Single-click and two-click (Barrett-Kok) heralding through two noisy transducers (fast engine).

Setup and modelling choices (every one of them, in order of the photon's path)
-----------------------------------------------------------------------------
1. **Emitter.** Each node k = A, B holds a superconducting memory qubit that emits one microwave
   photon when it is in |1> ("bright") and none in |0>: V|0> = |0>|0_ph>, V|1> = |1>|1_ph>.
   Single-click prepares sqrt(1 - alpha)|0> + sqrt(alpha)|1> (weak excitation alpha; Cabrillo et al.,
   PRA 59, 1025 (1999); Humphreys et al., Nature 558, 268 (2018): the "bright-state population");
   two-click prepares (|0> + |1>)/sqrt 2 (Barrett & Kok, PRA 71, 060310(R) (2005)).
2. **Transducer + fibre** (:mod:`.fock`): a thermal attenuator of transmissivity eta (conversion
   efficiency) whose bath adds ``n_th`` photons per attempt to the signal's own optical mode
   (thermal-like added noise: Bose-Einstein statistics, it interferes and bunches like signal light),
   followed by the fibre arm to the midpoint station (transmittance ``t_f``); composed exactly into
   one attenuator T = eta t_f, N' = t_f n_th / (1 - eta t_f). A passive attenuator cannot add noise
   at eta = 1, so thermal noise needs eta < 1.
3. **Pump-induced noise** (optional part of the added noise): ``n_pump`` photons per attempt per
   node at the transducer output, modelled as *mode-mismatched* Poisson light (broadband emission of
   a pump-heated bath spread over the detection window, cf. the delayed pump-induced noise of
   Mirhosseini et al., Nature 588, 599 (2020)): it does not interfere with the signal; each photon
   reaches either detector with probability 1/2 after the fibre and is detected with the detector
   efficiency. Its only effect is the extra no-click factor exp(-eta_d t_f n_pump) per detector
   (sum of two nodes' n_pump/2), i.e. a dark count before the detector efficiency.
4. **Station:** the arm of node B picks up the optical phase phi (interferometer phase) and the two
   arms meet on a 50:50 beam splitter, outputs c+- = (a +- e^{i phi} b)/sqrt 2 on threshold
   detectors D+- of efficiency eta_d and dark-count probability p_d per window. No-click operator
   of one detector: (1 - p_d)(1 - eta_d)^n (n photons at it; dark counts and noise independent).
   Herald of one round: exactly one detector clicks.
5. **Phase stability** (single-click): phi is Gaussian with rms ``phase_noise`` shot to shot; the
   heralded coherence is e^{-i phi} times the phi = 0 value, so the average multiplies it by
   exp(-phase_noise^2/2) (the visibility loss of an imperfectly phase-stabilised interferometer,
   the impairment Humphreys et al. 2018 stabilise against). Two-click: the phase is taken
   constant over the two rounds (drift slower than the round spacing, Barrett & Kok's condition);
   it then cancels exactly, which this engine derives (the rounds' coherence factors are
   e^{-i phi} and e^{+i phi}) rather than assumes.

Heralded state
--------------
One round maps the memories' two-qubit state by an element-wise (Schur) product with a 4 x 4
weight matrix W_x per outcome x in {+, -}:

    W_x[(a,b),(a',b')] = Tr[ M_x ( E(|a><a'|) (x) E(|b><b'|) ) ],

M_x the POVM element of outcome x on the two pre-station modes. Photon-number conservation of the
beam splitter and the phase insensitivity of E leave only the diagonal and the (1,0)-(0,1)
coherence (everything else has mismatched photon number on the two sides). M_x is evaluated in the
Fock basis block by block in the total photon number with exact beam-splitter amplitudes
(:func:`.fock.beam_splitter_amplitudes`).

* single-click: rho_x = W_x o |psi_alpha psi_alpha><...|, herald x heralds Psi+- (D+ -> Psi+);
  with n_add = 0, p_d = 0 and total transmission t = eta t_f eta_d the state is
  (1 - p)|Psi+><Psi+| + p|11><11| with p = alpha (2 - t)/(2 - alpha t) (two bright emitters: both
  photons leave by the same port, Hong-Ou-Mandel), which is the textbook
  (1 - alpha)|Psi+><Psi+| + alpha|11><11| (the single-click state of Humphreys et al. 2018) for t -> 0.
* two-click: round 1 (outcome x), X on both memories (the pi flip), round 2 (outcome y); (x, y)
  equal heralds Psi+, different heralds Psi- (Barrett & Kok 2005); ideal limit: Psi+-
  exactly, with herald probability t^2/2.

Frame: Qiskit little-endian, qubit 0 = memory A, basis index a + 2 b. Psi+ is mapped to Phi+ by X
on B, Psi- by Z on A then X on B (the herald-dependent Pauli frame update), so the delivered
state is in the Phi+ frame; in the memories the pair sits in the Psi frame (``memory_frame='psi'``).

Memory coherence: optional pure dephasing of both memories during the wait for the herald,
rho -> (1 - p) rho + p Z rho Z per qubit with p = (1 - exp(-t_wait/T2))/2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet_plugin.core.operators import I2, X, Z
from qnet_plugin.core.validation import ParameterError, check_probability, check_range
from qnet_plugin.physics.transducer.fock import attenuator_action, bath_cutoff, beam_splitter_amplitudes

PROTOCOLS = ("single-click", "two-click")

#: Pauli frame corrections (qubit 0 = A is the right-hand Kronecker factor).
CORRECTION_PSI_PLUS = np.kron(X, I2)                       # X on B
CORRECTION_PSI_MINUS = np.kron(X, I2) @ np.kron(I2, Z)     # Z on A, then X on B
FLIP_BOTH = np.kron(X, X)

#: Largest cutoffs the convergence loop may reach before refusing.
MAX_BATH_CUTOFF = 20000
MAX_MODE_CUTOFF = 150


@dataclass(frozen=True)
class HeraldingSetup:
    """One heralding round's physics (symmetric nodes).

    Attributes:
        efficiency: conversion efficiency eta of each transducer, [0, 1].
        thermal_noise: thermal-like added noise photons per attempt in the signal mode at the
            transducer output (output-referred), >= 0; needs eta < 1 when > 0.
        pump_noise: pump-induced, mode-mismatched Poisson noise photons per attempt at the
            transducer output (output-referred), >= 0.
        fibre_transmittance: transmittance t_f of one arm, transducer -> station, [0, 1].
        detector_efficiency: eta_d, [0, 1].
        dark_probability: dark-count probability per detector per detection window, [0, 1).
        phase: interferometer phase phi of arm B, rad.
    """

    efficiency: float
    thermal_noise: float = 0.0
    pump_noise: float = 0.0
    fibre_transmittance: float = 1.0
    detector_efficiency: float = 1.0
    dark_probability: float = 0.0
    phase: float = 0.0

    def __post_init__(self):
        check_probability("efficiency", self.efficiency)
        check_range("thermal_noise", self.thermal_noise, 0.0, None)
        check_range("pump_noise", self.pump_noise, 0.0, None)
        check_probability("fibre_transmittance", self.fibre_transmittance)
        check_probability("detector_efficiency", self.detector_efficiency)
        check_range("dark_probability", self.dark_probability, 0.0, 1.0, high_open=True)
        check_range("phase", self.phase, None, None)
        if self.thermal_noise > 0 and self.efficiency >= 1:
            raise ParameterError(f"efficiency = {self.efficiency:.6g} is outside the allowed range [0, 1) "
                                 "(a passive transducer cannot add thermal noise at unit efficiency)")

    @property
    def transmissivity(self) -> float:
        """T = eta t_f: emitter photon to the station."""
        return self.efficiency * self.fibre_transmittance

    @property
    def bath_occupation(self) -> float:
        """N' of the composed attenuator: (1 - T) N' = t_f n_th."""
        t = self.transmissivity
        return 0.0 if self.thermal_noise == 0 else self.fibre_transmittance * self.thermal_noise / (1.0 - t)

    @property
    def no_click_floor(self) -> float:
        """(1 - p_d) exp(-eta_d t_f n_pump): no-click probability of a detector with no signal-mode light."""
        return (1.0 - self.dark_probability) * np.exp(-self.detector_efficiency * self.fibre_transmittance
                                                      * self.pump_noise)


@dataclass(frozen=True)
class RoundWeights:
    """W_+ and W_- of one round (4 x 4 complex) with the truncation used and its error estimate.

    ``truncation_error`` is the largest change of any weight when both cutoffs are raised by half
    (the convergence check); ``lost`` is the probability outside the truncation.
    """

    plus: np.ndarray
    minus: np.ndarray
    bath_cutoff: int
    mode_cutoff: int
    truncation_error: float
    lost: float


def _weights_at(setup: HeraldingSetup, k_max: int, d: int, phase: float):
    ms = attenuator_action(setup.transmissivity, setup.bath_occupation, k_max, d)
    floor = setup.no_click_floor
    keep = 1.0 - setup.detector_efficiency
    dist = (ms.p0, ms.p1)
    blocks = beam_splitter_amplitudes(d)
    diag = {x: np.zeros((2, 2)) for x in "+-"}
    coh = {"+": 0.0, "-": 0.0}
    for total, amp in enumerate(blocks):
        n = np.arange(total + 1)
        nc_plus = floor * keep ** n            # D+ silent with n photons at it
        nc_minus = floor * keep ** (total - n)  # D- silent
        f = {"+": (1 - nc_plus) * nc_minus, "-": nc_plus * (1 - nc_minus)}
        p = np.arange(max(0, total - d + 1), min(total, d - 1) + 1)
        sq = amp**2
        nb = amp[:-1] * amp[1:]               # products of neighbouring rows (p - 1, p)
        pa = p[p >= 1]
        pa = pa[(pa - 1 >= max(0, total - d + 1)) & (total + 1 - pa < d)]
        q = total + 1 - pa
        for x in "+-":
            mdiag = sq[p] @ f[x]                 # <p, N-p| M_x |p, N-p>
            for a in (0, 1):
                for b in (0, 1):
                    diag[x][a, b] += np.sum(dist[a][p] * dist[b][total - p] * mdiag)
            # coherence E(|1><0|)_A (x) E(|0><1|)_B: sum_p c[p] c[q] <p-1, q| M |p, q-1>, in block
            # N = p + q - 1 = total: rows p - 1 and p of this block
            if pa.size:
                coh[x] += np.sum(ms.c10[pa] * ms.c10[q] * (nb[pa - 1] @ f[x]))
    factor = np.exp(-1j * phase)
    out = {}
    for x in "+-":
        w = np.zeros((4, 4), dtype=complex)
        for a in (0, 1):
            for b in (0, 1):
                w[a + 2 * b, a + 2 * b] = diag[x][a, b]
        w[1, 2] = coh[x] * factor
        w[2, 1] = np.conj(w[1, 2])
        out[x] = w
    return out, ms.lost


def _not_converged(setup: HeraldingSetup, tol: float) -> str:
    return (f"thermal_noise = {setup.thermal_noise:.6g} photons is outside the allowed range of the Fock-space "
            f"engine: the weights do not converge to {tol:g} below the cutoffs ({MAX_BATH_CUTOFF} bath, "
            f"{MAX_MODE_CUTOFF} output levels; bath occupation {setup.bath_occupation:.4g})")


def round_weights(setup: HeraldingSetup, *, tol: float = 1e-9) -> RoundWeights:
    """W_+- of one heralding round at the fixed phase ``setup.phase`` (phase noise is applied by the
    protocol: :func:`single_click_pair`), converged in the Fock cutoffs to ``tol`` (absolute, per weight).

    The bath cutoff starts where the thermal tail of N' is below tol/10, the output cutoff where the
    output photon-number tail is; both are raised by half until two successive results agree to
    ``tol``; a cutoff beyond
    ``MAX_BATH_CUTOFF``/``MAX_MODE_CUTOFF`` is refused with a ParameterError naming the noise.
    """
    n_bath = setup.bath_occupation
    k_max = max(2, bath_cutoff(n_bath, tol / 10))
    if k_max > MAX_BATH_CUTOFF:
        raise ParameterError(_not_converged(setup, tol))
    # output cutoff: the smallest d whose photon-number tail (either emitter state) is below tol/10
    probe = attenuator_action(setup.transmissivity, n_bath, k_max, MAX_MODE_CUTOFF)
    tail = 1.0 - np.minimum(np.cumsum(probe.p0), np.cumsum(probe.p1))
    below = np.nonzero(tail < tol / 10)[0]
    if below.size == 0:
        raise ParameterError(_not_converged(setup, tol))
    d = max(3, int(below[0]) + 2)
    prev, _ = _weights_at(setup, k_max, d, setup.phase)
    while True:
        k_new, d_new = int(1.5 * k_max) + 4, d + max(2, d // 2)
        if k_new > MAX_BATH_CUTOFF or d_new > MAX_MODE_CUTOFF:
            raise ParameterError(_not_converged(setup, tol))
        cur, lost = _weights_at(setup, k_new, d_new, setup.phase)
        err = max(np.max(np.abs(cur[x] - prev[x])) for x in "+-")
        if err <= tol:
            return RoundWeights(plus=cur["+"], minus=cur["-"], bath_cutoff=k_new, mode_cutoff=d_new,
                                truncation_error=float(err), lost=lost)
        prev, k_max, d = cur, k_new, d_new


@dataclass(frozen=True)
class HeraldedPair:
    """A heralded pair in the Phi+ frame.

    Attributes:
        state: delivered 4 x 4 density matrix (Phi+ frame, memory dephasing applied).
        herald_probability: probability per attempt (one round single-click, two rounds two-click).
        fidelity: <Phi+|state|Phi+>.
        raw: unnormalised heralded states per outcome label ("+", "-" or "++", "+-", ...) in the
            memories' physical frame, before dephasing.
        protocol: "single-click" or "two-click".
        alpha: bright-state population used.
    """

    state: np.ndarray
    herald_probability: float
    fidelity: float
    raw: dict
    protocol: str
    alpha: float


def emitter_state(alpha: float) -> np.ndarray:
    """|psi_alpha> (x) |psi_alpha> density matrix, psi_alpha = sqrt(1 - alpha)|0> + sqrt(alpha)|1>."""
    v = np.array([np.sqrt(1 - alpha), np.sqrt(alpha)])
    psi = np.kron(v, v)
    return np.outer(psi, psi).astype(complex)


def dephase(rho: np.ndarray, p: float) -> np.ndarray:
    """Pure dephasing with Z-flip probability ``p`` on both qubits."""
    if p == 0:
        return rho
    za, zb = np.kron(I2, Z), np.kron(Z, I2)
    rho = (1 - p) * rho + p * za @ rho @ za
    return (1 - p) * rho + p * zb @ rho @ zb


def dephasing_probability(wait_s: float, t2_s: float | None) -> float:
    """p = (1 - exp(-t/T2))/2 (0 when T2 is None)."""
    return 0.0 if t2_s is None else float(-np.expm1(-wait_s / t2_s) / 2)


def _corrected(pieces) -> np.ndarray:
    total = np.zeros((4, 4), dtype=complex)
    for rho, sign in pieces:
        c = CORRECTION_PSI_PLUS if sign > 0 else CORRECTION_PSI_MINUS
        total += c @ rho @ c.conj().T
    return total


def single_click_pair(weights: RoundWeights, alpha: float, phase_noise: float = 0.0,
                      dephasing: float = 0.0) -> HeraldedPair:
    """Single-click pair from one round's weights at bright-state population ``alpha``.

    ``phase_noise`` (rad rms, Gaussian) multiplies the heralded coherence by exp(-sigma^2/2)
    (module docstring, item 5); ``dephasing`` is the memories' Z-flip probability.
    """
    check_range("alpha", alpha, 0.0, 1.0, low_open=True, high_open=True)
    rho0 = emitter_state(alpha)
    visibility = np.ones((4, 4))
    visibility[1, 2] = visibility[2, 1] = np.exp(-phase_noise**2 / 2)
    raw = {"+": weights.plus * visibility * rho0, "-": weights.minus * visibility * rho0}
    return _finish(raw, {"+": +1, "-": -1}, dephasing, "single-click", alpha)


def two_click_pair(weights: RoundWeights, dephasing: float = 0.0) -> HeraldedPair:
    """Barrett-Kok pair from one round's weights; the phase is common to both rounds (module docstring),
    so no phase-noise argument: it cancels for every phase value."""
    rho0 = emitter_state(0.5)
    raw, signs = {}, {}
    for x, wx in (("+", weights.plus), ("-", weights.minus)):
        flipped = FLIP_BOTH @ (wx * rho0) @ FLIP_BOTH
        for y, wy in (("+", weights.plus), ("-", weights.minus)):
            raw[x + y] = wy * flipped
            signs[x + y] = +1 if x == y else -1
    return _finish(raw, signs, dephasing, "two-click", 0.5)


def _finish(raw, signs, dephasing, protocol, alpha) -> HeraldedPair:
    total = _corrected([(dephase(raw[k], dephasing), signs[k]) for k in raw])
    prob = float(np.trace(total).real)
    if not prob > 0:
        raise ParameterError(f"herald probability = {prob:.6g} is outside the allowed range (0, 1]: "
                             "no photon can reach the detectors (efficiency, fibre or detector efficiency 0)")
    state = total / prob
    state = (state + state.conj().T) / 2
    fid = float(np.real(state[0, 0] + state[3, 3] + state[0, 3] + state[3, 0]) / 2)
    return HeraldedPair(state=state, herald_probability=prob, fidelity=fid, raw=raw, protocol=protocol,
                        alpha=alpha)


def concurrence(rho: np.ndarray) -> float:
    """Wootters concurrence of a two-qubit state."""
    yy = np.kron(np.array([[0, -1j], [1j, 0]]), np.array([[0, -1j], [1j, 0]]))
    r = rho @ yy @ rho.conj() @ yy
    lam = np.sqrt(np.clip(np.sort(np.linalg.eigvals(r).real)[::-1], 0, None))
    return float(max(0.0, lam[0] - lam[1] - lam[2] - lam[3]))


__all__ = ["PROTOCOLS", "HeraldingSetup", "RoundWeights", "HeraldedPair", "round_weights", "single_click_pair",
           "two_click_pair", "emitter_state", "dephase", "dephasing_probability", "concurrence",
           "CORRECTION_PSI_PLUS", "CORRECTION_PSI_MINUS"]
