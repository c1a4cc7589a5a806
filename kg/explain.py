"""What ``kg explain`` says about an entity: which reports name it, under which of its
names, what each says (a project's stage), and why mentions under different names were
taken for one thing (the ckg:identityNote that cross-report resolution left in the later
report's graph, kg.graph.links).

Per report, the names shown are those of the entity's names that the report's evidence
sentences contain; in a file without named graphs the evidence cannot be told apart by
report and is listed once.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.graph.iris import clean_name
from kg.store import open_graph
from kg.vocab import CKG, RESOURCE_BASE

PREFIXES = f"""
PREFIX ckg: <{CKG._NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
_SPACE = re.compile(r"\s+")
MAX_FOUND = 10   # entities explained for a part of a name


class ExplainError(Exception):
    """Nothing to explain: no entity has that IRI or name."""


@dataclass
class ReportPart:
    report: str                      # report key
    year: int | None = None
    names: list[str] = field(default_factory=list)
    status: str | None = None        # a project's stage in this report
    evidence: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Explanation:
    iri: str
    kind: str
    label: str
    names: list[str]
    regions: list[str]
    reports: list[ReportPart]
    unplaced_evidence: list[str] = field(default_factory=list)
    unplaced_notes: list[str] = field(default_factory=list)


def _rows(store: ox.Store, query: str):
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for sol in result:
        yield [None if sol[n] is None else sol[n].value for n in names]


def _key(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1]


def find_entities(store: ox.Store, what: str) -> list[str]:
    """IRIs for an IRI (full, or kind/key as in ckr:project/…) or a name (any label)."""
    if what.startswith(("http://", "https://")):
        iris = [what]
    elif "/" in what:
        iris = [RESOURCE_BASE + what]
    else:
        # a name: the entities that have it, else those with a name containing it
        name = clean_name(what)
        labelled = [(iri, clean_name(label)) for iri, label in _rows(store, """
            SELECT ?e ?l WHERE { VALUES ?c { ckg:Project ckg:Enterprise ckg:Policy }
                                 ?e a ?c ; rdfs:label|skos:altLabel ?l }""")]
        found = {iri for iri, label in labelled if label == name}
        if not found and len(name) >= 2:
            found = {iri for iri, label in labelled if name in label}
            if len(found) > MAX_FOUND:
                raise ExplainError(f"{what}: {len(found)} entities have a name containing it; say more")
        return sorted(found)
    return [i for i in iris if any(True for _ in _rows(store, f"SELECT ?c WHERE {{ <{i}> a ?c }} LIMIT 1"))]


def explain_entity(store: ox.Store, iri: str) -> Explanation:
    cls = sorted({_key(c).split("#")[-1] for (c,) in _rows(store, f"SELECT ?c WHERE {{ <{iri}> a ?c }}")})
    labels = sorted({x for (x,) in _rows(store, f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}")})
    alts = sorted({x for (x,) in _rows(store, f"SELECT ?l WHERE {{ <{iri}> skos:altLabel ?l }}")})
    regions = sorted({x for (x,) in _rows(store, f"""
        SELECT ?rl WHERE {{ <{iri}> ckg:region/rdfs:label ?rl }}""")})
    parts: dict[str, ReportPart] = {}
    for rep, year in _rows(store, f"""
            SELECT ?r ?y WHERE {{ <{iri}> ckg:mentionedIn ?r .
              OPTIONAL {{ ?r ckg:planYear|ckg:reviewYear ?y }} }}"""):
        part = parts.setdefault(_key(rep), ReportPart(_key(rep)))
        if year:
            part.year = max(part.year or 0, int(year[:4]))
    placed_ev, placed_notes = set(), set()
    for g, ev in _rows(store, f"SELECT ?g ?ev WHERE {{ GRAPH ?g {{ <{iri}> ckg:evidence ?ev }} }}"):
        if _key(g) in parts:
            parts[_key(g)].evidence.append(ev)
            placed_ev.add(ev)
    for g, note in _rows(store, f"SELECT ?g ?n WHERE {{ GRAPH ?g {{ <{iri}> ckg:identityNote ?n }} }}"):
        if _key(g) in parts:
            parts[_key(g)].notes.append(note)
            placed_notes.add(note)
    for rep, status, year, ev in _rows(store, f"""
            SELECT ?r ?st ?y ?ev WHERE {{ <{iri}> ckg:stage ?s . ?s prov:wasDerivedFrom ?r .
              OPTIONAL {{ ?s ckg:status ?st }} OPTIONAL {{ ?s ckg:year ?y }} OPTIONAL {{ ?s ckg:evidence ?ev }} }}"""):
        part = parts.setdefault(_key(rep), ReportPart(_key(rep)))
        part.status = _key(status).split("#")[-1] if status else None
        if year:  # the year the stage is about, not the report's plan year
            part.year = int(year[:4])
        if ev and ev not in part.evidence:
            part.evidence.append(ev)
            placed_ev.add(ev)
    evidence = {ev for (ev,) in _rows(store, f"SELECT ?ev WHERE {{ <{iri}> ckg:evidence ?ev }}")}
    notes = {n for (n,) in _rows(store, f"SELECT ?n WHERE {{ <{iri}> ckg:identityNote ?n }}")}
    names, seen = [], set()
    for n in labels + alts:  # one of each name (府西街"西进" and 府西街西进 are one)
        if clean_name(n) not in seen:
            seen.add(clean_name(n))
            names.append(n)
    for part in parts.values():
        text = clean_name(_SPACE.sub("", "".join(part.evidence)))
        part.names = [n for n in names if clean_name(n) and clean_name(n) in text]
        part.evidence.sort()
        part.notes.sort()
    ordered = sorted(parts.values(), key=lambda p: (p.year or 0, p.report))
    return Explanation(iri, "/".join(cls), labels[0] if labels else "", names, regions, ordered,
                       sorted(evidence - placed_ev), sorted(notes - placed_notes))


def explain(graph: str | os.PathLike[str] | ox.Store, what: str) -> list[Explanation]:
    store = graph if isinstance(graph, ox.Store) else open_graph(graph)
    iris = find_entities(store, what)
    if not iris:
        raise ExplainError(f"{what}: no project, enterprise or policy has this IRI or name")
    return [explain_entity(store, iri) for iri in iris]


def format_explanation(x: Explanation) -> str:
    lines = [f"{x.iri}", f"  {x.kind} {x.label}" + (f" ({', '.join(x.regions)})" if x.regions else "")]
    if len(x.names) > 1:
        lines.append(f"  names: {' / '.join(x.names)}")
    for p in x.reports:
        head = f"  {p.year or '----'}  {p.report}"
        if p.status:
            head += f"  {p.status}"
        if p.names:
            head += f"  as {' / '.join(p.names)}"
        lines.append(head)
        for ev in p.evidence:
            lines.append(f"        “{ev}”")
        for note in p.notes:
            lines.append(f"        joined: {note}")
    if x.unplaced_evidence or x.unplaced_notes:
        lines.append("  (this file has no named graphs: evidence not told apart by report)")
    for ev in x.unplaced_evidence:
        lines.append(f"        “{ev}”")
    for note in x.unplaced_notes:
        lines.append(f"        joined: {note}")
    return "\n".join(lines)
