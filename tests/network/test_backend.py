"""NetworkBackend: Target contents, transpile at levels 0-3 (ideal network = undistributed ideal
result, exactly), backend.run against the pipeline, Sampler/Estimator V2, parameters, plugin errors."""

import numpy as np
import pytest
import qiskit_aer  # noqa: F401  (save_probabilities on QuantumCircuit)
from qiskit import QuantumCircuit, transpile
from qiskit.circuit import Parameter
from qiskit.circuit.library import QFTGate, qaoa_ansatz
from qiskit.circuit.random import random_circuit
from qiskit.primitives import BackendEstimatorV2, BackendSamplerV2
from qiskit.quantum_info import SparsePauliOp, Statevector

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, NetworkBackend
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.simulate import lower_for_aer


@pytest.fixture(scope="module")
def ideal_backend():
    qpus = tuple(QPU.ideal(n, 3) for n in "ABC")
    links = (Link("A", "B", WernerLink(fidelity=1.0, rate_hz=1e15)),
             Link("B", "C", WernerLink(fidelity=1.0, rate_hz=1e15)))
    return NetworkBackend(Network(qpus, links, name="ideal"))


def _noisy_network():
    qpus = tuple(QPU(name=n, data_qubits=2, comm_qubits=2, measurement_error=0.02) for n in "AB")
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=0.9, rate_hz=1e5), distance=100.0),), name="noisy")


def _probabilities(backend, isa):
    """Exact output probabilities of a transpiled program (logical qubit order)."""
    qc = isa.copy()
    qc.save_probabilities(qubits=isa.layout.final_index_layout())
    return np.asarray(backend.run(qc, shots=1, method="density_matrix").result().data(0)["probabilities"])


def test_target_describes_qpus_and_links():
    net = _noisy_network()
    be = NetworkBackend(net)
    t = be.target
    assert t.num_qubits == 8  # 2 x (2 data + 2 comm)
    assert t.qubit_properties[0].t1 == pytest.approx(net.qpus[0].t1)
    assert t["sx"][(0,)].duration == pytest.approx(net.qpus[0].gate_time_1q)
    assert t["measure"][(5,)].error == pytest.approx(0.02)
    assert t["cx"][(0, 1)].error == pytest.approx(net.qpus[0].gate_error_2q)
    # remote CX estimate: error 1 - F of the pair; bell_pair on the link edge between comm qubits
    assert t["cx"][(0, 4)].error == pytest.approx(0.1)
    assert t["bell_pair"][(2, 6)].duration == pytest.approx(1e-5)
    assert t["bell_pair"][(6, 2)].error == pytest.approx(0.1)
    assert "if_else" in t.operation_names
    assert be.coupling_map.size() == 8


def _programs():
    ghz = QuantumCircuit(5)
    ghz.h(0)
    for q in range(4):
        ghz.cx(q, q + 1)
    qft = QuantumCircuit(5)
    qft.x([0, 3])
    qft.append(QFTGate(5), range(5))
    qaoa = qaoa_ansatz(SparsePauliOp(["ZZIII", "IZZII", "IIZZI", "IIIZZ", "ZIIIZ"]), reps=1)
    qaoa = qaoa.assign_parameters(np.linspace(0.3, 0.9, qaoa.num_parameters))
    rnd = random_circuit(5, 4, max_operands=2, seed=11)
    return {"ghz": ghz, "qft": qft, "qaoa": qaoa, "random": rnd}


@pytest.mark.parametrize("level", [0, 1, 2, 3])
@pytest.mark.parametrize("name", ["ghz", "qft", "qaoa", "random"])
def test_transpile_on_ideal_network_is_the_ideal_circuit(ideal_backend, level, name):
    qc = _programs()[name]
    isa = transpile(qc, ideal_backend, optimization_level=level, seed_transpiler=3)
    assert "qnet" in isa.metadata
    if name != "random" or isa.metadata["qnet"]["pairs_consumed"]:
        assert set(isa.metadata["qnet"]["assignment"]) <= {"A", "B", "C"}
    probs = _probabilities(ideal_backend, isa)
    assert np.allclose(probs, Statevector(qc).probabilities(), atol=1e-9)


def test_ghz_over_three_qpus_consumes_pairs(ideal_backend):
    isa = transpile(_programs()["ghz"], ideal_backend, optimization_level=2)
    assert isa.metadata["qnet"]["pairs_consumed"] >= 1
    assert len(set(isa.metadata["qnet"]["assignment"])) == 2   # 5 qubits: two QPUs of 3


