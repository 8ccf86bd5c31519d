"""Tasks: the items a plan assigns, with the bodies given them and when they are due.

A plan's work is its numbered and lettered items — ``I.``, ``1.``, ``3.1.``, ``a)``,
``-``, ``+`` — after the preamble and before "Nơi nhận". Each item is a task, except:

* a heading that is only a body ("1. Sở Tư pháp", "c) Sở Thông tin và Truyền thông:"):
  the items under it are that body's tasks (it leads them);
* an attribute line ("+ Cơ quan chủ trì: Sở Tư pháp.", "- Cơ quan phối hợp: ...",
  "Thời gian thực hiện: Hàng năm."): it belongs to the task before it;
* section headings in capitals ("II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU").

A "Thời gian thực hiện" line at the end of a run of bullets applies to every bullet of the
run that has no time of its own (the Bến Tre layout). A text without items (a news summary)
has a task in each sentence that gives a body a role or states a time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from legalgraph.extract.bodies import ROLE_ORDER, BodyMention, body_id
from legalgraph.extract.deadlines import Deadline, DeadlineParser
from legalgraph.extract.task_tables import TableReader

_MARKER = re.compile(
    r"(?m)^[ \t]*(?:(?P<roman>[IVX]{1,4})\.(?=\s)|(?P<num>\d{1,2}(?:\.\d{1,2})*)(?:[.)]|[ \t]+-(?=[ \t]))(?=\s|(?<=\d\.\d\.)[^\W\d_])"
    r"|(?:[-–]\s*)?(?P<letter>[a-zđ])\)(?=\s)|(?P<dash>[-–•])(?=\s)|(?P<plus>\+)(?=\s))[ \t]*"
)
# a sub-item's number left at the end of its heading's line by a text that flattens the
# layout: "2. Nâng cao năng lực quản lý 2.1.\nRà soát, kiến nghị …"
_LINE_END_MARKER = re.compile(r"(?<=\S)[ \t]+(\d{1,2}(?:\.\d{1,2})*)\.[ \t]*(?=\n)")
# a signature block's first line, and the heading of an annex printed after it
# (or the "./." that closes the text's last article), and the heading of an annex after it:
# "Phụ lục" or a line in capitals that is not a signer's title
_SIGNATURE = re.compile(r"\n[ \t]*(?:KT\.|TM\.|Q\.|K/T\.?|TL\.)[ \t]*[^\W\d_a-zđ]|\./\.[ \t]*(?=\n|$)")
_ANNEX_LINE = re.compile(r"(?m)^[ \t]*(?:Phụ lục\b|(?![ \t]*(?:(?:KT|TM|Q|TL)\.|(?:PHÓ |THỨ |Q\. )?(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|"
                         r"GIÁM ĐỐC|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|TỔNG GIÁM ĐỐC|TRƯỞNG BAN)\b))"
                         r"(?=[^\na-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]{12,}$)\S)")
_FIRST_ITEM = re.compile(r"(?m)^[ \t]*(?:I\.|1\.|Điều\s+1\b)\s")
_NOI_NHAN = re.compile(r"N[oơ]i\s+nhận\s*:")  # literal first: the engine searches for "N"
# a plan, programme or annex printed after the decision that issues it, its title in capitals
# (on the line of the signer's name in texts that flatten the layout)
# an annex's title, in capitals, or "Phụ lục I" alone on its line
_ANNEX = re.compile(r"(?<!\S)(?:KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN|PHỤ LỤC|DANH MỤC)(?:\s+[^\W\d_a-zđ]{2,}){0,1}(?!\w)"
                    r"|(?m:^[ \t]*Phụ[ \t]+lục(?:[ \t]+(?:[IVX]{1,4}|\d{1,2}))?[ \t]*$)")


def noi_nhan(clean: str, start: int = 0):
    """Where the "Nơi nhận:" (recipients) list begins: the label opening a line."""
    for m in _NOI_NHAN.finditer(clean, start):
        line_start = clean.rfind("\n", 0, m.start()) + 1
        if not clean[line_start:m.start()].strip():
            return m
    return None
# what may stand beside the bodies in a heading that only names who is in charge
# ("3. Trách nhiệm của Bộ Công an", "Nhiệm vụ của Sở Tư pháp")
_HEADING_FILLER = re.compile(
    r"[\s,;:.]|\b(?:và|các|những|từng|giám\s+đốc|thủ\s+trưởng|chủ\s+tịch|người\s+đứng\s+đầu|đề\s+nghị|giao"
    r"|(?:trách\s+nhiệm|nhiệm\s+vụ)(?:\s+của)?)\b",
    re.IGNORECASE)
# how a heading introduces the items below it when it does not end with ":"
_INTRODUCES = re.compile(
    r"(?:(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|(?:các\s+)?(?:nhiệm\s+vụ|nội\s+dung|việc)\s+(?:cụ\s+thể\s+)?"
    r"(?:sau|như\s+sau)(?:\s+đây)?)\s*[.:]?$", re.IGNORECASE)
# words before a body that make it something other than who does the work: "báo cáo Thủ
# tướng", "của Ban Bí thư", "trình Hội đồng nhân dân", "tham mưu Hội đồng phối hợp …", the
# agent of a passive ("luật, nghị quyết được Quốc hội khóa XVI thông qua")
_NOT_SUBJECT = re.compile(
    r"(?<!\w)(?:của|cho|với|gửi|báo\s+cáo|trình|tham\s+mưu|đối\s+với|tại|theo|về|thuộc|giúp|qua|bởi|được|và\s+của)\s*(?:các\s+)?$",
    re.IGNORECASE)
# what stands before a body that is the subject of a heading: nothing (it opens the
# heading), a comma or "và" of a list, "Giao", "Đề nghị", the head of the body, and a
# determiner after them ("yêu cầu các Bộ trưởng", "1. Các Bộ trưởng")
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[,:;]|(?<!\w)(?:và|giao|đề\s+nghị|yêu\s+cầu|thủ\s+trưởng|giám\s+đốc|chủ\s+tịch|bộ\s+trưởng|người\s+đứng\s+đầu))"
    r"\s*(?:(?:các|những|từng)\s+)?$",
    re.IGNORECASE)
# the verb by which the body before it gives work to the bodies after it: "Chính phủ yêu
# cầu các Bộ trưởng, …", "Chính phủ trân trọng đề nghị Ban Tuyên giáo …", "giao Bộ X"
_REQUESTS = re.compile(r"(?<!\w)(?:yêu\s+cầu|đề\s+nghị|(?<!được\s)giao)(?!\w)", re.IGNORECASE)
# where the last sentence of a paragraph begins: after a sentence's full stop
_SENTENCE_START = re.compile(r"[.!?…][ \t]*\n?[ \t]*(?=[^\W\d_])")
_LEVEL = {"roman": 1, "num": 2, "letter": 5, "dash": 6, "plus": 7}


@dataclass
class Block:
    kind: str  # roman | num | letter | dash | plus | text
    label: str
    level: int
    start: int  # text start, after the marker
    end: int
    marker_start: int


@dataclass
class Task:
    id: str
    number: str
    text: str
    start: int
    end: int
    bodies: list = field(default_factory=list)  # [(BodyMention-like dict, role)]
    deadline: Deadline | None = None
    level: int = 0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "number": self.number,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "bodies": self.bodies,
            "deadline": self.deadline.to_dict() if self.deadline else None,
        }


class TaskFinder:
    def __init__(self, grammar):
        self.g = grammar
        self.deadlines = DeadlineParser(grammar)
        self.tables = TableReader(grammar, self.deadlines.parse)
        labels = [p for r in grammar.raw["roles"]["role"] if r["role"] in ("lead", "support")
                  for p in r.get("labels", ())]
        from legalgraph.grammar import phrase_pattern

        cues = grammar.raw["bodies"]["unlisted"]["subject_cues"]
        self._subject_end = re.compile(
            r"\s(?:" + "|".join(phrase_pattern(c) for c in cues if "phối" not in c and "tham" not in c) + r")(?!\w)",
            re.IGNORECASE)
        self._not_work = re.compile(
            r"(?:" + "|".join(phrase_pattern(p) for p in grammar.raw["roles"]["sections"]["not_work"]) + r")(?!\w)",
            re.IGNORECASE)
        self._reported = re.compile(
            r"(?:" + "|".join(phrase_pattern(p) for p in grammar.raw["roles"]["sections"]["reported"]) + r")(?!\w)",
            re.IGNORECASE)
        clauses = grammar.raw["roles"]["clauses"]
        self._clause = re.compile(
            r"[.;][ \t]*\n?[ \t]*(?P<open>(?:" + "|".join(phrase_pattern(p) for p in clauses["gives"]) + r")\s+"
            r"|(?:" + "|".join(phrase_pattern(p) for p in clauses["grounds"]) + r")\s[^.;:]{3,120}?,\s*)",
            re.IGNORECASE)
        self._catalogue_title = re.compile(
            r"(?:" + "|".join(phrase_pattern(p) for p in grammar.raw["roles"]["annexes"]["catalogues"]) + r")(?!\w)")
        self._description_title = re.compile(
            r"(?:" + "|".join(phrase_pattern(p) for p in grammar.raw["roles"]["annexes"]["descriptions"]) + r")(?!\w)",
            re.IGNORECASE)
        sections = grammar.raw["roles"]["sections"]
        self._closing = re.compile(
            r"(?:" + "|".join(phrase_pattern(p) for p in sections["closing"]) + r")(?!\w)", re.IGNORECASE)
        funding = "|".join(phrase_pattern(p) for p in sections["funding"])
        # at the start of the item, or of its second line after a topic label (a first line
        # that ends no sentence, the second opening with a capital)
        self._funding = re.compile(r"(?:[^\n.;:,]*\n[ \t]*(?=[^\W\d_a-zđ]))?(?i:" + funding + r")(?!\w)")
        self._funding_heading = re.compile(r"(?:" + funding + r")(?!\w)", re.IGNORECASE)
        unlisted = grammar.raw["bodies"]["unlisted"]
        self._class_head = re.compile(
            r"(?:các\s+|những\s+)?(?:" + "|".join(phrase_pattern(c) for c in unlisted["classes"]) + r")(?!\w)",
            re.IGNORECASE)
        self._generic_head = re.compile(
            r"(?:các\s+|những\s+)?(?:" + "|".join(phrase_pattern(c) for c in unlisted["generic_classes"]) + r")(?!\w)",
            re.IGNORECASE)
        self._role_label = re.compile(
            r"^\s*(?:" + "|".join(phrase_pattern(p) for p in sorted(labels, key=len, reverse=True)) + r")[^:\n]{0,40}:",
            re.IGNORECASE)

    # -- zones and blocks ------------------------------------------------------------

    def zone(self, view, ident) -> tuple[int, int]:
        segments = self.segments(view, ident)
        return segments[0][0], segments[-1][1]

    def segments(self, view, ident) -> list[tuple[int, int]]:
        """Where the work is given: from the preamble's end to "Nơi nhận", and each plan,
        programme or annex printed after a signature ("KẾ HOẠCH HÀNH ĐỘNG …", "PHỤ LỤC") to
        its own "Nơi nhận" or the end. The recipients' lists are left out."""
        return [(a, b) for a, b, _recipients in self._layout(view, ident)]

    def recipient_ranges(self, view, ident=None) -> list[tuple[int, int]]:
        """Each "Nơi nhận" list, from its label to the annex that follows (or the end)."""
        out = []
        pos = 0
        while (m := noi_nhan(view.clean, pos)) is not None:
            annex = _ANNEX.search(view.clean, m.end())
            end = annex.start() if annex else len(view.text)
            out.append((m.start(), end))
            pos = end
        return out

    def _layout(self, view, ident):
        start = ident.preamble_end if ident.preamble_end < len(view.text) else 0
        if ident.title_span:
            # a directive with no "Căn cứ" line and no section numeral: its first item
            # after the title opens the work, wherever the identity reader's guess ended
            first = _FIRST_ITEM.search(view.clean, ident.title_span[0], start)
            if first:
                start = first.start()
        out = []
        pos = start
        for r_start, r_end in self._gaps(view, start):
            if r_end <= pos:
                continue
            if r_start > pos and not (out and self._catalogue(view, pos)):
                out.append((pos, r_start, (r_start, r_end)))
            pos = r_end
        if (pos < len(view.text) and not (pos > start and self._catalogue(view, pos))) or not out:
            out.append((pos, len(view.text), None))
        return out

    def _gaps(self, view, start):
        """What lies between the parts that give work: each "Nơi nhận" list to the annex
        after it, and each signature ("KT. BỘ TRƯỞNG …") to the annex printed after it
        when no recipients' list stands between (gazette texts often leave it out)."""
        gaps = self.recipient_ranges(view)
        for sig in _SIGNATURE.finditer(view.clean, start):
            if any(a <= sig.start() < b for a, b in gaps):
                continue
            annex = _ANNEX_LINE.search(view.clean, sig.end(), min(len(view.clean), sig.end() + 400))
            if annex is not None:
                gaps.append((sig.start(), annex.start()))
        # annexes printed one after another with no signature between ("Phụ lục II" after
        # the last row of Phụ lục I): each is a part of its own, with its own title
        for head in _ANNEX_HEADING.finditer(view.clean, start):
            if "(" in view.clean[head.end():head.end() + 300] and not any(a <= head.start() < b for a, b in gaps):
                gaps.append((head.start(), head.start()))
        gaps.sort()
        return gaps

    def _describes(self, view, lo, hi) -> bool:
        """An annex that describes rather than assigns (roles.toml [annexes] descriptions):
        its title, after "Phụ lục II", opens with what it describes ("VỊ TRÍ PHÁP LÝ, CHỨC
        NĂNG NHIỆM VỤ CỦA …")."""
        head = _ANNEX_HEAD.match(view.clean, lo, hi)
        if head is None:
            return False
        title = view.clean[head.end():min(hi, head.end() + 400)].split("(", 1)[0]
        return self._description_title.match(" ".join(title.split())) is not None

    def _catalogue(self, view, pos) -> bool:
        """An annex that lists documents or procedures ("DANH MỤC VĂN BẢN … HẾT HIỆU
        LỰC"), not work: its rows are not tasks."""
        return self._catalogue_title.search(view.match, pos, min(len(view.match), pos + 400)) is not None

    def blocks(self, view, lo: int, hi: int) -> list[Block]:
        clean = view.clean
        marks = []
        for m in _MARKER.finditer(clean, lo, hi):
            kind = next(k for k in ("roman", "num", "letter", "dash", "plus") if m.group(k) is not None)
            marks.append((m.start(), m.end(), kind, m.group(kind)))
        for m in _LINE_END_MARKER.finditer(clean, lo, hi):
            if "." not in m.group(1):
                # "III. TỔ CHỨC THỰC HIỆN 1.": only after a heading in capitals
                line = clean[clean.rfind("\n", 0, m.start()) + 1:m.start()]
                if not (line.isupper() and _MARKER.match(line)):
                    continue
            marks.append((m.start(1), m.end(), "num", m.group(1)))
        for start, end_marker, kind, label in list(marks):
            if kind != "num":
                continue
            # "3. Giải quyết tốt tranh chấp lao động 3.1. Rà soát …": the first sub-item
            # flattened onto its heading's line, numbered under it
            line_end = clean.find("\n", end_marker, hi)
            line_end = hi if line_end < 0 else line_end
            sub = re.compile(r"(?<=\S)[ \t]+(" + re.escape(label) + r"\.\d{1,2})\.[ \t]+(?=[^\W\d_])")
            m = sub.search(clean, end_marker, line_end)
            if m and not any(x[0] == m.start(1) for x in marks):
                marks.append((m.start(1), m.end(), "num", m.group(1)))
        marks.sort()
        out = []
        for i, (start, end_marker, kind, label) in enumerate(marks):
            level = _LEVEL[kind]
            if kind == "num":
                level += label.count(".")
            end = marks[i + 1][0] if i + 1 < len(marks) else hi
            out.append(Block(kind=kind, label=label, level=level, start=end_marker, end=end, marker_start=start))
        return out

    # -- tasks -----------------------------------------------------------------------

    def find(self, view, ident, mentions: list[BodyMention], doc_id: str) -> list[Task]:
        tasks: list[Task] = []
        segments = self.segments(view, ident)
        for lo, hi in segments:
            first_task = len(tasks)
            in_zone = sorted((m for m in mentions if lo <= m.start < hi), key=lambda m: m.start)
            if self._describes(view, lo, hi):
                continue  # "Phụ lục III: VỊ TRÍ PHÁP LÝ, CHỨC NĂNG NHIỆM VỤ CỦA …": no work given out
            tables = self.tables.pipe_tables(view.text, lo, hi)
            tables += self.tables.pdf_tables(view.text, view.clean, lo, hi, _BodyIndex(in_zone))
            blocks = _outside(self.blocks(view, lo, hi), tables)
            for table in tables:
                tasks += self._table_tasks(view, table, in_zone, doc_id)
            if len(blocks) < 2:
                if len(segments) == 1 and not tables:
                    tasks += self._sentence_tasks(view, lo, hi, in_zone, doc_id, len(tasks))
                continue
            self._item_tasks(view, blocks, in_zone, doc_id, tasks)
            self._annex_title(view, lo, hi, tasks[first_task:], in_zone)
        if any(b.start < a.start for a, b in zip(tasks, tasks[1:])):
            tasks.sort(key=lambda t: t.start)
        for n, t in enumerate(tasks, 1):
            t.id = f"{doc_id}#task-{n}"
        return tasks

    def _annex_title(self, view, lo, hi, tasks, mentions):
        """What an annex's title says of all its tasks. A title that gives the work to
        bodies ("NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG") leads the tasks that name no lead
        of their own; a title that names a phase ("GIAI ĐOẠN 1 (2023 - 2025)") makes them
        due by the phase's end unless they state an end of their own (continuous work stays
        open)."""
        if not tasks or not _ANNEX_TITLE.match(view.clean, lo):
            return
        end = lo
        phase = None
        for m in re.finditer(r"[^\n]+", view.clean[lo:min(hi, lo + 800)]):
            line = m.group(0).strip()
            if not line:
                continue
            if _ANNEX_TITLE_END.match(line) or line.startswith("("):
                break  # its first item, or "(Kèm theo Nghị quyết …)"
            end = lo + m.end()
            if phase is None and _PHASE.match(line) and (when := self.deadlines.parse(line)) is not None \
                    and when.end:
                phase = when
        title = view.clean[lo:end]
        gives = _GIVES_WORK.search(title)
        if gives:
            leads = _listed(view.clean, lo + gives.end(), end, mentions)
            for task in tasks if leads else ():
                if not any(b["role"] == "lead" for b in task.bodies):
                    named = {b["id"] for b in task.bodies}
                    task.bodies = [_ref(m, "lead") for m in leads if m.id not in named] + task.bodies
        if phase is None:
            return
        for task in tasks:
            own = task.deadline
            if own is None:
                task.deadline = phase
            elif own.end is None and own.recurring is None:
                task.deadline = Deadline(start=own.start, end=phase.end, recurring=None, text=own.text)

    def _table_tasks(self, view, table, mentions, doc_id) -> list[Task]:
        """A task per row of an assignment table (and per "-" item or sub-row it lists),
        the lead and support from their columns, the time from its column."""
        out = []
        for row in table.rows:
            roles, deadline = self._row_roles(view, row, mentions)
            out += self._row_tasks(view, row, row.number, roles, deadline, mentions)
            above = None  # the time of the sub-row above: a merged cell printed with the first
            for k, sub in enumerate(row.subs, 1):
                sub_roles, sub_deadline = self._row_roles(view, sub, mentions)
                if not any(r == "lead" for _, r in sub_roles.values()):
                    sub_roles = {**roles, **sub_roles}  # a sub-row without a lead is its row's
                above = sub_deadline or above
                out += self._row_tasks(view, sub, f"{row.number}.•{k}", sub_roles, above or deadline,
                                       mentions)
        return out

    def _row_roles(self, view, row, mentions):
        """The bodies of a row with their roles (its lead and support cells first), and the
        time its time cell gives."""
        cells = row.cells
        roles: dict[str, tuple[BodyMention, str]] = {}
        for col in ("lead", "support"):
            if col not in cells:
                continue
            a, b = cells[col]
            for m in mentions:
                if a <= m.start < b and m.id not in roles:
                    if _NOT_SUBJECT.search(view.clean[max(a, m.start - 30):m.start]):
                        continue  # "Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân …"
                    roles[m.id] = (m, col)
        for m in mentions:
            if row.start <= m.start < row.end and m.id not in roles:
                role = m.role if m.role in ("lead", "support") and not any(r == "lead" for _, r in roles.values()) \
                    else "mentioned"
                roles[m.id] = (m, role)
        for col in ("lead", "support"):
            # "Các bộ, UBND các tỉnh, thành phố", "Bộ NN&MT, Bộ Công Thương, các địa phương":
            # the group a role cell names beside its bodies, as printed
            if col in cells:
                a, b = cells[col]
                for named in _cell_groups(view.clean, a, b, [m for m in mentions if a <= m.start < b], col):
                    roles.setdefault(named.id, (named, col))
        if "support" in cells:
            # "…, cơ sở khám bệnh, chữa bệnh, doanh nghiệp": classes of doers beside the bodies
            a, b = cells["support"]
            inside = [m for m in mentions if a <= m.start < b]
            for m, role in self._class_bodies(_without(view.clean[a:b], inside, a), "support"):
                roles.setdefault(m.id, (m, role))
        if "lead" in cells and not any(r == "lead" for _, r in roles.values()):
            named = _cell_body(view.clean[cells["lead"][0]:cells["lead"][1]])
            if named is not None:
                roles[named.id] = (named, "lead")  # a class the gazetteer has no name for
        deadline = None
        if "time" in cells:
            a, b = cells["time"]
            deadline = self.deadlines.parse_label(view.clean[a:b])
        return roles, deadline

    def _row_tasks(self, view, row, number, roles, deadline, mentions) -> list[Task]:
        parts: list[list] = []  # [start, end, text]: the task cell, then each "-" item in it
        for a, b in row.pieces or [(row.start, row.end)]:
            for x, y, is_item in _sub_items(view.clean, a, b):
                text = " ".join(view.clean[x:y].split())
                if not text:
                    continue
                if parts and not is_item:
                    parts[-1][2] += " " + text  # the words go on after a page break
                else:
                    parts.append([x, y, text])
        out = []
        for k, (a, b, text) in enumerate(parts):
            task = Task(id="", number=number if k == 0 else f"{number}.•{k}", text=text, start=a, end=b, level=9)
            own = {m.id for m in mentions if a <= m.start < b}
            task.bodies = [_ref(m, role) for m, role in roles.values()
                           if k == 0 or role in ("lead", "support") or m.id in own]
            task.deadline = (self.deadlines.parse_in_text(text) or deadline) if k else deadline
            out.append(task)
        return out

    def _item_tasks(self, view, blocks, in_zone, doc_id, tasks):
        blocks = _paragraphs(view.clean, blocks, in_zone, self._is_body_heading, self._clause)
        starts = [m.start for m in in_zone]
        headings: list[tuple[int, list]] = []  # (level, [lead bodies]) of body headings above
        phases: list[tuple[int, Deadline]] = []  # (level, time) of phase headings above
        path: list[tuple[int, str]] = []
        counters: dict[int, int] = {}
        skip_level = None
        skip_reported = False  # the items skipped are what was reported done
        funding: list[int] = []  # levels of the funding sections above ("VIII. KINH PHÍ THỰC HIỆN")
        attributed: dict[int, list[Task]] = {}  # tasks given attribute lines -> bare siblings
        for i, b in enumerate(blocks):
            text_raw = view.text[b.start:b.end]
            text = " ".join(text_raw.split())
            while headings and headings[-1][0] >= b.level:
                headings.pop()
            while phases and phases[-1][0] >= b.level:
                phases.pop()
            while path and path[-1][0] >= b.level:
                path.pop()
            counters = {lvl: n for lvl, n in counters.items() if lvl <= b.level}
            counters[b.level] = counters.get(b.level, 0) + 1
            label = b.label if b.kind in ("roman", "num", "letter") else \
                f"{'¶' if b.kind == 'para' else '•'}{counters[b.level]}"
            if b.kind == "num" and "." in label:
                # "3.1" already names its parent "3"
                path = [(lvl, x) for lvl, x in path if not label.startswith(x + ".")]
            path.append((b.level, label))
            own = in_zone[bisect.bisect_left(starts, b.start):bisect.bisect_left(starts, b.end)]
            if not text:
                continue
            if skip_level is not None:
                # a paragraph after the reports that opens with a body gives work again
                # ("Văn phòng Chính phủ theo dõi, đôn đốc, … kết quả thực hiện Nghị quyết này")
                if b.level > skip_level and not (skip_reported and b.kind == "para"):
                    continue
                skip_level = None
            skip_reported = False
            if self._not_work.match(text) and b.kind != "para":
                skip_level = b.level  # "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục tiêu": aims, not work
                continue
            if text.endswith(":") and b.kind != "para" and i + 1 < len(blocks) and blocks[i + 1].level > b.level \
                    and self._reported.search(text, max(0, len(text) - 200)):
                skip_level, skip_reported = b.level, True  # "… các Bộ đã có báo cáo Chính phủ như sau:"
                continue
            while funding and funding[-1] >= b.level:
                funding.pop()
            if funding and _ARTICLE_AFTER.search(view.clean, blocks[i - 1].start, b.marker_start):
                funding.clear()  # "Điều 2. Tổ chức thực hiện" after the annexed plan's last section
            if self._closing.search(text, 0, _sentence_end(text)):
                continue  # "Quyết định này có hiệu lực …", "… chịu trách nhiệm thi hành Quyết định này"
            section = b.kind == "roman" or (text.isupper() and len(text) > 3)
            if not own and not section and (funding or self._funding.match(text_raw.lstrip())):
                if not funding:
                    skip_level = b.level  # "Kinh phí … được bố trí từ các nguồn:" and its sources
                continue  # under "VIII. KINH PHÍ THỰC HIỆN": where the money comes from
            if tasks and self._said_of_task_above(b, text, text_raw, own, tasks, attributed):
                continue
            if section:
                # a section heading; the sentence under it may name who does its items
                # ("II. NHIỆM VỤ CỤ THỂ … các bộ, … cần … thực hiện các nhiệm vụ sau đây:")
                if self._funding_heading.match(text):
                    funding.append(b.level)
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                heading = self._heading_roles(view, text, own, b, nxt, section=True)
                if heading:
                    headings.append((b.level, heading))
                continue
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            # read in the clean view: a page header printed under "6. Các Bộ, ngành" is not its words
            heading = self._heading_roles(view, " ".join(view.clean[b.start:b.end].split()), own, b, nxt)
            if heading is not None:
                headings.append((b.level, heading))
                continue
            if nxt is not None and nxt.level > b.level and len(text) < 200 \
                    and (not own or (_TOPIC.match(text) and all(m.role == "mentioned" for m in own))) \
                    and not self._is_attribute(view.text[nxt.start:nxt.end]) \
                    and not self.deadlines.label_at(text_raw):
                # a topic heading over its items ("1. Mục đích", "2. Đổi mới nội dung ..."); a
                # phase ("1. Giai đoạn 1 từ năm 2023 đến hết năm 2025") gives them its time
                when = self.deadlines.parse_in_text(text)
                if when is None or _PHASE.match(text):
                    if when is not None:
                        phases.append((b.level, when))
                    continue
            task = Task(id=f"{doc_id}#task-{len(tasks) + 1}", number=".".join(x for _, x in path),
                        text=text, start=b.start, end=b.start + len(text_raw.rstrip()), level=b.level)
            inherited = next((heads for _, heads in reversed(headings) if heads), [])
            self._fill(task, view, own, inherited, text_raw, b, tasks)
            if task.deadline is None and phases:
                task.deadline = phases[-1][1]
            elif phases and task.deadline.end is None and task.deadline.recurring is None \
                    and phases[-1][1].end:
                # "Từ Quý III năm 2025, …" under "Giai đoạn 1 từ năm 2023 đến hết năm 2025":
                # open work is due by the end of its phase
                own_time = task.deadline
                task.deadline = Deadline(start=own_time.start, end=phases[-1][1].end, recurring=None,
                                         text=own_time.text)
            tasks.append(task)

    def _said_of_task_above(self, b, text, text_raw, own, tasks, attributed) -> bool:
        """A block that is not work of its own but says something of the task above: read
        into it (True), or not such a block (False)."""
        # an attribute line belongs to the task before it, and to the items of its group
        # just before that have no lines of their own: "1.1 …", "1.2 …", "- Cơ quan thực
        # hiện: …", "- Thời gian thực hiện: …" is one block for both items
        if self._is_attribute(text_raw):
            target = tasks[-1]
            if id(target) not in attributed:
                attributed[id(target)] = _bare_siblings(tasks, attributed)
            for task in [target, *attributed[id(target)]]:
                self._attach(task, own, text_raw, tasks, b.start)
            return True
        # "- Vùng đồng bằng sông Cửu Long: cuối năm 1982;" under an item: when the item is
        # due where, not work of its own — the item is done by the last of them
        scoped = _SCOPED_TIME.match(text)
        if scoped and not own and b.kind in ("dash", "plus") and tasks[-1].level < b.level:
            deadline = self.deadlines.parse(scoped.group(1))
            if deadline is not None and deadline.end:
                parent = tasks[-1]
                if parent.deadline is None or (parent.deadline.end or "") < deadline.end:
                    parent.deadline = deadline
                return True
        return False

    def _is_attribute(self, text_raw: str) -> bool:
        """'+ Cơ quan chủ trì: ...', 'Thời gian thực hiện: ...': a line about the task above."""
        if self._role_label.match(text_raw):
            return True
        label = self.deadlines.label_at("\n" + text_raw)
        return label is not None and label.start() == 0

    def _heading_roles(self, view, text, own, b, nxt, section=False):
        """The bodies a heading gives the items below it, with their roles, or None when the
        block is not such a heading.

        "1. Sở Tư pháp", "c) Bộ Công an:", "2 - Sở Lao động, Thương binh và Xã hội có trách
        nhiệm.", "3. Bộ Tài chính chủ trì, phối hợp với Bộ Y tế:", "Giao Ủy ban nhân dân
        tỉnh:" — a block with items below it that names bodies and ends by introducing them.
        The bodies in charge (the subject, "chủ trì") lead, "phối hợp với" supports; a body
        it reports to or names in passing has no role over the items.
        """
        if not own or nxt is None or nxt.level <= b.level:
            return None
        if not section and self._is_body_heading(text, own, b):
            return [(m, "support" if m.role == "support" else "lead") for m in own]
        if not section and len(text) < 200:
            # "8. Các Khu Công nghệ cao, Khu Công nghệ số tập trung và hiệp hội, doanh nghiệp
            # liên quan": named bodies and a class of doers over the items
            rest = _without(text, own)
            classes, left = self.classes(rest)
            if classes and not _HEADING_FILLER.sub("", left):
                return [(m, "support" if m.role == "support" else "lead") for m in own] + \
                    self._class_bodies(rest, "lead")
        stripped = text.rstrip()
        if not (stripped.endswith(":") or _INTRODUCES.search(stripped)):
            return None
        if len(stripped) > 600:
            # a long paragraph whose last sentence introduces the items: "… Chính phủ yêu
            # cầu các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, … những nội dung sau:"
            lead_in = self._last_sentence(view.clean, b.start, b.end)
            if lead_in is None:
                return None
            own = [m for m in own if m.start >= lead_in]
            if not own:
                return None
        roles = []
        lo = own[0].start if own else b.start
        request = _REQUESTS.search(view.clean, max(b.start, lo - 200), b.end)
        for m in own:
            if request is not None and m.end <= request.start() and m.role == "mentioned":
                continue  # "Chính phủ yêu cầu …": who gives the work, not who does it
            if m.role in ("lead", "support"):
                roles.append((m, m.role))
            elif m.role == "mentioned" and _SUBJECT_BEFORE.search(view.clean[max(b.start, m.start - 30):m.start]) \
                    and not _NOT_SUBJECT.search(view.clean[max(0, m.start - 30):m.start]):
                # after "phối hợp" the bodies named support; before any cue they are the subject
                before = view.clean[b.start:m.start]
                roles.append((m, "support" if re.search(r"phối\s+hợp", before, re.IGNORECASE) else "lead"))
        if not any(role == "lead" for _, role in roles):
            return None if not section else []
        return roles

    @staticmethod
    def _last_sentence(clean, a, b):
        """Where the last sentence of clean[a:b] begins, when it is at most 600 characters
        long (None otherwise)."""
        end = len(clean[a:b].rstrip()) + a
        start = None
        for m in _SENTENCE_START.finditer(clean, max(a, end - 600), end):
            start = m.end()
        return start

    def classes(self, text: str) -> tuple[list[str], str]:
        """The classes of doers ``text`` names (bodies.toml [unlisted] classes), as printed,
        and what is left of it: "hiệp hội, doanh nghiệp liên quan"; "cơ sở khám bệnh, chữa
        bệnh" and "doanh nghiệp" in "Bộ, cơ quan, tổ chức, đơn vị có liên quan, cơ sở khám
        bệnh, chữa bệnh, doanh nghiệp" (the generic list before them names no one)."""
        out: list[str] = []
        rest: list[str] = []
        run: list[str] = []  # the pieces of the list being read
        for piece in _CLASS_SPLIT.split(text):
            piece = _AND_OPENING.sub("", piece.strip(" .:"))
            if not piece:
                continue
            if self._class_head.match(piece) or self._generic_head.match(piece):
                run.append(piece)
            elif run:
                run[-1] += ", " + piece  # "cơ sở khám bệnh, chữa bệnh"
            else:
                rest.append(piece)
                continue
            if _CONCERNED.search(piece):
                # "liên quan" closes the list: one class, or generic words
                if self._class_head.match(run[0]):
                    out.append(", ".join(run))
                elif not self._generic_head.match(run[0]):
                    rest += run
                run = []
        for piece in run:
            if self._class_head.match(piece):
                out.append(piece)
            elif not self._generic_head.match(piece):
                rest.append(piece)
        return out, " ".join(rest)

    def _class_bodies(self, text: str, role: str) -> list:
        classes, _ = self.classes(text)
        return [(BodyMention(0, 0, c, None, c, None, role, id=body_id(c, None, local=False)), role) for c in classes]

    def _is_body_heading(self, text: str, own: list[BodyMention], b: Block) -> bool:
        """'1. Sở Tư pháp', 'a) Các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thành phố:'"""
        if not own:
            return False
        rest = text
        for m in sorted(own, key=lambda m: -len(m.text)):
            rest = rest.replace(" ".join(m.text.split()), " ")
        return not _HEADING_FILLER.sub("", rest)

    def _fill(self, task, view, own, inherited, text_raw, b, tasks):
        label = self.deadlines.label_at(text_raw)
        body_text = text_raw[:label.start()] if label else text_raw
        task.text = _printed(view, task.start, task.start + len(body_text))
        task.end = task.start + len(body_text.rstrip())
        roles: dict[str, tuple[BodyMention, str]] = {}
        subject = self._subject_end.search(view.clean, b.start, min(b.end, b.start + 300))
        clean = view.clean
        heads: dict[int, BodyMention] = {}  # each body -> the first of the list it is in
        previous = None
        for m in sorted(own, key=lambda m: m.start):
            listed = previous is not None and m.start >= previous.end \
                and _LIST_GAP.fullmatch(clean, previous.end, m.start) is not None
            heads[id(m)] = heads[id(previous)] if listed else m
            previous = m
        for m in own:
            role = m.role if m.role in ROLE_ORDER else "mentioned"
            head = heads.get(id(m), m)
            if head is not m and role == "lead" and _CONCERNED_AFTER.match(clean, m.end):
                # a generic group listed after the subject ("Các Bộ chủ chương trình và các
                # bộ, cơ quan trung ương có liên quan nghiêm túc thực hiện …") does not lead
                role = "mentioned"
            elif role == "mentioned" and not clean[b.start:head.start].strip() \
                    and (head is m or not _CONCERNED_AFTER.match(clean, m.end)):
                # the body that opens the item is its subject, and so are the bodies listed
                # with it ("Các bộ, ban, ngành, địa phương, tổ chức chính trị - xã hội thực hiện")
                role = "lead"
            elif role == "mentioned" and subject is not None and m.end <= subject.start() \
                    and "." not in clean[b.start:m.start] \
                    and not _NOT_SUBJECT.search(clean[max(b.start, head.start - 30):head.start]):
                # "g) Các Bộ khác (Bộ Xây dựng, Bộ Thủy lợi …) có trách nhiệm …"; not a list
                # after "của" ("Trên cơ sở đề nghị của Bộ Công an và các bộ, …, Bộ X chủ trì")
                role = "lead"
            elif role == "mentioned" and head is m and self._opens_clause(clean, b.start, m.start, own):
                role = "lead"  # "Hạ tầng mạng …: Bộ Công an sẽ phối hợp …", "Từ Quý III năm 2025, Trung tâm …"
            prev = roles.get(m.id)
            if prev is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(prev[1]):
                roles[m.id] = (m, role)
        if not any(role == "lead" for _, role in roles.values()):
            # an item naming its own lead ("- Bộ Y tế chủ trì …") is not the heading's
            for m, role in inherited:
                prev = roles.get(m.id)
                if prev is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(prev[1]):
                    roles[m.id] = (m, role)
        task.bodies = [_ref(m, role) for m, role in roles.values()]
        if label:
            self._set_deadline(task, self.deadlines.parse_label(text_raw[label.end():]), tasks)
        elif task.deadline is None:
            task.deadline = self.deadlines.parse_in_text(task.text)

    def _opens_clause(self, clean, start, pos, own) -> bool:
        """Does the body at ``pos`` open the clause that states the work, after what the
        item is about ("Hạ tầng mạng truyền số liệu chuyên dùng: Bộ Công an sẽ phối hợp …")
        or when ("Từ Quý III năm 2025, Trung tâm dữ liệu quốc gia …")? No body before it."""
        prefix = " ".join(clean[start:pos].split())
        # a body the topic is about is not one before it ("Về nhiệm vụ cụ thể của các bộ, cơ
        # quan, địa phương: Từng bộ, cơ quan, địa phương … khẩn trương tổ chức …")
        if not prefix or len(prefix) > 120 or any(
                start <= m.start < pos and not _NOT_SUBJECT.search(clean[max(start, m.start - 30):m.start])
                for m in own):
            return False
        if prefix.endswith(":"):
            return not _LISTS_AFTER.search(prefix)
        if prefix.endswith(",") and len(prefix) <= 40:
            when = self.deadlines.parse_in_text(prefix)
            return when is not None and len(when.text) >= len(prefix.rstrip(",")) - 6
        return False

    def _attach(self, task, own, text_raw, tasks, start=0):
        """An attribute line: bodies with the role its label gives, and the task's time
        ("- Cơ quan thực hiện: …" and "* Thời gian thực hiện: …" may share a block)."""
        label = self.deadlines.label_at("\n" + text_raw)
        if label is not None:
            deadline = self.deadlines.parse_label(("\n" + text_raw)[label.end():])
            self._set_deadline(task, deadline, tasks, propagate=False)
            if label.start() == 0:
                return
            own = [m for m in own if m.start < start + label.start()]
        known = {x["id"]: x for x in task.bodies}
        for m in own:
            role = m.role if m.role in ("lead", "support") else "mentioned"
            if m.id in known:
                if ROLE_ORDER.index(role) < ROLE_ORDER.index(known[m.id]["role"]):
                    known[m.id]["role"] = role
            else:
                entry = _ref(m, role)
                task.bodies.append(entry)
                known[m.id] = entry

    @staticmethod
    def _set_deadline(task, deadline, tasks, propagate=True):
        task.deadline = deadline
        if not propagate:
            return
        # "Thời gian thực hiện" after a run of bullets: the whole run is due then
        for earlier in reversed(tasks):
            if earlier.level != task.level or earlier.deadline is not None:
                break
            earlier.deadline = deadline

    def _sentence_tasks(self, view, lo, hi, mentions, doc_id, before=0):
        """A text without items: a task per sentence that gives a body a role or a time."""
        from legalgraph.text.sentences import Sentences

        sentences = Sentences(view.clean)
        tasks = []
        # a sentence's mentions by bisection where they are in text order (a look at every
        # mention for every sentence is quadratic in a text of thousands of both)
        starts = [m.start for m in mentions]
        in_order = all(a <= b for a, b in zip(starts, starts[1:]))
        pos = lo
        while pos < hi:
            start, end = sentences.around(pos)
            nxt = sentences.bounds(pos)[1]
            if end > start:
                text = " ".join(view.text[start:end].split())
                if in_order:
                    own = mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
                else:
                    own = [m for m in mentions if start <= m.start < end]
                roles = [m for m in own if m.role in ("lead", "support", "report_to")]
                deadline = self.deadlines.parse_in_text(text)
                if roles or deadline:
                    task = Task(id=f"{doc_id}#task-{before + len(tasks) + 1}", number=str(len(tasks) + 1), text=text,
                                start=start, end=end)
                    seen = {}
                    for m in own:
                        if m.id not in seen or ROLE_ORDER.index(m.role) < ROLE_ORDER.index(seen[m.id]["role"]):
                            seen[m.id] = _ref(m, m.role)
                    task.bodies = list(seen.values())
                    task.deadline = deadline
                    tasks.append(task)
            pos = max(nxt, pos + 1)
        return tasks


