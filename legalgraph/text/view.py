"""Two views of one text, both exactly as long as the text itself.

``clean``  the text with noise blanked out: gazette page headers (``CÔNG BÁO/Số 281/Ngày
           21-05-2026``) and the page numbers under them, digital-signature stamps,
           stand-alone page numbers, Markdown emphasis and heading marks, table bars; dash and Đ variants
           unified. Letter case is kept (sentence boundaries need it).
``match``  ``clean`` lower-cased: every pattern runs on it.

Because nothing moves, a span found in either view is a span of the text: no offset map
is needed, and mentions are reported with the original characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Same-length substitutions (str.replace is far faster than str.translate on Unicode).
_REPLACE = (
    ("–", "-"), ("—", "-"), ("‐", "-"), ("‑", "-"), ("−", "-"),
    ("Ð", "Đ"), ("ð", "đ"),
    ("\u00a0", " "), ("\u2007", " "), ("\u202f", " "), ("\u200b", " "), ("\u00ad", " "), ("\ufeff", " "),
    ("\t", " "), ("\r", " "),
    ("*", " "), ("|", " "), ("__", "  "), ("#", " "),  # Markdown emphasis, tables, headings
)

# Every kind of noise is a whole line; each branch starts at a line break so the regex
# engine can skip straight from one line break to the next. Within the line, each
# branch opens with a literal or a character set: the engine then rules a branch out
# at the line's first character without entering it.
_EOL = r"(?=\n|\Z)"
_NOISE = re.compile(
    rf"""
    \n[ ]*(?:
        CÔNG[ ]BÁO[ ]*/[^\n]*{_EOL}(?:\n[ ]*\d{{1,4}}[ ]*{_EOL})?           # gazette page header (+ page no.)
      | \d(?:
            \d{{0,3}}[ ]*\n[ ]*CÔNG[ ]BÁO[ ]*/[^\n]*{_EOL}                  # page no. above the header
          | \d{{0,2}}(?:[ ]*/[ ]*\d{{1,3}})?[ ]*{_EOL}                       # stand-alone page number
        )
      | Ký[ ]bởi:[^\n]*{_EOL}(?:\n[ ]*Cơ[ ]quan:[^\n]*{_EOL})?(?:\n[ ]*(?:Ngày[ ]ký|Thời[ ]gian[ ]ký):[^\n]*{_EOL})?
      | \(Xem[ ]tiếp[ ]Công[ ]báo[^\n]*{_EOL}                              # "(Xem tiếp Công báo số ...)"
      | Trang[ ]\d{{1,3}}(?:[ ]*/[ ]*\d{{1,3}})?[ ]*{_EOL}                  # "Trang 5"
      | [-_=][-_=]{{2,}}[ ]*{_EOL}                                          # rules under headers
    )
    """,
    re.VERBOSE,
)


def _blank(m: re.Match) -> str:
    s = m.group(0)
    if s.count("\n") == 1:  # most noise is one line: its line break, then the line
        return "\n" + " " * (len(s) - 1)
    return "\n".join([" " * len(line) for line in s.split("\n")])


@dataclass
class TextView:
    text: str
    clean: str
    match: str

    @classmethod
    def of(cls, text: str) -> TextView:
        clean = text
        for old, new in _REPLACE:
            if old in clean:
                clean = clean.replace(old, new)
        clean = _NOISE.sub(_blank, "\n" + clean)[1:]
        match = clean.lower()
        if len(match) != len(clean):
            # A few characters lower-case to two (e.g. 'İ'); keep those as they are.
            match = "".join(c if len(c.lower()) != 1 else c.lower() for c in clean)
        return cls(text=text, clean=clean, match=match)

    def without(self, spans) -> TextView:
        """The same text with ``spans`` blanked in both views (line breaks kept): what the
        document itself says, without a publisher's notes."""
        if not spans:
            return self
        return TextView(text=self.text, clean=_blanked(self.clean, spans, inside=True),
                        match=_blanked(self.match, spans, inside=True))

    def only(self, spans) -> TextView:
        """The same text with everything but ``spans`` blanked: the notes alone, where
        they stand."""
        return TextView(text=self.text, clean=_blanked(self.clean, spans, inside=False),
                        match=_blanked(self.match, spans, inside=False))


def _spaces(s: str) -> str:
    return "\n".join(" " * len(line) for line in s.split("\n"))


def _blanked(s: str, spans, inside: bool) -> str:
    out, pos = [], 0
    for lo, hi in spans:
        out.append(s[pos:lo] if inside else _spaces(s[pos:lo]))
        out.append(_spaces(s[lo:hi]) if inside else s[lo:hi])
        pos = hi
    out.append(s[pos:] if inside else _spaces(s[pos:]))
    return "".join(out)
