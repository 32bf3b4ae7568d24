"""qnet_plugin.core.superop against QuTiP (the convention it claims to share), to 1e-12.

QuTiP's spre / spost / sprepost / lindblad_dissipator / liouvillian / operator_to_vector are the
column-stacking reference; its steadystate (direct LU) is the reference steady state.
"""

import numpy as np
import pytest
import qutip as qt
import scipy.sparse as sp

from qnet_plugin.core import superop as so

RNG = np.random.default_rng(20261202)
ATOL = 1e-12


def _rand(n, rng=RNG):
    return rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))


def _herm(n, rng=RNG):
    m = _rand(n, rng)
    return (m + m.conj().T) / 2


def _q(m):
    return qt.Qobj(m)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_vec_is_qutip_operator_to_vector(n):
    """vec stacks columns: rho[i, j] at i + n j, as qutip.operator_to_vector; unvec inverts it."""
    rho = _rand(n)
    v = so.vec(rho)
    ref = qt.operator_to_vector(_q(rho)).full()[:, 0]
    assert np.abs(v - ref).max() == 0.0
    assert np.array_equal(so.unvec(v), rho)
    for i, j in [(0, 0), (n - 1, 0), (0, n - 1), (1, n - 1)]:
        assert so.element(v, i, j, n) == rho[i, j]
    assert so.trace_vector(n) @ v == pytest.approx(np.trace(rho), abs=ATOL)
    batch = np.stack([rho, rho.T, 2 * rho])
    assert np.array_equal(so.unvec(so.vec(batch)), batch)
    with pytest.raises(ValueError):
        so.unvec(np.zeros(7))


@pytest.mark.parametrize("n", [2, 4])
def test_spre_spost_sprepost_match_qutip(n):
    """spre(A) = 1 (x) A, spost(B) = B^T (x) 1, sprepost(A, B) = B^T (x) A, dense and sparse."""
    a, b, x = _rand(n), _rand(n), _rand(n)
    pairs = [(so.spre(a), qt.spre(_q(a))), (so.spost(b), qt.spost(_q(b))),
             (so.sprepost(a, b), qt.sprepost(_q(a), _q(b)))]
    for ours, ref in pairs:
        assert np.abs(ours - ref.full()).max() < ATOL
    assert np.abs(so.unvec(so.sprepost(a, b) @ so.vec(x)) - a @ x @ b).max() < ATOL
    sa, sb = sp.csr_matrix(a), sp.csr_matrix(b)
    for ours, ref in [(so.spre(sa), qt.spre(_q(a))), (so.spost(sb), qt.spost(_q(b))),
                      (so.sprepost(sa, sb), qt.sprepost(_q(a), _q(b)))]:
        assert sp.issparse(ours)
        assert np.abs(ours.toarray() - ref.full()).max() < ATOL


@pytest.mark.parametrize("n", [2, 3, 6])
def test_dissipator_and_liouvillian_match_qutip(n):
    """D[c] and -i[H, .] + sum D[c_k] equal qutip.lindblad_dissipator / qutip.liouvillian."""
    h = _herm(n)
    cs = [_rand(n) * 0.3, _rand(n) * 0.1]
    for c in cs:
        assert np.abs(so.dissipator(c) - qt.lindblad_dissipator(_q(c)).full()).max() < ATOL
    ref = qt.liouvillian(_q(h), [_q(c) for c in cs]).full()
    assert np.abs(so.liouvillian(h, cs) - ref).max() < ATOL
    sparse = so.liouvillian(sp.csr_matrix(h), [sp.csr_matrix(c) for c in cs])
    assert sp.issparse(sparse) and np.abs(sparse.toarray() - ref).max() < ATOL
    assert np.abs(so.liouvillian(h) - qt.liouvillian(_q(h)).full()).max() < ATOL
    assert np.abs(so.commutator(h) - qt.liouvillian(_q(h)).full()).max() < ATOL
    assert np.abs(so.liouvillian(None, cs) - qt.liouvillian(None, [_q(c) for c in cs]).full()).max() < ATOL
    with pytest.raises(ValueError):
        so.liouvillian()


def test_nonhermitian_generator_plus_jumps_is_the_liouvillian():
    """-i(H_eff . - . H_eff^dag) + sum c . c^dag with H_eff = H - i/2 sum c^dag c is the Lindbladian
    (the no-click generator of the heralding engine, completed by its jump terms)."""
    n = 4
    h = _herm(n)
    cs = [_rand(n) * 0.5, _rand(n) * 0.2]
    h_eff = h - 0.5j * sum(c.conj().T @ c for c in cs)
    gen = so.nonhermitian_generator(h_eff) + sum(so.sprepost(c, c.conj().T) for c in cs)
    assert np.abs(gen - qt.liouvillian(_q(h), [_q(c) for c in cs]).full()).max() < ATOL
    ref = -1j * (qt.spre(_q(h_eff)) - qt.spost(_q(h_eff).dag()))
    assert np.abs(so.nonhermitian_generator(h_eff) - ref.full()).max() < ATOL
    assert np.abs(so.nonhermitian_generator(sp.csr_matrix(h_eff)).toarray() - ref.full()).max() < ATOL


