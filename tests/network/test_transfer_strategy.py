"""Strategy "transfer": non-local gates by moving the qubit itself through a deterministic
state-transfer link (paper 002's mm-wave link, the direct electro-optic link).

Independent checks: an ideal transfer channel reproduces the undistributed circuit (Aer density
matrix vs ideal statevector, 1e-9); GHZ states through the default MillimeterWaveLink equal a numpy
density-matrix calculation that applies the channel's Kraus operators to the transferred qubit
(1e-9); the reverse direction meets the chain's stages in reverse order (direct map of the
phase-covariant channel, 002 App. A / docs/papers/002_mmwave.md); waiting during a transfer is
T2 dephasing, (1 + e^{-tau/T2})/2 for a GHZ-3.
"""

import json
from dataclasses import dataclass

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit.random import random_circuit
from qiskit.quantum_info import DensityMatrix, Statevector, state_fidelity
from qiskit_aer import AerSimulator

from qnet_plugin.channels import apply
from qnet_plugin.cli import main
from qnet_plugin.core.validation import ParameterError, param
from qnet_plugin.links.base import PHI_PLUS, LinkModel, LinkReport, TransferSource, fidelity_to
from qnet_plugin.links.mmwave import MillimeterWaveLink
from qnet_plugin.links.transfer_channel import Stage, TransferChannel, qubit_map_parameters
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.run import run_distributed
from qnet_plugin.network.simulate import lower_for_aer


@dataclass(frozen=True)
class ChannelLink(TransferSource, LinkModel):
    """Stand-in transfer link: loss ``transmittance`` then ``added_noise`` photons (an asymmetric
    two-stage chain), one conversion per 1/``rate_hz``. Defaults: the identity channel."""

    name = "test-transfer"
    description = "test stand-in with a transfer channel"

    rate_hz: float = param(1e15, "transfers per second", "Hz", low=0.0, low_open=True)
    transmittance: float = param(1.0, "stage 1 transmittance", low=0.0, high=1.0)
    added_noise: float = param(0.0, "stage 2 added photons", low=0.0)

    def transfer_channel(self) -> TransferChannel:
        return TransferChannel((Stage("loss", self.transmittance), Stage("noise", 1.0, self.added_noise)))

    def report(self) -> LinkReport:
        rho = apply(self.transfer_channel().kraus(), DensityMatrix(PHI_PLUS), qargs=[1])
        return LinkReport(link=self.name, rate_hz=self.rate_hz, state=rho, fidelity=fidelity_to(rho),
                          heat_w=0.0, parameters=self.parameters())


def line(model, n_qpus=2, data_qubits=2, **qpu_kw):
    names = [chr(ord("A") + i) for i in range(n_qpus)]
    qpus = tuple(QPU.ideal(n, data_qubits, **qpu_kw) for n in names)
    # a model with its own length (the mm-wave waveguide) is placed at that length: the link's
    # distance and the model's length are one quantity (issue 15); others at no distance
    links = tuple(Link(a, b, model, distance=getattr(model, "length", 0.0)) for a, b in zip(names, names[1:]))
    return Network(qpus, links, name="line")


def output_state(dc) -> DensityMatrix:
    """Reduced state of the output register (logical order), exact Aer density matrix."""
    body = lower_for_aer(dc.body, "density_matrix")
    body.save_density_matrix(qubits=dc.final_qubits, label="rho")
    data = AerSimulator(method="density_matrix").run(body, shots=1).result().data()["rho"]
    return DensityMatrix(np.asarray(data))


# ------------------------------------------------------------------ (1) ideal channel = no network
@pytest.mark.parametrize("seed, data_qubits, strategy", [(0, 2, "transfer"), (1, 3, "transfer"),
                                                         (2, 2, "auto"), (3, 3, "auto"), (4, 2, "transfer")])
def test_identity_channel_reproduces_random_circuits(seed, data_qubits, strategy):
    # 3 QPUs on a line (multi-hop transfers through relays); data_qubits = 2 fills A and B, so
    # "transfer" must visit (transfer into a communication qubit, gate, transfer back).
    rng = np.random.default_rng(seed)
    net = line(ChannelLink(), n_qpus=3, data_qubits=data_qubits)
    qc = random_circuit(5, 5, max_operands=3, seed=seed)
    assignment = list(rng.permutation(["A", "A", "B", "B", "C"]))
    dc = distribute_circuit(qc, net, assignment, strategy=strategy)
    assert state_fidelity(output_state(dc), Statevector(qc)) == pytest.approx(1.0, abs=1e-9)
    if strategy == "transfer":
        assert dc.transfers > 0 and dc.pairs_consumed == 0 and dc.teleports == 0 and dc.remote_gates == 0
    assert dc.transfers == sum(u.transfers for u in dc.usages.values())


