"""The indicators extractor on real sentences of the seed reports (and a few corpus ones)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import indicators
from kg.extract.indicators.vocab import vocabulary
from kg.extract.model import ReportFacts, ReportMeta
from kg.text.document import document_from_text

# A small report in the layout of the seeds: review part, then plan part.
REPORT = """关于曲沃县2022年国民经济和社会发展规划执行情况与2023年国民经济和社会发展规划草案的报告

各位代表：

一、2022年国民经济和社会发展规划执行情况

{review}

二、2023年国民经济和社会发展总体安排及主要任务

{plan}
"""


def observe_all(review: str = "", plan: str = "", region="曲沃县", review_year=2022, plan_year=2023):
    doc = document_from_text(REPORT.format(review=review, plan=plan), Path("t.txt"))
    facts = ReportFacts(key="t", source_name="t.txt", source_path="t.txt", content_hash="", characters=0,
                        meta=ReportMeta(region=region, review_year=review_year, plan_year=plan_year))
    return indicators.extract(doc, facts)


def observe(review: str = "", plan: str = "", **kw):
    """The report's own observations by (indicator, kind, year)."""
    return {(o.indicator, o.kind, o.year): o for o in observe_all(review, plan, **kw) if o.region == "曲沃县"}


def test_vocabulary_reads_synonyms_from_the_concept_scheme():
    v = vocabulary()
    assert v.concepts["gdp"].label == "地区生产总值"
    assert v.concept_of("规上工业增加值").key == "industrial_value_added"
    assert v.concept_of("农村常住居民人均可支配收入").label == "农村居民人均可支配收入"
    assert v.concepts["gdp"].base_unit == "元" and v.concepts["air_quality_index"].base_unit is None
    assert len({c.label for c in v.concepts.values()}) == len(v.concepts) == 22


def test_actual_with_rank_growth_and_distributive_sectors():
    obs = observe("地区生产总值完成181.5亿元，绝对额居全市第四，同比增长5.8%，其中，一产、二产、三产分别增长为4.7%、4.9%、8.4%；"
                  "规上工业增加值首次跨越百亿元，达到111.8亿元，同比增长8.6%；")
    gdp = obs[("地区生产总值", "actual", 2022)]
    assert (gdp.value, gdp.unit, gdp.growth, gdp.rank) == ("181.5", "亿元", 5.8, "绝对额居全市第四")
    assert gdp.value_in_base_unit == 18150000000 and gdp.base_unit == "元" and gdp.indicator_key == "gdp"
    assert [obs[(n, "actual", 2022)].growth for n in ("第一产业增加值", "第二产业增加值", "第三产业增加值")] == [4.7, 4.9, 8.4]
    assert obs[("第三产业增加值", "actual", 2022)].value is None
    ind = obs[("规模以上工业增加值", "actual", 2022)]
    assert (ind.value, ind.growth) == ("111.8", 8.6)  # not "百亿元"
    assert gdp.evidence.text.startswith("地区生产总值完成181.5亿元")


def test_restatement_adds_only_its_rank():
    obs = observe("一产、二产、三产分别增长为4.7%、4.9%、8.4%；2022年服务业同比增长8.4%，全市第一，吉泰贸易年销售额达138.8亿元。")
    tertiary = [o for o in obs.values() if o.indicator == "第三产业增加值"]
    assert len(tertiary) == 1 and tertiary[0].growth == 8.4 and tertiary[0].rank == "全市第一"


def test_urban_and_rural_income_split():
    obs = observe("城乡居民可支配收入分别完成33524元、13622元，同比增长6.4%、6.7%。")
    urban, rural = obs[("城镇居民人均可支配收入", "actual", 2022)], obs[("农村居民人均可支配收入", "actual", 2022)]
    assert (urban.value, urban.growth, rural.value, rural.growth) == ("33524", 6.4, "13622", 6.7)


def test_decline_improvement_and_unitless_index():
    obs = observe("固定资产投资完成47.83亿元，同比下降9.3%，绝对值全市排名第二；"
                  "全年大气环境综合指数5.74，同比改善11.8%，优良天数248天，占比67.8%，同比增加49天，重污染天数同比减少12天。")
    assert obs[("固定资产投资", "actual", 2022)].growth == -9.3
    aqi = obs[("空气质量综合指数", "actual", 2022)]
    assert (aqi.value, aqi.unit, aqi.growth) == ("5.74", None, -11.8)  # lower is better
    days = obs[("空气质量优良天数", "actual", 2022)]
    assert (days.value, days.unit, days.growth) == ("248", "天", None)  # 占比 is a share, +49天 a change


