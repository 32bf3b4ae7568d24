r"""Single-click heralding between two *unlike* nodes (paper 000, end of main text: hybrid links).

Node A is paper 000's superconducting node: an electro-optic transducer (optical mode a, microwave
mode b, H = g(a^dag b + h.c.) red or g(a b + h.c.) blue, optical decay gamma = gamma_e + gamma_i,
microwave decay gamma_mw). Node B has physics of its own:

* **Trapped ion, conditional reflection** (:func:`ion_node`). An attenuated pump pulse of length T
  is reflected off an ion prepared in |+>; the reflection phase depends on the ion's state, which
  correlates the photon number with the ion: |0+> + eps|1-> to first order (paper 000). The
  reflected light is a weak coherent field, not a single photon:
  photons leave at the constant rate r = n_B/T (n_B = mean photon number per
  attempt, the "excitation probability" for n_B << 1), so the field operator is
  F_B = -i sqrt(r) |-><-| (phase -i chosen to match node A's emission phase: the displacement /
  interferometer phase is locked so the two fields interfere in phase). Consequences, all derived
  by the master equation rather than added by hand: a second photon (|2+>) is the ion's
  multi-excitation error; an undetected photon (collection x frequency conversion x detector
  efficiency < 1) flips the ion's label without a click (a phase flip of the ion: the lost photon
  carries which-state information). The ion's own coherence during the attempt is pure dephasing of the ion qubit with
  T2: in the X labels used here (label 0 = |+>, 1 = |->) a bit flip, jump sqrt(1/(2 T2)) X.
* **Optical SPDC source** (:func:`spdc_node`): a chi(2) source pumped during the pulse with
  H = g_B (a b + h.c.): the idler a leaves at rate gamma_B to the heralding station, the signal b is
  the flying photon (single-rail qubit: vacuum / one photon), lossless until it leaves the node.
  Pair probability per attempt and the multi-pair error follow from g_B, gamma_B and T; the
  truncation (``n_max`` photons per mode) is checked by the caller.

Station: the fields meet on a 50:50 beam splitter with threshold detectors D+-. Distinguishability
of the two photons is a visibility V = |<f_A|f_B>|^2: node B's field is sqrt(V) in node A's mode
and sqrt(1 - V) in an orthogonal mode, which reaches either detector without interfering. Click
operators (first click ends the attempt, as in the symmetric model):

    c_+- = sqrt(eta_A/2) E_A +- sqrt(eta_B V/2) E_B,    o_+- = sqrt(eta_B (1 - V)/2) E_B,

E_A = sqrt(gamma_e) a_A, E_B = F_B (ion) or sqrt(gamma_B) a_B (SPDC); undetected emission is the
silent jump sqrt(1 - eta_k) E_k; dark counts are identity jumps at ``dark_count_rate`` per
detector. The heralded state is rho_+- = sum_{jumps at D+-} J[int_0^T exp(L_nc t) rho_0 dt], computed
by one exponential of the augmented generator [[L_nc, rho_0], [0, 0]] (exact; no eigenvectors, so no
exceptional points).

Delivered qubits: node A's microwave resonator (Fock {0, 1}); the ion qubit in its X labels
(0 = |+>, 1 = |->; the ion QPU applies a Hadamard on arrival) or the flying photon (single rail).
Population outside the qubit space (a resonator or flying mode with >= 2 photons) is delivered as
a reset state orthogonal to the heralded Bell state (counted fully as error, as in
:mod:`qnet_plugin.physics.electro_optic.heralding`). Heralded Bell states: red node A emits when its
resonator goes 1 -> 0, so D+- herald (|00> +- |11>)/sqrt 2 (frame: Z on A for D-); blue node A
emits while its resonator goes 0 -> 1, so D+- herald (|10> +- |01>)/sqrt 2 (frame: X on B, and Z on
A for D-). Qubit order: Qiskit, qubit 0 = A (kron(B, A)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from qnet_plugin.core.validation import check_nonnegative, check_positive, check_probability


@dataclass(frozen=True)
class Node:
    """One node on the space (traced factor) x (kept factor); index = n_traced * d_kept + n_kept.

    h: Hamiltonian (s^-1); emission: emission amplitude operator E (sqrt(s^-1)); efficiency: detected
    fraction of E; jumps: other Lindblad operators (sqrt(s^-1)); rho0: initial state; dims:
    (d_traced, d_kept).
    """

    dims: tuple[int, int]
    h: np.ndarray
    emission: np.ndarray
    efficiency: float
    rho0: np.ndarray
    jumps: tuple = field(default_factory=tuple)

    @property
    def dim(self) -> int:
        return self.dims[0] * self.dims[1]


def _destroy(n: int) -> np.ndarray:
    return np.diag(np.sqrt(np.arange(1, n)), 1).astype(complex)


def sc_node(g: float, gamma_e: float, gamma_i: float, gamma_mw: float, efficiency: float, variant: str,
            n_max: int = 1) -> Node:
    """Paper 000's superconducting node (optical mode traced, microwave mode kept)."""
    check_nonnegative("g", g, "s^-1")
    check_positive("gamma_e", gamma_e, "s^-1")
    check_probability("efficiency", efficiency)
    d = 2 if variant == "red" else n_max + 1
    a = np.kron(_destroy(d), np.eye(d))
    b = np.kron(np.eye(d), _destroy(d))
    coupling = a.conj().T @ b if variant == "red" else a @ b
    psi = np.zeros(d * d, dtype=complex)
    psi[1 if variant == "red" else 0] = 1.0  # |0_a 1_b> (red) or |0_a 0_b> (blue)
    jumps = []
    if gamma_i > 0:
        jumps.append(np.sqrt(gamma_i) * a)
    if gamma_mw > 0:
        jumps.append(np.sqrt(gamma_mw) * b)
    return Node((d, d), g * (coupling + coupling.conj().T), np.sqrt(gamma_e) * a, efficiency,
                np.outer(psi, psi.conj()), tuple(jumps))


