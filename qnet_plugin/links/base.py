"""The link protocol: what every link model (built-in or plugin) provides.

A link model is a frozen dataclass of device parameters (fields made with
:func:`qnet_plugin.core.validation.param`, validated in ``__post_init__``) with

* ``name`` (class attribute): the registry name, e.g. ``"electro-optic"``; also the CLI name;
* ``report()`` -> :class:`LinkReport`: rate, delivered state, fidelity, heat load, parameters;
* ``bell_pair(label=None)`` -> a :class:`qnet_plugin.circuit.BellPair` instruction preparing
  the delivered state (inherited from :class:`LinkModel`);
* ``state_of_the_art()`` (classmethod): the parameters of the paper's operating point.

Capabilities are declared by type, never recognised by name: every :class:`LinkModel` is a
:class:`PairSource` (it delivers Bell pairs); a model that can also carry a qubit deterministically
subclasses :class:`TransferSource` and implements ``transfer_channel()``. How the pair sits in the
physical memories before the software frame update, and how fast it decays there, are fields of the
report (``memory_frame``, ``memory_t1_s``), so purification and the network read them instead of
knowing which link is which.

Conventions of the delivered state
----------------------------------
* It is a ``qiskit.quantum_info.DensityMatrix`` on ``2 * num_pairs`` qubits. Qubits listed in
  ``LinkReport.qubits_a`` sit in QPU A, those in ``qubits_b`` in QPU B (Qiskit little-endian
  order: qubit 0 is the least significant bit of the matrix index).
* It is expressed in the Phi+ frame: a heralded link applies the herald-dependent local Pauli
  correction (a software frame update, free and exact), so every instruction can assume Phi+ =
  (|00> + |11>)/sqrt 2 per pair (A_i, B_i) = (``qubits_a[i]``, ``qubits_b[i]``).
* ``fidelity`` means the same thing for every link: the **mean Phi+ fidelity of the delivered
  pairs**, (1/N) sum_i <Phi+| rho_{A_i B_i} |Phi+> with rho_{A_i B_i} the reduced state of pair i.
  For one pair it is <Phi+| rho |Phi+>. A multi-pair delivery also reports the per-pair values as
  ``extras["pair_fidelities"]``. A model whose ideal state is not a product of Phi+ pairs (the
  dual-rail link's squeezed state, paper 003 Eq. (9)) gives it as ``LinkReport.target`` and its
  overlap as ``extras["target_fidelity"]`` -- a separately named number, never ``fidelity``.
  (tests/links/test_report_consistency.py recomputes this for every registered link.)

Device parameters: declared once, composed in
---------------------------------------------
A link is built from devices (a converter, a transducer, a waveguide) that are frozen dataclasses
of their own, declared once next to their physics (e.g.
:class:`qnet_plugin.physics.mmwave.converter.MmWaveConverter`). The link does not re-declare their
fields: each device parameter the link exposes is a :func:`device_param` field, which takes the
device field's default, help text, unit and bounds *by reference* (one line naming it, nothing
copied by hand), and the link composes the device object from those values with
:meth:`LinkModel.device_parameters`, e.g. ::

    @dataclass(frozen=True)
    class MillimeterWaveLink(TransferSource, LinkModel):
        kappa_uw: float = device_param(MmWaveConverter, "kappa_uw")
        ...

        @cached_property
        def converter(self) -> MmWaveConverter:
            return MmWaveConverter(**self.device_parameters(MmWaveConverter))

Why flat shared fields rather than a nested ``converter: MmWaveConverter`` field: every layer that
reads a link's parameters sees one flat frozen dataclass, exactly as before, with no flattening
code anywhere -- the constructor and ``replace`` (``MillimeterWaveLink(kappa_uw=...)``), the CLI
flags (``qnet link mmwave --kappa-uw ...``, built from the fields by ``cli/_fields.py``), the TOML
network files (``[link.parameters] kappa_uw = ...``, ``network/config.py``), the sweep keys
(``link.<name>.kappa_uw``), ``report().parameters``, and type checkers and IDEs, which see every
parameter as a declared field. The device object is still the single owner of the physics: the link
calls ``self.converter.efficiency``, never re-derives it, and builds the device in ``__post_init__``
so the device's own validity conditions run when the link is made.
"""

from __future__ import annotations

