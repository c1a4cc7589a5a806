"""The SHACL Core constraints ontology/shapes.ttl uses, checked directly on the store.

pySHACL builds an rdflib graph and evaluates each constraint node by node in Python: minutes
on the corpus. The shapes here are simple: class targets, property shapes with a plain
predicate path, counts, datatypes, node kinds, value lists, classes, unique languages, and
``sh:or`` / ``sh:node`` over those.

Each property shape is first narrowed by a query on the store to the focus nodes that may
break it (see "narrowing by query" below); the exact checks then run on those in Python.
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
    """What the checks read from a store: the class hierarchy (ontology and data), a node's
    types and a node's values of a predicate, each looked up when asked for."""

    def __init__(self, store: ox.Store, ontology: Graph):
        self.store = store
        self.quads_read = 0
        below: dict[str, set[str]] = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            below[str(sup)].add(str(sub))
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)), None, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                below[q.object.value].add(q.subject.value)
        self._ontology_types: dict = defaultdict(set)   # the ontology's individuals
        for s_, o in ontology.subject_objects(RDF.type):
            if isinstance(s_, URIRef):
                self._ontology_types[ox.NamedNode(str(s_))].add(str(o))
        self._below = below
        self._closure: dict[str, set[str]] = {}
        self._types: dict = {}

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

    def types(self, node) -> set[str]:
        if node not in self._types:
            found = set(self._ontology_types.get(node, ()))
            for q in self.store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None, None):
                self.quads_read += 1
                if isinstance(q.object, ox.NamedNode):
                    found.add(q.object.value)
            self._types[node] = found
        return self._types[node]

    def is_a(self, node, cls: str) -> bool:
        return bool(self.types(node) & self.subclasses(cls))

    def values(self, node, predicate: str) -> list:
        """The node's distinct values of ``predicate`` (a triple in several graphs once)."""
        out = []
        for q in self.store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
            self.quads_read += 1
            out.append(q.object)
        return list(dict.fromkeys(out))

    def select(self, query: str) -> list:
        return [row[0] for row in self.store.query(query, use_default_graph_as_union=True)]


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
        return not _property_findings(data, shape, [value], {value: data.values(value, shape.path)})
    for component, param in shape.checks:
        if not _check_value(data, component, param, value):
            return False
    for prop in shape.properties:
        if _property_findings(data, prop, [value], {value: _values_of(data, value, prop.path)}):
            return False
    return True


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


# ---- narrowing by query: each shape's possible violators, found by the store itself --------
#
# Reading every value into Python takes minutes on the corpus (each string is decoded). A
# query per property shape finds the focus nodes that may break it (its conditions are
# necessary for conforming, so every violator is among them, maybe with a few that do
# conform), reading the values as scans joined by hash inside the store; the exact checks
# above then run on those nodes only.


def _iri(x: str) -> str:
    return f"<{x}>"


def _targets(data: Data, classes: set[str]) -> str:
    members = sorted(set().union(*(data.subclasses(c) for c in classes)))
    return ("{ SELECT DISTINCT ?this WHERE { VALUES ?c { " + " ".join(map(_iri, members))
            + " } ?this a ?c } }")


def _scan(path: str, var: str = "?v") -> str:
    return f"{{ SELECT ?this {var} WHERE {{ ?this {_iri(path)} {var} }} }}"


_NUMERIC_CASTS = {XSD + t for t in ("integer", "decimal", "double", "float", "boolean", "date")}


def _may_conform(data: Data, component: str, param, var: str = "?v") -> str | None:
    """A SPARQL condition every conforming value meets (None: none cheaper than checking)."""
    if component == "datatype":
        if param == LANG_STRING:
            return f'(isLiteral({var}) && LANG({var}) != "")'
        cond = f"(isLiteral({var}) && DATATYPE({var}) = {_iri(param)})"
        if param in _NUMERIC_CASTS:   # an ill-formed literal: the cast fails
            cond = f"({cond} && COALESCE(isLiteral({_iri(param)}(STR({var}))), false))"
        return cond
    if component == "nodeKind":
        kind = param.rsplit("#", 1)[-1]
        tests = {"IRI": f"isIRI({var})", "BlankNode": f"isBlank({var})", "Literal": f"isLiteral({var})"}
        parts = [tests[k] for k in tests if k in kind]
        return "(" + " || ".join(parts) + ")" if parts else None
    if component == "in":
        return "(" + " || ".join(f"sameTerm({var}, {t})" for t in sorted(map(str, param))) + ")" if param else "false"
    if component == "or":
        parts = [_shape_condition(data, m, var) for m in param]
        return None if any(p is None for p in parts) else "(" + " || ".join(parts) + ")"
    if component == "node":
        return _shape_condition(data, param, var)
    return None   # sh:class: checked by a join of its own


