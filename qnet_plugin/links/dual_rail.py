"""Autonomous dual-rail entanglement distribution (paper 003) as a link delivering 2N qubits.

N qubits in QPU A sit along waveguide A and N in QPU B along waveguide B; a nondegenerate
parametric amplifier drives both and the 2N qubits relax, with no control pulses, into the pure
steady state |psi_0(r, delta_A, P)> of paper 003 Eq. (9): N two-mode-squeezed pairs (Eq. (5)) for
P = identity, a multipartite state for other permutations. See :mod:`qnet_plugin.physics.dual_rail.broadband`.

What is delivered
-----------------
* ``state``: the 2N-qubit steady state. Broadband amplifier (``bandwidth=None``) without dephasing:
  the analytic pure state of Eq. (9). Otherwise the numerical steady state of the broadband
  equation, Eq. (1), with dephasing, or of the finite-bandwidth equation, Eq. (11).
* ``target``: the analytic state of Eq. (9) (not Phi+: for finite squeezing every pair is
  cosh r |00> + sinh r |11>, with concurrence tanh 2r and Phi+ fidelity 1/(1 + e^{-4r})).
* ``fidelity``: as for every link, the Phi+ fidelity of the delivered pairs (A_i, B_i): the mean
  over the N pairs, each listed in ``extras["pair_fidelities"]``. The overlap with the model's own
  target, <psi_0|state|psi_0>, is ``extras["target_fidelity"]`` (until issue 16 it was reported as
  ``fidelity``: 1.0 for the broadband pure state whose pairs have Phi+ fidelity 0.982 at r = 1).
* Finite bandwidth: the photon cutoff is converged on the reported observables
  (:func:`qnet_plugin.physics.dual_rail.finite_bandwidth.converged_steady_state`: C_ii, pair
  fidelities and the qubit state change by < 1e-3 from cutoff k - 1 to k); ``photon_cutoff`` omitted
  picks the smallest such k, an explicit one that does not converge is refused. The change is
  reported as ``extras["truncation_error"]``. With a finite bandwidth at most
  :data:`MAX_FINITE_PAIRS` pairs are allowed: N = 3 at a converged cutoff has ~3e5 unknowns.
* Qiskit qubit k < N is A_{k+1} (QPU A), qubit N + k is B_{k+1} (QPU B).
* ``rate_hz`` = 1/T_prep of the model that is reported (:mod:`qnet_plugin.physics.dual_rail.preparation`):
  the last time the qubits' purity differs from its steady-state value by more than the paper's
  tolerance, |mu(t) - mu_ss|/N = 0.001, on the relaxation from all qubits in |0> with the
  amplifier running. For the broadband model without dephasing mu_ss = 1 and this is the paper's
  criterion (Fig. 3: [1 - mu(T)]/N = 0.001) exactly; with dephasing or a finite bandwidth the
  steady state is mixed, the paper's criterion is never met, and this one is. Until issue 16 the
  broadband, dephasing-free T_prep was used for every case (bandwidth and dephasing did not change
  the rate); it stays in ``extras["t_prep_broadband_gamma"]``. Cost: one propagation of the
  reported model (~2 s at N = 1, ~1 min at N = 2 with a finite bandwidth, where the amplifier's
  fast decay makes the propagator stiff). ``t_prep_model = "paper-broadband"`` keeps the old,
  fast reading (the paper's T_prep of Eq. (1) without dephasing, whatever the model) for studies
  of the state only; the report says which in ``extras["t_prep_model"]``.
* ``heat_w`` = None (not modelled): paper 003 has no heat model for the amplifier.

Units: ``gamma`` (s^-1) is the qubit decay rate into the waveguide; ``detuning_step`` (rad/s) and
``dephasing`` (gamma_phi, s^-1) are SI; ``bandwidth`` is the paper's beta = kappa/gamma.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from qiskit.quantum_info import DensityMatrix, Statevector

from qnet_plugin.core.validation import ParameterError, check_limit, check_range, param
from qnet_plugin.links.base import LinkModel, LinkReport, fidelity_to
from qnet_plugin.physics.dual_rail import broadband as dr
from qnet_plugin.physics.dual_rail import finite_bandwidth as drf
from qnet_plugin.physics.dual_rail.blocks import ChargeSectors
from qnet_plugin.physics.dual_rail.dynamics import preparation_time
from qnet_plugin.physics.dual_rail.measures import concurrence_matrix, entropy_a, pair_concurrence, purity
from qnet_plugin.physics.dual_rail.preparation import Preparation, preparation

#: Largest N: the finite-bandwidth solve at N = 4 takes minutes; T_prep at N = 5 as well.
MAX_PAIRS = 4
#: Largest N with a finite bandwidth: the photon cutoff that converges the observables (6 at r = 1,
#: beta = 20) gives 1.7e4 unknowns at N = 2 and 16x more per extra pair.
MAX_FINITE_PAIRS = 2


def finite_unknowns(cutoff: int, pairs: int = 2) -> float:
    """Rough number of unknowns of the finite-bandwidth steady state at a photon cutoff, for the
    cost estimate of an over-large cutoff: it grows as the square of the kept photon states
    (n1 + n2 <= cutoff: (c+1)(c+2)/2 of them) and 16x per extra pair, anchored at 3.6e4 for N = 2 at
    cutoff :data:`~qnet_plugin.physics.dual_rail.finite_bandwidth.MAX_CUTOFF` = 8."""
    modes = (cutoff + 1) * (cutoff + 2) / 2
    return 3.6e4 * (modes / 45) ** 2 * 16.0 ** (pairs - 2)


@dataclass(frozen=True)
class DualRailLink(LinkModel):
    """N entangled qubit pairs at once from a two-mode squeezing source (paper 003)."""

    name = "dual-rail"
    description = "Autonomous dual-rail distribution of N pairs / multipartite states (paper 003)"

    pairs: int = param(2, "number of qubit pairs N (N qubits in each QPU)", low=1, high=MAX_PAIRS,
                       integer=True)
    squeezing: float = param(1.0, "two-mode squeezing parameter r of the source (T_prep grows like "
                             "e^{2r}: 37/gamma at r = 1, 280/gamma at r = 2)", low=0.0, high=2.0)
    detuning_step: float = param(0.0, "qubit detuning ladder delta_A,i = (i-1) * step", "rad/s")
    permutation: str = param("identity", "B detunings delta_B = -P delta_A: 'identity', 'reverse' or "
                             "a 1-based list like '2,1'")
    bandwidth: float | None = param(None, "amplifier bandwidth beta = kappa/gamma (omit: broadband, "
                                    "Eq. (1))", low=0.0, low_open=True, optional=True)
    dephasing: float = param(0.0, "qubit pure dephasing rate gamma_phi", "s^-1", low=0.0)
    gamma: float = param(1e7, "qubit decay rate into the waveguide (sets the time unit)", "s^-1",
                         low=0.0, low_open=True)
    photon_cutoff: int | None = param(None, "amplifier photons kept, n1 + n2 <= cutoff (squeezed-thermal "
                                      "basis; finite bandwidth only; omit: the smallest cutoff whose "
                                      "observables change < 1e-3 from the one below)", low=2,
                                      high=drf.MAX_CUTOFF, integer=True, optional=True)
    t_prep_model: str = param("reported", "model T_prep (and rate_hz) is computed from: 'reported' (the "
                              "delivered model, with bandwidth and dephasing) or 'paper-broadband' "
                              "(Eq. (1) without dephasing: fast, ignores both)",
                              choices=("reported", "paper-broadband"))

    def __post_init__(self):
        c = self.photon_cutoff
        if isinstance(c, int) and not isinstance(c, bool) and c > drf.MAX_CUTOFF:
            # the cost estimate comes before the plain range check (issue 11)
            check_limit("photon_cutoff", c, drf.MAX_CUTOFF,
                        estimate=f"the N = 2 steady state would have ~{finite_unknowns(c):.2g} unknowns",
                        hint=f"{finite_unknowns(drf.MAX_CUTOFF):.2g} unknowns and ~30 s at the limit")
        super().__post_init__()
        dr.parse_permutation(self.permutation, self.pairs)
        check_range("detuning_step", self.detuning_step, unit="rad/s")
        if self.bandwidth is not None:
            check_range("pairs", self.pairs, 1, MAX_FINITE_PAIRS,
                        why="with a finite bandwidth the converged photon cutoff makes larger N too big")
            if self.photon_cutoff is not None:
                drf.check_cutoff(self.squeezing, self.photon_cutoff)

    # ------------------------------------------------------------------------------------------
    def detunings(self) -> tuple[np.ndarray, np.ndarray]:
        """(delta_A, delta_B) in units of gamma."""
        return dr.detunings(self.pairs, self.detuning_step / self.gamma, self.permutation)

    def target_vector(self) -> np.ndarray:
        """The analytic steady state of Eq. (9), physics order."""
        da, _ = self.detunings()
        return dr.steady_state(self.squeezing, da, dr.parse_permutation(self.permutation, self.pairs))

    def steady_state(self) -> tuple[np.ndarray, dict]:
        """(physics-order density matrix, diagnostics) of the delivered 2N-qubit state."""
        return _steady_state(self)

    def preparation_time_s(self) -> float:
        """T_prep in seconds of the reported model (see module docstring)."""
        return self.preparation().t_prep / self.gamma

    def preparation(self) -> Preparation:
        """T_prep (1/gamma) of the reported model, its steady-state purity and criterion."""
        return _preparation(self)

    def broadband_preparation_time_s(self) -> float:
        """The paper's T_prep in seconds: purity criterion on Eq. (1), no dephasing (Fig. 3)."""
        da, db = self.detunings()
        try:
            t_gamma = _t_prep(self.squeezing, tuple(da), tuple(db))
        except RuntimeError as exc:  # the purity criterion is not reached in t_max (a huge detuning ladder)
            raise ParameterError(f"{exc} for squeezing = {self.squeezing:g}, detuning_step = "
                                 f"{self.detuning_step:g} rad/s, gamma = {self.gamma:g} s^-1: no preparation "
                                 "time, so no rate") from None
        if t_gamma <= 0:
            # issue 11: with almost no squeezing the impurity never exceeds the Fig. 3 threshold
            # ([1 - mu]/N = 1e-3) and T_prep = 0 would make the rate 1/T_prep infinite
            raise ParameterError(f"squeezing = {self.squeezing:g} is too small for a preparation time: the "
                                 "qubits' impurity [1 - mu]/N never exceeds the paper 003 Fig. 3 "
                                 "criterion 1e-3, so T_prep = 0 and the rate 1/T_prep is undefined")
        return t_gamma / self.gamma

    def report(self) -> LinkReport:
        n = self.pairs
        rho, diag = self.steady_state()
        psi = self.target_vector()
        state = DensityMatrix(dr.to_qiskit_order(rho, 2 * n))
        target = Statevector(dr.to_qiskit_order(psi, 2 * n))
        prep = self.preparation()
        t_prep = prep.t_prep / self.gamma
        pair_fids = drf.pair_fidelities(rho, n)
        extras = {
            "pair_fidelities": pair_fids.tolist(),
            "target_fidelity": fidelity_to(state, target),
            "concurrences": [pair_concurrence(rho, i, i, n) for i in range(n)],
            "concurrence_matrix": concurrence_matrix(rho, n).tolist(),
            "concurrence_ideal": float(np.tanh(2 * self.squeezing)),
            "entropy_a": entropy_a(rho, n),
            "entropy_a_ideal": dr.entropy_a_closed_form(n, self.squeezing),
            "t_prep_s": t_prep,
            "t_prep_gamma": prep.t_prep,
            "t_prep_criterion": prep.criterion,
            "t_prep_model": self.t_prep_model,
            "t_prep_distance_to_steady_state": prep.distance_at_t_prep,
            "t_prep_broadband_gamma": self.broadband_preparation_time_s() * self.gamma,
            "purity": purity(rho),
            **diag,
        }
        return LinkReport(link=self.name, rate_hz=1.0 / t_prep, state=state,
                          fidelity=float(np.mean(pair_fids)), heat_w=None,
                          parameters=self.parameters(), extras=extras, target=target,
                          qubits_a=tuple(range(n)), qubits_b=tuple(range(n, 2 * n)))


