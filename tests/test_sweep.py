"""Sweeps: grid points, streamed CSV, resume after a kill (nothing lost or duplicated), Dask."""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.sweep import (
    apply_point,
    evaluate_point,
    finished_points,
    load_sweep,
    point_id,
    run_sweep,
)

SWEEP = """program = "ghz_4.qasm"
network = "two_fridges.toml"
shots = 50
seed = 7
[grid]
"link.A-B.pump_power" = [3e-5, 1e-4]
"qpu.*.t1" = [60e-6, 120e-6]
"link.A-B.channels" = [1, 3]
"""


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write(tmp_path, text=SWEEP, name="s.toml"):
    f = tmp_path / name
    f.write_text(text)
    return f


def test_grid_points_ids_and_apply():
    spec_points = [{"a": 1, "b": 2}, {"b": 2, "a": 1}]
    assert point_id(spec_points[0]) == point_id(spec_points[1])
    data = {"qpu": [{"name": "A"}, {"name": "B"}],
            "link": [{"between": ["A", "B"], "model": "werner", "parameters": {"fidelity": 0.9}}]}
    out = apply_point(data, {"link.A-B.fidelity": 0.8, "qpu.B.t1": 1e-3, "link.*.channels": 2})
    assert out["link"][0]["parameters"]["fidelity"] == 0.8 and out["link"][0]["channels"] == 2
    assert out["qpu"][1]["t1"] == 1e-3 and "t1" not in out["qpu"][0]
    assert data["link"][0]["parameters"]["fidelity"] == 0.9  # input untouched
    with pytest.raises(ParameterError, match="names no link"):
        apply_point(data, {"link.A-C.fidelity": 0.8})
    with pytest.raises(ParameterError, match="grid key"):
        apply_point(data, {"fidelity": 0.8})


def test_sweep_streams_rows_and_resumes(tmp_path):
    spec = load_sweep(write(tmp_path))
    assert len(spec.points()) == 8
    summary = run_sweep(spec, progress=False)
    assert summary["computed"] == 8 and summary["errors"] == 0
    first = rows(spec.output)
    assert len(first) == 8 and len({r["point_id"] for r in first}) == 8
    # channels multiply the rate: shorter hardware time at 3 channels, same pair fidelity
    by = {(r["link.A-B.pump_power"], r["qpu.*.t1"], r["link.A-B.channels"]): r for r in first}
    one, three = by[("3e-05", "6e-05", "1")], by[("3e-05", "6e-05", "3")]
    assert float(three["wall_clock_s"]) < float(one["wall_clock_s"])
    assert float(three["mean_pair_fidelity"]) == pytest.approx(float(one["mean_pair_fidelity"]))
    again = run_sweep(load_sweep(write(tmp_path)), progress=False)
    assert again["computed"] == 0 and again["skipped"] == 8 and rows(spec.output) == first


def test_half_written_line_is_dropped_and_redone(tmp_path):
    spec = load_sweep(write(tmp_path))
    run_sweep(spec, progress=False)
    text = spec.output.read_text()
    lines = text.splitlines(keepends=True)
    spec.output.write_text("".join(lines[:4]) + lines[4][:20])  # 3 rows + a torn row
    assert len(finished_points(spec.output, spec)) == 3
    summary = run_sweep(spec, progress=False)
    assert summary["computed"] == 5
    assert sorted(r["point_id"] for r in rows(spec.output)) == sorted(point_id(p) for p in spec.points())


