"""Heralded two-node microwave state of paper 000, fast path (closed-form time integrals).

Model (000 Eqs. (2), (5), (8)-(11), extended with the losses the paper lists):

* Two identical-design nodes k = A, B, each an optical mode a_k and a microwave mode b_k.
  Blue variant (SPDC): H_k = g_k (a_k b_k + h.c.), start |0_a 0_b>.
  Red variant (beamsplitter): H_k = g_k (a_k^dag b_k + h.c.), start |0_a 1_b> (microwave prepared
  in |1>).
* Optical decay gamma = gamma_e + gamma_i. The extrinsic output, attenuated by ``efficiency``
  (insertion loss x detector efficiency), meets the other node's on a 50:50 beam splitter with
  detectors "+" and "-": click operators c_pm = sqrt(gamma_e eta / 2) (a_A +- a_B). Everything not
  detected (intrinsic loss, insertion loss, detector inefficiency) is an unobserved jump
  sqrt(gamma_i + gamma_e (1 - eta)) a_k: it does not end the attempt, it silently changes the
  state. That is why, contrary to the paper's statement that gamma_i "will reduce the detection
  efficiency but not the fidelity", undetected loss in one node before the other node's click
  leaves |00> (red) or |11> (blue).
* Microwave decay gamma_mw during the pulse (jump sqrt(gamma_mw) b_k); dark counts at
  ``dark_count_rate`` per detector (a click that leaves the state unchanged).
* The attempt ends at the first click (the pump is switched off; post-click dynamics frozen) or at
  the pulse end ``pulse``. Averaged over click times, the heralded state is
  rho_pm = int_0^T dt J_pm[ rho_nc(t) ], rho_nc(t) = exp(L_nc t) rho0 (no-click, trace-decreasing).
* The optical modes are traced out; each microwave resonator is swapped into a qubit. The swap
  transfers the {|0>, |1>} manifold; a resonator holding n >= 2 photons (blue variant only) is not a
  qubit state: that population is delivered as the reset state |00>, orthogonal to the target, so
  the fidelity is exactly the Fock-space overlap with the embedded target and leakage counts fully
  as error (:func:`_two_node_fock_to_qubit`; issue 16).
* Frame: "+" heralds (|01> + |10>)/sqrt2 and "-" heralds (|01> - |10>)/sqrt2 in the microwave
  photon basis (qubit 0 = A). A Z on A for "-" and an X on B for both map them to Phi+; the
  delivered state is the sum of both detectors' corrected states, normalised.

Fast path: the no-click generator factorises, L_nc = L_A (x) 1 + 1 (x) L_B - 2 r_d, so each node is
diagonalised separately (L_k = V diag(lambda) V^-1, 16x16 for red, (n+1)^4 for blue) and the time
integrals of products of exponentials are done in closed form, (exp(sT) - 1)/s.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

import numpy as np

from qnet_plugin.core import superop as so
from qnet_plugin.core.operators import I2 as _I
from qnet_plugin.core.operators import X as _X
from qnet_plugin.core.operators import Z as _Z
from qnet_plugin.core.operators import amplitude_damping_kraus
from qnet_plugin.core.validation import (
    check_choice,
    check_integer,
    check_nonnegative,
    check_positive,
    check_probability,
)

VARIANTS = ("red", "blue")
#: Highest Fock cutoff per mode the fast path accepts ((n+1)^4-dimensional node Liouvillian).
MAX_FOCK_CUTOFF = 8
#: Largest relative change of the reported quantities (fidelity, herald probability, rate) from
#: Fock cutoff k - 1 to k for which the blue variant's cutoff k is accepted (:func:`converge_cutoff`).
FOCK_TOLERANCE = 1e-3


@dataclass(frozen=True)
class HeraldingSetup:
    """Parameters of one heralding attempt; rates in s^-1, times in s.

    Attributes:
        g_a, g_b: pump-enhanced couplings of nodes A and B (g = g0 sqrt(n_p)), s^-1.
        gamma_e, gamma_i: extrinsic and intrinsic optical decay rates, s^-1.
        efficiency: probability that an extrinsically emitted photon is detected (insertion
            loss times detector efficiency), in [0, 1].
        dark_count_rate: false clicks per second per detector, s^-1.
        gamma_mw: microwave energy decay rate, s^-1.
        pulse: pump pulse length (herald window), s.
        variant: "red" (beamsplitter, microwave starts in |1>) or "blue" (SPDC, starts in |0>).
        n_max: highest Fock state kept per mode (blue variant; red needs 1).
    """

    g_a: float
    g_b: float
    gamma_e: float
    gamma_i: float = 0.0
    efficiency: float = 1.0
    dark_count_rate: float = 0.0
    gamma_mw: float = 0.0
    pulse: float = 1e-6
    variant: str = "red"
    n_max: int = 3

    def __post_init__(self):
        check_nonnegative("g_a", self.g_a, "s^-1")
        check_nonnegative("g_b", self.g_b, "s^-1")
        check_positive("gamma_e", self.gamma_e, "s^-1")
        check_nonnegative("gamma_i", self.gamma_i, "s^-1")
        check_probability("efficiency", self.efficiency)
        check_nonnegative("dark_count_rate", self.dark_count_rate, "s^-1")
        check_nonnegative("gamma_mw", self.gamma_mw, "s^-1")
        check_positive("pulse", self.pulse, "s")
        check_choice("variant", self.variant, VARIANTS)
        # Blue: n_max = 1 cannot hold the second pair of an SPDC node, the variant's leading
        # error (multi-photon emission), so it is refused rather than silently unconverged.
        check_integer("n_max", self.n_max, 2 if self.variant == "blue" else 1, MAX_FOCK_CUTOFF)

    @property
    def gamma(self) -> float:
        """Total optical decay rate gamma_e + gamma_i, s^-1."""
        return self.gamma_e + self.gamma_i

    @property
    def gamma_undetected(self) -> float:
        """Rate of optical emission that never reaches a detector, s^-1."""
        return self.gamma_i + self.gamma_e * (1 - self.efficiency)

    @property
    def dims(self) -> tuple[int, int]:
        """(optical, microwave) Fock dimensions per node."""
        return (2, 2) if self.variant == "red" else (self.n_max + 1, self.n_max + 1)


def destroy(n: int) -> np.ndarray:
    """Annihilation operator on n Fock levels."""
    return np.diag(np.sqrt(np.arange(1, n)), 1).astype(complex)


def node_operators(setup: HeraldingSetup):
    """(a, b) on one node's space, optical mode first (index = n_a * dim_b + n_b)."""
    da, db = setup.dims
    a = np.kron(destroy(da), np.eye(db))
    b = np.kron(np.eye(da), destroy(db))
    return a, b


