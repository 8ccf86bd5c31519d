"""legalgraph: Vietnamese legal and administrative documents as a knowledge graph.

The public API is what this module exports (``__all__``); the CLI, the notebook and
the web application call it. Reading and extraction:

>>> import legalgraph
>>> record = legalgraph.extract("Căn cứ Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ;")
>>> [(c.number, c.date, c.issuer) for c in record.citations]
[('56/2024/NĐ-CP', '2024-05-18', 'Chính phủ')]
>>> [(r.type, r.target) for r in record.relations]
[('BASED_ON', '/akn/vn/nghi-dinh/2024/56-2024-nd-cp')]

A file is read first (any format ``legalgraph extract`` takes); what ``extract`` returns
for it is the record that ``legalgraph extract FILE`` writes:

>>> plan = legalgraph.read("data/seeds/003_6df45af5e4de73d5.txt")
>>> plan.format, plan.encoding
('txt', 'utf-8')
>>> record = legalgraph.extract(plan)
>>> record.document.type, record.document.number, record.document.issuer
('Kế hoạch', '6134/KH-UBND', 'UBND tỉnh Bến Tre')
>>> record.to_dict()["input"]
{'format': 'txt', 'encoding': 'utf-8'}

A graph store is built from extracted documents and then asked the questions legal
staff ask; each answer is a list of typed rows (``legalgraph.graph.rows``):

>>> import tempfile, pathlib
>>> store = pathlib.Path(tempfile.mkdtemp()) / "seeds.db"
>>> with legalgraph.Graph.open(store, write=True) as graph, graph.transaction():
...     for outcome in legalgraph.extract_many(["data/seeds"], jobs=1):
...         _ = graph.add(outcome.result)
>>> with legalgraph.Graph.open(store) as graph:
...     [(r.province, r.successor, r.number) for r in graph.implementers("1521/QĐ-TTg", province="Vĩnh Long")]
...     [(r.depth, r.number) for r in graph.chain("1521/QĐ-TTg", up=True)]
...     graph.find("Quyết định 916/QĐ-TTg ngày 27/8/2024").title[:32]
[('Bến Tre', 'Vĩnh Long', '6134/KH-UBND')]
[(1, '80-KL/TW'), (2, '32-CT/TW')]
'phê duyệt Đề án phát triển nguồn'

``legalgraph.export(graph, "turtle")`` writes the whole graph in one of
``EXPORT_FORMATS``.

The pipeline, one subpackage per stage:

    text/      read documents into text and a same-length "match view"
    grammar/   load the pattern grammar kept as data in data/grammar/*.toml
    extract/   find citations, the document's identity, resolve identity, relations,
               bodies and tasks
    graph/     the graph across documents: the SQLite store, queries, RDF, Neo4j, views
    cli/       the `legalgraph` command

Importing this package stays cheap: heavy libraries are imported inside the functions
that need them.
"""

from __future__ import annotations

from legalgraph.model import CHANGE_TYPES, RELATION_TYPES, RESTS_ON  # the vocabulary, defined once there
from legalgraph.text.read import Read, ReadError  # a file's text, and why a file cannot be read

__version__ = "0.1.0"

__all__ = [
    "__version__",
    # reading and extracting
    "read", "read_catalogue", "inputs", "extract", "extract_many", "extract_one", "select_tasks", "Read",
    "ReadError",
    # the graph
    "Graph", "StoreError", "RecordError", "NotFound", "Ambiguous", "ViewTooLarge",
    # the vocabulary: relation types, those that change a text, those that rest on one
    "RELATION_TYPES", "CHANGE_TYPES", "RESTS_ON",
    # writing it out
    "export", "EXPORT_FORMATS", "ExportError", "load_neo4j", "neo4j_import_command", "LoadError",
]


def read(path) -> Read:
    """Read one document file (.txt .md .docx .pdf .html) into a ``Read``: its ``text``
    (decoded, NFC, line ends as "\\n"), ``format``, ``encoding``, ``notes`` about
    conversions and repairs, and ``source``, the path as given. ``"-"`` reads standard
    input (text in any encoding ``extract`` takes).

    Every problem is a ``legalgraph.ReadError``: ``str(error)`` is one line naming the
    file and the problem ("plan.pdf: no text in this file (a scanned PDF? …)").
    """
    from legalgraph.text.read import read_file, read_stdin

    return read_stdin() if str(path) == "-" else read_file(path)


