"""The network as a Qiskit backend: ``NetworkBackend`` (a ``BackendV2`` with a ``Target``).

    from qiskit import transpile
    from qiskit.primitives import BackendSamplerV2, BackendEstimatorV2
    from qnet_plugin.network import NetworkBackend
    backend = NetworkBackend.from_toml("two_fridges.toml")
    isa = transpile(circuit, backend, optimization_level=3)    # distributed, with the network's noise
    backend.run(isa, shots=2000, seed_simulator=1).result().get_counts()
    BackendEstimatorV2(backend=backend).run([(isa, obs.apply_layout(isa.layout))]).result()

**Target.** Physical qubits are, QPU after QPU (network order), its data qubits then its
communication qubits; ``qubit_properties`` give T1/T2 (communication qubits: their storage
T1/T2). Local instructions (``rz`` with a ``Parameter``, ``sx``, ``x``, ``cx``, ``measure``,
``reset``, ``delay``, control flow) carry the QPU's durations and errors. A ``cx`` between qubits of
two QPUs is the *logical* remote gate: its properties are an estimate (error 1 - F of the pair along
the route, Werner swap rule; duration one pair generation per hop plus two read-outs and two
classical latencies). Every link edge (between the first communication qubits of its two QPUs, both
directions) carries the link-consuming instruction ``bell_pair`` (duration 1/R, error 1 - F).
So the coupling map is complete: Qiskit's layout and routing stages never insert SWAPs over a link.

**Distribution.** The backend names its own scheduling stage (``get_scheduling_stage_plugin`` ->
``"qnet"``, :class:`QNetSchedulingPlugin`), the last stage of ``transpile``: after layout,
translation to the basis and optimisation (levels 0-3, all on ordinary gates), it partitions the
logical qubits over the QPUs (:func:`.placement.choose_placement`; or the QPUs of the user's
``initial_layout``), runs :func:`.distribute.distribute_circuit` (rewrite, schedule, noise) and puts
the executable noisy circuit on the physical qubits (data qubits where the layout put them, the pool
on communication qubits), with the layout's ``final_layout`` saying where each logical qubit ends
(teleportation moves qubits) and ``metadata["qnet"]`` the per-link breakdown.

**Run.** :meth:`NetworkBackend.run` lowers for Aer (:func:`.simulate.lower_for_aer`), picks the
method (:func:`.simulate.choose_method`; ``method`` option) and returns Aer's ``Result`` with the
per-link breakdown in each experiment's ``metadata["qnet"]``. A circuit that was not transpiled for
the backend is distributed first (the same pipeline). Unbound parameters are a ParameterError.
"""

from __future__ import annotations

import math
import uuid

from qiskit.circuit import (
    Delay,
    ForLoopOp,
    IfElseOp,
    Instruction,
    Measure,
    Parameter,
    QuantumCircuit,
    Reset,
    SwitchCaseOp,
    WhileLoopOp,
)
from qiskit.circuit.library import CXGate, RZGate, SXGate, XGate
from qiskit.providers import BackendV2, JobStatus, JobV1, Options
from qiskit.providers.backend import QubitProperties
from qiskit.transpiler import InstructionProperties, PassManager, Target
from qiskit.transpiler.preset_passmanagers.plugin import PassManagerStagePlugin

from qnet_plugin.core.validation import ParameterError, check_choice, check_integer
from qnet_plugin.network.model import Network
from qnet_plugin.network.simulate import METHODS
from qnet_plugin.network.stage_plugin import PLUGIN_NAME, NetworkContext, NetworkRouting
from qnet_plugin.network.swapping import werner_swap_fidelity

#: Metadata key and barrier-label prefix that say a circuit was already distributed.
_DISTRIBUTED_MARK = "qnet"
#: Summaries of recent distributions by barrier token (bounded; oldest dropped first).
_SUMMARIES: dict = {}


def distribution_summary(circuit: QuantumCircuit) -> dict | None:
    """The per-link summary of a distributed circuit (metadata, or the closing barrier's token);
    None when the circuit was not distributed for a network."""
    meta = (circuit.metadata or {}).get(_DISTRIBUTED_MARK)
    if meta is not None:
        return meta
    for inst in reversed(circuit.data):
        label = getattr(inst.operation, "label", None) or ""
        if inst.operation.name == "barrier" and label.startswith(_DISTRIBUTED_MARK + ":"):
            _, method, token = label.split(":", 2)
            return _SUMMARIES.get(token, {"method": method or None})
    return None


