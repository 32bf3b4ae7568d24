"""Dual-rail waveguide network driven by a two-mode squeezing source, broadband limit (paper 003).

Paper 003 (Agusti, Zhang, Minoguchi, Rabl, PRL 131, 250801 (2023)): N qubits along waveguide A and
N along waveguide B, both driven (fully directionally, qubit 1 first) by the two output arms of a
nondegenerate parametric amplifier. For an amplifier much broader than everything else the qubits
obey the cascaded master equation, Eqs. (1)-(4):

    d rho/dt = -i [H_casc, rho] + gamma * sum_eta D[J_eta] rho,
    H_casc   = sum_{eta,i} delta_{eta,i}/2 sigma^z_{eta,i} + i gamma/2 sum_{eta,j>i} (s^+_{eta,i} s^-_{eta,j} - h.c.),
    J_A      = cosh(r) L_A - sinh(r) L_B^dagger,   J_B = cosh(r) L_B - sinh(r) L_A^dagger,
    L_eta    = sum_i sigma^-_{eta,i}.

and relax into the pure steady states of Eqs. (5)-(10) built here analytically.

Conventions (used by every ``dual_rail*`` module)
-------------------------------------------------
* Rates and detunings are in units of the qubit decay rate gamma (``gamma = 1``); times in 1/gamma.
  The link model (:mod:`qnet_plugin.links.dual_rail`) converts to SI.
* Qubit |0> is the ground state, sigma^- = |0><1|, sigma^z = |1><1| - |0><0|.
* Tensor order ("physics order"): A_1, ..., A_N, B_1, ..., B_N, the first factor the most
  significant (as in QuTiP); :func:`to_qiskit_order` converts to Qiskit's little-endian order with
  Qiskit qubit k = A_{k+1} (k < N) and qubit N + k = B_{k+1}.
* A permutation ``p`` (0-based tuple) fixes the B detunings as delta_{B,i} = -delta_{A,p[i]}
  (paper: delta_B = -P delta_A); ``p = (N-1, ..., 0)`` is P_rev of Fig. 2(d).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # qutip is imported inside the functions that use it (start-up time)
    import qutip as qt

from qnet_plugin.core.operators import P0, P1
from qnet_plugin.core.validation import ParameterError, check_integer, check_nonnegative, check_range

# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


def parse_permutation(spec, num_pairs: int) -> tuple[int, ...]:
    """0-based permutation tuple from ``"identity"``, ``"reverse"``, ``"i,j,..."`` (1-based) or a sequence.

    ``"i,j,..."`` lists p_1..p_N with delta_{B,k} = -delta_{A,p_k} (paper 003 below Eq. (8)).
    Raises ParameterError unless it is a permutation of 1..N.
    """
    n = check_integer("pairs", num_pairs, 1)
    if isinstance(spec, str):
        s = spec.strip().lower()
        if s == "identity":
            return tuple(range(n))
        if s == "reverse":
            return tuple(range(n - 1, -1, -1))
        try:
            one_based = [int(t) for t in s.split(",")]
        except ValueError:
            raise ParameterError(f"permutation = {spec!r} is not allowed; choose 'identity', 'reverse' "
                                 f"or a comma-separated permutation of 1..{n}") from None
    else:
        one_based = [int(t) + 1 for t in spec]
    if sorted(one_based) != list(range(1, n + 1)):
        raise ParameterError(f"permutation = {spec!r} is not a permutation of 1..{n} "
                             f"(pairs = {n}); choose 'identity', 'reverse' or e.g. "
                             f"{','.join(str(k) for k in range(n, 0, -1))}")
    return tuple(k - 1 for k in one_based)


def detunings(num_pairs: int, step: float, permutation="identity") -> tuple[np.ndarray, np.ndarray]:
    """(delta_A, delta_B) for the ladder delta_{A,i} = (i-1) * step and delta_B = -P delta_A.

    The pattern of paper 003 Figs. 2(d)-(e), 3 and 4(d) (units of gamma).
    """
    p = parse_permutation(permutation, num_pairs)
    check_range("detuning_step", step)
    da = step * np.arange(num_pairs, dtype=float)
    return da, -da[list(p)]


def check_squeezing(r: float) -> float:
    """Squeezing parameter r >= 0 (paper 003 Eqs. (3)-(5)); r > 6 is refused (cosh r overflows nothing,
    but the steady state is then a Bell pair to 1e-10 and the relaxation becomes arbitrarily slow)."""
    return check_range("squeezing", r, 0.0, 6.0)


# ---------------------------------------------------------------------------------------------
# Operators and the master equation, Eqs. (1)-(4)
# ---------------------------------------------------------------------------------------------

SM: qt.Qobj  # sigma^-, built by __getattr__ below
SZ: qt.Qobj  # sigma^z


def __getattr__(name):  # PEP 562: SM, SZ (qutip) are built on first use, so importing is light
    if name not in ("SM", "SZ"):
        raise AttributeError(name)
    import qutip as qt

    globals()["SM"] = qt.destroy(2)  # sigma^- = |0><1| with |0> = basis(2, 0) the ground state
    globals()["SZ"] = qt.Qobj(P1 - P0)  # sigma^z = |1><1| - |0><0|
    return globals()[name]


def qubit_op(op: qt.Qobj, index: int, num_qubits: int, extra=()) -> qt.Qobj:
    """``op`` on qubit ``index`` (physics order) of ``num_qubits`` qubits, tensored with identities
    on ``extra`` further factors (dimensions, e.g. bosonic modes)."""
    import qutip as qt

    factors = [qt.qeye(2)] * num_qubits + [qt.qeye(d) for d in extra]
    factors[index] = op
    return qt.tensor(*factors)


def site(eta: str, i: int, num_pairs: int) -> int:
    """Physics-order index of qubit (eta, i), eta in {"A", "B"}, i = 0..N-1."""
    return i if eta == "A" else num_pairs + i


def cascaded_hamiltonian(delta_a, delta_b, extra=()) -> qt.Qobj:
    """H_casc of paper 003 Eq. (2), gamma = 1: local detunings + directional exchange (j downstream of i)."""
    from qnet_plugin.physics.dual_rail.broadband import SM, SZ

    n = len(delta_a)
    nq = 2 * n
    h = 0
    for eta, deltas in (("A", delta_a), ("B", delta_b)):
        for i in range(n):
            h = h + 0.5 * deltas[i] * qubit_op(SZ, site(eta, i, n), nq, extra)
            for j in range(i + 1, n):
                si = qubit_op(SM, site(eta, i, n), nq, extra)
                sj = qubit_op(SM, site(eta, j, n), nq, extra)
                h = h + 0.5j * (si.dag() * sj - sj.dag() * si)
    return h


def collective_lowering(eta: str, num_pairs: int, extra=()) -> qt.Qobj:
    """L_eta = sum_i sigma^-_{eta,i} (paper 003 below Eq. (4))."""
    from qnet_plugin.physics.dual_rail.broadband import SM

    return sum(qubit_op(SM, site(eta, i, num_pairs), 2 * num_pairs, extra) for i in range(num_pairs))


def jump_operators(num_pairs: int, r: float) -> tuple[qt.Qobj, qt.Qobj]:
    """(J_A, J_B) of paper 003 Eqs. (3)-(4)."""
    la = collective_lowering("A", num_pairs)
    lb = collective_lowering("B", num_pairs)
    c, s = np.cosh(r), np.sinh(r)
    return c * la - s * lb.dag(), c * lb - s * la.dag()


def broadband_model(delta_a, delta_b, r: float, dephasing: float = 0.0):
    """(H, c_ops) of the broadband master equation, paper 003 Eq. (1) (gamma = 1).

    ``dephasing`` = gamma_phi/gamma adds gamma_phi/2 D[sigma^z] per qubit, the dephasing term of
    Eq. (11), which the paper only writes for finite bandwidth; with it the steady state is mixed.
    """
    n = len(delta_a)
    check_squeezing(r)
    check_nonnegative("dephasing", dephasing)
    h = cascaded_hamiltonian(delta_a, delta_b)
    ja, jb = jump_operators(n, r)
    c_ops = [ja, jb]
    if dephasing > 0:
        from qnet_plugin.physics.dual_rail.broadband import SZ

        c_ops += [np.sqrt(dephasing / 2) * qubit_op(SZ, k, 2 * n) for k in range(2 * n)]
    return h, c_ops


def charges(num_pairs: int) -> np.ndarray:
    """U(1) charge n_A - n_B of every basis state (physics order): H_casc conserves it and every jump
    J_A (J_B) lowers (raises) it by one, so the steady state is block diagonal in it."""
    bits = (np.arange(4 ** num_pairs)[:, None] >> np.arange(2 * num_pairs - 1, -1, -1)) & 1
    return bits[:, :num_pairs].sum(1) - bits[:, num_pairs:].sum(1)


# ---------------------------------------------------------------------------------------------
# Analytic steady states, Eqs. (5)-(10)
# ---------------------------------------------------------------------------------------------


def pair_amplitudes(r: float) -> tuple[float, float]:
    """(cosh r, sinh r)/sqrt(cosh 2r): amplitudes of |00> and |11> in |Phi^+_{ij}>, paper 003 Eq. (5)."""
    norm = np.sqrt(np.cosh(2 * r))
    return np.cosh(r) / norm, np.sinh(r) / norm


def pair_state(r: float) -> np.ndarray:
    """|Phi^+> of paper 003 Eq. (5) on (A_i, B_j), order |a b>: cosh r |00> + sinh r |11>, normalised."""
    c, s = pair_amplitudes(r)
    return np.array([c, 0, 0, s], dtype=complex)


def parallel_state(num_pairs: int, r: float) -> np.ndarray:
    """|Phi_par> = prod_i |Phi^+_{i,i}>, paper 003 Eq. (6), as a physics-order vector of 4^N amplitudes."""
    n = num_pairs
    psi = np.ones(1, dtype=complex)
    for _ in range(n):
        psi = np.kron(psi, pair_state(r))  # order A1 B1 A2 B2 ...
    order = [2 * i for i in range(n)] + [2 * i + 1 for i in range(n)]
    return psi.reshape((2,) * (2 * n)).transpose(order).reshape(-1)


def swap_unitary(theta: float) -> np.ndarray:
    """U = exp(i theta (s_1 + s_2)^2) on two qubits, paper 003 Eq. (7).

    (s_1 + s_2)^2 = S(S+1) is 2 on the triplet and 0 on the singlet, so
    U = e^{i theta} (cos theta * 1 + i sin theta * SWAP): 1 at theta = 0, i*SWAP-like at pi/2,
    a sqrt(SWAP) at pi/4.
    """
    swap = np.eye(4)[[0, 2, 1, 3]]
    return np.exp(1j * theta) * (np.cos(theta) * np.eye(4) + 1j * np.sin(theta) * swap)


def transpositions(permutation) -> list[int]:
    """Nearest-neighbour transpositions k (swapping entries k, k+1) that take the identity to
    ``permutation`` when applied in order (bubble sort), as in paper 003 Fig. 2(a)."""
    cur = list(range(len(permutation)))
    steps = []
    for pos, want in enumerate(permutation):
        k = cur.index(want)
        while k > pos:
            cur[k - 1], cur[k] = cur[k], cur[k - 1]
            steps.append(k - 1)
            k -= 1
    assert tuple(cur) == tuple(permutation)
    return steps


def _apply_two_qubit(psi: np.ndarray, u: np.ndarray, q1: int, q2: int, nq: int) -> np.ndarray:
    t = psi.reshape((2,) * nq)
    t = np.tensordot(u.reshape(2, 2, 2, 2), t, axes=([2, 3], [q1, q2]))
    t = np.moveaxis(t, [0, 1], [q1, q2])
    return t.reshape(-1)


def steady_state(r: float, delta_a, permutation="identity") -> np.ndarray:
    """|psi_0(r, delta_A, P)> of paper 003 Eq. (9), physics order, gamma = 1.

    Start from |Phi_par> (delta_B = -delta_A) and, for every nearest-neighbour transposition of B
    detunings on the way to delta_B = -P delta_A (:func:`transpositions`), apply U_{k,k+1}(theta) of
    Eq. (7) on (B_k, B_{k+1}) with tan(theta) = delta_{B,k} - delta_{B,k+1} evaluated for the pattern
    *after* that transposition. This ordering and sign are the reading that reproduces Eq. (10) and
    the numerical steady state of Eq. (1) (tests/physics/test_dual_rail.py).
    """
    delta_a = np.asarray(delta_a, dtype=float)
    n = len(delta_a)
    p = parse_permutation(permutation, n)
    psi = parallel_state(n, r)
    cur = list(range(n))
    for k in transpositions(p):
        cur[k], cur[k + 1] = cur[k + 1], cur[k]
        d_b = -delta_a[cur]
        theta = np.arctan(d_b[k] - d_b[k + 1])
        psi = _apply_two_qubit(psi, swap_unitary(theta), n + k, n + k + 1, 2 * n)
    return psi


def two_pair_state(r: float, delta: float) -> np.ndarray:
    """Paper 003 Eq. (10), N = 2, P = P_12, Delta = delta_A1 - delta_A2 (units of gamma):
    (|Phi11>|Phi22> + i Delta |Phi12>|Phi21>)/sqrt(1 + Delta^2), physics order A1 A2 B1 B2."""
    par = parallel_state(2, r).reshape(2, 2, 2, 2)
    crossed = par.transpose(0, 1, 3, 2)  # exchange B1 <-> B2: |Phi12>|Phi21>
    return ((par + 1j * delta * crossed) / np.sqrt(1 + delta ** 2)).reshape(-1)


def to_qiskit_order(x: np.ndarray, num_qubits: int) -> np.ndarray:
    """Reorder a physics-order vector (or density matrix) to Qiskit little-endian order, where Qiskit
    qubit k is physics factor k (A_1..A_N, then B_1..B_N)."""
    rev = list(range(num_qubits - 1, -1, -1))
    if x.ndim == 1:
        return x.reshape((2,) * num_qubits).transpose(rev).reshape(-1)
    t = x.reshape((2,) * (2 * num_qubits))
    return t.transpose(rev + [num_qubits + k for k in rev]).reshape(x.shape)


def entropy_a_closed_form(num_pairs: int, r: float) -> float:
    """S_A = -N ln[x^x (1-x)^(1-x)], x = cosh^2 r / cosh 2r (paper 003, text below Eq. (10)), nats."""
    x = np.cosh(r) ** 2 / np.cosh(2 * r)
    h = -(x * np.log(x) + (1 - x) * np.log1p(-x)) if 0 < x < 1 else 0.0
    return float(num_pairs * h)


__all__ = ["parse_permutation", "detunings", "cascaded_hamiltonian", "jump_operators", "broadband_model",
           "charges", "pair_state", "parallel_state", "swap_unitary", "transpositions", "steady_state",
           "two_pair_state", "to_qiskit_order", "entropy_a_closed_form", "qubit_op", "site", "SM", "SZ"]
