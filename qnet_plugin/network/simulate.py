"""Run a distributed program on AerSimulator, choosing the method from the circuit.

Measured on a 2-core machine with qiskit-aer 0.18 (see docs/network.md): density-matrix
simulation is memory-bound (~20 s at 12 qubits, minutes at 14), statevector trajectories cost
~1.5 s per shot at 20 qubits, and the stabilizer method handles Clifford circuits with Pauli noise
at hundreds of qubits. So ``method="auto"`` picks

1. ``density_matrix`` (exact, one pass) when it is estimated cheaper than ``shots`` trajectories
   (:func:`estimate_costs`: 4^n per operation against shots x 2^n per operation and channel)
   and the matrix fits in memory (:data:`DM_MEMORY_MAX_QUBITS`);
2. ``stabilizer`` when the program is Clifford: the pairs are then Pauli-twirled (exact for
   Werner pairs, fidelity-preserving for any pair) and idling becomes its Pauli twirl (an
   approximation; the tests bound the difference against the density-matrix result);
3. ``statevector`` trajectories otherwise (up to :data:`SV_MAX_QUBITS`), with the noise in the
   sampled forms of :func:`fast_noise_forms`; the result's ``fidelity_stderr`` is the standard
   error of the trajectory mean, and counts carry the binomial error sqrt(p (1 - p) / shots).

The output fidelity is measured by a probe inside the same circuit: after the noisy program the
ideal inverse U^dagger is applied to the output register, the probability of |0...0> is saved
(= <psi|rho|psi>), and U is applied again before the noisy read-out.
"""

from __future__ import annotations

import time
from functools import lru_cache

import numpy as np
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from qnet_plugin.channels import aer_noise as _noise
from qnet_plugin.core.validation import ParameterError, check_choice, check_integer, format_bytes
from qnet_plugin.network.distribute import DistributedCircuit, distribute_schedules
from qnet_plugin.network.model import Network
from qnet_plugin.network.results import DistributedResult

METHODS = ("auto", "density_matrix", "statevector", "stabilizer")
DM_MAX_QUBITS = 10
SV_MAX_QUBITS = 28
_PROBE = "fidelity"


#: Cost model of ``method="auto"`` (seconds, fitted on the shared 2-core machine under load to a
#: distributed QFT-6 over a 4-QPU line, 10 simulated qubits, 676 operations: density matrix
#: 66.7 s, 200 trajectories 6.6 s; docs/performance.md): a density-matrix pass costs
#: DM_S_PER_ELEMENT per operation per matrix element (4^n); a trajectory costs, per shot and
#: operation, SV_S_PER_OP of fixed work plus SV_S_PER_AMPLITUDE per amplitude (2^n), a noise
#: channel counting twice. Only the ratio matters for the choice.
DM_S_PER_ELEMENT = 9.4e-8
SV_S_PER_OP = 2.8e-5
SV_S_PER_AMPLITUDE = 3e-9
#: The density matrix needs 16 * 4^n bytes: 4 GiB at 14 qubits.
DM_MEMORY_MAX_QUBITS = 13
#: Largest state any method may allocate, bytes: 4 GiB, a density matrix of 14 qubits or a
#: statevector of 28 (:data:`SV_MAX_QUBITS`). An explicit ``method`` above it is refused.
MAX_SIMULATION_BYTES = 4 * 2**30


def simulation_memory(method: str, num_qubits: int) -> float:
    """Bytes Aer allocates for the state of ``num_qubits`` qubits: 16 x 4^n (density matrix),
    16 x 2^n (statevector), ~n^2 / 4 (stabilizer tableau; never the limit)."""
    if method == "density_matrix":
        return 16.0 * 4.0 ** num_qubits
    if method == "statevector":
        return 16.0 * 2.0 ** num_qubits
    return num_qubits * num_qubits / 4.0


def max_qubits(method: str) -> int:
    """Most simulated qubits ``method`` may be asked for: its state within MAX_SIMULATION_BYTES
    (14 for the density matrix, 28 for statevector trajectories = :data:`SV_MAX_QUBITS`)."""
    n = 1
    while simulation_memory(method, n + 1) <= MAX_SIMULATION_BYTES and n < 10**6:
        n += 1
    return n


