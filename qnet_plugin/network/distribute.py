"""The distribution pass: an ordinary circuit + a network -> the circuit the hardware really runs.

Every logical qubit lives on a QPU (an explicit assignment, or :func:`.partition.partition_qubits`).
Local gates stay as they are, followed by the QPU's gate noise. A two-qubit gate between QPUs is
rewritten into link-consuming operations, whichever costs fewer pairs:

* **remote CNOT** by gate teleportation (``qnet_plugin.circuit.remote_cx``: cat-entangler and
  disentangler, one pair per CNOT; CZ/CY get local basis changes, other gates are decomposed into
  these first), or
* **teleporting a qubit** (``qnet_plugin.circuit.teleport``) to the other QPU, where the following
  run of gates with that QPU is local, and back later if needed (one pair each way), or
* **transferring a qubit** (``qnet_plugin.circuit.transfer.Transfer``) through the link itself, on
  links whose model is a deterministic state-transfer channel (``transfer_channel()``: paper 002's
  millimetre-wave link, the direct electro-optic link): the same moves as teleportation, one
  channel use per hop each way, but no pair, no Bell measurement and no classical feed-forward;
  the data qubit goes through the channel E itself. Strategy ``"transfer"`` always moves this way
  (a full destination is visited: transfer into a communication qubit, gate, transfer back);
  ``"auto"`` moves this way instead of teleporting when every link of the route has a transfer
  channel (and purifies nothing): the same link uses, no measurement time, no latency, and E is
  applied once rather than Pauli-twirled through a pair.

Gates between QPUs without a direct link use an end-to-end pair made by entanglement swapping
along the best route (:mod:`.swapping`). A SWAP gate is a relabelling of where each logical qubit
lives and costs nothing. Time is modelled alongside (:mod:`.timing`): gate and read-out durations,
pair generation from each link's rate, classical latency of the feed-forward, and the idle time of
every waiting data qubit and stored pair becomes a thermal-relaxation channel (:mod:`.noise`).

The protocols are written in their **coherent** form (the measured qubit controls the Pauli
correction; ``feed_forward="coherent"`` of ``qnet_plugin.circuit``): by the deferred-measurement
principle this gives the shot-averaged output exactly, in one density-matrix shot, and it keeps the
circuit free of mid-circuit measurement. A wrong read-out is an X on the measured qubit before the
correction; the time of the measurement and of the classical message is charged in the schedule.

The simulator qubits are the data qubits plus a small pool of communication qubits that are reused
(a new pair's preparation replaces whatever they held), so a program over many QPUs costs only
2 (one hop) or 4 (multi-hop) extra simulated qubits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from qiskit.circuit import ControlFlowOp, QuantumCircuit, Reset
from qiskit.circuit.library import CXGate, HGate, SwapGate, get_standard_gate_name_mapping
from qiskit.converters import circuit_to_dag, dag_to_circuit
from qiskit.transpiler.basepasses import TransformationPass

from qnet_plugin.channels import aer_noise as _noise
from qnet_plugin.circuit import BellPair, remote_cx, teleport
from qnet_plugin.circuit.transfer import Transfer
from qnet_plugin.core.validation import ParameterError, check_choice
from qnet_plugin.links.base import is_transfer_source
from qnet_plugin.network.circuit_walk import NON_GATES as _NON_GATES
from qnet_plugin.network.circuit_walk import flatten as _flatten
from qnet_plugin.network.circuit_walk import remote_cost
from qnet_plugin.network.model import Network
from qnet_plugin.network.timing import POLICIES, LinkClock, LinkUsage

STRATEGIES = ("auto", "remote-cx", "teleport", "transfer")
#: Gates whose output state a stabilizer simulator can follow (with Pauli noise).
CLIFFORD_GATES = frozenset({"id", "x", "y", "z", "h", "s", "sdg", "sx", "sxdg", "cx", "cy", "cz",
                            "swap", "iswap", "ecr", "dcx", "measure", "barrier", "reset", "delay"})
#: Two-qubit gates rewritten directly (after local basis changes) into one remote CNOT.
_REMOTE_PRIMITIVES = {"cx": ((), ()), "cz": (("h",), ("h",)), "cy": (("sdg",), ("s",))}
_TIME_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12}


@dataclass
class DistributedCircuit:
    """What the pass produces: the simulated circuit and everything measured about it.

    Attributes:
        body: the noisy distributed circuit up to (not including) the final measurements.
        final_measurements: (simulator qubit, clbit index, QPU) for every final measurement.
        final_qubits: simulator qubit of each logical qubit at the end (the output register).
        final_location: QPU of each logical qubit at the end.
        assignment: QPU of each logical qubit at the start.
        ideal: the logical circuit without its final measurements, or None when it is not a
            unitary (mid-circuit measurement, reset, control flow): then no fidelity is computed.
        usages: per-link :class:`~.timing.LinkUsage`.
        wall_clock_s: modelled hardware time of one run of the program, final read-out included.
        remote_gates / teleports: how many of each rewriting were used.
        transfers: qubits sent through a link's transfer channel (one per hop each way).
        clifford: True when the program (and its Pauli-twirled noise) is stabilizer-simulable.
        twirled: True when pairs and idling were written as Pauli channels (stabilizer form).
    """

    body: QuantumCircuit
    final_measurements: list
    final_qubits: list
    final_location: list
    assignment: list
    ideal: QuantumCircuit | None
    usages: dict
    wall_clock_s: float
    remote_gates: int = 0
    teleports: int = 0
    transfers: int = 0
    clifford: bool = False
    twirled: bool = False
    logical: QuantumCircuit | None = field(default=None, repr=False)

    @property
    def num_qubits(self) -> int:
        """Simulated qubits (data + communication pool)."""
        return self.body.num_qubits

    @property
    def pairs_consumed(self) -> int:
        """Link pairs consumed, over all links (a swapped pair counts one per link it used); a
        purifying link counts its purified pairs (see :attr:`raw_pairs_consumed`)."""
        return sum(u.pairs for u in self.usages.values())

    @property
    def raw_pairs_consumed(self) -> float:
        """Expected model pairs consumed, over all links, sacrificed purification pairs included."""
        return float(sum(u.raw_pairs for u in self.usages.values()))

    def circuit(self, fidelity_probe: bool = False, label: str = "fidelity",
                pershot: bool = False) -> QuantumCircuit:
        """The executable circuit: body (+ optional fidelity probe) + noisy final measurements.

        The probe applies the ideal inverse U^dagger to the output register, saves the probability
        of |0...0> (= <psi_ideal| rho |psi_ideal>, the output fidelity) under ``label`` and applies
        U again, noiselessly, so the measured counts are those of the noisy output state.
        """
        qc = self.body.copy()
        if fidelity_probe:
            if self.ideal is None:
                raise ParameterError("fidelity_probe = True is not possible: the program is not unitary "
                                     "before its final measurements")
            qc.compose(self.ideal.inverse(), qubits=self.final_qubits, inplace=True)
            from qiskit_aer.library import SaveAmplitudesSquared

            # Aer's amplitude probe reads the full register's |0...0> amplitude (measured: it does
            # not marginalise over unlisted qubits), so the communication pool is reset first:
            # reset traces a qubit out and leaves |0>, making this P(output register = 0...0).
            pool = [q for q in range(qc.num_qubits) if q not in set(self.final_qubits)]
            for q in pool:
                qc.reset(q)
            qc.append(SaveAmplitudesSquared(qc.num_qubits, [0], label=label, pershot=pershot),
                      list(range(qc.num_qubits)))
            qc.compose(self.ideal, qubits=self.final_qubits, inplace=True)
        for sim_q, clbit, flip in self.final_measurements:
            if flip is not None:
                qc.append(flip, [sim_q])
            qc.measure(sim_q, clbit)
        return qc


# ---------------------------------------------------------------------------- helpers
def _final_measure_flags(ops) -> list[bool]:
    """True for measurements that nothing touches afterwards (they become the output read-out)."""
    flags = [False] * len(ops)
    touched_q, touched_c = set(), set()
    for i in range(len(ops) - 1, -1, -1):
        op, qs, cs = ops[i]
        if op.name == "barrier":
            continue
        if op.name == "measure" and qs[0] not in touched_q and cs[0] not in touched_c:
            flags[i] = True
        touched_q.update(qs)
        touched_c.update(cs)
    return flags


def _ideal_part(circuit: QuantumCircuit) -> QuantumCircuit | None:
    """The logical circuit before its final measurements (None if not unitary)."""
    ops = _flatten(circuit)
    final = _final_measure_flags(ops)
    qc = QuantumCircuit(circuit.num_qubits)
    for (op, qs, cs), is_final in zip(ops, final):
        if is_final or op.name in ("barrier", "delay"):
            continue
        if op.name in ("measure", "reset") or isinstance(op, ControlFlowOp) or cs:
            return None
        qc.append(op, qs)
    return qc


def is_clifford(circuit: QuantumCircuit) -> bool:
    """True when every operation is a Clifford gate (or measure/reset/barrier)."""
    return all(op.name in CLIFFORD_GATES for op, _, _ in _flatten(circuit))


def _duration_s(op) -> float:
    unit = getattr(op, "unit", "s") or "s"
    if unit not in _TIME_UNITS:
        raise ParameterError(f"delay unit = {unit!r} is not allowed; choose one of "
                             f"{', '.join(_TIME_UNITS)} (dt has no meaning on a network)")
    return float(op.params[0]) * _TIME_UNITS[unit]


@cache
def _protocol(kind: str) -> tuple:
    """(operation, qubit indices) of a ``qnet_plugin.circuit`` protocol in coherent form."""
    scratch = QuantumCircuit(3 if kind == "teleport" else 4)
    if kind == "teleport":
        teleport(scratch, 0, 1, 2, feed_forward="coherent")
    else:
        remote_cx(scratch, 0, 1, 2, 3, feed_forward="coherent")
    return tuple((inst.operation, tuple(scratch.find_bit(q).index for q in inst.qubits))
                 for inst in scratch.data)


_GATES = get_standard_gate_name_mapping()


def supports_transfer(link) -> bool:
    """True when ``link``'s model declares the transfer capability (:class:`~qnet_plugin.links.base.TransferSource`)."""
    return is_transfer_source(link.model)


