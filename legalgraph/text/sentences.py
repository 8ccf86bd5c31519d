"""Sentence boundaries in Vietnamese legal text converted from PDF and the web.

Lines are wrapped mid-sentence, so a line break alone ends nothing. A sentence ends at
end punctuation followed by a capital or a digit, at a blank line followed by something
that is not a lower-case continuation, before an item marker (``a)``, ``1.``, ``-``,
``+``, ``[1]``, ``Điều 5``), before a line that opens a preamble clause (``Căn cứ``,
``Thực hiện``, ``Theo đề nghị``...), and where an all-capitals title line gives way to
ordinary text. ';' does not end a sentence: preamble lists and coordinated citations
("Nghị quyết số 27-NQ/TW ...; Nghị quyết số 77/NQ-CP ...") stay together.
"""

from __future__ import annotations

import bisect
import re
import sys

UPPER = "".join(
    chr(c) for c in range(0x41, 0x1F00)
    if chr(c).isalpha() and chr(c).isupper() and (c < 0x250 or c >= 0x1E00)
)
LOWER = "".join(
    chr(c) for c in range(0x61, 0x1F00)
    if chr(c).isalpha() and chr(c).islower() and (c < 0x250 or c >= 0x1E00)
)
U = f"[{UPPER}]"
L = f"[{LOWER}]"

_OPENERS = (
    r"Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Xét\s+tờ\s+trình|"
    r"Sau\s+khi|Nơi\s+nhận|Noi\s+nhận|QUYẾT\s+ĐỊNH\s*:|QUYẾT\s+NGHỊ\s*:|NGHỊ\s+QUYẾT\s*:"
)
_ITEM = (
    rf"[a-zđ]\)\s|[IVXLC]+\.\s|\d{{1,2}}(?:\.\d{{1,2}})*\.?\)?\s+(?={U})|[-+•]\s|\[\d+\]|"
    rf"Điều\s+\d|Chương\s+[IVXLC\d]|Mục\s+\d|Phụ\s+lục\b"
)

# A blank line is tried from each line break of a run of blanks: the blanks after it are
# taken possessively and at most 200, so each try costs at most that much instead of the
# rest of the run (quadratic in a run of empty lines); the try that succeeds starts at one
# of the run's last line breaks and ends where the run does, as an unbounded one would (only
# a line indented by more than 200 blanks after a blank line is no longer a boundary).
# The pattern opens with the one set of characters a boundary breaks at ([.!?] or a
# line break), so the regex engine skips from one of them to the next without trying a
# match in between; it does that only for a leading set or literal, not for a choice
# of branches each starting with its own. A look-behind then tells the branches apart.
BOUNDARY = re.compile(
    rf"""
    [.!?\n](?:
        (?<=[.!?])(?P<p>)(?=(?:\s*/\.)?["”’)]*\s+(?:{U}|\d|["“(\[]|\Z))  # end punctuation, then a capital,
          (?<!\bTP\.)(?<!\bKT\.)(?<!\bTM\.)(?<!\bTS\.)(?<!\bThS\.)(?<!\bQ\.)(?<!\bTL\.)   # not an abbreviation
          (?:\s*/\.)?["”’)]*
      | (?<=\n)(?![ \t]*[{LOWER}](?!\)))(?:                 # (most wrapped lines go on in lower case)
            [ \t]*\n\s{{0,200}}+(?=[^\s{LOWER},;])           # blank line, not a continuation
          | (?=[ \t]*(?:{_ITEM}))                           # an item marker
          | (?=[ \t]*(?:{_OPENERS}))                        # a preamble opener
          | (?P<caps>(?<=[^{LOWER}\n]{{2}}\n))(?=[ \t]*{U}{L})  # all-caps line -> ordinary line
        )
    )
    """,
    re.VERBOSE,
)

_CAPS_LINE = re.compile(rf"[^\n{LOWER}]*{U}{U}[^\n{LOWER}]*")
_ITEM_ONLY = re.compile(r"\s*(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])")


