"""Statistical indicators: results (review part) and targets (plan part) as Observations.

A sentence is cut into clauses (at ，；：). An indicator name (ontology/indicators.ttl) opens
a statement when what stands before it in its clause is a plain lead (全县, 2022年, 实现 …)
and what follows is a verb, a number or a rate — so 人均地区生产总值 or 服务业营业收入 are
not read as 地区生产总值 or 服务业. The statement runs on through the clauses that continue
it (同比增长…, 绝对额居全市第四) and stops at the next subject. From it come the level
(number + unit of the indicator's dimension), the year-on-year rate, a rank phrase and, for
targets, the qualifier (左右, 以上 …) or a target stated in words (与经济增长同步).
Names standing for several indicators (城乡居民人均可支配收入, 一产、二产、三产) are read
against distributive lists ("分别增长8%、8.8%"), as are lists of names before 分别/均.
The year is the part's (review → review year, plan → plan year) unless the statement's clause
or the sentence opening names another; a target for a later horizon (今后五年, 到2025年,
a section on the 十四五 goals) is a target of the horizon's end year (horizon.py); rates
against an older base year (比2015年), sub-period figures (一季度) and multi-year
totals are not read. A figure about another real place (北董乡地区生产总值) carries that
place as its region. Quantities outside the vocabulary are read by other.py.
One observation per (region, year, indicator, kind): a restatement only fills what the
first reading lacked (the rank of "服务业…全市第一"), never a second number.
All cue words are in ontology/lexicons/indicator_patterns.tsv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.indicators import by_place, horizon
from kg.extract.indicators.vocab import Concept, label_re, vocabulary
from kg.extract.lexicon import patterns, words
from kg.extract.model import Evidence, Observation, ReportFacts
from kg.extract.numbers import NUMBER, Quantity, clean_number, quantities, to_float
from kg.paths import data_path
from kg.text.document import Document, Sentence

_CLAUSE_SEP = re.compile(r"[，,；;：:]")
_NEW_NOUN = re.compile(r"、(?=[\u4e00-\u9fff])(?![^（(]*[）)])|其中")  # not inside （市、区）
_PCT_LIST = re.compile(
    rf"(?P<verb>增长|增加|提高|下降|减少|降低|增速|增幅)?(?:为|了|达到|达|分别为)?\s*"
    rf"(?P<list>{NUMBER}\s*[%％](?:\s*(?:左右|以上))?(?:\s*(?:[、和及]|以及)\s*(?:增长|下降)?\s*{NUMBER}\s*[%％](?:\s*(?:左右|以上))?)+)")
_PCT_NUM = re.compile(rf"(?P<neg>下降)?\s*(?P<num>{NUMBER})\s*[%％](?P<q>\s*(?:左右|以上))?")
_BARE_NUMBER = re.compile(rf"^(?:为|是|达到|达|仅)?\s*(?P<num>{NUMBER})(?![\d.]|\s*[%％倍个年月日项])")
_ASIDE = re.compile(r"[（(][^（）()\d]{1,12}[）)]")  # （预计，下同）: an aside, not content
_BASE_YEAR = re.compile(r"(?:比|较)((?:19|20)\d\d)年[^，；]{0,6}$")
_BASE_LEVEL = re.compile(r"(?:由|从)((?:19|20)\d\d)\s*年(?:的|底|末)?\s*$")
_RESPECTIVE_CLAUSE = re.compile(r"\s*(?:同比|比上年|较上年)?(?:分别|均)")
_DIGIT = re.compile(r"\d")
_LIST_HEAD = re.compile(r"(?:[\u4e00-\u9fff]{1,12}(?:、|和|及))+$")
_SIGNAL = re.compile(r"\d|第|前[一二三四五六七八九十]|首位|末位|同步|经济增长")  # sentences worth reading
_CUMULATIVE_LEVEL = re.compile(r"\s*累计(?:完成|实现|达到|达)?\s*\d")
_DECREASE = {"下降", "减少", "降低", "回落", "下滑", "减", "降"}


def _p(name: str) -> re.Pattern[str]:
    return patterns("indicator_patterns.tsv")[name]


@lru_cache(maxsize=1)
def _groups() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    out = []
    for line in data_path("ontology", "lexicons", "indicator_groups.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pat, _, keys = line.partition("\t")
            out.append((re.compile(pat.strip()), tuple(keys.split())))
    return out


def group_names() -> list[re.Pattern[str]]:
    """The patterns of names that stand for several indicators (indicator_groups.tsv)."""
    return [p for p, _ in _groups()]


@lru_cache(maxsize=1)
def _siblings() -> dict[tuple[str, str], str]:
    out = {}
    for line in data_path("ontology", "lexicons", "indicator_siblings.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, dim, other = line.split("\t")[:3]
            out[(key.strip(), dim.strip())] = other.strip()
    return out


@lru_cache(maxsize=1)
def _ellipsis() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    out: dict[str, list] = {}
    for line in data_path("ontology", "lexicons", "indicator_ellipsis.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, pat, other = line.split("\t")[:3]
            out.setdefault(key.strip(), []).append((re.compile(pat.strip()), other.strip()))
    return out


@lru_cache(maxsize=1)
def _subjects() -> list[tuple[re.Pattern[str], str]]:
    """"粮食生产…，总产达到49.9万吨": head words named after a subject (indicator_subjects.tsv)."""
    out = []
    for line in data_path("ontology", "lexicons", "indicator_subjects.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            subject, head, key = (c.strip() for c in line.split("\t")[:3])
            out.append((re.compile(rf"(?:^|(?<=[，,。；;：:]))(?:{subject})[^，,。；;：:]{{0,24}}?[，,、]\s*"
                                   rf"(?P<head>{head})(?=稳定|保持|达到|达|完成|为|实现|突破|超过|\s*\d)"), key))
    return out


@lru_cache(maxsize=1)
def _split_names() -> list[tuple[re.Pattern[str], str]]:
    """"规模以上工业实现增加值684亿元": a name with its verb inside (indicator_split_names.tsv)."""
    out = []
    for line in data_path("ontology", "lexicons", "indicator_split_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            subject, measure, key = (c.strip() for c in line.split("\t")[:3])
            out.append((re.compile(rf"(?:{subject})(?:实现|完成)(?:{measure})"), key))
    return out


@dataclass
class Mention:
    start: int
    end: int
    keys: tuple[str, ...]       # one concept, or several for a group name
    hidden: bool = False        # a loose name: only a rank is read after it
    checked: bool = True        # lead/follow rules apply
    distributive: str = ""      # 分别 / 均 for a list of names ("X、Y分别增长…")


@dataclass
class Reading:
    key: str
    year: int
    kind: str
    sentence: Sentence
    value: Quantity | None = None
    growth: float | None = None
    rank: str | None = None
    qualifier: str | None = None
    text: str | None = None
    region: str | None = None
    pos: int = 0                # where the name stands in the sentence
    end: int = 0                # where it ends
    partial: bool = False       # a figure for part of the year ("前三季度，…增长4.8%")


# ---------------------------------------------------------------- finding names

def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_SEP.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pat, keys in _groups():
        for m in pat.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                found.append(Mention(m.start(), m.end(), keys))
                taken.append((m.start(), m.end()))
    for pat, key in _split_names():
        for m in pat.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                found.append(Mention(m.start(), m.end(), (key,)))
                taken.append((m.start(), m.end()))
    vocab = vocabulary()
    for m in label_re().finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        key, hidden = vocab.by_name[m.group()]
        found.append(Mention(m.start(), m.end(), (key,), hidden))
    for pat, key in _subjects():
        for m in pat.finditer(text):
            if not any(a < m.end("head") and m.start("head") < b for a, b in taken):
                found.append(Mention(m.start("head"), m.end("head"), (key,), checked=False))
    for m in _p("signed_projects").finditer(text):
        # "签约项目15个，总投资80.84亿元": the amount after the count is the signed total
        found.append(Mention(m.end(), m.end(), ("signed_investment",), checked=False))
    return sorted(found, key=lambda x: x.start)


def _lists(text: str, clauses, mentions: list[Mention]) -> tuple[list[Mention], set[int]]:
    """Lists of names before 分别/均 ("规上工业增加值、固定资产投资分别增长1.5%、1%"): one
    Mention whose keys follow the list (None for a name outside the vocabulary)."""
    out, consumed = [], set()
    for a, b in clauses:
        d = _p("respectively").search(text, a, b)
        if not d:
            continue
        inside = [m for m in mentions if a <= m.start < d.start() and m.checked]
        if not inside:
            continue
        digit = None
        for digit in _DIGIT.finditer(text, inside[0].start, d.start()):
            pass
        if digit:  # "X增长8%左右、Y、Z分别增长…": the list starts after the last figure
            sep = _p("list_sep").search(text, digit.end(), d.start())
            inside = [m for m in inside if sep and m.start >= sep.end()]
            if not inside or inside[0].start != sep.end():
                continue
        if any(len(m.keys) > 1 for m in inside):
            continue  # a group name (城乡居民…) is read by _distribute as it stands
        # names before the first known one belong to the list too ("农业、规模以上工业、服务业增加值")
        lo = sep.end() if digit else a
        head = _LIST_HEAD.search(text, lo, inside[0].start)
        start = head.start() if head else inside[0].start
        if not digit and not _p("lead").search(text[a:start].strip()):
            continue
        subject = _p("list_tail").sub("", text[start:d.start()])
        items = [x.strip() for x in _p("list_sep").split(subject)]
        keys = [_list_item(it, items[-1]) for it in items]
        if len(items) < 2 or not any(keys):
            continue
        out.append(Mention(start, d.end(), tuple(keys), checked=False, distributive=d.group()))
        consumed |= {id(m) for m in inside}
    return out, consumed


def _list_item(item: str, last: str) -> str | None:
    """The concept an item of a list names, the list's shared head word supplied when the
    item lacks it ("规模以上工业" + "…增加值" in "农业、规模以上工业、服务业增加值")."""
    vocab = vocabulary()
    for cand in [item] + [item + last[-n:] for n in range(len(last) - 1, 0, -1)]:
        hit = vocab.by_name.get(cand)
        if hit and not hit[1]:
            return hit[0]
    return None


def _accepted(text: str, m: Mention, clause_start: int) -> bool:
    if not m.checked:
        return True
    pre = text[clause_start:m.start].strip()
    if not (_p("lead").search(pre) or _other_region(pre)):
        return False
    return bool(_p("follow").match(text[m.end:]))


def _other_region(pre: str) -> str | None:
    """"北董乡地区生产总值…": the figure is about the place named right before the indicator."""
    r = _p("region_lead").search(pre)
    if not r or _p("region_generic").fullmatch(r.group("region")):
        return None
    return r.group("region") if _known_place(r.group("region")) else None


@lru_cache(maxsize=4096)
def _under(name: str, region: str) -> bool:
    """Is ``name`` a division under ``region`` (仁怀 under 遵义市), not the region itself?"""
    from kg import gazetteer
    return any(region not in (d.name, d.short) for d in gazetteer.lookup(name, within=region))


@lru_cache(maxsize=4096)
def _known_place(name: str) -> bool:
    """Only real divisions (the gazetteer knows them) count: "力争更多县" is no place."""
    from kg import gazetteer
    return bool(gazetteer.lookup(name))


# ---------------------------------------------------------------- reading a statement

def _new_noun(text: str, a: int, b: int):
    """Where a new subject starts inside a clause ("1.64亿公斤、蔬菜总产量…"); a rank or rate
    after 、 ("超4440亿元、全省第三") continues the statement."""
    for c in _NEW_NOUN.finditer(text, a, b):
        if c.group() == "其中" or not _p("continuation").match(text[c.end():b]):
            return c
    return None


def _scope(text: str, m: Mention, clauses, starts: list[int]) -> list[tuple[int, int]]:
    """The pieces of the sentence that speak of the indicator named at ``m``."""
    ci = next(i for i, (a, b) in enumerate(clauses) if a <= m.start <= b)
    nxt = min((s for s in starts if s > m.start), default=len(text))
    end = min(clauses[ci][1], nxt)
    cut = _new_noun(text, m.end, end)
    pieces = [(m.end, cut.start() if cut else end)]
    if cut or end == nxt:
        return pieces
    for a, b in clauses[ci + 1:]:
        if any(a <= s < b for s in starts) or not _p("continuation").match(text[a:b]):
            break
        cut = _new_noun(text, a, b)
        pieces.append((a, cut.start() if cut else b))
        if cut:
            break
    return pieces


def _other_base_year(text: str, year: int) -> bool:
    """"由2015年的5.16亿元增加到7.53亿元，增长45.9%", "与2015年相比…下降43.6%": the rate is
    over several years, not year-on-year."""
    return any(int(b.group(1)) != year - 1 for b in _p("base_year").finditer(text))


def _not_yearly(before: str, average_ok: bool = False) -> bool:
    """Does the text before a rate make it no year-on-year rate (累计, 比2015年…)? An average
    over years (年均) is the growth of a target for a five-year horizon (``average_ok``)."""
    return bool(_p("growth_skip").search(before) or (not average_ok and _p("average").search(before)))


def _growth_in(piece: str, key: str, review: bool, year: int | None = None,
               average_ok: bool = False) -> float | None:
    for g in _p("growth").finditer(piece):
        before = piece[:g.start()]
        base = _BASE_YEAR.search(before)
        if base and year and int(base.group(1)) == year - 1:
            pass  # "2021年…比2020年增长9.5%" is the year-on-year rate
        elif _not_yearly(before, average_ok) or _p("share").search(before):
            continue
        if review and (_p("review_target").search(before) or g.group("bound")):
            continue
        num = to_float(g.group("num"))
        if g.group("pct") == "倍":
            num *= 100
        verb = g.group("verb")
        if verb in _DECREASE or (verb == "改善" and key in _lower_is_better()):
            num = -abs(num)
        return num
    flat = _p("flat").search(piece)
    if flat and not _p("share").search(piece[:flat.start()]):
        return 0.0  # "与上年持平"
    return None


@lru_cache(maxsize=1)
def _lower_is_better() -> frozenset[str]:
    return frozenset(words("indicator_lower_is_better.txt"))


def _usable(piece: str, q: Quantity, kind: str, threshold_ok: bool = False) -> bool:
    """Can ``q`` be the statement's level? A bound in a result ("突破6亿元") only when
    ``threshold_ok``: it is the level when the statement gives no exact one."""
    before = piece[:q.start]
    if _p("share").search(before) or _p("change_before").search(before):
        return False
    if re.search(r"(?:由|从)(?:(?:19|20)\d\d年(?:的|底|末)?)?\s*$", before):
        return False  # "由X增加到Y": Y is the level
    if kind == "actual" and _p("review_target").search(before):
        return False
    if kind == "actual" and not threshold_ok and _p("threshold_before").search(before):
        return False
    if re.match(r"\s*[/／每]", piece[q.end:]):
        return False  # a ratio (元/吨), not a level
    if re.match(r"\s*(?:(?:以上|以下|左右)?的|(?:以上|以下)[\u4e00-\u9fff])", piece[q.end:]):
        return False  # "超10亿元的园区": a size class, not a level
    return True


def _same_dimension(unit_dim: str, concept_dim: str | None) -> bool:
    """A money figure may be written in US dollars (进出口总值13亿美元)."""
    return unit_dim == concept_dim or (concept_dim == "money" and unit_dim == "money_usd")


def _qualifier(piece: str, start: int, end: int) -> str | None:
    m = _p("qualifier_after").match(piece[end:])
    if m:
        return m.group("q")
    m = _p("qualifier_before").search(piece[:start])
    return m.group("q") if m else None


def _read(text: str, m: Mention, pieces, kind: str, year: int, s: Sentence,
          average_ok: bool = False) -> list[Reading]:
    vocab = vocabulary()
    key = m.keys[0]
    concept: Concept = vocab.concepts[key]
    review = kind == "actual"
    main = Reading(key, year, kind, s, pos=m.start, end=m.end)
    others: dict[str, Reading] = {}
    bound: Quantity | None = None  # "财政收入突破6亿元": the level, unless an exact one follows
    bases: dict[int, Reading] = {}   # levels of a base year
    for a, b in pieces:
        piece = text[a:b]
        if _RESPECTIVE_CLAUSE.match(piece):
            break  # "X A，Y B，分别增长p和q": read for all the names by _respective_rates
        if main.rank is None:
            r = _p("rank").search(piece)
            if r:
                start = r.start()
                count = re.search(r"(?:连续)?[\d一二三四五六七八九十]+$", piece[:start])
                if r.group().startswith(("个", "年")) and count:  # "连续4个季度保持全省前3位", "连续7年全省第1"
                    start = count.start()
                    named = re.fullmatch(r"(?:19|20)\d\d", count.group())
                    if named and int(named.group()) != year:  # "增速2010年居全省第15位": another year's rank
                        r = None
                    elif named:
                        start = r.start() + 1
            if r:
                end = r.end()
                if re.match(r"(?:由|从)", r.group()):  # "从全省第8位提升至第7位": the rank reached
                    to = _p("rank").search(piece, end)
                    end = to.end() if to and to.start() - end <= 6 else end
                main.rank = re.sub(r"^(?:同比)?(?:增长|下降)?\s*[\d.]*[%％]?\s*(?=\D)", "",
                                   piece[start:end]).strip() or None
        if m.hidden:
            continue
        if main.text is None and kind == "target":
            main.text = _target_text(piece, average_ok)
        if main.growth is None and not _other_base_year(text[:a] + piece, year):
            rg = _p("range").search(piece) if kind == "target" else None
            if rg:
                main.growth, main.qualifier, main.text = to_float(rg.group("lo")), "区间", rg.group()
            else:
                main.growth = _growth_in(piece, key, review, year, average_ok)
                if main.growth is not None and kind == "target" and main.qualifier is None:
                    g = _p("growth").search(piece)
                    main.qualifier = (g.group("bound") or _qualifier(piece, g.start(), g.end())) if g else None
        if concept.dimension is None:
            bn = _BARE_NUMBER.match(piece) if a == m.end else None
            if bn and main.value is None:
                main.value = Quantity(clean_number(bn.group("num")), None, a + bn.start("num"), a + bn.end("num"))
            continue
        for q in quantities(piece):
            base = _BASE_LEVEL.search(piece[:q.start])
            if (base and int(base.group(1)) < year and int(base.group(1)) not in bases
                    and _same_dimension(q.unit.dimension, concept.dimension)):
                # "由2015年的45.58亿元增长到70.11亿元": 45.58 is the actual of 2015
                bases[int(base.group(1))] = Reading(key, int(base.group(1)), "actual", s, value=q, pos=m.start)
                continue
            if not _usable(piece, q, kind):
                if (bound is None and kind == "actual" and _usable(piece, q, kind, threshold_ok=True)
                        and _same_dimension(q.unit.dimension, concept.dimension)):
                    bound = q
                continue
            target_key = key if _same_dimension(q.unit.dimension, concept.dimension) \
                else _siblings().get((key, q.unit.dimension))
            if target_key is None:
                continue
            r = main if target_key == key else others.setdefault(target_key, Reading(target_key, year, kind, s, pos=m.start))
            if r.value is None:
                r.value = q
                if kind == "target" and r.qualifier is None:
                    r.qualifier = _qualifier(piece, q.start, q.end)
    if m.hidden and main.rank is None:
        return []
    if main.value is None and bound is not None:
        main.value = bound
    return [main, *others.values(), *bases.values()]


def _distribute(text: str, m: Mention, pieces, kind: str, year: int, s: Sentence,
                average_ok: bool = False) -> list[Reading]:
    """Several names against lists of the same length: "城乡居民可支配收入分别完成33524元、
    13622元，同比增长6.4%、6.7%"; with 均 one figure for all ("X、Y均增长10%")."""
    n = len(m.keys)
    reads = [Reading(k, year, kind, s, pos=m.start, end=m.end) if k else None for k in m.keys]
    live = [r for r in reads if r is not None]
    scope = "，".join(text[a:b] for a, b in pieces)
    review = kind == "actual"
    if _other_base_year(text[:m.end] + scope, year):
        pass  # rates over several years: only the levels are read
    elif m.distributive == "均" or _one_rate_for_all(text, m, pieces):
        g = _growth_in(scope, "", review, average_ok=average_ok)
        for r in live:
            r.growth = g
    else:
        for lst in _PCT_LIST.finditer(scope):
            nums = list(_PCT_NUM.finditer(lst.group("list")))
            context = text[max(0, m.start):m.end] + scope[:lst.start()]
            if len(nums) != n or (lst.group("verb") is None and not re.search(r"增|降|减", context[-12:])):
                continue
            if (_not_yearly(context, average_ok) or _p("share").search(context[-12:])
                    or (review and _p("review_target").search(scope[:lst.start()]))):
                break
            neg = lst.group("verb") in _DECREASE
            for r, x in zip(reads, nums):
                if r is not None and r.growth is None:
                    v = to_float(x.group("num"))
                    r.growth = -v if (neg or x.group("neg")) else v
                    if kind == "target" and x.group("q"):
                        r.qualifier = x.group("q").strip()
            break
        qs = [q for q in quantities(scope) if _usable(scope, q, kind)]
        concepts = vocabulary().concepts
        if len(qs) == n and all(r is None or _same_dimension(q.unit.dimension, concepts[r.key].dimension)
                                for r, q in zip(reads, qs)):
            for r, q in zip(reads, qs):
                if r is not None:
                    r.value = q
    if kind == "target":
        t = _target_text(scope, average_ok)
        for r in live:
            if t and r.growth is None:
                r.text = t
    return [r for r in live if r.growth is not None or r.value is not None or r.text]


