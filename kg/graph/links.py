"""Cross-report links: the same project, company or policy under another name in another
report of the same region (晋南集团3号1860高炉配套项目 in 2021, 晋南3号高炉及配套 in 2023).

Entities that exact names already joined (kg.graph.resolve) are compared only within a
*block*: one region's reports and one kind. Within a block, a name meets only the names
filed under its own forms (kg.graph.name_forms), its sides, or itself with one qualifier
taken out, the head (its last character) in place: hash look-ups, not all pairs. Names
used in several regions (a national policy) meet each other once, where a region's
reports use both. Two entities link when, in order of strength:

1. ``form``: their names are one once the region's name, the owner, generic tails and the
   words reports write either way are set aside (改扩建 = 扩建, 西进 = 西延, 计划 = 行动);
2. ``works``: they differ only in what is done to the thing (改造, 扩建, 道路 …; a policy's
   form word 行动, 战略 …);
3. ``contains``: one is the other with one qualifier added (东城 全民健身中心, 晋南集团3号1860高炉),
   or one side of a joint name (城东水厂 in 城东水厂及管网);

and nothing tells them apart:

- never two entities that one report names both of (the report keeps them apart);
- phases agree (一期 may stand for no phase), so do a campaign's years (三年 / 五年) and the
  level words set aside (市 / 省 / 省级 = 全省 / 国家级 = 全国 = 国家), and a rank (省级, 全国)
  is set aside only against another level word, never against none (省级乡村旅游重点村 is
  not any 乡村旅游重点村); the digits of the shorter name are in the longer;
  owners and capacities do not differ;
- a qualifier never holds an ordinal or a route's extent (3号, 二期, 第四, 标段, 至), a rank
  (省级 / 国家级), Latin letters (勒门I / 勒门II), another city's or province's name (青岛 in
  沧州), nor is it only a side or "new" (东西部快速路, 新赣江大桥); it never stands right
  before a road's last character (吉祥路 / 吉祥北路 are two roads);
- a ``contains`` link needs a shorter name that no other region uses (污水处理厂, 全民健身中心
  in many cities are no one city's thing), and names of one region only (the national 乡村振兴
  is not one county's 助力乡村振兴计划);
- a name that could join two things the other reports keep apart joins neither.

Links are made strongest first, then nearest in years. Each carries its reason, which the
later report's graph states (ckg:identityNote).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from kg import gazetteer
from kg.graph.name_forms import NameForm, lexicon

TIERS = ("form", "works", "contains")
MAX_GAP = 5        # characters a qualifier may have
MIN_CONTAINED = 4  # characters of a name found inside another (3 when it is one side of it)


@dataclass
class Candidate:
    """One entity folded from exact names, as the linker sees it."""
    id: int
    names: tuple[str, ...]
    reports: dict[str, int]              # report key → the report's year
    blocks: set[str]                     # region keys of the reports that name it
    local: bool                          # no report of another region names it
    owners: frozenset[str] = frozenset()
    capacities: frozenset[str] = frozenset()
    forms: dict[str, list[NameForm]] = field(default_factory=dict)   # block → forms of its names


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    tier: int
    a_name: str
    b_name: str
    why: str
    block: str                           # the region whose reports were compared


def _phases_agree(x: frozenset[str], y: frozenset[str]) -> bool:
    return x == y or {x, y} in ({frozenset(), frozenset({"一"})}, {frozenset(), frozenset({"1"})})


def _digits_agree(short: NameForm, long_: NameForm) -> bool:
    return short.numbers <= long_.numbers or long_.numbers <= short.numbers


def _qualifiers(short: str, long_: str) -> list[tuple[int, int]] | None:
    """Where ``long_`` has more than ``short``, when ``short`` is ``long_`` with qualifiers
    taken out and both end alike: the (start, end) of each qualifier in ``long_``; else None."""
    if not short or short[-1] != long_[-1]:
        return None
    gaps = []
    i = len(long_) - 1
    for ch in reversed(short):
        j = long_.rfind(ch, 0, i + 1)
        if j < 0:
            return None
        if j != i:
            gaps.append((j + 1, i + 1))
        i = j - 1
    if i >= 0:
        gaps.append((0, i + 1))
    return gaps


_LATIN = re.compile(r"[A-Za-zⅠ-Ⅻ]")  # 勒门I / 勒门II: a model or an ordinal


@lru_cache(maxsize=100_000)
def foreign_place(gap: str, region: str) -> bool:
    """Whether ``gap`` names a city or province that neither holds nor is ``region`` (a GB/T
    2260 key): 青岛港口集团 is not 沧州's 港口集团. Counties and towns are left alone: 东城, 城东
    are quarters of many places."""
    ours = {region, *(d.code for d in gazetteer.chain(region))} if gazetteer.get(region) else {region}
    return any(d.level in ("city", "province") and d.code not in ours for d in gazetteer.lookup(gap))


def _contains(short: str, long_: str, min_len: int = MIN_CONTAINED, region: str = "") -> str | None:
    """Why ``long_`` is ``short`` with one qualifier added, or None when it is not, or when
    the qualifier could name another thing (an ordinal, a road's own name, a rank, another
    city)."""
    if len(short) < min_len or len(short) >= len(long_) or len(long_) > 2 * len(short):
        return None
    if not set(short) <= set(long_):
        return None
    gaps = _qualifiers(short, long_)
    if gaps is None or len(gaps) != 1:
        return None
    lex = lexicon()
    for start, end in gaps:
        gap = long_[start:end]
        if len(gap) > MAX_GAP or any(c in lex.mark for c in gap) or any(w in gap for w in lex.level):
            return None
        if _LATIN.search(gap) or (end < len(long_) and long_[end] in lex.road):
            return None
        if all(c in lex.apart for c in gap):
            return None
        if region and len(gap) >= 2 and foreign_place(gap, region):
            return None
    return "、".join(long_[s:e] for s, e in sorted(gaps))


def compare(x: NameForm, y: NameForm, region: str = "") -> tuple[int, str] | None:
    """The strongest tier at which two names are one thing, and why; None when they are not.
    ``region``: the key of the region whose reports use both names."""
    if not _phases_agree(x.phases, y.phases) or not _digits_agree(*sorted((x, y), key=lambda f: len(f.written))):
        return None
    if x.spans and y.spans and x.spans != y.spans:
        return None  # a three-year campaign and the five-year one after it
    if x.level and y.level and x.level != y.level:
        return None  # the city's and the province's
    if (x.rank and not y.level) or (y.rank and not x.level):
        return None  # 省级乡村旅游重点村 is not any 乡村旅游重点村 (全省 = 省级 is)
    if x.owner and y.owner and x.owner != y.owner:
        return None
    if x.full == y.full and len(x.full) >= 2:
        return 0, ""
    if x.bare == y.bare and len(x.bare) >= 3:
        sides = [{c for w in f.works for c in w if c in lexicon().apart} for f in (x, y)]
        if sides[0] and sides[1] and sides[0] != sides[1]:
            return None  # 顺兴路北延 / 顺兴路南延: two extensions of one road
        works = sorted(set(x.works) ^ set(y.works))
        return 1, f"other works ({'/'.join(works)})" if works else ""
    for a, b in ((x, y), (y, x)):
        if a.turned and a.turned == b.bare:
            return 1, f"read from the other end ({b.written})"
    short, long_ = sorted((x, y), key=lambda f: (len(f.bare), f.bare))
    if short.numbers - long_.numbers:
        return None
    for side in long_.parts:
        if side == short.bare and len(side) >= 3:
            return 2, f"one side of {long_.full}"
    if short.owner and not long_.owner:
        return None  # 全友家具产业园 / 湖州家具产业园: the qualifier stands where the owner does
    why = _contains(short.bare, long_.bare, region=region)
    if why is None:
        for side in long_.parts:
            why = _contains(short.bare, side, region=region)
            if why is not None:
                break
    if why is not None:
        return 2, f"with {why} added"
    return None


def shorter_forms(text: str, shapes: set[tuple[str, str, int]] | None = None) -> set[str]:
    """``text`` with one qualifier taken out (up to MAX_GAP characters, never its last one, the
    rest at least half of it and MIN_CONTAINED long): the names ``text`` could be the fuller
    form of. Looking these up is how candidates are found without comparing all pairs.
    ``shapes``: the (first character, last character, length) of the names there are to
    find, when known: a qualifier inside the name keeps the first and last characters."""
    out = set()
    n = len(text)
    for size in range(1, MAX_GAP + 1):
        rest = n - size
        if rest < MIN_CONTAINED or 2 * rest < n:
            break
        out.add(text[size:])  # a qualifier in front
        if shapes is None or (text[0], text[-1], rest) in shapes:
            out.update(text[:start] + text[start + size:] for start in range(1, rest))
    return out


def _use(f: NameForm) -> tuple[str, frozenset[str]]:
    return f.bare, f.level if f.rank else frozenset()


def find_links(cands: list[Candidate], generic: Callable[[str], bool] = lambda s: False) -> list[Link]:
    """Every link worth making among ``cands``, ambiguous ones left out.

    Per region (block), names are filed by their forms; a name of the region meets only the
    names filed under its own forms, its sides, or itself with one qualifier taken out (the
    head, its last character, stays in place). Names used in several regions (a national
    policy) meet each other once, by their forms, where a region's reports use both."""
    best: dict[tuple[int, int], Link] = {}
    # where each core is used: a short name other regions use too is no one region's thing
    # (国家级X, 全国X count apart from X here, as they did when their rank was part of the name)
    used_in: dict[tuple[str, frozenset[str]], set[str]] = defaultdict(set)
    for c in cands:
        for block, forms in c.forms.items():
            for f in forms:
                used_in[_use(f)].add(block)

    def consider(ida: int, idb: int, fa: NameForm, fb: NameForm, block: str) -> None:
        link = _pair(cands[ida], cands[idb], fa, fb, block, generic)
        if link is None:
            return
        if link.tier == 2 and len(used_in[_use(min(fa, fb, key=lambda f: len(f.bare)))]) > 1:
            return  # 污水处理厂 in many cities: not 城东污水处理厂 for sure
        key = (min(ida, idb), max(ida, idb))
        if key not in best or (link.tier, link.why) < (best[key].tier, best[key].why):
            best[key] = link

    by_block: dict[str, list[tuple[int, NameForm]]] = defaultdict(list)
    wide: list[tuple[int, NameForm]] = []
    for c in cands:
        for block, forms in c.forms.items():
            by_block[block].extend((c.id, f) for f in forms)
        if not c.local:
            wide.extend((c.id, f) for f in next(iter(c.forms.values()), ()))
    for block in sorted(by_block):
        entries = by_block[block]
        filed: dict[str, list[tuple[int, NameForm]]] = defaultdict(list)
        for cid, f in entries:
            filed[f.full].append((cid, f))
            if f.bare != f.full:
                filed[f.bare].append((cid, f))
            if f.turned:
                filed[f.turned].append((cid, f))
        shapes = {(k[0], k[-1], len(k)) for k in filed if k}
        seen: set[tuple] = set()
        for ida, fa in entries:
            if not cands[ida].local:
                continue  # met by this region's own names, and by the other wide ones below
            keys = {fa.full, fa.bare, fa.turned, *fa.parts, *shorter_forms(fa.bare, shapes)}
            for side in fa.parts:
                keys |= shorter_forms(side, shapes)
            for k in keys:
                for idb, fb in filed.get(k, ()):
                    if ida != idb and (ida, idb, fa.written, fb.written) not in seen:
                        seen.add((ida, idb, fa.written, fb.written))
                        seen.add((idb, ida, fb.written, fa.written))
                        consider(ida, idb, fa, fb, block)
    filed_wide: dict[str, list[tuple[int, NameForm]]] = defaultdict(list)
    for cid, f in wide:
        for k in {f.full, f.bare}:
            filed_wide[k].append((cid, f))
    for group in filed_wide.values():
        for i, (ida, fa) in enumerate(group):
            for idb, fb in group[i + 1:]:
                common = sorted(cands[ida].blocks & cands[idb].blocks)
                if ida != idb and common:
                    consider(ida, idb, fa, fb, common[0])
    return _unambiguous(best)


