"""Build argparse flags from a model dataclass's fields, and read them back."""

from __future__ import annotations

import argparse
import dataclasses
import re
import typing

# argparse takes "-2e7" for an option unless told that such strings are numbers.
_NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def _scalar_type(f: dataclasses.Field, owner):
    hints = typing.get_type_hints(owner)
    t = hints.get(f.name, float)
    args = [a for a in typing.get_args(t) if a is not type(None)]
    return args[0] if args else t


def add_model_arguments(parser: argparse.ArgumentParser, model_cls) -> None:
    """One ``--kebab-name`` flag per dataclass field with ``metadata['cli']`` true (default)."""
    parser._negative_number_matcher = _NEGATIVE_NUMBER
    for f in dataclasses.fields(model_cls):
        md = f.metadata
        if not md.get("cli", True):
            continue
        flag = "--" + f.name.replace("_", "-")
        unit = f" [{md['unit']}]" if md.get("unit") else ""
        default = f.default if f.default is not dataclasses.MISSING else None
        kw: dict[str, typing.Any] = dict(dest=f.name, default=None,
                                         help=f"{md.get('help', '')}{unit} (default: {default})")
        t = _scalar_type(f, model_cls)
        if "choices" in md:
            kw["choices"] = md["choices"]
        elif "parse" in md:
            kw["type"] = str
        elif t is bool:
            kw["action"] = argparse.BooleanOptionalAction
        elif t in (int, float, str):
            kw["type"] = t
        else:
            kw["type"] = str
        parser.add_argument(flag, **kw)


def model_from_args(model_cls, args: argparse.Namespace, base=None):
    """The model's defaults (or ``base``), with every flag the user gave applied and validated."""
    changes = {}
    for f in dataclasses.fields(model_cls):
        value = getattr(args, f.name, None)
        if value is None:
            continue
        parse = f.metadata.get("parse")
        changes[f.name] = parse(value) if parse else value
    base = base if base is not None else model_cls.state_of_the_art()
    return dataclasses.replace(base, **changes) if changes else base
