"""Publisher's notes (data/grammar/notes.toml, legalgraph/extract/editor_notes.py): every
example of the grammar, read inside a real decree's frame; the rules that keep a note
apart from the document's own words; and where a note stands (the outline)."""

from __future__ import annotations

import re

import pytest

from legalgraph import extract_text
from legalgraph.extract.outline import Outline
from legalgraph.grammar import load_grammar

RAW = load_grammar().raw["notes"]

# a decree of 2010, its article 3 with two clauses; the note stands at the end of clause 2
FRAME = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 01/2010/NĐ-CP
Hà Nội, ngày 05 tháng 01 năm 2010
NGHỊ ĐỊNH
QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT THỬ NGHIỆM
Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;
Chính phủ ban hành Nghị định quy định chi tiết.
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết.
Điều 3. Quy định chung
1. Nội dung thứ nhất của điều này.
2. Nội dung thứ hai của điều này. [{note}]
Điều 4. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày ký.
"""


def _label(r, ident):
    if ident == r.document.id:
        return "SELF"
    c = next(c for c in r.citations if c.id == ident)
    return c.number or c.title


def _examples():
    for group in RAW["verb"] + RAW.get("active", []):
        for ex in group["examples"]:
            yield pytest.param(ex, id=ex[0][:40])


@pytest.mark.parametrize("example", list(_examples()))
def test_note_examples(example):
    note, source, relation, target, of, by = example
    r = extract_text(FRAME.format(note=note), bodies=False)
    source = re.sub(r"\s+(?:19|20)\d\d$", "", source)  # a law by short title: its name, the year apart
    found = [x for x in r.relations if x.via == "note"]
    assert [(_label(r, x.source), x.type, _label(r, x.target)) for x in found] == [(source, relation, target)], \
        [(x.source, x.type, x.target) for x in r.relations]
    p = found[0].provisions[0]
    assert (p.of or "", p.by or "") == (of, by)
    assert r.document.number == "01/2010/NĐ-CP"


def test_nested_example_relates_the_two_other_instruments():
    for ex in RAW["nested_example"]:
        r = extract_text(FRAME.format(note=ex["note"]), bodies=False)
        got = {(_label(r, x.source), x.type, _label(r, x.target)) for x in r.relations if x.via == "note"}
        assert got == {tuple(t) for t in ex["relations"]}


def test_a_note_is_not_the_documents_own_words():
    note = ("Khoản này được sửa đổi bởi Khoản 1 Điều 1 Nghị định 226/2025/NĐ-CP có hiệu lực từ ngày 15/08/2025 "
            "(VB hết hiệu lực: 01/03/2027)")
    r = extract_text(FRAME.format(note=note), bodies=False)
    cited = next(c for c in r.citations if c.number == "226/2025/NĐ-CP")
    assert all(m.note for m in cited.mentions)
    # the document neither cites nor changes what only the publisher names
    assert not [x for x in r.relations if x.source == r.document.id and x.target == cited.id]
    (rel,) = [x for x in r.relations if x.target == r.document.id]
    assert rel.to_dict()["via"] == "note"
    p = rel.to_dict()["provisions"][0]
    assert p == {"of": "Khoản 2 Điều 3", "by": "Khoản 1 Điều 1", "effective": "2025-08-15", "lapsed": "2027-03-01",
                 "cue": "được sửa đổi bởi", "start": p["start"], "end": p["end"]}
    text = FRAME.format(note=note)
    assert text[p["start"]:p["end"]].startswith("Khoản này được sửa đổi bởi")
    assert "[" not in (r.document.title or "") and "226" not in (r.document.title or "")


def test_notes_in_the_title_stay_out_of_it():
    """TVPL puts notes inside the title line: 'LUẬT [Xử phạt … được hướng dẫn bởi …] CĂN CƯỚC'."""
    text = ("Luật Căn cước 2023\nQUỐC HỘI ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
            "--------------- Luật số:\n26/2023/QH15\nHà Nội, ngày 27 tháng 11 năm 2023 LUẬT [Xử phạt hành chính "
            "vi phạm quy định về căn cước được hướng dẫn bởi Điều 11, Điều 27 Nghị định 282/2025/NĐ-CP có hiệu lực "
            "từ ngày 15/12/2025] CĂN CƯỚC\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
            "Quốc hội ban hành Luật Căn cước.\nChương I NHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
            "Luật này quy định về căn cước.\n")
    r = extract_text(text, bodies=False)
    d = r.document
    assert (d.type, d.number, d.date, d.issuer, d.title) == ("Luật", "26/2023/QH15", "2023-11-27", "Quốc hội",
                                                          "Luật Căn cước")
    assert "/akn/vn/luat/2023/~can-cuoc" in d.names
    # the first line names the document itself: no self-citation
    assert all(c.title != "Luật Căn cước" for c in r.citations)
    (rel,) = [x for x in r.relations if x.via == "note"]
    assert (_label(r, rel.source), rel.type, rel.provisions[0].of, rel.provisions[0].by) == (
        "282/2025/NĐ-CP", "DETAILS", None, "Điều 11, Điều 27")


def test_several_notes_in_one_bracket():
    note = ("Điều này được hướng dẫn bởi Chương II Nghị định 70/2024/NĐ-CP có hiệu lực từ ngày 01/07/2024 "
            "Biểu mẫu sử dụng trong thu thập thông tin được hướng dẫn bởi Điều 9 Thông tư 17/2024/TT-BCA "
            "có hiệu lực từ ngày 01/07/2024")
    r = extract_text(FRAME.format(note=note), bodies=False)
    got = {(_label(r, x.source), x.type, x.provisions[0].of, x.provisions[0].by) for x in r.relations
           if x.via == "note"}
    assert got == {("70/2024/NĐ-CP", "DETAILS", "Điều 3", "Chương II"),
                   ("17/2024/TT-BCA", "DETAILS", "Khoản 2 Điều 3", "Điều 9")}


def test_site_scaffolding_is_blanked_and_brackets_of_the_text_stay():
    text = FRAME.format(note="JavaScript: LS_Tip_Type_Bookmark").replace(
        "Nội dung thứ nhất", "Chất [2 - (2 - thienyl) ethyl] theo Nghị định số 15/2009/NĐ-CP")
    r = extract_text(text, bodies=False)
    assert not [x for x in r.relations if x.via]
    assert any(c.number == "15/2009/NĐ-CP" and not c.mentions[0].note for c in r.citations)


def test_outline_places():
    text = ("LUẬT THỬ\nChương I QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Một.\n2. Hai:\na) Điểm a;\nb) Điểm b. ~x~\n"
            "Chương II TỔ CHỨC\nMục 1. CƠ QUAN\n~y~\nĐiều 2. Khác\n~z~\n")
    o = Outline(text)
    x, y, z = text.index("~x~"), text.index("~y~"), text.index("~z~")
    assert o.label(x, "diem") == "Điểm b Khoản 2 Điều 1"
    assert o.label(x, "khoan") == "Khoản 2 Điều 1"
    assert o.label(x, "dieu") == "Điều 1"
    assert o.label(x, "chuong") == "Chương I"
    assert o.label(y, "inner") == "Mục 1 Chương II"  # a chapter closes the article before it
    assert o.label(y, "dieu") is None
    assert o.label(z, "khoan") == "Điều 2"  # no clause open: the article is what is known
    assert o.label(0, "inner") is None


def test_a_subject_about_a_law_by_short_title_is_nested_and_an_aside_is_not():
    note = ("Khoản 5 của Điều này ( Đã được bổ sung bởi Luật số 21/2012/QH13) được sửa đổi bởi Khoản 1 Điều 101 "
            "Luật Hải quan 2014 có hiệu lực kể từ ngày 01/01/2015 Nội dung \"Áp dụng quản lý rủi ro\" bổ sung vào "
            "Điều này tại Khoản 1 Điều 1 Luật Quản lý thuế sửa đổi 2012 được hướng dẫn bởi Điều 4 Nghị định "
            "83/2013/NĐ-CP có hiệu lực thi hành từ ngày 15 tháng 9 năm 2013 (VB hết hiệu lực: 05/12/2020)")
    r = extract_text(FRAME.format(note=note), bodies=False)
    got = {(_label(r, x.source), x.type, _label(r, x.target)) for x in r.relations if x.via == "note"}
    assert got == {("21/2012/QH13", "AMENDS", "SELF"), ("Luật Hải quan", "AMENDS", "SELF"),
                   ("83/2013/NĐ-CP", "DETAILS", "Luật Quản lý thuế sửa đổi")}
