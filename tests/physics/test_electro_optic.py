"""Paper 000 closed forms: Eqs. (3), (4), (6), (7), (9)-(12), (A5), and the Fig. 2 operating point."""

import numpy as np
import pytest

from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.physics.electro_optic import transducer as eo

FIG2 = eo.PAPER_FIG2


def test_eq6_statement_r0_is_four_hundredths_np_per_second():
    # 000 below Eq. (6): "r0 = 4<n_p> 1e-2 Hz at typical g0 = 1 kHz and gamma_e = 100 MHz" (gamma_i = 0).
    n_p = 1e6
    r0 = eo.pair_rate(eo.coupling_rate(1e3, n_p), 1e8, 0.0)
    assert r0 / n_p == pytest.approx(4e-2, rel=1e-12)


def test_fig2_point_rate_of_order_100khz_and_0p1_mw_heating():
    # 000 text: "pair generation rates of 100 kHz ... while suffering 0.1 mW of in-fridge heating";
    # Fig. 2 at ~0.1 mW pump. Literal unit reading (numbers as written, s^-1).
    n_p = eo.pump_photon_number(1e-4, FIG2["gamma_e"], FIG2["gamma_i"], FIG2["wavelength"])
    assert n_p == pytest.approx(7.5512e6, rel=1e-4)  # Eq. (4), 4 gamma_e/(gamma_e+gamma_i)^2 P/(hbar omega)
    r0 = eo.pair_rate(eo.coupling_rate(FIG2["g0"], n_p), FIG2["gamma_e"], FIG2["gamma_i"])
    assert r0 == pytest.approx(7.5512e4, rel=1e-4)  # Eq. (7)
    pulse = eo.optimal_pulse_eq12(r0, FIG2["reset_time"])
    rate = eo.bell_rate_eq12(r0, pulse, FIG2["reset_time"])
    assert rate == pytest.approx(9.037e4, rel=1e-3)  # Eq. (12) at its optimum: "of order 100 kHz"
    assert eo.pump_heat(1e-4, FIG2["gamma_e"], FIG2["gamma_i"]) == pytest.approx(1e-4, rel=1e-12)


def test_r0_is_the_same_under_the_angular_reading_but_g_over_gamma_is_not():
    lit = dict(g0=1e3, ge=1e8, gi=1e8)
    ang = {k: TWO_PI * v for k, v in lit.items()}
    vals = []
    for p in (lit, ang):
        n_p = eo.pump_photon_number(1e-4, p["ge"], p["gi"], 1500e-9)
        g = eo.coupling_rate(p["g0"], n_p)
        vals.append((eo.pair_rate(g, p["ge"], p["gi"]), g / p["ge"]))
    assert vals[0][0] == pytest.approx(vals[1][0], rel=1e-12)
    assert vals[0][1] / vals[1][1] == pytest.approx(np.sqrt(TWO_PI), rel=1e-12)


def test_rate_scaling_gamma_e_squared_over_total_to_the_fourth():
    # 000: "The entanglement rate scales as gamma_e^2/(gamma_e+gamma_i)^4, which is maximal at gamma_e = gamma_i"
    rng = np.random.default_rng(1)
    ge, gi = rng.uniform(1e7, 1e9, 20), rng.uniform(1e7, 1e9, 20)
    r = eo.pair_rate(eo.coupling_rate(1e3, eo.pump_photon_number(1e-4, ge, gi, 1500e-9)), ge, gi)
    ratio = r / (ge ** 2 / (ge + gi) ** 4)
    assert np.allclose(ratio, ratio[0], rtol=1e-12)
    grid = np.linspace(0.2e8, 5e8, 4801)
    r = eo.pair_rate(eo.coupling_rate(1e3, eo.pump_photon_number(1e-4, grid, 1e8, 1500e-9)), grid, 1e8)
    assert grid[np.argmax(r)] == pytest.approx(1e8, rel=1e-3)


def test_eq10_typo_no_click_norm_decays_at_r0():
    # Eq. (11): <psi|psi> ~ exp(-4|g|^2 t/gamma_e). Holds with g' = sqrt(gamma_e^2/16 - g^2).
    g, ge = 1e6, 1e8
    t = np.array([5e-6, 6e-6])
    c0, c1 = eo.no_click_amplitudes(t, g, ge)
    norm = np.abs(c0) ** 2 + np.abs(c1) ** 2
    slope = -np.diff(np.log(norm))[0] / np.diff(t)[0]
    assert slope == pytest.approx(4 * g ** 2 / ge, rel=1e-3)
    # The printed Eq. (10), g' = sqrt(gamma_e^2/4 - g^2), gives a norm that grows: the typo.
    gp = np.sqrt(ge ** 2 / 4 - g ** 2)
    assert 2 * gp - ge / 2 > 0


def test_eq9_solves_eq8():
    g, ge = 2e6, 1e8
    t = np.linspace(0, 2e-7, 5)
    h = 1e-12
    c0, c1 = eo.no_click_amplitudes(t, g, ge)
    d0 = (np.array(eo.no_click_amplitudes(t + h, g, ge)) - np.array(eo.no_click_amplitudes(t - h, g, ge))) / (2 * h)
    assert np.allclose(d0[0], -1j * g * c1, atol=1e-3 * g)
    assert np.allclose(d0[1], -1j * g * c0 - ge / 2 * c1, atol=1e-3 * g)


def test_optimal_pulse_eq12_is_a_maximum():
    r0, tr = 7.55e4, 1e-6
    t = eo.optimal_pulse_eq12(r0, tr)
    assert eo.bell_rate_eq12(r0, t, tr) > eo.bell_rate_eq12(r0, t * 1.01, tr)
    assert eo.bell_rate_eq12(r0, t, tr) > eo.bell_rate_eq12(r0, t * 0.99, tr)


def test_bad_input_names_the_parameter():
    with pytest.raises(ParameterError, match=r"pump_power = -1 W is outside the allowed range \(0, inf\)|pump_power = -1 W is outside the allowed range \[0, inf\)"):
        eo.pump_photon_number(-1, 1e8, 1e8, 1500e-9)
    with pytest.raises(ParameterError, match="wavelength"):
        eo.pump_photon_number(1e-4, 1e8, 1e8, 0)