def _target_text(piece: str, horizon: bool) -> str | None:
    """A target in words: "与经济增长同步"; for a later horizon also "比2010年翻一番"."""
    t = _p("sync_text").search(piece) or (_p("doubling").search(piece) if horizon else None)
    return t.group() if t else None


def _one_rate_for_all(text: str, m: Mention, pieces) -> bool:
    """"进出口贸易总额、实际利用外资年均分别增长10%以上": 分别 with a single rate gives it to each."""
    first = text[pieces[0][0]:pieces[0][1]]
    respective = m.distributive.startswith("分别") or re.match(r"\s*(?:年均|同比)?分别", first)
    return bool(respective) and len(re.findall(r"[%％]", first)) == 1


# ---------------------------------------------------------------- years and parts

def _year(text: str, pos: int, kind: str, review_year: int, plan_year: int) -> int | None:
    """The year a statement is about: one named in the statement's own clause before it or
    opening the sentence ("2022年，全县…"), else the part's. "高于2023年4.2个百分点" or
    "分别为2016年的1.5倍" in another clause say nothing about it."""
    clauses = _clauses(text[:pos])
    spans = [clauses[-1]]
    if len(clauses) > 1 and clauses[0][1] - clauses[0][0] <= 12:
        spans.insert(0, clauses[0])
    ys = [int(y.group("y")) for a, b in spans for y in _p("year").finditer(text, a, b)]
    default = plan_year if kind == "target" else review_year
    if not ys:
        return default
    y = ys[-1]
    if kind == "target":
        return y if y >= plan_year else None
    return y if y <= review_year else None


