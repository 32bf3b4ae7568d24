"""A generic transducer link from conversion efficiency and added noise (issue 17).

* :mod:`.fock` -- photon statistics of the converted light (thermal attenuator) in truncated Fock space;
* :mod:`.heralding` -- single-click (Cabrillo 1999, Humphreys 2018) and two-click (Barrett & Kok 2005)
  heralding, fast engine with a convergence check;
* :mod:`.reference` -- the same heralding by a full QuTiP simulation (tests compare the two).
"""

from qnet_plugin.physics.transducer.heralding import (
    PROTOCOLS,
    HeraldedPair,
    HeraldingSetup,
    RoundWeights,
    concurrence,
    round_weights,
    single_click_pair,
    two_click_pair,
)

__all__ = ["PROTOCOLS", "HeraldedPair", "HeraldingSetup", "RoundWeights", "concurrence", "round_weights",
           "single_click_pair", "two_click_pair"]
