"""Issue 11: physically impossible results are errors, not output; every size is bounded before
the work starts.

* The stress pass's examples (``qnet link electro-optic --detector-efficiency 0``, ``--pump-power
  1e-300``, ``qnet link sc-ion --pulse 1e-30``, ``--g0 0.001``) exited 0 with a NaN state, a negative
  rate or an eigenvalue of -5.7e-5; they are one-line errors naming the input now.
* ``LinkReport`` checks itself on construction; channel constructors check their arguments and
  their Kraus maps; +inf passes only where it means something (T1 = inf).
* Cutoff flags, an explicit Aer method and purification rounds are refused with an estimate.
"""

import math

import numpy as np
import pytest
from qiskit.quantum_info import DensityMatrix

import qnet_plugin.channels.standard as ch
from qnet_plugin.channels.operations import is_cptp, validate_density_matrix
from qnet_plugin.cli import main
from qnet_plugin.core.physicality import check_density_matrix, check_kraus
from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import ElectroOpticLink, LinkModel, LinkReport, UnphysicalReport, WernerLink
from qnet_plugin.links.dual_rail import DualRailLink
from qnet_plugin.network import QPU, Link, Network
from qnet_plugin.network.purify import Purification
from qnet_plugin.network.simulate import MAX_SIMULATION_BYTES, check_simulation_memory, choose_method, max_qubits
from qnet_plugin.states import werner_state


def one_line_error(capfd, argv, *words):
    """``qnet argv`` exits 2 with one line containing every word, and prints nothing on stdout."""
    try:
        rc = main(list(argv))
    except SystemExit as exc:
        rc = exc.code
    out, err = capfd.readouterr()
    assert rc == 2, (argv, out, err)
    assert out == "" and len(err.strip().splitlines()) == 1, err
    for w in words:
        assert w in err, (w, err)
    assert "nan" not in err.lower().replace("nan or", "") and "Traceback" not in err
    return err


# ---------------------------------------------------------------------------- the stress pass's examples
@pytest.mark.parametrize("argv, words", [
    (["link", "electro-optic", "--detector-efficiency", "0", "--json"],
     ["never heralds", "rate_hz = 0", "detector_efficiency = 0.0"]),
    (["link", "electro-optic", "--pump-power", "1e-300", "--json"],
     ["never heralds", "pump_power = 1e-300 W"]),
    (["link", "sc-ion", "--pulse", "1e-30", "--json"],
     ["rate_hz = -2.88578e-35 Hz", "outside the allowed range [0, inf)", "pulse = 1e-30 s"]),
    (["link", "sc-ion", "--g0", "0.001", "--json"],
     ["not a density matrix", "eigenvalue -5.", "g0 = 0.001"]),
    (["link", "dual-rail", "--pairs", "1", "--squeezing", "0"], ["squeezing = 0 is too small", "T_prep = 0"]),
    (["link", "werner", "--rate-hz", "inf"], ["rate_hz = inf Hz is outside the allowed range (0, inf)"]),
    # a search inside the physics that finds nothing at an extreme input names that input
    (["link", "nv-diamond", "--pump-power", "1e308"], ["cannot be built at these inputs", "pump_power = 1e+308"]),
])
def test_impossible_link_results_are_one_line_errors(capfd, argv, words):
    one_line_error(capfd, argv, *words)


def test_network_check_refuses_a_link_that_never_heralds(tmp_path, capfd):
    """`network check` printed "OK ... pair fidelity nan" for such a link."""
    f = tmp_path / "net.toml"
    f.write_text('name = "n"\n[[qpu]]\nname = "A"\ndata_qubits = 2\n[[qpu]]\nname = "B"\ndata_qubits = 2\n'
                 '[[link]]\nbetween = ["A", "B"]\nmodel = "electro-optic"\n'
                 '[link.parameters]\ndetector_efficiency = 0\n')
    rc = main(["network", "check", str(f)])
    out, err = capfd.readouterr()
    assert rc == 2 and "never heralds" in err and "nan" not in out + err and "OK" not in out


# ---------------------------------------------------------------------------- LinkReport
def _report(**kw):
    base = dict(link="test", rate_hz=1.0, state=werner_state(0.9), fidelity=0.9, heat_w=0.0, parameters={})
    return LinkReport(**{**base, **kw})


