"""Tasks and deadlines: the seeds' two layouts, deadline normalisation, the tasks command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from legalgraph import extract_text
from legalgraph.cli import main
from legalgraph.extract.deadlines import DeadlineParser
from legalgraph.grammar import load_grammar

G = load_grammar()


@pytest.mark.parametrize("text,start,end,recurring", G.raw["deadlines"]["examples"])
def test_every_deadline_example(text, start, end, recurring):
    d = DeadlineParser(G).parse(text)
    assert d is not None
    assert (d.start or "", d.end or "", d.recurring or "") == (start, end, recurring)
    assert d.text == " ".join(text.split()).strip(" .;,")


def test_dates_of_cited_instruments_are_not_deadlines():
    p = DeadlineParser(G)
    assert p.parse_in_text("Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ") is None
    d = p.parse_in_text("kiện toàn đội ngũ nhân sự pháp chế trước ngày 02/7/2025, đảm bảo năng lực")
    assert d.end == "2025-07-01"


@pytest.fixture(scope="module")
def seed_tasks(seeds_dir):
    from legalgraph.extract.pipeline import extractor

    ex = extractor()
    return {p.name[:3]: ex.extract(p.read_text(encoding="utf-8")).tasks for p in seeds_dir.glob("*.txt")}


def by_text(tasks, fragment):
    hits = [t for t in tasks if fragment in t.text]
    assert hits, fragment
    return hits[0]


def roles(task):
    return {(b["name"], b["role"]) for b in task.bodies}


def test_ben_tre_tasks_carry_their_thoi_gian_thuc_hien(seed_tasks):
    tasks = seed_tasks["003"]
    t = by_text(tasks, "tổng kết 10 năm thi hành Luật PBGDPL")
    assert (t.number, t.deadline.start, t.deadline.end) == ("II.4.b", "2022-01-01", "2022-12-31")
    assert ("Sở Tư pháp tỉnh Bến Tre", "lead") in roles(t)
    t = by_text(tasks, "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên của Mặt trận,")
    assert (t.deadline.start, t.deadline.end) == ("2020-10-01", "2020-12-31")
    t = by_text(tasks, "tham mưu ban hành chính sách ưu đãi")
    assert (t.deadline.start, t.deadline.end) == ("2021-01-01", "2022-12-31")
    assert roles(t) >= {("Sở Tài chính tỉnh Bến Tre", "lead"), ("Sở Tư pháp tỉnh Bến Tre", "support")}
    t = by_text(tasks, "Đề xuất, góp ý xây dựng Bộ tiêu chí quốc gia")
    assert t.deadline.text == "Theo hướng dẫn của Trung ương" and t.deadline.end is None
    # one "Thời gian thực hiện: Hàng năm." after a run of bullets applies to each of them
    bullets = [t for t in tasks if t.number.startswith("II.2.a.")]
    assert len(bullets) == 4 and all(t.deadline.recurring == "yearly" for t in bullets)
    assert all(("Các sở, ban, ngành tỉnh Bến Tre", "lead") in roles(t) for t in bullets)
    # "c) Sở Thông tin và Truyền thông:" heads the items under it
    assert all(("Sở Thông tin và Truyền thông tỉnh Bến Tre", "lead") in roles(t)
               for t in tasks if t.number.startswith("II.2.c."))


def test_bac_giang_co_quan_chu_tri_and_phoi_hop_pairs(seed_tasks):
    tasks = seed_tasks["004"]
    t = by_text(tasks, "Tổ chức Hội nghị trực tuyến quán triệt")
    assert roles(t) >= {("Sở Tư pháp tỉnh Bắc Giang", "lead"), ("Văn phòng UBND tỉnh Bắc Giang", "support"),
                        ("Sở Thông tin và Truyền thông tỉnh Bắc Giang", "support")}
    assert t.deadline.text.startswith("sau khi dịch bệnh Covid-19")
    t = by_text(tasks, "Tập trung thanh tra, kiểm tra")
    t = by_text(tasks, "Thường xuyên thực hiện theo dõi, đôn đốc, kiểm tra việc thực hiện các kết luận")
    assert ("Thanh tra tỉnh Bắc Giang", "lead") in roles(t) and t.deadline.recurring == "continuous"
    t = by_text(tasks, "Tham mưu Ban cán sự Đảng UBND tỉnh trình Ban Thường vụ Tỉnh ủy")
    assert ("Sở Tư pháp tỉnh Bắc Giang", "lead") in roles(t)
    assert (t.deadline.start, t.deadline.end) == ("2021-09-01", "2021-09-30")
    t = by_text(tasks, "trước ngày 02/12 báo cáo kết quả")
    assert (t.deadline.end, t.deadline.recurring) == ("--12-01", "yearly")
    assert ("Sở Tư pháp tỉnh Bắc Giang", "report_to") in roles(t)
    assert ("Các sở, ban, ngành tỉnh Bắc Giang", "lead") in roles(t)


def test_news_summary_tasks_are_sentences(seed_tasks):
    tasks = seed_tasks["000"]
    deadlines = {t.deadline.text for t in tasks if t.deadline}
    assert {"trong quý iii năm 2024", "trước ngày 02/7/2025", "vào năm 2025"} <= {d.lower() for d in deadlines}
    assert ("Sở Tư pháp", "lead") in roles(by_text(tasks, "Sở Tư pháp là cơ quan chủ trì"))


def test_laws_and_decrees_have_no_tasks():
    from legalgraph import extract_text

    r = extract_text("CHÍNH PHỦ\nSố: 200/2026/NĐ-CP\n\nNGHỊ ĐỊNH\nQuy định ...\n\nĐiều 1. Phạm vi\n"
                     "a) Bộ Tài chính chủ trì, phối hợp với các bộ hướng dẫn thi hành.\n")
    assert r.tasks == [] and any(b["name"] == "Bộ Tài chính" for b in r.bodies)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_tasks_command_filters(seeds_dir):
    r = run("tasks", str(seeds_dir), "--body", "Sở Tư pháp tỉnh Bến Tre", "--role", "lead", "--format", "json")
    assert r.exit_code == 0
    found = json.loads(r.stdout)
    assert found and all(f["document"]["number"] == "6134/KH-UBND" for f in found)
    assert all(any(b["name"] == "Sở Tư pháp tỉnh Bến Tre" and b["role"] == "lead" for b in f["bodies"]) for f in found)
    overdue = json.loads(run("tasks", str(seeds_dir), "--overdue", "--today", "2021-01-01", "--format", "json").stdout)
    assert overdue and all(f["deadline"]["end"] < "2021-01-01" and not f["deadline"]["recurring"] for f in overdue)
    due = json.loads(run("tasks", str(seeds_dir), "--due-before", "2021-07-01", "--format", "json").stdout)
    assert {f["number"] for f in due} >= {"II.8.a", "II.1.a"}
    table = run("tasks", str(seeds_dir), "--body", "Thanh tra tỉnh").stdout
    assert "Thanh tra tỉnh Bắc Giang" in table


def test_extract_no_bodies(seeds_dir):
    r = run("extract", str(seeds_dir / "003_6df45af5e4de73d5.txt"), "--no-bodies")
    doc = json.loads(r.stdout)
    assert doc["bodies"] == [] and doc["tasks"] == [] and doc["citations"]


@pytest.mark.parametrize("text,end,recurring", G.raw["deadlines"]["in_text_examples"])
def test_every_in_text_deadline_example(text, end, recurring):
    d = DeadlineParser(G).parse_in_text(text)
    if end == "none":
        assert d is None
    else:
        assert d is not None
        assert (d.end or "", d.recurring or "") == (end, recurring)


def _tasks_of(gazette_dir, name):
    from legalgraph.extract.pipeline import extractor

    return extractor().extract((gazette_dir / name).read_text(encoding="utf-8")).tasks


def _leads(task):
    return [b["text"] for b in task.bodies if b["role"] == "lead"]


def test_a_pdf_task_table_gives_each_row_its_lead_support_and_time(gazette_dir):
    """Quyết định 844/QĐ-TTg's Phụ lục: one cell per line, the header printed on each page,
    a row's cells interleaved ("… phù hợp Bộ Y tế") and rows running over page breaks."""
    tasks = _tasks_of(gazette_dir, "quyet-dinh-so-844-qd-ttg-469526.txt")
    row = by_text(tasks, "Xây dựng Đề án về đổi mới, nâng cao hiệu quả")
    assert _leads(row) == ["Bộ Tài chính"] and row.deadline.end == "2027-03-31"
    assert "Bộ Y tế" in [b["text"] for b in row.bodies if b["role"] == "support"]
    row = by_text(tasks, "Xây dựng Nghị định về tăng mức đóng bảo hiểm y tế từ năm 2027")
    assert _leads(row) == ["Bộ Y tế"] and row.deadline.end == "2027-03-31"
    item = by_text(tasks, "Từ quý IV/2027 xây dựng Nghị quyết thí điểm")  # a "-" item of a row after a page break
    assert _leads(item) == ["Bộ Y tế"] and (item.deadline.start, item.deadline.end) == ("2027-10-01", None)
    assert not any(t.text.startswith("Tổ chức thể chế hóa") for t in tasks)  # I. MỤC TIÊU: aims, not work


