"""Hybrid heralding (superconducting node vs ion or SPDC node) by a full QuTiP simulation.

Shares no code with the fast path (:mod:`qnet_plugin.physics.hybrid.heralding`, which integrates the
no-click generator in closed form): here the modes of both nodes and a three-level herald flag
(0 waiting, 1 D+ clicked, 2 D- clicked) are one QuTiP state; clicks are Lindblad jumps into the flag,
everything else acts only while waiting, and ``qutip.mesolve`` runs to the pulse end. The qubit
maps (leakage -> reset state) and Pauli frame updates are written here again with QuTiP operators.
Time in units of 1/gamma_A.
"""

from __future__ import annotations

import numpy as np
import qutip as qt


def heralded_pair_qutip(*, g: float, gamma_e: float, gamma_i: float, gamma_mw: float, eta_a: float,
                        variant: str, n_max: int, node_b: str, pulse: float, visibility: float,
                        dark_count_rate: float = 0.0, eta_b: float = 1.0, ion_photons: float = 0.0,
                        ion_t2: float | None = None, spdc_g: float = 0.0, spdc_gamma: float = 1.0,
                        spdc_n_max: int = 2) -> tuple[np.ndarray, float]:
    """(delivered Phi+-frame state, herald probability) for node A (paper 000 SC node) and node B
    (``node_b`` = "ion" or "spdc"); parameters as in the fast path (SI units)."""
    scale = gamma_e + gamma_i
    da = 2 if variant == "red" else n_max + 1
    if node_b == "ion":
        dbt, dbk = 1, 2
    else:
        dbt = dbk = spdc_n_max + 1
    dims = [da, da, dbt, dbk, 3]

    def op(slot, o):
        parts = [qt.qeye(d) for d in dims]
        parts[slot] = o
        return qt.tensor(*parts)

    wait = op(4, qt.basis(3, 0).proj())
    a, b = op(0, qt.destroy(da)), op(1, qt.destroy(da))
    h = g / scale * ((a.dag() * b if variant == "red" else a * b) + (a.dag() * b if variant == "red" else a * b).dag())
    if node_b == "ion":
        e_b = -1j * np.sqrt(ion_photons / pulse / scale) * op(3, qt.sigmax())
    else:
        ai, si = op(2, qt.destroy(dbt)), op(3, qt.destroy(dbk))
        h = h + spdc_g / scale * (ai * si + (ai * si).dag())
        e_b = np.sqrt(spdc_gamma / scale) * ai
    e_a = np.sqrt(gamma_e / scale) * a
    h = h * wait
    c_ops = []
    for flag, sign in ((1, 1), (2, -1)):
        move = op(4, qt.basis(3, flag) * qt.basis(3, 0).dag())
        c_ops.append((np.sqrt(eta_a / 2) * e_a + sign * np.sqrt(eta_b * visibility / 2) * e_b) * move)
        if visibility < 1:
            c_ops.append(np.sqrt(eta_b * (1 - visibility) / 2) * e_b * move)
        if dark_count_rate > 0:
            c_ops.append(np.sqrt(dark_count_rate / scale) * move)
    silent = [np.sqrt(1 - eta_a) * e_a, np.sqrt(1 - eta_b) * e_b]
    if gamma_i > 0:
        silent.append(np.sqrt(gamma_i / scale) * a)
    if gamma_mw > 0:
        silent.append(np.sqrt(gamma_mw / scale) * b)
    if node_b == "ion" and ion_t2 is not None:
        silent.append(np.sqrt(1 / (2 * ion_t2) / scale) * op(3, qt.sigmax()))
    c_ops += [c * wait for c in silent if c.norm() > 0]
    start = [qt.basis(da, 0), qt.basis(da, 1 if variant == "red" else 0), qt.basis(dbt, 0), qt.basis(dbk, 0),
             qt.basis(3, 0)]
    psi0 = qt.tensor(*start)
    out = qt.mesolve(h, psi0 * psi0.dag(), [0.0, pulse * scale], c_ops=c_ops,
                     options={"atol": 1e-12, "rtol": 1e-10, "nsteps": 10**7}).states[-1]
    phi = variant == "red"
    x, z, i2 = qt.sigmax(), qt.sigmaz(), qt.qeye(2)
    blocks = []
    for flag in (1, 2):
        proj = op(4, qt.basis(3, flag).proj())
        m = (proj * out * proj).ptrace([1, 3]).permute([1, 0])  # kept modes as kron(B, A) (Qiskit)
        keep = qt.tensor(qt.basis(dbk, 0).proj() + qt.basis(dbk, 1).proj(),
                         qt.basis(da, 0).proj() + qt.basis(da, 1).proj())
        kept = keep * m * keep
        leak = m.tr() - kept.tr()
        full = kept.full()
        q = np.zeros((4, 4), dtype=complex)
        for rb in (0, 1):
            for ra in (0, 1):
                for cb in (0, 1):
                    for ca in (0, 1):
                        q[2 * rb + ra, 2 * cb + ca] = full[rb * da + ra, cb * da + ca]
        reset = qt.tensor(qt.basis(2, 1), qt.basis(2, 0)) if phi else qt.tensor(qt.basis(2, 0), qt.basis(2, 0))
        blocks.append(qt.Qobj(q, dims=[[2, 2], [2, 2]]) + leak * reset.proj())
    if phi:
        u_p, u_m = qt.tensor(i2, i2), qt.tensor(i2, z)
    else:
        u_p, u_m = qt.tensor(x, i2), qt.tensor(x, i2) * qt.tensor(i2, z)
    total = u_p * blocks[0] * u_p.dag() + u_m * blocks[1] * u_m.dag()
    p = float(np.real(total.tr()))
    return (total / p).full(), p


__all__ = ["heralded_pair_qutip"]
