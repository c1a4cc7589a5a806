"""Titles in 《》 that name a document: 《山西省安全生产条例》, 《曲沃县氢能产业发展规划》.
A title with no document word in or right after it (a book, a play) is not a policy.
"""
from __future__ import annotations

import re

from kg.extract.policies import lexicon as lx
from kg.extract.policies.text import Candidate, after_text, clean, region_hint

_TITLE = re.compile(r"《([^《》\n]{2,60})》")


def titles(text: str, base: int) -> list[Candidate]:
    out = []
    for m in _TITLE.finditer(text):
        name = clean(m.group(1)).replace("“", "").replace("”", "")
        if len(name) < 3 or name.endswith(("报告", "日报", "晚报", "杂志", "讲话")) or name.startswith("纲要"):
            continue
        kind = _title_kind(name)
        after = after_text(text, m.end())
        aliases = [m.group(1).strip()] if "“" in m.group(1) else []
        if kind is None:
            c = lx.cue_regex(("name",)).match(after)
            if c is None:  # no document word in or after it: a book, a play, a song
                continue
            kind = lx.cues()[c.group()].kind
            aliases.append(name + c.group())
        out.append(Candidate(name, kind, base + m.start(), base + m.end(), "title", aliases,
                             region_hint(text[:m.start()])))
    return out


def _title_kind(name: str) -> str | None:
    if re.search(r"(条例|办法|规定|细则|规则|准则|法|决定|规程|标准|制度|责任制|机制|措施|政策|通知|若干条|\d+条|协定|公约|法典)"
                 r"(?:[（(][^）)]*[）)])?$", name):
        return "regulation"
    if re.search(r"(规划|方案|计划|纲要|意见|要点|清单|指南|建议|目录)(?:[（(][^）)]*[）)])?$", name):
        return "plan"
    if re.search(r"战略$", name):
        return "strategy"
    if re.search(r"(行动|工程|活动)$", name):
        return "campaign"
    return None


