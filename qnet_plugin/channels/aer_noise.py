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
from typing import Any

import numpy as np
from qiskit.quantum_info import DensityMatrix, Kraus
from qiskit_aer.noise import QuantumError, depolarizing_error, pauli_error

from qnet_plugin.channels.standard import phase_damping, storage_decay
from qnet_plugin.core.bell import BELL_ORDER, bell_coefficients
from qnet_plugin.core.validation import check_integer, check_positive, check_probability, check_range

#: Pauli on qubit B taking Phi+ to each Bell state (Y gives Psi- up to a global phase).
_BELL_PAULI = {"phi+": "I", "psi+": "X", "phi-": "Z", "psi-": "Y"}


@lru_cache(maxsize=256)
def gate_error(infidelity: float, num_qubits: int) -> QuantumError | None:
    """Depolarizing QuantumError whose average gate infidelity is ``infidelity`` (None if zero)."""
    check_probability("gate infidelity", infidelity)
    check_integer("num_qubits", num_qubits, 1, 10)
    if infidelity <= 0:
        return None
    d = 2 ** num_qubits
    p = infidelity * d / (d - 1)
    return depolarizing_error(min(p, d * d / (d * d - 1)), num_qubits)


@lru_cache(maxsize=256)
def readout_flip(probability: float) -> QuantumError | None:
    """Bit flip applied before a measurement (None if the read-out is perfect)."""
    check_probability("measurement_error", probability)
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
    """Idle decoherence for ``time_s`` seconds (None when nothing happens; T1, T2 = inf: none of it)."""
    check_range("idle time", time_s, unit="s")  # NaN refused; <= 0 (round-off of a schedule) is no idling
    check_positive("t1", t1, "s")
    check_positive("t2", t2, "s")
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


# ---------------------------------------------------------------------------------------------
# Fast forms: the same channels (to rounding) in shapes Aer samples cheaply (issue 13)
# ---------------------------------------------------------------------------------------------
# A trajectory (statevector) simulation applies a generic Kraus channel by computing the norm of
# K|psi> for operator after operator (up to 16 passes over the state for a two-qubit pair
# preparation), while a QuantumError given as a mixture of circuits is sampled with a classical
# random number and costs only its circuit's gates. The density-matrix method runs either form
# as the same superoperator. Every fast form below is checked against the superoperator it
# replaces before it is used (``_FAST_ATOL``) and the exact form is kept otherwise.

_FAST_ATOL = 1e-10
_RECOGNISE_ATOL = 1e-12


def kraus_superoperator(mats: Any) -> np.ndarray:
    """Superoperator S = sum_k K_k (x) conj(K_k) of a Kraus map, acting on row-major vec(rho)
    (``rho.reshape(-1)``): vec(K rho K^dag) = (K (x) conj(K)) vec(rho)."""
    k = np.asarray([np.asarray(m, dtype=complex) for m in mats])
    d_out, d_in = k.shape[1], k.shape[2]
    return np.einsum("kij,kab->iajb", k, k.conj()).reshape(d_out * d_out, d_in * d_in)


def replacement_state(mats: Any, atol: float = _RECOGNISE_ATOL) -> np.ndarray | None:
    """The state sigma if the Kraus map is the replacement channel rho -> tr(rho) sigma (how a
    delivered pair enters a circuit, ``channels.state_preparation``); ``None`` otherwise."""
    s = kraus_superoperator(mats)
    d = int(round(np.sqrt(s.shape[0])))
    vec_id = np.eye(d, dtype=complex).reshape(-1)
    sigma = s[:, 0].reshape(d, d)  # image of |0><0|
    if not np.allclose(s, np.outer(sigma.reshape(-1), vec_id), atol=atol):
        return None
    return sigma


