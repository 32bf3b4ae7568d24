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
    from qnet_plugin.network.hypergraph_partition import partition_hypergraph
    from qnet_plugin.network.partition import partition_qubits

    graph = partition_qubits(circuit, network)
    if circuit.num_qubits > HYPERGRAPH_MAX_QUBITS or len(network.qpus) < 2:
        return graph
    try:
        hyper = partition_hypergraph(circuit, network)
        if hyper == graph:
            return graph
        better = link_uses(circuit, network, hyper, strategy) < link_uses(circuit, network, graph, strategy)
    except ParameterError:  # a program the rewrite refuses: the run will say why, on the graph placement
        return graph
    return hyper if better else graph


def link_uses(circuit: QuantumCircuit, network: Network, assignment, strategy="auto") -> tuple[int, int]:
    """(pairs, transfers) the rewrite of ``circuit`` spends with ``assignment``."""
    from qnet_plugin.network.rewrite import rewrite

    program = rewrite(circuit, network, list(assignment), strategy)
    return program.pairs, program.transfers


__all__ = ["choose_placement", "link_uses", "HYPERGRAPH_MAX_QUBITS"]
