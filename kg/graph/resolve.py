"""Entity resolution across reports: one IRI per real-world thing.

Enterprises fold when they share a name or alias within a region (晋南集团 / 晋南钢铁 /
晋南钢铁集团 in two 曲沃县 reports → one IRI, labelled with the fullest form); projects fold
on name or alias within a region; policies fold on name everywhere (so 放管服 links every
region that runs it); places are keyed by gazetteer code or under the report's region.

Three steps, so an incremental build can redo only what an edit touches:

1. ``local_regions(report)`` places the report's names on the map, from the report alone;
2. ``fold_inputs(report, local)`` is all that entity folding reads from a report (names,
   scopes, kinds, statuses): a *skeleton*; equal skeletons fold the same way;
3. ``fold(skeletons)`` folds across reports and gives each report a ``ReportView``: what
   its graph needs to know about the entities it mentions (labels, aliases, which report
   states the latest status, …). A report's graph depends only on its facts, its regions
   and its view.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.model import PlaceMention, ReportFacts
from kg.graph.iris import clean_name, slug
from kg.graph.regions import COUNTRY_NAMES, RegionInfo, resolve_region

KINDS = ("enterprise", "project", "policy")


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
class LocalRegions:
    """Where one report's names land: its own region, the places it names, every region key
    it refers to (with the regions above), worked out from the report alone."""
    own: RegionInfo | None = None
    of_name: dict[str, RegionInfo] = field(default_factory=dict)        # name as written → region
    places: list[tuple[RegionInfo, PlaceMention]] = field(default_factory=list)
    known: dict[str, RegionInfo] = field(default_factory=dict)          # region key → info

    def names_of(self, key: str) -> list[str]:
        """The names this report writes for a region (as printed, in text order of finding)."""
        return [n for n, info in self.of_name.items() if info.key == key]

    def remember(self, info: RegionInfo) -> RegionInfo:
        for r in [info, *info.chain]:
            self.known.setdefault(r.key, r)
        return info

    def key_of(self, f: ReportFacts, name: str | None) -> str | None:
        """The region key a name in this report denotes (resolved on first use)."""
        if not name:
            return None
        info = self.of_name.get(name)
        if info is None:
            info = self.remember(resolve_region(name, _region_context(f), None, scope=self.own))
            self.of_name[name] = info
        return info.key


def _region_context(facts: ReportFacts) -> tuple[str, ...]:
    return tuple(x for x in [facts.meta.region, *facts.meta.parents] if x)


def local_regions(f: ReportFacts) -> LocalRegions:
    loc = LocalRegions()
    ctx = _region_context(f)
    if f.meta.region:
        lvl = {"county_city": "county"}.get(f.meta.region_level or "", f.meta.region_level)
        loc.own = loc.remember(resolve_region(f.meta.region, ctx, lvl))
        loc.of_name[f.meta.region] = loc.own
        if f.meta.region_written:  # the name the report writes (清苑县), resolved the same
            loc.of_name[f.meta.region_written] = loc.own
    towns: dict[str, RegionInfo] = {}
    # townships first, so a village the text places in one hangs under it (张营镇 → 舜帝村)
    for p in sorted(f.places, key=lambda p: p.level != "township"):
        scope = towns.get(p.parent) if p.level == "village" and p.parent else None
        info = loc.remember(resolve_region(p.name, ctx, p.level, scope=scope or loc.own))
        if p.level == "township":
            towns[p.name] = info
        if loc.own is not None and info.key == loc.own.key:
            continue
        loc.of_name[p.name] = info
        loc.places.append((info, p))
    # every other name a fact is placed by: mentions' regions, policies' issuers, figures' regions
    for m in [*f.enterprises, *f.projects, *f.policies]:
        loc.key_of(f, m.region)
    loc.key_of(f, f.meta.region)
    for o in f.observations:
        loc.key_of(f, o.region)
    return loc


def _policy_scope(f: ReportFacts, loc: LocalRegions, m) -> str:
    # national strategies, reforms, campaigns and designations are one thing wherever they
    # are named; a plan or regulation belongs to its issuer (every county's 十四五规划 differs)
    if m.kind in ("plan", "regulation") and (m.region or "") not in COUNTRY_NAMES:
        return loc.key_of(f, m.region or f.meta.region) or ""
    return ""


def fold_inputs(f: ReportFacts, loc: LocalRegions) -> tuple:
    """Everything ``fold`` reads from one report, as plain tuples (cheap to store and compare).

    Per kind, one tuple per mention: (scope, names…) plus what entity-wide statements are
    chosen by: a policy's kind; a project's status, year and whether it states an
    investment or a capacity."""
    def names(m) -> tuple[str, ...]:
        return (m.name, *m.aliases)

    ents = tuple((loc.key_of(f, m.region) or "", names(m)) for m in f.enterprises)
    projs = tuple((loc.key_of(f, m.region or f.meta.region) or "", names(m), m.status, m.year,
                   bool(m.investment), bool(m.capacity)) for m in f.projects)
    pols = tuple((_policy_scope(f, loc, m), names(m), m.kind) for m in f.policies)
    return (f.key, ents, projs, pols)


@dataclass
class Entity:
    kind: str                     # enterprise | project | policy
    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    region: str | None = None     # region key (not for policies)
    mentions: list[tuple[str, int]] = field(default_factory=list)  # (report key, index in its list)
    info: list[tuple] = field(default_factory=list)  # the fold_inputs tuple of each mention


@dataclass(frozen=True)
class EntityView:
    """One entity as one report's graph states it."""
    kind: str
    key: str
    label: str
    aliases: tuple[str, ...]
    region: str | None
    policy_kind: str | None       # the most common reading across reports
    mentions: tuple[int, ...]     # indexes into the report's list of this kind, in fold order
    stage: int | None             # the mention that gives this report's project stage
    investment: int | None        # the mention whose amount is the project's (first stated)
    capacity: int | None
    latest_status: str | None     # set when this report states the project's latest status


