"""The pattern grammar, loaded from the data files in ``data/grammar/*.toml``.

Nothing about Vietnamese document types, issuer codes, cue words, laws or provinces is
written in code: adding a type or an issuer code is an edit to a data file, with an
example that ``tests/test_grammar_examples.py`` checks. This module turns those files
into lookup tables and compiled regular expressions, once per process.

All matching happens on the lower-cased "match view" of a text (see
``legalgraph.text.view``), so every pattern here is lower case.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from legalgraph.ids import slugify


@dataclass(frozen=True)
class DocType:
    name: str
    slug: str
    words: tuple[str, ...]
    codes: tuple[str, ...]
    rank: int
    family: str
    assigns_tasks: bool | str = False
    label: str = ""  # an English name in CamelCase (the Neo4j label: :Instrument:Decree)
    normative: bool = False  # a text of law: what it cites it mostly rests on, it implements only what it says it does
    passed_by: str | None = None  # the body that passes every text of this type ("Quốc hội" for laws)
    named: bool = False  # known by a name as well as a number ("Luật Đất đai số 31/2024/QH15")
    issuer_codes: tuple[str, ...] = ()  # a number with no type code but this issuer's (80/2015/QH13) is of this type
    untyped_administrative: bool = False  # a yearless number with no type code (4147/UBND-NC) is of this type

    def assigns(self, number: str | None) -> bool:
        """Whether a document of this type with this number assigns work: "administrative"
        types only in their yearless series (122/NQ-CP, 27-NQ/TW), not as normative texts
        (24/2026/NQ-CP)."""
        if self.assigns_tasks == "administrative":
            return not (number and re.search(r"/(?:19|20)\d\d/", number))
        return bool(self.assigns_tasks)


@dataclass(frozen=True)
class Issuer:
    code: str
    name: str
    scope: str  # central | local | party-central | party-local
    names: tuple[str, ...] = ()
    pattern: str | None = None
    changes_rank: int | None = None  # its texts may change texts of this rank, whatever their type

    @property
    def local(self) -> bool:
        return self.scope in ("local", "party-local")

    @property
    def party(self) -> bool:
        return self.scope.startswith("party")


@dataclass(frozen=True)
class Cue:
    relation: str
    voice: str  # active | passive | expiry | scope
    phrase: str
    not_before: re.Pattern | None = None


@dataclass(frozen=True)
class LawVersion:
    year: int
    number: str | None
    date: str | None  # passed
    effective: str | None = None  # in force from


@dataclass(frozen=True)
class Law:
    name: str
    key: str
    type: str  # "Luật", "Bộ luật", "Hiến pháp"
    versions: tuple[LawVersion, ...]
    amends: str | None = None

    def version(self, year: int | None = None, before: int | None = None,
                on: str | None = None, in_force: bool = True) -> LawVersion | None:
        """The version adopted in ``year``; else the latest adopted by ``before`` — by the
        date ``on`` (ISO) where it is known: of a decree of 17/4/2015 citing "Luật Ngân sách
        nhà nước", the 2002 law, not the one passed in June 2015. ``in_force``: the version
        in effect on that date, where its date of effect is known; without, the latest
        passed (a decree detailing a law is issued before the law takes effect)."""
        if year is not None:
            return next((v for v in self.versions if v.year == year), None)
        if before is not None:
            older = [v for v in self.versions if v.year <= before]
            if on is not None and len(on) == 10:
                # in force on that date: passed, and in effect where the date it took effect
                # is known (a law of 22/6/2015 citing "Luật Ban hành văn bản quy phạm pháp
                # luật" means the 2008 law, the 2015 one in force from 1/7/2016)
                older = [v for v in older
                         if ((v.effective if in_force else None) or v.date or f"{v.year}-01-01") <= on]
            return max(older, key=lambda v: (v.year, v.date or "")) if older else None
        return None


@dataclass(frozen=True)
class Province:
    name: str
    slug: str
    kind: str
    successor: str | None
    current: bool
    aliases: tuple[str, ...] = ()
    before_2025: bool = True


def phrase_pattern(phrase: str) -> str:
    """A phrase as regex: any white space between words, ', ' also without the comma."""
    out = []
    for token in re.split(r"(, | )", phrase.lower()):
        if token == " ":
            out.append(r"\s+")
        elif token == ", ":
            out.append(r"\s*,?\s*")
        elif token:
            out.append(re.escape(token))
    return "".join(out)


def trie_pattern(phrases) -> str:
    r"""The phrases as one regex with shared beginnings factored out.

    "thực hiện", "triển khai", "triển khai thực hiện" become
    ``thực\s+hiện|triển\s+khai(?:\s+thực\s+hiện)?``: the engine reads each shared word
    once instead of once per phrase, and the longest phrase still wins.
    """
    root: dict = {}
    for phrase in set(phrases):
        node = root
        sep = ""
        for word in phrase.lower().split(" "):
            comma = word.endswith(",")
            word = word.rstrip(",")
            node = node.setdefault((sep, word), {})
            sep = r"\s*,?\s*" if comma else r"\s+"
        node[None] = {}

    def emit(node) -> str:
        alts = []
        for key in sorted((k for k in node if k is not None), key=lambda k: (-len(k[1]), k[1])):
            sep, word = key
            child = node[key]
            rest = emit(child)
            part = sep + re.escape(word)
            if rest:
                part += f"(?:{rest})" + ("?" if None in child else "")
            alts.append(part)
        return "|".join(alts)

    return emit(root)


def alternation(phrases) -> str:
    """Longest phrase first, so the regex alternation prefers the longest match."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(phrase_pattern(p) for p in unique)


