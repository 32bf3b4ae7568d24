"""Entanglement purification: protocols as Qiskit circuits, a fast engine, figures of merit.

* :mod:`.protocols`  the protocols (minimal circuit of paper 000 App. A, BBPSSW, DEJMPS, pumping,
  double selection), one noisy round each as local operations in the Phi+ frame;
* :mod:`.noise`      explicit local noise (gate depolarizing, readout flips, memory decay);
* :mod:`.circuits`   the rounds as Qiskit circuits/instructions, whole protocols on Aer;
* :mod:`.engine`     the fast engine (precompiled multilinear map, Bell-diagonal fast path);
* :mod:`.schedule`   chaining rounds in time: waiting decoherence, pairs consumed, rate;
* :mod:`.metrics`    fidelity, hashing yield, ebit rate, paper 000 Eqs. (A1)/(A5);
* :mod:`.benchmark`  the runner behind ``qnet bench purification``;
* :mod:`.fig2`       paper 000 Fig. 2 reproduction.
"""

from qnet_plugin.purification.circuits import (
           aer_purify,
           protocol_circuit,
           round_circuit,
           round_instruction,
           success_condition,
)
from qnet_plugin.purification.engine import RoundMap, round_map
from qnet_plugin.purification.metrics import ebit_rate, fidelity, hashing_yield
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.protocols import PROTOCOLS, Protocol, get_protocol
from qnet_plugin.purification.schedule import Level, purify

__all__ = ["LocalNoise", "PROTOCOLS", "Protocol", "get_protocol", "round_circuit", "round_instruction",
           "success_condition", "protocol_circuit", "aer_purify", "RoundMap", "round_map", "purify", "Level",
           "fidelity", "hashing_yield", "ebit_rate"]
