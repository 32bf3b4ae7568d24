"""Paper 003 Eq. (11) (finite amplifier bandwidth) and Fig. 4: fast sector engine vs literal QuTiP."""

import numpy as np
import pytest
import qutip as qt

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.physics.dual_rail import finite_bandwidth as f
from qnet_plugin.physics.dual_rail.blocks import ChargeSectors
from qnet_plugin.physics.dual_rail.measures import extrapolated_pairs


def _literal_qubit_state(da, db, r, beta, dephasing, cutoff):
    lv = f.literal_liouvillian(da, db, r, beta, dephasing, cutoff)
    rho = qt.steadystate(lv).full()
    dq, dm = 4 ** len(da), (cutoff + 1) ** 2
    return np.einsum("ajbj->ab", rho.reshape(dq, dm, dq, dm))


@pytest.mark.parametrize("n,cutoff", [(1, 4), (2, 1)])
def test_fast_engine_equals_literal_eq11(n, cutoff):
    """Two engines: Eq. (11) term by term in QuTiP (per-mode Fock cutoff) and the collective-jump
    form on the U(1) sector (same basis) give the same qubit steady state to 1e-10."""
    da = np.array([0.4, -0.7][:n])
    db = -da[::-1]
    model = f.FiniteBandwidthModel(tuple(da), tuple(db), 0.8, 3.0, 0.1, cutoff=cutoff, joint=False,
                                   frame="fock")
    ours = f.steady_state(model, method="direct")
    ref = _literal_qubit_state(da, db, 0.8, 3.0, 0.1, cutoff)
    assert np.abs(ours.rho_qubits - ref).max() < 1e-10


def test_iterative_equals_direct():
    """LGMRES (used for large N) and SuperLU agree on the same sector system."""
    model = f.FiniteBandwidthModel((0.0, 0.5), (-0.5, 0.0), 1.0, 4.0, 0.05, cutoff=2)
    a = f.steady_state(model, method="direct")
    b = f.steady_state(model, method="gmres")
    assert np.abs(a.rho_qubits - b.rho_qubits).max() < 1e-8
    assert b.residual < 1e-8


def test_amplifier_frame_is_thermal():
    """The bare amplifier (H_chi, kappa D[a]) in the squeezed basis S(r/4)|n1,n2> is the product
    thermal state with 2n + 1 = cosh(r/2): the reading behind the truncation estimate."""
    r = 1.2
    basis = f.mode_basis(8)
    aa, ab = f.amplifier_operators(basis, r)
    up = aa.conj().T @ ab.conj().T
    h = 1j * f.coupling_g(1.0, r) * (up - up.conj().T)
    sectors = ChargeSectors(np.array([x - y for x, y in basis]))
    rho = sectors.unpack(sectors.steady_state(sectors.liouvillian(h, [aa, ab])))
    _, n = f.thermal_squeezing(r)
    q = n / (n + 1)
    want = np.array([(1 - q) ** 2 * q ** (x + y) for x, y in basis])
    keep = np.array([x + y <= 4 for x, y in basis])
    assert np.allclose(np.diag(rho).real[keep], want[keep], atol=1e-6)
    assert np.abs(rho - np.diag(np.diag(rho))).max() < 1e-6


def test_truncation_convergence():
    """Truncation error stated in the docs: C_11 (r = 1, beta = 5) changes by < 2e-3 from cutoff 3
    to 5 and by < 5e-4 from 4 to 5; the Fock basis at the same size is far worse."""
    c = {k: f.steady_state(f.FiniteBandwidthModel((0.0,), (0.0,), 1.0, 5.0, 0.0, cutoff=k)).concurrences[0]
         for k in (3, 4, 5)}
    assert abs(c[3] - c[5]) < 2e-3 and abs(c[4] - c[5]) < 5e-4
    fock = f.steady_state(f.FiniteBandwidthModel((0.0,), (0.0,), 1.0, 5.0, 0.0, cutoff=4, frame="fock"))
    assert abs(fock.concurrences[0] - c[5]) > 0.05


def test_broadband_limit():
    """beta -> inf recovers Eq. (1): C_11 -> tanh(2r) (003 Fig. 4(a), [22]); finite beta lowers it."""
    c = [f.steady_state(f.FiniteBandwidthModel((0.0,), (0.0,), 1.0, b, 0.0, cutoff=4)).concurrences[0]
         for b in (10.0, 50.0, 200.0)]
    assert c[0] < c[1] < c[2] < np.tanh(2.0)
    assert c[2] == pytest.approx(np.tanh(2.0), abs=0.015)


def test_fig4a_chain_and_fig4b_nent():
    """003 Fig. 4(a)-(b), r = 1, delta = 0: C_ii decays along the chain; N_ent = C11/(C11 - C22) grows
    with beta and drops with dephasing. Cascade: pair 1 is unaffected by pair 2 (one-way)."""
    res = {}
    for beta, deph in [(5.0, 0.0), (20.0, 0.0), (20.0, 0.01)]:
        res[beta, deph] = f.steady_state(f.FiniteBandwidthModel((0.0,) * 2, (0.0,) * 2, 1.0, beta, deph,
                                                                cutoff=3)).concurrences
    for c in res.values():
        assert c[0] > c[1] > 0
    n_ent = {k: extrapolated_pairs(*c) for k, c in res.items()}
    assert n_ent[5.0, 0.0] < n_ent[20.0, 0.0]
    assert n_ent[20.0, 0.01] < n_ent[20.0, 0.0]
    assert 10 < n_ent[20.0, 0.0] < 100  # paper: "N_ent ~ 10-100 for moderate beta"
    one = f.steady_state(f.FiniteBandwidthModel((0.0,), (0.0,), 1.0, 5.0, 0.0, cutoff=3)).concurrences
    assert one[0] == pytest.approx(res[5.0, 0.0][0], abs=1e-8)


def test_fig4c_detuning():
    """003 Fig. 4(c), N = 1, r = 1, beta = 5: C_11 decays once Delta/kappa > 1."""
    c = [f.steady_state(f.FiniteBandwidthModel((d,), (-d,), 1.0, 5.0, 0.0, cutoff=3)).concurrences[0]
         for d in (0.0, 1.0, 5.0, 10.0)]
    assert c[0] > c[1] > c[2] > c[3]
    assert c[1] > 0.95 * c[0] and c[2] < 0.6 * c[0] and c[3] < 0.2 * c[0]


def test_bad_input():
    with pytest.raises(ParameterError, match="photon_cutoff"):
        f.check_cutoff(2.0, 2)
    assert f.check_cutoff(1.0, 4) == 4
    with pytest.raises(ParameterError, match="bandwidth"):
        f.FiniteBandwidthModel((0.0,), (0.0,), 1.0, -1.0)
    with pytest.raises(ParameterError, match="dephasing"):
        f.FiniteBandwidthModel((0.0,), (0.0,), 1.0, 1.0, -0.1)
    with pytest.raises(ParameterError, match="squeezing"):
        f.FiniteBandwidthModel((0.0,), (0.0,), 9.0, 1.0)
