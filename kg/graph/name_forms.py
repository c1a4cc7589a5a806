"""A name as cross-report resolution compares it: what two reports of one region may write
differently about the same thing is set aside, what tells two things apart is kept.

    晋南集团 3号1860高炉 配套 项目        (owner, ordinal 3号, capacity 1860, head 高炉)
    ──┬───   ───────┬──── ──┬─ ──┬─
    owner        core      works drop      core "3号1860高炉", owner 晋南钢铁集团

- ``full``: the name without separators, the region's own names in front (曲沃县, 山西省) and
  level words (县, 全省, 省级: kept apart in ``level``), a known enterprise in front (the owner,
  kept apart), generic tails (项目/工程/建设), and phases (一期, （二期）: kept apart in
  ``phases``), with the ``same`` words of the lexicon made one (改扩建 → 扩建, 西进 → 西延,
  县人民医院 → 县医院) and a village's or township's unit left out (白庙村片区 → 白庙片区);
- ``bare``: ``full`` without what is done to the thing (改造, 扩建, 道路改造 …) or, for a
  policy, its form word (行动, 战略 …);
- ``parts``: the sides of a joint name (城东水厂及管网 → 城东水厂, 管网);
- ``numbers``: the digit runs, which another name of the same thing may not contradict;
- ``turned``: ``bare`` with its route's two ends the other way round (满城界至开发区段 →
  开发区至满城界段): one section, whichever end a report starts from.

The words are data: ontology/lexicons/identity_forms.tsv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg.graph.iris import clean_name
from kg.paths import data_path

# Phases are told apart by their number; brackets are already gone (clean_name).
_PHASE = re.compile(r"([一二三四五六七八九十\d]+)期")
_DIGITS = re.compile(r"\d+")
_SEPARATORS = re.compile(r"[、，,：:；;\-—－/／~～.。“”‘’\"']")
_REGION_UNITS = ("自治县", "自治州", "自治区", "县", "市", "区", "省", "镇", "乡")
# A lone level word in front: 县中医医院, 全县, 市第一中学 (the region named by its level) →
# the level it names. A rank (省级, 国家级, 全国) names the same level: 全省平安建设先进县 and
# 省级平安建设先进县 are one title in two reports (23 such pairs of a city's reports in the
# corpus, 13 of 全国 / 国家级), but a rank is never set aside against a name without one.
_LEVELS = {"全县": "县", "全市": "市", "全区": "区", "全省": "省", "县": "县", "市": "市", "区": "区",
           "省": "省"}
_RANKS = {"国家级": "国", "全国": "国", "国家": "国", "省级": "省", "市级": "市", "县级": "县", "区级": "区"}
_LEVEL_PREFIXES = tuple(sorted({**_LEVELS, **_RANKS}, key=lambda x: (-len(x), x)))
# A village's or township's unit, left out where a report writes the place's name without it
# (白庙村片区改造安置区 / 白庙片区安置区, 神南镇抽水蓄能电站 / 神南抽水蓄能电站).
_PLACE_UNITS = ("街道", "社区", "村", "镇", "乡")


@dataclass(frozen=True)
class Lexicon:
    drop: tuple[str, ...]
    works: tuple[str, ...]
    tail: tuple[str, ...]
    same: tuple[tuple[str, str], ...]
    parts: str
    road: str
    mark: str
    spans: re.Pattern[str] | None
    size: re.Pattern[str] | None
    level: tuple[str, ...]
    apart: str
    same_pattern: re.Pattern[str] | None      # any of the ``same`` words
    part_pattern: re.Pattern[str] | None      # any of the ``part`` words
    extent: tuple[re.Pattern[str], ...]       # a route's extent: its two ends (groups 1, 2)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    table: dict[str, list[list[str]]] = {}
    path = data_path("ontology", "lexicons", "identity_forms.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, *rest = line.split("\t")
        table.setdefault(kind.strip(), []).append([x.strip() for x in rest])

    def words(kind: str) -> tuple[str, ...]:
        # longest first, so 项目建设 goes before 建设
        return tuple(sorted((r[0] for r in table.get(kind, [])), key=len, reverse=True))

    same = tuple(sorted(((r[0], r[1]) for r in table.get("same", [])), key=lambda p: -len(p[0])))
    def pattern(kind: str) -> re.Pattern[str] | None:
        alternatives = [r[0] for r in table.get(kind, [])]
        return re.compile("|".join(f"(?:{x})" for x in alternatives)) if alternatives else None

    parts = "".join(words("part"))
    return Lexicon(words("drop"), words("works"), words("tail"), same, parts,
                   "".join(words("road")), "".join(words("mark")),
                   pattern("span"), pattern("size"), words("level"), "".join(words("apart")),
                   re.compile("|".join(re.escape(a) for a, _ in same)) if same else None,
                   re.compile(f"[{re.escape(parts)}]") if parts else None,
                   tuple(re.compile(r[0]) for r in table.get("extent", [])))


class NameForm(NamedTuple):
    written: str                 # the name as cleaned (clean_name)
    full: str
    bare: str
    parts: tuple[str, ...]       # bare forms of the sides of a joint name (none when one side)
    phases: frozenset[str]
    numbers: frozenset[str]
    owner: str | None            # the enterprise named in front, by its key
    set_aside: tuple[str, ...]   # what was set aside or made one, for the explanation of a link
    works: tuple[str, ...]       # the works (or policy form) words ``bare`` leaves out
    spans: frozenset[str] = frozenset()   # spans left out (a campaign's duration: 三年)
    level: frozenset[str] = frozenset()   # level words set aside in front (市财金集团 / 省财金集团)
    rank: bool = False                    # one of them ranks a designation (省级, 全国)
    turned: str = ""                      # ``bare`` read from the other end of its route


@lru_cache(maxsize=64)
def _tail_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # matched on the reversed text: an anchored match, not a search through the whole name
    return re.compile("|".join(re.escape(w[::-1]) for w in sorted(words, key=len, reverse=True)))


def _strip_tail(text: str, words: tuple[str, ...], keep: int = 2) -> tuple[str, list[str]]:
    """Drop any of ``words`` from the end, again and again, leaving at least ``keep`` chars."""
    return _strip_with(text, _tail_pattern(words).match if words else None, keep)


@lru_cache(maxsize=1)
def _tails() -> tuple:
    """The lexicon's tail words as ``_strip_with`` takes them: drop, works, a policy's works
    and form words (compiled once, not looked up by their tuple at every name)."""
    lex = lexicon()

    def matcher(words: tuple[str, ...]):
        return _tail_pattern(words).match if words else None

    return matcher(lex.drop), matcher(lex.works), matcher(lex.works + lex.tail)


def _strip_with(text: str, match, keep: int = 2) -> tuple[str, list[str]]:
    gone: list[str] = []
    if match is None:
        return text, gone
    back, pos = text[::-1], 0
    while True:
        m = match(back, pos)
        if m is None or len(text) - m.end() < keep:
            return (text[: len(text) - pos] if pos else text), gone
        gone.append(m.group()[::-1])
        pos = m.end()


def region_prefixes(names: tuple[str, ...]) -> tuple[str, ...]:
    """The ways a region's names stand in front of a project's name: 曲沃县 and 曲沃, longest first."""
    out = set()
    for n in names:
        if not n:
            continue
        out.add(n)
        for unit in _REGION_UNITS:
            if n.endswith(unit) and len(n) - len(unit) >= 2:
                out.add(n[: -len(unit)])
    return tuple(sorted(out, key=lambda x: (-len(x), x))) + _LEVEL_PREFIXES


def place_units(names) -> tuple[str, ...]:
    """The names of villages and townships that carry their unit (白庙村, 神南镇) and are
    still a name without it (白庙, 神南): what ``context`` lets a name write either way."""
    out = set()
    for n in names:
        unit = next((u for u in _PLACE_UNITS if n.endswith(u)), None)
        if unit and len(n) - len(unit) >= 2:
            out.add(n)
    return tuple(sorted(out))


@dataclass(frozen=True)
class Context:
    """What a region's names are compared with, compiled once per region: its own names
    (region_prefixes), its enterprises' names with their keys, longest first, and its
    villages' and townships' names with their unit (place_units)."""
    prefixes: re.Pattern[str] | None
    owners: dict[str, tuple[tuple[str, str], ...]]   # first character → (name, key), longest first
    places: tuple[str, ...] = ()
    towns: re.Pattern[str] | None = None              # ``_towns(places)``, when there are places


@lru_cache(maxsize=2048)  # one per region with villages named
def _towns(places: tuple[str, ...]) -> re.Pattern[str]:
    # the unit goes only where more of the name follows: 白庙村 alone stays 白庙村
    return re.compile("(?:" + "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True)) + ")(?=..)")


_UNIT_CHARS = re.compile("[" + "".join(sorted({u[-1] for u in _PLACE_UNITS})) + "]")


def context(prefixes: tuple[str, ...] = (), owners: tuple[tuple[str, str], ...] = (),
            places: tuple[str, ...] = ()) -> Context:
    front = _front_pattern(prefixes) if prefixes else None
    by_first: dict[str, list[tuple[str, str]]] = {}
    for n, key in sorted(owners, key=lambda x: (-len(x[0]), x[0])):
        by_first.setdefault(n[0], []).append((n, key))
    places = tuple(places)
    return Context(front, {k: tuple(v) for k, v in by_first.items()}, places,
                   _towns(places) if places else None)


def _front_pattern(prefixes) -> re.Pattern[str]:
    # not before 级 (省级 is a rank, a prefix of its own), 际 (省际) or 至: a region that is a
    # route's end is no name set aside (毕节至镇雄高速 is not 镇雄至赫章高速 with 赫章 added)
    return re.compile("(?:" + "|".join(re.escape(p) for p in prefixes) + ")(?![级际至域])")


NO_CONTEXT = Context(_front_pattern(_LEVEL_PREFIXES), {})


def _unit_off(name: str) -> str:
    return next(name[: -len(u)] for u in _PLACE_UNITS if name.endswith(u))


def _strip_front(text: str, pattern: re.Pattern[str] | None,
                 owners: dict[str, tuple[tuple[str, str], ...]] | None = None) -> tuple[str, list[str]]:
    gone = []
    while pattern is not None:
        m = pattern.match(text)
        if m is None or len(text) - m.end() < 2:
            return text, gone
        if owners and any(text.startswith(n) for n, _ in owners.get(text[:1], ())):
            return text, gone  # 国家电投分宜电厂: the owner's name, not the level word 国家
        gone.append(m.group())
        text = text[m.end():]
    return text, gone


def name_form(name: str, kind: str, ctx: Context = NO_CONTEXT) -> NameForm:
    """The comparable form of ``name`` (a project, enterprise or policy) in a region
    (``ctx``: its names, and its enterprises for an owner written in front of a project)."""
    lex = lexicon()
    drop, works_of, policy_works = _tails()
    written = clean_name(name)
    text = _SEPARATORS.sub("", written)
    text, regions = _strip_front(text, ctx.prefixes, ctx.owners)
    if regions:
        notes = [f"{'level' if r in _LEVELS or r in _RANKS else 'region'} {r}" for r in regions]
        level = frozenset(_LEVELS.get(r) or _RANKS[r] for r in regions if r in _LEVELS or r in _RANKS)
        rank = any(r in _RANKS for r in regions)
    else:
        notes, level, rank = [], _NONE, False
    if ctx.towns is not None and _UNIT_CHARS.search(text) and ctx.towns.search(text):
        towns = ctx.towns
        notes += [f"{p} = {_unit_off(p)}" for p in sorted(set(towns.findall(text)))]
        text = towns.sub(lambda m: _unit_off(m.group()), text)
    owner = None
    if kind == "project" and text and text[0] in ctx.owners:
        for n, key in ctx.owners[text[0]]:  # longest names first
            if text.startswith(n) and len(text) - len(n) >= 2:
                owner, text = key, text[len(n):]
                notes.append(f"owner {n}")
                break
    if lex.same_pattern is not None and lex.same_pattern.search(text):
        for a, b in lex.same:
            if a in text:
                text = text.replace(a, b)
                notes.append(f"{a} = {b}")
    if lex.size is not None and lex.size.search(text):
        notes += [f"size {x}" for x in lex.size.findall(text)]
        text = lex.size.sub("", text) or text
    spans: frozenset[str] = _NONE
    if kind == "policy" and lex.spans is not None and lex.spans.search(text):
        spans = frozenset(lex.spans.findall(text))
        notes += [f"{x} left out" for x in sorted(spans)]
        text = lex.spans.sub("", text)
    phases = frozenset(_PHASE.findall(text)) if "期" in text else _NONE
    if phases:
        text = _PHASE.sub("", text) or text
    text, dropped = _strip_with(text, drop)
    notes += [f"{w} dropped" for w in dropped]
    full = _no_parts(text)
    bare, works = _strip_with(text, policy_works if kind == "policy" else works_of)
    bare, dropped = _strip_with(bare, drop)
    parts: tuple[str, ...] = ()
    sides = lex.part_pattern.split(text) if lex.part_pattern is not None else [text]
    if len(sides) > 1 and all(len(x) >= 2 for x in sides):
        parts = tuple(_strip_with(_strip_with(_strip_front(x, ctx.prefixes)[0], works_of)[0], drop)[0]
                      for x in sides)
    bare = _no_parts(bare)
    return NameForm(written, full, bare, parts, phases,
                    frozenset(_DIGITS.findall(written)), owner, tuple(notes),
                    tuple(works + dropped), spans, level, rank, _turned(bare, lex))


_NONE: frozenset[str] = frozenset()


def _turned(bare: str, lex: Lexicon) -> str:
    """``bare`` read from the other end of its route (开发区至满城界段 for 满城界至开发区段), or ""."""
    if "至" not in bare:
        return ""
    for pattern in lex.extent:
        m = pattern.search(bare)
        if m is not None:
            return bare[: m.start(1)] + f"{m.group(2)}至{m.group(1)}" + bare[m.end(2):]
    return ""


def _no_parts(text: str) -> str:
    # "·" joins brand and name (金杯半山·米易太阳谷): compared without it; 及/和/与 stay in the text.
    return text.replace("·", "") if "·" in text else text
