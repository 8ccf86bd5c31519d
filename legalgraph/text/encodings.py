"""Decoding the bytes of plain-text files, and repairing text in legacy Vietnamese font encodings.

Vietnamese documents reach us in five encodings: UTF-8 (with or without a byte-order
mark), UTF-16, Windows-1258, and the two 8-bit *font* encodings that were the norm before
Unicode: TCVN3 (ABC, TCVN 5712:1993 "VN3", fonts .VnTime/.VnTimeH …) and VNI-Windows
(fonts VNI-Times …). The font encodings are not declared anywhere: a file in them is just
bytes in the Latin-1 range that the right font happens to draw as Vietnamese.

``decode_bytes`` decides which one a file is in:

* a byte-order mark is believed (UTF-8, UTF-16, UTF-32);
* NUL bytes mean UTF-16 without a BOM when they sit on every other byte, else binary;
* text that is valid UTF-8 is UTF-8, unless it holds nothing beyond Latin-1 and its
  Latin-1 letters read much better as TCVN3 or VNI (a legacy file someone "converted" to
  UTF-8 byte for byte) -- see ``repair_legacy``;
* otherwise Windows-1258, TCVN3 and VNI are each tried and scored by how many very common
  Vietnamese syllables they produce; the clear winner is taken, and when none reads as
  Vietnamese the file is refused with a message naming what was tried.

``repair_legacy`` does the same for text that is already Unicode but whose characters are
the cp1252 code points of legacy bytes (a DOCX or HTML page typed in a .VnTime or VNI font).

Genuine Unicode is never "converted": any character outside cp1252 (ă, ơ, ư, đ, ạ …)
proves the text is Unicode already, and plain ASCII has nothing to convert. Every problem
is a ``legalgraph.text.read.ReadError``.

The encoders (``encode_tcvn3``, ``encode_vni``, ``encode_cp1258``) exist so tests can make
legacy files from the seeds with the same tables the decoders use.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# --------------------------------------------------------------------------------------
# Tables
#
# Rows are the 12 Vietnamese vowels; columns the six tones in the order: none, huyền
# (grave), sắc (acute), hỏi (hook above), ngã (tilde), nặng (dot below). Upper case is
# derived, so the 134 non-ASCII letters (67 lower, 67 upper, đ/Đ included) come from here.

_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _toned(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


# TCVN3 (ABC): TCVN 5712:1993, the "VN3" subset used by the ABC fonts (.VnTime, .VnArial,
# … and their upper-case twins .VnTimeH …). One byte per letter, all in 0xA1-0xFE; written
# here as the Latin-1 characters of those bytes (what a cp1252/Latin-1 decoder yields).
# VN3 has codes only for lower-case toned letters: upper-case toned letters were typed
# with the lower-case codes in an "H" font, so case is lost in plain text (see
# _restore_tcvn3_case). Checked against the published standard table and the public
# spellings "TiÕng ViÖt" (Tiếng Việt), "B¶o Th¾ng" (Bảo Thắng), "M\xadêng Kh\xad¬ng"
# (Mường Khương).
_TCVN3_ROWS = {
    #        none    huyền   sắc     hỏi     ngã     nặng
    "a": ("a", "\xb5", "\xb8", "\xb6", "\xb7", "\xb9"),
    "ă": ("\xa8", "\xbb", "\xbe", "\xbc", "\xbd", "\xc6"),
    "â": ("\xa9", "\xc7", "\xca", "\xc8", "\xc9", "\xcb"),
    "e": ("e", "\xcc", "\xd0", "\xce", "\xcf", "\xd1"),
    "ê": ("\xaa", "\xd2", "\xd5", "\xd3", "\xd4", "\xd6"),
    "i": ("i", "\xd7", "\xdd", "\xd8", "\xdc", "\xde"),
    "o": ("o", "\xdf", "\xe3", "\xe1", "\xe2", "\xe4"),
    "ô": ("\xab", "\xe5", "\xe8", "\xe6", "\xe7", "\xe9"),
    "ơ": ("\xac", "\xea", "\xed", "\xeb", "\xec", "\xee"),
    "u": ("u", "\xef", "\xf3", "\xf1", "\xf2", "\xf4"),
    "ư": ("\xad", "\xf5", "\xf8", "\xf6", "\xf7", "\xf9"),
    "y": ("y", "\xfa", "\xfd", "\xfb", "\xfc", "\xfe"),
}
# The seven upper-case letters VN3 does have: the untoned ones with their own shape.
_TCVN3_UPPER = {"Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7"}
_TCVN3_D = "\xae"  # đ

# VNI-Windows (VNI Software's fonts VNI-Times, VNI-Helve …): a base ASCII letter followed
# by a "mark" byte that the font draws as the diacritic(s); a few letters (ơ ư đ and most
# i's, ỵ) are single bytes. Upper-case letters use the mark byte 0x20 below the lower-case
# one (the same Latin-1 letter in upper case). Written as Latin-1 characters; checked
# against VNI Software's published table and the public spellings "Tieáng Vieät"
# (Tiếng Việt), "Xin chaøo caùc baïn" (Xin chào các bạn).
_VNI_ROWS = {
    #        none    huyền   sắc     hỏi     ngã     nặng
    "a": ("a", "aø", "aù", "aû", "aõ", "aï"),
    "ă": ("aê", "aè", "aé", "aú", "aü", "aë"),
    "â": ("aâ", "aà", "aá", "aå", "aã", "aä"),
    "e": ("e", "eø", "eù", "eû", "eõ", "eï"),
    "ê": ("eâ", "eà", "eá", "eå", "eã", "eä"),
    "i": ("i", "ì", "í", "æ", "ó", "ò"),
    "o": ("o", "oø", "où", "oû", "oõ", "oï"),
    "ô": ("oâ", "oà", "oá", "oå", "oã", "oä"),
    "ơ": ("ô", "ôø", "ôù", "ôû", "ôõ", "ôï"),
    "u": ("u", "uø", "uù", "uû", "uõ", "uï"),
    "ư": ("ö", "öø", "öù", "öû", "öõ", "öï"),
    "y": ("y", "yø", "yù", "yû", "yõ", "î"),
}
_VNI_D = "ñ"  # đ; Đ is "Ñ"


def _build_tables():
    """Letter -> legacy string (for encoding) and legacy string -> letter (for decoding)."""
    tcvn3_enc: dict[str, str] = {"đ": _TCVN3_D, "Đ": _TCVN3_UPPER["Đ"]}
    vni_enc: dict[str, str] = {"đ": _VNI_D, "Đ": _VNI_D.upper()}
    for vowel in _VOWELS:
        for tone in range(6):
            lower = _toned(vowel, tone)
            upper = lower.upper()
            tcvn3_enc[lower] = _TCVN3_ROWS[vowel][tone]
            # Upper-case toned letters have no VN3 code: the lower-case one stands in.
            tcvn3_enc[upper] = _TCVN3_UPPER.get(upper, _TCVN3_ROWS[vowel][tone].upper()
                                                if tone == 0 else _TCVN3_ROWS[vowel][tone])
            vni_enc[lower] = _VNI_ROWS[vowel][tone]
            vni_enc[upper] = _VNI_ROWS[vowel][tone].upper()
    tcvn3_dec = {code: letter for letter, code in tcvn3_enc.items() if not letter.isascii() and letter.islower()}
    tcvn3_dec.update({code: letter for letter, code in _TCVN3_UPPER.items()})
    vni_dec = {code: letter for letter, code in vni_enc.items() if not code.isascii()}
    return tcvn3_enc, tcvn3_dec, vni_enc, vni_dec


TCVN3_ENCODE, TCVN3_DECODE, VNI_ENCODE, VNI_DECODE = _build_tables()

# Lower-case toned letters: the TCVN3 codes whose case the bytes do not tell.
_TCVN3_CASELESS = frozenset(letter for letter in TCVN3_DECODE.values()
                            if any(c in _TONE_MARKS[1:] for c in unicodedata.normalize("NFD", letter)))

# cp1252 assigns 27 of 0x80-0x9F; the other five bytes come through Latin-1 as C1 controls,
# which is what Windows itself does with them.
_CP1252_C1 = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_C1[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass
_CP1252_CHARS = "".join(_CP1252_C1.values())
# A character cp1252 cannot hold proves text is real Unicode, not legacy bytes dressed as
# Latin-1.
_BEYOND_CP1252 = re.compile("[^\x00-\xff" + re.escape(_CP1252_CHARS) + "]")


def could_be_legacy(text: str) -> bool:
    """Only characters a legacy font's bytes read as Windows-1252 can give: no genuine
    Vietnamese letter, nothing else beyond that code page."""
    return not _BEYOND_CP1252.search(text)

_TCVN3_TRANSLATE = {ord(code): letter for code, letter in TCVN3_DECODE.items()}
_CP1252_TRANSLATE = dict(_CP1252_C1)

_VNI_BASES = "aeouyAEOUYôöÔÖ"
_VNI_MARKS = "".join(sorted({code[1] for code in VNI_DECODE if len(code) == 2}))
_VNI_SINGLES = "".join(sorted(code for code in VNI_DECODE if len(code) == 1))
_VNI_RE = re.compile(f"[{re.escape(_VNI_BASES)}][{re.escape(_VNI_MARKS)}]|[{re.escape(_VNI_SINGLES)}]")
# Marks after an upper-case base are upper case in VNI's table, but a mark typed in the
# other case still means the same letter; the base's case decides.
_VNI_LENIENT = dict(VNI_DECODE)
for _code, _letter in VNI_DECODE.items():
    if len(_code) == 2:
        _VNI_LENIENT.setdefault(_code[0] + _code[1].swapcase(), _letter)


# --------------------------------------------------------------------------------------
# Converters


def tcvn3_to_unicode(text: str, restore_case: bool = True) -> str:
    """Text whose characters are TCVN3 bytes (as cp1252/Latin-1) -> Unicode."""
    out = text.translate(_TCVN3_TRANSLATE)
    return _restore_tcvn3_case(out) if restore_case else out


def vni_to_unicode(text: str) -> str:
    """Text whose characters are VNI-Windows bytes (as cp1252/Latin-1) -> Unicode."""

    def one(m: re.Match) -> str:
        s = m.group()
        letter = _VNI_LENIENT.get(s)
        if letter is not None:
            return letter
        # A base followed by a mark it cannot take (u + circumflex …): keep both as they are,
        # except that the base may itself be a one-byte letter (ơ, ư).
        return VNI_DECODE.get(s[0], s[0]) + s[1:]

    return _VNI_RE.sub(one, text)


def _legacy_chars(data: bytes) -> str:
    """Bytes as the characters a Windows program would show in a Western font."""
    return data.decode("latin-1").translate(_CP1252_TRANSLATE)


def _encode(text: str, table: dict[str, str], name: str) -> bytes:
    out = bytearray()
    legacy_codes = {c for code in table.values() for c in code if not c.isascii()}
    for ch in unicodedata.normalize("NFC", text):
        code = table.get(ch)
        if code is None:
            if ch in legacy_codes:
                raise ValueError(f"{ch!r} has no {name} form (its byte is a Vietnamese letter there)")
            try:
                code = ch.encode("cp1252").decode("latin-1")
            except UnicodeEncodeError:
                raise ValueError(f"{ch!r} cannot be written in {name}") from None
        out += code.encode("latin-1")
    return bytes(out)


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes (upper-case toned letters become their lower-case codes, as in VN3)."""
    return _encode(text, TCVN3_ENCODE, "TCVN3")


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI-Windows bytes."""
    return _encode(text, VNI_ENCODE, "VNI-Windows")


def encode_cp1258(text: str) -> bytes:
    """Unicode -> Windows-1258, tones as combining marks where no precomposed byte exists."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS[1:])
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS[1:]))
        out += (base + tones).encode("cp1258")  # raises for what cp1258 cannot hold at all
    return bytes(out)