@pytest.mark.parametrize("kw, words", [
    ({"rate_hz": float("nan")}, "rate_hz = nan Hz"),
    ({"rate_hz": float("inf")}, "rate_hz = inf Hz"),
    ({"rate_hz": -1e-35}, "rate_hz = -1e-35 Hz"),
    ({"rate_hz": 0.0}, "never heralds"),
    ({"heat_w": float("nan")}, "heat_w = nan W"),
    ({"state": DensityMatrix(np.full((4, 4), np.nan))}, "NaN or infinite entries"),
    ({"state": DensityMatrix(np.diag([1.1, -0.1, 0, 0]))}, "eigenvalue -0.1"),
    ({"state": DensityMatrix(np.diag([0.5, 0.4, 0, 0]))}, "trace 0.9"),
    ({"fidelity": float("nan")}, "fidelity = nan"),
])
def test_link_report_refuses_unphysical_values(kw, words):
    with pytest.raises(UnphysicalReport) as exc:
        _report(**kw)
    assert words in str(exc.value) and isinstance(exc.value, ParameterError)


def test_a_plugin_report_names_the_inputs_that_led_there():
    """Any model's report() is wrapped: the refusal lists the fields that differ from the defaults."""
    from dataclasses import dataclass

    from qnet_plugin.core.validation import param

    @dataclass(frozen=True)
    class Leaky(LinkModel):
        name = "leaky"
        loss: float = param(0.1, "loss", low=0.0, high=1.0)

        def report(self):
            rho = werner_state(0.9).data * (1 - self.loss)  # trace != 1: a bug in the model
            return LinkReport(link=self.name, rate_hz=1.0, state=DensityMatrix(rho), fidelity=0.5, heat_w=0.0,
                              parameters=self.parameters())

    with pytest.raises(UnphysicalReport, match=r"the leaky link is not a density matrix.*; inputs: loss = 0\.5"):
        Leaky(loss=0.5).report()
    with pytest.raises(UnphysicalReport, match="inputs: the defaults"):
        Leaky().report()


def test_internal_names_come_with_the_inputs_that_caused_them():
    """A check on an internal quantity (``p_e``) inside report() also names the model's inputs."""
    from dataclasses import dataclass

    from qnet_plugin.core.validation import check_probability, param

    @dataclass(frozen=True)
    class Internal(LinkModel):
        name = "internal"
        pump: float = param(1.0, "pump", "W", low=0.0)

        def report(self):
            check_probability("p_e", 1.0 + self.pump)  # an excitation probability the model derives
            raise AssertionError("unreachable")

    with pytest.raises(ParameterError, match=r"p_e = 3 is outside the allowed range \[0, 1\]; inputs: pump = 2\.0 W"):
        Internal(pump=2.0).report()


# ---------------------------------------------------------------------------- channels
def test_channel_constructors_validate_their_arguments():
    with pytest.raises(ParameterError, match="probability of I = nan"):
        ch.pauli_channel({"I": float("nan"), "X": 0.5})
    with pytest.raises(ParameterError, match="Pauli label 'Q'"):
        ch.pauli_channel({"Q": 1.0})
    with pytest.raises(ParameterError, match="'XX' has 2 qubits"):
        ch.pauli_channel({"I": 0.5, "XX": 0.5})
    with pytest.raises(ParameterError, match="sum of the pauli_channel probabilities = 0.9"):
        ch.pauli_channel({"I": 0.5, "X": 0.4})
    with pytest.raises(ParameterError, match=r"num_qubits = 0 is outside the allowed range \[1, 5\]"):
        ch.depolarizing(0.1, 0)
    with pytest.raises(ParameterError, match="num_qubits = 12"):
        ch.depolarizing(0.1, 12)  # 4^12 Kraus operators of 4096 x 4096: refused before building
    with pytest.raises(ParameterError, match="p = nan"):
        ch.amplitude_damping(float("nan"))
    with pytest.raises(ParameterError, match="n_thermal = nan"):
        ch.generalized_amplitude_damping(0.5, float("nan"))
    with pytest.raises(ParameterError, match="NaN or infinite"):
        validate_density_matrix(np.full((2, 2), np.nan))


