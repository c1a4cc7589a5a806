"""The persistent on-disk store (pyoxigraph/RocksDB) and graph files opened as stores.

Why pyoxigraph: on 1 M triples it loads ~13x faster than rdflib's in-memory graph and
answers GROUP BY queries ~40x faster (docs/performance.md); a store directory is read by
``kg query --store`` without re-parsing Turtle.

Layout: one named graph per report (graph name = the report IRI) plus the shared graph.
``write_store`` replaces only the graphs it is given, on a copy of the store (a RocksDB
checkpoint: hard links, cheap) that is swapped in at the end, so a failed build leaves the
previous store as it was.

Label index: beside its RocksDB files a store directory holds ``county-kg-labels.tsv``, every
distinct label, name and title literal (rdfs:label, skos:prefLabel, skos:altLabel,
dcterms:title) of the store, written by ``write_store``. ``kg query --store`` uses it to turn
a substring parameter (``project=晋南``) into the exact labels that contain it, so the query
looks labels up by index instead of decoding every label (docs/querying.md). The file
records the store's files (names and sizes) it was made from; once the store changes (a
SPARQL update through ``kg serve --writable``) it no longer matches and is not used.

View summary: ``county-kg-viz.sqlite`` (kg.viz.summary), the folded overview and year views
of ``kg viz``, computed from the whole store after each write and fingerprinted the same way.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_path
from kg.graph.write import FORMATS as WRITE_FORMATS

# File extensions we read and write, and the pyoxigraph format each one means.
# The graph files the writer makes, plus RDF/XML, which can be read but is never written.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    **{ext.lstrip("."): fmt for ext, fmt in WRITE_FORMATS.items()},
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
}

# The graph that holds the indicator scheme and region hierarchy (CONTRACT.md).
SHARED_GRAPH = "https://w3id.org/county-kg/id/graph/shared"


class StoreError(Exception):
    """A store or graph file that cannot be opened, read or written; the message names it."""


def rdf_format(path: str | os.PathLike[str]) -> ox.RdfFormat:
    ext = Path(path).suffix.lower().lstrip(".")
    fmt = RDF_FORMATS.get(ext)
    if fmt is None:
        known = ", ".join(sorted({"." + e for e in RDF_FORMATS}))
        raise StoreError(f"{path}: unknown graph file extension (expected one of {known})")
    return fmt


def is_store_dir(path: str | os.PathLike[str]) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").exists()  # RocksDB's marker file


def open_graph(path_or_file: str | os.PathLike[str], *, writable: bool = False) -> ox.Store:
    """A store dir (opened read-only unless ``writable``) or a graph file loaded into memory.

    Read-only opening lets ``kg query`` run while ``kg serve`` or a build holds the store.
    """
    p = Path(path_or_file)
    if p.is_dir():
        if not is_store_dir(p):
            raise StoreError(f"{p}: not a county-kg store directory (no RocksDB CURRENT file)")
        store = _open_dir(p, writable)
        if not writable:   # a writable store is not held open here: another may open it
            _remember_dir(store, p)
        return store
    if not p.exists():
        raise StoreError(f"{p}: no such graph file or store directory")
    store = ox.Store()
    load_file(store, p)
    return store


def _open_dir(p: Path, writable: bool, attempts: int = 5) -> ox.Store:
    """Open a store folder. A read-only open can catch a writer (``kg serve --writable``)
    in the middle of removing files it compacted away; RocksDB then reports a missing
    file, and a moment later the folder is consistent again: try a few times."""
    for attempt in range(attempts):
        try:
            return ox.Store(str(p)) if writable else ox.Store.read_only(str(p))
        except (OSError, RuntimeError) as e:
            if writable or attempt == attempts - 1:
                raise StoreError(f"{p}: cannot open store: {e}") from e
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def load_file(store: ox.Store, path: str | os.PathLike[str], to_graph: ox.NamedNode | None = None) -> None:
    """Load one graph file; triples-only formats go to ``to_graph`` (default graph if None)."""
    fmt = rdf_format(path)
    kwargs = {"to_graph": to_graph} if to_graph is not None and not fmt.supports_datasets else {}
    try:
        store.bulk_load(path=str(path), format=fmt, **kwargs)
    except SyntaxError as e:
        raise StoreError(f"{path}: not valid {fmt.name}: {e}") from e
    except OSError as e:
        raise StoreError(f"{path}: cannot read: {e}") from e


def write_store(
    quads_by_graph: Mapping[str | ox.NamedNode, Iterable[ox.Quad | ox.Triple]],
    path: str | os.PathLike[str],
    replace: bool = True,
    optimize: bool = True,
    remove: Iterable[str] = (),
    edits: Mapping[str, tuple[Iterable[ox.Quad], Iterable[ox.Quad]]] | None = None,
    view_summary: bool = True,
) -> dict[str, int]:
    """Create or update the store at ``path``: each given named graph is replaced (or, with
    ``replace=False``, added to); graphs not given are kept. Returns graph IRI -> quads sent.

    The work is done on a checkpoint copy beside ``path`` and swapped in only when complete,
    so an exception (a bad quad, a full disk) leaves the previous store usable.
    ``optimize=False`` skips compaction (seconds on a large store), for small updates.
    ``remove``: named graphs to drop (a report no longer in the build's sources).
    ``edits``: named graph -> (quads to remove, quads to add), for a large graph of which
    a few statements changed (the shared graph).
    ``view_summary=False``: no view summary (kg.viz.summary) is written; one the store had
    goes stale with it (its fingerprint no longer matches) and views take their slow path.
    """
    target = Path(path)
    if target.exists() and not is_store_dir(target):
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        else:
            raise StoreError(f"{target}: exists and is not a county-kg store directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    work.rmdir()  # the checkpoint / new store wants to create it itself
    graphs = {name if isinstance(name, ox.NamedNode) else ox.NamedNode(str(name)): items
              for name, items in quads_by_graph.items()}
    counts = {g.value: 0 for g in graphs}

    new_labels: set[ox.Literal] = set()

    def every_quad():
        # Every item lands in the graph it is filed under, whatever graph a Quad names.
        for graph, items in graphs.items():
            for it in items:
                counts[graph.value] += 1
                if it.predicate in _LABEL_PREDICATE_SET and isinstance(it.object, ox.Literal):
                    new_labels.add(it.object)
                yield ox.Quad(it.subject, it.predicate, it.object, graph)

    try:
        old_labels: list[str] | None = []
        if target.exists():
            # The labels of the graphs kept: the old index's (a superset, once graphs are
            # replaced, which is all the index needs), or read from the store without one.
            old_labels = _read_index_terms(target)
            old = ox.Store.read_only(str(target))
            if old_labels is None:
                old_labels = [str(lit) for lit in collect_labels(old)]
            old.backup(str(work))
            del old
        store = ox.Store(str(work))
        for name in remove:
            gone = ox.NamedNode(str(name))
            if store.contains_named_graph(gone):
                store.remove_graph(gone)
        for graph in graphs:
            if replace and store.contains_named_graph(graph):
                store.remove_graph(graph)
            store.add_graph(graph)
        for name, (gone_quads, new_quads) in (edits or {}).items():
            graph = ox.NamedNode(str(name))
            for q in gone_quads:
                store.remove(ox.Quad(q.subject, q.predicate, q.object, graph))
            added = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in new_quads]
            new_labels.update(q.object for q in added
                              if q.predicate in _LABEL_PREDICATE_SET and isinstance(q.object, ox.Literal))
            store.extend(added)
            counts[graph.value] = len(added)
        # One bulk load for everything: each bulk_extend call writes its own SST files, and
        # a call per report leaves thousands of small files that slow every later read.
        store.bulk_extend(every_quad())
        if optimize:
            store.optimize()
        store.flush()
        scopes = _view_summary(store) if view_summary else None
        del store
        write_label_index(work, set(old_labels) | {str(lit) for lit in new_labels})
        if scopes is not None:
            from kg.viz.summary import write_summary
            write_summary(work, scopes)
        _swap_in(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return counts


def _view_summary(store: ox.Store) -> dict:
    """The folded views of the whole store (kg.viz.summary), computed from the store as
    written: whatever graphs a write replaced, removed or kept, the summary is the store's."""
    from kg.viz.summary import summarize
    return summarize(store)


def _swap_in(new: Path, target: Path) -> None:
    """Replace directory ``target`` by ``new``; the old one is removed only after the swap."""
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)  # put the previous store back
        raise
    shutil.rmtree(old, ignore_errors=True)


