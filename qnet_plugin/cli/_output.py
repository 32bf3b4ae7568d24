"""Plain-text tables and JSON output shared by the report commands."""

from __future__ import annotations

import json
import sys


def print_json(obj) -> None:
    """One JSON object on stdout."""
    if "numpy" in sys.modules:  # numpy values to convert; links.base imports qiskit, so only then
        from qnet_plugin.links.base import _jsonable
    else:
        _jsonable = _plain_jsonable
    json.dump(_jsonable(obj), sys.stdout, indent=2)
    sys.stdout.write("\n")


def _plain_jsonable(x):
    """links.base._jsonable for objects without numpy values: non-finite floats become null."""
    if isinstance(x, dict):
        return {str(k): _plain_jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain_jsonable(v) for v in x]
    if isinstance(x, float) and (x != x or x in (float("inf"), float("-inf"))):
        return None
    return x


def format_value(value) -> str:
    """Compact human formatting: 4 significant digits for floats."""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def print_table(rows, title: str | None = None) -> None:
    """Print (key, value[, unit]) rows aligned in two columns."""
    if title:
        print(title)
        print("-" * len(title))
    rows = [(str(r[0]), format_value(r[1]) + (f" {r[2]}" if len(r) > 2 and r[2] else "")) for r in rows]
    width = max((len(k) for k, _ in rows), default=0)
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
