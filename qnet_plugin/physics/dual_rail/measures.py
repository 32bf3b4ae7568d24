"""Entanglement measures of the dual-rail steady states (paper 003, Figs. 2 and 4).

States are physics-order vectors or density matrices on 2N qubits (A_1..A_N, B_1..B_N; see
:mod:`qnet_plugin.physics.dual_rail.broadband`). Entropies are in nats, as in the paper (S = -Tr rho ln rho).
"""

from __future__ import annotations

import numpy as np


def _as_density(state) -> np.ndarray:
    x = np.asarray(state, dtype=complex)
    return np.outer(x, x.conj()) if x.ndim == 1 else x


def reduced(state, keep, num_qubits: int) -> np.ndarray:
    """Reduced density matrix of the qubits ``keep`` (physics-order indices, in the given order)."""
    keep = list(keep)
    rest = [q for q in range(num_qubits) if q not in keep]
    x = np.asarray(state, dtype=complex)
    dk = 2 ** len(keep)
    if x.ndim == 1:  # a pure state: rho_keep = M M^dagger with M the amplitude matrix
        m = x.reshape((2,) * num_qubits).transpose(keep + rest).reshape(dk, -1)
        return m @ m.conj().T
    t = x.reshape((2,) * (2 * num_qubits))
    t = t.transpose(keep + rest + [num_qubits + q for q in keep] + [num_qubits + q for q in rest])
    dr = 2 ** len(rest)
    t = t.reshape(dk, dr, dk, dr)
    return np.einsum("ajbj->ab", t)


def concurrence(rho2) -> float:
    """Wootters concurrence of a two-qubit density matrix (Hill & Wootters, paper 003 Refs. [58,59])."""
    rho = np.asarray(rho2, dtype=complex)
    yy = np.array([[0, 0, 0, -1], [0, 0, 1, 0], [0, 1, 0, 0], [-1, 0, 0, 0]], dtype=complex)
    rt = yy @ rho.conj() @ yy
    lam = np.sqrt(np.clip(np.sort(np.linalg.eigvals(rho @ rt).real)[::-1], 0.0, None))
    return float(max(0.0, lam[0] - lam[1] - lam[2] - lam[3]))


def pair_concurrence(state, i: int, j: int, num_pairs: int) -> float:
    """C_ij = C(rho_{A,i|B,j}) (paper 003 Fig. 2(b)-(c), Fig. 4), i, j 0-based."""
    return concurrence(reduced(state, [i, num_pairs + j], 2 * num_pairs))


def concurrence_matrix(state, num_pairs: int) -> np.ndarray:
    """N x N matrix of C_ij."""
    return np.array([[pair_concurrence(state, i, j, num_pairs) for j in range(num_pairs)]
                     for i in range(num_pairs)])


def entropy(rho) -> float:
    """von Neumann entropy -Tr rho ln rho in nats (eigenvalues below 1e-14 dropped)."""
    w = np.linalg.eigvalsh(np.asarray(rho, dtype=complex))
    w = w[w > 1e-14]
    return float(-(w * np.log(w)).sum())


def purity(state) -> float:
    """mu = Tr rho^2 (paper 003 Fig. 3)."""
    rho = _as_density(state)
    return float(np.real(np.vdot(rho, rho)))


def entropy_a(state, num_pairs: int) -> float:
    """S_A = S(rho_A), entanglement between waveguide A and waveguide B (paper 003 below Eq. (10))."""
    return entropy(reduced(state, list(range(num_pairs)), 2 * num_pairs))


def block_entropy(state, n: int, num_pairs: int) -> float:
    """S_n = S(rho_[1..n]) of the first n pairs (A_1..A_n and B_1..B_n), paper 003 Fig. 2(d)-(e)."""
    if n in (0, num_pairs) and np.ndim(state) == 1:
        return 0.0
    keep = list(range(n)) + [num_pairs + k for k in range(n)]
    return entropy(reduced(state, keep, 2 * num_pairs))


def block_entropies(state, num_pairs: int) -> np.ndarray:
    """[S_0, S_1, ..., S_N] (S_0 = 0)."""
    return np.array([block_entropy(state, n, num_pairs) for n in range(num_pairs + 1)])


def extrapolated_pairs(c11: float, c22: float) -> float:
    """N_ent = C_11/(C_11 - C_22), paper 003 Fig. 4(b) (inf where C_22 >= C_11)."""
    return float(c11 / (c11 - c22)) if c11 > c22 else float("inf")


__all__ = ["reduced", "concurrence", "pair_concurrence", "concurrence_matrix", "entropy", "purity",
           "entropy_a", "block_entropy", "block_entropies", "extrapolated_pairs"]
