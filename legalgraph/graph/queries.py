"""The questions legal staff ask, answered on the MultiDiGraph.

    chain        who implements or details an instrument, transitively (or, up, what it
                 implements and what that implements)
    implementers the provincial instruments in the chain, by province
    coverage     which provinces have issued one and which have not, before and after 2025
    stale        amendments not acted on: who still rests on the amended text
    show, search, stats, missing

Instruments are named the way people write them ("56/2024/NĐ-CP", "Quyết định
916/QĐ-TTg", "nd 56/2024"); ``resolve`` turns a name into candidate nodes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque

from legalgraph.graph.merge import fold, search_text, split_name, words
from legalgraph.graph.rows import provisions_text
from legalgraph.graph.store import chunks, type_condition
from legalgraph.model import CHAIN_TYPES, CHANGE_TYPES, RESTS_ON  # noqa: F401 - CHANGE_TYPES, RESTS_ON: also this module's names
from legalgraph.model import RELATION_TYPES as RELATIONS

DOWN_TYPES = CHAIN_TYPES  # the relations a chain follows down: what the store's index edges_chain holds


class Ambiguous(Exception):
    def __init__(self, name, candidates):
        self.name = name
        self.candidates = candidates
        super().__init__(f"'{name}' names {len(candidates)} instruments")


class NotFound(Exception):
    pass


def _number_tokens(number: str | None) -> list[str]:
    return words(number) if number else []


def describe(g, node) -> dict:
    d = g.nodes[node]
    return {"id": node, "type": d.get("type"), "number": d.get("number"), "date": d.get("date"),
            "year": d.get("year"), "issuer": d.get("issuer"), "province": d.get("province"),
            "title": d.get("title"), "stub": d.get("stub", False)}


def label(g, node) -> str:
    d = g.nodes[node]
    return d.get("number") or d.get("title") or d.get("name") or node


def instruments(g):
    return (n for n, d in g.nodes(data=True) if d.get("kind") == "instrument")


# -- naming an instrument ---------------------------------------------------------------

def resolve(g, name: str) -> list[str]:
    """Candidate nodes for a name as people write it."""
    name = name.strip()
    if name in g:
        # a work URI names an instrument only if the graph has one there: a lookup adds
        # a bare node for any URI asked about
        return [name] if g.nodes[name].get("kind") == "instrument" else []
    if name in g.graph.get("named", {}):  # a law by name, looked up by GraphLoader.candidates
        return sorted(g.graph["named"][name], key=lambda n: (-(g.nodes[n].get("cited_by") or 0), n))
    name, year = split_name(name)
    tokens = words(name)
    numbers = [t for t in tokens if t[0].isdigit()]
    others = [t for t in tokens if not t[0].isdigit() and t not in ("so",)]
    if not numbers:
        return []
    out = []
    for node in instruments(g):
        d = g.nodes[node]
        have = _number_tokens(d.get("number"))
        if not have:
            continue
        if [t.lstrip("0") or "0" for t in have[:len(numbers)]] != [t.lstrip("0") or "0" for t in numbers]:
            continue
        hay = set(have) | set(fold(d.get("type")).split())
        type_abbrev = "".join(w[0] for w in fold(d.get("type")).split())
        if all(w in hay or w == type_abbrev for w in others) and (year is None or d.get("year") in (None, year)):
            out.append(node)
    return sorted(out, key=lambda n: (-(g.nodes[n].get("cited_by") or 0), n))


def resolve_one(g, name: str) -> str:
    found = resolve(g, name)
    if not found:
        raise NotFound(f"no instrument in the graph is named '{name}'")
    if len(found) > 1:
        exact = [n for n in found if fold(g.nodes[n].get("number")) == fold(name)]
        if len(exact) == 1:
            return exact[0]
        raise Ambiguous(name, found)
    return found[0]


# -- chains -------------------------------------------------------------------------------

def _edge(g, a, b, types):
    """The first of ``types`` that links a to b (a plan may both implement and detail a
    decree: the row names the relation listed first, whatever order the edges came in)."""
    edges = g.get_edge_data(a, b, default={})
    for key in types:
        if key in edges:
            return key, edges[key]
    return None, None


def chain(g, node: str, up: bool = False, types=DOWN_TYPES) -> list[dict]:
    """Every instrument implementing or detailing ``node``, transitively (``up``: the other
    way), breadth first, each with the instrument it links to and the evidence."""
    rows = []
    seen = {node}
    queue = deque([(node, 0)])
    while queue:
        current, depth = queue.popleft()
        neighbours = g.successors(current) if up else g.predecessors(current)
        for other in sorted(set(neighbours)):
            if other in seen or g.nodes[other].get("kind") != "instrument":
                continue
            relation, data = _edge(g, current, other, types) if up else _edge(g, other, current, types)
            if relation is None:
                continue
            seen.add(other)
            row = describe(g, other)
            row.update(depth=depth + 1, relation=relation, via=current, via_label=label(g, current),
                       evidence=data.get("evidence"), source=data.get("source"))
            rows.append(row)
            queue.append((other, depth + 1))
    return rows


def add_files(loader, rows) -> None:
    """Chain rows get ``file``: for a document the collection holds without a number, its
    file, all a reader can know it by (None for a numbered one or a stub). Its sources may
    also list files citing it; the one stating the row's relation is taken where it is among
    them. Read from the store for the few rows that need it: reading every node's sources
    would slow a long chain down."""
    import json

    for r in rows:
        r.setdefault("file", None)
    wanted = {r["id"]: r for r in rows if not r.get("number") and not r.get("stub") and not r["file"]}
    for chunk in chunks(list(wanted)):
        for node, extra in loader.db.execute(
                f"SELECT id, extra FROM nodes WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            sources = json.loads(extra or "{}").get("sources") or []
            if sources:
                r = wanted[node]
                r["file"] = r.get("source") if r.get("source") in sources else sources[0]


def _province_of(g, node) -> str | None:
    return g.nodes[node].get("province")


def _successor(province: str | None) -> str | None:
    """The unit that took a province over in 2025 (itself when it was kept)."""
    if not province:
        return None
    from legalgraph.grammar import load_grammar

    known = load_grammar().province(province)
    return known.successor if known is not None and known.successor else province


def in_province(g, node, wanted: str) -> bool:
    """Belongs to ``wanted`` as the document names it, or to the unit that succeeded it."""
    p = _province_of(g, node)
    if not p:
        return False
    w = fold(wanted).replace("tinh ", "").replace("thanh pho ", "").strip()
    return fold(p) == w or fold(_successor(p)) == w


def implementers(g, node: str, province: str | None = None) -> list[dict]:
    """The local (provincial, district) instruments in the chain below ``node``."""
    rows = [r for r in chain(g, node) if g.nodes[r["id"]].get("local")]
    if province:
        rows = [r for r in rows if in_province(g, r["id"], province)]
    for r in rows:
        r["successor"] = _successor(r["province"])
    return sorted(rows, key=lambda r: (r["province"] or "", r["date"] or "", r["number"] or ""))


def coverage(g, node: str) -> list[dict]:
    """Every province, before and after the 2025 reorganisation: has it acted on ``node``?"""
    from legalgraph.grammar import load_grammar

    by_old: dict[str, list[str]] = {}
    for r in implementers(g, node):
        if r["province"]:
            by_old.setdefault(r["province"], []).append(r["number"] or r["id"])
    provinces = sorted(load_grammar().provinces, key=lambda p: p.name)
    successor = {p.name: p.successor or p.name for p in provinces}
    out = []
    for p in provinces:
        if p.before_2025:
            own = by_old.get(p.name, [])
            out.append({"province": p.name, "period": "before 2025", "covered": bool(own), "instruments": own})
    for p in provinces:
        if p.current:
            # today's unit: its own instruments and those of the provinces merged into it
            merged = [f"{num} ({old})" for old in by_old if old != p.name and successor.get(old) == p.name
                      for num in by_old[old]]
            own = by_old.get(p.name, []) + merged
            out.append({"province": p.name, "period": "from 2025", "covered": bool(own), "instruments": own})
    return out


# -- stale amendments ---------------------------------------------------------------------

def issuer_key(g, node) -> str:
    """Who issued an instrument, as stale amendments compare issuers: the issuer's name
    folded ("UBND" for "Ủy ban nhân dân", "Chủ tịch" dropped) and its province; the RDF and
    Neo4j exports carry it so that their stale queries compare the same way."""
    d = g.nodes[node]
    issuer = fold(d.get("issuer"))
    issuer = re.sub(r"^(chu tich |uy ban nhan dan)", lambda m: "ubnd" if "uy ban" in m.group(1) else "", issuer)
    issuer = issuer.replace("uy ban nhan dan", "ubnd").strip()
    return f"{issuer}|{fold(d.get('province'))}"


def _date(g, node) -> str | None:
    d = g.nodes[node]
    if d.get("date"):
        return d["date"]
    if d.get("year"):
        return f"{d['year']}"
    return None


def stale(g, changed: str | None = None, province: str | None = None) -> list[dict]:
    return list(iter_stale(g, changed, province))


def iter_stale(g, changed: str | None = None, province: str | None = None):
    """Instruments amended, replaced or repealed while others still rest on the old text.

    For each change A —AMENDS/REPLACES/REPEALS→ B and each C that implements, details or is
    based on B: C still rests on the old text unless a later instrument of C's own issuer
    acted on the change — amended, replaced or repealed C, or took up A (implements,
    details, is based on or cites it).

    A national graph has laws that thousands of texts rest on and take up, so who took up
    each A is gathered once, by issuer, rather than searched again for every C.
    ``changed``: only changes of that instrument (B); ``province``: only C of that province.
    """
    issuer_of: dict[str, str] = {}

    def issuer(node):
        if node not in issuer_of:
            issuer_of[node] = issuer_key(g, node)
        return issuer_of[node]

    takers: dict[str, dict[str, list[str]]] = {}  # A -> issuer -> instruments that took A up

    def takers_of(a):
        if a not in takers:
            by_issuer = defaultdict(list)
            for d, _, key in g.in_edges(a, keys=True):
                if key in RELATIONS and g.nodes[d].get("kind") == "instrument":
                    by_issuer[issuer(d)].append(d)
            takers[a] = by_issuer
        return takers[a]

    def acted_on(a, c, change_date) -> bool:
        mine = issuer(c)
        for d, _, key in g.in_edges(c, keys=True):
            if key in CHANGE_TYPES and g.nodes[d].get("kind") == "instrument" and issuer(d) == mine \
                    and _later(g, d, change_date):
                return True
        return any(d != c and _later(g, d, change_date) for d in takers_of(a).get(mine, ()))

    resters: dict[str, list] = {}  # B -> (C, relation, C's date) for each C resting on B, by label

    def resting_on(b):
        if b not in resters:
            resters[b] = sorted(((c, k2, _date(g, c)) for c, _, k2 in g.in_edges(b, keys=True)
                                 if k2 in RESTS_ON and g.nodes[c].get("kind") == "instrument"
                                 and (not province or in_province(g, c, province))),
                                key=lambda r: (label(g, r[0]), r[0], r[1]))
        return resters[b]

    # in order of the change's date, then what was changed, then by whom: rows stream out
    # in that order (a national report has millions) with no list of them all
    changes = sorted(((_date(g, a) or "", label(g, b), label(g, a), a, b, key, data)
                      for a, b, key, data in g.edges(keys=True, data=True)
                      if key in CHANGE_TYPES and g.nodes[a].get("kind") == "instrument"
                      and changed in (None, b)), key=lambda r: r[:3] + (r[3], r[4], r[5]))
    for change_date, b_label, a_label, a, b, key, data in changes:
        change_date = change_date or None
        for c, k2, c_date in resting_on(b):
            if c == a:
                continue
            if change_date and c_date and c_date > change_date:
                continue  # written after the change: it rests on the new text
            if acted_on(a, c, change_date):
                continue
            yield {
                "changed": b, "changed_label": b_label,
                "change": key, "by": a, "by_label": a_label, "date": change_date,
                "rests": c, "rests_label": label(g, c), "rests_relation": k2,
                "rests_issuer": g.nodes[c].get("issuer"), "rests_province": g.nodes[c].get("province"),
                "evidence": data.get("evidence"), "source": data.get("source"),
                **_stated(data), "where": provisions_text(data.get("provisions")),
            }


def _later(g, node, date) -> bool:
    d = _date(g, node)
    return date is None or d is None or d >= date


# -- looking around -----------------------------------------------------------------------

def _stated(edge: dict) -> dict:
    """Who states a relation — "text" (the document's own words) or "note" (a publisher's
    note) — and, for a note, the provisions it names and when they take effect."""
    out = {"via": edge.get("via") or "text"}
    if edge.get("provisions"):
        out["provisions"] = edge["provisions"]
    return out


def show(g, node: str) -> dict:
    d = dict(g.nodes[node])
    out_edges = [{"relation": k, "target": v, "target_label": label(g, v), "evidence": e.get("evidence"),
                  "source": e.get("source"), "cue": e.get("cue"), "role": e.get("role"),
                  **_stated(e)}
                 for _, v, k, e in g.out_edges(node, keys=True, data=True)]
    in_edges = [{"relation": k, "source_node": u, "source_label": label(g, u), "evidence": e.get("evidence"),
                 "source": e.get("source"), "cue": e.get("cue"), "role": e.get("role"),
                 **_stated(e)}
                for u, _, k, e in g.in_edges(node, keys=True, data=True)]
    return {"id": node, **{k: v for k, v in d.items()}, "out": out_edges, "in": in_edges}


def search(g, text: str, limit: int = 50) -> list[dict]:
    """Instruments whose number, type or title hold every word of ``text``, with or without
    diacritics ("nghi dinh 56" finds Nghị định 56/2024/NĐ-CP)."""
    wanted = words(text)
    if not wanted:
        return []
    hits = []
    for node in instruments(g):
        d = g.nodes[node]
        hay = search_text(d.get("type"), d.get("number"), d.get("title"))
        if all(f" {w} " in hay if w.isdigit() or len(w) < 3 else f" {w}" in hay for w in wanted):
            hits.append(node)
    hits.sort(key=lambda n: (-(g.nodes[n].get("cited_by") or 0), label(g, n)))
    return [describe(g, n) | {"cited_by": g.nodes[n].get("cited_by", 0)} for n in hits[:limit]]


# relations by type between ids that merge into no other: one ordered pass over edges_relations
DISTINCT_RELATIONS = (
    f"SELECT type, count(*) FROM (SELECT DISTINCT dst, type, src FROM edges WHERE {type_condition(RELATIONS)} "
    "AND src != dst AND src NOT IN (SELECT id FROM aliases) AND dst NOT IN (SELECT id FROM aliases)) GROUP BY type")


def relation_counts(db) -> Counter:
    """Relations between instruments by type, each counted once however many documents
    state it: distinct (source, type, target) between canonical ids, no instrument related
    to itself — as the graph, and Neo4j and RDF after it, hold them. The store's index
    edges_relations is in (target, type, source) order, so SQLite counts distinct rows in
    one pass over it; the few rows naming a partly known id (aliases) are merged here."""
    relations = type_condition(RELATIONS)
    counts = Counter(dict(db.execute(DISTINCT_RELATIONS)))
    alias = dict(db.execute("SELECT id, canonical FROM aliases"))
    merged = set()
    for chunk in chunks(alias):
        marks = ",".join("?" * len(chunk))
        for column in ("dst", "src"):
            for src, typ, dst in db.execute(f"SELECT src, type, dst FROM edges WHERE {column} IN ({marks}) "
                                            f"AND {relations}", chunk):
                a, b = alias.get(src, src), alias.get(dst, dst)
                if a != b:
                    merged.add((a, typ, b))
    for a, typ, b in merged:
        counted = a not in alias and b not in alias and db.execute(
            f"SELECT 1 FROM edges WHERE dst = ? AND {relations} AND type = ? AND src = ? LIMIT 1",
            (b, typ, a)).fetchone()
        if not counted:
            counts[typ] += 1
    return counts


def stats_from_store(loader, top: int = 10) -> dict:
    """The same counts as ``stats``, read straight from the store (no graph in memory)."""
    db = loader.db
    relations = relation_counts(db)
    return {
        "documents": db.execute("SELECT count(*) FROM nodes WHERE stub = 0").fetchone()[0],
        "stubs": db.execute("SELECT count(*) FROM nodes WHERE stub = 1").fetchone()[0],
        "by_type": dict(db.execute("SELECT coalesce(type, '?'), count(*) AS n FROM nodes GROUP BY 1 "
                                   "ORDER BY n DESC, 1").fetchall()),
        "by_province": dict(db.execute("SELECT province, count(*) AS n FROM nodes WHERE province IS NOT NULL "
                                       "GROUP BY 1 ORDER BY n DESC, 1").fetchall()),
        "relations": dict(relations.most_common()),
        "most_cited": [{"id": r["id"], "label": r["number"] or r["title"] or r["id"], "cited_by": r["cited_by"]}
                       for r in most_cited_from_store(loader, top)],
    }


def most_cited_from_store(loader, top: int = 10) -> list[dict]:
    """The ``top`` instruments the most documents cite (ties in id order)."""
    return _store_rows(loader.db.execute(f"SELECT {_ROW} FROM nodes ORDER BY cited_by DESC, id LIMIT ?", (top,)))


def stats(g, top: int = 10) -> dict:
    types = Counter(d.get("type") or "?" for _, d in g.nodes(data=True) if d.get("kind") == "instrument")
    provinces = Counter(d.get("province") for _, d in g.nodes(data=True)
                        if d.get("kind") == "instrument" and d.get("province"))
    relations = Counter(k for _, _, k in g.edges(keys=True) if k in RELATIONS)
    kinds = Counter(d.get("kind") for _, d in g.nodes(data=True))
    cited = sorted((n for n in instruments(g)), key=lambda n: -(g.nodes[n].get("cited_by") or 0))[:top]
    return {
        "nodes": dict(kinds),
        "documents": sum(1 for n in instruments(g) if not g.nodes[n].get("stub")),
        "stubs": sum(1 for n in instruments(g) if g.nodes[n].get("stub")),
        "by_type": dict(types.most_common()),
        "by_province": dict(provinces.most_common()),
        "relations": dict(relations.most_common()),
        "most_cited": [{"id": n, "label": label(g, n), "cited_by": g.nodes[n].get("cited_by", 0)} for n in cited],
    }


def missing(g) -> list[dict]:
    """Instruments cited but not in the collection: what staff should collect next."""
    rows = [describe(g, n) | {"cited_by": g.nodes[n].get("cited_by", 0)}
            for n in instruments(g) if g.nodes[n].get("stub")]
    return sorted(rows, key=lambda r: (-r["cited_by"], r["number"] or r["title"] or r["id"]))


_ROW = "id, type, number, date, year, issuer, province, title, stub, cited_by"


def _store_rows(cursor) -> list[dict]:
    return [dict(zip(_ROW.split(", "), r)) | {"stub": bool(r[8])} for r in cursor]


# At most this many words go into the SQL; the rest are looked for in the rows it returns.
# SQLite nests "a AND b AND …" a level per word and refuses a query 1,000 levels deep (a
# pasted page of text), while a title rarely has 50 distinct words: the longest, which are
# the rarest, narrow the rows down.
_SEARCH_SQL_WORDS = 32


def search_store(loader, text: str, limit: int = 50) -> list[dict]:
    """``search`` over the store: instruments whose number, type or title hold every word,
    through the store's search index (legalgraph.graph.store.SEARCH_INDEX) where it has one."""
    wanted = list(dict.fromkeys(words(text)))
    if not wanted:
        return []
    # whole words for numbers and short words ("56", "nd"), word starts for the rest ("nghi")
    whole = [w.isdigit() or len(w) < 3 for w in wanted]
    patterns = [f" {w} " if exact else f" {w}" for w, exact in zip(wanted, whole)]
    by_length = sorted(range(len(wanted)), key=lambda k: len(patterns[k]), reverse=True)
    asked, rest = by_length[:_SEARCH_SQL_WORDS], [patterns[k] for k in by_length[_SEARCH_SQL_WORDS:]]
    order = f"ORDER BY nodes.cited_by DESC, coalesce(nodes.number, nodes.title, nodes.id){'' if rest else ' LIMIT ?'}"
    if loader.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'node_search_fts'").fetchone():
        # a token is a word as merge.words makes it: '"56"' the whole word, '"nghi"*' its starts
        match = " ".join(f'"{wanted[k]}"' + ("" if whole[k] else "*") for k in asked)
        cursor = loader.db.execute(
            f"SELECT {', '.join('nodes.' + c for c in _ROW.split(', '))}, nodes.search FROM node_search_fts "
            "JOIN node_search s ON s.n = node_search_fts.rowid JOIN nodes ON nodes.id = s.id "
            f"WHERE node_search_fts MATCH ? {order}", [match, *([] if rest else [limit])])
    else:  # a store built before the index, read where it cannot be added: a scan
        cursor = loader.db.execute(
            f"SELECT {_ROW}, search FROM nodes WHERE {' AND '.join('search LIKE ?' for _ in asked)} {order}",
            [*(f"%{patterns[k]}%" for k in asked), *([] if rest else [limit])])
    found = []
    for row in cursor:
        if all(p in (row[-1] or "") for p in rest):
            found.append(row[:-1])
            if len(found) >= limit:
                break
    return _store_rows(found)


