"""Start-up stays light: the CLI and the package import no heavy library they do not need (issue 13).

Each check runs in a fresh interpreter (``sys.modules`` of this test process already holds
everything) and asserts on the modules the command loaded, not on wall time (the CI machine is
shared), except one generous bound that catches a regression of seconds.
"""

import json
import subprocess
import sys
import time

import pytest

HEAVY = ("qutip", "matplotlib", "scipy.optimize")


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_import_package_imports_no_qiskit_qutip_or_matplotlib():
    mods = _modules_after("import qnet_plugin")
    for heavy in ("qiskit", "qiskit_aer", *HEAVY, "numpy"):
        assert heavy not in mods, heavy


def test_lazy_package_attributes_still_resolve():
    mods = _modules_after("import qnet_plugin\nassert qnet_plugin.BellPair.__name__ == 'BellPair'\n"
                          "assert qnet_plugin.ParameterError.__name__ == 'ParameterError'\n"
                          "assert 'electro-optic' in qnet_plugin.available_links()")
    assert "qnet_plugin.circuit.bell_pair" in mods


@pytest.mark.parametrize("argv", [["--help"], ["links"], ["links", "--json"], ["link", "--help"]])
def test_help_and_listing_import_no_link_physics(argv):
    mods = _modules_after("import sys\nfrom qnet_plugin.cli import main\n"
                          f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n")
    for heavy in ("qiskit", *HEAVY):
        assert heavy not in mods, (argv, heavy)
    assert not any(m.startswith("qnet_plugin.links.") and m not in ("qnet_plugin.core.link_registry",
                                                                     "qnet_plugin.links.base")
                   for m in mods), argv


def test_cli_module_import_is_light():
    mods = _modules_after("import qnet_plugin.cli\nqnet_plugin.cli.build_parser()")
    for heavy in ("qiskit", *HEAVY):
        assert heavy not in mods, heavy


def test_one_link_imports_no_solver_it_does_not_use():
    # qnet_plugin.links imports its classes explicitly (issue 10: visible to IDEs and type checkers),
    # so choosing one link loads the link modules; the solvers and libraries only some reports use
    # are imported where they are used (scipy.optimize: the transducer's thresholds; sparse linear
    # algebra: steady states and the dual-rail dynamics; constants are exact SI values)
    mods = _modules_after("from qnet_plugin.cli import main\nmain(['link', 'electro-optic', '--json'])")
    assert "qnet_plugin.links.electro_optic" in mods
    # what scipy.sparse (which the report needs) imports by itself is not ours to avoid: scipy
    # 1.15 (the newest on Python 3.10) imports sparse.csgraph and with it sparse.linalg
    given = _modules_after("import scipy.sparse")
    for heavy in ("qutip", "matplotlib", "scipy.optimize", "scipy.constants", "scipy.sparse.linalg"):
        assert heavy not in mods or heavy in given, heavy


def test_links_listing_matches_the_classes():
    """The descriptions read from source are the classes' own."""
    from qnet_plugin.cli._lazy import static_link_description
    from qnet_plugin.core.link_registry import available_links, get_link_class

    for name, target in available_links().items():
        text = static_link_description(target)
        assert text == get_link_class(name).description, name


def test_help_is_fast():
    # Measured 0.1-0.2 s on the shared 2-core machine (docs/performance.md); 2 s only catches the
    # return of a multi-second import chain.
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qnet_plugin.cli", "--help"], capture_output=True, check=True)
    assert time.perf_counter() - t0 < 2.0


def test_cli_json_conversion_matches_links_base():
    """cli._output keeps its own copy of the JSON conversion (links.base imports qiskit)."""
    import numpy as np

    from qnet_plugin.cli._output import _jsonable as cli_jsonable
    from qnet_plugin.links.base import _jsonable as base_jsonable

    obj = {"a": np.float64(1.5), 2: np.float32(0.1), "c": (1, "s", None, True),
           "b": [np.inf, float("nan"), -2.0, np.int64(3), np.bool_(True), 1 + 2j, np.array([[1.0, np.inf]])]}
    assert cli_jsonable(obj) == base_jsonable(obj)
    assert cli_jsonable(obj)["b"][:4] == [None, None, -2.0, 3]


def test_capabilities_read_from_source_match_the_types():
    """`qnet links` reads capabilities from the class statements; they must equal issubclass()."""
    from qnet_plugin.cli._lazy import static_link_info
    from qnet_plugin.cli.links_list import capabilities
    from qnet_plugin.core.link_registry import available_links, get_link_class

    for name, target in available_links().items():
        static = static_link_info(target)
        assert static is not None, name
        assert static[1] == capabilities(get_link_class(name)), name
