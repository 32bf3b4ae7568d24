"""Distributed programs: QPUs in separate fridges, physical links between them, and the pass that
spreads an ordinary Qiskit circuit over them and runs it on Aer with the links' real noise.

    from qnet_plugin.network import load_network, run_distributed
    net = load_network("two_fridges.toml")
    result = run_distributed(circuit, net, shots=2000)
    result.fidelity, result.pairs_consumed, result.wall_clock_s, result.links

Modules, one idea each: ``model`` (QPU, Link, Network), ``config`` (TOML files: ``config_schema``
the table of keys, ``config_lines`` their lines), ``partition`` (qubit assignment; ``packets`` and
``hypergraph_partition`` for cat-entangled windows), ``circuit_walk`` (the circuit as the passes
walk it), ``distribute`` (the transpiler pass), ``timing`` (waiting and idle time), ``attempts``
(heralding attempts in time), ``purify`` (purification rounds before use), ``swapping``
(multi-hop pairs), ``simulate`` (method choice and the Aer run), ``results``, ``stage_plugin`` (the
pass as Qiskit's ``layout``/``routing`` stage "qnet": ``with use_network(net) as opts:
transpile(qc, **opts)``), ``backend`` (:class:`NetworkBackend`, a ``BackendV2``:
``transpile(qc, backend)``, ``backend.run``, the V2 primitives). The distribution pipeline:
``rewrite`` (with ``strategy``) -> ``schedule`` -> ``noise_pass``, composed by ``distribute``.
"""

from qnet_plugin.network.config import NetworkConfigError, check_network_file, load_network, loads_network
from qnet_plugin.network.model import QPU, Link, Network
from qnet_plugin.network.purify import Purification

__all__ = ["QPU", "Link", "Network", "Purification", "load_network", "loads_network", "check_network_file",
           "NetworkConfigError", "DistributePass", "distribute_circuit", "run_distributed", "partition_qubits",
           "DistributedResult", "use_network", "network_coupling_map", "NetworkCouplingMap",
           "NetworkBackend"]


def __getattr__(name):
    # The Qiskit-heavy modules load on first use so that `import qnet_plugin.network` stays light.
    import importlib

    homes = {"DistributePass": "distribute", "distribute_circuit": "distribute",
             "DistributedCircuit": "distribute", "run_distributed": "run",
             "choose_method": "simulate", "partition_qubits": "partition",
             "DistributedResult": "results", "use_network": "stage_plugin",
             "network_coupling_map": "stage_plugin", "NetworkCouplingMap": "stage_plugin",
             "NetworkBackend": "backend"}
    if name not in homes:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{homes[name]}"), name)
