"""Figures of entanglement purification: paper 000 Fig. 2 and protocol benchmarks (Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

_STYLE = {
    "blue": dict(color="tab:blue", ls="-"),
    "red": dict(color="tab:red", ls="-"),
    "red+purification": dict(color="tab:red", ls="--"),
    "red+storage": dict(color="tab:red", ls=":"),
    "red+purification+storage": dict(color="tab:red", ls="-."),
}


def plot_fig2(data, path=None, title: str | None = None, axes=None):
    """Top: infidelity vs pump power; middle: pair rate (orange) and ebit rate (green), paper 000
    Fig. 2 layout. ``data`` is a :class:`qnet_plugin.purification.fig2.Fig2Data`. Writes ``path``
    when given; returns the figure."""
    if axes is None:
        fig, axes = plt.subplots(2, 1, figsize=(5.2, 6.4), sharex=True)
    else:
        fig = axes[0].figure
    top, mid = axes
    p_mw = data.pump_power * 1e3
    for name, y in data.infidelity.items():
        top.loglog(p_mw, y, label=name, **_STYLE.get(name, {}))
    top.set_ylabel("infidelity 1 - F")
    top.legend(fontsize=7)
    top.grid(True, which="both", alpha=0.3)
    dashes = {"red": "-", "red+purification": "--", "red+storage": ":", "red+purification+storage": "-."}
    for name, ls in dashes.items():
        if name in data.rate_hz:
            mid.loglog(p_mw, data.rate_hz[name], color="tab:orange", ls=ls, label=f"rate, {name}")
            mid.loglog(p_mw, data.ebit_rate_hz[name], color="tab:green", ls=ls, label=f"ebit rate, {name}")
    mid.set_xlabel("pump power (mW)")
    mid.set_ylabel("rate (Hz)")
    mid.legend(fontsize=6, ncol=2)
    mid.grid(True, which="both", alpha=0.3)
    if title:
        top.set_title(title, fontsize=9)
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=130)
    return fig


def plot_benchmark(records, path=None, title: str | None = None):
    """Output infidelity against output rate, one line per protocol through its rounds (and the raw
    link point). ``records`` are :func:`qnet_plugin.purification.benchmark.run_benchmark` rows."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.8))
    by: dict[str, list[dict]] = {}
    for r in records:
        by.setdefault(r["protocol"], []).append(r)
    for name, rows in by.items():
        rows = sorted(rows, key=lambda r: r["rounds"])
        rate = [rows[0]["link_rate_hz"]] + [r["rate_hz"] for r in rows]
        inf = [1 - rows[0]["fidelity_in"]] + [1 - r["fidelity_out"] for r in rows]
        ebit = [rows[0]["link_rate_hz"] * max(0.0, rows[0]["ebit_yield_in"])] + [r["ebit_rate_hz"] for r in rows]
        ax1.loglog(rate, inf, "o-", label=name)
        ax2.plot(np.arange(len(ebit)), ebit, "o-", label=name)
    ax1.set_xlabel("output pair rate (Hz)")
    ax1.set_ylabel("infidelity 1 - F")
    ax1.grid(True, which="both", alpha=0.3)
    ax1.legend(fontsize=7)
    ax2.set_xlabel("rounds")
    ax2.set_ylabel("ebit rate (Hz)")
    ax2.grid(True, alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=130)
    return fig
