"""Transfer instruction: the "move through E" Kraus map, lowered by plain transpile and run on Aer."""

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix, Kraus, partial_trace, random_density_matrix, random_statevector
from qiskit_aer import AerSimulator

from qnet_plugin.channels import amplitude_damping, apply, is_cptp
from qnet_plugin.circuit.transfer import Transfer, move_kraus
from qnet_plugin.links.transfer_channel import Stage, TransferChannel

SIM = AerSimulator(method="density_matrix")


def run_dm(qc):
    qc = qc.copy()
    qc.save_density_matrix()
    return DensityMatrix(SIM.run(transpile(qc, SIM), shots=1).result().data(0)["density_matrix"])


@pytest.mark.parametrize("channel", [Kraus(np.eye(2)), amplitude_damping(0.3),
                                     TransferChannel((Stage("s", 0.6, 0.05, 0.9),)).kraus()])
def test_move_kraus_is_cptp_and_moves(channel):
    ops = Kraus(move_kraus(channel))
    assert is_cptp(ops)
    rho_s = random_density_matrix(2, seed=1)
    rho_t = random_density_matrix(2, seed=2)
    out = apply(ops, rho_t.tensor(rho_s))              # qubit 0 = source, qubit 1 = target
    assert np.allclose(partial_trace(out, [1]).data, np.diag([1, 0]))                  # source -> |0>
    assert np.allclose(partial_trace(out, [0]).data, apply(channel, rho_s).data)      # target = E(source)


def test_transfer_on_aer_after_plain_transpile():
    """A state prepared on QPU A arrives at QPU B as E(psi); Aer runs the lowered definition."""
    ch = TransferChannel((Stage("s", 0.7, 0.02, 0.95),))
    psi = random_statevector(2, seed=4)
    qc = QuantumCircuit(2)
    qc.initialize(psi, 0)
    qc.x(1)                                   # whatever the target held is discarded
    qc.append(Transfer(ch), [0, 1])
    out = run_dm(qc)
    assert np.allclose(partial_trace(out, [0]).data, apply(ch.kraus(), DensityMatrix(psi)).data, atol=1e-10)
    assert np.allclose(partial_trace(out, [1]).data, np.diag([1, 0]), atol=1e-12)


def test_perfect_transfer_keeps_entanglement():
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.cx(0, 1)
    qc.append(Transfer(), [1, 2])             # move half of the pair to qubit 2
    rho = partial_trace(run_dm(qc), [1])
    phi = np.zeros((4, 4)); phi[0, 0] = phi[3, 3] = phi[0, 3] = phi[3, 0] = 0.5
    assert np.allclose(rho.data, phi, atol=1e-12)


def test_definition_has_no_control_flow():
    qc = Transfer(amplitude_damping(0.2)).definition
    assert [i.operation.name for i in qc.data] == ["kraus"]


def test_equality_and_errors():
    assert Transfer(amplitude_damping(0.2)) == Transfer(amplitude_damping(0.2))
    assert Transfer(amplitude_damping(0.2)) != Transfer(amplitude_damping(0.3))
    with pytest.raises(ValueError, match="1 qubit"):
        Transfer(Kraus(np.eye(4)))
    with pytest.raises(ValueError, match="trace preserving"):
        Transfer(Kraus([0.5 * np.eye(2)]))