def require_transfer(link) -> None:
    """ParameterError naming ``link`` when it cannot carry a qubit (strategy ``"transfer"``)."""
    if not supports_transfer(link):
        raise ParameterError(
            f"strategy = 'transfer' is not possible on link {link.name} (model "
            f"{link.report.link!r}): it delivers heralded pairs and has no transfer channel; use "
            "a link whose model is a TransferSource or choose strategy "
            "'auto', 'remote-cx' or 'teleport'")


def transfer_instruction(link, src: str) -> Transfer:
    """The :class:`~qnet_plugin.circuit.transfer.Transfer` from QPU ``src`` across ``link``.

    A :class:`~qnet_plugin.links.transfer_channel.TransferChannel` is a chain of stages written
    from ``qpu_a`` to ``qpu_b``; sent the other way the qubit meets them in reverse order (the same
    map for the symmetric converter-waveguide-converter chains of papers 000/002). Any other
    single-qubit channel a model returns is used in both directions.
    """
    from qnet_plugin.links.transfer_channel import TransferChannel

    require_transfer(link)
    ch = link.model.transfer_channel()
    if isinstance(ch, TransferChannel) and src == link.qpu_b:
        ch = TransferChannel(tuple(reversed(ch.stages)))
    return Transfer(ch, label=link.report.link)


