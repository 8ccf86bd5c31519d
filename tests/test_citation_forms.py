"""Every citation form listed in the project's issue, positive and negative.

Each test feeds a short, realistic Vietnamese sentence to ``extract_text`` and checks the
normalised number, the type, the year/date and (where the sentence states it) the
issuer, plus the mention span.
"""

from __future__ import annotations

import pytest

from legalgraph import extract_text
from legalgraph.ids import number_key

# -- helpers ----------------------------------------------------------------------------


def extract(text):
    return extract_text(text, source="x.txt")


def assert_spans(text, r):
    """Every mention's span indexes the text and reproduces the mention's text."""
    for c in r.citations:
        assert c.mentions, f"citation {c.id} without mentions"
        for m in c.mentions:
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text


def numbered(r):
    return [c for c in r.citations if c.number]


def only(text, number=None):
    """The single citation of ``text`` (the one with ``number`` when given)."""
    r = extract(text)
    assert_spans(text, r)
    cits = r.citations if number is None else [
        c for c in r.citations if c.number and number_key(c.number) == number_key(number)]
    assert len(cits) == 1, [(c.number, c.type) for c in r.citations]
    return r, cits[0]


def assert_mention_covers(text, cit, printed):
    """The citation has a mention whose span covers the printed number."""
    at = text.index(printed)
    assert any(m.start <= at and at + len(printed) <= m.end for m in cit.mentions), (
        printed, [(m.start, m.end, m.text) for m in cit.mentions])


# -- numbered citations in their clean printed form ------------------------------------

# (sentence, printed number, number, type, year, date, issuer)
CLEAN_FORMS = [
    # state instruments: the year is in the number
    ("Căn cứ Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ quy định chi tiết một số điều;",
     "56/2024/NĐ-CP", "56/2024/NĐ-CP", "Nghị định", 2024, "2024-05-18", "Chính phủ"),
    ("Thực hiện Thông tư số 02/2026/TT-BTC ngày 05/01/2026 của Bộ Tài chính hướng dẫn quản lý kinh phí;",
     "02/2026/TT-BTC", "02/2026/TT-BTC", "Thông tư", 2026, "2026-01-05", "Bộ Tài chính"),
    ("Căn cứ Thông tư liên tịch số 72/2011/TTLT-BTC-BGTVT ngày 27/5/2011 của Bộ Tài chính và Bộ Giao thông vận tải;",
     "72/2011/TTLT-BTC-BGTVT", "72/2011/TTLT-BTC-BGTVT", "Thông tư liên tịch", 2011, "2011-05-27", None),
    # a ministry's initials joined by '&' inside a joint code (issue 14: it was cut at '&')
    ("Căn cứ Thông tư liên tịch số 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC ngày 29/12/2017 quy định việc phối hợp;",
     "01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC", "01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC", "Thông tư liên tịch",
     2017, "2017-12-29", None),
    ("Căn cứ Nghị quyết số 25/2022/UBTVQH15 ngày 20/9/2022 của Ủy ban Thường vụ Quốc hội;",
     "25/2022/UBTVQH15", "25/2022/UBTVQH15", "Nghị quyết", 2022, "2022-09-20", "Ủy ban Thường vụ Quốc hội"),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13;",
     "80/2015/QH13", "80/2015/QH13", "Luật", 2015, None, "Quốc hội"),
    ("Văn bản hợp nhất số 26/VBHN-NHNN ngày 15/5/2023 của Ngân hàng Nhà nước Việt Nam.",
     "26/VBHN-NHNN", "26/VBHN-NHNN", "Văn bản hợp nhất", 2023, "2023-05-15", "Ngân hàng Nhà nước Việt Nam"),
    # administrative documents: no year in the number, the year comes from the date
    ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh triển khai.",
     "916/QĐ-TTg", "916/QĐ-TTg", "Quyết định", 2024, "2024-08-27", "Thủ tướng Chính phủ"),
    ("Triển khai Kế hoạch số 483/KH-UBND ngày 12/3/2024 của Ủy ban nhân dân tỉnh Tiền Giang về tuyên truyền pháp luật.",
     "483/KH-UBND", "483/KH-UBND", "Kế hoạch", 2024, "2024-03-12", "UBND tỉnh Tiền Giang"),
    ("Thực hiện Chỉ thị số 15/CT-UBND ngày 10 tháng 7 năm 2023 của Chủ tịch Ủy ban nhân dân tỉnh.",
     "15/CT-UBND", "15/CT-UBND", "Chỉ thị", 2023, "2023-07-10", None),
    ("Theo Quyết định số 909/QĐ-HĐPH ngày 02/6/2023 của Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh.",
     "909/QĐ-HĐPH", "909/QĐ-HĐPH", "Quyết định", 2023, "2023-06-02", None),
    ("Theo Công văn số 4147/UBND-NC ngày 15/9/2023 của Ủy ban nhân dân tỉnh về việc triển khai nhiệm vụ.",
     "4147/UBND-NC", "4147/UBND-NC", "Công văn", 2023, "2023-09-15", None),
    ("Xét Tờ trình số 609/TTr-BYT ngày 20/4/2024 của Bộ Y tế.",
     "609/TTr-BYT", "609/TTr-BYT", "Tờ trình", 2024, "2024-04-20", "Bộ Y tế"),
    # a serial with a letter (issue 14: it was missed)
    ("Thực hiện Chương trình phối hợp số 1249a/CTPH-UBDT-BTP ngày 27/10/2021 của Ủy ban Dân tộc và Bộ Tư pháp.",
     "1249a/CTPH-UBDT-BTP", "1249a/CTPH-UBDT-BTP", "Chương trình", 2021, "2021-10-27", None),
    # Party documents
    ("Thực hiện Nghị quyết số 27-NQ/TW ngày 09/11/2022 của Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục xây dựng Nhà nước pháp quyền.",
     "27-NQ/TW", "27-NQ/TW", "Nghị quyết", 2022, "2022-11-09", "Ban Chấp hành Trung ương Đảng"),
    ("Thực hiện Kết luận số 80-KL/TW ngày 20/6/2024 của Ban Bí thư.",
     "80-KL/TW", "80-KL/TW", "Kết luận", 2024, "2024-06-20", "Ban Bí thư"),
    ("Thực hiện Chỉ thị số 06-CT/TU ngày 05/4/2021 của Ban Thường vụ Tỉnh ủy.",
     "06-CT/TU", "06-CT/TU", "Chỉ thị", 2021, "2021-04-05", "Ban Thường vụ Tỉnh ủy"),
    ("Thực hiện Chương trình số 59-CTr/TU ngày 12/5/2022 của Tỉnh ủy.",
     "59-CTr/TU", "59-CTr/TU", "Chương trình", 2022, "2022-05-12", "Tỉnh ủy"),
    ("Thực hiện Kế hoạch số 270-KH/TU ngày 01/3/2023 của Ban Thường vụ Tỉnh ủy.",
     "270-KH/TU", "270-KH/TU", "Kế hoạch", 2023, "2023-03-01", "Ban Thường vụ Tỉnh ủy"),
]


