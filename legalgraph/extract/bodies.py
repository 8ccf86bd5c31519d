"""Bodies named in a text — ministries, departments, committees, Party bodies, courts,
police, the Front, press, associations, councils and groups — with the role each mention
plays.

The rules, as a spaCy pipeline (``build_nlp``, ``BodyFinder.nlp``: a ``Doc`` whose
``doc._.legalgraph_bodies`` are the bodies of its text):

    tokenizer      Vietnamese is written in syllables separated by spaces, so tokens are
                   syllables; punctuation is split off ("trì," -> "trì" ","; "Sở TT&TT"
                   keeps "TT&TT"). spaCy's own Vietnamese word segmenter (pyvi) is not used:
                   body names are matched as syllable sequences, which needs no
                   segmentation and no model.
    body_matcher   one phrase pattern per name and alias in data/grammar/bodies.toml,
                   matched on lower case; newspapers ("Báo Đồng Khởi")
    body_scope     drops generic words in lower case ("thanh tra" is inspection, "Thanh
                   tra tỉnh" the body), extends a name over its locality ("Sở Tư pháp tỉnh
                   Bến Tre", "Công an tỉnh", "UBND thành phố Hà Nội") and records the
                   province named
    body_roles     the role cues of data/grammar/roles.toml around each body — "<body> chủ
                   trì" lead, "phối hợp với <body>" support, "(qua <body>)" report_to, "+ Cơ
                   quan chủ trì: <body>, <body>" lead for the whole list

Extraction runs the same rules without spaCy (``engine="rules"``): one scan of the text for
the gazetteer's names, each looked up and scoped as ``body_scope`` does, and the role cues
read on a window of the sentence around the names where roles are at stake (a plan's
items, a role cue beside the name). Building a spaCy ``Doc`` per window cost half of all
extraction time. Over the 289 bundled texts the rules changed the bodies of 27 (the tasks
of one), in their mentions: a name inside a longer group's name is no longer a second
mention ("cơ quan thuộc Chính phủ", "Ủy ban nhân dân tỉnh, thành phố trực thuộc trung
ương"), a name broken by a page header is found. tests/test_bodies.py holds the two engines
to the same bodies, roles and tasks on real plans, directives and decrees
(``engine="spacy"``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from legalgraph.grammar import Grammar, phrase_pattern, trie_pattern
from legalgraph.ids import slugify
from legalgraph.text.view import TextView

ROLE_ORDER = ("lead", "support", "report_to", "issuer", "recipient", "signer", "mentioned")


@dataclass(frozen=True)
class BodyEntry:
    name: str
    kind: str
    level: str
    suffix: str | None = None
    aliases: tuple[str, ...] = ()
    place: bool = False  # a district or commune body named with its place: "UBND huyện Châu Thành"
    successor: str | None = None  # the body a 2025 merger folded this one into


@dataclass
class BodyMention:
    start: int
    end: int
    text: str
    entry: BodyEntry | None
    name: str  # canonical name, locality included when known ("Sở Tư pháp tỉnh Bến Tre")
    province: object | None  # grammar.Province
    role: str = "mentioned"
    id: str = ""
    extra: dict = field(default_factory=dict)


def load_entries(grammar: Grammar) -> list[BodyEntry]:
    return [
        BodyEntry(name=b["name"], kind=b["kind"], level=b["level"], suffix=b.get("suffix"),
                  aliases=tuple(b.get("aliases", ())), place=b.get("place", False), successor=b.get("successor"))
        for b in grammar.raw["bodies"]["body"]
    ]


# the two placements of the tone mark texts use ("Ủy ban" and "Uỷ ban", "hòa" and "hoà")
_NEW_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
              "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
_TONE_PAIR = re.compile("|".join(list(_NEW_TONES) + list(_NEW_TONES.values())), re.IGNORECASE)


def _spellings(name: str) -> list[str]:
    """A name as texts write it: both tone placements; "Lao động, Thương binh và Xã hội"
    also as "Lao động - Thương binh và Xã hội" (and the other way), the dash with or
    without its spaces."""
    old = {v: k for k, v in _NEW_TONES.items()}

    def swap(table):
        return _TONE_PAIR.sub(lambda m: _case_like(m.group(0), table.get(m.group(0).lower(), m.group(0).lower())), name)

    forms = [name, swap(_NEW_TONES), swap(old)]
    for f in list(forms):
        if re.search(r"\w, [^\W\d_a-zđ]", f):
            forms.append(re.sub(r"(\w), (?=[^\W\d_a-zđ])", r"\1 - ", f))
        if re.search(r"\w - [^\W\d_a-zđ]", f):
            forms.append(re.sub(r"(\w) - (?=[^\W\d_a-zđ])", r"\1, ", f))
    # the dash typed against a word ("chính trị- xã hội", "Lao động -Thương binh"): the
    # spaCy tokenizer splits it off, so the scan must find these as well
    for f in list(forms):
        if " - " in f:
            forms += [f.replace(" - ", "- "), f.replace(" - ", " -"), f.replace(" - ", "-")]
    return list(dict.fromkeys(forms))


def _case_like(model: str, s: str) -> str:
    return s[0].upper() + s[1:] if model[:1].isupper() else s


def _variants(entry: BodyEntry):
    """Every way the gazetteer spells a body, with 'thành phố' for 'tỉnh' (cities)."""
    names = [entry.name, *entry.aliases]
    out = []
    for n in names:
        out.extend(_spellings(n))
        if entry.kind == "group" and n.lower().startswith("các "):
            # "Từng bộ, cơ quan, địa phương …": each of the group, as "các" names them all
            out.extend(_spellings("từng " + n[4:]))
        if entry.level == "province" and re.search(r"\btỉnh$", n):
            out.extend(_spellings(re.sub(r"\btỉnh$", "thành phố", n)))
    return list(dict.fromkeys(out))


_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*|\S")


def _longest_first(mentions: list) -> list:
    """The mentions that no longer one overlaps, in text order. The kept spans are
    disjoint, so sorted by (start, end) their ends are sorted too: the one kept span that
    can overlap a new one is the last to start before it ends (bisect; checking every
    kept span was quadratic in a text of thousands of names)."""
    spans: list[tuple[int, int]] = []
    kept: list = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        j = bisect.bisect_left(spans, (m.end,))
        if j and spans[j - 1][1] > m.start:
            continue
        bisect.insort(spans, (m.start, m.end))
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


# the white space before "và" in a list of bodies, found once per run: a look-ahead for it at
# every character re-reads a run of spaces from each of its characters (quadratic)
_AND = re.compile(r"(?<!\s)\s+(?=và\s)")


def _between_and(s: str):
    """(start, end) of the pieces of ``s`` that the white space before each "và" separates."""
    pos = 0
    for m in _AND.finditer(s):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if len(s) > pos:
        yield pos, len(s)

class SyllableTokenizer:
    """Syllables and punctuation marks, whatever white space (line breaks included)
    separates them; the character offsets of each token in the input are kept in
    ``doc.user_data["offsets"]`` so that spans map back to the text exactly."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        matches = list(_TOKEN.finditer(text))
        words = [m.group(0) for m in matches]
        spaces = [m.end() < len(text) and text[m.end()].isspace() for m in matches]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["offsets"] = [(m.start(), m.end()) for m in matches]
        doc.user_data["text"] = text
        return doc


