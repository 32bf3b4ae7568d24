"""Benchmarks of distributed-program simulation (standalone: ``python benchmarks/bench_network.py``).

1. Package overhead: ``run_distributed`` end to end (distribution, timing, noise insertion, Aer run)
   against plain ``AerSimulator.run`` on the very same noisy circuit, measured in the same run.
2. Largest distributed GHZ (Clifford: stabilizer method) simulated in under a minute.
3. Largest distributed QFT (non-Clifford: statevector trajectories) simulated in under a minute.
4. ``extras`` (``python benchmarks/bench_network.py extras``, merged into the same file): the qnet
   transpiler stages against the distribution pass alone, and a purified link against a raw one.
5. ``qft`` (``python benchmarks/bench_network.py qft [N ...] [--qpus 2,4] [--shots S]``, merged into
   the same file): distributed QFT-n over 2 and 4 QPUs, with the exact Kraus forms and with the fast
   forms (``fast_noise_forms``), against the logical QFT-n under a plain Aer ``NoiseModel`` of the
   same gate and read-out errors; statevector trajectories at the same shots, interleaved, median
   of 3, each with the trajectory-mean fidelity and its standard error (issue 13).

Results go to ``benchmarks/results/bench_network.json``.
"""

from __future__ import annotations

import json
import platform
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
from qnet_plugin.network.simulate import lower_for_aer, run_distributed

OUT = Path(__file__).parent / "results" / "bench_network.json"
BUDGET_S = 60.0


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def overhead(program: str, network: str, method: str, shots: int) -> dict:
    net = load_network(example_path(network))
    qc = load_program(example_path(program))
    dc = distribute_circuit(qc, net)
    circ = lower_for_aer(dc.circuit(fidelity_probe=True, label="fidelity", pershot=method != "density_matrix"),
                         method)
    sim = AerSimulator(method=method, seed_simulator=1)
    plain = best_of(lambda: sim.run(circ, shots=shots).result())
    ours = best_of(lambda: run_distributed(qc, net, shots=shots, method=method, seed=1))
    return {"program": program, "network": network, "method": method, "shots": shots,
            "sim_qubits": circ.num_qubits, "plain_aer_s": plain, "package_s": ours, "ratio": ours / plain}


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


def logical_noise_model(qpu: QPU):
    """A plain Aer NoiseModel with the QPU's gate (depolarizing) and read-out errors."""
    from qiskit_aer.noise import NoiseModel

    from qnet_plugin.channels.aer_noise import gate_error, readout_flip

    nm = NoiseModel(basis_gates=["cx", "u", "p", "h", "x", "cp", "sx", "rz"])
    e1, e2 = gate_error(qpu.gate_error_1q, 1), gate_error(qpu.gate_error_2q, 2)
    if e1 is not None:
        nm.add_all_qubit_quantum_error(e1, ["u", "p", "h", "x", "sx", "rz"])
    if e2 is not None:
        nm.add_all_qubit_quantum_error(e2, ["cx", "cp"])
    flip = readout_flip(qpu.measurement_error)
    if flip is not None:
        nm.add_all_qubit_quantum_error(flip, ["measure"])
    return nm


def _probe_fidelity(result) -> tuple[float, float]:
    import numpy as np

    data = np.asarray(result.data()["fidelity"], dtype=float).reshape(-1)
    return float(data.mean()), float(data.std(ddof=1) / np.sqrt(data.size)) if data.size > 1 else 0.0


