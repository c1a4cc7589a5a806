"""The text layer on real seed text: decoding, normalisation with offsets, parts, sentences."""
from __future__ import annotations

import codecs
import re

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
