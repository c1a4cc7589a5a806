"""Property tests: arbitrary Unicode never breaks the text layer or any extractor, and every
offset and evidence points back into the source."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.pipeline import extract_report
from kg.text.document import document_from_text
from kg.text.normalize import normalize

# Fragments of real report language, so the extractors' patterns fire on random mixtures.
FRAGMENTS = [
    "各位代表：", "关于曲沃县2022年国民经济和社会发展计划执行情况", "——2023年3月29日在绛县第十七届人民代表大会第三次会议上",
    "一、2022年工作回顾", "二、2023年工作安排", "（一）", "1.", "地区生产总值完成181.5亿元", "同比增长5.8%", "下降2.6%",
    "分别完成33524元、13622元", "增长6.5%左右", "预期目标", "绝对额居全市第四", "晋南集团", "有限公司", "120万吨",
    "项目开工建设", "竣工投产", "“放管服”改革", "《山西省安全生产条例》", "北董乡", "开发区", "村", "镇", "、", "，",
    "。", "；", "“", "”", "《", "》", "（", "）", "\n", "\n\n", " ", "\u3000", "**", "---\ntitle: x\n---\n", "１２３",
    "％", "??", "\ufffd", "\r\n", "\\r\\n", "&nbsp;", "注释：", "[1]三无：", "亿元", "万吨", "%", "-", "至",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_normalise_maps_every_character_into_the_source(raw):
    n = normalize(raw)
    assert len(n.offsets) == len(n.text)
    for i, ch in enumerate(n.text):
        assert 0 <= n.offsets[i] <= len(raw)
        if ch != "\n" and ch != " ":
            assert n.offsets[i] < len(raw)


@SETTINGS
@given(texts)
def test_sentences_tile_the_clean_text(raw):
    doc = document_from_text(raw, Path("x.txt"))
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert doc.text[s.start:s.end] == s.text
    assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:]))


def _all_evidence(facts):
    yield from facts.meta.evidence.values()
    for kind in ("observations", "enterprises", "projects", "policies", "places"):
        for m in getattr(facts, kind):
            yield m.evidence


@SETTINGS
@given(texts)
def test_extractors_never_raise_and_quote_the_source(raw):
    doc = document_from_text(raw, Path("x.txt"))
    facts = extract_report(doc)
    flat = re.sub(r"\s+", "", raw)
    for ev in _all_evidence(facts):
        assert 0 <= ev.start <= ev.end <= len(raw)
        assert re.sub(r"\s+", "", ev.text) in flat


@SETTINGS
@given(st.sets(st.text(alphabet="有限公司路a.(", min_size=0, max_size=5), max_size=8),
       st.text(alphabet="有限公司路a.(b", max_size=20))
def test_word_trie_matches_as_the_longest_first_alternation(ws, text):
    """lexicon.alternation: the same matches, spans and backtracking as "w1|w2|…" longest first."""
    from kg.extract.lexicon import alternation

    plain = "|".join(map(re.escape, sorted(ws, key=len, reverse=True)))
    trie = alternation(ws)
    for wrap in ("{}", "(?:{})(?!司)", "(?:(?:{})a?)+$"):
        a, b = re.compile(wrap.format(plain)), re.compile(wrap.format(trie))
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
        assert [m.span() if m else None for m in (a.match(text, 1), b.match(text, 1))][0] == \
            (b.match(text, 1).span() if b.match(text, 1) else None)
