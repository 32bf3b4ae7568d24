"""Issue 11, program loading: includes confined to the program's folder, parser output captured into
the one-line error (never on stdout, even with --json), sizes bounded before parsing, OpenQASM 3 as
Qiskit exports it."""

import json
import math
import os

import numpy as np
import pytest
from qiskit import QuantumCircuit, qasm3
from qiskit.circuit.library import get_standard_gate_name_mapping
from qiskit.quantum_info import Operator

from qnet_plugin.cli import main
from qnet_plugin.core.validation import (
    MAX_GATE_NESTING,
    MAX_INCLUDE_DEPTH,
    MAX_PROGRAM_CLBITS,
    MAX_PROGRAM_QUBITS,
    ParameterError,
)
from qnet_plugin.network.program import load_program, loads_program, read_program

MARKER = "SECRET-MARKER-7f3a"


def run_cli(capfd, *argv):
    rc = main(list(argv))
    out, err = capfd.readouterr()
    return rc, out, err


def one_line_error(rc, out, err, words):
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], err
    assert "Traceback" not in err and MARKER not in out + err
    assert out == ""


@pytest.fixture
def secret(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text(f"{MARKER}:x:0:0:root:/root:/bin/bash\n")
    return f


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_absolute_include_is_refused_and_nothing_leaks(tmp_path, capfd, secret, version):
    prog = tmp_path / "progs" / "p.qasm"
    prog.parent.mkdir()
    prog.write_text(f'OPENQASM {version};\ninclude "{secret}";\nqreg q[2];\n')
    rc, out, err = run_cli(capfd, "run", str(prog), "--network", "two_fridges.toml", "--json")
    one_line_error(rc, out, err, "is an absolute path")


def test_dotdot_and_symlink_escapes_are_refused(tmp_path, capfd, secret):
    prog = tmp_path / "progs" / "p.qasm"
    prog.parent.mkdir()
    prog.write_text('OPENQASM 3.0;\ninclude "../secret.txt";\nqubit[2] q;\n')
    rc, out, err = run_cli(capfd, "run", str(prog), "--network", "two_fridges.toml", "--json")
    one_line_error(rc, out, err, "leaves the program's folder")
    (prog.parent / "link.inc").symlink_to(secret)
    prog.write_text('OPENQASM 3.0;\ninclude "link.inc";\nqubit[2] q;\n')
    with pytest.raises(ParameterError, match="leaves the program's folder"):
        load_program(prog)


def test_includes_resolve_next_to_the_program_not_the_cwd(tmp_path, monkeypatch):
    (tmp_path / "progs" / "lib").mkdir(parents=True)
    (tmp_path / "progs" / "lib" / "gates.inc").write_text('include "more.inc";\ngate twist a { x a; }\n')
    (tmp_path / "progs" / "lib" / "more.inc").write_text("gate nothing a { id a; }\n")
    prog = tmp_path / "progs" / "p.qasm"
    prog.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\ninclude "lib/gates.inc";\nqreg q[1];\ncreg c[1];\n'
                    "twist q[0];\nmeasure q[0] -> c[0];\n")
    cwd = tmp_path / "cwd"
    (cwd / "lib").mkdir(parents=True)
    (cwd / "lib" / "gates.inc").write_text("gate twist a { h a; }\n")  # must not be used
    monkeypatch.chdir(cwd)
    qc = load_program(prog)
    assert qc.count_ops() == {"twist": 1, "measure": 1}
    op = qc.data[0].operation.definition.data[0].operation
    assert op.name == "x"
    # the sweep ships the expanded text: no file access needed on workers
    text = read_program(prog)
    assert "include \"lib" not in text and "gate twist" in text and "gate nothing" in text
    assert loads_program(text).count_ops()["twist"] == 1


def test_include_loops_depth_and_text_programs(tmp_path):
    (tmp_path / "a.inc").write_text('include "b.inc";\n')
    (tmp_path / "b.inc").write_text('include "a.inc";\n')
    p = tmp_path / "p.qasm"
    p.write_text('OPENQASM 2.0;\ninclude "a.inc";\nqreg q[1];\n')
    with pytest.raises(ParameterError, match=r"include loop: a.inc -> b.inc -> a.inc"):
        load_program(p)
    for i in range(MAX_INCLUDE_DEPTH + 1):
        (tmp_path / f"d{i}.inc").write_text(f'include "d{i + 1}.inc";\n' if i < MAX_INCLUDE_DEPTH else "\n")
    p.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\ninclude "d0.inc";\nqreg q[1];\nh q[0];\n')
    with pytest.raises(ParameterError, match=f"include depth = {MAX_INCLUDE_DEPTH + 1} is too large"):
        load_program(p)
    (tmp_path / f"d{MAX_INCLUDE_DEPTH - 1}.inc").write_text("\n")
    assert load_program(p).count_ops() == {"h": 1}  # exactly the limit is fine
    with pytest.raises(ParameterError, match="not allowed in a program given as text"):
        loads_program('OPENQASM 2.0;\ninclude "a.inc";\nqreg q[1];\n')