class NetworkTarget(Target):
    """A ``Target`` that carries its network (``.network``, ``.context``) to the qnet stages."""

    def __deepcopy__(self, memo):
        # Qiskit may copy the target; the network is an immutable value: share it.
        return self

    def __copy__(self):
        return self


class _PhysicalMap:
    """The physical qubits of a backend as the qnet routing pass reads them."""

    def __init__(self, target: NetworkTarget):
        self.network = target.network
        self.context = target.context
        #: QPU of each physical *data* qubit (None: a communication qubit)
        self.qpu_of = tuple(q if r == "data" else None for q, r in zip(target.qpu_of, target.role_of))
        self.comm_qubits = tuple(i for i, r in enumerate(target.role_of) if r == "comm")


def _remote_estimate(network: Network, a: str, b: str) -> InstructionProperties | None:
    """Estimated properties of a logical CX between QPUs ``a`` and ``b`` (see module docstring)."""
    try:
        route = network.route(a, b)
    except ParameterError:
        return None
    f = werner_swap_fidelity(*[link.pair_fidelity for link in route])
    qa, qb = network.qpu(a), network.qpu(b)
    duration = sum(1.0 / link.pair_rate_hz + 2 * link.classical_latency for link in route)
    duration += qa.measurement_time + qb.measurement_time + 2 * qa.gate_time_2q
    return InstructionProperties(duration=duration, error=min(1.0, max(0.0, 1.0 - f)))


def build_target(network: Network, context: NetworkContext | None = None) -> NetworkTarget:
    """The :class:`NetworkTarget` of ``network`` (see the module docstring)."""
    qpu_of, role_of, props = [], [], []
    for qpu in network.qpus:
        for role, count in (("data", qpu.data_qubits), ("comm", qpu.comm_qubits)):
            for _ in range(count):
                qpu_of.append(qpu.name)
                role_of.append(role)
                t1, t2 = (qpu.t1, qpu.t2) if role == "data" else (qpu.storage_t1, qpu.storage_t2)
                props.append(QubitProperties(t1=None if math.isinf(t1) else t1,
                                             t2=None if math.isinf(t2) else t2))
    n = len(qpu_of)
    target = NetworkTarget(num_qubits=n, qubit_properties=props, description=f"qnet network {network.name!r}")
    target.network = network
    target.context = context or NetworkContext(network)
    target.qpu_of, target.role_of = tuple(qpu_of), tuple(role_of)

    def one(err_attr, time_attr):
        out = {}
        for i in range(n):
            qpu = network.qpu(qpu_of[i])
            out[(i,)] = InstructionProperties(duration=getattr(qpu, time_attr), error=getattr(qpu, err_attr))
        return out

    theta = Parameter("theta")
    # rz is a gate like any other here: the noise pass gives it the QPU's one-qubit error and time
    target.add_instruction(RZGate(theta), one("gate_error_1q", "gate_time_1q"))
    target.add_instruction(SXGate(), one("gate_error_1q", "gate_time_1q"))
    target.add_instruction(XGate(), one("gate_error_1q", "gate_time_1q"))
    target.add_instruction(Measure(), one("measurement_error", "measurement_time"))
    target.add_instruction(Reset(), one("measurement_error", "measurement_time"))
    target.add_instruction(Delay(Parameter("t")), {(i,): None for i in range(n)})
    remote = {}
    for a in network.qpu_names:
        for b in network.qpu_names:
            if a != b:
                remote[(a, b)] = _remote_estimate(network, a, b)
    cx = {}
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            if qpu_of[i] == qpu_of[j]:
                qpu = network.qpu(qpu_of[i])
                cx[(i, j)] = InstructionProperties(duration=qpu.gate_time_2q, error=qpu.gate_error_2q)
            elif remote[(qpu_of[i], qpu_of[j])] is not None:
                cx[(i, j)] = remote[(qpu_of[i], qpu_of[j])]
    target.add_instruction(CXGate(), cx)
    first_comm: dict[str, int] = {q: role_of.index("comm", qpu_of.index(q)) for q in network.qpu_names}
    pairs = {}
    for link in network.links:
        ca, cb = first_comm[link.qpu_a], first_comm[link.qpu_b]
        p = InstructionProperties(duration=1.0 / link.pair_rate_hz, error=1.0 - link.pair_fidelity)
        pairs[(ca, cb)] = p
        pairs[(cb, ca)] = p
    if pairs:
        target.add_instruction(Instruction("bell_pair", 2, 0, []), pairs)
    for cls, name in ((IfElseOp, "if_else"), (WhileLoopOp, "while_loop"), (ForLoopOp, "for_loop"),
                      (SwitchCaseOp, "switch_case")):
        target.add_instruction(cls, name=name)
    return target


