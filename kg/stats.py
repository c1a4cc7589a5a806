"""A summary of a graph: size, reports, classes, vocabulary and coverage (``kg stats``).

Everything is one SPARQL query (or two) on pyoxigraph, so a corpus graph of millions of
triples is summarised in seconds. Coverage is over reports: the share of ``ckg:Report``
nodes that have a region, review and plan years, a 地区生产总值 actual and a 地区生产总值
growth target (for the report's own region); the corpus issue wants 98/98/95/90 %.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from kg.evaluate import PREFIXES, indicator_vocabulary, norm
from kg.store import open_graph
from kg.vocab import CKG

GDP = "地区生产总值"

# Coverage measures: name -> (SPARQL pattern binding ?r for a report that has it, goal %).
COVERAGE: dict[str, tuple[str, float]] = {
    "region": ("?r ckg:region ?g .", 98.0),
    "review and plan year": ("?r ckg:reviewYear ?ry ; ckg:planYear ?py .", 98.0),
    f"{GDP} actual": ("""
        ?r ckg:region ?g .
        ?o prov:wasDerivedFrom ?r ; ckg:kind ckg:Actual ; ckg:region ?g ; ckg:indicator ?i .
        FILTER EXISTS { ?o ckg:value|ckg:growthRate ?v }""", 95.0),
    f"{GDP} growth target": ("""
        ?r ckg:region ?g .
        ?o prov:wasDerivedFrom ?r ; ckg:kind ckg:Target ; ckg:region ?g ; ckg:indicator ?i ;
           ckg:growthRate ?gr .""", 90.0),
}


@dataclass
class Coverage:
    reports: int
    total: int
    goal: float  # percent the corpus issue asks for

    @property
    def percent(self) -> float:
        return 100.0 * self.reports / self.total if self.total else 0.0

    @property
    def met(self) -> bool:
        return self.total > 0 and self.percent >= self.goal


@dataclass
class GraphStats:
    source: str
    triples: int                  # distinct triples over all graphs
    quads: int                    # as stored: a triple in two named graphs counts twice
    named_graphs: int
    reports: int
    report_types: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)  # class (prefixed) -> instances
    observations_in_vocabulary: int = 0
    observations_outside_vocabulary: int = 0
    coverage: dict[str, Coverage] = field(default_factory=dict)

    def to_json(self) -> dict:
        out = asdict(self)
        for name, c in self.coverage.items():
            out["coverage"][name].update(percent=round(c.percent, 2), met=c.met)
        return out


def _rows(store: ox.Store, query: str):
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for sol in result:
        yield [sol[n] for n in names]


def _count(store: ox.Store, query: str) -> int:
    for (n,) in _rows(store, query):
        return int(n.value)
    return 0


def prefixed(iri: str) -> str:
    for prefix, ns in (("ckg:", str(CKG._NS)), ("skos:", "http://www.w3.org/2004/02/skos/core#"),
                       ("prov:", "http://www.w3.org/ns/prov#"), ("owl:", "http://www.w3.org/2002/07/owl#")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def graph_stats(graph: str | os.PathLike[str] | ox.Store, source: str | None = None) -> GraphStats:
    """Summarise a graph file, a store directory or an open store."""
    store = graph if isinstance(graph, ox.Store) else open_graph(graph)
    quads = len(store)
    named = sum(1 for _ in store.named_graphs())
    triples = quads if named == 0 else _count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    classes = {prefixed(c.value): int(n.value) for c, n in _rows(store, """
        SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c""")}
    types = {prefixed(t.value) if t is not None else "(none)": int(n.value) for t, n in _rows(store, """
        SELECT ?t (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a ckg:Report OPTIONAL { ?r ckg:reportType ?t } }
        GROUP BY ?t ORDER BY ?t""")}
    reports = {r.value for (r,) in _rows(store, "SELECT DISTINCT ?r WHERE { ?r a ckg:Report }")}

    vocabulary, _source = indicator_vocabulary()
    labels: dict[str, set[str]] = {}
    flagged: set[str] = set()
    for o, label, flag in _rows(store, """
        SELECT ?o ?l ?in WHERE { ?o a ckg:Observation .
          OPTIONAL { ?o ckg:indicator/skos:prefLabel ?l }
          OPTIONAL { ?o ckg:inVocabulary ?in } }"""):
        labels.setdefault(o.value, set())
        if label is not None:
            labels[o.value].add(norm(label.value))
        if flag is not None and flag.value == "true":
            flagged.add(o.value)
    inside = sum(1 for o, ls in labels.items() if ls & vocabulary or o in flagged)

    gdp = " ".join(f"<{i.value}>" for (i,) in _rows(store, f"""
        SELECT DISTINCT ?i WHERE {{ ?i skos:prefLabel ?l FILTER (STR(?l) = "{GDP}") }}"""))
    coverage = {}
    for name, (pattern, goal) in COVERAGE.items():
        if "?i" in pattern and not gdp:
            having = set()
        else:
            values = f"VALUES ?i {{ {gdp} }}" if "?i" in pattern else ""
            having = {r.value for (r,) in _rows(store, f"""
                SELECT DISTINCT ?r WHERE {{ {values} ?r a ckg:Report . {pattern} }}""")}
        coverage[name] = Coverage(len(having & reports), len(reports), goal)

    return GraphStats(
        source=source or (str(graph) if not isinstance(graph, ox.Store) else "(store)"),
        triples=triples, quads=quads, named_graphs=named, reports=len(reports),
        report_types=types, classes=classes, observations_in_vocabulary=inside,
        observations_outside_vocabulary=len(labels) - inside, coverage=coverage)


def format_stats(s: GraphStats) -> str:
    """The summary ``kg stats`` prints."""
    lines = [f"graph: {s.source}",
             f"triples          {s.triples:>10,}" + (
                 f"   ({s.quads:,} quads in {s.named_graphs:,} named graphs)" if s.named_graphs else ""),
             f"reports          {s.reports:>10,}" + (
                 "   (" + ", ".join(f"{t} {n:,}" for t, n in s.report_types.items()) + ")" if s.report_types else "")]
    lines.append("instances per class")
    for cls, n in s.classes.items():
        lines.append(f"  {cls:<28}{n:>10,}")
    total_obs = s.observations_in_vocabulary + s.observations_outside_vocabulary
    share = 100.0 * s.observations_in_vocabulary / total_obs if total_obs else 0.0
    lines.append(f"observations in vocabulary  {s.observations_in_vocabulary:>8,}  ({share:.1f}%)")
    lines.append(f"observations outside        {s.observations_outside_vocabulary:>8,}")
    lines.append(f"coverage over {s.reports:,} reports")
    for name, c in s.coverage.items():
        mark = "ok" if c.met else "below goal"
        # CJK characters take two columns: pad by display width, not length
        pad = 28 - sum(2 if ord(ch) > 0x2E80 else 1 for ch in name)
        lines.append(f"  {name}{' ' * max(pad, 1)}{c.reports:>8,}  {c.percent:5.1f}%   goal ≥{c.goal:.0f}%  {mark}")
    return "\n".join(lines)
