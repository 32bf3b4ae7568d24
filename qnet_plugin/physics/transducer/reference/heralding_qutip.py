r"""Single-click and Barrett-Kok heralding through noisy transducers by a full QuTiP simulation.

Independent of the fast path (:mod:`qnet_plugin.physics.transducer.heralding`, which works with
closed-form beam-splitter amplitudes and per-outcome weight matrices): here the two memory qubits
and the two optical modes are one QuTiP state on ``2 x 2 x D x D`` levels, and every step is an
operator applied to it:

1. emission: the isometry |0><0| (x) 1 + |1><1| (x) a^dag on each node (bright state emits);
2. transducer: a beam splitter ``exp(theta (a^dag e - a e^dag))``, cos^2 theta = eta, with a bath
   mode ``e`` in a thermal state of occupation n_th/(1 - eta) (thermal attenuator; Zeuthen et al.,
   QST 5, 034009 (2020)); its Kraus operators sqrt(pi_k) <j|_e U |k>_e act on each node's mode;
3. fibre: a second beam splitter with a vacuum bath (pure loss), *not* merged with step 2;
4. station: phase e^{i phi n_b} on arm B, 50:50 beam splitter exp(pi/4 (a^dag b - a b^dag)) whose
   output ``a`` carries c+ = (a + b)/sqrt 2 (D+); threshold detectors with no-click operator
   (1 - p_d)(1 - eta_d)^n; the POVM is evaluated on padded modes (2D - 1 levels each) so that the
   beam splitter is exact for every populated state, and pulled back to the input modes;
5. pump-induced noise: mode-mismatched Poisson photons, whose detected-photon distribution at
   D+-/D- is summed explicitly (multinomial splitting of each node's photons, truncated at
   ``noise_cutoff``), instead of the fast path's closed form;
6. phase noise: Gauss-Hermite quadrature over phi ~ N(phase, phase_noise^2) of the heralded states;
7. two-click: round 1, sigma_x on both qubits, round 2 on fresh modes; the rounds share phi.

The heralded qubit states are partial traces over the modes of (1 (x) M_x) rho; the Pauli frame
update (Psi+ -> Phi+ by X on B, Psi- by Z on A then X on B) is applied with QuTiP gates.
Truncation: the bath at ``bath_levels`` and each mode at ``bath_levels + 2`` levels (exact for the
truncated bath); fine for the small noise of the tests (tail below 1e-9 there).
"""

from __future__ import annotations

from math import comb, factorial

import numpy as np
import qutip as qt


def _mode_kraus(eta: float, n_bath: float, levels: int, bath_levels: int) -> list[qt.Qobj]:
    """Kraus operators of the beam splitter eta with a thermal bath (truncated at ``bath_levels``)."""
    dim = levels
    a = qt.tensor(qt.destroy(dim), qt.qeye(dim))
    e = qt.tensor(qt.qeye(dim), qt.destroy(dim))
    theta = np.arccos(np.sqrt(eta))
    u = (theta * (a.dag() * e - a * e.dag())).expm()
    if n_bath > 0:
        weights = [n_bath**k / (1 + n_bath) ** (k + 1) for k in range(bath_levels)]
    else:
        weights = [1.0] + [0.0] * (bath_levels - 1)
    ops = []
    full = u.full().reshape(dim, dim, dim, dim)  # (mode', bath', mode, bath)
    for k, w in enumerate(weights):
        if w == 0:
            continue
        for j in range(dim):
            ops.append(qt.Qobj(np.sqrt(w) * full[:, j, :, k]))
    return ops


def _apply_on_mode(rho: qt.Qobj, ops: list[qt.Qobj], slot: int) -> qt.Qobj:
    dims = rho.dims[0]
    out = 0
    for k in ops:
        parts = [qt.qeye(d) for d in dims]
        parts[slot] = k
        big = qt.tensor(*parts)
        out = out + big * rho * big.dag()
    return out