@pytest.mark.parametrize("text,printed,number,type_,year,date,issuer", CLEAN_FORMS,
                         ids=[c[2] for c in CLEAN_FORMS])
def test_numbered_form(text, printed, number, type_, year, date, issuer):
    r, c = only(text)
    assert c.number == number
    assert c.type == type_
    assert c.year == year
    assert c.date == date
    if issuer is not None:
        assert c.issuer == issuer
    assert len(c.mentions) == 1
    m = c.mentions[0]
    assert m.footnote is None
    assert m.text.endswith(printed)
    assert_mention_covers(text, c, printed)
    # the mention starts at the type word printed before the number
    assert text[m.start:].startswith(text[m.start:m.end].split(" ")[0])


@pytest.mark.parametrize("text,number,type_", [
    ("Căn cứ Nghị định số 56/2024/NĐ-CP của Chính phủ;", "56/2024/NĐ-CP", "Nghị định"),
    ("Áp dụng theo 02/2026/TT-BTC.", "02/2026/TT-BTC", "Thông tư"),
    ("Quán triệt 27-NQ/TW trong toàn Đảng bộ.", "27-NQ/TW", "Nghị quyết"),
    ("Triển khai Quyết định 916/QĐ-TTg trong năm.", "916/QĐ-TTg", "Quyết định"),
])
def test_number_with_or_without_type_word(text, number, type_):
    _, c = only(text)
    assert c.number == number
    assert c.type == type_


def test_issuer_read_from_de_phrase():
    _, c = only("Căn cứ Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ;")
    assert c.issuer == "Chính phủ"


def test_state_number_keeps_year_without_date():
    _, c = only("Căn cứ Nghị định số 56/2024/NĐ-CP của Chính phủ;")
    assert c.year == 2024
    assert c.date is None


def test_admin_number_without_date_has_no_year():
    _, c = only("Quán triệt Nghị quyết số 36-NQ/TW của Bộ Chính trị.")
    assert c.number == "36-NQ/TW"
    assert c.year is None


@pytest.mark.parametrize("text,date", [
    ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ.", "2024-08-27"),
    ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27 tháng 8 năm 2024 của Thủ tướng Chính phủ.", "2024-08-27"),
    ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27-8-2024 của Thủ tướng Chính phủ.", "2024-08-27"),
    ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27.8.2024 của Thủ tướng Chính phủ.", "2024-08-27"),
    ("Thực hiện Kế hoạch số 483/KH-UBND ngày 02 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh.", "2025-01-02"),
])
def test_year_of_admin_number_from_following_date(text, date):
    _, c = only(text)
    assert c.date == date
    assert c.year == int(date[:4])


