"""BellPair, Teleport and RemoteCX on AerSimulator(method="density_matrix")."""

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix, random_statevector, random_unitary, state_fidelity
from qiskit_aer import AerSimulator

from qnet_plugin import aer
from qnet_plugin.circuit import BellPair, RemoteCX, Teleport, remote_cx, teleport
from qnet_plugin.links import ElectroOpticLink
from qnet_plugin.states import werner_state

SIM = AerSimulator(method="density_matrix")
PHI = np.zeros((4, 4)); PHI[0, 0] = PHI[3, 3] = PHI[0, 3] = PHI[3, 0] = 0.5


def saved_dm(qc):
    """Saved density matrix of one circuit, or a list of them for a list (one batched Aer run)."""
    batch = qc if isinstance(qc, list) else [qc]
    result = SIM.run(transpile(batch, SIM), shots=1).result()
    out = [DensityMatrix(result.data(i)["density_matrix"]) for i in range(len(batch))]
    return out if isinstance(qc, list) else out[0]


def test_bell_pair_prepares_the_state_after_plain_transpile():
    rho = ElectroOpticLink().report().state
    qc = QuantumCircuit(2)
    qc.h(0)  # whatever the qubits held before
    qc.append(BellPair(rho), [0, 1])
    qc.save_density_matrix()
    assert np.allclose(saved_dm(qc).data, rho.data, atol=1e-10)


def test_bell_pair_runs_through_the_package_run_helper():
    qc = QuantumCircuit(2, 2)
    qc.append(ElectroOpticLink().bell_pair(), [0, 1])
    qc.measure([0, 1], [0, 1])
    counts = aer.run(qc, shots=2000, seed=7).get_counts()
    assert sum(counts.values()) == 2000
    # Phi+ frame: mostly correlated outcomes
    assert (counts.get("00", 0) + counts.get("11", 0)) / 2000 > 0.85


@pytest.mark.parametrize("mode", ["deferred", "coherent", "classical"])
@pytest.mark.parametrize("fidelity", [1.0, 0.9, 0.7])
def test_teleportation_average_fidelity_is_textbook(mode, fidelity):
    # Average fidelity of teleportation through a Werner pair of fidelity F: (2F + 1)/3.
    circuits, states = [], []
    for seed in range(8):
        psi = random_statevector(2, seed=seed)
        qc = QuantumCircuit(3, 0 if mode == "coherent" else 2)
        qc.initialize(psi, 0)
        if mode == "classical":  # dynamic circuit: mid-circuit measurement + if_test
            teleport(qc, 0, 1, 2, qc.clbits, pair=werner_state(fidelity))
        else:
            qc.append(Teleport(werner_state(fidelity), feed_forward=mode), qc.qubits, qc.clbits)
        qc.save_density_matrix([2])
        circuits.append(qc)
        states.append(psi)
    fs = [state_fidelity(dm, psi) for dm, psi in zip(saved_dm(circuits), states)]
    assert np.mean(fs) == pytest.approx((2 * fidelity + 1) / 3, abs=1e-9)


@pytest.mark.parametrize("mode", ["deferred", "coherent", "classical"])
def test_remote_cx_with_perfect_pair_equals_local_cx(mode):
    for seed in range(4):
        u = random_unitary(8, seed=seed)  # random entangled input on (control, target, reference)
        qc = QuantumCircuit(5, 0 if mode == "coherent" else 2)
        qc.unitary(u, [0, 3, 4])
        if mode == "classical":
            remote_cx(qc, 0, 1, 2, 3, qc.clbits, pair=PHI)
        else:
            qc.append(RemoteCX(PHI, feed_forward=mode), [0, 1, 2, 3], qc.clbits)
        qc.save_density_matrix([0, 3, 4])
        ref = QuantumCircuit(3)
        ref.unitary(u, [0, 1, 2])
        ref.cx(0, 1)
        assert state_fidelity(saved_dm(qc), DensityMatrix(ref)) == pytest.approx(1.0, abs=1e-9)


def numpy_teleport(psi: np.ndarray, pair: np.ndarray) -> np.ndarray:
    """Independent teleportation: project (source, pair_a) on Bell outcomes, correct pair_b, sum."""
    # ordering: kron(pair_b, pair_a, source) (qubit 0 = source, little-endian)
    rho = np.kron(pair, np.outer(psi, psi.conj()))
    i2, x, z, h = np.eye(2), np.array([[0, 1], [1, 0]]), np.diag([1, -1]), np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    cx01 = np.zeros((8, 8))
    for b in range(8):
        s, a, bb = b & 1, (b >> 1) & 1, (b >> 2) & 1
        cx01[(bb << 2) | ((a ^ s) << 1) | s, b] = 1
    u = np.kron(i2, np.kron(i2, h)) @ cx01
    rho = u @ rho @ u.conj().T
    out = np.zeros((2, 2), dtype=complex)
    for m0 in (0, 1):
        for m1 in (0, 1):
            proj = np.kron(i2, np.kron(np.diag([1 - m1, m1]), np.diag([1 - m0, m0])))
            corr = np.linalg.matrix_power(z, m0) @ np.linalg.matrix_power(x, m1)
            branch = proj @ rho @ proj
            b = branch.reshape(2, 4, 2, 4).trace(axis1=1, axis2=3)  # keep pair_b
            out += corr @ b @ corr.conj().T
    return out


def test_teleportation_through_electro_optic_pair_matches_numpy():
    pair = ElectroOpticLink(variant="blue", coupling_mismatch=0.2).report().state
    for seed in range(5):
        psi = random_statevector(2, seed=100 + seed)
        qc = QuantumCircuit(3)
        qc.initialize(psi, 0)
        qc.append(Teleport(pair, feed_forward="coherent"), [0, 1, 2])
        qc.save_density_matrix([2])
        assert np.allclose(saved_dm(qc).data, numpy_teleport(psi.data, pair.data), atol=1e-9)


def test_numpy_reference_is_right_for_a_perfect_pair():
    psi = random_statevector(2, seed=1)
    assert np.allclose(numpy_teleport(psi.data, PHI), np.outer(psi.data, psi.data.conj()))


def test_bad_feed_forward_mode():
    with pytest.raises(ValueError, match="feed_forward = 'classical' is not allowed"):
        Teleport(PHI, feed_forward="classical")
