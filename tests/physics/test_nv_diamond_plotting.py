"""Figures of paper 001 build from the fast engine (small grids here; docs use 100 x 100)."""

import os

import numpy as np

from qnet_plugin.plotting import nv_diamond as nvp


def test_maps_and_files(tmp_path):
    x, y, c = nvp.conversion_map("dephasing", n=6)
    assert c.p_coh.shape == (6, 6)
    assert c.p_coh[0, 0] > c.p_coh[-1, -1]          # dephasing lowers P_coh
    x, y, fid, rate, a = nvp.link_map("detuning", n=5)
    assert fid[2, 2] == fid.max() and np.all(rate > 0)   # centre (ideal detunings) is best
    paths = [nvp.pump_sweep(tmp_path / "b.png", powers=np.logspace(-12, -10, 8)),
             nvp.conversion_maps(str(tmp_path / "m.png"), "detuning", n=8),
             nvp.link_maps(str(tmp_path / "l.png"), "dephasing", n=6)]
    for p in paths:
        assert os.path.getsize(p) > 1000
