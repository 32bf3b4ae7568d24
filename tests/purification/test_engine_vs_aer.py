"""Two engines, one answer: the fast engine against Aer's density-matrix simulation of the same
circuits (every protocol, random general inputs, noisy gates, readout errors and storage).
Tolerance 1e-9 on every matrix element and on the success probability."""

import numpy as np
import pytest

from qnet_plugin.purification import LocalNoise, aer_purify, get_protocol, purify, round_map
from qnet_plugin.purification.circuits import aer_round, is_success, round_instruction, success_condition
from qnet_plugin.purification.engine import apply_storage
from qnet_plugin.states import werner_state

TOL = 1e-9
PROTOCOLS = ["minimal", "bbpssw", "dejmps", "pumping", "double-selection"]
NOISY = LocalNoise(gate_fidelity=0.98, single_qubit_error=0.004, measurement_error=0.02,
                   memory_t1=1e-3, memory_t2=1.5e-3)


def random_state(rng):
    """A random full-rank two-qubit density matrix (not Bell-diagonal)."""
    g = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    rho = g @ g.conj().T
    return rho / np.trace(rho)


def near_phi_plus(rng, f=0.9):
    """A random state close to Phi+, with coherences (what a link delivers)."""
    phi = np.zeros((4, 4), dtype=complex)
    phi[np.ix_([0, 3], [0, 3])] = 0.5
    return f * phi + (1 - f) * random_state(rng)


@pytest.mark.parametrize("name", PROTOCOLS)
@pytest.mark.parametrize("noise", [LocalNoise(), NOISY], ids=["perfect", "noisy"])
def test_one_round_distinct_random_inputs(name, noise):
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    proto = get_protocol(name)
    for round_index in ((1, 2) if name == "double-selection" else (1,)):
        spec = proto.round(noise, round_index)
        states = [near_phi_plus(rng) if k == 0 else random_state(rng) for k in range(spec.num_pairs)]
        waits = [3e-5 * (spec.num_pairs - 1 - k) for k in range(spec.num_pairs)]
        rho_aer, p_aer = aer_round(spec, states, waits, noise)
        stored = [apply_storage(s, noise, w) for s, w in zip(states, waits)]
        rho_fast, p_fast = round_map(proto, noise, round_index).apply(*stored)
        assert abs(p_aer - p_fast) < TOL
        assert np.abs(rho_aer - rho_fast).max() < TOL


@pytest.mark.parametrize("name,rounds", [("minimal", 2), ("dejmps", 2), ("bbpssw", 2), ("pumping", 3)])
def test_multi_round_protocol_circuit(name, rounds):
    """The whole multi-round circuit (2^n pairs or n fresh pairs) against the chained engine, with
    the waiting times the schedule computes from the link rate."""
    rng = np.random.default_rng(7)
    raw = near_phi_plus(rng, 0.85)
    levels = purify(name, raw, rounds, NOISY, pair_rate_hz=2e4)
    waits = [tuple(lv.waits[0]) for lv in levels[1:]]
    rho_aer, p_all = aer_purify(name, raw, rounds, NOISY, waits)
    assert np.abs(rho_aer - levels[-1].states[0]).max() < TOL
    # Aer's probability is that of the whole tree succeeding in one attempt.
    proto = get_protocol(name)
    p_tree = 1.0
    for lv in levels[1:]:
        p_tree = p_tree ** (1 if proto.schedule == "pumping" else proto.num_pairs) * lv.success_probability[0]
    assert abs(p_all - p_tree) < TOL


def test_bell_diagonal_fast_path_equals_general_path():
    rng = np.random.default_rng(3)
    noise = LocalNoise(gate_fidelity=0.97, single_qubit_error=0.01, measurement_error=0.03)
    for name in PROTOCOLS:
        rm = round_map(name, noise)
        assert rm.bell_closed
        cs = rng.dirichlet([4, 1, 1, 1], size=(rm.num_pairs, 50))
        c_out, p = rm.apply_bell(*cs)
        from qnet_plugin.states import bell_coefficients
        from qnet_plugin.states import bell_diagonal_matrices as bell_diagonal_states
        rho_out, p2 = rm.apply(*[bell_diagonal_states(c) for c in cs])
        assert np.allclose(p, p2, atol=1e-12)
        assert np.allclose(c_out, bell_coefficients(rho_out), atol=1e-12)


def test_storage_breaks_bell_diagonal_closure_and_falls_back():
    """Amplitude damping is not a Pauli channel: the schedule uses the general path then."""
    raw = werner_state(0.95).data
    a = purify("minimal", raw, 2, NOISY, 1e4)
    b = purify("minimal", raw, 2, NOISY, 1e4, bell_diagonal=False)
    assert np.abs(a[-1].states - b[-1].states).max() < 1e-14


def test_flags_in_a_sampled_run_and_inline_if_test():
    """The instruction's classical outputs flag success: sampled on Aer (statevector trajectories,
    measurements mid-circuit), the flag frequency matches the engine within 5 sigma, and the
    success condition works inline in an if_test of the caller's circuit."""
    import qiskit_aer  # noqa: F401
    from qiskit import QuantumCircuit, transpile
    from qiskit_aer import AerSimulator

    from qnet_plugin.circuit import BellPair

    noise = LocalNoise(gate_fidelity=0.99, measurement_error=0.01)
    spec = get_protocol("double-selection").round(noise)
    qc = QuantumCircuit(7, 5)
    for k in range(3):
        qc.append(BellPair(werner_state(0.9)), [2 * k, 2 * k + 1])
    qc.append(round_instruction(spec), range(6), range(4))
    with qc.if_test(success_condition([qc.clbits[i] for i in range(4)])):
        qc.x(6)
    qc.measure(6, 4)
    sim = AerSimulator(method="statevector")
    shots = 4000
    counts = sim.run(transpile(qc, sim), shots=shots, seed_simulator=11).result().get_counts()
    flagged = sum(v for k, v in counts.items() if k[0] == "1") / shots
    decoded = sum(v for k, v in counts.items() if is_success(k[1:])) / shots
    p = round_map("double-selection", noise).apply(*[werner_state(0.9).data] * 3)[1]
    assert flagged == decoded
    assert abs(flagged - p) < 5 * np.sqrt(p * (1 - p) / shots)
