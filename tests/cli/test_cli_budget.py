"""`qnet budget`: the Table II quantities as JSON and a table; one-line errors with exit status 2."""

import json

import pytest

from qnet_plugin.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_budget_json_mm_wave_4k(capsys):
    """002 Table II, 300 GHz at 4 K, 0.08 dB/m: n = 0.028 (printed 0.03), l_0.1 infinite (null in JSON)."""
    code, out, _ = run_cli(capsys, "budget", "--frequency", "300e9", "--temperature", "4",
                           "--attenuation-db-per-m", "0.08", "--length", "10", "--json")
    assert code == 0
    d = json.loads(out)
    for key in ("n_thermal", "added_photons", "l_001_m", "l_01_m", "transmittance"):
        assert key in d
    assert d["n_thermal"] == pytest.approx(0.0281, rel=1e-2)
    assert d["l_01_m"] is None
    assert d["l_001_m"] == pytest.approx(23.87, rel=1e-3)
    assert d["added_photons"] == pytest.approx((1 - 10 ** (-0.08)) * d["n_thermal"], rel=1e-12)


def test_budget_microwave_4k_matches_table_two(capsys):
    """Table II: 7 GHz, 4 K, 0.1 dB/m -> l_0.01 = 0.04 m, l_0.1 = 0.4 m."""
    code, out, _ = run_cli(capsys, "budget", "--frequency", "7e9", "--temperature", "4",
                           "--attenuation-db-per-m", "0.1", "--json")
    d = json.loads(out)
    assert code == 0 and round(d["l_001_m"], 2) == 0.04 and round(d["l_01_m"], 1) == 0.4
    assert d["length_m"] == 1.0


def test_budget_table_output(capsys):
    code, out, _ = run_cli(capsys, "budget", "--frequency", "200e12", "--temperature", "300",
                           "--attenuation-db-per-m", "0.0005")
    assert code == 0 and "n_thermal" in out and "inf" in out


@pytest.mark.parametrize("argv, fragment", [
    (["--temperature", "0"], "temperature = 0 K is outside the allowed range (0, inf) (a thermal waveguide needs T > 0)"),
    (["--temperature", "-3"], "temperature = -3 K"),
    (["--attenuation-db-per-m", "-0.1"], "attenuation_db_per_m = -0.1 dB/m is outside the allowed range [0, inf)"),
    (["--length", "-1"], "length = -1 m"),
    (["--frequency", "0"], "frequency = 0 Hz"),
])
def test_budget_bad_input_one_line(capsys, argv, fragment):
    base = {"--frequency": "300e9", "--temperature": "4", "--attenuation-db-per-m": "0.08"}
    base.update(dict(zip(argv[::2], argv[1::2])))
    args = [x for kv in base.items() for x in kv]
    code, out, err = run_cli(capsys, "budget", *args)
    assert code == 2 and out == ""
    assert fragment in err and err.count("\n") == 1


def test_budget_requires_the_carrier(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["budget", "--temperature", "4", "--attenuation-db-per-m", "0.1"])
    assert exc.value.code == 2
