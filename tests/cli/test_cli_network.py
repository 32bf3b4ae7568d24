"""`qnet network check`: OK summary for a good file, FILE:LINE: FIELD messages and exit 2 for a bad one."""

import json

import pytest

from qnet_plugin.cli import main


def test_check_good_example(capsys):
    assert main(["network", "check", "two_fridges.toml"]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "pair fidelity" in out


def test_check_good_example_json(capsys):
    assert main(["network", "check", "four_fridges.toml", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and len(data["qpus"]) == 4 and data["links"][1]["channels"] == 4
    assert data["links"][1]["pair_rate_hz"] == 4e5


def test_check_bad_file_lists_each_problem(tmp_path, capsys):
    f = tmp_path / "bad.toml"
    f.write_text('[[qpu]]\nname = "A"\ndata_qubits = -1\n[[link]]\nbetween = ["A", "B"]\nmodel = "werner"\n')
    assert main(["network", "check", str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{f}:3: qpu[0].data_qubits: data_qubits = -1" in err
    assert f"{f}:5: link[0].between" in err
    assert "2 problem(s)" in err


def test_missing_file_is_one_line_exit_2(capsys):
    assert main(["network", "check", "does_not_exist.toml"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file" in err[0]


def test_check_purified_example(capsys):
    assert main(["network", "check", "two_fridges_purified.toml"]) == 0
    out = capsys.readouterr().out
    assert "purification before use" in out and "minimal x1" in out and "purified pair fidelity" in out
    assert main(["network", "check", "two_fridges_purified.toml", "--json"]) == 0
    link = json.loads(capsys.readouterr().out)["links"][0]
    assert link["purification"] == {"protocol": "minimal", "rounds": 1}
    assert link["pair_fidelity"] > link["raw_pair_fidelity"]
    assert link["pair_rate_hz"] == pytest.approx(link["raw_pair_rate_hz"] / link["pairs_per_purified_pair"])


def test_check_bad_purification_line(tmp_path, capsys):
    f = tmp_path / "bad.toml"
    f.write_text('[[qpu]]\nname = "A"\n[[qpu]]\nname = "B"\n[[link]]\nbetween = ["A", "B"]\n'
                 'model = "werner"\npurification_protocol = "dejmps"\npurification_rounds = 0\n')
    assert main(["network", "check", str(f)]) == 2
    assert f"{f}:9: link[0].purification_rounds: purification_rounds = 0" in capsys.readouterr().err


def test_check_names_the_line_of_a_dotted_key(tmp_path, capsys):
    f = tmp_path / "dotted.toml"
    f.write_text('[[qpu]]\nname = "A"\n[[qpu]]\nname = "B"\n[[link]]\nbetween = ["A", "B"]\n'
                 'model = "electro-optic"\nparameters.variant = "red"\nparameters.pump_power = -1\n')
    assert main(["network", "check", str(f), "--json"]) == 2
    issue = json.loads(capsys.readouterr().out)["issues"][0]
    assert (issue["line"], issue["field"]) == (9, "link[0].parameters.pump_power")
    assert issue["message"].startswith("pump_power = -1 W is outside the allowed range")


def test_schema_lists_every_key_with_type_range_and_doc(capsys):
    assert main(["network", "schema"]) == 0
    out = capsys.readouterr().out
    assert "qpu.t1" in out and "(0, inf) s" in out and "link.purification.rounds" in out
    assert main(["network", "schema", "--json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)["keys"]}
    assert rows["link.channels"] == {"key": "link.channels", "type": "integer", "default": "1",
                                     "range": "[1, inf)", "doc": rows["link.channels"]["doc"]}
    assert rows["link.between"]["default"] == "required" and "parallel" in rows["link.channels"]["doc"]
