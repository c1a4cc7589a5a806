"""The SHACL Core constraints ontology/shapes.ttl uses, checked directly on the store.

pySHACL builds an rdflib graph and evaluates each constraint node by node in Python: minutes
on the corpus. The shapes here are simple (class targets, property shapes with a plain
predicate path, counts, datatypes, node kinds, value lists, classes, unique languages, and
``sh:or`` / ``sh:node`` over those), so each predicate is read from the store once, as a
scan, and every shape that looks at it is checked on the values of its target nodes.

``compile_shapes`` returns None when a shapes graph uses anything else (another target,
a path expression, another constraint component); kg.validate then runs pySHACL instead.
Findings are those pySHACL reports (tests/test_validate.py compares the two on the seeds,
the gold graph and graphs with planted violations): the same focus node, path, value,
severity and constraint component; the message is the shape's ``sh:message``, or, where the
shape has none, a short one of ours (pySHACL's generic messages spell nodes its own way).
"""
from __future__ import annotations

import functools
import logging
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = str(RDF.type)
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Shape terms that say nothing to check (documentation, grouping, the shape's own type).
_IGNORED = {SH + p for p in ("name", "description", "order", "group", "defaultValue")} | {
    RDF_TYPE, str(RDFS.comment), str(RDFS.label), str(RDFS.seeAlso)}
_VALUE_COMPONENTS = {"datatype", "nodeKind", "in", "class", "or", "node"}
_PROPERTY_COMPONENTS = _VALUE_COMPONENTS | {"minCount", "maxCount", "uniqueLang"}

@functools.lru_cache(maxsize=100_000)
def _well_formed(lexical: str, datatype: str) -> bool:
    """Whether rdflib reads the literal as its datatype: an ill-typed literal fails
    sh:datatype in pySHACL, and rdflib's reading is what decides there."""
    logger = logging.getLogger("rdflib.term")   # it logs each literal it cannot read
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return not Literal(lexical, datatype=URIRef(datatype)).ill_typed
    finally:
        logger.setLevel(level)


@dataclass
class Shape:
    node: object                               # the shape's rdflib node
    path: str | None = None                    # a property shape's predicate
    checks: list[tuple[str, object]] = field(default_factory=list)   # (component, parameter)
    properties: list["Shape"] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)                  # target classes
    message: str | None = None
    severity: str = "Violation"


@dataclass(frozen=True)
class Finding:
    focus: object             # an ox term
    path: str | None
    value: object | None      # an ox term, or None
    component: str            # e.g. "MinCount"
    message: str
    severity: str


class _Unsupported(Exception):
    pass


def compile_shapes(shapes: Graph) -> list[Shape] | None:
    """The node shapes with class targets, ready to check; None when the graph uses a
    feature this checker does not implement (sh:sparql is run elsewhere: kg.validate)."""
    try:
        cache: dict = {}
        targeted = sorted(set(shapes.subjects(URIRef(SH + "targetClass"), None)), key=str)
        for kind in ("targetNode", "targetSubjectsOf", "targetObjectsOf", "target"):
            if next(shapes.subjects(URIRef(SH + kind), None), None) is not None:
                raise _Unsupported(kind)
        return [_shape(shapes, s, cache, top=True) for s in targeted]
    except _Unsupported:
        return None


def _literal_text(shapes: Graph, node, p: str) -> str | None:
    v = shapes.value(node, URIRef(SH + p))
    return None if v is None else str(v)


