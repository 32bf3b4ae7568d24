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


# ---------------------------------------------------------------------------- lines of dotted keys,
# inline tables and arrays of tables (the loader's KeyLines scanner)
TWO_LINKS = """[[qpu]]
name = "A"
[[qpu]]
name = "B"
[[qpu]]
name = "C"
[[link]]
between = ["A", "B"]
model = "werner"
[link.parameters]
fidelity = 0.9
[[link]]
between = ["B", "C"]
model = "werner"
[link.parameters]
fidelity = 0.9
"""


@pytest.mark.parametrize("bad, line, field", [
    # dotted key inside [[link]]: the error is on the dotted key's line, not the [[link]] header
    (GOOD.replace("[link.parameters]\nfidelity = 0.95\nrate_hz = 1000\n",
                  "parameters.rate_hz = 1000\nparameters.fidelity = 1.2\n"), 14, "link[0].parameters.fidelity"),
    # a dotted key with three parts, under [link.parameters]
    (GOOD + "a.b.c = 1\n", 16, "link[0].parameters.a"),
    # a dotted key at the top of the file
    ("a.b.c = 1\n" + GOOD, 1, "a"),
    # dotted table header
    (GOOD.replace("[link.parameters]", "[ link . parameters ]").replace("fidelity = 0.95", "fidelity = 1.2"),
     14, "link[0].parameters.fidelity"),
    # inline table spread over the line after other keys, and a nested dotted key in it
    (GOOD.replace("[link.parameters]\nfidelity = 0.95\nrate_hz = 1000\n",
                  'name = "x"\nparameters = { rate_hz = 1000, fidelity = 1.2 }\n'), 14, "link[0].parameters.fidelity"),
    (GOOD.replace('channels = 3', 'channels = 3\npurification = { protocol = "dejmps", rounds = 0 }'),
     13, "link[0].purification.rounds"),
    # the same key in the second of two [[link]] tables (and in the second [[qpu]])
    ("fidelity = 1.2".join(TWO_LINKS.rsplit("fidelity = 0.9", 1)), 16, "link[1].parameters.fidelity"),
    (TWO_LINKS.replace('name = "C"', 'name = "C"\nt1 = -1'), 7, "qpu[2].t1"),
    # an array of tables written as an inline array of inline tables
    ('qpu = [{name = "A"},\n       {name = "B", t1 = -1}]\n', 2, "qpu[1].t1"),
    # a '#' or a key-like line inside a string is not a comment or a key
    ('description = """\nt1 = 5\n"""\n' + GOOD.replace("t1 = 1e-3", "t1 = -1"), 11, "qpu[1].t1"),
    (GOOD.replace('name = "B"', 'name = "B#2"').replace('"B"]', '"B#2"]').replace("t1 = 1e-3", "t1 = -1"),
     8, "qpu[1].t1"),
])
def test_lines_of_dotted_keys_inline_tables_and_arrays_of_tables(bad, line, field):
    net, issues = check_network_text(bad, "net.toml")
    assert net is None and issues
    assert (issues[0].line, issues[0].field) == (line, field)
    assert str(issues[0]).startswith(f"net.toml:{line}: {field}: ")


def test_key_lines_scanner_paths():
    from qnet_plugin.network.config_lines import KeyLines

    text = ('x = 1  # a = 2\n[[link]]\nname = "a=b"\np.q = { r = [1, 2], s.t = "}" }\n'
            "[link.parameters]\n'quoted key'.k = 3\n[[link]]\n[link.parameters]\nk = 4\n")
    lines = KeyLines(text).lines
    assert lines[("x",)] == 1 and ("a",) not in lines
    assert lines[("link", 0)] == 2 and lines[("link", 0, "name")] == 3
    assert lines[("link", 0, "p", "q", "r", 1)] == 4 and lines[("link", 0, "p", "q", "s", "t")] == 4
    assert lines[("link", 0, "parameters", "quoted key", "k")] == 6
    assert lines[("link", 1)] == 7 and lines[("link", 1, "parameters", "k")] == 9
    # a path with no line of its own falls back to its closest enclosing table
    assert KeyLines(text).line(("link", 1, "parameters", "missing")) == 8
    # text that is not TOML: the lines found before it are kept, nothing raises
    assert KeyLines('a = 1\nb = "unterminated\nc = 2\n').lines == {("a",): 1, ("b",): 2}


def test_unknown_default_is_reported_once_and_qpu_problems_still_found():
    bad = GOOD.replace("data_qubits = 2", "data_qubits = 2\nfoo = 1").replace("t1 = 1e-3", "t1 = -1")
    _, issues = check_network_text(bad)
    assert [(i.line, i.field) for i in issues] == [(4, "qpu_defaults.foo"), (9, "qpu[1].t1")]


def test_a_qpu_entry_that_is_not_a_table_is_reported_not_raised():
    _, issues = check_network_text("qpu = [1, 2]\n")
    assert [(i.line, i.field) for i in issues] == [(1, "qpu")]
    assert "at least one [[qpu]] table" in issues[0].message


# ---------------------------------------------------------------------------- the schema table
def test_schema_rows_come_from_the_model_fields():
    import dataclasses

    from qnet_plugin.network import QPU, Link
    from qnet_plugin.network.config_schema import LINK_TABLE, QPU_TABLE, SCHEMA, describe

    assert QPU_TABLE.names == tuple(f.name for f in dataclasses.fields(QPU))
    assert QPU_TABLE["name"].required and not QPU_TABLE["t1"].required
    t1 = QPU_TABLE["t1"]
    assert (t1.type, t1.low, t1.low_open, t1.unit, t1.default) == ("float", 0.0, True, "s", 100e-6)
    assert t1.range_text == "(0, inf) s"
    assert QPU_TABLE["data_qubits"].type == "integer" and QPU_TABLE["data_qubits"].range_text == "[1, inf)"
    channels = {f.name: f for f in dataclasses.fields(Link)}["channels"]
    assert LINK_TABLE["channels"].low == channels.metadata["low"] == 1
    assert LINK_TABLE["between"].required and LINK_TABLE["model"].required
    assert set(SCHEMA.names) == {"name", "description", "route", "qpu_defaults", "qpu", "link"}
    rows = {r[0]: r for r in describe()}
    assert rows["link.purification.rounds"][1:4] == ("integer", "1", "[1, 64]")
    assert rows["qpu.name"][2] == "required" and rows["link.distance"][3] == "[0, inf) m"
    assert all(r[4] for r in rows.values())  # every key documented
