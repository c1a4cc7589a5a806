"""Resolved facts → RDF: one named graph per report, plus a shared graph for vocabularies.

Every triple about a fact goes into the graph of the report it was read from, so a rebuilt
report replaces exactly its own graph. Terms come from kg.vocab (a typo fails loudly).
"""
from __future__ import annotations

from functools import lru_cache
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.extract.model import ReportFacts
from kg.graph import iris
from kg.graph.iris import clean_name, slug
from kg.graph.regions import RegionInfo
from kg.graph.resolve import LocalRegions, ReportView
from kg.paths import data_path
from kg.vocab import CKG, RESOURCE_BASE

SHARED_GRAPH = RESOURCE_BASE + "graph/shared"

# Statements are kept as N-Triples lines ("<s> <p> <o>", no final dot): strings sort and
# hash fast, and pyoxigraph parses them back in one go when a richer format is written.
_ESC = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
_ESC.update({c: f"\\u{c:04X}" for c in range(32) if c not in (10, 13)})


class _Terms:
    """Formatted IRIs ("<…>") of a namespace's terms, looked up once: DefinedNamespace
    attribute access is slow enough to dominate graph writing otherwise."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        value = f"<{getattr(self._ns, name)}>"
        setattr(self, name, value)
        return value


K, RDF_, RDFS_, SKOS_, DCT_, PROV_ = (_Terms(ns) for ns in (CKG, RDF, RDFS, SKOS, DCTERMS, PROV))


def N(term) -> str:
    """An IRI term (from an rdflib term or a string)."""
    return f"<{term}>"


@lru_cache(maxsize=500_000)
def _lit(text: str) -> str:
    return '"' + str(text).translate(_ESC) + '"'


def zh(text: str) -> str:
    return _lit(text) + "@zh"


def plain(text: str) -> str:
    return _lit(text)


def typed(lexical: str, datatype) -> str:
    return f'{_lit(lexical)}^^<{datatype}>'


_GYEAR, _DECIMAL, _INTEGER, _DATE = (str(t) for t in (XSD.gYear, XSD.decimal, XSD.integer, XSD.date))


def year(y: int) -> str:
    return typed(f"{int(y):04d}", _GYEAR)


def decimal(v) -> str | None:
    try:
        d = Decimal(str(v).replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    return typed(format(d, "f"), _DECIMAL)


def integer(v: int) -> str:
    return typed(str(int(v)), _INTEGER)


BOOL_FALSE = typed("false", XSD.boolean)


TYPES = {"plan": K.PlanReport, "work": K.WorkReport}
LEVELS = {"province": K.Province, "city": K.City, "county": K.County, "county_city": K.County,
          "township": K.Township, "village": K.Village, "zone": K.Zone}
KINDS = {"actual": K.Actual, "target": K.Target}
STATUSES = {"completed": K.Completed, "under_construction": K.UnderConstruction,
            "started": K.Started, "planned": K.Planned, "unknown": K.StatusUnknown}
POLICY_KINDS = {"plan": K.Plan, "regulation": K.Regulation, "reform": K.Reform,
                "campaign": K.Campaign, "strategy": K.Strategy, "designation": K.Designation}
STATUS_ORDER = {"unknown": 0, "planned": 1, "started": 2, "under_construction": 3, "completed": 4}


class _Graph:
    """Statements for one named graph, as N-Triples lines."""

    def __init__(self) -> None:
        self.triples: set[str] = set()

    def add(self, s: str, p, o: str | None) -> None:
        if o is None:
            return
        self.triples.add(f"{s} {p} {o}")


def _evidence(g: _Graph, node, ev) -> None:
    g.add(node, K.evidence, plain(ev.text))


def _region_node(g: _Graph, info: RegionInfo, loc: LocalRegions | None = None) -> str:
    node = N(iris.region_iri(info.key))
    g.add(node, RDF_.type, K.Region)
    g.add(node, RDFS_.label, zh(info.name))
    if loc is not None and info.level != "country":
        # the names the report writes for it: a former name (清苑县), a short form (长子)
        for written in loc.names_of(info.key):
            if written != info.name:
                g.add(node, SKOS_.altLabel, zh(written))
    if info.level in LEVELS:
        g.add(node, K.level, LEVELS[info.level])
    if info.code:
        g.add(node, K.adminCode, plain(info.code))
    if info.parent:
        g.add(node, K.partOf, N(iris.region_iri(info.parent)))
    return node


def _region(g: _Graph, info: RegionInfo, loc: LocalRegions | None = None) -> str:
    """A region and every region above it, so each ckg:partOf lands on a described region."""
    node = _region_node(g, info, loc)
    for anc in info.chain:
        _region_node(g, anc, loc)
    if not info.chain and info.parent and loc is not None:
        parent = loc.known.get(info.parent)
        if parent is not None:
            _region(g, parent, loc)
    return node


def indicator_scheme_triples() -> list[str]:
    path = data_path("ontology", "indicators.ttl")
    if not path.exists():
        return []
    return [str(t).removesuffix(" .") for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _report(g: _Graph, f: ReportFacts, loc: LocalRegions) -> str:
    m = f.meta
    rep = N(iris.report_iri(f.key))
    g.add(rep, RDF_.type, K.Report)
    g.add(rep, DCT_.source, plain(f.source_name))
    g.add(rep, K.sourcePath, plain(f.source_path))
    g.add(rep, K.contentHash, plain(f.content_hash))
    g.add(rep, K.characters, integer(f.characters))
    if m.title:
        g.add(rep, DCT_.title, zh(m.title))
    if m.report_type in TYPES:
        g.add(rep, K.reportType, TYPES[m.report_type])
    own = loc.own
    if own is not None:
        node = _region(g, own, loc)
        g.add(rep, K.region, node)
        g.add(node, K.mentionedIn, rep)
    if m.date:
        g.add(rep, DCT_.date, typed(m.date, _DATE))
    if m.review_year:
        g.add(rep, K.reviewYear, year(m.review_year))
    if m.plan_year:
        g.add(rep, K.planYear, year(m.plan_year))
    if m.speaker:
        person = N(iris.person_iri(m.speaker, own.key if own else ""))
        g.add(person, RDF_.type, K.Person)
        g.add(person, RDFS_.label, zh(m.speaker))
        g.add(rep, K.speaker, person)
    if m.speaker_role:
        g.add(rep, K.speakerRole, zh(m.speaker_role))
    if m.meeting:
        g.add(rep, K.meeting, zh(m.meeting))
    return rep


def _observations(g: _Graph, f: ReportFacts, rep, loc: LocalRegions) -> None:
    seen = set()
    for o in f.observations:
        info = loc.of_name.get(o.region) if o.region else loc.own
        if info is None:
            continue  # a figure about a region we cannot place is no claim about the report's own
        ind_key = o.indicator_key or "x-" + slug(o.indicator)
        k = (info.key, ind_key, o.year, o.kind)
        if k in seen:  # one fact, one statement: the first reading wins
            continue
        seen.add(k)
        node = N(iris.observation_iri(f.key, info.key, ind_key, o.year, o.kind))
        region_node = _region(g, info, loc)
        ind = N(iris.indicator_iri(ind_key))
        if not o.in_vocabulary:
            g.add(ind, RDF_.type, K.Indicator)
            g.add(ind, RDF_.type, SKOS_.Concept)
            g.add(ind, SKOS_.prefLabel, zh(o.indicator))
            g.add(ind, K.inVocabulary, BOOL_FALSE)
        g.add(node, RDF_.type, K.Observation)
        g.add(node, K.region, region_node)
        g.add(node, K.year, year(o.year))
        g.add(node, K.indicator, ind)
        g.add(node, K.kind, KINDS[o.kind])
        if o.value is not None:
            g.add(node, K.value, decimal(o.value))
        if o.unit:
            g.add(node, K.unit, plain(o.unit))
        if o.value_in_base_unit is not None:
            g.add(node, K.valueInBaseUnit, decimal(round(o.value_in_base_unit, 6)))
        if o.base_unit:
            g.add(node, K.baseUnit, plain(o.base_unit))
        if o.growth is not None:
            g.add(node, K.growthRate, decimal(o.growth))
        if o.rank:
            g.add(node, K.rank, zh(o.rank))
        if o.qualifier:
            g.add(node, K.targetQualifier, zh(o.qualifier))
        if o.text:
            g.add(node, K.targetText, zh(o.text))
        g.add(node, PROV_.wasDerivedFrom, rep)
        _evidence(g, node, o.evidence)
        g.add(node, K.evidenceStart, integer(o.evidence.start))
        g.add(node, K.evidenceEnd, integer(o.evidence.end))


def _places(g: _Graph, f: ReportFacts, rep, loc: LocalRegions) -> None:
    for info, p in loc.places:
        node = _region(g, info, loc)
        g.add(node, K.mentionedIn, rep)
        for a in p.aliases:
            g.add(node, SKOS_.altLabel, zh(a))
        _evidence(g, node, p.evidence)


def _entities(g: _Graph, f: ReportFacts, loc: LocalRegions, view: ReportView) -> None:
    rep = N(iris.report_iri(f.key))
    owners = view.owners()
    lists = {"enterprise": f.enterprises, "project": f.projects, "policy": f.policies}
    for ent in view.entities:
        node = N(iris.entity_iri(ent.kind, ent.key))
        cls = {"enterprise": K.Enterprise, "project": K.Project, "policy": K.Policy}[ent.kind]
        g.add(node, RDF_.type, cls)
        g.add(node, RDFS_.label, zh(ent.label))
        for a in ent.aliases:
            g.add(node, SKOS_.altLabel, zh(a))
        g.add(node, K.mentionedIn, rep)
        for note in ent.notes:  # why this report's name was taken for this entity
            g.add(node, K.identityNote, zh(note))
        if ent.kind != "policy" and ent.region:
            g.add(node, K.region, N(iris.region_iri(ent.region)))
        if ent.kind == "policy":
            g.add(node, K.policyKind, POLICY_KINDS.get(ent.policy_kind, K.Plan))
        for i in ent.mentions:
            m = lists[ent.kind][i]
            _evidence(g, node, m.evidence)
            if ent.kind == "policy":
                info = loc.of_name.get(m.region) if m.region else None
                if info is not None:
                    g.add(node, K.region, _region(g, info, loc))
                if m.definition:
                    g.add(node, SKOS_.definition, zh(m.definition))
            if ent.kind == "project":
                for en in m.enterprises:
                    ek = owners.get(clean_name(en))
                    if ek:
                        g.add(node, K.enterprise, N(iris.entity_iri("enterprise", ek)))
        if ent.stage is not None:
            m = f.projects[ent.stage]
            stage = N(iris.stage_iri(f.key, ent.key))
            g.add(node, K.stage, stage)
            g.add(stage, RDF_.type, K.ProjectStage)
            g.add(stage, K.status, STATUSES.get(m.status, K.StatusUnknown))
            if m.year:
                g.add(stage, K.year, year(m.year))
            g.add(stage, PROV_.wasDerivedFrom, rep)
            _evidence(g, stage, m.evidence)
        if ent.investment is not None:
            m = f.projects[ent.investment]
            g.add(node, K.investment, decimal(m.investment))
            g.add(node, K.investmentUnit, plain(m.investment_unit or ""))
        if ent.capacity is not None:
            g.add(node, K.capacity, plain(f.projects[ent.capacity].capacity))
        if ent.latest_status is not None:
            g.add(node, K.status, STATUSES.get(ent.latest_status, K.StatusUnknown))


def report_statements(f: ReportFacts, loc: LocalRegions, view: ReportView) -> list[str]:
    """The statements of one report's graph, as N-Triples lines, sorted."""
    g = _Graph()
    rep = _report(g, f, loc)
    _observations(g, f, rep, loc)
    _places(g, f, rep, loc)
    _entities(g, f, loc, view)
    return sorted(g.triples)
