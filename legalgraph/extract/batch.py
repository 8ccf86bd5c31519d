"""Extraction over many inputs: in order, in parallel, with bounded memory.

``run`` turns the paths a user names into a stream of ``Outcome``s, one per document,
catalogue row or extraction record, in the order a single process would produce them:
directories expanded and sorted, files in the order named. Documents (the expensive
part: reading, then extracting) go to a pool of worker processes when ``jobs`` > 1;
catalogue rows and `extract` records, which cost little, are handled here. At most a
few documents per worker are in flight, so memory stays bounded however large the
collection, and the output is identical to a one-process run.

Problems are outcomes too (``error`` set, one line naming the input), so the caller
reports them and goes on; an unexpected exception inside the extractor is caught per
document and reported as an internal error rather than ending the run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

RECORD_SUFFIX = ".jsonl"


@dataclass
class Outcome:
    kind: str  # "document", "row" (catalogue), "record" (extract output), "error", "note"
    source: str
    line: str | None = None  # the record as one JSON line (document, row, record)
    result: object | None = None  # the Extraction, when asked for objects
    data: dict | None = None  # the record already parsed (lines of `extract` output)
    error: str | None = None  # one line: the problem, naming the input
    notes: list[str] = field(default_factory=list)  # worth telling the user, not failures
    size: int = 0  # bytes of input this outcome accounts for (for progress)
    unit: str = "file"  # what progress counts it as: "file", "record", "row", or "" (not counted)

    def record(self) -> dict:
        return self.data if self.data is not None else json.loads(self.line)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---- one document (runs in a worker process, or here when jobs == 1)

_STATE: dict = {}


def _init_worker(bodies: bool, want: str):
    # a forked worker keeps the parent's extractor (grammar compiled once, pages shared)
    _STATE.update(bodies=bodies, want=want)


def _start_worker(bodies: bool, want: str, parent: int):
    """A pool worker: it ends with the main process, at once and silently. Left to itself, a
    worker whose main process was killed finishes its document and dies on the closed pipe
    with a BrokenPipeError traceback; the signals that stop a run are the main process's
    to handle (it ends the pool)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the main process died before the line above took effect
        os._exit(0)
    _init_worker(bodies, want)


def _extractor():
    ex = _STATE.get("extractor")
    if ex is None:
        from legalgraph.extract.pipeline import extractor

        ex = _STATE["extractor"] = extractor()
    return ex


def _extracted(source: str, kind: str, extract, size: int = 0, read=None) -> Outcome:
    """The outcome of ``extract()`` for one input; never raises."""
    try:
        result = extract()
    except Exception as e:  # noqa: BLE001 - a bug must not end a run over thousands of files; it is reported and counted
        return Outcome("error", source, error=f"{source}: internal error while extracting ({type(e).__name__}: {e})",
                       size=size)
    notes = [n for n in (read.report(source),) if n] if read is not None else []
    if read is not None:
        result.input = read.to_dict()
    if _STATE["want"] == "object":
        return Outcome(kind, source, result=result, notes=notes, size=size)
    return Outcome(kind, source, line=json.dumps(result.to_dict(), ensure_ascii=False), notes=notes, size=size)


def process_document(path: str) -> Outcome:
    """Read and extract one document file; never raises."""
    from legalgraph.text.read import ReadError, read_file

    size = _size(path)
    try:
        got = read_file(path)
    except ReadError as e:
        return Outcome("error", path, error=str(e), size=size)
    return _extracted(path, "document", lambda: _extractor().extract(got.text, source=path, bodies=_STATE["bodies"]),
                      size, got)


def extract_one(path: str, bodies: bool = True) -> tuple[str | None, str | None]:
    """One document file as (its JSON line, None), or (None, the one-line problem).

    For running extraction inside another engine's workers (a Dask bag, a Spark RDD, a
    job array): plain strings in and out, nothing raised, the extractor built once per
    worker process. The line is exactly what `legalgraph extract` writes for that file.
    """
    _STATE.update(bodies=bodies, want="line")
    outcome = process_document(str(path))
    return (outcome.line, None) if outcome.kind == "document" else (None, outcome.error)


def process_text(text: str, source: str) -> Outcome:
    return _extracted(source, "document", lambda: _extractor().extract(text, source=source, bodies=_STATE["bodies"]),
                      len(text.encode("utf-8", "replace")))


def process_row(row, source: str) -> Outcome:
    outcome = _extracted(source, "row", lambda: _extractor().extract_row(row, source, bodies=_STATE["bodies"]))
    outcome.unit = "row"
    return outcome


# ---- many inputs


