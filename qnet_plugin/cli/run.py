"""``qnet run PROGRAM.qasm --network NET.toml``: a program distributed over a network, simulated."""

from __future__ import annotations

from qnet_plugin.cli._output import print_json, print_table


def register(sub) -> None:
    p = sub.add_parser("run", help="distribute a QASM program over a network and simulate it",
                       description="Distribute an OpenQASM 2/3 program over the QPUs and links of a "
                       "network file and simulate it on Aer with the links' delivered states, local "
                       "gate noise, waiting time and idle decoherence. PROGRAM and NET may be paths "
                       "or names of shipped examples (e.g. ghz_4.qasm, two_fridges.toml).")
    p.add_argument("program", help="OpenQASM 2 or 3 file")
    p.add_argument("--network", required=True, help="network TOML file (see `qnet network check`)")
    p.add_argument("--shots", type=int, default=2000, help="shots (default: 2000)")
    p.add_argument("--method", default="auto",
                   choices=("auto", "density_matrix", "statevector", "stabilizer"),
                   help="Aer method (default: auto, chosen from the circuit)")
    p.add_argument("--assign", default=None,
                   help="QPU of each qubit, comma-separated (e.g. A,A,B,B); default: automatic partition")
    p.add_argument("--strategy", default="auto", choices=("auto", "cat", "remote-cx", "teleport", "transfer"),
                   help="how non-local gates are done (default: fewest link uses); cat: pack gates "
                   "that share a control into one cat-entangled window (one pair each); remote-cx: "
                   "one pair per non-local gate; transfer: move "
                   "qubits through the links' deterministic transfer channels (link models "
                   "that are a TransferSource; `qnet links` marks them)")
    p.add_argument("--pair-timing", default="just-in-time", choices=("just-in-time", "ahead", "on-demand"),
                   help="when pairs are generated (default: just-in-time)")
    p.add_argument("--timing", default="sampled", choices=("mean", "sampled"),
                   help="pair generation times: sampled from each link's heralding attempts (default; "
                   "K schedules, mean and standard error reported) or their mean (deterministic)")
    p.add_argument("--schedules", type=int, default=None, metavar="K",
                   help="sampled schedules; the shots are split among them (default: 20, or the "
                   "shots when fewer)")
    p.add_argument("--cutoff", type=float, default=None, metavar="S",
                   help="discard and regenerate pairs older than S seconds, on every link "
                   "(default: each link's cutoff_s in the network file, none by default)")
    p.add_argument("--timeline", default=None, metavar="FILE.png",
                   help="write a Gantt chart of the first schedule: attempts, pair lifetimes, gates, "
                   "feed-forward waits per QPU qubit and per link")
    p.add_argument("--link", default=None, help="replace every link's model by this registered model "
                   "at its state of the art (e.g. electro-optic)")
    p.add_argument("--seed", type=int, default=None, help="simulator seed")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--plot", default=None, metavar="FILE.png", help="write a figure (network + counts)")
    p.set_defaults(func=run)


#: Sampled schedules of ``qnet run`` unless ``--schedules`` says otherwise.
DEFAULT_SCHEDULES = 20


def check_timing_options(timing, schedules, cutoff, shots) -> None:
    """Bounds on ``--schedules`` and ``--cutoff`` checked before any work."""
    import math

    from qnet_plugin.core.validation import ParameterError, check_integer, check_limit

    check_integer("schedules", schedules, 1)
    check_limit("schedules", schedules, 100_000, estimate="every schedule is one simulation",
                hint="the standard error falls as 1/sqrt(schedules)")
    if timing == "sampled" and shots < schedules:
        raise ParameterError(f"shots = {shots} is outside the allowed range [{schedules}, inf) for "
                             f"schedules = {schedules}: every sampled schedule needs at least one shot")
    if cutoff is not None and not (cutoff >= 0 and math.isfinite(cutoff)):
        raise ParameterError(f"cutoff = {cutoff} is outside the allowed range [0, inf) s")


def check_run_options(shots, seed) -> None:
    """Bounds on ``--shots`` and ``--seed`` checked before any work (issue 11)."""
    from qnet_plugin.core.validation import MAX_SEED, MAX_SHOTS, check_integer, check_limit

    check_integer("shots", shots, 1)
    check_limit("shots", shots, MAX_SHOTS, estimate="sampling and storing that many shots takes hours",
                hint="statistical errors fall as 1/sqrt(shots)")
    if seed is not None:
        check_integer("seed", seed, 0, MAX_SEED)


