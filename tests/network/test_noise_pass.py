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
    # H, its depolarizing error (p = 2 r), read-out flip, measure, X and its error
    assert names[0] == "h" and names[3] == "measure"
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
