"""What a distributed run reports: counts, fidelity, pairs, modelled hardware time, per link."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass, field

from qnet_plugin.links.base import _jsonable


@dataclass
class DistributedResult:
    """Result of :func:`~.run.run_distributed`.

    Attributes:
        counts: measured bit strings (Qiskit order) of the noisy program.
        shots: number of shots.
        method: Aer method used (``density_matrix``, ``statevector``, ``stabilizer``).
        fidelity: <psi_ideal| rho_out |psi_ideal> of the output state before the final read-out;
            ``None`` when the program is not unitary before its final measurements.
        fidelity_stderr: standard error of ``fidelity`` (0 for the exact density-matrix method;
            for trajectory/stabilizer sampling the standard error of the mean over shots).
        pairs_consumed: link pairs used by the program, over all links (purified pairs on a
            purifying link).
        raw_pairs_consumed: expected pairs the link models delivered for them, sacrificed
            purification pairs and failed attempts included (= pairs_consumed without purification).
        wall_clock_s: modelled hardware time of one run of the program (expected pair waiting
            included), s.
        links: per-link breakdown (pairs, rate, pair fidelity, busy/storage/wait times, swaps).
        remote_gates, teleports: rewritings used.
        transfers: qubits sent through a link's transfer channel (strategy ``"transfer"``, or
            ``"auto"`` on transfer links), one per hop each way.
        num_sim_qubits: simulated qubits (data + communication pool).
        assignment, final_location: QPU of each logical qubit at the start and at the end.
        sim_time_s: real time the simulation took, s.
        noise_form: ``"exact"`` (Kraus channels) or ``"pauli-twirled"`` (stabilizer runs).
        timing: ``"mean"`` or ``"sampled"`` generation times (:mod:`.timing`).
        schedules: K schedules drawn (1 for mean timing); ``fidelity``, ``wall_clock_s`` and the
            per-link figures are then weighted means over them and ``fidelity_stderr`` /
            ``wall_clock_stderr_s`` their standard errors (:mod:`.ensemble`).
        fidelity_per_schedule, wall_clock_per_schedule_s: the value of each schedule.
        pair_ages: distribution of the ages of pairs at use (count, mean, quantiles), s.
        pairs: the pair table of every schedule (one dict per pair: schedule, id, link, start,
            creation and use times, generation time, attempts, cut-off discards, age at use).
        timeline: the events of the first schedule (lane, kind, start, end, label) for a chart.
        time_per_schedule_s: real time per schedule (distribution + simulation), s.
    """

    counts: dict
    shots: int
    method: str
    fidelity: float | None
    fidelity_stderr: float
    pairs_consumed: int
    wall_clock_s: float
    links: list = field(default_factory=list)
    remote_gates: int = 0
    teleports: int = 0
    transfers: int = 0
    num_sim_qubits: int = 0
    assignment: list = field(default_factory=list)
    final_location: list = field(default_factory=list)
    sim_time_s: float = 0.0
    noise_form: str = "exact"
    network: str = ""
    raw_pairs_consumed: float = 0.0
    timing: str = "mean"
    schedules: int = 1
    wall_clock_stderr_s: float = 0.0
    fidelity_per_schedule: list = field(default_factory=list)
    wall_clock_per_schedule_s: list = field(default_factory=list)
    pair_ages: dict = field(default_factory=dict)
    pairs: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    time_per_schedule_s: float = 0.0

    @classmethod
    def from_result(cls, result, index: int = 0) -> DistributedResult:
        """The result of experiment ``index`` of a :class:`~.backend.NetworkBackend` ``Result``
        of a logical circuit (its ``metadata["qnet"]`` carries every field but the counts)."""
        exp = result.results[index]
        meta = dict(exp.metadata["qnet"])
        # a program without measurements has no counts (Result.get_counts would raise)
        counts = dict(result.get_counts(index)) if getattr(exp.data, "counts", None) else {}
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(counts=counts, **{k: v for k, v in meta.items() if k in names and k != "counts"})

    def to_dict(self) -> dict:
        """JSON-able dict of every field."""
        return _jsonable(asdict(self))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def summary_rows(self) -> list[tuple]:
        """(name, value, unit) rows for a table."""
        fid = "n/a (program not unitary)" if self.fidelity is None else self.fidelity
        rows: list[tuple] = [("method", self.method), ("noise form", self.noise_form), ("shots", self.shots),
                ("timing", self.timing if self.schedules == 1 else f"{self.timing} ({self.schedules} schedules)"),
                ("output fidelity vs ideal", fid)]
        if self.fidelity is not None and self.fidelity_stderr:
            rows.append(("  standard error", self.fidelity_stderr))
        rows.append(("pairs consumed", self.pairs_consumed))
        if abs(self.raw_pairs_consumed - self.pairs_consumed) > 1e-12:
            rows.append(("  link pairs incl. purification", self.raw_pairs_consumed))
        rows += [("remote gates", self.remote_gates),
                 ("qubit teleports", self.teleports), ("qubit transfers", self.transfers),
                 ("modelled hardware time", self.wall_clock_s, "s")]
        if self.wall_clock_stderr_s:
            rows.append(("  standard error", self.wall_clock_stderr_s, "s"))
        if self.pair_ages.get("count"):
            rows += [("mean pair age at use", self.pair_ages["mean_s"], "s"),
                     ("  90th percentile", self.pair_ages["p90_s"], "s")]
        rows += [("simulated qubits", self.num_sim_qubits), ("simulation time", self.sim_time_s, "s")]
        return rows
