"""The gate-local part of a network's noise as a ``qiskit_aer.noise.NoiseModel``.

The noise pass (:mod:`.noise_pass`) writes three kinds of noise into a distributed circuit:

* **gate-local** noise, fixed by the gate and the QPU it runs on: the depolarizing error after
  every local gate (average infidelity ``gate_error_1q``/``gate_error_2q``; ``rz`` included, as
  the pass does), the read-out error (the *recorded bit* is flipped with probability
  ``measurement_error``) and the imperfect active reset (left in |1> with that probability);
* **idle and storage** decoherence, whose durations come from the schedule;
* the **links'** delivered pairs and transfer channels, which depend on when and where pairs are
  made.

Only the first kind is a property of a gate alone, so only it can be an Aer ``NoiseModel``:
:func:`network_noise_model` builds it on the physical qubits of a :class:`~.backend.NetworkBackend`
(QPU after QPU, data qubits then communication qubits). ``AerSimulator(noise_model=...)`` then
runs a program that stays inside one QPU with the same local noise the backend applies
(tests/network/test_noise_model.py compares the density matrices to 1e-9); idling and links
stay in the distributed circuit, where the schedule puts them.
"""

from __future__ import annotations

from qnet_plugin.channels import aer_noise as _noise

#: One-qubit gates of the backend's basis that the noise pass treats as gates (error after each).
ONE_QUBIT_GATES = ("rz", "sx", "x")


def network_noise_model(backend):
    """The gate-local ``NoiseModel`` of ``backend`` (a :class:`~.backend.NetworkBackend`) or of its
    :class:`~.backend.NetworkTarget` (see the module docstring)."""
    from qiskit_aer.noise import NoiseModel, ReadoutError

    target = getattr(backend, "target", backend)
    network = target.network
    model = NoiseModel(basis_gates=[*ONE_QUBIT_GATES, "cx", "measure", "reset"])
    by_qpu: dict[str, list[int]] = {}
    for phys, name in enumerate(target.qpu_of):
        qpu = network.qpu(name)
        by_qpu.setdefault(name, []).append(phys)
        one = _noise.gate_error(qpu.gate_error_1q, 1)
        if one is not None:
            model.add_quantum_error(one, list(ONE_QUBIT_GATES), [phys])
        m = qpu.measurement_error
        if m > 0:
            model.add_readout_error(ReadoutError([[1 - m, m], [m, 1 - m]]), [phys])
            model.add_quantum_error(_noise.readout_flip(m), ["reset"], [phys])
    for name, qubits in by_qpu.items():
        two = _noise.gate_error(network.qpu(name).gate_error_2q, 2)
        if two is None:
            continue
        for a in qubits:
            for b in qubits:
                if a != b:
                    model.add_quantum_error(two, ["cx"], [a, b])
    return model


__all__ = ["network_noise_model", "ONE_QUBIT_GATES"]
