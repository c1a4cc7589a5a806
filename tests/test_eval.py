"""kg.evaluate and `kg eval`: the gold graph scores 1.0, perturbations lose exactly what the
rules say, and the numbers equal the shared scorer's (eval/score.py) on the same graphs."""
from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED
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
SCORER = SHARED / "eval" / "score.py"  # beside the checkout, as on CI


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


# ---------------------------------------------------------------- places, regions, links

def test_place_unit_word_may_be_missing_on_one_side_only():
    from kg.evaluate import same_place
    assert same_place("长子", "长子县") and same_place("北董乡", "北董") and same_place("临汾", "临汾市")
    assert same_place("凉山", "凉山自治州") and same_place("广西壮族", "广西壮族自治区")
    assert not same_place("北董乡", "北董村")  # a unit on both sides must agree
    assert not same_place("固", "固县")        # one character is no name
    assert not same_place("长子", "长子县城")   # 城 is no unit word


def _relabel(g: Graph, old: str, new: str, keep_old_as_alt: bool) -> None:
    node = next(s for s, _ in g.subject_objects(RDFS.label) if str(_) == old and (s, RDF.type, CKG.Region) in g)
    g.remove((node, RDFS.label, None))
    g.add((node, RDFS.label, Literal(new, lang="zh")))
    if keep_old_as_alt:
        g.add((node, SKOS.altLabel, Literal(old, lang="zh")))


def test_region_matches_by_alt_label(gold_ttl, tmp_path, shared_scorer, capsys):
    """A region labelled by its current name keeps the name the report uses as altLabel
    (清苑县 → 清苑区): the report's region and its observations still match."""
    g = _graph(gold_ttl)
    _relabel(g, "曲沃县", "曲沃区", keep_old_as_alt=True)
    path = _save(g, tmp_path / "alt.ttl")
    r = evaluate(path, GOLD)
    assert r.meta.hits == 30 and r.totals["indicators"].prf() == (1.0, 1.0, 1.0)
    assert _ours(path) == _reference(shared_scorer, path, tmp_path / "s.json")
    g = _graph(gold_ttl)
    _relabel(g, "曲沃县", "曲沃区", keep_old_as_alt=False)
    path = _save(g, tmp_path / "no-alt.ttl")
    r = evaluate(path, GOLD)
    assert r.meta.hits == 28  # the two 曲沃县 reports
    assert r.totals["indicators"].tp_gold < r.totals["indicators"].n_gold
    assert _ours(path) == _reference(shared_scorer, path, tmp_path / "s.json")


def _gold_links() -> int:
    return sum(1 for g in load_gold(GOLD).values() for lst in ("projects", "enterprises", "policies")
               for it in g[lst] if it.get("same_as"))


def test_gold_graph_makes_every_link(gold_ttl):
    n = _gold_links()
    assert n == 37
    r = evaluate(gold_ttl, GOLD)
    assert r.links.counts == (n, n, n)
    assert "cross-report identity (same_as): 37/37 gold links share one IRI; 37 IRIs" in format_result(r)


def _split(g: Graph, name: str, report: str) -> URIRef:
    """Give the entity labelled ``name`` a second IRI for its mention in ``report``."""
    e = next(s for s in g.subjects(RDFS.label, Literal(name, lang="zh")))
    rep = URIRef("https://w3id.org/county-kg/id/report/" + report)
    twin = URIRef(str(e) + "_split")
    for p, o in list(g.predicate_objects(e)):
        if p != CKG.mentionedIn:
            g.add((twin, p, o))
    g.remove((e, CKG.mentionedIn, rep))
    g.add((twin, CKG.mentionedIn, rep))
    return twin


def test_split_entity_loses_its_link(gold_ttl, tmp_path, shared_scorer, capsys):
    g = _graph(gold_ttl)
    _split(g, "城东水厂及管网建设项目", "000_28599288d92c4c3c")
    path = _save(g, tmp_path / "split.ttl")
    r = evaluate(path, GOLD)
    assert r.links.counts == (36, 37, 36)
    assert r.f1() == 1.0  # each report still names it once
    ours = _ours(path)
    assert ours["links"] == [36, 37, 36]
    assert ours == _reference(shared_scorer, path, tmp_path / "s.json")


