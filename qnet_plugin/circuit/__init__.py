"""Qiskit instructions that consume link pairs; each has a ``definition`` Aer can run.

Instruction classes (``BellPair``, ``Teleport``, ``RemoteCX``) go through a plain
``transpile(qc, AerSimulator())``; the builder functions (``teleport``, ``remote_cx``) write the
dynamic-circuit form (mid-circuit measurement + ``if_test``) inline.
"""

from qnet_plugin.circuit.bell_pair import BellPair
from qnet_plugin.circuit.remote_controlled import RemoteControlled, remote_controlled
from qnet_plugin.circuit.remote_cx import RemoteCX, remote_cx
from qnet_plugin.circuit.teleport import Teleport, teleport
from qnet_plugin.circuit.transfer import Transfer

__all__ = ["BellPair", "Teleport", "RemoteCX", "RemoteControlled", "Transfer", "teleport", "remote_cx",
           "remote_controlled"]
