"""Explicit local noise of a purification round: gates, measurements and the waiting memory.

Every error is a named CPTP map from :mod:`qnet_plugin.channels`, placed in the circuit where it
happens (after each local CNOT, after each single-qubit gate, before each measurement, on a stored
pair while the next pair is generated), so Aer and the fast engine see the same noise.

Gate-fidelity convention (written down because papers rarely say which one they mean; paper 000
Fig. 2 caption quotes "microwave gate fidelity 0.999"):

* ``"average"`` (default): the fidelity is the *average gate fidelity* F_avg of the gate followed by
  a d-dimensional depolarizing channel rho -> (1 - p) rho + p I/d. Its process (entanglement)
  fidelity is F_pro = ((d + 1) F_avg - 1)/d and p = (1 - F_pro) d^2/(d^2 - 1).
  This is the number randomized benchmarking reports.
* ``"process"``: the fidelity is F_pro itself (a slightly weaker depolarizing channel for the same
  number: F_pro = 0.999 gives p = 1.07e-3 where F_avg = 0.999 gives p = 1.33e-3 for d = 4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from qiskit.quantum_info import Kraus

from qnet_plugin.channels import depolarizing, pauli_channel, storage_decay, tensor_all
from qnet_plugin.core.operators import X
from qnet_plugin.core.validation import ParameterError, check_nonnegative, param, validate_dataclass

CONVENTIONS = ("average", "process")
#: How a stored pair sits in the memories relative to the Phi+ frame (see LocalNoise.storage).
MEMORY_FRAMES = ("phi+", "psi")


def depolarizing_parameter(fidelity, num_qubits: int, convention: str = "average") -> float:
    """Depolarizing probability p of rho -> (1 - p) rho + p I/d matching a gate ``fidelity``.

    Args:
        fidelity: average gate fidelity or process fidelity (see the module docstring), in [0, 1].
        num_qubits: 1 or 2 (d = 2 ** num_qubits).
        convention: ``"average"`` or ``"process"``.

    Raises ParameterError when the fidelity is below what a depolarizing channel can reach
    (p <= d^2/(d^2 - 1)).
    """
    d = 2 ** num_qubits
    f_pro = ((d + 1) * fidelity - 1) / d if convention == "average" else fidelity
    p = (1.0 - f_pro) * d * d / (d * d - 1)
    p_max = d * d / (d * d - 1)
    if p < -1e-15 or p > p_max + 1e-12:
        raise ParameterError(f"gate fidelity = {fidelity:.6g} ({convention} convention, {num_qubits} qubits) "
                             f"is outside the range a depolarizing channel reaches "
                             f"[{1 - (d - 1) / d if convention == 'process' else 1 / (d + 1):.6g}, 1]")
    return float(min(max(p, 0.0), p_max))


@dataclass(frozen=True)
class LocalNoise:
    """Noise of the local operations in a purification round (both QPUs alike).

    All times in s. ``memory_t1 = inf`` switches the waiting-time decoherence off.
    """

    gate_fidelity: float = param(1.0, "fidelity of each local CNOT (see convention)", low=0.0, high=1.0)
    single_qubit_error: float = param(0.0, "infidelity 1 - F of each single-qubit gate (same convention)",
                                      low=0.0, high=1.0)
    measurement_error: float = param(0.0, "probability that a measurement outcome is flipped",
                                     low=0.0, high=1.0)
    memory_t1: float = param(float("inf"), "energy-relaxation time of a stored pair's qubits", "s",
                             low=0.0, low_open=True, inf_ok=True)
    memory_t2: float | None = param(None, "coherence time of a stored qubit (default 2 T1)", "s",
                                    low=0.0, low_open=True, optional=True, inf_ok=True)
    convention: str = param("average", "gate-fidelity convention", choices=CONVENTIONS)
    memory_frame: str = param("phi+", "physical state of a stored pair: 'phi+' (|00>+|11>) or 'psi' "
                              "(|01>+-|10>, a herald frame X on B not yet applied)", choices=MEMORY_FRAMES)

    def __post_init__(self):
        validate_dataclass(self)
        # Fail early, with the parameter named, when a fidelity is not reachable by depolarizing.
        depolarizing_parameter(self.gate_fidelity, 2, self.convention)
        depolarizing_parameter(1.0 - self.single_qubit_error, 1, self.convention)
        if self.memory_t2 is not None and self.memory_t2 > 2 * self.memory_t1:
            raise ParameterError(f"memory_t2 = {self.memory_t2:.6g} s is outside the allowed range "
                                 f"(0, {2 * self.memory_t1:.6g}] (T2 <= 2 T1)")

    # --- the channels, each None when it is the identity (so circuits stay small) ---
    @property
    def p2(self) -> float:
        """Depolarizing probability after each two-qubit gate."""
        return depolarizing_parameter(self.gate_fidelity, 2, self.convention)

    @property
    def p1(self) -> float:
        """Depolarizing probability after each single-qubit gate."""
        return depolarizing_parameter(1.0 - self.single_qubit_error, 1, self.convention)

    def two_qubit_gate_error(self) -> Kraus | None:
        """Depolarizing channel on the two qubits of a local CNOT."""
        return depolarizing(self.p2, 2) if self.p2 > 0 else None

    def single_qubit_gate_error(self) -> Kraus | None:
        """Depolarizing channel on the qubit of a single-qubit gate."""
        return depolarizing(self.p1, 1) if self.p1 > 0 else None

    def measurement_flip(self) -> Kraus | None:
        """Bit flip before an ideal Z measurement: the same outcome statistics (and the same
        post-measurement state of every other qubit) as a readout that reports the wrong bit with
        probability ``measurement_error``."""
        q = self.measurement_error
        return pauli_channel({"I": 1 - q, "X": q}) if q > 0 else None

    def stores(self) -> bool:
        """True when a waiting pair decoheres at all."""
        return np.isfinite(self.memory_t1) or self.memory_t2 is not None

    def storage(self, wait_s: float) -> Kraus | None:
        """Decoherence of a stored pair (both halves, each in its own memory) waiting ``wait_s``.

        Each qubit relaxes with T1 = ``memory_t1`` and dephases to T2 = ``memory_t2``
        (:func:`qnet_plugin.channels.storage_decay`); for paper 000 the memory is the microwave
        resonator, T1 = 1/gamma_MW (Fig. 2 caption: gamma_MW = 1 kHz, T1 = 1 ms).

        Relaxation is towards the physical |0>, so the frame matters. ``memory_frame = "phi+"``: the
        pair is physically Phi+ and the channel acts as is. ``"psi"``: the memories hold the heralded
        |01> +- |10> of paper 000 (one photon between the two resonators) and the Phi+ frame is the
        herald's software update X_B (Z_A for "-"); in that frame the B memory relaxes towards
        |1>, i.e. X . storage . X on B (Z_A commutes with the channel, which is phase covariant).
        """
        check_nonnegative("wait", wait_s, "s")
        if wait_s == 0 or not self.stores():
            return None
        t1 = self.memory_t1
        if not np.isfinite(t1):
            # Pure dephasing memory: storage_decay needs a finite T1; T2 alone sets the decay.
            from qnet_plugin.channels import dephasing_probability, phase_damping
            # stores() is False for an infinite T1 without a T2, so memory_t2 is a float here
            one = phase_damping(dephasing_probability(wait_s, self.memory_t2))  # type: ignore[arg-type]
        else:
            one = storage_decay(wait_s, t1, self.memory_t2)
        if self.memory_frame == "psi":
            x = Kraus(X)
            return tensor_all([one, x.compose(one).compose(x)])
        return tensor_all([one, one])

    def replace(self, **changes) -> LocalNoise:
        """A copy with some fields changed (validated)."""
        import dataclasses

        return dataclasses.replace(self, **changes)

