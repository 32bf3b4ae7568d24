"""The package's main job in one call: a shipped program over a shipped two-fridge network.

:func:`demo_result` runs the 4-qubit GHZ program spread over two superconducting QPUs joined by a
link model (paper 000's electro-optic link by default, with the realistic detection chain of the
shipped network file; any other model at its state of the art), simulated on Aer with the link's
delivered state, local gate noise, waiting time and idle decoherence. ``qnet demo``
(:mod:`qnet_plugin.cli.demo`) prints what it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

    from qnet_plugin.links.base import LinkReport
    from qnet_plugin.network.model import Network
    from qnet_plugin.network.results import DistributedResult

DEMO_NETWORK = "two_fridges.toml"
DEMO_PROGRAM = "ghz_4.qasm"


def demo_result(link_name: str = "electro-optic", shots: int = 2000,
                seed: int | None = 1) -> tuple[Network, QuantumCircuit, LinkReport, DistributedResult]:
    """(network, program circuit, link report, DistributedResult) of the demo."""
    from qnet_plugin.examples import example_path
    from qnet_plugin.network.config import load_network
    from qnet_plugin.network.program import load_program
    from qnet_plugin.network.run import run_distributed

    net = load_network(example_path(DEMO_NETWORK))
    if any(link.model.name != link_name for link in net.links):
        # Another model stands in at its state of the art; the file's own model keeps the file's
        # parameters (realistic detection for the electro-optic link).
        net = net.replace_link_model(link_name)
    qc = load_program(example_path(DEMO_PROGRAM))
    result = run_distributed(qc, net, shots=shots, seed=seed)
    return net, qc, net.links[0].report, result
