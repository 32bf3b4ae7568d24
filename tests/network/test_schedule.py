"""The schedule pass: start times against hand calculations (gate times, pair generation, classical
latency), idle intervals, and a replaced schedule object."""

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.units import C_LIGHT
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.model import FIBRE_GROUP_INDEX
from qnet_plugin.network.rewrite import rewrite
from qnet_plugin.network.schedule import Schedule

G1, G2, TM = 20e-9, 100e-9, 400e-9
RATE = 1e4       # tau = 100 us
DIST = 2000.0    # 2 km of fibre


def _net(**kw):
    qpus = tuple(QPU(name=n, data_qubits=2, comm_qubits=2, gate_time_1q=G1, gate_time_2q=G2,
                     measurement_time=TM, t1=1e-3, t2=1e-3, **kw) for n in "AB")
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=0.95, rate_hz=RATE), distance=DIST),))


def test_local_program_times():
    net = _net()
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.cx(0, 1)
    qc.measure([0, 1], [0, 1])
    prog = rewrite(qc, net, ["A", "A"])
    tl = Schedule(net).run(prog)
    ops = [(s.op.name, t) for s, t in zip(prog.steps, tl.starts) if s.kind == "op"]
    assert ops == [("h", 0.0), ("cx", pytest.approx(G1))]
    assert tl.wall_clock_s == pytest.approx(G1 + G2 + TM, rel=1e-12)


@pytest.mark.parametrize("policy", ["on-demand", "just-in-time", "ahead"])
def test_remote_cx_times_by_hand(policy):
    net = _net()
    qc = QuantumCircuit(2)
    qc.x(0)
    qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "B"], "remote-cx")
    tl = Schedule(net, policy).run(prog)
    tau, lat = 1 / RATE, DIST * FIBRE_GROUP_INDEX / C_LIGHT
    starts = {}
    for s, t in zip(prog.steps, tl.starts):
        starts.setdefault(s.kind, []).append(t)
    # the pair is needed when the data qubits are ready (after X: G1)
    ready = {"on-demand": G1 + tau, "just-in-time": tau, "ahead": tau}[policy]
    assert starts["pair"][0] == pytest.approx(ready - tau, abs=1e-15)
    # cat-entangler: local CX (G2) on A, read-out (TM) + latency, then the X on B
    ff1 = ready + G2 + TM + lat
    assert starts["feed_forward"][0] == pytest.approx(ff1, rel=1e-12)
    # B: CX (G2) after the correction (G1), H (G1), read-out (TM) + latency back to A
    ff2 = ff1 + G1 + G2 + G1 + TM + lat
    assert starts["feed_forward"][1] == pytest.approx(ff2, rel=1e-12)
    assert tl.wall_clock_s == pytest.approx(ff2 + G1, rel=1e-12)
    use = tl.usages["A-B"]
    assert use.pairs == 1 and use.busy_s == pytest.approx(tau)
    assert use.data_wait_s == pytest.approx(max(0.0, ready - G1), abs=1e-15)
    # the waiting data qubit 0 idles from G1 to the pair's arrival, the target for the latency
    idle0 = sum(d for ivs in tl.idles for q, d, qpu, role in ivs if q == prog.final_qubits[0])
    assert idle0 > 0


def test_schedule_is_replaceable():
    class InstantPairs(Schedule):
        """Pairs at no cost: every link clock with tau = 0."""

        def clocks(self):
            clocks = super().clocks()
            for c in clocks.values():
                c.tau = 0.0
            return clocks

    net = _net()
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    base = distribute_circuit(qc, net, ["A", "B"], strategy="remote-cx")
    fast = distribute_circuit(qc, net, ["A", "B"], strategy="remote-cx", schedule=InstantPairs(net))
    lat = DIST * FIBRE_GROUP_INDEX / C_LIGHT
    assert fast.wall_clock_s == pytest.approx(2 * G2 + 3 * G1 + 2 * TM + 2 * lat, rel=1e-12)
    assert base.wall_clock_s == pytest.approx(fast.wall_clock_s + 1 / RATE, rel=1e-12)
