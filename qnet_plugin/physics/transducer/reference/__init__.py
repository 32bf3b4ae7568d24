"""Full QuTiP simulation of transducer heralding (shares no code with the fast path)."""

from qnet_plugin.physics.transducer.reference.heralding_qutip import heralded_pair_qutip

__all__ = ["heralded_pair_qutip"]
