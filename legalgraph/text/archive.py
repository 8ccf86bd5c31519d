"""Zip containers (DOCX, XLSX) checked before any library unpacks them.

A zip's central directory states each member's uncompressed size, so a zip bomb — a few
kilobytes that inflate to gigabytes — can be refused from the directory alone, before a
byte is inflated. Sizes are also enforced while reading (``read_member``), since the
directory can lie.
"""

from __future__ import annotations

import io
import zipfile

MAX_TOTAL = 512 * 1024 * 1024  # all members, inflated: far beyond any real office document
MAX_RATIO = 200  # deflate reaches ~10:1 on XML; a ratio like this is only reached by filler
MAX_MEMBERS = 10000


def open_zip(data: bytes, path, what: str) -> zipfile.ZipFile:
    """The zip in ``data``, after checking it is one and not a bomb; ReadError otherwise."""
    from legalgraph.text.read import ReadError

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except zipfile.BadZipFile as e:
        if data[:2] == b"PK":
            raise ReadError(path, f"damaged {what} ({e})") from None
        raise ReadError(path, f"not a {what} file (not a zip archive)") from None
    except (OSError, ValueError, EOFError) as e:
        raise ReadError(path, f"damaged {what} ({e})") from None
    if len(infos) > MAX_MEMBERS:
        raise ReadError(path, f"refused: {len(infos)} members in the archive, looks like a zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise ReadError(path, f"refused: looks like a zip bomb ({total / 1048576:.0f} MB uncompressed)")
    for i in infos:
        if i.file_size > 10 * 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise ReadError(path, f"refused: looks like a zip bomb ({i.filename}: {i.file_size / 1048576:.0f} MB "
                                  f"from {i.compress_size / 1024:.0f} KB)")
    return z


def read_member(z: zipfile.ZipFile, name: str, path, what: str) -> bytes:
    """One member, inflated no further than the limit whatever the directory claims."""
    from legalgraph.text.read import ReadError

    try:
        with z.open(name) as member:
            data = member.read(MAX_TOTAL + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as e:
        raise ReadError(path, f"damaged {what} ({type(e).__name__}: {e})") from None
    if len(data) > MAX_TOTAL:
        raise ReadError(path, f"refused: looks like a zip bomb ({name} inflates past {MAX_TOTAL // 1048576} MB)")
    return data
