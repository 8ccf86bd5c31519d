"""Tasks and deadlines: the seeds' two layouts, deadline normalisation, the tasks command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

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
