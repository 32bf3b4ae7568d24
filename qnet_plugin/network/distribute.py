"""The distribution pass: an ordinary circuit + a network -> the circuit the hardware really runs.

:func:`distribute_circuit` is a composition of ordinary passes, each in its own module:

1. **placement**: every logical qubit lives on a QPU (an explicit assignment, or
   :func:`.placement.choose_placement`: the graph or hypergraph partition that spends fewer pairs),
   checked by :func:`check_assignment`;
2. **rewrite** (:mod:`.rewrite`, with the :class:`~.strategy.Strategy` of :mod:`.strategy`): non-local
   gates become link-consuming operations (remote CNOT, teleportation, transfer, swapping); no
   noise, no time;
3. **schedule** (:mod:`.schedule`): start times from gate durations, pair availability (the links'
   clocks, :mod:`.timing`: mean generation times, or ``timing="sampled"`` drawn from the attempt
   laws) and classical latency; idle intervals; per-link usage; the pair table;
4. **noise** (:mod:`.noise_pass`): the links' delivered pairs / transfer channels, and (unless
   ``noise=False``) gate, read-out and idle/storage errors from the schedule.

The summary of the strategies (module docstring of :mod:`.strategy`): a cat-entangled window costs
one pair and serves every coming gate diagonal on its control qubit; moving a qubit (teleportation,
or transfer through links that are :class:`~qnet_plugin.links.base.TransferSource`) costs one link
use per hop each way; ``"auto"`` picks the fewest link uses. The protocols are written in their
coherent form (deferred measurement): one density-matrix shot gives the shot-averaged output
exactly. The simulator qubits are the data qubits plus a small pool of reused communication qubits
(pairs in use, and the copies of open cat-entangled windows: at most ``comm_qubits`` per QPU).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qiskit.circuit import QuantumCircuit
from qiskit.converters import circuit_to_dag, dag_to_circuit
from qiskit.transpiler.basepasses import TransformationPass

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.circuit_walk import flatten, remote_cost
from qnet_plugin.network.model import Network
from qnet_plugin.network.noise_pass import NoisePass
from qnet_plugin.network.rewrite import HardwareProgram, _final_measure_flags, rewrite, transfer_instruction
from qnet_plugin.network.schedule import Schedule, Timeline
from qnet_plugin.network.strategy import STRATEGIES, Strategy, as_strategy, require_transfer, supports_transfer

__all__ = ["DistributedCircuit", "DistributePass", "distribute_circuit", "distribute_schedules", "check_assignment",
           "is_clifford",
           "remote_cost", "STRATEGIES", "CLIFFORD_GATES", "supports_transfer", "require_transfer",
           "transfer_instruction", "Strategy"]

#: Gates whose output state a stabilizer simulator can follow (with Pauli noise).
CLIFFORD_GATES = frozenset({"id", "x", "y", "z", "h", "s", "sdg", "sx", "sxdg", "cx", "cy", "cz",
                            "swap", "iswap", "ecr", "dcx", "measure", "barrier", "reset", "delay"})


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
        remote_gates / teleports: how many of each rewriting were used (remote gates: gates run
            across QPUs, inside cat-entangled windows or, ``cat_windows=False``, as remote CNOTs).
        windows: cat-entangled windows opened (one pair per hop each; a window serves one or
            more remote gates).
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
    windows: int = 0
    logical: QuantumCircuit | None = field(default=None, repr=False)
    #: the noise-free hardware program (:mod:`.rewrite`) and its schedule (:mod:`.schedule`)
    program: HardwareProgram | None = field(default=None, repr=False)
    timeline: Timeline | None = field(default=None, repr=False)

    @property
    def pairs(self) -> list:
        """The schedule's pair table (one dict per delivered pair: id, link, times, age at use)."""
        return [] if self.timeline is None else self.timeline.pairs

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


def _ideal_part(circuit: QuantumCircuit) -> QuantumCircuit | None:
    """The logical circuit before its final measurements (None if not unitary)."""
    from qiskit.circuit import ControlFlowOp

    ops = flatten(circuit)
    final = _final_measure_flags(ops)
    qc = QuantumCircuit(circuit.num_qubits)
    touched: set = set()
    for (op, qs, cs), is_final in zip(ops, final):
        if is_final or op.name in ("barrier", "delay"):
            continue
        if op.name == "initialize" and not touched & set(qs):
            # On qubits still in |0>, initialize (reset + preparation) is its preparation, a
            # unitary the fidelity probe can invert; later it is a reset, and not unitary.
            op = _as_state_preparation(op)
        elif op.name in ("measure", "reset", "initialize") or isinstance(op, ControlFlowOp) or cs:
            return None
        touched.update(qs)
        qc.append(op, qs)
    return qc


def _as_state_preparation(op):
    """The ``StatePreparation`` that ``Initialize`` ``op`` performs on qubits in |0>."""
    from qiskit.circuit.library import StatePreparation

    params = op.params
    if params and isinstance(params[0], str):
        return StatePreparation("".join(params))
    if len(params) != 2 ** op.num_qubits:  # an integer label
        return StatePreparation(int(params[0].real), num_qubits=op.num_qubits)
    return StatePreparation(params)


