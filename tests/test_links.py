"""Cross-report resolution (kg.graph.name_forms, kg.graph.links, kg.graph.resolve.fold): the
same project, company or policy under another name in another report of the region is one
entity, for a reason that can be read; what a report keeps apart stays apart.

The names are those the seed and dev reports write (曲沃县 2021/2023, 米易县 2022/2023)."""
from __future__ import annotations

import pytest

from kg.graph.links import compare
from kg.graph.name_forms import context, name_form, place_units, region_prefixes
from kg.graph.resolve import fold

OWNERS = (("晋南钢铁集团", "jn"), ("晋南集团", "jn"), ("通才工贸", "tc"), ("晋南", "jn"), ("通才", "tc"))
QUWO = context(region_prefixes(("曲沃县", "临汾市", "山西省")), OWNERS)
MIYI = context(region_prefixes(("米易县", "攀枝花市", "四川省")), OWNERS)


def _same(a: str, b: str, kind: str = "project", ctx=QUWO) -> tuple[int, str] | None:
    return compare(name_form(a, kind, ctx), name_form(b, kind, ctx))


@pytest.mark.parametrize("earlier, later, tier", [
    ("晋南集团3号1860高炉配套项目", "晋南3号高炉及配套", 2),      # owner's short name, capacity left out
    ("通才高速棒材生产线改扩建项目", "通才工贸高速棒材生产线", 1),   # works dropped, owner's full name
    ("城东水厂及管网建设项目", "城东水厂", 2),                      # one side of a joint name
    ("县直幼儿园改扩建工程", "县直幼儿园扩建项目", 0),               # 改扩建 = 扩建
    ("中医医院住院楼", "县中医医院住院楼", 0),                      # the region's level word in front
    ("全民健身中心", "东城全民健身中心", 2),                        # a place qualifier added
    ("吉祥北路北延", "吉祥北路北延道路改造", 1),
    ("府西街西进", "府西街西延道路建设", 1),                        # 西进 = 西延 on the same street
    ("县人民医院综合楼", "县医院综合楼", 0),
    ("山西省晋文化考古研究中心改扩建", "晋文化考古研究中心", 1),     # the province in front
])
def test_names_of_one_project_across_years(earlier, later, tier):
    got = _same(earlier, later)
    assert got is not None and got[0] == tier, got


@pytest.mark.parametrize("earlier, later", [
    ("县医院住院综合楼", "县人民医院住院综合楼"),
    ("前进渠续建配套与节水改造", "前进渠中型灌区续建配套与节水改造"),
    ("贤家九年一贯制学校", "贤家片区九年一贯制学校"),
    ("金杯半山·米易太阳谷", "米易太阳谷"),
    ("S465改建", "S465改扩建"),
    ("新职中", "新职中一期"),                                        # the first phase before a second is named
    ("顺兴路北延", "顺兴路"),                                        # the extension, later by the road's name
])
def test_names_of_one_project_in_miyi_and_shunping(earlier, later):
    assert _same(earlier, later, ctx=MIYI) is not None


@pytest.mark.parametrize("a, b", [
    ("新职中一期", "新职中二期"),                                    # phases
    ("新职中", "新职中二期"),
    ("S465改建", "S465青皮村至坪山村段"),                            # a section is another project
    ("吉祥路", "吉祥北路"),                                          # two roads of one district
    ("纬一路", "纬二路"),
    ("晋南2号高炉", "晋南3号高炉"),                                  # ordinals
    ("晋南3号高炉", "晋南集团4号1860高炉配套项目"),
    ("晋南3号高炉", "通才3号高炉"),                                  # two owners
    ("第四学校", "第五学校"),
    ("顺兴路北延", "顺兴路南延"),
    ("白庙村片区改造", "西显阳村片区改造"),
])
def test_names_the_text_keeps_apart(a, b):
    assert _same(a, b) is None


