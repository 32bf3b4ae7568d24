"""``qnet bench purification``: table, JSON records, plot, one-line errors with exit status 2."""

import json

import pytest

from qnet_plugin.cli import main

KEYS = {"protocol", "rounds", "fidelity_in", "fidelity_out", "success_probability", "rate_hz", "ebit_rate_hz"}


def test_json_records(capsys):
    rc = main(["bench", "purification", "--link", "werner", "--protocols", "minimal,dejmps", "--rounds", "1,2",
               "--gate-fidelity", "0.999", "--json"])
    assert rc == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 4 and KEYS <= set(records[0])
    first = records[0]
    assert first["protocol"] == "minimal" and first["rounds"] == 1
    assert abs(first["fidelity_in"] - 0.99) < 1e-12 and first["rate_hz"] < first["link_rate_hz"] / 2


def test_table_and_plot_electro_optic(tmp_path, capsys):
    png = tmp_path / "bench.png"
    rc = main(["bench", "purification", "--link", "electro-optic", "--link-param", "gamma_i=1e6",
               "--protocols", "minimal,double-selection", "--rounds", "1", "--no-storage", "--plot", str(png)])
    out = capsys.readouterr().out
    assert rc == 0 and "double-selection" in out and "storage off" in out
    assert png.stat().st_size > 1000


def test_no_storage_flag_changes_result(capsys):
    args = ["bench", "purification", "--protocols", "minimal", "--rounds", "1", "--json",
            "--link-param", "pump_power=1e-6"]
    main(args)
    with_storage = json.loads(capsys.readouterr().out)[0]
    main(args + ["--no-storage"])
    without = json.loads(capsys.readouterr().out)[0]
    assert without["fidelity_out"] > with_storage["fidelity_out"] + 0.01


@pytest.mark.parametrize("args,needle", [
    (["--protocols", "minimal,foo"], "protocol = 'foo'"),
    (["--rounds", "0"], "rounds = 0"),
    (["--rounds", "1,x"], "rounds"),
    (["--gate-fidelity", "1.5"], "gate_fidelity = 1.5"),
    (["--gate-fidelity", "-0.1"], "gate_fidelity"),
    (["--link-param", "nonsense=3"], "link-param"),
    (["--link", "no-such-link"], "link = 'no-such-link'"),
])
def test_bad_input_one_line_exit_2(args, needle, capsys):
    rc = main(["bench", "purification"] + args)
    err = capsys.readouterr().err.strip()
    assert rc == 2 and needle in err and len(err.splitlines()) == 1
