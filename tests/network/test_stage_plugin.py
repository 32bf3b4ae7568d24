"""The distribution pass as Qiskit transpiler stages ``layout_method="qnet"`` / ``routing_method="qnet"``:
the plugin classes directly, through ``generate_preset_pass_manager`` and ``transpile`` at every
optimization level, and through the real entry-point machinery (installed, or a temporary
distribution on ``sys.path`` when the package's metadata does not list it yet)."""

import importlib.metadata
import sys

import numpy as np
import pytest
from qiskit import transpile
from qiskit.circuit.random import random_circuit
from qiskit.quantum_info import DensityMatrix, Statevector, state_fidelity
from qiskit.transpiler import PassManager, PassManagerConfig, generate_preset_pass_manager
from qiskit.transpiler.preset_passmanagers.plugin import PassManagerStagePluginManager, list_stage_plugins
from qiskit_aer import AerSimulator

from qnet_plugin.core.validation import ParameterError
from qnet_plugin.examples import ghz_circuit
from qnet_plugin.network import network_coupling_map, use_network
from qnet_plugin.network.distribute import distribute_circuit
from qnet_plugin.network.simulate import lower_for_aer
from qnet_plugin.network.stage_plugin import QNetLayoutPlugin, QNetRoutingPlugin, current_network_map

ENTRY_POINTS = {"layout": "qnet_plugin.network.stage_plugin:QNetLayoutPlugin",
                "routing": "qnet_plugin.network.stage_plugin:QNetRoutingPlugin"}


ghz = ghz_circuit


def logical_state(out) -> DensityMatrix:
    """Exact output state of a transpiled circuit's logical qubits (final layout applied)."""
    body = lower_for_aer(out.remove_final_measurements(inplace=False), "density_matrix")
    body.save_density_matrix(qubits=out.layout.final_index_layout(), label="rho")
    data = AerSimulator(method="density_matrix").run(body, shots=1).result().data()["rho"]
    return DensityMatrix(np.asarray(data))


def pass_state(dc) -> DensityMatrix:
    body = lower_for_aer(dc.body, "density_matrix")
    body.save_density_matrix(qubits=dc.final_qubits, label="rho")
    return DensityMatrix(np.asarray(AerSimulator(method="density_matrix").run(body, shots=1).result().data()["rho"]))


@pytest.fixture
def with_plugins(monkeypatch):
    """Register the two plugin classes with Qiskit's stage manager (as the entry points would)."""
    from stevedore import ExtensionManager
    from stevedore.extension import Extension

    orig = PassManagerStagePluginManager.__init__

    def init(self):
        orig(self)
        for stage, cls in (("layout", QNetLayoutPlugin), ("routing", QNetRoutingPlugin)):
            mgr = getattr(self, f"{stage}_plugins")
            if "qnet" not in mgr.names():
                exts = [Extension("qnet", None, cls, cls())] + list(mgr.extensions)
                setattr(self, f"{stage}_plugins",
                        ExtensionManager.make_test_instance(exts, namespace=f"qiskit.transpiler.{stage}"))

    monkeypatch.setattr(PassManagerStagePluginManager, "__init__", init)


def test_plugin_classes_directly(make_line):
    net = make_line([0.9], data_qubits=2)
    cmap = network_coupling_map(net, ["A", "A", "B", "B"])
    config = PassManagerConfig(coupling_map=cmap)
    layout_pm = QNetLayoutPlugin().pass_manager(config, 1)
    routing_pm = QNetRoutingPlugin().pass_manager(config, 1)
    assert isinstance(layout_pm, PassManager) and isinstance(routing_pm, PassManager)
    pm = PassManager()
    pm += layout_pm
    pm += routing_pm
    out = pm.run(ghz(4))
    dc = pm.property_set["distribution"]
    assert out.num_qubits == 4 + 4 and dc.pairs_consumed == 1 and out.metadata["qnet"]["pairs_consumed"] == 1
    assert cmap.qpu_of == ("A", "A", "B", "B", None, None, None, None)
    # no network anywhere: a clear error naming what to pass
    with pytest.raises(ParameterError, match="network = None"):
        current_network_map(PassManagerConfig())


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_generate_preset_pass_manager_equals_the_pass(level, make_line, with_plugins):
    # Werner links A-B-C with noisy QPUs: the staged output, whatever the optimization level, holds
    # the same logical output state as the distribution pass run alone (to 1e-9).
    import dataclasses

    net = make_line([0.9, 0.95], data_qubits=2)
    net = dataclasses.replace(net, qpus=tuple(dataclasses.replace(q, gate_error_2q=1e-2, gate_error_1q=1e-3,
                                                                  t1=2e-5, t2=2e-5, gate_time_2q=1e-7)
                                              for q in net.qpus))
    assignment = ["A", "A", "B", "B", "C"]
    pm = generate_preset_pass_manager(optimization_level=level, layout_method="qnet", routing_method="qnet",
                                      coupling_map=network_coupling_map(net, assignment))
    out = pm.run(ghz(5))
    expected = pass_state(distribute_circuit(ghz(5), net, assignment))
    assert np.allclose(logical_state(out).data, expected.data, atol=1e-9)
    assert pm.property_set["distribution"].pairs_consumed == 2
    counts = AerSimulator(method="density_matrix").run(out, shots=500, seed_simulator=1).result().get_counts()
    assert sum(counts.values()) == 500 and max(counts, key=counts.get) in ("00000", "11111")