class _BodyIndex:
    """Where the bodies of a zone stand, for reading table cells."""

    def __init__(self, mentions):
        self.mentions = mentions

    def __call__(self, pos: int) -> bool:
        """A body opens at ``pos`` (a "- " before it allowed)."""
        return any(pos <= m.start <= pos + 2 for m in self.mentions)

    def tail(self, a: int, b: int):
        """The start of a body that closes the line a..b, after other words."""
        for m in self.mentions:
            if a < m.start < b and m.end >= b - 1:
                return m.start
        return None

    def inside(self, pos: int) -> bool:
        return any(m.start < pos < m.end for m in self.mentions)


# a heading that names a stage of the work by its time: "Giai đoạn 1 từ năm 2023 đến hết
# năm 2025", "Năm 2026", "Từ năm 2027 đến năm 2030", "Trong năm 2025:"
_PHASE = re.compile(r"(?:giai\s+đoạn|năm\s+\d{4}|từ\s+(?:năm|quý|tháng)|trong\s+năm|đến\s+năm)", re.IGNORECASE)
_ANNEX_TITLE = re.compile(r"[ \t\n]*(?i:phụ\s+lục)\b")
def _sentence_end(text: str) -> int:
    """Where the first sentence of an item ends (a block may run on past it into the
    next article: "… ban hành. Điều 2. Quyết định này có hiệu lực …")."""
    m = re.search(r"[.;](?:\s|$)", text)
    return m.end() if m else len(text)


