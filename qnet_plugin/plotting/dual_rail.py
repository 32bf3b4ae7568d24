"""Figures of paper 003 (dual-rail entanglement distribution) from this package's models.

Each ``fig*`` function computes its curves and draws them on ``ax`` (a new figure if None); sizes
default to what runs in seconds on a laptop (the paper's Fig. 3 uses N = 5). ``save_all(folder)``
writes ``dual_rail_*.png``. Units: rates and times in gamma, 1/gamma.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qnet_plugin.physics.dual_rail import broadband as dr
from qnet_plugin.physics.dual_rail import finite_bandwidth as drf
from qnet_plugin.physics.dual_rail import measures as me
from qnet_plugin.physics.dual_rail.dynamics import ladder_preparation_time, preparation_time, relaxation

#: default grids of Fig. 2(b) (r) and Fig. 2(c) (Delta/gamma)
_R_GRID = np.linspace(0.01, 2.5, 60)
_DELTA_GRID = np.linspace(0, 4, 81)


def _ax(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.2))
    return ax


def fig2b(ax=None, delta: float = 0.5, r=_R_GRID):
    """Concurrences C_ij of the N = 2 state, Eq. (10), against r (paper Fig. 2(b))."""
    ax = _ax(ax)
    c = np.array([me.concurrence_matrix(dr.two_pair_state(x, delta), 2) for x in r])
    ax.plot(r, c[:, 0, 0], label="$C_{11}=C_{22}$")
    ax.plot(r, c[:, 0, 1], "--", label="$C_{12}=C_{21}$")
    ax.plot(r, np.tanh(2 * r), ":", color="gray", label=r"$\tanh 2r$")
    ax.set(xlabel="$r$", ylabel="concurrence", title=rf"Fig. 2(b): $\Delta={delta}\gamma$")
    ax.legend(fontsize=8)
    return ax.figure


def fig2c(ax=None, r: float = 1.0, delta=_DELTA_GRID):
    """C_ij of Eq. (10) against Delta/gamma at r = 1 (paper Fig. 2(c))."""
    ax = _ax(ax)
    c = np.array([me.concurrence_matrix(dr.two_pair_state(r, d), 2) for d in delta])
    ax.plot(delta, c[:, 0, 0], label="$C_{11}$")
    ax.plot(delta, c[:, 0, 1], "--", label="$C_{12}$")
    ax.set(xlabel=r"$\Delta/\gamma$", ylabel="concurrence", title=f"Fig. 2(c): r = {r}")
    ax.legend(fontsize=8)
    return ax.figure


def fig2e(ax=None, num_pairs: int = 6, r: float = 1.0, deltas=(0.2, 0.5, 1.0, 5.0)):
    """Block entropies S_n, reversed permutation, delta_A,i = (i-1) Delta (paper Fig. 2(e))."""
    ax = _ax(ax)
    n = np.arange(num_pairs + 1)
    for d in deltas:
        psi = dr.steady_state(r, dr.detunings(num_pairs, d)[0], "reverse")
        ax.plot(n, me.block_entropies(psi, num_pairs), "o-", label=rf"$\Delta={d}\gamma$")
    h = dr.entropy_a_closed_form(1, r)
    ax.plot(n, 2 * h * np.minimum(n, num_pairs - n), ":", color="gray", label=r"$2n\,h(x)$ (SWAP limit)")
    ax.set(xlabel="$n$", ylabel=r"$S_n$ (nats)", title=f"Fig. 2(e): N = {num_pairs}, r = {r}")
    ax.legend(fontsize=7)
    return ax.figure


def fig3ab(ax=None, num_pairs: int = 3, r: float = 1.0, step: float = 0.0, permutation="identity",
           t_max: float = 120.0):
    """Relaxation from |0...0>: purity and concurrences, T_prep dashed (paper Fig. 3(a)/(b))."""
    ax = _ax(ax)
    da, db = dr.detunings(num_pairs, step, permutation)
    p = dr.parse_permutation(permutation, num_pairs)
    pairs = [(p[i], i) for i in range(num_pairs)]  # A_p(i) is paired with B_i when Delta >> gamma
    times = np.linspace(0, t_max, 241)
    rel = relaxation(r, da, db, times, pairs=pairs)
    ax.plot(times, rel.purity, "k", label=r"purity $\mu$")
    for k, (i, j) in enumerate(pairs):
        ax.plot(times, rel.concurrences[:, k], label=f"$C_{{{i + 1}{j + 1}}}$")
    t_prep = preparation_time(r, da, db)
    ax.axvline(t_prep, ls="--", color="gray")
    ax.set(xlabel=r"$\gamma t$", ylabel="purity, concurrence",
           title=f"Fig. 3: N = {num_pairs}, {permutation}, $\\Delta$ = {step}$\\gamma$")
    ax.legend(fontsize=7)
    return ax.figure


def fig3c(ax=None, max_pairs: int = 3, r: float = 1.0, deltas=(0.0, 0.2, 0.5, 1.0, 2.0)):
    """T_prep(N) for delta_A,i = (i-1) Delta, delta_B = -delta_A (paper Fig. 3(c))."""
    ax = _ax(ax)
    n = np.arange(1, max_pairs + 1)
    t1 = ladder_preparation_time(1, r, 0.0)
    for d in deltas:
        ax.plot(n, [ladder_preparation_time(int(k), r, d) for k in n], "o-", label=rf"$\Delta={d}\gamma$")
    ax.plot(n, n * t1, ":", color="gray", label=r"$N\,T_{prep}(1)$")
    ax.set(xlabel="$N$", ylabel=r"$\gamma T_{prep}$", title=f"Fig. 3(c): r = {r}")
    ax.legend(fontsize=7)
    return ax.figure


def fig4a(ax=None, num_pairs: int = 3, r: float = 1.0, betas=(5.0, 10.0, 20.0, 50.0), cutoff: int = 3):
    """Steady-state C_ii along the chain for finite bandwidth beta = kappa/gamma (paper Fig. 4(a))."""
    ax = _ax(ax)
    i = np.arange(1, num_pairs + 1)
    for b in betas:
        model = drf.FiniteBandwidthModel((0.0,) * num_pairs, (0.0,) * num_pairs, r, b, 0.0, cutoff=cutoff)
        ax.plot(i, drf.steady_state(model).concurrences, "o-", label=rf"$\beta={b:g}$")
    ax.axhline(np.tanh(2 * r), ls=":", color="gray", label=r"$\tanh 2r$ ($\beta\to\infty$)")
    ax.set(xlabel="pair $i$", ylabel="$C_{ii}$", title=f"Fig. 4(a): r = {r}")
    ax.set_xticks(i)
    ax.legend(fontsize=7)
    return ax.figure


def fig4c(ax=None, r: float = 1.0, betas=(2.0, 5.0, 10.0), cutoff: int = 3):
    """C_11 of one pair against Delta/kappa, delta_A1 = -delta_B1 = Delta (paper Fig. 4(c))."""
    ax = _ax(ax)
    x = np.linspace(0, 3, 16)
    for b in betas:
        c = [drf.steady_state(drf.FiniteBandwidthModel((d * b,), (-d * b,), r, b, 0.0, cutoff=cutoff))
             .concurrences[0] for d in x]
        ax.plot(x, c, label=rf"$\beta={b:g}$")
    ax.set(xlabel=r"$\Delta/\kappa$", ylabel="$C_{11}$", title=f"Fig. 4(c): r = {r}")
    ax.legend(fontsize=7)
    return ax.figure


def save_all(folder="docs/figures") -> list[Path]:
    """Write every figure as ``folder/dual_rail_<name>.png``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jobs: dict[str, Callable[[], Any]] = {"fig2b": fig2b, "fig2c": fig2c, "fig2e": fig2e, "fig3a": fig3ab,
            "fig3b": lambda: fig3ab(step=0.2, permutation="reverse"), "fig3c": fig3c,
            "fig4a": fig4a, "fig4c": fig4c}
    paths = []
    for name, fn in jobs.items():
        fig = fn()
        fig.tight_layout()
        path = folder / f"dual_rail_{name}.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        paths.append(path)
    return paths


__all__ = ["fig2b", "fig2c", "fig2e", "fig3ab", "fig3c", "fig4a", "fig4c", "save_all"]
