"""Classical feed-forward written by the user (``if_test`` on a measured bit): a condition waits
for its bits, plus the classical latency of the route when they were measured in another QPU, and
the waiting qubits decohere meanwhile (issue 12, "Dynamic circuits, done right")."""

import math

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, NetworkBackend
from qnet_plugin.network.distribute import distribute_circuit

T_MEAS = 400e-9
T_1Q = 30e-9


def _net(distance=2000.0, t2=math.inf):
    kw = dict(measurement_time=T_MEAS, gate_time_1q=T_1Q, t1=math.inf, t2=t2)
    qpus = (QPU.ideal("A", 2, **kw), QPU.ideal("B", 2, **kw))
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=1.0, rate_hz=1e15), distance=distance),), name="ab")


def _conditioned(prepare_target: bool = False):
    """q0 (QPU A) measured; if it read 1, X on q1 (QPU B)."""
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    if prepare_target:
        qc.h(1)
    qc.measure(0, 0)
    with qc.if_test((qc.clbits[0], 1)):
        qc.x(1)
    qc.measure(1, 1)
    return qc


def _start_of(dc, name):
    return next(t for s, t in zip(dc.program.steps, dc.timeline.starts) if s.kind == "op" and s.op.name == name)


def test_a_condition_from_another_qpu_waits_for_readout_plus_latency():
    net = _net()
    dc = distribute_circuit(_conditioned(), net, ["A", "B"])
    latency = net.links[0].classical_latency
    assert latency == pytest.approx(2000.0 * 1.468 / 299792458.0, rel=1e-2)
    # h (T_1Q), then the read-out (T_MEAS), then the bit travels A -> B
    assert _start_of(dc, "if_else") == pytest.approx(T_1Q + T_MEAS + latency, rel=1e-12)


def test_a_condition_in_the_same_qpu_waits_for_the_readout_only():
    dc = distribute_circuit(_conditioned(), _net(), ["A", "A"])
    assert _start_of(dc, "if_else") == pytest.approx(T_1Q + T_MEAS, rel=1e-12)


def test_the_waiting_qubit_idles_for_the_latency():
    net = _net(distance=20_000.0)
    dc = distribute_circuit(_conditioned(prepare_target=True), net, ["A", "B"])
    latency = net.links[0].classical_latency
    k = next(i for i, s in enumerate(dc.program.steps) if s.kind == "op" and s.op.name == "if_else")
    waits = [d for q, d, qpu, role in dc.timeline.idles[k] if qpu == "B"]
    # q1 was done with its H at T_1Q and waits for the bit until T_1Q + T_MEAS + latency
    assert waits == [pytest.approx(T_MEAS + latency, rel=1e-12)]


def test_cross_qpu_if_test_runs_on_the_backend_and_is_right():
    be = NetworkBackend(_net())
    counts = be.run(_conditioned(), shots=400, seed_simulator=3).result().get_counts()
    assert set(counts) <= {"00", "11"} and len(counts) == 2


def test_dephasing_during_the_latency_shows_in_the_output():
    """q1 in |+> waits for a bit from A; with T2 finite its X coherence decays by exp(-t/T2)
    over the wait (T1 = inf: pure dephasing), which an X-basis read-out sees."""
    t2 = 20e-6
    net = _net(distance=100_000.0, t2=t2)
    qc = QuantumCircuit(2, 2)
    qc.h(1)
    qc.measure(0, 0)   # q0 stays |0>: the X never happens, only the wait
    with qc.if_test((qc.clbits[0], 1)):
        qc.x(1)
    qc.h(1)
    qc.measure(1, 1)
    wait = T_MEAS + net.links[0].classical_latency
    p1_expected = (1 - math.exp(-wait / t2)) / 2
    be = NetworkBackend(net, assignment=["A", "B"], method="density_matrix")
    counts = be.run(qc, shots=20000, seed_simulator=5).result().get_counts()
    p1 = sum(v for k, v in counts.items() if k[0] == "1") / 20000
    assert p1 == pytest.approx(p1_expected, abs=4 * math.sqrt(p1_expected / 20000) + 1e-3)
    assert p1_expected > 0.05  # the check means something
