"""kg.query.plan: required triple patterns move ahead of OPTIONALs only where the rows
cannot change, whole listings read their patterns as scans, and the rows are the same with
and without the rewriting."""
from __future__ import annotations

from collections import Counter

import pytest

from kg.query.plan import for_oxigraph
from kg.query.run import PREFIXES
from kg.store import open_graph

pytest_plugins = ["fixtures.servers"]


def squash(text: str) -> str:
    return " ".join(text.split())


def test_labels_written_last_move_before_the_optionals():
    # (from a given region, so the patterns stay lookups)
    q = """SELECT * WHERE { ?o ckg:region <r> ; ckg:indicator ?i .
             OPTIONAL { ?o ckg:value ?v } OPTIONAL { ?o ckg:unit ?u }
             ?i skos:prefLabel ?il . <r> rdfs:label ?rl }"""
    assert squash(for_oxigraph(q)) == squash(
        """SELECT * WHERE { ?o ckg:region <r> ; ckg:indicator ?i .
             ?i skos:prefLabel ?il . <r> rdfs:label ?rl . OPTIONAL { ?o ckg:value ?v }
             OPTIONAL { ?o ckg:unit ?u } }""")


def test_a_whole_listing_reads_each_pattern_as_a_scan_joined_subject_by_subject():
    q = """SELECT * WHERE { ?o a ckg:Observation ; ckg:region ?r OPTIONAL { ?o ckg:value ?v }
             ?r rdfs:label ?rl }"""
    assert squash(for_oxigraph(q)) == squash(
        """SELECT * WHERE { { SELECT ?o ?r WHERE { { SELECT ?o WHERE { ?o a ckg:Observation } }
             { SELECT ?o ?r WHERE { ?o ckg:region ?r } } } } { SELECT ?r ?rl WHERE { ?r rdfs:label ?rl } }
             OPTIONAL { { SELECT ?o ?v WHERE { ?o ckg:value ?v } } } }""")


@pytest.mark.parametrize("query", [
    # a given IRI, a literal, or a VALUES variable used in a pattern: lookups stay lookups
    "SELECT * WHERE { ?o ckg:region <r> ; ckg:year ?y }",
    'SELECT * WHERE { ?r rdfs:label "曲沃县"@zh . ?o ckg:region ?r }',
    'SELECT * WHERE { VALUES ?n { "曲沃县"@zh } ?r rdfs:label ?n . ?o ckg:region ?r }',
    # a variable predicate, and patterns inside GRAPH (a subquery there would not see it)
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { GRAPH ?g { ?s ckg:evidence ?e } }",
])
def test_lookups_from_a_given_term_are_not_turned_into_scans(query):
    assert for_oxigraph(query) == query


@pytest.mark.parametrize("query", [
    # the moved pattern would join on a variable only the OPTIONAL binds
    "SELECT * WHERE { ?o ckg:a <c> OPTIONAL { ?o ckg:value ?v } ?v ckg:x ?y }",
    # the OPTIONAL's filter would see a variable it does not see where written
    "SELECT * WHERE { ?o ckg:a <c> OPTIONAL { ?o ckg:value ?v FILTER(?y > 1) } ?o ckg:x ?y }",
    # nothing moves past a BIND, a subquery or a MINUS
    "SELECT * WHERE { ?o ckg:a <c> OPTIONAL { ?o ckg:value ?v } BIND(1 AS ?z) ?o ckg:x ?y }",
    "SELECT * WHERE { ?o ckg:a <c> OPTIONAL { ?o ckg:value ?v } { SELECT ?o WHERE { ?o ?p ?q } } ?o ckg:x ?y }",
    "SELECT * WHERE { ?o ckg:a <c> OPTIONAL { ?o ckg:value ?v } MINUS { ?o ?y 1 } ?o ckg:x ?y }",
    # required patterns already first: nothing to do
    "SELECT * WHERE { ?o ckg:a <c> ; ckg:x ?y OPTIONAL { ?o ckg:value ?v } }",
])
def test_a_move_that_could_change_the_rows_is_not_made(query):
    assert for_oxigraph(query) == query


