"""Responsible bodies: the gazetteer's examples, the seeds' gold bodies and lead roles,
canonical names per province, and no profession or generic word taken for a body."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from legalgraph import extract_text
from legalgraph.grammar import load_grammar

G = load_grammar()
GOLD = Path(__file__).resolve().parent / "gold"


def names(text, **kw):
    return [b["name"] for b in extract_text(text, **kw).bodies if b["kind"] != "person"]


def _body_examples():
    for b in G.raw["bodies"]["body"]:
        for ex in b.get("examples", []):
            yield pytest.param(b["name"], ex, id=f"{b['name']}:{ex[:25]}")


@pytest.mark.parametrize("name,text", list(_body_examples()))
def test_every_gazetteer_example_finds_its_body(name, text):
    found = names(text)
    assert any(n == name or n.startswith(name.removesuffix(" tỉnh")) for n in found), found


@pytest.mark.parametrize("text", [ex for b in G.raw["bodies"]["body"] for ex in b.get("negatives", [])] + [
    "Nâng cao vai trò, tính chuyên nghiệp, chất lượng người hành nghề luật sư, công chứng.",
    "huy động các doanh nghiệp, luật sư, luật gia, nhà khoa học tham gia",
    "Tăng cường công tác thanh tra, kiểm tra, xử lý vi phạm.",
    "Báo cáo kết quả thực hiện định kỳ hằng năm.",
])
def test_professions_and_generic_words_are_not_bodies(text):
    assert names(text) == []


def _role_examples():
    for r in G.raw["roles"]["role"]:
        for ex in r.get("examples", []):
            yield pytest.param(*ex, id=f"{r['role']}:{ex[0][:25]}")


@pytest.mark.parametrize("text,name,role", list(_role_examples()))
def test_every_role_example(text, name, role):
    bodies = extract_text(text).bodies
    assert any(b["name"].startswith(name) and role in b["roles"] for b in bodies), \
        [(b["name"], b["roles"]) for b in bodies]


@pytest.fixture(scope="module")
def seeds_output(seeds_dir):
    from legalgraph.extract.pipeline import extractor

    ex = extractor()
    return {p.name: ex.extract(p.read_text(encoding="utf-8"), source=str(p)) for p in sorted(seeds_dir.glob("*.txt"))}


def test_body_recall_on_the_seeds(seeds_output):
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))
    lines = "\n".join(json.dumps(r.to_dict(), ensure_ascii=False) for r in seeds_output.values())
    totals, report = score.score(gold, score.load_pred(io.StringIO(lines)))
    assert totals["btp"] / (totals["btp"] + totals["bfn"]) >= 0.95, "\n".join(report)


def test_lead_roles_where_the_gold_gives_them(seeds_output):
    gold = json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))["documents"]
    for name, g in gold.items():
        bodies = seeds_output[name].bodies
        for gb in g.get("bodies", []):
            if gb.get("role") != "lead":
                continue
            want = gb["name"].casefold()
            hit = [b for b in bodies if b["name"].casefold() == want or b["name"].casefold().startswith(want + " ")]
            assert hit and hit[0]["role"] == "lead", (name, gb["name"], [(b["name"], b["role"]) for b in hit])


def test_provincial_bodies_are_one_node_per_province(seeds_output):
    tg = {b["name"]: b for b in seeds_output["001_920478a60c450549.txt"].bodies}
    bt = {b["name"]: b for b in seeds_output["003_6df45af5e4de73d5.txt"].bodies}
    a, b = tg["Sở Tư pháp tỉnh Tiền Giang"], bt["Sở Tư pháp tỉnh Bến Tre"]
    assert a["id"] == "/body/vn-tien-giang/so-tu-phap" and b["id"] == "/body/vn-ben-tre/so-tu-phap"
    # the units merged in 2025 keep the name the document used, with the successor recorded
    assert (a["province"], a["successor"]) == ("Tiền Giang", "Đồng Tháp")
    assert (b["province"], b["successor"]) == ("Bến Tre", "Vĩnh Long")
    # central bodies are national
    assert tg["Bộ Tư pháp"]["id"] == "/body/vn/bo-tu-phap" and tg["Bộ Tư pháp"]["province"] is None


def test_issuer_signer_and_recipients(seeds_output):
    bodies = seeds_output["001_920478a60c450549.txt"].bodies
    by_role = {}
    for b in bodies:
        for r in b["roles"]:
            by_role.setdefault(r, []).append(b["name"])
    assert "UBND tỉnh Tiền Giang" in by_role["issuer"]
    assert by_role["signer"] == ["Nguyễn Thành Diệu"]
    assert "Bộ Tư pháp" in by_role["recipient"] and "Văn phòng Chính phủ" in by_role["recipient"]


@pytest.mark.parametrize("text,name", [
    ("Sở TT&TT chủ trì, phối hợp với các đơn vị.", "Sở Thông tin và Truyền thông"),
    ("Đề nghị UBMTTQ tỉnh phối hợp.", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("VKSND tỉnh, TAND tỉnh tiếp tục nâng cao chất lượng.", "Viện kiểm sát nhân dân tỉnh"),
    ("VKSND tỉnh, TAND tỉnh tiếp tục nâng cao chất lượng.", "Tòa án nhân dân tỉnh"),
    ("Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi.", "Văn phòng UBND tỉnh"),
])
def test_abbreviations_resolve_to_full_names(text, name):
    assert name in names(text)


def test_locality_named_with_the_body():
    found = names("Giao Sở Tư pháp tỉnh Bến Tre chủ trì, phối hợp với Công an thành phố Hà Nội.")
    assert "Sở Tư pháp tỉnh Bến Tre" in found and "Công an thành phố Hà Nội" in found


def test_no_bodies_option_skips_spacy():
    import subprocess
    import sys

    code = ("import sys; from legalgraph import extract_text; "
            "r = extract_text('Sở Tư pháp chủ trì.', bodies=False); "
            "print(r.bodies, r.tasks, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] [] False"


def test_bodies_and_tasks_are_read_without_spacy():
    """The body rules run without spaCy (its pipeline is built only when asked for)."""
    import subprocess
    import sys

    code = ("import sys; from legalgraph import extract_text; "
            "r = extract_text('KẾ HOẠCH\\n1. Sở Tư pháp chủ trì, phối hợp với Công an tỉnh rà soát.\\n'); "
            "print(sorted((b['name'], b['role']) for b in r.bodies), len(r.tasks), 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("1 False") and "('Sở Tư pháp', 'lead')" in out, out


@pytest.mark.parametrize("text,name", G.raw["bodies"]["unlisted"]["examples"])
def test_every_unlisted_body_example(text, name):
    """A body the gazetteer lacks is found where only a doer can stand, and wherever the
    document writes it again."""
    result = extract_text(text)
    found = [b for b in result.bodies if b["name"] == name]
    assert found, [b["name"] for b in result.bodies]
    assert found[0]["role"] in ("lead", "support")


@pytest.mark.parametrize("text", G.raw["bodies"]["unlisted"]["negatives"])
def test_unlisted_negatives_name_no_body(text):
    assert names(text) == []


def test_an_unlisted_body_named_again_is_the_same_body():
    text = G.raw["bodies"]["unlisted"]["examples"][1][0]
    result = extract_text(text)
    body = next(b for b in result.bodies if b["name"] == "Tổng Cục Quản lý ruộng đất")
    assert len(body["mentions"]) == 2
    assert all(any(x["name"] == body["name"] and x["role"] == "lead" for x in t.bodies) for t in result.tasks)


def test_a_district_office_is_not_named_as_a_provincial_one():
    text = ("ỦY BAN NHÂN DÂN TỈNH BẾN TRE\nSố: 12/KH-UBND\nBến Tre, ngày 1 tháng 2 năm 2021\nKẾ HOẠCH\n"
            "1. Phòng Tư pháp chủ trì tổ chức tuyên truyền.\n2. Sở Tư pháp hướng dẫn.\n")
    got = names(text)
    assert "Phòng Tư pháp cấp huyện, tỉnh Bến Tre" in got and "Sở Tư pháp tỉnh Bến Tre" in got, got


def _task_roles(text):
    return [{(b["name"], b["role"]) for b in t.bodies} for t in extract_text(text).tasks]


@pytest.mark.parametrize("text,expected", [
    # Chỉ thị 299/TTg: the head word printed once, names in lower case, a list running on
    ("1. Lập hồ sơ.\nỦy ban kế hoạch Nhà nước, các Bộ Vật tư, lương thực và thực phẩm, Nội thương, Tài chính, "
     "Ngân hàng Nhà nước Việt Nam... giải quyết kinh phí.",
     {("Bộ Vật tư", "lead"), ("Bộ Lương thực và Thực phẩm", "lead"), ("Bộ Nội thương", "lead"),
      ("Bộ Tài chính", "lead"), ("Ngân hàng Nhà nước Việt Nam", "lead")}),
    # Nghị quyết 122/NQ-CP's "các Bộ: Xây dựng, Quốc phòng"; a provincial list after "phối hợp với các"
    ("a) Bộ Công an chủ trì, phối hợp với các Bộ: Xây dựng, Quốc phòng theo chức năng, nhiệm vụ.",
     {("Bộ Công an", "lead"), ("Bộ Xây dựng", "support"), ("Bộ Quốc phòng", "support")}),
    ("2. Sở Tư pháp chủ trì, phối hợp với các Sở Nội vụ, Tài chính và Kế hoạch và Đầu tư tổ chức thực hiện.",
     {("Sở Tư pháp", "lead"), ("Sở Nội vụ", "support"), ("Sở Tài chính", "support"),
      ("Sở Kế hoạch và Đầu tư", "support")}),
    # Quyết định 844/QĐ-TTg: a second level written alone
    ("1. Uỷ ban nhân dân cấp tỉnh, cấp xã đưa các chỉ tiêu vào kế hoạch.",
     {("UBND các tỉnh, thành phố trực thuộc trung ương", "lead"), ("UBND cấp xã", "lead")}),
])
def test_a_list_that_prints_its_head_word_once_names_each_body(text, expected):
    got = _task_roles(text)
    assert got and expected <= got[0], got


@pytest.mark.parametrize("text", [
    "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Quyết định này.",
    "1. Các bộ, ngành, địa phương triển khai thực hiện.",
])
def test_words_after_cac_bo_that_name_no_ministry(text):
    assert not any(n.startswith(("Bộ ", "Sở ")) for n in names(text)), names(text)


# plans, directives and resolutions whose items give roles, and a decree, from every corpus
_ENGINE_TEXTS = [("seeds", p.name) for p in sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))] + [
    ("gazette", "quyet-dinh-so-844-qd-ttg-469526.txt"), ("gazette", "nghi-quyet-so-122-nq-cp-469492.txt"),
    ("gazette", "nghi-dinh-so-118-2026-nd-cp-469379.txt"),
    ("tvpl", "Chỉ_thị_299_TTg.txt"), ("tvpl", "Quyết_định_435_QĐ-UBND_năm_2020.txt")]


def test_the_spacy_pipeline_and_the_rules_find_the_same_bodies(extractor, seeds_dir, gazette_dir, tvpl_dir,
                                                                monkeypatch):
    """Extraction reads role windows with the rules; the spaCy pipeline (BodyFinder.nlp) is
    the same rules as components. Both must give every mention, name and role alike."""
    import functools

    from legalgraph.extract.bodies import BodyFinder

    dirs = {"seeds": seeds_dir, "gazette": gazette_dir, "tvpl": tvpl_dir}
    texts = [(dirs[c] / name).read_text(encoding="utf-8") for c, name in _ENGINE_TEXTS]

    def answers():
        out = []
        for t in texts:
            r = extractor.extract(t)
            out.append((r.bodies, [(x.start, x.bodies, x.deadline) for x in r.tasks]))
        return out

    by_rules = answers()
    monkeypatch.setattr(extractor.bodies, "find", functools.partial(BodyFinder.find, extractor.bodies, engine="spacy"))
    by_spacy = answers()
    assert sum(len(b) for b, _ in by_rules) > 200 and sum(len(t) for _, t in by_rules) > 100
    for (c, name), rules, spacy in zip(_ENGINE_TEXTS, by_rules, by_spacy):
        assert rules == spacy, name


def test_a_commune_named_before_a_bracket_keeps_its_name():
    """TVPL decrees' border tables: "(đến khu vực cầu Ủy ban nhân dân xã Phương Độ)." — the
    commune's name ends at the bracket, and is part of the body."""
    assert "UBND xã Phương Độ" in names("Điều 1.\n| 01 | đến khu vực cầu Ủy ban nhân dân xã Phương Độ). |\n")


