"""End-to-end pairs over several links by entanglement swapping.

Along a route a = n0 - n1 - ... - nh = b, one pair is made on every link and each relay n_i
performs a Bell measurement on its two halves; the Pauli corrections travel to the end node. In
circuit form the Bell measurement plus corrections is exactly a teleportation of the relay's half
of the pair behind it through the pair in front of it (``qnet_plugin.circuit.teleport``), which is
how it is written here: the end-to-end pair then sits on (first qubit at a, last qubit at b).

For Werner pairs of fidelities F1, F2 (perfect local operations) the swapped pair is Werner with
F = F1 F2 + (1 - F1)(1 - F2)/3 (Duer, Briegel, Cirac, Zoller, PRA 59, 169 (1999)); the tests
check the Aer density-matrix result against this product rule.
"""

from __future__ import annotations


def werner_swap_fidelity(*fidelities: float) -> float:
    """Fidelity of the pair made by swapping Werner pairs of the given fidelities (in order)."""
    f = fidelities[0]
    for g in fidelities[1:]:
        f = f * g + (1 - f) * (1 - g) / 3
    return f


def end_to_end_pair(builder, route, start: str, t_need: float) -> tuple[int, int]:
    """Make a pair between ``start`` and the far end of ``route`` (a list of Links, in order).

    ``builder`` is the pass's circuit builder: it makes link pairs (with generation timing and
    storage), runs protocol circuits with local noise and classical latency, and frees qubits.
    Returns the simulator qubits (at ``start``, at the far end). The callers release every link of
    the route when the end-to-end pair is consumed (its far halves occupy buffer slots until then).
    """
    node = start
    pair = builder.link_pair(route[0], node, route[0].other(node), t_need)
    node, prev = route[0].other(node), route[0]
    for link in route[1:]:
        nxt = link.other(node)
        second = builder.link_pair(link, node, nxt, t_need)
        # Bell measurement at the relay on (pair[1], second[0]), corrections at `nxt`.
        builder.run_protocol("teleport", [pair[1], second[0], second[1]])
        builder.usages[prev.name].swaps += 1
        builder.usages[link.name].swaps += 1
        builder.free(pair[1], second[0])
        pair = (pair[0], second[1])
        node, prev = nxt, link
    return pair
