"""Shared by the policy finders: the Candidate they yield and the small text helpers they
use (clauses, footnote markers, words that cannot end a name, who a name belongs to).

Offsets are in Document.text. Finders never raise on odd text: they skip what they cannot read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.lexicon import patterns, words

FOOTNOTE = re.compile(r"^\s*(?:\[\d{1,3}\]|〔\d{1,3}〕|［\d{1,3}］|[①-⑳])")
SPACE = re.compile(r"\s+")
# a clause ends at these; 、 does not (it joins the items of a distributive list)
CLAUSE = re.compile(r"[，。；：！？,;:!?“”《》（）()\[\]【】\n]")
# a cue word followed by one of these is part of a longer word (规划区, 政策性, 改革办)
_CONTINUES = words("policy_name_continues.txt")
NOT_END = {w for w in _CONTINUES if len(w) == 1}
NOT_END_WORDS = tuple(w for w in _CONTINUES if len(w) > 1)
# leading words that are no part of a name: self-references, quantities, levels
LEAD = re.compile("^(?:" + "|".join(words("policy_name_lead.txt")) + ")+")
CJK = re.compile(r"[\u4e00-\u9fff]")
# who issues a policy, from the words before its name (policy_region_hints.tsv)
_HINTS = patterns("policy_region_hints.tsv")


@dataclass
class Candidate:
    name: str
    kind: str
    start: int            # the name's span in Document.text (for overlap checks)
    end: int
    source: str           # title | quote | cue | national | glossary
    aliases: list[str] = field(default_factory=list)
    region_hint: str | None = None  # "国家", "省", "市" or a region name written before it
    weak: bool = False    # a quotation accepted only for the verb before it
    definition: str | None = None  # from the glossary entry its footnote marker points to


def clean(s: str) -> str:
    return SPACE.sub("", s).strip("、，,.。 ")


def after_text(text: str, i: int) -> str:
    """The text after position i, footnote markers and spaces dropped."""
    rest = text[i:i + 40]
    rest = FOOTNOTE.sub("", rest)
    return SPACE.sub("", rest)


def ends_word(after: str, j: int) -> bool:
    nxt = after[j:j + 2]
    return not nxt or (nxt[0] not in NOT_END and not nxt.startswith(NOT_END_WORDS))


def region_hint(before: str) -> str | None:
    """国家, 省 or 市 when the words right before a name say who issues it."""
    b = before[-6:]
    return next((hint for hint, pat in _HINTS.items() if pat.search(b)), None)