def out_of_time(db):
    """Relations of a store that go against time — a text that changes, details or
    implements one newer than itself (full dates compared, else years) — between the
    merged nodes, with the sources that state them. The extractor emits none; a store can
    still hold one where the merged dates of a node come from another document."""
    from legalgraph.model import FORWARD_IN_TIME

    types = ", ".join(repr(t) for t in FORWARD_IN_TIME)
    sql = f"""
        WITH rel AS (
            SELECT coalesce(xs.canonical, e.src) AS s, e.type AS t, coalesce(xd.canonical, e.dst) AS d,
                   group_concat(DISTINCT e.source) AS sources
            FROM edges e LEFT JOIN aliases xs ON xs.id = e.src LEFT JOIN aliases xd ON xd.id = e.dst
            WHERE e.type IN ({types}) GROUP BY 1, 2, 3)
        SELECT rel.s, rel.t, rel.d, a.number, a.title, a.date, a.year, b.number, b.title, b.date, b.year, rel.sources
        FROM rel JOIN nodes a ON a.id = rel.s JOIN nodes b ON b.id = rel.d
        WHERE rel.s != rel.d AND a.year IS NOT NULL AND b.year IS NOT NULL
          AND (CASE WHEN length(a.date) = 10 AND length(b.date) = 10 THEN a.date < b.date ELSE a.year < b.year END)
        ORDER BY rel.s, rel.t, rel.d"""
    for s, t, d, an, at, ad, ay, bn, bt, bd, by, sources in db.execute(sql):
        yield {"source": s, "source_label": an or at or s, "source_date": ad or ay, "relation": t,
               "target": d, "target_label": bn or bt or d, "target_date": bd or by,
               "stated_in": sorted((sources or "").split(","))}


def missing_from_store(loader) -> list[dict]:
    """``missing`` over the store."""
    return _store_rows(loader.db.execute(
        f"SELECT {_ROW} FROM nodes WHERE stub = 1 ORDER BY cited_by DESC, coalesce(number, title, id)"))
