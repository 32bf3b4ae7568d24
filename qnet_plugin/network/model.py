"""The network: QPUs (one per fridge) and the physical links between pairs of them.

A :class:`QPU` is a value (frozen dataclass of device figures, SI units) and a :class:`Link`
places any :class:`~qnet_plugin.links.base.LinkModel` between two QPUs, with ``channels`` parallel
frequency channels (paper 000, Fig. 3 and closing paragraphs: a ROADM / DWDM frequency comb routes
one heralding channel per frequency, so M channels multiply the pair rate by M). The
:class:`Network` holds both and answers the questions the distribution pass asks: where is a link,
which route joins two QPUs, how many data qubits fit where.

Reading of the QPU error figures (written down because every vendor quotes them differently):
``gate_error_1q``/``gate_error_2q`` are *average gate infidelities* r; :mod:`.noise` turns them into
the depolarizing probability p = r d/(d-1) (d = 2 or 4), the channel with that average fidelity.
``measurement_error`` is the probability that a read-out reports the wrong bit (symmetric).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
from qiskit.quantum_info import DensityMatrix, partial_trace

from qnet_plugin.core.units import C_LIGHT
from qnet_plugin.core.validation import ParameterError, check_range, param, validate_dataclass
from qnet_plugin.links.base import LinkModel, LinkReport, fidelity_to

# Group index of standard telecom fibre (sets the classical latency); defined once, in .fibre
from qnet_plugin.network.fibre import FIBRE_GROUP_INDEX, attenuation_for, costed_report, own_length, placed_model
from qnet_plugin.network.purify import Purification, PurifiedPair, local_noise, purify_pair

#: Modalities a QPU can have; only the noise figures differ, the pass treats them alike.
MODALITIES = ("superconducting", "trapped-ion", "photonic", "nv-diamond", "neutral-atom", "other")

_INF = float("inf")
#: Fibre length of a link whose model has no length of its own and whose distance is not given, m.
DEFAULT_DISTANCE = 10.0


@dataclass(frozen=True)
class QPU:
    """One quantum processor in its own fridge (or trap, or optical table).

    Times in s; errors are probabilities (see the module docstring for their reading).
    ``comm_t1``/``comm_t2`` are the lifetimes of the communication qubits that hold link pairs while
    they wait (the microwave storage resonator of paper 000); ``None`` means the data-qubit values.
    """

    name: str = param("A", "QPU name (unique in the network)", cli=False)
    modality: str = param("superconducting", "physical platform", choices=MODALITIES)
    data_qubits: int = param(4, "number of data qubits", low=1, integer=True)
    comm_qubits: int = param(2, "communication qubits that hold link pairs", low=1, integer=True)
    gate_error_1q: float = param(1e-4, "average infidelity of a one-qubit gate", low=0.0, high=0.5)
    gate_error_2q: float = param(1e-3, "average infidelity of a two-qubit gate (000 Fig. 2: 0.999 "
                                 "gate fidelity)", low=0.0, high=0.75)
    measurement_error: float = param(1e-2, "read-out bit-flip probability", low=0.0, high=0.5)
    t1: float = param(100e-6, "energy relaxation time of data qubits (inf: none)", "s", low=0.0, low_open=True,
                      inf_ok=True)
    t2: float = param(100e-6, "coherence time of data qubits (<= 2 T1)", "s", low=0.0, low_open=True,
                      inf_ok=True)
    gate_time_1q: float = param(25e-9, "one-qubit gate duration", "s", low=0.0, high=_INF, high_open=True)
    gate_time_2q: float = param(100e-9, "two-qubit gate duration", "s", low=0.0, high=_INF, high_open=True)
    measurement_time: float = param(500e-9, "read-out duration (with reset)", "s", low=0.0, high=_INF, high_open=True)
    comm_t1: float | None = param(None, "T1 of communication qubits (default: t1)", "s", low=0.0,
                                  low_open=True, optional=True, inf_ok=True)
    comm_t2: float | None = param(None, "T2 of communication qubits (default: t2)", "s", low=0.0,
                                  low_open=True, optional=True, inf_ok=True)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ParameterError(f"name = {self.name!r} is not allowed; a QPU needs a non-empty name")
        validate_dataclass(self)
        # T2 <= 2 T1 (pure dephasing cannot be negative); an infinite T1 bounds nothing.
        if math.isfinite(self.t1):
            check_range("t2", self.t2, 0.0, 2 * self.t1, low_open=True, unit="s", why="T2 <= 2 T1")
        if math.isfinite(self.storage_t1):
            check_range("comm_t2", self.storage_t2, 0.0, 2 * self.storage_t1, low_open=True, unit="s",
                        why="T2 <= 2 T1 for the communication qubits")

    @property
    def storage_t1(self) -> float:
        """T1 of a communication qubit holding half a pair, s."""
        return self.t1 if self.comm_t1 is None else self.comm_t1

    @property
    def storage_t2(self) -> float:
        """T2 of a communication qubit holding half a pair, s."""
        if self.comm_t2 is not None:
            return self.comm_t2
        return self.t2 if self.comm_t1 is None else min(self.t2, 2 * self.comm_t1)

    @property
    def noiseless(self) -> bool:
        """True when gates, read-out and idling are perfect (used to skip noise insertion)."""
        return (self.gate_error_1q == 0 and self.gate_error_2q == 0 and self.measurement_error == 0
                and math.isinf(self.t1) and math.isinf(self.t2))

    @classmethod
    def ideal(cls, name: str, data_qubits: int = 4, comm_qubits: int = 2, **kw: Any) -> QPU:
        """A perfect QPU (no gate, read-out or idle errors, zero gate times)."""
        base: dict[str, Any] = dict(gate_error_1q=0.0, gate_error_2q=0.0, measurement_error=0.0, t1=_INF, t2=_INF,
                                    gate_time_1q=0.0, gate_time_2q=0.0, measurement_time=0.0)
        base.update(kw)
        return cls(name=name, data_qubits=data_qubits, comm_qubits=comm_qubits, **base)


@dataclass(frozen=True)
class Link:
    """A link model placed between QPUs ``qpu_a`` and ``qpu_b``.

    Qubit 0 of each delivered pair lands in ``qpu_a``, qubit 1 in ``qpu_b``. A model that delivers
    an N-pair state (``report.qubits_a``/``qubits_b`` of length N, e.g. dual-rail) counts as N pairs
    per delivery; the pass consumes them in delivery order, each as its own two-qubit marginal
    (``raw_pair_states``). Correlations between the pairs of one delivery are dropped: exact for a
    product of pairs (or when only one pair of a delivery acts on the output), an approximation
    otherwise. ``pair_fidelity`` of such a link is the mean over its pairs.

    ``purification`` (a :class:`~.purify.Purification`) purifies the pairs before use: then
    ``pair_state``/``pair_fidelity``/``pair_rate_hz`` are those of the purified pairs, computed
    with the local noise of the two QPUs (bound by the :class:`Network`), and ``raw_pair_*`` keep
    the model's own figures; ``raw_pairs_per_pair`` is the expected number of model pairs one
    usable pair costs (:mod:`.purify`).
    """

    qpu_a: str
    qpu_b: str
    model: LinkModel
    channels: int = param(1, "parallel frequency channels (000 Fig. 3, ROADM/DWDM): multiply the "
                          "rate", low=1, integer=True)
    distance: float | None = param(None, "fibre length between the fridges: classical latency, and for "
                                   "heralded links fibre loss and the herald round trip per attempt "
                                   "(default: the model's own length, else 10 m)", "m", low=0.0,
                                   high=_INF, high_open=True, optional=True)
    name: str = ""
    purification: Purification | None = None
    #: Local noise of the purification rounds; a :class:`Network` sets it from the two QPUs
    #: (:func:`.purify.local_noise`). A link outside a network purifies with perfect local operations.
    local_noise: object = field(default=None, compare=False, repr=False)
    #: Cut-off policy (issue 15): a pair older than this when it would be used is discarded and
    #: regenerated (:mod:`.timing`); None keeps every pair however long it waits.
    cutoff_s: float | None = param(None, "discard and regenerate pairs older than this (cut-off policy)",
                                   "s", low=0.0, optional=True)
    #: Fibre loss per km (:mod:`.fibre`; default by the model's wavelength, 0.2 dB/km at 1550 nm).
    attenuation_db_per_km: float | None = param(None, "fibre attenuation (default: by the model's "
                                                "wavelength; 0.2 dB/km at 1550 nm)", "dB/km", low=0.0,
                                                optional=True)

    def __post_init__(self) -> None:
        if not isinstance(self.model, LinkModel):
            raise ParameterError(f"model = {self.model!r} is not a LinkModel; build one with "
                                 "qnet_plugin.links.get_link_class(name)")
        if self.qpu_a == self.qpu_b:
            raise ParameterError(f"between = [{self.qpu_a!r}, {self.qpu_b!r}] is not allowed; a link "
                                 "joins two different QPUs")
        if self.purification is not None and not isinstance(self.purification, Purification):
            raise ParameterError(f"purification = {self.purification!r} is not allowed; give a "
                                 "qnet_plugin.network.Purification(protocol, rounds) or None")
        validate_dataclass(self)
        if not self.name:
            object.__setattr__(self, "name", f"{self.qpu_a}-{self.qpu_b}")
        # distance and the model's own length are one quantity (:mod:`.fibre`)
        if self.distance is None:
            own = own_length(self.model)
            object.__setattr__(self, "distance", DEFAULT_DISTANCE if own is None else own)
        object.__setattr__(self, "model", placed_model(self.model, self.length_m, self.attenuation_db_per_km))
        if self.attenuation_db_per_km is None:
            object.__setattr__(self, "attenuation_db_per_km", attenuation_for(self.model))

    @property
    def length_m(self) -> float:
        """The link's distance, m (``distance`` once resolved in construction)."""
        return DEFAULT_DISTANCE if self.distance is None else float(self.distance)

    @property
    def fibre_attenuation(self) -> float:
        """Fibre attenuation of the link, dB/km (``attenuation_db_per_km`` once resolved)."""
        att = self.attenuation_db_per_km
        return attenuation_for(self.model) if att is None else float(att)

    @cached_property
    def report(self) -> LinkReport:
        """The model's report at this link's distance (computed once; some models optimise a pulse
        length): fibre loss and the herald round trip of a heralded model, :mod:`.fibre`."""
        return costed_report(self.model, self.length_m, self.fibre_attenuation)

    @cached_property
    def raw_pair_states(self) -> tuple[DensityMatrix, ...]:
        """Two-qubit state of each pair of one delivery, in delivery order (pair k = qubits
        ``qubits_a[k]`` in ``qpu_a`` and ``qubits_b[k]`` in ``qpu_b``), Phi+ frame, A qubit first."""
        rep = self.report
        rho = DensityMatrix(rep.state)
        if rho.num_qubits == 2 and tuple(rep.qubits_a) == (0,) and tuple(rep.qubits_b) == (1,):
            return (rho,)
        out = []
        for qa, qb in zip(rep.qubits_a, rep.qubits_b):
            drop = [q for q in range(rho.num_qubits) if q not in (qa, qb)]
            reduced = partial_trace(rho, drop) if drop else rho
            # partial_trace keeps the remaining qubits in increasing order; put the A qubit first.
            if qa > qb:
                reduced = DensityMatrix(reduced.data).reverse_qargs()
            out.append(DensityMatrix(reduced.data))
        return tuple(out)

    @cached_property
    def raw_pair_state(self) -> DensityMatrix:
        """A pair as the model delivers it (before any purification), qubit 0 in ``qpu_a``: for a
        multi-pair delivery the mean of its pairs' states (a pair taken at random from a delivery)."""
        states = self.raw_pair_states
        if len(states) == 1:
            return states[0]
        return DensityMatrix(sum(s.data for s in states) / len(states))

    @cached_property
    def raw_pair_fidelity(self) -> float:
        """Phi+ fidelity of one pair as the model delivers it."""
        return fidelity_to(self.raw_pair_state)

    @cached_property
    def raw_pair_rate_hz(self) -> float:
        """Model pairs per second over all channels: report rate x pairs per delivery x channels."""
        return float(self.report.rate_hz) * self.pairs_per_delivery * self.channels

    @cached_property
    def purified(self) -> PurifiedPair | None:
        """The purified pair (:mod:`.purify`), or None when the link does not purify."""
        if self.purification is None:
            return None
        return purify_pair(self.raw_pair_state, self.raw_pair_rate_hz, self.purification, self.local_noise)

    @property
    def _purified_pair(self) -> PurifiedPair:
        """:attr:`purified`, for a link that purifies (``purification`` set)."""
        pair = self.purified
        if pair is None:  # pragma: no cover - callers check purification first
            raise ParameterError("purification = None: this link delivers raw pairs")
        return pair

    @property
    def delivery_pair_states(self) -> tuple[DensityMatrix, ...]:
        """The states the program's pairs take in turn: each pair of a delivery in order (raw), or
        the purified pair."""
        return self.raw_pair_states if self.purification is None else (self._purified_pair.state,)

    @property
    def pair_state(self) -> DensityMatrix:
        """The pair the program uses, qubit 0 in ``qpu_a``, Phi+ frame (purified if asked for)."""
        return self.raw_pair_state if self.purification is None else self._purified_pair.state

    @property
    def pair_fidelity(self) -> float:
        """Phi+ fidelity of the pair the program uses."""
        return self.raw_pair_fidelity if self.purification is None else self._purified_pair.fidelity

    @property
    def pairs_per_delivery(self) -> int:
        """Pairs in one delivered state (1 for a two-qubit link)."""
        return max(1, self.report.num_pairs)

    @property
    def pair_rate_hz(self) -> float:
        """Usable pairs per second over all channels (raw rate / raw pairs per purified pair)."""
        return self.raw_pair_rate_hz if self.purification is None else self._purified_pair.rate_hz

    @property
    def raw_pairs_per_pair(self) -> float:
        """Expected model pairs consumed per usable pair (1 without purification)."""
        return 1.0 if self.purification is None else self._purified_pair.pairs_per_output

    @property
    def heat_w(self) -> float | None:
        """Time-averaged heat load of the link over all channels, W (each channel is pumped);
        None where the link model has no heat physics (not modelled, not zero)."""
        heat = self.report.heat_w
        return None if heat is None else float(heat) * self.channels

    @property
    def classical_latency(self) -> float:
        """One-way classical signalling time over the fibre, s (herald and feed-forward bits)."""
        return self.length_m * FIBRE_GROUP_INDEX / C_LIGHT

    def other(self, qpu: str) -> str:
        """The QPU at the other end from ``qpu``."""
        return self.qpu_b if qpu == self.qpu_a else self.qpu_a

    def joins(self, a: str, b: str) -> bool:
        """True when this link joins ``a`` and ``b`` (either direction)."""
        return {a, b} == {self.qpu_a, self.qpu_b}


