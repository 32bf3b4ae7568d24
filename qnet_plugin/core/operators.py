"""Single-qubit operators used across the package: Paulis, ladder operators, projectors.

Plain numpy arrays (complex128), so physics modules can use them without importing Qiskit.
Convention: |0> = (1, 0) is the ground state; ``SIGMA_MINUS = |0><1|`` lowers the qubit.
Multi-qubit operators follow Qiskit's little-endian order: qubit 0 is the *rightmost* factor
of a Kronecker product (``np.kron(op_on_qubit_1, op_on_qubit_0)``).
"""

from __future__ import annotations

import numpy as np

I2 = np.eye(2, dtype=complex)  #: identity on one qubit
X = np.array([[0, 1], [1, 0]], dtype=complex)  #: Pauli X
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)  #: Pauli Y
Z = np.diag([1.0, -1.0]).astype(complex)  #: Pauli Z
PAULIS = {"I": I2, "X": X, "Y": Y, "Z": Z}  #: label -> matrix
SIGMA_MINUS = np.array([[0, 1], [0, 0]], dtype=complex)  #: |0><1|, lowers |1> to |0>
SIGMA_PLUS = SIGMA_MINUS.conj().T  #: |1><0|
P0 = np.diag([1.0, 0.0]).astype(complex)  #: |0><0|
P1 = np.diag([0.0, 1.0]).astype(complex)  #: |1><1|


def on_qubit(op: np.ndarray, qubit: int, num_qubits: int) -> np.ndarray:
    """``op`` (2x2) acting on ``qubit`` of ``num_qubits`` qubits, identity elsewhere (little-endian)."""
    out = np.ones((1, 1), dtype=complex)
    for q in reversed(range(num_qubits)):
        out = np.kron(out, op if q == qubit else I2)
    return out


def ket_bra(i: int, j: int, dim: int) -> np.ndarray:
    """|i><j| as a ``dim`` x ``dim`` matrix (e.g. the sigma_ij of a three-level emitter)."""
    m = np.zeros((dim, dim), dtype=complex)
    m[i, j] = 1.0
    return m


def amplitude_damping_kraus(p: float) -> list[np.ndarray]:
    """Kraus operators {|0><0| + sqrt(1 - p)|1><1|, sqrt(p)|0><1|} of amplitude damping |1> -> |0>
    with probability ``p`` in [0, 1] (Nielsen & Chuang Eq. (8.108)); unvalidated numpy form, the
    one home of these matrices (:func:`qnet_plugin.channels.standard.amplitude_damping` wraps it)."""
    return [np.array([[1, 0], [0, np.sqrt(1 - p)]], dtype=complex),
            np.array([[0, np.sqrt(p)], [0, 0]], dtype=complex)]
