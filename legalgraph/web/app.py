"""The Starlette application: pages that parse a request, ask ``legalgraph.Graph`` and
format its rows; a JSON API for the same questions (``/openapi.json``).

Nothing here reads the file system on a request's behalf: a page names an instrument (by
number, name or work URI) or a source of the store, and what is shown comes from the store
through the public API. Writes (uploads) need the CSRF token of the page's form, and, when
the server listens beyond loopback, the access token; they run in a worker thread, one at a
time, while readers go on (SQLite WAL).
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import datetime as dt
import functools
import hmac
import io
import os
import re
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import legalgraph
from legalgraph.web import collection, i18n

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 1024 * 1024  # bytes, all files of one upload together
MAX_FILES = 200
CSRF_COOKIE = "legalgraph_csrf"
# an instrument's page shows this many relations of each group and rows of its chain (the
# JSON API has them all): a law the whole collection cites has tens of thousands
SHOWN_RELATIONS = 50
SHOWN_CHAIN = 200
LANG_COOKIE = "legalgraph_lang"

# the groups of Graph.RELATION_GROUPS, as vbpl.vn's "Lược đồ" names them (message ids)
GROUP_TITLES = {
    "based_on": "Based on (căn cứ)", "basis_for": "Basis for",
    "details": "Guides / details", "detailed_by": "Guided / detailed by",
    "amends": "Amends / supplements", "amended_by": "Amended / supplemented by",
    "replaces": "Replaces", "replaced_by": "Replaced by",
    "repeals": "Repeals", "repealed_by": "Repealed by",
    "implements": "Implements", "implemented_by": "Implemented by",
    "cites": "Cites", "cited_by": "Cited by",
}
# a search row's status: the strongest change the collection states of it (Graph.changed)
STATUS_OF = {"REPEALS": "repealed", "REPLACES": "replaced", "AMENDS": "amended"}
# other names shown through the catalogue: statuses, roles, upload outcomes, report columns
SHOWN_NAMES = ("repealed", "replaced", "amended", "no change known", "any", "lead", "support", "report_to",
               "added", "updated", "unchanged",
               "Rests on a changed text", "Issuer", "Province", "Relation", "Changed text", "Change", "Changed by",
               "Date of change", "Provisions", "Evidence", "Deadline", "Overdue", "Task", "Lead", "Support",
               "Document", "Number", "Type", "Date", "Title", "Cited by", *legalgraph.VIEW_WORDS)


def _environments() -> dict:
    envs = {}
    for lang in i18n.LANGUAGES:
        env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                          extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(i18n.translations(lang), newstyle=True)
        env.filters["q"] = lambda s: quote(str(s or ""), safe="")
        envs[lang] = env
    return envs


class Web:
    """The application over one store."""

    def __init__(self, store, *, token: str | None = None, require_token: bool = False,
                 max_upload: int = MAX_UPLOAD):
        self.store = str(store)
        self.token = token
        self.require_token = require_token
        self.max_upload = max_upload
        self.envs = _environments()
        self.generation = 0  # one more after each upload: the readers' graphs are out of date
        self._local = threading.local()
        self._cited = None  # (store state, the most cited instruments) for the home page
        self._cache_lock = threading.Lock()

    # -- helpers ----------------------------------------------------------------------

    def lang(self, request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or i18n.DEFAULT
        return lang if lang in i18n.LANGUAGES else i18n.DEFAULT

    @contextmanager
    def graph(self):
        """The store opened for reading, one per worker thread, kept between requests (a
        Graph keeps what it has read of the store) and opened again once the store has
        changed: after an upload here, or a write by another process (its file or log)."""
        state = self._state()
        graph = getattr(self._local, "graph", None)
        if graph is not None and self._local.state != state:
            graph.close()
            graph = None
        if graph is None:
            graph = self._local.graph = legalgraph.Graph.open(self.store)
            self._local.state = state
        yield graph

    def most_cited(self, graph, top: int = 10) -> list:
        """The ``top`` most cited instruments (``Instrument`` rows: type, title, cited_by),
        read once per state of the store (a scan of every instrument: 45 ms at 100,000
        documents), so the home page asks again only after a change."""
        state = self._state()
        with self._cache_lock:
            if self._cited is not None and self._cited[0] == state:
                return self._cited[1]
        rows = graph.most_cited(top)
        with self._cache_lock:
            self._cited = (state, rows)
        return rows

    def _state(self) -> tuple:
        def stamp(path):
            try:
                st = os.stat(path)
                return st.st_mtime_ns, st.st_size
            except OSError:
                return None
        return self.generation, stamp(self.store), stamp(self.store + "-wal")

    def page(self, request: Request, template: str, code: int = 200, **context) -> HTMLResponse:
        lang = self.lang(request)
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        body = self.envs[lang].get_template(template).render(
            lang=lang, csrf=csrf, here=here, path=request.url.path, token_needed=self.require_token,
            group_titles=GROUP_TITLES, **context)
        response = HTMLResponse(body, status_code=code)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        if request.query_params.get("lang") in i18n.LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, samesite="lax")
        return response

    def failure(self, request: Request, error: Exception, status: int = 404) -> HTMLResponse:
        _ = i18n.gettext(self.lang(request))
        choices = getattr(error, "choices", None) or []
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        heading = {404: _("Not found"), 409: _("Several instruments answer to this name"),
                   400: _("The request cannot be answered"), 403: _("Not allowed"),
                   413: _("Too large")}.get(status, _("Error"))
        return self.page(request, "error.html", code=status, heading=heading, message=message, choices=choices)

    def status_of(self, error: Exception) -> int:
        if isinstance(error, legalgraph.Ambiguous):
            return 409
        if isinstance(error, legalgraph.NotFound):
            return 404
        if isinstance(error, legalgraph.StoreError):
            return 503
        return 400

    # -- pages ------------------------------------------------------------------------

    def search(self, request: Request):
        q = (request.query_params.get("q") or "").strip()[:300]
        rows, found = [], None
        stats = None
        with self.graph() as graph:
            if q:
                found = named(graph, q)
                rows = graph.search(q, limit=50)
                if found is not None and all(r.id != found.id for r in rows):
                    rows.insert(0, found)
            else:
                stats = graph.summary()
                stats["most_cited"] = self.most_cited(graph)
            changes = graph.changed([r.id for r in rows])
            statuses = {r.id: STATUS_OF.get(changes.get(r.id), "no change known") for r in rows}
        return self.page(request, "search.html", q=q, rows=rows, statuses=statuses, stats=stats)

    def instrument(self, request: Request):
        name = (request.query_params.get("name") or "").strip()
        try:
            with self.graph() as graph:
                details = graph.show(name, limit=SHOWN_RELATIONS)
                inst = details.instrument
                groups = details.groups()
                down = graph.chain(inst.id, evidence=False)
                up = graph.chain(inst.id, up=True, evidence=False)
                coverage = graph.coverage(inst.id)
                tasks = graph.document_tasks(inst.id) if not inst.stub else []
        except (legalgraph.NotFound, legalgraph.Ambiguous, ValueError) as e:
            return self.failure(request, e, self.status_of(e))
        units = [r for r in coverage if r.period == "from 2025"]
        before = [r for r in coverage if r.period == "before 2025"]
        status = [(g, groups[g]) for g in ("amended_by", "replaced_by", "repealed_by") if g in groups]
        return self.page(request, "instrument.html", inst=inst, data=details.data, groups=groups, down=down,
                         up=up, units=units, before=before, acted=coverage.acted("from 2025"),
                         acted_before=coverage.acted("before 2025"), tasks=tasks, status=status,
                         sources=details.read_from, shown=SHOWN_RELATIONS,
                         more={group: details.left_out(group) + max(0, len(rows) - SHOWN_RELATIONS)
                               for group, rows in groups.items()},
                         shown_chain=SHOWN_CHAIN)

    def relations(self, request: Request):
        """One group of an instrument's relations (``group``: cited_by, amended_by, …), a
        page of them at a time (``page``, from 1): where its page stops, a reader goes on."""
        name = (request.query_params.get("name") or "").strip()
        group = request.query_params.get("group") or ""
        _ = i18n.gettext(self.lang(request))
        try:
            direction = {g: d for g, _r, d in legalgraph.Graph.RELATION_GROUPS}.get(group)
            if direction is None:
                raise ValueError(_("No such group of relations: %(g)s") % {"g": group[:40]})
            number = _int(request.query_params.get("page"), 1, 1, 10 ** 6)
            skip = (number - 1) * SHOWN_RELATIONS
            with self.graph() as graph:
                if direction == "in":  # a page of them read from the store
                    details = graph.show(name, limit=SHOWN_RELATIONS, offset=skip)
                    rows = details.groups().get(group, [])
                    total = len(rows) + details.left_out(group)
                else:  # what a text itself cites: all of it is read, this page shown
                    details = graph.show(name)
                    every = details.groups().get(group, [])
                    rows, total = every[skip:skip + SHOWN_RELATIONS], len(every)
        except (legalgraph.NotFound, legalgraph.Ambiguous, ValueError) as e:
            return self.failure(request, e, self.status_of(e))
        pages = max(1, -(-total // SHOWN_RELATIONS))
        return self.page(request, "relations.html", inst=details.instrument, group=group, rows=rows, total=total,
                         first=skip + 1, number=number, pages=pages)

    def document(self, request: Request):
        source = request.query_params.get("source") or ""
        with self.graph() as graph:
            doc = graph.document(source)
            own = graph.find(doc["own"]) if doc and doc["own"] else None
        if doc is None:
            _ = i18n.gettext(self.lang(request))
            return self.failure(request, legalgraph.NotFound(_("No document of the collection has this source")))
        target = None
        at, end = request.query_params.get("at", ""), request.query_params.get("end", "")
        if at.isdigit() and end.isdigit() and int(at) < int(end) <= len(doc["text"]):
            target = (int(at), int(end))
        _ = i18n.gettext(self.lang(request))
        labels = {"tag": _("publisher's note"),
                  "title": _("Added by the site this copy comes from (thuvienphapluat.vn): not the document's words")}
        body = annotate(doc, target, labels)
        return self.page(request, "document.html", doc=doc, own=own, body=body,
                         notes=len(publishers_notes(doc)))

    def add_form(self, request: Request):
        return self.page(request, "add.html", done=None, max_mb=self.max_upload // (1024 * 1024))

    async def add(self, request: Request):
        """Files posted to /add: the add page's script sends one file a request and asks for
        JSON (``Accept: application/json``), a form without JavaScript posts them all at once
        and gets the page. Either way each file goes in as its own transaction."""
        _ = i18n.gettext(self.lang(request))
        wants_json = "application/json" in (request.headers.get("accept") or "")

        def refuse(error: Exception, status: int):
            if wants_json:
                return JSONResponse({"error": str(error)}, status_code=status)
            return self.failure(request, error, status)

        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_upload + 64 * 1024:
            return refuse(ValueError(_("The upload is larger than the limit of {size}").format(
                size=_size(self.max_upload))), 413)
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=20, max_part_size=self.max_upload)
        except ClientDisconnect:
            return Response(status_code=400)  # the sender has gone: nothing was added, no one to tell
        except Exception as e:  # a malformed or oversized multipart body: one line
            return refuse(ValueError(_("The upload cannot be read: {error}").format(
                error=" ".join(str(e).split())[:200])), 400)
        try:
            if not self.allowed(request, form):
                return refuse(PermissionError(
                    _("This form has expired or the access token is wrong; reload the page and try again")), 403)
            files, total = [], 0
            for upload in form.getlist("files"):
                if not hasattr(upload, "read"):
                    continue
                data = await upload.read(self.max_upload + 1)
                total += len(data)
                if total > self.max_upload:
                    return refuse(ValueError(_("The upload is larger than the limit of {size}").format(
                        size=_size(self.max_upload))), 413)
                files.append((upload.filename or "file", data))
        finally:
            await form.close()
        if not files:
            return refuse(ValueError(_("No file was sent")), 400)
        try:
            done = await run_in_threadpool(collection.add_files, self.store, files)
        except legalgraph.StoreError as e:
            return refuse(e, 503)
        finally:
            self.generation += 1
        if wants_json:
            return JSONResponse({"files": [self.outcome(_, *f) for f in done.files]})
        return self.page(request, "add.html", done=done, max_mb=self.max_upload // (1024 * 1024))

    @staticmethod
    def outcome(_, name: str, outcome: str, what) -> dict:
        """One line of an upload's answer for the add page's script: the source, what
        happened (its words in the page's language) and the links to the new pages, or the
        error line."""
        if outcome == "error":
            return {"name": name, "outcome": "error", "error": f'{_("Cannot be added")}: {what}'}
        links = [{"href": "/instrument?name=" + quote(i, safe=""), "text": _("its page"), "class": "page"}
                 for i in what]
        if "#" not in name:
            links.append({"href": "/document?source=" + quote(name, safe=""), "text": _("its text"), "class": "text"})
        return {"name": name, "outcome": outcome, "shown": _({"replaced": "updated"}.get(outcome, outcome)),
                "links": links}

    def allowed(self, request: Request, form) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE) or ""
        sent = str(form.get("csrf") or request.headers.get("X-CSRF-Token") or "")
        if not cookie or not hmac.compare_digest(cookie, sent):
            return False
        if self.require_token:
            given = str(form.get("token") or request.headers.get("X-Token") or "")
            return bool(self.token) and hmac.compare_digest(self.token, given)
        return True

    def report(self, request: Request):
        kind = request.path_params["kind"]
        params = request.query_params
        filters = {k: (params.get(k) or "").strip() for k in ("province", "issuer", "from", "to", "body", "role")}
        fmt = params.get("format") or "html"
        try:
            with self.graph() as graph:
                columns, rows = report_rows(graph, kind, filters)
        except (legalgraph.NotFound, legalgraph.Ambiguous, ValueError) as e:
            return self.failure(request, e, self.status_of(e))
        if fmt in ("csv", "xlsx"):
            _ = i18n.gettext(self.lang(request))
            header = [_(c) for c in columns]
            return download(kind, header, rows, fmt)
        return self.page(request, "report.html", kind=kind, columns=columns, rows=rows, filters=filters,
                         query=request.url.query)

    def view(self, request: Request):
        """A graph view of an instrument: its implementation chain (``direction``: up, down,
        both), laid out in layers, what is implemented above what implements it; or its
        neighbourhood (``depth`` steps), with tasks and bodies folded away unless ``all=1``.
        The instrument asked about is labelled (its title and "the instrument asked about")
        and ringed; the page's own words are in the reader's language."""
        _ = i18n.gettext(self.lang(request))
        params = request.query_params
        name = (params.get("name") or "").strip()
        direction = params.get("direction") or None
        direction = direction if direction in ("up", "down", "both") else None
        try:
            depth = max(1, min(int(params.get("depth") or 1), 3))
        except ValueError:
            depth = 1
        folded = params.get("all") != "1"
        try:
            with self.graph() as graph:
                view = graph.view(name, direction=direction, depth=depth)
                root = graph.find(view.focus[0]) if view.focus else None
        except (legalgraph.NotFound, legalgraph.Ambiguous, ValueError, legalgraph.ViewTooLarge) as e:
            return self.failure(request, e, self.status_of(e))
        g = view.graph.copy()
        hidden = 0
        if folded:
            away = [n for n, d in g.nodes(data=True) if d.get("kind") != "instrument" and n not in view.focus]
            hidden = len(away)
            g.remove_nodes_from(away)
        for node in view.focus:
            if node in g:
                title = " ".join((root.title or "").split()) if root and node == root.id else ""
                title = title if len(title) <= 60 else title[:59] + "…"
                g.nodes[node]["caption"] = "\n".join(x for x in (title, "★ " + _("the instrument asked about")) if x)
        label = " ".join(x for x in ((root.type or "") if root else "", root.label if root else name) if x)
        heading = {"up": _("implementation chain: what it implements"),
                   "down": _("implementation chain: what implements it"),
                   "both": _("implementation chain, up and down")}.get(direction) or (
            _("neighbourhood, %(n)s steps") % {"n": depth} if depth > 1 else _("neighbourhood"))
        notice = None
        if g.number_of_nodes() <= 1:
            notice = _("Nothing in the collection is linked to this instrument this way.")
        elif hidden:
            notice = _("%(n)s tasks, bodies and other nodes are folded away.") % {"n": hidden}
        view = dataclasses.replace(view, graph=g, heading=f"{label} — {heading}", notice=notice)
        try:
            page = view.html(words=i18n.gettext(self.lang(request)))
        except legalgraph.ViewTooLarge as e:
            return self.failure(request, e, 400)
        page = self._graph_page(page, self.lang(request), root.id if root else name, direction, depth, folded,
                                hidden)
        response = HTMLResponse(page)
        response.headers["Content-Security-Policy"] = "default-src 'self' 'unsafe-inline' data:; connect-src 'none'"
        return response

    def _graph_page(self, page: str, lang: str, name: str, direction, depth: int, folded: bool, hidden: int) -> str:
        """The view's page with a bar of links (back to the instrument, chain or
        neighbourhood, tasks and bodies shown or folded)."""
        _ = i18n.gettext(lang)

        def href(**kw):
            query = {"name": name, **{k: v for k, v in kw.items() if v}}
            return "/graph?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in query.items())

        links = [(f"/instrument?name={quote(name, safe='')}", "← " + _("its page"), "lg-back")]
        if direction != "both":
            links.append((href(direction="both"), _("implementation chain"), "lg-chain"))
        if direction:
            links.append((href(), _("neighbourhood"), "lg-around"))
        else:
            if folded and hidden:
                links.append((href(depth=depth if depth > 1 else None, all="1"), _("show tasks and bodies"),
                              "lg-unfold"))
            elif not folded:
                links.append((href(depth=depth if depth > 1 else None), _("fold tasks and bodies away"), "lg-fold"))
            if depth < 3:
                links.append((href(depth=depth + 1, all=None if folded else "1"), _("one step further"), "lg-deeper"))
        nav = " · ".join(f'<a id="{i}" href="{escape(h)}">{escape(t)}</a>' for h, t, i in links)
        page = page.replace('<div id="lg-header">', f'<div id="lg-header"><nav id="lg-nav" style="font-size:13px;'
                            f'margin-bottom:4px">{nav}</nav>', 1)
        return page.replace("<html>", f'<html lang="{lang}">', 1)

    # -- JSON API ---------------------------------------------------------------------

    def api(self, request: Request):
        what = request.path_params["what"]
        params = request.query_params
        try:
            with self.graph() as graph:
                return JSONResponse(api_answer(graph, what, params))
        except legalgraph.Ambiguous as e:
            return JSONResponse({"error": str(e).splitlines()[0], "choices": [c.to_dict() for c in e.choices]},
                                status_code=409)
        except legalgraph.NotFound as e:
            return JSONResponse({"error": str(e).splitlines()[0]}, status_code=404)
        except (ValueError, TypeError) as e:
            return JSONResponse({"error": str(e).splitlines()[0] if str(e) else "bad request"}, status_code=400)

    def openapi(self, request: Request):
        from legalgraph.web.openapi import description

        return JSONResponse(description())

    def health(self, request: Request):
        with self.graph() as graph:
            return JSONResponse(graph.summary())


def named(graph, q: str):
    """The instrument the query names, if it names one: as ``Graph.find`` reads names, or a
    number followed by its year as people type it ("916/QĐ-TTg 2024", "… năm 2024")."""
    try:
        return graph.find(q)
    except (legalgraph.NotFound, ValueError):
        pass
    except legalgraph.Ambiguous:
        return None
    m = re.match(r"^(.*?\S)\s+(?:năm\s+)?((?:19|20)\d\d)$", q.strip())
    if not m:
        return None
    try:
        found = graph.find(m.group(1))
    except legalgraph.Ambiguous as e:
        years = [c for c in e.choices if c.year == int(m.group(2))]
        return years[0] if len(years) == 1 else None
    except (legalgraph.NotFound, ValueError):
        return None
    return found if found.year in (None, int(m.group(2))) else None


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


@functools.lru_cache(maxsize=1)
def _site_markers() -> tuple:
    """How a publisher's scaffolding begins inside its brackets ("[ID: …]", "[Link: …]"):
    data/grammar/notes.toml's ``site_markers``, which extraction reads too."""
    import tomllib

    with open(collection.data_folder() / "grammar" / "notes.toml", "rb") as f:
        return tuple(m.casefold() for m in tomllib.load(f).get("site_markers", ()))


