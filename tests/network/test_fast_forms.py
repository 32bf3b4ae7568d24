"""The fast noise forms Aer samples cheaply give the same states as the exact Kraus forms (issue 13).

Channel level: every fast form has the superoperator of the Kraus map it replaces. Circuit level:
random programs distributed over two QPUs joined by every registered link model give the same
output density matrix (to 1e-9) with the exact forms and with ``fast_noise_forms``, both run on
Aer's density-matrix method.
"""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.random import random_circuit
from qiskit.quantum_info import random_density_matrix
from qiskit_aer import AerSimulator
from qiskit_aer.noise import thermal_relaxation_error

from qnet_plugin.channels import aer_noise as an
from qnet_plugin.channels import state_preparation
from qnet_plugin.channels.standard import phase_damping, storage_decay
from qnet_plugin.core.link_registry import available_links, get_link_class
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.simulate import (
    FAST_FORMS_MIN_QUBITS,
    choose_method,
    estimate_costs,
    fast_noise_forms,
    lower_for_aer,
)

ATOL = 1e-9


def superop_of(channel) -> np.ndarray:
    if hasattr(channel, "to_quantumchannel"):  # a qiskit_aer QuantumError
        return an._error_superoperator(channel)
    return an.kraus_superoperator(channel.data)


# ------------------------------------------------------------------------------- channel level
@pytest.mark.parametrize("seed", range(6))
def test_pair_preparation_equals_the_kraus_state_preparation(seed):
    sigma = random_density_matrix(4, rank=1 + seed % 4, seed=seed).data
    exact = state_preparation(sigma)
    assert np.allclose(an.replacement_state(exact.data), sigma, atol=1e-12)
    fast = an.pair_preparation_error(sigma)
    assert fast is not None and len(fast.circuits) == 1 + seed % 4  # one circuit per eigenvector
    assert np.allclose(superop_of(fast), superop_of(exact), atol=ATOL)


@pytest.mark.parametrize("fidelity", [1.0, 0.97, 0.7, 0.25])
def test_bell_diagonal_pair_is_a_perfect_pair_and_a_pauli(fidelity):
    sigma = np.asarray(WernerLink(fidelity=fidelity).report().state)
    fast = an.pair_preparation_error(sigma)
    names = {inst.operation.name for qc in fast.circuits for inst in qc.data}
    assert names <= {"reset", "h", "cx", "x", "y", "z"}  # no generic unitary: Clifford + reset
    weights = sorted(fast.probabilities, reverse=True)
    assert weights[0] == pytest.approx(max(fidelity, (1 - fidelity) / 3), abs=1e-12)
    assert np.allclose(superop_of(fast), superop_of(state_preparation(sigma)), atol=ATOL)


def test_non_replacement_channels_are_not_mistaken_for_pairs():
    assert an.replacement_state(storage_decay(1e-6, 1e-5).data) is None
    assert an.relaxation_parameters(state_preparation(np.diag([0.5, 0.5])).data) is None
    assert an.relaxation_parameters([np.eye(2)]) == (0.0, 1.0)  # the identity: nothing to write


@pytest.mark.parametrize("t,t1,t2", [(3e-6, 50e-6, 40e-6), (3e-6, 50e-6, 90e-6), (1e-6, 20e-6, 40e-6),
                                     (5e-7, math.inf, 2e-5), (2e-5, 1e-5, 3e-6)])
def test_idle_error_equals_storage_decay_and_aer_thermal_relaxation(t, t1, t2):
    exact = idle = an.idle_channel(t, t1, t2)
    fast = an.idle_error(t, t1, t2)
    assert np.allclose(superop_of(fast), superop_of(exact), atol=1e-12)
    if math.isfinite(t1):
        assert np.allclose(superop_of(fast), superop_of(thermal_relaxation_error(t1, min(t2, 2 * t1), t)),
                           atol=1e-12)
    # recognised from the Kraus form, with the same (p, c)
    p, c = an.relaxation_parameters(idle.data)
    assert p == pytest.approx(0.0 if math.isinf(t1) else -math.expm1(-t / t1), abs=1e-14)
    assert c == pytest.approx(math.exp(-t / min(t2, 2 * t1)), abs=1e-14)
    assert an.idle_error(t, t1, t2) is fast  # cached by duration


def test_consecutive_idles_merge_into_one_relaxation():
    t1, t2 = 30e-6, 20e-6
    a, b = an.idle_channel(2e-6, t1, t2), an.idle_channel(5e-6, t1, t2)
    merged = an.merge_relaxations(an.relaxation_parameters(a.data), an.relaxation_parameters(b.data))
    both = an.kraus_superoperator(b.data) @ an.kraus_superoperator(a.data)
    assert np.allclose(superop_of(an.relaxation_error(*merged)), both, atol=1e-12)
    assert np.allclose(superop_of(an.idle_error(7e-6, t1, t2)), both, atol=1e-12)
    assert an.relaxation_error(0.0, 1.0) is None
    assert np.allclose(superop_of(an.relaxation_error(*an.relaxation_parameters(phase_damping(0.3).data))),
                       superop_of(phase_damping(0.3)), atol=1e-12)


# ------------------------------------------------------------------------------- circuit level
def noisy_pair_network(model) -> Network:
    kw = dict(data_qubits=2, comm_qubits=2, gate_error_1q=1e-3, gate_error_2q=1e-2, t1=40e-6, t2=30e-6,
              comm_t1=60e-6, comm_t2=80e-6)
    return Network((QPU("A", **kw), QPU("B", **kw)), (Link("A", "B", model),), name="pair")


