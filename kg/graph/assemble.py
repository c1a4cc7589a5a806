"""Reports → graph blocks (one per report, and the shared graph's), making again only what
an edit changes.

Each report's statements come in three parts (kg.graph.rdf): its own, for its graph; the
shared facts it relies on, for the shared graph (their union, each line once); and the
sentences it quotes about shared things, for its graph unless an earlier report quotes the
same (kg.graph.quotes). A report's statements depend on its facts, its regions and its view of the entities it mentions
(kg.graph.resolve). So after an edit:

- if the edited reports' fold inputs are as before (the usual edit: a figure, a sentence,
  not a project's name), folding would give every report the same view: only the edited
  reports' blocks are made again, with their stored views, and no other report is loaded;
- otherwise every report is folded again from the stored fold inputs (no report text or
  facts loaded), and the blocks of the reports whose view changed are made again.

The shared graph is then updated from the lines those reports added and dropped, and the
graphs of other reports gain or lose the quoted lines that changed hands. Either way the
blocks equal what a build from nothing makes (tests/test_incremental.py).
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from kg.build_state import ReportRecord, content_id
from kg.datacache import quick_loads
from kg.extract.model import ReportFacts
from kg.graph import iris
from kg.graph.quotes import Quotes, line_key
from kg.graph.rdf import SHARED_GRAPH, indicator_scheme_triples, report_statements
from kg.graph.reach import reach_lines
from kg.graph.resolve import EntityView, ReportView, fold, fold_inputs, local_regions
from kg.graph.union import UnionUpdate, line_hash
from kg.workers import IdleCores

SKELETONS = TABLES = "tables"
VIEWS, SIDES = "views", "sides"
FORK_AT = 64   # reports in a build from nothing before a second process makes half the graphs
CORE_FREE = 0.5   # idle cores (kg.workers.IdleCores) for a second process to be worth it
FORK_SHARE = 0.47  # the share of the reports (the later ones by key) the second process makes


@dataclass
class Report:
    key: str
    digest: str
    source_name: str
    source_path: str
    facts: ReportFacts | None = None   # loaded only when needed


def block_bytes(graph: str, lines: list[str]) -> bytes:
    """Sorted N-Triples lines → the graph's N-Quads text."""
    return f" <{graph}> .\n".join([*lines, ""]).encode("utf-8")


def block_lines(graph: str, data: bytes) -> list[bytes]:
    """N-Quads block → its N-Triples lines (each ending " .\\n")."""
    # the graph's tail is at the end of every line and nowhere else (a line holds one newline)
    return data.replace(f" <{graph}> .\n".encode("utf-8"), b" .\n").splitlines(keepends=True)


class Blocks:
    """Every graph of the build as an N-Quads block: in memory, or in the state's files."""

    def __init__(self, state=None) -> None:
        self.state = state
        self.ids: dict[str, str] = {}          # graph IRI → block id (with a state)
        self.data: dict[str, bytes] = {}       # graph IRI → block (without a state)
        self.counts: dict[str, int] = {}       # graph IRI → statements
        self.previous: dict[str, str] = {}     # graph IRI → block id in the last build
        # graph IRI → (lines gone, lines come) since the last build, where known without
        # comparing blocks (the shared graph's), as sorted N-Quads lines
        self.delta: dict[str, tuple[list[bytes], list[bytes]]] = {}
        self.observations = 0
        self.remade = 0                        # report graphs made (again) in this build
        self.refolded = False                  # entities folded again across all reports

    def put(self, graph: str, data: bytes) -> None:
        self.counts[graph] = data.count(b"\n")
        if self.state is not None:
            self.ids[graph] = self.state.put_block(data)
        else:
            self.data[graph] = data
            self.ids[graph] = hashlib.sha256(data).hexdigest()[:32]

    def keep(self, graph: str, block: str, count: int) -> None:
        self.ids[graph], self.counts[graph] = block, count

    def adopt(self, graph: str, path, count: int) -> None:
        """A block already written to a file of the state (moved into place by its hash)."""
        self.ids[graph], self.counts[graph] = self.state.adopt_block(path), count

    def names(self) -> list[str]:
        return sorted(self.ids)

    def get(self, graph: str) -> bytes:
        if graph in self.data:
            return self.data[graph]
        return self.state.read_block(self.ids[graph])

    def path(self, graph: str):
        """The block's file, or None when it is held in memory."""
        return None if self.state is None else self.state.block_path(self.ids[graph])

    def dataset_id(self) -> str:
        return _dataset_id(self.ids)

    def previous_dataset_id(self) -> str:
        return _dataset_id(self.previous)

    def graphs(self) -> dict[str, list[str]]:
        """Graph IRI → N-Triples lines (no final " ."), as kg.graph.write takes them."""
        return {g: [ln[:-3].decode("utf-8") for ln in block_lines(g, self.get(g))] for g in self.names()}


