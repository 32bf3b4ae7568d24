"""Purification protocols as Qiskit circuits that run on Aer.

* :func:`round_circuit` / :func:`round_instruction`: one noisy round on ``2 * num_pairs`` qubits
  (pair k on qubits 2k (QPU A) and 2k + 1 (QPU B)) with ``2 * (num_pairs - 1)`` classical bits,
  the outcomes of the measured pairs in order (A half, B half). The round succeeded when the two
  bits of every measured pair agree; :func:`success_condition` gives that as a Qiskit classical
  expression for an inline ``with qc.if_test(...)`` in the caller's circuit (no control flow sits
  inside the instruction's definition: Qiskit 2.6's HighLevelSynthesis rejects custom instructions
  whose definition holds ``if_test``).
* :func:`protocol_circuit`: a whole multi-round protocol with the link pairs prepared by
  :class:`~qnet_plugin.circuit.BellPair`, every measurement at the end (nothing acts on a measured
  qubit afterwards and the protocol only post-selects, so deferring measurements changes nothing).
* :func:`aer_purify`: runs that circuit on Aer's density-matrix method with the measurements left
  out, then post-selects exactly (projector onto agreeing outcomes, trace, normalise): the
  reference the fast engine is tested against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit.circuit import ClassicalRegister, QuantumCircuit, QuantumRegister
from qiskit.circuit.classical import expr

from qnet_plugin.circuit.bell_pair import BellPair
from qnet_plugin.core.validation import check_integer
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.protocols import get_protocol
from qnet_plugin.purification.rounds import RoundSpec


def _append_ops(qc: QuantumCircuit, spec: RoundSpec, qubit_map, noise: LocalNoise | None, waits) -> None:
    """Append storage of each input pair (waits[k] seconds) and the round's body to ``qc``."""
    if waits is not None and noise is not None:
        for k, wait in enumerate(waits):
            ch = noise.storage(wait)
            if ch is not None:
                qc.append(ch, [qubit_map[2 * k], qubit_map[2 * k + 1]])
    for op in spec.body:
        qc.append(op.operation, [qubit_map[q] for q in op.qubits])


def round_circuit(spec: RoundSpec, waits=None, noise: LocalNoise | None = None,
                  measure: bool = True) -> QuantumCircuit:
    """One round as a circuit: storage of the inputs for ``waits`` (s per pair, with ``noise``'s
    memory), the noisy local operations, then (``measure``) the measurements into the clbits."""
    qr = QuantumRegister(spec.num_qubits, "q")
    cr = ClassicalRegister(spec.num_clbits, "flag")
    qc = QuantumCircuit(qr, cr, name=spec.name) if measure else QuantumCircuit(qr, name=spec.name)
    _append_ops(qc, spec, list(qr), noise, waits)
    if measure:
        for i, k in enumerate(spec.measured):
            qc.measure(qr[2 * k], cr[2 * i])
            qc.measure(qr[2 * k + 1], cr[2 * i + 1])
    return qc


def round_instruction(spec: RoundSpec, waits=None, noise: LocalNoise | None = None):
    """:func:`round_circuit` as an ``Instruction`` (qubits: pairs in order; clbits: the outcomes)."""
    return round_circuit(spec, waits, noise).to_instruction(label=spec.name)


def success_condition(clbits):
    """Classical expression "every measured pair agreed" over ``clbits`` = [a1, b1, a2, b2, ...].

    Use it inline: ``with qc.if_test(success_condition(bits)): ...``.
    """
    bits = list(clbits)
    if len(bits) % 2 or not bits:
        raise ValueError("success_condition needs an even, non-zero number of clbits (A, B per pair)")
    cond = None
    for a, b in zip(bits[0::2], bits[1::2]):
        eq = expr.equal(a, b)
        cond = eq if cond is None else expr.logic_and(cond, eq)
    return cond


def is_success(bitstring: str) -> bool:
    """True when a counts key (Qiskit order: last clbit first) has equal bits in every measured pair."""
    bits = bitstring.replace(" ", "")[::-1]
    return all(bits[i] == bits[i + 1] for i in range(0, len(bits), 2))


@dataclass
class ProtocolCircuit:
    """A whole protocol on fresh link pairs.

    Attributes:
        circuit: the circuit (measurements at the end when built with ``measure=True``).
        kept: the two qubits (A, B) of the output pair.
        measured: every measured pair's (A, B) qubits, in the order of the classical bits.
    """

    circuit: QuantumCircuit
    kept: tuple[int, int]
    measured: list[tuple[int, int]]


