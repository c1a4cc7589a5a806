"""`kg validate`, `kg eval`, `kg stats`, `kg explain`: thin over kg.validate, kg.evaluate, kg.stats, kg.explain."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli import main

GRAPH = click.Path(path_type=Path)  # a graph file or a store directory; checked by kg.store


def _fail(e: Exception) -> click.ClickException:
    """One readable line: the library errors already name the file."""
    return click.ClickException(str(e).strip().splitlines()[0] if str(e).strip() else repr(e))


@main.command()
@click.argument("graph", type=GRAPH)
@click.option("--shapes", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="SHACL shapes (default: ontology/shapes.ttl).")
@click.option("--limit", type=int, default=20, show_default=True, help="Violations shown; the rest are counted.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes running pySHACL (worth it on big graphs).")
def validate(graph, shapes, limit, jobs):
    """Check GRAPH (.ttl .trig .nt .nq .jsonld, or a store directory) against the SHACL
    shapes. Prints "conforms" or a table of violations; exit code 1 when it does not conform.

    \b
    kg validate out/graph.ttl
    """
    from kg.store import StoreError
    from kg.validate import format_result
    from kg.validate import validate as run

    try:
        result = run(graph, shapes=shapes, jobs=jobs)
    except StoreError as e:
        raise _fail(e) from e
    click.echo(format_result(result, limit=limit))
    sys.exit(0 if result.conforms else 1)


@main.command("eval")
@click.argument("graph", type=GRAPH)
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder of gold JSON files, one per source document (docs/gold-format.md).")
@click.option("--docs", "docs_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Source texts, to check that every observation's evidence is in its source.")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write every score as JSON here.")
@click.option("--per-doc", is_flag=True, help="A table per document as well.")
@click.option("--vocabulary", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Indicator vocabulary: a SKOS file or a SCHEMA.md (default: ontology/indicators.ttl).")
@click.option("--misses", is_flag=True,
              help="Also list, per report and list, what was missed (with the gold's quote) and what "
                   "was invented (with the graph's evidence); in the JSON under \"misses\" too.")
def eval_(graph, gold_dir, docs_dir, json_out, per_doc, vocabulary, misses):
    """Score GRAPH against gold annotations: P/R/F1 per list, strict and lenient, and where
    the gold links items across reports (same_as), how many links share one IRI.

    Same rules and numbers as the shared scorer eval/score.py.

    \b
    kg eval out/graph.ttl --gold tests/gold --docs seeds --per-doc
    kg eval out/graph.ttl --gold tests/gold --docs seeds --misses | less
    """
    from kg.eval_misses import format_misses
    from kg.eval_misses import misses as list_misses
    from kg.evaluate import EvalError, evaluate, format_result, indicator_vocabulary, write_json
    from kg.store import StoreError

    try:
        vocab = indicator_vocabulary(gold_dir, vocabulary)[0] if vocabulary else None
        result = evaluate(graph, gold_dir, docs_dir=docs_dir, vocabulary=vocab)
        if vocabulary:
            result.vocabulary_source = str(vocabulary)
    except (StoreError, EvalError) as e:
        raise _fail(e) from e
    wrong = list_misses(result, docs_dir) if misses else None
    if wrong is not None:
        click.echo(format_misses(wrong))
        click.echo("")
    click.echo(format_result(result, per_doc=per_doc))
    if json_out:
        write_json(result, json_out, misses=wrong)


@main.command()
@click.argument("graph", type=GRAPH)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(graph, fmt):
    """Summarise GRAPH: triples, reports, instances per class, observations in and out of
    the indicator vocabulary, and coverage over reports (region, years, 地区生产总值).

    \b
    kg stats out/graph.ttl
    kg stats out/store --format json
    """
    from kg.stats import format_stats, graph_stats
    from kg.store import StoreError

    try:
        s = graph_stats(graph)
    except StoreError as e:
        raise _fail(e) from e
    if fmt == "json":
        click.echo(json.dumps(s.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_stats(s))


@main.command()
@click.argument("graph", type=GRAPH)
@click.argument("entity")
def explain(graph, entity):
    """Explain ENTITY (an IRI, kind/key as in project/141021_…, or any of its names) in
    GRAPH: the reports that name it, in year order, under which name, what each says, and
    why mentions under different names were joined into this one entity.

    \b
    kg explain out/graph.trig 晋南3号高炉及配套
    kg explain out/store https://w3id.org/county-kg/id/enterprise/141021_晋南钢铁集团
    """
    from kg.explain import ExplainError, format_explanation
    from kg.explain import explain as run
    from kg.store import StoreError

    try:
        found = run(graph, entity)
    except (StoreError, ExplainError) as e:
        raise _fail(e) from e
    click.echo("\n\n".join(format_explanation(x) for x in found))