def _dataset_id(ids: dict[str, str]) -> str:
    return content_id(sorted(ids.items()))


def _plain_bytes(value: tuple) -> bytes:
    """Plain tuples (str, int, bool, None, tuples), pickled without the memo (``fast``): equal
    values, equal bytes, whichever objects they share; a third of the cost of their repr."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


def view_data(view: ReportView) -> bytes:
    """A view as plain tuples (``_plain_bytes``). Its hash names it (``view_id``); it is also
    what the state keeps (``load_view``): one serialisation for both, where a repr for the
    name and a pickle of the dataclasses cost 7x as much."""
    return _plain_bytes((tuple(map(tuple, view.entities)), view.enterprise_by_name))


def load_view(data: bytes) -> ReportView:
    entities, by_name = quick_loads(data)
    return ReportView(tuple(map(EntityView._make, entities)), by_name)


def view_id(data: bytes) -> str:
    """The name of a view (from ``view_data``)."""
    return hashlib.sha256(data).hexdigest()[:32]


def skeleton_id(skeleton: tuple) -> str:
    return hashlib.sha256(_plain_bytes(skeleton)).hexdigest()[:32]


def assemble(reports: list[Report], state, load: Callable[[Report], ReportFacts], jobs: int = 1) -> Blocks:
    """Blocks for ``reports`` (in key order). ``state``: the last build's BuildState (updated
    in place), or None to make everything in memory. ``load`` gives an unloaded report's facts.
    ``jobs`` > 1: a build from nothing shares the making of graphs with a forked process."""

    blocks = Blocks(state)
    prev = state.reports if state is not None else {}
    idle = IdleCores() if jobs > 1 else None   # a second process only beside an idle core
    sides = _Sides(state)
    if not sides.complete:
        prev = {}   # what the last build's graphs hold is not all known: make every graph again
    if state is not None:
        blocks.previous = {str(iris.report_iri(k)): r.block for k, r in state.reports.items()}
        if state.shared_block:
            blocks.previous[SHARED_GRAPH] = state.shared_block

    def facts_of(rep: Report) -> ReportFacts:
        if rep.facts is None:
            rep.facts = load(rep)
        return rep.facts

    def same_source(rep: Report) -> bool:
        rec = prev.get(rep.key)
        return rec is not None and (rec.digest, rec.source_name, rec.source_path) == (
            rep.digest, rep.source_name, rep.source_path)

    changed = [rep for rep in reports if not same_source(rep)]
    gone = sorted(set(prev) - {rep.key for rep in reports})
    local, skeletons, skel_ids = {}, {}, {}
    for rep in changed:
        f = facts_of(rep)
        local[rep.key] = local_regions(f)
        skeletons[rep.key] = fold_inputs(f, local[rep.key])
        skel_ids[rep.key] = skeleton_id(skeletons[rep.key])

    reach = None  # the policies' counts (kg.graph.reach), made whenever the fold is made
    quick = (state is not None and not gone
             and all(rep.key in prev and prev[rep.key].skeleton == skel_ids[rep.key]
                     and state.has_object(VIEWS, prev[rep.key].view) for rep in changed))
    views: dict[str, ReportView] = {}
    view_ids: dict[str, str] = {}
    view_bytes: dict[str, bytes] = {}
    if quick:
        for rep in changed:
            views[rep.key] = load_view(state.get_bytes(VIEWS, prev[rep.key].view))
            view_ids[rep.key] = prev[rep.key].view
        remake = {rep.key for rep in changed}
    else:
        stored = _stored_skeletons(state) if prev else {}
        for rep in reports:
            if rep.key in skeletons:
                continue
            sk = stored.get(rep.key)
            if sk is None or skeleton_id(sk) != prev[rep.key].skeleton:
                f = facts_of(rep)
                local[rep.key] = local_regions(f)
                sk = fold_inputs(f, local[rep.key])
            skeletons[rep.key] = sk
            skel_ids[rep.key] = prev[rep.key].skeleton if rep.key in prev else skeleton_id(sk)
        views = fold([skeletons[rep.key] for rep in reports], jobs if _core_free(idle) else 1)
        view_bytes = {k: view_data(v) for k, v in views.items()}
        view_ids = {k: view_id(data) for k, data in view_bytes.items()}
        reach = reach_lines(views, skeletons)
        edited = {rep.key for rep in changed}
        remake = {rep.key for rep in reports
                  if rep.key in edited or prev[rep.key].view != view_ids[rep.key]}
        if state is not None:
            state.skeletons_file = state.put_object(SKELETONS, skeletons)

    blocks.refolded = not quick
    blocks.remade = len(remake)
    shared = SharedGraph(state if prev else None)
    if reach is not None:
        old_reach = state.get_object(TABLES, state.reach_file) if prev and state.has_object(TABLES, state.reach_file) else []
        shared.replace(old_reach, reach)
        if state is not None:
            state.reach_file = state.put_object(TABLES, reach)
    quotes = sides.quotes
    for key in gone:   # first: a line a gone report quoted passes to the next report quoting it
        old_shared, old_quoted = sides.get(prev[key].side)
        shared.replace(old_shared, [])
        quotes.replace(key, old_quoted, [])
    records = {}

    def make(rep: Report) -> None:
        graph = str(iris.report_iri(rep.key))
        f = facts_of(rep)
        loc = local.get(rep.key) or local_regions(f)
        st = report_statements(f, loc, views[rep.key])
        old_shared, old_quoted = sides.get(prev[rep.key].side) if rep.key in prev else ([], [])
        shared.replace(old_shared, st.shared)
        lines = sorted(st.own + quotes.replace(rep.key, old_quoted, st.quoted))
        data = block_bytes(graph, lines)
        blocks.put(graph, data)
        observations = _observations(graph, data)
        blocks.observations += observations
        if state is not None:
            vid = view_ids[rep.key]
            _put_view(state, vid, view_bytes, views[rep.key], rep.key)
            side = sides.put(st.shared, st.quoted)
            records[rep.key] = ReportRecord(rep.key, rep.digest, rep.source_name, rep.source_path,
                                            skel_ids[rep.key], vid, blocks.ids[graph], len(lines),
                                            observations, side)

    # A full build (no graph of the last build to keep) made by two processes: a forked
    # child makes the later reports' graphs while this one makes the earlier ones
    part = _Part.start(reports, local, views, view_ids, view_bytes, state) if (
        not prev and jobs > 1 and len(reports) >= FORK_AT and _core_free(idle)) else None
    for rep in reports[:part.at] if part else reports:
        if rep.key not in remake:
            rec = prev[rep.key]
            blocks.keep(str(iris.report_iri(rep.key)), rec.block, rec.statements)
            blocks.observations += rec.observations
            records[rep.key] = rec
            continue
        make(rep)
    if part is not None:
        if not part.finish(blocks, records, shared, quotes, skel_ids):
            for rep in reports[part.at:]:   # the child failed: made here instead
                make(rep)
        records = {rep.key: records[rep.key] for rep in reports} if state is not None else records
    # graphs of reports not made again that gain or lose a quoted line
    for key, (gained, lost) in sorted(quotes.moved.items()):
        if not (gained or lost):
            continue
        graph = str(iris.report_iri(key))
        rec = records[key]
        lines = [ln[:-3].decode("utf-8") for ln in block_lines(graph, blocks.get(graph))]
        lines = sorted((set(lines) - lost) | gained)
        blocks.put(graph, block_bytes(graph, lines))
        records[key] = dataclasses.replace(rec, block=blocks.ids[graph], statements=len(lines))
    shared.write(blocks)
    if state is not None:
        state.reports = records
        state.shared_block = blocks.ids[SHARED_GRAPH]
        state.shared_statements = blocks.counts[SHARED_GRAPH]
        state.quotes_file = state.put_object(TABLES, quotes)
    return blocks


class _Sides:
    """What each report's graph gave the shared graph and quoted (kg.graph.quotes), as the
    last build left it, and the table of quoted lines; ``complete`` when all are at hand."""

    def __init__(self, state) -> None:
        self.state = state
        self.quotes = Quotes()
        self.complete = False
        if state is None or not state.reports:
            return
        try:
            self.quotes = state.get_object(TABLES, state.quotes_file)
        except (OSError, EOFError, ValueError, AttributeError, TypeError, pickle.UnpicklingError):
            self.quotes = Quotes()
            return
        self.complete = (isinstance(self.quotes, Quotes) and bool(state.shared_block)
                         and state.has_block(state.shared_block)
                         and state.has_object(TABLES, state.shared_multi_file)
                         and all(state.has_object(SIDES, r.side) for r in state.reports.values()))
        if not self.complete:
            self.quotes = Quotes()

    def get(self, side: str) -> tuple[list[str], list[str]]:
        shared, quoted = self.state.get_object(SIDES, side)
        return _lines(shared), _lines(quoted)

    def put(self, shared: list[str], quoted: list[str]) -> str:
        return _put_side(self.state, shared, quoted)


def _put_side(state, shared: list[str], quoted: list[str]) -> str:
    # as two byte strings: pickled as they are, where a list of str is pickled line by line
    return state.put_object(SIDES, ("\n".join(shared).encode("utf-8"), "\n".join(quoted).encode("utf-8")))


def _put_view(state, vid: str, view_bytes: dict[str, bytes], view: ReportView, key: str) -> None:
    if not state.has_object(VIEWS, vid):
        state.put_bytes(VIEWS, view_bytes.get(key) or view_data(view), name=vid)


def _core_free(idle: IdleCores | None) -> bool:
    """Whether a core sat (mostly) idle since the last look: where other work keeps both
    cores busy, a second process only slows this one (corpus, load 2.2: 45 -> 53 s)."""
    if idle is None:
        return False
    free = idle.since()
    return free is None or free >= CORE_FREE


def _observations(graph: str, data: bytes) -> int:
    """Lines typing an observation (the quoted lines are evidence sentences: none of them)."""
    return data.count(f"ontology#Observation> <{graph}> .\n".encode("utf-8"))


class _Part:
    """The later reports' graphs of a build from nothing, made by a forked child process
    (which shares the parent's facts, regions and views, copy on write).

    The child makes its graphs as the parent would, but for the quoted lines (kg.graph.quotes)
    it knows only its own reports': a line an earlier report quotes goes to that report's
    graph. So once the parent has made its graphs it sends the child the lines they quote
    (their hashes); the child takes those out of its graphs (few: the reports just after the
    split, quoting what the reports just before it quote), and sends back its graphs' blocks
    (their ids, with a state: it wrote them), records, quoted-line table and shared-line
    counts, which the parent adds to its own. A child that fails costs only time: the parent
    makes its reports after all."""

    def __init__(self, at: int, child) -> None:
        self.at, self.child = at, child
        self.reports: list[Report] = []

    @classmethod
    def start(cls, reports, local, views, view_ids, view_bytes, state) -> "_Part | None":
        from kg.workers import Forked

        at = len(reports) - int(len(reports) * FORK_SHARE)
        child = Forked(_make_part, reports[at:], local, views, view_ids, view_bytes, state, talk=True)
        if child.process is None:   # no fork here: one process makes them all
            return None
        part = cls(at, child)
        part.reports = reports[at:]
        return part

    def finish(self, blocks: Blocks, records: dict, shared: "SharedGraph", quotes: Quotes,
               skel_ids: dict[str, str]) -> bool:
        """Add the child's graphs to the build; False if the child failed (nothing added)."""
        from kg.workers import ForkFailed

        self.child.send(set(quotes.first) | set(quotes.more))
        try:
            made, counts, first, more = self.child.result()
        except ForkFailed:
            return False
        for rep, (block, n, observations, vid, side, data) in zip(self.reports, made):
            graph = str(iris.report_iri(rep.key))
            if data is not None:
                blocks.put(graph, data)
            else:
                blocks.keep(graph, block, n)
            blocks.observations += observations
            if blocks.state is not None:
                records[rep.key] = ReportRecord(rep.key, rep.digest, rep.source_name, rep.source_path,
                                                skel_ids[rep.key], vid, block, n, observations, side)
        shared.counts.update(counts)
        quotes.add_later(first, more)
        return True


def _make_part(conn, reports, local, views, view_ids, view_bytes, state) -> tuple:
    """The child of ``_Part``: make ``reports``' graphs, as ``assemble`` does (an error goes
    to the parent by kg.workers.Forked, and the parent makes them itself)."""
    quotes, counts, made, lines_of = Quotes(), Counter(), [], {}
    for rep in reports:
        f = rep.facts
        st = report_statements(f, local.get(rep.key) or local_regions(f), views[rep.key])
        counts.update(st.shared)
        kept = quotes.replace(rep.key, [], st.quoted)
        lines_of[rep.key] = (st.own, kept)
        lines = sorted(st.own + kept)
        vid = side = None
        if state is not None:
            vid = view_ids[rep.key]
            _put_view(state, vid, view_bytes, views[rep.key], rep.key)
            side = _put_side(state, st.shared, st.quoted)
        made.append([*_block(state, rep.key, lines), vid, side])
    taken = conn.recv()   # the lines the parent's (earlier) reports quote
    lost: dict[str, set[int]] = {}
    for h in taken & (quotes.first.keys() | quotes.more.keys()):
        lost.setdefault(quotes.holders(h)[0], set()).add(h)
    for n, rep in enumerate(reports):
        if rep.key in lost:
            own, kept = lines_of[rep.key]
            made[n][:4] = _block(state, rep.key, sorted(
                own + [ln for ln in kept if line_key(ln) not in lost[rep.key]]))
    return ([(m[0], m[1], m[2], m[4], m[5], m[3]) for m in made], dict(counts), quotes.first, quotes.more)


def _block(state, key: str, lines: list[str]) -> list:
    """[block id (with a state: written), statements, observations, block (without)]."""
    graph = str(iris.report_iri(key))
    data = block_bytes(graph, lines)
    block = state.put_block(data) if state is not None else None
    return [block, len(lines), _observations(graph, data), None if state is not None else data]


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n") if data else []


class SharedGraph:
    """The shared graph: the indicator scheme and every line some report's ``shared``
    statements hold, each once. Made from all reports, or (``state`` given) updated from the
    last build's block with the lines reports added and dropped: a line leaves when the last
    report relying on it drops it (kg.graph.union keeps the counts)."""

    def __init__(self, state=None) -> None:
        self.state = state
        self.tail = f" <{SHARED_GRAPH}> .\n"
        if state is None:
            self.counts: Counter[str] = Counter(set(indicator_scheme_triples()))
            self.update = None
        else:
            self.update = UnionUpdate(state.block_path(state.shared_block),
                                      state.get_object(TABLES, state.shared_multi_file))
            self.changed = False

    def replace(self, old: list[str], new: list[str]) -> None:
        if self.update is None:
            self.counts.update(new)
        elif old != new:
            self.update.replace([(ln + self.tail).encode("utf-8") for ln in old],
                                [(ln + self.tail).encode("utf-8") for ln in new])
            self.changed = True

    def write(self, blocks: Blocks) -> None:
        state = self.state
        if self.update is None:
            # sorted as bytes (UTF-8 keeps the code points' order): twice as fast as str
            tail = self.tail.encode("utf-8")
            lines = sorted([ln.encode("utf-8") for ln in self.counts])
            blocks.put(SHARED_GRAPH, tail.join([*lines, b""]))
            multi = {line_hash((ln + self.tail).encode("utf-8")): c for ln, c in self.counts.items() if c > 1}
            if blocks.state is not None:
                blocks.state.shared_multi_file = blocks.state.put_object(TABLES, multi)
            return
        if not self.changed:
            blocks.keep(SHARED_GRAPH, state.shared_block, state.shared_statements)
            return
        tmp = state.temp_path("shared.nq")
        delta = self.update.apply(tmp)
        blocks.adopt(SHARED_GRAPH, tmp, state.shared_statements + delta)
        blocks.delta[SHARED_GRAPH] = (sorted(self.update.deleted), sorted(self.update.inserted))
        state.shared_multi_file = state.put_object(TABLES, self.update.multi)


def _stored_skeletons(state) -> dict[str, tuple]:
    if state is None or not state.has_object(SKELETONS, state.skeletons_file):
        return {}
    try:
        return state.get_object(SKELETONS, state.skeletons_file)
    except Exception:  # noqa: BLE001 - a damaged table: fold inputs are made again from facts
        return {}
