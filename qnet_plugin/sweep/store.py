"""The sweep's CSV: proven before it is touched, locked while written, every row hashed.

Layout: ``point_id, spec, <grid keys...>, <results...>, check``. ``spec`` is the sweep's
:attr:`~qnet_plugin.sweep.spec.SweepSpec.spec_hash` (program, network, fixed options, package
version) and ``check`` a hash of the rest of the row, so

* a file is appended to only once it is *proven* to be this sweep's output: its first line is
  exactly this sweep's header and every complete row carries this spec hash. Anything else (another
  file, another sweep's columns) is refused and left untouched; rows of an older specification
  (``shots``, network or program changed) are refused too, or, with ``restart=True``, the file is
  moved aside to ``<name>.stale-<hash>.csv`` (nothing is deleted) and the sweep starts afresh;
* a torn row, anywhere in the file, fails its check and does not count as done (its point is
  computed again); a torn last line (no newline: a kill mid-write) is cut off, since the file is
  proven ours by then;
* an exclusive advisory lock (``flock``) is held from the proof to the last row, so a second sweep
  on the same output refuses at once instead of interleaving rows.

Every row is flushed and ``fsync``-ed as it is written: a kill loses at most the points in flight.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

from qnet_plugin.core.validation import ParameterError

try:  # POSIX advisory locks; elsewhere the lock is a no-op (documented above)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

RESULT_COLUMNS = ("fidelity", "fidelity_stderr", "pairs_consumed", "raw_pairs_consumed", "wall_clock_s",
                  "mean_pair_fidelity", "method", "num_sim_qubits", "sim_time_s", "error")


def columns_for(spec) -> list[str]:
    """The CSV header of a sweep."""
    return ["point_id", "spec", *spec.grid, *RESULT_COLUMNS, "check"]


def _check_of(fields) -> str:
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:10]


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return " ".join(str(v).split())  # one physical line per row, always


def format_row(values) -> str:
    """One CSV line (with its check appended) for ``values`` (every column but ``check``)."""
    fields = [_fmt(v) for v in values]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([*fields, _check_of(fields)])
    return buf.getvalue()


def _parse_line(line: str, ncols: int):
    """The fields of a complete, intact row, else ``None`` (torn or corrupted)."""
    try:
        fields = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    if len(fields) != ncols or _check_of(fields[:-1]) != fields[-1]:
        return None
    return fields


class Scan:
    """What a CSV holds, read without changing it."""

    def __init__(self):
        self.state = "empty"          # empty | ours | stale | foreign | other-sweep
        self.first_line = ""
        self.done: set[str] = set()   # point ids of intact rows of this specification
        self.stale: dict[str, int] = {}  # other spec hash -> rows
        self.torn = 0                 # broken rows (not counted as done)
        self.tail = None              # byte offset where a torn last line (no newline) starts
        self.rows = 0


def scan(path: Path, spec) -> Scan:
    """Read ``path`` (if it exists) and classify it against ``spec``; never writes."""
    s = Scan()
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return s
    cols = columns_for(spec)
    header = format_header(cols)
    want = spec.spec_hash
    with open(path, "rb") as f:
        first = f.readline()
        s.first_line = first.decode("utf-8", "replace").rstrip("\r\n")
        if first != header.encode():
            s.state = "other-sweep" if s.first_line.startswith("point_id,spec,") else "foreign"
            return s
        s.state = "ours"
        pos = len(first)
        for raw in f:
            if not raw.endswith(b"\n"):
                s.tail = pos
                break
            pos += len(raw)
            fields = _parse_line(raw.decode("utf-8", "replace").rstrip("\n"), len(cols))
            if fields is None:
                s.torn += 1
                continue
            s.rows += 1
            if fields[1] == want:
                s.done.add(fields[0])
            else:
                s.stale[fields[1]] = s.stale.get(fields[1], 0) + 1
    if s.stale:
        s.state = "stale"
    return s


def format_header(cols) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cols)
    return buf.getvalue()


def finished_points(path, spec) -> set[str]:
    """point_ids of intact rows of ``spec`` already in the CSV at ``path`` (read only)."""
    return scan(path, spec).done


def read_rows(path, spec=None) -> list[dict]:
    """The intact rows of a sweep CSV as dicts (torn rows skipped; with ``spec``, only its rows)."""
    out: list[dict] = []
    with open(path, newline="", encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or not lines[0]:
        return out
    cols = next(csv.reader([lines[0]]))
    for line in lines[1:]:
        fields = _parse_line(line, len(cols)) if line else None
        if fields is None:
            continue
        row = dict(zip(cols, fields))
        if spec is None or row["spec"] == spec.spec_hash:
            out.append(row)
    return out


class SweepStore:
    """The locked, proven output of one sweep; use as a context manager.

    Opening proves the file (see the module docstring), takes the lock, cuts a torn last line and
    writes the header of a new file. :attr:`done` holds the finished point ids.
    """

    def __init__(self, path, spec, *, restart: bool = False, make_dirs: bool = True):
        self.path = Path(path)
        self.spec = spec
        self.cols = columns_for(spec)
        self.restart = restart
        self.make_dirs = make_dirs
        self.fd = None
        self.done: set[str] = set()
        self.torn = 0
        self.moved_to: Path | None = None
        self.written = 0

    # -- opening -------------------------------------------------------------------------------
    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        self.close()

    def open(self):
        p = self.path
        if p.exists() and not p.is_file():
            raise ParameterError(f"output = {str(p)!r} is not a regular file")
        if not p.parent.exists():
            if not self.make_dirs:
                raise ParameterError(f"output = {str(p)!r}: folder {str(p.parent)!r} does not exist")
            p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            self._lock(fd)
            s = scan(p, self.spec)  # under the lock: nobody else is appending now
            if s.state == "stale" and self.restart:
                self._move_aside(s)
                os.close(fd)
                fd = None
                fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
                self._lock(fd)
                s = scan(p, self.spec)
            self._refuse_unless_ours(s)
            if s.tail is not None:  # a kill mid-write left half a row; the file is ours
                os.ftruncate(fd, s.tail)
            if s.state == "empty":
                os.ftruncate(fd, 0)
                self._write(fd, format_header(self.cols))
        except BaseException:
            if fd is not None:
                os.close(fd)
            raise
        self.fd = fd
        self.done = s.done
        self.torn = s.torn
        return self

    def _lock(self, fd):
        if fcntl is None:  # pragma: no cover
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            raise ParameterError(f"output = {str(self.path)!r} is being written by another sweep (it "
                                 "holds the file's lock); wait for it to finish or choose another "
                                 "output") from None

    def _refuse_unless_ours(self, s: Scan):
        p = str(self.path)
        if s.state == "foreign":
            raise ParameterError(f"output = {p!r} holds something other than this sweep's results (a "
                                 f"different sweep or not a sweep file; first line {s.first_line[:80]!r}); "
                                 "nothing was changed; choose another output file")
        if s.state == "other-sweep":
            raise ParameterError(f"output = {p!r} holds a different sweep (columns "
                                 f"{s.first_line[:120]!r}); nothing was changed; choose another output file")
        if s.state == "stale":
            hashes = ", ".join(f"{h} ({n} rows)" for h, n in s.stale.items())
            raise ParameterError(f"output = {p!r} holds rows of a different specification (spec {hashes}; "
                                 f"this sweep is {self.spec.spec_hash}: program, network, shots, seed or "
                                 "options changed); nothing was changed; rerun with --restart to move the "
                                 "old file aside, or choose another output file")

    def _move_aside(self, s: Scan):
        old = next(iter(s.stale))
        dest = self.path.with_name(f"{self.path.stem}.stale-{old}{self.path.suffix}")
        i = 1
        while dest.exists():
            dest = self.path.with_name(f"{self.path.stem}.stale-{old}-{i}{self.path.suffix}")
            i += 1
        os.replace(self.path, dest)
        self.moved_to = dest

    # -- writing -------------------------------------------------------------------------------
    @staticmethod
    def _write(fd, text: str, written=None):
        data = text.encode("utf-8")
        while data:
            n = os.write(fd, data)
            data = data[n:]
        if written is not None:
            written()  # counted once in the file, even if Ctrl-C lands during the sync
        os.fsync(fd)

    def write_row(self, row: dict):
        """Append one finished point (flushed and synced)."""
        values = [self.spec.spec_hash if c == "spec" else row.get(c) for c in self.cols[:-1]]
        self._write(self.fd, format_row(values), self._count)
        self.done.add(row["point_id"])

    def _count(self):
        self.written += 1

    def close(self):
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None
