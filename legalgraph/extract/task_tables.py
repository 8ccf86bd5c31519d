"""Assignment tables: the rows of "Danh mục nhiệm vụ" tables, each a task with its lead,
support and time columns.

Two forms reach this module:

* ``|`` rows, one per line — how the DOCX and HTML readers write a data table
  ("1 | Rà soát văn bản | Sở Tư pháp | Các sở, ngành | Quý II/2026"); the header row names
  the columns ("Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành").
* text converted from PDF, where a table comes out one cell per line and a long cell over
  several lines: a header of short lines ("STT", "Tên nhiệm vụ", "Cơ quan", "chủ trì", …,
  "Thời gian hoàn", "thành"), then each row from its number ("7.") to the next, the header
  printed again on every page. The cells of a row are told apart by how cells begin: the
  lead cell opens with the first body after the task's words; a later cell opens with a
  capital on a new line unless the line before ends in a comma or in a word that cannot end
  a cell ("trình", "của", "và"); the time cell is the row's last lines that read as a time.

The column names are data (``[tables]`` in data/grammar/roles.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from legalgraph.grammar import phrase_pattern


@dataclass
class Row:
    number: str
    start: int  # the task's words (the content cell)
    end: int
    cells: dict = field(default_factory=dict)  # column -> (start, end) in the text
    pieces: list = field(default_factory=list)  # the task cell's spans (it may run over a page break)
    subs: list = field(default_factory=list)  # "-" sub-rows with cells of their own
    topic: str | None = None  # the section row ("II. Hoàn thiện thể chế …") above it


@dataclass
class Table:
    start: int
    end: int
    columns: list
    rows: list


_ROW_NUMBER = re.compile(r"^[ \t]*(\d{1,3}(?:\.\d{1,3})*)(?:\.(?=\s|$)|[ \t]*$)")


def _follows(number: tuple, last: tuple) -> bool:
    """Can row ``number`` come after row ``last``: the next at some level ("1.2" after
    "1.1", "2" after "1.3") or the first below it ("1.1" after "1")."""
    if number == last + (1,):
        return True
    return any(number == last[:k] + (last[k] + 1,) for k in range(len(last)))
# the first of a cell's numbered bodies: "(1) Bộ Tư pháp"
_LISTED = re.compile(r"[ \t]*\(1\)[ \t]+\S")
# a section row: "II. Hoàn thiện thể chế …", or the numeral alone with its words below
_SECTION_ROW = re.compile(r"(?m)^[ \t]*[IVX]{1,4}(?:\.[ \t]+\S[^\n]*|\.?[ \t]*$)")
# a section row whose numeral the PDF left on the line of its words, with no dot: "IV Huy
# động và sử dụng hiệu quả nguồn lực …" (read only as the numeral after the last section's)
_BARE_SECTION_ROW = re.compile(r"[ \t]*([IVX]{1,4})[ \t]+(?=[^\W\d_])")
_NUMERAL = re.compile(r"[ \t]*([IVX]{1,4})")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int:
    """The value of a roman numeral ("IV" -> 4)."""
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


class TableReader:
    """``parse_time(text)``: the deadline a cell states, or None."""

    def __init__(self, grammar, parse_time):
        self.parse_time = parse_time
        raw = grammar.raw["roles"]["tables"]
        self.column_words = {col: [w.lower() for w in words] for col, words in raw["columns"].items()}
        words = sorted((w for ws in self.column_words.values() for w in ws), key=len, reverse=True)
        alternatives = "|".join(phrase_pattern(w) for w in words)
        self._column_word = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
        self._continues = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in raw["words_that_do_not_end_a_cell"]) + r")\s*$", re.IGNORECASE)
        # from the line break before it: a literal first character is fast to scan for
        self._time_opener = re.compile(
            r"(?:" + "|".join(phrase_pattern(w) for w in raw["time_cell_openers"]) + r")(?!\w)", re.IGNORECASE)
        self._header_start = re.compile(r"\n[ \t]*(?:STT|TT|Số[ \t]+TT)[ \t]*(?=\n|$)")

    # -- header ----------------------------------------------------------------------

    def columns(self, header: str) -> list[str]:
        """The columns a header names, in order: content, lead, support, result, time."""
        low = " ".join(header.lower().split())
        found = []
        for m in self._column_word.finditer(low):
            col = next(c for c, words in self.column_words.items() if " ".join(m.group(0).split()) in words)
            if not found or found[-1] != col:
                found.append(col)
        out = []
        for col in found:
            if col not in out:
                out.append(col)
        return out

    # -- text from PDF -----------------------------------------------------------------

    def pdf_tables(self, text: str, clean: str, lo: int, hi: int, starts_body) -> list[Table]:
        """Tables whose header is a run of short lines opening with "STT" or "TT"."""
        out = []
        pos = max(0, lo - 1)
        while (m := self._header_start.search(clean, pos, hi)) is not None:
            line_start = m.start() + 1
            header_end, columns = self._header(clean, line_start, hi)
            pos = m.end()
            if header_end is None or "lead" not in columns or "content" not in columns:
                continue
            header_text = clean[line_start:header_end]
            if columns.index("lead") < columns.index("content"):
                table = self._grouped_rows(text, clean, header_end, hi, columns, header_text, starts_body)
            else:
                table = self._pdf_rows(text, clean, header_end, hi, columns, header_text, starts_body)
            if table.rows:
                out.append(table)
                pos = table.end
        return out

    def _header(self, clean, start, hi):
        """Where the header that opens at ``start`` ends, and its columns."""
        pos = clean.find("\n", start, hi)
        if pos < 0:
            return None, []
        lines = 0
        words_end = None  # where the column names end, once a line that is not one is seen
        names_end = pos
        while lines < 16:
            nxt = clean.find("\n", pos + 1, hi)
            nxt = hi if nxt < 0 else nxt
            line = clean[pos + 1:nxt].strip()
            if _ROW_NUMBER.match(clean[pos + 1:nxt]) or _SECTION_ROW.match(clean, pos + 1, nxt):
                break
            if words_end is None and line:
                if line[:1].isupper() and not self._names_columns(line):
                    words_end = names_end
                else:
                    names_end = nxt
            if len(line) > 40:
                # no row number closes the header: a table grouped by its lead, whose
                # numbers stand among the rows, starts where the column names end
                if words_end is not None:
                    columns = self.columns(clean[start:words_end])
                    if "lead" in columns and "content" in columns and columns.index("lead") < columns.index("content"):
                        return words_end, columns
                return None, []
            pos = nxt
            lines += 1
            if nxt >= hi:
                break
        return pos, self.columns(clean[start:pos])

    def _names_columns(self, line: str) -> bool:
        """The line is column names only ("Đơn vị phối hợp", "Thời gian")."""
        low = " ".join(line.lower().split())
        return low in ("stt", "tt") or self._column_word.sub("", low).strip(" ,/") == ""

    def _pdf_rows(self, text, clean, start, hi, columns, header_text, starts_body) -> Table:
        header_words = " ".join(header_text.split())
        rows: list[Row] = []
        marks = []
        last: tuple = ()
        topic = None
        section = 0  # the value of the last section row's numeral
        restart = False
        previous = ""
        for m in re.finditer(r"(?m)^[^\n]*$", clean[start:hi]):
            a = start + m.start()
            line = m.group(0)
            # a row number alone on its line is blanked in the clean view (as page numbers
            # are): read it in the text, unless it is the page number under a page header
            printed = text[a:a + len(line)]
            num = _ROW_NUMBER.match(line) or (
                _ROW_NUMBER.match(printed) if not line.strip() and not previous.startswith("CÔNG BÁO") else None)
            if printed.strip():
                previous = printed.strip()
            number = tuple(int(x) for x in num.group(1).split(".")) if num else None
            if number and (_follows(number, last) or (restart and number == (1,))):
                # under a section row the numbers may start again ("II" then "1", "2", …)
                marks.append(("row", a, a + num.end(), num.group(1), topic))
                last, restart = number, False
            elif _SECTION_ROW.match(line) or self._next_section(line, section):
                section = _roman(_NUMERAL.match(line).group(1))
                topic = " ".join(line.split())
                marks.append(("topic", a, a + len(line), None, topic))
                restart = bool(last)
            elif not marks and line.strip():
                break  # not a row after the header: not a task table
        if not marks:
            return Table(start, start, columns, [])
        end = self._table_end(clean, marks[-1][2], hi)
        numbered_topics: dict[str, str] = {}  # "1" -> "Rà soát, hoàn thiện thể chế" over "1.1", "1.2"
        for i, (kind, a, b, number, tp) in enumerate(marks):
            if kind != "row":
                continue
            row_end = marks[i + 1][1] if i + 1 < len(marks) else end
            if i + 1 < len(marks) and (marks[i + 1][3] or "").startswith(number + "."):
                numbered_topics[number] = " ".join(clean[b:row_end].split())
                continue
            row = self._pdf_row(clean, b, row_end, columns, header_words, starts_body)
            if row is not None:
                parts = number.split(".")
                above = (".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1))
                row.number, row.topic = number, next((numbered_topics[p] for p in above if p in numbered_topics), tp)
                rows.append(row)
        return Table(start, end, columns, rows)

    @staticmethod
    def _next_section(line: str, section: int) -> bool:
        """A section row with no dot after its numeral ("IV Huy động …"), numbered after
        the last section row read."""
        bare = _BARE_SECTION_ROW.match(line) if section else None
        return bare is not None and _roman(bare.group(1)) == section + 1 and line[bare.end():][:1].isupper()

    @staticmethod
    def _table_end(clean, pos, hi):
        """The last row runs to the signature, the recipients, a heading in capitals, or
        the end."""
        for m in re.finditer(r"(?m)^[ \t]*(\S[^\n]*)$", clean[pos:hi]):
            line = m.group(1).strip()
            if re.match(r"N[oơ]i\s+nhận|KT\.|TM\.|Q\.|Phụ\s+lục\s+[IVX\d]+\s*$", line) or (sum(c.isalpha() for c in line) >= 10 and line.isupper()):
                return pos + m.start()
        return hi

    # -- tables grouped by their lead ---------------------------------------------------

    def _grouped_rows(self, text, clean, start, hi, columns, header_text, starts_body) -> Table:
        """A table whose lead column comes first, one merged cell over each group of rows
        ("STT | Đơn vị | Nhiệm vụ chủ trì | Đơn vị phối hợp | Thời gian"): the rows carry no
        numbers, the group's number and lead are printed once, among its rows."""
        end = self._table_end(clean, start, hi)
        items = self._grouped_items(text, clean, start, end, header_text)
        lines = [(a, b) for kind, a, b, _ in items if kind == "line"]
        if not lines or not any(kind == "group" for kind, *_ in items):
            return Table(start, start, columns, [])
        width = max(b - a for a, b in lines)
        # items -> groups (number, lead span), rows (lines, page), in order
        seq: list[tuple] = []
        page = 0
        pending: list = []

        def flush():
            for row_lines, time_lines in self._split_rows(clean, pending, width, starts_body):
                seq.append(("row", self._grouped_row(clean, row_lines, time_lines, width, starts_body), page))
            pending.clear()

        k = 0
        while k < len(items):
            kind, a, b, number = items[k]
            if kind == "page":
                flush()
                page += 1
            elif kind == "group":
                flush()
                lead_lines = []
                k += 1
                while k < len(items) and items[k][0] == "line" and (
                        not lead_lines or self._in_lead_cell(clean, lead_lines, items[k][1:3], width, starts_body)):
                    lead_lines.append(items[k][1:3])
                    k += 1
                if lead_lines:
                    seq.append(("group", number, (lead_lines[0][0], lead_lines[-1][1]), page))
                continue
            else:
                pending.append((a, b))
            k += 1
        flush()
        rows = self._assign_groups(clean, seq)
        return Table(start, end, columns, rows)

    def _grouped_items(self, text, clean, start, end, header_text):
        """The table's lines as ("line", a, b), its group numbers as ("group", a, b, "3") and
        its page breaks as ("page", …): the gazette's page header, or the column header
        printed again."""
        header_words = " ".join(header_text.split())
        first_word = header_words.split()[0]
        items: list[tuple] = []
        spans = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]*", clean[start:end])]
        last_group = 0
        i = 0
        while i < len(spans):
            a, b = spans[i]
            line = clean[a:b].strip()
            printed = text[a:b].strip()
            if not line:
                num = _ROW_NUMBER.match(printed)
                if printed.startswith("CÔNG BÁO"):
                    if items and items[-1][0] != "page":
                        items.append(("page", a, b, None))
                elif num and num.group(1) == str(last_group + 1):
                    last_group += 1
                    items.append(("group", a, b, num.group(1)))
                i += 1
                continue
            if line == first_word:
                j = _header_again(clean, spans, i, header_words)
                if j is not None:
                    if items and items[-1][0] != "page":
                        items.append(("page", a, b, None))
                    i = j
                    continue
            num = _ROW_NUMBER.match(line)
            if num and num.group(1) == str(last_group + 1) and not line[num.end():].strip():
                last_group += 1
                items.append(("group", a, b, num.group(1)))
            else:
                lead = len(clean[a:b]) - len(clean[a:b].lstrip())
                items.append(("line", a + lead, a + lead + len(line), None))
            i += 1
        return items

    def _in_lead_cell(self, clean, lead_lines, line, width, starts_body) -> bool:
        """Does ``line`` go on with the lead cell above it: it continues the words, or it
        is as narrow as the lead column ("Hòa Bình, Cần" / "Thơ, Lâm Đồng")."""
        previous = clean[lead_lines[-1][0]:lead_lines[-1][1]]
        this = clean[line[0]:line[1]]
        if self._continues_cell(previous, this) or starts_body.inside(line[0]):
            return True
        return len(this) <= 0.45 * width and not starts_body(line[0])

    def _split_rows(self, clean, lines, width, starts_body) -> list[tuple[list, list]]:
        """Rows of uninterrupted lines, each (its task and support lines, its time lines):
        a row ends with its time cell, a narrow line that reads as a time (or opens as one,
        "Theo lộ trình …") and the lines that go on with it."""
        rows, current = [], []
        i = 0
        while i < len(lines):
            if current and self._opens_time(clean, lines, i, width, starts_body):
                k = i + 1
                while k < len(lines) and (self._continues_cell(clean[lines[k - 1][0]:lines[k - 1][1]],
                                                               clean[lines[k][0]:lines[k][1]])
                                          or starts_body.inside(lines[k][0])):
                    k += 1
                rows.append((current, lines[i:k]))
                current = []
                i = k
                continue
            current.append(lines[i])
            i += 1
        if current:
            rows.append((current, []))
        return rows

    def _opens_time(self, clean, lines, i, width, starts_body) -> bool:
        this = clean[lines[i][0]:lines[i][1]]
        previous = clean[lines[i - 1][0]:lines[i - 1][1]]
        if not this[:1].isupper() or len(this) > 0.6 * width or starts_body(lines[i][0]) \
                or self._continues_cell(previous, this):
            return False
        k = i + 1
        while k < len(lines) and not clean[lines[k][0]:lines[k][0] + 1].isupper():
            k += 1
        cell = " ".join(clean[a:b] for a, b in lines[i:k])
        return self.parse_time(cell) is not None or self._time_opener.match(cell) is not None

    def _grouped_row(self, clean, lines, time_lines, width, starts_body) -> Row:
        """One row of a grouped table: the task's words, then its support cell; the lead
        comes from the group."""
        listed = next((i for i in range(1, len(lines)) if _LISTED.match(clean, lines[i][0])), None)
        if listed is not None:
            # "(1) Bộ Tư pháp / (2) Văn phòng Chính phủ": the support cell lists its bodies
            row = Row(number="", start=lines[0][0], end=lines[listed - 1][1])
            row.pieces = [(row.start, row.end)]
            close = next((i for i in range(listed + 1, len(lines))
                          if not self._continues_cell(clean[lines[i - 1][0]:lines[i - 1][1]], clean[lines[i][0]:lines[i][1]])
                          and not starts_body.inside(lines[i][0])), len(lines))
            spans = [(lines[listed][0], lines[close - 1][1])] + ([(lines[close][0], lines[-1][1])]
                                                                 if close < len(lines) else [])
        else:
            # the cells after the task's words, as read for a table whose first such cell is the lead
            row = self._cells(clean, lines, [], width, ["support"], starts_body)
            spans = sorted(row.cells[c] for c in ("lead", "support") if c in row.cells)
        row.cells = {"support": spans[0]} if spans else {}
        if time_lines:
            row.cells["time"] = (time_lines[0][0], time_lines[-1][1])
        elif len(spans) > 1:
            row.cells["time"] = spans[1]  # a time cell that names no date ("Bộ Công an xây dựng kế hoạch")
        return row

    @staticmethod
    def _assign_groups(clean, seq) -> list[Row]:
        """Each row's group. A merged cell's words are printed with one of its rows: with
        the first, when the first group's number comes before any row; otherwise with the
        last row the cell spans on the first page it is on (how these gazette tables come
        out of the PDF). Then the rows before a group's number on its own page are its own,
        except at the top of a page, where the group above may go on: it goes on until a
        row whose support cell names that group's lead."""
        groups = [(i, item) for i, item in enumerate(seq) if item[0] == "group"]
        if not groups:
            return []
        rows_out: list[Row] = []
        owner: dict[int, int] = {}  # index in seq -> index in groups
        if all(item[0] != "row" for item in seq[:groups[0][0]]):  # the first number opens the table
            g = -1
            for i, item in enumerate(seq):
                if item[0] == "group":
                    g += 1
                elif g >= 0:
                    owner[i] = g
        else:
            marker_rows = []  # the row printed with each group's number
            for gi, (i, _) in enumerate(groups):
                j = next((x for x in range(i + 1, len(seq)) if seq[x][0] != "group"), None)
                if j is not None and seq[j][0] == "row":
                    owner[j] = gi
                marker_rows.append(j)
            for i, item in enumerate(seq):
                if item[0] != "row" or i in owner:
                    continue
                after = next((gi for gi, (gpos, _) in enumerate(groups) if gpos > i), None)
                before = after - 1 if after is not None else len(groups) - 1
                if after is None:
                    owner[i] = before  # after the last group's number: its rows go on
                    continue
                if before < 0:
                    owner[i] = after
                    continue
                prev_row, page, next_page = marker_rows[before], item[2], groups[after][1][3]
                if page < next_page:
                    owner[i] = before  # a page before the next group's number: the group above goes on
                    continue
                if prev_row is not None and seq[prev_row][2] == page:
                    owner[i] = after  # after the group above ended on this page
                    continue
                # the top of the page that holds the next group's number
                lead = groups[before][1][2]
                lead_text = " ".join(clean[lead[0]:lead[1]].split())
                support = item[1].cells.get("support")
                named = support is not None and lead_text in " ".join(clean[support[0]:support[1]].split())
                # once a row there went to the next group, the rows after it do too
                owner[i] = after if named or any(owner.get(x) == after for x in range(i)) else before
        counts: dict[int, int] = {}
        for i, item in enumerate(seq):
            if item[0] != "row" or i not in owner:
                continue
            gi = owner[i]
            _, number, lead, _ = groups[gi][1]
            counts[gi] = counts.get(gi, 0) + 1
            row = item[1]
            row.number = f"{number}.{counts[gi]}"
            row.cells = {"lead": lead, **row.cells}
            rows_out.append(row)
        rows_out.sort(key=lambda r: r.start)
        return rows_out

    def _parts(self, clean, start, end, header_words):
        """The non-blank lines of a row, (start, end) each, in parts: a row that runs on
        over a page break goes on after the column header printed again there."""
        spans = []
        for m in re.finditer(r"[^\n]+", clean[start:end]):
            if m.group(0).strip():
                a = start + m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                spans.append((a, start + m.start() + len(m.group(0).rstrip())))
        parts, i = [[]], 0
        while i < len(spans):
            if clean[spans[i][0]:spans[i][1]] in ("STT", "TT"):
                j = _header_again(clean, spans, i, header_words)
                if j is not None:
                    parts.append([])
                    i = j
                    continue
            parts[-1].append(spans[i])
            i += 1
        return [p for p in parts if p]

    def _pdf_row(self, clean, start, end, columns, header_words, starts_body) -> Row | None:
        parts = self._parts(clean, start, end, header_words)
        parts = _without_note(clean, parts)
        if not parts:
            return None
        width = max(len(t) for p in parts for t in (clean[a:b] for a, b in p))
        after = columns[columns.index("content") + 1:]
        # "-" sub-rows with cells of their own ("- Công trình giao thông. | Bộ Xây dựng")
        groups = _sub_rows(clean, parts[0])
        row = self._cells(clean, groups[0], parts[1:], width, after, starts_body)
        for group in groups[1:]:
            sub = self._cells(clean, group, [], width, after, starts_body)
            row.subs.append(sub)
        if row.subs and not any("lead" in sub.cells for sub in row.subs):
            # bullets of the task's own words, no cells of their own: one task
            row = self._cells(clean, parts[0], parts[1:], width, after, starts_body)
        return row

    def _cells(self, clean, lines, more, width, after, starts_body) -> Row:
        """The cells of one row's lines; ``more``: the parts after a page break."""
        texts = [clean[a:b] for a, b in lines]
        parts = [lines, *more]

        def opens_cell(i):
            narrow = len(texts[i]) <= 0.6 * width
            if starts_body.inside(lines[i][0]):
                return False
            if self._continues_cell(texts[i - 1], texts[i]):
                # "… các bệnh lý nhẹ," then "Bộ Y tế, Sở Y tế": a body on a narrow line
                # under a full one opens the lead cell even after a comma
                return narrow and len(texts[i - 1]) > 0.6 * width and starts_body(lines[i][0]) \
                    and texts[i][:1].isupper()
            if starts_body(lines[i][0]):
                return True
            if narrow and texts[i].rstrip().endswith(".") and i + 1 < len(lines) and starts_body(lines[i + 1][0]):
                return False  # "… doanh nghiệp công nghệ số / Việt Nam." ends the task's words
            return narrow

        # the time cell: the fewest last lines, opening with a capital, that read as a time
        time_from = len(lines)
        if after and after[-1] == "time":
            for k in range(1, min(4, len(lines) - 1) + 1):
                joined = " ".join(texts[-k:])
                if joined[:1].isupper() and len(joined) <= 80 and self.parse_time(joined):
                    time_from = len(lines) - k
                    break
        # the lead cell: the first cell after the task's words, or a body closing their
        # last line ("… theo lộ trình phù hợp Bộ Y tế": the PDF put the two cells on one line)
        first = None
        for i in range(time_from):
            if i >= 1 and opens_cell(i):
                first = i
                break
            a, b = lines[i]
            tail = starts_body.tail(a, b)
            # (a cell opens with a capital: "… theo nhu cầu các bộ, ngành và địa phương." ends
            # the task's words)
            if tail is not None and tail > a and clean[tail:tail + 1].isupper() \
                    and (i + 1 >= time_from or texts[i + 1][:1].isupper()) \
                    and not self._continues.search(clean[a:tail]):
                lines = lines[:i] + [(a, tail), (tail, b)] + lines[i + 1:]
                texts = [clean[x:y] for x, y in lines]
                time_from += 1
                first = i + 1
                break
        row = Row(number="", start=lines[0][0], end=lines[(first or time_from) - 1][1])
        row.pieces = [(row.start, row.end)]
        if time_from < len(lines):
            row.cells["time"] = (lines[time_from][0], lines[-1][1])
        # the task's words go on after a page break, before the other cells go on
        for part in parts[1:]:
            ptexts = [clean[a:b] for a, b in part]
            n = 1
            while n < len(part) and (self._continues_cell(ptexts[n - 1], ptexts[n]) and not starts_body(part[n][0])):
                n += 1
            if not ptexts[0][:1].isupper() or ptexts[0][:1] in "-+•":
                row.pieces.append((part[0][0], part[n - 1][1]))
        if first is None:
            return row
        cells = []  # [start_line, end_line)
        begin = first
        for i in range(first + 1, time_from):
            if not self._continues_cell(texts[i - 1], texts[i]) and not starts_body.inside(lines[i][0]) \
                    and not (texts[i - 1].rstrip().endswith(";") and starts_body(lines[i][0])):
                # "Trung ương;" then "Bộ Ngoại giao;": a list of bodies goes on after ";"
                cells.append((begin, i))
                begin = i
        cells.append((begin, time_from))
        names = [c for c in after if c != "time"]
        spans = [(lines[a][0], lines[b - 1][1]) for a, b in cells if b > a]
        row.cells["lead"] = spans[0]
        rest = spans[1:]
        if "support" in names and rest:
            # a support cell names bodies ("Các cơ quan, tổ chức …" or a ministry); a result does not
            if starts_body(rest[0][0]) or re.match(r"(?i)các\s", clean[rest[0][0]:rest[0][1]]) \
                    or len(rest) >= len(names) - 1:
                row.cells["support"] = rest[0]
        return row

    def _continues_cell(self, previous: str, line: str) -> bool:
        """The line goes on with the cell above: it opens in lower case, or the line above
        ends in a comma or in a word that cannot end a cell."""
        p = previous.rstrip()
        # "Các Bộ:" then "NN&MT, Xây dựng, …": a cell does not end with a colon
        return not line[:1].isupper() or p.endswith((",", "-", "/", "(", ":")) or self._continues.search(p) is not None

    # -- " | " rows -------------------------------------------------------------------

    def pipe_tables(self, text: str, lo: int, hi: int) -> list[Table]:
        """Tables of " | " rows whose header names a lead column."""
        out = []
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", text[lo:hi])]
        lines = [(lo + a, lo + b) for a, b in lines]
        i = 0
        while i < len(lines):
            a, b = lines[i]
            cells = _split_pipe(text, a, b)
            if len(cells) >= 3:
                columns = [self._cell_column(text[x:y]) for x, y in cells]
                if "lead" in columns and "content" in columns:
                    table = Table(a, b, columns, [])
                    j = i + 1
                    topic = None
                    while j < len(lines):
                        ra, rb = lines[j]
                        row_cells = _split_pipe(text, ra, rb)
                        if len(row_cells) < 2:
                            if text[ra:rb].strip():
                                break
                            j += 1
                            continue
                        row = self._pipe_row(text, row_cells, columns)
                        if row is None:
                            topic = " ".join(text[row_cells[-1][0]:row_cells[-1][1]].split()) or topic
                        else:
                            row.topic = topic
                            table.rows.append(row)
                        table.end = rb
                        j += 1
                    if table.rows:
                        out.append(table)
                    i = j
                    continue
            i += 1
        return out

    def _cell_column(self, cell: str) -> str | None:
        cols = self.columns(cell)
        if not cols:
            return None
        # "Cơ quan chủ trì" names the lead, whatever other word it holds
        for col in ("lead", "support", "time", "result", "number"):
            if col in cols:
                return col
        return cols[0]

    @staticmethod
    def _pipe_row(text, cells, columns) -> Row | None:
        by_col = {}
        for col, span in zip(columns, cells):
            if col and text[span[0]:span[1]].strip():
                by_col[col] = span
        content = by_col.get("content")
        if content is None:
            return None
        filled = [c for c in by_col if c not in ("number",)]
        if filled == ["content"] and len(cells) <= 2:
            return None  # a section row spanning the table
        number = text[cells[0][0]:cells[0][1]].strip() if columns and columns[0] == "number" else ""
        row = Row(number=number, start=content[0], end=content[1], pieces=[content])
        for col in ("lead", "support", "time"):
            if col in by_col:
                row.cells[col] = by_col[col]
        return row



