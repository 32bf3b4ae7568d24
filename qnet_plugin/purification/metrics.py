"""Figures of merit of purified pairs: fidelity, hashing ebit yield, rates.

Paper 000 Appendix A writes the heralded state as (Eq. (A1))

    rho = (1 - eps)|A><A| + eps|B><B| + eps|C><C|,   |A> = |01> +- |10>, |B> = |00> + |11>, |C> = |00> - |11>,

and its hashing yield as (Eq. (A5)) "1 - S(eps) = 1 - (1 - eps) log(1 - eps) - 2 eps log(eps)".
As written neither is normalised: the kets have norm sqrt 2 and the weights sum to 1 + eps, and the
signs inside S are lost. We read (A1) as the normalised Bell-diagonal state with weights
(1 - eps, eps, eps)/(1 + eps) on (A, B, C), i.e. infidelity 2 eps/(1 + eps) ~ 2 eps, and the yield as
the hashing bound of Bennett, DiVincenzo, Smolin, Wootters, PRA 54, 3824 (1996) for a Bell-diagonal
state, 1 - H(p) in bits (H the Shannon entropy of the Bell weights). For eps -> 0 the paper's
expression (with the signs of an entropy, unnormalised weights) differs from it by O(eps); see
:func:`paper_a5_yield`. Where the state is not Bell-diagonal we use the yield of its Bell-basis
diagonal (the state after a Pauli twirl, which local operations can always apply).
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.bell import bell_coefficients, hashing_yield, shannon_bits  # noqa: F401 (re-exported)
from qnet_plugin.core.bell import bell_diagonal_matrices as bell_diagonal_states
from qnet_plugin.core.validation import check_range


def fidelity(states) -> np.ndarray | float:
    """<Phi+|rho|Phi+> of a state (4, 4) or batch (N, 4, 4) in the Phi+ frame."""
    f = bell_coefficients(states)[..., 0]
    return float(f) if np.ndim(f) == 0 else f


def ebit_rate(rate_hz, yield_bits):
    """Ebit rate = pair rate x max(0, hashing yield), Hz (paper 000 Fig. 2 middle panel)."""
    return np.asarray(rate_hz) * np.clip(yield_bits, 0.0, None)


def paper_a1_coefficients(eps) -> np.ndarray:
    """Bell coefficients (BELL_ORDER, Phi+ frame) of paper 000 Eq. (A1), normalised.

    In the Phi+ frame (local X on B applied by the herald frame update) |A> -> Phi+ and the error
    states |00> +- |11> -> Psi+ and Psi-: weights (1 - eps, eps, eps, 0)/(1 + eps) on
    (Phi+, Psi-, Psi+, Phi-).
    """
    check_range("eps", eps, 0.0, 1.0)
    e = np.asarray(eps, dtype=float)
    c = np.stack([1 - e, e, e, np.zeros_like(e)], axis=-1)
    return c / (1 + e)[..., None]


def paper_a1_state(eps) -> np.ndarray:
    """Density matrix of :func:`paper_a1_coefficients` (4 x 4, or batch)."""
    return bell_diagonal_states(paper_a1_coefficients(eps))


def paper_a5_yield(eps) -> np.ndarray | float:
    """Paper 000 Eq. (A5) with the signs of an entropy restored, on the unnormalised weights:
    1 + (1 - eps) log2(1 - eps) + 2 eps log2(eps). Kept to compare with :func:`hashing_yield`."""
    e = np.asarray(eps, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = 1 + (1 - e) * np.log2(1 - e) + np.where(e > 0, 2 * e * np.log2(np.where(e > 0, e, 1)), 0.0)
    return float(y) if np.ndim(y) == 0 else y
