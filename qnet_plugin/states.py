"""Standard two-qubit states used as references: Bell states, Werner and Bell-diagonal states.

Qiskit little-endian order: in ``|ab>`` written here, ``a`` is qubit 0 (QPU A) and ``b`` is qubit 1.
Bell-diagonal coefficients are ordered as in :data:`BELL_ORDER` (Phi+, Psi-, Psi+, Phi-), the usual order of the DEJMPS recurrence.
"""

from __future__ import annotations

import numpy as np
from qiskit.quantum_info import DensityMatrix, Statevector

from .validation import check_probability

_S = 1 / np.sqrt(2)
#: Bell basis in the order used for Bell-diagonal coefficients.
BELL_ORDER = ("phi+", "psi-", "psi+", "phi-")
BELL_VECTORS = {
    "phi+": np.array([_S, 0, 0, _S], dtype=complex),
    "phi-": np.array([_S, 0, 0, -_S], dtype=complex),
    "psi+": np.array([0, _S, _S, 0], dtype=complex),
    "psi-": np.array([0, _S, -_S, 0], dtype=complex),
}


def bell_state(name: str = "phi+") -> Statevector:
    """One of the four Bell states by name (``phi+``, ``phi-``, ``psi+``, ``psi-``)."""
    if name not in BELL_VECTORS:
        raise ValueError(f"bell state name = {name!r} is not allowed; choose one of {', '.join(BELL_VECTORS)}")
    return Statevector(BELL_VECTORS[name])


def bell_diagonal_state(coefficients) -> DensityMatrix:
    """sum_k c_k |B_k><B_k| with c in the order of :data:`BELL_ORDER` (non-negative, summing to 1)."""
    c = np.asarray(coefficients, dtype=float)
    if c.shape != (4,) or np.any(c < -1e-12) or abs(c.sum() - 1) > 1e-9:
        raise ValueError(f"Bell-diagonal coefficients must be 4 non-negative numbers summing to 1, got {c}")
    rho = sum(ck * np.outer(BELL_VECTORS[n], BELL_VECTORS[n].conj()) for ck, n in zip(c, BELL_ORDER))
    return DensityMatrix(rho)


def bell_coefficients(rho) -> np.ndarray:
    """Diagonal of ``rho`` in the Bell basis, in the order of :data:`BELL_ORDER`."""
    m = rho.data if hasattr(rho, "data") else np.asarray(rho)
    return np.array([np.real(BELL_VECTORS[n].conj() @ m @ BELL_VECTORS[n]) for n in BELL_ORDER])


def werner_state(fidelity: float) -> DensityMatrix:
    """Werner state of Phi+ fidelity F: F |Phi+><Phi+| + (1 - F)/3 (the other three Bell states)."""
    check_probability("fidelity", fidelity)
    f = float(fidelity)
    return bell_diagonal_state([f, (1 - f) / 3, (1 - f) / 3, (1 - f) / 3])
