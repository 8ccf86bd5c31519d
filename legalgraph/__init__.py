"""legalgraph: Vietnamese legal and administrative documents as a knowledge graph.

The pipeline, one subpackage per stage:

    text/      read documents into text and a same-length "match view"
    grammar/   load the pattern grammar kept as data in data/grammar/*.toml
    extract/   find citations, the document's identity, resolve identity, relations
    cli/       the `legalgraph` command

Importing this package stays cheap: heavy libraries are imported inside the functions
that need them.
"""

__version__ = "0.1.0"


def extract_text(text, source="<text>"):
    """Extract citations, identity and relations from one document's text."""
    from legalgraph.extract.pipeline import extract_text as _extract

    return _extract(text, source=source)


def extract_file(path):
    """Read a document from disk and extract it."""
    from legalgraph.extract.pipeline import extract_file as _extract

    return _extract(path)
