"""The rewrite pass: structure of the hardware program (no noise, no time) and its exactness with
perfect pairs (the program equals the logical circuit on the output register)."""

import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.library import QFTGate
from qiskit.quantum_info import DensityMatrix, partial_trace, state_fidelity

from qnet_plugin.network.distribute import check_assignment
from qnet_plugin.network.rewrite import OPERATION_KINDS, rewrite
from qnet_plugin.network.strategy import Strategy

_NOISE_NAMES = {"kraus", "quantum_channel", "superop"}


def _ideal_run(program, logical) -> tuple[DensityMatrix, DensityMatrix]:
    """(program run with perfect pairs, logical circuit) as states of the output register, in the
    same qubit order (the simulator qubits holding the logical qubits at the end)."""
    qc = QuantumCircuit(program.num_qubits)
    for s in program.steps:
        if s.kind == "pair":
            a, b = s.qubits
            qc.reset(a)
            qc.reset(b)
            qc.h(a)
            qc.cx(a, b)
        elif s.kind == "transfer":
            raise AssertionError("no transfer expected on a Werner link")
        elif s.kind in ("op", "feed_forward"):
            qc.append(s.op, list(s.qubits))
    ideal = QuantumCircuit(program.num_qubits)
    ideal.compose(logical, qubits=list(program.final_qubits), inplace=True)
    drop = [q for q in range(program.num_qubits) if q not in program.final_qubits]
    return partial_trace(DensityMatrix(qc), drop), partial_trace(DensityMatrix(ideal), drop)


@pytest.mark.parametrize("strategy", ["remote-cx", "teleport", "auto"])
def test_program_with_perfect_pairs_is_the_logical_circuit(make_line, strategy):
    net = make_line([0.9, 0.9], data_qubits=2)
    qc = QuantumCircuit(4)
    qc.h(0)
    qc.cx(0, 2)
    qc.append(QFTGate(3), [0, 2, 3])
    qc.cz(1, 3)
    loc = check_assignment(qc, net, ["A", "B", "C", "C"])
    prog = rewrite(qc, net, loc, strategy)
    for s in prog.steps:
        if s.op is not None:
            assert s.op.name not in _NOISE_NAMES
    out, ideal = _ideal_run(prog, qc)
    assert ideal.purity() == pytest.approx(1.0)
    assert state_fidelity(out, ideal) == pytest.approx(1.0, abs=1e-9)


def test_one_remote_cx_uses_one_pair_and_two_feed_forwards(make_line):
    net = make_line([0.9])
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "B"], "remote-cx")
    kinds = [s.kind for s in prog.steps if s.kind in OPERATION_KINDS]
    assert kinds.count("pair") == 1
    assert kinds.count("feed_forward") == 2   # cat-entangler A->B, disentangler B->A
    pair = next(s for s in prog.steps if s.kind == "pair")
    assert pair.link == "A-B" and pair.first_is_a and pair.index == 0
    assert prog.counts["A-B"].pairs == 1 and prog.remote_gates == 1 and prog.teleports == 0
    # 2 data + 2 communication qubits
    assert prog.num_qubits == 4


def test_two_hops_swap_and_count_on_both_links(make_line):
    net = make_line([0.9, 0.8])
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "C"], "remote-cx")
    assert [s.link for s in prog.steps if s.kind == "pair"] == ["A-B", "B-C"]
    assert prog.counts["A-B"].swaps == 1 and prog.counts["B-C"].swaps == 1


def test_swap_is_a_relabelling_and_teleport_moves(make_line):
    net = make_line([0.9], data_qubits=2)
    qc = QuantumCircuit(2)
    qc.swap(0, 1)
    prog = rewrite(qc, net, ["A", "B"])
    assert [s.kind for s in prog.steps] == ["alloc", "alloc"]
    assert prog.final_location == ["B", "A"] and prog.final_qubits == [1, 0]
    qc = QuantumCircuit(2)
    for _ in range(3):
        qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "B"], Strategy("auto"))
    assert prog.teleports == 1 and prog.remote_gates == 0
    assert prog.final_location == ["B", "B"]


def test_to_circuit_draws_named_markers(make_line):
    net = make_line([0.9])
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.cx(0, 1)
    qc.measure([0, 1], [0, 1])
    prog = rewrite(qc, net, ["A", "B"], "remote-cx")
    hw = prog.to_circuit()
    names = [i.operation.name for i in hw.data]
    assert names.count("bell_pair") == 1 and names.count("measure") == 2
    marker = next(i.operation for i in hw.data if i.operation.name == "bell_pair")
    assert marker.label == "A-B"
    assert "A-B" in str(hw.draw(output="text"))


def test_control_flow_across_qpus_is_refused(make_line):
    from qnet_plugin.core.validation import ParameterError

    net = make_line([0.9])
    qc = QuantumCircuit(2, 1)
    qc.measure(0, 0)
    with qc.if_test((qc.clbits[0], 1)):
        qc.x(0)
        qc.x(1)
    with pytest.raises(ParameterError, match="different QPUs"):
        rewrite(qc, net, ["A", "B"])
