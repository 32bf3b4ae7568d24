"""Figures for paper 002 (mm-wave links) and the direct-vs-heralded comparison (paper 000).

Every function draws on a new matplotlib figure (Agg backend), writes it to ``path`` when given,
and returns the figure.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.physics.mmwave.converter import MmWaveConverter, conversion_efficiency_eq17, linearity_ratio
from qnet_plugin.physics.thermal_link import TABLE_II_ATTENUATION_DB_PER_M, ThermalWaveguide


def _save(fig, path):
    if path is not None:
        fig.savefig(path, dpi=130, bbox_inches="tight")
    return fig


def _grid(n):
    f_uw = np.geomspace(1e4, 1e10, n)        # kappa_uw/2pi, Hz
    f_mm = np.geomspace(1e5, 1e11, n)        # kappa_mm/2pi, Hz
    return f_uw, f_mm


def _guides(ax, conv, f_uw, f_mm):
    """The lines of Fig. 3: Q_uw = 1, RWA (kappa_mm = omega_uw), the Eq. (16) regime boundary, Table I point."""
    w_uw = conv.omega_uw / TWO_PI
    ax.axvline(w_uw, color="k", ls="--", lw=1, label=r"$Q_{\mu w}=1$")
    ax.axhline(w_uw, color="k", lw=1.2, label=r"$\kappa_{mm}=\omega_{\mu w}$ (RWA)")
    r = linearity_ratio(conv.omega_uw, conv.omega_mm)
    # F r k_uw k_mm = 4 k_int^2  ->  f_mm = 4 f_int^2/(F r f_uw)
    f_int = conv.kappa_int / TWO_PI
    ax.plot(f_uw, 4 * f_int ** 2 / (conv.linearity * r * f_uw), color="tab:blue", lw=1.5,
            label="Eq. (16) regime boundary")
    ax.plot(conv.kappa_uw / TWO_PI, conv.kappa_mm / TWO_PI, "o", color="red", ms=7, label="Table I point")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(f_uw[0], f_uw[-1])
    ax.set_ylim(f_mm[0], f_mm[-1])
    ax.set_xlabel(r"$\kappa_{\mu w}/2\pi$ (Hz)")
    ax.set_ylabel(r"$\kappa_{mm}/2\pi$ (Hz)")


def plot_energy_map(path=None, converter: MmWaveConverter | None = None, n: int = 300):
    """002 Fig. 3(a): E_qbit (Eq. (16)) over the two linewidths, with Eq. (17) efficiency contours."""
    conv = converter or MmWaveConverter()
    f_uw, f_mm = _grid(n)
    ku, km = TWO_PI * f_uw[None, :], TWO_PI * f_mm[:, None]
    e = conv.energy_map(ku, km)
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    mesh = ax.pcolormesh(f_uw, f_mm, e, norm=LogNorm(vmin=1e-21, vmax=1e-15), cmap="viridis", shading="auto")
    cs = ax.contour(f_uw, f_mm, e, levels=10.0 ** np.arange(-21, -14), colors="w", linewidths=0.6)
    ax.clabel(cs, fmt=lambda v: f"{v:.0e} J", fontsize=7)
    eff = conversion_efficiency_eq17(ku, km, conv.kappa_uw_int, conv.kappa_mm_int)
    ct = ax.contour(f_uw, f_mm, eff, levels=[0.5, 0.9, 0.99], colors="red", linestyles="--", linewidths=0.9)
    ax.clabel(ct, fmt=lambda v: f"T={v:g}", fontsize=7, inline=False)
    _guides(ax, conv, f_uw, f_mm)
    fig.colorbar(mesh, ax=ax, label=r"$E_{\rm qbit}$ (J)")
    ax.legend(loc="lower right", fontsize=7, framealpha=0.8)
    ax.set_title("002 Fig. 3(a): energy per converted qubit")
    return _save(fig, path)


def plot_purity_maps(path=None, converter: MmWaveConverter | None = None, n: int = 200):
    """002 Fig. 3(b), 3(c): purity loss from pump shot noise (Eq. (C2)) and back-action heating (Eq. (D4))."""
    conv = converter or MmWaveConverter()
    f_uw, f_mm = _grid(n)
    shot, back = conv.purity_loss_maps(TWO_PI * f_uw[None, :], TWO_PI * f_mm[:, None])
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
    for ax, data, title in zip(axes, (shot, back), ("(b) shot-noise dephasing, Eq. (C2)",
                                                    "(c) back-action heating, Eq. (D4)")):
        mesh = ax.pcolormesh(f_uw, f_mm, data, norm=LogNorm(vmin=1e-6, vmax=1), cmap="magma", shading="auto")
        _guides(ax, conv, f_uw, f_mm)
        fig.colorbar(mesh, ax=ax, label=r"$\delta\,{\rm Tr}\,\rho^2$")
        ax.set_title(title)
    axes[0].legend(loc="lower right", fontsize=7, framealpha=0.8)
    return _save(fig, path)


def plot_link_budget(path=None, temperature: float = 4.0, lengths=None):
    """Added thermal photons (1 - t) n against length for microwave, mm-wave and optical links
    (002 Sec. VII, Table II attenuations at ``temperature``; one of 0.02, 4, 70, 300 K)."""
    lengths = np.geomspace(1e-3, 1e4, 300) if lengths is None else np.asarray(lengths)
    fig, ax = plt.subplots(figsize=(6.4, 4.5))
    names = {7e9: "7 GHz microwave", 300e9: "300 GHz mm-wave", 200e12: "200 THz optical"}
    for f, label in names.items():
        att = TABLE_II_ATTENUATION_DB_PER_M[f][temperature]
        added = [ThermalWaveguide(frequency=f, temperature=temperature, attenuation_db_per_m=att,
                                  length=float(ell)).added_photons for ell in lengths]
        tag = " (n < 1e-10: below the axis)" if max(added) < 1e-8 else ""
        ax.loglog(lengths, np.maximum(added, 1e-30), label=f"{label} ({att:g} dB/m){tag}")
    for x in (0.01, 0.1):
        ax.axhline(x, color="gray", ls=":", lw=1)
    ax.set_ylim(1e-8, 1e3)
    ax.set_xlabel("link length (m)")
    ax.set_ylabel("added thermal photons $(1-t)\\,\\bar n$")
    ax.set_title(f"002 Sec. VII link budget at {temperature:g} K")
    ax.legend(fontsize=8)
    return _save(fig, path)


def _sweep(make, values):
    """(rates, fidelities) of ``make(v).report()`` over ``values``, skipping invalid points."""
    rows = []
    for v in values:
        try:
            r = make(float(v)).report()
        except ValueError:      # outside the model's validity (e.g. the adiabatic regime): skip
            continue
        rows.append((r.rate_hz, r.fidelity))
    return np.array(rows).T


def fidelity_rate_curves(pump_powers=None):
    """(rate, fidelity) curves: cascaded direct transduction (sweeping the microwave coupling kappa_e at a
    fixed pump: wide band = fast but low cooperativity), heralded entanglement on the same device
    (ElectroOpticLink, red variant, sweeping the pump), and the mm-wave link of paper 002 at three
    lengths (sweeping kappa_uw at kappa_mm/2pi = 2 GHz). Returns a dict name -> (rates, fidelities)."""
    from qnet_plugin.links.direct_transduction import DirectElectroOpticLink
    from qnet_plugin.links.electro_optic import ElectroOpticLink
    from qnet_plugin.links.mmwave import MillimeterWaveLink

    powers = np.geomspace(1e-8, 2e-3, 30) if pump_powers is None else np.asarray(pump_powers)
    kappas = np.geomspace(1e2, 1e8, 40)
    out = {}
    for p in (1e-5, 1e-4, 1e-3):
        base = DirectElectroOpticLink(pump_power=p)
        out[f"direct, {p * 1e3:g} mW"] = _sweep(lambda k, base=base: base.replace(microwave_coupling=k), kappas)
    better = DirectElectroOpticLink(pump_power=1e-4, gamma_i=1e6)
    out[r"direct, 0.1 mW, $\gamma_i=\gamma_e/100$"] = _sweep(lambda k: better.replace(microwave_coupling=k), kappas)
    out["heralded (ElectroOpticLink)"] = _sweep(lambda p: ElectroOpticLink(pump_power=p), powers)
    mm = MillimeterWaveLink()
    kappa_uw = mm.kappa_uw * np.geomspace(0.01, 30, 14)     # the rate follows Delta ~ 2 kappa_uw
    for ell in (1.0, 10.0, 100.0):
        out[f"mm-wave, {ell:g} m"] = _sweep(lambda k, ell=ell: mm.replace(length=ell, kappa_uw=k), kappa_uw)
    return out


def plot_fidelity_vs_rate(path=None, curves=None):
    """Fidelity against rate: cascaded direct transduction vs heralded entanglement on the same
    electro-optic device (paper 000's claim that heralding breaks the rate-fidelity trade-off), with
    the deterministic mm-wave link of paper 002 for reference."""
    curves = curves or fidelity_rate_curves()
    fig, ax = plt.subplots(figsize=(8.6, 4.8), layout="constrained")
    styles = {"direct": dict(ls="-", marker="o", ms=2), "heralded": dict(ls="-", marker="s", ms=3, lw=2.5,
                                                                         color="k"),
              "mm-wave": dict(ls="--", marker=".", ms=4)}
    for name, (rate, fid) in curves.items():
        style = next(v for k, v in styles.items() if name.startswith(k))
        ax.semilogx(rate, fid, label=name, **style)
    ax.axhline(0.5, color="gray", ls=":", lw=1)
    ax.text(ax.get_xlim()[0] * 1.5, 0.51, "F = 1/2", fontsize=7, color="gray")
    ax.set_xlabel("rate (pairs or transfers per second)")
    ax.set_ylabel(r"Bell-pair fidelity $\langle\Phi^+|\rho|\Phi^+\rangle$")
    ax.set_ylim(0.2, 1.0)
    ax.set_title("Deterministic transduction vs heralded entanglement")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _save(fig, path)


__all__ = ["plot_energy_map", "plot_purity_maps", "plot_link_budget", "fidelity_rate_curves",
           "plot_fidelity_vs_rate"]
