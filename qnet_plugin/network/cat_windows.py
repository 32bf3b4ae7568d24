"""The open cat-entangled windows of one rewrite: copies of control qubits held in other QPUs.

A window (Eisert, Jacobs, Papadopoulos and Plenio, PRA 62, 052317 (2000);
:mod:`qnet_plugin.circuit.remote_controlled`) is opened by the cat-entangler: one pair between the
control's QPU and ``dest`` (swapped over several hops if needed), a local CX from the control onto
its half, and the measured half's X correction fed forward onto the far half, which then holds
alpha|0>|0> + beta|1>|1> with the control: a *copy* of its computational-basis value. Every gate
diagonal on the control whose partner sits in ``dest`` runs locally there on the copy. The
cat-disentangler (H on the copy, its read-out fed forward as a Z onto the control) closes it.

:class:`Windows` keeps them for :func:`.rewrite.rewrite`: which are open, which copies each QPU
holds (at most its ``comm_qubits``: a newer copy closes the least recently used one), and the look
ahead that decides when a copy is no longer needed. It writes its steps through the
:class:`~.rewrite.Rewriter` (``pair``, ``op``, ``feed_forward``, ``release``, ``free``: the step
kinds the schedule and noise passes already know; a cat-entangler is a pair, a local CX, a
read-out and the classical latency).
"""

from __future__ import annotations

from qiskit.circuit import ControlFlowOp

from qnet_plugin.network.packets import diagonal_positions


class Windows:
    """Open windows, keyed by (logical control, QPU holding its copy).

    Args:
        builder: the :class:`~.rewrite.Rewriter` the steps go to.
        ops, touches: the flattened logical program and, per logical qubit, the indices of the
            operations on it (:func:`.strategy.touches_of`).
        sim, loc: the rewrite's live lists: simulator qubit and QPU of each logical qubit.
        comm_qubits: communication qubits per QPU (copies it can hold at once).
    """

    def __init__(self, builder, ops, touches, sim: list, loc: list, comm_qubits: dict):
        self.b = builder
        self.ops = ops
        self.touches = touches
        self.sim = sim
        self.loc = loc
        self.comm = comm_qubits
        self.cache: dict = {}
        self.open: dict[tuple[int, str], tuple[int, list]] = {}   # -> (copy qubit, route)
        self.held: dict[str, list] = {name: [] for name in comm_qubits}  # least recently used first
        self.opened = 0
        builder.before_pair = self.make_room

    def diag(self, op) -> tuple:
        """Which qubits ``op`` is diagonal on (cached)."""
        return diagonal_positions(op, self.cache)

    def __contains__(self, key) -> bool:
        return key in self.open

    def make_room(self, route, src: str) -> None:
        """Close the least recently used copies where a pair along ``route`` from ``src`` needs
        communication qubits: one at each end, two at each relay (an entanglement swap holds one
        half of each of its two pairs). Where even that is too few, the schedule pass says so."""
        nodes = [src]
        for link in route:
            nodes.append(link.other(nodes[-1]))
        need = {q: 2 for q in nodes[1:-1]}
        need[nodes[0]] = need.get(nodes[0], 0) + 1
        need[nodes[-1]] = need.get(nodes[-1], 0) + 1
        for qpu, k in need.items():
            while self.held[qpu] and len(self.held[qpu]) > self.comm[qpu] - k:
                self.close(*self.held[qpu][0])

    def start(self, c: int, dest: str) -> None:
        """Cat-entangler: a copy of logical ``c`` in QPU ``dest``."""
        b, sim = self.b, self.sim
        route = b.route(self.loc[c], dest)
        need = (sim[c],)
        pa, pb = b.pair_on(route, self.loc[c], need)
        b.wait(route, need, (pa, pb))
        b.run_protocol("cat_entangle", [sim[c], pa, pb])
        b.free(pa)  # left in |+>, unentangled (coherent form of the measured half)
        self.open[c, dest] = (pb, route)
        self.held[dest].append((c, dest))
        self.opened += 1

    def close(self, c: int, dest: str) -> None:
        """Cat-disentangler: H on the copy, feed-forward Z onto the control; the copy is freed."""
        pb, route = self.open.pop((c, dest))
        self.held[dest].remove((c, dest))
        self.b.run_protocol("cat_disentangle", [self.sim[c], pb])
        self.b.release(route, [self.sim[c], pb])
        self.b.free(pb)

    def close_all(self, q: int) -> None:
        """Close every window of logical ``q`` (before a gate not diagonal on it, a move, a SWAP)."""
        for key in [k for k in self.open if k[0] == q]:
            self.close(*key)

    def close_everything(self) -> None:
        for key in list(self.open):
            self.close(*key)

    def ahead(self, c: int, dest: str, i: int) -> tuple[int, int]:
        """(coming gates after op ``i`` a copy of ``c`` in ``dest`` would serve before ``c`` meets a
        gate not diagonal on it, the index of the last of them or ``i``), with today's locations."""
        count, last = 0, i
        for j in self.touches[c]:
            if j <= i:
                continue
            op, qs, _ = self.ops[j]
            if not self.diag(op)[qs.index(c)] or op.name == "swap":
                break
            if len(qs) == 2 and not isinstance(op, ControlFlowOp):
                p = qs[1] if qs[0] == c else qs[0]
                if self.loc[p] == dest:
                    count, last = count + 1, j
        return count, last

    def run(self, op, qs, owner: int, dest: str, look: int | None, keep: bool = True) -> None:
        """Run ``op`` on ``qs`` with the copy of ``owner`` (in ``dest``) standing in for it; the
        window closes afterwards unless ``keep`` and a coming gate (after op ``look``) needs it."""
        pb = self.open[owner, dest][0]
        self.held[dest].remove((owner, dest))
        self.held[dest].append((owner, dest))
        self.b.local(op, [pb if q == owner else self.sim[q] for q in qs])
        if not keep or (look is not None and self.ahead(owner, dest, look)[0] == 0):
            self.close(owner, dest)