def relaxation_parameters(mats: Any, atol: float = _RECOGNISE_ATOL) -> tuple[float, float] | None:
    """(p, c) if the one-qubit Kraus map is amplitude damping with decay probability p followed
    by dephasing, coherences multiplied by c (thermal relaxation: p = 1 - exp(-t/T1),
    c = exp(-t/T2), c <= sqrt(1 - p) i.e. T2 <= 2 T1); ``None`` for any other map."""
    s = kraus_superoperator(mats)
    if s.shape != (4, 4):
        return None
    p, c = float(s[0, 3].real), float(s[1, 1].real)
    expected = np.array([[1, 0, 0, p], [0, c, 0, 0], [0, 0, c, 0], [0, 0, 0, 1 - p]], dtype=complex)
    if not np.allclose(s, expected, atol=atol) or not (0 <= p < 1) or not (0 < c <= np.sqrt(1 - p) + atol):
        return None
    return p, min(c, float(np.sqrt(1 - p)))


def merge_relaxations(first: tuple[float, float], second: tuple[float, float]) -> tuple[float, float]:
    """(p, c) of two relaxation channels in a row: populations decay by (1-p1)(1-p2), coherences
    by c1 c2 (consecutive idles of one qubit: exp(-(t1+t2)/T) = exp(-t1/T) exp(-t2/T))."""
    (p1, c1), (p2, c2) = first, second
    return 1 - (1 - p1) * (1 - p2), c1 * c2


@lru_cache(maxsize=4096)
def relaxation_error(p: float, c: float) -> Any:
    """Thermal relaxation with decay probability p and coherence factor c (see
    :func:`relaxation_parameters`) in the form Aer samples, cached by (p, c); ``None`` when it is
    the identity.

    When T2 <= T1 (c <= 1 - p) it is the mixture ``qiskit_aer.noise.thermal_relaxation_error``
    builds: reset to |0> with probability p, Z with p_z = ((1 - p) - c)/2, identity otherwise
    (populations: rho_11 -> (1 - p) rho_11; coherences: (1 - p - 2 p_z) = c). When
    T1 < T2 <= 2 T1 no such mixture exists and the two-operator Kraus map of amplitude damping
    then dephasing is returned (what Aer's function does too).
    """
    from qiskit_aer.noise import QuantumError

    if p <= 0 and c >= 1:
        return None
    pz = ((1 - p) - c) / 2
    if pz >= -1e-15:
        pz = max(pz, 0.0)
        from qiskit.circuit import Reset
        from qiskit.circuit.library import IGate, ZGate

        terms = [(op, w) for op, w in ((IGate(), 1 - p - pz), (ZGate(), pz), (Reset(), p)) if w > 0]
        return QuantumError(terms)
    from qnet_plugin.channels.standard import amplitude_damping, phase_damping

    return amplitude_damping(p).compose(phase_damping(1 - c / math.sqrt(1 - p)))


def idle_error(time_s: float, t1: float, t2: float) -> Any:
    """Idle decoherence for ``time_s`` as Aer's cached ``thermal_relaxation_error`` form; the same
    channel as :func:`idle_channel` (``twirl=False``), None when nothing happens."""
    if time_s <= 0 or (math.isinf(t1) and math.isinf(t2)):
        return None
    p = 0.0 if math.isinf(t1) else -math.expm1(-time_s / t1)
    t2_eff = min(t2, 2 * t1)
    c = 1.0 if math.isinf(t2_eff) else math.exp(-time_s / t2_eff)
    return relaxation_error(p, c)


def _error_superoperator(err: Any) -> np.ndarray:
    """Row-major superoperator (as :func:`kraus_superoperator`) of a qiskit_aer QuantumError:
    Qiskit's SuperOp stacks columns (conj(K) (x) K), so the two tensor factors are swapped."""
    s = np.asarray(err.to_quantumchannel().data)
    d = int(round(np.sqrt(s.shape[0])))
    return s.reshape(d, d, d, d).transpose(1, 0, 3, 2).reshape(d * d, d * d)


def _preparation_unitary(psi: np.ndarray) -> np.ndarray:
    """A unitary whose first column is ``psi`` (it prepares psi from |0...0>): QR of [psi | I]."""
    d = psi.shape[0]
    m = np.eye(d, dtype=complex)
    m[:, 0] = psi
    k = int(np.argmax(np.abs(psi)))
    if k != 0:  # keep [psi, e_1, ...] full rank: swap in the basis vector psi overlaps most
        m[:, k] = np.eye(d)[0]
    q, r = np.linalg.qr(m)
    return q * (r[0, 0] / abs(r[0, 0]))  # fix the phase: first column exactly psi