def run(args) -> int:
    from qnet_plugin.core.validation import check_input_file
    from qnet_plugin.examples import resolve
    from qnet_plugin.network.config import load_network
    from qnet_plugin.network.program import load_program
    from qnet_plugin.network.run import run_distributed

    check_run_options(args.shots, args.seed)
    if args.schedules is None:  # the default never asks for more schedules than shots
        args.schedules = max(1, min(DEFAULT_SCHEDULES, args.shots if isinstance(args.shots, int) else 1))
    check_timing_options(args.timing, args.schedules, args.cutoff, args.shots)
    # a regular file of sane size before the network loader reads it (/dev/zero never ends)
    net = load_network(check_input_file(resolve(args.network, ".toml"), "network"))
    if args.link:
        net = net.replace_link_model(args.link)
    qc = load_program(resolve(args.program, ".qasm"))
    assignment = None
    if args.assign:
        assignment = [s.strip() for s in args.assign.split(",")]
    # sampled timing is reproducible by default: its seed is --seed, or 0
    result = run_distributed(qc, net, assignment, shots=args.shots, method=args.method, seed=args.seed,
                             strategy=args.strategy, pair_timing=args.pair_timing, timing=args.timing,
                             schedules=args.schedules, timing_seed=0 if args.seed is None else args.seed,
                             cutoff_s=args.cutoff)
    if args.plot:
        from qnet_plugin.plotting.network import plot_network_result

        plot_network_result(net, result, args.plot, title=f"{qc.name} on {net.name}")
    if args.timeline:
        from qnet_plugin.plotting.timeline import plot_timeline

        plot_timeline(result.timeline, args.timeline, title=f"{qc.name} on {net.name} ({result.timing} timing, "
                      "first schedule)")
    if args.json:
        out = {"program": qc.name, **result.to_dict()}
        if args.plot:
            out["plot"] = args.plot
        if args.timeline:
            out["timeline_plot"] = args.timeline
        print_json(out)
        return 0
    print_result(qc.name, net, result)
    if args.plot:
        print(f"\nfigure written to {args.plot}")
    if args.timeline:
        print(f"timeline written to {args.timeline}")
    return 0


def print_result(program_name, net, result) -> None:
    """The human-readable report shared with ``qnet demo``."""
    print_table(result.summary_rows(), title=f"{program_name} on {net.name} "
                f"({len(net.qpus)} QPUs, assignment {','.join(result.assignment)})")
    for u in result.links:
        print()
        rows: list[tuple] = [("model", u["model"])]
        if u.get("purification"):
            # raw = what the link model delivers; purified = what the program uses
            rows += [("purification before use", u["purification"]),
                     ("raw pair rate (all channels)", u["raw_pair_rate_hz"], "Hz"),
                     ("raw pair fidelity", u["raw_pair_fidelity"]),
                     ("purified pair rate", u["pair_rate_hz"], "Hz"),
                     ("purified pair fidelity", u["pair_fidelity"]),
                     ("success probability (last round)", u["purification_success"]),
                     ("pairs consumed (purified)", u["pairs"]),
                     ("link pairs consumed (incl. sacrificed)", u["raw_pairs"])]
        else:
            rows += [("pair rate (all channels)", u["pair_rate_hz"], "Hz"),
                     ("pair fidelity", u["pair_fidelity"]), ("pairs consumed", u["pairs"])]
        if u.get("transfers"):
            rows += [("qubit transfers", u["transfers"]), ("transfer time", u["transfer_s"], "s")]
        rows += [("swaps", u["swaps"]), ("generation time", u["busy_s"], "s"),
                 ("heralding attempts", u.get("attempts", 0.0)),
                 ("data waiting for pairs", u["data_wait_s"], "s"),
                 ("mean pair storage", u["mean_storage_s"], "s"),
                 ("mean pair age at use", u.get("mean_age_s", 0.0), "s")]
        if u.get("discarded"):
            rows.append(("pairs discarded (cut-off)", u["discarded"]))
        print_table(rows, title=f"link {u['link']}")
    top = sorted(result.counts.items(), key=lambda kv: -kv[1])[:8]
    if top:
        print()
        print_table([(k, v / result.shots) for k, v in top], title="most frequent outcomes")
