"""BellPair: an instruction that prepares a link's delivered state on qubits of two QPUs."""

from __future__ import annotations

from typing import Any

import numpy as np
from qiskit.circuit import Instruction, QuantumCircuit
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.channels import state_preparation, validate_density_matrix


def _state_of(source: Any) -> tuple[DensityMatrix, str | None]:
    """Density matrix (and a default label) from a DensityMatrix/array, a LinkReport or a link model."""
    if hasattr(source, "report") and callable(source.report):  # a link model
        source = source.report()
    if hasattr(source, "state") and hasattr(source, "rate_hz"):  # a LinkReport
        return DensityMatrix(source.state), source.link
    return DensityMatrix(validate_density_matrix(source, "pair state")), None


class BellPair(Instruction):
    """Prepare the (noisy) entangled state a link delivers, whatever the qubits held before.

    Args:
        state: a ``DensityMatrix`` (or array) on 2N qubits, a :class:`~qnet_plugin.links.LinkReport`,
            or a link model (its ``report().state`` is used). Qubit k of the instruction receives
            qubit k of the state; for a two-qubit pair, qubit 0 is in QPU A and qubit 1 in QPU B.
        label: an optional label shown in circuit drawings.

    The ``definition`` is one Kraus channel (``K_ij = sqrt(p_i)|psi_i><j|``) that Aer runs natively,
    so ``transpile(qc, AerSimulator())`` lowers it without any plugin.
    """

    def __init__(self, state: object = None, label: str | None = None) -> None:
        if state is None:
            state = np.array([[0.5, 0, 0, 0.5], [0, 0, 0, 0], [0, 0, 0, 0], [0.5, 0, 0, 0.5]])
        rho, default_label = _state_of(state)
        self._state = rho
        super().__init__("bell_pair", rho.num_qubits, 0, [], label=label or default_label)

    @property
    def state(self) -> DensityMatrix:
        """The density matrix this instruction prepares."""
        return self._state

    def _define(self) -> None:
        qc = QuantumCircuit(self.num_qubits, name=self.name)
        qc.append(state_preparation(self._state), list(range(self.num_qubits)))
        self.definition = qc

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, BellPair) and self.num_qubits == other.num_qubits
                and np.allclose(self._state.data, other._state.data))

    def __hash__(self) -> int:
        return hash((self.name, self.num_qubits))
