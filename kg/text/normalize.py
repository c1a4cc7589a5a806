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

from kg.text.furniture import is_furniture

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


def _fold_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)  # full-width digit/letter → ASCII
    if ch == "％":
        return "%"
    if ch == "．":
        return "."
    if ch == "＋":
        return "+"
    return ch


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


def _clean_line(raw: str, start: int, end: int) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    idx: list[int] = []
    i = start
    # markdown heading marks and list bullets at the start of a line
    m = re.compile(r"[ \t\u3000]*(?:#{1,6}[ \t]+|>[ \t]*)?").match(raw, start, end)
    if m:
        i = m.end()
    while i < end:
        ch = raw[i]
        if ch == "*" and (i + 1 < end and raw[i + 1] == "*" or i > start and raw[i - 1] == "*"):
            i += 1
            continue
        if ch == "?" and raw.startswith("??", i) or ch == "\ufffd":
            # "??" and U+FFFD stand for characters a web page could not encode: noise
            while i < end and raw[i] in "?\ufffd":
                i += 1
            continue
        if ch == "&" and raw.startswith("&nbsp;", i):
            chars.append(" ")
            idx.append(i)
            i += 6
            continue
        chars.append(" " if ch in _SPACES else _fold_char(ch))
        idx.append(i)
        i += 1
    # drop white space unless it separates two ASCII letters/digits ("34.2 MW" keeps one)
    out_c: list[str] = []
    out_i: list[int] = []
    n = len(chars)
    k = 0
    while k < n:
        if chars[k] == " ":
            j = k
            while j < n and chars[j] == " ":
                j += 1
            if out_c and j < n and out_c[-1].isascii() and out_c[-1].isalnum() and chars[j].isascii() and chars[j].isalnum():
                out_c.append(" ")
                out_i.append(idx[k])
            k = j
            continue
        out_c.append(chars[k])
        out_i.append(idx[k])
        k += 1
    return out_c, out_i


def _is_heading(text: str) -> bool:
    """A short line without sentence punctuation, or a numbered title line."""
    if len(text) > 60:
        return False
    body = text.rstrip("。")
    if "。" in body or "；" in body:
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
    has_prose = any(p in prev for p in "。，；")
    if _NUMBERED.match(prev) and "。" not in prev:
        return False  # a numbered heading, not a broken sentence
    return len(prev) >= 45 or (has_prose and len(prev) >= 12)


def normalize(raw: str) -> Normalized:
    body_start, meta = _front_matter(raw)
    paras: list[tuple[list[str], list[int]]] = []
    pos = body_start
    for m in _LINE_SPLIT.finditer(raw + "\n", body_start):
        line_end = min(m.start(), len(raw))
        if pos < line_end:
            line = raw[pos:line_end]
            if line.strip() and not is_furniture(line):
                c, i = _clean_line(raw, pos, line_end)
                if c:
                    if paras and _should_join("".join(paras[-1][0]), "".join(c)):
                        paras[-1][0].extend(c)
                        paras[-1][1].extend(i)
                    else:
                        paras.append((c, i))
        pos = m.end()
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
