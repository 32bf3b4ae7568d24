"""Shared pieces of the link-consuming instructions: the ``pair`` argument and feed-forward modes.

Feed-forward modes
------------------
``"classical"``  mid-circuit measurement, then the Pauli correction inside ``if_test`` (Qiskit 2.x
                 has no ``c_if``). Written inline into a user's circuit by the builder functions
                 (:func:`~qnet_plugin.circuit.teleport`, :func:`~qnet_plugin.circuit.remote_cx`).
``"deferred"``   the correction as a controlled Pauli, then the measurement (the deferred-measurement
                 principle: same joint distribution of outcomes and output state). Used by the
                 ``Instruction`` classes, because Qiskit 2.6's HighLevelSynthesis panics on a custom
                 instruction whose definition holds control flow (see docs/architecture.md).
``"coherent"``   controlled Pauli and no measurement (no clbits): the shot-averaged output exactly,
                 in one density-matrix shot.
"""

from __future__ import annotations

from collections.abc import Sequence

from qiskit.circuit import Clbit, QuantumCircuit, Qubit

from qnet_plugin.circuit.bell_pair import BellPair
from qnet_plugin.core.validation import check_choice

FEED_FORWARD = ("classical", "deferred", "coherent")


def as_bell_pair(pair: object) -> BellPair | None:
    """``None`` (the pair is already on the qubits), or a BellPair built from a state/report/link."""
    if pair is None or isinstance(pair, BellPair):
        return pair
    return BellPair(pair)


def check_feed_forward(feed_forward: str, allowed: Sequence[str] = FEED_FORWARD) -> str:
    """Validate the feed-forward mode."""
    return check_choice("feed_forward", feed_forward, allowed)


def corrected(qc: QuantumCircuit, feed_forward: str, control_qubit: Qubit | int, clbit: Clbit | int | None, gate: str,
              target: Qubit | int) -> None:
    """Append a Pauli ``gate`` on ``target`` conditioned on the Z-basis value of ``control_qubit``."""
    if feed_forward == "classical":
        qc.measure(control_qubit, clbit)
        with qc.if_test((clbit, 1)):
            getattr(qc, gate)(target)
        return
    getattr(qc, "c" + gate)(control_qubit, target)
    if feed_forward == "deferred":
        qc.measure(control_qubit, clbit)


def num_clbits_for(feed_forward: str) -> int:
    """Classical bits an instruction in this mode writes (two Pauli-frame bits, or none)."""
    return 0 if feed_forward == "coherent" else 2