#: Route choice (the network file's top-level ``route``): ``"hops"``, fewest links (ties: the best
#: fidelity); ``"fidelity"``, the best end-to-end fidelity of the swapped pair for Werner pairs
#: (product of the Werner parameters (4F - 1)/3, local gate noise at the relays not counted);
#: ``"rate"``, the highest end-to-end rate: the route whose slowest link is fastest (the
#: bottleneck sets how often an end-to-end pair can be made), ties broken by fewest hops.
ROUTINGS = ("hops", "fidelity", "rate")


def _widest_path(g: nx.Graph, a: str, b: str) -> list:
    """Nodes of the route from ``a`` to ``b`` whose slowest link is fastest (then fewest hops)."""
    for r in sorted({d["rate"] for _, _, d in g.edges(data=True)}, reverse=True):
        sub = g.edge_subgraph([(u, v) for u, v, d in g.edges(data=True) if d["rate"] >= r])
        if a in sub and b in sub and nx.has_path(sub, a, b):
            return nx.shortest_path(sub, a, b, weight="cost")
    raise nx.NetworkXNoPath


@dataclass(frozen=True)
class Network:
    """QPUs and links. Names are unique; at most one link per pair of QPUs (use ``channels``)."""

    qpus: tuple[QPU, ...]
    links: tuple[Link, ...] = ()
    name: str = "network"
    #: how routes are chosen between QPUs without a direct link (:data:`ROUTINGS`)
    routing: str = "hops"
    _index: dict[str, QPU] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "qpus", tuple(self.qpus))
        object.__setattr__(self, "links", tuple(self.links))
        if not self.qpus:
            raise ParameterError("qpu = [] is not allowed; a network needs at least one QPU")
        if self.routing not in ROUTINGS:
            raise ParameterError(f"route = {self.routing!r} is not allowed; choose one of "
                                 f"{', '.join(map(repr, ROUTINGS))}")
        names = [q.name for q in self.qpus]
        for n in names:
            if names.count(n) > 1:
                raise ParameterError(f"qpu name = {n!r} is used twice; QPU names must be unique")
        seen = set()
        for link in self.links:
            for end in (link.qpu_a, link.qpu_b):
                if end not in names:
                    raise ParameterError(f"link {link.name}: between = {end!r} is not a QPU of the "
                                         f"network; choose one of {', '.join(map(repr, names))}")
            key = frozenset((link.qpu_a, link.qpu_b))
            if key in seen:
                raise ParameterError(f"link {link.name} duplicates another link between the same QPUs; "
                                     "merge them with channels = M")
            seen.add(key)
        object.__setattr__(self, "_index", {q.name: q for q in self.qpus})
        # A purifying link purifies with the local operations of the two QPUs it joins: bind that
        # noise here (a new Link value; the caller's Link is not changed), every time the network is
        # built, so a network rebuilt with other QPUs never keeps stale noise.
        bound = []
        for link in self.links:
            if link.purification is not None:
                noise = local_noise(self._index[link.qpu_a], self._index[link.qpu_b])
                if link.local_noise != noise:
                    link = dataclasses.replace(link, local_noise=noise)
            bound.append(link)
        object.__setattr__(self, "links", tuple(bound))

    # ------------------------------------------------------------------ lookups
    def qpu(self, name: str) -> QPU:
        """The QPU called ``name``."""
        try:
            return self._index[name]
        except KeyError:
            raise ParameterError(f"qpu = {name!r} is not in the network; choose one of "
                                 f"{', '.join(map(repr, self._index))}") from None

    @property
    def qpu_names(self) -> tuple[str, ...]:
        return tuple(q.name for q in self.qpus)

    @property
    def capacity(self) -> int:
        """Total number of data qubits."""
        return sum(q.data_qubits for q in self.qpus)

    def link_between(self, a: str, b: str) -> Link | None:
        """The direct link between ``a`` and ``b``, or None."""
        for link in self.links:
            if link.joins(a, b):
                return link
        return None

    @cached_property
    def graph(self) -> nx.Graph:
        """QPUs as nodes, links as edges (attribute ``link``; ``cost`` = 1 - 1e-3 ln F per hop)."""
        g = nx.Graph()
        g.add_nodes_from(self.qpu_names)
        for link in self.links:
            # Fewest hops first, then the best fidelity: every hop costs one swap and its gates.
            cost = 1.0 - np.log(max(link.pair_fidelity, 1e-12)) * 1e-3
            # Werner parameter w = (4F - 1)/3 multiplies under swapping (Duer et al., PRA 59, 169
            # (1999)): -ln w adds up along a route; a pair with F <= 1/4 carries no entanglement.
            w = (4.0 * link.pair_fidelity - 1.0) / 3.0
            g.add_edge(link.qpu_a, link.qpu_b, link=link, cost=cost,
                       fidelity_cost=(-np.log(w) if w > 0 else np.inf) + 1e-9,
                       rate=link.pair_rate_hz)
        return g

    def route(self, a: str, b: str) -> list[Link]:
        """Links along the best path from ``a`` to ``b`` by :attr:`routing` (see :data:`ROUTINGS`)."""
        if a == b:
            return []
        g = self.graph
        try:
            if self.routing == "fidelity":
                nodes = nx.shortest_path(g, a, b, weight="fidelity_cost")
            elif self.routing == "rate":
                nodes = _widest_path(g, a, b)
            else:
                nodes = nx.shortest_path(g, a, b, weight="cost")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            raise ParameterError(f"qpus {a!r} and {b!r} are not connected by any chain of links") from None
        return [g.edges[u, v]["link"] for u, v in zip(nodes, nodes[1:])]

    @cached_property
    def hop_distance(self) -> dict:
        """Hops of the route between every pair of connected QPUs (dict of dicts)."""
        if self.routing == "hops":
            return dict(nx.all_pairs_shortest_path_length(self.graph))
        out: dict = {}
        for a in self.qpu_names:
            reach = nx.node_connected_component(self.graph, a)
            out[a] = {b: len(self.route(a, b)) for b in self.qpu_names if b in reach}
        return out

    def is_connected(self) -> bool:
        return nx.is_connected(self.graph)

    def replace_link_model(self, model_or_name: LinkModel | str, **fields: Any) -> Network:
        """A copy with every link's model replaced (by a model instance or a registry name built
        from its state of the art with ``fields`` applied)."""
        import dataclasses

        from qnet_plugin.links import get_link_class

        if isinstance(model_or_name, str):
            cls = get_link_class(model_or_name)
            model = dataclasses.replace(cls.state_of_the_art(), **fields) if fields else cls.state_of_the_art()
        else:
            model = model_or_name
        links = tuple(dataclasses.replace(link, model=model) for link in self.links)
        return dataclasses.replace(self, links=links)
