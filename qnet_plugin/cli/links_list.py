"""``qnet links``: the link models available (built-in and from the ``qnet_plugin.links`` entry points)."""

from __future__ import annotations

from qnet_plugin.cli._lazy import static_link_description
from qnet_plugin.cli._output import print_json
from qnet_plugin.links.registry import available_links, get_link_class


def register(sub) -> None:
    p = sub.add_parser("links", help="list the available link models")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=run)


def run(args) -> int:
    rows = {}
    for name, target in available_links().items():
        try:  # read from the source when possible: importing every link class takes seconds
            desc = static_link_description(target)
            if desc is None:
                desc = getattr(get_link_class(name), "description", "")
        except Exception as exc:  # a broken plugin must not hide the others
            desc = f"(cannot load: {exc})"
        rows[name] = {"target": target, "description": desc}
    if args.json:
        print_json(rows)
    else:
        width = max(len(n) for n in rows)
        for name, row in rows.items():
            print(f"{name:<{width}}  {row['description']}  [{row['target']}]")
    return 0