import abc
import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from qiskit.quantum_info import DensityMatrix, Statevector, state_fidelity

from qnet_plugin.core.bell import PHI_PLUS_VECTOR
from qnet_plugin.core.physicality import check_density_matrix
from qnet_plugin.core.validation import ParameterError, validate_dataclass

if TYPE_CHECKING:  # names used in annotations only (circuit sits above links)
    from typing_extensions import Self

    from qnet_plugin.circuit.bell_pair import BellPair

#: Bell frames a delivered pair can occupy in the physical memories (see ``LinkReport.memory_frame``).
MEMORY_FRAMES = ("phi+", "psi")

#: Phi+ = (|00> + |11>)/sqrt(2), the frame every delivered pair is expressed in.
PHI_PLUS = Statevector(PHI_PLUS_VECTOR)


def _jsonable(x: Any) -> Any:
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
        state: delivered density matrix, in the Phi+ frame (see the module docstring).
        fidelity: mean Phi+ fidelity of the delivered pairs (each pair's reduced state; for a
            single pair <Phi+|state|Phi+>). Per-pair values of a multi-pair delivery are in
            ``extras["pair_fidelities"]``; a model's own non-Bell target overlap in
            ``extras["target_fidelity"]``.
        heat_w: time-averaged heat load inside the fridge, W; ``None`` where the model has no heat
            physics (shown as "not modelled", JSON ``null``) -- never a stand-in 0, which would read
            as a measured zero and be summed into a network's heat budget as one.
        parameters: the model's input parameters (JSON-able values).
        extras: model-specific figures (JSON-able), e.g. ``pulse_s``, ``pump_photons``.
        target: the model's ideal state (default Phi+ per pair; the dual-rail link's is its squeezed
            steady state, scored in ``extras["target_fidelity"]``, not in ``fidelity``).
        qubits_a, qubits_b: which qubits of ``state`` live in QPU A and QPU B.
        memory_frame: the Bell frame the pair sits in inside the physical memories, before the
            (free) software frame update: ``"phi+"`` or ``"psi"`` (|01> +- |10>, e.g. paper 000's
            heralded resonators). Storage noise that is not frame-symmetric acts in this frame.
        memory_t1_s: energy-relaxation time of the memories holding the pair, s (``inf``: no decay
            modelled by the link; the QPU's own T1 still applies in a network).
    """

    link: str
    rate_hz: float
    state: DensityMatrix
    fidelity: float
    heat_w: float | None
    parameters: dict[str, Any]
    extras: dict[str, Any] = field(default_factory=dict)
    target: Statevector = field(default_factory=lambda: PHI_PLUS)
    qubits_a: tuple[int, ...] = (0,)
    qubits_b: tuple[int, ...] = (1,)
    memory_frame: str = "phi+"
    memory_t1_s: float = math.inf

    def __post_init__(self) -> None:
        if self.memory_frame not in MEMORY_FRAMES:
            raise ValueError(f"memory_frame = {self.memory_frame!r} is not allowed; choose one of "
                             f"{', '.join(MEMORY_FRAMES)}")
        if not (self.memory_t1_s > 0):
            raise ValueError(f"memory_t1_s = {self.memory_t1_s} s is outside the allowed range (0, inf]")
        self._check_physical()

    def _check_physical(self) -> None:
        """Issue 11: a report is physical or it is not made. The rate and heat (where modelled) are
        finite and >= 0,
        the link heralds at all, the state is a density matrix (finite, Hermitian, trace 1,
        eigenvalues >= -1e-9) and the fidelity is a number in [0, 1]. Failures raise
        :class:`UnphysicalReport`; :class:`LinkModel` adds the inputs that led there."""
        for key, value, unit in (("rate_hz", self.rate_hz, "Hz"), ("heat_w", self.heat_w, "W")):
            if value is None and key == "heat_w":  # heat not modelled (issue 16)
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or \
                    not math.isfinite(value) or value < 0:
                shown = f"{value:.6g}" if isinstance(value, (int, float, np.number)) else repr(value)
                raise UnphysicalReport(f"{key} = {shown} {unit} of the {self.link} link is outside the "
                                       "allowed range [0, inf) (a numerically unresolved operating point)")
        if self.rate_hz == 0:
            raise UnphysicalReport(f"the {self.link} link never heralds (rate_hz = 0): it delivers no pair")
        try:
            check_density_matrix(f"the delivered state of the {self.link} link", self.state)
        except ParameterError as exc:
            raise UnphysicalReport(str(exc)) from None
        f = self.fidelity
        if isinstance(f, bool) or not isinstance(f, (int, float, np.number)) or not (0.0 <= f <= 1.0):
            shown = f"{f:.6g}" if isinstance(f, (int, float, np.number)) else repr(f)
            raise UnphysicalReport(f"fidelity = {shown} of the {self.link} link is outside the "
                                   "allowed range [0, 1]")

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

    def to_json(self, **kw: Any) -> str:
        """JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(**kw), indent=2)


