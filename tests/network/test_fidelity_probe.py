"""The output-fidelity probe with state preparation in the program: ``initialize`` on fresh qubits
is a preparation the probe can invert; ``initialize`` later (a reset) makes the program
non-unitary, so no fidelity is reported, and nothing fails (issue 12)."""

import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.library import StatePreparation

from qnet_plugin.network import run_distributed


def _program(prep):
    qc = QuantumCircuit(3, 3)
    prep(qc)
    qc.cx(0, 1)
    qc.cx(1, 2)
    qc.measure(range(3), range(3))
    return qc


PREPS = {
    "amplitudes": lambda qc: qc.initialize([0.6, 0.8j], 0),
    "label": lambda qc: qc.initialize("+-", [0, 2]),
    "integer": lambda qc: qc.initialize(3, [0, 1]),
    "integer_one_qubit": lambda qc: qc.initialize(1, 0),
    "state_preparation": lambda qc: qc.append(StatePreparation([0.6, 0.8j]), [0]),
}


@pytest.mark.parametrize("name", sorted(PREPS))
def test_initialize_on_fresh_qubits_gives_fidelity_one_on_an_ideal_network(make_line, name):
    net = make_line([1.0])
    r = run_distributed(_program(PREPS[name]), net, ["A", "A", "B"], shots=300, seed=2,
                        method="density_matrix", noise=False)
    assert r.fidelity == pytest.approx(1.0, abs=1e-9)


def test_initialize_and_state_preparation_give_the_same_noisy_fidelity(make_line):
    net = make_line([0.9], rate_hz=1e6)
    a = run_distributed(_program(PREPS["amplitudes"]), net, ["A", "A", "B"], shots=100, seed=2,
                        method="density_matrix")
    b = run_distributed(_program(PREPS["state_preparation"]), net, ["A", "A", "B"], shots=100, seed=2,
                        method="density_matrix")
    assert 0.5 < a.fidelity < 0.99
    assert a.fidelity == pytest.approx(b.fidelity, abs=1e-9)


def test_initialize_after_a_gate_is_not_unitary_and_reports_no_fidelity(make_line):
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.initialize([0, 1], 0)  # a reset of a used qubit, then the preparation
    qc.cx(0, 1)
    qc.measure([0, 1], [0, 1])
    r = run_distributed(qc, make_line([1.0]), ["A", "B"], shots=200, seed=1, noise=False)
    assert r.fidelity is None
    assert r.counts == {"11": 200}
