"""Report metadata on real title blocks and openings (dev set and corpus sentences)."""
from pathlib import Path

from kg.extract.metadata import extract
from kg.text.document import document_from_text


def meta_of(raw: str, name: str = "t.txt"):
    return extract(document_from_text(raw, Path(name)), None)


def test_region_and_type_from_the_opening_when_nothing_else_names_them():
    # 顺平县 2023 (dev d02): no title, dateline or speaker; literal "\r\n" line breaks
    m = meta_of(r"各位代表：\r\n现在，我代表顺平县人民政府向大会作工作报告，请予审议，并请县政协委员和列席会议的同志提出意见。"
                r"\r\n&nbsp;\r\n一、2022年工作回顾\r\n&nbsp;\r\n2022年是党和国家历史上具有里程碑意义的一年。")
    assert (m.region, m.report_type, m.region_level, m.parents) == ("顺平县", "work", "county", ["保定市", "河北省"])
    assert m.speaker is None and m.speaker_role == "顺平县人民政府" and m.date is None
    assert (m.review_year, m.plan_year) == (2022, 2023)


def test_a_bare_government_in_the_opening_names_no_region_or_role():
    # 永济市 plan report (seed 004): "受市人民政府委托" says neither
    m = meta_of("各位代表：\n受市人民政府委托，现将我市2022年国民经济和社会发展规划执行情况提请市七届人大四次会议审议。")
    assert m.speaker_role is None and m.report_type == "plan"


def test_a_dateline_alone_in_the_title_block():
    # 清苑县 2013 (dev d05): "政府工作报告 / 2013年3月19日 / 各位代表："
    m = meta_of(r"政府工作报告\r\n2013年3月19日\r\n各位代表：\r\n现在，我代表县政府向大会作工作报告，请予审议。"
                r"\r\n一、2012年工作回顾\r\n2012年，是新一届政府开局之年。全县地区生产总值完成104.3亿元。")
    assert m.date == "2013-03-19" and (m.review_year, m.plan_year) == (2012, 2013)
    assert m.evidence["date"].text == "2013年3月19日"


def test_a_date_in_the_body_is_no_dateline():
    m = meta_of("政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n2013年3月19日\n")
    assert m.date is None


def test_the_delivery_line_beats_the_web_page_title_and_posting_date():
    # 米易县 (dev d04): the page is titled 2024 and posted 2024-01-14; the body was delivered 2022-01-24
    m = meta_of("工作报告\n米易县2024年政府工作报告\n时间：2024-01-14????\t\t作者：中国县域????\t\t来源：政府网????\t\t阅读：\n136\n"
                "政府工作报告\n（2022年1月24日在米易县第十九届人民代表大会第二次会议上）\n米易县人民政府县长?? 代坤宏\n各位代表：\n"
                "现在，我代表县人民政府，向大会报告工作，请予审议。\n2021年工作回顾\n刚刚过去的2021年，是“十四五”的开局之年。")
    assert (m.date, m.review_year, m.plan_year, m.region) == ("2022-01-24", 2021, 2022, "米易县")
    assert m.speaker == "代坤宏" and m.speaker_role == "米易县人民政府县长"
    assert m.meeting == "米易县第十九届人民代表大会第二次会议"


def test_a_bare_title_takes_the_region():
    # 遵义市 2021 (dev d06): "市长 黄伟"
    m = meta_of("---\ntitle: 遵义市政府工作报告（2021年2月25日 黄伟）\n---\n\n（2021年2月25日在遵义市第五届人民代表大会第五次会议上）\n\n"
                "市长 黄伟\n\n各位代表：\n\n现在，我代表市人民政府向大会报告工作，请予审议。\n")
    assert (m.speaker, m.speaker_role, m.region) == ("黄伟", "遵义市市长", "遵义市")


def test_the_delivery_line_names_the_region_over_a_collectors_title():
    # corpus 克孜勒苏柯尔克孜自治州/2021.md: the collector titled it by the short name 克州
    m = meta_of("---\ntitle: 克州政府工作报告（2021年1月3日 迪力夏提·柯德尔汗）\n---\n\n"
                "——2021年1月3日在克孜勒苏柯尔克孜自治州第十四届人民代表大会第五次会议上\n\n自治州州长 迪力夏提·柯德尔汗\n\n"
                "各位代表：\n\n现在，我代表自治州人民政府向大会报告工作，请予审议。\n")
    assert m.region == "克孜勒苏柯尔克孜自治州" and m.date == "2021-01-03"


def test_a_meeting_line_without_a_date():
    # corpus 庆阳市/2023.md: "——在庆阳市第五届人民代表大会第二次会议上" then "（2022年12月12日）"
    m = meta_of("——在庆阳市第五届人民代表大会第二次会议上\n\n庆阳市市长 周继军\n\n（2022年12月12日）\n\n各位代表：\n\n"
                "现在，我代表市人民政府向大会报告工作，请予审议。\n")
    assert m.meeting == "庆阳市第五届人民代表大会第二次会议" and m.date == "2022-12-12"
    assert m.region == "庆阳市" and m.speaker == "周继军"