def test_backend_equals_the_pipeline_on_a_noisy_network():
    net = _noisy_network()
    be = NetworkBackend(net)
    qc = QuantumCircuit(3)   # in the target's basis: level 0 leaves it as it is
    qc.sx(0)
    qc.cx(0, 1)
    qc.cx(1, 2)
    qc.rz(0.4, 2)
    qc.sx(2)
    isa = transpile(qc, be, optimization_level=0)
    dc = distribute_circuit(qc, net, isa.metadata["qnet"]["assignment"])
    ref = dc.circuit()
    ref.save_probabilities(qubits=dc.final_qubits)
    from qiskit_aer import AerSimulator

    expected = AerSimulator(method="density_matrix").run(lower_for_aer(ref, "density_matrix")).result()
    assert np.allclose(_probabilities(be, isa), expected.data(0)["probabilities"], atol=1e-9)


def test_run_returns_counts_memory_and_link_breakdown():
    be = NetworkBackend(_noisy_network())
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.cx(0, 1)
    qc.measure([0, 1], [0, 1])
    isa = transpile(qc, be, initial_layout=[0, 4])  # data qubits of A and B: the user's placement
    assert isa.metadata["qnet"]["assignment"] == ["A", "B"]
    res = be.run(isa, shots=300, seed_simulator=5, memory=True).result()
    assert sum(res.get_counts().values()) == 300 and len(res.get_memory()) == 300
    links = res.results[0].metadata["qnet"]["links"]
    assert links[0]["link"] == "A-B" and links[0]["pairs"] == 1
    assert res.metadata["qnet"][0]["wall_clock_s"] > 1e-5
    # the same seed gives the same counts; an untranspiled circuit is distributed by run itself
    again = be.run(isa, shots=300, seed_simulator=5).result().get_counts()
    assert again == res.get_counts()
    assert sum(be.run(qc, shots=10).result().get_counts().values()) == 10


def test_sampler_v2(ideal_backend):
    qc = QuantumCircuit(4, 4)
    qc.h(0)
    for q in range(3):
        qc.cx(q, q + 1)
    qc.measure(range(4), range(4))
    isa = transpile(qc, ideal_backend, optimization_level=1)
    res = BackendSamplerV2(backend=ideal_backend).run([isa], shots=400).result()
    counts = res[0].data.c.get_counts()
    assert set(counts) == {"0000", "1111"} and sum(counts.values()) == 400


def test_estimator_v2_on_ideal_network_is_exact(ideal_backend):
    qc = QuantumCircuit(4)
    qc.h(0)
    qc.cx(0, 1)
    qc.ry(0.7, 2)
    qc.cx(2, 3)
    qc.cx(1, 2)
    obs = [SparsePauliOp(p) for p in ("ZZII", "IIXZ", "XXXX", "ZIZI")]
    exact = [Statevector(qc).expectation_value(o).real for o in obs]
    isa = transpile(qc, ideal_backend, optimization_level=2, seed_transpiler=1)
    est = BackendEstimatorV2(backend=ideal_backend, options={"seed_simulator": 7})
    res = est.run([(isa, [o.apply_layout(isa.layout) for o in obs])], precision=0.01).result()
    values = res[0].data.evs
    assert np.allclose(values, exact, atol=0.05)
    assert np.max(np.abs(values - exact)) < 5 * 0.01 * 1.5


def test_parameters_distribute_once_bind_many(ideal_backend):
    theta = Parameter("theta")
    qc = QuantumCircuit(4)
    qc.h(0)
    qc.cx(0, 3)
    qc.rz(theta, 3)
    qc.cx(0, 3)
    qc.h(0)
    isa = transpile(qc, ideal_backend, optimization_level=1)
    assert theta in isa.parameters
    with pytest.raises(ParameterError, match="theta"):
        ideal_backend.run(isa)
    for value in (0.0, 0.8, 2.0):
        probs = _probabilities(ideal_backend, isa.assign_parameters({theta: value}))
        assert np.allclose(probs, Statevector(qc.assign_parameters({theta: value})).probabilities(), atol=1e-9)
    obs = SparsePauliOp("IIIZ").apply_layout(isa.layout)
    est = BackendEstimatorV2(backend=ideal_backend, options={"seed_simulator": 3})
    evs = est.run([(isa, obs, [[0.0], [np.pi]])], precision=0.02).result()[0].data.evs
    assert np.allclose(evs, [1.0, -1.0], atol=0.1)


def test_stage_plugins_never_silently_do_nothing(ideal_backend):
    from qiskit_aer import AerSimulator

    from qnet_plugin.network import use_network

    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    # layout "qnet" with the default routing distributes (in the layout stage), at every level
    with use_network(ideal_backend.network, ["A", "B"]) as opts:
        for level in range(4):
            out = transpile(qc, coupling_map=opts["coupling_map"], layout_method="qnet",
                            optimization_level=level)
            assert out.metadata["qnet"]["pairs_consumed"] == 1
    with pytest.raises(Exception, match="NetworkBackend"):
        transpile(qc, AerSimulator(), scheduling_method="qnet")
    with pytest.raises(ParameterError, match="network"):
        NetworkBackend("not a network")
