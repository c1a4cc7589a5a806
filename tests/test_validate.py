"""kg.validate and `kg validate`: the gold graph conforms; each kind of damage is reported
at the node and path it concerns; chunking and serialisation do not change the result."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.gold_graph import gold_to_graph
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.cli import main
from kg.store import load_store
from kg.validate import format_result, short, validate
from kg.vocab import CKG

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def gold_ttl(tmp_path_factory) -> Path:
    return gold_to_graph(GOLD, tmp_path_factory.mktemp("gold") / "gold.ttl")


@pytest.fixture(scope="module")
def one_doc_gold(tmp_path_factory) -> Path:
    """A gold folder with a single document: for the tests that only need a small graph."""
    d = tmp_path_factory.mktemp("one_doc")
    src = GOLD / "002_35ba40385b99d8cc.json"
    (d / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def gold_result(gold_ttl):
    return validate(gold_ttl)


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


@pytest.fixture(scope="module")
def broken(one_doc_gold, tmp_path_factory):
    """One document's gold graph with one defect of each kind; returns (path, {defect: node})."""
    g = Graph().parse(gold_to_graph(one_doc_gold, tmp_path_factory.mktemp("one") / "one.nt"))
    nodes = {}
    observations = sorted(g.subjects(RDF.type, CKG.Observation))
    o = nodes["no evidence"] = observations[0]
    g.remove((o, CKG.evidence, None))
    o = nodes["bad kind"] = observations[1]
    g.set((o, CKG.kind, CKG.Planned))
    o = nodes["bad value"] = next(x for x in observations[2:] if g.value(x, CKG.value) is not None)
    g.set((o, CKG.value, Literal("一百亿")))
    o = nodes["bad year"] = observations[5]
    g.set((o, CKG.year, Literal("2022")))
    o = nodes["no report"] = observations[6]
    g.remove((o, PROV.wasDerivedFrom, None))
    o = nodes["empty"] = observations[7]
    for p in (CKG.value, CKG.growthRate, CKG.targetText, CKG.rank):
        g.remove((o, p, None))
    report = nodes["no source"] = _first(g, CKG.Report)
    g.remove((report, DCTERMS.source, None))
    project = nodes["bad status"] = _first(g, CKG.Project)
    g.set((project, CKG.status, CKG.Actual))
    project2 = nodes["two stages"] = sorted(g.subjects(RDF.type, CKG.Project))[1]
    stage = g.value(project2, CKG.stage)
    twin = URIRef(str(stage) + "_twin")
    for p, v in list(g.predicate_objects(stage)):
        g.add((twin, p, v))
    g.add((project2, CKG.stage, twin))
    policy = nodes["no kind"] = _first(g, CKG.Policy)
    g.remove((policy, CKG.policyKind, None))
    enterprise = nodes["no label"] = _first(g, CKG.Enterprise)
    g.remove((enterprise, RDFS.label, None))
    region = nodes["cycle"] = _first(g, CKG.Region)
    g.add((region, CKG.partOf, region))
    rival = nodes["competing"] = observations[10]
    copy = URIRef(str(rival) + "_rival")
    for p, v in list(g.predicate_objects(rival)):
        g.add((copy, p, v if p not in (CKG.value, CKG.growthRate) else Literal(v.toPython() * 3 + 1)))
    if g.value(rival, CKG.value) is None and g.value(rival, CKG.growthRate) is None:
        pytest.fail("the competing observation needs a number")
    path = tmp_path_factory.mktemp("broken") / "broken.ttl"
    g.serialize(path, format="turtle")
    return path, nodes


@pytest.fixture(scope="module")
def broken_result(broken):
    return validate(broken[0])


def test_gold_graph_conforms(gold_result):
    assert gold_result.conforms, format_result(gold_result)
    assert gold_result.violations == [] and gold_result.warnings == []
    assert gold_result.focus_nodes > 1500  # every report, observation, stage, entity
    assert format_result(gold_result) == "conforms"


def _found(result, node: URIRef, path: str | None = None) -> list:
    return [v for v in result.violations + result.warnings
            if v.focus == short(str(node)) and (path is None or v.path == path)]


@pytest.mark.parametrize("defect, path", [
    ("no evidence", "ckg:evidence"),
    ("bad kind", "ckg:kind"),
    ("bad value", "ckg:value"),
    ("bad year", "ckg:year"),
    ("no report", "prov:wasDerivedFrom"),
    ("empty", ""),
    ("no source", "dcterms:source"),
    ("bad status", "ckg:status"),
    ("two stages", ""),
    ("no kind", "ckg:policyKind"),
    ("no label", "rdfs:label"),
    ("cycle", ""),
])
def test_each_defect_is_reported_where_it_is(broken, broken_result, defect, path):
    node = broken[1][defect]
    found = _found(broken_result, node, path)
    assert found, f"{defect}: nothing reported on {node} {path}\n{format_result(broken_result, 100)}"
    assert all(v.severity == "Violation" and v.message for v in found)


def test_competing_numbers_are_a_warning(broken, broken_result):
    found = _found(broken_result, broken[1]["competing"])
    assert [v.severity for v in found] == ["Warning"]
    assert "same region, year, indicator and kind" in found[0].message


def test_no_other_violations(broken, broken_result):
    """Exactly the damaged nodes are reported (the twin stage is fine on its own)."""
    focus = {v.focus for v in broken_result.violations}
    expected = {short(str(n)) for d, n in broken[1].items() if d != "competing"}
    assert focus == expected
    assert not broken_result.conforms


