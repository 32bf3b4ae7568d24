"""A phenomenological link: Werner pairs of a given fidelity at a given rate.

Useful as a reference point (the textbook depolarised pair) and in tests; every physics-based
model should be comparable against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet_plugin.core.validation import param
from qnet_plugin.links.base import LinkModel, LinkReport, fidelity_to
from qnet_plugin.states import werner_state


@dataclass(frozen=True)
class WernerLink(LinkModel):
    """Werner pairs F|Phi+><Phi+| + (1-F)/3 (rest of the Bell basis), delivered at ``rate_hz``."""

    name = "werner"
    description = "Phenomenological Werner pairs of fixed fidelity and rate"

    fidelity: float = param(0.99, "Phi+ fidelity of each delivered pair", low=0.0, high=1.0)
    rate_hz: float = param(1e5, "delivered pairs per second", "Hz", low=0.0, low_open=True, high=float("inf"),
                           high_open=True)
    heat_w: float | None = param(None, "time-averaged heat load in the fridge (None: not modelled)", "W",
                                 low=0.0, optional=True)

    def report(self) -> LinkReport:
        rho = werner_state(self.fidelity)
        return LinkReport(link=self.name, rate_hz=float(self.rate_hz), state=rho,
                          fidelity=fidelity_to(rho), heat_w=None if self.heat_w is None else float(self.heat_w),
                          parameters=self.parameters())
