"""The ``qnet`` command line.

Each subcommand lives in its own module with ``register(subparsers)`` (adds a parser and sets
``func``); this file only wires them and owns the error boundary (issue 11), which is total:

* an expected failure (:class:`~qnet_plugin.core.validation.ParameterError` or any ``ValueError`` /
  ``OSError`` from bad input) is one line on stderr and exit status 2;
* anything else (a solver that does not converge, an overflow, memory) is one line naming the error
  plus "run with --debug for the traceback", also exit status 2;
* Ctrl-C is one line and exit status 130; numerical warnings never reach the terminal.

``--debug`` (or ``QNET_DEBUG=1``) shows warnings and lets unexpected errors raise with their traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import warnings

from qnet_plugin.cli._lazy import LazySubParsersAction

#: longest error message printed (a message quoting a hostile input must stay one readable line)
_MAX_MESSAGE = 600

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
        "physics-based inter-fridge links on qiskit-aer.",
        epilog="Errors are one line (exit status 2); add --debug anywhere for warnings and tracebacks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=LazySubParsersAction)
    for name, (module, help_line) in COMMANDS.items():
        if importlib.util.find_spec(module) is None:
            continue
        sub.add_lazy(name, _register_from(module), help=help_line)  # type: ignore[attr-defined]  # action=LazySubParsersAction
    return parser


def one_line(text, limit: int = _MAX_MESSAGE) -> str:
    """``text`` on one line (whitespace collapsed), cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 4] + " ..."


def _debug_requested(argv) -> bool:
    args = sys.argv[1:] if argv is None else list(argv)
    return "--debug" in args or os.environ.get("QNET_DEBUG", "") not in ("", "0")


def main(argv=None) -> int:
    """Entry point of the ``qnet`` console script; returns the exit status."""
    debug = _debug_requested(argv)
    process_entry = argv is None  # the console script / python -m: this process is ours to end
    if argv is None:
        argv = sys.argv[1:]
    argv = [a for a in argv if a != "--debug"]
    try:
        with warnings.catch_warnings():
            if not debug:
                warnings.simplefilter("ignore")  # numpy/scipy warnings are noise, not results
            return _main(argv)
    except BrokenPipeError:  # `qnet ... | head`: the reader left; nothing to report
        try:
            sys.stderr.close()
        except Exception:  # stderr already gone
            pass
        return 0
    except KeyboardInterrupt as exc:
        detail = one_line(exc)
        print(f"qnet: interrupted{'; ' + detail if detail else ''}", file=sys.stderr)
        if process_entry:
            # Finished work is already on disk (rows are fsync-ed); tearing down Qiskit, Aer and
            # Dask modules takes seconds, so leave now: Ctrl-C must end the command at once.
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:  # the reader may be gone
                    pass
            os._exit(130)
        return 130
    except (ValueError, OSError) as exc:
        # One line, no traceback: the message already names the parameter, value and range.
        print(f"qnet: error: {one_line(exc) or type(exc).__name__}", file=sys.stderr)
        return 2
    except RecursionError:
        if debug:
            raise
        print("qnet: error: the input nests too deeply to process (deep TOML tables or arrays, deeply "
              "nested gate definitions)", file=sys.stderr)
        return 2
    except MemoryError:
        if debug:
            raise
        print("qnet: error: out of memory; make the problem smaller (fewer qubits, shots, points or a "
              "smaller cutoff)", file=sys.stderr)
        return 2
    except Exception as exc:  # the boundary is total: never a traceback
        if debug:
            raise
        if getattr(exc, "expected", False):
            print(f"qnet: error: {one_line(exc)}", file=sys.stderr)
            return 2
        msg = one_line(f"{type(exc).__name__}: {exc}", 400)
        print(f"qnet: error: {msg} (run with --debug for the traceback)", file=sys.stderr)
        return 2


def _main(argv) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