def test_a_dash_typed_against_a_word_still_joins_a_name():
    # "chính trị- xã hội", "Lao động -Thương binh": the gazetteer writes " - "
    spaced = names("- Sở Lao động - Thương binh và Xã hội chủ trì;")
    assert spaced and names("- Sở Lao động- Thương binh và Xã hội chủ trì;") == spaced
    assert names("- Sở Lao động -Thương binh và Xã hội chủ trì;") == spaced
    assert any(n.startswith("Các tổ chức chính trị - xã hội") for n in
               names("Nơi nhận:\n- Ủy ban MTTQVN và các tổ chức chính trị- xã hội tỉnh;"))


# -- bodies as printed (issue 15) ---------------------------------------------------------

def _plan(items: str) -> str:
    return ("CHÍNH PHỦ\nSố: 175/NQ-CP\nNGHỊ QUYẾT\nVề Đề án Trung tâm dữ liệu quốc gia\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nQUYẾT NGHỊ:\n"
            "Điều 1. Trách nhiệm thực hiện\n" + items)


def _leads(task):
    return [(b["name"], b["text"]) for b in task.bodies if b["role"] == "lead"]


def test_a_minister_named_for_the_ministry_keeps_the_words():
    """"Bộ trưởng Bộ Công an quy định …": the body is Bộ Công an; its text is what the plan
    printed (NQ 175/NQ-CP, Phụ lục III)."""
    from legalgraph import extract_text

    tasks = extract_text(_plan(
        "1. Bộ trưởng Bộ Công an quy định cụ thể chức năng, nhiệm vụ, quyền hạn, tổ chức bộ máy Trung tâm.\n"
        "2. Bộ Tài chính bố trí kinh phí thực hiện Nghị quyết.\n")).tasks
    assert _leads(tasks[0]) == [("Bộ Công an", "Bộ trưởng Bộ Công an")]
    assert _leads(tasks[1]) == [("Bộ Tài chính", "Bộ Tài chính")]


