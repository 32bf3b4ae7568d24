"""Issue 11, supported setups: Python 3.10 is declared (``requires-python = ">=3.10"``), so nothing the
package runs may need 3.11+. ``qnet demo`` crashed on 3.10 because ``tomli`` was imported but not a
dependency. CI runs the whole suite on 3.10 when the machine has it (``.ci/run``); these checks run
on any Python and catch the known 3.11+ names statically.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

import qnet_plugin

PACKAGE = Path(qnet_plugin.__file__).resolve().parent
ROOT = PACKAGE.parent
#: names that only exist from Python 3.11 (or 3.12) on, by module
NEWER = {"typing": {"Self", "Never", "LiteralString", "assert_never", "assert_type", "reveal_type", "Required",
                    "NotRequired", "TypeVarTuple", "Unpack", "override", "dataclass_transform"},
         "enum": {"StrEnum", "verify", "ReprEnum"}, "datetime": {"UTC"}, "itertools": {"batched"},
         "hashlib": {"file_digest"}, "asyncio": {"TaskGroup", "timeout"}}
NEWER_MODULES = {"tomllib", "wsgiref.types"}
NEWER_BUILTINS = {"ExceptionGroup", "BaseExceptionGroup"}


def _load_toml(text):
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return tomllib.loads(text)


def test_tomli_is_a_conditional_dependency_for_python_3_10():
    project = _load_toml((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    tomli = [d for d in project["dependencies"] if re.match(r"tomli\b", d)]
    assert len(tomli) == 1 and re.search(r"python_version\s*<\s*['\"]3\.11['\"]", tomli[0]), tomli


def _runtime_nodes(tree):
    """Every node outside ``if TYPE_CHECKING:`` blocks (those never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _guarded_imports(tree):
    """Modules imported behind ``if sys.version_info >= ...:`` or inside ``try:`` blocks whose handler
    catches ImportError (both with a fallback)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "version_info" in ast.unparse(node.test) and node.orelse:
            for n in (n for sub in node.body for n in ast.walk(sub)):
                if isinstance(n, ast.Import):
                    out |= {a.name for a in n.names}
        if isinstance(node, ast.Try) and any(
                h.type is not None and ("ImportError" in ast.unparse(h.type) or "ModuleNotFound" in ast.unparse(h.type))
                for h in node.handlers):
            for sub in node.body:
                for n in ast.walk(sub):
                    if isinstance(n, ast.Import):
                        out |= {a.name for a in n.names}
    return out


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_python_3_11_only_names_at_run_time(path):
    tree = ast.parse(path.read_text(), str(path))
    guarded = _guarded_imports(tree)
    problems = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.ImportFrom) and node.module in NEWER:
            problems += [f"from {node.module} import {a.name}" for a in node.names if a.name in NEWER[node.module]]
        elif isinstance(node, ast.Import):
            problems += [f"import {a.name}" for a in node.names if a.name in NEWER_MODULES and a.name not in guarded]
        elif isinstance(node, ast.ImportFrom) and node.module in NEWER_MODULES:
            problems.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Name) and node.id in NEWER_BUILTINS:
            problems.append(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id in NEWER and node.attr in NEWER[node.value.id]:
            problems.append(f"{node.value.id}.{node.attr}")
        elif type(node).__name__ == "TryStar":
            problems.append("except*")
    assert not problems, f"{path.name} uses Python 3.11+ only: {problems}"