def test_a_table_grouped_by_its_lead_gives_each_row_the_group_lead(gazette_dir):
    """Nghị quyết 175/NQ-CP's Phụ lục I.II: "STT | Đơn vị | Nhiệm vụ chủ trì | Đơn vị phối
    hợp | Thời gian", one merged lead cell per group, its number and name printed with the
    group's last row on its first page; rows carry no numbers of their own."""
    tasks = _tasks_of(gazette_dir, "nghi-quyet-so-175-nq-cp-40286.txt")
    first = by_text(tasks, "Tham mưu Chính phủ ban hành Nghị định quy định danh mục cơ sở dữ liệu quốc gia; việc")
    assert _leads(first) == ["Bộ Thông tin và Truyền thông"]  # three rows before "1 Bộ Thông tin và Truyền thông"
    assert [b["text"] for b in first.bodies if b["role"] == "support"] == [
        "Bộ Tư pháp", "Văn phòng Chính phủ", "Bộ Công an"]  # "(1) … (2) … (3) …"
    assert first.deadline.end == "2023-12-31"
    # the top of the next page goes on with the group above ("2 Bộ Công an" was on the page before)
    assert _leads(by_text(tasks, "Sửa đổi, bổ sung Nghị định số 01/2018/NĐ-CP")) == ["Bộ Công an"]
    assert _leads(by_text(tasks, "Thẩm định dự án xây dựng")) == ["Bộ Xây dựng"]
    # a row printed before its group's number, after the row of the group above
    assert _leads(by_text(tasks, "Hợp tác quốc tế về khoa học dữ liệu")) == ["Bộ Ngoại giao"]
    assert _leads(by_text(tasks, "Triển khai các giải pháp bảo đảm an toàn, xác thực")) == ["Ban Cơ yếu Chính phủ"]
    # a time cell that names no date, in the table of an annex titled "GIAI ĐOẠN 1 (2023 - 2025)"
    row = next(t for t in tasks if t.number == "4.1")
    assert row.text.startswith("Bố trí kinh phí thực hiện Nghị quyết") and _leads(row) == ["Bộ Tài chính"]
    assert row.deadline.text == "Theo lộ trình của Đề án do Bộ Công an đề xuất" and row.deadline.end == "2025-12-31"
    assert by_text(tasks, "Rà soát, đánh giá các luật có quy định").deadline.end is None  # "Thường xuyên": open
    assert not any(t.text.startswith("Phụ lục II") for t in tasks)
    # the annex's title "NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG" leads its items that name no lead
    item = by_text(tasks, "Rà soát, thống kê các trường thông tin có trong")
    assert [b["name"] for b in item.bodies if b["role"] == "lead"] == ["Các bộ, ngành, địa phương"]
    assert item.deadline.end == "2023-12-31"


def test_a_body_heading_with_a_page_header_under_it_leads_its_items(gazette_dir):
    """Quyết định 982/QĐ-TTg: "6. Các Bộ, ngành", then the gazette's page header, then its
    items a) and b)."""
    tasks = _tasks_of(gazette_dir, "quyet-dinh-so-982-qd-ttg-469699.txt")
    assert _leads(by_text(tasks, "Chủ động rà soát, tháo gỡ các khó khăn, vướng mắc của doanh nghiệp")) == ["Các Bộ, ngành"]
    assert not any(t.text.startswith("Các Bộ, ngành") for t in tasks)  # the heading is not a task
    assert not any("CÔNG BÁO" in t.text for t in tasks)  # nor are page headers words of an item


