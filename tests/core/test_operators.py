"""qnet_plugin.core.operators: the one home of Paulis, ladder operators and the amplitude-damping Kraus set."""

import numpy as np
import pytest
from qiskit.quantum_info import Operator, Pauli

from qnet_plugin.channels.standard import amplitude_damping
from qnet_plugin.core import operators as op


def test_paulis_are_qiskits():
    for label, m in op.PAULIS.items():
        assert np.array_equal(m, Pauli(label).to_matrix())
    assert np.array_equal(op.X @ op.Y, 1j * op.Z)
    assert np.array_equal(op.SIGMA_MINUS @ np.array([0, 1]), np.array([1, 0]))
    assert np.array_equal(op.P1 - op.P0, -op.Z)
    assert np.array_equal(op.SIGMA_PLUS @ np.array([1, 0]), np.array([0, 1]))


def test_on_qubit_is_little_endian():
    assert np.array_equal(op.on_qubit(op.X, 0, 2), Operator(Pauli("IX")).data)
    assert np.array_equal(op.on_qubit(op.Z, 1, 3), Operator(Pauli("IZI")).data)


def test_ket_bra():
    m = op.ket_bra(2, 0, 3)
    assert m.shape == (3, 3) and m[2, 0] == 1 and np.count_nonzero(m) == 1
    assert np.array_equal(op.ket_bra(0, 1, 2), op.SIGMA_MINUS)


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0])
def test_amplitude_damping_kraus(p):
    """Trace preserving, |1><1| -> (1 - p)|1><1| + p|0><0|, and the same matrices as the Kraus channel."""
    ks = op.amplitude_damping_kraus(p)
    assert np.abs(sum(k.conj().T @ k for k in ks) - op.I2).max() < 1e-15
    out = sum(k @ op.P1 @ k.conj().T for k in ks)
    assert np.allclose(np.diag(out).real, [p, 1 - p], atol=1e-15)
    assert all(np.array_equal(a, b) for a, b in zip(ks, amplitude_damping(p).data))