@functools.lru_cache(maxsize=16)
def _steady_state(link: DualRailLink):
    n = link.pairs
    da, db = link.detunings()
    dephasing = link.dephasing / link.gamma
    if link.bandwidth is None and dephasing == 0:
        psi = link.target_vector()
        return np.outer(psi, psi.conj()), {"engine": "analytic Eq. (9)"}
    if link.bandwidth is None:
        h, c_ops = dr.broadband_model(da, db, link.squeezing, dephasing)
        sectors = ChargeSectors(dr.charges(n))
        rho = sectors.unpack(sectors.steady_state(sectors.liouvillian(h, c_ops)))
        return rho, {"engine": "Eq. (1) + dephasing, U(1) sector"}
    res = drf.converged_steady_state(tuple(da), tuple(db), link.squeezing, link.bandwidth, dephasing,
                                     cutoff=link.photon_cutoff)
    return res.rho_qubits, {"engine": "Eq. (11), U(1) sector", "photon_cutoff_used": res.cutoff,
                            "truncation_error": res.convergence_error,
                            "amplifier_population_outside": res.truncation_error,
                            "solver_unknowns": res.unknowns, "solver_seconds": res.seconds}


@functools.lru_cache(maxsize=16)
def _preparation(link: DualRailLink) -> Preparation:
    da, db = link.detunings()
    dephasing = link.dephasing / link.gamma
    if (link.bandwidth is None and dephasing == 0) or link.t_prep_model == "paper-broadband":
        # the paper's own case (pure steady state, mu_ss = 1), or the old reading on request
        return Preparation(_t_prep(link.squeezing, tuple(da), tuple(db)), 1.0, float("nan"),
                           "[1 - mu(t)]/N = 0.001 (paper 003 Fig. 3)")
    rho, diag = _steady_state(link)
    return preparation(da, db, link.squeezing, link.bandwidth, dephasing,
                       cutoff=diag.get("photon_cutoff_used", 3), steady=rho)


@functools.lru_cache(maxsize=64)
def _t_prep(r: float, delta_a: tuple, delta_b: tuple) -> float:
    return preparation_time(r, np.array(delta_a), np.array(delta_b))


__all__ = ["DualRailLink", "MAX_PAIRS", "MAX_FINITE_PAIRS"]
