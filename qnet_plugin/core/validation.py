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
    import os
    from collections.abc import Callable, Iterable
    from pathlib import Path
    from typing import Any, TypeVar

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
    if (low is not None and value < low) or (high is not None and value > high):  # type: ignore[operator]
        # exact for integers of any size (numpy would turn 2**64 into an object array)
        raise ParameterError(f"{name} = {value} is outside the allowed range "
                             f"{_range_text(low, high, False, False)}")
    return value


def validate_dataclass(obj: DataclassInstance) -> None:
    """Check every field of a dataclass against the bounds in its ``metadata``.

    Recognised metadata keys: ``low``, ``high``, ``low_open``, ``high_open``, ``unit``,
    ``choices``, ``integer``, ``optional`` (``None`` allowed), ``inf_ok`` (+inf allowed: a lifetime
    that means "no decay"; every other number must be finite). Fields made with :func:`param`
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
            if not md.get("inf_ok") and np.any(np.isinf(np.asarray(value, dtype=float))):
                # issue 11: +inf passes only where it means something (a lifetime: no decay); elsewhere
                # it turns into inf or NaN downstream (a rate, a length, a coupling)
                u = f" {md['unit']}" if md.get("unit") else ""
                raise ParameterError(f"{f.name} = inf{u} is outside the allowed range "
                                     f"{_range_text(md.get('low'), None, md.get('low_open', False), True)}"
                                     " (a finite value is needed)")


def param(default: _V, help: str, unit: str = "", *, low: float | None = None, high: float | None = None,
          low_open: bool = False, high_open: bool = False, choices: Iterable[object] | None = None,
          integer: bool = False, optional: bool = False, cli: bool = True,
          parse: Callable[[str], object] | None = None, inf_ok: bool = False) -> _V:
    """A dataclass field with a help text, a unit and validation bounds.

    The CLI builds its ``--flags`` from these fields (``cli=False`` hides one; ``parse`` converts the
    command-line string), and :func:`validate_dataclass` enforces the bounds. Numbers must be finite
    unless ``inf_ok`` (a lifetime, where inf means "no decay").
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
    if inf_ok:
        md["inf_ok"] = True
    return field(default=default, metadata=md)


# ---------------------------------------------------------------------------- input size limits
# Every size a user controls is bounded *before* the work starts, with an estimate in the message
# (issue 11). The limits sit far above any run this package can finish in reasonable time, and well
# below sizes that exhaust memory on a workstation.

#: largest file read as a program, network or sweep file (bytes)
MAX_INPUT_FILE_BYTES = 4 * 1024 * 1024
#: deepest chain of ``include`` statements in an OpenQASM program
MAX_INCLUDE_DEPTH = 16
#: most qubits a program may declare (a dense state of even 40 qubits needs 16 TiB)
MAX_PROGRAM_QUBITS = 1024
#: most classical bits a program may declare
MAX_PROGRAM_CLBITS = 4096
#: deepest chain of nested gate definitions in an OpenQASM program (Qiskit unrolls them recursively)
MAX_GATE_NESTING = 48
#: most shots of one simulation
MAX_SHOTS = 10_000_000
#: most points in one sweep grid
MAX_GRID_POINTS = 100_000
#: seeds are unsigned 64-bit in Aer; per-point sweep seeds add the point index
MAX_SEED = 2**63 - 1
#: most purification rounds (nested pumping or recurrence; each round at least doubles the pairs)
MAX_PURIFICATION_ROUNDS = 64
#: most local worker processes of a sweep
MAX_WORKERS = 256


def format_bytes(n: float) -> str:
    """``n`` bytes as a short human string (``"3.2 GB"``)."""
    for unit in ("B", "kB", "MB", "GB", "TB", "PB"):
        if abs(n) < 1000 or unit == "PB":
            return f"{n:.3g} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1000
    return f"{n:.3g} PB"  # pragma: no cover


def check_limit(name: str, value: float, limit: float, *, estimate: str = "", hint: str = "") -> float:
    """Raise ParameterError when a user-controlled size exceeds ``limit``.

    ``estimate`` says what the size would cost (e.g. ``"would need ~16 GB"``); ``hint`` how to get
    round it. Returns ``value``.
    """
    if value > limit:
        msg = f"{name} = {_fmt(value)} is too large"
        if estimate:
            msg += f": {estimate}"
        msg += f"; limit {_fmt(limit)}"
        if hint:
            msg += f" ({hint})"
        raise ParameterError(msg)
    return value


def check_input_file(path: str | os.PathLike, name: str = "file", max_bytes: int = MAX_INPUT_FILE_BYTES) -> Path:
    """Check that ``path`` is an existing regular file of at most ``max_bytes``; returns a Path.

    Devices, pipes and directories are refused before anything is read (``/dev/zero`` never ends).
    """
    import os
    import stat
    from pathlib import Path

    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise FileNotFoundError(f"no such file: {str(p)!r}") from None
    except OSError as exc:
        raise ParameterError(f"{name} = {str(p)!r} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ParameterError(f"{name} = {str(p)!r} is not a regular file")
    check_limit(f"{name} size ({str(p)!r})", st.st_size, max_bytes,
                estimate=f"{format_bytes(st.st_size)}", hint=f"at most {format_bytes(max_bytes)}")
    return p


def read_input_file(path: str | os.PathLike, name: str = "file", max_bytes: int = MAX_INPUT_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of sane size (checked before reading; never more than
    ``max_bytes`` are read even if the file grows meanwhile)."""
    p = check_input_file(path, name, max_bytes)
    with open(p, "rb") as f:
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        check_limit(f"{name} size ({str(p)!r})", len(raw), max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{name} = {str(p)!r} is not UTF-8 text (byte {exc.start})") from None


def check_finite(name: str, value: Any, unit: str = "") -> Any:
    """A real number that is neither NaN nor infinite."""
    return check_range(name, value, -np.inf, np.inf, low_open=True, high_open=True, unit=unit)


__all__ = ["ParameterError", "check_range", "check_positive", "check_nonnegative", "check_probability",
           "check_choice", "check_integer", "validate_dataclass", "param", "check_limit", "check_input_file",
           "read_input_file", "check_finite", "format_bytes", "MAX_INPUT_FILE_BYTES", "MAX_INCLUDE_DEPTH",
           "MAX_PROGRAM_QUBITS", "MAX_PROGRAM_CLBITS", "MAX_GATE_NESTING", "MAX_SHOTS", "MAX_GRID_POINTS",
           "MAX_SEED", "MAX_PURIFICATION_ROUNDS", "MAX_WORKERS"]
