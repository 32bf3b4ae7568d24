"""Links compose their device objects; the device's fields are declared once and shared by reference;
the registry is the entry-point group alone; links/__init__ imports explicitly."""

import dataclasses
import json
from importlib.metadata import EntryPoint

import pytest

import qnet_plugin.links as links_pkg
from qnet_plugin.cli import main
from qnet_plugin.core import link_registry as registry
from qnet_plugin.core.units import TWO_PI
from qnet_plugin.core.validation import ParameterError, param
from qnet_plugin.links import (
    DirectElectroOpticLink,
    ElectroOpticLink,
    LinkModel,
    MillimeterWaveLink,
    SCIonLink,
    TransferSource,
    device_param,
)
from qnet_plugin.links.eo_device import ElectroOpticTransducer
from qnet_plugin.physics.mmwave.converter import MmWaveConverter
from qnet_plugin.physics.thermal_link import ThermalWaveguide

#: link -> (device, its attribute on the link, device fields the link derives instead of sharing)
COMPOSED = [
    (MillimeterWaveLink, MmWaveConverter, "converter", set()),
    (MillimeterWaveLink, ThermalWaveguide, "waveguide", {"frequency"}),   # the converter's omega_mm / 2 pi
    (ElectroOpticLink, ElectroOpticTransducer, "transducer", set()),
    (SCIonLink, ElectroOpticTransducer, "transducer", set()),
    (DirectElectroOpticLink, ElectroOpticTransducer, "transducer", set()),
]
#: where a link's operating point differs from the device's default (and why)
OVERRIDDEN = {(MillimeterWaveLink, "length"): 10.0}       # 002 Sec. VII: a 10 m waveguide, not the device's 1 m


@pytest.mark.parametrize("link_cls, device, attr, derived", COMPOSED, ids=lambda x: getattr(x, "__name__", ""))
def test_device_fields_are_shared_not_copied(link_cls, device, attr, derived):
    """Every device parameter appears on the link once, with the device's default, unit and bounds."""
    link_fields = {f.name: f for f in dataclasses.fields(link_cls)}
    shared = {n for n, f in link_fields.items() if f.metadata.get("device") is device}
    assert shared == {f.name for f in dataclasses.fields(device)} - derived
    for f in dataclasses.fields(device):
        if f.name in derived:
            continue
        lf = link_fields[f.name]
        assert lf.default == OVERRIDDEN.get((link_cls, f.name), f.default)
        same = {k: v for k, v in f.metadata.items() if k != "help"}
        assert {k: v for k, v in lf.metadata.items() if k not in ("help", "device")} == same


@pytest.mark.parametrize("link_cls, device, attr, derived", COMPOSED, ids=lambda x: getattr(x, "__name__", ""))
def test_the_link_composes_its_device(link_cls, device, attr, derived):
    link = link_cls()
    dev = getattr(link, attr)
    assert isinstance(dev, device) and getattr(link, attr) is dev            # built once, kept
    for name, value in link.device_parameters(device).items():
        assert getattr(dev, name) == value
    # replace() makes a new link with a new device; the old one is untouched
    name = sorted(link.device_parameters(device))[0]
    value = getattr(link, name) * 0.5 if getattr(link, name) else 1.0
    other = link.replace(**{name: value})
    assert getattr(getattr(other, attr), name) == value and getattr(dev, name) == getattr(link, name)


def test_mmwave_link_reads_its_physics_from_the_devices():
    link = MillimeterWaveLink(kappa_uw=TWO_PI * 20e6, length=50.0, temperature=20.0)
    c, w = link.converter, link.waveguide
    assert c == MmWaveConverter(kappa_uw=TWO_PI * 20e6)
    assert w == ThermalWaveguide(frequency=300e9, temperature=20.0, attenuation_db_per_m=0.08, length=50.0)
    r = link.report()
    assert r.rate_hz == 1 / link.transfer_time_s and r.heat_w == c.heat()["total"]
    assert r.extras["efficiency"] == c.efficiency and r.extras["waveguide_transmittance"] == w.transmittance
    # the device's own validity conditions run when the link is made (002 Sec. VI)
    with pytest.raises(ParameterError, match="the mm-wave mode must lie above the microwave mode"):
        MillimeterWaveLink(omega_mm=TWO_PI * 5e9)


