"""Running a sweep: one point anywhere, all points serially, on local worker processes or on Dask.

Execution: ``workers=1`` runs in this process; ``workers=N`` starts N worker processes (never more
than there are points to compute); ``scheduler="tcp://host:8786"`` (or a
``dask.distributed.Client``) maps the points over a Dask cluster (qiskit-aer's own ``executor``
option did not hand work to an executor when measured, so the points themselves are what is
distributed). Workers receive the program and network *text*, so they need no access to the files.

Interrupts (issue 11): the grid is fed to the workers a few points at a time (never built in full);
Ctrl-C terminates the workers at once, keeps every finished row and raises
:class:`SweepInterrupted`; workers ignore SIGINT themselves and exit within half a second when their
parent dies (even by ``kill -9``), so no orphan keeps computing.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import warnings
from pathlib import Path

from qnet_plugin.core.validation import MAX_WORKERS, check_integer
from qnet_plugin.sweep.spec import SweepSpec, apply_point, loads_toml, point_id
from qnet_plugin.sweep.store import RESULT_COLUMNS, SweepStore


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep: finished rows are kept; the message says where and how many."""


class SweepError(RuntimeError):
    """A sweep could not go on (a worker process died); finished rows are kept."""

    expected = True  # the CLI prints it as one line without the --debug hint


def evaluate_point(payload: dict, point: dict, index: int = 0) -> dict:
    """Run one grid point (in any process); returns the CSV row as a dict (errors recorded)."""
    from qnet_plugin.network.config import NetworkConfigError, parse_network
    from qnet_plugin.network.program import loads_program
    from qnet_plugin.network.run import run_distributed

    row = {"point_id": point_id(point), **point}
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numerical warnings are not results; errors are
            data = apply_point(loads_toml(payload["network_text"], "network"), point)
            net, issues = parse_network(data, "", "sweep point")
            if issues or net is None:
                raise NetworkConfigError(issues)
            qc = loads_program(payload["program_text"])
            seed = None if payload.get("seed") is None else int(payload["seed"]) + index
            threads = _thread_share(payload)
            with _blas_threads(threads):
                res = run_distributed(qc, net, shots=payload["shots"], method=payload["method"], seed=seed,
                                      strategy=payload["strategy"], pair_timing=payload["pair_timing"],
                                      threads=threads)
        fids = [u["pair_fidelity"] for u in res.links if u["pairs"]]
        row.update(fidelity=res.fidelity, fidelity_stderr=res.fidelity_stderr,
                   pairs_consumed=res.pairs_consumed, raw_pairs_consumed=res.raw_pairs_consumed,
                   wall_clock_s=res.wall_clock_s,
                   mean_pair_fidelity=sum(fids) / len(fids) if fids else None, method=res.method,
                   num_sim_qubits=res.num_sim_qubits, error="")
    except (ValueError, OSError) as exc:  # invalid values at this point: record, do not stop
        row.update({c: None for c in RESULT_COLUMNS})
        row["error"] = " ".join(str(exc).split()) or type(exc).__name__
    except Exception as exc:  # an internal failure at one point must not end the sweep
        row.update({c: None for c in RESULT_COLUMNS})
        row["error"] = f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
    row["sim_time_s"] = time.perf_counter() - t0
    return row


