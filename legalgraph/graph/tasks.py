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
_DOCUMENTS = "SELECT id, type, number, date, year, issuer, province, title, stub FROM nodes WHERE id IN ({})"


def stored_tasks(db, loader, *, body=None, role="any", due_before=None, overdue=False, today=None, document=None):
    """``TaskRow``s of the store in document order; ``document``: a canonical work URI."""
    assigned: dict[str, list[dict]] = {}
    for task, body_id, body_role, name in db.execute(_ASSIGNED):
        assigned.setdefault(task, []).append({"id": body_id, "name": name or body_id.rsplit("/", 1)[-1],
                                              "role": body_role})
    found = []
    for row in db.execute(_TASKS):
        (i, source, doc, _number, _text, _start, _end, ds, de, rec, dt) = row
        doc = loader.canon(doc)
        if document is not None and doc != document:
            continue
        due = _Due(de, rec) if dt is not None or de is not None else None
        found.append(_Stored(row, source, doc, assigned.get(i, []), due))
    found = list(select_tasks(found, body=body, role=role, due_before=due_before, overdue=overdue, today=today))
    documents = _documents(db, {t.document for t in found})
    return [_row(t, documents.get(t.document) or _unknown(t.document)) for t in found]


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
