"""Finite amplifier bandwidth: the cascaded master equation of paper 003 Eq. (11).

Two amplifier modes a_A, a_B (two-mode squeezing H_chi = i g (a_A^dag a_B^dag - a_A a_B), decay
kappa into waveguide A, B) drive the qubit chains A_1..A_N, B_1..B_N fully directionally, with
qubit decay gamma and pure dephasing gamma_phi:

    d rho/dt = -i[H_chi, rho] + sum_eta kappa D[a_eta] rho
               + sum_{eta,i} ( -i delta_{eta,i}/2 [s^z_{eta,i}, rho] + gamma D[s^-_{eta,i}] rho
                              + gamma_phi/2 D[s^z_{eta,i}] rho )
               + sum_{eta,i} sqrt(kappa gamma) T[a_eta, s^-_{eta,i}] rho
               + sum_{eta,j>i} gamma T[s^-_{eta,i}, s^-_{eta,j}] rho,
    T[O1, O2] rho = [O1 rho, O2^dag] + [O2, rho O1^dag].

The printed equation has a multiplication sign between its first two lines; it is a "+" (the
two lines are separate generators; with "x" the equation is not even linear in rho).

Reading of the amplifier strength: paper 003 below Eq. (4) gives r = 2 artanh(2g/kappa), so
g = (kappa/2) tanh(r/2). With it the broadband limit kappa -> inf of this model is Eq. (1) with
J_eta of Eqs. (3)-(4) (checked in the tests: C_11 -> tanh 2r).

Fast form. Every cascade term is a collective dissipator plus a Hamiltonian (T[O1,O2] with O1
upstream of O2 equals D[O1 + O2] - D[O1] - D[O2] - i[H_12, .], H_12 = i/2 (O1^dag O2 - O2^dag O1)),
so Eq. (11) is the Lindblad equation with the two collective jumps
c_eta = sqrt(kappa) a_eta + sqrt(gamma) sum_i s^-_{eta,i}, the local dephasing jumps, and
H = H_chi + sum delta/2 s^z + sum_{eta, u < d} i/2 (c_u^dag c_d - c_d^dag c_u) over the nodes
(mode first, then qubits 1..N) of each waveguide. That generator conserves the U(1) charge
Q = (n_A + N_qubits,A) - (n_B + N_qubits,B) in the weak sense and is solved on its block-diagonal
sector (:mod:`qnet_plugin.physics.dual_rail.blocks`). :func:`literal_liouvillian` builds Eq. (11)
term by term with QuTiP superoperators for the two-engine check.

Photon truncation. Downstream qubits never act back on the modes, so the modes' reduced state is
exactly that of the bare amplifier: a two-mode squeezed thermal state S(s) (rho_th(n) x rho_th(n))
S(s)^dag with s = r/4 and 2n + 1 = cosh(r/2) (from the linear Langevin equations with
2g/kappa = tanh(r/2)); at r = 1, n = 0.064 against <a^dag a> = 0.134 in the Fock basis. The fast
engine therefore works in the squeezed-thermal basis S(s)|n_1, n_2> (``frame="squeezed"``, where
a_A = cosh(s) A + sinh(s) B^dag, a_B = cosh(s) B + sinh(s) A^dag in terms of Fock operators A, B
of the new basis: an exact change of basis before truncation) and keeps n_1 + n_2 <= ``cutoff``.
The amplifier population left outside is then sum_{k > cutoff} (k+1) q^k (1-q)^2 with
q = n/(n+1) (:func:`truncation_error`; 6.2e-5 at r = 1, cutoff 3; 8e-4 at cutoff 2). ``frame="fock"`` keeps the plain
Fock basis (used to compare with the literal QuTiP model).

Convergence on the observable. That population is a poor proxy for the error of the qubit
observables: the qubits are driven by the mode operators sqrt(kappa) a_eta, which act with weight
beta on the boundary of the kept basis. At r = 1, beta = 20, N = 2 the cutoff 3 (population outside
6e-5) leaves C_11 2.7 % and C_22 4.5 % low (0.8564, 0.8195 against the converged 0.8800, 0.8578),
so N_ent = C_11/(C_11 - C_22) came out 23.2 instead of 39.6. The relative change of the reported
observables from cutoff k - 1 to k falls about tenfold per photon there (2.4e-2, 2.4e-3, 2.0e-4,
1.6e-5 for k = 4..7). :func:`converged_steady_state` therefore raises the cutoff until the
reported quantities (each C_ii, the Phi+ fidelity of each pair, and the trace distance of the qubit
state) change by less than ``tolerance`` (default :data:`CONVERGENCE_TOLERANCE` = 1e-3, relative)
from k - 1 to k, returns the state at k and that change as ``convergence_error`` (an upper
estimate of the remaining error for this tenfold-per-photon convergence), and refuses an explicit
cutoff that does not meet the tolerance, or parameters no cutoff up to :data:`MAX_CUTOFF` can
converge (large squeezing: at r = 2 the change is still 2e-2 at cutoff 8 for beta = 20).
All rates in units of gamma.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # qutip is imported inside the functions that use it (start-up time)
    import qutip as qt
import scipy.sparse as sp

from qnet_plugin.core.validation import ParameterError, check_integer, check_nonnegative, check_positive
from qnet_plugin.physics.dual_rail import broadband as dr
from qnet_plugin.physics.dual_rail.blocks import ChargeSectors
from qnet_plugin.physics.dual_rail.measures import pair_concurrence, reduced

#: Largest tolerated amplifier population outside the kept photon states (:func:`check_cutoff`).
TRUNCATION_TOLERANCE = 1e-4
#: Largest relative change of the reported observables from photon cutoff k - 1 to k for which k is
#: accepted (:func:`converged_steady_state`).
CONVERGENCE_TOLERANCE = 1e-3
#: Largest photon cutoff the convergence search tries (N = 2 at cutoff 8: 3.6e4 unknowns).
MAX_CUTOFF = 8


def coupling_g(beta: float, r: float) -> float:
    """g/gamma = (kappa/2) tanh(r/2): paper 003 below Eq. (4), r = 2 artanh(2g/kappa)."""
    return 0.5 * beta * np.tanh(r / 2)


def mode_basis(cutoff: int, joint: bool = True) -> list[tuple[int, int]]:
    """Kept photon states (n_A, n_B): n_A + n_B <= cutoff (joint) or both <= cutoff (per mode)."""
    check_integer("photon_cutoff", cutoff, 1)
    rng = range(cutoff + 1)
    return [(a, b) for a in rng for b in rng if (a + b <= cutoff or not joint)]


def _mode_ops(basis):
    index = {s: k for k, s in enumerate(basis)}
    d = len(basis)
    aa, ab = sp.lil_matrix((d, d)), sp.lil_matrix((d, d))
    for k, (na, nb) in enumerate(basis):
        if na > 0 and (na - 1, nb) in index:
            aa[index[(na - 1, nb)], k] = np.sqrt(na)
        if nb > 0 and (na, nb - 1) in index:
            ab[index[(na, nb - 1)], k] = np.sqrt(nb)
    return aa.tocsr(), ab.tocsr()


def thermal_squeezing(r: float) -> tuple[float, float]:
    """(s, n) of the bare amplifier's two-mode squeezed thermal state: s = r/4, 2n + 1 = cosh(r/2)."""
    return r / 4.0, 0.5 * (np.cosh(r / 2) - 1.0)