@pytest.mark.parametrize("text,printed", [
    ("1. Ủy ban nhân dân các tỉnh, thành phố Hà Nội, Hồ Chí Minh, Hòa Bình, Cần Thơ, Lâm Đồng và các địa phương "
     "có liên quan phối hợp Bộ Công an trong quá trình triển khai.\n",
     "Ủy ban nhân dân các tỉnh, thành phố Hà Nội, Hồ Chí Minh, Hòa Bình, Cần Thơ, Lâm Đồng"),
    ("1. UBND thành phố\nHà Nội, Thành\nphố Hồ Chí Minh,\nHòa Bình, Cần\nThơ, Lâm Đồng chuẩn bị bố trí bảo đảm các "
     "điều kiện hạ tầng cần thiết.\n",
     "UBND thành phố Hà Nội, Thành phố Hồ Chí Minh, Hòa Bình, Cần Thơ, Lâm Đồng"),
])
def test_the_committees_of_the_provinces_a_list_names_are_one_group(text, printed):
    from legalgraph import extract_text

    tasks = extract_text(_plan(text + "2. Bộ Tài chính bố trí kinh phí thực hiện Nghị quyết.\n")).tasks
    assert _leads(tasks[0]) == [(printed, printed)] or [" ".join(t.split()) for _, t in _leads(tasks[0])] == [printed]


