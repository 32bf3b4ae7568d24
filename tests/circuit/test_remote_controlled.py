"""Remote controlled gates through one pair (Eisert et al., PRA 62, 052317 (2000)) against the local gate.

With a perfect Phi+ pair the remote window must equal the local gates on every input state; checked
on random states, random angles and every gate family the rewrite uses, in all three feed-forward
forms, to 1e-9 on Aer's density matrix.
"""

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.circuit.library import (
    CPhaseGate,
    CRXGate,
    CRYGate,
    CRZGate,
    CUGate,
    CXGate,
    CZGate,
    HGate,
    RZGate,
    RZZGate,
    XGate,
)
from qiskit.quantum_info import DensityMatrix, random_statevector, state_fidelity
from qiskit_aer import AerSimulator

from qnet_plugin.circuit.remote_controlled import RemoteControlled, is_control_diagonal, remote_controlled
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.states import werner_state

SIM = AerSimulator(method="density_matrix")
RNG = np.random.default_rng(14)


def _gate_families():
    a, b, c, d = RNG.uniform(-np.pi, np.pi, 4)
    return {"cx": CXGate(), "cz": CZGate(), "cp": CPhaseGate(a), "crx": CRXGate(b), "cry": CRYGate(c),
            "crz": CRZGate(d), "cu": CUGate(a, b, c, d), "rzz": RZZGate(b)}


def _run(qc):
    out = SIM.run(transpile(qc, SIM), shots=1).result()
    return DensityMatrix(out.data(0)["density_matrix"])


def _local_and_remote(gates, num_targets, seed, mode, pair=None):
    """(local output, remote output) on control + targets for a random input product state."""
    n_logical = 1 + num_targets
    psi = random_statevector(2 ** n_logical, seed=seed)
    local = QuantumCircuit(n_logical)
    local.initialize(psi, range(n_logical))
    for op, qs in gates:
        local.append(op, [0 if q == 0 else q - 2 for q in qs])
    local.save_density_matrix()
    # remote circuit: control 0, pair 1-2, targets 3...
    n = 3 + num_targets
    remote = QuantumCircuit(n, 0 if mode == "coherent" else 2)
    remote.initialize(psi, [0] + list(range(3, n)))
    if mode == "classical":
        remote_controlled(remote, 0, 1, 2, gates, remote.clbits, pair=pair if pair is not None else werner_state(1.0))
    else:
        remote.append(RemoteControlled(gates, pair=pair if pair is not None else werner_state(1.0), feed_forward=mode),
                      range(n), remote.clbits)
    remote.save_density_matrix([0] + list(range(3, n)))
    return _run(local), _run(remote)


@pytest.mark.parametrize("name", list(_gate_families()))
@pytest.mark.parametrize("mode", ["classical", "deferred", "coherent"])
def test_one_pair_implements_every_controlled_gate(name, mode):
    gate = _gate_families()[name]
    for seed in range(3):
        local, remote = _local_and_remote([(gate, (0, 3))], 1, seed, mode)
        assert np.allclose(local.data, remote.data, atol=1e-9)


def test_one_window_serves_several_gates_on_several_targets():
    fam = _gate_families()
    window = [(fam["cp"], (0, 3)), (fam["crx"], (0, 4)), (HGate(), (3,)), (fam["rzz"], (0, 4)), (fam["cu"], (0, 3)),
              (CXGate(), (3, 4))]
    for seed in range(3):
        local, remote = _local_and_remote(window, 2, seed, "deferred")
        assert np.allclose(local.data, remote.data, atol=1e-9)


def test_noisy_pair_lowers_fidelity_like_a_depolarised_control_copy():
    # With a Werner pair of fidelity F the remote CZ on |+>|+> keeps the ideal output with
    # fidelity below 1 and above the separable bound; the perfect pair gives exactly 1.
    gate = [(CZGate(), (0, 3))]
    local, remote = _local_and_remote(gate, 1, 5, "coherent", pair=werner_state(0.9))
    f = state_fidelity(local, remote)
    assert 0.85 < f < 1 - 1e-3


@pytest.mark.parametrize("gate, position, expected", [
    (CXGate(), 0, True), (CXGate(), 1, False), (CZGate(), 1, True), (RZZGate(0.3), 0, True),
    (CRXGate(0.4), 0, True), (CRXGate(0.4), 1, False), (HGate(), 0, False), (RZGate(0.2), 0, True),
    (XGate(), 0, False),
])
def test_control_diagonality_is_read_from_the_operator(gate, position, expected):
    assert is_control_diagonal(gate, position) is expected


def test_a_non_diagonal_gate_in_the_window_is_refused_clearly():
    with pytest.raises(ParameterError, match="not diagonal on the control"):
        RemoteControlled([(CXGate(), (3, 0))])
    with pytest.raises(ParameterError, match="hold the pair"):
        RemoteControlled([(CZGate(), (0, 1))])
    with pytest.raises(ParameterError, match="empty"):
        RemoteControlled([])


def test_pair_consumption_is_one_whatever_the_window():
    fam = _gate_families()
    inst = RemoteControlled([(fam["cp"], (0, 3)), (fam["crz"], (0, 4)), (fam["rzz"], (0, 3))],
                            pair=werner_state(0.95))
    names = [i.operation.name for i in inst.definition.data]
    assert names.count("bell_pair") == 1
