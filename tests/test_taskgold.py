"""Who must do what, by when: `extract` (with bodies) scored against the plans, directives
and resolutions read by hand in tests/gold/tasks/ (read as its GUIDE.md says, by readers
who did not see the extractor's output; scorer: tests/taskgold.py).

Two splits: `dev` texts were used to write the rules (their errors were looked at);
`held_out` texts were only scored, never looked at to fix a rule.
"""

from __future__ import annotations

import json

import pytest

from conftest import extract_bundled
from taskgold import format_line, load_gold, score, summary

# floors per split: (found, lead, deadline, bodies), a little under the measured figures.
# dev (844, 299, 435, and 982 and NQ 175 once their first scores were taken): found 0.90,
# lead 0.82, deadline 0.96, bodies 0.71. 982 was first scored held out (found 0.75 with 893:
# its Phụ lục table's numbered topics) and NQ 175 read unseen (found 0.78, lead 0.41,
# deadline 0.69, bodies 0.35: "Trách nhiệm của Bộ X" headings, phase headings, a table whose
# lead cells are printed mid-group); both then fixed with general rules and moved to dev.
# 2026-12-03: NQ 175's Phụ lục I table grouped by its lead cells (read as such), the annex
# title's phase as the end of its rows' open times, "Trước năm 2025" ending 2024-12-31, VTV /
# VOV: dev found 0.99, lead 0.86, deadline 0.97, bodies 0.82 (held_out unchanged); then an
# annex title "NHIỆM VỤ CỦA CÁC BỘ, …" leading its items and body headings read without the
# page header under them: dev lead 0.89, held_out lead 0.93 (from 0.86).
# 2026-12-04: annexes printed one after another read apart (a descriptive one — a body's
# legal status and functions, what a project builds — gives no tasks), closing clauses and
# funding sources not tasks, bodies as printed (a minister for the ministry, the committees of
# the provinces a list names, classes of doers beside named bodies), a cell's list past ";",
# the subject after a topic label or a time: dev found 0.99, precision 0.99 (from 0.78), lead
# 0.98 (0.93), deadline 0.98 (0.97), bodies 0.95 (0.88); held_out unchanged.
# held_out (893, and 892 read 2026-12-03, first scored unseen: found 0.96, lead 0.79,
# deadline 1.00, bodies 1.00): found 0.90, lead 0.86, deadline 0.99, bodies 0.65
# (universities and institutes, "Các Khu Công nghệ cao" under a heading are not bodies).
# 2026-12-04: two Government resolutions read by hand unseen and added held out, first
# scores (found, precision, lead, deadline, bodies): NQ 122 (monthly meeting; directions to
# ministers and provincial chairs, Phụ lục by "Bộ X chủ trì" headings; 108 tasks) 0.95,
# 0.94, 0.83, 0.93, 0.88; NQ 116 (Kế hoạch with a task table whose page breaks repeat its
# header; 75 tasks) 0.69, 1.00, 0.88, 0.87, 0.50. held_out totals with 892 and 893 (264
# tasks): 0.86, 0.88, 0.88, 0.93, 0.66. (Taken on a working tree with rule edits in
# progress; on the committed rules of ec2e8d3, NQ 122: 0.98, 0.95, 0.82, 0.92, 0.88, NQ 116
# the same, totals 0.88, 0.87, 0.87, 0.93, 0.68.) Floors lowered to stay a little under both.
# 2026-12-04 (later): NQ 122 and NQ 116 moved to dev (their errors looked at to write rules); held
# out now 892 and 893 only (81 tasks: found 0.90, precision 0.74, lead 0.93, deadline 0.99,
# bodies 0.65). dev with them (541 tasks), before any rule for them: found 0.94, lead 0.94,
# deadline 0.95, bodies 0.86 (the five earlier dev files unchanged: 0.99, 0.98, 0.98, 0.95).
# Then a task table numbered from 1 again under each section row ("II", "IV Huy động …"
# with no dot): NQ 116 found 0.69 -> 1.00; dev found 0.99, lead 0.93, deadline 0.95, bodies
# 0.90 (dev floors lowered for the two files until their rules are in).
FLOORS = {
    "dev": (0.97, 0.91, 0.93, 0.88),
    "held_out": (0.84, 0.86, 0.91, 0.63),
}


@pytest.fixture(scope="module")
def task_records(tmp_path_factory):
    wanted = {(g["corpus"], g["file"]) for g in load_gold() if g.get("complete", True)}
    out = extract_bundled(wanted, tmp_path_factory.mktemp("taskgold"))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_hand_read_tasks(task_records, split):
    golds = [g for g in load_gold(split) if g.get("complete", True)]
    if not golds:
        pytest.skip(f"no complete {split} task gold")
    per, total = score(task_records, golds)
    report = "\n".join([format_line(name, summary([c])) for name, c in per.items()] + [format_line("all", total)])
    found, lead, deadline, bodies = FLOORS[split]
    assert total["found"] >= found, report
    assert total["lead"] >= lead, report
    assert total["deadline"] >= deadline, report
    assert total["bodies"] >= bodies, report


def test_the_scorer_fails_a_wrong_answer(task_records):
    """The scorer is not blind: dropping every lead and deadline scores 0 on them."""
    golds = [g for g in load_gold("dev") if g.get("complete", True)]
    stripped = []
    for r in task_records:
        tasks = [dict(t, bodies=[], deadline=None) for t in r.get("tasks") or []]
        stripped.append(dict(r, tasks=tasks))
    _, total = score(stripped, golds)
    with_lead = sum(1 for g in golds for t in g["tasks"] if t.get("lead"))
    assert with_lead and total["lead"] < 0.5 and total["bodies"] == 0
