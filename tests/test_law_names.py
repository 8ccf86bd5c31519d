"""Laws named with their number, by short title, and by bare name: which instrument each
mention means. Sentences from the gazette texts (data/corpus/gazette.tar.xz)."""

from __future__ import annotations

from legalgraph import extract_text

HEADER = """BỘ KẾ HOẠCH VÀ ĐẦU TƯ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 10/2024/TT-BKHĐT
Hà Nội, ngày 26 tháng 4 năm 2024
THÔNG TƯ
Sửa đổi một số điều của các thông tư hướng dẫn lựa chọn nhà đầu tư
"""


def _targets(r, source_number):
    ids = {c.id: c for c in r.citations}
    src = next(c.id for c in r.citations if c.number == source_number)
    return {(x.type, ids[x.target].number) for x in r.relations if x.source == src and x.target in ids}


def test_a_law_named_before_its_number_is_one_citation_of_its_type():
    r = extract_text("Căn cứ Bộ luật Lao động số 45/2019/QH14;\nCăn cứ Luật Đầu tư số 61/2020/QH14;", bodies=False)
    got = {(c.type, c.number, c.title) for c in r.citations}
    # no second citation of "Luật Đầu tư" resolved on its own to a later version
    assert got == {("Bộ luật", "45/2019/QH14", "Bộ luật Lao động"), ("Luật", "61/2020/QH14", "Luật Đầu tư")}
    (labour,) = [c for c in r.citations if c.number == "45/2019/QH14"]
    assert labour.names == ["/akn/vn/bo-luat/2019/~lao-dong"]


def test_the_name_is_read_from_its_own_line_only():
    r = extract_text("Quy định chi tiết một số điều của Luật Thuế thu nhập doanh nghiệp\n______________\n\n"
                     "Căn cứ Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15;", bodies=False)
    (c,) = [c for c in r.citations if c.number == "67/2025/QH15"]
    assert c.mentions[-1].text == "Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15"


def test_a_bare_name_in_a_cited_texts_description_means_the_law_of_that_time():
    """A 2024 circular: Nghị định 25/2020 details the Luật Đấu thầu of 2013, not of 2023."""
    r = extract_text(HEADER + "Căn cứ Nghị định số 25/2020/NĐ-CP ngày 28 tháng 02 năm 2020 của Chính phủ quy định "
                     "chi tiết thi hành một số điều của Luật Đấu thầu về lựa chọn nhà đầu tư;\n", bodies=False)
    assert ("DETAILS", "43/2013/QH13") in _targets(r, "25/2020/NĐ-CP")


def test_older_versions_a_text_names_do_not_capture_the_bare_name():
    """A transitional clause names the 2005 and 2013 laws by number; a decree of 2024
    detailing "Luật Đấu thầu" details the 2023 law."""
    r = extract_text(HEADER + "Căn cứ Nghị định số 23/2024/NĐ-CP ngày 27 tháng 02 năm 2024 của Chính phủ quy định "
                     "chi tiết một số điều và biện pháp thi hành Luật Đấu thầu về lựa chọn nhà đầu tư;\n"
                     "Điều 5. Chứng chỉ\nChứng chỉ được cấp theo quy định của Luật Đấu thầu số 61/2005/QH11, "
                     "Luật Đấu thầu số 43/2013/QH13 còn hiệu lực.\n", bodies=False)
    assert ("DETAILS", "22/2023/QH15") in _targets(r, "23/2024/NĐ-CP")


def test_short_titles_and_counts_of_laws():
    r = extract_text("Theo Luật Giá 2023, Bộ luật Dân sự 2015 và Luật sửa đổi 10 Luật có liên quan đến an ninh, "
                     "trật tự 2025.", bodies=False)
    got = {(c.type, c.year, c.title) for c in r.citations}
    assert got == {("Luật", 2023, "Luật Giá"), ("Bộ luật", 2015, "Bộ luật Dân sự"),
                   ("Luật", 2025, "Luật sửa đổi 10 Luật có liên quan đến an ninh, trật tự")}
    assert any(c.number == "91/2015/QH13" for c in r.citations)  # the code the grammar knows


def test_amended_short_title_and_official_name_share_a_key():
    from legalgraph.grammar import load_grammar

    g = load_grammar()
    assert g.law_key("Luật Sở hữu trí tuệ sửa đổi") == g.law_key(
        "Luật sửa đổi, bổ sung một số điều của Luật Sở hữu trí tuệ")


def test_a_forms_bracketed_instructions_stay_the_documents_text():
    text = HEADER + ("Điều 3. Mẫu\n[ghi đầy đủ tên, địa chỉ của tổ chức được giao nhiệm vụ thực\n"
                     "hiện theo dõi, giám sát theo Nghị định số 95/2020/NĐ-CP, được sửa đổi, bổ sung bởi\n"
                     "Nghị định số 09/2022/NĐ-CP]\n")
    r = extract_text(text, bodies=False)
    assert not [x for x in r.relations if x.via]
    assert all(not m.note for c in r.citations for m in c.mentions)


def test_check_reports_relations_against_time(tmp_path):
    """A store whose merged dates put a change before what it changes: `check` lists it
    and exits 1; a store without one exits 0."""
    import json
    import subprocess
    import sys

    def record(source, doc, cites, rels):
        return {"source": source, "document": doc, "citations": cites, "relations": rels}

    ev = {"start": 0, "end": 1, "text": "x"}
    old = {"id": "/akn/vn/nghi-dinh/2025/1-2025-nd-cp", "type": "Nghị định", "number": "1/2025/NĐ-CP",
           "date": "2025-01-02", "year": 2025}
    new = {"id": "/akn/vn/nghi-dinh/2025/9-2025-nd-cp", "type": "Nghị định", "number": "9/2025/NĐ-CP",
           "date": "2025-09-01", "year": 2025}
    lines = [record("a.txt", old, [{**new, "date": None, "mentions": []}],
                    [{"source": old["id"], "type": "AMENDS", "target": new["id"], "evidence": ev}]),
             record("b.txt", new, [], [])]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    run = lambda *a: subprocess.run([sys.executable, "-m", "legalgraph", *a], capture_output=True, text=True)  # noqa: E731
    assert run("build", str(path), "--store", str(store)).returncode == 0
    done = run("check", "--store", str(store), "--format", "json")
    assert done.returncode == 1
    (row,) = json.loads(done.stdout)
    assert (row["source_label"], row["relation"], row["target_label"]) == ("1/2025/NĐ-CP", "AMENDS", "9/2025/NĐ-CP")
    lines[0]["relations"] = []
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    assert run("build", str(path), "--store", str(store)).returncode == 0
    assert run("check", "--store", str(store)).returncode == 0
