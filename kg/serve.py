"""``kg serve``: a local SPARQL 1.1 Protocol endpoint with a query page, standard library only.

Routes: ``/`` the query page (offline, no CDN), ``/query`` (GET ?query= or POST, SPARQL
1.1 Protocol), ``/update`` (only with ``writable``), ``/queries`` (the canned queries as
JSON), ``/views`` (the graph views HTML file, when there is one).

Timeouts: pyoxigraph cannot cancel a running query, but it releases the GIL, so the
query runs in a worker thread and the client gets 503 when the time is up. At most
``max_running`` queries evaluate at once, so runaway queries cannot pile up.

Limits: the endpoint stays inside. ``SERVICE`` (and ``LOAD``, with ``writable``) would make
it send requests wherever a client asks, so it refuses them (400) unless started with
``allow_service``; a request body past ``max_body`` bytes gets 413, a result past
``max_result`` bytes 400 (the result is serialised into a bounded buffer, so a huge one
stops there rather than filling memory).
"""
from __future__ import annotations

import json
import os
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.query.canned import list_queries
from kg.query.remote import outgoing
from kg.query.run import PREFIXES, local_text

PAGE = Path(__file__).parent / "query" / "static" / "query_page.html"
MAX_BODY = 10 * 1024 * 1024     # bytes of a request body (a query, a form, an update)
MAX_RESULT = 100 * 1024 * 1024  # bytes of a serialised result

# Result media types we answer with, by what the client accepts (first match wins).
SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values",
                "xml": "application/sparql-results+xml", "ttl": "text/turtle", "nt": "application/n-triples"}


class QueryTimeout(Exception):
    pass


class Refused(Exception):
    """A request this endpoint will not run; the message is the one-line reason."""


class _Capped:
    """A write-only buffer that refuses to grow past ``limit`` bytes (pyoxigraph serialises
    into it chunk by chunk)."""

    def __init__(self, limit: int):
        self.data = bytearray()
        self.limit = limit

    def write(self, chunk) -> int:
        if self.limit and len(self.data) + len(chunk) > self.limit:
            raise Refused(f"the result is larger than {self.limit / 2**20:g} MB: narrow the query or "
                          f"add a LIMIT (kg serve --max-result sets the limit)")
        self.data += chunk
        return len(chunk)

    def flush(self) -> None:
        pass


class Endpoint:
    """The store and the rules: read-only unless ``writable``, a per-query timeout."""

    def __init__(self, store: ox.Store, *, writable: bool = False, timeout: float = 30,
                 views: Path | None = None, max_running: int = 2, allow_service: bool = False,
                 max_body: int = MAX_BODY, max_result: int = MAX_RESULT):
        self.store = store
        self.writable = writable
        self.timeout = timeout
        self.views = views
        self.allow_service = allow_service
        self.max_body = max_body
        self.max_result = max_result
        self.slots = threading.BoundedSemaphore(max_running)
        self.lock = threading.Lock()  # updates run one at a time

    def _guarded(self, fn):
        if not self.slots.acquire(timeout=self.timeout):
            raise QueryTimeout(f"the server is busy (all query slots taken for {self.timeout:g} s)")
        outcome: dict = {}
        done = threading.Event()

        def job():
            try:
                outcome["value"] = fn()
            except BaseException as e:  # handed to the waiting request thread
                outcome["error"] = e
            finally:
                self.slots.release()
                done.set()

        # A daemon thread, not a pool worker: pyoxigraph cannot cancel a running query, and a
        # runaway one must not keep the process alive at exit. Its slot frees when it ends.
        threading.Thread(target=job, name="sparql", daemon=True).start()
        if not done.wait(self.timeout):
            raise QueryTimeout(f"query timed out after {self.timeout:g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def check_outgoing(self, text: str) -> None:
        keyword = None if self.allow_service else outgoing(text)
        if keyword:
            raise Refused(f"{keyword} refused: this endpoint sends no requests to other servers "
                          f"(start kg serve with --allow-service to allow {keyword})")

    def query(self, text: str, accept: str, default_graphs: list[str], named_graphs: list[str]) -> tuple[bytes, str]:
        self.check_outgoing(text)
        kwargs: dict = {"prefixes": PREFIXES}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]

        def evaluate():
            # as kg query runs it: optionals last, the label index for part-of-a-name parameters
            result = self.store.query(local_text(self.store, text), **kwargs)
            out = _Capped(self.max_result)
            refused = None
            try:
                if isinstance(result, ox.QueryTriples):
                    media = negotiate(accept, GRAPH_TYPES, "application/n-triples")
                    result.serialize(out, format=GRAPH_TYPES[media])
                else:
                    media = negotiate(accept, SOLUTION_TYPES, "application/sparql-results+json")
                    result.serialize(out, format=SOLUTION_TYPES[media])
            except Refused as e:
                refused = str(e)
            finally:
                del result  # pyoxigraph's results must be dropped on the thread that made them
            if refused:
                raise Refused(refused)
            return bytes(out.data), media

        return self._guarded(evaluate)

    def update(self, text: str) -> None:
        self.check_outgoing(text)

        def apply():
            with self.lock:
                self.store.update(text)

        self._guarded(apply)


