"""kg serve: the SPARQL 1.1 Protocol endpoint and its query page, tested over real HTTP."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import list_queries, run_query
from kg.serve import make_server, negotiate
from kg.store import open_graph

pytest_plugins = ["fixtures.servers"]


def start(store, **kw):
    server = make_server(store, "127.0.0.1", 0, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


@pytest.fixture(scope="module")
def gold_endpoint(gold_trig, tmp_path_factory):
    views = tmp_path_factory.mktemp("views") / "graph.html"
    views.write_text("<html><body>graph views</body></html>", encoding="utf-8")
    server, base = start(open_graph(gold_trig), views=views)
    yield base
    server.shutdown()
    server.server_close()


def get(url, headers=None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
        return r.status, r.headers.get("Content-Type"), r.read()


def post(url, body: bytes, media: str, accept: str = "application/sparql-results+json"):
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": media, "Accept": accept})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers.get("Content-Type"), r.read()


def status_of(fn, *args, **kw) -> tuple[int, str]:
    try:
        code, _, body = fn(*args, **kw)
        return code, body.decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?p a ckg:Project }"


def test_page_works_offline(gold_endpoint):
    code, media, body = get(gold_endpoint + "/")
    html = body.decode()
    assert code == 200 and media.startswith("text/html")
    assert "<textarea" in html and "fetch(\"query\"" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the page must not load anything remote"
    code, media, body = get(gold_endpoint + "/queries")
    names = {q["name"] for q in json.loads(body)}
    assert names == {q.name for q in list_queries()}


def test_sparql_protocol_get_and_both_posts(gold_endpoint):
    n_local = None
    for code, media, body in [
        get(gold_endpoint + "/query?" + urllib.parse.urlencode({"query": COUNT})),
        post(gold_endpoint + "/query", COUNT.encode(), "application/sparql-query"),
        post(gold_endpoint + "/query", urllib.parse.urlencode({"query": COUNT}).encode(),
             "application/x-www-form-urlencoded"),
    ]:
        assert code == 200 and media.startswith("application/sparql-results+json")
        n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
        assert n > 100 and n_local in (None, n)
        n_local = n


def test_content_negotiation(gold_endpoint):
    q = urllib.parse.urlencode({"query": "SELECT ?r WHERE { ?r a ckg:Report }"})
    _, media, body = get(f"{gold_endpoint}/query?{q}", {"Accept": "text/csv"})
    assert media.startswith("text/csv") and len(list(csv.reader(io.StringIO(body.decode())))) == 6
    _, media, body = get(f"{gold_endpoint}/query?{q}&format=tsv")
    assert media.startswith("text/tab-separated-values")
    c = urllib.parse.urlencode({"query": "CONSTRUCT { ?r a ckg:Report } WHERE { ?r a ckg:Report }"})
    _, media, body = get(f"{gold_endpoint}/query?{c}", {"Accept": "text/turtle;q=0.5, application/n-triples"})
    assert media.startswith("application/n-triples")
    g = ox.Store()
    g.load(body, format=ox.RdfFormat.N_TRIPLES)
    assert len(g) == 5
    assert negotiate("text/csv;q=0.2, application/sparql-results+json", {"text/csv": 1, "application/sparql-results+json": 2}, "x") \
        == "application/sparql-results+json"


def test_canned_queries_answer_as_the_embedded_store(gold_endpoint, gold_trig):
    local = open_graph(gold_trig)
    for q in list_queries():
        a = run_query(q, q.examples[0], graph=local)
        b = run_query(q, q.examples[0], endpoint=gold_endpoint + "/query")
        assert a.columns == b.columns
        assert len(a.rows) == len(b.rows), q.name


def test_read_only_by_default_and_errors(gold_endpoint):
    code, body = status_of(post, gold_endpoint + "/update", b"INSERT DATA { <a:a> <a:b> <a:c> }",
                           "application/sparql-update")
    assert code == 403 and "read-only" in body
    code, body = status_of(get, gold_endpoint + "/query?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"}))
    assert code == 400 and "syntax" in body
    assert status_of(get, gold_endpoint + "/query")[0] == 400
    assert status_of(get, gold_endpoint + "/nope")[0] == 404


def test_views_link(gold_endpoint, sample_trig):
    code, media, body = get(gold_endpoint + "/views")
    assert code == 200 and b"graph views" in body
    server, base = start(open_graph(sample_trig))
    try:
        assert status_of(get, base + "/views")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_writable_endpoint_accepts_updates(sample_trig):
    store = open_graph(sample_trig)
    server, base = start(store, writable=True)
    try:
        code, _ = status_of(post, base + "/update", b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }",
                            "application/sparql-update")
        assert code == 204
        body = json.loads(get(base + "/query?" + urllib.parse.urlencode({"query": "ASK { <urn:a> <urn:b> 1 }"}))[2])
        assert body["boolean"] is True
    finally:
        server.shutdown()
        server.server_close()


def test_slow_query_times_out_with_503():
    store = ox.Store()
    p = ox.NamedNode("urn:p")
    store.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), p, ox.Literal(i % 7)) for i in range(400))
    server, base = start(store, timeout=0.05)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z FILTER(?x != ?z) }"
    try:
        t0 = time.monotonic()
        code, body = status_of(get, base + "/query?" + urllib.parse.urlencode({"query": slow}))
        assert code == 503 and "timed out" in body
        assert time.monotonic() - t0 < 5
    finally:
        server.shutdown()
        server.server_close()


def test_kg_serve_command_listens_on_loopback(sample_trig):
    # port 0: the system picks a free port as it binds (a port found free beforehand can be
    # taken by another process before the server binds it), and the server says which
    proc = subprocess.Popen([str(Path(sys.executable).parent / "kg"), "serve", str(sample_trig), "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/ .*read-only", line)
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        code, _, body = get(f"http://127.0.0.1:{m.group(1)}/query?" + urllib.parse.urlencode({"query": COUNT}))
        assert code == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == 4
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Listener:
    """A real HTTP server on a loopback port that notes every request it gets and answers
    each with an empty SPARQL result, as a SERVICE target would."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.seen = []

        class Note(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                seen.append((self.command, self.path))
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Note)
        self.url = "http://127.0.0.1:%d/query" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    ear = Listener()
    yield ear
    ear.close()


