"""Reads for the views: nodes of chosen classes, relations among them, labels and details.

Every read covers the union of the named graphs (the shared graph and one per report) and
asks only about the nodes a view draws: a corpus store holds millions of triples, a view a
few thousand. So a view first picks its nodes (from a region, a year, a focus: index
lookups from given terms), then reads each picked node's own triples once
(``quads_for_pattern`` from the subject) for its labels, fields, edges and filter facts.
No read here walks a whole predicate into Python (``--type Indicator``'s folded
observation counts and the overview's folded counts are aggregated in the store)."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox

from kg.viz.terms import (CKG, DCT, FIELDS, NODE_STYLES, PROV, RDFS, RELATIONS, SKOS, class_name, compact,
                          individual_name)

PREFIXES = {"ckg": CKG, "rdfs": RDFS, "skos": SKOS, "prov": PROV, "dcterms": DCT}
_CHUNK = 400  # IRIs per VALUES block: keeps each query small and fast
_BIG_CHUNK = 2000  # for the one-pattern lookups of a view about to be folded (tens of thousands of nodes)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREF, _LABEL, _PART_OF = SKOS + "prefLabel", RDFS + "label", CKG + "partOf"
_EVIDENCE = CKG + "evidence"
_REPORT_LINKS = (CKG + "mentionedIn", PROV + "wasDerivedFrom")
_YEARS = (CKG + "year", CKG + "reviewYear", CKG + "planYear")
_REPORT_NAME = (RDF_TYPE, CKG + "reportType", CKG + "planYear", CKG + "reviewYear", CKG + "region", DCT + "title",
                DCT + "source")


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _lexical(term: str) -> str:
    """The value of an N-Triples term: a literal's lexical form unescaped, an IRI's text."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] != '"':
        return term[2:] if term.startswith("_:") else term  # a number or boolean written bare; a blank node
    body = term[1:term.rindex('"')]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                       else _ESCAPED.get(m.group(3), m.group(3)), body)


def _node_value(term: str) -> str:
    """An IRI's or blank node's value from its N-Triples form (what ``.value`` gives)."""
    return term[1:-1] if term[0] == "<" else term[2:]


def _year(lexical: str) -> int | None:
    try:
        return int(lexical[:4])
    except ValueError:
        return None


def iri_values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def chunks(items: Iterable[str], n: int = _CHUNK) -> Iterator[list[str]]:
    buf: list[str] = []
    for it in items:
        buf.append(it)
        if len(buf) == n:
            yield buf
            buf = []
    if buf:
        yield buf


def by_rel_add(by_rel: dict[str, list], s: str, pairs: Iterable[tuple[str, str]], iris: set[str]) -> None:
    for p, o in pairs:
        if p in by_rel and o in iris and o != s:
            by_rel[p].append((s, p, o))


