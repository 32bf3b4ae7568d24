"""Sampled heralding times in the schedule pass (issue 15): exactness against closed forms,
deterministic links, the mean-vs-sampled direction, pair identity, communication-qubit limits."""

import math

import numpy as np
import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.mmwave import MillimeterWaveLink
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.attempts import mean_exponential_damping, mean_geometric_damping
from qnet_plugin.network.distribute import distribute_schedules
from qnet_plugin.network.rewrite import rewrite
from qnet_plugin.network.run import run_distributed
from qnet_plugin.network.schedule import Schedule
from qnet_plugin.network.timing import RATE_ONLY_P, link_attempt_model


def _net(rate=1e5, t2=50e-6, comm=2, fidelity=1.0, names="AB", model=None, **qpu):
    qpus = tuple(QPU.ideal(n, data_qubits=3, comm_qubits=comm, t1=math.inf, t2=t2, **qpu) for n in names)
    links = tuple(Link(a, b, model or WernerLink(fidelity=fidelity, rate_hz=rate), distance=0.0)
                  for a, b in zip(names, names[1:]))
    return Network(qpus, links)


def _bell():
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    return qc


def test_waiting_for_an_exponential_pair_equals_the_closed_form():
    """Qubit 0 in |+> waits for a pair whose generation time t has density ~ R e^{-Rt} (the
    rate-only law: attempts of p/R, p = 0.01), then a remote CX makes a Bell pair with qubit 1 on
    the other QPU (perfect gates, zero latency, T1 = inf): the output fidelity is (1 + e^{-t/T2})/2
    for each draw, so the average over schedules must equal the mixture over t in closed form:
    (1 + E[e^{-t/T2}])/2, E exact for the geometric law (mean_geometric_damping) and within O(p) of
    the exponential 1/(1 + tau/T2). The mean-time model gives (1 + e^{-tau/T2})/2, lower."""
    rate, t2, k = 1e5, 10e-6, 300          # tau = T2: the two models differ by 0.066
    net = _net(rate, t2)
    law = link_attempt_model(net.links[0])
    assert law.success_probability == RATE_ONLY_P
    res = run_distributed(_bell(), net, ["A", "B"], shots=k, method="density_matrix", timing="sampled",
                          schedules=k, timing_seed=7, strategy="remote-cx")
    fids = np.array(res.fidelity_per_schedule)
    assert len(fids) == k
    # each draw: exactly (1 + exp(-t/T2))/2 for its own waiting time t (the pair table's generation time)
    waits = np.array([row["generation_s"] for row in res.pairs])
    assert np.allclose(fids, (1 + np.exp(-waits / t2)) / 2, atol=1e-9)
    se = fids.std(ddof=1) / math.sqrt(k)
    assert res.fidelity_stderr == pytest.approx(se, rel=1e-9)
    exact = (1 + mean_geometric_damping(law, t2)) / 2
    closed = (1 + mean_exponential_damping(1 / rate, t2)) / 2
    assert abs(exact - closed) < 2e-3
    assert abs(res.fidelity - exact) < 4 * se
    mean = run_distributed(_bell(), net, ["A", "B"], shots=10, method="density_matrix", strategy="remote-cx")
    assert mean.fidelity == pytest.approx((1 + math.exp(-1.0)) / 2, abs=1e-9)
    assert res.fidelity - mean.fidelity > 5 * se


def test_certain_link_delivers_n_sequential_pairs_at_n_attempt_times():
    """A deterministic transfer link used for pairs (paper 002's mm-wave link: p = 1, one attempt
    of d = 1/rate per pair): generated back to back ("ahead", enough communication qubits), pair n
    is created at exactly n d, in sampled timing too."""
    model = MillimeterWaveLink.state_of_the_art()
    n = 4
    net = _net(names="AB", model=model, comm=n)
    law = link_attempt_model(net.links[0])
    d = 1.0 / float(net.links[0].report.rate_hz)
    assert law.success_probability == 1.0 and law.attempt_time_s == pytest.approx(d, rel=1e-15)
    qc = QuantumCircuit(2)
    for _ in range(n):
        qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "B"], "remote-cx")
    tl = Schedule(net, "ahead", timing="sampled", seed=3).run(prog)
    created = [row["created_s"] for row in tl.pairs]
    assert created == [pytest.approx((i + 1) * d, rel=1e-12) for i in range(n)]
    assert [row["attempts"] for row in tl.pairs] == [1.0] * n