def test_several_citations_in_one_sentence():
    text = ("Căn cứ Nghị định số 56/2024/NĐ-CP, Thông tư số 02/2026/TT-BTC và "
            "Quyết định số 916/QĐ-TTg của Thủ tướng Chính phủ.")
    r = extract(text)
    assert_spans(text, r)
    assert [c.number for c in r.citations] == ["56/2024/NĐ-CP", "02/2026/TT-BTC", "916/QĐ-TTg"]
    assert [c.type for c in r.citations] == ["Nghị định", "Thông tư", "Quyết định"]


def test_number_after_bare_so_takes_nothing_from_the_previous_type_word():
    text = "Căn cứ các Nghị định số 56/2024/NĐ-CP và số 34/2016/NĐ-CP của Chính phủ."
    r = extract(text)
    assert_spans(text, r)
    assert [c.number for c in r.citations] == ["56/2024/NĐ-CP", "34/2016/NĐ-CP"]
    assert all(c.type == "Nghị định" for c in r.citations)


# -- laws, codes and the constitution cited by name -------------------------------------

# (sentence, printed name, number, type, year, date)
NAMED = [
    ("Các cơ quan thực hiện nghiêm túc quy định của Luật Ban hành văn bản QPPL năm 2015.",
     "Luật Ban hành văn bản QPPL năm 2015", "80/2015/QH13", "Luật", 2015, None),
    ("Thực hiện đúng quy định của Luật Ban hành VBQPPL năm 2015.",
     "Luật Ban hành VBQPPL năm 2015", "80/2015/QH13", "Luật", 2015, None),
    ("Thực hiện đúng quy định của Luật Ban hành văn bản quy phạm pháp luật năm 2015.",
     "Luật Ban hành văn bản quy phạm pháp luật năm 2015", "80/2015/QH13", "Luật", 2015, None),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2025;",
     "Luật Ban hành văn bản quy phạm pháp luật năm 2025", "64/2025/QH15", "Luật", 2025, None),
    ("Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
     "Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025", "63/2025/QH15", "Luật", 2025, "2025-02-18"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
     "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025", "72/2025/QH15", "Luật", 2025, "2025-06-16"),
    ("Tổng kết 10 năm thi hành Luật PBGDPL năm 2012 trên địa bàn tỉnh.",
     "Luật PBGDPL năm 2012", "14/2012/QH13", "Luật", 2012, None),
    ("Tổng kết thi hành Luật Phổ biến, giáo dục pháp luật năm 2012.",
     "Luật Phổ biến, giáo dục pháp luật năm 2012", "14/2012/QH13", "Luật", 2012, None),
    ("Căn cứ Bộ luật Lao động năm 2019;",
     "Bộ luật Lao động năm 2019", "45/2019/QH14", "Bộ luật", 2019, None),
]


@pytest.mark.parametrize("text,printed,number,type_,year,date", NAMED, ids=[n[1] for n in NAMED])
def test_law_cited_by_name(text, printed, number, type_, year, date):
    _, c = only(text)
    assert c.number == number
    assert c.type == type_
    assert c.year == year
    if date is not None:
        assert c.date == date
    assert c.issuer == "Quốc hội"
    assert len(c.mentions) == 1
    assert c.mentions[0].text == printed


@pytest.mark.parametrize("text,printed", [
    ("Bảo đảm quyền con người theo quy định của Hiến pháp năm 2013 và pháp luật.", "Hiến pháp năm 2013"),
    ("Bảo đảm thi hành Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013.",
     "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013"),
    ("TRIỂN KHAI THI HÀNH HIẾN PHÁP NĂM 2013 TRÊN ĐỊA BÀN TỈNH.", "HIẾN PHÁP NĂM 2013"),
])
def test_constitution_by_year(text, printed):
    _, c = only(text)
    assert c.type == "Hiến pháp"
    assert c.year == 2013
    assert c.number is None
    assert c.mentions[0].text == printed


def test_law_by_name_then_bare_name_is_one_citation():
    text = ("Thực hiện Luật Ban hành văn bản QPPL năm 2015; các quy định của "
            "Luật Ban hành văn bản QPPL được thực hiện nghiêm.")
    r, c = only(text)
    assert c.number == "80/2015/QH13"
    assert [m.text for m in c.mentions] == ["Luật Ban hành văn bản QPPL năm 2015", "Luật Ban hành văn bản QPPL"]


def test_law_name_before_its_number():
    _, c = only("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13;")
    assert c.number == "80/2015/QH13"
    assert c.type == "Luật"
    assert c.year == 2015
    assert c.mentions[0].text == "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13"