def target_of(pass_manager_config) -> NetworkTarget:
    """The network target of a transpilation; ParameterError naming what is missing."""
    target = getattr(pass_manager_config, "target", None)
    if isinstance(target, NetworkTarget):
        return target
    raise ParameterError("target = None is not allowed for the 'qnet' scheduling stage: it needs a "
                         "network; transpile with backend=qnet_plugin.network.NetworkBackend(net)")


class NetworkScheduling(NetworkRouting):
    """The distribution at the end of ``transpile`` for a :class:`NetworkBackend` (module docstring)."""

    def __init__(self, target: NetworkTarget, honour_layout: bool = False):
        super().__init__(_PhysicalMap(target), honour_layout)  # type: ignore[arg-type]  # duck-typed map
        self.target = target

    def run(self, dag):
        from qiskit.circuit import Barrier
        from qiskit.converters import circuit_to_dag, dag_to_circuit

        if self.property_set["layout"] is None:  # no layout stage ran (no coupling constraints)
            from qiskit.transpiler import Layout

            self.property_set["layout"] = Layout.generate_trivial_layout(*dag.qregs.values())
            self.property_set["original_qubit_indices"] = {q: i for i, q in enumerate(dag.qubits)}
        out = dag_to_circuit(super().run(dag))
        # A closing barrier names the distribution: it survives what the primitives do to the
        # circuit (compose measurement bases into a new circuit, which drops the metadata).
        summary = out.metadata[_DISTRIBUTED_MARK]
        token = uuid.uuid4().hex
        _SUMMARIES[token] = summary
        while len(_SUMMARIES) > 4096:
            _SUMMARIES.pop(next(iter(_SUMMARIES)))
        out.append(Barrier(out.num_qubits, label=f"{_DISTRIBUTED_MARK}:{summary.get('method', '')}:{token}"),
                   out.qubits)
        return circuit_to_dag(out)

    def distribute(self, logical, assignment):
        from qnet_plugin.network.distribute import distribute_circuit
        from qnet_plugin.network.simulate import choose_method

        opts = dict(self.cmap.context.options)
        method = opts.pop("method", "auto")
        dc = distribute_circuit(logical, self.cmap.network, assignment, **opts)
        chosen = choose_method(dc.num_qubits, dc.clifford, method)
        if chosen == "stabilizer" and not opts.get("twirl"):
            opts["twirl"] = True
            dc = distribute_circuit(logical, self.cmap.network, dc.assignment, **opts)
        self.property_set["qnet_method"] = chosen
        return dc


class QNetSchedulingPlugin(PassManagerStagePlugin):
    """Scheduling stage "qnet": the distribution, last stage of ``transpile`` for a NetworkBackend."""

    def pass_manager(self, pass_manager_config, optimization_level=None) -> PassManager:
        target = target_of(pass_manager_config)
        honour = getattr(pass_manager_config, "initial_layout", None) is not None
        return PassManager([NetworkScheduling(target, honour)])