def text(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


class GraphReader:
    """Read-only questions a view asks of one pyoxigraph store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._report_labels: dict[str, str | None] = {}
        self._out: dict[str, frozenset[tuple[str, str, bool]]] = {}
        self._linked: dict[tuple, set[str]] = {}
        self._parent: dict[str, str | None] = {}
        self._regions_named: dict[str, list[str]] = {}
        self._reports: set[str] | None = None
        self._sorted_reports: list[str] = []  # what a digest's report links count in (seed_report_labels)
        self._homes: dict[str, str] = {}
        self._regions: dict[str, set[str]] = {}
        self._sizes: dict[str, int] = {}
        self._classes_of: dict[str, set[str]] = {}
        self._typed_within: dict[str, frozenset[str]] = {}
        self._homed: set[str] = set()
        # IRI -> (class, home, name, observation label) from the store's summary, when it has one
        self.node_table: Callable[[list[str]], dict[str, tuple]] | None = None
        # from the summary too: IRI → digest of its triples (kg.viz.summary._digests), region →
        # [observation count, first rows], regions by name; and the evidence a digest counted
        self.digests: Callable[[list[str]], dict[str, dict]] | None = None
        self.region_rows: Callable[[list[str]], dict[str, list]] | None = None
        self.region_names: Callable[[str], list[str]] | None = None
        self.report_members: Callable[[list[str]], dict[str, dict[str, list[str]]]] | None = None
        self.evidence_total: dict[str, int] = {}

    def _table(self, iris: Iterable[str]) -> dict[str, tuple]:
        return self.node_table(list(iris)) if self.node_table is not None else {}

    def select(self, query: str) -> ox.QuerySolutions:
        return self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)

    def select_tsv(self, query: str) -> Iterator[list[str]]:
        """The rows of a SELECT as lists of N-Triples terms (``<iri>``, ``"literal"``…),
        serialized by the store: for queries whose IRIs are all Python needs."""
        out = self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        if not hasattr(out, "serialize"):  # a store wrapped to count what it gives (the tests)
            for row in out:
                yield [str(term) for term in row]
            return
        text = out.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
        for line in text.split("\n")[1:]:
            if line:
                yield line.split("\t")

    def quads(self, s: str | None, p: str | None, o: str | None) -> Iterator[ox.Quad]:
        """Quads of one pattern (IRIs given as strings) in every graph, as the queries'
        union default graph sees them (a Turtle file loads into the default graph)."""
        for q in self.store.quads_for_pattern(None if s is None else ox.NamedNode(s),
                                              None if p is None else ox.NamedNode(p),
                                              None if o is None else ox.NamedNode(o), None):
            yield q

    def out(self, iris: Iterable[str]) -> dict[str, frozenset[tuple[str, str, bool]]]:
        """IRI → its own triples as (predicate, object value, object is an IRI), each once
        however many report graphs state it: one index lookup per node, read once per view."""
        iris = [i for i in iris if i not in self._out]
        if self.digests is not None and iris:
            # a node named in hundreds of reports: its digest in the summary, not its triples
            found = self.digests(iris)
            if found:
                reports = self._sorted_reports
                for i, d in found.items():
                    self._out[i] = frozenset(
                        [(p, o, is_iri) for p, o, is_iri in d["t"]]
                        + [(_EVIDENCE, o, False) for o in d["ev"]]
                        + [(p, reports[o] if isinstance(o, int) else o, True) for p, objects in d["l"].items()
                           for o in objects])
                    self.evidence_total[i] = d["evN"]
        for i in iris:
            if i not in self._out:
                self._out[i] = frozenset((q.predicate.value, q.object.value, isinstance(q.object, ox.NamedNode))
                                         for q in self.quads(i, None, None))
        return self._out

    def values(self, iri: str, predicate: str) -> list[tuple[str, bool]]:
        """(object value, is an IRI) of one subject and predicate: from the node's triples if
        they were read, else one lookup (a province's own triples run to thousands)."""
        if iri in self._out:
            return [(o, is_iri) for p, o, is_iri in self._out[iri] if p == predicate]
        return list({(q.object.value, isinstance(q.object, ox.NamedNode)) for q in self.quads(iri, predicate, None)})

    # --- nodes -------------------------------------------------------------------------
    def nodes_of(self, types: Iterable[str]) -> dict[str, str]:
        """IRI → class name for every resource of the given classes (first class wins)."""
        order = list(NODE_STYLES)
        wanted = sorted(set(types), key=order.index)
        out: dict[str, str] = {}
        for t in wanted:
            for row in self.select(f"SELECT DISTINCT ?s WHERE {{ ?s a ckg:{t} }}"):
                out.setdefault(row["s"].value, t)
        return out

    def classify(self, iris: Iterable[str]) -> dict[str, str]:
        """IRI → class name (``Other`` when none of ours) for arbitrary resources."""
        order = list(NODE_STYLES)
        iris = list(iris)
        known = self._table(iris)
        out: dict[str, str] = {i: row[0] for i, row in known.items()}
        for chunk in chunks(i for i in iris if i not in known):
            for row in self.select(f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {iri_values(chunk)} }} ?s a ?t }}"):
                name = class_name(row["t"].value)
                prev = out.get(row["s"].value)
                if prev is None or prev == "Other" or (name != "Other" and order.index(name) < order.index(prev)):
                    out[row["s"].value] = name
            for i in chunk:
                out.setdefault(i, "Other")
        return out

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """A human label per IRI: skos:prefLabel, rdfs:label, a report's short name."""
        iris = all_iris = list(iris)
        known = self._table(iris)
        out: dict[str, str] = {i: row[2] for i, row in known.items() if row[2] is not None}
        iris = [i for i in iris if i not in known]
        unread = [i for i in iris if i not in self._out]
        if len(unread) > 200:  # many: one query a few hundred, not two lookups each
            for chunk in chunks(unread):
                q = f"""SELECT ?s ?l ?p WHERE {{ VALUES ?s {{ {iri_values(chunk)} }}
                        {{ ?s skos:prefLabel ?l BIND(skos:prefLabel AS ?p) }} UNION {{ ?s rdfs:label ?l }} }}"""
                for row in sorted((row["p"] is None, row["l"].value, row["s"].value) for row in self.select(q)):
                    out.setdefault(row[2], row[1])
            iris = [i for i in iris if i in self._out]
        for i in iris:
            # prefLabel beats rdfs:label; among several, the smallest
            names = self.values(i, _PREF) or self.values(i, _LABEL)
            if names:
                out[i] = min(o for o, _ in names)
        out.update(self.report_labels(all_iris))
        return out

    def seed_report_labels(self, labels: dict[str, str | None]) -> None:
        """Every report's short name (None: no name), known beforehand (the store's summary)."""
        self._reports = set(labels)
        self._sorted_reports = sorted(labels)
        self._report_labels.update(labels)

    def report_iris(self) -> list[str]:
        return sorted({row["r"].value for row in self.select("SELECT DISTINCT ?r WHERE { ?r a ckg:Report }")
                       if isinstance(row["r"], ox.NamedNode)})

    def report_labels(self, iris: Iterable[str]) -> dict[str, str]:
        """Short names for those of ``iris`` that are reports: ``曲沃县 2023年计划报告``;
        the full title goes to details."""
        if self._reports is None:
            self._reports = set(self.report_iris())
        iris = [r for r in iris if r in self._reports]
        todo = sorted({r for r in iris if r not in self._report_labels})
        if todo:
            # only the report's own few triples a name needs, whatever else a node holds
            facts: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
            for chunk in chunks(todo):
                q = f"""SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {iri_values(chunk)} }} ?s ?p ?o
                        FILTER(?p IN ({", ".join(f"<{p}>" for p in _REPORT_NAME)})) }}"""
                for row in self.select(q):
                    facts[row["s"].value].append((row["p"].value, row["o"].value, isinstance(row["o"], ox.NamedNode)))
            for r in todo:
                self._report_labels[r] = self._report_label(r, facts.get(r, []))
        return {r: self._report_labels[r] for r in iris if self._report_labels[r] is not None}

    def _report_label(self, r: str, t: list[tuple[str, str, bool]]) -> str | None:
        if (RDF_TYPE, CKG + "Report", True) not in t:
            return None

        def first(pred: str) -> str | None:
            values = [o for p, o, _ in t if p == pred]
            return min(values) if values else None

        kind = {"PlanReport": "计划报告", "WorkReport": "工作报告"}.get(
            (first(CKG + "reportType") or "").rsplit("#", 1)[-1], "报告")
        year = first(CKG + "planYear") or first(CKG + "reviewYear")
        regions = sorted(o for p, o, is_iri in t if p == CKG + "region" and is_iri)
        names = [o for reg in regions for o, _ in self.values(reg, _LABEL)]
        region = min(names) if names else None
        title = first(DCT + "title")
        if region and year:
            return f"{region} {year}年{kind}"
        if title:
            return title if len(title) <= 24 else title[:23] + "…"
        return first(DCT + "source") or r.rsplit("/", 1)[-1]

    # --- choosing nodes ----------------------------------------------------------------
    def classes(self, iris: Iterable[str], wanted: Iterable[str]) -> dict[str, str]:
        """IRI → the first of the ``wanted`` class names it has (NODE_STYLES order); IRIs
        of none of them are left out. One rdf:type lookup per IRI."""
        order = list(NODE_STYLES)
        wanted = set(wanted)
        by_iri = {CKG + t: t for t in wanted}
        found: dict[str, list[str]] = defaultdict(list)
        iris = list(iris)
        for i in iris:  # typed already by linked(), within these classes
            if wanted <= self._typed_within.get(i, frozenset()):
                found[i] = [t for t in self._classes_of[i] if t in wanted]
        iris = [i for i in iris if i not in found]
        if len(iris) > 200:  # many: one query a few hundred IRIs, only the typed ones come back
            types = ", ".join(f"<{t}>" for t in by_iri)
            for chunk in chunks(iris):
                q = f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {iri_values(chunk)} }} ?s a ?t FILTER(?t IN ({types})) }}"
                for row in self.select(q):
                    found[row["s"].value].append(by_iri[row["t"].value])
        else:
            for i in iris:
                found[i] = [by_iri[q.object.value] for q in self.quads(i, RDF_TYPE, None) if q.object.value in by_iri]
        return {i: min(ts, key=order.index) for i, ts in found.items() if ts}

    def linked(self, predicates: Iterable[str], objects: Iterable[str], wanted: Iterable[str] = ()) -> set[str]:
        """IRIs that point at one of ``objects`` with one of ``predicates`` and, if
        ``wanted`` names classes, have one of them. The join runs in the store: the many
        subjects of other classes (a report's observations) never come to Python."""
        key = (tuple(predicates), frozenset(objects), tuple(sorted(wanted)))
        if key not in self._linked:
            names = [t for t in key[2] if t in NODE_STYLES and t not in ("Aggregate", "Other")]
            types = ", ".join(f"ckg:{t}" for t in names)
            # a FILTER on ?t, not a VALUES join: that one is planned as a scan of every typed node
            typed = f"?s a ?t FILTER(?t IN ({types}))" if types else "BIND(0 AS ?t)"
            found: set[str] = set()
            within = frozenset(names)
            for p in key[0]:  # one predicate a query: a VALUES block of predicates is planned as a scan
                if names and self._from_typed_side(p, key[1], names):
                    for t in names:
                        q = f"SELECT DISTINCT ?s ?o WHERE {{ ?s a ckg:{t} . ?s <{p}> ?o }}"
                        for s, o in self.select(q):
                            if isinstance(s, ox.NamedNode) and o.value in key[1]:
                                found.add(s.value)
                                self._classes_of.setdefault(s.value, set()).add(t)
                                self._typed_within[s.value] = self._typed_within.get(s.value, frozenset()) | within
                    continue
                for chunk in chunks(sorted(key[1])):
                    q = f"""SELECT DISTINCT ?s ?t WHERE {{ VALUES ?o {{ {iri_values(chunk)} }} ?s <{p}> ?o . {typed} }}"""
                    for s, t in self.select(q):
                        if isinstance(s, ox.NamedNode):
                            found.add(s.value)
                            if types:  # remembered: classes() need not ask again
                                self._classes_of.setdefault(s.value, set()).add(t.value[len(CKG):])
                                self._typed_within[s.value] = self._typed_within.get(s.value, frozenset()) | within
            self._linked[key] = found
        return self._linked[key]

    def _from_typed_side(self, p: str, objects: frozenset[str], names: list[str]) -> bool:
        """Whether ``linked`` had better walk the nodes of the wanted classes (and their
        ``p``) than what points at ``objects``: for the report links of many reports (a
        year's 260: 80,000 links, 6.6 s on the corpus store) when the classes are small
        (--type Region,Indicator: 10,500 nodes, 0.8 s)."""
        if p not in _REPORT_LINKS or len(objects) < 20:
            return False
        # the links into a few of them (counted in the store), for all of them; the classes
        # counted until they outweigh that (a count of a whole predicate costs 0.15 s)
        sample = sorted(objects)[:8]
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?o {{ {iri_values(sample)} }} ?s <{p}> ?o }}"
        links = int(next(iter(self.select(q)))["n"].value) * len(objects) / len(sample)
        total = 0
        for t in sorted(names, key=list(NODE_STYLES).index):
            total += self.class_size(t)
            if 2 * total >= links:
                return False
        return True

    def class_size(self, name: str) -> int:
        """How many resources the store types with class ``name`` (counted in the store)."""
        key = "class:" + name
        if key not in self._sizes:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a ckg:{name} }}"
            self._sizes[key] = int(next(iter(self.select(q)))["n"].value)
        return self._sizes[key]

    def regions_of(self, iris: Iterable[str]) -> set[str]:
        """The regions (ckg:region) of ``iris``, together."""
        out: set[str] = set()
        for regions in self.region_sets(iris).values():
            out |= regions
        return out

    def region_sets(self, iris: Iterable[str]) -> dict[str, set[str]]:
        """IRI → its regions (ckg:region), read once per view: the filters, the homes and
        the edges of a folded view all ask."""
        iris = list(iris)
        todo = sorted({i for i in iris if i not in self._regions})
        if len(todo) > 200:  # many: a query per few thousand
            for i in todo:
                self._regions[i] = set()
            for chunk in chunks(todo, _BIG_CHUNK):
                q = f"SELECT ?s ?r WHERE {{ VALUES ?s {{ {iri_values(chunk)} }} ?s ckg:region ?r FILTER(isIRI(?r)) }}"
                # as TSV, split here: a term object per cell costs three times as much (a
                # 2-hop focus filtered by year asks for the regions of 20,000 nodes)
                for s, r in self.select_tsv(q):
                    self._regions[s[1:-1]].add(r[1:-1])
        else:
            for i in todo:
                self._regions[i] = {o for o, is_iri in self.values(i, CKG + "region") if is_iri}
        return {i: self._regions[i] for i in iris}

    def parent(self, region: str) -> str | None:
        """A region's ckg:partOf (the smallest, should there be several)."""
        if region not in self._parent:
            ups = sorted(o for o, is_iri in self.values(region, _PART_OF) if is_iri)
            typed = bool(ups) and (CKG + "Region", True) in self.values(region, RDF_TYPE)
            self._parent[region] = ups[0] if typed else None
        return self._parent[region]

    def descendants(self, regions: set[str]) -> set[str]:
        """``regions`` and every region below them (ckg:partOf, followed down)."""
        out = set(regions)
        frontier = set(regions)
        while frontier:
            below = {c for c in self.linked((_PART_OF,), frontier) if c not in out and self.parent(c) in out}
            out |= below
            frontier = below
        return out

    def ancestors(self, regions: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for r in regions:
            seen = {r}
            up = self.parent(r)
            while up is not None and up not in seen:
                seen.add(up)
                out.add(up)
                up = self.parent(up)
        return out

    def reports_in(self, regions: set[str]) -> set[str]:
        """Reports whose ckg:region is one of ``regions``."""
        return self.linked((CKG + "region",), regions, ("Report",))

    def reports_of_years(self, years: set[int]) -> set[str]:
        """Reports whose review, plan or ckg:year is one of ``years``."""
        q = """SELECT ?r ?y WHERE { ?r a ckg:Report . { ?r ckg:year ?y } UNION { ?r ckg:reviewYear ?y }
               UNION { ?r ckg:planYear ?y } }"""
        return {row["r"].value for row in self.select(q) if _year(row["y"].value) in years}

    def dated(self, years: set[int], wanted_types: Iterable[str] = ()) -> set[str]:
        """Resources whose ckg:year, reviewYear or planYear is one of ``years`` (filtered in
        the store: only the matches come to Python) and, if ``wanted_types`` names classes,
        that have one of them (a year's 30,000 observations stay in the store)."""
        wanted = " ".join(str(ox.Literal(f"{y:04d}")) for y in sorted(years))
        names = [t for t in wanted_types if t in NODE_STYLES and t not in ("Aggregate", "Other")]
        typed = (f"FILTER EXISTS {{ ?s a ?t FILTER(?t IN ({', '.join(f'ckg:{t}' for t in names)})) }}"
                 if names else "")
        q = f"""SELECT DISTINCT ?s WHERE {{ {{ ?s ckg:year ?y }} UNION {{ ?s ckg:reviewYear ?y }} UNION {{ ?s ckg:planYear ?y }}
                FILTER(SUBSTR(STR(?y), 1, 4) IN ({", ".join(wanted.split(" "))})) {typed} }}"""
        return {row["s"].value for row in self.select(q) if isinstance(row["s"], ox.NamedNode)}

    # --- relations ---------------------------------------------------------------------
    def edges_among(self, iris: set[str], provenance_from: set[str] | None = None) -> list[tuple[str, str, str]]:
        """(subject, relation IRI, object) for the drawn relations between ``iris``.
        ``provenance_from``: only these subjects' mentionedIn / wasDerivedFrom edges are
        wanted (a view about to be folded drops the rest: see kg.viz.aggregate)."""
        by_rel: dict[str, list[tuple[str, str, str]]] = {p: [] for p in RELATIONS}
        if provenance_from is None:  # a small view: its nodes' triples are read for details anyway
            for s, triples in self.out(iris).items():
                if s in iris:
                    by_rel_add(by_rel, s, ((p, o) for p, o, is_iri in triples if is_iri), iris)
        else:
            everyone, staying = sorted(iris), provenance_from & iris
            for p in RELATIONS:  # one predicate a query: a lookup per node, not a scan of its triples
                edges = by_rel[p]
                if p in _REPORT_LINKS:
                    # from the object's side: a folded view keeps few reports, if any, while a
                    # province that stays is mentioned in thousands
                    for chunk in chunks(sorted(staying), _BIG_CHUNK):
                        q = f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {iri_values(chunk)} }} ?s <{p}> ?o }}"
                        edges.extend((s.value, p, o.value) for s, o in self.select(q)
                                     if s.value in staying and s.value != o.value)
                    continue
                if p == CKG + "region":  # read for the filters and homes already
                    edges.extend((s, p, o) for s, regions in self.region_sets(everyone).items()
                                 for o in regions if o in iris and o != s)
                    continue
                if self.size_of(p) < len(everyone):
                    # fewer such triples in the whole store than nodes to look up (ckg:enterprise
                    # in a view of 70,000 nodes): reading them all is the smaller read
                    queries = [f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o FILTER(isIRI(?o)) }}"]
                else:
                    queries = [f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {iri_values(chunk)} }} ?s <{p}> ?o FILTER(isIRI(?o)) }}"
                               for chunk in chunks(everyone, _BIG_CHUNK)]
                for q in queries:
                    for s, o in self.select(q):
                        s, o = s.value, o.value
                        if o in iris and s in iris and o != s:
                            edges.append((s, p, o))
        return [e for p in RELATIONS for e in sorted(set(by_rel[p]))]

    def size_of(self, predicate: str) -> int:
        """How many triples of ``predicate`` the store holds (counted in the store)."""
        if predicate not in self._sizes:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o }}"
            self._sizes[predicate] = int(next(iter(self.select(q)))["n"].value)
        return self._sizes[predicate]

    def neighbours(self, iris: list[str]) -> list[tuple[str, str, str]]:
        """Every drawn relation touching ``iris``, in either direction. What links to a
        report (its entities, observations and stages) comes from the store's summary when
        it lists them."""
        members = self.report_members(iris) if self.report_members is not None else {}
        out = []
        for chunk in chunks(iris):
            for listed in (False, True):
                part = [i for i in chunk if (i in members) is listed]
                if part:
                    out.extend(self._neighbours(part, _REPORT_LINKS if listed else ()))
        for r in iris:
            for p, subjects in members.get(r, {}).items():
                out.extend((s, p, r) for s in subjects)
        return out

    def _neighbours(self, iris: list[str], not_into: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """Drawn relations touching ``iris``, but for those of ``not_into`` pointing at them."""
        vals = iri_values(iris)
        if not not_into:
            preds = iri_values(RELATIONS)
            queries = [f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }}
                {{ VALUES ?s {{ {vals} }} ?s ?p ?o . FILTER(isIRI(?o)) }}
                UNION {{ VALUES ?o {{ {vals} }} ?s ?p ?o }} }}"""]
        else:  # one relation a query: a VALUES block of relations in a group is planned as a scan
            preds = ", ".join(f"<{p}>" for p in RELATIONS)
            queries = [f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {vals} }} ?s ?p ?o .
                           FILTER(isIRI(?o) && ?p IN ({preds})) }}"""]
            queries += [f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?o {{ {vals} }} ?s <{p}> ?o BIND(<{p}> AS ?p) }}"
                        for p in RELATIONS if p not in not_into]
        out = []
        for q in queries:
            result = self.select(q)
            if not hasattr(result, "serialize"):  # a store wrapped to count what it reads (tests)
                out.extend((row["s"].value, row["p"].value, row["o"].value) for row in result)
                continue
            # serialized by the store and split here: a 2-hop neighbourhood is 100,000 rows
            text = result.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
            for line in text.split("\n")[1:]:
                if line:
                    s, p, o = line.split("\t")
                    out.append((_node_value(s), p[1:-1], _node_value(o)))
        return out

    def regions_named(self, name: str) -> list[str]:
        """Regions whose label is ``name`` (or whose key is, for ``--region 141021``)."""
        if name not in self._regions_named and self.region_names is not None and "/" not in name:
            self._regions_named[name] = self.region_names(name)
        if name not in self._regions_named:
            q = """SELECT DISTINCT ?r WHERE { ?r a ckg:Region . OPTIONAL { ?r rdfs:label ?l }
                   FILTER(STR(?l) = $name || STRENDS(STR(?r), CONCAT("/", $name))) }"""
            self._regions_named[name] = [row["r"].value for row in self.select(q.replace("$name", str(ox.Literal(name))))]
        return self._regions_named[name]

    def find(self, name: str) -> list[str]:
        """Resources a user means by ``name``: an IRI, an exact label or alias, else a label
        that contains it (shortest first)."""
        if name.startswith(("http://", "https://")):
            return [name]
        lit = str(ox.Literal(name))  # N-Triples form: quotes and escapes, safe inside a query
        exact = """SELECT DISTINCT ?s WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
                   ?s ?p ?l . FILTER(STR(?l) = $name) }"""
        named = self._labels_equal_to(name)
        if named is not None:  # the store's label index gives the literals: looked up, not scanned for
            exact = f"""SELECT DISTINCT ?s WHERE {{ VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel }}
                       VALUES ?l {{ {" ".join(named)} }} ?s ?p ?l }}""" if named else ""
        hits = [r["s"].value for r in self.select(exact.replace("$name", lit))] if exact else []
        if not hits:
            hits = [i for i, lab in self.report_labels(self.report_iris()).items() if lab == name]
        if hits:
            return hits
        part = """SELECT ?s (MIN(STRLEN(STR(?l))) AS ?n) WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
                  ?s ?p ?l . FILTER(CONTAINS(STR(?l), $name)) } GROUP BY ?s ORDER BY ?n LIMIT 20"""
        return [r["s"].value for r in self.select(part.replace("$name", lit))]

    def _labels_equal_to(self, name: str) -> list[str] | None:
        """The label literals (N-Triples syntax) whose text is ``name``, from the store's label
        index (kg.store.label_index); None without one."""
        from kg.store import label_index

        index = label_index(self.store)
        found = index.containing(name) if index is not None else None
        if found is None:
            return None
        return [t for t in found if _lexical(t) == name]

    # --- facts used by filters ---------------------------------------------------------
    def attached(self, iris: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[int]]]:
        """For each IRI: its regions (ckg:region), its reports (mentionedIn / wasDerivedFrom)
        and the years it speaks of (ckg:year, reviewYear, planYear)."""
        regions: dict[str, set[str]] = defaultdict(set)
        reports: dict[str, set[str]] = defaultdict(set)
        years: dict[str, set[int]] = defaultdict(set)
        iris = list(iris)
        triples = self.out(iris)
        for i in iris:
            for p, o, is_iri in triples[i]:
                if p == CKG + "region" and is_iri:
                    regions[i].add(o)
                elif p in _REPORT_LINKS and is_iri:
                    reports[i].add(o)
                elif p in _YEARS and not is_iri:
                    y = _year(o)
                    if y is not None:
                        years[i].add(y)
        return regions, reports, years

    def homes(self, iris: Iterable[str]) -> dict[str, str]:
        """IRI → the region it is filed under when folded: the smallest of its own
        ckg:region, else the smallest region of its reports (mentionedIn / wasDerivedFrom).
        The smallest is chosen in the store: a policy named in a thousand reports sends one row."""
        out = self._homes
        iris = sorted(set(iris) - self._homed)
        self._homed.update(iris)
        known = self._table(iris)
        out.update((i, row[1]) for i, row in known.items() if row[1] is not None)
        iris = [i for i in iris if i not in known]
        out.update((i, min(regions)) for i, regions in self.region_sets(iris).items() if regions)
        rest = [i for i in iris if i not in out]
        for p in _REPORT_LINKS:
            for chunk in chunks(rest, _BIG_CHUNK):
                q = f"""SELECT ?s (MIN(STR(?r)) AS ?h) WHERE {{ VALUES ?s {{ {iri_values(chunk)} }}
                        ?s <{p}> ?rep . ?rep ckg:region ?r FILTER(isIRI(?r)) }} GROUP BY ?s"""
                for row in self.select(q):
                    s, h = row["s"].value, row["h"]
                    if h is not None and (s not in out or h.value < out[s]):
                        out[s] = h.value
        return out

    # --- details for the nodes on the page ---------------------------------------------
    def fields(self, iris: list[str]) -> dict[str, list[tuple[str, str]]]:
        """IRI → [(field IRI, display text)] for the properties in terms.FIELDS."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        triples = self.out(iris)
        rows = [(s, p, o, is_iri) for s in iris for p, o, is_iri in triples[s] if p in FIELDS]
        names = self.labels(sorted({o for _, _, o, is_iri in rows if is_iri}))
        for s, p, o, is_iri in sorted(rows):
            shown = (individual_name(o) or names.get(o) or compact(o)) if is_iri else o
            out[s].append((p, shown))
        return out

    def observations_of_regions(self, regions: list[str] | None) -> dict[str, list[dict]]:
        """Region → its observations, folded into the region's details (newest year first);
        every region's when ``regions`` is None."""
        out: dict[str, list[dict]] = defaultdict(list)
        # one block of regions: each query scans the observations (see below)
        for chunk in chunks(regions, 10 * _BIG_CHUNK) if regions is not None else [None]:
            # observations first (a scan in the store), then joined to the regions: from the
            # regions' side, ckg:region fans out to every entity of a province as well
            values = f"VALUES ?r {{ {iri_values(chunk)} }}" if chunk is not None else ""
            q = f"""SELECT ?r ?ind ?y ?k ?v ?u ?g ?rank ?ev ?rep WHERE {{ {values}
                {{ SELECT ?o ?r WHERE {{ ?o a ckg:Observation ; ckg:region ?r }} }}
                ?o ckg:indicator ?i ; ckg:year ?y ; ckg:kind ?k .
                OPTIONAL {{ ?i skos:prefLabel ?ind }} OPTIONAL {{ ?o ckg:value ?v }} OPTIONAL {{ ?o ckg:unit ?u }}
                OPTIONAL {{ ?o ckg:growthRate ?g }} OPTIONAL {{ ?o ckg:rank ?rank }}
                OPTIONAL {{ ?o ckg:evidence ?ev }} OPTIONAL {{ ?o prov:wasDerivedFrom ?rep }} }}"""
            seen: set[tuple] = set()
            for row in self.select(q):
                key = (row["r"].value, text(row["ind"]), text(row["y"]), text(row["k"]), text(row["v"]), text(row["g"]))
                if key in seen:
                    continue
                seen.add(key)
                out[row["r"].value].append({
                    "indicator": text(row["ind"]) or "?",
                    "year": (text(row["y"]) or "")[:4],
                    "kind": "目标" if (text(row["k"]) or "").endswith("Target") else "实际",
                    "value": text(row["v"]), "unit": text(row["u"]) or "",
                    "growth": text(row["g"]), "rank": text(row["rank"]),
                    "evidence": text(row["ev"]), "report": text(row["rep"]),
                })
        for obs in out.values():
            obs.sort(key=lambda o: (-int(o["year"] or 0), o["indicator"], o["kind"], str(o["value"]),
                                    str(o["growth"]), o["report"] or "", o["evidence"] or ""))
        return out

    def stages_of_projects(self, projects: list[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for chunk in chunks(projects):
            q = f"""SELECT ?p ?y ?st ?ev ?rep WHERE {{ VALUES ?p {{ {iri_values(chunk)} }} ?p ckg:stage ?s .
                OPTIONAL {{ ?s ckg:year ?y }} OPTIONAL {{ ?s ckg:status ?st }} OPTIONAL {{ ?s ckg:evidence ?ev }}
                OPTIONAL {{ ?s prov:wasDerivedFrom ?rep }} }}"""
            for row in self.select(q):
                stage = {"year": (text(row["y"]) or "")[:4], "status": text(row["st"]),
                         "evidence": text(row["ev"]), "report": text(row["rep"])}
                if stage not in out[row["p"].value]:  # the same stage may sit in several graphs
                    out[row["p"].value].append(stage)
        for stages in out.values():
            stages.sort(key=lambda s: tuple(s[k] or "" for k in ("year", "status", "report", "evidence")))
        return out

    def indicator_regions(self, indicators: set[str], regions: set[str]) -> list[tuple[str, str, int]]:
        """(region, indicator, observation count): the edge an indicator gets when its
        observations are folded away."""
        q = """SELECT ?r ?i (COUNT(?o) AS ?n) WHERE { ?o a ckg:Observation ; ckg:region ?r ; ckg:indicator ?i }
               GROUP BY ?r ?i"""
        return [(row["r"].value, row["i"].value, int(row["n"].value)) for row in self.select(q)
                if row["r"].value in regions and row["i"].value in indicators]