def _header_again(clean, spans, i, header_words: str) -> int | None:
    """The column header printed again from line ``i`` (on a new page): the index of the
    line after it, or None when the lines there are not the header."""
    j, acc = i, []
    while j < len(spans) and len(" ".join(acc)) < len(header_words):
        piece = clean[spans[j][0]:spans[j][1]].strip()
        if piece:
            acc.append(piece)
        j += 1
    return j if " ".join(acc) == header_words else None


def _without_note(clean, parts) -> list:
    """A row's parts without a note printed across the table under it ("Các bộ, cơ quan, địa
    phương trong đó mô tả các hoạt động của dự án, …" after the row's time cell): from the
    first line, after the row's first, at least twice as wide as its first lines."""
    first = parts[0] if parts else []
    if len(first) < 2:
        return parts
    lead_width = max(b - a for a, b in first[:3])
    for p_i, part in enumerate(parts):
        for i, (a, b) in enumerate(part):
            if (p_i or i >= 3) and b - a > max(60, 2 * lead_width):
                cut = part[:i]
                return parts[:p_i] + ([cut] if cut else [])
    return parts


def _sub_rows(clean, lines) -> list[list]:
    """A row's lines in groups: its own, then each "-" sub-row (a dash opening a line after
    a sentence's end, or alone on its line)."""
    groups = [[]]
    for i, (a, b) in enumerate(lines):
        line = clean[a:b]
        if i and (line == "-" or (line.startswith("- ") and clean[lines[i - 1][0]:lines[i - 1][1]].rstrip().endswith((".", ":", ";")))):
            groups.append([])
        groups[-1].append((a, b))
    return [g for g in groups if g]


def _split_pipe(text, a, b) -> list[tuple[int, int]]:
    """(start, end) of each cell of a " | " row, white space trimmed."""
    if " | " not in text[a:b]:
        return []
    out = []
    pos = a
    for m in re.finditer(r" \| ", text[a:b]):
        out.append((pos, a + m.start()))
        pos = a + m.end()
    out.append((pos, b))
    trimmed = []
    for x, y in out:
        seg = text[x:y]
        x2 = x + len(seg) - len(seg.lstrip())
        y2 = y - (len(seg) - len(seg.rstrip()))
        trimmed.append((x2, max(x2, y2)))
    return trimmed
