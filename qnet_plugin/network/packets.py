"""Distributable packets: runs of gates that one cat-entangled copy of a control qubit can serve.

A gate that is diagonal on a qubit c (sum_k |k><k|_c (x) U_k: cx and cu on their control, cz, cp,
rzz and crz on either qubit, rz/p/s/t on c alone) leaves c's computational-basis value untouched,
so one cat-entangled copy of c in another QPU (Eisert et al., PRA 62, 052317 (2000)) serves every
such gate until c meets a gate that is not diagonal on it (an H, an X, a measurement, the target
side of a CNOT). Such a run is a *packet* (Wu et al., arXiv 2305.14148; Andres-Martinez and
Heunen, PRA 100, 032308 (2019), "embedding"); as a hyperedge {c} + partners it costs, for a
placement of the qubits, one pair per other QPU among the partners (per hop on a line of QPUs).

Each two-qubit gate is given to exactly one packet: to its first qubit on which it is diagonal
(the control of a controlled gate; for a gate diagonal on both, the qubit whose packet is already
open, else the first). A gate diagonal on neither qubit (an iSWAP, a generic two-qubit unitary) is
its own packet of cost ``remote_cost`` (it is decomposed gate by gate).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qiskit.circuit import ControlFlowOp, QuantumCircuit
from qiskit.circuit.library import get_standard_gate_name_mapping

from qnet_plugin.circuit.remote_controlled import is_control_diagonal
from qnet_plugin.network.circuit_walk import NON_GATES, flatten, remote_cost

_STANDARD = frozenset(get_standard_gate_name_mapping())


@dataclass
class Packet:
    """One hyperedge: a control qubit and the partners its cat-entangled copy serves.

    Attributes:
        control: logical qubit whose copy is shared (``None`` for a gate diagonal on neither qubit).
        partners: the other qubits of the packet's gates, in order of first use.
        gates: indices of the packet's gates in :func:`~qnet_plugin.network.circuit_walk.flatten` order.
        weight: pairs per remote QPU (1 for a packet; ``remote_cost`` for an undistributable gate).
    """

    control: int | None
    partners: list[int] = field(default_factory=list)
    gates: list[int] = field(default_factory=list)
    weight: int = 1

    @property
    def qubits(self) -> list[int]:
        """All qubits of the hyperedge (control first)."""
        head = [] if self.control is None else [self.control]
        return head + [q for q in self.partners if q != self.control]


def diagonal_positions(op, cache: dict) -> tuple[bool, ...]:
    """Which qubits ``op`` is diagonal on; cached (in ``cache``) for standard gates with bound (float)
    angles. A ``delay`` is the identity (diagonal); measurements, resets and control flow are diagonal
    on nothing (they end a cat-entangled window)."""
    if op.name == "delay":
        return (True,) * op.num_qubits
    if isinstance(op, ControlFlowOp) or op.name in NON_GATES:
        return (False,) * op.num_qubits
    params = tuple(op.params)
    cacheable = op.name in _STANDARD and all(isinstance(p, (int, float)) for p in params)
    key = (op.name, params)
    if not cacheable or key not in cache:
        value = tuple(is_control_diagonal(op, i) for i in range(op.num_qubits))
        if not cacheable:
            return value
        cache[key] = value
    return cache[key]


def distributable_packets(circuit: QuantumCircuit) -> list[Packet]:
    """The circuit's two-qubit gates grouped into packets (see the module docstring).

    Operations inside control flow close the packets of the qubits they touch (a conservative
    reading: the window is not carried across a branch). SWAPs are relabellings and close nothing
    in the rewrite, but here they close both qubits' packets because the qubits change places.
    """
    ops = flatten(circuit)
    open_packet: dict[int, Packet] = {}
    done: list[Packet] = []
    cache: dict = {}

    def close(q):
        p = open_packet.pop(q, None)
        if p is not None and p.partners:
            done.append(p)

    for index, (op, qs, _) in enumerate(ops):
        if isinstance(op, ControlFlowOp) or op.name in NON_GATES or op.name == "swap":
            if op.name != "barrier":
                for q in qs:
                    close(q)
            continue
        if len(qs) == 1:
            if not diagonal_positions(op, cache)[0]:
                close(qs[0])
            continue
        diag = diagonal_positions(op, cache)
        a, b = qs
        if not any(diag):
            close(a)
            close(b)
            done.append(Packet(None, [a, b], [index], weight=max(remote_cost(op), 1)))
            continue
        if diag[0] and diag[1]:
            owner = a if a in open_packet or b not in open_packet else b
        else:
            owner = a if diag[0] else b
        other = b if owner == a else a
        if not diag[qs.index(other)]:
            close(other)  # the partner is acted on non-diagonally: its own packet ends here
        packet = open_packet.setdefault(owner, Packet(owner))
        if other not in packet.partners:
            packet.partners.append(other)
        packet.gates.append(index)
    for q in list(open_packet):
        close(q)
    return done


def packet_cost(packet: Packet, assignment, hop_distance) -> float:
    """Pairs the packet costs for ``assignment`` (QPU name per qubit): one per hop from the control's
    QPU to each other QPU holding a partner (``inf`` when a QPU is unreachable)."""
    if packet.control is None:
        a, b = packet.partners
        if assignment[a] == assignment[b]:
            return 0.0
        d = hop_distance.get(assignment[a], {}).get(assignment[b])
        return float("inf") if d is None else float(packet.weight * d)
    home = assignment[packet.control]
    total = 0.0
    for qpu in {assignment[q] for q in packet.partners} - {home}:
        d = hop_distance.get(home, {}).get(qpu)
        if d is None:
            return float("inf")
        total += packet.weight * d
    return total