def test_a_grouped_table_whose_numbers_open_their_groups():
    """The same table with each group's number and lead printed above its rows (a cell
    aligned to the top): the rows after a number are that group's."""
    from legalgraph.extract.pipeline import extractor

    text = ("CHÍNH PHỦ\nSố: 10/NQ-CP\nHà Nội, ngày 30 tháng 10 năm 2023\nNGHỊ QUYẾT\nVề Đề án\nCHÍNH PHỦ\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nQUYẾT NGHỊ:\n"
            "Điều 1. Giao các bộ thực hiện các nhiệm vụ tại Phụ lục kèm theo Nghị quyết này.\n"
            "Nơi nhận:\n- Như Điều 1;\n- Lưu: VT.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhạm Minh Chính\n"
            "Phụ lục\nNHIỆM VỤ CỦA CÁC BỘ, NGÀNH\n(Kèm theo Nghị quyết số 10/NQ-CP)\n"
            "STT\nĐơn vị\nNhiệm vụ chủ trì\nĐơn vị phối hợp\nThời gian\nhoàn thành\n"
            "1\nBộ Tài chính\nBố trí kinh phí thực hiện Nghị quyết theo quy\nđịnh của pháp luật về ngân sách nhà nước\n"
            "(1) Bộ Công an\n(2) Bộ Kế hoạch và Đầu tư\nQuý IV/2023\n"
            "Hướng dẫn các bộ lập dự toán kinh phí thực hiện\ncác nhiệm vụ của Đề án hằng năm\nBộ Công an\nQuý I/2024\n"
            "2\nBộ Nội vụ\nHướng dẫn vị trí việc làm, chế độ chính sách đối\nvới nhân sự vận hành hệ thống thông tin\n"
            "(1) Bộ Công an\n(2) Bộ Tài chính\nQuý II/2024\n")
    tasks = extractor().extract(text).tasks
    assert [(t.text[:20], _leads(t), t.deadline.end) for t in tasks] == [
        ("Bố trí kinh phí thực", ["Bộ Tài chính"], "2023-12-31"),
        ("Hướng dẫn các bộ lập", ["Bộ Tài chính"], "2024-03-31"),
        ("Hướng dẫn vị trí việ", ["Bộ Nội vụ"], "2024-06-30"),
    ]


@pytest.mark.parametrize("header,columns", G.raw["roles"]["tables"]["examples"])
def test_table_header_examples(header, columns):
    from legalgraph.extract.task_tables import TableReader

    reader = TableReader(G, DeadlineParser(G).parse)
    assert " ".join(reader.columns(header)) == columns


@pytest.mark.parametrize("cell", G.raw["roles"]["tables"]["time_cell_opener_examples"])
def test_time_cell_opener_examples(cell):
    from legalgraph.extract.task_tables import TableReader

    reader = TableReader(G, DeadlineParser(G).parse)
    assert DeadlineParser(G).parse(cell) is None and reader._time_opener.match(cell)


def test_table_sub_rows_with_cells_of_their_own(gazette_dir):
    """Nghị quyết 116/NQ-CP's Phụ lục: "TT" rows numbered without a dot, and "-" sub-rows
    each with its own lead ("- Công trình giao thông. | Bộ Xây dựng")."""
    tasks = _tasks_of(gazette_dir, "nghi-quyet-so-116-nq-cp-469463.txt")
    assert _leads(by_text(tasks, "Công trình giao thông.")) == ["Bộ Xây dựng"]
    assert _leads(by_text(tasks, "Công trình hạ tầng năng lượng.")) == ["Bộ Công Thương"]
    row = next(t for t in tasks if t.number == "6" and t.text.startswith("Hoàn thiện các quy định về xử lý"))
    assert _leads(row) == ["Bộ NN&MT"] and "Bộ Tư pháp" in [b["text"] for b in row.bodies if b["role"] == "support"]
    assert (row.deadline.start, row.deadline.end) == ("2026-01-01", None)  # "Năm 2026 và các năm tiếp theo"


def test_headings_that_introduce_items_give_them_lead_and_support(gazette_dir):
    """Nghị quyết 122/NQ-CP's Phụ lục: "3. Bộ Tài chính chủ trì, phối hợp với các cơ quan,
    địa phương:" over items a) … o); "b) Chủ trì, phối hợp với Bộ Tài chính …" keeps both."""
    tasks = _tasks_of(gazette_dir, "nghi-quyet-so-122-nq-cp-469492.txt")
    assert not any(t.text.startswith("Bộ Tài chính chủ trì, phối hợp với các cơ quan, địa phương") for t in tasks)
    t = by_text(tasks, "Chủ trì, phối hợp với Bộ Tài chính hoàn thiện cơ chế tài chính")
    assert ("Bộ Khoa học và Công nghệ", "lead") in roles(t) and ("Bộ Tài chính", "support") in roles(t)
    t = by_text(tasks, "Văn phòng Chính phủ theo dõi, đôn đốc, tổng hợp")  # a paragraph of its own
    assert _leads(t) == ["Văn phòng Chính phủ"]


def test_a_ministry_plan_after_its_decision_gives_its_units_their_tasks():
    """The layout issue 15 quotes: a plan printed after the decision's signature (the
    signer's name and "KẾ HOẠCH …" on one line), rows "Đơn vị chủ trì: Vụ …"."""
    from legalgraph.extract.pipeline import extractor

    text = ("BỘ TƯ PHÁP\nSố: 1234/QĐ-BTP\nHà Nội, ngày 10 tháng 4 năm 2015\nQUYẾT ĐỊNH\n"
            "Ban hành Kế hoạch triển khai thi hành Luật\nBỘ TRƯỞNG BỘ TƯ PHÁP\nCăn cứ Nghị định số 22/2013/NĐ-CP;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n"
            "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nBỘ TRƯỞNG Hà Hùng Cường KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Xác định cụ thể nội dung công việc.\nII. NỘI DUNG\n"
            "1. Tổ chức hội nghị quán triệt Luật\na) Đơn vị chủ trì: Vụ Pháp luật hình sự - hành chính.\n"
            "b) Đơn vị phối hợp: Vụ Phổ biến, giáo dục pháp luật, Văn phòng Bộ.\nc) Thời gian: Quý II, III/2015.\n")
    tasks = extractor().extract(text).tasks
    assert len(tasks) == 1
    t = tasks[0]
    assert roles(t) == {("Vụ Pháp luật hình sự - hành chính", "lead"), ("Vụ Phổ biến, giáo dục pháp luật", "support"),
                        ("Văn phòng Bộ", "support")}
    assert t.deadline.end == "2015-09-30"


