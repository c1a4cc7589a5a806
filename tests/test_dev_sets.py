"""The development sets built end to end and scored as the shared scorer scores them, with
floors just under what the extractors reach, so a change that loses ground fails here.

- ../shared/dev: ten reports of counties, cities and a province (issue 10's targets:
  headline 0.85, indicators 0.95, projects, enterprises, places 0.80, policies 0.75,
  metadata 56/60; issue 13's: 80 % of the gold same_as links share one IRI);
- tests/dev2: four corpus city reports annotated for the project after two rounds of work on
  the first set, so a first look at how the rules carry over.
The seeds have their floors in test_end_to_end.py. tests/heldout is scored by
benchmarks/score_sets.py only: no floor, so that nobody tunes to it.
"""
from __future__ import annotations

import pytest

# (strict F1 floor per list, headline, metadata hits, project status share)
FLOORS = {
    "dev": ({"indicators": 0.96, "projects": 0.82, "enterprises": 0.84, "policies": 0.79,
             "places": 0.85}, 0.845, 59, 0.91),
    "dev2": ({"indicators": 0.98, "projects": 0.77, "enterprises": 0.77, "policies": 0.76,
              "places": 0.89}, 0.82, 24, 0.90),
}


@pytest.fixture(params=sorted(FLOORS))
def scored(request):
    return request.param, request.getfixturevalue(f"{request.param}_scores")


def test_every_list_stays_above_its_floor(scored):
    name, scores = scored
    floors = FLOORS[name][0]
    low = {k: round(scores.totals[k].prf()[2], 3) for k in floors if scores.totals[k].prf()[2] < floors[k]}
    assert not low, f"{name}: below the floor {low}"


def test_headline_metadata_and_status(scored):
    name, scores = scored
    _, headline, meta, status = FLOORS[name]
    assert scores.f1() >= headline, f"{name}: headline {scores.f1():.3f}"
    assert scores.meta.hits >= meta, f"{name}: metadata {scores.meta}"
    assert scores.status.hits >= status * scores.status.total, f"{name}: status {scores.status}"


def test_every_observation_quotes_its_source(dev_scores):
    assert dev_scores.evidence.total > 0 and dev_scores.evidence.hits == dev_scores.evidence.total


def test_cross_report_links(dev_scores):
    """顺平县 2023 → 2024 and 米易县 2022 → 2023: the share of gold same_as links whose two
    items are one IRI (measured 135/168)."""
    found, total, _ = dev_scores.links.counts
    assert found >= 0.80 * total, f"links {found}/{total}"
