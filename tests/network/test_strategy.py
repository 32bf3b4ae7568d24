"""The strategy object and its cost model (pairs): when a qubit moves, where, and by what."""

import pytest
from qiskit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.circuit_walk import flatten
from qnet_plugin.network.strategy import STRATEGIES, Strategy, move_cost, partners_of, window


def _setup(n_cx, loc=("A", "B")):
    qc = QuantumCircuit(2)
    for _ in range(n_cx):
        qc.cx(0, 1)
    ops = flatten(qc)
    return ops, partners_of(ops, 2), list(loc)


def test_window_counts_the_run_of_coming_gates():
    ops, partners, loc = _setup(3)
    assert window(ops, partners, 0, 0, "B", loc) == (3, False)
    assert window(ops, partners, 2, 0, "B", loc) == (1, False)
    assert move_cost(False) == 1 and move_cost(True) == 2


@pytest.mark.parametrize("n_cx, expected", [(1, None), (2, (0, "B")), (3, (0, "B"))])
def test_auto_moves_only_when_it_saves_pairs(n_cx, expected):
    # one CX: remote (1 pair) beats a move (1 pair, not fewer); two or more: a move (1 pair) wins
    ops, partners, loc = _setup(n_cx)
    resident, capacity = {"A": 1, "B": 1}, {"A": 2, "B": 2}
    got = Strategy("auto").choose_move(ops, partners, 0, [0, 1], loc, resident, capacity)
    assert got == expected


def test_fixed_strategies_and_capacity():
    ops, partners, loc = _setup(1)
    resident, capacity = {"A": 1, "B": 1}, {"A": 2, "B": 2}
    assert Strategy("remote-cx").choose_move(ops, partners, 0, [0, 1], loc, resident, capacity) is None
    assert Strategy("teleport").choose_move(ops, partners, 0, [0, 1], loc, resident, capacity) == (0, "B")
    full = {"A": 1, "B": 1}
    assert Strategy("teleport").choose_move(ops, partners, 0, [0, 1], loc, resident, full) is None
    assert Strategy("transfer").visits and not Strategy("auto").visits
    assert set(STRATEGIES) == {"auto", "cat", "remote-cx", "teleport", "transfer"}
    assert Strategy("cat").choose_move(ops, partners, 0, [0, 1], loc, resident, capacity) is None
    with pytest.raises(ParameterError, match="strategy"):
        Strategy("teleport-twice")


def test_transfer_capability_comes_from_the_link_model(make_line):
    net = make_line([0.9])
    route = net.route("A", "B")
    assert Strategy("auto").by_transfer(route) is False      # Werner links deliver pairs only
    with pytest.raises(ParameterError, match="A-B"):
        Strategy("transfer").by_transfer(route)
    from qnet_plugin.links import get_link_class
    from qnet_plugin.network import Link, Network

    mm = get_link_class("mmwave").state_of_the_art()
    net2 = Network(net.qpus, (Link("A", "B", mm),))
    assert Strategy("auto").by_transfer(net2.route("A", "B")) is True
    assert Strategy("teleport").by_transfer(net2.route("A", "B")) is False
