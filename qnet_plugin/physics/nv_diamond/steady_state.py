"""NV0-diamond microwave-to-optical transducer (paper 001): two-tone steady state, fast engine.

Model (001, reduced three-level model of Fig. 1(b)): levels |0>, |1> (ground branches,
omega_10 = 2 pi x 10 GHz) and |2> (ZPL, omega_20 = 2 pi x 500 THz); a microwave waveguide couples
to |0>-|1> with rate gamma_10^e, the optical waveguide to |0>-|2> (gamma_20^e) and |1>-|2>
(gamma_21^e); internal decays gamma_ij^i; pure dephasing of levels |1>, |2> (gamma_1^phi,
gamma_2^phi, 001 Fig. 2(c),(d)); static detunings omega_10 -> omega_10 + Delta omega_10,
omega_20 -> omega_20 + Delta omega_20 (001 Fig. 2(e),(f)). Coherent inputs (001, text after
Fig. 1): a signal ``E_s exp(-i mu_s t)`` in the microwave waveguide (flux |E_s|^2, photons/s) and
a drive ``E_d exp(-i mu_d t)`` in the optical waveguide with pump power hbar mu_d |E_d|^2;
mu_s = omega_10 + Delta mu_s, mu_d = omega_20 - omega_10 at the *nominal* levels (the lasers stay
put when the NV0 levels move).

Conventions (a waveguide-coupled emitter, the paper's input-output relation):
``H_drive = sqrt(gamma^e) (E sigma_+ + E^* sigma_-)`` and
``c_out = c_in - i sqrt(gamma_21^e) sigma_12 - i sqrt(gamma_20^e) sigma_02`` (001). Jump operators
sqrt(gamma_10^t)|0><1|, sqrt(gamma_20^t)|0><2|, sqrt(gamma_21^t)|1><2| with gamma^t = gamma^i + gamma^e,
and sqrt(2 gamma_k^phi)|k><k| (k = 1, 2): **gamma_k^phi is the extra decay rate of every
coherence that involves level k** (our reading; the paper does not print its Lindblad operator).

Observables (001 text around Fig. 2):

* R_tot = <c_out^dag c_out> - |<c_out^(1,0)>|^2 = (gamma_20^e + gamma_21^e) rho_22 - |X^(1,0)|^2,
  X = sqrt(gamma_21^e) <sigma_12> + sqrt(gamma_20^e) <sigma_02> (the cross term of the two
  transitions vanishes because sigma_21 sigma_02 = 0). Taken literally as printed: it counts every
  optical photon except the coherent drive-frequency component (the incoherent 2 -> 1
  fluorescence included).
* R_coh = |<c_out^(1,1)>|^2, the coherent component at mu_d + mu_s; theta = arg <c_out^(1,1)>
  per unit E_s (E_s, E_d real).
* P_tot = dR_tot/d|E_s|^2 and P_coh = dR_coh/d|E_s|^2 at |E_s|^2 -> 0; P_inc = P_tot - P_coh;
  R_d = R_tot at E_s = 0 (dark counts, drive only).

Fast engine (this module): in the frame rotating at 0 for |1> and at mu_d for |2>, the drive
alone is *time independent*, including its far-detuned action on |0>-|2> that produces the dark
counts (no rotating-wave or harmonic truncation needed). The signal is then the only periodic
term, ``E_s (V e^{-i mu_s t} + V^dag e^{i mu_s t})`` with V = sqrt(gamma_10^e)|1><0|, and the weak-signal
slopes are exact perturbation theory:

    L0 rho0 = 0,                      Tr rho0 = 1
    (L0 + i mu_s) rho_+ = -L_V rho0,  (L0 - i mu_s) rho_- = -L_Vdag rho0
    L0 rho2 = -(L_V rho_- + L_Vdag rho_+),  Tr rho2 = 0

so P_coh = |sqrt(gamma_21^e) rho_+[2,1] + sqrt(gamma_20^e) rho_+[2,0]|^2 and
P_tot = (gamma_20^e + gamma_21^e) rho2[2,2] - 2 Re(X0^* X2). Four 9 x 9 solves per point, batched
over any array of parameters, in the column-stacked convention of :mod:`qnet_plugin.core.superop`.
The reference engine (:mod:`.reference.master_equation`) solves the finite-E_s
problem by the paper's harmonic expansion with QuTiP and fits the slopes; a test checks both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet_plugin.core import superop as so
from qnet_plugin.core.operators import ket_bra
from qnet_plugin.core.units import HBAR
from qnet_plugin.core.validation import check_nonnegative, check_positive
from qnet_plugin.physics.nv_diamond.rates import EffectiveRates, NVDevice

#: The paper's operating point: pump power hbar mu_d |E_d|^2 = 55 pW (001 Fig. 2(a)).
PAPER_PUMP_POWER = 55e-12

_SIG = {name: ket_bra(*ij, 3) for name, ij in
        {"01": (0, 1), "10": (1, 0), "02": (0, 2), "20": (2, 0), "12": (1, 2), "21": (2, 1),
         "11": (1, 1), "22": (2, 2)}.items()}


@dataclass(frozen=True)
class ConversionResult:
    """Weak-signal conversion figures of 001 (arrays broadcast over the inputs).

    Attributes:
        p_tot: total detection probability per microwave photon, dR_tot/d|E_s|^2.
        p_coh: coherent conversion efficiency, dR_coh/d|E_s|^2.
        theta: phase of the converted photon, arg c_out^(1,1) per unit E_s (rad).
        dark_count_hz: R_d, detected photons per second with the drive only (1/s).
        p_inc: P_tot - P_coh, the incoherent part.
    """

    p_tot: np.ndarray
    p_coh: np.ndarray
    theta: np.ndarray
    dark_count_hz: np.ndarray

    @property
    def p_inc(self):
        return self.p_tot - self.p_coh


def drive_amplitude(pump_power, device: NVDevice):
    """|E_d| in sqrt(photons/s) for a pump power in W: hbar mu_d |E_d|^2 = P (001 Fig. 2(a))."""
    return np.sqrt(np.asarray(pump_power, dtype=float) / (HBAR * device.pump_frequency))


def _jump_supers(rates: EffectiveRates):
    """Dissipators with unit rate for the five jump channels, and their rates."""
    return [
        (so.dissipator(_SIG["01"]), rates.gamma_10_t),
        (so.dissipator(_SIG["02"]), rates.gamma_20_t),
        (so.dissipator(_SIG["12"]), rates.gamma_21_t),
    ]


_DEPH = (so.dissipator(_SIG["11"]), so.dissipator(_SIG["22"]))


def drive_liouvillian(device: NVDevice, pump_power, dephasing_1=0.0, dephasing_2=0.0,
                      detuning_10=0.0, detuning_20=0.0, rates: EffectiveRates | None = None):
    """Batched Liouvillian L0 (n, 9, 9) with the drive only, in the frame (0, 0, mu_d) for (|0>, |1>, |2>).

    Inputs broadcast together (rad/s for rates and detunings, W for the pump); returns
    ``(L0, shape)`` with the broadcast shape.
    """
    rates = rates or device.rates()
    p, g1, g2, d10, d20 = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                                (pump_power, dephasing_1, dephasing_2, detuning_10, detuning_20)))
    shape = p.shape
    p, g1, g2, d10, d20 = (x.reshape(-1) for x in (p, g1, g2, d10, d20))
    n = p.size
    e_d = drive_amplitude(p, device)
    h = np.zeros((n, 3, 3), dtype=complex)
    h[:, 1, 1] = device.omega_10 + d10
    h[:, 2, 2] = device.omega_20 + d20 - device.pump_frequency
    h += (np.sqrt(rates.gamma_21_e) * e_d)[:, None, None] * (_SIG["21"] + _SIG["12"])
    h += (np.sqrt(rates.gamma_20_e) * e_d)[:, None, None] * (_SIG["20"] + _SIG["02"])
    lv = so.commutator(h)
    for d, rate in _jump_supers(rates):
        lv += rate * d
    lv += (2 * g1)[:, None, None] * _DEPH[0] + (2 * g2)[:, None, None] * _DEPH[1]
    return lv, shape


def _emission(vec, rates: EffectiveRates):
    """X = sqrt(gamma_21^e) <sigma_12> + sqrt(gamma_20^e) <sigma_02> (<sigma_ij> = rho[j, i])."""
    return np.sqrt(rates.gamma_21_e) * so.element(vec, 2, 1, 3) + np.sqrt(rates.gamma_20_e) * so.element(vec, 2, 0, 3)


def conversion(device: NVDevice | None = None, pump_power=PAPER_PUMP_POWER, dephasing_1=0.0,
               dephasing_2=0.0, detuning_10=0.0, detuning_20=0.0, signal_detuning=0.0,
               chunk: int = 2048) -> ConversionResult:
    """P_tot, P_coh, theta and R_d of 001 by exact weak-signal perturbation theory (fast engine).

    Args:
        device: the :class:`NVDevice` (paper defaults with fitted internal losses).
        pump_power: hbar mu_d |E_d|^2, W (> 0).
        dephasing_1, dephasing_2: gamma_1^phi, gamma_2^phi, rad/s (>= 0).
        detuning_10, detuning_20: Delta omega_10, Delta omega_20, rad/s.
        signal_detuning: Delta mu_s = mu_s - omega_10 (nominal), rad/s.
        chunk: points per batched solve (memory ~ chunk x 1.3 kB x 4).

    All array arguments broadcast; the result has the broadcast shape.
    """
    device = device or NVDevice()
    check_positive("pump_power", pump_power, "W")
    check_nonnegative("dephasing_1", dephasing_1, "rad/s")
    check_nonnegative("dephasing_2", dephasing_2, "rad/s")
    rates = device.rates()
    args = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                 (pump_power, dephasing_1, dephasing_2, detuning_10, detuning_20, signal_detuning)))
    shape = args[0].shape
    flat = [a.reshape(-1) for a in args]
    out = {k: np.empty(flat[0].size) for k in ("p_tot", "p_coh", "theta", "dark")}
    v_sig = np.sqrt(rates.gamma_10_e) * _SIG["10"]
    l_v = so.commutator(v_sig)
    l_vd = so.commutator(v_sig.conj().T)
    eye = np.eye(9)
    gamma_e = rates.gamma_20_e + rates.gamma_21_e
    for s in range(0, flat[0].size, chunk):
        sl = slice(s, s + chunk)
        l0, _ = drive_liouvillian(device, *(f[sl] for f in flat[:5]), rates=rates)
        mu_s = (device.omega_10 + flat[5][sl])[:, None, None]
        rho0 = so.steady_state(l0)
        rho_p = np.linalg.solve(l0 + 1j * mu_s * eye, -so.apply(l_v, rho0)[..., None])[..., 0]
        rho_m = np.linalg.solve(l0 - 1j * mu_s * eye, -so.apply(l_vd, rho0)[..., None])[..., 0]
        rho2 = so.solve_traceless(l0, -(so.apply(l_v, rho_m) + so.apply(l_vd, rho_p)))
        a1 = -1j * _emission(rho_p, rates)          # c_out^(1,1) per unit E_s
        x0, x2 = _emission(rho0, rates), _emission(rho2, rates)
        out["p_coh"][sl] = np.abs(a1) ** 2
        out["theta"][sl] = np.angle(a1)
        out["p_tot"][sl] = gamma_e * so.element(rho2, 2, 2, 3).real - 2 * np.real(np.conj(x0) * x2)
        out["dark"][sl] = gamma_e * so.element(rho0, 2, 2, 3).real - np.abs(x0) ** 2
    return ConversionResult(p_tot=out["p_tot"].reshape(shape), p_coh=out["p_coh"].reshape(shape),
                            theta=out["theta"].reshape(shape), dark_count_hz=out["dark"].reshape(shape))


def dark_count_rate(device: NVDevice | None = None, pump_power=PAPER_PUMP_POWER, **kw):
    """R_d = lim_{E_s -> 0} R_tot, photons/s, drive only (001 Fig. 2(b)); broadcasts like :func:`conversion`."""
    return conversion(device, pump_power, **kw).dark_count_hz


def bandwidth(device: NVDevice | None = None, pump_power=PAPER_PUMP_POWER, span=None, points: int = 121,
              **kw) -> float:
    """Conversion bandwidth BW in Hz: FWHM of P_coh versus the signal detuning Delta mu_s (001 Fig. 2(a) inset).

    P_coh is sampled on ``points`` detunings over +-``span`` (rad/s; default 8 x the total linewidth
    of |2>), and the half-maximum crossings on either side of the peak are refined with Brent's
    method. ``kw`` passes dephasing/detunings (scalars).
    """
    from scipy.optimize import brentq

    device = device or NVDevice()
    r = device.rates()
    span = span or 8 * (r.gamma_20_t + r.gamma_21_t + r.gamma_10_t)
    grid = np.linspace(-span, span, points)
    p = conversion(device, pump_power, signal_detuning=grid, **kw).p_coh
    k = int(np.argmax(p))
    half = p[k] / 2

    def f(x):
        return float(conversion(device, pump_power, signal_detuning=x, **kw).p_coh) - half

    below = np.nonzero(p < half)[0]
    left, right = below[below < k], below[below > k]
    if left.size == 0 or right.size == 0:
        raise ValueError("bandwidth: P_coh does not fall to half its maximum inside the scanned span; "
                         "pass a larger span")
    lo = brentq(f, grid[left[-1]], grid[left[-1] + 1], xtol=1e-3 * (grid[1] - grid[0]))
    hi = brentq(f, grid[right[0] - 1], grid[right[0]], xtol=1e-3 * (grid[1] - grid[0]))
    return (hi - lo) / (2 * np.pi)


def conversion_time(bandwidth_hz: float) -> float:
    """tau_conv = 4/(2 pi BW), s: the emission has relaxed by 98 % (001, text after Fig. 2 (130 ns))."""
    check_positive("bandwidth", bandwidth_hz, "Hz")
    return 4.0 / (2 * np.pi * bandwidth_hz)


__all__ = ["ConversionResult", "conversion", "dark_count_rate", "bandwidth", "conversion_time",
           "drive_amplitude", "drive_liouvillian", "PAPER_PUMP_POWER", "NVDevice"]
