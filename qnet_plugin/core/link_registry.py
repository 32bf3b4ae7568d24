"""Find link models: every model, built-in or third-party, registers through one entry-point group.

A package exposes a link model through the entry-point group ``qnet_plugin.links``::

    [project.entry-points."qnet_plugin.links"]
    my-transducer = "my_pkg.links:MyTransducerLink"

qnet_plugin's own models are listed the same way in its ``pyproject.toml`` (there is no second list
in the code), so the package must be installed (``pip install -e .``) for them to be found. The class
must subclass :class:`qnet_plugin.links.base.LinkModel` (or satisfy its protocol: a frozen dataclass
with ``name``, ``report()``, ``bell_pair()``). ``qnet links`` lists them with their capabilities and
``qnet link NAME`` builds its command-line flags from the dataclass fields.

The entry points are read once per process and cached (:func:`clear_cache` forgets them, e.g. after
a new distribution was put on ``sys.path``); classes are imported only when asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING

from qnet_plugin.core.validation import ParameterError

if TYPE_CHECKING:
    from qnet_plugin.links.base import LinkModel

ENTRY_POINT_GROUP = "qnet_plugin.links"

#: The distribution whose entry points name the built-in models; they win a name clash.
OWN_DISTRIBUTION = "qnet_plugin"


def _distribution_name(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return (getattr(dist, "name", None) or "").replace("-", "_").lower()


@functools.cache
def _registered(reader: Callable) -> dict[str, EntryPoint]:
    """Name -> entry point, read once per reader. Built-in names first (a plugin may not shadow
    one), then the others; each part in name order."""
    own: dict[str, EntryPoint] = {}
    other: dict[str, EntryPoint] = {}
    for ep in reader(group=ENTRY_POINT_GROUP):
        part = own if _distribution_name(ep) == OWN_DISTRIBUTION else other
        part.setdefault(ep.name, ep)
    found = dict(sorted(own.items()))
    for name, ep in sorted(other.items()):
        found.setdefault(name, ep)
    return found


def _entry_points() -> dict[str, EntryPoint]:
    # The cache is keyed on the reader, looked up at call time: a test that substitutes
    # ``registry.entry_points`` sees its own entries without clearing anything.
    return _registered(entry_points)


def clear_cache() -> None:
    """Forget the entry points read so far (the next call reads them again)."""
    _registered.cache_clear()


def available_links() -> dict[str, str]:
    """Map link name -> ``module:Class`` for every registered model (built-ins first, then plugins)."""
    return {name: ep.value for name, ep in _entry_points().items()}


def get_link_class(name: str) -> type[LinkModel]:
    """The link model class registered under ``name``; ParameterError listing the choices otherwise."""
    eps = _entry_points()
    if name not in eps:
        choices = ", ".join(sorted(eps)) or "none (is qnet_plugin installed? pip install -e .)"
        raise ParameterError(f"link = {name!r} is not a known link model; choose one of {choices}")
    return eps[name].load()


__all__ = ["ENTRY_POINT_GROUP", "available_links", "get_link_class", "clear_cache"]
