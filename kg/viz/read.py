"""SPARQL reads for the views: nodes of chosen classes, relations among them, labels and
details. Every query reads the union of the named graphs (one per report), and asks only
for what a view needs: a corpus graph holds millions of triples, a view a few thousand."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.viz.terms import (CKG, DCT, FIELDS, NODE_STYLES, PROV, RDFS, RELATIONS, SKOS, class_name, compact,
                          individual_name)

PREFIXES = {"ckg": CKG, "rdfs": RDFS, "skos": SKOS, "prov": PROV, "dcterms": DCT}
_CHUNK = 400  # IRIs per VALUES block: keeps each query small and fast


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


def text(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


class GraphReader:
    """Read-only questions a view asks of one pyoxigraph store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._report_labels: dict[str, str] | None = None
        self._triples: dict[str, set[tuple[str, str | None]]] = {}

    def select(self, query: str) -> ox.QuerySolutions:
        return self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)

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
        out: dict[str, str] = {}
        for chunk in chunks(iris):
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
        iris = list(iris)
        out: dict[str, str] = {}
        reports = self.report_labels()
        if len(iris) > 2000:  # many: two index scans beat hundreds of VALUES queries
            wanted = set(iris)
            for p in (SKOS + "prefLabel", RDFS + "label"):
                for s, lab in sorted(self.literals(p)):
                    if s in wanted:
                        out.setdefault(s, lab)
            iris = []
        for chunk in chunks(iris):
            q = f"""SELECT ?s ?l ?p WHERE {{ VALUES ?s {{ {iri_values(chunk)} }}
                    {{ ?s skos:prefLabel ?l BIND(skos:prefLabel AS ?p) }} UNION {{ ?s rdfs:label ?l }} }}"""
            # prefLabel beats rdfs:label; among several, the smallest (query order is not stable)
            rows = sorted((row["p"] is None, row["l"].value, row["s"].value) for row in self.select(q))
            for _, lab, s in rows:
                out.setdefault(s, lab)
        for i in iris:
            if i in reports:
                out[i] = reports[i]
        return out

    def report_labels(self) -> dict[str, str]:
        """Short names for reports: ``曲沃县 2023年 计划报告``; the full title goes to details."""
        if self._report_labels is None:
            q = """SELECT ?r ?region ?plan ?review ?type ?title ?src WHERE { ?r a ckg:Report .
                OPTIONAL { ?r ckg:region/rdfs:label ?region } OPTIONAL { ?r ckg:planYear ?plan }
                OPTIONAL { ?r ckg:reviewYear ?review } OPTIONAL { ?r ckg:reportType ?type }
                OPTIONAL { ?r dcterms:title ?title } OPTIONAL { ?r dcterms:source ?src } }"""
            labels: dict[str, str] = {}
            for row in self.select(q):
                r = row["r"].value
                if r in labels:
                    continue
                kind = {"PlanReport": "计划报告", "WorkReport": "工作报告"}.get(
                    (text(row["type"]) or "").rsplit("#", 1)[-1], "报告")
                year = text(row["plan"]) or text(row["review"])
                region = text(row["region"])
                if region and year:
                    labels[r] = f"{region} {year}年{kind}"
                elif text(row["title"]):
                    t = text(row["title"]) or ""
                    labels[r] = t if len(t) <= 24 else t[:23] + "…"
                else:
                    labels[r] = text(row["src"]) or r.rsplit("/", 1)[-1]
            self._report_labels = labels
        return self._report_labels

    # --- relations ---------------------------------------------------------------------
    def triples(self, predicate: str) -> set[tuple[str, str]]:
        """(subject, object) IRI pairs of one predicate across all graphs, each pair once.
        A direct index scan: far faster than a SPARQL join with VALUES over predicates."""
        if predicate not in self._triples:  # a view asks for the same relation several times
            pairs = set()
            for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                if isinstance(q.subject, ox.NamedNode):
                    pairs.add((q.subject.value, q.object.value if isinstance(q.object, ox.NamedNode) else None))
            self._triples[predicate] = pairs
        return self._triples[predicate]

    def literals(self, predicate: str) -> set[tuple[str, str]]:
        return {(q.subject.value, q.object.value)
                for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)}

    def edges_among(self, iris: set[str]) -> list[tuple[str, str, str]]:
        """(subject, relation IRI, object) for the drawn relations between ``iris``."""
        out = []
        for p in RELATIONS:
            out.extend(sorted((s, p, o) for s, o in self.triples(p) if s in iris and o in iris and s != o))
        return out

    def neighbours(self, iris: list[str]) -> list[tuple[str, str, str]]:
        """Every drawn relation touching ``iris``, in either direction."""
        preds = iri_values(RELATIONS)
        out = []
        for chunk in chunks(iris):
            vals = iri_values(chunk)
            q = f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }}
                {{ VALUES ?s {{ {vals} }} ?s ?p ?o . FILTER(isIRI(?o)) }}
                UNION {{ VALUES ?o {{ {vals} }} ?s ?p ?o }} }}"""
            for row in self.select(q):
                out.append((row["s"].value, row["p"].value, row["o"].value))
        return out

    def region_hierarchy(self) -> dict[str, str]:
        """Region → its parent (ckg:partOf)."""
        return {row["a"].value: row["b"].value
                for row in self.select("SELECT ?a ?b WHERE { ?a a ckg:Region ; ckg:partOf ?b }")}

    def regions_named(self, name: str) -> list[str]:
        """Regions whose label is ``name`` (or whose key is, for ``--region 141021``)."""
        q = """SELECT DISTINCT ?r WHERE { ?r a ckg:Region . OPTIONAL { ?r rdfs:label ?l }
               FILTER(STR(?l) = $name || STRENDS(STR(?r), CONCAT("/", $name))) }"""
        return [row["r"].value for row in self.select(q.replace("$name", str(ox.Literal(name))))]

    def find(self, name: str) -> list[str]:
        """Resources a user means by ``name``: an IRI, an exact label or alias, else a label
        that contains it (shortest first)."""
        if name.startswith(("http://", "https://")):
            return [name]
        lit = str(ox.Literal(name))  # N-Triples form: quotes and escapes, safe inside a query
        exact = """SELECT DISTINCT ?s WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
                   ?s ?p ?l . FILTER(STR(?l) = $name) }"""
        hits = [r["s"].value for r in self.select(exact.replace("$name", lit))]
        if not hits:
            hits = [i for i, lab in self.report_labels().items() if lab == name]
        if hits:
            return hits
        part = """SELECT ?s (MIN(STRLEN(STR(?l))) AS ?n) WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
                  ?s ?p ?l . FILTER(CONTAINS(STR(?l), $name)) } GROUP BY ?s ORDER BY ?n LIMIT 20"""
        return [r["s"].value for r in self.select(part.replace("$name", lit))]

    # --- facts used by filters ---------------------------------------------------------
    def attached(self, iris: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[int]]]:
        """For each IRI: its regions (ckg:region), its reports (mentionedIn / wasDerivedFrom)
        and the years it speaks of (ckg:year, reviewYear, planYear)."""
        regions: dict[str, set[str]] = defaultdict(set)
        reports: dict[str, set[str]] = defaultdict(set)
        years: dict[str, set[int]] = defaultdict(set)
        for target, preds in ((regions, (CKG + "region",)), (reports, (CKG + "mentionedIn", PROV + "wasDerivedFrom"))):
            for p in preds:
                for s, o in self.triples(p):
                    if s in iris and o is not None:
                        target[s].add(o)
        for p in (CKG + "year", CKG + "reviewYear", CKG + "planYear"):
            for s, o in self.literals(p):
                if s in iris:
                    try:
                        years[s].add(int(o[:4]))
                    except ValueError:
                        pass
        return regions, reports, years

    # --- details for the nodes on the page ---------------------------------------------
    def fields(self, iris: list[str]) -> dict[str, list[tuple[str, str]]]:
        """IRI → [(field IRI, display text)] for the properties in terms.FIELDS."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        objects: set[str] = set()
        rows = []
        for chunk in chunks(iris):
            # filtering ?p here rather than in a VALUES block keeps the subject index in use
            q = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {iri_values(chunk)} }} ?s ?p ?o }}"
            for row in self.select(q):
                if row["p"].value not in FIELDS:
                    continue
                o = row["o"]
                is_iri = isinstance(o, ox.NamedNode)
                rows.append((row["s"].value, row["p"].value, o.value, is_iri))
                if is_iri:
                    objects.add(o.value)
        names = self.labels(objects)
        for s, p, o, is_iri in sorted(set(rows)):  # a triple stated in several report graphs shows once
            shown = (individual_name(o) or names.get(o) or compact(o)) if is_iri else o
            out[s].append((p, shown))
        return out

    def observations_of_regions(self, regions: list[str]) -> dict[str, list[dict]]:
        """Region → its observations, folded into the region's details (newest year first)."""
        out: dict[str, list[dict]] = defaultdict(list)
        for chunk in chunks(regions):
            q = f"""SELECT ?r ?ind ?y ?k ?v ?u ?g ?rank ?ev ?rep WHERE {{ VALUES ?r {{ {iri_values(chunk)} }}
                ?o a ckg:Observation ; ckg:region ?r ; ckg:indicator ?i ; ckg:year ?y ; ckg:kind ?k .
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
