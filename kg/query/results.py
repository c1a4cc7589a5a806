"""Query results as one plain table, whichever engine answered.

The embedded store (pyoxigraph terms) and remote endpoints (SPARQL 1.1 JSON results) are
converted to the same ``Table`` of ``Term`` cells, so the local store and a server give
comparable rows and the formatters know one shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Term:
    """An RDF term as the SPARQL JSON results format describes it."""

    kind: str                 # "uri" | "literal" | "bnode" | "triple"
    value: str
    datatype: str | None = None   # None for plain strings and language-tagged literals
    lang: str | None = None

    def to_json(self) -> dict:
        d: dict = {"type": self.kind, "value": self.value}
        if self.lang:
            d["xml:lang"] = self.lang
        elif self.datatype:
            d["datatype"] = self.datatype
        return d

    def to_python(self):
        """A value for pandas/JSON users: numbers as numbers, everything else as text."""
        if self.kind == "literal" and self.datatype:
            t = self.datatype[len(XSD):] if self.datatype.startswith(XSD) else ""
            try:
                if t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
                    return int(self.value)
                if t in ("decimal", "double", "float"):
                    return float(self.value)
                if t == "boolean":
                    return self.value in ("true", "1")
            except ValueError:
                pass
        return self.value


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None   # the answer of an ASK query

    def values(self) -> list[tuple]:
        """Rows as plain Python values (None for unbound), handy in tests and notebooks."""
        return [tuple(c.to_python() if c is not None else None for c in r) for r in self.rows]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, r)) for r in self.values()]

    def to_sparql_json(self) -> dict:
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        return {
            "head": {"vars": list(self.columns)},
            "results": {"bindings": [
                {c: t.to_json() for c, t in zip(self.columns, r) if t is not None} for r in self.rows
            ]},
        }


def term_from_ox(t) -> Term | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Term("literal", t.value, lang=t.language)
        dt = t.datatype.value
        return Term("literal", t.value, datatype=None if dt == XSD + "string" else dt)
    return Term("triple", str(t))  # RDF-star quoted triple: rare, shown as written


def term_from_json(d: dict | None) -> Term | None:
    if d is None:
        return None
    kind = d["type"]
    if kind == "typed-literal":  # the SPARQL XML-era spelling some servers still send
        kind = "literal"
    dt = d.get("datatype")
    if dt in (XSD + "string", RDF_LANG_STRING):
        dt = None
    return Term(kind, d["value"], datatype=dt, lang=d.get("xml:lang"))


def table_from_ox(result) -> Table:
    """Convert a pyoxigraph query result (solutions, boolean or triples)."""
    if isinstance(result, ox.QueryBoolean):
        return Table(["ask"], [(Term("literal", str(bool(result)).lower(), XSD + "boolean"),)], bool(result))
    if isinstance(result, ox.QuerySolutions):
        cols = [v.value for v in result.variables]
        # a listing repeats its values (kinds, years, names): each distinct term converted once
        seen: dict = {}

        def term(t) -> Term | None:
            if t is None:
                return None
            out = seen.get(t)
            if out is None:
                out = seen[t] = term_from_ox(t)
            return out

        return Table(cols, [tuple([term(v) for v in s]) for s in result])
    # QueryTriples from CONSTRUCT / DESCRIBE
    return Table(["subject", "predicate", "object"],
                 [(term_from_ox(t.subject), term_from_ox(t.predicate), term_from_ox(t.object)) for t in result])


def table_from_json(doc: dict) -> Table:
    """Convert a SPARQL 1.1 Query Results JSON document."""
    if "boolean" in doc:
        b = bool(doc["boolean"])
        return Table(["ask"], [(Term("literal", str(b).lower(), XSD + "boolean"),)], b)
    cols = list(doc.get("head", {}).get("vars", []))
    rows = [tuple(term_from_json(b.get(c)) for c in cols) for b in doc["results"]["bindings"]]
    return Table(cols, rows)