def ion_node(photons: float, pulse: float, efficiency: float, t2: float | None) -> Node:
    """Trapped ion by conditional reflection: mean reflected photon number ``photons`` per attempt,
    detected fraction ``efficiency`` (collection x conversion x detector), coherence ``t2``
    (s; None: none lost). Space: (1, 2), ion in X labels, starts in |+> (label 0)."""
    check_nonnegative("ion_photons", photons)
    check_positive("pulse", pulse, "s")
    check_probability("efficiency", efficiency)
    flip = np.array([[0, 1], [1, 0]], dtype=complex)  # Z_ion in the X labels
    jumps = []
    if t2 is not None:
        check_positive("ion_t2", t2, "s")
        jumps.append(np.sqrt(1 / (2 * t2)) * np.array([[0, 1], [1, 0]], dtype=complex))
    rho0 = np.diag([1.0, 0.0]).astype(complex)
    return Node((1, 2), np.zeros((2, 2), dtype=complex), -1j * np.sqrt(photons / pulse) * flip,
                efficiency, rho0, tuple(jumps))


def spdc_node(g: float, gamma: float, efficiency: float, n_max: int) -> Node:
    """Optical SPDC source: idler a (traced, decays at ``gamma`` to the station), signal b (kept,
    the flying photon); H = g (a b + h.c.); starts in vacuum."""
    check_nonnegative("g", g, "s^-1")
    check_positive("gamma", gamma, "s^-1")
    d = n_max + 1
    a = np.kron(_destroy(d), np.eye(d))
    b = np.kron(np.eye(d), _destroy(d))
    c = a @ b
    psi = np.zeros(d * d, dtype=complex)
    psi[0] = 1.0
    return Node((d, d), g * (c + c.conj().T), np.sqrt(gamma) * a, efficiency, np.outer(psi, psi.conj()))


@dataclass(frozen=True)
class HybridResult:
    """Heralded pair: ``state`` (Phi+ frame, 4 x 4, qubit 0 = A), unnormalised per-detector qubit
    states before the frame update, herald probability, the no-click probability at the pulse end
    and the population that left the qubit space (per herald)."""

    state: np.ndarray
    raw_plus: np.ndarray
    raw_minus: np.ndarray
    herald_probability: float
    no_click_probability: float
    leaked: float


def _lift(op_b: np.ndarray, op_a: np.ndarray) -> sp.csr_matrix:
    return sp.kron(sp.csr_matrix(op_b), sp.csr_matrix(op_a), format="csr")


def _lindblad_generator(h, c_ops, silent) -> sp.csr_matrix:
    """Column-stacked generator: -i(H_eff rho - rho H_eff^dag) + sum_silent L rho L^dag,
    H_eff = H - i/2 sum_all c^dag c (clicks remove the state from the no-click branch)."""
    n = h.shape[0]
    eye = sp.identity(n, format="csr")
    heff = h - 0.5j * sum((c.conj().T @ c for c in c_ops), sp.csr_matrix((n, n), dtype=complex))
    gen = -1j * (sp.kron(eye, heff) - sp.kron(heff.conj(), eye))  # vec(A X B) = (B^T (x) A) vec X
    for c in silent:
        gen = gen + sp.kron(c.conj(), c)
    return gen.tocsr()


