"""Figures of paper 002 (Fig. 3 maps, Sec. VII budget) and the direct-vs-heralded comparison: they are
written, and the data behind them say what the figures claim."""

import numpy as np

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.physics.mmwave.converter import MmWaveConverter
from qnet_plugin.plotting import mmwave as plots


def test_maps_and_budget_are_written(tmp_path):
    for fn, name in ((plots.plot_energy_map, "e.png"), (plots.plot_purity_maps, "p.png"),
                     (plots.plot_link_budget, "b.png")):
        fig = fn(tmp_path / name, **({"n": 40} if fn is not plots.plot_link_budget else {}))
        assert (tmp_path / name).stat().st_size > 10_000
        fig.clf()


def test_energy_map_minimum_lies_below_the_regime_boundary():
    """Fig. 3(a): E_qbit is lowest in the lower region (kappa_ext = kappa_int) along k_uw ~ k_mm."""
    conv = MmWaveConverter()
    f = np.geomspace(1e4, 1e9, 60)
    e = conv.energy_map(TWO_PI * f[None, :], TWO_PI * f[:, None])
    i, j = np.unravel_index(np.argmin(e), e.shape)
    assert abs(np.log10(f[i] / f[j])) < 0.2


def test_fidelity_rate_curves_show_heralding_breaking_the_trade_off(tmp_path):
    curves = plots.fidelity_rate_curves(pump_powers=np.geomspace(1e-7, 1e-3, 6))
    same_device = [k for k in curves if k.startswith("direct") and "gamma" not in k]
    best_direct = max(curves[k][1].max() for k in same_device)
    rates, fids = curves["heralded (ElectroOpticLink)"]
    assert best_direct < 0.56 and fids.max() > 0.95
    # heralded pairs beat the best direct transfer of the same device at every rate they reach
    assert np.all(fids[rates < 1e5] > best_direct)
    fig = plots.plot_fidelity_vs_rate(tmp_path / "f.png", curves=curves)
    assert (tmp_path / "f.png").stat().st_size > 10_000
    fig.clf()