class NetworkBackend(BackendV2):
    """A :class:`~.model.Network` as a Qiskit ``BackendV2`` (see the module docstring).

    Args:
        network: the network (or use :meth:`from_toml`).
        assignment: QPU per logical qubit (list or dict); None partitions automatically.
        strategy, pair_timing, noise: the options of :func:`.distribute.distribute_circuit`.
        method: Aer method (``"auto"``: :func:`.simulate.choose_method`).
        timing, timing_seed, cutoff_s: pair generation times (:mod:`.timing`): ``"sampled"`` draws
            one schedule per transpilation from ``timing_seed``; the average over K schedules
            with its standard error is :func:`.run.run_distributed` (``schedules=K``).
    """

    def __init__(self, network: Network, *, assignment=None, strategy: str = "auto",
                 pair_timing: str = "just-in-time", noise: bool = True, method: str = "auto",
                 name: str | None = None, timing: str = "mean", timing_seed=None,
                 cutoff_s: float | None = None):
        if not isinstance(network, Network):
            raise ParameterError(f"network = {network!r} is not a qnet_plugin.network.Network; load "
                                 "one with qnet_plugin.network.load_network(path)")
        check_choice("method", method, METHODS)
        from qnet_plugin.network.strategy import Strategy
        from qnet_plugin.network.timing import POLICIES

        Strategy(strategy)
        check_choice("pair_timing", pair_timing, POLICIES)
        from qnet_plugin.network.timing import TIMINGS

        check_choice("timing", timing, TIMINGS)
        super().__init__(name=name or f"qnet_{network.name}",
                         description=f"qnet network {network.name!r}: {len(network.qpus)} QPUs, "
                                     f"{len(network.links)} links", backend_version="1")
        self.network = network
        from qnet_plugin.network.stage_plugin import _as_list

        ctx = NetworkContext(network, None if assignment is None else _as_list(assignment),
                             {"strategy": strategy, "pair_timing": pair_timing, "noise": noise, "method": method,
                              "timing": timing, "timing_seed": timing_seed, "cutoff_s": cutoff_s})
        self._context = ctx
        self._target: NetworkTarget | None = None  # built on first use: n^2 entries for n qubits
        self._token = uuid.uuid4().hex

    @classmethod
    def from_toml(cls, path, **options) -> NetworkBackend:
        """The backend of the network in the TOML file ``path`` (:func:`.config.load_network`)."""
        from qnet_plugin.network.config import load_network

        return cls(load_network(path), **options)

    @classmethod
    def _default_options(cls):
        return Options(shots=1024, seed_simulator=None, memory=False, method=None, fidelity=False,
                       schedules=1, max_parallel_threads=None)

    @property
    def target(self) -> NetworkTarget:
        if self._target is None:
            self._target = build_target(self.network, self._context)
        return self._target

    @property
    def max_circuits(self):
        return None

    def noise_model(self):
        """The gate-local part of the network's noise as an Aer ``NoiseModel`` on this backend's
        physical qubits (:func:`.noise_model.network_noise_model`: gate, read-out and reset errors;
        idling and links depend on the schedule and stay in the distributed circuit)."""
        from qnet_plugin.network.noise_model import network_noise_model

        return network_noise_model(self)

    def get_scheduling_stage_plugin(self) -> str:
        """The backend's own last stage: the distribution (:class:`QNetSchedulingPlugin`)."""
        return PLUGIN_NAME

    # ------------------------------------------------------------------ running
    def run(self, run_input, **options):
        """Simulate circuits on Aer with the network's noise; returns a finished job (``.result()``).

        Options: ``shots`` (>= 1), ``seed_simulator``, ``memory``, ``method`` (an Aer method or
        ``"auto"``), ``max_parallel_threads`` (Aer's; None: all cores). A circuit transpiled for
        this backend runs as it is. A logical circuit (not transpiled) is distributed and simulated
        by :func:`.simulate.execute`, with two more options: ``fidelity`` (measure the output
        fidelity against the ideal program with a noiseless probe) and ``schedules`` (K sampled
        schedules for ``timing="sampled"``); its experiment's ``metadata["qnet"]`` then carries
        every field of :class:`~.results.DistributedResult` (:func:`.run.run_distributed`
        is this, read back).
        """
        from qiskit_aer import AerSimulator

        from qnet_plugin.network.simulate import lower_for_aer

        circuits = [run_input] if isinstance(run_input, QuantumCircuit) else list(run_input)
        unknown = set(options) - set(self.options.__dict__)
        if unknown:
            raise ParameterError(f"run options {sorted(unknown)} are not known; allowed: "
                                 f"{', '.join(sorted(self.options.__dict__))}")
        opts = {**self.options.__dict__, **options}
        shots = check_integer("shots", opts.pop("shots"), 1)
        seed = opts.pop("seed_simulator", None)
        memory = bool(opts.pop("memory", False))
        method = opts.pop("method", None) or self._context.options.get("method", "auto")
        check_choice("method", method, METHODS)
        threads = opts.pop("max_parallel_threads", None)
        if threads is not None:
            threads = check_integer("max_parallel_threads", threads, 0, 4096)
        prepared, summaries, methods = [], [], []
        for qc in circuits:
            if qc.parameters:
                names = ", ".join(sorted(p.name for p in qc.parameters))
                raise ParameterError(f"parameters = {{{names}}} of circuit {qc.name!r} are unbound; bind them "
                                     "with circuit.assign_parameters(...) or the primitives' parameter values")
            if distribution_summary(qc) is None:  # a logical circuit: the whole pipeline
                prepared.append(None)
                summaries.append(self._execute(qc, shots, seed, memory, method, threads, opts))
                methods.append(None)
                continue
            summary = distribution_summary(qc)
            chosen = method if method != "auto" else _auto_method(qc, summary, shots)
            if chosen == "stabilizer" and summary.get("method") != "stabilizer" and method != "auto":
                raise ParameterError("method = 'stabilizer' is not allowed for a circuit distributed with "
                                     "exact (Kraus) noise; create the backend with method='stabilizer'")
            prepared.append(lower_for_aer(qc, chosen))
            summaries.append(summary)
            methods.append(chosen)
        # one Aer run per method (Aer takes one method per simulator)
        results: list = [None] * len(prepared)
        for m in dict.fromkeys(x for x in methods if x is not None):
            idx = [i for i, x in enumerate(methods) if x == m]
            sim = AerSimulator(method=m, seed_simulator=seed, max_parallel_threads=threads or 0)
            res = sim.run([prepared[i] for i in idx], shots=shots, memory=memory).result()
            if not res.success:
                raise RuntimeError(f"Aer failed: {res.status}")
            for k, i in enumerate(idx):
                results[i] = res.results[k]
        for i, m in enumerate(methods):
            if m is None:  # a logical circuit: its experiment was built by _execute
                results[i], summaries[i] = summaries[i]
        return _NetworkJob(self, results, summaries)

    def _execute(self, circuit: QuantumCircuit, shots: int, seed, memory: bool, method: str, threads, opts):
        """(Aer experiment with the counts of every schedule, summary) of a logical circuit."""
        from qnet_plugin.network.simulate import execute

        ctx = self._context
        experiments: list = []
        res = execute(circuit, self.network, None if ctx.assignment is None else list(ctx.assignment),
                      shots=shots, method=method, seed=seed, fidelity=bool(opts.get("fidelity")),
                      schedules=check_integer("schedules", opts.get("schedules") or 1, 1),
                      threads=threads, memory=memory, experiments=experiments,
                      **{k: ctx.options[k] for k in ("strategy", "pair_timing", "noise", "timing",
                                                     "timing_seed", "cutoff_s") if k in ctx.options})
        summary = res.to_dict()
        summary.pop("counts")  # they are the experiment's own data
        return _merged_experiment(experiments, res), summary


