"""How a non-local two-qubit gate is done: the strategy object and its cost model (in link pairs).

A gate between QPUs costs link uses. Three ways exist (Eisert, Jacobs, Papadopoulos, Plenio,
PRA 62, 052317 (2000) for the remote gate; Bennett et al., PRL 70, 1895 (1993) for teleportation):

* a **cat-entangled window** (:mod:`qnet_plugin.circuit.remote_controlled`): one pair copies a
  control qubit's computational-basis value into the other QPU; every coming gate that is diagonal
  on that qubit (cx/cy/cu/crx/cry on the control, cz, cp, crz, rzz on either qubit) and whose
  partner sits there runs on the copy, until the qubit meets a gate that is not diagonal on it
  (a "distributable packet", Wu et al., arXiv 2305.14148; Andres-Martinez and Heunen,
  PRA 100, 032308 (2019)). One pair per window and hop, whatever the gates in it;
* a **remote gate** on its own (the one-gate window: one pair for any controlled single-qubit gate
  and for rzz/cp; a gate diagonal on neither qubit, an iSWAP say, is decomposed and its CX done so);
* **moving** one qubit to the other QPU (teleportation: one pair per hop; or, on links that declare
  the transfer capability, :func:`qnet_plugin.links.base.is_transfer_source`, one use of the
  link's transfer channel per hop and no pair), after which the run of coming gates with qubits
  there is local; it may have to come back (one more move).

Per packet (a non-local gate no open window serves), :class:`Strategy` decides:

* ``"auto"``: move ``q`` to ``dest`` when ``1 + back`` (``back`` = 1 when a later gate pulls it away
  again) is at most the pairs the windows for its coming run of gates at ``dest`` would cost
  (:func:`window_cost`); on a tie the move wins on time (one classical round per move against two,
  entangler and disentangler, per window). Otherwise a cat window, opened for the qubit whose copy
  serves its coming gates in the shortest stretch of the program (``rewrite._owner_score``). A
  remote gate on its own never costs fewer pairs than a window, so it is only used for gates
  diagonal on neither qubit. :func:`.rewrite.rewrite` then also runs the pure strategies
  ``"cat"``, ``"teleport"`` and ``"remote-cx"`` and keeps the program with the fewest link uses
  (pairs plus transfers; ties: the shorter scheduled time), so ``"auto"`` never spends more pairs
  than any of them;
* ``"cat"``: never move; pack gates into cat-entangled windows;
* ``"remote-cx"``: never move; every non-local gate its own window (one pair per gate);
* ``"teleport"``: always move when the destination has a free data qubit (by teleportation), else
  windows;
* ``"transfer"``: always move by transfer (a full destination is *visited*: transfer in, gate,
  transfer back); a link of the route without the capability is a ParameterError naming it.

``Strategy(name, cat_windows=False)`` is the previous release's rewrite, kept as a baseline for the
pair benchmark (``benchmarks/bench_ebits.py``): gates decomposed to CX/CZ/CY, one pair per CX, and
moves chosen by :func:`window` (``k > 1 + back``).

The object is small and replaceable: :func:`.rewrite.rewrite` only asks it :meth:`Strategy.choose_move`,
:meth:`Strategy.by_transfer`, :attr:`Strategy.visits`, :attr:`Strategy.packs` and
:attr:`Strategy.cat_windows`.
"""

from __future__ import annotations

from qiskit.circuit import ControlFlowOp

from qnet_plugin.core.validation import ParameterError, check_choice
from qnet_plugin.links.base import is_transfer_source
from qnet_plugin.network.circuit_walk import NON_GATES, remote_cost
from qnet_plugin.network.packets import diagonal_positions

STRATEGIES = ("auto", "cat", "remote-cx", "teleport", "transfer")


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


def touches_of(ops, num_qubits: int) -> dict[int, list[int]]:
    """For each logical qubit, the indices of the operations acting on it (barriers left out)."""
    touches: dict[int, list[int]] = {q: [] for q in range(num_qubits)}
    for j, (op, qs, _) in enumerate(ops):
        if op.name != "barrier":
            for q in qs:
                touches[q].append(j)
    return touches


