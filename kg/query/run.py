"""Run one SPARQL query on a graph file, a store directory or a remote endpoint."""
from __future__ import annotations

import json
import os
import re
import socket
import urllib.error

import pyoxigraph as ox

from kg.query.canned import bind_labels, bound_values, label_params, strip_comments
from kg.vocab import PREFIXES as VOCAB_PREFIXES
from kg.query.results import Table, table_from_json, table_from_ox

# Prefixes every query may use without declaring them (declared ones win).
PREFIXES = VOCAB_PREFIXES


class QueryError(Exception):
    """A query that failed; the message names the query and the graph or endpoint."""


def run_local(store: ox.Store, text: str, name: str = "query") -> Table:
    """Evaluate on a pyoxigraph store. The default graph is the union of all graphs, so a
    query without GRAPH sees every report, as on a server run with a union default graph.

    A substring parameter that the query also uses as ``?_NAME_label`` is resolved with the
    store's label index, when it has one (kg.store.label_index), to the labels containing
    it; the query's own filter still decides, so the rows are the same without the index.
    Required triple patterns written after an OPTIONAL are moved before it where that keeps
    the rows (kg.query.plan)."""
    from kg.query.order import sort_rows, split_order

    try:
        ordered = split_order(text)
        if ordered is not None:  # sorted here, ~50x faster than oxigraph's ORDER BY (kg.query.order)
            table = _evaluate(store, ordered[0])
            if sort_rows(table, ordered[1]):
                return table
        return _evaluate(store, text)
    except SyntaxError as e:
        raise QueryError(f"{name}: SPARQL syntax error: {str(e).splitlines()[0]}") from e
    except OSError as e:
        raise QueryError(f"{name}: evaluation failed: {str(e).splitlines()[0]}") from e


def _evaluate(store: ox.Store, text: str) -> Table:
    return table_from_ox(store.query(local_text(store, text), use_default_graph_as_union=True, prefixes=PREFIXES))


def write_local_csv(store: ox.Store, text: str, out, name: str = "query") -> bool:
    """Write a SELECT query's rows to the binary stream ``out`` as SPARQL 1.1 CSV, serialised
    by oxigraph as it evaluates (kg.query.format.format_csv writes the same bytes from a
    Table; tested): a listing of 50,000 rows skips making 450,000 Python terms. False, with
    nothing written, for an ASK, CONSTRUCT or DESCRIBE query or one ordered in Python (the
    caller formats those)."""
    from kg.query.order import split_order

    if split_order(text) is not None:
        return False
    text = local_text(store, text)
    try:
        result = store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        if not isinstance(result, ox.QuerySolutions):
            return False
        out.write(result.serialize(format=ox.QueryResultsFormat.CSV))  # one write: oxigraph writes a stream in small pieces
        return True
    except SyntaxError as e:
        raise QueryError(f"{name}: SPARQL syntax error: {str(e).splitlines()[0]}") from e
    except OSError as e:
        raise QueryError(f"{name}: evaluation failed: {str(e).splitlines()[0]}") from e


def local_text(store: ox.Store, text: str) -> str:
    """The query as the embedded store runs it, with the same rows: in the shape oxigraph
    plans well (kg.query.plan), with the label index for part-of-a-name parameters."""
    from kg.query.plan import for_oxigraph

    return for_oxigraph(with_label_index(store, text), count=store_counter(store, text))


_COUNTS: dict[int, tuple[ox.Store, dict[str, dict]]] = {}
_PREFIX_DECL = re.compile(r"(?im)^\s*PREFIX\s+[\w.-]*:\s*<[^<>\s]*>")