def build_nlp(grammar: Grammar, entries: list[BodyEntry]):
    """The spaCy pipeline: syllable tokenizer, phrase matcher, body scope and roles."""
    try:
        import spacy
    except ImportError:  # pragma: no cover - spaCy is a declared dependency
        raise RuntimeError("spaCy is needed for bodies and tasks: pip install spacy (or use --no-bodies)") from None
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    if not Doc.has_extension("legalgraph_bodies"):
        Doc.set_extension("legalgraph_bodies", default=None)

    by_name = {e.name: e for e in entries}
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for e in entries:
        matcher.add(e.name, [nlp.make_doc(v) for v in _variants(e)])

    provinces = {}
    for p in grammar.provinces:
        for n in (p.name, *p.aliases):
            provinces[tuple(t.text.lower() for t in nlp.make_doc(n))] = p
    longest = max(len(k) for k in provinces)
    roles = RoleCues(grammar)

    if "legalgraph_body_matcher" not in Language.factories:
        @Language.factory("legalgraph_body_matcher")
        def _matcher_factory(nlp, name):
            return lambda doc: _match_bodies(doc, nlp.legalgraph_matcher)

        @Language.factory("legalgraph_body_scope")
        def _scope_factory(nlp, name):
            return lambda doc: _body_scope(doc, nlp.legalgraph_bodies, nlp.legalgraph_provinces,
                                           nlp.legalgraph_longest)

        @Language.factory("legalgraph_body_roles")
        def _roles_factory(nlp, name):
            return lambda doc: nlp.legalgraph_roles.assign(doc)

    nlp.legalgraph_matcher = matcher
    nlp.legalgraph_bodies = by_name
    nlp.legalgraph_provinces = provinces
    nlp.legalgraph_longest = longest
    nlp.legalgraph_roles = roles
    nlp.add_pipe("legalgraph_body_matcher")
    nlp.add_pipe("legalgraph_body_scope")
    nlp.add_pipe("legalgraph_body_roles")
    return nlp


