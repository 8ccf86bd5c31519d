"""Which partly known instrument ids stand for which fully known ones.

A citation may lack the year ("Chỉ thị số 06-CT/TU", no date) or the province (a local
series cited with no place), so its id holds ``_`` there: ``/akn/vn/chi-thi/_/06-ct-tu``.
Such an id merges into the one fuller id of the graph it can only mean; when several could
be meant, it stays apart. Ids compete only within their *group* — same type, same number
(or name), same local/national — so the store indexes the group and, after a small change,
recomputes only the groups that change touched.
"""

from __future__ import annotations

from collections import defaultdict

from legalgraph.ids import parse_work_uri


def alias_group(uri: str) -> str | None:
    """The group an id competes in: ``type|number|local``; None for ids that are not work URIs."""
    try:
        p = parse_work_uri(uri)
    except ValueError:
        return None
    return f"{p.type_slug}|{p.number_slug or '~' + (p.name_slug or '')}|{int(p.local)}"


def _complete(p) -> bool:
    return p.year is not None and (not p.local or p.province is not None)


def compute_aliases(ids) -> dict[str, str]:
    """Ids with an unknown year or province -> the one fuller id they can only mean."""
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
    return alias
