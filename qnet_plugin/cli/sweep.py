"""``qnet sweep SWEEP.toml``: a parameter grid of a distributed program, streamed to CSV, resumable."""

from __future__ import annotations

from qnet_plugin.cli._output import print_json


def register(sub) -> None:
    p = sub.add_parser("sweep", help="evaluate a parameter grid of a distributed program (resumable)",
                       description="Evaluate every point of the [grid] of a sweep TOML file (see "
                       "qnet_plugin.sweep) with a progress bar; rows are appended to a CSV as points "
                       "finish, and re-running the same command skips the finished points.")
    p.add_argument("sweep", help="sweep TOML file")
    p.add_argument("--output", default=None, help="CSV file (default: from the sweep file)")
    p.add_argument("--workers", type=int, default=1, help="local worker processes (default: 1)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler address (e.g. tcp://127.0.0.1:8786); overrides --workers")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from qnet_plugin.sweep import load_sweep, run_sweep

    spec = load_sweep(args.sweep, output=args.output)
    summary = run_sweep(spec, workers=args.workers, scheduler=args.scheduler,
                        progress=not args.no_progress)
    if args.json:
        print_json(summary)
    else:
        print(f"{summary['computed']} point(s) computed, {summary['skipped']} already done, "
              f"{summary['errors']} with errors; results in {summary['output']}")
    return 0
