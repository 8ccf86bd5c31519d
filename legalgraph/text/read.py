"""Read a document file into text.

One entry point, ``read_file``, picks a reader by the file's suffix and content:

* ``.txt``/``.md``: bytes decoded by ``legalgraph.text.encodings`` (UTF-8 with or without
  a byte-order mark, UTF-16, Windows-1258, and the legacy font encodings TCVN3/ABC and
  VNI-Windows, detected and converted);
* ``.docx`` (``legalgraph.text.docx``), ``.pdf`` (``legalgraph.text.pdf``) and
  ``.html``/``.htm`` (``legalgraph.text.html``), each imported only when such a file comes.

Whatever the format, the text is then normalised the same way (Unicode NFC, line ends as
``\\n``), so composed and decomposed forms of one text give one result, and character
spans in `extract` output are offsets into exactly the text `legalgraph text FILE` prints.

Every problem is a ``ReadError`` whose message names the file and the problem in one
line, so the command line can report it and go on with other files.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md")
SUPPORTED = TEXT_SUFFIXES + (".docx", ".pdf", ".html", ".htm")
# A legal document, even a consolidated code with annexes, is a few megabytes of text;
# a PDF with scanned annexes can be tens. Past this the file is refused with a message
# rather than read into memory (LEGALGRAPH_MAX_MB raises it).
MAX_BYTES = int(float(os.environ.get("LEGALGRAPH_MAX_MB", "100")) * 1024 * 1024)


class ReadError(Exception):
    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass
class Read:
    """A file's text as legalgraph sees it, and how it was got."""

    text: str
    format: str  # txt, md, docx, pdf, html
    encoding: str | None = None  # for text files and HTML: utf-8, utf-16, windows-1258, tcvn3, vni …
    notes: list[str] = field(default_factory=list)  # worth telling the user: conversions, repairs
    source: str | None = None  # the path it was read from, as given

    def report(self, path) -> str | None:
        """The line worth telling the user about how the text was got: a conversion from
        anything but UTF-8 (None when there is none)."""
        if self.encoding in ("utf-8", "utf-8-sig", None):
            return None
        return f"{path}: read as {self.encoding}" + (f" ({'; '.join(self.notes)})" if self.notes else "")

    def to_dict(self) -> dict:
        d = {"format": self.format, "encoding": self.encoding}
        if self.notes:
            d["notes"] = list(self.notes)
        return d


def normalise(text: str) -> str:
    """NFC, line ends as '\\n', no byte-order mark, no NUL: the one form every reader ends in."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, path) -> str:
    """Bytes of a plain-text file as text (see ``legalgraph.text.encodings``)."""
    return decode_text(data, path)[0]


def decode_text(data: bytes, path) -> tuple[str, str, list[str]]:
    from legalgraph.text.encodings import decode_bytes

    text, encoding, notes = decode_bytes(data, path)
    return normalise(text), encoding, notes


def stdin_text(data: bytes) -> str:
    """Standard input's bytes as text, refused as an empty or blank file is (a record of
    nulls is no answer to nothing)."""
    if not data:
        raise ReadError("<stdin>", "empty (nothing on standard input)")
    text = decode_text(data, "<stdin>")[0]
    if not text.strip():
        raise ReadError("<stdin>", "no text on standard input")
    return text


def read_stdin() -> Read:
    """Standard input as a document, as ``stdin_text`` reads it."""
    import sys

    data = sys.stdin.buffer.read()
    text = stdin_text(data)
    return Read(text=text, format="txt", encoding=decode_text(data, "<stdin>")[1], source="<stdin>")


def file_bytes(path: Path) -> bytes:
    """A regular file's bytes, within the size limit; ReadError otherwise."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, "is a directory")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise ReadError(path, "not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            raise ReadError(path, f"file too large ({size / 1048576:.0f} MB; the limit is "
                                  f"{MAX_BYTES / 1048576:.0f} MB, set LEGALGRAPH_MAX_MB to raise it)")
        with open(path, "rb") as fh:
            return fh.read()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(path, "is a directory") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except FileNotFoundError:
        raise ReadError(path, "broken symbolic link" if os.path.islink(path) else "no such file or directory") from None
    except OSError as e:
        problem = e.strerror or str(e)
        raise ReadError(path, problem[:1].lower() + problem[1:]) from None


def read_bytes(data: bytes, path, suffix: str | None = None) -> Read:
    """Read a document already in memory; ``suffix`` (default: the path's) picks the format."""
    suffix = (suffix if suffix is not None else Path(path).suffix).lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        text, encoding, notes = decode_text(data, path)
        got = Read(text, suffix.lstrip(".") or "txt", encoding, notes)
    elif suffix == ".docx":
        from legalgraph.text.docx import read_docx

        got = read_docx(data, path)
    elif suffix == ".pdf":
        from legalgraph.text.pdf import read_pdf

        got = read_pdf(data, path)
    elif suffix in (".html", ".htm"):
        from legalgraph.text.html import read_html

        got = read_html(data, path)
    else:
        raise ReadError(path, f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED)})")
    got.text = normalise(got.text)
    got.source = str(path)
    if not got.text.strip():
        raise ReadError(path, "no text in this file" + (" (a scanned PDF? legalgraph reads only PDFs with a "
                                                         "text layer)" if got.format == "pdf" else ""))
    return got


def read_file(path) -> Read:
    """Read one document file; every problem is a one-line ``ReadError``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(path, f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED)})")
    data = file_bytes(path)
    if not data:
        raise ReadError(path, "empty file")
    try:
        return read_bytes(data, path, suffix)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(path, "too large to read into memory") from None
    except Exception as e:  # noqa: BLE001 - a reader library's own failure on a damaged file: one line, never a traceback
        raise ReadError(path, f"cannot be read as {suffix.lstrip('.').upper()} ({type(e).__name__}: {e})") from None


def read_document(path) -> str:
    """The text of a document as legalgraph sees it: decoded, NFC, line ends as '\\n'."""
    return read_file(path).text


def iter_documents(paths, recursive: bool = True, extra_suffixes=()):
    """Expand files and directories into document paths, sorted, supported types only.

    A path named explicitly is yielded whatever its type (so an unsupported file gets a
    clear error); inside directories only supported types (and ``extra_suffixes``:
    catalogues, extraction output) are taken.
    """
    wanted = SUPPORTED + tuple(extra_suffixes)
    for p in paths:
        p = Path(p)
        if p.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(p.glob(pattern)):
                if child.is_file() and child.suffix.lower() in wanted:
                    yield child
        else:
            yield p
