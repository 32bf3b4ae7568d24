"""Paper 003 (dual-rail network), broadband limit: Eqs. (1)-(10), Fig. 2 and Fig. 3.

Two engines: QuTiP's steadystate/mesolve on the full Eq. (1) against the analytic states of
Eq. (9) and against the U(1)-sector engine (dual_rail_blocks).
"""

import numpy as np
import pytest
import qutip as qt

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.physics.dual_rail import broadband as dr
from qnet_plugin.physics.dual_rail import measures as me
from qnet_plugin.physics.dual_rail.blocks import ChargeSectors
from qnet_plugin.physics.dual_rail.dynamics import ladder_preparation_time, preparation_time, relaxation

RNG = np.random.default_rng(2023)
CASES = [(1, "identity"), (2, "identity"), (2, "reverse"), (3, "reverse"), (3, "2,3,1"), (3, "3,1,2")]


def _case(n, perm):
    r = RNG.uniform(0.3, 1.5)
    da = RNG.normal(scale=1.5, size=n)
    p = dr.parse_permutation(perm, n)
    return r, da, -da[list(p)], p


@pytest.mark.parametrize("n,perm", CASES)
def test_numerical_steady_state_is_eq9(n, perm):
    """003 Eq. (9): QuTiP's steady state of Eq. (1) is the analytic pure state (F > 1 - 1e-8),
    for random r, random detunings and every permutation class up to N = 3."""
    r, da, db, p = _case(n, perm)
    h, c_ops = dr.broadband_model(da, db, r)
    rho = qt.steadystate(h, c_ops).full()
    psi = dr.steady_state(r, da, p)
    assert np.real(psi.conj() @ rho @ psi) > 1 - 1e-8
    # second engine: the U(1) sector solver gives the same matrix
    sectors = ChargeSectors(dr.charges(n))
    rho2 = sectors.unpack(sectors.steady_state(sectors.liouvillian(h, c_ops)))
    assert np.abs(rho2 - rho).max() < 1e-9


@pytest.mark.parametrize("n,perm", CASES)
def test_dark_state_conditions(n, perm):
    """003 below Eq. (5): J_eta |psi_0> = 0 and H_casc |psi_0> = 0."""
    r, da, db, p = _case(n, perm)
    psi = dr.steady_state(r, da, p)
    h, _ = dr.broadband_model(da, db, r)
    for op in (*dr.jump_operators(n, r), h):
        assert np.linalg.norm(op.full() @ psi) < 1e-12


@pytest.mark.parametrize("n,perm", [(2, "identity"), (2, "reverse"), (3, "3,1,2")])
def test_steady_state_is_unique(n, perm):
    """003 after Eq. (9) ('the unique steady state'): exactly one zero eigenvalue, the next one
    separated by a gap > 1e-3 gamma. N = 2: the full Liouvillian of Eq. (1) (QuTiP, dense);
    N = 3: its charge-diagonal sector (924 x 924), where any steady state from |0...0> lives."""
    r, da, db, _ = _case(n, perm)
    h, c_ops = dr.broadband_model(da, db, r)
    if n == 2:
        ev = np.linalg.eigvals(qt.liouvillian(h, c_ops).full())
    else:
        sectors = ChargeSectors(dr.charges(n))
        ev = np.linalg.eigvals(sectors.liouvillian(h, c_ops).toarray())
    mags = np.sort(np.abs(ev))
    assert mags[0] < 1e-9
    assert mags[1] > 1e-3


def test_eq10_is_eq9_for_two_pairs():
    """003 Eq. (10) (N = 2, P = P_12, Delta = delta_A1 - delta_A2) equals Eq. (9) for either sign."""
    for delta in (-2.0, 0.3, 1.0, 7.0):
        for da in ([delta, 0.0], [0.5, 0.5 - delta]):
            psi9 = dr.steady_state(0.9, da, "reverse")
            assert abs(np.vdot(dr.two_pair_state(0.9, delta), psi9)) > 1 - 1e-12


def test_swap_unitary_limits():
    """003 Eq. (7) and below Fig. 2: U = 1 at theta = 0, ~SWAP for Delta >> gamma, sqrt(SWAP) at pi/4."""
    swap = np.eye(4)[[0, 2, 1, 3]]
    assert np.allclose(dr.swap_unitary(0.0), np.eye(4))
    u = dr.swap_unitary(np.pi / 2)
    assert np.allclose(u / u[1, 2], swap)
    v = dr.swap_unitary(np.pi / 4)
    assert np.allclose((v @ v) / (v @ v)[1, 2], swap)


@pytest.mark.parametrize("r", [0.25, 0.5, 1.0, 2.0])
def test_parallel_concurrence_is_tanh_2r(r):
    """003 Fig. 2(b) at Delta = 0: C_ii = tanh(2r), C_ij = 0 (i != j) for |Phi_par>, N = 3."""
    c = me.concurrence_matrix(dr.parallel_state(3, r), 3)
    assert np.allclose(np.diag(c), np.tanh(2 * r), atol=1e-12)
    assert np.allclose(c - np.diag(np.diag(c)), 0, atol=1e-12)


