"""The view summary (kg.viz.summary): written with the store, a folded view read from it is
the page the store gives without it, and a summary that no longer matches the store is
not used. Real stores: the seeds built by kg.build, the sample graphs written by write_store."""
from __future__ import annotations

import os
import shutil

import pyoxigraph as ox
import pytest

from kg.store import open_graph, write_store
from kg.viz import ViewOptions
from kg.viz.summary import SUMMARY_FILE, read_scope, scope_key, summarize_store
from kg.viz.view import build_page

pytest_plugins = ["fixtures.servers"]

CKG = "https://w3id.org/county-kg/ontology#"
CKR = "https://w3id.org/county-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def seeds_store(seeds_build, tmp_path_factory):
    """The seeds' store (with its summary) and a copy without one (the views' own path)."""
    bare = tmp_path_factory.mktemp("bare") / "store"
    shutil.copytree(seeds_build.store, bare)
    (bare / SUMMARY_FILE).unlink()
    return seeds_build.store, bare


def years_of(store_dir) -> list[int]:
    g = open_graph(store_dir)
    q = "SELECT DISTINCT ?y WHERE { ?r a <%sReport> ; <%sreviewYear>|<%splanYear> ?y }" % (CKG, CKG, CKG)
    return sorted({int(row["y"].value[:4]) for row in g.query(q, use_default_graph_as_union=True)})


def test_the_build_writes_a_summary_and_folded_views_read_it(seeds_store):
    summarised, _ = seeds_store
    assert (summarised / SUMMARY_FILE).is_file()
    store = open_graph(summarised)
    assert read_scope(store, "all", 60) is not None
    # views the summary cannot answer take the ordinary path
    assert scope_key(ViewOptions(regions=("临汾市",))) is None
    assert scope_key(ViewOptions(focus="曲沃县")) is None
    assert scope_key(ViewOptions(types=("Region", "Indicator"))) is None
    assert scope_key(ViewOptions(years=(2021, 2022))) is None
    assert read_scope(store, "all", 100_000) is None      # nothing folds: the view reads the store
    assert read_scope(open_graph(summarised / ".." / "graph.trig"), "all", 60) is None  # a file has no summary


@pytest.mark.parametrize("max_nodes", [12, 25, 100, 400])
def test_a_folded_view_from_the_summary_is_the_view_without_it(seeds_store, max_nodes):
    summarised, bare = seeds_store
    years = years_of(summarised)
    assert years
    used = 0
    views = [ViewOptions(max_nodes=max_nodes)] + [ViewOptions(years=(y,), max_nodes=max_nodes) for y in years]
    # views the summary does not hold still take report names and regions' observations from it
    views += [ViewOptions(regions=("临汾市",), max_nodes=max_nodes), ViewOptions(focus="曲沃县", hops=2, max_nodes=max_nodes)]
    for opts in views:
        fast = open_graph(summarised)
        used += read_scope(fast, scope_key(opts), max_nodes) is not None
        page, result = build_page(fast, opts, title="t")
        slow_page, slow = build_page(open_graph(bare), opts, title="t")
        assert (result.nodes, result.edges, result.note) == (slow.nodes, slow.edges, slow.note), opts
        assert page == slow_page, opts      # the same bytes: nodes, edges, positions, details
    if max_nodes == 12:  # every view folds everything: all of them came from the summary
        assert used == 1 + len(years)
    if max_nodes == 400:  # reports stay themselves in the overview: not the summary's graph
        assert read_scope(open_graph(summarised), "all", max_nodes) is None


def quads_by_graph(trig) -> dict[str, list[ox.Quad]]:
    """The file's quads by graph name, as write_store takes them."""
    graphs: dict[str, list[ox.Quad]] = {}
    for q in open_graph(trig).quads_for_pattern(None, None, None, None):
        graphs.setdefault(q.graph_name.value, []).append(q)
    return graphs