@dataclass(frozen=True)
class ReportView:
    entities: tuple[EntityView, ...]
    enterprise_by_name: tuple[tuple[str, str], ...]  # clean name → enterprise key, this report

    def owners(self) -> dict[str, str]:
        return dict(self.enterprise_by_name)


def fold(skeletons: list[tuple]) -> dict[str, ReportView]:
    """Fold every report's mentions into entities; report key → its view. ``skeletons`` are
    ``fold_inputs`` results, in report-key order."""
    entities: dict[str, dict[str, Entity]] = {k: {} for k in KINDS}

    def fold_kind(kind: str, slot: int) -> None:
        items = [(sk[0], i, m) for sk in skeletons for i, m in enumerate(sk[slot])]
        cleaned = [tuple(clean_name(n) for n in m[1]) for _, _, m in items]
        uf = _UnionFind()
        names: dict[tuple, int] = {}
        for n_item, (_, _, m) in enumerate(items):
            uf.find(n_item)
            for c in cleaned[n_item]:
                if c:
                    k = (m[0], c)
                    if k in names:
                        uf.union(n_item, names[k])
                    else:
                        names[k] = n_item
        groups: dict[int, list[int]] = {}
        for n_item in range(len(items)):
            groups.setdefault(uf.find(n_item), []).append(n_item)
        for members in groups.values():
            all_names = set().union(*(cleaned[i] for i in members))
            all_names.discard("")
            # the fullest form names the entity; ties go to the first written
            first = max(members, key=lambda i: len(cleaned[i][0]))
            label, clean_label = items[first][2][1][0], cleaned[first][0]
            scope = items[members[0]][2][0]
            key = slug(scope, label) if scope else slug(label)
            ent = entities[kind].setdefault(key, Entity(kind, key, label))
            ent.aliases |= all_names - {clean_label}
            ent.region = ent.region or (scope if kind != "policy" else None)
            for i in members:
                rk, idx, m = items[i]
                ent.mentions.append((rk, idx))
                ent.info.append(m)

    for slot, kind in enumerate(KINDS, start=1):
        fold_kind(kind, slot)
    return _views(entities, [sk[0] for sk in skeletons])


def _views(entities: dict[str, dict[str, Entity]], report_keys: list[str]) -> dict[str, ReportView]:
    per_report: dict[str, list[EntityView]] = {rk: [] for rk in report_keys}
    by_name: dict[str, dict[str, str]] = {rk: {} for rk in report_keys}

    # enterprise names per report, for linking projects to their owners
    for key, ent in entities["enterprise"].items():
        for (rk, _), m in zip(ent.mentions, ent.info):
            for n in [ent.label, *sorted(ent.aliases), *m[1]]:
                by_name[rk].setdefault(clean_name(n), key)

    for kind in KINDS:
        for key, ent in entities[kind].items():
            aliases = tuple(sorted(ent.aliases))
            policy_kind = None
            if kind == "policy":  # reports may differ on the kind: the most common reading wins
                kinds = [m[2] for m in ent.info]
                policy_kind = max(sorted(set(kinds)), key=kinds.count)
            mine: dict[str, list[int]] = {}
            stage: dict[str, int] = {}
            latest = invested = sized = None
            for (rk, i), m in zip(ent.mentions, ent.info):
                mine.setdefault(rk, []).append(i)
                if kind != "project":
                    continue
                _, _, status, year, has_investment, has_capacity = m
                if rk not in stage:
                    # one stage per report: two mentions that fold into one project in the
                    # same report keep the first statement's status
                    stage[rk] = i
                    rank = (year or 0, rk)
                    if latest is None or rank > latest[0]:
                        latest = (rank, rk, status)
                if has_investment and invested is None:
                    invested = (rk, i)  # one amount per project: the first one stated
                if has_capacity and sized is None:
                    sized = (rk, i)
            for rk, idx in mine.items():
                per_report[rk].append(EntityView(
                    kind=kind, key=key, label=ent.label, aliases=aliases, region=ent.region,
                    policy_kind=policy_kind, mentions=tuple(idx), stage=stage.get(rk),
                    investment=invested[1] if invested and invested[0] == rk else None,
                    capacity=sized[1] if sized and sized[0] == rk else None,
                    latest_status=latest[2] if latest and latest[1] == rk else None))
    return {rk: ReportView(tuple(per_report[rk]), tuple(sorted(by_name[rk].items())))
            for rk in report_keys}
