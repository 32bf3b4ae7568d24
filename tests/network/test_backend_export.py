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
    assert text.count("= measure") == 2 + 2  # final read-outs + the two feed-forward read-outs
    assert "kraus" not in text and "quantum_channel" not in text
    coherent = prog.to_qasm3(feed_forward="coherent")
    assert coherent.count("= measure") == 2
    assert coherent.index("bell_pair") < coherent.index("cz q[")


def _with_perfect_pairs(qc):
    """The hardware program with every ``bell_pair`` marker made a perfect Phi+ preparation."""
    out = qc.copy_empty_like()
    for inst in qc.data:
        if inst.operation.name == "bell_pair":
            a, b = inst.qubits
            out.reset([a, b])
            out.h(a)
            out.cx(a, b)
        else:
            out.append(inst)
    return out


@pytest.mark.parametrize("strategy", ["remote-cx", "teleport"])
def test_dynamic_hardware_program_measures_and_feeds_forward(net, strategy):
    from qiskit.circuit import IfElseOp
    from qiskit_aer import AerSimulator

    qc = QuantumCircuit(2, 2)
    qc.ry(1.1, 0)
    qc.cx(0, 1)
    qc.ry(0.4, 1)
    qc.measure([0, 1], [0, 1])
    prog = rewrite(qc, net, ["A", "B"], strategy)
    dyn = prog.to_circuit(feed_forward="dynamic")
    # every cross-QPU correction is a real read-out and an if_test, no controlled gate between QPUs
    assert any(isinstance(i.operation, IfElseOp) for i in dyn.data)
    qpu = {q: prog_qpu for s in prog.steps for q, prog_qpu in zip(s.qubits, s.qpus)}
    for inst in dyn.data:
        if inst.operation.num_qubits == 2 and inst.operation.name != "bell_pair":
            a, b = (dyn.find_bit(x).index for x in inst.qubits)
            assert qpu[a] == qpu[b], inst.operation.name
    shots = 4000
    sim = AerSimulator(method="statevector", seed_simulator=3)
    got = sim.run(_with_perfect_pairs(dyn), shots=shots).result().get_counts()
    ref = sim.run(qc, shots=shots).result().get_counts()
    # the dynamic program's own ff bits come first in the key: marginalise them away
    logical = {}
    for key, v in got.items():
        k = key.split()[-1]
        logical[k] = logical.get(k, 0) + v
    for k in {"00", "01", "10", "11"}:
        p, q = logical.get(k, 0) / shots, ref.get(k, 0) / shots
        assert abs(p - q) < 5 * (max(p * (1 - p), 1e-3) / shots) ** 0.5 * 2 ** 0.5, (k, p, q)


def test_openqasm3_export_has_real_measurements_and_if(net):
    from qiskit import qasm3

    prog = rewrite(_bell(), net, ["A", "B"], "remote-cx")
    text = prog.to_qasm3()
    assert "if (ff[" in text and "ff[0] = measure" in text
    assert "cz q[" not in text  # the coherent cross-QPU CZ became a read-out and a conditional Z
    # it parses back once the hardware's opaque pair instruction is given a meaning
    defined = text.replace('include "stdgates.inc";',
                           'include "stdgates.inc";\ngate bell_pair a, b { h a; cx a, b; }', 1)
    back = qasm3.loads(defined)
    assert back.count_ops().get("if_else", 0) == 2


def test_qpy_round_trip_of_the_dynamic_hardware_program(net):
    prog = rewrite(_bell(), net, ["A", "B"], "teleport")
    dyn = prog.to_circuit(feed_forward="dynamic")
    buf = io.BytesIO()
    qpy.dump(dyn, buf)
    buf.seek(0)
    back = qpy.load(buf)[0]
    assert [i.operation.name for i in back.data] == [i.operation.name for i in dyn.data]
    assert [i.operation.label for i in back.data if i.operation.name == "bell_pair"] == ["A-B"]