def nodes_in_note(note: str) -> int:
    return int(note.split(" ", 1)[0].replace(",", ""))


def test_a_stale_summary_is_ignored_and_a_rewrite_brings_it_up_to_date(tmp_path, sample_trig):
    graphs = quads_by_graph(sample_trig)
    path = tmp_path / "store"
    write_store(graphs, path)
    opts = ViewOptions(max_nodes=5)
    assert read_scope(open_graph(path), "all", 5) is not None
    _, before = build_page(open_graph(path), opts, title="t")
    # a SPARQL update through kg serve --writable changes the store, not the summary
    report = next(g for g in graphs if "/report/" in g)
    project = ox.NamedNode(CKR + "project/后加的项目")
    writer = open_graph(path, writable=True)
    writer.add(ox.Quad(project, ox.NamedNode(RDF_TYPE), ox.NamedNode(CKG + "Project"), ox.NamedNode(report)))
    writer.add(ox.Quad(project, ox.NamedNode(RDFS_LABEL), ox.Literal("后加的项目", language="zh"), ox.NamedNode(report)))
    writer.flush()
    del writer
    assert read_scope(open_graph(path), "all", 5) is None
    _, stale = build_page(open_graph(path), opts, title="t")   # the ordinary path sees the new project
    assert nodes_in_note(stale.note) == nodes_in_note(before.note) + 1
    # an incremental write (one report's graph replaced) recomputes it from the store as written
    write_store({report: graphs[report] + [ox.Quad(project, ox.NamedNode(RDF_TYPE), ox.NamedNode(CKG + "Project")),
                                           ox.Quad(project, ox.NamedNode(RDFS_LABEL), ox.Literal("重写的项目", language="zh"))]},
                path)
    store = open_graph(path)
    assert read_scope(store, "all", 5) is not None
    page, after = build_page(store, opts, title="t")
    assert nodes_in_note(after.note) == nodes_in_note(before.note) + 1
    wide, _ = build_page(open_graph(path), ViewOptions(max_nodes=40), title="t")
    (path / SUMMARY_FILE).unlink()
    assert build_page(open_graph(path), opts, title="t")[0] == page
    assert build_page(open_graph(path), ViewOptions(max_nodes=40), title="t")[0] == wide
    summarize_store(path)                      # added to an existing store, as index_store adds labels
    assert read_scope(open_graph(path), "all", 5) is not None


def test_a_summarised_view_reads_little_of_the_store(seeds_store):
    """With the summary a folded view reads from the store only what its drawn nodes show
    (their own triples for the details); without it, every node it folds."""
    from test_viz_store import CountingStore

    from kg.store import _remember_dir

    reads = {}
    for name, path in zip(("summary", "bare"), seeds_store):
        store = open_graph(path)
        counting = CountingStore(store)
        _remember_dir(counting, path)  # as open_graph remembers a store's directory
        build_page(counting, ViewOptions(max_nodes=12), title="t")  # type: ignore[arg-type]
        reads[name] = counting.read
    total = len(open_graph(seeds_store[0]))
    # seeds: 15 rows of 13,852 with the summary (the drawn nodes' own triples), 4,374 without
    assert reads["summary"] < 0.01 * total, (reads, total)
    assert reads["bare"] > 0.1 * total, (reads, total)


def test_a_write_without_a_summary_leaves_none_behind(tmp_path, sample_trig):
    """kg build --store --no-view-summary: no summary written, a previous one not carried
    over (it would describe the store before the write), and views take their own path."""
    graphs = quads_by_graph(sample_trig)
    path = tmp_path / "store"
    write_store(graphs, path)
    assert (path / SUMMARY_FILE).is_file()
    page, _ = build_page(open_graph(path), ViewOptions(max_nodes=5), title="t")
    report = next(g for g in graphs if "/report/" in g)
    write_store({report: graphs[report]}, path, view_summary=False)
    assert not (path / SUMMARY_FILE).exists()
    assert read_scope(open_graph(path), "all", 5) is None
    assert build_page(open_graph(path), ViewOptions(max_nodes=5), title="t")[0] == page


