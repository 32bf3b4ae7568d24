"""Parameter sweeps of a distributed program: a grid, a progress bar, a CSV that grows as points
finish, resume without recomputation, and local-process or Dask execution.

* :mod:`~qnet_plugin.sweep.spec` reads the sweep file (format in its docstring), bounds it and hashes
  the whole resolved specification;
* :mod:`~qnet_plugin.sweep.store` owns the CSV: proven before it is touched, locked while written,
  every row carrying the spec hash and its own check (torn rows never count as done);
* :mod:`~qnet_plugin.sweep.runner` evaluates points serially, on worker processes that die with
  their parent, or on Dask, and stops within a moment on Ctrl-C keeping every finished row.

Every point is identified by a hash of its parameter values; a restart skips every point already in
the file *for the same specification*. A point whose values are invalid is recorded with its error
message instead of stopping the sweep.
"""

from qnet_plugin.sweep.runner import SweepError, SweepInterrupted, evaluate_point, run_sweep
from qnet_plugin.sweep.spec import SweepSpec, apply_point, compute_spec_hash, load_sweep, point_id
from qnet_plugin.sweep.store import (
    RESULT_COLUMNS,
    SweepStore,
    columns_for,
    finished_points,
    read_rows,
    scan,
)

__all__ = ["SweepSpec", "load_sweep", "point_id", "apply_point", "compute_spec_hash", "evaluate_point",
           "run_sweep", "SweepError", "SweepInterrupted", "RESULT_COLUMNS", "SweepStore", "columns_for",
           "finished_points", "read_rows", "scan"]
