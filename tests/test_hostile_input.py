"""Small files built to cost a reader far more than their size: a sheet that declares
every cell Excel allows, an XML part that hides a DTD past its first kilobytes, an HTML
doctype with an internal subset, nothing at all on standard input. Each is either read
for what it really holds or refused in one line naming it, and a run goes on with its
other files."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import zipfile

import pytest

SEED = "001_920478a60c450549.txt"
MEMORY_LIMIT = 1 << 30  # the interpreter with the grammar loaded needs under 200 MB


def _limited():
    # a reader that materialises a declared sheet hits this at once, instead of the machine's memory
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def legalgraph(*args, stdin=b"", timeout=120):
    return subprocess.run([sys.executable, "-m", "legalgraph", *map(str, args)], input=stdin, capture_output=True,
                          timeout=timeout, preexec_fn=_limited)


def _sheet_xml(dimension: str, rows: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')


def _row(n: int, *cells: tuple[str, str]) -> str:
    return f'<row r="{n}">' + "".join(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>' for ref, v in cells) + "</row>"


HEADER = _row(1, ("A1", "Số ký hiệu"), ("B1", "Ngày ban hành"), ("C1", "Trích yếu"))
FIRST = _row(2, ("A2", "338/KH-UBND"), ("B2", "20/01/2025"), ("C2", "Kế hoạch thực hiện Nghị định số 56/2024/NĐ-CP"))


def _xlsx(path, sheet: str) -> None:
    """A workbook of one sheet, as small as Excel reads: the parts openpyxl needs and nothing else."""
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   f'<Types xmlns="{ns}/package/2006/content-types">'
                   f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   f'officedocument.spreadsheetml.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                   f'officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
                   f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   f'</Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
                   f'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
                   f'Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)


# ---- defect 1: catalogue rows stream, bounded in rows and columns

def test_an_xlsx_declaring_every_cell_of_the_sheet_is_read_for_what_it_holds(tmp_path, seeds_dir):
    # the file: 5 KB, dimension A1:XFD1048576, one stray cell in the sheet's last cell
    path = tmp_path / "list.xlsx"
    _xlsx(path, _sheet_xml("A1:XFD1048576", HEADER + FIRST + _row(1048576, ("XFD1048576", "x"))))
    assert path.stat().st_size < 5000
    r = legalgraph("extract", "--no-bodies", "--no-progress", seeds_dir / SEED, path)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr == b""
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["source"] for x in records] == [str(seeds_dir / SEED), f"{path}#1"]
    assert records[1]["document"]["number"] == "338/KH-UBND"


def test_an_xlsx_row_at_the_bottom_of_the_sheet_keeps_its_row_number(tmp_path):
    path = tmp_path / "list.xlsx"
    last = _row(1048576, ("C1048576", "Kế hoạch số 12/KH-UBND triển khai Chỉ thị số 06-CT/TU"))
    _xlsx(path, _sheet_xml("A1:C1048576", HEADER + FIRST + last))
    r = legalgraph("extract", "--no-bodies", "--no-progress", path)
    assert r.returncode == 0, r.stderr.decode()
    assert [json.loads(line)["source"] for line in r.stdout.splitlines()] == [f"{path}#1", f"{path}#1048575"]


def test_an_xlsx_with_rows_past_the_last_row_a_sheet_can_have_is_refused(tmp_path, seeds_dir):
    # openpyxl fills every missing row before a row numbered 4 billion: it would never end
    path = tmp_path / "list.xlsx"
    _xlsx(path, _sheet_xml("A1:C3", HEADER + FIRST + _row(4000000000, ("C4000000000", "x"))))
    r = legalgraph("extract", "--no-bodies", "--no-progress", path, seeds_dir / SEED, timeout=60)
    assert r.returncode == 1
    err = r.stderr.decode()
    assert err.startswith(f"legalgraph: {path}: ") and "1,048,576" in err and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert [json.loads(line)["source"] for line in r.stdout.splitlines()] == [str(seeds_dir / SEED)]



# ---- defect 11: no XML part of a zip may declare a DTD, wherever it stands in the part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def _docx_members() -> list[tuple[str, bytes]]:
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("Kế hoạch số 12/KH-UBND thực hiện Nghị định số 56/2024/NĐ-CP")
    out = io.BytesIO()
    d.save(out)
    with zipfile.ZipFile(out) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _docx(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, body in members:
            z.writestr(name, body)
    return out.getvalue()


def _with_document(prolog: str, encoding="utf-8", extra=()) -> list[tuple[str, bytes]]:
    body = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body><w:p>'
            '<w:r><w:t>Kế hoạch số 12/KH-UBND &c;</w:t></w:r></w:p></w:body></w:document>').encode(encoding)
    return [(n, body if n == "word/document.xml" else b) for n, b in _docx_members()] + list(extra)


@pytest.mark.parametrize("filler", [5 * 1024, (1 << 20) - 4, 3 << 20], ids=["after 5 KB", "across 1 MiB", "after 3 MiB"])
@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED], ids=["deflated", "stored"])
def test_a_dtd_anywhere_in_an_xml_part_is_refused(filler, compression):
    from legalgraph.text.read import ReadError, read_bytes

    # "across 1 MiB": the member is inflated a MiB at a time, and "<!DOCTYPE" straddles the first step
    prolog = "<!--" + "x" * (filler - len('<?xml version="1.0" encoding="UTF-8"?><!--') - 3) + "-->" + LAUGHS
    data = _docx(_with_document(prolog), compression)
    with pytest.raises(ReadError, match=r"refused: word/document.xml declares a DTD"):
        read_bytes(data, "laughs.docx")


def test_a_dtd_in_a_utf16_part_is_refused():
    from legalgraph.text.read import ReadError, read_bytes

    data = _docx(_with_document("<!--" + "x" * 5000 + "-->" + LAUGHS, encoding="utf-16"))
    with pytest.raises(ReadError, match=r"refused: word/document.xml declares a DTD"):
        read_bytes(data, "laughs.docx")


def test_a_dtd_in_an_xml_part_not_named_xml_is_refused():
    from legalgraph.text.read import ReadError, read_bytes

    # the part a relationship names is parsed by its content type, whatever its name ends in
    members = dict(_docx_members())
    types = members["[Content_Types].xml"].decode()
    types = types.replace("</Types>", '<Override PartName="/word/settings.bin" ContentType="application/'
                                      'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>')
    types = types.replace('<Override PartName="/word/settings.xml"', '<Override PartName="/word/unused.xml"')
    rels = members["word/_rels/document.xml.rels"].decode().replace('Target="settings.xml"', 'Target="settings.bin"')
    settings = members.pop("word/settings.xml").decode()
    settings = settings.replace("?>", "?>" + LAUGHS.replace("w:document", "w:settings"), 1)
    members.update({"[Content_Types].xml": types.encode(), "word/_rels/document.xml.rels": rels.encode(),
                    "word/settings.bin": settings.encode()})
    assert 'Target="settings.bin"' in rels and "settings.bin" in types
    with pytest.raises(ReadError, match=r"refused: word/settings.bin declares a DTD"):
        read_bytes(_docx(members.items()), "laughs.docx")


def test_an_svg_image_with_a_doctype_is_not_an_xml_part(tmp_path):
    from legalgraph.text.read import read_bytes

    svg = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>')
    members = [(n, b.replace(b"</Types>", b'<Default Extension="svg" ContentType="image/svg+xml"/></Types>')
                if n == "[Content_Types].xml" else b) for n, b in _docx_members()]
    got = read_bytes(_docx(members + [("word/media/image1.svg", svg)]), "picture.docx")
    assert got.text.startswith("Kế hoạch số 12/KH-UBND")


def test_a_dtd_in_an_xlsx_sheet_after_a_long_comment_is_refused(tmp_path):
    path = tmp_path / "list.xlsx"
    sheet = _sheet_xml("A1:C2", HEADER + FIRST).replace("?>", "?><!--" + "x" * 6000 + "-->"
                                                         + LAUGHS.replace("w:document", "worksheet"), 1)
    _xlsx(path, sheet)
    r = legalgraph("extract", "--no-bodies", "--no-progress", path)
    assert r.returncode == 1
    assert r.stderr.decode() == f"legalgraph: {path}: refused: xl/worksheets/sheet1.xml declares a DTD (Office " \
                                "never writes one; entity expansion?)\n"


# ---- defect 12: an HTML doctype with an internal subset; nothing on standard input

PAGE = "<html><body><p>Kế hoạch số 12/KH-UBND thực hiện Nghị định số 56/2024/NĐ-CP</p></body></html>"


@pytest.mark.parametrize("doctype", ['<!DOCTYPE html [ <!ENTITY x "hello"> ]>',
                                     '<?xml version="1.0"?>\n<!-- saved -->\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
                                     ' Strict//EN" "x.dtd" [\n  <!ENTITY nbsp "&#160;">\n  <!ATTLIST p id ID #IMPLIED>\n]>',
                                     "<!doctype html [<!ENTITY a 'x>y'>]  >"])
def test_an_html_doctype_with_an_internal_subset_is_not_text(doctype):
    from legalgraph.text.read import read_bytes

    plain = read_bytes(PAGE.encode(), "page.html").text
    assert read_bytes((doctype + "\n" + PAGE).encode(), "page.html").text == plain


@pytest.mark.parametrize("stdin", [b"", b" \n\t\n"], ids=["empty", "blank"])
def test_nothing_on_standard_input_is_an_error_like_an_empty_file(stdin, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(stdin)
    from_file = legalgraph("extract", "--no-progress", empty)
    r = legalgraph("extract", "--no-progress", "-", stdin=stdin)
    assert (r.returncode, r.stdout) == (from_file.returncode, from_file.stdout) == (1, b"")
    err = r.stderr.decode()
    assert err.startswith("legalgraph: <stdin>: ") and "standard input" in err and err.count("\n") == 1, err
    # the file's problem ("empty file", "no text in this file"), said of standard input
    assert err.split(": ", 2)[2].split()[0] == from_file.stderr.decode().split(": ", 2)[2].split()[0]
    # and `text -` refuses it the same way (it printed nothing and exited 0)
    shown = legalgraph("text", "-", stdin=stdin)
    assert (shown.returncode, shown.stdout) == (1, b"") and err.split(": ", 1)[1] in shown.stderr.decode()