def expand(paths, records: bool):
    """The inputs behind ``paths``, in order: ("stdin", "-"), ("document"|"catalogue"|
    "records", Path), or ("error", message) for a path that holds nothing usable."""
    from legalgraph.text.catalogue import SUFFIXES as CATALOGUES
    from legalgraph.text.read import SUPPORTED, iter_documents

    extra = CATALOGUES + ((RECORD_SUFFIX,) if records else ())
    for p in paths:
        if p == "-":
            yield "stdin", p
            continue
        if not os.path.lexists(p):
            yield "error", f"{p}: no such file or directory"
            continue
        if os.path.isdir(p) and not os.access(p, os.R_OK | os.X_OK):
            yield "error", f"{p}: permission denied"
            continue
        found = False
        for path in iter_documents([p], extra_suffixes=extra):
            found = True
            suffix = path.suffix.lower()
            if suffix in CATALOGUES:
                yield "catalogue", path
            elif suffix == RECORD_SUFFIX and records:
                yield "records", path
            else:
                yield "document", path
        if not found and os.path.isdir(p):
            yield "error", f"{p}: no documents in this directory (looked for {', '.join(SUPPORTED + extra)})"


def _catalogue_outcomes(path: Path, columns, issuer):
    from legalgraph.text.catalogue import read_catalogue
    from legalgraph.text.read import ReadError

    try:
        rows, problems = read_catalogue(path, columns=columns, issuer=issuer)
    except ReadError as e:
        yield Outcome("error", str(path), error=str(e), unit="")
        return
    for problem in problems:
        yield Outcome("note", str(path), notes=[problem])
    for row in rows:
        yield process_row(row, f"{path}#{row.line}")


def _record_outcomes(path: Path):
    """Lines of `extract` output, streamed: such files can be gigabytes."""
    from legalgraph.model import record_problem

    try:
        lines = path.open("rb")
    except OSError as e:
        yield Outcome("error", str(path), error=f"{path}: {e.strerror or e}", unit="")
        return
    with lines:
        for n, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{n}"
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
                record = json.loads(line)
            except ValueError as e:  # UnicodeDecodeError included
                yield Outcome("error", source, error=f"{path}: line {n}: not JSON ({e})", size=len(raw),
                              unit="record")
                continue
            problem = record_problem(record)
            if problem:
                yield Outcome("error", source, error=f"{source}: {problem}", size=len(raw), unit="record")
                continue
            yield Outcome("record", source, line=line, data=record, size=len(raw), unit="record")


def _stdin_outcome():
    from legalgraph.text.read import ReadError, stdin_text

    data = sys.stdin.buffer.read()
    try:
        text = stdin_text(data)
    except ReadError as e:
        return Outcome("error", "<stdin>", error=str(e), size=len(data))
    return process_text(text, "<stdin>")


def run(paths, *, jobs: int = 1, bodies: bool = True, want: str = "line", records: bool = False,
        columns=None, issuer=None, on_plan=None):
    """Outcomes for everything ``paths`` hold, in order (see the module docstring).

    ``want``: "line" (each record as a JSON line) or "object" (the Extraction).
    ``records``: also read `extract` output (.jsonl), as ``build`` does.
    ``on_plan(count, total_bytes)``: called once the inputs are listed, for progress.
    """
    _init_worker(bodies, want)
    plan = list(expand(paths, records))  # paths only, never contents: small even for 300k files
    documents = [item for kind, item in plan if kind == "document"]
    if on_plan is not None:
        # records count apart from files (their number is known only once read), but their
        # bytes are part of the work left
        on_plan(len(documents), sum(_size(p) for kind, p in plan if kind in ("document", "records")))
    jobs = max(1, min(jobs, len(documents)))
    if jobs == 1:
        yield from _sequential(plan, columns, issuer)
        return
    yield from _parallel(plan, jobs, bodies, want, columns, issuer)


def _size(path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _sequential(plan, columns, issuer):
    for kind, item in plan:
        yield from _outcomes(kind, item, columns, issuer)


def _outcomes(kind, item, columns, issuer):
    if kind == "error":
        yield Outcome("error", "", error=item, unit="")
    elif kind == "stdin":
        yield _stdin_outcome()
    elif kind == "catalogue":
        yield from _catalogue_outcomes(item, columns, issuer)
    elif kind == "records":
        yield from _record_outcomes(item)
    else:
        yield process_document(str(item))


def _parallel(plan, jobs, bodies, want, columns, issuer):
    # fork shares the loaded grammar with the workers; where fork is missing, spawn works too
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    window = jobs * 4  # documents in flight: enough to keep workers busy, few enough to bound memory
    _extractor()
    with context.Pool(jobs, initializer=_start_worker, initargs=(bodies, want, os.getpid())) as pool:
        pending: deque = deque()  # AsyncResults and ready Outcomes, in input order

        def drain():
            while len(pending) > window or (pending and isinstance(pending[0], Outcome)):
                yield _take(pending.popleft())

        try:
            for kind, item in plan:
                if kind == "document":
                    pending.append(pool.apply_async(process_document, (str(item),)))
                else:
                    for outcome in _outcomes(kind, item, columns, issuer):
                        pending.append(outcome)
                        yield from drain()
                yield from drain()
            while pending:
                yield _take(pending.popleft())
        finally:
            pool.terminate()


def _take(item) -> Outcome:
    return item if isinstance(item, Outcome) else item.get()
