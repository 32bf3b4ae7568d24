"""Purification rounds before use on a network link: the delivered pair, the rate and the pair
accounting against closed forms and an independent Aer construction with the pass's own noise."""


import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.library import RXGate
from qiskit.quantum_info import DensityMatrix
from qiskit_aer import AerSimulator

from qnet_plugin.channels import aer_noise as net_noise
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import ghz_circuit
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, Purification, loads_network
from qnet_plugin.network.config import check_network_text
from qnet_plugin.network.purify import local_noise
from qnet_plugin.network.run import run_distributed
from qnet_plugin.states import bell_coefficients


def dejmps_map(c):
    """One DEJMPS round on Bell coefficients (A, B, C, D) = (Phi+, Psi-, Psi+, Phi-), perfect gates:
    Deutsch et al., PRL 77, 2818 (1996), Eq. (4): A' = (A^2 + B^2)/N, B' = 2CD/N, C' = (C^2 + D^2)/N,
    D' = 2AB/N, N = (A + B)^2 + (C + D)^2 (= the success probability). Returns (c', N)."""
    a, b, cc, d = c
    n = (a + b) ** 2 + (cc + d) ** 2
    return np.array([a * a + b * b, 2 * cc * d, cc * cc + d * d, 2 * a * b]) / n, n


def bbpssw_werner(f):
    """BBPSSW on Werner pairs, perfect gates (Bennett et al., PRL 76, 722 (1996)):
    F' = (F^2 + q^2)/(F^2 + 2Fq + 5q^2), q = (1 - F)/3; the denominator is the success probability."""
    q = (1 - f) / 3
    p = f * f + 2 * f * q + 5 * q * q
    return (f * f + q * q) / p, p


def bell_program():
    return ghz_circuit(2)


def werner_net(f, rate, protocol, rounds, **qpu_kw):
    qpus = (QPU.ideal("A", 1, **qpu_kw), QPU.ideal("B", 1, **qpu_kw))
    return Network(qpus, (Link("A", "B", WernerLink(fidelity=f, rate_hz=rate), distance=0.0,
                               purification=Purification(protocol, rounds)),))


@pytest.mark.parametrize("protocol", ["dejmps", "bbpssw"])
def test_one_round_on_a_werner_link_gives_the_recurrence_fidelity(protocol):
    # Werner pairs F = 0.85 at 1 kHz, ideal QPUs: the remote Bell pair made with the purified pair
    # has the recurrence output fidelity (the remote CNOT on |+>|0> passes the pair's Phi+ weight
    # on), the link spends 2/p pairs per purified pair and its rate drops to r p/2.
    f, rate = 0.85, 1e3
    net = werner_net(f, rate, protocol, 1)
    res = run_distributed(bell_program(), net, ["A", "B"], shots=10, method="density_matrix")
    f_out, p = bbpssw_werner(f)
    c1, n1 = dejmps_map([f] + [(1 - f) / 3] * 3)
    assert n1 == pytest.approx(p, abs=1e-15) and c1[0] == pytest.approx(f_out, abs=1e-15)  # same on Werner
    assert res.fidelity == pytest.approx(f_out, abs=1e-9)
    link = res.links[0]
    assert link["purification"] == f"{protocol} x1"
    assert link["raw_pair_fidelity"] == pytest.approx(f, abs=1e-12)
    assert link["pair_fidelity"] == pytest.approx(f_out, abs=1e-9)
    assert link["raw_pair_rate_hz"] == pytest.approx(rate)
    assert link["pair_rate_hz"] == pytest.approx(rate * p / 2, rel=1e-9)
    assert res.pairs_consumed == link["pairs"] == 1
    assert link["raw_pairs"] == pytest.approx(2 / p, rel=1e-9)
    assert res.raw_pairs_consumed == pytest.approx(2 / p, rel=1e-9)
    # one purified pair takes its mean generation time E/r (ideal QPUs take no time themselves)
    assert res.wall_clock_s == pytest.approx(2 / (p * rate), rel=1e-9)


