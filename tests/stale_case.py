"""The small stale case several test modules build: a 2021 Bến Tre plan rests on Nghị định
55/2011/NĐ-CP, which 56/2024/NĐ-CP amends; nothing of that UBND has followed — until the
follow-up plan of 2024 takes 56/2024 up."""

from __future__ import annotations

from pathlib import Path

PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 10/KH-UBND\nBến Tre, ngày 05 tháng 01 năm 2021\n\nKẾ HOẠCH\n"
        "Triển khai thực hiện Nghị định số 55/2011/NĐ-CP ngày 04/7/2011 của Chính phủ\n")
DECREE = ("CHÍNH PHỦ\nSố: 56/2024/NĐ-CP\nHà Nội, ngày 18 tháng 5 năm 2024\n\nNGHỊ ĐỊNH\nSửa đổi, bổ sung một số "
          "điều của Nghị định số 55/2011/NĐ-CP ngày 04/7/2011 của Chính phủ\n")
FOLLOW_UP = ("ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 338/KH-UBND\nBến Tre, ngày 23 tháng 9 năm 2024\n\nKẾ HOẠCH\n"
             "Triển khai thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ\n")


def write_case(directory: Path) -> None:
    (directory / "plan.txt").write_text(PLAN, encoding="utf-8")
    (directory / "decree.txt").write_text(DECREE, encoding="utf-8")


def write_follow_up(directory: Path) -> None:
    (directory / "plan2.txt").write_text(FOLLOW_UP, encoding="utf-8")