def test_parser_diagnostics_are_captured_into_one_line(tmp_path, capfd):
    p = tmp_path / "bad3.qasm"
    p.write_text("OPENQASM 3.0;\nqubit[2] q;\nh q[0] $$;\n")
    rc, out, err = run_cli(capfd, "run", str(p), "--network", "two_fridges.toml", "--json")
    one_line_error(rc, out, err, "line 3")
    p.write_text("OPENQASM 3.0;\nqubit[2] q;\nfoo bar baz;\n")
    rc, out, err = run_cli(capfd, "run", str(p), "--network", "two_fridges.toml", "--json")
    one_line_error(rc, out, err, "syntax error at line 3")


@pytest.mark.parametrize("text, words", [
    ("OPENQASM 2.0;\nqreg q[100000];\n", f"declared qubits = 100000 is too large: a dense state of that many "
     f"qubits would need 10^30104 B; limit {MAX_PROGRAM_QUBITS}"),
    ("OPENQASM 3.0;\nqubit[3000] q;\n", "declared qubits = 3000"),
    ("OPENQASM 2.0;\nqreg q[1];\ncreg c[10000000];\n", f"declared classical bits = 10000000 is too large: "
     f"each count key alone would be 10 MB; limit {MAX_PROGRAM_CLBITS}"),
    ("OPENQASM 3.0;\nqubit q;\nbit[5000] c;\n", "declared classical bits = 5000"),
    ("", "declares no qubits"),
    ("OPENQASM 3.0;\n", "declares no qubits"),
    ("OPENQASM 2.0;\ncreg c[2];\n", "declares no qubits"),
    ("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" + "gate g0 a { h a; }\n"
     + "".join(f"gate g{i} a {{ g{i - 1} a; }}\n" for i in range(1, MAX_GATE_NESTING + 1))
     + "qreg q[1];\n", f"nests gate definitions {MAX_GATE_NESTING + 1} deep; limit {MAX_GATE_NESTING}"),
])
def test_program_sizes_are_bounded_before_parsing(tmp_path, capfd, text, words):
    p = tmp_path / "p.qasm"
    p.write_text(text)
    rc, out, err = run_cli(capfd, "run", str(p), "--network", "two_fridges.toml", "--json")
    one_line_error(rc, out, err, words)


def test_gate_nesting_at_the_limit_runs(tmp_path, capfd):
    # the limit sits below the depth at which Qiskit's recursive unrolling fails (~200 here)
    text = ("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate g1 a, b { cx a, b; }\n"
            + "".join(f"gate g{i} a, b {{ g{i - 1} a, b; }}\n" for i in range(2, MAX_GATE_NESTING + 1))
            + f"qreg q[4];\ncreg c[4];\nh q[0];\ng{MAX_GATE_NESTING} q[0], q[3];\nmeasure q -> c;\n")
    p = tmp_path / "deep.qasm"
    p.write_text(text)
    rc, out, err = run_cli(capfd, "run", str(p), "--network", "two_fridges.toml", "--shots", "50",
                           "--seed", "1", "--assign", "A,A,B,B", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["pairs_consumed"] == 1  # the 48-deep CNOT crossed the link
    assert data["counts"].get("0000", 0) + data["counts"].get("1001", 0) >= 40  # a Bell pair, noisy


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/"])
def test_devices_and_directories_are_not_read(capfd, path):
    rc, out, err = run_cli(capfd, "run", path, "--network", "two_fridges.toml", "--json")
    one_line_error(rc, out, err, "")  # "no such file" from the example resolver: never read
    rc, out, err = run_cli(capfd, "run", "ghz_4.qasm", "--network", path, "--json")
    one_line_error(rc, out, err, "")
    rc, out, err = run_cli(capfd, "sweep", path, "--json")
    one_line_error(rc, out, err, "not a regular file" if path != "/" else "")


def _all_standard_gates() -> QuantumCircuit:
    rng = np.random.default_rng(11)
    gates = get_standard_gate_name_mapping()
    n = max(g.num_qubits for g in gates.values())
    qc = QuantumCircuit(n)
    for name in sorted(gates):
        g = gates[name]
        if g.name in ("measure", "reset", "delay", "barrier") or not hasattr(g, "to_matrix") and g.num_clbits:
            continue
        if g.name == "global_phase" or g.num_qubits == 0:
            continue
        params = [float(x) for x in rng.uniform(-math.pi, math.pi, len(g.params))]
        qc.append(type(g)(*params) if params else g, list(range(g.num_qubits)))
    return qc


def test_qasm3_round_trip_of_every_standard_gate_reset_measure_and_if(tmp_path):
    unitary = _all_standard_gates()
    assert unitary.size() > 40
    back = loads_program(qasm3.dumps(unitary))
    assert Operator(back).equiv(Operator(unitary))
    qc = QuantumCircuit(3, 2)
    qc.h(0)
    qc.rzz(0.3, 0, 1)
    qc.mcx([0, 1], 2)
    qc.reset(1)
    qc.measure(0, 0)
    with qc.if_test((qc.clbits[0], 1)):
        qc.x(2)
    qc.measure(2, 1)
    f = tmp_path / "exported.qasm"
    f.write_text(qasm3.dumps(qc))
    back = load_program(f)
    assert dict(back.count_ops()) == dict(qc.count_ops())
    assert os.path.getsize(f) > 0
