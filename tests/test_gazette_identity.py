"""Each gazette text's own number, type and year (tests/gold/gazette_identity.json: the
catalogue, corrected by the printed header where the catalogue is wrong)."""

from __future__ import annotations

from legalgraph.ids import number_key


def test_own_number_type_and_year(gazette_dir, gazette_truth, extractor):
    wrong = []
    for truth in gazette_truth:
        text = (gazette_dir / f"{truth['slug']}.txt").read_text(encoding="utf-8")
        doc = extractor.extract(text, source=truth["slug"]).document
        ok = (doc.number is not None and number_key(doc.number) == number_key(truth["number"])
              and doc.type == truth["type"] and doc.year == truth["year"])
        if not ok:
            wrong.append(f"{truth['slug']}: got {doc.number} {doc.type} {doc.year}, "
                         f"want {truth['number']} {truth['type']} {truth['year']}")
    share = 1 - len(wrong) / len(gazette_truth)
    assert share >= 0.95, f"{share:.3f} right\n" + "\n".join(wrong)


def test_texts_without_a_header_say_so(gazette_dir, extractor):
    # an image-only text: no number can be read, and the output says why
    text = (gazette_dir / "nghi-quyet-so-99-nq-cp-469343.txt").read_text(encoding="utf-8")
    result = extractor.extract(text)
    assert result.document.number is None
    assert any("no document number" in w for w in result.warnings)


def test_the_document_is_never_its_own_citation(gazette_dir, gazette_truth, extractor):
    for truth in gazette_truth[:60]:
        text = (gazette_dir / f"{truth['slug']}.txt").read_text(encoding="utf-8")
        result = extractor.extract(text)
        if result.document.number:
            own = number_key(result.document.number)
            assert all(c.number is None or number_key(c.number) != own for c in result.citations), truth["slug"]
