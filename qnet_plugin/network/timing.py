"""Time on the hardware: when pairs exist, how long data qubits and pairs wait.

Pair generation on a heralded link is a sequence of attempts; the time to the next success is
geometric with mean 1/R (R = the link's pair rate, times its multiplexed channels). The model keeps
that mean as a deterministic generation time tau = 1/R (so a modelled wall-clock time is the
expected one) and generates pairs one after another on each link. A generated pair occupies one
communication qubit on each side until it is consumed, so at most ``buffer`` = min(comm qubits of
the two QPUs) pairs of one link exist at once.

``policy`` says when generation of the next pair starts:

* ``"just-in-time"`` (default): as late as possible so that the pair is ready when the data qubits
  are (no storage if the link keeps up), but never before the previous pair is done or a buffer
  slot is free. A scheduler that knows the program starts attempts one mean generation time ahead.
* ``"ahead"``: as early as possible (maximal storage: the paper 000 Fig. 2 storage regime).
* ``"on-demand"``: only once the data qubits are ready (no storage, the data wait tau).

A link with a deterministic transfer channel (paper 002's millimetre-wave link, the direct
electro-optic link) can also carry a qubit itself (:meth:`LinkClock.next_transfer`): one transfer
converts one qubit, which takes the inverse conversion bandwidth 1/R (002 Sec. II, the reading of
``rate_hz`` for those models); the link does one thing at a time, so transfers and pair
generation on the same link are serialised (``channels`` = M parallel channels occupy it for 1/(M R)
per transfer, as for pairs).

Storage of waiting pairs and idling of waiting data qubits then become thermal-relaxation channels
(:mod:`.noise`) with the QPU's communication-qubit and data-qubit T1/T2.

**Timing** (issue 15): ``"mean"`` (above: every pair takes exactly tau) or ``"sampled"``: each
generation time is drawn from the link's attempt law (:func:`link_attempt_model`, built on
:mod:`.attempts`) with a seeded ``numpy.random.Generator``, so one schedule is one draw of what the
hardware does; averaging many schedules gives the program's mean behaviour (:mod:`.schedule`). The
policies above still decide when generation *starts*; ``"just-in-time"`` starts one *mean*
generation time ahead (the scheduler knows the law, not the outcome), so a sampled pair arrives
early (and is stored) or late (and the data wait).

**Cut-off** (``cutoff_s``): a pair that would be older than ``cutoff_s`` when it is used is
discarded when it reaches that age and generation restarts (its attempts and generation time count
in the link's busy time and attempts). It is applied twice: here, when the pair is made, against
the time its data qubits are ready; and in the schedule, when the pair is first used (both halves
still unused), e.g. the first pair of a swap waiting at the relay for the second
(:meth:`.schedule._Run.fresh_pairs`). Once one half has been used (a swap done), the pair is part
of the end-to-end pair and no longer cut off. The pair table records the true age at use.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from qnet_plugin.core.validation import ParameterError, check_choice
from qnet_plugin.network.attempts import AttemptModel

POLICIES = ("just-in-time", "ahead", "on-demand")
#: How generation times are modelled: their mean (deterministic) or drawn from the attempt law.
TIMINGS = ("mean", "sampled")
#: Attempt resolution of links that only give a rate: p = 0.01 per attempt (see :mod:`.attempts`).
RATE_ONLY_P = 0.01


def link_attempt_model(link) -> AttemptModel:
    """The attempt law of one pair of ``link`` (a :class:`~.model.Link`), mean exactly 1/pair_rate_hz.

    * a heralded link (report ``extras["herald_probability"]`` p, no purification, one pair per
      delivery): attempts of p / rate_hz per channel, success probability p;
    * a deterministic transfer link (:class:`~qnet_plugin.links.base.TransferSource`): p = 1, one
      attempt of 1/rate_hz per channel (N pairs arrive at exactly N / rate);
    * anything else (Werner reference pairs, multi-pair deliveries such as dual-rail, purified
      pairs): the rate-only law, attempts of p / pair_rate_hz with p = :data:`RATE_ONLY_P`, close
      to an exponential law (Poisson arrivals). For a purified pair this replaces the sum of the
      raw generation times and failed rounds by one geometric law of the same mean (an
      approximation: the true law is less spread).

    ``channels`` M parallel channels are run *staggered* (channel j attempts at offsets j d/M):
    the link attempts every d/M with the same p, so the pair rate is M p / d exactly and the law
    stays geometric.
    """
    from qnet_plugin.network.strategy import supports_transfer

    m = link.channels
    rate = float(link.report.rate_hz)
    single = link.purification is None and link.pairs_per_delivery == 1
    if single and supports_transfer(link):
        return AttemptModel(1.0 / (rate * m), 1.0)
    p = link.report.extras.get("herald_probability") if single else None
    if p is not None and 0.0 < float(p) <= 1.0:
        return AttemptModel(float(p) / (rate * m), float(p))
    return AttemptModel(RATE_ONLY_P / link.pair_rate_hz, RATE_ONLY_P)


@dataclass
class LinkUsage:
    """Per-link bookkeeping of one distributed run (the per-link breakdown of the results)."""

    link: str
    model: str
    pair_rate_hz: float
    pair_fidelity: float
    channels: int
    pairs: int = 0
    busy_s: float = 0.0            # time spent generating pairs (discarded ones included)
    storage_s: float = 0.0         # total time pairs waited in communication qubits
    data_wait_s: float = 0.0       # total time data qubits waited for a pair of this link
    swaps: int = 0                 # entanglement swaps this link's pairs took part in
    # deterministic state transfers (strategy "transfer"): qubits sent through the link's channel
    transfers: int = 0
    transfer_s: float = 0.0        # time the link spent transferring (transfers x 1/rate), s
    # purification before use (None: the model's pairs are used as delivered, raw = used)
    purification: str | None = None
    raw_pair_rate_hz: float | None = None
    raw_pair_fidelity: float | None = None
    raw_pairs_per_pair: float = 1.0    # expected model pairs consumed per used pair, E
    purification_success: float = 1.0  # success probability of the last round
    # from the schedule's pair table (sampled timing: this schedule's draw)
    # heralding attempts (mean timing: the expected number; for a link given only as a rate,
    # purified or multi-pair links, nominal attempts of the rate-only law, p = RATE_ONLY_P)
    attempts: float = 0.0
    discarded: int = 0             # pairs discarded by the cut-off
    mean_age_s: float = 0.0        # mean age of a pair when it is used, s
    max_age_s: float = 0.0         # oldest pair at use, s

    def __post_init__(self):
        if self.raw_pair_rate_hz is None:
            self.raw_pair_rate_hz = self.pair_rate_hz
        if self.raw_pair_fidelity is None:
            self.raw_pair_fidelity = self.pair_fidelity

    @property
    def raw_pairs(self) -> float:
        """Expected model pairs consumed, sacrificed ones and failed purification attempts included."""
        return self.pairs * self.raw_pairs_per_pair

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["mean_storage_s"] = self.storage_s / self.pairs if self.pairs else 0.0
        d["raw_pairs"] = self.raw_pairs
        return d


@dataclass
class LinkClock:
    """Serial pair generation on one link with a finite buffer (see the module docstring).

    ``law`` is the link's attempt law; with ``rng`` set, generation times are drawn from it
    (sampled timing), otherwise every pair takes the mean ``tau``. After :meth:`next_pair`,
    ``last_start`` (of the generation that succeeded), ``last_first_start`` (of the first one,
    before any cut-off discards), ``last_duration``, ``last_busy`` (all generation time),
    ``last_attempts`` and ``last_discarded`` describe the pair just made.
    """

    tau: float
    buffer: int
    policy: str = "just-in-time"
    gen_end: float = 0.0
    consumed: deque = field(default_factory=deque)
    law: AttemptModel | None = None
    rng: np.random.Generator | None = None
    cutoff_s: float | None = None
    last_start: float = 0.0
    last_first_start: float = 0.0
    last_duration: float = 0.0
    last_busy: float = 0.0
    last_attempts: float = 0.0
    last_discarded: int = 0

    def __post_init__(self):
        check_choice("pair_timing", self.policy, POLICIES)
        if self.cutoff_s is not None and not (self.cutoff_s >= 0 and math.isfinite(self.cutoff_s)):
            raise ParameterError(f"cutoff_s = {self.cutoff_s} is outside the allowed range [0, inf) s")

    def draw(self) -> tuple[float, float]:
        """(generation time s, attempts) of one pair: drawn (sampled) or the mean."""
        if self.rng is None or self.law is None:
            attempts = self.tau / self.law.attempt_time_s if self.law is not None else 0.0
            return self.tau, attempts
        if self.law.success_probability >= 1.0:
            return self.law.attempt_time_s, 1.0
        k = int(self.rng.geometric(self.law.success_probability))
        return k * self.law.attempt_time_s, float(k)

    def _start(self, earliest: float, t_need: float) -> float:
        if self.policy == "ahead":
            return earliest
        if self.policy == "on-demand":
            return max(earliest, t_need)
        return max(earliest, t_need - self.tau)

    def next_pair(self, t_need: float, not_before: float = 0.0) -> float:
        """Generate the next pair for use at ``t_need`` (not starting before ``not_before``, when
        the communication qubits it lands in are free); returns the time it is ready."""
        slot_free = self.consumed[-self.buffer] if len(self.consumed) >= self.buffer else 0.0
        start = self._start(max(self.gen_end, slot_free, not_before), t_need)
        duration, attempts = self.draw()
        busy, discarded = duration, 0
        first = start
        ready = start + duration
        if self.cutoff_s is not None:
            # discard at age cutoff_s and start again (bounded: every round moves `ready` on by
            # at least the cut-off plus one attempt, so it reaches t_need - cutoff_s)
            while t_need - ready > self.cutoff_s:
                discarded += 1
                start = self._start(ready + self.cutoff_s, t_need)
                duration, k = self.draw()
                busy += duration
                attempts += k
                ready = start + duration
        self.last_start, self.last_first_start = start, first
        self.last_duration, self.last_busy = duration, busy
        self.last_attempts, self.last_discarded = attempts, discarded
        self.gen_end = ready
        return ready

    def next_transfer(self, t_ready: float, occupancy: float) -> float:
        """Start a transfer as soon as the qubit (ready at ``t_ready``) and the link are free;
        the link is then occupied for ``occupancy`` s. Returns the start time."""
        start = max(self.gen_end, t_ready)
        self.gen_end = start + occupancy
        return start

    def release(self, t: float) -> None:
        """The pair generated last was consumed at ``t`` (its communication qubits are free)."""
        self.consumed.append(t)
