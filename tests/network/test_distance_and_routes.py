"""What distance costs (fibre loss, herald round trip, one length) and route choice (issue 15)."""

import dataclasses
import math

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.units import C_LIGHT
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import ElectroOpticLink
from qnet_plugin.links.mmwave import MillimeterWaveLink
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.config import check_network_text
from qnet_plugin.network.fibre import FIBRE_GROUP_INDEX, attenuation_for
from qnet_plugin.network.run import run_distributed


def _eo(**kw):
    return dataclasses.replace(ElectroOpticLink.state_of_the_art(), **kw)


def test_doubling_distance_on_lossless_fibre_costs_the_round_trip_exactly():
    """Without fibre loss the herald probability p is unchanged and each attempt waits for the
    herald: rate(L) = p / (d0 + L n_g / c), d0 = p / rate of the model itself."""
    model = _eo()
    rep0 = model.report()
    p = rep0.extras["herald_probability"]
    d0 = p / rep0.rate_hz
    t = FIBRE_GROUP_INDEX / C_LIGHT
    for length in (1e3, 1e4):
        r1 = Link("A", "B", model, distance=length, attenuation_db_per_km=0.0).report
        r2 = Link("A", "B", model, distance=2 * length, attenuation_db_per_km=0.0).report
        assert r1.extras["herald_probability"] == pytest.approx(p, rel=1e-12)
        assert r2.rate_hz / r1.rate_hz == pytest.approx((d0 + length * t) / (d0 + 2 * length * t), rel=1e-12)


def test_doubling_distance_lowers_the_rate_by_loss_times_round_trip():
    """0.2 dB/km (the 1550 nm band, nearest to the model's 1.5 um), station at the midpoint: going from 10 to
    20 km adds 1 dB on each photon's arm. At low detection efficiency the single-click herald
    probability is proportional to the transmission (p ~ eta), so the rate falls by
    10^(-0.1) x (d0 + L n_g/c) / (d0 + 2 L n_g/c)."""
    model = _eo(detector_efficiency=0.01)
    assert model.wavelength == pytest.approx(1.5e-6) and attenuation_for(model) == 0.2   # nearest: 1550 nm
    length = 1e4
    r1 = Link("A", "B", model, distance=length).report
    r2 = Link("A", "B", model, distance=2 * length).report
    # the herald probability is the model's own physics at the added insertion loss
    direct = _eo(detector_efficiency=0.01, insertion_loss_db=model.insertion_loss_db + 0.2 * 10 / 2).report()
    assert r1.extras["herald_probability"] == pytest.approx(direct.extras["herald_probability"], rel=1e-12)
    rep0 = model.report()
    d0 = rep0.extras["herald_probability"] / rep0.rate_hz
    t = FIBRE_GROUP_INDEX / C_LIGHT
    expected = 10 ** (-0.1) * (d0 + length * t) / (d0 + 2 * length * t)
    assert r2.rate_hz / r1.rate_hz == pytest.approx(expected, rel=2e-3)
    # the model's own attempt (pulse + reset; its pulse is optimised for the loss) plus the round trip
    d_own = direct.extras["herald_probability"] / direct.rate_hz
    assert r1.extras["attempt_time_s"] == pytest.approx(d_own + length * t, rel=1e-12)


def test_werner_reference_pairs_pay_only_latency():
    link = Link("A", "B", WernerLink(fidelity=0.9, rate_hz=1e5), distance=5e4)
    assert link.pair_rate_hz == 1e5 and link.pair_fidelity == pytest.approx(0.9)
    assert link.classical_latency == pytest.approx(5e4 * FIBRE_GROUP_INDEX / C_LIGHT)


def test_mmwave_length_and_distance_are_one_quantity():
    model = MillimeterWaveLink.state_of_the_art()
    assert Link("A", "B", model).distance == model.length            # distance from the model
    placed = Link("A", "B", model, distance=25.0)
    assert placed.model.length == 25.0 and placed.distance == 25.0   # the model from the distance
    assert placed.pair_fidelity < Link("A", "B", model, distance=5.0).pair_fidelity
    text = """
[[qpu]]
name = "A"
[[qpu]]
name = "B"
[[link]]
between = ["A", "B"]
model = "mmwave"
distance = 20.0
[link.parameters]
length = 10.0
"""
    net, issues = check_network_text(text)
    assert net is None and issues[0].line == 11 and "one quantity" in issues[0].message
    net, issues = check_network_text(text.replace("length = 10.0", "length = 20.0"))
    assert not issues and net.links[0].model.length == 20.0


def _ring(routing):
    """Triangle A-B-C: a poor, slow direct A-C link and two good, fast hops through B."""
    qpus = tuple(QPU.ideal(n, data_qubits=2, comm_qubits=2) for n in "ABC")
    good = WernerLink(fidelity=0.99, rate_hz=1e6)
    poor = WernerLink(fidelity=0.6, rate_hz=1e3)
    links = (Link("A", "B", good, distance=0.0), Link("B", "C", good, distance=0.0),
             Link("A", "C", poor, distance=0.0))
    return Network(qpus, links, routing=routing)


@pytest.mark.parametrize("routing", ["fidelity", "rate"])
def test_two_hops_beat_a_poor_direct_link_on_a_ring(routing):
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    hops, best = _ring("hops"), _ring(routing)
    assert [link.name for link in hops.route("A", "C")] == ["A-C"]
    assert [link.name for link in best.route("A", "C")] == ["A-B", "B-C"]
    assert best.hop_distance["A"]["C"] == 2
    direct = run_distributed(qc, hops, ["A", "C"], shots=10, method="density_matrix", strategy="remote-cx")
    swapped = run_distributed(qc, best, ["A", "C"], shots=10, method="density_matrix", strategy="remote-cx")
    # ideal QPUs: the Bell output carries the pair's fidelity; two Werner 0.99 hops swap to
    # F = F1 F2 + (1 - F1)(1 - F2)/3 (Duer et al. 1999) = 0.98003
    assert direct.fidelity == pytest.approx(0.6, abs=1e-9)
    assert swapped.fidelity == pytest.approx(0.99 * 0.99 + 0.01 * 0.01 / 3, abs=1e-9)
    assert swapped.wall_clock_s < direct.wall_clock_s


def test_route_key_in_the_network_file():
    text = """
route = "{route}"
[[qpu]]
name = "A"
[[qpu]]
name = "B"
"""
    net, issues = check_network_text(text.format(route="rate"))
    assert not issues and net.routing == "rate"
    net, issues = check_network_text(text.format(route="shortest"))
    assert net is None and issues[0].line == 2 and "route = 'shortest'" in issues[0].message
    with pytest.raises(ParameterError, match="route"):
        Network((QPU.ideal("A"),), routing="widest")
    assert math.isfinite(_ring("fidelity").graph.edges["A", "B"]["fidelity_cost"])
