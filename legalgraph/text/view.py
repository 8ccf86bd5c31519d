"""Two views of one text, both exactly as long as the text itself.

``clean``  the text with noise blanked out: gazette page headers (``CÔNG BÁO/Số 281/Ngày
           21-05-2026``) and the page numbers under them, digital-signature stamps,
           stand-alone page numbers, Markdown emphasis, table bars; dash and Đ variants
           unified. Letter case is kept (sentence boundaries need it).
``match``  ``clean`` lower-cased: every pattern runs on it.

Because nothing moves, a span found in either view is a span of the text: no offset map
is needed, and mentions are reported with the original characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Same-length character substitutions.
_CHARS = str.maketrans({
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "Ð": "Đ", "ð": "đ",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": " ", "\u00ad": " ", "\ufeff": " ",
    "\t": " ", "\r": " ",
    "*": " ", "|": " ",
})

_NOISE = re.compile(
    r"""
    ^[ \t]*CÔNG[ \t]BÁO[ \t]*/[^\n]*$(?:\n[ \t]*\d{1,4}[ \t]*$)?    # gazette page header (+ page no.)
    | ^[ \t]*\d{1,4}[ \t]*\n[ \t]*CÔNG[ \t]BÁO[ \t]*/[^\n]*$       # page no. above the header
    | ^[ \t]*Ký[ \t]bởi:[^\n]*$(?:\n[ \t]*Cơ[ \t]quan:[^\n]*$)?(?:\n[ \t]*(?:Ngày[ \t]ký|Thời[ \t]gian[ \t]ký):[^\n]*$)?
    | ^[ \t]*\(Xem[ \t]tiếp[ \t]Công[ \t]báo[^\n]*$                # "(Xem tiếp Công báo số ...)"
    | ^[ \t]*(?:Trang[ \t])?\d{1,3}(?:[ \t]*/[ \t]*\d{1,3})?[ \t]*$   # stand-alone page number
    | ^[ \t]*[-_=]{3,}[ \t]*$                                       # rules under headers
    | __                                                            # Markdown emphasis
    """,
    re.MULTILINE | re.VERBOSE,
)


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


@dataclass
class TextView:
    text: str
    clean: str
    match: str

    @classmethod
    def of(cls, text: str) -> "TextView":
        clean = _NOISE.sub(_blank, text.translate(_CHARS))
        match = clean.lower()
        if len(match) != len(clean):
            # A few characters lower-case to two (e.g. 'İ'); keep those as they are.
            match = "".join(c if len(c.lower()) != 1 else c.lower() for c in clean)
        return cls(text=text, clean=clean, match=match)
