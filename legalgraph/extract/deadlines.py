"""When a task is due: the words plans use, normalised to a date range.

    "Hoàn thành trong Quý IV năm 2020"  -> 2020-10-01 .. 2020-12-31
    "trước ngày 02/7/2025"              -> .. 2025-07-01   (due before that day)
    "tháng 9/2021"                      -> 2021-09-01 .. 2021-09-30
    "Năm 2021, 2022"                    -> 2021-01-01 .. 2022-12-31
    "Hàng năm"                          -> recurring yearly
    "hàng năm, trước ngày 02/12"        -> recurring yearly, ending --12-01 each year
    "Theo hướng dẫn của Trung ương"     -> no date, the words kept

The vocabulary (labels, recurrence words, undated phrases) and worked examples are data in
``data/grammar/deadlines.toml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from legalgraph.grammar import phrase_pattern

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# "quý II, III/2015", "quý IV/2026 - 2029" (yearly from that quarter to the end of 2029)
_QUARTER = re.compile(
    r"quý\s+((?:iv|iii|ii|i|[1-4])(?:\s*(?:,|và|-)\s*(?:iv|iii|ii|i|[1-4]))*)(?!\w)\s*(?:năm\s*|/\s*)?((?:19|20)\d\d)?"
    r"(?:\s*-\s*((?:19|20)\d\d))?")
# "ngày 10 tháng 6 năm 2026" is written "10/6/2026" before the patterns below are tried
_SPELT_DATE = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)")
_SPELT_DAY = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?![\d/]|\s*(?:năm|/))")
_HALF = re.compile(r"(\d{1,2})\s+tháng\s+(đầu|cuối)\s+năm\s+((?:19|20)\d\d)")
_BEFORE = re.compile(r"(?:trước|chậm\s+nhất|không\s+quá|hạn\s+chót)\s+(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*((?:19|20)\d\d))?")
_DAY = re.compile(r"(?:(từ|đến|trong|vào|ngày)\s+)?(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)")
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*((?:19|20)\d\d)")
# "giai đoạn 2021 - 2025", "GIAI ĐOẠN 1 (2023 - 2025)"
_PERIOD = re.compile(r"giai\s+đoạn\s+(?:(?:\d|[ivx]+)\s*\(\s*)?((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)")
_YEARS = re.compile(r"năm\s+((?:19|20)\d\d(?:\s*(?:,|và|-)\s*(?:19|20)\d\d)*)")


_Q = r"quý\s+(?:iv|iii|ii|i|[1-4])(?:\s*,\s*(?:iv|iii|ii|i))*\s*(?:năm\s+|/\s*)\d{4}(?:\s*-\s*\d{4})?"
_IN_TEXT = re.compile(
    r"(?:trước|chậm\s+nhất|không\s+quá)\s+ngày\s+\d{1,2}\s*(?:/\s*\d{1,2}(?:\s*/\s*\d{4})?|tháng\s+\d{1,2}\s+năm\s+\d{4})"
    r"|(?:trong|vào|xong|hoàn\s+thành|đến\s+hết|đến|cuối|đầu)\s+(?:" + _Q +
    r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}|năm\s+\d{4}(?:\s*[,\-–]\s*\d{4})*)"
    # an item that opens with its year: "Năm 2025, triển khai …", "Năm 2026 - 2027: …"
    r"|^năm\s+\d{4}(?:\s*[\-–]\s*\d{4})?(?=\s*[,:])"
    r"|(?<!kể\s)từ\s+(?:" + _Q + r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}|năm\s+\d{4})(?!\s*(?:đến|tới)\s+nay)"
    r"|" + _Q + r"|\d{1,2}\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4}"
)


_SENTENCE_END = re.compile(r"[.;](?=\s|$)|\n\s*\n")
# the horizon in a strategy's or a project's title is not a time for the work: "Đề án … đến
# năm 2030, định hướng đến năm 2045", "Quy hoạch … thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
_HORIZON = re.compile(
    r"(?:(?:đến|tới)\s+năm\s+\d{4}|(?:giai\s+đoạn|thời\s+kỳ)\s+\d{4}\s*[-–]\s*\d{4})\s*,?\s*"
    r"(?:tầm\s+nhìn|định\s+hướng)\s+(?:đến|tới)\s+năm\s+\d{4}")
# the day a text to be drafted must take effect: it is due before then ("… sửa đổi, bổ sung
# hoặc ban hành mới và có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2027", "trình … Nghị
# định … để có hiệu lực từ 01 tháng 7 năm 2026"); "các luật có hiệu lực từ …" describes laws
_TAKES_EFFECT = re.compile(
    r"(?:để|và)\s+(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?:ngày\s+)?"
    r"(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})\s*(?:năm\s+|/\s*)((?:19|20)\d\d)")


@dataclass
class Deadline:
    start: str | None
    end: str | None
    recurring: str | None
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "recurring": self.recurring, "text": self.text}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _day_before(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        try:
            d = dt.date(2001, month, day) - dt.timedelta(days=1)  # a year without 29 February
        except ValueError:
            return None
        return f"--{d.month:02d}-{d.day:02d}"
    try:
        return (dt.date(year, month, day) - dt.timedelta(days=1)).isoformat()
    except ValueError:
        return None


class _Reading:
    """One text being read for its dates: each pattern's matches are read, then blanked so
    that a later, looser pattern does not read them again."""

    def __init__(self, s: str):
        self.s = s
        self.starts: list[str | None] = []
        self.ends: list[str | None] = []

    def consume(self, m) -> None:
        self.s = self.s[:m.start()] + " " * (m.end() - m.start()) + self.s[m.end():]

    def since(self, m) -> bool:
        # "Từ quý IV/2027": when the work starts, not when it is due
        return re.search(r"(?<!kể )từ\s*$", self.s[:m.start()]) is not None

    def ahead(self, m) -> bool:
        # "Trước năm 2025", "trước quý III/2024": due before the period opens
        return re.search(r"(?<!\w)trước\s*$", self.s[:m.start()]) is not None

    def quarters(self) -> None:
        for m in list(_QUARTER.finditer(self.s)):
            if not m.group(2):
                continue
            quarters = [_ROMAN[x] for x in re.split(r"\s*(?:,|và|-)\s*", m.group(1))]
            y = int(m.group(2))
            if self.ahead(m):
                self.ends.append(_day_before(y, 3 * min(quarters) - 2, 1))
            elif m.group(3):
                self.ends.append(_iso(int(m.group(3)), 12, 31))
            elif not self.since(m):
                self.ends.append(_iso(y, 3 * max(quarters), _last_day(y, 3 * max(quarters))))
            if not self.ahead(m):
                self.starts.append(_iso(y, 3 * min(quarters) - 2, 1))
            self.consume(m)

    def halves(self) -> None:
        for m in list(_HALF.finditer(self.s)):
            n, y = int(m.group(1)), int(m.group(3))
            if 1 <= n <= 12:
                if m.group(2) == "đầu":
                    self.starts.append(_iso(y, 1, 1))
                    self.ends.append(_iso(y, n, _last_day(y, n)))
                else:
                    self.starts.append(_iso(y, 13 - n, 1))
                    self.ends.append(_iso(y, 12, 31))
            self.consume(m)

    def days_before(self) -> None:
        for m in list(_BEFORE.finditer(self.s)):
            day, month = int(m.group(1)), int(m.group(2))
            year = int(m.group(3)) if m.group(3) else None
            end = _day_before(year, month, day)
            if end:
                self.ends.append(end)
            self.consume(m)

    def days(self) -> None:
        for m in list(_DAY.finditer(self.s)):
            day, month, year = int(m.group(2)), int(m.group(3)), int(m.group(4))
            iso = _iso(year, month, day)
            if iso:
                (self.starts if m.group(1) == "từ" else self.ends).append(iso)
            self.consume(m)

    def months(self) -> None:
        for m in list(_MONTH.finditer(self.s)):
            month, year = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12 and self.ahead(m):
                self.ends.append(_day_before(year, month, 1))
            elif 1 <= month <= 12:
                self.starts.append(_iso(year, month, 1))
                if not self.since(m):
                    self.ends.append(_iso(year, month, _last_day(year, month)))
            self.consume(m)

    def periods(self) -> None:
        for m in list(_PERIOD.finditer(self.s)):
            a, b = int(m.group(1)), int(m.group(2))
            self.starts.append(_iso(a, 1, 1))
            self.ends.append(_iso(b, 12, 31))
            self.consume(m)

    def years(self) -> None:
        for m in list(_YEARS.finditer(self.s)):
            years = [int(y) for y in re.findall(r"\d{4}", m.group(1))]
            if self.ahead(m):
                self.ends.append(_day_before(min(years), 1, 1))
                self.consume(m)
                continue
            self.starts.append(_iso(min(years), 1, 1))
            if not self.since(m):
                self.ends.append(_iso(max(years), 12, 31))
            self.consume(m)


class DeadlineParser:
    def __init__(self, grammar):
        raw = grammar.raw["deadlines"]
        self.labels = re.compile(
            # at a line's start after a bullet ("-", "+", "*"), or after a dash within a line
            # that a copy flattened ("… và địa phương -Thời gian thực hiện: …")
            r"(?:(?:^|\n)[ \t]*[-+•*]?|[ \t][-–])[ \t]*(?:" + "|".join(phrase_pattern(p) for p in sorted(raw["labels"], key=len, reverse=True))
            + r")\s*:\s*", re.IGNORECASE)
        self.recurring = [(kind, re.compile(r"(?<!\w)(?:" + "|".join(phrase_pattern(w) for w in words) + r")(?!\w)"))
                          for kind, words in raw["recurring"].items()]
        self.noun_before = re.compile(
            r"(?<!\w)(?:" + "|".join(phrase_pattern(w) for w in raw["nouns_before_recurring"]) + r")(?!\w)")
        self.noun_right_before = re.compile(
            r"(?<!\w)(?:" + "|".join(phrase_pattern(w) for w in raw["nouns_right_before_recurring"]) + r")\s+$")
        self.open_ended = re.compile(r"(?<!\w)(?:" + "|".join(phrase_pattern(p) for p in raw["open_ended"]) + r")(?!\w)")
        self.undated = re.compile(r"(?<!\w)(?:" + "|".join(phrase_pattern(p) for p in raw["undated"]) + r")(?!\w)")
        self.verb_after = re.compile(
            r"\s+(?:" + "|".join(phrase_pattern(w) for w in raw["verbs_after_recurring"]) + r")(?!\w)")
        # a recurrence word listed after another ("hoạt động thường xuyên, liên tục")
        self._listed_after = re.compile(
            r"(?<!\w)(?:" + "|".join(phrase_pattern(w) for _, words in raw["recurring"].items() for w in words)
            + r")\s*(?:,|và)\s*$")
        # a time bound to an event, with no date: "ngay sau khi Nghị quyết … được ban hành",
        # "ngay đầu năm học 2026 - 2027"
        self.event = re.compile(
            r"(?<!\w)(?:" + "|".join(phrase_pattern(p) for p in raw["event_times"]) + r")\s+[^,;.:()]{3,80}")

    def parse(self, text: str) -> Deadline | None:
        """The deadline a piece of text states, or None if it states none."""
        printed = " ".join(text.split()).strip(" .;,")
        r = _Reading(printed.lower())
        # "Thường xuyên hằng năm" is continuous work, "hằng năm, thường xuyên" yearly work:
        # the cue stated first says what the time is
        cues = [(m.start(), kind) for kind, pattern in self.recurring if (m := pattern.search(r.s))]
        recurring = min(cues)[1] if cues else None
        r.s = _SPELT_DATE.sub(lambda m: f"{m.group(1)}/{m.group(2)}/{m.group(3)}", r.s)
        r.s = _SPELT_DAY.sub(lambda m: f"ngày {m.group(1)}/{m.group(2)}", r.s)
        r.quarters()
        r.halves()
        r.days_before()
        r.days()
        r.months()
        r.periods()
        r.years()
        starts = [x for x in r.starts if x]
        ends = [x for x in r.ends if x]
        if not starts and not ends and recurring is None and not self.undated.search(r.s):
            return None
        if self.open_ended.search(r.s):
            ends = []  # "Năm 2026 và các năm tiếp theo": no last day
        dated_ends = [e for e in ends if not e.startswith("--")]
        end = max(dated_ends) if dated_ends else (ends[0] if ends else None)
        start = min(starts) if starts else None
        if start and end and not end.startswith("--") and start > end:
            start = None
        return Deadline(start=start, end=end, recurring=recurring, text=printed)

    def parse_label(self, text: str) -> Deadline:
        """The time a "Thời gian thực hiện:" line gives: up to the end of its sentence, and
        kept as printed even when it names no date ("sau khi dịch bệnh được kiểm soát")."""
        m = _SENTENCE_END.search(text)
        if m:
            text = text[:m.start()]
        printed = " ".join(text.split()).strip(" .;,")
        return self.parse(printed) or Deadline(start=None, end=None, recurring=None, text=printed)

    def parse_in_text(self, text: str) -> Deadline | None:
        """The deadline in running text, from explicit time phrases only ("trước ngày
        02/7/2025", "trong quý III năm 2024", "vào năm 2025", "hàng năm"): the dates of cited
        instruments ("Quyết định số 916/QĐ-TTg ngày 27/8/2024") are not deadlines."""
        lowered = text.lower()
        if "nhìn" in lowered or "hướng" in lowered:
            lowered = _HORIZON.sub(lambda m: " " * len(m.group(0)), lowered)
        effect = _TAKES_EFFECT.search(lowered) if "hiệu" in lowered else None
        if effect is not None:
            # read as the day before that day; the words kept as printed
            lowered = lowered[:effect.start()] + " " * (effect.end() - effect.start()) + lowered[effect.end():]
        phrases = [m.group(0) for m in _IN_TEXT.finditer(lowered)]
        phrases += [m.group(0) for _, pattern in self.recurring for m in pattern.finditer(lowered)
                    if not self._qualifies_noun(lowered, m.start(), m.end())]
        if effect is not None:
            d, mo, y = effect.groups()
            found = self.parse("; ".join(phrases + [f"trước ngày {d}/{mo}/{y}"]))
            printed = "; ".join(phrases + [" ".join(text[effect.start():effect.end()].split())])
            return Deadline(start=found.start, end=found.end, recurring=found.recurring, text=printed)
        if not phrases:
            event = self.event.search(lowered) if "ngay" in lowered else None
            if event is None:
                return None
            return Deadline(start=None, end=None, recurring=None,
                            text=" ".join(text[event.start():event.end()].split()))
        return self.parse("; ".join(phrases))

    def _qualifies_noun(self, lowered: str, pos: int, end: int | None = None) -> bool:
        """'kế hoạch phát triển kinh tế - xã hội hằng năm', 'đối tượng trợ giúp thường
        xuyên': the recurrence word describes a thing, not when the work is done; so does
        one before a verb of undergoing ("vùng thường xuyên bị ảnh hưởng thiên tai") and one
        listed after such a word ("duy trì hoạt động thường xuyên, liên tục")."""
        if end is not None and self.verb_after.match(lowered, end):
            return True
        before = lowered[max(0, pos - 60):pos]
        if self.noun_right_before.search(before[-40:]):
            return True  # "tiết kiệm chi thường xuyên": recurrent spending
        listed = self._listed_after.search(before)
        if listed is not None and self._qualifies_noun(lowered, pos - len(before) + listed.start()):
            return True
        before = re.split(r"[,;:.()]", before)[-1]
        if re.search(r"định\s+kỳ\s*$", before):
            return False
        words = [w for w in before.split() if w not in "-–"][-10:]
        return self.noun_before.search(" ".join(words)) is not None

    def label_at(self, text: str):
        """The 'Thời gian thực hiện:' label in a block of text, if any (a match)."""
        return self.labels.search(text)