def test_a_shared_attribute_block_covers_the_items_of_its_group_before_it(tvpl_dir):
    """Quyết định 435/QĐ-UBND (Kon Tum): items 3.1–3.3 have no lines of their own; the
    "Cơ quan thực hiện" / "Thời gian thực hiện" block after 3.4 is written for the group."""
    tasks = _tasks_of(tvpl_dir, "Quyết_định_435_QĐ-UBND_năm_2020.txt")
    for start in ("Rà soát, kiện toàn, nâng cao hiệu quả hoạt động", "Việc giải quyết tranh chấp lao động",
                  "Chỉ đạo nghiên cứu, kiện toàn cơ chế", "Tập huấn bồi dưỡng, nâng cao năng lực"):
        t = by_text(tasks, start)
        assert _leads(t) == ["Sở Lao động - Thương binh và Xã hội"], start
        assert t.deadline.recurring == "continuous"  # "Thực hiện thường xuyên hằng năm": the first cue
    # an item with its own block keeps it
    t = by_text(tasks, "Đẩy mạnh công tác tuyên truyền trên các phương tiện")
    assert _leads(t) == ["Sở Thông tin và Truyền thông"]


def _section_examples():
    from legalgraph.grammar import load_grammar

    return load_grammar().raw["roles"]["sections"]["examples"]


@pytest.mark.parametrize("heading", _section_examples())
def test_a_section_that_gives_no_work_gives_no_tasks(heading):
    """roles.toml [sections] not_work: the items under such a heading (aims, views, a
    project's place and role) are not work given out, even when they name a body."""
    text = ("ỦY BAN NHÂN DÂN TỈNH BẾN TRE\nSố: 12/KH-UBND\nKẾ HOẠCH\nTriển khai công tác pháp chế năm 2024\n"
            f"{heading}\na) Sở Tư pháp chủ trì tổ chức hội nghị tuyên truyền.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì tổ chức hội nghị phổ biến.\n")
    assert [t.text for t in extract_text(text).tasks] == ["Sở Nội vụ chủ trì tổ chức hội nghị phổ biến."]


# -- what is not work: descriptive annexes, closing clauses, funding (issue 15) ----------

_RESOLUTION = ("CHÍNH PHỦ\nSố: 175/NQ-CP\nNGHỊ QUYẾT\nVề Đề án Trung tâm dữ liệu quốc gia\nCHÍNH PHỦ\n"
               "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nQUYẾT NGHỊ:\n"
               "Điều 1. Phê duyệt Đề án với các nội dung chính như sau:\n"
               "V. NHIỆM VỤ\n1. Tham mưu Chính phủ ban hành Nghị định quy định danh mục cơ sở dữ liệu quốc gia.\n"
               "- Đơn vị chủ trì: Bộ Thông tin và Truyền thông.\n"
               "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Lưu Quang\n"
               "Phụ lục I\nNHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG\n(Kèm theo Nghị quyết số 175/NQ-CP\n"
               "ngày 30 tháng 10 năm 2023 của Chính phủ)\nI. NHIỆM VỤ CHUNG\n"
               "1. Rà soát, thống kê các trường thông tin có trong cơ sở dữ liệu (hoàn thành trong Quý IV/2023).\n")


def _grammar_list(section, key):
    return load_grammar().raw["roles"][section][key]


@pytest.mark.parametrize("annex", _grammar_list("annexes", "description_examples"))
def test_an_annex_that_describes_gives_no_tasks(annex):
    """roles.toml [annexes] descriptions: an annex printed after another one ("Phụ lục II"
    after the last item of Phụ lục I) is a part of its own; one that describes a body's
    status and functions or what a project builds gives no work, and the title of the
    annex before it ("NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG") does not lead its items."""
    text = _RESOLUTION + annex + ("\nI. VỊ TRÍ\n1. Trung tâm dữ liệu quốc gia là cơ quan quản lý dữ liệu của quốc gia.\n"
                                  "2. Tổ chức vận hành, quản trị, lưu trữ, chia sẻ dữ liệu.\n")
    tasks = extract_text(text).tasks
    assert [t.text[:20] for t in tasks] == ["Tham mưu Chính phủ b", "Rà soát, thống kê cá"]
    assert [b["name"] for b in tasks[1].bodies if b["role"] == "lead"] == ["Các bộ, ngành, địa phương"]


def test_the_next_annex_is_read_with_its_own_title():
    text = _RESOLUTION + ("Phụ lục II\nLỘ TRÌNH THỰC HIỆN\n(Kèm theo Nghị quyết số 175/NQ-CP)\n"
                          "1. Xây dựng hạ tầng vận hành Trung tâm dữ liệu quốc gia.\n"
                          "2. Đào tạo, tập huấn, bảo đảm nguồn nhân lực phục vụ quản trị.\n")
    tasks = extract_text(text).tasks
    assert tasks[-2].text.startswith("Xây dựng hạ tầng")
    assert not [b for b in tasks[-2].bodies if b["role"] == "lead"]  # not "NHIỆM VỤ CỦA CÁC BỘ, …"


@pytest.mark.parametrize("clause", _grammar_list("sections", "closing_examples"))
def test_closing_clauses_are_not_tasks(clause):
    text = _RESOLUTION.replace("- Đơn vị chủ trì: Bộ Thông tin và Truyền thông.\n",
                               "- Đơn vị chủ trì: Bộ Thông tin và Truyền thông.\nĐiều 2. Điều khoản thi hành\n"
                               + clause + "\n")
    assert [t.text[:20] for t in extract_text(text).tasks] == ["Tham mưu Chính phủ b", "Rà soát, thống kê cá"]


