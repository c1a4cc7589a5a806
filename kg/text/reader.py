"""A report file's text, whatever its format: plain text through kg.text.decode, Word, PDF
and web pages through kg.text.formats.

Whatever the bytes, ``read_text`` returns text or raises ReadError (PartialText, a ReadError
carrying ``text``, when only part could be read)."""
from __future__ import annotations

from pathlib import Path

from kg.text import formats
from kg.text.decode import (MAX_LINE, TEXT_SUFFIXES, PartialText, ReadError, TruncatedText,  # noqa: F401
                            check_lines, decode_bytes)
from kg.text.limits import DEFAULT, Limits


def read_text(path: Path, limits: Limits = DEFAULT) -> str:
    """The text of a report file. Other formats (.docx, .pdf, .html) go through kg.text.formats."""
    suffix = path.suffix.lower()
    try:
        too_large = limits.too_large(path.stat().st_size)
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    if too_large:
        raise ReadError(too_large)
    if suffix not in TEXT_SUFFIXES:
        return formats.read(path, limits)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    return decode_bytes(data)
