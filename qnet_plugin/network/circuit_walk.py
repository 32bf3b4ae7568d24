"""Walking a logical circuit the way the network passes see it (shared by :mod:`.partition` and
the distribution pipeline, so neither imports the other).

* :data:`_NON_GATES`: operations that are not gates (never rewritten into link operations).
* :func:`_flatten`: (operation, logical qubits, clbits) with gates on 3+ qubits decomposed.
* :func:`remote_cost`: link pairs a two-qubit gate costs when done remotely gate by gate.
"""

from __future__ import annotations

from qiskit.circuit import ControlFlowOp, QuantumCircuit

from qnet_plugin.core.validation import ParameterError

#: Two-qubit gates rewritten directly (after local basis changes) into one remote CNOT:
#: name -> (gates on the target before, gates on the target after).
_REMOTE_PRIMITIVES = {"cx": ((), ()), "cz": (("h",), ("h",)), "cy": (("sdg",), ("s",))}
_NON_GATES = {"measure", "reset", "barrier", "delay", "save_amplitudes_sq"}


def remote_cost(op) -> int:
    """Pairs a remote two-qubit gate costs when done gate by gate (number of CX/CZ/CY in it)."""
    if op.name == "swap":
        return 0
    if op.name in _REMOTE_PRIMITIVES:
        return 1
    if op.definition is None:
        raise ParameterError(f"gate = {op.name!r} has no definition; it cannot be distributed")
    return sum(remote_cost(i.operation) for i in op.definition.data if i.operation.num_qubits == 2)


def _flatten(circuit: QuantumCircuit) -> list:
    """(operation, logical qubit indices, clbit indices) with gates on >= 3 qubits decomposed."""
    out = []

    def walk(qc, qmap, cmap):
        for inst in qc.data:
            op = inst.operation
            qs = [qmap[qc.find_bit(q).index] for q in inst.qubits]
            cs = [cmap[qc.find_bit(c).index] for c in inst.clbits]
            if isinstance(op, ControlFlowOp) or op.name in _NON_GATES or len(qs) <= 2:
                out.append((op, qs, cs))
            elif op.definition is not None:
                walk(op.definition, qs, cs)
            else:
                raise ParameterError(f"gate = {op.name!r} on {len(qs)} qubits has no definition; "
                                     "it cannot be distributed")

    walk(circuit, list(range(circuit.num_qubits)), list(range(circuit.num_clbits)))
    return out