# -- messy text ---------------------------------------------------------------------------

# (sentence, number, type, printed form of the mention's number part)
MESSY = [
    ("Thực hiện Chỉ thị số 06-\nCT/TU ngày 05/4/2021 của Ban Thường vụ Tỉnh ủy.", "06-CT/TU", "Chỉ thị", "06-\nCT/TU"),
    ("Thực hiện Chỉ thị số 06- CT/TU ngày 05/4/2021 của Ban Thường vụ Tỉnh ủy.", "06-CT/TU", "Chỉ thị", "06- CT/TU"),
    ("Quán triệt Nghị quyết số 36 - nq/tw của Bộ Chính trị.", "36-NQ/TW", "Nghị quyết", "36 - nq/tw"),
    ("Căn cứ Nghị định số 56/\n2024/NĐ-CP ngày 18/5/2024 của Chính phủ;", "56/2024/NĐ-CP", "Nghị định", "56/\n2024/NĐ-CP"),
    ("Căn cứ Thông tư số 02/2026/TT-\nBTC ngày 05/01/2026 của Bộ Tài chính;", "02/2026/TT-BTC", "Thông tư", "02/2026/TT-\nBTC"),
    ("Căn cứ Nghị định số 56 / 2024 / NĐ - CP ngày 18/5/2024 của Chính phủ;", "56/2024/NĐ-CP", "Nghị định",
     "56 / 2024 / NĐ - CP"),
    ("Thực hiện Quyết định số 916/\nQĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ.", "916/QĐ-TTg", "Quyết định",
     "916/\nQĐ-TTg"),
    # missing hyphen
    ("Thực hiện Chỉ thị số 15/CTUBND ngày 10/7/2023 của Chủ tịch Ủy ban nhân dân tỉnh.", "15/CT-UBND", "Chỉ thị",
     "15/CTUBND"),
    ("THỰC HIỆN CHỈ THỊ SỐ 15/CTUBND NGÀY 10/7/2023.", "15/CT-UBND", "Chỉ thị", "15/CTUBND"),
    ("thực hiện chỉ thị số 15/ctubnd ngày 10/7/2023.", "15/CT-UBND", "Chỉ thị", "15/ctubnd"),
    # letter case
    ("CĂN CỨ QUYẾT ĐỊNH SỐ 1521/QĐ-TTG NGÀY 06/10/2020 CỦA THỦ TƯỚNG CHÍNH PHỦ;", "1521/QĐ-TTg", "Quyết định",
     "1521/QĐ-TTG"),
    ("căn cứ nghị định số 116/2021/nđ-cp ngày 21/12/2021 của chính phủ;", "116/2021/NĐ-CP", "Nghị định",
     "116/2021/nđ-cp"),
    ("thực hiện quyết định số 916/qđ-ttg ngày 27/8/2024 của thủ tướng chính phủ.", "916/QĐ-TTg", "Quyết định",
     "916/qđ-ttg"),
    ("Thực Hiện Quyết Định Số 916/Qđ-Ttg Ngày 27/8/2024 Của Thủ Tướng Chính Phủ.", "916/QĐ-TTg", "Quyết định",
     "916/Qđ-Ttg"),
    ("THỰC HIỆN NGHỊ QUYẾT SỐ 27-NQ/TW NGÀY 09/11/2022 CỦA BAN CHẤP HÀNH TRUNG ƯƠNG.", "27-NQ/TW", "Nghị quyết",
     "27-NQ/TW"),
    ("căn cứ nghị quyết số 25/2022/ubtvqh15 ngày 20/9/2022.", "25/2022/UBTVQH15", "Nghị quyết", "25/2022/ubtvqh15"),
    ("căn cứ thông tư liên tịch số 72/2011/ttlt-btc-bgtvt ngày 27/5/2011.", "72/2011/TTLT-BTC-BGTVT",
     "Thông tư liên tịch", "72/2011/ttlt-btc-bgtvt"),
    ("văn bản hợp nhất số 26/vbhn-nhnn ngày 15/5/2023.", "26/VBHN-NHNN", "Văn bản hợp nhất", "26/vbhn-nhnn"),
    ("xét tờ trình số 609/ttr-byt ngày 20/4/2024 của bộ y tế.", "609/TTr-BYT", "Tờ trình", "609/ttr-byt"),
    ("thực hiện chương trình số 59-ctr/tu ngày 12/5/2022 của tỉnh ủy.", "59-CTr/TU", "Chương trình", "59-ctr/tu"),
    ("theo quyết định số 909/qđ-hđph ngày 02/6/2023.", "909/QĐ-HĐPH", "Quyết định", "909/qđ-hđph"),
    ("THEO CÔNG VĂN SỐ 4147/UBND-NC NGÀY 15/9/2023 CỦA ỦY BAN NHÂN DÂN TỈNH.", "4147/UBND-NC", "Công văn",
     "4147/UBND-NC"),
    ("THỰC HIỆN KẾ HOẠCH SỐ 483/KH-UBND NGÀY 12/3/2024.", "483/KH-UBND", "Kế hoạch", "483/KH-UBND"),
    ("căn cứ luật ban hành văn bản quy phạm pháp luật số 80/2015/qh13;", "80/2015/QH13", "Luật", "80/2015/qh13"),
]


