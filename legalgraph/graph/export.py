"""``legalgraph.export``: the whole graph in the formats other tools read, one registry.

    graphml    GraphML, for Gephi, yEd, networkx (lists and dicts as JSON text)
    json       node-link JSON (networkx.node_link_data, edges under "edges")
    turtle, jsonld, nt
               RDF: the ELI ontology for instruments, the vn: vocabulary for what ELI lacks
    neo4j-csv  a folder of node and relationship CSV files for `neo4j-admin database import`

A format is a ``Format`` in ``FORMATS``; adding one is adding an entry (see
docs/architecture.md, "How to add an export format").
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


class ExportError(Exception):
    """A format that does not exist, or a place that cannot be written; one line."""


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffix: str  # of the file (or folder) it is usually written to
    media_type: str
    write: Callable  # text formats: graph -> str; folder formats: (graph, folder) -> dict of files
    folder: bool = False


def _scalar(value):
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def graphml(g) -> str:
    """GraphML holds scalars only: lists and dicts (sources, provisions) go as JSON text."""
    import networkx as nx

    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **{k: _scalar(v) for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in d.items() if b is not None})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf)
    return buf.getvalue().decode("utf-8")


def node_link(g) -> str:
    import networkx as nx

    return json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, default=str)


def _rdf(fmt):
    def write(g) -> str:
        from legalgraph.graph.rdf import serialize

        return serialize(g, fmt)
    return write


def _neo4j_csv(g, folder) -> dict:
    from legalgraph.graph.neo4j import export_csv

    return export_csv(g, folder)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("graphml", "GraphML (Gephi, yEd, networkx)", ".graphml", "application/graphml+xml", graphml),
    Format("json", "node-link JSON (networkx)", ".json", "application/json", node_link),
    Format("turtle", "RDF as Turtle (ELI and vn:)", ".ttl", "text/turtle", _rdf("turtle")),
    Format("jsonld", "RDF as JSON-LD", ".jsonld", "application/ld+json", _rdf("jsonld")),
    Format("nt", "RDF as N-Triples", ".nt", "application/n-triples", _rdf("nt")),
    Format("neo4j-csv", "CSV files for neo4j-admin database import", "", "text/csv", _neo4j_csv, folder=True),
)}


def export(graph, format: str = "json", to=None):
    """The whole of ``graph`` (a ``legalgraph.Graph``, or a networkx MultiDiGraph) in
    ``format`` (a name in ``FORMATS``). A text format returns the text; ``neo4j-csv``
    writes into the folder ``to``, whole or not at all, and returns {"nodes": [...],
    "relationships": [...], "array_delimiter": c}, the files it wrote."""
    chosen = FORMATS.get(format)
    if chosen is None:
        raise ExportError(f"no export format '{format}': one of {', '.join(FORMATS)}")
    g = graph.networkx() if hasattr(graph, "networkx") else graph
    if chosen.folder:
        if to is None:
            raise ExportError(f"the format {format} writes a folder of files: say which (to=…)")
        return write_folder(to, lambda tmp: chosen.write(g, tmp))
    if to is not None:
        raise ExportError(f"the format {format} is text: it is returned, not written to a folder")
    return chosen.write(g)


def write_folder(directory, write) -> dict:
    """Files written whole or not at all: ``write(folder)`` fills a temporary folder beside
    ``directory``, whose files then replace theirs in it (or which becomes it). Returns what
    ``write`` returned (a dict), its lists of paths moved to ``directory``."""
    import shutil
    import tempfile

    target = Path(directory)
    try:
        parent = target.absolute().parent
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".legalgraph-", dir=parent))
    except OSError as e:
        raise ExportError(f"{directory}: cannot write ({e.strerror or e})") from None
    try:
        files = write(tmp)
        if not target.exists():
            tmp.rename(target)
        else:
            for f in sorted(tmp.iterdir()):
                os.replace(f, target / f.name)
    except OSError as e:
        raise ExportError(f"{directory}: cannot write ({e.strerror or e}); nothing written") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {k: [target / Path(p).name for p in v] if isinstance(v, list) else v for k, v in files.items()}
