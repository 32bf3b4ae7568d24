"""When a link's pairs arrive: heralding attempts in time, sampled or by their mean.

A heralded link runs attempts of duration ``attempt_time_s`` (pulse, reset and the classical round
trip to its detectors) that each succeed with probability ``p``; the number of attempts to the
first success is geometric, so the generation time of one pair is T = k * attempt_time_s with
P(k) = (1 - p)^(k - 1) p, mean attempt_time_s / p = 1/rate. ``channels`` independent channels
(multiplexing) run in parallel; the link's pair rate is the total.

Laws by kind of link (:func:`attempt_model`):

* heralded links whose report gives ``extras["herald_probability"]`` p: attempt time p / rate_hz,
  so the mean generation time is exactly the report's 1/rate_hz;
* links that only give a rate (Werner reference pairs, a multi-pair source such as dual-rail read
  as a rate of preparations): attempts of ``resolution_s`` succeeding with probability
  rate_hz * resolution_s, which tends to an exponential law (Poisson arrivals) as the resolution
  shrinks; ``resolution_s`` defaults to 1/(100 rate), i.e. p = 0.01;
* deterministic transfer links (:class:`~qnet_plugin.links.base.TransferSource`): p = 1, one
  attempt of 1/rate_hz; sequential pairs arrive at exactly N/rate.

Averaging a waiting channel over the exponential law is exact in closed form:
E[exp(-t/T)] = 1/(1 + tau/T) for mean waiting time tau (:func:`mean_exponential_damping`), larger
than exp(-tau/T): the mean-time model overestimates idle damage on average while hiding the tail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qnet_plugin.core.validation import ParameterError, check_integer, check_positive, check_probability


@dataclass(frozen=True)
class AttemptModel:
    """Heralding attempts of one link.

    Attributes:
        attempt_time_s: duration of one attempt, s (> 0).
        success_probability: per-attempt heralding probability in (0, 1].
        channels: independent parallel attempt channels (multiplexing), >= 1.
    """

    attempt_time_s: float
    success_probability: float
    channels: int = 1

    def __post_init__(self):
        check_positive("attempt_time_s", self.attempt_time_s, "s")
        check_probability("success_probability", self.success_probability)
        if self.success_probability <= 0:
            raise ParameterError(f"success_probability = {self.success_probability} is outside the "
                                 "allowed range (0, 1]: a link that never heralds delivers no pairs")
        check_integer("channels", self.channels, 1)

    @property
    def rate_hz(self) -> float:
        """Mean pairs per second over all channels: channels * p / attempt_time_s."""
        return self.channels * self.success_probability / self.attempt_time_s

    @property
    def mean_generation_time_s(self) -> float:
        """Mean time to the first success on one channel: attempt_time_s / p, s."""
        return self.attempt_time_s / self.success_probability

    def sample_generation_times(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` independent single-channel generation times, s: k * attempt_time_s with k geometric."""
        check_integer("size", size, 0)
        if self.success_probability >= 1.0:
            return np.full(size, self.attempt_time_s)
        return rng.geometric(self.success_probability, size=size) * self.attempt_time_s

    def sample_arrivals(self, rng: np.random.Generator, count: int, start_s: float = 0.0) -> np.ndarray:
        """Times of the first ``count`` pairs when generation runs back to back from ``start_s``.

        Each channel delivers a renewal sequence (cumulative sums of generation times); the link's
        pairs are the ``count`` earliest over all channels, sorted.
        """
        check_integer("count", count, 0)
        if count == 0:
            return np.empty(0)
        per_channel = [start_s + np.cumsum(self.sample_generation_times(rng, count)) for _ in range(self.channels)]
        return np.sort(np.concatenate(per_channel))[:count]


def attempt_model(report, is_transfer: bool = False, resolution_s: float | None = None,
                  channels: int = 1) -> AttemptModel:
    """The attempt law of a link from its report (see the module docstring for each kind).

    Args:
        report: the link's :class:`~qnet_plugin.links.base.LinkReport` (``rate_hz`` > 0).
        is_transfer: True for a deterministic transfer link (one certain attempt of 1/rate).
        resolution_s: attempt time for links that only give a rate (default 1/(100 rate)).
        channels: parallel channels; the report's rate is the total, so each runs at rate/channels.
    """
    rate = float(report.rate_hz)
    if not (math.isfinite(rate) and rate > 0):
        raise ParameterError(f"rate_hz = {rate} of link {report.link!r} is outside the allowed range (0, inf)")
    check_integer("channels", channels, 1)
    per_channel = rate / channels
    if is_transfer:
        return AttemptModel(1.0 / per_channel, 1.0, channels)
    p = report.extras.get("herald_probability")
    if p is not None and 0 < float(p) <= 1:
        return AttemptModel(float(p) / per_channel, float(p), channels)
    dt = 1.0 / (100.0 * per_channel) if resolution_s is None else float(resolution_s)
    check_positive("resolution_s", dt, "s")
    p = per_channel * dt
    if p > 1:
        raise ParameterError(f"resolution_s = {dt} s is outside the allowed range (0, {1 / per_channel:.3g}] "
                             f"for a link of {per_channel:.3g} pairs/s per channel")
    return AttemptModel(dt, p, channels)


def mean_exponential_damping(mean_wait_s, decay_time_s):
    """E[exp(-t/T)] for an exponentially distributed wait t of mean ``mean_wait_s``: 1/(1 + tau/T)."""
    tau = np.asarray(mean_wait_s, dtype=float)
    t = np.asarray(decay_time_s, dtype=float)
    out = 1.0 / (1.0 + tau / t)
    return float(out) if out.ndim == 0 else out


def mean_geometric_damping(model: AttemptModel, decay_time_s: float) -> float:
    """E[exp(-k d/T)] for k geometric(p), d the attempt time: p x / (1 - (1 - p) x) with x = exp(-d/T).

    The exact average of a single-channel wait; tends to :func:`mean_exponential_damping` as p -> 0.
    """
    check_positive("decay_time_s", decay_time_s, "s")
    x = math.exp(-model.attempt_time_s / decay_time_s)
    p = model.success_probability
    return p * x / (1.0 - (1.0 - p) * x)
