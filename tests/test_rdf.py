"""The RDF export: ELI terms and the vn: vocabulary, round trips through Turtle, JSON-LD and
N-Triples, provenance, and the SPARQL queries giving the answers of the Python questions."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, URIRef
from stale_case import write_case, write_follow_up

from legalgraph.cli import main
from legalgraph.graph import queries as q
from legalgraph.graph import rdf
from legalgraph.graph.build import build_graph, province_node
from legalgraph.graph.store import Store

ELI = rdflib.Namespace(rdf.ELI)
VN = rdflib.Namespace(rdf.VN)
SKOS = rdflib.Namespace(rdf.SKOS)
# plain URIRefs: pytest probing rdflib's closed XSD namespace at collection warns
XSD_INTEGER, XSD_BOOLEAN, XSD_DATE = (URIRef(rdf.XSD + t) for t in ("integer", "boolean", "date"))

DECREE = "/akn/vn/nghi-dinh/2024/56-2024-nd-cp"
TIEN_GIANG_PLAN = "/akn/vn-tien-giang/ke-hoach/2024/338-kh-ubnd"


def build(inputs, store):
    r = CliRunner().invoke(main, ["build", str(inputs), "--store", str(store)])
    assert r.exit_code == 0, r.output
    return build_graph(Store(str(store)))


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory, seeds_dir):
    return build(seeds_dir, tmp_path_factory.mktemp("rdf") / "seeds.db")


@pytest.fixture(scope="module")
def seed_oxigraph(seed_graph):
    return rdf.oxigraph_store(seed_graph)


# -- reading an export back ---------------------------------------------------------------

def _value(graph, s, p):
    o = graph.value(s, p)
    if o is None:
        return None
    return o.toPython() if o.datatype in (XSD_INTEGER, XSD_BOOLEAN) else str(o)


def instruments_in(graph) -> dict:
    """Each instrument of a parsed export with the attributes the graph gives it."""
    out = {}
    for s in graph.subjects(RDF.type, ELI.LegalResource):
        province = graph.value(s, VN.inProvince)
        expression = graph.value(s, ELI.is_realized_by)
        type_concept = graph.value(s, ELI.type_document)
        out[rdf.node_of(str(s))] = {
            "type": _value(graph, type_concept, SKOS.prefLabel) if type_concept else None,
            "number": _value(graph, s, ELI.number),
            "date": _value(graph, s, ELI.date_document),
            "year": _value(graph, s, VN.year),
            "issuer": _value(graph, s, VN.issuerName),
            "title": _value(graph, expression, ELI.title) if expression else None,
            "province": _value(graph, province, RDFS.label) if province else None,
            "stub": _value(graph, s, VN.stub),
            "local": _value(graph, s, VN.local),
            "party": _value(graph, s, VN.party),
            "cited_by": _value(graph, s, VN.citedBy),
            "sources": sorted(str(o) for o in graph.objects(s, VN.source)),
        }
    return out


def edges_in(graph) -> set:
    """Every edge of a parsed export with its provenance, read off its rdf:Statement."""
    provenance = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        key = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        role = graph.value(st, VN.role)
        provenance[key] = (_value(graph, st, VN.source), _value(graph, st, VN.start), _value(graph, st, VN.end),
                           _value(graph, st, VN.evidence), _value(graph, st, VN.cue),
                           str(role).rsplit("/", 1)[-1] if role else None)
    out = set()
    for s, p, o in graph:
        if str(p) in rdf.EDGE_TYPE:
            out.add((rdf.node_of(str(s)), rdf.EDGE_TYPE[str(p)], rdf.node_of(str(o)),
                     *provenance.get((s, p, o), (None,) * 6)))
    return out


def instruments_of(g) -> dict:
    fields = ("type", "number", "date", "year", "issuer", "title", "province", "stub", "local", "party",
              "cited_by")
    return {n: {f: g.nodes[n].get(f) for f in fields} | {"sources": sorted(g.nodes[n]["sources"])}
            for n in q.instruments(g)}


def edges_of(g) -> set:
    return {(u, k, v, d.get("source"), d.get("start"), d.get("end"), d.get("evidence"), d.get("cue"), d.get("role"))
            for u, v, k, d in g.edges(keys=True, data=True)}


# -- the export -----------------------------------------------------------------------------

def test_importing_the_module_loads_no_rdf_library():
    code = "import sys, legalgraph.graph.rdf; print(sorted({'rdflib', 'pyoxigraph'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt"])
def test_round_trip_keeps_instruments_and_relations(seed_graph, fmt):
    text = rdf.serialize(seed_graph, fmt)
    parsed = rdflib.Graph().parse(data=text, format=rdf.FORMATS[fmt])
    assert len(parsed) == len(rdf.to_rdf(seed_graph))
    assert instruments_in(parsed) == instruments_of(seed_graph)
    assert edges_in(parsed) == edges_of(seed_graph)
    relations = {e[1] for e in edges_in(parsed)}
    assert {"IMPLEMENTS", "AMENDS", "DETAILS", "CITES", "NAMES", "ASSIGNED_TO", "SUCCEEDED_BY"} <= relations


def test_serialize_names_its_formats(seed_graph):
    with pytest.raises(ValueError, match="turtle, jsonld, nt"):
        rdf.serialize(seed_graph, "rdfxml")


def test_the_decree_in_eli_terms(seed_graph):
    graph = rdf.to_rdf(seed_graph)
    decree = URIRef("https://legalgraph.vn/akn/vn/nghi-dinh/2024/56-2024-nd-cp")
    assert (decree, RDF.type, ELI.LegalResource) in graph
    assert graph.value(decree, ELI.number) == Literal("56/2024/NĐ-CP")
    assert graph.value(decree, ELI.id_local) == Literal(DECREE)
    assert graph.value(decree, ELI.date_document) == Literal("2024-05-18", datatype=XSD_DATE)
    concept = graph.value(decree, ELI.type_document)
    assert concept == URIRef("https://legalgraph.vn/type/nghi-dinh")
    assert (concept, RDF.type, ELI.ResourceType) in graph
    assert graph.value(concept, SKOS.prefLabel) == Literal("Nghị định", lang="vi")
    plan = URIRef(rdf.iri(TIEN_GIANG_PLAN))
    assert (plan, VN.implements, decree) in graph
    assert graph.value(plan, VN.inProvince) == URIRef("https://legalgraph.vn/province/tien-giang")
    assert (URIRef("https://legalgraph.vn/province/tien-giang"), VN.succeededBy,
            URIRef("https://legalgraph.vn/province/dong-thap")) in graph
    # every node of ours is an absolute IRI under the one base
    ours = {str(s) for s in graph.subjects() if str(s).startswith("https://legalgraph.vn/")}
    assert {rdf.node_of(i) for i in ours if "/statement/" not in i and "/type/" not in i
            and not i.endswith("/vie")} == set(seed_graph.nodes)


def test_titles_sit_on_the_expression(seed_graph):
    graph = rdf.to_rdf(seed_graph)
    titled = [n for n in q.instruments(seed_graph) if seed_graph.nodes[n].get("title")]
    assert titled
    for node in titled:
        expression = graph.value(URIRef(rdf.iri(node)), ELI.is_realized_by)
        assert (expression, RDF.type, ELI.LegalExpression) in graph
        assert graph.value(expression, ELI.title) == Literal(seed_graph.nodes[node]["title"], lang="vi")
        assert graph.value(URIRef(rdf.iri(node)), ELI.title) is None


def test_each_relation_keeps_its_evidence(seed_graph):
    graph = rdf.to_rdf(seed_graph)
    edge = seed_graph.edges[TIEN_GIANG_PLAN, DECREE, "IMPLEMENTS"]
    statement = URIRef(rdf.statement_iri(TIEN_GIANG_PLAN, "IMPLEMENTS", DECREE))
    assert graph.value(statement, RDF.subject) == URIRef(rdf.iri(TIEN_GIANG_PLAN))
    assert graph.value(statement, RDF.predicate) == VN.implements
    assert graph.value(statement, RDF.object) == URIRef(rdf.iri(DECREE))
    assert str(graph.value(statement, VN.evidence)) == edge["evidence"]
    assert str(graph.value(statement, VN.source)) == edge["source"] and edge["source"].endswith(".txt")
    assert (graph.value(statement, VN.start).toPython(), graph.value(statement, VN.end).toPython()) == (
        edge["start"], edge["end"])
    assert "Nghị định số 56/2024/NĐ-CP" in edge["evidence"]
    # a body's role where a task names it
    lead = [(u, v) for u, v, k, d in seed_graph.edges(keys=True, data=True)
            if k == "ASSIGNED_TO" and d["role"] == "lead"]
    assert lead
    st = URIRef(rdf.statement_iri(lead[0][0], "ASSIGNED_TO", lead[0][1]))
    assert graph.value(st, VN.role) == URIRef("https://legalgraph.vn/role/lead")


def test_the_vocabulary_labels_every_term_in_two_languages(seed_graph):
    vocab = rdf.vocabulary()
    terms = set(vocab.subjects(RDF.type, rdflib.OWL.Class)) | set(vocab.subjects(RDF.type, rdflib.OWL.ObjectProperty)) \
        | set(vocab.subjects(RDF.type, rdflib.OWL.DatatypeProperty)) | set(vocab.subjects(SKOS.inScheme, VN.Roles))
    assert len(terms) > 40
    for term in terms:
        languages = {label.language for label in vocab.objects(term, RDFS.label)}
        assert {"vi", "en"} <= languages, term
    # every vn: term the export uses is declared there
    graph = rdf.to_rdf(seed_graph)
    used = {p for p in graph.predicates() if str(p).startswith(rdf.VN)}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(rdf.VN)}
    used |= set(graph.objects(None, VN.role))
    assert used and used <= terms, used - terms
    assert vocab.value(VN.implements, RDFS.subPropertyOf) == ELI.applies
    assert vocab.value(VN.details, RDFS.subPropertyOf) == ELI.based_on
    assert vocab.value(VN.replaces, RDFS.subPropertyOf) == ELI.changes
    assert vocab.value(VN.signedBy, RDFS.subPropertyOf) == ELI.passed_by


def test_every_edge_type_has_a_property(seed_graph):
    assert {k for _, _, k in seed_graph.edges(keys=True)} <= set(rdf.PROPERTY)
    assert set(q.RELATIONS) <= set(rdf.PROPERTY)


# -- the SPARQL queries ----------------------------------------------------------------------

QUERY_NAMES = ["chain_down", "chain_up", "implementers_by_province", "stale", "most_cited", "missing"]


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_each_query_says_what_it_answers_and_what_to_bind(name):
    text = rdf.query_text(name)
    head = text.split("PREFIX", 1)[0]
    assert head.startswith("# ") and all(line.startswith("#") for line in head.strip().splitlines())
    assert "Bind ?" in head or "Nothing needs binding" in head
    for bound in re.findall(r"^#\s+\?(\w+) = <", head, re.MULTILINE):
        assert f"?{bound}" in text.split("WHERE", 1)[0], f"?{bound} must be in the projection to be bound"


def test_chain_queries_answer_like_chain(seed_graph, seed_oxigraph):
    for node in q.instruments(seed_graph):
        down = rdf.run_query(seed_oxigraph, "chain_down", {"instrument": node})
        assert {r["implementer"] for r in down} == {r["id"] for r in q.chain(seed_graph, node)}, node
        up = rdf.run_query(seed_oxigraph, "chain_up", {"instrument": node})
        assert {r["implemented"] for r in up} == {r["id"] for r in q.chain(seed_graph, node, up=True)}, node
    down = rdf.run_query(seed_oxigraph, "chain_down", {"instrument": DECREE})
    assert "338/KH-UBND" in {r["number"] for r in down}
    assert any(r["implementer"].endswith("doc-469401fb2f") for r in down)
    ttg = q.resolve_one(seed_graph, "1521/QĐ-TTg")
    assert {r["number"] for r in rdf.run_query(seed_oxigraph, "chain_up", {"instrument": ttg})} == {
        "80-KL/TW", "32-CT/TW"}


def test_implementers_query_answers_like_implementers(seed_graph, seed_oxigraph):
    provinces = {seed_graph.nodes[n].get("province") for n in q.instruments(seed_graph)} - {None}
    provinces |= {"Đồng Tháp", "Vĩnh Long", "Bắc Ninh"}  # today's units the seeds' provinces merged into
    for node in q.instruments(seed_graph):
        for province in [None, *sorted(provinces)]:
            rows = rdf.run_query(seed_oxigraph, "implementers_by_province",
                                 {"instrument": node, "province": province_node(province) if province else None})
            expected = q.implementers(seed_graph, node, province)
            assert [r["implementer"] for r in rows] == [r["id"] for r in expected], (node, province)
            assert [r["successorName"] for r in rows] == [
                r["successor"] if r["successor"] != r["province"] else None for r in expected]
    by_today = rdf.run_query(seed_oxigraph, "implementers_by_province",
                             {"instrument": DECREE, "province": "/province/dong-thap"})
    assert [(r["number"], r["provinceName"]) for r in by_today] == [("338/KH-UBND", "Tiền Giang")]


def stale_rows(store, **bindings):
    return [(r["changed"], r["change"], r["by"], r["rests"], r["restsRelation"])
            for r in rdf.run_query(store, "stale", bindings)]


def stale_expected(g, changed=None, province=None):
    return [(r["changed"], r["change"], r["by"], r["rests"], r["rests_relation"])
            for r in q.stale(g, changed, province)]


def test_stale_query_on_the_seeds(seed_graph, seed_oxigraph):
    # the seeds hold amendments (154/2020 of 34/2016, 56/2024 of 55/2011, …), all acted on
    assert sum(1 for _, _, k in seed_graph.edges(keys=True) if k == "AMENDS") >= 3
    assert stale_rows(seed_oxigraph) == stale_expected(seed_graph) == []


def test_stale_query_finds_what_was_not_acted_on(tmp_path):
    write_case(tmp_path)
    g = build(tmp_path, tmp_path / "s.db")
    store = rdf.oxigraph_store(g)
    old = "/akn/vn/nghi-dinh/2011/55-2011-nd-cp"
    rows = stale_rows(store)
    assert rows == stale_expected(g) == [(old, "AMENDS", DECREE, "/akn/vn-ben-tre/ke-hoach/2021/10-kh-ubnd",
                                          "IMPLEMENTS")]
    assert stale_rows(store, changed=old) == rows
    assert stale_rows(store, changed=DECREE) == stale_expected(g, DECREE) == []
    # by today's unit too: Bến Tre is in Vĩnh Long
    assert stale_rows(store, province="/province/vinh-long") == stale_expected(g, province="Vĩnh Long") == rows
    assert stale_rows(store, province="/province/tien-giang") == stale_expected(g, province="Tiền Giang") == []
    # a later plan of the same UBND taking up the amending decree acts on the change
    write_follow_up(tmp_path)
    g = build(tmp_path, tmp_path / "s.db")
    assert stale_rows(rdf.oxigraph_store(g)) == stale_expected(g) == []


def test_most_cited_and_missing_queries(seed_graph, seed_oxigraph):
    top = rdf.run_query(seed_oxigraph, "most_cited")
    assert len(top) == 10
    assert (top[0]["instrument"], top[0]["citedBy"]) == (DECREE, 2)
    assert top[0]["citedBy"] == q.stats(seed_graph)["most_cited"][0]["cited_by"]
    every = rdf.run_query(seed_oxigraph, re.sub(r"LIMIT \d+", "", rdf.query_text("most_cited")))
    assert {r["instrument"]: r["citedBy"] for r in every} == {
        n: seed_graph.nodes[n]["cited_by"] for n in q.instruments(seed_graph) if seed_graph.nodes[n]["cited_by"]}
    missing = rdf.run_query(seed_oxigraph, "missing")
    assert [r["instrument"] for r in missing] == [r["id"] for r in q.missing(seed_graph)]
    assert missing[0]["number"] == "56/2024/NĐ-CP"


def test_run_query_rejects_an_unknown_name(seed_oxigraph):
    with pytest.raises(FileNotFoundError, match="no query named 'chain_sideways'"):
        rdf.run_query(seed_oxigraph, "chain_sideways")
