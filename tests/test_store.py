"""kg.store: the on-disk store the build writes and every query command reads."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from kg.store import SHARED_GRAPH, StoreError, graph_counts, is_store_dir, load_store, open_graph, write_store

pytest_plugins = ["fixtures.servers"]


def by_graph(store: ox.Store) -> dict[str, list[ox.Quad]]:
    out: dict[str, list[ox.Quad]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        out.setdefault(q.graph_name.value, []).append(q)
    return out


def sorted_nquads(store: ox.Store) -> list[str]:
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def sample_graphs(sample_trig):
    return by_graph(open_graph(sample_trig))


def test_write_then_open_holds_every_quad(tmp_path, sample_trig, sample_graphs):
    counts = write_store(sample_graphs, tmp_path / "store")
    assert is_store_dir(tmp_path / "store")
    assert counts == {g: len(qs) for g, qs in sample_graphs.items()}
    assert SHARED_GRAPH in counts
    assert sorted_nquads(open_graph(tmp_path / "store")) == sorted_nquads(open_graph(sample_trig))


def test_rebuilding_one_report_replaces_only_its_graph(tmp_path, sample_graphs):
    path = tmp_path / "store"
    write_store(sample_graphs, path)
    report = "https://w3id.org/county-kg/id/report/002_35ba40385b99d8cc"
    new = [ox.Triple(q.subject, q.predicate, q.object) for q in sample_graphs[report][:5]]  # Triples too
    write_store({report: new}, path)
    counts = graph_counts(open_graph(path))
    assert counts[report] == 5
    assert all(counts[g] == len(qs) for g, qs in sample_graphs.items() if g != report)
    # the same graph again: the total does not change
    write_store({report: new}, path)
    assert graph_counts(open_graph(path)) == counts
    # replace=False adds to the graph instead
    write_store({report: sample_graphs[report]}, path, replace=False)
    assert graph_counts(open_graph(path))[report] == len(sample_graphs[report])


def test_a_failed_write_leaves_the_previous_store(tmp_path, sample_graphs):
    path = tmp_path / "store"
    write_store(sample_graphs, path)
    before = sorted_nquads(open_graph(path))
    report = next(g for g in sample_graphs if "/report/" in g)

    def broken():
        yield sample_graphs[report][0]
        raise RuntimeError("extraction crashed half way")

    with pytest.raises(RuntimeError):
        write_store({report: broken()}, path)
    assert sorted_nquads(open_graph(path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no temp dirs left


def test_query_reads_the_store_while_another_handle_writes(tmp_path, sample_graphs):
    path = tmp_path / "store"
    write_store(sample_graphs, path)
    writer = open_graph(path, writable=True)   # e.g. kg serve --writable holds it
    reader = open_graph(path)                  # kg query opens read-only
    assert len(reader) == len(writer)


@pytest.mark.parametrize("ext", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_open_graph_reads_every_format(tmp_path, sample_trig, ext):
    src = open_graph(sample_trig)
    path = tmp_path / f"g.{ext}"
    fmt = ox.RdfFormat.from_extension(ext)
    if fmt.supports_datasets:
        src.dump(str(path), fmt)
        assert sorted_nquads(open_graph(path)) == sorted_nquads(src)
    else:
        src.dump(str(path), fmt, from_graph=ox.NamedNode(SHARED_GRAPH))
        assert len(open_graph(path)) == graph_counts(src)[SHARED_GRAPH]


def test_errors_name_the_path(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="notes.txt: unknown graph file extension"):
        open_graph(tmp_path / "notes.txt")
    with pytest.raises(StoreError, match="no such graph file"):
        open_graph(tmp_path / "missing.ttl")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "a").write_text("x")
    with pytest.raises(StoreError, match="not a county-kg store"):
        open_graph(tmp_path / "plain")
    with pytest.raises(StoreError, match="exists and is not a county-kg store"):
        write_store({}, tmp_path / "plain")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(StoreError, match="bad.ttl: not valid"):
        open_graph(bad)


def test_load_store_keeps_report_graphs_and_refuses_flat_files(tmp_path, sample_trig):
    counts = load_store(sample_trig, tmp_path / "store")
    assert len(counts) == 5
    flat = tmp_path / "flat.nt"
    open_graph(sample_trig).dump(str(flat), ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(SHARED_GRAPH))
    with pytest.raises(StoreError, match="outside named graphs"):
        load_store(flat, tmp_path / "store2")


def test_the_seeds_build_writes_a_store_equal_to_its_trig(seeds_build):
    assert sorted_nquads(open_graph(seeds_build.store)) == sorted_nquads(open_graph(seeds_build.trig))


# ---- the label index ----------------------------------------------------------------------

def test_write_store_indexes_every_label_and_finds_substrings(tmp_path, sample_graphs):
    from kg.store import LABELS_FILE, collect_labels, label_index

    path = tmp_path / "store"
    write_store(sample_graphs, path)
    assert (path / LABELS_FILE).is_file()
    store = open_graph(path)
    index = label_index(store)
    assert index is not None
    labels = collect_labels(store)
    # every label, name and title, each found by its own text and by a part of it
    for lit in labels:
        found = index.containing(lit.value[:3] if len(lit.value) >= 3 else lit.value)
        assert found is not None and str(lit) in found
    assert index.containing("晋南") and all("晋南" in t for t in index.containing("晋南"))
    assert index.containing("gdp") == index.containing("GDP")    # case-insensitive superset
    assert index.containing("no such label anywhere") == []
    assert index.containing('a"b') is None                       # escaped characters: no answer
    # a graph file opened into memory has no index
    assert label_index(open_graph(tmp_path / "store")) is not None
    flat = tmp_path / "g.nq"
    store.dump(str(flat), ox.RdfFormat.N_QUADS)
    assert label_index(open_graph(flat)) is None


def test_rewriting_one_graph_keeps_the_other_graphs_labels(tmp_path, sample_graphs):
    from kg.store import collect_labels, label_index

    path = tmp_path / "store"
    write_store(sample_graphs, path)
    report = "https://w3id.org/county-kg/id/report/002_35ba40385b99d8cc"
    new = ox.Triple(ox.NamedNode("https://w3id.org/county-kg/id/project/x"),
                    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("全新的标签", language="zh"))
    write_store({report: [new]}, path)
    store = open_graph(path)
    index = label_index(store)
    assert index is not None and index.containing("全新的标签") == ['"全新的标签"@zh']
    for lit in collect_labels(store):
        assert str(lit) in index.containing(lit.value)


def test_an_index_that_no_longer_matches_the_store_is_not_used(tmp_path, sample_graphs):
    from kg.store import index_store, label_index

    path = tmp_path / "store"
    write_store(sample_graphs, path)
    writer = open_graph(path, writable=True)   # kg serve --writable, a SPARQL update
    writer.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                       ox.Literal("后加的"), ox.NamedNode("http://example.org/g")))
    writer.flush()
    del writer
    assert label_index(open_graph(path)) is None
    index_store(path)                          # rebuilt: used again, and holds the new label
    assert label_index(open_graph(path)).containing("后加") == ['"后加的"']


def test_substring_parameters_give_the_same_rows_with_and_without_the_index(tmp_path, sample_graphs):
    from kg.query import resolve, run_local
    from kg.query.run import with_label_index
    from kg.store import LABELS_FILE

    path = tmp_path / "store"
    write_store(sample_graphs, path)
    indexed = open_graph(path)
    plain_copy = tmp_path / "plain"
    shutil.copytree(path, plain_copy)
    (plain_copy / LABELS_FILE).unlink()
    plain = open_graph(plain_copy)
    for name, params in [("project_history", {"project": "晋南"}), ("project_history", {"project": "项目"}),
                         ("project_history", {"project": "没有这个"}), ("policy_timeline", {"policy": "振兴"}),
                         ("search_labels", {"text": "县"}), ("search_labels", {"text": "gdp"})]:
        q = resolve(name)
        text = q.bind(params)
        if "_label" in q.text:   # the index is used where the query asks for it
            assert "_label {" in with_label_index(indexed, text)
            assert with_label_index(plain, text) == text
        a, b = run_local(indexed, text), run_local(plain, text)
        assert a.columns == b.columns and sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))
