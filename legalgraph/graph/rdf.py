"""The graph as RDF: ELI for instruments, a small ``vn:`` vocabulary for the rest, SPARQL
over it with Oxigraph.

URIs. Every node id is a path (``/akn/vn/nghi-dinh/2024/56-2024-nd-cp``,
``/body/vn-ben-tre/so-tu-phap``, ``/province/ben-tre``, ``…#task-3``); its IRI is
``BASE`` + that path, so the extractor's Akoma Ntoso work URI stays readable inside the
IRI and ``node_of`` gives it back. The vocabulary lives at ``VN`` (``BASE/ontology#``);
it ships as ``legalgraph.data`` ``vocab/vn.ttl`` with Vietnamese and English labels.

Instruments are ``eli:LegalResource`` (an AKN *work* is what ELI calls a legal resource):
``eli:id_local`` the work URI, ``eli:number`` the printed number, ``eli:type_document``
a ``skos:Concept`` per document type (``BASE/type/nghi-dinh``, labelled "Nghị định"),
``eli:date_document``, ``eli:passed_by`` the issuing body. ELI puts titles on the
*expression*, so a titled instrument is realised by ``<work>/vie``, an
``eli:LegalExpression`` carrying ``eli:title``. The seven relations are ``eli:cites``,
``eli:amends``, ``eli:based_on``, ``eli:repeals`` and, where ELI has no term,
``vn:implements`` (⊑ eli:applies), ``vn:details`` (⊑ eli:based_on) and ``vn:replaces``
(⊑ eli:changes); vn.ttl says why each.

Provenance. Each edge read from a text is asserted as a plain triple *and* described by
one ``rdf:Statement`` (standard reification: rdf:subject, rdf:predicate, rdf:object) with
``vn:source`` (file), ``vn:start``/``vn:end`` (character span), ``vn:evidence`` (the
sentence), ``vn:cue`` and ``vn:role`` (for a body a document or task names); a relation
a publisher's note states has ``vn:via "note"`` and a ``vn:Provision`` per note
(``vn:provisionOf``, ``vn:provisionBy``, ``vn:effective``, ``vn:lapsed``, its span). Reification
rather than RDF-star because every RDF tool and format reads it (N-Triples and JSON-LD
included) and a query that ignores provenance never sees it; the statement's IRI is a
hash of (source node, relation, target node), so exports are stable from run to run.
Edges the graph derives rather than reads (IN_PROVINCE, SUCCEEDED_BY) have none.

Querying. rdflib builds and serialises the graph; SPARQL runs on Oxigraph, because
rdflib's engine is slow on property paths and overflows the stack on ``(…)+`` over long
chains. The questions are ``queries/*.rq``. rdflib and pyoxigraph are imported inside
the functions: ``import legalgraph`` stays fast.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple
from urllib.parse import quote, unquote

BASE = "https://legalgraph.vn"
VN = f"{BASE}/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VIETNAMESE = "http://publications.europa.eu/resource/authority/language/VIE"

PREFIXES = {"eli": ELI, "vn": VN, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD}
FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}

# edge key -> property; NAMES and ASSIGNED_TO keep their role on the statement
PROPERTY = {
    "IMPLEMENTS": VN + "implements", "AMENDS": ELI + "amends", "REPLACES": VN + "replaces",
    "REPEALS": ELI + "repeals", "DETAILS": VN + "details", "BASED_ON": ELI + "based_on",
    "CITES": ELI + "cites", "ISSUED_BY": ELI + "passed_by", "SIGNED_BY": VN + "signedBy",
    "NAMES": VN + "names", "HAS_TASK": VN + "hasTask", "ASSIGNED_TO": VN + "assignedTo",
    "IN_PROVINCE": VN + "inProvince", "SUCCEEDED_BY": VN + "succeededBy",
}
EDGE_TYPE = {p: k for k, p in PROPERTY.items()}


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class IRI(str):
    """An IRI in a triple's object position (a plain ``str`` there would be ambiguous)."""


class Lit(NamedTuple):
    value: str
    datatype: str | None = None
    lang: str | None = None


def iri(node: str) -> str:
    """The IRI of a graph node: ``BASE`` + its id."""
    return BASE + quote(node, safe="/~#-._")


def node_of(term: str) -> str:
    """The graph node id of an IRI made by ``iri``."""
    if not term.startswith(BASE + "/"):
        raise ValueError(f"not a legalgraph IRI: {term!r}")
    return unquote(term[len(BASE):])


def type_iri(type_name: str) -> str:
    from legalgraph.ids import slugify

    return f"{BASE}/type/{slugify(type_name)}"


def role_iri(role: str) -> str:
    return f"{BASE}/role/{role}"


def statement_iri(src: str, key: str, dst: str) -> str:
    digest = hashlib.sha1(f"{src}\x00{key}\x00{dst}".encode()).hexdigest()[:20]
    return f"{BASE}/statement/{digest}"


