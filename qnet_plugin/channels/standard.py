"""Standard qubit channels as :class:`qiskit.quantum_info.Kraus`: damping, dephasing, storage decay, Pauli maps.

Every operator set satisfies sum_k K_k^dagger K_k = I (checked by
:func:`qnet_plugin.channels.operations.is_cptp` in the property tests). Qubit order follows Qiskit.
"""

from __future__ import annotations

import numpy as np
from qiskit.quantum_info import Kraus

from qnet_plugin.core.operators import I2, Z, amplitude_damping_kraus
from qnet_plugin.core.physicality import check_kraus
from qnet_plugin.core.validation import (
    ParameterError,
    check_integer,
    check_nonnegative,
    check_positive,
    check_probability,
    check_range,
)

#: Most qubits of a library-built Pauli/depolarizing channel: 4^n Kraus operators of size 2^n, so
#: n = 5 is 1024 operators (16 MB); n = 10 would be ~10^6 operators (~10^12 entries).
MAX_CHANNEL_QUBITS = 5


def _checked(name: str, ops: list, **inputs: object) -> Kraus:
    """``Kraus(ops)`` after checking it is finite and trace preserving (issue 11: every channel is
    checked on construction; a failure names the inputs)."""
    context = ", ".join(f"{k} = {v!r}" for k, v in inputs.items())
    return Kraus(check_kraus(name, ops, context=context))


def amplitude_damping(p: float) -> Kraus:
    """Single-qubit amplitude damping with decay probability ``p`` in [0, 1] (|1> -> |0>), Kraus
    operators of :func:`qnet_plugin.core.operators.amplitude_damping_kraus`."""
    check_probability("p", p)
    return _checked("amplitude_damping", amplitude_damping_kraus(p), p=p)


def generalized_amplitude_damping(p: float, n_thermal: float) -> Kraus:
    """Energy exchange with a thermal bath: decay probability ``p`` towards the thermal state of
    mean occupation ``n_thermal`` (>= 0), restricted to the qubit (|0>, |1>) subspace.

    The qubit relaxes to populations (1 - q, q) with q = n/(2n + 1), the two-level limit of a
    bosonic mode at occupation n.
    """
    check_probability("p", p)
    check_nonnegative("n_thermal", n_thermal)
    # q = n/(2n + 1), written so that a huge (or infinite: infinitely hot bath) occupation gives
    # q -> 1/2 instead of inf/inf = NaN or 1e308/inf = 0.
    q = 0.0 if n_thermal == 0 else 1.0 / (2.0 + 1.0 / float(n_thermal))
    s = np.sqrt
    ops = [s(1 - q) * np.array([[1, 0], [0, s(1 - p)]]), s(1 - q) * np.array([[0, s(p)], [0, 0]]),
           s(q) * np.array([[s(1 - p), 0], [0, 1]]), s(q) * np.array([[0, 0], [s(p), 0]])]
    return _checked("generalized_amplitude_damping", ops, p=p, n_thermal=n_thermal)


def phase_damping(p: float) -> Kraus:
    """Pure dephasing: coherences multiplied by (1 - p) (``p`` in [0, 1]); Kraus {sqrt(1-p/2) I, sqrt(p/2) Z}."""
    check_probability("p", p)
    return _checked("phase_damping", [np.sqrt(1 - p / 2) * I2, np.sqrt(p / 2) * Z], p=p)


def dephasing_probability(time_s: float, t_phi_s: float) -> float:
    """Coherence-loss factor p = 1 - exp(-t/T_phi) for pure dephasing time ``t_phi_s`` (s, inf allowed)."""
    check_nonnegative("time", time_s, "s")
    check_positive("t_phi", t_phi_s, "s")
    return 0.0 if np.isinf(t_phi_s) else float(-np.expm1(-time_s / t_phi_s))


