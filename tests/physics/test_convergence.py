"""Issue 16: every truncated model is converged on the quantities it reports, not on a proxy.

Dual rail (paper 003 Eq. (11)): photon cutoff of the amplifier modes; the reported C_ii, pair
fidelities and qubit state must change by < 1e-3 (relative) from cutoff k - 1 to k. Electro-optic
blue variant (paper 000 Eq. (2)): Fock cutoff per mode; fidelity, herald probability and rate must
change by < 1e-3 from k - 1 to k. Each converged value is pinned against a higher-cutoff reference.
"""

from dataclasses import replace

import numpy as np
import pytest

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import DualRailLink
from qnet_plugin.links.electro_optic import ElectroOpticLink
from qnet_plugin.physics.dual_rail import finite_bandwidth as drf
from qnet_plugin.physics.dual_rail.measures import extrapolated_pairs
from qnet_plugin.physics.electro_optic import heralding as her

PHI = np.array([1, 0, 0, 1]) / np.sqrt(2)


# --- dual rail, Eq. (11) ------------------------------------------------------------------------

@pytest.mark.parametrize("r,beta,dephasing", [(1.0, 5.0, 0.0), (0.5, 20.0, 0.0), (1.0, 20.0, 0.02)])
def test_dual_rail_converged_against_higher_cutoff(r, beta, dephasing):
    """N = 1: the converged C_11 and pair fidelity agree with cutoff k + 2 to 1e-3 relative, and the
    reported convergence_error (change k - 1 -> k) bounds the true error."""
    res = drf.converged_steady_state((0.0,), (0.0,), r, beta, dephasing)
    assert res.convergence_error <= drf.CONVERGENCE_TOLERANCE
    ref = drf.steady_state(drf.FiniteBandwidthModel((0.0,), (0.0,), r, beta, dephasing, cutoff=res.cutoff + 2))
    err = drf.observable_change(res, ref)
    assert err < 1e-3
    assert err <= res.convergence_error
    assert res.concurrences[0] == pytest.approx(ref.concurrences[0], rel=1e-3)


@pytest.mark.slow
def test_dual_rail_nent_converged():
    """003 Fig. 4(b) point r = 1, beta = 20, N = 2: the converged cutoff is 6 and N_ent = C11/(C11 - C22)
    = 39.56 (cutoff 8: 39.58). The old default cutoff 3 (amplifier population outside 6e-5, the old
    proxy) left C_11, C_22 2.7 %, 4.5 % low and gave N_ent = 23.2."""
    res = drf.converged_steady_state((0.0, 0.0), (0.0, 0.0), 1.0, 20.0)
    assert res.cutoff == 6
    assert res.concurrences == pytest.approx([0.87999, 0.85775], abs=2e-5)
    assert extrapolated_pairs(*res.concurrences) == pytest.approx(39.56, abs=0.05)
    old = drf.steady_state(drf.FiniteBandwidthModel((0.0, 0.0), (0.0, 0.0), 1.0, 20.0, cutoff=3))
    assert extrapolated_pairs(*old.concurrences) == pytest.approx(23.21, abs=0.05)
    assert old.truncation_error < drf.TRUNCATION_TOLERANCE  # the proxy passed it


def test_dual_rail_unconverged_cutoff_is_refused():
    """An explicit cutoff that does not converge the observables is refused with the allowed range."""
    with pytest.raises(ParameterError, match=r"photon_cutoff = 3 is outside the allowed range \[6, 8\]"):
        drf.converged_steady_state((0.0,), (0.0,), 1.0, 20.0, cutoff=3)
    ok = drf.converged_steady_state((0.0,), (0.0,), 1.0, 20.0, cutoff=7)
    assert ok.cutoff == 7 and ok.convergence_error < 1e-3


def test_dual_rail_unconvergeable_parameters_are_refused():
    """Large squeezing: the amplifier state is too wide for the cutoffs tried (r = 2: changes 0.2
    and more up to cutoff 5)."""
    with pytest.raises(ParameterError, match=r"photon_cutoff: no value in the allowed range \[2, 5\]"):
        drf.converged_steady_state((0.0,), (0.0,), 2.0, 20.0, max_cutoff=5)


def test_dual_rail_link_reports_converged_state_and_bell_fidelity():
    """The link solves at the converged cutoff and reports the change as its truncation error;
    ``fidelity`` is the mean Phi+ fidelity of the pairs, the Eq. (9) overlap a separate field."""
    rep = DualRailLink(pairs=1, squeezing=1.0, bandwidth=20.0).report()
    assert rep.extras["photon_cutoff_used"] == 6
    assert rep.extras["truncation_error"] < 1e-3
    assert rep.extras["concurrences"][0] == pytest.approx(0.88001, abs=2e-5)  # cutoff 8: 0.880007
    assert rep.fidelity == pytest.approx(rep.extras["pair_fidelities"][0], abs=1e-12)
    assert rep.extras["target_fidelity"] != pytest.approx(rep.fidelity, abs=1e-3)
    broadband = DualRailLink(pairs=2, squeezing=1.0).report()
    assert broadband.extras["target_fidelity"] == pytest.approx(1.0, abs=1e-12)
    assert broadband.fidelity == pytest.approx(1 / (1 + np.exp(-4.0)), abs=1e-12)  # 003 Eq. (5)
    with pytest.raises(ParameterError, match=r"pairs = 3 is outside the allowed range \[1, 2\]"):
        DualRailLink(pairs=3, bandwidth=20.0)


# --- electro-optic blue variant -----------------------------------------------------------------

def _blue(n_max, gamma_i=1e8, g=2.748e6, pulse=3.8e-6):
    """Paper 000 Fig. 2 point (g0 = 1 kHz, 0.1 mW: g = 2.748e6 s^-1), fixed pulse."""
    return her.HeraldingSetup(g, g, 1e8, gamma_i, pulse=pulse, variant="blue", n_max=n_max)


def _observe(setup):
    def evaluate(k):
        res = her.heralded_state(replace(setup, n_max=k))
        return res, (float(np.real(PHI @ res.state @ PHI)), res.herald_probability)
    return evaluate


@pytest.mark.parametrize("gamma_i,g,pulse", [(0.0, 2.748e6, 7.1e-7), (1e8, 2.748e6, 3.8e-6),
                                             (0.0, 8.7e6, 1.8e-7)])
def test_blue_variant_converged_against_higher_cutoff(gamma_i, g, pulse):
    """Fidelity and herald probability at the converged cutoff agree with cutoff k + 1 (k = 8:
    itself) to 1e-3 relative."""
    setup = _blue(2, gamma_i, g, pulse)
    k, res, err, ok = her.converge_cutoff(_observe(setup))
    assert ok and err <= her.FOCK_TOLERANCE
    ref = her.heralded_state(replace(setup, n_max=min(k + 1, her.MAX_FOCK_CUTOFF)))
    f, f_ref = (float(np.real(PHI @ x.state @ PHI)) for x in (res, ref))
    assert f == pytest.approx(f_ref, rel=1e-3)
    assert res.herald_probability == pytest.approx(ref.herald_probability, rel=1e-3)


def test_blue_variant_cutoff_one_is_refused():
    with pytest.raises(ParameterError, match=r"n_max = 1 is outside the allowed range \[2, 8\]"):
        _blue(1)
    with pytest.raises(ParameterError, match=r"fock_cutoff = 1 is outside the allowed range \[2, 8\]"):
        ElectroOpticLink(variant="blue", fock_cutoff=1)
    ElectroOpticLink(variant="red", fock_cutoff=1)  # the red variant never leaves {|0>, |1>}
