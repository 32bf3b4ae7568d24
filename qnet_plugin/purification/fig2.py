"""Paper 000 Fig. 2 (top and middle panels) from the explicit electro-optic link model.

Curves versus pump power (000 Fig. 2 caption; g0 = 1 kHz, gamma_e = gamma_i = 100 MHz,
gamma_MW = 1 kHz, 1500 nm, 1 us reset, microwave gate fidelity 0.999):

* ``blue``                      SPDC (blue-detuned) heralded pairs;
* ``red``                       beamsplitter (red-detuned) heralded pairs;
* ``red+purification``          one round of the minimal circuit (000 App. A), no memory decay;
* ``red+storage``               red pairs stored for on-demand use for the mean time between
                                deliveries, 1/rate, in the microwave resonators (T1 = 1/gamma_MW);
* ``red+purification+storage``  the purified pair, with the first pair decaying while the second
                                is generated (1/rate) and the output stored for 1/rate_out.

Each curve has the infidelity, the pair rate and the ebit rate (rate x hashing yield, 000 Eq. (A5)
read as in :mod:`.metrics`). Gate fidelity convention: :mod:`.noise` (average gate fidelity by
default). The stored pair sits in the resonators as |01> +- |10> (``memory_frame="psi"``), the
same physics as the link's own ``storage_time``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.schedule import purify

CURVES = ("blue", "red", "red+purification", "red+storage", "red+purification+storage")

#: A few dozen pump powers spanning the paper's axis (W).
DEFAULT_PUMP_POWERS = np.logspace(-8, -2, 25)


@dataclass
class Fig2Data:
    """Arrays over ``pump_power`` (NaN where the link model is outside its validity range)."""

    pump_power: np.ndarray
    infidelity: dict[str, np.ndarray] = field(default_factory=dict)
    rate_hz: dict[str, np.ndarray] = field(default_factory=dict)
    ebit_rate_hz: dict[str, np.ndarray] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)


def _reports(link, variant, powers, progress=None):
    states, rates = np.full((len(powers), 4, 4), np.nan, dtype=complex), np.full(len(powers), np.nan)
    for i, p in enumerate(powers):
        try:
            rep = link.replace(pump_power=float(p), variant=variant, storage_time=0.0).report()
        except ParameterError:  # e.g. g >= gamma/4 at the highest powers: outside the model
            continue
        finally:
            if progress is not None:
                progress.update(1)
        states[i], rates[i] = rep.state.data, rep.rate_hz
    return states, rates


def fig2_data(pump_powers=None, link=None, gate_fidelity: float = 0.999, convention: str = "average",
              protocol: str = "minimal", progress: bool = False) -> Fig2Data:
    """Compute the Fig. 2 curves.

    Args:
        pump_powers: pump powers, W (default :data:`DEFAULT_PUMP_POWERS`).
        link: an :class:`~qnet_plugin.links.electro_optic.ElectroOpticLink` (default: the paper's
            Fig. 2 parameters); its ``pump_power``, ``variant`` and ``storage_time`` are overridden.
        gate_fidelity, convention: local CNOT fidelity and its convention (:mod:`.noise`).
        protocol: the purification protocol (paper: the minimal circuit).
        progress: show a tqdm progress bar over link evaluations.
    """
    from qnet_plugin.links.electro_optic import ElectroOpticLink

    link = link or ElectroOpticLink()
    powers = np.asarray(DEFAULT_PUMP_POWERS if pump_powers is None else pump_powers, dtype=float)
    noise = LocalNoise(gate_fidelity=gate_fidelity, convention=convention,
                       memory_t1=1.0 / link.gamma_mw if link.gamma_mw > 0 else float("inf"),
                       memory_frame="psi")
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=2 * len(powers), desc="electro-optic link", unit="point")
    data = Fig2Data(powers, parameters={"link": link.parameters(), "gate_fidelity": gate_fidelity,
                                        "convention": convention, "protocol": protocol})
    try:
        for variant in ("blue", "red"):
            states, rates = _reports(link, variant, powers, bar)
            ok = np.isfinite(rates)
            if variant == "blue":
                lv = purify(protocol, states[ok], 0, noise, rates[ok], storage=False)[0]
                _store(data, "blue", ok, lv)
                continue
            plain = purify(protocol, states[ok], 1, noise, rates[ok], storage=False)
            stored = purify(protocol, states[ok], 1, noise, rates[ok], storage=True, output_storage=True)
            _store(data, "red", ok, plain[0])
            _store(data, "red+purification", ok, plain[1])
            _store(data, "red+storage", ok, stored[0])
            _store(data, "red+purification+storage", ok, stored[1])
    finally:
        if bar is not None:
            bar.close()
    return data


def _store(data: Fig2Data, name: str, ok: np.ndarray, level) -> None:
    for attr, src in (("infidelity", 1.0 - level.fidelity), ("rate_hz", level.rate_hz),
                      ("ebit_rate_hz", level.ebit_rate_hz)):
        arr = np.full(ok.shape, np.nan)
        arr[ok] = src
        getattr(data, attr)[name] = arr
