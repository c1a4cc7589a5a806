"""Raw report text → clean text for extraction, with an offset map back to the raw text.

What changes: YAML front matter and page furniture are dropped, markdown emphasis (``**``)
and heading marks go, full-width digits and letters become ASCII, white space between
Chinese characters disappears ("2022 年" → "2022年"), and paragraphs that PDF or newspaper
layout broke mid-sentence are joined again. Every character of the clean text remembers
the raw index it came from, so evidence can always be quoted verbatim from the source.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from kg.text.furniture import content_end, furniture_mask

# Line breaks, including the literal "\r\n" some scraped pages carry as text.
_LINE_SPLIT = re.compile(r"\r\n|\n|\r|\\r\\n|\\n|\u2028|\u2029")
_TERMINAL = set("。！？；：…!?;:")
_CLOSERS = set("”’」』）)】》")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d{1,2}[.．、](?!\d)|（\d{1,2}）)")
_CONTINUATION_START = set("，。、；：）)%％”")
_SPACES = set(" \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\f\v")


@dataclass
class Paragraph:
    start: int  # in clean text
    end: int
    text: str


@dataclass
class Normalized:
    text: str
    offsets: array  # offsets[i] = raw index of clean character i
    paragraphs: list[Paragraph]
    front_matter: dict[str, str] = field(default_factory=dict)


# Same-length character mapping: full-width digits/letters to ASCII, odd spaces to " ".
_FOLD = {o: o - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for o in range(r[0], r[1] + 1)}
_FOLD.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+"})
_FOLD.update({ord(c): " " for c in _SPACES})
_FOLD_TABLE = str.maketrans({k: (chr(v) if isinstance(v, int) else v) for k, v in _FOLD.items()})
# What a line loses: markdown emphasis, "&nbsp;", "??"/U+FFFD for characters a page could
# not encode, and white space (kept, as one space, only between two ASCII letters/digits).
_DROP = re.compile(r"\*\*+|&nbsp;|\?\?+|\ufffd+| +")
_LEAD = re.compile(r" *(?:#{1,6} +|> *)?")


def _front_matter(raw: str) -> tuple[int, dict[str, str]]:
    """Where the body starts, and the YAML header's simple `key: value` pairs."""
    m = re.match(r"\ufeff?\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", raw, re.S)
    if not m:
        return 0, {}
    meta = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep and k.strip():
            meta[k.strip()] = v.strip().strip("'\"")
    return m.end(), meta


def _clean_line(raw: str, start: int, end: int) -> tuple[str, array]:
    """The clean text of raw[start:end] and, per character, its raw index."""
    line = raw[start:end].translate(_FOLD_TABLE)
    out: list[str] = []
    idx = array("i")
    pos = _LEAD.match(line).end()
    for m in _DROP.finditer(line, pos):
        a, b = m.span()
        if a > pos:
            out.append(line[pos:a])
            idx.extend(range(start + pos, start + a))
        pos = b
        if line[a] == " " or m.group() == "&nbsp;":
            prev = out[-1][-1] if out and out[-1] else ""
            nxt = line[b] if b < len(line) else ""
            if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
                out.append(" ")
                idx.append(start + a)
    if pos < len(line):
        out.append(line[pos:])
        idx.extend(range(start + pos, start + len(line)))
    return "".join(out), idx


def _is_heading(text: str) -> bool:
    """A short line without sentence punctuation, or a numbered title line."""
    if len(text) > 60 or text[-1] in "。；！？!?;":
        return False  # a sentence, however short
    if "。" in text or "；" in text:
        return False
    return bool(_NUMBERED.match(text)) or len(text) <= 40


def _should_join(prev: str, nxt: str) -> bool:
    """True when a paragraph break falls inside a sentence (PDF/newspaper layout)."""
    if not prev or prev[-1] in _TERMINAL or (prev[-1] in _CLOSERS and len(prev) > 1 and prev[-2] in _TERMINAL):
        return False
    if nxt[0] in _CONTINUATION_START:
        return True
    if _NUMBERED.match(nxt) or nxt.startswith(("——", "—", "（", "(", "各位代表")):
        return False
    has_prose = any(p in prev for p in "。；")  # a comma alone: a title ("一年来，我们坚持…，综合实力稳步提升")
    if _NUMBERED.match(prev) and "。" not in prev:
        return False  # a numbered heading, not a broken sentence
    return len(prev) >= 45 or (has_prose and len(prev) >= 12)


def normalize(raw: str) -> Normalized:
    body_start, meta = _front_matter(raw)
    paras: list[tuple[list[str], array]] = []
    spans: list[tuple[int, int]] = []  # each line's start and end in raw
    pos = body_start
    for m in _LINE_SPLIT.finditer(raw + "\n", body_start):
        line_end = min(m.start(), len(raw))
        if pos < line_end:
            spans.append((pos, line_end))
        pos = m.end()
    drop = furniture_mask([raw[a:b] for a, b in spans])
    for (pos, line_end), dropped in zip(spans, drop):
        if not dropped:
            line_end = pos + content_end(raw[pos:line_end])
            if raw[pos:line_end].strip():
                c, i = _clean_line(raw, pos, line_end)
                if c:
                    if paras and _should_join("".join(paras[-1][0]), c):
                        paras[-1][0].append(c)
                        paras[-1][1].extend(i)
                    else:
                        paras.append(([c], i))
    text_parts: list[str] = []
    offsets = array("i")
    paragraphs: list[Paragraph] = []
    cursor = 0
    for n, (c, i) in enumerate(paras):
        if n:
            text_parts.append("\n")
            offsets.append(offsets[-1] + 1 if offsets else 0)
            cursor += 1
        s = "".join(c)
        text_parts.append(s)
        offsets.extend(i)
        paragraphs.append(Paragraph(cursor, cursor + len(s), s))
        cursor += len(s)
    return Normalized("".join(text_parts), offsets, paragraphs, meta)
