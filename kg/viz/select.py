"""Choosing what a view shows: RDF → a networkx graph of the chosen nodes and relations.

Nodes carry ``type`` (a class name from terms.NODE_STYLES) and ``label``; edges carry
``rel`` (the relation IRI, or a display text for derived edges) and ``count``.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.viz.aggregate import FIRST_FOLDED, FOLDABLE, folded_classes
from kg.viz.read import GraphReader, chunks, iri_values, text
from kg.viz.terms import ALL_TYPES, CKG, DEFAULT_TYPES, NODE_STYLES, PROV, compact, individual_name

_REPORT_LINKS = (CKG + "mentionedIn", PROV + "wasDerivedFrom")
_REGION = CKG + "region"
# up to this many nodes a --year filter reads each one's own triples instead of the year's sets
_PER_NODE = 5000


class SelectionError(Exception):
    """A view that cannot be chosen as asked (an unknown name, a bad query)."""


@dataclass(frozen=True)
class ViewOptions:
    types: tuple[str, ...] = ()  # class names; empty: DEFAULT_TYPES (all classes in focus views)
    focus: str | None = None
    hops: int = 1
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    query: str | None = None  # SPARQL text (CONSTRUCT, DESCRIBE or SELECT)
    max_nodes: int = 2000


def select_graph(reader: GraphReader, opts: ViewOptions, unfolded: bool = False) -> nx.MultiDiGraph:
    """The view's graph. ``unfolded``: a focus neighbourhood over ``opts.max_nodes``, which
    the caller folds (kg.viz.aggregate), may come as a ``Neighbourhood``."""
    if opts.query:
        g = graph_from_query(reader, opts.query)
    elif opts.focus:
        g = _focus_graph(reader, opts)
    else:
        g = _typed_graph(reader, opts)
    if opts.query or opts.focus:
        g = _filter(reader, g, opts)
    _label(reader, g)
    if isinstance(g, Neighbourhood) and (len(g) <= opts.max_nodes or not unfolded):
        g = g.to_networkx()
    return g


class _NodeView(dict):
    """``g.nodes`` of a Neighbourhood, the node → attributes dict itself: ``nodes[n]`` is
    n's attributes, ``nodes(data=True)`` the pairs, as networkx gives them."""

    def __call__(self, data: bool = False):
        return iter(self.items()) if data else iter(self)