# --------------------------------------------------------------------------------------
# Upper case in TCVN3 text
#
# A heuristic, not a decoding: VN3 has no upper-case toned letters, so "KẾ HOẠCH" arrives as
# the codes for "Kế HOạCH". A toned ("caseless") letter is put back in upper case when
#
# * its word is upper case: no lower-case letter, and an upper-case one after the first
#   ("HOạCH", "ủY", "áN"); title case never has one there;
# * its line is upper case: no lower-case letter, and either such a word or at least three
#   words with upper-case initials ("BỘ Y TẾ"), acronyms not counted ("Số: 12/KH-UBND" is
#   no heading, "Y Tý" may be a name);
# * its own letters are upper case and a whitespace-adjacent word is upper case and
#   Vietnamese (a toned letter or ĂÂÊÔƠƯĐ: acronyms have none, so "Bộ GD&ĐT" and "AT Hà"
#   keep their lower case), as in "KẾ HOẠCH Thực hiện";
# * it begins a sentence, a list item ("a) ", "- ", "1. "), or a line after a blank line, a
#   sentence end, a colon or a line without lower-case letters (a heading, a table cell);
# * it is the "Ủy" of "Ủy ban", which begins the name of a body and is written so
#   (2,512 times against 2 for "ủy ban" in the gazette corpus; "ủy quyền" stays, and so
#   does "Tỉnh ủy ban hành", the provincial Party committee promulgating).
#
# What stays wrong: a title-case word that begins with a toned vowel in mid-sentence
# ("châu Á", "Ấn Độ", "Pa Ủ"), and short upper-case words in a mixed line with no
# upper-case Vietnamese neighbour.

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]*_]*\s*$")
_LINE_BLOCK_END = re.compile(r"[.!?…:]['\"”’)\]*_]*\s*$")
_LEADING_MARKUP = re.compile(r"^[\s*_#>\"'“‘(\[]*$")
_LIST_MARKER = re.compile(r"^\s*(?:(?:[-+•–—*]\s*)+|\(?[a-zđ]\d*\)|\(?\d+(?:\.\d+)*[.)]|[IVXLC]+[.)])[\s*_\"“(]*$")
_VIETNAMESE_UPPER = frozenset("ĂÂÊÔƠƯĐ")


