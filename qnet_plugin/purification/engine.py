"""Fast engine: one protocol round as a precompiled multilinear map on two-qubit density matrices.

A round with m input pairs, storage first and post-selection last, is a linear map of the m-pair
product state:

    rho_out[i, j] = Tr[ T_ij (rho_{m-1} (x) ... (x) rho_0) ],   T_ij = E^dag(|j><i|_kept (x) Pi),

with E the round's local operations (gates and noise, :class:`~.rounds.RoundSpec`) and Pi the
projector onto "every measured pair agreed". The 16 observables T_ij are propagated backwards
through the adjoint Kraus maps once per (protocol, round variant, noise) and cached; evaluating a
batch of N inputs is then one (N, 16^m) x (16^m, 16) matrix product. Tr(rho_out) is the success
probability.

Bell-diagonal fast path: on Bell-diagonal inputs a round whose map keeps the Bell-diagonal form
(Pauli noise only: depolarizing gates, readout flips, twirls) is a (4, 4^m) matrix acting on the
product of the Bell coefficient vectors (order :data:`qnet_plugin.core.bell.BELL_ORDER`).

The waiting-time decoherence of an input (a channel on that pair alone, before the round) is applied
to the inputs in the Schrodinger picture (:func:`apply_storage`), so one compiled round serves any
waiting time. Agreement with Aer's density-matrix simulation of the same circuits is tested to 1e-9.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache

import numpy as np

from qnet_plugin.core import superop as so
from qnet_plugin.core.bell import BELL_MATRIX as _BELL
from qnet_plugin.core.bell import BELL_PROJECTORS as _BELL_PROJ
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.protocols import get_protocol
from qnet_plugin.purification.rounds import RoundSpec


@lru_cache(maxsize=1)
def _blas_controller():
    """threadpoolctl's controller of the loaded BLAS libraries (None without threadpoolctl)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def one_blas_thread():
    """A context with BLAS limited to one thread: the round kernels are small dense products
    (16 x 4^n), for which thread start-up and the cores Aer or other sweep workers use cost more
    than they gain (loading two_fridges_purified.toml: 2.4x faster with one thread on 2 busy
    cores, docs/performance.md). A no-op without threadpoolctl."""
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


def _apply_adjoint(obs: np.ndarray, kraus, qubits, n: int) -> np.ndarray:
    """sum_k K^dag O K for a batch ``obs`` of shape (B,) + (2,) * 2n (row axes, then column axes;
    axis 1 + (n - 1 - q) is qubit q of the row index), with Kraus matrices on ``qubits``.

    A[(a, b), (c, d)] = sum_k conj(K[c, a]) K[d, b] is contracted into the (row, column) indices of
    the qubits, at a cost of 16^k x 4^n per observable instead of full 2^n x 2^n products.
    """
    k = len(qubits)
    ks = np.asarray(kraus, dtype=complex)
    adj = np.einsum("kca,kdb->abcd", ks.conj(), ks).reshape((2,) * (4 * k))
    # Local matrix indices are little-endian on ``qubits``: as tensor axes, qubits[-1] comes first.
    rows = [1 + (n - 1 - q) for q in reversed(qubits)]
    cols = [1 + n + (n - 1 - q) for q in reversed(qubits)]
    res = np.tensordot(adj, obs, axes=(list(range(2 * k, 4 * k)), rows + cols))
    return np.moveaxis(res, list(range(2 * k)), rows + cols)


def _success_observables(spec: RoundSpec) -> np.ndarray:
    """The 16 observables |j><i|_kept (x) Pi, indexed o = 4 i + j, shape (16, 2^n, 2^n)."""
    n = spec.num_qubits
    high = n - 2  # qubits 2 .. n-1: the measured pairs, all of them
    diag = np.ones(2 ** high)
    idx = np.arange(2 ** high)
    for k in spec.measured:
        a, b = 2 * k - 2, 2 * k - 1  # their positions among the high qubits
        diag *= ((idx >> a) & 1) == ((idx >> b) & 1)
    pi = np.diag(diag)
    obs = np.zeros((16, 2 ** n, 2 ** n), dtype=complex)
    for i in range(4):
        for j in range(4):
            e = np.zeros((4, 4))
            e[j, i] = 1.0
            obs[4 * i + j] = np.kron(pi, e)
    return obs


