"""The ``qnet`` command line.

Each subcommand lives in its own module with ``register(subparsers)`` (adds a parser and sets
``func``); this file only wires them and turns a :class:`~qnet_plugin.core.validation.ParameterError`
(or any ``ValueError``/``OSError`` from bad input) into one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from qnet_plugin.cli._lazy import LazySubParsersAction

#: Subcommands, in the order ``qnet --help`` lists them: name -> (module, help line). Only the
#: chosen subcommand's module is imported (its ``register`` builds the real parser), so
#: ``qnet --help`` imports none of them (docs/performance.md). A missing module is skipped so that
#: a partial install still has a working CLI.
COMMANDS = {
    "demo": ("qnet_plugin.cli.demo", "run a GHZ program over two QPUs joined by a physical link (the main job)"),
    "link": ("qnet_plugin.cli.link", "report one link model (rate, fidelity, heat)"),
    "links": ("qnet_plugin.cli.links_list", "list the available link models"),
    "budget": ("qnet_plugin.cli.budget", "thermal photons added by a lossy waveguide (002 Table II)"),
    "bench": ("qnet_plugin.cli.bench", "benchmarks (purification protocols on a link)"),
    "run": ("qnet_plugin.cli.run", "distribute a QASM program over a network and simulate it"),
    "sweep": ("qnet_plugin.cli.sweep", "evaluate a parameter grid of a distributed program (resumable)"),
    "network": ("qnet_plugin.cli.network", "inspect network files (QPUs and links)"),
}
COMMAND_MODULES = tuple(module for module, _ in COMMANDS.values())


def _register_from(module_name: str):
    """A loader for :class:`LazySubParsersAction`: import the module and run its ``register``."""
    def loader(sub) -> None:
        importlib.import_module(module_name).register(sub)
    return loader


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr (exit 2), like model errors."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every available subcommand registered (each one's own flags are
    built when argparse selects it)."""
    parser = OneLineErrorParser(
        prog="qnet", description="Simulate networked superconducting quantum computers with "
        "physics-based inter-fridge links on qiskit-aer.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=LazySubParsersAction)
    for name, (module, help_line) in COMMANDS.items():
        if importlib.util.find_spec(module) is None:
            continue
        sub.add_lazy(name, _register_from(module), help=help_line)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``qnet`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `qnet ... | head`: the reader left; nothing to report
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("qnet: interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError) as exc:
        # One line, no traceback: the message already names the parameter, value and range.
        print(f"qnet: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