# ---- the label index ----------------------------------------------------------------------

LABELS_FILE = "county-kg-labels.tsv"
LABEL_PREDICATES = tuple(ox.NamedNode(iri) for iri in (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/title",
))
# Open store -> its directory, for the stores open_graph opened (pyoxigraph stores take no
# attributes or weak references). Bounded: older entries are dropped, never reused.
_STORE_DIRS: dict[int, tuple[ox.Store, Path]] = {}
_STORE_DIRS_MAX = 8
_INDEX_CACHE: dict[Path, tuple[str, "LabelIndex"]] = {}


_LABEL_PREDICATE_SET = frozenset(LABEL_PREDICATES)
_ROCKSDB_FILE = re.compile(r"\d+\.(sst|log|blob)|MANIFEST-\d+|OPTIONS-\d+|CURRENT|IDENTITY")


def collect_labels(store: ox.Store) -> set[ox.Literal]:
    """Every distinct literal that is a label, name or title in any graph of ``store``
    (seconds on a large store: each string is read from the store)."""
    out: set[ox.Literal] = set()
    for pred in LABEL_PREDICATES:
        for q in store.quads_for_pattern(None, pred, None, None):
            if isinstance(q.object, ox.Literal):
                out.add(q.object)
    return out


def fingerprint(directory: Path) -> str:
    """RocksDB's own files in ``directory``, names and sizes: a write changes them."""
    files = sorted((e.name, e.stat().st_size) for e in os.scandir(directory)
                   if _ROCKSDB_FILE.fullmatch(e.name) and e.is_file())
    return json.dumps(files, separators=(",", ":"))


