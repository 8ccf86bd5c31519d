"""The ``legalgraph`` command line.

Commands are thin: they parse options, call the library and format what it returns.
Library imports happen inside each command so that ``legalgraph --help`` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

import click

from legalgraph import __version__

EPILOG = """\b
Examples:
  legalgraph extract data/seeds --format table      # what each document cites, and how
  legalgraph extract plans/ > plans.jsonl           # one JSON object per document
  legalgraph text plan.md                           # the text that character spans refer to
  legalgraph tasks plans/ --body "Sở Tư pháp"       # what the plans assign to a body, by when
\b
  legalgraph build plans/ portal.csv                # into legalgraph.db (SQLite), incrementally
  legalgraph chain 56/2024/NĐ-CP                    # who implements it, by province
  legalgraph chain 1521/QĐ-TTg --up                 # what it implements, up to the Party texts
  legalgraph coverage "nd 56/2024"                  # which provinces have acted, which have not
  legalgraph stale                                  # amendments not yet acted on
  legalgraph show "Quyết định 916/QĐ-TTg ngày 27/8/2024" --format json
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="legalgraph")
def main():
    """Turn Vietnamese legal and administrative documents into a graph of instruments.

    legalgraph reads documents, finds every citation of an instrument ("Nghị định số
    56/2024/NĐ-CP", "Quyết định số 916/QĐ-TTg ngày 27/8/2024", "Nghị quyết số 27-NQ/TW",
    "Luật Ban hành văn bản QPPL năm 2015"), works out what each document is and how it
    relates to what it cites (implements, amends, replaces, repeals, details, based on,
    cites), with the sentence that says so.
    """


class _Failures:
    def __init__(self, strict: bool):
        self.strict = strict
        self.count = 0

    def report(self, message: str, fatal: bool = True):
        """One line on standard error; a fatal problem counts for the exit status."""
        click.echo(f"legalgraph: {message}", err=True)
        if fatal:
            self.count += 1
            if self.strict:
                raise SystemExit(1)


def _inputs(paths, failures, columns=None, issuer=None, records=False):
    """What the inputs hold, one item at a time: ("text", source, text) for a document,
    ("row", source, Row) for a catalogue row, ("record", source, (dict, bytes)) for a
    line of `extract` output (.jsonl, only when ``records``). '-' is standard input."""
    import json as _json

    from legalgraph.text.catalogue import SUFFIXES as CATALOGUES
    from legalgraph.text.catalogue import read_catalogue
    from legalgraph.text.read import ReadError, decode, iter_documents, read_document

    extra = CATALOGUES + ((".jsonl",) if records else ())
    for p in paths:
        if p == "-":
            import unicodedata

            try:
                text = decode(sys.stdin.buffer.read(), "<stdin>")
            except ReadError as e:
                failures.report(str(e))
                continue
            yield "text", "<stdin>", unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
            continue
        if not os.path.exists(p):
            failures.report(f"{p}: no such file or directory")
            continue
        any_found = False
        for path in iter_documents([p], extra_suffixes=extra):
            any_found = True
            suffix = path.suffix.lower()
            try:
                if suffix in CATALOGUES:
                    rows, problems = read_catalogue(path, columns=columns, issuer=issuer)
                    for problem in problems:
                        failures.report(problem, fatal=False)
                    for row in rows:
                        yield "row", f"{path}#{row.line}", row
                elif suffix == ".jsonl" and records:
                    with path.open("rb") as lines:  # streamed: such files can be gigabytes
                        for n, line in enumerate(lines, start=1):
                            if line.strip():
                                try:
                                    record = _json.loads(line.decode("utf-8"))
                                    yield "record", f"{path}:{n}", (record, line.rstrip(b"\r\n"))
                                except ValueError as e:  # UnicodeDecodeError included
                                    failures.report(f"{path}: line {n}: not JSON ({e})")
                else:
                    yield "text", str(path), read_document(path)
            except ReadError as e:
                failures.report(str(e))
        if not any_found and os.path.isdir(p):
            failures.report(f"{p}: no documents in this directory (looked for {', '.join(('.txt', '.md') + extra)})")


def _catalogue_options(f):
    """--number-col, --date-col, --title-col, --issuer: how to read catalogue files."""
    for option in reversed([
        click.option("--number-col", default=None, metavar="HEADER", help="Catalogue column with the number."),
        click.option("--date-col", default=None, metavar="HEADER", help="Catalogue column with the date."),
        click.option("--title-col", default=None, metavar="HEADER", help="Catalogue column with the title (trích yếu)."),
        click.option("--issuer", default=None, metavar="BODY",
                     help="The issuing body of every catalogue row, e.g. 'UBND tỉnh Bình Dương'."),
    ]):
        f = option(f)
    return f


def _columns(number_col, date_col, title_col):
    return {k: v for k, v in (("number", number_col), ("date", date_col), ("title", title_col)) if v}


