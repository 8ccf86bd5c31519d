"""Pass 1: find every citation of an instrument in a text, with its span and raw parts.

Two finders run over the match view (lower-cased, noise blanked, same length as the text):

* numbered citations, in the three shapes Vietnamese numbering takes:
    state           56/2024/NĐ-CP, 80/2015/QH13, 72/2011/TTLT-BTC-BGTVT
    administrative  916/QĐ-TTg, 4147/UBND-NC (công văn: issuer first), 15/CTUBND
    party           27-NQ/TW, 06-\\nCT/TU, 36 - nq/tw
  White space may stand anywhere between the parts (line breaks, page breaks blanked out
  by the view). A footnote marker glued to the last code (``34/2016/NĐ-CP2``) is split
  off and kept. Codes are checked against the grammar so that form numbers
  (``Mẫu số 01/PLI``) and page headers (``CÔNG BÁO/Số 281/Ngày``) are not citations.
* laws, codes and the constitution cited by name with a year or a date ("Luật Ban hành
  văn bản QPPL năm 2015", "Hiến pháp năm 2013"), and by bare name where the name is that
  of a well-known law or of a law the same text cites with its year.

Each finder returns ``Found`` records; nothing here decides identity (that is
``resolve``), relations, or which mention is the document itself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from legalgraph.extract.dates import iso_day
from legalgraph.grammar import (
    AMENDING_HEAD,
    LISTED_LAW_SEP,
    NAMED_TYPES,
    DocType,
    Grammar,
    Law,
)

# codes are letters (TƯ, BLĐTBXH), maybe a term (QH13), maybe joined by '&' as a ministry's
# initials are ("BNN&PTNT" in 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC)
_SEG = r"[^\W\d_]+(?:&[^\W\d_]+)?\d{0,3}"
_CODE = rf"{_SEG}(?:\s*-\s*{_SEG}){{0,6}}"

NUMBERED = re.compile(
    rf"""
    (?P<serial>\d(?<![\w.,/-]\d)\d{{0,4}}(?:\.\d{{1,3}}|(?P<suffix>[^\W\d_](?=/)))?)   # a digit first: the engine skips to digits; "1249a/CTPH-…"
    (?:
        \s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?P<scode>{_SEG}(?:\s*[-/]\s*{_SEG}){{0,6}})   # "TTLT/BTC-..." typos too
      | \s*/\s*(?P<acode>{_CODE})
      | \s*-\s*(?P<ptype>[^\W\d_]+)\s*/\s*(?P<pcode>{_SEG}(?:\s*-\s*{_SEG})?)
    )
    (?![^\W_])
    """,
    re.VERBOSE,
)

def _start_before(text: str, slash: int) -> int | None:
    """Where a number whose first '/' is at ``slash`` would start, stepping back over
    what NUMBERED allows before that '/'; None if nothing there can be a number.
    (``[^\\W\\d_]`` of the regex engine, a letter, is ``isalnum() and not isdecimal()``.)"""
    j = slash
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0:
        return None
    c = text[j - 1]
    if c.isalnum() and not c.isdecimal() and j == slash and j > 1 and text[j - 2].isdecimal() \
            and "." not in text[max(0, j - 6):j]:
        j -= 1  # a lettered serial glued to its '/': "1249a/CTPH-UBDT-BTP"
        c = text[j - 1]
    if not c.isdecimal():
        if not c.isalnum():
            return None
        # party shape "27 - NQ/TW": the type letters, then '-', each after white space
        while j > 0 and text[j - 1].isalnum() and not text[j - 1].isdecimal():
            j -= 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j == 0 or text[j - 1] != "-":
            return None
        j -= 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j == 0 or not text[j - 1].isdecimal():
            return None
    # the serial, digits and '.': it can start only where that run starts, and not
    # after a word character or ',/-' (NUMBERED's look-behind), as in a date's "5/2024"
    while j > 0 and (text[j - 1].isdecimal() or text[j - 1] == "."):
        j -= 1
    if j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_,/-"):
        return None
    return j


def _number_starts(text: str):
    """Every position where NUMBERED can match, in increasing order (and some where it
    cannot).

    ``NUMBERED.finditer`` costs more than the rest of the finder: the regex engine tries
    a match at every digit of the text (dates, article numbers, money), and ordinary
    Python regexes cannot start from anything rarer. But every number has a '/', and the
    text before its first '/' is fixed: the serial and white space (``56 /2024/...``,
    ``916/QĐ-TTg``), or the serial, '-' and the type letters (``27 - NQ/TW``). So from
    each '/' the only possible start is found by stepping back over those characters.
    Starts come out increasing: the text between a start and its '/' holds no other '/'.
    """
    find = text.find
    slash = find("/")
    while slash >= 0:
        start = _start_before(text, slash)
        if start is not None:
            yield start
        slash = find("/", slash + 1)


def numbered_matches(text: str):
    """``NUMBERED.finditer(text)``, found faster: a match is tried only where one can
    start (``_number_starts``); as with finditer, the next search begins where the last
    match ended."""
    match = NUMBERED.match
    done = 0
    for start in _number_starts(text):
        if start < done:
            continue
        m = match(text, start)
        if m is not None:
            done = m.end()
            yield m


_DATE_AFTER = re.compile(
    r"""[\s,]*(?:\(\s*)?(?:được\s+)?(?:ban\s+hành\s+|ký\s+|thông\s+qua\s+)?ngày\s+
        (?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*(?P<y>(?:19|20)\d\d)
      | [\s,]*năm\s+(?P<y2>(?:19|20)\d\d)(?!\s*[/-])
    """,
    re.VERBOSE,
)

# a name may go on over a line break (not a blank line): ``_over_line_breaks`` says where it ends
_ISSUER_AFTER = re.compile(r"[\s,]*(?:do\s+|của\s+)(?P<who>(?:[^\n;:.()“\"]|\n(?![ \t]*\n)){2,120})")
# Where an issuer's name ends ("của Chính phủ quy định ..."). Run on the text as printed:
# names go on after "và" or a comma only with a capital ("Bộ Tài chính và Bộ Giao thông
# vận tải", "Bộ Văn hóa, Thể thao và Du lịch", "Lao động - Thương binh và Xã hội").
_ISSUER_STOP = re.compile(
    r"\s(?:về|v/v|quy\s+định|ban\s+hành|sửa\s+đổi|bổ\s+sung|hướng\s+dẫn|phê\s+duyệt|thực\s+hiện|triển\s+khai|"
    r"thi\s+hành|thay\s+thế|bãi\s+bỏ|công\s+bố|hợp\s+nhất|có\s+hiệu\s+lực|đã|được|ngày|năm|số|trên|tại|theo|cho|"
    r"để|đối\s+với|với|khóa|khoá|kèm\s+theo|gửi|là|nhằm|gồm|tổ\s+chức|trong|những|như|thì|mà|khi|nay|"
    r"kể\s+từ)(?!\w)"
    r"|,(?!\s*(?:[A-ZĐ]|giáo\s+dục))|\s+(?:và|hoặc)\s+(?![A-ZĐ])",
)
# words after a body's name that give its locality ("UBND tỉnh Bến Tre", "Công an các tỉnh")
_LOCALITY_WORDS = {"tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường", "cấp", "các", "trung", "việt"}
# offices whose holder signs for a body named after them
_OFFICES = {"bộ trưởng", "chủ tịch", "chủ nhiệm", "thống đốc", "thủ trưởng", "giám đốc", "tổng giám đốc"}


def _name_words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text.lower()) if w and w not in ("-", "–")]


_TITLE_AFTER = re.compile(
    r"[\s,]*(?:về\s+việc|v/v|về)\s+(?P<title>(?:[^;()\n]|\n(?![ \t]*\n)){3,300}?)"
    r"(?=\s*(?:[;()]|\.\s|\.$|\n[ \t]*\n|$)|,\s+(?:và\s+)?(?:nghị|quyết|thông|chỉ|kế|luật|công|văn)\S*\s)"
)


_CONSTITUTION_BARE = re.compile(
    r"((?:\s+nước\s+cộng\s+(?:hòa|hoà)\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam)?)(?=\s*(?:[;,.]|$|\n|đã\s+được|được\s+sửa))")

# words that end a law's name: what follows them is the sentence, not the name
_AMENDING_BEFORE = re.compile(r"(?<!\w)luật\s+sửa\s+đổi[^;:]{0,250}?\s(?:của|đối\s+với)\s+(?:(?:bộ\s+)?luật\s[^;:]{0,60}?(?:,|\svà)\s+)*$")
_NOT_IN_NAME = re.compile(
    r"(?<!\w)(?:trên|tại|theo|đối với|cho|để|nhằm|gồm|như|thì|là|được|đã|có hiệu lực|và các|kể từ|về|căn cứ)(?!\w)"
)


def _longest_first(phrases) -> list[str]:
    """The order of ``grammar.alternation``: longest phrase first."""
    return sorted(set(phrases), key=lambda p: (-len(p), p))


def _reversed_phrase_pattern(phrase: str) -> str:
    """``grammar.phrase_pattern`` of a phrase, for matching the reversed text."""
    out = []
    for token in reversed(re.split(r"(, | )", phrase.lower())):
        if token == " ":
            out.append(r"\s+")
        elif token == ", ":
            out.append(r"\s*,?\s*")
        elif token:
            out.append(re.escape(token[::-1]))
    return "".join(out)


_CODE_LETTERS = re.compile(r"[a-zđư]+(?:&[a-zđư]+)?\d{0,3}")


def _case(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "none"
    if all(c.isupper() for c in letters):
        return "upper"
    if all(c.islower() for c in letters):
        return "lower"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    return "mixed"


_CODE_SEP = re.compile(r"\s*[-/]\s*")
_TRAILING_DIGITS = re.compile(r"^(.*?[^\W\d_])(\d+)$")


@dataclass(frozen=True)
class _Parsed:
    end_offset: int  # where the mention ends, from the start of the number
    fields: dict  # the Found fields a number determines


_REJECTED = object()  # a cached "this is not a citation"


@dataclass
class _Code:
    """A number's code as it is taken apart: the segments as matched and as printed."""
    kind: str  # state | admin | party
    type_code: str | None
    segs: list
    code_start: int
    end: int
    displays: list = field(default_factory=list)
    tight: list = field(default_factory=list)  # joined to the segment before by a bare "-" (no space)
    footnote: str | None = None
    number: str | None = None
    year: int | None = None
    issuer_code: str | None = None
    issuer_codes: list = field(default_factory=list)


class _Head:
    """Where a law's type word stands ("Luật", "Bộ luật", "Hiến pháp", "Pháp lệnh")."""

    __slots__ = ("_end", "_start")

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


@dataclass(slots=True)  # one per citation: slots make them smaller and quicker to build
class Found:
    """A raw citation: where it is and what its parts are, before resolution."""

    start: int  # the mention: type word (when adjacent) through the number or name
    end: int
    kind: str  # state | admin | party | named
    number: str | None = None  # canonical printed number
    serial: str | None = None
    num_year: int | None = None  # year printed inside the number
    type: DocType | None = None
    type_name: str | None = None
    issuer_code: str | None = None  # the code that decides the issuer and the scope
    issuer_codes: list = field(default_factory=list)  # all issuer codes: joint circulars have several
    local: bool = False
    party: bool = False
    footnote: str | None = None
    after: int = 0  # where text describing the citation (date, issuer, title) begins
    date: str | None = None
    year: int | None = None  # year from the date or a following "năm YYYY"
    issuer: str | None = None
    title: str | None = None
    law: Law | None = None  # named laws: the well-known law matched
    law_name: str | None = None  # named laws: the name as printed
    bare: bool = False  # named law without year or date
    note: bool = False  # in a publisher's note, not the document's own words


class CitationFinder:
    def __init__(self, grammar: Grammar):
        self.g = grammar
        words = grammar.type_words_re
        # "Nghị định số", "Chỉ thị", "Nghị quyết số:" right before a number
        self._type_before = re.compile(rf"(?<!\w)({words})(?:\s+số)?\s*:?\s*$")
        # the same, read backwards from the number (see _type_word_before)
        self._type_before_reversed = re.compile(
            r"\s*:?\s*(?:ốs\s+)?(" + "|".join(_reversed_phrase_pattern(w) for w in _longest_first(grammar.type_by_word))
            + r")(?!\w)"
        )
        # "Luật Doanh nghiệp số" — a law's name between the type word and the number
        self._law_before = re.compile(
            r"(bộ\s+luật|luật|pháp\s+lệnh)\s+((?:(?:[^\W\d_][\w-]*|\d{1,3}),?\s+){1,40}?)số\s*:?\s*$"
        )
        self._law_head_word = re.compile(r"(?<!\w)(?:bộ\s+)?(?:luật|pháp\s+lệnh)(?=\s)")
        # One pattern per head word, each starting with its literal so that the engine
        # searches for the literal; the conditions come after it.
        not_a_law = r"(?=\s)(?!\s+(?:sư|gia|pháp|này|định|hóa|hoá|lệ|số|hiện\s+hành|chuyên\s+ngành|khác|liên\s+quan|mới|có\s+liên)(?!\w))"
        self._law_head = re.compile(r"luật(?<!\wluật)(?<!pháp\sluật)" + not_a_law)
        self._constitution_head = re.compile(r"hiến\spháp(?<!\whiến\spháp)" + not_a_law)
        self._ordinance_head = re.compile(r"pháp\slệnh(?<!\wpháp\slệnh)" + not_a_law)
        # the name: words, and a count of the laws an amending law changes ("10 Luật");
        # then "năm 2015", "ngày 18 tháng 02 năm 2025", or the year alone, as web
        # databases write a law's short title ("Luật Giá 2023", "Bộ luật Dân sự 2015")
        self._law_dated = re.compile(
            r"((?:\s+(?!số\s+\d|năm\s+\d|ngày\s+\d)(?:[^\W\d_][\w-]*,?|\d{1,2}(?=\s+luật\b))){0,60}?)"
            r"[\s,]+(?:\(\s*)?(?:được\s+)?(?:(?:quốc\s+hội\s+)?thông\s+qua\s+)?"
            r"(?:năm\s+(?P<y>(?:19|20)\d\d)(?!\s*[/-])"
            r"|ngày\s+(?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*(?P<y2>(?:19|20)\d\d)"
            r"|(?<=[^\W\d_]\s)(?P<y3>(?:19|20)\d\d)(?![\w/.,-]*\w))"
        )
        self._word = re.compile(r"\s+([^\W\d_][\w-]*)")
        # the next item of a list: "của UBND tỉnh, Chỉ thị số …", "của Chính phủ và Chương trình …"
        self._comma_type = re.compile(rf"(?:,|\s(?:và|hoặc))\s*(?:{words})(?!\w)")
        # names and word starts of names that bodies and issuers go by, to tell a name
        # that goes on over a line break in capitals ("Thủ tướng \nChính phủ") from the
        # next sentence
        names = [b["name"] for b in grammar.raw["bodies"]["body"]]
        names += [a for b in grammar.raw["bodies"]["body"] for a in b.get("aliases", ())]
        names += [i.name for i in grammar.issuers] + [n for i in grammar.issuers for n in i.names]
        self._names = {" ".join(_name_words(n)) for n in names}
        # how the names are written, for an issuer printed in capitals in a title line
        self._casing = {" ".join(n.lower().split()): " ".join(n.split())
                        for n in [*names, *(n for p in grammar.provinces for n in (p.name, *p.aliases))]}
        self._name_starts = {" ".join(w[:k]) for w in (_name_words(n) for n in names) for k in range(1, len(w) + 1)}
        self._locality_starts = _LOCALITY_WORDS | {_name_words(n)[0] for p in grammar.provinces
                                                   for n in (p.name, *p.aliases) if _name_words(n)}
        self._law_prefixes, self._law_keys = self._prefix_index(law.key for law in grammar.laws)
        self._parsed: dict = {}

    # -- numbered ----------------------------------------------------------------

    def numbered(self, view) -> list[Found]:
        out = []
        for m in numbered_matches(view.match):
            f = self._numbered_one(m, view)
            if f is not None:
                out.append(f)
        return out

    def _code_segments(self, raw: str) -> list[str]:
        return [s for s in _CODE_SEP.split(raw) if s]

    def _split_footnote(self, seg: str) -> tuple[str, str | None]:
        """'cp2' -> ('cp', '2'); 'qh13' stays; 'qh132' -> ('qh13', '2')."""
        m = _TRAILING_DIGITS.match(seg)
        if not m:
            return seg, None
        if self.g.is_term_code(seg):
            return seg, None
        if self.g.is_term_code(seg[:-1]):
            return seg[:-1], seg[-1]
        return m.group(1), m.group(2)

    def _seg_ok(self, seg: str, display: str, previous: str, tight: bool) -> bool:
        """A later code segment: a known code, or one printed like a code.

        Unknown segments (unit codes of công văn, "4147/UBND-NC") must be joined by a bare
        hyphen, use only code letters (A-Z, Đ, Ư) and keep the case of the segment before
        them — so "916/QĐ-TTG - CÁC NHIỆM VỤ" and "NĐ-CP-Điều" stop where the code does.
        """
        if seg in self.g.canonical_code or self.g.issuer_for(seg):
            return True
        if not tight or not _CODE_LETTERS.fullmatch(seg):
            return False
        return _case(display) == _case(previous) or _case(display) == "upper"

    def _canon(self, seg: str, display: str) -> str:
        if seg in self.g.canonical_code:
            return self.g.canonical_code[seg]
        iss = self.g.issuer_for(seg)
        if iss and iss.pattern:
            return iss.code + seg[len(iss.code):]
        return display.upper()

    def _type_word_before(self, view, start: int):
        """The type word printed right before a number ("Nghị định số", "Chỉ thị:") and
        where it starts.

        ``_type_before`` searched forward would try a match at each of the 60 positions
        before every number; matched on the reversed window it is one attempt. The two
        agree: the tail ("số", ':', white space) fixes where the type word ends, and of
        the type words ending there the longest (tried first) starts leftmost. Only when
        the word starts exactly at the window's start does the check that no letter
        precedes it need the text before the window: the forward search decides then.
        """
        lo = max(0, start - 60)
        text = view.match
        m = self._type_before_reversed.match(text[lo:start][::-1])
        if m is None:
            return None, None
        word_start, word_end = start - m.end(1), start - m.start(1)
        if word_start == lo and lo > 0:
            m = self._type_before.search(text, lo, start)
            if m is None:
                return None, None
            word_start, word_end = m.span(1)
        word = " ".join(text[word_start:word_end].split())
        return self.g.type_by_word.get(word), word_start

    def _numbered_one(self, m: re.Match, view) -> Found | None:
        start = m.start()
        word_type, word_start = self._type_word_before(view, start)
        # the same printed number recurs (within a text and across texts): parse it once
        key = (view.clean[start:m.end()], word_type.name if word_type else None)
        parsed = self._parsed.get(key)
        if parsed is None:
            if len(self._parsed) > 100_000:
                self._parsed.clear()
            parsed = self._parse(m, view, word_type) or _REJECTED
            self._parsed[key] = parsed
        if parsed is _REJECTED:
            return None
        f = Found(start=word_start if word_start is not None else start, end=start + parsed.end_offset,
                  after=m.end(), **parsed.fields)
        # "Luật Đất đai số 31/2024/QH15": the law's name before its number
        if (word_type.name in NAMED_TYPES if word_type is not None
                else f.type is not None and f.type.name in ("Luật", "Bộ luật")) \
                and "số" in view.match[max(0, start - 8):start]:
            lm = self._nearest_law_name(view.match, start)
            if lm:
                name = view.text[lm.start(2):lm.end(2)].strip().rstrip(",")
                head = view.text[lm.start(1):lm.end(1)]
                f.law_name = f"{head} {name}"
                f.start = lm.start()
                head_type = self.g.type_by_word.get(" ".join(head.lower().split()))
                if head_type is not None and head_type.name != f.type_name:
                    f.type, f.type_name = head_type, head_type.name  # "Bộ luật Lao động số 45/2019/QH14"
        self.describe(f, view)
        if f.num_year and f.date and int(f.date[:4]) != f.num_year:
            # a number is given in the year it is signed: a date of another year printed
            # after it belongs to something else ("… 75/2021/NĐ-CP được sửa đổi … ngày 24/7/2023")
            f.date, f.year = None, f.num_year
        return f

    def _nearest_law_name(self, text: str, start: int):
        """"Luật Đất đai số" right before a number: the law's name from the nearest head
        word back (not from a "Luật …" of an earlier line that the name words reach)."""
        lo = max(0, start - 160)
        heads = [m.start() for m in self._law_head_word.finditer(text, lo, start)]
        for pos in reversed(heads):
            m = self._law_before.match(text, pos, start)
            if m is not None and "\n\n" not in text[pos:start].replace(" ", ""):
                # "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 46/2014/QH13": the
                # number is the amending law's, its name the whole
                outer = _AMENDING_BEFORE.search(text, max(0, pos - 300), pos)
                if outer is not None:
                    om = self._law_before.match(text, outer.start(), start)
                    if om is not None:
                        return om
                return m
        return None

    def _parse(self, m: re.Match, view, word_type) -> _Parsed | None:
        """Take a matched number apart: its code segments, canonical form, type, issuer."""
        g = self.g
        code = self._segments(m, view)
        if code is None:
            return None
        if code.kind in ("state", "admin"):
            t = self._state_code(code, m, view, word_type)
        else:
            t = self._party_code(code, m, view, word_type)
        if t is False:
            return None
        issuer = g.issuer_for(code.issuer_code) if code.issuer_code else None
        doc_type = self._decide_type(t if code.kind != "party" else g.type_by_code.get(code.type_code), word_type,
                                     code.issuer_code, code.kind, code.type_code)
        if code.kind == "state" and issuer is None and word_type is None and code.type_code not in g.type_by_code:
            return None
        return _Parsed(end_offset=code.end - m.start(), fields=dict(
            kind=code.kind,
            number=code.number,
            serial=m.group("serial"),
            num_year=code.year,
            type=doc_type,
            type_name=doc_type.name if doc_type else None,
            issuer_code=code.issuer_code,
            issuer_codes=tuple(code.issuer_codes),
            local=bool(issuer and issuer.local),
            party=code.kind == "party" or bool(issuer and issuer.party),
            footnote=code.footnote,
        ))

    def _segments(self, m: re.Match, view) -> _Code | None:
        """The code's segments as matched and as printed, a footnote digit glued to the
        last one split off."""
        text = view.match
        if m.group("ptype") is not None:
            code = _Code("party", m.group("ptype"), self._code_segments(m.group("pcode")), m.start("pcode"), m.end())
        elif m.group("year") is not None:
            code = _Code("state", None, self._code_segments(m.group("scode")), m.start("scode"), m.end())
        else:
            code = _Code("admin", None, self._code_segments(m.group("acode")), m.start("acode"), m.end())
        # locate each segment in the text to read its printed (cased) form
        pos = code.code_start
        for seg in code.segs:
            i = text.find(seg, pos, code.end)
            code.displays.append(view.clean[i:i + len(seg)])
            code.tight.append(text[pos:i] in ("-", ""))
            pos = i + len(seg)
        stripped, footnote = self._split_footnote(code.segs[-1])
        if footnote:
            code.segs[-1] = stripped
            code.displays[-1] = code.displays[-1][: len(stripped)]
            code.end -= len(footnote)
            code.footnote = footnote
            # an over-long "marker" is not a footnote: 12345 glued to a code is noise
            if len(footnote) > 2:
                return None
        return code

    def _state_code(self, code: _Code, m: re.Match, view, word_type):
        """``56/2024/NĐ-CP``, ``916/QĐ-TTg``, ``80/2015/QH13``, ``4147/UBND-NC``: the type
        the code names (or None), the number and issuer filled in; False: not a citation."""
        g = self.g
        text = view.match
        segs, displays = code.segs, code.displays
        first = segs[0]
        t = g.type_by_code.get(first)
        if t is None and code.kind == "admin" and len(segs) == 1:
            # "15/CTUBND": a type code glued to its issuer
            for type_code in sorted(g.type_by_code, key=len, reverse=True):
                if first.startswith(type_code) and g.issuer_for(first[len(type_code):]):
                    t = g.type_by_code[type_code]
                    segs = [type_code, first[len(type_code):]]
                    displays = [displays[0][: len(type_code)], displays[0][len(type_code):]]
                    break
        if t is not None:
            code.type_code = segs[0]
            issuer_segs, issuer_disp = segs[1:], displays[1:]
            if not issuer_segs and code.kind == "admin":
                return False
        else:
            # no type code: QH13 laws, công văn "4147/UBND-NC", old "414/TCCP-VC"
            iss = g.issuer_for(first)
            if code.kind == "state" and not (iss or word_type):
                return False
            if code.kind == "admin" and not (iss and len(segs) >= 2) and not (word_type and len(segs) >= 2):
                return False
            issuer_segs, issuer_disp = segs, displays
        # cut at the first segment that is neither a known code nor printed as one
        keep = 0
        offset = len(segs) - len(issuer_segs)
        for k, (seg, disp) in enumerate(zip(issuer_segs, issuer_disp)):
            if keep >= 1 and not self._seg_ok(seg, disp, issuer_disp[k - 1], code.tight[offset + k]):
                break
            keep += 1
        if keep < len(issuer_segs):
            code.footnote = None
            cut = issuer_segs[keep]
            end = text.rfind(cut, code.code_start, code.end)
            code.end = len(text[:end].rstrip(" \n-"))
            issuer_segs, issuer_disp = issuer_segs[:keep], issuer_disp[:keep]
        if not issuer_segs and code.type_code is None:
            return False
        code_parts = ([g.canonical_code.get(code.type_code, code.type_code.upper())] if code.type_code else []) + [
            self._canon(s, d) for s, d in zip(issuer_segs, issuer_disp)
        ]
        joined = "-".join(code_parts)
        serial = m.group("serial")
        code.year = int(m.group("year")) if code.kind == "state" else None
        code.number = f"{serial}/{code.year}/{joined}" if code.year else f"{serial}/{joined}"
        code.issuer_code = issuer_segs[0] if issuer_segs else None
        code.issuer_codes = list(issuer_segs)
        return t

    def _party_code(self, code: _Code, m: re.Match, view, word_type):
        """``27-NQ/TW``, ``06-CT/TU``: the type the code names; False: not a citation."""
        g = self.g
        segs, displays = code.segs, code.displays
        t = g.type_by_code.get(code.type_code)
        if t is None and not word_type:
            return False
        if not all(i == 0 or self._seg_ok(s, d, displays[i - 1], code.tight[i])
                   for i, (s, d) in enumerate(zip(segs, displays))):
            segs, displays = segs[:1], displays[:1]
        joined = "-".join(self._canon(s, d) for s, d in zip(segs, displays))
        tdisp = view.clean[m.start("ptype"):m.end("ptype")]
        code.number = f"{m.group('serial')}-{g.canonical_code.get(code.type_code, tdisp.upper())}/{joined}"
        code.year = None
        code.issuer_code = segs[0]
        code.issuer_codes = list(segs)
        return t

    def _decide_type(self, code_type, word_type, issuer_code, kind, type_code):
        g = self.g
        if code_type is not None:
            if word_type is not None and word_type.slug.startswith(code_type.slug):
                return word_type  # "Thông tư liên tịch" with code TT
            return code_type
        if word_type is not None:
            return word_type
        implied = g.type_of_issuer_code(issuer_code)
        if implied is not None:
            return implied
        if kind == "admin":
            return g.untyped_administrative
        return None

    # -- what follows a citation: date, issuer, title ------------------------------

    def describe(self, f: Found, view, at: int | None = None) -> None:
        """Read the date, issuer and title printed right after a citation (at ``at``)."""
        text = view.match
        pos = f.after if at is None else at
        dm = _DATE_AFTER.match(text, pos)
        if dm:
            if dm.group("y"):
                y = int(dm.group("y"))
                day = iso_day(int(dm.group("d")), int(dm.group("m")), y)
                if day:
                    f.date, f.year = day, y
            elif dm.group("y2") and f.kind != "named":
                f.year = int(dm.group("y2"))
            pos = dm.end()
        im = _ISSUER_AFTER.match(text, pos)
        if im:
            who = self._over_line_breaks(view.clean[im.start("who"):im.end("who")])
            stop = _ISSUER_STOP.search(who)
            if stop:
                who = who[: stop.start()]
            listed = self._comma_type.search(who.lower())
            if listed:
                who = who[: listed.start()]  # "của UBND tỉnh, Chỉ thị số 15/CT-UBND ...": the next item
            who = who[:self._known_name_end(who)]
            who = who.strip()
            if 2 <= len(who) <= 90 and len(who.split()) <= 12:
                s = im.start("who")
                f.issuer = " ".join(view.text[s:s + len(who)].split())
                if f.issuer.isupper():
                    f.issuer = self._known_case(f.issuer)
                pos = s + len(who)
                dm2 = _DATE_AFTER.match(text, pos)
                if dm2 and dm2.group("y") and not f.date:
                    y = int(dm2.group("y"))
                    day = iso_day(int(dm2.group("d")), int(dm2.group("m")), y)
                    if day:
                        f.date, f.year = day, y
                        pos = dm2.end()
        tm = _TITLE_AFTER.match(text, pos)
        if tm and f.title is None:
            s, e = tm.start("title"), tm.end("title")
            title = " ".join(view.clean[s:e].split()).strip(" ,")
            if title:
                f.title = title

    def _over_line_breaks(self, who: str) -> str:
        """``who`` up to the first line break that does not split a name: a name goes on
        over a break when the next line goes on in lower case ("Chính \nphủ", "Xã \nhội"),
        when the line ends in a word that needs more ("và", "-"), or when the words on both
        sides are, or begin, a name bodies or issuers go by ("Bộ \nTài chính", "Bộ trưởng
        \nBộ Y tế")."""
        at = 0
        while (nl := who.find("\n", at)) >= 0:
            before, after = who[:nl].rstrip(), who[nl + 1:].lstrip(" \t")
            if not (after[:1].islower() or before.endswith(("-", "–", ",", " và"))
                    or self._name_across(before, after)):
                return who[:nl]
            at = nl + 1
        return who

    def _known_name_end(self, who: str) -> int:
        """Where the words after a name bodies or issuers go by leave it for the sentence:
        "Chính phủ điều chỉnh lương hưu", "Bộ trưởng Bộ Y tế dẫn thực hiện" end at the
        name. A word goes on with the name where it makes a longer known name, names the
        locality ("tỉnh Bến Tre"), or follows a comma, "và" or a dash (the next name of a
        list, or the rest of "Bộ Văn hóa, Thể thao và Du lịch")."""
        tokens = list(re.finditer(r"[^\s,]+", who))
        words = [t.group().lower() for t in tokens]
        open_at: list[int] = []  # where names that may still go on began
        for j, w in enumerate(words):
            if w in ("-", "–", "và", "hoặc", "&"):
                open_at = []
                continue
            joined = j > 0 and ("," in who[tokens[j - 1].end():tokens[j].start()] or words[j - 1] in ("-", "–", "và",
                                                                                                         "hoặc", "&"))
            complete = [i for i in open_at if " ".join(words[i:j]) in self._names]
            if complete and not joined and w not in self._locality_starts and not any(
                    " ".join(words[i:j + 1]) in self._name_starts for i in open_at):
                return tokens[j].start()
            open_at = [i for i in open_at if " ".join(words[i:j + 1]) in self._name_starts]
            if w in self._name_starts:
                open_at.append(j)
        return len(who)

    def _known_case(self, name: str) -> str:
        """A name printed in capitals ("THỦ TƯỚNG CHÍNH PHỦ") written as in running text:
        the names bodies, issuers and provinces go by as they are written, other words in
        lower case."""
        words, out, i = name.split(), [], 0
        while i < len(words):
            for k in range(min(10, len(words) - i), 0, -1):
                known = self._casing.get(" ".join(words[i:i + k]).lower())
                if known:
                    out.append(known)
                    i += k
                    break
            else:
                out.append(words[i].lower())
                i += 1
        text = " ".join(out)
        return text[:1].upper() + text[1:]

    def _name_across(self, before: str, after: str) -> bool:
        tail, head = _name_words(before)[-4:], _name_words(after)[:2]
        if not tail or len(head) < 1:
            return False
        joined = [" ".join(tail[-k:] + head) for k in range(1, len(tail) + 1)]
        # an office ("Bộ trưởng", "Chủ tịch") and the body it heads on the next line
        return any(j in self._name_starts for j in joined) or (
            " ".join(tail[-2:]) in _OFFICES and " ".join(head) in self._name_starts)

    # -- named laws ----------------------------------------------------------------

    @staticmethod
    def _prefix_index(keys):
        prefixes, full = set(), set()
        for key in keys:
            if not key:
                continue
            words = key.split()
            for i in range(1, len(words) + 1):
                prefixes.add(" ".join(words[:i]))
            full.add(key)
        return prefixes, full

    def _unlisted(self, name: str) -> str:
        """An amending law's name without the known laws it lists ("sửa đổi, bổ sung một số
        điều của Luật Đầu tư theo phương thức đối tác công tư, …": "theo" is in a listed
        name), so that what is left can be checked for words no name holds."""
        words = name.lower()
        head = re.match(AMENDING_HEAD, words)
        if head is None:
            return words
        parts = LISTED_LAW_SEP.split(words[head.end():])
        return " ".join(p for p in parts if not self.g.find_law(p))

    def named(self, view, numbered: list[Found]) -> list[Found]:
        """Laws by name with a year or date, then bare names the text or grammar knows."""
        heads = self._law_heads(view.match)
        out, dated_keys, bare_heads = self._dated_names(view, heads, numbered)
        out += self._bare_names(view, bare_heads, numbered, out, dated_keys)
        return out

    def _law_heads(self, text: str) -> list[_Head]:
        """Where "luật", "bộ luật", "hiến pháp" and "pháp lệnh" open a name, in order."""
        found = list(self._law_head.finditer(text))
        # "hiến pháp" and "pháp lệnh" share "pháp": one scan for it finds both (a match is
        # exactly its nine letters, so matches of one head never overlap)
        pos = text.find("pháp")
        while pos >= 0:
            if pos >= 5 and text.startswith("hiến", pos - 5):
                m = self._constitution_head.match(text, pos - 5)
                if m:
                    found.append(m)
            if text.startswith("lệnh", pos + 5):
                m = self._ordinance_head.match(text, pos)
                if m:
                    found.append(m)
            pos = text.find("pháp", pos + 1)
        found.sort(key=lambda m: m.start())
        heads = []
        for m in found:
            start = m.start()
            if start >= 3 and text[start - 3:start - 1] == "bộ" and text[start - 1].isspace() and (
                    start == 3 or not text[start - 4].isalnum()):
                start -= 3  # "bộ luật": a code
            heads.append(_Head(start, m.end()))
        return heads

    def _dated_names(self, view, heads, numbered):
        """Names followed by their year or date ("Luật Đất đai năm 2024"): the citations,
        their keys, and the heads left for bare names."""
        text = view.match
        taken_starts = sorted(f.start for f in numbered)
        out, dated_keys, bare_heads = [], {}, []
        consumed_until = -1
        for h in heads:
            if h.start() < consumed_until:
                continue
            dm = self._law_dated.match(text, h.end())
            if not (dm and (dm.group("y") or dm.group("y2") or dm.group("y3"))):
                bare_heads.append(h)
                continue
            name_end = dm.end(1)
            # the name must not run into a numbered citation or a new sentence
            i = bisect.bisect_left(taken_starts, h.start())
            runs_into = i < len(taken_starts) and taken_starts[i] < name_end
            if runs_into or "\n\n" in text[h.end():name_end]:
                bare_heads.append(h)
                continue
            head = " ".join(view.text[h.start():h.end()].split())
            name = self._dated_name(view, head, h.end(), name_end)
            if name is None:
                bare_heads.append(h)
                continue
            if head.lower() != "hiến pháp" and not name:
                continue
            f = self._dated_found(view, h, dm, head, name)
            dated_keys[self.g.law_key(f.law_name)] = f
            self.describe(f, view)
            out.append(f)
            consumed_until = dm.end()
        return out, dated_keys, bare_heads

    def _dated_name(self, view, head: str, start: int, end: int) -> str | None:
        """The words of a law's name before its year, or None when they are not a name."""
        g = self.g
        name = " ".join(view.clean[start:end].split()).strip(" ,.")
        amending = name.lower().startswith("sửa đổi")
        # only an amending law's name, listing the laws it amends, runs long; in any
        # other a long run of words before a year is a sentence, not a name
        if len(name.split()) > 20 and not amending:
            return None
        if (_NOT_IN_NAME.search(self._unlisted(name) if amending else name.lower())
                and not g.find_law(f"luật {name}")):
            return None
        if name.lower().startswith(("nước cộng hòa", "nước cộng hoà")) and head.lower() == "hiến pháp":
            name = ""
        if head.lower() == "hiến pháp" and name and not name.lower().startswith("nước"):
            return None
        return name

    def _dated_found(self, view, h, dm, head: str, name: str) -> Found:
        g = self.g
        f = Found(start=h.start(), end=dm.end(), kind="named", after=dm.end())
        f.law_name = f"{head[0].upper()}{head[1:]} {name}".strip() if name else head[0].upper() + head[1:]
        if dm.group("y") or dm.group("y3"):
            f.year = int(dm.group("y") or dm.group("y3"))
        else:
            f.year = int(dm.group("y2"))
            f.date = iso_day(int(dm.group("d")), int(dm.group("m")), f.year)
        f.type = g.type_named(head) or g.types["Luật"]
        f.type_name = f.type.name
        f.law = g.find_law(f.law_name)
        return f

    def _bare_names(self, view, bare_heads, numbered, dated, dated_keys) -> list[Found]:
        """Bare names: the longest run of words that names a known or already-dated law."""
        g = self.g
        text = view.match
        doc_prefixes, doc_keys = self._prefix_index(dated_keys)
        numbered_names = {g.law_key(f.law_name): f for f in numbered if f.law_name}
        np_, nk = self._prefix_index(numbered_names)
        prefixes = self._law_prefixes | doc_prefixes | np_
        keys = self._law_keys | doc_keys | nk
        covered = sorted([(f.start, f.end) for f in numbered] + [(f.start, f.end) for f in dated])
        covered_starts = [s for s, _ in covered]
        longest = max((e - s for s, e in covered), default=0)

        def is_covered(pos: int) -> bool:
            i = bisect.bisect_right(covered_starts, pos) - 1
            while i >= 0 and covered_starts[i] >= pos - longest:
                if covered[i][1] > pos:
                    return True
                i -= 1
            return False

        out = []
        for h in bare_heads:
            if is_covered(h.start()) or not view.text[h.start()].isupper():
                continue
            head = " ".join(text[h.start():h.end()].split())
            if head == "hiến pháp":
                # "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;": the Constitution
                # in force, named without its year
                cm = _CONSTITUTION_BARE.match(text, h.end())
                if cm is not None:
                    f = Found(start=h.start(), end=cm.end(1), kind="named", after=cm.end(1), bare=True)
                    f.law_name = "Hiến pháp"
                    f.type, f.type_name = g.types["Hiến pháp"], "Hiến pháp"
                    f.law = g.find_law("Hiến pháp")
                    out.append(f)
                continue
            best = self._longest_name(text, h.end(), prefixes, keys)
            if not best:
                continue
            key, end = best
            f = Found(start=h.start(), end=end, kind="named", after=end, bare=True)
            name = " ".join(view.clean[h.end():end].split()).strip(" ,")
            head_disp = view.text[h.start():h.end()]
            f.law_name = f"{head_disp[0].upper()}{head_disp[1:].lower()} {name}"
            f.type = g.type_named(head) or g.types["Luật"]
            f.type_name = f.type.name
            f.law = g.law_by_key.get(key)
            out.append(f)
        return out

    def _longest_name(self, text: str, pos: int, prefixes, keys):
        """(key, end) of the longest run of words from ``pos`` that is a law's name."""
        acc = ""
        best = None
        for _ in range(16):
            wm = self._word.match(text, pos)
            if not wm:
                break
            word = self.g.abbreviation_for(wm.group(1))
            cand = f"{acc} {word}" if acc else word
            if cand not in prefixes:
                break
            acc = cand
            pos = wm.end()
            if acc in keys:
                best = (acc, pos)
            # a comma inside a name ("Luật Phổ biến, giáo dục pháp luật")
            if text.startswith(",", pos):
                pos += 1
        return best
