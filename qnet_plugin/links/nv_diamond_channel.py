"""The NV0 transducer's photonic channel N o E (paper 001, text of Fig. 3) as a Qiskit Kraus map.

The optical mode is a single-rail photonic qubit: |0> vacuum, |1> one photon (qubit 1 = photon).

* E (conversion): the input photon is converted with probability P_tot and picks up the phase
  theta; of the converted photon only the fraction P_coh/P_tot keeps its phase (the rest is the
  incoherent photon, 001: "the converted photon is transformed into an incoherent photon with
  probability P_inc/P_tot"). As a map: |1><1| -> P_tot|1><1| + (1 - P_tot)|0><0|,
  |1><0| -> sqrt(P_coh) e^{i theta}|1><0|, |0><0| fixed. Kraus: the phase-carrying amplitude
  damping {|0><0| + sqrt(P_tot) e^{i theta}|1><1|, sqrt(1 - P_tot)|0><1|} followed by dephasing
  {sqrt((1 + l)/2) I, sqrt((1 - l)/2) Z} with l = sqrt(P_coh/P_tot). Completely positive only
  for P_coh <= P_tot, which the constructor checks.
* N (noise): a noise photon is added with probability P_d = tau_conv R_d: Kraus
  {diag(sqrt(1 - P_d), 1), sqrt(P_d)|1><0|} (single-rail truncation: a noise photon on top of a
  photon still reads |1>). Coherences shrink by sqrt(1 - P_d) ~ 1 - P_d/2, the paper's alpha.

:func:`transducer_channel` returns N o E, checked CPTP. :func:`heralded_state_kraus` runs the whole
single-click protocol on (qubit A, mode A, qubit B, mode B) with these Kraus maps and the
detection POVM, as an independent check of the closed form in
:mod:`qnet_plugin.physics.nv_diamond.single_click`.
"""

from __future__ import annotations

import numpy as np
from qiskit.quantum_info import DensityMatrix, Kraus, Statevector

from qnet_plugin.channels import is_cptp
from qnet_plugin.core.operators import I2
from qnet_plugin.core.operators import Z as _Z
from qnet_plugin.core.validation import check_probability, check_range
from qnet_plugin.physics.nv_diamond.single_click import NodeConversion


def conversion_channel(p_tot: float, p_coh: float, theta: float) -> Kraus:
    """E: conversion with probability ``p_tot``, phase ``theta`` (rad), coherent part ``p_coh`` (001)."""
    check_probability("p_tot", p_tot)
    check_range("p_coh", p_coh, 0.0, p_tot, why="P_coh <= P_tot for a completely positive map")
    amp = [np.array([[1, 0], [0, np.sqrt(p_tot) * np.exp(1j * theta)]], dtype=complex),
           np.array([[0, np.sqrt(1 - p_tot)], [0, 0]], dtype=complex)]
    lam = np.sqrt(p_coh / p_tot) if p_tot > 0 else 0.0
    deph = [np.sqrt((1 + lam) / 2) * I2, np.sqrt((1 - lam) / 2) * _Z]
    return Kraus([d @ a for d in deph for a in amp])


def noise_channel(p_d: float) -> Kraus:
    """N: a noise photon added with probability ``p_d`` (001, P_d = tau_conv R_d)."""
    check_probability("p_d", p_d)
    return Kraus([np.diag([np.sqrt(1 - p_d), 1.0]).astype(complex),
                  np.array([[0, 0], [np.sqrt(p_d), 0]], dtype=complex)])


def transducer_channel(p_tot: float, p_coh: float, theta: float, p_d: float) -> Kraus:
    """The composite channel N o E of one transducer on its single-rail photonic qubit, CPTP-checked."""
    e, n = conversion_channel(p_tot, p_coh, theta), noise_channel(p_d)
    ops = [kn @ ke for kn in n.data for ke in e.data]   # E first, then N
    chan = Kraus(ops)
    if not is_cptp(chan, atol=1e-12):
        raise ValueError("transducer_channel: N o E is not trace preserving (internal error)")
    return chan


def node_channel(node: NodeConversion) -> Kraus:
    """:func:`transducer_channel` for a :class:`~qnet_plugin.physics.nv_diamond.single_click.NodeConversion`."""
    return transducer_channel(node.p_tot, node.p_coh, node.theta, node.p_d)


def detection_povm(detector: int = +1, visibility: float = 1.0) -> np.ndarray:
    """Single-click POVM element on single-rail modes (A, B) (4 x 4, mode A = low bit):
    |Psi+-><Psi+-| + (1 + V)/4 |11><11| for two photons of HOM visibility V (derivation in
    physics.nv_diamond.single_click; V = 1: the paper's |11><11|/2)."""
    check_probability("hom_visibility", visibility)
    psi = np.array([0, 1, detector, 0], dtype=complex) / np.sqrt(2)
    m = np.outer(psi, psi.conj())
    m[3, 3] += 0.25 * (1 + visibility)
    return m


def heralded_state_kraus(node_a: NodeConversion, node_b: NodeConversion, p_e: float,
                         detector: int = +1, visibility: float = 1.0) -> np.ndarray:
    """Unnormalised qubit state (4 x 4, qubit 0 = A) after a click at D+-, by density-matrix simulation.

    Qubits: 0 = SC qubit A, 1 = mode A, 2 = SC qubit B, 3 = mode B. Each node starts in
    sqrt(1 - p_e)|g,0> + sqrt(p_e)|e,1>; the modes go through N o E; the POVM element acts on
    (mode A, mode B) and the modes are traced out.
    """
    check_probability("p_e", p_e)
    node = np.zeros(4, dtype=complex)
    node[0], node[3] = np.sqrt(1 - p_e), np.sqrt(p_e)   # index = qubit + 2 * mode
    rho = DensityMatrix(Statevector(np.kron(node, node)))
    rho = rho.evolve(node_channel(node_a), qargs=[1]).evolve(node_channel(node_b), qargs=[3])
    t = rho.data.reshape([2] * 8)           # axes: (b3, b2, b1, b0, b3', b2', b1', b0')
    m = detection_povm(detector, visibility).reshape(2, 2, 2, 2)  # (mB, mA, mB', mA')
    # Tr_modes[(M x I) rho]: contract M's column (mode) indices with rho's row mode indices,
    # and M's row indices with rho's column mode indices (the trace).
    out = np.einsum("wxyz,yazbwcxd->abcd", m, t)
    return out.reshape(4, 4)


__all__ = ["conversion_channel", "noise_channel", "transducer_channel", "node_channel",
           "detection_povm", "heralded_state_kraus"]
