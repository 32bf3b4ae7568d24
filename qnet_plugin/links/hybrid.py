"""Hybrid-modality links from paper 000 (end of main text, Fig. 3): a superconducting node heralded
against a trapped ion, or against a flying optical photon, with the same single-click scheme.

Both reuse the electro-optic heralding of the superconducting node
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
from qnet_plugin.core.operators import I2 as _I
from qnet_plugin.core.units import transmittance_from_loss_db
from qnet_plugin.core.validation import ParameterError, param
from qnet_plugin.links.base import LinkReport, fidelity_to
from qnet_plugin.links.electro_optic import ElectroOpticLink
from qnet_plugin.physics.electro_optic import heralding as her


def _on_b(kraus, rho: np.ndarray) -> np.ndarray:
    """Apply single-qubit Kraus operators to qubit B (qubit 1, Qiskit order kron(B, A))."""
    return sum(np.kron(k, _I) @ rho @ np.kron(k, _I).conj().T for k in kraus)


@dataclass(frozen=True)
class _HybridLink(ElectroOpticLink):
    """Shared machinery: the superconducting node's heralding, then a map on node B's raw half."""

    def __post_init__(self):
        super().__post_init__()
        if self.storage_time != 0.0:
            raise ParameterError(f"storage_time = {self.storage_time} s is not allowed for a hybrid link "
                                 "(allowed: 0); storage is modelled by the network's QPUs")

    def _node_b_kraus(self, pulse: float):  # pragma: no cover - abstract
        raise NotImplementedError

    def _extras(self) -> dict:
        return {}

    def report(self) -> LinkReport:
        base = ElectroOpticLink.report(self)  # rate, pulse, heat and the SC-node physics
        setup = self.heralding_setup(base.extras["pulse_s"], n_max=base.extras.get("fock_cutoff_used"))
        result = her.heralded_state(setup)
        kraus = self._node_b_kraus(setup.pulse)
        total = her.frame_correct(_on_b(kraus, result.raw_plus), _on_b(kraus, result.raw_minus))
        rho = DensityMatrix((total + total.conj().T) / (2 * np.trace(total).real))
        fidelity = fidelity_to(rho)
        extras = dict(base.extras)
        extras.update(infidelity=1.0 - fidelity, electro_optic_fidelity=base.fidelity, **self._extras())
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

    def _node_b_kraus(self, pulse: float):
        eta = float(transmittance_from_loss_db(self.flight_loss_db))
        return amplitude_damping(1.0 - eta).data

    def _extras(self) -> dict:
        return {"basis_a": "microwave photon number (0, 1)", "basis_b": "single-rail photon (vacuum, one photon)",
                "flight_transmittance": float(transmittance_from_loss_db(self.flight_loss_db))}
