"""Above the node limit: fold nodes into one node per (region, class), so the page still
shows the whole graph's shape ("三亚市 · 项目 ×134") instead of freezing a browser tab.

Regions stay themselves; then, in rounds while the graph is still too large, entities,
reports and finally lower-level regions are folded.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from kg.viz.read import GraphReader
from kg.viz.terms import NODE_STYLES

# Folded in this order, one round at a time, until the graph fits.
_ROUNDS: tuple[tuple[str, ...], ...] = (
    ("Observation", "ProjectStage", "Person", "Project", "Enterprise", "Policy", "Other"),
    ("Report", "Indicator"),
)
FIRST_FOLDED = frozenset(_ROUNDS[0])  # folded whenever a view is over the limit
FOLDABLE = frozenset(c for classes in _ROUNDS for c in classes)
_MEMBERS_SHOWN = 40
_PROVENANCE = ("https://w3id.org/county-kg/ontology#mentionedIn", "http://www.w3.org/ns/prov#wasDerivedFrom")  # member names listed in an aggregate's details


def folded_classes(types: dict[str, str], homes: dict[str, str], max_nodes: int) -> set[str]:
    """The classes ``aggregate`` folds for a graph of these nodes (IRI → class, none in
    focus): known before the graph's edges are read, so a view reads none that vanish."""
    folded: set[str] = set()
    count = len(types)
    for classes in _ROUNDS:
        if count <= max_nodes:
            break
        folded.update(classes)
        count = (sum(t not in folded for t in types.values())
                 + len({(t, homes.get(n)) for n, t in types.items() if t in folded}))
    return folded


def aggregate(reader: GraphReader, g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, str]:
    """A graph of at most ``max_nodes`` nodes, and a sentence saying what was folded."""
    out, folded = fold_entities(reader, g, max_nodes)
    return shrink(out, folding_note(g, folded, max_nodes), max_nodes)


def fold_entities(reader: GraphReader, g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, set[str]]:
    """``g`` with its entities folded, round by round, until it fits or every foldable
    class is folded; and the classes folded. Provenance edges touching a bundle are dropped."""
    homes = reader.homes(n for n, d in g.nodes(data=True) if d["type"] in FOLDABLE and not d.get("focus"))
    region_label = {n: g.nodes[n]["label"] for n in g if g.nodes[n]["type"] == "Region"}
    region_label.update(reader.labels(sorted(set(homes.values()) - set(region_label))))

    def home(n: str) -> str | None:
        """The region a node is filed under: its own ckg:region, else its report's."""
        return homes.get(n)

    # the rounds decided on node counts alone (what _fold would make of each: the nodes that
    # stay and one bundle per class and home), then folded once
    count: Counter = Counter()
    bundles: dict[str, set] = defaultdict(set)
    for n, d in g.nodes(data=True):
        if not d.get("focus"):
            t = d["type"]
            count[t] += 1
            bundles[t].add(homes.get(n))
    folded: set[str] = set()
    size = len(g)
    for classes in _ROUNDS:
        if size <= max_nodes:
            break
        folded.update(classes)
        size = len(g) - sum(count[t] - len(bundles[t]) for t in folded)
    out = _fold(g, folded, home, region_label) if folded else g
    if folded:
        # provenance edges between bundles (a city's policies "mentioned in" hundreds of other
        # cities' reports) turn the overview into a hairball: the details keep the reports
        out.remove_edges_from([(a, b, k) for a, b, k, d in out.edges(keys=True, data=True)
                               if d["rel"] in _PROVENANCE and (a.startswith("agg:") or b.startswith("agg:"))])
    return out, folded


def folded_names(g: nx.MultiDiGraph, folded: set[str]) -> list[str]:
    """The folded classes ``g`` has nodes of, in legend order."""
    present = {d["type"] for _, d in g.nodes(data=True)}
    return [c for c in NODE_STYLES if c in folded and c in present]


def folding_note(g: nx.MultiDiGraph, folded: set[str], max_nodes: int) -> str:
    return note_for(len(g), folded_names(g, folded), max_nodes) if folded else ""


def note_for(nodes: int, classes: list[str], max_nodes: int) -> str:
    names = "、".join(NODE_STYLES[c].name for c in classes)
    return f"{nodes:,} 个节点超过上限 {max_nodes:,}：{names}已按地区汇总"


def shrink(out: nx.MultiDiGraph, note: str, max_nodes: int) -> tuple[nx.MultiDiGraph, str]:
    """A folded graph still over the limit: sub-regions fold into their ancestors, then only
    the best-connected nodes stay."""
    if len(out) > max_nodes:
        # still too many: sub-regions fold into their ancestors, as shallow a cut as needed
        out, n = _fold_leaf_regions(out, max_nodes)
        if n:
            note += f"{'；' if note else ''}{n:,} 个下级地区已并入上级"
    if len(out) > max_nodes:
        # still too many (thousands of regions): keep the best-connected nodes
        ranked = sorted(out, key=lambda n: (-out.degree(n), n))[:max_nodes]
        out = out.subgraph(ranked).copy()
        note += f"{'；' if note else ''}只显示连接最多的 {max_nodes:,} 个节点"
    return out, note


