"""Property tests: a valid number, rendered any way a real document prints it, is found again.

A number is drawn in one of the three shapes Vietnamese numbering takes (state
``56/2024/NĐ-CP``, administrative ``916/QĐ-TTg``, party ``27-NQ/TW``) and rendered with
or without a type word before it, with spaces and line breaks around its ``/`` and ``-``,
in upper, lower or title case, with or without a footnote digit glued to it, inside
random filler. The extractor must return it with its normalised number, its type, and a
mention whose span ends where the printed number ends.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from legalgraph import extract_text
from legalgraph.ids import number_key

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TYPE_NAME = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "CTr": "Chương trình",
}

STATE_TYPES = ["NĐ", "TT", "QĐ", "NQ"]
STATE_ISSUERS = ["CP", "BTC", "BNV", "UBND", "TTg", "BYT", "BTP", "BCA", "HĐND", "NHNN"]
ADMIN_CODES = [("QĐ", "TTg"), ("KH", "UBND"), ("QĐ", "UBND"), ("CT", "UBND"), ("CT", "TTg"), ("KH", "BNV"),
               ("QĐ", "BTC")]
PARTY_CODES = [("NQ", "TW"), ("CT", "TU"), ("KL", "TW"), ("KH", "TU"), ("CTr", "TU"), ("CT", "TW")]

# filler: ordinary words of administrative prose, no digits, no words that name a type or
# announce the document itself ("số", "ban hành", "này"), so that what surrounds the
# number cannot change what it is
FILLER_WORDS = [
    "các", "cơ quan", "đơn vị", "tổ chức", "thực hiện", "triển khai", "nghiêm túc", "hiệu quả",
    "tuyên truyền", "phổ biến", "giáo dục", "nhân dân", "cán bộ", "công chức", "địa phương", "trên",
    "địa bàn", "tỉnh", "huyện", "xã", "theo", "và", "của", "về", "việc", "bảo đảm", "kịp thời", "đầy đủ",
    "nội dung", "nhiệm vụ", "trọng tâm", "Ủy ban nhân dân", "Sở Tư pháp", "Chính phủ", "tiếp tục",
    "tăng cường", "công tác", "quản lý", "nhà nước", "đề nghị", "yêu cầu", "phối hợp", "chỉ đạo",
    "hướng tới", "người dân", "doanh nghiệp", "trách nhiệm", "đồng thời", "ngành", "sở",
]
PUNCT_AFTER = ["", ",", ";", ".", ":", ")"]
SEPARATOR_PADS = ["", "", "", " ", "  ", "\n", " \n", "\n ", "\u00a0"]
# PDF and word-processor text prints the hyphen of a number as any of these
DASHES = ["-", "-", "-", "–", "‐"]


@dataclass
class Drawn:
    kind: str
    serial: str
    year: int | None
    tcode: str
    icode: str

    @property
    def number(self) -> str:
        if self.kind == "state":
            return f"{self.serial}/{self.year}/{self.tcode}-{self.icode}"
        if self.kind == "admin":
            return f"{self.serial}/{self.tcode}-{self.icode}"
        return f"{self.serial}-{self.tcode}/{self.icode}"

    @property
    def type_name(self) -> str:
        return TYPE_NAME[self.tcode]


serials = st.builds(
    lambda n, pad: str(n).zfill(pad),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from([1, 1, 1, 2, 3]),
)


@st.composite
def numbers(draw) -> Drawn:
    kind = draw(st.sampled_from(["state", "admin", "party"]))
    serial = draw(serials)
    if kind == "state":
        return Drawn(kind, serial, draw(st.integers(1990, 2030)), draw(st.sampled_from(STATE_TYPES)),
                      draw(st.sampled_from(STATE_ISSUERS)))
    tcode, icode = draw(st.sampled_from(ADMIN_CODES if kind == "admin" else PARTY_CODES))
    return Drawn(kind, serial, None, tcode, icode)


def render_number(draw, d: Drawn, line_start: bool) -> str:
    """The printed number with random spaces and line breaks around its separators.

    A serial that opens a line is not followed by a line break: a line holding nothing
    but "916" is a stand-alone page number, which the text view blanks by design.
    """
    first = [True]

    def sep(ch):
        if ch == "-":
            ch = draw(st.sampled_from(DASHES))
        left = SEPARATOR_PADS
        if first[0] and line_start:
            left = [p for p in SEPARATOR_PADS if "\n" not in p]
        first[0] = False
        return draw(st.sampled_from(left)) + ch + draw(st.sampled_from(SEPARATOR_PADS))

    if d.kind == "state":
        return f"{d.serial}{sep('/')}{d.year}{sep('/')}{d.tcode}{sep('-')}{d.icode}"
    if d.kind == "admin":
        return f"{d.serial}{sep('/')}{d.tcode}{sep('-')}{d.icode}"
    return f"{d.serial}{sep('-')}{d.tcode}{sep('/')}{d.icode}"


def filler(draw, min_size=0, max_size=8) -> str:
    words = draw(st.lists(st.sampled_from(FILLER_WORDS), min_size=min_size, max_size=max_size))
    out = []
    for w in words:
        out.append(w + draw(st.sampled_from(["", "", "", ","])))
    return " ".join(out)


CASES = {
    "as is": lambda s: s,
    "upper": str.upper,
    "lower": str.lower,
    "title": str.title,
}


@dataclass
class Rendered:
    drawn: Drawn
    text: str
    num_start: int  # where the printed number starts in text
    num_end: int  # where it ends (before any footnote digit)
    footnote: str | None
    case: str


@st.composite
def rendered(draw) -> Rendered:
    d = draw(numbers())
    before = filler(draw)
    # "Quyết định số: 1/QĐ-TTg" opening a line is a header: the document's own number
    word = draw(st.sampled_from([None, "plain", "so", "so:"] if before else [None, "plain", "so"]))
    if word is None:
        lead = ""
    else:
        tw = TYPE_NAME[d.tcode]
        gap = draw(st.sampled_from([" ", " ", " ", "\n", "\u00a0"]))
        lead = tw + {"plain": gap, "so": " số" + gap, "so:": " số:" + gap}[word]
    footnote = draw(st.one_of(st.none(), st.integers(1, 9).map(str)))
    after = filler(draw)
    punct = draw(st.sampled_from(PUNCT_AFTER))
    opener = draw(st.sampled_from(["", "("])) if lead == "" else ""
    head = (before + " " if before else "") + opener + lead
    printed = render_number(draw, d, line_start=head == "" or head.endswith("\n"))
    tail = punct + (" " + after if after else "") + draw(st.sampled_from(["", ".", "\n"]))
    text = head + printed + (footnote or "") + tail
    case = draw(st.sampled_from(list(CASES)))
    text = CASES[case](text)
    # the case functions keep Vietnamese text the same length; spans stay put
    assume(unicodedata.is_normalized("NFC", text))
    start = len(head)
    return Rendered(d, text, start, start + len(printed), footnote, case)


def _found(r: Rendered):
    res = extract_text(r.text, source="prop.txt")
    key = number_key(r.drawn.number)
    hits = [c for c in res.citations if c.number and number_key(c.number) == key]
    return res, hits


@SETTINGS
@given(rendered())
def test_rendered_number_is_found_again(r: Rendered):
    res, hits = _found(r)
    assert hits, (r.text, [(c.number, [m.text for m in c.mentions]) for c in res.citations])
    assert len(hits) == 1, [(c.id, c.number, c.year) for c in hits]
    c = hits[0]
    # the printed number, normalised: same key, and canonical type/issuer codes restored
    # (serial as printed; codes in their canonical case whatever the case of the text)
    assert c.number == r.drawn.number, (r.text, c.number)
    assert c.type == r.drawn.type_name, (r.text, c.type)
    if r.drawn.kind == "state":
        assert c.year == r.drawn.year
    for m in c.mentions:
        assert r.text[m.start:m.end] == m.text


@SETTINGS
@given(rendered())
def test_mention_span_covers_the_rendered_number(r: Rendered):
    res, hits = _found(r)
    assert hits, r.text
    mentions = [m for c in hits for m in c.mentions]
    covering = [m for m in mentions if m.start <= r.num_start and r.num_end <= m.end]
    assert len(covering) == 1, (r.text, r.num_start, r.num_end, [(m.start, m.end, m.text) for m in mentions])
    m = covering[0]
    # it ends exactly where the number ends: the footnote digit is not part of it
    assert m.end == r.num_end, (r.text, m.text)
    assert m.footnote == r.footnote, (r.text, m.footnote)
    # a type word printed before the number starts the mention
    assert r.text[m.start:m.end] == m.text
    assert m.start <= r.num_start


@SETTINGS
@given(st.lists(rendered(), min_size=2, max_size=4))
def test_several_numbers_in_one_text_are_all_found(items):
    # distinct numbers only: one number printed twice without a date is one citation
    keys = [number_key(i.drawn.number) for i in items]
    assume(len(set(keys)) == len(keys))
    text = ""
    spans = []
    for i in items:
        base = len(text)
        text += i.text.rstrip("\n") + " "
        spans.append((base + i.num_start, base + i.num_end, i))
    res = extract_text(text)
    by_key = {number_key(c.number): c for c in res.citations if c.number}
    for s, e, i in spans:
        c = by_key.get(number_key(i.drawn.number))
        assert c is not None, (text, i.drawn.number, sorted(by_key))
        assert any(m.start <= s and m.end == e for m in c.mentions), (text, i.drawn.number)


# -- text without numbers ------------------------------------------------------------------

NO_DIGIT_WORDS = FILLER_WORDS + [
    "số", "Số", "số:", "ngày", "tháng", "năm", "Nghị định", "Quyết định", "Thông tư", "Kế hoạch", "Chỉ thị",
    "Nghị quyết", "Kết luận", "Chương trình", "Công văn", "Tờ trình", "này", "ban hành", "QĐ", "NĐ-CP", "TTg",
    "UBND", "KH", "TW", "TU", "CP", "/", "-", "—", "(", ")", ":", ";", ",", ".", "\n", "\n\n", "Mẫu", "PLI",
    "CÔNG BÁO", "Điều", "khoản", "điểm", "của", "căn cứ", "Căn cứ", "sửa đổi", "bổ sung", "thay thế",
]

LAW_WORDS = ["Luật", "luật", "luật sư", "Luật sư", "pháp luật", "Hiến pháp", "hiến pháp", "Bộ luật", "Pháp lệnh",
             "Đoàn Luật sư", "Hội Luật gia", "Tổ chức", "Chính phủ", "Đất đai", "Ban hành", "văn bản", "QPPL"]

LAW_TYPES = {"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"}


def _join(words, seps):
    out = []
    for w, s in zip(words, seps):
        out.append(w)
        out.append(s)
    return "".join(out)


@st.composite
def digitless(draw, vocab):
    words = draw(st.lists(st.sampled_from(vocab), min_size=0, max_size=40))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "", "\n", "/", "-"]), min_size=len(words),
                         max_size=len(words)))
    text = _join(words, seps)
    return CASES[draw(st.sampled_from(list(CASES)))](text)


@SETTINGS
@given(digitless(NO_DIGIT_WORDS))
def test_text_without_digits_or_law_names_has_no_citation(text):
    assert not any(ch.isdigit() for ch in text)
    res = extract_text(text)
    assert res.citations == [], (text, [(c.number, c.type, [m.text for m in c.mentions]) for c in res.citations])


@SETTINGS
@given(digitless(NO_DIGIT_WORDS + LAW_WORDS))
def test_text_without_digits_cites_at_most_laws_by_name(text):
    """Without digits the only possible citations are laws named by a well-known name."""
    res = extract_text(text)
    for c in res.citations:
        assert c.type in LAW_TYPES, (text, c.type, c.number)
        for m in c.mentions:
            assert not any(ch.isdigit() for ch in m.text)
            assert text[m.start:m.end] == m.text


# -- never raises -----------------------------------------------------------------------------


def _check_invariants(text, res):
    nfc = unicodedata.normalize("NFC", text)
    ids = [c.id for c in res.citations]
    assert len(ids) == len(set(ids))
    assert res.document.id not in ids
    for c in res.citations:
        for m in c.mentions:
            assert 0 <= m.start <= m.end <= len(nfc)
            assert nfc[m.start:m.end] == m.text


@SETTINGS
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text):
    res = extract_text(text)
    _check_invariants(text, res)


LEGALISH = st.lists(
    st.sampled_from(list("0123456789/-–.,;:() \n\tNĐQTCPKHUBWLđnqtckhubwlSốsốngàytháguậtđịnhệ")
                    + ["số ", "ngày ", "năm ", "Nghị định ", "Quyết định ", "Luật ", "Hiến pháp ",
                       "CÔNG BÁO/", "QĐ-TTg", "NĐ-CP", "-NQ/TW", "/KH-UBND", "QH13", "2024", "\n\n"]),
    max_size=150,
).map("".join)


@SETTINGS
@given(LEGALISH)
def test_never_raises_on_citation_like_noise(text):
    res = extract_text(text)
    _check_invariants(text, res)


def _spans(matches):
    return [(m.start(), m.end(), m.groupdict()) for m in matches]


@SETTINGS
@given(st.one_of(LEGALISH, st.text(alphabet="0123456789/-. \n\t²٣_,aqđNĐ", max_size=60)))
def test_numbers_found_from_slashes_are_those_finditer_finds(text):
    """numbered_matches starts the regex only where a '/' allows a number: it must find
    exactly what NUMBERED.finditer finds (Unicode digits and spaces included)."""
    from legalgraph.extract.citations import NUMBERED, numbered_matches

    lowered = text.lower()
    assert _spans(numbered_matches(lowered)) == _spans(NUMBERED.finditer(lowered))


@SETTINGS
@given(st.lists(st.sampled_from([" ", "\n", ":", "số", " số", "Nghị", " định", "nghị định", "thông tư", " liên tịch",
                                 "luật", "bộ ", "x", "Quyết", "báo cáo", ",", " thẩm tra", "y" * 20, "1"]),
                max_size=30).map("".join))
def test_type_word_read_backwards_is_the_forward_search(text):
    """_type_word_before matches the reversed window; it must agree with the forward
    search of _type_before at every position."""
    from legalgraph.extract.pipeline import extractor

    finder = extractor().finder

    class View:
        match = text.lower()

    for start in range(len(text) + 1):
        lo = max(0, start - 60)
        m = finder._type_before.search(View.match, lo, start)
        expected = (finder.g.type_by_word.get(" ".join(m.group(1).split())), m.start()) if m else (None, None)
        assert finder._type_word_before(View, start) == expected
