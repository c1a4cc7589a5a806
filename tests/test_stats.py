"""kg.stats and `kg stats`: counts and coverage of a graph, from any serialisation or a store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.gold_graph import gold_to_graph, load_gold
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.cli import main
from kg.stats import GDP, format_stats, graph_stats
from kg.store import dump, load_store, open_graph
from kg.vocab import CKG

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("stats")
    return {ext: gold_to_graph(GOLD, d / f"gold.{ext}") for ext in ("ttl", "trig")}


@pytest.fixture(scope="module")
def stats(files):
    return graph_stats(files["ttl"])


def test_counts_follow_the_gold(stats):
    golds = load_gold(GOLD)
    assert stats.reports == len(golds) == 5
    assert stats.classes["ckg:Observation"] == sum(len(g["indicators"]) for g in golds.values())
    assert stats.classes["ckg:ProjectStage"] == sum(len(g["projects"]) for g in golds.values())
    assert stats.classes["ckg:Report"] == 5
    assert stats.report_types == {"ckg:PlanReport": 3, "ckg:WorkReport": 2}
    assert stats.triples == stats.quads > 10_000 and stats.named_graphs == 0
    assert stats.observations_in_vocabulary == stats.classes["ckg:Observation"]
    assert stats.observations_outside_vocabulary == 0


def test_full_coverage_on_the_gold(stats):
    assert {name: (c.reports, c.total) for name, c in stats.coverage.items()} == {
        "region": (5, 5), "review and plan year": (5, 5),
        f"{GDP} actual": (5, 5), f"{GDP} growth target": (5, 5)}
    assert all(c.met for c in stats.coverage.values())


def test_coverage_drops_with_what_is_missing(files, tmp_path):
    g = Graph().parse(files["ttl"])
    reports = sorted(g.subjects(RDF.type, CKG.Report))
    g.remove((reports[0], CKG.planYear, None))
    g.remove((reports[1], CKG.region, None))
    gdp = next(c for c, label in g.subject_objects(SKOS.prefLabel) if str(label) == GDP)
    for o in list(g.subjects(CKG.indicator, gdp)):
        if (o, CKG.kind, CKG.Target) in g and (o, PROV.wasDerivedFrom, reports[2]) in g:
            g.remove((o, CKG.growthRate, None))
    outside = URIRef("https://w3id.org/county-kg/id/indicator/greening")
    obs = URIRef("https://w3id.org/county-kg/id/obs/extra")
    g.add((obs, RDF.type, CKG.Observation))
    g.add((obs, CKG.indicator, outside))
    g.add((outside, SKOS.prefLabel, Literal("绿化覆盖率", lang="zh")))
    path = tmp_path / "less.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    s = graph_stats(path)
    cov = {name: c.reports for name, c in s.coverage.items()}
    # report 1 lost its region, so its GDP facts no longer count as its own region's
    assert cov == {"region": 4, "review and plan year": 4, f"{GDP} actual": 4, f"{GDP} growth target": 3}
    assert s.coverage[f"{GDP} growth target"].percent == 60.0
    assert not s.coverage["region"].met
    assert s.observations_outside_vocabulary == 1


def test_trig_and_store_directory_read_the_same(files, stats, tmp_path):
    trig = graph_stats(files["trig"])
    assert trig.named_graphs == 6  # five reports and the shared graph
    assert trig.triples == stats.triples == trig.quads  # each fact in one graph only
    store_dir = tmp_path / "store"
    load_store(files["trig"], store_dir)
    stored = graph_stats(store_dir)
    jsonld = tmp_path / "gold.jsonld"
    dump(open_graph(files["trig"]), jsonld)
    for s in (trig, stored, graph_stats(jsonld)):
        assert s.classes == stats.classes
        assert s.coverage == stats.coverage


def test_format_text(stats):
    text = format_stats(stats)
    assert "reports" in text and "ckg:Observation" in text
    assert f"{GDP} growth target" in text and "goal ≥90%" in text


def test_cli_stats_text_and_json(files):
    runner = CliRunner()
    res = runner.invoke(main, ["stats", str(files["trig"])])
    assert res.exit_code == 0, res.output
    assert "coverage over 5 reports" in res.output
    res = runner.invoke(main, ["stats", str(files["ttl"]), "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["reports"] == 5 and data["coverage"]["region"]["percent"] == 100.0


def test_cli_stats_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["stats", str(tmp_path / "none.trig")])
    assert res.exit_code == 1 and "none.trig" in res.output
    odd = tmp_path / "graph.xyz"
    odd.write_text("x", encoding="utf-8")
    res = runner.invoke(main, ["stats", str(odd)])
    assert res.exit_code == 1 and "graph.xyz" in res.output and "extension" in res.output
    empty = tmp_path / "dir"
    empty.mkdir()
    res = runner.invoke(main, ["stats", str(empty)])
    assert res.exit_code == 1 and "not a county-kg store" in res.output
