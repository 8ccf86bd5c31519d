"""Read the text layer of a PDF (PDFium, through pypdfium2).

PDFium gives each character with its box and baseline, in the order the page draws them.
The text is rebuilt from that geometry rather than taken from PDFium's own plain-text
output, which breaks the line at every superscript (``NĐ-CP`` / ``2``) and knows nothing of
paragraphs, running headers or footnotes. Page by page:

* characters become *lines*: runs on one baseline, drawn left to right; a superscript
  (smaller or raised, as footnote markers are set) stays on its word's line, glued to it
  (``34/2016/NĐ-CP2``, ``pháp luật1``);
* lines are put in reading order: drawing order, except that a block drawn after text that
  lies wholly below it in the same column is moved up to its place (a header drawn last,
  footnotes drawn first, a page drawn bottom-up); side by side, drawing order decides;
* lines in the top or bottom eighth of the page that repeat on at least half of the pages
  (compared with numbers as ``#``: ``CÔNG BÁO/Số 281/Ngày 05-12-2024``, running titles),
  and bare page numbers there (``3``, ``- 3 -``, ``Trang 3/10``, ``3/10``, ``iv``), go;
* small-size lines at the foot of a page that open with the next footnote number are
  footnotes: each on a line of its own, ``2 ngày 14/5/2016 của Chính phủ ...``, in a block
  after the page's text (after the paragraph that runs on to the next page, if one does)
  with an empty line before and after, so ``legalgraph.extract.footnotes`` pairs it with its
  marker and the body ends there;
* the lines of a paragraph are joined. A line wraps when the next line's first word would
  not have fitted after it, and the next line follows at the paragraph's line distance, is
  not indented (unless under the text of a list item: a hanging indent), is not a list item
  (``1.``, ``a)``, ``-``, ``+``, ``I.``, ``Điều 3.``) and, in a document that does not
  indent its paragraphs, does not open a sentence after ``.``/``:``/``;`` at the margin.
  Joined with a space, or with nothing after a hyphen: ``06-`` + ``CT/TU``, ``Bà Rịa-`` +
  ``Vũng Tàu``, ``QĐ-`` + ``UBND`` keep it; a soft hyphen goes (see ``_hyphen``).

Paragraphs are separated by ``\\n``; where the page leaves an empty line between two, so
does the text.

PDFium is not thread-safe, not even across documents, so all PDFium work is done under one
process-wide lock, and every document, page and text page is closed as soon as it is read.
Every failure is a one-line ``ReadError``.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass, field

from legalgraph.text.read import Read, ReadError

# A legal gazette volume runs to a few thousand pages; past this a file is more likely a
# mistake (or a page-tree bomb) than a document.
MAX_PAGES = 5000

_LOCK = threading.Lock()

_SOFT_HYPHENS = "\u00ad\x02\ufffe"  # U+0002 and U+FFFE: PDFium's marks for a hyphen it took for a soft one
_SPACES = " \t\u00a0\u2002\u2003\u2009\u200a\u202f\u3000"

# What a footnote number, a page number and a list item look like.
_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*)?(?:(?:trang|page)\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|trên|of)\s*\d{1,4})?(?:\s*[-–—])?",
    re.IGNORECASE)
_LEAD_NUMBER = re.compile(r"(\d{1,3})(?=\s|$)")
_LIST_ITEM = re.compile(
    r"(?:[-–—+*•●▪◦]\s"
    r"|\d{1,3}(?:\.\d{1,3})*[.)]\s"
    r"|[a-zđ][.)]\s"
    r"|[IVXLC]{1,6}[.)]\s"
    r"|\(\d{1,3}\)\s|\([a-zđ]\)\s"
    r"|(?:Điều|Chương|Mục|Phần|Phụ\s+lục)\s+(?:\d|[IVXLC]{1,6}\b))"
)
_DASH_ITEM = re.compile(r"[-–—+]\s+(\S)")
_SENTENCE_END = re.compile(r"[.:;!?…][\"”’)\]]*$")


@dataclass
class Line:
    """A run of text on one baseline, and where it sits on its page."""

    text: str
    left: float
    right: float
    base: float
    top: float
    bottom: float
    size: float
    first_word: float = 0.0  # width of the first word: would it have fitted on the line above?
    second_left: float = 0.0  # where the second word starts: the text of a list item, for a hanging indent
    lead_sup: str = ""  # superscript digits the line opens with (a footnote number, or a marker that wrapped)
    page: int = 0  # its page's number
    legacy: str = ""  # the text with soft hyphens kept: in a TCVN3 font, byte 0xAD is "ư"


@dataclass
class Page:
    number: int
    left: float
    bottom: float
    right: float
    top: float
    lines: list[Line] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# PDFium: bytes → pages of lines


def read_pdf(data: bytes, path) -> Read:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        raise ReadError(path, "reading PDF needs the pypdfium2 package (pip install pypdfium2)") from None
    with _LOCK:
        pages, notes = _pages(data, path)
    if not any(p.lines for p in pages):
        raise ReadError(path, "no text layer (scanned images?) — legalgraph does not do OCR")
    legacy = _legacy_font(pages)
    if legacy:
        notes.append(f"converted from the {legacy} font encoding to Unicode")
    text, layout_notes = assemble(pages)
    return Read(text, "pdf", legacy, notes + layout_notes)


def _legacy_font(pages: list[Page]) -> str | None:
    """Old PDFs set in .VnTime or VNI-Times carry the legacy codes as Latin-1 letters. Lines
    are converted before they are joined, so that "ư" (0xAD, a soft hyphen in Latin-1) is
    not taken for a hyphen."""
    from legalgraph.text.encodings import could_be_legacy, repair_legacy

    # a line already in Unicode (a running header added later, a stamp) stays as it is
    lines = [line for p in pages for line in p.lines if could_be_legacy(line.legacy or line.text)]
    _, legacy = repair_legacy("\n".join(line.legacy or line.text for line in lines))
    if legacy is None:
        return None
    hint = ".VnTime" if legacy == "tcvn3" else "VNI-Times"
    for line in lines:
        # PDFium shows a 0xAD it took for a line-end soft hyphen as U+0002
        line.text = repair_legacy((line.legacy or line.text).replace("\x02", "\u00ad"), font=hint)[0]
    return legacy


def _open_problem(e, data: bytes) -> str:
    import pypdfium2.raw as pdfium_c

    code = getattr(e, "err_code", None)
    message = str(e)
    if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in message.lower():
        return "encrypted PDF: a password is needed"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "encrypted PDF: its security handler is not supported"
    if b"%PDF-" not in data[:1024]:
        return "not a PDF (no %PDF- header)"
    if code == pdfium_c.FPDF_ERR_SUCCESS:  # loaded, but no page could be found
        return "damaged or truncated PDF (no pages found)"
    reason = message.split("(PDFium: ", 1)[-1].rstrip(").") if "(PDFium: " in message else message
    return f"damaged or truncated PDF ({reason.lower()}; PDFium could not repair it)"


def _pages(data: bytes, path) -> tuple[list[Page], list[str]]:
    import pypdfium2 as pdfium

    notes: list[str] = []
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise ReadError(path, _open_problem(e, data)) from None
    except Exception as e:  # noqa: BLE001 - ctypes or the helper layer refusing the input
        raise ReadError(path, f"damaged or truncated PDF ({type(e).__name__}: {e})") from None
    try:
        count = len(doc)
        if count > MAX_PAGES:
            raise ReadError(path, f"too many pages ({count}; the limit is {MAX_PAGES})")
        pages: list[Page] = []
        failed: list[int] = []
        empty = 0
        unmapped = 0
        for i in range(count):
            try:
                page, bad = _read_page(doc, i)
            except pdfium.PdfiumError:
                failed.append(i + 1)
                continue
            unmapped += bad
            if not page.lines:
                empty += 1
            pages.append(page)
    except (ReadError, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 - whatever a damaged file sets off, one line, never a traceback
        raise ReadError(path, f"damaged PDF ({type(e).__name__}: {e})") from None
    finally:
        doc.close()
    if failed and len(failed) == count:
        raise ReadError(path, "damaged or truncated PDF (no page could be read)")
    if failed:
        notes.append(f"{len(failed)} damaged page(s) skipped: {_page_list(failed)}")
    if pages and 0 < empty < len(pages):
        notes.append(f"{empty} of {len(pages)} pages have no text layer (scanned images?); their text is missing")
    if unmapped:
        notes.append(f"{unmapped} characters have no Unicode value in their font (shown as \ufffd)")
    if b"%%EOF" not in data[-2048:] and any(p.lines for p in pages):
        notes.append("the file does not end like a PDF (truncated?); PDFium repaired what it could")
    return pages, notes


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" … ({len(numbers)} in all)" if len(numbers) > 10 else "")


def _read_page(doc, index: int) -> tuple[Page, int]:
    import pypdfium2.raw as pdfium_c

    page = doc[index]
    textpage = None
    try:
        left, bottom, right, top = page.get_bbox()
        textpage = page.get_textpage()
        chars, unmapped = _chars(pdfium_c, textpage.raw)
        lines = [_line(run, index + 1) for run in _runs(chars)]
        return Page(index + 1, left, bottom, right, top, _reading_order(lines)), unmapped
    finally:
        if textpage is not None:
            textpage.close()
        page.close()


# A character as (text, left, right, baseline y, size, space before, PDFium broke the line
# before it); tuples, not objects: a page has thousands.
_SPACE_CODES = frozenset(map(ord, _SPACES))


def _chars(pdfium_c, raw) -> tuple[list[tuple], int]:
    n = pdfium_c.FPDFText_CountChars(raw)
    chars: list[tuple] = []
    append = chars.append
    unmapped = 0
    x, y = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.byref(x), ctypes.byref(y)
    rect = pdfium_c.FS_RECTF()
    prect = ctypes.byref(rect)
    get_unicode, get_origin = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharOrigin
    get_box, get_font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    # the page's text in one call, when it lines up with the characters (it does unless a
    # character lies outside the Basic Multilingual Plane): a call per character saved
    text = None
    if n > 0:
        buffer = (ctypes.c_ushort * (n + 1))()
        if pdfium_c.FPDFText_GetText(raw, 0, n, buffer) == n + 1:
            text = ctypes.string_at(buffer, 2 * n).decode("utf-16-le", "replace")
            if len(text) != n:
                text = None
    space = broken = False
    for k in range(max(n, 0)):
        if text is None:
            u = get_unicode(raw, k)
        else:
            u = ord(text[k])
            if u == 0xFFFE:  # how the text output shows the hyphen PDFium took for a soft one
                u = 2
        if u == 10 or u == 13:  # PDFium's own line breaks: lines are found from the geometry instead
            broken = True
            continue
        if u in _SPACE_CODES:
            space = True
            continue
        if u < 32 and u != 2:
            continue
        if u == 0xFFFD or u > 0x10FFFF:
            unmapped += 1
            u = 0xFFFD
        if not get_origin(raw, k, px, py) or not get_box(raw, k, prect):
            continue
        left, right, base = rect.left, rect.right, y.value
        size = rect.top - rect.bottom
        if not size > 0:
            size = get_font_size(raw, k) or 1.0
        if not (-1e6 < left < 1e6 and -1e6 < right < 1e6 and -1e6 < base < 1e6 and size < 1e6):
            continue  # a damaged file's NaN or runaway matrix: nowhere on the page
        append((chr(u), left, right, base, size, space, broken))
        space = broken = False
    return chars, unmapped


def _runs(chars: list[tuple]) -> list[list[tuple]]:
    """Characters in drawing order → runs on one baseline."""
    runs: list[list[tuple]] = []
    run: list[tuple] = []
    for c in chars:
        if run:
            last = run[-1]
            ref = max(c[4], last[4])
            if not (abs(c[3] - last[3]) <= 0.5 * ref
                    and c[1] - last[2] <= 3.0 * ref  # not across a column gap
                    # not drawn back to the left, unless a combining accent over its letter
                    and (c[1] >= last[1] - 0.1 * ref or unicodedata.combining(c[0]))):
                runs.append(run)
                run = []
        run.append(c)
    if run:
        runs.append(run)
    return runs


def _line(run: list[tuple], page: int) -> Line:
    # the body of the line: the size and baseline of its larger characters, a superscript
    # being the odd one out
    sizes = [c[4] for c in run]
    largest = max(sizes)
    big = run if min(sizes) >= 0.85 * largest else [c for c in run if c[4] >= 0.85 * largest]
    middle = len(big) // 2
    size = sorted(c[4] for c in big)[middle]
    base = sorted(c[3] for c in big)[middle]
    small, rise_small, rise_any = 0.85 * size, base + 0.12 * size, base + 0.3 * size
    sup = [(c[4] < small and c[3] > rise_small) or c[3] > rise_any for c in run]
    wide = 0.22 * size
    parts: list[str] = [run[0][0]]
    lead_sup = run[0][0] if sup[0] and run[0][0].isdigit() else ""
    first_end = 0
    for i in range(1, len(run)):
        c, prev = run[i], run[i - 1]
        ch = c[0]
        # PDFium puts spaces where it sees them; where it broke the line itself (at a raised
        # marker, say) the gap decides
        space = c[5] or (c[6] and c[1] - prev[2] > wide)
        if sup[i] and ch.isdigit():
            if lead_sup and len(lead_sup) == i and not space:
                lead_sup += ch
            elif not sup[i - 1] and (prev[0].isalnum() or prev[0] in ")]"):
                space = False  # a footnote marker stays glued to its word: "NĐ-CP2", "pháp luật1"
        elif lead_sup and i == len(lead_sup) and ch.isalpha():
            space = True  # a footnote's own number, then its text: "2 ngày 14/5/2016 ..."
        if space:
            parts.append(" ")
            if not first_end:
                first_end = i
        parts.append(ch)
    text = legacy = "".join(parts)
    if "\x02" in text or "\u00ad" in text:  # soft hyphens inside a line are invisible; the last is the joiner's
        text = text[:-1].replace("\x02", "").replace("\u00ad", "") + text[-1]
    return Line(
        text=text,
        legacy=legacy if legacy is not text else "",
        left=min(c[1] for c in run),
        right=max(c[2] for c in run),
        base=base,
        top=max(c[3] + 0.8 * c[4] for c in run),
        bottom=min(c[3] - 0.2 * c[4] for c in run),
        size=size,
        first_word=run[(first_end or len(run)) - 1][2] - run[0][1],
        second_left=run[first_end][1] if first_end else run[-1][2],
        lead_sup=lead_sup,
        page=page,
    )


class _Block:
    """Lines that flow down one column, in the order they were drawn, and their extent."""

    __slots__ = ("bottom", "left", "lines", "right", "top")

    def __init__(self, line: Line):
        self.lines = [line]
        self.left, self.right, self.top, self.bottom = line.left, line.right, line.top, line.bottom

    def add(self, line: Line):
        self.lines.append(line)
        self.left, self.right = min(self.left, line.left), max(self.right, line.right)
        self.top, self.bottom = max(self.top, line.top), min(self.bottom, line.bottom)

    def beside(self, left: float, right: float) -> bool:
        return min(self.right, right) - max(self.left, left) <= 0


def _reading_order(lines: list[Line]) -> list[Line]:
    """Drawing order, with blocks drawn out of turn moved up to their place.

    A block (lines flowing down one column) is placed after the blocks drawn before it,
    unless one of those lies wholly below it in the same column: then it goes before the
    first such one. Columns and table cells drawn in turn keep their order; a header drawn
    last, footnotes drawn first, text drawn bottom-up are put right. Columns drawn out of
    turn are not: side by side, drawing order is all there is to go by.
    """
    blocks: list[_Block] = []
    for line in lines:
        if blocks:
            block = blocks[-1]
            last = block.lines[-1]
            dy = last.base - line.base
            if 0.3 * last.size < dy <= 3.0 * max(last.size, line.size) and not block.beside(line.left, line.right):
                block.add(line)
                continue
        blocks.append(_Block(line))
    if len(blocks) > 2000:  # a map or chart of scattered labels: placing is quadratic, keep drawing order
        return lines
    placed: list[_Block] = []
    for block in blocks:
        at = len(placed)
        for i, other in enumerate(placed):
            if other.top < block.bottom and not other.beside(block.left, block.right):
                at = i
                break
        placed.insert(at, block)
    return [line for block in placed for line in block.lines]


# ---------------------------------------------------------------------------------------
# Layout: pages of lines → text


def _key(text: str) -> str:
    """A line as running headers are compared: page numbers at either end dropped, digits as #."""
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = re.sub(r"^\d{1,4}\s+|\s+\d{1,4}$", "", text)
    return re.sub(r"\d+", "#", text)