def check_simulation_memory(method: str, num_qubits: int) -> None:
    """Raise ParameterError before Aer allocates a state larger than :data:`MAX_SIMULATION_BYTES`
    (an explicit ``method`` bypasses the automatic choice that would have avoided it; issue 11)."""
    need = simulation_memory(method, num_qubits)
    if need > MAX_SIMULATION_BYTES:
        raise ParameterError(f"method = {method!r} with {num_qubits} simulated qubits would need "
                             f"~{format_bytes(need)}; limit {format_bytes(MAX_SIMULATION_BYTES)} (at most "
                             f"{max_qubits(method)} qubits; use method = 'auto', 'stabilizer' for a Clifford "
                             "program, or fewer qubits)")


def estimate_costs(num_qubits: int, num_ops: int, num_channels: int, shots: int,
                   dynamic: bool = False) -> tuple[float, float]:
    """Estimated seconds of (the density-matrix run, ``shots`` statevector trajectories).

    The density matrix is one exact pass, except for a dynamic circuit (:func:`is_dynamic`): Aer
    then follows each shot's measurement outcomes, one pass per shot (measured: a 9-qubit
    circuit with one mid-circuit measurement and ``if_test``, 1.1 s for 1 shot, 17.7 s for 100,
    257 s for 1000; 1000 statevector shots 0.44 s)."""
    dm = num_ops * 4.0 ** num_qubits * DM_S_PER_ELEMENT * (shots if dynamic else 1)
    sv = shots * (num_ops + num_channels) * (SV_S_PER_OP + 2.0 ** num_qubits * SV_S_PER_AMPLITUDE)
    return dm, sv


def is_dynamic(qc: QuantumCircuit) -> bool:
    """True when ``qc`` has classical control flow, or a measurement that is not final (a later
    operation acts on the measured qubit): Aer then simulates shot by shot."""
    from qiskit.circuit import ControlFlowOp

    measured: set = set()
    for inst in qc.data:
        op = inst.operation
        if isinstance(op, ControlFlowOp):
            return True
        if op.name == "barrier":
            continue
        if op.name == "measure":
            measured.update(inst.qubits)
        elif measured.intersection(inst.qubits):
            return True
    return False


def choose_method_for(qc: QuantumCircuit, num_sim_qubits: int, clifford: bool, method: str = "auto",
                      shots: int = 1) -> str:
    """:func:`choose_method` with the operation and channel counts and the dynamic flag read from
    the circuit ``qc`` that will run (barriers are not operations)."""
    ops = qc.count_ops()
    return choose_method(num_sim_qubits, clifford, method,
                         num_ops=sum(v for k, v in ops.items() if k != "barrier"),
                         num_channels=ops.get("kraus", 0) + ops.get("quantum_channel", 0),
                         shots=shots, dynamic=is_dynamic(qc))


def choose_method(num_sim_qubits: int, clifford: bool, method: str = "auto", *, num_ops: int | None = None,
                  num_channels: int = 0, shots: int = 1, dynamic: bool = False) -> str:
    """The Aer method for a distributed circuit (see the module docstring).

    With ``num_ops`` (operations in the circuit, ``num_channels`` of them noise channels) and
    ``shots``, ``"auto"`` picks the cheaper of one exact density-matrix pass and ``shots``
    trajectories by :func:`estimate_costs` (the density matrix only up to
    :data:`DM_MEMORY_MAX_QUBITS`); without ``num_ops``, the qubit threshold :data:`DM_MAX_QUBITS`.
    A ``dynamic`` circuit costs the density matrix one pass per shot (:func:`estimate_costs`), so
    trajectories win unless the matrix is small.
    """
    check_choice("method", method, METHODS)
    if method == "stabilizer" and not clifford:
        raise ParameterError("method = 'stabilizer' is not allowed for this program: it has "
                             "non-Clifford gates; choose 'statevector' or 'density_matrix'")
    if method != "auto":
        check_simulation_memory(method, num_sim_qubits)
        return method
    if num_ops is not None and num_sim_qubits <= DM_MEMORY_MAX_QUBITS:
        dm, sv = estimate_costs(num_sim_qubits, num_ops, num_channels, shots, dynamic)
        if dm <= sv:
            return "density_matrix"
    elif num_ops is None and num_sim_qubits <= DM_MAX_QUBITS:
        return "density_matrix"
    if clifford:
        return "stabilizer"
    if num_sim_qubits <= SV_MAX_QUBITS:
        return "statevector"
    raise ParameterError(f"simulated qubits = {num_sim_qubits} is outside the range this machine can "
                         f"simulate for a non-Clifford program [1, {SV_MAX_QUBITS}]")


