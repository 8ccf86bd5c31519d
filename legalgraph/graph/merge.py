"""Merging what many sources say about one instrument into one node.

*Aliases.* Which partly known instrument ids stand for which fully known ones.

A citation may lack the year ("Chỉ thị số 06-CT/TU", no date) or the province (a local
series cited with no place), so its id holds ``_`` there: ``/akn/vn/chi-thi/_/06-ct-tu``.
Such an id merges into the one fuller id of the graph it can only mean; when several could
be meant, it stays apart. Ids compete only within their *group* — same type, same number
(or name), same local/national — so the store indexes the group and, after a small change,
recomputes only the groups that change touched.

*Attributes.* A node's attributes come from the document itself when the collection holds
it, else from what most citations say; values that disagree are kept with their sources
(``conflicts``), never silently overwritten.

*Names.* The words an instrument is searched and named by (``words``, ``search_text``,
``split_name``), shared by the store's lookups and the graph queries.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from legalgraph.ids import fold_ascii, parse_work_uri

INSTRUMENT_FIELDS = ("type", "number", "year", "date", "issuer", "title", "province")
# the columns of the store's ``nodes`` table, in order
NODE_COLUMNS = ("id", "stub", "cited_by", *INSTRUMENT_FIELDS, "local", "party", "search", "extra")
# what a graph node is made of: the search words only serve the store's own lookups
NODE_READ_COLUMNS = tuple(c for c in NODE_COLUMNS if c != "search")
_WORDS = re.compile(r"[a-z0-9.]+")


def alias_group(uri: str) -> str | None:
    """The group an id competes in: ``type|number|local``; None for ids that are not work URIs."""
    try:
        p = parse_work_uri(uri)
    except ValueError:
        return None
    return f"{p.type_slug}|{p.number_slug or '~' + (p.name_slug or '')}|{int(p.local)}"


def _complete(p) -> bool:
    return p.year is not None and (not p.local or p.province is not None)


def compute_aliases(ids, names=()) -> dict[str, str]:
    """Ids with an unknown year or province -> the one fuller id they can only mean; and
    a law's name id ("/akn/vn/luat/2024/~dat-dai") -> the document of the collection that
    is that law (``names``: (name id, document id) pairs), where only one document is."""
    claims: dict[str, set[str]] = defaultdict(set)
    for name, doc in names:
        claims[name].add(doc)
    named = {name: next(iter(docs)) for name, docs in claims.items() if len(docs) == 1}
    ids = set(ids) | set(named)
    known: dict[tuple, list[str]] = defaultdict(list)
    parsed = {}
    for i in ids:
        try:
            p = parse_work_uri(i)
        except ValueError:
            continue
        parsed[i] = p
        if _complete(p):
            known[(p.type_slug, p.number_slug or p.name_slug, p.local)].append(i)
    alias = {}
    for i, p in parsed.items():
        if _complete(p):
            continue
        candidates = [k for k in known.get((p.type_slug, p.number_slug or p.name_slug, p.local), [])
                      if (p.year is None or parsed[k].year == p.year)
                      and (p.province is None or parsed[k].province == p.province)]
        if len(candidates) == 1:
            alias[i] = candidates[0]
    for name, doc in named.items():
        if name != doc:
            alias[name] = doc
    # "Luật Đất đai" with no year -> "Luật Đất đai 2024" -> 31/2024/QH15: one step
    return {i: named.get(c, c) for i, c in alias.items() if named.get(c, c) != i}


def fold(text: str | None) -> str:
    return fold_ascii(text or "").lower()


def words(text: str | None) -> list[str]:
    """Lower-case ASCII words, numbers split at / and -: "Nghị định 56/2024/NĐ-CP" ->
    nghi dinh 56 2024 nd cp."""
    return _WORDS.findall(fold(text).replace("/", " ").replace("-", " "))


def search_text(type_: str | None, number: str | None, title: str | None) -> str:
    """What ``search`` looks in, space-delimited at both ends so that SQL LIKE can match whole
    words (``% 56 %``) and word starts (``% nghi%``)."""
    return " " + " ".join(words(f"{type_ or ''} {number or ''} {title or ''}")) + " "


def instrument_attrs(node: str, rows) -> dict:
    """A node's attributes from its rows (id, source, own, type, number, ...); the same
    whatever order the rows come in."""
    rows = sorted(rows, key=lambda r: (r[1], -r[2], r[0]))
    own = [r for r in rows if r[2]]
    attrs = {"kind": "instrument", "stub": not own, "sources": sorted({r[1] for r in rows}),
             "cited_by": len({r[1] for r in rows if not r[2]})}
    conflicts = {}
    for k, field in enumerate(INSTRUMENT_FIELDS, start=3):
        if len(rows) == 1:  # most instruments: one document, or cited once
            attrs[field] = rows[0][k] if rows[0][k] not in (None, "") else None
            continue
        by_value: dict = defaultdict(set)
        own_value = None
        for r in rows:
            if r[k] not in (None, ""):
                by_value[r[k]].add(r[1])
                if r[2] and own_value is None:
                    own_value = r[k]
        if not by_value:
            attrs[field] = None
            continue
        if own_value is not None:
            attrs[field] = own_value
        else:
            attrs[field] = min(by_value, key=lambda v: (-len(by_value[v]), str(v)))  # the most sources say
        if len(by_value) > 1 and field != "title":
            conflicts[field] = [{"value": v, "sources": sorted(by_value[v])} for v in sorted(by_value, key=str)]
    if conflicts:
        attrs["conflicts"] = conflicts
    try:
        parsed = parse_work_uri(node)
    except ValueError:
        parsed = None
    attrs["local"] = bool(parsed and parsed.local)
    # a Party number ends in its committee's code ("27-nq-tw"); a law's name may too ("… trật tự")
    attrs["party"] = bool(parsed and parsed.number_slug and node.endswith(("-tw", "-tu", "-hu", "-du")))
    return attrs


def node_row(node: str, rows) -> tuple:
    """The ``nodes`` table row of an instrument from its store rows."""
    a = instrument_attrs(node, rows)
    extra = {"sources": a["sources"], **({"conflicts": a["conflicts"]} if "conflicts" in a else {})}
    return (node, int(a["stub"]), a["cited_by"], *(a[f] for f in INSTRUMENT_FIELDS), int(a["local"]),
            int(a["party"]), search_text(a["type"], a["number"], a["title"]), json.dumps(extra, ensure_ascii=False))


def node_attrs(row) -> dict:
    """A ``nodes`` table row (its NODE_READ_COLUMNS) back into networkx node attributes."""
    d = dict(zip(NODE_READ_COLUMNS, row))
    extra = json.loads(d.pop("extra"))
    del d["id"]
    return {"kind": "instrument", **d, "stub": bool(d["stub"]), "local": bool(d["local"]),
            "party": bool(d["party"]), **extra}


_DATED = re.compile(r"\s*,?\s*(?:ngày|ngay)\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(\d{4})\b.*$", re.IGNORECASE)


def split_name(name: str) -> tuple[str, int | None]:
    """A name without the date people often write after it, and that date's year:
    "Quyết định 916/QĐ-TTg ngày 27/8/2024" -> ("Quyết định 916/QĐ-TTg", 2024)."""
    m = _DATED.search(name)
    return (name[:m.start()].strip(), int(m.group(1))) if m else (name.strip(), None)