def negotiate(accept: str, offered: dict, default: str) -> str:
    """The first offered type the Accept header names (q-values in order of appearance)."""
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, bits[0].lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
    return default


class BodyTooLarge(ValueError):
    pass


class Handler(BaseHTTPRequestHandler):
    server_version = "county-kg"
    endpoint: Endpoint  # set on the subclass made by make_server
    timeout = 60  # seconds a socket read or write may wait: a stalled client frees its thread

    def log_message(self, fmt, *args):  # quiet: one line per request only when asked
        if os.environ.get("KG_SERVE_LOG"):
            super().log_message(fmt, *args)

    # ---- plumbing
    def _send(self, status: int, body: bytes, media: str, head_only: bool = False) -> None:
        self.send_response(status)
        textual = media.startswith("text/") or media.endswith("json")
        self.send_header("Content-Type", f"{media}; charset=utf-8" if textual else media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.strip() + "\n").encode("utf-8"), "text/plain")

    def _body(self) -> bytes:
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ValueError("Content-Length is not a number") from None
        if n < 0:
            raise ValueError("Content-Length is negative")
        limit = self.endpoint.max_body
        if limit and n > limit:
            self.close_connection = True  # the body is not read
            raise BodyTooLarge(f"request body of {n:,} bytes is over the {limit:,} allowed "
                               f"(kg serve --max-body sets the limit)")
        return self.rfile.read(n) if n else b""

    # ---- routes
    def do_HEAD(self):
        self.do_GET(head_only=True)

    def do_GET(self, head_only: bool = False):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            return self._send(200, PAGE.read_bytes(), "text/html", head_only)
        if url.path == "/query":
            if "query" not in params:
                return self._error(400, "missing 'query' parameter")
            return self._query(params["query"][0], params)
        if url.path == "/queries":
            doc = [{"name": q.name, "title": q.title, "answers": q.answers, "params": q.params,
                    "examples": q.examples, "text": q.text} for q in list_queries()]
            return self._send(200, json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/json", head_only)
        if url.path == "/views":
            views = self.endpoint.views
            if views is None or not views.is_file():
                return self._error(404, "no graph views: start kg serve with --views FILE.html (see kg viz)")
            return self._send(200, views.read_bytes(), "text/html", head_only)
        return self._error(404, f"no such page: {url.path}")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            body = self._body().decode("utf-8")
        except BodyTooLarge as e:
            return self._error(413, str(e))
        except (ValueError, UnicodeDecodeError) as e:
            return self._error(400, str(e))
        if media == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(body, keep_blank_values=True))
            body = None
        if url.path == "/query":
            text = body if media == "application/sparql-query" else (params.get("query") or [None])[0]
            if not text:
                return self._error(400, "expected a query: application/sparql-query body or form field 'query'")
            return self._query(text, params)
        if url.path == "/update":
            if not self.endpoint.writable:
                return self._error(403, "this endpoint is read-only (start kg serve with --writable to allow updates)")
            text = body if media == "application/sparql-update" else (params.get("update") or [None])[0]
            if not text:
                return self._error(400, "expected an update: application/sparql-update body or form field 'update'")
            try:
                self.endpoint.update(text)
            except Refused as e:
                return self._error(400, str(e))
            except SyntaxError as e:
                return self._error(400, f"SPARQL syntax error: {e}")
            except QueryTimeout as e:
                return self._error(503, str(e))
            except OSError as e:
                return self._error(500, f"update failed: {e}")
            return self._send(204, b"", "text/plain")
        return self._error(404, f"no such endpoint: {url.path}")

    def _query(self, text: str, params: dict) -> None:
        accept = self.headers.get("Accept") or ""
        if params.get("format"):
            accept = FORMAT_PARAM.get(params["format"][0], params["format"][0])
        try:
            body, media = self.endpoint.query(text, accept, params.get("default-graph-uri", []),
                                              params.get("named-graph-uri", []))
        except Refused as e:
            return self._error(400, str(e))
        except SyntaxError as e:
            return self._error(400, f"SPARQL syntax error: {e}")
        except QueryTimeout as e:
            return self._error(503, str(e))
        except (OSError, ValueError) as e:
            return self._error(500, f"query failed: {e}")
        self._send(200, body, media)


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 7878, *, writable: bool = False,
                timeout: float = 30, views: Path | None = None, allow_service: bool = False,
                max_body: int = MAX_BODY, max_result: int = MAX_RESULT) -> ThreadingHTTPServer:
    """A ready, not yet serving, HTTP server (port 0 picks a free port: see server_address)."""
    endpoint = Endpoint(store, writable=writable, timeout=timeout, views=views, allow_service=allow_service,
                        max_body=max_body, max_result=max_result)
    handler = type("BoundHandler", (Handler,), {"endpoint": endpoint})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def default_views() -> Path | None:
    p = Path("out/graph.html")
    return p if p.is_file() else None
