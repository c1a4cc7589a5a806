"""Node positions computed in Python, so the browser draws at once instead of simulating.

Small graphs: networkx's spring layout. Large graphs: the spring layout runs only on the
hubs (the best-connected nodes, a few hundred at most); every other node sits on a
sunflower spiral around the hub it hangs from. That is O(n) beyond the hubs, and a
region's projects, enterprises and policies end up around it where a reader looks for them.
"""
from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx
import numpy as np

SPACING = 70.0  # pixels between neighbouring nodes
_SMALL = 250  # up to this many nodes: plain spring layout
_HUBS = 200
_LABEL_ASPECT = 2.2  # how much wider than tall a node with its label is
_GOLDEN = math.pi * (3 - math.sqrt(5))


def layout(g: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node → (x, y) in pixels, deterministic for a given graph."""
    if len(g) == 0:
        return {}
    if g.is_directed() or g.is_multigraph():
        u = nx.Graph()  # built from the edge list: nx.Graph(g.to_undirected()) copies every edge's data
        u.add_nodes_from(g)
        u.add_edges_from((a, b) for a, b in g.edges())
    else:
        u = g
    if len(u) <= _SMALL:
        return _spring(u, seed)
    return _hubs_and_spirals(u, seed)


_SHAPES: dict[tuple, list[tuple[float, float]]] = {}  # see _spring


def _spring(u: nx.Graph | set[str], seed: int, edges=None) -> dict[str, tuple[float, float]]:
    """``u``: a graph, or a set of nodes with their ``edges`` (a subgraph view is slow to ask)."""
    nodes = sorted(u)  # sorted: the same graph always gets the same picture
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    # the picture depends only on the edges between the sorted nodes' positions: a page's
    # hundreds of small components below the picture (a bundle and its region) share a few
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {tuple(sorted((index[a], index[b]))) for a, b in (u.edges() if edges is None else edges)}
    shape = (seed, len(nodes), tuple(sorted(pairs)))
    if shape not in _SHAPES:
        h = nx.Graph()
        h.add_nodes_from(range(len(nodes)))
        h.add_edges_from(shape[2])
        pos = nx.spring_layout(h, seed=seed, iterations=60, k=2.0 / math.sqrt(len(h)))
        xy = _spread(np.array([pos[i] for i in range(len(nodes))], dtype=float))
        _SHAPES[shape] = [(float(x), float(y)) for x, y in xy]
    return dict(zip(nodes, _SHAPES[shape]))


def _spread(xy: np.ndarray, rounds: int = 20) -> np.ndarray:
    """Scale so that typical neighbours sit SPACING apart, then push apart nodes that still
    crowd each other (a spring layout packs dense clusters tight). Distances count x at
    half weight: a label is wider than it is tall."""
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    nearest = np.median(d.min(axis=1))
    xy = xy * (SPACING / nearest if nearest > 0 else SPACING)
    return _push_apart(xy, SPACING * 1.1, rounds)


def _hubs_and_spirals(u: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    ranked = sorted(u, key=lambda n: (-u.degree(n), str(n)))
    hubs = [n for n in ranked[:_HUBS] if u.degree(n) >= 2] or ranked[:1]
    hub_set = set(hubs)
    # Each other node hangs from the node it is first reached from, searching out from the hubs.
    parent: dict[str, str] = {}
    queue = deque(hubs)
    seen = set(hubs)
    while queue:
        n = queue.popleft()
        for m in sorted(u[n], key=lambda m: (-u.degree(m), str(m))):
            if m not in seen:
                seen.add(m)
                parent[m] = n
                queue.append(m)
    children: dict[str, list[str]] = defaultdict(list)
    for child, par in parent.items():
        children[par].append(child)
    size = _subtree_sizes(hubs, children)
    # Hubs: a spring layout of the hub graph (hubs joined directly or through a shared node),
    # scaled so that each hub's spiral has room.
    hg = nx.Graph()
    hg.add_nodes_from(hubs)
    for a in hubs:
        for m in u[a]:
            if m in hub_set:
                hg.add_edge(a, m)
            else:
                hg.add_edges_from((a, b) for b in u[m] if b in hub_set and b != a)
    hub_pos = _spring(hg, seed)
    spread = math.sqrt(sum(size[h] for h in hubs) / max(len(hubs), 1))
    pos = {n: (x * spread * 0.9, y * spread * 0.9) for n, (x, y) in hub_pos.items()}
    _separate_big_hubs(u, hubs, pos)
    for h in hubs:
        _spiral(h, children, size, pos)
    # Components no hub reaches: rows of small spring layouts below the picture.
    rest = [n for n in u if n not in pos]
    if rest:
        _place_below(u, rest, pos, seed)
    return pos


def _separate_big_hubs(u: nx.Graph, hubs: list[str], pos: dict, rounds: int = 50) -> None:
    """Hubs are drawn large with large labels (page.py): keep the biggest apart, or a region
    and its report sit on each other's names."""
    big = [h for h in hubs if u.degree(h) >= 20][:60]
    if len(big) < 2:
        return
    xy = np.array([pos[h] for h in big], dtype=float)
    w = np.array([min(9.0, math.sqrt(u.degree(h)) / 1.8) for h in big])
    xy = _push_apart(xy, SPACING * 0.6 * (w[:, None] + w[None, :]), rounds)
    for h, (x, y) in zip(big, xy):
        pos[h] = (float(x), float(y))


def _subtree_sizes(roots: list[str], children: dict[str, list[str]]) -> dict[str, int]:
    size: dict[str, int] = {}
    for root in roots:
        stack, order = [root], []
        while stack:
            x = stack.pop()
            order.append(x)
            stack.extend(children.get(x, ()))
        for x in reversed(order):
            size[x] = 1 + sum(size[c] for c in children.get(x, ()))
    return size


def _spiral(root: str, children, size, pos) -> None:
    """Place the subtree under ``root`` on a sunflower spiral around it, larger subtrees
    first. A non-hub's spiral starts facing away from its own parent, so two cousins never
    land on the same spot (offsets that merely add up would commute)."""
    stack = [(root, 0.0, 1.0)]
    while stack:
        n, start, scale = stack.pop()
        kids = sorted(children.get(n, ()), key=lambda c: (-size[c], str(c)))
        cx, cy = pos[n]
        for i, c in enumerate(kids):
            r = SPACING * 0.7 * scale * math.sqrt(i + 1.5)
            a = start + i * _GOLDEN
            pos[c] = (cx + r * math.cos(a) * 1.4, cy + r * math.sin(a))
            stack.append((c, a, 0.8))


def _place_below(u: nx.Graph, rest: list[str], pos: dict, seed: int) -> None:
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    left, width = min(xs), max(max(xs) - min(xs), 20 * SPACING)
    top = max(ys) + 3 * SPACING
    x, row_h = left, 0.0
    comps = sorted(nx.connected_components(u.subgraph(rest)), key=lambda c: (-len(c), min(map(str, c))))
    for comp in comps:
        local = _spring(comp, seed, [(a, b) for a in comp for b in u[a] if b in comp])
        lx = [p[0] for p in local.values()]
        ly = [p[1] for p in local.values()]
        w, h = max(lx) - min(lx) + SPACING * 2, max(ly) - min(ly) + SPACING
        if x + w > left + width and x > left:
            x, top, row_h = left, top + row_h, 0.0
        for n, (px, py) in local.items():
            pos[n] = (x + px - min(lx), top + py - min(ly))
        x += w
        row_h = max(row_h, h)


def _push_apart(xy, want, rounds: int):
    """Push points apart until no two are closer than ``want`` (a distance, or one per pair),
    measuring across in label widths: labels are wider than tall."""
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0] / _LABEL_ASPECT, delta[..., 1])
        np.fill_diagonal(dist, 1e12)
        short = dist < want
        if not short.any():
            break
        push = np.where(short, (want - dist) / np.maximum(dist, 1e-6) / 2, 0.0)
        xy = xy + (delta * push[..., None]).sum(axis=1) * 0.5
    return xy