_BRACKET = re.compile(r"\[[^\[\]\n]{1,4000}\]")


def publishers_notes(doc: dict) -> list[tuple[int, int]]:
    """The spans of the publisher's notes in a document's text (thuvienphapluat.vn's
    bracketed notes, brackets included): those extraction read apart, as the store keeps
    them. A store built before it kept them (``doc["notes"]`` None, opened read-only) gets
    a guess from what it does give: a one-line bracket that holds a citation or a
    publisher's note relation (extraction reads a citation inside a note as the note's),
    or that is the site's scaffolding."""
    if doc.get("notes") is not None:
        return [tuple(n) for n in doc["notes"]]
    text = doc["text"]
    inside = sorted([c[0] for c in doc["citations"]] + [r[0] for r in doc["relations"] if r[4] == "note"])
    markers = _site_markers()
    out = []
    for m in _BRACKET.finditer(text):
        a, b = m.span()
        k = bisect.bisect_left(inside, a)
        if (k < len(inside) and inside[k] < b) or text[a + 1:b - 1].lstrip().casefold().startswith(markers):
            out.append((a, b))
    return out


def annotate(doc: dict, target: tuple | None = None, labels: dict | None = None) -> Markup:
    """The document's text as HTML: every citation a link to its instrument's page, every
    relation's evidence marked (a publisher's note apart), every publisher's note in a
    span of its own (``labels``: its "tag" and "title", the words that say it is the
    publisher's), the ``target`` span (the place a link pointed to: (start, end)) marked
    and anchored, all text escaped."""
    text = doc["text"]
    n = len(text)
    cuts = {0, n}
    if target:
        cuts.update(target)
    for start, end, *_ in doc["citations"] + doc["relations"]:
        if 0 <= start < end <= n:
            cuts.update((start, end))
    notes = publishers_notes(doc)
    for start, end in notes:
        cuts.update((start, end))
    cuts = sorted(cuts)
    cites = [c for c in doc["citations"] if 0 <= c[0] < c[1] <= n]
    rels = [r for r in doc["relations"] if 0 <= r[0] < r[1] <= n]
    anchors = {r[0] for r in rels} - ({target[0]} if target else set())
    note_at = {a: b for a, b in notes}
    labels = labels or {}
    opening = (f'<span class="publisher-note" data-tag="{escape(labels.get("tag", ""))}" '
               f'title="{escape(labels.get("title", ""))}">')
    out = []
    note_end = None
    for a, b in zip(cuts, cuts[1:]):
        if note_end is not None and a >= note_end:
            out.append("</span>")
            note_end = None
        if note_end is None and a in note_at:
            out.append(opening)
            note_end = note_at[a]
        piece = str(escape(text[a:b]))
        cite = next((c for c in cites if c[0] <= a and b <= c[1]), None)
        if cite is not None:
            href = "/instrument?name=" + quote(cite[2], safe="")
            piece = (f'<a class="cite" href="{escape(href)}" title="{escape(cite[2])}" data-at="{cite[0]}">'
                     f'{piece}</a>')
        covering = [r for r in rels if r[0] <= a and b <= r[1]]
        if covering:
            r = covering[0]
            cls = "evidence note" if r[4] == "note" else "evidence"
            piece = f'<mark class="{cls}" data-relation="{escape(r[2])}">{piece}</mark>'
        if target and target[0] <= a and b <= target[1]:
            piece = f'<mark class="target">{piece}</mark>'
        if a in anchors or (target and a == target[0]):
            piece = f'<span id="at-{a}"></span>' + piece
        out.append(piece)
    if note_end is not None:
        out.append("</span>")
    return Markup("".join(out))