def amplifier_operators(basis, r: float, frame: str = "squeezed"):
    """(a_A, a_B) on the kept photon states: Fock matrices, or (``"squeezed"``) expressed in the
    basis S(s)|n_1, n_2> that diagonalises the amplifier state (module docstring)."""
    aa, ab = _mode_ops(basis)
    if frame == "fock":
        return aa, ab
    s, _ = thermal_squeezing(r)
    c, sh = np.cosh(s), np.sinh(s)
    return (c * aa + sh * ab.T).tocsr(), (c * ab + sh * aa.T).tocsr()


def truncation_error(r: float, cutoff: int) -> float:
    """Amplifier population outside n_1 + n_2 <= cutoff in the squeezed-thermal basis:
    sum_{k > cutoff} (k + 1) q^k (1 - q)^2 = 1 - sum_{k <= cutoff} (...), q = n/(n+1)."""
    _, n = thermal_squeezing(r)
    q = n / (n + 1)
    k = np.arange(cutoff + 1)
    return float(max(0.0, 1.0 - np.sum((k + 1) * q ** k) * (1 - q) ** 2))


@dataclass(frozen=True)
class FiniteBandwidthModel:
    """Eq. (11) in the fast (collective) form on the joint photon basis. Units of gamma.

    Attributes: delta_a, delta_b (qubit detunings), r (squeezing), beta (kappa/gamma),
    dephasing (gamma_phi/gamma), cutoff (max n_A + n_B), joint (joint or per-mode truncation).
    """

    delta_a: tuple
    delta_b: tuple
    r: float
    beta: float
    dephasing: float = 0.0
    cutoff: int = 3
    joint: bool = True
    frame: str = "squeezed"

    def __post_init__(self):
        dr.check_squeezing(self.r)
        check_positive("bandwidth", self.beta)
        check_nonnegative("dephasing", self.dephasing)
        mode_basis(self.cutoff, self.joint)
        if self.frame not in ("squeezed", "fock"):
            raise ParameterError(f"frame = {self.frame!r} is not allowed; choose one of 'squeezed', 'fock'")
        if len(self.delta_a) != len(self.delta_b) or len(self.delta_a) < 1:
            raise ParameterError(f"pairs = {len(self.delta_a)} is outside the allowed range [1, inf) "
                                 "(delta_a and delta_b need one entry per pair)")

    @property
    def num_pairs(self) -> int:
        return len(self.delta_a)

    @property
    def basis(self):
        return mode_basis(self.cutoff, self.joint)

    def operators(self):
        """(H, c_ops, qubit_index, mode_index) as scipy CSR; basis index = qubit * n_modes + mode."""
        n, nq = self.num_pairs, 2 * self.num_pairs
        aa, ab = amplifier_operators(self.basis, self.r, self.frame)
        dm = aa.shape[0]
        iq = sp.identity(2 ** nq, format="csr")
        im = sp.identity(dm, format="csr")
        from qnet_plugin.physics.dual_rail.blocks import as_csr

        def q(op, k):
            return sp.kron(as_csr(dr.qubit_op(op, k, nq)), im, format="csr")

        modes = {"A": sp.kron(iq, aa, format="csr"), "B": sp.kron(iq, ab, format="csr")}
        g = coupling_g(self.beta, self.r)
        pair_up = modes["A"].conj().T @ modes["B"].conj().T
        h = 1j * g * (pair_up - pair_up.conj().T)  # H_chi, Hermitian also after truncation
        c_ops = []
        for eta, deltas in (("A", self.delta_a), ("B", self.delta_b)):
            nodes = [np.sqrt(self.beta) * modes[eta]]
            for i in range(n):
                k = dr.site(eta, i, n)
                h = h + 0.5 * deltas[i] * q(dr.SZ, k)
                nodes.append(q(dr.SM, k))
            for u in range(len(nodes)):
                for d in range(u + 1, len(nodes)):
                    h = h + 0.5j * (nodes[u].conj().T @ nodes[d] - nodes[d].conj().T @ nodes[u])
            c_ops.append(sum(nodes[1:], nodes[0]))
        if self.dephasing > 0:
            c_ops += [np.sqrt(self.dephasing / 2) * q(dr.SZ, k) for k in range(nq)]
        return h.tocsr(), c_ops

    def charges(self) -> np.ndarray:
        """Q = (n_A + qubit excitations on A) - (n_B + qubit excitations on B) per basis state."""
        qq = dr.charges(self.num_pairs)
        qm = np.array([a - b for a, b in self.basis])
        return (qq[:, None] + qm[None, :]).reshape(-1)

    def sectors(self) -> ChargeSectors:
        return ChargeSectors(self.charges())


