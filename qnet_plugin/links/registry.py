"""Find link models: the built-in ones and those other packages register.

A third-party package exposes a link model through the entry-point group ``qnet_plugin.links``::

    [project.entry-points."qnet_plugin.links"]
    my-transducer = "my_pkg.links:MyTransducerLink"

The class must subclass :class:`qnet_plugin.links.base.LinkModel` (or satisfy its protocol:
a frozen dataclass with ``name``, ``report()``, ``bell_pair()``). ``qnet links`` lists them and
``qnet link NAME`` builds its command-line flags from the dataclass fields.
"""

from __future__ import annotations

import importlib
import importlib.util
from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "qnet_plugin.links"

#: Built-in models, importable even when the package is not installed (e.g. from a source tree).
BUILTIN_LINKS: dict[str, str] = {
    "werner": "qnet_plugin.links.werner:WernerLink",
    "electro-optic": "qnet_plugin.links.electro_optic:ElectroOpticLink",
    "nv-diamond": "qnet_plugin.links.nv_diamond:NVDiamondLink",
    "mmwave": "qnet_plugin.links.mmwave:MillimeterWaveLink",
    "direct-electro-optic": "qnet_plugin.links.direct_transduction:DirectElectroOpticLink",
    "dual-rail": "qnet_plugin.links.dual_rail:DualRailLink",
    "sc-ion": "qnet_plugin.links.hybrid:SCIonLink",
    "sc-photon": "qnet_plugin.links.hybrid:SCPhotonLink",
}


def _load(target: str):
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def available_links() -> dict[str, str]:
    """Map link name -> ``module:Class`` for every model that can be imported (built-ins first,
    then entry points; an entry point may not shadow a built-in name)."""
    found = {}
    for name, target in BUILTIN_LINKS.items():
        module = target.partition(":")[0]
        if importlib.util.find_spec(module) is not None:
            found[name] = target
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.value)
    return found


def get_link_class(name: str):
    """The link model class registered under ``name``; ParameterError listing the choices otherwise."""
    links = available_links()
    if name not in links:
        from qnet_plugin.core.validation import ParameterError  # imports numpy: `qnet links` need not

        raise ParameterError(f"link = {name!r} is not a known link model; choose one of "
                             f"{', '.join(sorted(links))}")
    return _load(links[name])
