"""Hybrid-modality links from paper 000 (end of main text, Fig. 3): a superconducting node heralded
against a trapped ion, or against a flying optical photon, with the same single-click scheme.

Node B has physics of its own (issue 16; :mod:`qnet_plugin.physics.hybrid.heralding`, checked
against an independent QuTiP simulation of the two unlike nodes in
:mod:`qnet_plugin.physics.hybrid.reference.heralding_qutip`):

* ``sc-ion``, ``node_b_model="conditional-reflection"`` (default): the ion reflects a weak coherent
  pump (|0+> + eps|1-> + eps^2/sqrt2 |2+> ...): its own mean photon number per attempt
  ``ion_photons`` (None: balanced, node B's detected photons per attempt = node A's detected
  emission probability), collection ``ion_collection`` and frequency conversion to the heralding
  wavelength ``ion_conversion`` (then the link's detector chain), the multi-excitation error and
  the ion's dephasing from lost photons (both from the master equation), the ion's T2 during the
  pulse, and the two-photon visibility ``hom_visibility`` at the beam splitter.
* ``sc-photon``, ``node_b_model="spdc"`` (default): an optical chi(2) SPDC source, pair probability
  per attempt ``spdc_pairs`` (None: balanced as above), idler linewidth ``spdc_linewidth``, idler
  collection ``spdc_idler_efficiency``, multi-pair emission kept up to ``spdc_photon_cutoff`` (the
  change from one photon fewer is reported as ``truncation_error``), the same visibility.
* ``node_b_model="sc-calibrated"``: the calibration "same generation rate as the superconducting
  node" (the symmetric two-node calculation below, as before issue 16), kept as one setting.

The rate is the hybrid herald probability per attempt over (pulse + reset), with node A's pulse
(optimised for the symmetric link unless ``pulse`` is set).

The calibrated setting reuses the electro-optic heralding of the superconducting node
(:class:`~qnet_plugin.links.electro_optic.ElectroOpticLink`: pump power -> <n_p> (000 Eq. 4) ->
g (Eq. 3) -> no-click dynamics (Eqs. 5, 8-11) -> click-averaged heralded state) and change what
node B is:

* ``sc-ion`` (:class:`SCIonLink`): node B reflects an attenuated pump off an ion in |+>, making
  |0+> + eps |1-> (photon number (x) ion); after path erasure and one click the pair is the
  microwave-ion state |0+> +- |1-> (000, end of main text). The ion node is calibrated to the
  same emission probability as the superconducting node ("calibrated to have the same generation
  rate", read for both hybrids), so the click statistics, rate and error weights are those of the
  symmetric two-node calculation. What changes is the **basis**: the ion's half is labelled by
  the ion's X eigenstates (label 0 = |+>, label 1 = |->). The ion's own decoherence during the
  heralding pulse (pure dephasing, ``ion_t2``) is a Z on the ion, which in these labels is a
  **bit flip** of qubit B (probability (1 - e^{-t/T2})/2), applied before the Pauli-frame
  correction. The report's state is the Phi+-frame state in these labels; the ion QPU applies one
  Hadamard on arrival (``extras["frame_b"] = "h"``) to bring the pair to its computational basis.
* ``sc-photon`` (:class:`SCPhotonLink`): node B is a purely optical chi(2) SPDC source calibrated
  to the same rate; its signal photon flies away in the **single-rail** basis (|0> = vacuum,
  |1> = one photon). Loss on the way (``flight_loss_db``) is amplitude damping |1> -> |0> on
  qubit B in that physical basis, applied before the frame correction; it lowers the fidelity (a
  single-rail photon loss is not heralded).

Node A's storage (the microwave resonator) is left to the network (the QPU's communication-qubit
T1/T2), so ``storage_time`` of the electro-optic link must stay 0 here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.channels.standard import amplitude_damping, pauli_channel
from qnet_plugin.core.bell import hashing_yield
from qnet_plugin.core.operators import I2 as _I
from qnet_plugin.core.units import transmittance_from_loss_db
from qnet_plugin.core.validation import ParameterError, param
from qnet_plugin.links.base import LinkReport, fidelity_to
from qnet_plugin.links.electro_optic import ElectroOpticLink
from qnet_plugin.physics.electro_optic import heralding as her
from qnet_plugin.physics.hybrid import heralding as hy


def _on_b(kraus, rho: np.ndarray) -> np.ndarray:
    """Apply single-qubit Kraus operators to qubit B (qubit 1, Qiskit order kron(B, A))."""
    return sum(np.kron(k, _I) @ rho @ np.kron(k, _I).conj().T for k in kraus)


@dataclass(frozen=True)
class _HybridLink(ElectroOpticLink):
    """Shared machinery: the superconducting node's heralding, then a map on node B's raw half."""

    # each subclass re-declares node_b_model with its own default and choices
    node_b_model: str = param("sc-calibrated", "node B physics", choices=("sc-calibrated",))
    hom_visibility: float = param(0.9, "two-photon (mode-overlap) visibility of the two nodes' photons "
                                  "at the beam splitter", low=0.0, high=1.0)

    def __post_init__(self):
        super().__post_init__()
        if self.storage_time != 0.0:
            raise ParameterError(f"storage_time = {self.storage_time} s is not allowed for a hybrid link "
                                 "(allowed: 0); storage is modelled by the network's QPUs")

    def _node_b_kraus(self, pulse: float):  # pragma: no cover - abstract
        raise NotImplementedError

    def _extras(self) -> dict:
        return {}

    def _node_b(self, pulse: float, balanced_photons: float) -> hy.Node:  # pragma: no cover - abstract
        raise NotImplementedError

    def report(self) -> LinkReport:
        if self.node_b_model == "sc-calibrated":
            return self._calibrated_report()
        base = ElectroOpticLink.report(self)  # pulse, heat and the SC-node physics
        pulse = base.extras["pulse_s"]
        n_max = base.extras.get("fock_cutoff_used") or 1
        setup = self.heralding_setup(pulse, n_max=n_max)
        node_a = hy.sc_node(setup.g_a, self.gamma_e, self.gamma_i, self.gamma_mw, self.efficiency, self.variant,
                            n_max)
        # node A alone: probability its emission is detected within the pulse (the symmetric
        # no-click probability without dark counts factorises into the two nodes')
        p_a = 1.0 - float(np.sqrt(her.no_click_probability(
            her.HeraldingSetup(setup.g_a, setup.g_a, self.gamma_e, self.gamma_i, self.efficiency, 0.0,
                               self.gamma_mw, pulse, self.variant, n_max), pulse)))
        target = "phi" if self.variant == "red" else "psi"
        res = hy.heralded_pair(node_a, self._node_b(pulse, p_a), self.hom_visibility, pulse,
                               self.dark_count_rate, raw_target=target)
        rho = self._after_node_b(res.state)
        fidelity = fidelity_to(rho)
        rate = res.herald_probability / (pulse + self.reset_time)
        extras = dict(base.extras)
        extras.update(node_b_model=self.node_b_model, herald_probability=res.herald_probability,
                      node_a_detected_emission=p_a, leaked_population=res.leaked, infidelity=1.0 - fidelity,
                      electro_optic_fidelity=base.fidelity, electro_optic_rate_hz=base.rate_hz,
                      ebit_yield=max(0.0, hashing_yield(rho)), ebit_rate_hz=rate * max(0.0, hashing_yield(rho)),
                      **self._extras(), **self._node_b_extras(pulse, p_a))
        return LinkReport(link=self.name, rate_hz=float(rate), state=rho, fidelity=fidelity,
                          heat_w=base.heat_w, parameters=self.parameters(), extras=extras,
                          memory_t1_s=self.memory_t1_s())

    def _after_node_b(self, state: np.ndarray) -> DensityMatrix:
        return DensityMatrix(state)

    def _node_b_extras(self, pulse: float, p_a: float) -> dict:
        return {}

    def _calibrated_report(self) -> LinkReport:
        base = ElectroOpticLink.report(self)  # rate, pulse, heat and the SC-node physics
        setup = self.heralding_setup(base.extras["pulse_s"], n_max=base.extras.get("fock_cutoff_used"))
        result = her.heralded_state(setup)
        kraus = self._node_b_kraus(setup.pulse)
        total = her.frame_correct(_on_b(kraus, result.raw_plus), _on_b(kraus, result.raw_minus))
        rho = DensityMatrix((total + total.conj().T) / (2 * np.trace(total).real))
        fidelity = fidelity_to(rho)
        extras = dict(base.extras)
        extras.update(node_b_model="sc-calibrated", infidelity=1.0 - fidelity, electro_optic_fidelity=base.fidelity,
                      **self._extras())
        return LinkReport(link=self.name, rate_hz=base.rate_hz, state=rho, fidelity=fidelity,
                          heat_w=base.heat_w, parameters=self.parameters(), extras=extras,
                          memory_t1_s=self.memory_t1_s())


@dataclass(frozen=True)
class SCIonLink(_HybridLink):
    """Heralded microwave-ion pairs |0+> +- |1-> (paper 000, end of main text)."""

    name = "sc-ion"
    description = "Heralded superconducting-qubit / trapped-ion pairs |0+> +- |1-> (paper 000, Fig. 3)"

    ion_t2: float = param(1.0, "coherence time of the ion qubit during heralding", "s", low=0.0,
                          low_open=True, inf_ok=True)
    node_b_model: str = param("conditional-reflection", "node B physics: 'conditional-reflection' (the "
                              "ion's own) or 'sc-calibrated' (same generation rate as the SC node)",
                              choices=("conditional-reflection", "sc-calibrated"))
    ion_photons: float | None = param(None, "mean photon number reflected off the ion per attempt "
                                      "(None: balanced with node A's detected emission)", low=0.0,
                                      low_open=True, high=1.0, optional=True)
    ion_collection: float = param(0.1, "fraction of the ion's photons collected into the fibre "
                                  "(~10 %: high-NA free-space optics)", low=0.0, high=1.0, low_open=True)
    ion_conversion: float = param(0.5, "frequency-conversion efficiency to the heralding wavelength",
                                  low=0.0, high=1.0, low_open=True)

    def _node_b(self, pulse: float, balanced_photons: float) -> hy.Node:
        eta = self.ion_collection * self.ion_conversion * self.efficiency
        return hy.ion_node(self._ion_photons(balanced_photons), pulse, eta, self.ion_t2)

    def _ion_photons(self, balanced: float) -> float:
        eta = self.ion_collection * self.ion_conversion * self.efficiency
        return self.ion_photons if self.ion_photons is not None else min(1.0, balanced / eta)

    def _node_b_extras(self, pulse: float, p_a: float) -> dict:
        return {"ion_photons": self._ion_photons(p_a),
                "ion_detection_efficiency": self.ion_collection * self.ion_conversion * self.efficiency}

    def _node_b_kraus(self, pulse: float):
        # The ion is prepared in |+> at the start of the pulse and dephases for the pulse length.
        p_flip = -np.expm1(-pulse / self.ion_t2) / 2
        return pauli_channel({"I": 1.0 - p_flip, "X": p_flip}).data

    def _extras(self) -> dict:
        return {"basis_a": "microwave photon number (0, 1)", "basis_b": "ion X eigenstates (|+>, |->)",
                "frame_b": "h"}


@dataclass(frozen=True)
class SCPhotonLink(_HybridLink):
    """Heralded pairs of a microwave qubit and a flying optical photon (single-rail)."""

    name = "sc-photon"
    description = "Heralded superconducting-qubit / flying optical photon pairs, single-rail (paper 000, Fig. 3)"

    flight_loss_db: float = param(0.0, "loss of the flying photon between source and its use", "dB",
                                  low=0.0)
    node_b_model: str = param("spdc", "node B physics: 'spdc' (an optical SPDC source of its own) or "
                              "'sc-calibrated' (same generation rate as the SC node)",
                              choices=("spdc", "sc-calibrated"))
    spdc_pairs: float | None = param(None, "mean SPDC pairs per attempt (None: balanced with node A's "
                                     "detected emission)", low=0.0, low_open=True, high=0.5, optional=True)
    spdc_linewidth: float = param(2e8, "idler emission rate of the SPDC source (matched to node A's "
                                  "gamma_e + gamma_i by default)", "s^-1", low=0.0, low_open=True)
    spdc_idler_efficiency: float = param(0.9, "idler collection into the heralding fibre", low=0.0, high=1.0,
                                         low_open=True)
    spdc_photon_cutoff: int = param(3, "photons kept per SPDC mode (multi-pair emission)", low=2, high=4,
                                    integer=True)

    def _spdc_node(self, pulse: float, balanced: float, n_max: int) -> hy.Node:
        eta = self.spdc_idler_efficiency * self.efficiency
        pairs = self.spdc_pairs if self.spdc_pairs is not None else min(0.5, balanced / eta)
        # weak pumping: pair emission rate 4 g^2/gamma_B (idler decay), pairs per attempt 4 g^2 T/gamma_B
        g = float(np.sqrt(pairs * self.spdc_linewidth / (4 * pulse)))
        return hy.spdc_node(g, self.spdc_linewidth, eta, n_max)

    def _node_b(self, pulse: float, balanced_photons: float) -> hy.Node:
        return self._spdc_node(pulse, balanced_photons, self.spdc_photon_cutoff)

    def _after_node_b(self, state: np.ndarray) -> DensityMatrix:
        total = _on_b(self._node_b_kraus(0.0), state)
        return DensityMatrix((total + total.conj().T) / 2)

    def _node_b_extras(self, pulse: float, p_a: float) -> dict:
        eta = self.spdc_idler_efficiency * self.efficiency
        pairs = self.spdc_pairs if self.spdc_pairs is not None else min(0.5, p_a / eta)
        # truncation: the delivered state with one photon fewer per SPDC mode
        setup = self.heralding_setup(pulse, n_max=None)
        node_a = hy.sc_node(setup.g_a, self.gamma_e, self.gamma_i, self.gamma_mw, self.efficiency, self.variant,
                            setup.n_max)
        target = "phi" if self.variant == "red" else "psi"
        states = [hy.heralded_pair(node_a, self._spdc_node(pulse, p_a, k), self.hom_visibility, pulse,
                                   self.dark_count_rate, raw_target=target).state
                  for k in (self.spdc_photon_cutoff - 1, self.spdc_photon_cutoff)]
        return {"spdc_pairs": pairs, "truncation_error": float(np.abs(states[1] - states[0]).max())}

    def _node_b_kraus(self, pulse: float):
        eta = float(transmittance_from_loss_db(self.flight_loss_db))
        return amplitude_damping(1.0 - eta).data

    def _extras(self) -> dict:
        return {"basis_a": "microwave photon number (0, 1)", "basis_b": "single-rail photon (vacuum, one photon)",
                "flight_transmittance": float(transmittance_from_loss_db(self.flight_loss_db))}
