"""The view summary of a store: the folded graphs of the views that fold (the overview and
each year, in the default classes), computed when the store is written, so such a view
reads one row of a small file instead of listing, typing, homing and labelling the
70,000-232,000 nodes it folds.

``county-kg-viz.sqlite`` sits beside the store's RocksDB files, as the label index does,
and records the same fingerprint (the store's file names and sizes): once the store
changes otherwise than by ``write_store`` (which writes both), the summary no longer
matches and views take the ordinary path. One row per view scope (``all``, ``year:2022``):
the graph ``kg.viz.aggregate.fold_entities`` makes of that view with every foldable class
folded (regions with labels; one bundle per home region and class with its count and the
member names the details panel lists; bundle-to-bundle and bundle-to-region edges with
counts), plus the view's node count and the node count after the first folding round (a
view whose ``--max-nodes`` would keep reports as themselves cannot use it). Beside them,
for any view: every report's short name, every region's observation count and first rows
(the details of a page of many regions), and a node table (IRI → class, home region, name,
observation label) that a 2-hop focus view looks its 70,000 nodes up in. And for views it
holds no graph of (``--region``, ``--focus``): what links to each report (a report's tens
of entities, observations and stages, with their node-table rows), digests of the nodes
named in many reports and of regions (their triples, report links as indexes, the first
evidence sentences and their number), each region's first observation rows, and regions by
name.

The summary is computed with the views' own code (select.py, aggregate.py) over an
in-memory projection of the store (``Projection``: types, regions, report links, years,
partOf, labels and the drawn relations, read by whole-predicate scans), so a summarised
view is the view the store gives without it, by construction (tests/test_viz_summary.py
checks it on a real store)."""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.datacache import gc_paused
from kg.workers import Forked, ForkFailed, IdleCores
from kg.viz.details import _MAX_EVIDENCE, _MAX_OBS, _MAX_OBS_MANY, region_observations
from kg.viz.aggregate import _MEMBERS_SHOWN, _PROVENANCE, FIRST_FOLDED, FOLDABLE, note_for, shrink
from kg.viz.read import _LABEL, _PART_OF, _PREF, _REPORT_LINKS, _YEARS, RDF_TYPE, GraphReader, _lexical, _year
from kg.viz.select import ViewOptions
from kg.viz.terms import CKG, CLASS_BY_IRI, DEFAULT_TYPES, NODE_STYLES, RELATIONS, compact

SUMMARY_FILE = "county-kg-viz.sqlite"
_VERSION = 2  # bumped when what a scope holds changes: an older file is then not used
_REGION = CKG + "region"
_ORDER = list(NODE_STYLES)
_EXTRAS = "extras"  # the summary's keys for what is not a scope
_NODES = "nodes"
_DIGESTS = "digests"
_MEMBERS = "members"
_REGIONS = "regions"
_EVIDENCE = CKG + "evidence"
# a resource with more report links and regions than this gets a digest of its own triples
# (a policy named in a thousand reports: a thousand links and evidence sentences)
_HEAVY = 40
_SCAN_THREADS = 2  # the projection's scans at once (a core each)
FORK_AT = 20_000  # typed resources in a store before its summary's tail goes to a second process
CORE_FREE = 0.5   # idle cores (kg.workers.IdleCores) for that second process to be worth it


# ---- the projection: what the default views ask of a store, read once --------------------

class Projection:
    """The facts a view of the default classes asks about, for every resource, in dicts."""

    def __init__(self, store: ox.Store):
        scans = _Scans(store, [RDF_TYPE, *RELATIONS, *_YEARS, _PREF, _LABEL])
        self.classes: dict[str, set[str]] = defaultdict(set)
        for s, o in scans.pairs(RDF_TYPE):
            name = CLASS_BY_IRI.get(o[1:-1]) if o[0] == "<" else None
            if name:
                self.classes[s].add(name)
        # IRI objects of the drawn relations, by relation (sets: a fact stated in several graphs counts once)
        self.out: dict[str, dict[str, set[str]]] = {p: defaultdict(set) for p in RELATIONS}
        for p in RELATIONS:
            rel = self.out[p]
            for s, o in scans.pairs(p):
                if o[0] == "<":
                    rel[s].add(o[1:-1])
        self.years: dict[str, set[int]] = defaultdict(set)
        for p in _YEARS:
            for s, o in scans.pairs(p):
                y = _year(_lexical(o))
                if y is not None:
                    self.years[s].add(y)
        self.pref: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.labels_of: dict[str, set[str]] = defaultdict(set)  # every rdfs:label
        for p, into in ((_PREF, self.pref), (_LABEL, self.label)):
            for s, o in scans.pairs(p):
                value = _lexical(o)
                if p == _LABEL:
                    self.labels_of[s].add(value)
                if s not in into or value < into[s]:
                    into[s] = value
        # the report links' IRI objects with a subject not an IRI (a blank node), which the
        # dicts above leave out: reports whose report members the summary does not hold
        self.odd_links: set[str] = scans.odd
        self._into: dict[str, dict[str, set[str]]] = {}

    def into(self, p: str) -> dict[str, set[str]]:
        """Object → subjects of relation ``p`` (built on first use)."""
        if p not in self._into:
            inv: dict[str, set[str]] = defaultdict(set)
            for s, objects in self.out[p].items():
                for o in objects:
                    inv[o].add(s)
            self._into[p] = inv
        return self._into[p]