@functools.lru_cache(maxsize=65536)
def _case_counts(word: str) -> tuple[int, int, int, bool]:
    """(caseless, upper, lower, an upper-case letter after the first)."""
    caseless = upper = lower = 0
    inner_upper = False
    for i, ch in enumerate(word):
        if ch in _TCVN3_CASELESS:
            caseless += 1
        elif ch.isupper():
            upper += 1
            inner_upper = inner_upper or i > 0
        elif ch.islower():
            lower += 1
    return caseless, upper, lower, inner_upper


def _starts_block(before: str, previous_line: str | None) -> bool:
    """Whether a word preceded by ``before`` on its line begins a sentence or an item."""
    if _LIST_MARKER.match(before):
        return True
    if not _LEADING_MARKUP.match(before):
        return bool(_SENTENCE_END.search(before))
    if previous_line is None or not previous_line.strip():
        return True
    if _LINE_BLOCK_END.search(previous_line):
        return True
    return not any(ch.islower() and ch not in _TCVN3_CASELESS for ch in previous_line)


def _restore_line_case(line: str, previous_line: str | None) -> str:
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(line)]
    counts = [_case_counts(word) for *_, word in spans]
    n = len(spans)
    acronym = [c[0] == 0 and not _plausible_syllable(word.lower()) for (*_, word), c in zip(spans, counts)]
    vietnamese = [c[0] > 0 or (not acronym[i] and any(ch in _VIETNAMESE_UPPER for ch in spans[i][2]))
                  for i, c in enumerate(counts)]
    upper_word = [c[2] == 0 and c[3] for c in counts]
    line_upper = not any(c[2] for c in counts) and (
        any(upper_word[i] and not acronym[i] for i in range(n))
        or sum(1 for i in range(n) if counts[i][1] and not acronym[i]) >= 3)

    def adjacent(i: int, j: int) -> bool:
        return 0 <= j < n and line[spans[min(i, j)][1]:spans[max(i, j)][0]].isspace()

    decided = [c[0] > 0 and (upper_word[i] or line_upper) for i, c in enumerate(counts)]
    # A word made upper case makes its neighbour's case clear in turn ("VỀ DỰ ÁN"); a word
    # of toned letters only ("Ở", "Á") needs such a word on both sides.
    changed = True
    while changed:
        changed = False
        for i, (caseless, upper, lower, _inner) in enumerate(counts):
            if decided[i] or not caseless or lower:
                continue
            sides = [adjacent(i, j) and (decided[j] or upper_word[j]) and vietnamese[j] for j in (i - 1, i + 1)]
            if any(sides) if upper else all(sides):
                decided[i] = changed = True

    pieces = []
    pos = 0
    for i, (start, end, word) in enumerate(spans):
        if not counts[i][0]:
            continue
        new = word
        if decided[i]:
            new = word.upper()
        elif word[0] in _TCVN3_CASELESS and _starts_block(line[:start], previous_line):
            new = word[0].upper() + word[1:]
        if new != word:
            pieces.append(line[pos:start])
            pieces.append(new)
            pos = end
    pieces.append(line[pos:])
    return "".join(pieces)


