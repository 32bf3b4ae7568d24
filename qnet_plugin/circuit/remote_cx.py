"""Remote CNOT by gate teleportation (cat-entangler / cat-disentangler), one pair consumed."""

from __future__ import annotations

from collections.abc import Sequence

from qiskit.circuit import Clbit, Instruction, QuantumCircuit, Qubit
from qiskit.circuit.library import CXGate

from qnet_plugin.circuit._pair_source import as_bell_pair, check_feed_forward, num_clbits_for
from qnet_plugin.circuit.remote_controlled import cat_window

_CX = CXGate()


def remote_cx(qc: QuantumCircuit, control: Qubit | int, pair_a: Qubit | int, pair_b: Qubit | int, target: Qubit | int,
              clbits: Sequence[Clbit | int] | None = None, pair: object = None,
              feed_forward: str = "classical") -> QuantumCircuit:
    """Append a remote CNOT (control in QPU A, target in QPU B) to ``qc`` in place.

    Cat-entangler: CX control->pair_a, measure pair_a (clbit 0), X on pair_b if 1; pair_b then
    controls the target; cat-disentangler: H on pair_b, measure it (clbit 1), Z on the control if 1
    (Eisert, Jacobs, Papadopoulos, Plenio, PRA 62, 052317 (2000)). ``pair`` is prepared first unless
    ``None``. Returns ``qc``.
    """
    check_feed_forward(feed_forward)
    # the one-gate case of a cat-entangled window (qnet_plugin.circuit.remote_controlled)
    return cat_window(qc, control, pair_a, pair_b, [(_CX, (control, target))], clbits, pair, feed_forward)


class RemoteCX(Instruction):
    """CNOT from a control in QPU A to a target in QPU B through one Bell pair.

    Qubits: ``[control, pair_a, pair_b, target]`` (pair in the Phi+ frame); clbits: the two
    measurement outcomes (none in coherent mode).

    Args:
        pair: ``None`` if the pair is already on qubits 1 and 2; else a state, report, link or
            :class:`BellPair` prepared first.
        feed_forward: ``"deferred"`` or ``"coherent"``; the dynamic-circuit form with ``if_test``
            is :func:`remote_cx`.
        label: drawing label.
    """

    def __init__(self, pair: object = None, feed_forward: str = "deferred", label: str | None = None) -> None:
        self.feed_forward = check_feed_forward(feed_forward, ("deferred", "coherent"))
        self.pair = as_bell_pair(pair)
        super().__init__("remote_cx", 4, num_clbits_for(self.feed_forward), [], label=label)

    def _define(self) -> None:
        qc = QuantumCircuit(4, self.num_clbits, name=self.name)
        clbits = tuple(qc.clbits) if self.num_clbits else None
        remote_cx(qc, 0, 1, 2, 3, clbits, self.pair, self.feed_forward)
        self.definition = qc
