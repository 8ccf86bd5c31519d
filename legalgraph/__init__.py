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

from legalgraph.text.read import Read, ReadError  # a file's text, and why a file cannot be read

__version__ = "0.1.0"

__all__ = ["__version__", "read", "extract", "Read", "ReadError"]


def read(path) -> Read:
    """Read one document file (.txt .md .docx .pdf .html) into a ``Read``: its ``text``
    (decoded, NFC, line ends as "\\n"), ``format``, ``encoding``, ``notes`` about
    conversions and repairs, and ``source``, the path as given.

    Every problem is a ``legalgraph.ReadError``: ``str(error)`` is one line naming the
    file and the problem ("plan.pdf: no text in this file (a scanned PDF? …)").
    """
    from legalgraph.text.read import read_file

    return read_file(path)


# the verb is the subpackage that does the work, callable (see legalgraph/extract/__init__.py)
from legalgraph import extract  # noqa: E402


def extract_text(text, source="<text>", bodies=True):
    """The same as ``extract(text, source=source, bodies=bodies)`` (kept for callers of
    the earlier API)."""
    return extract(text, source=source, bodies=bodies)


def extract_file(path):
    """The same as ``extract(read(path))`` (kept for callers of the earlier API)."""
    return extract(read(path))

