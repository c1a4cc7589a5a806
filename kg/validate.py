"""Check a graph against ontology/shapes.ttl: the API behind ``kg validate``.

The shapes are checked on the store itself (kg.shacl: each predicate read once, seconds on
the corpus) when they use only what that checker implements; otherwise by pySHACL, as
follows. The SHACL-SPARQL constraints run as oxigraph queries either way.

pySHACL works on rdflib graphs and slows down sharply as they grow, so a big graph is
validated report by report: every node belongs to the report it is derived from
(``prov:wasDerivedFrom``) or mentioned in (``ckg:mentionedIn``, the first such report); the
report, its observations, stages and entities are validated together (the shapes' targets
become ``sh:targetNode`` for them), with just enough context for the shapes to see (the
types of the nodes they point to, and the reports of the stages a project points to). Nodes
of no report (the region hierarchy, the indicator scheme, orphans) are validated last, in
chunks. Small groups are batched so pySHACL's per-call cost is paid a few times, not once per
report. The SHACL-SPARQL constraints, which join several nodes, run once as oxigraph queries
over the whole graph. Named graphs (TriG, N-Quads) are read as their union: a report's facts
are found by derivation, wherever they are filed, so a Turtle file and its TriG twin give the
same result.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg import data_path
from kg.query.plan import for_oxigraph
from kg.shacl import check, compile_shapes
from kg.store import open_graph
from kg.vocab import CKG, PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
RDF_TYPE = str(RDF.type)
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
SKOLEM = "urn:county-kg:bnode:"  # blank nodes get IRIs so pySHACL can take them as focus nodes
# Prefixes for showing paths and values short.
SHORT = {ns: f"{p}:" for p, ns in PREFIXES.items() if p != "org"}
CHUNK_TRIPLES = 40_000  # triples per pySHACL call: big enough to amortise its set-up


@dataclass(frozen=True)
class Violation:
    """One SHACL result, readable: the node, its label, the path, the shapes' message."""

    focus: str
    label: str
    path: str
    message: str
    severity: str = "Violation"  # Violation | Warning | Info
    value: str = ""
    component: str = ""          # the SHACL constraint component: MinCount, Datatype, SPARQL …


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)  # severity Violation
    warnings: list[Violation] = field(default_factory=list)    # Warning and Info
    triples: int = 0
    focus_nodes: int = 0
    calls: int = 0  # pySHACL calls made


def short(term: str) -> str:
    for long_, prefix in SHORT.items():
        if term.startswith(long_):
            return prefix + term[len(long_):]
    return term


# ---------------------------------------------------------------- pyoxigraph -> rdflib

