"""Issue 11, the CLI's error boundary: every failure is one line with exit status 2 (Ctrl-C: 130),
unexpected ones add the --debug hint, and numerical warnings never reach the terminal."""

import warnings

import numpy as np
import pytest

import qnet_plugin.cli.budget as budget
from qnet_plugin.cli import main


def boom(exc):
    def run(args):
        raise exc
    return run


ARGV = ["budget", "--frequency", "8e9", "--temperature", "0.02", "--attenuation-db-per-m", "0.1"]


@pytest.mark.parametrize("exc, words, hint", [
    (OverflowError("(34, 'Numerical result out of range')"), "OverflowError: (34, 'Numerical result", True),
    (ZeroDivisionError("float division by zero"), "ZeroDivisionError: float division by zero", True),
    (RuntimeError("ODE integration error:\nRequested step size too small"),
     "RuntimeError: ODE integration error: Requested step size too small", True),
    (KeyError("q"), "KeyError: 'q'", True),
    (TypeError("'<' not supported between instances of 'str' and 'float'"), "TypeError: '<' not", True),
    (RecursionError("maximum recursion depth exceeded"), "nests too deeply", False),
    (MemoryError(), "out of memory", False),
    (ValueError("pump_power = -1 W is outside\nthe allowed range (0, inf)"),
     "pump_power = -1 W is outside the allowed range (0, inf)", False),
    (OSError(28, "No space left on device"), "No space left on device", False),
])
def test_every_failure_is_one_line_exit_2(monkeypatch, capfd, exc, words, hint):
    monkeypatch.setattr(budget, "run", boom(exc))
    assert main(ARGV) == 2
    out, err = capfd.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 1 and lines[0].startswith("qnet: error: ")
    assert words in lines[0] and ("run with --debug for the traceback" in lines[0]) == hint


def test_debug_shows_the_traceback(monkeypatch):
    monkeypatch.setattr(budget, "run", boom(ZeroDivisionError("x")))
    with pytest.raises(ZeroDivisionError):
        main([*ARGV, "--debug"])


def test_ctrl_c_is_one_line_exit_130(monkeypatch, capfd):
    monkeypatch.setattr(budget, "run", boom(KeyboardInterrupt()))
    assert main(ARGV) == 130
    assert capfd.readouterr().err == "qnet: interrupted\n"


def test_long_messages_stay_one_bounded_line(monkeypatch, capfd):
    monkeypatch.setattr(budget, "run", boom(ValueError("x" * 5000 + "\n" * 50 + "y")))
    assert main(ARGV) == 2
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and len(err) < 700


def test_numpy_warnings_never_reach_the_terminal(monkeypatch, capfd):
    def noisy(args):
        with np.errstate(all="warn"):
            np.log(np.zeros(2))
            np.float64(1e308) * 10
        warnings.warn("a library warning", RuntimeWarning, stacklevel=1)
        print("ok")
        return 0
    monkeypatch.setattr(budget, "run", noisy)
    assert main(ARGV) == 0
    out, err = capfd.readouterr()
    assert out == "ok\n" and err == ""


@pytest.mark.parametrize("argv, words", [
    (["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--shots", "1000000000000"],
     "shots = 1000000000000 is too large"),
    (["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--seed", "18446744073709551616"],
     "seed = 18446744073709551616 is outside the allowed range [0, 9223372036854775807]"),
    (["run", "ghz_4.qasm", "--network", "two_fridges.toml", "--shots", "10^12"], "invalid int value"),
    (["bench", "purification", "--rounds", "100000"], "rounds = 100000 is too large"),
    (["bench", "purification", "--rounds", ",".join(["1"] * 100)], "number of round counts = 100"),
    ([], "COMMAND"),
    (["bench"], "KIND"),
])
def test_bounded_cli_sizes(capfd, argv, words):
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse usage errors exit through SystemExit(2)
        rc = exc.code
    assert rc == 2
    err = capfd.readouterr().err
    assert words in err and "Traceback" not in err


def test_network_files_are_bounded_and_bare_network_is_a_usage_error(tmp_path):
    """Issue 11 leftovers: `qnet network check /dev/zero` refuses at once; bare `qnet network` exits 2."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "qnet_plugin.cli", "network", "check", "/dev/zero"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    bare = subprocess.run([sys.executable, "-m", "qnet_plugin.cli", "network"], capture_output=True, text=True,
                          timeout=60)
    assert bare.returncode == 2


@pytest.mark.parametrize("text, words", [
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nests too deeply"),  # RecursionError in the TOML parser
    ('name = "n"\n[[qpu]]\nname = "A"\ndata_qubits = "2"\n', "data_qubits = '2' is not an integer"),  # TypeError
    ('name = "n"\n[[qpu]]\nname = "A"\nt1 = nan\n', "t1 = nan s is outside the allowed range"),
])
def test_deep_and_mistyped_network_files_are_one_line_per_problem(tmp_path, capfd, text, words):
    f = tmp_path / "net.toml"
    f.write_text(text)
    assert main(["network", "check", str(f)]) == 2
    out, err = capfd.readouterr()
    assert words in out + err and "Traceback" not in out + err