def output_state(qc: QuantumCircuit) -> np.ndarray:
    qc = lower_for_aer(qc, "density_matrix", fast=False)  # user gates by their definitions
    qc.save_density_matrix()
    result = AerSimulator(method="density_matrix", seed_simulator=7).run(qc, shots=1).result()
    return np.asarray(result.data()["density_matrix"])


def random_program(seed: int) -> QuantumCircuit:
    qc = random_circuit(4, 4, max_operands=2, seed=seed)
    qc.cx(0, 2)  # at least one remote gate
    return qc


LINKS = sorted(available_links())


@pytest.mark.parametrize("name", LINKS)
def test_every_link_model_gives_the_same_output_state(name):
    model = get_link_class(name).state_of_the_art()
    net = noisy_pair_network(model)
    for seed in (11, 12):
        dc = distribute_circuit(random_program(seed), net, ["A", "A", "B", "B"])
        exact = dc.body
        fast = fast_noise_forms(exact)
        ops = exact.count_ops()
        assert ops.get("kraus", 0) > 0
        # every pair preparation and idle has a fast form here: none is left as a Kraus map
        # (transfer channels of TransferSource links are not replacement channels and stay)
        left = fast.count_ops().get("kraus", 0)
        assert left <= ops.get("kraus", 0) - 1
        assert np.allclose(output_state(fast), output_state(exact), atol=ATOL), (name, seed)


@pytest.mark.parametrize("seed", range(4))
def test_random_programs_over_three_qpus_give_the_same_state(seed):
    kw = dict(data_qubits=1, comm_qubits=2, gate_error_1q=2e-3, gate_error_2q=2e-2, t1=20e-6, t2=15e-6)
    qpus = tuple(QPU(n, **kw) for n in "ABC")
    links = (Link("A", "B", WernerLink(fidelity=0.93, rate_hz=2e5)),
             Link("B", "C", get_link_class("electro-optic").state_of_the_art()))
    net = Network(qpus, links, name="line3")
    prog = random_circuit(3, 5, max_operands=2, seed=100 + seed)
    dc = distribute_circuit(prog, net, ["A", "B", "C"])
    assert np.allclose(output_state(fast_noise_forms(dc.body)), output_state(dc.body), atol=ATOL)


def test_idles_are_merged_and_fresh_pairs_skip_the_reset():
    qc = QuantumCircuit(3)
    idle = an.idle_channel(1e-6, 30e-6, 20e-6)
    qc.h(0)
    qc.append(idle, [0])
    qc.append(idle, [0])
    qc.x(1)  # another qubit in between: the two idles of qubit 0 still merge
    qc.append(idle, [0])
    qc.append(state_preparation(np.asarray(WernerLink(fidelity=0.9).report().state)), [1, 2])
    qc.append(idle, [1])
    fast = fast_noise_forms(qc)
    channels = [i for i in fast.data if i.operation.name == "quantum_channel"]
    assert len(channels) == 3  # merged idle of 0, the pair, the idle of 1
    assert np.allclose(output_state(fast), output_state(qc), atol=ATOL)
    fresh = QuantumCircuit(2)
    fresh.append(state_preparation(np.asarray(WernerLink(fidelity=0.8).report().state)), [0, 1])
    err = fast_noise_forms(fresh).data[0].operation._quantum_error
    assert all(inst.operation.name != "reset" for c in err.circuits for inst in c.data)
    assert np.allclose(output_state(fast_noise_forms(fresh)), output_state(fresh), atol=ATOL)


def test_lowering_uses_fast_forms_only_for_trajectories():
    net = noisy_pair_network(WernerLink(fidelity=0.95))
    dc = distribute_circuit(random_program(3), net, ["A", "A", "B", "B"])
    assert lower_for_aer(dc.body, "density_matrix").count_ops().get("kraus", 0) == dc.body.count_ops()["kraus"]
    assert dc.body.num_qubits < FAST_FORMS_MIN_QUBITS  # small circuits keep the Kraus forms
    assert lower_for_aer(dc.body, "statevector").count_ops()["kraus"] == dc.body.count_ops()["kraus"]
    wide = QuantumCircuit(FAST_FORMS_MIN_QUBITS)
    wide.compose(dc.body, range(dc.body.num_qubits), inplace=True)
    fast = lower_for_aer(wide, "statevector")
    # pairs all sampled; Kraus maps left only for idles of T1 < T2 <= 2 T1 (comm qubits here),
    # which have no reset/Z mixture form
    left = [i for i in fast.data if i.operation.name == "kraus"]
    assert left and all(i.operation.num_qubits == 1 for i in left)
    assert len(left) < dc.body.count_ops()["kraus"]


def test_auto_method_follows_the_cost_estimate():
    # few qubits: one exact density-matrix pass is cheaper than many trajectories
    dm, sv = estimate_costs(num_qubits=6, num_ops=200, num_channels=80, shots=1000)
    assert dm < sv and choose_method(6, False, "auto", num_ops=200, num_channels=80, shots=1000) == "density_matrix"
    # many qubits and few shots: trajectories
    dm, sv = estimate_costs(num_qubits=12, num_ops=1500, num_channels=900, shots=10)
    assert sv < dm and choose_method(12, False, "auto", num_ops=1500, num_channels=900, shots=10) == "statevector"
    # the density-matrix cost grows 4x per qubit, the trajectory cost 2x once the state is large
    d1, s1 = estimate_costs(20, 500, 100, 100)
    d2, s2 = estimate_costs(21, 500, 100, 100)
    assert d2 / d1 == pytest.approx(4.0) and s2 / s1 == pytest.approx(2.0, rel=0.05)
    # the density matrix is not chosen beyond what fits in memory, however few the operations
    assert choose_method(14, False, "auto", num_ops=1, num_channels=0, shots=10**6) == "statevector"