class _Scans:
    """The whole-predicate scans of a Projection, made by the store in two threads ahead of
    their reading: the store serializes a scan without the GIL (half the wall time on two
    cores), and Python splits each one in the order asked, as it would scan by scan."""

    def __init__(self, store: ox.Store, predicates: list[str]):
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(_SCAN_THREADS)
        self.texts = {p: self.pool.submit(_scan, store, p, p not in _REPORT_LINKS) for p in predicates}
        self.odd: set[str] = set()

    def pairs(self, predicate: str):
        """(subject IRI, object in N-Triples syntax) of every triple of ``predicate`` whose
        subject is an IRI, once each (split here: a third of the time Python takes to
        build a term object per quad)."""
        text = self.texts.pop(predicate).result()
        if not self.texts:
            self.pool.shutdown()  # no thread left behind (a fork may follow)
        for s, o in _tsv_pairs(text):
            if s[0] == "<" and s[1] != "<":  # an IRI, not a triple term
                yield s[1:-1], o
            elif o[0] == "<" and o[1] != "<":  # a report link from a blank node (scanned with them)
                self.odd.add(o[1:-1])


def _scan(store: ox.Store, predicate: str, iri_subjects: bool = True) -> str:
    """The TSV of (subject, object) for ``predicate``, each pair once: IRI subjects, or all."""
    only = " FILTER(isIRI(?s))" if iri_subjects else ""
    q = f"SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }}{only} }}"
    return store.query(q).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")


def _tsv_pairs(text: str):
    """The (subject, object) rows of a two-column TSV result, both in N-Triples syntax."""
    for line in text.split("\n")[1:]:
        if line:
            s, _, o = line.partition("\t")
            yield s, o


