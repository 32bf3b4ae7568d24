"""The link protocol: what every link model (built-in or plugin) provides.

A link model is a frozen dataclass of device parameters (fields made with
:func:`qnet_plugin.core.validation.param`, validated in ``__post_init__``) with

* ``name`` (class attribute): the registry name, e.g. ``"electro-optic"``; also the CLI name;
* ``report()`` -> :class:`LinkReport`: rate, delivered state, fidelity, heat load, parameters;
* ``bell_pair(label=None)`` -> a :class:`qnet_plugin.circuit.BellPair` instruction preparing
  the delivered state (inherited from :class:`LinkModel`);
* ``state_of_the_art()`` (classmethod): the parameters of the paper's operating point.

Conventions of the delivered state
----------------------------------
* It is a ``qiskit.quantum_info.DensityMatrix`` on ``2 * num_pairs`` qubits. Qubits listed in
  ``LinkReport.qubits_a`` sit in QPU A, those in ``qubits_b`` in QPU B (Qiskit little-endian
  order: qubit 0 is the least significant bit of the matrix index).
* It is expressed in the frame of the **target** state (``LinkReport.target``, by default
  Phi+ = (|00> + |11>)/sqrt 2 per pair): a heralded link applies the herald-dependent local Pauli
  correction (a software frame update, free and exact), so every instruction can assume Phi+.
* ``fidelity`` is <target| rho |target>.
"""

from __future__ import annotations

import abc
import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from qiskit.quantum_info import DensityMatrix, Statevector, state_fidelity

from qnet_plugin.core.validation import validate_dataclass

#: Phi+ = (|00> + |11>)/sqrt(2), the frame every delivered pair is expressed in.
PHI_PLUS = Statevector(np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2))


def _jsonable(x):
    """Convert numpy scalars/arrays and tuples into plain JSON types."""
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, (np.floating, float)):
        return None if not np.isfinite(x) else float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.bool_,)):
        return bool(x)
    if isinstance(x, complex):
        return {"re": x.real, "im": x.imag}
    return x


@dataclass(frozen=True)
class LinkReport:
    """What a link delivers, in SI units.

    Attributes:
        link: registry name of the link model.
        rate_hz: delivered pairs (or multi-pair states) per second.
        state: delivered density matrix, in the frame of ``target``.
        fidelity: <target|state|target>.
        heat_w: time-averaged heat load inside the fridge, W.
        parameters: the model's input parameters (JSON-able values).
        extras: model-specific figures (JSON-able), e.g. ``pulse_s``, ``pump_photons``.
        target: the ideal state (default Phi+ per pair).
        qubits_a, qubits_b: which qubits of ``state`` live in QPU A and QPU B.
    """

    link: str
    rate_hz: float
    state: DensityMatrix
    fidelity: float
    heat_w: float
    parameters: dict[str, Any]
    extras: dict[str, Any] = field(default_factory=dict)
    target: Statevector = field(default_factory=lambda: PHI_PLUS)
    qubits_a: tuple[int, ...] = (0,)
    qubits_b: tuple[int, ...] = (1,)

    @property
    def num_pairs(self) -> int:
        """Number of qubits on each side."""
        return len(self.qubits_a)

    def to_dict(self, include_state: bool = False) -> dict[str, Any]:
        """A flat, JSON-able summary: the headline numbers, the extras, and the parameters."""
        out = {"link": self.link, "rate_hz": self.rate_hz, "fidelity": self.fidelity,
               "heat_w": self.heat_w}
        out.update(self.extras)
        out["parameters"] = dict(self.parameters)
        if include_state:
            out["state"] = {"real": self.state.data.real, "imag": self.state.data.imag}
        return _jsonable(out)

    def to_json(self, **kw) -> str:
        """JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(**kw), indent=2)


def fidelity_to(state: DensityMatrix, target: Statevector = PHI_PLUS) -> float:
    """<target|state|target>, clipped to [0, 1] against round-off."""
    return float(np.clip(state_fidelity(state, target, validate=False), 0.0, 1.0))


class LinkModel(abc.ABC):
    """Base class of link models (see the module docstring for the protocol).

    Subclasses are ``@dataclass(frozen=True)`` and call ``super().__post_init__()`` (or
    :func:`validate_dataclass`) to check their fields.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __post_init__(self):
        validate_dataclass(self)

    @abc.abstractmethod
    def report(self) -> LinkReport:
        """Compute rate, delivered state, fidelity and heat load."""

    @classmethod
    def state_of_the_art(cls):
        """The paper's operating point (the dataclass defaults unless overridden)."""
        return cls()

    def replace(self, **changes):
        """A copy with some parameters changed (validated)."""
        return dataclasses.replace(self, **changes)

    def parameters(self) -> dict[str, Any]:
        """The input parameters as a JSON-able dict."""
        return _jsonable({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    def bell_pair(self, label: str | None = None):
        """A :class:`~qnet_plugin.circuit.BellPair` instruction preparing this link's delivered state.

        The import is local because ``circuit/`` sits above ``links/`` in the flow of data; the
        link only hands its state over (see docs/architecture.md).
        """
        from qnet_plugin.circuit.bell_pair import BellPair

        return BellPair(self.report(), label=label or self.name)
