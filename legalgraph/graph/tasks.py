"""The tasks a store's documents assign (``Graph.tasks``), read back from its tables and
chosen by the same rules as ``legalgraph tasks`` on files (``legalgraph.task_selection``):
by body and role, by deadline, overdue."""

from __future__ import annotations

from dataclasses import dataclass

from legalgraph.graph.rows import Assignee, Instrument, TaskRow
from legalgraph.graph.store import chunks
from legalgraph.task_selection import select_tasks


@dataclass
class _Due:
    end: str | None
    recurring: str | None


@dataclass
class _Stored:
    """A task as the store holds it, in the shape ``select_tasks`` reads."""

    row: tuple
    source: str
    document: str
    bodies: list
    deadline: _Due | None

_TASKS = ('SELECT id, source, doc_id, number, text, start, "end", due_start, due_end, recurring, due_text '
          "FROM tasks ORDER BY source, start, rowid")
# who each task names, in the order the document names them
_ASSIGNED = ("SELECT e.src, e.dst, e.role, b.name FROM edges e LEFT JOIN (SELECT id, min(name) AS name FROM bodies "
             "GROUP BY id) b ON b.id = e.dst WHERE e.type = 'ASSIGNED_TO' ORDER BY e.rowid")
_TASKS_IN = ('SELECT id, source, doc_id, number, text, start, "end", due_start, due_end, recurring, due_text '
             "FROM tasks WHERE rowid BETWEEN ? AND ? ORDER BY start, rowid")
_ASSIGNED_IN = ("SELECT e.src, e.dst, e.role, (SELECT min(name) FROM bodies b WHERE b.id = e.dst) FROM edges e "
                "WHERE e.rowid BETWEEN ? AND ? AND e.type = 'ASSIGNED_TO' ORDER BY e.rowid")
_DOCUMENTS = "SELECT id, type, number, date, year, issuer, province, title, stub FROM nodes WHERE id IN ({})"


def stored_tasks(db, loader, *, body=None, role="any", due_before=None, overdue=False, today=None, document=None):
    """``TaskRow``s of the store in document order; ``document``: a canonical work URI,
    whose tasks are read from its own sources' rows only (an instrument's page asks this:
    reading every task of the store to choose among them costs a national store seconds)."""
    if document is None:
        found = list(_every_task(db, loader))
    else:
        found = list(_tasks_of(db, loader, document))
    found = list(select_tasks(found, body=body, role=role, due_before=due_before, overdue=overdue, today=today))
    documents = _documents(db, {t.document for t in found})
    return [_row(t, documents.get(t.document) or _unknown(t.document)) for t in found]


def _stored(row, source, doc, bodies) -> _Stored:
    (_i, _source, _doc, _number, _text, _start, _end, _ds, de, rec, dt) = row
    return _Stored(row, source, doc, bodies, _Due(de, rec) if dt is not None or de is not None else None)


def _assigned(rows) -> dict[str, list[dict]]:
    assigned: dict[str, list[dict]] = {}
    for task, body_id, body_role, name in rows:
        assigned.setdefault(task, []).append({"id": body_id, "name": name or body_id.rsplit("/", 1)[-1],
                                              "role": body_role})
    return assigned


def _every_task(db, loader):
    assigned = _assigned(db.execute(_ASSIGNED))
    for row in db.execute(_TASKS):
        yield _stored(row, row[1], loader.canon(row[2]), assigned.get(row[0], []))


def _tasks_of(db, loader, document):
    """The tasks of ``document`` (and of the ids merged into it), from the rows each of its
    sources holds (the store keeps a source's rowid range per table)."""
    import json

    ids = {document} | loader.members([document])
    for source in loader.own_sources(document):
        ranges = json.loads(db.execute("SELECT rows FROM sources WHERE source = ?", (source,)).fetchone()[0])
        if "tasks" not in ranges:
            continue
        assigned = _assigned(db.execute(_ASSIGNED_IN, ranges["edges"])) if "edges" in ranges else {}
        for row in db.execute(_TASKS_IN, ranges["tasks"]):
            if row[2] in ids:
                yield _stored(row, source, document, assigned.get(row[0], []))


def _row(t: _Stored, document: Instrument) -> TaskRow:
    (i, _source, _doc, number, text, start, end, ds, de, rec, dt) = t.row
    return TaskRow(id=i, number=number, text=text, document=document, source=t.source, start=start, end=end,
                   bodies=[Assignee(id=b["id"], name=b["name"], role=b["role"]) for b in t.bodies],
                   deadline={"start": ds, "end": de, "recurring": rec, "text": dt} if t.deadline else None)


def _documents(db, ids) -> dict[str, Instrument]:
    out = {}
    for chunk in chunks(list(ids)):
        for row in db.execute(_DOCUMENTS.format(",".join("?" * len(chunk))), chunk):
            out[row[0]] = Instrument(id=row[0], type=row[1], number=row[2], date=row[3], year=row[4], issuer=row[5],
                                     province=row[6], title=row[7], stub=bool(row[8]))
    return out


def _unknown(doc) -> Instrument:
    return Instrument(id=doc, type=None, number=None, date=None, year=None, issuer=None, province=None, title=None)
