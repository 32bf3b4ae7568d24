"""Dask worker preload: import the simulation stack when a worker starts, not at its first point.

A sweep point run on a fresh worker first pays ~1 s of imports (qiskit, qiskit-aer, the link
models); on a 2-worker cluster that made a short sweep slower than serial (0.55x measured). Start
workers with this module preloaded::

    dask scheduler                                   # on one host: tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1 --preload qnet_plugin.sweep.dask_preload
    qnet sweep grid.toml --scheduler tcp://HOST:8786

or, in Python, ``LocalCluster(..., preload=["qnet_plugin.sweep.dask_preload"])``. Every worker
host needs the package installed (the same version: the sweep's specification hash includes it);
programs and networks travel as text, so the workers need no access to the files.
"""

from __future__ import annotations

import importlib

#: Modules a sweep point uses; importing them here moves their cost to worker start-up.
MODULES = (
    "qiskit",
    "qiskit_aer",
    "qnet_plugin.network.simulate",
    "qnet_plugin.network.config",
    "qnet_plugin.network.program",
    "qnet_plugin.sweep.runner",
)


def warm() -> list[str]:
    """Import :data:`MODULES`; returns their names."""
    for name in MODULES:
        importlib.import_module(name)
    return list(MODULES)


def dask_setup(worker=None) -> None:
    """Dask's preload hook (called once per worker at start-up)."""
    warm()