def test_batched_builders_equal_one_by_one():
    """A batch axis (k, n, n) gives (k, n^2, n^2), each slice the unbatched superoperator."""
    n, k = 3, 5
    hs = np.stack([_herm(n) for _ in range(k)])
    c = _rand(n) * 0.4
    lv = so.liouvillian(hs, [c])
    assert lv.shape == (k, n * n, n * n)
    for i in range(k):
        assert np.abs(lv[i] - qt.liouvillian(_q(hs[i]), [_q(c)]).full()).max() < ATOL
    vs = so.vec(np.stack([_rand(n) for _ in range(k)]))
    out = so.apply(lv, vs)
    assert np.abs(out - np.einsum("kij,kj->ki", lv, vs)).max() < ATOL
    assert np.abs(so.apply(lv[0], vs) - vs @ lv[0].T).max() < ATOL


def _model(n, seed):
    rng = np.random.default_rng(seed)
    h = _herm(n, rng)
    cs = [rng.uniform(0.2, 1.0) * _rand(n, rng) / np.sqrt(n) for _ in range(2)]
    return h, cs


@pytest.mark.parametrize("n", [2, 3, 5])
def test_steady_state_matches_qutip(n):
    """Dense, batched, sparse-direct and sparse-LGMRES steady states equal qutip.steadystate."""
    models = [_model(n, s) for s in range(3)]
    refs = [qt.steadystate(_q(h), [_q(c) for c in cs], method="direct").full() for h, cs in models]
    for (h, cs), ref in zip(models, refs):
        rho = so.unvec(so.steady_state(so.liouvillian(h, cs)))
        assert np.abs(rho - ref).max() < ATOL
        lsp = so.liouvillian(sp.csr_matrix(h), [sp.csr_matrix(c) for c in cs])
        info = {}
        direct = so.unvec(so.steady_state(lsp, method="direct", info=info))
        assert info == {"method": "direct", "iterations": 0}
        assert np.abs(direct - ref).max() < ATOL
        gm = so.unvec(so.steady_state(lsp, method="gmres", tol=1e-14, x0=so.vec(np.eye(n)), info=info))
        assert info["method"] == "gmres" and info["iterations"] >= 1
        assert np.abs(gm - ref).max() < ATOL
    batch = so.liouvillian(np.stack([h for h, _ in models]), [])  # Hamiltonian part, batched
    batch = batch + np.stack([sum(so.dissipator(c) for c in cs) for _, cs in models])
    rhos = so.unvec(so.steady_state(batch))
    assert rhos.shape == (3, n, n)
    assert np.abs(rhos - np.stack(refs)).max() < ATOL
    with pytest.raises(ValueError, match="method"):
        so.steady_state(lsp, method="qr")


def test_solve_traceless_gives_the_linear_response():
    """d rho_ss/d eps for L + eps L1 solves L x = -L1 rho_ss with Tr x = 0 (finite-difference check)."""
    n = 3
    h, cs = _model(n, 7)
    h1 = _herm(n)
    lv, l1 = so.liouvillian(h, cs), so.commutator(h1)
    rho = so.steady_state(lv)
    x = so.solve_traceless(lv, -so.apply(l1, rho))
    assert abs(so.trace_vector(n) @ x) < ATOL
    eps = 1e-6
    fd = (so.steady_state(lv + eps * l1) - so.steady_state(lv - eps * l1)) / (2 * eps)
    assert np.abs(fd - x).max() < 1e-8
    assert np.abs(lv @ x + l1 @ rho).max() < 1e-10


def test_as_csr_accepts_qobj_array_and_sparse():
    m = _rand(3)
    for op in (m, sp.csc_matrix(m), qt.Qobj(m)):
        out = so.as_csr(op)
        assert sp.issparse(out) and out.format == "csr" and np.array_equal(out.toarray(), m)


def test_kraus_to_super_matches_qutip_and_applies_the_channel():
    """sum_k K^* (x) K equals qutip.kraus_to_super and maps vec(rho) to vec(sum K rho K^dag)."""
    rng = np.random.default_rng(5)
    ks = [_rand(3, rng) * 0.3 for _ in range(3)]
    s = so.kraus_to_super(ks)
    assert np.abs(s - qt.kraus_to_super([_q(k) for k in ks]).full()).max() < ATOL
    rho = _rand(3, rng)
    assert np.abs(so.unvec(s @ so.vec(rho)) - sum(k @ rho @ k.conj().T for k in ks)).max() < ATOL
    with pytest.raises(ValueError):
        so.kraus_to_super([])