def _shape(shapes: Graph, node, cache: dict, top: bool = False) -> Shape:
    if node in cache:
        return cache[node]
    sh = cache[node] = Shape(node)
    if shapes.value(node, URIRef(SH + "deactivated")) is not None:
        raise _Unsupported("deactivated")
    for p, o in shapes.predicate_objects(node):
        p = str(p)
        if p in _IGNORED:
            continue
        if not p.startswith(SH):
            continue   # annotations in other vocabularies
        name = p[len(SH):]
        if name == "targetClass":
            sh.targets.add(str(o))
        elif name == "path":
            if not isinstance(o, URIRef):
                raise _Unsupported("path expression")
            sh.path = str(o)
        elif name == "message":
            sh.message = str(o)
        elif name == "severity":
            sh.severity = str(o).rsplit("#", 1)[-1]
        elif name in ("sparql", "prefixes", "declare"):
            continue   # SHACL-SPARQL: run as queries by kg.validate
        elif name == "property":
            sh.properties.append(_shape(shapes, o, cache))
        elif name in ("minCount", "maxCount"):
            sh.checks.append((name, int(o)))
        elif name == "uniqueLang":
            if str(o).lower() == "true":
                sh.checks.append((name, True))
        elif name in ("datatype", "nodeKind", "class"):
            sh.checks.append((name, str(o)))
        elif name == "in":
            sh.checks.append((name, {_ox_term(x) for x in Collection(shapes, o)}))
        elif name == "or":
            sh.checks.append((name, [_shape(shapes, x, cache) for x in Collection(shapes, o)]))
        elif name == "node":
            sh.checks.append((name, _shape(shapes, o, cache)))
        else:
            raise _Unsupported(name)
    allowed = _PROPERTY_COMPONENTS if sh.path else _VALUE_COMPONENTS
    if any(c not in allowed for c, _ in sh.checks):
        raise _Unsupported("component")
    return sh


def _ox_term(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        raise _Unsupported("blank node in sh:in")
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD + "string")))


# ---------------------------------------------------------------- the data


class Data:
    """What the checks read from a store: every node's types (with the ontology's class
    hierarchy), and each predicate's values per subject, read once as a scan."""

    def __init__(self, store: ox.Store, ontology: Graph):
        self.store = store
        self.quads_read = 0
        self.types: dict = defaultdict(set)
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
            if isinstance(q.object, ox.NamedNode):
                self.types[q.subject].add(q.object.value)
            self.quads_read += 1
        below: dict[str, set[str]] = defaultdict(set)
        for graph in (ontology,):
            for sub, sup in graph.subject_objects(RDFS.subClassOf):
                below[str(sup)].add(str(sub))
        for sub, sup in self._pairs(str(RDFS.subClassOf)):
            below[sup].add(sub)
        for s, o in ontology.subject_objects(RDF.type):   # the ontology's individuals
            if isinstance(s, URIRef):
                self.types[ox.NamedNode(str(s))].add(str(o))
        self._below = below
        self._closure: dict[str, set[str]] = {}

    def _pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                yield q.subject.value, q.object.value

    def subclasses(self, cls: str) -> set[str]:
        """The class and every class below it (rdfs:subClassOf*)."""
        if cls not in self._closure:
            out, todo = {cls}, [cls]
            while todo:
                for sub in self._below.get(todo.pop(), ()):
                    if sub not in out:
                        out.add(sub)
                        todo.append(sub)
            self._closure[cls] = out
        return self._closure[cls]

    def members(self, classes: set[str]) -> list:
        accepted = set().union(*(self.subclasses(c) for c in classes)) if classes else set()
        return [n for n, ts in self.types.items() if ts & accepted]

    def is_a(self, node, cls: str) -> bool:
        return bool(self.types.get(node, set()) & self.subclasses(cls))

    def values(self, predicate: str, subjects: set) -> dict:
        """Subject → its distinct values of ``predicate``, for the given subjects."""
        out: dict = defaultdict(list)
        seen = set()
        for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            self.quads_read += 1
            if q.subject in subjects:
                key = (q.subject, q.object)
                if key not in seen:   # a triple in several graphs counts once
                    seen.add(key)
                    out[q.subject].append(q.object)
        return out


# ---------------------------------------------------------------- checking


def _node_kind_ok(value, kind: str) -> bool:
    kind = kind.rsplit("#", 1)[-1]
    is_iri, is_blank = isinstance(value, ox.NamedNode), isinstance(value, ox.BlankNode)
    is_literal = isinstance(value, ox.Literal)
    return {"IRI": is_iri, "BlankNode": is_blank, "Literal": is_literal,
            "BlankNodeOrIRI": is_iri or is_blank, "BlankNodeOrLiteral": is_blank or is_literal,
            "IRIOrLiteral": is_iri or is_literal}.get(kind, False)


def _datatype_ok(value, datatype: str) -> bool:
    if not isinstance(value, ox.Literal):
        return False
    if value.language:
        return datatype == LANG_STRING
    return value.datatype.value == datatype and _well_formed(value.value, datatype)


