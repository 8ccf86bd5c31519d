"""Read a Word (.docx) file into text.

python-docx opens the package: it is the maintained, standard OOXML library, and its XML
parser does not expand entities (``resolve_entities=False``, libxml2's size and depth
limits on). Its paragraph and table objects, though, drop what a legal text needs —
footnote references, auto-numbering ("Điều 1.", "a)" are often list numbers, not typed),
capitals applied by formatting, tracked deletions — so the text is taken from the body's
XML directly, in document order:

* paragraphs and tables interleaved as they stand; text boxes, content controls and
  tracked insertions read, tracked deletions and hidden text left out; page headers and
  footers (separate parts) never read;
* ``w:br`` and ``w:cr`` -> ``\\n``, ``w:tab`` -> ``\\t``; auto-numbered paragraphs get
  their number ("1.", "a)", "-") as Word shows it; All Caps formatting applied;
* tables through ``table_lines`` (shared with the HTML reader): a data table gives one
  line a row, cells joined by " | "; a layout table (the two-column header block
  "ỦY BAN NHÂN DÂN | CỘNG HÒA ...", the signature block) gives each cell's lines in turn,
  because the header and signature are found line by line;
* footnotes: python-docx has no API for them, so the footnotes part is parsed with lxml
  (separator "notes" skipped); a reference becomes ``[n]`` in the text, numbered in
  reading order as Word numbers them (not by the part's ids), and the bodies follow the
  text, after a blank line, as lines ``[n] body`` — the form
  ``legalgraph.extract.footnotes`` matches. Endnotes are read the same way and share
  the numbering, so no two markers collide.

Text typed in a legacy font (TCVN3 ".VnTime", VNI "VNI-Times": cp1252 characters that
the font draws as Vietnamese) is converted paragraph by paragraph with the run's font as
the hint (``legalgraph.text.encodings.repair_legacy``); without such fonts the whole text
is offered to it once.

The archive is checked before python-docx sees it, because python-docx reads every part
whole into memory: it must be a zip, within the size limits (a zip bomb is refused), each
member's data must be the size its header declares, and no XML part may declare a DTD.
"""

from __future__ import annotations

import io
import re

from legalgraph.text.read import Read, ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

# Nesting deeper than this (tables in tables ...) is flattened rather than recursed into
MAX_DEPTH = 60

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LEGACY_FONT = re.compile(r"\s*(?:\.vn|vni)", re.IGNORECASE)  # .VnTime, .VnArial H, VNI-Times


# -- the archive ------------------------------------------------------------------------

def check_archive(data: bytes, path) -> None:
    """Refuse what is not a sound DOCX zip before any XML is parsed.

    The size limits are the project's for every zip (``legalgraph.text.archive``); on top,
    each member is inflated here once in bounded steps, because python-docx reads members
    whole with zipfile, which believes the declared size and may inflate up to a gigabyte
    in one call when the real stream is longer.
    """
    from legalgraph.text.archive import check_members, open_zip

    if not data.startswith(b"PK"):
        if data.startswith(_OLE):
            raise ReadError(path, "not a DOCX file (an old Word .doc file or a password-protected document; "
                                  "save it as .docx)")
        if data[:64].lstrip().startswith(b"{\\rtf"):
            raise ReadError(path, "not a DOCX file (an RTF file; save it as .docx)")
        raise ReadError(path, "not a DOCX file (not a zip archive)")
    try:
        zf = open_zip(data, path, "DOCX")
    except ReadError as e:
        if e.problem.startswith("damaged"):
            # zipfile says "File is not a zip file" of a download cut short
            raise ReadError(path, "damaged DOCX (truncated or corrupt zip archive: "
                                  + e.problem.split("(", 1)[-1]) from None
        raise
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise ReadError(path, "not a DOCX file (" + _what_zip(names) + ")")
    check_members(data, zf, path, "DOCX")


def _what_zip(names) -> str:
    if "xl/workbook.xml" in names:
        return "an Excel workbook"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation"
    if "content.xml" in names and "mimetype" in names:
        return "an OpenDocument file; save it as .docx"
    return "no word/document.xml"


