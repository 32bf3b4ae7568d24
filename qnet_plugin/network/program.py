"""Read a program: OpenQASM 2 or 3 text or file -> QuantumCircuit, with one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

from qiskit import QuantumCircuit

from qnet_plugin.core.validation import ParameterError


def loads_program(text: str, source: str = "<string>") -> QuantumCircuit:
    """Parse OpenQASM 2 or 3 (chosen by the ``OPENQASM`` header)."""
    m = re.search(r"OPENQASM\s+(\d+)", text)
    version = int(m.group(1)) if m else 2
    try:
        if version >= 3:
            from qiskit import qasm3

            try:
                return qasm3.loads(text)
            except Exception as exc:  # the optional qiskit_qasm3_import package is missing
                if "qiskit_qasm3_import" not in str(exc) and not isinstance(exc, ImportError):
                    raise
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return qasm3.loads_experimental(text)
        from qiskit import qasm2

        return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    except ParameterError:
        raise
    except Exception as exc:  # QASM parse errors are QiskitErrors; report them as bad input
        msg = " ".join(str(exc).split())
        raise ParameterError(f"{source}: not a valid OpenQASM {version} program: {msg}") from None


def load_program(path) -> QuantumCircuit:
    """Parse an OpenQASM 2/3 file (the circuit's name becomes the file's stem)."""
    path = Path(path)
    qc = loads_program(path.read_text(encoding="utf-8"), str(path))
    qc.name = path.stem
    return qc
