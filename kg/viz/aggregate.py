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
_MEMBERS_SHOWN = 40  # member names listed in an aggregate's details


def aggregate(reader: GraphReader, g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, str]:
    """A graph of at most ``max_nodes`` nodes, and a sentence saying what was folded."""
    regions_of, reports_of, _ = reader.attached(set(g) | set(reader.report_labels()))
    region_label = {n: g.nodes[n]["label"] for n in g if g.nodes[n]["type"] == "Region"}
    region_label.update(reader.labels([r for rs in regions_of.values() for r in rs if r not in region_label]))

    def home(n: str) -> str | None:
        """The region a node is filed under: its own ckg:region, else its report's."""
        regs = sorted(regions_of.get(n, ()))
        if not regs:
            regs = sorted(r for rep in reports_of.get(n, ()) for r in regions_of.get(rep, ()))
        return regs[0] if regs else None

    folded: set[str] = set()
    out = g
    for classes in _ROUNDS:
        if len(out) <= max_nodes:
            break
        folded.update(classes)
        out = _fold(g, folded, home, region_label)
    note = ""
    if folded:
        names = "、".join(NODE_STYLES[c].name for c in NODE_STYLES if c in folded and any(
            d["type"] == c for _, d in g.nodes(data=True)))
        note = f"{len(g):,} 个节点超过上限 {max_nodes:,}：{names}已按地区汇总"
    if len(out) > max_nodes:
        # still too many: regions that hold nothing drawn (leaves hanging from their parent
        # only) fold into one node per parent
        out, n = _fold_leaf_regions(out)
        if n:
            note += f"{'；' if note else ''}{n:,} 个无内容的下级地区已合并"
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
    for n, d in g.nodes(data=True):
        if d["type"] in classes and not d.get("focus"):
            region = home(n)
            agg = f"agg:{d['type']}:{region or '-'}"
            rep[n] = agg
            members[agg].append(d["label"])
            if agg not in out:
                place = region_label.get(region, "无地区") if region else "无地区"
                out.add_node(agg, type="Aggregate", member_type=d["type"], region=region,
                             label=f"{place} · {NODE_STYLES[d['type']].name}")
                if region and region in g:
                    out.add_edge(agg, region, key="地区", rel="地区", count=0)
        else:
            rep[n] = n
            out.add_node(n, **d)
    for agg, names in members.items():
        out.nodes[agg]["label"] += f" ×{len(names)}"
        out.nodes[agg]["members"] = sorted(names)[:_MEMBERS_SHOWN]
        out.nodes[agg]["count"] = len(names)
    counts: Counter = Counter()
    for s, o, d in g.edges(data=True):
        a, b = rep[s], rep[o]
        if a != b:
            counts[(a, b, d["rel"])] += d.get("count", 1)
    for (a, b, rel), n in counts.items():
        if out.has_edge(a, b, key=rel):
            out[a][b][rel]["count"] += n
        else:
            out.add_edge(a, b, key=rel, rel=rel, count=n)
    return out


def _fold_leaf_regions(g: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, int]:
    partof = "https://w3id.org/county-kg/ontology#partOf"
    groups: dict[str, list[str]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        if d["type"] != "Region" or d.get("focus") or g.in_degree(n) or g.out_degree(n) != 1:
            continue
        (_, parent, rel), = g.out_edges(n, keys=True)
        if rel == partof:
            groups[parent].append(n)
    out = g.copy()
    folded = 0
    for parent, kids in groups.items():
        if len(kids) < 2:
            continue
        agg = f"agg:Region:{parent}"
        out.add_node(agg, type="Aggregate", member_type="Region", region=parent, count=len(kids),
                     label=f"{g.nodes[parent]['label']} · 下级地区 ×{len(kids)}",
                     members=sorted(g.nodes[k]["label"] for k in kids)[:_MEMBERS_SHOWN])
        out.add_edge(agg, parent, key=partof, rel=partof, count=len(kids))
        out.remove_nodes_from(kids)
        folded += len(kids)
    return out, folded
