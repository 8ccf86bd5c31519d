"""The ``legalgraph`` command line.

Commands are thin: they parse options, call the library and format what it returns.
Library imports happen inside each command so that ``legalgraph --help`` starts fast.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import signal
import sys
import tempfile

import click

from legalgraph import __version__

# what a write can meet when the disk, not the program, is the problem
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}

EPILOG = """\b
Examples:
  legalgraph extract data/seeds --format table      # what each document cites, and how
  legalgraph extract data/seeds > seeds.jsonl       # one JSON object per document
  legalgraph text data/seeds/001_920478a60c450549.txt   # the text that spans refer to
  legalgraph tasks data/seeds --body "Sở Tư pháp"   # what the plans assign to a body, by when
\b
  legalgraph build data/seeds                       # into legalgraph.db (SQLite), incrementally
  legalgraph chain 56/2024/NĐ-CP                    # who implements it, by province
  legalgraph chain 1521/QĐ-TTg --up                 # what it implements, up to the Party texts
  legalgraph coverage "nd 56/2024"                  # which provinces have acted, which have not
  legalgraph stale                                  # amendments not yet acted on
  legalgraph show "Quyết định 916/QĐ-TTg ngày 27/8/2024" --format json
"""


class _Main(click.Group):
    """Failures of the machine rather than of the input, wherever in a command they come:
    the store (SQLite: damaged, full disk, locked) and standard output (a full disk)
    get one line and exit status 1 instead of a traceback."""

    def invoke(self, ctx):
        import sqlite3

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk shows here, not at exit where no one can say what failed
            return result
        except sqlite3.Error as e:
            import legalgraph

            raise click.ClickException(str(legalgraph.StoreError.from_sqlite(
                ctx.meta.get("legalgraph.store", "the graph store"), e))) from None
        except OSError as e:
            if e.errno not in _DISK_ERRORS:
                raise
            _quiet_stdout()
            raise click.ClickException(f"standard output: {e.strerror or e}") from None


def _quiet_stdout():
    """What standard output could not take is dropped, so that Python's flush at exit does
    not fail a second time with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner's)
        pass


@click.group(cls=_Main, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="legalgraph")
def main():
    """Turn Vietnamese legal and administrative documents into a graph of instruments.

    legalgraph reads documents, finds every citation of an instrument ("Nghị định số
    56/2024/NĐ-CP", "Quyết định số 916/QĐ-TTg ngày 27/8/2024", "Nghị quyết số 27-NQ/TW",
    "Luật Ban hành văn bản QPPL năm 2015"), works out what each document is and how it
    relates to what it cites (implements, amends, replaces, repeals, details, based on,
    cites), with the sentence that says so.
    """


class _Stderr(logging.Handler):
    """The library's messages (the "legalgraph" logger: a store waiting for another
    build, a migration) as lines on the command's standard error."""

    def emit(self, record):
        click.echo(self.format(record), err=True)


_library_log = logging.getLogger("legalgraph")
if not any(isinstance(h, _Stderr) for h in _library_log.handlers):
    _library_log.addHandler(_Stderr())
    _library_log.setLevel(logging.INFO)
    _library_log.propagate = False  # once, not again by a handler the caller's root has


class _Failures:
    """Problems with inputs: one line each on standard error; fatal ones count for the
    exit status, and with --strict the first one ends the run."""

    def __init__(self, strict: bool, progress=None):
        self.strict = strict
        self.count = 0
        self.progress = progress

    def report(self, message: str, fatal: bool = True):
        line = f"legalgraph: {message}"
        if self.progress is not None:
            self.progress.message(line)
        else:
            click.echo(line, err=True)
        if fatal:
            self.count += 1
            if self.strict:
                raise SystemExit(1)


def run_options(f):
    """--jobs and --progress: how a command over many files runs."""
    f = click.option("--progress/--no-progress", default=None,
                     help="Show files done, rate and time left on standard error "
                          "[default: only on a terminal].")(f)
    f = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=False, metavar="N",
                     help="Worker processes for reading and extracting documents [default: all cores]. "
                          "The output is the same whatever N.")(f)
    return f


class Run:
    """The inputs of a command, as batch Outcomes in order, with problems and notes
    reported (one line each) and progress drawn. Iterating yields only outcomes that carry
    a result; ``failed`` counts the inputs that could not be used."""

    def __init__(self, paths, *, strict, jobs, progress, no_bodies=False, want="line", records=False,
                 columns=None, issuer=None):
        from legalgraph.cli.progress import Progress

        self.meter = Progress(progress)
        self.failures = _Failures(strict, self.meter)
        self.args = dict(jobs=jobs, bodies=not no_bodies, want=want, records=records, columns=columns, issuer=issuer)
        self.paths = paths

    @property
    def failed(self) -> int:
        return self.failures.count

    def __iter__(self):
        from contextlib import closing

        import legalgraph

        with closing(legalgraph.extract_many(self.paths, on_plan=self.meter.plan, **self.args)) as stream:
            for outcome in stream:
                for note in outcome.notes:
                    self.failures.report(note, fatal=False)
                if outcome.kind == "note":
                    continue
                self.meter.step(outcome.size, failed=outcome.kind == "error", unit=outcome.unit)
                if outcome.kind == "error":
                    self.failures.report(outcome.error)
                    continue
                yield outcome
        self.meter.finish()


