"""The distribution pass: equivalence with the undistributed circuit, GHZ and swapping fidelities
against independent formulas, pair accounting, the strategy choice and the PassManager form."""

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.random import random_circuit
from qiskit.quantum_info import DensityMatrix, Statevector, state_fidelity
from qiskit.transpiler import PassManager
from qiskit_aer import AerSimulator

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import ghz_circuit
from qnet_plugin.network.distribute import DistributePass, distribute_circuit, is_clifford, remote_cost
from qnet_plugin.network.run import run_distributed
from qnet_plugin.network.simulate import lower_for_aer
from qnet_plugin.network.swapping import werner_swap_fidelity


def output_state(dc) -> DensityMatrix:
    """Reduced state of the output register (logical order) from an exact Aer run of the body."""
    body = lower_for_aer(dc.body, "density_matrix")
    body.save_density_matrix(qubits=dc.final_qubits, label="rho")
    data = AerSimulator(method="density_matrix").run(body, shots=1).result().data()["rho"]
    return DensityMatrix(np.asarray(data))


def strip_measurements(qc):
    out = QuantumCircuit(qc.num_qubits)
    for inst in qc.data:
        if inst.operation.name not in ("measure", "barrier"):
            out.append(inst.operation, [qc.find_bit(q).index for q in inst.qubits])
    return out


@pytest.mark.parametrize("seed", range(6))
def test_perfect_links_reproduce_random_circuits(seed, make_line):
    # Perfect links, ideal QPUs, zero waiting: the distributed output equals the ideal state.
    rng = np.random.default_rng(seed)
    net = make_line([1.0, 1.0], data_qubits=2)
    qc = random_circuit(5, 5, max_operands=3, seed=seed)
    assignment = list(rng.permutation(["A", "A", "B", "B", "C"]))
    strategy = ["auto", "remote-cx", "teleport"][seed % 3]
    dc = distribute_circuit(qc, net, assignment, strategy=strategy)
    ideal = Statevector(strip_measurements(qc))
    assert state_fidelity(output_state(dc), ideal) == pytest.approx(1.0, abs=1e-9)
    # one pair per window or teleport (per hop); a window serves one or more remote gates
    assert dc.pairs_consumed >= dc.windows + dc.teleports and dc.windows <= dc.remote_gates


def test_perfect_links_give_the_same_counts_distribution(make_line):
    net = make_line([1.0], data_qubits=2)
    qc = QuantumCircuit(3, 3)
    qc.h(0); qc.cx(0, 2); qc.ry(0.3, 1); qc.cz(1, 2); qc.cp(0.7, 2, 0)
    qc.measure(range(3), range(3))
    res = run_distributed(qc, net, ["A", "A", "B"], shots=4000, seed=3, method="density_matrix")
    assert res.fidelity == pytest.approx(1.0, abs=1e-9)
    ideal = Statevector(strip_measurements(qc)).probabilities_dict()
    for key, p in ideal.items():
        assert res.counts.get(key, 0) / 4000 == pytest.approx(p, abs=0.03)


ghz = ghz_circuit


