"""Canned queries: their headers, their answers on the gold graph (knowable facts), the same
rows from the embedded store and from a real Oxigraph server, and the `kg query` command."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from kg.cli import main
from kg.query import QuerySpecError, list_queries, resolve, run_query
from kg.query.canned import bind_params, parse_param_options
from kg.query.format import format_table
from kg.query.results import Table, Term
from kg.store import open_graph

pytest_plugins = ["fixtures.servers"]

GOLD = Path(__file__).parent / "gold"
QUERIES = list_queries()
BY_NAME = {q.name: q for q in QUERIES}


@pytest.fixture(scope="module")
def gold(gold_trig):
    return open_graph(gold_trig)


@pytest.fixture(scope="module")
def sample(sample_trig):
    return open_graph(sample_trig)


def records(name, store, **params):
    return run_query(name, params, graph=store).records()


def gold_docs():
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


# ---- the registry -------------------------------------------------------------------------

def test_at_least_twelve_canned_queries_each_with_a_header():
    assert len(QUERIES) >= 12
    for q in QUERIES:
        assert q.title and q.answers, f"{q.name}: header needs '# title:' and '# answers:'"
        assert q.examples, f"{q.name}: header needs an '# example:' line"
        used = set(re.findall(r"\?_(\w+?)(?:_zh|_term|_label)?\b", q.text))
        declared = {k for k, v in q.params.items() if v}
        assert used == declared, f"{q.name}: declared params {declared} but the query uses {used}"
        assert set(q.examples[0]) <= set(q.params)


def test_make_run_query_file_takes_indicator_param():
    q = resolve("queries/indicator_by_region_year.rq")
    assert "indicator" in q.params


def test_binding_inserts_values_after_where_and_escapes():
    text = "# title: x\n# WHERE { not here }\nSELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?_a) || ?o = ?_a) }"
    bound = bind_params(text, {"a": 'say "hi"\\'})
    assert '# WHERE { not here }' in bound
    assert 'WHERE {\n  VALUES ?_a { "say \\"hi\\"\\\\" }' in bound


def test_a_term_variant_is_the_vocabulary_term_and_any_text_stays_valid(gold):
    text = "SELECT ?p WHERE { ?p ckg:policyKind ?_kind_term }"
    assert "VALUES ?_kind_term { <https://w3id.org/county-kg/ontology#Strategy> }" in bind_params(text, {"kind": "Strategy"})
    assert set(resolve(text).params) == {"kind"}
    strategies = run_query(resolve(text), {"kind": "Strategy"}, graph=gold).rows
    assert strategies and len(strategies) < len(run_query(resolve(text), {}, graph=gold).rows)
    assert run_query(resolve(text), {"kind": 'no such> kind"'}, graph=gold).rows == []


def test_a_zh_variant_is_bound_only_where_the_query_uses_it(gold):
    text = "SELECT ?r WHERE { ?r rdfs:label ?_region_zh FILTER(STR(?_region) = ?_region) }"
    bound = bind_params(text, {"region": "曲沃县"})
    assert 'VALUES ?_region { "曲沃县" }' in bound and 'VALUES ?_region_zh { "曲沃县"@zh }' in bound
    assert "_zh" not in bind_params("SELECT * WHERE { ?s ?p ?_a }", {"a": "x"})
    # ?_region_zh is the region parameter, not a parameter of its own
    assert set(resolve(text).params) == {"region"}
    # the @zh form finds the label by an exact match (labels are @zh)
    rows = run_query(resolve(text), {"region": "曲沃县"}, graph=gold).rows
    assert rows and all(r[0].value.startswith("https://w3id.org/county-kg/id/region/") for r in rows)


def test_unknown_param_and_bad_option_are_one_line_errors():
    with pytest.raises(QuerySpecError, match="no parameter colour"):
        BY_NAME["reports"].bind({"colour": "red"})
    with pytest.raises(QuerySpecError, match="KEY=VALUE"):
        parse_param_options(["region"])
    assert parse_param_options(["text=a=b"]) == {"text": "a=b"}


# ---- answers on the gold graph (it states exactly the gold, so answers are knowable) --------

def test_indicator_by_region_year_gdp(gold):
    rows = records("indicator_by_region_year", gold, region="曲沃县", indicator="地区生产总值",
                   year="2022", kind="actual")
    assert len(rows) == 1
    assert rows[0]["value"] == pytest.approx(181.5) and rows[0]["growth"] == pytest.approx(5.8)
    assert rows[0]["unit"] == "亿元" and rows[0]["report"] == "000_28599288d92c4c3c"


def test_missing_param_means_any(gold):
    some = records("indicator_by_region_year", gold, indicator="地区生产总值")
    regions = {r["region"] for r in some}
    assert {d["meta"]["region"] for d in gold_docs()} <= regions
    assert {r["kind"] for r in some} == {"actual", "target"}


def test_indicator_synonym_matches_alt_label(sample):
    rows = records("indicator_by_region_year", sample, indicator="GDP", region="曲沃县", year="2022")
    assert [r["value"] for r in rows] == [pytest.approx(181.5)]


def test_targets_vs_actuals_joins_year_y_target_to_later_actual(sample, gold):
    rows = records("targets_vs_actuals", sample, region="曲沃县", indicator="地区生产总值")
    assert len(rows) == 1
    r = rows[0]
    assert r["year"] == "2021" and r["target_growth"] == pytest.approx(9.0)
    assert r["actual_growth"] == pytest.approx(9.5) and r["growth_gap"] == pytest.approx(0.5)
    assert r["target_report"] == "001_4eb44e6884725f00" and r["actual_report"] != r["target_report"]
    # On the gold, every row pairs one key across two different reports.
    for r in records("targets_vs_actuals", gold):
        assert r["target_report"] != r["actual_report"]


def test_growth_ranking_orders_regions_by_growth(gold):
    rows = records("growth_ranking", gold, indicator="地区生产总值", year="2022")
    expected = sorted(((i["growth_pct"], d["meta"]["region"]) for d in gold_docs() for i in d["indicators"]
                       if i["indicator"] == "地区生产总值" and i["year"] == 2022 and i["kind"] == "actual"),
                      reverse=True)
    assert [(r["growth"], r["region"]) for r in rows] == [(pytest.approx(g), reg) for g, reg in expected]
    assert rows[0]["region"] == "沁水县"


def test_largest_projects_sorted_by_investment(gold):
    rows = records("largest_projects", gold)
    stated = [p for d in gold_docs() for p in d["projects"] if p.get("investment")]
    assert rows and len(rows) <= len(stated)
    in_yi = [r["investment"] for r in rows if r["unit"] == "亿元"]
    assert in_yi == sorted(in_yi, reverse=True)
    assert {"华能西坡1200兆瓦抽水蓄能电站", "横水西灌底樱桃智慧设施高效农业项目"} <= {r["project"] for r in rows}
    jiang = records("largest_projects", gold, region="绛县")
    assert jiang and all(r["region"] == "绛县" for r in jiang)


def test_projects_by_status_year_counts_match_gold(gold):
    rows = records("projects_by_status_year", gold, region="曲沃县", year="2022")
    status = {"completed": "Completed", "under_construction": "UnderConstruction", "started": "Started",
              "planned": "Planned", "unknown": "StatusUnknown"}
    expected: dict[str, set] = {}
    for d in gold_docs():
        if d["meta"]["region"] == "曲沃县":
            for p in d["projects"]:
                if p["year"] == 2022:
                    expected.setdefault(status[p["status"]], set()).add(p["name"])
    assert {r["status"]: r["projects"] for r in rows} == {k: len(v) for k, v in expected.items()}


def test_project_history(gold):
    rows = records("project_history", gold, project="晋南120万吨大型槽钢和角钢项目")
    assert [(r["year"], r["status"]) for r in rows] == [("2022", "Started")]
    assert "晋南120万吨大型槽钢和角钢项目" in rows[0]["evidence"]


def test_enterprises_with_most_projects(gold):
    rows = records("enterprises_most_projects", gold, region="曲沃县")
    assert rows[0]["enterprise"] == "晋南钢铁集团" and rows[0]["projects"] >= 2
    counts = [r["projects"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_enterprise_projects_by_alias(gold):
    rows = records("enterprise_projects", gold, enterprise="晋南集团")
    assert rows and {r["enterprise"] for r in rows} == {"晋南钢铁集团"}
    assert "晋南120万吨大型槽钢和角钢项目" in {r["project"] for r in rows}
    assert {r["enterprise_region"] for r in rows} == {"曲沃县"}


def test_shared_policies_span_two_regions(gold):
    rows = records("shared_policies", gold)
    assert rows and all(r["regions"] >= 2 for r in rows)
    by_name = {r["policy"]: r for r in rows}
    assert by_name["乡村振兴"]["regions"] >= 2
    for r in records("shared_policies", gold, kind="Strategy"):
        assert r["kind"] == "Strategy"


def test_policy_timeline(gold):
    rows = records("policy_timeline", gold, policy="乡村振兴")
    exact = [r for r in rows if r["policy"] == "乡村振兴"]
    assert len({r["region"] for r in exact}) >= 2
    assert all("乡村振兴" in r["policy"] for r in rows)
    assert all(r["evidence"] is None or "乡村" in r["evidence"] for r in exact)


def test_entity_card_with_evidence(gold):
    rows = records("entity_card", gold, entity="晋南钢铁集团")
    props = {r["property"] for r in rows}
    assert {"label", "altLabel", "^enterprise", "mentionedIn"} <= props
    assert "晋南集团" in {r["value"] for r in rows if r["property"] == "altLabel"}
    linked = [r for r in rows if r["property"] == "^enterprise"]
    assert linked and all(r["report"] and r["evidence"] for r in linked)


def test_search_labels(gold):
    rows = records("search_labels", gold, text="氢能")
    assert rows and all("氢能" in r["label"] for r in rows)
    assert "曲沃县氢能产业发展规划" in {r["label"] for r in rows}
    policies = records("search_labels", gold, text="氢能", type="Policy")
    assert policies and {r["type"] for r in policies} == {"Policy"}


# ---- the seeds built by kg build ----------------------------------------------------------

def test_reports_on_the_seeds_build(seeds_build):
    store = open_graph(seeds_build.store)
    rows = records("reports", store)
    assert len(rows) == 5
    quwo = sorted((r["review_year"], r["plan_year"]) for r in rows if r["region"] == "曲沃县")
    assert quwo == [("2020", "2021"), ("2022", "2023")]


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_store_dir_and_trig_file_give_the_same_rows(name, seeds_build):
    q = BY_NAME[name]
    a = run_query(q, q.examples[0], graph=seeds_build.store)
    b = run_query(q, q.examples[0], graph=seeds_build.trig)
    assert a.columns == b.columns and sorted(map(repr, comparable(a))) == sorted(map(repr, comparable(b)))


# ---- the same rows from a real Oxigraph server ----------------------------------------------

# GROUP_CONCAT joins in no defined order: compare those cells as sets.
CONCATENATED = {"enterprises": "、", "years": ","}


def comparable(table: Table) -> list[tuple]:
    out = []
    for row in table.rows:
        cells = []
        for col, t in zip(table.columns, row):
            if t is not None and col in CONCATENATED:
                t = Term(t.kind, CONCATENATED[col].join(sorted(t.value.split(CONCATENATED[col]))), t.datatype, t.lang)
            cells.append(t)
        out.append(tuple(cells))
    return out


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_embedded_store_and_oxigraph_server_agree(name, gold, gold_server):
    q = BY_NAME[name]
    # entity_card without a name is "everything about everything": seconds, not a test.
    for params in (q.examples[0],) if name == "entity_card" else (q.examples[0], {}):
        local = run_query(q, params, graph=gold)
        remote = run_query(q, params, endpoint=gold_server.query_url)
        assert local.columns == remote.columns
        assert sorted(map(repr, comparable(local))) == sorted(map(repr, comparable(remote)))
        if name != "search_labels" and params:  # ties sort alike; search ranks by length only
            assert comparable(local) == comparable(remote)
    assert local.rows or name in ("targets_vs_actuals",)


# ---- formatting and the command -------------------------------------------------------------

def test_table_is_aligned_for_cjk_and_cuts_long_cells():
    t = Table(["name", "n", "note"], [
        (Term("literal", "晋南钢铁集团"), Term("literal", "13", "http://www.w3.org/2001/XMLSchema#integer"),
         Term("literal", "x" * 100)),
        (Term("literal", "abc"), Term("literal", "2", "http://www.w3.org/2001/XMLSchema#integer"), None),
        (Term("uri", "https://w3id.org/county-kg/id/region/141021"), None, Term("literal", "多\n行")),
    ])
    lines = format_table(t, max_cell=20).splitlines()
    body = [lines[0]] + lines[2:5]
    starts = {wcswidth(line[: line.index(cell)]) for line, cell in zip(body, ["name", "晋南钢铁集团", "abc", "ckr:"])}
    assert starts == {0}
    note_col = {wcswidth(line[: line.index(cell)]) for line, cell in zip([lines[0], lines[2]], ["note", "xxx"])}
    assert len(note_col) == 1
    assert max(wcswidth(x) for x in lines[2].split()) <= 20 and "…" in lines[2]
    assert "多 行" in lines[4] and lines[-1] == "(3 rows)"
    # numbers right-aligned: the end of "13" and "2" line up
    ends = {wcswidth(line[: line.index(n) + len(n)]) for line, n in zip(lines[2:4], ["13", " 2"])}
    assert len(ends) == 1


def test_cli_list_and_query_formats(gold_trig):
    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    for q in QUERIES:
        assert q.name in r.output and q.title in r.output
    args = ["query", "queries/indicator_by_region_year.rq", "--graph", str(gold_trig),
            "--param", "indicator=地区生产总值", "--param", "region=曲沃县"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert "181.5" in r.output and "(4 rows)" in r.output
    r = CliRunner().invoke(main, args + ["--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert {row["year"] for row in rows} == {"2020", "2021", "2022", "2023"}
    r = CliRunner().invoke(main, args + ["--format", "json"])
    doc = json.loads(r.output)
    assert doc["head"]["vars"][0] == "region" and len(doc["results"]["bindings"]) == 4


def test_cli_sparql_text_and_errors(gold_trig, tmp_path):
    r = CliRunner().invoke(main, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?p a ckg:Project }",
                                  "--graph", str(gold_trig), "--format", "csv"])
    assert r.exit_code == 0 and int(r.output.splitlines()[1]) > 100
    for args, message in [
        (["query", "no_such_query", "--graph", str(gold_trig)], "no canned query"),
        (["query", "reports", "--graph", str(tmp_path / "missing.ttl")], "missing.ttl"),
        (["query", "SELECT * WHERE { ?s ?p }", "--graph", str(gold_trig)], "syntax error"),
        (["query", "reports", "--param", "colour=red", "--graph", str(gold_trig)], "no parameter colour"),
        (["query", "reports", "--endpoint", "http://127.0.0.1:9/query"], "cannot reach http://127.0.0.1:9/query"),
    ]:
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
        assert len(r.output.strip().splitlines()) == 1


# ---- CSV straight from the engine ------------------------------------------------------------

TRICKY = """SELECT ?s ?v ?b ?none WHERE {
  VALUES (?s ?v) { (<https://example.org/a> "a, \\"quoted\\" value") (<https://example.org/b> "two\\nlines")
                   (<https://example.org/c> "") (<https://example.org/d> 3.5) (<https://example.org/e> "县"@zh) }
  BIND(BNODE("x") AS ?b) }"""


def test_streamed_csv_is_the_csv_of_the_table(gold):
    """`kg query --format csv` on a local graph writes oxigraph's CSV without making Python
    terms; it must be byte for byte what format_csv makes of the same rows (the path an
    endpoint's answer takes): every canned query, unbound cells, quoting, blank nodes."""
    from kg.query.format import format_csv
    from kg.query.run import run_local, write_local_csv

    from kg.query.order import split_order

    texts = [q.bind({}) for q in QUERIES] + [q.bind(q.examples[0]) for q in QUERIES]
    texts.append(TRICKY)
    nonempty = 0
    for text in texts:
        ordered = split_order(text)
        if ordered is not None:  # sorted in Python (kg.query.order): the CSV goes through the Table
            assert not write_local_csv(gold, text, io.BytesIO())
            text = ordered[0]
        buf = io.BytesIO()
        assert write_local_csv(gold, text, buf)
        streamed = buf.getvalue().decode("utf-8")
        table = run_local(gold, text)
        if "_:" in streamed:  # blank node ids are the engine's own from run to run: compare the shape
            assert re.sub(r"_:\w+", "_:b", streamed) == re.sub(r"_:\w+", "_:b", format_csv(table))
        else:
            assert streamed == format_csv(table), text[:80]
        nonempty += len(table.rows) > 0
    assert nonempty >= len(QUERIES)
    assert not write_local_csv(gold, "ASK { ?s ?p ?o }", io.BytesIO())
