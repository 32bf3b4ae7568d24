"""Benchmarks of distributed-program simulation (standalone: ``python benchmarks/bench_network.py``).

1. Overhead (``python benchmarks/bench_network.py overhead``): ``NetworkBackend.run`` of a
   transpiled circuit, and ``run_distributed`` end to end, against plain ``AerSimulator.run`` on
   the very same noisy circuit; interleaved, median of 3.
2. Largest distributed GHZ (Clifford: stabilizer method) simulated in under a minute.
3. Largest distributed QFT (non-Clifford: statevector trajectories) simulated in under a minute.
4. ``extras`` (``python benchmarks/bench_network.py extras``, merged into the same file): the qnet
   transpiler stages against the distribution pass alone, and a purified link against a raw one.

Results go to ``benchmarks/results/bench_network.json``.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from pathlib import Path

from qiskit import QuantumCircuit
from qiskit.circuit.library import QFTGate
from qiskit_aer import AerSimulator

from qnet_plugin.examples import example_path, ghz_circuit
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import QPU, Link, Network, load_network
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.program import load_program
from qnet_plugin.network.run import run_distributed
from qnet_plugin.network.simulate import lower_for_aer

OUT = Path(__file__).parent / "results" / "bench_network.json"
BUDGET_S = 60.0


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def interleaved(fns: dict, repeat: int = 3) -> dict:
    """Median seconds of each callable, run interleaved (a, b, c, a, b, c, ...) so that load on
    the machine falls on all of them alike."""
    times: dict = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def overhead(program: str, network: str, method: str, shots: int) -> dict:
    """The backend's overhead over plain Aer on the same noisy circuit, and the whole pipeline.

    * ``plain_aer_s``: ``AerSimulator.run`` of the lowered noisy circuit the backend runs;
    * ``backend_run_s``: ``NetworkBackend.run`` of the transpiled circuit (lowering, method,
      result with the per-link breakdown);
    * ``run_distributed_s``: ``run_distributed`` end to end (distribution, schedule, noise, probe,
      Aer run).
    """
    from qiskit import transpile

    from qnet_plugin.network import NetworkBackend

    net = load_network(example_path(network))
    qc = load_program(example_path(program))
    backend = NetworkBackend(net, method=method)
    isa = transpile(qc, backend, optimization_level=1, seed_transpiler=1)
    circ = lower_for_aer(isa, method)
    sim = AerSimulator(method=method, seed_simulator=1)
    med = interleaved({
        "plain_aer_s": lambda: sim.run(circ, shots=shots).result(),
        "backend_run_s": lambda: backend.run(isa, shots=shots, seed_simulator=1).result(),
        "run_distributed_s": lambda: run_distributed(qc, net, shots=shots, method=method, seed=1),
    })
    row = {"program": program, "network": network, "method": method, "shots": shots,
           "sim_qubits": len({q for i in circ.data if i.operation.name != "barrier" for q in i.qubits}), **med}
    row["backend_ratio"] = med["backend_run_s"] / med["plain_aer_s"]
    row["run_distributed_ratio"] = med["run_distributed_s"] / med["plain_aer_s"]
    return row


def line_network(n_qubits: int, n_qpus: int) -> tuple[Network, list[str]]:
    per = -(-n_qubits // n_qpus)
    qpus = tuple(QPU(name=f"Q{i}", data_qubits=per) for i in range(n_qpus))
    links = tuple(Link(f"Q{i}", f"Q{i + 1}", WernerLink()) for i in range(n_qpus - 1))
    assignment = [f"Q{q // per}" for q in range(n_qubits)]
    return Network(qpus, links, name=f"{n_qpus}-QPU line"), assignment


ghz = ghz_circuit


def qft(n: int) -> QuantumCircuit:
    qc = QuantumCircuit(n, n)
    qc.x(range(0, n, 2))
    qc.append(QFTGate(n), range(n))
    qc.measure(range(n), range(n))
    return qc


def largest(make, sizes, method, shots, n_qpus=4) -> list[dict]:
    rows = []
    for n in sizes:
        net, assignment = line_network(n, n_qpus)
        t0 = time.perf_counter()
        res = run_distributed(make(n), net, assignment, shots=shots, method=method, seed=1)
        dt = time.perf_counter() - t0
        rows.append({"qubits": n, "sim_qubits": res.num_sim_qubits, "method": res.method, "shots": shots,
                     "seconds": dt, "fidelity": res.fidelity, "pairs": res.pairs_consumed})
        print(f"  {make.__name__} n={n}: {dt:.2f} s ({res.method}, {shots} shots, F={res.fidelity})", flush=True)
        if dt > BUDGET_S:
            break
    return rows


def logical_noise_model(net: Network):
    """An Aer ``NoiseModel`` of the strength of ``net``'s QPUs on every qubit (depolarizing gate
    errors of the same average infidelity, the same read-out error): the "comparable" plain-Aer
    noise for the logical circuit."""
    from qiskit_aer.noise import NoiseModel, ReadoutError

    from qnet_plugin.channels.aer_noise import gate_error

    qpu = net.qpus[0]
    nm = NoiseModel(basis_gates=["rz", "sx", "x", "cx"])
    nm.add_all_qubit_quantum_error(gate_error(qpu.gate_error_1q, 1), ["rz", "sx", "x"])
    nm.add_all_qubit_quantum_error(gate_error(qpu.gate_error_2q, 2), ["cx"])
    m = qpu.measurement_error
    nm.add_all_qubit_readout_error(ReadoutError([[1 - m, m], [m, 1 - m]]))
    return nm


def qft_table(sizes=(8, 10, 12, 14, 16, 18, 20), qpus=(2, 4), shots: int = 100, repeat: int = 3) -> list[dict]:
    """Distributed QFT-n against the logical QFT under a comparable Aer NoiseModel, at the same
    shots: the logical QFT-n itself, and a logical QFT on as many qubits as the distributed
    circuit simulates (the same state size). Interleaved, median of ``repeat`` (one run when a
    distributed run takes over 20 s); a size is skipped for a QPU count once a run exceeded
    BUDGET_S. Each row states the shots and the fidelity's statistical error."""
    from qiskit import transpile

    rows = []
    for k in qpus:
        for n in sizes:
            net, assignment = line_network(n, k)
            holder: dict = {}

            def distributed(net=net, assignment=assignment, n=n):
                holder["res"] = run_distributed(qft(n), net, assignment, shots=shots, method="statevector", seed=1)

            t0 = time.perf_counter()
            distributed()
            first = time.perf_counter() - t0
            res = holder["res"]
            m = res.num_sim_qubits
            sim = AerSimulator(method="statevector", noise_model=logical_noise_model(net), seed_simulator=1)
            same_n = transpile(qft(n), basis_gates=["rz", "sx", "x", "cx"], optimization_level=1)
            same_m = transpile(qft(m), basis_gates=["rz", "sx", "x", "cx"], optimization_level=1)
            fns = {"distributed_s": distributed,
                   "logical_same_n_s": lambda c=same_n: sim.run(c, shots=shots).result(),
                   "logical_same_sim_qubits_s": lambda c=same_m: sim.run(c, shots=shots).result()}
            med = interleaved(fns, repeat=repeat if first < 20 else 1)
            row = {"qubits": n, "qpus": k, "shots": shots, "sim_qubits": m, "pairs": res.pairs_consumed,
                   "fidelity": res.fidelity, "fidelity_stderr": res.fidelity_stderr, **med,
                   "ratio_same_n": med["distributed_s"] / med["logical_same_n_s"],
                   "ratio_same_sim_qubits": med["distributed_s"] / med["logical_same_sim_qubits_s"]}
            rows.append(row)
            print(f"  QFT-{n} on {k} QPUs ({m} sim qubits, {shots} shots, {res.pairs_consumed} pairs): "
                  f"{med['distributed_s']:.2f} s; logical QFT-{n} {med['logical_same_n_s']:.2f} s "
                  f"({row['ratio_same_n']:.1f}x), logical QFT-{m} {med['logical_same_sim_qubits_s']:.2f} s "
                  f"({row['ratio_same_sim_qubits']:.1f}x); F = {res.fidelity:.4f} +- {res.fidelity_stderr:.4f}",
                  flush=True)
            if med["distributed_s"] > BUDGET_S:
                break
    return rows