def _partial_opening(text: str, clause_start: int) -> bool:
    """"前三季度，全市地区生产总值增长4.8%；1—11月，…固定资产投资增长8.4%": a short clause
    opening the sentence (or its part after ；) names a part of the year for what follows."""
    seg = max(text.rfind("；", 0, clause_start), text.rfind(";", 0, clause_start)) + 1
    first = _CLAUSE_SEP.search(text, seg, clause_start)
    return bool(first and first.start() - seg <= 12 and _p("subperiod").search(text, seg, first.start()))


def _full_year_restart(text: str, m: Mention, starts: list[int]) -> Mention | None:
    """After figures for parts of the year, the statement for the whole year, if it follows."""
    nxt = min((x for x in starts if x > m.start), default=len(text))
    full = _p("full_year").search(text, m.end, nxt)
    if not full:
        return None
    return Mention(full.start(), full.end(), m.keys, m.hidden, checked=False, distributive=m.distributive)


def _kind(s: Sentence, review_year: int, plan_year: int, section: int | None = None,
          prefix: str = "") -> str | None:
    """target in the plan part, in a section about the next five years (``section``, from its
    heading) and in any "主要预期目标是：…" list, also when it runs on over ； (``prefix``: the
    list's sentences before this one), for reports whose plan part was not recognised (2 of
    434 corpus reports since the text layer reads parts by words and years); actual in the
    review part."""
    if s.part not in ("plan", "review", "head"):
        return None  # notes: definitions, not statements
    if section:
        return "target"
    for opening in (s.text, prefix):
        cue = _p("target_list").search(opening)
        if cue and f"{review_year}年" not in opening[:cue.start()]:
            return "target"
    # "head" holds the body of reports whose layout hid the part headings (the title block
    # has no figures of indicators)
    return "target" if s.part == "plan" else "actual"