def _text(value, lang: str | None = None) -> Lit:
    return Lit(str(value), lang=lang)


def _date(value: str) -> Lit:
    # a partly known date stays a plain string: an invalid xsd:date would not load
    return Lit(value, XSD + "date") if _ISO_DATE.match(value) else Lit(value)


def _int(value) -> Lit:
    return Lit(str(int(value)), XSD + "integer")


def _bool(value) -> Lit:
    return Lit("true" if value else "false", XSD + "boolean")


# -- the mapping ----------------------------------------------------------------------------

def triples(g):
    """Every triple of the export, as (subject IRI, predicate IRI, ``IRI`` or ``Lit``)."""
    import json

    from legalgraph.graph.queries import issuer_key

    types = set()
    for node, d in g.nodes(data=True):
        kind = d.get("kind")
        s = iri(node)
        if kind == "instrument":
            yield from _instrument(s, node, d)
            # stale compares issuers by this key; it needs the folding SPARQL cannot do
            yield s, VN + "issuerKey", _text(issuer_key(g, node))
            if d.get("conflicts"):
                yield s, VN + "conflicts", Lit(json.dumps(d["conflicts"], ensure_ascii=False, sort_keys=True),
                                               RDF + "JSON")
            if d.get("type"):
                types.add(d["type"])
        elif kind == "body":
            yield s, RDF + "type", IRI(VN + "Body")
            if d.get("name"):
                yield s, RDFS + "label", _text(d["name"], "vi")
            if d.get("body_kind"):
                yield s, VN + "bodyKind", _text(d["body_kind"])
        elif kind == "person":
            yield s, RDF + "type", IRI(VN + "Person")
            if d.get("name"):
                yield s, RDFS + "label", _text(d["name"], "vi")
        elif kind == "task":
            yield from _task(s, d)
        elif kind == "province":
            yield s, RDF + "type", IRI(VN + "Province")
            yield s, RDFS + "label", _text(d["name"], "vi")
            yield s, VN + "current", _bool(d.get("current"))
            yield s, VN + "before2025", _bool(d.get("before_2025"))
    for type_name in sorted(types):
        t = type_iri(type_name)
        yield t, RDF + "type", IRI(ELI + "ResourceType")
        yield t, RDF + "type", IRI(SKOS + "Concept")
        yield t, SKOS + "prefLabel", _text(type_name, "vi")
        yield t, SKOS + "inScheme", IRI(f"{BASE}/type")
    for src, dst, key, e in g.edges(keys=True, data=True):
        yield from _edge(src, dst, key, e)


def _instrument(s: str, node: str, d: dict):
    yield s, RDF + "type", IRI(ELI + "LegalResource")
    yield s, ELI + "id_local", _text(node)
    if d.get("type"):
        yield s, ELI + "type_document", IRI(type_iri(d["type"]))
    if d.get("number"):
        yield s, ELI + "number", _text(d["number"])
    if d.get("date"):
        yield s, ELI + "date_document", _date(d["date"])
    if d.get("year"):
        yield s, VN + "year", _int(d["year"])
    if d.get("issuer"):
        yield s, VN + "issuerName", _text(d["issuer"], "vi")
    yield s, VN + "stub", _bool(d.get("stub"))
    yield s, VN + "local", _bool(d.get("local"))
    yield s, VN + "party", _bool(d.get("party"))
    yield s, VN + "citedBy", _int(d.get("cited_by") or 0)
    for source in d.get("sources") or ():
        yield s, VN + "source", _text(source)
    if d.get("title"):
        expression = s + "/vie"
        yield s, ELI + "is_realized_by", IRI(expression)
        yield expression, RDF + "type", IRI(ELI + "LegalExpression")
        yield expression, ELI + "realizes", IRI(s)
        yield expression, ELI + "language", IRI(VIETNAMESE)
        yield expression, ELI + "title", _text(d["title"], "vi")


def _task(s: str, d: dict):
    yield s, RDF + "type", IRI(VN + "Task")
    if d.get("number"):
        yield s, VN + "taskNumber", _text(d["number"])
    if d.get("text"):
        yield s, VN + "text", _text(d["text"], "vi")
    deadline = d.get("deadline") or {}
    if deadline.get("start"):
        yield s, VN + "deadlineStart", _date(deadline["start"])
    if deadline.get("end"):
        yield s, VN + "deadlineEnd", _date(deadline["end"])
    if deadline.get("recurring"):
        yield s, VN + "recurring", _text(deadline["recurring"])
    if deadline.get("text"):
        yield s, VN + "deadlineText", _text(deadline["text"], "vi")


