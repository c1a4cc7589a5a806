"""ORDER BY sorted in Python for the embedded store (kg.query.order): the same order as
oxigraph's own sort, on every canned query and on the cases SPARQL orders."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query import list_queries
from kg.query.order import sort_rows, split_order
from kg.query.results import table_from_ox
from kg.query.run import PREFIXES, local_text, run_local
from kg.store import open_graph

pytest_plugins = ["fixtures.servers"]
QUERIES = list_queries()


@pytest.fixture(scope="module")
def gold(gold_trig):
    return open_graph(gold_trig)


def engine_sorted(store, text):
    """The rows as oxigraph orders them (the query as written, not split)."""
    return table_from_ox(store.query(local_text(store, text), use_default_graph_as_union=True, prefixes=PREFIXES))


def key_columns(table, keys):
    idx = [table.columns.index(k) for k, _ in keys]
    # a blank node's id is the engine's own, run to run: only its place in the order counts
    return [tuple("bnode" if row[i] is not None and row[i].kind == "bnode" else row[i] for i in idx)
            for row in table.rows]


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: q.name)
def test_canned_queries_come_in_oxigraphs_order(gold, q):
    for params in ({}, q.examples[0]):
        text = q.bind(params)
        split = split_order(text)
        if "LIMIT" in text.upper().split("ORDER BY")[-1]:
            assert split is None  # a LIMIT needs the order first: left to the engine
            continue
        assert split is not None, f"{q.name}: its ORDER BY is one Python sorts"
        ours, theirs = run_local(gold, text), engine_sorted(gold, text)
        assert sorted(map(repr, ours.rows)) == sorted(map(repr, theirs.rows))
        assert key_columns(ours, split[1]) == key_columns(theirs, split[1]), q.name


def test_what_is_split_and_what_is_left_to_the_engine():
    base = "PREFIX ex: <http://example.org/>\nSELECT ?a ?b WHERE { ?a ex:p ?b . FILTER(?b != \"ORDER BY ?x\") }"
    text, keys = split_order(base + "\n# ORDER BY in a comment\nORDER BY DESC(?b) ?a ASC(?b)")
    assert keys == [("b", True), ("a", False), ("b", False)] and text.rstrip().endswith("}")
    assert "ORDER BY ?x" in text  # the string is kept as it was
    assert split_order(base) is None
    assert split_order(base + " ORDER BY ?a LIMIT 10") is None
    assert split_order(base + " ORDER BY STR(?a)") is None
    assert split_order("CONSTRUCT { ?a ?a ?a } WHERE { ?a ?b ?c } ORDER BY ?a") is None
    # an ORDER BY inside a subquery is the subquery's
    assert split_order("SELECT * WHERE { { SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 2 } }") is None


MIXED = """SELECT ?v ?w WHERE { { VALUES (?v ?w) {
  (UNDEF 1) (<http://example.org/z> 1) (<http://example.org/a> 1) ("b" 2) ("a" 2) ("é" 2) ("B" 2) ("县" 1) } }
  UNION { BIND(BNODE("x") AS ?v) BIND(2 AS ?w) } }"""
NUMBERS = """SELECT ?v WHERE { VALUES ?v { 10 2.5 "1e1"^^<http://www.w3.org/2001/XMLSchema#double> -3 0.25 UNDEF } }"""


@pytest.mark.parametrize("order", ["?v", "DESC(?v)", "?w DESC(?v)", "DESC(?w) ?v"])
def test_sparql_term_order(order):
    store = ox.Store()
    for body in (MIXED, NUMBERS):
        if "?w" in order and "?w" not in body:
            continue
        text = f"{body} ORDER BY {order}"
        keys = split_order(text)[1]
        ours, theirs = run_local(store, text), engine_sorted(store, text)
        assert key_columns(ours, keys) == key_columns(theirs, keys), text


def test_orders_sparql_leaves_open_go_to_the_engine():
    store = ox.Store()
    for values in ('"a" 1', '"a"@zh "b"@zh', '"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
                   '"NaN"^^<http://www.w3.org/2001/XMLSchema#double> 1'):
        text = f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }}"
        table = engine_sorted(store, text)
        assert not sort_rows(table, [("v", False)])
        assert len(run_local(store, text + " ORDER BY ?v").rows) == 2
    assert not sort_rows(engine_sorted(store, "SELECT ?v WHERE { VALUES ?v { 1 } }"), [("w", False)])
