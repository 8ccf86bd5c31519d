"""Publisher's notes: a legal database's annotations inside the text, read as evidence.

thuvienphapluat.vn writes each instrument's amendment history into its text, in square
brackets beside the provision concerned (``data/grammar/notes.toml`` describes the
forms). These notes are the publisher's words, not the document's, so:

* ``find`` marks where they are; the other passes read the text with them blanked out
  (``TextView.without``): a note is never a title, a header field, a cue of the
  document's own relations, nor a citation the document makes;
* ``NoteReader.read`` reads each note statement — subject, verb, the changer and the
  provision of it that does the change, the date it takes effect, the date the changer
  itself lapsed — from a view that shows only the notes;
* the pipeline turns statements into relations *into* the document (X AMENDS this
  document), or, where the subject is another instrument's content ("Nội dung hướng dẫn
  Khoản này tại Y nay được sửa đổi bởi Z"), between the two (Z AMENDS Y). A note never
  makes the document the source of a relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legalgraph.extract.citations import Found
from legalgraph.extract.dates import iso_day
from legalgraph.grammar import alternation

_DATE = r"(?P<d{n}>\d{{1,2}})\s*(?:/|-|\s+tháng\s+)\s*(?P<m{n}>\d{{1,2}})\s*(?:/|-|\s+năm\s+)\s*(?P<y{n}>(?:19|20)\d\d)"
# what closes a statement: the date the change takes effect, then the changer's own lapse
_EFFECTIVE = re.compile(
    r"(?:\s+năm\s+(?:19|20)\d\d)?\s*,?\s*(?:có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?(?:\s+từ)?(?:\s+ngày)?\s*"
    + _DATE.format(n=1) + r")?"
    r"(?:\s*\(\s*vb\s+hết\s+hiệu\s+lực\s*:?\s*" + _DATE.format(n=2) + r"\s*\))?"
)
_YEAR = re.compile(r"(?<![\w/.-])(?:19|20)\d\d(?![\w/.-])")
_LAW_HEAD = re.compile(r"(?<!\w)(?:bộ\s+luật|luật|pháp\s+lệnh|hiến\s+pháp)(?!\w)")
_TVPL_TAIL = re.compile(r"\(\s*vb\s+hết\s+hiệu\s+lực\s*:|có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+ngày\s+"
                        r"[\d/]{8,10}\s*$")
_AT = re.compile(r"(?<!\w)tại(?!\w)")
_BY_LIMIT = 300  # characters between a verb and its changer: the changer's provisions
_LAW_NAME_LIMIT = 260


@dataclass(slots=True)
class Statement:
    """One statement of a note: ``changer`` changes or guides the document (or, nested,
    the instrument ``about``) in the way ``relation`` says."""

    start: int  # the statement, from its subject to its last date
    end: int
    note_start: int  # the bracket it stands in
    cue: str  # the verb as printed, tidied ("được sửa đổi bởi")
    relation: str  # the relation for a part of the document
    whole_relation: str  # ... for the document as a whole
    subject: str  # as printed ("Khoản này", "Xử phạt vi phạm hành chính ...")
    level: str | None  # the division the subject names (outline levels, "inner", "annex"), None: whole
    changer: Found
    by: str | None  # the changer's provision ("Khoản 1 Điều 1")
    effective: str | None  # ISO date the change takes effect
    lapsed: str | None  # ISO date the changer itself ceased to be in force ("VB hết hiệu lực")
    about: Found | None = None  # nested: the instrument whose content the subject names


def _iso(m: re.Match, n: int) -> str | None:
    d, mth, y = m.group(f"d{n}"), m.group(f"m{n}"), m.group(f"y{n}")
    if not y:
        return None
    return iso_day(int(d), int(mth), int(y))


class NoteReader:
    def __init__(self, grammar):
        self.g = grammar
        data = grammar.raw["notes"]
        self._site = tuple(s.lower() for s in data["site_markers"])
        aux = alternation(data["auxiliaries"])
        preps = alternation(data["prepositions"])
        self._verb_rel: dict[str, tuple[str, str]] = {}
        verbs = []
        for group in data["verb"]:
            for v in group["verbs"]:
                key = " ".join(v.lower().replace(",", " ").split())
                self._verb_rel[key] = (group["part"], group["whole"])
                verbs.append(v)
        verb_alt = alternation(verbs)
        # "được sửa đổi bởi", "nay được sửa đổi bởi", "hết hiệu lực bởi", "được hướng dẫn từ"
        self._verb = re.compile(
            rf"(?<!\w)(?P<aux>(?:(?:{aux})\s+){{0,3}})(?P<verb>{verb_alt})(?:\s+thi\s+hành)?\s+(?:{preps})(?!\w)")
        self._active = [(re.compile(a["pattern"]), a["part"]) for a in data.get("active", [])]
        part_words = {}
        for p in data["part"]:
            for w in p["words"]:
                part_words[w.lower()] = p["level"]
        self._part_level = part_words
        self._part = re.compile(rf"(?<!\w)({alternation(part_words)})\s+này(?!\w)")
        whole = list(data["whole"]["words"]) + list(grammar.type_by_word)
        self._whole = re.compile(rf"^\s*({alternation(whole)})\s+này(?!\w)")
        self._bare_ok = {"hết hiệu lực", "ngưng hiệu lực"}

    # -- where the notes are ---------------------------------------------------------

    def find(self, view) -> list[tuple[int, int]]:
        """The spans of the notes (the brackets included), in text order."""
        text = view.match
        out = []
        pos = text.find("[")
        while pos >= 0:
            end = text.find("]", pos + 1, pos + 4000)
            if end < 0:
                pos = text.find("[", pos + 1)
                continue
            inner = text[pos + 1:end]
            if "\n" in inner:  # a note is one line; a form's "[ghi …]" instructions run over several
                pos = text.find("[", pos + 1)
                continue
            head = inner.lstrip()
            if head.startswith(self._site) or self._verb.search(inner) or any(
                    p.search(inner) for p, _ in self._active):
                out.append((pos, end + 1))
                pos = text.find("[", end + 1)
            else:
                pos = text.find("[", pos + 1)
        return out

    def is_publishers(self, view, span) -> bool:
        """A bracket that states nothing we read but is the publisher's all the same: the
        site's scaffolding, or a note in TVPL's own form — ending in the date its source
        takes effect, or giving the date that source lapsed ("VB hết hiệu lực")."""
        inner = view.match[span[0] + 1:span[1] - 1]
        return inner.lstrip().startswith(self._site) or bool(_TVPL_TAIL.search(inner))

    # -- what they say ---------------------------------------------------------------

    def read(self, view, spans, numbered: list[Found]) -> list[Statement]:
        """The statements of the notes at ``spans``; ``view`` shows only the notes and
        ``numbered`` are the numbered citations found in it."""
        numbered = sorted(numbered, key=lambda f: f.start)
        out = []
        k = 0
        for lo, hi in spans:
            while k < len(numbered) and numbered[k].start < lo:
                k += 1
            j = k
            while j < len(numbered) and numbered[j].start < hi:
                j += 1
            out += self._statements(view, lo + 1, hi - 1, numbered[k:j])
            k = j
        return out

    def _verbs(self, text, lo, hi):
        found = []
        for m in self._verb.finditer(text, lo, hi):
            verb = " ".join(m.group("verb").replace(",", " ").split())
            if not m.group("aux").strip() and verb not in self._bare_ok:
                continue
            part, whole = self._verb_rel[verb]
            found.append((m.start(), m.end(), part, whole))
        for pattern, part in self._active:
            for m in pattern.finditer(text, lo, hi):
                found.append((m.start(), m.end(), part, part))
        found.sort()
        kept = []
        for v in found:
            if kept and v[0] < kept[-1][1]:
                continue
            kept.append(v)
        return kept

    def _statements(self, view, lo, hi, cites: list[Found]) -> list[Statement]:
        text = view.match
        verbs = self._verbs(text, lo, hi)
        out = []
        subject_start = lo
        for n, (vs, ve, part, whole) in enumerate(verbs):
            limit = verbs[n + 1][0] if n + 1 < len(verbs) else hi
            changer = next((f for f in cites if ve <= f.start < limit), None)
            named = self._named_law(view, ve, limit, changer)
            if named is not None:
                changer = named
            if changer is None:
                subject_start = ve
                continue
            by = " ".join(view.clean[ve:changer.start].split()).strip(" ,;") or None
            if by is not None and len(by) > _BY_LIMIT:
                subject_start = ve
                continue
            em = _EFFECTIVE.match(text, changer.end if changer.kind == "named" else max(changer.end, changer.after))
            end = em.end() if em else changer.end
            subject = " ".join(view.clean[subject_start:vs].split())
            about = self._about(view, subject_start, vs, cites)
            cue = " ".join(view.clean[vs:ve].split())
            out.append(Statement(
                start=subject_start + len(view.clean[subject_start:vs]) - len(view.clean[subject_start:vs].lstrip()),
                end=end, note_start=lo - 1, cue=cue, relation=part, whole_relation=whole, subject=subject,
                level=self._level(subject), changer=changer, by=by,
                effective=_iso(em, 1) if em else None, lapsed=_iso(em, 2) if em else None, about=about))
            subject_start = end
        return out

    def _about(self, view, lo: int, hi: int, cites) -> Found | None:
        """The other text a subject is about: "Nội dung hướng dẫn Khoản này tại Nghị định
        102/2024/NĐ-CP", "Nội dung … bổ sung vào Điều này tại Khoản 1 Điều 1 Luật Quản lý
        thuế sửa đổi 2012" — an instrument the subject names after "tại". One named in an
        aside ("Khoản 5 của Điều này (đã được bổ sung bởi Luật số 21/2012/QH13)") is not."""
        text = view.match
        at = [m.end() for m in _AT.finditer(text, lo, hi)]
        if not at:
            return None
        found = [f for f in cites if at[0] <= f.start and f.end <= hi]
        pos = at[0]
        while True:  # laws by short title there too
            named = self._named_law(view, pos, hi, None)
            if named is None or named.end > hi:
                break
            found.append(named)
            pos = named.end
        found = [f for f in found if any(a <= f.start and not text[a:f.start].count("(") for a in at)]
        return max(found, key=lambda f: f.start) if found else None

    def _level(self, subject: str) -> str | None:
        s = subject.lower()
        if self._whole.match(s):
            return None
        m = None
        for m in self._part.finditer(s):
            pass
        if m is not None:
            return self._part_level[" ".join(m.group(1).split())]
        return "inner"  # a topic: the division the note stands in

    def _named_law(self, view, lo, hi, numbered: Found | None) -> Found | None:
        """A law by the publisher's short title and year: "Luật Giá 2023", "Luật sửa đổi 10
        Luật có liên quan đến an ninh, trật tự 2025" — ahead of any numbered changer."""
        text = view.match
        stop = numbered.start if numbered is not None else hi
        m = _LAW_HEAD.search(text, lo, stop)
        if m is None:
            return None
        y = _YEAR.search(text, m.end(), min(hi, m.end() + _LAW_NAME_LIMIT))
        if y is None or (numbered is not None and numbered.start < y.start()):
            return None
        name = " ".join(view.clean[m.start():y.start()].split()).strip(" ,")
        if len(name.split()) < 2:
            return None
        g = self.g
        type_ = g.type_by_word[" ".join(text[m.start():m.end()].split())]
        f = Found(start=m.start(), end=y.end(), kind="named", after=y.end(), type=type_, type_name=type_.name)
        f.law_name = name[0].upper() + name[1:]
        f.year = int(y.group(0))
        f.law = g.find_law(f.law_name)
        return f