class Sentences:
    """Sentence spans of a text, found on demand around the positions asked about.

    Boundaries depend only on the characters around them, so looking back from a
    position for the nearest boundary gives the same answer as splitting the whole text
    — at a fraction of the cost, since only sentences holding citations are asked for.
    ``extra_starts`` forces boundaries (footnote bodies).
    """

    WINDOW = 3000  # a "sentence" is never taken to be longer than this

    def __init__(self, clean: str, extra_starts=()):
        self._clean = clean
        self._len = len(clean)
        self._extra = sorted(set(extra_starts))
        self._known_starts: list[int] = []  # sentences found so far, sorted
        self._known_ends: list[int] = []

    def _is_boundary(self, m) -> bool:
        kind = m.lastgroup
        if kind is None:
            return True  # an item marker, an opener, a blank line
        clean = self._clean
        line_start = clean.rfind("\n", 0, m.start()) + 1
        if kind == "caps":
            # only when the whole line before the break is in capitals (a title)
            return bool(_CAPS_LINE.fullmatch(clean, line_start, m.start()))
        if _ITEM_ONLY.fullmatch(clean, line_start, m.start()):
            return False  # "1." or "II." of a heading is not a sentence
        return True

    def _start_before(self, pos: int, known: int = 0) -> int:
        """The last boundary at or before ``pos``, looking back in growing steps (never
        further back than ``known``, a boundary already found)."""
        floor = max(0, pos - self.WINDOW, known)
        hi = pos
        step = 200
        best = None
        while True:
            lo = max(floor, hi - step)
            candidates = []
            for m in BOUNDARY.finditer(self._clean, lo, min(self._len, hi + 80)):
                if m.end() > pos:
                    break
                candidates.append(m)
            # the last one that is a boundary: check from the end, and stop there
            for m in reversed(candidates):
                # most matches need no second look (lastgroup None): skip the call then
                if m.lastgroup is None or self._is_boundary(m):
                    best = m.end()
                    break
            if best is not None or lo == floor:
                break
            hi, step = lo + 8, step * 4
        best = floor if best is None else best
        i = bisect.bisect_right(self._extra, pos) - 1
        if i >= 0 and self._extra[i] > best:
            best = self._extra[i]
        return best

    def _end_after(self, pos: int, known: int | None = None) -> int:
        hi = min(self._len, pos + self.WINDOW, known if known is not None else self._len)
        end = hi
        for m in BOUNDARY.finditer(self._clean, pos + 1, min(self._len, hi + 80)):
            if m.end() <= pos:
                continue
            if m.lastgroup is None or self._is_boundary(m):
                end = m.end()
                break
        i = bisect.bisect_right(self._extra, pos)
        if i < len(self._extra) and self._extra[i] < end:
            end = self._extra[i]
        return end

    def bounds(self, pos: int) -> tuple[int, int]:
        """The sentence containing ``pos``, untrimmed: [start, end)."""
        i = bisect.bisect_right(self._known_starts, pos) - 1
        if i >= 0 and pos < self._known_ends[i]:
            return self._known_starts[i], self._known_ends[i]
        # sentences already found bound the search: their ends and starts are boundaries
        after_known = self._known_ends[i] if i >= 0 else 0
        before_known = self._known_starts[i + 1] if i + 1 < len(self._known_starts) else None
        start = self._start_before(pos, after_known)
        end = self._end_after(max(pos, start), before_known)
        j = bisect.bisect_left(self._known_starts, start)
        if j < len(self._known_starts) and self._known_starts[j] == start:
            self._known_ends[j] = max(self._known_ends[j], end)
        else:
            self._known_starts.insert(j, start)
            self._known_ends.insert(j, end)
        return start, end

    def around(self, pos: int) -> tuple[int, int]:
        """The sentence containing ``pos``, trimmed of surrounding white space."""
        start, end = self.bounds(pos)
        clean = self._clean
        while start < end and clean[start].isspace():
            start += 1
        while end > start and clean[end - 1].isspace():
            end -= 1
        return start, end

    def index(self, pos: int) -> int:
        """A key for the sentence containing ``pos`` (its start offset)."""
        return self.bounds(pos)[0]

    def split(self):
        """All sentences, for debugging and tests."""
        pos = 0
        while pos < self._len:
            start, end = self.bounds(pos)
            yield start, end
            pos = max(end, pos + 1)


if __name__ == "__main__":  # pragma: no cover - a debugging aid
    text = open(sys.argv[1], encoding="utf-8").read()
    for a, b in Sentences(text).split():
        print(repr(text[a:b][:120]))