# ---------------------------------------------------------------------------- the builder
class _Builder:
    """Writes the simulated circuit op by op, inserting local noise, idle noise and time."""

    def __init__(self, network: Network, twirl: bool, noise: bool, pair_timing: str):
        self.net = network
        self.twirl = twirl
        self.noise = noise
        self.ops: list = []
        self.qpu_of: list[str] = []
        self.role: list[str] = []
        self.ready: list[float] = []
        self.alive: list[bool] = []
        self.touched: list[bool] = []
        self.pool: list[int] = []
        check_choice("pair_timing", pair_timing, POLICIES)
        self.clocks, self.usages = {}, {}
        for link in network.links:
            buf = min(network.qpu(link.qpu_a).comm_qubits, network.qpu(link.qpu_b).comm_qubits)
            self.clocks[link.name] = LinkClock(1.0 / link.pair_rate_hz, buf, pair_timing)
            self.usages[link.name] = LinkUsage(
                link.name, link.report.link, link.pair_rate_hz, link.pair_fidelity, link.channels,
                purification=None if link.purification is None else str(link.purification),
                raw_pair_rate_hz=link.raw_pair_rate_hz, raw_pair_fidelity=link.raw_pair_fidelity,
                raw_pairs_per_pair=link.raw_pairs_per_pair,
                purification_success=1.0 if link.purified is None else link.purified.success_probability)
        self._pair_ops: dict = {}
        self._transfer_ops: dict = {}
        self.pair_link: dict[int, str] = {}  # comm qubit -> link whose pair half it holds
        self._routes: dict = {}

    # -- qubits
    def new_qubit(self, qpu: str, role: str) -> int:
        self.qpu_of.append(qpu)
        self.role.append(role)
        self.ready.append(0.0)
        self.alive.append(role == "data")
        self.touched.append(role != "data")
        return len(self.qpu_of) - 1

    def alloc_comm(self, qpu: str) -> int:
        if self.pool:
            q = self.pool.pop()
            self.qpu_of[q], self.role[q] = qpu, "comm"
            return q
        return self.new_qubit(qpu, "comm")

    def free(self, *qs: int) -> None:
        for q in qs:
            self.alive[q] = False
            self.pair_link.pop(q, None)
            self.pool.append(q)

    # -- noise
    def _append(self, op, qs, cs=()):
        self.ops.append((op, tuple(qs), tuple(cs)))

    def _maybe(self, err, qs):
        if err is not None and self.noise:
            self._append(err, qs)

    def idle_to(self, q: int, t: float) -> None:
        """Idle qubit ``q`` until ``t``: thermal relaxation with its role's T1/T2."""
        # A qubit still in its initial |0> is left alone: relaxation (T1, T2) does not move |0>.
        # Exact, and it keeps the Pauli-twirled (stabilizer) form from flipping fresh qubits.
        if self.alive[q] and self.touched[q] and t > self.ready[q]:
            qpu = self.net.qpu(self.qpu_of[q])
            if self.role[q] == "comm" and self.pair_link.get(q):
                # storage of a waiting pair: half of each half's wait, so a pair counts its mean
                self.usages[self.pair_link[q]].storage_s += (t - self.ready[q]) / 2
            t1, t2 = (qpu.t1, qpu.t2) if self.role[q] == "data" else (qpu.storage_t1, qpu.storage_t2)
            self._maybe(_noise.idle_channel(t - self.ready[q], t1, t2, self.twirl), [q])
        self.ready[q] = max(self.ready[q], t)

    def local(self, op, qs, cs=(), not_before: float = 0.0) -> float:
        """A local operation on one QPU, scheduled as soon as its qubits are free; returns its end."""
        qpu = self.net.qpu(self.qpu_of[qs[0]])
        start = max([self.ready[q] for q in qs] + [not_before])
        for q in qs:
            self.idle_to(q, start)
        if op.name == "measure":
            self._maybe(_noise.readout_flip(qpu.measurement_error), qs)
            self._append(op, qs, cs)
            dur = qpu.measurement_time
        elif op.name == "reset":
            self._append(op, qs, cs)
            dur = qpu.measurement_time
        elif op.name == "delay":  # a wait: idle decoherence for its duration
            end = start + _duration_s(op)
            for q in qs:
                self.idle_to(q, end)
            return end
        elif isinstance(op, ControlFlowOp):
            self._append(op, qs, cs)
            dur = qpu.gate_time_2q
        else:
            self._append(op, qs, cs)
            if len(qs) == 1:
                self._maybe(_noise.gate_error(qpu.gate_error_1q, 1), qs)
                dur = qpu.gate_time_1q
            else:
                self._maybe(_noise.gate_error(qpu.gate_error_2q, len(qs)), qs)
                dur = qpu.gate_time_2q
        end = start + dur
        for q in qs:
            self.ready[q] = end
            self.alive[q] = True
            self.touched[q] = op.name != "reset"
        return end

    def route(self, a: str, b: str):
        """The network's route from ``a`` to ``b``, memoised for this build."""
        key = (a, b)
        if key not in self._routes:
            self._routes[key] = self.net.route(a, b)
        return self._routes[key]

    def latency(self, a: str, b: str) -> float:
        """Classical signalling time from QPU ``a`` to ``b`` (along the route)."""
        return sum(link.classical_latency for link in self.route(a, b))

    def feed_forward(self, op, ctrl: int, tgt: int) -> float:
        """A Pauli on ``tgt`` conditioned on the read-out of ``ctrl`` in another QPU (coherent form)."""
        qc_ = self.net.qpu(self.qpu_of[ctrl])
        qt = self.net.qpu(self.qpu_of[tgt])
        t_meas = self.ready[ctrl]
        arrival = t_meas + qc_.measurement_time + self.latency(qc_.name, qt.name)
        start = max(self.ready[tgt], arrival)
        self.idle_to(tgt, start)
        self._maybe(_noise.readout_flip(qc_.measurement_error), [ctrl])
        self._append(op, [ctrl, tgt])
        self._maybe(_noise.gate_error(qt.gate_error_1q, 1), [tgt])
        self.ready[ctrl] = t_meas + qc_.measurement_time
        self.alive[ctrl] = False  # measured: its value lives on only as the control it was
        self.ready[tgt] = start + qt.gate_time_1q
        self.touched[tgt] = True
        return self.ready[tgt]

    def run_protocol(self, kind: str, qs: list[int]) -> None:
        """Write a ``qnet_plugin.circuit`` protocol (coherent form) on simulator qubits ``qs``."""
        for op, idx in _protocol(kind):
            sq = [qs[i] for i in idx]
            if len({self.qpu_of[q] for q in sq}) == 1:
                self.local(op, sq)
            else:
                self.feed_forward(op, sq[0], sq[1])

    # -- transfers
    def _transfer_instructions(self, link, src: str):
        key = (link.name, src, self.twirl)
        if key not in self._transfer_ops:
            tr = transfer_instruction(link, src)
            if self.twirl:
                # Pauli twirl of E: its Pauli weights are the Bell weights of (I x E) Phi+,
                # the same twirl the pairs get (exact fidelity, stabilizer-simulable).
                from qiskit.quantum_info import DensityMatrix

                from qnet_plugin.channels import apply
                from qnet_plugin.links.base import PHI_PLUS

                choi = apply(tr.channel, DensityMatrix(PHI_PLUS), qargs=[1])
                self._transfer_ops[key] = ("twirl", _noise.twirled_pair_error(choi))
            else:
                # Transfer's definition is one two-qubit Kraus channel Aer runs natively.
                self._transfer_ops[key] = ("exact", tr.definition.data[0].operation)
        return self._transfer_ops[key]

    def link_transfer(self, link, q: int, src: str) -> int:
        """Send the state of qubit ``q`` (in ``src``) across ``link`` into a fresh qubit at the far
        end; ``q`` is freed (left in |0>). One transfer takes 1/R of the link, R its model's rate
        (one conversion per inverse bandwidth, 002 Sec. II); it starts when both the qubit and the
        link are free, and the qubit idles (its T1/T2) until then. Returns the receiving qubit."""
        dest = link.other(src)
        clock, use = self.clocks[link.name], self.usages[link.name]
        duration = 1.0 / float(link.report.rate_hz)
        start = clock.next_transfer(self.ready[q], duration / link.channels)
        use.data_wait_s += start - self.ready[q]
        self.idle_to(q, start)
        tgt = self.alloc_comm(dest)
        kind, op = self._transfer_instructions(link, src)
        if kind == "exact":
            self._append(op, [q, tgt])
        else:  # the ideal move (target reset, swap: source left in |0>) then the twirled channel
            self._append(Reset(), [tgt])
            self._append(SwapGate(), [q, tgt])
            if op is not None:
                self._append(op, [tgt])
        use.transfers += 1
        use.transfer_s += duration
        self.free(q)
        self.ready[q] = start + duration
        self.ready[tgt], self.alive[tgt], self.touched[tgt] = start + duration, True, True
        return tgt

    # -- pairs
    def _pair_instructions(self, link, first_is_a: bool, index: int = 0):
        key = (link.name, first_is_a, self.twirl, index)
        if key not in self._pair_ops:
            state = link.delivery_pair_states[index]
            rho = state if first_is_a else state.reverse_qargs()
            if self.twirl:
                self._pair_ops[key] = ("twirl", _noise.twirled_pair_error(rho))
            else:
                # BellPair's definition is one Kraus channel Aer runs natively.
                bp = BellPair(rho, label=link.report.link)
                self._pair_ops[key] = ("exact", bp.definition.data[0].operation)
        return self._pair_ops[key]

    def link_pair(self, link, x: str, y: str, t_need: float) -> tuple[int, int]:
        """A fresh pair of ``link`` with one half at QPU ``x`` and one at ``y``; returns the qubits."""
        sx, sy = self.alloc_comm(x), self.alloc_comm(y)
        clock, use = self.clocks[link.name], self.usages[link.name]
        t_ready = clock.next_pair(t_need)
        # a multi-pair delivery (dual-rail) hands its pairs out in order, each its own state
        index = use.pairs % len(link.delivery_pair_states)
        use.pairs += 1
        use.busy_s += clock.tau
        kind, op = self._pair_instructions(link, first_is_a=(x == link.qpu_a), index=index)
        if kind == "exact":
            self._append(op, [sx, sy])
        else:
            self._append(Reset(), [sx])
            self._append(Reset(), [sy])
            self._append(HGate(), [sx])
            self._append(CXGate(), [sx, sy])
            if op is not None:  # the link's own noise, present even when local noise is off
                self._append(op, [sy])
        for q in (sx, sy):
            self.ready[q], self.alive[q], self.touched[q] = t_ready, True, True
            self.pair_link[q] = link.name
        return sx, sy


