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