def test_one_province_after_the_committee_is_still_that_province():
    from legalgraph import extract_text

    r = extract_text("ỦY BAN NHÂN DÂN TỈNH BẾN TRE\nSố: 12/KH-UBND\nKẾ HOẠCH\nTriển khai công tác pháp chế\n"
                     "I. NHIỆM VỤ\n1. UBND tỉnh Bến Tre, Sở Tư pháp chủ trì tổ chức hội nghị.\n"
                     "2. Sở Nội vụ tổ chức tập huấn.\n")
    assert [b["name"] for b in r.tasks[0].bodies][:2] == ["UBND tỉnh Bến Tre", "Sở Tư pháp tỉnh Bến Tre"]


def test_a_support_cell_lists_its_bodies_past_a_semicolon():
    """QĐ 982/QĐ-TTg, Phụ lục row 3.1: the "phối hợp" cell "Bộ Tài chính, / UBND các thành /
    phố trực thuộc / Trung ương; / Bộ Ngoại giao; / Cơ quan, tổ chức, …" goes on after ";"
    when a body opens the next line."""
    from legalgraph import extract_text

    text = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 982/QĐ-TTg\nQUYẾT ĐỊNH\nPhê duyệt Đề án\nCăn cứ Luật Tổ chức Chính phủ;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Đề án.\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nNguyễn Chí Dũng\n"
            "PHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM CỦA ĐỀ ÁN\n(Kèm theo Quyết định số 982/QĐ-TTg)\n"
            "TT\nNhiệm vụ, giải pháp\nCơ quan\nchủ trì\nCơ quan\nphối hợp\nSản phẩm\nThời gian\nthực hiện\n"
            "1.\nTăng cường huy động và hỗ trợ nguồn lực tài chính\n1.1\n"
            "Nghiên cứu, sửa đổi, bổ sung chức\nnăng về cơ chế tài chính hỗ trợ hoạt\nđộng M&A và mở rộng thị trường\n"
            "quốc tế trong lĩnh vực công nghệ số\ncho Quỹ Đầu tư mạo hiểm quốc gia\nvà địa phương.\n"
            "Bộ Khoa học và\nCông nghệ\nBộ Tài chính,\nUBND các thành\nphố trực thuộc\nTrung ương;\nBộ Ngoại giao;\n"
            "Cơ quan, tổ chức,\nCơ chế, chính sách\nđược ban hành\nQuý IV/2026\n"
            "1.2\nHỗ trợ doanh nghiệp công nghệ số Việt\nNam tiếp cận các kênh huy động vốn.\nBộ Tài chính\n"
            "Bộ Khoa học và\nCông nghệ\nCơ chế được ban hành\nQuý IV/2026\n")
    t = extract_text(text).tasks[0]
    assert {(b["name"], b["role"]) for b in t.bodies if b["role"] in ("lead", "support")} == {
        ("Bộ Khoa học và Công nghệ", "lead"), ("Bộ Tài chính", "support"),
        ("UBND các thành phố trực thuộc trung ương", "support"), ("Bộ Ngoại giao", "support")}


