"""The enterprises extractor on sentences copied from the seed, dev and corpus reports, and
its score on the dev set."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import enterprises
from kg.extract.model import ReportFacts
from kg.text.document import document_from_text


def run(text: str, region: str = "曲沃县"):
    # a salutation opens the body, so every paragraph below is report text
    doc = document_from_text("各位代表：\n\n" + text, Path("t.txt"), key="t")
    facts = ReportFacts(key="t", source_name="t.txt", source_path="t.txt", content_hash="", characters=0)
    facts.meta.region = region
    return enterprises.extract(doc, facts)


def by_name(ms):
    return {m.name: m for m in ms}


def forms(m):
    return {m.name, *m.aliases}


def test_short_forms_fold_into_one_company():
    ms = run("晋南、通才两大企业营业收入820.44亿元，同比增长9%。\n\n"
             "晋南120万吨大型槽钢和角钢项目开工建设，传统产业转型升级之路不断走实走深。\n\n"
             "晋南集团氢气提纯站、加氢站等项目建成投用，单日加氢量达9吨，目前为全国之最；\n\n"
             "晋南钢铁荣获2022年度临汾市“市长创新奖”一等奖；"
             "通才工贸MIDA微小型无头连铸连轧技术获得提名。\n\n"
             "推动通才年产100万吨能源新材料精品钢管生产线建设项目尽早投产。")
    jn = [m for m in ms if "晋南集团" in forms(m)]
    tc = [m for m in ms if "通才工贸" in forms(m)]
    assert len(jn) == 1 and len(tc) == 1
    assert forms(jn[0]) == {"晋南集团", "晋南钢铁", "晋南"}
    assert forms(tc[0]) == {"通才工贸", "通才"} and tc[0].name == "通才工贸"
    assert len(ms) == 2  # one mention per company, nothing else
    assert jn[0].region == "曲沃县"


def test_outside_partners_have_no_region():
    ms = by_name(run("突出数字化，积极引导县域钢企与上海钢软、中国联通、麦肯锡等国内外知名企业广泛合作，"
                     "不断拓宽5G、大数据、人工智能应用场景。"))
    assert set(ms) == {"上海钢软", "中国联通", "麦肯锡"}
    assert all(m.region is None for m in ms.values())


def test_owner_prefixes_of_project_names():
    ms = by_name(run("重点实施长荣嘉吉全球创新中心四期等育种项目，大象绿农肉鸡养殖基地、"
                     "志宇万头肉牛等养殖项目，实现年出栏生猪80万头。", region="永济市"))
    assert {"大象绿农", "志宇"} <= set(ms)
    ms = by_name(run("提升沁泽三文鱼、顺世生态农业产业园，新建孔必轩肉羊和建禾生态渔业等精品产业园。",
                     region="沁水县"))
    assert set(ms) == {"沁泽", "顺世", "孔必轩", "建禾"}


def test_a_place_fused_to_an_owner_is_not_its_name():
    ms = by_name(run("加快端氏菁菁中药材基地建设，加强连翘、菖蒲、五味子等中药材保护。", region="沁水县"))
    assert set(ms) == {"菁菁"}


def test_company_suffixes():
    ms = by_name(run("田庄粮油公司完成了经营性国有资产统一监管改革，"
                     "县地方国营建筑工程公司等 5 家企业完成了公司制改革。"))
    assert set(ms) == {"田庄粮油公司", "县地方国营建筑工程公司"}
    ms = by_name(run("2022年服务业同比增长8.4%，全市第一，吉泰贸易年销售额达138.8亿元。"))
    assert set(ms) == {"吉泰贸易"}


def test_a_company_named_elsewhere_vouches_for_its_list_mates():
    text = ("不断压减焦化行业落后产能，立恒、闽光分别压减5万吨、18万吨，供需结构得到进一步优化。\n\n"
            "大力发展天然气、电能、风能等清洁能源,立恒公司建成1万立方米储气能力设施。")
    ms = by_name(run(text))
    assert set(ms) == {"立恒公司", "闽光"} and ms["立恒公司"].aliases == ["立恒"]
    # without the other sentence nothing says 立恒 and 闽光 are companies
    assert run(text.split("\n\n")[0]) == []


def test_a_partner_named_alone():
    ms = by_name(run("点燃数字农业引擎。积极与中农卓棉进行对接，力争将投资1.6亿元的横水西灌底樱桃智慧设施"
                     "高效农业项目打造成为我县数字农业示范试点。", region="绛县"))
    assert set(ms) == {"中农卓棉"}


def test_mines_named_in_a_list():
    ms = by_name(run("续建10个煤矿智能化工作面，推进寺河、永红等煤矿技术改造。", region="沁水县"))
    assert set(ms) == {"寺河煤矿", "永红煤矿"}
    assert ms["寺河煤矿"].aliases == ["寺河"]


@pytest.mark.parametrize("text", [
    "生铁、粗钢产量分别比去年同期增长8.5%、9.2%，水泥、焦炭产量分别比去年同期下降10.4%、5.3%。",
    "东城小学、北关小学等6个建设项目进展顺利，进一步夯实了教育复兴的基础。",
    "实施一批生猪、肉牛、黑山羊、蜜蜂等重点养殖项目，促进养殖业多元发展。",
    "不断加强非煤矿山、道路、危化品、人员密集场所、防汛、消防等重点行业区域安全监管。",
    "加快医疗集团信息化建设，推进中医药传承创新发展。",
    "聚焦“转型提质”，全力打造现代农业四大板块，推动农业实现全链条增值，夯实农业底盘。",
    "积极推进碧桂园、翡翠华庭、裕兴苑、晋润小区、津致嘉园、幸福家园、福德缘、诺邦名邸等项目建设。",
])
def test_not_enterprises(text):
    assert run(text, region="永济市") == []


def test_evidence_is_the_whole_sentence():
    s = "中恒新能源34.2MW分布式光伏发电项目竣工投用，300MW光伏“新能源+储能”项目首批130MW并网发电。"
    ms = run(s)
    assert [m.name for m in ms] == ["中恒新能源"]
    assert ms[0].evidence.text == s


@pytest.mark.parametrize("text", ["", "。。。", "、、等企业", "a" * 5000, "公司" * 300, "等" * 100 + "项目"])
def test_odd_text_never_raises(text):
    assert isinstance(run(text), list)


# ------------------------------------------------------------ sentences of the dev reports

def all_forms(ms):
    return set().union(*(forms(m) for m in ms)) if ms else set()


def test_a_coined_owner_opens_a_project_in_a_list_closed_by_projects():
    # d02 顺平 2023: 千喜鹤 is known only as the opening of 千喜鹤中央厨房
    ms = run("千喜鹤中央厨房、富硒山泉水等一批项目成功签约，总投资22.6亿元。", region="顺平县")
    assert [m.name for m in ms] == ["千喜鹤"]
    # d07 大庆 2016: three owners, one a well-known outside company
    ms = run("重点推进福瑞邦靶向药物产业化、伊利奶粉价值链升级等项目，新建续建超千万元产业项目181个。",
             region="大庆市")
    assert {"福瑞邦", "伊利"} <= all_forms(ms)
    # d01 阜平 2022 (光伏制造基地 names a product, not an owner)
    ms = run("加快推进光伏制造基地、福润烘焙、河北阜通装配式建材等重点项目建设。", region="阜平县")
    assert {m.name for m in ms} == {"福润", "河北阜通"}


def test_a_project_list_of_sites_and_routes_names_no_owner():
    # corpus sentences (株洲 2020, 汕头 2014): roads, rail and piers named after places
    assert run("推进长株新城、渝长厦支线、长株磁浮、长沙地铁3号线南延株洲等项目前期。", region="株洲市") == []
    assert run("重点推进南澳滨海旅游产业园区、潮人码头、海门渔乡风情小镇等项目规划建设。",
               region="汕头市") == []


def test_an_outside_company_opening_a_project():
    # d08 贵州 2022 and d07 大庆 2016
    ms = run("中石化50万吨PGA等一批重大产业项目落地实施。", region="贵州省")
    assert [m.name for m in ms] == ["中石化"] and ms[0].region is None
    ms = run("引入华为东北数据云中心，建设大数据产业基地。", region="大庆市")
    assert [m.name for m in ms] == ["华为"]


def test_items_of_a_list_the_text_calls_companies():
    # d09 顺平 2024: 顺安远大 reads as everyday words, its list mates vouch for it
    ms = run("鼓励长城精工、隆达铝业、顺安远大等龙头企业“数字化”升级。", region="顺平县")
    assert {m.name for m in ms} == {"长城精工", "隆达铝业", "顺安远大"}
    # d10 米易 2023: 元宝山 is a district far away; in a list of firms its 矿业 is a firm
    ms = run("帮助元宝山矿业、立宇矿业等停产企业盘活复产。", region="米易县")
    assert {m.name for m in ms} == {"元宝山矿业", "立宇矿业"}
    # seed 002: the whole item is the name, its owner part an alias
    ms = by_name(run("加快数字转型，重点培育以龙纤特种纤维、聚能科技锂电池为代表的新材料集群。",
                     region="绛县"))
    assert ms["龙纤特种纤维"].aliases == ["龙纤"]
    # d08 贵州 2022: 央企 says what the items are
    ms = run("推动与中航工业、中国航发、航天科工、中国电子等军工央企战略合作。", region="贵州省")
    assert {m.name for m in ms} == {"中航工业", "中国航发", "航天科工", "中国电子"}


def test_a_list_joined_to_another_thing_is_not_a_list_of_companies():
    # d07 大庆 2016: the items are farm products; 企业 belongs to the next phrase
    assert run("突出草原乳肉、黑土杂粮、两江水稻、寒地果蔬等优势产业链生成和企业引建。",
               region="大庆市") == []


def test_the_owner_before_a_site_in_brackets():
    # d08 贵州 2022
    ms = run("恒力（贵阳）产业园、宁德时代贵州新能源电池及产业链项目、奇瑞（贵州）产业基地等一批重大"
             "产业项目落地实施。", region="贵州省")
    assert {"恒力", "奇瑞", "宁德时代"} <= {m.name for m in ms}
    assert all(m.region is None for m in ms)
    # corpus (柳州 2021, 三明 2021): partnerships of regions are no owners
    assert run("推进中德（柳州）产业园、京闽（三明）科技合作项目建设。", region="柳州市") == []


@pytest.mark.parametrize("text,region", [
    ("加快构建现代养殖体系，建设无抗富硒蛋鸡生产基地。", "阜平县"),                      # d01
    ("县医疗卫生集团挂牌成立，康复医疗中心加快建设，慢病管理中心逐步启用。", "顺平县"),    # d02
    ("启动实施“百企技改、百企转型”三年行动。", "高唐县"),                                 # d03
    ("新增环卫机械车辆42辆。", "高唐县"),                                                 # d03
    ("加快建设健康生物科技园、智能装备产业园、温州气动装备产业园等重点园区。", "高唐县"),  # d03
    ("引进中科院长春分院、哈工大新能源和化工等创新平台。", "大庆市"),                     # d07
    ("指导县区明晰产业定位，宜农牧强农牧、宜加工强加工、宜旅游强旅游。", "大庆市"),       # d07
    ("实施煤电扩能增容提质行动，推进大中型煤矿建设，煤炭产量达到1.45亿吨。", "贵州省"),   # d08
    ("加快推动钒氮合金、新能源储能材料、五星级酒店等重大项目招引落地。", "米易县"),       # d10
])
def test_not_enterprises_in_dev_sentences(text, region):
    assert run(text, region=region) == []


def test_a_university_in_a_list_of_partners_is_not_a_company():
    # d02 顺平 2023: 河北农大 is 河北农业大学
    ms = run("深化与中国农垦、河北农大等企业院校合作，引进教授、博士35人。", region="顺平县")
    assert [m.name for m in ms] == ["中国农垦"]


def test_an_investment_before_the_owner():
    # d05 清苑 2013 and d09 顺平 2024
    ms = run("投资20亿元的百威英博集团啤酒生产项目正式签约。", region="清苑县")
    assert [m.name for m in ms] == ["百威英博集团"]
    ms = run("加快推动投资25亿元的大唐350兆瓦光伏发电、投资60.7亿元的神南抽水蓄能电站等项目审批落地。",
             region="顺平县")
    assert [m.name for m in ms] == ["大唐"] and ms[0].region is None


@pytest.mark.parametrize("text,region", [
    ("绥阳县金银花产业园获评国家农村产业融合发展示范园。", "遵义市"),                     # d06
    ("推进国家物流枢纽承载城市建设，加快黔北物流新城公铁水多式联运项目建设。", "遵义市"),   # d06
    ("开工建设观音水库等25座骨干水源工程，夹岩大型水利枢纽工程下闸蓄水。", "贵州省"),     # d08
    ("年内完成工业台地标准化厂房、装配园市政配套、阜东110千伏电站等项目建设。", "阜平县"),  # d01
    ("大庆原油减产，以石油为主体的工业经济难以大幅跃升。", "大庆市"),                      # d07
])
def test_sites_and_sectors_named_like_owners(text, region):
    assert run(text, region=region) == []


def test_a_county_name_is_a_trade_name_before_an_industry_word():
    # d07 大庆 2016: 兴和 is also a county of Inner Mongolia; and 和 opens the name
    ms = run("确保深层水平气井钻完井配套装置、兴和生物科技二期、福瑞邦脂微球载体制剂等项目投产达效。",
             region="大庆市")
    assert "兴和生物科技" in {m.name for m in ms}


def test_a_legal_name_after_a_preposition_or_a_verb():
    # d07 大庆 2016
    assert [m.name for m in run("在大庆油田公司支持下，60家地方装备企业进入油田采购网。",
                                region="大庆市")] == ["大庆油田公司"]
    assert {m.name for m in run("市属国资国企改革破题，批准了市供热集团和市水务集团整合方案。",
                                region="大庆市")} == {"市供热集团", "市水务集团"}


def test_trade_words_of_one_industry_end_a_firm_name():
    # corpus (江门 2022, 济宁 2021): X电路, X纸业 name firms; 集成电路 does not
    ms = run("技改投资增长17.8%，推动富华重工、亚太森博、世运电路、崇达电路等企业技术改造。",
             region="江门市")
    assert {"世运电路", "崇达电路"} <= {m.name for m in ms}
    assert run("大力发展集成电路、新型显示等产业。", region="江门市") == []


def test_a_list_closed_by_firms_while_the_clause_goes_on():
    # corpus (珠海 2022)
    ms = run("发挥格力电器、健帆生物、冠宇电池、纳思达、全志科技等企业在质量、自主创新方面的示范引领作用。",
             region="珠海市")
    assert {"格力电器", "健帆生物", "冠宇电池", "纳思达", "全志科技"} == {m.name for m in ms}
    # seed 001: the items are fields of action, not firms
    assert run("从加快环保深度治理、严格污染物排放、推动资源综合利用等多个方面倒逼企业循环发展、绿色转型。",
               region="曲沃县") == []


# ------------------------------------------------------------ owners of project names (round 3)

def test_an_industry_word_inside_a_product_word_ends_no_firm_name():
    # dev2 益阳 2025: 电路 is part of 电路板, the owner is 易迅达
    ms = run("金汇智能物流园、易迅达电路板、新兴管件二期、顺祥小龙虾等182个产业项目建成投产。",
             region="益阳市")
    assert {"易迅达", "顺祥"} <= all_forms(ms)
    assert not any(m.name.startswith("易迅达电路") and "易迅达" not in forms(m) for m in ms)
    # corpus (安顺 2021, 佳木斯 2014): 物流园 is a park, 机械化 a level of work, not X物流, X机械
    assert run("大力发展现代物流业，推动黔中物流园发展，建设安顺江楠智慧物流园。", region="安顺市") == []
    assert run("主要街路机械化清扫率超过80%，清雪机械化程度在全省率先达到80%。", region="佳木斯市") == []


def test_the_trade_name_before_a_product_and_an_industry_word():
    # dev2 益阳 2025: 多层陶瓷电容器 is the product; 袁小饺 may be written with 食品 or without
    ms = run("突出抓好信维多层陶瓷电容器、明正宏智能制造二期、袁小饺食品总部基地十大产业项目。",
             region="益阳市")
    assert {"信维", "明正宏", "袁小饺"} <= all_forms(ms)
    assert "信维多层陶瓷" not in all_forms(ms)
    # dev2 龙岩 2023
    ms = by_name(run("重点抓好新龙马新能源乘用车、福建龙钢等项目。", region="龙岩市"))
    assert forms(ms["新龙马新能源"]) == {"新龙马新能源", "新龙马"}


def test_owners_of_counted_and_single_project_items():
    # dev2 榆林 2020: 等12个前期项目 counts the list; a rare product (环己酮) ends the name
    ms = run("确保中煤煤炭深加工、河北旭成环己酮等12个前期项目全部开工。", region="榆林市")
    assert {"中煤", "河北旭成"} <= {m.name for m in ms}
    # dev2 龙岩 2023 and dev 米易 2023: one item closed by 等项目
    assert [m.name for m in run("推进嘉航稀土永磁专用电机等项目建设。", region="龙岩市")] == ["嘉航"]
    assert [m.name for m in run("推动长隆钛白废酸综合利用等5个重点项目开工建设。",
                                region="米易县")] == ["长隆"]
    # dev2 龙岩 2023: 三元 is chemistry, not a count
    assert "常青" in {m.name for m in run("突出抓好常青三元前驱体二期、龙德新材料等项目。", region="龙岩市")}


@pytest.mark.parametrize("text,region", [
    ("西昭、西香等6个在建高速公路项目加快推进。", "凉山彝族自治州"),           # corpus 凉山 2025
    ("推进六威昭高铁和纳赫、纳六晴、贵金古高速等项目建设。", "毕节市"),        # corpus 毕节 2022
    ("加快醴娄、茶常、金醴扩容、京港澳高速扩容等项目建设。", "株洲市"),        # corpus 株洲 2023
    ("大力实施工业项目攻坚三年行动计划，聚力推动80个工业重大项目。", "自贡市"),  # corpus 自贡 2020
])
def test_project_lists_of_routes_sites_and_verbs_name_no_owner(text, region):
    assert run(text, region=region) == []


def test_a_lead_verb_with_le_and_a_subject_closing_a_list():
    # dev2 鄂州 2014: 引进了 opens the list
    ms = run("成功引进了亚马逊、普洛斯、唯品会、苏宁易购等国内外知名电商企业。", region="鄂州市")
    assert {"亚马逊", "普洛斯", "唯品会", "苏宁易购"} == {m.name for m in ms}
    # dev2 龙岩 2023: the last item goes on with the clause's verb
    ms = run("龙净环保、福龙马入选国家工业互联网应用试点示范。", region="龙岩市")
    assert {m.name for m in ms} == {"龙净环保", "福龙马"}
    # corpus (徐州 2016): sectors, not firms, though the last item goes on the same way
    assert "建材业" not in all_forms(run("促进工程机械、煤盐化工、冶金、建材业迈向产业链高端。",
                                         region="徐州市"))


def test_an_outside_company_with_its_industry_word_and_a_headquarters():
    # dev2 榆林 2020: 京东物流 is 京东's arm, a form of its name
    ms = run("推进象道国际二期、京东物流仓储中心等项目建设。", region="榆林市")
    assert {"象道国际", "京东", "京东物流"} <= all_forms(ms)
    # corpus (株洲 2025): X总部 is a firm's building, never the firm's name
    assert "后浪总部" not in all_forms(run("光启905基地、后浪总部等280个项目开工建设。", region="株洲市"))


def test_lists_of_public_works_name_no_owner_but_a_firm_holding_a_works_word_does():
    # dev2 鄂州 2014: works named after places, in a list closed by 等重点工程
    assert run("火车站广场、寒溪生态广场、鄂州大道南互通、江碧路改造等重点工程顺利实施。",
               region="鄂州市") == []
    # corpus (大理 2022): 特变电工 holds 变电 but ends in no public work
    ms = run("推进贝特瑞负极材料、建鸿达单晶硅棒、保利协鑫、特变电工等项目开工建设。", region="大理白族自治州")
    assert "贝特瑞" in all_forms(ms)


@pytest.mark.parametrize("text,region", [
    ("实施刘公岛、九龙湾等12个海洋整治修复项目，完成7条河道综合治理。", "威海市"),       # corpus 威海 2014
    ("衡阳花鼓戏、祁剧等五个国家级非遗项目获国家资金支持。", "衡阳市"),                  # corpus 衡阳 2023
    ("投入40亿元，推进起步区第一期土地、房屋征收工作。", "河源市"),                      # corpus 河源 2014
])
def test_heritage_and_restoration_lists_and_orders_name_no_owner(text, region):
    assert run(text, region=region) == []


def test_a_longer_industry_word_still_ends_a_firm_name():
    # corpus (营口 2021, 平凉 2016): 石油化工 and 矿山机械 are industry words; 生物质 is no 生物
    assert [m.name for m in run("特茂石油化工成为上海期货交易所石油沥青期货指定交割仓库。",
                                region="营口市")] == ["特茂石油化工"]
    ms = run("建成兰煤矿山机械再制造基地、庆华陶瓷、鑫盛建材二期。", region="平凉市")
    assert {"兰煤矿山机械", "庆华陶瓷", "鑫盛建材"} <= {m.name for m in ms}
    assert "氰衍生物" not in all_forms(run("扶持非晶软磁、氰衍生物等产业化实体研究院建设。", region="安庆市"))


def test_a_partner_written_as_firms_in_general_is_no_firm():
    # dev2 益阳 2025
    assert run("深化“东接东融”战略，鼓励企业与长株潭企业合作对接，引进产业链上下游企业入驻我市。",
               region="益阳市") == []


def test_a_list_of_projects_of_any_kind_opens_with_owners_when_one_is_sure():
    # corpus (包头 2021): 弘元新材料 is a sure company, so 天和 opens its item
    ms = run("弘元新材料二期、天和磁材深加工等一批产业转型升级项目正式投产。", region="包头市")
    assert {"弘元新材料", "天和磁材"} <= all_forms(ms)
    # without the sure company the same list names no owner
    assert run("天和磁材深加工等一批产业转型升级项目正式投产。", region="包头市") == []


def test_a_well_known_company_opening_an_item_anywhere():
    # dev2 益阳 2025: no project or partner word, the company still opens its item
    assert {"华为", "比亚迪"} <= all_forms(run("助推企业融入央企供应链，新增华为、比亚迪生态圈企业5家。",
                                            region="益阳市"))
    # corpus (聊城 2014): and vouches for its list mates
    ms = run("抓好中通客车、高唐时风、莘县巨龙等新能源汽车的发展。", region="聊城市")
    assert {"高唐时风", "莘县巨龙"} <= all_forms(ms)


def test_a_well_known_company_before_an_ordinary_word_and_an_industry_word():
    # dev2 榆林 2020: 顺丰 opens 顺丰支线物流, which names no firm; 实现 opens the clause
    assert [m.name for m in run("建成靖边无人机试验测试基地，实现顺丰支线物流无人机试飞。",
                                region="榆林市")] == ["顺丰"]
    # seed 004: an arm named by a place is a firm of its own
    ms = run("支持中车永济电机拓展城轨电机、风电电机等市场，带动下游配套企业上规模。", region="永济市")
    assert "中车永济电机" in {m.name for m in ms} and "中车" not in {m.name for m in ms}


def test_a_company_the_text_sets_up():
    # dev 高唐 2023, dev 米易 2023, corpus (上饶 2016, 滨州 2023): a firm founded is one firm,
    # though its words are a sector's
    assert [m.name for m in run("成立文旅集团，文旅融合市场化取得新突破。", region="高唐县")] == ["文旅集团"]
    assert [m.name for m in run("创新组建乡村建设发展公司，带动村集体经济平均增收1万元以上。",
                                region="米易县")] == ["乡村建设发展公司"]
    assert [m.name for m in run("强力推进投融资平台改革，成功组建上饶投资控股集团，融资额达146.4亿元。",
                                region="上饶市")] == ["上饶投资控股集团"]
    # not one firm: only explored, firms of a kind counted, firms each setting up their own,
    # schools and hospitals
    for text in ("探索组建文化集团，建设文化创意产业园区。",
                 "成立国有劳务公司和零工驿站21个。",
                 "支持重点企业成立贸易供应链公司。",
                 "组建教育集团，组建城市医疗集团。"):
        assert run(text, region="南平市") == [], text


def test_the_holder_of_an_honour_only_firms_get():
    # dev2 龙岩 2023, corpus (三明 2025, 衡水 2023): the honour names its holder a company
    # and a listing on a stock market names a company, a coined name beside an everyday word
    assert {m.name for m in run("金龙稀土获评国家技术创新示范企业，侨龙应急创业板IPO成功过会。",
                                region="龙岩市")} == {"金龙稀土", "侨龙应急"}
    assert [m.name for m in run("迎驾贡酒在上交所成功上市。", region="六安市")] == ["迎驾贡酒"]
    assert run("力争企业主板上市，新增新三板挂牌企业3家。", region="六安市") == []
    assert [m.name for m in run("海斯福获评国家级制造业单项冠军。", region="三明市")] == ["海斯福"]
    assert {"奥冠电源", "金音乐器"} <= all_forms(run("奥冠电源、金音乐器入选国家文化出口重点企业。",
                                                  region="衡水市"))
    # a place given an honour, or an honour not of firms, names none
    assert run("兴城获评省级工业单项冠军。", region="葫芦岛市") == []
    assert run("银河产业城被认定为国家中小企业公共服务示范平台。", region="衡水市") == []


def test_the_power_plant_of_a_county_or_city():
    # dev2 益阳 2025, dev2 鄂州 2014, corpus (淮南 2023): named after its place, a firm
    assert "益阳电厂" in all_forms(run("益阳电厂三期建成全球最高冷却塔，5号机组并网发电。", region="益阳市"))
    assert "潘集电厂" in all_forms(run("潘集电厂一期竣工投产。", region="淮南市"))
    # a plant named after no county or city is left alone (垃圾焚烧发电厂, 自备电厂)
    assert run("建成生活垃圾焚烧发电厂项目。", region="龙岩市") == []


def test_more_well_known_companies():
    # corpus (辽阳 2014, 沧州 2021): a well-known company in a list; its arm with an industry
    # word before a site in brackets stays a firm of its own
    assert {"大润发", "沃尔玛"} <= all_forms(run("大润发、沃尔玛等商贸综合体投入运营。", region="辽阳市"))
    ms = run("北汽新能源（黄骅）产业基地实现量产。", region="沧州市")
    assert [m.name for m in ms] == ["北汽新能源"]


def test_a_sector_named_firm_beside_sure_firms():
    # dev2 榆林 2020, corpus (丹东 2023): a whole item with a legal form, in a list with sure
    # firms, is a firm though its words are a sector's
    assert {"城投集团", "矿业集团", "能投公司"} <= all_forms(
        run("加快推进城投集团、矿业集团、能投公司整合重组。", region="榆林市"))
    assert "农业集团" in all_forms(run("推动城建文旅集团、交通集团、农业集团、水务集团等国企做大做强。",
                                     region="丹东市"))
    # alone, the same words are a sector's firms in general
    assert run("推动矿业集团做大做强。", region="榆林市") == []


def test_cloud_arms_of_well_known_companies():
    # dev 贵州 2022, corpus (德州 2021): the cloud firm; but 华为云计算 is 华为's cloud computing
    assert "华为云" in all_forms(run("华为云全球总部落地贵州。", region="贵州省"))
    assert "华为云" not in all_forms(run("华为云计算数据中心建成运营。", region="乌兰察布市"))


@pytest.mark.parametrize("text", [
    # corpus (七台河 2022, 2023), dev2 龙岩 2023: a list the text calls sectors or industries
    "聚焦煤矿、危化、消防、交通运输、建筑施工、非煤工贸等重点行业领域，深入开展排查整治。",
    "切实加强煤矿、危化、燃气、交通、消防、森防和食品药品等重点领域安全监管。",
    "新材料产业重点发展锂电新材料、稀土新材料、含氟新材料、半导体材料等产业链。",
])
def test_a_list_of_sectors_names_no_firm(text):
    assert run(text, region="七台河市") == []


def test_a_list_of_firms_the_text_calls_leaders_of_a_sector():
    # corpus (濮阳 2022): 等行业龙头企业 still names firms
    assert {"齐成控股", "东华科技", "红宝丽"} <= all_forms(
        run("积极与齐成控股、卫星化学、东华科技、红宝丽等行业龙头企业对接。", region="濮阳市"))