def _day(value: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value[:40]}") from None


def _within(date, start, end) -> bool:
    if not (start or end):
        return True
    if not date:
        return False
    date = str(date)[:10]
    return (not start or date >= start) and (not end or date <= end)


def report_rows(graph, kind: str, f: dict):
    """(columns, rows of cells) of a report: stale, tasks of a body, missing instruments."""
    start, end = _day(f.get("from")), _day(f.get("to"))
    issuer = f.get("issuer", "").casefold()
    if kind == "stale":
        columns = ["Rests on a changed text", "Issuer", "Province", "Relation", "Changed text", "Change",
                   "Changed by", "Date of change", "Provisions", "Evidence"]
        rows = []
        for r in graph.stale(province=f.get("province") or None):
            if issuer and issuer not in (r.rests_issuer or "").casefold():
                continue
            if not _within(r.date, start, end):
                continue
            rows.append([r.rests_label, r.rests_issuer, r.rests_province, r.rests_relation, r.changed_label,
                         r.change, r.by_label, r.date, r.where, r.evidence])
            if len(rows) >= 5000:
                break
        return columns, rows
    if kind == "tasks":
        columns = ["Deadline", "Overdue", "Task", "Lead", "Support", "Document", "Issuer", "Province"]
        body = f.get("body") or None
        role = f.get("role") or "any"
        if role not in ("any", "lead", "support", "report_to"):
            raise ValueError(f"role is lead, support, report_to or any, not {role[:20]!r}")
        today = dt.date.today().isoformat()
        rows = []
        for t in graph.tasks(body=body, role=role):
            d = t.document
            due = (t.deadline or {}).get("end")
            if f.get("province") and f["province"].casefold() not in (d.province or "").casefold():
                continue
            if issuer and issuer not in (d.issuer or "").casefold():
                continue
            if (start or end) and not _within(due, start, end):
                continue
            rows.append([due, "✔" if due and due < today else "", " ".join((t.text or "").split()),
                         ", ".join(t.lead), ", ".join(t.support), d.label, d.issuer, d.province])
        # overdue first (oldest deadline first), then the others by deadline, undated last
        rows.sort(key=lambda r: (0 if r[1] else 1, r[0] is None, r[0] or ""))
        return columns, rows
    if kind == "missing":
        columns = ["Number", "Type", "Date", "Issuer", "Province", "Title", "Cited by"]
        rows = []
        for r in graph.missing():
            if f.get("province") and f["province"].casefold() not in (r.province or "").casefold():
                continue
            if issuer and issuer not in (r.issuer or "").casefold():
                continue
            if not _within(r.date, start, end):
                continue
            rows.append([r.label, r.type, r.date, r.issuer, r.province, r.title, r.cited_by])
        return columns, rows
    raise legalgraph.NotFound(f"no report named {kind[:40]!r}: stale, tasks or missing")