_UY_BAN = re.compile(r"(?<!\w)ủy(?=\s+ban(?!\w))")
_PARTY_COMMITTEE = re.compile(r"(?:tỉnh|thành|huyện|quận|thị|xã|đảng|khu|đoàn)\s*$", re.IGNORECASE)


def _capitalise_uy_ban(text: str) -> str:
    def one(m: re.Match) -> str:
        return m.group() if _PARTY_COMMITTEE.search(text, max(0, m.start() - 12), m.start()) else "Ủy"

    return _UY_BAN.sub(one, text)


def _restore_tcvn3_case(text: str) -> str:
    if not any(ch in _TCVN3_CASELESS for ch in text):
        return text
    text = _capitalise_uy_ban(text)
    out: list[str] = []
    previous_line = None
    for line in text.splitlines(keepends=True):
        if any(ch in _TCVN3_CASELESS for ch in line):
            out.append(_restore_line_case(line, previous_line))
        else:
            out.append(line)
        previous_line = line
    return "".join(out)


# --------------------------------------------------------------------------------------
# Scoring: how Vietnamese does a candidate decoding read?

# Very frequent syllables of administrative Vietnamese, NFC, lower case. Only the ones with
# non-ASCII letters tell candidates apart (an ASCII word reads the same in every decoding).
_COMMON_SYLLABLES = """
của và các số năm ngày được thực hiện theo quyết định nghị tỉnh ban nhân dân những trong
với người việc có không là cho đã về này đến từ một để tại trên khi phải như đó nhà nước
công tác chính phủ luật điều khoản thông tư hành văn bản quy xã hội kế hoạch tháng thủ
tướng ủy chủ tịch sở bộ vụ cơ quan đơn vị năng lực phát triển quản lý tổ chức đồng thời
cũng còn sẽ hoặc nếu thì mà nhiều phòng huyện thành phố đề án hướng dẫn khai báo cáo kiểm
tra giám sát nội dung yêu cầu mục đích tiếp tục xây dựng bảo đảm cấp pháp chế độ trưởng
phó giao nhiệm liên sự tế kinh giáo dục đào tạo y bệnh viện cường tăng trách thẩm quyền
lĩnh vực ngành địa phương trường hợp cán viên đối tượng giải ký gửi nơi nhận lưu trình
xuất hiệu quả
"""
_COMMON = frozenset(_COMMON_SYLLABLES.split())

