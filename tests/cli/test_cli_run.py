"""`qnet run`: shipped examples by name, JSON output, plot, QASM 3, bad input as one line + exit 2."""

import json

import pytest

from qnet_plugin.cli import main
from qnet_plugin.cli.demo import run_demo
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.program import loads_program


def test_run_shipped_example_json(capsys):
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--shots", "300",
                 "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["program"] == "ghz_4" and data["method"] == "density_matrix"
    assert sum(data["counts"].values()) == 300
    assert data["pairs_consumed"] == 1 and data["links"][0]["model"] == "electro-optic"
    assert 0.3 < data["fidelity"] < data["links"][0]["pair_fidelity"]
    assert data["wall_clock_s"] > 1 / data["links"][0]["pair_rate_hz"]


def test_run_table_plot_and_qasm3(tmp_path, capsys):
    png = tmp_path / "out.png"
    assert main(["run", "ghz_3.qasm", "--network", "four_fridges.toml", "--shots", "200",
                 "--assign", "A,B,D", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "output fidelity vs ideal" in out and "link B-C" in out and png.stat().st_size > 10_000
    assert "swaps" in out


def test_run_with_link_override(capsys):
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--link", "werner",
                 "--shots", "100", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["links"][0]["model"] == "werner" and data["links"][0]["pair_fidelity"] == pytest.approx(0.99)


@pytest.mark.parametrize("argv, words", [
    (["run", "nope.qasm", "--network", "two_fridges.toml"], "no such file"),
    (["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--shots", "0"], "shots = 0"),
    (["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--assign", "A,A,A,B"], "data_qubits = 2"),
    (["run", "qft_4.qasm", "--network", "two_fridges.toml", "--method", "stabilizer"], "non-Clifford"),
])
def test_bad_input_is_one_line_exit_2(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]


def test_bad_qasm_is_a_parameter_error(tmp_path, capsys):
    with pytest.raises(ParameterError, match="not a valid OpenQASM 2"):
        loads_program("OPENQASM 2.0; qreg q[2]; foo q[0];")
    f = tmp_path / "bad.qasm"
    f.write_text("OPENQASM 2.0;\nqreg q[1];\nh q[5];\n")
    assert main(["run", str(f), "--network", "two_fridges.toml"]) == 2
    assert "not a valid OpenQASM" in capsys.readouterr().err


def test_demo_report(capsys):
    assert run_demo(shots=200) == 0
    out = capsys.readouterr().out
    for words in ("link model electro-optic", "pair rate", "heat load", "output fidelity vs ideal",
                  "pairs consumed", "modelled hardware time", "link A-B"):
        assert words in out
    assert run_demo("werner", shots=100, json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["link"]["link"] == "werner" and data["result"]["pairs_consumed"] == 1


def test_run_purified_example_reports_raw_and_purified(capsys):
    # one round of the minimal circuit on the electro-optic link (paper 000 App. A)
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges_purified.toml", "--shots", "100",
                 "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    link = data["links"][0]
    assert link["purification"] == "minimal x1"
    assert link["pair_fidelity"] > link["raw_pair_fidelity"] + 0.05  # 0.905 -> 0.977
    assert 2 < link["raw_pairs_per_pair"] < 3 and link["pair_rate_hz"] < link["raw_pair_rate_hz"] / 2
    assert data["raw_pairs_consumed"] == pytest.approx(link["raw_pairs"]) and data["pairs_consumed"] == 1
    assert main(["run", "ghz_4.qasm", "--network", "two_fridges_purified.toml", "--shots", "50"]) == 0
    out = capsys.readouterr().out
    for words in ("purification before use", "raw pair fidelity", "purified pair fidelity",
                  "link pairs consumed (incl. sacrificed)"):
        assert words in out
