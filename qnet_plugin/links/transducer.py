"""TransducerLink: heralded Bell pairs from *your own* transducer's efficiency and added noise.

A user who knows a handful of datasheet numbers (conversion efficiency, added noise photons,
bandwidth, repetition rate, heat per attempt) gets the delivered state, rate and regime boundaries
of a heralded link between two superconducting memories, for the single-click scheme (Cabrillo et al.,
PRA 59, 1025 (1999); Humphreys et al., Nature 558, 268 (2018)) or the two-click Barrett-Kok scheme
(Barrett & Kok, PRA 71, 060310(R) (2005)). The physics, with every modelling choice, is in
:mod:`qnet_plugin.physics.transducer.heralding`; this module maps the user's units onto it:

* ``n_add``: added noise photons per attempt. ``noise_referred_to='input'`` (default; the figure of
  merit of Zeuthen et al., QST 5, 034009 (2020)) means the transducer output carries eta * n_add
  noise photons in the signal's mode per attempt; ``'output'`` means n_add photons at the output.
  A fraction ``pump_noise_fraction`` of it is pump-induced (mode-mismatched Poisson light), the rest
  thermal-like (Bose-Einstein, in the signal mode, a thermal attenuator; needs efficiency < 1).
* detection window tau = 4/(2 pi BW) from the conversion bandwidth BW (the choice of paper 001,
  see :mod:`qnet_plugin.links.nv_diamond`), dark-count probability 1 - exp(-R_dark tau);
  ``rep_rate`` <= 1/tau.
* the station sits at the fibre's midpoint: each arm has fibre_length/2 of fibre plus
  ``insertion_loss_db``; one attempt lasts rounds/rep_rate + fibre_length n_g / c (the memories keep
  the pair until the herald is back; rounds = 1 single-click, 2 two-click), which is also the time the
  memories dephase with ``memory_t2`` (pure dephasing, both ends).
* ``alpha`` (single-click bright-state population): user-set, or optimised over (0, 1/2) for
  ``alpha_objective``: ``'ebit-rate'`` (default: rate x hashing yield; where that is zero for every
  alpha, the fidelity is maximised instead) or ``'fidelity-rate'`` (rate x fidelity, the literal
  product; it drives alpha towards 1/2 where F -> 1/2, so it is offered for comparison only).
* ``heat_w`` = heat_per_attempt x transducer pulses per second; ``None`` (not modelled) when
  ``heat_per_attempt`` is None (the default: a datasheet rarely gives it); ``extras['heat_modelled']``
  says which.

Regime boundaries (extras): ``entanglement_threshold_n_add`` (the n_add, in the same referral, at
which the best pair of the configured protocol stops being entangled: concurrence zero, alpha
re-optimised for concurrence in single-click), ``fidelity_half_threshold_n_add`` (where the best
fidelity falls to 1/2) and ``two_click_beats_single_click_efficiency`` (the conversion efficiency above
which two-click's ebit rate exceeds single-click's, other parameters fixed; None if it never does in
(0.001, 0.99)).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.core.bell import hashing_yield
from qnet_plugin.core.units import C_LIGHT, transmittance_from_loss_db
from qnet_plugin.core.validation import ParameterError, check_range, param
from qnet_plugin.links.base import LinkModel, LinkReport, fidelity_to
from qnet_plugin.physics.transducer import heralding as her

#: Group index of standard telecom fibre (the value qnet_plugin.network uses for classical latency).
FIBRE_GROUP_INDEX = 1.468
_ALPHA_RANGE = (1e-5, 0.5)


@dataclass(frozen=True)
class TransducerLink(LinkModel):
    """Heralded pairs from a generic transducer given by efficiency and added noise (issue 17).

    Defaults describe an illustrative present-day device (no specific paper): eta = 0.3, 0.01 added
    noise photon (input-referred), 1 MHz conversion bandwidth, 100 kHz attempts, 90 % detectors with
    10 dark counts/s, 1 km of 0.2 dB/km fibre, single-click with optimised alpha.
    """

    name = "transducer"
    description = "Your own transducer: efficiency + added noise -> single-click or Barrett-Kok heralded pairs"

    efficiency: float = param(0.3, "conversion efficiency eta of each transducer", low=0.0, high=1.0)
    n_add: float = param(0.01, "added noise photons per attempt (see noise_referred_to)", "photons", low=0.0)
    noise_referred_to: str = param("input", "input: output noise = efficiency * n_add; output: = n_add",
                                   choices=("input", "output"))
    pump_noise_fraction: float = param(0.0, "fraction of n_add that is pump-induced (mode-mismatched Poisson)",
                                       low=0.0, high=1.0)
    conversion_bandwidth: float = param(1e6, "conversion bandwidth BW (detection window 4/(2 pi BW))", "Hz",
                                        low=0.0, low_open=True)
    rep_rate: float = param(1e5, "transducer pulses (attempt rounds) per second", "Hz", low=0.0, low_open=True)
    detector_efficiency: float = param(0.9, "single-photon detector efficiency", low=0.0, high=1.0)
    dark_count_rate: float = param(10.0, "false clicks per detector per second", "s^-1", low=0.0)
    fibre_attenuation_db_per_km: float = param(0.2, "fibre attenuation", "dB/km", low=0.0)
    fibre_length: float = param(1000.0, "fibre length between the two nodes (station at the midpoint)", "m",
                                low=0.0)
    insertion_loss_db: float = param(0.0, "extra optical loss per arm (coupling, filters)", "dB", low=0.0)
    protocol: str = param("single-click", "heralding protocol", choices=her.PROTOCOLS)
    alpha: float | None = param(None, "single-click bright-state population; None optimises it", low=0.0,
                                high=0.5, low_open=True, optional=True)
    alpha_objective: str = param("ebit-rate", "what an optimised alpha maximises",
                                 choices=("ebit-rate", "fidelity-rate"))
    interferometer_phase: float = param(0.0, "static optical phase of arm B, not corrected", "rad",
                                        low=-np.pi, high=np.pi)
    phase_noise: float = param(0.0, "rms shot-to-shot interferometer phase fluctuation", "rad", low=0.0)
    memory_t2: float | None = param(None, "memory coherence time T2 at both ends; None: no dephasing", "s",
                                    low=0.0, low_open=True, optional=True, inf_ok=True)
    heat_per_attempt: float | None = param(None, "heat deposited in the fridge per transducer pulse "
                                           "(None: not modelled)", "J", low=0.0, optional=True)
    regime_boundaries: bool = param(True, "compute the regime boundaries (slower)", cli=True)
    fock_tolerance: float = param(1e-9, "convergence tolerance of the Fock-space weights", low=1e-14, high=1e-3)

    def __post_init__(self):
        super().__post_init__()
        window = self.detection_window
        check_range("rep_rate", self.rep_rate, 0.0, 1.0 / window, low_open=True, unit="Hz",
                    why=f"at most 1/tau with the detection window tau = 4/(2 pi BW) = {window:.4g} s")
        if self.thermal_noise_out > 0 and self.efficiency >= 1:
            raise ParameterError(f"efficiency = {self.efficiency:.6g} is outside the allowed range [0, 1) "
                                 "when thermal-like noise is added (a passive converter adds none at unit "
                                 "efficiency; set pump_noise_fraction = 1 for noise that does not share the mode)")
        if self.efficiency * self.detector_efficiency == 0:
            raise ParameterError(f"efficiency = {self.efficiency:.6g} and detector_efficiency = "
                                 f"{self.detector_efficiency:.6g}: their product must be in (0, 1] (no herald)")

    # ------------------------------------------------------------------ derived quantities
    @property
    def rounds(self) -> int:
        """Transducer pulses per attempt: 1 single-click, 2 two-click."""
        return 1 if self.protocol == "single-click" else 2

    @property
    def detection_window(self) -> float:
        """tau = 4/(2 pi BW), s."""
        return 4.0 / (2 * np.pi * self.conversion_bandwidth)

    @property
    def noise_out(self) -> float:
        """Added noise photons per attempt at the transducer output."""
        return self.efficiency * self.n_add if self.noise_referred_to == "input" else self.n_add

    @property
    def thermal_noise_out(self) -> float:
        return (1 - self.pump_noise_fraction) * self.noise_out

    @property
    def fibre_transmittance(self) -> float:
        """Transmittance of one arm (half the fibre plus the insertion loss)."""
        loss = self.fibre_attenuation_db_per_km * self.fibre_length / 2e3 + self.insertion_loss_db
        return float(transmittance_from_loss_db(loss))

    @property
    def dark_probability(self) -> float:
        return float(-np.expm1(-self.dark_count_rate * self.detection_window))

    @property
    def attempt_time(self) -> float:
        """rounds/rep_rate + fibre_length n_g / c, s."""
        return self.rounds / self.rep_rate + self.fibre_length * FIBRE_GROUP_INDEX / C_LIGHT

    def setup(self, **changes) -> her.HeraldingSetup:
        """The heralding round this link runs (``changes`` override link fields first)."""
        m = dataclasses.replace(self, **changes) if changes else self
        return her.HeraldingSetup(efficiency=m.efficiency, thermal_noise=m.thermal_noise_out,
                                  pump_noise=m.pump_noise_fraction * m.noise_out,
                                  fibre_transmittance=m.fibre_transmittance,
                                  detector_efficiency=m.detector_efficiency, dark_probability=m.dark_probability,
                                  phase=m.interferometer_phase)

    def pair(self, protocol: str | None = None, weights: her.RoundWeights | None = None, alpha: float | None = None,
             objective: str | None = None) -> her.HeraldedPair:
        """The delivered pair of ``protocol`` (default: the link's), alpha as configured unless given."""
        protocol = protocol or self.protocol
        weights = weights or her.round_weights(self.setup(), tol=self.fock_tolerance)
        rounds = 1 if protocol == "single-click" else 2
        wait = rounds / self.rep_rate + self.fibre_length * FIBRE_GROUP_INDEX / C_LIGHT
        deph = her.dephasing_probability(wait, self.memory_t2)
        if protocol == "two-click":
            return her.two_click_pair(weights, deph)
        if alpha is None:
            alpha = self.alpha
        if alpha is None:
            alpha = self._optimal_alpha(weights, deph, objective or self.alpha_objective, wait)
        return her.single_click_pair(weights, alpha, self.phase_noise, deph)

    def _optimal_alpha(self, weights, deph, objective, attempt) -> float:
        def pair(a):
            return her.single_click_pair(weights, a, self.phase_noise, deph)

        def rate_yield(a):
            p = pair(a)
            return p.herald_probability / attempt * max(0.0, hashing_yield(p.state))

        def fid_rate(a):
            p = pair(a)
            return p.herald_probability / attempt * p.fidelity

        if objective == "fidelity-rate":
            return _maximise(fid_rate)
        best = _maximise(rate_yield)
        if rate_yield(best) > 0:
            return best
        return _maximise(lambda a: pair(a).fidelity)

    # ------------------------------------------------------------------ regime boundaries
    def _best_signed_concurrence(self, protocol: str, **changes) -> float:
        m = dataclasses.replace(self, **changes) if changes else self
        w = her.round_weights(m.setup(), tol=max(self.fock_tolerance, 1e-8))
        if protocol == "two-click":
            return _signed_concurrence(m.pair("two-click", w).state)
        a = _maximise(lambda x: _signed_concurrence(m.pair("single-click", w, alpha=x).state))
        return _signed_concurrence(m.pair("single-click", w, alpha=a).state)

    def _best_fidelity(self, protocol: str, **changes) -> float:
        m = dataclasses.replace(self, **changes) if changes else self
        w = her.round_weights(m.setup(), tol=max(self.fock_tolerance, 1e-8))
        if protocol == "two-click":
            return m.pair("two-click", w).fidelity
        a = _maximise(lambda x: m.pair("single-click", w, alpha=x).fidelity)
        return m.pair("single-click", w, alpha=a).fidelity

    def noise_threshold(self, protocol: str | None = None, quantity: str = "concurrence") -> float | None:
        """n_add (same referral as the field) where the best pair stops being entangled
        (``quantity='concurrence'``) or its fidelity drops to 1/2 (``'fidelity'``); None if not found
        below the engine's limit, 0.0 if already unentangled at n_add = 0."""
        from scipy.optimize import brentq  # here: 0.15 s of import

        protocol = protocol or self.protocol
        if quantity == "concurrence":
            def g(n):
                return self._best_signed_concurrence(protocol, n_add=n)
        else:
            def g(n):
                return self._best_fidelity(protocol, n_add=n) - 0.5
        if g(0.0) <= 0:
            return 0.0
        hi = 0.01
        while True:
            try:
                if g(hi) <= 0:
                    break
            except ParameterError:
                return None
            hi *= 2
            if hi > 1e3:
                return None
        return float(brentq(g, hi / 2 if hi > 0.01 else 0.0, hi, xtol=1e-4 * hi, rtol=1e-6))

    def crossover_efficiency(self) -> float | None:
        """Conversion efficiency above which two-click's ebit rate beats single-click's (ebit-rate alpha)."""
        from scipy.optimize import brentq  # here: 0.15 s of import

        def diff(eta):
            m = dataclasses.replace(self, efficiency=eta, alpha=None, alpha_objective="ebit-rate")
            w = her.round_weights(m.setup(), tol=max(self.fock_tolerance, 1e-8))
            out = []
            for proto in her.PROTOCOLS:
                p = m.pair(proto, w)
                rounds = 1 if proto == "single-click" else 2
                t = rounds / m.rep_rate + m.fibre_length * FIBRE_GROUP_INDEX / C_LIGHT
                out.append(p.herald_probability / t * max(0.0, hashing_yield(p.state)))
            return out[1] - out[0]

        grid = np.geomspace(1e-3, 0.99, 16)
        values = [diff(e) for e in grid]
        for (e0, v0), (e1, v1) in zip(zip(grid, values), zip(grid[1:], values[1:])):
            if v0 <= 0 < v1:
                return float(brentq(diff, e0, e1, xtol=1e-5))
        return None

    # ------------------------------------------------------------------ report
    def report(self) -> LinkReport:
        # cached per parameter set (models are values); callers get their own extras/parameters dicts
        rep = _report(self)
        return dataclasses.replace(rep, extras=dict(rep.extras), parameters=dict(rep.parameters))


def _maximise(f) -> float:
    from scipy.optimize import minimize_scalar

    res = minimize_scalar(lambda a: -f(a), bounds=_ALPHA_RANGE, method="bounded", options={"xatol": 1e-5})
    return float(res.x)


def _signed_concurrence(rho: np.ndarray) -> float:
    """Wootters' lambda1 - lambda2 - lambda3 - lambda4 before clipping at 0 (continuous through 0)."""
    yy = np.kron(np.array([[0, -1j], [1j, 0]]), np.array([[0, -1j], [1j, 0]]))
    r = rho @ yy @ rho.conj() @ yy
    lam = np.sqrt(np.clip(np.sort(np.linalg.eigvals(r).real)[::-1], 0, None))
    return float(lam[0] - lam[1] - lam[2] - lam[3])


@lru_cache(maxsize=64)
def _report(link: TransducerLink) -> LinkReport:
    weights = her.round_weights(link.setup(), tol=link.fock_tolerance)
    pair = link.pair(weights=weights)
    attempt = link.attempt_time
    rate = pair.herald_probability / attempt
    rho = DensityMatrix(pair.state)
    fidelity = fidelity_to(rho)
    ebit_yield = max(0.0, hashing_yield(rho))
    conc = her.concurrence(pair.state)
    extras = {
        "protocol": link.protocol,
        "alpha": pair.alpha,
        "herald_probability": pair.herald_probability,
        "attempt_time_s": attempt,
        "detection_window_s": link.detection_window,
        "dark_probability": link.dark_probability,
        "fibre_transmittance": link.fibre_transmittance,
        "thermal_noise_out": link.thermal_noise_out,
        "pump_noise_out": link.pump_noise_fraction * link.noise_out,
        "n_add_input_referred": link.noise_out / link.efficiency if link.efficiency > 0 else float("inf"),
        "concurrence": conc,
        "entangled": bool(conc > 0),
        "infidelity": 1.0 - fidelity,
        "ebit_yield": ebit_yield,
        "ebit_rate_hz": rate * ebit_yield,
        "dephasing_probability": her.dephasing_probability(attempt, link.memory_t2),
        "truncation_error": weights.truncation_error,
        "bath_cutoff": weights.bath_cutoff,
        "mode_cutoff": weights.mode_cutoff,
        "heat_modelled": link.heat_per_attempt is not None,
        "heralded_state": "psi+ (frame: X on B) / psi- (frame: Z on A, X on B)",
    }
    if link.regime_boundaries:
        extras["entanglement_threshold_n_add"] = link.noise_threshold(quantity="concurrence")
        extras["fidelity_half_threshold_n_add"] = link.noise_threshold(quantity="fidelity")
        extras["two_click_beats_single_click_efficiency"] = link.crossover_efficiency()
    heat = None if link.heat_per_attempt is None else float(link.heat_per_attempt * link.rounds / attempt)
    return LinkReport(link=link.name, rate_hz=float(rate), state=rho, fidelity=fidelity, heat_w=heat,
                      parameters=link.parameters(), extras=extras, memory_frame="psi")


__all__ = ["TransducerLink", "FIBRE_GROUP_INDEX"]
