"""Bytes to text: detect the encoding of a report file and decode it.

Government sites publish UTF-8 (with or without BOM), GB18030/GBK and UTF-16. We try the
strict decoders in the order that rarely misfires, then ask charset-normalizer.
"""
from __future__ import annotations

import codecs
from pathlib import Path


class ReadError(Exception):
    """A report that cannot be read; the message names the problem (the caller adds the file)."""


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if _looks_utf16(data):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text):
                return text
    if b"\x00" in data[:4096]:
        raise ReadError("binary file (NUL bytes), not a text report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        text = data.decode("gb18030")
        if _mostly_text(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _mostly_text(str(best)):
        return str(best)
    raise ReadError(f"not valid UTF-8, GB18030 or UTF-16 text ({utf8_error.reason} at byte {utf8_error.start})")


def _looks_utf16(data: bytes) -> bool:
    head = data[:2000]
    return len(head) >= 4 and head.count(b"\x00") > len(head) // 4


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:5000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad <= len(sample) * 0.01


def read_text(path: Path) -> str:
    """The text of a report file. Other formats (.docx, .pdf, .html) go through kg.text.formats."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        from kg.text import formats  # optional readers for office/web formats

        return formats.read(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    return decode_bytes(data)
