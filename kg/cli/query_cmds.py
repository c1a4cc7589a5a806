"""`kg query`, `kg push`, `kg export`, `kg serve`: thin over kg.query, kg.push, kg.export, kg.serve."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import main

# Where `kg query` and `kg serve` look when no graph is named: the store, then the graph
# file that `kg build` writes by default in this project (make run).
DEFAULT_SOURCES = (Path("out/store"), Path("out/graph.trig"), Path("out/graph.ttl"))


def _default_source() -> Path:
    from kg.store import is_store_dir

    for p in DEFAULT_SOURCES:
        if (p.is_dir() and is_store_dir(p)) or p.is_file():
            return p
    raise click.UsageError("no graph given: use --graph FILE, --store DIR or --endpoint URL "
                           f"(none of {', '.join(map(str, DEFAULT_SOURCES))} exists)")


def _auth_options(f):
    f = click.option("--user", envvar="KG_ENDPOINT_USER", help="User name for HTTP auth (or $KG_ENDPOINT_USER).")(f)
    f = click.option("--password", envvar="KG_ENDPOINT_PASSWORD",
                     help="Password for HTTP auth; prefer $KG_ENDPOINT_PASSWORD.")(f)
    f = click.option("--digest", is_flag=True, help="Use HTTP Digest instead of Basic auth (Virtuoso).")(f)
    return f


@main.command()
@click.argument("query", required=False)
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Graph file (.ttl .trig .nt .nq .jsonld), loaded into memory.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Store directory written by kg build --store (opened read-only).")
@click.option("--endpoint", help="SPARQL query URL of a server, e.g. http://127.0.0.1:7878/query.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a query parameter (repeatable); a missing parameter means any.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_only", is_flag=True, help="List the canned queries with their titles and parameters.")
@click.option("--show", is_flag=True, help="Print the query text with parameters bound, do not run it.")
@click.option("--timeout", type=float, default=60, show_default=True, help="Seconds to wait for an endpoint.")
@click.option("--max-cell", type=int, default=40, show_default=True, help="Table cells are cut at this display width.")
@_auth_options
def query(query, graph_file, store_dir, endpoint, params, fmt, list_only, show, timeout, max_cell,
          user, password, digest):
    """Run a canned query NAME, a FILE.rq or 'SPARQL text'.

    \b
    kg query --list
    kg query indicator_by_region_year --store out/store --param region=曲沃县
    kg query queries/growth_ranking.rq --graph out/graph.ttl --param year=2022 --format csv
    kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --endpoint http://127.0.0.1:7878/query
    """
    from kg.query import QueryError, QuerySpecError, list_queries, resolve
    from kg.query.canned import parse_param_options
    from kg.query.format import FORMATTERS, format_table
    from kg.query.run import run_endpoint, run_local, write_local_csv
    from kg.store import StoreError, open_graph

    if list_only:
        for q in list_queries():
            click.echo(f"{q.name}\n    {q.title}")
            if q.params:
                click.echo("    params: " + ", ".join(q.params))
        return
    if not query:
        raise click.UsageError("give a query NAME, FILE.rq or 'SPARQL text' (kg query --list shows the names)")
    if sum(x is not None for x in (graph_file, store_dir, endpoint)) > 1:
        raise click.UsageError("give only one of --graph, --store, --endpoint")
    try:
        q = resolve(query)
        text = q.bind(parse_param_options(params))
        if show:
            click.echo(text)
            return
        if endpoint:
            if digest and not user:
                raise click.UsageError("--digest needs --user")
            table = run_endpoint(endpoint, text, q.name, timeout=timeout, user=user, password=password,
                                 auth="digest" if digest else "basic")
        else:
            source = graph_file or store_dir or _default_source()
            store = open_graph(source)
            # CSV rows go straight from the engine to stdout (the same bytes format_csv writes)
            if fmt == "csv" and write_local_csv(store, text, sys.stdout.buffer, q.name):
                return
            table = run_local(store, text, q.name)
    except (QuerySpecError, QueryError, StoreError) as e:
        raise click.ClickException(str(e)) from None
    out = format_table(table, max_cell) if fmt == "table" else FORMATTERS[fmt](table)
    click.echo(out, nl=not out.endswith("\n"))


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Push only this named graph (repeatable); default: every graph.")
@click.option("--timeout", type=float, default=120, show_default=True, help="Seconds per request.")
@_auth_options
def push(source, endpoint, graphs, timeout, user, password, digest):
    """Load SOURCE (graph file or store dir) into a server, one PUT per named graph.

    Each report's graph replaces the server's graph of the same name, so pushing a
    rebuilt report again replaces it and leaves the others alone.
    """
    from kg.push import Auth, PushError, push as run_push
    from kg.store import StoreError

    auth = Auth(user, password or "", "digest" if digest else "basic") if user else None
    try:
        sent = run_push(source, endpoint, auth=auth, graphs=list(graphs) or None, timeout=timeout)
    except (PushError, StoreError) as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"pushed {len(sent)} graph(s), {sum(sent.values())} triples, to {endpoint}", err=True)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Output file; the format follows the extension unless --format is given.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nt", "nq", "jsonld", "csv"]),
              help="ttl/nt: all triples once; trig/nq/jsonld: one named graph per report; "
                   "csv: one row per observation.")
def export(source, output, fmt):
    """Export SOURCE (graph file or store dir) as RDF, or its observations as CSV."""
    from kg.export import ExportError, export as run_export
    from kg.store import StoreError

    try:
        n = run_export(source, output, fmt)
    except (ExportError, StoreError) as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"{output}: cannot write: {e}") from None
    what = "rows" if (fmt or output.suffix.lstrip(".")) == "csv" else "quads read"
    click.echo(f"wrote {output} ({n} {what})", err=True)


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the endpoint to the network.")
@click.option("--port", type=int, default=7878, show_default=True)
@click.option("--writable", is_flag=True, help="Accept SPARQL Update at /update (default: read-only).")
@click.option("--timeout", type=float, default=30, show_default=True, help="Seconds before a query answers 503.")
@click.option("--views", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="HTML file of graph views served at /views (default: out/graph.html if present).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE (and LOAD, with --writable): the server then sends requests wherever a "
                   "client names (default: refused with 400).")
@click.option("--max-body", type=click.FloatRange(min=0), default=10, show_default=True,
              help="MB: a larger request body gets 413 (0: no limit).")
@click.option("--max-result", type=click.FloatRange(min=0), default=100, show_default=True,
              help="MB: a query whose result is larger gets 400 (0: no limit).")
def serve(source, host, port, writable, timeout, views, allow_service, max_body, max_result):
    """Serve SOURCE (store dir or graph file) as a SPARQL endpoint with a query page."""
    from kg.serve import default_views, make_server
    from kg.store import StoreError, open_graph

    src = source or _default_source()
    try:
        store = open_graph(src, writable=writable)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    try:
        server = make_server(store, host, port, writable=writable, timeout=timeout, views=views or default_views(),
                             allow_service=allow_service, max_body=int(max_body * 2**20),
                             max_result=int(max_result * 2**20))
    except OSError as e:
        raise click.ClickException(f"{host}:{port}: cannot listen: {e.strerror or e}") from None
    h, p = server.server_address[:2]
    click.echo(f"serving {src} at http://{h}:{p}/  (SPARQL endpoint http://{h}:{p}/query"
               + (", updates at /update" if writable else ", read-only")
               + (", SERVICE allowed" if allow_service else "") + "); Ctrl+C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stderr.flush()
