"""The DOCX and HTML readers, on the seeds rendered as real documents and on hostile files.

Every seed is written as a Word document (python-docx: a paragraph a line, the header
block and the signature block in two-column tables as official documents lay them out,
a page header and footer, bold where the seed has **…**, and for seed 003 real Word
footnotes in word/footnotes.xml) and as a web page (the text in an <article> or a
div.content beside scripts, styles, a menu, a sidebar and a site footer, the header block
as a table, footnotes as Word's HTML export writes them). Both are read with
``read_file`` and extracted: the facts must be the seed's own, and every span must point
into the text that was read. The page furniture carries citations of its own
("Nghị định số 99/2099/NĐ-CP"), so a leak changes the facts, not just the text.

Then what a reader must refuse in one clear line (a zip bomb, honest or lying about its
size, a truncated archive, plain text named .docx, a DTD in a part, a page of scripts),
and Hypothesis: mutated DOCX archives and XML, random HTML, never anything but ReadError.
"""

from __future__ import annotations

import functools
import html as htmlmod
import io
import re
import struct
import zipfile
import zlib

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roundtrip import (
    SEED_FILES,
    assert_same_facts,
    assert_spans_point_into,
    extract_text,
    seed_record,
)

from legalgraph.text.read import ReadError, read_bytes, read_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SEED_NAMES = [p.name for p in SEED_FILES]

# Page furniture: each carries a citation, so if it leaks into the text the facts change.
PAGE_HEADER = "CỔNG THÔNG TIN ĐIỆN TỬ - Trang 1 - Nghị định số 98/2098/NĐ-CP"
PAGE_FOOTER = "Trang 1/9 - Văn phòng UBND - Thông tư số 97/2097/TT-BTC"
MENU = "Trang chủ | Văn bản mới: Nghị định số 99/2099/NĐ-CP"
SIDEBAR = "Văn bản liên quan: Quyết định số 12/2098/QĐ-TTg"
SITE_FOOTER = "Bản quyền Cổng thông tin - Thông tư số 77/2099/TT-BTC"
SCRIPT = "var x = 'Luật số 55/2099/QH15';"
LEAKS = [PAGE_HEADER, PAGE_FOOTER, "Trang 1", MENU, "99/2099", SIDEBAR, "12/2098", SITE_FOOTER, "77/2099",
         "55/2099", "98/2098", "97/2097", "SEPARATOR", "color:"]


# -- the seeds as document structure ------------------------------------------------------------

def seed_lines(name: str) -> list[str]:
    return (SEED_FILES[0].parent / name).read_text(encoding="utf-8").split("\n")


_MOTTO = re.compile(r"\W*(?:CỘNG\s+H(?:ÒA|OÀ)|Độc\s+lập)")
_DATE_LINE = re.compile(r"[^\n,]{2,50},\s*ngày\s.*năm\s+\d{4}")


def _header_region(lines):
    """First line of the header block (the issuing body in capitals) to its date line."""
    date = next((i for i, s in enumerate(lines[:25]) if _DATE_LINE.match(s.replace("*", ""))), None)
    number = next((i for i, s in enumerate(lines[:25]) if s.replace("*", "").strip().startswith("Số")), None)
    if date is None or number is None:
        return None
    start = next((i for i, s in enumerate(lines) if s.replace("*", "").strip().isupper()), None)
    if start is None or start > number:
        return None
    end = date + 1
    if end < len(lines) and lines[end].strip() == "|":  # the old converter's cell separator
        end += 1
    return start, end


def _header_table(indices, lines):
    """The header block as Word lays it out, from line indices: the issuing body with its
    number under it beside the motto with the date (one row), or body | motto over
    number | date (two rows) — whichever keeps the seed's order."""
    cells = {"org": [], "motto": [], "number": [], "date": []}
    side = "org"
    for j in indices:
        t = lines[j].replace("*", "").strip()
        if not t or t == "|":
            continue
        if _MOTTO.match(t):
            side = "motto"
        elif t.startswith("Số"):
            side = "number"
        elif _DATE_LINE.match(t):
            side = "date"
        cells[side].append(j)  # anything else (the province line, a rule) goes with the line above
    if cells["number"] and cells["motto"] and cells["number"][0] < cells["motto"][0]:
        return [[cells["org"] + cells["number"], cells["motto"] + cells["date"]]]
    return [[cells["org"], cells["motto"]], [cells["number"], cells["date"]]]