def storage_decay(time_s: float, t1_s: float, t2_s: float | None = None,
                  n_thermal: float = 0.0) -> Kraus:
    """Idle decoherence of one qubit (or resonator in its 0/1 subspace) for ``time_s`` seconds.

    Energy relaxation with lifetime ``t1_s`` towards the thermal state of occupation ``n_thermal``,
    and total coherence time ``t2_s`` (default 2 T1, i.e. no pure dephasing); requires
    T2 <= 2 T1. Coherences decay as exp(-t/T2), populations as exp(-t/T1).
    """
    check_nonnegative("time", time_s, "s")
    check_positive("t1", t1_s, "s")
    t2 = 2 * t1_s if t2_s is None else t2_s
    # T1 = inf (no relaxation) allows T2 = inf (no dephasing either); check_range refuses an
    # infinite value whenever both bounds are given, so the upper bound is dropped there.
    check_range("t2", t2, 0.0, 2 * t1_s if np.isfinite(t1_s) else None, low_open=True, unit="s",
                why="T2 <= 2 T1")
    p = 0.0 if np.isinf(t1_s) else float(-np.expm1(-time_s / t1_s))
    amp = generalized_amplitude_damping(p, n_thermal) if n_thermal else amplitude_damping(p)
    # Amplitude damping alone leaves coherence exp(-t/(2 T1)); the rest is pure dephasing.
    rate_phi = 1 / t2 - 1 / (2 * t1_s)
    # no pure dephasing at all (rate 0) stays 0 even for time = inf (inf * 0 would be NaN)
    p_phi = float(-np.expm1(-time_s * rate_phi)) if rate_phi > 0 else 0.0
    return amp.compose(phase_damping(p_phi)) if p_phi > 0 else amp


def depolarizing(p: float, num_qubits: int = 1) -> Kraus:
    """rho -> (1 - p) rho + p I/d on ``num_qubits`` qubits (p in [0, 4^n/(4^n - 1)])."""
    check_integer("num_qubits", num_qubits, 1, MAX_CHANNEL_QUBITS)
    d2 = 4 ** num_qubits
    check_range("p", p, 0.0, d2 / (d2 - 1))
    from qiskit.quantum_info import Pauli

    labels = _pauli_labels(num_qubits)
    w_id = 1 - p * (d2 - 1) / d2
    ops = [np.sqrt(w_id) * np.eye(2 ** num_qubits, dtype=complex)]
    ops += [np.sqrt(p / d2) * Pauli(lab).to_matrix() for lab in labels[1:]]
    return _checked("depolarizing", ops, p=p, num_qubits=num_qubits)


def pauli_channel(probabilities: dict[str, float]) -> Kraus:
    """rho -> sum_P p_P P rho P for Pauli labels (Qiskit order, e.g. ``{"II": 0.9, "XX": 0.1}``)."""
    from qiskit.quantum_info import Pauli

    if not isinstance(probabilities, dict) or not probabilities:
        raise ParameterError(f"probabilities = {probabilities!r} is not a non-empty dict of Pauli labels")
    n = None
    for lab, p in probabilities.items():
        if not isinstance(lab, str) or not lab or set(lab) - set("IXYZ"):
            raise ParameterError(f"Pauli label {lab!r} is not allowed; use the letters I, X, Y, Z")
        if n is not None and len(lab) != n:
            raise ParameterError(f"Pauli label {lab!r} has {len(lab)} qubits; the others have {n}")
        n = len(lab)
        check_probability(f"probability of {lab}", p)
    check_integer("number of qubits", n, 1, MAX_CHANNEL_QUBITS)
    total = float(sum(probabilities.values()))
    if abs(total - 1) > 1e-9:
        raise ParameterError(f"sum of the pauli_channel probabilities = {total:.12g} is outside the "
                             "allowed range [1 - 1e-9, 1 + 1e-9]")
    return _checked("pauli_channel", [np.sqrt(p) * Pauli(lab).to_matrix() for lab, p in probabilities.items() if p > 0],
                    probabilities=probabilities)


def _pauli_labels(n: int) -> list[str]:
    from itertools import product

    return ["".join(t) for t in product("IXYZ", repeat=n)]
