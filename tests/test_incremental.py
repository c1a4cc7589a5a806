"""Incremental builds: after any edit, every output equals a build from nothing, byte for byte.

Each test builds a copy of the seeds with a cache, edits the folder, builds again, and
compares with a cache-less build of the edited folder. Real files, real store.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build import build
from kg.graph.union import UnionUpdate, full_union, lower_bound

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FORMATS = (".nq", ".nt", ".ttl", ".trig")


def _store_quads(path: Path) -> set:
    s = ox.Store.read_only(str(path))
    return set(s.quads_for_pattern(None, None, None, None))


class Folder:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.src = tmp / "src"
        shutil.copytree(SEEDS, self.src)
        self.cache = tmp / "cache"
        self.out = tmp / "out"
        self.n = 0
        self.jobs = 1

    def outputs(self, where: Path) -> list[Path]:
        return [where / f"graph{ext}" for ext in FORMATS]

    def build(self):
        return build([self.src], self.outputs(self.out), store=self.out / "store", jobs=self.jobs,
                     cache_dir=self.cache)

    def assert_same_as_fresh(self) -> None:
        self.n += 1
        fresh = self.tmp / f"fresh{self.n}"
        build([self.src], self.outputs(fresh), store=fresh / "store", jobs=1, cache_dir=None)
        for mine, ref in zip(self.outputs(self.out), self.outputs(fresh)):
            assert mine.read_bytes() == ref.read_bytes(), f"{mine.name} differs from a fresh build"
        assert _store_quads(self.out / "store") == _store_quads(fresh / "store")

    def file(self, seed: str) -> Path:
        return next(self.src.glob(f"{seed}*"))


@pytest.fixture
def folder(tmp_path):
    f = Folder(tmp_path)
    first = f.build()
    assert first.refolded and first.remade == 5
    return f


def test_an_edit_that_keeps_every_name_remakes_only_that_report(folder):
    p = folder.file("002_")
    text = p.read_text("utf-8")
    # a figure changes and a sentence is added; no entity's name changes
    p.write_text(text.replace("。", "。各位代表，让我们团结奋斗！", 1) + "\n各位代表！\n", encoding="utf-8")
    r = folder.build()
    assert (r.refolded, r.remade, r.cached) == (False, 1, 4)
    folder.assert_same_as_fresh()


def test_an_edit_that_renames_an_enterprise_refolds_and_stays_exact(folder):
    p = folder.file("001_")  # 曲沃县: 晋南 is also named in 000_
    text = p.read_text("utf-8")
    assert "晋南" in text
    p.write_text(text.replace("晋南", "晋北"), encoding="utf-8")
    r = folder.build()
    assert r.refolded and r.remade >= 1
    folder.assert_same_as_fresh()


def test_removing_and_adding_reports_stays_exact(folder):
    gone = folder.file("003_")
    kept = gone.read_bytes()
    gone.unlink()
    r = folder.build()
    assert r.report_count == 4
    folder.assert_same_as_fresh()
    (folder.src / "later").mkdir()
    (folder.src / "later" / gone.name).write_bytes(kept)
    r = folder.build()
    assert r.report_count == 5
    folder.assert_same_as_fresh()


def test_nothing_changed_leaves_every_output_alone(folder):
    before = {p: p.stat().st_mtime_ns for p in folder.outputs(folder.out)}
    r = folder.build()
    assert (r.remade, r.cached) == (0, 5)
    assert {p: p.stat().st_mtime_ns for p in folder.outputs(folder.out)} == before


def test_an_output_changed_by_hand_is_written_again(folder):
    nt = folder.out / "graph.nt"
    nt.write_text("garbage\n", encoding="utf-8")
    p = folder.file("001_")
    p.write_text(p.read_text("utf-8") + "\n谢谢！\n", encoding="utf-8")
    folder.build()
    folder.assert_same_as_fresh()


SENTENCE = "扫黑除恶专项斗争成效显著。"   # 002_ says it; a national campaign: one IRI everywhere


def _quote_in(folder: Folder, seed: str) -> Path:
    p = folder.file(seed)
    text = p.read_text("utf-8")
    at = text.index("。", len(text) // 2) + 1
    p.write_text(text[:at] + SENTENCE + text[at:], encoding="utf-8")
    return p


def _graphs_stating(store: Path, line: str) -> list[str]:
    s = ox.Store.read_only(str(store))
    return sorted(q.graph_name.value.rsplit("/", 1)[-1] for q in s.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/county-kg/ontology#evidence"), ox.Literal(line), None))


def test_a_sentence_several_reports_quote_is_stated_once_and_moves_on_edits(folder):
    _quote_in(folder, "000_")
    _quote_in(folder, "004_")
    folder.build()
    folder.assert_same_as_fresh()
    assert _graphs_stating(folder.out / "store", SENTENCE) == ["000_28599288d92c4c3c"]  # the first
    # the first report no longer says it: the next report that does (002_) states it
    p = folder.file("000_")
    p.write_text(p.read_text("utf-8").replace(SENTENCE, ""), encoding="utf-8")
    folder.build()
    folder.assert_same_as_fresh()
    assert _graphs_stating(folder.out / "store", SENTENCE) == ["002_35ba40385b99d8cc"]
    # an earlier report quotes it again and takes it over; a later one gone changes nothing
    _quote_in(folder, "001_")
    folder.file("004_").unlink()
    folder.build()
    folder.assert_same_as_fresh()
    assert _graphs_stating(folder.out / "store", SENTENCE) == ["001_4eb44e6884725f00"]


@pytest.fixture
def forking(monkeypatch):
    """Builds from nothing with two jobs fork, even for five reports."""
    import kg.graph.assemble as assemble
    import kg.graph.resolve as resolve

    monkeypatch.setattr(assemble, "FORK_AT", 2)
    monkeypatch.setattr(assemble, "CORE_FREE", -1)   # however busy the machine is
    monkeypatch.setattr(resolve, "FORK_AT", 2)
    return assemble


@pytest.mark.parametrize("cache", [True, False])
def test_two_processes_make_what_one_makes(tmp_path, forking, monkeypatch, cache):
    f = Folder(tmp_path)
    f.jobs = 2
    _quote_in(f, "000_")   # 000_ to 002_ made by this process, 003_ and 004_ by the child:
    _quote_in(f, "004_")   # the child's report gives up the sentence an earlier one quotes
    _quote_in(f, "003_")
    if not cache:
        f.cache = None
    started = []
    start = forking._Part.start
    monkeypatch.setattr(forking._Part, "start", lambda *a: started.append(1) or start(*a))
    first = f.build()
    assert first.refolded and first.remade == 5 and started
    f.assert_same_as_fresh()
    assert _graphs_stating(f.out / "store", SENTENCE) == ["000_28599288d92c4c3c"]
    if cache:   # what the two processes left in the state serves the next build
        p = f.file("000_")
        p.write_text(p.read_text("utf-8").replace(SENTENCE, ""), encoding="utf-8")
        f.build()
        f.assert_same_as_fresh()
        assert _graphs_stating(f.out / "store", SENTENCE) == ["002_35ba40385b99d8cc"]
        p = f.file("001_")
        p.write_text(p.read_text("utf-8").replace("晋南", "晋北"), encoding="utf-8")
        assert f.build().refolded
        f.assert_same_as_fresh()


def test_a_child_that_fails_costs_only_time(tmp_path, forking, monkeypatch):
    import kg.graph.resolve as resolve

    monkeypatch.setattr(forking, "report_statements", _failing_in_child(forking.report_statements))
    monkeypatch.setattr(resolve, "_policy_views", _failing_in_child(resolve._policy_views))
    f = Folder(tmp_path)
    f.jobs = 2
    _quote_in(f, "004_")
    assert f.build().remade == 5
    f.assert_same_as_fresh()


def _failing_in_child(fn):
    import os

    parent = os.getpid()

    def failing(*args):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return fn(*args)
    return failing


def test_no_statement_is_in_two_graphs(folder):
    _quote_in(folder, "000_")
    folder.build()
    quads = _store_quads(folder.out / "store")
    triples = [(q.subject, q.predicate, q.object) for q in quads]
    assert len(triples) == len(set(triples))
    shared = {q.graph_name.value for q in quads if q.predicate.value.endswith("#label")}
    assert shared == {"https://w3id.org/county-kg/id/graph/shared"}   # labels stated once


# ---- the N-Triples union, updated in place ------------------------------------------------

_lines = st.sets(st.sampled_from([f"<s{i}> <p> <o{j}> .\n".encode() for i in range(6) for j in range(4)]))


@settings(max_examples=150, deadline=None)
@given(before=st.lists(_lines, min_size=1, max_size=5), after=st.lists(_lines, min_size=1, max_size=5))
def test_union_update_equals_the_union_made_afresh(tmp_path_factory, before, after):
    tmp = tmp_path_factory.mktemp("union")
    old, multi = full_union(before)
    path = tmp / "u.nt"
    path.write_bytes(b"".join(old))
    update = UnionUpdate(path, dict(multi))
    for i in range(max(len(before), len(after))):
        update.replace(before[i] if i < len(before) else set(), after[i] if i < len(after) else set())
    update.apply(path)
    new, new_multi = full_union(after)
    assert path.read_bytes() == b"".join(new)
    assert update.multi == new_multi


def test_lower_bound_finds_every_line_and_gap(tmp_path):
    lines = sorted({f"<a{i:03d}> .\n".encode() for i in range(0, 200, 3)})
    data = b"".join(lines)
    for i in range(-1, 202):
        probe = f"<a{i:03d}> .\n".encode()
        at = lower_bound(data, probe)
        assert at == sum(len(x) for x in lines if x < probe)


def test_a_store_written_by_someone_else_gets_every_graph_again(folder):
    store = folder.out / "store"
    s = ox.Store(str(store))  # as `kg serve --writable` would: an update behind the build's back
    report = next(g for g in s.named_graphs() if "/report/" in g.value)
    s.add(ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"),
                  ox.Literal("stray"), report))
    s.flush()
    del s
    folder.build()
    folder.assert_same_as_fresh()


def test_the_cache_keeps_only_what_a_build_can_use(folder):
    stale = folder.cache / f"{'0' * 64}-{'1' * 16}.pkl"   # facts of a text no build holds
    mine = folder.cache / "notes.pkl"                       # not ours: never touched
    stale.write_bytes(b"x")
    mine.write_bytes(b"x")
    p = folder.file("001_")
    p.write_text(p.read_text("utf-8") + "\n谢谢！\n", encoding="utf-8")
    folder.build()
    assert not stale.exists() and mine.exists()
    facts = sorted(folder.cache.glob("*-*.pkl"))
    assert len(facts) == 5  # the edited report's old text is gone, the new one kept
    blocks = list((folder.cache / "graphs" / "blocks").iterdir())
    assert len(blocks) == 6  # five reports and the shared graph
