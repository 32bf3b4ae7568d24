"""`qnet link mmwave`: flags from the dataclass fields, Table I quantities in the JSON, clear errors."""

import json

import pytest

from qnet_plugin.cli import main
from qnet_plugin.core.units import TWO_PI


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


TABLE_I_KEYS = ("efficiency", "bandwidth_hz", "energy_per_qubit_j", "p_heating_w", "p_mode_c_w",
                "p_pump_line_w", "pump_photons", "pump_linewidth_hz", "coupling_hz", "kerr_shift_hz",
                "shot_noise_purity_loss", "backaction_purity_loss")


def test_mmwave_json_reports_table_one(capsys):
    code, out, _ = run_cli(capsys, "link", "mmwave", "--json")
    assert code == 0
    d = json.loads(out)
    for key in ("rate_hz", "fidelity", "heat_w", "parameters") + TABLE_I_KEYS:
        assert key in d, key
    assert round(d["bandwidth_hz"] / 1e6) == 20                 # Table I: 20 MHz
    assert round(d["energy_per_qubit_j"] * 1e18, 1) == 0.8      # Table I: 0.8 aJ
    assert round(d["pump_photons"], -1) == 420                  # Table I: 420
    assert 0.5 < d["fidelity"] < 1


def test_mmwave_flags(capsys):
    code, out, _ = run_cli(capsys, "link", "mmwave", "--kappa-uw", str(TWO_PI * 20e6), "--kappa-mm",
                           str(TWO_PI * 1e9), "--length", "50", "--temperature", "20", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["parameters"]["length"] == 50 and d["parameters"]["temperature"] == 20
    assert d["parameters"]["kappa_mm"] == pytest.approx(TWO_PI * 1e9)
    code, out0, _ = run_cli(capsys, "link", "mmwave", "--json")
    assert d["fidelity"] < json.loads(out0)["fidelity"]


def test_mmwave_table(capsys):
    code, out, _ = run_cli(capsys, "link", "mmwave")
    assert code == 0 and "energy_per_qubit_j" in out and "kappa_mm" in out


@pytest.mark.parametrize("argv, fragment", [
    (["--temperature", "0"], "a thermal waveguide needs T > 0"),
    (["--kappa-mm", "1e11"], "RWA validity needs kappa_mm < omega_uw"),
    (["--kappa-uw", "5e10"], "Q_uw = omega_uw/kappa_uw > 1"),
    (["--attenuation-db-per-m", "-1"], "attenuation_db_per_m = -1 dB/m"),
    (["--q-mm", "0.5"], "q_mm = 0.5 is outside the allowed range (1, inf)"),
])
def test_mmwave_errors(capsys, argv, fragment):
    code, out, err = run_cli(capsys, "link", "mmwave", *argv)
    assert code == 2 and out == "" and fragment in err and err.count("\n") == 1