# ------------------------------------------------------------------ (2) mm-wave channel vs numpy
def _cx(n, c, t):
    """CNOT on n qubits, qubit k = k-th tensor factor (big-endian, numpy's own order)."""
    dim = 2 ** n
    u = np.zeros((dim, dim))
    for i in range(dim):
        bits = [(i >> (n - 1 - k)) & 1 for k in range(n)]
        if bits[c]:
            bits[t] ^= 1
        u[sum(b << (n - 1 - k) for k, b in enumerate(bits)), i] = 1
    return u


def _on(n, k, op):
    mats = [np.eye(2)] * n
    mats[k] = op
    out = mats[0]
    for m in mats[1:]:
        out = np.kron(out, m)
    return out


def _kraus_on(rho, n, k, kraus):
    return sum(_on(n, k, e) @ rho @ _on(n, k, e).conj().T for e in kraus)


def _ghz(n):
    v = np.zeros(2 ** n)
    v[0] = v[-1] = 2 ** -0.5
    return v


H = np.array([[1, 1], [1, -1]]) / np.sqrt(2)


@pytest.mark.parametrize("n", [2, 3])
def test_mmwave_ghz_equals_numpy_kraus_on_the_transferred_qubit(n):
    link = MillimeterWaveLink()
    kraus = link.transfer_channel().kraus().data
    net = line(link, data_qubits=2)
    qc = QuantumCircuit(n)
    qc.h(0)
    for i in range(n - 1):
        qc.cx(i, i + 1)
    assignment = ["A"] * (n - 1) + ["B"]
    res = run_distributed(qc, net, assignment, shots=10, method="density_matrix", strategy="transfer")
    # numpy: the ideal circuit with E on qubit n-2 just before the CX that crosses to B (that qubit
    # moves, B has room; GHZ-2 moves qubit 0 in |+>).
    rho = np.zeros((2 ** n, 2 ** n), dtype=complex)
    rho[0, 0] = 1
    u = _on(n, 0, H)
    for i in range(n - 2):
        u = _cx(n, i, i + 1) @ u
    rho = u @ rho @ u.conj().T
    rho = _kraus_on(rho, n, n - 2, kraus)
    last = _cx(n, n - 2, n - 1)
    rho = last @ rho @ last.T
    expected = float(np.real(_ghz(n) @ rho @ _ghz(n)))
    assert res.fidelity == pytest.approx(expected, abs=1e-9)
    assert res.final_location[n - 2] == "B" and res.transfers == 1 and res.pairs_consumed == 0
    use = res.links[0]
    assert use["transfers"] == 1 and use["pairs"] == 0
    # ideal QPUs (zero gate times): the program lasts one conversion, 1/Delta (002 Sec. II)
    assert res.wall_clock_s == pytest.approx(1 / link.report().rate_hz, rel=1e-12)
    assert use["transfer_s"] == pytest.approx(1 / link.report().rate_hz, rel=1e-12)
    # paper 002's mm-wave transfer is not good enough to beat its own pair fidelity on GHZ-2
    assert expected < 1.0


def _phase_covariant(rho, n, k, p_up, p_down, lam):
    """The transfer map written directly on qubit k (docs/papers/002_mmwave.md): populations
    (1-p_up, p_up | p_down, 1-p_down), coherence x lambda."""
    t = rho.reshape([2] * (2 * n)).copy()
    out = np.zeros_like(t)
    idx = lambda a, b: tuple([slice(None)] * k + [a] + [slice(None)] * (n - 1) + [b] + [slice(None)] * (n - 1 - k))
    out[idx(0, 0)] = (1 - p_up) * t[idx(0, 0)] + p_down * t[idx(1, 1)]
    out[idx(1, 1)] = p_up * t[idx(0, 0)] + (1 - p_down) * t[idx(1, 1)]
    out[idx(0, 1)] = lam * t[idx(0, 1)]
    out[idx(1, 0)] = lam * t[idx(1, 0)]
    return out.reshape(2 ** n, 2 ** n)


def test_reverse_direction_meets_the_stages_in_reverse_order():
    # Asymmetric chain loss t then noise N: A -> B adds N, B -> A adds t N (N <- t_k N + N_k).
    t, noise = 0.8, 0.05
    net = line(ChannelLink(transmittance=t, added_noise=noise))
    qc = QuantumCircuit(2)
    qc.h(0)
    qc.cx(0, 1)
    for assignment, n_added in ((["A", "B"], noise), (["B", "A"], t * noise)):
        res = run_distributed(qc, net, assignment, shots=10, method="density_matrix", strategy="transfer")
        plus = np.full((4, 4), 0.0, dtype=complex)
        plus[np.ix_([0, 2], [0, 2])] = 0.5  # |+>|0>
        rho = _phase_covariant(plus, 2, 0, *qubit_map_parameters(t, n_added))
        rho = _cx(2, 0, 1) @ rho @ _cx(2, 0, 1).T
        assert res.fidelity == pytest.approx(float(np.real(_ghz(2) @ rho @ _ghz(2))), abs=1e-9)
    assert qubit_map_parameters(t, noise) != qubit_map_parameters(t, t * noise)


