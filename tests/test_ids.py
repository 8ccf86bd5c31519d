"""Work URIs: one per instrument, stable, and round-tripped through the parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legalgraph import extract_text
from legalgraph.ids import WorkRef, number_key, parse_work_uri


@pytest.mark.parametrize("a,b", [
    ("07/2026/TT-BNV", "7/2026/tt-bnv"),
    ("56/2024/NĐ-CP", "56 / 2024 / NĐ–CP"),
    ("27-NQ/TW", "27-nq/tw"),
])
def test_number_key_ignores_case_space_dashes_and_leading_zeros(a, b):
    assert number_key(a) == number_key(b)


@pytest.mark.parametrize("ref,uri", [
    (WorkRef("nghi-dinh", 2024, number="56/2024/NĐ-CP"), "/akn/vn/nghi-dinh/2024/56-2024-nd-cp"),
    (WorkRef("quyet-dinh", 2024, number="916/QĐ-TTg"), "/akn/vn/quyet-dinh/2024/916-qd-ttg"),
    (WorkRef("ke-hoach", 2024, number="483/KH-UBND", province="tien-giang", local=True),
     "/akn/vn-tien-giang/ke-hoach/2024/483-kh-ubnd"),
    (WorkRef("ke-hoach", 2024, number="338/KH-UBND", local=True), "/akn/vn-_/ke-hoach/2024/338-kh-ubnd"),
    (WorkRef("chi-thi", None, number="32-CT/TW"), "/akn/vn/chi-thi/_/32-ct-tw"),
    (WorkRef("hien-phap", 2013, name="hien-phap"), "/akn/vn/hien-phap/2013/~hien-phap"),
    (WorkRef("nghi-quyet", 2026, number="66.17/2026/NQ-CP"), "/akn/vn/nghi-quyet/2026/66.17-2026-nq-cp"),
])
def test_uri_scheme(ref, uri):
    assert ref.uri == uri
    assert parse_work_uri(uri).uri == uri


def test_every_uri_the_extractor_makes_round_trips(seeds_dir):
    for path in seeds_dir.glob("*.txt"):
        r = extract_text(path.read_text(encoding="utf-8"))
        for ident in [r.document.id] + [c.id for c in r.citations]:
            assert parse_work_uri(ident).uri == ident


def test_parsed_parts():
    p = parse_work_uri("/akn/vn-ben-tre/ke-hoach/2020/6134-kh-ubnd")
    assert (p.province, p.local, p.type_slug, p.year, p.number_slug) == ("ben-tre", True, "ke-hoach", 2020, "6134-kh-ubnd")
    assert parse_work_uri("/akn/vn/luat/2015/80-2015-qh13").province is None


@pytest.mark.parametrize("bad", ["", "/akn/vn", "akn/vn/luat/2015/x", "/akn/vn/luat/15/x", "/akn/vn/Luat/2015/x"])
def test_bad_uris_are_refused(bad):
    with pytest.raises(ValueError):
        parse_work_uri(bad)


@given(
    type_slug=st.sampled_from(["nghi-dinh", "quyet-dinh", "ke-hoach", "chi-thi", "thong-tu"]),
    year=st.one_of(st.none(), st.integers(1945, 2099)),
    serial=st.integers(1, 99999),
    code=st.sampled_from(["NĐ-CP", "QĐ-TTg", "KH-UBND", "TT-BLĐTBXH", "TTLT-BTC-BGTVT"]),
    province=st.one_of(st.none(), st.sampled_from(["ben-tre", "tien-giang", "ha-noi"])),
)
def test_round_trip_property(type_slug, year, serial, code, province):
    number = f"{serial}/{year}/{code}" if year else f"{serial}/{code}"
    uri = WorkRef(type_slug, year, number=number, province=province, local=province is not None).uri
    parsed = parse_work_uri(uri)
    assert parsed.uri == uri
    assert parsed.year == year and parsed.province == province


def test_same_number_different_year_are_different_works():
    r = extract_text("Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ; "
                     "Quyết định số 916/QĐ-TTg ngày 10/7/2019 của Thủ tướng Chính phủ.")
    ids = {c.id: c.year for c in r.citations if c.number == "916/QĐ-TTg"}
    assert sorted(ids.values()) == [2019, 2024]


def test_local_series_are_scoped_by_province():
    a = extract_text("ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 12/KH-UBND\nBến Tre, ngày 01 tháng 02 năm 2024\n\n"
                     "KẾ HOẠCH\nThực hiện Kế hoạch số 5/KH-UBND ngày 03/01/2024 của Ủy ban nhân dân tỉnh.")
    b = extract_text("ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nSố: 12/KH-UBND\nTiền Giang, ngày 01 tháng 02 năm 2024\n\n"
                     "KẾ HOẠCH\nThực hiện Kế hoạch số 5/KH-UBND ngày 03/01/2024 của Ủy ban nhân dân tỉnh.")
    assert a.document.id != b.document.id
    ca = next(c for c in a.citations if c.number == "5/KH-UBND")
    cb = next(c for c in b.citations if c.number == "5/KH-UBND")
    assert ca.id == "/akn/vn-ben-tre/ke-hoach/2024/5-kh-ubnd"
    assert cb.id == "/akn/vn-tien-giang/ke-hoach/2024/5-kh-ubnd"
    assert ca.province == "Bến Tre" and ca.issuer == "UBND tỉnh Bến Tre"


def test_central_series_are_not_scoped():
    r = extract_text("ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 12/KH-UBND\n\nThực hiện Nghị định số 56/2024/NĐ-CP.")
    assert [c.id for c in r.citations] == ["/akn/vn/nghi-dinh/2024/56-2024-nd-cp"]
