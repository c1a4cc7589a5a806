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
import time
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.datacache import files_digest, gc_paused
from kg.extract.model import ReportFacts
from kg.paths import data_path
from kg.text.limits import DEFAULT as DEFAULT_LIMITS
from kg.text.limits import Limits

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.docx", "*.pdf", "*.html", "*.htm")
RACY_NS = 2_000_000_000  # files modified less than this long ago are read again next time


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
    reports: list[ReportFacts] = field(default_factory=list)  # the reports read in this run
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # read, but not whole
    statements: int = 0           # in the (last) output file
    cached: int = 0               # reports not extracted again (unchanged)
    report_count: int = 0
    observations: int = 0
    remade: int = 0               # report graphs made (again)
    refolded: bool = True         # entities folded across all reports (not only edits)
    blocks: object = None         # kg.graph.assemble.Blocks: every graph of the build

    @property
    def graphs(self) -> dict[str, list[str]]:
        """Graph IRI → N-Triples lines (no final " ."), as kg.graph.write takes them."""
        return self.blocks.graphs()


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
        try:
            str(f).encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8 in its name: no IRI or source to give it
            problems.append(Problem(os.fsencode(f).decode("utf-8", "backslashreplace"),
                                    "its name is not valid UTF-8: rename it"))
            continue
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the extraction code and lexicons: a change invalidates the cache."""
    pkg = Path(__file__).parent
    roots = [pkg / "extract", pkg / "text", pkg / "gazetteer.py", pkg / "datacache.py",
             data_path("ontology", "lexicons"), data_path("ontology", "indicators.ttl")]
    paths = [p for root in roots for p in (sorted(root.rglob("*")) if root.is_dir() else [root])
             if p.is_file() and p.suffix in (".py", ".txt", ".tsv", ".json", ".jsonl", ".ttl", ".csv", ".dict", ".gz")]
    return files_digest(paths)[:16]


def _looks_like_report(facts: ReportFacts) -> str | None:
    m = facts.meta
    if not m.region and not m.report_type and not facts.observations:
        return "does not look like a government report (no region, report type or indicator found)"
    return None


@dataclass
class FileResult:
    """One input file read (or recognised unchanged): its report, or why it has none."""
    path: str
    digest: str | None = None          # sha256 of the text, when it could be read
    key: str | None = None             # the report's IRI key
    facts: ReportFacts | None = None   # None when unreadable, or unchanged and not loaded
    problem: str | None = None
    warning: str | None = None         # read, but not whole
    cached: bool = False


def _cache_file(cache_dir: str | Path, digest: str, version: str) -> Path:
    return Path(cache_dir) / f"{digest}-{version}.pkl"


def extract_file(path: str, cache_dir: str | None, version: str, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """Worker: read one file, extract its facts (or take them from the cache).

    Never raises (KeyboardInterrupt aside): whatever the bytes, whatever goes wrong in a
    reader or an extractor, the file gets a one-line problem and the build goes on. A file
    past a limit (kg.text.limits) is a problem too, never recorded as the file's lasting
    state, since the limits may be different next time."""
    from kg.workers import TimeLimit, time_limit

    try:
        with time_limit(limits.max_seconds):
            return _extract_file(path, cache_dir, version, limits)
    except TimeLimit as e:
        return FileResult(path, problem=f"{e} (kg build --max-seconds sets the limit)")
    except MemoryError:
        return FileResult(path, problem="ran out of memory reading it (kg build --max-size limits what is read)")


def _extract_file(path: str, cache_dir: str | None, version: str, limits: Limits) -> FileResult:
    from kg.extract.pipeline import extract_report
    from kg.text.document import document_from_text, report_key
    from kg.text.reader import PartialText, ReadError, check_lines, read_text

    p = Path(path)
    try:
        warning = None
        try:
            raw = read_text(p, limits)
        except PartialText as t:
            raw, warning = t.text, str(t)
        check_lines(raw)
    except ReadError as e:
        return FileResult(path, problem=str(e))
    except OSError as e:
        return FileResult(path, problem=f"cannot read: {e.strerror or e}")
    except RecursionError:
        return FileResult(path, problem="too deeply nested to read")
    except Exception as e:  # noqa: BLE001 — a reader's bug must cost this file, not the build
        return FileResult(path, problem=f"could not be read: unexpected {_describe(e)}")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    key = report_key(p)
    done = FileResult(path, digest, key, warning=warning)
    facts = load_facts(cache_dir, digest, version) if cache_dir else None
    if facts is not None:
        facts.key, facts.source_name, facts.source_path = key, p.name, path
        done.facts, done.cached = facts, True
        return done
    try:
        with gc_paused():  # (one report's objects die by reference count: 5% of extraction was collections)
            doc = document_from_text(raw, p, key)
            facts = extract_report(doc, path)
    except RecursionError:
        done.problem = "text too deeply nested to analyse"
        return done
    except Exception as e:  # noqa: BLE001 — an extractor's bug costs this report, loudly, not the build
        done.problem = f"extraction failed: {_describe(e)}; please report it"
        return done
    done.problem = _looks_like_report(facts)
    if done.problem:
        return done
    if cache_dir:
        # pickle, not JSON: loading these is most of what a warm full rebuild does
        cache_file = _cache_file(cache_dir, digest, version)
        tmp = cache_file.with_suffix(f".{os.getpid()}.part")
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, cache_file)
        except OSError:  # a full or read-only cache: the facts are extracted again next time
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
    done.facts = facts
    return done


def _describe(e: BaseException) -> str:
    """An exception on one line: its type, message, and the innermost line of ours it came
    from (kg/extract/projects/names.py:123), which is what a bug report needs."""
    import traceback

    where = ""
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        parts = Path(frame.filename).parts
        if "kg" in parts:
            where = f" at {'/'.join(parts[len(parts) - parts[::-1].index('kg') - 1:])}:{frame.lineno}"
            break
    message = " ".join(str(e).split())[:200]
    return f"{e.__class__.__name__}{': ' + message if message else ''}{where}"


def load_facts(cache_dir: str | Path, digest: str, version: str) -> ReportFacts | None:
    """A report's cached facts, or None (absent, stale or damaged: extract again)."""
    cache_file = _cache_file(cache_dir, digest, version)
    try:
        return pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, KeyError, TypeError):
        return None


