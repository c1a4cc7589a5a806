"""Figures a city's report gives for the places under it, as a list of clauses.

"到2025年，经济总量仁怀突破2000亿元，汇川达到600亿元，红花岗和播州分别达到500亿元"
(遵义), "肃州、玉门地区生产总值达到300亿元以上，瓜州达到200亿元以上" (酒泉), "安定经济总量
超过150亿元，陇西、临洮超过130亿元" (定西): the first clause names the indicator and one or
more places, each next clause only places and a figure. Every place must be a division under
the report's own region (the gazetteer says so; a zone such as 新蒲新区 counts inside a list
that holds a real division). Each place gets the clause's first figure ("确保100亿元、力争
150亿元" → 100), or its own one from a 分别 list ("宣汉、大竹GDP分别突破500亿元、400亿元"),
as its own observation under the name the report writes (仁怀, 汇川).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.indicators.vocab import label_re, vocabulary
from kg.extract.lexicon import patterns
from kg.extract.numbers import Quantity, quantities

_ITEM_SEP = re.compile(r"、|和|与|及")
_ZONE = re.compile(r"[\u4e00-\u9fff]{2,6}(?:新区|开发区|高新区|经开区)$")


def _p(name: str) -> re.Pattern[str]:
    return patterns("indicator_patterns.tsv")[name]


@dataclass
class PlaceFigure:
    key: str          # the indicator's concept key
    place: str        # as written
    value: Quantity
    start: int        # where the clause starts in the sentence


_LEAD = re.compile(r"^(?:力争|确保|争取|推动|支持|其中|到(?:19|20)\d\d年)?")
_VERB = re.compile(r"(?:分别|均)?(?:达到|突破|超过|超|确保|力争|冲刺|达|为)(?=\s*\d)")


def _split(clause: str) -> tuple[str | None, str, int] | None:
    """"经济总量仁怀突破2000亿元" → ("经济总量", "仁怀", where the figure's verb ends);
    "肃州、玉门地区生产总值达到300亿元" → ("地区生产总值", "肃州、玉门", …)."""
    rest = clause[_LEAD.match(clause).end():]
    lead = len(clause) - len(rest)
    v = _VERB.search(rest)
    if not v:
        return None
    head = rest[:v.start()]
    name = None
    first = label_re().match(head)
    if first:
        name, head = first.group(), head[first.end():]
    else:
        last = None
        for last in label_re().finditer(head):
            pass
        if last is not None and last.end() == len(head):
            name, head = last.group(), head[:last.start()]
    if not re.fullmatch(r"[\u4e00-\u9fff、]+", head or "-"):
        return None
    return name, head, lead + v.end()


def _places(items: str, under: str, known) -> list[str] | None:
    """The list's items when each is a place under the report's region (zones allowed
    beside real divisions); None otherwise."""
    names = [x for x in _ITEM_SEP.split(items)]
    if not names or any(not n for n in names):
        return None
    real = [n for n in names if known(n, under)]
    if not real or any(n not in real and not _ZONE.match(n) for n in names):
        return None
    return names


def read(text: str, clauses: list[tuple[int, int]], region: str | None, known) -> list[PlaceFigure]:
    """Lists of per-place figures in a sentence. ``known(name, under)``: is ``name`` a
    division under the region ``under``?"""
    if not region:
        return []
    vocab = vocabulary()
    out: list[PlaceFigure] = []
    key = None  # the indicator of the list running on
    for a, b in clauses:
        clause = text[a:b].strip()
        offset = a + (len(text[a:b]) - len(text[a:b].lstrip()))
        split = _split(clause)
        if not split:
            key = None
            continue
        name, items, end = split
        hit = vocab.by_name.get(name) if name else None
        if hit and hit[1]:
            hit = None  # a loose name is no indicator here
        if name and not hit:
            key = None
            continue
        this_key = hit[0] if hit else key
        places = _places(items, region, known) if this_key else None
        if not places:
            key = None
            continue
        dim = vocab.concepts[this_key].dimension
        qs = [q for q in quantities(clause[end:]) if q.unit and q.unit.dimension == dim]
        if not qs:
            key = None
            continue
        # "宣汉、大竹GDP分别突破500亿元、400亿元": one figure each; else the first for all
        each = qs if "分别" in clause[:end] and len(qs) == len(places) else [qs[0]] * len(places)
        for place, q in zip(places, each):
            out.append(PlaceFigure(this_key, place, q, offset))
        key = this_key
    return out
