"""Plain-text encodings: detection, the TCVN3 and VNI tables, and what must never be converted.

Legacy files are made from the seeds with the module's own encoders; the seeds' facts must
come back through ``read_file`` (bytes) and through ``repair_legacy`` (text a DOCX or HTML
reader decoded as cp1252).
"""

from __future__ import annotations

import random
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roundtrip import (
    SEED_FILES,
    assert_same_facts,
    assert_spans_point_into,
    extract_text,
    seed_record,
)

from legalgraph.text.encodings import (
    TCVN3_DECODE,
    TCVN3_ENCODE,
    VNI_DECODE,
    VNI_ENCODE,
    decode_bytes,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    repair_legacy,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from legalgraph.text.read import ReadError, normalise, read_file

SEED_NAMES = [p.name for p in SEED_FILES]
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES] + ["đ"]
NON_ASCII = [c for c in LOWER_LETTERS if not c.isascii()]
NON_ASCII = NON_ASCII + [c.upper() for c in NON_ASCII]


def seed_text(name: str) -> str:
    return normalise((SEED_FILES[SEED_NAMES.index(name)]).read_text(encoding="utf-8"))


def legacy_chars(data: bytes) -> str:
    """What a DOCX/HTML reader holds for legacy bytes: their cp1252 characters."""
    return data.decode("cp1252")


def write(tmp_path, data: bytes, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the tables ----------------------------------------------------------------------


def test_the_vietnamese_alphabet_has_134_non_ascii_letters_and_both_tables_cover_them():
    assert len(set(NON_ASCII)) == 134
    for letter in NON_ASCII + [c.upper() for c in LOWER_LETTERS]:
        assert letter in TCVN3_ENCODE and letter in VNI_ENCODE, letter


def test_every_lower_case_letter_round_trips_through_tcvn3():
    for letter in LOWER_LETTERS:
        code = encode_tcvn3(letter)
        assert len(code) == 1, letter
        assert tcvn3_to_unicode(legacy_chars(code), restore_case=False) == letter


def test_every_upper_case_letter_round_trips_through_tcvn3_in_an_upper_case_word():
    # VN3 has codes for the untoned upper-case letters only; toned ones are the lower-case
    # codes, and their case comes back from the word around them.
    for letter in (c.upper() for c in LOWER_LETTERS):
        word = f"H{letter}N"
        assert tcvn3_to_unicode(legacy_chars(encode_tcvn3(word))) == word, letter
    for letter in "ĂÂÊÔƠƯĐ":
        assert tcvn3_to_unicode(legacy_chars(encode_tcvn3(letter))) == letter


def test_every_letter_round_trips_through_vni():
    for letter in LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]:
        assert vni_to_unicode(legacy_chars(encode_vni(letter))) == letter, letter


def test_codes_are_unambiguous():
    # Each TCVN3 code is one lower-case letter or one of the seven upper-case ones; each
    # VNI sequence is one letter.
    assert len(TCVN3_DECODE) == 67 + 7
    assert len(set(TCVN3_DECODE.values())) == len(TCVN3_DECODE)
    assert len(VNI_DECODE) == 134
    assert len(set(VNI_DECODE.values())) == 134
    assert all(0xA1 <= ord(code) <= 0xFE for code in TCVN3_DECODE)


