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


__all__ = ["fidelity_rate_figure", "save_all"]
