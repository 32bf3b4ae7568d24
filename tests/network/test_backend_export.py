"""Exports: QPY round trip of the distributed noisy circuit (it still runs, same counts), OpenQASM 3
of the noise-free hardware program (pair markers as opaque link instructions)."""

import io

import pytest
from qiskit import QuantumCircuit, qpy, transpile

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, NetworkBackend
from qnet_plugin.network.noise_pass import portable
from qnet_plugin.network.rewrite import rewrite


@pytest.fixture(scope="module")
def net():
    qpus = tuple(QPU(name=n, data_qubits=2, comm_qubits=2) for n in "AB")
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=0.9, rate_hz=1e5)),), name="two")


def _bell():
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.cx(0, 1)
    qc.measure([0, 1], [0, 1])
    return qc


def test_qpy_round_trip_of_the_noisy_circuit_runs_the_same(net):
    be = NetworkBackend(net)
    isa = transpile(_bell(), be, optimization_level=1)
    p = portable(isa)
    assert not any(i.operation.name == "quantum_channel" for i in p.data)
    buf = io.BytesIO()
    qpy.dump(p, buf)
    buf.seek(0)
    back = qpy.load(buf)[0]
    assert [i.operation.name for i in back.data] == [i.operation.name for i in p.data]
    first = be.run(isa, shots=3000, seed_simulator=4, method="density_matrix").result().get_counts()
    again = be.run(back, shots=3000, seed_simulator=4, method="density_matrix").result().get_counts()
    assert first == again
    # the Werner pair (F = 0.9) and the local noise leave some odd parity
    odd = (first.get("01", 0) + first.get("10", 0)) / 3000
    assert 0.005 < odd < 0.15


def test_openqasm3_of_the_hardware_program(net):
    prog = rewrite(_bell(), net, ["A", "B"], "remote-cx")
    text = prog.to_qasm3()
    assert text.count("bell_pair q[") == 1
    assert text.count("= measure") == 2
    assert "kraus" not in text and "quantum_channel" not in text
    assert text.index("bell_pair") < text.index("cz q[")
