"""Readers for the other formats governments publish: Word, PDF (text layer), web pages.

Each goes through a maintained library — python-docx, pdfminer.six (ships the Adobe CJK
character maps a Chinese PDF needs), trafilatura (main text of a web page, without
navigation, sidebars and share links) — and returns plain text, one paragraph per line,
for the same normalisation as a .txt report.

The bytes are anyone's: whatever a library raises on a damaged file becomes a ReadError
naming the format, and the limits (kg.text.limits) are checked before a library unpacks a
Word file or reads past the last page allowed.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.text.decode import PartialText, ReadError, decode_bytes
from kg.text.limits import DEFAULT, Limits

SUFFIXES = {".docx": "Word", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML"}


def read(path: Path, limits: Limits = DEFAULT) -> str:
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
    text = reader(data, limits)
    if not text.strip():
        raise ReadError(f"no text found in this {SUFFIXES[suffix]} file")
    return text


def read_docx(data: bytes, limits: Limits = DEFAULT) -> str:
    import io
    import zipfile

    from docx import Document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            # python-docx holds every part in memory: refuse a file that unpacks past the limit
            # (zipfile stops at each entry's declared size, so the declared sizes bound it)
            unpacked = sum(i.file_size for i in z.infolist())
    except Exception as e:  # noqa: BLE001 — zipfile on arbitrary bytes raises many types
        raise ReadError(f"not a readable Word (.docx) file ({e.__class__.__name__})") from None
    too_large = limits.too_large(unpacked, "unpacks to ")
    if too_large:
        raise ReadError(too_large)
    try:
        doc = Document(io.BytesIO(data))
        lines = [p.text for p in doc.paragraphs]
        for table in doc.tables:  # indicator tables: one row per line, cells separated by spaces
            for row in table.rows:
                lines.append("  ".join(c.text.strip() for c in row.cells))
    except (MemoryError, RecursionError) as e:
        raise ReadError(f"Word (.docx) file too large or too deeply nested to read ({e.__class__.__name__})") from None
    except Exception as e:  # noqa: BLE001 — python-docx, lxml and zipfile raise many types on damaged files
        raise ReadError(f"not a readable Word (.docx) file ({e.__class__.__name__})") from None
    return "\n".join(lines)


def read_pdf(data: bytes, limits: Limits = DEFAULT) -> str:
    try:
        text = _pdf_text(data, limits, rescan=False)
        if text.strip():
            return text
    except ReadError as e:
        if str(e).startswith("too many pages"):
            raise
        first: ReadError | None = e
    else:
        first = None
    # A cross-reference table that points to the wrong bytes (an edited or cut file) reads as
    # nothing or fails; the objects themselves are often intact: find them by scanning the file
    try:
        return _pdf_text(data, limits, rescan=True)
    except ReadError:
        if first is not None:
            raise first from None
        raise


def _pdf_text(data: bytes, limits: Limits, rescan: bool) -> str:
    import io

    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFNoValidXRef
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    class Rescanned(PDFDocument):
        def find_xref(self, parser):
            raise PDFNoValidXRef("scan the file for objects instead")

    out = io.StringIO()
    try:
        # pdfminer's extract_text, page by page, so a PDF past the page limit stops here
        document = (Rescanned if rescan else PDFDocument)(PDFParser(io.BytesIO(data)), caching=True)
        resources = PDFResourceManager(caching=True)
        interpreter = PDFPageInterpreter(resources, TextConverter(resources, out, laparams=LAParams()))
        for n, page in enumerate(PDFPage.create_pages(document), 1):
            if limits.max_pages and n > limits.max_pages:
                raise ReadError(f"too many pages: more than {limits.max_pages:,} "
                                f"(kg build --max-pages sets the limit)")
            interpreter.process_page(page)
    except ReadError:
        raise
    except (MemoryError, RecursionError) as e:
        raise ReadError(f"PDF too large or too deeply nested to read ({e.__class__.__name__})") from None
    except Exception as e:  # noqa: BLE001 — pdfminer raises many private exception types on damaged files
        raise ReadError(f"not a readable PDF ({e.__class__.__name__}: {_short(e)})") from None
    # pdfminer separates pages with form feeds and keeps layout line breaks; normalisation
    # joins lines broken mid-sentence
    return out.getvalue().replace("\f", "\n")


_BR = re.compile(r"<br\s*/?>", re.I)


def read_html(data: bytes, limits: Limits = DEFAULT) -> str:
    lost = None
    try:
        html = decode_bytes(data)
    except PartialText as e:  # a cut-off page: read what there is, and say so
        html, lost = e.text, str(e)
    text = _main_text(_BR.sub("\n", html))
    if lost:
        raise PartialText(text, lost)
    return text


def _main_text(html: str) -> str:
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                                   deduplicate=False, output_format="txt", with_metadata=False)
        meta = trafilatura.extract_metadata(html) if text else None
    except (MemoryError, RecursionError) as e:
        raise ReadError(f"web page too large or too deeply nested to read ({e.__class__.__name__})") from None
    except Exception as e:  # noqa: BLE001 — trafilatura and lxml raise many types on odd pages
        raise ReadError(f"not a readable web page ({e.__class__.__name__}: {_short(e)})") from None
    if not text or len(text.strip()) < 50:  # a menu or an index page, not a report
        raise ReadError("no main text found in this web page")
    if meta is not None and meta.title and meta.title not in text[:200]:
        text = f"{meta.title}\n\n{text}"
    return text


def _short(e: Exception) -> str:
    """An exception's message on one short line."""
    return " ".join(str(e).split())[:120]
