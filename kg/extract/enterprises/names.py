"""What a company name looks like: its suffix, its trade-name stem, the owner prefix of a
project name, and whether a string is a plausible trade name at all.

All word lists are data files (ontology/lexicons/enterprise_*): suffixes, product words,
lead verbs, stop words, well-known outside companies.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.lexicon import alternation, patterns, words
from kg.paths import data_path

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NAME_MAX = 14  # a whole name (trade name + industry + legal form) rarely exceeds this


@lru_cache(maxsize=1)
def suffixes() -> dict[str, str]:
    """suffix → strength (legal | industry)."""
    out = {}
    for line in data_path("ontology", "lexicons", "enterprise_suffixes.tsv").read_text(
            encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, strength = line.partition("\t")
            out[word.strip()] = strength.strip() or "industry"
    return out


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern[str]:
    return re.compile("(?:" + alternation(suffixes()) + ")$")


@lru_cache(maxsize=1)
def _products() -> tuple[str, ...]:
    return tuple(sorted(set(words("enterprise_products.txt")), key=len, reverse=True))


def _alternation(items) -> re.Pattern[str]:
    """One regex for a word list, longest words first (so 有限公司 wins over 公司), as a trie."""
    return re.compile(alternation(items))


@lru_cache(maxsize=1)
def _product_re() -> re.Pattern[str]:
    return _alternation(_products())


@lru_cache(maxsize=1)
def _suffix_at_re() -> re.Pattern[str]:
    return _alternation(suffixes())


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    # a lead verb may take 了 (成功引进了|亚马逊)
    return re.compile("(?:(?:" + _alternation(words("enterprise_lead_words.txt")).pattern + ")了?)+")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(words("enterprise_stop.txt"))


@lru_cache(maxsize=1)
def outside_names() -> frozenset[str]:
    return frozenset(words("enterprise_outside.txt"))


@lru_cache(maxsize=65536)
def outside_prefix(item: str) -> str | None:
    """A well-known outside company opening an item, ending where a word ends
    (华为|东北数据云中心, 中石化|50万吨PGA; not 中通 in 中通客车)."""
    best = None
    goes_on = patterns("enterprise_patterns.tsv")["outside_goes_on"]
    for k in range(2, min(len(item), 8) + 1):
        if item[:k] in outside_names() and not goes_on.match(item, k - 1):
            best = k  # not 华为云|计算: its last character opens a word (云计算), 华为 is the firm
    if best is None or best == len(item) or re.search("[路街道]$", item):
        return None  # 中兴大街: a street
    rest = item[best:]
    if patterns("enterprise_patterns.tsv")["number_start"].match(rest):
        return item[:best]
    # the name ends where a word of two or more characters starts (华为|东北, not 宝武|营)
    toks = tagged(item)
    for i in range(len(toks)):
        if sum(len(w) for w, _ in toks[:i]) == best:
            return item[:best] if len(toks[i][0]) >= 2 else None
    return None


def strip_lead(item: str) -> str:
    """Drop the verbs and function words that open an item: 加快推进海景洲… → 海景洲…;
    an item of such words only (聚力推动) names nothing."""
    m = _lead_re().match(item)
    return item[m.end():] if m else item


def suffix_of(name: str) -> str | None:
    m = _suffix_re().search(name)
    return m.group() if m else None


def stem(name: str) -> str:
    """The trade name: suffixes dropped while at least two characters stay
    (晋南钢铁集团 → 晋南, 通才工贸 → 通才, 立恒公司 → 立恒)."""
    while True:
        suf = suffix_of(name)
        if not suf or len(name) - len(suf) < 2:
            return name
        name = name[: -len(suf)]


@lru_cache(maxsize=1)
def _legal_re() -> re.Pattern[str]:
    return _alternation(w for w, strength in suffixes().items() if strength == "legal")


_NOT_ONE_NAME = re.compile(r"[的等]")
_BEFORE_NAME = re.compile(r"^(?:[在由把将被]|[\u4e00-\u9fff]{1,3}了)(?=[\u4e00-\u9fff]{3})")


@lru_cache(maxsize=65536)
def legal_name(item: str) -> str | None:
    """The longest prefix of ``item`` that ends in a legal suffix (公司, 集团, 工贸 …)."""
    pats = patterns("enterprise_patterns.tsv")
    # a preposition or a verb with 了 before the name (在|大庆油田公司支持下, 批准了|市供热集团)
    item = _BEFORE_NAME.sub("", item)
    best = None
    # each place a legal suffix starts, up to the longest name (where one starts, search
    # finds what match there would)
    legal, stop = _legal_re(), min(len(item), _NAME_MAX + 1)
    m = legal.search(item, 2)
    while m is not None and m.start() < stop:
        i = m.start()
        if not (pats["suffix_false"].match(item, i) or pats["after_name"].match(item, m.end())):
            if _NOT_ONE_NAME.search(item, 0, i):  # the name stays one name
                break
            best = item[: m.end()]
        m = legal.search(item, i + 1)
    # 三荷机场运营板块由|省机场集团: the firm after a preposition inside the item
    cut = max(best.rfind(ch) for ch in "由被把将") if best else -1
    if cut >= 0 and len(best) - cut - 1 >= 4:
        best = best[cut + 1:]
    return best


def core(name: str) -> str:
    """The trade name with the products after it dropped too (四通合金新材料 → 四通), while at
    least two characters stay: the form a report may use alone for the same firm."""
    s = stem(name)
    while True:
        tail = next((p for p in _products() if s.endswith(p) and len(s) - len(p) >= 2), None)
        if tail is None:
            return s
        s = stem(s[: -len(tail)])


def _product_at(s: str, p: int) -> str | None:
    if patterns("enterprise_patterns.tsv")["number_start"].match(s[p:]):
        return ""
    m = _product_re().match(s, p)
    return m.group() if m else None


@lru_cache(maxsize=65536)
def is_product(s: str) -> bool:
    """A product or industry word, or two of them (肉牛, 风力发电)."""
    return _one_or_two_products().fullmatch(s) is not None


@lru_cache(maxsize=1)
def _one_or_two_products() -> re.Pattern[str]:
    # compiled once: spelling the pattern out each call cost more than matching it
    pat = _product_re().pattern
    return re.compile(f"(?:{pat})(?:{pat})?")


@lru_cache(maxsize=1)
def _suffixes_only_re() -> re.Pattern[str]:
    return re.compile(f"(?:{_suffix_at_re().pattern})+")


def _suffix_at(s: str, p: int) -> str | None:
    if patterns("enterprise_patterns.tsv")["suffix_false"].match(s, p):
        return None
    m = _suffix_at_re().match(s, p)
    return m.group() if m else None


def _word_around(s: str, start: int, end: int) -> int | None:
    """Where the dictionary word that holds s[start:end] and goes on after it begins, if one
    does: an industry word opening another word (电路板, 物流园, 机械化, 食品药品) or ending
    one after a single character (衍生物, 农牧业); a word that ends with it after a word is
    a longer industry word (石油化工, 矿山机械)."""
    at = 0
    for w, flag in tagged(s):
        # 电路|板 goes on after the industry word; 衍|生物, 农|牧业 hold it after a single
        # character (石油|化工 is a longer industry word)
        if at <= start and (at + len(w) > end or at + len(w) == end and 0 < start - at < 2):
            # 生物科技 is two industry words, not a product; 东|山铝业 a name jieba misreads
            if flag in _PROPER or _suffixes_only_re().fullmatch(w):
                return None
            return at
        at += len(w)
        if at >= end:
            return None
    return None


@lru_cache(maxsize=65536)
def owner_prefix(item: str, max_stem: int = 6) -> str | None:
    """The company at the head of a project name: the text before the first product word,
    number or phase, with the industry word that ends the company's name kept
    (通才工贸|高速棒材 → 通才工贸, 志宇|万头肉牛 → 志宇, 晋南|120万吨 → 晋南)."""
    for p in range(2, min(max_stem, len(item) - 1) + 1):
        prod = _product_at(item, p)
        suf = _suffix_at(item, p)
        if suf and _word_around(item, p, p + len(suf)) is not None:
            suf = None  # 易迅达|电路板, 物流园, 现代农业: the industry word is part of another
        # 顺世|生态农业: a product word longer than the suffix it starts with is a product
        if suf and (prod is None or len(suf) >= len(prod)):
            end = p + len(suf)
            more = _suffix_at(item, end)
            while more:  # 晋南钢铁|集团, 长林能源|科技
                end += len(more)
                more = _suffix_at(item, end)
            if patterns("enterprise_patterns.tsv")["after_name"].match(item, end):
                return None  # 浙江中医药|大学: a school, a field or a programme
            return item[:end]
        if prod is not None:
            return item[:p]
    return None


def trade_prefix(item: str, is_place) -> str | None:
    """The rare trade name that opens a project name before its first dictionary word:
    福润|烘焙, 千喜鹤|中央厨房, 长隆|钛白废酸综合利用, 华能|智慧储能. A trade name is coined,
    so the dictionary splits it into single characters (or knows it as one proper name);
    the project part starts with ordinary words. A place before the trade name is its
    origin and stays with it (天津|中睿|果酒, 保定|天鹅|莱赛尔纤维). ``is_place`` tells
    whether a string is a county, city or province. Items ending in a facility word
    (景区, 学校, 改造, 广场) are places being built, named after places, not owners."""
    if finals_re().search(item) or "的" in item:
        return None
    toks = tagged(item)
    if len(toks) < 2 or not _CJK.match(toks[0][0]):
        return None

    def coined(w: str, flag: str) -> bool:  # one character, or a rare proper name
        return len(w) == 1 or (flag in _PROPER and _freq(w) < 1000)

    k, n = 0, 0
    if is_place(toks[0][0]) and len(toks) > 2:  # an origin: a coined name must follow
        k, n = 1, len(toks[0][0])
        if not coined(*toks[1]) or len(toks[1][0]) == 1 and len(toks[2][0]) > 1:
            return None
    if not coined(*toks[k]):
        return None
    k, n = k + 1, n + len(toks[k][0])
    while k < len(toks) and len(toks[k][0]) == 1 and _CJK.match(toks[k][0]):
        k, n = k + 1, n + 1
    if k >= len(toks) or not (2 <= n <= 6) or len(toks[k][0]) < 2 or not _CJK.match(toks[k][0][0]):
        return None  # no ordinary word after it: the whole item is one name (醇油坊)
    if item[n - 1] in _LOCATIVE or "至" in item[:n] or finals_re().search(toks[k][0]):
        return None  # 阜东|工业台地, 林上|青溪, 赵庄|灌区, 北至|株洲: a site or a route
    w, flag = toks[k]
    if _COUNT.match(w) or flag in ("ns", "nrt") and _freq(w) < 100:
        # 富川|两县: a count; 沙特|阿美, 益海|嘉里: the coined name goes on (jieba tags a
        # foreign name's part a place; a rare product it tags a name: 顺祥|小龙虾, 旭成|环己酮)
        return None
    if public_works(item[n:]):
        return None
    return item[:n]


def coined_head(s: str) -> str | None:
    """The coined opening of a string, as trade names are: characters the dictionary reads
    alone and rare proper names, up to the first ordinary word (信|维|多层陶瓷 → 信维,
    新|龙马|新能源 → 新龙马); None when it is shorter than two characters."""
    n = 0
    for w, flag in tagged(s):
        if not (len(w) == 1 and _CJK.match(w) or flag in _PROPER and _freq(w) < 1000):
            break
        n += len(w)
    return s[:n] if n >= 2 else None


def before_verb(item: str) -> str | None:
    """The words before the first verb, when the item goes on as a clause (福龙马|入选国家…):
    the subject that closes a list, if two to six characters long."""
    n = 0
    for w, flag in tagged(item):
        if len(w) >= 2 and flag in ("v", "vd"):
            return item[:n] if 2 <= n <= 6 else None
        n += len(w)
    return None


def public_works(s: str) -> bool:
    """The string holds a word of public works or sites (码头, 水利, 互通 …)."""
    return _public_works_re().search(s) is not None


def ends_in_public_works(s: str) -> bool:
    """The string ends in a public work, works words aside (十天高速公路, 京港澳高速扩容; not
    特变电工, which only holds 变电)."""
    s = _WORKS_WORDS.sub("", s)
    words_, lengths = _public_works_by_length()
    n = len(s)
    return any(k <= n and s[n - k:] in words_ for k in lengths)


_WORKS_WORDS = re.compile(r"(?:扩容|改扩建|扩建|提标|改造|建设|工程|项目|[一二三四五]期)+$")


@lru_cache(maxsize=1)
def _public_works_by_length() -> tuple[frozenset[str], tuple[int, ...]]:
    """The public-works words and their lengths: a string ends in one when its last k
    characters are one, for some k among those lengths."""
    ws = _public_works()
    return ws, tuple(sorted({len(w) for w in ws}))


@lru_cache(maxsize=1)
def _public_works() -> frozenset[str]:
    return frozenset(words("enterprise_public_works.txt"))


@lru_cache(maxsize=1)
def _public_works_re() -> re.Pattern[str]:
    # one scan of the string in C, where testing each of the words in turn took ~25 us a call
    return _alternation(w for w in _public_works() if w)


@lru_cache(maxsize=1)
def _predicate_re() -> re.Pattern[str]:
    return re.compile("(?:" + _alternation(words("project_predicates.txt")).pattern + ")+$")


def strip_predicates(s: str) -> str:
    """An item without the status words after it (一臣饲料|建成投产)."""
    m = _predicate_re().search(s)
    return s[:m.start()] if m and m.start() > 0 else s


@lru_cache(maxsize=1)
def _region_letters() -> frozenset[str]:
    return frozenset(words("enterprise_region_letters.txt"))


@lru_cache(maxsize=1)
def _element_letters() -> frozenset[str]:
    return frozenset(words("enterprise_element_letters.txt"))


def names_regions(s: str, letters: bool = True) -> bool:
    """A route, an event or a partnership of regions, not a firm: 广州至珠海, 第十三届中国,
    粤澳, 中德, 黄淮海 (every character a region's one-letter name, unless ``letters`` is off:
    an owner may be named so, 蒙晋), 大湾区肇庆 (a place last)."""
    from kg import gazetteer
    if re.search("至|届|第", s) or letters and all(ch in _region_letters() for ch in s):
        return True
    return any(s.endswith(d.short) and len(s) > len(d.short) for k in (2, 3)
               for d in gazetteer.lookup(s[-k:]) if d.level in ("province", "city", "county"))


def coined(s: str) -> bool:
    """The string holds a coined part, as trade names do: a character the dictionary reads
    alone or a rare proper name (顺|安远|大, 众|信|旅游), besides ordinary words (not 商务服务)."""
    toks = tagged(s)
    return len(toks) > 1 and any(
        len(w) == 1 and _CJK.match(w) or f in _PROPER and _freq(w) < 1000 for w, f in toks)


def product_alias(item: str, owner: str) -> str | None:
    """The owner with the one short product or trade word that follows it, as the text
    writes it (一臣|饲料, 大正|果品, 绿恒|果蔬): a form reports use for the firm itself."""
    rest = strip_predicates(item[len(owner):])
    item = owner + rest
    toks = tagged(rest) if 2 <= len(rest) <= 4 and _CJK.match(rest) else []
    if len(toks) == 1 and toks[0][1] in _NOUN and not finals_re().search(rest) \
            and not patterns("enterprise_patterns.tsv")["not_product"].fullmatch(rest):
        return item
    return None


_COUNT = re.compile(r"[\d一二三四五六七八九十两几多百千万]+[县市区镇乡村个项家条座批类种户]")
_VERBISH = {"v", "vd", "p", "d", "ad", "c", "m", "t", "r", "f", "q", "a", "an", "u"}
_PROPER = {"nr", "nz", "ns", "nt", "nrt", "nrfg", "j"}
_NOUN = {"n", "nz", "vn", "j", "l"}
_LOCATIVE = set("东西南北上下中内外前后")


@lru_cache(maxsize=65536)
def tagged(s: str) -> list[tuple[str, str]]:
    """jieba words and tags, dictionary only: unknown characters stay single, which is
    what a rare trade name looks like (and skipping the HMM keeps this fast)."""
    return list(_tagged(s))


@lru_cache(maxsize=65536)
def _tagged(s: str) -> tuple[tuple[str, str], ...]:
    # the same items are tagged by several readings (owner, trade name, place, verb)
    from kg.text.tokens import pos_tokenizer
    return tuple((p.word, p.flag) for p in pos_tokenizer().lcut(s, HMM=False))


def _freq(word: str) -> int:
    from kg.text.tokens import tokenizer
    tk = tokenizer()
    tk.check_initialized()
    return tk.FREQ.get(word, 0)


@lru_cache(maxsize=65536)
def reads_as_phrase(s: str) -> bool:
    """True when a string opens with a common verb, adverb, number or time word
    (加大氢能, 当年投产, 突出抓好非煤矿): words of a sentence, not a trade name."""
    toks = tagged(s)
    if not toks:
        return True
    w, flag = toks[0]
    # verbs are often rare words in jieba's dictionary (力促, 抓实): a lower bar for them
    return len(w) >= 2 and flag in _VERBISH and _freq(w) >= (20 if flag in ("v", "vd", "d", "ad") else 100)


@lru_cache(maxsize=65536)
def reads_as_common(s: str) -> bool:
    """True when a string is an everyday word, holds an everyday verb, or opens with a
    one-character verb, preposition or number (水泥, 湿地, 一要推动农业, 对王庄变): a weak cue
    alone must not make it a company."""
    if patterns("enterprise_patterns.tsv")["not_name"].search(s):
        return True
    toks = tagged(s)
    if len(toks) == 1:
        w, flag = toks[0]
        return flag not in _PROPER and _freq(w) >= 50
    # a function character before dictionary words (一|要推动农业); a rare name splits
    # into single characters instead (聚|能, 蒙|晋)
    if len(toks[0][0]) == 1 and toks[0][1] in ("v", "p", "m", "c", "d", "r", "b") \
            and len(toks[1][0]) >= 2:
        return True
    return any(len(w) >= 2 and flag in ("v", "vd", "vn", "i") and _freq(w) >= 300
               for w, flag in toks)


@lru_cache(maxsize=65536)
def reads_as_clause(s: str) -> bool:
    """A common verb inside a longer string (国内航空公司合作筹建延边分公司, 规范国有资本…):
    a clause that happens to end in a company word."""
    toks = tagged(s)
    return len(s) >= 5 and len(toks) >= 2 and any(
        len(w) >= 2 and f in ("v", "vd", "i") and _freq(w) >= 300 for w, f in toks)


@lru_cache(maxsize=65536)
def reads_as_verb(s: str) -> bool:
    """jieba reads a bare two-character owner as a verb it knows (投运, 补齐, 关停), or as an
    adjective plus a noun (大数据, 富硒)."""
    toks = tagged(s)
    if len(toks) == 1:
        return toks[0][1] in ("v", "vn", "vd", "ad", "d", "m", "t", "r", "p", "c") and _freq(s) > 0
    return len(toks[0][0]) == 1 and toks[0][1] == "a" and len(toks[1][0]) >= 2 and not any(
        f in _PROPER for _, f in toks[1:])


@lru_cache(maxsize=65536)
def reads_as_place(s: str, listed: bool = False) -> bool:
    """jieba knows the string as one place word (涑水, 馆藏 as it tags them). In a list the
    text calls companies, words it has seen fewer than ten times are trade names it tags as
    places (德赛, 腾龙, 三棵树)."""
    toks = tagged(s)
    return len(toks) == 1 and toks[0][1] == "ns" and _freq(s) >= (10 if listed else 1)


def _starts_with_stop(st: str) -> bool:
    # a modifier followed by at least two more characters: 现代|农业, 智慧|物流 (文旅投 stays)
    stops = stop_words()
    return any(st[:k] in stops for k in range(2, len(st) - 1))


def plausible(name: str, places=frozenset(), strong: bool = False, listed: bool = False) -> bool:
    """A trade name or company name that is not generic, not a place, not an organisation
    of another kind. ``strong``: the context already says it is a company (a list of
    companies, a capacity fused to it), so a bare name may be longer. ``places`` may carry
    ``area`` (the region, its townships, cities, provinces): their industries are not firms
    (曲沃农业), and ``near`` (the report's region and its townships). ``listed``: an item of a list the
    text calls companies (绿城食品、汇源果汁等企业; 元宝山矿业、立宇矿业等停产企业), where an
    everyday or far-away trade name before an industry word is still a firm's."""
    if not (2 <= len(name) <= _NAME_MAX + 4) or not _CJK.match(name):
        return False
    st = stem(name)
    suf = suffix_of(name)
    legal = suf is not None and suffixes()[suf] == "legal"
    pats = patterns("enterprise_patterns.tsv")
    stops = stop_words()
    # a modifier opening a name (中国|电子, 现代|农业) is generic, except a country in a list
    # the text calls companies (中航工业、中国航发、中国电子等军工央企; 美国伊顿)
    toks = tagged(name)
    modifier_ok = listed and len(name) >= 4 and toks[0][1] == "ns" and len(toks[0][0]) < len(name)
    if name in stops or st in suffixes() or not modifier_ok and (
            st in stops or _starts_with_stop(st)):
        return False
    # 和 joins two things, except as a name's first or second character (兴和蛋业, 和运橡胶)
    if re.search(r"[的了是在为等个各该与及]|(?<=..)和|至$|两级|三级|各级|县乡|市县", name):
        return False
    if reads_as_phrase(st) or reads_as_clause(st) or pats["numeral_start"].match(st) \
            or pats["legal_not"].search(name) or pats["school"].search(name):
        return False
    if st[0] in _element_letters() and (st[1] in _element_letters() or st[1] == "基"):
        return False  # 钒氮|合金, 镍钴, 钒钛新材料, 钨基: a material opens with two elements
    if suf is not None and suf in st:
        return False  # 宜农牧强|农牧: a slogan repeating its word
    if suf is not None and len(name) - len(suf) < 2:
        return False  # 中医药: a suffix needs a trade name before it
    if not legal:
        if re.match(r"[省市县区乡镇]", st):
            return False  # 省生态环保, 市城市科技: a level of government opens it
        # a trade name is short (志宇, 博翔汇良); longer bare strings are phrases
        if len(st) > (6 if strong and suf is None else 4) or st in _products() \
                or pats["not_name"].search(name) or not modifier_ok and _starts_with_stop(name):
            return False  # 生态畜牧业, 新型煤化工: the suffix ate part of a generic word
        # 通用机械; 曲沃农业, 嘉峰商贸: an area's industry, not a firm. In a list the text
        # calls companies (绿城食品、汇源果汁等企业) only the report's own places count.
        big = getattr(places, "near", places) if listed else getattr(places, "area", places)
        if suf is not None and (not listed and reads_as_common(st) or st in big):
            return False
    if suf is None:
        own = getattr(getattr(places, "big", None), "own", ())
        if st[-1] in "东西南北" and (st[:-1] in places or len(st) == 2 and any(
                o[0] == st[0] for o in own)):
            return False  # 宜宾北, 邵阳东, 阜东 (of 阜平): a station or substation by direction
        if st in places or finals_re().search(st) or re.search(r"[一二三四五六七八九十]$", st):
            return False  # 甲子一、甲子二: numbered sites, not firms
    return True


@lru_cache(maxsize=1)
def finals() -> str:
    """Last characters of places and facilities (路, 河, 园, 小学 …), never of a trade name."""
    return "(?:" + alternation(words("enterprise_facility_finals.txt")) + ")$"


@lru_cache(maxsize=1)
def finals_re() -> re.Pattern[str]:
    return re.compile(finals())


def founded_plausible(name: str, places=frozenset()) -> bool:
    """A company name after a verb that sets one up (成立|文旅集团, 组建|市国贸公司): its
    stem may be a sector's words, but it ends in a legal form, is one name (no 的, 等, 和),
    and is no school, hospital or kind of firm (教育集团, 小额贷款公司)."""
    suf = suffix_of(name)
    if suf is None or suffixes()[suf] != "legal" or not (4 <= len(name) <= _NAME_MAX) \
            or not _CJK.match(name):
        return False
    st = stem(name)
    pats = patterns("enterprise_patterns.tsv")
    if len(st) < 2 or re.search(r"[的了是在为等个各该与及和]|两级|三级|各级|县乡|市县", name) \
            or pats["legal_not"].search(name) or pats["school"].search(name) \
            or pats["numeral_start"].match(st) or reads_as_phrase(st) or reads_as_clause(st) \
            or st in places:
        return False
    return True