def test_ghz3_sampled_fidelity_is_higher_than_mean_time():
    """Issue 15's example: GHZ-3 with T2 = 50 us over a 100 kHz link: the mean-time model gives
    0.835, the average over exponential waits 0.857 (zero fibre length: 0.835 here)."""
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.cx(0, 1)
    qc.cx(1, 2)
    net = _net(1e5, 50e-6)
    mean = run_distributed(qc, net, ["A", "A", "B"], shots=10, method="density_matrix")
    sampled = run_distributed(qc, net, ["A", "A", "B"], shots=600, method="density_matrix",
                              timing="sampled", schedules=600, timing_seed=1)
    assert mean.fidelity == pytest.approx(0.835, abs=1e-3)
    assert sampled.fidelity - mean.fidelity > 3 * sampled.fidelity_stderr
    assert sampled.schedules == 600 and sampled.timing == "sampled"
    assert sampled.wall_clock_stderr_s > 0 and mean.wall_clock_stderr_s == 0


def test_sampled_schedules_are_seeded_and_pairs_have_identity():
    net = _net(1e5, 50e-6)
    qc = QuantumCircuit(2)
    qc.h(0)
    for _ in range(3):
        qc.cx(0, 1)
    a = distribute_schedules(qc, net, ["A", "B"], schedules=3, timing_seed=5, strategy="remote-cx")
    b = distribute_schedules(qc, net, ["A", "B"], schedules=3, timing_seed=5, strategy="remote-cx")
    assert [d.wall_clock_s for d in a] == [d.wall_clock_s for d in b]
    assert len({d.wall_clock_s for d in a}) == 3        # three different draws
    for d in a:
        rows = d.pairs
        assert [r["id"] for r in rows] == [0, 1, 2]
        assert all(r["link"] == "A-B" for r in rows)
        assert all(r["used_s"] >= r["created_s"] and r["age_s"] == r["used_s"] - r["created_s"] for r in rows)
        use = d.usages["A-B"]
        assert use.pairs == len(rows)
        assert use.mean_age_s == pytest.approx(np.mean([r["age_s"] for r in rows]))
        assert use.attempts == sum(r["attempts"] for r in rows)
    import json

    json.dumps(a[0].pairs)   # JSON-able


def test_mean_timing_is_unchanged_by_the_seed():
    net = _net(1e5, 50e-6)
    a = distribute_schedules(_bell(), net, ["A", "B"], schedules=2, timing="mean", timing_seed=1)
    b = distribute_schedules(_bell(), net, ["A", "B"], schedules=1, timing="mean", timing_seed=2)
    assert a[0].wall_clock_s == a[1].wall_clock_s == b[0].wall_clock_s
    # mean timing: the expected number of attempts, tau / attempt time = 1/p
    assert a[0].pairs[0]["attempts"] == pytest.approx(1 / RATE_ONLY_P)


def test_relay_with_one_communication_qubit_cannot_swap():
    """An entanglement swap at relay B holds one half of the A-B pair and one of the B-C pair at
    once: comm_qubits = 1 at B is a ParameterError naming B (it cannot be serialised)."""
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    ok = _net(names="ABC", comm=2)
    run = distribute_schedules(qc, ok, ["A", "C"], schedules=1, timing="mean")[0]
    assert run.usages["A-B"].swaps == 1
    qpus = tuple(QPU.ideal(n, data_qubits=3, comm_qubits=1 if n == "B" else 2) for n in "ABC")
    tight = Network(qpus, ok.links)
    with pytest.raises(ParameterError, match=r"comm_qubits = 1 of QPU 'B'"):
        distribute_schedules(qc, tight, ["A", "C"], schedules=1, timing="mean")


def test_one_communication_qubit_serialises_pairs_at_an_end_node():
    """comm_qubits = 1 at both ends: pairs are made one at a time, the next only once the last is
    consumed, even with generation "ahead"."""
    net = _net(1e5, 50e-6, comm=1)
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    qc.cx(0, 1)
    prog = rewrite(qc, net, ["A", "B"], "remote-cx")
    tl = Schedule(net, "ahead", timing="sampled", seed=1).run(prog)
    first, second = tl.pairs
    assert second["start_s"] >= first["used_s"]


