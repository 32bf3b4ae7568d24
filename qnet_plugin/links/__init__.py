"""Link protocols: physics model + heralding/transfer scheme -> LinkReport (rate, state, heat).

Every model here is also registered by name through the ``qnet_plugin.links`` entry points
(``pyproject.toml``), which is how the CLI, the network files and third-party packages find them
(:func:`get_link_class`); the imports below are for Python users and type checkers.
"""

from qnet_plugin.core.link_registry import available_links, get_link_class
from qnet_plugin.links.base import (
    PHI_PLUS,
    LinkModel,
    LinkReport,
    PairSource,
    TransferSource,
    UnphysicalReport,
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

__all__ = [
    # protocol and report
    "LinkModel", "LinkReport", "PairSource", "TransferSource", "is_transfer_source", "device_param",
    "PHI_PLUS", "fidelity_to", "UnphysicalReport",
    # registry
    "available_links", "get_link_class",
    # built-in models (registered by name in pyproject.toml)
    "WernerLink", "ElectroOpticLink", "DirectElectroOpticLink", "SCIonLink", "SCPhotonLink",
    "NVDiamondLink", "MillimeterWaveLink", "DualRailLink", "TransducerLink",
]
