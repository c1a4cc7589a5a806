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

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.datacache import gc_paused
from kg.extract.lexicon import words
from kg.extract.model import PlaceMention, ReportFacts
from kg.graph.iris import clean_name, slug
from kg.graph.links import Candidate, find_links, order
from kg.graph.name_forms import context, lexicon, name_form, place_units, region_prefixes
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

    (report key, enterprises, projects, policies, about the report). Per kind, one tuple per
    mention: (scope, names…) plus what entity-wide statements are chosen by and what tells
    two things apart across reports: a policy's kind; a project's status, year, whether it
    states an investment or a capacity, the capacity and the owners' names. About the report:
    its region's key, its year (plan year, else review year), the region's names and the
    names of the villages and townships it names with their unit (白庙村: a project's name may
    write it 白庙)."""
    def names(m) -> tuple[str, ...]:
        return (m.name, *m.aliases)

    ents = tuple((loc.key_of(f, m.region) or "", names(m)) for m in f.enterprises)
    projs = tuple((loc.key_of(f, m.region or f.meta.region) or "", names(m), m.status, m.year,
                   bool(m.investment), bool(m.capacity), m.capacity or "",
                   tuple(clean_name(e) for e in m.enterprises)) for m in f.projects)
    pols = tuple((_policy_scope(f, loc, m), names(m), m.kind) for m in f.policies)
    about = (loc.own.key if loc.own else "", f.meta.plan_year or f.meta.review_year or 0,
             tuple(x for x in (f.meta.region, *f.meta.parents) if x),
             place_units(p.name for p in f.places if p.level in ("township", "village")))
    return (f.key, ents, projs, pols, about)


@dataclass
class Entity:
    kind: str                     # enterprise | project | policy
    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    region: str | None = None     # region key (not for policies)
    mentions: list[tuple[str, int]] = field(default_factory=list)  # (report key, index in its list)
    info: list[tuple] = field(default_factory=list)  # the fold_inputs tuple of each mention
    notes: dict[str, list[str]] = field(default_factory=dict)  # report key → why it was joined


class EntityView(NamedTuple):
    """One entity as one report's graph states it. (A named tuple: a corpus fold makes
    220,000 of them, and a frozen dataclass costs a setattr per field to make, and a dict
    per object to pickle.)"""
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
    notes: tuple[str, ...] = ()   # why this report's mention is this entity (kg.graph.links)


@dataclass(frozen=True)
class ReportView:
    entities: tuple[EntityView, ...]
    enterprise_by_name: tuple[tuple[str, str], ...]  # clean name → enterprise key, this report

    def owners(self) -> dict[str, str]:
        return dict(self.enterprise_by_name)


FORK_AT = 64   # reports before policies are folded in a second process (``fold`` with jobs)


def fold(skeletons: list[tuple], jobs: int = 1) -> dict[str, ReportView]:
    """Fold every report's mentions into entities; report key → its view. ``skeletons`` are
    ``fold_inputs`` results, in report-key order.

    Two steps per kind: mentions that share a name (or alias) within a scope are one entity;
    then entities of one region's reports are linked across reports by kg.graph.links.
    The cyclic garbage collector is paused meanwhile: folding a corpus allocates millions of
    small objects that all stay alive, and collections would find nothing to free (corpus:
    CPU 21.8 s -> 9.1 s).

    With ``jobs`` > 1 (and ``FORK_AT`` reports or more), policies, which nothing else folds
    by (projects fold by their owners: enterprises first), are folded in a forked process
    while this one folds enterprises and projects: the same views (each report's policies
    come last in its view). Corpus: 4.5 s of CPU here and 7.4 s in the child, where one
    process folds all in 11-14 s."""
    with gc_paused():
        if jobs <= 1 or len(skeletons) < FORK_AT:
            return _fold(skeletons)
        from kg.workers import Forked, ForkFailed

        child = Forked(_policy_views, skeletons)
        views = _fold(skeletons, KINDS[:2])
        try:
            policies = child.result()
        except ForkFailed:
            policies = _policy_views(skeletons)
        return {rk: ReportView(v.entities + tuple(map(EntityView._make, policies[n])), v.enterprise_by_name)
                for n, (rk, v) in enumerate(views.items())}


def _policy_views(skeletons: list[tuple]) -> list[tuple[tuple, ...]]:
    """Each report's policy entity views (as plain tuples, in report order)."""
    return [tuple(map(tuple, v.entities)) for v in _fold(skeletons, KINDS[2:]).values()]