def test_traps_share_subperiod_per_capita_and_points():
    obs = observe("产业投资完成85.2亿元，占固投比重83%，全市第一。前三季度地区生产总值增长8.03%；"
                  "人均地区生产总值突破7万元大关；高考达线率同比提高2.05个百分点。")
    assert [o.indicator for o in obs.values() if o.in_vocabulary] == []
    other = obs[("产业投资", "actual", 2022)]  # kept under its own name, outside the vocabulary
    assert (other.in_vocabulary, other.value, other.growth, other.indicator_key) == (False, "85.2", None, None)


def test_region_rank_only_and_other_names_for_targets():
    obs = observe("我县空气质量全市排名第四，优良天数277天，同比增加3天。",
                  "主要预期目标是：地区生产总值增长7%左右，规上工业增加值增长10%以上，一般公共预算收入增长6%，"
                  "居民消费价格指数涨幅控制在3%左右。"
                  "确保一产固定资产投资完成4.6亿元，粮食面积稳定在50万亩以上。"
                  "城镇居民人均可支配收入与经济增长基本同步；农村居民人均可支配收入高于经济增长水平。")
    aqi = obs[("空气质量综合指数", "actual", 2022)]
    assert (aqi.value, aqi.growth, aqi.rank) == (None, None, "全市排名第四")
    gdp = obs[("地区生产总值", "target", 2023)]
    assert (gdp.value, gdp.growth, gdp.qualifier) == (None, 7.0, "左右")
    assert obs[("规模以上工业增加值", "target", 2023)].qualifier == "以上"
    assert ("固定资产投资", "target", 2023) not in obs  # 一产固定资产投资 is another indicator
    area = obs[("粮食播种面积", "target", 2023)]
    assert (area.value, area.unit, area.value_in_base_unit, area.qualifier) == ("50", "万亩", 500000, "以上")
    urban = obs[("城镇居民人均可支配收入", "target", 2023)]
    assert (urban.growth, urban.text) == (None, "与经济增长基本同步")
    assert obs[("农村居民人均可支配收入", "target", 2023)].text == "高于经济增长水平"


def test_siblings_by_unit_and_by_head_word():
    obs = observe(plan="全市粮食产量持续稳定在100万亩、4亿公斤以上。粮食播种面积保持在34万亩以上，产量稳定在13万吨左右。")
    assert obs[("粮食播种面积", "target", 2023)].value == "100"
    assert obs[("粮食总产量", "target", 2023)].value == "4"


def test_named_lists_with_respectively_and_all():
    obs = observe("2022年全年地区生产总值、全社会固定资产投资、社会消费品零售总额分别增长8.7%、11.7%、18.7%，"
                  "一般公共预算收入增长12.6%。全市财政总收入、规上工业增加值均增长6.6%。")
    assert [obs[(n, "actual", 2022)].growth for n in ("地区生产总值", "固定资产投资", "社会消费品零售总额", "一般公共预算收入",
                                                      "财政总收入", "规模以上工业增加值")] == [8.7, 11.7, 18.7, 12.6, 6.6, 6.6]


def test_lists_share_their_head_word_and_bounds_qualify_targets():
    obs = observe(plan="主要预期目标是：农业、规模以上工业、服务业增加值分别增长7%左右、11%左右和10.5%左右；"
                       "城镇常住居民人均可支配收入增速超过9.0%。")
    ind, tertiary = obs[("规模以上工业增加值", "target", 2023)], obs[("第三产业增加值", "target", 2023)]
    assert (ind.growth, tertiary.growth, tertiary.qualifier) == (11.0, 10.5, "左右")
    urban = obs[("城镇居民人均可支配收入", "target", 2023)]
    assert (urban.growth, urban.qualifier) == (9.0, "超过")


def test_range_target_reads_the_lower_bound():
    obs = observe(plan="今年的主要预期目标：地区生产总值增长7.5%—8%，固定资产投资增长11%。")
    gdp = obs[("地区生产总值", "target", 2023)]
    assert (gdp.growth, gdp.qualifier, gdp.text) == (7.5, "区间", "7.5%—8%")


