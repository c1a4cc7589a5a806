"""Which part of a report each paragraph belongs to (head, review, plan or notes) and the
section (heading path) it stands in: ``label(normalized)``.

A report reviews one year (or five) and then plans the next; its top-level headings say
which, in words (工作回顾, 工作安排), in years ("三、2021年工作建议" in a report planning 2021)
or in five-year periods ("二、“十四五”时期主要目标任务" in a report of 2021). The years come
from the title block (the delivery date); the words from ontology/lexicons/parts.tsv. When
no heading opens the plan part (headings that are slogans), its first paragraph does
("今年政府工作的总体要求是：…", "2021年是“十四五”开局之年"). tools/check_parts.py lists
where the parts start in every report of a folder and flags the suspicious ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.paths import data_path
from kg.text.normalize import _NUMBERED, Normalized, _is_heading

_L1 = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_L2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_L3 = re.compile(r"^\d{1,2}[.．、](?!\d)|^[（(]\d{1,2}[）)]")
_CN = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "0": 0, "O": 0, "○": 0}
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.%])(?!\s*(?:万|亿|千|个|元|吨|人|户|家|亩|平方|公里|米))"
                   r"|(二[〇零0O○][〇零0O○一二三四五六七八九]{2}|一九[〇零0O○一二三四五六七八九]{2})")
_PERIOD = re.compile(r"十([一二三四五六])五|第十([一二三四五六])个五年")
_DATE = re.compile(r"((?:19|20)\d\d|[一二][〇零0O○一二三四五六七八九]{3})\s*年\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月")
# the lines of a title block: the report's title, the delivery line, the speaker
_TITLE_BLOCK = re.compile(r"报告|会议上|^[—－-]|\d{1,2}月\d{1,2}日|^[（(]|(?:[市县区州省盟旗]长|主任|局长)\s*\S{2,4}$")
# a delivery line, wherever a newspaper prints it: "——2023年2月16日在绛县第十七届人民代表大会…上"
_DELIVERY = re.compile(r"^[—－-]|会议上[）)]?$|^[（(]?\s*(?:(?:19|20)\d\d|[一二][〇零○O0一二三四五六七八九]{3})年[^，。]{1,3}月[^，。]{1,3}日")
_LEAD_IN = re.compile(r"[：:]$")


@dataclass
class Years:
    review: int | None = None
    plan: int | None = None
    late: bool = False  # delivered in the year it reviews (October or later): 今年 is the review year


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, str]]:
    rules = []
    for line in data_path("ontology", "lexicons", "parts.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, pat = line.partition("\t")
            rules.append((kind.strip(), pat.strip()))
    return rules


@lru_cache(maxsize=None)
def _compiled(kind: str, plan: int | None = None) -> list[re.Pattern[str]]:
    return [re.compile(p.replace("{plan}", str(plan) if plan else "(?!)")) for k, p in _rules() if k == kind]


def _cn_year(s: str) -> int:
    return int("".join(str(_CN[c]) for c in s))


def _cn_month(s: str) -> int:
    if s.isdigit():
        return int(s)
    return 10 + (_CN[s[1]] if len(s) > 1 else 0) if s.startswith("十") else _CN[s]


def heading_level(title: str) -> int:
    """1 for 一、, 2 for （一）, 3 for 1. and （1）, 0 for an unnumbered heading."""
    return 1 if _L1.match(title) else 2 if _L2.match(title) else 3 if _L3.match(title) else 0


def report_years(title_block: list[str]) -> Years:
    """The review and plan years from the delivery date in the title block: a report is
    delivered early in the year it plans (one delivered in October or later plans the next)."""
    for line in title_block:
        m = _DATE.search(line)
        if m:
            y = int(m.group(1)) if m.group(1).isdigit() else _cn_year(m.group(1))
            late = _cn_month(m.group(2)) >= 10
            plan = y + 1 if late else y
            return Years(plan - 1, plan, late)
    return Years()


def notes_heading(title: str) -> bool:
    return any(p.search(title) for p in _compiled("notes"))


def years_in(title: str) -> list[tuple[int, int]]:
    out = []
    for m in _YEAR.finditer(title):
        out.append((m.start(), int(m.group(1)) if m.group(1) else _cn_year(m.group(2))))
    return out


def cues(title: str, years: Years, words: bool = True) -> list[tuple[int, str, bool]]:
    """The part cues in a heading, as (position, part, is a section word), in order. With
    ``words`` False only the time cues count (years, periods, 今年, 过去)."""
    found: list[tuple[int, str, bool]] = []
    if words:
        for part in ("review", "plan"):
            for p in _compiled(part):
                found += [(m.start(), part, True) for m in p.finditer(title)]
    for kind, part in (("review_time", "review"), ("plan_time", "plan"),
                       ("this_year", "review" if years.late else "plan")):
        for p in _compiled(kind):
            found += [(m.start(), part, False) for m in p.finditer(title)]
    if years.plan:
        for pos, y in years_in(title):
            if y <= years.plan - 1:
                found.append((pos, "review", False))
            elif y >= years.plan:
                found.append((pos, "plan", False))
        for m in _PERIOD.finditer(title):
            start = 2006 + 5 * "一二三四五六".index(m.group(1) or m.group(2))  # 十一五 = 2006-2010
            if start + 4 < years.plan:
                found.append((m.start(), "review", False))
            elif start >= years.plan or start + 4 == years.plan:  # a new plan, or 收官 of this one
                found.append((m.start(), "plan", False))
    return sorted(found)


@dataclass
class Cue:
    part: str | None  # the part the heading opens, None when it does not say
    both: bool = False  # it names both ("一、2013年工作回顾和2014年工作总体要求")
    by_word: bool = False  # a section word decided, not a time


def heading_part(title: str, years: Years, words: bool = True) -> Cue:
    """The part a heading opens. A section word decides before a time; among several, the
    first (a section that reviews, then plans, opens as review)."""
    if notes_heading(title):
        return Cue("notes", by_word=True)
    cs = cues(title, years, words)
    if not cs:
        return Cue(None)
    named = [c for c in cs if c[2]] or cs
    return Cue(named[0][1], len({c[1] for c in cs}) > 1, named[0][2])


def plan_lead(text: str, years: Years) -> bool:
    """A paragraph that opens the plan part: "今年政府工作的总体要求是", "2021年是…之年"."""
    if years.late:
        text = text.replace("今年", "去年")  # 今年 is the review year then
    return any(p.search(text) for p in _compiled("plan_lead", years.plan))


def is_lead_in(title: str) -> bool:
    """"一年来，我们主要做了以下工作：": a line that opens a list, not a section."""
    return bool(_LEAD_IN.search(title))


def title_block_line(text: str) -> bool:
    return bool(_TITLE_BLOCK.search(text))


def delivery_line(text: str) -> bool:
    return bool(_DELIVERY.search(text))


_ORDER = {"head": 0, "review": 1, "plan": 2, "notes": 3}


def _title_block(norm: Normalized) -> tuple[list[str], int | None]:
    """The lines before the body (title, delivery line, speaker) and the index of the
    salutation ("各位代表：") when the report opens with one."""
    paras = norm.paragraphs
    salute = next((i for i, p in enumerate(paras[:15]) if p.text.startswith("各位代表") and p.start < 1000), None)
    block = [p.text for p in paras[: salute if salute is not None else 6]]
    return [norm.front_matter.get("title", ""), *block], salute


def label(norm: Normalized) -> tuple[list[str], list[str], list[bool]]:
    """Each paragraph's part, section (heading path) and whether it is a heading."""
    paras = norm.paragraphs
    block, salute = _title_block(norm)
    years = report_years(block)
    labels: list[str] = []
    sections: list[str] = []
    headings: list[bool] = []
    part = "head"
    path: list[tuple[int, str]] = []  # (level, heading)
    seen_body = salute is None  # without the salutation there is no title block to skip
    seen_titles: set[str] = set()
    both = False  # the current top-level section reviews, then plans
    unsaid = False  # the current top-level section's heading does not say which part it is
    tops: list[tuple[int, int, str | None]] = []  # top-level headings: paragraph, level, cue
    for pi, para in enumerate(paras):
        text = para.text
        if pi == salute:
            seen_body = True
        heading = _is_heading(text) and not text.startswith("各位代表")
        numbered_lead = None
        if not heading and _NUMBERED.match(text):
            # "1. 发展速度稳中有进。2020年…": the first sentence titles the paragraph
            numbered_lead = text.split("。", 1)[0]
        title = text if heading else numbered_lead
        if title:
            level = heading_level(title)
            lead_in = heading and is_lead_in(title)
            # a numbered paragraph's first sentence says when, not what: "八、政府自身建设不断加强。"
            cue = heading_part(title, years, words=heading)
            if years.plan is None and cue.part == "review" and cue.by_word:
                ys = [y for _, y in years_in(title)]
                if ys:  # no delivery date: the review heading's year tells
                    years = Years(max(ys), max(ys) + 1)
            p = cue.part
            if delivery_line(title):
                p = None  # the delivery line names the plan year (a newspaper reprints it mid-text)
            title_block = part == "head" and (not seen_body or (pi < 8 and title_block_line(title)))
            if title_block and p != "notes":
                p = None  # the title block names both years; it opens no part
            top = level <= 1 and not lead_in
            new = None
            if p == "notes":
                new = p
            elif part == "notes":
                if p and heading and top and title not in seen_titles:
                    new = p  # a glossary repeats the report's headings; a new one ends it
            elif p and _ORDER[p] > _ORDER[part]:
                if level <= 1 or part == "head":
                    new = p
                elif (level == 2 and part == "review" and (both or unsaid)
                      and heading_part(title, years, words=False).part == "plan"):
                    new = "plan"  # "二、勇毅前行…" then "（二）关于2022年的工作"
            elif p == "review" and part == "plan" and heading and top and cue.by_word:
                new = p
            elif p is None and heading and top and part == "head" and not title_block:
                new = "review"
            elif p is None and heading and top and part == "review" and both:
                new = "plan"  # the section after one that reviewed, then planned, plans
            if new:
                if part == "head":
                    path = []  # the title block is not a section of the body
                part = new
                seen_body = True
            if heading and top:
                both = cue.both and part == "review"
                unsaid = cue.part is None
                if not title_block and not title.startswith(("（", "(", "【", "[")):  # "（紧转第2版）"
                    tops.append((pi, level, cue.part))
            if heading:
                seen_titles.add(title)
            lv = 9 if lead_in else level  # a list's opening line is the deepest step
            path = [(v, h) for v, h in path if v < lv] + [(lv, title.rstrip("。"))]
        if not heading and part == "head" and seen_body and len(text) > 60:
            part = "review"  # the body started without a recognisable part heading
            path = []
        labels.append(part)
        sections.append(" / ".join(h for _, h in path))
        headings.append(heading)
    _between(labels, tops)
    _plan_by_lead(norm, labels, years, headings)
    return labels, sections, headings


