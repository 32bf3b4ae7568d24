"""Paper 000's purification claims (main text p. 3, Fig. 2, Appendix A) against the explicit model.

Gate-fidelity convention: "gate fidelity 0.999" = average gate fidelity of a CNOT followed by
two-qubit depolarizing (LocalNoise default); the process-fidelity reading is tested beside it.
The claims were made for raw pairs of fidelity ~0.99; they are tested where that premise holds
(paper's Eq. (A1) state, or the explicit link with gamma_i -> 0), and the paper's own operating
point (gamma_e = gamma_i = 100 MHz, 0.1 mW) is asserted at what the explicit model gives.
"""

import numpy as np
import pytest

from qnet_plugin.purification import LocalNoise, purify
from qnet_plugin.purification.benchmark import noise_for_link
from qnet_plugin.purification.metrics import paper_a1_state

RAW_099 = paper_a1_state(0.01 / 1.99)  # Eq. (A1) normalised, infidelity 0.01


def one_round(raw, noise, rate=1e5, storage=False):
    lv = purify("minimal", raw, 1, noise, rate, storage=storage)
    inf_in, inf_out = 1 - lv[0].fidelity[0], 1 - lv[1].fidelity[0]
    return inf_in / inf_out, lv[0].rate_hz[0] / lv[1].rate_hz[0], lv


@pytest.mark.parametrize("convention,gain", [("average", 8.907), ("process", 10.887)])
def test_order_of_magnitude_at_gate_fidelity_0999(convention, gain):
    """000 p. 3: "the infidelity can be lowered by an order of magnitude while incurring a decrease
    in the rate of just over a factor of two". Model: 8.91x (average) / 10.89x (process), rate
    cost 2.043 (tolerance 0.01 on the gain, 0.001 on the rate cost); an independent check found
    8.9x, 10.9x and 2.04x."""
    g, cost, _ = one_round(RAW_099, LocalNoise(gate_fidelity=0.999, convention=convention))
    assert abs(g - gain) < 0.01
    assert abs(cost - 2.043) < 0.001
    assert 5 < g < 20 and 2.0 < cost < 2.2  # the paper's wording


def test_little_gain_at_gate_fidelity_099():
    """000 p. 3: "With gate fidelities of 99% the benefit of purification is limited"."""
    g, _, _ = one_round(RAW_099, LocalNoise(gate_fidelity=0.99))
    assert abs(g - 0.965) < 0.01  # average convention: no gain at all
    g_pro, _, _ = one_round(RAW_099, LocalNoise(gate_fidelity=0.99, convention="process"))
    assert g_pro < 1.25


def test_storage_sets_a_floor_and_purification_hurts_at_low_rate():
    """000 Fig. 2 caption: at low rates storage causes an infidelity floor and purification can be
    detrimental (waiting for the second pair). T1 = 1/gamma_MW = 1 ms, Phi+-frame storage of the
    heralded |01> +- |10> pair."""
    noise = LocalNoise(gate_fidelity=0.999, memory_t1=1e-3, memory_frame="psi")
    g_fast, _, _ = one_round(RAW_099, noise, rate=1e6, storage=True)
    g_slow, _, lv = one_round(RAW_099, noise, rate=1e3, storage=True)
    assert g_fast > 8
    assert g_slow < 1  # purification now makes the pair worse
    assert lv[1].fidelity[0] < lv[0].fidelity[0]


def test_explicit_link_where_the_premise_holds():
    """ElectroOpticLink with gamma_i -> 0 at 0.1 mW: raw F = 0.988 (~0.99, the paper's premise).
    One round at gate fidelity 0.999: 10.3x lower infidelity, rate / 2.05 (tolerances 0.1, 0.01);
    at 0.99: 1.16x."""
    from qnet_plugin.links.electro_optic import ElectroOpticLink

    link = ElectroOpticLink(gamma_i=0.0)
    rep = link.report()
    assert abs(rep.fidelity - 0.9878) < 5e-4
    g, cost, _ = one_round(rep.state.data, noise_for_link(link, 0.999), rep.rate_hz)
    assert abs(g - 10.34) < 0.1 and abs(cost - 2.052) < 0.01
    g99, _, _ = one_round(rep.state.data, noise_for_link(link, 0.99), rep.rate_hz)
    assert abs(g99 - 1.16) < 0.05


def test_explicit_link_at_the_papers_operating_point():
    """At the paper's own point (gamma_e = gamma_i = 100 MHz, 0.1 mW) the explicit model's raw pair
    has F = 0.905, not 0.99 (undetected intrinsic loss spoils the herald). One round then gives
    F = 0.988 (7.9x lower infidelity) at a rate cost of 2.42 (more than 2: p_success = 0.83)."""
    from qnet_plugin.links.electro_optic import ElectroOpticLink

    link = ElectroOpticLink()
    rep = link.report()
    g, cost, lv = one_round(rep.state.data, noise_for_link(link, 0.999), rep.rate_hz)
    assert abs(rep.fidelity - 0.9052) < 5e-4
    assert abs(lv[1].fidelity[0] - 0.9880) < 5e-4
    assert abs(g - 7.88) < 0.05 and abs(cost - 2.417) < 0.01


def test_fig2_reproduction():
    """000 Fig. 2 top and middle panels, a dozen pump powers, paper parameters: the shapes the
    caption describes. Rates and infidelities of the model; the figure is docs/figures/purification_fig2_*.png."""
    from qnet_plugin.purification.fig2 import CURVES, fig2_data

    powers = np.logspace(-8, -3, 11)
    d = fig2_data(powers)
    assert set(d.infidelity) == set(CURVES)
    red, pur = d.infidelity["red"], d.infidelity["red+purification"]
    store, both = d.infidelity["red+storage"], d.infidelity["red+purification+storage"]
    assert np.all(pur < red)  # purification without memory decay always helps here
    rate_cost = d.rate_hz["red"] / d.rate_hz["red+purification"]
    good = red < 0.05  # where the raw pair is good, the rate cost is "just over" 2
    assert good.sum() >= 6 and np.all((rate_cost[good] > 2.0) & (rate_cost[good] < 2.3))
    assert np.all(np.diff(rate_cost[~good]) > 0)  # worse raw pairs fail more often
    # Storage floor: the stored-pair infidelity has an interior minimum over pump power...
    i_min = np.argmin(store)
    assert 0 < i_min < len(powers) - 1 and store[0] > 10 * store[i_min]
    # ... and at the lowest rates purification with storage is worse than storage alone.
    assert both[4] > store[4] + 0.3  # 0.95 vs 0.52 at 1e-6 W (rate 1.4 kHz)
    # Ebit rate below pair rate, and zero where the hashing yield is negative (storage-dominated).
    assert np.all(d.ebit_rate_hz["red"] <= d.rate_hz["red"])
    assert d.ebit_rate_hz["red+storage"][0] == 0.0
    # At high pump power the rate flattens (reset time 1 us): < 1/t_r.
    assert np.all(d.rate_hz["red"] < 1e6)
    # Blue-variant infidelity grows with pump power (multi-photon excitations).
    assert np.all(np.diff(d.infidelity["blue"]) > 0)