def _match_bodies(doc, matcher):
    """Gazetteer names (any case) and newspapers ("Báo" and a capitalised name) as
    entities, the longest where they overlap."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    spans = [Span(doc, start, end, label="BODY", span_id=doc.vocab.strings[key])
             for key, start, end in matcher(doc)]
    if "Báo " in doc.user_data["text"]:
        for i, token in enumerate(doc):
            if token.text == "Báo" and i + 1 < len(doc) and doc[i + 1].is_title:
                j = i + 1
                while j < len(doc) and doc[j].is_title:
                    j += 1
                spans.append(Span(doc, i, j, label="BODY", span_id="press"))
    doc.ents = filter_spans(spans)
    return doc


def _body_scope(doc, by_name, provinces, longest):
    """Keep real bodies, stretch each over its locality, note the province it names."""
    found = []
    for ent in doc.ents:
        entry = by_name.get(ent.ent_id_)
        first = ent.text[:1]
        if entry is not None and entry.kind != "group" and not first.isupper():
            continue  # "thanh tra tỉnh" in running text is an activity, not Thanh tra tỉnh
        if entry is None and ent.ent_id_ != "press":
            continue
        end = ent.end
        lowered = ent.text.lower()
        place = None
        if entry is not None and entry.place:
            j = end
            while j < len(doc) and j - end < 4 and doc[j].is_title and doc[j].lower_ != "tỉnh" and not (
                    doc[j].lower_ == "thành" and j + 1 < len(doc) and doc[j + 1].lower_ == "phố"):
                j += 1
            if j > end:
                place = doc[end:j].text
                end = j
                k = j + 1 if j < len(doc) and doc[j].text == "," else j
                if k < len(doc) and doc[k].lower_ == "tỉnh":
                    end = k + 1  # "UBND huyện Châu Thành, tỉnh Bến Tre"
        if entry is not None and entry.level in ("province", "district") and place is None:
            if not lowered.endswith(("tỉnh", "thành phố")) and end < len(doc):
                if doc[end].lower_ == "tỉnh":
                    end += 1
                elif end + 1 < len(doc) and doc[end].lower_ == "thành" and doc[end + 1].lower_ == "phố":
                    end += 2
        province = None
        if end < len(doc) and doc[end].is_title:
            for n in range(min(longest, len(doc) - end), 0, -1):
                key = tuple(t.lower_ for t in doc[end:end + n])
                if key in provinces:
                    province = provinces[key]
                    end += n
                    break
        offsets = doc.user_data["offsets"]
        found.append([offsets[ent.start][0], offsets[end - 1][1], entry, province, "mentioned", place])
    doc._.legalgraph_bodies = found
    return doc


# what may stand before the body that opens an item and is its subject
_ITEM_SUBJECT = re.compile(
    r"^[\s\-+•]*(?:[a-zđ]\)|\d+(?:\.\d+)*\.)?\s*(?:(?:thủ\s+trưởng|giám\s+đốc|người\s+đứng\s+đầu)\s+)?$",
    re.IGNORECASE)


# a subject that gives the work to others does not do it: "Thủ tướng Chính phủ yêu cầu các
# ngành …", "Ủy ban nhân dân tỉnh giao Sở Tư pháp …"
_ASKS = re.compile(r"\s*(?:yêu\s+cầu|giao|đề\s+nghị|chỉ\s+thị)(?!\w)", re.IGNORECASE)


class RoleCues:
    """The role cues of data/grammar/roles.toml as patterns on a sentence's text."""

    _GAP = re.compile(
        r"^(?:\s+(?:có\s+)?liên\s+quan)?[\s,;]*(?:(?:và|cùng|với)\s+)?(?:các\s+)?(?:(?:giám\s+đốc|thủ\s+trưởng|chủ\s+tịch|người\s+đứng\s+đầu)\s+)?[\s,]*$",
        re.IGNORECASE)

    def __init__(self, grammar: Grammar):
        self.after: list[tuple[str, re.Pattern]] = []
        self.before: list[tuple[str, re.Pattern]] = []
        self.labels: list[tuple[str, re.Pattern]] = []
        for r in grammar.raw["roles"]["role"]:
            if r.get("after_body"):
                self.after.append((r["role"], re.compile(
                    r"^[\s,]*(?:" + "|".join(phrase_pattern(p) for p in r["after_body"]) + r")(?!\w)", re.IGNORECASE)))
            if r.get("before_body"):
                self.before.append((r["role"], re.compile(
                    r"(?<!\w)(?:" + "|".join(phrase_pattern(p) for p in r["before_body"]) + r")[\s(:]*(?:các\s+(?:(?:bộ|sở)\s*:?\s*)?)?$", re.IGNORECASE)))
            if r.get("labels"):
                self.labels.append((r["role"], re.compile(
                    r"(?:^|\n)[\s\-+•*]*(?:[a-zđ]\)\s*|\d{1,2}[.)]\s*)?(?:" + "|".join(phrase_pattern(p) for p in r["labels"])
                    + r")[^:\n]{0,40}:\s*$",
                    re.IGNORECASE)))

    def assign(self, doc):
        self.assign_spans(doc.user_data["text"], doc._.legalgraph_bodies or [])
        return doc

    def assign_spans(self, text: str, bodies: list[list]) -> None:
        """Set the role (item 4) of each [start, end, …] body in ``text``, in text order."""
        previous_role = None
        previous_end = None
        for b in bodies:
            start, end = b[0], b[1]
            role = None
            before = text[max(0, start - 80):start]
            for name, pattern in self.labels:
                if pattern.search(before):
                    role = name
                    break
            if role is None:
                for name, pattern in self.before:
                    if pattern.search(before[-30:]):
                        role = name
                        break
            if role is None:
                after = text[end:end + 40]
                for name, pattern in self.after:
                    if pattern.match(after):
                        role = name
                        break
            if role is None and previous_role is not None and self._GAP.match(text[previous_end:start]):
                role = previous_role  # a list: "phối hợp với Sở A, Sở B và Sở C"
            if role is None and _ITEM_SUBJECT.match(text[:start]) and not _ASKS.match(text, end):
                role = "lead"  # the subject opening an item: "a) Sở Tài chính rà soát ..."
            b[4] = role or "mentioned"
            previous_role, previous_end = role, end


from legalgraph.text.sentences import LOWER as _LOWER
from legalgraph.text.sentences import UPPER as _UPPER

# a place name after "UBND huyện": capitalised words, not "tỉnh"
_PLACE = re.compile(rf"\s+((?:(?!Tỉnh\b|Thành\s+phố\b)[{_UPPER}][{_LOWER}]*(?:\s+|$|(?=[^\w\s]))){{1,4}}?)(?=[^{_UPPER}]|$)")
_PROVINCE_GAP = re.compile(r",?\s*(?:tỉnh|thành\s+phố)\s+| ")
# a newspaper: "Báo" and the capitalised words of its name ("Báo Đồng Khởi")
_PRESS = re.compile(rf"(?<!\w)Báo(?:\s+[{_UPPER}][{_LOWER}]*(?!\w))+")


def _capitalised_trie(names: list[str]) -> re.Pattern:
    """Names as one pattern: the first letter as printed (a capital), the rest in any case.

    Starting from a capital lets the regex engine skip the lower-case text between names.
    """
    by_first: dict[str, list[str]] = {}
    for n in names:
        by_first.setdefault(n[0], []).append(n[1:].lower())
    parts = [re.escape(first) + "(?i:" + trie_pattern(rests) + ")" for first, rests in sorted(by_first.items())]
    return re.compile("(?:" + "|".join(parts) + r"|Báo\s)(?!\w)")


