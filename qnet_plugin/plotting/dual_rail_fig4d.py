"""Paper 003 Fig. 4(d): concurrence of the last pair vs the detuning step Delta (finite bandwidth).

Draws the results written by ``benchmarks/fig4d_dual_rail.py`` (no computing here: the N = 4
steady states of Eq. (11) take minutes each). Detunings delta_A,i = (i - 1) Delta = -delta_B,i,
r = 1; Delta in units of gamma. Markers: the paper's N = 4 (C_44) with dephasing gamma_phi (solid)
and without (dotted); lines: C_NN for N = 2, 3 with and without dephasing, for context. The dotted vertical line marks
delta_max = (N - 1) Delta = kappa for N = 4, where the paper expects finite-bandwidth losses.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def fig4d(results: dict, ax=None):
    """Draw C_NN against Delta/gamma from the ``dual_rail_fig4d.json`` dict; returns the figure."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5.0, 3.6))
    p = results["parameters"]
    beta, gphi = p["beta"], p["dephasing"]
    colours = {2: "tab:blue", 3: "tab:green"}
    for curve in results.get("context", {}).values():
        k, g = curve["pairs"], curve["dephasing"]
        x = [row["delta"] for row in curve["rows"]]
        y = [row["concurrences"][-1] for row in curve["rows"]]
        ax.plot(x, y, "-" if g > 0 else ":", color=colours.get(k, "gray"), lw=1.2,
                label=rf"$C_{{{k}{k}}}$, N={k}, $\gamma_\phi$={g:g}$\gamma$")
    big = [key for key in results if key.startswith("N") and key[1:].isdigit() and results[key]]
    for key in big:
        n = int(key[1:])
        for g in sorted({r.get("dephasing", gphi) for r in results[key]}, reverse=True):
            rows = sorted((r for r in results[key] if r.get("dephasing", gphi) == g), key=lambda r: r["delta"])
            ax.plot([r["delta"] for r in rows], [r["concurrences"][-1] for r in rows],
                    "o-" if g > 0 else "s:", color="tab:red", lw=2 if g > 0 else 1.2, ms=6 if g > 0 else 4,
                    label=rf"$C_{{{n}{n}}}$, N={n}, $\gamma_\phi$={g:g}$\gamma$")
        ax.axvline(beta / (n - 1), ls="--", color="gray", lw=0.8)
        ax.text(beta / (n - 1), 0.02, rf" $(N-1)\Delta=\kappa$ (N={n})", fontsize=7, color="gray")
    ax.set(xlabel=r"$\Delta/\gamma$", ylabel="concurrence of the last pair", ylim=(0, 0.85),
           title=rf"Fig. 4(d): r = {p['r']:g}, $\beta=\kappa/\gamma$ = {beta:g}, cutoff {p['cutoff']}")
    ax.legend(fontsize=7, loc="upper right")
    return ax.figure


def save_fig4d(results: dict, path) -> Path:
    """Write the figure to ``path`` (PNG); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig = fig4d(results)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


__all__ = ["fig4d", "save_fig4d"]