@pytest.mark.parametrize("a, b, kind", [
    # seen joined wrongly on the corpus before the rule that keeps them apart
    ("市财金集团", "省财金集团", "enterprise"),                      # the city's and the province's
    ("西部快速路", "东西部快速路", "project"),
    ("阳光大道北延线", "阳光大道南北延线", "project"),
    ("赣江大桥改造", "新赣江大桥", "project"),
    ("大唐勒门I海上风电", "勒门II海上风电", "project"),
    ("呼南高铁襄阳段", "呼南高铁襄阳至荆门段", "project"),
    ("农区人居环境整治三年行动", "农区人居环境整治提升五年行动", "policy"),
    ("省级全域旅游示范区", "国家级全域旅游示范区", "policy"),
])
def test_names_seen_apart_on_the_corpus(a, b, kind):
    assert _same(a, b, kind, ctx=context()) is None


@pytest.mark.parametrize("earlier, later, kind, where", [
    # 米易县 2022 "力争米会高速、米盐高速纳入全省高速路网规划" / 2023 "米会高速、米盐高速成功纳入全省高速
    # 公路网布局规划"; 濮阳市 2021 "“三横三纵”高速公路网加速推进" / 2022 "形成“三纵三横”高速路网"
    ("全省高速路网规划", "全省高速公路网布局规划", "policy", MIYI),
    ("三纵三横高速公路网", "三纵三横高速路网", "policy", context()),
    # 惠州市 2019 "纳入国家石化产业规划布局方案" / 2020 "纳入国家石化产业布局规划"
    ("石化产业规划", "石化产业布局规划", "policy", context()),
    # 米易县 2022 "确保…安宁河干流防洪工程…年内全面完工" / 2023 "安宁河干流堤防工程等14个项目建成投用";
    # 黑河市 2014 "续建黑河城区、孙吴城区堤防工程" / 2016 "孙吴、逊克、嫩江城区防洪工程进展顺利"
    ("安宁河干流防洪工程", "安宁河干流堤防", "project", MIYI),
    ("孙吴城区堤防工程", "孙吴城区防洪工程", "project", context()),
])
def test_words_written_either_way(earlier, later, kind, where):
    got = compare(name_form(earlier, kind, where), name_form(later, kind, where))
    assert got == (0, ""), got


@pytest.mark.parametrize("a, b", [
    # 巴彦淖尔市 2016 "建成了279公里黄河堤防公路" / 2022 "黄河防洪三期工程": a road on the levee and
    # a phase of the flood works; 扬州市 2019 / 2021: the first phase and the second
    ("黄河堤防公路", "黄河防洪三期工程"),
    ("长江防洪能力提升一期工程", "长江堤防防洪能力提升二期工程"),
])
def test_levee_and_flood_works_apart_by_head_and_phase(a, b):
    assert _same(a, b, ctx=context()) is None


def test_another_citys_name_is_no_qualifier():
    # 沧州 (130900): 青岛港口集团 is not its 港口集团; 通山 is a county of 咸宁 (421200)
    cangzhou = context(region_prefixes(("沧州市", "河北省")))
    x, y = name_form("沧州港口集团", "enterprise", cangzhou), name_form("青岛港口集团", "enterprise", cangzhou)
    assert compare(x, y) is not None and compare(x, y, "130900") is None
    xianning = context(region_prefixes(("咸宁市", "湖北省")))
    x = name_form("大幕山抽水蓄能电站", "project", xianning)
    y = name_form("通山大幕山抽水蓄能电站", "project", xianning)
    assert compare(x, y, "421200") == (2, "with 通山 added")


@pytest.mark.parametrize("earlier, later", [
    ("绿色交通计划", "绿色交通行动"),
    ("全民参保计划", "全民参保行动"),
    ("城镇住房租赁补贴政策", "住房租赁补贴政策"),
    ("农村人居环境整治提升五年行动", "农村人居环境整治提升行动"),
    ("全国乡村治理体系建设试点", "全国乡村治理体系建设试点县"),
])
def test_names_of_one_policy(earlier, later):
    assert _same(earlier, later, "policy") is not None


@pytest.mark.parametrize("earlier, later, kind", [
    # a route's extent read from either end (顺平县 2023 / 2024; 宜春市 2022 / 2023)
    ("G234满城界至开发区段拓宽改造", "国道G234（开发区至满城界段）改建工程", "project"),
    ("铜鼓至通城高速", "通城至铜鼓高速", "project"),
    # a campaign's duration written elsewhere in its name (米易县 2022 / 2023; 鹤壁市)
    ("国企三年改革行动", "国企改革三年行动", "policy"),
    ("安全生产三年专项整治行动", "安全生产专项整治三年行动", "policy"),
    # the province's rank written two ways (米易县 2022 / 2023; 阿坝州)
    ("省级平安建设先进县", "全省平安建设先进县", "policy"),
    ("全省县域经济发展先进县", "省级县域经济发展先进县", "policy"),
    ("龙肘山风电场工程", "龙肘山风电一期", "project"),                 # 风电场 = 风电
])
def test_names_written_another_way(earlier, later, kind):
    assert _same(earlier, later, kind, ctx=MIYI) is not None