_TONE_SET = frozenset(_TONE_MARKS[1:])
# Onset, vowel nucleus (with its glide), final: enough to tell a syllable from mojibake
# ("caùc") and from acronyms and Roman numerals ("UBND", "III").
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|ya|yê"
    r"|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnpt])?"
)


@functools.lru_cache(maxsize=65536)  # words repeat: a document has a few thousand distinct ones
def _plausible_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_SET)
    if tones > 1 or len(word) > 7:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_SET))
    return _SYLLABLE.fullmatch(bare) is not None


def _score(text: str) -> tuple[int, int, int]:
    """(common syllables, plausible syllables, words) among the words with non-ASCII letters."""
    hits = plausible = total = 0
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        total += 1
        lower = word.lower()
        if lower in _COMMON:
            hits += 1
            plausible += 1
        elif _plausible_syllable(lower):
            plausible += 1
    return hits, plausible, total


def _reads_as_vietnamese(score: tuple[int, int, int]) -> bool:
    hits, plausible, total = score
    if total == 0 or plausible < 0.6 * total:
        return False
    return hits >= 2 or (hits >= 1 and hits >= 0.2 * total) or (plausible >= 3 and plausible >= 0.9 * total)


def _best(candidates: dict[str, str]) -> str | None:
    """The candidate that reads clearly best as Vietnamese, or None."""
    scored = sorted(((score[:2], score, name) for name, score in
                     ((name, _score(text)) for name, text in candidates.items())), reverse=True)
    key, score, name = scored[0]
    if not _reads_as_vietnamese(score):
        return None
    if len(scored) > 1 and scored[1][0] == key:
        return None  # a tie: nothing to choose by
    return name