def heralded_pair(node_a: Node, node_b: Node, visibility: float, pulse: float, dark_count_rate: float = 0.0,
                  raw_target: str = "phi") -> HybridResult:
    """Heralded two-qubit state of the unlike nodes (module docstring); ``raw_target`` is the Bell
    family D+- herald before the frame update: ``"phi"`` (red node A) or ``"psi"`` (blue)."""
    from scipy.sparse.linalg import expm_multiply  # here: 0.05 s of import only this solve needs

    check_probability("visibility", visibility)
    check_positive("pulse", pulse, "s")
    check_nonnegative("dark_count_rate", dark_count_rate, "s^-1")
    ia, ib = np.eye(node_a.dim), np.eye(node_b.dim)
    ea, eb = _lift(ib, node_a.emission), _lift(node_b.emission, ia)
    h = _lift(ib, node_a.h) + _lift(node_b.h, ia)
    eta_a, eta_b = node_a.efficiency, node_b.efficiency
    clicks = {+1: [np.sqrt(eta_a / 2) * ea + np.sqrt(eta_b * visibility / 2) * eb],
              -1: [np.sqrt(eta_a / 2) * ea - np.sqrt(eta_b * visibility / 2) * eb]}
    if visibility < 1:
        for s in (+1, -1):
            clicks[s].append(np.sqrt(eta_b * (1 - visibility) / 2) * eb)
    n = node_a.dim * node_b.dim
    if dark_count_rate > 0:
        for s in (+1, -1):
            clicks[s].append(np.sqrt(dark_count_rate) * sp.identity(n, format="csr", dtype=complex))
    silent = [np.sqrt(1 - eta_a) * ea, np.sqrt(1 - eta_b) * eb]
    silent += [_lift(ib, j) for j in node_a.jumps] + [_lift(j, ia) for j in node_b.jumps]
    silent = [c for c in silent if abs(c).sum() > 0]
    all_c = clicks[+1] + clicks[-1] + silent
    gen = _lindblad_generator(sp.csr_matrix(h), all_c, silent)
    rho0 = np.kron(node_b.rho0, node_a.rho0).reshape(-1, order="F")
    # int_0^T exp(L t) rho0 dt and exp(L T) rho0 from one augmented exponential (units of 1/T)
    m = gen.shape[0]
    aug = sp.bmat([[gen * pulse, sp.csr_matrix(rho0.reshape(-1, 1)) * pulse],
                   [None, sp.csr_matrix((1, 1))]], format="csr")
    # d/ds (x, y) = (L T x + rho0 T y, 0) from (0, 1): y = 1 and x(1) = int_0^T exp(L t) rho0 dt
    start = np.zeros(m + 1, dtype=complex)
    start[-1] = 1.0
    x = expm_multiply(aug, start)[:m]
    integral = x.reshape(n, n, order="F")
    final = expm_multiply(gen * pulse, rho0.astype(complex)).reshape(n, n, order="F")
    raw = {}
    for s in (+1, -1):
        raw[s] = sum(c @ integral @ c.conj().T for c in clicks[s])
    p_herald = float(np.real(np.trace(raw[+1]) + np.trace(raw[-1])))
    qubits = {}
    leaked = 0.0
    for s in (+1, -1):
        qubits[s], lk = _to_qubits(np.asarray(raw[s]), node_a, node_b, raw_target)
        leaked += lk
    total = _frame(qubits[+1], qubits[-1], raw_target)
    state = total / np.trace(total).real
    return HybridResult((state + state.conj().T) / 2, qubits[+1], qubits[-1], p_herald,
                        float(np.real(np.trace(final))), leaked / max(p_herald, 1e-300))


def _to_qubits(rho: np.ndarray, node_a: Node, node_b: Node, raw_target: str):
    """Trace each node's traced factor, keep the {0, 1} block of each kept factor; population outside
    goes to a basis state orthogonal to the heralded Bell family (|01> for phi, |00> for psi)."""
    (ta, ka), (tb, kb) = node_a.dims, node_b.dims
    r = rho.reshape(tb, kb, ta, ka, tb, kb, ta, ka)
    kept = np.einsum("ibjaicjd->bacd", r)  # (B, A) x (B', A')
    block = kept[:2, :2, :2, :2].reshape(4, 4).astype(complex)
    leak = float(np.real(np.trace(kept.reshape(kb * ka, kb * ka)) - np.trace(block)))
    reset = 2 if raw_target == "phi" else 0  # index a + 2 b: |a=0, b=1> or |00>
    block[reset, reset] += leak
    return block, leak


def _frame(plus: np.ndarray, minus: np.ndarray, raw_target: str) -> np.ndarray:
    x, z, i2 = np.array([[0, 1], [1, 0]]), np.diag([1, -1]), np.eye(2)
    if raw_target == "phi":
        u_plus, u_minus = np.eye(4), np.kron(i2, z)                       # D-: Z on A
    else:
        u_plus, u_minus = np.kron(x, i2), np.kron(x, i2) @ np.kron(i2, z)  # X on B (and Z on A)
    return u_plus @ plus @ u_plus.conj().T + u_minus @ minus @ u_minus.conj().T


__all__ = ["Node", "HybridResult", "sc_node", "ion_node", "spdc_node", "heralded_pair"]
