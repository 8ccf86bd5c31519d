"""Every example written in the grammar data files (data/grammar/*.toml) is run here:
the grammar is data, and its examples are its tests."""

from __future__ import annotations

import pytest

from legalgraph import extract_text
from legalgraph.grammar import load_grammar, term_fits
from legalgraph.ids import number_key

G = load_grammar()
RAW = G.raw


def _type_examples():
    for t in RAW["doc_types"]["type"]:
        for ex in t.get("examples", []):
            yield pytest.param(t["name"], ex, id=f"{t['slug']}:{ex[:30]}")


def _type_negatives():
    for t in RAW["doc_types"]["type"]:
        for ex in t.get("negatives", []):
            yield pytest.param(t["name"], ex, id=f"{t['slug']}:{ex[:30]}")


@pytest.mark.parametrize("type_name,text", list(_type_examples()))
def test_type_examples_are_found_with_their_type(type_name, text):
    r = extract_text(text)
    types = [c.type for c in r.citations] + [r.document.type]
    assert type_name in types, (text, [(c.number, c.title, c.type) for c in r.citations], r.document)


def _implied_examples():
    for t in RAW["doc_types"]["type"]:
        if t.get("issuer_codes") or t.get("untyped_administrative"):
            assert t.get("implied_examples"), f"{t['name']}: implies its type, with no implied_examples"
        for ex in t.get("implied_examples", []):
            yield pytest.param(t["name"], ex, id=f"{t['slug']}:{ex[:30]}")


@pytest.mark.parametrize("type_name,text", list(_implied_examples()))
def test_a_number_without_type_has_the_type_its_issuer_implies(type_name, text):
    r = extract_text(text, bodies=False)
    assert [c.type for c in r.citations] == [type_name], (text, [(c.number, c.type) for c in r.citations])


def test_a_law_name_has_the_type_its_head_word_names():
    named = {t["name"] for t in RAW["doc_types"]["type"] if t.get("named")}
    assert {"Luật", "Bộ luật", "Pháp lệnh"} <= named
    for text, wanted in (("Bộ luật Lao động năm 2019", "Bộ luật"), ("Pháp lệnh Chi phí tố tụng 2024", "Pháp lệnh"),
                         ("Luật Đất đai năm 2024", "Luật"), ("Hiến pháp năm 2013", "Hiến pháp")):
        assert G.type_named(text).name == wanted
        assert [c.type for c in extract_text(f"Căn cứ {text};", bodies=False).citations] == [wanted], text


@pytest.mark.parametrize("type_name,text", list(_type_negatives()))
def test_type_negatives_yield_no_such_citation(type_name, text):
    r = extract_text(text)
    assert all(c.type != type_name for c in r.citations), [(c.number, c.title) for c in r.citations]


def _issuer_examples():
    for i in RAW["issuers"]["issuer"]:
        for ex in i.get("examples", []):
            yield pytest.param(i, ex, id=f"{i['code']}:{ex}")


@pytest.mark.parametrize("issuer,number", list(_issuer_examples()))
def test_issuer_codes_parse(issuer, number):
    r = extract_text(f"Căn cứ Văn bản số {number} và các văn bản có liên quan.")
    found = [c for c in r.citations if c.number and number_key(c.number) == number_key(number)]
    assert found, (number, [c.number for c in r.citations])
    assert found[0].issuer is not None and issuer["name"] in found[0].issuer, found[0].issuer
    # the printed number comes back in its canonical form
    assert found[0].number == number


def _relation_examples():
    for cue in RAW["relations"]["cue"]:
        for ex in cue.get("examples", []):
            yield pytest.param(ex, id=f"{cue['relation']}-{cue['voice']}:{ex[0][:30]}")


def _label(r, ident):
    if ident == r.document.id:
        return "SELF"
    c = next(c for c in r.citations if c.id == ident)
    return c.number or c.title


@pytest.mark.parametrize("example", list(_relation_examples()))
def test_relation_examples(example):
    text, subject, relation, target = example
    r = extract_text(text)
    triples = {(_label(r, x.source), x.type, _label(r, x.target)) for x in r.relations}
    assert (subject, relation, target) in triples, triples


def _relation_negatives():
    for cue in RAW["relations"]["cue"]:
        # a neutral phrase ("có hiệu lực thi hành") must keep its words from being read
        # as an IMPLEMENTS cue
        relation = "IMPLEMENTS" if cue["voice"] == "neutral" else cue["relation"]
        for ex in cue.get("negatives", []):
            yield pytest.param(relation, ex, id=f"{cue['relation']}-{cue['voice']}:{ex[:30]}")


@pytest.mark.parametrize("relation,text", list(_relation_negatives()))
def test_relation_negatives(relation, text):
    r = extract_text(text)
    found = [x for x in r.relations if x.type == relation]
    assert not found, [(x.source, x.type, x.target) for x in found]


def _law_examples():
    # the hand-kept laws and the versions scripts/make_law_gazetteer.py read off the texts
    for law in RAW["laws"]["law"] + RAW["law_versions"].get("law", []):
        for v in law["versions"]:
            if "example" in v:
                yield pytest.param(law["name"], v, id=f"{law['name'][:30]}-{v['year']}")


@pytest.mark.parametrize("name,version", list(_law_examples()))
def test_laws_cited_by_name_resolve(name, version):
    r = extract_text(version["example"])
    if version.get("number"):
        assert version["number"] in [c.number for c in r.citations], [(c.number, c.title) for c in r.citations]
    else:
        assert any(c.year == version["year"] and c.title == name for c in r.citations)


