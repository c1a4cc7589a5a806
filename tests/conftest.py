"""Shared fixtures: where the seeds and gold live, and the seeds built once per session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"  # present on dev machines and CI, not in every checkout

sys.path.insert(0, str(ROOT / "tests"))  # tests import their fixtures package


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The five seed reports built once: Turtle and TriG files plus the BuildResult."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed-build")
    ttl, trig = out / "graph.ttl", out / "graph.trig"
    result = build([SEEDS], ttl, jobs=1, cache_dir=None)
    from kg.graph.write import write_graphs

    write_graphs(result.graphs, trig)
    return {"ttl": ttl, "trig": trig, "result": result, "dir": out}
