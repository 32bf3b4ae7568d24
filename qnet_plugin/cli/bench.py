"""``qnet bench purification``: compare purification protocols and rounds on a link.

    qnet bench purification [--link electro-optic] [--protocols minimal,bbpssw,dejmps,pumping,double-selection]
                            [--rounds 1,2,3] [--gate-fidelity 0.999] [--no-storage] [--json] [--plot FILE.png]

The link is built with its paper defaults, changed with ``--link-param NAME=VALUE`` (repeatable,
e.g. ``--link-param gamma_i=1e6 --link-param pump_power=1e-5``).
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING

from qnet_plugin.cli._output import print_json
from qnet_plugin.core.validation import ParameterError

if TYPE_CHECKING:
    from qnet_plugin.links.base import LinkModel

_DEFAULT_PROTOCOLS = "minimal,bbpssw,dejmps,pumping,double-selection"


def register(sub) -> None:
    p = sub.add_parser("bench", help="benchmarks (purification protocols on a link)",
                       description="Benchmarks of network primitives on a link model.")
    kinds = p.add_subparsers(dest="bench_kind", metavar="KIND")
    q = kinds.add_parser("purification", help="purification protocols x rounds on a link",
                         description="Output fidelity, success probability, rate and hashing ebit rate of "
                                     "entanglement purification protocols on a link (fast engine).")
    q.add_argument("--link", default="electro-optic", help="link model name (default: electro-optic)")
    q.add_argument("--link-param", action="append", default=[], metavar="NAME=VALUE",
                   help="change one link parameter (repeatable), e.g. gamma_i=1e6")
    q.add_argument("--protocols", default=_DEFAULT_PROTOCOLS,
                   help=f"comma-separated protocols (default: {_DEFAULT_PROTOCOLS})")
    q.add_argument("--rounds", default="1,2,3", help="comma-separated round counts, each >= 1 (default: 1,2,3)")
    q.add_argument("--gate-fidelity", type=float, default=0.999,
                   help="local CNOT fidelity in [0, 1] (default: 0.999)")
    q.add_argument("--convention", choices=("average", "process"), default="average",
                   help="gate-fidelity convention (default: average gate fidelity)")
    q.add_argument("--single-qubit-error", type=float, default=0.0, help="single-qubit gate infidelity")
    q.add_argument("--measurement-error", type=float, default=0.0, help="readout flip probability")
    q.add_argument("--memory-t1", type=float, default=None,
                   help="memory T1 of a waiting pair [s] (default: 1/gamma_mw of the link, else none)")
    q.add_argument("--no-storage", action="store_true", help="drop the waiting-time decoherence")
    q.add_argument("--json", action="store_true", help="print JSON (one record per protocol and round)")
    q.add_argument("--plot", metavar="FILE.png", default=None, help="write a figure")
    q.add_argument("--no-progress", action="store_true", help="no progress bar")
    q.set_defaults(func=run)
    p.set_defaults(func=lambda args: p.print_help(sys.stderr) or 2)


def _parse_value(field: dataclasses.Field, text: str):
    kind = field.type if isinstance(field.type, type) else str(field.type)
    if kind in (int, "int"):
        return int(text)
    if kind in (str, "str"):
        return text
    if isinstance(kind, str) and "float" in kind and "None" in kind and text.lower() == "none":
        return None
    return float(text)


def build_link(name: str, params) -> LinkModel:
    """The link model ``name`` at its paper defaults with ``NAME=VALUE`` changes applied."""
    from qnet_plugin.core.link_registry import get_link_class

    cls = get_link_class(name)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    changes = {}
    for item in params:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in fields:
            raise ParameterError(f"link-param = {item!r} is not NAME=VALUE with NAME one of "
                                 f"{', '.join(fields)}")
        try:
            changes[key] = _parse_value(fields[key], value.strip())
        except ValueError:
            raise ParameterError(f"{key} = {value!r} is not a number") from None
    base = cls.state_of_the_art()
    return dataclasses.replace(base, **changes) if changes else base


def run(args) -> int:
    from qnet_plugin.core.validation import check_integer, check_probability
    from qnet_plugin.purification.benchmark import noise_for_link, parse_list, run_benchmark

    protocols = parse_list(args.protocols, "protocols")
    from qnet_plugin.purification.protocols import get_protocol

    for name in protocols:
        get_protocol(name)
    try:
        rounds = parse_list(args.rounds, "rounds", int)
    except ParameterError:
        raise ParameterError(f"rounds = {args.rounds!r} is not a comma-separated list of integers >= 1") from None
    from qnet_plugin.core.validation import MAX_PURIFICATION_ROUNDS, check_limit

    check_limit("number of round counts", len(rounds), MAX_PURIFICATION_ROUNDS)
    for r in rounds:
        check_integer("rounds", r, 1)
        check_limit("rounds", r, MAX_PURIFICATION_ROUNDS,
                    estimate=f"each round at least doubles the pairs (2^{r} pairs per output pair)")
    check_probability("gate_fidelity", args.gate_fidelity)
    check_probability("single_qubit_error", args.single_qubit_error)
    check_probability("measurement_error", args.measurement_error)
    link = build_link(args.link, args.link_param)
    report = link.report()  # once: the noise and the benchmark both read it
    noise = noise_for_link(link, args.gate_fidelity, args.single_qubit_error, args.measurement_error,
                           args.memory_t1, args.convention, report=report)
    records = run_benchmark(link, protocols, rounds, noise, storage=not args.no_storage,
                            progress=False if (args.no_progress or args.json) else None, report=report)
    if args.plot:
        from qnet_plugin.plotting.purification import plot_benchmark

        plot_benchmark(records, args.plot, title=f"{link.name}, gate fidelity {args.gate_fidelity}"
                       f"{', no storage' if args.no_storage else ''}")
    if args.json:
        print_json(records)
        return 0
    first = records[0]
    print(f"purification on link {link.name}: raw fidelity {first['fidelity_in']:.6g}, "
          f"rate {first['link_rate_hz']:.4g} Hz; gate fidelity {args.gate_fidelity} ({args.convention}), "
          f"storage {'off' if args.no_storage else 'on'}")
    cols = ("protocol", "rounds", "fidelity_out", "success_probability", "pairs_consumed", "rate_hz",
            "ebit_rate_hz")
    head = ("protocol", "rounds", "F_out", "p_success", "pairs/out", "rate [Hz]", "ebit rate [Hz]")
    rows = [[r["protocol"], str(r["rounds"])] + [f"{r[c]:.6g}" if c == "fidelity_out" else f"{r[c]:.4g}"
                                                 for c in cols[2:]] for r in records]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))
    if args.plot:
        print(f"figure written to {args.plot}")
    return 0
