"""Plain-text tables and JSON output shared by the report commands."""

from __future__ import annotations

import json
import math
import sys


def print_json(obj) -> None:
    """One JSON object on stdout."""
    json.dump(_jsonable(obj), sys.stdout, indent=2)
    sys.stdout.write("\n")


def _jsonable(x):
    """Plain JSON types, as links.base._jsonable (which this file does not import: links.base
    imports qiskit, and ``qnet links --json`` must start fast): numpy scalars and arrays become
    numbers and lists, non-finite floats null, complex numbers {"re", "im"}."""
    np = sys.modules.get("numpy")  # no numpy value can exist unless numpy was imported
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if np is not None:
        if isinstance(x, np.ndarray):
            return _jsonable(x.tolist())
        if isinstance(x, np.floating):
            x = float(x)
        elif isinstance(x, np.integer):
            return int(x)
        elif isinstance(x, np.bool_):
            return bool(x)
    if isinstance(x, float):
        return float(x) if math.isfinite(x) else None
    if isinstance(x, complex):
        return {"re": x.real, "im": x.imag}
    return x


def format_value(value) -> str:
    """Compact human formatting: 4 significant digits for floats."""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def heat_row(label: str, heat_w) -> tuple:
    """A table row for a heat load in W; ``None`` (a model without heat physics) reads "not modelled"."""
    return (label, "not modelled") if heat_w is None else (label, heat_w, "W")


def print_table(rows, title: str | None = None) -> None:
    """Print (key, value[, unit]) rows aligned in two columns."""
    if title:
        print(title)
        print("-" * len(title))
    rows = [(str(r[0]), format_value(r[1]) + (f" {r[2]}" if len(r) > 2 and r[2] else "")) for r in rows]
    width = max((len(k) for k, _ in rows), default=0)
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