def _band(page: Page, line: Line) -> bool:
    height = page.top - page.bottom
    return line.bottom >= page.top - 0.12 * height or line.top <= page.bottom + 0.12 * height


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def _mode(values, width: float = 1.0) -> tuple[float, int]:
    bins: dict[float, int] = {}
    for v in values:
        key = round(v / width) * width
        bins[key] = bins.get(key, 0) + 1
    if not bins:
        return 0.0, 0
    best = max(bins, key=bins.get)
    return best, bins[best]


def assemble(pages: list[Page]) -> tuple[str, list[str]]:
    """Pages of lines in reading order → the document's text, and notes on what was done."""
    notes: list[str] = []
    removed, numbers = _drop_furniture(pages)
    if removed or numbers:
        notes.append(f"removed {removed} repeated page header/footer line(s) and {numbers} page number(s)")
    body_size = _body_size(pages)
    footnotes = _take_footnotes(pages, body_size)
    if footnotes:
        count = sum(len(v) for v in footnotes.values())
        notes.append(f"{count} footnote(s) kept at the end of their page's text")
    layout = _Layout(pages, body_size)

    out: list[str] = []
    pending: list[str] = []  # footnotes waiting for the paragraph that runs on to end
    prev: Line | None = None
    continued = False
    for p in pages:
        for line in p.lines:
            if prev is None:
                out.append(line.text)
            else:
                glue = layout.glue(prev, line, continued)
                if glue is not None:
                    out[-1] = _hyphen(out[-1], line.text) if glue == "" else out[-1]
                    out.append(glue + line.text)
                else:
                    if pending:
                        out.append("\n\n" + "\n".join(pending) + "\n")
                        pending = []
                    out.append("\n" * (1 + layout.blank_lines(prev, line)) + line.text)
                continued = glue is not None
            prev = line
        pending.extend(footnotes.get(p.number, ()))
    if pending:
        out.append(("\n\n" if out else "") + "\n".join(pending))
    text = re.sub("\x02(?=\n|$)", "-", "".join(out))  # a hyphen ending a paragraph is the text's
    text = re.sub(f"[{_SOFT_HYPHENS}]", "", text)
    return text.strip("\n"), notes


