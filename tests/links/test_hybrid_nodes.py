"""Issue 16: hybrid links whose node B has physics of its own (ion by conditional reflection,
optical SPDC source), paper 000 end of main text."""

import numpy as np
import pytest

from qnet_plugin.links.electro_optic import ElectroOpticLink
from qnet_plugin.links.hybrid import SCIonLink, SCPhotonLink
from qnet_plugin.physics.electro_optic import heralding as her
from qnet_plugin.physics.hybrid import heralding as hy
from qnet_plugin.physics.hybrid.reference.heralding_qutip import heralded_pair_qutip
from qnet_plugin.physics.transducer.heralding import concurrence

PHI = np.array([1, 0, 0, 1]) / np.sqrt(2)


def test_engine_with_two_sc_nodes_is_the_symmetric_electro_optic_model():
    """The unlike-node engine, given node A's own physics for node B, reproduces paper 000's
    symmetric heralding (fast path of physics.electro_optic) at every effect switched on."""
    setup = her.HeraldingSetup(g_a=4e6, g_b=4e6, gamma_e=1e8, gamma_i=5e7, efficiency=0.8, dark_count_rate=2e3,
                               gamma_mw=1e4, pulse=3e-6, variant="red", n_max=1)
    node = hy.sc_node(4e6, 1e8, 5e7, 1e4, 0.8, "red")
    res = hy.heralded_pair(node, node, 1.0, 3e-6, 2e3, raw_target="psi")
    ref = her.heralded_state(setup)
    assert np.abs(res.state - ref.state).max() < 1e-9
    assert res.herald_probability == pytest.approx(ref.herald_probability, rel=1e-9)


def test_sc_calibrated_setting_is_the_symmetric_calculation():
    """'Same generation rate as the SC node' stays available: with a perfect ion (no dephasing) it
    is the electro-optic link's pair in the ion's labels, at the same rate."""
    ion = SCIonLink(node_b_model="sc-calibrated", ion_t2=1e9).report()
    eo = ElectroOpticLink().report()
    assert ion.rate_hz == pytest.approx(eo.rate_hz, rel=1e-12)
    assert ion.fidelity == pytest.approx(eo.fidelity, abs=1e-8)


@pytest.mark.parametrize("link", [SCIonLink(hom_visibility=0.0, ion_photons=0.05),
                                  SCPhotonLink(hom_visibility=0.0, spdc_photon_cutoff=2)])
def test_visibility_zero_gives_no_entanglement(link):
    rep = link.report()
    assert concurrence(rep.state.data) == pytest.approx(0.0, abs=1e-12)
    assert rep.fidelity <= 0.5 + 1e-12


def test_attempt_is_trace_preserving_and_states_physical():
    """Herald probability + no-click probability = 1 (every jump accounted for: CPTP attempt)."""
    a = hy.sc_node(3e6, 1e8, 5e7, 1e4, 0.8, "red")
    for b in (hy.ion_node(0.3, 2e-6, 0.2, 1e-5), hy.spdc_node(2e6, 1e8, 0.7, 3)):
        res = hy.heralded_pair(a, b, 0.7, 2e-6, 1e3)
        assert res.herald_probability + res.no_click_probability == pytest.approx(1.0, abs=1e-10)
        for r in (res.raw_plus, res.raw_minus):
            assert np.linalg.eigvalsh((r + r.conj().T) / 2).min() > -1e-12
        assert np.linalg.eigvalsh(res.state).min() > -1e-12 and np.trace(res.state).real == pytest.approx(1.0)


@pytest.mark.parametrize("case", ["ion-red", "spdc-red"])
def test_heralded_state_against_independent_qutip_simulation(case):
    a = hy.sc_node(3e6, 1e8, 5e7, 1e4, 0.8, "red")
    common = dict(g=3e6, gamma_e=1e8, gamma_i=5e7, gamma_mw=1e4, eta_a=0.8, variant="red", n_max=1,
                  dark_count_rate=1e3)
    if case == "ion-red":
        b = hy.ion_node(0.08, 2e-6, 0.3, 1e-4)
        want, p = heralded_pair_qutip(**common, node_b="ion", pulse=2e-6, visibility=0.85, eta_b=0.3,
                                      ion_photons=0.08, ion_t2=1e-4)
        pulse = 2e-6
    else:
        b = hy.spdc_node(2e6, 1e8, 0.7, 2)
        want, p = heralded_pair_qutip(**common, node_b="spdc", pulse=4e-7, visibility=0.85, eta_b=0.7,
                                      spdc_g=2e6, spdc_gamma=1e8, spdc_n_max=2)
        pulse = 4e-7
    got = hy.heralded_pair(a, b, 0.85, pulse, 1e3)
    assert np.abs(got.state - want).max() < 1e-7
    assert got.herald_probability == pytest.approx(p, rel=1e-7)


def test_node_b_parameters_matter():
    base = SCIonLink(ion_photons=0.05).report()
    assert SCIonLink(ion_photons=0.05, ion_collection=0.02).report().rate_hz < base.rate_hz
    assert SCIonLink(ion_photons=0.05, ion_t2=1e-7).report().fidelity < base.fidelity - 0.01
    assert SCIonLink(ion_photons=0.05, hom_visibility=0.5).report().fidelity < base.fidelity
    # the ion's multi-excitation error: a strong reflected pulse costs fidelity
    assert SCIonLink(ion_photons=1.0).report().fidelity < SCIonLink(ion_photons=0.3).report().fidelity
    spdc = SCPhotonLink(spdc_photon_cutoff=2).report()
    assert spdc.extras["truncation_error"] < 1e-2
    assert SCPhotonLink(spdc_photon_cutoff=2, spdc_pairs=0.4).report().extras["leaked_population"] > \
        SCPhotonLink(spdc_photon_cutoff=2, spdc_pairs=0.05).report().extras["leaked_population"]