def test_five_year_goals_are_targets_of_the_end_year():
    # 六安 2022: the plan year and four more; the 年均 rate is the goal's growth
    obs = observe(plan="今后五年的主要预期目标是：生产总值年均增长7.5%左右，达到3200亿元。")
    gdp = obs.pop(("地区生产总值", "target", 2027))
    assert (gdp.value, gdp.growth, obs) == ("3200", 7.5, {})
    # 遵义 2021: the horizon named before the statement, a level at its end, 年均分别 split
    obs = observe(plan="“十四五”时期的主要预期目标是：地区生产总值年均增长8%以上，到2025年达到5500亿元左右，"
                       "占全省比重提高到22%;规模以上工业增加值年均增长10%;城乡居民人均可支配收入年均分别增长8%和9%。"
                       "主要预期目标是：地区生产总值增长9%左右。", plan_year=2021, review_year=2020)
    gdp = obs[("地区生产总值", "target", 2025)]
    assert (gdp.value, gdp.growth) == ("5500", 8.0)
    assert obs[("规模以上工业增加值", "target", 2025)].growth == 10.0
    assert [obs[(n, "target", 2025)].growth for n in ("城镇居民人均可支配收入", "农村居民人均可支配收入")] == [8.0, 9.0]
    assert obs[("地区生产总值", "target", 2021)].growth == 9.0
    # 年均 with no horizon the sentence or its section names: no year to give it
    assert observe(plan="固定资产投资年均增长10%。") == {}


def test_a_section_on_the_five_year_goals_holds_targets_of_its_end_year():
    text = REPORT.replace("二、2023年国民经济和社会发展总体安排及主要任务\n\n{plan}",
                          "二、二〇三五年远景目标和“十四五”时期主要目标任务\n\n{goals}\n\n三、全力做好2023年工作\n\n{plan}")
    doc = document_from_text(text.format(review="", goals="抓好职业技能培训，实现城镇新增就业46万人，转移农业富余劳动力就业45万人。"
                                         "进出口贸易总额、实际利用外资年均分别增长10%以上。",
                                         plan="城镇新增就业9.2万人。"), Path("t.txt"))
    facts = ReportFacts(key="t", source_name="t.txt", source_path="t.txt", content_hash="", characters=0,
                        meta=ReportMeta(region="曲沃县", review_year=2022, plan_year=2023))
    obs = {(o.indicator, o.year): o for o in indicators.extract(doc, facts)}
    assert (obs[("城镇新增就业", 2025)].value, obs[("城镇新增就业", 2023)].value) == ("46", "9.2")
    assert obs[("进出口总额", 2025)].growth == 10.0 and obs[("进出口总额", 2025)].kind == "target"


def test_an_unnumbered_section_on_the_next_five_years_holds_its_end_years_targets():
    # 酒泉 2022 (corpus): bold headings with no "一、"; the counties' goals stand in the section
    text = ("——2021年12月13日在酒泉市第五届人民代表大会第一次会议上\n\n各位代表：\n\n**本届政府工作回顾**\n\n"
            "五年来，全市地区生产总值年均增长6.1%。\n\n**今后五年的目标任务**\n\n"
            "（二）促城乡面貌发生更大变化。大力发展县域经济，加速构建主体功能突出、主导产业鲜明的县域发展格局，"
            "肃州、玉门地区生产总值达到300亿元以上，瓜州达到200亿元以上。\n\n**2022年工作任务**\n\n"
            "奋斗目标是：地区生产总值增长8%以上。\n")
    doc = document_from_text(text, Path("t.md"))
    facts = ReportFacts(key="t", source_name="t.md", source_path="t.md", content_hash="", characters=0,
                        meta=ReportMeta(region="酒泉市", review_year=2021, plan_year=2022))
    obs = {(o.region, o.year): (o.kind, o.value, o.growth) for o in indicators.extract(doc, facts)}
    assert obs[("肃州", 2026)] == obs[("玉门", 2026)] == ("target", "300", None)
    assert obs[("瓜州", 2026)] == ("target", "200", None)
    assert obs[("酒泉市", 2022)] == ("target", None, 8.0)
    assert ("肃州", 2022) not in obs


def test_five_year_figures_are_not_annual():
    obs = observe("五年来，地区生产总值年均增长5.8%，达到306亿元。")
    gdp = obs[("地区生产总值", "actual", 2022)]
    assert (gdp.value, gdp.growth) == ("306", None)


