"""CPTP maps built from physics: state preparation, storage decay, thermal loss, dephasing.

Every function returns a :class:`qiskit.quantum_info.Kraus` (Aer runs it natively when appended to
a circuit) whose operators satisfy sum_k K_k^dagger K_k = I (checked by :func:`is_cptp` in the
property tests). Qubit order follows Qiskit (little-endian).
"""

from __future__ import annotations

import numpy as np
from qiskit.quantum_info import DensityMatrix, Kraus

from qnet_plugin.core.validation import check_nonnegative, check_positive, check_probability, check_range

_I2 = np.eye(2, dtype=complex)


def _as_matrix(rho) -> np.ndarray:
    data = rho.data if hasattr(rho, "data") else np.asarray(rho, dtype=complex)
    return np.asarray(data, dtype=complex)


def validate_density_matrix(rho, name: str = "state", atol: float = 1e-8) -> np.ndarray:
    """Return ``rho`` as an array after checking it is Hermitian, PSD (to ``atol``) and of unit trace."""
    m = _as_matrix(rho)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] & (m.shape[0] - 1):
        raise ValueError(f"{name} must be a 2^n x 2^n matrix, got shape {m.shape}")
    if not np.allclose(m, m.conj().T, atol=atol):
        raise ValueError(f"{name} is not Hermitian (max |rho - rho^dag| = {np.abs(m - m.conj().T).max():.3g})")
    tr = np.trace(m).real
    if abs(tr - 1) > atol:
        raise ValueError(f"{name} has trace {tr:.12g}; a density matrix has trace 1")
    emin = np.linalg.eigvalsh(m).min()
    if emin < -atol:
        raise ValueError(f"{name} has a negative eigenvalue {emin:.3g}; a density matrix is positive")
    return m


def state_preparation(rho) -> Kraus:
    """The channel that replaces any input by ``rho``: K_ij = sqrt(p_i) |psi_i><j|.

    With rho = sum_i p_i |psi_i><psi_i| this is trace preserving for every input
    (sum_ij K_ij^dag K_ij = sum_i p_i * I = I). Eigenvalues below 1e-14 are dropped.
    """
    m = validate_density_matrix(rho)
    m = (m + m.conj().T) / 2
    w, v = np.linalg.eigh(m)
    w = np.clip(w, 0.0, None)
    w = w / w.sum()
    dim = m.shape[0]
    ops = [np.sqrt(wi) * np.outer(v[:, i], np.eye(dim)[j])
           for i, wi in enumerate(w) if wi > 1e-14 for j in range(dim)]
    return Kraus(ops)


def amplitude_damping(p: float) -> Kraus:
    """Single-qubit amplitude damping with decay probability ``p`` in [0, 1] (|1> -> |0>)."""
    check_probability("p", p)
    k0 = np.array([[1, 0], [0, np.sqrt(1 - p)]], dtype=complex)
    k1 = np.array([[0, np.sqrt(p)], [0, 0]], dtype=complex)
    return Kraus([k0, k1])


def generalized_amplitude_damping(p: float, n_thermal: float) -> Kraus:
    """Energy exchange with a thermal bath: decay probability ``p`` towards the thermal state of
    mean occupation ``n_thermal`` (>= 0), restricted to the qubit (|0>, |1>) subspace.

    The qubit relaxes to populations (1 - q, q) with q = n/(2n + 1), the two-level limit of a
    bosonic mode at occupation n.
    """
    check_probability("p", p)
    check_nonnegative("n_thermal", n_thermal)
    q = n_thermal / (2 * n_thermal + 1)
    s = np.sqrt
    ops = [s(1 - q) * np.array([[1, 0], [0, s(1 - p)]]), s(1 - q) * np.array([[0, s(p)], [0, 0]]),
           s(q) * np.array([[s(1 - p), 0], [0, 1]]), s(q) * np.array([[0, 0], [s(p), 0]])]
    return Kraus([np.asarray(o, dtype=complex) for o in ops])


def phase_damping(p: float) -> Kraus:
    """Pure dephasing: coherences multiplied by (1 - p) (``p`` in [0, 1]); Kraus {sqrt(1-p/2) I, sqrt(p/2) Z}."""
    check_probability("p", p)
    z = np.diag([1.0, -1.0]).astype(complex)
    return Kraus([np.sqrt(1 - p / 2) * _I2, np.sqrt(p / 2) * z])


def dephasing_probability(time_s, t_phi_s) -> float:
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
    check_range("t2", t2, 0.0, 2 * t1_s, low_open=True, unit="s", why="T2 <= 2 T1")
    p = 0.0 if np.isinf(t1_s) else float(-np.expm1(-time_s / t1_s))
    amp = generalized_amplitude_damping(p, n_thermal) if n_thermal else amplitude_damping(p)
    # Amplitude damping alone leaves coherence exp(-t/(2 T1)); the rest is pure dephasing.
    rate_phi = 1 / t2 - 1 / (2 * t1_s)
    p_phi = float(-np.expm1(-time_s * max(rate_phi, 0.0)))
    return amp.compose(phase_damping(p_phi)) if p_phi > 0 else amp


def depolarizing(p: float, num_qubits: int = 1) -> Kraus:
    """rho -> (1 - p) rho + p I/d on ``num_qubits`` qubits (p in [0, 4^n/(4^n - 1)])."""
    d2 = 4 ** num_qubits
    check_range("p", p, 0.0, d2 / (d2 - 1))
    from qiskit.quantum_info import Pauli

    labels = _pauli_labels(num_qubits)
    w_id = 1 - p * (d2 - 1) / d2
    ops = [np.sqrt(w_id) * np.eye(2 ** num_qubits, dtype=complex)]
    ops += [np.sqrt(p / d2) * Pauli(lab).to_matrix() for lab in labels[1:]]
    return Kraus(ops)


def pauli_channel(probabilities: dict[str, float]) -> Kraus:
    """rho -> sum_P p_P P rho P for Pauli labels (Qiskit order, e.g. ``{"II": 0.9, "XX": 0.1}``)."""
    from qiskit.quantum_info import Pauli

    total = sum(probabilities.values())
    if abs(total - 1) > 1e-9 or min(probabilities.values()) < 0:
        raise ValueError(f"pauli_channel probabilities must be >= 0 and sum to 1, got sum {total:.12g}")
    return Kraus([np.sqrt(p) * Pauli(lab).to_matrix() for lab, p in probabilities.items() if p > 0])


def _pauli_labels(n: int) -> list[str]:
    from itertools import product

    return ["".join(t) for t in product("IXYZ", repeat=n)]


def is_cptp(channel, atol: float = 1e-10) -> bool:
    """True when sum_k K_k^dag K_k = I to ``atol`` (trace preservation) for a Kraus-representable channel."""
    ops = channel.data if isinstance(channel, Kraus) else Kraus(channel).data
    if isinstance(ops, tuple):  # non-CP representation (left, right) never counts
        return False
    s = sum(k.conj().T @ k for k in ops)
    return bool(np.allclose(s, np.eye(s.shape[0]), atol=atol, rtol=0))


def apply(channel, rho, qargs=None) -> DensityMatrix:
    """Evolve a density matrix through a channel on ``qargs`` (all qubits by default)."""
    return DensityMatrix(rho).evolve(channel, qargs=qargs)


def tensor_all(channels) -> Kraus:
    """Tensor product of single-qubit channels, first in the list on qubit 0."""
    out = None
    for ch in channels:
        out = Kraus(ch) if out is None else Kraus(ch).tensor(out)
    return out