# a list printing its head word once; the names follow, separated by ",", ";" or "và"
# (the word boundary is checked after "các": a pattern opening with a look-behind is tried
# at every position of the text)
_ELIDED_LIST = re.compile(r"[Cc]ác(?<!\wcác)(?<!\wCác)\s+(Bộ|Sở)\s*:?\s+(?=\w)")
_ELIDED_SEP = re.compile(r"\s*(?:,\s*và|,|;|và)\s+(?=\w)")
_LEVEL_END = re.compile(r"cấp\s+(?:tỉnh|huyện|xã)$")
_LEVEL_MORE = re.compile(r"\s*(?:,|và|,\s*và)\s*(cấp\s+(tỉnh|huyện|xã))(?!\w)")
# where a name may end: before a space, a comma, a full stop ... (never inside a word)
_WORD_END = re.compile(r"(?<=\w)(?!\w)")

_ITEM_MARKER = r"(?:[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}[ \t]+-|[a-zđ]\)|[-–•+])"
# what a list of bodies may open with that is not a body: "các cơ quan, đơn vị có liên quan"
_GENERIC_START = re.compile(
    r"(?:các|những|một\s+số|cơ\s+quan|đơn\s+vị|tổ\s+chức|địa\s+phương|ngành|cá\s+nhân|doanh\s+nghiệp)(?!\w)",
    re.IGNORECASE)
# a minister named for the ministry: "Bộ trưởng Bộ Công an"
_MINISTER = re.compile(r"(?<!\w)Bộ\s+trưởng\s+$")
# the provinces a People's Committee's name lists: "thành phố Hà Nội, Hồ Chí Minh, Thành phố
# Cần Thơ và Lâm Đồng" (on the lower-cased view)
_FIRST_PROVINCE = re.compile(r"\s+(?:(?:tỉnh|thành\s+phố)\s+)?")
_LIST_PROVINCE = re.compile(r"\s*(?:,|,?\s*và)\s*(?:(?:tỉnh|thành\s+phố)\s+)?")
_TRAILING_PLACE = re.compile(r"\s+(?:tỉnh|thành\s+phố)(?:\s+[^\W\d_a-zđ][\w]*)*$")