def test_small_chunks_give_the_same_result(broken, broken_result):
    chunked = validate(broken[0], chunk_triples=500, engine="pyshacl")
    assert chunked.calls > 1 and validate(broken[0], engine="pyshacl").calls == 1
    assert chunked.violations == broken_result.violations
    assert chunked.warnings == broken_result.warnings


def test_parallel_jobs_give_the_same_result(broken, broken_result):
    parallel = validate(broken[0], chunk_triples=500, jobs=2, engine="pyshacl")
    assert parallel.calls > 1
    assert parallel.violations == broken_result.violations
    assert parallel.warnings == broken_result.warnings


def test_trig_twin_and_store_directory_same_result(tmp_path, one_doc_gold):
    ttl = validate(gold_to_graph(one_doc_gold, tmp_path / "one.ttl"))
    trig_file = gold_to_graph(one_doc_gold, tmp_path / "one.trig")
    trig = validate(trig_file)
    load_store(trig_file, tmp_path / "store")
    stored = validate(tmp_path / "store")
    assert ttl.conforms and trig.conforms and stored.conforms
    assert stored.focus_nodes == trig.focus_nodes == ttl.focus_nodes > 200


def test_table_shows_label_path_message_and_count(broken_result):
    text = format_result(broken_result, limit=3)
    lines = text.splitlines()
    assert lines[0] == f"{len(broken_result.violations)} violation(s)"
    assert lines[1].split()[:4] == ["severity", "node", "path", "message"]
    hidden = len(broken_result.violations) + len(broken_result.warnings) - 3
    assert f"… and {hidden} more" in text


def test_cli_validate(one_doc_gold, broken, tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["validate", str(gold_to_graph(one_doc_gold, tmp_path / "one.nt"))])
    assert res.exit_code == 0 and res.output.strip() == "conforms"
    res = runner.invoke(main, ["validate", str(broken[0]), "--limit", "2", "--jobs", "2"])
    assert res.exit_code == 1
    assert "violation(s)" in res.output and "more" in res.output


def test_cli_validate_errors_name_the_file(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["validate", str(tmp_path / "missing.ttl")])
    assert res.exit_code == 1 and "missing.ttl" in res.output and len(res.output.strip().splitlines()) == 1
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    res = runner.invoke(main, ["validate", str(bad)])
    assert res.exit_code == 1 and "bad.ttl" in res.output and "line 3" in res.output
    assert "Traceback" not in res.output


# ---- the store checker finds what pySHACL finds -------------------------------------------

def _findings(result) -> set[tuple]:
    return {(v.focus, v.path, v.severity, v.value, v.component) for v in result.violations + result.warnings}


def _declared_messages() -> set[str]:
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    return {str(m) for m in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#message"))}


def _same_findings(path) -> None:
    ours, theirs = validate(path, engine="store"), validate(path, engine="pyshacl")
    assert _findings(ours) == _findings(theirs)
    declared = _declared_messages()
    assert ({(v.focus, v.path, v.message) for v in theirs.violations + theirs.warnings if v.message in declared}
            == {(v.focus, v.path, v.message) for v in ours.violations + ours.warnings if v.message in declared})
    assert ours.conforms == theirs.conforms
    return ours


@pytest.fixture(scope="module")
def broken_more(one_doc_gold, tmp_path_factory):
    """One document's gold graph with a defect for each constraint the shapes use without a
    message of their own, and the two labels of issue 12's indicator."""
    g = Graph().parse(gold_to_graph(one_doc_gold, tmp_path_factory.mktemp("more") / "one.nt"))
    SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    report = _first(g, CKG.Report)
    g.add((report, DCTERMS.title, Literal("第二个标题")))                       # maxCount
    g.add((report, CKG.reportType, CKG.Actual))                                # sh:in, maxCount
    g.set((report, CKG.characters, Literal("many")))                           # datatype
    observations = sorted(g.subjects(RDF.type, CKG.Observation))
    g.set((observations[0], CKG.unit, Literal("亿元", lang="zh")))             # datatype (lang string)
    g.set((observations[1], CKG.rank, URIRef("https://example.org/rank")))    # nodeKind
    g.set((observations[2], CKG.valueInBaseUnit, Literal("十亿")))             # sh:node Number
    g.set((observations[3], CKG.region, _first(g, CKG.Report)))               # sh:class
    region = _first(g, CKG.Region)
    g.add((region, CKG.adminCode, Literal(141021)))                            # datatype integer
    indicator = URIRef("https://w3id.org/county-kg/id/indicator/x-新材料产值")
    g.add((indicator, RDF.type, CKG.Indicator))
    g.add((indicator, SKOS_PREF, Literal("新材料产值", lang="zh")))
    g.add((indicator, SKOS_PREF, Literal("新材料      产值", lang="zh")))       # uniqueLang
    g.set((observations[4], CKG.indicator, indicator))
    g.add((observations[5], CKG.year, Literal("2019-13-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    path = tmp_path_factory.mktemp("more") / "more.ttl"
    g.serialize(path, format="turtle")
    return path


def test_the_store_checker_and_pyshacl_agree_on_planted_violations(broken, broken_more):
    _same_findings(broken[0])
    more = _same_findings(broken_more)
    components = {v.component for v in more.violations}
    assert {"MaxCount", "In", "Datatype", "NodeKind", "Node", "Class", "UniqueLang"} <= components


def test_the_store_checker_and_pyshacl_agree_on_the_seeds(seed_build):
    result = _same_findings(seed_build["ttl"])
    assert result.conforms and result.focus_nodes > 1000
