"""TransducerLink (issue 17): the user's transducer as a link, from the CLI to a distributed GHZ program."""

import json

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix
from qiskit_aer import AerSimulator

from qnet_plugin.circuit import BellPair
from qnet_plugin.cli import main
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import ghz_circuit
from qnet_plugin.links import available_links, get_link_class
from qnet_plugin.links.transducer import TransducerLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.run import run_distributed
from qnet_plugin.physics.transducer.heralding import concurrence
from qnet_plugin.states import bell_coefficients


def fast(**kw):
    """The link without the (slower) regime-boundary search."""
    return TransducerLink(regime_boundaries=False, **kw)


def test_registered_through_its_entry_point():
    assert available_links()["transducer"] == "qnet_plugin.links.transducer:TransducerLink"
    assert get_link_class("transducer") is TransducerLink


@pytest.mark.parametrize("protocol", ["single-click", "two-click"])
def test_report_is_physical_and_consistent(protocol):
    link = fast(protocol=protocol)
    rep = link.report()
    rho = rep.state.data
    assert np.allclose(rho, rho.conj().T) and np.trace(rho).real == pytest.approx(1.0, abs=1e-12)
    assert np.linalg.eigvalsh(rho).min() > -1e-12
    assert rep.fidelity == pytest.approx(np.real(rho[0, 0] + rho[3, 3] + 2 * rho[0, 3].real) / 2, abs=1e-12)
    # rate = herald probability per attempt / attempt time; attempt = rounds/rep_rate + L n_g / c
    attempt = (1 if protocol == "single-click" else 2) / 1e5 + 1000.0 * 1.468 / 299792458.0
    assert rep.extras["attempt_time_s"] == pytest.approx(attempt)
    assert rep.rate_hz == pytest.approx(rep.extras["herald_probability"] / attempt)
    assert rep.memory_frame == "psi" and rep.heat_w is None and rep.extras["heat_modelled"] is False
    assert rep.extras["truncation_error"] <= 1e-9
    assert rep.extras["concurrence"] == pytest.approx(concurrence(rho), abs=1e-12)


def test_heat_is_heat_per_pulse_times_pulse_rate():
    for protocol, rounds in (("single-click", 1), ("two-click", 2)):
        rep = fast(protocol=protocol, heat_per_attempt=2e-9).report()
        assert rep.heat_w == pytest.approx(2e-9 * rounds / rep.extras["attempt_time_s"])
        assert rep.extras["heat_modelled"] is True


def test_ideal_two_click_link_delivers_phi_plus_at_rate_eta_squared():
    link = fast(protocol="two-click", n_add=0.0, detector_efficiency=1.0, dark_count_rate=0.0, fibre_length=0.0,
                efficiency=0.4)
    rep = link.report()
    assert rep.fidelity == pytest.approx(1.0, abs=1e-12)
    assert rep.extras["herald_probability"] == pytest.approx(0.4**2 / 2, rel=1e-12)


def test_single_click_textbook_state_with_user_alpha():
    t = 0.3 * 0.9  # eta * eta_d, no fibre
    rep = fast(n_add=0.0, detector_efficiency=0.9, dark_count_rate=0.0, fibre_length=0.0, alpha=0.1).report()
    p = 0.1 * (2 - t) / (2 - 0.1 * t)
    assert rep.extras["alpha"] == 0.1
    assert rep.fidelity == pytest.approx(1 - p, abs=1e-12)
    assert rep.state.data[1, 1].real == pytest.approx(p, abs=1e-12)


def test_two_click_is_insensitive_to_the_interferometer_single_click_is_not():
    base2, base1 = fast(protocol="two-click"), fast(alpha=0.1)
    f2 = base2.report().fidelity
    f1 = base1.report().fidelity
    for phase, sigma in ((0.0, 0.5), (1.0, 0.0), (-2.5, 0.3)):
        assert base2.replace(interferometer_phase=phase, phase_noise=sigma).report().fidelity == \
            pytest.approx(f2, abs=1e-12)
        assert base1.replace(interferometer_phase=phase, phase_noise=sigma).report().fidelity < f1 - 1e-3