def test_kill_midway_then_resume_loses_and_duplicates_nothing(tmp_path):
    # Slower points (a 4-qubit QFT by statevector trajectories) so the kill lands mid-sweep.
    text = SWEEP.replace("ghz_4.qasm", "qft_4.qasm").replace("shots = 50", 'shots = 200\nmethod = "statevector"')
    sweep_file = write(tmp_path, text)
    out = tmp_path / "s.csv"
    cmd = [sys.executable, "-m", "qnet_plugin.cli", "sweep", str(sweep_file), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if out.exists() and len(out.read_text().splitlines()) >= 3:  # header + 2 rows
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    before = rows(out)
    assert 2 <= len(before) < 8, "the kill should land mid-sweep"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    after = rows(out)
    ids = [r["point_id"] for r in after]
    assert len(ids) == 8 == len(set(ids))
    assert after[:len(before)] == before  # finished rows are untouched
    assert f"{8 - len(before)} point(s) computed, {len(before)} already done" in done.stdout


def test_dask_local_cluster_gives_the_same_rows(tmp_path):
    from dask.distributed import Client, LocalCluster

    serial = load_sweep(write(tmp_path), output=tmp_path / "serial.csv")
    run_sweep(serial, progress=False)
    spec = load_sweep(write(tmp_path), output=tmp_path / "dask.csv")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary = run_sweep(spec, scheduler=cluster.scheduler_address, progress=False)
        with Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
    assert summary["computed"] == 8
    key = lambda r: r["point_id"]
    drop = ("sim_time_s", "check")  # the row check covers the timing
    a = [{k: v for k, v in r.items() if k not in drop} for r in sorted(rows(serial.output), key=key)]
    b = [{k: v for k, v in r.items() if k not in drop} for r in sorted(rows(spec.output), key=key)]
    assert a == b  # same seeds per point -> identical results, in whatever order they finished


def test_invalid_point_is_recorded_not_fatal(tmp_path):
    spec = load_sweep(write(tmp_path, SWEEP.replace("[60e-6, 120e-6]", "[60e-6, -1.0]")))
    summary = run_sweep(spec, progress=False)
    assert summary["errors"] == 4
    bad = [r for r in rows(spec.output) if r["error"]]
    assert all("t1 = -1 s is outside the allowed range" in r["error"] for r in bad)
    row = evaluate_point(spec.payload(), spec.points()[0])
    assert row["error"] == "" and 0 < row["fidelity"] < 1


def test_mixed_up_output_file_is_refused(tmp_path):
    spec = load_sweep(write(tmp_path))
    spec.output.write_text("a,b\n1,2\n")
    with pytest.raises(ParameterError, match="different sweep"):
        run_sweep(spec, progress=False)


def test_purification_rounds_are_a_placement_key_and_evaluate():
    data = {"link": [{"between": ["A", "B"], "model": "werner", "purification_protocol": "dejmps"}]}
    out = apply_point(data, {"link.A-B.purification_rounds": 2})
    assert out["link"][0]["purification_rounds"] == 2 and "parameters" not in out["link"][0]
    network = """name = "n"
[[qpu]]
name = "A"
data_qubits = 2
[[qpu]]
name = "B"
data_qubits = 2
[[link]]
between = ["A", "B"]
model = "werner"
purification_protocol = "dejmps"
"""
    payload = {"network_text": network, "program_text": Path(__file__).parent.joinpath(
        "..", "qnet_plugin", "examples", "ghz_4.qasm").read_text(), "shots": 20, "method": "density_matrix",
        "seed": 1, "strategy": "auto", "pair_timing": "just-in-time"}
    raw = evaluate_point(payload, {"link.A-B.purification_rounds": 1})
    assert raw["error"] == "" and raw["raw_pairs_consumed"] > raw["pairs_consumed"]


def test_each_worker_gets_its_share_of_the_cores():
    from qnet_plugin.sweep.runner import _thread_share

    cores = os.cpu_count() or 1
    assert _thread_share({"workers": 1}) is None  # serial: Aer takes every core
    assert _thread_share({"workers": 2}) == max(1, cores // 2)
    assert _thread_share({"workers": 10 * cores}) == 1


def test_dask_workers_preload_the_package_and_share_the_cores(tmp_path):
    """Real worker processes started with the preload module have the simulation stack imported
    before their first point, and a point there runs with its host's share of the cores."""
    from dask.distributed import Client, LocalCluster

    def probe():
        import sys

        return "qnet_plugin.network.simulate" in sys.modules and "qiskit_aer" in sys.modules

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      preload=["qnet_plugin.sweep.dask_preload"]) as cluster, Client(cluster) as client:
        assert all(client.run(probe).values())
        spec = load_sweep(write(tmp_path), output=tmp_path / "dask.csv")
        summary = run_sweep(spec, scheduler=client, progress=False)
        assert summary["computed"] == 8 and summary["errors"] == 0
        from qnet_plugin.sweep.runner import _thread_share, host_threads

        assert list(host_threads(client).values()) == [2]  # one host, two single-thread workers
        payload = {"host_threads": host_threads(client)}
        shares = client.gather([client.submit(_thread_share, payload, pure=False) for _ in range(4)])
        assert set(shares) == {max(1, (os.cpu_count() or 1) // 2)}