@pytest.mark.parametrize("text,number,type_,printed", MESSY, ids=[repr(m[3]) for m in MESSY])
def test_messy_number(text, number, type_, printed):
    _, c = only(text)
    assert c.number == number
    assert c.type == type_
    assert_mention_covers(text, c, printed)
    assert c.mentions[0].footnote is None


@pytest.mark.parametrize("text", [
    "căn cứ luật tổ chức chính phủ ngày 18 tháng 02 năm 2025;",
    "CĂN CỨ LUẬT TỔ CHỨC CHÍNH PHỦ NGÀY 18 THÁNG 02 NĂM 2025;",
])
def test_named_law_in_any_case(text):
    _, c = only(text)
    assert c.number == "63/2025/QH15"
    assert c.year == 2025


@pytest.mark.parametrize("text", [
    "tổng kết thi hành luật pbgdpl năm 2012.",
    "TỔNG KẾT THI HÀNH LUẬT PBGDPL NĂM 2012.",
])
def test_abbreviated_law_name_in_any_case(text):
    _, c = only(text)
    assert c.number == "14/2012/QH13"


def test_constitution_lower_case():
    _, c = only("bảo đảm thi hành hiến pháp năm 2013.")
    assert c.type == "Hiến pháp"
    assert c.year == 2013


# (sentence, glued printed form, number, footnote)
FOOTNOTES = [
    ("Căn cứ Nghị định số 34/2016/NĐ-CP2 ngày 14/5/2016 của Chính phủ;", "34/2016/NĐ-CP2", "34/2016/NĐ-CP", "2"),
    ("Căn cứ Nghị định số 34/2016/NĐ-CP2 của Chính phủ;", "34/2016/NĐ-CP2", "34/2016/NĐ-CP", "2"),
    ("Thực hiện Nghị quyết số 27-NQ/TW3 ngày 09/11/2022 của Ban Chấp hành Trung ương.", "27-NQ/TW3", "27-NQ/TW", "3"),
    ("Thực hiện Quyết định số 916/QĐ-TTg5 ngày 27/8/2024 của Thủ tướng Chính phủ.", "916/QĐ-TTg5", "916/QĐ-TTg", "5"),
    # a term suffix (QH13) is part of the code; the digit after it is the marker
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH132;", "80/2015/QH132", "80/2015/QH13", "2"),
    ("Căn cứ Nghị quyết số 25/2022/UBTVQH154 ngày 20/9/2022;", "25/2022/UBTVQH154", "25/2022/UBTVQH15", "4"),
]


@pytest.mark.parametrize("text,glued,number,footnote", FOOTNOTES, ids=[f[1] for f in FOOTNOTES])
def test_glued_footnote_marker(text, glued, number, footnote):
    _, c = only(text)
    assert c.number == number
    m = c.mentions[0]
    assert m.footnote == footnote
    assert text[m.start:m.end] == m.text
    # the marker is not part of the mention
    assert m.text.endswith(glued[:-len(footnote)])
    assert m.end == text.index(glued) + len(glued) - len(footnote)


def test_code_with_term_digits_is_not_a_footnote():
    _, c = only("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13;")
    assert c.number == "80/2015/QH13"
    assert c.mentions[0].footnote is None


@pytest.mark.parametrize("text", [
    "CÔNG BÁO/Số 281/Ngày 21-05-2026",
    "CÔNG BÁO/Số 281 + 282/Ngày 21-05-2026",
    "Nội dung trước trang.\nCÔNG BÁO/Số 281/Ngày 21-05-2026\nNội dung sau trang.",
])
def test_gazette_page_header_is_not_a_citation(text):
    r = extract(text)
    assert r.citations == []


def test_page_header_inside_a_citation_is_skipped():
    text = ("Căn cứ Nghị quyết số 27-NQ/TW\nCÔNG BÁO/Số 281/Ngày 21-05-2026\n"
            "ngày 09/11/2022 của Ban Chấp hành Trung ương.")
    r, c = only(text)
    assert c.number == "27-NQ/TW"
    assert c.date == "2022-11-09"
    assert not any("281" in (c2.number or "") for c2 in r.citations)