@pytest.mark.parametrize("n", [1e6, 1e300, 1e308, float("inf")])
def test_generalized_amplitude_damping_at_huge_occupation_relaxes_to_the_maximally_mixed_state(n):
    """q = n/(2n + 1) -> 1/2: at 1e308 the naive formula gave q = 0 (2n overflows), at inf NaN."""
    k = ch.generalized_amplitude_damping(1.0, n)
    assert is_cptp(k)
    out = DensityMatrix.from_label("0").evolve(k).data
    assert np.allclose(np.diag(out).real, [0.5, 0.5], atol=1e-6)


def test_infinite_lifetimes_mean_no_decay_and_stay_finite():
    """T1 = inf (and T2 = inf) is meaningful: the identity, also for an infinite storage time."""
    for t in (1.0, float("inf")):
        k = ch.storage_decay(t, float("inf"))
        assert is_cptp(k) and np.allclose(DensityMatrix.from_label("+").evolve(k).data, DensityMatrix.from_label("+").data)
    assert np.allclose(ch.storage_decay(float("inf"), 1.0).data[0], [[1, 0], [0, 0]])  # fully relaxed
    qpu = QPU(name="A", t1=float("inf"), t2=float("inf"))
    assert math.isinf(qpu.t1)


def test_physicality_checks_name_the_failure_and_the_context():
    with pytest.raises(ParameterError, match=r"rho is not a density matrix: eigenvalue .* \(from x = 1\)"):
        check_density_matrix("rho", np.diag([1.5, -0.5]), context="from x = 1")
    with pytest.raises(ParameterError, match="not trace preserving"):
        check_kraus("k", [np.eye(2) * 1.1])
    with pytest.raises(ParameterError, match="NaN or infinite"):
        check_kraus("k", [np.array([[np.nan, 0], [0, 1]])])


# ---------------------------------------------------------------------------- inf where it turns into inf/NaN downstream
@pytest.mark.parametrize("make, words", [
    (lambda: WernerLink(rate_hz=float("inf")), "rate_hz = inf Hz"),
    (lambda: QPU(name="A", gate_time_2q=float("inf")), "gate_time_2q = inf s"),
    (lambda: QPU(name="A", gate_time_1q=float("inf")), "gate_time_1q = inf s"),
    (lambda: QPU(name="A", measurement_time=float("inf")), "measurement_time = inf s"),
    (lambda: Link("A", "B", WernerLink(), distance=float("inf")), "distance = inf m"),
    (lambda: QPU(name="A", t1=float("nan")), "t1 = nan s"),
])
def test_infinite_values_that_break_downstream_are_refused(make, words):
    with pytest.raises(ParameterError, match=words.replace("(", r"\(")):
        make()


# ---------------------------------------------------------------------------- bounds with estimates
def test_cutoff_flags_are_refused_with_an_estimate_before_work(capfd):
    one_line_error(capfd, ["link", "electro-optic", "--variant", "blue", "--fock-cutoff", "9"],
                   "fock_cutoff = 9 is too large: would need ~5.11 GB; limit 8")
    one_line_error(capfd, ["link", "dual-rail", "--bandwidth", "20", "--photon-cutoff", "80"],
                   "photon_cutoff = 80 is too large", "unknowns; limit 8")
    with pytest.raises(ParameterError, match="fock_cutoff = 100 is too large"):
        ElectroOpticLink(variant="blue", fock_cutoff=100)
    with pytest.raises(ParameterError, match="photon_cutoff = 9 is too large"):
        DualRailLink(pairs=1, bandwidth=20.0, photon_cutoff=9)


def test_an_explicit_method_is_bounded_by_memory_before_aer_allocates():
    assert max_qubits("density_matrix") == 14 and max_qubits("statevector") == 28
    assert MAX_SIMULATION_BYTES == 4 * 2**30
    assert choose_method(14, False, "density_matrix") == "density_matrix"
    with pytest.raises(ParameterError, match=r"method = 'density_matrix' with 15 simulated qubits would need "
                                             r"~17.2 GB; limit 4.29 GB \(at most 14 qubits"):
        choose_method(15, False, "density_matrix")
    with pytest.raises(ParameterError, match="method = 'statevector' with 40 simulated qubits would need ~17.6 TB"):
        choose_method(40, False, "statevector")
    check_simulation_memory("stabilizer", 5000)  # a tableau: never the limit


