"""kg push (Graph Store Protocol) and kg query --endpoint against a real Oxigraph server."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.push import PushError, graph_url, push
from kg.query import QueryError, run_endpoint, run_query
from kg.store import graph_counts, open_graph, write_store

pytest_plugins = ["fixtures.servers"]
pytestmark = pytest.mark.server

REPORT = "https://w3id.org/county-kg/id/report/002_35ba40385b99d8cc"


def graph_sizes(server) -> dict[str, int]:
    t = run_endpoint(server.query_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g.value: int(n.value) for g, n in t.rows}


def test_graph_url_encodes_the_iri():
    assert graph_url("http://h/store", "https://w3id.org/county-kg/id/report/三亚市-2021") == \
        "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fcounty-kg%2Fid%2Freport%2F%E4%B8%89%E4%BA%9A%E5%B8%82-2021"
    assert graph_url("http://h/ds?x=1", None) == "http://h/ds?x=1&default"


def test_push_then_query_answers_like_the_local_store(oxigraph_servers, seeds_build):
    server = oxigraph_servers("seeds")
    r = CliRunner().invoke(main, ["push", str(seeds_build.store), "--endpoint", server.store_url])
    assert r.exit_code == 0, r.output
    local = open_graph(seeds_build.store)
    assert graph_sizes(server) == graph_counts(local)
    for name, params in [("reports", {}), ("search_labels", {"text": "县"}), ("projects_by_status_year", {})]:
        a = run_query(name, params, graph=local)
        b = run_query(name, params, endpoint=server.query_url)
        assert a.columns == b.columns and sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))
    r = CliRunner().invoke(main, ["query", "reports", "--endpoint", server.query_url, "--format", "csv"])
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 1 + 5


def test_repushing_a_report_replaces_it(oxigraph_servers, sample_trig, tmp_path):
    server = oxigraph_servers("repush")
    sent = push(sample_trig, server.store_url)
    assert len(sent) == 5
    total = server.count()
    assert total == sum(sent.values())
    push(sample_trig, server.store_url, graphs=[REPORT])
    assert server.count() == total  # unchanged
    # a rebuilt report with one statement fewer replaces the old graph, others untouched
    src = open_graph(sample_trig)
    quads = list(src.quads_for_pattern(None, None, None, ox.NamedNode(REPORT)))
    path = tmp_path / "store"
    write_store({REPORT: quads[1:]}, path)
    before = graph_sizes(server)
    push(path, server.store_url)
    after = graph_sizes(server)
    assert after[REPORT] == before[REPORT] - 1
    assert {g: n for g, n in after.items() if g != REPORT} == {g: n for g, n in before.items() if g != REPORT}


def test_flat_file_goes_to_the_default_graph(oxigraph_servers, sample_trig, tmp_path):
    server = oxigraph_servers("flat")
    flat = tmp_path / "flat.ttl"
    flat_store = ox.Store()
    flat_store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                           for q in open_graph(sample_trig).quads_for_pattern(None, None, None, None))
    flat_store.dump(str(flat), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    sent = push(flat, server.store_url)
    push(flat, server.store_url)
    assert list(sent) == [""]
    t = run_endpoint(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(t.rows[0][0].value) == len(flat_store)


def test_unreachable_or_wrong_endpoints_are_one_line_errors(oxigraph_servers, sample_trig):
    with pytest.raises(PushError, match=r"http://127.0.0.1:9/store: cannot reach"):
        push(sample_trig, "http://127.0.0.1:9/store")
    server = oxigraph_servers("seeds")
    with pytest.raises(PushError, match=r"HTTP 4\d\d"):
        push(sample_trig, server.base + "/query")  # not a GSP URL
    with pytest.raises(QueryError, match="refused the query|HTTP 400"):
        run_endpoint(server.query_url, "SELECT * WHERE { ?s ?p }")
    r = CliRunner().invoke(main, ["push", str(sample_trig), "--endpoint", "http://127.0.0.1:9/store"])
    assert r.exit_code == 1 and "cannot reach" in r.output and len(r.output.strip().splitlines()) == 1
