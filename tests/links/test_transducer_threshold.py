"""Added-noise threshold for Bell fidelity 1/2 against the published ~0.5 photons (issue 17).

Published: IBM, arXiv 2503.10842 (distilled remote entanglement across optical channels): about
0.5 added noise photons is the threshold for a Bell fidelity above 1/2 with present transducers.

The closest reading of their setup in this model (assumptions, where the setups may differ):

* noise outside the signal mode (``pump_noise_fraction=1``: pump-induced, mode-mismatched Poisson
  light, which only adds false heralds); in-mode thermal noise gives a lower threshold (0.34 at eta = 0.9, below);
* high conversion efficiency (eta = 0.9 and 0.99), noise referred to the transducer input (Zeuthen
  et al., QST 5, 034009 (2020)), so eta * n_add photons leave the transducer per attempt;
* the link's other defaults: 90 % non-photon-number-resolving detectors, 10 dark counts/s, 1 km of
  0.2 dB/km fibre (station at the midpoint), fidelity maximised over alpha in single-click.

The number asserted is the model's own (``extras['fidelity_half_threshold_n_add']``), computed by
root-finding on the Fock-space heralding model; it is never tuned towards the published 0.5. It
differs because the IBM study's exact accounting is not available here (per-node vs. per-detector
noise, input vs. output referral, detection model); the model lands within about 10 % of 0.5 for
this reading and rises to ~0.68 with ideal detectors and no fibre.
"""

import pytest

from qnet_plugin.links import TransducerLink

PUBLISHED_THRESHOLD_N_ADD = 0.5  # arXiv 2503.10842, approximate ("about 0.5")


def _threshold(**kw):
    link = TransducerLink(pump_noise_fraction=1.0, **kw)
    return link.report().extras["fidelity_half_threshold_n_add"]


@pytest.mark.parametrize("protocol", ["single-click", "two-click"])
@pytest.mark.parametrize("efficiency, model_value", [(0.9, 0.4841), (0.99, 0.5501)])
def test_threshold_closest_reading(protocol, efficiency, model_value):
    # model value computed once by this model (tolerance 0.005 photons: root-finding + Fock cutoff)
    n_half = _threshold(efficiency=efficiency, protocol=protocol)
    assert n_half == pytest.approx(model_value, abs=5e-3)
    # beside the published number: same order, within 0.1 photon for this reading
    assert abs(n_half - PUBLISHED_THRESHOLD_N_ADD) < 0.1
    # and it really is the point where the fidelity crosses 1/2
    at = TransducerLink(pump_noise_fraction=1.0, efficiency=efficiency, protocol=protocol,
                        regime_boundaries=False)
    assert at.replace(n_add=0.9 * n_half).noise_threshold(quantity="fidelity") == pytest.approx(n_half, rel=1e-3)


def test_ideal_detection_raises_threshold_and_in_mode_noise_lowers_it():
    # ideal detectors, no dark counts, no fibre: the threshold rises above the published 0.5 (0.680)
    ideal = _threshold(efficiency=0.99, fibre_length=0.0, detector_efficiency=1.0, dark_count_rate=0.0,
                       protocol="two-click")
    assert ideal == pytest.approx(0.6802, abs=5e-3)
    # thermal noise in the signal mode (pump_noise_fraction = 0) is worse than mode-mismatched noise
    thermal = TransducerLink(efficiency=0.9, pump_noise_fraction=0.0, protocol="two-click").report()
    assert thermal.extras["fidelity_half_threshold_n_add"] == pytest.approx(0.3396, abs=5e-3)
    assert thermal.extras["fidelity_half_threshold_n_add"] < _threshold(efficiency=0.9, protocol="two-click")


def test_paper_devices_on_the_same_axes():
    # docs/papers/transducer.md table: each device's (efficiency, added noise) from its own report
    from qnet_plugin.plotting.transducer import device_points

    rows = {r["link"]: r for r in device_points()}
    assert rows["mmwave"]["efficiency"] == pytest.approx(0.84405, abs=1e-5)
    assert rows["mmwave"]["added_noise_out"] == pytest.approx(0.002551, abs=1e-6)
    assert rows["direct-electro-optic"]["efficiency"] == pytest.approx(0.4755, abs=1e-4)
    assert rows["direct-electro-optic"]["added_noise_out"] == 0.0
    assert rows["nv-diamond"]["efficiency"] == pytest.approx(0.3200, abs=1e-4)
    assert rows["nv-diamond"]["added_noise_out"] == pytest.approx(5.319e-6, rel=1e-3)
    assert rows["electro-optic"]["efficiency"] is None and rows["dual-rail"]["added_noise_out"] is None
    # every placed device is far below the model's thresholds (>= 0.2 photons)
    assert all(r["added_noise_out"] < 0.01 for r in rows.values() if r["efficiency"] is not None)
