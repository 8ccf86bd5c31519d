"""Typed relations, each with the sentence that states it."""

from __future__ import annotations

from legalgraph import extract_text


def triples(text):
    r = extract_text(text)
    label = {c.id: c.number or c.title for c in r.citations}
    label[r.document.id] = "SELF"
    out = {(label[x.source], x.type, label[x.target]) for x in r.relations}
    return r, out


def test_relation_between_two_cited_instruments_with_evidence():
    text = ("e) Phấn đấu theo Kế hoạch số 338/KH-UBND ngày 23/9/2024 của Ủy ban nhân dân tỉnh triển khai thực hiện "
            "Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số "
            "55/2011/NĐ-CP ngày 04/7/2011 của Chính phủ.")
    r, t = triples(text)
    assert {("338/KH-UBND", "IMPLEMENTS", "56/2024/NĐ-CP"), ("56/2024/NĐ-CP", "AMENDS", "55/2011/NĐ-CP")} <= t
    rel = next(x for x in r.relations if x.type == "AMENDS")
    assert rel.evidence.text == text and rel.cue == "sửa đổi, bổ sung"


def test_a_decree_cannot_amend_a_law():
    _, t = triples("Căn cứ Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ quy định chi tiết một số điều và "
                   "biện pháp thi hành Luật Ban hành văn bản quy phạm pháp luật năm 2015 đã được sửa đổi, bổ sung một số "
                   "điều theo Nghị định số 154/2020/NĐ-CP ngày 31/12/2020 của Chính phủ;")
    assert ("154/2020/NĐ-CP", "AMENDS", "34/2016/NĐ-CP") in t
    assert ("154/2020/NĐ-CP", "AMENDS", "80/2015/QH13") not in t
    assert ("34/2016/NĐ-CP", "DETAILS", "80/2015/QH13") in t
    assert ("SELF", "BASED_ON", "34/2016/NĐ-CP") in t


def test_a_provincial_decision_amends_the_regulation_it_names_not_the_decree_in_between():
    _, t = triples("Quyết định số 14/2021/QĐ-UBND ngày 30/4/2021 sửa đổi, bổ sung một số điều của Quy định biện pháp thi "
                   "hành một số điều của Luật Ban hành văn bản QPPL và chi tiết một số điều của Nghị định số "
                   "34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ ban hành kèm theo Quyết định số 353/2016/QĐ-UBND ngày "
                   "20/6/2016 của UBND tỉnh.")
    assert ("14/2021/QĐ-UBND", "AMENDS", "353/2016/QĐ-UBND") in t
    assert ("14/2021/QĐ-UBND", "AMENDS", "34/2016/NĐ-CP") not in t


def test_coordinated_targets_share_the_cue():
    _, t = triples("Ủy ban nhân dân tỉnh ban hành Kế hoạch số 2888/KH-UBND thực hiện Nghị quyết số 27-NQ/TW ngày 09 "
                   "tháng 11 năm 2022 của Ban Chấp hành Trung ương Đảng; Nghị quyết số 77/NQ-CP ngày 12 tháng 5 năm 2023 "
                   "của Chính phủ và Chương trình hành động số 59-CTr/TU ngày 15 tháng 5 năm 2023 của Tỉnh ủy.")
    assert {("SELF", "IMPLEMENTS", n) for n in ("27-NQ/TW", "77/NQ-CP", "59-CTr/TU")} <= t


def test_preamble_lists_are_based_on():
    _, t = triples("CHÍNH PHỦ\nSố: 200/2026/NĐ-CP\n\nNGHỊ ĐỊNH\nQuy định về trái phiếu\n\n"
                   "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n"
                   "Căn cứ Luật Doanh nghiệp số 59/2020/QH14 được sửa đổi, bổ sung bởi Luật số 03/2022/QH15 và Luật số "
                   "76/2025/QH15;\nTheo đề nghị của Bộ trưởng Bộ Tài chính;\n")
    assert {("SELF", "BASED_ON", "63/2025/QH15"), ("SELF", "BASED_ON", "59/2020/QH14"),
            ("03/2022/QH15", "AMENDS", "59/2020/QH14"), ("76/2025/QH15", "AMENDS", "59/2020/QH14")} <= t