def test_kg_build_no_view_summary(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from kg.cli import main

    seed = sorted((Path(__file__).resolve().parent.parent / "seeds").iterdir())[0]
    for flag, written in (("--no-view-summary", False), ("--view-summary", True)):
        store = tmp_path / flag.strip("-")
        r = CliRunner().invoke(main, ["build", str(seed), "--store", str(store), "--no-cache", "-q", flag])
        assert r.exit_code == 0, r.output
        assert (store / SUMMARY_FILE).is_file() is written


def test_digests_members_and_region_tables_draw_what_the_store_draws(seeds_store, tmp_path, monkeypatch):
    """The summary's lookups for views it holds no graph of (--region, --focus): node digests
    (a node's triples with report links as indexes and only the first evidence sentences,
    their number kept), what links to each report, regions' observation rows and names. With
    every linked node digested and evidence cut at 2 sentences, the region and focus pages
    are the bytes the store gives without a summary (which reads every sentence)."""
    import kg.viz.details as details
    import kg.viz.summary as summary
    from test_viz_store import CountingStore

    from kg.store import _remember_dir

    _, bare = seeds_store
    path = tmp_path / "store"
    shutil.copytree(bare, path)
    monkeypatch.setattr(summary, "_HEAVY", 0)
    monkeypatch.setattr(summary, "_MAX_EVIDENCE", 2)
    monkeypatch.setattr(details, "_MAX_EVIDENCE", 2)
    summarize_store(path)
    found = summary.tables(open_graph(path))
    assert found is not None
    digested = [i for (i,) in found.connection().execute("SELECT iri FROM digest")]
    reports = [r for (r,) in found.connection().execute("SELECT report FROM member")]
    assert digested and reports
    assert any(d["evN"] > 2 and len(d["ev"]) == 2 for d in found.digests(digested).values())
    assert any(m for m in found.report_members(reports).values())
    region = found.regions_named("临汾市")
    assert region and found.regions_named(region[0].rsplit("/", 1)[-1]) == region
    q = """SELECT ?l (COUNT(?r) AS ?n) WHERE { ?e a <%sEnterprise> ; <%slabel> ?l ; <%smentionedIn> ?r }
           GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1""" % (CKG, "http://www.w3.org/2000/01/rdf-schema#", CKG)
    enterprise = next(iter(open_graph(bare).query(q, use_default_graph_as_union=True)))["l"].value
    views = [ViewOptions(regions=("临汾市",)), ViewOptions(regions=(region[0].rsplit("/", 1)[-1],)),
             ViewOptions(regions=("临汾市",), max_nodes=30), ViewOptions(focus="曲沃县", hops=2),
             ViewOptions(focus=enterprise, hops=2), ViewOptions(focus=enterprise, hops=2, max_nodes=40),
             ViewOptions(focus=enterprise, hops=1)]
    for opts in views:
        page, result = build_page(open_graph(path), opts, title="t")
        slow_page, slow = build_page(open_graph(bare), opts, title="t")
        assert (result.nodes, result.edges, result.note) == (slow.nodes, slow.edges, slow.note), opts
        assert page == slow_page, opts
    # and the region view reads less of the store for it
    reads = {}
    for name, d in (("summary", path), ("bare", bare)):
        counting = CountingStore(open_graph(d))
        _remember_dir(counting, d)
        build_page(counting, ViewOptions(regions=("临汾市",)), title="t")  # type: ignore[arg-type]
        reads[name] = counting.read
    assert reads["summary"] < reads["bare"] / 2, reads


def _combinations(years: list[int]) -> list[ViewOptions]:
    """The option combinations users give (docs/views.md): region, focus and year with each
    other, with --type, at a limit that folds and one that does not."""
    views = []
    for max_nodes in (25, 2000):
        for y in years:
            views += [ViewOptions(regions=("临汾市",), years=(y,), max_nodes=max_nodes),
                      ViewOptions(regions=("曲沃县",), years=(y,), max_nodes=max_nodes),
                      ViewOptions(focus="曲沃县", years=(y,), max_nodes=max_nodes),
                      ViewOptions(focus="曲沃县", hops=2, years=(y,), max_nodes=max_nodes),
                      ViewOptions(years=(y,), types=("Region", "Indicator"), max_nodes=max_nodes),
                      ViewOptions(years=(y,), types=("Region", "Enterprise", "Policy"), max_nodes=max_nodes),
                      ViewOptions(regions=("临汾市",), years=(y,), types=("Project", "Region"), max_nodes=max_nodes)]
        views += [ViewOptions(regions=("临汾市",), types=("Region", "Indicator"), max_nodes=max_nodes),
                  ViewOptions(focus="曲沃县", hops=1, types=("Region", "Project"), max_nodes=max_nodes),
                  ViewOptions(focus="曲沃县", hops=2, types=("Region", "Enterprise"), max_nodes=max_nodes)]
    return views


def test_option_combinations_draw_what_the_ordinary_path_draws(seeds_store, monkeypatch):
    """The fast paths of combined options (issue 12) against the path they replace: a year
    filter deciding on each node's own triples (select._PER_NODE) or on the summary's report
    members, report links read from the side of small classes (GraphReader._from_typed_side),
    a year's dated nodes typed in the store, a focus neighbourhood cut down without being
    made a networkx graph first. Each page must be the bytes of the old path's."""
    from kg.viz import read as read_mod, select as select_mod

    summarised, bare = seeds_store
    years = years_of(summarised)
    plain_dated = read_mod.GraphReader.dated
    induced = select_mod.Neighbourhood.induced

    def ordinary():
        monkeypatch.setattr(select_mod, "_PER_NODE", -1)
        monkeypatch.setattr(read_mod.GraphReader, "_from_typed_side", lambda self, p, objects, names: False)
        monkeypatch.setattr(read_mod.GraphReader, "dated", lambda self, years, wanted_types=(): plain_dated(self, years))
        monkeypatch.setattr(select_mod.Neighbourhood, "induced", lambda self, keep: self.to_networkx().subgraph(keep).copy())

    def fast(per_node: int, typed_side: bool):
        monkeypatch.setattr(select_mod, "_PER_NODE", per_node)
        monkeypatch.setattr(read_mod.GraphReader, "_from_typed_side",
                            lambda self, p, objects, names: typed_side and p in read_mod._REPORT_LINKS)
        monkeypatch.setattr(read_mod.GraphReader, "dated", plain_dated)
        monkeypatch.setattr(select_mod.Neighbourhood, "induced", induced)

    checked = 0
    for opts in _combinations(years):
        ordinary()
        try:
            want, want_result = build_page(open_graph(bare), opts, title="t")
        except select_mod.SelectionError:
            continue
        for store_dir, per_node, typed_side in [(summarised, 5000, True), (summarised, -1, True),
                                                 (summarised, 5000, False), (bare, 5000, True)]:
            fast(per_node, typed_side)
            page, result = build_page(open_graph(store_dir), opts, title="t")
            assert (result.nodes, result.edges, result.note) == (want_result.nodes, want_result.edges,
                                                                 want_result.note), (opts, store_dir, per_node)
            assert page == want, (opts, store_dir, per_node, typed_side)
        checked += 1
    assert checked >= 20


def test_a_summary_made_in_two_processes_is_the_summary_made_in_one(seeds_store, tmp_path, monkeypatch):
    """A large store's node table, digests and report members are made by a forked child
    (kg.workers.Forked) while the parent folds the scopes: the same summary, row for row,
    from the store as write_store has it open (read-write) or as summarize_store opens it;
    and a child that fails leaves the parent to make them."""
    import sqlite3

    from kg.viz import summary
    from kg.workers import Forked

    def rows(path):
        con = sqlite3.connect(path / SUMMARY_FILE)
        try:
            return {t: con.execute(f"SELECT * FROM {t}").fetchall() for (t,) in
                    con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")}
        finally:
            con.close()

    forks = []

    class Counted(Forked):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            forks.append(self.process is not None)

    monkeypatch.setattr(summary, "Forked", Counted)
    monkeypatch.setattr(summary, "FORK_AT", 10**9)
    one = tmp_path / "one"
    shutil.copytree(seeds_store[0], one)
    summarize_store(one)
    assert not forks
    monkeypatch.setattr(summary, "FORK_AT", 0)
    monkeypatch.setattr(summary, "CORE_FREE", -1)   # however busy the machine is
    two = tmp_path / "two"
    shutil.copytree(seeds_store[0], two)
    summarize_store(two)
    assert forks == [True]
    assert rows(two) == rows(one)
    # as write_store has it: the store open for writing, flushed
    store = ox.Store(str(tmp_path / "rw"))
    store.bulk_extend(open_graph(seeds_store[0]))
    store.flush()
    assert summary.summarize(store) == summary.summarize(ox.Store.read_only(str(one)))
    assert forks == [True, True, True]
    # a child that fails: the parent makes its part itself
    parent, tail = os.getpid(), summary._tail

    def fails_in_a_child(store, reader):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return tail(store, reader)

    monkeypatch.setattr(summary, "_tail", fails_in_a_child)
    three = tmp_path / "three"
    shutil.copytree(seeds_store[0], three)
    summarize_store(three)
    assert forks[-1] is True
    assert rows(three) == rows(one)


def test_a_report_linked_from_a_blank_node_has_no_members_in_the_summary(seeds_store, tmp_path):
    """The projection holds IRI subjects only: a report something else links to (a blank
    node, found in the same scan of the report links) is left to the store."""
    from kg.viz.summary import _MEMBERS, Projection, summarize

    store = ox.Store(str(tmp_path / "store"))
    store.bulk_extend(open_graph(seeds_store[0]))
    q = f"SELECT DISTINCT ?r ?g WHERE {{ GRAPH ?g {{ ?r a <{CKG}Report> }} }} ORDER BY ?r"
    reports = [(row["r"], row["g"]) for row in store.query(q)]
    linked, graph = reports[0]
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode(CKG + "mentionedIn"), linked, graph))
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode(CKG + "mentionedIn"), ox.Literal("no IRI"), graph))
    store.flush()
    assert Projection(store).odd_links == {linked.value}
    members = {r for r, _ in summarize(store)[_MEMBERS]}
    assert linked.value not in members and reports[1][0].value in members


def test_scope_rows_do_not_depend_on_set_order():
    """The folds make nodes and edges in set order, which changes with the process's hash
    seed: the stored graph is sorted, so one store always gives the same summary."""
    from kg.viz.summary import _from_json, _to_json

    nodes = {"r:2": {"type": "Region", "label": "乙"}, "agg:Project:r:1": {"type": "Aggregate", "count": 3},
             "r:1": {"type": "Region", "label": "甲"}}
    edges = [("agg:Project:r:1", "r:1", 0, {"relation": "region", "count": 3}),
             ("r:1", "r:2", 0, {"relation": "partOf"}),
             ("agg:Project:r:1", "r:2", 0, {"relation": "region", "count": 1})]
    one = _to_json(nodes, edges)
    other = _to_json(dict(reversed(list(nodes.items()))), list(reversed(edges)))
    assert one == other
    g = _from_json(one)
    assert set(g.nodes) == set(nodes) and g.number_of_edges() == 3
    assert g.nodes["r:2"]["label"] == "乙"
