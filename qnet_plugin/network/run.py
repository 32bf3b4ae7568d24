"""``run_distributed``: a program over a network in one call, a thin wrapper over the backend.

    from qnet_plugin.network import load_network, run_distributed
    result = run_distributed(circuit, load_network("two_fridges.toml"), shots=2000)

is ``NetworkBackend(network, ...).run(circuit, ...)`` (:class:`~.backend.NetworkBackend`, whose
engine for a logical circuit is :func:`.simulate.execute`) with the ``Result`` read back as a
:class:`~.results.DistributedResult` (counts, fidelity, pairs, modelled time, per link).
"""

from __future__ import annotations

from qiskit import QuantumCircuit

from qnet_plugin.network.model import Network
from qnet_plugin.network.results import DistributedResult


def run_distributed(circuit: QuantumCircuit, network: Network, assignment=None, *, shots: int = 1024,
                    method: str = "auto", seed=None, strategy: str = "auto",
                    pair_timing: str = "just-in-time", fidelity: bool = True,
                    noise: bool = True, timing: str = "mean", schedules: int = 1, timing_seed=None,
                    cutoff_s: float | None = None, threads: int | None = None) -> DistributedResult:
    """Distribute ``circuit`` over ``network`` and simulate it with the links' real noise.

    A thin wrapper over :class:`~.backend.NetworkBackend`: ``NetworkBackend(network, ...).run(circuit,
    ...)`` does the work (:func:`.simulate.execute`, whose docstring describes every argument) and
    this reads its ``Result`` back as a :class:`~.results.DistributedResult`.
    """
    from qnet_plugin.network.backend import NetworkBackend

    backend = NetworkBackend(network, assignment=assignment, strategy=strategy, pair_timing=pair_timing,
                             noise=noise, method=method, timing=timing, timing_seed=timing_seed,
                             cutoff_s=cutoff_s)
    result = backend.run(circuit, shots=shots, seed_simulator=seed, fidelity=fidelity, schedules=schedules,
                         max_parallel_threads=threads).result()
    return DistributedResult.from_result(result)


__all__ = ["run_distributed"]
