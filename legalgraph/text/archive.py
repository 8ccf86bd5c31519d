"""Zip containers (DOCX, XLSX) checked before any library unpacks them.

A zip's central directory states each member's uncompressed size, so a zip bomb — a few
kilobytes that inflate to gigabytes — can be refused from the directory alone, before a
byte is inflated. Each member's real size is then checked against the declared one by
inflating it once in bounded steps (``check_members``), since the directory can lie.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

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


def check_members(data: bytes, z: zipfile.ZipFile, path, what: str) -> None:
    """Every member inflated once, in bounded steps, against what the directory declares."""
    for info in z.infolist():
        _check_member(data, info, path, what)


def _check_member(data: bytes, info: zipfile.ZipInfo, path, what: str) -> None:
    """Decompress one member in bounded steps: its real size must be the declared one.

    zipfile trusts the declared size and may inflate up to a gigabyte in one call when the
    stream is longer than declared, so a header that understates its member is caught
    here, before python-docx or openpyxl reads it whole.
    """
    from legalgraph.text.read import ReadError

    name = info.filename
    if info.flag_bits & 0x1:
        raise ReadError(path, f"damaged {what} ({name} is encrypted)")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ReadError(path, f"damaged {what} ({name} uses compression method {info.compress_type}, "
                              "which Office never writes)")
    off = info.header_offset
    local = data[off:off + 30]
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise ReadError(path, f"damaged {what} (truncated or corrupt zip archive at {name})")
    start = off + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
    raw = data[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        raise ReadError(path, f"damaged {what} (truncated zip archive: {name} is cut short)")
    declared = info.file_size
    head = b""
    crc = 0
    size = 0
    if info.compress_type == zipfile.ZIP_STORED:
        size, crc, head = len(raw), zlib.crc32(raw), raw[:4096]
    else:
        d = zlib.decompressobj(-15)
        pending = raw
        step = 1 << 20
        try:
            while True:
                out = d.decompress(pending, step)
                pending = d.unconsumed_tail
                size += len(out)
                if size > declared:
                    raise ReadError(path, f"refused: looks like a zip bomb ({name} unpacks to more than "
                                          f"the {declared:,} bytes its header declares)")
                crc = zlib.crc32(out, crc)
                if len(head) < 4096:
                    head += out[:4096 - len(head)]
                if not out and not pending:
                    break
                if d.eof:
                    break
        except zlib.error as e:
            raise ReadError(path, f"damaged {what} ({name}: {e})") from None
    if size != declared or crc != info.CRC:
        raise ReadError(path, f"damaged {what} ({name} does not match its zip header; truncated or corrupt)")
    if name.endswith((".xml", ".rels")) and re.search(rb"<!(?:DOCTYPE|ENTITY)", head):
        raise ReadError(path, f"refused: {name} declares a DTD (Office never writes one; entity expansion?)")