_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]")
_TYPE_WORD_HEAD = re.compile(r"^(bộ luật|luật|hiến pháp|pháp lệnh)\s*")
_AMENDED_SHORT = re.compile(r"(?!sửa đổi)(.+?) sửa đổi(?: bổ sung)?")
_AMENDING_HEAD = "sửa đổi bổ sung một số điều của luật "


def _norm_space(text: str) -> str:
    return " ".join(text.replace(",", " ").split()).strip().lower()


class Memo(dict):
    """key -> compute(key), worked out once per key: a hit is a plain dict lookup. Past
    ``limit`` entries it starts afresh (the texts of a long run vary without end)."""

    def __init__(self, compute, limit: int):
        super().__init__()
        self._compute, self._limit = compute, limit

    def __missing__(self, key):
        if len(self) > self._limit:
            self.clear()
        value = self[key] = self._compute(key)
        return value


@dataclass
class Grammar:
    types: dict[str, DocType]
    issuers: list[Issuer]
    cues: list[Cue]
    laws: list[Law]
    abbreviations: list[tuple[str, str]]
    provinces: list[Province]
    raw: dict = field(repr=False, default_factory=dict)

    def type_named(self, name: str) -> DocType | None:
        """The type a name begins with: "Bộ luật Dân sự" → Bộ luật, "Pháp lệnh …" → Pháp
        lệnh, "Hiến pháp" → Hiến pháp; None when it begins with no type's word."""
        lowered = name.lower()
        for word, t in self._heads:
            if lowered.startswith(word) and not lowered[len(word):len(word) + 1].isalnum():
                return t
        return None

    def type_of_issuer_code(self, code: str | None) -> DocType | None:
        """The type a number with no type code has by its issuer's code alone: QH15 → Luật."""
        if code:
            for pattern, t in self.types_by_issuer_code:
                if pattern.fullmatch(code):
                    return t
        return None

    def __post_init__(self) -> None:
        self.type_by_word = {w: t for t in self.types.values() for w in t.words}
        # the longest first: "bộ luật" before "luật", "pháp lệnh" before "lệnh"
        self._heads = sorted(self.type_by_word.items(), key=lambda wt: -len(wt[0]))
        self.types_by_issuer_code = [(re.compile(re.escape(c) + r"\d*"), t) for t in self.types.values()
                                     for c in t.issuer_codes]
        self.untyped_administrative = next((t for t in self.types.values() if t.untyped_administrative), None)
        self.type_by_code = {}
        self.canonical_code = {}
        for t in self.types.values():
            for code in t.codes:
                self.type_by_code.setdefault(code.lower(), t)
                self.canonical_code.setdefault(code.lower(), code)
        self.issuer_by_code = {}
        self.issuer_patterns = []
        for iss in self.issuers:
            self.issuer_by_code.setdefault(iss.code.lower(), iss)
            self.canonical_code.setdefault(iss.code.lower(), iss.code)
            if iss.pattern:
                self.issuer_patterns.append((re.compile(iss.pattern), iss))
        self.type_words_re = alternation(self.type_by_word)
        self.cue_by_phrase = {_norm_space(c.phrase): c for c in self.cues}
        # the words of law names and the names themselves recur within and across texts
        # (every citation of a law, its dated and bare mentions): each is worked out once
        self._spelt = Memo(self._spell, 100_000)
        self._law_keys = Memo(self._law_key, 100_000)
        # no look-behind in front: the engine can then skip by the phrases' first letters;
        # callers check that a cue does not start inside a word
        self.cue_re = re.compile(r"(?:" + trie_pattern(c.phrase for c in self.cues) + r")(?!\w)")
        self.law_by_key = {law.key: law for law in self.laws}
        self._abbrev_re = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(s) for s, _ in sorted(self.abbreviations, key=lambda a: -len(a[0]))) + r")(?!\w)",
            re.IGNORECASE,
        )
        self._abbrev = {s.lower(): long for s, long in self.abbreviations}
        self.province_by_name = {}
        for p in self.provinces:
            for n in (p.name, *p.aliases):
                self.province_by_name[n.lower()] = p
        self.province_re = re.compile(
            r"(?<!\w)(" + alternation(self.province_by_name) + r")(?!\w)"
        )
        self.province_by_slug = {p.slug: p for p in self.provinces}

    # -- lookups -------------------------------------------------------------------

    def issuer_for(self, code: str) -> Issuer | None:
        code = code.lower().replace("&", "")  # "BNN&PTNT" is BNNPTNT
        iss = self.issuer_by_code.get(code)
        if iss:
            return iss
        for pat, iss in self.issuer_patterns:
            if pat.fullmatch(code):
                return iss
        return None

    def is_term_code(self, code: str) -> bool:
        """Codes such as QH13 whose trailing digits are a term, not a footnote marker."""
        return any(pat.fullmatch(code.lower()) for pat, _ in self.issuer_patterns)

    def cue_for(self, matched: str) -> Cue | None:
        return self.cue_by_phrase.get(_norm_space(matched))

    def abbreviation_for(self, word: str) -> str:
        """One lower-case word as law keys spell it: abbreviations expanded, no punctuation."""
        return self._spelt[word]

    def _spell(self, word: str) -> str:
        long = self._abbrev.get(word.lower())
        if long is None:
            return word.lower().replace("-", " ").strip()
        return " ".join(re.sub(r"[^\w\s]", " ", long.lower()).split())

    def expand_abbreviations(self, text: str) -> str:
        return self._abbrev_re.sub(lambda m: self._abbrev[m.group(1).lower()], text)

    def law_key(self, name: str) -> str:
        """Compare law names ignoring case, punctuation, abbreviations and the type word."""
        return self._law_keys[name]

    def _law_key(self, name: str) -> str:
        s = self.expand_abbreviations(name).lower()
        s = _NOT_WORD_OR_SPACE.sub(" ", s)
        s = " ".join(s.split())
        s = _TYPE_WORD_HEAD.sub("", s)
        # "Luật Sở hữu trí tuệ sửa đổi" (a short title) is "Luật sửa đổi, bổ sung một số
        # điều của Luật Sở hữu trí tuệ" (the law's name)
        short = _AMENDED_SHORT.fullmatch(s)
        return f"{_AMENDING_HEAD}{short.group(1)}" if short else s

    def find_law(self, name: str) -> Law | None:
        return self.law_by_key.get(self.law_key(name))

    def province(self, name: str) -> Province | None:
        return self.province_by_name.get(" ".join(name.split()).lower())