def _bell_form(sigma: np.ndarray, atol: float) -> Any:
    """Bell weights {pauli on B: weight} if the two-qubit sigma is Bell-diagonal, else None."""
    from qnet_plugin.core.bell import BELL_ORDER, bell_coefficients

    phi_p = np.array([1, 0, 0, 1]) / np.sqrt(2)
    psi_p = np.array([0, 1, 1, 0]) / np.sqrt(2)
    phi_m = np.array([1, 0, 0, -1]) / np.sqrt(2)
    psi_m = np.array([0, 1, -1, 0]) / np.sqrt(2)
    basis = np.column_stack([phi_p, psi_p, phi_m, psi_m])
    b = basis.conj().T @ sigma @ basis
    if not np.allclose(b, np.diag(np.diag(b)), atol=atol):
        return None
    w = dict(zip(BELL_ORDER, np.clip(bell_coefficients(DensityMatrix(sigma)), 0.0, None)))
    return {_BELL_PAULI[name]: float(p) for name, p in w.items()}


_PAIR_CACHE: dict = {}


def pair_preparation_error(sigma: Any, fresh: bool = False) -> Any:
    """The replacement channel rho -> sigma on two (or more) qubits as a mixture Aer samples:

    * Bell-diagonal sigma (Werner pairs, twirled or symmetric links): reset, a perfect Phi+
      (H, CX) and the Pauli on qubit B that makes each Bell state, with its Bell weight;
    * any other sigma = sum_i p_i |psi_i><psi_i|: reset and, with probability p_i, the unitary
      that prepares the eigenvector psi_i.

    Both are exactly the channel ``channels.state_preparation(sigma)`` (the same superoperator;
    checked here to 1e-10, ``None`` returned otherwise so that the caller keeps the Kraus form).
    ``fresh``: the qubits are known to be in |0> (the resets are left out). Cached by sigma.
    """
    from qiskit import QuantumCircuit
    from qiskit.circuit.library import UnitaryGate
    from qiskit_aer.noise import QuantumError

    sigma = np.asarray(sigma, dtype=complex)
    key = (sigma.tobytes(), fresh)
    if key in _PAIR_CACHE:
        return _PAIR_CACHE[key]
    d = sigma.shape[0]
    n = int(round(math.log2(d)))
    sigma_h = (sigma + sigma.conj().T) / 2

    def start() -> QuantumCircuit:
        qc = QuantumCircuit(n)
        if not fresh:
            for q in range(n):
                qc.reset(q)
        return qc

    ops = []
    weights = _bell_form(sigma_h, 1e-13) if n == 2 else None
    if weights is not None:
        for pauli, w in weights.items():
            if w <= 1e-15:
                continue
            qc = start()
            qc.h(0)
            qc.cx(0, 1)
            if pauli != "I":
                getattr(qc, pauli.lower())(1)
            ops.append((qc, w))
    else:
        vals, vecs = np.linalg.eigh(sigma_h)
        vals = np.clip(vals, 0.0, None)
        vals = vals / vals.sum()
        for i, w in enumerate(vals):
            if w <= 1e-15:
                continue
            qc = start()
            qc.append(UnitaryGate(_preparation_unitary(vecs[:, i]), check_input=False), list(range(n)))
            ops.append((qc, float(w)))
    total = sum(w for _, w in ops)
    err = QuantumError([(qc, w / total) for qc, w in ops])
    if not fresh:  # the fresh form is only the channel on |0...0> inputs: checked by the caller's tests
        vec_id = np.eye(d, dtype=complex).reshape(-1)
        if not np.allclose(_error_superoperator(err), np.outer(sigma.reshape(-1), vec_id), atol=_FAST_ATOL):
            err = None
    _PAIR_CACHE[key] = err
    return err