@lru_cache(maxsize=8)
def _supported(method: str) -> frozenset:
    # building an AerSimulator's configuration costs ~ms; cached once per method
    names = set(AerSimulator(method=method).configuration().basis_gates)
    names |= {"kraus", "quantum_channel", "save_amplitudes_sq", "measure", "reset", "barrier",
              "if_else", "while_loop", "for_loop", "switch_case"}
    return frozenset(names)


def lower_for_aer(qc: QuantumCircuit, method: str, fast: bool = True) -> QuantumCircuit:
    """Replace operations Aer's ``method`` does not know by their definitions (user gates), then
    (``fast``, statevector trajectories) put the noise in the forms Aer samples cheaply: see
    :func:`fast_noise_forms`. The output states are unchanged (tests/network/test_fast_forms.py
    compares density matrices to 1e-9), from :data:`FAST_FORMS_MIN_QUBITS` simulated qubits on:
    below, Aer's per-shot cost of sampling a mixture exceeds the state work it saves (measured:
    0.6x at 8 qubits, 1.3-2.7x faster at 10-14; docs/performance.md). The density-matrix
    method keeps the Kraus forms: it applies every channel as a superoperator whatever its form,
    and measured slower with the sampled forms."""
    # before Aer allocates (NetworkBackend.run lands here): Aer drops qubits no operation touches,
    # so only the active ones count
    check_simulation_memory(method, len({q for inst in qc.data if inst.operation.name != "barrier"
                                         for q in inst.qubits}))
    supported = _supported(method)
    if not all(inst.operation.name in supported for inst in qc.data):
        out = qc.copy_empty_like()
        for inst in qc.data:
            op = inst.operation
            if op.name in supported or op.definition is None:
                out.append(inst)
            else:
                sub = lower_for_aer(op.definition, method, fast=False)
                out.compose(sub, qubits=inst.qubits, clbits=inst.clbits, inplace=True)
        qc = out
    if fast and method == "statevector" and qc.num_qubits >= FAST_FORMS_MIN_QUBITS:
        qc = fast_noise_forms(qc)
    return qc


#: Simulated qubits from which trajectories get the sampled noise forms (see lower_for_aer).
FAST_FORMS_MIN_QUBITS = 10

_KIND_CACHE: dict = {}


def _kraus_kind(op):
    """("relax", (p, c)), ("prepare", sigma) or (None, None) for a ``kraus`` instruction (cached by
    its matrices: a distributed circuit repeats a few channels many times)."""
    key = tuple(np.asarray(m).tobytes() for m in op.params)
    kind = _KIND_CACHE.get(key)
    if kind is None:
        if len(_KIND_CACHE) > 20000:
            _KIND_CACHE.clear()
        rp = _noise.relaxation_parameters(op.params) if op.num_qubits == 1 else None
        if rp is not None:
            kind = ("relax", rp)
        else:
            sigma = _noise.replacement_state(op.params)
            kind = ("prepare", sigma) if sigma is not None else (None, None)
        _KIND_CACHE[key] = kind
    return kind


