r"""Photon statistics of a noisy transducer's output mode in truncated Fock space (fast engine).

The converted light
-------------------
A transducer with conversion efficiency eta and thermal-like added noise is modelled as the
phase-insensitive Gaussian channel of a beam splitter of transmissivity ``T`` that mixes the
signal mode with a bath mode in a thermal state of occupation ``N`` (the "thermal attenuator";
the standard model of a noisy transducer: Zeuthen et al., Quantum Sci. Technol. 5, 034009 (2020),
and Krastanov et al., PRL 127, 040503 (2021)). It adds ``(1 - T) N`` photons to the output
mode, which is how a user's "added noise photons" enter here. Pure fibre loss after it composes
into one thermal attenuator with ``T' = T t`` and ``(1 - T') N' = t (1 - T) N`` (a phase-insensitive
Gaussian channel is fixed by its transmissivity and its added noise), so one attenuator describes
transducer plus fibre.

The emitter puts at most one photon into the signal mode, so only the four operators
``|i><j|`` (i, j in {0, 1}) are ever sent through the channel. With ``s = sqrt(T)``,
``r = sqrt(1 - T)`` and the beam splitter ``a^dag -> s a^dag + r e^dag``,
``e^dag -> -r a^dag + s e^dag``:

    |0, k> -> sum_m A0[k, m] |m, k - m>,          A0[k, m] = sqrt(C(k, m)) (-r)^m s^(k - m)
    |1, k> -> sum_p A1[k, p] |p, k + 1 - p>,      A1[k, p] = s sqrt(p) A0[k, p - 1] + r sqrt(k + 1 - p) A0[k, p]

and, tracing the bath (its photon number must match on both sides),

    E(|i><j|)[p, p - i + j] = sum_k pi_k A_i[k, p] A_j[k, p - i + j],   pi_k = N^k / (N + 1)^(k + 1).

Truncation: the bath sum stops at ``k = K`` and the output mode at ``p < D``; the probability
lost is exactly the trace deficit ``1 - Tr E(|i><i|)``, which :func:`attenuator_action` returns so
that callers can report it (design.md: truncations are converged on the observable).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import gammaln

from qnet_plugin.core.validation import ParameterError


@dataclass(frozen=True)
class ModeStates:
    """The four output operators E(|i><j|) of one node on D Fock levels.

    Attributes:
        p0: diag of E(|0><0|) (photon-number distribution when the emitter stayed dark), length D.
        p1: diag of E(|1><1|) (when it emitted), length D.
        c10: E(|1><0|)[p, p - 1] for p = 1..D-1 (index p), length D (c10[0] = 0); the channel keeps
            the emitter coherence on the first off-diagonal.
        lost: the largest trace deficit 1 - Tr E(|i><i|): probability outside the truncation.
    """

    p0: np.ndarray
    p1: np.ndarray
    c10: np.ndarray
    lost: float


def thermal_distribution(mean: float, k_max: int) -> np.ndarray:
    """Bose-Einstein photon-number distribution pi_k = N^k/(N+1)^(k+1), k = 0..k_max."""
    k = np.arange(k_max + 1)
    if mean == 0:
        return (k == 0).astype(float)
    return np.exp(k * np.log(mean) - (k + 1) * np.log1p(mean))


def bath_cutoff(mean: float, tol: float) -> int:
    """Smallest K with thermal tail (N/(N+1))^(K+1) below ``tol``."""
    if mean <= 0:
        return 0
    return int(np.ceil(np.log(tol) / np.log(mean / (1 + mean))))


def attenuator_action(transmissivity: float, bath_occupation: float, k_max: int, d: int) -> ModeStates:
    """E(|i><j|) of the thermal attenuator (module docstring), bath cut at ``k_max``, output at ``d`` levels."""
    s2 = float(transmissivity)
    k = np.arange(k_max + 1)[:, None]
    m = np.arange(d)[None, :]
    valid = m <= k
    with np.errstate(divide="ignore", invalid="ignore"):
        logc = 0.5 * (gammaln(k + 1) - gammaln(m + 1) - gammaln(np.maximum(k - m, 0) + 1))
        log_r = 0.5 * np.log1p(-s2) if s2 < 1 else -np.inf
        log_s = 0.5 * np.log(s2) if s2 > 0 else -np.inf
        # 0 * log(0) = 0: x^0 = 1 even for x = 0
        term_r = np.where(m == 0, 0.0, m * log_r)
        term_s = np.where(k - m == 0, 0.0, (k - m) * log_s)
        expo = np.where(valid, logc + term_r + term_s, -np.inf)   # m > k: no such term
        a0 = np.exp(expo) * (-1.0) ** m
    a0 = np.nan_to_num(a0)
    s, r = np.sqrt(s2), np.sqrt(max(0.0, 1.0 - s2))
    a0_shift = np.zeros_like(a0)
    a0_shift[:, 1:] = a0[:, :-1]
    a1 = s * np.sqrt(m) * a0_shift + r * np.sqrt(np.maximum(k + 1 - m, 0)) * a0
    pi = thermal_distribution(bath_occupation, k_max)[:, None]
    p0 = np.sum(pi * a0**2, axis=0)
    p1 = np.sum(pi * a1**2, axis=0)
    c10 = np.sum(pi * a1 * a0_shift, axis=0)
    lost = float(max(1.0 - p0.sum(), 1.0 - p1.sum(), 0.0))
    return ModeStates(p0=p0, p1=p1, c10=c10, lost=lost)


@lru_cache(maxsize=8)
def beam_splitter_amplitudes(d: int) -> tuple[np.ndarray, ...]:
    """<n, N - n| U |p, q> of the 50:50 beam splitter for p, q < d, grouped by total N = p + q.

    ``U a^dag U^dag = (a^dag + b^dag)/sqrt 2`` (output 1 = detector D+, mode c+ = (a + b)/sqrt 2),
    ``U b^dag U^dag = (a^dag - b^dag)/sqrt 2`` (output 2 = D-). Built by the recursion
    U|p, q> = (a^dag + b^dag) U|p - 1, q> / sqrt(2 p) (and a^dag - b^dag for q), exact for every
    (p, q). Returns, per N, an array [p, n] (row p: input |p, N - p>, valid rows only where both
    p < d and N - p < d; other rows are zero).
    """
    if d > 400:
        raise ParameterError(f"Fock cutoff d = {d} is outside the allowed range [1, 400]")
    amp: dict[tuple[int, int], np.ndarray] = {(0, 0): np.ones(1)}
    for total in range(1, 2 * d - 1):
        for p in range(max(0, total - d + 1), min(total, d - 1) + 1):
            q = total - p
            n = np.arange(total + 1)
            out = np.zeros(total + 1)
            if p > 0:
                prev = amp[(p - 1, q)]
                out[1:] += np.sqrt(n[1:]) * prev
                out[:-1] += np.sqrt(total - n[:-1]) * prev
                out /= np.sqrt(2.0 * p)
            else:
                prev = amp[(p, q - 1)]
                out[1:] += np.sqrt(n[1:]) * prev
                out[:-1] -= np.sqrt(total - n[:-1]) * prev
                out /= np.sqrt(2.0 * q)
            amp[(p, q)] = out
    blocks = []
    for total in range(2 * d - 1):
        block = np.zeros((total + 1, total + 1))
        for p in range(max(0, total - d + 1), min(total, d - 1) + 1):
            block[p] = amp[(p, total - p)]
        blocks.append(block)
    return tuple(blocks)


__all__ = ["ModeStates", "thermal_distribution", "bath_cutoff", "attenuator_action", "beam_splitter_amplitudes"]
