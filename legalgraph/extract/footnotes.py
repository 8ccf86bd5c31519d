"""Footnotes: markers in the text matched with the footnote bodies that explain them.

Converted documents carry footnotes in three shapes:

* ``[1]`` in the text and ``[1] Kế hoạch số 270-KH/TU ...`` at the end (web pages);
* a digit glued to a citation, ``Nghị định số 34/2016/NĐ-CP2``, whose body at the foot of
  the page continues that citation: ``2 ngày 14/5/2016 của Chính phủ quy định chi tiết
  ...`` — the date, issuer and relations in the body belong to 34/2016/NĐ-CP;
* a digit glued to a word, ``pháp luật1``, ``Quân đội1``, with a body such as
  ``1 như: Quyết định số 242/QĐ-TTg ...`` or ``1 Tên gọi này được sửa đổi ...``.

Footnotes are numbered in order, so markers are matched to bodies in sequence: marker
*n* takes the first line after it (and after body *n-1*) that starts with *n*. A marker
that is not the next expected number is left alone, which keeps stray digits glued to
words (``COVID19``) and page numbers from being taken for footnotes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_QUOTES_BASES = re.compile(r"có\s+căn\s+cứ\s+ban\s+hành\s+như\s+sau")
_BRACKET = re.compile(r"\[(\d{1,3})\]")
@functools.lru_cache(maxsize=1024)
def _glued(marker: str) -> re.Pattern:
    """The number glued to a word ('pháp luật1'): the digits first, so the engine searches
    for them, then a look back at the letter before them."""
    return re.compile(rf"{marker}(?<=[^\W\d_]{marker})(?=[\s,.;:)”\"])")
_CONTINUES = re.compile(
    r"\s*(?:ngày|của|về|do|ban\s+hành|quy\s+định|sửa\s+đổi|hướng\s+dẫn|năm|được|đã|thông\s+qua)(?!\w)"
)
_LINE_NUMBER = re.compile(r"[ \t]*\d{1,4}[ \t]*$")


def _body_start(text: str, number_pos: int, marker: str) -> int:
    """Where the body text begins after its number (on the same line or the next)."""
    pos = number_pos + len(marker)
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


@dataclass
class Footnote:
    marker: str
    marker_pos: int
    start: int  # body text, after the number
    end: int
    host: object | None = None  # the citation (Found) the marker is glued to
    continues: bool = False  # the body continues the host citation ("2 ngày 14/5/2016 ...")


_BODY_LINE = re.compile(r"\n[ \t]*(\d{1,3})(?:[ \t]+|[ \t]*\n[ \t]*)(?=[^\W\d_])")
_BRACKET_LINE = re.compile(r"\n[ \t]*\[(\d{1,3})\][ \t]*")


def find_footnotes(view, numbered) -> list[Footnote]:
    text = view.text
    # Bodies first: footnotes are rare, and only numbers that open a line can be
    # footnotes, so markers are looked for only where a body could answer them.
    bodies: dict[int, list[int]] = {}
    brackets: dict[str, list[int]] = {}
    for m in _BODY_LINE.finditer(text):
        bodies.setdefault(int(m.group(1)), []).append(m.start(1))
    if "[" in text:
        for m in _BRACKET_LINE.finditer(text):
            brackets.setdefault(m.group(1), []).append(m.end())
    if not bodies and not brackets:
        return []
    host_by_end = {f.end: f for f in numbered}
    notes: list[Footnote] = []

    # "[n]" markers: the body is the last "[n]" that opens a line
    if brackets:
        for m in _BRACKET.finditer(text):
            n = m.group(1)
            later = [b for b in brackets.get(n, ()) if b > m.start() + 1]
            if later and not any(note.marker == n for note in notes):
                host = host_by_end.get(len(text[:m.start()].rstrip()))
                notes.append(Footnote(marker=n, marker_pos=m.start(), start=later[-1], end=len(text), host=host))

    # numeric markers, in sequence: marker n is the first glued n after marker n-1, and
    # its body the first line after it that opens with n
    if bodies:
        glued_to_citation: dict[int, list] = {}
        for f in numbered:
            if f.footnote:
                glued_to_citation.setdefault(int(f.footnote), []).append(f)
        n = min(bodies)
        pos = 0
        body_from = 0
        while n in bodies:
            candidates = [(f.end, f) for f in glued_to_citation.get(n, ()) if f.end >= pos]
            m = _glued(str(n)).search(text, pos)
            if m is not None:
                candidates.append((m.start(), host_by_end.get(m.start())))
            if not candidates:
                break
            marker_pos, host = min(candidates, key=lambda c: c[0])
            body = next((b for b in bodies[n] if b > max(marker_pos, body_from)), None)
            if body is None:
                break
            start = _body_start(text, body, str(n))
            notes.append(Footnote(marker=str(n), marker_pos=marker_pos, start=start, end=len(text), host=host))
            pos, body_from = marker_pos + 1, start
            n += 1
    notes.sort(key=lambda note: note.start)

    # a body ends where the next one starts, at a page number, a blank line or noise
    for i, note in enumerate(notes):
        limit = notes[i + 1].start if i + 1 < len(notes) else len(text)
        nxt = notes[i + 1] if i + 1 < len(notes) else None
        if nxt is not None:
            # the next body's own number line is not part of this body
            limit = text.rfind("\n", note.start, nxt.start - len(nxt.marker)) + 1 or limit
        # a footnote that quotes an amending text's bases ("… có căn cứ ban hành như sau:
        # Căn cứ …") runs long; any cut falls at a line's end, not inside a sentence
        reach = 4000 if _QUOTES_BASES.search(view.match, note.start, min(len(text), note.start + 800)) else 1500
        cut = text.find("\n", min(len(text), note.start + reach))
        end = min(limit, note.start + reach if cut < 0 else cut)
        pos = text.find("\n", note.start)
        while 0 <= pos < end:
            line_end = text.find("\n", pos + 1)
            line_end = len(text) if line_end < 0 else line_end
            line = text[pos + 1:line_end]
            clean_line = view.clean[pos + 1:line_end]
            if not line.strip() or _LINE_NUMBER.fullmatch(line) or not clean_line.strip():
                end = min(end, pos)
                break
            pos = line_end if line_end < len(text) else -1
        note.end = max(note.start, end)
        note.continues = note.host is not None and bool(_CONTINUES.match(view.match, note.start))
    return notes
