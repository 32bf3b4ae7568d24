"""The package's one superoperator convention, and its steady-state solver (numpy / scipy.sparse).

Vectorisation is **column stacking**, as in QuTiP (``qutip.operator_to_vector``): ``rho[i, j]``
sits at index ``i + n j`` of ``vec(rho)``, and

    vec(A X B) = (B^T kron A) vec(X),

so ``spre(A) = 1 kron A``, ``spost(B) = B^T kron 1`` and ``sprepost(A, B) = B^T kron A``. The
Lindblad generator (Lindblad, Commun. Math. Phys. 48, 119 (1976); Gorini, Kossakowski, Sudarshan,
J. Math. Phys. 17, 821 (1976)) is

    d rho/dt = -i [H, rho] + sum_k ( c_k rho c_k^dag - {c_k^dag c_k, rho}/2 ),

with H in units of hbar (rad/s, or whatever unit the rates use).

Every builder accepts

* dense arrays, with any leading batch axes: ``h`` of shape (..., n, n) gives (..., n^2, n^2), so a
  whole parameter map is one call (the NV0 engine solves thousands of 9 x 9 systems at once);
* ``scipy.sparse`` matrices (2-D), giving CSR matrices (the dual-rail sector engine);
* QuTiP ``Qobj`` operators are not imported here: pass ``as_csr(qobj)`` or ``qobj.full()``.

:func:`steady_state` solves L vec = 0 with Tr rho = 1 by replacing one (redundant) equation with the
trace condition: batched dense LU, sparse LU (SuperLU) or preconditioned LGMRES.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

# ---------------------------------------------------------------------------------------------
# vectorisation
# ---------------------------------------------------------------------------------------------


def vec(rho: Any) -> np.ndarray:
    """Column-stacked vector(s) of square matrices: (..., n, n) -> (..., n^2); ``rho[i, j]`` at ``i + n j``."""
    rho = np.asarray(rho)
    n = rho.shape[-1]
    return np.swapaxes(rho, -1, -2).reshape(*rho.shape[:-2], n * n)


def unvec(v: Any) -> np.ndarray:
    """Inverse of :func:`vec`: (..., n^2) -> (..., n, n)."""
    v = np.asarray(v)
    n = int(round(np.sqrt(v.shape[-1])))
    if n * n != v.shape[-1]:
        raise ValueError(f"unvec: length {v.shape[-1]} is not a square number")
    return np.swapaxes(v.reshape(*v.shape[:-1], n, n), -1, -2)


def index(i: int, j: int, n: int) -> int:
    """Position of ``rho[i, j]`` in ``vec(rho)`` for an n x n matrix: ``i + n j``."""
    return i + n * j


def element(v: Any, i: int, j: int, n: int) -> np.ndarray:
    """``rho[i, j]`` of (a batch of) vectorised n x n states ``v`` (..., n^2)."""
    return np.asarray(v)[..., index(i, j, n)]


def trace_vector(n: int) -> np.ndarray:
    """The row t with t . vec(rho) = Tr rho (that is, vec of the n x n identity)."""
    return vec(np.eye(n))


# ---------------------------------------------------------------------------------------------
# builders
# ---------------------------------------------------------------------------------------------


def as_csr(op: Any) -> sp.csr_matrix:
    """A QuTiP Qobj, dense 2-D array or sparse matrix as a complex CSR matrix."""
    if hasattr(op, "to") and hasattr(op, "dims"):  # qutip.Qobj, without importing qutip here
        op = op.to("csr").data.as_scipy()
    return sp.csr_matrix(op, dtype=complex)


def _kron(x: Any, y: Any) -> Any:
    """Kronecker product, sparse (CSR) if either factor is sparse, else dense and batched over
    leading axes (broadcast); plain ``np.kron`` for two 2-D arrays."""
    if sp.issparse(x) or sp.issparse(y):
        return sp.kron(x, y, format="csr")
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim == 2 and y.ndim == 2:
        return np.kron(x, y)
    p, q = x.shape[-2:]
    r, s = y.shape[-2:]
    out = np.einsum("...ij,...kl->...ikjl", x, y)
    return out.reshape(*out.shape[:-4], p * r, q * s)


def _eye_like(a: Any) -> Any:
    n = a.shape[-1]
    return sp.identity(n, dtype=complex, format="csr") if sp.issparse(a) else np.eye(n)


def _transpose(a: Any) -> Any:
    return a.T if sp.issparse(a) else np.swapaxes(np.asarray(a), -1, -2)


def _dag(a: Any) -> Any:
    return a.conj().T.tocsr() if sp.issparse(a) else np.swapaxes(np.asarray(a), -1, -2).conj()


def spre(a: Any) -> Any:
    """Left multiplication, vec(A X) = (1 kron A) vec(X); ``qutip.spre``."""
    return _kron(_eye_like(a), a)


def spost(b: Any) -> Any:
    """Right multiplication, vec(X B) = (B^T kron 1) vec(X); ``qutip.spost``."""
    return _kron(_transpose(b), _eye_like(b))


def sprepost(a: Any, b: Any) -> Any:
    """Both sides, vec(A X B) = (B^T kron A) vec(X); ``qutip.sprepost``."""
    return _kron(_transpose(b), a)


def commutator(h: Any) -> Any:
    """-i [H, .] as a superoperator: -i (spre(H) - spost(H))."""
    return -1j * (spre(h) - spost(h))


def nonhermitian_generator(h_eff: Any) -> Any:
    """rho -> -i (H_eff rho - rho H_eff^dag), the no-jump part of an unravelling (H_eff = H - i/2 sum c^dag c)."""
    return -1j * (spre(h_eff) - spost(_dag(h_eff)))


def dissipator(c: Any) -> Any:
    """D[c] rho = c rho c^dag - {c^dag c, rho}/2 as a superoperator; ``qutip.lindblad_dissipator``."""
    cd = _dag(c)
    cdc = cd @ c
    return sprepost(c, cd) - 0.5 * spre(cdc) - 0.5 * spost(cdc)


def liouvillian(h: Any = None, c_ops: Any = ()) -> Any:
    """The Lindblad generator -i[H, .] + sum_k D[c_k] (module docstring); ``qutip.liouvillian``.

    ``h`` may be None (dissipators only); dense operators may carry batch axes (broadcast).
    """
    terms = ([] if h is None else [commutator(h)]) + [dissipator(c) for c in c_ops]
    if not terms:
        raise ValueError("liouvillian needs a Hamiltonian or at least one collapse operator")
    out = terms[0]
    for t in terms[1:]:
        out = out + t
    return out.tocsr() if sp.issparse(out) else out


def kraus_to_super(kraus_ops: Any) -> np.ndarray:
    """The superoperator sum_k sprepost(K_k, K_k^dag) = sum_k K_k^* kron K_k of the map
    rho -> sum_k K_k rho K_k^dag (Kraus operators as arrays, or anything with a ``.data`` list such
    as ``qiskit.quantum_info.Kraus``); ``qutip.kraus_to_super``."""
    ops = kraus_ops.data if hasattr(kraus_ops, "data") else kraus_ops
    out = None
    for k in ops:
        term = sprepost(k, _dag(k))
        out = term if out is None else out + term
    if out is None:
        raise ValueError("kraus_to_super needs at least one Kraus operator")
    return out


def apply(superop: Any, v: Any) -> np.ndarray:
    """Superoperator(s) (..., N, N) times vectorised state(s) (..., N), broadcast over batch axes."""
    return np.matmul(superop, np.asarray(v)[..., None])[..., 0]


# ---------------------------------------------------------------------------------------------
# steady states
# ---------------------------------------------------------------------------------------------


def _trace_or_default(trace: Any, size: int) -> np.ndarray:
    if trace is not None:
        return np.asarray(trace)
    return trace_vector(int(round(np.sqrt(size))))


def steady_state(liouvillian: Any, *, trace: Any = None, method: str = "auto", x0: Any = None, tol: float = 1e-10,
                 info: dict | None = None) -> np.ndarray:
    """Solve L vec = 0 with Tr rho = 1: the steady state(s) of a Lindblad generator.

    The equation of row 0 (the diagonal element rho_00 in column stacking) is replaced by the trace
    condition; the diagonal equations are linearly dependent (Tr(L rho) = 0 for every rho), so
    dropping one loses nothing and the system is regular when the steady state is unique.

    Args:
        liouvillian: dense (..., N, N), solved as a batch by LU; or a 2-D sparse matrix.
        trace: the row t with t . vec = Tr rho (default :func:`trace_vector`); a packed
            representation (e.g. charge blocks) passes its own, with its row 0 on a diagonal element.
        method: sparse only: ``"direct"`` (SuperLU, COLAMD ordering; fill-in is nearly dense for
            Lindbladians, fine below a few thousand unknowns), ``"gmres"`` (LGMRES with a Jacobi
            preconditioner, tolerance ``tol``, started from ``x0`` normalised to unit trace) or
            ``"auto"`` (direct up to 3000 unknowns).
        info: a dict that receives ``method`` and ``iterations``.

    Returns vec(rho) with Tr rho = 1 up to the solver's accuracy (no symmetrisation is applied).
    """
    if not sp.issparse(liouvillian):
        lv = np.asarray(liouvillian)
        t = _trace_or_default(trace, lv.shape[-1])
        a = lv.astype(complex, copy=True)
        a[..., 0, :] = t
        b = np.zeros(a.shape[:-1], dtype=complex)
        b[..., 0] = 1.0
        if info is not None:
            info.update(method="dense", iterations=0)
        return np.linalg.solve(a, b[..., None])[..., 0]
    lmat = sp.csr_matrix(liouvillian)
    dim = lmat.shape[0]
    t = _trace_or_default(trace, dim)
    keep = np.ones(dim)
    keep[0] = 0.0
    nz = np.flatnonzero(t)
    trace_row = sp.csr_matrix((t[nz], (np.zeros(nz.size, dtype=int), nz)), shape=(dim, dim))
    amat = (sp.diags(keep) @ lmat + trace_row).tocsr()
    b = np.zeros(dim, dtype=complex)
    b[0] = 1.0
    import scipy.sparse.linalg as spla  # here: 0.15 s of import that most commands never need

    if method == "auto":
        method = "direct" if dim <= 3000 else "gmres"
    if method == "direct":
        out = spla.spsolve(amat.tocsc(), b, permc_spec="COLAMD")
        iterations = 0
    elif method == "gmres":
        count = [0]
        guess = None if x0 is None else np.asarray(x0, dtype=complex) / (t @ x0)
        diag = amat.diagonal()
        diag[diag == 0] = 1.0
        jacobi = spla.LinearOperator(amat.shape, matvec=lambda v: v / diag, dtype=complex)
        out, status = spla.lgmres(amat, b, x0=guess, rtol=tol, atol=0.0, maxiter=400, inner_m=40,
                                  M=jacobi, callback=lambda _x: count.__setitem__(0, count[0] + 1))
        if status != 0:
            raise RuntimeError(f"LGMRES did not converge (status {status})")
        iterations = count[0]
    else:
        raise ValueError(f"method = {method!r} is not allowed; choose 'auto', 'direct' or 'gmres'")
    if info is not None:
        info.update(method=method, iterations=iterations)
    return out


def solve_traceless(liouvillian: Any, rhs: Any, *, trace: Any = None) -> np.ndarray:
    """Solve L x = rhs with Tr x = 0 (a correction to a steady state, e.g. second-order perturbation
    theory), dense and batched: L (..., N, N), rhs (..., N). Row 0 of ``rhs`` is replaced by 0."""
    lv = np.asarray(liouvillian)
    a = lv.astype(complex, copy=True)
    a[..., 0, :] = _trace_or_default(trace, lv.shape[-1])
    b = np.array(rhs, dtype=complex, copy=True)
    b[..., 0] = 0.0
    return np.linalg.solve(a, b[..., None])[..., 0]


__all__ = ["vec", "unvec", "index", "element", "trace_vector", "as_csr", "spre", "spost", "sprepost",
           "commutator", "nonhermitian_generator", "dissipator", "liouvillian", "kraus_to_super", "apply",
           "steady_state", "solve_traceless"]
