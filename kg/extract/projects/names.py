"""Finding project names in one clause: where the name starts and ends, list splitting.

A clause like "加快推进张高线、农村规模化集中供水等工程建设" is read as
  lead verb (加快推进) | zone (张高线、农村规模化集中供水) | list head (等工程) | predicate (建设)
and the zone is split into items, each classed by its head word (words.py) and checked
for being one works rather than a kind of works (kinds.py).
All word lists and patterns are data files; this module only knows the clause shape.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.lexicon import alternation
from kg.extract.projects.kinds import acceptable, is_generic, names_a_thing, works_object  # noqa: F401 (re-exported)
from kg.extract.projects.status import status_cue, weighted_status
from kg.extract.projects.words import (QUOTES, NOTE_MARK, head_class, head_kinds, head_word, longest,  # noqa: F401
                                       openings, pattern, suffix_table, suffixes, word_class, word_set)

_CLAUSE_END = set("，,；;：:。！？!?")
_OPEN = {"（": "）", "(": ")", "“": "”", "《": "》", "「": "」", "‘": "’", "【": "】"}
_LISTY = re.compile(r"[、和与及等]|\d+[个条座所家项]")  # a zone that may hold several names
_TRAILING_XIANGMU = re.compile(r"(?:建设)?项目$")
_QUOTE_DROP = re.compile(r"[“”\"‘’「」]")
_LEAD_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:公里|千米)的?")
_HEAD_COUNT = re.compile(r"^(?:(?:\d+|[一二三四五六七八九十两]+)[余多]?(?:个|项|条|座|所|家|大)|一批)")
_HEAD_N = re.compile(r"(\d+|[一二三四五六七八九十两]+)(?:个|项|条|座|所|家|大)")
_LEAD_MARK = re.compile(r"[（(〔\[]\d{1,2}[）)〕\]]|[①-⑳]")


@dataclass
class Clause:
    start: int  # offset in the sentence
    text: str


@dataclass
class Item:
    name: str
    start: int                     # offset of the item in the sentence
    kind: str                      # strong | facility | action | none (its head word's class)
    aliases: list[str] = field(default_factory=list)
    listed: bool = False           # in a list closed by 等…项目/工程 or a count
    shares_project: bool = False   # in a list whose last name ends with 项目/工程 ("A、B项目")
    measured: bool = False         # written with a length ("徒骇河右岸公路26公里"): to be a project it
                                   # must name a place; "供热管网120公里" is a length of a kind of works


@dataclass
class Zone:
    """One clause's object zone and what governs it."""

    clause: Clause
    lead: str                      # the verbs before the zone
    tail: str                      # predicate after the zone
    head: str                      # the list head after 等 or a count ("项目", "商住小区")
    items: list[Item]
    investment: tuple[str, str] | None = None
    anchored: bool = False         # named by its role ("以X为牵引", "以X、Y为代表的…项目")


_CLAUSE_RE = re.compile(r"[^，,；;：:。！？!?]+")
_CLAUSE_SPECIAL = re.compile("[" + re.escape("".join(sorted({*_OPEN, *_OPEN.values(), *_CLAUSE_END}))) + "]")


def clauses(text: str) -> list[Clause]:
    """Split a sentence at commas, semicolons and colons that are not inside brackets or quotes."""
    if not any(ch in text for ch in _OPEN):  # the common case: nothing to keep together
        return [Clause(m.start(), m.group()) for m in _CLAUSE_RE.finditer(text)]
    out, start, stack = [], 0, []
    for m in _CLAUSE_SPECIAL.finditer(text):  # the brackets, quotes and clause ends only
        i, ch = m.start(), m.group()
        if ch in _OPEN:
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in _CLAUSE_END and not stack:
            if i > start:
                out.append(Clause(start, text[start:i]))
            start = i + 1
        if len(stack) > 3:
            stack.clear()
    if start < len(text):
        out.append(Clause(start, text[start:]))
    return out


