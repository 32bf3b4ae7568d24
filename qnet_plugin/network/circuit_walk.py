"""Walking a logical circuit the way the distribution pass sees it, shared by the passes.

:func:`flatten` lists its operations with gates on three or more qubits decomposed,
:func:`remote_cost` counts the link pairs a two-qubit gate costs when its qubits sit on different
QPUs (one per CX/CZ/CY in it; SWAPs are free relabellings), and :data:`NON_GATES` names the
operations that are not gates. :mod:`.partition` (where qubits start) and :mod:`.distribute` (the
rewriting pass) both import them from here, so neither imports the other.
"""

from __future__ import annotations

from typing import Any

from qiskit.circuit import ControlFlowOp, Instruction, QuantumCircuit

from qnet_plugin.core.validation import ParameterError

#: Operations that are not gates: never rewritten into link-consuming instructions.
NON_GATES = frozenset({"measure", "reset", "barrier", "delay", "save_amplitudes_sq"})
#: Two-qubit gates rewritten directly (after local basis changes) into one remote CNOT (one link pair):
#: name -> (gates on the target before, gates on the target after).
_REMOTE_PRIMITIVES = {"cx": ((), ()), "cz": (("h",), ("h",)), "cy": (("sdg",), ("s",))}
#: Two-qubit gates that cost one remote CNOT (one link pair) each.
ONE_PAIR_GATES = frozenset(_REMOTE_PRIMITIVES)


def remote_cost(op: Instruction) -> int:
    """Pairs a remote two-qubit gate costs when done gate by gate (number of CX/CZ/CY in it)."""
    if op.name == "swap":
        return 0
    if op.name in ONE_PAIR_GATES:
        return 1
    if op.definition is None:
        raise ParameterError(f"gate = {op.name!r} has no definition; it cannot be distributed")
    return sum(remote_cost(i.operation) for i in op.definition.data if i.operation.num_qubits == 2)


def flatten(circuit: QuantumCircuit) -> list[tuple[Any, list[int], list[int]]]:
    """(operation, logical qubit indices, clbit indices) with gates on >= 3 qubits decomposed."""
    out: list[tuple[Any, list[int], list[int]]] = []

    def walk(qc: QuantumCircuit, qmap: list[int], cmap: list[int]) -> None:
        for inst in qc.data:
            op = inst.operation
            qs = [qmap[qc.find_bit(q).index] for q in inst.qubits]
            cs = [cmap[qc.find_bit(c).index] for c in inst.clbits]
            if isinstance(op, ControlFlowOp) or op.name in NON_GATES or len(qs) <= 2:
                out.append((op, qs, cs))
            elif op.definition is not None:
                walk(op.definition, qs, cs)
            else:
                raise ParameterError(f"gate = {op.name!r} on {len(qs)} qubits has no definition; "
                                     "it cannot be distributed")

    walk(circuit, list(range(circuit.num_qubits)), list(range(circuit.num_clbits)))
    return out