@pytest.mark.parametrize("text,number,printed_start,printed_end", [
    ("Thực hiện Chỉ thị số 06-\nCÔNG BÁO/Số 281/Ngày 21-05-2026\nCT/TU ngày 05/4/2021 của Ban Thường vụ Tỉnh ủy.",
     "06-CT/TU", "06-", "CT/TU"),
    ("Căn cứ Nghị định số 56/2024/\nCÔNG BÁO/Số 281/Ngày 21-05-2026\n12\nNĐ-CP ngày 18/5/2024 của Chính phủ;",
     "56/2024/NĐ-CP", "56/2024/", "NĐ-CP"),
])
def test_number_split_by_a_page_break(text, number, printed_start, printed_end):
    r, c = only(text)
    assert c.number == number
    assert c.year in (2021, 2024)
    m = c.mentions[0]
    assert m.start <= text.index(printed_start)
    assert m.end == text.index(printed_end) + len(printed_end)


@pytest.mark.parametrize("text,number,footnote", [
    ("căn cứ nghị định số 34/2016/nđ-cp2 của chính phủ;", "34/2016/NĐ-CP", "2"),
    ("CĂN CỨ NGHỊ ĐỊNH SỐ 34/2016/NĐ-CP2 CỦA CHÍNH PHỦ;", "34/2016/NĐ-CP", "2"),
    ("Theo Nghị định 56/2024/NĐ-CP12 của Chính phủ.", "56/2024/NĐ-CP", "12"),
])
def test_glued_footnote_in_any_case(text, number, footnote):
    _, c = only(text)
    assert c.number == number
    assert c.mentions[0].footnote == footnote
    assert not c.mentions[0].text[-1].isdigit()


# -- negatives -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Sở Tư pháp phối hợp với Đoàn Luật sư tỉnh trong việc quản lý luật sư.",
    "Hội Luật gia tỉnh, cấp huyện tiếp tục thực hiện tốt quyền và nghĩa vụ.",
    "Đoàn Luật sư tỉnh và Hội Luật gia tỉnh phối hợp tuyên truyền pháp luật.",
    "Các quy định pháp luật về luật sư, luật gia được phổ biến rộng rãi.",
    "Nâng cao ý thức chấp hành pháp luật của cán bộ, công chức và nhân dân.",
    "Nâng cao nhận thức về Hiến pháp, pháp luật và yêu cầu của công tác.",
    "Hiến pháp, pháp luật được tôn trọng và thực hiện nghiêm.",
])
def test_not_a_law(text):
    r = extract(text)
    assert r.citations == []


@pytest.mark.parametrize("text", [
    "Báo cáo gửi về Sở Tư pháp theo Mẫu số 01/PLI ban hành kèm theo Kế hoạch.",
    "Theo Mẫu số 01/PLI, Mẫu số 02/PLII.",
])
def test_form_number_is_not_a_citation(text):
    assert extract(text).citations == []


@pytest.mark.parametrize("text", [
    "Ngày 27/8/2024, Ủy ban nhân dân tỉnh tổ chức hội nghị.",
    "Các đơn vị thực hiện từ ngày 01/7/2024 đến ngày 31/12/2024.",
    "Hội nghị được tổ chức vào ngày 27-8-2024 tại trụ sở.",
    "Báo cáo gửi trước ngày 15 tháng 12 năm 2024.",
])
def test_dates_are_not_citations(text):
    assert extract(text).citations == []


@pytest.mark.parametrize("text", [
    "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2024.",
    "Kế hoạch này được triển khai đến các sở, ban, ngành.",
    "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.",
    "Nghị định này quy định chi tiết một số điều.",
])
def test_self_reference_is_no_citation(text):
    assert extract(text).citations == []


def test_self_reference_beside_a_real_citation():
    text = "Căn cứ Quyết định số 916/QĐ-TTg ngày 27/8/2024; Quyết định này có hiệu lực từ ngày ký."
    r, c = only(text)
    assert c.number == "916/QĐ-TTg"
    assert c.year == 2024


# -- the document itself ----------------------------------------------------------------------

HEADER = (
    "ỦY BAN NHÂN DÂN\n"
    "TỈNH TIỀN GIANG\n"
    "Số: 483/KH-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Tiền Giang, ngày 12 tháng 3 năm 2024\n"
    "\n"
    "KẾ HOẠCH\n"
    "Tuyên truyền, phổ biến pháp luật năm 2024\n"
    "\n"
)