def qubit_state(rho_full, model: FiniteBandwidthModel) -> np.ndarray:
    """Trace out the modes: 4^N x 4^N qubit density matrix (physics order)."""
    dq, dm = 4 ** model.num_pairs, len(model.basis)
    return np.einsum("ajbj->ab", rho_full.reshape(dq, dm, dq, dm))


@dataclass(frozen=True)
class FiniteSteadyState:
    """Steady state of Eq. (11): qubit density matrix (modes traced out, physics order), C_ii,
    purity of the qubit state, and solver diagnostics (unknowns, method, iterations, residual
    ||L rho||, seconds, amplifier population outside the kept photon states)."""

    rho_qubits: np.ndarray
    concurrences: np.ndarray
    purity: float
    unknowns: int
    method: str
    iterations: int
    residual: float
    seconds: float
    truncation_error: float
    packed: np.ndarray | None = None  # the solution on the U(1) sector, a warm start for a neighbour
    cutoff: int = 0  # the photon cutoff of this solution
    #: relative change of the reported observables from cutoff - 1 to cutoff
    #: (:func:`observable_change`); NaN when only one cutoff was solved
    convergence_error: float = float("nan")


def initial_guess(model: FiniteBandwidthModel, sectors: ChargeSectors) -> np.ndarray:
    """Broadband steady state (Eq. (9), pure) x the amplifier's vacuum of the kept basis, packed:
    a cheap start for the iterative solver."""
    n = model.num_pairs
    da = np.asarray(model.delta_a, dtype=float)
    p = _permutation_of(da, np.asarray(model.delta_b, dtype=float))
    psi = dr.steady_state(model.r, da, p) if p is not None else dr.parallel_state(n, model.r)
    vac = np.zeros(len(model.basis))
    vac[model.basis.index((0, 0))] = 1.0
    full = np.kron(psi, vac)
    return sectors.pack(np.outer(full, full.conj()))


