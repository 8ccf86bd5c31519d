"""Decoding the bytes of plain-text files (placeholder: UTF-8 and UTF-16 only)."""

from __future__ import annotations


def decode_bytes(data: bytes, path) -> tuple[str, str, list[str]]:
    from legalgraph.text.read import ReadError

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "strict"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as e:
            raise ReadError(path, f"not valid UTF-16 text ({e.reason} at byte {e.start})") from None
    if b"\x00" in data[:4096]:
        raise ReadError(path, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        raise ReadError(path, f"not UTF-8 text (invalid byte at offset {e.start})") from None