def test_a_plan_implements_what_its_title_says_and_only_cites_the_rest():
    text = ("UBND TỈNH BẮC GIANG\nSố: /KH-UBND\n\nKẾ HOẠCH\nThực hiện Chỉ thị số 06-CT/TU ngày 05/5/2021 của Ban "
            "Thường vụ Tỉnh ủy\nI. MỤC ĐÍCH\n1. Các sở tiếp tục tổ chức thực hiện nghiêm túc các quy định của Luật Ban "
            "hành văn bản QPPL năm 2015, Nghị định số 34/2016/NĐ-CP của Chính phủ.\n"
            "2. Quán triệt, triển khai Chỉ thị 06-CT/TU và Kế hoạch này xong trong tháng 7/2021.\n")
    _, t = triples(text)
    assert ("SELF", "IMPLEMENTS", "06-CT/TU") in t
    assert ("SELF", "CITES", "80/2015/QH13") in t and ("SELF", "IMPLEMENTS", "80/2015/QH13") not in t
    assert ("SELF", "CITES", "34/2016/NĐ-CP") in t


def test_a_plan_does_not_amend_what_it_asks_others_to_amend():
    _, t = triples("UBND TỈNH BẾN TRE\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nThực hiện Quyết định số 1521/QĐ-TTg\n"
                   "I. NHIỆM VỤ\n1. Kiến nghị sửa đổi, bổ sung Quyết định số 890/QĐ-UBND ngày 17/4/2020.\n")
    assert ("SELF", "CITES", "890/QĐ-UBND") in t
    assert not any(x[1] == "AMENDS" for x in t)


def test_normative_text_replaces_and_repeals():
    _, t = triples("BỘ TÀI CHÍNH\nSố: 40/2026/TT-BTC\n\nTHÔNG TƯ\nQuy định ...\n\nĐiều 20. Hiệu lực thi hành\n"
                   "1. Thông tư này thay thế Thông tư số 12/2010/TT-BTC ngày 20 tháng 01 năm 2010 của Bộ Tài chính.\n"
                   "2. Bãi bỏ Điều 5 Thông tư số 07/2016/TT-BTC ngày 15 tháng 5 năm 2016.\n"
                   "3. Nghị định số 109/2022/NĐ-CP hết hiệu lực kể từ ngày Thông tư này có hiệu lực.\n")
    assert ("SELF", "REPLACES", "12/2010/TT-BTC") in t
    # repealing one article of a text amends it; the text stays in force
    assert ("SELF", "AMENDS", "07/2016/TT-BTC") in t and ("SELF", "REPEALS", "07/2016/TT-BTC") not in t


def test_replacing_or_repealing_a_part_is_an_amendment():
    """Gazette circulars: "Thay thế Phụ lục III Thông tư số 07/2021/TT-BLĐTBXH bằng …", "Bãi bỏ
    một số nội dung quy định tại Điều 10, Điều 21 Thông tư …", "thay thế cụm từ “…” bằng cụm từ
    “…” tại Điều 3 Nghị định …" (issue 14: these gave REPLACES / REPEALS of the whole text)."""
    head = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 02/2022/TT-BLĐTBXH\n\nTHÔNG TƯ\nSửa đổi …\n\n"
    _, t = triples(head + "Điều 1. Sửa đổi\n1. Thay thế Phụ lục III Thông tư số 07/2021/TT-BLĐTBXH bằng Phụ lục III "
                   "ban hành kèm theo Thông tư này.\n")
    assert ("SELF", "AMENDS", "07/2021/TT-BLĐTBXH") in t and ("SELF", "REPLACES", "07/2021/TT-BLĐTBXH") not in t
    _, t = triples(head + "Điều 2. Bãi bỏ một số nội dung quy định tại Điều 10, Điều 21 Thông tư số "
                   "18/2018/TT-BNNPTNT ngày 15 tháng 11 năm 2018.\n")
    assert ("SELF", "AMENDS", "18/2018/TT-BNNPTNT") in t and ("SELF", "REPEALS", "18/2018/TT-BNNPTNT") not in t
    _, t = triples(head + "Điều 3. Thay thế cụm từ “Bộ Lao động - Thương binh và Xã hội” bằng cụm từ “Bộ Nội vụ” "
                   "tại Điều 4 Nghị định số 12/2022/NĐ-CP.\n")
    assert ("SELF", "REPLACES", "12/2022/NĐ-CP") not in t
    # a whole text after a part of another is repealed whole
    _, t = triples(head + "Điều 4. Bãi bỏ Điều 5 Thông tư số 07/2016/TT-BLĐTBXH và Thông tư số 09/2017/TT-BLĐTBXH.\n")
    assert ("SELF", "REPEALS", "09/2017/TT-BLĐTBXH") in t and ("SELF", "AMENDS", "07/2016/TT-BLĐTBXH") in t


