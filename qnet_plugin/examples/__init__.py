"""Example networks (TOML) and programs (OpenQASM) shipped with the package.

``example_path("ghz_4.qasm")`` gives the file's path; ``list_examples()`` names them all.
The CLI accepts these names wherever it takes a file, so ``qnet run ghz_4.qasm --network
two_fridges.toml`` works from any directory.
"""

from __future__ import annotations

from pathlib import Path

from qnet_plugin.core.validation import ParameterError

_HERE = Path(__file__).resolve().parent


def list_examples(suffix: str = "") -> list[str]:
    """Names of the shipped example files (optionally only those ending in ``suffix``)."""
    return sorted(p.name for p in _HERE.iterdir()
                  if p.is_file() and p.suffix in (".toml", ".qasm") and p.name.endswith(suffix))


def example_path(name: str) -> Path:
    """Path of the shipped example ``name`` (e.g. ``"two_fridges.toml"``)."""
    path = _HERE / name
    if not path.is_file() or path.suffix not in (".toml", ".qasm"):
        raise ParameterError(f"example = {name!r} is not a shipped example; choose one of "
                             f"{', '.join(list_examples())}")
    return path


def resolve(path_or_name, suffix: str = "") -> Path:
    """An existing file path as given, else the shipped example of that name; OSError otherwise."""
    p = Path(path_or_name)
    if p.is_file():
        return p
    if (_HERE / p.name).is_file() and p.name == str(path_or_name):
        return _HERE / p.name
    if p.exists():  # a device, FIFO or folder: say what it is rather than "no such file"
        from qnet_plugin.core.validation import ParameterError

        raise ParameterError(f"file = {str(path_or_name)!r} is not a regular file; give a .toml or .qasm file")
    raise FileNotFoundError(f"no such file: {path_or_name!r} (shipped examples: "
                            f"{', '.join(list_examples(suffix))})")


def ghz_circuit(n: int, measure: bool = True):
    """An n-qubit GHZ program (H then a CNOT chain), measured into n clbits unless ``measure=False``;
    the circuit behind ``ghz_<n>.qasm``, for any n."""
    from qiskit import QuantumCircuit

    qc = QuantumCircuit(n, n if measure else 0, name=f"ghz_{n}")
    qc.h(0)
    for i in range(n - 1):
        qc.cx(i, i + 1)
    if measure:
        qc.measure(range(n), range(n))
    return qc
