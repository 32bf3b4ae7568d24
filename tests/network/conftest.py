"""Shared small networks for the network tests."""

import pytest

from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network


def line_network(fidelities, data_qubits=2, rate_hz=1e15, distance=0.0, **qpu_kw):
    """Ideal QPUs on a line joined by Werner links of the given fidelities (effectively instant)."""
    names = [chr(ord("A") + i) for i in range(len(fidelities) + 1)]
    qpus = tuple(QPU.ideal(n, data_qubits, **qpu_kw) for n in names)
    links = tuple(Link(a, b, WernerLink(fidelity=f, rate_hz=rate_hz), distance=distance)
                  for a, b, f in zip(names, names[1:], fidelities))
    return Network(qpus, links, name="line")


@pytest.fixture
def make_line():
    return line_network