def test_waiting_during_a_transfer_is_t2_dephasing():
    # GHZ-3 on A, A, B: qubit 1 flies for tau = 1/R while qubit 0 (half of Phi+) waits at A.
    rate, t2 = 1e5, 20e-6
    tau = 1 / rate
    net = line(ChannelLink(rate_hz=rate), data_qubits=2, t2=t2)
    qc = QuantumCircuit(3)
    qc.h(0); qc.cx(0, 1); qc.cx(1, 2)
    res = run_distributed(qc, net, ["A", "A", "B"], shots=10, method="density_matrix", strategy="transfer")
    assert res.fidelity == pytest.approx((1 + np.exp(-tau / t2)) / 2, abs=1e-9)
    assert res.wall_clock_s == pytest.approx(tau, rel=1e-12)
    # two transfers on one link are serialised: the second qubit waits tau for the link
    qc2 = QuantumCircuit(4)
    qc2.cx(0, 2); qc2.cx(1, 3)
    dc = distribute_circuit(qc2, line(ChannelLink(rate_hz=rate), data_qubits=4), ["A", "A", "B", "B"],
                            strategy="transfer")
    use = dc.usages["A-B"]
    assert use.transfers == 2 and use.data_wait_s == pytest.approx(tau) and dc.wall_clock_s == pytest.approx(2 * tau)


def test_auto_transfers_only_when_every_link_can_and_moving_is_cheaper():
    qc = QuantumCircuit(4)
    qc.cx(0, 2); qc.cx(0, 3); qc.cx(0, 2)  # three remote CNOTs, or one move
    mm = distribute_circuit(qc, line(MillimeterWaveLink(), data_qubits=3), ["A", "A", "B", "B"])
    assert (mm.transfers, mm.teleports, mm.pairs_consumed) == (1, 0, 0)
    heralded = distribute_circuit(qc, line(WernerLink(rate_hz=1e6), data_qubits=3), ["A", "A", "B", "B"])
    assert (heralded.transfers, heralded.teleports, heralded.pairs_consumed) == (0, 1, 1)
    one = QuantumCircuit(2)
    one.cx(0, 1)  # one gate: one link use either way (a pair, or a transfer); the faster wins
    single = distribute_circuit(one, line(MillimeterWaveLink()), ["A", "B"])
    remote = distribute_circuit(one, line(MillimeterWaveLink()), ["A", "B"], strategy="remote-cx")
    assert single.transfers + single.pairs_consumed == 1 and remote.pairs_consumed == 1
    assert single.wall_clock_s <= remote.wall_clock_s


def test_stabilizer_twirl_keeps_the_transfer_fidelity():
    # Pauli twirl of E (Bell weights of its Choi state) preserves the GHZ fidelity of a Clifford run
    net = line(MillimeterWaveLink())
    qc = QuantumCircuit(2, 2)
    qc.h(0); qc.cx(0, 1); qc.measure([0, 1], [0, 1])
    exact = run_distributed(qc, net, ["A", "B"], shots=10, method="density_matrix", strategy="transfer")
    twirled = run_distributed(qc, net, ["A", "B"], shots=4000, seed=5, method="stabilizer", strategy="transfer")
    assert twirled.noise_form == "pauli-twirled" and twirled.transfers == 1
    assert abs(twirled.fidelity - exact.fidelity) < 4 * twirled.fidelity_stderr + 1e-3


# ------------------------------------------------------------------ (3) CLI, (4) errors
def test_cli_transfer_on_the_mmwave_example(capsys):
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges_mmwave.toml", "--strategy", "transfer",
                 "--shots", "200", "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    link = data["links"][0]
    assert link["model"] == "mmwave" and link["transfers"] == data["transfers"] > 0
    assert data["pairs_consumed"] == 0 and link["transfer_s"] == pytest.approx(link["transfers"] / link["pair_rate_hz"])
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges_mmwave.toml", "--strategy", "transfer",
                 "--shots", "50"]) == 0
    assert "qubit transfers" in capsys.readouterr().out


def test_heralded_link_with_strategy_transfer_names_the_link(capsys):
    net = line(WernerLink(), n_qpus=3)
    qc = QuantumCircuit(2)
    qc.h(0); qc.cx(0, 1)
    with pytest.raises(ParameterError, match=r"strategy = 'transfer' is not possible on link A-B \(model 'werner'\)"):
        distribute_circuit(qc, net, ["A", "B"], strategy="transfer")
    # a mixed route: the first link transfers, the second (B-C) heralds
    mixed = Network(net.qpus, (Link("A", "B", ChannelLink()), Link("B", "C", WernerLink())))
    with pytest.raises(ParameterError, match="link B-C"):
        distribute_circuit(qc, mixed, ["A", "C"], strategy="transfer")
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--strategy", "transfer"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "link A-B" in err[0] and "electro-optic" in err[0]
