"""A report file's text, whatever its format: plain text through kg.text.decode, Word, PDF
and web pages through kg.text.formats."""
from __future__ import annotations

from pathlib import Path

from kg.text import formats
from kg.text.decode import (MAX_LINE, TEXT_SUFFIXES, ReadError, TruncatedText, check_lines,  # noqa: F401
                            decode_bytes)


def read_text(path: Path) -> str:
    """The text of a report file. Other formats (.docx, .pdf, .html) go through kg.text.formats."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        return formats.read(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    return decode_bytes(data)
