"""The text layer on real seed text: decoding, normalisation with offsets, parts, sentences."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from kg.text.document import document_from_text, load_document
from kg.text.normalize import normalize
from kg.text.reader import ReadError, TruncatedText, decode_bytes

SAMPLE = "2022年，全县地区生产总值完成 86.34 亿元，同比增长 4.6%；规模以上工业增加值同比增长 9.7%。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_decodes_the_encodings_governments_publish(encoding):
    assert decode_bytes(SAMPLE.encode(encoding)) == SAMPLE


def test_empty_and_binary_files_are_refused():
    with pytest.raises(ReadError, match="empty"):
        decode_bytes(b"  \n ")
    with pytest.raises(ReadError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_truncated_utf8_keeps_what_came_before():
    data = SAMPLE.encode("utf-8")[:-2]  # cut inside the final "。"
    with pytest.raises(TruncatedText) as e:
        decode_bytes(data)
    assert e.value.text == SAMPLE[:-1]
    assert "truncated" in str(e.value)


def test_full_width_digits_fold_and_offsets_point_back():
    raw = "地区生产总值完成１８１.５亿元，增长５.８％。"
    n = normalize(raw)
    assert n.text == "地区生产总值完成181.5亿元，增长5.8%。"
    for i, ch in enumerate(n.text):
        assert raw[n.offsets[i]] in (ch, chr(ord(ch) + 0xFEE0), "％")


def test_broken_paragraph_is_joined_and_quoted_verbatim(seeds_dir):
    doc = load_document(seeds_dir / "000_28599288d92c4c3c.txt")
    # the source breaks "重\n\n要指示" and "规模以上工业企业营业收入\n\n883.73 亿元" across paragraphs
    assert "重要讲话重要指示精神" in doc.text
    i = doc.text.index("规模以上工业企业营业收入883.73亿元")
    sent = doc.sentence_at(i)
    ev = doc.evidence(sent.start, sent.end, sent)
    assert "883.73亿元" in ev.text
    flat = re.sub(r"\s+", "", doc.raw)
    assert re.sub(r"\s+", "", ev.text) in flat
    assert doc.raw[ev.start:ev.end].startswith(ev.text[:4])


def test_newspaper_furniture_and_markdown_are_dropped(seeds_dir):
    doc = load_document(seeds_dir / "002_35ba40385b99d8cc.txt")
    assert "责任编辑" not in doc.text and "邮箱" not in doc.text and "**" not in doc.text
    assert doc.text.startswith("各位代表")


def test_parts_follow_the_report_structure(seeds_dir):
    doc = load_document(seeds_dir / "000_28599288d92c4c3c.txt")
    part_of = {s.text.split("，")[0]: s.part for s in doc.sentences}
    assert doc.sentence_at(doc.text.index("地区生产总值完成181.5亿元")).part == "review"
    assert doc.sentence_at(doc.text.index("2023年国民经济和社会发展总体安排")).part == "plan"
    assert part_of["各位代表："] == "head"


def test_sections_carry_the_heading_path(seeds_dir):
    doc = load_document(seeds_dir / "003_02e8585f2ada8328.txt")
    s = doc.sentence_at(doc.text.index("地区生产总值完成426.8亿元"))
    assert s.part == "review" and s.section.startswith("一、2022年工作回顾")


def test_front_matter_is_read_and_not_text():
    raw = "---\ntitle: 三亚市政府工作报告（2021年1月18日 包洪文）\n---\n\n各位代表：\n\n现在，我代表市人民政府向大会报告工作。\n"
    doc = document_from_text(raw, __import__("pathlib").Path("三亚市/2021.md"))
    assert doc.front_matter["title"].startswith("三亚市政府工作报告")
    assert "title" not in doc.text
    assert doc.key == "三亚市-2021"


def test_sentences_do_not_split_inside_quotes():
    doc = document_from_text("落实党中央“疫情要防住。经济要稳住”要求；推进改革。", __import__("pathlib").Path("x.txt"))
    assert [s.text for s in doc.sentences] == ["落实党中央“疫情要防住。经济要稳住”要求；", "推进改革。"]


# A web copy of a report as an aggregator site serves it (阜平县 2022, dev set d01, shortened):
# site header, page title, posting line, counts, a summary cut short, the report, then the
# page's tail of share buttons, previous/next links, other reports' titles and a tag cloud.
WEB_COPY = (
    "工作报告\n2022年阜平县政府工作报告\n"
    "时间：2023-01-24????\t\t\t\t\t\t作者：中国县域????\t\t\t\t\t\t来源：政府官网????\t\t\t\t\t\t阅读：\n354\n评论：\n0\n"
    "内容摘要：\n政府工作报告????——2022年1月27日在阜平县第十八届人民代表大会第二次会议上????阜平县人民政府县长 王占祥"
    "????各位代表：????现在，我代表县人民政府，向大会报告工作，请予审议......\n"
    "政府工作报告\n——2022年1月27日在阜平县第十八届人民代表大会第二次会议上\n阜平县人民政府县长 王占祥\n各位代表：\n"
    "现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员和列席会议的同志提出意见。\n"
    "〔19〕放管服：即简政放权、放管结合、优化服务。(见第15页)\n"
    "分享到：\nQQ空间\n新浪微博\n上一篇：\n2022年定兴县政府工作报告\n下一篇：\n2021年阜平县政府工作报告\n"
    "相关文章\n01-24\n宁德市2021年政府工作报告\n本栏推荐\n平顶山市石龙区2025年政府工作报告\n"
    "阅读排行\n六盘水市水城区2024年政府工作报告\n标签云\n工作报告\n北京市\n2025年\n")


def test_a_web_copy_is_cut_down_to_the_report():
    doc = document_from_text(WEB_COPY, __import__("pathlib").Path("d01.txt"))
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == "2022年阜平县政府工作报告"  # the page's title stays, its header goes
    assert paras[1] == "政府工作报告" and paras[-1].startswith("〔19〕放管服")
    for chrome in ("2023-01-24", "中国县域", "354", "内容摘要", "......", "分享到", "定兴县", "宁德市",
                   "六盘水市", "标签云", "北京市"):
        assert chrome not in doc.text, chrome
    assert doc.text.count("现在，我代表县人民政府") == 1  # the summary repeated the opening


def test_a_disclaimer_and_the_tag_list_go_with_the_tail():
    raw = ("17.行政执法“三项制度”：行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。\n"
           "免责声明：本文仅代表作者观点，不代表本站立场。 凡注明为中国县域原创作品的，未经许可，不得转载！\n"
           "本站为非营利性网站，来源于网络的作品，若对您造成了侵权，请联系本站，我们会第一时间予以处理。\n"
           "标签：\n工作报告\n2024年政府工作报告\n易县\n分享到：\n上一篇：\n北京市顺义区2024年政府工作报告\n")
    assert normalize(raw).text.startswith("17.行政执法") and normalize(raw).text.endswith("法制审核制度。")


def test_a_tail_word_before_report_prose_is_report_text():
    # "标签" opens no tail when the report goes on after it
    raw = ("关键词\n"
           "2022年，全县地区生产总值完成86.34亿元，同比增长4.6%；规模以上工业增加值同比增长9.7%，"
           "固定资产投资增长12.1%。\n")
    assert normalize(raw).text.startswith("关键词\n2022年")


def test_a_site_name_run_onto_the_last_sentence_is_cut():
    # 顺平县 2023 (dev d02) ends its last line with the site's name after a gap
    raw = "奋力谱写顺平高质量发展的新篇章！    搜索马 克 数 据 网"
    assert normalize(raw).text == "奋力谱写顺平高质量发展的新篇章！"


def test_literal_crlf_and_nbsp_read_as_lines():
    # 顺平县 2023 (dev d02) stores its line breaks as the characters \r\n and blank lines as &nbsp;
    raw = (r"各位代表：\r\n现在，我代表顺平县人民政府向大会作工作报告，请予审议。\r\n&nbsp;\r\n"
           r"一、2022年工作回顾\r\n&nbsp;\r\n2022年是党和国家历史上具有里程碑意义的一年。")
    doc = document_from_text(raw, __import__("pathlib").Path("d02.txt"))
    assert [p.text for p in doc.paragraphs] == [
        "各位代表：", "现在，我代表顺平县人民政府向大会作工作报告，请予审议。", "一、2022年工作回顾",
        "2022年是党和国家历史上具有里程碑意义的一年。"]
    s = doc.sentence_at(doc.text.index("2022年是"))
    assert s.part == "review" and doc.evidence(s.start, s.end).text == "2022年是党和国家历史上具有里程碑意义的一年。"


def test_report_text_keeps_every_line_a_newspaper_or_collection_prints(seeds_dir):
    # the seeds and the corpus are no web copies: only newspaper headers go
    from kg.text.furniture import furniture_mask

    for path in sorted(seeds_dir.iterdir()):
        lines = path.read_text(encoding="utf-8").splitlines()
        dropped = [ln for ln, d in zip(lines, furniture_mask(lines)) if d]
        assert all("责任编辑" in ln or "邮箱" in ln for ln in dropped), (path.name, dropped)


def test_no_annotated_sentence_is_cut_as_furniture(seeds_dir):
    """Every gold quote of the seeds and the dev set (five of them web copies) is still in the
    text the extractors read: furniture removal cut page chrome only."""
    import json
    import unicodedata

    from conftest import SHARED

    def flat(s: str) -> str:
        s = unicodedata.normalize("NFKC", s.replace("\\r\\n", ""))
        return re.sub(r"\s+|\?\?+|&nbsp;|\*\*", "", s)

    pairs = [(g, seeds_dir / f"{g.stem}.txt") for g in sorted((SHARED / "gold").glob("*.json"))]
    pairs += [(g, SHARED / "dev" / "docs" / f"{g.stem}.txt") for g in sorted((SHARED / "dev" / "gold").glob("*.json"))]
    if not pairs:
        pytest.skip("../shared (gold and dev set) not beside this checkout")
    for gold, path in pairs:
        text = flat(load_document(path).text)
        items = json.loads(gold.read_text(encoding="utf-8"))
        for lst in ("indicators", "projects", "enterprises", "policies", "places"):
            for it in items.get(lst, []):
                assert flat(it["quote"]) in text, (path.name, it["quote"])


def test_a_government_site_page_is_cut_down_too():
    # the same shapes in a county government site's words: breadcrumbs, a posting line with
    # 浏览次数 and 字体, print/close buttons, a footer with 网站地图 and the ICP number
    raw = ("首页 > 政务公开 > 政府工作报告\n顺平县2023年政府工作报告\n"
           "发布时间：2023-01-10 10:00  来源：县政府办  浏览次数：1234  【字体：大 中 小】\n"
           "各位代表：\n现在，我代表顺平县人民政府向大会作工作报告，请予审议，并请县政协委员和列席会议的同志提出意见。\n"
           "奋力谱写顺平高质量发展的新篇章！\n【打印本页】【关闭窗口】\n相关链接\n河北省人民政府\n保定市人民政府\n"
           "网站地图 | 联系我们\n版权所有：顺平县人民政府  冀ICP备05003123号\n")
    paras = [p.text for p in normalize(raw).paragraphs]
    assert paras == ["顺平县2023年政府工作报告", "各位代表：",
                     "现在，我代表顺平县人民政府向大会作工作报告，请予审议，并请县政协委员和列席会议的同志提出意见。",
                     "奋力谱写顺平高质量发展的新篇章！"]


# ---------------------------------------------------------------- parts (kg/text/parts.py)
# Short cuts of corpus reports (../shared/corpus/cities/<city>/<year>.md), kept to their
# headings and a sentence or two each.

def _parts_of(raw: str, name: str = "x.md") -> dict[str, str]:
    doc = document_from_text(raw, __import__("pathlib").Path(name))
    return {s.text: s.part for s in doc.sentences}


def test_a_plan_heading_that_names_only_the_plan_year_opens_the_plan_part():
    # 黄冈市 2021: the review heading names no year, the five-year goals and the year's
    # proposals follow
    raw = ("---\ntitle: 黄冈市政府工作报告（2021年1月17日 邱丽新）\n---\n"
           "——2021年1月17日在黄冈市第五届人民代表大会第六次会议上\n市长 邱丽新\n各位代表：\n"
           "现在，我代表市人民政府向大会报告工作，请予审议，并请各位政协委员和其他列席人员提出意见。\n"
           "**一、“十三五”时期经济社会发展回顾**\n"
           "预计2020年实现地区生产总值2200亿元，比“十二五”末增长39%。\n"
           "**二、“十四五”时期经济社会发展总体要求**\n"
           "“十四五”时期全市经济社会发展定位是：努力把黄冈建设成为湖北高质量发展新的增长极。\n"
           "**三、2021年工作建议**\n"
           "主要预期目标是：地区生产总值增长10%以上；城镇新增就业6万人以上。\n")
    part = _parts_of(raw)
    assert part["预计2020年实现地区生产总值2200亿元，比“十二五”末增长39%。"] == "review"
    assert part["二、“十四五”时期经济社会发展总体要求"] == "plan"
    assert part["主要预期目标是：地区生产总值增长10%以上；"] == "plan"


def test_a_five_year_plan_that_has_ended_is_reviewed_one_that_ends_this_year_is_planned():
    # 亳州市 2021 and 红河州 2025: slogans whose only time is a 十X五 period
    raw = ("——2021年1月5日在亳州市第四届人民代表大会第六次会议上\n各位代表：\n"
           "一、攻坚克难，圆满收官“十三五”\n全市生产总值突破1800亿元。\n"
           "二、科学谋划，砥砺奋进“十四五”\n到2025年，全市生产总值力争突破3000亿元。\n")
    part = _parts_of(raw)
    assert part["一、攻坚克难，圆满收官“十三五”"] == "review"
    assert part["到2025年，全市生产总值力争突破3000亿元。"] == "plan"
    raw = ("——2025年1月14日在红河州第十四届人民代表大会第四次会议上\n各位代表：\n"
           "一、担当实干，2024年全州经济社会发展成效凸显\n全州生产总值增长5.2%。\n"
           "二、争先跨越，实现“十四五”规划和“三年新突破”圆满收官\n全州生产总值增长6%左右。\n")
    assert _parts_of(raw)["全州生产总值增长6%左右。"] == "plan"


def test_today_is_the_review_year_in_a_report_delivered_in_december():
    # 怀化市 2016, delivered on 2015-12-29: 今年 is 2015, 明年 the year planned
    raw = ("政府工作报告\n——2015年12月29日在怀化市第四届人民代表大会第四次会议上\n怀化市人民政府市长 赵应云\n"
           "各位代表：\n今年工作为“十二五”发展赢得圆满收官\n全市地区生产总值增长8.5%。\n"
           "“十三五”蓝图为明年开局指明奋进方向\n明年全市地区生产总值增长8%左右。\n")
    part = _parts_of(raw)
    assert part["全市地区生产总值增长8.5%。"] == "review"
    assert part["明年全市地区生产总值增长8%左右。"] == "plan"


def test_a_numbered_review_paragraph_about_self_improvement_stays_in_the_review():
    # 三亚市 2014: the review's items are numbered paragraphs under an unnumbered heading;
    # "政府自身建设" names a plan section only in a heading
    raw = ("——2014年2月18日在三亚市第六届人民代表大会第四次会议上\n各位代表：\n**2013年工作回顾**\n"
           "二、加快调结构，产业发展再现积极变化。2013年全市第一、二、三产业增加值分别增长6.4％、9.2％和11.1％。\n"
           "八、转型增效能，政府自身建设不断强化。全年办理人大代表建议和政协提案全部办结。\n"
           "**2014年主要任务**\n二、转变发展方式，努力提高经济发展质量。加快经济结构调整步伐。\n")
    part = _parts_of(raw)
    assert part["八、转型增效能，政府自身建设不断强化。"] == "review"
    assert part["二、转变发展方式，努力提高经济发展质量。"] == "plan"


def test_the_plan_part_opens_at_its_first_paragraph_when_the_headings_are_slogans():
    # 文山州 2023: "二、全面贯彻落实党的二十大精神…" names no year; the section's
    # "今年政府工作的总体要求是" says it plans
    body = "全州地区生产总值增长4.5%，规模以上工业增加值增长10%，固定资产投资增长12%，完成年度目标任务。" * 3
    raw = ("——2023年1月7日在州第十五届人民代表大会第三次会议上\n州长 马忠俊\n各位代表：\n"
           "一、勠力同心砥砺前行，全年经济社会发展实现稳中向好\n" + body + "\n"
           "二、全面贯彻落实党的二十大精神，奋力开创新时代文山社会主义现代化建设新局面\n"
           "我们要始终把学习贯彻党的二十大精神作为第一政治任务。\n"
           "今年政府工作的总体要求是：以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神。\n"
           "三、全面加强政府自身建设\n")
    part = _parts_of(raw)
    assert part[body.split("。")[0] + "。"] == "review"
    assert part["二、全面贯彻落实党的二十大精神，奋力开创新时代文山社会主义现代化建设新局面"] == "plan"
    assert part["我们要始终把学习贯彻党的二十大精神作为第一政治任务。"] == "plan"


def test_a_glossary_that_repeats_the_report_headings_stays_notes():
    # 四平市 2014 explains its terms section by section after "《政府工作报告》释义"
    raw = ("——2013年12月25日在四平市七届人大第二次会议上\n各位代表：\n一、2013年工作回顾\n全市地区生产总值增长10%。\n"
           "二、2014年工作安排\n全市地区生产总值增长10%左右。\n《政府工作报告》释义\n一、2013年工作回顾\n"
           "1.三供一业：指供水、供电、供热和物业管理。\n二、2014年工作安排\n2.四个一批：谋划一批、储备一批。\n")
    part = _parts_of(raw)
    assert part["1.三供一业：指供水、供电、供热和物业管理。"] == "notes"
    assert part["2.四个一批：谋划一批、储备一批。"] == "notes"


def test_a_section_heading_within_an_unsaid_section_turns_to_the_plan():
    # 楚雄州 2022: "二、勇毅前行…" then "（一）关于今后五年的工作" and "（二）关于2022年的工作"
    raw = ("——2022年2月11日在楚雄彝族自治州第十三届人民代表大会第一次会议上\n各位代表：\n"
           "一、克难奋进，十二届州人民政府各项目标任务圆满完成\n全州生产总值突破1500亿元。\n"
           "二、勇毅前行，奋力谱写楚雄高质量跨越式发展新篇章\n今天的楚雄，正处于新一轮西部大开发的机遇期。\n"
           "（一）关于今后五年的工作\n今后五年的奋斗目标是：经济发展取得新成效。\n"
           "（二）关于2022年的工作\n全州生产总值增长8%左右。\n")
    part = _parts_of(raw)
    assert part["今天的楚雄，正处于新一轮西部大开发的机遇期。"] == "review"
    assert part["今后五年的奋斗目标是：经济发展取得新成效。"] == "plan"
    assert part["全州生产总值增长8%左右。"] == "plan"


def test_a_delivery_line_reprinted_mid_text_opens_no_part(seeds_dir):
    # 绛县 2023 (seed 002), a newspaper page: the title block is printed again inside the review
    doc = load_document(seeds_dir / "002_35ba40385b99d8cc.txt")
    assert doc.sentence_at(doc.text.index("——2023年2月16日在绛县")).part == "review"
    assert doc.sentence_at(doc.text.index("二、2023年工作安排")).part == "plan"


def test_five_year_goals_are_in_the_plan_part(seeds_dir):
    # 遵义市 2021 (dev d06): "二、二〇三五年远景目标和“十四五”时期主要目标任务"
    from conftest import SHARED

    path = SHARED / "dev" / "docs" / "d06_zunyi_2021.txt"
    if not path.exists():
        pytest.skip("../shared (dev set) not beside this checkout")
    doc = load_document(path)
    assert doc.sentence_at(doc.text.index("城镇新增就业66万人")).part == "review"
    assert doc.sentence_at(doc.text.index("地区生产总值年均增长8%以上")).part == "plan"


def test_headings_say_when_in_words_years_and_periods():
    from kg.text.parts import Years, heading_part

    y = Years(2024, 2025)
    assert heading_part("实干二〇二四，我们攻坚克难、收获满满", y).part == "review"  # 益阳市 2025
    assert heading_part("奋斗二〇二五，我们锚定目标、拼搏进取", y).part == "plan"
    assert heading_part("三、地区生产总值2025亿元", y).part is None  # an amount, not a year
    y = Years(2020, 2021)
    assert heading_part("二、关于吉林市国民经济和社会发展第十四个五年规划", y).part == "plan"  # 吉林市 2021
    cue = heading_part("二、“十三五”时期发展成就和“十四五”时期主要目标任务", y)  # 潍坊市 2021
    assert cue.part == "review" and cue.both


def test_a_title_with_commas_is_not_joined_to_the_paragraph_after_it():
    # 米易县 2022 (dev d04) titles each review section with a short line of clauses
    raw = "一年来，我们坚持稳中提质，综合实力稳步提升\n2021年，实现地区生产总值169.28亿元，增长8.7%。\n"
    assert [p.text for p in normalize(raw).paragraphs] == [
        "一年来，我们坚持稳中提质，综合实力稳步提升", "2021年，实现地区生产总值169.28亿元，增长8.7%。"]
    # a line the page broke after a full stop is still joined (绛县 2023, seed 002)
    raw = "一要扭住创新要素保障。持续推动“合汽\n生材”新兴产业地标成形成势。\n"
    assert [p.text for p in normalize(raw).paragraphs] == ["一要扭住创新要素保障。持续推动“合汽生材”新兴产业地标成形成势。"]


def test_self_improvement_achieved_is_review_self_improvement_to_do_is_plan():
    # 云浮市 2015: the review's last item "五、政府自身建设全面增强"; the plan's "加强政府自身建设"
    raw = ("——2015年1月8日在云浮市第十二届人民代表大会第五次会议上\n各位代表：\n**2014年工作回顾**\n"
           "**四、社会民生福祉持续提升**\n全市民生支出增长12%。\n**五、政府自身建设全面增强**\n全年办理人大代表建议128件。\n"
           "**2015年工作安排**\n全市生产总值增长8%左右。\n**六、加强政府自身建设**\n全面推进依法行政。\n")
    part = _parts_of(raw)
    assert part["全年办理人大代表建议128件。"] == "review"
    assert part["全市生产总值增长8%左右。"] == "plan" and part["全面推进依法行政。"] == "plan"


def test_a_section_between_the_review_and_the_plan_looks_ahead(gold_dir):
    # 镇江市 2023 (held-out h01): "二、以党的二十大精神为指引，加快推进镇江现代化进程" sits
    # between "一、2022年的工作及成效" and "三、2023年目标任务和重点工作"
    doc = load_document(gold_dir.parent / "heldout" / "docs" / "h01_zhenjiang_2023.md")
    assert doc.sentence_at(doc.text.index("二、以党的二十大精神为指引")).part == "plan"
    assert doc.sentence_at(doc.text.index("奋力推动中国式现代化在镇江展现出美好图景")).part == "plan"
    assert doc.sentence_at(doc.text.index("一、2022年的工作及成效")).part == "review"


def test_a_document_writes_a_name_up_to_spaces_quotes_and_brackets():
    doc = document_from_text("建立“1+30”生态环境区域联防联控机制，推进（一期）工程。", Path("x.txt"))
    assert doc.writes("1+30生态环境区域联防联控机制")
    assert doc.writes("推进一期工程")
    assert not doc.writes("联防联控机制项目")
    assert not doc.writes("")
