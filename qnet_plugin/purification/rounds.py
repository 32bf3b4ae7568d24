"""The intermediate form of one purification round: an ordered list of local operations.

Both engines read the same list: :mod:`.circuits` appends it to a Qiskit circuit (Aer runs it) and
:mod:`.engine` contracts the matrices of the same operations in numpy. A round acts on
``num_pairs`` pairs; pair ``k`` sits on qubits ``(2k, 2k + 1)`` with qubit ``2k`` in QPU A and
``2k + 1`` in QPU B (Qiskit little-endian order; every pair in the Phi+ frame of
:mod:`qnet_plugin.links.base`). Pair 0 is kept; every other pair is measured, both halves in the Z
basis (an X-basis measurement is a Hadamard in the list, then Z), and the round succeeds when the
two outcomes of every measured pair agree (Phi+ has ZZ = +1 and XX = +1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit.circuit import Gate
from qiskit.quantum_info import Kraus


@dataclass(frozen=True)
class Op:
    """One operation: a Qiskit ``Gate`` or a ``Kraus`` channel on ``qubits`` (round-local indices)."""

    operation: object
    qubits: tuple[int, ...]

    @property
    def is_gate(self) -> bool:
        return isinstance(self.operation, Gate)

    def kraus_matrices(self) -> list[np.ndarray]:
        """The operation as Kraus matrices (one unitary for a gate), little-endian on ``qubits``."""
        if isinstance(self.operation, Gate):  # is_gate, written out so type checkers narrow it
            return [np.asarray(self.operation.to_matrix(), dtype=complex)]
        data = self.operation.data if isinstance(self.operation, Kraus) else Kraus(self.operation).data
        return [np.asarray(k, dtype=complex) for k in data]


@dataclass(frozen=True)
class RoundSpec:
    """One noisy round of a protocol.

    Attributes:
        name: protocol name (and variant), used as the circuit label.
        num_pairs: pairs the round consumes (2 or 3); pair 0 is the kept one.
        body: the local operations, in order (noise included), after the storage of the inputs.
        measured: the measured pairs (indices >= 1).
    """

    name: str
    num_pairs: int
    body: tuple[Op, ...]
    measured: tuple[int, ...]

    @property
    def num_qubits(self) -> int:
        return 2 * self.num_pairs

    @property
    def num_clbits(self) -> int:
        return 2 * len(self.measured)


class RoundBuilder:
    """Collects a round's operations, adding the noise of each local operation after it."""

    def __init__(self, noise):
        self.noise = noise
        self.ops: list[Op] = []

    def gate(self, gate: Gate, *qubits: int) -> RoundBuilder:
        self.ops.append(Op(gate, tuple(qubits)))
        err = self.noise.two_qubit_gate_error() if gate.num_qubits == 2 else self.noise.single_qubit_gate_error()
        if err is not None:
            self.ops.append(Op(err, tuple(qubits)))
        return self

    def channel(self, kraus: Kraus, *qubits: int) -> RoundBuilder:
        self.ops.append(Op(kraus, tuple(qubits)))
        return self

    def bilateral(self, gate: Gate, control_pair: int, target_pair: int) -> RoundBuilder:
        """The same two-qubit gate in QPU A (A halves) and in QPU B (B halves)."""
        self.gate(gate, 2 * control_pair, 2 * target_pair)
        self.gate(gate, 2 * control_pair + 1, 2 * target_pair + 1)
        return self

    def measure_errors(self, pairs) -> RoundBuilder:
        """Readout error on both halves of each measured pair (a bit flip before the measurement)."""
        flip = self.noise.measurement_flip()
        if flip is not None:
            for k in pairs:
                self.channel(flip, 2 * k)
                self.channel(flip, 2 * k + 1)
        return self

    def build(self, name: str, num_pairs: int, measured) -> RoundSpec:
        return RoundSpec(name, num_pairs, tuple(self.ops), tuple(measured))