# ---------------------------------------------------------------- the extractor

def _sentence_readings(doc: Document, s: Sentence, review_year: int, plan_year: int,
                       section: int | None = None, index: int | None = None,
                       region: str | None = None) -> list[Reading]:
    """``section``: the end of the five-year horizon the sentence's top-level section is
    about, when its heading says;
    ``index``: the sentence's place in the document; ``region``: the report's own region."""
    if not _SIGNAL.search(s.text):
        return []
    prefix = horizon.list_prefix(doc, index) if index is not None else ""
    kind = _kind(s, review_year, plan_year, section, prefix)
    if kind is None:
        return []
    if kind == "target":
        section = horizon.list_horizon(prefix, plan_year, section)
    # asides such as "（预计，下同）" are blanked (same length, so offsets hold)
    text = _ASIDE.sub(lambda x: " " * len(x.group()), s.text)
    mentions = _mentions(text)
    if not mentions:
        return []
    clauses = _clauses(text)
    out: list[Reading] = []
    lists, consumed = _lists(text, clauses, mentions)
    queue = sorted(lists + [m for m in mentions if id(m) not in consumed], key=lambda m: m.start)
    starts = [m.start for m in queue]
    over_period = kind == "actual" and _over_a_period(doc, s, review_year)
    while queue:
        m = queue.pop(0)
        cstart = next(a for a, b in clauses if a <= m.start <= b)
        if not _accepted(text, m, cstart):
            continue
        pieces = None
        partial = False
        if _p("subperiod").search(text, cstart, m.start) or _p("subperiod").match(text, m.end):
            m = _full_year_restart(text, m, starts)  # "一季度下降8.7%，…，全年完成4222亿元，增长1.5%"
            if m is None:
                continue
        elif _partial_opening(text, cstart):
            # "前三季度，…增长4.8%，…，预计全年增长5%": the whole year's figure if it follows,
            # else the part's, which stands only where the report gives none for the year
            full = _full_year_restart(text, m, starts)
            m, partial = (full, False) if full else (m, True)
        year = _year(text, m.start, kind, review_year, plan_year)
        if kind == "target" and year == plan_year:
            year = horizon.target_year(text, m.start, plan_year, section)
        if year is None:
            continue
        if _p("cumulative").search(text, cstart, m.end if m.distributive else m.start):
            continue  # "五年累计完成固定资产投资3880亿元"
        if kind == "target" and year > plan_year and "累计" in text[cstart:m.start]:
            continue  # a goal's total over its years ("累计完成固定资产投资3000亿元以上") is no end-year level
        pieces = _scope(text, m, clauses, starts)
        if kind == "actual" and m.keys == ("signed_investment",) and _event_subtotal(text, m.start):
            continue
        if over_period and "累计" in text[cstart:pieces[0][1]]:
            continue  # "五年来，…外贸进出口额累计完成2874亿元": a total over the years
        if _p("period").search(text, 0, m.start) and _CUMULATIVE_LEVEL.match(text, m.end, pieces[0][1]):
            continue  # "“十二五”时期，社会消费品零售总额累计完成1600.6亿元" (not "累计增长29.3%，达到3500亿元")
        if kind == "actual" and _p("period_multiple").search(text, m.end, pieces[-1][1]):
            continue  # "累计完成固定资产投资837亿元，是“十一五”的3.2倍": a total over the years
        if any(_p("subperiod").search(text[a:b]) for a, b in pieces[:1]):
            m = _full_year_restart(text, m, starts)
            if m is None:
                continue
            pieces = _scope(text, m, clauses, starts)
        if len(m.keys) > 1:
            out.extend(_distribute(text, m, pieces, kind, year, s, average_ok=year > plan_year))
            continue
        place = _other_region(text[cstart:m.start].strip()) if m.checked else None
        for r in _read(text, m, pieces, kind, year, s, average_ok=kind == "target" and year > plan_year):
            r.region = r.region or place
            r.partial = partial
            out.append(r)
        # "…面积保持在34万亩以上，产量稳定在13万吨左右": the next clause names a sibling by its head
        after = re.match(r"[，,；;、]", text[pieces[-1][1]:])
        if after:
            p = pieces[-1][1] + 1
            for pat, other in _ellipsis().get(m.keys[0], []):
                e = pat.match(text[p:])
                if e and p not in starts:
                    queue.insert(0, Mention(p, p + e.end(), (other,), checked=False))
    _respective_rates(text, clauses, out, kind)
    _shared_text(text, out)
    for key, rank, pos in _ranked_list(text, clauses):
        year = _year(text, pos, kind, review_year, plan_year)
        if year is not None and kind == "actual":
            out.append(Reading(key, year, kind, s, rank=rank, pos=pos))
    for f in by_place.read(text, clauses, region, _under):
        year = _year(text, f.start, kind, review_year, plan_year)
        if kind == "target" and year == plan_year:
            year = horizon.target_year(text, f.start, plan_year, section)
        if year is not None:
            out.append(Reading(f.key, year, kind, s, value=f.value, region=f.place, pos=f.start))
    if over_period:
        for r in out:
            r.growth = None
    return out