_SIGNING = re.compile(r"\s*(?:KT|TM)\s*\.")
_PERSON = re.compile(r"\s*(?:[A-ZĐÂ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÂ][a-zà-ỹđ]+\s*")


def _signature_region(lines):
    """'Nơi nhận:' to the signer's name: the two-column block at the end of the document."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if re.match(r"\s*N[oơ]i nhận", lines[i])), None)
    if start is None:
        return None
    sign = next((i for i in range(start, len(lines)) if _SIGNING.match(lines[i])), None)
    if sign is None:
        return None
    name = next((i for i in range(sign, min(len(lines), sign + 10)) if _PERSON.fullmatch(lines[i])), None)
    if name is None:
        return None
    end = name + 1
    if end < len(lines) and lines[end].strip() == "|":
        end += 1
    return start, sign, end


def _strip_blank(indices, lines):
    """A cell's lines without the blank ones at its ends or the old converter's '|' lines."""
    cell = [j for j in indices if lines[j].strip() != "|"]
    while cell and not lines[cell[0]].strip():
        cell = cell[1:]
    while cell and not lines[cell[-1]].strip():
        cell = cell[:-1]
    return cell


def _segments(lines):
    """Each line as (text, bold) runs: the seed's **…** marks, bold carried across lines."""
    bold = False
    out = []
    for line in lines:
        segs = []
        for k, piece in enumerate(line.split("**")):
            if k:
                bold = not bold
            if piece:
                segs.append((piece, bold))
        out.append(segs)
    return out


def seed_blocks(name: str):
    """The seed as ("p", runs) and ("table", rows -> cells -> runs) blocks, and its footnotes."""
    lines = seed_lines(name)
    notes = {}
    first_note = next((i for i, s in enumerate(lines) if re.match(r"\[1\]\s", s)), None)
    if first_note is not None:
        for s in lines[first_note:]:
            m = re.match(r"\[(\d+)\]\s*(.*)", s)
            if m:
                notes[int(m.group(1))] = m.group(2)
            elif s.strip():
                notes[max(notes)] += " " + s.strip()
        lines = lines[:first_note]
    segs = _segments(lines)
    blocks = []
    header = _header_region(lines)
    signature = _signature_region(lines)
    i = 0
    while i < len(lines):
        if header and i == header[0]:
            rows = _header_table(range(header[0], header[1]), lines)
            blocks.append(("table", [[[segs[j] for j in c] for c in row] for row in rows]))
            i = header[1]
        elif signature and i == signature[0]:
            start, sign, end = signature
            left, right = _strip_blank(range(start, sign), lines), _strip_blank(range(sign, end), lines)
            blocks.append(("table", [[[segs[j] for j in left], [segs[j] for j in right]]]))
            i = end
        else:
            blocks.append(("p", segs[i]))
            i += 1
    return blocks, notes


# -- DOCX ---------------------------------------------------------------------------------------

def _add_runs(paragraph, segments, notes_seen: dict, note_ids: dict):
    """Runs for the segments; '[n]' of a footnote becomes a real footnote reference."""
    for text, bold in segments:
        pieces = re.split(r"(\[\d+\])", text) if note_ids else [text]
        for piece in pieces:
            m = re.fullmatch(r"\[(\d+)\]", piece)
            if m and int(m.group(1)) in note_ids:
                run = paragraph.add_run()
                run._r.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vertAlign w:val="superscript"/></w:rPr>'))
                run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{note_ids[int(m.group(1))]}"/>'))
                notes_seen[int(m.group(1))] = True
            elif piece:
                paragraph.add_run(piece).bold = bold or None


