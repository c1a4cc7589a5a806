"""``kg build``: report files in, one graph out.

Reads every report (in parallel, one process per core), extracts facts (cached by content
hash, so an unchanged report is not read again), resolves entities across all reports, and
writes the graph file and/or the on-disk store. Bad inputs are reported one line each and
skipped (or stop the build with ``strict``); a failed build leaves no partial output.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from kg.extract.model import ReportFacts
from kg.paths import data_path

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.docx", "*.pdf", "*.html", "*.htm")
MAX_BYTES = 50 * 1024 * 1024


class BuildError(Exception):
    """A build that cannot go on (strict mode, nothing to read, bad output path)."""


@dataclass
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class BuildResult:
    reports: list[ReportFacts] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # read, but not whole
    statements: int = 0
    cached: int = 0
    graphs: dict = field(default_factory=dict)


def find_sources(sources: Iterable[str | Path], include: Iterable[str] = DEFAULT_INCLUDE,
                 exclude: Iterable[str] = ()) -> tuple[list[Path], list[Problem]]:
    """Files named, and files under folders named (recursively), in a stable order."""
    include, exclude = tuple(include), tuple(exclude)
    files: list[Path] = []
    problems: list[Problem] = []

    def wanted(p: Path) -> bool:
        name = p.name
        if name.startswith("."):
            return False
        rel = str(p)
        if any(fnmatch.fnmatch(name, e) or fnmatch.fnmatch(rel, e) for e in exclude):
            return False
        return any(fnmatch.fnmatch(name, i) for i in include)

    for src in sources:
        p = Path(src)
        if p.is_dir():
            found = []
            for q in sorted(p.rglob("*")):
                if not wanted(q):
                    continue
                if q.is_file():
                    found.append(q)
                elif q.is_symlink() and not q.exists():
                    problems.append(Problem(str(q), "broken link, nothing to read"))
                elif not q.is_dir() or q.suffix:
                    problems.append(Problem(str(q), "not a regular file"))
            if not found:
                problems.append(Problem(str(p), "folder holds no report files (" + ", ".join(include) + ")"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            problems.append(Problem(str(p), "not a regular file"))
        else:
            problems.append(Problem(str(p), "no such file or folder"))
    seen, unique = set(), []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the extraction code and lexicons: a change invalidates the cache."""
    h = hashlib.sha256()
    roots = [Path(__file__).parent / "extract", Path(__file__).parent / "text",
             data_path("ontology", "lexicons"), data_path("ontology", "indicators.ttl")]
    for root in roots:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for p in paths:
            if p.is_file() and p.suffix in (".py", ".txt", ".tsv", ".json", ".jsonl", ".ttl", ".csv", ".dict", ".gz"):
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _looks_like_report(facts: ReportFacts) -> str | None:
    m = facts.meta
    if not m.region and not m.report_type and not facts.observations:
        return "does not look like a government report (no region, report type or indicator found)"
    return None


def extract_file(path: str, cache_dir: str | None, version: str):
    """Worker: one file → (path, facts or None, problem or None, from cache, warning or None)."""
    from kg.extract.pipeline import extract_report
    from kg.text.document import document_from_text, report_key
    from kg.text.reader import ReadError, TruncatedText, check_lines, read_text

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            return path, None, f"too large ({size // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB)", False, None
        warning = None
        try:
            raw = read_text(p)
        except TruncatedText as t:
            raw, warning = t.text, str(t)
        check_lines(raw)
    except ReadError as e:
        return path, None, str(e), False, None
    except OSError as e:
        return path, None, f"cannot read: {e.strerror or e}", False, None
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    key = report_key(p)
    # pickle, not JSON: a warm rebuild of a whole corpus is mostly loading these
    cache_file = Path(cache_dir) / f"{digest}-{version}.pkl" if cache_dir else None
    if cache_file is not None and cache_file.exists():
        try:
            facts = pickle.loads(cache_file.read_bytes())
            facts.key, facts.source_name, facts.source_path = key, p.name, path
            return path, facts, None, True, warning
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError, KeyError, TypeError):
            pass  # a stale or damaged cache entry: extract again
    try:
        doc = document_from_text(raw, p, key)
        facts = extract_report(doc, path)
    except RecursionError:
        return path, None, "text too deeply nested to analyse", False, None
    problem = _looks_like_report(facts)
    if problem:
        return path, None, problem, False, warning
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.part")
        tmp.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, cache_file)
    return path, facts, None, False, warning


def extract_all(files: list[Path], jobs: int | None = None, cache_dir: str | Path | None = None,
                progress: Callable[[int], None] | None = None):
    """Yield (path, facts | None, problem | None, from_cache) for every file, in input order."""
    version = extractor_version()
    cache = str(cache_dir) if cache_dir else None
    jobs = jobs or os.cpu_count() or 1
    paths = [str(f) for f in files]
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            out = extract_file(p, cache, version)
            if progress:
                progress(1)
            yield out
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        chunk = max(1, min(8, len(paths) // (jobs * 4) or 1))
        for out in pool.map(extract_file, paths, [cache] * len(paths), [version] * len(paths), chunksize=chunk):
            if progress:
                progress(1)
            yield out


def build(sources: Iterable[str | Path], output: str | Path | None = None, *, store: str | Path | None = None,
          jobs: int | None = None, cache_dir: str | Path | None = None, strict: bool = False,
          include: Iterable[str] = DEFAULT_INCLUDE, exclude: Iterable[str] = (),
          progress: Callable[[int], None] | None = None,
          on_files: Callable[[int], None] | None = None) -> BuildResult:
    from kg.graph.rdf import to_graphs
    from kg.graph.write import format_for, write_graphs

    if output is not None:
        format_for(output)  # fail on a bad extension before any work
    files, problems = find_sources(sources, include, exclude)
    if strict and problems:
        raise BuildError(str(problems[0]))
    if not files:
        raise BuildError(str(problems[0]) if problems else "no report files given")
    if on_files:
        on_files(len(files))
    result = BuildResult(problems=list(problems))
    by_hash: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path, facts, problem, cached, warning in extract_all(files, jobs, cache_dir, progress):
        if warning:
            if strict:
                raise BuildError(f"{path}: {warning}")
            result.warnings.append(Problem(path, warning))
        if problem is None and facts is not None:
            if facts.content_hash in by_hash:
                problem = f"duplicate of {by_hash[facts.content_hash]}, skipped"
            elif facts.key in keys:
                # two different files with one key: keep both, the second keyed by its hash
                facts.key = f"{facts.key}-{facts.content_hash[:8]}"
        if problem is not None:
            if strict:
                raise BuildError(f"{path}: {problem}")
            result.problems.append(Problem(path, problem))
            continue
        by_hash[facts.content_hash] = path
        keys[facts.key] = path
        result.cached += cached
        result.reports.append(facts)
    if not result.reports:
        raise BuildError("no report could be read: " + "; ".join(str(p) for p in result.problems[:3]))
    result.reports.sort(key=lambda f: f.key)
    graphs = to_graphs(result.reports)
    result.graphs = graphs
    if output is not None:
        result.statements = write_graphs(graphs, output)
    if store is not None:
        from kg.graph.write import triples_by_graph
        from kg.store import write_store

        write_store(triples_by_graph(graphs), store)
    return result