def test_electro_optic_links_share_one_transducer_model():
    eo, direct = ElectroOpticLink(pump_power=2e-5), DirectElectroOpticLink(pump_power=2e-5)
    assert eo.transducer == direct.transducer == ElectroOpticTransducer(pump_power=2e-5)
    assert eo.coupling_g == direct.coupling_g == eo.transducer.coupling_g
    assert eo.report().extras["pump_photons"] == eo.transducer.pump_photons
    assert direct.report().memory_t1_s == eo.report().memory_t1_s == 1 / eo.gamma_mw   # 1 ms at 1 kHz


def test_device_param_rejects_unknown_and_keeps_overrides():
    with pytest.raises(TypeError, match="MmWaveConverter has no field 'kappa'"):
        device_param(MmWaveConverter, "kappa")
    with pytest.raises(TypeError, match="not a dataclass"):
        device_param(object, "x")

    @dataclasses.dataclass(frozen=True)
    class Dev:
        x: float = param(1.0, "an x", "m", low=0.0)

    @dataclasses.dataclass(frozen=True)
    class Toy(LinkModel):
        x: float = device_param(Dev, "x", default=2.0, help="the link's x")

        def report(self):  # pragma: no cover - not called
            raise NotImplementedError

    (f,) = dataclasses.fields(Toy)
    assert f.default == 2.0 and f.metadata["help"] == "the link's x" and f.metadata["unit"] == "m"
    assert Toy(x=3.0).device_parameters(Dev) == {"x": 3.0}
    with pytest.raises(ParameterError, match=r"x = -1 m is outside the allowed range \[0, inf\)"):
        Toy(x=-1.0)


# ------------------------------------------------------------------------------------------ registry
def test_registry_is_the_entry_point_group_alone():
    assert not hasattr(registry, "BUILTIN_LINKS")
    names = registry.available_links()
    assert {"werner", "electro-optic", "mmwave", "direct-electro-optic", "nv-diamond", "dual-rail", "sc-ion",
            "sc-photon"} <= set(names)
    for name in names:
        cls = registry.get_link_class(name)
        assert cls.name == name and cls.__name__ in links_pkg.__all__ and getattr(links_pkg, cls.__name__) is cls


def test_unknown_name_lists_the_choices():
    with pytest.raises(ParameterError, match=r"link = 'no-such' is not a known link model; choose one of "
                                             r"direct-electro-optic, dual-rail, electro-optic, "):
        registry.get_link_class("no-such")


def test_entry_points_are_read_once_per_process(monkeypatch):
    calls = []
    fake = EntryPoint(name="my-link", value="qnet_plugin.links.werner:WernerLink", group=registry.ENTRY_POINT_GROUP)

    def reader(group):
        calls.append(group)
        return [fake]

    monkeypatch.setattr(registry, "entry_points", reader)
    assert registry.available_links() == {"my-link": fake.value}
    assert registry.get_link_class("my-link").name == "werner"
    assert calls == [registry.ENTRY_POINT_GROUP]                                    # one read, then the cache
    registry.clear_cache()
    registry.available_links()
    assert len(calls) == 2


def test_a_plugin_cannot_shadow_a_builtin(monkeypatch):
    real = registry.entry_points
    shadow = EntryPoint(name="werner", value="qnet_plugin.links.mmwave:MillimeterWaveLink",
                        group=registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "entry_points", lambda group: [shadow, *real(group=group)])
    assert registry.get_link_class("werner").__name__ == "WernerLink"


def test_package_imports_explicitly():
    assert "__getattr__" not in vars(links_pkg)
    for name in links_pkg.__all__:
        assert hasattr(links_pkg, name)


def test_qnet_links_shows_capabilities_from_the_types(capsys):
    assert main(["links", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    for name, row in rows.items():
        cls = registry.get_link_class(name)
        expected = ["pair source"] + (["transfer source"] if issubclass(cls, TransferSource) else [])
        assert row["capabilities"] == expected
    assert rows["mmwave"]["capabilities"] == rows["direct-electro-optic"]["capabilities"] == [
        "pair source", "transfer source"]
    assert rows["electro-optic"]["capabilities"] == ["pair source"]
    assert main(["links"]) == 0
    table = capsys.readouterr().out
    assert any(line.startswith("mmwave") and "pair source, transfer source" in line for line in table.splitlines())
