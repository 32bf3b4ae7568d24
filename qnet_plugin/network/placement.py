"""Where each logical qubit starts when the user does not say: the placement that spends fewest pairs.

Two partitions are candidates (issue 14):

* the **graph** partition (:func:`.partition.partition_qubits`): the interaction graph, one pair x
  hops per non-local two-qubit gate;
* the **hypergraph** partition (:func:`.hypergraph_partition.partition_hypergraph`): qubits as
  vertices, distributable packets (gates one cat-entangled copy can serve) as hyperedges, KaHyPar
  where it installs, the graph partition as its other starting point.

Neither cost model is the rewrite itself (a packet can be served by teleporting instead, windows
close when communication qubits run out), so both candidates are rewritten with the strategy the
run uses and the one whose hardware program consumes fewer link uses wins (pairs, then transfers;
a tie keeps the graph partition). The rewrite is pure and fast next to the simulation (milliseconds
to ~0.1 s for 16-qubit programs), and the choice is deterministic. Above
:data:`HYPERGRAPH_MAX_QUBITS` logical qubits the hypergraph's local search is skipped (its cost grows
as qubits^2 x packets per round).
"""

from __future__ import annotations

from qiskit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.model import Network

#: Largest program (logical qubits) for which the hypergraph candidate is tried.
HYPERGRAPH_MAX_QUBITS = 64


def choose_placement(circuit: QuantumCircuit, network: Network, strategy="auto") -> list[str]:
    """QPU name of each logical qubit: the candidate whose rewrite uses fewest links (module docstring)."""
    return place(circuit, network, strategy)[0]


def place(circuit: QuantumCircuit, network: Network, strategy="auto"):
    """(assignment, its rewritten :class:`~.rewrite.HardwareProgram`, or None when the choice needed
    no rewrite): :func:`choose_placement` handing back the program it already built, so the
    distribution does not rewrite the winner again."""
    from qnet_plugin.network.hypergraph_partition import partition_hypergraph
    from qnet_plugin.network.partition import partition_qubits

    graph = partition_qubits(circuit, network)
    if circuit.num_qubits > HYPERGRAPH_MAX_QUBITS or len(network.qpus) < 2:
        return graph, None
    try:
        hyper = partition_hypergraph(circuit, network)
        if hyper == graph:
            return graph, None
        programs = {tuple(a): _rewrite(circuit, network, a, strategy) for a in (graph, hyper)}
    except ParameterError:  # a program the rewrite refuses: the run will say why, on the graph placement
        return graph, None
    cost = {a: (p.pairs, p.transfers) for a, p in programs.items()}
    best = list(hyper) if cost[tuple(hyper)] < cost[tuple(graph)] else graph
    return best, programs[tuple(best)]


def link_uses(circuit: QuantumCircuit, network: Network, assignment, strategy="auto") -> tuple[int, int]:
    """(pairs, transfers) the rewrite of ``circuit`` spends with ``assignment``."""
    program = _rewrite(circuit, network, assignment, strategy)
    return program.pairs, program.transfers


def _rewrite(circuit, network, assignment, strategy):
    from qnet_plugin.network.rewrite import rewrite

    return rewrite(circuit, network, list(assignment), strategy)


__all__ = ["choose_placement", "place", "link_uses", "HYPERGRAPH_MAX_QUBITS"]