def _verb_run(text: str, q: int) -> int:
    """Where the verbs (project_verbs.txt) that start at q end, again and again longest
    first; an adverb (project_lead_adverbs.txt) counts only before a verb ("重点|抓好",
    "先行|推进", "先后|引进|了")."""
    verbs, maxlen = word_set("project_verbs.txt")
    advs, amax = word_set("project_lead_adverbs.txt")
    by_first, adv_first = openings(verbs), openings(advs)
    n = len(text)

    def verb_at(i: int) -> str | None:
        if i >= n:
            return None
        top = min(maxlen, n - i)
        return next((text[i:i + k] for k in by_first.get(text[i], ()) if k <= top and text[i:i + k] in verbs), None)

    while q < n:
        v = verb_at(q)
        if not v:
            top = min(amax, n - q)
            a = next((text[q:q + k] for k in adv_first.get(text[q], ()) if k <= top and text[q:q + k] in advs
                      and verb_at(q + k)), None)
            if not a:
                break
            v = a
        q += len(v)
    return q


@lru_cache(maxsize=65536)  # (read_zone asks twice for most clauses: to gate, then to cut)
def _strip_lead(text: str) -> tuple[str, int]:
    """The verbs at the start of a clause (after a short preamble) and where the zone begins."""
    pre = pattern("preamble").match(text)
    starts = [0] + ([pre.end()] if pre else [])
    for p in starts:
        q = _verb_run(text, p)
        if q > p:
            return text[:q], q
    return "", 0


# a verb-like word that goes on as an office or a street is part of the name (建设局, 建设路)
_NOT_AFTER_VERB = set("局厅处委办路街大村镇")


def _verb_at_start(text: str) -> int:
    """Length of the verbs (project_verbs.txt) that open text, 0 if none."""
    return _verb_run(text, 0)


@lru_cache(maxsize=65536)
def _strip_tail(text: str) -> tuple[str, str]:
    """Zone and predicate: predicates and their adverbs peeled off the end, repeatedly."""
    preds, pmax = word_set("project_predicates.txt")
    advs, amax = word_set("project_adverbs.txt")
    end = len(text)
    while end > 2:
        w = longest(text, end, preds, pmax) or longest(text, end, advs, amax)
        if not w:
            t = pattern("time_tail").search(text[:end]) or pattern("spent_tail").search(text[:end])
            w = t.group() if t else None
        if not w or end - len(w) < 2:
            break
        end -= len(w)
    return text[:end], text[end:]


def _split_outside(text: str, seps: str) -> list[tuple[int, str]]:
    """Split at the separator characters that are not inside brackets or quotes."""
    parts, start, stack = [], 0, []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in seps and not stack:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    return parts


_CONJ = "和及与"


