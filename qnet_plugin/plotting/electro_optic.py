"""Figures for the electro-optic link (paper 000): infidelity, rate and heat versus pump power."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qnet_plugin.core.bell import PHI_PLUS_VECTOR
from qnet_plugin.links.electro_optic import ElectroOpticLink


def sweep_pump_power(link: ElectroOpticLink, powers) -> dict[str, np.ndarray]:
    """Rate (s^-1), infidelity, heat (W) and pulse (s) of ``link`` at each pump power (W)."""
    rows = [link.replace(pump_power=float(p)).report() for p in powers]
    return {"pump_power": np.asarray(powers, dtype=float),
            "rate_hz": np.array([r.rate_hz for r in rows]),
            "infidelity": np.array([1 - r.fidelity for r in rows]),
            "heat_w": np.array([r.heat_w for r in rows]),
            "pulse_s": np.array([r.extras["pulse_s"] for r in rows])}


def plot_pump_power_sweep(path, powers=None, link: ElectroOpticLink | None = None):
    """Paper 000 Fig. 2-style panels (infidelity, rate, heat vs pump power) for both variants; saves ``path``.

    Returns the data plotted, keyed by variant.
    """
    powers = np.logspace(-7, -3, 25) if powers is None else np.asarray(powers)
    link = link or ElectroOpticLink()
    data = {v: sweep_pump_power(link.replace(variant=v), powers) for v in ("blue", "red")}
    fig, axes = plt.subplots(3, 1, figsize=(6, 9), sharex=True)
    colors = {"blue": "tab:blue", "red": "tab:red"}
    for v, d in data.items():
        axes[0].loglog(d["pump_power"], d["infidelity"], color=colors[v], label=f"{v} variant")
        axes[1].loglog(d["pump_power"], d["rate_hz"], color=colors[v], label=f"{v} variant")
        axes[2].loglog(d["pump_power"], d["heat_w"], color=colors[v], label=f"{v} variant")
    axes[0].set_ylabel("infidelity 1 - F")
    axes[1].set_ylabel("Bell-pair rate (s$^{-1}$)")
    axes[2].set_ylabel("in-fridge heat (W)")
    axes[2].set_xlabel("pump power (W)")
    axes[0].set_title(f"Electro-optic heralding, g0={link.g0:g}/s, $\\gamma_e$={link.gamma_e:g}/s, "
                      f"$\\gamma_i$={link.gamma_i:g}/s", fontsize=9)
    for ax in axes:
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return data


def plot_infidelity_scaling(path, ratios=None, gamma_e: float = 1e8):
    """Infidelity vs g/gamma_e at gamma_i = 0 for both variants, with the 4x^2 and 12x^2 laws and
    the paper's ~x claim; pulse = 0.5/r0 at each point. Saves ``path`` and returns the data."""
    from qnet_plugin.physics.electro_optic import transducer as eo
    from qnet_plugin.physics.electro_optic.heralding import HeraldingSetup, heralded_state

    ratios = np.logspace(-3.5, -1.2, 12) if ratios is None else np.asarray(ratios)
    phi = PHI_PLUS_VECTOR.real
    data = {}
    for variant in ("red", "blue"):
        infid = []
        for x in ratios:
            g = x * gamma_e
            setup = HeraldingSetup(g, g, gamma_e, pulse=0.5 / float(eo.pair_rate(g, gamma_e)), variant=variant)
            infid.append(1 - float(np.real(phi @ heralded_state(setup).state @ phi)))
        data[variant] = np.array(infid)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.loglog(ratios, data["blue"], "o", color="tab:blue", label="blue (SPDC), model")
    ax.loglog(ratios, data["red"], "s", color="tab:red", label="red (beamsplitter), model")
    ax.loglog(ratios, 12 * ratios ** 2, "--", color="tab:blue", label=r"$12 (g/\gamma_e)^2$")
    ax.loglog(ratios, 4 * ratios ** 2, "--", color="tab:red", label=r"$4 (g/\gamma_e)^2$")
    ax.loglog(ratios, ratios, ":", color="gray", label=r"paper's claim $\sim g/\gamma$")
    ax.set_xlabel(r"$g/\gamma_e$  ($\gamma_i = 0$)")
    ax.set_ylabel("infidelity 1 - F")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return {"ratio": ratios, **data}