@pytest.mark.parametrize("section", _grammar_list("sections", "funding_examples"))
def test_funding_sources_are_not_tasks(section):
    """roles.toml [sections] funding: where the money comes from is not work; an item under
    the funding section that gives a body the money to arrange is."""
    text = _RESOLUTION.replace(
        "- Đơn vị chủ trì: Bộ Thông tin và Truyền thông.\n",
        "- Đơn vị chủ trì: Bộ Thông tin và Truyền thông.\n" + section + "\n"
        "3. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ bố trí kinh phí thực hiện các nhiệm vụ của Đề án.\n"
        "Điều 2. Tổ chức thực hiện\n1. Bộ Công an chủ trì, phối hợp với Bộ Tư pháp rà soát các luật.\n")
    texts = [t.text[:20] for t in extract_text(text).tasks]
    assert "Tham mưu Chính phủ b" in texts and "Bộ Công an chủ trì, " in texts
    if section.startswith("VIII"):
        assert "Các bộ, cơ quan ngan" in texts
    assert not any(t.startswith(("Kinh phí", "Khuyến khích", "Đầu tư xây", "Đào tạo", "Giải pháp")) for t in texts)


def test_a_topic_heading_naming_a_body_is_not_a_task():
    """"2. Về xây dựng, vận hành Trung tâm dữ liệu quốc gia": the body is what the items
    are about; the heading over them is not a task."""
    text = _RESOLUTION.replace(
        "V. NHIỆM VỤ\n",
        "V. NHIỆM VỤ\n2. Về xây dựng, vận hành Trung tâm dữ liệu quốc gia\n"
        "a) Xây dựng hạ tầng vận hành Trung tâm dữ liệu quốc gia đáp ứng các tiêu chuẩn.\n"
        "- Đơn vị chủ trì: Bộ Công an.\n")
    tasks = extract_text(text).tasks
    assert not any(t.text.startswith("Về xây dựng") for t in tasks)
    t = by_text(tasks, "Xây dựng hạ tầng vận hành")
    assert [b["name"] for b in t.bodies if b["role"] == "lead"] == ["Bộ Công an"]


# -- the subject of an item (issue 15) ------------------------------------------------------

def _item_leads(text):
    tasks = extract_text(_RESOLUTION.replace("V. NHIỆM VỤ\n", "V. NHIỆM VỤ\n" + text)).tasks
    return tasks[0], sorted(b["name"] for b in tasks[0].bodies if b["role"] == "lead")


def test_the_bodies_listed_with_the_subject_lead_too():
    """NQ 175/NQ-CP VII.2: "Các bộ, ban, ngành, địa phương, tổ chức chính trị - xã hội
    thực hiện: …" — every body of the list that opens the item leads."""
    _, leads = _item_leads("1. Các bộ, ban, ngành, địa phương, tổ chức chính trị - xã hội thực hiện: chuẩn hóa dữ liệu.\n")
    assert leads == ["Các bộ, ngành, địa phương", "Các tổ chức chính trị - xã hội"]


def test_a_list_after_cua_is_not_the_subject():
    """NQ 175/NQ-CP Điều 2.8: the proposing bodies are inputs, not leads."""
    _, leads = _item_leads("1. Trên cơ sở đề nghị của Bộ Công an và các bộ, ngành, địa phương, Bộ Kế hoạch và Đầu tư "
                           "chủ trì, phối hợp với Bộ Tài chính tổng hợp, bố trí vốn đầu tư công.\n")
    assert leads == ["Bộ Kế hoạch và Đầu tư"]


@pytest.mark.parametrize("item,lead", [
    ("- Hạ tầng mạng truyền số liệu chuyên dùng: Bộ Công an sẽ phối hợp với Bộ Thông tin và Truyền thông hướng dẫn "
     "thực hiện cho các đơn vị liên quan.\n", "Bộ Công an"),
    ("- Hạ tầng mạng WAN (mạng chuyên dụng) hiện tại của mỗi đơn vị: Trung tâm dữ liệu quốc gia sẽ phối hợp với các bộ, "
     "ngành và địa phương bổ sung kết nối đường truyền mạng WAN.\n", "Trung tâm dữ liệu quốc gia"),
    ("- Từ Quý III năm 2025, Trung tâm dữ liệu quốc gia đưa vào vận hành hệ thống công nghệ thông tin.\n",
     "Trung tâm dữ liệu quốc gia"),
])
def test_the_body_that_opens_the_clause_after_a_topic_or_a_time_leads(item, lead):
    """NQ 175/NQ-CP VI.5 and VII.1: the subject after what the item is about ("…: Bộ Công an
    sẽ phối hợp …") or after when ("Từ Quý III năm 2025, …")."""
    _, leads = _item_leads(item + "- Rà soát các văn bản quy phạm pháp luật có liên quan.\n")
    assert lead in leads


def test_a_colon_before_a_list_of_partners_gives_no_lead():
    _, leads = _item_leads("- Tổ chức thực hiện phối hợp với các cơ quan sau: Bộ Công an, Bộ Tư pháp.\n"
                           "- Rà soát các văn bản quy phạm pháp luật có liên quan.\n")
    assert "Bộ Công an" not in leads


def test_open_work_in_a_phase_is_due_by_the_phase_end():
    """NQ 175/NQ-CP VII.1: "Từ Quý III năm 2025, …" under "1. Giai đoạn 1 từ năm 2023 đến hết
    năm 2025" is due by 2025-12-31."""
    t, _ = _item_leads("1. Giai đoạn 1 từ năm 2023 đến hết năm 2025\n"
                       "- Từ Quý III năm 2025, Trung tâm dữ liệu quốc gia đưa vào vận hành hệ thống.\n"
                       "- Hoàn thiện mô hình và cơ cấu tổ chức đơn vị.\n")
    assert (t.deadline.start, t.deadline.end) == ("2025-07-01", "2025-12-31")


# -- NQ 116/NQ-CP's Phụ lục: a task table in sections (issue 15) ---------------------------

