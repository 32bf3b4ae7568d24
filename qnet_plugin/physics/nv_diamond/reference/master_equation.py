"""NV0-diamond transducer, reference engine: QuTiP Lindblad model, finite signal, the paper's method.

Paper 001 (text after Fig. 1) solves the two-tone steady state by expanding
<sigma_ij(t)> = sum_{p,q} s_ij^(p,q) exp(-i t (p mu_d + q mu_s)), then reads P_tot and P_coh as the
slopes of R_tot and R_coh at |E_s|^2 -> 0 obtained by regression (Fig. 2(a)). This module does the
same with QuTiP, independently of the fast engine in :mod:`.nv_diamond`:

* Operators, Hamiltonian and Liouvillians are QuTiP objects (``qutip.liouvillian``,
  ``qutip.spre``/``spost``, column-stacking vectorisation).
* Frame rotating at mu_s for |1> and mu_s + mu_d for |2>: the signal and the resonant pump are
  static at *finite* E_s; only the far-detuned action of the drive on |0>-|2> is left oscillating,
  as exp(+- i mu_s t). The steady state is then sum_n rho_n exp(i n mu_s t) (the paper's harmonic
  expansion with the p index absorbed by the frame); the block system for |n| <= ``harmonics`` is
  solved directly. Lab components: (1,1) = rho_0[2,0] and rho_{-1}[2,1]; (1,0) = rho_0[2,1] and
  rho_{+1}[2,0].
* Slopes: R_tot and R_coh are computed at several small |E_s|^2 and a quadratic in |E_s|^2 is
  fitted; its linear coefficient is P_tot / P_coh and its constant term of R_tot is R_d.

:func:`dark_count_rate_qutip` additionally gets R_d from ``qutip.steadystate`` of the time-independent
drive-only problem (frame 0, 0, mu_d), a third route. These functions are slow (ms to tens of ms
per point) and exist to check the fast engine in tests and in the benchmark.
"""

from __future__ import annotations

import numpy as np
import qutip

from qnet_plugin.physics.nv_diamond.rates import NVDevice
from qnet_plugin.physics.nv_diamond.steady_state import PAPER_PUMP_POWER, drive_amplitude


def _ops():
    b = [qutip.basis(3, k) for k in range(3)]
    return {f"{i}{j}": b[i] * b[j].dag() for i in range(3) for j in range(3)}


def _c_ops(rates, dephasing_1, dephasing_2):
    s = _ops()
    return [np.sqrt(rates.gamma_10_t) * s["01"], np.sqrt(rates.gamma_20_t) * s["02"],
            np.sqrt(rates.gamma_21_t) * s["12"], np.sqrt(2 * dephasing_1) * s["11"],
            np.sqrt(2 * dephasing_2) * s["22"]]


def _unvec(v):
    """Column-stacked vector -> 3 x 3 matrix (QuTiP's operator_to_vector convention)."""
    return np.asarray(v).reshape(3, 3, order="F")