class Neighbourhood:
    """A focus view's neighbourhood as read, before it is folded: the nodes and edges a
    networkx MultiDiGraph would hold, in its order, without its bookkeeping per edge (a 2-hop
    neighbourhood has 100,000 edges: half the view's time in ``add_edge``). What folding and
    labelling ask of a graph; ``to_networkx`` replays the edges into the graph itself."""

    def __init__(self):
        self._node = self.nodes = _NodeView()
        self._succ: dict[str, dict[str, dict[str, dict]]] = {}
        self._added: list[tuple[str, str, str]] = []

    def add_nodes_from(self, nodes, **attr) -> None:
        for n in nodes:
            self._node.setdefault(n, {}).update(attr)

    def add_triples(self, triples) -> None:
        """Edges (subject, relation, object) with ``rel`` and ``count`` 1, as _focus_graph adds them."""
        node, succ, added = self._node, self._succ, self._added
        for s, p, o in triples:
            if s not in node:
                node[s] = {}
            if o not in node:
                node[o] = {}
            by_object = succ.get(s)
            if by_object is None:
                by_object = succ[s] = {}
            keys = by_object.get(o)
            if keys is None:
                keys = by_object[o] = {}
            if p not in keys:
                keys[p] = {"rel": p, "count": 1}
                added.append((s, o, p))

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self):
        return iter(self._node)

    def __contains__(self, n: object) -> bool:
        return n in self._node

    def number_of_nodes(self) -> int:
        return len(self._node)

    def edges(self, keys: bool = False, data: bool = False):
        """In networkx's order: by subject in node order, then object, then key."""
        succ = self._succ
        for s in self._node:
            for o, by_key in succ.get(s, {}).items():
                for k, d in by_key.items():
                    yield (s, o) + ((k,) if keys else ()) + ((d,) if data else ())

    def induced(self, keep: set[str]) -> Neighbourhood:
        """What ``self.to_networkx().subgraph(keep).copy()`` holds, in its order: networkx
        walks a subgraph's nodes in the order of the set it makes of ``keep`` when that is
        under half the graph, else in the graph's order, and each node's edges in the
        graph's order; the node and edge attributes are copies."""
        node, succ = self._node, self._succ
        ok = set(n for n in keep if n in node)  # networkx.filters.show_nodes(G.nbunch_iter(keep))
        order = [n for n in ok if n in node] if 2 * len(ok) < len(node) else [n for n in node if n in ok]
        out = Neighbourhood()
        out_node, out_succ, added = out._node, out._succ, out._added
        for n in order:
            out_node[n] = dict(node[n])
        for s in order:
            for o, by_key in succ.get(s, {}).items():
                if o not in ok:
                    continue
                keys = out_succ.setdefault(s, {}).setdefault(o, {})
                for k, d in by_key.items():
                    keys[k] = dict(d)
                    added.append((s, o, k))
        return out

    def to_networkx(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        g.add_nodes_from(self._node.items())  # first: the nodes' order is the order they came in
        succ = self._succ
        g.add_edges_from((s, o, p, succ[s][o][p]) for s, o, p in self._added)
        return g


def _typed_graph(reader: GraphReader, opts: ViewOptions) -> nx.MultiDiGraph:
    types = opts.types or DEFAULT_TYPES
    # with a filter, the store is asked only for what could pass it; without, for everything
    nodes = _candidates(reader, types, opts) if opts.regions or opts.years else reader.nodes_of(types)
    keep = _kept_by_filters(reader, nodes, opts)
    g = nx.MultiDiGraph()
    for iri in keep:
        g.add_node(iri, type=nodes[iri])
    # a view over the node limit is folded (kg.viz.aggregate): every class of the first
    # round is folded, and the provenance edges of folded nodes are dropped, so only the
    # other nodes' mentionedIn / wasDerivedFrom edges are worth reading
    stays = None
    if sum(nodes[n] != "Indicator" for n in keep) > opts.max_nodes:  # (idle indicators may go below)
        folded: set[str] = set(FIRST_FOLDED)
        if "Indicator" not in types:  # the node count aggregate() decides on is known: which classes fold
            typed = {n: nodes[n] for n in keep}
            folded = folded_classes(typed, reader.homes(n for n in keep if nodes[n] in FOLDABLE), opts.max_nodes)
        stays = {n for n in keep if nodes[n] not in folded}
    for s, p, o in reader.edges_among(keep, stays):
        g.add_edge(s, o, key=p, rel=p, count=1)
    if "Indicator" in types and "Observation" not in types:
        # observations folded away: an indicator links to the regions it was reported for
        inds = {i for i in keep if nodes[i] == "Indicator"}
        regs = {i for i in keep if nodes[i] == "Region"}
        for r, i, n in reader.indicator_regions(inds, regs):
            g.add_edge(r, i, key="obs", rel="观测值", count=n)
        if opts.regions or opts.years:
            g.remove_nodes_from([i for i in inds if g.degree(i) == 0])
    return g


def _wanted_regions(reader: GraphReader, names: tuple[str, ...]) -> set[str]:
    wanted: set[str] = set()
    for name in names:
        found = reader.regions_named(name)
        if not found:
            raise SelectionError(f"no region named {name!r} in the graph")
        wanted.update(found)
    return wanted


def _candidates(reader: GraphReader, types: tuple[str, ...], opts: ViewOptions) -> dict[str, str]:
    """IRI → class for the nodes of ``types`` that --region / --year could keep, found from
    the region or the year by lookups in the store (_kept_by_filters then decides)."""
    if opts.regions:
        wanted = _wanted_regions(reader, opts.regions)
        inside = reader.descendants(wanted)
        found = inside | reader.ancestors(wanted) | reader.linked((_REGION,), inside, types)
        found |= reader.linked(_REPORT_LINKS, reader.reports_in(inside), types)
    else:
        years = set(opts.years)
        reports = reader.reports_of_years(years)
        content = reader.dated(years, types) | reader.linked(_REPORT_LINKS, reports, types) | reports
        # the regions of what is drawn and of the year's reports: not those of what the
        # classes leave out (a year's 30,000 observations in a --type Region,Indicator view)
        content = set(reader.classes(sorted(content), types)) | reports
        touched = reader.regions_of(content)
        found = content | touched | reader.ancestors(touched)
    return reader.classes(sorted(found), types)


def _kept_by_filters(reader: GraphReader, nodes: dict[str, str], opts: ViewOptions) -> set[str]:
    """The nodes that pass --region and --year (all of them when neither is given). Each
    test is a set the store gives from the filter's side (what points at these regions,
    at these reports), so no node's own triples need reading."""
    if not opts.regions and not opts.years:
        return set(nodes)
    types = tuple(sorted(set(nodes.values()))) if "Other" not in nodes.values() else ()
    keep = set(nodes)
    if opts.regions:
        wanted = _wanted_regions(reader, opts.regions)
        inside = reader.descendants(wanted)
        report_in = reader.reports_in(inside)
        # a region, its sub-regions and parents; what lies in them; what their reports say
        keep &= (inside | reader.ancestors(wanted) | reader.linked((_REGION,), inside, types)
                 | reader.linked(_REPORT_LINKS, report_in, types))
    if opts.years:
        years = set(opts.years)
        report_in = reader.reports_of_years(years)
        others = [n for n in keep if nodes[n] != "Region"]
        if len(others) <= _PER_NODE:
            # few (a region's or a 1-hop focus's nodes): their own triples say whether they are
            # dated that year or linked to a report of it (read for the page anyway), where the
            # year's sets hold every node of the whole store so dated or linked (tens of thousands)
            _, reports, dates = reader.attached(others)
            content = {n for n in others if dates[n] & years or reports[n] & report_in}
        else:
            dated = reader.dated(years) | _linking_to(reader, report_in, types)
            content = {n for n in others if n in dated}
        # regions stay when something of that year (or a report of it) lies in them
        touched = reader.regions_of(content | report_in)
        touched |= reader.ancestors(touched)
        keep = content | {n for n in keep if nodes[n] == "Region" and n in touched}
    return keep


def _linking_to(reader: GraphReader, reports: set[str], types: tuple[str, ...]) -> set[str]:
    """What links to one of ``reports`` (mentionedIn, wasDerivedFrom), to be met with nodes
    of ``types``: from the summary's report members when the store has them (a year's
    80,000 links, 6 s of in-store joins on the corpus store), unfiltered by class (each node
    met has its class in ``types``, which is what the store's filter asks), else the store's."""
    if reader.report_members is None:
        return reader.linked(_REPORT_LINKS, reports, types)
    listed = reader.report_members(sorted(reports))
    found = {m for links in listed.values() for members in links.values() for m in members}
    rest = reports - set(listed)
    return found | reader.linked(_REPORT_LINKS, rest, types) if rest else found


def _focus_graph(reader: GraphReader, opts: ViewOptions) -> nx.MultiDiGraph:
    starts = reader.find(opts.focus or "")
    if not starts:
        raise SelectionError(f"nothing in the graph is named {opts.focus!r}")
    starts = starts[:5]
    g = Neighbourhood()
    g.add_nodes_from(starts, focus=True)
    frontier = list(starts)
    cap = max(opts.max_nodes * 20, 10000)  # beyond this the view is aggregated anyway
    for _ in range(max(opts.hops, 0)):
        if not frontier or len(g) > cap:
            break
        before = set(g)
        g.add_triples(reader.neighbours(frontier))
        frontier = [n for n in g if n not in before]
    types = reader.classify(list(g))
    for n, t in types.items():
        g.nodes[n]["type"] = t
    return g


def _filter(reader: GraphReader, g: nx.MultiDiGraph, opts: ViewOptions) -> nx.MultiDiGraph:
    """--type, --region and --year applied to a focus or query graph (focus nodes stay)."""
    if not (opts.types or opts.regions or opts.years):
        return g  # nothing to filter: no copy (a 2-hop neighbourhood holds 70,000 nodes)
    keep = set(g)
    if opts.types:
        keep = {n for n in keep if g.nodes[n].get("type") in opts.types or g.nodes[n].get("focus")}
    if opts.regions or opts.years:
        typed = {n: g.nodes[n].get("type", "Other") for n in keep}
        passed = _kept_by_filters(reader, typed, opts)
        keep = {n for n in keep if n in passed or g.nodes[n].get("focus")}
    if isinstance(g, Neighbourhood):
        return g.induced(keep)  # a 2-hop neighbourhood: not made a networkx graph to be cut down
    return g.subgraph(keep).copy()


def graph_from_query(reader: GraphReader, sparql: str) -> nx.MultiDiGraph:
    """Draw a query's result. CONSTRUCT/DESCRIBE: IRI-to-IRI triples are edges, literal
    triples become details. SELECT: with ?s ?p ?o the rows are triples; otherwise each
    row's IRIs are linked to the row's first IRI by an edge named after the variable."""
    try:
        result = reader.select(sparql)
    except (SyntaxError, OSError, ValueError) as e:
        raise SelectionError(f"the query failed: {e}") from e
    g = nx.MultiDiGraph()
    if isinstance(result, ox.QueryBoolean):
        raise SelectionError("an ASK query has nothing to draw; use CONSTRUCT or SELECT")
    if isinstance(result, ox.QueryTriples):
        triples = [(t.subject, t.predicate, t.object) for t in result]
    else:
        names = [v.value for v in result.variables]
        if {"s", "p", "o"} <= set(names):
            triples = [(row["s"], row["p"], row["o"]) for row in result]
        else:
            triples = []
            for row in result:
                iris = [(n, row[n]) for n in names if isinstance(row[n], ox.NamedNode)]
                if not iris:
                    continue
                first = iris[0][1]
                g.add_node(first.value)
                for n, term in iris[1:]:
                    g.add_edge(first.value, term.value, key=n, rel="?" + n, count=1)
                for n in names:
                    if isinstance(row[n], ox.Literal):
                        g.nodes[first.value].setdefault("extra", []).append(("?" + n, row[n].value))
    for s, p, o in triples:
        if s is None or p is None or o is None or not isinstance(s, ox.NamedNode):
            continue
        if isinstance(o, ox.NamedNode):
            if p.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
                g.add_node(s.value)
                continue
            g.add_edge(s.value, o.value, key=p.value, rel=p.value, count=1)
        elif isinstance(o, ox.Literal):
            g.add_node(s.value)
            g.nodes[s.value].setdefault("extra", []).append((p.value, o.value))
    if len(g) == 0:
        raise SelectionError("the query returned no resources to draw")
    for n, t in reader.classify(list(g)).items():
        g.nodes[n]["type"] = t
    return g


def _label(reader: GraphReader, g: nx.MultiDiGraph) -> None:
    need = [n for n in g if "label" not in g.nodes[n]]
    labels = reader.labels(need)
    obs = [n for n in need if g.nodes[n].get("type") in ("Observation", "ProjectStage")]
    labels.update(_observation_labels(reader, obs))
    for n in need:
        g.nodes[n]["label"] = labels.get(n) or compact(n)
        g.nodes[n].setdefault("type", "Other")


def _observation_labels(reader: GraphReader, iris: list[str]) -> dict[str, str]:
    """``2022 地区生产总值 181.5亿元`` for an observation, ``2022 已开工`` for a stage."""
    if not iris:
        return {}
    known = reader._table(iris)
    out: dict[str, str] = {i: row[3] for i, row in known.items() if row[3] is not None}
    for chunk in chunks([i for i in iris if i not in out]):
        q = f"""SELECT ?o ?y ?ind ?v ?u ?g ?k ?st WHERE {{ VALUES ?o {{ {iri_values(chunk)} }}
            OPTIONAL {{ ?o ckg:year ?y }} OPTIONAL {{ ?o ckg:indicator/skos:prefLabel ?ind }}
            OPTIONAL {{ ?o ckg:value ?v }} OPTIONAL {{ ?o ckg:unit ?u }} OPTIONAL {{ ?o ckg:growthRate ?g }}
            OPTIONAL {{ ?o ckg:kind ?k }} OPTIONAL {{ ?o ckg:status ?st }} }}"""
        for row in reader.select(q):
            o = row["o"].value
            if o in out:
                continue
            out[o] = observation_label(*(text(row[v]) for v in OBSERVATION_FIELDS))
    return out


OBSERVATION_FIELDS = ("y", "ind", "v", "u", "g", "k", "st")


def observation_label(y: str | None, ind: str | None, v: str | None, u: str | None, g: str | None,
                      k: str | None, st: str | None) -> str:
    """An observation's or stage's label from the values (None: none) of its year,
    indicator's prefLabel, value, unit, growth rate, kind and status."""
    parts = [(y or "")[:4]]
    if ind is not None:
        parts.append(ind)
        if (k or "") == CKG + "Target":
            parts.append("目标")
        if v is not None:
            parts.append(f"{v}{u or ''}")
        elif g is not None:
            parts.append(f"{float(g or 0):+g}%")
    elif st is not None:
        parts.append(individual_name(st) or "")
    return " ".join(p for p in parts if p)