def _permutation_of(delta_a, delta_b):
    """p with delta_b = -delta_a[p] if there is one (else None)."""
    p, free = [], list(range(len(delta_a)))
    for x in -delta_b:
        hits = [k for k in free if abs(delta_a[k] - x) < 1e-12]
        if not hits:
            return None
        p.append(hits[0])
        free.remove(hits[0])
    return tuple(p)


def steady_state(model: FiniteBandwidthModel, *, method: str = "auto", tol: float = 1e-10,
                 x0: np.ndarray | None = None) -> FiniteSteadyState:
    """Steady state of paper 003 Eq. (11) on the U(1) sector (module docstring).

    ``method`` as in :meth:`ChargeSectors.steady_state`; the iterative solver starts from ``x0``
    (e.g. ``.packed`` of a neighbouring parameter point) or else from :func:`initial_guess`.
    """
    import time

    t0 = time.perf_counter()
    sectors = model.sectors()
    h, c_ops = model.operators()
    lv = sectors.liouvillian(h, c_ops)
    info = {}
    if x0 is None and method != "direct" and sectors.dim > 3000:
        x0 = initial_guess(model, sectors)
    vec = sectors.steady_state(lv, method=method, x0=x0, tol=tol, info=info)
    rq = _qubit_state_packed(vec, sectors, model)
    n = model.num_pairs
    conc = np.array([pair_concurrence(rq, i, i, n) for i in range(n)])
    err = truncation_error(model.r, model.cutoff) if model.frame == "squeezed" and model.joint else float("nan")
    return FiniteSteadyState(rq, conc, float(np.real(np.vdot(rq, rq))), sectors.dim, info["method"],
                             info["iterations"], info["residual"], time.perf_counter() - t0, err, vec,
                             cutoff=model.cutoff)