def _shape_condition(data: Data, shape: Shape, var: str) -> str | None:
    """A condition every node conforming to ``shape`` meets, or None."""
    if shape.path is not None:
        counts = [p for c, p in shape.checks if c == "minCount"]
        if shape.checks and all(c == "minCount" for c, _ in shape.checks) and counts and min(counts) >= 1:
            return f"EXISTS {{ {var} {_iri(shape.path)} ?any }}"
        return None
    parts = []
    for component, param in shape.checks:
        cond = _may_conform(data, component, param, var)
        if cond is None:
            return None
        parts.append(cond)
    return "(" + " && ".join(parts) + ")" if parts else None


def _suspects(data: Data, shape: Shape, targets: str) -> set:
    """Focus nodes that may break the property shape ``shape``."""
    p = shape.path
    out: set = set()
    value_conds = []
    counts = [f"COUNT(DISTINCT ?v) {'<' if c == 'minCount' else '>'} {n}"
              for c, n in shape.checks if c in ("minCount", "maxCount")]
    if counts:   # both bounds in one pass
        out.update(data.select(f"SELECT ?this WHERE {{ {targets} OPTIONAL {_scan(p)} }} "
                               f"GROUP BY ?this HAVING ({' || '.join(counts)})"))
    for component, param in shape.checks:
        if component in ("minCount", "maxCount"):
            continue
        elif component == "uniqueLang":
            out.update(data.select(f'SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this ?l (COUNT(DISTINCT ?v) AS ?n) '
                                   f'WHERE {{ {targets} {_scan(p)} FILTER(LANG(?v) != "") BIND(LCASE(LANG(?v)) AS ?l) }} '
                                   f'GROUP BY ?this ?l }} FILTER(?n > 1) }}'))
        elif component == "class":
            members = sorted(data.subclasses(param))
            out.update(data.select(
                f"SELECT DISTINCT ?this WHERE {{ {targets} {_scan(p)} OPTIONAL {{ SELECT DISTINCT ?v ?ok WHERE "
                f"{{ VALUES ?k {{ {' '.join(map(_iri, members))} }} ?v a ?k BIND(true AS ?ok) }} }} "
                f"FILTER(!BOUND(?ok)) }}"))
        else:
            cond = _may_conform(data, component, param)
            value_conds.append(cond if cond is not None else "false")
    if value_conds:
        out.update(data.select(f"SELECT DISTINCT ?this WHERE {{ {targets} {_scan(p)} "
                               f"FILTER(!({' && '.join(value_conds)})) }}"))
    return out


def check(store: ox.Store, shapes: list[Shape], ontology: Graph) -> tuple[list[Finding], int, int]:
    """Every finding of ``shapes`` on ``store``; and the focus nodes and quads read."""
    data = Data(store, ontology)
    findings: list[Finding] = []
    every = set().union(*(s.targets for s in shapes)) if shapes else set()
    focus_total = int(data.select(f"SELECT (COUNT(*) AS ?n) WHERE {_targets(data, every)}")[0].value) if every else 0
    for s in shapes:
        targets = _targets(data, s.targets)
        # node-level constraints (the observation's sh:or of property shapes)
        for component, param in s.checks:
            cond = _may_conform(data, component, param, "?this")
            suspects = data.select(f"SELECT ?this WHERE {{ {targets} "
                                   + (f"FILTER(!({cond}))" if cond else "") + " }")
            for focus in suspects:
                if not _check_value(data, component, param, focus):
                    findings.append(Finding(focus, None, focus, _COMPONENT[component], s.message
                                            or _GENERIC[component].format(p=""), s.severity))
        for prop in s.properties:
            suspects = sorted(_suspects(data, prop, targets), key=str)
            findings += _property_findings(data, prop, suspects,
                                           {f: data.values(f, prop.path) for f in suspects})
    return findings, focus_total, data.quads_read