def test_memory_dephasing_and_noise_lower_the_fidelity():
    base = fast(protocol="two-click")
    f = base.report().fidelity
    rep = base.replace(memory_t2=1e-5).report()
    assert rep.extras["dephasing_probability"] == pytest.approx(-np.expm1(-rep.extras["attempt_time_s"] / 1e-5) / 2)
    assert rep.fidelity < f
    assert base.replace(n_add=0.05).report().fidelity < f
    assert base.replace(n_add=0.05, pump_noise_fraction=1.0).report().fidelity < f


def test_optimised_alpha():
    rep = fast().report()
    assert 0 < rep.extras["alpha"] < 0.5 and rep.extras["ebit_rate_hz"] > 0
    # the optimum beats nearby user-set values on rate x hashing yield
    for a in (0.5 * rep.extras["alpha"], 1.5 * rep.extras["alpha"]):
        assert fast(alpha=a).report().extras["ebit_rate_hz"] < rep.extras["ebit_rate_hz"]
    # the literal fidelity x rate objective drives alpha towards 1/2 (documented)
    assert fast(alpha_objective="fidelity-rate").report().extras["alpha"] > 0.3


def test_noise_referral():
    a = fast(n_add=0.02, noise_referred_to="input").report()
    b = fast(n_add=0.02 * 0.3, noise_referred_to="output").report()
    assert a.fidelity == pytest.approx(b.fidelity, abs=1e-12)
    assert a.extras["thermal_noise_out"] == pytest.approx(0.006)


def test_regime_boundaries():
    link = TransducerLink(protocol="two-click", n_add=0.0)
    ex = link.report().extras
    n_star = ex["entanglement_threshold_n_add"]
    assert 0.05 < n_star < 1.0
    below = link.replace(n_add=0.97 * n_star, regime_boundaries=False).report()
    above = link.replace(n_add=1.03 * n_star, regime_boundaries=False).report()
    assert below.extras["concurrence"] > 0 and above.extras["concurrence"] == 0
    # fidelity 1/2 at its own threshold, for the best alpha (two-click: alpha = 1/2)
    n_half = ex["fidelity_half_threshold_n_add"]
    assert link.replace(n_add=n_half, regime_boundaries=False).report().fidelity == pytest.approx(0.5, abs=1e-4)
    # two-click beats single-click on ebit rate above the crossover efficiency
    eta = ex["two_click_beats_single_click_efficiency"]
    assert 0.01 < eta < 0.99

    def ebit(e, protocol):
        return link.replace(efficiency=e, protocol=protocol, regime_boundaries=False).report().extras["ebit_rate_hz"]
    assert ebit(1.2 * eta, "two-click") > ebit(1.2 * eta, "single-click")
    assert ebit(0.8 * eta, "two-click") < ebit(0.8 * eta, "single-click")


@pytest.mark.parametrize("kw,fragment", [
    (dict(efficiency=1.5), "efficiency = 1.5 is outside the allowed range [0, 1]"),
    (dict(n_add=-0.1), "n_add = -0.1 photons is outside the allowed range [0, inf)"),
    (dict(protocol="three-click"), "protocol = 'three-click' is not allowed"),
    (dict(alpha=0.7), "alpha = 0.7 is outside the allowed range (0, 0.5]"),
    (dict(rep_rate=1e7), "rep_rate = 1e+07 Hz is outside the allowed range"),
    (dict(efficiency=1.0, n_add=0.1), "efficiency = 1 is outside the allowed range [0, 1)"),
    (dict(detector_efficiency=0.0), "detector_efficiency = 0"),
    (dict(fibre_length=-1.0), "fibre_length = -1 m"),
    (dict(memory_t2=0.0), "memory_t2 = 0 s"),
    (dict(noise_referred_to="middle"), "noise_referred_to = 'middle'"),
])
def test_bad_input_names_the_parameter(kw, fragment):
    with pytest.raises(ParameterError) as err:
        TransducerLink(**kw)
    assert fragment in str(err.value)