class RoundMap:
    """A compiled round (see the module docstring). Build with :func:`round_map`."""

    def __init__(self, spec: RoundSpec):
        with one_blas_thread():
            self._compile(spec)

    def _compile(self, spec: RoundSpec) -> None:
        self.spec = spec
        self.num_pairs = spec.num_pairs
        n = spec.num_qubits
        obs = _success_observables(spec)
        # Heisenberg picture: walk the operations backwards, O -> sum_k K^dag O K, each applied on
        # its own qubits only (a 4^k x 4^k adjoint superoperator contracted into O's indices).
        obs = obs.reshape((16,) + (2,) * (2 * n))
        for op in reversed(spec.body):
            obs = _apply_adjoint(obs, op.kraus_matrices(), op.qubits, n)
        obs = obs.reshape(16, 2 ** n, 2 ** n)
        # rho_out[o] = sum_xy T_o[x, y] rho_in[y, x] = T_o . vec(rho_in^T)
        self._t = obs.reshape(16, -1)
        self._bell = self._compile_bell()

    def _compile_bell(self):
        m = self.num_pairs
        # Every product of Bell projectors, (i_{m-1}, ..., i_0) big-endian like np.kron.
        prods = np.ones((1, 1, 1), dtype=complex)
        for _ in range(m):
            d = prods.shape[1]
            prods = np.einsum("cab,kde->ckadbe", prods, _BELL_PROJ).reshape(-1, 4 * d, 4 * d)
        outs = (prods.transpose(0, 2, 1).reshape(prods.shape[0], -1) @ self._t.T).reshape(-1, 4, 4)
        in_bell = np.einsum("ki,nij,lj->nkl", _BELL.conj(), outs, _BELL)
        diag = np.einsum("nkk->nk", in_bell)
        self.bell_closed = bool(np.abs(in_bell - diag[:, :, None] * np.eye(4)).max() < 1e-13)
        return np.real(diag).T  # (4, 4^m)

    def apply(self, *states):
        """Output state(s) and success probability for inputs ``states`` (pair 0 first).

        Each input is a 4 x 4 density matrix or a batch (N, 4, 4) (broadcast against each other).
        Returns ``(rho_out, p)``: normalised output(s) (N, 4, 4) or (4, 4), and p (N,) or scalar.
        """
        if len(states) != self.num_pairs:
            raise ValueError(f"{self.spec.name} takes {self.num_pairs} input pairs, got {len(states)}")
        arrs = [np.asarray(s, dtype=complex) for s in states]
        single = all(a.ndim == 2 for a in arrs)
        arrs = np.broadcast_arrays(*[a.reshape((-1, 4, 4)) for a in arrs])
        big = arrs[-1].transpose(0, 2, 1)
        for a in reversed(arrs[:-1]):  # kron(rho_{m-1}^T, ..., rho_0^T), row-major vec
            at = a.transpose(0, 2, 1)
            d = big.shape[1]
            big = np.einsum("nab,ncd->nacbd", big, at).reshape(-1, 4 * d, 4 * d)
        out = (big.reshape(big.shape[0], -1) @ self._t.T).reshape(-1, 4, 4)
        p = np.real(np.einsum("nii->n", out))
        with np.errstate(invalid="ignore", divide="ignore"):
            rho = out / p[:, None, None]
        return (rho[0], float(p[0])) if single else (rho, p)

    def apply_bell(self, *coefficients):
        """Bell-diagonal fast path: output Bell coefficients and success probability.

        Each input is a length-4 vector (order BELL_ORDER) or a batch (N, 4). Raises ValueError when
        the round does not keep Bell-diagonal states Bell-diagonal (then use :meth:`apply`).
        """
        if not self.bell_closed:
            raise ValueError(f"{self.spec.name}: this noisy round does not preserve the Bell-diagonal "
                             "form; use apply() on density matrices")
        cs = [np.asarray(c, dtype=float) for c in coefficients]
        single = all(c.ndim == 1 for c in cs)
        cs = np.broadcast_arrays(*[c.reshape(-1, 4) for c in cs])
        prod = cs[-1]
        for c in reversed(cs[:-1]):
            prod = np.einsum("na,nb->nab", prod, c).reshape(prod.shape[0], -1)
        out = prod @ self._bell.T
        p = out.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            c_out = out / p[:, None]
        return (c_out[0], float(p[0])) if single else (c_out, p)


@lru_cache(maxsize=256)
def _cached_round(protocol_name: str, variant: int, noise: LocalNoise) -> RoundMap:
    proto = get_protocol(protocol_name)
    return RoundMap(proto.round(noise, variant + 1))


def round_map(protocol, noise: LocalNoise | None = None, round_index: int = 1) -> RoundMap:
    """The compiled noisy round ``round_index`` of ``protocol`` (cached per noise model)."""
    proto = get_protocol(protocol)
    return _cached_round(proto.name, proto.variant(round_index), noise or LocalNoise())


def apply_storage(states, noise: LocalNoise, waits) -> np.ndarray:
    """Each pair of a batch (N, 4, 4) after waiting ``waits`` (s, scalar or (N,)) in the memory of
    ``noise`` (:meth:`LocalNoise.storage`, one channel per distinct waiting time)."""
    states = np.asarray(states, dtype=complex)
    single = states.ndim == 2
    states = states.reshape(-1, 4, 4)
    waits = np.broadcast_to(np.asarray(waits, dtype=float), (states.shape[0],))
    if not noise.stores() or not np.any(waits > 0):
        return states[0] if single else states
    out = states.copy()
    for w in np.unique(waits):
        ch = noise.storage(float(w))
        if ch is None:
            continue
        sel = waits == w
        out[sel] = so.unvec(so.apply(so.kraus_to_super(ch), so.vec(states[sel])))
    return out[0] if single else out


def is_bell_diagonal(states, atol: float = 1e-12) -> bool:
    """True when every state of a batch is diagonal in the Bell basis."""
    s = np.asarray(states, dtype=complex).reshape(-1, 4, 4)
    in_bell = np.einsum("ki,nij,lj->nkl", _BELL.conj(), s, _BELL)
    off = in_bell - np.einsum("nkk->nk", in_bell)[:, :, None] * np.eye(4)
    return bool(np.all(np.abs(off) < atol))