def _to_rdflib(term: object):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return URIRef(SKOLEM + term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def _node_key(term: object) -> str:
    return SKOLEM + term.value if isinstance(term, ox.BlankNode) else term.value


class _Triples:
    """Triple lookups over the union of a store's graphs, each triple once."""

    def __init__(self, store: ox.Store):
        self.store = store

    def about(self, node, predicate=None) -> set[tuple]:
        return {(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(node, predicate, None, None)}

    def query(self, text: str) -> Iterator[list]:
        result = self.store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        for sol in result:
            yield [sol[n] for n in names]


# ---------------------------------------------------------------- grouping by report

def report_groups(store: ox.Store) -> tuple[dict[str, list], list]:
    """Report IRI -> the nodes that belong to it (the report first); and the nodes of none."""
    t = _Triples(store)
    reports = sorted(r.value for r, in t.query(f"SELECT ?r WHERE {{ ?r a <{CKG.Report}> }}"))
    is_report = set(reports)
    owner: dict[str, str] = {}
    members: dict[str, list] = {r: [ox.NamedNode(r)] for r in reports}
    for r in reports:
        owner[r] = r
    rows = t.query(f"""SELECT ?n ?r WHERE {{ {{ ?n <{PROV_DERIVED}> ?r }} UNION
                                            {{ ?n <{CKG.mentionedIn}> ?r }} }}""")
    for n, r in sorted(rows, key=lambda row: (_node_key(row[0]), row[1].value)):
        key = _node_key(n)
        if r.value in is_report and key not in owner:
            owner[key] = r.value
            members[r.value].append(n)
    rest = []
    seen = set(owner)
    for s, in t.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }"):
        if isinstance(s, ox.Triple):  # RDF-star statements about statements: no shapes
            continue
        key = _node_key(s)
        if key not in seen:
            seen.add(key)
            rest.append(s)
    return members, rest


def _group_graph(t: _Triples, nodes: Iterable) -> set[tuple]:
    """The nodes' own triples, plus what their shapes look at one step further."""
    triples: set[tuple] = set()
    for n in nodes:
        triples |= t.about(n)
    objects = {o for _, _, o in triples if isinstance(o, (ox.NamedNode, ox.BlankNode))}
    derived_from = set()
    for o in objects:
        triples |= t.about(o, ox.NamedNode(RDF_TYPE))
        for q in t.about(o, ox.NamedNode(PROV_DERIVED)):  # stages: "one stage per report"
            triples.add(q)
            derived_from.add(q[2])
    for r in derived_from - objects:
        triples |= t.about(r, ox.NamedNode(RDF_TYPE))
    return triples


def _chunks(groups: list[list], t: _Triples, size: int = CHUNK_TRIPLES) -> Iterator[tuple[list, set[tuple]]]:
    """Batches of groups: (focus nodes, triples), each of about ``size`` triples."""
    focus: list = []
    triples: set[tuple] = set()
    for nodes in groups:
        focus += nodes
        triples |= _group_graph(t, nodes)
        if len(triples) >= size:
            yield focus, triples
            focus, triples = [], set()
    if focus:
        yield focus, triples


# ---------------------------------------------------------------- validation

def _load_rdflib(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint, run once over the whole graph instead of per node."""

    target_class: str
    select: str
    message: str
    severity: str
    path: str


def split_shapes(shapes: Graph) -> tuple[Graph, dict[URIRef, set[str]], list[SparqlCheck]]:
    """The shapes without their targets and sh:sparql constraints; shape -> target classes;
    and the sh:sparql constraints as checks."""
    core = Graph()
    for t in shapes:
        core.add(t)
    targets: dict[URIRef, set[str]] = defaultdict(set)
    for shape, cls in list(shapes.subject_objects(SH.targetClass)):
        core.remove((shape, SH.targetClass, cls))
        targets[shape].add(str(cls))
    checks = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        prefixes = []
        for decl_source in shapes.objects(constraint, SH.prefixes):
            for decl in shapes.objects(decl_source, SH.declare):
                prefixes.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
        severity = shapes.value(constraint, SH.severity) or SH.Violation
        path = shapes.value(shape, SH.path)
        # a property shape's constraint targets the node shapes that hold the property
        holders = list(shapes.subjects(SH.property, shape)) if path is not None else [shape]
        for holder in holders:
            for cls in shapes.objects(holder, SH.targetClass):
                checks.append(SparqlCheck(
                    target_class=str(cls),
                    select="\n".join(prefixes) + "\n" + str(shapes.value(constraint, SH.select)),
                    message=str(shapes.value(constraint, SH.message) or "SPARQL constraint"),
                    severity=str(severity).split("#")[-1],
                    path=short(str(path)) if path is not None else ""))
    return core, targets, checks


def run_sparql_checks(store: ox.Store, checks: list[SparqlCheck]) -> Iterator[Violation]:
    """Each check's SELECT once over the union graph, kept where $this is of its class."""
    t = _Triples(store)
    for check in checks:
        targets = {_node_key(n) for n, in t.query(f"SELECT ?n WHERE {{ ?n a <{check.target_class}> }}")}
        # in the shape oxigraph plans well (kg.query.plan): same rows
        result = store.query(for_oxigraph(check.select), use_default_graph_as_union=True)
        has_value = "value" in [v.value for v in result.variables]
        for row in result:
            this = row["this"]
            if this is None or _node_key(this) not in targets:
                continue
            value = row["value"] if has_value else None
            yield Violation(focus=_show(_node_key(this)), label=_store_label(store, this),
                            path=check.path, message=check.message, severity=check.severity,
                            value=_show_term(value), component="SPARQL")


def _store_label(store: ox.Store, node) -> str:
    for p in LABELS:
        for q in store.quads_for_pattern(node, ox.NamedNode(p), None, None):
            return q.object.value
    return ""


def _subclasses(ontology: Graph) -> dict[str, set[str]]:
    """Class -> itself and every class below it (rdfs:subClassOf*), as sh:targetClass means."""
    below: dict[str, set[str]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        below[str(sup)].add(str(sub))

    def closure(c: str) -> set[str]:
        out, todo = {c}, [c]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in out:
                    out.add(sub)
                    todo.append(sub)
        return out

    return defaultdict(set, {c: closure(c) for c in list(below)})


def _target_nodes(targets: dict[URIRef, set[str]], subclasses: dict[str, set[str]],
                  focus: list, triples: set[tuple]) -> list[tuple[str, str]]:
    """(shape, node) pairs: the chunk's own nodes that each shape targets by class."""
    types: dict[str, set[str]] = defaultdict(set)
    wanted = {_node_key(n) for n in focus}
    for s, p, o in triples:
        if p.value == RDF_TYPE and _node_key(s) in wanted:
            types[_node_key(s)].add(o.value)
    pairs = []
    for shape, classes in targets.items():
        accepted = set().union(*(subclasses.get(c) or {c} for c in classes))
        pairs += [(str(shape), node) for node, its_types in types.items() if its_types & accepted]
    return pairs


class _Shapes:
    """The shapes split for batch validation, and the ontology; one per process."""

    def __init__(self, shapes: Path, ontology: Path):
        self.core, self.targets, self.sparql_checks = split_shapes(_load_rdflib(shapes))
        self.ontology = _load_rdflib(ontology)
        self.subclasses = _subclasses(self.ontology)

    def check(self, triples: list[tuple], target_nodes: list[tuple[str, str]]) -> list[Violation]:
        """pySHACL on one chunk. The shapes get sh:targetNode for the chunk's own nodes only:
        context nodes (a region an observation points to) are there for sh:class, not to be
        validated again. (pySHACL's focus_nodes option does this quadratically, and skips
        nested shapes.) Targeted shapes must be IRIs, the same in every process."""
        data = Graph()
        for t in triples:
            data.add(t)
        shapes = Graph()
        shapes += self.core
        for shape, node in target_nodes:
            shapes.add((URIRef(shape), SH.targetNode, URIRef(node)))
        # inplace: the data graph is ours, so pySHACL may mix the ontology in without a copy
        _conforms, report, _text = shacl_validate(
            data, shacl_graph=shapes, ont_graph=self.ontology, inference="none", inplace=True,
            allow_warnings=True, allow_infos=True)
        return list(_violations(report, data))


_WORKER_SHAPES: _Shapes | None = None


def _start_worker(shapes: Path, ontology: Path) -> None:
    global _WORKER_SHAPES
    _WORKER_SHAPES = _Shapes(shapes, ontology)


def _check_in_worker(triples: list[tuple], target_nodes: list[tuple[str, str]]) -> list[Violation]:
    return _WORKER_SHAPES.check(triples, target_nodes)


def validate(graph: str | os.PathLike[str] | ox.Store,
             shapes: str | os.PathLike[str] | None = None,
             ontology: str | os.PathLike[str] | None = None,
             chunk_triples: int = CHUNK_TRIPLES, jobs: int = 1, engine: str = "auto") -> ValidationResult:
    """Validate a graph file, a store directory or an open store against the shapes.

    ``engine``: "store" checks the shapes on the store directly (kg.shacl: seconds on the
    corpus), "pyshacl" runs pySHACL report by report; "auto" takes the store checker when
    it implements everything the shapes use. For pySHACL, ``chunk_triples`` bounds the
    triples handed to one call (whole reports at a time) and ``jobs`` > 1 runs it in that
    many processes."""
    store = graph if isinstance(graph, ox.Store) else open_graph(graph)
    shapes_path = Path(shapes) if shapes else data_path("ontology", "shapes.ttl")
    ontology_path = Path(ontology) if ontology else data_path("ontology", "ckg.ttl")
    local = _Shapes(shapes_path, ontology_path)
    result = ValidationResult(conforms=True)
    seen: set[tuple] = set()

    def keep(found: Iterable[Violation]) -> None:
        for v in found:
            key = (v.focus, v.path, v.message, v.value)
            if key not in seen:
                seen.add(key)
                (result.violations if v.severity == "Violation" else result.warnings).append(v)

    compiled = compile_shapes(_load_rdflib(shapes_path)) if engine in ("auto", "store") else None
    if engine == "store" and compiled is None:
        raise ValueError(f"{shapes_path}: uses SHACL features the store checker does not implement")
    if compiled is not None:
        findings, result.focus_nodes, result.triples = check(store, compiled, local.ontology)
        keep(Violation(focus=_show_term(f.focus), label=_store_label(store, f.focus),
                       path=short(f.path) if f.path else "", message=f.message, severity=f.severity,
                       value=_show_term(f.value), component=f.component) for f in findings)
    else:
        _pyshacl_chunks(store, local, shapes_path, ontology_path, chunk_triples, jobs, result, keep)
    keep(run_sparql_checks(store, local.sparql_checks))
    result.conforms = not result.violations
    result.violations.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    result.warnings.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    return result


def _pyshacl_chunks(store, local: _Shapes, shapes_path: Path, ontology_path: Path,
                    chunk_triples: int, jobs: int, result: ValidationResult, keep) -> None:
    """pySHACL over the graph report by report (see the module docstring)."""
    t = _Triples(store)
    members, rest = report_groups(store)
    groups = list(members.values()) + [rest[i:i + 2000] for i in range(0, len(rest), 2000)]

    def batches() -> Iterator[tuple[list[tuple], list[tuple[str, str]]]]:
        for focus, triples in _chunks(groups, t, chunk_triples):
            result.triples += len(triples)
            result.focus_nodes += len(focus)
            result.calls += 1
            yield ([(_to_rdflib(s), _to_rdflib(p), _to_rdflib(o)) for s, p, o in triples],
                   _target_nodes(local.targets, local.subclasses, focus, triples))

    if jobs <= 1:
        for triples, target_nodes in batches():
            keep(local.check(triples, target_nodes))
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker,
                             initargs=(shapes_path, ontology_path)) as pool:
        pending: set[Future] = set()
        for triples, target_nodes in batches():
            pending.add(pool.submit(_check_in_worker, triples, target_nodes))
            if len(pending) >= 2 * jobs:  # bound the chunks held in memory
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    keep(f.result())
        for f in pending:
            keep(f.result())


def _violations(report: Graph, data: Graph) -> Iterator[Violation]:
    # top-level results only: a nested shape's findings (sh:detail) are summed up by its parent
    for r in report.objects(None, SH.result):
        focus = report.value(r, SH.focusNode)
        path = report.value(r, SH.resultPath)
        message = report.value(r, SH.resultMessage)
        severity = report.value(r, SH.resultSeverity)
        value = report.value(r, SH.value)
        component = report.value(r, SH.sourceConstraintComponent)
        yield Violation(
            focus=_show(focus),
            label=_label(data, focus),
            path=short(str(path)) if isinstance(path, URIRef) else ("(path)" if path is not None else ""),
            message=str(message) if message is not None else short(str(component)),
            severity=short(str(severity)).split("#")[-1].replace("sh:", "") if severity else "Violation",
            value=_show(value) if value is not None else "",
            component=str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
        )


def _show_term(term) -> str:
    """An ox term as a finding shows it: a node short, a literal by its text."""
    if term is None:
        return ""
    return term.value if isinstance(term, ox.Literal) else _show(_node_key(term))


def _show(term) -> str:
    s = str(term)
    return "_:" + s[len(SKOLEM):] if s.startswith(SKOLEM) else short(s)


def _label(data: Graph, node) -> str:
    for p in LABELS:
        for o in data.objects(node, URIRef(p)):
            return str(o)
    return ""


def format_result(result: ValidationResult, limit: int = 20) -> str:
    """``conforms`` or a table of at most ``limit`` violations, then the counts."""
    if result.conforms and not result.warnings:
        return "conforms"
    lines = ["conforms" if result.conforms else f"{len(result.violations)} violation(s)"]
    shown = result.violations[:limit]
    if len(shown) < limit:
        shown += result.warnings[:limit - len(shown)]
    if shown:
        rows = [("severity", "node", "path", "message")]
        rows += [(v.severity, f"{v.label} ({v.focus})" if v.label else v.focus, v.path,
                  v.message + (f" [value: {v.value}]" if v.value else "")) for v in shown]
        widths = [min(60, max(len(r[i]) for r in rows)) for i in range(3)]
        for r in rows:
            lines.append("  ".join(c.ljust(w)[:max(w, len(c))] for c, w in zip(r[:3], widths)) + "  " + r[3])
    hidden = len(result.violations) + len(result.warnings) - len(shown)
    if hidden > 0:
        lines.append(f"… and {hidden} more")
    if result.warnings:
        lines.append(f"{len(result.warnings)} warning(s)")
    return "\n".join(lines)
