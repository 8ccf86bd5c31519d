"""Score `legalgraph extract` tasks against the hand-read task gold in tests/gold/tasks/.

usage: python tests/taskgold.py PRED.jsonl [--split dev|held_out] [--verbose]

What is measured (tests/gold/tasks/GUIDE.md says how the gold is read):

* found      gold tasks matched by a predicted task / gold tasks. A predicted task matches a
             gold task when its text holds the gold quote near its start (a merged task that
             holds the quote deep inside does not count), one predicted task per gold task.
* precision  matched predicted tasks / predicted tasks (those matching an optional task are
             left out of both).
* lead       found tasks whose set of leads is right (no lead where the gold has none).
* deadline   found tasks whose deadline is right: none where the gold has none; otherwise the
             same last day (or both no day) and the same recurrence.
* bodies     distinct bodies the gold gives a lead or support role anywhere in the text, that
             the prediction gives a lead or support role in some task.
* roles      (body, role) pairs of the gold tasks found with that role in the matched task.

Body names are compared after normalising how texts write the same body: case, the old and
new tone placement (uỷ/ủy), a unit in brackets after the body ("Bộ Quốc phòng (Cục Bản đồ
Tổng tham mưu)" is Bộ Quốc phòng), the abbreviations UBND, HĐND, MTTQ, the words "các", "từng" and "cấp",
and the provincial level written out ("các tỉnh, thành phố trực thuộc Trung ương" = "tỉnh");
the office-holder who heads a body stands for it ("Bộ trưởng Bộ Tài chính" = "Bộ Tài chính",
"Chủ tịch UBND các tỉnh" = "UBND các tỉnh").
A predicted name may extend the gold one with its locality ("Sở Tư pháp tỉnh Bến Tre").
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import unicodedata

GOLD_DIR = pathlib.Path(__file__).parent / "gold" / "tasks"
QUOTE_REACH = 60  # characters of a predicted task's text before the quote may start

_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé",
          "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ",
          "ụy": "uỵ"}
_ABBREV = [(r"\bubnd\b", "uỷ ban nhân dân"), (r"\bhđnd\b", "hội đồng nhân dân"),
           (r"\bmttq\b", "mặt trận tổ quốc"), (r"\bvn\b", "việt nam")]


def _nfc(s):
    return unicodedata.normalize("NFC", s or "")


def norm_text(s: str) -> str:
    s = _nfc(s).casefold()
    for new, old in _TONES.items():
        s = s.replace(new, old)
    return " ".join(s.split())


def norm_body(name: str) -> str:
    # a unit in brackets qualifies the body: "Bộ Quốc phòng (Cục Bản đồ Tổng tham mưu)"
    s = norm_text(re.sub(r"\s*\([^)]*\)", " ", name or ""))
    for pat, rep in _ABBREV:
        s = re.sub(pat, rep, s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = _HEAD.sub("", s)
    s = re.sub(r"\b(?:các|cấp|từng)\b", " ", s)
    s = " ".join(s.split())
    s = re.sub(r"\btỉnh thành phố(?: trực thuộc trung ương)?\b", "tỉnh", s)
    s = re.sub(r"\b(?:huyện|tỉnh) (?:thị xã )?thành phố(?: thuộc tỉnh)?\b", lambda m: m.group(0).split()[0], s)
    return s


# the office-holder who heads a body, named for it: "Bộ trưởng Bộ Tài chính" is the ministry's
# task, "Chủ tịch Ủy ban nhân dân tỉnh" the committee's, "Thủ trưởng các cơ quan" the agencies'
_HEAD = re.compile(r"^(?:bộ trưởng|thủ trưởng|chủ tịch|giám đốc|tổng giám đốc|chánh án|viện trưởng|tổng kiểm toán)"
                   r"\s+(?=(?:các\s+)?(?:bộ|sở|ủy ban|uỷ ban|cơ quan|tòa án|toà án|viện|kiểm toán|ngân hàng|"
                   r"đài|thông tấn|văn phòng|ban|hội đồng|tập đoàn|tổng công ty)\b)")


def body_matches(pred: str, gold: str) -> bool:
    g = norm_body(gold)
    for form in getattr(pred, "forms", [pred]):
        p = norm_body(form)
        if p == g or p.startswith(g + " "):
            return True
    return False


def load_gold(split: str | None = None) -> list[dict]:
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        if split is None or g.get("split") == split:
            out.append(g)
    return out


def _roles(task: dict, role: str) -> list[str]:
    """Each body of that role as the names it goes by: its canonical name and the words
    the text writes ("các bộ, ngành" for the group of ministries and agencies)."""
    return [_Names(b) for b in task.get("bodies") or () if b.get("role") == role]


class _Names(str):
    """A predicted body: compares as its name, matches by its name or its printed text."""

    def __new__(cls, body: dict):
        obj = super().__new__(cls, body["name"])
        obj.forms = [body["name"]] + ([body["text"]] if body.get("text") else [])
        return obj


def _deadline_right(pred, gold) -> bool:
    if gold is None:
        return pred is None
    if pred is None:
        return False
    if (gold.get("recurring") or None) != (pred.get("recurring") or None):
        return False
    return (gold.get("end") or None) == (pred.get("end") or None)


def _same_bodies(pred_names: list[str], gold_names: list[str]) -> bool:
    left = list(pred_names)
    for g in gold_names:
        hit = next((p for p in left if body_matches(p, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return not left


def match(pred_tasks: list[dict], gold_tasks: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (gold, pred): each gold task with the first unused predicted task holding its quote."""
    texts = [norm_text(t.get("text", "")) for t in pred_tasks]
    used: set[int] = set()
    pairs = []
    for g in gold_tasks:
        q = norm_text(g["quote"])
        best = None
        for i, t in enumerate(texts):
            if i in used:
                continue
            pos = t.find(q)
            if 0 <= pos <= QUOTE_REACH and (best is None or pos < best[1]):
                best = (i, pos)
                if pos == 0:
                    break
        if best is not None:
            used.add(best[0])
            pairs.append((g, pred_tasks[best[0]]))
    return pairs