def is_clifford(circuit: QuantumCircuit) -> bool:
    """True when every operation is a Clifford gate (or measure/reset/barrier)."""
    return all(op.name in CLIFFORD_GATES for op, _, _ in flatten(circuit))


def check_assignment(circuit, network: Network, assignment) -> list[str]:
    """The QPU of every logical qubit as a list, checked against the network's capacities."""
    n = circuit.num_qubits
    if isinstance(assignment, dict):
        missing = [q for q in range(n) if q not in assignment]
        if missing:
            raise ParameterError(f"assignment misses qubit(s) {missing}; give a QPU for every qubit")
        assignment = [assignment[q] for q in range(n)]
    assignment = list(assignment)
    if len(assignment) != n:
        raise ParameterError(f"assignment has {len(assignment)} entries; the circuit has {n} qubits")
    for name in assignment:
        network.qpu(name)
    for qpu in network.qpus:
        used = assignment.count(qpu.name)
        if used > qpu.data_qubits:
            raise ParameterError(f"assignment puts {used} qubits on QPU {qpu.name!r}; it has "
                                 f"data_qubits = {qpu.data_qubits}")
    return assignment


_check_assignment = check_assignment


def distribute_circuit(circuit: QuantumCircuit, network: Network, assignment=None, *, strategy="auto",
                       pair_timing: str = "just-in-time", twirl: bool = False, noise: bool = True,
                       schedule: Schedule | None = None, timing: str = "mean", timing_seed=None,
                       cutoff_s: float | None = None) -> DistributedCircuit:
    """Rewrite ``circuit`` for ``network``: placement, rewrite, schedule, noise (module docstring).

    Args:
        circuit: any Qiskit circuit (gates on 3+ qubits are decomposed; SWAPs become relabelling).
        network: the :class:`~.model.Network`.
        assignment: QPU name for each logical qubit (list or dict); ``None`` partitions
            automatically: the graph or hypergraph partition whose rewrite spends fewer pairs
            (:func:`.placement.choose_placement`).
        strategy: ``"auto"``, ``"remote-cx"``, ``"teleport"``, ``"transfer"`` or a
            :class:`~.strategy.Strategy` (see :mod:`.strategy`; ``"transfer"`` raises a
            ParameterError naming a link of the route without a transfer channel).
        pair_timing: when pairs are generated (:mod:`.timing`); ignored when ``schedule`` is given.
        twirl: write pairs and idling as Pauli channels (for the stabilizer method).
        noise: False does not run the noise pass (no local and idle noise; the links' pair states
            and transfer channels stay).
        schedule: the schedule object (default :class:`~.schedule.Schedule` with ``pair_timing``,
            ``timing``, ``timing_seed`` and ``cutoff_s``).
        timing: ``"mean"`` or ``"sampled"`` generation times (one draw; see
            :func:`distribute_schedules` for K draws).
        timing_seed: seed of the sampled timing.
        cutoff_s: cut-off age of pairs on every link, s (None: each link's own ``cutoff_s``).
    """
    if schedule is None:
        schedule = Schedule(network, pair_timing, timing, timing_seed, cutoff_s)
    return distribute_schedules(circuit, network, assignment, schedules=1, strategy=strategy, twirl=twirl,
                                noise=noise, schedule=schedule)[0]


def distribute_schedules(circuit: QuantumCircuit, network: Network, assignment=None, *, schedules: int = 1,
                         strategy="auto", pair_timing: str = "just-in-time", twirl: bool = False,
                         noise: bool = True, schedule: Schedule | None = None, timing: str = "sampled",
                         timing_seed=None, cutoff_s: float | None = None) -> list[DistributedCircuit]:
    """``schedules`` = K distributions of ``circuit`` that share one rewrite (placement and
    protocols are deterministic) and differ in their schedule: with sampled timing each is a new
    draw of the links' generation times from ``schedule``'s seeded generator, so the K circuits are
    K samples of what the hardware does (the arguments as for :func:`distribute_circuit`)."""
    from qnet_plugin.core.validation import check_integer

    check_integer("schedules", schedules, 1)
    strategy = as_strategy(strategy)
    if schedule is None:
        schedule = Schedule(network, pair_timing, timing, timing_seed, cutoff_s)
    program = None
    if assignment is None:
        from qnet_plugin.network.placement import place

        assignment, program = place(circuit, network, strategy)
    loc = check_assignment(circuit, network, assignment)
    if program is None:  # the placement's choice rewrote it already otherwise
        program = rewrite(circuit, network, loc, strategy)
    noise_pass = NoisePass(network, twirl=twirl, local=noise)
    ideal, clifford = _ideal_part(circuit), is_clifford(circuit)
    out = []
    for _ in range(schedules):
        timeline = schedule.run(program)
        out.append(DistributedCircuit(
            body=noise_pass.body(program, timeline), final_measurements=noise_pass.final_measurements(program),
            final_qubits=list(program.final_qubits), final_location=list(program.final_location),
            assignment=list(loc), ideal=ideal, usages=timeline.usages,
            wall_clock_s=timeline.wall_clock_s, remote_gates=program.remote_gates, teleports=program.teleports,
            transfers=program.transfers, clifford=clifford, twirled=twirl, windows=program.windows,
            logical=circuit,
            program=program, timeline=timeline))
    return out


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