def pair_fidelities(rho_qubits: np.ndarray, num_pairs: int) -> np.ndarray:
    """Phi+ fidelity of each pair (A_i, B_i) of a physics-order 2N-qubit state."""
    out = []
    for i in range(num_pairs):
        r2 = reduced(rho_qubits, [i, num_pairs + i], 2 * num_pairs)
        out.append(0.5 * np.real(r2[0, 0] + r2[3, 3] + r2[0, 3] + r2[3, 0]))
    return np.array(out)


def observable_change(a: FiniteSteadyState, b: FiniteSteadyState, floor: float = 1e-2) -> float:
    """Largest change between two solutions of the quantities a link reports: each C_ii and the
    Phi+ fidelity of each pair (relative, |x_a - x_b| / max(|x_b|, floor); the floor keeps a
    vanishing concurrence from dividing by zero) and the trace distance of the 2N-qubit states."""
    n = len(b.concurrences)
    xa = np.concatenate([a.concurrences, pair_fidelities(a.rho_qubits, n)])
    xb = np.concatenate([b.concurrences, pair_fidelities(b.rho_qubits, n)])
    rel = np.abs(xa - xb) / np.maximum(np.abs(xb), floor)
    trace_distance = 0.5 * np.abs(np.linalg.eigvalsh(a.rho_qubits - b.rho_qubits)).sum()
    return float(max(rel.max(), trace_distance))


def converged_steady_state(delta_a, delta_b, r: float, beta: float, dephasing: float = 0.0, *,
                           cutoff: int | None = None, tolerance: float = CONVERGENCE_TOLERANCE,
                           max_cutoff: int = MAX_CUTOFF, method: str = "auto") -> FiniteSteadyState:
    """Steady state of Eq. (11) at a photon cutoff converged on the reported observables.

    ``cutoff=None``: solve at k = 1, 2, ... and return the first k whose observables
    (:func:`observable_change`) differ from those at k - 1 by less than ``tolerance``; its
    ``convergence_error`` is that change. An explicit ``cutoff`` is solved together with
    ``cutoff - 1`` and refused (ParameterError naming ``photon_cutoff`` and the smallest cutoff
    that converges) when the change exceeds ``tolerance``. Parameters that no cutoff up to
    ``max_cutoff`` converges raise ParameterError (module docstring: large squeezing).
    """
    check_positive("tolerance", tolerance)
    check_integer("max_cutoff", max_cutoff, 2)

    def solve(k):
        return steady_state(FiniteBandwidthModel(tuple(delta_a), tuple(delta_b), r, beta, dephasing,
                                                 cutoff=k), method=method)

    where = f"squeezing = {r:.6g}, bandwidth = {beta:.6g}, dephasing = {dephasing:.6g}"
    if cutoff is not None:
        check_integer("photon_cutoff", cutoff, 2, max_cutoff)
        lo, hi = solve(cutoff - 1), solve(cutoff)
        change = observable_change(lo, hi)
        if change <= tolerance:
            return replace(hi, convergence_error=change)
        start, prev = cutoff + 1, hi
    else:
        start, prev = 2, solve(1)
    for k in range(start, max_cutoff + 1):
        cur = solve(k)
        step = observable_change(prev, cur)
        if step <= tolerance:
            if cutoff is not None:
                raise ParameterError(
                    f"photon_cutoff = {cutoff} is outside the allowed range [{k}, {max_cutoff}] for "
                    f"{where}: the reported observables change by {change:.2g} > {tolerance:g} "
                    f"from cutoff {cutoff - 1} to {cutoff}")
            return replace(cur, convergence_error=step)
        prev = cur
    raise ParameterError(
        f"photon_cutoff: no value in the allowed range [2, {max_cutoff}] converges the finite-bandwidth "
        f"model for {where} (observables still change by {step:.2g} > {tolerance:g} at cutoff "
        f"{max_cutoff}); lower the squeezing")


