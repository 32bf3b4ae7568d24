"""Issue 16: Hong-Ou-Mandel visibility of two-photon events in the NV single-click scheme (paper 001).

Two photons on the 50:50 beam splitter bunch with probability (1 + V)/2; a coincidence (both
detectors) heralds nothing. V = 1 for every pair is the paper's reading (today's numbers).
"""

import numpy as np
import pytest

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links.nv_diamond import NVDiamondLink
from qnet_plugin.links.nv_diamond_channel import detection_povm, heralded_state_kraus
from qnet_plugin.physics.nv_diamond.single_click import NodeConversion, heralded_state, single_click

#: A node with sizeable incoherent and noise photons, so the two-photon terms matter.
NODE = NodeConversion(p_tot=0.4, p_coh=0.25, theta=0.0, p_d=0.02)


def test_visibility_one_for_all_pairs_is_todays_model():
    paper = NVDiamondLink(two_photon_bunching="all", hom_visibility=1.0).report()
    # 001 Fig. 3: F_1c = 0.93, R_herald = 3.1 kHz (model 0.93656, 3.057 kHz; unchanged by issue 16)
    assert paper.fidelity == pytest.approx(0.936557, abs=1e-6)
    assert paper.rate_hz == pytest.approx(3057.45, abs=0.05)


def test_two_photon_weight_against_the_kraus_simulation_and_povm():
    """(1 + V)/4 |11><11| per detector: POVM completeness with the coincidence element, and the
    closed form == the density-matrix (Kraus) simulation at V = 0.3 for every pair."""
    v = 0.3
    m_plus, m_minus = detection_povm(+1, v), detection_povm(-1, v)
    coincidence = np.zeros((4, 4))
    coincidence[3, 3] = (1 - v) / 2
    none = np.diag([1.0, 0, 0, 0])
    assert np.allclose(m_plus + m_minus + coincidence + none, np.eye(4), atol=1e-15)
    for det in (+1, -1):
        assert np.allclose(heralded_state(NODE, NODE, 0.1, det, visibility=v, bunching="all"),
                           heralded_state_kraus(NODE, NODE, 0.1, det, visibility=v), atol=1e-15)


def test_only_indistinguishable_photons_bunch_by_default():
    """Default: V_ij = V f_A(i) f_B(j), f(1) = P_coh/q(1): between 'all pairs V = 0' and 'all V = 1'."""
    q1 = NODE.click_probability(1)
    f = NODE.p_coh / q1
    d = single_click(NODE, NODE, p_e=0.1, bunching="indistinguishable")
    # |ee> weight per detector: 1/2 [2 q (1 - q)] + (1 + f^2)/4 q^2
    want_11 = q1 * (1 - q1) + (1 + f * f) / 4 * q1 * q1
    assert d.weights[1, 1] == pytest.approx(want_11, abs=1e-15)
    # one coherent photon and a noise photon never interfere: V_10 = 0
    q0 = NODE.click_probability(0)
    assert d.weights[1, 0] == pytest.approx(0.5 * (q1 * (1 - q0) + (1 - q1) * q0) + q1 * q0 / 4, abs=1e-15)
    lo = single_click(NODE, NODE, p_e=0.1, visibility=0.0, bunching="all")
    hi = single_click(NODE, NODE, p_e=0.1, visibility=1.0, bunching="all")
    assert lo.herald_probability < d.herald_probability < hi.herald_probability
    assert lo.fidelity > d.fidelity > hi.fidelity


def test_rate_and_fidelity_against_visibility_on_the_link():
    """At the paper's point and optimal P_e, fewer two-photon heralds let P_e rise: the rate grows
    from 3.057 kHz (V = 1) to 3.238 kHz (V = 0), monotonically; the fidelity rises too."""
    vs = [1.0, 0.75, 0.5, 0.25, 0.0]
    reps = [NVDiamondLink(two_photon_bunching="all", hom_visibility=v).report() for v in vs]
    rates = [r.rate_hz for r in reps]
    fids = [r.fidelity for r in reps]
    assert np.all(np.diff(rates) > 0) and np.all(np.diff(fids) > 0)
    assert rates[-1] == pytest.approx(3238.28, abs=0.05)
    default = NVDiamondLink().report()
    assert rates[0] < default.rate_hz < rates[-1]
    assert default.extras["two_photon_bunching"] == "indistinguishable"


def test_visibility_is_validated():
    with pytest.raises(ParameterError, match=r"hom_visibility = 1.5 is outside the allowed range \[0, 1\]"):
        NVDiamondLink(hom_visibility=1.5)
    with pytest.raises(ParameterError, match="bunching"):
        single_click(NODE, NODE, bunching="some")
