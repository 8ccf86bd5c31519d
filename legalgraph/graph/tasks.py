"""The tasks a store's documents assign (``Graph.tasks``), read back from its tables and
chosen by the same rules as ``legalgraph tasks`` on files (``extract.tasks.select_tasks``):
by body and role, by deadline, overdue."""

from __future__ import annotations

from legalgraph.extract.deadlines import Deadline
from legalgraph.extract.tasks import Task, select_tasks
from legalgraph.graph.rows import Assignee, Instrument, TaskRow
from legalgraph.graph.store import chunks

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
    for (i, source, doc, number, text, start, end, ds, de, rec, dt) in db.execute(_TASKS):
        doc = loader.canon(doc)
        if document is not None and doc != document:
            continue
        deadline = Deadline(ds, de, rec, dt) if dt is not None or de is not None else None
        found.append((source, doc, Task(i, number, text, start, end, assigned.get(i, []), deadline)))
    chosen = {id(t) for t in select_tasks([t for _, _, t in found], body=body, role=role, due_before=due_before,
                                          overdue=overdue, today=today)}
    found = [f for f in found if id(f[2]) in chosen]
    documents = _documents(db, {doc for _, doc, _ in found})
    return [TaskRow(id=t.id, number=t.number, text=t.text, document=documents.get(doc) or _unknown(doc),
                    source=source, start=t.start, end=t.end,
                    bodies=[Assignee(id=b["id"], name=b["name"], role=b["role"]) for b in t.bodies],
                    deadline=t.deadline.to_dict() if t.deadline else None)
            for source, doc, t in found]


def _documents(db, ids) -> dict[str, Instrument]:
    out = {}
    for chunk in chunks(list(ids)):
        for row in db.execute(_DOCUMENTS.format(",".join("?" * len(chunk))), chunk):
            out[row[0]] = Instrument(id=row[0], type=row[1], number=row[2], date=row[3], year=row[4], issuer=row[5],
                                     province=row[6], title=row[7], stub=bool(row[8]))
    return out


def _unknown(doc) -> Instrument:
    return Instrument(id=doc, type=None, number=None, date=None, year=None, issuer=None, province=None, title=None)
