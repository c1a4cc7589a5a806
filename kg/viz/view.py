"""A view from graph to page: select → (aggregate) → details → layout → HTML."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.viz.aggregate import aggregate
from kg.viz.details import node_details
from kg.viz.layout import layout
from kg.viz.page import page_data, render_page, write_atomic
from kg.viz.read import GraphReader
from kg.viz.select import ViewOptions, select_graph
from kg.datacache import gc_paused
from kg.viz.summary import read_extras, read_scope, scope_key, tables

_CHART_REGIONS = 12  # regions that get embedded charts (three charts each, ~0.3 s a chart)


@dataclass
class ViewResult:
    nodes: int
    edges: int
    note: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def build_page(store: ox.Store, opts: ViewOptions, title: str = "知识图谱", physics: bool = False,
               charts: bool = False) -> tuple[str, ViewResult]:
    """The HTML text of a view of ``store``, and what it holds."""
    with gc_paused():  # a few containers for each of up to 100,000 nodes and edges
        return _build_page(store, opts, title, physics, charts)


def _build_page(store: ox.Store, opts: ViewOptions, title: str, physics: bool,
                charts: bool) -> tuple[str, ViewResult]:
    reader = GraphReader(store)
    t = {"start": time.perf_counter()}
    # the store's summary (kg.viz.summary), if it has one that matches it: report names and
    # regions' observations for any view, and the folded overview and year views
    extras = read_extras(store)
    region_obs = None
    if extras is not None:
        found = tables(store)
        if found is not None:
            reader.node_table, reader.digests = found, found.digests
            reader.region_rows, reader.region_names = found.region_rows, found.regions_named
            reader.report_members = found.report_members
        reader.seed_report_labels(extras["reports"])
        region_obs = extras["region_obs"]
    key = scope_key(opts) if extras is not None else None
    summarised = read_scope(store, key, opts.max_nodes) if key is not None else None
    if summarised is not None:
        t["select"] = time.perf_counter()
        g, note = summarised
    else:
        g = select_graph(reader, opts, unfolded=True)
        t["select"] = time.perf_counter()
        note = ""
        if len(g) > opts.max_nodes:
            g, note = aggregate(reader, g, opts.max_nodes)
    t["aggregate"] = time.perf_counter()
    details = node_details(reader, g, region_obs)
    if charts:
        _add_charts(store, g, details)
    t["details"] = time.perf_counter()
    pos = layout(g)
    t["layout"] = time.perf_counter()
    text = render_page(page_data(g, pos, details, note, physics), title)
    t["page"] = time.perf_counter()
    steps = list(t)
    seconds = {b: round(t[b] - t[a], 3) for a, b in zip(steps, steps[1:])}
    return text, ViewResult(g.number_of_nodes(), g.number_of_edges(), note, seconds)


def write_view(store: ox.Store, output: str | os.PathLike[str], opts: ViewOptions, **kwargs) -> ViewResult:
    text, result = build_page(store, opts, **kwargs)
    write_atomic(text, Path(output))
    return result


def _add_charts(store: ox.Store, g, details: dict[str, dict]) -> None:
    """Embed indicator charts (SVG data URIs) in the details of the regions on the page."""
    from kg.chart import region_chart_uris

    regions = [n for n in g if g.nodes[n]["type"] == "Region" and details.get(n, {}).get("obsN")]
    regions.sort(key=lambda r: -details[r]["obsN"])
    for r in regions[:_CHART_REGIONS]:
        uris = region_chart_uris(store, r)
        if uris:
            details[r]["charts"] = uris
