"""Issue 11, data loss and leaks in sweeps: the output is touched only once proven ours, the whole
resolved spec is hashed into it, torn rows never count, one writer at a time, no duplicate ids,
outputs confined, sizes bounded before work starts."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

from qnet_plugin.cli import main
from qnet_plugin.core.validation import MAX_GRID_POINTS, ParameterError
from qnet_plugin.sweep import (
    finished_points,
    load_sweep,
    point_id,
    read_rows,
    run_sweep,
    scan,
)

# Werner links simulate in milliseconds: these tests are about the file, not the physics.
NETWORK = """name = "tiny"
[[qpu]]
name = "A"
data_qubits = 2
[[qpu]]
name = "B"
data_qubits = 2
[[link]]
between = ["A", "B"]
model = "werner"
"""
SWEEP = """program = "ghz_4.qasm"
network = "net.toml"
shots = 20
seed = 3
[grid]
"link.A-B.fidelity" = [0.9, 0.95, 0.99]
"""


def setup(tmp_path, text=SWEEP):
    (tmp_path / "net.toml").write_text(NETWORK)
    f = tmp_path / "s.toml"
    f.write_text(text)
    return f


def test_foreign_file_is_never_modified(tmp_path):
    f = setup(tmp_path)
    out = tmp_path / "s.csv"
    for content in (b"a,b\n1,2\n", b"notes without a final newline", b"point_id,fidelity\nabc,0.5"):
        out.write_bytes(content)
        with pytest.raises(ParameterError, match="different sweep") as err:
            run_sweep(load_sweep(f), progress=False)
        assert "nothing was changed" in str(err.value)
        assert out.read_bytes() == content  # not even a torn last line is cut


def test_changed_spec_is_refused_then_restart_moves_it_aside(tmp_path):
    f = setup(tmp_path)
    first = run_sweep(load_sweep(f), progress=False)
    assert first["computed"] == 3
    before = (tmp_path / "s.csv").read_bytes()
    for change in (("shots = 20", "shots = 21"), ("seed = 3", "seed = 4"),
                   ('program = "ghz_4.qasm"', 'program = "ghz_3.qasm"')):
        f.write_text(SWEEP.replace(*change))
        spec = load_sweep(f)
        assert spec.spec_hash != first["spec_hash"]
        with pytest.raises(ParameterError, match="different specification"):
            run_sweep(spec, progress=False)
        assert (tmp_path / "s.csv").read_bytes() == before
    # the network text is part of the spec too
    f.write_text(SWEEP)
    (tmp_path / "net.toml").write_text(NETWORK.replace('name = "tiny"', 'name = "tiny2"'))
    with pytest.raises(ParameterError, match="different specification"):
        run_sweep(load_sweep(f), progress=False)
    assert main(["sweep", str(f), "--no-progress"]) == 2
    summary = run_sweep(load_sweep(f), progress=False, restart=True)
    assert summary["computed"] == 3 and summary["skipped"] == 0
    moved = summary["moved_to"]
    assert moved and open(moved, "rb").read() == before  # nothing lost
    assert len(read_rows(tmp_path / "s.csv")) == 3


def test_torn_rows_anywhere_do_not_count(tmp_path):
    f = setup(tmp_path)
    spec = load_sweep(f)
    run_sweep(spec, progress=False)
    lines = spec.output.read_text().splitlines(keepends=True)
    assert len(lines) == 4
    # a row cut short in the middle of the file (its check fails), then intact rows
    lines[2] = lines[2][: len(lines[2]) // 2] + "\n"
    spec.output.write_text("".join(lines))
    s = scan(spec.output, spec)
    assert s.torn == 1 and len(s.done) == 2
    # a digit changed inside a row: same field count, the check still catches it
    lines = spec.output.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace("0.", "1.", 1)
    spec.output.write_text("".join(lines))
    assert len(finished_points(spec.output, spec)) == 1
    summary = run_sweep(spec, progress=False)
    assert summary["computed"] == 2 and summary["torn"] == 2
    ids = [r["point_id"] for r in read_rows(spec.output, spec)]
    assert sorted(ids) == sorted(point_id(p) for p in spec.points())


def test_two_sweeps_on_one_output_the_second_refuses(tmp_path):
    f = setup(tmp_path)
    spec = load_sweep(f)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from qnet_plugin.sweep import SweepStore, load_sweep
            with SweepStore(load_sweep({str(f)!r}).output, load_sweep({str(f)!r})):
                print("locked", flush=True)
                sys.stdin.readline()
            """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ParameterError, match="being written by another sweep"):
            run_sweep(spec, progress=False)
        r = subprocess.run([sys.executable, "-m", "qnet_plugin.cli", "sweep", str(f), "--no-progress"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 2 and "another sweep" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert run_sweep(spec, progress=False)["computed"] == 3  # lock released with the process


@pytest.mark.parametrize("values, words", [
    ("[0.9, 0.95, 0.9]", "repeats the value 0.9 (positions 1 and 3)"),
    ("[1, 1.0]", "repeats the value 1.0"),
    ("[nan, 0.9]", "nan is not a number"),
    ("[[0.9], [0.8]]", "must be a number or a string"),
    ("[true]", "must be a number or a string"),
])
def test_bad_grid_values_are_refused(tmp_path, values, words):
    f = setup(tmp_path, SWEEP.replace("[0.9, 0.95, 0.99]", values))
    with pytest.raises(ParameterError, match="grid") as err:
        load_sweep(f)
    assert words in str(err.value)
    assert not (tmp_path / "s.csv").exists()


def test_huge_grid_is_refused_before_it_is_built(tmp_path):
    # 6 KB of TOML, 64 M points: refused in milliseconds with the count and the limit
    vals = "[" + ", ".join(str(i) for i in range(1, 400)) + "]"
    grid = "\n".join(f'"link.A-B.p{k}" = {vals}' for k in range(3))
    f = setup(tmp_path, SWEEP.split("[grid]")[0] + "[grid]\n" + grid)
    t0 = time.perf_counter()
    with pytest.raises(ParameterError, match=f"grid points = 63521199 is too large: 399 x 399 x 399 points, ~735 days.*limit {MAX_GRID_POINTS}"):
        load_sweep(f)
    assert time.perf_counter() - t0 < 2


@pytest.mark.parametrize("text, words", [
    (SWEEP.replace("shots = 20", "shots = 1000000000000"), "shots = 1000000000000 is too large"),
    (SWEEP.replace("seed = 3", "seed = 18446744073709551616"), "seed ="),
    (SWEEP.replace("seed = 3", "seed = -1"), "seed = -1"),
    (SWEEP.replace("shots = 20", 'shots = "20"'), "shots = '20' is not an integer"),
    (SWEEP.replace('program = "ghz_4.qasm"', "program = 3"), "program = 3 must be a file name"),
    (SWEEP.replace("[grid]", 'method = "magic"\n[grid]'), "method = 'magic' is not allowed"),
    ("x = " + "[" * 5000 + "]" * 5000, "nests"),
])
def test_bounded_and_typed_sweep_options(tmp_path, text, words):
    f = setup(tmp_path, text)
    with pytest.raises(ParameterError) as err:
        load_sweep(f)
    assert words in str(err.value)


def test_sweep_file_must_be_a_regular_file_of_sane_size(tmp_path):
    with pytest.raises(ParameterError, match="not a regular file"):
        load_sweep("/dev/zero")
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(ParameterError, match="is too large"):
        load_sweep(big)


def test_output_resolves_relative_to_the_sweep_file_and_stays_inside(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    f = setup(work, SWEEP.replace("seed = 3", 'seed = 3\noutput = "results/out.csv"'))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    spec = load_sweep(f)
    assert spec.output == (work / "results" / "out.csv").resolve()
    summary = run_sweep(spec, progress=False)
    assert summary["output"] == str((work / "results" / "out.csv").resolve())
    assert list(elsewhere.iterdir()) == []
    for out in ('"../outside.csv"', '"/tmp/qnet-hardening-should-not-exist/out.csv"'):
        f.write_text(SWEEP.replace("seed = 3", f"seed = 3\noutput = {out}"))
        with pytest.raises(ParameterError, match="outside the current directory"):
            load_sweep(f)
        assert main(["sweep", str(f), "--no-progress"]) == 2
    assert not (tmp_path / "outside.csv").exists()
    assert not os.path.exists("/tmp/qnet-hardening-should-not-exist")
    # an explicit flag permits it
    f.write_text(SWEEP.replace("seed = 3", 'seed = 3\noutput = "../outside/o.csv"'))
    assert load_sweep(f, allow_outside=True).output == (tmp_path / "outside" / "o.csv").resolve()


def test_workers_are_capped_and_results_match_serial(tmp_path):
    f = setup(tmp_path)
    serial = run_sweep(load_sweep(f, output=tmp_path / "a.csv"), progress=False)
    spec = load_sweep(f, output=tmp_path / "b.csv")
    par = run_sweep(spec, workers=64, progress=False)
    assert serial["computed"] == par["computed"] == 3
    key = lambda r: r["point_id"]
    drop = ("sim_time_s", "check")
    a = [{k: v for k, v in r.items() if k not in drop} for r in sorted(read_rows(tmp_path / "a.csv"), key=key)]
    b = [{k: v for k, v in r.items() if k not in drop} for r in sorted(read_rows(tmp_path / "b.csv"), key=key)]
    assert a == b
    with pytest.raises(ParameterError, match="workers = 100000"):
        run_sweep(spec, workers=100_000, progress=False)


def test_failed_points_make_the_cli_exit_2_and_say_how_many(tmp_path, capsys):
    f = setup(tmp_path, SWEEP.replace("[0.9, 0.95, 0.99]", "[0.9, 1.5]"))
    assert main(["sweep", str(f), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "1 of 2 point(s)" in err[0]


def test_workers_never_outnumber_the_points(tmp_path, monkeypatch):
    """`--workers 64` on a 3-point grid starts 3 processes (issue 11), and only for the points left."""
    import qnet_plugin.sweep.runner as runner

    started = []

    def record(payload, todo, n):
        started.append(n)
        return iter(())

    monkeypatch.setattr(runner, "_execute_processes", record)
    run_sweep(load_sweep(setup(tmp_path)), workers=64, progress=False)
    assert started == [3]