def test_fig2bc_two_pair_concurrences():
    """003 Fig. 2(b)-(c), Eq. (10) at r = 1: parallel pairs win for Delta < gamma, diagonal pairs for
    Delta > gamma, equal at Delta = gamma (0.2664 here); C_12 = C_21 -> tanh 2r for Delta >> gamma."""
    r = 1.0
    c1 = me.concurrence_matrix(dr.two_pair_state(r, 1.0), 2)
    assert np.allclose(c1, 0.26641326, atol=1e-6)
    c_small = me.concurrence_matrix(dr.two_pair_state(r, 0.3), 2)
    assert c_small[0, 0] > 0.8 and c_small[0, 1] < 1e-12
    c_big = me.concurrence_matrix(dr.two_pair_state(r, 100.0), 2)
    assert c_big[0, 1] == pytest.approx(np.tanh(2 * r), abs=5e-3)
    assert c_big[1, 0] == pytest.approx(c_big[0, 1], abs=1e-12)
    # Fig. 2(b): C_11 at Delta = 0.3 grows with r towards 1
    grow = [me.concurrence_matrix(dr.two_pair_state(x, 0.3), 2)[0, 0] for x in (0.5, 1.0, 2.0)]
    assert grow[0] < grow[1] < grow[2]


def test_entropy_a_closed_form():
    """003 below Eq. (10): S_A = -N ln[x^x (1-x)^(1-x)], x = cosh^2 r/cosh 2r, for any delta_A, P;
    -> N ln 2 for r >> 1 (volume law)."""
    for n, perm in [(2, "reverse"), (3, "3,1,2"), (4, "reverse")]:
        r = RNG.uniform(0.2, 2.0)
        psi = dr.steady_state(r, RNG.normal(size=n), perm)
        assert me.entropy_a(psi, n) == pytest.approx(dr.entropy_a_closed_form(n, r), abs=1e-10)
    assert dr.entropy_a_closed_form(5, 4.0) == pytest.approx(5 * np.log(2), rel=1e-4)


def test_fig2e_block_entropies():
    """003 Fig. 2(e), N = 6, r = 1, delta_A,i = (i-1) Delta, reversed B: S_n = 2 n h(x) (n <= N/2)
    for Delta >> gamma (SWAPs), smaller for Delta <~ gamma (sqrt(SWAP)s), symmetric S_n = S_{N-n}."""
    n, r = 6, 1.0
    h = dr.entropy_a_closed_form(1, r)
    s_far = me.block_entropies(dr.steady_state(r, dr.detunings(n, 50.0)[0], "reverse"), n)
    assert np.allclose(s_far[:4], 2 * h * np.arange(4), atol=2e-3)
    s_near = me.block_entropies(dr.steady_state(r, dr.detunings(n, 0.2)[0], "reverse"), n)
    assert np.all(s_near[1:n] < s_far[1:n] - 0.1)
    assert np.allclose(s_near, s_near[::-1], atol=1e-9)
    assert np.allclose(s_near[[1, 2, 3]], [1.0025, 1.4593, 1.6657], atol=1e-3)  # this model's values
    s_par = me.block_entropies(dr.steady_state(r, dr.detunings(n, 0.0)[0], "reverse"), n)
    assert np.allclose(s_par, 0, atol=1e-10)  # Delta = 0: every U = 1, the parallel state


def test_relaxation_two_engines():
    """Fig. 3 dynamics: the sector propagator (expm_multiply) equals QuTiP mesolve on Eq. (1)."""
    da, db = dr.detunings(2, 0.4, "reverse")
    times = np.linspace(0, 20, 11)
    ours = relaxation(1.0, da, db, times)
    h, c_ops = dr.broadband_model(da, db, 1.0)
    psi0 = qt.basis([2] * 4, [0] * 4)
    res = qt.mesolve(h, psi0 * psi0.dag(), times, c_ops, options={"atol": 1e-10, "rtol": 1e-9})
    mu = np.array([(s * s).tr().real for s in res.states])
    assert np.allclose(ours.purity, mu, atol=1e-7)
    assert ours.purity[0] == pytest.approx(1.0) and ours.purity.min() < 0.9  # mixed on the way


def test_fig3c_preparation_time():
    """003 Fig. 3(c), r = 1, delta_B = -delta_A: T_prep(N) < N T_prep(1) at Delta = 0, and T_prep(N)
    nearly independent of N for Delta >~ gamma. Values of this model: T_prep(1) = 36.73/gamma."""
    t1 = ladder_preparation_time(1, 1.0, 0.0)
    assert t1 == pytest.approx(36.73, abs=0.05)
    t0 = [ladder_preparation_time(n, 1.0, 0.0) for n in (2, 3)]
    assert t0[0] < 2 * t1 and t0[1] < 3 * t1
    assert t1 < t0[0] < t0[1]  # still grows ~linearly, with a slope well below T_prep(1)
    t2 = [ladder_preparation_time(n, 1.0, 2.0) for n in (2, 3)]
    assert max(t2) < 1.02 * t1


def test_preparation_time_independent_of_permutation():
    """003 end of 'Preparation time': for the same delta_A, T_prep does not depend on P."""
    ident = ladder_preparation_time(3, 1.0, 0.5, "identity")
    assert ladder_preparation_time(3, 1.0, 0.5, "reverse") == pytest.approx(ident, rel=1e-4)
    assert ladder_preparation_time(3, 1.0, 0.5, "2,3,1") == pytest.approx(ident, rel=1e-4)


def test_bad_input():
    with pytest.raises(ParameterError, match="permutation"):
        dr.parse_permutation("1,1,2", 3)
    with pytest.raises(ParameterError, match="permutation"):
        dr.parse_permutation("swap", 2)
    with pytest.raises(ParameterError, match="pairs"):
        dr.parse_permutation("identity", 0)
    with pytest.raises(ParameterError, match="squeezing"):
        dr.broadband_model([0.0], [0.0], -1.0)
    with pytest.raises(ParameterError, match="dephasing"):
        dr.broadband_model([0.0], [0.0], 1.0, dephasing=-0.1)
    with pytest.raises(ValueError):
        preparation_time(1.0, [0.0], [0.0], threshold=2.0)
