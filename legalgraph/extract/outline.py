"""Where a position lies in a document's divisions: Phần, Chương, Mục, Điều, Khoản, Điểm.

Vietnamese normative texts are divided the same way everywhere (Luật Ban hành văn bản
quy phạm pháp luật): parts, chapters, sections, articles ("Điều 5."), clauses ("1."),
points ("a)"). Each division starts a line. A publisher's note says "Khoản này" — the
clause it stands in — so the note's place is read off the divisions opened before it.
A new division closes the ones below it (a new article has no clause yet); articles are
numbered across chapters, so a chapter heading closes the article before it.
"""

from __future__ import annotations

import bisect
import re

LEVELS = ("phan", "chuong", "muc", "dieu", "khoan", "diem")
_LABEL = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều", "khoan": "Khoản", "diem": "Điểm"}

_DIVISION = re.compile(
    r"^[ \t]*(?:"
    r"(?:[Pp]hần|PHẦN)[ \t]+(?P<phan>thứ[ \t]+\w+|THỨ[ \t]+\w+|[IVXLC]+|\d{1,2})(?!\w)"
    r"|(?:[Cc]hương|CHƯƠNG)[ \t]+(?P<chuong>[IVXLC]+|\d{1,2})(?![\w.])"
    r"|(?:[Mm]ục|MỤC)[ \t]+(?P<muc>\d{1,2}|[IVXLC]+)(?![\w/])"
    r"|(?:Điều|ĐIỀU)[ \t]+(?P<dieu>\d{1,3}[a-zđ]?)[ \t]*[.:]"
    r"|(?P<khoan>\d{1,3}[a-zđ]?)\.(?!\d)[ \t]"
    r"|(?P<diem>[a-zđ])\)[ \t]"
    r")",
    re.MULTILINE,
)


class Outline:
    """The divisions of a text (its clean view, notes blanked), found once."""

    def __init__(self, clean: str):
        self._starts: list[int] = []
        self._states: list[tuple] = []
        state = dict.fromkeys(LEVELS)
        for m in _DIVISION.finditer(clean):
            level = m.lastgroup
            value = " ".join(m.group(level).split())
            if level == "phan" and value.lower().startswith("thứ"):
                value = value.lower()
            if level in ("khoan", "diem") and state["dieu"] is None:
                continue  # numbered lines of a preamble or an annex list, not clauses
            i = LEVELS.index(level)
            state[level] = value
            for lower in LEVELS[i + 1:]:
                state[lower] = None
            self._starts.append(m.start())
            self._states.append(tuple(state[lv] for lv in LEVELS))

    def at(self, pos: int) -> dict:
        """The divisions open at ``pos``: {level: number}, None where none is open."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return dict.fromkeys(LEVELS)
        return dict(zip(LEVELS, self._states[i]))

    def label(self, pos: int, level: str) -> str | None:
        """The division of ``level`` at ``pos`` as a reader writes it ("Khoản 2 Điều 5",
        "Mục 1 Chương II"); for ``inner`` the innermost division open there. None before
        the first division (the header, the title: the document as a whole)."""
        state = self.at(pos)
        if level == "inner":
            level = next((lv for lv in reversed(LEVELS) if state[lv] is not None), None)
            if level is None:
                return None
        if level not in _LABEL:
            return None
        i = LEVELS.index(level)
        if level in ("khoan", "diem", "dieu"):
            chain = [lv for lv in ("diem", "khoan", "dieu") if LEVELS.index(lv) <= i]
        else:
            chain = [lv for lv in ("muc", "chuong", "phan") if LEVELS.index(lv) <= i]
        parts = [f"{_LABEL[lv]} {state[lv]}" for lv in chain if state[lv] is not None]
        # a clause asked for where none is open: the article is what is known of it
        return " ".join(parts) or None
