"""Link protocols: physics model + heralding/transfer scheme -> LinkReport (rate, state, heat).

Every model here is also registered by name through the ``qnet_plugin.links`` entry points
(``pyproject.toml``), which is how the CLI, the network files and third-party packages find them
(:func:`get_link_class`). The names below are lazy (PEP 562): ``from qnet_plugin.links import
ElectroOpticLink`` imports that model's module only, so ``qnet link electro-optic`` does not pay for
the dual-rail solver or the NV model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: public name -> module that defines it
_WHERE = {
    "LinkModel": "qnet_plugin.links.base", "LinkReport": "qnet_plugin.links.base",
    "PairSource": "qnet_plugin.links.base", "TransferSource": "qnet_plugin.links.base",
    "is_transfer_source": "qnet_plugin.links.base", "device_param": "qnet_plugin.links.base",
    "PHI_PLUS": "qnet_plugin.links.base", "fidelity_to": "qnet_plugin.links.base",
    "available_links": "qnet_plugin.core.link_registry", "get_link_class": "qnet_plugin.core.link_registry",
    "WernerLink": "qnet_plugin.links.werner", "ElectroOpticLink": "qnet_plugin.links.electro_optic",
    "DirectElectroOpticLink": "qnet_plugin.links.direct_transduction",
    "SCIonLink": "qnet_plugin.links.hybrid", "SCPhotonLink": "qnet_plugin.links.hybrid",
    "NVDiamondLink": "qnet_plugin.links.nv_diamond", "MillimeterWaveLink": "qnet_plugin.links.mmwave",
    "DualRailLink": "qnet_plugin.links.dual_rail", "TransducerLink": "qnet_plugin.links.transducer",
}

__all__ = [
    # protocol and report
    "LinkModel", "LinkReport", "PairSource", "TransferSource", "is_transfer_source", "device_param",
    "PHI_PLUS", "fidelity_to",
    # registry
    "available_links", "get_link_class",
    # built-in models (registered by name in pyproject.toml)
    "WernerLink", "ElectroOpticLink", "DirectElectroOpticLink", "SCIonLink", "SCPhotonLink",
    "NVDiamondLink", "MillimeterWaveLink", "DualRailLink", "TransducerLink",
]


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'qnet_plugin.links' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # the names for type checkers and IDEs
    from qnet_plugin.core.link_registry import available_links, get_link_class
    from qnet_plugin.links.base import (
        PHI_PLUS,
        LinkModel,
        LinkReport,
        PairSource,
        TransferSource,
        device_param,
        fidelity_to,
        is_transfer_source,
    )
    from qnet_plugin.links.direct_transduction import DirectElectroOpticLink
    from qnet_plugin.links.dual_rail import DualRailLink
    from qnet_plugin.links.electro_optic import ElectroOpticLink
    from qnet_plugin.links.hybrid import SCIonLink, SCPhotonLink
    from qnet_plugin.links.mmwave import MillimeterWaveLink
    from qnet_plugin.links.nv_diamond import NVDiamondLink
    from qnet_plugin.links.transducer import TransducerLink
    from qnet_plugin.links.werner import WernerLink