def test_network_backend_run_refuses_a_huge_density_matrix():
    from qiskit import QuantumCircuit

    from qnet_plugin.network import NetworkBackend

    net = Network(tuple(QPU(name=n, data_qubits=8, comm_qubits=1) for n in "AB"),
                  (Link("A", "B", WernerLink()),), name="big")
    qc = QuantumCircuit(16)
    qc.h(0)
    for i in range(15):
        qc.cx(i, i + 1)
    qc.t(3)
    qc.measure_all()
    with pytest.raises(ParameterError, match="method = 'density_matrix' with 1[6-9] simulated qubits would need"):
        NetworkBackend(net).run(qc, shots=10, method="density_matrix")


def test_qnet_run_with_an_explicit_method_is_one_line(tmp_path, capfd):
    prog = tmp_path / "p.qasm"
    prog.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[16];\nh q[0];\n'
                    + "".join(f"cx q[{i}], q[{i + 1}];\n" for i in range(15)) + "t q[2];\n")
    net = tmp_path / "n.toml"
    net.write_text('name = "n"\n[[qpu]]\nname = "A"\ndata_qubits = 8\n[[qpu]]\nname = "B"\ndata_qubits = 8\n'
                   '[[link]]\nbetween = ["A", "B"]\nmodel = "werner"\n')
    one_line_error(capfd, ["run", str(prog), "--network", str(net), "--method", "density_matrix", "--shots", "10",
                           "--json"], "method = 'density_matrix' with", "limit 4.29 GB")


def test_purification_rounds_are_bounded():
    assert Purification("dejmps", 64).rounds == 64
    with pytest.raises(ParameterError, match="purification_rounds = 1000000 is too large"):
        Purification("dejmps", 1_000_000)


@pytest.mark.parametrize("noise", [1e10, 1e308, float("inf")])
def test_transfer_channel_saturates_at_huge_added_noise(noise):
    """n/(1 + n) with n = inf was inf/inf = NaN; the limit is the channel to |1><1| (p_up = 1, p_down = 0)."""
    from qnet_plugin.links.transfer_channel import phase_covariant_kraus, qubit_map_parameters, waveguide_stage

    p_up, p_down, lam = qubit_map_parameters(0.7, noise, 0.9)
    assert all(map(math.isfinite, (p_up, p_down, lam)))
    assert p_up == pytest.approx(1.0, abs=1e-9) and p_down == pytest.approx(0.0, abs=1e-9)
    assert is_cptp(phase_covariant_kraus(p_up, p_down, lam))
    assert waveguide_stage("w", 1.0, float("inf")).added_noise == 0.0


def test_numbers_are_finite_unless_inf_means_no_decay():
    """+inf is a lifetime's "never" (accepted) and nothing else (refused before any work)."""
    from qnet_plugin.links.hybrid import SCIonLink
    from qnet_plugin.links.mmwave import MillimeterWaveLink

    with pytest.raises(ParameterError, match=r"pump_power = inf W is outside the allowed range \(0, inf\) "
                                             r"\(a finite value is needed\)"):
        ElectroOpticLink(pump_power=float("inf"))
    with pytest.raises(ParameterError, match="length = inf m"):
        MillimeterWaveLink(length=float("inf"))
    assert SCIonLink(ion_t2=float("inf")).report().fidelity == pytest.approx(SCIonLink(ion_t2=1e30).report().fidelity)
    assert math.isinf(QPU(name="A", comm_t1=float("inf"), comm_t2=float("inf")).comm_t2)


def test_overflow_at_extreme_inputs_is_a_parameter_error_naming_them():
    """Valid but extreme inputs (1e308) that overflow the model's numerics: one line, with the inputs."""
    from qnet_plugin.links.nv_diamond import NVDiamondLink
    from qnet_plugin.links.transducer import TransducerLink

    with pytest.raises(ParameterError, match=r"the transducer link cannot be (built|evaluated) at these inputs "
                                             r"\(ZeroDivisionError.*inputs: conversion_bandwidth = 1e\+308 Hz"):
        TransducerLink(conversion_bandwidth=1e308).report()
    with pytest.raises(ParameterError, match=r"OverflowError.*inputs: optical_loss_ratio = 1e\+308"):
        NVDiamondLink(optical_loss_ratio=1e308).report()