def test_footnote_continues_the_citation_it_is_glued_to():
    text = ("2. Các sở thực hiện nghiêm túc các quy định của Luật Ban hành văn bản QPPL năm 2015, Nghị định số "
            "34/2016/NĐ-CP2, Nghị\nđịnh số 154/2020/NĐ-CP3 của Chính phủ.\n"
            "2 ngày 14/5/2016 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản QPPL.\n"
            "3 ngày 31/12/2020 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 34/2016/NĐ-CP ngày "
            "14/5/2016 của Chính phủ.\n")
    r, t = triples(text)
    assert ("154/2020/NĐ-CP", "AMENDS", "34/2016/NĐ-CP") in t
    assert ("34/2016/NĐ-CP", "DETAILS", "80/2015/QH13") in t
    dates = {c.number: c.date for c in r.citations}
    assert dates["34/2016/NĐ-CP"] == "2016-05-14" and dates["154/2020/NĐ-CP"] == "2020-12-31"
    mention = next(c for c in r.citations if c.number == "34/2016/NĐ-CP").mentions[0]
    assert mention.footnote == "2" and mention.text == "Nghị định số 34/2016/NĐ-CP"


def test_bracket_footnotes():
    text = ("Thực hiện Quyết định số 1521/QĐ-TTg về Kết luận số 80-KL/TW[1], để tạo chuyển biến.\n"
            "[1] Kế hoạch số 270-KH/TU ngày 17/8/2020 của Tỉnh ủy Bến Tre về thực hiện Kết luận số 80-KL/TW ngày "
            "20/6/2020 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 32-CT/TW của Ban Bí thư.")
    _, t = triples(text)
    assert {("270-KH/TU", "IMPLEMENTS", "80-KL/TW"), ("80-KL/TW", "IMPLEMENTS", "32-CT/TW")} <= t


def test_the_title_of_an_amending_law_states_what_it_amends():
    _, t = triples("thực hiện các quy định của Luật Ban hành văn bản QPPL năm 2015, Luật Sửa đổi, bổ sung một số điều "
                   "của Luật Ban hành văn bản QPPL năm 2020.")
    assert ("63/2020/QH14", "AMENDS", "80/2015/QH13") in t


def test_every_citation_is_at_least_cited():
    r = extract_text("Căn cứ Nghị định số 56/2024/NĐ-CP; theo Công văn số 4147/UBND-NC ngày 29/11/2018.")
    targets = {x.target for x in r.relations if x.source == r.document.id}
    assert targets == {c.id for c in r.citations}


def test_the_documents_own_type_word_before_a_cue_is_the_document():
    # a catalogue title in lower case, and a news sentence, with no number for the plan
    _, t = triples("kế hoạch triển khai thực hiện nghị định số 116/2021/nđ-cp ngày 21/12/2021 của chính phủ")
    assert ("SELF", "IMPLEMENTS", "116/2021/NĐ-CP") in t
    _, t = triples("UBND tỉnh ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.")
    assert ("SELF", "IMPLEMENTS", "57-NQ/TW") in t


_DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 10/2025/NĐ-CP
Hà Nội, ngày 05 tháng 01 năm 2025
NGHỊ ĐỊNH
QUY ĐỊNH THỬ
"""


def _triples(r):
    ids = {c.id: c.number or c.title for c in r.citations}
    ids[r.document.id] = "SELF"
    return {(ids[x.source], x.type, ids[x.target]) for x in r.relations}


def test_every_amender_of_a_list_amends():
    """'… đã được sửa đổi, bổ sung một số điều theo Luật số A, Luật số B và Luật số C' (gazette
    consolidated texts); a named law after them starts the next entry of the list."""
    r = extract_text(_DECREE + "Căn cứ Luật Doanh nghiệp số 59/2020/QH14 đã được sửa đổi, bổ sung một số điều "
                     "theo Luật số 03/2022/QH15, Luật số 76/2025/QH15 và Luật số 90/2025/QH15, Luật Đầu tư số "
                     "61/2020/QH14;\n", bodies=False)
    t = _triples(r)
    assert {(a, "AMENDS", "59/2020/QH14") for a in ("03/2022/QH15", "76/2025/QH15", "90/2025/QH15")} <= t
    assert ("61/2020/QH14", "AMENDS", "59/2020/QH14") not in t


def test_a_text_of_the_amended_ones_day_after_its_amenders_is_the_next_basis():
    """Gazette decrees of 2025–26: "Căn cứ Nghị định số 78/2025/NĐ-CP ngày 01 tháng 4 năm 2025 …
    được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP … và Nghị định số 79/2025/NĐ-CP ngày 01
    tháng 4 năm 2025 … về kiểm tra …": 79/2025 came out with 78/2025, so it cannot amend it."""
    r = extract_text(_DECREE + "Căn cứ Nghị định số 78/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ quy định "
                     "chi tiết một số điều và biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn bản quy "
                     "phạm pháp luật được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP ngày 01 tháng 7 năm 2025 "
                     "của Chính phủ và Nghị định số 79/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ về kiểm "
                     "tra, rà soát, hệ thống hóa và xử lý văn bản quy phạm pháp luật;\nChính phủ ban hành Nghị "
                     "định.\nĐiều 1. Phạm vi\n", bodies=False)
    t = _triples(r)
    assert ("187/2025/NĐ-CP", "AMENDS", "78/2025/NĐ-CP") in t
    assert ("79/2025/NĐ-CP", "AMENDS", "78/2025/NĐ-CP") not in t
    assert {("SELF", "BASED_ON", n) for n in ("78/2025/NĐ-CP", "187/2025/NĐ-CP", "79/2025/NĐ-CP")} <= t


def test_every_item_of_a_list_of_repealed_texts_is_repealed():
    """'Các văn bản và quy định sau đây hết hiệu lực …:' then a), b), c) (gazette decrees)."""
    r = extract_text(_DECREE + "Chính phủ ban hành Nghị định.\nĐiều 9. Hiệu lực thi hành\n"
                     "2. Các văn bản và quy định sau đây hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành:\n"
                     "a) Nghị định số 68/2000/NĐ-CP ngày 17 tháng 11 năm 2000 của Chính phủ về hợp đồng;\n"
                     "b) Điều 3 Nghị định số 161/2018/NĐ-CP ngày 29 tháng 11 năm 2018 của Chính phủ sửa đổi "
                     "Nghị định số 68/2000/NĐ-CP;\n"
                     "c) Nghị quyết số 102/NQ-CP ngày 03 tháng 8 năm 2018 của Chính phủ.\n", bodies=False)
    t = _triples(r)
    assert {("SELF", "REPEALS", n) for n in ("68/2000/NĐ-CP", "102/NQ-CP")} <= t
    # b) repeals one article of 161/2018: an amendment of it, not its repeal
    assert ("SELF", "AMENDS", "161/2018/NĐ-CP") in t and ("SELF", "REPEALS", "161/2018/NĐ-CP") not in t


