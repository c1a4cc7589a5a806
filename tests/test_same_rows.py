"""Each fact once: a plain SPARQL query gives the same rows on the Turtle file, the TriG and
N-Quads files, the embedded store and a real server (union default graph), because no
statement sits in two graphs. The queries are what a user writes: no DISTINCT, no path
tricks, labels joined last."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.build import build
from kg.push import push
from kg.query import run_endpoint, run_local
from kg.store import open_graph

pytest_plugins = ["fixtures.servers"]
pytestmark = pytest.mark.server
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PLAIN = {
    # the query of issue 12: observations with their labels, value, unit and growth
    "observations": """
        SELECT ?o ?il ?rl ?k ?y ?v ?u ?g ?ev WHERE {
          ?o a ckg:Observation ; ckg:indicator ?i ; ckg:kind ?k ; ckg:year ?y ;
             ckg:region ?r ; ckg:evidence ?ev .
          OPTIONAL { ?o ckg:value ?v } OPTIONAL { ?o ckg:unit ?u } OPTIONAL { ?o ckg:growthRate ?g }
          ?i skos:prefLabel ?il .
          ?r rdfs:label ?rl
        }""",
    "observations_per_region": """
        SELECT ?rl (COUNT(*) AS ?n) WHERE { ?o a ckg:Observation ; ckg:region ?r . ?r rdfs:label ?rl }
        GROUP BY ?rl""",
    "project_stages": """
        SELECT ?pl ?rl ?st ?y ?rep ?ev WHERE {
          ?p a ckg:Project ; rdfs:label ?pl ; ckg:stage ?s .
          ?s ckg:status ?st ; ckg:year ?y ; prov:wasDerivedFrom ?rep ; ckg:evidence ?ev .
          OPTIONAL { ?p ckg:region ?r . ?r rdfs:label ?rl }
        }""",
    "enterprises_and_projects": """
        SELECT ?el ?alt ?pl ?rl WHERE {
          ?e a ckg:Enterprise ; rdfs:label ?el .
          OPTIONAL { ?e skos:altLabel ?alt }
          ?p ckg:enterprise ?e ; rdfs:label ?pl .
          ?e ckg:region ?r . ?r rdfs:label ?rl
        }""",
    "policy_mentions": """
        SELECT ?pl ?k ?title ?rl WHERE {
          ?p a ckg:Policy ; rdfs:label ?pl ; ckg:policyKind ?k ; ckg:mentionedIn ?rep .
          ?rep ckg:region ?r ; dcterms:title ?title . ?r rdfs:label ?rl
        }""",
    "region_hierarchy": """
        SELECT ?rl ?level ?pl ?code WHERE {
          ?r a ckg:Region ; rdfs:label ?rl ; ckg:partOf ?parent .
          ?parent rdfs:label ?pl .
          OPTIONAL { ?r ckg:level ?level } OPTIONAL { ?r ckg:adminCode ?code }
        }""",
    "evidence": "SELECT ?x ?ev WHERE { ?x ckg:evidence ?ev }",
    "labels": "SELECT ?x ?l WHERE { { ?x rdfs:label ?l } UNION { ?x skos:prefLabel ?l } UNION { ?x skos:altLabel ?l } }",
    "everything": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
}


@pytest.fixture(scope="module")
def four_ways(tmp_path_factory, oxigraph_servers):
    out = tmp_path_factory.mktemp("four-ways")
    files = [out / "graph.ttl", out / "graph.trig", out / "graph.nq"]
    build([SEEDS], files, store=out / "store", cache_dir=None, jobs=1)
    server = oxigraph_servers("four-ways")
    push(out / "store", server.store_url)
    stores = {p.suffix: open_graph(p) for p in files}
    stores["store"] = open_graph(out / "store")
    return stores, server


def rows(table) -> Counter:
    return Counter(tuple(repr(t) for t in row) for row in table.rows)


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_plain_query_gives_the_same_rows_everywhere(name, four_ways):
    stores, server = four_ways
    text = PLAIN[name]
    answers = {where: rows(run_local(store, text, name)) for where, store in stores.items()}
    answers["server"] = rows(run_endpoint(server.query_url, text, name))
    reference = answers[".ttl"]
    assert reference, f"{name}: no rows on the seeds"
    for where, got in answers.items():
        assert got == reference, f"{name}: {where} differs from the Turtle file"


def test_the_observation_query_sees_each_observation_once_per_label_pair(four_ways):
    stores, _ = four_ways
    n = run_local(stores["store"], "SELECT (COUNT(*) AS ?n) WHERE { ?o a ckg:Observation }").rows[0][0]
    joined = run_local(stores["store"], """SELECT (COUNT(*) AS ?n) WHERE {
        ?o a ckg:Observation ; ckg:region ?r . ?r rdfs:label ?rl }""").rows[0][0]
    assert int(n.value) == int(joined.value) > 100   # one region label each, as in the file
