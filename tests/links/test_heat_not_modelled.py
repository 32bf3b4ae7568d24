"""Issue 16: ``heat_w`` is None ("not modelled") where a model has no heat physics, never a stand-in 0."""

import json

import pytest
from qiskit.quantum_info import DensityMatrix

from qnet_plugin.cli import main
from qnet_plugin.links.base import LinkReport
from qnet_plugin.links.werner import WernerLink
from qnet_plugin.network import Link
from qnet_plugin.states import werner_state


def test_werner_link_has_no_heat_physics_unless_the_user_gives_one():
    assert WernerLink().report().heat_w is None
    assert WernerLink(heat_w=2e-6).report().heat_w == pytest.approx(2e-6)


def test_json_says_null_and_the_table_says_not_modelled(capsys):
    rep = WernerLink().report()
    assert rep.to_dict()["heat_w"] is None
    assert json.loads(rep.to_json())["heat_w"] is None
    assert main(["link", "werner", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["heat_w"] is None
    assert main(["link", "werner"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "heat load" in x)
    assert line.split()[-2:] == ["not", "modelled"]  # no unit after it, no "0 W"
    assert main(["link", "werner", "--heat-w", "3e-6"]) == 0
    assert "3e-06 W" in capsys.readouterr().out


def test_network_link_heat_stays_unknown_over_channels():
    assert Link("A", "B", WernerLink(), channels=4).heat_w is None
    assert Link("A", "B", WernerLink(heat_w=1e-6), channels=4).heat_w == pytest.approx(4e-6)


def test_report_refuses_negative_heat():
    with pytest.raises(ValueError, match="heat_w = -1"):
        LinkReport(link="x", rate_hz=1.0, state=DensityMatrix(werner_state(0.9)), fidelity=0.9, heat_w=-1.0,
                   parameters={})