def _pair(a: Candidate, b: Candidate, fa: NameForm, fb: NameForm, block: str,
          generic: Callable[[str], bool]) -> Link | None:
    if a.reports.keys() & b.reports.keys():
        return None  # one report names both: two things
    if a.owners and b.owners and not a.owners & b.owners:
        return None
    if a.capacities and b.capacities and not a.capacities & b.capacities:
        return None
    got = compare(fa, fb, block)
    if got is None:
        return None
    tier, why = got
    if tier > 0 and (generic(fa.bare) or generic(fb.bare)):
        return None
    if tier == 2 and not (a.local and b.local):
        return None  # a name other regions use is not one region's fuller name
    aside = sorted(set(fa.set_aside) | set(fb.set_aside))
    if aside:
        why = "; ".join(x for x in (why, "set aside: " + ", ".join(aside)) if x)
    return Link(a.id, b.id, tier, fa.written, fb.written, why, block)


def _unambiguous(best: dict[tuple[int, int], Link]) -> list[Link]:
    """Links that cannot join two things apart. For each entity, its partners at its best
    tier must all be partners of each other (else it links to none of them: the name could
    be either); a weaker link survives only to a partner of all of those."""
    partners: dict[int, dict[int, int]] = defaultdict(dict)
    for (a, b), ln in best.items():
        partners[a][b] = ln.tier
        partners[b][a] = ln.tier
    dropped: set[tuple[int, int]] = set()
    for x, ps in partners.items():
        top = min(ps.values())
        strongest = sorted(p for p, t in ps.items() if t == top)
        if any(q not in partners[p] for i, p in enumerate(strongest) for q in strongest[i + 1:]):
            dropped.update((min(x, p), max(x, p)) for p in ps)
            continue
        for p, t in ps.items():
            if t > top and any(p not in partners[q] for q in strongest):
                dropped.add((min(x, p), max(x, p)))
    return [ln for key, ln in best.items() if key not in dropped]


def order(links: list[Link], cands: list[Candidate]) -> list[Link]:
    """Strongest first, then nearest in years (then by id, for the same result every time)."""
    def year_gap(ln: Link) -> int:
        ya = max(cands[ln.a].reports.values(), default=0)
        yb = max(cands[ln.b].reports.values(), default=0)
        return abs(ya - yb)

    return sorted(links, key=lambda ln: (ln.tier, year_gap(ln), ln.a, ln.b))