# --------------------------------------------------------------------------------------
# Public entry points

_SAMPLE_CHARS = 200_000
_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}


def _conversion_note(encoding: str) -> str:
    return f"converted from {_NAMES[encoding]} font encoding to Unicode"


def _font_encoding(font: str | None) -> str | None:
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


def repair_legacy(text: str, font: str | None = None) -> tuple[str, str | None]:
    """Convert text whose characters are TCVN3 or VNI bytes to Unicode.

    Returns ``(text, "tcvn3" | "vni")`` when it converted, ``(text, None)`` unchanged when the
    text is not in a legacy encoding: ASCII, genuine Unicode (anything beyond cp1252), and
    Latin-1 text that reads better as it is. ``font``, when a reader knows it (a DOCX run's
    font), settles short texts that cannot be scored: ".Vn…" fonts are TCVN3 (".Vn…H", the
    upper-case fonts, give upper-case text, ASCII included), "VNI…" fonts are VNI. Mixed documents
    (legacy runs beside Unicode ones) should be repaired run by run or paragraph by
    paragraph: a single Unicode-only letter anywhere stops the conversion of the whole.
    """
    if _BEYOND_CP1252.search(text):
        return text, None
    hinted = _font_encoding(font)
    if hinted == "tcvn3" and font.strip().endswith("H"):
        # The ".Vn…H" fonts draw every letter in upper case, whatever was typed.
        return tcvn3_to_unicode(text, restore_case=False).upper(), "tcvn3"
    if text.isascii():
        return text, None
    if hinted == "tcvn3":
        return tcvn3_to_unicode(text), "tcvn3"
    if hinted == "vni":
        return vni_to_unicode(text), "vni"
    sample = text[:_SAMPLE_CHARS]
    best = _best({"": sample, "tcvn3": tcvn3_to_unicode(sample, restore_case=False), "vni": vni_to_unicode(sample)})
    if best == "tcvn3":
        return tcvn3_to_unicode(text), "tcvn3"
    if best == "vni":
        return vni_to_unicode(text), "vni"
    return text, None


# Control characters that never occur in text (tab, line feed, vertical tab, form feed,
# carriage return, and the DOS end-of-file and the escape character do).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 11, 12, 13, 26, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL_BYTES.decode("ascii")) + "]")
_BINARY_SHARE = 0.02
_ASCII_BYTES = bytes(range(0x80))
_CP1252_PUNCTUATION = frozenset(b"\x80\x85\x91\x92\x93\x94\x95\x96\x97\x99\xa0\xb0")
_BINARY = "binary file, not text"


def _mostly_control_bytes(data: bytes) -> bool:
    sample = data[:65536]
    return len(sample.translate(None, _NOT_CONTROL)) > _BINARY_SHARE * len(sample)


