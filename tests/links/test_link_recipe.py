"""The recipe "Adding a link model" of docs/contributing.md, run as written.

Its code blocks are copied verbatim (only the module paths renamed) into a separate distribution in
a temporary folder: a package with the physics module and the link module, and a ``*.dist-info``
whose ``entry_points.txt`` carries the recipe's entry-point line. With that folder on ``sys.path`` /
``PYTHONPATH``, importlib.metadata sees the entry point exactly as it sees an installed plugin. The
toy link then goes through (a) ``qnet link toy --json`` in a subprocess, (b) a ``BellPair`` of its
report on Aer's density-matrix simulator, and (c) a GHZ program distributed over two QPUs.

The toy's closed form, written here independently of the recipe: both halves of Phi+ pass a
depolarising channel of survival eta, so the pair is the Werner state p |Phi+><Phi+| + (1 - p) I/4
with p = eta^2 and Phi+ fidelity (1 + 3 p)/4 (Nielsen & Chuang, Sec. 8.3.4).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit_aer import AerSimulator

from qnet_plugin.cli import main
from qnet_plugin.core import link_registry as registry
from qnet_plugin.examples import ghz_circuit
from qnet_plugin.links import LinkModel
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.run import run_distributed

DOC = Path(__file__).resolve().parents[2] / "docs" / "contributing.md"
PKG = "qnet_toy_recipe"
#: the recipe's package files -> where they go in the temporary distribution
FILES = {"qnet_plugin/physics/toy.py": f"{PKG}/physics.py", "qnet_plugin/links/toy.py": f"{PKG}/links.py"}
#: the recipe's module names -> the temporary distribution's
MODULES = {"qnet_plugin.physics.toy": f"{PKG}.physics", "qnet_plugin.links.toy": f"{PKG}.links"}

SIM = AerSimulator(method="density_matrix")
PHI = np.array([1, 0, 0, 1]) / np.sqrt(2)


def werner(eta: float) -> np.ndarray:
    p = eta ** 2
    return p * np.outer(PHI, PHI) + (1 - p) * np.eye(4) / 4


def fidelity(eta: float) -> float:
    return (1 + 3 * eta ** 2) / 4


def recipe_blocks() -> dict[str, str]:
    """The recipe's code blocks, keyed by the file named in their first line (``# path``)."""
    text = DOC.read_text()
    section = text[text.index("## Adding a link model"):]
    blocks = {}
    for body in re.findall(r"^```\w+\n(.*?)^```", section, re.S | re.M):
        first, _, rest = body.partition("\n")
        m = re.fullmatch(r"#\s*(\S+)", first.strip())
        assert m, f"a recipe block does not name its file on its first line: {first!r}"
        blocks[m.group(1)] = rest
    return blocks


def renamed(source: str) -> str:
    for old, new in MODULES.items():
        source = source.replace(old, new)
    return source


@pytest.fixture(scope="module")
def dist_dir(tmp_path_factory):
    """The recipe's files as a distribution ``qnet-toy-recipe`` in a temporary folder."""
    root = tmp_path_factory.mktemp("recipe")
    blocks = recipe_blocks()
    (root / PKG).mkdir()
    (root / PKG / "__init__.py").write_text('"""The toy link of docs/contributing.md, built by its recipe."""\n')
    for doc_path, path in FILES.items():
        (root / path).write_text(renamed(blocks[doc_path]))
    lines = blocks["pyproject.toml"].splitlines()
    assert lines[0].strip() == '[project.entry-points."qnet_plugin.links"]'
    entries = [re.fullmatch(r'\s*([\w-]+)\s*=\s*"([\w.]+:\w+)"\s*', line).groups() for line in lines[1:] if line.strip()]
    info = root / "qnet_toy_recipe-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: qnet-toy-recipe\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{registry.ENTRY_POINT_GROUP}]\n" + "".join(
        f"{name} = {renamed(target)}\n" for name, target in entries))
    return root


@pytest.fixture
def installed(dist_dir, monkeypatch):
    """The temporary distribution on sys.path, the registry re-read; everything undone afterwards."""
    monkeypatch.syspath_prepend(str(dist_dir))
    registry.clear_cache()
    yield dist_dir
    registry.clear_cache()
    for name in [m for m in sys.modules if m == PKG or m.startswith(PKG + ".")]:
        del sys.modules[name]


