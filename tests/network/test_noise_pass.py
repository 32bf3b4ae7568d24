"""The noise pass: gate, read-out and idle errors from the schedule against Aer's own noise
objects (independent constructions), and noise=False leaving only the links' channels."""

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import SuperOp
from qiskit_aer.noise import QuantumError, depolarizing_error, pauli_error, thermal_relaxation_error

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.noise_pass import NoisePass
from qnet_plugin.network.rewrite import rewrite
from qnet_plugin.network.schedule import Schedule

T1, T2 = 80e-6, 60e-6


def _net():
    qpus = tuple(QPU(name=n, data_qubits=2, comm_qubits=2, gate_error_1q=2e-3, gate_error_2q=1e-2,
                     measurement_error=0.03, t1=T1, t2=T2, gate_time_1q=20e-9, gate_time_2q=100e-9,
                     measurement_time=400e-9) for n in "AB")
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=0.9, rate_hz=1e5)),))


def _name(op):
    if isinstance(op, QuantumError):
        return "quantum_error"
    return getattr(op, "name", type(op).__name__.lower())


def _channels(ops):
    return [(op, qs) for op, qs, _ in ops if _name(op) in ("quantum_error", "kraus", "quantum_channel")]


def test_gate_and_readout_errors_match_aer():
    net = _net()
    qc = QuantumCircuit(1, 1)
    qc.h(0)
    qc.measure(0, 0)
    qc.x(0)        # makes the measurement mid-circuit
    prog = rewrite(qc, net, ["A"])
    ops = NoisePass(net).run(prog, Schedule(net).run(prog))
    names = [_name(op) for op, _, _ in ops]
    chans = _channels(ops)
    # H, its depolarizing error (p = 2 r); the mid-circuit read-out: Z value copied onto the record
    # qubit 1, record flipped, record measured; then X and its error
    assert names == ["h", "quantum_error", "reset", "cx", "quantum_error", "measure", "reset", "x",
                     "quantum_error"]
    assert [qs for _, qs, _ in ops][3:6] == [(0, 1), (1,), (1,)]
    assert np.allclose(SuperOp(chans[0][0]).data, SuperOp(depolarizing_error(2 * 2e-3, 1)).data)
    assert np.allclose(SuperOp(chans[1][0]).data, SuperOp(pauli_error([("X", 0.03), ("I", 0.97)])).data)
    # the X waits for the read-out: no idle (it follows at once), then its gate error
    assert len(chans) == 3


def test_idle_interval_is_aer_thermal_relaxation():
    net = _net()
    qc = QuantumCircuit(2)
    qc.x(0)
    qc.delay(3e-6, 1, unit="s")
    qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "A"])
    tl = Schedule(net).run(prog)
    ops = NoisePass(net).run(prog, tl)
    # qubit 0 idles from 20 ns to 3 us waiting for qubit 1 (qubit 1 is in |0>: no idle channel)
    idles = [iv for ivs in tl.idles for iv in ivs]
    assert idles == [(0, pytest.approx(3e-6 - 20e-9), "A", "data")]
    idle_op = [op for op, qs, _ in ops if qs == (0,) and _name(op) == "kraus"]
    expected = thermal_relaxation_error(T1, T2, 3e-6 - 20e-9)
    assert np.allclose(SuperOp(idle_op[0]).data, SuperOp(expected).data, atol=1e-12)


def test_no_local_noise_keeps_only_the_link_channel():
    net = _net()
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "B"], "remote-cx")
    tl = Schedule(net).run(prog)
    quiet = _channels(NoisePass(net, local=False).run(prog, tl))
    assert len(quiet) == 1 and quiet[0][0].name == "kraus"    # the Werner pair, exactly
    noisy = _channels(NoisePass(net, local=True).run(prog, tl))
    assert len(noisy) > 5
    twirled = NoisePass(net, twirl=True, local=False).run(prog, tl)
    assert [_name(op) for op, _, _ in twirled][:6] == ["h", "reset", "reset", "h", "cx", "quantum_error"]


def _readout_net(m):
    qpu = QPU.ideal("A", data_qubits=2, measurement_error=m)
    return Network((qpu,), (), name="one")


@pytest.mark.parametrize("m", [0.1, 0.3])
def test_readout_error_flips_the_record_not_the_qubit(m):
    from qnet_plugin.network.distribute import distribute_circuit

    # measure |0>, then measure again: each record is wrong with probability m, independently,
    # because the qubit stays |0> (a flipped qubit would make the second record wrong with 1 - m)
    qc = QuantumCircuit(1, 2)
    qc.measure(0, 0)
    qc.measure(0, 1)
    dc = distribute_circuit(qc, _readout_net(m), ["A"])
    from qiskit_aer import AerSimulator

    from qnet_plugin.network.simulate import lower_for_aer

    shots = 20000
    counts = AerSimulator(method="density_matrix", seed_simulator=11).run(
        lower_for_aer(dc.circuit(), "density_matrix"), shots=shots).result().get_counts()
    p = {k: v / shots for k, v in counts.items()}
    second_wrong = p.get("10", 0) + p.get("11", 0)
    first_wrong = p.get("01", 0) + p.get("11", 0)
    sigma = np.sqrt(m * (1 - m) / shots)
    assert abs(second_wrong - m) < 5 * sigma
    assert abs(first_wrong - m) < 5 * sigma
    assert abs(p.get("11", 0) - m * m) < 5 * np.sqrt(m * m / shots) + 1e-3
    assert dc.num_qubits == 2   # the data qubit and the record qubit


def test_active_reset_stays_imperfect_by_m():
    from qiskit_aer import AerSimulator

    from qnet_plugin.network.distribute import distribute_circuit
    from qnet_plugin.network.simulate import lower_for_aer

    m = 0.2
    qc = QuantumCircuit(1, 1)
    qc.x(0)
    qc.reset(0)
    qc.measure(0, 0)
    dc = distribute_circuit(qc, _readout_net(m), ["A"])
    # the state after the reset (the body stops before the final read-out)
    body = dc.body.copy()
    body.save_density_matrix(qubits=[0], label="rho")
    rho = AerSimulator(method="density_matrix").run(lower_for_aer(body, "density_matrix")).result().data(0)["rho"]
    assert np.real(np.asarray(rho)[1, 1]) == pytest.approx(m, abs=1e-12)
