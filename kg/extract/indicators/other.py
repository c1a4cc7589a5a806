"""Quantities outside the indicator vocabulary, kept under the name the report gives them.

Only the plainest statements are read, so that the name is a clean noun phrase: a clause that
opens with the name (after a lead such as 全年, 全市, 2022年), the name ending in a quantity
head word (ontology/lexicons/indicator_other_heads.txt: 产量, 总收入 …) and holding no
verb or function word (indicator_other_stop.txt), followed by a number with its unit and/or
a year-on-year rate: "煤层气产量达到42.85亿方", "生铁产量739.71万吨，同比增长15.5%".
"生铁、粗钢产量分别增长8.5%、9.2%" names two quantities (the shared head is distributed).
Years, parts, sub-periods and horizons are decided as for the vocabulary (statements.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.indicators import horizon
from kg.extract.indicators import statements as ind
from kg.extract.indicators.vocab import label_re
from kg.extract.lexicon import alternation, words
from kg.extract.model import Observation, ReportFacts
from kg.extract.numbers import NUMBER, quantities, to_float
from kg.text.document import Document

_VERB = r"(?:完成|实现|达到|达|为|突破|共计|总计|合计)?"
_LEAD = re.compile(r"^(?:(?:19|20)\d\d年(?:全年)?|全年|全[县市区旗州盟]|[我本][县市区旗州盟]|其中|预计|实现|完成)*")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff]{2,12}")
_WS = re.compile(r"\s+")


_NAME_END = re.compile(rf"{_VERB}(?=\s*\d)|(?:同比|比上年|较上年)?(?:增长|下降)(?=\s*\d)")


@lru_cache(maxsize=1)
def _heads() -> re.Pattern[str]:
    hs = sorted(words("indicator_other_heads.txt"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, hs))})$")


@lru_cache(maxsize=1)
def _any_head() -> re.Pattern[str]:
    """A head word followed (soon) by a figure: the sentences worth reading."""
    hs = sorted(words("indicator_other_heads.txt"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, hs))})[^，；。]{{0,14}}\\d")


@lru_cache(maxsize=1)
def _stop() -> re.Pattern[str]:
    return re.compile(alternation(words("indicator_other_stop.txt")))


def clean_name(name: str) -> str | None:
    """The name when it is a plain noun phrase ending in a quantity head, else None."""
    if not (2 <= len(name) <= 12) or not _heads().search(name) or _stop().search(name):
        return None
    if not _NAME_CHARS.fullmatch(name):
        return None  # Chinese characters only: the concept's IRI and its one label agree
    if label_re().search(name) or _heads().fullmatch(name):
        return None  # the vocabulary's own indicators, or a bare head word (产量, 收入)
    if any(p.fullmatch(name) for p in ind.group_names()):
        return None  # 城乡居民人均可支配收入 is two vocabulary indicators
    return name


def _split_name(clause: str) -> tuple[str, str] | None:
    """"煤层气产量达到42.85亿方" → ("煤层气产量", "达到42.85亿方")."""
    rest = _LEAD.sub("", clause)
    m = _NAME_CHARS.match(rest)  # from the start
    if not m:
        return None
    run = m.group()
    # the name ends where the verb or number starts
    v = _NAME_END.search(rest)
    if not v or v.start() > len(run):
        return None
    name = rest[:v.start()]
    return (name, rest[v.start():]) if name and name == run[:len(name)] else None


def _distributed(names: str) -> list[str] | None:
    """"生铁、粗钢产量" → ["生铁产量", "粗钢产量"]. An aside blanked inside the list
    ("新材料（含新能源）产值") leaves white space that is no part of the name."""
    items = re.split(r"、|和|及", _WS.sub("", names))
    if len(items) < 2 or any(not i for i in items):
        return None
    last = items[-1]
    head = _heads().search(last)
    if not head:
        return None
    out = [i if _heads().search(i) else i + last[head.start():] for i in items]
    return out if all(clean_name(x) for x in out) else None


def extract(doc: Document, facts: ReportFacts) -> list[Observation]:
    meta = facts.meta
    if not meta.review_year or not meta.plan_year:
        return []
    out: list[Observation] = []
    for s, section in zip(doc.sentences, horizon.section_horizons(doc, meta.plan_year)):
        if section and section > meta.plan_year:
            continue  # a section about the next five years: only the vocabulary's goals are read
        # a sentence that raises: kg.build reports and skips the file (a bug, not to be hidden)
        out.extend(_sentence(doc, s, meta, ind, section))
    return out


def _sentence(doc, s, meta, ind, section=None) -> list[Observation]:
    if not _any_head().search(s.text):
        return []
    kind = ind._kind(s, meta.review_year, meta.plan_year, section)
    if kind is None:
        return []
    text = ind._ASIDE.sub(lambda x: " " * len(x.group()), s.text)
    obs = []
    clauses = ind._clauses(text)
    for ci, (a, b) in enumerate(clauses):
        clause = text[a:b].strip()
        if not ind._DIGIT.search(clause):
            continue
        if ind._p("subperiod").search(clause) or ind._p("share").search(clause[:12]):
            continue
        d = ind._p("respectively").search(clause)
        if d:
            names = _distributed(_LEAD.sub("", clause[:d.start()]))
            if not names:
                continue
            rates = ind._PCT_LIST.search(clause, d.end())
            nums = list(ind._PCT_NUM.finditer(rates.group("list"))) if rates and rates.group("verb") else []
            if len(nums) != len(names) or ind._not_yearly(clause[:rates.start()]):
                continue
            neg = rates.group("verb") in ind._DECREASE
            year = ind._year(text, a, kind, meta.review_year, meta.plan_year)
            if year is None or (kind == "target" and _beyond(text, a, year, meta.plan_year)):
                continue
            for n, x in zip(names, nums):
                g = to_float(x.group("num"))
                obs.append(_obs(doc, s, meta, n, kind, year, None, -g if neg else g))
            continue
        split = _split_name(clause)
        if not split:
            continue
        name, rest = split
        name = clean_name(name)
        if not name:
            continue
        year = ind._year(text, a, kind, meta.review_year, meta.plan_year)
        if year is None or (kind == "target" and _beyond(text, a, year, meta.plan_year)):
            continue
        qs = [q for q in quantities(rest) if ind._usable(rest, q, kind)]
        q = qs[0] if qs and qs[0].start <= 6 else None
        if q is not None and kind == "actual" and re.match(r"\s*(?:以上|以下|左右)", rest[q.end:]):
            q = None  # "达10万元以上" is a threshold, not a result
        growth = None if ind._other_base_year(text[:b], year) else ind._growth_in(rest, "", kind == "actual", year)
        if growth is None and ci + 1 < len(clauses):  # "…739.71万吨，同比增长15.5%"
            nxt = text[clauses[ci + 1][0]:clauses[ci + 1][1]]
            if re.match(r"\s*(?:同比|比上年|较上年)?(?:增长|下降|减少|增加)\s*" + NUMBER, nxt):
                growth = ind._growth_in(nxt, "", kind == "actual", year)
        if q is None and growth is None:
            continue
        if kind == "actual" and ind._over_a_period(doc, s, meta.review_year):
            growth = None
            if q is None:
                continue
        obs.append(_obs(doc, s, meta, name, kind, year, q, growth))
    return obs


def _beyond(text: str, pos: int, year: int, plan_year: int) -> bool:
    """Quantities outside the vocabulary are read for the plan year only, not for a horizon."""
    return year != plan_year or horizon.target_year(text, pos, plan_year, None) != plan_year


def _obs(doc, s, meta, name, kind, year, q, growth) -> Observation:
    return Observation(
        indicator=_WS.sub("", name),  # one concept, one label
        in_vocabulary=False, region=meta.region or "", year=year, kind=kind,
        evidence=doc.evidence(s.start, s.end, s), value=q.value if q else None,
        unit=q.unit.name if q and q.unit else None, value_in_base_unit=q.in_base_unit if q else None,
        base_unit=q.unit.base if q and q.unit else None, growth=growth)