class UnlistedBodies:
    """Bodies the gazetteer does not list, taken where a text can only be naming who does
    the work (``[unlisted]`` and ``[[head]]`` in data/grammar/bodies.toml): the subject
    opening an item before "có trách nhiệm" / "chủ trì" / ":", and the names of a
    "Đơn vị chủ trì:" list. Each name learnt is then found wherever the document writes it.
    """

    def __init__(self, grammar: Grammar, role_labels: list[str]):
        raw = grammar.raw["bodies"]
        self.heads = sorted(raw["head"], key=lambda h: -len(h["head"]))
        unlisted = raw["unlisted"]
        # the first letter as printed, the rest in any case: "Tổng Cục Quản lý ruộng đất"
        heads = "|".join(re.escape(h["head"][0]) + "(?i:" + re.escape(h["head"][1:]) + ")" for h in self.heads)
        self._head = re.compile(r"(?:" + heads + r")(?=\s)")
        self.compounds = re.compile(r"(?:" + trie_pattern([c.lower() for c in unlisted["compounds"]]) + r")(?!\w)",
                                    re.IGNORECASE)
        cues = trie_pattern([c.lower() for c in unlisted["subject_cues"]])
        # at a line's start (after an item's marker) or a sentence's; the name ends at a
        # cue, a colon, a bracket, or a comma before the next body ("Ủy ban kế hoạch Nhà
        # nước, các Bộ …")
        self._subject = re.compile(
            r"(?P<name>(?:" + heads + r")\s[^.:;()]{1,80}?)"
            r"(?=\s*[(:]|\s+(?i:" + cues + r")(?!\w)|\s*,\s*(?:các\s+)?(?:" + heads + r")\s)")
        self._subject_before = re.compile(
            r"(?:(?:^|\n)[ \t]*(?:" + _ITEM_MARKER + r"[ \t]*)?|[.;] )(?:(?:Giao|Đề\s+nghị)\s+)?$")
        labels = "|".join(phrase_pattern(p) for p in sorted(role_labels, key=len, reverse=True))
        # run on the lower-cased view, each line from its line break: a literal first
        # character lets the engine skip from one line to the next
        # (the marker and the blanks after it are one optional group: two runs of blanks
        # side by side would split a run of spaces every way before failing, quadratic)
        self._label = re.compile(r"\n[ \t]*(?:(?:[-+•*]|[a-zđ]\)|\d{1,2}[.)])[ \t]*)?(?:" + labels
                                 + r")[^:\n]{0,40}:[ \t]*(?P<list>[^.;]{1,300})")
        self._list_end = re.compile(r"\n[ \t]*(?:" + _ITEM_MARKER + r"|\d)")

    def _entry(self, name: str) -> BodyEntry | None:
        folded = name.casefold()
        head = next((h for h in self.heads if folded.startswith(h["head"].casefold() + " ")), None)
        if head is None:
            return None
        level = "province" if re.search(r"\btỉnh\b", name) else head["level"]
        return BodyEntry(name=name, kind=head["kind"], level=level)

    def _acceptable(self, name: str, strict: bool) -> bool:
        """A head noun and a name: not a compound word ("Ban hành", "Bộ luật"), no digits,
        at most 14 syllables; a capitalised word after a one-syllable head or in a list."""
        head = self._head.match(name)
        if head is None or self.compounds.match(name) or re.search(r"\d", name):
            return False
        words = name.split()
        n_head = len(head.group(0).split())
        if len(words) <= n_head or len(words) > 14:
            return False
        after = words[n_head]
        if after[:1].isupper():
            return True
        if strict:
            return False
        return n_head > 1 or any(w[:1].isupper() for w in words[n_head + 1:])

    @staticmethod
    def _clean(name: str) -> str:
        name = " ".join(name.split()).strip(" ,-–")
        name = re.sub(r"\s+(?:có\s+liên\s+quan|liên\s+quan)$", "", name)
        return _TRAILING_PLACE.sub("", name)

    def learn(self, text: str, match: str, lo: int, hi: int, known: list[tuple[int, int]]) -> dict[str, str]:
        """Names of unlisted bodies in text[lo:hi] (``match``: the same text lower-cased):
        {casefolded name: name as first printed}."""
        def free(a, b):
            return not any(s < b and a < e for s, e in known)

        names: dict[str, str] = {}
        for head in self._head.finditer(text, lo, hi):
            # the head opens a line, an item or a sentence (scanning for heads first is
            # far faster than trying the whole pattern at every position)
            if not self._subject_before.search(text, max(0, head.start() - 24), head.start()):
                continue
            m = self._subject.match(text, head.start(), hi)
            if m is None:
                continue
            name = self._clean(m.group("name"))
            if "\n" in m.group("name") and re.search(r"\n[ \t]*" + _ITEM_MARKER + r"\s", m.group("name")):
                continue
            if free(m.start("name"), m.start("name") + 1) and self._acceptable(name, strict=False):
                names.setdefault(name.casefold(), name)
        for m in self._label.finditer(match, max(0, lo - 1), hi):
            body = text[m.start("list"):m.end("list")]
            cut = self._list_end.search(body)
            if cut:
                body = body[:cut.start()]
            base = m.start("list")
            parts: list[list] = []  # [start, end] of each candidate in text
            for part in re.finditer(r"[^,;]+", body):
                for start, end in _between_and(part.group(0)):
                    a = base + part.start() + start
                    b = base + part.start() + end
                    words = text[a:b].strip()
                    if not words:
                        continue
                    a += len(text[a:b]) - len(text[a:b].lstrip())
                    starts_body = self._head.match(words) or not free(a, a + 1)
                    if parts and not starts_body and not _GENERIC_START.match(words) and parts[-1] is not None:
                        parts[-1][1] = b  # "Vụ Phổ biến, giáo dục pháp luật", "Bộ Văn hóa và Thông tin"
                    elif starts_body and free(a, a + 1):
                        parts.append([a, b])
                    else:
                        parts.append(None)
            for span in parts:
                if span is None:
                    continue
                name = self._clean(text[span[0]:span[1]])
                if self._acceptable(name, strict=True):
                    names.setdefault(name.casefold(), name)
        return names

    def find(self, text: str, lo: int, hi: int, names: dict[str, str], known: list[tuple[int, int]]):
        """(start, end, BodyEntry) of every place text[lo:hi] writes a learnt name."""
        if not names:
            return []
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(phrase_pattern(n) for n in sorted(names.values(), key=len, reverse=True))
                             + r")(?!\w)", re.IGNORECASE)
        out = []
        for m in pattern.finditer(text, lo, hi):
            if not m.group(0)[:1].isupper() or any(s < m.end() and m.start() < e for s, e in known):
                continue
            canonical = names.get(" ".join(m.group(0).split()).casefold())
            if canonical is None:
                canonical = next(v for v in names.values() if re.fullmatch(phrase_pattern(v), m.group(0), re.IGNORECASE))
            entry = self._entry(canonical)
            if entry is not None:
                out.append((m.start(), m.end(), entry))
        return out


# the code of a document's number before a name: "213/TB-" + "VPCP", "36/CĐ-" + "TTg"
_NUMBER_CODE = re.compile(r"\d/(?:[^\W_]+-)+[ \t]*\n?[ \t]*$")


def _in_number(match: str, pos: int) -> bool:
    """Does the name at ``pos`` stand in a document's number, after its code ("213/TB-")?"""
    return pos > 0 and match[pos - 1] in "-\n " and _NUMBER_CODE.search(match, max(0, pos - 24), pos) is not None


