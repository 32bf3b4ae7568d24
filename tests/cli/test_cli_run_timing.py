"""`qnet run --timing/--schedules/--cutoff/--timeline` (issue 15)."""

import json

import pytest

from qnet_plugin.cli import main


def test_sampled_run_reports_spread_pairs_and_timeline(tmp_path, capsys):
    png = tmp_path / "timeline.png"
    assert main(["run", "ghz_3.qasm", "--network", "four_fridges.toml", "--assign", "A,B,D", "--shots", "60",
                 "--timing", "sampled", "--schedules", "6", "--seed", "2", "--timeline", str(png), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["timing"] == "sampled" and data["schedules"] == 6
    assert len(data["fidelity_per_schedule"]) == 6 and data["fidelity_stderr"] > 0
    assert data["wall_clock_stderr_s"] > 0
    # pair table: every pair of every schedule, with its link and age at use
    assert len(data["pairs"]) == 6 * data["pairs_consumed"]
    assert {p["link"] for p in data["pairs"]} == {"A-B", "B-C", "C-D"}
    assert data["pair_ages"]["count"] == len(data["pairs"])
    kinds = {e["kind"] for e in data["timeline"]}
    assert {"attempts", "pair", "gate", "feed-forward wait"} <= kinds
    assert data["timeline_plot"] == str(png) and png.stat().st_size > 10_000


def test_mean_timing_is_one_deterministic_schedule(capsys):
    argv = ["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--shots", "50", "--timing", "mean", "--json"]
    assert main(argv) == 0
    a = json.loads(capsys.readouterr().out)
    assert main(argv) == 0
    b = json.loads(capsys.readouterr().out)
    assert a["schedules"] == 1 and a["wall_clock_s"] == b["wall_clock_s"] and a["fidelity"] == b["fidelity"]


def test_cutoff_option_counts_discards(capsys):
    # a 1 ns cut-off on the 100 kHz links discards almost every pair made before it is needed
    assert main(["run", "ghz_3.qasm", "--network", "four_fridges.toml", "--assign", "A,A,B", "--shots", "20",
                 "--schedules", "4", "--pair-timing", "ahead", "--cutoff", "1e-9", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert max(p["age_s"] for p in data["pairs"]) < 2e-6   # only the feed-forward after use
    assert sum(link["discarded"] for link in data["links"]) > 0


@pytest.mark.parametrize("argv, words", [
    (["--schedules", "0"], "schedules = 0"),
    (["--schedules", "10", "--shots", "5"], "shots = 5"),
    (["--cutoff", "-1"], "cutoff = -1"),
])
def test_bad_timing_options_are_one_line(argv, words, capsys):
    assert main(["run", "ghz_3.qasm", "--network", "two_fridges.toml", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]
