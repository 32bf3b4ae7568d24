"""Method choice and the agreement of the three Aer methods on the same distributed program."""

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import example_path, ghz_circuit
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, load_network
from qnet_plugin.network.run import run_distributed
from qnet_plugin.network.simulate import DM_MAX_QUBITS, choose_method


def test_choose_method():
    assert choose_method(DM_MAX_QUBITS, False) == "density_matrix"
    assert choose_method(DM_MAX_QUBITS + 1, True) == "stabilizer"
    assert choose_method(DM_MAX_QUBITS + 1, False) == "statevector"
    assert choose_method(5, False, "statevector") == "statevector"
    with pytest.raises(ParameterError, match="non-Clifford"):
        choose_method(5, False, "stabilizer")
    with pytest.raises(ParameterError, match="simulated qubits = 40"):
        choose_method(40, False)
    with pytest.raises(ParameterError, match="method"):
        choose_method(5, True, "tensor-network")


def noisy_net():
    kw = dict(gate_error_1q=1e-3, gate_error_2q=5e-3, measurement_error=0.0, t1=50e-6, t2=40e-6,
              gate_time_1q=50e-9, gate_time_2q=300e-9, measurement_time=1e-6)
    qpus = tuple(QPU(name=n, data_qubits=3, **kw) for n in "AB")
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=0.93, rate_hz=2e5)),))


ghz = ghz_circuit


def test_three_methods_agree_on_a_noisy_ghz():
    # Exact density matrix vs statevector trajectories (exact channels, sampled) vs stabilizer
    # (Pauli-twirled idling, sampled): all within sampling error (+ the twirl's small bias).
    net = noisy_net()
    a = ["A", "A", "A", "B", "B", "B"]
    dm = run_distributed(ghz(6), net, a, method="density_matrix", shots=100)
    sv = run_distributed(ghz(6), net, a, method="statevector", shots=800, seed=5)
    st = run_distributed(ghz(6), net, a, method="stabilizer", shots=4000, seed=5)
    assert dm.fidelity_stderr == 0.0 and 0.4 < dm.fidelity < 0.9
    assert sv.fidelity == pytest.approx(dm.fidelity, abs=4 * sv.fidelity_stderr + 1e-3)
    assert st.fidelity == pytest.approx(dm.fidelity, abs=4 * st.fidelity_stderr + 5e-3)
    assert st.noise_form == "pauli-twirled" and dm.noise_form == "exact"
    assert dm.wall_clock_s == sv.wall_clock_s == st.wall_clock_s


def test_auto_picks_stabilizer_for_a_large_clifford_program():
    net = Network(tuple(QPU(name=n, data_qubits=10) for n in "ABC"),
                  (Link("A", "B", WernerLink()), Link("B", "C", WernerLink())))
    res = run_distributed(ghz(30), net, shots=200, seed=1)
    assert res.method == "stabilizer" and res.pairs_consumed == 2
    assert 0.0 < res.fidelity < 1.0
    assert set(res.counts) >= {"0" * 30, "1" * 30}


def test_non_unitary_program_has_no_fidelity_but_counts():
    net = noisy_net()
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.measure(0, 0)
    qc.cx(0, 1)
    qc.measure(1, 1)
    res = run_distributed(qc, net, ["A", "B"], shots=300, seed=2)
    assert res.fidelity is None and sum(res.counts.values()) == 300


def test_shipped_examples_run():
    net = load_network(example_path("two_fridges.toml"))
    qc = QuantumCircuit.from_qasm_file(str(example_path("qft_4.qasm")))
    res = run_distributed(qc, net, shots=200, seed=1)
    assert res.method == "density_matrix" and 0.05 < res.fidelity < 1.0  # 8 waits of 10 us at T1 = 100 us
    assert res.pairs_consumed >= 1 and res.wall_clock_s > 0


def test_auto_prefers_trajectories_for_dynamic_circuits_unless_the_matrix_is_small():
    from qnet_plugin.network.simulate import estimate_costs, is_dynamic

    # a dynamic circuit costs the density matrix one pass per shot
    dm_static, sv = estimate_costs(9, 500, 50, 1000)
    dm_dynamic, sv2 = estimate_costs(9, 500, 50, 1000, dynamic=True)
    assert dm_dynamic == pytest.approx(1000 * dm_static) and sv2 == sv
    assert choose_method(9, False, num_ops=500, num_channels=50, shots=1000) == "density_matrix"
    assert choose_method(9, False, num_ops=500, num_channels=50, shots=1000, dynamic=True) == "statevector"
    assert choose_method(3, False, num_ops=50, num_channels=5, shots=1000, dynamic=True) == "density_matrix"
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.measure(0, 0)
    assert not is_dynamic(qc)
    qc.x(0)
    assert is_dynamic(qc)
    qc2 = QuantumCircuit(2, 1)
    with qc2.if_test((qc2.clbits[0], 1)):
        qc2.x(1)
    assert is_dynamic(qc2)
