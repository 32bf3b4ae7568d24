"""``qnet link NAME [--param value ...] [--json]``: one link model's report."""

from __future__ import annotations

import dataclasses

from qnet_plugin.cli._fields import add_model_arguments, model_from_args
from qnet_plugin.cli._lazy import LazySubParsersAction, static_link_description
from qnet_plugin.cli._output import heat_row, print_json, print_table
from qnet_plugin.core.link_registry import available_links, get_link_class

#: report keys carry their unit as a suffix (``pulse_s``, ``bandwidth_hz``, ``heat_w`` ...)
_SUFFIX_UNITS = {"_rad_s": "rad/s", "_s": "s", "_hz": "Hz", "_w": "W", "_j": "J", "_m": "m", "_rad": "rad", "_k": "K"}


def unit_of(key: str) -> str:
    """The unit a report key's suffix names, or ''."""
    for suffix, unit in _SUFFIX_UNITS.items():
        if key.endswith(suffix):
            return unit
    return ""


def register(sub) -> None:
    p = sub.add_parser("link", help="report one link model (rate, fidelity, heat)",
                       description="Report a link model's rate, delivered-state fidelity and heat load.")
    # Only the chosen link's class is imported and its flags built (start-up time).
    models = p.add_subparsers(dest="link_name", metavar="LINK", action=LazySubParsersAction)
    for name, target in available_links().items():
        models.add_lazy(name, _link_loader(name), describe=_link_describer(name, target))
    p.set_defaults(func=lambda args: p.print_help() or 1)


def _link_loader(name: str):
    def loader(models) -> None:
        try:
            cls = get_link_class(name)
        except ImportError:
            return
        mp = models.add_parser(name, help=getattr(cls, "description", ""),
                               description=getattr(cls, "description", "") or None)
        add_model_arguments(mp, cls)
        mp.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
        mp.set_defaults(func=run, link_cls=cls)
    return loader


def _link_describer(name: str, target: str):
    def describe() -> str:
        text = static_link_description(target)
        return text if text is not None else getattr(get_link_class(name), "description", "")
    return describe


def run(args) -> int:
    model = model_from_args(args.link_cls, args)
    report = model.report()
    if args.json:
        print_json(report.to_dict())
        return 0
    rows = [("rate", report.rate_hz, "Hz"), ("fidelity", report.fidelity),
            heat_row("heat load", report.heat_w)]
    rows += [(k, v, unit_of(k)) for k, v in report.extras.items()
             if not isinstance(v, (dict,)) and not (isinstance(v, list) and len(v) > 8)]
    print_table(rows, title=f"link {report.link}")
    print()
    units = {f.name: f.metadata.get("unit", "") for f in dataclasses.fields(model)}
    print_table([(k, v, units.get(k, "")) for k, v in report.parameters.items()], title="parameters")
    return 0
