"""The policy extractor's data: cue words, opening verbs, stop lists, national policies.

All of it lives in ontology/lexicons/policy_*.{tsv,txt}; this module only loads and compiles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import alternation, words
from kg.paths import data_path


@dataclass(frozen=True)
class Cue:
    word: str
    kind: str
    use: str     # name | lname | vname | quote | after
    window: int  # characters allowed between a quotation and this cue


_WINDOW = {"name": 10, "lname": 10, "vname": 4, "quote": 4, "after": 0}


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in data_path("ontology", "lexicons", name).read_text(encoding="utf-8").splitlines():
        line = line.split("\t#", 1)[0]  # a trailing comment (counts) after a tab
        if line.strip() and not line.startswith("#"):
            out.append([c.strip() for c in line.split("\t")])
    return out


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    out = {}
    for r in _rows("policy_cues.tsv"):
        use = r[2] if len(r) > 2 else "name"
        out[r[0]] = Cue(r[0], r[1], use, int(r[3]) if len(r) > 3 and r[3] else _WINDOW[use])
    return out


@lru_cache(maxsize=None)
def cue_regex(uses: tuple[str, ...]) -> re.Pattern[str]:
    """Alternation of the cue words of the given uses, longest first."""
    return re.compile(alternation(c.word for c in cues().values() if c.use in uses))


@lru_cache(maxsize=1)
def item_end_regex() -> re.Pattern[str]:
    """Cues that end one item of a list ("举办茶博会、辣博会、旅发大会"): every 'name' cue and the
    events and activities (the 'vname' cues a quotation must touch, window 0); not 制度 or 工程,
    which lists of domains share ("行政审批制度、医药卫生体制等改革")."""
    return re.compile(alternation(c.word for c in cues().values()
                                  if c.use == "name" or c.use == "vname" and c.window == 0))


@lru_cache(maxsize=None)
def cue_end_regex(uses: tuple[str, ...]) -> re.Pattern[str]:
    """A cue word of the given uses at the end of a string."""
    return re.compile("(?:" + cue_regex(uses).pattern + ")$")


@lru_cache(maxsize=1)
def verb_regex() -> re.Pattern[str]:
    """Verbs that open a name (entries are regular expressions: some carry a lookahead)."""
    return re.compile("|".join(sorted(words("policy_verbs.txt"), key=len, reverse=True)))


@lru_cache(maxsize=1)
def name_verbs() -> frozenset[str]:
    """Opening verbs that are the name's own right before its cue (…培育工程, …创建活动)."""
    return frozenset(words("policy_name_verbs.txt"))


