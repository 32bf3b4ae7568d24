"""qnet_plugin: physics-based inter-fridge links as Qiskit instructions that run on qiskit-aer.

Layers (see docs/architecture.md): ``physics`` (paper equations) -> ``links`` (LinkReport: rate,
delivered state, fidelity, heat) -> ``channels`` (Kraus maps) -> ``circuit`` (instructions) ->
``network`` / ``purification`` / ``sweep`` (programs) -> ``cli``.
"""

from qnet_plugin import channels, states
from qnet_plugin.circuit import BellPair, RemoteCX, Teleport, Transfer, remote_cx, teleport
from qnet_plugin.core import units
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import LinkModel, LinkReport, available_links, get_link_class

__version__ = "0.1.0"

__all__ = ["BellPair", "Teleport", "RemoteCX", "Transfer", "teleport", "remote_cx", "LinkModel",
           "LinkReport", "available_links", "get_link_class", "ParameterError", "channels", "states",
           "units", "__version__"]