class BodyFinder:
    """Find bodies in a text.

    A fast scan of the whole text finds every name of the gazetteer. Where a role may be
    at stake — a sentence with a role cue ("chủ trì", "phối hợp", "báo cáo", "Cơ quan chủ
    trì:"), the task zone of a plan, the "Nơi nhận" list — a window of text around the
    name goes through the spaCy pipeline, which finds the bodies and their roles. Elsewhere
    (the "của Chính phủ" after every cited decree) the name is looked up in the same
    gazetteer directly and the body is only mentioned: spaCy runs only where it is needed.
    """

    def __init__(self, grammar: Grammar):
        self.g = grammar
        self.entries = load_entries(grammar)
        self._by_variant = {" ".join(v.lower().split()): e for e in self.entries for v in _variants(e)}
        # names start with a capital; groups ("các sở, ban, ngành tỉnh") in any case
        self._candidate = _capitalised_trie([v for e in self.entries if e.kind != "group" for v in _variants(e)])
        self._groups = re.compile(
            r"(?:" + trie_pattern([v.lower() for e in self.entries if e.kind == "group" for v in _variants(e)])
            + r")(?!\w)")
        cues = [p for r in grammar.raw["roles"]["role"] for key in ("after_body", "before_body", "labels")
                for p in r.get(key, ()) if len(p) > 5]
        self._role_cue = re.compile(r"(?:" + trie_pattern(cues) + r")(?!\w)")
        self._locality = re.compile(r"\s+(?:tỉnh|thành\s+phố)(?!\w)")
        self._nlp = None
        labels = [p for r in grammar.raw["roles"]["role"] if r["role"] in ("lead", "support") for p in r.get("labels", ())]
        self.unlisted = UnlistedBodies(grammar, labels)
        self._roles = RoleCues(grammar)
        self._group_of_provinces = self._by_variant["ubnd các tỉnh, thành phố trực thuộc trung ương"]

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = build_nlp(self.g, self.entries)
        return self._nlp

    def find(self, view, sentences, doc_province, zone: tuple[int, int] | None = None,
             engine: str = "rules") -> list[BodyMention]:
        """Bodies in the text, with roles around every name in ``zone`` (a plan's items,
        "Nơi nhận" included) and wherever a role cue stands beside one. ``engine="spacy"``
        reads those windows with the spaCy pipeline instead of the rules (same answers)."""
        names = self._scan(view)
        windows = self._role_windows(view, sentences, names, zone)
        inside: list[list[re.Match]] = [[] for _ in windows]
        out: list[BodyMention] = []
        w = 0
        for m in names:
            while w < len(windows) and m.start() >= windows[w][1]:
                w += 1
            if w < len(windows) and m.start() >= windows[w][0]:
                inside[w].append(m)
            elif (mention := self._quick(view, m, doc_province)) is not None:
                out.append(mention)
        read = self._window_bodies_spacy if engine == "spacy" else self._window_bodies
        for (lo, hi), found in zip(windows, inside):
            out += read(view, lo, hi, found, doc_province)
        out.sort(key=lambda m: m.start)
        out = self._with_elided(view, sentences, out, doc_province)
        if zone is not None:
            out = self._with_unlisted(view, sentences, out, doc_province, zone)
        self._as_printed(view, out)
        return out

    def _as_printed(self, view, mentions) -> None:
        """Bodies the text names more fully than the gazetteer: a minister for the ministry
        ("Bộ trưởng Bộ Công an quy định …": the body is Bộ Công an, the text says who), and
        the People's Committees of the provinces a list names ("Ủy ban nhân dân các tỉnh,
        thành phố Hà Nội, Hồ Chí Minh, Hòa Bình, Cần Thơ, Lâm Đồng"; "UBND thành phố Hà Nội,
        Thành phố Hồ Chí Minh, …"): one group, as printed."""
        clean = view.clean
        for m in mentions:
            entry = m.entry
            if entry is None:
                continue
            if entry.kind == "ministry" and m.start >= 10:
                head = _MINISTER.search(clean, m.start - 10, m.start)
                if head is not None:
                    m.start = head.start()
                    m.text = view.text[m.start:m.end]
                continue
            if not entry.name.startswith("UBND") or entry.level not in ("province", "central") or "cấp" in entry.name:
                continue
            pos = m.end
            # the name as found may hold the first province already ("… thành phố Hà Nội")
            last = None
            for last in self.g.province_re.finditer(view.match, max(m.start, m.end - 30), m.end):
                pass
            count = 1 if m.province is not None or (last is not None and last.end() == m.end) else 0
            while True:
                gap = (_LIST_PROVINCE if count else _FIRST_PROVINCE).match(view.match, pos)
                pm = self.g.province_re.match(view.match, gap.end()) if gap else None
                if pm is None or not view.text[pm.start()].isupper():
                    break
                pos, count = pm.end(), count + 1
            if count >= 2:
                m.end = pos
                m.text = view.text[m.start:pos]
                m.entry = self._group_of_provinces
                m.name = " ".join(m.text.split())
                m.province = None
                m.id = body_id(m.name, None, local=False)

    def _scan(self, view) -> list[re.Match]:
        """Every gazetteer name in the text, in text order."""
        match = view.match
        found = list(self._candidate.finditer(view.clean)) + list(self._groups.finditer(match))
        found.sort(key=lambda m: m.start())
        names = []
        for m in found:
            if m.start() and match[m.start() - 1].isalnum():
                continue
            if m.group(0) == "Báo " and not view.text[m.end():m.end() + 1].isupper():
                continue  # "Báo cáo" is a report; "Báo Đồng Khởi" a newspaper
            if _in_number(match, m.start()):
                continue  # "Thông báo số 213/TB-VPCP": the issuer's code in a document's number
            names.append(m)
        return names

    def _names(self, view, doc_province) -> list[BodyMention]:
        """The bodies of a short text (a name), the longest where names overlap."""
        return self._window_bodies(view, 0, len(view.text), self._scan(view), doc_province)

    def _role_windows(self, view, sentences, names, zone) -> list[list[int]]:
        """Where roles are at stake: around each name in a plan's items, or with a role cue
        beside it, enough of the sentence for the cues and the item marker (merged where
        they touch)."""
        match = view.match
        windows: list[list[int]] = []
        for m in names:
            in_zone = zone is not None and zone[0] <= m.start() < zone[1]
            if not in_zone and not self._role_cue.search(match, max(0, m.start() - 40), m.end() + 30):
                continue
            s, e = sentences.bounds(m.start())
            lo = s if m.start() - s <= 120 else m.start() - 100
            hi = min(e, m.end() + 80)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        return windows

    def _window_bodies(self, view, lo, hi, names, doc_province) -> list[BodyMention]:
        """The bodies of one window, the longest where names overlap, each with the role
        the window's cues give it."""
        mentions = [x for x in (self._quick(view, m, doc_province) for m in names) if x is not None]
        for pm in _PRESS.finditer(view.clean, lo, hi):
            mentions.append(self._mention(view, pm.start(), pm.end(), None, None, "mentioned", doc_province))
        kept = _longest_first(mentions)
        self._assign_roles(view, lo, max([hi] + [m.end for m in kept]), kept)
        return kept

    def _assign_roles(self, view, lo, hi, mentions) -> None:
        """Set each mention's role from the cues of the text lo..hi around it."""
        spans = [[m.start - lo, m.end - lo, None, None, m.role, None] for m in mentions]
        self._roles.assign_spans(view.clean[lo:hi], spans)
        for m, span in zip(mentions, spans):
            m.role = span[4]

    def _window_bodies_spacy(self, view, lo, hi, names, doc_province) -> list[BodyMention]:
        """The bodies of one window as the spaCy pipeline reads them."""
        hi = max([hi] + [m.end() for m in names])  # a name the window cuts is read whole
        doc = self.nlp(view.clean[lo:hi])
        return [self._mention(view, lo + start, lo + end, entry, province, role, doc_province, place)
                for start, end, entry, province, role, place in doc._.legalgraph_bodies or []
                if not _in_number(view.match, lo + start)]

    def _with_elided(self, view, sentences, mentions, doc_province):
        """Add the bodies of a list that prints the head word once: "các Bộ: Xây dựng, Quốc
        phòng", "các Sở Tư pháp, Nội vụ và Tài chính" name Bộ Quốc phòng, Sở Nội vụ, ..."""
        added = []
        starts = {m.start: m for m in mentions}
        for lm in _ELIDED_LIST.finditer(view.clean):
            head = lm.group(1)
            first = starts.get(lm.start(1))
            # "các Bộ Tài chính, …": the scan found the first name whole
            pos = first.end if first is not None else lm.end()
            looking = first is None
            while True:
                if looking:
                    hit = self._elided_name(view.clean, head, pos)
                    if hit is None:
                        break
                    end, entry = hit
                    if pos not in starts:
                        mention = self._mention(view, pos, end, entry, None, "mentioned", doc_province)
                        mention.extra["head"] = head  # "Bộ" printed once before "NN&MT, Xây dựng, …"
                        added.append(mention)
                    pos = end
                looking = True
                sep = _ELIDED_SEP.match(view.clean, pos)
                if sep is None:
                    break
                pos = sep.end()
        # "Ủy ban nhân dân cấp tỉnh, cấp xã": the second level names a body of its own
        for m in mentions:
            head = _LEVEL_END.search(view.clean, max(m.start, m.end - 16), m.end)  # the name's last words
            if head is None or head.end() != m.end:
                continue
            pos = m.end
            while (more := _LEVEL_MORE.match(view.clean, pos)) is not None:
                name = view.clean[m.start:head.start()] + "cấp " + more.group(2)
                entry = self._by_variant.get(" ".join(name.lower().split()))
                if entry is None:
                    break
                added.append(self._mention(view, more.start(1), more.end(), entry, None, "mentioned", doc_province))
                pos = more.end()
        if not added:
            return mentions
        everything = sorted(mentions + added, key=lambda m: m.start)
        self._reassign_roles(view, sentences, everything, added)
        return everything

    def _elided_name(self, clean: str, head: str, pos: int):
        """The longest gazetteer name "<head> <words at pos>", as (end, entry)."""
        ends = [m.start() for m in _WORD_END.finditer(clean, pos, min(len(clean), pos + 60))]
        for end in reversed(ends):
            entry = self._by_variant.get(" ".join(f"{head} {clean[pos:end]}".lower().split()))
            if entry is not None and entry.kind != "group":
                return end, entry
        return None

    def _with_unlisted(self, view, sentences, mentions, doc_province, zone):
        """Add the bodies the gazetteer does not list that the plan names as doers, with
        the roles their sentences give them."""
        known = [(m.start, m.end) for m in mentions]
        names = self.unlisted.learn(view.clean, view.match, zone[0], zone[1], known)
        found = self.unlisted.find(view.clean, zone[0], zone[1], names, known)
        if not found:
            return mentions
        added = [self._mention(view, a, b, entry, None, "mentioned", doc_province) for a, b, entry in found]
        everything = sorted(mentions + added, key=lambda m: m.start)
        self._reassign_roles(view, sentences, everything, added)
        return everything

    def _reassign_roles(self, view, sentences, everything, added):
        """Each sentence holding an added body is read again with all its bodies."""
        windows = []
        for m in added:
            s, e = sentences.bounds(m.start)
            lo = s if m.start - s <= 120 else m.start - 100
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], min(e, m.end + 80))
            else:
                windows.append([lo, min(e, m.end + 80)])
        for lo, hi in windows:
            # a list the window cuts goes on to its end: "…, Ngân hàng Nhà nước Việt Nam"
            inside = []
            for m in everything:
                if lo <= m.start and (m.end <= hi or inside and inside[-1].end + 3 >= m.start):
                    inside.append(m)
                    hi = max(hi, m.end)
            self._assign_roles(view, lo, hi, inside)

    def _quick(self, view, m, doc_province) -> BodyMention | None:
        """A name found by the scan, looked up without spaCy: a mention, no role."""
        entry = self._by_variant.get(" ".join(m.group(0).lower().split()))
        if entry is None or (entry.kind != "group" and not view.text[m.start()].isupper()):
            return None
        end = m.end()
        place = None
        if entry.place:
            pm = _PLACE.match(view.clean, end)
            if pm:
                place = " ".join(pm.group(1).split())
                end = pm.end(1)
        if place is None and entry.level in ("province", "district") and not m.group(0).endswith(("tỉnh", "phố")):
            loc = self._locality.match(view.match, end)
            if loc:
                end = loc.end()
        province = None
        gap = _PROVINCE_GAP.match(view.match, end)
        pm = self.g.province_re.match(view.match, gap.end()) if gap else None
        if pm and view.text[pm.start()].isupper():
            province = self.g.province(pm.group(1))
            end = pm.end()
        return self._mention(view, m.start(), end, entry, province, "mentioned", doc_province, place)

    def issuer(self, name: str | None, doc_province) -> BodyMention | None:
        """The document's issuing body, as a body of the gazetteer when it is one."""
        if not name:
            return None
        for m in self._names(TextView.of(name), None):
            if m.start == 0:
                entry, province = m.entry, m.province
                local = entry is not None and entry.level != "central"
                prov = province or (doc_province if local else None)
                if entry is None:
                    return BodyMention(0, 0, name, None, name, prov, "issuer", id=body_id(name, prov, True))
                return BodyMention(0, 0, name, entry, scoped_name(entry, prov) if local else entry.name,
                                   prov if local else None, "issuer", id=body_id(entry.name, prov, local))
        return BodyMention(0, 0, name, None, name, doc_province, "issuer",
                           id=body_id(name, doc_province, doc_province is not None))

    def _mention(self, view, start, end, entry, province, role, doc_province, place=None) -> BodyMention:
        text = view.text[start:end]
        if entry is None:  # a newspaper: the name is its own
            name = " ".join(text.split())
            return BodyMention(start, end, text, None, name, doc_province, role,
                               id=body_id(name, doc_province, local=True))
        local = entry.level != "central"
        prov = province or (doc_province if local else None)
        if place:
            base = f"{entry.name} {place}"
            name = f"{base} {prov.kind} {prov.name}" if prov else base
            return BodyMention(start, end, text, entry, name, prov, role, id=body_id(base, prov, local=True))
        name = scoped_name(entry, prov) if local else entry.name
        return BodyMention(start, end, text, entry, name, prov if local else None, role,
                           id=body_id(entry.name, prov, local=local))


