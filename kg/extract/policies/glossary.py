"""Glossary entries (名词解释/注释: "[8]三品一标：无公害农产品…") and the footnote markers in the
body that point at them ("“三品一标”[8]").

    〔15〕飞地经济：指打破区划限制…(见第14页)〔16〕总部经济：指…   one paragraph, many entries
    9.转企升规：“个转企”和“小升规”的简称。                          one entry, list-numbered
    瞪羚企业：成长性好、…                                           one entry, bare

A bracketed number marks an entry wherever it stands; list numbers and bare terms only inside
a glossary block (after a 名词解释 heading, entry after entry), where body paragraphs look alike.
"""
from __future__ import annotations

import re

from kg.extract.policies.text import clean

_TERM = r"([^：:，。；\n]{2,30})[：:]\s*(\S.{3,}?)"
# a bracketed footnote number opening an entry: at the paragraph's start or after the end of
# the previous entry (web copies join a glossary's lines into one paragraph)
_BRACKETED = re.compile(r"(?:^|(?<=[。.)）\]」”]))\s*(?:[\[［【(（〔]\s*(\d{1,3})\s*[\]］】)）〕]|注\s*(\d{1,3})[：:.．]?)\s*"
                        + _TERM + r"(?=\s*(?:[\[［【〔]\s*\d{1,3}\s*[\]］】〕]|注\s*\d{1,3}[：:.．]?)[^：:，。；]{2,30}[：:]|$)",
                        re.S)
# inside a glossary block: "9.转企升规：…", "（2）两个毫不动摇：…", "瞪羚企业：…"
_LISTED = re.compile(r"^\s*(?:[（(]?(\d{1,3})[)）.．、]\s*)?" + _TERM + "$", re.S)
# a footnote marker in the body: "“一事通办”[1]改革"
MARKER = re.compile(r"\[(\d{1,3})\]|〔(\d{1,3})〕|［(\d{1,3})］")


def glossary_entries(paragraph: str, in_block: bool = False) -> list[tuple[int | None, str, str]]:
    """"[8]三品一标：无公害农产品、绿色食品…" -> [(8, "三品一标", "无公害农产品、绿色食品…")];
    several for a paragraph of joined entries; list-numbered and bare entries only in_block."""
    out = []
    for m in _BRACKETED.finditer(paragraph):
        if out or m.start() == 0 or not paragraph[:m.start()].strip():
            out.append((int(m.group(1) or m.group(2)), m.group(3), m.group(4)))
    if not out and in_block:
        m = _LISTED.match(paragraph)
        if m:
            out.append((int(m.group(1)) if m.group(1) else None, m.group(2), m.group(3)))
    return [(n, term, d.strip()) for n, t, d in out
            if (term := clean(t).replace("“", "").replace("”", ""))]


def marker_number(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))