def _thread_share(payload: dict) -> int | None:
    """Threads one point may use: None in a serial sweep (Aer takes every core); in a worker, the
    cores of its machine divided among the points that run there at once (``payload["workers"]``
    local processes, or the Dask threads on this host), at least 1. Without this, N workers each
    start an Aer pool of every core and the pools fight (measured: 2 processes 0.97x serial)."""
    per_host = payload.get("host_threads")
    if per_host:  # on a Dask worker: this host's share
        try:
            from dask.distributed import get_worker

            busy = per_host.get(_host_of(get_worker().address))
        except (ImportError, ValueError, KeyError):
            busy = None
        return max(1, (os.cpu_count() or 1) // (busy or 1))
    workers = payload.get("workers") or 1
    return None if workers <= 1 else max(1, (os.cpu_count() or 1) // workers)


def _host_of(address: str) -> str:
    return address.split("://")[-1].rsplit(":", 1)[0]


def host_threads(client) -> dict:
    """Points a Dask cluster runs at once on each host (the sum of its workers' threads)."""
    hosts: dict = {}
    for addr, info in client.scheduler_info().get("workers", {}).items():
        hosts[_host_of(addr)] = hosts.get(_host_of(addr), 0) + int(info.get("nthreads", 1))
    return hosts


def _blas_threads(threads: int | None):
    """A context limiting BLAS/OpenMP pools to ``threads`` (no-op for None or without threadpoolctl)."""
    import contextlib

    if threads is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        return contextlib.nullcontext()
    return threadpool_limits(threads)


def run_sweep(spec: SweepSpec, workers: int = 1, scheduler=None, progress: bool = True, *,
              restart: bool = False) -> dict:
    """Evaluate every unfinished point of ``spec`` and append it to ``spec.output``.

    Args:
        spec: from :func:`~qnet_plugin.sweep.spec.load_sweep`.
        workers: local processes (capped at the number of points to compute).
        scheduler: Dask scheduler address or ``Client`` (overrides ``workers``).
        progress: show a progress bar (stderr).
        restart: if the output holds rows of a different specification, move it aside and start
            afresh (otherwise that is refused).

    Returns a summary: output, points, skipped (already done), computed, errors, torn (broken rows
    ignored), seconds, spec_hash, moved_to (the old file, after a restart).
    """
    from tqdm.auto import tqdm

    check_integer("workers", workers, 1, MAX_WORKERS)
    t0 = time.perf_counter()
    with SweepStore(spec.output, spec, restart=restart) as store:
        ids = [point_id(p) for p in spec.iter_points()]  # at most MAX_GRID_POINTS short strings
        remaining = sum(1 for i in ids if i not in store.done)
        del ids
        todo = ((i, p) for i, p in enumerate(spec.iter_points()) if point_id(p) not in store.done)
        computed = errors = 0
        bar = tqdm(total=spec.n_points, initial=spec.n_points - remaining, disable=not progress,
                   desc=f"sweep {Path(spec.source).name}", unit="pt")
        payload = spec.payload()
        payload["workers"] = min(workers, max(remaining, 1))
        rows = _execute(payload, todo, remaining, workers, scheduler)
        try:
            for row in rows:
                store.write_row(row)
                computed += 1
                errors += bool(row.get("error"))
                bar.update(1)
        except KeyboardInterrupt:
            rows.close()
            raise SweepInterrupted(f"{store.written} point(s) finished in this run are kept in "
                                   f"{str(spec.output)!r}; rerun the same command to resume") from None
        finally:
            rows.close()
            bar.close()
        torn = store.torn
        moved = store.moved_to
    return {"output": str(spec.output), "points": spec.n_points, "skipped": spec.n_points - remaining,
            "computed": computed, "errors": errors, "torn": torn, "seconds": time.perf_counter() - t0,
            "spec_hash": spec.spec_hash, "moved_to": None if moved is None else str(moved)}


def _execute(payload, todo, count, workers, scheduler):
    """Yield finished rows in completion order."""
    if scheduler is not None:
        yield from _execute_dask(payload, todo, scheduler)
        return
    if workers == 1 or count <= 1:
        for i, p in todo:
            yield evaluate_point(payload, p, i)
        return
    yield from _execute_processes(payload, todo, min(workers, count))


def _execute_dask(payload, todo, scheduler):
    from dask.distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    futures = []
    try:
        payload = {**payload, "host_threads": host_threads(client)}
        futures = [client.submit(evaluate_point, payload, p, i, pure=False) for i, p in todo]
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        pending = [f for f in futures if not f.done()]
        if pending:
            client.cancel(pending)
        if client is not scheduler:
            client.close()


# ---------------------------------------------------------------------------- local processes
def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:  # re-parented: the sweep is gone (killed), so are we
            os._exit(1)


def _worker(payload, conn, parent_pid) -> None:
    """Worker process: evaluate the points sent on ``conn`` until ``None``; die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and terminates us
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if item is None:
            return
        i, p = item
        conn.send(evaluate_point(payload, p, i))


def _execute_processes(payload, todo, n):
    """One pipe per worker (no shared queues: nothing for the resource tracker to clean up), at
    most two points in flight per worker; the rest of the grid stays lazy."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("spawn")  # no inherited threads or locks; the payload is plain data
    it = iter(todo)
    procs, conns, inflight = [], [], {}

    def feed(conn) -> None:
        item = next(it, None)
        if item is not None:
            conn.send(item)
            inflight[conn] += 1

    try:
        for _ in range(n):
            parent_end, child_end = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(payload, child_end, os.getpid()), daemon=True)
            proc.start()
            child_end.close()
            procs.append(proc)
            conns.append(parent_end)
            inflight[parent_end] = 0
        for _ in range(2):
            for c in conns:
                feed(c)
        while any(inflight.values()):
            for c in wait([c for c in conns if inflight[c]], timeout=0.5):
                try:
                    row = c.recv()
                except (EOFError, OSError):
                    codes = ", ".join(str(p.exitcode) for p in procs if p.exitcode not in (None, 0))
                    raise SweepError(f"a sweep worker died (exit code {codes or 'unknown'}; out of memory?); "
                                     "finished rows are kept; rerun to resume") from None
                inflight[c] -= 1
                feed(c)
                yield row
        for c in conns:
            c.send(None)
        for proc in procs:
            proc.join(timeout=5)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        deadline = time.time() + 1.5
        for proc in procs:
            proc.join(timeout=max(0.0, deadline - time.time()))
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=1)
        for c in conns:
            c.close()