def protocol_circuit(protocol, raw_state, rounds: int, noise: LocalNoise, waits=None,
                     measure: bool = True) -> ProtocolCircuit:
    """``rounds`` rounds of ``protocol`` on link pairs in state ``raw_state`` (4 x 4, Phi+ frame).

    ``waits[r - 1]`` are the storage times (s) of round r's inputs, in input order (as computed by
    :func:`qnet_plugin.purification.schedule.purify`); ``None`` means no waiting.
    """
    proto = get_protocol(protocol)
    check_integer("rounds", rounds, 1)
    pair_gate = BellPair(np.asarray(raw_state, dtype=complex), label="link")
    ops = []  # deferred: (round index, input pairs); qubits allocated as pairs are needed
    counter = [0]

    def fresh():
        k = counter[0]
        counter[0] += 1
        ops.append(("pair", k))
        return k

    def build(level: int) -> int:
        if level == 0:
            return fresh()
        if proto.schedule == "pumping":
            inputs = [build(level - 1)] + [fresh() for _ in range(proto.num_pairs - 1)]
        else:
            inputs = [build(level - 1) for _ in range(proto.num_pairs)]
        ops.append(("round", level, inputs))
        return inputs[0]

    kept = build(rounds)
    n = 2 * counter[0]
    qc = QuantumCircuit(n, name=f"{proto.name}x{rounds}")
    measured: list[tuple[int, int]] = []
    for op in ops:
        if op[0] == "pair":
            qc.append(pair_gate, [2 * op[1], 2 * op[1] + 1])
            continue
        _, level, inputs = op
        spec = proto.round(noise, level)
        qmap = [2 * p + s for p in inputs for s in (0, 1)]
        _append_ops(qc, spec, qmap, noise, None if waits is None else waits[level - 1])
        measured += [(qmap[2 * k], qmap[2 * k + 1]) for k in spec.measured]
    if measure:
        cr = ClassicalRegister(2 * len(measured), "flag")
        qc.add_register(cr)
        for i, (a, b) in enumerate(measured):
            qc.measure(a, cr[2 * i])
            qc.measure(b, cr[2 * i + 1])
    return ProtocolCircuit(qc, (2 * kept, 2 * kept + 1), measured)


def postselect(rho_full: np.ndarray, num_qubits: int, kept, measured):
    """Project a full density matrix onto "every measured pair agreed" and keep the pair ``kept``.

    Returns ``(state, probability)``: the normalised 4 x 4 state of the kept pair (qubit 0 = A)
    and the success probability.
    """
    t = np.asarray(rho_full).reshape([2] * (2 * num_qubits))
    # Little-endian: qubit q is axis (n - 1 - q) of the row index and (2n - 1 - q) of the column.
    row = lambda q: num_qubits - 1 - q  # noqa: E731
    mask = np.ones([2] * num_qubits, dtype=bool)
    for a, b in measured:
        eq = np.zeros([2] * num_qubits, dtype=bool)
        for v in (0, 1):
            sl: list[slice | int] = [slice(None)] * num_qubits
            sl[row(a)] = v
            sl[row(b)] = v
            eq[tuple(sl)] = True
        mask &= eq
    # Projector on both sides is the mask on the row index and on the column index; the measured
    # qubits are traced out, so only diagonal (row == column) entries of them survive.
    letters = "abcdefghijklmnopqrstuvwxyz"
    rows = list(letters[:num_qubits])
    cols = list(letters[num_qubits:2 * num_qubits])
    for q in range(num_qubits):
        if q not in kept:
            cols[num_qubits - 1 - q] = rows[num_qubits - 1 - q]
    ka, kb = kept
    out = f"{rows[row(kb)]}{rows[row(ka)]}{cols[num_qubits - 1 - kb]}{cols[num_qubits - 1 - ka]}"
    weighted = t * mask.reshape(mask.shape + (1,) * num_qubits)
    sub = np.einsum("".join(rows) + "".join(cols) + "->" + out, weighted).reshape(4, 4)
    p = float(np.trace(sub).real)
    return (sub / p if p > 0 else sub), p


def aer_purify(protocol, raw_state, rounds: int = 1, noise: LocalNoise | None = None, waits=None,
               simulator=None):
    """Exact output state and success probability of ``protocol`` from Aer's density-matrix method.

    Returns ``(state (4 x 4 ndarray), success_probability)``. The success probability is that of
    the whole attempt (every round succeeding).
    """
    import qiskit_aer  # noqa: F401  (adds save_density_matrix to QuantumCircuit)
    from qiskit import transpile
    from qiskit_aer import AerSimulator

    noise = noise or LocalNoise()
    pc = protocol_circuit(protocol, raw_state, rounds, noise, waits, measure=False)
    qc = pc.circuit.copy()
    qc.save_density_matrix(label="rho")
    sim = simulator or AerSimulator(method="density_matrix")
    result = sim.run(transpile(qc, sim), shots=1).result()
    rho = np.asarray(result.data(0)["rho"])
    return postselect(rho, qc.num_qubits, pc.kept, pc.measured)


def aer_round(spec: RoundSpec, states, waits=None, noise: LocalNoise | None = None, simulator=None):
    """Exact output and success probability of one round on distinct input pairs, from Aer.

    ``states``: one 4 x 4 density matrix per input pair (pair 0 kept), each prepared by a
    :class:`~qnet_plugin.circuit.BellPair`; ``waits`` (s per pair) with ``noise``'s memory.
    Measurements are deferred and post-selected exactly, as in :func:`aer_purify`.
    """
    import qiskit_aer  # noqa: F401
    from qiskit import transpile
    from qiskit_aer import AerSimulator

    if len(states) != spec.num_pairs:
        raise ValueError(f"{spec.name} takes {spec.num_pairs} input pairs, got {len(states)}")
    qc = QuantumCircuit(spec.num_qubits)
    for k, s in enumerate(states):
        qc.append(BellPair(np.asarray(s, dtype=complex)), [2 * k, 2 * k + 1])
    qc.compose(round_circuit(spec, waits, noise, measure=False), inplace=True)
    qc.save_density_matrix(label="rho")
    sim = simulator or AerSimulator(method="density_matrix")
    rho = np.asarray(sim.run(transpile(qc, sim), shots=1).result().data(0)["rho"])
    return postselect(rho, qc.num_qubits, (0, 1), [(2 * k, 2 * k + 1) for k in spec.measured])
