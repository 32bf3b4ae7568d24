"""Physicality checks of states and channels, with the package's one error type.

A density matrix must be finite, Hermitian, of unit trace and positive semidefinite; a Kraus map
must be finite and trace preserving (sum_k K_k^dag K_k = I; complete positivity holds for any
Kraus form). The tolerances are absolute and sit far above the round-off of the package's models
(every accepted state of the link property tests is physical to ~1e-12) and far below any physical
effect: a state with an eigenvalue of -1e-6 is a numerical failure, not a prediction (issue 11).

Every failure is a :class:`~qnet_plugin.core.validation.ParameterError`; ``context`` names the
inputs that led there (the caller knows them, this module does not).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from qnet_plugin.core.validation import ParameterError

#: Largest tolerated |rho - rho^dag|, |tr rho - 1| and -lambda_min of a density matrix.
STATE_ATOL = 1e-9
#: Largest tolerated |sum_k K_k^dag K_k - I| of a channel.
CHANNEL_ATOL = 1e-9


def _fail(what: str, reason: str, context: str) -> ParameterError:
    return ParameterError(f"{what} {reason}" + (f" ({context})" if context else ""))


def check_density_matrix(name: str, rho: Any, *, atol: float = STATE_ATOL, context: str = "") -> np.ndarray:
    """``rho`` (array or anything with ``.data``) as a complex array, after checking that it is a
    square, finite, Hermitian, unit-trace, positive semidefinite matrix to ``atol``.

    Raises ParameterError ``"<name> is not a density matrix: <reason> (<context>)"``.
    """
    m = np.asarray(getattr(rho, "data", rho), dtype=complex)
    what = f"{name} is not a density matrix:"
    if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] == 0:
        raise _fail(what, f"shape {m.shape} is not square", context)
    if not np.all(np.isfinite(m)):
        raise _fail(what, "it has NaN or infinite entries", context)
    herm = float(np.abs(m - m.conj().T).max())
    if herm > atol:
        raise _fail(what, f"max |rho - rho^dag| = {herm:.3g} > {atol:g} (not Hermitian)", context)
    tr = float(np.trace(m).real)
    if abs(tr - 1) > atol:
        raise _fail(what, f"trace {tr:.12g} differs from 1 by more than {atol:g}", context)
    emin = float(np.linalg.eigvalsh((m + m.conj().T) / 2).min())
    if emin < -atol:
        raise _fail(what, f"eigenvalue {emin:.3g} < -{atol:g} (not positive)", context)
    return m


def check_kraus(name: str, operators: Iterable[Any], *, atol: float = CHANNEL_ATOL,
                context: str = "") -> list[np.ndarray]:
    """The Kraus operators as complex arrays, after checking that they are finite, of one square
    shape, and trace preserving (sum_k K_k^dag K_k = I to ``atol``). Raises ParameterError."""
    ops = [np.asarray(k, dtype=complex) for k in operators]
    what = f"{name} is not a quantum channel:"
    if not ops:
        raise _fail(what, "no Kraus operators", context)
    shape = ops[0].shape
    if len(shape) != 2 or any(k.shape != shape for k in ops):
        raise _fail(what, "Kraus operators of different or non-matrix shapes", context)
    if not all(np.all(np.isfinite(k)) for k in ops):
        raise _fail(what, "a Kraus operator has NaN or infinite entries", context)
    s = sum(k.conj().T @ k for k in ops)
    dev = float(np.abs(s - np.eye(shape[1])).max()) if s.shape[0] == s.shape[1] else np.inf
    if dev > atol:
        raise _fail(what, f"max |sum K^dag K - I| = {dev:.3g} > {atol:g} (not trace preserving)", context)
    return ops


__all__ = ["check_density_matrix", "check_kraus", "STATE_ATOL", "CHANNEL_ATOL"]
