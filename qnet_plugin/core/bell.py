"""The Bell basis and Bell-diagonal algebra in plain numpy (no Qiskit): the one home of Phi+.

Qiskit little-endian order: in ``|ab>`` written here, ``a`` is qubit 0 (QPU A) and ``b`` is qubit 1.
Bell-diagonal coefficients are ordered as in :data:`BELL_ORDER` (Phi+, Psi-, Psi+, Phi-), the usual
order of the DEJMPS recurrence.
"""

from __future__ import annotations

import numpy as np

_S = 1 / np.sqrt(2)
#: Bell basis in the order used for Bell-diagonal coefficients.
BELL_ORDER = ("phi+", "psi-", "psi+", "phi-")
BELL_VECTORS = {
    "phi+": np.array([_S, 0, 0, _S], dtype=complex),
    "phi-": np.array([_S, 0, 0, -_S], dtype=complex),
    "psi+": np.array([0, _S, _S, 0], dtype=complex),
    "psi-": np.array([0, _S, -_S, 0], dtype=complex),
}


#: Phi+ = (|00> + |11>)/sqrt(2) as a vector, the frame every delivered pair is expressed in.
PHI_PLUS_VECTOR = BELL_VECTORS["phi+"]

#: rows: the Bell vectors in :data:`BELL_ORDER` (little-endian)
BELL_MATRIX = np.array([BELL_VECTORS[n] for n in BELL_ORDER])
#: the four Bell projectors |B_k><B_k|, shape (4, 4, 4)
BELL_PROJECTORS = np.einsum("ki,kj->kij", BELL_MATRIX, BELL_MATRIX.conj())


def bell_diagonal_matrices(coefficients: np.ndarray | list[float] | tuple[float, ...]) -> np.ndarray:
    """Unvalidated, vectorised form: density matrices for coefficients of shape (4,) or (N, 4)."""
    return np.einsum("...k,kij->...ij", np.asarray(coefficients, dtype=float), BELL_PROJECTORS)


def bell_coefficients(rho: object) -> np.ndarray:
    """Diagonal of a two-qubit state in the Bell basis (order :data:`BELL_ORDER`).

    Accepts a ``DensityMatrix``, a (4, 4) array or a batch (..., 4, 4).
    """
    m = np.asarray(rho.data if hasattr(rho, "data") else rho, dtype=complex)
    return np.real(np.einsum("ki,...ij,kj->...k", BELL_MATRIX.conj(), m, BELL_MATRIX))


def shannon_bits(p: np.ndarray) -> np.ndarray:
    """Shannon entropy -sum p log2 p over the last axis (p normalised first; 0 log 0 = 0)."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, None)
    p = p / p.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
    return terms.sum(axis=-1)


def hashing_yield(state_or_coefficients: object) -> np.ndarray | float:
    """Hashing ebit yield 1 - S in bits per pair of the Bell-basis diagonal (Bennett, DiVincenzo,
    Smolin, Wootters, PRA 54, 3824 (1996)); negative when hashing distils nothing.

    Accepts Bell coefficients (..., 4) (order :data:`BELL_ORDER`) or density matrices (..., 4, 4).
    A state that is not Bell-diagonal gets the yield of its Pauli-twirled (Bell-diagonal) form.
    """
    x = np.asarray(state_or_coefficients.data if hasattr(state_or_coefficients, "data")
                   else state_or_coefficients)
    c = bell_coefficients(x) if x.shape[-2:] == (4, 4) else x
    y = 1.0 - shannon_bits(c)
    return float(y) if np.ndim(y) == 0 else y