def _drop_furniture(pages: list[Page]) -> tuple[int, int]:
    """Running headers and footers, and page numbers: lines in the top or bottom band of a
    page that repeat on at least half of the pages, or that are a bare page number."""
    repeated: set[str] = set()
    if len(pages) >= 2:
        seen: dict[str, set[int]] = {}
        for p in pages:
            for line in p.lines:
                if _band(p, line):
                    seen.setdefault(_key(line.text), set()).add(p.number)
        need = max(2, (len(pages) + 1) // 2)
        repeated = {k for k, where in seen.items() if k and len(where) >= need}
    removed = numbers = 0
    for p in pages:
        kept = []
        for line in p.lines:
            if _band(p, line):
                if _PAGE_NUMBER.fullmatch(line.text.strip()):
                    numbers += 1
                    continue
                if _key(line.text) in repeated:
                    removed += 1
                    continue
            kept.append(line)
        p.lines = kept
    return removed, numbers


def _body_size(pages: list[Page]) -> float:
    weight: dict[float, int] = {}
    for p in pages:
        for line in p.lines:
            key = round(line.size * 2) / 2
            weight[key] = weight.get(key, 0) + len(line.text)
    return max(weight, key=weight.get) if weight else 0.0


class _Layout:
    """Where the text block of each page is, how far apart its lines are, and whether the
    document marks paragraphs by indenting their first line: what joining lines needs."""

    def __init__(self, pages: list[Page], body_size: float):
        body = {p.number: [ln for ln in p.lines if abs(ln.size - body_size) <= 0.2 * body_size] for p in pages}
        self.left = {p.number: _left_edge(body[p.number] or p.lines) for p in pages}
        self.right = self._right_edges(pages, body)
        self.pitch = {p.number: self._pitch(p) for p in pages}
        self.indents = self._indents(pages)

    def _right_edges(self, pages: list[Page], body: dict[int, list[Line]]) -> dict[int, float]:
        """The right edge of the text block, per page.

        Where most lines are wrapped lines of justified paragraphs, the edge is where they end
        (odd and even pages apart when there are enough of each: mirrored margins). A text set
        ragged, or already broken into short lines, ends short of its margin; the edge is then
        taken no nearer than the left margin mirrored, so that short lines are not taken for
        wrapped ones.
        """
        def edge(group: list[Page]) -> float:
            return _percentile([ln.right for p in group for ln in body[p.number]], 0.9)

        odd = [p for p in pages if p.number % 2]
        even = [p for p in pages if not p.number % 2]
        whole = edge(pages)
        edges: dict[int, float] = {}
        for group in (odd, even):
            e = (edge(group) if len(odd) >= 2 and len(even) >= 2 else whole) or whole
            for p in group:
                mirrored = p.right - (self.left[p.number] - p.left) if p.lines else 0.0
                edges[p.number] = max(e, mirrored)
        return edges

    def wrapped(self, prev: Line, line: Line) -> bool:
        """Would the next line's first word have fitted at the end of this one? If not, this
        line may have been broken there."""
        right = self.right[prev.page]
        return prev.right + 0.25 * prev.size + line.first_word > right - 0.5

    def _pitch(self, p: Page) -> float:
        """The distance between the lines of a paragraph on this page."""
        pairs = [(a, b) for a, b in itertools.pairwise(p.lines) if 0.5 * a.size < a.base - b.base < 3 * a.size]
        within = [a.base - b.base for a, b in pairs if self.wrapped(a, b)]
        value, count = _mode(within, 0.5)
        if count >= 2:
            return value
        return min((a.base - b.base for a, b in pairs), default=0.0)

    def _indents(self, pages: list[Page]) -> bool:
        """Does the document mark paragraphs with a first-line indent? Then a line that
        starts flush after a full one continues its paragraph even after a full stop."""
        offsets = []
        flush = 0
        for p in pages:
            left = self.left[p.number]
            for a, b in itertools.pairwise(p.lines):
                if self.wrapped(a, b) or abs(a.size - b.size) > 0.15 * a.size:
                    continue
                offset = b.left - left
                if 0.8 * b.size < offset < 8 * b.size:
                    offsets.append(offset)
                elif abs(offset) <= 0.8 * b.size:
                    flush += 1
        _, same = _mode(offsets, 1.0)
        return len(offsets) >= 3 and len(offsets) >= 2 * flush and same >= 0.6 * len(offsets)

    def blank_lines(self, prev: Line, line: Line) -> int:
        """An empty line where the page shows one between two paragraphs."""
        pitch = self.pitch[line.page]
        if prev.page != line.page or not pitch:
            return 0
        dy = prev.base - line.base
        return 1 if dy > 1.6 * pitch else 0

    def glue(self, prev: Line, line: Line, continued: bool = False) -> str | None:
        """What joins two lines of one paragraph ('' or ' '), or None where a paragraph ends.
        ``continued``: ``prev`` is itself the continuation of a paragraph."""
        a, b = prev.text.rstrip(), line.text.lstrip()
        if not a or not b:
            return None
        if abs(line.size - prev.size) > 0.15 * max(line.size, prev.size):
            return None  # a heading, a note in a smaller size
        if prev.page == line.page:
            dy = prev.base - line.base
            pitch = self.pitch[line.page]
            if dy <= 0.3 * prev.size or dy > (1.3 * pitch + 0.5 if pitch else 2.0 * prev.size):
                return None  # not the next line down, or a gap between paragraphs
        if line.left > self.left[line.page] + 0.8 * line.size and not (
                # a hanging indent: the text of a list item carried on under its first word
                (_LIST_ITEM.match(a) and abs(line.left - prev.second_left) <= 0.3 * line.size)
                or (continued and abs(line.left - prev.left) <= 0.3 * line.size)):
            return None  # an indented first line, a centred or inset one
        if line.lead_sup:
            return ""  # a marker that wrapped to the next line stays on its word
        if not self.wrapped(prev, line):
            return None
        m = _DASH_ITEM.match(b)
        if m:
            # "- xã hội" can be the wrapped half of "kinh tế - xã hội": an item opens with a
            # capital or follows a finished clause
            if m.group(1).isupper() or not m.group(1).isalpha() or _SENTENCE_END.search(a):
                return None
        elif _LIST_ITEM.match(b):
            return None
        if not self.indents and _SENTENCE_END.search(a) and b[0].isupper():
            return None  # without indents to go by, a full stop at the margin ends the paragraph
        if a[-1] in _SOFT_HYPHENS or (a[-1] in "-‐" and len(a) >= 2 and not a[-2].isspace()):
            return ""  # "06-" + "CT/TU", "Bà Rịa-" + "Vũng Tàu"; see _hyphen
        return " "


_SPLIT_WORD = re.compile(r"(?<![^\W\d_])[a-z]{2,}\x02$")


def _hyphen(a: str, b: str) -> str:
    """``a`` as it joins ``b`` on the next line with no space, its final hyphen settled.

    A soft hyphen (U+00AD) marks a word broken at the line end: it goes. PDFium reports a
    hyphen that ends a line between letters as U+0002, whether the file had a hyphen or a
    soft hyphen there. Vietnamese does not break syllables across lines, so between
    Vietnamese words or codes it is a hyphen of the text (``QĐ-`` ``UBND``, ``Bà Rịa-``
    ``Vũng Tàu``) and stays; between two lower-case plain Latin parts it is taken for a
    foreign word broken by hyphenation (``manip-`` ``ulation``) and goes.
    """
    if a.endswith("\u00ad"):
        return a[:-1]
    if a.endswith("\x02"):
        if _SPLIT_WORD.search(a) and re.match(r"[a-z]", b):
            return a[:-1]
        return a[:-1] + "-"
    return a


def _left_edge(lines: list[Line]) -> float:
    """Where the lines of a page start: the leftmost position that a good share of them
    share (not a stray outdented line, not the indented first lines)."""
    if not lines:
        return 0.0
    bins: dict[float, int] = {}
    for ln in lines:
        key = round(ln.left / 2) * 2
        bins[key] = bins.get(key, 0) + 1
    most = max(bins.values())
    key = min(k for k, n in bins.items() if n >= max(2, 0.2 * most)) if most >= 2 else min(bins)
    return min((ln.left for ln in lines if abs(ln.left - key) <= 1.0), default=key)


def _take_footnotes(pages: list[Page], body_size: float) -> dict[int, list[str]]:
    footnotes: dict[int, list[str]] = {}
    last_number = 0
    for p in pages:
        body, notes_here, last_number = _split_footnotes(p.lines, body_size, last_number)
        p.lines = body
        if notes_here:
            footnotes[p.number] = notes_here
    return footnotes


def _split_footnotes(lines: list[Line], body_size: float, last_number: int) -> tuple[list[Line], list[str], int]:
    """The small-font lines at the foot of a page that open with a footnote number."""
    if not lines or not body_size:
        return lines, [], last_number
    small = 0.88 * body_size
    body_lines = [ln for ln in lines if ln.size > small]
    if not body_lines:
        return lines, [], last_number
    floor = min(ln.bottom for ln in body_lines)
    zone = [ln for ln in lines if ln.size <= small and ln.top <= floor + 0.2 * ln.size]
    if not zone:
        return lines, [], last_number
    zone.sort(key=lambda ln: (-ln.base, ln.left))
    first = zone[0]
    number = _number(first)
    if number is None or not (first.lead_sup or number in (1, last_number + 1)):
        return lines, [], last_number
    notes: list[str] = []
    for ln in zone:
        n = _number(ln)
        text = ln.text.strip()
        if n is not None and (ln.lead_sup or n == last_number + 1 or (not notes and n == 1)):
            if ln.lead_sup and len(text) > len(ln.lead_sup) and text[len(ln.lead_sup)] != " ":
                text = ln.lead_sup + " " + text[len(ln.lead_sup):]
            notes.append(text)
            last_number = n
        else:
            joined = notes[-1]
            if joined[-1] in _SOFT_HYPHENS or (joined[-1] in "-‐" and len(joined) > 1 and not joined[-2].isspace()):
                notes[-1] = _hyphen(joined, text) + text
            else:
                notes[-1] = joined + " " + text
    zone_ids = {id(ln) for ln in zone}
    return [ln for ln in lines if id(ln) not in zone_ids], notes, last_number


def _number(line: Line) -> int | None:
    if line.lead_sup:
        return int(line.lead_sup)
    m = _LEAD_NUMBER.match(line.text.strip())
    return int(m.group(1)) if m else None
