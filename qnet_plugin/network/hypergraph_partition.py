"""Place logical qubits on QPUs by partitioning the packet hypergraph (fewest Bell pairs).

Vertices are the circuit's qubits, hyperedges its distributable packets
(:mod:`qnet_plugin.network.packets`); a placement costs sum over packets of one pair per hop from
the control's QPU to every other QPU its partners sit on (the connectivity-minus-one metric "km1"
on a network where every pair of QPUs is one hop apart; Andres-Martinez and Heunen, PRA 100,
032308 (2019)). Each QPU holds at most its ``data_qubits``.

Search: candidate starts are the graph partition of :mod:`qnet_plugin.network.partition` and, when
the ``kahypar`` package is installed (``pip install qnet_plugin[partition]``), a KaHyPar km1
partition with the QPU capacities as target block weights; each start is improved by single moves
and pair exchanges on the exact cost until no move lowers it, and the cheapest result wins (ties:
the graph partition, then KaHyPar). Deterministic for a fixed ``seed``.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import tempfile
from functools import lru_cache

from qiskit.circuit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError, check_integer
from qnet_plugin.network.model import Network
from qnet_plugin.network.packets import Packet, distributable_packets, packet_cost

#: KaHyPar settings (direct k-way, km1 objective, community-aware coarsening, k-way FM refinement).
_KAHYPAR_SETTINGS = {
    "mode": "direct", "objective": "km1", "seed": "-1", "cmaxnet": "1000", "vcycles": "0",
    "p-use-sparsifier": "false", "p-detect-communities": "true", "p-detect-communities-in-ip": "true",
    "p-reuse-communities": "false", "p-max-louvain-pass-iterations": "100",
    "p-min-eps-improvement": "0.0001", "p-louvain-edge-weight": "hybrid", "p-large-he-threshold": "1000",
    "p-smallest-maxnet-threshold": "50000", "p-maxnet-removal-factor": "0.01",
    "c-type": "ml_style", "c-s": "1", "c-t": "160", "c-rating-score": "heavy_edge",
    "c-rating-use-communities": "true", "c-rating-heavy_node_penalty": "no_penalty",
    "c-rating-acceptance-criterion": "best_prefer_unmatched",
    "c-fixed-vertex-acceptance-criterion": "fixed_vertex_allowed",
    "i-mode": "recursive", "i-technique": "multi", "i-c-type": "ml_style", "i-c-s": "1", "i-c-t": "150",
    "i-c-rating-score": "heavy_edge", "i-c-rating-use-communities": "true",
    "i-c-rating-heavy_node_penalty": "no_penalty", "i-c-rating-acceptance-criterion": "best_prefer_unmatched",
    "i-c-fixed-vertex-acceptance-criterion": "fixed_vertex_allowed", "i-algo": "pool", "i-runs": "20",
    "i-bp-algorithm": "worst_fit", "i-bp-heuristic-prepacking": "false", "i-bp-early-restart": "true",
    "i-bp-late-restart": "true", "i-r-type": "twoway_fm", "i-r-runs": "-1", "i-r-fm-stop": "simple",
    "i-r-fm-stop-i": "50", "r-type": "kway_fm_km1", "r-runs": "-1", "r-fm-stop": "adaptive_opt",
    "r-fm-stop-alpha": "1", "r-fm-stop-i": "350",
}


def kahypar_available() -> bool:
    """True when the optional ``kahypar`` package can be imported."""
    return importlib.util.find_spec("kahypar") is not None


@lru_cache(maxsize=1)
def _kahypar_ini() -> str:
    fd, path = tempfile.mkstemp(prefix="qnet_kahypar_", suffix=".ini")
    with os.fdopen(fd, "w") as fh:
        fh.write("\n".join(f"{k}={v}" for k, v in _KAHYPAR_SETTINGS.items()) + "\n")
    # KaHyPar reads its settings from a file; remove it when the process ends (issue 11: nothing
    # left behind in the temporary folder, one file per process otherwise)
    atexit.register(_remove_quietly, path)
    return path


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def placement_cost(packets: list[Packet], assignment, network: Network) -> float:
    """Pairs all packets cost for ``assignment`` (see the module docstring)."""
    dist = network.hop_distance
    return float(sum(packet_cost(p, assignment, dist) for p in packets))


def _kahypar_start(packets: list[Packet], n: int, network: Network, seed: int) -> list[str] | None:
    import kahypar

    names = list(network.qpu_names)
    edges = [p.qubits for p in packets if len(p.qubits) >= 2]
    if len(names) < 2 or not edges:
        return None
    index, flat = [0], []
    for e in edges:
        flat += e
        index.append(len(flat))
    weights = [p.weight for p in packets if len(p.qubits) >= 2]
    hypergraph = kahypar.Hypergraph(n, len(edges), index, flat, len(names), weights, [1] * n)
    context = kahypar.Context()
    context.loadINIconfiguration(_kahypar_ini())
    context.setK(len(names))
    context.setEpsilon(0.0)
    context.setSeed(int(seed))
    context.suppressOutput(True)
    context.setCustomTargetBlockWeights([network.qpu(q).data_qubits for q in names])
    kahypar.partition(hypergraph, context)
    assign = [names[hypergraph.blockID(i)] for i in range(n)]
    if any(assign.count(q) > network.qpu(q).data_qubits for q in names):
        return None  # KaHyPar could not meet the capacities exactly; the local search start stands
    return assign


def _improve(packets: list[Packet], assign: list[str], network: Network, max_rounds: int) -> tuple[list[str], float]:
    """Best-improvement single moves and exchanges on the exact cost, until none helps."""
    n = len(assign)
    dist = network.hop_distance
    touching: list[list[int]] = [[] for _ in range(n)]
    for k, p in enumerate(packets):
        for q in set(p.qubits):
            touching[q].append(k)

    def local(trial, qubits) -> float:
        ks = {k for q in qubits for k in touching[q]}
        return sum(packet_cost(packets[k], trial, dist) for k in ks)

    capacity = {q: network.qpu(q).data_qubits for q in network.qpu_names}
    for _ in range(max_rounds):
        load = {q: assign.count(q) for q in network.qpu_names}
        best_gain, best = 1e-12, None
        for q in range(n):
            if not touching[q]:
                continue
            for name in network.qpu_names:
                if name == assign[q]:
                    continue
                if load[name] < capacity[name]:
                    trial = list(assign)
                    trial[q] = name
                    gain = local(assign, [q]) - local(trial, [q])
                    if gain > best_gain:
                        best_gain, best = gain, trial
                for r in range(n):
                    if r == q or assign[r] != name:
                        continue
                    trial = list(assign)
                    trial[q], trial[r] = trial[r], trial[q]
                    gain = local(assign, [q, r]) - local(trial, [q, r])
                    if gain > best_gain:
                        best_gain, best = gain, trial
        if best is None:
            break
        assign = best
    return assign, placement_cost(packets, assign, network)


def partition_hypergraph(circuit: QuantumCircuit, network: Network, seed: int = 0, use_kahypar: bool | None = None,
                         max_rounds: int = 100) -> list[str]:
    """QPU name for each logical qubit, minimising the pairs the circuit's packets cost.

    Args:
        circuit: the logical program.
        network: QPUs (capacities ``data_qubits``) and links (hop distances).
        seed: KaHyPar's seed (the local search is deterministic).
        use_kahypar: ``None`` uses KaHyPar when installed; ``True`` requires it; ``False`` never.
        max_rounds: local-search rounds (each applies the best move or exchange).
    """
    from qnet_plugin.network.partition import partition_qubits

    check_integer("max_rounds", max_rounds, 1)
    n = circuit.num_qubits
    if n > network.capacity:
        raise ParameterError(f"circuit qubits = {n} exceeds the network's data qubits "
                             f"({network.capacity}); add QPUs or data_qubits")
    if use_kahypar and not kahypar_available():
        raise ParameterError("use_kahypar = True but the kahypar package is not installed; "
                             "pip install 'qnet_plugin[partition]' or pass use_kahypar=None")
    packets = distributable_packets(circuit)
    starts = [partition_qubits(circuit, network)]
    if (use_kahypar is None and kahypar_available()) or use_kahypar:
        start = _kahypar_start(packets, n, network, seed)
        if start is not None:
            starts.append(start)
    results = [_improve(packets, list(s), network, max_rounds) for s in starts]
    return min(results, key=lambda r: r[1])[0]
