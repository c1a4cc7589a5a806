"""`kg build`: thin over kg.build.build."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import main
from kg.text.limits import DEFAULT as DEFAULT_LIMITS


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Graph file; the format follows the extension (.ttl .trig .nt .nq .jsonld). Repeatable.")
@click.option("--store", type=click.Path(path_type=Path), help="Also write/update an on-disk store here.")
@click.option("--view-summary/--no-view-summary", default=True, show_default=True,
              help="With --store: write the folded views kg viz reads (about a minute on 1,300 reports, at "
                   "every write); without it a big store's overview takes its slow path.")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes (default: every core).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=Path(".kg-cache"),
              show_default=True, help="Cache of extracted facts, keyed by content hash.")
@click.option("--no-cache", is_flag=True, help="Extract every report again.")
@click.option("--include", multiple=True, help="Glob of file names to read in folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of file names or paths to skip (repeatable).")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file (default: skip and report).")
@click.option("--keep-going", is_flag=True, help="Skip unreadable files and report them (the default).")
@click.option("--max-size", type=click.FloatRange(min=0), default=DEFAULT_LIMITS.max_bytes / 2**20,
              show_default=True, help="MB: larger files are skipped, and Word files that unpack to more (0: no limit).")
@click.option("--max-pages", type=click.IntRange(min=0), default=DEFAULT_LIMITS.max_pages, show_default=True,
              help="PDFs with more pages are skipped (0: no limit).")
@click.option("--max-seconds", type=click.FloatRange(min=0), default=DEFAULT_LIMITS.max_seconds, show_default=True,
              help="A file that takes longer to read and extract is skipped (0: no limit).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def build(sources, outputs, store, view_summary, jobs, cache_dir, no_cache, include, exclude, strict, keep_going,
          max_size, max_pages, max_seconds, quiet):
    """Build a knowledge graph from report files or folders.

    Exit codes: 0 every file read; 1 error, nothing written; 2 bad command line;
    3 graph written, but some files were skipped or read only in part (listed on stderr).
    """
    from kg.build import DEFAULT_INCLUDE, BuildError, build as run_build
    from kg.graph.write import UnknownFormat
    from kg.text.limits import Limits

    if not outputs and store is None:
        raise click.UsageError("give -o FILE and/or --store DIR")
    bar = {"b": None}

    def on_files(n: int) -> None:
        if not quiet and n > 1:
            bar["b"] = click.progressbar(length=n, label="reading reports", file=sys.stderr,
                                         show_pos=True, show_eta=True)
            bar["b"].__enter__()

    def progress(k: int) -> None:
        if bar["b"] is not None:
            bar["b"].update(k)

    try:
        result = run_build(sources, list(outputs), store=store, view_summary=view_summary, jobs=jobs,
                           cache_dir=None if no_cache else cache_dir, strict=strict,
                           include=include or DEFAULT_INCLUDE, exclude=exclude,
                           progress=progress, on_files=on_files,
                           limits=Limits(int(max_size * 2**20), max_pages, max_seconds))
    except (BuildError, UnknownFormat) as e:
        raise click.ClickException(str(e)) from None
    finally:
        if bar["b"] is not None:
            bar["b"].__exit__(None, None, None)
    for p in result.warnings:
        click.echo(f"warning: {p}", err=True)
    for p in result.problems:
        click.echo(f"skipped {p}", err=True)
    if not quiet:
        where = " and ".join(str(x) for x in (*outputs, store) if x)
        click.echo(f"built {result.report_count} report(s) into {where}: {result.statements} statements, "
                   f"{result.observations} observations" + (f", {result.cached} unchanged" if result.cached else "")
                   + (f", {result.remade} graph(s) made again" if result.cached else "")
                   + (f"; {len(result.problems)} file(s) skipped" if result.problems else ""), err=True)
    if result.problems or result.warnings:
        sys.exit(3)
