"""Sub-commands whose parsers are built only when they are chosen (start-up time, docs/performance.md).

``qnet --help`` and ``qnet links`` must answer in well under a second, but building every
sub-command's parser imports its module, and ``qnet link NAME``'s flags come from the link class,
whose module imports qiskit and the link's physics. :class:`LazySubParsersAction` registers a
name (and its help line) with a placeholder parser and runs the real ``register`` only when
argparse selects that name; ``--help`` listings that need a description it does not have yet ask
``describe`` for it then.

:func:`static_link_description` reads a link class's ``description`` from its source (``ast``),
so listing the link models imports none of them.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
from collections.abc import Callable


class LazySubParsersAction(argparse._SubParsersAction):
    """A sub-parsers action whose choices may be registered as ``(name, loader)``.

    ``loader(action)`` must add the real parser for ``name`` with ``action.add_parser(name, ...)``
    (an ordinary ``register(sub)`` function does); it runs the first time ``name`` is parsed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lazy: dict[str, Callable] = {}
        self._describe: dict[str, Callable[[], str]] = {}

    def add_lazy(self, name: str, loader: Callable, help: str | None = None,
                 describe: Callable[[], str] | None = None) -> None:
        """Register ``name`` with a placeholder parser; ``help`` is its line in ``--help``
        (or ``describe()`` when a help listing is printed)."""
        self.add_parser(name, help=help or "")
        self._lazy[name] = loader
        if describe is not None and help is None:
            self._describe[name] = describe

    def load(self, name: str) -> argparse.ArgumentParser:
        """Build the real parser of ``name`` (once) and return it."""
        loader = self._lazy.pop(name, None)
        if loader is not None:
            index = next(i for i, a in enumerate(self._choices_actions) if a.dest == name)
            placeholder = self._choices_actions.pop(index)
            del self._name_parser_map[name]
            count = len(self._choices_actions)
            loader(self)
            if name not in self._name_parser_map:  # the loader declined: keep the placeholder
                self._choices_actions.insert(index, placeholder)
                self._name_parser_map[name] = self._parser_class(prog=f"{self._prog_prefix} {name}")
            elif len(self._choices_actions) > count:  # keep the listing order
                self._choices_actions.insert(index, self._choices_actions.pop())
        return self._name_parser_map[name]

    def _get_subactions(self):
        for name, describe in list(self._describe.items()):
            for action in self._choices_actions:
                if action.dest == name:
                    try:
                        action.help = describe()
                    except Exception as exc:  # a broken plugin must not hide the others
                        action.help = f"(cannot load: {exc})"
            del self._describe[name]
        return super()._get_subactions()

    def __call__(self, parser, namespace, values, option_string=None):
        if values and values[0] in self._lazy:
            self.load(values[0])
        return super().__call__(parser, namespace, values, option_string)


def _source_file(module: str) -> str | None:
    """Path of ``module``'s source found from its top-level package only: ``find_spec`` on a dotted
    name would import the parent packages (``qnet_plugin.links`` imports every link class)."""
    import os

    top, _, rest = module.partition(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    roots = list(spec.submodule_search_locations or [])
    if not rest:
        return spec.origin if spec.origin and spec.origin.endswith(".py") else None
    parts = rest.split(".")
    for root in roots:
        base = os.path.join(root, *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(candidate):
                return candidate
    return None


def _static_module(module: str) -> ast.Module | None:
    path = _source_file(module)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            return ast.parse(fh.read(), path)
    except (OSError, SyntaxError, ValueError):
        return None


def _static_class(target: str) -> ast.ClassDef | None:
    module, _, attr = target.partition(":")
    tree = _static_module(module)
    if tree is None:
        return None
    return next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == attr), None)


_PROTOCOL_BASES = {"LinkModel": set(), "PairSource": set(), "TransferSource": {"transfer source"}}


def _static_capabilities(target: str, depth: int = 0) -> set[str] | None:
    """Capabilities declared by the class and its bases, followed through the source (``None`` when
    a base cannot be followed without importing)."""
    module, _, attr = target.partition(":")
    tree = _static_module(module)
    if tree is None or depth > 8:
        return None
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == attr), None)
    if node is None:
        return None
    imported = {a.asname or a.name: f"{n.module}:{a.name}" for n in tree.body
                if isinstance(n, ast.ImportFrom) and n.module and n.level == 0 for a in n.names}
    local = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    caps: set[str] = set()
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else None
        if name in _PROTOCOL_BASES:
            caps |= _PROTOCOL_BASES[name]
            continue
        if name in local:
            sub = _static_capabilities(f"{module}:{name}", depth + 1)
        elif name in imported:
            sub = _static_capabilities(imported[name], depth + 1)
        else:
            sub = None if name is None or name[0].isupper() else set()  # mixins by function: none
        if sub is None:
            return None
        caps |= sub
    return caps


def static_link_description(target: str) -> str | None:
    """The string literal assigned to ``description`` in the body of the class ``module:Class``,
    read from the module's source without importing it; ``None`` when it cannot be read that way
    (no source, inherited or computed description): the caller then imports the class."""
    node = _static_class(target)
    if node is None:
        return None
    for stmt in node.body:
        targets = (stmt.targets if isinstance(stmt, ast.Assign)
                   else [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value else [])
        if (any(isinstance(t, ast.Name) and t.id == "description" for t in targets)
                and isinstance(stmt, (ast.Assign, ast.AnnAssign))
                and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)):
            return stmt.value.value
    return None


def static_link_info(target: str) -> tuple[str, list[str]] | None:
    """(description, capabilities) of a link class read from its source, or ``None`` (import it).

    Capabilities are the declared types, followed through the class statements of the source:
    every link model is a ``pair source``; one with ``TransferSource`` among its (transitive)
    bases is also a ``transfer source``."""
    desc = static_link_description(target)
    caps = _static_capabilities(target)
    if desc is None or caps is None:
        return None
    return desc, ["pair source"] + sorted(caps)