def test_transpile_with_use_network_perfect_links_random_circuit(make_line, with_plugins):
    # Perfect links and ideal QPUs: the transpiled program is the ideal program (automatic placement,
    # teleportation may move qubits: the final layout says where they end).
    net = make_line([1.0, 1.0], data_qubits=2)
    qc = random_circuit(5, 5, max_operands=2, seed=11)
    with use_network(net) as opts:
        assert set(opts) == {"coupling_map", "layout_method", "routing_method"}
        out = transpile(qc, optimization_level=1, **opts)
    assert out.metadata["qnet"]["pairs_consumed"] >= 1
    assert state_fidelity(logical_state(out), Statevector(qc)) == pytest.approx(1.0, abs=1e-9)


def test_routing_only_with_initial_layout_and_ghz_formula(make_line, with_plugins):
    # routing_method="qnet" alone, placement from initial_layout (physical qubit -> QPU: data qubits
    # of A, then B, then C); the GHZ fidelity is the independent Werner formula of test_distribute.
    fids = [0.9, 0.85]
    net = make_line(fids, data_qubits=2)
    out = transpile(ghz(4), coupling_map=network_coupling_map(net), routing_method="qnet",
                    initial_layout=[0, 1, 2, 4], optimization_level=0)
    assert out.metadata["qnet"]["assignment"] == ["A", "A", "B", "C"]
    q = [(1 - f) / 3 for f in fids]
    expected = (np.prod([f + qi for f, qi in zip(fids, q)]) + np.prod([f - qi for f, qi in zip(fids, q)])) / 2
    assert state_fidelity(logical_state(out), Statevector(ghz(4, measure=False))) == pytest.approx(expected, abs=1e-9)


def _plugin_installed(stage: str) -> bool:
    return any(ep.name == "qnet" and ep.value == ENTRY_POINTS[stage]
               for ep in importlib.metadata.entry_points(group=f"qiskit.transpiler.{stage}"))


def test_entry_point_path(make_line, tmp_path, monkeypatch):
    # The real discovery path: Qiskit's stage manager reads the entry-point groups through stevedore.
    # If the package's metadata does not list the plugins yet, a temporary distribution on sys.path
    # declares exactly the lines pyproject.toml should carry.
    if not all(_plugin_installed(s) for s in ENTRY_POINTS):
        dist = tmp_path / "qnet_stage_plugins-0.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: qnet-stage-plugins\nVersion: 0.0\n")
        (dist / "entry_points.txt").write_text("".join(
            f"[qiskit.transpiler.{stage}]\nqnet = {target}\n\n" for stage, target in ENTRY_POINTS.items()))
        import stevedore._cache
        from stevedore import ExtensionManager

        monkeypatch.setattr(stevedore._cache._c, "_disable_caching", True)  # no cache file for a temp path
        monkeypatch.setattr(ExtensionManager, "ENTRY_POINT_CACHE", {})  # per-process cache of each group
        monkeypatch.syspath_prepend(str(tmp_path))
        importlib.invalidate_caches()
        assert all(_plugin_installed(s) for s in ENTRY_POINTS)
    assert "qnet" in list_stage_plugins("routing") and "qnet" in list_stage_plugins("layout")
    net = make_line([0.9], data_qubits=2)
    with use_network(net, ["A", "A", "B", "B"]) as opts:
        out = transpile(ghz(4), optimization_level=2, **opts)
    # one Werner link: [(F + q) + (F - q)]/2 = F (the formula of test_distribute for one pair)
    assert state_fidelity(logical_state(out), Statevector(ghz(4, measure=False))) == pytest.approx(0.9, abs=1e-9)
    assert "qnet_stage_plugins" not in sys.modules  # nothing imported from the temporary distribution


def test_routing_after_a_default_layout_partitions_itself(make_line, with_plugins):
    # Sabre/VF2 treat the map's edges as local couplings; the qnet routing stage then ignores their
    # placement, partitions (fewest pairs) and distributes.
    net = make_line([1.0], data_qubits=2)
    out = transpile(ghz(4), coupling_map=network_coupling_map(net), routing_method="qnet",
                    optimization_level=1, seed_transpiler=3)
    assert sorted(out.metadata["qnet"]["assignment"]) == ["A", "A", "B", "B"]
    assert out.metadata["qnet"]["pairs_consumed"] == 1
    assert state_fidelity(logical_state(out), Statevector(ghz(4, measure=False))) == pytest.approx(1.0, abs=1e-9)