def test_no_links_without_same_as(gold_ttl, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in GOLD.glob("00[1-4]*.json"):  # 000 holds every same_as
        (gold / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    r = evaluate(gold_ttl, gold)
    assert r.links is None and "links" not in r.to_json()
    assert "cross-report" not in format_result(r)


# ---------------------------------------------------------------- --misses

def test_misses_name_what_was_missed_and_invented(gold_ttl, tmp_path):
    from kg.eval_misses import format_misses, misses
    g = _graph(gold_ttl)
    rep = URIRef("https://w3id.org/county-kg/id/report/001_4eb44e6884725f00")
    gone = next(s for s in g.subjects(RDFS.label, Literal("城东水厂及管网建设项目", lang="zh")))
    g.remove((gone, CKG.mentionedIn, rep))
    fake = URIRef("https://w3id.org/county-kg/id/policy/fake")
    g.add((fake, RDF.type, CKG.Policy))
    g.add((fake, RDFS.label, Literal("虚构行动", lang="zh")))
    g.add((fake, CKG.mentionedIn, rep))
    g.add((fake, CKG.evidence, Literal("一句不在原文里的话")))
    _split(g, "晋南钢铁集团", "000_28599288d92c4c3c")
    r = evaluate(_save(g, tmp_path / "m.ttl"), GOLD, docs_dir=SEEDS)
    data = misses(r)
    doc = data["docs"]["001_4eb44e6884725f00"]
    missed = {m["name"]: m for m in doc["projects"]["missed"]}
    assert set(missed) == {"城东水厂及管网建设项目"}
    assert missed["城东水厂及管网建设项目"]["quote"] in (SEEDS / "001_4eb44e6884725f00.txt").read_text(encoding="utf-8")
    assert doc["policies"]["invented"] == [{"name": "虚构行动", "iri": "fake", "evidence": ["一句不在原文里的话"]}]
    assert misses(r, SEEDS)["docs"]["001_4eb44e6884725f00"]["policies"]["invented"][0]["evidence"] == []
    assert all(not row[n]["missed"] for d, row in data["docs"].items() for n in ("enterprises", "places")
               if d != "001_4eb44e6884725f00")
    why = {(m["earlier_name"], m["why"]) for m in data["links"]["missed"]}
    assert why == {("城东水厂及管网建设项目", "earlier item not found"), ("晋南钢铁集团", "two IRIs")}
    assert all(s["gold_link"] for s in data["links"]["shared"])
    text = format_misses(data)
    assert "projects missed   城东水厂及管网建设项目" in text and "policies invented 虚构行动 — “一句不在原文里的话”" in text
    assert "link missed (enterprises, two IRIs): 晋南钢铁集团" in text


def test_misses_show_near_names_and_wrong_numbers(gold_ttl, tmp_path):
    from kg.eval_misses import misses
    g = _graph(gold_ttl)
    p = next(s for s in g.subjects(RDFS.label, Literal("城东水厂及管网建设项目", lang="zh")))
    g.remove((p, RDFS.label, None))
    g.remove((p, SKOS.altLabel, None))
    g.add((p, RDFS.label, Literal("城东水厂及管网建设项目工程", lang="zh")))  # only a lenient match
    _rival_value(g)
    _wrong_status(g)
    data = misses(evaluate(_save(g, tmp_path / "n.ttl"), GOLD))
    rows = [m for d in data["docs"].values() for m in d["projects"]["missed"]]
    # 001 names it 城东水厂及管网建设项目 (a lenient match); 000 names it 城东水厂, too short for one
    assert {m["name"]: m.get("near") for m in rows} == {"城东水厂及管网建设项目": "城东水厂及管网建设项目工程",
                                                          "城东水厂": None}
    wrong = [m for d in data["docs"].values() for m in d["indicators"]["missed"]]
    assert len(wrong) == 1 and "ours" in wrong[0] and "," in wrong[0]["ours"]  # two numbers
    assert sum(len(d["projects"]["status"]) for d in data["docs"].values()) == 1


def test_cli_eval_misses_text_and_json(gold_ttl, tmp_path):
    out = tmp_path / "scores.json"
    res = CliRunner().invoke(main, ["eval", str(gold_ttl), "--gold", str(GOLD), "--docs", str(SEEDS),
                                    "--misses", "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "== 000_28599288d92c4c3c" in res.output and "headline: mean strict F1 1.000" in res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["misses"]["docs"]) == {p.stem for p in GOLD.glob("*.json")}
    assert data["misses"]["links"]["missed"] == [] and len(data["misses"]["links"]["shared"]) == 37
    assert data["links"] == [37, 37, 37]


def test_cli_prints_the_scorers_cross_report_line(gold_ttl, tmp_path, shared_scorer, capsys):
    g = _graph(gold_ttl)
    _split(g, "晋南钢铁集团", "000_28599288d92c4c3c")
    path = _save(g, tmp_path / "split.ttl")
    capsys.readouterr()
    shared_scorer.main([str(path), "--gold", str(GOLD)])
    theirs = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("cross-report")]
    res = CliRunner().invoke(main, ["eval", str(path), "--gold", str(GOLD), "--json", str(tmp_path / "o.json")])
    ours = [ln for ln in res.output.splitlines() if ln.startswith("cross-report")]
    assert ours == theirs == ["cross-report identity (same_as): 36/37 gold links share one IRI; "
                              "36 IRIs named in both reports of a linked pair"]
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["links"] == [36, 37, 36]
