"""kg.evaluate and `kg eval`: the gold graph scores 1.0, perturbations lose exactly what the
rules say, and the numbers equal the shared scorer's (eval/score.py) on the same graphs."""
from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.gold_graph import gold_to_graph, load_gold
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.cli import main
from kg.store import load_store
from kg.evaluate import (LISTS, EvalError, evaluate, format_result, indicator_vocabulary,
                         vocabulary_from_schema, vocabulary_from_skos)
from kg.vocab import CKG

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"
SCORER = Path("/work/shared/eval/score.py")


@pytest.fixture(scope="module")
def gold_ttl(tmp_path_factory) -> Path:
    return gold_to_graph(GOLD, tmp_path_factory.mktemp("gold") / "gold.ttl")


@pytest.fixture(scope="module")
def gold_counts() -> dict[str, int]:
    golds = load_gold(GOLD)
    return {name: sum(len(g[name]) for g in golds.values()) for name in LISTS}


def _graph(path: Path) -> Graph:
    return Graph().parse(path)


def _save(g: Graph, path: Path) -> Path:
    path = path.with_suffix(".nt")  # N-Triples: the quickest to write and read back
    g.serialize(path, format="nt", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared_scorer():
    """eval/score.py, imported from the shared folder (the reference these numbers must equal)."""
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is not on this machine")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference(scorer, graph: Path, out: Path, docs: Path | None = None) -> dict:
    argv = [str(graph), "--gold", str(GOLD), "--json", str(out)] + (["--docs", str(docs)] if docs else [])
    scorer.main(argv)
    return json.loads(out.read_text(encoding="utf-8"))


def _ours(graph: Path, docs: Path | None = None) -> dict:
    result = evaluate(graph, GOLD, docs_dir=docs)
    out = json.loads(json.dumps(result.to_json()))  # tuples -> lists, as score.py writes them
    out.pop("counts")
    return out


# ---------------------------------------------------------------- the gold graph

def test_gold_graph_scores_one_everywhere(gold_ttl, gold_counts):
    r = evaluate(gold_ttl, GOLD, docs_dir=SEEDS)
    for name in LISTS:
        for suffix in ("", "~"):
            assert r.totals[name + suffix].prf() == (1.0, 1.0, 1.0), name + suffix
        assert r.totals[name].n_gold == gold_counts[name]
    assert r.meta.hits == r.meta.total == 30
    assert r.status.hits == r.status.total == gold_counts["projects"]
    assert r.evidence.hits == r.evidence.total == gold_counts["indicators"]
    assert r.f1() == 1.0 and r.f1(lenient=True) == 1.0
    assert set(r.per_doc) == {p.stem for p in GOLD.glob("*.json")}


def test_gold_graph_same_numbers_as_shared_scorer(gold_ttl, shared_scorer, tmp_path, capsys):
    assert _ours(gold_ttl, SEEDS) == _reference(shared_scorer, gold_ttl, tmp_path / "s.json", SEEDS)


def test_trig_twin_and_store_directory_score_the_same(tmp_path, gold_ttl):
    trig = gold_to_graph(GOLD, tmp_path / "gold.trig")
    load_store(trig, tmp_path / "store")
    expected = _ours(gold_ttl)
    assert _ours(trig) == expected
    assert _ours(tmp_path / "store") == expected


# ---------------------------------------------------------------- perturbations

def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _duplicate_enterprise(g: Graph) -> int:
    """A second IRI for one enterprise; returns the reports it is mentioned in."""
    e = _first(g, CKG.Enterprise)
    twin = URIRef(str(e) + "_twin")
    for p, o in list(g.predicate_objects(e)):
        g.add((twin, p, o))
    return len(set(g.objects(e, CKG.mentionedIn)))


def _rival_value(g: Graph) -> None:
    """A second observation node for one key, with another value."""
    o = next(o for o in sorted(g.subjects(RDF.type, CKG.Observation)) if g.value(o, CKG.value) is not None)
    rival = URIRef(str(o) + "_rival")
    for p, v in list(g.predicate_objects(o)):
        if p != CKG.value:
            g.add((rival, p, v))
    g.add((rival, CKG.value, Literal(float(g.value(o, CKG.value)) * 2 + 1, datatype=XSD.decimal)))


def _wrong_status(g: Graph) -> None:
    stage = next(s for s in sorted(g.subjects(RDF.type, CKG.ProjectStage))
                 if g.value(s, CKG.status) != CKG.Completed)
    g.set((stage, CKG.status, CKG.Completed))


def test_duplicated_enterprise_is_one_false_positive(gold_ttl, gold_counts, tmp_path):
    g = _graph(gold_ttl)
    reports = _duplicate_enterprise(g)
    path = _save(g, tmp_path / "dup.ttl")
    r = evaluate(path, GOLD)
    n = gold_counts["enterprises"]
    c = r.totals["enterprises"]
    assert (c.tp_sys, c.n_sys, c.n_gold) == (n, n + reports, n)
    assert r.totals["enterprises"].prf()[0] == pytest.approx(n / (n + reports))
    assert r.totals["enterprises"].prf()[1] == 1.0
    assert r.totals["projects"].prf() == (1.0, 1.0, 1.0)


def test_second_value_for_one_key_loses_that_key(gold_ttl, gold_counts, tmp_path):
    g = _graph(gold_ttl)
    _rival_value(g)
    path = _save(g, tmp_path / "rival.ttl")
    r = evaluate(path, GOLD)
    n = gold_counts["indicators"]
    c = r.totals["indicators"]
    assert (c.tp_sys, c.n_sys, c.tp_gold, c.n_gold) == (n - 1, n, n - 1, n)  # one key, wrong


def test_same_second_value_is_harmless(gold_ttl, gold_counts, tmp_path):
    g = _graph(gold_ttl)
    o = next(o for o in sorted(g.subjects(RDF.type, CKG.Observation)) if g.value(o, CKG.value) is not None)
    twin = URIRef(str(o) + "_twin")
    for p, v in list(g.predicate_objects(o)):
        g.add((twin, p, v))
    r = evaluate(_save(g, tmp_path / "twin.ttl"), GOLD)
    assert r.totals["indicators"].prf() == (1.0, 1.0, 1.0)


def test_wrong_status_costs_status_accuracy_only(gold_ttl, gold_counts, tmp_path):
    g = _graph(gold_ttl)
    _wrong_status(g)
    r = evaluate(_save(g, tmp_path / "status.ttl"), GOLD)
    assert (r.status.hits, r.status.total) == (gold_counts["projects"] - 1, gold_counts["projects"])
    assert r.f1() == 1.0


def test_perturbations_same_numbers_as_shared_scorer(gold_ttl, tmp_path, shared_scorer, capsys):
    g = _graph(gold_ttl)
    _duplicate_enterprise(g)
    _rival_value(g)
    _wrong_status(g)
    path = _save(g, tmp_path / "all.ttl")
    assert _ours(path) == _reference(shared_scorer, path, tmp_path / "s.json")


def test_two_statuses_from_one_report_are_wrong(gold_ttl, gold_counts, tmp_path):
    g = _graph(gold_ttl)
    stage = _first(g, CKG.ProjectStage)
    other = next(s for s in (CKG.Completed, CKG.Planned) if s != g.value(stage, CKG.status))
    g.add((stage, CKG.status, other))
    r = evaluate(_save(g, tmp_path / "two.ttl"), GOLD)
    assert r.status.hits == gold_counts["projects"] - 1


def test_empty_metadata_must_stay_empty(gold_ttl, tmp_path):
    g = _graph(gold_ttl)
    # 004 has no date in the gold: stating one is an error, as is dropping another's date
    r004 = URIRef("https://w3id.org/county-kg/id/report/004_9caf55165f888cbd")
    r000 = URIRef("https://w3id.org/county-kg/id/report/000_28599288d92c4c3c")
    g.add((r004, URIRef("http://purl.org/dc/terms/date"), Literal("2023-01-01", datatype=XSD.date)))
    g.remove((r000, URIRef("http://purl.org/dc/terms/date"), None))
    r = evaluate(_save(g, tmp_path / "meta.ttl"), GOLD)
    assert (r.meta.hits, r.meta.total) == (28, 30)


def test_evidence_not_in_source_is_counted(gold_ttl, tmp_path):
    g = _graph(gold_ttl)
    o = _first(g, CKG.Observation)
    g.add((o, CKG.evidence, Literal("这句话不在原文里")))
    r = evaluate(_save(g, tmp_path / "ev.ttl"), GOLD, docs_dir=SEEDS)
    assert (r.evidence.hits, r.evidence.total) == (r.evidence.total - 1, 116)


def _noisy(gold_ttl: Path, seed: int) -> Graph:
    """The gold graph with many kinds of damage, so the two scorers are compared on misses,
    lenient matches, place suffixes, duplicates, unit changes and metadata errors."""
    rnd = random.Random(seed)
    g = _graph(gold_ttl)
    for cls in (CKG.Project, CKG.Enterprise, CKG.Policy, CKG.Region):
        for e in sorted(g.subjects(RDF.type, cls)):
            roll = rnd.random()
            label = g.value(e, RDFS.label)
            if roll < 0.12:  # missed in one report
                for rep in sorted(g.objects(e, CKG.mentionedIn))[:1]:
                    g.remove((e, CKG.mentionedIn, rep))
            elif roll < 0.24 and label is not None and len(label) > 3:  # a shorter name
                g.set((e, RDFS.label, Literal(str(label)[:-1], lang="zh")))
                g.remove((e, SKOS.altLabel, None))
            elif roll < 0.30 and label is not None:  # a longer name
                g.set((e, RDFS.label, Literal("新" + str(label) + "建设", lang="zh")))
                g.remove((e, SKOS.altLabel, None))
            elif roll < 0.36 and label is not None and str(label)[-1] in "镇乡村":
                g.set((e, RDFS.label, Literal(str(label)[:-1], lang="zh")))
            elif roll < 0.42:  # a duplicate under another IRI
                twin = URIRef(str(e) + "_dup")
                for p, o in list(g.predicate_objects(e)):
                    g.add((twin, p, o))
            elif roll < 0.45:  # invented
                fake = URIRef(str(e) + "_fake")
                g.add((fake, RDF.type, cls))
                g.add((fake, RDFS.label, Literal(f"虚构名称{rnd.randint(0, 999)}", lang="zh")))
                for r in g.objects(e, CKG.mentionedIn):
                    g.add((fake, CKG.mentionedIn, r))
    for o in sorted(g.subjects(RDF.type, CKG.Observation)):
        roll = rnd.random()
        if roll < 0.1 and g.value(o, CKG.value) is not None:
            g.set((o, CKG.value, Literal(float(g.value(o, CKG.value)) * 1.2, datatype=XSD.decimal)))
        elif roll < 0.2 and g.value(o, CKG.unit) == Literal("亿元"):
            g.set((o, CKG.unit, Literal("万元")))
            g.set((o, CKG.value, Literal(float(g.value(o, CKG.value)) * 10000, datatype=XSD.decimal)))
        elif roll < 0.3 and g.value(o, CKG.growthRate) is None:
            g.add((o, CKG.growthRate, Literal(7.5, datatype=XSD.decimal)))
        elif roll < 0.4:
            g.set((o, CKG.kind, CKG.Target if g.value(o, CKG.kind) == CKG.Actual else CKG.Actual))
        elif roll < 0.45:
            g.remove((o, PROV.wasDerivedFrom, None))
        elif roll < 0.5:
            g.set((o, CKG.year, Literal("2019", datatype=XSD.gYear)))
    for s in sorted(g.subjects(RDF.type, CKG.ProjectStage)):
        if rnd.random() < 0.15:
            g.set((s, CKG.status, rnd.choice([CKG.Completed, CKG.Planned, CKG.StatusUnknown])))
        elif rnd.random() < 0.05:
            g.remove((s, CKG.status, None))
    for r in sorted(g.subjects(RDF.type, CKG.Report)):
        if rnd.random() < 0.4:
            g.remove((r, CKG.planYear, None))
            g.add((r, CKG.planYear, Literal(str(2020 + rnd.randint(0, 4)), datatype=XSD.gYear)))
        if rnd.random() < 0.3:
            g.remove((r, URIRef("http://purl.org/dc/terms/date"), None))
    return g


@pytest.mark.parametrize("seed", [1, 2])
def test_noisy_graphs_same_numbers_as_shared_scorer(gold_ttl, tmp_path, seed, shared_scorer, capsys):
    path = _save(_noisy(gold_ttl, seed), tmp_path / f"noisy{seed}.ttl")
    ours = _ours(path, SEEDS)
    assert ours == _reference(shared_scorer, path, tmp_path / "s.json", SEEDS)
    assert 0.3 < ours["headline_f1"] < 0.95  # the damage shows
    assert ours["lenient_f1"] > ours["headline_f1"]


# ---------------------------------------------------------------- vocabulary, errors, CLI

def test_vocabulary_file_agrees_with_schema_table():
    """The scorer reads SCHEMA.md's table; our default is indicators.ttl: they must agree."""
    skos = ROOT / "ontology" / "indicators.ttl"
    table = vocabulary_from_schema(GOLD / "SCHEMA.md")
    assert len(table) == 22 and "地区生产总值" in table
    if skos.exists():
        assert vocabulary_from_skos(skos) == table
    vocab, source = indicator_vocabulary(GOLD)
    assert vocab == table


def test_observations_outside_vocabulary_are_not_scored(gold_ttl, tmp_path):
    g = _graph(gold_ttl)
    o = _first(g, CKG.Observation)
    extra = URIRef(str(o) + "_extra")
    ind = URIRef("https://w3id.org/county-kg/id/indicator/not_in_vocab")
    for p, v in list(g.predicate_objects(o)):
        g.add((extra, p, v if p != CKG.indicator else ind))
    g.add((ind, RDF.type, CKG.Indicator))
    g.add((ind, SKOS.prefLabel, Literal("人均绿地面积", lang="zh")))
    r = evaluate(_save(g, tmp_path / "out.ttl"), GOLD)
    assert r.totals["indicators"].prf() == (1.0, 1.0, 1.0)


def test_bad_gold_files_are_named(tmp_path, gold_ttl):
    bad = tmp_path / "gold"
    bad.mkdir()
    (bad / "a.json").write_text('{"meta": {}, "projects": [{"nom": "x"}]}', encoding="utf-8")
    with pytest.raises(EvalError, match=r"a\.json: .*projects\[0\] lacks name"):
        evaluate(gold_ttl, bad)
    (bad / "a.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(EvalError, match=r"a\.json: not valid JSON"):
        evaluate(gold_ttl, bad)
    with pytest.raises(EvalError, match="missing: no such gold directory"):
        evaluate(gold_ttl, tmp_path / "missing")


def test_format_shows_every_list_and_per_doc(gold_ttl):
    text = format_result(evaluate(gold_ttl, GOLD), per_doc=True)
    for name in LISTS:
        assert name in text
    assert "000_28599288d92c4c3c" in text
    assert "headline: mean strict F1 1.000 (lenient 1.000)" in text


def test_cli_eval_table_and_json(gold_ttl, tmp_path):
    out = tmp_path / "scores.json"
    res = CliRunner().invoke(main, ["eval", str(gold_ttl), "--gold", str(GOLD), "--docs", str(SEEDS),
                                    "--json", str(out), "--per-doc"])
    assert res.exit_code == 0, res.output
    assert "indicators" in res.output and "116/116" in res.output
    assert "004_9caf55165f888cbd" in res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["headline_f1"] == 1.0 and data["counts"]["places"] == [98, 98, 98, 98]


def test_cli_eval_errors_are_one_line(tmp_path, gold_ttl):
    runner = CliRunner()
    res = runner.invoke(main, ["eval", str(tmp_path / "nope.ttl"), "--gold", str(GOLD)])
    assert res.exit_code == 1 and "nope.ttl" in res.output and "Traceback" not in res.output
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b "open .\n', encoding="utf-8")
    res = runner.invoke(main, ["eval", str(bad), "--gold", str(GOLD)])
    assert res.exit_code == 1 and "bad.ttl" in res.output and "line 2" in res.output
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(main, ["eval", str(gold_ttl), "--gold", str(empty)])
    assert res.exit_code == 1 and "no gold" in res.output