def test_bad_timing_options():
    net = _net()
    with pytest.raises(ParameterError, match="timing"):
        Schedule(net, timing="random")
    with pytest.raises(ParameterError, match="cutoff_s"):
        Schedule(net, cutoff_s=-1.0)
    with pytest.raises(ParameterError, match="shots = 2"):
        run_distributed(_bell(), net, ["A", "B"], shots=2, timing="sampled", schedules=3)


def _slow_storage_net(cutoff_s=None):
    """A slow link (10 kHz) into storage that dephases fast (comm T2 = 50 us): pairs made ahead of
    a 300 us wait are worth little by the time they are used."""
    qpus = tuple(QPU.ideal(n, data_qubits=2, comm_qubits=2, t1=math.inf, t2=1.0, comm_t1=math.inf,
                           comm_t2=50e-6) for n in "AB")
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=1.0, rate_hz=1e4), distance=0.0,
                               cutoff_s=cutoff_s),))


def _late_cx():
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.delay(300e-6, 0, unit="s")
    qc.delay(300e-6, 1, unit="s")
    qc.cx(0, 1)
    return qc


def test_cutoff_trades_rate_for_fidelity_on_a_slow_link():
    """Pairs made "ahead" wait ~200 us in 50 us storage (Bell fidelity ~0.5). A 50 us cut-off
    discards them and regenerates: fidelity up, but more attempts per used pair and, because a
    fresh pair sometimes comes after the data are ready, a longer hardware time."""
    kw = dict(shots=100, method="density_matrix", pair_timing="ahead", timing="sampled", schedules=100,
              timing_seed=1, strategy="remote-cx")
    keep = run_distributed(_late_cx(), _slow_storage_net(), ["A", "B"], **kw)
    cut = run_distributed(_late_cx(), _slow_storage_net(50e-6), ["A", "B"], **kw)
    assert cut.fidelity - keep.fidelity > 0.2 > 5 * max(cut.fidelity_stderr, keep.fidelity_stderr)
    assert cut.wall_clock_s - keep.wall_clock_s > 3 * math.hypot(cut.wall_clock_stderr_s, keep.wall_clock_stderr_s)
    assert cut.links[0]["attempts"] > 2 * keep.links[0]["attempts"] * 0.9
    assert cut.links[0]["discarded"] > 1 and keep.links[0]["discarded"] == 0
    # no pair is used older than the cut-off (the gates here take no time)
    assert max(r["age_s"] for r in cut.pairs) <= 50e-6 + 1e-12
    assert keep.pair_ages["mean_s"] > 150e-6 > 50e-6 > cut.pair_ages["mean_s"]
    # the --cutoff of a run overrides the links' own
    over = run_distributed(_late_cx(), _slow_storage_net(), ["A", "B"], cutoff_s=50e-6, **kw)
    assert over.fidelity == pytest.approx(cut.fidelity, abs=1e-12)


def test_cutoff_in_the_mean_model_by_hand():
    """Mean timing, "ahead": the pair is ready at tau = 100 us, needed at 300 us; a 100 us cut-off
    discards it at 200 us and the regenerated one arrives at 300 us (age 0, two pairs made)."""
    net = _slow_storage_net(100e-6)
    prog = rewrite(_late_cx(), net, ["A", "B"], "remote-cx")
    tl = Schedule(net, "ahead").run(prog)
    (row,) = tl.pairs
    assert row["discarded"] == 1 and row["created_s"] == pytest.approx(300e-6, rel=1e-12)
    assert row["start_s"] == pytest.approx(200e-6, rel=1e-12) and row["age_s"] == pytest.approx(0.0, abs=1e-15)
    assert tl.usages["A-B"].busy_s == pytest.approx(200e-6, rel=1e-12)


def test_cutoff_in_the_network_file():
    from qnet_plugin.network.config import check_network_text

    text = """
[[qpu]]
name = "A"
[[qpu]]
name = "B"
[[link]]
between = ["A", "B"]
model = "werner"
cutoff_s = 1e-3
"""
    net, issues = check_network_text(text)
    assert not issues and net.links[0].cutoff_s == 1e-3
    net, issues = check_network_text(text.replace("1e-3", "-1.0"))
    assert net is None and issues[0].line == 9 and "cutoff_s" in issues[0].message


