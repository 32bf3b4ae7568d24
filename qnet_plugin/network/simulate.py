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
from qnet_plugin.network.distribute import DistributedCircuit, distribute_circuit
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


def estimate_costs(num_qubits: int, num_ops: int, num_channels: int, shots: int) -> tuple[float, float]:
    """Estimated seconds of (one exact density-matrix pass, ``shots`` statevector trajectories)."""
    dm = num_ops * 4.0 ** num_qubits * DM_S_PER_ELEMENT
    sv = shots * (num_ops + num_channels) * (SV_S_PER_OP + 2.0 ** num_qubits * SV_S_PER_AMPLITUDE)
    return dm, sv


def choose_method(num_sim_qubits: int, clifford: bool, method: str = "auto", *, num_ops: int | None = None,
                  num_channels: int = 0, shots: int = 1) -> str:
    """The Aer method for a distributed circuit (see the module docstring).

    With ``num_ops`` (operations in the circuit, ``num_channels`` of them noise channels) and
    ``shots``, ``"auto"`` picks the cheaper of one exact density-matrix pass and ``shots``
    trajectories by :func:`estimate_costs` (the density matrix only up to
    :data:`DM_MEMORY_MAX_QUBITS`); without ``num_ops``, the qubit threshold :data:`DM_MAX_QUBITS`.
    """
    check_choice("method", method, METHODS)
    if method == "stabilizer" and not clifford:
        raise ParameterError("method = 'stabilizer' is not allowed for this program: it has "
                             "non-Clifford gates; choose 'statevector' or 'density_matrix'")
    if method != "auto":
        check_simulation_memory(method, num_sim_qubits)
        return method
    if num_ops is not None and num_sim_qubits <= DM_MEMORY_MAX_QUBITS:
        dm, sv = estimate_costs(num_sim_qubits, num_ops, num_channels, shots)
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


def run_circuit(dc: DistributedCircuit, method: str, shots: int, seed=None, fidelity: bool = True):
    """Run a distributed circuit; returns (counts, fidelity, stderr, seconds)."""
    probe = fidelity and dc.ideal is not None
    # per-shot values give the standard error of a trajectory average
    qc = dc.circuit(fidelity_probe=probe, label=_PROBE, pershot=method != "density_matrix")
    qc = lower_for_aer(qc, method)
    sim = AerSimulator(method=method, seed_simulator=seed)
    t0 = time.perf_counter()
    result = sim.run(qc, shots=shots).result()
    elapsed = time.perf_counter() - t0
    if not result.success:
        raise RuntimeError(f"Aer failed: {result.status}")
    counts = result.get_counts() if dc.final_measurements or qc.num_clbits else {}
    fid, err = None, 0.0
    if probe:
        data = np.asarray(result.data()[_PROBE], dtype=float).reshape(-1)
        fid = float(np.clip(data.mean(), 0.0, 1.0))
        if method != "density_matrix" and data.size > 1:
            err = float(data.std(ddof=1) / np.sqrt(data.size))
    return dict(counts), fid, err, elapsed


def run_distributed(circuit: QuantumCircuit, network: Network, assignment=None, *, shots: int = 1024,
                    method: str = "auto", seed=None, strategy: str = "auto",
                    pair_timing: str = "just-in-time", fidelity: bool = True,
                    noise: bool = True) -> DistributedResult:
    """Distribute ``circuit`` over ``network`` and simulate it with the links' real noise.

    Args:
        circuit: any Qiskit circuit (its measurements give the counts).
        network: a :class:`~.model.Network` (e.g. from :func:`~.config.load_network`).
        assignment: QPU per logical qubit; ``None`` partitions automatically.
        shots: shots (>= 1). The density-matrix method is exact in one pass and samples counts.
        method: ``"auto"`` or an Aer method (see the module docstring).
        seed: simulator seed for reproducible counts.
        strategy, pair_timing, noise: passed to :func:`~.distribute.distribute_circuit`.
        fidelity: measure the output fidelity against the ideal program (adds a noiseless probe).
    """
    check_integer("shots", shots, 1)
    t0 = time.perf_counter()
    dc = distribute_circuit(circuit, network, assignment, strategy=strategy, pair_timing=pair_timing,
                            twirl=False, noise=noise)
    ops = dc.body.count_ops()
    channels = ops.get("kraus", 0) + ops.get("quantum_channel", 0)
    chosen = choose_method(dc.num_qubits, dc.clifford, method, num_ops=sum(ops.values()),
                           num_channels=channels, shots=shots)
    if chosen == "stabilizer":
        dc = distribute_circuit(circuit, network, dc.assignment, strategy=strategy,
                                pair_timing=pair_timing, twirl=True, noise=noise)
    counts, fid, err, _ = run_circuit(dc, chosen, shots, seed, fidelity)
    return DistributedResult(
        counts=counts, shots=shots, method=chosen, fidelity=fid, fidelity_stderr=err,
        pairs_consumed=dc.pairs_consumed, wall_clock_s=dc.wall_clock_s,
        links=[u.to_dict() for u in dc.usages.values()], remote_gates=dc.remote_gates,
        teleports=dc.teleports, transfers=dc.transfers, num_sim_qubits=dc.num_qubits, assignment=dc.assignment,
        final_location=dc.final_location, sim_time_s=time.perf_counter() - t0,
        noise_form="pauli-twirled" if dc.twirled else "exact", network=network.name,
        raw_pairs_consumed=dc.raw_pairs_consumed)