def store_counter(store: ox.Store, text: str):
    """``count(term, is_class)`` for kg.query.plan: how many statements in ``store`` have
    the predicate ``term`` (or ``term`` as rdf:type), read up to the planner's ``FEW`` (a
    bounded range read: about a millisecond); the query's own prefixes resolve the term."""
    from kg.query.plan import FEW

    prologue = "\n".join(m.group(0).strip() for m in _PREFIX_DECL.finditer(strip_comments(text)))
    # kept per store and prologue (kg serve plans many queries on one store): a count gone
    # stale after writes changes the plan only, never the rows
    entry = _COUNTS.get(id(store))
    if entry is None or entry[0] is not store:
        entry = _COUNTS[id(store)] = (store, {})
        while len(_COUNTS) > 8:
            del _COUNTS[next(iter(_COUNTS))]
    seen = entry[1].setdefault(prologue, {})

    def count(term: str, is_class: bool) -> int | None:
        if (term, is_class) not in seen:
            pattern = f"?s a {term}" if is_class else f"?s {term} ?o"
            q = f"{prologue}\nSELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ {pattern} }} LIMIT {FEW} }}"
            try:
                rows = list(store.query(q, use_default_graph_as_union=True, prefixes=PREFIXES))
                seen[term, is_class] = int(rows[0][0].value)
            except (SyntaxError, OSError, ValueError, IndexError):
                seen[term, is_class] = None
        return seen[term, is_class]

    return count


# Above this many matching labels, binding them would cost more than the scan it saves.
MAX_LABELS = 20000


def with_label_index(store: ox.Store, text: str) -> str:
    names = label_params(text)
    if not names:
        return text
    values = {k: v for k, v in bound_values(text).items() if k in names}
    if not values:
        return text
    from kg.store import label_index

    index = label_index(store)
    if index is None:
        return text
    labels = {}
    for k, v in values.items():
        found = index.containing(v)
        if found is not None and len(found) <= MAX_LABELS:
            labels[k] = found
    return bind_labels(text, labels)


def declare_prefixes(text: str) -> str:
    # Remote engines do not know our default prefixes; declare the ones the query lacks.
    missing = [p for p in PREFIXES if f"{p}:" in text and not _declares(text, p)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text


def _declares(text: str, prefix: str) -> bool:
    return re.search(rf"(?im)^\s*PREFIX\s+{re.escape(prefix)}:", text) is not None


def run_endpoint(endpoint: str, text: str, name: str = "query", timeout: float = 60,
                 user: str | None = None, password: str | None = None, auth: str = "basic") -> Table:
    """Evaluate on a SPARQL 1.1 Protocol endpoint through SPARQLWrapper (POST, JSON results;
    CONSTRUCT/DESCRIBE ask for N-Triples)."""
    from SPARQLWrapper import DIGEST, JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sw = SPARQLWrapper(endpoint)
    sw.setMethod(POST)
    sw.setTimeout(int(timeout))
    # Comments go: SPARQLWrapper guesses the query form from words in the text, and a
    # header saying "under construction" would make a SELECT look like a CONSTRUCT.
    sw.setQuery(declare_prefixes(strip_comments(text)))
    if user:
        sw.setCredentials(user, password or os.environ.get("KG_ENDPOINT_PASSWORD", ""))
        if auth == "digest":
            sw.setHTTPAuth(DIGEST)
    graph_query = sw.queryType in ("CONSTRUCT", "DESCRIBE")
    if graph_query:
        sw.setReturnFormat(N3)
        sw.addCustomHttpHeader("Accept", "application/n-triples")
    else:
        sw.setReturnFormat(JSON)
    try:
        response = sw.query()
        body = response.response.read()
    except SPARQLWrapperException as e:
        raise QueryError(f"{name}: {endpoint} refused the query: {str(e).splitlines()[0]}") from e
    except urllib.error.HTTPError as e:
        raise QueryError(f"{name}: {endpoint} answered HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as e:
        reason = getattr(e, "reason", e)
        raise QueryError(f"{name}: cannot reach {endpoint}: {reason}") from e
    try:
        if graph_query:
            triples = ox.Store()
            triples.load(body, format=ox.RdfFormat.N_TRIPLES)
            return table_from_ox(triples.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
        return table_from_json(json.loads(body))
    except (ValueError, KeyError, SyntaxError) as e:
        raise QueryError(f"{name}: {endpoint} sent an unreadable answer: {e}") from e
