"""Entity resolution across reports: one IRI per real-world thing.

Enterprises fold when they share a name or alias within a region (晋南集团 / 晋南钢铁 /
晋南钢铁集团 in two 曲沃县 reports → one IRI, labelled with the fullest form); projects fold
on name or alias within a region; policies fold on name everywhere (so 放管服 links every
region that runs it); places are keyed by gazetteer code or under the report's region.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.model import PlaceMention, ReportFacts
from kg.graph.iris import clean_name, slug
from kg.graph.regions import COUNTRY_NAMES, RegionInfo, resolve_region


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Entity:
    kind: str                     # enterprise | project | policy
    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    region: str | None = None     # region key
    mentions: list[tuple[str, object]] = field(default_factory=list)  # (report key, mention)


@dataclass
class Resolved:
    reports: list[ReportFacts]
    report_regions: dict[str, RegionInfo]                  # report key → its region
    regions: dict[str, RegionInfo]                         # region key → info
    places: dict[str, list[tuple[RegionInfo, PlaceMention]]]  # report key → places named
    entities: dict[str, dict[str, Entity]]                 # kind → key → entity
    mention_entity: dict[int, str]                         # id(mention) → entity key
    region_of_name: dict[tuple[str, str], RegionInfo]      # (report key, name) → region


def _region_context(facts: ReportFacts) -> tuple[str, ...]:
    return tuple(x for x in [facts.meta.region, *facts.meta.parents] if x)


def resolve(reports: list[ReportFacts]) -> Resolved:
    regions: dict[str, RegionInfo] = {}
    report_regions: dict[str, RegionInfo] = {}
    region_of_name: dict[tuple[str, str], RegionInfo] = {}
    places: dict[str, list] = {}

    def remember(info: RegionInfo) -> RegionInfo:
        for r in [info, *info.chain]:
            regions.setdefault(r.key, r)
        return info

    for f in reports:
        ctx = _region_context(f)
        own = None
        if f.meta.region:
            lvl = {"county_city": "county"}.get(f.meta.region_level or "", f.meta.region_level)
            own = remember(resolve_region(f.meta.region, ctx, lvl))
            report_regions[f.key] = own
            region_of_name[(f.key, f.meta.region)] = own
        found = []
        towns: dict[str, RegionInfo] = {}
        # townships first, so a village the text places in one hangs under it (张营镇 → 舜帝村)
        for p in sorted(f.places, key=lambda p: p.level != "township"):
            scope = towns.get(p.parent) if p.level == "village" and p.parent else None
            info = remember(resolve_region(p.name, ctx, p.level, scope=scope or own))
            if p.level == "township":
                towns[p.name] = info
            if own is not None and info.key == own.key:
                continue
            region_of_name[(f.key, p.name)] = info
            found.append((info, p))
        places[f.key] = found

    def region_key(f: ReportFacts, name: str | None) -> str | None:
        if not name:
            return None
        info = region_of_name.get((f.key, name))
        if info is None:
            own = report_regions.get(f.key)
            info = remember(resolve_region(name, _region_context(f), None, scope=own))
            region_of_name[(f.key, name)] = info
        return info.key

    entities: dict[str, dict[str, Entity]] = {"enterprise": {}, "project": {}, "policy": {}}
    mention_entity: dict[int, str] = {}

    def fold(kind: str, items: list[tuple[ReportFacts, object]], scope_of) -> None:
        uf = _UnionFind()
        names: dict[tuple, str] = {}
        for i, (f, m) in enumerate(items):
            uf.find(i)
            scope = scope_of(f, m)
            for n in [m.name, *m.aliases]:
                k = (scope, clean_name(n))
                if k[1]:
                    if k in names:
                        uf.union(i, names[k])
                    else:
                        names[k] = i
        groups: dict[int, list[int]] = {}
        for i in range(len(items)):
            groups.setdefault(uf.find(i), []).append(i)
        for members in groups.values():
            ms = [items[i] for i in members]
            all_names = {clean_name(n) for _, m in ms for n in [m.name, *m.aliases] if clean_name(n)}
            # the fullest form names the entity; ties go to the first written
            label = max((m.name for _, m in ms), key=lambda n: (len(clean_name(n)), -members[0]))
            scope = scope_of(*ms[0])
            key = slug(scope, label) if scope else slug(label)
            ent = entities[kind].setdefault(key, Entity(kind, key, label))
            ent.aliases |= {n for n in all_names if n != clean_name(label)}
            ent.region = ent.region or (scope if kind != "policy" else None)
            for f, m in ms:
                ent.mentions.append((f.key, m))
                mention_entity[id(m)] = key

    ent_items = [(f, m) for f in reports for m in f.enterprises]
    fold("enterprise", ent_items, lambda f, m: region_key(f, m.region) or "")
    proj_items = [(f, m) for f in reports for m in f.projects]
    fold("project", proj_items, lambda f, m: region_key(f, m.region or f.meta.region) or "")
    pol_items = [(f, m) for f in reports for m in f.policies]
    # national strategies, reforms, campaigns and designations are one thing wherever they
    # are named; a plan or regulation belongs to its issuer (every county's 十四五规划 differs)
    fold("policy", pol_items, lambda f, m: (region_key(f, m.region or f.meta.region) or "")
         if m.kind in ("plan", "regulation") and (m.region or "") not in COUNTRY_NAMES else "")
    # a policy's issuers/holders, all of them; the regions numbers are about
    for f, m in pol_items:
        region_key(f, m.region)
    for f in reports:
        for o in f.observations:
            region_key(f, o.region)
    return Resolved(reports, report_regions, regions, places, entities, mention_entity, region_of_name)
