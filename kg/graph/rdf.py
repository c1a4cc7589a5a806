"""Resolved facts → RDF: one named graph per report, plus a shared graph for vocabularies.

Every triple about a fact goes into the graph of the report it was read from, so a rebuilt
report replaces exactly its own graph. Terms come from kg.vocab (a typo fails loudly).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.extract.model import ReportFacts
from kg.graph import iris
from kg.graph.iris import clean_name, slug
from kg.graph.regions import RegionInfo
from kg.graph.resolve import Resolved
from kg.paths import data_path
from kg.vocab import CKG, RESOURCE_BASE

SHARED_GRAPH = RESOURCE_BASE + "graph/shared"

_N = {}


def N(term) -> ox.NamedNode:
    """pyoxigraph node for an rdflib term or IRI string (cached: the same few thousand terms)."""
    s = str(term)
    node = _N.get(s)
    if node is None:
        node = _N[s] = ox.NamedNode(s)
    return node


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def plain(text: str) -> ox.Literal:
    return ox.Literal(text)


def year(y: int) -> ox.Literal:
    return ox.Literal(f"{int(y):04d}", datatype=N(XSD.gYear))


def decimal(v) -> ox.Literal | None:
    try:
        d = Decimal(str(v).replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    s = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    if "." not in s:
        s = s  # integers are fine as xsd:decimal lexical forms
    return ox.Literal(s, datatype=N(XSD.decimal))


def integer(v: int) -> ox.Literal:
    return ox.Literal(str(int(v)), datatype=N(XSD.integer))


TYPES = {"plan": CKG.PlanReport, "work": CKG.WorkReport}
LEVELS = {"province": CKG.Province, "city": CKG.City, "county": CKG.County, "county_city": CKG.County,
          "township": CKG.Township, "village": CKG.Village, "zone": CKG.Zone}
KINDS = {"actual": CKG.Actual, "target": CKG.Target}
STATUSES = {"completed": CKG.Completed, "under_construction": CKG.UnderConstruction,
            "started": CKG.Started, "planned": CKG.Planned, "unknown": CKG.StatusUnknown}
POLICY_KINDS = {"plan": CKG.Plan, "regulation": CKG.Regulation, "reform": CKG.Reform,
                "campaign": CKG.Campaign, "strategy": CKG.Strategy, "designation": CKG.Designation}
STATUS_ORDER = {"unknown": 0, "planned": 1, "started": 2, "under_construction": 3, "completed": 4}


class _Graph:
    """Triples for one named graph."""

    def __init__(self) -> None:
        self.triples: set[ox.Triple] = set()

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            o = N(o)
        self.triples.add(ox.Triple(s if isinstance(s, ox.NamedNode) else N(s), N(p), o))


def _evidence(g: _Graph, node, ev) -> None:
    g.add(node, CKG.evidence, plain(ev.text))


def _region(g: _Graph, info: RegionInfo) -> ox.NamedNode:
    node = N(iris.region_iri(info.key))
    g.add(node, RDF.type, N(CKG.Region))
    g.add(node, RDFS.label, zh(info.name))
    if info.level in LEVELS:
        g.add(node, CKG.level, N(LEVELS[info.level]))
    if info.code:
        g.add(node, CKG.adminCode, plain(info.code))
    if info.parent:
        g.add(node, CKG.partOf, N(iris.region_iri(info.parent)))
    return node


def _region_with_chain(g: _Graph, info: RegionInfo, resolved: Resolved) -> ox.NamedNode:
    node = _region(g, info)
    for anc in info.chain:
        _region(g, anc)
    parent = resolved.regions.get(info.parent) if info.parent else None
    if parent is not None and not info.chain:
        _region(g, parent)
    return node


def indicator_scheme_triples() -> list[ox.Triple]:
    path = data_path("ontology", "indicators.ttl")
    if not path.exists():
        return []
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _report(g: _Graph, f: ReportFacts, resolved: Resolved) -> ox.NamedNode:
    m = f.meta
    rep = N(iris.report_iri(f.key))
    g.add(rep, RDF.type, N(CKG.Report))
    g.add(rep, DCTERMS.source, plain(f.source_name))
    g.add(rep, CKG.sourcePath, plain(f.source_path))
    g.add(rep, CKG.contentHash, plain(f.content_hash))
    g.add(rep, CKG.characters, integer(f.characters))
    if m.title:
        g.add(rep, DCTERMS.title, zh(m.title))
    if m.report_type in TYPES:
        g.add(rep, CKG.reportType, N(TYPES[m.report_type]))
    own = resolved.report_regions.get(f.key)
    if own is not None:
        node = _region_with_chain(g, own, resolved)
        g.add(rep, CKG.region, node)
        g.add(node, CKG.mentionedIn, rep)
    if m.date:
        g.add(rep, DCTERMS.date, ox.Literal(m.date, datatype=N(XSD.date)))
    if m.review_year:
        g.add(rep, CKG.reviewYear, year(m.review_year))
    if m.plan_year:
        g.add(rep, CKG.planYear, year(m.plan_year))
    if m.speaker:
        person = N(iris.person_iri(m.speaker, own.key if own else ""))
        g.add(person, RDF.type, N(CKG.Person))
        g.add(person, RDFS.label, zh(m.speaker))
        g.add(rep, CKG.speaker, person)
    if m.speaker_role:
        g.add(rep, CKG.speakerRole, zh(m.speaker_role))
    if m.meeting:
        g.add(rep, CKG.meeting, zh(m.meeting))
    return rep


def _observations(g: _Graph, f: ReportFacts, rep, resolved: Resolved) -> None:
    seen = set()
    for o in f.observations:
        info = resolved.region_of_name.get((f.key, o.region)) or resolved.report_regions.get(f.key)
        if info is None:
            continue
        ind_key = o.indicator_key or "x-" + slug(o.indicator)
        k = (info.key, ind_key, o.year, o.kind)
        if k in seen:  # one fact, one statement: the first reading wins
            continue
        seen.add(k)
        node = N(iris.observation_iri(f.key, info.key, ind_key, o.year, o.kind))
        region_node = _region(g, info) if info.key not in ("",) else None
        ind = N(iris.indicator_iri(ind_key))
        if not o.in_vocabulary:
            g.add(ind, RDF.type, N(CKG.Indicator))
            g.add(ind, SKOS.prefLabel, zh(o.indicator))
            g.add(ind, CKG.inVocabulary, ox.Literal("false", datatype=N(XSD.boolean)))
        g.add(node, RDF.type, N(CKG.Observation))
        g.add(node, CKG.region, region_node)
        g.add(node, CKG.year, year(o.year))
        g.add(node, CKG.indicator, ind)
        g.add(node, CKG.kind, N(KINDS[o.kind]))
        if o.value is not None:
            g.add(node, CKG.value, decimal(o.value))
        if o.unit:
            g.add(node, CKG.unit, plain(o.unit))
        if o.value_in_base_unit is not None:
            g.add(node, CKG.valueInBaseUnit, decimal(round(o.value_in_base_unit, 6)))
        if o.base_unit:
            g.add(node, CKG.baseUnit, plain(o.base_unit))
        if o.growth is not None:
            g.add(node, CKG.growthRate, decimal(o.growth))
        if o.rank:
            g.add(node, CKG.rank, zh(o.rank))
        if o.qualifier:
            g.add(node, CKG.targetQualifier, zh(o.qualifier))
        if o.text:
            g.add(node, CKG.targetText, zh(o.text))
        g.add(node, PROV.wasDerivedFrom, rep)
        _evidence(g, node, o.evidence)
        g.add(node, CKG.evidenceStart, integer(o.evidence.start))
        g.add(node, CKG.evidenceEnd, integer(o.evidence.end))


def _places(g: _Graph, f: ReportFacts, rep, resolved: Resolved) -> None:
    for info, p in resolved.places.get(f.key, []):
        node = _region_with_chain(g, info, resolved)
        g.add(node, CKG.mentionedIn, rep)
        for a in p.aliases:
            g.add(node, SKOS.altLabel, zh(a))
        _evidence(g, node, p.evidence)


def _entities(graphs: dict[str, _Graph], resolved: Resolved) -> None:
    # enterprise names per report, for linking projects to their owners
    ent_by_name: dict[tuple[str, str], str] = {}
    for key, ent in resolved.entities["enterprise"].items():
        for rk, m in ent.mentions:
            for n in [ent.label, *ent.aliases, m.name, *m.aliases]:
                ent_by_name.setdefault((rk, clean_name(n)), key)

    for kind, ents in resolved.entities.items():
        for key, ent in ents.items():
            node = N(iris.entity_iri(kind, key))
            cls = {"enterprise": CKG.Enterprise, "project": CKG.Project, "policy": CKG.Policy}[kind]
            latest = None
            for rk, m in ent.mentions:
                g = graphs[rk]
                rep = N(iris.report_iri(rk))
                g.add(node, RDF.type, N(cls))
                g.add(node, RDFS.label, zh(ent.label))
                for a in sorted(ent.aliases):
                    g.add(node, SKOS.altLabel, zh(a))
                g.add(node, CKG.mentionedIn, rep)
                _evidence(g, node, m.evidence)
                if kind != "policy" and ent.region:
                    g.add(node, CKG.region, N(iris.region_iri(ent.region)))
                if kind == "policy":
                    g.add(node, CKG.policyKind, N(POLICY_KINDS.get(m.kind, CKG.Plan)))
                    info = resolved.region_of_name.get((rk, m.region)) if m.region else None
                    if info is not None:
                        g.add(node, CKG.region, _region(g, info))
                    if m.definition:
                        g.add(node, SKOS.definition, zh(m.definition))
                if kind == "project":
                    stage = N(iris.stage_iri(rk, key))
                    g.add(node, CKG.stage, stage)
                    g.add(stage, RDF.type, N(CKG.ProjectStage))
                    g.add(stage, CKG.status, N(STATUSES.get(m.status, CKG.StatusUnknown)))
                    if m.year:
                        g.add(stage, CKG.year, year(m.year))
                    g.add(stage, PROV.wasDerivedFrom, rep)
                    _evidence(g, stage, m.evidence)
                    if m.investment:
                        g.add(node, CKG.investment, decimal(m.investment))
                        g.add(node, CKG.investmentUnit, plain(m.investment_unit or ""))
                    if m.capacity:
                        g.add(node, CKG.capacity, plain(m.capacity))
                    for en in m.enterprises:
                        ek = ent_by_name.get((rk, clean_name(en)))
                        if ek:
                            g.add(node, CKG.enterprise, N(iris.entity_iri("enterprise", ek)))
                    rank = (m.year or 0, rk)
                    if latest is None or rank > latest[0]:
                        latest = (rank, rk, m.status)
            if latest is not None:
                graphs[latest[1]].add(node, CKG.status, N(STATUSES.get(latest[2], CKG.StatusUnknown)))


def to_graphs(resolved: Resolved) -> dict[str, list[ox.Triple]]:
    """Graph IRI → its triples (sorted later, when written)."""
    graphs: dict[str, _Graph] = {}
    for f in resolved.reports:
        g = graphs[f.key] = _Graph()
        rep = _report(g, f, resolved)
        _observations(g, f, rep, resolved)
        _places(g, f, rep, resolved)
    _entities(graphs, resolved)
    out = {str(iris.report_iri(k)): list(g.triples) for k, g in graphs.items()}
    out[SHARED_GRAPH] = indicator_scheme_triples()
    return out