def node_hamiltonian(setup: HeraldingSetup, g: float) -> np.ndarray:
    """H_k / hbar of one node: g(a b + h.c.) (blue, Eq. (2)) or g(a^dag b + h.c.) (red, Eq. (1))."""
    a, b = node_operators(setup)
    coupling = a @ b if setup.variant == "blue" else a.conj().T @ b
    return g * (coupling + coupling.conj().T)


def node_initial_state(setup: HeraldingSetup) -> np.ndarray:
    """|0_a 0_b> (blue) or |0_a 1_b> (red) as a density matrix on one node."""
    da, db = setup.dims
    psi = np.zeros(da * db, dtype=complex)
    psi[0 if setup.variant == "blue" else 1] = 1.0
    return np.outer(psi, psi.conj())


def no_click_generator(setup: HeraldingSetup, g: float) -> np.ndarray:
    """Superoperator of one node's no-click evolution (dark counts excluded), in the column-stacked
    convention of :mod:`qnet_plugin.core.superop`.

    d rho/dt = -i (H_eff rho - rho H_eff^dag) + gamma_und a rho a^dag + gamma_mw b rho b^dag,
    H_eff = H - (i/2)(gamma a^dag a + gamma_mw b^dag b); the detected part of the decay has no
    jump term (000 Eq. (5)).
    """
    a, b = node_operators(setup)
    h_eff = node_hamiltonian(setup, g) - 0.5j * (setup.gamma * a.conj().T @ a
                                                  + setup.gamma_mw * b.conj().T @ b)
    gen = so.nonhermitian_generator(h_eff)
    gen += setup.gamma_undetected * so.sprepost(a, a.conj().T)
    gen += setup.gamma_mw * so.sprepost(b, b.conj().T)
    return gen


def _trace_optics(x: np.ndarray, dims) -> np.ndarray:
    da, db = dims
    return np.einsum("aiaj->ij", x.reshape(da, db, da, db))


@dataclass
class _NodeModes:
    """Eigen-decomposition of one node's no-click evolution projected on the needed operators."""

    rates: np.ndarray  # eigenvalues lambda_j, s^-1
    norm: np.ndarray  # tr X_j
    emitted: np.ndarray  # B_j = Tr_opt(a X_j a^dag), microwave operators
    kept: np.ndarray  # A_j = Tr_opt(X_j)
    left: np.ndarray  # C_j = Tr_opt(a X_j)
    right: np.ndarray  # D_j = Tr_opt(X_j a^dag)