def test_backend_draws_one_sampled_schedule_per_transpilation():
    from qiskit import transpile

    from qnet_plugin.network.backend import NetworkBackend

    net = _net(1e5, 50e-6)
    qc = _bell()
    qc.measure_all()
    walls = []
    for seed in (1, 1, 2):
        backend = NetworkBackend(net, assignment=["A", "B"], timing="sampled", timing_seed=seed,
                                 strategy="remote-cx")
        out = transpile(qc, backend)
        res = backend.run(out, shots=20, seed_simulator=1).result()
        walls.append(res.results[0].metadata["qnet"]["wall_clock_s"])
    assert walls[0] == walls[1] != walls[2]
    mean = NetworkBackend(net, assignment=["A", "B"], strategy="remote-cx")
    assert transpile(qc, mean).metadata["qnet"]["wall_clock_s"] == pytest.approx(1e-5, rel=0.05)
    with pytest.raises(ParameterError, match="timing"):
        NetworkBackend(net, timing="often")


def test_attempt_laws_keep_each_links_mean_rate():
    """Heralded (p from the report, attempts staggered over M channels), deterministic transfer
    (p = 1) and rate-only laws all have mean generation time 1 / pair_rate_hz of the link."""
    from qnet_plugin.links import ElectroOpticLink

    eo = Link("A", "B", ElectroOpticLink.state_of_the_art(), channels=4, distance=1e3)
    law = link_attempt_model(eo)
    assert law.success_probability == pytest.approx(eo.report.extras["herald_probability"])
    # the attempt includes the herald round trip of the 1 km of fibre (network/fibre.py)
    assert law.attempt_time_s * 4 == pytest.approx(eo.report.extras["attempt_time_s"], rel=1e-12)
    for link in (eo, Link("A", "B", MillimeterWaveLink.state_of_the_art(), channels=2),
                 Link("A", "B", WernerLink(rate_hz=3e4), channels=3)):
        assert link_attempt_model(link).mean_generation_time_s == pytest.approx(1 / link.pair_rate_hz, rel=1e-12)
    times = [link_attempt_model(eo).sample_generation_times(np.random.default_rng(0), 20000)]
    assert np.mean(times) == pytest.approx(1 / eo.pair_rate_hz, rel=0.03)


def _chain(cut_ab):
    qpus = tuple(QPU.ideal(n, data_qubits=2, comm_qubits=2) for n in "ABC")
    return Network(qpus, (Link("A", "B", WernerLink(rate_hz=1e6), distance=0.0, cutoff_s=cut_ab),
                          Link("B", "C", WernerLink(rate_hz=1e4), distance=0.0)))


def test_cutoff_applies_to_the_first_pair_of_a_swap_at_the_swap():
    """Mean timing, "ahead": the A-B pair (1 us) waits ~99 us at relay B for the B-C pair (100 us).
    A 10 us cut-off on A-B makes it again until it is at most 10 us old at the swap."""
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    ages = {}
    for cut in (None, 10e-6):
        prog = rewrite(qc, _chain(cut), ["A", "C"], "remote-cx")
        tl = Schedule(_chain(cut), "ahead").run(prog)
        ab = next(r for r in tl.pairs if r["link"] == "A-B")
        ages[cut] = (ab["used_b_s"] - ab["created_s"], ab["discarded"])
    assert ages[None][0] == pytest.approx(99e-6, rel=1e-9) and ages[None][1] == 0
    assert 0 <= ages[10e-6][0] <= 10e-6 and ages[10e-6][1] >= 8
    # two pairs that must both be young at one swap, with no slack at all: a clear error
    qpus = tuple(QPU.ideal(n, data_qubits=2, comm_qubits=2) for n in "ABC")
    zero = Network(qpus, (Link("A", "B", WernerLink(rate_hz=1e6), distance=0.0, cutoff_s=0.0),
                          Link("B", "C", WernerLink(rate_hz=1e4), distance=0.0, cutoff_s=0.0)))
    with pytest.raises(ParameterError, match="too short"):
        Schedule(zero, "ahead").run(rewrite(qc, zero, ["A", "C"], "remote-cx"))