def note_relations(statements, mention_of, self_inst, outline, text: str) -> list:
    """The relations the statements give, one per (source, type, target), each with the
    provisions and dates of every note that states it."""
    from legalgraph.extract.relations import compatible
    from legalgraph.model import Provision, Relation, Span

    out: dict[tuple, Relation] = {}
    for s in statements:
        source = mention_of.get(id(s.changer))
        if source is None or source is self_inst:
            continue  # the document never changes itself; a note never makes it a source
        about = mention_of.get(id(s.about)) if s.about is not None else None
        if about is not None and about is not self_inst:
            target, rel, of = about, s.relation, None  # the changer acts on the other text's content
        else:
            target = self_inst
            rel = s.whole_relation if s.level is None else s.relation
            if s.level == "annex":
                of = s.subject.split(" này")[0].strip() or None
            else:
                of = outline.label(s.note_start, s.level) if s.level else None
        if source.id == target.id or (rel != "CITES" and not compatible(source, target, rel)):
            continue
        provision = Provision(of=of, by=s.by, effective=s.effective, lapsed=s.lapsed, cue=s.cue,
                              start=s.start, end=s.end)
        key = (source.id, rel, target.id)
        r = out.get(key)
        if r is None:
            out[key] = Relation(source=source.id, type=rel, target=target.id,
                                evidence=Span(s.start, s.end, text[s.start:s.end]), cue=s.cue, via="note",
                                provisions=[provision])
        else:
            r.provisions.append(provision)
    return list(out.values())