def _class_examples():
    from legalgraph.grammar import load_grammar

    return [tuple(x) for x in load_grammar().raw["bodies"]["unlisted"]["class_examples"]]


@pytest.mark.parametrize("text,expected", _class_examples())
def test_classes_of_doers_beside_named_bodies(extractor, text, expected):
    """bodies.toml [unlisted] classes: the classes of doers a list names, as printed; a
    list opening with generic words ("Bộ, cơ quan, tổ chức, đơn vị có liên quan") names no
    one."""
    from legalgraph.extract.tasks import _without

    r = extractor.extract(text)
    mentions = [type("M", (), {"text": b["mentions"][0]["text"]}) for b in r.bodies if b.get("mentions")]
    classes, _ = extractor.tasks.classes(_without(text, mentions))
    assert "|".join(classes) == expected


def test_a_heading_over_items_names_a_class_beside_its_bodies():
    """QĐ 982/QĐ-TTg, Điều 2.8: the heading's class "hiệp hội, doanh nghiệp liên quan" leads
    its items with the two zones."""
    from legalgraph import extract_text

    tasks = extract_text(_plan(
        "8. Các Khu Công nghệ cao, Khu Công nghệ số tập trung và hiệp hội, doanh\nnghiệp liên quan\n"
        "a) Thực hiện vai trò là cầu nối giữa cơ quan quản lý nhà nước với các doanh nghiệp công nghệ số.\n"
        "b) Đẩy mạnh công tác thông tin thị trường cho các hội viên.\n")).tasks
    assert [t.text[:12] for t in tasks] == ["Thực hiện va", "Đẩy mạnh côn"]
    assert [n for n, _ in _leads(tasks[0])] == ["Các khu công nghệ cao", "Khu công nghệ số tập trung",
                                               "hiệp hội, doanh nghiệp liên quan"]


def test_a_topic_heading_naming_a_class_is_not_a_body_heading():
    from legalgraph import extract_text

    tasks = extract_text(_plan(
        "1. Hỗ trợ doanh nghiệp công nghệ số của Bộ Khoa học và Công nghệ\n"
        "a) Nghiên cứu, triển khai các chương trình hỗ trợ tài chính.\n"
        "b) Hỗ trợ doanh nghiệp tiếp cận các kênh huy động vốn.\n")).tasks
    assert not any(_leads(t) for t in tasks if t.text.startswith(("Nghiên cứu", "Hỗ trợ doanh nghiệp tiếp")))


def test_the_issuer_code_in_a_document_number_is_not_a_body():
    """NQ 122/NQ-CP II.3.g: "Thông báo số 213/TB-\\nVPCP … của Văn phòng Chính phủ" — the
    code in the number (over a line break) is not a mention; the issuer after "của" is."""
    text = ("thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ tại Chỉ thị số 16/CT-TTg ngày 23 tháng 4 năm 2026 "
            "và Thông báo số 213/TB-\nVPCP ngày 25 tháng 4 năm 2026.")
    assert "Văn phòng Chính phủ" not in names(text)
    assert "Văn phòng Chính phủ" in names("Thông báo số 213/TB-VPCP ngày 25 tháng 4 năm 2026 của Văn phòng Chính phủ.")
