"""Time and local noise: pair generation policies, idle dephasing of waiting data qubits, storage
decay of waiting pairs, gate-error reading, and wall-clock accounting, each against a closed form."""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import DensityMatrix, Kraus, Statevector, process_fidelity
from qiskit_aer.noise import thermal_relaxation_error

from qnet_plugin.channels.aer_noise import gate_error, idle_channel, twirled_relaxation_probabilities
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.run import run_distributed
from qnet_plugin.network.timing import LinkClock


def test_link_clock_policies():
    tau = 1.0
    jit = LinkClock(tau, buffer=1)
    assert jit.next_pair(5.0) == 5.0  # started one mean generation time ahead
    jit.release(5.5)
    assert jit.next_pair(5.6) == 6.5  # buffer of one: waits for the slot, then tau
    ahead = LinkClock(tau, buffer=2, policy="ahead")
    assert ahead.next_pair(10.0) == 1.0
    ahead.release(10.0)
    assert ahead.next_pair(10.0) == 2.0  # second buffer slot was free all along
    demand = LinkClock(tau, buffer=1, policy="on-demand")
    assert demand.next_pair(3.0) == 4.0
    with pytest.raises(ParameterError, match="pair_timing"):
        LinkClock(tau, 1, policy="never")


def bell_net(rate, t2_data=math.inf, t2_comm=None, policy_distance=0.0):
    qa = QPU.ideal("A", 2, t2=t2_data, comm_t1=None if t2_comm is None else math.inf, comm_t2=t2_comm)
    qb = QPU.ideal("B", 2, t2=t2_data, comm_t1=None if t2_comm is None else math.inf, comm_t2=t2_comm)
    return Network((qa, qb), (Link("A", "B", WernerLink(fidelity=1.0, rate_hz=rate), distance=policy_distance),))


def bell_program(delay_s=0.0):
    qc = QuantumCircuit(2)
    qc.h(0)
    if delay_s:
        qc.delay(delay_s, 0, unit="s")
        qc.delay(delay_s, 1, unit="s")
    qc.cx(0, 1)
    return qc


def test_waiting_data_qubit_dephases_for_one_generation_time():
    # |+> on A waits tau = 1/R for the pair (pure dephasing T2): Bell fidelity (1 + e^{-tau/T2})/2.
    rate, t2 = 1e4, 1e-4
    res = run_distributed(bell_program(), bell_net(rate, t2_data=t2), ["A", "B"], shots=1,
                          method="density_matrix", pair_timing="on-demand")
    tau = 1 / rate
    assert res.fidelity == pytest.approx((1 + math.exp(-tau / t2)) / 2, abs=1e-9)
    assert res.wall_clock_s == pytest.approx(tau)
    assert res.links[0]["data_wait_s"] == pytest.approx(tau)


def test_stored_pair_decays_with_the_communication_qubit_t2():
    # Data busy for 3 tau (a delay); generating "ahead" leaves the pair stored 2 tau on both sides:
    # Phi+ coherence x e^{-2 * 2tau / T2c}; the Bell output fidelity is (1 + that)/2.
    rate, t2c = 1e4, 2e-4
    tau = 1 / rate
    prog = bell_program(delay_s=3 * tau)
    ahead = run_distributed(prog, bell_net(rate, t2_comm=t2c), ["A", "B"], shots=1,
                            method="density_matrix", pair_timing="ahead")
    assert ahead.fidelity == pytest.approx((1 + math.exp(-4 * tau / t2c)) / 2, abs=1e-9)
    assert ahead.links[0]["storage_s"] == pytest.approx(2 * tau)
    jit = run_distributed(prog, bell_net(rate, t2_comm=t2c), ["A", "B"], shots=1, method="density_matrix")
    assert jit.fidelity == pytest.approx(1.0, abs=1e-12)
    assert jit.wall_clock_s == pytest.approx(3 * tau)


def test_multiplexed_channels_shorten_the_wait():
    rate, t2 = 1e4, 1e-4
    net = bell_net(rate, t2_data=t2)
    import dataclasses
    net4 = dataclasses.replace(net, links=(dataclasses.replace(net.links[0], channels=4),))
    one = run_distributed(bell_program(), net, ["A", "B"], shots=1, pair_timing="on-demand")
    four = run_distributed(bell_program(), net4, ["A", "B"], shots=1, pair_timing="on-demand")
    assert four.wall_clock_s == pytest.approx(one.wall_clock_s / 4)
    assert four.fidelity > one.fidelity


def test_gate_error_is_the_average_infidelity():
    # One-qubit depolarizing with p = 2r: every pure state keeps fidelity 1 - r.
    r = 0.01
    err = gate_error(r, 1)
    rho = DensityMatrix(Statevector.from_label("+")).evolve(err.to_quantumchannel())
    assert float(np.real(Statevector.from_label("+").expectation_value(rho.to_operator()))) == pytest.approx(1 - r)
    net = Network((QPU.ideal("A", 1, gate_error_1q=r),), ())
    qc = QuantumCircuit(1)
    qc.h(0)
    assert run_distributed(qc, net, ["A"], shots=1).fidelity == pytest.approx(1 - r, abs=1e-12)


def test_idle_channel_matches_aer_thermal_relaxation_and_its_twirl():
    t, t1, t2 = 3e-6, 50e-6, 40e-6
    ours = Kraus(idle_channel(t, t1, t2))
    aer = thermal_relaxation_error(t1, t2, t).to_quantumchannel()
    rho = DensityMatrix(np.array([[0.3, 0.2 - 0.1j], [0.2 + 0.1j, 0.7]]))
    assert np.allclose(rho.evolve(ours).data, rho.evolve(aer).data, atol=1e-12)
    px, py, pz = twirled_relaxation_probabilities(t, t1, t2)
    g1 = 1 - math.exp(-t / t1)
    assert px == pytest.approx(g1 / 4) and py == px and pz >= 0
    # Twirling keeps the process fidelity: p_I of the twirl = F_pro of the exact channel.
    assert 1 - px - py - pz == pytest.approx(process_fidelity(ours), abs=1e-12)


def test_wall_clock_counts_gates_latency_and_readout():
    q = dict(gate_time_1q=10e-9, gate_time_2q=100e-9, measurement_time=1e-6)
    net = Network((QPU.ideal("A", 2, **q), QPU.ideal("B", 2, **q)),
                  (Link("A", "B", WernerLink(fidelity=1.0, rate_hz=1e15), distance=204.2),))
    qc = QuantumCircuit(2, 2)
    qc.cx(0, 1)
    qc.measure([0, 1], [0, 1])
    # the remote CNOT's timeline (auto would teleport: one classical round instead of two)
    res = run_distributed(qc, net, ["A", "B"], shots=1, strategy="remote-cx")
    lat = net.links[0].classical_latency
    # remote CNOT: CX(A) | meas + latency | X(B) | CX(B) | H(B) | meas + latency | Z(A); then read-out
    target_done = 100e-9 + 1e-6 + lat + 10e-9 + 100e-9
    control_done = target_done + 10e-9 + 1e-6 + lat + 10e-9
    assert res.wall_clock_s == pytest.approx(control_done + 1e-6, rel=1e-6)