def scoped_name(entry: BodyEntry, province) -> str:
    """'Sở Tư pháp' in Bến Tre is 'Sở Tư pháp tỉnh Bến Tre'; 'Tỉnh ủy' is 'Tỉnh ủy Bến Tre'."""
    base = entry.name
    if province is None:
        return base
    place = f"{province.kind} {province.name}"
    if re.search(r"(?:Tỉnh|Thành) [ủu]y$|Tỉnh đoàn$", base):
        return f"{base} {province.name}"
    if base.endswith(" tỉnh"):
        return f"{base[:-len(' tỉnh')]} {place}"
    if entry.level in ("district", "commune") and entry.kind != "group" and not entry.place and "cấp" not in base.split():
        # "Phòng Tư pháp" in a Bến Tre plan is each district's office, not a provincial one
        level = "cấp huyện" if entry.level == "district" else "cấp xã"
        return f"{base} {level}, {place}"
    return f"{base} {place}"


def body_id(name: str, province, local: bool) -> str:
    """/body/vn/bo-tu-phap, /body/vn-ben-tre/so-tu-phap: one node per body and province."""
    stem = re.sub(r"\s+tỉnh$", "", name)
    if not local:
        return f"/body/vn/{slugify(stem)}"
    return f"/body/vn-{province.slug if province else '_'}/{slugify(stem)}"