# ---------------------------------------------------------------------------- the pass proper
def _check_assignment(circuit, network: Network, assignment) -> list[str]:
    n = circuit.num_qubits
    if isinstance(assignment, dict):
        missing = [q for q in range(n) if q not in assignment]
        if missing:
            raise ParameterError(f"assignment misses qubit(s) {missing}; give a QPU for every qubit")
        assignment = [assignment[q] for q in range(n)]
    assignment = list(assignment)
    if len(assignment) != n:
        raise ParameterError(f"assignment has {len(assignment)} entries; the circuit has {n} qubits")
    for q, name in enumerate(assignment):
        network.qpu(name)
    for qpu in network.qpus:
        used = assignment.count(qpu.name)
        if used > qpu.data_qubits:
            raise ParameterError(f"assignment puts {used} qubits on QPU {qpu.name!r}; it has "
                                 f"data_qubits = {qpu.data_qubits}")
    return assignment


def _window(ops, partners, i, q, dest, loc) -> tuple[int, bool]:
    """Pairs saved by moving logical ``q`` to ``dest`` at op ``i``: (remote cost of the run of its
    coming two-qubit gates with qubits at ``dest``, whether it must come back afterwards)."""
    cost = 0
    for j, p in partners[q]:
        if j < i:
            continue
        op = ops[j][0]
        if op.name == "swap":
            return cost, True
        if loc[p] != dest:
            return cost, True
        cost += remote_cost(op)
    return cost, False