def _event_subtotal(text: str, pos: int) -> bool:
    """Is a signed amount one event's ("在兰洽会上…签约项目72个、签约额393.7亿元")? An event
    named before it in the sentence, and nothing after the event naming the whole year or
    region ("…洽谈会等招商活动，全年共签约招商引资项目15个，总投资80.84亿元" is the year's)."""
    last = None
    for last in _p("signing_event").finditer(text, 0, pos):
        pass
    return last is not None and not _p("whole_scope").search(text, last.end(), pos)


def _ranked_list(text: str, clauses) -> list[tuple[str, str, int]]:
    """"地区生产总值、第二产业增加值…4项主要指标增速居全市第二": (key, rank, position) for each
    name of the vocabulary in a list that shares one rank."""
    out = []
    for m in _p("ranked_list").finditer(text):
        rank = _p("rank").match(text, m.end())
        if not rank:
            continue
        a = next(a for a, b in clauses if a <= m.start() <= b)
        items = [_p("ranked_item_tail").sub("", x.strip()) for x in text[a:m.start()].split("、")]
        if len(items) < 2:
            continue
        vocab = vocabulary()
        pos = a
        for item in items:
            hit = vocab.by_name.get(item)
            if hit and not hit[1]:
                out.append((hit[0], rank.group().strip(), pos))
            pos += len(item) + 1
    return out