@pytest.mark.parametrize("a, b, kind", [
    ("省级乡村旅游重点村", "乡村旅游重点村", "policy"),               # a rank against none
    ("市级六无平安村", "省级六无平安村", "policy"),                   # the city's title, the province's
    ("国企改革三年行动", "国企改革五年行动", "policy"),
    ("G234满城界至开发区段", "G234开发区至高铁站段", "project"),      # two sections of one road
])
def test_names_written_another_way_stay_apart(a, b, kind):
    assert _same(a, b, kind, ctx=MIYI) is None


def test_a_village_may_be_written_without_its_unit():
    # 顺平县 2023 names 白庙片区安置区; 2024 白庙村、西显阳村两个片区改造安置区, and 白庙村 as a place
    shunping = context(region_prefixes(("顺平县", "保定市", "河北省")), places=place_units(["白庙村", "西显阳村", "新村"]))
    x, y = name_form("白庙片区安置区", "project", shunping), name_form("白庙村片区改造安置区", "project", shunping)
    assert "白庙村 = 白庙" in y.set_aside
    assert compare(x, y) == (2, "with 改造 added")
    assert compare(x, name_form("西显阳村片区改造安置区", "project", shunping)) is None
    assert name_form("白庙村", "project", shunping).full == "白庙村"   # the place's own name keeps its unit
    assert place_units(["白庙村", "新村", "神南镇", "开发区"]) == ("白庙村", "神南镇")


def test_name_form_sets_aside_what_it_says():
    f = name_form("晋南集团3号1860高炉配套项目", "project", QUWO)
    assert (f.full, f.bare, f.owner, f.numbers) == ("3号1860高炉配套", "3号1860高炉", "jn", frozenset({"3", "1860"}))
    assert "owner 晋南集团" in f.set_aside and "项目 dropped" in f.set_aside
    f = name_form("县中医医院生活服务楼及乡镇卫生院综合楼项目", "project", QUWO)
    assert f.parts == ("中医医院生活服务楼", "乡镇卫生院综合楼")
    assert name_form("新职中二期", "project").phases == frozenset({"二"})


# ---------------------------------------------------------------- folding skeletons

def _report(key: str, year: int, projects=(), enterprises=(), policies=(), region="141021",
            names=("曲沃县", "临汾市", "山西省")) -> tuple:
    """A fold_inputs tuple: projects as (name, status, owners…), enterprises as names."""
    projs = tuple((region, (p[0],), p[1], year, False, False, "", tuple(p[2:])) for p in projects)
    ents = tuple((region, (e,) if isinstance(e, str) else tuple(e)) for e in enterprises)
    pols = tuple(("", (p,), "campaign") for p in policies)
    return (key, ents, projs, pols, (region, year, names))


def _entity_of(views, report: str, name: str):
    return next(e for e in views[report].entities if e.label == name or name in e.aliases)


def test_fold_joins_a_project_across_reports_and_says_why():
    views = fold([
        _report("r2021", 2021, [("晋南集团3号1860高炉配套项目", "planned")], [("晋南钢铁集团", "晋南集团", "晋南")]),
        _report("r2023", 2023, [("晋南3号高炉及配套", "completed")], ["晋南钢铁集团"]),
    ])
    a, b = _entity_of(views, "r2021", "晋南集团3号1860高炉配套项目"), _entity_of(views, "r2023", "晋南3号高炉及配套")
    assert a.key == b.key and a.label == "晋南集团3号1860高炉配套项目"
    assert b.latest_status == "completed" and a.latest_status is None  # the stages hang on one project
    assert a.notes == () and len(b.notes) == 1
    assert b.notes[0].startswith("晋南3号高炉及配套 = 晋南集团3号1860高炉配套项目 (r2021, 2021)")
    assert "owner 晋南集团" in b.notes[0]


