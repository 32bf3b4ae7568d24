"""DirectElectroOpticLink: cascaded deterministic M-O-fibre-O-M transduction (paper 000 Fig. 1b).

Two engines: the closed-form efficiency and bandwidth against the input-output scattering matrix of
the two coupled modes with loss ports (numerical); the pair state against Aer.
"""

import numpy as np
import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import DensityMatrix
from qiskit_aer import AerSimulator
from scipy.optimize import brentq

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.links import get_link_class
from qnet_plugin.links.direct_transduction import (
    DirectElectroOpticLink,
    transduction_bandwidth,
    transduction_efficiency,
)
from qnet_plugin.links.electro_optic import ElectroOpticLink
from qnet_plugin.physics.electro_optic import transducer as eo

SIM = AerSimulator(method="density_matrix")


def scattering(omega, g, gamma_e, gamma_i, kappa_e, kappa_i):
    """S matrix (ports: optical ext, microwave ext, optical int, microwave int) at detuning omega."""
    h = np.array([[0, g], [g, 0]], dtype=complex)
    k = np.diag([gamma_e + gamma_i, kappa_e + kappa_i])
    c = np.array([[np.sqrt(gamma_e), 0, np.sqrt(gamma_i), 0], [0, np.sqrt(kappa_e), 0, np.sqrt(kappa_i)]])
    return np.eye(4) - c.T @ np.linalg.inv(-1j * omega * np.eye(2) + 1j * h + k / 2) @ c


@pytest.mark.parametrize("g, ge, gi, ke, ki", [(2.7e6, 1e8, 1e8, 1e5, 1e3), (1e6, 5e7, 1e6, 2e4, 5e2),
                                              (5e5, 1e8, 0.0, 1e4, 0.0), (3e7, 1e8, 1e8, 1e6, 1e3)])
def test_efficiency_against_scattering(g, ge, gi, ke, ki):
    s = scattering(0.0, g, ge, gi, ke, ki)
    assert abs(s[0, 1]) ** 2 == pytest.approx(float(transduction_efficiency(g, ge, gi, ke, ki)), rel=1e-10)


def test_unit_efficiency_at_matched_lossless_cooperativity():
    gamma, kappa = 1e8, 1e5
    g = np.sqrt(gamma * kappa) / 2                      # C = 1
    assert float(transduction_efficiency(g, gamma, 0.0, kappa, 0.0)) == pytest.approx(1.0, abs=1e-14)


@pytest.mark.parametrize("g", [1e5, 2.7e6, 8e6])
def test_bandwidth_against_scattering_fwhm(g):
    """kappa (1 + C) is the FWHM of |S_om(omega)|^2 to O(kappa (1 + C)/gamma)."""
    ge, gi, ke, ki = 1e8, 1e8, 1e5, 1e3
    peak = abs(scattering(0.0, g, ge, gi, ke, ki)[0, 1]) ** 2
    half = brentq(lambda w: abs(scattering(w, g, ge, gi, ke, ki)[0, 1]) ** 2 - peak / 2, 0, 1e8)
    bw = float(transduction_bandwidth(g, ge + gi, ke + ki))
    assert 2 * half == pytest.approx(bw, rel=3 * bw / (ge + gi) + 1e-6)


def test_uses_paper_000_pump_relations():
    link = DirectElectroOpticLink()
    assert link.pump_photons == pytest.approx(float(eo.pump_photon_number(1e-4, 1e8, 1e8, 1500e-9)))
    assert link.coupling_g == pytest.approx(float(eo.coupling_rate(1e3, link.pump_photons)))
    assert get_link_class("direct-electro-optic") is DirectElectroOpticLink


def test_report_and_pair_against_aer():
    link = DirectElectroOpticLink()
    r = link.report()
    p_up, p_down, lam = link.transfer_channel().parameters()
    assert r.fidelity == pytest.approx((2 - p_up - p_down + 2 * lam) / 4, abs=1e-12)
    assert r.extras["end_to_end_transmittance"] == pytest.approx(link.efficiency ** 2 * 10 ** (-0.02))
    assert r.rate_hz == pytest.approx(link.bandwidth)
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.cx(0, 1)
    qc.append(link.transfer(), [1, 2])
    qc.save_density_matrix([0, 2])
    rho = DensityMatrix(SIM.run(transpile(qc, SIM), shots=1).result().data(0)["density_matrix"])
    assert np.allclose(rho.data, r.state.data, atol=1e-10)


def test_heralding_breaks_the_rate_fidelity_trade_off():
    """Paper 000's claim on the same device: direct transduction stays below F ~ 0.55 at any pump
    (eta <= gamma_e/gamma = 1/2 per transducer), while heralded pairs exceed F = 0.9 at >= 10 kHz."""
    powers = np.geomspace(1e-7, 2e-3, 12)
    direct = [DirectElectroOpticLink(pump_power=p).report() for p in powers]
    assert max(r.fidelity for r in direct) < 0.56
    heralded = ElectroOpticLink(pump_power=1e-5).report()
    assert heralded.rate_hz > 1e4 and heralded.fidelity > 0.9


@pytest.mark.parametrize("changes, fragment", [
    (dict(pump_power=1.0), "adiabatic optical mode"),
    (dict(pump_power=-1e-3), "pump_power = -0.001 W"),
    (dict(fibre_length=-1.0), "fibre_length = -1 m"),
    (dict(added_noise=-0.1), "added_noise = -0.1"),
])
def test_validation(changes, fragment):
    with pytest.raises(ParameterError, match=fragment):
        DirectElectroOpticLink(**changes)
