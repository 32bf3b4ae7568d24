"""Network TOML files: valid examples load; every kind of mistake names its line and field."""

import pytest

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import example_path, list_examples
from qnet_plugin.network import NetworkConfigError, check_network_file, load_network, loads_network
from qnet_plugin.network.config import check_network_text

GOOD = """name = "t"
[qpu_defaults]
data_qubits = 2
[[qpu]]
name = "A"
[[qpu]]
name = "B"
t1 = 1e-3
[[link]]
between = ["A", "B"]
model = "werner"
channels = 3
[link.parameters]
fidelity = 0.95
rate_hz = 1000
"""


def test_every_shipped_network_loads():
    names = list_examples(".toml")
    assert len(names) >= 2
    for name in names:
        net = load_network(example_path(name))
        assert net.is_connected()


def test_good_text_builds_the_network():
    net = loads_network(GOOD)
    assert net.qpu_names == ("A", "B")
    assert net.qpu("A").data_qubits == 2 and net.qpu("B").t1 == 1e-3
    link = net.link_between("B", "A")
    assert link.channels == 3
    assert link.pair_fidelity == pytest.approx(0.95, abs=1e-12)
    assert link.pair_rate_hz == pytest.approx(3000.0)  # channels multiply the rate


@pytest.mark.parametrize("bad, line, field, words", [
    (GOOD.replace('t1 = 1e-3', 't1 = -1e-3'), 8, "qpu[1].t1", "outside the allowed range"),
    (GOOD.replace('t1 = 1e-3', 'tee1 = 1e-3'), 8, "qpu[1].tee1", "unknown QPU field"),
    (GOOD.replace('fidelity = 0.95', 'fidelity = 1.2'), 14, "link[0].parameters.fidelity", "[0, 1]"),
    (GOOD.replace('fidelity = 0.95', 'fidelty = 0.9'), 14, "link[0].parameters.fidelty", "not a parameter"),
    (GOOD.replace('model = "werner"', 'model = "nope"'), 11, "link[0].model", "not a known link model"),
    (GOOD.replace('["A", "B"]', '["A", "Z"]'), 10, "link[0].between", "'Z' is not a QPU"),
    (GOOD.replace('channels = 3', 'channels = 0'), 12, "link[0].channels", "channels = 0"),
    (GOOD.replace('data_qubits = 2', 'data_qubits = 1.5'), 3, "qpu_defaults.data_qubits", "not an integer"),
    (GOOD.replace('t1 = 1e-3', 't1 = 1e-3\nt2 = 5e-3'), 9, "qpu[1].t2", "T2 <= 2 T1"),
    (GOOD.replace('channels = 3', 'channels = = 3'), 12, "", "TOML syntax error"),
])
def test_mistakes_are_reported_with_line_and_field(bad, line, field, words):
    net, issues = check_network_text(bad, "net.toml")
    assert net is None and issues
    first = issues[0]
    assert first.line == line
    assert first.field == field
    assert words in first.message
    assert str(first).startswith(f"net.toml:{line}:")


def test_all_problems_are_collected_and_load_raises_parameter_error(tmp_path):
    bad = GOOD.replace('t1 = 1e-3', 't1 = 0').replace('fidelity = 0.95', 'fidelity = 2')
    f = tmp_path / "bad.toml"
    f.write_text(bad)
    _, issues = check_network_file(f)
    assert [i.field for i in issues] == ["qpu[1].t1", "link[0].parameters.fidelity"]
    with pytest.raises(ParameterError) as err:
        load_network(f)
    assert isinstance(err.value, NetworkConfigError)
    assert "and 1 more problem" in str(err.value)


def test_duplicate_qpu_names_and_duplicate_links():
    _, issues = check_network_text(GOOD.replace('name = "B"', 'name = "A"').replace('["A", "B"]', '["A", "A"]'))
    assert issues
    dup_link = GOOD + '[[link]]\nbetween = ["B", "A"]\nmodel = "werner"\n'
    _, issues = check_network_text(dup_link)
    assert "duplicates another link" in issues[0].message
