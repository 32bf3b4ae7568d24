"""Issue 16: the dual-rail rate is 1/T_prep of the model that is reported (paper 003).

T_prep criterion (:mod:`qnet_plugin.physics.dual_rail.preparation`): the last time the qubits'
purity differs from its steady-state value by more than the paper's tolerance, |mu - mu_ss|/N =
1e-3; for a pure steady state (broadband, no dephasing) this is the paper's Fig. 3 criterion.
"""

import numpy as np
import pytest
import qutip as qt

from qnet_plugin.links.dual_rail import DualRailLink
from qnet_plugin.physics.dual_rail import broadband as dr
from qnet_plugin.physics.dual_rail import finite_bandwidth as drf
from qnet_plugin.physics.dual_rail.dynamics import preparation_time
from qnet_plugin.physics.dual_rail.preparation import preparation

GAMMA = 1e7


def test_broadband_limit_is_the_papers_t_prep():
    """mu_ss = 1: the general criterion, run on the evolved state with its own steady state, gives
    the paper's T_prep (37/gamma at r = 1, 003 Fig. 3) -- two code paths, one number."""
    paper = preparation_time(1.0, np.array([0.0]), np.array([0.0]))
    general = preparation([0.0], [0.0], 1.0, None, 0.0)
    assert general.steady_purity == pytest.approx(1.0, abs=1e-10)
    assert general.t_prep == pytest.approx(paper, rel=1e-6)
    assert 36 < paper < 38
    rep = DualRailLink(pairs=1, squeezing=1.0, gamma=GAMMA).report()
    assert rep.rate_hz == pytest.approx(GAMMA / paper, rel=1e-9)
    assert rep.extras["t_prep_gamma"] == pytest.approx(rep.extras["t_prep_broadband_gamma"], rel=1e-12)


def test_dephasing_changes_the_rate_and_the_criterion_holds_in_qutip():
    """Broadband + dephasing: T_prep differs from the paper's; an independent QuTiP mesolve of
    Eq. (1) + dephasing shows |mu - mu_ss|/N crossing 1e-3 at the reported T_prep."""
    link = DualRailLink(pairs=1, squeezing=1.0, dephasing=0.01 * GAMMA, gamma=GAMMA)
    rep = link.report()
    t_prep = rep.extras["t_prep_gamma"]
    assert rep.rate_hz == pytest.approx(GAMMA / t_prep)
    assert abs(t_prep - rep.extras["t_prep_broadband_gamma"]) > 1.0  # 33.1 vs 36.7 /gamma
    h, c_ops = dr.broadband_model([0.0], [0.0], 1.0, 0.01)
    mu_ss = (qt.steadystate(h, c_ops) ** 2).tr().real
    psi0 = qt.Qobj(np.eye(4)[:, [0]], dims=[[2, 2], [1, 1]])
    times = [0.0, t_prep - 0.05, t_prep + 0.05]
    states = qt.mesolve(h, psi0 * psi0.dag(), times, c_ops, options={"atol": 1e-11, "rtol": 1e-9}).states
    excess = [abs((s * s).tr().real - mu_ss) for s in states[1:]]
    assert excess[0] > 1e-3 > excess[1]
    assert rep.extras["t_prep_distance_to_steady_state"] < 2e-3


def test_bandwidth_changes_the_rate_and_approaches_the_broadband_limit():
    """Finite bandwidth (Eq. (11), N = 1, r = 1): T_prep grows towards the broadband 36.7/gamma as
    beta grows (18.7, 28.5 at beta = 5, 20); each is reached (trace distance to rho_ss ~ 5e-4)."""
    t = {}
    for beta in (5.0, 20.0):
        rep = DualRailLink(pairs=1, squeezing=1.0, bandwidth=beta, gamma=GAMMA).report()
        t[beta] = rep.extras["t_prep_gamma"]
        assert rep.rate_hz == pytest.approx(GAMMA / t[beta])
        assert rep.extras["t_prep_distance_to_steady_state"] < 2e-3
    paper = DualRailLink(pairs=1, squeezing=1.0, gamma=GAMMA).report().extras["t_prep_gamma"]
    assert t[5.0] < t[20.0] < paper
    assert paper - t[20.0] < 0.5 * (paper - t[5.0])


def test_finite_bandwidth_t_prep_against_the_literal_qutip_model():
    """Eq. (11) term by term (QuTiP superoperators, plain Fock basis, per-mode cutoff), started from
    the qubits in |0> and the amplifier's own steady state (solved by QuTiP on the modes alone):
    the purity criterion crosses at the fast engine's T_prep (beta = 5, r = 0.6, N = 1; the amplifier
    state is narrow enough there for 4 photons per mode)."""
    beta, r, cut = 5.0, 0.6, 4
    fast = preparation([0.0], [0.0], r, beta, 0.0, cutoff=5)
    lv = drf.literal_liouvillian([0.0], [0.0], r, beta, cutoff=cut)
    rho_ss = qt.steadystate(lv)
    q_ss = rho_ss.ptrace([0, 1])
    mu_ss = (q_ss * q_ss).tr().real
    a, b = qt.destroy(cut + 1), qt.destroy(cut + 1)
    ia = qt.qeye(cut + 1)
    amp_l = qt.liouvillian(1j * drf.coupling_g(beta, r) * (qt.tensor(a.dag(), b.dag()) - qt.tensor(a, b)),
                           [np.sqrt(beta) * qt.tensor(a, ia), np.sqrt(beta) * qt.tensor(ia, b)])
    amp = qt.steadystate(amp_l)
    ground = qt.ket2dm(qt.tensor(qt.basis(2, 0), qt.basis(2, 0)))
    rho0 = qt.tensor(ground, amp)
    times = [0.0, fast.t_prep - 0.2, fast.t_prep + 0.2]
    states = qt.mesolve(lv, rho0, times, options={"atol": 1e-10, "rtol": 1e-8}).states
    excess = []
    for s in states[1:]:
        q = s.ptrace([0, 1])
        excess.append(abs((q * q).tr().real - mu_ss))
    assert excess[0] > 1e-3 > excess[1]
    assert fast.steady_purity == pytest.approx(mu_ss, abs=1e-3)