def test_fold_keeps_apart_what_one_report_names_both_of():
    # 2023 names 城东水厂 and 城东水厂及管网 as two things: 2021's joint name joins neither
    views = fold([
        _report("r2021", 2021, [("城东水厂及管网建设项目", "planned")]),
        _report("r2023", 2023, [("城东水厂", "completed"), ("城东水厂及管网", "started")]),
    ])
    joint = _entity_of(views, "r2021", "城东水厂及管网建设项目")
    assert _entity_of(views, "r2023", "城东水厂").key != joint.key
    assert _entity_of(views, "r2023", "城东水厂及管网").key == joint.key  # the same once 建设项目 is dropped


def test_fold_does_not_guess_between_two_candidates():
    # 全民健身中心 could be 东城's or 西城's, which two reports keep apart
    views = fold([
        _report("r2021", 2021, [("全民健身中心", "planned")]),
        _report("r2022", 2022, [("东城全民健身中心", "started")]),
        _report("r2023", 2023, [("西城全民健身中心", "started")]),
    ])
    keys = {e.label: e.key for v in views.values() for e in v.entities}
    assert len(set(keys.values())) == 3


def test_fold_takes_villages_from_every_report_of_the_region():
    # 2023 writes 白庙片区安置区; 2024 names the village 白庙村 and 白庙村片区改造安置区
    views = fold([
        _report("s2023", 2023, [("白庙片区安置区", "planned")], region="130636", names=("顺平县",)),
        (*_report("s2024", 2024, [("白庙村片区改造安置区", "started")], region="130636", names=("顺平县",))[:4],
         ("130636", 2024, ("顺平县",), ("白庙村",))),
    ])
    a, b = _entity_of(views, "s2023", "白庙片区安置区"), _entity_of(views, "s2024", "白庙村片区改造安置区")
    assert a.key == b.key and "白庙村 = 白庙" in b.notes[0]


def test_fold_links_only_within_a_region():
    views = fold([
        _report("a2021", 2021, [("城东水厂及管网建设项目", "planned")]),
        _report("b2022", 2022, [("城东水厂", "completed")], region="510421", names=("米易县",)),
    ])
    keys = {e.label: e.key for v in views.values() for e in v.entities}
    assert keys["城东水厂"] != keys["城东水厂及管网建设项目"]


def test_fold_does_not_take_a_common_name_for_one_regions_thing():
    # 污水处理厂 names a project in two regions: in neither is it 城东污水处理厂 for sure
    region = ("510421", ("米易县",))
    views = fold([
        _report("a2021", 2021, [("污水处理厂", "planned")]),
        _report("a2022", 2022, [("城东污水处理厂", "completed")]),
        _report("b2021", 2021, [("污水处理厂", "planned")], region=region[0], names=region[1]),
    ])
    assert _entity_of(views, "a2021", "污水处理厂").key != _entity_of(views, "a2022", "城东污水处理厂").key
    views = fold([
        _report("a2021", 2021, [("污水处理厂", "planned")]),
        _report("a2022", 2022, [("城东污水处理厂", "completed")]),
    ])
    assert _entity_of(views, "a2021", "污水处理厂").key == _entity_of(views, "a2022", "城东污水处理厂").key


def test_fold_keeps_owners_apart():
    views = fold([
        _report("r2021", 2021, [("高速棒材生产线改扩建项目", "planned", "通才工贸")], ["通才工贸", "晋南钢铁集团"]),
        _report("r2023", 2023, [("高速棒材生产线", "completed", "晋南钢铁集团")], ["晋南钢铁集团", "通才工贸"]),
    ])
    keys = {e.label: e.key for v in views.values() for e in v.entities}
    assert keys["高速棒材生产线"] != keys["高速棒材生产线改扩建项目"]


def test_fold_reads_a_policy_as_the_region_reads_it():
    # one report reads 高新技术企业倍增计划 as the county's plan, the next as a campaign
    plan = ("510421", ("高新技术企业倍增计划",), "plan")
    campaign = ("", ("高新技术企业倍增计划",), "campaign")
    about = ("510421", 2022, ("米易县",))
    views = fold([("m2022", (), (), (plan,), about), ("m2023", (), (), (campaign,), (*about[:1], 2023, about[2]))])
    assert views["m2022"].entities[0].key == views["m2023"].entities[0].key
