"""Read a saved web page (.html/.htm) into the text of the document it shows.

Parsed with lxml.html, not the standard library's html.parser: choosing the main block
needs a tree (which block holds most of the text, what lies inside what), and libxml2's
HTML parser builds one from broken markup as browsers do (unclosed <p>, stray </div>),
in C, without network or DTD access. lxml is already installed as python-docx's
dependency, so it costs nothing; html.parser only reports tags, and the tree — with the
implied closings browsers apply — would have to be built and repaired by hand.

The steps:

* bytes to text: a byte-order mark, else the page's own ``<meta charset>`` /
  ``http-equiv`` Content-Type (or XML declaration), else UTF-8, else
  ``legalgraph.text.encodings.decode_bytes`` (Windows-1258, TCVN3, VNI). A page that
  declares a single-byte charset but is valid UTF-8 is read as UTF-8 (a mislabel, with a
  note): real Latin-1 or Windows-1258 text is practically never valid UTF-8.
* what is not the document goes: script, style, noscript, template, svg, head, nav,
  aside, iframe, button, hidden elements; header and footer outside an <article>/<main>;
  forms and blocks named as menus, sidebars, related links, comments — unless they hold
  most of the page (ASP.NET wraps whole pages in one <form>).
* the main block: <main>, <article>, or an element whose id/class names the content
  ("content", "noidung", "toanvan", "fulltext", "vanban", "detail" — the vbpl.vn and
  thuvienphapluat.vn layouts). The largest is taken, narrowed to a block inside it that
  keeps two thirds of its text, and used only if it holds most of the page's text; a
  box named "content" that holds a caption is not the document.
* text as a browser lays it out: block elements and <br> end lines, white space
  (``&nbsp;`` included) collapses to one space within a line, an empty paragraph is one
  blank line; tables through ``legalgraph.text.docx.table_lines`` (a data row one line,
  cells " | "-separated; the header and signature blocks cell by cell), list items with
  their number or "-"; footnote links (``<a href="#_ftn1">``) keep their "[1]" and a bare
  number in one becomes "[1]", so ``legalgraph.extract.footnotes`` matches them with
  their "[1] ..." bodies.
* text in a legacy font (``<font face=".VnTime">``, ``font-family: VNI-Times``) is
  converted line by line with the font as the hint
  (``legalgraph.text.encodings.repair_legacy``), so a Unicode heading beside it stays as
  it is; a page naming no such font is offered to it whole.
"""

from __future__ import annotations

import codecs
import re

from legalgraph.text.encodings import decode_bytes, is_utf8, repair_legacy
from legalgraph.text.read import Read, ReadError

DROP = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "title", "nav", "aside",
                  "iframe", "frame", "frameset", "button", "select", "option", "textarea", "object", "embed",
                  "canvas", "audio", "video", "map", "dialog", "input", "link", "meta"})
BLOCK = frozenset({"address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
                   "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                   "header", "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section",
                   "summary", "ul", "caption", "tr", "td", "th", "tbody", "thead", "tfoot", "table", "dir",
                   "menu", "listing", "xmp", "plaintext"})
_CONTENT = re.compile(r"content|noi-?_?dung|toan-?_?van|full-?_?text|van-?_?ban|detail|article|post-?body"
                      r"|entry-?body|main-?text|doc-?body")
_JUNK = re.compile(r"menu|navbar|sidebar|side-bar|breadcrumb|related|comment|share|social|widget|banner"
                   r"|advert|\bads?\b|popup|modal|cookie|login|search")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_FOOTNOTE_HREF = re.compile(r"#_?(?:edn|ftn|fn|footnote|note)", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# characters XML and libxml2 refuse; none of them is text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;,]+)", re.IGNORECASE)
_LEGACY_FONT = re.compile(r"\s*(?:\.vn|vni)", re.IGNORECASE)  # .VnTime, .VnArialH, VNI-Times
# what may come before a doctype: blanks, an XML declaration or processing instruction, comments
_PROLOG = re.compile(r"(?:\s|<\?[^>]*>|<!--(?:[^-]|-(?!->))*-->)*+")
_SUBSET_START = re.compile(r"<!DOCTYPE\b[^>\[]*\[", re.IGNORECASE)
_SUBSET_END = re.compile(r"\]\s*+>")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
MAX_DEPTH = 200
# Python codecs that are not web charsets: a page naming one is guessed, not obeyed
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7",
                           "utf-32", "utf-32-le", "utf-32-be"})


