"""Reference two-qubit states as ``qiskit.quantum_info`` objects: Bell, Bell-diagonal and Werner states.

The numpy algebra (Bell vectors, coefficients, hashing yield) lives in :mod:`qnet_plugin.core.bell`
and is re-exported here.

Qiskit little-endian order: in ``|ab>`` written here, ``a`` is qubit 0 (QPU A) and ``b`` is qubit 1.
Bell-diagonal coefficients are ordered as in :data:`BELL_ORDER` (Phi+, Psi-, Psi+, Phi-), the usual
order of the DEJMPS recurrence.
"""

from __future__ import annotations

import numpy as np
from qiskit.quantum_info import DensityMatrix, Statevector

from qnet_plugin.core.bell import (  # noqa: F401 (re-exported)
    BELL_MATRIX,
    BELL_ORDER,
    BELL_PROJECTORS,
    BELL_VECTORS,
    bell_coefficients,
    bell_diagonal_matrices,
    hashing_yield,
    shannon_bits,
)
from qnet_plugin.core.validation import check_probability


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
    return DensityMatrix(bell_diagonal_matrices(c))


def werner_state(fidelity: float) -> DensityMatrix:
    """Werner state of Phi+ fidelity F: F |Phi+><Phi+| + (1 - F)/3 (the other three Bell states)."""
    check_probability("fidelity", fidelity)
    f = float(fidelity)
    return bell_diagonal_state([f, (1 - f) / 3, (1 - f) / 3, (1 - f) / 3])
