"""Which tasks a query asks for — by the body given them and its role, by deadline,
overdue — the one rule `legalgraph tasks` (on files) and ``Graph.tasks`` (on a store)
share. A task is anything with ``bodies`` ([{"name", "role", …}]) and ``deadline`` (None,
or with ``end``: an ISO day or "--MM-DD" for a day of every year, and ``recurring``)."""

from __future__ import annotations


def _due(deadline, year: int):
    """The last day of a deadline as a date (a recurring day taken in ``year``)."""
    import datetime as dt

    if deadline is None or not deadline.end:
        return None
    end = deadline.end
    if end.startswith("--"):
        return dt.date(year, int(end[2:4]), int(end[5:7]))
    return dt.date.fromisoformat(end)


# the roles in which a task concerns a body: a body only named in passing is not given it
_GIVEN = ("lead", "support", "report_to")


def body_matches(name: str, wanted: str) -> bool:
    """'Sở Tư pháp' matches 'Sở Tư pháp tỉnh Bến Tre'; case does not matter."""
    name, wanted = name.casefold(), " ".join(wanted.split()).casefold()
    return name == wanted or name.startswith(wanted + " ")


def select_tasks(tasks, body=None, role="any", due_before=None, overdue=False, today=None):
    """The tasks that a `legalgraph tasks` query asks for."""
    for t in tasks:
        if body is not None and not any(body_matches(b["name"], body) and (b["role"] == role if role != "any" else
                                                                         b["role"] in _GIVEN)
                                        for b in t.bodies):
            continue
        if due_before is not None:
            due = _due(t.deadline, due_before.year)
            if due is None or due >= due_before:
                continue
        if overdue:
            if t.deadline is None or t.deadline.recurring or today is None:
                continue
            due = _due(t.deadline, today.year)
            if due is None or due >= today:
                continue
        yield t