class UnphysicalReport(ParameterError):
    """A link model produced a report that is not physical (NaN, negative rate, not a state)."""


def _changed_inputs(model: object) -> str:
    """``"name = value, ..."`` for the fields of ``model`` that differ from their defaults."""
    parts = []
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        value = getattr(model, f.name)
        try:
            same = value is f.default or bool(value == f.default)
        except (TypeError, ValueError):  # arrays and other values without a plain equality
            same = False
        if not same:
            unit = f.metadata.get("unit", "")
            parts.append(f"{f.name} = {value!r}{' ' + unit if unit else ''}")
    return ", ".join(parts) if parts else "the defaults"


def _naming_inputs(method: Any) -> Any:
    """Wrap a model method (``report``, ``transfer_channel``) so that a ParameterError raised inside
    it names the model's inputs. The inputs were valid on construction, so such an error is about an
    internal quantity (``p_e``, ``coherence``, an unphysical state): issue 11 wants the user-facing
    parameters that led there next to it."""
    import functools

    @functools.wraps(method)
    def checked(self: LinkModel, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ParameterError as exc:
            if getattr(exc, "inputs_named", False):
                raise
            text = f"{exc}; inputs: {_changed_inputs(self)}"
            try:
                new = type(exc)(text)
            except Exception:  # an exception class with another signature
                new = ParameterError(text)
            new.inputs_named = True  # type: ignore[attr-defined]
            raise new from None
        except (ArithmeticError, np.linalg.LinAlgError, ValueError) as exc:
            # overflow, division by zero, a singular or non-finite matrix, a search that finds no
            # root (scipy and the physics raise ValueError): the model's numerics do not resolve
            # these (valid but extreme) inputs, which is an answer, not a crash
            text = (f"the {getattr(self, 'name', type(self).__name__)} link cannot be evaluated at these "
                    f"inputs ({type(exc).__name__}: {exc}); inputs: {_changed_inputs(self)}")
            err = UnphysicalReport(text)
            err.inputs_named = True  # type: ignore[attr-defined]
            raise err from exc

    checked.__wrapped_report__ = True  # type: ignore[attr-defined]
    return checked


#: model methods whose ParameterErrors name the model's inputs (see :func:`_naming_inputs`)
_NAMED_METHODS = ("report", "transfer_channel")


def _numerics_named(post_init: Any) -> Any:
    """Wrap a model's ``__post_init__`` so that an overflow or a singular matrix while building its
    devices (valid but extreme inputs) is a ParameterError naming the inputs, not a crash."""
    import functools

    @functools.wraps(post_init)
    def checked(self: LinkModel) -> None:
        try:
            post_init(self)
        except ParameterError:  # the inputs' own validation: it names them already
            raise
        except (ArithmeticError, np.linalg.LinAlgError, ValueError) as exc:
            if getattr(exc, "inputs_named", False):
                raise
            err = UnphysicalReport(f"the {getattr(self, 'name', type(self).__name__)} link cannot be built at "
                                   f"these inputs ({type(exc).__name__}: {exc}); inputs: {_changed_inputs(self)}")
            err.inputs_named = True  # type: ignore[attr-defined]
            raise err from exc

    checked.__wrapped_report__ = True  # type: ignore[attr-defined]
    return checked


def device_param(device: type, name: str, **overrides: Any) -> Any:
    """A link field that *is* the field ``name`` of the device dataclass ``device``.

    The field carries the device field's default, help text, unit and validation bounds (declared
    once, on the device), and records ``device`` in its metadata so that
    :meth:`LinkModel.device_parameters` hands the device exactly the link's values. ``overrides``
    replace metadata entries (e.g. ``help=``) or, with ``default=``, the default: the link's
    operating point where it differs from the device's (a 10 m waveguide instead of 1 m).
    """
    if not dataclasses.is_dataclass(device):
        raise TypeError(f"device_param: {device!r} is not a dataclass")
    try:
        f = next(f for f in dataclasses.fields(device) if f.name == name)
    except StopIteration:
        raise TypeError(f"device_param: {device.__name__} has no field {name!r}") from None
    metadata = {**f.metadata, "device": device}
    default = overrides.pop("default", f.default)
    metadata.update(overrides)
    if default is not dataclasses.MISSING:
        return field(default=default, metadata=metadata)
    if f.default_factory is not dataclasses.MISSING:
        return field(default_factory=f.default_factory, metadata=metadata)
    raise TypeError(f"device_param: {device.__name__}.{name} has no default; give the link one with default=...")


def fidelity_to(state: DensityMatrix, target: Statevector = PHI_PLUS) -> float:
    """<target|state|target>, clipped to [0, 1] against round-off."""
    return float(np.clip(state_fidelity(state, target, validate=False), 0.0, 1.0))


class LinkModel(abc.ABC):
    """Base class of link models, each a :class:`PairSource` (see the module docstring).

    Subclasses are ``@dataclass(frozen=True)`` and call ``super().__post_init__()`` (or
    :func:`validate_dataclass`) to check their fields.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    __dataclass_fields__: ClassVar[dict[str, Any]]  # annotation only: every subclass is a dataclass

    def __post_init__(self) -> None:
        validate_dataclass(self)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Every report() / transfer_channel() a model defines (built-in or plugin) names the model's
        # inputs when it fails, e.g. LinkReport's physicality check (issue 11).
        super().__init_subclass__(**kwargs)
        for name in _NAMED_METHODS:
            own = cls.__dict__.get(name)
            if callable(own) and not getattr(own, "__isabstractmethod__", False) and \
                    not getattr(own, "__wrapped_report__", False):
                setattr(cls, name, _naming_inputs(own))
        own = cls.__dict__.get("__post_init__")
        if callable(own) and not getattr(own, "__wrapped_report__", False):
            cls.__post_init__ = _numerics_named(own)  # type: ignore[method-assign]

    @abc.abstractmethod
    def report(self) -> LinkReport:
        """Compute rate, delivered state, fidelity and heat load."""

    @classmethod
    def state_of_the_art(cls) -> Self:
        """The paper's operating point (the dataclass defaults unless overridden)."""
        return cls()

    def replace(self, **changes: Any) -> Self:
        """A copy with some parameters changed (validated)."""
        return dataclasses.replace(self, **changes)

    def device_parameters(self, device: type) -> dict[str, Any]:
        """This link's values of the fields it shares with ``device`` (made with :func:`device_param`),
        ready for ``device(**...)``."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.metadata.get("device") is device}

    def parameters(self) -> dict[str, Any]:
        """The input parameters as a JSON-able dict."""
        return _jsonable({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    def bell_pair(self, label: str | None = None) -> BellPair:
        """A :class:`~qnet_plugin.circuit.BellPair` instruction preparing this link's delivered state.

        The import is local because ``circuit/`` sits above ``links/`` in the flow of data; the
        link only hands its state over (see docs/architecture.md).
        """
        from qnet_plugin.circuit.bell_pair import BellPair

        return BellPair(self.report(), label=label or self.name)


#: Every link model delivers Bell pairs: the pair-source capability is the link protocol itself.
PairSource = LinkModel


class TransferSource(abc.ABC):
    """Capability: the link carries a qubit deterministically (no heralding), e.g. a converter chain.

    Mix it into a link model (``class MyLink(TransferSource, LinkModel)``); the network's
    ``strategy="transfer"`` (and ``"auto"`` on all-transfer routes) then moves qubits through it.
    """

    @abc.abstractmethod
    def transfer_channel(self) -> object:
        """The single-qubit channel from QPU A to QPU B: a
        :class:`~qnet_plugin.links.transfer_channel.TransferChannel` (reversed for B -> A) or any
        channel ``qiskit.quantum_info.Kraus`` accepts (used in both directions)."""


def is_transfer_source(model: object) -> bool:
    """True when ``model`` declares the transfer capability (:class:`TransferSource`)."""
    return isinstance(model, TransferSource)
