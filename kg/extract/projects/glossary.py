"""Projects named only in a report's glossary (名词解释, 注释).

The body counts a bundle of works and marks it for the glossary ("实施6个老旧小区改造提升〔22〕",
"完成5所中小学及幼儿园〔29〕新建、改扩建工程"); the glossary entry names them one by one
("〔22〕6个老旧小区改造提升：化工厂(南)家属楼、工商行家属楼、…等六个老旧小区。").  Each
named building is a project, at the stage and in the year the body sentence gives the bundle.
Only entries that explain a bundle counted in figures, list buildings with head words and
answer a body clause with a construction verb are read: most glossary entries explain
slogans ("四个最严：…", "“四个三”重大生态工程：…").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.projects.names import Clause, acceptable, read_zone
from kg.extract.projects.status import status_of
from kg.text.document import Document, Sentence

# "〔22〕6个老旧小区改造提升：…", "17.五座汉江大桥：…", "[3]两所学校：…"
_PAGE_REF = re.compile(r"[（(]见第\d+页[）)]")  # "(见第16页)", which the sentence split may put first
_ENTRY = re.compile(r"^\s*(?P<mark>〔\d{1,3}〕|\[\d{1,3}\]|\d{1,3}[.．、])?\s*(?P<term>[^：:。，]{2,30})[：:](?P<body>.+)$")
# a bundle counted in figures ("6个老旧小区改造提升", "5条快速路"); slogans count in words
# ("四个百万", "十项扶贫工程", "“六个一”服务平台": in a corpus sample of 255 glossaries
# every entry counted in words explained a slogan or programme)
_COUNTED = re.compile(r"^[^“”\d]{0,8}\d+(?:个|所|座|条|处|家)")
_NAMELY = re.compile(r"^(?:即|指|包括|主要包括|分别是|分别为)")


@dataclass
class GlossaryItem:
    name: str
    aliases: list[str]
    sentence: Sentence        # the glossary entry (the evidence)
    body: Sentence            # the body sentence that counts the bundle
    status: str


def _body_sentence(doc: Document, mark: str | None, term: str) -> tuple[Sentence, int] | None:
    """The body sentence that refers to the entry (by its note mark, else by its term) and
    where the term stands in it."""
    for s in doc.sentences:
        if s.part not in ("review", "plan"):
            continue
        if mark and mark.startswith(("〔", "[")) and mark in s.text:
            at = s.text.find(term)
            return s, at if at >= 0 else s.text.find(mark)
        if term in s.text and len(term) >= 4:
            return s, s.text.find(term)
    return None


def _segment(text: str, at: int) -> str:
    """The list item of the body sentence that holds position ``at``, with the verb of its
    clause: "完成|5所中小学及幼儿园〔29〕新建" of "…，完成5所…新建、改扩建工程，…"."""
    start = max(text.rfind(c, 0, at) for c in "，；。、") + 1
    ends = [i for i in (text.find(c, at) for c in "，；。、") if i >= 0]
    return text[start: min(ends) if ends else len(text)]


def items(doc: Document) -> list[GlossaryItem]:
    out: list[GlossaryItem] = []
    for s in doc.sentences:
        if s.part != "notes":
            continue
        m = _ENTRY.match(_PAGE_REF.sub("", s.text))
        if not m or not _COUNTED.search(m.group("term")):
            continue
        listed = _NAMELY.sub("", m.group("body").strip()).rstrip("。.；; ")
        zone = read_zone(Clause(0, listed))
        names = [it for it in zone.items if it.kind != "none" and acceptable(it.name)]
        if len(names) < 2:
            continue
        found = _body_sentence(doc, m.group("mark"), m.group("term").strip())
        if found is None:
            continue
        body, at = found
        status = status_of(_segment(body.text, max(at, 0)), body.part)
        if status is None:
            continue  # "3个绿色社区〔25〕创建": a title to win, not works
        out += [GlossaryItem(it.name, list(it.aliases), s, body, status) for it in names]
    return out
