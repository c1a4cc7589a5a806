"""Shared fixtures: where the seeds and gold live, and the seeds built once per session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"  # present on dev machines and CI, not in every checkout
DEV = SHARED / "dev"             # ten reports with gold, beside the checkout
DEV2 = ROOT / "tests" / "dev2"   # four corpus reports annotated for the project

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


def _built_and_scored(folder: Path, tmp_path_factory, name: str):
    from kg.build import build
    from kg.evaluate import evaluate

    docs, gold = folder / "docs", folder / "gold"
    if not gold.is_dir():
        pytest.skip(f"{folder} is not here")
    ttl = tmp_path_factory.mktemp(name) / "graph.ttl"
    build([docs], ttl, jobs=2, cache_dir=None)
    return evaluate(ttl, gold, docs)


@pytest.fixture(scope="session")
def dev_scores(tmp_path_factory):
    """The dev set (../shared/dev) built once and scored; skipped where shared is not beside
    the checkout."""
    return _built_and_scored(DEV, tmp_path_factory, "dev-build")


@pytest.fixture(scope="session")
def dev2_scores(tmp_path_factory):
    """tests/dev2 built once and scored."""
    return _built_and_scored(DEV2, tmp_path_factory, "dev2-build")