def extract_all(files: list[Path], jobs: int | None = None, cache_dir: str | Path | None = None,
                progress: Callable[[int], None] | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[FileResult]:
    """A FileResult for every file, in input order. With more than one job, files are read in
    worker processes (kg.workers): one that hangs past the time limit or dies is replaced and
    its file reported, the others go on."""
    from kg.workers import imap_unordered

    version = extractor_version()
    cache = str(cache_dir) if cache_dir else None
    jobs = jobs or os.cpu_count() or 1
    paths = [str(f) for f in files]
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            out = extract_file(p, cache, version, limits)
            if progress:
                progress(1)
            yield out
        return
    done: dict[int, FileResult] = {}
    nxt = 0
    for i, out in imap_unordered(extract_file, [(p, cache, version, limits) for p in paths],
                                 min(jobs, len(paths)), limits.max_seconds,
                                 lost=lambda args, why: FileResult(args[0], problem=why)):
        if progress:
            progress(1)
        done[i] = out
        while nxt in done:
            yield done.pop(nxt)
            nxt += 1


def read_sources(files: list[Path], state, jobs: int | None, cache_dir: str | Path | None,
                 progress: Callable[[int], None] | None, limits: Limits = DEFAULT_LIMITS) -> list[FileResult]:
    """FileResults in input order. A file whose size and mtime match the last build's record
    is not read again: its content hash, key and any problem come from the record."""
    from kg.build_state import FileRecord, file_stat

    known: dict[str, FileResult] = {}
    to_read: list[Path] = []
    for f in files:
        rec = state.files.get(os.path.abspath(f)) if state is not None else None
        try:
            size, mtime, _ = file_stat(f)
        except OSError:
            rec = None
        if rec is not None and (rec.size, rec.mtime_ns) == (size, mtime):
            known[str(f)] = FileResult(str(f), rec.digest, rec.key, problem=rec.problem,
                                       warning=rec.warning, cached=True)
        else:
            to_read.append(f)
    if progress and known:
        progress(len(known))
    fresh = {r.path: r for r in extract_all(to_read, jobs, cache_dir, progress, limits)}
    results = [known.get(str(f)) or fresh[str(f)] for f in files]
    if state is not None:  # what this build saw, for the next one (files gone are forgotten)
        records = {}
        for f, r in zip(files, results):
            where = os.path.abspath(f)
            if str(f) in known:
                records[where] = state.files[where]
            elif r.digest is not None:
                size, mtime, _ = file_stat(f)
                # a file modified this very moment may change again within the same mtime
                # tick, unseen: trust its size and mtime only from the next build on
                if time.time_ns() - mtime > RACY_NS:
                    records[where] = FileRecord(size, mtime, r.digest, r.key, r.problem, r.warning)
        state.files = records
    return results


def sources_id(sources: Iterable[str | Path], include: Iterable[str], exclude: Iterable[str]) -> str:
    from kg.build_state import content_id

    return content_id(sorted(str(Path(s).resolve()) for s in sources), tuple(include), tuple(exclude))


@gc_paused()  # the facts, views and lines of every report stay alive to the end: collections found nothing
def build(sources: Iterable[str | Path], output: str | Path | Iterable[str | Path] | None = None, *,
          store: str | Path | None = None, view_summary: bool = True, jobs: int | None = None,
          cache_dir: str | Path | None = None, strict: bool = False, include: Iterable[str] = DEFAULT_INCLUDE, exclude: Iterable[str] = (),
          progress: Callable[[int], None] | None = None,
          on_files: Callable[[int], None] | None = None, limits: Limits = DEFAULT_LIMITS) -> BuildResult:
    """Read ``sources``, write the graph to ``output`` (one path or several) and/or ``store``.

    With a ``cache_dir`` the build is incremental: unchanged files are not read, unchanged
    reports' graphs are not regenerated, outputs are updated rather than rewritten where
    their format allows (kg.graph.assemble, kg.graph.outputs)."""
    from kg.build_state import BuildState
    from kg.graph.assemble import Report, assemble
    from kg.graph.outputs import write_outputs, write_store_graphs
    from kg.graph.write import format_for

    sources = list(sources)
    include, exclude = tuple(include), tuple(exclude)
    outputs = [] if output is None else [Path(output)] if isinstance(output, (str, Path)) else [Path(o) for o in output]
    for o in outputs:
        format_for(o)  # fail on a bad extension before any work
    files, problems = find_sources(sources, include, exclude)
    if strict and problems:
        raise BuildError(str(problems[0]))
    if not files:
        raise BuildError(str(problems[0]) if problems else "no report files given")
    if on_files:
        on_files(len(files))
    state = BuildState.open(cache_dir, sources_id(sources, include, exclude)) if cache_dir else None
    result = BuildResult(problems=list(problems))
    by_hash: dict[str, str] = {}
    keys: dict[str, str] = {}
    reports: list[Report] = []
    for r in read_sources(files, state, jobs, cache_dir, progress, limits):
        if r.warning:
            if strict:
                raise BuildError(f"{r.path}: {r.warning}")
            result.warnings.append(Problem(r.path, r.warning))
        problem, key = r.problem, r.key
        if problem is None:
            if r.digest in by_hash:
                problem = f"duplicate of {by_hash[r.digest]}, skipped"
            elif key in keys:
                # two different files with one key: keep both, the second keyed by its hash
                key = f"{key}-{r.digest[:8]}"
        if problem is not None:
            if strict:
                raise BuildError(f"{r.path}: {problem}")
            result.problems.append(Problem(r.path, problem))
            continue
        by_hash[r.digest] = r.path
        keys[key] = r.path
        result.cached += r.cached
        if r.facts is not None:
            r.facts.key = key
            result.reports.append(r.facts)
        reports.append(Report(key, r.digest, Path(r.path).name, r.path, r.facts))
    if not reports:
        raise BuildError("no report could be read: " + "; ".join(str(p) for p in result.problems[:3]))
    reports.sort(key=lambda rep: rep.key)
    result.reports.sort(key=lambda f: f.key)
    blocks = result.blocks = assemble(reports, state, lambda rep: _facts_for(rep, cache_dir, limits),
                                      jobs=jobs or os.cpu_count() or 1)
    result.report_count = len(reports)
    result.observations = blocks.observations
    result.remade, result.refolded = blocks.remade, blocks.refolded
    for o in outputs:
        result.statements = write_outputs(blocks, o, state)
    if store is not None:
        write_store_graphs(blocks, store, view_summary=view_summary)
    if state is not None:
        state.save()
    return result


def _facts_for(rep, cache_dir, limits: Limits = DEFAULT_LIMITS) -> ReportFacts:
    """An unchanged report's facts, when its graph must be made again after all."""
    facts = load_facts(cache_dir, rep.digest, extractor_version()) if cache_dir else None
    if facts is None:
        r = extract_file(rep.source_path, str(cache_dir) if cache_dir else None, extractor_version(), limits)
        if r.facts is None:
            raise BuildError(f"{rep.source_path}: {r.problem or 'could not be read again'}")
        facts = r.facts
    facts.key, facts.source_name, facts.source_path = rep.key, rep.source_name, rep.source_path
    return facts
