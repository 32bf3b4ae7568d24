"""``qnet network check NET.toml``: validate a network file and explain what is wrong, by line.

``qnet network schema`` lists every key a network file may hold (type, default, range, doc), from
:data:`qnet_plugin.network.config_schema.SCHEMA`, the table the loader validates against.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qnet_plugin.cli._output import heat_row, print_json, print_table


def register(sub: Any) -> None:
    p = sub.add_parser("network", help="inspect network files (QPUs and links)",
                       description="Inspect a network TOML file.")
    actions = p.add_subparsers(dest="network_action", metavar="ACTION")
    c = actions.add_parser("check", help="validate a network file; list every problem by line and field",
                           description="Validate a network TOML file. Prints every problem as "
                           "FILE:LINE: FIELD: MESSAGE (exit 2), or a summary of QPUs and links (exit 0).")
    c.add_argument("path", help="network TOML file (or the name of a shipped example)")
    c.add_argument("--json", action="store_true", help="print one JSON object")
    c.set_defaults(func=run)
    s = actions.add_parser("schema", help="list every key of a network file (type, default, range, doc)",
                           description="List the tables and keys a network TOML file may hold: "
                           "type, default, allowed range and what each means.")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=schema)
    p.set_defaults(func=lambda args: p.print_help(sys.stderr) or 2)  # usage error: exit status 2


def schema(args: argparse.Namespace) -> int:
    """Print the network-file schema (one row per key, nested tables as dotted keys)."""
    from qnet_plugin.network.config_schema import describe

    rows = describe()
    if args.json:
        print_json({"keys": [{"key": k, "type": t, "default": d, "range": r, "doc": doc}
                             for k, t, d, r, doc in rows]})
        return 0
    kw, tw = (max(len(row[i]) for row in rows) for i in range(2))
    for key, type_, default, allowed, doc in rows:
        extra = "; ".join(x for x in (f"default {default}" if default and default != "required" else default,
                                      allowed) if x)
        print(f"{key:<{kw}}  {type_:<{tw}}  {doc}" + (f" ({extra})" if extra else ""))
    print("[link.parameters]: the fields of the link model (see `qnet link MODEL --help`)")
    return 0


def run(args: argparse.Namespace) -> int:
    import sys

    from qnet_plugin.examples import resolve as resolve_input
    from qnet_plugin.network.config import check_network_file

    path = resolve_input(args.path, ".toml")
    net, issues = check_network_file(path)
    if issues or net is None:
        if args.json:
            print_json({"ok": False, "issues": [{"line": i.line, "field": i.field, "message": i.message}
                                                for i in issues]})
        else:
            for i in issues:
                print(str(i), file=sys.stderr)
            print(f"qnet: {len(issues)} problem(s) in {path}", file=sys.stderr)
        return 2
    links: list[dict[str, Any]] = []
    for link in net.links:
        rep = link.report
        links.append({"name": link.name, "between": [link.qpu_a, link.qpu_b], "model": rep.link,
                      "channels": link.channels, "pair_rate_hz": link.pair_rate_hz,
                      "pair_fidelity": link.pair_fidelity, "heat_w": rep.heat_w,
                      "classical_latency_s": link.classical_latency})
        pur = link.purified
        if link.purification is not None and pur is not None:
            links[-1].update(purification={"protocol": link.purification.protocol,
                                           "rounds": link.purification.rounds},
                             raw_pair_rate_hz=link.raw_pair_rate_hz,
                             raw_pair_fidelity=link.raw_pair_fidelity,
                             pairs_per_purified_pair=pur.pairs_per_output,
                             success_probability=pur.success_probability)
    warnings = [] if net.is_connected() else ["the QPUs are not all connected: programs that need "
                                              "gates between the parts cannot be distributed"]
    if args.json:
        print_json({"ok": True, "name": net.name, "capacity": net.capacity,
                    "qpus": [{"name": q.name, "modality": q.modality, "data_qubits": q.data_qubits,
                              "comm_qubits": q.comm_qubits} for q in net.qpus],
                    "links": links, "warnings": warnings})
        return 0
    print(f"{path}: OK - network {net.name!r}, {len(net.qpus)} QPUs, {len(net.links)} links, "
          f"{net.capacity} data qubits")
    for q in net.qpus:
        print(f"  QPU {q.name}: {q.modality}, {q.data_qubits} data + {q.comm_qubits} comm qubits, "
              f"2q error {q.gate_error_2q:.3g}, T1 {q.t1:.3g} s")
    for d in links:
        rows: list[tuple[Any, ...]] = [("model", d["model"]), ("channels", d["channels"])]
        if "purification" in d:
            pur = d["purification"]
            rows += [("purification before use", f"{pur['protocol']} x{pur['rounds']}"),
                     ("raw pair rate", d["raw_pair_rate_hz"], "Hz"),
                     ("raw pair fidelity", d["raw_pair_fidelity"]),
                     ("purified pair rate", d["pair_rate_hz"], "Hz"),
                     ("purified pair fidelity", d["pair_fidelity"]),
                     ("link pairs per purified pair", d["pairs_per_purified_pair"])]
        else:
            rows += [("pair rate", d["pair_rate_hz"], "Hz"), ("pair fidelity", d["pair_fidelity"])]
        rows += [heat_row("heat load", d["heat_w"]), ("classical latency", d["classical_latency_s"], "s")]
        print_table(rows, title=f"link {d['name']} ({d['between'][0]} - {d['between'][1]})")
    for w in warnings:
        print(f"warning: {w}")
    return 0
