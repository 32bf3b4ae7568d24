"""Paper 002 Sec. IV: impedance residues (Eq. (6)), the sum rule (Eq. (7)) and the product bound (Eq. (8)).

Two engines: the residues from the eigen-decomposition (Eq. (6)) against a numerical contour
integral of Z(omega); the sum rule on random circuits (relative tolerance 1e-9, round-off only).
"""

import numpy as np
import pytest

from qnet_plugin.core.units import HBAR, TWO_PI
from qnet_plugin.physics.mmwave import sum_rule as sr


def random_circuit(rng, n):
    """A random connected LC network on n nodes: every node to ground, plus random node-node branches."""
    caps = [(i, None, rng.uniform(20e-15, 200e-15)) for i in range(n)]
    inds = [(i, None, rng.uniform(0.5e-9, 5e-9)) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < 0.5:
                caps.append((i, j, rng.uniform(5e-15, 50e-15)))
            if rng.random() < 0.5:
                inds.append((i, j, rng.uniform(0.5e-9, 5e-9)))
    return sr.node_matrices(n, caps, inds), inds


def test_single_lc_resonator():
    """One LC: omega = 1/sqrt(LC), phi_zpf^2 = hbar Z/2 = hbar/(2 omega C); Eq. (7) gives L/2."""
    c, ell = 100e-15, 2e-9
    cm, lm = sr.node_matrices(1, [(0, None, c)], [(0, None, ell)])
    omegas, phi = sr.normal_modes(cm, lm)
    assert omegas[0] == pytest.approx(1 / np.sqrt(ell * c), rel=1e-12)
    assert phi[0, 0] ** 2 == pytest.approx(HBAR / (2 * omegas[0] * c), rel=1e-12)
    assert sr.sum_rule_lhs(cm, lm, 0) == pytest.approx(ell / 2, rel=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_sum_rule_eq7_on_random_circuits(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    (cm, lm), _ = random_circuit(rng, n)
    for i in range(n):
        assert sr.sum_rule_lhs(cm, lm, i) == pytest.approx(sr.effective_inductance(lm, i) / 2, rel=1e-9)
        for j in range(i + 1, n):
            assert sr.sum_rule_lhs(cm, lm, i, j) == pytest.approx(sr.effective_inductance(lm, i, j) / 2, rel=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_residues_eq6_against_contour_integral(seed):
    rng = np.random.default_rng(100 + seed)
    (cm, lm), _ = random_circuit(rng, 3)
    omegas, _ = sr.normal_modes(cm, lm)
    res = sr.impedance_residues(cm, lm)
    gap = np.min(np.diff(omegas))
    for k, w in enumerate(omegas):
        numeric = sr.contour_residue(cm, lm, w, radius=0.1 * gap)
        assert np.allclose(numeric, res[k], rtol=1e-7, atol=1e-9 * np.abs(res[k]).max())


def test_effective_inductance_bounded_by_direct_branch():
    """L_ij^(eff) <= L for an inductor L directly between i and j (equality without shunting paths)."""
    rng = np.random.default_rng(7)
    (cm, lm), inds = random_circuit(rng, 4)
    for i, j, value in inds:
        if j is not None:
            assert sr.effective_inductance(lm, i, j) <= value * (1 + 1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_product_bound_eq8_holds(seed):
    """Eq. (8) with (m_a, m_b, m_c) = (1, 1, 2) for the flux across a node-ground inductor, any 3 modes."""
    rng = np.random.default_rng(200 + seed)
    (cm, lm), inds = random_circuit(rng, 4)
    omegas, phi = sr.normal_modes(cm, lm)
    i, _, ell = inds[0]                        # node 0 to ground
    dphi = np.abs(sr.flux_difference(phi, i))
    for a, b, c in [(0, 1, 2), (0, 3, 1), (1, 2, 3)]:
        lhs = dphi[a] * dphi[b] * dphi[c] ** 2
        assert lhs <= sr.product_bound(ell, omegas[[a, b, c]], [1, 1, 2]) * (1 + 1e-12)


def test_bound_is_eq10_and_saturated_by_equal_shares():
    """Eq. (8) with m = (1, 1, 2) is Eq. (10); the amplitudes with phi_k^2/(hbar w_k m_k) = L/8 saturate it."""
    from qnet_plugin.physics.mmwave.converter import flux_product_bound, optimal_flux_amplitudes

    w = TWO_PI * np.array([7e9, 300e9, 146.5e9])
    ell = 1e-9
    assert sr.product_bound(ell, w, [1, 1, 2]) == pytest.approx(flux_product_bound(ell, *w), rel=1e-12)
    pa, pb, pc = optimal_flux_amplitudes(ell, *w)
    assert pa * pb * pc ** 2 == pytest.approx(sr.product_bound(ell, w, [1, 1, 2]), rel=1e-12)
    # and they exhaust the sum rule: sum phi^2/(hbar w) = L/2
    assert (pa ** 2 / w[0] + pb ** 2 / w[1] + pc ** 2 / w[2]) / HBAR == pytest.approx(ell / 2, rel=1e-12)


def test_node_matrices_reject_floating_node():
    with pytest.raises(ValueError, match="inductive path to ground"):
        sr.node_matrices(2, [(0, None, 1e-13), (1, None, 1e-13)], [(0, None, 1e-9)])
