"""Adding documents to the application's store, and the store a new user starts with.

Only the public API: files are read and extracted by ``legalgraph.extract_many`` (the
readers of ``legalgraph extract``, catalogues included); each uploaded file goes in as its
own ``Graph.transaction`` (its record, its catalogue rows and its text, or nothing), so an
upload stopped half way leaves the files already done added and nothing half written.
Each document's text is kept with ``Graph.keep_text`` so that the reading view never goes
back to a file: uploads live in a temporary folder only while they are extracted.
"""

from __future__ import annotations

import os
import re
import tarfile
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

# one writer at a time (SQLite has one); readers go on meanwhile (WAL)
WRITE_LOCK = threading.Lock()
# what an upload may be called once on disk: letters, digits, . _ - only
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


@dataclass
class Added:
    """What adding a batch did: per file, "added" | "replaced" | "unchanged" with the
    instrument ids, or an error line."""

    files: list = field(default_factory=list)  # (name, outcome, [instrument ids] or error line)

    @property
    def errors(self) -> list:
        return [f for f in self.files if f[1] == "error"]


def safe_name(name: str, index: int) -> str:
    """An upload's file name, reduced to its last part and safe characters (its suffix kept,
    as the readers choose by it); never empty, never a path."""
    base = _UNSAFE.sub("_", os.path.basename((name or "").replace("\\", "/"))).strip("._") or "file"
    return f"{index:03d}_{base[-120:]}"


def add_files(store: str, files: list[tuple[str, bytes]], *, prefix: str = "upload") -> Added:
    """Add uploaded ``files`` ((name as sent, bytes)) to ``store``, each file in its own
    transaction; a file that cannot be read or extracted is one error line and the others
    go in."""
    with tempfile.TemporaryDirectory(prefix="legalgraph-upload-") as folder:
        names = {}
        paths = []
        for i, (name, data) in enumerate(files):
            disk = safe_name(name, i)
            path = Path(folder) / disk
            path.write_bytes(data)
            paths.append(str(path))
            names[str(path)] = f"{prefix}/{os.path.basename(name or disk)}"
        return add_paths(store, paths, names, each=True)


def add_paths(store: str, paths: list[str], names: dict | None = None, *, each: bool = False) -> Added:
    """Extract ``paths`` and add them to ``store``, each under its name in ``names`` (a path
    not there: under its own path), keeping each document's text: in one transaction, or
    with ``each``, one transaction per path (what was added before a failure stays)."""
    import legalgraph

    names = names or {}
    done = Added()
    with WRITE_LOCK, legalgraph.Graph.open(store, write=True) as graph:
        if each:
            for path in paths:
                with graph.transaction():
                    _add(graph, [path], names, done)
        else:
            with graph.transaction():
                _add(graph, paths, names, done)
    return done


def _add(graph, paths: list[str], names: dict, done: Added) -> None:
    """Extract ``paths`` and add them through ``graph`` (inside its transaction)."""
    import legalgraph

    for outcome in legalgraph.extract_many(paths, jobs=1):
        path = outcome.source.rsplit("#", 1)[0] if outcome.kind == "row" else outcome.source
        shown = names.get(path, path)
        if outcome.kind == "error":
            line = outcome.error or ""
            for disk, name in names.items():
                line = line.replace(disk, name)
            done.files.append((shown, "error", line))
            continue
        if outcome.kind not in ("document", "row"):
            continue
        record = outcome.result.to_dict()
        source = shown + outcome.source[len(path):]
        record["source"] = source
        try:
            result = graph.add(record, kind="catalogue" if outcome.kind == "row" else "document")
        except legalgraph.RecordError as e:
            done.files.append((shown, "error", f"{shown}: {e}"))
            continue
        if outcome.kind == "document":
            try:
                graph.keep_text(source, legalgraph.read(path).text)
            except legalgraph.ReadError:
                pass
        done.files.append((source, result, [record["document"]["id"]]))


def data_folder() -> Path:
    """The bundled data (legalgraph.data: data/ in a checkout)."""
    import legalgraph.data

    return Path(legalgraph.data.__file__).resolve().parent


def default_store() -> Path:
    """Where ``legalgraph serve`` keeps its store when not told: LEGALGRAPH_STORE, else the
    user's data folder."""
    if os.environ.get("LEGALGRAPH_STORE"):
        return Path(os.environ["LEGALGRAPH_STORE"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "legalgraph" / "legalgraph.db"


def build_default(store: Path, corpus: bool = True) -> Added:
    """A new store from the bundled seeds and, when the data folder has it, the gazette
    corpus (data/corpus/gazette.tar.xz): what a new user sees at once."""
    data = data_folder()
    store.parent.mkdir(parents=True, exist_ok=True)
    seeds = sorted(str(p) for p in (data / "seeds").glob("*.txt"))
    names = {p: f"seeds/{Path(p).name}" for p in seeds}
    gazette = data / "corpus" / "gazette.tar.xz"
    with tempfile.TemporaryDirectory(prefix="legalgraph-corpus-") as folder:
        paths = list(seeds)
        if corpus and gazette.exists():
            with tarfile.open(gazette) as tar:
                tar.extractall(folder, filter="data")
            for p in sorted(Path(folder).rglob("*.txt")):
                paths.append(str(p))
                names[str(p)] = f"gazette/{p.name}"
        return add_paths(str(store), paths, names)
