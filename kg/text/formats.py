"""Readers for the other formats governments publish: Word, PDF (text layer), web pages.

Each goes through a maintained library — python-docx, pdfminer.six (ships the Adobe CJK
character maps a Chinese PDF needs), trafilatura (main text of a web page, without
navigation, sidebars and share links) — and returns plain text, one paragraph per line,
for the same normalisation as a .txt report.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.text.decode import ReadError, decode_bytes

SUFFIXES = {".docx": "Word", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML"}


def read(path: Path) -> str:
    suffix = path.suffix.lower()
    reader = {".docx": read_docx, ".pdf": read_pdf, ".html": read_html, ".htm": read_html}.get(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type '{suffix}' (reads .txt .md .docx .pdf .html)")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    if not data.strip():
        raise ReadError("empty file")
    text = reader(data)
    if not text.strip():
        raise ReadError(f"no text found in this {SUFFIXES[suffix]} file")
    return text


def read_docx(data: bytes) -> str:
    import io
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(f"not a readable Word (.docx) file ({e.__class__.__name__})") from e
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:  # indicator tables: one row per line, cells separated by spaces
        for row in table.rows:
            lines.append("  ".join(c.text.strip() for c in row.cells))
    return "\n".join(lines)


def read_pdf(data: bytes) -> str:
    import io

    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as e:
        raise ReadError(f"not a readable PDF ({e.__class__.__name__}: {e})") from e
    except Exception as e:  # pdfminer raises many private exception types on damaged files
        raise ReadError(f"damaged PDF ({e.__class__.__name__})") from e
    # pdfminer separates pages with form feeds and keeps layout line breaks; normalisation
    # joins lines broken mid-sentence
    return text.replace("\f", "\n")


_BR = re.compile(r"<br\s*/?>", re.I)


def read_html(data: bytes) -> str:
    import trafilatura

    html = decode_bytes(data)
    html = _BR.sub("\n", html)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                               deduplicate=False, output_format="txt", with_metadata=False)
    if not text or len(text.strip()) < 50:  # a menu or an index page, not a report
        raise ReadError("no main text found in this web page")
    title = trafilatura.extract_metadata(html)
    if title is not None and title.title and title.title not in text[:200]:
        text = f"{title.title}\n\n{text}"
    return text
