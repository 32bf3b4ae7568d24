"""``qnet demo``: the main job — the shipped GHZ program over two fridges and a physical link, on Aer.

The program, network and report live in :mod:`qnet_plugin.network.demo`; this is only the flag set.
"""

from __future__ import annotations

from qnet_plugin.core.validation import check_integer


def register(sub) -> None:
    p = sub.add_parser("demo", help="run a GHZ program over two QPUs joined by a physical link (the main job)",
                       description="Run the shipped 4-qubit GHZ program over two fridges joined by a link "
                                   "model at its state of the art, on AerSimulator, and print the report.")
    p.add_argument("--link", default="electro-optic", help="link model name (see `qnet links`; default electro-optic)")
    p.add_argument("--shots", type=int, default=2000, help="shots (default 2000)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args) -> int:
    from qnet_plugin.network.demo import run_demo

    check_integer("shots", args.shots, 1)
    return run_demo(link_name=args.link, shots=args.shots, json=args.json)