# what a colon after which bodies are listed, not a subject, ends: "phối hợp với các cơ quan
# sau:", "gồm:", "báo cáo về:"
_LISTS_AFTER = re.compile(r"(?i:phối\s+hợp|gồm|sau|báo\s+cáo|gửi|trình|với|giao)[^:]*:$")
_ARTICLE_AFTER = re.compile(r"\n[ \t]*Điều[ \t]+\d+[.:]")
# a topic heading: "2. Về xây dựng, vận hành Trung tâm dữ liệu quốc gia" (a body it names is
# what the items are about, not who does them)
_TOPIC = re.compile(r"Về\s")
# "Phụ lục II" alone on its line: an annex's heading (its title and "(Kèm theo …)" below)
_ANNEX_HEADING = re.compile(r"(?m)^[ \t]*Phụ[ \t]+lục(?:[ \t]+(?:[IVX]{1,4}|\d{1,2}))?[ \t]*$")
_ANNEX_HEAD = re.compile(r"[ \t\n]*Phụ[ \t]+lục(?:[ \t]+(?:[IVX]{1,4}|\d{1,2}))?[ \t]*\n")
# a title that gives the work to the bodies after it
_GIVES_WORK = re.compile(r"(?i)(?:nhiệm\s+vụ|trách\s+nhiệm)\s+(?:cụ\s+thể\s+)?của\s")
# where an annex's title ends: its first section, item or table
_ANNEX_TITLE_END = re.compile(r"(?:[IVX]{1,4}|\d{1,2})[.)]\s|STT\b|TT\b")
_SCOPED_TIME = re.compile(r"[^:]{1,80}:\s*([^:]{1,40}?)[.;]?$")
# a paragraph that opens with the body it gives work to: "Ủy ban kế hoạch Nhà nước, các
# Bộ … giải quyết kinh phí …", "Giao Bộ Tư pháp chủ trì …", "Văn phòng Chính phủ theo dõi …"
_PARAGRAPH_SUBJECT = re.compile(r"[ \t]*(?:(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s+)?")


