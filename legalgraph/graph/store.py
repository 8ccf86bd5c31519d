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
import os
import logging
import sqlite3
import urllib.parse
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from legalgraph.graph.merge import NODE_COLUMNS, alias_group, compute_aliases, node_row
from legalgraph.ids import number_slug
from legalgraph.model import CHAIN_TYPES, CHANGE_TYPES, RELATION_TYPES

# what a store has to tell whoever opened it (waiting for another build, a migration):
# the library logs it; the CLI prints the "legalgraph" logger's records on standard error
log = logging.getLogger("legalgraph.store")

SCHEMA_VERSION = 5
# what each older schema lacks, added in place when such a store is opened (a store of
# schema 4 has no publisher's-note details on its edges and no names table; its documents
# get them when they are built again)
MIGRATIONS = {
    4: ("ALTER TABLE edges ADD COLUMN detail TEXT",
        "CREATE TABLE IF NOT EXISTS names (id TEXT NOT NULL, canonical TEXT NOT NULL, source TEXT NOT NULL, grp TEXT)"),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY, sha1 TEXT NOT NULL, doc_id TEXT, kind TEXT NOT NULL,
    rows TEXT NOT NULL  -- JSON: the rowid range of this source's rows in each table
);
CREATE TABLE IF NOT EXISTS instruments (
    id TEXT NOT NULL, source TEXT NOT NULL, own INTEGER NOT NULL,
    type TEXT, number TEXT, year INTEGER, date TEXT, issuer TEXT, title TEXT, province TEXT,
    key TEXT,  -- the number as a slug ("56-2024-nd-cp"), for finding an instrument by name
    grp TEXT,  -- the alias group (legalgraph.graph.merge)
    spans TEXT -- where the source mentions it: "774-800 1835-1861"
);
CREATE TABLE IF NOT EXISTS sentences (  -- evidence, stored once however many edges it supports
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS aliases (id TEXT PRIMARY KEY, canonical TEXT NOT NULL, grp TEXT);
CREATE INDEX IF NOT EXISTS aliases_canonical ON aliases (canonical);
CREATE INDEX IF NOT EXISTS aliases_grp ON aliases (grp);
CREATE TABLE IF NOT EXISTS nodes (  -- derived: one row per instrument, all its sources merged
    id TEXT PRIMARY KEY, stub INTEGER, cited_by INTEGER,
    type TEXT, number TEXT, year INTEGER, date TEXT, issuer TEXT, title TEXT, province TEXT,
    local INTEGER, party INTEGER,
    search TEXT,  -- folded words of type, number and title (legalgraph.graph.merge.search_text)
    extra TEXT    -- JSON: sources, conflicts
);
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL, source TEXT NOT NULL,
    start INTEGER, "end" INTEGER, sentence INTEGER, cue TEXT, role TEXT,
    detail TEXT  -- JSON: who states it ("via": "note" for a publisher's note) and where ("provisions")
);
CREATE TABLE IF NOT EXISTS names (  -- the names a source's document is also known by: a law's name and year
    id TEXT NOT NULL, canonical TEXT NOT NULL, source TEXT NOT NULL, grp TEXT
);
CREATE TABLE IF NOT EXISTS bodies (
    id TEXT NOT NULL, source TEXT NOT NULL, name TEXT, kind TEXT, province TEXT, successor TEXT
);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT NOT NULL, source TEXT NOT NULL, doc_id TEXT NOT NULL, number TEXT, text TEXT,
    start INTEGER, "end" INTEGER, due_start TEXT, due_end TEXT, recurring TEXT, due_text TEXT
);
CREATE TABLE IF NOT EXISTS notes (  -- a source's publisher's notes: character spans, brackets included
    source TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS texts (  -- the text a source was read from, where it was kept (an upload)
    source TEXT PRIMARY KEY, text TEXT NOT NULL
);
"""

# The words ``search`` looks in (nodes.search), indexed: a full-text index (SQLite's FTS5)
# whose content is node_search, one row per node. node_search has its own integer key
# because the index refers to rows by rowid, and a VACUUM renumbers the implicit rowids of
# a table keyed by text (nodes). Tokens are the words legalgraph.graph.merge.words makes
# (lower-case ASCII letters, digits and '.'), so a token match is the whole-word match and
# a prefix query the word-start match of the LIKE patterns it replaces. refresh_nodes keeps
# both tables; a store built before them gets them the first time it is opened for writing,
# and until then search scans nodes.search (the same answers, slower).
SEARCH_INDEX = """
CREATE TABLE IF NOT EXISTS node_search (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, words TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS node_search_fts USING fts5(
    words, content='node_search', content_rowid='n', tokenize="unicode61 tokenchars '.'");
"""

# the relations between instruments, those a chain walks and those that change a text, in the
# order the partial indexes below state them (the vocabulary is model.py's)


def type_condition(types) -> str:
    """"type IN ('A', 'B')": how a partial index states its types, and how a query must
    state them, literally and in the same order, for SQLite to use that index."""
    return f"type IN ({', '.join(repr(t) for t in types)})"


# Secondary indexes, kept apart so that a build into an empty store can create them once
# at the end (inside the same transaction) instead of updating them row by row. There is no
# index by source: a source's rows are contiguous in each table (one writer, one ingest at a
# time), so ``sources.rows`` keeps their rowid ranges and removing a source deletes by range.
#
# Two partial covering indexes hold relation edges with all a query row shows of them, so
# that the walks never read the edges table: edges_chain just the chain types (a few per
# cent of all edges: a walk through thousands of implementers reads a small index), and
# edges_relations every relation type, keyed (target, type, source instrument), which
# `stats` scans in order to count each relation once however many documents state it, and
# `stale` reads. GraphLoader writes these conditions into its queries (edge_query). Stores
# built before an index existed get it the first time they are opened.
_EDGE_ROW = 'dst, type, src, source, start, "end", sentence'
INDEXES = f"""
CREATE INDEX IF NOT EXISTS instruments_id ON instruments (id);
CREATE INDEX IF NOT EXISTS instruments_key ON instruments (key, id);
CREATE INDEX IF NOT EXISTS instruments_grp ON instruments (grp);
CREATE INDEX IF NOT EXISTS edges_src ON edges (src);
CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst);
CREATE INDEX IF NOT EXISTS edges_change ON edges (type) WHERE {type_condition(CHANGE_TYPES)};
CREATE INDEX IF NOT EXISTS edges_chain ON edges ({_EDGE_ROW}) WHERE {type_condition(CHAIN_TYPES)};
CREATE INDEX IF NOT EXISTS edges_relations ON edges ({_EDGE_ROW}) WHERE {type_condition(RELATION_TYPES)};
CREATE INDEX IF NOT EXISTS bodies_id ON bodies (id);
CREATE INDEX IF NOT EXISTS tasks_id ON tasks (id);
CREATE INDEX IF NOT EXISTS nodes_cited ON nodes (stub, cited_by);
CREATE INDEX IF NOT EXISTS sources_doc ON sources (doc_id);
"""
INDEX_NAMES = [line.split()[5] for line in INDEXES.strip().splitlines()]

# Past this many touched alias groups, recomputing all aliases is cheaper than group by group.
_GROUPS_FULL_REFRESH = 20_000



class RecordError(Exception):
    """An extraction record the store cannot take; nothing of it was stored."""


class StoreError(Exception):
    """The store cannot be used as asked: missing, damaged, locked, read-only, full, not a
    legalgraph store. ``str()`` is one line naming it."""

    @classmethod
    def from_sqlite(cls, path, e: sqlite3.Error) -> StoreError:
        return cls(explain(path, e))


# A store up to this size (some 9,000 documents) is checked whole (PRAGMA quick_check,
# about 400 MB/s here) before a build writes to it; a bigger one only where the build reads,
# which is where damage would spread: checking 8 GB would add some 20 s to adding a document.
CHECK_MAX_BYTES = 256 << 20


def _code(e: sqlite3.Error) -> str:
    return getattr(e, "sqlite_errorname", None) or ""


def explain(path, e: sqlite3.Error) -> str:
    """One line for what SQLite reported about the store at ``path``."""
    name = _code(e)
    if name.startswith("SQLITE_FULL"):
        return f"{path}: no space left on device (the disk is full); the store keeps the graph it had"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(e):
        return f"{path}: the store is damaged ({e}); build it again into a new file"
    if name.startswith("SQLITE_READONLY"):
        return f"{path}: read-only (the file or its folder); cannot build into it"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{path}: another build is writing to this store ({e})"
    return f"{path}: {e}"


@lru_cache(maxsize=1 << 18)
def _key(number: str | None) -> str | None:
    return number_slug(number) if number else None


_group = lru_cache(maxsize=1 << 18)(alias_group)  # the same instruments are cited again and again


def chunks(items, size=900):
    """``items`` in lists short enough for one "IN (?, …)": under SQLite's limit on "?"."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _detail(relation: dict) -> str | None:
    """What an edge keeps of a relation beyond its evidence: who states it, and where."""
    detail = {k: relation[k] for k in ("via", "provisions") if relation.get(k)}
    return json.dumps(detail, ensure_ascii=False) if detail else None


def _spans(mentions) -> str | None:
    return " ".join(f"{m['start']}-{m['end']}" for m in mentions) if mentions else None


class Store:
    """``write``: for a build, which creates the store if need be and holds SQLite's write
    lock while it writes, waiting up to ``wait`` seconds for another build to let it go.
    Without it, for queries: a store is never created, nor legalgraph's tables added to
    another file, and a read-only store (file or folder) is read as it is."""

    def __init__(self, path: str | Path, write: bool = True, wait: float = 5.0):
        self.path = Path(path)
        self.wait = wait
        self._changed, self._bulk, self._groups, self._ids = False, False, set(), set()
        try:
            self.db = self._connect(write)
            version = self._schema(write)
            if version is None:
                self._lock()
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.executescript(SCHEMA)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            else:
                if version != SCHEMA_VERSION:
                    self._migrate(version)
                if write:
                    self.db.execute("PRAGMA journal_mode=WAL")
                    self.db.executescript(SCHEMA)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._add_missing_indexes(existing=version is not None)
            self._next_sentence = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0]
        except sqlite3.Error as e:
            raise StoreError(self._explain(e, opening=True)) from None

    def _connect(self, write: bool) -> sqlite3.Connection:
        if write:
            db = sqlite3.connect(str(self.path), isolation_level=None, timeout=self.wait)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError as e:
                if _code(e).startswith("SQLITE_CANTOPEN") and self.path.exists():
                    # the folder is read-only: SQLite cannot put its journal beside the store
                    raise StoreError(f"{self.path}: read-only (the file or its folder); cannot build into it") from None
                raise
            return db
        uri = "file:" + urllib.parse.quote(os.path.abspath(self.path))
        try:
            db = sqlite3.connect(uri + "?mode=rw", uri=True, isolation_level=None)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError as e:
            if not _code(e).startswith("SQLITE_CANTOPEN"):
                raise
        # A read-only folder: SQLite cannot make the shared-memory file a WAL store is read
        # through. Nothing can write to the store there, so it is read as an unchanging file,
        # unless its log holds changes the file does not have yet.
        wal = Path(f"{self.path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(f"{self.path}: its folder is read-only and {wal.name} holds changes not yet in the "
                             "store; open it once where the folder can be written")
        db = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, isolation_level=None)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db

    def _schema(self, write: bool) -> int | None:
        """The store's schema version; None for an empty file, which only a build takes
        (it becomes a store)."""
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            if not write:
                raise StoreError(f"{self.path}: an empty file, no graph in it yet; run `legalgraph build PATH... "
                                 f"--store {self.path}` first")
            return None
        if "meta" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreError(f"{self.path}: not a legalgraph store (a SQLite database of other tables: {shown})")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            raise StoreError(f"{self.path}: not a legalgraph store (no schema version in its meta table)")
        if not str(row[0]).isdigit():
            raise StoreError(f"{self.path}: not a legalgraph store, or a damaged one (schema version {row[0]!r} "
                             "is not a number)")
        version = int(row[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: a store of schema {version}, made by a newer legalgraph; this one reads "
                             f"schema {SCHEMA_VERSION}: upgrade legalgraph")
        return version

    def _check(self) -> None:
        """Refuse a damaged store before writing to it (see CHECK_MAX_BYTES)."""
        pages, size = (self.db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
        if pages * size > CHECK_MAX_BYTES:
            return
        problem = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            problem = " ".join(problem.replace("*** in database main ***", "").split())
            raise StoreError(f"{self.path}: the store is damaged ({problem}); build it again into a new file")

    def _lock(self) -> None:
        """Wait for SQLite's write lock if another build holds it, saying so; a build that
        still holds it after ``wait`` seconds ends this one with one line."""
        self.db.execute("PRAGMA busy_timeout=0")
        try:
            if self._held_by_another():
                if not self.wait:
                    raise StoreError(self._busy())
                log.warning(f"{self.path}: another build is writing to this store; waiting for it to finish "
                            f"(at most {self.wait:g} s: --wait)")
                self.db.execute(f"PRAGMA busy_timeout={int(self.wait * 1000)}")
                if self._held_by_another():
                    raise StoreError(self._busy())
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(self.wait * 1000)}")

    def _held_by_another(self) -> bool:
        """Take SQLite's write lock and let it go: False; True when another connection has it."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if _code(e).startswith("SQLITE_BUSY"):
                return True
            raise
        self.db.execute("ROLLBACK")
        return False

    def _explain(self, e: sqlite3.Error, opening: bool = False) -> str:
        code = _code(e)
        if opening and code.startswith("SQLITE_NOTADB"):
            return f"{self.path}: not a legalgraph store ({e})"
        if code.startswith("SQLITE_BUSY"):
            return self._busy()
        return explain(self.path, e)

    def _busy(self) -> str:
        return (f"{self.path}: another build still holds this store after {self.wait:g} s; run this one when it "
                "has finished, or give it longer with --wait SECONDS")

    def close(self):
        self.db.close()

    def _migrate(self, version: int) -> None:
        if version not in MIGRATIONS:
            raise StoreError(f"{self.path}: a store of schema {version}; this legalgraph reads schema "
                             f"{SCHEMA_VERSION} — build it again into a new file")
        try:
            self.db.execute("BEGIN IMMEDIATE")
            for statement in MIGRATIONS[version]:
                self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: a store of schema {version} that cannot be brought to schema "
                             f"{SCHEMA_VERSION} now ({e}); build it again into a new file") from None
        log.warning(f"{self.path}: brought from schema {version} to {SCHEMA_VERSION}")

    def _add_missing_indexes(self, existing: bool) -> None:
        """Create the indexes a store lacks: all of them in a new store; in one built by an
        earlier legalgraph, those added since (edges_chain, edges_relations)."""
        present = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        missing = [name for name in INDEX_NAMES if name not in present]
        if not missing:
            return
        if existing:  # a large store takes a while (300,000 documents: about 20 s)
            log.warning(f"{self.path}: adding {', '.join(missing)} to a store built by an earlier legalgraph (once)")
        try:
            self.db.executescript(INDEXES)
        except sqlite3.OperationalError:
            if not existing:
                raise
            # Another process is building into it, or the file is read-only: queries are
            # right without the new index, only slower, and the next opening that can
            # write adds it. Refusing the store would stop every query during a build.
            log.warning(f"{self.path}: busy or read-only, not added now; answering without them (slower)")

    def has_search_index(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'node_search_fts'").fetchone() is not None

    def _add_search_index(self) -> None:
        """The search index (SEARCH_INDEX), inside a write transaction: a store built
        before it gets it filled from its nodes, once."""
        if self.has_search_index():
            return
        for statement in SEARCH_INDEX.strip().split(";\n"):
            self.db.execute(statement)
        if self.db.execute("SELECT 1 FROM nodes LIMIT 1").fetchone():
            log.warning(f"{self.path}: adding the search index to a store built by an earlier legalgraph (once)")
            self.db.execute("INSERT INTO node_search (id, words) SELECT id, coalesce(search, '') FROM nodes")
            self.db.execute("INSERT INTO node_search_fts (node_search_fts) VALUES ('rebuild')")

    def _index_words(self, rows) -> None:
        """Add the search words of new node rows (NODE_COLUMNS tuples) to the search index."""
        at = NODE_COLUMNS.index("search")
        start = self.db.execute("SELECT coalesce(max(n), 0) + 1 FROM node_search").fetchone()[0]
        entries = [(start + k, row[0], row[at] or "") for k, row in enumerate(rows)]
        self.db.executemany("INSERT INTO node_search VALUES (?, ?, ?)", entries)
        self.db.executemany("INSERT INTO node_search_fts (rowid, words) VALUES (?, ?)",
                            [(n, words) for n, _, words in entries])

    def _unindex_words(self, ids) -> None:
        """Take the nodes ``ids`` (those there are) out of the search index."""
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            self.db.execute("INSERT INTO node_search_fts (node_search_fts, rowid, words) "
                            f"SELECT 'delete', n, words FROM node_search WHERE id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM node_search WHERE id IN ({marks})", chunk)

    @contextmanager
    def transaction(self):
        """All or nothing: the run's changes land together or not at all.

        Into an empty store, rows go in without secondary indexes, which are built once at
        the end, still inside the transaction."""
        # Into an empty store, a rollback journal: it holds only the few pages the store had,
        # and every new page is written once. WAL would write each page twice (the log, then
        # the checkpoint). Both undo a run that dies; WAL comes back at the end.
        try:
            self._lock()  # before the journal mode changes, which waits for the lock too
            self._check()
            empty = self.db.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is None
            if empty:
                self.db.execute("PRAGMA journal_mode=DELETE")
            try:
                yield from self._transaction()
            finally:
                if empty:
                    try:
                        self.db.execute("PRAGMA journal_mode=WAL")
                    except sqlite3.Error:
                        pass  # the graph is whole either way; the next build puts WAL back
        except sqlite3.Error as e:
            raise StoreError(self._explain(e)) from None

    def _transaction(self):
        # Big builds touch big indexes: a big page cache, LEGALGRAPH_CACHE_MB bounding it.
        # Only while writing: a query reads a few thousand pages once each, and with a big
        # cache each of them costs a fresh allocation instead of a reused slot (a 1,353-row
        # chain at 300k: 3.5 ms slower).
        cache_mb = int(os.environ.get("LEGALGRAPH_CACHE_MB") or 200)
        self.db.execute(f"PRAGMA cache_size={-1024 * max(cache_mb, 1)}")
        self.db.execute("BEGIN IMMEDIATE")
        self._changed = False
        self._groups: set[str] = set()
        self._ids: set[str] = set()  # instrument ids whose rows this run added or removed
        self._bulk = bulk = self.db.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is None
        self._next_sentence = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0]
        try:
            self._add_search_index()
            if bulk:
                for name in INDEX_NAMES:
                    self.db.execute(f"DROP INDEX IF EXISTS {name}")
            yield self
            self._create_indexes()
            if self._changed:
                if bulk or len(self._groups) > _GROUPS_FULL_REFRESH:
                    self.refresh_aliases()
                    self.refresh_nodes()
                else:
                    moved = self.refresh_aliases(self._groups)
                    self.refresh_nodes(self._ids | moved)
            self.db.execute("COMMIT")
        except BaseException:
            # A COMMIT that fails (a full disk) may have rolled back already, or not: SQLite
            # asks for a ROLLBACK either way, and one with nothing to undo must not hide
            # the error that ended the run.
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        finally:
            self._bulk = False
            self.db.execute("PRAGMA cache_size=-2000")  # SQLite's default

    def _create_indexes(self) -> None:
        if self._bulk:
            # one statement at a time: executescript() would commit the open transaction
            for statement in INDEXES.strip().splitlines():
                self.db.execute(statement)
            self._bulk = False

    def refresh_aliases(self, groups=None) -> set[str]:
        """Recompute which partly known ids merge into which full ones: in the alias
        ``groups`` given, or everywhere. Returns the ids on either side of an alias that
        came or went (their nodes change)."""
        before = set()
        if groups is None:
            ids = [r[0] for r in self.db.execute("SELECT DISTINCT id FROM instruments")]
            names = self.db.execute("SELECT DISTINCT id, canonical FROM names").fetchall()
            self.db.execute("DELETE FROM aliases")
        else:
            ids, names = [], []
            for chunk in chunks(groups):
                q = ",".join("?" * len(chunk))
                ids += [r[0] for r in self.db.execute(f"SELECT DISTINCT id FROM instruments WHERE grp IN ({q})", chunk)]
                names += self.db.execute(f"SELECT DISTINCT id, canonical FROM names WHERE grp IN ({q})", chunk).fetchall()
                before.update(self.db.execute(f"SELECT id, canonical FROM aliases WHERE grp IN ({q})", chunk))
                self.db.execute(f"DELETE FROM aliases WHERE grp IN ({q})", chunk)
        alias = compute_aliases(ids, names)
        self.db.executemany("INSERT INTO aliases VALUES (?, ?, ?)",
                            [(i, c, alias_group(i)) for i, c in alias.items()])
        return {x for pair in before ^ set(alias.items()) for x in pair}

    def refresh_nodes(self, ids=None) -> None:
        """Recompute the merged node of each instrument ``ids`` belong to, or of all."""
        insert = f"INSERT OR REPLACE INTO nodes VALUES ({', '.join('?' * len(NODE_COLUMNS))})"
        columns = "id, source, own, type, number, year, date, issuer, title, province"
        alias = dict(self.db.execute("SELECT id, canonical FROM aliases"))
        if ids is None:
            self.db.execute("DELETE FROM nodes")
            self.db.execute("INSERT INTO node_search_fts (node_search_fts) VALUES ('delete-all')")
            self.db.execute("DELETE FROM node_search")
            merged_into = defaultdict(list)  # canonical id -> rows of the ids merged into it
            for i, c in alias.items():
                merged_into[c] += self.db.execute(f"SELECT {columns} FROM instruments WHERE id=?", (i,)).fetchall()
            rows_out, current, rows = [], None, []
            for row in self.db.execute(f"SELECT {columns} FROM instruments ORDER BY id"):
                if row[0] != current:
                    if rows and current not in alias:
                        rows_out.append(node_row(current, rows + merged_into.get(current, [])))
                    current, rows = row[0], []
                    if len(rows_out) >= 5000:
                        self.db.executemany(insert, rows_out)
                        self._index_words(rows_out)
                        rows_out = []
                rows.append(row)
            if rows and current not in alias:
                rows_out.append(node_row(current, rows + merged_into.get(current, [])))
            self.db.executemany(insert, rows_out)
            self._index_words(rows_out)
            return
        ids = set(ids)
        targets = {alias.get(i, i) for i in ids}
        self._unindex_words(ids)
        for chunk in chunks(ids):
            self.db.execute(f"DELETE FROM nodes WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        members = defaultdict(set)
        for i, c in alias.items():
            if c in targets:
                members[c].add(i)
        rows_out = []
        for target in targets:
            wanted = [target, *members.get(target, ())]
            rows = self.db.execute(f"SELECT {columns} FROM instruments WHERE id IN ({','.join('?' * len(wanted))})",
                                   wanted).fetchall()
            if rows:
                rows_out.append(node_row(target, rows))
        self._unindex_words({row[0] for row in rows_out} - ids)  # rows replaced, not deleted above
        self.db.executemany(insert, rows_out)
        self._index_words(rows_out)

    # -- writing ---------------------------------------------------------------------

    def ingest(self, record: dict, kind: str = "document", raw: bytes | None = None) -> str:
        """Add or replace one source's extraction. Returns 'added', 'replaced' or 'unchanged'.
        ``raw``: the record's JSON text when the caller has it (saves serialising it again).

        A record the store cannot take (a damaged line of `extract` output) raises
        RecordError and leaves nothing of itself behind: the rest of the run goes on."""
        self.db.execute("SAVEPOINT record")
        try:
            outcome = self._ingest(record, kind, raw)
        except (KeyError, TypeError, AttributeError, IndexError, ValueError, sqlite3.InterfaceError) as e:
            self.db.execute("ROLLBACK TO record")
            self.db.execute("RELEASE record")
            raise RecordError(f"not a usable extraction record ({type(e).__name__}: {e})") from None
        self.db.execute("RELEASE record")
        return outcome

    def _ingest(self, record: dict, kind: str, raw: bytes | None) -> str:
        source = record["source"]
        if raw is None:
            raw = json.dumps(record, ensure_ascii=False).encode("utf-8")
        sha1 = hashlib.sha1(raw).hexdigest()
        row = self.db.execute("SELECT sha1 FROM sources WHERE source=?", (source,)).fetchone()
        if row is not None and row[0] == sha1:
            return "unchanged"
        self._changed = True
        if row is not None:
            self.remove(source)
        doc = record["document"]
        instruments = [(doc["id"], source, 1, doc.get("type"), doc.get("number"), doc.get("year"), doc.get("date"),
                        doc.get("issuer"), doc.get("title"), doc.get("province"), _key(doc.get("number")),
                        _group(doc["id"]), None)]
        instruments += [(c["id"], source, 0, c.get("type"), c.get("number"), c.get("year"), c.get("date"),
                         c.get("issuer"), c.get("title"), c.get("province"), _key(c.get("number")),
                         _group(c["id"]), _spans(c.get("mentions"))) for c in record.get("citations", [])]
        ranges = {"instruments": self._insert("instruments", instruments)}
        self._groups.update(r[-2] for r in instruments if r[-2])
        self._ids.update(r[0] for r in instruments)

        sentences: dict[str, int] = {}

        def sentence(text):
            if text is None:
                return None
            if text not in sentences:
                sentences[text] = self._next_sentence + len(sentences)
            return sentences[text]

        edges = [(r["source"], r["type"], r["target"], source, r["evidence"]["start"], r["evidence"]["end"],
                  sentence(r["evidence"]["text"]), r.get("cue"), None, _detail(r)) for r in record.get("relations", [])]
        for b in record.get("bodies", []):
            first = b["mentions"][0] if b.get("mentions") else None
            for role in b.get("roles", [b["role"]]):
                if role in ("issuer", "signer"):
                    edges.append((doc["id"], "ISSUED_BY" if role == "issuer" else "SIGNED_BY", b["id"], source,
                                  None, None, None, None, None, None))
                else:
                    edges.append((doc["id"], "NAMES", b["id"], source, first and first["start"],
                                  first and first["end"], first and sentence(first["text"]), None, role, None))
        for t in record.get("tasks", []):
            edges.append((doc["id"], "HAS_TASK", t["id"], source, t["start"], t["end"], sentence(t["text"]),
                          None, None, None))
            for b in t.get("bodies", []):
                edges.append((t["id"], "ASSIGNED_TO", b["id"], source, t["start"], t["end"], sentence(t["text"]),
                              None, b["role"], None))
        names = [(n, doc["id"], source, _group(n)) for n in doc.get("names", ()) if n != doc["id"]]
        names += [(n, c["id"], source, _group(n)) for c in record.get("citations", []) for n in c.get("names", ())
                  if n != c["id"]]
        ranges["names"] = self._insert("names", names)
        self._groups.update(r[3] for r in names if r[3])
        ranges["sentences"] = self._insert("sentences", [(i, source, text) for text, i in sentences.items()])
        self._next_sentence += len(sentences)
        ranges["edges"] = self._insert("edges", edges)
        ranges["bodies"] = self._insert("bodies", [(b["id"], source, b["name"], b.get("kind"), b.get("province"),
                                                    b.get("successor")) for b in record.get("bodies", [])])
        ranges["tasks"] = self._insert("tasks", [
            (t["id"], source, doc["id"], t.get("number"), t.get("text"), t.get("start"), t.get("end"),
             (t.get("deadline") or {}).get("start"), (t.get("deadline") or {}).get("end"),
             (t.get("deadline") or {}).get("recurring"), (t.get("deadline") or {}).get("text"))
            for t in record.get("tasks", [])])
        ranges["notes"] = self._insert("notes", [(source, a, b) for a, b in record.get("notes", [])])
        self.db.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?)",
                        (source, sha1, doc["id"], kind, json.dumps({t: r for t, r in ranges.items() if r})))
        return "replaced" if row is not None else "added"

    def _insert(self, table: str, rows: list[tuple]) -> list[int] | None:
        """Insert rows; their rowid range (contiguous: this connection is the only writer)."""
        if not rows:
            return None
        self.db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        hi = self.db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
        return [hi - len(rows) + 1, hi]

    def remove(self, source: str) -> None:
        row = self.db.execute("SELECT rows FROM sources WHERE source=?", (source,)).fetchone()
        if row is None:
            return
        self._changed = True
        ranges = json.loads(row[0])
        where = "rowid BETWEEN ? AND ? AND source = ?"
        for table in ("instruments", "names"):
            if table not in ranges:
                continue
            for i, grp in self.db.execute(f"SELECT DISTINCT id, grp FROM {table} WHERE {where}",
                                          (*ranges[table], source)):
                self._ids.add(i)
                if grp:
                    self._groups.add(grp)
        for table, (lo, hi) in ranges.items():
            self.db.execute(f"DELETE FROM {table} WHERE {where}", (lo, hi, source))
        self.db.execute("DELETE FROM texts WHERE source=?", (source,))
        self.db.execute("DELETE FROM sources WHERE source=?", (source,))

    # -- reading ---------------------------------------------------------------------

    def sources(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT source FROM sources ORDER BY source")]

    def summary(self) -> dict:
        """Documents and instruments, cheaply (no scan of the big tables)."""
        db = self.db
        return {"documents": db.execute("SELECT count(*) FROM sources").fetchone()[0],
                "instruments": db.execute("SELECT count(*) FROM nodes").fetchone()[0],
                "stubs": db.execute("SELECT count(*) FROM nodes WHERE stub = 1").fetchone()[0]}