def test_two_dejmps_rounds_iterate_the_map():
    f = 0.8
    c1, n1 = dejmps_map([f] + [(1 - f) / 3] * 3)
    c2, n2 = dejmps_map(c1)
    net = werner_net(f, 1e6, "dejmps", 2)
    link = net.links[0]
    assert bell_coefficients(link.pair_state) == pytest.approx(c2, abs=1e-9)
    res = run_distributed(bell_program(), net, ["A", "B"], shots=10, method="density_matrix")
    assert res.fidelity == pytest.approx(c2[0], abs=1e-9)
    # E_2 = 2 E_1 / p_2 = 4 / (p_1 p_2) link pairs per output pair
    assert res.links[0]["raw_pairs"] == pytest.approx(4 / (n1 * n2), rel=1e-9)


def test_pass_noise_reading_equals_the_purification_noise():
    # The QPU's average gate infidelities map onto LocalNoise with the same depolarizing strength
    # the pass inserts after every gate (p = 4r/3 for two qubits, 2r for one).
    qpu = QPU(name="A", gate_error_1q=3e-3, gate_error_2q=2e-2, measurement_error=0.04, t1=80e-6,
              t2=60e-6, comm_t1=1e-3, comm_t2=5e-4)
    ln = local_noise(qpu, qpu)
    assert ln.p2 == pytest.approx(4 / 3 * 2e-2, abs=1e-15) and ln.p1 == pytest.approx(2 * 3e-3, abs=1e-15)
    assert ln.measurement_error == 0.04 and ln.memory_t1 == 1e-3 and ln.memory_t2 == 5e-4
    other = QPU(name="B", gate_error_2q=5e-2, comm_t1=2e-4, comm_t2=1e-4)
    worse = local_noise(qpu, other)  # two different ends: the worse figure of each
    assert worse.gate_fidelity == pytest.approx(0.95) and worse.memory_t1 == 2e-4 and worse.memory_t2 == 1e-4


def test_noisy_round_against_an_independent_aer_construction():
    # One DEJMPS round written out gate by gate on Aer with the pass's own noise channels
    # (network.noise: depolarizing of the QPU's average infidelity after each gate, a read-out flip
    # before each measurement, thermal relaxation of the kept pair while the second pair is made),
    # post-selected by hand. The network link's purified pair must be the same state.
    f, rate = 0.9, 2e4
    kw = dict(gate_error_1q=2e-3, gate_error_2q=1.5e-2, measurement_error=0.03, comm_t1=300e-6, comm_t2=200e-6)
    net = werner_net(f, rate, "dejmps", 1, **kw)
    qpu = net.qpu("A")
    rho_w = DensityMatrix(WernerLink(fidelity=f).report().state)
    qc = QuantumCircuit(4)
    qc.set_density_matrix(rho_w.expand(rho_w))  # pair 0 on (0, 1), pair 1 on (2, 3)
    wait = net_noise.idle_channel(1 / rate, qpu.storage_t1, qpu.storage_t2)  # pair 0 waits 1/r
    qc.append(wait, [0])
    qc.append(wait, [1])
    e1, e2 = net_noise.gate_error(qpu.gate_error_1q, 1), net_noise.gate_error(qpu.gate_error_2q, 2)
    for q, angle in ((0, np.pi / 2), (1, -np.pi / 2), (2, np.pi / 2), (3, -np.pi / 2)):
        qc.append(RXGate(angle), [q])
        qc.append(e1, [q])
    for c, t in ((0, 2), (1, 3)):
        qc.cx(c, t)
        qc.append(e2, [c, t])
    flip = net_noise.readout_flip(qpu.measurement_error)
    qc.append(flip, [2])
    qc.append(flip, [3])
    qc.save_density_matrix(label="rho")
    full = np.asarray(AerSimulator(method="density_matrix").run(qc, shots=1).result().data()["rho"])
    # post-select "both halves of pair 1 agree" (qubits 2, 3 equal), then trace pair 1 out
    t = full.reshape(2, 2, 2, 2, 2, 2, 2, 2)  # (q3, q2, q1, q0) x (q3, q2, q1, q0)
    kept = sum(t[b, b, :, :, b, b, :, :] for b in (0, 1)).reshape(4, 4)
    p = np.real(np.trace(kept))
    link = net.links[0]
    assert np.allclose(link.pair_state.data, kept / p, atol=1e-9)
    assert link.purified.success_probability == pytest.approx(p, abs=1e-9)
    assert link.raw_pairs_per_pair == pytest.approx(2 / p, rel=1e-9)