def download(kind: str, header: list, rows: list, fmt: str) -> Response:
    stamp = dt.date.today().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([["" if c is None else c for c in row] for row in rows])
        data = ("\ufeff" + buffer.getvalue()).encode("utf-8")  # a BOM: Excel opens it as UTF-8
        media = "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = kind
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(c) for c in row])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="legalgraph-{kind}-{stamp}.{fmt}"'})


def _cell(value):
    if value is None:
        return None
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula from a document's text
    return value


def api_answer(graph, what: str, params) -> object:
    name = (params.get("name") or "").strip()
    if what == "search":
        limit = _int(params.get("limit"), 50, 1, 500)
        return [r.to_dict() for r in graph.search((params.get("q") or "")[:300], limit=limit)]
    if what in ("instrument", "relations"):
        limit = _int(params.get("limit"), None, 1, 10000)
        offset = _int(params.get("offset"), 0, 0, 10 ** 9)
        if offset and limit is None:
            raise ValueError("offset needs a limit: a page of each type")
        details = graph.show(name, limit=limit, offset=offset)
        if what == "instrument":
            return details.to_dict()
        return {group: [e.to_dict() for e in rows] for group, rows in details.groups().items()}
    if what == "chain":
        up = (params.get("direction") or "down") == "up"
        return [r.to_dict() for r in graph.chain(name, up=up)]
    if what == "implementers":
        return [r.to_dict() for r in graph.implementers(name, province=params.get("province") or None)]
    if what == "coverage":
        period = params.get("period") or None
        return [r.to_dict() for r in graph.coverage(name, period=period)]
    if what == "stale":
        rows = []
        for r in graph.stale(province=params.get("province") or None):
            rows.append(r.to_dict())
            if len(rows) >= _int(params.get("limit"), 1000, 1, 10000):
                break
        return rows
    if what == "tasks":
        role = params.get("role") or "any"
        if role not in ("any", "lead", "support", "report_to"):
            raise ValueError("role is lead, support, report_to or any")
        overdue = params.get("overdue") == "true"
        return [r.to_dict() for r in graph.tasks(body=params.get("body") or None, role=role, overdue=overdue,
                                                 today=dt.date.today() if overdue else None)]
    if what == "missing":
        return [r.to_dict() for r in graph.missing()]
    if what == "stats":
        return graph.stats().to_dict()
    raise legalgraph.NotFound(f"no question named {what[:40]!r}")


