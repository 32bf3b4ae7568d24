"""Run a distributed program on AerSimulator, choosing the method from the circuit.

Measured on a 2-core machine with qiskit-aer 0.18 (see docs/network.md): density-matrix
simulation is memory-bound (~20 s at 12 qubits, minutes at 14), statevector trajectories cost
~1.5 s per shot at 20 qubits, and the stabilizer method handles Clifford circuits with Pauli noise
at hundreds of qubits. So ``method="auto"`` picks

1. ``density_matrix`` (exact, one pass) when the simulated qubits (data + communication pool)
   number at most :data:`DM_MAX_QUBITS`;
2. ``stabilizer`` when the program is Clifford: the pairs are then Pauli-twirled (exact for
   Werner pairs, fidelity-preserving for any pair) and idling becomes its Pauli twirl (an
   approximation; the tests bound the difference against the density-matrix result);
3. ``statevector`` with Kraus trajectory sampling otherwise (up to :data:`SV_MAX_QUBITS`).

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

from qnet_plugin.core.validation import ParameterError, check_choice, check_integer
from qnet_plugin.network.distribute import DistributedCircuit, distribute_circuit
from qnet_plugin.network.model import Network
from qnet_plugin.network.results import DistributedResult

METHODS = ("auto", "density_matrix", "statevector", "stabilizer")
DM_MAX_QUBITS = 10
SV_MAX_QUBITS = 28
_PROBE = "fidelity"


def choose_method(num_sim_qubits: int, clifford: bool, method: str = "auto") -> str:
    """The Aer method for a distributed circuit (see the module docstring)."""
    check_choice("method", method, METHODS)
    if method == "stabilizer" and not clifford:
        raise ParameterError("method = 'stabilizer' is not allowed for this program: it has "
                             "non-Clifford gates; choose 'statevector' or 'density_matrix'")
    if method != "auto":
        return method
    if num_sim_qubits <= DM_MAX_QUBITS:
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


def lower_for_aer(qc: QuantumCircuit, method: str) -> QuantumCircuit:
    """Replace operations Aer's ``method`` does not know by their definitions (user gates)."""
    supported = _supported(method)
    if all(inst.operation.name in supported for inst in qc.data):
        return qc
    out = qc.copy_empty_like()
    for inst in qc.data:
        op = inst.operation
        if op.name in supported or op.definition is None:
            out.append(inst)
        else:
            sub = lower_for_aer(op.definition, method)
            out.compose(sub, qubits=inst.qubits, clbits=inst.clbits, inplace=True)
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
    chosen = choose_method(dc.num_qubits, dc.clifford, method)
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
