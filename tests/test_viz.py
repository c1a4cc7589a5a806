"""kg viz without a browser: what the page holds, which nodes each selection draws, the
node limit, escaping, and that nothing in the page points off the machine."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.store import open_graph
from kg.viz import ViewOptions, build_page
from kg.viz.layout import layout
from kg.viz.page import script_json

SAMPLE = Path(__file__).parent / "fixtures" / "viz_sample.ttl"
CKG = Namespace("https://w3id.org/county-kg/ontology#")
CKR = "https://w3id.org/county-kg/id/"
SAMPLE_DEFAULT = {"山西省", "临汾市", "曲沃县", "北董乡", "曲沃县 2023年计划报告", "曲沃县 2022年工作报告",
                  "晋南120万吨大型槽钢和角钢项目", "氢能产业园", "北董乡污水处理厂", "晋南钢铁集团", "中国联通",
                  "曲沃县氢能产业发展规划", "乡村振兴"}
HOSTILE = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=2">',
           '</script><script>window.__pwned=3</script>', "<!--", "\u2028line"]


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "the page has no data block"
    return json.loads(m.group(1))


def labels(data: dict) -> set[str]:
    return {n[1] for n in data["nodes"]}


def details_of(data: dict, label: str) -> dict:
    ids = [n[0] for n in data["nodes"] if n[1] == label]
    assert ids, f"{label} is not on the page"
    return data["details"][str(ids[0])]


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(scope="module")
def sample_store():
    return open_graph(SAMPLE)


def view(store, **kw) -> dict:
    html, _ = build_page(store, ViewOptions(**kw))
    return page_data(html)


def test_cli_writes_one_self_contained_page(tmp_path):
    out = tmp_path / "v" / "graph.html"
    code, stdout, _ = run("viz", str(SAMPLE), "-o", str(out))
    assert code == 0, stdout
    assert "13 nodes" in stdout
    html = out.read_text(encoding="utf-8")
    assert list(tmp_path.joinpath("v").iterdir()) == [out]  # no lib/ folder, no temp file left
    # no element loads anything: no src/href at all, no @import, no url() but data: URIs
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html, re.I)
    assert "@import" not in html
    assert not re.search(r"url\((?!\"?data:)", html)
    assert "default-src 'none'" in html  # the browser itself refuses any external load
    # every http(s) text left is an IRI in the data or a licence/namespace string in vis-network
    data_block = re.search(r'id="kg-data">.*?</script>', html, re.S).group(0)
    rest = html.replace(data_block, "")
    allowed = {"http://www.w3.org/2000/svg", "http://almende.com", "https://github.com/visjs",
               "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
               "https://visjs.github.io/vis-network/", "https://github.com/zloirock/core-js",
               "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
               "https://github.com/uuidjs/uuid#getrandomvalues-not-supported"}
    assert set(re.findall(r"https?://[^\s\"'()<>,]*[\w/]", rest)) <= allowed


def test_default_view_draws_classes_with_chinese_labels(sample_store):
    data = view(sample_store)
    assert labels(data) == SAMPLE_DEFAULT
    assert not any(n[1].startswith("http") for n in data["nodes"])
    legend = {t["name"]: t["count"] for t in data["types"]}
    assert legend == {"地区": 4, "报告": 2, "项目": 3, "企业": 2, "政策": 2}
    styles = {(t["color"], t["shape"]) for t in data["types"]}
    assert len(styles) == 5  # every class its own colour and shape
    edge_labels = {e[2] for e in data["edges"]}
    assert {"隶属", "地区", "提及于", "企业"} <= edge_labels


def test_tooltips_carry_type_values_evidence_and_report(sample_store):
    data = view(sample_store)
    project = details_of(data, "晋南120万吨大型槽钢和角钢项目")
    assert project["t"] == "项目"
    assert ["状态", "已开工"] in project["f"] and ["企业", "晋南钢铁集团"] in project["f"]
    assert project["ev"] == ["晋南120万吨大型槽钢和角钢项目开工建设"]
    assert project["rep"] == ["曲沃县 2023年计划报告"]
    assert project["st"][0][:2] == ["2022", "已开工"]
    # observations are folded into their region: values, growth, evidence, report
    county = details_of(data, "曲沃县")
    assert county["obsN"] == 5
    gdp = [o for o in county["obs"] if o[0] == "2022" and o[1] == "地区生产总值" and o[2] == "实际"]
    assert gdp == [["2022", "地区生产总值", "实际", "181.5亿元", "+5.8%", "绝对额居全市第四",
                    "地区生产总值完成181.5亿元，绝对额居全市第四，同比增长5.8%", "曲沃县 2023年计划报告"]]
    report = details_of(data, "曲沃县 2023年计划报告")
    assert ["报告人", "李福群"] in report["f"] and ["类型", "计划执行情况报告"] in report["f"]


def test_region_filter_keeps_the_region_its_parents_and_what_concerns_it(sample_store):
    data = view(sample_store, regions=("北董乡",))
    assert labels(data) == {"北董乡", "曲沃县", "临汾市", "山西省", "北董乡污水处理厂"}


def test_year_filter(sample_store):
    data = view(sample_store, years=(2021,))
    got = labels(data)
    assert "曲沃县 2022年工作报告" in got and "北董乡污水处理厂" in got and "中国联通" in got
    assert "曲沃县 2023年计划报告" not in got and "氢能产业园" not in got


def test_type_filter_folds_observations_into_region_indicator_edges(sample_store):
    data = view(sample_store, types=("Region", "Indicator"))
    assert labels(data) == {"山西省", "临汾市", "曲沃县", "北董乡", "地区生产总值", "一般公共预算收入"}
    obs_edges = sorted(e[2] for e in data["edges"] if e[2].startswith("观测值"))
    assert obs_edges == ["观测值", "观测值", "观测值 ×4"]  # 曲沃县: 4 GDP values, 1 revenue; 临汾市: 1


def test_focus_and_hops(sample_store):
    one = labels(view(sample_store, focus="晋南集团", hops=1))  # found by its alias
    assert one == {"晋南钢铁集团", "晋南120万吨大型槽钢和角钢项目", "氢能产业园", "曲沃县",
                   "曲沃县 2023年计划报告", "曲沃县 2022年工作报告"}
    two = labels(view(sample_store, focus="晋南集团", hops=2))
    assert one < two and "2022 地区生产总值 181.5亿元" in two  # focus views show observations
    zero = labels(view(sample_store, focus="地区生产总值", hops=0))
    assert zero == {"地区生产总值"}


def test_query_construct_and_select(tmp_path):
    construct = tmp_path / "c.rq"
    construct.write_text("""PREFIX ckg: <https://w3id.org/county-kg/ontology#>
        CONSTRUCT { ?p ckg:enterprise ?e . ?p ckg:investment ?i } WHERE { ?p ckg:enterprise ?e OPTIONAL { ?p ckg:investment ?i } }""",
                         encoding="utf-8")
    out = tmp_path / "c.html"
    code, stdout, _ = run("viz", str(SAMPLE), "--query", str(construct), "-o", str(out))
    assert code == 0, stdout
    data = page_data(out.read_text(encoding="utf-8"))
    assert labels(data) == {"晋南钢铁集团", "晋南120万吨大型槽钢和角钢项目", "氢能产业园"}
    assert ["ckg:investment", "298.18"] in details_of(data, "氢能产业园")["f"] or \
        ["https://w3id.org/county-kg/ontology#investment", "298.18"] in details_of(data, "氢能产业园")["f"]
    select = tmp_path / "s.rq"
    select.write_text("""PREFIX ckg: <https://w3id.org/county-kg/ontology#>
        SELECT ?report ?region WHERE { ?report a ckg:Report ; ckg:region ?region }""", encoding="utf-8")
    code, stdout, _ = run("viz", str(SAMPLE), "--query", str(select), "-o", str(out))
    assert code == 0, stdout
    data = page_data(out.read_text(encoding="utf-8"))
    assert labels(data) == {"曲沃县", "曲沃县 2023年计划报告", "曲沃县 2022年工作报告"}
    assert {e[2] for e in data["edges"]} == {"?region"}


def test_above_the_node_limit_the_view_is_aggregated_and_says_so(tmp_path):
    out = tmp_path / "a.html"
    r = CliRunner().invoke(main, ["viz", str(SAMPLE), "--max-nodes", "10", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "note: 13 个节点超过上限 10" in r.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) <= 10 and data["note"].startswith("13 个节点超过上限 10")
    agg = details_of(data, "曲沃县 · 项目 ×2")
    assert agg["n"] == 2 and sorted(agg["m"]) == ["晋南120万吨大型槽钢和角钢项目", "氢能产业园"]


def test_errors_are_one_line_naming_the_file(tmp_path):
    code, out, err = run("viz", str(tmp_path / "missing.ttl"), "-o", str(tmp_path / "x.html"))
    assert code == 1 and err.strip().count("\n") == 0 and "missing.ttl" in err
    code, out, err = run("viz", str(SAMPLE), "--focus", "不存在的东西", "-o", str(tmp_path / "x.html"))
    assert code == 1 and "viz_sample.ttl" in err and "不存在的东西" in err
    bad = tmp_path / "bad.rq"
    bad.write_text("SELEKT nothing", encoding="utf-8")
    code, out, err = run("viz", str(SAMPLE), "--query", str(bad), "-o", str(tmp_path / "x.html"))
    assert code == 1 and "bad.rq" in err and err.strip().count("\n") == 0
    code, out, err = run("viz", str(SAMPLE), "--type", "Projekt", "-o", str(tmp_path / "x.html"))
    assert code == 2 and "Projekt" in err
    assert not (tmp_path / "x.html").exists()


def hostile_graph(path: Path) -> Path:
    g = Graph()
    region = URIRef(CKR + "region/evil")
    g.add((region, RDF.type, CKG.Region))
    g.add((region, RDFS.label, Literal(HOSTILE[0], lang="zh")))
    for i, text in enumerate(HOSTILE):
        e = URIRef(f"{CKR}enterprise/e{i}")
        g.add((e, RDF.type, CKG.Enterprise))
        g.add((e, RDFS.label, Literal(text, lang="zh")))
        g.add((e, CKG.region, region))
        g.add((e, CKG.evidence, Literal(HOSTILE[(i + 1) % len(HOSTILE)])))
    g.serialize(path, format="turtle")
    return path


def test_report_text_is_escaped_in_the_page(tmp_path):
    src = hostile_graph(tmp_path / "evil.ttl")
    out = tmp_path / "evil.html"
    code, stdout, _ = run("viz", str(src), "-o", str(out), "--title", HOSTILE[1])
    assert code == 0, stdout
    html = out.read_text(encoding="utf-8")
    for text in HOSTILE[:3]:
        assert text not in html
    assert html.count("</script>") == 3  # data, vis-network, ours: nothing else closes a script
    assert "<title>&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;</title>" in html
    data = page_data(html)
    assert set(HOSTILE) <= labels(data)  # the text itself survives, exactly


def test_script_json_cannot_close_its_block():
    s = script_json({"a": "</script><script>x()</script>", "b": "<!--", "c": "\u2028"})
    assert "<" not in s and ">" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><script>x()</script>", "b": "<!--", "c": "\u2028"}


def test_page_is_deterministic(sample_store):
    a, _ = build_page(sample_store, ViewOptions())
    b, _ = build_page(sample_store, ViewOptions())
    assert a == b


def test_layout_spreads_a_large_graph_quickly():
    g = nx.relabel_nodes(nx.barabasi_albert_graph(5000, 1, seed=3), str)
    t = time.process_time()  # CPU time: the wall clock on a busy machine measures the others
    pos = layout(g)
    assert time.process_time() - t < 15
    assert set(pos) == set(g)
    # not a solid disc: nodes hanging from the same hub are apart from each other
    distinct = {(round(x), round(y)) for x, y in pos.values()}
    assert len(distinct) > 0.99 * len(g)
    hub = max(g, key=g.degree)
    leaves = [n for n in g[hub] if g.degree(n) == 1][:50]
    d = [((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5
         for i, a in enumerate(leaves) for b in leaves[i + 1:]]
    assert min(d) > 20


def test_gold_graph_view(tmp_path):
    gold_graph = pytest.importorskip("fixtures.gold_graph")
    src = gold_graph.gold_to_graph(Path(__file__).parent / "gold", tmp_path / "gold.ttl")
    store = open_graph(src)
    html, result = build_page(store, ViewOptions())
    data = page_data(html)
    assert result.nodes == len(data["nodes"]) > 500
    assert {t["key"] for t in data["types"]} == {"Region", "Report", "Project", "Enterprise", "Policy"}
    reports = [n for n in data["nodes"] if n[2] == "Report"]
    assert len(reports) == 5 and all("报告" in n[1] for n in reports)


def test_sub_regions_fold_into_their_parent_when_regions_alone_pass_the_limit(tmp_path):
    g = Graph()
    city = URIRef(CKR + "region/c")
    g.add((city, RDF.type, CKG.Region))
    g.add((city, RDFS.label, Literal("某市", lang="zh")))
    for i in range(30):
        county = URIRef(f"{CKR}region/c_{i}")
        g.add((county, RDF.type, CKG.Region))
        g.add((county, RDFS.label, Literal(f"第{i}县", lang="zh")))
        g.add((county, CKG.partOf, city))
    for i in range(40):
        p = URIRef(f"{CKR}project/p{i}")
        g.add((p, RDF.type, CKG.Project))
        g.add((p, RDFS.label, Literal(f"项目{i}", lang="zh")))
        g.add((p, CKG.region, URIRef(f"{CKR}region/c_{i % 2}")))  # two counties hold projects
    g.serialize(tmp_path / "tree.ttl", format="turtle")
    html, result = build_page(open_graph(tmp_path / "tree.ttl"), ViewOptions(max_nodes=20))
    data = page_data(html)
    assert len(data["nodes"]) <= 20 and "30 个下级地区已并入上级" in result.note
    assert labels(data) == {"某市", "第0县 · 项目 ×20", "第1县 · 项目 ×20", "某市 · 下级地区 ×30"}
    # the project aggregates now hang from the folded counties' node, not from nowhere
    agg = {n[1]: n[0] for n in data["nodes"]}
    assert sorted((e[0], e[1]) for e in data["edges"] if e[1] == agg["某市 · 下级地区 ×30"]) == sorted(
        [(agg["第0县 · 项目 ×20"], agg["某市 · 下级地区 ×30"]), (agg["第1县 · 项目 ×20"], agg["某市 · 下级地区 ×30"])])
