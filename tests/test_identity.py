"""The document's own identity in the header shapes real texts use."""

from __future__ import annotations

from legalgraph import extract_text

PLAN = """ỦY BAN NHÂN DÂN
TỈNH TIỀN GIANG
Số: 483/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tiền Giang, ngày 19 tháng 12 năm 2024

KẾ HOẠCH
Triển khai thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ

Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 483/KH-UBND với nội dung:
I. MỤC ĐÍCH
1. Sở Tư pháp chủ trì theo dõi việc thực hiện Kế hoạch này.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Thành Diệu
"""


def test_provincial_plan_header():
    r = extract_text(PLAN)
    d = r.document
    assert (d.type, d.number, d.date, d.issuer, d.province, d.signer) == (
        "Kế hoạch", "483/KH-UBND", "2024-12-19", "UBND tỉnh Tiền Giang", "Tiền Giang", "Nguyễn Thành Diệu")
    assert d.title.startswith("Triển khai thực hiện Quyết định số 916/QĐ-TTg")
    assert d.id == "/akn/vn-tien-giang/ke-hoach/2024/483-kh-ubnd"
    # the document is never among its citations, however often it names itself
    assert [c.number for c in r.citations] == ["916/QĐ-TTg"]


def test_draft_with_blank_number_and_day():
    r = extract_text("UBND TỈNH BẮC GIANG\nSố: /KH-UBND\nBắc Giang, ngày tháng 6 năm 2021\n\nKẾ HOẠCH\n"
                     "Thực hiện Chỉ thị số 06-CT/TU ngày 05/5/2021 của Ban Thường vụ Tỉnh ủy\n")
    d = r.document
    assert d.number is None and d.type == "Kế hoạch" and d.date == "2021-06" and d.province == "Bắc Giang"
    assert "no document number found" in " ".join(r.warnings)
    assert [c.number for c in r.citations] == ["06-CT/TU"]


def test_law_header():
    r = extract_text("QUỐC HỘI\nLuật số: 51/2024/QH15\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nLUẬT\n"
                     "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ\n\n"
                     "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
                     "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 25/2008/QH12.\n")
    d = r.document
    assert (d.type, d.number, d.year, d.issuer, d.province) == ("Luật", "51/2024/QH15", 2024, "Quốc hội", None)


def test_resolution_of_the_standing_committee():
    r = extract_text("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 25/2022/UBTVQH15\n\nNGHỊ QUYẾT\nVề việc ...\n")
    assert (r.document.type, r.document.number) == ("Nghị quyết", "25/2022/UBTVQH15")


def test_code_header_says_bo_luat():
    r = extract_text("QUỐC HỘI\nBộ luật số: 45/2019/QH14\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nBỘ LUẬT\nLAO ĐỘNG\n")
    assert (r.document.type, r.document.number) == ("Bộ luật", "45/2019/QH14")


def test_consolidated_text_number_in_the_closing_block():
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nNGHỊ ĐỊNH\nQuy định ...\n\n"
            "Nghị định số 121/2016/NĐ-CP ngày 24 tháng 8 năm 2016, có hiệu lực kể từ ngày 10 tháng 10 năm 2016, "
            "được sửa đổi, bổ sung bởi:\n1. Nghị định số 74/2020/NĐ-CP ngày 01 tháng 7 năm 2020 của Chính phủ sửa "
            "đổi, bổ sung một số điều của Nghị định số 121/2016/NĐ-CP.\n\nĐiều 1. Phạm vi\n...\n"
            "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\nSố: 5640/VBHN-BLĐTBXH\n\nXÁC THỰC VĂN BẢN HỢP NHẤT\n"
            "Hà Nội, ngày 11 tháng 11 năm 2024\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nLê Văn Thanh\n")
    r = extract_text(text)
    d = r.document
    assert (d.type, d.number, d.date, d.issuer, d.signer) == (
        "Văn bản hợp nhất", "5640/VBHN-BLĐTBXH", "2024-11-11", "Bộ Lao động - Thương binh và Xã hội", "Lê Văn Thanh")
    labels = {c.id: c.number for c in r.citations}
    typed = {(labels.get(x.source), x.type, labels.get(x.target)) for x in r.relations}
    assert ("74/2020/NĐ-CP", "AMENDS", "121/2016/NĐ-CP") in typed