@pytest.mark.parametrize("legacy, unicode", [
    # Spellings found in public converters' documentation, independent of these tables.
    ("TiÕng ViÖt rÊt hay", "Tiếng Việt rất hay"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),
    ("B¸t X¸t", "Bát Xát"),
])
def test_known_tcvn3_spellings(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode
    assert encode_tcvn3(unicode) == legacy.encode("latin-1")


@pytest.mark.parametrize("legacy, unicode", [
    ("Tieáng Vieät raát hay", "Tiếng Việt rất hay"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
])
def test_known_vni_spellings(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode
    assert encode_vni(unicode) == legacy.encode("latin-1")


# --- legacy seeds, as files and as decoded text --------------------------------------


@pytest.mark.parametrize("encoding, encoder, label", [("tcvn3", encode_tcvn3, "TCVN3"), ("vni", encode_vni, "VNI")])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_legacy_seed_is_detected_converted_and_extracts_the_same(tmp_path, name, encoding, encoder, label):
    want = seed_text(name)
    got = read_file(write(tmp_path, encoder(want)))
    assert got.encoding == encoding
    assert any(label in note for note in got.notes)
    # TCVN3 has no upper-case toned letters: case is restored by heuristic, and on the
    # seeds it is exact, as the facts must be
    assert got.text == want
    record = extract_text(got.text, source=name)
    assert_same_facts(record, seed_record(name), name)
    assert_spans_point_into(record, got.text)


@pytest.mark.parametrize("encoding, encoder", [("tcvn3", encode_tcvn3), ("vni", encode_vni)])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_repair_legacy_converts_text_decoded_as_cp1252(name, encoding, encoder):
    want = seed_text(name)
    repaired, found = repair_legacy(legacy_chars(encoder(want)))
    assert found == encoding
    text = normalise(repaired)
    assert text == want
    assert_same_facts(extract_text(text, source=name), seed_record(name), name)


@pytest.mark.parametrize("encoding, encoder", [("tcvn3", encode_tcvn3), ("vni", encode_vni)])
def test_legacy_text_saved_as_utf8_is_converted(tmp_path, encoding, encoder):
    # A legacy file "converted" to UTF-8 byte for byte: UTF-8 Latin-1 letters, TCVN3 meaning.
    want = seed_text(SEED_NAMES[1])
    got = read_file(write(tmp_path, legacy_chars(encoder(want)).encode("utf-8")))
    assert got.encoding == encoding
    assert got.text == want
    assert any("UTF-8" in note for note in got.notes)


def test_tcvn3_upper_case_heuristic():
    def round_trip(text):
        return tcvn3_to_unicode(legacy_chars(encode_tcvn3(text)))

    for text in ("KẾ HOẠCH", "ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE", "BỘ Y TẾ", "KẾ HOẠCH Thực hiện Chỉ thị",
                 "THÔNG TIN VỀ DỰ ÁN (tóm tắt)", "Bộ GD&ĐT", "Số: 12/KH-UBND", "Ủy ban nhân dân tỉnh",
                 "được ủy quyền", "Tỉnh ủy ban hành Chỉ thị", "a) Áp dụng biện pháp", "hết hạn. Ủy quyền"):
        assert round_trip(text) == text
    # What it cannot know: a title-case toned initial in mid-sentence.
    assert round_trip("đô la Úc") == "đô la úc"


def test_font_hint_settles_short_runs():
    # A DOCX run in an ABC font: too short to score, the font says what it is.
    assert repair_legacy("Sè", font=".VnTime") == ("Số", "tcvn3")
    assert repair_legacy("kÕ ho¹ch", font=".VnTimeH") == ("KẾ HOẠCH", "tcvn3")
    assert repair_legacy("Soá", font="VNI-Times") == ("Số", "vni")
    assert repair_legacy("Số", font=".VnTime") == ("Số", None)  # already Unicode


# --- Unicode and Windows-1258 --------------------------------------------------------


@pytest.mark.parametrize("label, data, encoding", [
    ("cp1258", lambda t: encode_cp1258(t), "windows-1258"),
    ("utf-8 BOM", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE BOM", lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16"),
    ("utf-16 BE BOM", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16"),
    ("utf-16 LE", lambda t: t.encode("utf-16-le"), "utf-16"),
    ("utf-16 BE", lambda t: t.encode("utf-16-be"), "utf-16"),
])
@pytest.mark.parametrize("name", [SEED_NAMES[0], SEED_NAMES[3]])
def test_unicode_and_cp1258_round_trip_exactly(tmp_path, name, label, data, encoding):
    want = seed_text(name)
    got = read_file(write(tmp_path, data(want)))
    assert got.encoding == encoding, label
    assert got.text == want, label


def test_cp1258_uses_combining_tones_and_is_reported(tmp_path):
    data = encode_cp1258("Nghị định số 56/2024/NĐ-CP của Chính phủ")
    assert b"\xf2" in data  # the dot below of "ị", a separate combining byte
    got = read_file(write(tmp_path, data))
    assert got.text == "Nghị định số 56/2024/NĐ-CP của Chính phủ"
    assert got.notes and "1258" in got.notes[0]


def test_nfc_and_nfd_give_identical_records(tmp_path):
    for name in (SEED_NAMES[1], SEED_NAMES[3]):
        text = seed_text(name)
        nfd = unicodedata.normalize("NFD", text)
        assert nfd != text
        a = read_file(write(tmp_path, text.encode("utf-8"), "nfc.txt"))
        b = read_file(write(tmp_path, nfd.encode("utf-8"), "nfd.txt"))
        assert a.text == b.text
        assert a.encoding == b.encoding == "utf-8" and not b.notes
        assert extract_text(a.text, source=name) == extract_text(b.text, source=name)


# --- what must not be converted ------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_genuine_utf8_vietnamese_is_never_converted(name):
    raw = SEED_FILES[SEED_NAMES.index(name)].read_bytes()
    text, encoding, notes = decode_bytes(raw, name)
    assert (text, encoding, notes) == (raw.decode("utf-8"), "utf-8", [])
    assert repair_legacy(text) == (text, None)
    assert repair_legacy(unicodedata.normalize("NFD", text))[1] is None


@pytest.mark.parametrize("text", [
    "Plain ASCII text, nothing to see.\nSecond line.",
    "The Minister shall implement this Decree — “effective” from 1 July… © 2024",
    "Tôi là ai. Xin chào. Có thể là như vậy, cho nên tôi đi.",  # Latin-1 Vietnamese letters only
    "Le présent décret entre en vigueur à compter de sa publication. Fait à Paris, le 3 août.",
    "Die Verordnung tritt am Tag nach ihrer Verkündung in Kraft. Änderungen, Größe, Übersicht.",
    "Cong hoa xa hoi chu nghia Viet Nam. Doc lap - Tu do - Hanh phuc",
])
def test_english_ascii_and_other_latin_text_is_never_converted(text):
    assert repair_legacy(text) == (text, None)
    assert decode_bytes(text.encode("utf-8"), "x") == (text, "utf-8", [])


def test_english_in_a_windows_code_page_is_read_without_conversion():
    text = "He said “hello” – and left… at 30°."
    assert decode_bytes(text.encode("cp1252"), "x") == (text, "windows-1252",
                                                        ["decoded as Windows-1252 (no letters outside ASCII)"])


def test_non_vietnamese_legacy_bytes_are_refused_naming_what_was_tried():
    data = "Le présent décret entre en vigueur à compter de sa publication. Fait à Paris.".encode("cp1252")
    with pytest.raises(ReadError) as e:
        decode_bytes(data, "fr.txt")
    assert "Windows-1258" in e.value.problem and "TCVN3" in e.value.problem and "VNI" in e.value.problem
    assert "\n" not in str(e.value)


def test_a_stray_byte_in_utf8_is_replaced_with_a_note():
    raw = SEED_FILES[1].read_bytes()
    data = raw[:500] + b"\x92" + raw[500:]
    text, encoding, notes = decode_bytes(data, "x")
    assert encoding == "utf-8" and "\ufffd" in text and "replaced" in notes[0]


# --- binary and arbitrary bytes ------------------------------------------------------


def test_random_binary_is_refused_as_binary():
    rng = random.Random(20240518)
    for size in (64, 4096, 100_000):
        data = bytes(rng.randrange(256) for _ in range(size))
        with pytest.raises(ReadError, match="binary"):
            decode_bytes(data, "blob.txt")
    with pytest.raises(ReadError, match="binary"):
        decode_bytes(b"\x00\x01\x02PK\x03\x04" * 100, "zip.txt")
    without_nul = bytes(rng.randrange(1, 256) for _ in range(5000))
    with pytest.raises(ReadError, match="binary"):
        decode_bytes(without_nul, "noise.txt")


def test_read_file_reports_binary(tmp_path):
    with pytest.raises(ReadError, match="binary file, not text"):
        read_file(write(tmp_path, bytes(range(256)) * 8))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from([b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"a ", b"\n", b"\xe1\xbb\x87",
                              b"\xd5", b"\xb8", b"e\xe1", b"o\xf9", b"\x01", b"\xc3", b"\x80", b"\xf2"]),
             max_size=300).map(b"".join),
))
def test_any_bytes_give_text_or_a_read_error(data):
    try:
        text, encoding, notes = decode_bytes(data, "any.txt")
    except ReadError as e:
        assert e.problem and "\n" not in e.problem
    else:
        assert isinstance(text, str) and isinstance(encoding, str) and isinstance(notes, list)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_repair_legacy_on_any_text_returns_text(text):
    repaired, found = repair_legacy(text)
    assert isinstance(repaired, str) and found in (None, "tcvn3", "vni")
    if found is None:
        assert repaired == text


def test_detection_is_fast_on_large_utf8():
    data = SEED_FILES[3].read_bytes() * 45  # about 1 MB
    assert len(data) > 1_000_000
    start = time.perf_counter()
    encoding = decode_bytes(data, "big.txt")[1]
    assert encoding == "utf-8"
    assert time.perf_counter() - start < 0.25