def test_unit_efficiency_is_fine_without_thermal_noise():
    rep = fast(efficiency=1.0, n_add=0.05, pump_noise_fraction=1.0).report()
    assert 0 < rep.fidelity < 1


def test_cli_json(capsys):
    code = main(["link", "transducer", "--efficiency", "0.5", "--n-add", "0.02", "--protocol", "two-click",
                 "--no-regime-boundaries", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    want = fast(efficiency=0.5, n_add=0.02, protocol="two-click").report()
    assert out["rate_hz"] == pytest.approx(want.rate_hz) and out["fidelity"] == pytest.approx(want.fidelity)
    assert out["parameters"]["protocol"] == "two-click" and "herald_probability" in out


def test_cli_refuses_bad_input_in_one_line(capsys):
    code = main(["link", "transducer", "--efficiency", "2"])
    err = capsys.readouterr().err
    assert code == 2 and "efficiency = 2 is outside the allowed range [0, 1]" in err


def test_bell_pair_on_aer_reproduces_the_state():
    link = fast(protocol="two-click", n_add=0.03, memory_t2=1e-4)
    rho = link.report().state
    qc = QuantumCircuit(2)
    qc.x(1)
    qc.append(link.bell_pair(), [0, 1])
    qc.save_density_matrix()
    sim = AerSimulator(method="density_matrix")
    got = DensityMatrix(sim.run(transpile(qc, sim), shots=1).result().data(0)["density_matrix"])
    assert isinstance(link.bell_pair(), BellPair)
    assert np.allclose(got.data, rho.data, atol=1e-9)


def test_ghz_over_two_qpus_with_this_link():
    # GHZ on 4 qubits split 2 + 2 over ideal QPUs: one remote CNOT consumes one pair, so the output
    # fidelity is the pair's Phi+ Bell weight (as for every link in tests/network/test_links_in_networks.py).
    def run(n_add):
        model = fast(protocol="two-click", n_add=n_add)
        net = Network((QPU.ideal("A", 2), QPU.ideal("B", 2)), (Link("A", "B", model, distance=0.0),))
        res = run_distributed(ghz_circuit(4), net, ["A", "A", "B", "B"], shots=64, method="density_matrix", seed=1)
        return res, net.links[0]
    clean, link = run(0.0)
    noisy, noisy_link = run(0.05)
    assert clean.pairs_consumed == 1 and clean.links[0]["model"] == "transducer"
    assert clean.fidelity == pytest.approx(bell_coefficients(link.pair_state)[0], abs=1e-9)
    assert noisy.fidelity == pytest.approx(bell_coefficients(noisy_link.pair_state)[0], abs=1e-9)
    assert noisy.fidelity < clean.fidelity


@pytest.mark.parametrize("protocol", ["single-click", "two-click"])
def test_entanglement_threshold_low_efficiency_limit(protocol):
    # eta -> 0, ideal detectors: per detector the noise clicks nu = eta n, the two-photon term s + nu and the
    # coherence s/2 (s = eta); concurrence vanishes at (s/2)^2 = nu (s + nu), i.e. n^2 + n = 1/4,
    # n* = (sqrt 2 - 1)/2 = 0.2071 for both protocols (two-click's condition is the square of single-click's).
    link = fast(protocol=protocol, efficiency=1e-4, detector_efficiency=1.0, dark_count_rate=0.0, fibre_length=0.0)
    assert link.noise_threshold() == pytest.approx((np.sqrt(2) - 1) / 2, abs=2e-4)


def test_figure_is_written_and_plots_the_reports(tmp_path):
    from qnet_plugin.plotting.transducer import fidelity_rate_figure

    path = tmp_path / "t.png"
    fig = fidelity_rate_figure(path, efficiencies=(0.3,), noises=(0.01,), n_add=[0.0, 0.05], efficiency=[0.1, 0.5])
    assert path.stat().st_size > 1000
    line = fig.axes[0].get_lines()[1]          # eta = 0.3, two-click, fidelity vs n_add
    want = fast(protocol="two-click", efficiency=0.3, n_add=0.05).report().fidelity
    assert line.get_ydata()[1] == pytest.approx(want, abs=1e-12)
