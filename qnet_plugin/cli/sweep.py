"""``qnet sweep SWEEP.toml``: a parameter grid of a distributed program, streamed to CSV, resumable."""

from __future__ import annotations

import sys

from qnet_plugin.cli._output import print_json


def register(sub) -> None:
    p = sub.add_parser("sweep", help="evaluate a parameter grid of a distributed program (resumable)",
                       description="Evaluate every point of the [grid] of a sweep TOML file (see "
                       "qnet_plugin.sweep) with a progress bar; rows are appended to a CSV as points "
                       "finish, and re-running the same command skips the finished points. The CSV is "
                       "locked while written, and an existing file is appended to only if it holds "
                       "this very sweep (same program, network and options).")
    p.add_argument("sweep", help="sweep TOML file")
    p.add_argument("--output", default=None,
                   help="CSV file, relative to the current directory (default: the sweep file's "
                   "'output', relative to the sweep file)")
    p.add_argument("--allow-outside", action="store_true",
                   help="allow an output (and creating its folders) outside the current directory "
                   "and the sweep file's folder")
    p.add_argument("--restart", action="store_true",
                   help="if the output holds results of a different specification (program, network "
                   "or options changed), move it aside to <name>.stale-<hash>.csv and start afresh")
    p.add_argument("--workers", type=int, default=1,
                   help="local worker processes (default: 1; at most the number of points)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler address (e.g. tcp://127.0.0.1:8786); overrides --workers")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from qnet_plugin.core.validation import MAX_WORKERS, check_integer
    from qnet_plugin.sweep import load_sweep, run_sweep

    check_integer("workers", args.workers, 1, MAX_WORKERS)
    spec = load_sweep(args.sweep, output=args.output, allow_outside=args.allow_outside)
    if not args.json and not args.no_progress:
        print(f"qnet sweep: {spec.n_points} point(s); results go to {spec.output}", file=sys.stderr)
    summary = run_sweep(spec, workers=args.workers, scheduler=args.scheduler,
                        progress=not args.no_progress and not args.json, restart=args.restart)
    if args.json:
        print_json(summary)
    else:
        moved = f"; old results moved to {summary['moved_to']}" if summary.get("moved_to") else ""
        torn = f"; {summary['torn']} broken row(s) ignored" if summary.get("torn") else ""
        print(f"{summary['computed']} point(s) computed, {summary['skipped']} already done, "
              f"{summary['errors']} with errors; results in {summary['output']}{moved}{torn}")
    if summary["errors"]:
        print(f"qnet: error: {summary['errors']} of {summary['computed']} point(s) computed in this run "
              f"failed; see the 'error' column of {summary['output']}", file=sys.stderr)
        return 2
    return 0
