"""`qnet link`, `qnet links`: reports, JSON, one-line errors, entry-point plugins."""

import json
import subprocess
import sys
from importlib.metadata import EntryPoint

import pytest

from qnet_plugin.cli import main
from qnet_plugin.core import link_registry as registry


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_link_json_has_the_promised_keys(capsys):
    code, out, _ = run_cli(capsys, "link", "electro-optic", "--pump-power", "2e-5", "--json")
    assert code == 0
    d = json.loads(out)
    for key in ("rate_hz", "fidelity", "heat_w", "pulse_s", "pump_photons", "parameters"):
        assert key in d
    assert d["parameters"]["pump_power"] == 2e-5
    assert 0 < d["fidelity"] <= 1


def test_link_table_report(capsys):
    code, out, _ = run_cli(capsys, "link", "electro-optic", "--variant", "blue", "--storage-time", "1e-4")
    assert code == 0 and "fidelity" in out and "pump_photons" in out and "storage_time" in out


@pytest.mark.parametrize("argv,fragment", [
    (["link", "electro-optic", "--pump-power", "-1"], "pump_power = -1 W is outside the allowed range (0, inf)"),
    (["link", "electro-optic", "--pump-power", "100", "--g0", "1e5"], "weak coupling"),
    (["link", "electro-optic", "--detector-efficiency", "2"], "detector_efficiency = 2 is outside the allowed range [0, 1]"),
    (["link", "electro-optic", "--variant", "green"], "invalid choice: 'green'"),
])
def test_bad_input_is_one_line_and_nonzero(argv, fragment):
    proc = subprocess.run([sys.executable, "-m", "qnet_plugin.cli", *argv], capture_output=True, text=True)
    assert proc.returncode == 2
    assert fragment in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_links_lists_builtins_and_entry_point_plugins(capsys, monkeypatch):
    fake = EntryPoint(name="my-transducer", value="qnet_plugin.links.werner:WernerLink", group=registry.ENTRY_POINT_GROUP)
    real = registry.entry_points
    monkeypatch.setattr(registry, "entry_points", lambda group: [*real(group=group), fake])
    code, out, _ = run_cli(capsys, "links", "--json")
    d = json.loads(out)
    assert code == 0 and "electro-optic" in d and "werner" in d and "my-transducer" in d
    code, out, _ = run_cli(capsys, "link", "my-transducer", "--fidelity", "0.9", "--json")
    assert json.loads(out)["fidelity"] == pytest.approx(0.9)


def test_unknown_link_name(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["link", "no-such-link"])
    assert exc.value.code == 2