def test_the_recipe_touches_four_package_files():
    """Issue 10's target: at most 4 files of the package (plus the model's own tests and docs page)."""
    blocks = recipe_blocks()
    package_files = {p for p in blocks if p == "pyproject.toml" or p.startswith("qnet_plugin/")}
    assert package_files == set(blocks)  # every block is a package file (tests and docs are described)
    assert sorted(package_files) == ["pyproject.toml", "qnet_plugin/links/__init__.py",
                                     "qnet_plugin/links/toy.py", "qnet_plugin/physics/toy.py"]
    assert "touches **4 files of the package**" in DOC.read_text()
    new_modules = [p for p in package_files if not Path(DOC.parents[1], p).exists()]
    assert sorted(new_modules) == ["qnet_plugin/links/toy.py", "qnet_plugin/physics/toy.py"]


def test_the_entry_point_is_seen_and_the_capabilities_come_from_the_types(installed, capsys):
    assert registry.available_links()["toy"] == f"{PKG}.links:ToyLink"
    cls = registry.get_link_class("toy")
    assert issubclass(cls, LinkModel) and cls.__module__ == f"{PKG}.links"
    assert main(["links", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows["toy"]["capabilities"] == ["pair source"]
    assert rows["mmwave"]["capabilities"] == ["pair source", "transfer source"]


def test_qnet_link_in_a_subprocess(dist_dir):
    """(a) ``qnet link toy`` with the recipe's package found through PYTHONPATH only."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(dist_dir), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "qnet_plugin.cli", "link", "toy", "--efficiency", "0.9",
                           "--duty-cycle", "0.5", "--json"], capture_output=True, text=True, env=env, cwd=dist_dir)
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["link"] == "toy"
    assert d["parameters"] == {"efficiency": 0.9, "bandwidth": 1e6, "pump_power": 1e-9, "duty_cycle": 0.5}
    assert d["fidelity"] == pytest.approx(fidelity(0.9), abs=1e-12)          # (1 + 3 * 0.81)/4 = 0.8575
    assert d["werner_parameter"] == pytest.approx(0.81, abs=1e-12)
    assert d["rate_hz"] == pytest.approx(0.5e6) and d["heat_w"] == pytest.approx(0.5e-9)


def test_device_bounds_reach_the_cli(installed, capsys):
    """The bounds declared once on the device (efficiency in [0, 1]) are the link's flag's bounds."""
    assert main(["link", "toy", "--efficiency", "1.5"]) == 2
    err = capsys.readouterr().err
    assert "efficiency = 1.5 is outside the allowed range [0, 1]" in err and err.count("\n") == 1


def test_bell_pair_on_aer(installed):
    """(b) the link's BellPair on Aer's density-matrix method prepares the Werner state of p = eta^2."""
    link = registry.get_link_class("toy")(efficiency=0.9)
    qc = QuantumCircuit(2)
    qc.append(link.bell_pair(), [0, 1])
    qc.save_density_matrix()
    rho = np.asarray(SIM.run(transpile(qc, SIM), shots=1).result().data(0)["density_matrix"])
    assert np.allclose(rho, werner(0.9), atol=1e-12)
    assert link.report().fidelity == pytest.approx(fidelity(0.9), abs=1e-12)
    assert link.transducer.efficiency == 0.9 and link.replace(efficiency=0.8).transducer.efficiency == 0.8


@pytest.mark.parametrize("eta", [1.0, 0.9, 0.7])
def test_distributed_ghz_program(installed, eta):
    """(c) a 4-qubit GHZ program over two ideal QPUs joined by the toy link: one remote CNOT, one
    pair. The Werner pair's X/Y parts leave the GHZ subspace and its Z part flips the GHZ sign, so
    the program's fidelity is the pair's Phi+ fidelity (1 + 3 eta^2)/4 (the single-link case of
    tests/network/test_distribute.py's Pauli-count formula)."""
    link = registry.get_link_class("toy")(efficiency=eta)
    net = Network((QPU.ideal("A", data_qubits=2), QPU.ideal("B", data_qubits=2)), (Link("A", "B", link),),
                  name="recipe")
    res = run_distributed(ghz_circuit(4), net, ["A", "A", "B", "B"], method="density_matrix", shots=10, seed=1)
    assert res.pairs_consumed == 1 and res.links[0]["model"] == "toy"
    assert res.fidelity == pytest.approx(fidelity(eta), abs=1e-9)
