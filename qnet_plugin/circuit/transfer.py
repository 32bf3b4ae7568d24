"""Transfer: move one qubit's state from QPU A to QPU B through a link's transfer channel."""

from __future__ import annotations

import numpy as np
from qiskit.circuit import Instruction, QuantumCircuit
from qiskit.quantum_info import Kraus

from qnet_plugin.channels import is_cptp


def _channel_of(source: object) -> Kraus:
    """A single-qubit Kraus channel from a link model (``transfer_channel()``), a TransferChannel
    (``kraus()``), or anything ``qiskit.quantum_info.Kraus`` accepts."""
    if hasattr(source, "transfer_channel") and callable(source.transfer_channel):
        source = source.transfer_channel()
    if hasattr(source, "kraus") and callable(source.kraus):
        source = source.kraus()
    ch = Kraus(source)
    if ch.num_qubits != 1:
        raise ValueError(f"a transfer channel acts on 1 qubit, got {ch.num_qubits}")
    if not is_cptp(ch):
        raise ValueError("the transfer channel is not trace preserving (sum K^dag K != I)")
    return ch


def move_kraus(channel: Kraus) -> list[np.ndarray]:
    """Kraus operators of the two-qubit "move through E" map on (source = qubit 0, target = qubit 1).

    rho_{s,t} -> |0><0|_s (x) E(Tr_t rho)_t: the source's state is emitted (the source qubit is left
    in |0>, as after swapping its excitation into an emitted photon), sent through E and absorbed
    by the target; whatever the target held is discarded. K_{k,b} = sum_a |0>_s E_k|a>_t <a|_s <b|_t,
    so sum K^dag K = I. Qiskit little-endian: the matrix index is 2 t + s.
    """
    ops = []
    for ek in channel.data:
        for b in range(2):
            k = np.zeros((4, 4), dtype=complex)
            for a in range(2):
                for t_out in range(2):
                    # output |s=0, t=t_out>, input |s=a, t=b>
                    k[2 * t_out + 0, 2 * b + a] = ek[t_out, a]
            ops.append(k)
    return ops


class Transfer(Instruction):
    """Deterministic state transfer from qubit 0 (QPU A) to qubit 1 (QPU B) through a link.

    Args:
        link: a link model with ``transfer_channel()`` (e.g.
            :class:`~qnet_plugin.links.mmwave.MillimeterWaveLink`,
            :class:`~qnet_plugin.links.direct_transduction.DirectElectroOpticLink`), a
            :class:`~qnet_plugin.links.transfer_channel.TransferChannel`, or a single-qubit channel
            (Kraus operators, ``Kraus``, ``SuperOp``). ``None`` is a perfect transfer.
        label: drawing label.

    After the instruction the target holds E(rho_source) and the source is in |0>. The
    ``definition`` is one two-qubit Kraus channel (no control flow), so Aer runs it after a plain
    ``transpile(qc, AerSimulator())``.
    """

    def __init__(self, link: object = None, label: str | None = None) -> None:
        self._channel = Kraus(np.eye(2)) if link is None else _channel_of(link)
        default = getattr(link, "name", None) if link is not None else None
        super().__init__("transfer", 2, 0, [], label=label or default)

    @property
    def channel(self) -> Kraus:
        """The single-qubit channel the transferred state goes through."""
        return self._channel

    def _define(self) -> None:
        qc = QuantumCircuit(2, name=self.name)
        qc.append(Kraus(move_kraus(self._channel)), [0, 1])
        self.definition = qc

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Transfer) and np.allclose(_superop(self._channel), _superop(other._channel))

    def __hash__(self) -> int:
        return hash((self.name, self.num_qubits))


def _superop(ch: Kraus) -> np.ndarray:
    from qiskit.quantum_info import SuperOp

    return SuperOp(ch).data


__all__ = ["Transfer", "move_kraus"]