def _fold(skeletons: list[tuple], kinds: tuple[str, ...] = KINDS) -> dict[str, ReportView]:
    about = {sk[0]: sk[4] for sk in skeletons}
    entities: dict[str, dict[str, Entity]] = {k: {} for k in KINDS}
    for slot, kind in enumerate(KINDS, start=1):
        if kind not in kinds:
            continue
        items = [(sk[0], i, m) for sk in skeletons for i, m in enumerate(sk[slot])]
        if kind == "policy":
            items = _regional_readings(items, about)
        cleaned = [tuple(map(clean_name, m[1])) for _, _, m in items]
        groups = _by_name(items, cleaned)
        owners = _owner_names(entities["enterprise"], about) if kind == "project" else {}
        notes: dict[int, dict[str, list[str]]] = defaultdict(dict)
        groups = _link(kind, groups, items, cleaned, about, owners, notes)
        found = entities[kind]
        for n_group, members in enumerate(groups):
            if len(members) == 1:  # most entities: one mention
                first = members[0]
                all_names = set(cleaned[first])
            else:
                all_names = set().union(*[cleaned[i] for i in members])
                # the fullest form names the entity; ties go to the first written
                first = max(members, key=lambda i: len(cleaned[i][0]))
            label, clean_label = items[first][2][1][0], cleaned[first][0]
            scope = items[members[0]][2][0]
            key = slug(scope, label) if scope else slug(label)
            ent = found.get(key)
            if ent is None:
                ent = found[key] = Entity(kind, key, label)
            all_names.discard("")
            all_names.discard(clean_label)
            ent.aliases |= all_names
            if kind != "policy" and not ent.region:
                ent.region = scope
            why_of = notes.get(n_group)
            if why_of:
                for rk, why in why_of.items():
                    ent.notes.setdefault(rk, []).extend(why)
            ent.mentions.extend([items[i][:2] for i in members])
            ent.info.extend([items[i][2] for i in members])
    return _views(entities, [sk[0] for sk in skeletons])


def _regional_readings(items: list[tuple], about: dict[str, tuple]) -> list[tuple]:
    """A policy name that one report of a region reads as the region's own plan or
    regulation is that region's in all its reports (one report's 高新技术企业倍增计划 is not a
    national campaign while the next one's is the county's plan)."""
    regional: dict[tuple[str, str], str] = {}
    for rk, _, m in items:
        if m[0]:
            for n in m[1]:
                regional.setdefault((about[rk][0], clean_name(n)), m[0])
    out = []
    for rk, i, m in items:
        if not m[0] and about[rk][0]:
            scope = next((regional[about[rk][0], clean_name(n)] for n in m[1]
                          if (about[rk][0], clean_name(n)) in regional), "")
            if scope:
                m = (scope, *m[1:])
        out.append((rk, i, m))
    return out


def _by_name(items: list[tuple], cleaned: list[tuple[str, ...]]) -> list[list[int]]:
    """Mentions sharing a name or alias within a scope, as groups of item indexes (a group's
    root is its first item, so groups come in the order of their first items)."""
    parent = list(range(len(items)))   # union-find over item indexes, as _UnionFind does

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    names: dict[tuple, int] = {}
    for n_item, (_, _, m) in enumerate(items):
        scope = m[0]
        for c in cleaned[n_item]:
            if c:
                k = (scope, c)
                if k in names:
                    ra, rb = find(n_item), find(names[k])
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
                else:
                    names[k] = n_item
    groups: dict[int, list[int]] = {}
    for n_item in range(len(items)):
        root = n_item if parent[n_item] == n_item else find(n_item)
        if root == n_item:
            groups[n_item] = [n_item]
        else:
            groups[root].append(n_item)
    return list(groups.values())