def _index_line(term: str) -> str:
    # The search key: the literal's lexical form as N-Triples writes it, lower-cased, with
    # no tab or newline; then the literal itself. Escaping is character by character, so a
    # text without '"', '\\' or control characters is in the key iff it is in the label
    # (the search may find more: harmless, the query's own filter decides).
    key = term[1:term.rindex('"')].lower().replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return f"{key}\t{term}\n"


def write_label_index(directory: str | os.PathLike[str], labels: Iterable[ox.Literal | str]) -> Path:
    """Write the label index of the (closed) store in ``directory``: a fingerprint line, then
    one line per literal (N-Triples syntax), sorted."""
    d = Path(directory)
    body = "".join(sorted(_index_line(str(lit)) for lit in labels))
    path = d / LABELS_FILE
    head = fingerprint(d)
    with atomic_path(path) as tmp:
        Path(tmp).write_text(head + "\n" + body, encoding="utf-8")
    return path


def _read_index(directory: Path, cached: str | None = None) -> tuple[str, bytes | None] | None:
    """(fingerprint, body as UTF-8) of the index in ``directory`` if it matches the store's
    files; the body is None when the fingerprint is ``cached`` (the caller has it). Searched
    as bytes: UTF-8 text is found in UTF-8 bytes without decoding them."""
    try:
        with open(directory / LABELS_FILE, "rb") as f:
            head = f.readline().rstrip(b"\n").decode("utf-8")
            if head != fingerprint(directory):
                return None
            return head, (None if head == cached else f.read())
    except (OSError, UnicodeDecodeError):
        return None


def _read_index_terms(directory: Path) -> list[str] | None:
    found = _read_index(directory)
    if found is None:
        return None
    return [line.partition("\t")[2] for line in found[1].decode("utf-8").splitlines()]


def index_store(directory: str | os.PathLike[str]) -> Path:
    """(Re)write the label index of an existing store directory, e.g. one built before the
    index existed. The store must not be open for writing elsewhere."""
    d = Path(directory)
    store = ox.Store.read_only(str(d))
    labels = collect_labels(store)
    del store
    return write_label_index(d, labels)


