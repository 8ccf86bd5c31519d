"""Readable tables for the terminal."""

from __future__ import annotations


def short(text, width):
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def rows_table(headers, rows) -> str:
    widths = [len(h) for h in headers]
    rows = [[str(c) if c is not None else "" for c in row] for row in rows]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join([line.rstrip(), rule, *body])


def extraction_table(result) -> str:
    d = result.document
    ident = " | ".join(x for x in (
        d.type, d.number or "(no number)", d.date or (str(d.year) if d.year else "(no date)"),
        d.issuer, d.province, d.signer) if x)
    out = [f"== {result.source}", f"   {ident}", f"   id: {d.id}"]
    if d.title:
        out.append(f"   title: {short(d.title, 100)}")
    label = {c.id: (c.number or c.title or c.id) for c in result.citations}
    label[d.id] = "(this document)"
    out.append("")
    out.append(rows_table(
        ["number / name", "type", "year", "date", "issuer", "mentions"],
        [[short(c.number or c.title, 45), c.type, c.year, c.date, short(c.issuer, 30), len(c.mentions)]
         for c in result.citations],
    ))
    typed = [r for r in result.relations if r.type != "CITES"]
    if typed:
        out.append("")
        out.append(rows_table(
            ["source", "relation", "target", "evidence"],
            [[short(label.get(r.source, r.source), 30), r.type, short(label.get(r.target, r.target), 30),
              short(r.evidence.text, 70)] for r in typed],
        ))
    for w in result.warnings:
        out.append(f"   note: {w}")
    return "\n".join(out)


def _deadline_text(d) -> str:
    if not d:
        return ""
    if d.get("start") and d.get("end"):
        span = f"{d['start']}..{d['end']}"
    elif d.get("end"):
        span = f"by {d['end']}"
    else:
        span = ""
    rec = d.get("recurring") or ""
    return " ".join(x for x in (span, rec) if x) or short(d.get("text"), 24)


def tasks_table(tasks) -> str:
    if not tasks:
        return "(no tasks)"
    rows = []
    for t in tasks:
        lead = ", ".join(b["name"] for b in t["bodies"] if b["role"] == "lead")
        support = ", ".join(b["name"] for b in t["bodies"] if b["role"] == "support")
        rows.append([t["document"]["number"] or short(t["source"], 20), t["number"], _deadline_text(t["deadline"]),
                     short(lead, 40), short(support, 30), short(t["text"], 60)])
    return rows_table(["document", "item", "due", "lead", "support", "task"], rows)