def _reachable(gen: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Indices of the Liouville-space basis elements reachable from ``start`` under ``gen``.

    Hamiltonian and jumps conserve (n_a -+ n_b)_ket - (n_a -+ n_b)_bra, so most matrix elements of
    rho never become populated; the reachable set is an invariant subspace, and diagonalising only
    it (44 of 256 dimensions for the blue variant at n_max = 3) is exact and much faster.
    """
    adjacency = np.abs(gen) > 0
    seen = np.abs(start) > 0
    frontier = seen.copy()
    while frontier.any():
        new = adjacency[:, frontier].any(axis=1) & ~seen
        seen |= new
        frontier = new
    return np.flatnonzero(seen)


@functools.lru_cache(maxsize=128)
def _node_modes_cached(setup: HeraldingSetup, g: float) -> _NodeModes:
    gen = no_click_generator(setup, g)
    rho0 = so.vec(node_initial_state(setup))
    idx = _reachable(gen, rho0)
    # Scale by gamma so that eig sees O(1) numbers whatever the units.
    lam, sub_vecs = np.linalg.eig(gen[np.ix_(idx, idx)] / setup.gamma)
    sub_coeff = np.linalg.solve(sub_vecs, rho0[idx])
    resid = np.abs(sub_vecs @ sub_coeff - rho0[idx]).max()
    if not np.isfinite(resid) or resid > 1e-9:
        raise ValueError(f"coupling g = {g:.6g} s^-1 is too close to the exceptional point "
                         f"g = gamma/4 = {setup.gamma / 4:.6g} s^-1 for the fast path; use "
                         "qnet_plugin.physics.electro_optic.reference.heralding_qutip")
    vecs = np.zeros((gen.shape[0], len(idx)), dtype=complex)
    vecs[idx] = sub_vecs
    keep = np.abs(sub_coeff) * np.linalg.norm(sub_vecs, axis=0) > 1e-15
    a, _ = node_operators(setup)
    ad = a.conj().T
    xs = [so.unvec(vecs[:, j] * sub_coeff[j]) for j in np.flatnonzero(keep)]
    dims = setup.dims
    return _NodeModes(
        rates=lam[keep] * setup.gamma,
        norm=np.array([np.trace(x) for x in xs]),
        emitted=np.array([_trace_optics(a @ x @ ad, dims) for x in xs]),
        kept=np.array([_trace_optics(x, dims) for x in xs]),
        left=np.array([_trace_optics(a @ x, dims) for x in xs]),
        right=np.array([_trace_optics(x @ ad, dims) for x in xs]),
    )


def _node_modes(setup: HeraldingSetup, g: float) -> _NodeModes:
    """Eigenmodes of one node with coupling ``g`` (cached: the pulse length does not enter)."""
    return _node_modes_cached(replace(setup, pulse=1.0, g_a=0.0, g_b=0.0), float(g))


def _exp_integral(s: np.ndarray, t: float) -> np.ndarray:
    """int_0^t exp(s u) du, stable at s -> 0."""
    st = s * t
    small = np.abs(st) < 1e-8
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(small, t * (1 + st / 2), np.expm1(st) / np.where(small, 1, s))
    return out


def no_click_probability(setup: HeraldingSetup, times) -> np.ndarray:
    """Probability that no detector has clicked by each time in ``times`` (s)."""
    ma, mb = _node_modes(setup, setup.g_a), _node_modes(setup, setup.g_b)
    t = np.atleast_1d(np.asarray(times, dtype=float))
    pa = np.exp(np.outer(t, ma.rates)) @ ma.norm
    pb = np.exp(np.outer(t, mb.rates)) @ mb.norm
    out = np.real(pa * pb) * np.exp(-2 * setup.dark_count_rate * t)
    return out if np.ndim(times) else out[0]


def herald_probability(setup: HeraldingSetup, pulse=None) -> np.ndarray:
    """Probability of a herald (first click of either detector) within the pulse, 1 - P_no-click."""
    return 1.0 - no_click_probability(setup, setup.pulse if pulse is None else pulse)


def swap_into_qubit_kraus(dim: int) -> list[np.ndarray]:
    """Kraus operators (2 x dim) of the resonator-to-qubit swap: K0 = |0><0| + |1><1|, K_n = |0><n|."""
    kraus = [np.zeros((2, dim), dtype=complex) for _ in range(dim - 1)]
    kraus[0][0, 0] = 1.0
    kraus[0][1, 1] = 1.0
    for n in range(2, dim):
        kraus[n - 1][0, n] = 1.0
    return kraus




def frame_correct(rho_plus: np.ndarray, rho_minus: np.ndarray) -> np.ndarray:
    """Map the "+" and "-" heralded states (two-qubit, qubit 0 = A) to the Phi+ frame and add them.

    "+": X on B; "-": Z on A and X on B. Matrices in Qiskit order (kron(B, A)).
    """
    u_plus = np.kron(_X, _I)
    u_minus = np.kron(_X, _Z)
    return u_plus @ rho_plus @ u_plus.conj().T + u_minus @ rho_minus @ u_minus.conj().T


@dataclass(frozen=True)
class HeraldResult:
    """Outcome of a heralding attempt.

    Attributes:
        state: normalised two-qubit density matrix in the Phi+ frame (Qiskit order, qubit 0 = A).
        raw_plus, raw_minus: unnormalised two-qubit states heralded by each detector, before the
            frame correction (their traces are the herald probabilities of each detector).
        herald_probability: probability of a herald within the pulse.
    """

    state: np.ndarray
    raw_plus: np.ndarray
    raw_minus: np.ndarray
    herald_probability: float


def heralded_state(setup: HeraldingSetup) -> HeraldResult:
    """Heralded microwave state of the two nodes, averaged over the click time (fast path)."""
    ma, mb = _node_modes(setup, setup.g_a), _node_modes(setup, setup.g_b)
    s = ma.rates[:, None] + mb.rates[None, :] - 2 * setup.dark_count_rate
    w = _exp_integral(s, setup.pulse)  # w_ij = int exp((lambda_i + mu_j - 2 r_d) t) dt
    k = setup.gamma_e * setup.efficiency / 2

    def pair(op_a, op_b):
        # sum_ij w_ij op_b[j] (x) op_a[i]  (Qiskit order: node B is the high qubit)
        return np.einsum("ij,jkl,imn->kmln", w, op_b, op_a,
                         optimize=True).reshape(op_b.shape[1] * op_a.shape[1], -1)

    direct = k * (pair(ma.emitted, mb.kept) + pair(ma.kept, mb.emitted))
    cross = k * (pair(ma.left, mb.right) + pair(ma.right, mb.left))
    dark = setup.dark_count_rate * pair(ma.kept, mb.kept)
    rho_p = direct + cross + dark
    rho_m = direct - cross + dark
    p_herald = float(np.real(np.trace(rho_p) + np.trace(rho_m)))
    qubit_p = _two_node_fock_to_qubit(rho_p, setup)
    qubit_m = _two_node_fock_to_qubit(rho_m, setup)
    total = frame_correct(qubit_p, qubit_m)
    state = total / np.trace(total).real
    return HeraldResult(state=(state + state.conj().T) / 2, raw_plus=qubit_p, raw_minus=qubit_m,
                        herald_probability=p_herald)


def _two_node_fock_to_qubit(rho: np.ndarray, setup: HeraldingSetup) -> np.ndarray:
    """Swap both microwave modes of a kron(B, A) operator into qubits; leakage counts fully as error.

    Issue 16 ("leakage is error"): the part of the state with both resonators in {|0>, |1>} is
    swapped into the qubits unchanged (K = P (x) P, P = |0><0| + |1><1|). A resonator holding two or
    more photons is not a qubit state: the swap leaves the qubit outside the computational space
    (or, with a photon-number-resolving swap, the leakage is seen) and both resonators and qubits
    are reset, so that population is delivered as |00> (microwave basis), which is orthogonal to the
    heralded Psi+- and, after the frame correction, to Phi+. The delivered fidelity is then exactly
    the overlap of the Fock-space state with the target embedded in Fock space. (Until issue 16 a
    leaked resonator was mapped to |0> alone, K_n = |0><n|, which gave e.g. |2,1> half credit.)
    """
    if setup.dims[1] == 2:
        return np.array(rho, dtype=complex)
    d = setup.dims[1]
    keep = np.zeros((2, d))
    keep[0, 0] = keep[1, 1] = 1.0
    k2 = np.kron(keep, keep)
    out = (k2 @ rho @ k2.T).astype(complex)
    out[0, 0] += np.trace(rho) - np.trace(out)
    return out


def storage_decay_two_qubit(rho: np.ndarray, p: float) -> np.ndarray:
    """Amplitude damping with probability ``p`` on both qubits of a two-qubit state (physical frame)."""
    kraus = amplitude_damping_kraus(p)
    out = np.zeros_like(rho)
    for kb in kraus:
        for ka in kraus:
            k2 = np.kron(kb, ka)
            out += k2 @ rho @ k2.conj().T
    return out


def optimal_pulse(setup: HeraldingSetup, reset_time: float, n_grid: int = 400) -> tuple[float, float]:
    """Pulse length maximising the heralded-pair rate P_herald(dt)/(dt + t_r), and that rate.

    The model's herald probability replaces Eq. (12)'s approximation 2 r0 dt exp(-r0 dt); the
    search is a log-spaced grid refined by a golden-section search between the best point's
    neighbours (to 1e-9 in ln t). Returns (pulse s, rate s^-1).
    """
    check_positive("reset_time", reset_time, "s")
    ma, mb = _node_modes(setup, setup.g_a), _node_modes(setup, setup.g_b)

    def rate(log_t):
        t = np.exp(np.atleast_1d(log_t))
        p_nc = np.real((np.exp(np.outer(t, ma.rates)) @ ma.norm) * (np.exp(np.outer(t, mb.rates)) @ mb.norm))
        return (1 - p_nc * np.exp(-2 * setup.dark_count_rate * t)) / (t + reset_time)

    # The optimum sits between a few optical lifetimes and many herald times; scan widely.
    lo, hi = np.log(1.0 / setup.gamma), np.log(1e6 * max(reset_time, 1.0 / setup.gamma))
    grid = np.linspace(lo, hi, n_grid)
    values = rate(grid)
    i = int(np.argmax(values))
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, n_grid - 1)]
    x = _golden_section_max(lambda v: float(rate(v)[0]), float(a), float(b), 1e-9)
    best = x if rate(x)[0] >= values[i] else grid[i]
    return float(np.exp(best)), float(rate(best)[0])


def _golden_section_max(f, a: float, b: float, xatol: float) -> float:
    """The maximiser of a unimodal ``f`` on [a, b] to ``xatol`` (golden-section search; written
    here because importing scipy.optimize costs 0.3 s of every ``qnet link`` start)."""
    inv_phi = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = b - inv_phi * (b - a), a + inv_phi * (b - a)
    fc, fd = f(c), f(d)
    while b - a > xatol:
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - inv_phi * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + inv_phi * (b - a)
            fd = f(d)
    return (a + b) / 2.0


def converge_cutoff(evaluate, cutoff: int | None = None, *, start: int = 2,
                    max_cutoff: int = MAX_FOCK_CUTOFF, tolerance: float = FOCK_TOLERANCE,
                    floor: float = 1e-2):
    """Fock cutoff converged on the reported quantities (issue 16: truncations are checked on the
    observable, not on a population proxy).

    ``evaluate(k)`` returns ``(payload, observables)`` at cutoff k (observables: a 1-d array of the
    reported numbers, e.g. fidelity, herald probability, rate). The change from k - 1 to k is
    max |x_k - x_{k-1}| / max(|x_k|, floor). ``cutoff=None``: k = start, start + 1, ... up to
    ``max_cutoff`` until the change from k - 1 to k is below ``tolerance`` (the payload at k is
    returned); an explicit ``cutoff`` is compared with ``cutoff + 1`` (``cutoff - 1`` at
    ``max_cutoff``) and never refused here. Returns ``(k, payload, change, converged)``: the change is the
    estimated truncation error of the payload (an upper estimate when the change shrinks by at
    least half per level, as measured for the blue variant: ratio ~0.27 at the Fig. 2 point with
    intrinsic loss). No cutoff up to ``max_cutoff`` below tolerance: the last one, with
    ``converged = False``.
    """
    check_positive("tolerance", tolerance)

    def change(a, b):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), floor)))

    if cutoff is not None:
        check_integer("fock_cutoff", cutoff, start, max_cutoff)
        payload, here = evaluate(cutoff)
        _, there = evaluate(cutoff + 1 if cutoff < max_cutoff else cutoff - 1)
        err = change(there, here)
        return cutoff, payload, err, err <= tolerance
    payload, prev = evaluate(start)
    err = float("inf")
    for k in range(start + 1, max_cutoff + 1):
        payload, cur = evaluate(k)
        err = change(prev, cur)
        if err <= tolerance:
            return k, payload, err, True
        prev = cur
    return max_cutoff, payload, err, False

