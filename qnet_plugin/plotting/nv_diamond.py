"""Figures of paper 001 (NV0-diamond transducer) from the fast engine: Fig. 2(a) inset, 2(b)-(f), 3(b)-(e).

Every map is one batched call of :func:`qnet_plugin.physics.nv_diamond.steady_state.conversion` (a 100 x 100 map
takes about a second). Axis ranges are ours (the paper's figures are not in the text we have);
the paper's thresholds are drawn as dashed lines. Call :func:`make_all` to write every figure.
"""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.physics.nv_diamond.rates import NVDevice
from qnet_plugin.physics.nv_diamond.single_click import NodeConversion, single_click
from qnet_plugin.physics.nv_diamond.steady_state import PAPER_PUMP_POWER, bandwidth, conversion, conversion_time

TW = TWO_PI
MHZ = TW * 1e6


def _save(fig, path):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def bandwidth_curve(path, device: NVDevice | None = None, pump_power=PAPER_PUMP_POWER):
    """001 Fig. 2(a) inset: P_coh versus signal detuning, with the FWHM (BW) marked."""
    device = device or NVDevice()
    x = np.linspace(-15, 15, 301)
    p = conversion(device, pump_power, signal_detuning=x * MHZ).p_coh
    bw = bandwidth(device, pump_power) / 1e6
    fig, ax = plt.subplots(figsize=(4.5, 3.2))
    ax.plot(x, p, color="tab:red")
    ax.axhline(p.max() / 2, ls=":", color="gray")
    ax.axvspan(-bw / 2, bw / 2, color="tab:red", alpha=0.1, label=f"BW = {bw:.2f} MHz (paper 5.0)")
    ax.set_xlabel(r"$\Delta\mu_s/2\pi$ (MHz)")
    ax.set_ylabel(r"$P_{coh}$")
    ax.legend(fontsize=8)
    return _save(fig, path)


def pump_sweep(path, device: NVDevice | None = None, powers=None):
    """001 Fig. 2(b): P_coh (left) and the dark-count rate R_d (right, log) versus pump power."""
    device = device or NVDevice()
    powers = np.logspace(-12, -9, 200) if powers is None else np.asarray(powers)
    c = conversion(device, powers)
    fig, ax = plt.subplots(figsize=(5, 3.4))
    ax.semilogx(powers * 1e12, c.p_coh, color="tab:red", label=r"$P_{coh}$")
    ax.semilogx(powers * 1e12, c.p_tot, color="tab:blue", ls="--", label=r"$P_{tot}$")
    ax.axvline(55, ls=":", color="k")
    ax.set_xlabel("pump power (pW)")
    ax.set_ylabel("efficiency")
    ax2 = ax.twinx()
    ax2.loglog(powers * 1e12, c.dark_count_hz, color="tab:purple", label=r"$R_d$")
    ax2.loglog(powers * 1e12, 41 * (powers / 55e-12), color="tab:purple", ls=":", lw=0.8, label=r"$\propto P$ (paper)")
    ax2.set_ylabel(r"$R_d$ (1/s)", color="tab:purple")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left")
    return _save(fig, path)


def dephasing_grid(n=100):
    """gamma_1^phi/2pi in [0.01, 10] MHz and gamma_2^phi/2pi in [0.1, 300] MHz, log spaced (rad/s)."""
    return np.logspace(-2, 1, n) * MHZ, np.logspace(-1, np.log10(300), n) * MHZ


def detuning_grid(n=100):
    """Delta omega_10/2pi in [-10, 10] MHz and Delta omega_20/2pi in [-100, 100] MHz (rad/s)."""
    return np.linspace(-10, 10, n) * MHZ, np.linspace(-100, 100, n) * MHZ


def conversion_map(kind: str = "dephasing", n: int = 100, device: NVDevice | None = None,
                   pump_power=PAPER_PUMP_POWER):
    """The (x, y, ConversionResult) of a Fig. 2(c)-(f) map; ``kind`` = "dephasing" or "detuning".
    Result arrays have shape (n_y, n_x) with x the |1> parameter and y the |2> parameter."""
    device = device or NVDevice()
    if kind == "dephasing":
        x, y = dephasing_grid(n)
        return x, y, conversion(device, pump_power, dephasing_1=x[None, :], dephasing_2=y[:, None])
    x, y = detuning_grid(n)
    return x, y, conversion(device, pump_power, detuning_10=x[None, :], detuning_20=y[:, None])


def _axes(ax, kind):
    if kind == "dephasing":
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\gamma_1^\phi/2\pi$ (MHz)")
        ax.set_ylabel(r"$\gamma_2^\phi/2\pi$ (MHz)")
        ax.axvline(1.7, ls="--", color="w", lw=0.8)
        ax.axhline(11, ls="--", color="w", lw=0.8)
    else:
        ax.set_xlabel(r"$\Delta\omega_{10}/2\pi$ (MHz)")
        ax.set_ylabel(r"$\Delta\omega_{20}/2\pi$ (MHz)")
        for v in (-1.65, 1.65):
            ax.axvline(v, ls="--", color="w", lw=0.8)
        for v in (-10.5, 10.5):
            ax.axhline(v, ls="--", color="w", lw=0.8)


