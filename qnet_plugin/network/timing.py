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
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from qnet_plugin.core.validation import check_choice

POLICIES = ("just-in-time", "ahead", "on-demand")


@dataclass
class LinkUsage:
    """Per-link bookkeeping of one distributed run (the per-link breakdown of the results)."""

    link: str
    model: str
    pair_rate_hz: float
    pair_fidelity: float
    channels: int
    pairs: int = 0
    busy_s: float = 0.0            # time spent generating pairs (pairs x tau)
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
    """Serial pair generation on one link with a finite buffer (see the module docstring)."""

    tau: float
    buffer: int
    policy: str = "just-in-time"
    gen_end: float = 0.0
    consumed: deque = field(default_factory=deque)

    def __post_init__(self):
        check_choice("pair_timing", self.policy, POLICIES)

    def next_pair(self, t_need: float) -> float:
        """Generate the next pair for use at ``t_need``; returns the time it is ready."""
        slot_free = self.consumed[-self.buffer] if len(self.consumed) >= self.buffer else 0.0
        earliest = max(self.gen_end, slot_free)
        if self.policy == "ahead":
            start = earliest
        elif self.policy == "on-demand":
            start = max(earliest, t_need)
        else:
            start = max(earliest, t_need - self.tau)
        self.gen_end = start + self.tau
        return self.gen_end

    def next_transfer(self, t_ready: float, occupancy: float) -> float:
        """Start a transfer as soon as the qubit (ready at ``t_ready``) and the link are free;
        the link is then occupied for ``occupancy`` s. Returns the start time."""
        start = max(self.gen_end, t_ready)
        self.gen_end = start + occupancy
        return start

    def release(self, t: float) -> None:
        """The pair generated last was consumed at ``t`` (its communication qubits are free)."""
        self.consumed.append(t)
