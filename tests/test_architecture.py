"""The import graph of qnet_plugin: no cycle, no upward import, physics free of Qiskit.

Every module of the package is parsed with ``ast`` (nothing is imported), and every ``import`` /
``from ... import`` naming a qnet_plugin module becomes an edge, module-level and function-level
(lazy) imports alike; imports inside ``if TYPE_CHECKING:`` are left out (they never run). An edge
goes to the most specific module named: ``from qnet_plugin.circuit.bell_pair import BellPair`` is an
edge to ``qnet_plugin.circuit.bell_pair``; ``from qnet_plugin.links import get_link_class`` to the
package ``qnet_plugin.links``. Importing a module also runs its parent packages' ``__init__``;
those implicit edges are not counted (every module would otherwise depend on the package root).

Layers, lowest first (:data:`LAYERS`). The order follows the code's data flow, which refines
/work/shared/design.md's picture "physics -> link -> channels -> instructions -> network ->
interfaces" in one place: a link *uses* the channel library to build the state it delivers
(links/ imports channels/, channels/ imports no link), so as imports go ``channels`` sits below
``links``; the state a link delivers then flows up into the instructions of ``circuit``, which
take a link or its report by duck typing and never import ``links``::

    core  <  physics  <  channels, states  <  links  <  circuit, aer  <  purification
          <  examples  <  network  <  sweep  <  plotting  <  cli  <  qnet_plugin (the facade)

``states`` (Bell/Werner reference states) and ``channels`` share a layer; ``aer`` (the one-call
"transpile and run on Aer" helper) shares one with ``circuit``; ``examples`` (the shipped input
files and their resolver) sits just below the first layer that reads them. ``qnet_plugin/__init__``
re-exports the public API and is imported by no module.

A module may import its own layer or any lower one, never a higher one, and the graph has no
cycle. The single documented exception (:data:`UPWARD_EXCEPTIONS`, described in
docs/architecture.md): a link hands out the instruction that carries its pairs or its transfer
channel (``LinkModel.bell_pair()``, ``transfer_instruction()``), importing ``circuit`` inside that
method. It is listed site by site, so a new upward import fails this test, and a listed site that
disappears must be removed from the list.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

import qnet_plugin

PACKAGE_DIR = Path(qnet_plugin.__file__).parent
ROOT = "qnet_plugin"

#: Layers, lowest first; a module may import modules of its own layer or lower ones.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"core"}),
    frozenset({"physics"}),
    frozenset({"channels", "states"}),
    frozenset({"links"}),
    frozenset({"circuit", "aer"}),
    frozenset({"purification"}),
    frozenset({"examples"}),
    frozenset({"network"}),
    frozenset({"sweep"}),
    frozenset({"plotting"}),
    frozenset({"cli"}),
    frozenset({ROOT}),
)

#: The one documented exception to the layering, site by site: (importing module, imported
#: module). A link model's instruction constructor imports ``circuit`` lazily (function level).
UPWARD_EXCEPTIONS = frozenset({
    ("qnet_plugin.links.base", "qnet_plugin.circuit.bell_pair"),            # LinkModel.bell_pair()
    ("qnet_plugin.links.mmwave", "qnet_plugin.circuit.transfer"),           # transfer_instruction()
    ("qnet_plugin.links.direct_transduction", "qnet_plugin.circuit.transfer"),  # transfer_instruction()
})


@dataclass(frozen=True)
class Import:
    source: str          # importing module
    target: str          # imported module (qnet_plugin.*) or top-level external name
    line: int
    lazy: bool           # inside a function (runs on call, not on import)

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}{' (in a function)' if self.lazy else ''}"


def _module_files() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _module_files()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(name: str) -> str:
    """The most specific module of the package that ``name`` (dotted) names."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool):
        self.module = module
        self.package = module if is_package else module.rsplit(".", 1)[0]
        self.depth = 0
        self.found: list[Import] = []

    def _add(self, target: str, node: ast.stmt) -> None:
        self.found.append(Import(self.module, target, node.lineno, self.depth > 0))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for stmt in node.orelse:  # the `else:` of `if TYPE_CHECKING` does run
                self.visit(stmt)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == ROOT or alias.name.startswith(ROOT + "."):
                self._add(_resolve(alias.name), node)
            else:
                self._add(alias.name.split(".")[0], node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        if module == ROOT or module.startswith(ROOT + "."):
            for alias in node.names:
                full = f"{module}.{alias.name}"
                self._add(full if full in MODULES else _resolve(module), node)
        else:
            self._add(module.split(".")[0], node)


def _all_imports() -> list[Import]:
    out = []
    for name, path in MODULES.items():
        collector = _Collector(name, path.name == "__init__.py")
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        out += collector.found
    return out


IMPORTS = _all_imports()
INTERNAL = [i for i in IMPORTS if i.target in MODULES]


def layer_of(module: str) -> str:
    """``qnet_plugin.links.base`` -> ``links``; ``qnet_plugin.sweep`` -> ``sweep``; the root -> itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def rank(module: str) -> int:
    layer = layer_of(module)
    for i, members in enumerate(LAYERS):
        if layer in members:
            return i
    raise AssertionError(f"{module}: layer {layer!r} is not in LAYERS; place it in tests/test_architecture.py")


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(MODULES)
    for imp in INTERNAL:
        if imp.target != imp.source:
            g.add_edge(imp.source, imp.target)
    return g


# ---------------------------------------------------------------------------- the graph is real
def test_the_parser_sees_the_whole_package():
    assert len(MODULES) > 80 and "qnet_plugin.network.circuit_walk" in MODULES
    edges = {(i.source, i.target, i.lazy) for i in INTERNAL}
    # module-level, relative-free, package and submodule targets, and lazy imports are all seen
    assert ("qnet_plugin.network.partition", "qnet_plugin.network.circuit_walk", False) in edges
    assert ("qnet_plugin.network.distribute", "qnet_plugin.network.circuit_walk", False) in edges
    assert ("qnet_plugin.links.base", "qnet_plugin.circuit.bell_pair", True) in edges
    assert ("qnet_plugin.cli.demo", "qnet_plugin.network.demo", True) in edges
    assert any(i.target == "qiskit" for i in IMPORTS) and any(i.target == "numpy" for i in IMPORTS)
    # the TYPE_CHECKING-only imports of network/demo.py are left out
    assert not any(i.source == "qnet_plugin.network.demo" and i.target == "qnet_plugin.network.results"
                   for i in IMPORTS)
    # every module belongs to a layer
    for module in MODULES:
        rank(module)


# ---------------------------------------------------------------------------- the rules
def test_no_import_cycle():
    cycles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert not cycles, "import cycles (function-level imports included): " + "; ".join(
        " <-> ".join(c) for c in cycles)


def test_no_upward_import():
    upward = [i for i in INTERNAL if rank(i.target) > rank(i.source)
              and (i.source, i.target) not in UPWARD_EXCEPTIONS]
    assert not upward, "imports of a higher layer:\n" + "\n".join(map(str, upward))


def test_the_documented_exception_is_lazy_and_still_needed():
    used = {(i.source, i.target): i for i in INTERNAL if (i.source, i.target) in UPWARD_EXCEPTIONS}
    assert set(used) == UPWARD_EXCEPTIONS, f"remove from UPWARD_EXCEPTIONS: {UPWARD_EXCEPTIONS - set(used)}"
    for imp in used.values():
        assert imp.lazy, f"{imp}: the exception allows only a function-level import"
        assert layer_of(imp.source) == "links" and layer_of(imp.target) == "circuit"


def test_physics_imports_only_core_and_physics_and_no_qiskit():
    for imp in IMPORTS:
        if layer_of(imp.source) != "physics":
            continue
        assert imp.target.split(".")[0] not in ("qiskit", "qiskit_aer"), f"{imp}: physics stays free of Qiskit"
        if imp.target in MODULES:
            assert layer_of(imp.target) in ("core", "physics"), f"{imp}: physics imports only core"


@pytest.mark.parametrize("top, allowed_from", [
    ("cli", {"cli", ROOT}),
    ("plotting", {"plotting", "cli", ROOT}),
])
def test_cli_and_plotting_are_imported_only_from_above(top, allowed_from):
    bad = [i for i in INTERNAL if layer_of(i.target) == top and layer_of(i.source) not in allowed_from]
    assert not bad, "\n".join(map(str, bad))


def test_network_never_imports_cli():
    assert not [i for i in INTERNAL if layer_of(i.source) == "network" and layer_of(i.target) == "cli"]


def test_circuit_walk_and_the_rewrite_table_name_the_same_one_pair_gates():
    from qnet_plugin.network.circuit_walk import _REMOTE_PRIMITIVES, ONE_PAIR_GATES

    assert set(_REMOTE_PRIMITIVES) == ONE_PAIR_GATES