# -- bytes to text --------------------------------------------------------------------------

def _declared(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_DECL.match(head) or _META.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def decode_html(data: bytes, path) -> tuple[str, str, list[str]]:
    """The page's text, the encoding it was read with, notes on what was guessed."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc, []
            except UnicodeDecodeError as e:
                raise ReadError(path, f"not valid {enc.upper()} text ({e.reason} at byte {e.start})") from None
    notes: list[str] = []
    label = _declared(data)
    if label:
        try:
            info = codecs.lookup(label)
            name = info.name if getattr(info, "_is_text_encoding", True) and info.name not in _NOT_CHARSETS else None
        except LookupError:
            name = None
        if name is None:
            notes.append(f"unknown charset '{label}' declared; guessed instead")
        # the HTML standard's own substitutions: a UTF-16 label on a page without a
        # byte-order mark is a copy-paste error; Latin-1 and ASCII mean Windows-1252
        if name in ("utf-16", "utf-16-le", "utf-16-be"):
            name = "utf-8"
        elif name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"
        if name:
            try:
                text = data.decode(name)
            except (UnicodeError, LookupError):
                notes.append(f"declared charset {label} does not fit the bytes; guessed instead")
            else:
                if name not in ("utf-8", "utf-8-sig") and not data.isascii() and is_utf8(data):
                    notes.append(f"declared charset {label}, but the bytes are UTF-8; read as UTF-8")
                    return data.decode("utf-8"), "utf-8", notes
                return text, _label(name), notes
    if is_utf8(data):
        return data.decode("utf-8"), "utf-8", notes

    text, enc, more = decode_bytes(data, path)
    return text, enc, notes + list(more)


def _label(codec_name: str) -> str:
    return {"cp1258": "windows-1258", "cp1252": "windows-1252", "utf_8": "utf-8"}.get(codec_name, codec_name)


# -- the tree ---------------------------------------------------------------------------------

def _parse(text: str, path):
    """The page as a tree, and whether the parser gave up below its depth limit."""
    from lxml import etree, html

    text = _without_subset(_CHAR_REF.sub(_no_control_ref, _CONTROL.sub("", text)))
    if not text.strip():
        raise ReadError(path, "no text in this HTML page")
    # huge_tree lifts libxml2's depth limit from 256 to 2048 elements: old pages nest a
    # few hundred unclosed <font>s, and past the limit the parser drops the rest of the
    # page. HTML has no entity declarations to expand, so nothing else grows with it.
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                             huge_tree=True)
    try:
        root = html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(path, f"cannot be read as HTML ({' '.join(str(e).split())[:200]})") from None
    too_deep = any("Excessive depth" in e.message for e in parser.error_log)
    return root, too_deep


def _without_subset(text: str) -> str:
    """The page without its doctype's internal subset (``<!DOCTYPE html [ <!ENTITY …> ]>``):
    libxml2's HTML parser ends the doctype at the subset's first ">" and shows the rest
    ("]>") as text. The doctype goes whole; the entities it declares stay unexpanded, as
    in a browser."""
    prolog = _PROLOG.match(text).end()
    m = _SUBSET_START.match(text, prolog)
    if m is None:
        return text
    end = _SUBSET_END.search(text, m.end())
    return text if end is None else text[:m.start()] + text[end.end():]


def _no_control_ref(m) -> str:
    """A character reference to a control character (&#1;) would put one in the tree,
    where lxml refuses to handle it: it goes, like the literal ones."""
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code > 0x10FFFF or _CONTROL.match(chr(code)):
        return ""
    return m.group(0)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _names(el) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower()


def _tally(root) -> tuple[dict, dict]:
    """Words under each element, and whether a content block is it or inside it: one pass
    from the leaves up, so a page of thousands of nested blocks costs no more than a flat one."""
    from lxml import etree

    words: dict = {}
    content: dict = {}
    for _, el in etree.iterwalk(root, events=("end",)):
        n = len(el.text.split()) if isinstance(el.tag, str) and el.text else 0
        has = _is_content(el)
        for child in el:
            n += words.get(child, 0) + (len(child.tail.split()) if child.tail else 0)
            has = has or content.get(child, False)
        words[el] = n
        content[el] = has
    return words, content


def _inside(el, tags) -> bool:
    return any(_tag(a) in tags for a in el.iterancestors())


def _drop(el) -> None:
    if el.getparent() is None:
        return
    try:
        el.drop_tree()  # keeps the tail text, which belongs to the parent
    except ValueError:  # a character lxml will not write back into the tree: the tail goes too
        el.tail = None
        el.getparent().remove(el)


def _clean(root) -> None:
    """Take out what a reader of the page does not read as the document."""
    for el in list(root.iter()):
        tag = _tag(el)
        if not tag:
            continue
        hidden = el.get("hidden") is not None or _HIDDEN.search(el.get("style") or "")
        if tag in DROP or hidden or (tag in ("header", "footer") and not _inside(el, ("article", "main"))):
            _drop(el)
    body = root.find("body")
    words, content = _tally(root)
    total = words.get(body if body is not None else root, 0)
    junk = []
    for el in root.iter():
        tag = _tag(el)
        if not tag or tag in ("html", "body", "main", "article") or content.get(el):
            continue
        if (tag == "form" or _JUNK.search(_names(el))) and words.get(el, 0) * 2 < total:
            junk.append(el)
    for el in junk:
        _drop(el)


def _is_content(el) -> bool:
    tag = _tag(el)
    if tag in ("main", "article"):
        return True
    names = _names(el)
    return bool(tag and names.strip() and _CONTENT.search(names) and not _JUNK.search(names))


def main_block(root):
    body = root.find("body")
    body = body if body is not None else root
    words, _ = _tally(body)
    total = words.get(body, 0)
    # the biggest few are enough: the document is one of the biggest blocks or none
    cands = sorted(((n, el) for el, n in words.items() if n and el is not body and _is_content(el)),
                   key=lambda c: -c[0])[:50]
    if not cands:
        return body
    n, best = cands[0]
    while True:
        inner = [(m, el) for m, el in cands if el is not best and m * 3 >= n * 2 and best in el.iterancestors()]
        if not inner:
            break
        n, best = max(inner, key=lambda c: c[0])
    return best if n * 2 > total else body


# -- layout ---------------------------------------------------------------------------------

class _Lines:
    def __init__(self, outer: _Lines | None = None):
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.pending = ""  # a list item's number, for the first line of the item
        self.pre = 0
        # a table cell is laid out apart, in the font and with the tally of the page around it
        self.font: str | None = outer.font if outer else None
        self.repaired: dict[str, int] = outer.repaired if outer else {}
        self.line_fonts: list[str] = []  # legacy fonts the current line's letters are in

    def add(self, s: str | None) -> None:
        if not s:
            return
        if self.font and not s.isascii():
            self.line_fonts.append(self.font)
        if self.pre:
            first, *rest = s.split("\n")
            self.cur.append(first)
            for part in rest:
                self.end(force=True)
                self.cur.append(part)
        else:
            self.cur.append(s)

    def end(self, force: bool = False) -> None:
        line = " ".join("".join(self.cur).split())
        self.cur = []
        if self.line_fonts:
            line, legacy = repair_legacy(line, max(set(self.line_fonts), key=self.line_fonts.count))
            self.line_fonts = []
            if legacy:
                self.repaired[legacy] = self.repaired.get(legacy, 0) + 1
        if line and self.pending:
            line, self.pending = self.pending + line, ""
        if line or force:
            self.lines.append(line)

    def walk(self, el, depth: int = 0) -> None:
        tag = _tag(el)
        if depth > MAX_DEPTH:
            self.add(" ".join(el.itertext()))
            return
        if tag == "br":
            self.end(force=True)
            return
        if tag == "table":
            self.end()
            self.lines.extend(self.table(el, depth))
            return
        if tag in ("ol", "ul"):
            self.end()
            self.items(el, depth)
            self.end()
            return
        if tag == "a" and _FOOTNOTE_HREF.search(el.get("href") or ""):
            mark = " ".join("".join(el.itertext()).split())
            if re.fullmatch(r"\d{1,3}", mark):
                self.add(f"[{mark}]")
                return
        block = tag in BLOCK
        if block:
            self.end()
            if tag == "p" and not "".join(el.itertext()).strip() and el.find(".//img") is None:
                self.lines.append("")
                return
        if tag == "pre":
            self.pre += 1
        outer_font = self.font
        font = _font(el)
        if font is not None:
            self.font = font if _LEGACY_FONT.match(font) else None
        self.add(el.text)
        for child in el:
            self.walk(child, depth + 1)
            self.add(child.tail)
        self.font = outer_font
        if tag == "pre":
            self.pre -= 1
        if block:
            self.end()

    def children(self, el, depth: int) -> list[str]:
        self.add(el.text)
        for child in el:
            self.walk(child, depth + 1)
            self.add(child.tail)
        self.end()
        return self.lines

    def items(self, el, depth: int) -> None:
        ordered = _tag(el) == "ol"
        kind = el.get("type") or "1"
        n = _int(el.get("start"), 1)
        for child in el:
            if _tag(child) == "li":
                n = _int(child.get("value"), n)
                if ordered:
                    from legalgraph.text.docx import list_number

                    self.pending = list_number(n, kind) + ". "
                else:
                    self.pending = "- "
                self.children(child, depth + 1)
                self.pending = ""
                n += 1
            else:
                self.walk(child, depth + 1)
            self.add(child.tail)

    def table(self, el, depth: int) -> list[str]:
        from legalgraph.text.docx import table_lines

        out: list[str] = []
        rows = []
        for child in el:
            tag = _tag(child)
            if tag == "caption":
                out.extend(_Lines(self).children(child, depth + 1))
            trs = [child] if tag == "tr" else [r for r in child if _tag(r) == "tr"] if tag in (
                "thead", "tbody", "tfoot") else []
            for tr in trs:
                rows.append([_Lines(self).children(td, depth + 2) for td in tr if _tag(td) in ("td", "th")])
        return out + table_lines(rows)


def _int(s, default: int) -> int:
    try:
        return int(s)
    except (TypeError, ValueError):
        return default


def _font(el) -> str | None:
    """The font an element sets for its text: <font face>, or the first CSS font-family."""
    if _tag(el) == "font" and el.get("face"):
        return el.get("face").split(",")[0].strip(" '\"")
    m = _FONT_FAMILY.search(el.get("style") or "")
    return m.group(1).strip(" '\"") if m else None


def html_text(root) -> tuple[str, dict[str, int]]:
    """The text of a cleaned page's main block laid out in lines, and the lines converted
    from each legacy font encoding."""
    layout = _Lines()
    lines = layout.children(main_block(root), 0)
    return "\n".join(lines).strip("\n"), layout.repaired


def read_html(data: bytes, path) -> Read:
    text, encoding, notes = decode_html(data, path)
    root, too_deep = _parse(text, path)
    if too_deep:
        notes.append("nested deeper than 2048 elements: the parser stopped there, the rest of the page is missing")
    _clean(root)
    try:
        text, repaired = html_text(root)
    except RecursionError:
        raise ReadError(path, "cannot be read as HTML (nested too deeply)") from None
    if not text.strip():
        if too_deep:
            raise ReadError(path, "refused: HTML nested deeper than 2048 elements")
        raise ReadError(path, "no text in this HTML page (only scripts, styles, navigation or hidden content)")
    if not repaired:
        # no legacy font named: the whole text is offered once (a page whose fonts are
        # set in a style sheet, or legacy bytes pasted into a Unicode page)
        text, legacy = repair_legacy(text)
        if legacy:
            repaired[legacy] = 1
    for legacy in sorted(repaired):
        notes.append(f"text typed in a {legacy.upper()} font converted to Unicode")
    return Read(text, "html", encoding, notes)
