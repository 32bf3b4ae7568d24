"""Parameter validation with one message format across the package.

Every check raises :class:`ParameterError` (a ``ValueError``) whose message names the parameter,
its value (with unit) and the allowed range, for example::

    pump_power = -0.001 W is outside the allowed range (0, inf)

The CLI prints exactly this message on one line and exits with status 2.
"""

from __future__ import annotations

from dataclasses import fields
from numbers import Real
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # names used in annotations only
    from collections.abc import Callable, Iterable
    from typing import TypeVar

    from _typeshed import DataclassInstance

    _V = TypeVar("_V")


class ParameterError(ValueError):
    """A parameter value outside the range where a model is valid."""


def _fmt(x: object) -> str:
    if isinstance(x, float):
        return f"{x:.6g}"
    return repr(x) if isinstance(x, str) else str(x)


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    lo = "-inf" if low is None else _fmt(low)
    hi = "inf" if high is None else _fmt(high)
    return f"{'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"


def check_range(name: str, value: _V, low: float | None = None, high: float | None = None, *,
                low_open: bool = False, high_open: bool = False, unit: str = "", why: str = "") -> _V:
    """Raise ParameterError unless ``low <(=) value <(=) high`` for every element of ``value``.

    ``low``/``high`` of ``None`` mean unbounded; ``*_open`` make the bound strict. ``why`` is appended
    to the message (e.g. the validity condition that failed). Returns ``value``.
    """
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf" or arr.size == 0:
        raise ParameterError(f"{name} = {value!r} is not a number; allowed range "
                             f"{_range_text(low, high, low_open, high_open)}")
    bad = ~np.isfinite(arr) if (low is not None and high is not None) else np.isnan(arr)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if high is not None:
        bad |= (arr >= high) if high_open else (arr > high)
    if np.any(bad):
        shown = arr[bad].flat[0] if arr.ndim else arr.item()
        u = f" {unit}" if unit else ""
        msg = (f"{name} = {_fmt(float(shown))}{u} is outside the allowed range "
               f"{_range_text(low, high, low_open, high_open)}")
        if why:
            msg += f" ({why})"
        raise ParameterError(msg)
    return value


def check_positive(name: str, value: _V, unit: str = "") -> _V:
    """Strictly positive, finite or infinite."""
    return check_range(name, value, 0.0, None, low_open=True, unit=unit)


def check_nonnegative(name: str, value: _V, unit: str = "") -> _V:
    """Zero or positive."""
    return check_range(name, value, 0.0, None, unit=unit)


def check_probability(name: str, value: _V) -> _V:
    """A probability, fidelity or efficiency in [0, 1]."""
    return check_range(name, value, 0.0, 1.0)


def check_choice(name: str, value: _V, choices: Iterable[object]) -> _V:
    """Raise ParameterError unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise ParameterError(f"{name} = {value!r} is not allowed; choose one of "
                             f"{', '.join(repr(c) for c in choices)}")
    return value


def check_integer(name: str, value: _V, low: float | None = None, high: float | None = None) -> _V:
    """An integer (bool excluded) in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ParameterError(f"{name} = {value!r} is not an integer; allowed range "
                             f"{_range_text(low, high, False, False)}")
    return check_range(name, value, low, high)


def validate_dataclass(obj: DataclassInstance) -> None:
    """Check every field of a dataclass against the bounds in its ``metadata``.

    Recognised metadata keys: ``low``, ``high``, ``low_open``, ``high_open``, ``unit``,
    ``choices``, ``integer``, ``optional`` (``None`` allowed). Fields made with :func:`param`
    carry them.
    """
    for f in fields(obj):
        md = f.metadata
        value = getattr(obj, f.name)
        if value is None and md.get("optional"):
            continue
        if "choices" in md:
            check_choice(f.name, value, md["choices"])
        elif md.get("integer"):
            check_integer(f.name, value, md.get("low"), md.get("high"))
        elif "low" in md or "high" in md:
            if isinstance(value, bool) or not isinstance(value, (Real, np.ndarray)):
                raise ParameterError(f"{f.name} = {value!r} is not a number")
            check_range(f.name, value, md.get("low"), md.get("high"), low_open=md.get("low_open", False),
                        high_open=md.get("high_open", False), unit=md.get("unit", ""))


def param(default: _V, help: str, unit: str = "", *, low: float | None = None, high: float | None = None,
          low_open: bool = False, high_open: bool = False, choices: Iterable[object] | None = None,
          integer: bool = False, optional: bool = False, cli: bool = True,
          parse: Callable[[str], object] | None = None) -> _V:
    """A dataclass field with a help text, a unit and validation bounds.

    The CLI builds its ``--flags`` from these fields (``cli=False`` hides one; ``parse`` converts the
    command-line string), and :func:`validate_dataclass` enforces the bounds.
    """
    from dataclasses import field

    md = {"help": help, "unit": unit, "cli": cli}
    if low is not None:
        md["low"] = low
    if high is not None:
        md["high"] = high
    if low_open:
        md["low_open"] = True
    if high_open:
        md["high_open"] = True
    if choices is not None:
        md["choices"] = tuple(choices)
    if integer:
        md["integer"] = True
    if optional:
        md["optional"] = True
    if parse is not None:
        md["parse"] = parse
    return field(default=default, metadata=md)


__all__ = ["ParameterError", "check_range", "check_positive", "check_nonnegative", "check_probability",
           "check_choice", "check_integer", "validate_dataclass", "param"]
