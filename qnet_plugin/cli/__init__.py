"""The ``qnet`` command line.

Each subcommand lives in its own module with ``register(subparsers)`` (adds a parser and sets
``func``); this file only wires them and turns a :class:`~qnet_plugin.core.validation.ParameterError`
(or any ``ValueError``/``OSError`` from bad input) into one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand modules, in the order ``qnet --help`` lists them. A missing module is skipped so
#: that a partial install still has a working CLI.
COMMAND_MODULES = (
    "qnet_plugin.cli.demo",
    "qnet_plugin.cli.link",
    "qnet_plugin.cli.links_list",
    "qnet_plugin.cli.budget",
    "qnet_plugin.cli.bench",
    "qnet_plugin.cli.run",
    "qnet_plugin.cli.sweep",
    "qnet_plugin.cli.network",
)


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr (exit 2), like model errors."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every available subcommand registered."""
    parser = OneLineErrorParser(
        prog="qnet", description="Simulate networked superconducting quantum computers with "
        "physics-based inter-fridge links on qiskit-aer.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
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
