"""Events held together, written "A暨B": "第六届四川“村长”论坛暨第二届乡村振兴县委书记峰会",
"首届中国·骆驼湾乡村振兴高峰论坛暨乡村产业发展研讨会". The joint event is one thing, named in
full (the annotations of 米易, 顺平 and 曲沃 do so); A alone becomes an alias, and a second
reading of B alone is dropped. In the corpus about 320 such joined names end in an event word
(论坛, 大会, 峰会, 博览会, 节, 运动会 …), mostly events held, some meetings of a party committee.
"""
from __future__ import annotations

import re

from kg.extract.policies.text import Candidate

# what B must end with: the word of an event held
_EVENT_END = re.compile(r"(?:论坛|峰会|大会|研讨会|推进会|交流会|洽谈会|恳谈会|交易会|博览会|会演|运动会|"
                        r"文化节|旅游节|艺术节|美食节|节|联展|系列活动|活动|赛)$")
# B runs from 暨 to the end of its phrase: a clause mark, a list mark, a parenthesis
_B_END = re.compile(r"[，。；：！？、,;:!?（()）\n]|和(?=[\u4e00-\u9fff第首])")
_QUOTES = re.compile(r"[“”‘’\"\s]")


def joined(text: str, base: int, cands: list[Candidate]) -> list[Candidate]:
    """cands with every event written before 暨 renamed to the joint event (a new list)."""
    out = list(cands)
    if "暨" not in text:
        return out
    for j in re.finditer("暨", text):
        stop = _B_END.search(text, j.end())
        b_raw = text[j.end():stop.start() if stop else len(text)]
        b = _QUOTES.sub("", b_raw)
        if not (4 <= len(b) <= 24 and _EVENT_END.search(b)):
            continue
        at = base + j.start()
        best = None  # (form, candidate): the longest form of a candidate written right before 暨
        for c in out:
            if not (c.start < at <= c.end + 12):
                continue
            for form in [c.name, *c.aliases]:
                if (_QUOTES.sub("", text[max(0, j.start() - len(form) - 4):j.start()]).endswith(form)
                        and _EVENT_END.search(form) and (best is None or len(form) > len(best[0]))):
                    best = (form, c)
        if best is None:
            continue
        form, c = best
        end = at + 1 + len(b_raw)
        name = form + "暨" + b
        renamed = Candidate(name, c.kind, c.start, end, c.source,
                            [f for f in dict.fromkeys([c.name, *c.aliases]) if f != name],
                            c.region_hint, c.weak, c.definition)
        # B read alone is part of the joint event
        out = [renamed if x is c else x for x in out
               if x is c or not (at < x.start and x.end <= end)]
    return out