class ProjectedReader(GraphReader):
    """A GraphReader that answers the default views' questions from a Projection: the same
    answers as the store's, without a query per chunk of nodes. Report names still come
    from the store (a report's few triples)."""

    def __init__(self, store: ox.Store, proj: Projection):
        super().__init__(store)
        self.proj = proj

    def _first(self, iri: str, wanted: set[str]) -> str | None:
        found = [t for t in self.proj.classes.get(iri, ()) if t in wanted]
        return min(found, key=_ORDER.index) if found else None

    def edges_of(self) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
        """Subject → its (relation, object) pairs over the drawn relations, provenance
        relations (mentionedIn, wasDerivedFrom) apart from the others (built once)."""
        if not hasattr(self, "_edges_of"):
            split: tuple[dict, dict] = (defaultdict(list), defaultdict(list))
            for p, rel in self.proj.out.items():
                into = split[0] if p in _REPORT_LINKS else split[1]
                for s, objects in rel.items():
                    into[s].extend((p, o) for o in objects)
            self._edges_of = split
        return self._edges_of

    def nodes_of(self, types: Iterable[str]) -> dict[str, str]:
        wanted = set(types)
        out = {}
        for s in self.proj.classes:
            t = self._first(s, wanted)
            if t:
                out[s] = t
        return out

    def classes(self, iris: Iterable[str], wanted: Iterable[str]) -> dict[str, str]:
        wanted = set(wanted)
        out = {}
        for i in iris:
            t = self._first(i, wanted)
            if t:
                out[i] = t
        return out

    def linked(self, predicates: Iterable[str], objects: Iterable[str], wanted: Iterable[str] = ()) -> set[str]:
        names = {t for t in wanted if t in NODE_STYLES and t not in ("Aggregate", "Other")}
        found: set[str] = set()
        for p in predicates:
            inv = self.proj.into(p)
            for o in objects:
                found |= inv.get(o, set())
        if names:
            found = {s for s in found if self.proj.classes.get(s, set()) & names}
        return found

    def region_sets(self, iris: Iterable[str]) -> dict[str, set[str]]:
        regions = self.proj.out[_REGION]
        return {i: set(regions.get(i, ())) for i in iris}

    def regions_of(self, iris: Iterable[str]) -> set[str]:
        regions = self.proj.out[_REGION]
        out: set[str] = set()
        for i in iris:
            out.update(regions.get(i, ()))
        return out

    def parent(self, region: str) -> str | None:
        ups = self.proj.out[_PART_OF].get(region)
        return min(ups) if ups and "Region" in self.proj.classes.get(region, ()) else None

    def reports_of_years(self, years: set[int]) -> set[str]:
        return {r for r, ts in self.proj.classes.items() if "Report" in ts and self.proj.years.get(r, set()) & years}

    def dated(self, years: set[int]) -> set[str]:
        return {s for s, ys in self.proj.years.items() if ys & years}

    def edges_among(self, iris: set[str], provenance_from: set[str] | None = None) -> list[tuple[str, str, str]]:
        out = []
        for p in RELATIONS:
            subjects = provenance_from & iris if p in _REPORT_LINKS and provenance_from is not None else iris
            rel = self.proj.out[p]
            edges = {(s, p, o) for s in subjects for o in rel.get(s, ()) if o in iris and o != s}
            out.extend(sorted(edges))
        return out

    def homes(self, iris: Iterable[str]) -> dict[str, str]:
        regions = self.proj.out[_REGION]
        for i in set(iris) - self._homed:
            self._homed.add(i)
            own = regions.get(i)
            if own:
                self._homes[i] = min(own)
                continue
            via = [r for p in _REPORT_LINKS for rep in self.proj.out[p].get(i, ()) for r in regions.get(rep, ())]
            if via:
                self._homes[i] = min(via)
        return self._homes

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        iris = list(iris)
        out = {}
        for i in iris:
            name = self.proj.pref.get(i) or self.proj.label.get(i)
            if name is not None:
                out[i] = name
        out.update(self.report_labels(iris))
        return out


# ---- computing and storing the summary ---------------------------------------------------

def scope_key(opts: ViewOptions) -> str | None:
    """The summary row a view could be read from, or None when no row fits it: only views
    of the default classes, without --focus, --query or --region, over all years or one."""
    if opts.focus or opts.query or opts.regions or len(opts.years) > 1:
        return None
    if set(opts.types or DEFAULT_TYPES) != set(DEFAULT_TYPES):
        return None
    return f"year:{opts.years[0]}" if opts.years else "all"


def summarize(store: ox.Store, max_nodes: int = ViewOptions().max_nodes) -> dict[str, dict]:
    """Scope key → the fully folded view of that scope (see the module's docstring), and
    the page's graph at the default ``max_nodes`` when that view folds everything."""
    # none of the dicts and sets for hundreds of thousands of nodes are in cycles: collections
    # walked them all for nothing (a sixth of the summary's time)
    with gc_paused():
        return _summarize(store, max_nodes)


def _summarize(store: ox.Store, max_nodes: int) -> dict[str, dict]:
    idle = IdleCores()
    reader = ProjectedReader(store, Projection(store))
    # the node table, digests and report members (half the rest) in a forked child while
    # this process folds the scopes, when the store is large and a core is free for it
    child = _start_tail(store, reader, idle)
    proj = reader.proj
    cls = reader.nodes_of(DEFAULT_TYPES)
    homes = dict(reader.homes(n for n, t in cls.items() if t in FOLDABLE))
    labels = reader.labels(cls)
    place = reader.labels(sorted(set(homes.values()) - {n for n, t in cls.items() if t == "Region"}))
    scopes: dict[str, set[str]] = {"all": set(cls)} | {f"year:{y}": keep for y, keep in _year_views(reader, cls).items()}
    out = {}
    for key, keep in scopes.items():
        if len(keep) <= 1:
            continue
        nodes, edges = _fold_scope(reader, keep, cls, homes, labels, place)
        present = {cls[n] for n in keep}
        classes = [c for c in NODE_STYLES if c in FOLDABLE and c in present]
        round1 = (sum(cls[n] not in FIRST_FOLDED for n in keep)
                  + len({(cls[n], homes.get(n)) for n in keep if cls[n] in FIRST_FOLDED}))
        row = {"n": len(keep), "round1": round1, "classes": classes, "graph": _to_json(nodes, edges)}
        if round1 > max_nodes:  # the page's own graph at the default limit: no shrinking at view time
            final, note = shrink(_graph(nodes, edges), note_for(len(keep), classes, max_nodes), max_nodes)
            row |= {"final": _to_json(dict(final.nodes(data=True)), list(final.edges(keys=True, data=True))),
                    "note": note, "max_nodes": max_nodes}
        out[key] = row
    # what the details of a page of many regions need from the store's every report and region
    reader.report_labels(reader.report_iris())
    region_obs = region_observations(reader, _MAX_OBS)
    tail = None
    if child is not None:
        try:
            tail = child.result()
        except ForkFailed:
            pass  # made here after all
    out[_NODES], digests, members = tail or _tail(store, reader)
    out[_EXTRAS] = {"reports": reader._report_labels,
                    "region_obs": {r: [n, rows[:_MAX_OBS_MANY]] for r, (n, rows) in region_obs.items()}}
    out[_REGIONS] = {"obs": region_obs, "names": _region_names(reader)}
    out[_DIGESTS] = digests
    out[_MEMBERS] = members
    return out