def test_a_bases_line_names_the_amended_law_and_its_amenders_as_bases():
    """Gazette decrees: "Căn cứ Luật Giáo dục số 43/2019/QH14 được sửa đổi, bổ sung bởi Luật số
    123/2025/QH15; Luật Nhà giáo số 73/2025/QH15;" — the decree rests on the law as amended;
    a law a basis's description names is not a basis."""
    r = extract_text(_DECREE + "Căn cứ Luật Giáo dục số 43/2019/QH14 được sửa đổi, bổ sung bởi Luật số 123/2025/QH15 "
                     "và Luật số 70/2025/QH15; Luật Nhà giáo số 73/2025/QH15;\nCăn cứ Nghị định số 214/2025/NĐ-CP "
                     "ngày 04 tháng 8 năm 2025 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành "
                     "Luật Đấu thầu số 22/2023/QH15;\nChính phủ ban hành Nghị định.\nĐiều 1. Phạm vi\n", bodies=False)
    t = _triples(r)
    assert {("SELF", "BASED_ON", n) for n in ("43/2019/QH14", "123/2025/QH15", "70/2025/QH15", "73/2025/QH15",
                                               "214/2025/NĐ-CP")} <= t
    assert ("123/2025/QH15", "AMENDS", "43/2019/QH14") in t
    assert ("SELF", "BASED_ON", "22/2023/QH15") not in t and ("214/2025/NĐ-CP", "DETAILS", "22/2023/QH15") in t


def test_bases_of_a_form_in_an_annex_and_the_noun_are_citations():
    r = extract_text(_DECREE + "Căn cứ Luật Đầu tư số 61/2020/QH14;\nChính phủ ban hành Nghị định.\n"
                     "Điều 1. Tiền lương làm căn cứ đóng bảo hiểm xã hội theo Nghị định số 58/2020/NĐ-CP.\n"
                     "Phụ lục\nMẫu số 01\nCăn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014;\n", bodies=False)
    t = _triples(r)
    assert ("SELF", "BASED_ON", "61/2020/QH14") in t
    assert ("SELF", "BASED_ON", "43/2014/NĐ-CP") not in t and ("SELF", "CITES", "43/2014/NĐ-CP") in t
    assert ("SELF", "BASED_ON", "58/2020/NĐ-CP") not in t


def test_a_consolidated_text_reprints_its_originals_bases():
    """A VBHN's 'Căn cứ' lines are the original's; a footnote quoting an amender's bases
    ('… có căn cứ ban hành như sau:') gives the amender's."""
    text = ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\nTHÔNG TƯ\nHướng dẫn\n\n"
            "Thông tư số 12/2022/TT-BLĐTBXH ngày 30 tháng 6 năm 2022, có hiệu lực kể từ ngày 15 tháng 8 năm 2022, "
            "được sửa đổi, bổ sung bởi:\n1. Thông tư số 12/2024/TT-BLĐTBXH ngày 14 tháng 11 năm 2024 của Bộ trưởng.\n"
            "Căn cứ Nghị định số 51/2016/NĐ-CP ngày 13 tháng 6 năm 2016 của Chính phủ;\n"
            "Bộ trưởng ban hành Thông tư hướng dẫn.1\n"
            "Điều 1. Phạm vi\n\n"
            "1 Thông tư số 12/2024/TT-BLĐTBXH ngày 14 tháng 11 năm 2024 có căn cứ ban hành như sau:\n"
            "Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ;\n"
            "Theo đề nghị của Vụ trưởng;\n\n"
            "XÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 469/VBHN-BLĐTBXH\nHà Nội, ngày 10 tháng 02 năm 2025\nBỘ TRƯỞNG\n"
            "Đào Ngọc Dung\n")
    t = _triples(extract_text(text, bodies=False))
    assert ("12/2022/TT-BLĐTBXH", "BASED_ON", "51/2016/NĐ-CP") in t, t
    assert ("SELF", "BASED_ON", "51/2016/NĐ-CP") not in t
    assert ("12/2024/TT-BLĐTBXH", "BASED_ON", "62/2022/NĐ-CP") in t, t


def test_a_date_of_another_year_than_the_number_is_not_its_date():
    """'… Nghị định số 75/2021/NĐ-CP được sửa đổi … ngày 24/7/2023' (a gazette decision's
    table): the date is not 75/2021's, so 55/2023 amends 75/2021 and not the reverse."""
    r = extract_text(_DECREE + "Điều 1. Nghị định số 75/2021/NĐ-CP ngày 24/7/2023 được sửa đổi, bổ sung bởi "
                     "Nghị định số 55/2023/NĐ-CP ngày 21/7/2023.\n", bodies=False)
    c = next(c for c in r.citations if c.number == "75/2021/NĐ-CP")
    assert c.year == 2021 and c.date is None
    assert ("55/2023/NĐ-CP", "AMENDS", "75/2021/NĐ-CP") in _triples(r)