def test_quantities_outside_the_vocabulary_keep_clean_names():
    obs = observe("生铁、粗钢产量分别比去年同期增长8.5%、9.2%。煤层气产量达到42.85亿方，占全市84%，全省第一。"
                  "焦炭产量349.48万吨，同比增长69.3％；精心谋划并筛选出总投资达186.94亿元的52个重点项目。"
                  "全市所有行政村集体经济收入达10万元以上。")
    other = {k[0]: o for k, o in obs.items() if not o.in_vocabulary}
    assert sorted(other) == ["焦炭产量", "煤层气产量", "生铁产量", "粗钢产量"]
    assert (other["生铁产量"].growth, other["粗钢产量"].growth) == (8.5, 9.2)
    assert (other["煤层气产量"].value, other["煤层气产量"].unit) == ("42.85", "亿方")
    assert (other["焦炭产量"].value, other["焦炭产量"].growth) == ("349.48", 69.3)


def test_years_and_base_years():
    # 那曲 2021 (corpus)
    obs = observe("初步预计，全年GDP增长4.3％，高于2021年4.2个百分点，其中一、二、三产增加值分别增长5.1％、3.2％、4.7％。"
                  "一般公共预算收入由2015年的5.16亿元增加到7.53亿元，增长45.9%；"
                  "2020年财政总收入完成9.64亿元，同比下降8.2%。")
    assert obs[("第一产业增加值", "actual", 2022)].growth == 5.1  # 2021 is the comparison, not the year
    revenue = obs[("一般公共预算收入", "actual", 2022)]
    assert (revenue.value, revenue.growth) == ("7.53", None)  # growth since 2015
    assert obs[("一般公共预算收入", "actual", 2015)].value == "5.16"  # the base year's level is its actual
    assert obs[("财政总收入", "actual", 2020)].growth == -8.2


def test_figures_for_part_of_the_year_give_way_to_the_whole_year():
    obs = observe("地区生产总值一季度下降8.7%（同比，下同），上半年收窄至-4.3%，前三季度扭负为正、增长0.3%，"
                  "全年完成4222亿元，增长1.5%；")
    gdp = obs[("地区生产总值", "actual", 2022)]
    assert (gdp.value, gdp.growth) == ("4222", 1.5)


def test_a_part_of_the_year_named_first_gives_way_to_the_whole_year():
    # 益阳 2025 (dev2): the first nine months' rate and rank give way to the year's estimate;
    # the first eleven months' figures stand where no figure for the year follows
    obs = observe("前三季度，全市地区生产总值增长4.8%，居全省第8位；1—11月，全市规模工业增加值增长7.7%、居全省第8位，"
                  "固定资产投资增长8.4%、居全省第3位。预计全年地区生产总值增长5%（预计数，下同）。")
    gdp = obs[("地区生产总值", "actual", 2022)]
    assert (gdp.growth, gdp.rank) == (5.0, None)
    ind = obs[("规模以上工业增加值", "actual", 2022)]
    assert (ind.growth, ind.rank) == (7.7, "居全省第8位")
    assert obs[("固定资产投资", "actual", 2022)].growth == 8.4
    # 新乡 2023 (corpus): the year's estimate in the same sentence
    assert observe("前三季度，地区生产总值增长5.6%，居全省第1位，预计全年增长5.5%，高于全省2.5个百分点。")[
        ("地区生产总值", "actual", 2022)].growth == 5.5


def test_a_total_over_the_years_of_a_retrospective_is_no_years_figure():
    # 防城港 2021, 聊城 2021 (corpus)
    obs = observe("五年来，我们坚持开放合作。外贸进出口额累计完成2874亿元，年均增长11.7%。"
                  "城镇累计新增就业30万人，全民参保扎实推进。")
    assert ("进出口总额", "actual", 2022) not in obs and ("城镇新增就业", "actual", 2022) not in obs


def test_an_events_signed_amount_is_not_the_years():
    # 黄山 2020 (corpus): one event's signing; 曲沃 2021 (seed 001): the year's total after the events
    assert not observe("成功举办第一届黄山发展大会，聘任包括两院院士在内的17位专家担任发展顾问，签约项目102个，总投资近600亿元。")
    obs = observe("精心组织开展了“春秋驿站”项目签约启动仪式暨交流洽谈会等招商活动，全年共签约招商引资项目15个，"
                  "总投资80.84亿元，开工项目14个。")
    assert obs[("招商引资签约资金", "actual", 2022)].value == "80.84"


