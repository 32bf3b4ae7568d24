"""``qnet demo``: the main job — the shipped GHZ program over two fridges and a physical link, on Aer.

The program, network and simulation live in :func:`qnet_plugin.network.demo.demo_result`; this
module holds the flag set and the printed report (the link's parameters, pair rate, pair fidelity,
heat load, and the program's result: fidelity vs ideal, pairs consumed, modelled hardware time,
per-link breakdown).
"""

from __future__ import annotations

import argparse
import dataclasses

from qnet_plugin.core.validation import check_integer


def register(sub) -> None:
    p = sub.add_parser("demo", help="run a GHZ program over two QPUs joined by a physical link (the main job)",
                       description="Run the shipped 4-qubit GHZ program over two fridges joined by a link "
                                   "model at its state of the art, on AerSimulator, and print the report.")
    p.add_argument("--link", default="electro-optic", help="link model name (see `qnet links`; default electro-optic)")
    p.add_argument("--shots", type=int, default=2000, help="shots (default 2000)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_integer("shots", args.shots, 1)
    return run_demo(link_name=args.link, shots=args.shots, json=args.json)


def run_demo(link_name: str = "electro-optic", shots: int = 2000, json: bool = False) -> int:
    """Run the demo and print a readable report (or one JSON object); returns exit status 0."""
    from qnet_plugin.cli._output import heat_row, print_json, print_table
    from qnet_plugin.cli.run import print_result
    from qnet_plugin.network.demo import DEMO_NETWORK, demo_result

    net, qc, report, result = demo_result(link_name, shots)
    if json:
        print_json({"program": qc.name, "network": net.name, "link": report.to_dict(),
                    "result": result.to_dict()})
        return 0
    model = net.links[0].model
    units = {f.name: f.metadata.get("unit", "") for f in dataclasses.fields(model)}
    origin = DEMO_NETWORK if model.name == "electro-optic" else "state of the art"
    print_table([(k, v, units.get(k, "")) for k, v in report.parameters.items()],
                title=f"link model {report.link} ({origin})")
    print()
    print_table([("pair rate", report.rate_hz, "Hz"), ("pair fidelity", report.fidelity),
                 heat_row("heat load in the fridge", report.heat_w)], title="what the link delivers")
    print()
    print_result(qc.name, net, result)
    return 0
