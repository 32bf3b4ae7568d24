"""Paper 002 Sec. VII / Table II: thermal occupations and the lengths l_0.01, l_0.1 of lossy links.

Tolerance: our value must round to the printed one at the printed digits (``assert_rounds_to``);
"infinity" entries must be inf. The printed microwave entries at 70 K and 300 K are bounds ("<~")
computed with the lower-bound attenuation, so the same check applies. The one row the model does
not reproduce (300 GHz, 4 K, l_0.01: 23.9 m vs 22 m) is asserted at the model's value; the paper's
22 m follows from its rounded n = 0.03 (also tested).
"""

import math

import numpy as np
import pytest

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.physics import thermal_link as tl


def assert_rounds_to(value, printed, sig):
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(printed))) - sig + 1)
    assert abs(value - printed) <= half_unit, f"{value:.6g} does not round to {printed:g}"


CASES = sorted(tl.TABLE_II_PRINTED)


@pytest.mark.parametrize("freq, temp", CASES)
def test_table_two_occupation(freq, temp):
    n = tl.thermal_occupation(freq, temp)
    printed = tl.TABLE_II_PRINTED[(freq, temp)][0]
    if printed == 0.0:       # "~0": below 1e-10
        assert n < 1e-10
    else:
        assert_rounds_to(n, printed, 1 if printed in (5e-8, 0.03, 20) else 2)  # digits as printed


@pytest.mark.parametrize("freq, temp", CASES)
def test_table_two_lengths(freq, temp):
    _, l1, l2 = tl.TABLE_II_PRINTED[(freq, temp)]
    wg = tl.ThermalWaveguide(frequency=freq, temperature=temp,
                             attenuation_db_per_m=tl.TABLE_II_ATTENUATION_DB_PER_M[freq][temp])
    got1, got2 = wg.length_for(0.01), wg.length_for(0.1)
    for got, printed in ((got1, l1), (got2, l2)):
        if np.isinf(printed):
            assert np.isinf(got)
        elif (freq, temp, printed) == (300e9, 4.0, 22.0):
            assert got == pytest.approx(23.87, rel=1e-3)     # paper: 22 m (uses n rounded to 0.03)
        else:
            assert_rounds_to(got, printed, 1)


def test_paper_22m_comes_from_rounded_occupation():
    assert tl.length_for_added_photons(0.01, 0.03, 0.08) == pytest.approx(22.0, abs=0.05)


def test_added_photons_at_the_threshold_length():
    """By construction (1 - t(l_x)) n = x."""
    wg = tl.ThermalWaveguide(frequency=300e9, temperature=70.0, attenuation_db_per_m=0.15)
    for x in (0.01, 0.1):
        at = tl.ThermalWaveguide(frequency=300e9, temperature=70.0, attenuation_db_per_m=0.15,
                                 length=wg.length_for(x))
        assert at.added_photons == pytest.approx(x, rel=1e-12)


def test_budget_keys_and_transmittance():
    b = tl.ThermalWaveguide(frequency=7e9, temperature=4.0, attenuation_db_per_m=1.0, length=10.0).budget()
    assert set(b) == {"n_thermal", "transmittance", "added_photons", "l_001_m", "l_01_m"}
    assert b["transmittance"] == pytest.approx(0.1, rel=1e-12)   # 1 dB/m * 10 m = 10 dB
    assert b["added_photons"] == pytest.approx(0.9 * b["n_thermal"], rel=1e-12)


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(temperature=0.0), "temperature = 0"),
    (dict(temperature=-1.0), "temperature"),
    (dict(attenuation_db_per_m=-0.1), "attenuation_db_per_m = -0.1"),
    (dict(length=-1.0), "length"),
])
def test_bad_input(kwargs, fragment):
    with pytest.raises(ParameterError, match=fragment):
        tl.ThermalWaveguide(**kwargs)


def test_function_temperature_message_names_condition():
    with pytest.raises(ParameterError, match="T > 0"):
        tl.thermal_occupation(300e9, 0.0)


def test_vectorised_lengths():
    n = np.array([0.0, 0.005, 0.03, 4.4])
    ell = tl.length_for_added_photons(0.01, n, 0.08)
    assert np.isinf(ell[:2]).all() and np.isfinite(ell[2:]).all()


# ------------------------------------------------- beam splitter with a thermal port (QuTiP) ---------

@pytest.mark.parametrize("t, n_bath", [(0.9, 0.03), (0.5, 0.5), (0.2, 2.0)])
def test_fock_beam_splitter_adds_1_minus_t_n(t, n_bath):
    """Full two-mode QuTiP calculation: vacuum in -> thermal out with N = (1 - t) n (Sec. VII)."""
    n_max = 18
    rho = np.zeros((n_max + 1, n_max + 1), dtype=complex)
    rho[0, 0] = 1
    out, err = tl.thermal_beam_splitter_fock(rho, t, n_bath, n_max)
    mean = float(np.real(np.trace(out @ np.diag(np.arange(n_max + 1)))))
    assert err < 1e-2
    assert mean == pytest.approx((1 - t) * n_bath, abs=n_max * err + 1e-9)
    big_n = (1 - t) * n_bath
    p = big_n ** np.arange(4) / (1 + big_n) ** (np.arange(4) + 1)
    assert np.allclose(np.real(np.diag(out)[:4]), p, atol=n_max * err + 1e-12)