def test_news_summary_without_header():
    r = extract_text("Ngày 05 tháng 9 năm 2023, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 2888/KH-UBND thực hiện "
                     "Nghị quyết số 27-NQ/TW ngày 09 tháng 11 năm 2022 của Ban Chấp hành Trung ương Đảng.\n"
                     "Kế hoạch xác định các nhiệm vụ, trong đó có hợp tác với các tỉnh giáp Kon Tum.")
    d = r.document
    assert (d.type, d.number, d.date, d.province) == ("Kế hoạch", "2888/KH-UBND", "2023-09-05", "Kon Tum")
    assert [c.number for c in r.citations] == ["27-NQ/TW"]


def test_header_moved_below_the_first_page_by_pdf_conversion():
    text = ("THÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH ngày 15 tháng 12 năm 2021\n"
            "Căn cứ Nghị định số 25/2025/NĐ-CP ngày 21 tháng 02 năm 2025 của Chính phủ;\n"
            "Điều 1. Sửa đổi ...\n\nBỘ NỘI VỤ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 09/2026/TT-BNV\nHà Nội, ngày 15 tháng 05 năm 2026\n")
    d = extract_text(text).document
    assert (d.type, d.number, d.date) == ("Thông tư", "09/2026/TT-BNV", "2026-05-15")


def test_central_documents_have_no_province():
    d = extract_text("CHÍNH PHỦ\nSố: 200/2026/NĐ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Hà Nội, ngày 05 tháng 6 năm 2026\n\nNGHỊ ĐỊNH\nQuy định về ...\n").document
    assert (d.issuer, d.province, d.date) == ("Chính phủ", None, "2026-06-05")


def test_self_references_name_the_type():
    d = extract_text("Điều 1. Thông tư này quy định chi tiết Nghị định số 145/2020/NĐ-CP.").document
    assert d.type == "Thông tư"


def test_markdown_headings_and_emphasis(tmp_path):
    from legalgraph import extract_file

    path = tmp_path / "plan.md"
    path.write_text("**ỦY BAN NHÂN DÂN**\n**TỈNH BẾN TRE**\n\nSố: **12**/KH-UBND\n\nBến Tre, ngày **03** tháng 02 năm 2025\n\n"
                    "# KẾ HOẠCH\n## Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ\n\n"
                    "Thực hiện Quyết định số **916/QĐ-TTg**, Ủy ban nhân dân tỉnh ban hành Kế hoạch.\n", encoding="utf-8")
    r = extract_file(path)
    d = r.document
    assert (d.type, d.number, d.date, d.province) == ("Kế hoạch", "12/KH-UBND", "2025-02-03", "Bến Tre")
    assert d.title == "Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ"
    c = r.citations[0]
    assert c.number == "916/QĐ-TTg" and len(c.mentions) == 2


def test_an_unnumbered_documents_id_survives_rendering_but_not_other_words(extractor):
    """The id of a draft is a digest of its words: the same draft laid out differently (line
    breaks, spacing, page numbers) keeps it, another draft does not."""
    draft = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: /KH-UBND\nBắc Giang, ngày tháng 6 năm 2021\n"
             "KẾ HOẠCH\nTriển khai công tác pháp chế năm 2021\n")
    relaid = draft.replace("\n", "\n\n").replace("công tác pháp", "công  tác\npháp") + "\n2\n"
    other = draft.replace("pháp chế", "phổ biến pháp luật")
    ids = [extractor.extract(t).document.id for t in (draft, relaid, other)]
    assert "~doc-" in ids[0]
    assert ids[0] == ids[1] != ids[2]