def _pump_noise_silence(pump_noise: float, t_fibre: float, eta_d: float, cutoff: int) -> tuple[float, float]:
    """P(no pump-noise photon detected at D-), P(none at either), by explicit multinomial sums."""
    p_det = t_fibre * eta_d / 2          # one photon -> detected at a given detector
    pois = [np.exp(-pump_noise) * pump_noise**k / factorial(k) for k in range(cutoff + 1)]
    total = [0.0] * (2 * cutoff + 1)     # distribution of the two nodes' photons together
    for ka, pa in enumerate(pois):
        for kb, pb in enumerate(pois):
            total[ka + kb] += pa * pb
    silent_minus = silent_both = 0.0
    for k, pk in enumerate(total):
        # each photon: D+ (p_det), D- (p_det) or lost (1 - 2 p_det); multinomial over (j+, j-, lost)
        for jp in range(k + 1):
            prob_none_minus = comb(k, jp) * p_det**jp * (1 - 2 * p_det) ** (k - jp)
            silent_minus += pk * prob_none_minus
        silent_both += pk * (1 - 2 * p_det) ** k
    return silent_minus, silent_both


def _povm_in_input_basis(levels: int, eta_d: float, p_dark: float, silence) -> dict:
    """M_+ and M_- at phi = 0 on the two input modes (levels each), computed on padded modes."""
    pad = 2 * levels - 1
    a = qt.tensor(qt.destroy(pad), qt.qeye(pad))
    b = qt.tensor(qt.qeye(pad), qt.destroy(pad))
    u = ((np.pi / 4) * (a.dag() * b - a * b.dag())).expm()
    n = np.arange(pad)
    nc = (1 - p_dark) * (1 - eta_d) ** n
    nc_a = qt.tensor(qt.Qobj(np.diag(nc)), qt.qeye(pad))
    nc_b = qt.tensor(qt.qeye(pad), qt.Qobj(np.diag(nc)))
    silent_minus, silent_both = silence
    # P(D+ clicks, D- silent) = P(D- silent) - P(both silent); noise photons folded in (item 5)
    m_out = {"+": silent_minus * nc_b - silent_both * nc_a * nc_b,
             "-": silent_minus * nc_a - silent_both * nc_a * nc_b}
    keep = np.array([i * pad + j for i in range(levels) for j in range(levels)])
    out = {}
    for x, m in m_out.items():
        full = (u.dag() * m * u).full()
        out[x] = qt.Qobj(full[np.ix_(keep, keep)], dims=[[levels, levels], [levels, levels]])
    return out


def _with_phase(povm: dict, phase: float, levels: int) -> dict:
    """R^dag M R with R = exp(i phi n_b) (the phase of arm B)."""
    r = qt.tensor(qt.qeye(levels), (1j * phase * qt.num(levels)).expm())
    return {x: r.dag() * m * r for x, m in povm.items()}


def _transmit(rho_q: qt.Qobj, kraus_t, kraus_f, levels: int) -> qt.Qobj:
    """Emission, transducer and fibre on a two-qubit state (qubit order A, B): state of (qA, qB, a, b)."""
    vac = qt.basis(levels, 0)
    state = qt.tensor(rho_q, vac * vac.dag(), vac * vac.dag())  # (qA, qB, a, b)
    ad = qt.create(levels)
    p0, p1 = qt.basis(2, 0).proj(), qt.basis(2, 1).proj()
    i2, im = qt.qeye(2), qt.qeye(levels)
    emit_a = qt.tensor(p0, i2, im, im) + qt.tensor(p1, i2, ad, im)
    emit_b = qt.tensor(i2, p0, im, im) + qt.tensor(i2, p1, im, ad)
    state = emit_b * emit_a * state * emit_a.dag() * emit_b.dag()
    for slot in (2, 3):
        state = _apply_on_mode(state, kraus_t, slot)
        if kraus_f is not None:
            state = _apply_on_mode(state, kraus_f, slot)
    return state


def _detect(state: qt.Qobj, povm: dict) -> dict:
    """Unnormalised qubit states per outcome: Tr_modes[(1 (x) M_x) rho]."""
    out = {}
    for x, m in povm.items():
        big = qt.tensor(qt.qeye(2), qt.qeye(2), m)
        out[x] = (big * state).ptrace([0, 1])
    return out


def _to_qiskit(rho: qt.Qobj) -> np.ndarray:
    """QuTiP order (A, B) -> Qiskit little-endian (qubit 0 = A): index a + 2 b."""
    m = rho.full().reshape(2, 2, 2, 2)          # (a, b, a', b')
    return m.transpose(1, 0, 3, 2).reshape(4, 4)