def score_doc(pred: dict, gold: dict) -> dict:
    ptasks = pred.get("tasks") or []
    pairs = match(ptasks, gold["tasks"])
    optional = match([t for t in ptasks if not any(t is p for _, p in pairs)], gold.get("optional_tasks", []))
    matched_ids = {id(p) for _, p in pairs} | {id(p) for _, p in optional}
    c = dict(gold=len(gold["tasks"]), found=len(pairs), pred=len(ptasks) - len(optional),
             lead=0, deadline=0, roles_gold=0, roles_found=0, bodies_gold=0, bodies_found=0,
             misses=[], wrong=[])
    for g, p in pairs:
        lead_ok = _same_bodies(_roles(p, "lead"), g.get("lead", []))
        dl_ok = _deadline_right(p.get("deadline"), g.get("deadline"))
        c["lead"] += lead_ok
        c["deadline"] += dl_ok
        if not (lead_ok and dl_ok):
            c["wrong"].append((g, p, lead_ok, dl_ok))
        for role in ("lead", "support"):
            for name in g.get(role, []):
                c["roles_gold"] += 1
                c["roles_found"] += any(body_matches(n, name) for n in _roles(p, role))
    found_ids = {id(g) for g, _ in pairs}
    for g in gold["tasks"]:
        if id(g) not in found_ids:
            c["misses"].append(g)
            c["roles_gold"] += len(g.get("lead", [])) + len(g.get("support", []))
    gold_bodies = []
    for g in gold["tasks"]:
        for name in g.get("lead", []) + g.get("support", []):
            if not any(norm_body(name) == norm_body(x) for x in gold_bodies):
                gold_bodies.append(name)
    pred_bodies = [_Names(b) for t in ptasks for b in t.get("bodies") or () if b.get("role") in ("lead", "support")]
    c["bodies_gold"] = len(gold_bodies)
    c["missed_bodies"] = [g for g in gold_bodies if not any(body_matches(p, g) for p in pred_bodies)]
    c["bodies_found"] = len(gold_bodies) - len(c["missed_bodies"])
    c["unmatched_pred"] = [t for t in ptasks if id(t) not in matched_ids]
    return c


def _ratio(a, b):
    return a / b if b else 1.0


def summary(counts: list[dict]) -> dict:
    tot = {k: sum(c[k] for c in counts) for k in ("gold", "found", "pred", "lead", "deadline", "roles_gold",
                                                   "roles_found", "bodies_gold", "bodies_found")}
    return {"found": _ratio(tot["found"], tot["gold"]), "precision": _ratio(tot["found"], tot["pred"]),
            "lead": _ratio(tot["lead"], tot["found"]), "deadline": _ratio(tot["deadline"], tot["found"]),
            "bodies": _ratio(tot["bodies_found"], tot["bodies_gold"]),
            "roles": _ratio(tot["roles_found"], tot["roles_gold"]), "tasks": tot["gold"]}


def score(records: list[dict], golds: list[dict]) -> tuple[dict, dict]:
    by_name = {pathlib.Path(r["source"]).name: r for r in records}
    per = {}
    for g in golds:
        pred = by_name.get(g["file"])
        if pred is None:
            raise SystemExit(f"{g['file']}: no prediction for this gold document")
        per[g["file"]] = score_doc(pred, g)
    return per, summary(list(per.values()))


def format_line(name: str, s: dict) -> str:
    return (f"{name}: tasks {s['tasks']} found {s['found']:.2f} precision {s['precision']:.2f} "
            f"lead {s['lead']:.2f} deadline {s['deadline']:.2f} bodies {s['bodies']:.2f} roles {s['roles']:.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred")
    ap.add_argument("--split")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    records = [json.loads(line) for line in open(a.pred, encoding="utf-8") if line.strip()]
    golds = load_gold(a.split)
    per, tot = score(records, golds)
    for name, c in per.items():
        print(format_line(name, summary([c])))
        if a.verbose:
            for g in c["misses"]:
                print(f"   MISS {g['quote'][:70]!r} lead={g.get('lead')} dl={(g.get('deadline') or {}).get('text')}")
            for g, p, lead_ok, dl_ok in c["wrong"]:
                what = []
                if not lead_ok:
                    what.append(f"lead {_roles(p, 'lead')} != {g.get('lead')}")
                if not dl_ok:
                    what.append(f"deadline {p.get('deadline') and (p['deadline'].get('text'), p['deadline'].get('end'), p['deadline'].get('recurring'))}"
                                f" != {g.get('deadline') and (g['deadline'].get('text'), g['deadline'].get('end'), g['deadline'].get('recurring'))}")
                print(f"   WRONG {g['quote'][:50]!r}: " + "; ".join(what))
            if c["missed_bodies"]:
                print(f"   BODIES missed: {c['missed_bodies']}")
            for t in c["unmatched_pred"][:40]:
                print(f"   EXTRA {t.get('number')} {t.get('text', '')[:70]!r}")
    print(format_line("all", tot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