def _between(labels: list[str], tops: list[tuple[int, int, str | None]]) -> None:
    """"一、2022年工作回顾 / 二、深入贯彻落实党的二十大精神… / 三、2023年主要任务": a section
    between the review and the plan whose heading does not say which looks ahead (goals,
    guiding ideas, the situation faced); it opens the plan."""
    for (_, la, ca), (b, lb, cb), (c, lc, cc) in zip(tops, tops[1:], tops[2:]):
        if la == lb == lc and (ca, cb, cc) == ("review", None, "plan") and labels[b] == "review" and labels[c] == "plan":
            for k in range(b, c):
                if labels[k] == "review":
                    labels[k] = "plan"


def _plan_by_lead(norm: Normalized, labels: list[str], years: Years, headings: list[bool]) -> None:
    """Reports whose headings do not name the plan part (slogans, or none): the plan part
    starts at its opening paragraph ("今年政府工作的总体要求是：…") or at the heading just
    before it. Only when no plan part holds a tenth of the text."""
    paras = norm.paragraphs
    total = sum(len(p.text) for p in paras) or 1
    plan_at = next((i for i, lb in enumerate(labels) if lb == "plan"), len(labels))
    if sum(len(p.text) for p, lb in zip(paras, labels) if lb == "plan") >= total / 10:
        return
    done = 0
    for i, p in enumerate(paras[:plan_at]):
        done += len(p.text)
        if labels[i] != "review" or done < total * 0.15 or not plan_lead(p.text, years):
            continue
        start = i
        review_at = labels.index("review")
        for j in range(i - 1, review_at, -1):  # "二、…" then "2021年是…": the section's heading opens the part
            if headings[j] and not is_lead_in(paras[j].text):
                if heading_level(paras[j].text) <= 1 and heading_part(paras[j].text, years).part is None:
                    start = j
                break
        for k in range(start, plan_at):
            if labels[k] == "review":
                labels[k] = "plan"
        return