def _read(name: str) -> dict:
    data = resources.files("legalgraph.data").joinpath("grammar", name).read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@functools.lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    raw = {n: _read(f"{n}.toml") for n in ("doc_types", "issuers", "relations", "laws", "law_versions",
                                           "laws_reference", "abbreviations", "provinces", "bodies", "roles",
                                           "deadlines", "notes")}
    types = {
        t["name"]: DocType(
            name=t["name"], slug=t["slug"], words=tuple(w.lower() for w in t["words"]),
            codes=tuple(t["codes"]), rank=t["rank"], family=t["family"],
            assigns_tasks=t.get("assigns_tasks", False), normative=t.get("normative", False),
            passed_by=t.get("passed_by"), label=t["label"], named=t.get("named", False),
            issuer_codes=tuple(c.lower() for c in t.get("issuer_codes", ())),
            untyped_administrative=t.get("untyped_administrative", False),
        )
        for t in raw["doc_types"]["type"]
    }
    issuers = [
        Issuer(code=i["code"], name=i["name"], scope=i["scope"], names=tuple(i.get("names", ())),
               pattern=i.get("pattern"), changes_rank=i.get("changes_rank"))
        for i in raw["issuers"]["issuer"]
    ]
    cues = []
    for c in raw["relations"]["cue"]:
        nb = c.get("not_before")
        not_before = re.compile(r"\s*(?:" + alternation(nb) + r")(?!\w)") if nb else None
        for phrase in c["phrases"]:
            cues.append(Cue(relation=c["relation"], voice=c["voice"], phrase=phrase.lower(),
                            not_before=not_before))
    abbreviations = [(a["short"], a["long"]) for a in raw["abbreviations"]["abbreviation"]]
    provinces = [
        Province(name=p["name"], slug=p["slug"], kind=p["kind"], successor=p.get("successor"),
                 current=p["current"], aliases=tuple(p.get("aliases", ())), before_2025=p["before_2025"])
        for p in raw["provinces"]["province"]
    ]
    grammar = Grammar(types=types, issuers=issuers, cues=cues, laws=[], abbreviations=abbreviations,
                      provinces=provinces, raw=raw)
    # the hand-kept laws.toml first, then those from public knowledge (laws_reference.toml),
    # then the versions scripts/make_law_gazetteer.py read off the bundled texts
    # (law_versions.toml, where a text may print an amending law's number with the name of
    # the law it amends): a number, or a name's year, already given is not given again
    entries: dict[str, dict] = {}
    numbers: set[str] = set()
    for law in raw["laws"]["law"] + raw["laws_reference"].get("law", []) + raw["law_versions"].get("law", []):
        key = grammar.law_key(law["name"])
        entry = entries.setdefault(key, {"name": law["name"], "amends": law.get("amends"), "versions": {}})
        for v in law["versions"]:
            number = v.get("number")
            if number in numbers or any(w["year"] == v["year"] and w.get("number") != number
                                        and (w.get("number") or not number) for w in entry["versions"].values()):
                continue
            entry["versions"].setdefault(number or f"year:{v['year']}", v)
            if number:
                numbers.add(number)
    laws = []
    for key, law in entries.items():
        name = law["name"]
        named_type = grammar.type_named(name)
        type_ = named_type.name if named_type is not None else "Luật"
        versions = tuple(sorted(
            (LawVersion(year=v["year"], number=v.get("number"), date=v.get("date"), effective=v.get("effective"))
             for v in law["versions"].values()),
            key=lambda v: (v.year, v.date or ""),
        ))
        laws.append(Law(name=name, key=key, type=type_, versions=versions, amends=law.get("amends")))
    grammar.laws = laws
    grammar.law_by_key = {law.key: law for law in laws}
    return grammar