def qft_vs_logical(sizes, qpu_counts=(2, 4), shots=20, repeat=3) -> list[dict]:
    """Distributed QFT-n (exact and fast noise forms) against the logical QFT-n under a plain Aer
    NoiseModel, statevector trajectories at the same shots, interleaved, median of ``repeat``."""
    import statistics

    from qiskit import transpile
    from qiskit_aer.library import SaveAmplitudesSquared

    rows = []
    for n in sizes:
        for n_qpus in qpu_counts:
            net, assignment = line_network(n, n_qpus)
            t0 = time.perf_counter()
            dc = distribute_circuit(qft(n), net, assignment)
            distribute_s = time.perf_counter() - t0
            body = dc.circuit(fidelity_probe=True, label="fidelity", pershot=True)
            t0 = time.perf_counter()
            exact = lower_for_aer(body, "statevector", fast=False)
            fast = lower_for_aer(body, "statevector", fast=True)
            lower_fast_s = time.perf_counter() - t0
            # logical: U, then U^dagger and the |0..0> probe, as the distributed probe does
            ideal = QuantumCircuit(n)
            ideal.x(range(0, n, 2))
            ideal.append(QFTGate(n), range(n))
            logical = ideal.copy()
            logical.compose(ideal.inverse(), inplace=True)
            nm = logical_noise_model(net.qpus[0])
            logical = transpile(logical, basis_gates=nm.basis_gates, optimization_level=0)
            logical.append(SaveAmplitudesSquared(n, [0], label="fidelity", pershot=True), range(n))
            sim = AerSimulator(method="statevector", seed_simulator=1)
            sim_logical = AerSimulator(method="statevector", seed_simulator=1, noise_model=nm)
            times = {"logical": [], "exact": [], "fast": []}
            fids = {}
            for _ in range(repeat):  # interleaved
                for name, run in (("logical", lambda: sim_logical.run(logical, shots=shots).result()),
                                  ("exact", lambda: sim.run(exact, shots=shots).result()),
                                  ("fast", lambda: sim.run(fast, shots=shots).result())):
                    t0 = time.perf_counter()
                    res = run()
                    times[name].append(time.perf_counter() - t0)
                    fids[name] = _probe_fidelity(res)
            med = {k: statistics.median(v) for k, v in times.items()}
            row = {"qft": n, "qpus": n_qpus, "sim_qubits": dc.num_qubits, "shots": shots,
                   "ops_distributed": len(fast.data), "ops_logical": len(logical.data),
                   "distribute_s": distribute_s, "lower_s": lower_fast_s,
                   "logical_s": med["logical"], "exact_forms_s": med["exact"], "fast_forms_s": med["fast"],
                   "speedup_fast_vs_exact": med["exact"] / med["fast"],
                   "fast_vs_logical": med["fast"] / med["logical"],
                   "fidelity_logical": fids["logical"], "fidelity_exact_forms": fids["exact"],
                   "fidelity_fast_forms": fids["fast"]}
            rows.append(row)
            print(f"  QFT-{n} over {n_qpus} QPUs ({dc.num_qubits} simulated qubits, {shots} shots): logical "
                  f"{med['logical']:.2f} s, distributed exact {med['exact']:.2f} s, fast {med['fast']:.2f} s "
                  f"(x{row['speedup_fast_vs_exact']:.2f}); F fast {fids['fast'][0]:.4f} +- {fids['fast'][1]:.4f}, "
                  f"exact {fids['exact'][0]:.4f} +- {fids['exact'][1]:.4f}, logical {fids['logical'][0]:.4f} "
                  f"+- {fids['logical'][1]:.4f}", flush=True)
    return rows


def main():
    results = {"machine": platform.platform(), "python": platform.python_version()}
    print("overhead vs plain Aer on the same noisy circuit:")
    results["overhead"] = [overhead("qft_4.qasm", "two_fridges.toml", "density_matrix", 2000),
                           overhead("ghz_8.qasm", "four_fridges.toml", "density_matrix", 2000),
                           overhead("qft_4.qasm", "two_fridges.toml", "statevector", 500)]
    for r in results["overhead"]:
        print(f"  {r['program']} {r['method']}: plain {r['plain_aer_s']:.3f} s, package {r['package_s']:.3f} s,"
              f" ratio {r['ratio']:.2f}")
    print("largest GHZ (stabilizer):")
    results["ghz"] = largest(ghz, [100, 200, 400, 800, 1200], "stabilizer", 100)
    print("largest QFT (statevector trajectories):")
    results["qft"] = largest(qft, [6, 8, 10, 12], "statevector", 10)
    def ok(rows):
        return max([r["qubits"] for r in rows if r["seconds"] <= BUDGET_S], default=0)
    results["extras"] = extras()
    results["summary"] = {"max_overhead_ratio": max(r["ratio"] for r in results["overhead"]),
                          "largest_ghz_under_60s": ok(results["ghz"]),
                          "largest_qft_under_60s": ok(results["qft"])}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, default=float))
    print(json.dumps(results["summary"], indent=2))


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["qft"]:  # the QFT table, merged in
        import argparse

        ap = argparse.ArgumentParser(prog="bench_network.py qft")
        ap.add_argument("sizes", nargs="*", type=int, default=[6, 8, 10])
        ap.add_argument("--qpus", default="2,4")
        ap.add_argument("--shots", type=int, default=20)
        ap.add_argument("--repeat", type=int, default=3)
        a = ap.parse_args(sys.argv[2:])
        data = json.loads(OUT.read_text()) if OUT.exists() else {}
        data["qft_vs_logical"] = {"machine": platform.platform(), "method": "statevector",
                                  "rows": qft_vs_logical(a.sizes, [int(x) for x in a.qpus.split(",")],
                                                         a.shots, a.repeat)}
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