def fast_noise_forms(qc: QuantumCircuit) -> QuantumCircuit:
    """The same circuit with its noise in forms Aer samples cheaply (issue 13), exactly:

    * a delivered pair (a ``kraus`` replacement channel rho -> sigma, ``BellPair``) becomes
      :func:`~qnet_plugin.channels.aer_noise.pair_preparation_error`: reset + a Phi+ and a Pauli
      with the Bell weights when sigma is Bell-diagonal, else reset + "prepare eigenvector i with
      probability p_i"; the resets are left out on qubits known to be in |0> (fresh, or reset);
    * idling (a one-qubit amplitude-damping + dephasing ``kraus``) becomes Aer's
      ``thermal_relaxation_error``, cached by its (decay, coherence) factors; consecutive idles of
      one qubit (nothing else on it in between) are merged into one, and idles just before a pair
      preparation on that qubit are dropped (the preparation erases the state).

    Any other operation, and every channel without an exact fast form, is kept as it is.
    """
    out = qc.copy_empty_like()
    pending: dict = {}  # qubit -> (p, c) of the idles not yet written
    zero = set(qc.qubits)  # qubits known to be in |0>

    def flush(qubit) -> None:
        pc = pending.pop(qubit, None)
        if pc is None:
            return
        err = _noise.relaxation_error(*pc)
        if err is not None:
            out.append(err, [qubit])

    for inst in qc.data:
        op, qubits = inst.operation, inst.qubits
        if op.name == "kraus" and not inst.clbits:
            kind, value = _kraus_kind(op)
            if kind == "relax":
                q = qubits[0]
                pending[q] = value if q not in pending else _noise.merge_relaxations(pending[q], value)
                continue
            if kind == "prepare":
                fresh = all(q in zero for q in qubits)
                err = _noise.pair_preparation_error(value, fresh=fresh)
                if err is not None:
                    for q in qubits:
                        pending.pop(q, None)  # a replacement channel erases what came before
                        zero.discard(q)
                    out.append(err, qubits)
                    continue
        for q in qubits:
            flush(q)
        if op.name == "reset":
            zero.update(qubits)
        elif op.name != "barrier":
            zero.difference_update(qubits)
        out.append(inst)
    for q in list(pending):
        flush(q)
    return out


def run_circuit(dc: DistributedCircuit, method: str, shots: int, seed=None, fidelity: bool = True,
                threads: int | None = None, memory: bool = False, experiment: list | None = None):
    """Run a distributed circuit; returns (counts, fidelity, stderr, seconds). ``threads``: Aer's
    ``max_parallel_threads`` (None: all cores). Aer's experiment result is appended to
    ``experiment`` when given (``memory``: with the per-shot read-outs)."""
    probe = fidelity and dc.ideal is not None
    # per-shot values give the standard error of a trajectory average
    qc = dc.circuit(fidelity_probe=probe, label=_PROBE, pershot=method != "density_matrix")
    qc = lower_for_aer(qc, method)
    sim = AerSimulator(method=method, seed_simulator=seed, max_parallel_threads=threads or 0)
    t0 = time.perf_counter()
    result = sim.run(qc, shots=shots, memory=memory).result()
    elapsed = time.perf_counter() - t0
    if not result.success:
        raise RuntimeError(f"Aer failed: {result.status}")
    if experiment is not None:
        experiment.append(result.results[0])
    counts = result.get_counts() if dc.final_measurements or qc.num_clbits else {}
    fid, err = None, 0.0
    if probe:
        data = np.asarray(result.data()[_PROBE], dtype=float).reshape(-1)
        fid = float(np.clip(data.mean(), 0.0, 1.0))
        if method != "density_matrix" and data.size > 1:
            err = float(data.std(ddof=1) / np.sqrt(data.size))
    return dict(counts), fid, err, elapsed