def _shared_text(text: str, readings: list[Reading]) -> None:
    """"地区生产总值和城乡居民人均收入比2010年翻一番": a name with nothing of its own, joined by
    和/、 to the next one, shares that one's target in words."""
    for r in readings:
        if r.kind != "target" or r.value or r.growth is not None or r.rank or r.text or not r.end:
            continue
        nxt = min((x for x in readings if x.pos > r.pos), key=lambda x: x.pos, default=None)
        if nxt is not None and nxt.text and re.fullmatch(r"\s*(?:和|、|及|与)\s*", text[r.end:nxt.pos]):
            r.text = nxt.text


def _over_a_period(doc: Document | None, s: Sentence, review_year: int) -> bool:
    """Is the sentence part of a retrospective over several years (五年来…)?"""
    if f"{review_year}年" in s.text:
        return False
    context = s.text
    if doc is not None and 0 <= s.paragraph < len(doc.paragraphs):
        para = doc.paragraphs[s.paragraph]
        context = doc.text[para.start:s.end]
    return bool(_p("period").search(context)) and not _p("last_year").search(context)


def _respective_rates(text: str, clauses, readings: list[Reading], kind: str) -> None:
    """"城镇居民…36440元，农村居民…17400元，分别增长9.2%和10%": a clause of rates for the
    names stated just before it, in order."""
    for a, b in clauses:
        if not _RESPECTIVE_CLAUSE.match(text[a:b]):
            continue
        lst = _PCT_LIST.search(text, a, b)
        if not lst or lst.group("verb") is None:
            continue
        nums = list(_PCT_NUM.finditer(lst.group("list")))
        before = [r for r in readings if r.pos < a and r.growth is None]
        if len(before) < len(nums):
            continue
        neg = lst.group("verb") in _DECREASE
        for r, x in zip(before[-len(nums):], nums):
            v = to_float(x.group("num"))
            r.growth = -v if (neg or x.group("neg")) else v