def test_a_target_of_positive_growth_is_a_target_in_words():
    # 榆林 2020 (dev2)
    obs = observe(plan="今年经济社会主要预期目标是：地区生产总值增长6％以上，地方财政收入实现正增长，"
                       "全社会固定资产投资增长7％左右。")
    revenue = obs[("一般公共预算收入", "target", 2023)]
    assert (revenue.text, revenue.growth, revenue.value) == ("实现正增长", None, None)


def test_a_figure_about_a_township_is_about_the_township():
    obs = observe_all("北董乡地区生产总值完成12.3亿元，增长6%；全县地区生产总值完成181.5亿元。")
    town = [o for o in obs if o.region == "北董乡"]
    assert len(town) == 1 and town[0].value == "12.3" and town[0].indicator == "地区生产总值"
    own = [o for o in obs if o.region == "曲沃县"]
    assert len(own) == 1 and own[0].value == "181.5"


def test_one_statement_per_key_first_reading_wins():
    obs = observe("全年共签约招商引资项目15个，总投资80.84亿元。签约项目20个，签约总金额20.13亿元。")
    signed = [o for o in obs.values() if o.indicator == "招商引资签约资金"]
    assert len(signed) == 1 and signed[0].value == "80.84"


@pytest.mark.parametrize("text", ["", "。。。", "地区生产总值", "地区生产总值增长%", "分别增长、、",
                                  "城乡居民人均可支配收入分别", "（（（地区生产总值1亿元"])
def test_odd_text_never_raises(text):
    observe(text, text)


def test_seed_evidence_is_verbatim(seeds_dir):
    from kg.text.document import load_document

    doc = load_document(seeds_dir / "002_35ba40385b99d8cc.txt")
    facts = ReportFacts(key=doc.key, source_name=doc.name, source_path="", content_hash="", characters=0,
                        meta=ReportMeta(region="绛县", review_year=2022, plan_year=2023))
    obs = indicators.extract(doc, facts)
    flat = "".join(doc.raw.split())
    assert len(obs) >= 20 and all("".join(o.evidence.text.split()) in flat for o in obs)
    keys = [o.key() for o in obs]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("sentence, name, value, growth", [
    # older and wider names of the vocabulary's statistics (gold/SCHEMA.md), dev and corpus sentences
    ("全社会消费品零售总额完成10.5亿元，增长9.9%。", "社会消费品零售总额", "10.5", 9.9),
    ("完成规模以上固定资产投资75亿元，增长24%。", "固定资产投资", "75", 24.0),
    ("500万元以上固定资产投资增长3.3%。", "固定资产投资", None, 3.3),
    ("农村人均可支配收入达到18740元，同比增长6.3%。", "农村居民人均可支配收入", "18740", 6.3),
    ("农民人均纯收入8291元，增长12.8%。", "农村居民人均可支配收入", "8291", 12.8),
    ("空气质量综合污染指数同比改善4.9%。", "空气质量综合指数", None, -4.9),
    ("新增就业4974人。", "城镇新增就业", "4974", None),
    ("全市煤炭产量达到2341万吨、增长8%。", "原煤产量", "2341", 8.0),
    ("粮食作物播种面积稳定在583万亩。", "粮食播种面积", "583", None),
    ("地方公共财政收入30.46亿元，增长13.5%。", "一般公共预算收入", "30.46", 13.5),
    # 榆林 2020 (dev2), 漳州 2020, 清远 2015, 莆田 2021 (corpus)
    ("完成地方财政收入405.6亿元、增长4.1％；", "一般公共预算收入", "405.6", 4.1),
    ("一般公共预算总收入356.2亿元，增长1.2%，地方一般公共预算收入219.41亿元，增长0.3%；", "财政总收入", "356.2", 1.2),
    ("全市新登记各类市场主体 2.27 万户，增长 15.8%。", "新增市场主体", "2.27", 15.8),
    ("外贸进出口额580.5亿元，增长43.4%；", "进出口总额", "580.5", 43.4),
    ("河北阜通、北京央厨、天津中睿果酒等项目签约落地，全年协议引资额133.9亿元。", "招商引资签约资金", "133.9", None),
    # a name with its verb inside: 伊春 2014 (corpus), 鄂州 2014 (dev2)
    ("规模以上工业实现增加值46亿元，增长13%。", "规模以上工业增加值", "46", 13.0),
    ("规模以上工业实现销售收入1160亿元，增长14.4%，利税总额104亿元。", "规模以上工业企业营业收入", "1160", 14.4),
])
def test_old_and_wider_names_map_to_the_vocabulary(sentence, name, value, growth):
    o = observe(sentence)[(name, "actual", 2022)]
    assert (o.value, o.growth) == (value, growth)