class LabelIndex:
    """The labels of one store, searchable by substring."""

    def __init__(self, body: bytes):
        self.body = body

    def containing(self, text: str) -> list[str] | None:
        """The literals (N-Triples syntax, also valid SPARQL) whose lexical form contains
        ``text``, compared case-insensitively: a superset of what a CONTAINS filter (with or
        without LCASE) keeps. None when ``text`` has a character the index escapes."""
        if not text or any(c in '"\\' or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
            return None
        needle, body, out = text.lower().encode("utf-8"), self.body, []
        pos = body.find(needle)
        while pos != -1:
            start = body.rfind(b"\n", 0, pos) + 1
            tab = body.find(b"\t", start)
            end = body.find(b"\n", tab)
            if pos + len(needle) <= tab:   # in the key, not in the literal beside it
                out.append(body[tab + 1:end].decode("utf-8"))
            pos = body.find(needle, end + 1)
        return out


def label_index(store: ox.Store) -> LabelIndex | None:
    """The label index of a store opened by ``open_graph`` from a directory, if the store
    has one that matches its files; else None (then queries run without it)."""
    entry = _STORE_DIRS.get(id(store))
    if entry is None or entry[0] is not store:
        return None
    cached = _INDEX_CACHE.get(entry[1])
    found = _read_index(entry[1], cached[0] if cached else None)
    if found is None:
        return None
    if found[1] is None:
        return cached[1]
    index = LabelIndex(found[1])
    _INDEX_CACHE.clear()
    _INDEX_CACHE[entry[1]] = (found[0], index)
    return index


def store_directory(store: ox.Store) -> Path | None:
    """The directory a store was opened from by ``open_graph`` (None for a graph file)."""
    entry = _STORE_DIRS.get(id(store))
    return entry[1] if entry is not None and entry[0] is store else None


def _remember_dir(store: ox.Store, directory: Path) -> None:
    _STORE_DIRS[id(store)] = (store, directory.resolve())
    while len(_STORE_DIRS) > _STORE_DIRS_MAX:
        del _STORE_DIRS[next(iter(_STORE_DIRS))]


def graph_counts(store: ox.Store) -> dict[str, int]:
    """Quads per named graph (the default graph under ``""``), for stats and tests."""
    counts: dict[str, int] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        g = q.graph_name
        key = g.value if isinstance(g, ox.NamedNode) else ("" if isinstance(g, ox.DefaultGraph) else str(g))
        counts[key] = counts.get(key, 0) + 1
    return counts


def load_store(source: str | os.PathLike[str], path: str | os.PathLike[str]) -> dict[str, int]:
    """Load a dataset file (TriG, N-Quads, JSON-LD) into the store at ``path``, replacing
    the named graphs the file holds. Triples outside named graphs are refused: they would
    have no report graph to replace on the next load."""
    src = open_graph(source)
    by_graph: dict[str, list[ox.Quad]] = {}
    for q in src.quads_for_pattern(None, None, None, None):
        if not isinstance(q.graph_name, ox.NamedNode):
            raise StoreError(
                f"{source}: holds triples outside named graphs; load a TriG or N-Quads file "
                "(kg build -o FILE.trig) so each report keeps its graph"
            )
        by_graph.setdefault(q.graph_name.value, []).append(q)
    return write_store(by_graph, path)


def union_graph(store: ox.Store) -> ox.Store:
    """An in-memory store whose default graph holds every triple of ``store`` once."""
    flat = ox.Store()
    flat.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None))
    return flat


def dump(store: ox.Store, output: str | os.PathLike[str], fmt: ox.RdfFormat | None = None,
         prefixes: dict[str, str] | None = None) -> None:
    """Write the store to a file atomically (temp file + os.replace). Triples-only formats
    (Turtle, N-Triples) get the union of all graphs, each triple once."""
    out = Path(output)
    fmt = fmt or rdf_format(out)
    kwargs = {"prefixes": prefixes} if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    with atomic_path(out) as tmp:
        if fmt.supports_datasets:
            store.dump(str(tmp), fmt, **kwargs)
        else:
            union_graph(store).dump(str(tmp), fmt, from_graph=ox.DefaultGraph(), **kwargs)