def _bare_siblings(tasks: list[Task], attributed: dict) -> list[Task]:
    """The items of the last task's group, just before it, that have no attribute lines, no
    lead and no time of their own."""
    last = tasks[-1]
    parent = last.number.rpartition(".")[0]
    bare = []
    for task in reversed(tasks[:-1]):
        if id(task) in attributed or task.level != last.level or task.number.rpartition(".")[0] != parent \
                or task.deadline is not None or any(x["role"] == "lead" for x in task.bodies):
            break
        bare.append(task)
    return bare


def _paragraphs(clean: str, blocks: list[Block], mentions, is_body_heading, clause=None) -> list[Block]:
    """Blocks split where a paragraph within an item's text (after a sentence that ends its
    line) opens with a body: in a directive written as running text, each such paragraph
    gives work of its own, after the items above it; and where a clause within it gives a
    body work (``clause``, roles.toml [clauses]: "…; giao Văn phòng Chính phủ …"). An item
    whose first line only names a body ("5. Trách nhiệm của Bộ Quốc phòng") heads the
    sentences below it."""
    out = []
    by_start = {m.start: m for m in mentions}
    for b in blocks:
        cuts = []
        pos = clean.find("\n", b.start, b.end)
        first_line = pos
        # the text before each line, its trailing blanks left out, ends at `last`: kept up
        # line by line, since slicing the item from its start at every line is quadratic
        seen = last = b.start
        while 0 <= pos < b.end:
            line_start = pos + 1
            piece = clean[seen:pos].rstrip()
            if piece:
                last = seen + len(piece)
            seen = pos
            end = clean[last - 1] if last > b.start else ""
            m = _PARAGRAPH_SUBJECT.match(clean, line_start)
            subject = by_start.get(m.end()) if m else None
            # a heading's bodies listed over two lines ("2. Trách nhiệm của các bộ, …; / Ủy
            # ban nhân dân các tỉnh …") are one heading, not a paragraph after a clause
            short_clause = end == ";" and last - b.start < 120
            if end in (".", ";") and subject is not None and subject.role in ("lead", "mentioned") \
                    and not short_clause:
                cuts.append(line_start)
            pos = clean.find("\n", line_start, b.end)
        if clause is not None and b.kind != "para":
            for m in clause.finditer(clean, b.start, b.end):
                subject = by_start.get(m.end())
                if subject is not None and subject.role in ("lead", "mentioned") and m.start("open") > b.start:
                    cuts.append(m.start("open"))
            cuts = sorted(set(cuts))
        if not cuts and b.kind in ("num", "letter") and 0 < first_line < b.end \
                and _heads_its_lines(clean, b, first_line, mentions, is_body_heading):
            out.append(Block(kind=b.kind, label=b.label, level=b.level, start=b.start, end=first_line,
                             marker_start=b.marker_start))
            out.append(Block(kind="para", label="", level=b.level + 1, start=first_line + 1, end=b.end,
                             marker_start=first_line + 1))
            continue
        if not cuts:
            out.append(b)
            continue
        edges = [b.start] + cuts + [b.end]
        out.append(Block(kind=b.kind, label=b.label, level=b.level, start=b.start, end=cuts[0],
                         marker_start=b.marker_start))
        for a, z in zip(edges[1:], edges[2:]):
            out.append(Block(kind="para", label="", level=b.level, start=a, end=z, marker_start=a))
    return out