_SECTIONED_TABLE = (
    "CHÍNH PHỦ\nSố: 116/NQ-CP\nHà Nội, ngày 29 tháng 4 năm 2026\nNGHỊ QUYẾT\nVề Kế hoạch\nCHÍNH PHỦ\n"
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nQUYẾT NGHỊ:\n"
    "1. Bộ Nông nghiệp và Môi trường chủ trì theo dõi việc triển khai thực hiện Kế hoạch này.\n"
    "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nHồ Quốc Dũng\n"
    "Phụ lục\nNHIỆM VỤ TRỌNG TÂM THỰC HIỆN KẾT LUẬN SỐ 213-KL/TW\n(Kèm theo Nghị quyết số 116/NQ-CP)\n"
    "TT\nNội dung, nhiệm vụ\nCơ quan chủ\ntrì thực hiện\nCơ quan \nphối hợp\nThời gian\n"
    "I\nHoàn thiện thể chế, chính sách, các quy định của pháp luật về công tác phòng, chống\nthiên tai\n"
    "1\nRà soát, thể chế hóa các chủ trương,\nđịnh hướng của Đảng thành văn bản\npháp luật.\n"
    "Bộ Quốc phòng\nCác bộ,\ncơ quan, \nđịa phương\nNăm \n2026 - 2027\n"
    "II\nPhân công, phân cấp và nâng cao năng lực cho lực lượng làm công tác phòng, chống\nthiên tai\n"
    "1\nRà soát, sắp xếp, kiện toàn tổ chức\nbộ máy theo hướng thống nhất.\n"
    "Bộ Tư pháp\nCác bộ, \ncơ quan, \nđịa phương\nNăm \n2026 - 2027\n"
    "III Huy động và sử dụng hiệu quả nguồn lực cho công tác phòng ngừa, ứng phó, khắc \n"
    "phục hậu quả thiên tai\n"
    "1\nĐầu tư trang thiết bị, phương tiện\nchuyên dụng, lưỡng dụng, hiện đại.\n"
    "Bộ Quốc phòng \nCác bộ,\n cơ quan, \nđịa phương \nGiai đoạn\n2026 - 2030\n")


def test_a_task_table_numbered_again_under_each_section_row():
    """NQ 116/NQ-CP's Phụ lục: the rows are numbered from 1 again under each section row
    ("II", and "III Huy động …" with its numeral on the line of its words, no dot)."""
    tasks = extract_text(_SECTIONED_TABLE).tasks
    rows = [(t.text[:20], _leads(t), t.deadline.end if t.deadline else None) for t in tasks]
    assert rows == [("Rà soát, thể chế hóa", ["Bộ Quốc phòng"], "2027-12-31"),
                    ("Rà soát, sắp xếp, ki", ["Bộ Tư pháp"], "2027-12-31"),
                    ("Đầu tư trang thiết b", ["Bộ Quốc phòng"], "2030-12-31")]


# -- leads from a lead-in sentence or a heading of office-holders (NQ 116, NQ 122) ---------

