"""Resolved facts → RDF: what a report says, and the reference facts it relies on.

As in Wikidata's RDF and nanopublications, a statement lives in exactly one graph:

- the report's named graph (named by the report IRI) holds what that report says: its
  ``ckg:Report`` description, its observations, its project stages, ``ckg:mentionedIn``
  links and the evidence sentences of what it names;
- facts about shared things (a region's label, level, code, ``partOf`` and other names; an
  indicator concept; a person's, enterprise's, project's or policy's type, labels, region,
  kind, owners, amount and latest status) go to the shared graph ``ckr:graph/shared``,
  stated once however many reports rely on them.

``report_statements`` gives both parts for one report; kg.graph.assemble unions the shared
parts of all reports into the shared graph. So the union of all graphs holds every triple
once, and a query over it answers as it does on the Turtle file. Terms come from kg.vocab
(a typo fails loudly).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.extract.model import ReportFacts
from kg.graph.iris import clean_name, observation_key, person_key, slug, stage_key
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


def R(kind: str, key: str) -> str:
    """``<ckr:KIND/KEY>`` as kg.vocab.resource spells it, without making an rdflib term."""
    return f"<{RESOURCE_BASE}{kind}/{key}>"


@lru_cache(maxsize=500_000)
def _lit(text: str) -> str:
    text = str(text)
    # most texts need no escape: a scan in C, where translate looks every character up
    return '"' + (text.translate(_ESC) if _NEEDS_ESC.search(text) else text) + '"'


_NEEDS_ESC = re.compile(r'[\\"\x00-\x1f]')


# Chinese characters and full-width punctuation: whitespace beside them is layout (a line
# break or padding inside a name in the source), not part of the name.
_CJK = "\u3001-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(f"\\s+(?=[{_CJK}])|(?<=[{_CJK}])\\s+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def label_text(text: str) -> str:
    """A name as a label: no whitespace beside a Chinese character, other runs of whitespace
    one space, none at the ends. Names that differ only in whitespace get one IRI key
    (kg.graph.iris.clean_name drops it), so they must get one label too: "新材料      产值"
    and "新材料产值" are one indicator with one skos:prefLabel."""
    if _SPACES.search(text) is None:  # no whitespace (most names): nothing to do
        return text
    return _SPACES.sub(" ", _SPACE_BY_CJK.sub("", text)).strip()


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
    """Statements for one named graph, as N-Triples lines, each once, in the order first
    stated (a dict: the same statements come out in the same order in every process, where
    a set's order follows the process's string hashing)."""

    def __init__(self) -> None:
        self.triples: dict[str, None] = {}

    def add(self, s: str, p, o: str | None) -> None:
        if o is None:
            return
        self.triples[f"{s} {p} {o}"] = None


class _Statements:
    """One report's statements: ``own`` for its graph, ``ref`` for the shared graph, and
    ``quoted``: the evidence sentences of shared things (a region, an enterprise), which
    another report may quote word for word (kg.graph.quotes files each in one graph)."""

    def __init__(self) -> None:
        self.own = _Graph()
        self.ref = _Graph()
        self.quoted = _Graph()
        self.regions: dict[str, str] = {}   # region key → node, for regions already stated


def _evidence(g: _Graph, node, ev) -> None:
    g.add(node, K.evidence, plain(ev.text))


def _region_node(ref: _Graph, info: RegionInfo, loc: LocalRegions | None = None) -> str:
    node = R("region", info.key)
    ref.add(node, RDF_.type, K.Region)
    ref.add(node, RDFS_.label, zh(label_text(info.name)))
    if loc is not None and info.level != "country":
        # the names the report writes for it: a former name (清苑县), a short form (长子)
        for written in loc.names_of(info.key):
            if written != info.name:
                ref.add(node, SKOS_.altLabel, zh(label_text(written)))
    if info.level in LEVELS:
        ref.add(node, K.level, LEVELS[info.level])
    if info.code:
        ref.add(node, K.adminCode, plain(info.code))
    if info.parent:
        ref.add(node, K.partOf, R("region", info.parent))
    return node


def _region(st: "_Statements", info: RegionInfo, loc: LocalRegions | None = None) -> str:
    """A region and every region above it, so each ckg:partOf lands on a described region
    (once per report: a report names the same regions again and again)."""
    node = st.regions.get(info.key)
    if node is not None:
        return node
    node = st.regions[info.key] = _region_node(st.ref, info, loc)
    for anc in info.chain:
        if anc.key not in st.regions:
            st.regions[anc.key] = _region_node(st.ref, anc, loc)
    if not info.chain and info.parent and loc is not None:
        parent = loc.known.get(info.parent)
        if parent is not None:
            _region(st, parent, loc)
    return node


def indicator_scheme_triples() -> list[str]:
    path = data_path("ontology", "indicators.ttl")
    if not path.exists():
        return []
    return [str(t).removesuffix(" .") for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _report(st: _Statements, f: ReportFacts, loc: LocalRegions) -> str:
    g, ref = st.own, st.ref
    m = f.meta
    rep = R("report", f.key)
    g.add(rep, RDF_.type, K.Report)
    g.add(rep, DCT_.source, plain(f.source_name))
    g.add(rep, K.sourcePath, plain(f.source_path))
    g.add(rep, K.contentHash, plain(f.content_hash))
    g.add(rep, K.characters, integer(f.characters))
    if m.title:
        g.add(rep, DCT_.title, zh(label_text(m.title)))
    if m.report_type in TYPES:
        g.add(rep, K.reportType, TYPES[m.report_type])
    own = loc.own
    if own is not None:
        node = _region(st, own, loc)
        g.add(rep, K.region, node)
        g.add(node, K.mentionedIn, rep)
    if m.date:
        g.add(rep, DCT_.date, typed(m.date, _DATE))
    if m.review_year:
        g.add(rep, K.reviewYear, year(m.review_year))
    if m.plan_year:
        g.add(rep, K.planYear, year(m.plan_year))
    if m.speaker:
        person = R("person", person_key(m.speaker, own.key if own else ""))
        ref.add(person, RDF_.type, K.Person)
        ref.add(person, RDFS_.label, zh(label_text(m.speaker)))
        g.add(rep, K.speaker, person)
    if m.speaker_role:
        g.add(rep, K.speakerRole, zh(m.speaker_role))
    if m.meeting:
        g.add(rep, K.meeting, zh(m.meeting))
    return rep


def _observations(st: _Statements, f: ReportFacts, rep, loc: LocalRegions) -> None:
    g, ref = st.own, st.ref
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
        node = R("obs", observation_key(f.key, info.key, ind_key, o.year, o.kind))
        region_node = _region(st, info, loc)
        ind = R("indicator", ind_key)
        if not o.in_vocabulary:
            ref.add(ind, RDF_.type, K.Indicator)
            ref.add(ind, RDF_.type, SKOS_.Concept)
            ref.add(ind, SKOS_.prefLabel, zh(label_text(o.indicator)))
            ref.add(ind, K.inVocabulary, BOOL_FALSE)
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


def _places(st: _Statements, f: ReportFacts, rep, loc: LocalRegions) -> None:
    for info, p in loc.places:
        node = _region(st, info, loc)
        st.own.add(node, K.mentionedIn, rep)
        for a in p.aliases:
            st.ref.add(node, SKOS_.altLabel, zh(label_text(a)))
        _evidence(st.quoted, node, p.evidence)


_CLASSES = {"enterprise": K.Enterprise, "project": K.Project, "policy": K.Policy}


@lru_cache(maxsize=200_000)
def _entity_facts(kind: str, key: str, label: str, aliases: tuple[str, ...], region: str | None,
                  policy_kind: str | None) -> dict[str, None]:
    """The shared statements every report mentioning an entity makes alike (type, names,
    region, kind): made once per entity, not once per report."""
    g = _Graph()
    node = R(kind, key)
    g.add(node, RDF_.type, _CLASSES[kind])
    g.add(node, RDFS_.label, zh(label_text(label)))
    for a in aliases:
        g.add(node, SKOS_.altLabel, zh(label_text(a)))
    if kind != "policy" and region:
        g.add(node, K.region, R("region", region))
    if kind == "policy":
        g.add(node, K.policyKind, POLICY_KINDS.get(policy_kind, K.Plan))
    return g.triples  # (read only: cached)


def _entities(st: _Statements, f: ReportFacts, loc: LocalRegions, view: ReportView) -> None:
    g, ref = st.own, st.ref
    rep = R("report", f.key)
    owners = view.owners()
    lists = {"enterprise": f.enterprises, "project": f.projects, "policy": f.policies}
    # (the commonest lines written straight into the dicts: a corpus has 220,000 entity
    # views and 400,000 mentions)
    own, quoted, mentioned, evidence = g.triples, st.quoted.triples, K.mentionedIn, K.evidence
    for ent in view.entities:
        kind = ent.kind
        node = f"<{RESOURCE_BASE}{kind}/{ent.key}>"
        ref.triples.update(_entity_facts(*ent[:6]))  # kind, key, label, aliases, region, policy kind
        own[f"{node} {mentioned} {rep}"] = None
        for note in ent.notes:  # why this report's name was taken for this entity
            g.add(node, K.identityNote, zh(note))
        mentions = lists[kind]
        for i in ent.mentions:
            m = mentions[i]
            quoted[f"{node} {evidence} {_lit(m.evidence.text)}"] = None
            if kind == "policy":
                info = loc.of_name.get(m.region) if m.region else None
                if info is not None:
                    ref.add(node, K.region, _region(st, info, loc))
                if m.definition:
                    ref.add(node, SKOS_.definition, zh(m.definition))
            if kind == "project":
                for en in m.enterprises:
                    ek = owners.get(clean_name(en))
                    if ek:
                        ref.add(node, K.enterprise, R("enterprise", ek))
        if ent.stage is not None:
            m = f.projects[ent.stage]
            stage = R("stage", stage_key(f.key, ent.key))
            g.add(node, K.stage, stage)
            g.add(stage, RDF_.type, K.ProjectStage)
            g.add(stage, K.status, STATUSES.get(m.status, K.StatusUnknown))
            if m.year:
                g.add(stage, K.year, year(m.year))
            g.add(stage, PROV_.wasDerivedFrom, rep)
            _evidence(g, stage, m.evidence)
        if ent.investment is not None:
            m = f.projects[ent.investment]
            ref.add(node, K.investment, decimal(m.investment))
            ref.add(node, K.investmentUnit, plain(m.investment_unit or ""))
        if ent.capacity is not None:
            ref.add(node, K.capacity, plain(f.projects[ent.capacity].capacity))
        if ent.latest_status is not None:
            ref.add(node, K.status, STATUSES.get(ent.latest_status, K.StatusUnknown))


@dataclass
class ReportStatements:
    """One report's statements as N-Triples lines: ``own`` for the report's graph (sorted);
    ``shared`` for the shared graph (other reports may rely on the same lines; in the order
    first stated, the same in every build: kg.graph.assemble sorts their union); ``quoted``
    for the report's graph too, unless an earlier report quotes the same sentence about the
    same thing (kg.graph.quotes; sorted)."""
    own: list[str]
    shared: list[str]
    quoted: list[str]


def report_statements(f: ReportFacts, loc: LocalRegions, view: ReportView) -> ReportStatements:
    st = _Statements()
    rep = _report(st, f, loc)
    _observations(st, f, rep, loc)
    _places(st, f, rep, loc)
    _entities(st, f, loc, view)
    return ReportStatements(sorted(st.own.triples), list(st.ref.triples), sorted(st.quoted.triples))