# the types of instrument known by a name as well as a number ("Luật Đất đai số 31/2024/QH15"):
# those doc_types.toml marks `named`
NAMED_TYPES = tuple(t["name"] for t in _read("doc_types.toml")["type"] if t.get("named"))

# an amending law's name: "sửa đổi, bổ sung một số điều của" then the laws it lists, joined
# by commas and "và" ("… của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương")
AMENDING_HEAD = r"sửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?"
LISTED_LAW_SEP = re.compile(r"\s*(?:,|\s+và)\s*(?=(?:bộ\s+)?luật\s)")

# the years of each National Assembly term (khóa): a law's number carries its term (QH13)
ASSEMBLY_TERMS = {10: (1997, 2002), 11: (2002, 2007), 12: (2007, 2011), 13: (2011, 2016), 14: (2016, 2021),
                  15: (2021, 2026), 16: (2026, 2031)}


def term_fits(number: str) -> bool:
    """Do a law number's year and Assembly term agree ("67/2014/QH14" does not: a misprint)?"""
    m = re.fullmatch(r"\d+/((?:19|20)\d\d)/(?:UBTV)?QH(\d+)", number)
    if m is None:
        return False
    lo, hi = ASSEMBLY_TERMS.get(int(m.group(2)), (0, 0))
    return lo <= int(m.group(1)) <= hi


def type_slug(type_name: str | None) -> str:
    return slugify(type_name) if type_name else "van-ban"
