"""Pass 4: typed relations stated by the text, each with its evidence sentence.

Within one sentence, cue words (``data/grammar/relations.toml``) link instruments:

    active   Kế hoạch số 338/KH-UBND ... triển khai thực hiện Nghị định số 56/2024/NĐ-CP
             subject = nearest instrument before the cue, target = first one after it
    passive  Luật Doanh nghiệp số 59/2020/QH14 được sửa đổi, bổ sung bởi Luật số 03/2022/QH15
             the instrument after the cue amends the one before it
    expiry   Nghị định số 109/2022/NĐ-CP hết hiệu lực ...   the document repeals it
    scope    Căn cứ Luật ...; Nghị định ...;                 the document is based on each

Targets run on over a coordinated list ("Nghị quyết số 27-NQ/TW ...; Nghị quyết số
77/NQ-CP ... và Chương trình hành động số 59-CTr/TU") until another cue.

The hierarchy of legal force decides between candidates: a decree cannot amend a law,
a provincial decision cannot amend a decree. So in "Nghị định số 34/2016/NĐ-CP quy định
chi tiết ... Luật Ban hành văn bản QPPL đã được sửa đổi, bổ sung một số điều theo Nghị
định số 154/2020/NĐ-CP" the decree 154 amends 34, not the law; and in "Quyết định số
14/2021/QĐ-UBND sửa đổi, bổ sung một số điều của Quy định [... Luật ... Nghị định số
34/2016/NĐ-CP ...] ban hành kèm theo Quyết định số 353/2016/QĐ-UBND" it amends 353.
Cues inside such a skipped description speak of the target it leads to.

When no instrument precedes an active cue, the document is the subject: "Thực hiện
Quyết định số 916/QĐ-TTg, ..." — the plan implements 916. A plan says "thực hiện" of
many texts it merely asks people to apply, so the document "implements" only what its
title or preamble, or a sentence naming the document itself, says it implements (or,
for a text with neither, the one instrument its implementing cues keep returning to);
its other references are CITES. Only normative documents amend, replace, repeal or
detail by implication.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from legalgraph.grammar import Memo
from legalgraph.model import (
    CHAIN_TYPES,
    CHANGE_TYPES,
    FORWARD_IN_TIME,
    RESTS_ON,
    Relation,
    Span,
)

STRONG = CHANGE_TYPES  # a relation that changes its target
_COORD = re.compile(r"(?:[,;]|\bvà|\bhoặc|\bvà\s+các|\bcùng)\s*$")
_AND = re.compile(r"(?:\bvà|\bhoặc|\bvà\s+các)\s*$")
# "… biện pháp thi hành Luật A và chi tiết một số điều của Nghị định B": B is a second
# object of the same detailing, its verb said again
_AND_DETAILS = re.compile(r"\s*,?\s*và\s+(?:quy\s+định\s+)?(?:chi\s+tiết|hướng\s+dẫn)(?:\s+thi\s+hành)?"
                          r"(?:\s+một\s+số\s+điều(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?)?(?:\s+của)?\s*",
                          re.IGNORECASE)
_GAP_LIMIT = 160  # characters between an IMPLEMENTS/DETAILS cue and its first target
_ANTECEDENT_LIMIT = {"passive": 300, "expiry": 250}  # ... between an instrument and a cue after it
_QUOTE_OR_COLON = re.compile(r"[:“”\"]")
# "… sau đây hết hiệu lực kể từ ngày …:", "Bãi bỏ các văn bản sau:" — a list follows
_LIST_OF_REPEALED = re.compile(
    r"(?P<cue>hết\s+hiệu\s+lực(?:\s+thi\s+hành)?|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)[^\n:;.]{0,160}:[ \t]*\n")
# a line that ends with a colon: few, so the list cue is looked for only before them (a scan
# of the whole text for the cue words' first letters took a twentieth of extraction)
_LINE_ENDING_COLON = re.compile(r":[ \t]*\n")
_LIST_ITEM = re.compile(r"[ \t]*(?:[a-zđ]\)|[-+•]|\d{1,2}\.)[ \t]+")
_SCOPE_ARTICLE = re.compile(r"^[ \t]*điều\s+1\s*[.:]\s*phạm\s+vi\s+điều\s+chỉnh", re.MULTILINE)
_NEXT_ARTICLE = re.compile(r"^[ \t]*điều\s+2\b", re.MULTILINE)
# "bãi bỏ khoản 2 Điều 5 của Thông tư …", "Thay thế Mẫu số 01 kèm theo Nghị định …",
# "b) Điều 3 Nghị định số 161/2018/NĐ-CP": a part of a text is replaced or repealed — the
# text is amended, not replaced or repealed whole
_PART_LINK = r"(?:\s+(?:của|tại|thuộc|trong|(?:ban\s+hành\s+)?kèm\s+theo))?\s*$"
_PART = re.compile(
    r"(?<!\w)(?:(?:điều|khoản|điểm|tiết|chương|mục|phần|phụ\s+lục|mẫu|biểu(?:\s+mẫu)?)\s+(?:số\s+)?"
    r"(?:\d|[ivxlc]+(?!\w)|[a-zđ](?!\w))[\w\s,/–-]{0,80}?"
    r"|cụm\s+từ\s+[“\"][^”\"]{0,200}[”\"](?:\s+bằng\s+cụm\s+từ\s+[“\"][^”\"]{0,200}[”\"])?[\w\s,]{0,60}?)"
    + _PART_LINK)
_PART_REACH = 160
# a consolidated text's footnote quoting the bases of a text it consolidates: "Thông tư số
# 69/2023/TT-BTC … có căn cứ ban hành như sau: Căn cứ …; Căn cứ …; Theo đề nghị …"
_QUOTED_BASES = re.compile(r"có\s+căn\s+cứ\s+ban\s+hành\s+như\s+sau\s*:")
_QUOTED_BASES_END = re.compile(r"(?:theo|xét)\s+đề\s+nghị")
BLOCKED = object()
_SCOPE = "scope"  # a zone for what a text details, not for what a plan implements  # the subject of a cue is something unnumbered: no relation


@dataclass(slots=True)  # tens of thousands per corpus: slots make them quicker to build
class Item:
    start: int
    end: int
    inst: object | None = None  # Instrument, None for a cue
    cue: object | None = None
    explicit_self: bool = False  # "Kế hoạch này", the document's own number
    virtual: bool = False  # a footnote body continuing the citation it annotates
    text: str | None = None  # a cue as printed
    named: bool = False  # a law cited with its name ("Luật Đất đai số 31/2024/QH15")


def compatible(source, target, relation: str) -> bool:
    if source is target:
        return False
    if source.type is None or target.type is None:
        return True
    if relation in STRONG:
        if target.type is not None and target.type.family == "consolidated":
            return False
        rank = source.rank if source.changes_rank is None else min(source.rank, source.changes_rank)
        return rank <= target.rank
    if relation == "DETAILS":
        return source.rank >= target.rank
    return True


def _when(inst) -> tuple[int, str | None] | None:
    if inst.year is None and not inst.date:
        return None
    year = inst.year or int(inst.date[:4])
    return year, inst.date if inst.date and len(inst.date) == 10 else None


def earlier(a, b) -> bool:
    """Is ``a`` known to come before ``b``: full dates compared, else years."""
    wa, wb = _when(a), _when(b)
    if wa is None or wb is None:
        return False
    if wa[1] and wb[1]:
        return wa[1] < wb[1]
    return wa[0] < wb[0]


def _on_or_before(a, b) -> bool:
    """Is ``a`` known, to the day, to come out no later than ``b`` (a year alone says nothing
    of two texts of the same year)."""
    wa, wb = _when(a), _when(b)
    return bool(wa and wb and wa[1] and wb[1] and wa[1] <= wb[1])


def in_time(relations, by_id) -> list:
    """Relations a reader would sign in time: a text that changes, details or implements
    another is not older than it. Where both dates are known and contradict, the words were
    misread: a change the other way round when the older one is what was changed (“Nghị
    định số 67/2007/NĐ-CP, sửa đổi, bổ sung tại … Nghị định số 13/2010/NĐ-CP”), else no
    such relation (the document still cites both)."""
    out, have = [], {(r.source, r.type, r.target) for r in relations}
    for r in relations:
        src, tgt = by_id.get(r.source), by_id.get(r.target)
        if r.type in FORWARD_IN_TIME and src is not None and tgt is not None and earlier(src, tgt):
            if r.type in STRONG and compatible(tgt, src, r.type) and (r.target, r.type, r.source) not in have:
                r.source, r.target = r.target, r.source
                have.add((r.source, r.type, r.target))
                out.append(r)
            elif src.is_self:
                r.type = "CITES"
                if (r.source, "CITES", r.target) not in have:
                    have.add((r.source, "CITES", r.target))
                    out.append(r)
            continue
        out.append(r)
    return out


@dataclass
class _Doc:
    """What the sentence pass knows of the document it reads (kept off the shared finder,
    which serves every document of a run)."""
    self_inst: object
    ident: object
    sentences: object
    match: str
    scope: tuple[int, int] | None  # "Điều 1. Phạm vi điều chỉnh": where the text says what it details
    own_word: re.Pattern | None  # the document's own type word right before a cue
    quoted_bases: list  # (start, end, instrument) of each "X … có căn cứ ban hành như sau:"


class RelationFinder:
    def __init__(self, grammar):
        self.g = grammar
        self._unnamed_ref = re.compile(rf"(?<!\w)(?:các|những)\s+(?:{grammar.type_words_re})(?!\s+(?:số|\d))(?!\w)")
        self._opener = re.compile(r"\s*(?:[-+•]\s*)?(?:căn\s+cứ|thực\s+hiện|triển\s+khai|theo\s+đề\s+nghị)")
        # the same few printed forms recur: their cue and tidied text, once each
        self._cue_seen = Memo(lambda phrase: (grammar.cue_for(phrase), " ".join(phrase.split())), 10_000)

    def find(self, view, sentences, mention_of, self_inst, self_refs, footnotes, ident, instruments):
        match = view.match
        items: list[Item] = []
        mention_spans = []
        for inst in list(instruments.values()) + [self_inst]:
            for f in inst.mentions:
                if f.note:
                    continue  # a publisher's note: read apart (editor_notes)
                items.append(Item(f.start, f.end, inst=inst, explicit_self=inst is self_inst,
                                  named=f.law_name is not None and f.kind != "named"))
                mention_spans.append((f.start, f.end))
        for s, e in self_refs:
            items.append(Item(s, e, inst=self_inst, explicit_self=True))
        for note in footnotes:
            if note.continues and note.host is not None:
                host = mention_of.get(id(note.host))
                if host is not None:
                    items.append(Item(note.start, note.start, inst=host, virtual=True))
        # in text order, so that each sentence found bounds the search for the next
        items.sort(key=lambda it: it.start)
        items_by_sentence: dict[int, list[Item]] = {}
        for item in items:
            items_by_sentence.setdefault(sentences.index(item.start), []).append(item)
        self._add_cues(items_by_sentence, sentences, match, mention_spans)

        # "... ban hành Kế hoạch thực hiện ...": the document's own type word, unnumbered,
        # right before a cue is the document itself
        sm = _SCOPE_ARTICLE.search(match)
        scope = None
        if sm is not None:
            nxt = _NEXT_ARTICLE.search(match, sm.end())
            scope = (sm.start(), nxt.start() if nxt else min(len(match), sm.end() + 3000))
        own_word = None
        if self_inst.type is not None:
            words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in self_inst.type.words)
            own_word = re.compile(rf"(?<!\w)(?:{words})\s*$")
        raw: list[tuple] = []  # (source, type, target, sentence index, implicit_self, principal_zone)
        mentions = [it for it in items if not it.explicit_self and not it.virtual]  # in text order
        doc = _Doc(self_inst, ident, sentences, match, scope, own_word,
                   self._quoted_bases_regions(match, mentions, sentences))
        for si, sentence_items in items_by_sentence.items():
            sentence_items.sort(key=lambda it: (it.start, 0 if it.cue is None else 1))
            self._sentence(sentence_items, si, raw, doc)

        self._listed(match, mentions, self_inst, sentences, raw)
        return self._finish(raw, self_inst, instruments, view, sentences, ident)

    def _add_cues(self, items_by_sentence, sentences, match, mention_spans) -> None:
        """The cue words of each sentence where an instrument or a self reference stands,
        as items beside them (never a cue inside a citation's own words)."""
        mention_spans.sort()
        span_starts = [s for s, _ in mention_spans]
        longest = max((e - s for s, e in mention_spans), default=0)

        def inside_mention(s: int, e: int) -> bool:
            i = bisect.bisect_right(span_starts, s) - 1
            while i >= 0 and span_starts[i] >= s - longest:
                if mention_spans[i][1] >= e:
                    return True
                i -= 1
            return False

        cue_seen = self._cue_seen
        for si in list(items_by_sentence):
            sentence_items = items_by_sentence[si]
            if all(it.explicit_self for it in sentence_items):
                # only the document naming itself ("Thông tư này ..."): it is never the
                # target of a cue, nor the source of a passive one, and with nothing else
                # in the sentence no cue here can give a relation — skip the scan (a
                # third of the text scanned for cues is such sentences)
                del items_by_sentence[si]
                continue
            lo, hi = sentences.bounds(sentence_items[0].start)
            for m in self.g.cue_re.finditer(match, lo, hi):
                start, end = m.span()
                if start > 0 and match[start - 1].isalnum():
                    continue  # inside a word
                if inside_mention(start, end):
                    continue
                cue, cue_text = cue_seen[m.group(0)]
                if cue is None:
                    continue
                if cue.not_before is not None and cue.not_before.match(match, end):
                    continue
                sentence_items.append(Item(start, end, cue=cue, text=cue_text))

    @staticmethod
    def _quoted_bases_regions(match, mentions, sentences):
        """(start, end, instrument) for each "X … có căn cứ ban hành như sau:" — the "Căn
        cứ" lines after it are X's bases, X the first instrument of that sentence."""
        regions = []
        for m in _QUOTED_BASES.finditer(match):
            s, _ = sentences.around(sentences.index(m.start()))
            owner = next((it.inst for it in mentions if s <= it.start < m.start()), None)
            if owner is None:
                continue
            end = _QUOTED_BASES_END.search(match, m.end(), m.end() + 2500)
            regions.append((m.end(), end.start() if end else min(len(match), m.end() + 1500), owner))
        return regions

    def _listed(self, match, mentions, self_inst, sentences, raw) -> None:
        """"Các văn bản sau đây hết hiệu lực …:" then "a) Nghị định số 68/2000/NĐ-CP …;
        b) …": each item of the list that follows the colon is repealed — the first
        instrument each item names (what follows it describes it)."""
        starts = [it.start for it in mentions]
        after = 0
        for colon in _LINE_ENDING_COLON.finditer(match):
            # the cue and up to 160 characters before the colon; never before the last colon
            m = _LIST_OF_REPEALED.search(match, max(after, colon.start() - 400), colon.end())
            after = colon.end()
            if m is None:
                continue
            pos = m.end()
            cue_text = " ".join(m.group("cue").split())
            while True:
                line = _LIST_ITEM.match(match, pos)
                if line is None:
                    break
                nxt = match.find("\n", line.end())
                end = len(match) if nxt < 0 else nxt
                k = bisect.bisect_left(starts, line.end())
                if k < len(mentions) and mentions[k].start < end:
                    inst = mentions[k].inst
                    if inst is not self_inst:
                        part = _PART.search(match[line.end():mentions[k].start]) is not None
                        raw.append((self_inst, "AMENDS" if part else "REPEALS", inst,
                                    sentences.index(mentions[k].start), True, False, cue_text))
                pos = end + 1
                if pos >= len(match):
                    break

    # -- one sentence --------------------------------------------------------------

    def _in_zone(self, si, doc: _Doc):
        """Is this the title, or a preamble sentence ("Thực hiện ...", "Căn cứ ...")?

        What a plan says it implements there is what it implements; elsewhere a plan's
        "thực hiện" asks someone to apply a text.
        """
        ident = doc.ident
        start, end = doc.sentences.around(si)
        if ident.title_span and start < ident.title_span[1] and ident.title_span[0] < end:
            return True
        if doc.scope is not None and doc.scope[0] <= start < doc.scope[1]:
            return _SCOPE  # "Điều 1. Phạm vi điều chỉnh": what the document details, said again
        return start < ident.preamble_end and bool(self._opener.match(doc.match, start))

    def _sentence(self, items, si, raw, doc: _Doc):
        self_inst, ident, sentences, match = doc.self_inst, doc.ident, doc.sentences, doc.match
        subject_override: dict[int, object] = {}  # cue index -> subject (inside a description)
        zone = None
        for i, it in enumerate(items):
            if it.cue is None:
                continue
            cue = it.cue
            rel = cue.relation
            if zone is None:
                zone = self._in_zone(si, doc)
            if cue.voice == "neutral":
                continue
            if cue.voice in ("active", "scope"):
                subject, implicit, explicit = self._subject(items, i, rel, doc, subject_override)
                if cue.voice == "scope":
                    subject, implicit, explicit = self_inst, True, False
                    at = sentences.around(si)[0]
                    owner = next((o for lo, hi, o in doc.quoted_bases if lo <= items[i].start < hi), None)
                    if owner is not None:
                        subject, implicit, explicit = owner, False, True
                    elif at >= max(ident.preamble_end, ident.bases_end):
                        # the document's bases are stated before its first article: a
                        # "Căn cứ …" of an annexed form is the form's, "làm căn cứ …" in
                        # an article a noun, "căn cứ vào …" an instruction — all citations
                        rel = "CITES"
                elif subject is BLOCKED:
                    continue
                targets, skipped_to = self._targets(items, i, subject or self_inst, rel, match)
                if skipped_to is not None:
                    for j in range(i + 1, skipped_to):
                        if items[j].cue is not None:
                            subject_override[j] = items[skipped_to].inst
                if cue.voice == "scope" and rel == "BASED_ON":
                    targets = targets + [t for t in self._more_bases(items, i, match) if t not in targets]
                for t in targets:
                    raw.append((subject, self._whole_or_part(rel, items, t, match), t, si,
                                implicit and not explicit, zone, it.text))
            elif cue.voice == "passive":
                sources, _ = self._targets(items, i, None, rel, match, listing=True)
                for k, src in enumerate(sources):
                    target = self._antecedent(items, i, src, rel, match)
                    if target is None and ident.consolidated and self_inst.base is not None:
                        target = self_inst.base
                    if k and target is not None and _on_or_before(src, target):
                        # a later amender comes after the text it amends: in "Nghị định số
                        # 78/2025 (1/4/2025) … được sửa đổi bởi Nghị định số 187/2025 và Nghị
                        # định số 79/2025 (1/4/2025) về kiểm tra" the last is the next basis
                        break
                    if target is not None and compatible(src, target, rel):
                        raw.append((src, self._whole_or_part(rel, items, target, match), target, si, False,
                                    zone, it.text))
            elif cue.voice == "expiry":
                target = self._antecedent(items, i, self_inst, rel, match, any_rank=True)
                if target is not None and target is not self_inst and compatible(self_inst, target, rel):
                    raw.append((self_inst, self._whole_or_part(rel, items, target, match), target, si, True,
                                zone, it.text))

    @staticmethod
    def _more_bases(items, i, match):
        """The other bases of a "Căn cứ" line: each item after a ';' ("Căn cứ Luật A; Luật B;"),
        and the amenders listed after "được sửa đổi, bổ sung bởi" — a text rests on the law
        as amended ("Căn cứ Luật Giáo dục số 43/2019/QH14 được sửa đổi, bổ sung bởi Luật số
        123/2025/QH15"). What a basis's description names ("… quy định chi tiết Luật …") is
        not a basis."""
        out = []
        amenders = False
        prev_end = items[i].end
        for j in range(i + 1, len(items)):
            it = items[j]
            if it.cue is not None:
                if it.cue.voice == "scope":
                    break
                amenders = it.cue.voice == "passive" and it.cue.relation == "AMENDS"
                prev_end = it.end
                continue
            if it.virtual or it.explicit_self:
                continue
            between = match[prev_end:it.start]
            if amenders and (prev_end == items[j - 1].end and items[j - 1].cue is not None
                             or _COORD.search(between[-12:]) and ";" not in between):
                out.append(it.inst)
            elif ";" in between and len(between.strip(" ;\n")) <= 2:
                amenders = False
                out.append(it.inst)
            else:
                amenders = False
            prev_end = it.end
        return out

    @staticmethod
    def _whole_or_part(rel, items, target, match):
        """REPLACES or REPEALS of a part named right before the text ("khoản 2 Điều 5 của",
        "Mẫu số 01 kèm theo") is an amendment of the text; the reach goes back no further
        than the instrument before it."""
        if rel not in CHANGE_TYPES or rel == "AMENDS":
            return rel
        for k, it in enumerate(items):
            if it.inst is target and it.cue is None:
                lo = max(0, it.start - _PART_REACH)
                for prev in items[:k]:
                    if prev.cue is None and prev.end <= it.start:
                        lo = max(lo, prev.end)
                if _PART.search(match[lo:it.start]):
                    return "AMENDS"
                break
        return rel

    def _subject(self, items, i, rel, doc: _Doc, override):
        """Nearest instrument before cue ``i`` in its clause; the document if none."""
        match = doc.match
        if i in override and override[i] is not None:
            return override[i], False, False
        for j in range(i - 1, -1, -1):
            it = items[j]
            if it.cue is not None:
                continue
            between = match[it.end:items[i].start]
            if ";" in between or ":" in between:
                break
            if it.explicit_self and len(between) > 30:
                # "Thông tư này hướng dẫn ...": a self reference is the subject only right
                # before the verb, not as "theo quy định tại Thông tư này" far back
                return None, True, False
            if self._unnamed_ref.search(between):
                # "Nghị định số 26/2023/NĐ-CP và các Nghị định sửa đổi ...": the subject
                # is the unnumbered "các Nghị định", not the decree before it
                return BLOCKED, False, False
            return it.inst, False, it.explicit_self
        cue_start = items[i].start
        if doc.own_word is not None and doc.own_word.search(match, max(0, cue_start - 24), cue_start):
            return doc.self_inst, False, True
        return None, True, False

    def _targets(self, items, i, subject, rel, match, listing=False):
        """First compatible instrument after cue ``i``, then those coordinated with it.
        ``listing``: the instruments after a passive cue are one list however joined
        ("… theo Luật số 26/2012/QH13, Luật số 71/2014/QH13 và Luật số …")."""
        cue_end = items[i].end
        first = None
        skipped = False
        for j in range(i + 1, len(items)):
            it = items[j]
            if it.cue is not None:
                if rel in STRONG and it.cue.voice != "neutral":
                    continue  # a description may hold cues of its own
                if first is None:
                    return [], None
                break
            if it.virtual or it.explicit_self:
                continue  # the document is not the object of what it says of others
            if first is None:
                if rel in RESTS_ON and it.start - cue_end > _GAP_LIMIT and not skipped:
                    return [], None
                if rel in STRONG and _QUOTE_OR_COLON.search(match, cue_end, it.start):
                    return [], None  # an amended text quoted after a colon is not the object
                if subject is not None and not compatible(subject, it.inst, rel):
                    skipped = True
                    continue
                if subject is not None and it.inst is subject:
                    continue
                first = j
                continue
            break
        if first is None:
            return [], None
        targets = [items[first].inst]
        for j in range(first + 1, len(items)):
            it = items[j]
            if it.cue is not None:
                break
            if it.virtual or it.explicit_self or it.inst in targets:
                continue
            if listing and it.named:
                break  # "…, Luật Đất đai số 31/2024/QH15": the next entry of a list of laws, not an amender
            prev_end = max(x.end for x in items[first:j] if x.cue is None)
            # a list of objects of "sửa đổi" is joined by "và"; a comma there starts a new
            # item of a list of citations, each with its own verb
            coord = _COORD if listing or rel not in STRONG and rel != "DETAILS" else _AND
            if not coord.search(match[max(prev_end, it.start - 12):it.start]) and not (
                    rel == "DETAILS" and _AND_DETAILS.fullmatch(match, prev_end, it.start)):
                break
            if subject is not None and not compatible(subject, it.inst, rel):
                break
            targets.append(it.inst)
        return [t for t in targets if t is not subject], (first if skipped else None)

    def _antecedent(self, items, i, source, rel, match, any_rank=False):
        """For passive and expiry cues: the instrument before the cue it speaks of."""
        limit = _ANTECEDENT_LIMIT[items[i].cue.voice]
        for j in range(i - 1, -1, -1):
            it = items[j]
            if it.cue is not None:
                continue
            if items[i].start - it.end > limit or ";" in match[it.end:items[i].start]:
                break
            if it.inst is source:
                continue
            if any_rank or source is None or compatible(source, it.inst, rel):
                return it.inst
        return None

    # -- the document's own relations, deduplication ---------------------------------

    def _finish(self, raw, self_inst, instruments, view, sentences, ident):
        # a document of unknown type may be a normative one; plans and letters are not
        normative = self_inst.type is None or self_inst.type.normative
        principal = set()
        for src, rel, tgt, si, implicit, zone, _ in raw:
            if (src is None or src is self_inst) and rel == "IMPLEMENTS" and (zone is True or not implicit):
                principal.add(tgt.id)
        if not principal and ident.headerless:
            # a news summary has no title or preamble: the instrument its implementing
            # cues keep returning to is the one it implements
            hits = Counter(tgt.id for src, rel, tgt, si, implicit, zone, _ in raw
                           if src is None and rel in CHAIN_TYPES)
            if hits:
                best, n = hits.most_common(1)[0]
                if n >= 2 and list(hits.values()).count(n) == 1:
                    principal.add(best)
        out: dict[tuple, Relation] = {}
        # a consolidated text reprints the text it consolidates: the bases, repeals and
        # replacements its articles state are that text's, not the compilation's
        original = self_inst.base if ident.consolidated else None
        for src, rel, tgt, si, implicit, zone, phrase in raw:
            if src is None:
                src = self_inst
                if rel == "DETAILS" and not zone:
                    # "Hướng dẫn, tuyên truyền, phổ biến Luật Doanh nghiệp …" in a plan's items,
                    # "theo hướng dẫn tại Thông tư …": guidance as work or as a source, not the
                    # document detailing the text — that is said in its title or preamble
                    rel = "CITES"
                elif rel == "DETAILS" and not normative:
                    rel = "IMPLEMENTS"  # a plan that has guidance issued implements the text
                if rel == "IMPLEMENTS" and tgt.id not in principal or rel in STRONG and not normative:
                    rel = "CITES"
            elif src is self_inst and implicit and rel in STRONG + ("DETAILS",) and not normative or src is self_inst and implicit and rel == "IMPLEMENTS" and tgt.id not in principal:
                rel = "CITES"
            if original is not None and src is self_inst and tgt is not original and rel != "CITES":
                src = original
            if src is tgt or src.id == tgt.id:
                continue
            key = (src.id, rel, tgt.id)
            if key in out:
                continue
            s, e = sentences.around(self._first_start(tgt, si, sentences))
            out[key] = Relation(source=src.id, type=rel, target=tgt.id,
                                evidence=Span(s, e, view.text[s:e]), cue=phrase)
        # a pair linked by a typed relation needs no CITES besides
        typed_pairs = {(k[0], k[2]) for k in out if k[1] != "CITES"}
        for k in [k for k in out if k[1] == "CITES" and (k[0], k[2]) in typed_pairs]:
            del out[k]
        # every instrument the document cites is at least CITES
        self_targets = {k[2] for k in out if k[0] == self_inst.id}
        for inst in instruments.values():
            own_words = [f for f in inst.mentions if not f.note]
            if inst.id not in self_targets and inst.id != self_inst.id and own_words:
                f = min(own_words, key=lambda f: f.start)
                s, e = sentences.around(f.start)
                out[(self_inst.id, "CITES", inst.id)] = Relation(
                    source=self_inst.id, type="CITES", target=inst.id, evidence=Span(s, e, view.text[s:e]))
        return list(out.values())

    @staticmethod
    def _first_start(inst, si, sentences):
        for f in inst.mentions:
            if sentences.index(f.start) == si:
                return f.start
        return si
