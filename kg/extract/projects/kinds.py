"""Whether a name names one works or only a kind of works.

"公办幼儿园", "农村人居环境整治", "供热管网" (with a length) are what a report wants more of;
"县第一中学", "唐公沟中小河流治理", "徒骇河右岸公路" are works one can point at.  The tests
read the generic names, the modifiers of kind and the endings of proper names from
ontology/lexicons/project_generic.txt, project_kind_modifiers.txt, project_proper_ends.txt
and project_common_objects.txt.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.lexicon import alternation
from kg.extract.projects.words import (generic_names, head_kinds, head_word, longest, pattern, suffix_table,
                                       suffixes, word_set)

_TRAILING_PROJECT = re.compile(r"(?:建设)?(?:项目|工程)$")
_GENERIC_DROP = re.compile(r"[\s“”\"‘’《》]")
_GENERIC_PREFIX = re.compile(r"^(?:省级|市级|县级|国家级|重点|新建|续建|一批|各类|相关|主要|其他|其它|大型|部分|全部)")
_SPACE = re.compile(r"\s")
_PUNCT = re.compile(r"[，。；：、,;:]")
_RATE = re.compile(r"[\d.%％]+.*?[率%]")
_QUOTED_HEAD = re.compile(r"[^“”]“[^“”]{1,4}”$")
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")


def _kind_only(name: str) -> bool:
    """A facility named only by what kind it is (project_kind_modifiers.txt + a head word)."""
    head = head_word(name)
    if not head or len(head) == len(name) or head_kinds().get(head) == "road":
        return False  # (a road is named by any word: "文体南路")
    mods, mmax = word_set("project_kind_modifiers.txt")
    rest = re.sub(r"[（()）]", "", name[: -len(head)])
    while rest:
        w = longest(rest, len(rest), mods, mmax)
        if not w:
            return False
        rest = rest[: -len(w)]
    return True


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    n = _GENERIC_DROP.sub("", name)
    if n in generic_names():
        return True
    if _kind_only(_TRAILING_PROJECT.sub("", n) or n):
        return True
    core = _TRAILING_PROJECT.sub("", n)
    if not core or core in generic_names():
        return True
    core = _GENERIC_PREFIX.sub("", core)
    if not core or core in generic_names():
        return True
    cap = pattern("capacity").match(core)  # "38.6公里农村公路": a quantity of a generic thing
    if cap and core[cap.end():] in generic_names():
        return True
    table, maxlen = suffix_table()
    bare = _TRAILING_PROJECT.sub("", n) or n
    w = longest(bare, len(bare), table, maxlen)
    if w and table[w] == "action":
        return len(bare) - len(w) < 3  # "拆迁整治", "改扩建工程": works with no object named
    return False


@lru_cache(maxsize=65536)
def acceptable(name: str) -> bool:
    n = _SPACE.sub("", name)
    if len(n) < 3 or len(n) > 40:
        return False
    if pattern("count_start").match(n) or pattern("bad_start").match(n) or pattern("generic_name").match(n) or \
            pattern("generic_end").search(n) or pattern("generic_short").match(n):
        return False
    if pattern("bad_inside").search(n) or pattern("count_inside").search(n) or pattern("campaign").search(n) \
            or pattern("verb_object").search(n) \
            or pattern("campaign").search(n.strip("“”")):
        return False
    m = pattern("manner_works").search(n)  # "工业数字化改造": a manner of works, no object named
    if m and m.start() < 4:
        return False
    if _QUOTED_HEAD.search(n):
        return False  # "项目审批“绿色通道”", "富民“增收路”": a figure of speech, not a road
    if _PUNCT.search(n) or n.count("（") != n.count("）"):
        return False
    if _RATE.fullmatch(n) or not _TWO_HAN.search(n):
        return False
    return not is_generic(n)


_CODE = re.compile(r"[A-Za-z0-9０-９]")


@lru_cache(maxsize=1)
def _common_objects() -> re.Pattern[str]:
    """Common words that end like a place name; one followed by 域 is a river's 流域 (赤水河流域)."""
    return re.compile("(?:" + alternation(word_set("project_common_objects.txt")[0]) + ")(?!域)")


def works_object(name: str) -> str:
    """What a works noun works on: "唐公沟中小河流治理" -> "唐公沟中小河流"; the name itself
    when it ends with no works noun."""
    bare = _TRAILING_PROJECT.sub("", name) or name
    word = next((w for w, cls in suffixes() if cls == "action" and bare.endswith(w)), None)
    return bare[: -len(word)] if word else bare


def names_a_thing(name: str, known: frozenset[str] = frozenset(), facilities: bool = True) -> bool:
    """Whether a works names what it works on: a code or number ("G227", "205国道"), a
    facility with a name of its own ("遵阳街", "县第一中学"), a place or landmark ending
    (project_proper_ends.txt), or a name the report knows (its places, its enterprises).
    A facility of which a county has one counts too ("污水处理厂提标改造", "垃圾填埋场封场"),
    unless ``facilities`` is False (a length of 供热管网 is no one works)."""
    obj = works_object(name)
    if _CODE.search(obj):
        return True
    if any(obj[i:j] in known for i in range(len(obj)) for j in range(i + 2, len(obj) + 1)):
        return True
    table, maxlen = suffix_table()
    for i in range(len(obj), 1, -1) if facilities else ():
        w = longest(obj, i, table, maxlen)
        if w and table[w] in ("facility", "strong") and i >= 3 and not is_generic(obj[:i]):
            return True
    masked = _common_objects().sub(lambda m: "□" * len(m.group()), obj)
    ends, emax = word_set("project_proper_ends.txt")
    for i in range(3, len(masked) + 1):
        w = longest(masked, i, ends, emax)
        if w and i - len(w) >= 2 and "□" not in masked[i - len(w) - 2: i]:
            return True
    return False
