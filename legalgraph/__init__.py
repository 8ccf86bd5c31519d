"""legalgraph: Vietnamese legal and administrative documents as a knowledge graph.

The pipeline, one subpackage per stage:

    text/      read documents into text and a same-length "match view"
    grammar/   load the pattern grammar kept as data in data/grammar/*.toml
    extract/   find citations, the document's identity, resolve identity, relations,
               bodies (spaCy) and tasks
    cli/       the `legalgraph` command

Importing this package stays cheap: heavy libraries are imported inside the functions
that need them.
"""

__version__ = "0.1.0"


def extract_text(text, source="<text>", bodies=True):
    """Extract citations, identity, relations, bodies and tasks from one document's text.

    ``bodies=False`` skips bodies and tasks, and with them spaCy.
    """
    from legalgraph.extract.pipeline import extract_text as _extract

    return _extract(text, source=source, bodies=bodies)


def extract_file(path):
    """Read a document from disk and extract it."""
    from legalgraph.extract.pipeline import extract_file as _extract

    return _extract(path)