@lru_cache(maxsize=1)
def quote_verbs() -> tuple[str, ...]:
    return tuple(sorted(words("policy_quote_verbs.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def quote_object_verbs() -> tuple[str, ...]:
    return tuple(sorted(words("policy_quote_object_verbs.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def stop() -> frozenset[str]:
    return frozenset(words("policy_stop.txt"))


@lru_cache(maxsize=1)
def generic() -> re.Pattern[str]:
    """Searched in a cued name: a hit means the name is too generic to be one policy."""
    return re.compile("|".join(f"(?:{p})" for p in words("policy_generic.txt")))


@lru_cache(maxsize=1)
def quote_figures() -> re.Pattern[str]:
    """Matched against a whole quotation: a figure of speech or a record, not a policy."""
    return re.compile("|".join(f"(?:{p})" for p in words("policy_quote_figures.txt")))


@lru_cache(maxsize=1)
def quote_problem_after() -> re.Pattern[str]:
    """Matched at the start of the text after a quotation with no cue: the problem or the
    expense it qualifies ("“三公”经费", "“大班额”问题")."""
    return re.compile("|".join(words("policy_quote_problem_after.txt")))


@lru_cache(maxsize=1)
def reject_after() -> re.Pattern[str]:
    return re.compile("|".join(words("policy_reject_after.txt")))


@dataclass(frozen=True)
class National:
    name: str
    kind: str
    forms: tuple[str, ...]  # every written form, the name first


@lru_cache(maxsize=1)
def national() -> dict[str, National]:
    """Written form -> the national policy it names."""
    out: dict[str, National] = {}
    for r in _rows("policy_national.tsv"):
        forms = (r[0], *[f for f in (r[2].split("|") if len(r) > 2 else []) if f])
        n = National(r[0], r[1], forms)
        for f in forms:
            out[f] = n
    return out


@lru_cache(maxsize=1)
def national_regex() -> re.Pattern[str]:
    return re.compile(alternation(national()))


@lru_cache(maxsize=1)
def region_brands() -> dict[str, str]:
    """Prefix -> kind, for campaigns named after the report's region (平安绛县)."""
    return {r[0]: r[1] for r in _rows("policy_region_brands.txt")}


@lru_cache(maxsize=1)
def title_tail_regex() -> re.Pattern[str]:
    """Words right after the titles sought, not part of them ("…卫生县城创建")."""
    return re.compile(alternation(words("policy_title_tails.txt")))


@lru_cache(maxsize=1)
def _award_verbs() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The verb patterns (longest first), and the words each that may open with any
    character must end with ("" for the others)."""
    alts = tuple(sorted(words("policy_award_verbs.txt"), key=len, reverse=True))
    # (only for patterns that may open with any character: the others are found fast anyway)
    return alts, tuple(_final_words(a) if "[^" in a or "." in a else "" for a in alts)


def _final_words(pattern: str) -> str:
    """The Chinese characters a pattern ends with outside any group, class or quantifier
    ("…命名为"), which every match holds; "" when there are none or when the pattern has
    alternatives of its own at the top level."""
    depth = 0
    for ch in pattern:
        depth += ch in "([" and 1 or ch in ")]" and -1 or 0
        if ch == "|" and depth == 0:
            return ""
    m = re.search("[\u4e00-\u9fff]+$", pattern)
    return m.group() if m else ""


def award_verb_regex(text: str = "") -> re.Pattern[str]:
    """Verbs of winning, seeking or being named, before a title (longest first), without
    the patterns whose final words ``text`` does not hold: they cannot match in it, and one
    that opens with any characters ("被…命名为") is tried at every position (a third of
    the time policies spent on titles won)."""
    alts, finals = _award_verbs()
    return _award_regex(frozenset(i for i, w in enumerate(finals) if w and w not in text))


@lru_cache(maxsize=64)
def _award_regex(left_out: frozenset[int]) -> re.Pattern[str]:
    alts = [a for i, a in enumerate(_award_verbs()[0]) if i not in left_out]
    return re.compile("|".join(alts) if alts else "(?!)")


@lru_cache(maxsize=1)
def title_level_regex() -> re.Pattern[str]:
    """Level words that open a title (matched at its start)."""
    return re.compile("(?:" + "|".join(words("policy_title_levels.txt")) + ")")


@lru_cache(maxsize=1)
def title_head_regex() -> re.Pattern[str]:
    """Title words that close a designation (searched at its end)."""
    return re.compile("(?:" + "|".join(words("policy_title_heads.txt")) + ")$")


@lru_cache(maxsize=1)
def title_not() -> re.Pattern[str]:
    """Ends of phrases after a verb of winning that are no title (projects, funds)."""
    return re.compile("(?:" + "|".join(words("policy_title_not.txt")) + ")$")


@lru_cache(maxsize=1)
def shared_cues() -> frozenset[str]:
    """Campaign words a list of items shares ("A、B等专项行动"): policy_cues.tsv, use 'name',
    with a fourth column 'shared'."""
    return frozenset(r[0] for r in _rows("policy_cues.tsv") if len(r) > 4 and r[4] == "shared")


@lru_cache(maxsize=1)
def document_cues() -> frozenset[str]:
    """Cues that close the title of a document issued (办法, 实施意见, 若干措施): policy_cues.tsv,
    fifth column 'document'. Its name starts after the verb that issues it."""
    return frozenset(r[0] for r in _rows("policy_cues.tsv") if len(r) > 4 and r[4] == "document")


@lru_cache(maxsize=1)
def issuing_verb_regex() -> re.Pattern[str]:
    """Verbs that issue or carry out a document (出台, 制定, 落实), with what may follow them."""
    return re.compile("(?:" + "|".join(sorted(words("policy_issuing_verbs.txt"), key=len, reverse=True)) + ")")
