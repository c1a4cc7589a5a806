"""Glossary entries (名词解释/注释: "[8]三品一标：无公害农产品…") and the footnote markers in the
body that point at them ("“三品一标”[8]").
"""
from __future__ import annotations

import re

from kg.extract.policies.text import clean

_GLOSS = re.compile(r"^\s*(?:[\[［【(（〔]\s*(\d{1,3})\s*[\]］】)）〕]|注\s*(\d{1,3})[：:.．]?)\s*"
                    r"([^：:，。\n]{2,30})[：:]\s*(\S.{3,})$")
# a footnote marker in the body: "“一事通办”[1]改革"
MARKER = re.compile(r"\[(\d{1,3})\]|〔(\d{1,3})〕|［(\d{1,3})］")


def glossary_entry(paragraph: str) -> tuple[int, str, str] | None:
    """"[8]三品一标：无公害农产品、绿色食品…" -> (8, "三品一标", "无公害农产品、绿色食品…")."""
    m = _GLOSS.match(paragraph)
    if not m:
        return None
    term = clean(m.group(3)).replace("“", "").replace("”", "")
    return (int(m.group(1) or m.group(2)), term, m.group(4).strip()) if term else None


def marker_number(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))