# -- tables and list numbers, shared with the HTML reader ---------------------------------

# What only the header block and the signature block hold: the national motto, "Số:",
# the recipients, a signing formula ("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN").
_LAYOUT_WORDS = re.compile(
    r"CỘNG\s+HÒA\s+XÃ|CỘNG\s+HOÀ\s+XÃ|Độc\s+lập\s*[-–]"
    r"|^\W*(?:(?:Luật|Nghị\s+quyết|Pháp\s+lệnh|Lệnh)\s+)?Số\s*:"
    r"|^\W*N[ơo]i\s+nhận"
    r"|^\W*(?:KT|TM|TL|TUQ|Q)\s*\.\s*[A-ZĐỦ]",
    re.IGNORECASE,
)


def table_lines(rows: list[list[list[str]]]) -> list[str]:
    """A table as lines; ``rows`` -> cells -> the cell's own lines.

    A data table (task lists: STT | Nội dung | Cơ quan chủ trì | Thời hạn) reads best one
    row a line. A layout table reads cell by cell, so "Số: ...", the date line,
    "KT. CHỦ TỊCH" and the signer's name each open a line as on the printed page, where
    the identity reader looks for them. Layout is: one column (a framed box), or at most
    three columns and four rows with a cell of several lines or the words only a header
    or signature block holds (the motto, "Số:", "Nơi nhận:", "KT."/"TM.").
    """
    rows = [r for r in rows if any(any(s.strip() for s in c) for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    small = width <= 3 and len(rows) <= 4
    if width == 1 or small and any(
        sum(1 for s in c if s.strip()) > 1 or any(_LAYOUT_WORDS.search(s) for s in c) for r in rows for c in r
    ):
        out: list[str] = []
        for r in rows:
            for c in r:
                out.extend(_trim_blank(c))
        return out
    out = []
    for r in rows:
        cells = [" ".join(s.strip() for s in c if s.strip()) for c in r]
        while cells and not cells[-1]:
            cells.pop()  # empty cells only pad the row out to the grid
        out.append(" | ".join(cells))
    return out


def _trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def list_number(n: int, fmt: str) -> str:
    """``n`` as a list shows it: decimal, decimalZero, lower/upperLetter, lower/upperRoman.

    Letters and numerals past what a list reaches (a crafted start value) fall back to
    digits rather than build a string as long as the number.
    """
    if fmt in ("lowerLetter", "upperLetter", "a", "A") and 0 < n <= 26 * 26:
        s = ""
        k = n
        # Word repeats the letter past z (aa, bbb); HTML counts on like a spreadsheet
        if fmt in ("lowerLetter", "upperLetter"):
            s = chr(ord("a") + (k - 1) % 26) * ((k - 1) // 26 + 1)
        else:
            while k > 0:
                k, r = divmod(k - 1, 26)
                s = chr(ord("a") + r) + s
        return s.upper() if fmt in ("upperLetter", "A") else s
    if fmt in ("lowerRoman", "upperRoman", "i", "I") and 0 < n < 4000:
        s = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value:
                s += numeral
                n -= value
        return s.upper() if fmt in ("upperRoman", "I") else s
    if fmt == "decimalZero" and 0 <= n < 10:
        return f"0{n}"
    return str(n)


# -- styles and numbering -----------------------------------------------------------------

def _on(el) -> bool:
    """A toggle property (<w:caps/>, <w:vanish w:val="0"/>) as Word reads it."""
    return el is not None and el.get(W + "val", "true").lower() not in ("0", "false", "off")


class _Styles:
    """What the reader needs from styles.xml: caps, hidden text, numbering, by style id."""

    def __init__(self, root):
        self.by_id: dict[str, object] = {}
        self.default_para: str | None = None
        self.default_rpr = None
        self._cache: dict[tuple[str, str], object | None] = {}
        if root is None:  # a package without styles.xml is valid: everything is direct formatting
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if sid:
                self.by_id[sid] = st
                if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                    self.default_para = sid
        self.default_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def chain(self, sid):
        seen = set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None

    def run_prop(self, tag: str, sid) -> object | None:
        key = (tag, sid)
        if key not in self._cache:
            self._cache[key] = next((el for st in self.chain(sid)
                                     if (el := st.find(f"{W}rPr/{W}{tag}")) is not None), None)
        return self._cache[key]

    def num_pr(self, sid) -> tuple[str | None, str | None]:
        num_id = ilvl = None
        for st in self.chain(sid):
            pr = st.find(f"{W}pPr/{W}numPr")
            if pr is not None:
                if num_id is None and pr.find(W + "numId") is not None:
                    num_id = pr.find(W + "numId").get(W + "val")
                if ilvl is None and pr.find(W + "ilvl") is not None:
                    ilvl = pr.find(W + "ilvl").get(W + "val")
        return num_id, ilvl


class _Numbering:
    """Word's list counters: the number a numbered paragraph shows ("1.", "a)", "-")."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, object]] = {}
        self.nums: dict[str, tuple[str, dict[int, object], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            self.abstract[an.get(W + "abstractNumId")] = {_int(lvl.get(W + "ilvl"), 0): lvl
                                                          for lvl in an.iter(W + "lvl")}
        for num in root.iter(W + "num"):
            aid = num.find(W + "abstractNumId")
            override, starts = {}, {}
            for lo in num.iter(W + "lvlOverride"):
                k = _int(lo.get(W + "ilvl"), 0)
                so = lo.find(W + "startOverride")
                if so is not None:
                    starts[k] = _int(so.get(W + "val"), 1)
                if lo.find(W + "lvl") is not None:
                    override[k] = lo.find(W + "lvl")
            self.nums[num.get(W + "numId")] = (aid.get(W + "val") if aid is not None else None, override, starts)

    def _level(self, num_id, ilvl):
        aid, override, _ = self.nums[num_id]
        return override.get(ilvl) if ilvl in override else self.abstract.get(aid, {}).get(ilvl)

    def level_for_style(self, num_id, style_id) -> int | None:
        aid = self.nums.get(num_id, (None,))[0]
        for k, lvl in self.abstract.get(aid, {}).items():
            ps = lvl.find(W + "pStyle")
            if ps is not None and ps.get(W + "val") == style_id:
                return k
        return None

    def label(self, num_id, ilvl: int) -> str:
        if num_id not in self.nums or not 0 <= ilvl < 9:
            return ""
        lvl = self._level(num_id, ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        _, _, starts = self.nums[num_id]

        def start(k):
            if k in starts:
                return starts[k]
            lv = self._level(num_id, k)
            st = lv.find(W + "start") if lv is not None else None
            # the schema's default when a level gives no start
            return _int(st.get(W + "val"), 1) if st is not None else 0

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start(ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt_el = lvl.find(W + "numFmt")
        fmt = fmt_el.get(W + "val", "decimal") if fmt_el is not None else "decimal"
        text_el = lvl.find(W + "lvlText")
        pattern = text_el.get(W + "val", "") if text_el is not None else ""
        if fmt == "bullet":
            return _bullet(pattern)
        legal = lvl.find(W + "isLgl") is not None

        def level_text(m):
            k = int(m.group(1)) - 1
            if k > ilvl:
                return ""
            value = counters.get(k, start(k))
            if k == ilvl:
                return "" if fmt == "none" else list_number(value, fmt)
            lv = self._level(num_id, k)
            f = lv.find(W + "numFmt") if lv is not None else None
            kfmt = "decimal" if legal else (f.get(W + "val", "decimal") if f is not None else "decimal")
            return list_number(value, kfmt)

        label = re.sub(r"%([1-9])", level_text, pattern)
        suff = lvl.find(W + "suff")
        # Word's default follower is a tab; a space reads the same and keeps "1. Text" one word apart
        sep = "" if suff is not None and suff.get(W + "val") == "nothing" else " "
        return label + sep if label else ""


def _bullet(pattern: str) -> str:
    # Symbol/Wingdings bullets live in the private-use area; only a dash or plus keeps its meaning
    ch = pattern[:1]
    if ch in ("-", "–", "+", "•", "*"):
        return ch + " "
    if ch in ("\uf02d", "\uf0ad"):
        return "- "
    if ch == "\uf02b":
        return "+ "
    return "• "


def _int(s, default: int) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


# -- the body ---------------------------------------------------------------------------

_PAGE = "\x0c"  # a page or column break, until the paragraph it is in is finished


class _Paragraph:
    """What one paragraph collects while its runs are read."""

    def __init__(self):
        self.parts: list[str] = []
        self.boxes: list[str] = []  # lines of text boxes anchored in it: they follow it
        self.fonts: list[str] = []  # legacy fonts of its non-ASCII runs


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering, notes: dict[tuple[str, str], object]):
        self.styles = styles
        self.numbering = numbering
        self.notes = notes
        self.note_order: list[tuple[str, str]] = []
        self.note_number: dict[tuple[str, str], int] = {}
        self.repaired: dict[str, int] = {}  # legacy encoding -> paragraphs converted

    # blocks: paragraphs, tables and what wraps them
    def blocks(self, parent, depth: int = 0) -> list[str]:
        lines: list[str] = []
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                lines.extend(self.paragraph(child, depth))
            elif tag == W + "tbl":
                lines.extend(self.table(child, depth))
            elif tag in (W + "sdt", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    lines.extend(self.blocks(content, depth + 1) if depth < MAX_DEPTH else _flat(content))
            elif tag == MC + "AlternateContent":
                choice = _choice(child)
                if choice is not None:
                    lines.extend(self.blocks(choice, depth + 1) if depth < MAX_DEPTH else _flat(choice))
        return lines

    def table(self, tbl, depth: int) -> list[str]:
        if depth >= MAX_DEPTH:
            return _flat(tbl)
        rows = []
        for tr in _children(tbl, W + "tr"):
            trpr = tr.find(W + "trPr")
            if trpr is not None and _on(trpr.find(W + "hidden")):
                continue
            # a vertically merged cell's continuation holds no text of its own, so each
            # w:tc is read once (python-docx's row.cells repeats merged cells)
            rows.append([self.blocks(tc, depth + 1) for tc in _children(tr, W + "tc")])
        return table_lines(rows)

    def paragraph(self, p, depth: int) -> list[str]:
        ppr = p.find(W + "pPr")
        style = None
        if ppr is not None and ppr.find(W + "pStyle") is not None:
            style = ppr.find(W + "pStyle").get(W + "val")
        style = style or self.styles.default_para
        para = _Paragraph()
        self.inline(p, para, style, depth)
        text = "".join(para.parts).strip(_PAGE).replace(_PAGE, "\n")
        if para.fonts:
            from legalgraph.text.encodings import repair_legacy

            text, legacy = repair_legacy(text, max(set(para.fonts), key=para.fonts.count))
            if legacy:
                self.repaired[legacy] = self.repaired.get(legacy, 0) + 1
        label = self.label(ppr, style)
        if label and text.strip():
            text = label + text.lstrip(" \t")
        return text.split("\n") + para.boxes

    def label(self, ppr, style) -> str:
        num_id = ilvl = None
        pr = ppr.find(W + "numPr") if ppr is not None else None
        if pr is not None:
            n, lv = pr.find(W + "numId"), pr.find(W + "ilvl")
            num_id = n.get(W + "val") if n is not None else None
            ilvl = lv.get(W + "val") if lv is not None else None
        if num_id is None or ilvl is None:
            s_num, s_lvl = self.styles.num_pr(style)
            num_id = num_id if num_id is not None else s_num
            if ilvl is None:
                ilvl = s_lvl
            if ilvl is None and num_id is not None:
                ilvl = self.numbering.level_for_style(num_id, style)
        if num_id is None or num_id == "0":
            return ""
        return self.numbering.label(num_id, _int(ilvl, 0))

    def inline(self, parent, para: _Paragraph, style, depth: int) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                self.run(child, para, style, depth)
            elif depth >= MAX_DEPTH:
                para.parts.extend(_flat(child))
            elif tag in (W + "hyperlink", W + "ins", W + "moveTo", W + "smartTag", W + "customXml",
                         W + "fldSimple", W + "bdo", W + "dir", M + "oMathPara", M + "oMath"):
                self.inline(child, para, style, depth + 1)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.inline(content, para, style, depth + 1)
            elif tag == MC + "AlternateContent":
                choice = _choice(child)
                if choice is not None:
                    self.inline(choice, para, style, depth + 1)
            elif tag == M + "r":
                para.parts.extend(t.text or "" for t in child.iter(M + "t"))
            elif isinstance(tag, str) and tag.startswith(M):
                self.inline(child, para, style, depth + 1)  # the parts of a formula: fractions, scripts

    def run(self, r, para: _Paragraph, pstyle, depth: int) -> None:
        rpr = r.find(W + "rPr")
        rstyle = None
        if rpr is not None and rpr.find(W + "rStyle") is not None:
            rstyle = rpr.find(W + "rStyle").get(W + "val")
        if self.prop("vanish", rpr, rstyle, pstyle):
            return
        caps = self.prop("caps", rpr, rstyle, pstyle) or self.prop("smallCaps", rpr, rstyle, pstyle)
        for el in r:
            tag = el.tag
            if tag == W + "t":
                text = el.text or ""
                if not text.isascii():
                    font = self.font(rpr, rstyle, pstyle)
                    if font and _LEGACY_FONT.match(font):
                        para.fonts.append(font)
                para.parts.append(text.upper() if caps else text)
            elif tag in (W + "tab", W + "ptab"):
                para.parts.append("\t")
            elif tag == W + "br":
                para.parts.append(_PAGE if el.get(W + "type") in ("page", "column") else "\n")
            elif tag == W + "cr":
                para.parts.append("\n")
            elif tag == W + "noBreakHyphen":
                para.parts.append("-")
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                para.parts.append(self.reference(kind, el.get(W + "id")))
            elif tag in (W + "drawing", W + "pict", MC + "AlternateContent", W + "object") and depth < MAX_DEPTH:
                for box in _text_boxes(el):
                    para.boxes.extend(self.blocks(box, depth + 1))

    def prop(self, tag: str, rpr, rstyle, pstyle) -> bool:
        """Direct formatting, then the character style, the paragraph style, the defaults."""
        if rpr is not None and rpr.find(W + tag) is not None:
            return _on(rpr.find(W + tag))
        for sid in (rstyle, pstyle):
            el = self.styles.run_prop(tag, sid) if sid else None
            if el is not None:
                return _on(el)
        d = self.styles.default_rpr
        return d is not None and _on(d.find(W + tag))

    def font(self, rpr, rstyle, pstyle) -> str | None:
        """The font a run's letters beyond ASCII are drawn in (w:hAnsi, else w:ascii)."""
        candidates = [rpr.find(W + "rFonts") if rpr is not None else None]
        candidates += [self.styles.run_prop("rFonts", sid) for sid in (rstyle, pstyle) if sid]
        if self.styles.default_rpr is not None:
            candidates.append(self.styles.default_rpr.find(W + "rFonts"))
        for el in candidates:
            if el is not None and (el.get(W + "hAnsi") or el.get(W + "ascii")):
                return el.get(W + "hAnsi") or el.get(W + "ascii")
        return None

    def reference(self, kind: str, note_id) -> str:
        key = (kind, note_id)
        if key not in self.notes:
            return ""
        if key not in self.note_number:
            self.note_order.append(key)
            self.note_number[key] = len(self.note_order)
        return f"[{self.note_number[key]}]"

    def note_lines(self) -> list[str]:
        """The bodies of the notes referenced, in number order: "[n] body"."""
        out: list[str] = []
        done = 0
        # a note may itself cite a note; bodies are read until no new number appears
        while done < len(self.note_order):
            key = self.note_order[done]
            done += 1
            body = _trim_blank(self.blocks(self.notes[key])) or [""]
            out.append(f"[{self.note_number[key]}] " + body[0].lstrip(" \t"))
            out.extend(body[1:])
        return out


def _children(parent, tag):
    """Rows of a table, cells of a row — also those wrapped in content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from (c for c in content if c.tag == tag)


def _choice(alternate):
    # mc:Fallback repeats mc:Choice for older readers (a VML copy of a text box): one of them
    for choice in alternate.iterchildren(MC + "Choice"):
        return choice
    return alternate.find(MC + "Fallback")


def _text_boxes(el):
    """The outermost w:txbxContent under a drawing, taking one branch of each AlternateContent."""
    stack = [_choice(el) if el.tag == MC + "AlternateContent" else el]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        for child in node:
            if child.tag == W + "txbxContent":
                yield child
            elif child.tag == MC + "AlternateContent":
                stack.append(_choice(child))
            elif isinstance(child.tag, str):
                stack.append(child)


def _flat(el) -> list[str]:
    """Text nested past MAX_DEPTH: one line, nothing lost."""
    s = " ".join(t.text for t in el.iter(W + "t") if t.text)
    return [s] if s.strip() else []


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:200] or type(e).__name__


def _parse_part(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    return etree.fromstring(blob, parser)


def _notes(part, kind: str, reltype: str) -> dict[tuple[str, str], object]:
    try:
        notes_part = part.part_related_by(reltype)
    except (KeyError, ValueError):
        return {}
    root = _parse_part(notes_part.blob)
    out = {}
    for note in root.iter(W + kind):
        # the separator lines Word draws above the notes are notes too, with these types
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        out[(kind, note.get(W + "id"))] = note
    return out


def _related_root(part, reltype: str):
    try:
        related = part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None
    element = getattr(related, "element", None)
    return element if element is not None else _parse_part(related.blob)


def read_docx(data: bytes, path) -> Read:
    check_archive(data, path)
    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
    except ImportError:
        raise ReadError(path, "reading DOCX needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as e:
        if "not a Word file" in str(e):
            ctype = str(e).rsplit("content type is", 1)[-1].strip(" '")
            raise ReadError(path, f"not a Word document (its main part is {ctype})") from None
        raise ReadError(path, f"damaged DOCX ({_one_line(e)})") from None
    except KeyError as e:
        raise ReadError(path, f"damaged DOCX (missing part {_one_line(e)})") from None
    except Exception as e:  # noqa: BLE001 -- lxml syntax errors, broken relationships: one line each
        raise ReadError(path, f"damaged DOCX ({type(e).__name__}: {_one_line(e)})") from None
    part = document.part
    notes: list[str] = []
    if getattr(document.element, "body", None) is None:
        raise ReadError(path, "damaged DOCX (word/document.xml has no body)")
    try:
        styles = _Styles(_related_root(part, RT.STYLES))
        numbering = _Numbering(_related_root(part, RT.NUMBERING))
        footnotes = _notes(part, "footnote", RT.FOOTNOTES)
        footnotes.update(_notes(part, "endnote", RT.ENDNOTES))
        reader = _Reader(styles, numbering, footnotes)
        lines = reader.blocks(document.element.body)
        note_lines = reader.note_lines()
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(path, "damaged DOCX (nested too deeply)") from None
    except Exception as e:  # noqa: BLE001 -- whatever a damaged part trips on, one line
        raise ReadError(path, f"damaged DOCX ({type(e).__name__}: {_one_line(e)})") from None
    # empty paragraphs stay blank lines: a document written a line a paragraph reads back
    # as the very text it was written from
    text = "\n".join(lines)
    if note_lines:
        text += "\n\n" + "\n".join(note_lines)
        notes.append(f"{len(reader.note_order)} footnote(s) appended after the text as '[n] …' lines")
    from legalgraph.text.encodings import repair_legacy

    if not reader.repaired:
        # no legacy font named anywhere: the whole text is offered once (a font given by a
        # theme, or text pasted from a legacy file)
        text, legacy = repair_legacy(text)
        if legacy:
            reader.repaired[legacy] = 1
    for legacy in sorted(reader.repaired):
        notes.append(f"text typed in a {legacy.upper()} font converted to Unicode")
    return Read(text, "docx", None, notes)
