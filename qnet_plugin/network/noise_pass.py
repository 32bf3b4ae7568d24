"""The noise pass: the scheduled hardware program -> the circuit Aer runs, with the network's noise.

In the spirit of qiskit-aer's ``LocalNoisePass`` (an error after each gate, from the gate and its
qubits) and ``RelaxationNoisePass`` (thermal relaxation for each idle interval of a scheduled
circuit), with Aer's noise objects (:mod:`qnet_plugin.channels.aer_noise`):

* **gate errors**: after every local gate, the depolarizing channel with the QPU's average gate
  infidelity r (p = r d/(d-1); Nielsen, PLA 303, 249 (2002) for F_avg of a depolarizing channel);
* **read-out errors**: a wrong read-out (probability ``measurement_error`` m) flips the *recorded
  bit*, not the qubit. A mid-circuit measurement is written as: copy the Z value onto a record
  qubit (reset, CX), flip the record with probability m, measure the record (the measured qubit
  is decohered exactly as by the measurement and keeps its true value; one extra simulator qubit,
  a model of the classical read-out chain, not of the hardware). Final read-outs and the read-outs
  that control a coherent feed-forward touch nothing afterwards, so there an X with probability m
  before the measurement is the same thing and costs no qubit. An active reset (read-out +
  conditional X) leaves |1> with probability m;
* **idle/storage errors**: thermal relaxation for every idle interval of the
  :class:`~.schedule.Timeline` with the T1/T2 of the qubit's role (data qubit, or the
  communication qubit storing half a pair: paper 000 Fig. 2 storage regime), or its Pauli twirl
  for stabilizer runs.

The link's own physics is not local noise: every ``pair`` step becomes the link's delivered state
(``BellPair``'s one Kraus channel, or for stabilizer runs a perfect Phi+ and the twirled Pauli
error on qubit B, Bennett et al., PRA 54, 3824 (1996)) and every ``transfer`` the link's transfer
channel; these are always written (:func:`lower`). ``noise=False`` of
:func:`.distribute.distribute_circuit` means: the noise pass does not run (``local=False``).
"""

from __future__ import annotations

from qiskit.circuit import ControlFlowOp, QuantumCircuit, Reset
from qiskit.circuit.library import CXGate, HGate, SwapGate

from qnet_plugin.channels import aer_noise as _noise
from qnet_plugin.circuit import BellPair


class LinkLowering:
    """The link instructions of a network as channels Aer runs (exact, or Pauli-twirled)."""

    def __init__(self, network, twirl: bool = False):
        self.links = {link.name: link for link in network.links}
        self.twirl = twirl
        self._pairs: dict = {}
        self._transfers: dict = {}

    def pair(self, link_name: str, first_is_a: bool, index: int) -> tuple:
        """("exact", Kraus) or ("twirl", QuantumError | None) for a pair of ``link_name``."""
        key = (link_name, first_is_a, index)
        if key not in self._pairs:
            link = self.links[link_name]
            state = link.delivery_pair_states[index]
            rho = state if first_is_a else state.reverse_qargs()
            if self.twirl:
                self._pairs[key] = ("twirl", _noise.twirled_pair_error(rho))
            else:
                # BellPair's definition is one Kraus channel Aer runs natively.
                self._pairs[key] = ("exact", BellPair(rho, label=link.report.link).definition.data[0].operation)
        return self._pairs[key]

    def transfer(self, tr, link_name: str, src: str) -> tuple:
        """("exact", Kraus) or ("twirl", QuantumError | None) for the Transfer ``tr``."""
        key = (link_name, src)
        if key not in self._transfers:
            if self.twirl:
                # Pauli twirl of E: its Pauli weights are the Bell weights of (I x E) Phi+,
                # the same twirl the pairs get (exact fidelity, stabilizer-simulable).
                from qiskit.quantum_info import DensityMatrix

                from qnet_plugin.channels import apply
                from qnet_plugin.links.base import PHI_PLUS

                choi = apply(tr.channel, DensityMatrix(PHI_PLUS), qargs=[1])
                self._transfers[key] = ("twirl", _noise.twirled_pair_error(choi))
            else:
                # Transfer's definition is one two-qubit Kraus channel Aer runs natively.
                self._transfers[key] = ("exact", tr.definition.data[0].operation)
        return self._transfers[key]