def extras() -> dict:
    """The qnet transpiler stages against the pass alone, and a purified link against a raw one."""
    from qiskit.transpiler import PassManager, PassManagerConfig

    from qnet_plugin.network import network_coupling_map
    from qnet_plugin.network.stage_plugin import QNetLayoutPlugin, QNetRoutingPlugin

    net = load_network(example_path("four_fridges.toml"))
    qc = load_program(example_path("ghz_8.qasm"))
    config = PassManagerConfig(coupling_map=network_coupling_map(net))

    def staged():
        pm = PassManager()
        pm += QNetLayoutPlugin().pass_manager(config, 1)
        pm += QNetRoutingPlugin().pass_manager(config, 1)
        return pm.run(qc)

    stage = {"program": "ghz_8.qasm", "network": "four_fridges.toml", "pass_alone_s": best_of(lambda: distribute_circuit(qc, net)),
             "stages_s": best_of(staged)}
    stage["ratio"] = stage["stages_s"] / stage["pass_alone_s"]
    raw_net, pur_text = load_network(example_path("two_fridges.toml")), example_path("two_fridges_purified.toml")
    t0 = time.perf_counter()
    pur_net = load_network(pur_text)  # parsing computes the purified pair (engine compile + rounds)
    build = time.perf_counter() - t0
    prog = load_program(example_path("ghz_4.qasm"))
    raw = run_distributed(prog, raw_net, shots=2000, seed=1)
    pur = run_distributed(prog, pur_net, shots=2000, seed=1)
    link = pur.links[0]
    purification = {"network": "two_fridges_purified.toml", "load_with_purification_s": build,
                    "raw_pair_fidelity": link["raw_pair_fidelity"], "purified_pair_fidelity": link["pair_fidelity"],
                    "raw_pair_rate_hz": link["raw_pair_rate_hz"], "purified_pair_rate_hz": link["pair_rate_hz"],
                    "link_pairs_per_purified_pair": link["raw_pairs_per_pair"],
                    "ghz4_fidelity_raw": raw.fidelity, "ghz4_fidelity_purified": pur.fidelity,
                    "ghz4_run_raw_s": raw.sim_time_s, "ghz4_run_purified_s": pur.sim_time_s}
    return {"stages": stage, "purification": purification}


