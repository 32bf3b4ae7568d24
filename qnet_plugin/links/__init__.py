"""Link protocols: physics model + heralding/transfer scheme -> LinkReport (rate, state, heat)."""

from qnet_plugin.links.base import PHI_PLUS, LinkModel, LinkReport, fidelity_to
from qnet_plugin.links.registry import available_links, get_link_class

__all__ = ["LinkModel", "LinkReport", "PHI_PLUS", "fidelity_to", "available_links", "get_link_class"]


def __getattr__(name):
    # Concrete models are imported lazily so that `import qnet_plugin.links` stays light and a
    # model whose optional physics is missing does not break the others.
    from qnet_plugin.links.registry import BUILTIN_LINKS, _load

    for target in BUILTIN_LINKS.values():
        if target.endswith(":" + name):
            return _load(target)
    raise AttributeError(name)