def read_catalogue(path, columns: dict | None = None, issuer: str | None = None):
    """The rows of a catalogue (.csv, .xlsx: number, date, title per row) and the
    problems of rows that cannot be read. ``columns`` names the header of a field
    ({"number": "Số hiệu"}); ``issuer``, the issuing body of every row. ``ReadError``
    when the file or its header is unusable."""
    from legalgraph.text.catalogue import read_catalogue as read_rows

    return read_rows(path, columns=columns, issuer=issuer)


def inputs(paths, records: bool = False):
    """What ``paths`` hold, in order: ("document" | "catalogue" | "records", Path),
    ("stdin", "-"), or ("error", one line) for a path with nothing usable. Directories
    are searched recursively; ``records``: `extract` output (.jsonl) counts too."""
    from legalgraph.extract.batch import expand

    return expand(paths, records)


def extract_many(paths, *, jobs: int = 0, bodies: bool = True, want: str = "object", records: bool = False,
                 columns: dict | None = None, issuer: str | None = None, on_plan=None):
    """Extract every document, catalogue row (and with ``records``, `extract` output
    line) that ``paths`` hold, in input order, by ``jobs`` worker processes (0: one per
    core): ``Outcome``s, each with ``kind`` ("document", "row", "record", "error",
    "note"), ``source``, ``result`` (the ``Extraction``; ``want="line"``: ``line``, its
    JSON), ``error`` and ``notes`` (one line each). ``on_plan(files, bytes)`` is called
    once the inputs are listed."""
    from legalgraph.extract.batch import default_jobs, run

    return run(paths, jobs=jobs or default_jobs(), bodies=bodies, want=want, records=records, columns=columns,
               issuer=issuer, on_plan=on_plan)


def extract_one(path, bodies: bool = True):
    """(the record of one file as a JSON line, None) or (None, the error line): a
    function to map over paths on Dask or Spark workers."""
    from legalgraph.extract.batch import extract_one as one

    return one(str(path), bodies)


def select_tasks(tasks, body=None, role="any", due_before=None, overdue=False, today=None):
    """The tasks of an ``Extraction`` given to ``body`` ("Sở Tư pháp": any province's)
    in ``role`` (lead, support, report_to; any: one of them), due before ``due_before``,
    or ``overdue`` on ``today`` (dates)."""
    from legalgraph.task_selection import select_tasks as select

    return select(tasks, body=body, role=role, due_before=due_before, overdue=overdue, today=today)


def load_neo4j(graph, driver, *, database=None, batch_size: int = 1000, progress=None, server: str = "neo4j"):
    """Write the whole of ``graph`` (a ``Graph``, or a networkx MultiDiGraph) through a
    ``neo4j`` driver: constraints and indexes first, then nodes and relationships in
    batches of ``batch_size`` (UNWIND … MERGE; loading twice changes nothing).
    ``server="falkordb"`` for FalkorDB's smaller Cypher dialect; ``progress(done, total,
    what)`` after each batch. Returns rows written and the server's counters; ``LoadError``
    when a batch fails."""
    from legalgraph.graph.neo4j import load_graph

    return load_graph(graph, driver, database=database, batch_size=batch_size, progress=progress, server=server)


def neo4j_import_command(files: dict, database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command line for the files that
    ``export(graph, "neo4j-csv", to=folder)`` wrote (its return value)."""
    from legalgraph.graph.neo4j import import_command

    return import_command(files, database)


# the verb is the subpackage that does the work, callable (see legalgraph/extract/__init__.py)
from legalgraph import extract  # noqa: E402

# the graph side, imported when first used: `import legalgraph` stays cheap
_LAZY = {
    "Graph": ("legalgraph.graph.api", "Graph"),
    "StoreError": ("legalgraph.graph.store", "StoreError"),
    "RecordError": ("legalgraph.graph.store", "RecordError"),
    "NotFound": ("legalgraph.graph.api", "NotFound"),
    "Ambiguous": ("legalgraph.graph.api", "Ambiguous"),
    "ViewTooLarge": ("legalgraph.graph.view", "ViewTooLarge"),
    "VIEW_WORDS": ("legalgraph.graph.view", "VIEW_WORDS"),  # what View.html(words=…) translates
    "export": ("legalgraph.graph.export", "export"),
    "EXPORT_FORMATS": ("legalgraph.graph.export", "FORMATS"),
    "ExportError": ("legalgraph.graph.export", "ExportError"),
    "LoadError": ("legalgraph.graph.neo4j", "LoadError"),
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'legalgraph' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def extract_text(text, source="<text>", bodies=True):
    """The same as ``extract(text, source=source, bodies=bodies)`` (kept for callers of
    the earlier API)."""
    return extract(text, source=source, bodies=bodies)


def extract_file(path):
    """The same as ``extract(read(path))`` (kept for callers of the earlier API)."""
    return extract(read(path))
