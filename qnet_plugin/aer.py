"""Run circuits that contain qnet_plugin instructions on qiskit-aer."""

from __future__ import annotations

from qiskit import QuantumCircuit, transpile
from qiskit_aer import AerSimulator

from qnet_plugin.core.validation import check_choice, check_integer

METHODS = ("density_matrix", "statevector", "stabilizer", "automatic")


def simulator(method: str = "density_matrix", seed: int | None = None, **options) -> AerSimulator:
    """An AerSimulator for ``method`` (density_matrix is exact for the Kraus channels links insert)."""
    check_choice("method", method, METHODS)
    if seed is not None:
        options["seed_simulator"] = seed
    return AerSimulator(method=method, **options)


def run(circuits, shots: int = 1024, method: str = "density_matrix", seed: int | None = None, **options):
    """Lower the link instructions (``transpile`` through their definitions) and run on Aer.

    Returns the Aer ``Result``. ``circuits`` is a QuantumCircuit or a list of them.
    """
    check_integer("shots", shots, 1)
    sim = simulator(method, seed, **options)
    batch = [circuits] if isinstance(circuits, QuantumCircuit) else list(circuits)
    return sim.run(transpile(batch, sim), shots=shots).result()
