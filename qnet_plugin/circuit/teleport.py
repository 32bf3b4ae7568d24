"""Quantum teleportation of one qubit through a (noisy) Bell pair."""

from __future__ import annotations

from collections.abc import Sequence

from qiskit.circuit import Clbit, Instruction, QuantumCircuit, Qubit

from qnet_plugin.circuit._pair_source import as_bell_pair, check_feed_forward, corrected, num_clbits_for


def teleport(qc: QuantumCircuit, source: Qubit | int, pair_a: Qubit | int, pair_b: Qubit | int,
             clbits: Sequence[Clbit | int] | None = None, pair: object = None,
             feed_forward: str = "classical") -> QuantumCircuit:
    """Append a teleportation of ``source`` onto ``pair_b`` to ``qc`` (in place), inline.

    With ``feed_forward="classical"`` this is the dynamic circuit: Bell measurement of
    (source, pair_a) into ``clbits`` = (z_bit, x_bit) and corrections inside ``if_test``.
    ``pair`` (state, LinkReport, link or BellPair) is first prepared on (pair_a, pair_b); leave it
    ``None`` when a pair is already there. Returns ``qc``.
    """
    check_feed_forward(feed_forward)
    bp = as_bell_pair(pair)
    if bp is not None:
        qc.append(bp, [pair_a, pair_b])
    cz, cx_ = (None, None) if clbits is None else clbits
    qc.cx(source, pair_a)
    qc.h(source)
    corrected(qc, feed_forward, pair_a, cx_, "x", pair_b)
    corrected(qc, feed_forward, source, cz, "z", pair_b)
    return qc


class Teleport(Instruction):
    """Move the state of qubit 0 (in QPU A) to qubit 2 (in QPU B) by teleportation.

    Qubits: ``[source, pair_a, pair_b]``; clbits: ``[z_bit, x_bit]`` (none in coherent mode).
    The pair is assumed in the Phi+ frame.

    Args:
        pair: ``None`` if a Bell pair already sits on qubits 1 and 2; otherwise a state, a
            :class:`~qnet_plugin.links.LinkReport`, a link model or a :class:`BellPair`, prepared on
            qubits 1 and 2 first (one pair consumed).
        feed_forward: ``"deferred"`` (controlled corrections, then the Bell-measurement outcomes
            written to the two clbits) or ``"coherent"`` (no measurement, no clbits). For the
            dynamic-circuit form with ``if_test`` use :func:`teleport` (see ``_pair_source``).
        label: drawing label.
    """

    def __init__(self, pair: object = None, feed_forward: str = "deferred", label: str | None = None) -> None:
        self.feed_forward = check_feed_forward(feed_forward, ("deferred", "coherent"))
        self.pair = as_bell_pair(pair)
        super().__init__("teleport", 3, num_clbits_for(self.feed_forward), [], label=label)

    def _define(self) -> None:
        qc = QuantumCircuit(3, self.num_clbits, name=self.name)
        clbits = tuple(qc.clbits) if self.num_clbits else None
        teleport(qc, 0, 1, 2, clbits, self.pair, self.feed_forward)
        self.definition = qc
