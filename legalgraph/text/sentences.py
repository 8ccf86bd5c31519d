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

BOUNDARY = re.compile(
    rf"""
      (?<=[.!?])(?<!\bTP\.)(?<!\bKT\.)(?<!\bTM\.)(?<!\bTS\.)(?<!\bThS\.)(?<!\bQ\.)(?<!\bTL\.)
        (?:\s*/\.)?["”’)]*(?=\s+(?:{U}|\d|["“(\[]|\Z))     # end punctuation, then a capital
    | \n[ \t]*\n\s*(?=[^\s{LOWER},;])                  # blank line, not a continuation
    | \n(?=[ \t]*(?:{_ITEM}))                         # an item marker
    | \n(?=[ \t]*(?:{_OPENERS}))                      # a preamble opener
    | (?P<caps>(?<=[^{LOWER}\n]{{2}})\n)(?=[ \t]*{U}{L})  # all-caps line -> ordinary line
    """,
    re.VERBOSE,
)

_CAPS_LINE = re.compile(rf"[^\n{LOWER}]*{U}{U}[^\n{LOWER}]*")


class Sentences:
    """Sentence spans of a text; ``around(pos)`` gives the sentence containing ``pos``."""

    def __init__(self, clean: str, extra_starts=()):
        starts = {0}
        for m in BOUNDARY.finditer(clean):
            if m.group("caps") is not None:
                # only when the whole line before the break is in capitals (a title)
                line_start = clean.rfind("\n", 0, m.start()) + 1
                if not _CAPS_LINE.fullmatch(clean, line_start, m.start()):
                    continue
            starts.add(m.end())
        starts.update(extra_starts)
        self._starts = sorted(starts)
        self._len = len(clean)
        self._clean = clean

    def around(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, pos) - 1
        start = self._starts[i]
        end = self._starts[i + 1] if i + 1 < len(self._starts) else self._len
        # trim white space so evidence spans start and end on text
        while start < end and self._clean[start].isspace():
            start += 1
        while end > start and self._clean[end - 1].isspace():
            end -= 1
        return start, end

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self._starts, pos) - 1

    def __len__(self) -> int:
        return len(self._starts)


if __name__ == "__main__":  # pragma: no cover - a debugging aid
    text = open(sys.argv[1], encoding="utf-8").read()
    s = Sentences(text)
    for a, b in zip(s._starts, s._starts[1:] + [len(text)]):
        print(repr(text[a:b][:120]))
