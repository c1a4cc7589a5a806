"""Titles in 《》: 《山西省安全生产条例》, 《曲沃县氢能产业发展规划》. The schema lists every
title in 《》 (reports and newspapers aside, policy_title_kinds.tsv 'not'), and the annotations
do (44 of 45 such titles in the annotated reports): a title with no document word in or right
after it (a film, a programme, a book) is kept too, as the annotations keep it, a campaign.
"""
from __future__ import annotations

import re

from kg.extract.lexicon import patterns
from kg.extract.policies import lexicon as lx
from kg.extract.policies.text import Candidate, after_text, clean, region_hint

_TITLE = re.compile(r"《([^《》\n]{2,60})》")
# kind by the title's last word, and titles that are never policies (policy_title_kinds.tsv)
_KINDS = patterns("policy_title_kinds.tsv")


def titles(text: str, base: int) -> list[Candidate]:
    out = []
    for m in _TITLE.finditer(text):
        name = clean(m.group(1)).replace("“", "").replace("”", "")
        if len(name) < 3 or _KINDS["not"].search(name):
            continue
        kind = _title_kind(name)
        after = after_text(text, m.end())
        aliases = [m.group(1).strip()] if "“" in m.group(1) else []
        if kind is None:
            c = lx.cue_regex(("name",)).match(after)
            if c is None:  # no document word in or after it: a film, a book, a programme
                kind = "campaign"
            else:
                kind = lx.cues()[c.group()].kind
                aliases.append(name + c.group())
        out.append(Candidate(name, kind, base + m.start(), base + m.end(), "title", aliases,
                             region_hint(text[:m.start()])))
    return out


def _title_kind(name: str) -> str | None:
    return next((k for k, pat in _KINDS.items() if k != "not" and pat.search(name)), None)
