"""The extraction pipeline: text -> citations -> identity -> resolution -> relations.

Each pass is a module of its own (eyecite's find / resolve / annotate split); this one
only runs them in order and builds the ``Extraction`` that ``legalgraph extract`` prints.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from legalgraph.extract.bodies import BodyFinder, summarize
from legalgraph.extract.citations import CitationFinder, Found
from legalgraph.extract.editor_notes import NoteReader, note_relations
from legalgraph.extract.footnotes import find_footnotes
from legalgraph.extract.identity import Identity, IdentityReader
from legalgraph.extract.outline import Outline
from legalgraph.extract.relations import RelationFinder, in_time
from legalgraph.extract.resolve import Instrument, Resolver
from legalgraph.extract.tasks import TaskFinder
from legalgraph.grammar import AMENDING_HEAD, LISTED_LAW_SEP, NAMED_TYPES, load_grammar, type_slug
from legalgraph.ids import WorkRef, number_key, slugify
from legalgraph.model import Citation, Document, Extraction, Mention, Relation, Span
from legalgraph.text.sentences import Sentences
from legalgraph.text.view import TextView



def _in_spans(pos: int, spans, starts) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
# a web copy's first line: the site's short title ("Luật Đất đai 2024")
_SITE_TITLE = re.compile(r"\s*(Bộ luật|Luật|Pháp lệnh)\s+([^\n]{2,300}?)\s+((?:19|20)\d\d)[ \t]*\n", re.IGNORECASE)
_AMENDING_LAW = re.compile(rf"^luật\s+{AMENDING_HEAD}(?P<inner>(?:bộ\s+)?luật\s+.+)$")


class Extractor:
    """Holds the compiled grammar and the passes; ``extract`` is safe to call repeatedly."""

    def __init__(self):
        self.g = load_grammar()
        self.finder = CitationFinder(self.g)
        self.identity = IdentityReader(self.g)
        self.resolver = Resolver(self.g)
        self.relations = RelationFinder(self.g)
        self.notes = NoteReader(self.g)
        self.bodies = BodyFinder(self.g)  # spaCy loads on first use
        self.tasks = TaskFinder(self.g)

    def extract(self, text: str, source: str = "<text>", bodies: bool = True, identity=None) -> Extraction:
        """Everything legalgraph reads in one document; ``bodies=False`` skips the bodies
        and tasks (and spaCy). ``identity`` gives the document's identity instead of
        reading it from a header (catalogue rows)."""
        # normalize() returns the text itself when its quick check finds it in NFC; asking
        # is_normalized() first would normalize a decomposed text twice
        text = unicodedata.normalize("NFC", text)
        view, statements, note_found, note_spans = self._publishers_notes(TextView.of(text))
        if identity is None:
            view = self.identity.restore_header(view)
        numbered = self.finder.numbered(view)
        notes = find_footnotes(view, numbered)
        breaks = []
        for n in notes:
            breaks.append(text.rfind("\n", 0, n.start) + 1)
            breaks.append(n.end)
        sentences = Sentences(view.clean, extra_starts=breaks)
        ident = identity if identity is not None else self.identity.read(view, numbered, sentences)
        for n in notes:
            if n.continues and n.host is not None and n.host.date is None:
                self.finder.describe(n.host, view, at=n.start)
        named = self.finder.named(view, numbered)
        instruments, mention_of, self_inst = self.resolver.resolve(
            numbered + [f for f in note_found if f.kind != "named"],
            named + [f for f in note_found if f.kind == "named"], ident, ident.year, view.match)
        self_inst.id = self.resolver.document_id(ident, text)
        if ident.consolidated:
            self_inst.base = self._consolidated_base(instruments, ident)
        relations = self._relations(view, sentences, mention_of, self_inst, notes, ident, instruments, statements,
                                    text)
        body_list, tasks = self._bodies_and_tasks(view, sentences, ident, self_inst) if bodies else ([], [])
        warnings = []
        if ident.number is None:
            warnings.append("no document number found" + (" (blank draft number)" if ident.type else ""))
        return Extraction(source=source, document=self._document(ident, self_inst, text),
                          citations=self._citations(instruments, text), relations=relations,
                          bodies=body_list, tasks=tasks, warnings=warnings, notes=note_spans)

    def _publishers_notes(self, view):
        """A publisher's notes are read apart: every other pass sees them blanked out.
        Returns the view without them, what they state, the citations in them and their
        spans (brackets included)."""
        note_spans = self.notes.find(view)
        if not note_spans:
            return view, [], [], []
        note_view = view.only(note_spans)
        note_found = self.finder.numbered(note_view)
        statements = self.notes.read(note_view, note_spans, note_found)
        # a bracket is a note when it states something (or is the site's scaffolding):
        # square brackets of the text itself ("[ghi tên …]", a chemical name) stay text
        stating = {st.note_start for st in statements}
        note_spans = [sp for sp in note_spans if sp[0] in stating or self.notes.is_publishers(view, sp)]
        starts = [sp[0] for sp in note_spans]
        note_found = [f for f in note_found if _in_spans(f.start, note_spans, starts)]
        note_found += [f for st in statements for f in (st.changer, st.about)
                       if f is not None and f.kind == "named"]
        for f in note_found:
            f.note = True
        return view.without(note_spans), statements, note_found, [tuple(sp) for sp in note_spans]

    def _relations(self, view, sentences, mention_of, self_inst, notes, ident, instruments, statements, text):
        extra_relations = self._title_relations(instruments, sentences, view)
        self_refs = self.identity.self_refs(view)
        relations = self.relations.find(view, sentences, mention_of, self_inst, self_refs, notes, ident,
                                        instruments)
        seen = {(r.source, r.type, r.target) for r in relations}
        relations += [r for r in extra_relations if (r.source, r.type, r.target) not in seen]
        if statements:
            relations = self._with_notes(relations, note_relations(
                statements, mention_of, self_inst, Outline(view.clean), text))
        return in_time(relations, {**instruments, self_inst.id: self_inst})

    def _document(self, ident, self_inst, text) -> Document:
        return Document(
            id=self_inst.id,
            type=ident.type.name if ident.type else None,
            number=ident.number,
            date=ident.date,
            year=ident.year,
            issuer=ident.issuer,
            province=ident.province.name if ident.province else None,
            signer=ident.signer,
            title=ident.title,
            names=self._law_names(ident, text),
        )

    @staticmethod
    def _citations(instruments, text) -> list[Citation]:
        citations = []
        for inst in sorted(instruments.values(), key=lambda i: min(f.start for f in i.mentions)):
            mentions = sorted({(f.start, f.end): f for f in inst.mentions}.values(), key=lambda f: f.start)
            citations.append(Citation(
                id=inst.id,
                type=inst.type.name if inst.type else None,
                number=inst.number,
                year=inst.year,
                date=inst.date,
                issuer=inst.issuer,
                title=inst.title,
                province=inst.province.name if inst.province else None,
                mentions=[Mention(f.start, f.end, text[f.start:f.end], footnote=f.footnote, note=f.note)
                          for f in mentions],
                names=inst.names,
            ))
        return citations

    def _bodies_and_tasks(self, view, sentences, ident, self_inst):
        doc_province = ident.province if ident.local else None
        assigns = ident.type is None or ident.type.assigns(ident.number) or ident.headerless
        recipients = self.tasks.recipient_ranges(view)
        if not assigns:
            zone = (recipients[0][0], len(view.text)) if recipients else None
        else:
            zone = (self.tasks.zone(view, ident)[0], len(view.text))  # the items, then "Nơi nhận"
        mentions = self.bodies.find(view, sentences, doc_province, zone)
        tasks = self.tasks.find(view, ident, mentions, self_inst.id) if assigns else []
        body_list = summarize(mentions, recipients, self.bodies.issuer(ident.issuer, doc_province),
                              ident.signer, tasks)
        return body_list, tasks

    def extract_row(self, row, source: str, bodies: bool = True) -> Extraction:
        """One catalogue row: its identity from its columns, everything else from its title
        ("kế hoạch triển khai thực hiện nghị định số 116/2021/nđ-cp ... của chính phủ")."""
        g = self.g
        title = unicodedata.normalize("NFC", row.title)
        found = self.finder.numbered(TextView.of(unicodedata.normalize("NFC", row.number))) if row.number else []
        number = found[0] if found else None
        doc_type = number.type if number is not None else None
        if doc_type is None and row.type:
            doc_type = g.type_by_word.get(" ".join(row.type.lower().split()))
        if doc_type is None:
            m = re.match(rf"\s*({g.type_words_re})(?!\w)", title.lower())
            doc_type = g.type_by_word.get(" ".join(m.group(1).split())) if m else None
        province = None
        if row.issuer:
            pm = g.province_re.search(row.issuer.lower())
            province = g.province(pm.group(1)) if pm else None
        year = int(row.date[:4]) if row.date else (number.num_year if number is not None else None)
        ident = Identity(type=doc_type, number=number.number if number is not None else None,
                         issuer_code=number.issuer_code if number is not None else None, date=row.date, year=year,
                         issuer=row.issuer, province=province,
                         local=bool((number is not None and number.local) or province is not None),
                         title=title, title_span=(0, len(title)), preamble_end=len(title))
        result = self.extract(title, source=source, bodies=bodies, identity=ident)
        if row.status:
            result.document.status = row.status
        return result

    # -- relations stated by titles -------------------------------------------------

    def _title_relations(self, instruments, sentences, view) -> list[Relation]:
        """'Luật sửa đổi, bổ sung một số điều của Luật X năm 2020' amends Luật X."""
        out = []
        by_number = {number_key(i.number): i for i in instruments.values() if i.number}
        by_key = {}
        for inst in instruments.values():
            if inst.law is not None:
                by_key.setdefault(inst.law.key, inst)
        for inst in list(instruments.values()):
            if all(f.note for f in inst.mentions):
                continue  # named only in a publisher's note
            name = (inst.law.name if inst.law else inst.title) or ""
            m = _AMENDING_LAW.match(name.lower())
            if not m or inst.type is None or inst.type.name not in ("Luật", "Bộ luật"):
                continue
            for inner in self._inner_laws(m.group("inner")):
                rel = self._title_relation(inst, inner, instruments, by_key, by_number, sentences, view)
                if rel is not None:
                    out.append(rel)
        return out

    def _inner_laws(self, names: str) -> list:
        """The known laws an amending law's name lists; the whole name when it is one law
        whose own name holds a comma or "và" ("Luật Phổ biến, giáo dục pháp luật")."""
        whole = self.g.find_law(names)
        if whole is not None:
            return [whole]
        parts = [p for p in LISTED_LAW_SEP.split(names) if p.strip()]
        found = [self.g.find_law(p) for p in parts] if len(parts) > 1 else []
        return [law for law in found if law is not None]

    def _title_relation(self, inst, inner, instruments, by_key, by_number, sentences, view) -> Relation | None:
        """``inst`` AMENDS the law ``inner`` its name lists: the instrument the text already
        cites for that law, else the version passed by ``inst``'s year, mentioned inside
        ``inst``'s name."""
        target = by_key.get(inner.key)
        version = inner.version(before=inst.year)
        if target is None and version is not None and version.number:
            target = by_number.get(number_key(version.number))
        f = inst.mentions[0]
        if target is None and version is not None:
            lo, hi = self._inner_span(view, f, inner)
            if lo is None:
                return None
            uri = (WorkRef(type_slug(inner.type), version.year, number=version.number).uri if version.number
                   else WorkRef(type_slug(inner.type), version.year, name=inner.key).uri)
            inner_type = self.g.types[inner.type]
            target = Instrument(id=uri, type=inner_type, number=version.number, year=version.year,
                                date=version.date, issuer=inner_type.passed_by, title=inner.name, province=None,
                                local=False, law=inner,
                                mentions=[Found(start=lo, end=hi, kind="named", law=inner, law_name=inner.name)])
            instruments[uri] = target
        if target is None or target is inst:
            return None
        s, e = sentences.around(f.start)
        return Relation(source=inst.id, type="AMENDS", target=target.id,
                        evidence=Span(s, e, view.text[s:e]), cue="sửa đổi, bổ sung (tên luật)")

    def _inner_span(self, view, f, inner):
        """Where the outer mention names the inner law: the "luật" whose words key as it."""
        pos = view.match.find("luật", f.start + 4, f.end)
        while pos > 0:
            nxt = LISTED_LAW_SEP.search(view.match, pos + 4, f.end)
            end = nxt.start() if nxt else f.end
            if self.g.law_key(view.text[pos:end]) == inner.key or nxt is None:
                return pos, end
            pos = view.match.find("luật", nxt.end(), f.end)
        return None, None

    def _law_names(self, ident, text) -> list[str]:
        """The name ids a law is also cited by — its name and year ("Luật Đất đai" 2024), and
        the web copy's short title on its first line ("Luật Hải quan sửa đổi 2005") — so the
        graph makes the law's text and citations of it by name one node."""
        if ident.type is None or ident.type.name not in NAMED_TYPES or ident.year is None:
            return []
        g = self.g
        titles = [ident.title] if ident.title else []
        first = _SITE_TITLE.match(text)
        if first and int(first.group(3)) == ident.year and first.group(1).lower() == ident.type.name.lower():
            titles.append(f"{first.group(1)} {first.group(2)}")
        names = []
        for title in titles:
            law = g.find_law(title)
            key = g.law_key(law.name if law else title)
            uri = WorkRef(type_slug(ident.type.name), ident.year, name=slugify(key) or None).uri
            if key and uri not in names:
                names.append(uri)
        return names

    @staticmethod
    def _with_notes(relations, from_notes):
        """The document's own relations and the notes' ones; a pair that one of them links
        by a typed relation needs no CITES from the other."""
        typed = {(r.source, r.target) for r in relations + from_notes if r.type != "CITES"}
        own = {(r.source, r.type, r.target) for r in relations}
        out = [r for r in relations if r.type != "CITES" or (r.source, r.target) not in typed]
        out += [r for r in from_notes if (r.source, r.type, r.target) not in own
                and (r.type != "CITES" or (r.source, r.target) not in typed)]
        return out

    @staticmethod
    def _consolidated_base(instruments, ident):
        """The instrument a consolidated text consolidates: the first one it cites."""
        if not instruments:
            return None
        return min(instruments.values(), key=lambda i: min(f.start for f in i.mentions))


_EXTRACTOR: Extractor | None = None


def extractor() -> Extractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def extract_text(text: str, source: str = "<text>", bodies: bool = True) -> Extraction:
    return extractor().extract(text, source=source, bodies=bodies)


def extract_file(path) -> Extraction:
    from legalgraph.text.read import read_document

    text = read_document(path)
    return extract_text(text, source=str(path))