def test_document_is_not_among_its_citations():
    text = HEADER + (
        "Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ, "
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.\n"
        "Các sở, ngành triển khai thực hiện Kế hoạch số 483/KH-UBND nghiêm túc, hiệu quả.\n"
    )
    r = extract(text)
    assert_spans(text, r)
    assert r.document.number == "483/KH-UBND"
    assert r.document.type == "Kế hoạch"
    assert r.document.year == 2024
    assert all(c.id != r.document.id for c in r.citations)
    assert not [c for c in r.citations if c.number and number_key(c.number) == number_key("483/KH-UBND")]
    assert [c.number for c in r.citations] == ["916/QĐ-TTg"]


def test_document_number_in_lower_case_mention_is_still_the_document():
    text = HEADER + "Các sở, ngành triển khai thực hiện kế hoạch số 483/kh-ubnd nghiêm túc.\n"
    r = extract(text)
    assert r.document.number == "483/KH-UBND"
    assert numbered(r) == []


def test_state_document_is_not_among_its_citations():
    text = (
        "CHÍNH PHỦ\n"
        "Số: 56/2024/NĐ-CP\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 18 tháng 5 năm 2024\n"
        "\n"
        "NGHỊ ĐỊNH\n"
        "Quy định chi tiết một số điều của Luật Đất đai\n"
        "\n"
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015;\n"
        "Nghị định số 56/2024/NĐ-CP có hiệu lực từ ngày ký. Nghị định này thay thế các văn bản trước.\n"
    )
    r = extract(text)
    assert_spans(text, r)
    assert r.document.number == "56/2024/NĐ-CP"
    assert r.document.type == "Nghị định"
    numbers = [c.number for c in r.citations]
    assert "56/2024/NĐ-CP" not in numbers and "80/2015/QH13" in numbers
    # the title's bare "Luật Đất đai" is the law passed by the decree's date (the gazetteer
    # read off the bundled texts knows 45/2013/QH13 and 31/2024/QH15)
    assert set(numbers) <= {"80/2015/QH13", "31/2024/QH15"}


# -- identity across years, and repeated mentions ----------------------------------------------


def test_same_admin_number_different_years_are_two_citations():
    text = ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ. "
            "Trước đó, Quyết định số 916/QĐ-TTg ngày 10/3/2019 của Thủ tướng Chính phủ đã hết hiệu lực.")
    r = extract(text)
    assert_spans(text, r)
    cits = [c for c in r.citations if c.number == "916/QĐ-TTg"]
    assert len(cits) == 2
    assert cits[0].id != cits[1].id
    assert sorted(c.year for c in cits) == [2019, 2024]
    by_year = {c.year: c for c in cits}
    assert by_year[2024].date == "2024-08-27"
    assert by_year[2019].date == "2019-03-10"
    assert by_year[2024].mentions[0].start < by_year[2019].mentions[0].start
    assert all(len(c.mentions) == 1 for c in cits)


def test_same_admin_number_same_date_is_one_citation_with_two_mentions():
    text = ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ. "
            "Các sở triển khai Quyết định số 916/QĐ-TTg ngày 27/8/2024 đúng tiến độ.")
    r, c = only(text)
    assert c.number == "916/QĐ-TTg"
    assert c.year == 2024
    starts = [i for i in range(len(text)) if text.startswith("Quyết định số 916/QĐ-TTg", i)]
    assert [m.start for m in c.mentions] == starts
    assert all(m.text == "Quyết định số 916/QĐ-TTg" for m in c.mentions)


def test_undated_repeat_joins_the_nearest_dated_mention_before_it():
    text = ("Thực hiện Quyết định số 916/QĐ-TTg ngày 10/3/2019; sau đó Quyết định số 916/QĐ-TTg "
            "ngày 27/8/2024 thay thế; Quyết định số 916/QĐ-TTg nêu trên được thực hiện.")
    r = extract(text)
    assert_spans(text, r)
    by_year = {c.year: c for c in r.citations if c.number == "916/QĐ-TTg"}
    assert sorted(by_year) == [2019, 2024]
    assert by_year[2019].id != by_year[2024].id
    assert len(by_year[2019].mentions) == 1
    assert len(by_year[2024].mentions) == 2
    last = text.rindex("Quyết định số 916/QĐ-TTg")
    assert by_year[2024].mentions[1].start == last


def test_same_admin_number_written_dates_two_years():
    text = ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27 tháng 8 năm 2024; "
            "Quyết định số 916/QĐ-TTg ngày 10 tháng 3 năm 2019 hết hiệu lực.")
    r = extract(text)
    cits = [c for c in r.citations if c.number == "916/QĐ-TTg"]
    assert [c.year for c in cits] == [2024, 2019]
    assert len({c.id for c in cits}) == 2


def test_undated_repeat_takes_the_year_of_the_dated_mention():
    text = ("Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ. "
            "Các sở triển khai Quyết định số 916/QĐ-TTg đúng tiến độ.")
    r, c = only(text)
    assert c.year == 2024
    assert len(c.mentions) == 2


