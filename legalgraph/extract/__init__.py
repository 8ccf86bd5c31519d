"""Finding what a document says: citations, its identity, resolution, relations, bodies
and tasks, one module per pass (``pipeline`` runs them in order).

The package is also the public verb ``legalgraph.extract(document)``: calling it runs
the pipeline on a ``Read``, a path or a text (see ``legalgraph.extract.__call__``), so
that the verb and the subpackage that does the work can share their name without one
hiding the other.
"""

from __future__ import annotations

import os
import sys
import types


class _Extract(types.ModuleType):
    def __call__(self, document, *, bodies: bool = True, source: str | None = None):
        """Everything legalgraph reads in one document, as an ``Extraction``: the
        document's identity, its citations with their mentions, the relations with their
        evidence, and (unless ``bodies=False``) the bodies it names and the tasks it gives.

        ``document`` is a ``Read`` from ``legalgraph.read()``, a path (``pathlib.Path`` or
        any ``os.PathLike``; read first), or the text itself as a ``str``. ``source`` names
        it in the record (default: the path, or "<text>"). ``extract(read(p)).to_dict()``
        is the JSON object ``legalgraph extract p`` writes.
        """
        from legalgraph import read
        from legalgraph.extract.pipeline import extractor
        from legalgraph.text.read import Read

        if isinstance(document, os.PathLike):
            document = read(document)
        if isinstance(document, Read):
            result = extractor().extract(document.text, source=source or document.source or "<text>", bodies=bodies)
            result.input = document.to_dict()
            return result
        if isinstance(document, str):
            return extractor().extract(document, source=source or "<text>", bodies=bodies)
        raise TypeError(f"extract() takes a Read, a path or a str, not {type(document).__name__}")


sys.modules[__name__].__class__ = _Extract
