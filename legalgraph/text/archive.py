"""Zip containers (DOCX, XLSX) checked before any library unpacks them.

A zip's central directory states each member's uncompressed size, so a zip bomb — a few
kilobytes that inflate to gigabytes — can be refused from the directory alone, before a
byte is inflated. Each member's real size is then checked against the declared one by
inflating it once in bounded steps (``check_members``), since the directory can lie, and
every XML part is searched whole, in the same steps, for a DTD, which Office never writes.
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


# "<!DOCTYPE" or "<!ENTITY" in UTF-8 (or any ASCII-compatible encoding) and in UTF-16 of
# either byte order: libxml2 reads a part in any of them, declared or not
_DTD = re.compile(b"|".join(re.escape(word.encode(enc)) for word in ("<!DOCTYPE", "<!ENTITY")
                            for enc in ("utf-8", "utf-16-le", "utf-16-be")))
_DTD_OVERLAP = 2 * len("<!DOCTYPE") + 1  # a match may start this far before a step's end
_XML_NAMES = (".xml", ".rels")
_TYPES = "[Content_Types].xml"


def check_members(data: bytes, z: zipfile.ZipFile, path, what: str) -> None:
    """Every member inflated once, in bounded steps, against what the directory declares;
    no XML part may declare a DTD."""
    from legalgraph.text.read import ReadError

    infos = z.infolist()
    types = next((i for i in infos if i.filename == _TYPES), None)
    xml: set[str] = set()
    if types is not None:
        types_dtd = _check_member(data, types, path, what, scan=True)
        try:  # read once its real size is known
            xml = _xml_parts(z.read(types), z.namelist())
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as e:  # a local header that lies
            raise ReadError(path, f"damaged {what} ({_TYPES}: {e})") from None
    for info in infos:
        # a DTD is fine in an SVG picture or an embedded web page, which no library here
        # parses; a part is XML by its name or by the content type the package gives it
        # (python-docx and openpyxl follow relationships to parts of any name and parse them
        # by content type). Only those are searched: a search of a picture's megabytes of
        # zero bytes for UTF-16 would cost seconds.
        name = info.filename
        scan = name.lower().endswith(_XML_NAMES) or name.lower() in xml
        dtd = types_dtd if info is types else _check_member(data, info, path, what, scan)
        if scan and dtd:
            raise ReadError(path, f"refused: {name} declares a DTD (Office never writes one; entity expansion?)")


def _check_member(data: bytes, info: zipfile.ZipInfo, path, what: str, scan: bool) -> bool:
    """Decompress one member in bounded steps: its real size must be the declared one.
    With ``scan``, True when it holds what opens a DTD, wherever in the member.

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
    crc = 0
    size = 0
    dtd = False
    if info.compress_type == zipfile.ZIP_STORED:
        size, crc, dtd = len(raw), zlib.crc32(raw), scan and _DTD.search(raw) is not None
    else:
        d = zlib.decompressobj(-15)
        pending = raw
        step = 1 << 20
        tail = b""  # the end of the last step, so a DTD cut in two by a step is still seen
        try:
            while True:
                out = d.decompress(pending, step)
                pending = d.unconsumed_tail
                size += len(out)
                if size > declared:
                    raise ReadError(path, f"refused: looks like a zip bomb ({name} unpacks to more than "
                                          f"the {declared:,} bytes its header declares)")
                crc = zlib.crc32(out, crc)
                if scan and not dtd and out:
                    window = tail + out
                    dtd = _DTD.search(window) is not None
                    tail = window[-_DTD_OVERLAP:]
                if not out and not pending:
                    break
                if d.eof:
                    break
        except zlib.error as e:
            raise ReadError(path, f"damaged {what} ({name}: {e})") from None
    if size != declared or crc != info.CRC:
        raise ReadError(path, f"damaged {what} ({name} does not match its zip header; truncated or corrupt)")
    return dtd


def _xml_parts(types: bytes, names) -> set[str]:
    """The ``names`` (lower case) that [Content_Types].xml gives an XML content type, pictures aside."""
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if types.startswith(bom):
            text = types[len(bom):].decode(enc, "replace")
            break
    else:
        text = types.decode("utf-8", "replace")
    by_extension, by_name = {}, {}
    for tag, attrs in re.findall(r"<(?:[\w.-]+:)?(Default|Override)\b([^>]*)>", text):
        a = dict(re.findall(r"""([\w.-]+)\s*=\s*["']([^"']*)["']""", attrs))
        ctype = a.get("ContentType", "").strip().lower()
        is_xml = ctype.endswith("xml") and not ctype.startswith("image/")
        if tag == "Default" and "Extension" in a:
            by_extension[a["Extension"].lower()] = is_xml
        elif tag == "Override" and "PartName" in a:
            by_name[a["PartName"].lstrip("/").lower()] = is_xml
    xml = set()
    for name in names:
        key = name.lower()
        base = key.rsplit("/", 1)[-1]
        extension = base.rsplit(".", 1)[-1] if "." in base else None
        if by_name.get(key, by_extension.get(extension, False)):
            xml.add(key)
    return xml
