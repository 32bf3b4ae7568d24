"""``qnet links``: the registered link models (``qnet_plugin.links`` entry points) and what each can do."""

from __future__ import annotations

from qnet_plugin.cli._lazy import static_link_info
from qnet_plugin.cli._output import print_json
from qnet_plugin.core.link_registry import available_links, get_link_class


def capabilities(cls) -> list[str]:
    """The capabilities the link class declares by type (``"pair source"``, ``"transfer source"``);
    read from the class, never from its name."""
    from qnet_plugin.links.base import PairSource, TransferSource

    found = {"pair source": PairSource, "transfer source": TransferSource}
    return [cap for cap, base in found.items() if isinstance(cls, type) and issubclass(cls, base)]


def register(sub) -> None:
    p = sub.add_parser("links", help="list the available link models and their capabilities")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=run)


def run(args) -> int:
    rows = {}
    for name, target in available_links().items():
        try:  # read from the source when possible: importing every link class takes seconds
            static = static_link_info(target)
            if static is None:
                cls = get_link_class(name)
                desc, caps = getattr(cls, "description", ""), capabilities(cls)
            else:
                desc, caps = static
        except Exception as exc:  # a broken plugin must not hide the others
            desc, caps = f"(cannot load: {exc})", []
        rows[name] = {"target": target, "description": desc, "capabilities": caps}
    if args.json:
        print_json(rows)
    elif rows:
        width = max(len(n) for n in rows)
        cap_width = max(len(", ".join(r["capabilities"])) for r in rows.values())
        for name, row in rows.items():
            print(f"{name:<{width}}  {', '.join(row['capabilities']):<{cap_width}}  {row['description']}  "
                  f"[{row['target']}]")
    else:
        print("no link models registered (is qnet_plugin installed? pip install -e .)")
    return 0
