"""Chaining rounds in time: waiting-time decoherence, pairs consumed and output rate.

Timing model (written down because papers leave it open):

* The link delivers pairs at rate r (``pair_rate_hz``, the link report's ``rate_hz``); local gates
  and classical communication are fast compared with 1/r and take no time.
* A round starts when its last input exists. The inputs of a round arrive one after another, a
  mean production time T apart, and each waits for the later ones: input i of m waits (m - 1 - i) T
  (deterministic, at the mean; the exponential spread of waiting times is not averaged over).
  Recurrence level k: T = E_{k-1}/r, the mean time to make one level-(k-1) pair. Pumping: the
  fresh pair is a link pair, T = 1/r.
* Pairs consumed per output pair (a failed attempt discards everything it used):
  recurrence E_k = m E_{k-1}/p_k, pumping E_j = (E_{j-1} + 1)/p_j, E_0 = 1. The output rate is r/E.
* ``output_storage``: the delivered pair is stored for the mean time between deliveries, E/r, before
  use (paper 000 Fig. 2, "storage for on-demand use").

``storage=False`` drops every waiting decoherence (paper 000 Fig. 2's plain "purification" curve).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qnet_plugin.core.bell import bell_coefficients
from qnet_plugin.core.bell import bell_diagonal_matrices as bell_diagonal_states
from qnet_plugin.core.validation import check_integer, check_positive
from qnet_plugin.purification.engine import apply_storage, is_bell_diagonal, round_map
from qnet_plugin.purification.metrics import ebit_rate, fidelity, hashing_yield
from qnet_plugin.purification.noise import LocalNoise
from qnet_plugin.purification.protocols import get_protocol


@dataclass
class Level:
    """The pairs after ``rounds`` rounds (``rounds = 0``: the link's own pairs). Arrays over the batch.

    Attributes:
        rounds: rounds applied.
        states: (N, 4, 4) output states (Phi+ frame), after output storage if asked for.
        fidelity: Phi+ fidelity.
        success_probability: success probability of the last round (1 for rounds = 0).
        pairs_consumed: link pairs consumed per output pair, E.
        rate_hz: output pair rate r/E.
        ebit_yield: hashing yield 1 - S (bits per pair; may be negative).
        ebit_rate_hz: rate x max(0, yield).
        waits: (N, m) waiting times of this round's inputs, s.
    """

    rounds: int
    states: np.ndarray
    fidelity: np.ndarray
    success_probability: np.ndarray
    pairs_consumed: np.ndarray
    rate_hz: np.ndarray
    ebit_yield: np.ndarray
    ebit_rate_hz: np.ndarray
    waits: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


def _level(rounds, states, p, e, rate, waits, noise, output_storage) -> Level:
    if output_storage:
        states = apply_storage(states, noise, e / rate)
    y = hashing_yield(states)
    r_out = rate / e
    return Level(rounds, states, np.atleast_1d(fidelity(states)), p, e, r_out, np.atleast_1d(y),
                 ebit_rate(r_out, y), waits)


def purify(protocol, raw_states, rounds: int, noise: LocalNoise | None = None, pair_rate_hz=1.0,
           storage: bool = True, output_storage: bool = False, bell_diagonal: bool | None = None):
    """Run ``rounds`` rounds of ``protocol`` on link pairs with the fast engine.

    Args:
        protocol: a name of :data:`~.protocols.PROTOCOLS` or a :class:`~.protocols.Protocol`.
        raw_states: the link's pair, 4 x 4 (Phi+ frame), or a batch (N, 4, 4) (e.g. one per pump power).
        rounds: number of rounds (>= 1 to purify; 0 returns the raw pairs only).
        noise: local noise; its memory (T1, T2) sets the waiting decoherence.
        pair_rate_hz: link pair rate r, Hz, scalar or (N,).
        storage: apply the waiting-time decoherence.
        output_storage: also store the output for the mean time between deliveries.
        bell_diagonal: use the Bell-diagonal fast path (default: when the inputs are Bell-diagonal
            and no amplitude damping acts).

    Returns a list of :class:`Level`, index = rounds applied (0 .. rounds).
    """
    proto = get_protocol(protocol)
    check_integer("rounds", rounds, 0)
    noise = noise or LocalNoise()
    raw = np.asarray(raw_states, dtype=complex).reshape(-1, 4, 4)
    n = raw.shape[0]
    rate = np.broadcast_to(np.asarray(pair_rate_hz, dtype=float), (n,)).copy()
    check_positive("pair_rate_hz", rate, "Hz")
    waiting = storage and noise.stores()
    if bell_diagonal is None:
        bell_diagonal = (is_bell_diagonal(raw) and not waiting and not output_storage)
    m = proto.num_pairs
    e = np.ones(n)
    levels = [_level(0, raw, np.ones(n), e, rate, np.zeros((n, 0)), noise, output_storage and storage)]
    cur = raw
    for k in range(1, rounds + 1):
        step = (np.full(n, 1.0) if proto.schedule == "pumping" else e) / rate
        waits = np.stack([(m - 1 - i) * step for i in range(m)], axis=1) if waiting else np.zeros((n, m))
        if proto.schedule == "pumping":
            inputs = [cur] + [raw] * (m - 1)
        else:
            inputs = [cur] * m
        inputs = [apply_storage(x, noise, waits[:, i]) if waiting else x for i, x in enumerate(inputs)]
        rm = round_map(proto, noise, k)
        if bell_diagonal and rm.bell_closed:
            c, p = rm.apply_bell(*[bell_coefficients(x) for x in inputs])
            out = bell_diagonal_states(c)
        else:
            out, p = rm.apply(*inputs)
        e = (e + (m - 1)) / p if proto.schedule == "pumping" else m * e / p
        levels.append(_level(k, out, p, e, rate, waits, noise, output_storage and storage))
        cur = out
    return levels
