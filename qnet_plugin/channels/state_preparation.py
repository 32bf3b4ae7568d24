"""The channel that prepares a given state whatever the input: how a delivered pair enters a circuit."""

from __future__ import annotations

import numpy as np
from qiskit.quantum_info import DensityMatrix, Kraus

from qnet_plugin.channels.operations import validate_density_matrix
from qnet_plugin.core.physicality import check_kraus


def state_preparation(rho: DensityMatrix | np.ndarray) -> Kraus:
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
    return Kraus(check_kraus("state_preparation", ops))
