"""The year a target is for: the plan year, or the end of a longer horizon.

A five-year plan's goals are targets of its end year (gold/SCHEMA.md): "“十四五”时期的主要
预期目标是：地区生产总值年均增长8%以上，到2025年达到5500亿元左右" is a target of 2025 (its
年均 rate is the growth). The horizon is named in the sentence before the statement
(到2025年, 2025年前, “十四五”时期, 今后五年) or by the top-level heading of the section the
sentence stands in ("二、二〇三五年远景目标和“十四五”时期主要目标任务", or unnumbered: "今后五年的
目标任务"), read from the text layer's heading path. The cue words are the
``horizon`` pattern of ontology/lexicons/indicator_patterns.tsv.
"""
from __future__ import annotations

import re

from kg.extract.lexicon import patterns
from kg.text.document import Document, Sentence

_L1_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六])五")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_SPAN = re.compile(r"(今后|未来)?([三五])年(?:内)?")
_AVERAGE = re.compile(r"年均|年平均|平均每年")
_REVIEW_WORDS = re.compile(r"回顾|执行情况|完成情况|过去|成绩|成效")


def _p(name: str) -> re.Pattern[str]:
    return patterns("indicator_patterns.tsv")[name]


def end_year(cue: str, plan_year: int) -> int | None:
    """The last year of the horizon a cue names; None when the cue alone does not say
    (年均, 通过三年)."""
    y = _YEAR.search(cue)
    if y:
        return int(y.group(1))
    f = _FIVE_YEAR_PLAN.search(cue)
    if f:  # 十一五 = 2006-2010 … 十四五 = 2021-2025
        return 2005 + 5 * _CN_DIGIT[f.group(1)]
    s = _SPAN.search(cue)
    if s and not cue.startswith(("通过", "经过")):  # 今后五年 = the plan year and four more
        return plan_year + (4 if s.group(2) == "五" else 2)
    return None


def section_horizons(doc: Document, plan_year: int) -> list[int | None]:
    """For each sentence, the end of the later horizon its top-level section is about when
    the heading says (None for the past, the plan year, or when unsaid)."""
    out: list[int | None] = []
    seen: dict[str, int | None] = {}
    for s in doc.sentences:
        # the section's heading in the text layer's heading path: the innermost numbered
        # top-level one ("二、“十四五”时期主要目标任务", also where a "——…" line above it was
        # taken for a heading), else the outermost ("今后五年的目标任务" in 酒泉 2022)
        path = s.section.split(" / ") if s.part != "head" and s.section else []
        numbered = [h for h in path if _L1_HEADING.match(h)]
        top = numbered[-1] if numbered else (path[0] if path else "")
        if top not in seen:
            seen[top] = heading_horizon(top, plan_year) if top else None
        out.append(seen[top])
    return out


def heading_horizon(heading: str, plan_year: int) -> int | None:
    """"二、“十四五”时期主要目标任务" → 2025; None for a heading about the past ("一、“十三五”
    时期和2020年工作回顾") or one naming the plan year ("二、今后五年及明年目标任务": its list is
    the plan year's). Whether a section is the plan part is the text layer's to say
    (kg/text/parts.py)."""
    if _REVIEW_WORDS.search(heading) or any(int(y) == plan_year - 1 for y in _YEAR.findall(heading)):
        return None  # "一、2021年工作回顾和2022年工作安排": the review speaks first
    if any(int(y) == plan_year for y in _YEAR.findall(heading)) or re.search(r"今年|本年|明年", heading):
        return None
    ends = [e for c in _p("horizon").finditer(heading)
            if (e := end_year(c.group(), plan_year)) is not None and e > plan_year]
    return min(ends) if ends else None


def target_year(text: str, pos: int, plan_year: int, section: int | None) -> int | None:
    """The year a target stated at ``pos`` is for: the horizon named last before it in the
    sentence (到2025年, 十四五时期, or any later year: "2026年实现…即地区生产总值突破800亿元"),
    unless the sentence turns back to the plan year after it; else the section's horizon;
    else the plan year. None when the horizon's end cannot be told (年均 outside any named
    horizon, 通过三年)."""
    cues = [c for c in _p("horizon").finditer(text, 0, pos)]
    cues += [y for y in _p("year").finditer(text, 0, pos) if int(y.group("y")) > plan_year]
    cues.sort(key=lambda c: c.start())
    named = [c for c in cues if not _AVERAGE.fullmatch(c.group())]
    average = len(named) < len(cues)
    last = named[-1] if named else None
    if last is not None and re.search(rf"{plan_year}\s*年|今年|本年", text[last.end():pos]):
        return plan_year  # "聚焦未来五年…，建议2022年…主要预期目标为："
    if last is not None:
        end = end_year(last.group(), plan_year)
        return end if end is not None and end >= plan_year else None
    if average:  # 年均 over the section's horizon, or over an unknown one
        return section if section and section > plan_year else None
    if section and re.search(rf"{plan_year}\s*年|今年|本年", text[:pos]):
        return plan_year  # the plan year named inside a section about five years
    return section or plan_year


def list_prefix(doc: Document, index: int) -> str:
    """The sentences before this one in its paragraph that end in ；, i.e. the list it runs
    on: "主要预期目标是：地区生产总值增长10%以上；城镇新增就业6万人以上；" ("" if none)."""
    s = doc.sentences[index]
    first = index
    while (first > 0 and doc.sentences[first - 1].paragraph == s.paragraph
           and doc.sentences[first - 1].text.rstrip()[-1:] in "；;"):
        first -= 1
    return doc.text[doc.sentences[first].start:s.start] if first < index else ""


def list_horizon(prefix: str, plan_year: int, section: int | None) -> int | None:
    """The horizon a list opened before (``list_prefix``): "“十三五”…的主要目标是：GDP年均
    增长9%左右；全社会固定资产投资年均增长16%；"."""
    if not any(not _AVERAGE.fullmatch(c.group()) for c in _p("horizon").finditer(prefix)):
        return section
    end = target_year(prefix, len(prefix), plan_year, section)
    return end if end and end > plan_year else section