def conversion_maps(path, kind: str = "dephasing", n: int = 100, device: NVDevice | None = None):
    """001 Fig. 2(c),(d) (``kind="dephasing"``) or 2(e),(f) (``"detuning"``): P_coh and P_coh/P_tot.
    Solid contours: P_coh = 0.1 and P_coh/P_tot = 0.5 (0.9 for detuning); dashed: the paper's thresholds."""
    x, y, c = conversion_map(kind, n, device)
    fig, axs = plt.subplots(1, 2, figsize=(9, 3.6))
    for ax, z, title, lev in ((axs[0], c.p_coh, r"$P_{coh}$", 0.1),
                              (axs[1], c.p_coh / c.p_tot, r"$P_{coh}/P_{tot}$", 0.5 if kind == "dephasing" else 0.9)):
        im = ax.pcolormesh(x / MHZ, y / MHZ, z, shading="auto", cmap="viridis")
        ax.contour(x / MHZ, y / MHZ, z, levels=[lev], colors="r", linewidths=1)
        fig.colorbar(im, ax=ax)
        ax.set_title(f"{title} (red: {lev})", fontsize=9)
        _axes(ax, kind)
    return _save(fig, path)


def link_map(kind: str = "dephasing", n: int = 100, device: NVDevice | None = None, pump_power=PAPER_PUMP_POWER,
             rep_rate=1e6):
    """F_1c and R_herald (Hz) maps of 001 Fig. 3(b),(c) / (d),(e): node A impaired, node B ideal,
    tau_conv from the ideal transducer. Returns (x, y, fidelity, rate, result_A)."""
    device = device or NVDevice()
    tau = conversion_time(bandwidth(device, pump_power))
    b = conversion(device, pump_power)
    nb = NodeConversion(float(b.p_tot), float(b.p_coh), float(b.theta), float(tau * b.dark_count_hz))
    x, y, a = conversion_map(kind, n, device, pump_power)
    fid = np.empty(a.p_coh.shape)
    rate = np.empty(a.p_coh.shape)
    for idx in np.ndindex(fid.shape):
        na = NodeConversion(float(a.p_tot[idx]), float(min(a.p_coh[idx], a.p_tot[idx])), float(a.theta[idx]),
                            float(tau * a.dark_count_hz[idx]))
        sc = single_click(na, nb)
        fid[idx], rate[idx] = sc.fidelity, sc.herald_rate(rep_rate)
    return x, y, fid, rate, a


def link_maps(path, kind: str = "dephasing", n: int = 100, device: NVDevice | None = None):
    """001 Fig. 3(b),(c) (dephasing; red dashed: P_coh^A/P_tot^A = 0.5) or 3(d),(e) (detuning)."""
    x, y, fid, rate, a = link_map(kind, n, device)
    fig, axs = plt.subplots(1, 2, figsize=(9, 3.6))
    im = axs[0].pcolormesh(x / MHZ, y / MHZ, fid, shading="auto", cmap="magma", vmin=0.4, vmax=1.0)
    fig.colorbar(im, ax=axs[0])
    cs = axs[0].contour(x / MHZ, y / MHZ, fid, levels=[0.5, 0.8], colors=["c", "w"], linewidths=1)
    axs[0].clabel(cs, fontsize=7)
    if kind == "dephasing":
        axs[0].contour(x / MHZ, y / MHZ, a.p_coh / a.p_tot, levels=[0.5], colors="r", linestyles="--", linewidths=1)
    axs[0].set_title(r"$F_{1c}$", fontsize=9)
    im = axs[1].pcolormesh(x / MHZ, y / MHZ, rate / 1e3, shading="auto", cmap="cividis")
    fig.colorbar(im, ax=axs[1])
    axs[1].set_title(r"$R_{herald}$ (kHz) at $R_{rep}$ = 1 MHz", fontsize=9)
    for ax in axs:
        _axes(ax, kind)
    return _save(fig, path)


def make_all(directory="docs/figures", n: int = 100):
    """Write every figure of this module into ``directory``; returns the paths."""
    j = os.path.join
    return [bandwidth_curve(j(directory, "nv_diamond_fig2a_bandwidth.png")),
            pump_sweep(j(directory, "nv_diamond_fig2b_pump.png")),
            conversion_maps(j(directory, "nv_diamond_fig2cd_dephasing.png"), "dephasing", n),
            conversion_maps(j(directory, "nv_diamond_fig2ef_detuning.png"), "detuning", n),
            link_maps(j(directory, "nv_diamond_fig3bc_dephasing.png"), "dephasing", n),
            link_maps(j(directory, "nv_diamond_fig3de_detuning.png"), "detuning", n)]


__all__ = ["bandwidth_curve", "pump_sweep", "conversion_map", "conversion_maps", "link_map", "link_maps",
           "make_all", "dephasing_grid", "detuning_grid"]
