"""Catalogues: lists of documents (number, date, title/trích yếu, sometimes type, issuer,
status) as provincial portals and the national database publish them, in CSV or XLSX.

Columns are recognised by their header in Vietnamese or English, with or without
diacritics (``so_ky_hieu``, ``Số ký hiệu``, ``number``; ``ngay_ban_hanh``, ``date``;
``trich_yeu``, ``title``; ``loai``, ``type``; ``co_quan_ban_hanh``, ``issuer``;
``trang_thai``, ``status``), or named explicitly. Each row is one document.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from legalgraph.ids import fold_ascii
from legalgraph.text.read import ReadError, decode, file_bytes

SUFFIXES = (".csv", ".xlsx")

HEADERS = {
    "number": ("so ky hieu", "so hieu", "ky hieu", "so van ban", "number", "so"),
    "date": ("ngay ban hanh", "ngay ky", "ngay", "date", "issued"),
    "title": ("trich yeu", "tieu de", "ten van ban", "noi dung", "title", "summary"),
    "type": ("loai van ban", "loai", "type"),
    "issuer": ("co quan ban hanh", "noi ban hanh", "co quan", "issuer"),
    "status": ("trang thai", "tinh trang", "hieu luc", "status"),
}


@dataclass
class Row:
    line: int  # 1-based row number in the file, header excluded
    number: str | None
    date: str | None  # ISO
    title: str
    type: str | None = None
    issuer: str | None = None
    status: str | None = None


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_ascii(str(header or "")).lower()).split())


def _date(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", s)
        if not m:
            return None
        d, mo, y = map(int, m.groups())
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


# A sheet's declared size (<dimension ref="A1:XFD1048576"/>) is whatever the program that
# wrote it says; openpyxl pads every row to it and fills every missing row, so a 5 KB file
# declaring the whole sheet becomes 17 billion cells. Rows are read one at a time for what
# the file holds, each cut to MAX_COLUMNS: a catalogue has a dozen columns, and a header
# past the 256th (the old Excel's last, IV) is not one.
MAX_COLUMNS = 256
MAX_ROWS = 1_048_576  # the most a sheet can have; a row numbered past it is a damaged file
HEADER_ROWS = 20  # the header is looked for in this many rows, a title block above it allowed


def _table(path: Path):
    """(row number, cells) for each row that holds a cell, in order; at most MAX_COLUMNS cells."""
    data = file_bytes(path)
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(data, path)
    text = decode(data, path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _csv_rows(csv.reader(io.StringIO(text), dialect), path)


def _csv_rows(reader, path: Path):
    try:
        for n, row in enumerate(reader, start=1):
            if row:
                yield n, row[:MAX_COLUMNS]
    except csv.Error as e:  # e.g. a field past the csv module's size limit, an unclosed quote at the end
        raise ReadError(path, f"malformed CSV at line {reader.line_num} ({e})") from None


def _xlsx_rows(data: bytes, path: Path):
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError(path, "reading .xlsx needs openpyxl (pip install openpyxl)") from None
    from legalgraph.text.archive import check_members, open_zip

    # a zip bomb, or a member longer than declared, is refused before openpyxl inflates anything
    check_members(data, open_zip(data, path, "XLSX"), path, "XLSX")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        blank = None
        for n, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if n > MAX_ROWS:
                raise ReadError(path, f"damaged XLSX (a row numbered past {MAX_ROWS:,}, the last row a sheet "
                                      "can have)")
            # openpyxl yields one shared tuple for every row missing before a row in the file:
            # a million of them cost one look each, not one look at each of their cells
            if row is blank:
                continue
            if all(v is None for v in row):
                blank = row
                continue
            yield n, list(row)
    except ReadError:
        raise
    except Exception as e:  # openpyxl raises many kinds for a broken file, while loading or reading rows
        raise ReadError(path, f"not a readable XLSX workbook ({type(e).__name__})") from None


def read_catalogue(path, columns: dict | None = None, issuer: str | None = None):
    """The rows of a catalogue, and the problems of rows that cannot be read.

    ``columns`` maps field names (number, date, title, type, issuer, status) to header
    names; ``issuer`` is the issuing body for every row (a portal's own list).
    Raises ReadError when the file or its header is unusable.
    """
    path = Path(path)
    table = _table(path)
    # the header: the first row that names a title column
    wanted = {f: _key(h) for f, h in (columns or {}).items() if h}
    index = {}
    for header_at, row in itertools.islice(table, HEADER_ROWS):
        keys = [_key(c) for c in row]
        found = {}
        for field, names in HEADERS.items():
            target = (wanted[field],) if field in wanted else names
            for j, k in enumerate(keys):
                if k in target and field not in found:
                    found[field] = j
        if "title" in found and ("number" in found or "date" in found):
            index = found
            break
    if not index:
        table.close()  # openpyxl's open sheet and archive go now, not when the generator is collected
        raise ReadError(path, "no header with a title (trích yếu) column and a number or date column (looked "
                              f"in the first {HEADER_ROWS} filled rows, {MAX_COLUMNS} columns)")
    rows, problems = [], []
    for at, raw in table:
        n = at - header_at
        if not any(str(c).strip() for c in raw if c is not None):
            continue

        def cell(field):
            j = index.get(field)
            if j is None or j >= len(raw) or raw[j] is None:
                return None
            value = raw[j]
            return value if isinstance(value, (dt.date, dt.datetime)) else " ".join(str(value).split()) or None

        title = cell("title")
        if not title:
            problems.append(f"{path}: row {n}: no title (trích yếu)")
            continue
        date_value = cell("date")
        date = _date(date_value)
        if date_value and not date:
            problems.append(f"{path}: row {n}: date '{date_value}' not understood; kept without a date")
        rows.append(Row(line=n, number=cell("number"), date=date, title=title, type=cell("type"),
                        issuer=cell("issuer") or issuer, status=cell("status")))
    return rows, problems
