"""One project, company or policy across the seeds' two 曲沃县 plan reports (2021: 001, 2023:
000), built end to end: the gold's same_as links share an IRI, nothing the text keeps apart
is merged, the stages of one project read as a path by year (project_history, the page's
details panel), and `kg explain` says which names were joined and why; on the dev set's two
pairs (顺平县, 米易县), the links made and nothing else merged."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner
from conftest import GOLD

from kg.cli import main
from kg.evaluate import evaluate
from kg.query.canned import resolve
from kg.query.run import run_local
from kg.store import open_graph
from kg.viz import ViewOptions, build_page

EARLY, LATE = "001_4eb44e6884725f00", "000_28599288d92c4c3c"
# IRIs both reports name that the gold does not link (its own earlier item matched another
# of our entities, or it has no item): each checked by reading both reports.
RIGHT_WITHOUT_GOLD_LINK = {
    "广场文化活动月", "诗经山水·晋都曲沃", "141021_县人民医院综合楼",  # 县人民医院综合楼 = 县医院综合楼
    "141021_门急诊和医技科室改扩建", "141021_标准化厂房",
}


def test_seed_links_share_one_iri(seed_build):
    r = evaluate(seed_build["trig"], GOLD)
    found, n_gold, n_shared = r.links.counts
    assert n_gold == 37 and found >= 30
    shared = {iri.rsplit("/", 1)[-1] for ids in r.links.shared.values() for iri in ids}
    gold_linked = {x.earlier_iri.rsplit("/", 1)[-1] for x in r.links.links if x.found}
    assert shared - gold_linked <= RIGHT_WITHOUT_GOLD_LINK  # nothing merged wrongly
    assert n_shared - found <= len(RIGHT_WITHOUT_GOLD_LINK)


# The dev set's linked pairs (顺平县 2023 → 2024, 米易县 2022 → 2023): IRIs both reports name
# that the gold does not link (its own item matched another of our entities, or it has no
# item), each checked by reading both reports.
DEV_RIGHT_WITHOUT_GOLD_LINK = {
    "130636_仙洲路北延", "130636_平安大街东延",           # 2024 names the extension by its road
    "130636_新县医院", "130636_第四学校",                 # the gold's earlier item is 县医院新院区 / 第四中学
    "510421_20万吨电池级磷酸铁及磷酸铁锂生产项目", "510421_钒氮合金",
    "口袋公园", "四种能力", "数字化", "六无", "动车时代", "问题楼盘",
}


def test_dev_links_share_one_iri_and_nothing_else_is_merged(dev_scores):
    dev_links = dev_scores.links
    # measured 135/168 (119 before the rules for villages, routes read from the other end,
    # spans and ranks written elsewhere; 125 before 高速公路网 = 高速路网, 布局规划 = 规划,
    # 堤防 = 防洪; 127 before the policies read 第二轮中央、省…督察, 三级乙等综合医院, 省市十项规定,
    # 碳达峰碳中和“八大行动”, …论坛暨…峰会, 市级博士农场, 十年禁捕 / 十年禁渔, 城市更新: 135);
    # of 149 shared IRIs, none wrong
    found, n_gold, n_shared = dev_links.counts
    assert n_gold == 168 and found >= 134, dev_links.counts
    shared = {iri.rsplit("/", 1)[-1] for ids in dev_links.shared.values() for iri in ids}
    gold_linked = {x.earlier_iri.rsplit("/", 1)[-1] for x in dev_links.links if x.found}
    # unchecked ones can only come from extraction naming something new in both reports
    assert len(shared - gold_linked - DEV_RIGHT_WITHOUT_GOLD_LINK) <= 2, shared - gold_linked


def test_what_the_text_keeps_apart_stays_apart(seed_build):
    store = open_graph(seed_build["trig"])

    def entity(name: str) -> str:
        hits = run_local(store, f"""SELECT DISTINCT ?p WHERE {{ ?p a ckg:Project ;
            rdfs:label|skos:altLabel "{name}"@zh }}""").values()
        assert len(hits) == 1, (name, hits)
        return hits[0][0]

    # two roads of one district, a road and its second phase, two hospitals' buildings
    assert entity("吉祥北路北延") != entity("府西街西进")
    assert entity("南山道路") != entity("南山城市道路二期")
    assert entity("县中医医院住院楼") != entity("县医院综合楼")
    assert entity("晋南3号高炉及配套") == entity("晋南集团3号1860高炉配套项目")
    assert entity("城东水厂") == entity("城东水厂及管网建设项目")  # one side of the joint name


def test_project_history_is_a_path_by_year(seed_build):
    store = open_graph(seed_build["trig"])
    table = run_local(store, resolve("project_history").bind({"project": "3号高炉"}))
    rows = [dict(zip(table.columns, r)) for r in table.values()]
    assert [(r["year"], r["status"], r["report"]) for r in rows] == [
        ("2021", "Planned", EARLY), ("2022", "Completed", LATE)]
    assert {r["project"] for r in rows} == {"晋南集团3号1860高炉配套项目"}
    assert "晋南3号高炉及配套" in rows[1]["evidence"]


def test_details_panel_shows_the_same_timeline_and_why(seed_build):
    html, _ = build_page(open_graph(seed_build["trig"]), ViewOptions(focus="晋南集团3号1860高炉配套项目", hops=1))
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1))
    node = next(n[0] for n in data["nodes"] if n[1] == "晋南集团3号1860高炉配套项目")
    info = data["details"][str(node)]
    assert [[s[0], s[1], s[3]] for s in info["st"]] == [
        ["2021", "谋划", "曲沃县 2021年计划报告"], ["2022", "已建成", "曲沃县 2023年计划报告"]]
    why = [v for k, v in info["f"] if k == "合并依据"]
    assert len(why) == 1 and why[0].startswith("晋南3号高炉及配套 = 晋南集团3号1860高炉配套 (001_4eb44e6884725f00, 2021)")


def test_kg_explain_names_reports_names_and_reasons(seed_build):
    res = CliRunner().invoke(main, ["explain", str(seed_build["trig"]), "晋南3号高炉及配套"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].endswith("/project/141021_晋南集团3号1860高炉配套项目")
    early = next(i for i, ln in enumerate(lines) if EARLY in ln)
    late = next(i for i, ln in enumerate(lines) if LATE in ln)
    assert early < late  # in year order
    assert "Planned" in lines[early] and "as 晋南集团3号1860高炉配套项目" in lines[early]
    assert "Completed" in lines[late] and "as 晋南3号高炉及配套" in lines[late]
    assert any(ln.strip().startswith("joined: 晋南3号高炉及配套 = ") and "owner 晋南" in ln for ln in lines[late:])
    res = CliRunner().invoke(main, ["explain", str(seed_build["trig"]), "没有这个项目"])
    assert res.exit_code == 1 and "no project, enterprise or policy" in res.output