def test_names_keep_their_lead_rules():
    obs = observe("一般公共预算总收入356.2亿元，增长1.2%，地方一般公共预算收入219.41亿元，增长0.3%；")
    assert obs[("一般公共预算收入", "actual", 2022)].value == "219.41"  # the local part is its own
    # 昭通 2014 (corpus): the parks' industry is not the region's
    assert not observe_all("园区规模以上工业实现增加值82亿元、同比增长52.8%。")
    # 甘孜 2018 (corpus): a bare 协议引资 is often a part's (the 飞地园区'), not a name of the total
    assert not observe_all("甘眉、成甘“飞地园区”引进重点项目11个，协议引资254亿元，增长25.7%，创历史新高。")


def test_new_jobs_name_does_not_take_a_longer_noun():
    # 新增就业岗位 (posts created) is not the count of new urban jobs
    assert not [o for o in observe_all("新增就业岗位4.8万个、劳动力培训转移就业4.8万人，安置失业人员再就业。") if o.indicator == "城镇新增就业"]


def test_a_bound_is_the_level_only_when_no_exact_figure_is_given():
    obs = observe("特别是财政收入突破6亿元，同比增长22.2%，公共财政预算收入完成2.7亿元，同比增长19.4%。")
    fiscal = obs[("财政总收入", "actual", 2022)]
    assert (fiscal.value, fiscal.growth) == ("6", 22.2)
    assert obs[("一般公共预算收入", "actual", 2022)].value == "2.7"
    # an exact figure after the bound wins (d10: 净增623户、总量突破2万户 keeps 623)
    gdp = observe("全年完成地区生产总值100.6亿元，历史性突破百亿大关，增长7.2%，排名全市第一；")[("地区生产总值", "actual", 2022)]
    assert (gdp.value, gdp.growth, gdp.rank) == ("100.6", 7.2, "排名全市第一")


def test_figures_for_the_places_under_a_city_are_theirs():
    # 遵义 2021 (dev): a list of per-county goals for 2025 after the indicator's name
    obs = observe_all(plan="实施县域经济倍增计划，到2025年，经济总量仁怀突破2000亿元，汇川达到600亿元，红花岗和播州分别达到500亿元，"
                           "新蒲新区、赤水、桐梓分别突破200亿元，务川、凤冈确保100亿元、力争150亿元。",
                      region="遵义市", review_year=2020, plan_year=2021)
    got = {o.region: o.value for o in obs if o.indicator == "地区生产总值" and o.year == 2025 and o.kind == "target"}
    assert got == {"仁怀": "2000", "汇川": "600", "红花岗": "500", "播州": "500", "新蒲新区": "200",
                   "赤水": "200", "桐梓": "200", "务川": "100", "凤冈": "100"}
    assert not [o for o in obs if o.region == "遵义市"]  # none of it is the city's own
    # 达州 2022 (corpus): a 分别 list gives each place its own figure
    obs = observe_all("宣汉、大竹GDP分别突破500亿元、400亿元，宣汉创建全国“百强县”赶超升位。",
                      region="达州市", review_year=2021, plan_year=2022)
    assert {o.region: o.value for o in obs} == {"宣汉": "500", "大竹": "400"}
    # names that are no division under the report's region are no list of places
    assert not observe_all("高新区、经开区分别达到200亿元。", region="达州市", review_year=2021, plan_year=2022)


def test_names_outside_the_vocabulary_hold_no_white_space():
    # an aside blanked inside a list of names once gave "新材料      产值" a second prefLabel
    obs = observe_all("电子信息、新材料（含新能源）产值分别增长20%、15%。")
    assert sorted((o.indicator, o.growth) for o in obs) == [("新材料产值", 15.0), ("电子信息产值", 20.0)]


