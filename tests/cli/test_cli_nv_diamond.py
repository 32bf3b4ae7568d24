"""`qnet link nv-diamond ...` (paper 001 link) on the command line."""

import json

import numpy as np
import pytest

from qnet_plugin.cli import main


def test_json_report(capsys):
    assert main(["link", "nv-diamond", "--pump-power", "55e-12", "--rep-rate", "1e6", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("p_tot", "p_coh", "bandwidth_hz", "dark_count_hz", "fidelity", "rate_hz"):
        assert key in out
    assert out["p_coh"] == pytest.approx(0.32, abs=1e-4)
    assert out["fidelity"] == pytest.approx(0.93, abs=0.01)
    assert out["rate_hz"] == pytest.approx(3.1e3, abs=50)
    assert out["parameters"]["pump_power"] == 55e-12


def test_flags_reach_the_model(capsys):
    argv = ["link", "nv-diamond", "--dephasing-1", str(2 * np.pi * 1e5), "--dephasing-2", str(2 * np.pi * 5e6),
            "--detuning-10", "1e6", "--detuning-20=-2e7", "--json"]  # "=": argparse reads "-2e7" as a flag
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"]["detuning_20"] == -2e7
    assert out["p_coh"] < 0.32 and out["fidelity"] < 0.93


def test_table_output(capsys):
    assert main(["link", "nv-diamond"]) == 0
    text = capsys.readouterr().out
    assert "bandwidth_hz" in text and "dark_count_hz" in text


@pytest.mark.parametrize("argv, name", [(["--pump-power", "0"], "pump_power"), (["--pump-power=-1e-12"], "pump_power"),
                                        (["--rep-rate", "1e8"], "rep_rate"), (["--dephasing-2=-5"], "dephasing_2")])
def test_bad_input_is_one_line_exit_2(capsys, argv, name):
    assert main(["link", "nv-diamond", *argv, "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and name in err and "allowed range" in err
