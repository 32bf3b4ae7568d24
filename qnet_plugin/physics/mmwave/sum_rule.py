"""Sum rule for vacuum flux fluctuations in a lossless linear circuit, paper 002 Sec. IV.

A lossless circuit has a capacitance matrix C and an inductance matrix L (node basis; H =
q^T C^-1 q/2 + phi^T L^-1 phi/2). Its normal modes omega_k and vacuum flux amplitudes
phi_i^(k) = (C^-1/2 U)_ik sqrt(hbar/(2 omega_k)), with U diagonalising C^-1/2 L^-1 C^-1/2, satisfy

* Eq. (6): res_{omega_k} Z_ij = -(i omega_k/hbar) phi_i^(k) phi_j^(k), Z(omega) = [i omega C + (i omega L)^-1]^-1;
* Eq. (7): sum_k (phi_i^(k) - phi_j^(k))^2/(hbar omega_k) = L_ij^(eff)/2, with
  L_ij^(eff) = L_ii + L_jj - L_ij - L_ji (j = ground: L_ii);
* Eq. (8): prod_k (dphi^(k))^m_k <= (L/(2M))^(M/2) prod_k (hbar omega_k m_k)^(m_k/2).

SI units: F, H, rad/s, Wb. ``j=None`` means the ground node. Building matrices from branch lists
(:func:`node_matrices`) makes random-circuit tests and small examples easy.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import eigh, inv

from qnet_plugin.core.units import HBAR
from qnet_plugin.core.validation import check_positive


def node_matrices(num_nodes: int, capacitors, inductors):
    """Capacitance matrix C and inductance matrix L of a circuit from its branches.

    Args:
        num_nodes: number of non-ground nodes.
        capacitors, inductors: iterables of ``(i, j, value)`` with node indices ``i``, ``j`` in
            ``range(num_nodes)`` or ``None`` for ground; values in F and H.

    Every node needs an inductive path to ground (else L^-1 is singular: a free flux). Returns
    ``(C, L)`` with L = (sum of branch inverse inductances, Laplacian form)^-1.
    """
    c = np.zeros((num_nodes, num_nodes))
    linv = np.zeros((num_nodes, num_nodes))
    for mat, branches, name, as_admittance in ((c, capacitors, "capacitance", False),
                                               (linv, inductors, "inductance", True)):
        for i, j, value in branches:
            check_positive(name, value, "F" if name == "capacitance" else "H")
            y = 1.0 / value if as_admittance else value
            for p in (i, j):
                if p is not None:
                    mat[p, p] += y
            if i is not None and j is not None:
                mat[i, j] -= y
                mat[j, i] -= y
    if np.linalg.matrix_rank(linv) < num_nodes:
        raise ValueError("every node needs an inductive path to ground (the inverse inductance matrix is singular)")
    if np.linalg.matrix_rank(c) < num_nodes:
        raise ValueError("every node needs a capacitive path to ground (the capacitance matrix is singular)")
    return c, inv(linv)


def _inv_sqrt(m):
    w, v = np.linalg.eigh(m)
    return (v / np.sqrt(w)) @ v.T


def normal_modes(capacitance, inductance):
    """Mode frequencies omega_k (rad/s, ascending) and vacuum flux amplitudes phi[i, k] (Wb), 002 Sec. IV.

    phi_i^(k) = (C^-1/2 U)_ik sqrt(hbar/(2 omega_k)), U the orthogonal matrix bringing
    C^-1/2 L^-1 C^-1/2 to diag(omega_k^2). The sign of each column is arbitrary (a mode's phase).
    """
    c = np.asarray(capacitance, dtype=float)
    c_is = _inv_sqrt(c)
    w2, u = eigh(c_is @ inv(np.asarray(inductance, dtype=float)) @ c_is)
    if np.any(w2 <= 0):
        raise ValueError("C and L must be positive definite (found a non-positive mode frequency^2)")
    omegas = np.sqrt(w2)
    return omegas, (c_is @ u) * np.sqrt(HBAR / (2 * omegas))


def impedance_matrix(omega, capacitance, inductance):
    """Z(omega) = [i omega C + (i omega L)^-1]^-1 (Ohm), 002 Sec. IV; ``omega`` may be complex."""
    c = np.asarray(capacitance, dtype=complex)
    linv = inv(np.asarray(inductance, dtype=complex))
    return inv(1j * omega * c + linv / (1j * omega))


def impedance_residues(capacitance, inductance):
    """Residues of Z at its poles omega_k from the flux amplitudes, 002 Eq. (6): array [k, i, j] (Ohm rad/s).

    res Z_ij = -(i omega_k/hbar) phi_i^(k) phi_j^(k).
    """
    omegas, phi = normal_modes(capacitance, inductance)
    return -1j * omegas[:, None, None] / HBAR * np.einsum("ik,jk->kij", phi, phi)


def contour_residue(capacitance, inductance, omega_k, radius=None, points: int = 256):
    """Residue of Z at ``omega_k`` by a numerical contour integral (1/2 pi i) \\oint Z d omega.

    The independent engine for Eq. (6): no eigen-decomposition, only Z(omega) on a circle of
    ``radius`` (default 1e-3 omega_k; must exclude the other poles). The trapezoid rule on a
    circle converges exponentially for an analytic integrand.
    """
    r = 1e-3 * omega_k if radius is None else radius
    theta = 2 * np.pi * np.arange(points) / points
    z = omega_k + r * np.exp(1j * theta)
    acc = sum(impedance_matrix(zz, capacitance, inductance) * (1j * r * np.exp(1j * th))
              for zz, th in zip(z, theta))
    return acc * (2 * np.pi / points) / (2j * np.pi)


def flux_difference(phi, i, j=None):
    """Vacuum amplitudes dphi_ij^(k) = phi_i^(k) - phi_j^(k) of the flux across nodes i, j (j=None: ground)."""
    return phi[i] - (0.0 if j is None else phi[j])


def effective_inductance(inductance, i, j=None):
    """L_ij^(eff) = L_ii + L_jj - L_ij - L_ji: the inductance seen between nodes i and j, 002 Eq. (7)."""
    lm = np.asarray(inductance, dtype=float)
    if j is None:
        return float(lm[i, i])
    return float(lm[i, i] + lm[j, j] - lm[i, j] - lm[j, i])


def sum_rule_lhs(capacitance, inductance, i, j=None):
    """Left side of 002 Eq. (7), sum_k (dphi_ij^(k))^2/(hbar omega_k), in H (equals L_ij^(eff)/2)."""
    omegas, phi = normal_modes(capacitance, inductance)
    return float(np.sum(flux_difference(phi, i, j) ** 2 / (HBAR * omegas)))


def product_bound(inductance_value, omegas, exponents):
    """Right side of 002 Eq. (8): (L/(2M))^(M/2) prod_k (hbar omega_k m_k)^(m_k/2), in Wb^M.

    Bounds prod_k |dphi^(k)|^m_k across an inductor ``inductance_value`` (H) directly connecting two
    nodes, for modes ``omegas`` (rad/s) and non-negative ``exponents`` m_k.
    """
    check_positive("inductance_value", inductance_value, "H")
    w = np.asarray(omegas, dtype=float)
    m = np.asarray(exponents, dtype=float)
    big_m = m.sum()
    return (inductance_value / (2 * big_m)) ** (big_m / 2) * np.prod((HBAR * w * m) ** (m / 2))


__all__ = ["node_matrices", "normal_modes", "impedance_matrix", "impedance_residues", "contour_residue",
           "flux_difference", "effective_inductance", "sum_rule_lhs", "product_bound"]
