"""Work identifiers: one stable URI per instrument, and the keys used to merge mentions.

The scheme follows Akoma Ntoso FRBR *work* URIs (as used by Laws.Africa), with the parts
Vietnamese numbering needs:

    /akn/vn/{type}/{year}/{number}                 central series
    /akn/vn-{province}/{type}/{year}/{number}      local series (UBND, HĐND, Tỉnh ủy...)
    /akn/vn/{type}/{year}/~{name}                  law cited by name, number unknown

    /akn/vn/nghi-dinh/2024/56-2024-nd-cp
    /akn/vn/quyet-dinh/2024/916-qd-ttg            916/QĐ-TTg of 2024 (not of 2019)
    /akn/vn-tien-giang/ke-hoach/2024/483-kh-ubnd
    /akn/vn/nghi-quyet/2022/27-nq-tw
    /akn/vn/hien-phap/2013/~hien-phap

A part that is not known is written ``_`` (``/akn/vn/chi-thi/_/32-ct-tw``: the year of
Chỉ thị 32-CT/TW was never printed; ``/akn/vn-_/...``: a local series whose province the
text does not give). Numbers are ASCII-folded and lower-cased, ``/`` becomes ``-`` and the
serial loses leading zeros, so ``07/2026/TT-BNV`` and ``7/2026/TT-BNV`` are one work.
The year is part of every URI because series without a year in the number restart each
year; the province because every province numbers its own local series.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

UNKNOWN = "_"

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "Ð": "Đ", "ð": "đ"})


def fold_ascii(text: str) -> str:
    """Strip Vietnamese diacritics: 'Nghị định' -> 'Nghi dinh'."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """ASCII slug for URIs: 'Tiền Giang' -> 'tien-giang'."""
    return re.sub(r"[^a-z0-9.]+", "-", fold_ascii(text).lower()).strip("-.")


@functools.lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """The key under which printed numbers are compared.

    Case, white space, dash variants and the serial's leading zeros do not distinguish
    instruments: '07/2026/TT-BNV', '7/2026/tt-bnv' and '7 /2026/ TT–BNV' share a key.
    """
    s = unicodedata.normalize("NFC", number).translate(_DASHES).casefold()
    s = re.sub(r"\s+", "", s)
    return re.sub(r"^0+(?=\d)", "", s)


def number_slug(number: str) -> str:
    return slugify(number_key(number).replace("/", "-"))


@dataclass(frozen=True)
class WorkRef:
    """The parts of a work URI. ``province`` is a slug or None for central series."""

    type_slug: str
    year: int | None = None
    number: str | None = None  # printed number; stored in the URI as its slug
    name: str | None = None  # for laws known only by name
    province: str | None = None
    local: bool = False  # a local series (province may still be unknown)

    @property
    def uri(self) -> str:
        if self.local or self.province:
            place = f"vn-{self.province or UNKNOWN}"
        else:
            place = "vn"
        year = str(self.year) if self.year else UNKNOWN
        if self.number:
            last = number_slug(self.number)
        else:
            last = "~" + slugify(self.name or self.type_slug)
        return f"/akn/{place}/{self.type_slug}/{year}/{last}"


@functools.lru_cache(maxsize=65536)
def work_uri(type_slug: str, year: int | None, number: str | None = None, name: str | None = None,
             province: str | None = None, local: bool = False) -> str:
    """``WorkRef(...).uri``, remembered: a text cites the same instruments again and again,
    and building the frozen dataclass costs more than looking the URI up."""
    return WorkRef(type_slug, year, number=number, name=name, province=province, local=local).uri


_URI = re.compile(
    r"^/akn/vn(?:-(?P<province>[a-z0-9-]+|_))?/(?P<type>[a-z0-9-]+)/(?P<year>\d{4}|_)/"
    r"(?P<last>~[a-z0-9.-]+|[a-z0-9.-]+)$"
)


@dataclass(frozen=True)
class ParsedURI:
    """A work URI taken apart. Numbers come back as slugs: the URI is ASCII."""

    province: str | None
    local: bool
    type_slug: str
    year: int | None
    number_slug: str | None
    name_slug: str | None

    @property
    def uri(self) -> str:
        place = "vn" if not self.local else f"vn-{self.province or UNKNOWN}"
        year = str(self.year) if self.year else UNKNOWN
        last = self.number_slug if self.number_slug else "~" + (self.name_slug or "")
        return f"/akn/{place}/{self.type_slug}/{year}/{last}"


def parse_work_uri(uri: str) -> ParsedURI:
    """Take a work URI apart; ``parse_work_uri(u).uri == u`` for every URI we make."""
    m = _URI.match(uri)
    if not m:
        raise ValueError(f"not a legalgraph work URI: {uri!r}")
    province = m.group("province")
    last = m.group("last")
    return ParsedURI(
        province=None if province in (None, UNKNOWN) else province,
        local=province is not None,
        type_slug=m.group("type"),
        year=None if m.group("year") == UNKNOWN else int(m.group("year")),
        number_slug=None if last.startswith("~") else last,
        name_slug=last[1:] if last.startswith("~") else None,
    )