@pytest.mark.parametrize("fids", [[0.9], [0.95, 0.85], [0.97, 0.9, 0.93]])
def test_ghz_fidelity_matches_the_pauli_error_count(fids, make_line):
    # Independent calculation: a Werner pair in a remote CNOT is an ideal CNOT followed by
    # Z_control (pair error Z), X_target (X) or both (Y), each with probability (1-F)/3. On the
    # CNOT-chain GHZ any X part leaves the GHZ subspace and an even number of Z errors cancels:
    # F_GHZ = [prod(F_i + q_i) + prod(F_i - q_i)] / 2 with q_i = (1 - F_i)/3.
    net = make_line(fids, data_qubits=2)
    n = 2 * (len(fids) + 1)
    assignment = [chr(ord("A") + i // 2) for i in range(n)]
    res = run_distributed(ghz(n), net, assignment, shots=10, method="density_matrix")
    q = [(1 - f) / 3 for f in fids]
    expected = (np.prod([f + qi for f, qi in zip(fids, q)]) + np.prod([f - qi for f, qi in zip(fids, q)])) / 2
    assert res.fidelity == pytest.approx(expected, abs=1e-9)
    assert res.pairs_consumed == len(fids)
    assert [l["pairs"] for l in res.links] == [1] * len(fids)


@pytest.mark.parametrize("fids", [[0.9, 0.95], [0.92, 0.97, 0.88]])
def test_multihop_swapping_gives_the_werner_product(fids, make_line):
    # A Bell pair between the two ends of a line with no direct link: the remote CNOT uses a pair
    # made by swapping; its fidelity is the Werner swap rule, and the Bell output inherits it.
    net = make_line(fids, data_qubits=1)
    n_qpu = len(fids) + 1
    qc = QuantumCircuit(n_qpu)
    qc.h(0)
    qc.cx(0, n_qpu - 1)
    assignment = [chr(ord("A") + i) for i in range(n_qpu)]
    res = run_distributed(qc, net, assignment, method="density_matrix", shots=1)
    assert res.fidelity == pytest.approx(werner_swap_fidelity(*fids), abs=1e-9)
    assert res.pairs_consumed == len(fids)
    assert sum(l["swaps"] for l in res.links) == 2 * (len(fids) - 1)
    # closed form check of the rule itself for two pairs
    f1, f2 = 0.9, 0.8
    assert werner_swap_fidelity(f1, f2) == pytest.approx(f1 * f2 + (1 - f1) * (1 - f2) / 3)


def test_teleporting_a_busy_qubit_costs_fewer_pairs(make_line):
    net = make_line([1.0], data_qubits=4)
    qc = QuantumCircuit(5)
    qc.h(0)
    for t in (2, 3, 4):
        qc.cx(0, t)
    dc = distribute_circuit(qc, net, ["A", "A", "B", "B", "B"])
    assert dc.teleports == 1 and dc.remote_gates == 0 and dc.pairs_consumed == 1
    assert dc.final_location[0] == "B"
    forced = distribute_circuit(qc, net, ["A", "A", "B", "B", "B"], strategy="remote-cx")
    assert forced.pairs_consumed == 3
    ideal = Statevector(qc)
    for d in (dc, forced):
        assert state_fidelity(output_state(d), ideal) == pytest.approx(1.0, abs=1e-9)


def test_swap_is_a_free_relabelling_and_gate_costs(make_line):
    net = make_line([1.0], data_qubits=2)
    qc = QuantumCircuit(2)
    qc.x(0)
    qc.swap(0, 1)
    dc = distribute_circuit(qc, net, ["A", "B"])
    assert dc.pairs_consumed == 0 and dc.final_location == ["B", "A"]
    assert state_fidelity(output_state(dc), Statevector(qc)) == pytest.approx(1.0)
    from qiskit.circuit.library import CPhaseGate, CXGate, RZZGate, SwapGate
    assert [remote_cost(g) for g in (CXGate(), CPhaseGate(0.3), RZZGate(0.2), SwapGate())] == [1, 2, 2, 0]


def test_pass_manager_form_runs_on_aer(make_line):
    net = make_line([0.9], data_qubits=2)
    pm = PassManager([DistributePass(net, ["A", "A", "B", "B"])])
    out = pm.run(ghz(4))
    assert out.num_qubits == 6  # 4 data + 2 communication qubits
    counts = AerSimulator(method="density_matrix").run(out, shots=200, seed_simulator=1).result().get_counts()
    assert sum(counts.values()) == 200 and set(counts) <= {"0000", "1111", "0011", "1100"}
    assert pm.property_set["distribution"].pairs_consumed == 1


def test_bad_input_is_a_parameter_error(make_line):
    net = make_line([0.9], data_qubits=2)
    with pytest.raises(ParameterError, match="data_qubits = 2"):
        distribute_circuit(ghz(4), net, ["A", "A", "A", "B"])
    with pytest.raises(ParameterError, match="assignment has 3 entries"):
        distribute_circuit(ghz(4), net, ["A", "A", "B"])
    with pytest.raises(ParameterError, match="strategy"):
        distribute_circuit(ghz(4), net, ["A", "A", "B", "B"], strategy="magic")
    with pytest.raises(ParameterError, match="qpu = 'Z'"):
        distribute_circuit(ghz(4), net, ["A", "A", "B", "Z"])
    assert is_clifford(ghz(4)) and not is_clifford(random_circuit(3, 3, seed=1))