def _owner_names(enterprises: dict[str, Entity], about: dict[str, tuple]) -> dict[str, dict[str, str]]:
    """Region key → {an enterprise's name as the region's reports write it: its key}."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for key, ent in enterprises.items():
        names = {clean_name(ent.label), *ent.aliases}
        for rk, _ in ent.mentions:
            region = about[rk][0]
            if region:
                for n in names:
                    if len(n) >= 2:
                        out[region].setdefault(n, key)
    return out


def _link(kind: str, groups: list[list[int]], items: list[tuple], cleaned: list[tuple[str, ...]],
          about: dict[str, tuple], owners: dict[str, dict[str, str]],
          notes: dict[int, dict[str, list[str]]]) -> list[list[int]]:
    """Join the groups that kg.graph.links finds to be one thing across reports; ``notes``
    gets, per joined group and later report, why."""
    region_of = {rk: a[0] for rk, a in about.items()}
    year_of = {rk: a[1] for rk, a in about.items()}
    names_of = {a[0]: a[2] for a in sorted(about.values()) if a[0]}  # one region's names
    places_of: dict[str, set[str]] = defaultdict(set)  # its villages and townships, any report
    for a in about.values():
        places_of[a[0]].update(a[3] if len(a) > 3 else ())
    contexts = {r: context(region_prefixes(n), tuple(owners.get(r, {}).items()), tuple(sorted(places_of[r])))
                for r, n in names_of.items()}
    distinct = _distinct_names()
    cands: list[Candidate] = []
    no_owners: dict[str, str] = {}
    for n_group, members in enumerate(groups):
        if len(members) == 1:  # most groups: one mention
            i = members[0]
            rk = items[i][0]
            reports = {rk: year_of[rk]}
            blocks = {region_of[rk]} if region_of[rk] else set()
            names = distinct(set(cleaned[i]) - {""})
        else:
            reports = {items[i][0]: year_of[items[i][0]] for i in members}
            blocks = {region_of[rk] for rk in reports if region_of[rk]}
            names = distinct({n for i in members for n in cleaned[i] if n})
        owner_keys, capacities = set(), set()
        if kind == "project":
            for i in members:
                rk, _, m = items[i]
                capacity = clean_name(m[6])
                if capacity:
                    capacities.add(capacity)
                if m[7]:
                    named = owners.get(region_of[rk], no_owners)
                    owner_keys.update(named.get(n) for n in m[7])
            owner_keys.discard(None)
        if items[members[0]][2][0] or len(blocks) == 1:
            forms = {b: [name_form(n, kind, contexts[b]) for n in names] for b in blocks}
        else:
            # one name wherever it is used (a national policy): the same forms in every region,
            # without any region's name to set aside
            shared = [name_form(n, kind) for n in names]
            forms = {b: shared for b in blocks}
        cands.append(Candidate(n_group, names, reports, blocks, local=len(blocks) == 1,
                               owners=frozenset(owner_keys), capacities=frozenset(capacities), forms=forms))
    if len(cands) < 2:
        return groups
    links = order(find_links(cands, generic=_generic(kind)), cands)
    uf = _UnionFind()
    # reports and owners of each joined entity, by its root (cands[i].id == i), made as
    # links reach them: most candidates are never linked
    reports: dict[int, set[str]] = {}
    owner_sets: dict[int, set[str]] = {}

    def reports_of(x: int) -> set[str]:
        if x not in reports:
            reports[x] = set(cands[x].reports)
        return reports[x]

    def owners_of(x: int) -> set[str]:
        if x not in owner_sets:
            owner_sets[x] = set(cands[x].owners)
        return owner_sets[x]

    joined = []
    for ln in links:
        ra, rb = uf.find(ln.a), uf.find(ln.b)
        if ra == rb or reports_of(ra) & reports_of(rb):
            continue  # already one, or joined with something a report keeps apart
        oa, ob = owners_of(ra), owners_of(rb)
        if oa and ob and not oa & ob:
            continue
        uf.union(ra, rb)
        root = uf.find(ra)
        reports[root] = reports[ra] | reports[rb]
        owner_sets[root] = oa | ob
        joined.append(ln)
    merged: dict[int, list[int]] = defaultdict(list)
    linked = uf.parent   # an id never looked up is its own root
    for c in cands:
        merged[uf.find(c.id) if c.id in linked else c.id].extend(groups[c.id])
    out = [sorted(m) for _, m in sorted(merged.items())]
    where = {root: n for n, root in enumerate(sorted(merged))}
    for ln in joined:
        # the note goes to the later name's reports of the region compared, citing the
        # earliest report of that region that names the other
        def years(c: Candidate) -> dict[str, int]:
            return {rk: y for rk, y in c.reports.items() if region_of[rk] == ln.block}
        ya, yb = years(cands[ln.a]), years(cands[ln.b])
        (early, e_name), (late, l_name) = sorted(
            [(ya, ln.a_name), (yb, ln.b_name)], key=lambda x: (min(x[0].values()), min(x[0])))
        first = min(early, key=lambda rk: (early[rk], rk))
        text = f"{l_name} = {e_name} ({first}, {early[first]}): {TIER_WORDS[ln.tier]}"
        text += f"; {ln.why}" if ln.why else ""
        for rk in sorted(late):
            notes[where[uf.find(ln.a)]].setdefault(rk, []).append(text)
    return out


def _distinct_names():
    """A function giving the names worth comparing: X项目 beside X says nothing more."""
    drop = frozenset(lexicon().drop)
    sizes = sorted({len(w) for w in drop})

    def distinct(names: set[str]) -> tuple[str, ...]:
        if len(names) == 1:
            return tuple(names)
        return tuple(sorted(n for n in names
                            if not any(n[-k:] in drop and n[:-k] in names for k in sizes if len(n) > k)))
    return distinct


TIER_WORDS = {0: "the same name", 1: "the same thing", 2: "the same thing named more fully"}


def _generic(kind: str):
    """Names too general to link by anything but an exact name (重点项目, 基础设施)."""
    if kind != "project":
        return lambda s: False
    generic = frozenset(clean_name(w) for w in words("project_generic.txt"))
    return lambda s: s in generic


def _views(entities: dict[str, dict[str, Entity]], report_keys: list[str]) -> dict[str, ReportView]:
    per_report: dict[str, list[EntityView]] = {rk: [] for rk in report_keys}
    by_name: dict[str, dict[str, str]] = {rk: {} for rk in report_keys}

    # enterprise names per report, for linking projects to their owners
    for key, ent in entities["enterprise"].items():
        names = [ent.label, *sorted(ent.aliases)]
        for (rk, _), m in zip(ent.mentions, ent.info):
            mine = by_name[rk]
            for n in [*names, *m[1]]:
                mine.setdefault(clean_name(n), key)

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
                status, year, has_investment, has_capacity = m[2:6]
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
            notes = ent.notes
            for rk, idx in mine.items():
                # (fields in order: kind, key, label, aliases, region, policy_kind, mentions,
                # stage, investment, capacity, latest_status, notes)
                per_report[rk].append(EntityView(
                    kind, key, ent.label, aliases, ent.region, policy_kind, tuple(idx), stage.get(rk),
                    invested[1] if invested and invested[0] == rk else None,
                    sized[1] if sized and sized[0] == rk else None,
                    latest[2] if latest and latest[1] == rk else None,
                    tuple(sorted(set(notes[rk]))) if rk in notes else ()))
    return {rk: ReportView(tuple(per_report[rk]), tuple(sorted(by_name[rk].items())))
            for rk in report_keys}
