"""Readers for formats other than plain text (.docx, .pdf, .html)."""
from __future__ import annotations

from pathlib import Path

from kg.text.reader import ReadError

SUFFIXES: dict[str, str] = {}


def read(path: Path) -> str:
    raise ReadError(f"unsupported file type '{path.suffix}'")