def _auto_method(qc: QuantumCircuit, summary: dict, shots: int) -> str:
    """``method="auto"`` for a distributed circuit at run time, when the shots are known: the
    stabilizer method where the distribution chose it (the noise is then Pauli-twirled), else the
    cheaper of density matrix and trajectories (:func:`.simulate.choose_method`)."""
    from qnet_plugin.network.simulate import choose_method_for

    if summary.get("method") == "stabilizer":
        return "stabilizer"
    active = len({q for inst in qc.data if inst.operation.name != "barrier" for q in inst.qubits})
    return choose_method_for(qc, summary.get("num_sim_qubits", active), False, shots=shots)


def _merged_experiment(experiments: list, res):
    """One experiment result from the Aer runs of K schedules: counts summed, memory joined."""
    first = experiments[0]
    if len(experiments) > 1:
        counts: dict = {}
        memory: list = []
        for exp in experiments:
            for key, v in (getattr(exp.data, "counts", None) or {}).items():
                counts[key] = counts.get(key, 0) + v
            memory += list(getattr(exp.data, "memory", None) or [])
        if counts:
            first.data.counts = counts
        if memory:
            first.data.memory = memory
        first.shots = res.shots
    return first


class _NetworkJob(JobV1):
    """A finished job: ``result()`` returns one Qiskit ``Result`` for all circuits, in order."""

    def __init__(self, backend, parts, summaries):
        from qiskit.result import Result

        super().__init__(backend, uuid.uuid4().hex)
        experiments = []
        for exp, summary in zip(parts, summaries):
            meta = dict(getattr(exp, "metadata", None) or {})
            meta[_DISTRIBUTED_MARK] = summary
            exp.metadata = meta
            experiments.append(exp)
        self._result = Result(backend_name=backend.name, backend_version=backend.backend_version,
                              qobj_id="", job_id=self.job_id(), success=True, results=experiments,
                              status="COMPLETED",
                              metadata={_DISTRIBUTED_MARK: summaries, "network": backend.network.name})

    def submit(self):
        return None

    def result(self):
        return self._result

    def status(self):
        return JobStatus.DONE


__all__ = ["NetworkBackend", "NetworkTarget", "build_target", "QNetSchedulingPlugin", "NetworkScheduling"]