@pytest.mark.parametrize("sentence, value, growth", [
    ("粮食生产实现“十连增”，总产达到49.9万吨，同比增长5.2%。", "49.9", 5.2),           # d05
    ("粮食生产超额完成国家下达任务，产量达1094.86万吨、增长3.5%。", "1094.86", 3.5),  # d08
    ("粮食生产再获丰收，产量达到27亿斤。", "27", None),                               # corpus, 通化
])
def test_grain_output_named_by_its_head_word_after_the_subject(sentence, value, growth):
    o = observe(sentence)[("粮食总产量", "actual", 2022)]
    assert (o.value, o.growth) == (value, growth)


def test_a_list_of_names_shares_its_rank():
    # 米易 2023 (dev): rank-only items, and a county's 县级 budget revenue is its own
    obs = observe("完成县级一般公共预算收入13.5亿元、增长9.9%。第一产业增加值增速、工业投资增速、城镇居民人均可支配收入增速、"
                  "一般公共预算收入总量、上级资金到位量5项主要指标居全市第一，地区生产总值、第二产业增加值、全社会固定资产投资、"
                  "农村居民人均可支配收入4项主要指标增速居全市第二，再度荣获全省县域经济发展先进县。")
    revenue = obs[("一般公共预算收入", "actual", 2022)]
    assert (revenue.value, revenue.growth, revenue.rank) == ("13.5", 9.9, "居全市第一")
    primary, secondary = obs[("第一产业增加值", "actual", 2022)], obs[("第二产业增加值", "actual", 2022)]
    assert (primary.value, primary.growth, primary.rank) == (None, None, "居全市第一")
    assert (secondary.value, secondary.growth, secondary.rank) == (None, None, "居全市第二")


def test_a_ranked_list_may_count_its_names_in_words():
    # corpus wording: "三项指标", "七项指标", "两项指标" as often as "3项"
    obs = observe("建筑业总产值、一般公共预算收入、金融机构贷款余额三项指标增速位居全省第一。"
                  "地区生产总值、社会消费品零售总额等两项指标增幅居全区五市第二。")
    assert obs[("一般公共预算收入", "actual", 2022)].rank == "位居全省第一"
    assert obs[("地区生产总值", "actual", 2022)].rank == "居全区五市第二"
    assert obs[("社会消费品零售总额", "actual", 2022)].rank == "居全区五市第二"


def test_a_rank_of_another_year_is_not_the_years_and_a_run_of_years_is_kept_whole():
    # corpus wording: ranks by year ("增速2010年居全省第15位…") and runs ("连续7年全省第1")
    obs = observe("地区生产总值完成1130.48亿元，增速2020年居全省第15位，2021年上升到第11位，2022年跃居全省第3位。"
                  "一般公共预算收入完成60.5亿元，连续7年全省第1。")
    assert obs[("地区生产总值", "actual", 2022)].rank == "跃居全省第3位"
    assert obs[("一般公共预算收入", "actual", 2022)].rank == "连续7年全省第1"
    obs = observe("地区生产总值完成1130.48亿元，增速2020年居全省第15位。")
    assert obs[("地区生产总值", "actual", 2022)].rank is None


def test_a_total_over_five_years_is_no_years_level():
    # corpus wording: "五年完成固定资产投资6350亿元，是“十一五”时期的3.6倍"
    obs = observe("五年完成固定资产投资6350亿元，是“十一五”时期的3.6倍。二〇二二年完成固定资产投资1350亿元。")
    assert obs[("固定资产投资", "actual", 2022)].value == "1350"
    obs = observe("五年完成固定资产投资6350亿元，是“十一五”时期的3.6倍。")
    assert ("固定资产投资", "actual", 2022) not in obs
    # a period named in the sentence though the paragraph turns to the last year (预计…)
    obs = observe("过去五年，是结构不断优化的五年。预计年产值超亿元工业企业达200家。"
                  "“十二五”时期，社会消费品零售总额累计完成1600.6亿元，年均增长13.2%。", review_year=2015, plan_year=2016)
    assert ("社会消费品零售总额", "actual", 2015) not in obs
    # a cumulative rate is no total: the level reached is the year's
    obs = observe("五年来，是发展提速的五年。预计全市地区生产总值累计增长29.3%，达到3500亿元。", review_year=2021, plan_year=2022)
    assert obs[("地区生产总值", "actual", 2021)].value == "3500"


