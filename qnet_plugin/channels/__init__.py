"""The one home of the package's CPTP maps.

* :mod:`~qnet_plugin.channels.standard`: qubit channels as :class:`qiskit.quantum_info.Kraus`
  (amplitude and phase damping, storage decay, depolarizing and Pauli channels);
* :mod:`~qnet_plugin.channels.state_preparation`: the channel that prepares a delivered state;
* :mod:`~qnet_plugin.channels.aer_noise`: the same physics as ``qiskit_aer.noise`` error objects
  (gate, read-out, idle and twirled-pair errors) for the network's noise pass;
* :mod:`~qnet_plugin.channels.operations`: validation, CPTP check, application, tensor products.

Device-specific channels live next to their link (``links/transfer_channel.py``,
``links/nv_diamond_channel.py``). Qubit order follows Qiskit (little-endian).
"""

from qnet_plugin.channels.operations import apply, is_cptp, tensor_all, validate_density_matrix
from qnet_plugin.channels.standard import (
                                           amplitude_damping,
                                           dephasing_probability,
                                           depolarizing,
                                           generalized_amplitude_damping,
                                           pauli_channel,
                                           phase_damping,
                                           storage_decay,
)
from qnet_plugin.channels.state_preparation import state_preparation

__all__ = ["amplitude_damping", "apply", "dephasing_probability", "depolarizing",
           "generalized_amplitude_damping", "is_cptp", "pauli_channel", "phase_damping",
           "state_preparation", "storage_decay", "tensor_all", "validate_density_matrix"]
