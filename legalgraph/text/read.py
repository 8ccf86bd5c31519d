"""Read a document file into text.

This stage accepts plain text and Markdown (UTF-8, with or without a byte-order mark,
or UTF-16 with one). Every problem is a ``ReadError`` whose message names the file and
the problem in one line, so the command line can report it and go on with other files.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

SUPPORTED = (".txt", ".md")
MAX_BYTES = 50 * 1024 * 1024


class ReadError(Exception):
    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def decode(data: bytes, path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError(path, f"not valid UTF-16 text ({e.reason} at byte {e.start})") from None
    if b"\x00" in data[:4096]:
        raise ReadError(path, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError(path, f"not UTF-8 text (invalid byte at offset {e.start})") from None


def read_document(path) -> str:
    """The text of a document as legalgraph sees it: decoded, NFC, line ends as '\\n'."""
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED:
        raise ReadError(path, f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED)})")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ReadError(path, f"file too large ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(path, "is a directory") from None
    except OSError as e:
        raise ReadError(path, e.strerror or str(e)) from None
    text = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


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
