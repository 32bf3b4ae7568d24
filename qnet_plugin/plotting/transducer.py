"""Figure of the generic transducer link (issue 17).

Bell fidelity and pair rate against the added noise and the conversion efficiency, single-click
(alpha optimised for the ebit rate, or for the fidelity where no ebits survive) and two-click
(Barrett-Kok), from :class:`~qnet_plugin.links.transducer.TransducerLink`.

``fidelity_rate_figure(path)`` draws the four panels and writes them to ``path`` if given;
``save_all(folder)`` writes ``transducer_fidelity_rate.png``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from qnet_plugin.links.transducer import TransducerLink

STYLES = {"single-click": "-", "two-click": "--"}


def _curve(base: TransducerLink, field: str, values) -> dict:
    out: dict[str, dict[str, list[float]]] = {p: {"fidelity": [], "rate_hz": []} for p in STYLES}
    for v in values:
        for p in STYLES:
            rep = base.replace(**{field: float(v)}, protocol=p).report()
            out[p]["fidelity"].append(rep.fidelity)
            out[p]["rate_hz"].append(rep.rate_hz)
    return {p: {k: np.array(x) for k, x in d.items()} for p, d in out.items()}


def fidelity_rate_figure(path=None, base: TransducerLink | None = None, efficiencies=(0.05, 0.3, 0.8),
                         noises=(0.0, 0.01, 0.05), n_add=None, efficiency=None):
    """Fidelity and rate against n_add (left, one colour per efficiency) and against efficiency
    (right, one colour per n_add), solid single-click, dashed two-click; ``base`` supplies every other
    parameter (default: :class:`TransducerLink` defaults); grids default to 25 points on
    n_add in [0, 0.3] and efficiency in [0.01, 0.95]. Returns the figure."""
    n_add = np.linspace(0.0, 0.3, 25) if n_add is None else np.asarray(n_add)
    efficiency = np.geomspace(0.01, 0.95, 25) if efficiency is None else np.asarray(efficiency)
    base = (base or TransducerLink()).replace(regime_boundaries=False, alpha=None)
    fig, axes = plt.subplots(2, 2, figsize=(9.0, 6.4), sharex="col")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, eta in enumerate(efficiencies):
        d = _curve(base.replace(efficiency=eta), "n_add", n_add)
        for p, ls in STYLES.items():
            label = rf"$\eta$ = {eta:g}" if p == "single-click" else None
            axes[0, 0].plot(n_add, d[p]["fidelity"], ls, color=colours[i], label=label)
            axes[1, 0].semilogy(n_add, d[p]["rate_hz"], ls, color=colours[i])
    for i, n in enumerate(noises):
        d = _curve(base.replace(n_add=n), "efficiency", efficiency)
        for p, ls in STYLES.items():
            label = f"$n_{{add}}$ = {n:g}" if p == "single-click" else None
            axes[0, 1].semilogx(efficiency, d[p]["fidelity"], ls, color=colours[i + 3], label=label)
            axes[1, 1].loglog(efficiency, d[p]["rate_hz"], ls, color=colours[i + 3])
    for ax in axes[0]:
        ax.axhline(0.5, color="gray", lw=0.8, ls=":")
        ax.set_ylabel(r"Bell fidelity ($\Phi^+$)")
    for ax in axes[1]:
        ax.set_ylabel("pair rate (Hz)")
    axes[1, 0].set_xlabel("added noise $n_{add}$ (photons, input-referred)")
    axes[1, 1].set_xlabel(r"conversion efficiency $\eta$")
    axes[0, 0].plot([], [], "k-", label="single-click")
    axes[0, 0].plot([], [], "k--", label="two-click")
    axes[0, 0].legend(fontsize=7, ncol=2)
    axes[0, 1].legend(fontsize=7)
    fig.suptitle(f"Generic transducer link: {base.rep_rate:g} Hz pulses, detector {base.detector_efficiency:g}, "
                 f"{base.fibre_length:g} m fibre", fontsize=10)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130)
    return fig


def save_all(folder) -> list[Path]:
    """Write ``transducer_fidelity_rate.png`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "transducer_fidelity_rate.png"
    plt.close(fidelity_rate_figure(out))
    return [out]


def device_points() -> list[dict]:
    """The four paper devices' (efficiency, added noise) as computed by their own models' reports.

    Each row: ``device``, ``link`` (registry name), ``efficiency`` and ``added_noise_out`` (noise
    photons per attempt/conversion at the transducer output) or None where the model has no such
    number, the source ``keys`` in ``report().extras``, and a ``note``. Readings:

    * 000 transfer (:class:`~qnet_plugin.links.direct_transduction.DirectElectroOpticLink`):
      ``efficiency`` (one converter), ``end_to_end_added_photons`` (0: paper 000 neglects pump noise);
    * 000 heralded (:class:`~qnet_plugin.links.electro_optic.ElectroOpticLink`): a pair source
      (red-sideband pulses), no conversion efficiency or added noise of a converted photon;
    * 001 (:class:`~qnet_plugin.links.nv_diamond.NVDiamondLink`): ``p_coh`` (coherent conversion
      probability) and ``p_d`` (noise photon per detection window, tau_conv R_d); the incoherent
      ``p_inc`` photon comes only with a signal photon, so it is not added noise in the n_add sense;
    * 002 (:class:`~qnet_plugin.links.mmwave.MillimeterWaveLink`): ``efficiency`` and
      ``backaction_photons`` (the converter's own), end-to-end figures in the note;
    * 003 (:class:`~qnet_plugin.links.dual_rail.DualRailLink`): a squeezed microwave source, no
      transducer.
    """
    from qnet_plugin.links import (
        DirectElectroOpticLink,
        DualRailLink,
        ElectroOpticLink,
        MillimeterWaveLink,
        NVDiamondLink,
    )

    d = DirectElectroOpticLink().report().extras
    e = ElectroOpticLink().report().extras
    nv = NVDiamondLink().report().extras
    mm = MillimeterWaveLink().report().extras
    return [
        dict(device="000 electro-optic, transfer", link="direct-electro-optic", efficiency=d["efficiency"],
             added_noise_out=d["end_to_end_added_photons"], keys="efficiency, end_to_end_added_photons",
             note=f"end-to-end transmittance {d['end_to_end_transmittance']:.3f}; pump noise neglected (000)"),
        dict(device="000 electro-optic, heralded pairs", link="electro-optic", efficiency=None,
             added_noise_out=None, keys="-",
             note=f"pair source, no such number (herald probability {e['herald_probability']:.3f})"),
        dict(device="001 NV0 diamond", link="nv-diamond", efficiency=nv["p_coh"], added_noise_out=nv["p_d"],
             keys="p_coh, p_d",
             note=f"plus incoherent photon p_inc = {nv['p_inc']:.4f} per signal photon"),
        dict(device="002 mm-wave", link="mmwave", efficiency=mm["efficiency"],
             added_noise_out=mm["backaction_photons"], keys="efficiency, backaction_photons",
             note=(f"end-to-end transmittance {mm['end_to_end_transmittance']:.3f}, added "
                   f"{mm['end_to_end_added_photons']:.4f}")),
        dict(device="003 dual-rail", link="dual-rail", efficiency=None, added_noise_out=None, keys="-",
             note=f"squeezed source, no transducer ({DualRailLink().report().extras['engine']})"),
    ]


def device_table(base: TransducerLink | None = None) -> str:
    """Markdown table of :func:`device_points` with the generic link's Bell fidelity at each point.

    The fidelity is :class:`TransducerLink` (``base``, default its defaults) with the device's
    efficiency and output-referred added noise as thermal-like noise in the signal mode, for both
    protocols; every other parameter (detectors, fibre, rep rate) is the generic link's, not the
    device's, so it places the device on the axes rather than reproducing its paper.
    """
    base = (base or TransducerLink()).replace(regime_boundaries=False, noise_referred_to="output",
                                              pump_noise_fraction=0.0, alpha=None)
    lines = ["| device | link | efficiency | added noise (out) | n_add (in) | F single-click | F two-click | "
             "extras keys | note |", "|---|---|---|---|---|---|---|---|---|"]
    for row in device_points():
        eta, n = row["efficiency"], row["added_noise_out"]
        if eta is None:
            cells = ["-"] * 5
        else:
            fs = [base.replace(efficiency=eta, n_add=n, protocol=p).report().fidelity for p in STYLES]
            cells = [f"{eta:.3f}", f"{n:.3g}", f"{n / eta:.3g}", f"{fs[0]:.3f}", f"{fs[1]:.3f}"]
        lines.append(f"| {row['device']} | `{row['link']}` | " + " | ".join(cells)
                     + f" | {row['keys']} | {row['note']} |")
    return "\n".join(lines)


__all__ = ["device_points", "device_table", "fidelity_rate_figure", "save_all"]
