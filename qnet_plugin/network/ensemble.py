"""K sampled schedules -> one result: shot split, weighted means, standard errors, pair ages.

With sampled timing (:mod:`.timing`) one schedule is one draw of when the links deliver; the
program's behaviour is the average over draws. A run draws K schedules, builds the noisy circuit of
each and splits the shots among them as evenly as possible (schedule k gets n_k shots, weight
w_k = n_k / shots): the counts are the sum, which samples the K-schedule mixture, and every
figure (output fidelity, modelled hardware time) is the weighted mean over the schedules. For the
density-matrix method this is the weighted average of the K exact output states, so the mean
fidelity is exact for those K draws; its spread over draws gives the standard error
sqrt(sum_k w_k^2 s^2) with s^2 the weighted sample variance over schedules (for equal weights
s / sqrt(K)), which covers both the schedule-to-schedule spread and any sampling error inside one
schedule (trajectories). With K = 1 only the within-schedule error is known.
"""

from __future__ import annotations

import numpy as np

from qnet_plugin.core.validation import ParameterError, check_integer


def split_shots(shots: int, schedules: int) -> list[int]:
    """Shots per schedule: ``shots`` split as evenly as possible (the first ones get one more)."""
    check_integer("schedules", schedules, 1)
    if shots < schedules:
        raise ParameterError(f"shots = {shots} is outside the allowed range [{schedules}, inf) for "
                             f"schedules = {schedules}: every sampled schedule needs at least one shot")
    base, extra = divmod(shots, schedules)
    return [base + (k < extra) for k in range(schedules)]


def weighted_mean_and_stderr(values, weights, within=None) -> tuple[float, float]:
    """(sum w x, its standard error) over schedules (module docstring); ``within``: the standard
    errors inside each schedule, used alone when there is one schedule."""
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    mean = float(np.sum(w * x))
    if x.size < 2:
        return mean, float(within[0]) if within is not None and len(within) else 0.0
    # unbiased weighted variance (reliability weights), then the variance of the weighted mean
    var = float(np.sum(w * (x - mean) ** 2) / (1.0 - np.sum(w ** 2)))
    return mean, float(np.sqrt(var * np.sum(w ** 2)))


def age_summary(ages) -> dict:
    """Distribution of the ages of pairs at use, s: count, mean, its standard error, quantiles."""
    a = np.asarray(ages, dtype=float)
    if a.size == 0:
        return {"count": 0}
    return {"count": int(a.size), "mean_s": float(a.mean()),
            "stderr_s": float(a.std(ddof=1) / np.sqrt(a.size)) if a.size > 1 else 0.0,
            "min_s": float(a.min()), "median_s": float(np.median(a)), "p90_s": float(np.quantile(a, 0.9)),
            "max_s": float(a.max())}


def mean_link_rows(rows_per_schedule: list[list[dict]], weights) -> list[dict]:
    """Per-link breakdown averaged over schedules with ``weights`` (numeric fields; the rest of the
    first schedule's row); adds ``*_stderr`` for the times that vary from draw to draw."""
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    out = []
    for i, first in enumerate(rows_per_schedule[0]):
        row = dict(first)
        for key, value in first.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                vals = [rows[i][key] for rows in rows_per_schedule]
                mean, err = weighted_mean_and_stderr(vals, w)
                row[key] = mean if isinstance(value, float) or any(v != vals[0] for v in vals) else value
                if key in ("busy_s", "data_wait_s", "storage_s", "mean_age_s", "attempts") and len(vals) > 1:
                    row[key + "_stderr"] = err
        out.append(row)
    return out