def _footnotes_part(document, notes: dict, note_ids: dict):
    body = [f'<w:footnotes {nsdecls("w")}>',
            # Word's separator "notes": never referenced, never text (SEPARATOR must not appear)
            ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/><w:t>SEPARATOR</w:t></w:r></w:p>'
             '</w:footnote>'),
            ('<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
             '<w:t>SEPARATOR</w:t></w:r></w:p></w:footnote>')]
    for n, text in notes.items():
        body.append(f'<w:footnote w:id="{note_ids[n]}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                    f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {htmlmod.escape(text)}</w:t>'
                    '</w:r></w:p></w:footnote>')
    body.append("</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, "".join(body).encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def seed_docx(name: str) -> bytes:
    blocks, notes = seed_blocks(name)
    # ids are not the numbers Word shows: the numbers come from the order of reference
    note_ids = {n: 10 + 3 * n for n in notes}
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = PAGE_HEADER
    section.footer.paragraphs[0].text = PAGE_FOOTER
    seen: dict = {}
    for kind, content in blocks:
        if kind == "p":
            _add_runs(d.add_paragraph(), content, seen, note_ids)
            continue
        rows = [r for r in content if any(r)]
        table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, lines in enumerate(row):
                cell = table.cell(r, c)
                for k, runs in enumerate(lines or [[]]):
                    paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    _add_runs(paragraph, runs, seen, note_ids)
    if notes:
        assert set(seen) == set(notes), "every footnote is referenced"
        _footnotes_part(d, notes, note_ids)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# -- HTML ---------------------------------------------------------------------------------------

def _html_segments(segments) -> str:
    out = []
    for text, bold in segments:
        text = htmlmod.escape(text)
        text = re.sub(r"\[(\d+)\]", r'<a href="#_ftn\1" name="_ftnref\1"><sup>[\1]</sup></a>', text)
        out.append(f"<b>{text}</b>" if bold else text)
    return "".join(out)


def seed_html(name: str, container: str = "article") -> bytes:
    blocks, notes = seed_blocks(name)
    body = []
    for kind, content in blocks:
        if kind == "p":
            inner = _html_segments(content)
            body.append(f"<p>{inner}</p>" if inner.strip() else "<p>&nbsp;</p>")
            continue
        body.append('<table class="header" style="width:100%">')
        for row in content:
            body.append("<tr>" + "".join(
                "<td>" + "<br>\n".join(_html_segments(runs) for runs in cell) + "</td>" for cell in row) + "</tr>")
        body.append("</table>")
    if notes:
        body.append('<div style="mso-element:footnote-list"><hr align="left" size="1" width="33%">')
        for n, text in notes.items():
            body.append(f'<div id="ftn{n}"><p class="MsoFootnoteText"><a href="#_ftnref{n}" name="_ftn{n}">'
                        f"[{n}]</a> {htmlmod.escape(text)}</p></div>")
        body.append("</div>")
    opening, closing = ("<article>", "</article>") if container == "article" else ('<div class="content">', "</div>")
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{htmlmod.escape(name)} - 55/2099/QH15</title>
<style>body {{ color: red; }} .x::after {{ content: "Nghị định số 99/2099/NĐ-CP"; }}</style>
<script>{SCRIPT}</script></head>
<body>
<header class="site"><nav><ul><li><a href="/">{htmlmod.escape(MENU)}</a></li></ul></nav></header>
<div class="wrapper">
<div class="sidebar"><h3>{htmlmod.escape(SIDEBAR)}</h3><ul><li><a href="/vb/1">Xem</a></li></ul></div>
{opening}
{chr(10).join(body)}
{closing}
</div>
<footer><p>{htmlmod.escape(SITE_FOOTER)}</p></footer>
<script>document.write("<p>Trang 1</p>");</script>
</body></html>"""
    return page.encode("utf-8")


# -- the round trip -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every seed as a .docx and a .html file, written once for the module."""
    root = tmp_path_factory.mktemp("rendered")
    files = {}
    for k, name in enumerate(SEED_NAMES):
        stem = name.rsplit(".", 1)[0]
        (root / f"{stem}.docx").write_bytes(seed_docx(name))
        (root / f"{stem}.html").write_bytes(seed_html(name, "article" if k % 2 == 0 else "div"))
        files[name] = (root / f"{stem}.docx", root / f"{stem}.html")
    return files


_DIGEST = re.compile(r"~doc-[0-9a-f]{10}")


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_round_trip(rendered, name, fmt):
    path = rendered[name][0 if fmt == "docx" else 1]
    got = read_file(path)
    assert got.format == fmt
    for leak in LEAKS:
        assert leak not in got.text, f"{fmt}: page furniture leaked: {leak!r}"
    record = extract_text(got.text, source=name)
    assert_same_facts(record, seed_record(name), f"{name} as {fmt}")
    assert_spans_point_into(record, got.text)


def _plain(name: str) -> bool:
    text = (SEED_FILES[0].parent / name).read_text(encoding="utf-8")
    return "**" not in text and "\n|\n" not in text and "\n[1]" not in text


@pytest.mark.parametrize("name", [n for n in SEED_NAMES if _plain(n)])
def test_docx_gives_the_seed_text(rendered, name):
    """A seed without markup, written a line a paragraph (header and signature in tables),
    reads back as exactly its own text: nothing added, dropped or reordered."""
    from legalgraph.text.read import read_document

    got = read_file(rendered[name][0])
    assert got.text == read_document(SEED_FILES[0].parent / name)
    assert seed_record(name)["document"]["id"] == extract_text(got.text, source=name)["document"]["id"]


def test_docx_footnotes(rendered):
    name = next(n for n in SEED_NAMES if n.startswith("003"))
    got = read_file(rendered[name][0])
    text = got.text
    # numbered by the order of reference, not by the w:id (13, 16, ...) the part gives them
    assert "80-KL/TW[1]," in text and "trong những năm tới[2]." in text
    bodies = [line for line in text.split("\n") if re.match(r"\[\d\] ", line)]
    assert [b[:3] for b in bodies] == ["[1]", "[2]", "[3]", "[4]"]
    assert bodies[0].startswith("[1] Kế hoạch số 270-KH/TU ngày 17/8/2020")
    assert text.index("Nguyễn Văn Đức") < text.index("[1] Kế hoạch")
    assert any("footnote" in n for n in got.notes)
    record = extract_text(text, source=name)
    cited = {c["number"]: c for c in record["citations"]}
    assert cited["270-KH/TU"]["date"] == "2020-08-17"  # the date is in the footnote body


# -- DOCX structure -------------------------------------------------------------------------------

def _docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _body_xml(document, xml: str):
    body = document.element.body
    body.insert(body.index(body.sectPr), parse_xml(xml))


def test_docx_layout():
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "PAGE HEADER TEXT"
    d.sections[0].footer.paragraphs[0].text = "PAGE FOOTER TEXT"
    d.add_paragraph("First paragraph")
    t = d.add_table(rows=5, cols=3)
    for r in range(5):
        for c in range(3):
            t.cell(r, c).text = f"r{r}c{c}"
    t.cell(0, 0).merge(t.cell(0, 1)).text = "merged"
    t.cell(2, 1).add_table(rows=1, cols=2).cell(0, 0).text = "nested"
    d.add_paragraph("Between tables")
    d.add_paragraph("Tuyên truyền", style="List Number")
    d.add_paragraph("Kiểm tra", style="List Number")
    d.add_paragraph("Sở Tư pháp", style="List Bullet")
    p = d.add_paragraph("line one")
    p.add_run().add_break()
    p.add_run("line two\tafter tab ")
    p.add_run("kế hoạch").font.all_caps = True
    p.add_run(" hidden words").font.hidden = True
    q = d.add_paragraph("before page break")
    q.add_run().add_break(WD_BREAK.PAGE)
    q.add_run("after page break")
    _body_xml(d, f'''<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">kept </w:t></w:r>
        <w:del w:id="1" w:author="a"><w:r><w:delText>deleted words</w:delText></w:r></w:del>
        <w:ins w:id="2" w:author="a"><w:r><w:t>inserted words</w:t></w:r></w:ins></w:p>''')
    _body_xml(d, f'''<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r></w:p>
        </w:sdtContent></w:sdt>''')
    _body_xml(d, f'''<w:p {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
        xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p>
        </w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>
        <w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
        </mc:AlternateContent></w:r></w:p>''')
    d.add_paragraph("Last paragraph")
    text = read_bytes(_docx_bytes(d), "layout.docx").text
    lines = text.split("\n")
    assert lines[:7] == ["First paragraph", "merged | r0c2", "r1c0 | r1c1 | r1c2", "r2c0 | r2c1 nested | r2c2",
                         "r3c0 | r3c1 | r3c2", "r4c0 | r4c1 | r4c2", "Between tables"]
    assert lines[7:10] == ["1. Tuyên truyền", "2. Kiểm tra", "• Sở Tư pháp"]
    assert lines[10:12] == ["line one", "line two\tafter tab KẾ HOẠCH"]
    assert lines[12:14] == ["before page break", "after page break"]
    assert "kept inserted words" in lines
    assert "In a content control" in lines
    assert lines.count("Boxed text") == 1 and lines.index("Boxed text") == lines.index("Anchor") + 1
    assert lines[-1] == "Last paragraph"
    for absent in ("hidden", "deleted", "PAGE HEADER", "PAGE FOOTER"):
        assert absent not in text


def test_docx_auto_numbering():
    """Article and point numbers Word generates ("Điều 1.", "a)") are text the reader writes."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3."/>'
        '<w:suff w:val="space"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'))

    def item(text, level, num=91):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))

    item("Phạm vi", 0)
    item("thứ nhất", 1)
    item("thứ hai", 1)
    item("Đối tượng", 0)
    item("thứ ba", 1)
    item("khoản", 2)
    item("Hiệu lực", 0, num=92)
    text = read_bytes(_docx_bytes(d), "n.docx").text
    assert text.split("\n") == ["Điều 1. Phạm vi", "a) thứ nhất", "b) thứ hai", "Điều 2. Đối tượng", "a) thứ ba",
                                "2.1. khoản", "Điều 5. Hiệu lực"]


def test_docx_header_block_reads_line_by_line():
    """The two-column header table gives the identity reader its lines; a data table
    of the same width stays one row a line."""
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t2 = d.add_table(rows=1, cols=2)
    t2.cell(0, 0).text = "Số: 12/QĐ-UBND"
    t2.cell(0, 1).text = "Bến Tre, ngày 3 tháng 4 năm 2021"
    d.add_paragraph("QUYẾT ĐỊNH")
    d.add_paragraph("Về việc ban hành Quy chế")
    data = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("STT", "Nhiệm vụ"), ("1", "Tuyên truyền"), ("2", "Kiểm tra")]):
        data.cell(r, 0).text, data.cell(r, 1).text = a, b
    text = read_bytes(_docx_bytes(d), "h.docx").text
    assert text.split("\n")[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH BẾN TRE", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                    "Độc lập - Tự do - Hạnh phúc", "Số: 12/QĐ-UBND", "Bến Tre, ngày 3 tháng 4 năm 2021"]
    assert text.endswith("STT | Nhiệm vụ\n1 | Tuyên truyền\n2 | Kiểm tra")
    doc = extract_text(text)["document"]
    assert (doc["number"], doc["date"], doc["issuer"]) == ("12/QĐ-UBND", "2021-04-03", "UBND tỉnh Bến Tre")


def _cp1252_chars(data: bytes) -> str:
    """Legacy bytes as Word stores them when typed in a non-Unicode font: the code page's
    characters, the five bytes cp1252 leaves undefined as themselves."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def test_docx_typed_in_a_tcvn3_font():
    """Paragraphs in .VnTime (from the style) are converted; a Unicode paragraph in another
    font beside them is left alone."""
    from legalgraph.text.encodings import encode_tcvn3

    name = next(n for n in SEED_NAMES if n.startswith("002"))
    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"  # the font comes from the style, not the runs
    for line in seed_lines(name):
        d.add_paragraph(_cp1252_chars(encode_tcvn3(line)))
    d.add_paragraph().add_run("Ảnh minh họa").font.name = "Times New Roman"
    got = read_bytes(_docx_bytes(d), "legacy.docx")
    assert any("TCVN3" in n for n in got.notes)
    assert got.text.endswith("\nẢnh minh họa")
    assert_same_facts(extract_text(got.text, source=name), seed_record(name), "TCVN3 docx")


# -- DOCX refused -------------------------------------------------------------------------------

def _zip(entries) -> bytes:
    """A zip written by hand, so a member's header can say what a test needs it to say.
    entries: (name, raw deflate data, crc, declared size)."""
    out = io.BytesIO()
    central = []
    for name, raw, crc, size in entries:
        offset = out.tell()
        n = name.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), size, len(n), 0))
        out.write(n + raw)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                                   len(n), 0, 0, 0, 0, 0, offset) + n)
    directory = b"".join(central)
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _zeros_stream(mib: int) -> bytes:
    """A deflate stream of ``mib`` MiB of zeros, made without compressing them: after a
    full flush the compressor starts afresh, so every MiB compresses to the same bytes."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return chunk * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


@functools.cache
def small_docx() -> bytes:
    """A small valid DOCX, made once (a plain function: Hypothesis prints no fixture values)."""
    d = docx.Document()
    d.add_paragraph("Kế hoạch số 12/KH-UBND thực hiện Nghị định số 56/2024/NĐ-CP")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "a", "b"
    return _docx_bytes(d)


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _rezip(members) -> bytes:
    return _zip([(name, _deflate(body), zlib.crc32(body), len(body)) for name, body in members])


def test_docx_zip_bomb(tmp_path):
    stream = _zeros_stream(1024)
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(bytes(1 << 20), crc)
    members = _members(small_docx())
    data = _zip([(n, _deflate(b), zlib.crc32(b), len(b)) for n, b in members] + [("word/media/filler.bin", stream, crc,
                                                                                    1 << 30)])
    assert len(data) < 2 * 1024 * 1024
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/media/filler.bin").file_size == 1 << 30
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=r"refused: looks like a zip bomb \(1\d{3} MB uncompressed\)"):
        read_file(path)


def test_docx_member_bigger_than_its_header_says(tmp_path):
    """A header that understates its member: zipfile would inflate the whole stream in one
    call before cutting it to the declared size; the reader stops at the declared size."""
    members = _members(small_docx())
    data = _zip([(n, _deflate(b), zlib.crc32(b), len(b)) for n, b in members]
                + [("word/media/image1.png", _zeros_stream(64), zlib.crc32(bytes(1000)), 1000)])
    path = tmp_path / "lying.docx"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=r"zip bomb \(word/media/image1.png unpacks to more than the 1,000 bytes"):
        read_file(path)


def test_docx_damaged_or_not_docx(tmp_path):
    cases = {
        "truncated.docx": (small_docx()[: len(small_docx()) * 2 // 3], r"damaged DOCX \(truncated or corrupt zip"),
        "cut.docx": (small_docx()[:-30], r"damaged DOCX"),
        "text.docx": ("Kế hoạch số 12/KH-UBND\n".encode(), r"not a DOCX file \(not a zip archive\)"),
        "old.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), r"not a DOCX file \(an old Word \.doc"),
        "workbook.docx": (_rezip([("xl/workbook.xml", b"<workbook/>")]), r"not a DOCX file \(an Excel workbook\)"),
        "nodoc.docx": (_rezip([("readme.txt", b"hello")]), r"not a DOCX file \(no word/document.xml\)"),
    }
    for filename, (data, message) in cases.items():
        path = tmp_path / filename
        path.write_bytes(data)
        with pytest.raises(ReadError, match=message) as e:
            read_file(path)
        assert "\n" not in str(e.value) and str(path) in str(e.value)


def test_docx_minimal_package():
    """Three parts, as some generators write: no styles, numbering, settings or fonts."""
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             b'wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="word/document.xml"/></Relationships>')
    document = (f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Kế hoạch số 12/KH-UBND</w:t></w:r></w:p>'
                '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:rPr><w:caps/>'
                '</w:rPr><w:t>nội dung</w:t></w:r></w:p></w:body></w:document>').encode()
    got = read_bytes(_rezip([("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)]),
                     "minimal.docx")
    assert got.text == "Kế hoạch số 12/KH-UBND\nNỘI DUNG"  # a list that no numbering part defines has no number


def test_docx_entity_expansion_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="' + W_NS.encode()
              + b'"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
    members = [(n, laughs if n == "word/document.xml" else b) for n, b in _members(small_docx())]
    with pytest.raises(ReadError, match=r"refused: word/document.xml declares a DTD"):
        read_bytes(_rezip(members), "laughs.docx")


# -- HTML ---------------------------------------------------------------------------------------

def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_html_windows_1258(rendered):
    from legalgraph.text.encodings import encode_cp1258

    name = next(n for n in SEED_NAMES if n.startswith("002"))
    want = read_file(rendered[name][1]).text
    page = seed_html(name).decode("utf-8")
    for meta in ('<meta charset="windows-1258">',
                 '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'):
        data = encode_cp1258(page.replace('<meta charset="utf-8">', meta))
        assert re.search(rb"[\xcc\xec\xd2\xde\xf2]", data)  # tones as Windows-1258's combining marks
        got = read_bytes(data, "p.html")
        assert got.encoding == "windows-1258"
        assert got.text == want


def test_html_mislabelled_utf8():
    got = read_bytes(_page("<p>Kế hoạch số 12/KH-UBND</p>", '<meta charset="iso-8859-1">'), "p.html")
    assert got.text == "Kế hoạch số 12/KH-UBND"
    assert got.encoding == "utf-8" and any("UTF-8" in n for n in got.notes)


def test_html_without_declaration_or_bom():
    assert read_bytes("<p>Quyết định</p>".encode("utf-8-sig"), "p.html").text == "Quyết định"
    assert read_bytes("<p>Quyết định</p>".encode("utf-16"), "p.html").text == "Quyết định"
    assert read_bytes(b"<p>Quy\xe1\xba\xbft</p>", "p.htm").text == "Quyết"


def test_html_typed_in_a_tcvn3_font():
    """A legacy page (Windows-1252 bytes in <font face=".VnTime">), and the same text kept
    as Unicode code points in a UTF-8 page beside genuine Unicode: both read as Vietnamese."""
    from legalgraph.text.encodings import encode_tcvn3

    name = next(n for n in SEED_NAMES if n.startswith("002"))
    body = "".join(f"<p>{htmlmod.escape(_cp1252_chars(encode_tcvn3(line)))}</p>" for line in seed_lines(name))
    old = f'<html><head><meta charset="windows-1252"></head><body><font face=".VnTime">{body}</font></body></html>'
    mixed = ('<html><head><meta charset="utf-8"></head><body><article>'
             f'<div style="font-family: &quot;.VnTime&quot;, serif">{body}</div><p>Ảnh minh họa</p></article></body></html>')
    for data in (_cp1252_bytes(old), mixed.encode("utf-8")):
        got = read_bytes(data, "legacy.html")
        assert any("TCVN3" in n for n in got.notes)
        assert_same_facts(extract_text(got.text, source=name), seed_record(name), "TCVN3 html")
    assert got.text.endswith("\nẢnh minh họa")


def _cp1252_bytes(text: str) -> bytes:
    return bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in text)


def test_html_only_scripts():
    page = _page("<script>var a = 'Nghị định số 1/2020/NĐ-CP';</script><style>p {}</style><nav>Trang chủ</nav>"
                 "<noscript>Bật JavaScript</noscript><div hidden>ẩn</div>")
    with pytest.raises(ReadError, match=r"no text in this HTML page \(only scripts"):
        read_bytes(page, "scripts.html")


def test_html_layout():
    page = _page("""
      <form id="aspnetForm"><div class="menu-top"><a href="/">Trang chủ</a> <a href="/vb">Văn bản</a></div>
      <div id="toanvancontent">
        <p>Điều&nbsp;1.   Phạm   vi
           điều chỉnh</p>
        <p>Quy&#7871;t &amp; định &lt;số&gt;</p><p>&nbsp;</p>
        <table><tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan</th><th>Thời hạn</th></tr>
          <tr><td>1</td><td><p>Tuyên truyền</p><p>phổ biến</p></td><td>Sở Tư pháp</td><td>Quý IV</td></tr></table>
        <ol type="a"><li><p>thứ nhất</p></li><li>thứ hai</li></ol>
        <ul><li>gạch đầu dòng</li></ul>
        <p>Căn cứ Luật<a href="#_ftn1" name="_ftnref1"><sup>1</sup></a> và mét vuông m<sup>2</sup>.</p>
        <div style="display: none">ẩn đi</div><pre>dòng một