def catalogue_options(f):
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


def catalogue_columns(number_col, date_col, title_col):
    return {k: v for k, v in (("number", number_col), ("date", date_col), ("title", title_col)) if v}


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # unwinds like any exit: the temporary output is removed


class Output:
    """Standard output, or a file written whole or not at all: into a file without a name
    (Linux's O_TMPFILE: a killed run, even by SIGKILL, leaves nothing) or, where there is no
    such thing, a temporary file beside it, removed if the run fails or is stopped; named
    into place only when the run succeeds. A device or a pipe given as the file
    (/dev/stdout, a FIFO) is written in place: renaming over it would replace it."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self, path):
        self.path = path
        self.tmp = self.fh = None
        self.unnamed = False
        self.keep = True  # False: leave the file as it was (a run that produced nothing)
        self.handlers = {}

    def __enter__(self):
        if not self.path or self.path == "-":
            return sys.stdout
        try:
            if os.path.exists(self.path) and not os.path.isfile(self.path):
                self.fh = open(self.path, "w", encoding="utf-8")
                return self.fh
            self.directory = os.path.dirname(os.path.abspath(self.path))
            fd = self._unnamed_file()
            if fd is None:
                fd, self.tmp = tempfile.mkstemp(prefix=".legalgraph-", dir=self.directory)
        except OSError as e:
            raise click.ClickException(f"{self.path}: cannot write ({e.strerror or e})") from None
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        for sig in self.SIGNALS:
            try:
                self.handlers[sig] = signal.signal(sig, _stop)
            except ValueError:  # not the main thread: signals are not ours to take
                pass
        return self.fh

    def _unnamed_file(self):
        if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
            return None
        try:
            fd = os.open(self.directory, os.O_TMPFILE | os.O_WRONLY, 0o666)  # less the umask, as any new file
        except OSError:  # a file system without it; mkstemp says what else is wrong
            return None
        self.unnamed = True
        return fd

    def _name(self) -> str:
        """A name for the unnamed file, beside the target, to rename over it."""
        import secrets

        # linkat() following the /proc link: with a dir_fd, os.link calls linkat with
        # AT_SYMLINK_FOLLOW; without one, link(), which would link the /proc entry itself
        fds = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
        try:
            while True:
                name = os.path.join(self.directory, f".legalgraph-{secrets.token_hex(6)}")
                try:
                    os.link(str(self.fh.fileno()), name, src_dir_fd=fds, follow_symlinks=True)
                    return name
                except FileExistsError:
                    continue
        finally:
            os.close(fds)

    def __exit__(self, exc_type, exc, tb):
        if self.fh is None:
            return False
        try:
            try:
                self.fh.flush()  # the last of the output: a full disk may show only now
                if exc is None and self.keep and self.unnamed:
                    self.tmp = self._name()
            finally:
                self.fh.close()
        except OSError as e:
            exc = exc or e
        if self.tmp is not None:
            try:
                if exc is None and self.keep:
                    umask = os.umask(0)
                    os.umask(umask)
                    os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes it owner-only; an output file is not secret
                    os.replace(self.tmp, self.path)
            except OSError as e:
                exc = e
            finally:
                if os.path.exists(self.tmp):
                    os.unlink(self.tmp)
        for sig, handler in self.handlers.items():
            signal.signal(sig, handler)
        if isinstance(exc, OSError):
            kept = "left as it was" if self.tmp is not None or self.unnamed else "incomplete"
            raise click.ClickException(f"{self.path}: cannot write ({exc.strerror or exc}); {kept}") from None
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
@catalogue_options
@run_options
def extract(paths, fmt, output, strict, no_bodies, number_col, date_col, title_col, issuer, jobs, progress):
    """Find citations, identity and relations in documents.

    PATHS are files or directories (searched recursively for .txt, .md, .docx, .pdf,
    .html and .htm documents, and for .csv and .xlsx catalogues, one document per row),
    or '-' for standard input. Text files may be UTF-8, UTF-16, Windows-1258 or in the
    legacy TCVN3 (ABC) and VNI font encodings: detected and converted. Each document
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
                  "bodies": [{"id", "name", "role", "text"}],
                  "deadline": {"start", "end", "recurring", "text"}}],
       "input": {"format", "encoding", "notes"}}

    Ids are work URIs (/akn/vn/nghi-dinh/2024/56-2024-nd-cp); spans are character
    offsets into the text that `legalgraph text FILE` prints. A file that cannot be
    read is reported on standard error and the others are still processed; the exit
    status is 1 if any failed (--strict: stop at the first). Documents are read and
    extracted by --jobs worker processes; the output is in input order either way.

    \b
      legalgraph extract data/seeds --format table
      legalgraph extract data/seeds --jobs 2 -o seeds.jsonl
      cat letter.txt | legalgraph extract - --format json
    """
    run = Run(paths, strict=strict, jobs=jobs, progress=progress, no_bodies=no_bodies,
               want="object" if fmt == "table" else "line", columns=catalogue_columns(number_col, date_col, title_col),
               issuer=issuer)
    sink = Output(output)
    with sink as out:
        first = True
        if fmt == "json":
            out.write("[")
        for outcome in run:
            if fmt == "jsonl":
                out.write(outcome.line + "\n")
            elif fmt == "json":
                # one record at a time: a json array of a whole collection is never held in memory
                out.write(("\n" if first else ",\n") + json.dumps(outcome.record(), ensure_ascii=False, indent=2))
            else:
                from legalgraph.cli.table import extraction_table

                out.write(extraction_table(outcome.result) + "\n")
            first = False
        if fmt == "json":
            out.write("\n]\n" if not first else "]\n")
        sink.keep = not (first and run.failed)  # nothing came of the run: the file stays as it was
    if run.failed:
        raise SystemExit(1)


@main.command()
@click.argument("path")
def text(path):
    """Print a document's text exactly as legalgraph reads it.

    Character spans in `extract` output are offsets into this text: decoded (a legacy
    TCVN3, VNI or Windows-1258 file converted, and said so on standard error), Unicode
    NFC, line ends as \\n; for a DOCX its paragraphs, tables and footnotes, for a PDF
    its paragraphs rejoined without page headers and numbers, for a web page its main
    text.

    \b
      legalgraph text plan.pdf | less
      legalgraph text old-plan.txt 2>/dev/null > plan-unicode.txt
    """
    import legalgraph

    if path == "-":
        try:
            content = legalgraph.read("-").text
        except legalgraph.ReadError as e:
            raise click.ClickException(str(e)) from None
        click.echo(content, nl=False)
        return
    for kind, item in legalgraph.inputs([path]):
        if kind == "error":
            raise click.ClickException(item)
        if kind == "catalogue":
            try:
                rows, _problems = legalgraph.read_catalogue(item)
            except legalgraph.ReadError as e:
                raise click.ClickException(str(e)) from None
            for row in rows:
                click.echo(row.title)
            continue
        try:
            got = legalgraph.read(item)
        except legalgraph.ReadError as e:
            raise click.ClickException(str(e)) from None
        if got.report(item):
            click.echo(f"legalgraph: {got.report(item)}", err=True)
        click.echo(got.text, nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--body", "body", default=None, metavar="NAME",
              help="Only tasks given to this body: 'Sở Tư pháp' (any province) or 'Sở Tư pháp tỉnh Bến Tre'.")
@click.option("--role", type=click.Choice(["lead", "support", "report_to", "any"]), default="any", show_default=True,
              help="With --body: the role the body must have in the task (any: lead, support or report_to; a body only named in a task is not given it).")
@click.option("--due-before", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="Only tasks due before DATE (YYYY-MM-DD).")
@click.option("--overdue", is_flag=True, help="Only tasks whose time has passed (not recurring ones).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="The date --overdue compares with (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@run_options
def tasks(paths, body, role, due_before, overdue, today, fmt, strict, jobs, progress):
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

    import legalgraph

    today = (today or dt.datetime.now()).date()
    run = Run(paths, strict=strict, jobs=jobs, progress=progress, want="object")
    found = []
    for outcome in run:
        result = outcome.result
        doc = result.document
        for t in legalgraph.select_tasks(result.tasks, body=body, role=role,
                                         due_before=due_before.date() if due_before else None,
                                         overdue=overdue, today=today):
            found.append({"source": outcome.source, "document": {"id": doc.id, "type": doc.type,
                                                                  "number": doc.number}, **t.to_dict()})
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        from legalgraph.cli.table import tasks_table

        click.echo(tasks_table(found))
    if run.failed:
        raise SystemExit(1)


# the graph commands register themselves on `main` (their heavy imports stay inside them)
from legalgraph.cli import graph as _graph  # noqa: F401
from legalgraph.cli import view as _view  # noqa: F401
from legalgraph.cli import serve as _serve  # noqa: F401