def test_a_level_compared_with_a_whole_five_year_period_is_a_total():
    # corpus wording (35 statements): "是“十一五”的3.2倍" compares with a period, "十一五”末" with a year
    obs = observe("累计完成固定资产投资837亿元，是“十一五”的3.2倍。", review_year=2015, plan_year=2016)
    assert ("固定资产投资", "actual", 2015) not in obs
    obs = observe("固定资产投资达到837亿元，是“十一五”末的3.2倍。", review_year=2015, plan_year=2016)
    assert obs[("固定资产投资", "actual", 2015)].value == "837"


def test_a_doubling_goal_is_a_target_in_words_of_its_horizon():
    # 大庆 2016 (dev): 城乡 names both incomes; 非油/地方经济总量 are no GDP
    obs = observe(plan="到2020年，大庆油田油气当量保持在4000万吨规模，非油经济总量、地方经济总量、城乡居民人均收入比2010年翻一番。",
                  review_year=2015, plan_year=2016)
    assert {k: o.text for k, o in obs.items()} == {
        ("城镇居民人均可支配收入", "target", 2020): "比2010年翻一番",
        ("农村居民人均可支配收入", "target", 2020): "比2010年翻一番"}
    # 丹东 2016 (corpus): a name joined by 和 shares the goal
    obs = observe(plan="到2020年，实现地区生产总值和城乡居民人均收入比2010年翻一番，经济发展质量和效益明显提高。",
                  review_year=2015, plan_year=2016)
    assert obs[("地区生产总值", "target", 2020)].text == "比2010年翻一番"
    # for the plan year itself a doubling is not read (比2010年 is no goal of one year)
    assert not observe(plan="城乡居民收入比2010年翻一番。", review_year=2015, plan_year=2016)


def test_a_target_list_holds_targets_where_no_plan_part_was_recognised():
    # 黄冈 2021 (corpus): here no plan part is recognised (a bare text, no delivery date to read
    # "三、2021年工作建议" against); the "主要预期目标是：" list holds targets and runs on over ；
    text = ("各位代表：\n\n一、“十三五”时期经济社会发展回顾\n\n城镇新增就业37.63万人、10.36万人实现再就业。\n\n"
            "三、2021年工作建议\n\n主要预期目标是：地区生产总值增长10%以上；城镇新增就业6万人以上；粮食产量保持在50亿斤以上。\n")
    doc = document_from_text(text, Path("t.txt"))
    facts = ReportFacts(key="t", source_name="t.txt", source_path="t.txt", content_hash="", characters=0,
                        meta=ReportMeta(region="黄冈市", review_year=2020, plan_year=2021))
    obs = {o.key()[1:]: o.value for o in indicators.extract(doc, facts)}
    assert obs == {(2020, "城镇新增就业", "actual"): "37.63", (2021, "地区生产总值", "target"): None,
                   (2021, "城镇新增就业", "target"): "6", (2021, "粮食总产量", "target"): "50"}


def test_what_follows_is_not_taken_for_the_statement():
    # 十堰 2016 (corpus): 居民… starts a new subject, not a rank (居全市第一)
    obs = observe(plan="今后五年经济社会发展的主要奋斗目标是：地区生产总值年均增长9%，全社会固定资产投资年均增长15%，"
                       "居民人均可支配收入达到2.2万元，产业迈向中高端水平。", review_year=2015, plan_year=2016)
    fai = obs[("固定资产投资", "target", 2020)]
    assert (fai.value, fai.growth) == (None, 15.0)
    # 湘西 2021 (corpus): a goal's total over its five years is no level of its end year
    obs = observe(plan="力争到2025年，全州地区生产总值突破1000亿元，年均增长7%；累计完成固定资产投资3000亿元以上，年均增长9%；",
                  review_year=2020, plan_year=2021)
    assert obs[("地区生产总值", "target", 2025)].value == "1000" and ("固定资产投资", "target", 2025) not in obs
    # 怒江 2022 (corpus, years moved to the test report's): "2017年到2021年" is a span ending in the review year
    obs = observe("2018年到2022年，全州地区生产总值从142.26亿元增长到234.11亿元，年均增长13.1%；")
    assert obs[("地区生产总值", "actual", 2022)].value == "234.11" and ("地区生产总值", "actual", 2018) not in obs