def _observation(doc: Document, r: Reading, region: str) -> Observation | None:
    if r.value is None and r.growth is None and not r.rank and not r.text:
        return None
    c = vocabulary().concepts[r.key]
    ev: Evidence = doc.evidence(r.sentence.start, r.sentence.end, r.sentence)
    q = r.value
    return Observation(
        indicator=c.label, in_vocabulary=True, region=r.region or region, year=r.year, kind=r.kind,
        evidence=ev, value=q.value if q else None, unit=q.unit.name if q and q.unit else None,
        value_in_base_unit=q.in_base_unit if q else None,
        base_unit=q.unit.base if q and q.unit else None, growth=r.growth, rank=r.rank,
        qualifier=r.qualifier if r.kind == "target" else None, text=r.text, indicator_key=c.key)


def merge(observations: list[Observation]) -> list[Observation]:
    """One observation per (region, year, indicator, kind): the first reading, with what it
    lacks (a rank, a rate) taken from later restatements — never a second number."""
    merged: dict[tuple, Observation] = {}
    for o in observations:
        k = o.key()
        first = merged.get(k)
        if first is None:
            merged[k] = o
            continue
        upd = {}
        if first.value is None and o.value is not None:
            upd.update(value=o.value, unit=o.unit, value_in_base_unit=o.value_in_base_unit, base_unit=o.base_unit)
        # a target in words stands instead of a rate, unless it is a doubling (比2010年翻一番)
        if first.growth is None and o.growth is not None and (first.text is None or _p("doubling").fullmatch(first.text)):
            upd["growth"] = o.growth
        if first.rank is None and o.rank:
            upd["rank"] = o.rank
        if first.qualifier is None and o.qualifier:
            upd["qualifier"] = o.qualifier
        if upd:
            merged[k] = replace(first, **upd)
    return list(merged.values())


