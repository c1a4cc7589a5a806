"""One self-contained HTML page: vis-network's script and style, our own script, style and
the data, all inline. Nothing is fetched: a Content-Security-Policy with default-src 'none'
makes the browser refuse any external load, and allows only our own scripts by hash.

vis-network (dual Apache-2.0/MIT) is read at run time from the copy the pyvis package
ships, so we neither vendor it nor use pyvis's templates (which link a CDN). Node and
edge lists are filled directly: pyvis's ``Network.add_edge`` is quadratic.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import os
import re
import importlib.util
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_write
from kg.viz.terms import NODE_STYLES, RELATIONS

_ASSETS = Path(__file__).with_name("assets")
_VIS_DIR = "lib/vis-9.1.2"
_MARKER = re.compile(r"<!--KG:(TITLE)-->|/\*KG:(CSP|VIS_CSS|PAGE_CSS|VIS_JS|PAGE_JS|DATA)\*/")
_CSP = "default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's (JavaScript, CSS) from the installed pyvis package."""
    # found, not imported: importing pyvis loads jinja2 and its templates (~0.4 s) for two files
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed (kg viz reads vis-network from it)")
    lib = Path(list(spec.submodule_search_locations)[0]) / _VIS_DIR
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"))


def script_json(value: object) -> str:
    """JSON that can sit inside <script type="application/json"> whatever strings it holds:
    '<', '>' and '&' are written as \\u escapes, so '</script>' cannot end the block."""
    s = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_data(g: nx.MultiDiGraph, pos: dict, details: dict[str, dict], note: str,
              physics: bool) -> dict:
    """The page's data: nodes as [id, label, class, x, y, weight], edges as [from, to, label, dashed]."""
    # Sorted, not in query order: the same graph (Turtle or TriG, any store) gives the same page.
    order = list(NODE_STYLES)
    ranked = sorted(g, key=lambda n: (order.index(g.nodes[n]["type"]) if g.nodes[n]["type"] in order else 99,
                                      g.nodes[n]["label"], n))
    ids = {n: i for i, n in enumerate(ranked)}
    counts: dict[str, int] = {}
    nodes = []
    for n in ranked:
        d = g.nodes[n]
        # an aggregate is drawn as its members' class (colour, shape, legend entry, filter),
        # sized by how many it holds: the overview shows each region's mix at a glance
        t = d.get("member_type") or d["type"]
        t = t if t in NODE_STYLES else "Other"
        counts[t] = counts.get(t, 0) + 1
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append([ids[n], d["label"], t, round(x, 1), round(y, 1),
                      max(_weight(g.degree(n)), min(2.5, _weight(d.get("count", 0))))])
    edges = []
    for s, o, d in g.edges(data=True):
        rel = d.get("rel", "")
        label = RELATIONS.get(rel, rel if not rel.startswith("http") else rel.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        if d.get("count", 1) > 1:
            label += f" ×{d['count']}"
        edges.append([ids[s], ids[o], label, rel.endswith("#mentionedIn")])
    edges.sort()
    types = [{"key": k, "name": st.name, "color": st.color, "shape": st.shape, "size": st.size,
              "count": counts[k]} for k, st in NODE_STYLES.items() if k in counts]
    return {"nodes": nodes, "edges": edges, "types": types, "note": note, "physics": physics,
            "details": {ids[n]: details[n] for n in ranked if n in details}}


def _weight(degree: int) -> float:
    """How much larger a hub is drawn (node and label), so hubs stay named when zoomed out."""
    return round(min(9.0, max(1.0, math.sqrt(degree) / 1.8)), 2)


def render_page(data: dict, title: str) -> str:
    vis_js, vis_css = vis_assets()
    page_js = (_ASSETS / "page.js").read_text(encoding="utf-8")
    hashes = " ".join(f"'sha256-{_sha256(js)}'" for js in (vis_js, page_js))
    parts = {
        "TITLE": html.escape(title),
        "CSP": _CSP.format(hashes=hashes),
        "VIS_CSS": vis_css,
        "PAGE_CSS": (_ASSETS / "page.css").read_text(encoding="utf-8"),
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
        "DATA": script_json(data),
    }
    template = (_ASSETS / "page.html").read_text(encoding="utf-8")
    # one pass over the template: text inserted for one marker is never searched again
    return _MARKER.sub(lambda m: parts[m.group(1) or m.group(2)], template)


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def write_atomic(text: str, output: str | os.PathLike[str]) -> None:
    atomic_write(output, lambda f: f.write(text), text=True)