def execute(circuit: QuantumCircuit, network: Network, assignment=None, *, shots: int = 1024,
            method: str = "auto", seed=None, strategy: str = "auto",
            pair_timing: str = "just-in-time", fidelity: bool = True,
            noise: bool = True, timing: str = "mean", schedules: int = 1, timing_seed=None,
            cutoff_s: float | None = None, threads: int | None = None, memory: bool = False,
            experiments: list | None = None) -> DistributedResult:
    """The engine behind :meth:`.backend.NetworkBackend.run` for a logical circuit: distribute
    ``circuit`` over ``network`` (K schedules), choose the method, simulate, summarise.

    Args:
        circuit: any Qiskit circuit (its measurements give the counts).
        network: a :class:`~.model.Network` (e.g. from :func:`~.config.load_network`).
        assignment: QPU per logical qubit; ``None`` partitions automatically.
        shots: shots (>= 1; >= ``schedules``). The density-matrix method is exact in one pass and
            samples counts.
        method: ``"auto"`` or an Aer method (see the module docstring).
        seed: simulator seed for reproducible counts.
        strategy, pair_timing, noise: passed to :func:`~.distribute.distribute_circuit`.
        fidelity: measure the output fidelity against the ideal program (adds a noiseless probe).
        timing: ``"mean"`` (every pair takes its mean generation time; deterministic) or
            ``"sampled"`` (generation times drawn from the links' attempt laws, :mod:`.timing`).
        schedules: K sampled schedules; the shots are split among them and the result reports the
            mean and standard error over them (:mod:`.ensemble`). Ignored (1) for ``"mean"``.
        timing_seed: seed of the sampled timing (default: ``seed``).
        cutoff_s: cut-off age of pairs on every link, s (None: each link's own ``cutoff_s``).
        threads: threads Aer may use (``max_parallel_threads``; None: all cores). A sweep worker
            gets its share of the cores (:mod:`qnet_plugin.sweep.runner`).
        memory: keep the per-shot read-outs (in the Aer experiments).
        experiments: a list that receives Aer's experiment result of each schedule.
    """
    from qnet_plugin.network.ensemble import age_summary, mean_link_rows, split_shots, weighted_mean_and_stderr
    from qnet_plugin.network.timing import TIMINGS

    check_integer("shots", shots, 1)
    check_choice("timing", timing, TIMINGS)
    check_integer("schedules", schedules, 1)
    if timing == "mean":
        schedules = 1  # every mean-time schedule is the same
    per_schedule = split_shots(shots, schedules)
    tseed = seed if timing_seed is None else timing_seed
    t0 = time.perf_counter()

    def draw(twirl):
        # the generator is re-seeded, so a twirled redo draws the same schedules
        return distribute_schedules(circuit, network, assignment, schedules=schedules, strategy=strategy,
                                    pair_timing=pair_timing, twirl=twirl, noise=noise, timing=timing,
                                    timing_seed=tseed, cutoff_s=cutoff_s)

    dcs = draw(False)
    dc = dcs[0]
    chosen = choose_method_for(dc.body, dc.num_qubits, dc.clifford, method, per_schedule[0])
    if chosen == "stabilizer":
        dcs = draw(True)
        dc = dcs[0]
    counts: dict = {}
    fids, errs = [], []
    for k, (d, n) in enumerate(zip(dcs, per_schedule)):
        sim_seed = None if seed is None else seed + k
        c, fid, err, _ = run_circuit(d, chosen, n, sim_seed, fidelity, threads, memory, experiments)
        for key, v in c.items():
            counts[key] = counts.get(key, 0) + v
        fids.append(fid)
        errs.append(err)
    weights = [n / shots for n in per_schedule]
    if fids[0] is None:
        fid, ferr = None, 0.0
    else:
        fid, ferr = weighted_mean_and_stderr(fids, weights, errs)
    wall, wall_err = weighted_mean_and_stderr([d.wall_clock_s for d in dcs], weights)
    pairs = [{"schedule": k, **row} for k, d in enumerate(dcs) for row in d.pairs]
    links = mean_link_rows([[u.to_dict() for u in d.usages.values()] for d in dcs], weights)
    elapsed = time.perf_counter() - t0
    return DistributedResult(
        counts=counts, shots=shots, method=chosen, fidelity=fid, fidelity_stderr=ferr,
        pairs_consumed=dc.pairs_consumed, wall_clock_s=wall,
        links=links, remote_gates=dc.remote_gates,
        teleports=dc.teleports, transfers=dc.transfers, num_sim_qubits=dc.num_qubits, assignment=dc.assignment,
        final_location=dc.final_location, sim_time_s=elapsed,
        noise_form="pauli-twirled" if dc.twirled else "exact", network=network.name,
        raw_pairs_consumed=dc.raw_pairs_consumed, timing=timing, schedules=schedules,
        wall_clock_stderr_s=wall_err,
        fidelity_per_schedule=[] if fids[0] is None else [float(f) for f in fids],
        wall_clock_per_schedule_s=[d.wall_clock_s for d in dcs],
        pair_ages=age_summary([row["age_s"] for row in pairs]), pairs=pairs,
        timeline=list(dc.timeline.events) if dc.timeline is not None else [],
        time_per_schedule_s=elapsed / schedules)