def _outgoing_requests(url: str) -> list[tuple[str, bytes, str]]:
    """The ways a client can ask for SERVICE: (path, body, media) for POST, or body None for GET."""
    forms = [f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
             f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
             f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",  # the grammar undoes \u escapes
             f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}"]
    out = [("/query?" + urllib.parse.urlencode({"query": q}), None, "") for q in forms]
    out.append(("/query", forms[0].encode(), "application/sparql-query"))
    out.append(("/query", urllib.parse.urlencode({"query": forms[1]}).encode(), "application/x-www-form-urlencoded"))
    return out


def test_read_only_endpoint_refuses_service_and_sends_nothing(sample_trig, listener):
    server, base = start(open_graph(sample_trig))
    try:
        for path, body, media in _outgoing_requests(listener.url):
            code, text = status_of(get, base + path) if body is None else status_of(post, base + path, body, media)
            assert code == 400, (path, code, text)
            assert len(text.strip().splitlines()) == 1 and "SERVICE refused" in text and "--allow-service" in text
        # a query that only names the word is answered
        q = "SELECT ?service WHERE { BIND('SERVICE <http://x/>' AS ?service) } # SERVICE <http://x/>"
        assert status_of(get, base + "/query?" + urllib.parse.urlencode({"query": q}))[0] == 200
    finally:
        server.shutdown()
        server.server_close()
    time.sleep(0.3)
    assert listener.seen == []


def test_writable_endpoint_refuses_load_and_service_in_updates(tmp_path, listener):
    server, base = start(ox.Store(str(tmp_path / "store")), writable=True)
    try:
        for update in (f"LOAD <{listener.url}> INTO GRAPH <urn:g>",
                       f"INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"):
            code, text = status_of(post, base + "/update", update.encode(), "application/sparql-update")
            assert code == 400 and "refused" in text, text
    finally:
        server.shutdown()
        server.server_close()
    time.sleep(0.3)
    assert listener.seen == []


def test_allow_service_lets_the_request_through(sample_trig, listener):
    """The other side of the refusal test: with the option, the listener does see the request
    (so the test above would notice an endpoint that sends one)."""
    server, base = start(open_graph(sample_trig), allow_service=True)
    try:
        q = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        code, _ = status_of(get, base + "/query?" + urllib.parse.urlencode({"query": q}))
        assert code == 200
    finally:
        server.shutdown()
        server.server_close()
    assert listener.seen and listener.seen[0][1].startswith("/query")


def test_request_body_and_result_size_are_limited(sample_trig):
    import http.client

    server, base = start(open_graph(sample_trig), max_body=1000, max_result=4000)
    host, port = server.server_address[:2]
    try:
        small = b"SELECT * WHERE { ?s ?p ?o } LIMIT 2"
        assert status_of(post, base + "/query", small, "application/sparql-query")[0] == 200
        code, text = status_of(post, base + "/query", small + b" " * 2000, "application/sparql-query")
        assert code == 413 and "--max-body" in text
        for length in ("-1", "lots"):  # a negative length once made the handler wait for ever
            conn = http.client.HTTPConnection(host, port, timeout=10)
            conn.putrequest("POST", "/query")
            conn.putheader("Content-Type", "application/sparql-query")
            conn.putheader("Content-Length", length)
            conn.endheaders()
            r = conn.getresponse()
            assert r.status == 400, (length, r.status)
            conn.close()
        code, text = status_of(get, base + "/query?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
        assert code == 400 and "larger than" in text and "LIMIT" in text
        code, text = status_of(get, base + "/query?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}))
        assert code == 400 and "larger than" in text
    finally:
        server.shutdown()
        server.server_close()