@pytest.mark.parametrize("short,long", [tuple(ex) for a in RAW["abbreviations"]["abbreviation"] for ex in a["examples"]])
def test_abbreviations_expand(short, long):
    assert G.expand_abbreviations(short).lower() == long.lower()


def test_laws_have_distinct_names_and_numbers():
    keys = [law.key for law in G.laws]
    assert len(keys) == len(set(keys))
    numbers = [v.number for law in G.laws for v in law.versions if v.number]
    assert len(numbers) == len(set(numbers))


def test_provinces_before_and_after_2025():
    current = [p for p in G.provinces if p.current]
    before = [p for p in RAW["provinces"]["province"] if p["before_2025"]]
    assert len(current) == 34 and len(before) == 63
    for p in G.provinces:
        for name in (p.name, *p.aliases):
            assert G.province(name) is p
        if p.successor:
            assert G.province(p.successor).current
    assert G.province("Bến Tre").successor == "Vĩnh Long"
    assert G.province("Kon Tum").successor == "Quảng Ngãi"


def test_type_codes_and_issuer_codes_are_unique_per_meaning():
    for code, t in G.type_by_code.items():
        assert code == code.lower()
        assert G.canonical_code[code].lower() == code


def test_law_versions_read_off_the_texts_are_checkable():
    """Every generated version says where it was read and fits its Assembly's term."""
    for law in RAW["law_versions"]["law"]:
        for v in law["versions"]:
            assert v["source"].split("/")[0] in ("gazette", "tvpl", "seeds"), v
            assert int(v["number"].split("/")[1]) == v["year"], v
            assert term_fits(v["number"]), v
            assert "date" not in v or int(v["date"][:4]) == v["year"], v


def test_a_bare_name_is_the_version_in_force_at_the_citing_date():
    """Issue 14: "Luật Ngân sách nhà nước" in a decree of 17/4/2015 is the 2002 law (the 2015
    one was passed in June), in a text of 31/3/2025 the 2015 law (the 2025 one came later); a
    law of 24/6/2015 citing "Luật Ban hành văn bản quy phạm pháp luật" means the 2008 law
    (80/2015/QH13, passed two days before, took effect on 1/7/2016)."""
    def cited(date, law):
        d, m, y = date
        r = extract_text(f"CHÍNH PHỦ\nSố: 36/{y}/NĐ-CP\nHà Nội, ngày {d} tháng {m} năm {y}\n\nNGHỊ ĐỊNH\nQuy định\n\n"
                         f"Căn cứ {law};\nChính phủ ban hành Nghị định.\nĐiều 1. Phạm vi\n", bodies=False)
        return [c.number for c in r.citations]
    assert cited((17, 4, 2015), "Luật Ngân sách nhà nước") == ["01/2002/QH11"]
    assert cited((31, 3, 2025), "Luật Ngân sách nhà nước") == ["83/2015/QH13"]
    assert cited((24, 6, 2015), "Luật Ban hành văn bản quy phạm pháp luật") == ["17/2008/QH12"]


def test_a_name_in_a_cited_texts_description_is_the_law_passed_by_then():
    """A decree detailing a law is issued before the law takes effect: "Nghị định số
    34/2016/NĐ-CP ngày 14/5/2016 … quy định chi tiết … Luật Ban hành văn bản QPPL" details
    80/2015/QH13 (passed 22/6/2015, in force 1/7/2016), not the 2008 law (seed 004)."""
    r = extract_text("UBND TỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày 10 tháng 6 năm 2021\n\nKẾ HOẠCH\n"
                     "Thực hiện\n\nI. MỤC ĐÍCH\nThực hiện Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ quy "
                     "định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản QPPL.\n", bodies=False)
    ids = {c.id: c.number for c in r.citations}
    assert ("34/2016/NĐ-CP", "DETAILS", "80/2015/QH13") in {(ids.get(x.source), x.type, ids.get(x.target))
                                                             for x in r.relations}


def test_law_versions_from_public_knowledge_are_consistent():
    """data/grammar/laws_reference.toml (laws from public knowledge): base laws only, each
    number fits its Assembly's term and its year, each date its year; the texts at hand and
    the hand-kept file win where they give a number (G holds no number twice)."""
    import re

    for law in RAW["laws_reference"].get("law", []):
        assert not law["name"].lower().startswith("luật sửa đổi"), law["name"]
        for v in law["versions"]:
            assert v.get("source") == "reference", v
            if v.get("number"):
                assert int(v["number"].split("/")[1]) == v["year"], v
                assert term_fits(v["number"]), v
            for field in ("date", "effective"):
                if field in v:
                    assert re.fullmatch(r"\d{4}-\d\d-\d\d", v[field]), v
            assert "date" not in v or int(v["date"][:4]) == v["year"], v
            assert "effective" not in v or "date" not in v or v["effective"] >= v["date"], v


def test_what_doc_types_say_of_themselves():
    """normative, passed_by and label are the data's, not the code's: a decree is a text of
    law and a plan is not; a law cited by name is the National Assembly's; every type has
    an English label of its own."""
    from legalgraph.grammar import load_grammar

    types = load_grammar().types
    assert types["Nghị định"].normative and types["Thông tư"].normative and not types["Kế hoạch"].normative
    assert not types["Công văn"].normative
    assert {n for n, t in types.items() if t.passed_by == "Quốc hội"} == {"Hiến pháp", "Bộ luật", "Luật"}
    labels = [t.label for t in types.values()]
    assert all(labels) and len(set(labels)) == len(labels)
    from legalgraph import extract

    record = extract("Căn cứ Luật Đất đai năm 2024;")
    assert [(c.type, c.issuer) for c in record.citations] == [("Luật", "Quốc hội")]