class NoisePass:
    """Writes the executable body of a scheduled program (see the module docstring).

    Args:
        network: the network.
        twirl: Pauli-twirled pairs, transfers and idling (for the stabilizer method).
        local: write the local noise (gate, read-out, idle/storage); False leaves only the links'
            own channels (``noise=False``).
    """

    def __init__(self, network, twirl: bool = False, local: bool = True):
        self.network = network
        self.twirl = twirl
        self.local = local
        self.lowering = LinkLowering(network, twirl)

    def idle(self, q, duration, qpu_name, role):
        """The idle channel of one interval (None when nothing happens)."""
        qpu = self.network.qpu(qpu_name)
        t1, t2 = (qpu.t1, qpu.t2) if role == "data" else (qpu.storage_t1, qpu.storage_t2)
        return _noise.idle_channel(duration, t1, t2, self.twirl)

    def readout_error(self, qpu_name: str):
        """Bit flip of a read-out on ``qpu_name`` (None without local noise or when perfect)."""
        if not self.local:
            return None
        return _noise.readout_flip(self.network.qpu(qpu_name).measurement_error)

    def run(self, program, timeline) -> list:
        """(operation, simulator qubits, clbits) of the body, in order."""
        out: list = []
        add = out.append

        def maybe(err, qs):
            if err is not None and self.local:
                add((err, tuple(qs), ()))

        def idles(intervals):
            if self.local:
                for q, dt, qpu_name, role in intervals:
                    maybe(self.idle(q, dt, qpu_name, role), [q])

        for s, intervals in zip(program.steps, timeline.idles):
            idles(intervals)
            kind = s.kind
            if kind == "op":
                op, qs = s.op, s.qubits
                qpu = self.network.qpu(s.qpus[0])
                if op.name == "delay":
                    continue
                flip = _noise.readout_flip(qpu.measurement_error) if self.local else None
                if op.name == "measure" and flip is not None:
                    # a wrong read-out flips the recorded bit, not the qubit: the Z value is copied
                    # onto the record qubit, which is flipped and read (the qubit keeps its value)
                    rec = program.num_qubits
                    add((Reset(), (rec,), ()))
                    add((CXGate(), (qs[0], rec), ()))
                    add((flip, (rec,), ()))
                    add((op, (rec,), s.clbits))
                    add((Reset(), (rec,), ()))
                elif op.name == "measure" or isinstance(op, ControlFlowOp):
                    add((op, qs, s.clbits))
                elif op.name == "reset":
                    # active reset = read-out + conditional X: a wrong read-out (probability m)
                    # leaves |1>, whatever the state was
                    add((op, qs, s.clbits))
                    maybe(flip, qs)
                else:
                    add((op, qs, s.clbits))
                    err = qpu.gate_error_1q if len(qs) == 1 else qpu.gate_error_2q
                    maybe(_noise.gate_error(err, len(qs)), qs)
            elif kind == "feed_forward":
                ctrl, tgt = s.qubits
                qc_, qt = self.network.qpu(s.qpus[0]), self.network.qpu(s.qpus[1])
                maybe(_noise.readout_flip(qc_.measurement_error), [ctrl])
                add((s.op, s.qubits, ()))
                maybe(_noise.gate_error(qt.gate_error_1q, 1), [tgt])
            elif kind == "pair":
                sx, sy = s.qubits
                form, op = self.lowering.pair(s.link, s.first_is_a, s.index)
                if form == "exact":
                    add((op, (sx, sy), ()))
                else:
                    add((Reset(), (sx,), ()))
                    add((Reset(), (sy,), ()))
                    add((HGate(), (sx,), ()))
                    add((CXGate(), (sx, sy), ()))
                    if op is not None:  # the link's own noise, present even when local noise is off
                        add((op, (sy,), ()))
            elif kind == "transfer":
                q, tgt = s.qubits
                form, op = self.lowering.transfer(s.op, s.link, s.src)
                if form == "exact":
                    add((op, (q, tgt), ()))
                else:  # the ideal move (target reset, swap: source left in |0>) then the twirled channel
                    add((Reset(), (tgt,), ()))
                    add((SwapGate(), (q, tgt), ()))
                    if op is not None:
                        add((op, (tgt,), ()))
        idles(timeline.final_idles)
        return out

    def body(self, program, timeline) -> QuantumCircuit:
        """The executable body as a circuit on the simulator qubits with the logical clbits."""
        from qnet_plugin.network.rewrite import _empty_like

        ops = self.run(program, timeline)
        width = max([program.num_qubits] + [q + 1 for _, qs, _ in ops for q in qs])
        body = _empty_like(program.logical, width)
        for op, qs, cs in ops:
            body.append(op, [body.qubits[q] for q in qs], [body.clbits[c] for c in cs])
        return body

    def final_measurements(self, program) -> list:
        """(simulator qubit, clbit, read-out flip or None) of every final measurement."""
        return [(q, c, self.readout_error(qpu)) for q, c, qpu in program.final_measurements]


def portable(circuit: QuantumCircuit) -> QuantumCircuit:
    """The same circuit with every Aer ``quantum_channel`` (a ``QuantumError`` appended to a circuit)
    replaced by its ``kraus`` instruction: the same map, and it survives a QPY round trip (Aer's
    ``quantum_channel`` does not). Not for the stabilizer method (which needs the Pauli form)."""
    if not any(inst.operation.name == "quantum_channel" for inst in circuit.data):
        return circuit
    out = circuit.copy_empty_like()
    for inst in circuit.data:
        op = inst.operation
        if op.name == "quantum_channel":
            out.append(op.definition.data[0].operation, inst.qubits, inst.clbits)
        else:
            out.append(inst)
    return out
