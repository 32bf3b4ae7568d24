"""What a link's distance costs: fibre loss on the heralding photons, and the classical round trip
of every heralding attempt (issue 15). The classical latency of feed-forward is
:attr:`.model.Link.classical_latency`.

A :class:`~.model.Link` places a link model at ``distance`` metres. How that distance enters
depends on what the model already describes:

* **models with their own length** (a field ``length`` or ``fibre_length``: the millimetre-wave
  waveguide of paper 002, the direct electro-optic link, :class:`~qnet_plugin.links.transducer.TransducerLink`):
  the link's distance *is* that length (one quantity); the model's own physics prices it (waveguide
  or fibre attenuation, and for the transducer link its own attempt round trip). A link's
  ``attenuation_db_per_km``, when given, sets the model's ``fibre_attenuation_db_per_km``.
* **heralded models without a length** (their report gives ``herald_probability``; the
  electro-optic link of paper 000, the SC-ion link, NV centres): the detection station sits at the
  midpoint (as in :mod:`qnet_plugin.links.transducer`), so each node's photon crosses distance/2 of
  fibre: a model with an ``insertion_loss_db`` gets attenuation x distance/2 added to it (the
  herald probability and the pair state follow from the model's own physics); and every attempt
  waits for the herald to come back, so the attempt time p / rate grows by the round trip
  distance x n_g / c (photon to the station, herald back): rate -> p / (p / rate + distance n_g / c).
* **everything else** (reference Werner pairs, multi-pair sources given as a rate): the rate and
  state are taken as given at that distance; the distance sets the classical latency only.

Fibre attenuation, standard single-mode fibre (ITU-T G.652; e.g. Corning SMF-28 Ultra data sheet:
<= 0.18-0.20 dB/km at 1550 nm, <= 0.32-0.35 dB/km at 1310 nm), by the model's ``wavelength`` when it
has one (the nearest band of :data:`ATTENUATION_DB_PER_KM`), else 0.2 dB/km (1550 nm, the telecom
C band the transducers of papers 000/001 convert to). At 850 nm single-mode fibre loses ~2 dB/km
(Rayleigh scattering, proportional to 1/lambda^4, scaled from the 1310 nm value).
"""

from __future__ import annotations

import dataclasses
import math

from qnet_plugin.core.units import C_LIGHT

#: Group index of standard telecom fibre (also in :mod:`.model`): signals travel at c / n_g.
FIBRE_GROUP_INDEX = 1.468

#: Typical attenuation of standard single-mode fibre by wavelength band (m -> dB/km), see above.
ATTENUATION_DB_PER_KM = {850e-9: 2.0, 1310e-9: 0.35, 1550e-9: 0.2}
#: Default when the model names no wavelength: the 1550 nm C band.
DEFAULT_ATTENUATION_DB_PER_KM = 0.2

#: Model fields that already are the link's length / fibre attenuation.
LENGTH_FIELDS = ("length", "fibre_length")
ATTENUATION_FIELDS = ("fibre_attenuation_db_per_km",)


def _field(model, names) -> str | None:
    if not dataclasses.is_dataclass(model):
        return None
    have = {f.name for f in dataclasses.fields(model)}
    return next((n for n in names if n in have), None)


def own_length(model) -> float | None:
    """The model's own length field value, m (None when it has none)."""
    name = _field(model, LENGTH_FIELDS)
    return None if name is None else float(getattr(model, name))


def attenuation_for(model) -> float:
    """Fibre attenuation for ``model``, dB/km: its own field, or by its ``wavelength``, or 0.2."""
    own = _field(model, ATTENUATION_FIELDS)
    if own is not None:
        return float(getattr(model, own))
    wavelength = getattr(model, "wavelength", None)
    if isinstance(wavelength, (int, float)) and wavelength > 0:
        band = min(ATTENUATION_DB_PER_KM, key=lambda w: abs(math.log(w / wavelength)))
        return ATTENUATION_DB_PER_KM[band]
    return DEFAULT_ATTENUATION_DB_PER_KM


def placed_model(model, distance: float, attenuation_db_per_km: float | None):
    """``model`` with the link's distance as its own length (and attenuation), when it has them."""
    changes = {}
    name = _field(model, LENGTH_FIELDS)
    if name is not None and float(getattr(model, name)) != distance:
        changes[name] = float(distance)
    att = _field(model, ATTENUATION_FIELDS)
    if att is not None and attenuation_db_per_km is not None and getattr(model, att) != attenuation_db_per_km:
        changes[att] = float(attenuation_db_per_km)
    return dataclasses.replace(model, **changes) if changes else model


def herald_round_trip_s(distance: float) -> float:
    """Photon to the midpoint station and herald back: distance x n_g / c, s."""
    return distance * FIBRE_GROUP_INDEX / C_LIGHT


def costed_report(model, distance: float, attenuation_db_per_km: float):
    """The report of ``model`` placed at ``distance`` (see the module docstring)."""
    if own_length(model) is not None or distance <= 0:
        return model.report()
    arm_loss_db = attenuation_db_per_km * distance / 2e3
    if _field(model, ("insertion_loss_db",)) is not None and arm_loss_db > 0:
        model = dataclasses.replace(model, insertion_loss_db=float(model.insertion_loss_db) + arm_loss_db)
    else:
        arm_loss_db = 0.0
    report = model.report()
    p = report.extras.get("herald_probability")
    rate = float(report.rate_hz)
    if p is None or not (0 < float(p) <= 1) or not rate > 0:
        return report
    attempt = float(p) / rate
    round_trip = herald_round_trip_s(distance)
    extras = {**report.extras, "attempt_time_s": attempt + round_trip, "herald_round_trip_s": round_trip,
              "fibre_loss_db_per_arm": arm_loss_db}
    return dataclasses.replace(report, rate_hz=float(p) / (attempt + round_trip), extras=extras)
