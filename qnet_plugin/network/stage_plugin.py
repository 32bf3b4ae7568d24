"""The distribution pass as Qiskit transpiler stage plugins: ``layout_method="qnet"`` and
``routing_method="qnet"``.

Qiskit 2.x builds ``transpile`` / ``generate_preset_pass_manager`` from stages, and lets packages
provide a stage through the entry-point groups ``qiskit.transpiler.<stage>``: a
:class:`~qiskit.transpiler.preset_passmanagers.plugin.PassManagerStagePlugin` whose
``pass_manager(pass_manager_config, optimization_level)`` returns the stage's ``PassManager``.
The default layout/routing stages treat every edge of a coupling map as a local coupling, so a gate
between QPUs would be "routed" with SWAPs over a link as if it were a wire; these two stages do
what the hardware does instead:

* **layout "qnet"** (:class:`QNetLayoutPlugin`): places each logical qubit on a data qubit of a QPU:
  the explicit ``assignment`` of :func:`use_network`, else ``initial_layout`` if the user gave one,
  else :func:`.placement.choose_placement` (the graph or hypergraph partition whose rewrite spends
  fewer pairs); then embeds the circuit.
* **routing "qnet"** (:class:`QNetRoutingPlugin`): reads which QPU each qubit sits on from the
  layout (the qnet layout's or the user's ``initial_layout``; after any other layout stage, which
  treats link edges as local couplings, it partitions the qubits itself and keeps their positions
  as names only), or the explicit ``assignment``, and runs :func:`.distribute.distribute_circuit`:
  every non-local two-qubit gate becomes link-consuming operations (remote CNOT or teleportation,
  swapping over several hops) with the links' delivered pairs, local gate/read-out noise and idle
  decoherence for the modelled waiting time. The output runs on ``AerSimulator`` as it is.

Handing the plugins the network (they get no custom arguments, only Qiskit's
``PassManagerConfig``): the network travels inside the coupling map. :func:`network_coupling_map`
returns a :class:`NetworkCouplingMap` that carries the :class:`~.model.Network` and the pass
options; Qiskit hands the user's coupling map object to the plugins unchanged. The context manager
:func:`use_network` builds it and gives back the keyword arguments for ``transpile``::

    from qiskit import transpile
    from qnet_plugin.network import use_network
    with use_network(net, pair_timing="ahead") as opts:   # opts: coupling_map, layout/routing "qnet"
        out = transpile(circuit, **opts)
    AerSimulator(method="density_matrix").run(out).result().get_counts()
    out.metadata["qnet"]   # pairs consumed, modelled hardware time, per-link breakdown

Inside the ``with`` block a coupling map that is not a network's (or none) also works for the two
stages: they then read the network from the context (a :mod:`contextvars` variable, so threads and
tasks do not see each other's networks).

Physical qubits of a :class:`NetworkCouplingMap`: the data qubits of each QPU in network order, then
:data:`POOL` communication qubits that hold link pairs (reused, as in the pass). The map is complete:
it is the simulator's register, where teleportation moves logical qubits onto communication qubits
and freed qubits are reused anywhere; the network's topology lives in ``.network`` and only the qnet
stages read it. Qubits the program never touches cost nothing on Aer (it truncates idle qubits).
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field

from qiskit.circuit import QuantumCircuit, QuantumRegister
from qiskit.converters import circuit_to_dag, dag_to_circuit
from qiskit.transpiler import CouplingMap, Layout, PassManager
from qiskit.transpiler.basepasses import AnalysisPass, TransformationPass
from qiskit.transpiler.preset_passmanagers import common
from qiskit.transpiler.preset_passmanagers.plugin import PassManagerStagePlugin

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.network.model import Network

#: Communication qubits the pass may hold at once (one hop: 2; swapping over several hops: 4).
POOL = 4
#: Plugin name under every stage group.
PLUGIN_NAME = "qnet"


@dataclass(frozen=True)
class NetworkContext:
    """What the stages need: the network, an optional explicit assignment and the pass options
    (``strategy``, ``pair_timing``, ``twirl``, ``noise`` of :func:`.distribute.distribute_circuit`)."""

    network: Network
    assignment: tuple | None = None
    options: dict = field(default_factory=dict)


class NetworkCouplingMap(CouplingMap):
    """A complete coupling map over the network's data qubits plus :data:`POOL` communication
    qubits, carrying the network (``.context``) to the qnet stages (see the module docstring)."""

    def __init__(self, network: Network, assignment=None, **options):
        if not isinstance(network, Network):
            raise ParameterError(f"network = {network!r} is not a qnet_plugin.network.Network")
        qpu_of = [q.name for q in network.qpus for _ in range(q.data_qubits)] + [None] * POOL
        n = len(qpu_of)
        super().__init__([[a, b] for a in range(n) for b in range(n) if a != b],
                         description=f"qnet network {network.name!r}")
        self.context = NetworkContext(network, None if assignment is None else _as_list(assignment),
                                      dict(options))
        #: QPU name of each physical qubit (None: the communication pool).
        self.qpu_of = tuple(qpu_of)

    @property
    def network(self) -> Network:
        return self.context.network

    @property
    def comm_qubits(self) -> tuple:
        """Physical qubits that hold the communication pool."""
        return tuple(range(len(self.qpu_of) - POOL, len(self.qpu_of)))

    def __deepcopy__(self, memo):
        # Qiskit may copy the map; the network is an immutable value, so share it.
        return self


def _as_list(assignment):
    if isinstance(assignment, dict):
        return tuple(assignment[q] for q in sorted(assignment))
    return tuple(assignment)


def network_coupling_map(network: Network, assignment=None, **options) -> NetworkCouplingMap:
    """The coupling map to give ``transpile`` with ``layout_method``/``routing_method="qnet"``."""
    return NetworkCouplingMap(network, assignment, **options)


_ACTIVE: contextvars.ContextVar[NetworkCouplingMap | None] = contextvars.ContextVar("qnet_network", default=None)


@contextlib.contextmanager
def use_network(network: Network, assignment=None, **options):
    """Make ``network`` the one the qnet stages use; yields ``transpile`` keyword arguments
    ``{"coupling_map": ..., "layout_method": "qnet", "routing_method": "qnet"}``.

    ``assignment`` (QPU per logical qubit) and ``options`` (``strategy``, ``pair_timing``, ``twirl``,
    ``noise``) are those of :func:`.distribute.distribute_circuit`.
    """
    cmap = network_coupling_map(network, assignment, **options)
    token = _ACTIVE.set(cmap)
    try:
        yield {"coupling_map": cmap, "layout_method": PLUGIN_NAME, "routing_method": PLUGIN_NAME}
    finally:
        _ACTIVE.reset(token)


def current_network_map(pass_manager_config=None) -> NetworkCouplingMap:
    """The network the stages use: the config's coupling map if it is a network's, else the active
    :func:`use_network` context; ParameterError when there is none."""
    cmap = getattr(pass_manager_config, "coupling_map", None)
    if isinstance(cmap, NetworkCouplingMap):
        return cmap
    active = _ACTIVE.get()
    if active is not None:
        return active
    raise ParameterError("network = None is not allowed for the 'qnet' transpiler stages; pass "
                         "coupling_map=qnet_plugin.network.network_coupling_map(net) or transpile inside "
                         "`with qnet_plugin.network.use_network(net) as opts: transpile(qc, **opts)`")


# ---------------------------------------------------------------------------- the passes
class NetworkLayout(AnalysisPass):
    """Sets ``property_set["layout"]``: logical qubit -> a data qubit of its QPU."""

    def __init__(self, cmap: NetworkCouplingMap, initial_layout=None):
        super().__init__()
        self.cmap = cmap
        self.initial_layout = initial_layout

    def run(self, dag):
        if self.cmap.context.assignment is None and self.initial_layout is not None:
            layout = self.initial_layout
            if not isinstance(layout, Layout):
                layout = Layout.from_intlist(list(layout), *dag.qregs.values())
            self.property_set["layout"] = layout.copy()
            self.property_set["qnet_layout"] = True  # the user's placement: physical qubit -> QPU
            return
        circuit = dag_to_circuit(dag)
        assignment = self.cmap.context.assignment
        if assignment is None:
            from qnet_plugin.network.placement import choose_placement

            assignment = choose_placement(circuit, self.cmap.network, self.cmap.context.options.get("strategy", "auto"))
        from qnet_plugin.network.distribute import check_assignment as _check_assignment

        assignment = _check_assignment(circuit, self.cmap.network, list(assignment))
        free = {}
        for phys, qpu in enumerate(self.cmap.qpu_of):
            free.setdefault(qpu, []).append(phys)
        layout = Layout()
        for q, qpu in zip(dag.qubits, assignment):
            layout[q] = free[qpu].pop(0)
        for reg in dag.qregs.values():
            layout.add_register(reg)
        self.property_set["layout"] = layout
        self.property_set["qnet_layout"] = True


class NetworkRouting(TransformationPass):
    """Distributes the laid-out circuit over the network (see the module docstring).

    Leaves the :class:`~.distribute.DistributedCircuit` in ``property_set["distribution"]`` and a
    JSON-able summary in the output circuit's ``metadata["qnet"]``; sets ``final_layout`` to where
    each qubit ends (teleportation moves logical qubits).
    """

    def __init__(self, cmap: NetworkCouplingMap, honour_layout: bool = False):
        super().__init__()
        self.cmap = cmap
        #: True when the user gave initial_layout: its physical qubits say which QPU is which
        self.honour_layout = honour_layout

    def run(self, dag):
        if self.property_set["distribution"] is not None:
            return dag  # already distributed (by the qnet layout stage)
        net, ctx = self.cmap.network, self.cmap.context
        layout = self.property_set["layout"]
        originals = self.property_set["original_qubit_indices"]
        if layout is None or originals is None:
            raise ParameterError("layout = None is not allowed for the 'qnet' routing stage; run a layout "
                                 "stage first (layout_method='qnet', or give initial_layout)")
        n_phys = dag.num_qubits()
        if n_phys != len(self.cmap.qpu_of):
            raise ParameterError(f"physical qubits = {n_phys} does not match the network map's "
                                 f"{len(self.cmap.qpu_of)}; use the coupling map of network_coupling_map() "
                                 "or a qnet_plugin.network.NetworkBackend")
        # physical position -> original logical index; the embedding numbers its ancillas after the
        # program's own qubits, so indices >= num_input_qubits are ancillas (left out)
        n = self.property_set["num_input_qubits"]
        if n is None:
            n = sum(1 for i in originals.values() if i is not None)
        phys_to_logical = {}
        for phys, virt in layout.get_physical_bits().items():
            if originals.get(virt, n) < n:
                phys_to_logical[phys] = originals[virt]
        circuit = dag_to_circuit(dag)
        logical = QuantumCircuit(QuantumRegister(n, "q"), *circuit.cregs, name=circuit.name)
        loose = [c for c in circuit.clbits if not circuit.find_bit(c).registers]
        if loose:
            logical.add_bits(loose)
        for inst in circuit.data:
            try:
                qs = [phys_to_logical[circuit.find_bit(q).index] for q in inst.qubits]
            except KeyError:
                raise ParameterError(f"operation {inst.operation.name!r} acts on an ancilla qubit; the qnet "
                                     "routing stage distributes the program's own qubits only") from None
            logical.append(inst.operation, qs, inst.clbits)
        start_phys = {phys_to_logical[p]: p for p in phys_to_logical}
        assignment = list(ctx.assignment) if ctx.assignment is not None else []
        if not assignment and not (self.property_set["qnet_layout"] or self.honour_layout):
            # Another layout stage placed the qubits treating link edges as local couplings: its
            # positions are kept as names only and the qubits are partitioned here.
            from qnet_plugin.network.placement import choose_placement

            assignment = list(choose_placement(logical, net, ctx.options.get("strategy", "auto")))
        if not assignment:
            for q in range(n):
                qpu = self.cmap.qpu_of[start_phys[q]]
                if qpu is None:
                    raise ParameterError(f"layout puts qubit {q} on communication qubit {start_phys[q]}; "
                                         "use layout_method='qnet' or an initial_layout on data qubits")
                assignment.append(qpu)
        dc = self.distribute(logical, assignment)
        out_logical = dc.circuit()
        # simulator qubit -> physical qubit: data qubits where the layout put them (they start there),
        # pool qubits on the map's communication qubits (then any physical qubit left over).
        sim_to_phys = {q: start_phys[q] for q in range(n)}
        used = set(start_phys.values())
        comm = [p for p in self.cmap.comm_qubits if p not in used]
        spare = comm + [p for p in range(n_phys) if p not in used and p not in set(comm)]
        if out_logical.num_qubits - n > len(spare):
            raise ParameterError(f"simulated qubits = {out_logical.num_qubits} do not fit the map's "
                                 f"{n_phys} physical qubits")
        for k, s in enumerate(range(n, out_logical.num_qubits)):
            sim_to_phys[s] = spare[k]
        out = QuantumCircuit(*dag.qregs.values(), *circuit.cregs, name=circuit.name)
        if loose:
            out.add_bits(loose)
        out.compose(out_logical, qubits=[sim_to_phys[s] for s in range(out_logical.num_qubits)],
                    clbits=list(range(out.num_clbits)), inplace=True)
        out.global_phase = circuit.global_phase
        out.metadata = dict(circuit.metadata or {})
        out.metadata["qnet"] = _summary(dc)
        if self.property_set["qnet_method"]:
            out.metadata["qnet"]["method"] = self.property_set["qnet_method"]
        self.property_set["distribution"] = dc
        moved = _final_layout(dag, start_phys, dc.final_qubits, sim_to_phys)
        before = self.property_set["final_layout"]
        if before is not None:  # an earlier permutation (routing, elided swaps): apply it first
            moved = Layout({q: moved[dag.qubits[before[q]]] for q in dag.qubits})
        self.property_set["final_layout"] = moved
        return circuit_to_dag(out)

    def distribute(self, logical, assignment):
        """The distribution of the logical circuit (:func:`.distribute.distribute_circuit`)."""
        from qnet_plugin.network.distribute import distribute_circuit

        return distribute_circuit(logical, self.cmap.network, assignment, **self.cmap.context.options)


def _final_layout(dag, start_phys, final_sim, sim_to_phys) -> Layout:
    """Layout(physical qubit at the start of routing -> physical position at the end)."""
    n_phys = dag.num_qubits()
    mapping = {start_phys[q]: sim_to_phys[final_sim[q]] for q in start_phys}
    ends = set(mapping.values())
    rest_start = [p for p in range(n_phys) if p not in mapping]
    rest_end = [p for p in range(n_phys) if p not in ends]
    mapping.update(zip(rest_start, rest_end))
    return Layout({dag.qubits[p]: mapping[p] for p in range(n_phys)})


def _summary(dc) -> dict:
    from qnet_plugin.links.base import _jsonable

    return _jsonable({"pairs_consumed": dc.pairs_consumed, "raw_pairs_consumed": dc.raw_pairs_consumed,
                      "wall_clock_s": dc.wall_clock_s, "remote_gates": dc.remote_gates,
                      "teleports": dc.teleports, "transfers": dc.transfers, "assignment": dc.assignment,
                      "final_location": dc.final_location, "num_sim_qubits": dc.num_qubits,
                      "clifford": dc.clifford, "twirled": dc.twirled,
                      "links": [u.to_dict() for u in dc.usages.values()]})


# ---------------------------------------------------------------------------- the plugins
class QNetLayoutPlugin(PassManagerStagePlugin):
    """Layout stage "qnet": QPU placement (explicit, initial_layout, or partition), then embedding."""

    def pass_manager(self, pass_manager_config, optimization_level=None) -> PassManager:
        cmap = current_network_map(pass_manager_config)
        pm = PassManager([NetworkLayout(cmap, getattr(pass_manager_config, "initial_layout", None))])
        pm += common.generate_embed_passmanager(cmap)
        if getattr(pass_manager_config, "routing_method", None) != PLUGIN_NAME:
            # Another routing stage would treat link edges as local couplings and nothing would be
            # distributed: distribute here (the qnet routing, if it runs later, sees it is done).
            pm.append(NetworkRouting(cmap, getattr(pass_manager_config, "initial_layout", None) is not None))
        return pm


class QNetRoutingPlugin(PassManagerStagePlugin):
    """Routing stage "qnet": the distribution pass over the network's links."""

    def pass_manager(self, pass_manager_config, optimization_level=None) -> PassManager:
        return PassManager([NetworkRouting(current_network_map(pass_manager_config),
                                           getattr(pass_manager_config, "initial_layout", None) is not None)])


__all__ = ["NetworkCouplingMap", "network_coupling_map", "use_network", "current_network_map",
           "NetworkLayout", "NetworkRouting", "QNetLayoutPlugin", "QNetRoutingPlugin", "POOL", "PLUGIN_NAME"]