dòng hai</pre>
        <p><a href="#_ftnref1" name="_ftn1">1</a> Luật số 80/2015/QH13.</p>
      </div>
      <div class="sidebar related">Văn bản liên quan: Thông tư số 01/2099/TT-BTC</div>
      <input type="hidden" value="x"></form>""")
    text = read_bytes(page, "p.html").text
    assert text.split("\n") == [
        "Điều 1. Phạm vi điều chỉnh", "Quyết & định <số>", "",
        "STT | Nhiệm vụ | Cơ quan | Thời hạn", "1 | Tuyên truyền phổ biến | Sở Tư pháp | Quý IV",
        "a. thứ nhất", "b. thứ hai", "- gạch đầu dòng",
        "Căn cứ Luật[1] và mét vuông m2.", "dòng một", "dòng hai", "[1] Luật số 80/2015/QH13."]


def test_html_main_block_needs_most_of_the_text():
    """A small box named "content" is not the document; a block holding most of it is."""
    long = "<p>" + " ".join(["Kế hoạch thực hiện Nghị định số 56/2024/NĐ-CP."] * 40) + "</p>"
    small_box = _page(f'<div class="content">Chú thích ảnh</div><div>{long}</div>')
    assert "Kế hoạch" in read_bytes(small_box, "a.html").text
    nested = _page(f'<div id="content"><div class="detail">{long}</div><div>Bình luận</div></div><div>Liên hệ</div>')
    got = read_bytes(nested, "b.html").text
    assert got.startswith("Kế hoạch") and "Liên hệ" not in got and "Bình luận" not in got


# -- never anything but ReadError ---------------------------------------------------------------

_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_or_refuse(data: bytes, name: str):
    try:
        got = read_bytes(data, name)
    except ReadError as e:
        assert "\n" not in e.problem and e.problem
        return None
    assert isinstance(got.text, str) and got.text.strip()
    return got


@_FUZZ
@given(data=st.data())
def test_docx_mutated_bytes(data):
    blob = bytearray(small_docx())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(blob) - 1))
        blob[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        blob = blob[: data.draw(st.integers(0, len(blob)))]
    _read_or_refuse(bytes(blob), "m.docx")


_XML_BITS = st.sampled_from(["<", ">", "/", "&", ";", "\"", "=", "w:", "<w:p>", "</w:p>", "<w:tbl>", "<w:tr>",
                             "<w:tc>", "<w:t>", "</w:t>", "<w:br/>", "<w:tab/>", '<w:footnoteReference w:id="1"/>',
                             "<w:numPr><w:numId w:val=\"1\"/></w:numPr>", "&amp;", "&#0;", "&lol;", "\x00", "é"])


@_FUZZ
@given(data=st.data())
def test_docx_mutated_xml(data):
    """The archive sound, the XML inside damaged: parser and walker failures are ReadErrors."""
    members = _members(small_docx())
    k = next(i for i, (n, _) in enumerate(members) if n == "word/document.xml")
    xml = members[k][1].decode("utf-8")
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(xml)))
        if data.draw(st.booleans()):
            xml = xml[:pos] + data.draw(_XML_BITS) + xml[pos:]
        else:
            xml = xml[:pos] + xml[pos + data.draw(st.integers(1, 40)):]
    members[k] = ("word/document.xml", xml.encode("utf-8"))
    _read_or_refuse(_rezip(members), "x.docx")


_HTML_BITS = st.sampled_from(["<p>", "</p>", "<div class='content'>", "</div>", "<table>", "<tr>", "<td>", "</td>",
                              "<br>", "&nbsp;", "&#x1;", "&#0;", "&bogus;", "<script>", "</script>", "<article>",
                              "<ol start='x'>", "<li value='-3'>", "<a href='#_ftn1'>", "1", "</a>", "<sup>", "<!--",
                              "-->", "<meta charset='utf-16'>", "<meta charset='nope'>", "<?xml version='1.0'?>",
                              "<meta charset='rot13'>", "<meta charset='undefined'>", "<meta charset=unicode_escape>",
                              "<meta charset='windows-1258'>", "&#x85;", "&#xD800;", "&#65534;", "&#99999999;",
                              "<font face='.VnTime'>", "<p style='font-family:VNI-Times'>", "\\x", "\\u12",
                              "<pre>", "<form>", "Kế hoạch", " ", "\n", "\x00", "\ud800"])


@_FUZZ
@given(st.lists(_HTML_BITS | st.text(max_size=8), max_size=40))
def test_html_random_markup(parts):
    _read_or_refuse("".join(parts).encode("utf-8", "surrogatepass"), "r.html")


@_FUZZ
@given(st.binary(max_size=300))
def test_html_random_bytes(blob):
    _read_or_refuse(blob, "b.html")