def _qubit_state_packed(vec, sectors: ChargeSectors, model) -> np.ndarray:
    """Trace the modes out of a packed state without building the full D x D matrix."""
    dq, dm = 4 ** model.num_pairs, len(model.basis)
    rq = np.zeros((dq, dq), dtype=complex)
    for ix, blk in zip(sectors.index, sectors.blocks(vec)):
        qi, mi = np.divmod(ix, dm)
        same = mi[:, None] == mi[None, :]  # trace over the mode index
        r_idx, c_idx = np.nonzero(same)
        np.add.at(rq, (qi[r_idx], qi[c_idx]), blk[r_idx, c_idx])
    return rq


def literal_liouvillian(delta_a, delta_b, r, beta, dephasing=0.0, cutoff=3) -> qt.Qobj:
    """Paper 003 Eq. (11) term by term with QuTiP superoperators, per-mode cutoff (n_A, n_B <= cutoff);
    tensor order A_1..A_N, B_1..B_N, a_A, a_B. The reference ("full simulation") engine."""
    import qutip as qt

    n = len(delta_a)
    nq, extra = 2 * n, (cutoff + 1, cutoff + 1)
    factors = [qt.qeye(2)] * nq
    a = {"A": qt.tensor(*factors, qt.destroy(cutoff + 1), qt.qeye(cutoff + 1)),
         "B": qt.tensor(*factors, qt.qeye(cutoff + 1), qt.destroy(cutoff + 1))}

    def t_super(o1, o2):
        return (qt.spre(o1) * qt.spost(o2.dag()) - qt.spre(o2.dag() * o1)
                + qt.spre(o2) * qt.spost(o1.dag()) - qt.spost(o1.dag() * o2))

    g = coupling_g(beta, r)
    h_chi = 1j * g * (a["A"].dag() * a["B"].dag() - a["A"] * a["B"])
    lv = qt.liouvillian(h_chi, [np.sqrt(beta) * a["A"], np.sqrt(beta) * a["B"]])
    for eta, deltas in (("A", delta_a), ("B", delta_b)):
        sm = [dr.qubit_op(dr.SM, dr.site(eta, i, n), nq, extra) for i in range(n)]
        for i in range(n):
            sz = dr.qubit_op(dr.SZ, dr.site(eta, i, n), nq, extra)
            lv += qt.liouvillian(0.5 * deltas[i] * sz, [sm[i]])
            if dephasing > 0:
                lv += qt.lindblad_dissipator(np.sqrt(dephasing / 2) * sz)
            lv += np.sqrt(beta) * t_super(a[eta], sm[i])
            for j in range(i + 1, n):
                lv += t_super(sm[i], sm[j])
    return lv


def check_cutoff(r: float, cutoff: int, tolerance: float = TRUNCATION_TOLERANCE) -> int:
    """Raise ParameterError if the photon cutoff leaves more than ``tolerance`` of the amplifier
    population outside the kept states (:func:`truncation_error`). The amplifier state depends on
    the squeezing only (2g/kappa = tanh(r/2)), not on the bandwidth."""
    check_integer("photon_cutoff", cutoff, 1)
    err = truncation_error(r, cutoff)
    if err > tolerance:
        need = cutoff
        while truncation_error(r, need) > tolerance:
            need += 1
        raise ParameterError(f"photon_cutoff = {cutoff} is outside the allowed range [{need}, inf) for "
                             f"squeezing = {r:.6g} (amplifier population {err:.3g} outside the kept "
                             f"photon states exceeds {tolerance:g})")
    return cutoff


__all__ = ["FiniteBandwidthModel", "FiniteSteadyState", "steady_state", "literal_liouvillian",
           "coupling_g", "mode_basis", "initial_guess", "qubit_state", "truncation_error", "check_cutoff",
           "amplifier_operators", "thermal_squeezing",
           "TRUNCATION_TOLERANCE", "reduced", "CONVERGENCE_TOLERANCE", "MAX_CUTOFF",
           "converged_steady_state", "observable_change", "pair_fidelities"]