def two_tone_steady_state(device: NVDevice, pump_power: float, signal_flux: float, dephasing_1=0.0,
                          dephasing_2=0.0, detuning_10=0.0, detuning_20=0.0, signal_detuning=0.0,
                          harmonics: int = 3) -> dict:
    """Finite-amplitude two-tone steady state; returns R_tot, R_coh (photons/s) and the (1,1) amplitude.

    Args:
        signal_flux: |E_s|^2, photons/s (>= 0). Other arguments as in :func:`.nv_diamond.conversion`.
        harmonics: harmonics |n| <= harmonics of mu_s kept in the expansion.
    """
    s = _ops()
    r = device.rates()
    e_s = np.sqrt(signal_flux)
    e_d = float(drive_amplitude(pump_power, device))
    mu_s = device.omega_10 + signal_detuning
    h0 = ((detuning_10 - signal_detuning) * s["11"] + (detuning_20 - signal_detuning) * s["22"]
          + np.sqrt(r.gamma_10_e) * e_s * (s["10"] + s["01"])
          + np.sqrt(r.gamma_21_e) * e_d * (s["21"] + s["12"]))
    l0 = qutip.liouvillian(h0, _c_ops(r, dephasing_1, dephasing_2)).full()
    v = np.sqrt(r.gamma_20_e) * e_d * s["20"]           # multiplies exp(+i mu_s t)
    l_plus = (-1j * (qutip.spre(v) - qutip.spost(v))).full()
    l_minus = (-1j * (qutip.spre(v.dag()) - qutip.spost(v.dag()))).full()
    nh = 2 * harmonics + 1
    m = np.zeros((9 * nh, 9 * nh), dtype=complex)
    for k, n in enumerate(range(-harmonics, harmonics + 1)):
        blk = slice(9 * k, 9 * k + 9)
        m[blk, blk] = l0 - 1j * n * mu_s * np.eye(9)
        if k > 0:
            m[blk, 9 * (k - 1):9 * k] = l_plus      # rho_{n-1} feeds rho_n through exp(+i mu_s t)
        if k < nh - 1:
            m[blk, 9 * (k + 1):9 * (k + 2)] = l_minus
    rhs = np.zeros(9 * nh, dtype=complex)
    row = 9 * harmonics                               # the rho_00 equation of the n = 0 block
    m[row, :] = 0.0
    m[row, row + np.array([0, 4, 8])] = 1.0           # Tr rho_0 = 1
    rhs[row] = 1.0
    sol = np.linalg.solve(m, rhs)
    rho = {n: _unvec(sol[9 * k:9 * k + 9]) for k, n in enumerate(range(-harmonics, harmonics + 1))}
    g21, g20 = np.sqrt(r.gamma_21_e), np.sqrt(r.gamma_20_e)
    x11 = g21 * rho[-1][2, 1] + g20 * rho[0][2, 0]
    x10 = g21 * rho[0][2, 1] + g20 * rho[1][2, 0]
    r_tot = (r.gamma_20_e + r.gamma_21_e) * rho[0][2, 2].real - abs(x10) ** 2
    return {"r_tot": r_tot, "r_coh": abs(x11) ** 2, "c11": -1j * x11}


def conversion_qutip(device: NVDevice | None = None, pump_power: float = PAPER_PUMP_POWER,
                     fluxes=(0.0, 250.0, 500.0, 750.0, 1000.0), harmonics: int = 3, **kw) -> dict:
    """P_tot, P_coh, theta, R_d by regression of R_tot, R_coh on |E_s|^2 (001 Fig. 2(a)).

    ``fluxes`` (photons/s) must lie well below the saturation of |0>-|1> (~1e6 /s at the paper's
    point); a quadratic fit removes the leading nonlinearity. Returns a dict with ``p_tot``,
    ``p_coh``, ``theta``, ``dark_count_hz``.
    """
    device = device or NVDevice()
    x = np.asarray(fluxes, dtype=float)
    res = [two_tone_steady_state(device, pump_power, f, harmonics=harmonics, **kw) for f in x]
    tot = np.polyfit(x, [q["r_tot"] for q in res], 2)
    coh = np.polyfit(x, [q["r_coh"] for q in res], 2)
    k = int(np.argmax(x))
    theta = float(np.angle(res[k]["c11"]))
    return {"p_tot": tot[1], "p_coh": coh[1], "theta": theta, "dark_count_hz": tot[2]}


def dark_count_rate_qutip(device: NVDevice | None = None, pump_power: float = PAPER_PUMP_POWER,
                          dephasing_1=0.0, dephasing_2=0.0, detuning_10=0.0, detuning_20=0.0) -> float:
    """R_d from ``qutip.steadystate`` of the drive-only Lindbladian in the frame (0, 0, mu_d), where
    it is time independent (the 10 GHz-detuned |0>-|2> drive kept exactly), 001 Fig. 2(b)."""
    device = device or NVDevice()
    s = _ops()
    r = device.rates()
    e_d = float(drive_amplitude(pump_power, device))
    h = ((device.omega_10 + detuning_10) * s["11"]
         + (device.omega_20 + detuning_20 - device.pump_frequency) * s["22"]
         + np.sqrt(r.gamma_21_e) * e_d * (s["21"] + s["12"])
         + np.sqrt(r.gamma_20_e) * e_d * (s["20"] + s["02"]))
    rho = qutip.steadystate(h, _c_ops(r, dephasing_1, dephasing_2)).full()
    x0 = np.sqrt(r.gamma_21_e) * rho[2, 1] + np.sqrt(r.gamma_20_e) * rho[2, 0]
    return float((r.gamma_20_e + r.gamma_21_e) * rho[2, 2].real - abs(x0) ** 2)


__all__ = ["two_tone_steady_state", "conversion_qutip", "dark_count_rate_qutip"]