def test_state_number_repeated_in_other_case_and_leading_zero_is_one_citation():
    text = ("Căn cứ Thông tư số 07/2026/TT-BNV ngày 10/02/2026 của Bộ Nội vụ; "
            "theo thông tư số 7/2026/tt-bnv, các cơ quan báo cáo định kỳ.")
    r, c = only(text)
    assert c.number == "07/2026/TT-BNV"
    assert c.issuer == "Bộ Nội vụ"
    assert [m.text for m in c.mentions] == ["Thông tư số 07/2026/TT-BNV", "thông tư số 7/2026/tt-bnv"]


def test_every_mention_of_a_repeated_number_is_listed():
    text = ("Căn cứ Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ;\n"
            "Theo quy định tại Điều 3 Nghị định số 56/2024/NĐ-CP, các cơ quan có trách nhiệm báo cáo.\n"
            "Việc thi hành 56/2024/NĐ-CP được kiểm tra định kỳ; Nghị định số 56/2024/NĐ-CP2 quy định rõ.\n")
    r, c = only(text)
    assert c.number == "56/2024/NĐ-CP"
    assert c.date == "2024-05-18"
    starts = [i for i in range(len(text)) if text.startswith("56/2024/NĐ-CP", i)]
    assert len(c.mentions) == len(starts) == 4
    for m, at in zip(c.mentions, starts):
        assert m.start <= at < at + len("56/2024/NĐ-CP") == m.end
        assert text[m.start:m.end] == m.text
    assert [m.footnote for m in c.mentions] == [None, None, None, "2"]


def test_mentions_sorted_and_spans_exact_across_citations():
    text = ("Căn cứ Nghị quyết số 27-NQ/TW ngày 09/11/2022 của Ban Chấp hành Trung ương; "
            "Kế hoạch số 270-KH/TU ngày 01/3/2023 của Ban Thường vụ Tỉnh ủy; "
            "tiếp tục quán triệt Nghị quyết số 27-NQ/TW và Kế hoạch số 270-KH/TU.")
    r = extract(text)
    assert_spans(text, r)
    assert [c.number for c in r.citations] == ["27-NQ/TW", "270-KH/TU"]
    for c in r.citations:
        assert len(c.mentions) == 2
        assert c.mentions[0].start < c.mentions[1].start


# -- regressions found while writing these tests ------------------------------------------

@pytest.mark.parametrize("text,number,mention", [
    ("theo công văn số 4147/ubnd-nc ngày 15/9/2023 của ủy ban nhân dân tỉnh.", "4147/UBND-NC",
     "công văn số 4147/ubnd-nc"),
    ("Theo Công Văn Số 4147/Ubnd-Nc Ngày 15/9/2023.", "4147/UBND-NC", "Công Văn Số 4147/Ubnd-Nc"),
    ("THỰC HIỆN QUYẾT ĐỊNH SỐ 916/QĐ-TTG - CÁC NHIỆM VỤ TRỌNG TÂM.", "916/QĐ-TTg", "QUYẾT ĐỊNH SỐ 916/QĐ-TTG"),
    ("Thực hiện Quyết định số 916/QĐ-TTg-CÁC nhiệm vụ.", "916/QĐ-TTg", "Quyết định số 916/QĐ-TTg"),
])
def test_unit_codes_in_any_case_and_words_after_the_code(text, number, mention):
    r = extract_text(text)
    assert [(c.number, c.mentions[0].text) for c in r.citations] == [(number, mention)]


@pytest.mark.parametrize("text,issuer", [
    ("Căn cứ Thông tư liên tịch số 72/2011/TTLT-BTC-BGTVT ngày 27/5/2011 của Bộ Tài chính và Bộ Giao thông vận tải;",
     "Bộ Tài chính và Bộ Giao thông vận tải"),
    ("Căn cứ Thông tư số 05/2020/TT-BLĐTBXH của Bộ Lao động - Thương binh và Xã hội;",
     "Bộ Lao động - Thương binh và Xã hội"),
    ("Căn cứ Thông tư số 12/2024/TT-BVHTTDL ngày 10/5/2024 của Bộ Văn hóa, Thể thao và Du lịch;",
     "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Theo Quyết định số 909/QĐ-HĐPH ngày 02/6/2023 của Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh.",
     "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh"),
    ("Văn bản hợp nhất số 26/VBHN-NHNN ngày 15/5/2023 của Ngân hàng Nhà nước Việt Nam hợp nhất các thông tư.",
     "Ngân hàng Nhà nước Việt Nam"),
    ("Theo Nghị định số 56/2024/NĐ-CP của Chính phủ và các bộ, ngành.", "Chính phủ"),
])
def test_issuer_names_with_commas_and_conjunctions(text, issuer):
    assert extract_text(text).citations[0].issuer == issuer
