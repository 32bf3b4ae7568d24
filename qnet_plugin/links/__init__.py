"""Link protocols: physics model + heralding/transfer scheme -> LinkReport (rate, state, heat)."""

from qnet_plugin.links.registry import available_links, get_link_class

__all__ = ["LinkModel", "LinkReport", "PHI_PLUS", "fidelity_to", "available_links", "get_link_class"]

_FROM_BASE = ("LinkModel", "LinkReport", "PHI_PLUS", "fidelity_to")


def __getattr__(name):
    # links.base (which imports qiskit) and the concrete models are imported lazily so that
    # `import qnet_plugin.links` (the registry, `qnet links`) stays light and a model whose
    # optional physics is missing does not break the others.
    if name in _FROM_BASE:
        from qnet_plugin.links import base

        return getattr(base, name)
    from qnet_plugin.links.registry import BUILTIN_LINKS, _load

    for target in BUILTIN_LINKS.values():
        if target.endswith(":" + name):
            return _load(target)
    raise AttributeError(name)
