"""Pass 3: from mentions to instruments — one identifier per instrument, and the document.

* Mentions of one printed number are one instrument, except that a number without a year
  (``916/QĐ-TTg``) printed with two different years is two instruments: those series
  restart every year. A mention without a date takes the year of the dated mention
  before it (the usual "Quyết định số 916/QĐ-TTg ngày 27/8/2024 ... Quyết định số
  916/QĐ-TTg" pattern), else of any dated one.
* Local series (UBND, HĐND, Tỉnh ủy...) are scoped by province: the province named with
  the citation ("của UBND tỉnh Bến Tre"), else that of the citing document.
* Laws cited by name resolve to their number through the well-known laws table: the
  version of that year, or for a bare name the version in force at the document's date;
  a name the text has already tied to a number ("Luật Đầu tư số 143/2025/QH15 (sau đây
  gọi là Luật Đầu tư)") resolves to that number.
* Mentions of the document's own number are the document, never a citation.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field

from legalgraph.grammar import NAMED_TYPES, DocType, Grammar, Law, Province, type_slug
from legalgraph.ids import WorkRef, number_key, slugify, work_uri


_NOT_LETTER = re.compile(r"[\W\d_]+")


def _identifying_text(text: str) -> str:
    """What an unnumbered document's id is a digest of: its letters. White space, line
    breaks, punctuation, page numbers and where a footnote's number lands differ between
    renderings of one document (the text file, its PDF, its web page); its words do not,
    so all of them get one id. (Two drafts that differ only in their figures share it; the
    year and type in the URI still tell drafts of different years and kinds apart.)"""
    return _NOT_LETTER.sub("", text).casefold()


@dataclass
class Instrument:
    id: str
    type: DocType | None
    number: str | None
    year: int | None
    date: str | None
    issuer: str | None
    title: str | None
    province: Province | None
    local: bool
    party: bool = False
    law: Law | None = None
    mentions: list = field(default_factory=list)  # Found
    is_self: bool = False
    base: Instrument | None = None  # a consolidated text: the instrument it consolidates
    names: list = field(default_factory=list)  # name ids the text ties to it ("Luật Đất đai số 31/2024/QH15")
    changes_rank: int | None = None  # its issuer's texts may change texts of this rank (issuers.toml)

    @property
    def rank(self) -> int:
        base = self.type.rank if self.type else 8
        return base + (10 if self.local else 0)


_UBND = re.compile(r"^(?:chủ\s+tịch\s+)?(?:ủy|uỷ)\s+ban\s+nhân\s+dân|^(?:chủ\s+tịch\s+)?ubnd", re.IGNORECASE)
_HDND = re.compile(r"^(?:hội\s+đồng\s+nhân\s+dân|hđnd)", re.IGNORECASE)
_UBND_LONG = re.compile(r"(?i)^(chủ tịch\s+)?(?:ủy|uỷ) ban nhân dân")
_HDND_LONG = re.compile(r"(?i)^hội đồng nhân dân")
_ENDS_GENERIC = re.compile(r"(?i)\b(?:tỉnh|thành phố)$")
_PARTY_OR_TINH = re.compile(r"(?i)tỉnh ủy|tỉnh uỷ|tỉnh$")


_DESCRIPTION_REACH = 250  # characters from a cited number to a law its description names
# what ends a citation's description: the next item of a list, a new preamble line
_CLAUSE_BREAK = re.compile(r"[;:]|\n\s*(?:căn\s+cứ|thực\s+hiện|theo\s+đề\s+nghị|[-+•]|[a-zđ]\)|\d+\.)")


def _latest(ties, year):
    """Of the instruments a text ties to one law name, the newest not after ``year``."""
    fit = [t for t in ties if t.year and (year is None or t.year <= year)]
    return max(fit, key=lambda t: t.year) if fit else ties[0]


class Resolver:
    def __init__(self, grammar: Grammar):
        self.g = grammar

    # -- issuers and provinces named with a citation ------------------------------

    def _issuer_name(self, f, doc_province: Province | None):
        """Issuer as printed ("của Ủy ban nhân dân tỉnh") tidied, else from the code."""
        g = self.g
        province = None
        name = f.issuer
        if name:
            pm = g.province_re.search(name.lower())
            if pm:
                province = g.province(pm.group(1))
            short = _UBND_LONG.sub(lambda m: (m.group(1) or "") + "UBND", name)
            short = _HDND_LONG.sub("HĐND", short)
            if province is None and doc_province is not None and _ENDS_GENERIC.search(short) and (
                    _UBND.match(name) or _HDND.match(name) or _PARTY_OR_TINH.search(name)):
                short = f"{short} {doc_province.name}"
                province = doc_province
            return short, province
        iss = g.issuer_for(f.issuer_code) if f.issuer_code else None
        if iss is None:
            return None, None
        joint = [g.issuer_for(c) for c in f.issuer_codes[1:]]
        if len(f.issuer_codes) > 1 and all(joint):
            # a joint instrument (TTLT-BTC-BGTVT): every issuer
            names = []
            for i in [iss, *joint]:
                if i.name not in names:
                    names.append(i.name)
            return ", ".join(names), None
        if iss.local and doc_province is not None:
            if iss.code in ("UBND", "HĐND"):
                return f"{iss.code} {doc_province.kind} {doc_province.name}", doc_province
            return f"{iss.name} {doc_province.name}", doc_province
        return iss.name, None

    # -- the document ----------------------------------------------------------------

    def document_id(self, ident, text: str) -> str:
        t = type_slug(ident.type.name if ident.type else None)
        prov = ident.province.slug if (ident.local and ident.province) else None
        if ident.number:
            year = ident.year if ident.number_found is None or not ident.number_found.num_year else ident.number_found.num_year
            return WorkRef(t, year, number=ident.number, province=prov, local=ident.local).uri
        digest = hashlib.sha1(_identifying_text(text).encode("utf-8")).hexdigest()[:10]
        return WorkRef(t, ident.year, name=f"doc-{digest}", province=prov, local=ident.local).uri

    # -- citations --------------------------------------------------------------------

    def resolve(self, numbered, named, ident, doc_year: int | None, text: str | None = None):
        """``text``: the match view, where a citation's description ends is read from it.
        Returns the instruments by id, the instrument of each mention (by ``id(Found)``)
        and the document itself."""
        r = _Resolution(self, ident, doc_year, text)
        r.numbered(numbered)
        r.tie_names()
        r.dated_numbers(numbered)
        r.named(named)
        return r.instruments, r.mention_of, r.self_inst


class _Resolution:
    """One document's resolution: its instruments so far, which mention is which, and the
    document itself. The steps run in order: numbered citations, the names the text ties to
    numbers, then citations by name."""

    def __init__(self, resolver: Resolver, ident, doc_year: int | None, text: str | None):
        g = self.g = resolver.g
        self.resolver = resolver
        self.ident = ident
        self.doc_year = doc_year
        self.text = text
        self.doc_province = ident.province if ident.local else None
        self.self_key = number_key(ident.number) if ident.number else None
        self.instruments: dict[str, Instrument] = {}
        self.mention_of: dict[int, Instrument] = {}  # id(Found) -> instrument
        self.doc_names: dict[str, list[Instrument]] = {}
        own_issuer = g.issuer_for(ident.issuer_code) if ident.issuer_code else None
        self.self_inst = Instrument(id="", type=ident.type, number=ident.number, year=ident.year, date=ident.date,
                                    issuer=ident.issuer, title=ident.title,
                                    province=ident.province if ident.local else None, local=ident.local,
                                    is_self=True, changes_rank=own_issuer.changes_rank if own_issuer else None)
        # a law naming itself ("Luật Căn cước 2023", the web copy's title line) is the document
        self.self_name = (g.law_key(ident.title) if ident.title and ident.type is not None
                          and ident.type.name in NAMED_TYPES else None)

    def add(self, f, inst_kwargs) -> Instrument:
        inst = self.instruments.get(inst_kwargs["id"])
        if inst is None:
            inst = Instrument(**inst_kwargs)
            self.instruments[inst.id] = inst
        else:
            for attr in ("date", "issuer", "title", "year"):
                if getattr(inst, attr) is None and inst_kwargs.get(attr) is not None:
                    setattr(inst, attr, inst_kwargs[attr])
        return self.attach(f, inst)

    def attach(self, f, inst: Instrument) -> Instrument:
        inst.mentions.append(f)
        self.mention_of[id(f)] = inst
        return inst

    # -- numbered citations ---------------------------------------------------------------

    def numbered(self, numbered) -> None:
        """Grouped by printed number, split by year where the series has none."""
        groups: dict[str, list] = {}
        for f in sorted(numbered, key=lambda f: f.start):
            groups.setdefault(number_key(f.number), []).append(f)
        for key, founds in groups.items():
            years_seen = [f.num_year or f.year for f in founds]
            is_self_group = key == self.self_key
            last_year = None
            first_dated = next((y for y in years_seen if y), None)
            for f, y in zip(founds, years_seen):
                if f.num_year:
                    year = f.num_year
                elif y:
                    year = y
                    last_year = y
                else:
                    year = last_year or first_dated
                ident = self.ident
                if is_self_group and (year is None or ident.year is None or year == ident.year
                                      or f is ident.number_found):
                    self.attach(f, self.self_inst)
                    continue
                self._numbered_one(f, year)

    def _numbered_one(self, f, year) -> None:
        g, doc_province = self.g, self.doc_province
        issuer, province = self.resolver._issuer_name(f, doc_province)
        local = f.local or (f.issuer_code is not None and g.issuer_for(f.issuer_code) is None
                            and doc_province is not None and not f.party)
        if not local:
            province = None
        elif province is None:
            province = doc_province
        tslug = type_slug(f.type_name)
        uri = work_uri(tslug, year, f.number, None, province.slug if province else None, local)
        code_issuer = g.issuer_for(f.issuer_code) if f.issuer_code else None
        inst = self.add(f, dict(id=uri, type=f.type, number=f.number, year=year, date=f.date, issuer=issuer,
                                title=f.law_name or f.title, province=province, local=local, party=f.party,
                                changes_rank=code_issuer.changes_rank if code_issuer else None))
        if f.law_name and year and f.type_name in NAMED_TYPES:
            law = g.find_law(f.law_name)
            key = g.law_key(law.name if law else f.law_name)
            name = WorkRef(tslug, year, name=slugify(key)).uri if key else None
            if name and name not in inst.names:
                inst.names.append(name)

    def tie_names(self) -> None:
        """Names the text ties to numbers: "Luật Doanh nghiệp số 59/2020/QH14"."""
        for inst in self.instruments.values():
            for f in inst.mentions:
                if f.law_name:
                    key = self.g.law_key(f.law_name)
                    # of several versions a text names ("Luật Đấu thầu số 61/2005/QH11, Luật Đấu
                    # thầu số 43/2013/QH13" in a transitional clause), the newest up to its date
                    # is what the bare name means
                    if inst not in self.doc_names.setdefault(key, []):
                        self.doc_names[key].append(inst)

    def dated_numbers(self, numbered) -> None:
        self.dated = sorted((f.end, f.num_year or f.year, f.date) for f in numbered if (f.num_year or f.year))
        self.dated_ends = [e for e, _, _ in self.dated]

    def described(self, pos: int) -> tuple[int | None, str | None]:
        """The year and date of the numbered citation a position describes: one ending
        shortly before it, on the same line or the one after."""
        dated, text = self.dated, self.text
        i = bisect.bisect_right(self.dated_ends, pos) - 1
        if i >= 0 and pos - dated[i][0] <= _DESCRIPTION_REACH and (
                text is None or not _CLAUSE_BREAK.search(text, dated[i][0], pos)):
            return dated[i][1], dated[i][2]
        return None, None

    # -- citations by name ----------------------------------------------------------------

    def named(self, named) -> None:
        """Dated names first: a bare name later in the text means the law already dated."""
        ident = self.ident
        for f in sorted(named, key=lambda f: (f.bare, f.start)):
            key = self.g.law_key(f.law_name)
            if key == self.self_name and f.type_name == ident.type.name and (
                    f.bare or f.year is None or ident.year is None or f.year == ident.year):
                self.attach(f, self.self_inst)
                continue
            self._named_one(f, key)

    def _named_one(self, f, key) -> None:
        g = self.g
        law = f.law
        number = None
        year = f.year
        date = f.date
        title = law.name if law else g.expand_abbreviations(f.law_name)
        if f.bare:
            version = self._bare_version(f, law, key)
            if version is None:
                return  # tied to an instrument of the text, or no version of that name yet
            year, number, date = version.year, version.number, version.date
        elif law is not None and not f.note:
            # a publisher's short title ("Luật Giá 2023") keeps its name: the graph ties
            # it to a number where the collection holds that law's text
            version = law.version(year=f.year)
            if version is not None:
                number = version.number
                date = date or version.date
        if number and self.self_key and number_key(number) == self.self_key:
            self.attach(f, self.self_inst)
            return
        tslug = type_slug(f.type_name)
        if number:
            uri = work_uri(tslug, year, number)
        else:
            uri = WorkRef(tslug, year, name=slugify(g.law_key(title)) or tslug).uri
        inst = self.add(f, dict(id=uri, type=f.type, number=number, year=year, date=date,
                                issuer=f.type.passed_by if f.type else None,
                                title=title, province=None, local=False, law=law))
        if inst not in self.doc_names.setdefault(key, []):
            self.doc_names[key].append(inst)

    def _bare_version(self, f, law, key):
        """The version a bare name ("Luật Ban hành văn bản QPPL") means, or None when the
        mention was attached to an instrument the text ties the name to, or when no
        version of that name exists yet at the text's date.

        "Nghị định số 34/2016/NĐ-CP … quy định chi tiết … Luật Ban hành văn bản QPPL":
        inside the description of a cited instrument, the law of that instrument's time;
        elsewhere, of the document's."""
        described_year, described_date = self.described(f.start)
        when = described_year or self.doc_year
        on = described_date if described_year else self.ident.date
        # a cited text's description names the law it details as passed by then;
        # the document's own words, the law in force on its date
        version = law.version(before=when, on=on, in_force=not described_year) if law and when else None
        ties = self.doc_names.get(key, [])
        known = next((t for t in ties if version and t.year == version.year), None)
        if known is None and ties and version is None:
            known = _latest(ties, when)  # a law the grammar does not know: the text's own tie
        if known is not None:
            self.attach(f, known)
            return None
        if version is None and law is not None and when is None:
            version = law.versions[-1]
        return version
