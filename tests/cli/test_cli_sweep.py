"""`qnet sweep`: summary line / JSON, resume message, bad sweep files as one line + exit 2."""

import json

import pytest

from qnet_plugin.cli import main

SWEEP = """program = "ghz_3.qasm"
network = "four_fridges.toml"
shots = 40
output = "out.csv"
[grid]
"link.B-C.fidelity" = [0.9, 0.99]
"""


def test_sweep_cli_runs_and_resumes(tmp_path, capsys):
    f = tmp_path / "s.toml"
    f.write_text(SWEEP)
    assert main(["sweep", str(f), "--no-progress", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["computed"] == 2 and (tmp_path / "out.csv").exists()
    assert main(["sweep", str(f), "--no-progress"]) == 0
    assert "0 point(s) computed, 2 already done" in capsys.readouterr().out


@pytest.mark.parametrize("text, words", [
    (SWEEP.replace('"link.B-C.fidelity"', '"link.B-X.fidelity"'), "names no link"),
    (SWEEP.replace('"link.B-C.fidelity"', '"fidelity"'), "grid key"),
    (SWEEP.replace("shots = 40", "shots = -1"), "shots = -1"),
    (SWEEP.replace('program = "ghz_3.qasm"', 'programme = "x"'), "unknown key 'programme'"),
    (SWEEP + "[oops\n", "TOML syntax error"),
])
def test_bad_sweep_files(tmp_path, capsys, text, words):
    f = tmp_path / "s.toml"
    f.write_text(text)
    assert main(["sweep", str(f), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]
