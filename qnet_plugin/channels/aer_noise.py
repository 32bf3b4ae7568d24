"""Local noise from a QPU's spec sheet, as channels Aer runs when appended to a circuit.

* Gates: depolarizing channel of the gate's average infidelity r. For a d-dimensional depolarizing
  channel rho -> (1-p) rho + p I/d the average gate fidelity is 1 - p (d-1)/d, so p = r d/(d-1)
  (p = 2r for one qubit, 4r/3 for two). Depolarizing noise is a Pauli channel, so it also runs on
  Aer's stabilizer method.
* Read-out: a symmetric bit flip with probability ``measurement_error`` just before the measurement
  (a wrong reported bit is the same as an X before a perfect measurement).
* Idling: thermal relaxation for the idle time with the QPU's T1/T2 (``channels.storage_decay``,
  exact), or its Pauli twirl for stabilizer runs:
  p_x = p_y = (1 - e^{-t/T1})/4, p_z = (1 - e^{-t/T2})/2 - (1 - e^{-t/T1})/4.
* Pairs: the link's delivered state exactly (``BellPair``), or for stabilizer runs its twirl: a
  perfect Phi+ followed by the Pauli on qubit B that maps Phi+ to each Bell state, with the Bell
  weights of the delivered state (random bilateral Pauli twirling makes any pair Bell-diagonal
  without changing its Phi+ fidelity; Werner pairs are unchanged by it).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from qiskit.quantum_info import DensityMatrix, Kraus
from qiskit_aer.noise import QuantumError, depolarizing_error, pauli_error

from qnet_plugin.channels.standard import phase_damping, storage_decay
from qnet_plugin.core.bell import BELL_ORDER, bell_coefficients

#: Pauli on qubit B taking Phi+ to each Bell state (Y gives Psi- up to a global phase).
_BELL_PAULI = {"phi+": "I", "psi+": "X", "phi-": "Z", "psi-": "Y"}


@lru_cache(maxsize=256)
def gate_error(infidelity: float, num_qubits: int) -> QuantumError | None:
    """Depolarizing QuantumError whose average gate infidelity is ``infidelity`` (None if zero)."""
    if infidelity <= 0:
        return None
    d = 2 ** num_qubits
    p = infidelity * d / (d - 1)
    return depolarizing_error(min(p, d * d / (d * d - 1)), num_qubits)


@lru_cache(maxsize=256)
def readout_flip(probability: float) -> QuantumError | None:
    """Bit flip applied before a measurement (None if the read-out is perfect)."""
    if probability <= 0:
        return None
    return pauli_error([("X", probability), ("I", 1 - probability)])


def twirled_relaxation_probabilities(time_s: float, t1: float, t2: float) -> tuple[float, float, float]:
    """(p_x, p_y, p_z) of the Pauli-twirled thermal relaxation for ``time_s`` (see module docstring)."""
    g1 = 0.0 if math.isinf(t1) else -math.expm1(-time_s / t1)
    g2 = 0.0 if math.isinf(t2) else -math.expm1(-time_s / t2)
    px = g1 / 4
    pz = max(g2 / 2 - g1 / 4, 0.0)
    return px, px, pz


def idle_channel(time_s: float, t1: float, t2: float, twirl: bool = False) -> QuantumError | Kraus | None:
    """Idle decoherence for ``time_s`` seconds (None when nothing happens)."""
    if time_s <= 0 or (math.isinf(t1) and math.isinf(t2)):
        return None
    if twirl:
        px, py, pz = twirled_relaxation_probabilities(time_s, t1, t2)
        if px + py + pz <= 0:
            return None
        return pauli_error([("X", px), ("Y", py), ("Z", pz), ("I", 1 - px - py - pz)])
    if math.isinf(t1):  # pure dephasing: coherences x exp(-t/T2)
        return phase_damping(-math.expm1(-time_s / t2))
    t2_eff = min(t2, 2 * t1)
    return storage_decay(time_s, t1, None if math.isinf(t2_eff) else t2_eff)


def bell_weights(rho: DensityMatrix) -> dict[str, float]:
    """Bell-basis weights of a two-qubit state, keyed by Bell-state name."""
    c = np.clip(bell_coefficients(rho), 0.0, None)
    c = c / c.sum()
    return dict(zip(BELL_ORDER, c))


def twirled_pair_error(rho: DensityMatrix) -> QuantumError | None:
    """Pauli error on qubit B that turns a perfect Phi+ into the twirl of ``rho`` (None if perfect)."""
    w = bell_weights(rho)
    terms = [(_BELL_PAULI[name], float(p)) for name, p in w.items() if p > 1e-15]
    if len(terms) == 1 and terms[0][0] == "I":
        return None
    return pauli_error(terms)
