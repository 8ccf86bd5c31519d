"""Pass 2: what the document itself is — type, number, date, issuer, province, signer.

Official documents open with a fixed header (Nghị định 30/2020/NĐ-CP on administrative
formatting): the issuing body in capitals, ``Số: 483/KH-UBND``, ``Tiền Giang, ngày 19
tháng 12 năm 2024``, the type in capitals (``KẾ HOẠCH``) and the title (trích yếu); they
close with the signature block (``KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Thành Diệu``).
Real inputs vary:

* drafts leave the number and day blank: ``Số: /KH-UBND``, ``ngày tháng 6 năm 2021``
  (number None, date "2021-06");
* laws and resolutions print ``Luật số: 51/2024/QH15``, ``Nghị quyết số: 25/2022/UBTVQH15``;
* consolidated texts (văn bản hợp nhất) carry their number in the closing
  authentication block (``XÁC THỰC VĂN BẢN HỢP NHẤT``), not at the top;
* news summaries have no header: "Ngày 05 tháng 9 năm 2023, Ủy ban nhân dân tỉnh ban
  hành Kế hoạch số 2888/KH-UBND ..." — the plan announced is the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legalgraph.grammar import NAMED_TYPES, DocType, Grammar, Province
from legalgraph.text.sentences import LOWER, UPPER
from legalgraph.text.view import TextView

_HEADER_END = re.compile(
    r"^[ \t]*(?:Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Điều\s+1\b|Chương\s+I\b|Phần\s+I\b|I\.\s)",
    re.MULTILINE,
)
# Blanks are taken possessively, and "ngày  tháng" has one run of blanks where the day is
# left out: "\s*(d)?\s*", like a run of blanks the place could start with, splits a run
# of spaces every way before failing (quadratic: 2 s for a line of 5,000 spaces).
_HEADER_DATE = re.compile(
    r"(?:^|\n)[ \t]*+(?P<place>[^\n,]{2,50}?)[ \t]*+,[ \t]*ngày\s*(?:(?P<d>\d{1,2})\s*)?tháng\s*(?:(?P<m>\d{1,2})\s*)?năm\s*(?P<y>(?:19|20)\d\d)"
)
# "Hà Nội ngày 11 tháng 4 năm 2025", the comma left out: taken only where the place is
# one the grammar knows (a province or city), so that no sentence of the text is a date line
_HEADER_DATE_NO_COMMA = re.compile(
    r"(?:^|\n)[ \t]*(?P<place>(?:tp\.\s*|thành\s+phố\s+|tỉnh\s+)?[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3}?)[ \t]+"
    r"ngày\s*(?:(?P<d>\d{1,2})\s*)?tháng\s*(?:(?P<m>\d{1,2})\s*)?năm\s*(?P<y>(?:19|20)\d\d)"
)
# a law or a resolution of the National Assembly dates itself where it closes: "Luật này
# được Quốc hội … khóa XV, kỳ họp thứ 8 thông qua ngày 27 tháng 11 năm 2024."
_PASSED_ON = re.compile(
    r"(?:luật|bộ\s+luật|nghị\s+quyết|pháp\s+lệnh|hiến\s+pháp)\s+này\s+(?:đã\s+)?được\s+[^.;]{0,200}?"
    r"thông\s+qua\s+ngày\s*(?P<d>\d{1,2})\s*(?:tháng\s*|/)(?P<m>\d{1,2})\s*(?:năm\s*|/)(?P<y>(?:19|20)\d\d)"
)
_BODY_START = re.compile(r"^[ \t]*(?:[IVX]+\.|Điều\s+1\b|Chương\s+I\b|Phần\s+I\b|1\.\s)", re.MULTILINE)
_BASES_LINE = re.compile(r"^[ \t]*Căn\s+cứ\s", re.MULTILINE)
_DATE_ANY = re.compile(r"ngày\s*(?:(?P<d>\d{1,2})\s*)?tháng\s*(?:(?P<m>\d{1,2})\s*)?năm\s*(?P<y>(?:19|20)\d\d)")
_NEWS_DATE = re.compile(r"\s*ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|/)(?P<m>\d{1,2})\s*(?:năm\s+|/)(?P<y>(?:19|20)\d\d)\s*,")
_GAZETTE_DATE = re.compile(r"CÔNG\s+BÁO\s*/[^\n]*?Ngày\s+(\d{1,2})-(\d{1,2})-(\d{4})")
_VBHN = re.compile(r"XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT")
# the opening formula of a consolidated text: "<Type> số X ngày ..., có hiệu lực kể từ
# ngày ..., được sửa đổi, bổ sung bởi:"
_VBHN_OPENING = re.compile(
    r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+kể\s+từ\s+ngày[^.;]{0,120}?(?:đã\s+)?được\s+sửa\s+đổi,?\s+bổ\s+sung"
    r"(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo|tại)\s*:"
)
_MOTTO = re.compile(r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc")
# Every way on from the line's indentation starts with a capital; saying so up front
# lets the regex engine leave most lines (lower case, digits, "-") at once.
_SIGN_TITLE = re.compile(
    r"\n[ \t]*(?=[A-ZĐ])(?:(?:KT|TM|Q|TL|TUQ)\s*\.\s*)?(?:[A-ZĐ][A-ZĐ.\s]*)?"
    r"(?:CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|THỦ\s+TƯỚNG|CHỦ\s+NHIỆM|GIÁM\s+ĐỐC|THỐNG\s+ĐỐC|"
    r"TỔNG\s+KIỂM\s+TOÁN|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|BÍ\s+THƯ|TRƯỞNG\s+BAN|TỔNG\s+THANH\s+TRA|"
    r"CHÁNH\s+VĂN\s+PHÒNG|TỔNG\s+GIÁM\s+ĐỐC|TỔNG\s+CỤC\s+TRƯỞNG|CỤC\s+TRƯỞNG|PHÓ\s+[A-ZĐ]+)[^\n]*(?=\n|$)",
)
# the words in capitals after the title are taken whole, possessively, and at most 20: a
# name's first word has a lower-case letter, so giving one back never helps, and from every
# title in a run of capitals an unbounded run would be re-read to its end (quadratic)
_SIGN_LINE = re.compile(
    rf"(?:CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|CHỦ\s+NHIỆM|GIÁM\s+ĐỐC|THỐNG\s+ĐỐC|TỔNG\s+KIỂM\s+TOÁN|CHÁNH\s+ÁN|"
    rf"VIỆN\s+TRƯỞNG|BÍ\s+THƯ|TRƯỞNG\s+BAN|TỔNG\s+THANH\s+TRA|CHÁNH\s+VĂN\s+PHÒNG|CỤC\s+TRƯỞNG|PHÓ\s+[{UPPER}]+)"
    rf"(?:[ \t]+[{UPPER}.]+(?=[ \t])){{0,20}}+[ \t]+(?P<name>(?:[{UPPER}][{LOWER}]+[ \t]+){{1,4}}[{UPPER}][{LOWER}]+)"
    r"(?=[ \t]*$|[ \t]+(?:Phụ\s+lục|PHỤ\s+LỤC|DANH\s+MỤC|Mẫu\s+số|MẪU\s+SỐ|Nơi\s+nhận|\|))",
    re.MULTILINE,
)
# a general signs with his rank before his name ("Đại tướng Lương Tam Quang"); a web copy
# marks the signature "(Đã ký)"
_NAME = re.compile(rf"[ \t]*(?:(?:Đại|Thượng|Trung|Thiếu)[ \t]+tướng[ \t]+|Đô[ \t]+đốc[ \t]+)?"
                   rf"((?:[{UPPER}][{LOWER}]+[ \t]+){{1,4}}[{UPPER}][{LOWER}]+)[ \t]*(?:\(\s*Đã\s+ký\s*\))?[ \t]*$")
_SIGNED_LAST_LINE = re.compile(rf"(?:^|\n)[ \t]*((?:[{UPPER}][{LOWER}]+[ \t]+){{1,4}}[{UPPER}][{LOWER}]+)[ \t]*"
                               r"\(\s*Đã\s+ký\s*\)[ \t]*(?:\n|$)")
_NAME_STOP = {"nơi", "lưu", "bộ", "sở", "ủy", "văn", "phòng", "ban", "hội", "các", "công", "cổng", "kế", "căn", "điều"}
# "này" found by its "ày": the regex engine skips ahead to a pattern's first letter, and
# 'n' is one of the commonest letters, 'à' is not; the match starts at the 'à'
_NAY = re.compile(r"ày(?<=này)(?!\w)")


_RULE_RUN = re.compile(r"(?<=\S) ?[-_*=]{3,}(?= |$)|^[-_*=]{3,}(?= )", re.MULTILINE)
_PLACE_DATE = re.compile(
    rf"(?:(?<=\n)|^| )(?=(?P<place>(?:TP\.\s*)?[{UPPER}][{LOWER}]*\.?(?:[ \t]+[{UPPER}][{LOWER}]*){{0,4}})[ \t]*,[ \t]*ngày\s*(?:\d{{1,2}}\s*)?tháng)")
_DATE_END = re.compile(r"ngày\s*(?:\d{1,2}\s*)?tháng\s*(?:\d{1,2}\s*)?năm\s*(?:19|20)\d\d(?= [^\W\d_])")
# caps giving way to ordinary words: the title over, the text begun ("... CẢ NƯỚC Ngày 24 ...")
_CAPS_TO_TEXT = re.compile(rf"(?<=[{UPPER}]{{2}}) (?=[{UPPER}][{LOWER}]+[ \t]+[{LOWER}])")


_LAW_IN_NAME = re.compile(r"((?:của|,|và|;)\s+)luật\s+(?!(?:về|có|liên|khác)\b)(\w)")


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())
_OLD_FORMULA = re.compile(r"^(?:CỦA\s+)?(?:QUỐC\s+HỘI|ỦY\s+BAN\s+THƯỜNG\s+VỤ\s+QUỐC\s+HỘI)[^\n]*?\s+(?:SỐ\s+\S+\s+)?VỀ\s+")


@dataclass
class Identity:
    type: DocType | None = None
    number: str | None = None
    number_found: object | None = None  # the Found of the header number
    issuer_code: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    province: Province | None = None
    local: bool = False
    signer: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    preamble_end: int = 0  # end of the zone (title, preamble) that states what the document does
    bases_end: int = 0  # end of the document's own "Căn cứ …" lines: its first article after them
    consolidated: bool = False
    headerless: bool = False
    place: Province | None = None  # the place in the date line ("Tiền Giang, ngày ...")


def _sentence_case(caps: str) -> str:
    caps = " ".join(caps.split())
    if not caps:
        return caps
    return caps[0] + caps[1:].lower()


@dataclass
class _Header:
    """One document's header being read: the identity so far, where the header ends, and
    its numbered citations in text order."""
    view: object
    ident: Identity
    header_end: int
    numbered: list

    def found_at(self, lo: int, hi: int):
        """The numbered citation that starts between ``lo`` and ``hi``, or runs over ``lo``."""
        for f in self.numbered:
            if lo <= f.start <= hi or (f.start < lo < f.end):
                return f
            if f.start > hi:
                break
        return None


class IdentityReader:
    def __init__(self, grammar: Grammar):
        self.g = grammar
        words = grammar.type_words_re
        self._number_line = re.compile(rf"^[ \t]*(?:(?P<tw>{words})\s+)?số\s*:", re.MULTILINE)
        self._blank_number = re.compile(
            r"[\s.…_]*/\s*(?:(?P<y>\d{4})\s*/\s*)?(?P<code>[a-zđ]+(?:\s*-\s*[a-zđ]+\d{0,2})*)"
        )
        self._type_line = re.compile(rf"^[ \t]*(?P<tw>{words})[ \t]*(?P<rest>[^\n]*)$", re.MULTILINE)
        self._news_issue = re.compile(rf"ban\s+hành\s+(?P<tw>{words})\s+số\s+")
        self._self_ref_before = re.compile(rf"(?<!\w)(?:{words})\s+này$")
        # "Quốc hội ban hành Luật Căn cước." — the name ends before its number or a clause
        self._enacts = re.compile(
            r"(?:Quốc\s+hội|Ủy\s+ban\s+thường\s+vụ\s+Quốc\s+hội)\s+ban\s+hành\s+(Bộ\s+luật|Luật|Pháp\s+lệnh)\s+"
            r"([^\n.;]{2,300}?)(?=\s+số\s+\d|\s+đã\s+được|\s+được|\s+năm\s+\d|\s*[.;]|\s*,?\s*\n|\s*,\s*Chương)")
        # phrase patterns are lower case: the capitals of a type line are written out here
        upper_words = "|".join(r"\s+".join(map(re.escape, w.upper().split()))
                               for w in sorted(grammar.type_by_word, key=len, reverse=True))
        self._header_field = re.compile(
            r" (?=(?:CỘNG\s+HÒA|CỘNG\s+HOÀ)\s+XÃ\s+HỘI|Độc\s+lập\s*-|Kính\s+gửi|V/v\s|Căn\s+cứ\s)"
            rf"|(?:(?<=[{UPPER}\-*_=\s])|(?<=phúc)) (?=(?i:(?:{words})\s+)?[Ss]ố\s*:)"
            rf"|(?<=[{LOWER})]) (?=(?:{upper_words})(?![^\W\d_]))"
        )

    def restore_header(self, view):
        """The view with a flattened header's lines broken again, the same length.

        Texts copied from the web (thuvienphapluat.vn) run the header block together:
        "QUỐC HỘI ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
        --------------- Luật số: 31/2024/QH15 Hà Nội, ngày 18 tháng 01 năm 2024 LUẬT ĐẤT
        ĐAI". Each field of an official header starts a line of its own; a space before
        one becomes a line break and the rules under the headings are blanked, so the
        header reads as printed. Nothing moves: spans stay spans of the text."""
        clean = view.clean
        hm = _HEADER_END.search(clean, 0, 6000)
        end = hm.start() if hm else min(len(clean), 1500)
        head = clean[:end]
        if not _MOTTO.search(head) and "CỘNG HÒA XÃ HỘI" not in head and "CỘNG HOÀ XÃ HỘI" not in head:
            return view  # no official header to restore (a news summary, a sentence)
        breaks = set()
        for pattern in (self._header_field, _CAPS_TO_TEXT):
            breaks.update(m.start() for m in pattern.finditer(head))
        place_end = -1
        for m in _PLACE_DATE.finditer(head):
            if m.start() >= place_end:  # "Hà Nội, ngày": before the place, not inside it
                breaks.add(m.start())
                place_end = m.end("place")
                dm = _DATE_END.search(head, place_end, place_end + 60)
                if dm is not None:
                    breaks.add(dm.end())  # the type line follows the date
        chars = list(head)
        for m in _RULE_RUN.finditer(head):
            for i in range(m.start(), m.end()):
                chars[i] = " "
            if m.end() < len(chars) and chars[m.end()] == " ":
                breaks.add(m.end())
        for i in breaks:
            if chars[i] == " ":
                chars[i] = "\n"
        new_head = "".join(chars)
        if new_head == head:
            return view
        lowered = new_head.lower() if len(new_head.lower()) == len(new_head) else "".join(
            c if len(c.lower()) != 1 else c.lower() for c in new_head)
        return TextView(text=view.text, clean=new_head + clean[end:], match=lowered + view.match[end:])

    def read(self, view, numbered, sentences) -> Identity:
        clean = view.clean
        hm = _HEADER_END.search(clean)
        header_start_of_body = hm.start() if hm else min(len(view.text), 4000)
        r = _Header(view, Identity(), min(max(header_start_of_body, 200), 5000),
                    sorted(numbered, key=lambda f: f.start))
        number_line = self._number(r, sentences)
        self._type(r, numbered)
        self._header_date(r, number_line)
        ident = r.ident
        self._issuer(ident, view, r.header_end, number_line)
        if ident.local and ident.province is None:
            ident.province = ident.place or self._province_in_body(view)
        if ident.province is not None and ident.issuer and ident.issuer in ("UBND", "HĐND"):
            ident.issuer = f"{ident.issuer} {ident.province.kind} {ident.province.name}"
        ident.signer = self._signer(view)
        ident.preamble_end = self._preamble_end(view, ident, header_start_of_body)
        ident.bases_end = self._bases_end(view, ident, header_start_of_body)
        return ident

    def _number(self, r: _Header, sentences):
        """The document's own number (the consolidated text's, the "Số:" line's, or a news
        summary's "ban hành Kế hoạch số …"), and what it tells of its type and issuer.
        Returns the "Số:" line's match, if any."""
        g, ident, clean, match = self.g, r.ident, r.view.clean, r.view.match
        number_line = self._find_number_line(r.view, r.header_end)
        vb = _VBHN.search(clean)
        if vb or "văn bản hợp nhất" in match[:r.header_end] or _VBHN_OPENING.search(match, 0, r.header_end):
            ident.consolidated = True
        if vb is not None:
            area_lo, area_hi = max(0, vb.start() - 500), min(len(match), vb.end() + 300)
            for m in self._number_line.finditer(match, area_lo, area_hi):
                f = r.found_at(m.end(), m.end() + 12)
                if f is not None:
                    ident.number_found = f
                    break
            dm = _DATE_ANY.search(match, vb.end(), min(len(match), vb.end() + 200))
            if dm and dm.group("y"):
                ident.date, ident.year = self._date(dm)
        if ident.number_found is None and number_line is not None:
            self._number_on_its_line(r, number_line)
        if ident.number_found is None and number_line is None and not ident.consolidated:
            # a news summary: "<issuer> ban hành Kế hoạch số 2888/KH-UBND ..."
            text = r.view.text
            first_sentences_end = sentences.around(min(len(text) - 1, 0))[1] if text else 0
            zone_end = max(first_sentences_end, 600)
            nm = self._news_issue.search(match, 0, zone_end)
            if nm:
                f = r.found_at(nm.start(), nm.end() + 2)
                if f is not None:
                    ident.number_found = f
            ident.headerless = True
        f = ident.number_found
        if f is not None:
            ident.number = f.number
            ident.issuer_code = f.issuer_code
            if ident.type is None:
                ident.type = f.type
            ident.local = f.local
        if ident.consolidated:
            ident.type = g.types["Văn bản hợp nhất"]
        return number_line

    def _number_on_its_line(self, r: _Header, number_line) -> None:
        """The number after "Số:", or what a blank draft number ("Số: /KH-UBND") says."""
        g, ident, match = self.g, r.ident, r.view.match
        tw = number_line.group("tw")
        f = r.found_at(number_line.end(), number_line.end() + 14)
        if f is not None and f.start >= number_line.start():
            ident.number_found = f
            if tw:
                word_type = g.type_by_word.get(" ".join(tw.split()))
                if word_type and f.kind == "state" and f.issuer_code and re.match(r"(ubtv)?qh", f.issuer_code):
                    f.type, f.type_name = word_type, word_type.name
            return
        bm = self._blank_number.match(match, number_line.end())
        if bm:
            segs = re.split(r"\s*-\s*", bm.group("code"))
            t = g.type_by_code.get(segs[0])
            if t:
                ident.type = t
                segs = segs[1:]
            if segs:
                ident.issuer_code = segs[0]
        if tw and ident.type is None:
            ident.type = g.type_by_word.get(" ".join(tw.split()))

    def _type(self, r: _Header, numbered) -> None:
        """The type, from the type line when the number does not give it; the title."""
        g, ident, view = self.g, r.ident, r.view
        f = ident.number_found
        type_line = None
        for m in self._type_line.finditer(view.match, 0, r.header_end + 400):
            disp = view.clean[m.start("tw"):m.end("tw")]
            if disp.isupper():
                type_line = m
                if not m.group("rest").strip():
                    break
        if type_line is not None:
            line_type = g.type_by_word.get(" ".join(type_line.group("tw").split()))
            if ident.type is None or (
                line_type and ident.type.name in ("Luật", "Công văn") and line_type.name != ident.type.name
                and not ident.consolidated and f is not None and f.kind != "admin"
            ):
                ident.type = line_type
            self._title(ident, view, type_line, r.header_end)
        if ident.type is None:
            ident.type = self._type_from_self_refs(view)
        if ident.type is None and ident.headerless:
            ident.type = self._headerless_type(view, numbered)

    def _header_date(self, r: _Header, number_line) -> None:
        """The date and place of the header line ("Bến Tre, ngày 10 tháng 4 năm 2025"),
        else a news summary's, else the closing formula's ("… thông qua ngày …"); the year
        from the number or the gazette's page header when no date is found."""
        g, ident, match = self.g, r.ident, r.view.match
        if ident.date is None and not ident.consolidated:
            lo, hi = 0, r.header_end + 300
            if number_line is not None and number_line.start() > r.header_end:
                lo, hi = max(0, number_line.start() - 400), number_line.end() + 400
            dm = _HEADER_DATE.search(match, lo, hi)
            if dm is None:
                dm = next((m for m in _HEADER_DATE_NO_COMMA.finditer(match, lo, hi)
                           if g.province(re.sub(r"^(?:tp\.?|thành phố|tỉnh)\s+", "", m.group("place").strip()))),
                          None)
            if dm:
                ident.date, ident.year = self._date(dm)
                place = r.view.clean[dm.start("place"):dm.end("place")].strip(" *")
                ident.place = g.province(re.sub(r"^(?:tp\.?|thành phố|tỉnh)\s+", "", place.lower()))
            elif ident.headerless:
                nd = _NEWS_DATE.match(match, 0)
                if nd:
                    ident.date, ident.year = self._date(nd)
            if ident.date is None:
                # the first in the text's last part: the closing formula, not a quoted one
                passed = _PASSED_ON.search(match, max(0, len(match) - 20000))
                if passed is not None:
                    ident.date, ident.year = self._date(passed)
        if ident.year is None:
            f = ident.number_found
            if f is not None and f.num_year:
                ident.year = f.num_year
            else:
                gm = _GAZETTE_DATE.search(r.view.text, 0, 400)
                if gm:
                    ident.year = int(gm.group(3))

    def _find_number_line(self, view, header_end):
        """The 'Số: ...' line of the document's own header.

        Usually in the header zone; but PDF conversion sometimes moves the header block
        below the first page's text, so otherwise take the number line beside the first
        national motto ("Độc lập - Tự do - Hạnh phúc"), which every official header has.
        """
        first = self._number_line.search(view.match, 0, header_end + 200)
        if first is not None:
            return first
        motto = _MOTTO.search(view.clean)
        if motto is None:
            return None
        lo, hi = max(0, motto.start() - 600), min(len(view.match), motto.end() + 600)
        best = None
        for m in self._number_line.finditer(view.match, lo, hi):
            if best is None or abs(m.start() - motto.start()) < abs(best.start() - motto.start()):
                best = m
        return best

    @staticmethod
    def _date(dm):
        y = int(dm.group("y"))
        mth = dm.group("m")
        d = dm.group("d")
        if mth and 1 <= int(mth) <= 12:
            if d and 1 <= int(d) <= 31:
                return f"{y:04d}-{int(mth):02d}-{int(d):02d}", y
            return f"{y:04d}-{int(mth):02d}", y
        return f"{y:04d}", y

    def _title(self, ident, view, type_line, header_end):
        clean = view.clean
        rest = type_line.group("rest")
        start = type_line.start("rest") if rest.strip() else type_line.end() + 1
        pos = start
        lines = []
        while pos < len(clean) and len(lines) < 8:
            nl = clean.find("\n", pos)
            nl = len(clean) if nl < 0 else nl
            line = clean[pos:nl]
            if not line.strip():
                if lines:
                    break
                pos = nl + 1
                continue
            if lines and (re.match(r"[ \t]*(?:Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s|Sau\s+khi)", line)
                          or (line.strip().isupper() and not lines[-1].strip().isupper())
                          or (lines[-1].isupper() and not line.strip().isupper())):
                break  # a preamble opener; capitals after ordinary words, or the reverse
            if not lines:
                title_start = pos + len(line) - len(line.lstrip())
            lines.append(line.strip())
            pos = nl + 1
        if lines:
            title = " ".join(" ".join(lines).split())
            ident.title = title
            ident.title_span = (title_start, title_start + len(" ".join(lines)))
            if ident.type is not None and ident.type.name in NAMED_TYPES:
                ident.title = self._law_name(view, ident, title)

    def _law_name(self, view, ident, caps: str) -> str:
        """A law's title is its name, as the law itself writes it: "Quốc hội ban hành Luật
        Căn cước." in the preamble; else the capitals of its title line ("LUẬT ĐẤT ĐAI"),
        without the old header formula "CỦA QUỐC HỘI NƯỚC … SỐ 29/2001/QH10 VỀ"."""
        word = ident.type.name
        name = _OLD_FORMULA.sub("", caps).strip()
        m = self._enacts.search(view.clean, 0, min(len(view.clean), (ident.title_span or (0, 0))[1] + 3000))
        if m and m.group(1).lower() == word.lower() and _letters(m.group(2)) == _letters(name):
            return f"{word} {m.group(2).strip(' ,')}"
        if not name:
            return word
        # the names of the laws an amending law lists keep their capital ("… của Luật Đấu thầu")
        name = _sentence_case(name).replace("việt nam", "Việt Nam")
        name = name[0].lower() + name[1:] if name[:6].lower().startswith(("sửa", "bổ")) else name
        return f"{word} " + _LAW_IN_NAME.sub(lambda x: x.group(1) + "Luật " + x.group(2).upper(), name)

    def _headerless_type(self, view, numbered):
        """The type a news summary is about: the unnumbered type word it keeps using."""
        g = self.g
        cited_types = {f.type.name for f in numbered if f.type}
        counts = {}
        for m in re.finditer(rf"(?<!\w)({g.type_words_re})(?!\s+(?:số|\d))", view.match):
            t = g.type_by_word.get(" ".join(m.group(1).split()))
            if t is None or t.name in cited_types or t.name in ("Luật", "Hiến pháp", "Công văn", "Quy định"):
                continue
            counts[t.name] = counts.get(t.name, 0) + 1
        if not counts:
            return None
        return g.types[max(counts, key=counts.get)]

    def _issuer(self, ident, view, header_end, number_line):
        g = self.g
        clean, match = view.clean, view.match
        iss = g.issuer_for(ident.issuer_code) if ident.issuer_code else None
        if iss is not None:
            ident.local = ident.local or iss.local
        # the capitals above the number: "ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG"
        top = number_line.start() if number_line is not None else 0
        org_lines = []
        for line in clean[:top].splitlines():
            s = line.strip()
            if not s or not s.isupper() or re.match(r"(CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|VĂN BẢN QUY PHẠM|VĂN BẢN PHÁP LUẬT|ĐIỀU ƯỚC)", s):
                continue
            s = re.sub(r"^VĂN BẢN HỢP NHẤT\s*-\s*", "", s)
            if s:
                org_lines.append(s)
        org = " ".join(org_lines[-3:])
        org_l = org.lower()
        province = None
        if org:
            pm = g.province_re.search(org_l)
            if pm:
                province = g.province(pm.group(1))
        if re.search(r"ủy ban nhân dân|uỷ ban nhân dân|ubnd", org_l):
            ident.issuer, ident.local = "UBND", True
        elif re.search(r"hội đồng nhân dân|hđnd", org_l):
            ident.issuer, ident.local = "HĐND", True
        elif re.search(r"tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ", org_l):
            ident.issuer, ident.local = "Tỉnh ủy", True
        elif iss is not None and not iss.local:
            ident.issuer = iss.name
        elif org_lines:
            ident.issuer = _sentence_case(org_lines[-1])
            if province is not None:
                ident.local = True
        elif iss is not None:
            ident.issuer = iss.name
        if province is not None:
            ident.province = province
        if ident.issuer is None and ident.headerless:
            m = re.search(r"(?<!\w)(ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd)\s+(tỉnh|thành\s+phố)", match)
            if m:
                ident.issuer = ("UBND" if "nhân dân" in m.group(1) and "hội" not in m.group(1) or m.group(1) == "ubnd"
                                else "HĐND") + " " + " ".join(m.group(2).split())
                ident.local = True
        if ident.issuer in ("UBND", "HĐND") and ident.province is None:
            ident.issuer = ident.issuer + " tỉnh"

    def _province_in_body(self, view):
        """A local document that never names its province in the header: the one province
        its text names (case as printed, so 'hòa bình' the word is not Hòa Bình)."""
        found = {}
        for m in self.g.province_re.finditer(view.match):
            disp = view.text[m.start():m.end()]
            if not disp[:1].isupper():
                continue
            p = self.g.province(m.group(1))
            if p is not None:
                found[p.name] = p
        if len(found) == 1:
            return next(iter(found.values()))
        return None

    def _signer(self, view):
        text = view.clean
        best = None
        for m in _SIGN_TITLE.finditer(text):
            pos = m.end()
            for _ in range(8):
                nl = text.find("\n", pos + 1)
                if nl < 0:
                    nl = len(text)
                line = text[pos:nl].strip("\n")
                stripped = line.strip()
                pos = nl
                if not stripped or stripped.startswith("(") or not any(c.isalpha() for c in stripped):
                    continue
                if _SIGN_TITLE.match("\n" + line) or stripped.isupper():
                    continue
                nm = _NAME.fullmatch(line)
                if nm and nm.group(1).split()[0].lower() not in _NAME_STOP:
                    best = " ".join(nm.group(1).split())
                    return best
                # a lower-case word in between: not a name; try the next line once
                if len(stripped) > 40:
                    break
        if best is None:
            # "Nguyễn Văn An (Đã ký)": a web copy's signature with its title left out
            signed = _SIGNED_LAST_LINE.search(text, max(0, len(text) - 3000))
            if signed is not None and signed.group(1).split()[0].lower() not in _NAME_STOP:
                best = " ".join(signed.group(1).split())
        return best or self._signer_on_one_line(text)

    @staticmethod
    def _signer_on_one_line(text: str) -> str | None:
        """A signature block run onto one line by a web copy: "KT. BỘ TRƯỞNG THỨ TRƯỞNG Lê
        Minh Ngân", "Epas: 180408 CHỦ TỊCH QUỐC HỘI Vương Đình Huệ" — the capitals of a
        signing title, then a name ending the line (or before an annex's heading)."""
        for m in _SIGN_LINE.finditer(text):
            name = m.group("name").split()
            if name[0].lower() not in _NAME_STOP:
                return " ".join(name)  # the document's own: annexes and forms come after it
        return None

    def _preamble_end(self, view, ident, header_end):
        """Where the part that says what the document does (title, preamble) ends."""
        m = _BODY_START.search(view.clean, header_end)
        if m:
            return m.start()
        return min(len(view.text), header_end + 1500)

    def _bases_end(self, view, ident, header_end):
        """Where the document's own legal bases end: the first article after its first
        "Căn cứ" line. A consolidated text lists the texts it consolidates ("1. Thông tư
        số …") before the bases it reprints, so the preamble's end does not do."""
        end = ident.preamble_end
        first = _BASES_LINE.search(view.clean, header_end, min(len(view.clean), end + 6000))
        if first is None or first.start() < end:
            return end
        m = _BODY_START.search(view.clean, first.end())
        return m.start() if m else min(len(view.text), first.end() + 3000)

    def _type_from_self_refs(self, view):
        """'Thông tư này quy định ...': a text that names itself says what it is."""
        counts = {}
        for s, e in self.self_refs(view):
            word = " ".join(view.match[s:e].split()[:-1])
            t = self.g.type_by_word.get(word)
            if t is not None and t.name != "Công văn":
                counts[t.name] = counts.get(t.name, 0) + 1
        return self.g.types[max(counts, key=counts.get)] if counts else None

    def self_refs(self, view):
        """'Nghị định này', 'Kế hoạch này': the document speaking of itself."""
        out = []
        match = view.match
        for m in _NAY.finditer(match):
            rm = self._self_ref_before.search(match, max(0, m.start() - 1 - 24), m.end())
            if rm:
                out.append((rm.start(), rm.end()))
        return out
