"""The policies extractor on real sentences of the seed reports (and one corpus glossary)."""
from pathlib import Path

import pytest

from kg.extract import policies
from kg.extract.model import ReportFacts, ReportMeta
from kg.text.document import document_from_text

HEAD = "关于曲沃县2022年国民经济和社会发展计划执行情况的报告\n\n"
REVIEW = "一、2022年国民经济和社会发展计划执行情况\n\n"
PLAN = "二、2023年经济社会发展的主要任务\n\n"


def run(review: str = "", plan: str = "", notes: str = "", region="曲沃县",
        parents=("临汾市", "山西省")):
    raw = HEAD + REVIEW + review + "\n\n" + (PLAN + plan + "\n\n" if plan else "") + notes
    doc = document_from_text(raw, Path("t.txt"))
    facts = ReportFacts(key="t", source_name="t.txt", source_path="t.txt", content_hash="",
                        characters=len(raw),
                        meta=ReportMeta(region=region, parents=list(parents), review_year=2022,
                                        plan_year=2023))
    return {p.name: p for p in policies.extract(doc, facts)}, doc


def labels(p):
    return {p.name, *p.aliases}


def test_quoted_reforms_take_their_cue_word_as_alias():
    ps, _ = run("营商环境持续优化。全面深化“放管服”改革，打造“三无”“三可”营商环境，"
                "推行“双随机、一公开”监管。启动“一窗受理”服务模式，推行“一件事”集成服务。")
    assert ps["放管服"].kind == "reform" and "放管服改革" in ps["放管服"].aliases
    assert ps["放管服"].region == "国家"  # widely known national reform
    assert {"双随机、一公开", "一窗受理", "一件事"} <= set(ps)
    assert "一件事集成服务" in ps["一件事"].aliases


def test_titles_and_their_issuer():
    ps, _ = run("压实企业主体责任，强化安全生产监管。",
                "严格落实新修订的《山西省安全生产条例》，编制完成了《曲沃县文物保护利用总体规划》。")
    assert ps["山西省安全生产条例"].kind == "regulation"
    assert ps["山西省安全生产条例"].region == "山西省"
    plan = ps["曲沃县文物保护利用总体规划"]
    assert plan.kind == "plan" and plan.region == "曲沃县" and plan.year == 2023


def test_slogans_are_not_policies():
    ps, _ = run("坚持以“抓铁有痕、踏石留印”的决心把各项风险管控措施落到实处。"
                "牢固树立“转型为纲、项目为王”理念，加强政策研究。"
                "持续开展“烟火气”新地标建设。")
    assert not ps


def test_unquoted_reforms_start_after_their_verb():
    ps, _ = run("深化国资国企改革。田庄粮油公司完成了经营性国有资产统一监管改革，5 家企业完成了公司制改革。")
    assert {"国资国企改革", "经营性国有资产统一监管改革", "公司制改革"} <= set(ps)
    assert all(p.kind == "reform" for p in ps.values())


def test_distributive_list_yields_one_policy_per_item():
    ps, _ = run("生态环境持续改善。持续深入打好蓝天、碧水、净土保卫战，推动生态环境质量稳中向好。")
    assert {"蓝天保卫战", "碧水保卫战", "净土保卫战"} <= set(ps)
    assert ps["净土保卫战"].kind == "campaign"


def test_designations_drop_the_level_list():
    ps, _ = run("民主法治建设扎实推进，成功创建 1 个国家级、2 个省级民主法治示范村。"
                "我县成功入选“国家乡村振兴示范县”创建名单。")
    assert "民主法治示范村" in ps
    assert ps["国家乡村振兴示范县"].kind == "designation"
    assert ps["国家乡村振兴示范县"].region == "曲沃县"  # held by the county


def test_one_mention_per_policy_per_report():
    ps, _ = run("项目建设扎实推进。深入开展“项目建设年”活动，县四大班子领导包联重点项目。",
                "持续开展项目建设年活动，加快项目落地。")
    (p,) = [p for p in ps.values() if "项目建设年" in labels(p)]
    assert "项目建设年活动" in labels(p) and p.year == 2022  # the first mention's year


def test_evidence_is_the_whole_source_sentence():
    ps, doc = run("营商环境持续优化。全面深化“放管服”改革，打造一流营商环境。")
    ev = ps["放管服"].evidence
    assert ev.text == "全面深化“放管服”改革，打造一流营商环境。"
    assert ev.part == "review"


def test_glossary_entry_becomes_the_definition():
    ps, _ = run("现代农业加快发展。新认证“三品一标”[4]产品43个，培育农产品区域大品牌。",
                notes="名词解释\n\n[4]三品一标：指无公害农产品、绿色食品、有机农产品和农产品地理标志。\n")
    assert ps["三品一标"].definition.startswith("指无公害农产品")
    assert "无公害农产品" not in ps  # the glossary line itself names nothing new


