"""Purification rounds before use: a network link that delivers purified pairs.

A :class:`~.model.Link` with ``purification = Purification("dejmps", rounds=1)`` hands the
distribution pass the *output* of that many purification rounds instead of its raw pairs. The
rounds are computed by the purification package's fast engine (:func:`qnet_plugin.purification.purify`,
tested there against Aer to 1e-9), with the local operations of the two QPUs the link joins:

* delivered state: the purified output state (Phi+ frame) of the last round;
* rate: raw pair rate r (model rate x pairs per delivery x channels) divided by the expected link
  pairs consumed per output E (recurrence: E_k = m E_{k-1}/p_k; pumping: E_j = (E_{j-1} + 1)/p_j),
  so a failed attempt's pairs, the sacrificed ones included, are paid for;
* waiting-time decoherence of the inputs of each round in the communication qubits (input i of m
  waits (m - 1 - i) T, T the mean production time of one input), as the purification package
  computes it (:mod:`qnet_plugin.purification.schedule`). The storage of the purified pair until it
  is used is the pass's own business (:mod:`.timing`), so ``output_storage`` stays off here.

Local noise, from the QPU spec sheets onto :class:`qnet_plugin.purification.noise.LocalNoise` (both
read gate errors as *average* gate infidelities r turned into depolarizing p = r d/(d - 1), so a
round inside purification sees exactly the gate noise the pass inserts elsewhere):

    gate_fidelity      = 1 - gate_error_2q     (CNOT of each bilateral step)
    single_qubit_error = gate_error_1q         (twirl / DEJMPS rotations)
    measurement_error  = measurement_error     (bit flip before each read-out of a sacrificed pair)
    memory_t1/t2       = storage_t1/storage_t2 of the communication qubits (``comm_t1``/``comm_t2``)

``LocalNoise`` describes both QPUs alike. When the two QPUs differ we take the worse figure of each
(larger error, shorter lifetime): a conservative bound, exact when the two ends are alike (the
usual case of a homogeneous network). Written down because it is a choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.core.validation import MAX_PURIFICATION_ROUNDS, ParameterError, check_limit, param, validate_dataclass


#: Protocol names accepted on a link (the purification package's registry).
def protocol_names() -> tuple[str, ...]:
    """Names of the purification protocols (``qnet_plugin.purification.PROTOCOLS``)."""
    from qnet_plugin.purification.protocols import PROTOCOLS

    return tuple(PROTOCOLS)


@dataclass(frozen=True)
class Purification:
    """How a link purifies its pairs before they are used.

    ``rounds`` are recurrence levels for every protocol except ``pumping`` (fresh pairs pumped into
    the kept one), as in :mod:`qnet_plugin.purification.protocols`.
    """

    protocol: str = param("dejmps", "purification protocol (minimal, bbpssw, dejmps, pumping, "
                          "double-selection)")
    rounds: int = param(1, "purification rounds before use", low=1, high=MAX_PURIFICATION_ROUNDS, integer=True)

    def __post_init__(self):
        names = protocol_names()
        if self.protocol not in names:
            raise ParameterError(f"purification_protocol = {self.protocol!r} is not allowed; choose one "
                                 f"of {', '.join(map(repr, names))}")
        if isinstance(self.rounds, bool) or not isinstance(self.rounds, (int, np.integer)):
            raise ParameterError(f"purification_rounds = {self.rounds!r} is not an integer; allowed range "
                                 f"[1, {MAX_PURIFICATION_ROUNDS}]")
        if self.rounds < 1:
            raise ParameterError(f"purification_rounds = {self.rounds!r} is outside the allowed range "
                                 f"[1, {MAX_PURIFICATION_ROUNDS}] (leave purification out for none)")
        # each round at least doubles the raw pairs per output: 2^64 is far past any useful rate,
        # and the purification recursion costs time per round (10^6 rounds never finish)
        check_limit("purification_rounds", self.rounds, MAX_PURIFICATION_ROUNDS,
                    estimate=f"2^{self.rounds} raw pairs per purified pair")
        validate_dataclass(self)

    def __str__(self) -> str:
        return f"{self.protocol} x{self.rounds}"


@dataclass(frozen=True)
class PurifiedPair:
    """What a purifying link delivers (see the module docstring).

    Attributes:
        state: purified two-qubit pair (Phi+ frame, qubit 0 at the link's first QPU).
        fidelity: its Phi+ fidelity.
        rate_hz: purified pairs per second, raw rate / ``pairs_per_output``.
        pairs_per_output: expected raw link pairs consumed per purified pair (sacrificed ones and
            failed attempts included), E.
        success_probability: success probability of the last round.
        raw_fidelity, raw_rate_hz: the link's own pair and rate (all channels).
    """

    state: DensityMatrix
    fidelity: float
    rate_hz: float
    pairs_per_output: float
    success_probability: float
    raw_fidelity: float
    raw_rate_hz: float


def local_noise(qpu_a, qpu_b):
    """:class:`~qnet_plugin.purification.noise.LocalNoise` of a round between two QPUs (worse of
    each figure, see the module docstring)."""
    from qnet_plugin.purification.noise import LocalNoise

    t1 = min(qpu_a.storage_t1, qpu_b.storage_t1)
    t2 = min(qpu_a.storage_t2, qpu_b.storage_t2)
    # LocalNoise reads memory_t2 = None as "no dephasing beyond T1" and needs T2 <= 2 T1.
    t2 = None if math.isinf(t2) else min(t2, 2 * t1)
    return LocalNoise(gate_fidelity=1.0 - max(qpu_a.gate_error_2q, qpu_b.gate_error_2q),
                      single_qubit_error=max(qpu_a.gate_error_1q, qpu_b.gate_error_1q),
                      measurement_error=max(qpu_a.measurement_error, qpu_b.measurement_error),
                      memory_t1=t1, memory_t2=t2)


def purify_pair(raw_state: DensityMatrix, raw_rate_hz: float, spec: Purification, noise=None) -> PurifiedPair:
    """Purify a link's pair with ``spec`` under ``noise`` (perfect local operations if None)."""
    from qnet_plugin.links.base import fidelity_to
    from qnet_plugin.purification.noise import LocalNoise
    from qnet_plugin.purification.schedule import purify

    noise = noise or LocalNoise()
    rho = np.asarray(DensityMatrix(raw_state).data, dtype=complex)
    levels = purify(spec.protocol, rho, spec.rounds, noise, pair_rate_hz=float(raw_rate_hz),
                    storage=True, output_storage=False)
    last = levels[-1]
    p = float(last.success_probability[0])
    e = float(last.pairs_consumed[0])
    if not (p > 0 and math.isfinite(e)):
        raise ParameterError(f"purification = {spec} has success probability = {p:.6g}, outside the allowed "
                             "range (0, 1]: the link's pairs cannot be purified this way")
    out = np.asarray(last.states[0], dtype=complex)
    out = (out + out.conj().T) / 2  # exact Hermitian form against round-off of the engine
    state = DensityMatrix(out / np.real(np.trace(out)))
    return PurifiedPair(state=state, fidelity=fidelity_to(state), rate_hz=float(raw_rate_hz) / e,
                        pairs_per_output=e, success_probability=p,
                        raw_fidelity=fidelity_to(DensityMatrix(rho)), raw_rate_hz=float(raw_rate_hz))
