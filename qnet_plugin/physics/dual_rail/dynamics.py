"""Relaxation into the dual-rail steady state and the preparation time T_prep (paper 003, Fig. 3).

The broadband master equation, paper 003 Eq. (1), is integrated from all qubits in |0> on the U(1)
sector (:mod:`qnet_plugin.physics.dual_rail.blocks`) with the exact propagator (``expm_multiply``).
T_prep is the paper's purity criterion, Fig. 3 caption: [1 - mu(T_prep)]/N = 0.001 with
mu = Tr rho^2. Because mu(0) = 1 (the initial product state is pure), T_prep is read as the *last*
time the criterion is crossed from above, i.e. after it the state stays within it. Times in 1/gamma.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet_plugin.core.validation import check_range
from qnet_plugin.physics.dual_rail import broadband as dr
from qnet_plugin.physics.dual_rail.blocks import ChargeSectors
from qnet_plugin.physics.dual_rail.measures import pair_concurrence

#: Paper 003 Fig. 3 caption: [1 - mu(T_prep)]/N = 0.001.
PURITY_THRESHOLD = 1e-3


@dataclass(frozen=True)
class Relaxation:
    """Trajectory of the relaxation from |0...0>: times (1/gamma), purity mu(t), and C_ii(t)
    (or the concurrences of the pairs named in ``pairs``)."""

    times: np.ndarray
    purity: np.ndarray
    concurrences: np.ndarray  # shape (len(times), len(pairs))
    pairs: tuple


def _sector_model(delta_a, delta_b, r, dephasing=0.0):
    n = len(delta_a)
    h, c_ops = dr.broadband_model(delta_a, delta_b, r, dephasing)
    sectors = ChargeSectors(dr.charges(n))
    return sectors, sectors.liouvillian(h, c_ops)


def _ground_vector(sectors: ChargeSectors) -> np.ndarray:
    rho0 = np.zeros((sectors.hilbert_dim,) * 2, dtype=complex)
    rho0[0, 0] = 1.0  # physics index 0 = all qubits in |0>
    return sectors.pack(rho0)


def relaxation(r: float, delta_a, delta_b, times, pairs=None, dephasing: float = 0.0) -> Relaxation:
    """Purity and pair concurrences along the relaxation of Eq. (1) from all qubits in |0>
    (paper 003 Fig. 3(a)-(b)). ``pairs`` lists (i, j) for C_ij (0-based; default the parallel pairs)."""
    n = len(delta_a)
    pairs = tuple(pairs) if pairs is not None else tuple((i, i) for i in range(n))
    sectors, lv = _sector_model(delta_a, delta_b, r, dephasing)
    states = sectors.evolve(lv, _ground_vector(sectors), times)
    mu = np.array([sectors.purity(v) for v in states])
    conc = np.array([[pair_concurrence(sectors.unpack(v), i, j, n) for i, j in pairs] for v in states])
    return Relaxation(np.asarray(times, dtype=float), mu, conc, pairs)


def preparation_time(r: float, delta_a, delta_b, threshold: float = PURITY_THRESHOLD,
                     dt: float = 0.5, t_max: float = 2000.0) -> float:
    """T_prep in units of 1/gamma by the purity criterion of paper 003 Fig. 3 (see module docstring).

    The state is propagated on a grid of step ``dt`` until (1 - mu)/N has fallen below threshold/10;
    the last grid interval where it crosses ``threshold`` is refined on a grid of step dt/200.
    """
    n = len(delta_a)
    check_range("threshold", threshold, 0.0, 1.0, low_open=True, high_open=True)
    sectors, lv = _sector_model(delta_a, delta_b, r)
    return settling_time(sectors.evolve, lv, _ground_vector(sectors),
                         lambda s: (1 - sectors.purity(s)) / n, threshold, dt, t_max)


def settling_time(evolve, lv, v0, excess, threshold: float, dt: float = 0.5, t_max: float = 2000.0) -> float:
    """Last time ``excess(state)`` is above ``threshold`` on the trajectory exp(t L) v0 (1/gamma).

    ``evolve(lv, v, grid)`` returns the states on a uniform grid starting at 0 (e.g.
    :meth:`ChargeSectors.evolve`). The trajectory is propagated in chunks of 40 steps ``dt`` until
    the excess has fallen below threshold/10; the last grid interval where it is above ``threshold``
    is refined on a grid of step dt/200 and the crossing interpolated in log(excess). Returns 0.0 if
    the excess is never above the threshold.
    """
    v, t0, chunk = v0, 0.0, 40
    last_above = None  # (time, state) of the last grid point with excess > threshold
    while t0 < t_max:
        grid = np.arange(chunk + 1) * dt
        states = evolve(lv, v, grid)
        values = np.array([excess(s) for s in states])
        above = np.flatnonzero(values > threshold)
        if above.size:
            last_above = (t0 + grid[above[-1]], states[above[-1]])
        if values[-1] < threshold / 10:
            break
        t0 += grid[-1]
        v = states[-1]
    else:
        raise RuntimeError(f"T_prep not reached within t_max = {t_max}/gamma")
    if last_above is None:
        return 0.0
    t_k, s_k = last_above
    fine = np.linspace(0.0, dt, 201)
    states = evolve(lv, s_k, fine)
    values = np.array([excess(s) for s in states])
    j = np.flatnonzero(values > threshold)[-1]
    if j == len(fine) - 1:
        return float(t_k + dt)
    # linear interpolation of log(excess) inside the last fine step
    a, b = np.log(values[j]), np.log(max(values[j + 1], 1e-300))
    frac = (a - np.log(threshold)) / (a - b)
    return float(t_k + fine[j] + frac * (fine[1] - fine[0]))


def ladder_preparation_time(num_pairs: int, r: float, step: float, permutation="identity", **kw) -> float:
    """T_prep (1/gamma) for delta_{A,i} = (i-1) step, delta_B = -P delta_A (paper 003 Fig. 3(c))."""
    da, db = dr.detunings(num_pairs, step, permutation)
    return preparation_time(r, da, db, **kw)


__all__ = ["Relaxation", "relaxation", "preparation_time", "settling_time", "ladder_preparation_time",
           "PURITY_THRESHOLD"]