def overhead_rows() -> list[dict]:
    rows = [overhead("qft_4.qasm", "two_fridges.toml", "density_matrix", 2000),
            overhead("ghz_8.qasm", "four_fridges.toml", "density_matrix", 2000),
            overhead("qft_4.qasm", "two_fridges.toml", "statevector", 500),
            overhead("ghz_8.qasm", "four_fridges.toml", "statevector", 500)]
    for r in rows:
        print(f"  {r['program']} {r['method']} ({r['shots']} shots): plain Aer {r['plain_aer_s']:.3f} s, "
              f"backend.run {r['backend_run_s']:.3f} s ({r['backend_ratio']:.2f}x), run_distributed "
              f"{r['run_distributed_s']:.3f} s ({r['run_distributed_ratio']:.2f}x)", flush=True)
    return rows


def main():
    results = {"machine": platform.platform(), "python": platform.python_version()}
    print("overhead vs plain Aer on the same noisy circuit:")
    results["overhead"] = overhead_rows()
    print("largest GHZ (stabilizer):")
    results["ghz"] = largest(ghz, [100, 200, 400, 800, 1200], "stabilizer", 100)
    print("largest QFT (statevector trajectories):")
    results["qft"] = largest(qft, [6, 8, 10, 12], "statevector", 10)

    def ok(rows):
        return max([r["qubits"] for r in rows if r["seconds"] <= BUDGET_S], default=0)

    results["extras"] = extras()
    results["summary"] = {"max_backend_overhead_ratio": max(r["backend_ratio"] for r in results["overhead"]),
                          "largest_ghz_under_60s": ok(results["ghz"]),
                          "largest_qft_under_60s": ok(results["qft"])}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, default=float))
    print(json.dumps(results["summary"], indent=2))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["overhead"]:  # only the overhead rows, merged in
        data = json.loads(OUT.read_text()) if OUT.exists() else {}
        data["overhead"] = overhead_rows()
        data.setdefault("summary", {})["max_backend_overhead_ratio"] = max(r["backend_ratio"] for r in data["overhead"])
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(data, indent=2, default=float))
    elif sys.argv[1:2] == ["qft"]:  # only the QFT table, merged in (optional sizes after "qft")
        data = json.loads(OUT.read_text()) if OUT.exists() else {}
        sizes = tuple(int(x) for x in sys.argv[2:]) or (8, 10, 12, 14, 16, 18, 20)
        data["qft_table"] = qft_table(sizes)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(data, indent=2, default=float))
    elif sys.argv[1:] == ["extras"]:  # only the stage-plugin and purification figures, merged in
        data = json.loads(OUT.read_text()) if OUT.exists() else {}
        data["extras"] = extras()
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(data, indent=2, default=float))
        print(json.dumps(data["extras"], indent=2, default=float))
    else:
        main()