class _Output:
    """Standard output, or a file written whole or not at all."""

    def __init__(self, path):
        self.path = path
        self.tmp = None

    def __enter__(self):
        if not self.path or self.path == "-":
            return sys.stdout
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, self.tmp = tempfile.mkstemp(prefix=".legalgraph-", dir=directory)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        return self.fh

    def __exit__(self, exc_type, exc, tb):
        if self.tmp is None:
            return False
        self.fh.close()
        if exc_type is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes it owner-only; an output file is not secret
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="jsonl: one JSON object per document; json: one array; table: for reading.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of standard output (replaced only when the run succeeds).")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option("--no-bodies", is_flag=True,
              help="Skip responsible bodies and tasks (no spaCy): citations, identity and relations only, faster.")
@_catalogue_options
def extract(paths, fmt, output, strict, no_bodies, number_col, date_col, title_col, issuer):
    """Find citations, identity and relations in documents.

    PATHS are files or directories (searched recursively for .txt and .md, and for .csv
    and .xlsx catalogues, one document per row), or '-' for standard input. Each document
    becomes one JSON object:

    \b
      {"source": "<path>",
       "document": {"id", "type", "number", "date", "year", "issuer",
                    "province", "signer", "title"},
       "citations": [{"id", "type", "number", "year", "date", "issuer", "title",
                      "province", "mentions": [{"start", "end", "text"}]}],
       "relations": [{"source", "type", "target",
                      "evidence": {"start", "end", "text"}, "cue"}],
       "bodies": [{"id", "name", "role", "roles", "kind", "province",
                   "successor", "mentions"}],
       "tasks": [{"id", "number", "text", "start", "end",
                  "bodies": [{"id", "name", "role"}],
                  "deadline": {"start", "end", "recurring", "text"}}]}

    Ids are work URIs (/akn/vn/nghi-dinh/2024/56-2024-nd-cp); spans are character
    offsets into the text that `legalgraph text FILE` prints. A file that cannot be
    read is reported on standard error and the others are still processed; the exit
    status is 1 if any failed.
    """
    from legalgraph.extract.pipeline import extractor

    ex = extractor()
    failures = _Failures(strict)
    results_for_json = []
    with _Output(output) as out:
        for kind, source, item in _inputs(paths, failures, _columns(number_col, date_col, title_col), issuer):
            if kind == "row":
                result = ex.extract_row(item, source, bodies=not no_bodies)
            else:
                result = ex.extract(item, source=source, bodies=not no_bodies)
            if fmt == "jsonl":
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            elif fmt == "json":
                results_for_json.append(result.to_dict())
            else:
                from legalgraph.cli.table import extraction_table

                out.write(extraction_table(result) + "\n")
        if fmt == "json":
            json.dump(results_for_json, out, ensure_ascii=False, indent=2)
            out.write("\n")
    if failures.count:
        raise SystemExit(1)


@main.command()
@click.argument("path")
def text(path):
    """Print a document's text exactly as legalgraph reads it.

    Character spans in `extract` output are offsets into this text (decoded, Unicode
    NFC, line ends as \\n).
    """
    failures = _Failures(strict=True)
    for kind, _source, content in _inputs([path], failures):
        click.echo(content if kind == "text" else content.title + "\n", nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--body", "body", default=None, metavar="NAME",
              help="Only tasks given to this body: 'Sở Tư pháp' (any province) or 'Sở Tư pháp tỉnh Bến Tre'.")
@click.option("--role", type=click.Choice(["lead", "support", "report_to", "any"]), default="any", show_default=True,
              help="With --body: the role the body must have in the task.")
@click.option("--due-before", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="Only tasks due before DATE (YYYY-MM-DD).")
@click.option("--overdue", is_flag=True, help="Only tasks whose time has passed (not recurring ones).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="The date --overdue compares with (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
def tasks(paths, body, role, due_before, overdue, today, fmt, strict):
    """List the tasks plans assign: who leads, who supports, by when.

    \b
      legalgraph tasks data/seeds --body "Sở Tư pháp" --role lead
      legalgraph tasks data/seeds --overdue --today 2021-12-31
      legalgraph tasks plans/ --body "Sở Tư pháp tỉnh Bến Tre" --format json

    JSON is a list of task objects as in `extract` output, each with the "source" and
    "document" (id, type, number) it comes from. A deadline's "end" is the last day the
    work may be done; "--MM-DD" is a day of every year.
    """
    import datetime as dt

    from legalgraph.extract.pipeline import extractor
    from legalgraph.extract.tasks import select_tasks

    ex = extractor()
    failures = _Failures(strict)
    today = (today or dt.datetime.now()).date()
    found = []
    for kind, source, item in _inputs(paths, failures):
        result = ex.extract_row(item, source) if kind == "row" else ex.extract(item, source=source)
        doc = result.document
        for t in select_tasks(result.tasks, body=body, role=role,
                              due_before=due_before.date() if due_before else None,
                              overdue=overdue, today=today):
            found.append({"source": source, "document": {"id": doc.id, "type": doc.type, "number": doc.number},
                          **t.to_dict()})
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        from legalgraph.cli.table import tasks_table

        click.echo(tasks_table(found))
    if failures.count:
        raise SystemExit(1)


# the graph commands register themselves on `main` (their heavy imports stay inside them)
from legalgraph.cli import graph as _graph  # noqa: F401
from legalgraph.cli import view as _view  # noqa: F401
