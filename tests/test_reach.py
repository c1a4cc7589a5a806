"""A policy's reach (kg.graph.reach): ckg:reportCount and ckg:regionCount, stated once in
the shared graph, are what counting its mentions in the graph gives."""
from __future__ import annotations

from kg.graph.rdf import SHARED_GRAPH
from kg.query.run import run_local
from kg.store import open_graph

COUNTED = """SELECT ?p ?reports ?regions ?rc ?gc WHERE {
  { SELECT ?p (COUNT(DISTINCT ?rep) AS ?reports) (COUNT(DISTINCT ?r) AS ?regions) WHERE {
      ?p a ckg:Policy ; ckg:mentionedIn ?rep . OPTIONAL { ?rep ckg:region ?r } } GROUP BY ?p }
  OPTIONAL { ?p ckg:reportCount ?rc } OPTIONAL { ?p ckg:regionCount ?gc } }"""


def test_counts_are_the_mentions_counted(seed_build):
    rows = run_local(open_graph(seed_build["trig"]), COUNTED).values()
    assert len(rows) > 300
    assert all(rc == reports and gc == regions for _, reports, regions, rc, gc in rows)
    assert sum(regions >= 2 for _, _, regions, _, _ in rows) >= 20  # policies several regions share
    assert max(reports for _, reports, _, _, _ in rows) >= 4


def test_counts_live_once_in_the_shared_graph(seed_build):
    store = open_graph(seed_build["trig"])
    q = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p ckg:reportCount ?c } } GROUP BY ?g"""
    rows = run_local(store, q).values()
    assert [g for g, _ in rows] == [SHARED_GRAPH]
