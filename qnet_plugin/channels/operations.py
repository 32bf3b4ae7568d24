"""Checks and plumbing shared by every channel: density-matrix validation, CPTP test, application, tensor products."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from qiskit.quantum_info import DensityMatrix, Kraus

from qnet_plugin.core.validation import ParameterError


def _as_matrix(rho: DensityMatrix | np.ndarray) -> np.ndarray:
    data = rho.data if hasattr(rho, "data") else np.asarray(rho, dtype=complex)
    return np.asarray(data, dtype=complex)


def validate_density_matrix(rho: DensityMatrix | np.ndarray, name: str = "state", atol: float = 1e-8) -> np.ndarray:
    """Return ``rho`` as an array after checking it is finite, Hermitian, PSD (to ``atol``) and of unit
    trace; failures are :class:`~qnet_plugin.core.validation.ParameterError` (a ``ValueError``)."""
    m = _as_matrix(rho)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] & (m.shape[0] - 1):
        raise ParameterError(f"{name} must be a 2^n x 2^n matrix, got shape {m.shape}")
    if not np.all(np.isfinite(m)):
        raise ParameterError(f"{name} has NaN or infinite entries; a density matrix is finite")
    if not np.allclose(m, m.conj().T, atol=atol):
        raise ParameterError(f"{name} is not Hermitian (max |rho - rho^dag| = {np.abs(m - m.conj().T).max():.3g})")
    tr = np.trace(m).real
    if abs(tr - 1) > atol:
        raise ParameterError(f"{name} has trace {tr:.12g}; a density matrix has trace 1")
    emin = np.linalg.eigvalsh(m).min()
    if emin < -atol:
        raise ParameterError(f"{name} has a negative eigenvalue {emin:.3g}; a density matrix is positive")
    return m


def is_cptp(channel: object, atol: float = 1e-10) -> bool:
    """True when sum_k K_k^dag K_k = I to ``atol`` (trace preservation) for a Kraus-representable channel."""
    ops = channel.data if isinstance(channel, Kraus) else Kraus(channel).data
    if isinstance(ops, tuple):  # non-CP representation (left, right) never counts
        return False
    s = sum(k.conj().T @ k for k in ops)
    return bool(np.allclose(s, np.eye(s.shape[0]), atol=atol, rtol=0))


def apply(channel: object, rho: DensityMatrix | np.ndarray, qargs: Sequence[int] | None = None) -> DensityMatrix:
    """Evolve a density matrix through a channel on ``qargs`` (all qubits by default)."""
    return DensityMatrix(rho).evolve(channel, qargs=qargs)


def tensor_all(channels: Iterable[object]) -> Kraus:
    """Tensor product of single-qubit channels, first in the list on qubit 0."""
    out = None
    for ch in channels:
        out = Kraus(ch) if out is None else Kraus(ch).tensor(out)
    return out