def _mostly_control_chars(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL_CHARS.findall(sample)) > _BINARY_SHARE * max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs fall on every other byte, as ASCII in UTF-16 does."""
    sample = data[:8192]
    units = len(sample) // 2
    if units < 2:
        return None
    even = sample[0:units * 2:2].count(0)
    odd = sample[1:units * 2:2].count(0)
    if odd >= 0.3 * units and even <= 0.05 * units:
        return "utf-16-le"
    if even >= 0.3 * units and odd <= 0.05 * units:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path) -> tuple[str, str, list[str]]:
    """The text of a plain-text file: ``(text, encoding, notes)``; see the module's docstring."""
    from legalgraph.text.read import ReadError

    if not data:
        return "", "utf-8", []

    for bom, codec, name in ((b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
                             (b"\xff\xfe", "utf-16-le", "utf-16"), (b"\xfe\xff", "utf-16-be", "utf-16")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as e:
                raise ReadError(path, f"not valid {name.upper()} text despite its byte-order mark "
                                      f"({e.reason} at byte {e.start + len(bom)})") from None
            if _mostly_control_chars(text):
                raise ReadError(path, _BINARY)
            return text, name, []

    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_utf8(data[3:], path, "utf-8-sig", ReadError)

    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is not None and len(data) % 2 == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = None
            if text is not None and not _mostly_control_chars(text):
                order = "little" if codec.endswith("le") else "big"
                return text, "utf-16", [f"UTF-16 ({order}-endian) without a byte-order mark"]
        nuls = data.count(0)
        # a converted PDF leaves the odd NUL where a bullet glyph had no character (seen in
        # the gazette corpus): a few in a long UTF-8 text are stray bytes, not a binary file
        if nuls <= max(8, len(data) // 2000) and not _mostly_control_bytes(data) and is_utf8(data):
            text, name, notes = _decode_utf8(data, path, "utf-8", ReadError)
            return text, name, notes + [f"{nuls} stray NUL byte(s) dropped"]
        raise ReadError(path, _BINARY)
    if _mostly_control_bytes(data):
        raise ReadError(path, _BINARY)
    return _decode_utf8(data, path, "utf-8", ReadError)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_utf8(data: bytes, path, name: str, ReadError) -> tuple[str, str, list[str]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # The common case, kept cheap: ASCII, or Unicode that no legacy text can contain.
        if text.isascii() or _BEYOND_CP1252.search(text):
            return text, name, []
        repaired, legacy = repair_legacy(text)
        if legacy is None:
            return text, name, []
        return repaired, legacy, [_conversion_note(legacy) + " (the file is UTF-8, but its letters are "
                                                            f"{_NAMES[legacy]} codes)"]

    # A UTF-8 file with a stray byte or two: legacy bytes almost never form valid UTF-8
    # sequences, so many good multi-byte characters and few bad bytes mean UTF-8.
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced[:_SAMPLE_CHARS] if ord(ch) > 0x7F and ch != "\ufffd")
    if good >= 10 * bad and bad <= max(1, len(replaced) // 1000):
        note = f"{bad} byte{' that is' if bad == 1 else 's that are'} not UTF-8 replaced by U+FFFD"
        return replaced, name, [note]

    candidates: dict[str, str] = {}
    sample = data[:_SAMPLE_CHARS]
    try:
        candidates["windows-1258"] = unicodedata.normalize("NFC", sample.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    legacy_sample = _legacy_chars(sample)
    candidates["tcvn3"] = legacy_sample.translate(_TCVN3_TRANSLATE)
    candidates["vni"] = vni_to_unicode(legacy_sample)
    best = _best(candidates)
    if best == "windows-1258":
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        return text, "windows-1258", ["decoded as Windows-1258 (the Vietnamese Windows code page)"]
    if best == "tcvn3":
        return tcvn3_to_unicode(_legacy_chars(data)), "tcvn3", [_conversion_note("tcvn3")]
    if best == "vni":
        return vni_to_unicode(_legacy_chars(data)), "vni", [_conversion_note("vni")]
    # English in a Windows code page: nothing outside ASCII but curly quotes, dashes and the
    # like, which every Windows code page puts at the same bytes.
    if set(data.translate(None, _ASCII_BYTES)) <= _CP1252_PUNCTUATION:
        return data.decode("cp1252"), "windows-1252", ["decoded as Windows-1252 (no letters outside ASCII)"]
    raise ReadError(path, "not text in a known encoding (tried UTF-8, UTF-16, Windows-1258, TCVN3 (ABC) and "
                          "VNI-Windows; none reads as Vietnamese)")
