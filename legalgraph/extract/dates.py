"""Dates as texts print them ("ngày 18/5/2024", "ngày 18 tháng 5 năm 2024"), as ISO."""

from __future__ import annotations


def iso_day(day: int, month: int, year: int) -> str | None:
    """"2024-05-18" for a printed day, month and year; None when the day or the month is
    out of range (a misread number, not a date). The day is not checked against its month:
    texts print "ngày 31/4" and mean the end of April."""
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
