"""Remote controlled gates through one Bell pair: cat-entangler, local gates, cat-disentangler.

Eisert, Jacobs, Papadopoulos and Plenio, PRA 62, 052317 (2000): one shared pair copies the
computational-basis value of a control qubit c (in QPU A) onto the pair's far half b (in QPU B),

    cat-entangler:     CX(c -> a), measure a, X on b if 1       ->  alpha|0>_c|0>_b + beta|1>_c|1>_b
    local gates:       every gate that is *diagonal on the control* (sum_k |k><k|_c (x) U_k) acts
                       with b standing in for c, e.g. cx, cz, cp, crx, cry, crz, cu, rzz, rz
    cat-disentangler:  H on b, measure b, Z on c if 1           ->  the state as if run locally

so any sequence of such gates that share the control costs one pair (a "distributable packet",
Wu et al., arXiv 2305.14148; Andres-Martinez and Heunen, PRA 100, 032308 (2019)). A gate that is not
diagonal on the control (an H, an X on it) ends the packet.

The window between the two halves holds ``gates``: ``(operation, qubits)`` with qubits as indices
into the circuit, the control written as ``control``; :func:`is_control_diagonal` decides whether a
gate may go in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from qiskit.circuit import Instruction, QuantumCircuit
from qiskit.quantum_info import Operator

from qnet_plugin.circuit._pair_source import as_bell_pair, check_feed_forward, corrected, num_clbits_for
from qnet_plugin.core.operators import P1, on_qubit
from qnet_plugin.core.validation import ParameterError


def is_control_diagonal(operation: Instruction, position: int, atol: float = 1e-10) -> bool:
    """True when ``operation`` is block-diagonal in the computational basis of its qubit ``position``.

    Such a gate equals sum_k |k><k| (x) U_k on that qubit, so a cat-entangled copy of the qubit can
    stand in for it. Checked on the operator itself (any unitary gate with a matrix), not by name.
    """
    if getattr(operation, "num_clbits", 0):
        return False
    try:
        u = Operator(operation).data
    except Exception:  # a non-unitary instruction (measure, reset, channel) has no operator
        return False
    n = operation.num_qubits
    if not 0 <= position < n:
        raise ParameterError(f"position = {position} is outside the allowed range [0, {n - 1}]")
    z_proj = on_qubit(P1, position, n)
    # [U, |1><1|_c] = 0  <=>  U has no block mixing |0>_c and |1>_c
    return bool(np.allclose(u @ z_proj, z_proj @ u, atol=atol))


def _check_window(gates: Sequence, control: Any) -> list[tuple[Any, tuple]]:
    out = []
    for op, qubits in gates:
        qubits = tuple(qubits)
        if control in qubits and not is_control_diagonal(op, qubits.index(control)):
            raise ParameterError(f"gate {op.name} on qubits {qubits} is not diagonal on the control "
                                 f"qubit {control}; it cannot run inside a cat-entangled window")
        out.append((op, qubits))
    return out


def remote_controlled(qc: QuantumCircuit, control: Any, pair_a: Any, pair_b: Any, gates: Sequence,
                      clbits: Any = None, pair: Any = None, feed_forward: str = "classical") -> QuantumCircuit:
    """Append one cat-entangled window to ``qc`` in place: the ``gates`` run with the pair's far half
    ``pair_b`` standing in for ``control``; one pair consumed.

    Args:
        qc: the circuit (modified in place and returned).
        control: the control qubit (in QPU A).
        pair_a, pair_b: the pair's halves (``pair_a`` next to the control, ``pair_b`` in QPU B).
        gates: ``(operation, qubits)`` pairs, qubits as written on ``qc`` with ``control`` among them
            where the gate uses it; each must be diagonal on the control (:func:`is_control_diagonal`).
        clbits: two clbits (entangler outcome, disentangler outcome); ``None`` in coherent mode.
        pair: prepared on (pair_a, pair_b) first unless ``None`` (a state, report, link or BellPair).
        feed_forward: ``"classical"`` (measure + ``if_test``), ``"deferred"`` or ``"coherent"``.
    """
    check_feed_forward(feed_forward)
    return cat_window(qc, control, pair_a, pair_b, _check_window(gates, control), clbits, pair, feed_forward)


def cat_entangle(qc: QuantumCircuit, control: Any, pair_a: Any, pair_b: Any, clbit: Any, feed_forward: str) -> None:
    """The cat-entangler: CX(control -> pair_a), measure pair_a, X on pair_b if 1 (in place).

    Afterwards alpha|0>_c|0>_b + beta|1>_c|1>_b: ``pair_b`` is a copy of the control's
    computational-basis value (``pair_a`` is left in |+>, unentangled, in the coherent form)."""
    qc.cx(control, pair_a)
    corrected(qc, feed_forward, pair_a, clbit, "x", pair_b)


def cat_disentangle(qc: QuantumCircuit, control: Any, pair_b: Any, clbit: Any, feed_forward: str) -> None:
    """The cat-disentangler: H on pair_b, measure it, Z on the control if 1 (in place)."""
    qc.h(pair_b)
    corrected(qc, feed_forward, pair_b, clbit, "z", control)


def cat_window(qc: QuantumCircuit, control: Any, pair_a: Any, pair_b: Any, window: Sequence, clbits: Any,
               pair: Any, feed_forward: str) -> QuantumCircuit:
    """Cat-entangler, the ``window`` with ``pair_b`` standing in for ``control``, cat-disentangler.

    Unchecked: the callers validated ``feed_forward`` and the window (:func:`remote_controlled`,
    :func:`~qnet_plugin.circuit.remote_cx.remote_cx` with its one CNOT)."""
    bp = as_bell_pair(pair)
    if bp is not None:
        qc.append(bp, [pair_a, pair_b])
    c0, c1 = (None, None) if clbits is None else clbits
    cat_entangle(qc, control, pair_a, pair_b, c0, feed_forward)
    for op, qubits in window:
        qc.append(op, [pair_b if q == control else q for q in qubits])
    cat_disentangle(qc, control, pair_b, c1, feed_forward)
    return qc


class RemoteControlled(Instruction):
    """A window of gates controlled by a qubit in another QPU, through one Bell pair.

    Qubits: ``[control, pair_a, pair_b, *targets]``; the window's gates address the control as
    qubit 0 and the targets as qubits 3, 4, ... (``gates`` holds ``(operation, qubits)`` in those
    indices). A remote ``cp``: ``RemoteControlled([(CPhaseGate(t), (0, 3))])``. Clbits: the two
    feed-forward outcomes (none in coherent mode).

    Args:
        gates: the window; every gate diagonal on qubit 0 where it acts on it.
        pair: ``None`` if the pair is already on qubits 1 and 2; else a state, report, link or
            :class:`~qnet_plugin.circuit.BellPair`, prepared first.
        feed_forward: ``"deferred"`` or ``"coherent"`` (the ``if_test`` form is
            :func:`remote_controlled`).
        label: drawing label.
    """

    def __init__(self, gates: Sequence, pair: Any = None, feed_forward: str = "deferred",
                 label: str | None = None) -> None:
        self.feed_forward = check_feed_forward(feed_forward, ("deferred", "coherent"))
        self.pair = as_bell_pair(pair)
        gates = [(op, tuple(int(q) for q in qs)) for op, qs in gates]
        if not gates:
            raise ParameterError("gates = [] is empty; a remote controlled window needs at least one gate")
        used = {q for _, qs in gates for q in qs}
        if used & {1, 2}:
            raise ParameterError(f"gates use qubits {sorted(used & {1, 2})}, which hold the pair; "
                                 "address the control as 0 and the targets as 3, 4, ...")
        self.gates = _check_window(gates, 0)
        num_qubits = max(used | {3}) + 1
        super().__init__("remote_controlled", num_qubits, num_clbits_for(self.feed_forward), [], label=label)

    def _define(self) -> None:
        qc = QuantumCircuit(self.num_qubits, self.num_clbits, name=self.name)
        clbits = tuple(qc.clbits) if self.num_clbits else None
        remote_controlled(qc, 0, 1, 2, self.gates, clbits, self.pair, self.feed_forward)
        self.definition = qc
