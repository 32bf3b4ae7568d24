"""The gate-local noise of a network as an Aer ``NoiseModel`` (issue 12, "Exports"): a program inside
one QPU under ``AerSimulator(noise_model=backend.noise_model())`` has the state and read-out
statistics the backend's own noise pass gives it."""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit_aer import AerSimulator

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, NetworkBackend
from qnet_plugin.network.distribute import distribute_circuit

BASIS = ["rz", "sx", "x", "cx"]


@pytest.fixture(scope="module")
def net():
    # T1 = T2 = inf: no idling, so all the local noise is gate-local
    kw = dict(gate_error_1q=3e-3, gate_error_2q=2e-2, measurement_error=0.04, t1=math.inf, t2=math.inf)
    qpus = (QPU(name="A", data_qubits=3, comm_qubits=1, **kw), QPU(name="B", data_qubits=2, comm_qubits=1, **kw))
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=0.95, rate_hz=1e6)),), name="nm")


def _program():
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.cx(0, 1)
    qc.rx(0.7, 2)
    qc.cx(1, 2)
    qc.t(0)
    return transpile(qc, basis_gates=BASIS, optimization_level=0)


def test_noise_model_state_equals_the_noise_pass_state(net):
    prog = _program()
    dc = distribute_circuit(prog, net, ["A", "A", "A"])
    body = dc.body.copy()
    body.save_density_matrix(qubits=dc.final_qubits)
    rho_pass = AerSimulator(method="density_matrix").run(body).result().data()["density_matrix"]

    be = NetworkBackend(net)
    nm = be.noise_model()
    # the same basis program on the backend's physical qubits 0..2 (QPU A's data qubits)
    qc = QuantumCircuit(be.num_qubits)
    qc.compose(prog, qubits=[0, 1, 2], inplace=True)
    qc.save_density_matrix(qubits=[0, 1, 2])
    rho_nm = AerSimulator(method="density_matrix", noise_model=nm).run(qc).result().data()["density_matrix"]
    assert np.allclose(np.asarray(rho_pass), np.asarray(rho_nm), atol=1e-9)
    # the noise is really there
    ideal = AerSimulator(method="density_matrix").run(qc).result().data()["density_matrix"]
    assert not np.allclose(np.asarray(ideal), np.asarray(rho_nm), atol=1e-3)


def test_noise_model_readout_statistics_match_the_backend(net):
    qc = QuantumCircuit(2, 2)
    qc.x(0)
    qc.measure([0, 1], [0, 1])
    qc = transpile(qc, basis_gates=BASIS, optimization_level=0)
    shots = 20000
    be = NetworkBackend(net, assignment=["A", "A"], method="density_matrix")
    got = be.run(qc, shots=shots, seed_simulator=11).result().get_counts()
    phys = QuantumCircuit(be.num_qubits, 2)
    phys.compose(qc, qubits=[0, 1], clbits=[0, 1], inplace=True)
    ref = AerSimulator(method="density_matrix", noise_model=be.noise_model()).run(
        phys, shots=shots, seed_simulator=12).result().get_counts()
    # exact: P(01) = (1 - p_x)(1 - m)^2 + ..., checked against each other statistically
    for key in {"00", "01", "10", "11"}:
        p, q = got.get(key, 0) / shots, ref.get(key, 0) / shots
        sigma = math.sqrt(max(p * (1 - p), 1e-4) / shots)
        assert abs(p - q) < 5 * math.sqrt(2) * sigma, key
    assert 0.9 < got.get("01", 0) / shots < 0.95  # read-out error 0.04 on each bit


def test_noise_model_covers_every_physical_qubit_and_leaves_links_out(net):
    be = NetworkBackend(net)
    nm = be.noise_model()
    assert sorted(nm.noise_qubits) == list(range(be.num_qubits))
    assert "bell_pair" not in nm.noise_instructions
    # cx errors only inside a QPU: qubits 0-3 are QPU A's, 4-6 QPU B's
    two_qubit = [qs for qs in nm._local_quantum_errors.get("cx", {})]
    assert (0, 1) in two_qubit and (4, 5) in two_qubit
    assert not any((a < 4) != (b < 4) for a, b in two_qubit)