def test_a_branch_that_cannot_have_rows_goes_and_a_name_given_is_looked_up_from():
    q = """SELECT * WHERE {
      { SELECT ?i WHERE { VALUES ?_x { "GDP"@zh } ?i skos:altLabel ?_x FILTER(BOUND(?_y)) } }
      UNION { SELECT ?i WHERE { VALUES ?_x { "GDP"@zh } ?i a ckg:Indicator FILTER(!BOUND(?_x)) } }
      ?o ckg:indicator ?i }"""
    # the first branch is empty (nothing binds ?_y), the second too (?_x is given): no rows
    assert squash(for_oxigraph(q)) == squash(
        "SELECT * WHERE { FILTER(false) { SELECT ?i ?o WHERE { ?o ckg:indicator ?i } } }")
    q = """SELECT * WHERE {
      { SELECT ?i WHERE { VALUES ?_x { "GDP"@zh } ?i skos:altLabel ?_x FILTER(BOUND(?_x)) } }
      UNION { SELECT ?i WHERE { VALUES ?_x { "GDP"@zh } ?i a ckg:Indicator FILTER(!BOUND(?_x)) } }
      ?o ckg:indicator ?i ; ckg:year ?y }"""
    assert squash(for_oxigraph(q)) == squash(
        """SELECT * WHERE { { SELECT ?i WHERE { VALUES ?_x { "GDP"@zh } ?i skos:altLabel ?_x FILTER(BOUND(?_x)) } }
           LATERAL { ?o ckg:indicator ?i ; ckg:year ?y . } }""")


def test_keywords_in_strings_iris_and_comments_are_not_syntax():
    q = ('SELECT * WHERE { ?o ckg:a "OPTIONAL {" OPTIONAL { ?o <http://x/{OPTIONAL}> ?v }\n'
         '  ?o ckg:x ?y # OPTIONAL { this is a comment\n}')
    out = for_oxigraph(q)
    assert squash(out) == squash('SELECT * WHERE { ?o ckg:a "OPTIONAL {" . ?o ckg:x ?y . '
                                 'OPTIONAL { ?o <http://x/{OPTIONAL}> ?v } }')


def test_groups_inside_are_reordered_too():
    q = ("SELECT * WHERE { <a> ckg:p ?b OPTIONAL { ?b ckg:q ?c OPTIONAL { ?c ckg:r ?d } ?c ckg:s ?e } }")
    assert squash(for_oxigraph(q)) == squash(
        "SELECT * WHERE { <a> ckg:p ?b . OPTIONAL { ?b ckg:q ?c . ?c ckg:s ?e . OPTIONAL { ?c ckg:r ?d } } }")


QUERIES = [
    """SELECT ?o ?il ?rl ?v ?u WHERE { ?o a ckg:Observation ; ckg:indicator ?i ; ckg:region ?r .
         OPTIONAL { ?o ckg:value ?v } OPTIONAL { ?o ckg:unit ?u } ?i skos:prefLabel ?il . ?r rdfs:label ?rl }""",
    """SELECT ?p ?pl ?e ?el WHERE { ?p a ckg:Project OPTIONAL { ?p ckg:enterprise ?e }
         ?p rdfs:label ?pl OPTIONAL { ?e rdfs:label ?el } }""",
    """SELECT ?r ?rl ?l ?pl WHERE { ?r a ckg:Region OPTIONAL { ?r ckg:level ?l }
         OPTIONAL { ?r ckg:partOf ?p . ?p rdfs:label ?pl } ?r rdfs:label ?rl FILTER(BOUND(?pl)) }""",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_rows_are_the_same_with_and_without_the_rewriting(query, gold_trig):
    store = open_graph(gold_trig)
    moved = for_oxigraph(query)
    assert moved != query

    def rows(text):
        return Counter(tuple(str(t) for t in row)
                       for row in store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES))

    assert rows(moved) == rows(query) and rows(query)