def _start_tail(store: ox.Store, reader: "ProjectedReader", idle: IdleCores) -> Forked | None:
    """``_tail`` in a forked child (kg.workers.Forked), or None: a small store (the result
    pickled back costs more than it saves), or no core free for it (the projection's own
    threads count as free: they are done)."""
    if len(reader.proj.classes) < FORK_AT:
        return None
    free = idle.since(own_threads=True)
    if free is not None and free < CORE_FREE:
        return None
    child = Forked(_tail, store, reader)
    return child if child.process is not None else None


def _tail(store: ox.Store, reader: "ProjectedReader") -> tuple[list[tuple], list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """The node table, digests and report members (what the summary holds for any view),
    from the projection and the store."""
    nodes = _node_table(reader)
    reader.report_labels(reader.report_iris())
    digests = _digests(store, reader, sorted(reader._report_labels))
    members = _report_members(reader, {row[0]: row[1:] for row in nodes})
    return nodes, digests, members


def _report_members(reader: ProjectedReader, nodes: dict[str, tuple]) -> list[tuple[str, bytes]]:
    """(report, {relation: [[subject, its node-table row...]]}) for the report links
    (mentionedIn, wasDerivedFrom) into every report: what ``GraphReader.neighbours`` finds
    pointing at a report, tens of thousands of rows for a 2-hop focus, with what the view
    then looks up of each (class, home, name, observation label; none for a subject not in
    the node table). A report that something other than an IRI links to (the projection
    holds IRI subjects only) gets none and is asked of the store."""
    proj = reader.proj
    reports = {s for s, ts in proj.classes.items() if "Report" in ts}
    odd = proj.odd_links
    members: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for p in _REPORT_LINKS:
        for o, subjects in proj.into(p).items():
            if o in reports and o not in odd:
                members[o][p] = [[m, *nodes.get(m, ())] for m in sorted(subjects)]
    return [(r, zlib.compress(json.dumps(members.get(r, {}), ensure_ascii=False, separators=(",", ":"))
                              .encode("utf-8"), 6)) for r in sorted(reports - odd)]


def _region_names(reader: ProjectedReader) -> list[tuple[str, str]]:
    """(name, region) for what ``GraphReader.regions_named`` matches: every rdfs:label of a
    region, and the last segment of its IRI (``--region 141021``)."""
    out = set()
    for r, ts in reader.proj.classes.items():
        if "Region" in ts:
            out.add((r.rsplit("/", 1)[-1], r))
            out.update((label, r) for label in reader.proj.labels_of.get(r, ()))
    return sorted(out)


def _digests(store: ox.Store, reader: ProjectedReader, reports: list[str]) -> list[tuple[str, bytes]]:
    """(IRI, digest) of every region and every resource with more than _HEAVY report links
    and regions: its own triples as ``GraphReader.out`` reads them, but report links as
    indexes into the sorted report IRIs, and of its evidence sentences only the first ones a
    page lists, with their number (``GraphReader.out`` reads a digest instead of the node's
    triples)."""
    proj = reader.proj
    links = Counter()
    for p in (*_REPORT_LINKS, _REGION):
        for s, objects in proj.out[p].items():
            links[s] += len(objects)
    # and every region: a page draws hundreds, each read from the store otherwise
    heavy = sorted({s for s, n in links.items() if n > _HEAVY} | {s for s, ts in proj.classes.items() if "Region" in ts})
    index = {r: i for i, r in enumerate(reports)}
    plain = GraphReader(store)
    out = []
    for start in range(0, len(heavy), 500):
        chunk = heavy[start:start + 500]
        triples = plain.out(chunk)
        for s in chunk:
            out.append((s, digest_of(triples[s], index)))
        plain._out.clear()
    return out


def digest_of(triples: Iterable[tuple[str, str, bool]], index: dict[str, int]) -> bytes:
    rest, evidence, links = [], [], defaultdict(list)
    for p, o, is_iri in triples:
        if p == _EVIDENCE and not is_iri:
            evidence.append(o)
        elif p in _REPORT_LINKS and is_iri:
            links[p].append(index.get(o, o))
        else:
            rest.append([p, o, is_iri])
    evidence.sort()
    body = {"t": sorted(rest), "ev": evidence[:_MAX_EVIDENCE], "evN": len(evidence),
            "l": {p: sorted(v, key=str) for p, v in links.items()}}
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _node_table(reader: ProjectedReader) -> list[tuple]:
    """(IRI, class, home, name, observation label) of every resource of our classes: what
    a view that reaches tens of thousands of them (a 2-hop focus) asks of each, as
    GraphReader.classify, homes, labels and select._observation_labels answer it."""
    proj = reader.proj
    cls = {s: min(ts, key=_ORDER.index) for s, ts in proj.classes.items()}
    homes = reader.homes(cls)
    names = reader.labels(cls)
    obs = _observation_labels(reader, sorted(s for s, t in cls.items() if t in ("Observation", "ProjectStage")))
    return [(s, t, homes.get(s), names.get(s), obs.get(s)) for s, t in cls.items()]


# what select._observation_labels asks of each node, by the query's variable (OBSERVATION_FIELDS)
_OBSERVATION_PREDICATES = {"y": CKG + "year", "ind": CKG + "indicator", "v": CKG + "value", "u": CKG + "unit",
                           "g": CKG + "growthRate", "k": CKG + "kind", "st": CKG + "status"}


def _observation_labels(reader: ProjectedReader, iris: list[str]) -> dict[str, str]:
    """select._observation_labels of every observation and stage, from whole-predicate scans
    (a query per 400 nodes takes four times as long): for a node with at most one value of
    each thing its label shows, the first row that query gives is the only one it has, so
    the label is the query's; the others (several years, indicators…) are asked as it asks."""
    from kg.viz.select import OBSERVATION_FIELDS, _observation_labels as asked, observation_label

    wanted = set(iris)
    found: dict[str, dict[str, set[str]]] = {}
    for var, p in _OBSERVATION_PREDICATES.items():
        found[var] = values = defaultdict(set)
        for s, o in _union_pairs(reader.store, p):
            if s in wanted:
                values[s].add(o)
    indicators = {i for terms in found["ind"].values() for i in terms}
    pref = defaultdict(set)
    for s, o in _union_pairs(reader.store, _PREF):
        if "<" + s + ">" in indicators:
            pref[s].add(o)
    out, ask = {}, []
    for i in iris:
        terms = {var: found[var].get(i, set()) for var in OBSERVATION_FIELDS}
        # the path ckg:indicator/skos:prefLabel: the labels of its indicators (a blank node
        # indicator's are not scanned: asked)
        blank = any(ind.startswith(("_:", "<<")) for ind in terms["ind"])
        terms["ind"] = {t for ind in terms["ind"] if ind[0] == "<" for t in pref.get(ind[1:-1], ())}
        if blank or any(len(ts) > 1 or (ts and next(iter(ts)).startswith("<<")) for ts in terms.values()):
            ask.append(i)
            continue
        out[i] = observation_label(*(_lexical(next(iter(ts))) if ts else None for ts in terms.values()))
    out.update(asked(reader, ask))
    return out


def _union_pairs(store: ox.Store, predicate: str):
    """(subject IRI, object in N-Triples syntax) of ``predicate`` in the union of the
    store's graphs, as the views' queries see it (use_default_graph_as_union), once each."""
    q = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?s)) }}"
    text = store.query(q, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    for s, o in _tsv_pairs(text):
        yield s[1:-1], o


def _year_views(reader: ProjectedReader, cls: dict[str, str]) -> dict[int, set[str]]:
    """Year → the nodes ``--year`` keeps (select._kept_by_filters, for every year in one
    pass): what is dated that year or linked to a report of that year, and the regions
    these lie in, with their ancestors."""
    proj = reader.proj
    report_years = {r: ys for r, ys in proj.years.items() if "Report" in proj.classes.get(r, ())}
    content: dict[int, set[str]] = defaultdict(set)
    for n, t in cls.items():
        if t == "Region":
            continue
        ys = set(proj.years.get(n, ()))
        for p in _REPORT_LINKS:
            for r in proj.out[p].get(n, ()):
                ys |= report_years.get(r, set())
        for y in ys:
            content[y].add(n)
    out = {}
    for y in sorted(content):
        reports = {r for r, ys in report_years.items() if y in ys}
        touched = reader.regions_of(content[y] | reports)
        touched |= reader.ancestors(touched)
        out[y] = content[y] | {n for n in touched if cls.get(n) == "Region"}
    return out


def _fold_scope(reader: ProjectedReader, keep: set[str], cls: dict[str, str], homes: dict[str, str],
                labels: dict[str, str], place: dict[str, str]) -> tuple[dict[str, dict], list[tuple]]:
    """What select_graph then fold_entities make of the view that keeps ``keep``, every
    foldable class folded, computed from the projection without the view's large graph:
    regions stay, every other node goes to the bundle of its class and home region.
    Returns the nodes (id → attributes) and edges (from, to, key, attributes)."""
    rep: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    nodes: dict[str, dict] = {}
    regions = {n for n in keep if cls[n] == "Region"}
    for n in sorted(regions):
        nodes[n] = {"type": "Region", "label": labels.get(n) or compact(n)}
        rep[n] = n
    for n in keep:
        t = cls[n]
        if t == "Region":
            continue
        region = homes.get(n)
        agg = f"agg:{t}:{region or '-'}"
        rep[n] = agg
        members[agg].append(labels.get(n) or compact(n))
        if agg not in nodes:
            if not region:
                name = "无地区"
            elif region in regions:  # the region's label on the page (fold_entities' region_label)
                name = labels.get(region) or compact(region)
            else:
                name = place.get(region, "无地区")
            nodes[agg] = {"type": "Aggregate", "member_type": t, "region": region,
                          "label": f"{name} · {NODE_STYLES[t].name}"}
    for agg, names in members.items():
        nodes[agg]["label"] += f" ×{len(names)}"
        nodes[agg]["members"] = sorted(names)[:_MEMBERS_SHOWN]
        nodes[agg]["count"] = len(names)
    counts: Counter = Counter()
    provenance, other = reader.edges_of()
    for s in keep:
        a = rep[s]
        pairs = other.get(s, ())
        if s in regions:  # a bundle's own provenance edges are not read
            pairs = [*pairs, *provenance.get(s, ())]
        for p, o in pairs:
            if o in keep and o != s:
                b = rep[o]
                if a != b:
                    counts[(a, b, p)] += 1
    linked = {(a, b) for a, b, _ in counts} | {(b, a) for a, b, _ in counts}
    edges = [(a, b, p, {"rel": p, "count": n}) for (a, b, p), n in counts.items()
             if not (p in _PROVENANCE and (a.startswith("agg:") or b.startswith("agg:")))]
    for agg in members:
        # filed under a region through its members' reports: still linked to it (checked
        # before provenance edges between bundles are dropped, as fold_entities does)
        region = nodes[agg]["region"]
        if region and region in nodes and (agg, region) not in linked:
            edges.append((agg, region, "地区", {"rel": "地区", "count": 1}))
    return nodes, edges


def _graph(nodes: dict[str, dict], edges: list[tuple]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_nodes_from(nodes.items())
    g.add_edges_from(edges)
    return g


def _to_json(nodes: dict[str, dict], edges: list[tuple]) -> bytes:
    # sorted: the folds make nodes and edges in set order, which differs from process to
    # process (hash seeds), and the same store should give the same file (views sort anyway)
    # (each edge made JSON once: the text it is sorted by is the text written)
    edge_texts = sorted(json.dumps(list(e), ensure_ascii=False, separators=(",", ":")) for e in edges)
    node_text = json.dumps([[n, nodes[n]] for n in sorted(nodes)], ensure_ascii=False, separators=(",", ":"))
    text = '{"nodes":' + node_text + ',"edges":[' + ",".join(edge_texts) + "]}"
    return zlib.compress(text.encode("utf-8"), 6)


def _from_json(blob: bytes) -> nx.MultiDiGraph:
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    g = nx.MultiDiGraph()
    g.add_nodes_from((n, d) for n, d in data["nodes"])
    g.add_edges_from((a, b, k, d) for a, b, k, d in data["edges"])
    return g


def write_summary(directory: str | Path, scopes: dict[str, dict]) -> Path:
    """Write the summary of the (closed) store in ``directory``, fingerprinted."""
    from kg.atomic import atomic_path
    from kg.store import fingerprint

    d = Path(directory)
    path = d / SUMMARY_FILE
    with atomic_path(path) as tmp:
        Path(tmp).unlink(missing_ok=True)
        con = sqlite3.connect(str(tmp))
        try:
            con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            con.execute("CREATE TABLE scope (key TEXT PRIMARY KEY, nodes INTEGER, round1 INTEGER, classes TEXT, "
                        "graph BLOB, max_nodes INTEGER, final BLOB, note TEXT)")
            extras = {k: zlib.compress(json.dumps(v, ensure_ascii=False).encode("utf-8"))
                      for k, v in scopes.get(_EXTRAS, {}).items()}
            con.executemany("INSERT INTO meta VALUES (?, ?)", [("fingerprint", fingerprint(d)), ("version", str(_VERSION)),
                                                              *extras.items()])
            con.executemany("INSERT INTO scope VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(k, v["n"], v["round1"], json.dumps(v["classes"]), v["graph"], v.get("max_nodes"),
                              v.get("final"), v.get("note")) for k, v in scopes.items() if k not in (_EXTRAS, _NODES, _DIGESTS, _REGIONS, _MEMBERS)])
            con.execute("CREATE TABLE node (iri TEXT PRIMARY KEY, cls TEXT, home TEXT, name TEXT, obs_label TEXT) "
                        "WITHOUT ROWID")
            con.executemany("INSERT INTO node VALUES (?, ?, ?, ?, ?)", scopes.get(_NODES, []))
            con.execute("CREATE TABLE member (report TEXT PRIMARY KEY, body BLOB) WITHOUT ROWID")
            con.executemany("INSERT INTO member VALUES (?, ?)", scopes.get(_MEMBERS, []))
            con.execute("CREATE TABLE digest (iri TEXT PRIMARY KEY, body BLOB) WITHOUT ROWID")
            con.executemany("INSERT INTO digest VALUES (?, ?)", scopes.get(_DIGESTS, []))
            regions = scopes.get(_REGIONS, {"obs": {}, "names": []})
            con.execute("CREATE TABLE region_obs (iri TEXT PRIMARY KEY, n INTEGER, rows BLOB) WITHOUT ROWID")
            con.executemany("INSERT INTO region_obs VALUES (?, ?, ?)",
                            [(r, n, zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8")))
                             for r, (n, rows) in regions["obs"].items()])
            con.execute("CREATE TABLE region_name (name TEXT, iri TEXT, PRIMARY KEY (name, iri)) WITHOUT ROWID")
            con.executemany("INSERT INTO region_name VALUES (?, ?)", regions["names"])
            con.commit()
        finally:
            con.close()
    return path


def summarize_store(directory: str | Path) -> Path:
    """(Re)write the summary of an existing store directory (one built before summaries
    existed, or a copy to try them on). The store must not be open for writing elsewhere."""
    store = ox.Store.read_only(str(directory))
    scopes = summarize(store)
    del store
    return write_summary(directory, scopes)


def _connect(store: ox.Store) -> sqlite3.Connection | None:
    """The summary of a store opened by ``kg.store.open_graph`` from a directory, if it has
    one that matches the store's files (and this code's version); else None."""
    from kg.store import fingerprint, store_directory

    d = store_directory(store)
    if d is None or not (d / SUMMARY_FILE).is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{d / SUMMARY_FILE}?mode=ro", uri=True)
        meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('version', 'fingerprint')"))
    except sqlite3.Error:
        return None
    if meta.get("version") != str(_VERSION) or meta.get("fingerprint") != fingerprint(d):
        con.close()
        return None
    return con


def read_extras(store: ox.Store) -> dict | None:
    """The summary's report names (IRI → short name or None) and regions' observation rows
    (region → [count, rows], kg.viz.details.region_observations), for any view of the store."""
    con = _connect(store)
    if con is None:
        return None
    try:
        rows = con.execute("SELECT key, value FROM meta WHERE key NOT IN ('version', 'fingerprint')").fetchall()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return {k: json.loads(zlib.decompress(v).decode("utf-8")) for k, v in rows}


class NodeTable:
    """Lookups in the summary's node table: IRI → (class, home, name, observation label)."""

    def __init__(self, path: Path):
        self.path = path
        self.cache: dict[str, tuple | None] = {}
        self._con: sqlite3.Connection | None = None

    def connection(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._con.execute("PRAGMA mmap_size = 268435456")  # pages read from the mapped file: half the time
        return self._con

    def __call__(self, iris: list[str]) -> dict[str, tuple]:
        todo = sorted({i for i in iris if i not in self.cache})
        if todo:
            for i in todo:
                self.cache[i] = None
            # one query, the keys in index order (a 2-hop focus asks for 70,000)
            q = ("SELECT iri, cls, home, name, obs_label FROM node "
                 "WHERE iri IN (SELECT value FROM json_each(?))")
            for i, *row in self.connection().execute(q, (json.dumps(todo, ensure_ascii=False),)):
                self.cache[i] = tuple(row)
        cache = self.cache
        return {i: cache[i] for i in iris if cache.get(i) is not None}


class Tables(NodeTable):
    """The summary's lookups for any view: the node table (calling it), node digests,
    regions' observation rows and regions by name."""

    def _rows(self, sql: str, keys: list[str]) -> list[tuple]:
        return self.connection().execute(sql.replace("(?*)", "(SELECT value FROM json_each(?))"),
                                         (json.dumps(keys, ensure_ascii=False),)).fetchall()

    def digests(self, iris: list[str]) -> dict[str, dict]:
        """IRI → digest (summary._digests) of those of ``iris`` that have one."""
        return {i: json.loads(zlib.decompress(b).decode("utf-8"))
                for i, b in self._rows("SELECT iri, body FROM digest WHERE iri IN (?*)", sorted(set(iris)))}

    def report_members(self, iris: list[str]) -> dict[str, dict[str, list[str]]]:
        """Report → {report link: [what links to it]} for those of ``iris`` that are reports
        with such a list (summary._report_members); their node-table rows come along."""
        out = {}
        cache = self.cache
        for r, b in self._rows("SELECT report, body FROM member WHERE report IN (?*)", sorted(set(iris))):
            links = json.loads(zlib.decompress(b).decode("utf-8"))
            for rows in links.values():
                for m, *row in rows:
                    if m not in cache:
                        cache[m] = tuple(row) if row else None
            out[r] = {p: [row[0] for row in rows] for p, rows in links.items()}
        return out

    def region_rows(self, regions: list[str]) -> dict[str, list]:
        """Region → [observation count, its first _MAX_OBS rows] for those with observations."""
        return {r: [n, json.loads(zlib.decompress(b).decode("utf-8"))]
                for r, n, b in self._rows("SELECT iri, n, rows FROM region_obs WHERE iri IN (?*)", sorted(set(regions)))}

    def regions_named(self, name: str) -> list[str]:
        return [r for (r,) in self._rows("SELECT iri FROM region_name WHERE name IN (?*)", [name])]


def tables(store: ox.Store) -> Tables | None:
    """The lookups of the store's summary, if it has one that matches the store."""
    return _matching(store, Tables)


def node_table(store: ox.Store) -> NodeTable | None:
    """The node table of the store's summary, if it has one that matches the store."""
    return _matching(store, NodeTable)


def _matching(store: ox.Store, reader):
    """``reader`` over the store's summary file, if the summary matches the store."""
    from kg.store import store_directory

    con = _connect(store)
    if con is None:
        return None
    con.close()
    return reader(store_directory(store) / SUMMARY_FILE)


def read_scope(store: ox.Store, key: str, max_nodes: int) -> tuple[nx.MultiDiGraph, str] | None:
    """The graph and note of one scope's page at ``max_nodes`` from the store's summary, if
    it has one that matches the store and the view folds every foldable class at
    ``max_nodes``; else None."""
    con = _connect(store)
    if con is None:
        return None
    try:
        found = con.execute("SELECT nodes, round1, classes, max_nodes, note FROM scope WHERE key = ?",
                            (key,)).fetchone()
        if found is None or found[1] <= max_nodes:  # reports would stay themselves: not this graph
            return None
        nodes, _, classes, made_for, note = found
        column = "final" if made_for == max_nodes else "graph"
        blob = con.execute(f"SELECT {column} FROM scope WHERE key = ?", (key,)).fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()
    g = _from_json(blob)
    if made_for != max_nodes:
        g, note = shrink(g, note_for(nodes, json.loads(classes), max_nodes), max_nodes)
    return g, note