def test_purification_is_reported_in_the_breakdown_and_changes_nothing_without_it():
    plain = Network((QPU.ideal("A", 1), QPU.ideal("B", 1)), (Link("A", "B", WernerLink(fidelity=0.9)),))
    res = run_distributed(bell_program(), plain, ["A", "B"], shots=10, method="density_matrix")
    link = res.links[0]
    assert link["purification"] is None and link["raw_pairs"] == link["pairs"] == 1
    assert link["raw_pair_fidelity"] == link["pair_fidelity"] and res.raw_pairs_consumed == 1


GOOD = """[[qpu]]
name = "A"
[[qpu]]
name = "B"
[[link]]
between = ["A", "B"]
model = "werner"
purification = {protocol = "bbpssw", rounds = 2}
"""


def test_toml_table_and_flat_forms():
    net = loads_network(GOOD)
    assert net.links[0].purification == Purification("bbpssw", 2)
    flat = GOOD.replace('purification = {protocol = "bbpssw", rounds = 2}',
                        'purification_protocol = "bbpssw"\npurification_rounds = 2')
    assert loads_network(flat).links[0].pair_state == net.links[0].pair_state
    sub = GOOD.replace('purification = {protocol = "bbpssw", rounds = 2}',
                       '[link.purification]\nprotocol = "bbpssw"\nrounds = 2')
    assert loads_network(sub).links[0].pair_fidelity == pytest.approx(net.links[0].pair_fidelity)


@pytest.mark.parametrize("text, line, field, words", [
    ('{protocol = "magic", rounds = 1}', 8, "link[0].purification.protocol",
     "purification_protocol = 'magic' is not allowed; choose one of 'minimal', 'bbpssw', 'dejmps'"),
    ('{protocol = "dejmps", rounds = 0}', 8, "link[0].purification.rounds",
     "purification_rounds = 0 is outside the allowed range [1, 64]"),
    # issue 11: 10^6 rounds (2^(10^6) raw pairs per output) never finished; refused at once
    ('{protocol = "dejmps", rounds = 1000000}', 8, "link[0].purification.rounds",
     "purification_rounds = 1000000 is too large: 2^1000000 raw pairs per purified pair; limit 64"),
    ('{protocol = "pumping", rounds = 65}', 8, "link[0].purification.rounds", "limit 64"),
    ('{protocol = "dejmps", rounds = 1.5}', 8, "link[0].purification.rounds", "is not an integer"),
    ('{protocol = "dejmps", round = 1}', 8, "link[0].purification.round", "unknown purification field"),
    ('{rounds = 1}', 8, "link[0].purification", "needs protocol"),
    ('"dejmps"', 8, "link[0].purification", "must be a table"),
    ('{protocol = "dejmps"}\npurification_rounds = 2', 8, "link[0].purification", "not both"),
])
def test_bad_purification_names_line_and_field(text, line, field, words):
    bad = GOOD.replace('{protocol = "bbpssw", rounds = 2}', text)
    net, issues = check_network_text(bad, "net.toml")
    assert net is None and issues[0].line == line and issues[0].field == field
    assert words in issues[0].message


def test_bad_purification_in_python():
    with pytest.raises(ParameterError, match="purification_rounds = 0"):
        Purification("dejmps", 0)
    with pytest.raises(ParameterError, match="purification_protocol = 'x'"):
        Purification("x", 1)
    with pytest.raises(ParameterError, match="purification = 'dejmps'"):
        Link("A", "B", WernerLink(), purification="dejmps")