def _int(value, default, low, high) -> int:
    if value in (None, ""):
        return default
    try:
        return max(low, min(high, int(value)))
    except ValueError:
        raise ValueError(f"not a whole number: {str(value)[:20]}") from None


def create_app(store, *, token: str | None = None, require_token: bool = False,
               max_upload: int = MAX_UPLOAD) -> Starlette:
    """The application over the store at ``store`` (it must exist). ``require_token``: every
    write needs ``token`` (a form field or an X-Token header)."""
    web = Web(store, token=token, require_token=require_token, max_upload=max_upload)
    routes = [
        Route("/", web.search), Route("/search", web.search),
        Route("/instrument", web.instrument), Route("/relations", web.relations), Route("/document", web.document),
        Route("/add", web.add_form, methods=["GET"]), Route("/add", web.add, methods=["POST"]),
        Route("/report/{kind}", web.report),
        Route("/stale", lambda r: RedirectResponse("/report/stale" + (f"?{r.url.query}" if r.url.query else ""))),
        Route("/tasks", lambda r: RedirectResponse("/report/tasks" + (f"?{r.url.query}" if r.url.query else ""))),
        Route("/missing", lambda r: RedirectResponse("/report/missing" + (f"?{r.url.query}" if r.url.query else ""))),
        Route("/graph", web.view), Route("/favicon.ico", lambda r: Response(status_code=204)),
        Route("/api/{what}", web.api), Route("/openapi.json", web.openapi), Route("/health", web.health),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(_Errors, web=web)])
    app.state.web = web
    return app


class _Errors:
    """Any failure left unanswered is one line for the reader, never a traceback."""

    def __init__(self, app, web):
        self.app, self.web = app, web

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def sending(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as e:
            if started:
                raise
            line = " ".join(str(e).split())[:300] or type(e).__name__
            if scope["path"].startswith("/api/"):
                response = JSONResponse({"error": line}, status_code=500)
            else:
                response = HTMLResponse(f"<!doctype html><meta charset=utf-8><p>Lỗi / Error: {escape(line)}</p>",
                                        status_code=500)
            await response(scope, receive, send)