def _split_conj(off: int, text: str, in_list: bool, owners: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """Split an item at 和/与 when the left side is a whole name of its own (it ends with a
    facility or project head word), or the right side opens with a number (a new capacity)
    or a company's name.  及 joins parts of one works ("城东水厂及管网建设项目"): never split,
    but a counted bundle after it ("…服务楼及3个乡镇卫生院综合楼项目") is dropped."""
    for i, ch in enumerate(text):
        if ch not in "和与及" or i < 2 or i > len(text) - 3 or pattern("not_conj").match(text, i):
            continue
        left, right = text[:i], text[i + 1:]
        if left.count("（") != left.count("）") or left.count("(") != left.count(")"):
            continue
        if ch == "及":
            if pattern("count_start").match(right):
                return [(off, left)]
            continue
        lk = head_class(left)
        if ch == "和" and left.endswith("建设") and len(left) >= 6 and head_class(right) == "strong":
            # "新型智慧城市试点建设和“数字城管”二期工程": a works, then a second one
            return [(off, left[:-2])] + _split_conj(off + i + 1, right, in_list, owners)
        right_core = re.sub(r"(?:项目|工程)$", "", right)
        if (lk == "action" or len(right_core) <= 2) and is_generic(right) or \
                len(right_core) <= 2 and head_class(right_core) == "none":
            continue  # "铁山污水处理厂提标和扩容工程": a second works on the same thing
        if ch == "和" and lk == "action" and len(left) >= 6 and head_class(right) in ("strong", "facility") \
                and len(right) >= 6 and not is_generic(right):
            # "京津风沙源治理和黄河粗泥沙集中来源区拦沙工程": a works, then a second one with a name
            # of its own (not "铁山污水处理厂提标和扩容工程": 扩容工程 names nothing)
            return [(off, left)] + _split_conj(off + i + 1, right, in_list, owners)
        right_num = bool(re.match(r"\d", right))
        if len(right) < 3 or head_class(right) == "action" and len(right) <= 3:
            continue  # "…高炉与配套": a part of the same works, not a second name
        if lk in ("strong", "facility") and head_class(right) == "action":
            continue  # "西厢路与涑水西街雨污分流改造": one works on both
        right_owner = any(right.startswith(o) and len(right) > len(o) + 2 for o in owners)
        if lk in ("strong", "facility") or left.endswith(("）", ")")) or right_num or (
                right_owner and head_class(right) == "strong") or (
                in_list and ch == "和" and head_class(right) != "none" and len(left) >= 4) or (
                in_list and ch == "和" and head_class(right) in ("strong", "facility") and len(left) >= 3) or (
                in_list and ch == "和" and lk == head_class(right) == "none" and len(left) >= 4
                and len(right) >= 4):
            return [(off, left)] + _split_conj(off + i + 1, right, in_list, owners)
    return [(off, text)]


def _same_kind(names: tuple[str, ...], stem: str) -> bool:
    """Whether the stem's head word is the head word of every name, or all are one kind of
    facility (project_head_kinds.tsv: roads, schools…)."""
    heads = {head_word(n) for n in names} | {head_word(stem)}
    if None in heads:
        return False
    kinds = {head_kinds().get(h, h) for h in heads}
    return len(heads) == 1 or len(kinds) == 1


def _shared_works(first: tuple[str, ...], last: str) -> str | None:
    """The works written once after the last of a list of named facilities, shared by all
    of them when they are of one kind: "永卿路、虞黄路|改建工程", "汇鑫路、光明路|雨污分流改造".
    The stem is the longest start of the last name that ends with such a head word."""
    bare = re.sub(r"(?:项目|工程)$", "", last)
    word = next((w for w, cls in suffixes() if cls == "action" and bare.endswith(w)), None)
    if word is None:
        return None
    end = len(bare) - len(word)
    for p in range(end, 2, -1):
        stem = last[:p]
        if end - p > 6 or status_cue(last[p:end]) or re.search("[及和与、]", last[p:end]):
            break  # "长堤中路及亲水步道|升级改造": the works is the second name's
        if head_class(stem) == "facility" and _same_kind(first, stem):
            return last[p:]
    return None


def _distribute(items: list[tuple[int, str]]) -> list[tuple[int, str, str | None]]:
    """A shared head after a run of bare names ("嘉峰、中村污水处理厂", "东部三镇一区、土沃规模化
    供水") goes to every bare name of the run: (offset, name, the shared tail or None)."""
    out = [(o, t, None) for o, t in items]
    if len(items) < 2:
        return out
    kinds = [head_class(t) for _, t in items]
    # earlier items are names already; an action tail (…提升改造) may still be shared
    *first, (lo, last) = items
    if first and all(k == "facility" for k in kinds[:-1]):
        w = _shared_works(tuple(t for _, t in first), last)
        if w:
            return [(o, t + w, w) for o, t in first] + [(lo, last, None)]
        return out
    run: list[int] = []
    for i, (o, t) in enumerate(items):
        if _is_short_name(t):
            run.append(i)
            continue
        # where the shared head starts: bare names all alike in length set the stem's length
        # ("杨河、新城、小岭|棚户区改造"); else a head word of three characters or more that
        # leaves a short stem ("重遵扩容、遵仁…、德余|高速公路"); one bare name goes either way
        # ("嘉峰、中村|污水处理厂").  With neither, "亚新科、博翔汇良技术创新中心" keeps its
        # boundary unknown.
        if run and kinds[i] != "none" and run[-1] == i - 1 and not t.startswith(("“", "《")):
            table, maxlen = suffix_table()
            word = longest(t, len(t), table, maxlen)
            bare = [items[j][1] for j in run]
            alike = len({len(b) for b in bare}) == 1
            by_word = bool(word) and len(word) >= 3 and 2 <= len(t) - len(word) <= min(4, max(map(len, bare)) + 2) \
                and not any(b[-1] == word[-1] for b in bare)  # "贵州科学城、花溪大学城": two names
            if alike and (len(run) > 1 or not by_word):
                n = len(bare[0])
                last = {b[-1] for b in bare}
                end = _common_end(bare)
                k_near = 0 < t.find(bare[0][-1], 1) < max(map(len, bare)) + 2
                # one bare name: its last character one place either side of where its length
                # ends the stem ("榆阳河、沙河|生态保护治理", "跨东江、跨西枝江|大桥"); farther off it
                # is chance ("串场河、新洋港滨河|景观廊道", "天柱至玉屏、玉屏至镇远|高速公路"), and a
                # stem of the bare name's length that ends like a place stays ("西华山、香山寺|国家…")
                k_one = len(run) == 1 and 0 < t.find(bare[0][-1], 1) and abs(t.find(bare[0][-1], 1) + 1 - n) <= 1 \
                    and not t[:n].endswith(tuple(word_set("project_proper_ends.txt")[0] | _UNIT_ENDS))
                area = pattern("area_word").search(t, 2)
                if len(last) == 1 and (len(run) > 1 and k_near or k_one or last <= _UNIT_ENDS) \
                        and (k := t.find(next(iter(last)), 1)) != -1 and k < len(t) - 2:
                    n = k + 1  # "白庙村、西显阳村|片区改造", "地热能、太阳能、风能|综合利用项目":
                    # the stem ends where the bare names do
                elif end and (k := t.find(end, 1)) != -1 and k + len(end) < len(t) - 2:
                    n = k + len(end)  # "赤水河流域、乌江流域|生态保护修复工程"
                elif len(run) == 1 and area and area.start() <= 5 and not bare[0].endswith(area.group()):
                    n = area.start()  # "白庙、西显阳|片区安置区"
            elif by_word:
                n = len(t) - len(word)
                while table[word] != "action" and head_class(t[:n]) != "none" \
                        and (w2 := longest(t, n, table, maxlen)) and n - len(w2) >= 2:
                    n -= len(w2)  # "冯红、郭神|铁路专用线": the stem ends with a head word of its own
                    # (not a works: "国省干线、县乡公路|改造升级" shares no 公路)
            else:
                run = []
                continue
            if re.match(r"[A-Za-z0-9][A-Za-z0-9]", t[n - 1: n + 1]):
                run = []
                continue  # "华峰系列、永荣CPL一期": a stem never ends inside a code
            tail = t[n:]
            if tail.endswith("建设") and len(tail) > 4:
                tail = tail[:-2]  # "寻乌至全南、南昌至宁都|高速公路|建设"
            if len(re.sub(r"(?:项目|工程)$", "", tail)) >= 2 and head_class(t[:n]) == "none" \
                    and not _firm_cue(tail):  # "端州、鼎湖…四会建成省级产业园": a verb is no head
                for j in run:
                    out[j] = (items[j][0], items[j][1] + tail, tail)
        run = []
    return out


def _common_end(names: list[str]) -> str:
    """The ending (two characters or more) that bare names of four or more characters share:
    "赤水河流域" alone gives "流域", so "乌江流域生态…" splits after 流域."""
    if min(map(len, names)) < 4:
        return ""
    end = names[0][-2:] if len(names) == 1 else os.path.commonprefix([n[::-1] for n in names])[::-1]
    return end if 2 <= len(end) < min(map(len, names)) else ""


def _firm_cue(text: str) -> bool:
    """A status cue that is a verb of its own (建成, 开工…), not a works noun that also hints
    at a stage (加固, 建设: weight 1)."""
    return any((w := weighted_status(text, part)) and w[1] >= 2 for part in ("review", "plan"))


_UNIT_ENDS = set("村镇乡区县市路街")  # the last character of a place's or street's name


def _is_short_name(t: str) -> bool:
    """A bare place/company stem in a list ("嘉峰", "潘庄至开发区"): short, no head word."""
    if not (2 <= len(t) <= 5 or 5 <= len(t) <= 7 and "至" in t):
        return False
    if head_class(t) == "none" or "至" in t:
        return True
    table, maxlen = suffix_table()
    return longest(t, len(t), table, maxlen) == t  # a place that is a head word too ("新城")


def _clean(name: str) -> str:
    name = name.strip(" 　").split("——")[-1]  # "…会议议案——南山垃圾填埋场封场工程"
    m = pattern("investment").match(name)
    if m:
        name = name[m.end():].lstrip("的 ")
    if name.startswith("的"):  # "投资100亿元|的中国汽车零部件（保定）产业基地"
        name = name[1:]
    name = _LEAD_LENGTH.sub("", name)  # "7.7公里|环城水系", "28公里|小凌河滨河路五期工程"
    name = NOTE_MARK.sub("", name)  # "“五馆两中心”[4]": a reference to a note
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    if name.startswith("（") and "）" not in name[1:]:
        name = name[1:]
    return name


@lru_cache(maxsize=65536)
def _aliases(name: str) -> tuple[str, ...]:
    return tuple(aliases_for(name))


def aliases_for(name: str, head: str | None = None) -> list[str]:
    """Other forms the same report may use: with or without 项目/工程/建设, with the list head."""
    out = []
    bare = _TRAILING_XIANGMU.sub("", name)
    if bare != name and len(bare) >= 3:
        out.append(bare)
    if not name.endswith(("项目", "工程")):
        out.append(name + "项目")
    if name.endswith("工程") and len(name) > 5:
        out.append(name[:-2])
    if head and not name.endswith(head):
        out.append(name + head)
    plain = _QUOTE_DROP.sub("", name)
    if plain != name:
        out.append(plain)
    area = pattern("area_prefix").match(name)
    if area and head_class(name) != "none" and not is_generic(name[area.end():]):
        out.append(name[area.end():])  # "中心城区金鸡路二期" is 金鸡路二期 of the city centre
    return [a for a in dict.fromkeys(out) if a != name]


@lru_cache(maxsize=1)
def _signal() -> re.Pattern[str]:
    """Words without which a clause names no project: a project head word or a status cue."""
    from kg.extract.projects.status import cue_words

    heads = [w for w, cls in suffixes() if cls in ("strong",)] + list(cue_words())
    return re.compile(alternation([*heads, "以"]))  # (a trie: see lexicon.alternation)


_QUOTED = re.compile(r"“[^“”]{2,10}”")


def _built_tail(tail: str) -> bool:
    """A predicate that only a built works takes: 通车, 贯通, 通水, 封顶, 竣工, 并网…"""
    return bool(pattern("built_tail").search(tail))


def _item_end(part: str) -> tuple[str, bool]:
    """An item of a list without what a clause would have after it: its own predicate
    ("S465青皮村至坪山村段|年内建成通车、…"), or its length ("徒骇河右岸公路|26公里"), and
    whether it had a length."""
    bare, tail = _strip_tail(part)
    if len(tail) >= 3 and status_cue(tail) and len(bare) >= 3:
        part = bare
    q = pattern("trailing_quantity").search(part)
    if q and q.start() >= 3 and head_class(part[: q.start()]) != "none":
        if re.fullmatch(r"\d+[个座处]", q.group()) and int(q.group()[:-1]) > 1:
            return "", False  # "新建乡镇文化站8个": a quota
        if q.group().endswith("公里"):
            return part[: q.start()], True  # (an area, "…示范区0.5万亩", is a planting, not a works)
    return part, False


def read_zone(clause: Clause, owners: tuple[str, ...] = ()) -> Zone:
    text = clause.text
    if not (_signal().search(text) or head_class(text) != "none" or _strip_lead(text)[0]) \
            or pattern("skip_clause").search(text):  # (a lead verb too: "加固广电桥、…等桥梁")
        return Zone(clause, "", "", "", [])
    # a 的 before the name closes a description ("总投资…的", "服务优的…")
    cut = text.rfind("的")
    base = 0
    inv_de = [m.end() for m in pattern("investment").finditer(text) if text.startswith("的", m.end())]
    if len(inv_de) >= 2 and cut in inv_de:
        cut = -1  # "投资0.77亿元的地表水厂、投资0.15亿元的污水处理厂提标改造": each item has its own
    if cut >= 0 and len(_strip_tail("□□" + text[cut + 1:])[0]) >= 5 and not re.search("项目|工程", text[:cut]):
        base = cut + 1
    else:
        mark = _LEAD_MARK.match(text)  # "⑨投资795万元完成…"
        im = pattern("investment").match(text, mark.end() if mark else 0)
        if im:
            base = im.end()
    lead, q = _strip_lead(text[base:])
    if base and not lead:
        lead = _strip_lead(text)[0]  # "实施惠及7000人的农村供水保障工程": the verb before 的
    zone_start = base + q
    zone, tail = _strip_tail(text[zone_start:])
    # "米会高速、米盐高速|纳入全省高速路网规划": the projects are the subject
    into_plan = pattern("into_plan").search(zone)
    if into_plan and into_plan.start() >= 3 and head_class(zone[: into_plan.start()]) != "none":
        zone, tail = zone[: into_plan.start()], zone[into_plan.start():] + tail
    # "…、雨润食品等项目|落户", "…葛华水厂等工程|正|加快建设": after a list's 项目/工程 comes its predicate
    lp = pattern("list_predicate").search(zone)
    if lp and status_cue(lp.group("pred")):  # (not "等项目|快速成长", "等项目|审批": no stage)
        zone, tail = zone[: lp.start("pred")], zone[lp.start("pred"):] + tail
    anchored = False
    measured_zone = False
    measured: set[int] = set()
    q = pattern("trailing_quantity").search(zone)  # "建成有机旱作小麦生产基地1万亩"
    if q and q.start() >= 3 and head_class(zone[: q.start()]) != "none":
        if re.fullmatch(r"(\d+)[个座处]", q.group()) and int(q.group()[:-1]) > 1 and "等" not in zone:
            return Zone(clause, lead, tail, "", [])  # "建设…基地4个": a quota, not a named project
        zone, tail = zone[: q.start()], zone[q.start():] + tail
        measured_zone = q.group().endswith("公里")
    # "以智慧水产冷链物流园建设为牵引": the project the clause builds on
    m = pattern("built_on").match(text)
    if m and (m.group("role").startswith(("代表", "主要内容")) and re.search("项目|工程", m.group("role"))
              or "建设" in m.group(0)[: m.end("name") + 2]):
        zone, tail, lead, zone_start = m.group("name"), "建设", "建设", m.start("name")
        anchored = True
    # "…项目首批130MW并网发电": a predicate after the last 项目/工程 of the zone
    if head_class(zone) == "none":
        cut = zone.rfind("项目")
        if cut >= 3 and status_cue(zone[cut + 2:] + tail) and not zone.startswith(("公司", "企业"), cut + 2):
            zone, tail = zone[: cut + 2], zone[cut + 2:] + tail
    if not anchored and head_class(zone) == "none" and _QUOTED.fullmatch(zone) and _built_tail(tail):
        anchored = True  # "“大北环”全线通车": a quoted name that is opened to traffic is a works
    if not anchored and zone in owners and len(zone) >= 4 and pattern("plant_tail").search(tail):
        anchored = True  # "确保一臣饲料建成投产", "中尚药业年内投产": the firm's plant
    if not anchored and head_class(zone) == "none" and not _LISTY.search(zone):
        return Zone(clause, lead, tail, "", [])  # one name with no head word: nothing to find
    invest = None
    m = pattern("investment").search(text)
    if m:
        invest = (m.group("value"), m.group("unit") if m.group("unit").endswith("元") else m.group("unit") + "元")
    head = ""
    m = pattern("list_deng").search(zone)
    if m and m.start() >= 2:
        head = m.group("head")
        zone = zone[: m.start()]
    else:
        m = pattern("list_count").search(zone)
        if m and re.search("[、和]", zone[: m.start()]):
            head = zone[m.start():]  # with its count: "两条铁路"
            zone = zone[: m.start()]
        m = None if head else pattern("list_count_da").search(zone)
        if m and _count(m.group("n")) == len(_split_outside(zone[: m.start()], "、")) > 1:
            head = zone[m.start():]  # "…、南县医美健康产业园、双枪全竹循环产业园|十大产业项目": all ten named
            zone = zone[: m.start()]
    if (pattern("skip_lead").search(lead) and not into_plan) or pattern("programme_head").match(head.strip(QUOTES)):
        return Zone(clause, lead, tail, head, [], invest)
    head_core = _HEAD_COUNT.sub("", head)
    count_m = _HEAD_N.match(head)
    in_list = "、" in zone or bool(head)
    raw_items: list[tuple[int, str]] = []
    for off, part in _split_outside(zone.replace("以及", "、、"), "、"):
        if not part:
            continue
        if raw_items or off:  # "建成富硒农业产业园、建设富硒科技馆": a later item with a verb of its own
            v = _verb_at_start(part)
            if v >= 2 and len(part) - v >= 3 and part[v] not in _NOT_AFTER_VERB:
                off, part = off + v, part[v:]
        at_end = off + len(part) == len(zone)
        part, was_measured = _item_end(part)
        if was_measured or (measured_zone and at_end):
            measured.add(off)
        raw_items += _split_conj(off, part, in_list, owners)
    table, maxlen = suffix_table()
    if any(table.get(t) == "action" for _, t in raw_items):
        return Zone(clause, lead, tail, head, [], invest)  # "…新建、改造8条道路": a list of verbs
    n_listed = _count(count_m.group(1)) if count_m else 0
    exhaustive = bool(n_listed) and n_listed == len(raw_items)
    if head_core and head_class(head_core) in ("facility", "strong") and (exhaustive or (
            not is_generic(head_core) and not head_core.endswith(("项目", "工程"))
            and not pattern("category_head").search(head_core))):
        dist = [(o, t, None) for o, t in raw_items]
        shared_head = head_core
    else:
        dist = _distribute(raw_items)
        shared_head = None
        if raw_items and raw_items[-1][0] in measured and any(sh for _, _, sh in dist):
            measured.update(o for o, _ in raw_items)  # "供排水、供气、供热管网815公里": all of them
    items = []
    shares = len(dist) > 1 and dist[-1][1].endswith(("项目", "工程"))
    counted = bool(count_m) and not exhaustive
    head_kind = head_class(head_core) if head_core else "none"
    table, maxlen = suffix_table()
    list_word = longest(shared_head, len(shared_head), table, maxlen) if shared_head else None
    for off, name, shared in dist:
        lead_ws = len(name) - len(name.lstrip(" 　"))
        name = _clean(name)
        if not name:
            continue
        als = []
        base_name = name if shared is None else name[: -len(shared)]
        if shared and len(base_name) >= 4:
            als.append(base_name)
        kind = head_class(name)
        if counted and kind == "none" and shared is None and head_kind not in ("strong", "action"):
            continue  # "西明德、北林交、吉庄等5个村庄污水治理站": examples of a bundle of buildings
        if kind == "none" and shared is None and head and pattern("category_projects").search(head_core) \
                and not (exhaustive and count_m.group(0).endswith("大")) \
                and not any(name.startswith(o) and len(name) > len(o) for o in owners):
            continue  # "钒钛深加工、新能源等产业项目": kinds of industry, not names (a firm's is one,
            # "易迅达电路板、…等182个产业项目", and so is each of "…十大产业项目" named in full)
        if shared_head and word_class(name) == "none" and shared_head.endswith(("项目", "工程")) and (
                pattern("category_projects").search(shared_head)):
            pass  # "…、积葭无醛芦芯板、…十大产业项目": a kind of project adds nothing to the name
        elif shared_head and word_class(name) == "none":
            # "遵泸、遵铜等铁路", "郑庄、东大、里必三座大型骨干矿井": each bare name takes the head
            if list_word and list_word != shared_head and len(list_word) >= 2:
                als.append(name + list_word)  # 郑庄矿井 too
            name, als = name + shared_head, als + ([name] if len(name) >= 4 else [])
            kind = head_class(shared_head)
        elif shared_head and not shared_head.endswith(("项目", "工程")):
            als += [name + shared_head, name + "项目"]
        elif head_kind == "action" and kind == "none" and shared is None and count_m:
            # "华森苑等5个老旧小区改造", "颛顼龙洞等6个A级景区提档升级": the works of each
            word = longest(head_core, len(head_core), table, maxlen)
            if word and word != head_core:
                als.append(name + word)
            name, als = name + head_core, als + ([name] if len(name) >= 4 else [])
            kind = "action"
        elif head_core.endswith(("项目", "工程")):
            als.append(name + head_core[-2:])
        als += _aliases(name)
        if shares and kind == "none":
            als.append(name + dist[-1][1][-2:])
        items.append(Item(name, zone_start + off + lead_ws, kind, list(dict.fromkeys(a for a in als if a != name)),
                          listed=bool(head), shares_project=shares and kind == "none" and len(name) >= 5,
                          measured=off in measured))
    return Zone(clause, lead, tail, head, items, invest, anchored)


_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _count(n: str) -> int:
    if n.isdigit():
        return int(n)
    if len(n) == 1:
        return _CN.get(n, 0)
    if n.startswith("十"):
        return 10 + _CN.get(n[1:], 0)
    return 0


def capacity(name: str) -> str | None:
    m = pattern("capacity").search(name)
    return re.sub(r"\s", "", m.group("cap")) if m else None