def _frame(raw: dict, signs: dict, dephasing: float) -> np.ndarray:
    x_b = qt.tensor(qt.qeye(2), qt.sigmax())
    z_a = qt.tensor(qt.sigmaz(), qt.qeye(2))
    za, zb = z_a, qt.tensor(qt.qeye(2), qt.sigmaz())
    total = 0
    for key, rho in raw.items():
        if dephasing:
            rho = (1 - dephasing) * rho + dephasing * za * rho * za
            rho = (1 - dephasing) * rho + dephasing * zb * rho * zb
        c = x_b if signs[key] > 0 else x_b * z_a
        total = total + c * rho * c.dag()
    return _to_qiskit(total)


def heralded_pair_qutip(protocol: str, efficiency: float, thermal_noise: float = 0.0, pump_noise: float = 0.0,
                        fibre_transmittance: float = 1.0, detector_efficiency: float = 1.0,
                        dark_probability: float = 0.0, phase: float = 0.0, phase_noise: float = 0.0,
                        alpha: float = 0.5, dephasing: float = 0.0, bath_levels: int = 12,
                        noise_cutoff: int = 25, quadrature: int = 16) -> dict:
    """Heralded pair by the full simulation; returns ``state`` (Phi+ frame, Qiskit order),
    ``herald_probability`` and ``raw`` (unnormalised physical-frame states per outcome, Qiskit order).

    Arguments as :class:`qnet_plugin.physics.transducer.heralding.HeraldingSetup` plus ``alpha``
    (single-click bright-state population) and the memories' Z-flip probability ``dephasing``.
    """
    levels = bath_levels + 2
    n_bath = thermal_noise / (1 - efficiency) if thermal_noise > 0 else 0.0
    kraus_t = _mode_kraus(efficiency, n_bath, levels, bath_levels)
    kraus_f = None if fibre_transmittance == 1 else _mode_kraus(fibre_transmittance, 0.0, levels, 1)
    silence = _pump_noise_silence(pump_noise, fibre_transmittance, detector_efficiency, noise_cutoff) \
        if pump_noise > 0 else (1.0, 1.0)
    if protocol == "single-click":
        v = (np.sqrt(1 - alpha) * qt.basis(2, 0) + np.sqrt(alpha) * qt.basis(2, 1))
        rho0 = qt.tensor(v, v).proj()
        if phase_noise > 0:
            nodes, wts = np.polynomial.hermite_e.hermegauss(quadrature)
            wts = wts / wts.sum()
            phases = phase + phase_noise * nodes
        else:
            phases, wts = np.array([phase]), np.array([1.0])
        raw = {"+": 0, "-": 0}
        sent = _transmit(rho0, kraus_t, kraus_f, levels)
        povm0 = _povm_in_input_basis(levels, detector_efficiency, dark_probability, silence)
        for ph, w in zip(phases, wts):
            res = _detect(sent, _with_phase(povm0, ph, levels))
            for x in raw:
                raw[x] = raw[x] + w * res[x]
        signs = {"+": 1, "-": -1}
    elif protocol == "two-click":
        plus = (qt.basis(2, 0) + qt.basis(2, 1)).unit()
        rho0 = qt.tensor(plus, plus).proj()
        povm = _with_phase(_povm_in_input_basis(levels, detector_efficiency, dark_probability, silence), phase,
                           levels)
        flip = qt.tensor(qt.sigmax(), qt.sigmax())
        first = _detect(_transmit(rho0, kraus_t, kraus_f, levels), povm)
        raw, signs = {}, {}
        for x, rho1 in first.items():
            second = _detect(_transmit(flip * rho1 * flip, kraus_t, kraus_f, levels), povm)
            for y, rho2 in second.items():
                raw[x + y] = rho2
                signs[x + y] = 1 if x == y else -1
    else:
        raise ValueError(f"protocol = {protocol!r} is not allowed; choose 'single-click' or 'two-click'")
    total = _frame(raw, signs, dephasing)
    prob = float(np.trace(total).real)
    return {"state": total / prob, "herald_probability": prob,
            "raw": {k: _to_qiskit(v) for k, v in raw.items()}}


__all__ = ["heralded_pair_qutip"]