def _heads_its_lines(clean, b, first_line, mentions, is_body_heading) -> bool:
    """Is the item's first line a heading naming who is responsible ("5. Trách nhiệm của Bộ
    Quốc phòng") over the sentences on the lines below it?"""
    head = clean[b.start:first_line].strip()
    if not head or head.endswith((".", ";", ":", ",")) or len(head) >= 150 or "trách nhiệm" not in head.lower():
        return False
    if not clean[first_line:b.end].lstrip()[:1].isupper():
        return False
    starts = [m.start for m in mentions]
    own = mentions[bisect.bisect_left(starts, b.start):bisect.bisect_left(starts, first_line)]
    return is_body_heading(" ".join(head.split()), own, b)


def _outside(blocks: list[Block], tables) -> list[Block]:
    """The item blocks outside the tables, each cut short where a table begins."""
    if not tables:
        return blocks
    out = []
    for b in blocks:
        if any(t.start <= b.marker_start < t.end for t in tables):
            continue
        for t in tables:
            if b.start < t.start < b.end:
                b.end = t.start
        out.append(b)
    return out


def _sub_items(clean: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """A table's task cell and the "-" items it lists ("… Cụ thể:\n- Hằng năm từ quý IV/2026
    …\n- Từ quý IV/2027 …"): (start, end, is_item), the cell's own words first."""
    marks = [m.start() for m in re.finditer(r"(?m)^[ \t]*[-+•][ \t]*(?:\n[ \t]*)?(?=\S)", clean[start:end])]
    cuts = [start] + [start + x for x in marks if x > 0] + [end]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        m = re.match(r"[ \t\n]*([-+•]?)[ \t\n]*", clean[a:b])
        out.append((a + m.end(), b, bool(m.group(1))))
    return out


_CONCERNED_AFTER = re.compile(r"\s+(?:có\s+)?liên\s+quan(?!\w)", re.IGNORECASE)
_CLASS_SPLIT = re.compile(r"\s*[,;]\s*|\s+và\s+", re.IGNORECASE)
_CONCERNED = re.compile(r"(?i:liên\s+quan)$")
_AND_OPENING = re.compile(r"^(?i:và)\s+")


def _without(text: str, mentions, offset: int | None = None) -> str:
    """``text`` with the bodies named in it replaced by commas (``offset``: where text
    starts in the document; None: find each body's words in it)."""
    if offset is not None:
        out, pos = [], 0
        for m in sorted(mentions, key=lambda m: m.start):
            a, b = m.start - offset, m.end - offset
            if a >= pos:
                out += [text[pos:a], ","]
                pos = b
        return " ".join(("".join(out) + text[pos:]).split())
    for m in sorted(mentions, key=lambda m: -len(m.text)):
        text = text.replace(" ".join(m.text.split()), ",")
    return text


_GENERIC_CELL = re.compile(
    r"(?:các|những|một\s+số|cơ\s+quan|đơn\s+vị|tổ\s+chức|địa\s+phương|bộ,|ngành)(?!\w)", re.IGNORECASE)


def _cell_body(cell: str):
    """The doer a lead cell names when the gazetteer knows no body in it ("Cơ sở khám
    bệnh, chữa bệnh"), up to what it is asked to do ("… trình cấp có thẩm quyền"); None
    for generic words ("Các cơ quan, đơn vị có liên quan")."""
    text = " ".join(cell.split())
    text = re.split(r"\s+(?:trình|báo\s+cáo|theo|đối\s+với)\s|\s*\(", text)[0].strip(" ,.;")
    if not text[:1].isupper() or _GENERIC_CELL.match(text) or len(text.split()) > 12:
        return None
    from legalgraph.extract.bodies import body_id

    return BodyMention(0, 0, text, None, text, None, "lead", id=body_id(text, None, local=False))


# a group of doers a role cell names in words the gazetteer does not list: "Các bộ", "các
# địa phương", "các Bộ, cơ quan" (up to the next body or the cell's end)
_CELL_GROUP = re.compile(r"(?i:các|những)\s+(?i:bộ|cơ\s+quan|địa\s+phương|ngành)(?:\s*,\s*(?i:bộ|cơ\s+quan|địa\s+phương|ngành))*")
_CELL_GAP = re.compile(r"[\s,;]*(?:và\s+)?(.*?)[\s,;]*(?:\bvà)?[\s,;]*", re.DOTALL)


def _cell_groups(clean: str, a: int, b: int, inside, role: str) -> list:
    """The groups a role cell names between its bodies, each a gap of its words that is
    only such a group."""
    out = []
    pos = a
    for m in sorted(inside, key=lambda m: m.start) + [None]:
        end = m.start if m is not None else b
        gap = _CELL_GAP.fullmatch(clean, pos, end) if end > pos else None
        if gap is not None and gap.group(1):
            words = " ".join(gap.group(1).split())
            if _CELL_GROUP.fullmatch(words):
                out.append(BodyMention(0, 0, words, None, words, None, role, id=body_id(words, None, local=False)))
        if m is not None:
            pos = max(pos, m.end)
    return out


def _printed(view, a: int, b: int) -> str:
    """The words of a span as printed, without what the clean view blanks (a gazette page
    header and page number inside an item), white space collapsed."""
    text, clean = view.text[a:b], view.clean[a:b]
    if text.count("\n") < 2 or text == clean:
        return " ".join(text.split())
    return " ".join("".join(ch if not c.isspace() else " " for ch, c in zip(text, clean)).split())


# what may stand between the bodies of a list: "CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG VÀ …"
_LIST_GAP = re.compile(r"(?:\s|,|;|&|\bvà\b)*", re.IGNORECASE)


def _listed(clean: str, pos: int, end: int, mentions) -> list:
    """The bodies listed from ``pos`` on, up to the first words that are not a body nor a
    separator: "NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG TRONG TRIỂN KHAI ĐỀ ÁN TRUNG TÂM DỮ
    LIỆU QUỐC GIA" lists the ministries and localities, not the centre the project builds."""
    listed = []
    for m in sorted((m for m in mentions if pos <= m.start < end), key=lambda m: m.start):
        if not _LIST_GAP.fullmatch(clean, pos, m.start):
            break
        listed.append(m)
        pos = m.end
    return listed


def _ref(m: BodyMention, role: str) -> dict:
    """A body as a task names it: its identity, its role, and the words the text uses
    ("các bộ, ngành" for the group of ministries and agencies; "Bộ Xây dựng" for "Xây dựng"
    in "các Bộ: NN&MT, Xây dựng, …", the head word printed once before the list)."""
    text = " ".join(m.text.split())
    if "head" in m.extra:
        text = f"{m.extra['head']} {text}"
    return {"id": m.id, "name": m.name, "role": role, "text": text}