def _value_ok(data: Data, shape: Shape, value) -> bool:
    """Whether a node conforms to a shape (an sh:node shape, an sh:or member: one with a
    path is a property shape on the node)."""
    if shape.path is not None:
        return not _property_findings(data, shape, [value], {value: _values_of(data, value, shape.path)})
    for component, param in shape.checks:
        if not _check_value(data, component, param, value):
            return False
    for prop in shape.properties:
        if _property_findings(data, prop, [value], {value: _values_of(data, value, prop.path)}):
            return False
    return True


def _values_of(data: Data, node, path: str) -> list:
    return list(dict.fromkeys(q.object for q in data.store.quads_for_pattern(node, ox.NamedNode(path), None, None)))


def _check_value(data: Data, component: str, param, value) -> bool:
    if component == "datatype":
        return _datatype_ok(value, param)
    if component == "nodeKind":
        return _node_kind_ok(value, param)
    if component == "in":
        return value in param
    if component == "class":
        return not isinstance(value, ox.Literal) and data.is_a(value, param)
    if component == "or":
        return any(_value_ok(data, member, value) for member in param)
    if component == "node":
        return _value_ok(data, param, value)
    raise AssertionError(component)


_GENERIC = {
    "datatype": "value is not a literal of datatype {p}",
    "nodeKind": "value is not of node kind {p}",
    "in": "value is not in the list of allowed values",
    "class": "value is not of class {p}",
    "or": "value conforms to none of the alternatives (sh:or)",
    "node": "value does not conform to shape {p}",
}
_COMPONENT = {"datatype": "Datatype", "nodeKind": "NodeKind", "in": "In", "class": "Class", "or": "Or",
              "node": "Node", "minCount": "MinCount", "maxCount": "MaxCount", "uniqueLang": "UniqueLang"}


def _short(iri: str) -> str:
    from kg.validate import short

    return short(iri)


def _property_findings(data: Data, shape: Shape, focus_nodes, values: dict) -> list[Finding]:
    out = []
    for focus in focus_nodes:
        vals = values.get(focus, [])
        for component, param in shape.checks:
            name = _COMPONENT[component]
            if component == "minCount" and len(vals) < param:
                out.append(Finding(focus, shape.path, None, name, shape.message
                                   or f"fewer than {param} value(s)", shape.severity))
            elif component == "maxCount" and len(vals) > param:
                out.append(Finding(focus, shape.path, None, name, shape.message
                                   or f"more than {param} value(s)", shape.severity))
            elif component == "uniqueLang":
                langs: dict[str, int] = defaultdict(int)
                for v in vals:
                    if isinstance(v, ox.Literal) and v.language:
                        langs[v.language.lower()] += 1
                for lang in sorted(lang for lang, n in langs.items() if n > 1):
                    out.append(Finding(focus, shape.path, None, name, shape.message
                                       or f"more than one value in language {lang}", shape.severity))
            elif component in _VALUE_COMPONENTS:
                for v in vals:
                    if not _check_value(data, component, param, v):
                        p = _short(param) if isinstance(param, str) else (
                            _short(str(param.node)) if isinstance(param, Shape) else "")
                        out.append(Finding(focus, shape.path, v, name, shape.message
                                           or _GENERIC[component].format(p=p), shape.severity))
    return out


def check(store: ox.Store, shapes: list[Shape], ontology: Graph) -> tuple[list[Finding], int, int]:
    """Every finding of ``shapes`` on ``store``; and the focus nodes and quads read."""
    data = Data(store, ontology)
    findings: list[Finding] = []
    targets = {id(s): data.members(s.targets) for s in shapes}
    focus_total = len({n for nodes in targets.values() for n in nodes})
    # node-level constraints (sh:or of property shapes on the observation itself)
    for s in shapes:
        for component, param in s.checks:
            for focus in targets[id(s)]:
                if not _check_value(data, component, param, focus):
                    findings.append(Finding(focus, None, focus, _COMPONENT[component], s.message
                                            or _GENERIC[component].format(p=""), s.severity))
    # property shapes, grouped by predicate: each predicate scanned once
    by_path: dict[str, list[tuple[Shape, list]]] = defaultdict(list)
    for s in shapes:
        for prop in s.properties:
            by_path[prop.path].append((prop, targets[id(s)]))
    for path in sorted(by_path):
        subjects = {n for _, nodes in by_path[path] for n in nodes}
        values = data.values(path, subjects)
        for prop, nodes in by_path[path]:
            findings += _property_findings(data, prop, nodes, values)
        del values
    return findings, focus_total, data.quads_read
