"""Batched Lindblad superoperators of the NV0 three-level model (numpy only; the fast engine).

Row-major vectorisation: ``rho[i, j]`` sits at index ``3 i + j`` and vec(A rho B) = (A kron B^T) vec(rho).
Every function takes arrays with a leading batch axis so that a whole parameter map is one call.
"""

from __future__ import annotations

import numpy as np

DIM = 3
_I3 = np.eye(DIM)


def ket_bra(i: int, j: int) -> np.ndarray:
    """sigma_ij = |i><j| as a 3 x 3 matrix (001 notation)."""
    m = np.zeros((DIM, DIM), dtype=complex)
    m[i, j] = 1.0
    return m


def commutator_super(h: np.ndarray) -> np.ndarray:
    """-i[H, .] for a batch of Hamiltonians ``h`` of shape (n, 3, 3); returns (n, 9, 9)."""
    n = h.shape[0]
    left = np.einsum("nij,kl->nikjl", h, _I3).reshape(n, 9, 9)
    right = np.einsum("ij,nlk->nikjl", _I3, h).reshape(n, 9, 9)  # I kron H^T
    return -1j * (left - right)


def dissipator_super(c: np.ndarray) -> np.ndarray:
    """D[C] rho = C rho C^dag - {C^dag C, rho}/2 for one jump operator ``c`` (3 x 3); returns 9 x 9."""
    cdc = c.conj().T @ c
    return np.kron(c, c.conj()) - 0.5 * np.kron(cdc, _I3) - 0.5 * np.kron(_I3, cdc.T)


def trace_row() -> np.ndarray:
    """The row r with r . vec(rho) = Tr rho."""
    return np.eye(DIM).reshape(9).astype(complex)


def solve_steady(liouvillian: np.ndarray) -> np.ndarray:
    """Steady states (n, 9) of a batch of Liouvillians (n, 9, 9), normalised to unit trace.

    The equation for rho_00 is replaced by Tr rho = 1: the diagonal equations are linearly
    dependent (trace preservation), so dropping one of them loses nothing.
    """
    a = liouvillian.copy()
    a[:, 0, :] = trace_row()
    b = np.zeros(a.shape[:2], dtype=complex)
    b[:, 0] = 1.0
    return np.linalg.solve(a, b[..., None])[..., 0]


def solve_traceless(liouvillian: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve L x = rhs with Tr x = 0 (a correction to a steady state), batched; rhs (n, 9)."""
    a = liouvillian.copy()
    a[:, 0, :] = trace_row()
    b = rhs.copy()
    b[:, 0] = 0.0
    return np.linalg.solve(a, b[..., None])[..., 0]


def apply(superop: np.ndarray, vec: np.ndarray) -> np.ndarray:
    """Batched superoperator times vectorised state: (n, 9, 9) or (9, 9) with (n, 9)."""
    if superop.ndim == 2:
        return vec @ superop.T
    return np.einsum("nij,nj->ni", superop, vec)


def element(vec: np.ndarray, i: int, j: int) -> np.ndarray:
    """rho[i, j] of a batch of vectorised states."""
    return vec[..., DIM * i + j]
