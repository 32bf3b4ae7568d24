"""Heralded two-node state of paper 000 by a full QuTiP master-equation simulation.

Independent of the fast path in :mod:`qnet_plugin.physics.electro_optic.heralding`: both nodes' optical and
microwave modes are simulated jointly in truncated Fock spaces together with a three-level
"herald flag" f (0 = waiting, 1 = "+" clicked, 2 = "-" clicked). Clicks are ordinary Lindblad
jumps c_pm (x) |1 or 2><0|_f; every other process acts only while f = 0, so the state is frozen
at the first click (the pump is switched off) as in the fast path. The standard, trace-preserving
``qutip.mesolve`` then gives, at the end of the pulse, the flag-1 and flag-2 blocks, which are the
click-time-averaged heralded states: int_0^T J_pm[rho_nc(t)] dt.

It shares no code with the fast path (issue 16: a reference that imports the fast path's frame
correction or Fock-to-qubit map passes a bug in them): only the parameter record
:class:`HeraldingSetup` and the result record :class:`HeraldResult` are imported. The undetected
loss rate, the Fock dimensions, the resonator-to-qubit map (leaked population delivered as |00>)
and the herald-dependent Pauli frame update are written here again, the last two with QuTiP
operators.
"""

from __future__ import annotations

import numpy as np
import qutip as qt

from qnet_plugin.physics.electro_optic.heralding import HeraldingSetup, HeraldResult


def _resonators_to_qubits(m: np.ndarray, d: int) -> np.ndarray:
    """Both microwave resonators (d levels each, kron(B, A)) swapped into qubits: the {|0>, |1>}
    block of each is kept; population with any resonator at n >= 2 is delivered as |00> (the
    reset after a leaked swap, counted as error)."""
    rho = qt.Qobj(m, dims=[[d, d], [d, d]])
    p = sum(qt.basis(d, n) * qt.basis(d, n).dag() for n in (0, 1))
    kept = qt.tensor(p, p) * rho * qt.tensor(p, p)
    leaked = (rho.tr() - kept.tr())
    sub = np.zeros((4, 4), dtype=complex)
    full = kept.full()
    for jb in (0, 1):
        for ja in (0, 1):
            for kb in (0, 1):
                for ka in (0, 1):
                    sub[2 * jb + ja, 2 * kb + ka] = full[d * jb + ja, d * kb + ka]
    sub[0, 0] += leaked
    return sub


def _to_phi_plus(plus: np.ndarray, minus: np.ndarray) -> np.ndarray:
    """"+" heralds (|01> + |10>)/sqrt2: X on B; "-" heralds (|01> - |10>)/sqrt2: Z on A, then X on B.
    Qubit 0 = A is the right-hand tensor factor (Qiskit order)."""
    x_b = qt.tensor(qt.sigmax(), qt.qeye(2))
    z_a = qt.tensor(qt.qeye(2), qt.sigmaz())
    u_minus = x_b * z_a
    dims = [[2, 2], [2, 2]]
    out = x_b * qt.Qobj(plus, dims=dims) * x_b.dag() + u_minus * qt.Qobj(minus, dims=dims) * u_minus.dag()
    return out.full()


def heralded_state_qutip(setup: HeraldingSetup, atol: float = 1e-12, rtol: float = 1e-10) -> HeraldResult:
    """Heralded microwave state of the two nodes from ``qutip.mesolve`` (slow, exact up to truncation).

    Time is measured in units of 1/gamma inside the solver so that the ODE sees O(1) rates.
    """
    da = db = 2 if setup.variant == "red" else setup.n_max + 1
    scale = setup.gamma_e + setup.gamma_i
    undetected = setup.gamma_i + setup.gamma_e * (1 - setup.efficiency)
    ia, ib, i_f = qt.qeye(da), qt.qeye(db), qt.qeye(3)

    def op(local, node):
        # joint order: A_opt, A_mw, B_opt, B_mw, flag
        parts = [ia, ib, ia, ib, i_f]
        for slot, o in local.items():
            parts[slot + 2 * node] = o
        return qt.tensor(*parts)

    a = [op({0: qt.destroy(da)}, k) for k in (0, 1)]
    b = [op({1: qt.destroy(db)}, k) for k in (0, 1)]
    waiting = qt.tensor(ia, ib, ia, ib, qt.basis(3, 0).proj())
    h = 0
    for k, g in enumerate((setup.g_a, setup.g_b)):
        coupling = a[k] * b[k] if setup.variant == "blue" else a[k].dag() * b[k]
        h = h + g / scale * (coupling + coupling.dag())
    h = h * waiting
    c_ops = []
    k_click = np.sqrt(setup.gamma_e * setup.efficiency / 2 / scale)
    for flag, sign in ((1, 1), (2, -1)):
        to_flag = qt.tensor(ia, ib, ia, ib, qt.basis(3, flag) * qt.basis(3, 0).dag())
        c_ops.append(k_click * (a[0] + sign * a[1]) * to_flag)
        if setup.dark_count_rate > 0:
            c_ops.append(np.sqrt(setup.dark_count_rate / scale) * to_flag)
    for k in (0, 1):
        if undetected > 0:
            c_ops.append(np.sqrt(undetected / scale) * a[k] * waiting)
        if setup.gamma_mw > 0:
            c_ops.append(np.sqrt(setup.gamma_mw / scale) * b[k] * waiting)
    start_mw = 0 if setup.variant == "blue" else 1
    node0 = qt.tensor(qt.basis(da, 0), qt.basis(db, start_mw))
    psi0 = qt.tensor(node0, node0, qt.basis(3, 0))
    result = qt.mesolve(h, psi0 * psi0.dag(), [0.0, setup.pulse * scale], c_ops=c_ops,
                        options={"atol": atol, "rtol": rtol, "nsteps": 10**7, "store_states": True,
                                 "method": "adams"})
    rho = result.states[-1].full().reshape(da, db, da, db, 3, da, db, da, db, 3)
    blocks = []
    for flag in (1, 2):
        # trace both optical modes, keep (A_mw, B_mw) -> reorder to Qiskit kron(B, A)
        # indices: (A_opt, A_mw, B_opt, B_mw) x (A_opt', A_mw', B_opt', B_mw')
        m = np.einsum("aibjakbl->jilk", rho[:, :, :, :, flag, :, :, :, :, flag])
        blocks.append(_resonators_to_qubits(m.reshape(db * db, db * db), db))
    total = _to_phi_plus(blocks[0], blocks[1])
    p_herald = float(np.real(np.trace(total)))
    state = total / p_herald
    return HeraldResult(state=(state + state.conj().T) / 2, raw_plus=blocks[0], raw_minus=blocks[1],
                        herald_probability=p_herald)
