"""`kg viz` (an offline network page) and `kg chart` (an indicator's values by year)."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli import main
from kg.store import StoreError, open_graph
from kg.viz.terms import ALL_TYPES

_TYPE_NAMES = {t.lower(): t for t in ALL_TYPES}


def _types(values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for v in values:
        for part in v.split(","):
            t = _TYPE_NAMES.get(part.strip().lower())
            if t is None:
                raise click.BadParameter(f"{part!r}; choose from {', '.join(ALL_TYPES)}", param_hint="--type")
            out.append(t)
    return tuple(out)


def _open(path: Path):
    try:
        return open_graph(path)
    except StoreError as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("graph.html"),
              show_default=True, help="HTML file to write.")
@click.option("--focus", metavar="ENTITY", help="Draw the neighbourhood of this label, alias or IRI.")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True, help="Neighbourhood radius for --focus.")
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help=f"Classes to draw (repeat or comma-separate): {', '.join(ALL_TYPES)}.")
@click.option("--region", "regions", multiple=True, metavar="NAME", help="Only what concerns this region and its sub-regions.")
@click.option("--year", "years", multiple=True, type=int, help="Only what concerns this year.")
@click.option("--query", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the result of a SPARQL CONSTRUCT or SELECT in this file.")
@click.option("--max-nodes", type=click.IntRange(10), default=2000, show_default=True,
              help="Above this, nodes are folded into one node per region and class.")
@click.option("--physics/--no-physics", default=False, show_default=True,
              help="Let nodes settle by simulation after the computed layout.")
@click.option("--charts", is_flag=True, help="Embed indicator charts in the regions' details.")
@click.option("--title", help="Page title (default: the graph file's name).")
def viz(graph, output, focus, hops, types, regions, years, query_file, max_nodes, physics, charts, title):
    """Write an offline interactive network page of GRAPH (a graph file or store)."""
    from kg.viz import SelectionError, ViewOptions, write_view

    query = None
    if query_file is not None:
        try:
            query = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise click.ClickException(f"{query_file}: cannot read the query: {e}") from e
    opts = ViewOptions(types=_types(types), focus=focus, hops=hops, regions=tuple(regions),
                       years=tuple(years), query=query, max_nodes=max_nodes)
    store = _open(graph)
    try:
        result = write_view(store, output, opts, title=title or f"知识图谱 · {graph.name}",
                            physics=physics, charts=charts)
    except SelectionError as e:
        raise click.ClickException(f"{query_file or graph}: {e}") from e
    except OSError as e:
        raise click.ClickException(f"{output}: cannot write: {e}") from e
    if result.note:
        click.echo(f"note: {result.note}. Narrow the view with --region, --type, --year or --focus, "
                   f"or raise --max-nodes.", err=True)
    click.echo(f"wrote {output}: {result.nodes} nodes, {result.edges} edges")


@main.command()
@click.argument("indicator")
@click.option("-g", "--graph", type=click.Path(path_type=Path), default=Path("out/graph.ttl"), show_default=True,
              help="Graph file or store to read.")
@click.option("--region", "regions", multiple=True, metavar="NAME", help="Regions to compare (default: all that report it).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SVG or PNG file (default: INDICATOR.svg).")
def chart(indicator, graph, regions, output):
    """Chart INDICATOR's values and growth by year and region, actuals beside targets."""
    from kg.chart import ChartError, write_indicator_chart

    output = output or Path(f"{indicator}.svg")
    store = _open(graph)
    try:
        n = write_indicator_chart(store, indicator, output, regions=tuple(regions))
    except ChartError as e:
        raise click.ClickException(f"{graph}: {e}") from e
    except OSError as e:
        raise click.ClickException(f"{output}: cannot write: {e}") from e
    click.echo(f"wrote {output}: {n} observations")
