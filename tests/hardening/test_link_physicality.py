"""Issue 11: every accepted link report is physical, for every registered link model.

Property test: one to three parameters moved inside their declared range (the field metadata the
CLI and the network files use: log-spread over +-4 decades around the default, the bounds
themselves, the choices), the model built, its report made. Three outcomes are allowed: the model refuses the parameters, the
report refuses itself (``ParameterError``, e.g. "never heralds" or a numerically unresolved state),
or the report is physical: finite rate > 0, finite heat >= 0, a density matrix (finite, Hermitian,
trace 1, eigenvalues >= -1e-9) and a fidelity in [0, 1] equal to the Phi+ overlap of its pairs.
What the stress pass found (NaN states, negative rates, eigenvalues down to -0.085 reported with
exit 0) is the fourth outcome, which these tests refuse. Fixed seed, bounded example counts.
"""

import dataclasses
import json
import math
import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qiskit.quantum_info import DensityMatrix, partial_trace

from qnet_plugin.core.link_registry import available_links
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import get_link_class

PHI = np.array([1, 0, 0, 1]) / np.sqrt(2)
#: examples per model (QNET_FUZZ_EXAMPLES scales a longer local campaign); slow models get fewer
EXAMPLES = int(os.environ.get("QNET_FUZZ_EXAMPLES", "15"))
SLOW = {"transducer": 5, "dual-rail": 4}
#: parameters held fixed where the in-range values cost minutes (dual-rail N >= 2 with a finite
#: bandwidth: 30 s at the converged cutoff) -- the physics of those paths is covered in tests/links
FIXED = {"dual-rail": {"pairs": 1, "bandwidth": None, "photon_cutoff": None, "permutation": "identity"},
         "electro-optic": {"fock_cutoff": None}, "sc-ion": {"fock_cutoff": None},
         "sc-photon": {"fock_cutoff": None}}
#: the blue variant converges its Fock cutoff from 2 upwards (seconds); the red one is drawn
VARIANT = {"variant": st.sampled_from(["red", "red", "blue"])}


def _float_values(f: dataclasses.Field) -> st.SearchStrategy:
    md, default = f.metadata, f.default
    low, high = md.get("low"), md.get("high")
    options = []
    if isinstance(default, (int, float)) and not isinstance(default, bool) and default is not None:
        options.append(st.just(float(default)))
        if default > 0:
            options.append(st.floats(-4, 4).map(lambda u, d=float(default): d * 10.0 ** u))
        else:
            options.append(st.floats(-12, 2).map(lambda u: 10.0 ** u))
    for b in (low, high):
        if b is not None and math.isfinite(b):
            options.append(st.just(float(b)))
    if low is not None and high is not None and math.isfinite(high):
        options.append(st.floats(low, high))

    def clip(x):
        if low is not None:
            x = max(x, low)
        if high is not None:
            x = min(x, high)
        return x

    return st.one_of(options).map(clip)


def field_values(cls) -> dict[str, st.SearchStrategy]:
    """In-range values for each numeric and choice field of ``cls`` (fixed ones left out)."""
    fixed = FIXED.get(cls.name, {})
    out = {}
    for f in dataclasses.fields(cls):
        md = f.metadata
        if f.name in fixed or not md.get("cli", True):
            continue
        if f.name in VARIANT and "choices" in md:
            out[f.name] = VARIANT[f.name]
        elif "choices" in md:
            out[f.name] = st.sampled_from(md["choices"])
        elif md.get("integer"):
            low = int(md.get("low", 0))
            out[f.name] = st.integers(low, min(int(md.get("high", low + 3)), low + 3))
        elif "low" in md or "high" in md:
            out[f.name] = st.one_of(st.none(), _float_values(f)) if md.get("optional") else _float_values(f)
    return out


def parameters(cls) -> st.SearchStrategy:
    """One to three fields moved from the defaults (as one sweeps a model), the fixed ones set."""
    values, fixed = field_values(cls), FIXED.get(cls.name, {})

    @st.composite
    def draw(draw_):
        names = draw_(st.lists(st.sampled_from(sorted(values)), min_size=1, max_size=3, unique=True))
        return {**{n: draw_(values[n]) for n in names}, **fixed}

    return draw()


def assert_physical(rep) -> None:
    """The independent check of an accepted report (numpy only, not the package's own checker)."""
    assert isinstance(rep.rate_hz, float) and math.isfinite(rep.rate_hz) and rep.rate_hz > 0, rep.rate_hz
    assert rep.heat_w is None or (math.isfinite(rep.heat_w) and rep.heat_w >= 0), rep.heat_w  # None: not modelled
    rho = np.asarray(rep.state.data)
    assert np.all(np.isfinite(rho))
    assert np.abs(rho - rho.conj().T).max() <= 1e-9
    assert abs(np.trace(rho).real - 1) <= 1e-9
    assert np.linalg.eigvalsh((rho + rho.conj().T) / 2).min() >= -1e-9
    assert 0.0 <= rep.fidelity <= 1.0
    dm = DensityMatrix(rho)
    fids = []
    for qa, qb in zip(rep.qubits_a, rep.qubits_b):
        drop = [q for q in range(dm.num_qubits) if q not in (qa, qb)]
        r2 = partial_trace(dm, drop).data if drop else dm.data
        fids.append(float(np.real(PHI @ r2 @ PHI)))
    assert rep.fidelity == pytest.approx(np.mean(fids), abs=1e-7)
    headline = json.loads(rep.to_json())
    assert None not in (headline["rate_hz"], headline["fidelity"])
    assert headline["heat_w"] == rep.heat_w  # null exactly where the model has no heat physics


@pytest.mark.parametrize("name", sorted(available_links()))
def test_every_accepted_report_is_physical(name):
    cls = get_link_class(name)
    outcomes = {"model refused": 0, "report refused": 0, "physical": 0}

    @settings(max_examples=SLOW.get(name, EXAMPLES), deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(params=parameters(cls))
    def check(params):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # overflow in exp etc. at extreme points: the result is checked
            try:
                model = cls(**params)
            except ParameterError:
                outcomes["model refused"] += 1
                return
            try:
                rep = model.report()
            except ParameterError as exc:
                # a refusal is one line that names the link or a parameter, never an internal name alone
                assert "\n" not in str(exc)
                outcomes["report refused"] += 1
                return
        assert_physical(rep)
        outcomes["physical"] += 1

    check()
    print(name, outcomes)
    assert outcomes["physical"] >= 1, outcomes  # the draws reach the physical region too


@pytest.mark.parametrize("name", sorted(available_links()))
def test_defaults_are_physical(name):
    cls = get_link_class(name)
    assert_physical(cls(**({"pairs": 1} if name == "dual-rail" else {})).report())
