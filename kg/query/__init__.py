"""Querying: canned and ad-hoc SPARQL on a graph file, a store directory or an endpoint.

``run_query("indicator_by_region_year", {"region": "曲沃县"}, graph="out/graph.ttl")``
returns a ``Table``; ``kg.query.format`` turns it into a table, CSV or JSON.
"""
from __future__ import annotations

import os

import pyoxigraph as ox

from kg.query.canned import CannedQuery, QuerySpecError, list_queries, resolve
from kg.query.results import Table, Term
from kg.query.run import QueryError, run_endpoint, run_local

__all__ = ["CannedQuery", "QueryError", "QuerySpecError", "Table", "Term", "list_queries",
           "resolve", "run_query", "run_endpoint", "run_local"]


def run_query(spec: str | CannedQuery, params: dict[str, str] | None = None, *,
              graph: str | os.PathLike[str] | ox.Store | None = None,
              endpoint: str | None = None, timeout: float = 60,
              user: str | None = None, password: str | None = None) -> Table:
    """Run a canned query name, a .rq path or SPARQL text, with parameters bound.

    ``graph`` is a graph file, a store directory or an open ``pyoxigraph.Store``; or give
    ``endpoint`` (a SPARQL query URL) instead.
    """
    q = spec if isinstance(spec, CannedQuery) else resolve(spec)
    text = q.bind(params or {})
    if endpoint:
        return run_endpoint(endpoint, text, q.name, timeout=timeout, user=user, password=password)
    if graph is None:
        raise QueryError(f"{q.name}: no graph given (a graph file, a store directory or an endpoint)")
    if isinstance(graph, ox.Store):
        return run_local(graph, text, q.name)
    from kg.store import open_graph

    return run_local(open_graph(graph), text, q.name)