def _fold(g: nx.MultiDiGraph, classes: set[str], home, region_label: dict[str, str]) -> nx.MultiDiGraph:
    rep: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    out = nx.MultiDiGraph()
    made = out._node  # (its node dict: a membership test without a method call per node)
    for n, d in g.nodes(data=True):
        t = d["type"]
        if t in classes and not d.get("focus"):
            region = home(n)
            agg = f"agg:{t}:{region or '-'}"
            rep[n] = agg
            members[agg].append(d["label"])
            if agg not in made:
                place = region_label.get(region, "无地区") if region else "无地区"
                out.add_node(agg, type="Aggregate", member_type=t, region=region,
                             label=f"{place} · {NODE_STYLES[t].name}")
        else:
            rep[n] = n
            out.add_node(n, **d)
    for agg, names in members.items():
        out.nodes[agg]["label"] += f" ×{len(names)}"
        out.nodes[agg]["members"] = sorted(names)[:_MEMBERS_SHOWN]
        out.nodes[agg]["count"] = len(names)
    _fold_edges(g, out, rep.__getitem__)
    for agg in members:
        # an aggregate filed under a region through its members' reports still links to it
        region = out.nodes[agg]["region"]
        if region and region in out and not out.has_edge(agg, region) and not out.has_edge(region, agg):
            out.add_edge(agg, region, key="地区", rel="地区", count=1)
    return out


def _fold_leaf_regions(g: nx.MultiDiGraph, max_nodes: int | None = None) -> tuple[nx.MultiDiGraph, int]:
    """Fold regions below some depth of the ckg:partOf tree into one node per ancestor at that
    depth (``某市 · 下级地区 ×28``); the deepest cut that fits wins. Their other edges move to
    the aggregate, counted."""
    partof = "https://w3id.org/county-kg/ontology#partOf"
    regions = {n for n, d in g.nodes(data=True) if d["type"] == "Region" and not d.get("focus")}
    parent: dict[str, str] = {}
    for s, o, k in g.edges(keys=True):  # the smallest of several, as GraphReader.parent: whatever the edges' order
        if k == partof and s in regions and o in regions and s != o and (s not in parent or o < parent[s]):
            parent[s] = o
    depth: dict[str, int] = {}

    def depth_of(n: str) -> int:
        chain = []
        while n in parent and n not in depth and n not in chain:
            chain.append(n)
            n = parent[n]
        base = depth.get(n, 0)
        for i, m in enumerate(reversed(chain)):
            depth[m] = base + i + 1
        return depth.get(chain[0], base) if chain else base

    for n in regions:
        depth_of(n)
    best: tuple[nx.MultiDiGraph, int] = (g, 0)
    for cut in range(max(depth.values(), default=0) - 1, -1, -1):
        rep: dict[str, str] = {}
        for n in regions:
            if depth.get(n, 0) > cut:
                a = n
                while depth.get(a, 0) > cut:
                    a = parent[a]
                rep[n] = a
        if not rep:
            continue
        best = (_collapse_regions(g, rep), len(rep))
        if max_nodes is None or len(best[0]) <= max_nodes:
            break
    return best


def _collapse_regions(g: nx.MultiDiGraph, rep: dict[str, str]) -> nx.MultiDiGraph:
    partof = "https://w3id.org/county-kg/ontology#partOf"
    members: dict[str, list[str]] = defaultdict(list)
    for n, anc in rep.items():
        members[anc].append(g.nodes[n]["label"])
    node_of = {n: f"agg:Region:{anc}" for n, anc in rep.items()}
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        if n not in rep:
            out.add_node(n, **d)
    for anc, names in members.items():
        agg = f"agg:Region:{anc}"
        out.add_node(agg, type="Aggregate", member_type="Region", region=anc, count=len(names),
                     label=f"{g.nodes[anc]['label']} · 下级地区 ×{len(names)}",
                     members=sorted(names)[:_MEMBERS_SHOWN])
        out.add_edge(agg, anc, key=partof, rel=partof, count=len(names))
    _fold_edges(g, out, lambda n: node_of.get(n, n),
                skip=lambda s, a, b, rel: rel == partof and a.startswith("agg:Region:") and b == rep.get(s))
    return out


def _fold_edges(g, out, node_of, skip=None) -> None:
    """Add ``g``'s edges to ``out`` between the nodes ``node_of`` maps their ends to, one edge
    per pair and relation, counting how many it stands for."""
    counts: Counter = Counter()
    for s, o, d in g.edges(data=True):
        a, b = node_of(s), node_of(o)
        if a != b and not (skip and skip(s, a, b, d["rel"])):
            counts[(a, b, d["rel"])] += d.get("count", 1)
    for (a, b, rel), n in counts.items():
        if out.has_edge(a, b, key=rel):
            out[a][b][rel]["count"] += n
        else:
            out.add_edge(a, b, key=rel, rel=rel, count=n)
