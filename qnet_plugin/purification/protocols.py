"""Purification protocols, each one noisy round written as local operations in the Phi+ frame.

Error language (Phi+ frame, a Pauli on the A half): I -> Phi+, X -> Psi+, Z -> Phi-, XZ -> Psi-.
A bilateral CNOT (pair c controls pair t, in both QPUs) copies X errors of c onto t and Z errors of
t back onto c; measuring both halves of t in Z and keeping on agreement rejects an odd number of X
errors among the two pairs.

Protocols (``PROTOCOLS``):

``minimal``           paper 000 Appendix A: bilateral CNOT from the kept pair to a sacrificial pair,
                      Z measurement of the sacrificial pair, keep on agreement. In the Phi+ frame the
                      heralded state's errors (000 Eq. (A1): |00> +- |11> around |01> +- |10>) are
                      Psi+ and Psi- (X-type), which this circuit detects to first order:
                      "quadratic suppression" (000 App. A).
``bbpssw``            Bennett, Brassard, Popescu, Schumacher, Smolin, Wootters, PRL 76, 722 (1996):
                      twirl both pairs to Werner form, then the minimal circuit. The twirl is the
                      uniform mixture of 12 bilateral local Cliffords U (x) U* (4 Paulis x 3 cyclic
                      X->Y->Z relabelings); one layer of single-qubit gates, so each qubit gets the
                      single-qubit gate error once.
``dejmps``            Deutsch, Ekert, Jozsa, Macchiavello, Popescu, Sanpera, PRL 77, 2818 (1996):
                      Rx(pi/2) on every A half, Rx(-pi/2) on every B half, then the minimal circuit.
``double-selection``  Fujii & Yamamoto, PRA 80, 042308 (2009): three pairs; bilateral CNOT 0 -> 1
                      and 2 -> 1, pair 1 measured in Z (X errors of the kept pair), pair 2 in X
                      (the Z errors pair 1 would otherwise hand back to the kept pair). Even
                      recurrence rounds use the bilateral-Hadamard conjugate (CNOT 1 -> 0, 1 -> 2,
                      pair 1 in X, pair 2 in Z), alternating X- and Z-purification as in the paper.
``pumping``           Dur, Briegel, Cirac, Zoller, PRA 59, 169 (1999): one kept pair purified again
                      and again with fresh link pairs; each step is the ``minimal`` round (the
                      paper-000 error is X-biased, which the minimal step detects directly).

``rounds`` means recurrence levels (pairs of purified pairs, 2^n or 3^n link pairs per attempt) for
every protocol except ``pumping``, where it is the number of fresh pairs pumped into the kept one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from qiskit.circuit.library import CXGate, HGate, RXGate
from qiskit.quantum_info import Kraus

from qnet_plugin.core.operators import PAULIS
from qnet_plugin.core.validation import check_choice, check_integer
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.rounds import RoundBuilder, RoundSpec


@lru_cache(maxsize=1)
def twirl_channel() -> Kraus:
    """The Werner twirl of a pair in the Phi+ frame: (1/12) sum_g (U_g (x) U_g*) rho (U_g (x) U_g*)^dag.

    U_g runs over {I, X, Y, Z} x {1, C, C^2} with C = S H (C X C^dag = Y, C Y C^dag = Z, C Z C^dag = X
    up to signs). (U (x) U*) |Phi+> = |Phi+>, the Paulis remove every off-diagonal Bell element and
    the cyclic relabeling equalises the three error weights: the output is the Werner state of the
    same fidelity (BBPSSW's "random bilateral rotation"). Qubit 0 of the channel is the A half.
    """
    paulis = list(PAULIS.values())  # I, X, Y, Z
    c = np.diag([1, 1j]) @ (np.array([[1, 1], [1, -1]]) / np.sqrt(2))
    ops = []
    for p in paulis:
        for k in range(3):
            u = p @ np.linalg.matrix_power(c, k)
            ops.append(np.sqrt(1 / 12) * np.kron(u.conj(), u))  # kron(B, A): qubit 0 is A
    return Kraus(ops)


def _minimal_body(b: RoundBuilder, kept=0, sacrificial=1) -> None:
    b.bilateral(CXGate(), kept, sacrificial)


def minimal_round(noise: LocalNoise, round_index: int = 1) -> RoundSpec:
    """Paper 000 Appendix A's minimal circuit (bilateral CNOT, Z measurement of pair 1)."""
    b = RoundBuilder(noise)
    _minimal_body(b)
    b.measure_errors([1])
    return b.build("minimal", 2, [1])


def bbpssw_round(noise: LocalNoise, round_index: int = 1) -> RoundSpec:
    """BBPSSW: Werner twirl of both pairs, then the minimal circuit."""
    b = RoundBuilder(noise)
    err1 = noise.single_qubit_gate_error()
    for pair in (0, 1):
        b.channel(twirl_channel(), 2 * pair, 2 * pair + 1)
        if err1 is not None:
            b.channel(err1, 2 * pair)
            b.channel(err1, 2 * pair + 1)
    _minimal_body(b)
    b.measure_errors([1])
    return b.build("bbpssw", 2, [1])


def dejmps_round(noise: LocalNoise, round_index: int = 1) -> RoundSpec:
    """DEJMPS: Rx(pi/2) on A halves, Rx(-pi/2) on B halves, then the minimal circuit."""
    b = RoundBuilder(noise)
    for pair in (0, 1):
        b.gate(RXGate(np.pi / 2), 2 * pair)
        b.gate(RXGate(-np.pi / 2), 2 * pair + 1)
    _minimal_body(b)
    b.measure_errors([1])
    return b.build("dejmps", 2, [1])


def double_selection_round(noise: LocalNoise, round_index: int = 1) -> RoundSpec:
    """Fujii-Yamamoto double selection; odd rounds check X errors of the kept pair, even rounds Z."""
    b = RoundBuilder(noise)
    if round_index % 2 == 1:
        b.bilateral(CXGate(), 0, 1)
        b.bilateral(CXGate(), 2, 1)
        x_measured = 2
        name = "double-selection(X)"
    else:
        b.bilateral(CXGate(), 1, 0)
        b.bilateral(CXGate(), 1, 2)
        x_measured = 1
        name = "double-selection(Z)"
    b.gate(HGate(), 2 * x_measured)
    b.gate(HGate(), 2 * x_measured + 1)
    b.measure_errors([1, 2])
    return b.build(name, 3, [1, 2])


@dataclass(frozen=True)
class Protocol:
    """A purification protocol: how one round looks and how rounds are chained.

    Attributes:
        name: CLI name.
        num_pairs: pairs one round takes (the kept one included).
        schedule: ``"recurrence"`` (every input of a round is an output of the previous level) or
            ``"pumping"`` (input 0 is the previous output, the others are fresh link pairs).
        reference: where the protocol comes from.
    """

    name: str
    num_pairs: int
    schedule: str
    reference: str

    def round(self, noise: LocalNoise, round_index: int = 1) -> RoundSpec:
        """The noisy round number ``round_index`` (1-based; only double selection alternates)."""
        check_integer("round_index", round_index, 1)
        return _BUILDERS[self.name](noise, round_index)

    def variant(self, round_index: int) -> int:
        """Rounds with equal variant numbers have identical circuits (for caching)."""
        return (round_index - 1) % 2 if self.name == "double-selection" else 0


_BUILDERS = {
    "minimal": minimal_round,
    "bbpssw": bbpssw_round,
    "dejmps": dejmps_round,
    "double-selection": double_selection_round,
    "pumping": minimal_round,
}

PROTOCOLS: dict[str, Protocol] = {
    "minimal": Protocol("minimal", 2, "recurrence", "paper 000 Appendix A"),
    "bbpssw": Protocol("bbpssw", 2, "recurrence", "Bennett et al., PRL 76, 722 (1996)"),
    "dejmps": Protocol("dejmps", 2, "recurrence", "Deutsch et al., PRL 77, 2818 (1996)"),
    "pumping": Protocol("pumping", 2, "pumping", "Dur et al., PRA 59, 169 (1999), minimal step"),
    "double-selection": Protocol("double-selection", 3, "recurrence", "Fujii & Yamamoto, PRA 80, 042308 (2009)"),
}


def get_protocol(name) -> Protocol:
    """The protocol registered under ``name`` (ParameterError listing the choices otherwise)."""
    if isinstance(name, Protocol):
        return name
    check_choice("protocol", name, tuple(PROTOCOLS))
    return PROTOCOLS[name]
