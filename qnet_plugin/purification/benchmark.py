"""The runner behind ``qnet bench purification``: protocols x rounds on one link, fast engine.

For each protocol and each number of rounds it reports the output fidelity, the success probability
of the last round, the link pairs consumed per output pair, the output rate and the hashing ebit
rate (see :mod:`.schedule` for the timing model and :mod:`.metrics` for the yield).

The waiting pair decays in the link's memory, as the link's report declares it: T1 =
``report.memory_t1_s`` (e.g. 1/gamma_mw for the electro-optic resonators) in the Bell frame
``report.memory_frame`` (``"psi"`` where the pair sits in the memories as |01> +- |10>), unless
``memory_t1`` is given.
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.validation import ParameterError, check_integer, check_probability
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.protocols import PROTOCOLS, get_protocol
from qnet_plugin.purification.schedule import purify


def parse_list(text: str, name: str, kind=str) -> list:
    """Comma-separated values (``"1,2,3"``), ParameterError naming ``name`` on bad input."""
    items = [t.strip() for t in str(text).split(",") if t.strip()]
    if not items:
        raise ParameterError(f"{name} = {text!r} is empty; give a comma-separated list")
    try:
        return [kind(t) for t in items]
    except ValueError:
        raise ParameterError(f"{name} = {text!r} is not a comma-separated list of {kind.__name__}") from None


def noise_for_link(link, gate_fidelity: float = 0.999, single_qubit_error: float = 0.0,
                   measurement_error: float = 0.0, memory_t1: float | None = None,
                   convention: str = "average", report=None) -> LocalNoise:
    """Local noise with the memory of ``link`` (see the module docstring); pass ``report`` when the
    link's report is already computed (a converged report can take seconds)."""
    check_probability("gate_fidelity", gate_fidelity)
    report = link.report() if report is None else report
    t1 = report.memory_t1_s if memory_t1 is None else memory_t1
    frame = report.memory_frame
    return LocalNoise(gate_fidelity=gate_fidelity, single_qubit_error=single_qubit_error,
                      measurement_error=measurement_error, memory_t1=t1, convention=convention,
                      memory_frame=frame)


def run_benchmark(link, protocols=("minimal", "bbpssw", "dejmps", "pumping", "double-selection"),
                  rounds=(1, 2, 3), noise: LocalNoise | None = None, storage: bool = True,
                  progress: bool | None = None, report=None) -> list[dict]:
    """One record per protocol and round count.

    Args:
        link: a link model (``report()`` gives the pair state and rate).
        protocols: names from :data:`~.protocols.PROTOCOLS`.
        rounds: round counts (each >= 1).
        noise: local noise (default :func:`noise_for_link` at gate fidelity 0.999).
        storage: waiting-time decoherence on (``False``: paper 000's plain "purification").
        progress: tqdm bar (default: only when the work is long, more than 12 protocol-rounds).
        report: the link's report when already computed (else ``link.report()``, once).

    Records: ``protocol, rounds, fidelity_in, fidelity_out, success_probability, pairs_consumed,
    rate_hz, ebit_yield, ebit_rate_hz, link_rate_hz, ebit_yield_in``.
    """
    for p in protocols:
        get_protocol(p)
    rounds = list(rounds)
    for r in rounds:
        check_integer("rounds", r, 1)
    report = link.report() if report is None else report
    noise = noise or noise_for_link(link, report=report)
    raw = np.asarray(report.state.data)
    rate = float(report.rate_hz)
    work = [(p, max(rounds)) for p in protocols]
    show = progress if progress is not None else len(protocols) * max(rounds) > 12
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(work), desc="purification", unit="protocol")
    records = []
    try:
        for name, n_max in work:
            levels = purify(name, raw, n_max, noise, rate, storage=storage)
            for r in rounds:
                lv = levels[r]
                records.append({
                    "protocol": name, "rounds": r,
                    "fidelity_in": float(levels[0].fidelity[0]), "fidelity_out": float(lv.fidelity[0]),
                    "success_probability": float(lv.success_probability[0]),
                    "pairs_consumed": float(lv.pairs_consumed[0]), "rate_hz": float(lv.rate_hz[0]),
                    "ebit_yield": float(lv.ebit_yield[0]), "ebit_rate_hz": float(lv.ebit_rate_hz[0]),
                    "link_rate_hz": rate, "ebit_yield_in": float(levels[0].ebit_yield[0]),
                })
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return records


__all__ = ["run_benchmark", "noise_for_link", "parse_list", "PROTOCOLS"]
