"""Load a graph into a remote store by the SPARQL 1.1 Graph Store Protocol.

Each named graph (one per report, plus the shared graph) is sent with HTTP PUT to
``GSP_URL?graph=IRI``, which replaces that graph on the server: re-pushing a report
replaces it and leaves every other graph alone. Triples outside named graphs (a flat
Turtle file) go to ``GSP_URL?default``, replacing the server's default graph.
"""
from __future__ import annotations

import base64
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from kg.store import open_graph

NTRIPLES = "application/n-triples"


class PushError(Exception):
    """The server refused a graph or could not be reached; the message names the URL."""


@dataclass
class Auth:
    user: str
    password: str
    scheme: str = "basic"   # or "digest" (Virtuoso's /sparql-graph-crud-auth)


def graph_url(gsp_url: str, graph: str | None) -> str:
    """The GSP target for one graph: ``?graph=<encoded IRI>``, or ``?default``."""
    sep = "&" if "?" in gsp_url else "?"
    if graph is None:
        return f"{gsp_url}{sep}default"
    return f"{gsp_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def _opener(auth: Auth | None, url: str) -> urllib.request.OpenerDirector:
    if auth and auth.scheme == "digest":
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, auth.user, auth.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(mgr))
    return urllib.request.build_opener()


def put_graph(gsp_url: str, graph: str | None, body: bytes, *, auth: Auth | None = None,
              timeout: float = 120, opener: urllib.request.OpenerDirector | None = None) -> int:
    """PUT one graph as N-Triples; returns the HTTP status (201 created, 200/204 replaced)."""
    url = graph_url(gsp_url, graph)
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": NTRIPLES})
    if auth and auth.scheme == "basic":
        token = base64.b64encode(f"{auth.user}:{auth.password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with (opener or _opener(auth, gsp_url)).open(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
        raise PushError(f"{gsp_url}: HTTP {e.code} {e.reason} for graph {graph or 'default'}"
                        + (f": {detail[0]}" if detail else "")) from e
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as e:
        raise PushError(f"{gsp_url}: cannot reach the server: {getattr(e, 'reason', e)}") from e


def push(source: str | os.PathLike[str] | ox.Store, gsp_url: str, *, auth: Auth | None = None,
         graphs: list[str] | None = None, timeout: float = 120) -> dict[str, int]:
    """Push every named graph of ``source`` (a graph file, store dir or open store), or only
    ``graphs``; returns graph IRI ("" for the default graph) -> triples sent."""
    store = source if isinstance(source, ox.Store) else open_graph(source)
    names: list[ox.NamedNode | ox.DefaultGraph] = sorted(store.named_graphs(), key=lambda g: g.value)
    if graphs is not None:
        wanted = set(graphs)
        missing = wanted - {g.value for g in names}
        if missing:
            raise PushError(f"{source}: has no graph {', '.join(sorted(missing))}")
        names = [g for g in names if g.value in wanted]
    elif next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        names.append(ox.DefaultGraph())
    opener = _opener(auth, gsp_url)
    sent: dict[str, int] = {}
    for g in names:
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
        put_graph(gsp_url, g.value if isinstance(g, ox.NamedNode) else None, body,
                  auth=auth, timeout=timeout, opener=opener)
        sent[g.value if isinstance(g, ox.NamedNode) else ""] = body.count(b"\n")
    return sent
