"""The graph store: one SQLite file holding every document's extraction and the facts
drawn from it, each fact keyed by the source it came from.

* Incremental: ingesting a source replaces exactly what that source contributed; ingesting
  unchanged content (same SHA-1) changes nothing.
* Crash-safe: a whole `build` run is one transaction. A run that fails or is killed leaves
  the previous graph as it was (SQLite's journal rolls the unfinished transaction back).
* Provenance: every row names its source; edges keep the span, the sentence and the cue.

The store knows nothing of networkx, RDF or Neo4j; ``legalgraph.graph.build`` makes the
in-memory graph from it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY, sha1 TEXT NOT NULL, doc_id TEXT, kind TEXT NOT NULL, record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS instruments (
    id TEXT NOT NULL, source TEXT NOT NULL, own INTEGER NOT NULL,
    type TEXT, number TEXT, year INTEGER, date TEXT, issuer TEXT, title TEXT, province TEXT,
    key TEXT  -- the number as a slug ("56-2024-nd-cp"), for finding an instrument by name
);
CREATE INDEX IF NOT EXISTS instruments_id ON instruments (id);
CREATE INDEX IF NOT EXISTS instruments_source ON instruments (source);
CREATE INDEX IF NOT EXISTS instruments_key ON instruments (key);
CREATE TABLE IF NOT EXISTS aliases (id TEXT PRIMARY KEY, canonical TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_canonical ON aliases (canonical);
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL, source TEXT NOT NULL,
    start INTEGER, "end" INTEGER, evidence TEXT, cue TEXT, role TEXT
);
CREATE INDEX IF NOT EXISTS edges_src ON edges (src);
CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst);
CREATE INDEX IF NOT EXISTS edges_source ON edges (source);
CREATE TABLE IF NOT EXISTS bodies (
    id TEXT NOT NULL, source TEXT NOT NULL, name TEXT, kind TEXT, province TEXT, successor TEXT
);
CREATE INDEX IF NOT EXISTS bodies_id ON bodies (id);
CREATE INDEX IF NOT EXISTS bodies_source ON bodies (source);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL, number TEXT, text TEXT,
    start INTEGER, "end" INTEGER, due_start TEXT, due_end TEXT, recurring TEXT, due_text TEXT
);
CREATE INDEX IF NOT EXISTS tasks_source ON tasks (source);
"""

TABLES_BY_SOURCE = ("instruments", "edges", "bodies", "tasks")


class StoreError(Exception):
    pass


def _key(number: str | None) -> str | None:
    from legalgraph.ids import number_slug

    return number_slug(number) if number else None




class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._changed = False
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a legalgraph store ({e})") from None
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema {row[0]}, this legalgraph reads {SCHEMA_VERSION}")

    def close(self):
        self.db.close()

    @contextmanager
    def transaction(self):
        """All or nothing: the run's changes land together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        self._changed = False
        try:
            yield self
            if self._changed:
                self.refresh_aliases()
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def refresh_aliases(self) -> None:
        """Which partly known ids (unknown year or province) merge into which full ones."""
        from legalgraph.graph.build import compute_aliases

        alias = compute_aliases(r[0] for r in self.db.execute("SELECT DISTINCT id FROM instruments"))
        self.db.execute("DELETE FROM aliases")
        self.db.executemany("INSERT INTO aliases VALUES (?, ?)", alias.items())

    # -- writing ---------------------------------------------------------------------

    def ingest(self, record: dict, kind: str = "document") -> str:
        """Add or replace one source's extraction. Returns 'added', 'replaced' or 'unchanged'."""
        source = record["source"]
        text = json.dumps(record, ensure_ascii=False, sort_keys=True)
        sha1 = hashlib.sha1(text.encode("utf-8")).hexdigest()
        row = self.db.execute("SELECT sha1 FROM sources WHERE source=?", (source,)).fetchone()
        if row is not None and row[0] == sha1:
            return "unchanged"
        self._changed = True
        if row is not None:
            self.remove(source)
        doc = record["document"]
        self.db.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?)", (source, sha1, doc["id"], kind, text))
        self.db.execute("INSERT INTO instruments VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (doc["id"], source, doc.get("type"), doc.get("number"), doc.get("year"), doc.get("date"),
                         doc.get("issuer"), doc.get("title"), doc.get("province"), _key(doc.get("number"))))
        self.db.executemany(
            "INSERT INTO instruments VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(c["id"], source, c.get("type"), c.get("number"), c.get("year"), c.get("date"), c.get("issuer"),
              c.get("title"), c.get("province"), _key(c.get("number"))) for c in record.get("citations", [])])
        edges = [(r["source"], r["type"], r["target"], source, r["evidence"]["start"], r["evidence"]["end"],
                  r["evidence"]["text"], r.get("cue"), None) for r in record.get("relations", [])]
        for b in record.get("bodies", []):
            first = b["mentions"][0] if b.get("mentions") else None
            for role in b.get("roles", [b["role"]]):
                if role in ("issuer", "signer"):
                    edges.append((doc["id"], "ISSUED_BY" if role == "issuer" else "SIGNED_BY", b["id"], source,
                                  None, None, None, None, None))
                else:
                    edges.append((doc["id"], "NAMES", b["id"], source, first and first["start"],
                                  first and first["end"], first and first["text"], None, role))
        for t in record.get("tasks", []):
            edges.append((doc["id"], "HAS_TASK", t["id"], source, t["start"], t["end"], t["text"], None, None))
            for b in t.get("bodies", []):
                edges.append((t["id"], "ASSIGNED_TO", b["id"], source, t["start"], t["end"], t["text"], None,
                              b["role"]))
        self.db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", edges)
        self.db.executemany(
            "INSERT INTO bodies VALUES (?, ?, ?, ?, ?, ?)",
            [(b["id"], source, b["name"], b.get("kind"), b.get("province"), b.get("successor"))
             for b in record.get("bodies", [])])
        self.db.executemany(
            "INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(t["id"], source, doc["id"], t.get("number"), t.get("text"), t.get("start"), t.get("end"),
              (t.get("deadline") or {}).get("start"), (t.get("deadline") or {}).get("end"),
              (t.get("deadline") or {}).get("recurring"), (t.get("deadline") or {}).get("text"))
             for t in record.get("tasks", [])])
        return "replaced" if row is not None else "added"

    def remove(self, source: str) -> None:
        self._changed = True
        for table in TABLES_BY_SOURCE:
            self.db.execute(f"DELETE FROM {table} WHERE source=?", (source,))
        self.db.execute("DELETE FROM sources WHERE source=?", (source,))

    # -- reading ---------------------------------------------------------------------

    def sources(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT source FROM sources ORDER BY source")]

    def records(self):
        for (text,) in self.db.execute("SELECT record FROM sources ORDER BY source"):
            yield json.loads(text)

    def counts(self) -> dict:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("sources", "instruments", "edges", "bodies", "tasks")}