def extract(doc: Document, facts: ReportFacts) -> list[Observation]:
    meta = facts.meta
    if not meta.review_year or not meta.plan_year:
        return []
    region = meta.region or ""
    out: list[Observation] = []
    over_years: list[Observation] = []  # figures of a retrospective over several years
    partial: list[Observation] = []     # figures for part of the review year (前三季度…)
    sections = horizon.section_horizons(doc, meta.plan_year)
    for i, (s, section) in enumerate(zip(doc.sentences, sections)):
        # no try/except here: a bug must not hide behind a missing sentence (kg.build reports
        # and skips the file whose text raised, naming the line)
        readings = _sentence_readings(doc, s, meta.review_year, meta.plan_year, section, i, meta.region)
        retrospective = s.part != "plan" and _over_a_period(doc, s, meta.review_year)
        for r in readings:
            o = _observation(doc, r, region)
            if o is None:
                continue
            if r.partial:
                partial.append(o)
            else:
                (over_years if retrospective and o.kind == "actual" else out).append(o)
    # merge() keeps the first reading of a key: the review year's own figure ("城镇新增就业3.6万人")
    # before a five-year total keyed to it ("五年来…城镇累计新增就业40万人"); a part of the
    # year's figure only where the year has none, lending it nothing (its rank is the part's)
    whole = {o.key() for o in out + over_years}
    return out + over_years + [o for o in partial if o.key() not in whole]
