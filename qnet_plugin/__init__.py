"""qnet_plugin: physics-based inter-fridge links as Qiskit instructions that run on qiskit-aer.

Layers (see docs/architecture.md): ``physics`` (paper equations) -> ``links`` (LinkReport: rate,
delivered state, fidelity, heat) -> ``channels`` (Kraus maps) -> ``circuit`` (instructions) ->
``network`` / ``purification`` / ``sweep`` (programs) -> ``cli``.

The public names below are loaded on first use (PEP 562 module ``__getattr__``): ``import
qnet_plugin`` does not import qiskit, qutip or matplotlib, so the ``qnet`` command and the
submodules that need none of them start fast (docs/performance.md).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> (module, attribute or None for the module itself)
_LAZY = {
    "BellPair": ("qnet_plugin.circuit", "BellPair"),
    "Teleport": ("qnet_plugin.circuit", "Teleport"),
    "RemoteCX": ("qnet_plugin.circuit", "RemoteCX"),
    "Transfer": ("qnet_plugin.circuit", "Transfer"),
    "teleport": ("qnet_plugin.circuit", "teleport"),
    "remote_cx": ("qnet_plugin.circuit", "remote_cx"),
    "LinkModel": ("qnet_plugin.links", "LinkModel"),
    "LinkReport": ("qnet_plugin.links", "LinkReport"),
    "available_links": ("qnet_plugin.core.link_registry", "available_links"),
    "get_link_class": ("qnet_plugin.core.link_registry", "get_link_class"),
    "ParameterError": ("qnet_plugin.core.validation", "ParameterError"),
    "channels": ("qnet_plugin.channels", None),
    "states": ("qnet_plugin.states", None),
    "units": ("qnet_plugin.core.units", None),
}

__all__ = ["BellPair", "Teleport", "RemoteCX", "Transfer", "teleport", "remote_cx", "LinkModel",
           "LinkReport", "available_links", "get_link_class", "ParameterError", "channels", "states",
           "units", "__version__"]


def __getattr__(name: str) -> object:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'qnet_plugin' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