def _edge(src: str, dst: str, key: str, e: dict):
    prop = PROPERTY.get(key)
    if prop is None:
        raise ValueError(f"no RDF property for edges of type {key!r}")
    s, o = iri(src), iri(dst)
    yield s, prop, IRI(o)
    if not (e.get("source") or e.get("evidence") or e.get("role")):
        return
    st = statement_iri(src, key, dst)
    yield st, RDF + "type", IRI(RDF + "Statement")
    yield st, RDF + "subject", IRI(s)
    yield st, RDF + "predicate", IRI(prop)
    yield st, RDF + "object", IRI(o)
    if e.get("source"):
        yield st, VN + "source", _text(e["source"])
    if e.get("start") is not None:
        yield st, VN + "start", _int(e["start"])
    if e.get("end") is not None:
        yield st, VN + "end", _int(e["end"])
    if e.get("evidence"):
        yield st, VN + "evidence", _text(e["evidence"], "vi")
    if e.get("cue"):
        yield st, VN + "cue", _text(e["cue"], "vi")
    if e.get("role"):
        yield st, VN + "role", IRI(role_iri(e["role"]))
    if e.get("via"):
        yield st, VN + "via", _text(e["via"])
    for n, p in enumerate(e.get("provisions") or ()):
        node = f"{st}/provision/{n + 1}"
        yield st, VN + "provision", IRI(node)
        yield node, RDF + "type", IRI(VN + "Provision")
        for key, prop in (("of", "provisionOf"), ("by", "provisionBy"), ("cue", "cue")):
            if p.get(key):
                yield node, VN + prop, _text(p[key], "vi")
        for key in ("effective", "lapsed"):
            if p.get(key):
                yield node, VN + key, _date(p[key])
        for key in ("start", "end"):
            if p.get(key) is not None:
                yield node, VN + key, _int(p[key])


# -- rdflib: building and serialising --------------------------------------------------------

def to_rdf(g):
    """The graph as an ``rdflib.Graph``."""
    import rdflib

    out = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, rdflib.Namespace(namespace))
    add = out.add
    for s, p, o in triples(g):
        if isinstance(o, IRI):
            obj = rdflib.URIRef(o)
        else:
            obj = rdflib.Literal(o.value, lang=o.lang, datatype=rdflib.URIRef(o.datatype) if o.datatype else None)
        add((rdflib.URIRef(s), rdflib.URIRef(p), obj))
    return out


def serialize(g, fmt: str = "turtle") -> str:
    """The graph as Turtle (``turtle``), JSON-LD (``jsonld``) or N-Triples (``nt``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}: one of {', '.join(FORMATS)}")
    graph = to_rdf(g)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return graph.serialize(format=FORMATS[fmt])


def vocabulary():
    """The ``vn:`` vocabulary as an ``rdflib.Graph``."""
    import rdflib

    return rdflib.Graph().parse(data=vocabulary_text(), format="turtle")


def vocabulary_text() -> str:
    from importlib.resources import files

    return files("legalgraph.data").joinpath("vocab/vn.ttl").read_text(encoding="utf-8")


# -- Oxigraph: querying ----------------------------------------------------------------------

def oxigraph_store(g, with_vocabulary: bool = True):
    """An in-memory Oxigraph store holding the graph (and the vocabulary, for labels)."""
    import pyoxigraph as ox

    def term(o):
        if isinstance(o, IRI):
            return ox.NamedNode(o)
        if o.lang:
            return ox.Literal(o.value, language=o.lang)
        return ox.Literal(o.value, datatype=ox.NamedNode(o.datatype)) if o.datatype else ox.Literal(o.value)

    store = ox.Store()
    store.bulk_extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), term(o)) for s, p, o in triples(g))
    if with_vocabulary:
        store.load(vocabulary_text().encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


def query_text(name_or_text: str) -> str:
    """A query of ``queries/`` by name (``chain_down``) or the query itself."""
    if re.fullmatch(r"[a-z0-9_]+", name_or_text):
        from importlib.resources import files

        path = files("legalgraph.queries").joinpath(f"{name_or_text}.rq")
        if not path.is_file():
            raise FileNotFoundError(f"no query named {name_or_text!r} in the query library")
        return path.read_text(encoding="utf-8")
    return name_or_text


def _term(value):
    import pyoxigraph as ox

    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if value.startswith("/"):
        return ox.NamedNode(iri(value))
    if value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return ox.Literal(value)


def _python(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return node_of(term.value) if term.value.startswith(BASE + "/") else term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer":
            return int(term.value)
        if datatype == XSD + "boolean":
            return term.value == "true"
        return term.value
    return str(term)


def run_query(store, name_or_text: str, bindings: dict | None = None) -> list[dict]:
    """Run a SELECT query (a ``queries/`` name or its text) with variables bound.

    ``bindings`` maps variable names to node ids (``/akn/…``, ``/province/…``: made IRIs),
    IRIs, strings, ints or bools. Rows come back as dicts, IRIs of ours as node ids.
    """
    import pyoxigraph as ox

    substitutions = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items() if v is not None}
    solutions = store.query(query_text(name_or_text), substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return [{n: _python(row[n]) for n in names} for row in solutions]