_MINISTERS = ["Bộ trưởng, Thủ trưởng cơ quan ngang bộ", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"]


def _lead_texts(task):
    return sorted(b["text"] for b in task.bodies if b["role"] == "lead")


def test_a_heading_of_office_holders_after_cac_leads_its_items():
    """NQ 116/NQ-CP III.1: "Các" before the first office-holder does not hide it."""
    t, _ = _item_leads("1. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân \n"
                       "dân các tỉnh, thành phố: \n"
                       "a) Tập trung chỉ đạo thực hiện quyết liệt, đồng bộ, hiệu quả Kết luận số 213-KL/TW.\n"
                       "b) Tăng cường kiểm tra, đôn đốc, giám sát việc triển khai thực hiện Kế hoạch.\n")
    assert t.text.startswith("Tập trung chỉ đạo")
    assert _lead_texts(t) == _MINISTERS


def test_the_lead_in_sentence_closing_a_long_paragraph_leads_the_items():
    """NQ 122/NQ-CP II.3: a paragraph (the outlook, the year's targets) ends with "Chính phủ
    yêu cầu các Bộ trưởng, … những nội dung sau:" — those it asks lead every item; the
    Government that asks does not, and the paragraph is not a task."""
    outlook = ("Thời gian tới, dự báo tình hình thế giới tiếp tục biến động phức tạp, khó \n"
               "lường; căng thẳng địa chính trị, chiến tranh xung đột quân sự, cạnh tranh chiến \n"
               "lược giữa các nước lớn gay gắt, kéo dài; tăng trưởng toàn cầu phục hồi chậm; thị \n"
               "trường tài chính, tiền tệ tiếp tục biến động, tiềm ẩn rủi ro… Ở trong nước, khó \n"
               "khăn, thuận lợi đan xen, nhưng khó khăn, thách thức nhiều hơn, tạo áp lực lên \n"
               "công tác chỉ đạo điều hành và việc thực hiện các mục tiêu phát triển kinh tế - xã \nhội của nước ta. \n")
    lead_in = ("Để hoàn thành các mục tiêu, nhiệm vụ của năm 2026, phấn đấu tốc độ tăng \n"
               "trưởng GDP cả năm đạt từ 10% trở lên gắn với giữ vững ổn định kinh tế vĩ mô, \n"
               "kiểm soát lạm phát, bảo đảm các cân đối lớn của nền kinh tế; Chính phủ yêu cầu \n"
               "các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, \n"
               "thành phố phát huy tinh thần trách nhiệm, quyết tâm cao độ, nỗ lực lớn, hành động \n"
               "quyết liệt, tập trung chỉ đạo, điều hành chủ động, linh hoạt, đồng bộ, kịp thời, hiệu \n"
               "quả các nhiệm vụ, giải pháp đã đề ra, trong đó chú trọng những nội dung sau: \n")
    t, _ = _item_leads("3. Phương hướng, nhiệm vụ, giải pháp trọng tâm tháng 5 và thời gian tới \n" + outlook + lead_in
                       + "a) Theo dõi chặt chẽ diễn biến tình hình thế giới và khu vực, kịp thời tham mưu giải pháp.\n"
                       + "b) Củng cố, tăng cường tiềm lực quốc phòng, an ninh.\n")
    assert t.text.startswith("Theo dõi chặt chẽ")
    assert _lead_texts(t) == _MINISTERS


def test_tung_names_the_group_after_a_topic_label():
    """NQ 122/NQ-CP II.3.o: "Về nhiệm vụ cụ thể của các bộ, cơ quan, địa phương: Từng bộ, cơ
    quan, địa phương … khẩn trương tổ chức …" — the subject after the label leads (the bodies
    the label is about, after "của", are not before it)."""
    t, _ = _item_leads("o) Về nhiệm vụ cụ thể của các bộ, cơ quan, địa phương: Từng bộ, cơ quan, \n"
                       "địa phương theo chức năng, nhiệm vụ, quyền hạn được giao khẩn trương tổ chức \n"
                       "triển khai thực hiện những nội dung tại Phụ lục ban hành kèm theo Nghị quyết này.\n"
                       "p) Rà soát các văn bản quy phạm pháp luật có liên quan.\n")
    assert _lead_texts(t) == ["Từng bộ, cơ quan, địa phương"]


def test_the_agent_of_a_passive_and_a_document_code_do_not_lead():
    """NQ 122/NQ-CP II.3.b and g: "… luật, nghị quyết được Quốc hội khóa XVI thông qua …" (the
    agent of a passive) and "Thông báo số 213/TB-VPCP … của Văn phòng Chính phủ" (a cited
    document's issuer) are not who does the item; the heading's bodies lead it."""
    head = "1. Bộ Tư pháp chủ trì, phối hợp với các cơ quan, địa phương:\n"
    for item in ("a) Chủ động xây dựng Kế hoạch triển khai thi hành 14 luật, nghị quyết được \n"
                 "Quốc hội khóa XVI thông qua tại Kỳ họp thứ nhất và khẩn trương xây dựng văn bản.\n",
                 "a) Về quản lý, sử dụng ngân sách nhà nước, đối với đầu tư công: thực hiện \n"
                 "nghiêm chỉ đạo của Thủ tướng Chính phủ tại Chỉ thị số 16/CT-TTg ngày 23 tháng 4 năm 2026 "
                 "và Thông báo số 213/TB-\nVPCP ngày 25 tháng 4 năm 2026 của Văn phòng Chính phủ. Khẩn trương hoàn "
                 "thiện danh mục.\n"):
        t, leads = _item_leads(head + item + "b) Rà soát các văn bản quy phạm pháp luật có liên quan.\n")
        assert leads == ["Bộ Tư pháp"], t.text


def test_a_role_cell_keeps_the_groups_it_names_beside_its_bodies():
    """NQ 116/NQ-CP's Phụ lục I.2 and I.7: "Các bộ, UBND các tỉnh, thành phố" leads with
    "Các bộ"; "Bộ Quốc phòng, Bộ Công Thương, các địa phương" with "các địa phương"; the
    support cell "Các bộ, cơ quan" names the ministries and agencies (as printed)."""
    text = _SECTIONED_TABLE.replace(
        "Bộ Quốc phòng\nCác bộ,\ncơ quan, \nđịa phương\nNăm \n2026 - 2027\n",
        "Các bộ, UBND \ncác tỉnh,         \nthành phố \nCác bộ,  \ncơ quan,  \nđịa phương \nNăm  \n2026 - 2027 \n"
        "2\nĐiều chỉnh các quy trình vận hành\nliên hồ, đơn hồ chứa thuỷ điện.\n"
        "Bộ Quốc phòng,  \nBộ Công \nThương, các địa \nphương \nCác bộ,  \ncơ quan \nNăm 2026 \n", 1)
    tasks = extract_text(text).tasks
    first, second = tasks[0], tasks[1]
    assert sorted(" ".join(x.split()) for x in _lead_texts(first)) == ["Các bộ", "UBND các tỉnh, thành phố"]
    assert sorted(" ".join(x.split()) for x in _lead_texts(second)) == ["Bộ Công Thương", "Bộ Quốc phòng", "các địa phương"]
    assert [" ".join(b["text"].split()) for b in second.bodies if b["role"] == "support"] == ["Các bộ, cơ quan"]


_TABLE_HEAD = _SECTIONED_TABLE.split("I\nHoàn thiện thể chế")[0]


def _table_rows(rows: str):
    return extract_text(_TABLE_HEAD + "I\nHoàn thiện thể chế, chính sách\n" + rows).tasks


def test_a_merged_time_cell_covers_the_sub_rows_below_it():
    """NQ 116/NQ-CP Phụ lục I.4: the time printed with the first "-" sub-row is every
    sub-row's."""
    tasks = _table_rows(
        "1\nHoàn thiện hệ thống tiêu chuẩn, quy \nchuẩn kỹ thuật quốc gia. \n \n- \nCông trình đê điều, hồ đập, công \n"
        "trình thoát lũ. \nBộ NN&MT \nBộ Khoa học  \nvà Công \nnghệ, các bộ, \n cơ quan \nNăm 2026  \nvà các năm \n"
        "tiếp theo \n- \nCông trình giao thông. \nBộ Xây dựng \n- \nCông trình hạ tầng năng lượng. \nBộ Công \nThương \n")
    subs = [t for t in tasks if t.text.startswith("Công trình")]
    assert [(t.text[:22], t.deadline and t.deadline.start) for t in subs] == [
        ("Công trình đê điều, hồ", "2026-01-01"), ("Công trình giao thông.", "2026-01-01"),
        ("Công trình hạ tầng năn", "2026-01-01")]


def test_a_lead_cell_listing_ministries_after_cac_bo_colon():
    """NQ 116/NQ-CP Phụ lục IV.2: "Các Bộ: NN&MT, Xây dựng, Công thương, …" is one lead
    cell (a cell does not end with a colon), each ministry written with its head word."""
    tasks = _table_rows(
        "1\nƯu tiên bố trí vốn để tập trung khắc \nphục, xử lý khẩn cấp triệt để các sự \ncố đê điều, hồ chứa nước xung yếu. \n"
        "Các Bộ: \nNN&MT,  \nXây dựng,  \nCông thương, Y \ntế, Giáo dục và \nĐào tạo \nBộ Tài chính, \ncác bộ,  \ncơ quan, \n"
        " địa phương \nNăm 2026  \nvà các năm \ntiếp theo \n")
    assert _lead_texts(tasks[0]) == sorted(["Bộ NN&MT", "Bộ Xây dựng", "Bộ Công thương", "Bộ Y tế",
                                            "Bộ Giáo dục và Đào tạo"])


def test_bodies_closing_the_task_words_in_lower_case_are_not_the_lead_cell():
    """NQ 116/NQ-CP Phụ lục III.6: "… theo nhu cầu các bộ, ngành và địa phương." ends the
    task's words; the lead cell below opens with a capital ("Bộ Giáo dục và Đào tạo")."""
    tasks = _table_rows(
        "1\nĐẩy mạnh phát triển nguồn nhân lực \nchất lượng cao, đào tạo, bồi dưỡng. \n \n"
        "Thực hiện đặt hàng, giao nhiệm vụ \nđối với nguồn nhân lực chất lượng cao \ntại các cơ sở giáo dục đại học theo nhu \n"
        "cầu các bộ, ngành và địa phương. \nBộ Giáo dục  \nvà Đào tạo \nCác bộ,  \ncơ quan, \n địa phương \nNăm 2026  \n"
        "và các năm \ntiếp theo \n")
    assert [" ".join(x.split()) for x in _lead_texts(tasks[0])] == ["Bộ Giáo dục và Đào tạo"]


def test_a_note_across_the_table_is_not_words_of_the_row_above():
    """NQ 116/NQ-CP Phụ lục IV.3: a note printed across the table after a row's time cell
    leaves the row its cells."""
    tasks = _table_rows(
        "1\nRà soát, ưu tiên nguồn lực trong kế \nhoạch đầu tư công trung hạn giai \nđoạn 2026 - 2030. \n"
        "Bộ Tài chính, \n Bộ NN&MT, \nUBND các tỉnh, \nthành phố \nCác bộ, \n cơ quan \nGiai đoạn \n2026 - 2030 \n \n"
        "Các bộ, cơ quan, địa phương trong đó mô tả các hoạt động của dự án, sản phẩm, kết quả \n"
        "của dự án, cơ quan thực hiện và thời gian thực hiện (chi tiết trong Kế hoạch của cơ quan, \nđơn vị). \n"
        "2\nĐầu tư trang thiết bị, phương tiện \nchuyên dụng, lưỡng dụng, hiện đại. \nBộ Quốc phòng  \nCác bộ, \n cơ quan,  \n"
        "địa phương  \nGiai đoạn \n2026 - 2030 \n")
    t = tasks[0]
    assert [" ".join(x.split()) for x in _lead_texts(t)] == ["Bộ NN&MT", "Bộ Tài chính", "UBND các tỉnh, thành phố"]
    assert t.deadline.end == "2030-12-31"


def test_reports_made_are_not_tasks_and_the_paragraph_after_them_is():
    """NQ 122/NQ-CP III: "… các Bộ đã có báo cáo Chính phủ như sau: 1. Bộ Tài chính báo cáo
    về …" reports what was done (roles.toml [sections] reported); the closing paragraph
    "Văn phòng Chính phủ theo dõi, đôn đốc …" gives work."""
    tasks = extract_text(_RESOLUTION.replace(
        "V. NHIỆM VỤ\n",
        "III. Về việc báo cáo Chính phủ theo quy định tại khoản 4 Điều 3 Quy chế \nlàm việc của Chính phủ  \n"
        "Thực hiện Quy chế làm việc của Chính phủ (khoản 4 Điều 3), tại Phiên họp \n"
        "Chính phủ, các Bộ đã có báo cáo Chính phủ như sau: \n"
        "1. Bộ Tài chính báo cáo về tiếp thu, giải trình, chỉnh lý, hoàn thiện các dự thảo luật. \n"
        "2. Bộ Tư pháp báo cáo về tiếp thu, giải trình, chỉnh lý dự thảo: Luật Thủ đô \n(sửa đổi). \n"
        "Văn phòng Chính phủ theo dõi, đôn đốc, tổng hợp, báo cáo Chính phủ, \n"
        "Thủ tướng Chính phủ kết quả thực hiện Nghị quyết này. \nV. NHIỆM VỤ\n")).tasks
    texts = [t.text[:25] for t in tasks]
    assert not any(t.startswith(("Bộ Tài chính báo cáo", "Bộ Tư pháp báo cáo", "Về việc báo cáo")) for t in texts)
    assert _lead_texts(by_text(tasks, "Văn phòng Chính phủ theo dõi")) == ["Văn phòng Chính phủ"]


@pytest.mark.parametrize("item,clause", _grammar_list("clauses", "examples"))
def test_a_clause_that_gives_another_body_work_is_a_task_of_its_own(item, clause):
    """roles.toml [clauses]: NQ 122/NQ-CP II.3.d ("…; giao Văn phòng Chính phủ …") and Phụ
    lục 2.a ("… . Trên cơ sở đề xuất của các địa phương, Bộ Tài chính khẩn trương …"): the
    clause is a task led by its body; the item before it keeps its heading's lead."""
    tasks = extract_text(_RESOLUTION.replace(
        "V. NHIỆM VỤ\n", "V. NHIỆM VỤ\n2. Ủy ban nhân dân các tỉnh, thành phố theo chức năng, nhiệm vụ, quyền hạn \n"
        "được giao, tập trung lãnh đạo, chỉ đạo, tổ chức thực hiện các nhiệm vụ, giải pháp \ntrọng tâm sau: \n"
        + item + "\nb) Rà soát các văn bản quy phạm pháp luật có liên quan.\n")).tasks
    own = by_text(tasks, clause)
    assert own.text.startswith(clause)
    expected = ["Văn phòng Chính phủ"] if clause.startswith("giao") else ["Bộ Tài chính"]
    assert [" ".join(x.split()) for x in _lead_texts(own)] == expected
    first = tasks[tasks.index(own) - 1]
    assert [" ".join(x.split()) for x in _lead_texts(first)] == ["Ủy ban nhân dân các tỉnh, thành phố"]


def test_a_generic_group_listed_after_the_subject_does_not_lead():
    """NQ 122/NQ-CP Phụ lục 22.a and 21: "Các Bộ chủ chương trình và các bộ, cơ quan trung
    ương có liên quan …" is led by the programme owners alone; "Các Tập đoàn, Tổng công ty"
    is one group that leads its item."""
    _, leads = _item_leads("a) Các Bộ chủ chương trình và các bộ, cơ quan trung ương có liên quan \n"
                           "nghiêm túc thực hiện các nhiệm vụ đã được giao tại Nghị quyết số 89/NQ-CP.\n"
                           "b) Rà soát các văn bản quy phạm pháp luật có liên quan.\n")
    assert leads == ["Các bộ chủ quản chương trình mục tiêu quốc gia"]
    t, _ = _item_leads("21. Các Tập đoàn, Tổng công ty hoàn thành chỉ tiêu kinh doanh phát triển \n"
                       "sản xuất kinh doanh năm 2026.\n22. Rà soát các văn bản quy phạm pháp luật có liên quan.\n")
    assert _lead_texts(t) == ["Các Tập đoàn, Tổng công ty"]
