"""Titles won or sought: the phrase after a verb of winning, seeking or being named.

    龙泉关镇 | 获评 | 全国乡村旅游重点镇
    我县     | 入选 | 全省休闲农业重点县 、 全省现代烟草农业发展成效突出县
    subject    verb   title (a level word opens it or a title word closes it), list items

The verbs, level words and title words are in ontology/lexicons/policy_award_verbs.txt,
policy_title_levels.txt and policy_title_heads.txt.
"""
from __future__ import annotations

import re

from kg.extract.policies import lexicon as lx
from kg.extract.policies.text import CJK, Candidate

# where the title phrase ends: a clause mark, or words that start what follows it
_END = re.compile(r"[，。；：！？,;:!?（(\n]|(?<=[\u4e00-\u9fff])(?:\d{4}年|(?<![一二三特甲乙丙])等|的|并|后|以来|以上|为|这一|美誉)")
# what stands between the verb and the title: "首批", "第二批", "2021年", "全国唯一的"
_SKIP = re.compile(r"(?:为|了|成为|成|挂牌)?(?:\d{4}年度?|第[一二三四五六七八九十\d]+[批届次]|[全省市国县]{1,2}(?:首[批个家]|唯一(?:一[个家])?)的?|首批|一批|新一批)*")
# what follows the title but is no part of it: its count, its process, its list
_TAIL = re.compile(r"(?:前\d+[位名]|第[一二三四五六七八九十\d]+[位名]?|(?:创建|建设|培育|推荐)?名单|创建成果|创建工作|创建|建设|称号|荣誉称号|荣誉|名额|复审|验收|\d+\s*[个家所处名人项条户]\S*|以上|等次)$")
_ITEM_SEP = re.compile(r"[、]|和(?=[全国省市中首])|及(?=[全国省市中首])")


# a short alternative in brackets inside a list of titles does not end it:
# "培育创建天府旅游名镇（名村）1个、天府旅游名品1个" (read as blanks, which _clean drops)
_ALTERNATIVE = re.compile(r"(?<=[\u4e00-\u9fff])（[\u4e00-\u9fff]{1,4}）(?=[\d、])")


# a list of holders closed by 等 and the title they hold, opened by its level: "发布米易红糖等
# 首批县级天府旅游名品6个", "新增潍柴重机、东晓生物等8家国家级制造业单项冠军企业" (40 in the
# corpus with a title word at the end, nearly all titles; the holders are no part of it)
_LEVEL_AFTER_LIST = re.compile(r"等(?<=[\u4e00-\u9fff”]等)(?:\d+[个家处所])?"  # (等 first: found by a fast scan)
                               r"(?=(?:首批|第[一二三四五六七八九十\d]+批)?(?:国家级|省级|市级|县级|全国|全省))")


def awards(text: str, base: int) -> list[Candidate]:
    out = []
    text = _ALTERNATIVE.sub(lambda m: " " * len(m.group()), text)  # (offsets kept)
    openers = sorted([*lx.award_verb_regex(text).finditer(text), *_LEVEL_AFTER_LIST.finditer(text)],
                     key=lambda v: v.start())
    for v in openers:
        start = v.end()
        skip = _SKIP.match(text, start)
        start = skip.end() if skip else start
        e = _END.search(text, start)
        stop = e.start() if e else len(text)
        phrase = text[start:stop]
        for at, item in _items(phrase, start):
            skip = _SKIP.match(item)  # each item may open with its own "省首批", "2021年"
            if skip and skip.end() < len(item):
                at += skip.end()
                item = item[skip.end():]
            name = _clean(item)
            if _is_title(name) and (v.re is not _LEVEL_AFTER_LIST or lx.title_head_regex().search(name)):
                # (after 等 the phrase runs on into its predicate: a title word must close it,
                # "…等国家级试点扎实推进" is none)
                s = base + at + item.find(name[:2]) if name[:2] in item else base + at
                out.append(Candidate(name, "designation", s, s + len(name), "award"))
    return out


def _items(phrase: str, start: int) -> list[tuple[int, str]]:
    """The list items of a title phrase with their offsets; an item that is a title on its own
    ends at 和 ("创建节约型机关和|绿色家庭、绿色学校"), unless what follows is a bare 示范… that
    shares its modifiers ("创业型示范乡镇和示范社区", "省级电商示范基地和示范企业")."""
    out, pos = [], start
    for item in _ITEM_SEP.split(phrase):
        k = item.find("和")
        if (k >= 4 and len(item) - k > 4 and not item.startswith("示范", k + 1)
                and lx.title_head_regex().search(_clean(item[:k]))):
            out += [(pos, item[:k]), (pos + k + 1, item[k + 1:])]
        else:
            out.append((pos, item))
        pos += len(item) + 1
    return out


def _clean(item: str) -> str:
    name = re.sub(r"[\s“”]", "", item)
    prev = None
    while prev != name:
        prev, name = name, _TAIL.sub("", name)
    return name


def _is_title(name: str) -> bool:
    if not (4 <= len(name) <= 30) or not CJK.match(name):
        return False
    if lx.title_not().search(name) or lx.stop().__contains__(name):
        return False
    leveled = lx.title_level_regex().match(name)
    if leveled and len(name) - leveled.end() < 3:
        return False  # a bare level: "全国", "省级"
    return bool(leveled or lx.title_head_regex().search(name))
