"""How a non-local two-qubit gate is done: the strategy object and its cost model (in link pairs).

A gate between QPUs costs link uses. Two ways exist (Eisert, Jacobs, Papadopoulos, Plenio,
PRA 62, 052317 (2000) for the remote gate; Bennett et al., PRL 70, 1895 (1993) for teleportation):

* a **remote CNOT** by gate teleportation: one pair per CX/CZ/CY of the gate
  (:func:`.circuit_walk.remote_cost`), the qubits stay where they are;
* **moving** one qubit to the other QPU (teleportation: one pair per hop; or, on links that declare
  the transfer capability, :func:`qnet_plugin.links.base.is_transfer_source`, one use of the
  link's transfer channel per hop and no pair), after which the run of coming gates with qubits
  there is local; it may have to come back (one more move).

The cost model counts pairs (link uses): moving ``q`` to ``dest`` costs ``1 + back`` (``back`` = 1
when a later gate pulls it away again) and saves ``k`` = the remote cost of the run of its coming
two-qubit gates with qubits at ``dest`` (:func:`window`). :class:`Strategy` then decides:

* ``"auto"``: move when that saves pairs (``k > 1 + back``), the best of the two qubits; a move goes
  by transfer when every link of the route is a transfer source and purifies nothing;
* ``"remote-cx"``: never move;
* ``"teleport"``: always move when the destination has a free data qubit (by teleportation);
* ``"transfer"``: always move by transfer (a full destination is *visited*: transfer in, gate,
  transfer back); a link of the route without the capability is a ParameterError naming it.

The object is small and replaceable: :func:`.rewrite.rewrite` only asks it :meth:`Strategy.choose_move`,
:meth:`Strategy.by_transfer` and :attr:`Strategy.visits`.
"""

from __future__ import annotations

from qiskit.circuit import ControlFlowOp

from qnet_plugin.core.validation import ParameterError, check_choice
from qnet_plugin.links.base import is_transfer_source
from qnet_plugin.network.circuit_walk import NON_GATES, remote_cost

STRATEGIES = ("auto", "remote-cx", "teleport", "transfer")


def supports_transfer(link) -> bool:
    """True when ``link``'s model declares the transfer capability (:class:`~qnet_plugin.links.base.TransferSource`)."""
    return is_transfer_source(link.model)


def require_transfer(link) -> None:
    """ParameterError naming ``link`` when it cannot carry a qubit (strategy ``"transfer"``)."""
    if not supports_transfer(link):
        raise ParameterError(
            f"strategy = 'transfer' is not possible on link {link.name} (model "
            f"{link.report.link!r}): it delivers heralded pairs and has no transfer channel; use "
            "a link whose model is a TransferSource or choose strategy "
            "'auto', 'remote-cx' or 'teleport'")


def partners_of(ops, num_qubits: int) -> dict[int, list]:
    """For each logical qubit, its two-qubit gates in program order: [(op index, other qubit)]."""
    partners: dict[int, list] = {q: [] for q in range(num_qubits)}
    for j, (op, qs, _) in enumerate(ops):
        if len(qs) == 2 and op.name not in NON_GATES and not isinstance(op, ControlFlowOp):
            partners[qs[0]].append((j, qs[1]))
            partners[qs[1]].append((j, qs[0]))
    return partners


def window(ops, partners, i, q, dest, loc) -> tuple[int, bool]:
    """Pairs saved by moving logical ``q`` to ``dest`` at op ``i``: (remote cost of the run of its
    coming two-qubit gates with qubits at ``dest``, whether it must come back afterwards)."""
    cost = 0
    for j, p in partners[q]:
        if j < i:
            continue
        op = ops[j][0]
        if op.name == "swap":
            return cost, True
        if loc[p] != dest:
            return cost, True
        cost += remote_cost(op)
    return cost, False


def move_cost(back: bool) -> int:
    """Link uses of a move per hop: there, and back again when ``back``."""
    return 1 + int(back)


class Strategy:
    """The strategy choice (see the module docstring). ``name`` is one of :data:`STRATEGIES`."""

    def __init__(self, name: str = "auto"):
        self.name = check_choice("strategy", name, STRATEGIES)

    def __repr__(self) -> str:
        return f"Strategy({self.name!r})"

    @property
    def moves(self) -> bool:
        """False when qubits never move (``"remote-cx"``)."""
        return self.name != "remote-cx"

    @property
    def visits(self) -> bool:
        """True when a gate that cannot move a qubit is done by visiting (``"transfer"``)."""
        return self.name == "transfer"

    def by_transfer(self, route) -> bool:
        """Move along ``route`` (a list of Links) by transfer rather than by teleportation?"""
        if self.name == "transfer":
            for link in route:  # raises, naming the link, when one has no transfer channel
                require_transfer(link)
            return True
        return self.name == "auto" and all(supports_transfer(l) and l.purification is None for l in route)

    def choose_move(self, ops, partners, i, qs, loc, resident, capacity) -> tuple[int, str] | None:
        """Which logical qubit of the gate ``ops[i]`` on ``qs`` to move, and where; None: do it
        remotely. ``loc``: QPU of each logical qubit; ``resident``/``capacity``: data qubits in use
        and available per QPU."""
        if not self.moves:
            return None
        best = None
        for q, other in ((qs[0], qs[1]), (qs[1], qs[0])):
            dest = loc[other]
            if resident[dest] >= capacity[dest]:
                continue
            saved, back = window(ops, partners, i, q, dest, loc)
            cost = move_cost(back)
            if self.name in ("teleport", "transfer") or cost < saved:
                if best is None or saved - cost > best[0]:
                    best = (saved - cost, q, dest)
        return None if best is None else (best[1], best[2])


def as_strategy(strategy) -> Strategy:
    """A :class:`Strategy` from a name or a Strategy."""
    return strategy if isinstance(strategy, Strategy) else Strategy(strategy)