def window_cost(ops, touches, i, q, dest, loc, cache: dict) -> tuple[int, bool]:
    """Pairs the run of ``q``'s coming two-qubit gates with qubits at ``dest`` (from op ``i`` on)
    costs when ``q`` stays and cat windows serve it, and whether a move would have to come back.

    One pair per window of ``q``: a window serves every gate diagonal on ``q`` until ``q`` meets a
    gate not diagonal on it; a gate diagonal only on its partner costs the partner's window (one);
    a gate diagonal on neither costs its CX count (:func:`.circuit_walk.remote_cost`).
    """
    cost, is_open = 0, False
    partner_since: dict[int, int] = {}   # partner -> op at which its window (into q's QPU) opened

    def partner_still_open(p, j) -> bool:
        if p not in partner_since:
            return False
        for k in touches[p]:
            if partner_since[p] < k < j:
                o, oq, _ = ops[k]
                if not diagonal_positions(o, cache)[oq.index(p)]:
                    return False
        return True

    for j in touches[q]:
        if j < i:
            continue
        op, qs, _ = ops[j]
        diag = diagonal_positions(op, cache)
        if len(qs) == 2 and not isinstance(op, ControlFlowOp) and op.name not in NON_GATES:
            p = qs[1] if qs[0] == q else qs[0]
            if op.name == "swap" or loc[p] != dest:
                return cost, True
            if diag[qs.index(q)]:
                cost += 0 if is_open else 1
                is_open = True
                continue
            if diag[qs.index(p)]:
                cost += 0 if partner_still_open(p, j) else 1
                partner_since[p] = j
            else:
                cost += max(remote_cost(op), 1)
        is_open = is_open and diag[qs.index(q)]
    return cost, False


def move_cost(back: bool) -> int:
    """Link uses of a move per hop: there, and back again when ``back``."""
    return 1 + int(back)


class Strategy:
    """The strategy choice (see the module docstring). ``name`` is one of :data:`STRATEGIES`."""

    def __init__(self, name: str = "auto", cat_windows: bool = True):
        self.name = check_choice("strategy", name, STRATEGIES)
        if not isinstance(cat_windows, bool):
            raise ParameterError(f"cat_windows = {cat_windows!r} is not allowed; use True or False")
        if not cat_windows and self.name == "cat":
            raise ParameterError("cat_windows = False is not allowed with strategy 'cat' (it packs windows)")
        self.cat_windows = cat_windows

    def __repr__(self) -> str:
        return f"Strategy({self.name!r})" if self.cat_windows else f"Strategy({self.name!r}, cat_windows=False)"

    @property
    def packs(self) -> bool:
        """True when one cat-entangled window serves several gates (all but ``"remote-cx"`` and the
        previous release's rewrite)."""
        return self.cat_windows and self.name != "remote-cx"

    @property
    def moves(self) -> bool:
        """False when qubits never move (``"remote-cx"``)."""
        return self.name not in ("remote-cx", "cat")

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

    def choose_move(self, ops, partners, i, qs, loc, resident, capacity, saved=None) -> tuple[int, str] | None:
        """Which logical qubit of the gate ``ops[i]`` on ``qs`` to move, and where; None: do it
        remotely. ``loc``: QPU of each logical qubit; ``resident``/``capacity``: data qubits in use
        and available per QPU; ``saved(q, dest)``: (pairs the coming run costs if ``q`` stays,
        whether it must come back), by default :func:`window` (the gate-by-gate count)."""
        if not self.moves:
            return None
        best = None
        for q, other in ((qs[0], qs[1]), (qs[1], qs[0])):
            dest = loc[other]
            if resident[dest] >= capacity[dest]:
                continue
            k, back = window(ops, partners, i, q, dest, loc) if saved is None else saved(q, dest)
            cost = move_cost(back)
            # gate-by-gate count: move only when it saves pairs; window count: a tie moves (time)
            if self.name in ("teleport", "transfer") or cost < k or (saved is not None and cost == k):
                if best is None or k - cost > best[0]:
                    best = (k - cost, q, dest)
        return None if best is None else (best[1], best[2])


def as_strategy(strategy) -> Strategy:
    """A :class:`Strategy` from a name or a Strategy (a name gets the cat-entangled windows)."""
    return strategy if isinstance(strategy, Strategy) else Strategy(strategy)
