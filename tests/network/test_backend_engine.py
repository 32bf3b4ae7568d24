"""``run_distributed`` and ``qnet run`` are thin wrappers over ``NetworkBackend.run`` (issue 12): the
backend's run of a logical circuit is the whole pipeline, its ``Result`` carries every figure of
a :class:`DistributedResult`, and the wrapper returns exactly that."""

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import example_path, ghz_circuit
from qnet_plugin.network import NetworkBackend, load_network
from qnet_plugin.network.results import DistributedResult
from qnet_plugin.network.run import run_distributed


@pytest.fixture(scope="module")
def net():
    return load_network(example_path("two_fridges.toml"))


def test_run_distributed_is_the_backend_result_read_back(net):
    qc = ghz_circuit(4)
    wrapped = run_distributed(qc, net, shots=500, seed=3, method="density_matrix")
    result = NetworkBackend(net, method="density_matrix").run(qc, shots=500, seed_simulator=3, fidelity=True).result()
    direct = DistributedResult.from_result(result)
    a, b = wrapped.to_dict(), direct.to_dict()
    for key in ("sim_time_s", "time_per_schedule_s"):
        a.pop(key), b.pop(key)
    assert a == b
    assert result.get_counts() == wrapped.counts and sum(wrapped.counts.values()) == 500
    meta = result.results[0].metadata["qnet"]
    assert meta["pairs_consumed"] == wrapped.pairs_consumed > 0
    assert 0.3 < meta["fidelity"] < 1.0 and meta["links"][0]["pairs"] >= 1


def test_sampled_schedules_merge_into_one_experiment(net):
    be = NetworkBackend(net, timing="sampled", timing_seed=4, method="density_matrix")
    result = be.run(ghz_circuit(3), shots=300, seed_simulator=2, schedules=5, memory=True, fidelity=True).result()
    counts = result.get_counts()
    assert sum(counts.values()) == 300
    assert len(result.get_memory()) == 300
    meta = result.results[0].metadata["qnet"]
    assert meta["schedules"] == 5 and len(meta["fidelity_per_schedule"]) == 5
    assert meta["fidelity_stderr"] > 0


def test_no_fidelity_unless_asked_and_unknown_options_are_named(net):
    be = NetworkBackend(net)
    meta = be.run(ghz_circuit(3), shots=50, seed_simulator=1).result().results[0].metadata["qnet"]
    assert meta["fidelity"] is None
    with pytest.raises(ParameterError, match=r"run options \['shotz'\] are not known"):
        be.run(ghz_circuit(3), shotz=10)


def test_program_without_measurements_has_no_counts(net):
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    res = run_distributed(qc, net, ["A", "B"], shots=20, seed=1)
    assert res.counts == {} and res.fidelity is not None


def test_the_target_is_built_only_when_asked(net):
    be = NetworkBackend(net)
    be.run(ghz_circuit(3), shots=10, seed_simulator=1)
    assert be._target is None  # running a logical circuit needs no Target
    assert be.target.num_qubits == sum(q.data_qubits + q.comm_qubits for q in net.qpus)