def distribute_circuit(circuit: QuantumCircuit, network: Network, assignment=None, *, strategy: str = "auto",
               pair_timing: str = "just-in-time", twirl: bool = False, noise: bool = True
               ) -> DistributedCircuit:
    """Rewrite ``circuit`` for ``network`` (see the module docstring).

    Args:
        circuit: any Qiskit circuit (gates on 3+ qubits are decomposed; SWAPs become relabelling).
        network: the :class:`~.model.Network`.
        assignment: QPU name for each logical qubit (list or dict); ``None`` partitions
            automatically to minimise non-local two-qubit gates (:func:`.partition.partition_qubits`).
        strategy: ``"auto"`` (fewest link uses; moves go by transfer where every link of the route
            has a transfer channel), ``"remote-cx"``, ``"teleport"`` (always move the qubit when
            the destination has room) or ``"transfer"`` (always move the qubit through the links'
            transfer channels; a full destination is visited and left again; ParameterError
            naming the link when a link of the route has no transfer channel).
        pair_timing: when pairs are generated (:mod:`.timing`).
        twirl: write pairs and idling as Pauli channels (for the stabilizer method).
        noise: False leaves out all local and idle noise (the links' pair states stay).
    """
    check_choice("strategy", strategy, STRATEGIES)
    if assignment is None:
        from qnet_plugin.network.partition import partition_qubits

        assignment = partition_qubits(circuit, network)
    loc = _check_assignment(circuit, network, assignment)
    start_assignment = list(loc)
    ops = _flatten(circuit)
    final = _final_measure_flags(ops)
    partners: dict[int, list] = {q: [] for q in range(circuit.num_qubits)}
    for j, (op, qs, _) in enumerate(ops):
        if len(qs) == 2 and op.name not in _NON_GATES and not isinstance(op, ControlFlowOp):
            partners[qs[0]].append((j, qs[1]))
            partners[qs[1]].append((j, qs[0]))

    b = _Builder(network, twirl, noise, pair_timing)
    sim = [b.new_qubit(loc[q], "data") for q in range(circuit.num_qubits)]
    resident = {qpu.name: loc.count(qpu.name) for qpu in network.qpus}
    final_meas = []
    n_remote = n_tele = n_transfer = 0

    def by_transfer(route) -> bool:
        """Move along ``route`` by transfer rather than teleportation?"""
        if strategy == "transfer":
            for link in route:  # raises, naming the link, when one has no transfer channel
                require_transfer(link)
            return True
        return strategy == "auto" and all(supports_transfer(l) and l.purification is None for l in route)

    def carry(q, dest, role):
        """Transfer logical ``q`` hop by hop along the route to ``dest``; it lands in a qubit of
        ``role`` there (relays hold it in a communication qubit)."""
        nonlocal n_transfer
        node, cur = loc[q], sim[q]
        for link in b.route(node, dest):
            cur = b.link_transfer(link, cur, node)
            node = link.other(node)
            n_transfer += 1
        b.role[cur] = role
        sim[q], loc[q] = cur, dest

    def move_transfer(q, dest):
        resident[loc[q]] -= 1
        resident[dest] += 1
        carry(q, dest, "data")

    def visit(op, qs, cs):
        """Strategy "transfer" with no room at either end: transfer the first qubit into a
        communication qubit of the other QPU, do the gate there, transfer it back."""
        q, home = qs[0], loc[qs[0]]
        carry(q, loc[qs[1]], "comm")
        b.local(op, [sim[x] for x in qs], cs)
        carry(q, home, "data")

    def move(q, dest):
        nonlocal n_tele
        src = loc[q]
        route = b.route(src, dest)
        t_need = b.ready[sim[q]]
        pa, pb = _pair(route, src, t_need)
        b.run_protocol("teleport", [sim[q], pa, pb])
        _release(route, [sim[q], pa, pb])
        old = sim[q]
        b.free(old, pa)
        b.role[pb] = "data"
        b.pair_link.pop(pb, None)
        sim[q] = pb
        resident[src] -= 1
        resident[dest] += 1
        loc[q] = dest
        n_tele += 1

    def _pair(route, src, t_need):
        from qnet_plugin.network.swapping import end_to_end_pair

        if len(route) == 1:
            return b.link_pair(route[0], src, route[0].other(src), t_need)
        return end_to_end_pair(b, route, src, t_need)

    def _release(route, qs):
        t_done = max(b.ready[q] for q in qs)
        for link in route:
            b.clocks[link.name].release(t_done)

    def remote_primitive(op, c, t):
        """A CX/CZ/CY between different QPUs via one (possibly swapped) pair."""
        nonlocal n_remote
        pre, post = _REMOTE_PRIMITIVES[op.name]
        gates = _GATES
        for g in pre:
            b.local(gates[g], [sim[t]])
        route = b.route(loc[c], loc[t])
        t_need = max(b.ready[sim[c]], b.ready[sim[t]])
        pa, pb = _pair(route, loc[c], t_need)
        # the data qubits wait (idle noise) for the pair inside the protocol's first gates
        for link in route:
            b.usages[link.name].data_wait_s += max(0.0, max(b.ready[pa], b.ready[pb]) - t_need)
        b.run_protocol("remote_cx", [sim[c], pa, pb, sim[t]])
        _release(route, [sim[c], pa, pb, sim[t]])
        b.free(pa, pb)
        for g in post:
            b.local(gates[g], [sim[t]])
        n_remote += 1

    def nonlocal_gate(op, qs):
        if op.name in _REMOTE_PRIMITIVES:
            remote_primitive(op, qs[0], qs[1])
            return
        for inst in op.definition.data:
            sub_qs = [qs[op.definition.find_bit(x).index] for x in inst.qubits]
            gate(inst.operation, sub_qs, (), i=None)

    def gate(op, qs, cs, i):
        if op.name == "swap":  # relabelling: the two logical qubits exchange where they live
            a, c = qs
            sim[a], sim[c] = sim[c], sim[a]
            loc[a], loc[c] = loc[c], loc[a]
            return
        if len(qs) == 2 and loc[qs[0]] != loc[qs[1]] and not isinstance(op, ControlFlowOp):
            if i is not None and strategy != "remote-cx":
                best = None
                for q, other in ((qs[0], qs[1]), (qs[1], qs[0])):
                    dest = loc[other]
                    if resident[dest] >= network.qpu(dest).data_qubits:
                        continue
                    k, back = _window(ops, partners, i, q, dest, loc)
                    move_cost = 1 + int(back)
                    if strategy in ("teleport", "transfer") or move_cost < k:
                        if best is None or k - move_cost > best[0]:
                            best = (k - move_cost, q, dest)
                if best is not None:
                    q, dest = best[1], best[2]
                    if by_transfer(b.route(loc[q], dest)):
                        move_transfer(q, dest)
                    else:
                        move(q, dest)
                    gate(op, qs, cs, i)
                    return
            if strategy == "transfer":
                by_transfer(b.route(loc[qs[0]], loc[qs[1]]))  # the error names a link without one
                visit(op, qs, cs)
                return
            nonlocal_gate(op, qs)
            return
        if len({loc[q] for q in qs}) > 1:
            raise ParameterError(f"operation {op.name!r} acts on qubits {qs} in different QPUs "
                                 f"({sorted({loc[q] for q in qs})}); only gates can be distributed")
        b.local(op, [sim[q] for q in qs], cs)

    for i, ((op, qs, cs), is_final) in enumerate(zip(ops, final)):
        if op.name == "barrier":
            continue
        if is_final:
            final_meas.append((qs[0], cs[0]))
            continue
        gate(op, qs, cs, i)

    data_sim = [sim[q] for q in range(circuit.num_qubits)]
    t_end = max([b.ready[q] for q in data_sim] + [0.0])
    for q in data_sim:
        b.idle_to(q, t_end)
    t_meas = max([network.qpu(loc[q]).measurement_time for q, _ in final_meas] + [0.0])

    body = QuantumCircuit(len(b.qpu_of))
    for creg in circuit.cregs:
        body.add_register(creg)
    loose = [c for c in circuit.clbits if not circuit.find_bit(c).registers]
    if loose:
        body.add_bits(loose)
    for op, qs, cs in b.ops:
        body.append(op, [body.qubits[q] for q in qs], [body.clbits[c] for c in cs])
    meas = [(sim[q], c, _noise.readout_flip(network.qpu(loc[q]).measurement_error) if noise else None)
            for q, c in final_meas]
    return DistributedCircuit(
        body=body, final_measurements=meas, final_qubits=data_sim, final_location=list(loc),
        assignment=start_assignment, ideal=_ideal_part(circuit), usages=b.usages,
        wall_clock_s=t_end + t_meas, remote_gates=n_remote, teleports=n_tele, transfers=n_transfer,
        clifford=is_clifford(circuit), twirled=twirl, logical=circuit)


class DistributePass(TransformationPass):
    """A Qiskit transpiler pass: ``PassManager([DistributePass(network)]).run(circuit)``.

    The output circuit acts on the simulator qubits (data + communication pool) and carries every
    link pair, local noise channel and final measurement; it runs on ``AerSimulator`` as it is.
    The full :class:`DistributedCircuit` (pairs, time, per-link usage) is left in
    ``property_set["distribution"]``.
    """

    def __init__(self, network: Network, assignment=None, **options):
        super().__init__()
        self.network = network
        self.assignment = assignment
        self.options = options

    def run(self, dag):
        circuit = dag_to_circuit(dag)
        result = distribute_circuit(circuit, self.network, self.assignment, **self.options)
        self.property_set["distribution"] = result
        return circuit_to_dag(result.circuit())
