"""`qnet link dual-rail` (paper 003): flags from the DualRailLink fields, JSON output, one-line errors."""

import json

import numpy as np
import pytest

from qnet_plugin.cli import main


def test_json_output(capsys):
    assert main(["link", "dual-rail", "--pairs", "2", "--squeezing", "1", "--detuning-step", "2e6",
                 "--permutation", "reverse", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["link"] == "dual-rail"
    for key in ("concurrences", "entropy_a", "t_prep_s", "purity", "rate_hz", "fidelity"):
        assert key in out
    assert len(out["concurrences"]) == 2
    assert out["entropy_a"] == pytest.approx(2 * 0.657392, abs=1e-5)  # 003: S_A = N h(x), r = 1
    assert out["rate_hz"] == pytest.approx(1 / out["t_prep_s"])
    assert out["parameters"]["permutation"] == "reverse"


def test_finite_bandwidth_flags(capsys):
    assert main(["link", "dual-rail", "--pairs", "1", "--bandwidth", "10", "--dephasing", "1e5",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["concurrences"][0] < np.tanh(2.0) and out["purity"] < 1
    assert out["parameters"]["bandwidth"] == 10.0


def test_table_output(capsys):
    assert main(["link", "dual-rail", "--pairs", "1"]) == 0
    assert "t_prep_s" in capsys.readouterr().out


@pytest.mark.parametrize("argv,needle", [
    (["--pairs", "2", "--permutation", "1,3"], "permutation"),
    (["--pairs", "0"], "pairs"),
    (["--dephasing", "-1"], "dephasing"),
    (["--bandwidth", "-3"], "bandwidth"),
    (["--bandwidth", "5", "--squeezing", "2", "--photon-cutoff", "3"], "photon_cutoff"),
])
def test_bad_input_is_one_line(capsys, argv, needle):
    assert main(["link", "dual-rail", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and "\n" not in err