def summarize(mentions: list[BodyMention], recipients: list[tuple[int, int]], issuer: BodyMention | None,
              signer: str | None, tasks=()) -> list[dict]:
    """One entry per body for the whole document: its strongest role and every role it has.

    Bodies listed under "Nơi nhận" are recipients there; the issuer and the signer are added
    with those roles; a body a heading puts in charge of the items below it ("1. Bộ Công
    an:") has the role its tasks give it.
    """
    out: dict[str, dict] = {}

    def add(m: BodyMention, role: str):
        entry = out.get(m.id)
        if entry is None:
            successor = m.province.successor if m.province is not None else None
            entry = out[m.id] = {
                "id": m.id, "name": m.name, "role": role, "roles": [],
                "kind": m.entry.kind if m.entry else "press",
                "province": m.province.name if m.province is not None else None,
                "successor": successor, "mentions": [],
            }
            if m.entry is not None and m.entry.successor:
                entry["merged_into"] = m.entry.successor
        if role not in entry["roles"]:
            entry["roles"].append(role)
        if ROLE_ORDER.index(role) < ROLE_ORDER.index(entry["role"]):
            entry["role"] = role
        if m.end > m.start:
            entry["mentions"].append({"start": m.start, "end": m.end, "text": m.text})

    for m in mentions:
        role = "recipient" if any(a <= m.start < b for a, b in recipients) else m.role
        add(m, role)
    for task in tasks:
        for ref in task.bodies:
            entry = out.get(ref["id"])
            if entry is not None and ref["role"] in ("lead", "support"):
                if ref["role"] not in entry["roles"]:
                    entry["roles"].append(ref["role"])
                if ROLE_ORDER.index(ref["role"]) < ROLE_ORDER.index(entry["role"]):
                    entry["role"] = ref["role"]
    if issuer is not None:
        add(issuer, "issuer")
    for entry in out.values():
        entry["roles"].sort(key=ROLE_ORDER.index)
    result = sorted(out.values(), key=lambda e: (ROLE_ORDER.index(e["role"]), e["name"]))
    if signer:
        result.append({"id": f"/person/{slugify(signer)}", "name": signer, "role": "signer", "roles": ["signer"],
                       "kind": "person", "province": None, "successor": None, "mentions": []})
    return result