@pytest.mark.parametrize("text", ["", "“", "《》“”“”", "改革" * 500, "“" * 300 + "行动", "[1]：：\n\n" * 50])
def test_odd_text_never_raises(text):
    ps, _ = run(text)
    assert isinstance(ps, dict)


def test_footnote_marker_points_at_the_defined_name():
    # 桂林市 2019: a quoted slogan whose only cue is the footnote that defines it
    ps, _ = run("产业结构进一步优化。胜地建设升级发展相关政策争取工作取得积极进展，"
                "“一轴两带”[3]的产业发展格局加速形成，产业结构进一步优化。",
                notes="名词解释\n\n[3]一轴两带：指桂林的中心经济轴、东部资源经济带、西部生态经济带。\n")
    assert ps["一轴两带"].definition == "指桂林的中心经济轴、东部资源经济带、西部生态经济带。"
    assert "一轴两带" in ps["一轴两带"].evidence.text


def test_quotation_fused_to_the_phrase_before_it():
    ps, _ = run("水环境质量持续改善。常态化推进入河排污口“回头看”和河道“清四乱”行动。")
    assert "入河排污口回头看" in ps["回头看"].aliases
    assert "清四乱行动" in ps["清四乱"].aliases


def test_titles_of_books_and_plays_are_not_policies():
    ps, _ = run("文化事业繁荣发展。认真贯彻《民法典》，创排大型舞台剧《刘三姐》。")
    assert ps["民法典"].kind == "regulation" and ps["民法典"].region == "国家"
    assert "刘三姐" not in ps


def test_quoted_short_names_are_policies_without_a_cue():
    # 高唐县 2023: two programmes named only by their quoted short names
    ps, _ = run("“十强产业”、“四新”经济增加值分别增长14.3%、9.3%。")
    assert {"十强产业", "四新"} <= set(ps)


def test_quoted_figures_and_things_fought_are_not_policies():
    # 顺平县 2024, 阜平县 2022: figures of speech and a thing kept down
    ps, _ = run("紧盯首都人民的“菜篮子”“果盘子”。继续严控“三公”经费等一般性支出。")
    assert not ps


def test_study_campaigns_and_law_education():
    ps, _ = run("深入开展党史学习教育，扎实开展“三严三实”专题教育。", "扎实推进“八五”普法宣传教育。")
    assert ps["党史学习教育"].kind == "campaign"
    assert "三严三实专题教育" in labels(ps["三严三实"])
    assert "八五普法" in labels(ps["八五"])


def test_titles_after_a_verb_of_winning():
    # 米易县 2023 and 遵义市 2021: the title after 获评/入选/成为, list items each one
    ps, _ = run("新山傈僳族乡入选全国乡村旅游重点乡镇。入选全国乡村建设评价样本县、全省数字乡村试点县。"
                "赤水河谷旅游度假区成为全省首个国家级旅游度假区。")
    assert {"全国乡村旅游重点乡镇", "全国乡村建设评价样本县", "全省数字乡村试点县",
            "国家级旅游度假区"} <= set(ps)
    assert ps["国家级旅游度假区"].kind == "designation"


def test_projects_and_funds_after_a_verb_of_winning_are_not_titles():
    ps, _ = run("3个项目列入省重点项目，争取省级专项资金2000万元。")
    assert not ps


def test_a_list_of_domains_shares_its_reform_word():
    # 遵义市 2021, 大庆市 2016, 顺平县 2023
    ps, _ = run("国有企业、户籍制度等改革纵深推进。推动教育体制、医疗体制、文化体制改革。",
                "坚决打好“蓝天、碧水、净土”保卫战。")
    assert {"国有企业改革", "户籍制度改革", "教育体制改革", "医疗体制改革", "文化体制改革",
            "蓝天保卫战", "碧水保卫战", "净土保卫战"} <= set(ps)


def test_widely_known_national_policies_named_without_a_cue():
    # 米易县 2022 and 遵义市 2021
    ps, _ = run("深入推进河（湖）长制、林长制。新增高新技术企业1家。", "统筹推进“五位一体”总体布局。")
    assert {"河湖长制", "林长制", "高新技术企业"} <= {p.name.replace("（湖）", "湖") for p in ps.values()}
    assert ps["五位一体总体布局"].region == "国家"


def test_systems_events_and_city_clusters_after_an_opening_verb():
    # 阜平县 2022, 高唐县 2023, 遵义市 2021
    ps, _ = run("建立荣誉公民制度。", "争取恢复举办高唐书画博览会。加快现代产业融入济南都市圈进程。")
    assert {"荣誉公民制度", "高唐书画博览会", "济南都市圈"} <= set(ps)
    assert ps["高唐书画博览会"].kind == "campaign"
