"""Unquoted names closed by a cue word ("深化国资国企改革", "打好蓝天、碧水、净土保卫战"),
widely known national policies, and campaigns named after the report's region (平安绛县).
A cued name starts after the last opening verb of its clause, without levels and quantities.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.policies import lexicon as lx
from kg.extract.policies.text import (CJK, CLAUSE, LEAD, SPACE, Candidate, ends_word,
                                     region_hint)

# what stands before a name but is no part of it:
# "县级以上美丽宜居示范村" (a level), "3.企业投资项目承诺制改革" (an enumerator),
# "1 个国家级、2 个省级民主法治示范村" (a list of levels)
_LEVEL_ABOVE = re.compile(r"^(?:[县市省]级以上|国家级以上)")
_ENUM = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|[一二三四五六七八九十]是)\s*")
_MULTI_LEVEL = re.compile(r"^(?:省市县|省市|市县)[三两二]级|^(?:[\d一二三四五六七八九十]*\s*[个家]?\s*(?:国家|省部|省|市|县)级\s*[、和及]\s*)+"
                          r"[\d一二三四五六七八九十]*\s*[个家]?\s*(?:国家|省部|省|市|县)级")
# an issuer written before a rule or plan: "国家新能源汽车免征购置税政策" (kept as its region)
# "中央和省委生态环保督察", "国家和省主体功能区规划": the country and the province together
_ISSUER = re.compile(r"^(?:(?:国家|国务院|中央)(?:[和及、](?:省委|省级|省))?|省市县|省市对|省市)(?!级)(?=[\u4e00-\u9fff]{4})")
# a clause, a date or a vague quantity is not a name: "2020年国民经济和社会发展计划", "各项改革"
_NOT_NAME = re.compile(r"(?:等|\d{4}年|今年|明年|本年|国民经济和社会发展|各项|相关|有关|这一|该|其他|一批|一系列|以上)")


def cued(text: str, base: int, covered: list[tuple[int, int]]) -> list[Candidate]:
    out = []
    name_cues = lx.cue_regex(("name", "lname", "vname"))
    for m in name_cues.finditer(text):
        if not ends_word(text, m.end()) or name_cues.match(text, m.end()):
            continue  # 改革行动方案: the last cue closes the name
        s, e = base + m.start(), base + m.end()
        if any(a <= s < b for a, b in covered):
            continue
        clause_start = _clause_start(text, m.start())
        if clause_start and text[clause_start - 1] == "”":
            continue  # “八位一体”项目包联责任制: the quotation's own cue
        cue = lx.cues()[m.group()]
        left = text[clause_start:m.start()]
        for nm, off, hint, by_verb, *domain in _names_before(left, m.group(), cue.kind):
            if cue.use == "vname" and not by_verb:
                continue
            if cue.use == "lname" and not (by_verb == "level" or _LEVELED.match(nm)):
                continue
            if cue.word.endswith("景区"):  # 改造提升3A级景区 -> 3A级景区
                x = re.search(r"(?:国家)?[\dA]+级(?:旅游)?景区$", nm)
                if not x:
                    continue
                off += x.start()
                nm = x.group()
            # an event right after its verb may have a one-character stem: 茶博会, 省运会
            short = 1 if by_verb and cue.use == "vname" and cue.window == 0 else 2
            if (nm in lx.stop() or len(nm) < len(m.group()) + short and not by_verb == "level"
                    or nm.count(m.group()) > 1
                    or len(nm) > 24 or _NOT_NAME.search(nm)
                    or lx.generic().search(nm) and not (domain and domain[0] and _DOMAIN_ITEM.match(nm))):
                continue
            ns = base + clause_start + off
            # 市场主体提升年活动 is the campaign 市场主体提升年
            bare = nm[:-len(cue.word)] if cue.use in ("vname", "quote") else ""
            aliases = [bare] if bare and name_cues.search(bare[-3:]) and len(bare) >= 4 else []
            out.append(Candidate(nm, cue.kind, ns, e, "cue", aliases,
                                 hint or region_hint(text[:clause_start + off])))
    return out


# a place in brackets inside a name is part of it: "客家文化（闽西）生态保护实验区"
_BRACKETED_PLACE = re.compile(r"[\u4e00-\u9fff]（[\u4e00-\u9fff]{2,6}）$")


def _clause_start(text: str, end: int) -> int:
    start = max((x.end() for x in CLAUSE.finditer(text, 0, end)), default=0)
    while start and _BRACKETED_PLACE.search(text, 0, start):
        start = max((x.end() for x in CLAUSE.finditer(text, 0, text.rindex("（", 0, start))), default=0)
    return start


_LEVEL = r"(?:乡镇|县市区?|县区|[省市县乡镇区州])"
_LEVEL_LIST = re.compile(rf"^\s*(?:{_LEVEL}\s*、\s*)+{_LEVEL}(?:[两三]级)?")
_LEVELED = re.compile(r"^(?:国家|全国|中国|省|市|县|全省|全市)")
# a count of items, not a word holding a numeral ("统一户口登记制度" is no "一户")
_QUANTITY = re.compile(r"(?<![统唯同单逐专万])[\d一二两三四五六七八九十]+\s*[个家项户座所批条]\s*、?")


# rules of conduct named by their count: "中央八项规定", "省市十项规定", "省委九项规定"
# (about 110 besides 八项规定 in the corpus: 十项 87, 九项 13, 七项 7, 十二项 2)
_RULES_COUNTED = re.compile(r"[一二三四五六七八九十]+项")


# the end of a document in a list of documents ("十五条硬措施及|省市实施意见", "规定及其|实施细则")
_DOC_ITEM_END = re.compile(r"(?:措施|办法|意见|细则|政策|规定|条例|制度|[\d一二三四五六七八九十]+条)(?:以及|及其|[和及与、])")


def _skip(pat: re.Pattern[str], s: str) -> int:
    """How many leading characters of s the pattern covers (0 if none)."""
    m = pat.match(s)
    return m.end() if m else 0


@lru_cache(maxsize=1)
def _item_end_joined() -> re.Pattern[str]:
    """An item's cue and the joiner after it (战略和, 城市、, 精神和)."""
    return re.compile("(?:" + lx.item_end_regex().pattern + r")(?:精神)?(?:以及|[和及与、])")


def _names_before(left: str, cue: str, kind: str) -> list[tuple[str, int, str | None, str]]:
    """The name(s) a cue closes, from the clause text before it; several for a distributive
    list of parallel items ("打好蓝天、碧水、净土保卫战" -> three). The last field says what
    opened the name: "verb" (实施…), "level" (1个省级、3个市级…), "" (the clause start)."""
    cut = 0
    # an earlier name in the same clause ends at its own cue: "A战略和B战略", "A城市、B县城",
    # "举办茶博会、辣博会、旅发大会" (the items of a list share the verb that opens it)
    # ("中央八项规定精神和|省市十项规定": the spirit of a rule ends it too)
    for x in _item_end_joined().finditer(left):
        cut = x.end()
    listed = cut > 0 and lx.verb_regex().search(left, 0, cut) is not None
    cut += _skip(_ENUM, left[cut:])
    opened = "verb" if listed else ""
    if cue in lx.document_cues():
        return _document_before(left, cut, cue, kind, opened)
    for v in lx.verb_regex().finditer(left, cut):
        if (v.end() == len(left) and v.start() > cut and v.group() in lx.name_verbs()
                and kind in ("campaign", "plan")):
            break  # the name's own verb before its cue: "实施优质中小企业梯度培育工程"
        cut, opened = v.end(), "verb"
    for again in (False, True):
        if again:
            if kind not in ("designation", "regulation") or "、" not in left[cut:]:
                break
            # lists of titles each name their own: "国家级现代农业产业园、全国农产品质量安全县"
            cut = left.rindex("、") + 1
        cut += _skip(LEAD, left[cut:])
        n = _skip(_MULTI_LEVEL, left[cut:])  # 1 个国家级、2 个省级民主法治示范村
        if n:
            cut, opened = cut + n, "level"
    for q in _QUANTITY.finditer(left, cut):  # 新培育国家级示范社1家、省级示范社3家
        if (cue == "规定" and q.end() == len(left) and _RULES_COUNTED.fullmatch(q.group())
                and not left.endswith("中央", 0, q.start())):  # (中央八项规定 is a national policy)
            break  # "省市十项规定": the count names the rules
        cut = q.end()
    body = left[cut:]
    for pat in (LEAD, _LEVEL_ABOVE):
        x = pat.match(body)
        if x:
            cut += x.end()
            body = body[x.end():]
            opened = "level" if pat is _LEVEL_ABOVE else opened
    # a name starts after 的, but 党的… and the country's strictest rules keep theirs
    # ("最严格的水资源保护制度")
    k = max((x.start() for x in re.finditer(r"(?<!党)(?<!最严格)的", body)), default=-1)
    if k >= 0:
        cut += k + 1
        body = body[k + 1:]
    return _name_from(body, cut, cue, kind, opened)


def _document_before(left: str, cut: int, cue: str, kind: str, opened: str) -> list:
    """A document's title starts after the verb that issues it and may hold verbs of its own
    ("出台|支持科技创新14条措施", "制定|赤水河流域酱香白酒产业规范发展的意见"); without such a
    verb, after the last opening verb. It starts after the documents listed before it
    ("出台招商引资优惠政策10条和|引荐人奖励办法") and after a count of them ("43个|实施意见")."""
    issued = lx.issuing_verb_regex().search(left, cut)
    if issued:
        cut, opened = issued.end(), "verb"
    else:
        for v in lx.verb_regex().finditer(left, cut):
            cut, opened = v.end(), "verb"
        cut += _skip(LEAD, left[cut:])
    for x in _DOC_ITEM_END.finditer(left, cut):
        cut = x.end()
    for q in _QUANTITY.finditer(left, cut):
        cut = q.end()
    return _name_from(left[cut:], cut, cue, kind, opened)


def _name_from(body: str, cut: int, cue: str, kind: str, opened: str) -> list:
    """The name(s) in body, the text between where a name may start and its cue."""
    hint = None
    x = _ISSUER.match(body) if kind != "designation" else None
    if x:
        hint = "国家" if x.group().startswith(("国家", "国务院", "中央")) else (
            "省" if x.group().startswith("省") else "市")
        cut += x.end()
        body = body[x.end():]
    lv = _LEVEL_LIST.match(body)  # "市、县两级政府机构改革", "县、乡财政体制改革"
    if lv:
        cut += lv.end()
        body = body[lv.end():]
    body_ns = SPACE.sub("", body)
    if not body_ns:
        return [(cue, cut, hint, opened)] if opened == "level" and len(cue) >= 4 else []
    if not (CJK.match(body_ns) or body_ns[0].isalnum()):
        return []
    dist = _distributed(body_ns, cue, kind, cut, hint, opened)
    if dist:
        return dist
    x = _ROUND_LEVELS.match(body_ns)
    if x:  # "第二轮中央、省生态环保督察": two rounds, each with the shared tail
        second = cut + len(x.group("pre")) + len(x.group("a")) + 1
        return [(x.group("pre") + x.group("a") + x.group("tail") + cue, cut, "国家", opened),
                (x.group("pre") + x.group("b") + x.group("tail") + cue, second, "省", opened)]
    items = body_ns.split("、")
    if (len(items) > 1 and all(items) and len({len(x) for x in items}) == 1 and len(items[0]) <= 6
            and kind in ("campaign", "plan") and cue != "活动"):
        out, pos = [], cut
        for it in items:
            out.append((it + cue, pos, hint, opened))
            pos += len(it) + 1
        return out
    parts = body_ns.split("和")
    if kind == "reform" and len(parts) == 2 and all(len(p) >= 3 for p in parts):
        # "推进教育督导和校长职级制改革": two reforms; a part that is itself a list names
        # none ("学前教育普及普惠、义务教育优质均衡和新高考综合改革" -> 新高考综合改革)
        return [x for x in [(parts[0] + cue, cut, hint, opened),
                            (parts[1] + cue, cut + len(parts[0]) + 1, hint, opened)]
                if "、" not in x[0]]
    if "、" in body_ns and kind == "plan":  # "项目手续、开工建设、施工计划": a clause
        return []
    if "、" in body_ns and not (len({len(x) for x in items}) == 1 and len(items[0]) <= 4
                               or len(items) >= 3 and all(len(x) <= 2 for x in items[:-1])):
        # a list whose items do not share the cue is a clause, not a name: "把稳增长、调结构、
        # 推改革有机结合", "借助…企业对接会、第二届中俄博览会等平台"; parallel short phrases
        # are one name ("开展进工地、解难题活动"), and so are domains sharing the last item's
        # head ("打好大气、水、土壤污染防治攻坚战")
        return []
    return [(body_ns + cue, cut, hint, opened)]


# a round of inspections by two levels that share what follows the second level:
# "第二轮中央、省生态环保督察" is 第二轮中央生态环保督察 and 第二轮省生态环保督察, not
# "第二轮中央督察" (11 in the corpus, 第一轮/第二轮/第三轮/新一轮; without the round the
# levels are one issuer, _ISSUER: "抓好中央、省生态环保督察" -> 生态环保督察)
_ROUND_LEVELS = re.compile(r"^(?P<pre>第[一二三四五六七八九十]+轮|新一轮|首轮)(?P<a>中央|国家)[、和及]"
                           r"(?P<b>省级|省委|省)(?P<tail>[\u4e00-\u9fff]{2,12})$")


# a list of domains sharing one reform or campaign word: "国有企业、户籍制度等改革",
# "教育体制、医疗体制、文化体制改革", "生活垃圾治理、村容村貌提升等专项行动"
_LIST_TAIL = re.compile(r"等?(?:重点|关键|各)?(?:领域|方面)?$")
_SHARED = ("reform",)
# an item of a list the text calls domains ("农业农村、综合执法、公立医院、基础教育、供销社等
# 领域改革", "行政审批制度、医药卫生体制、基层社区管理、农业农村等重点领域改革") is a reform of its
# own even where the same words alone are generic (农业农村改革, policy_generic.txt); a
# two-character domain stays generic there too ("科技、教育、文化、卫生等领域改革": the seed
# annotations name none of them, two dev2 reports' do)
_DOMAIN_TAIL = re.compile(r"等(?:重点|关键|各)?领域$")
_DOMAIN_ITEM = re.compile(r"^[\u4e00-\u9fff]{3,4}改革$")


def _distributed(body: str, cue: str, kind: str, cut: int, hint, opened) -> list:
    """One name per item of a list that shares its cue word (each item 2-12 characters)."""
    if kind not in _SHARED and cue not in lx.shared_cues():
        return []
    tail = _LIST_TAIL.search(body)
    core = body[:tail.start()] if tail else body
    if "、" not in core:
        return []
    items = core.split("、")
    if len(items) < 2 or not all(2 <= len(x) <= 12 and CJK.match(x) for x in items):
        return []
    # the last item's 制度 is the others' too: "园区行政审批、人事薪酬制度改革"; not after 等,
    # which closes a list of domains each with its own name ("国有企业、户籍制度等改革")
    shared = "制度" if (items[-1].endswith("制度") and not (tail and tail.group().startswith("等"))
                      and not any(re.search(r"(?:制度|体制|机制)$", x) for x in items[:-1])) else ""
    domain = bool(tail and _DOMAIN_TAIL.search(tail.group())) and cue == "改革"
    out, pos = [], cut
    for it in items:
        out.append((it + (shared if not it.endswith(shared) else "") + cue, pos, hint, opened, domain))
        pos += len(it) + 1
    return out


# ---------------------------------------------------------------- titles before 创建
_TAIL_ITEM = re.compile(r"、|(?<=[\u4e00-\u9fff]{2})[和及](?=[\u4e00-\u9fff]{2})")
_TAIL_LEAD = re.compile(r"^(?:一批|一系列|各类|各级)")


def tailed(text: str, base: int, covered: list[tuple[int, int]]) -> list[Candidate]:
    """Titles sought, closed by a word that is no part of them: "扎实推进省级文明县城、园林县城、
    卫生县城创建" -> three; each item must end with a title word and not be a place (the
    places are dropped by the caller, which knows them)."""
    out = []
    for m in lx.title_tail_regex().finditer(text):
        if any(a <= base + m.start() < b for a, b in covered):
            continue
        if m.group() == "创建" and (lx.title_level_regex().match(text, m.end())
                                   or re.match(r"[\dA-Z]", text[m.end():m.end() + 1])):
            continue  # "支持瘦西湖景区创建国家级…": 创建 is the verb, what precedes its subject
        clause_start = max((x.end() for x in CLAUSE.finditer(text, 0, m.start())), default=0)
        left = text[clause_start:m.start()]
        cut = _skip(_ENUM, left)
        for v in lx.verb_regex().finditer(left, cut):
            cut = v.end()
        k = left.rfind("的", cut)
        cut = k + 1 if k >= 0 else cut
        cut += _skip(LEAD, left[cut:])
        body = left[cut:]
        x = _TAIL_LEAD.match(body)
        if x:
            cut, body = cut + x.end(), body[x.end():]
        body = re.sub(r"等$", "", body)
        pos = cut
        for item in _TAIL_ITEM.split(body):
            at, pos = pos, pos + len(item) + 1
            nm = SPACE.sub("", item)
            if (4 <= len(nm) <= 20 and CJK.match(nm) and lx.title_head_regex().search(nm)
                    and nm not in lx.stop() and not _NOT_NAME.search(nm) and not lx.generic().search(nm)):
                s = base + clause_start + at
                out.append(Candidate(nm, "designation", s, s + len(item), "cue"))
    return out


# ---------------------------------------------------------------- national policies
_AMOUNT = re.compile(r"\s*[\d.]+\s*(?:亿|万)?元")
# a national name that opens a title names the title, not the policy: "共同富裕试点县",
# "乡村振兴示范区", "“四好农村路”示范市"
_TITLE_AFTER = re.compile(r"”?(?:试点|示范|试验区|先行区)")

# a round of a national campaign written before it (第二轮中央生态环保督察: 75 in the corpus,
# 第一轮/第三轮/新一轮 too): the round is the thing a report follows from year to year
_ROUND = re.compile(r"(?:第[一二三四五六七八九十]+轮|新一轮)$")


def nationals(text: str, base: int) -> list[Candidate]:
    out = []
    for m in lx.national_regex().finditer(text):
        if _AMOUNT.match(text, m.end()) or _TITLE_AFTER.match(text, m.end()):
            continue  # "全年减税降费4.59亿元": an amount of money, not the policy
        n = lx.national()[m.group()]
        forms = [f for f in n.forms if f != n.name and f in text] + [m.group()]
        r = _ROUND.search(text, 0, m.start())
        if r and n.kind == "campaign":  # "第二轮中央生态环保督察": one round of the campaign
            out.append(Candidate(r.group() + n.name, n.kind, base + r.start(), base + m.end(), "national",
                                 [r.group() + m.group()], "国家"))  # (not the bare name:
            continue                   # 第二轮 and 第三轮 in one report stay two)
        out.append(Candidate(n.name, n.kind, base + m.start(), base + m.end(), "national", forms, "国家"))
    return out


# ---------------------------------------------------------------- campaigns named after the region
REGION_SUFFIX = re.compile(r"(?:自治县|自治州|自治区|县|市|区|旗|州|盟|省)$")


def region_brand_pattern(region: str | None) -> re.Pattern[str] | None:
    """"平安绛县建设", "健康曲沃": a campaign word before the region's short name."""
    if not region:
        return None
    stem = REGION_SUFFIX.sub("", region)
    # 曲沃县 is also written 曲沃; 绛县 only in full
    name = re.escape(stem) + "(?:" + re.escape(region[len(stem):]) + ")?" if len(stem) >= 2 else re.escape(region)
    return re.compile("(" + "|".join(map(re.escape, lx.region_brands())) + ")(" + name + ")(建设)?")


def region_brands(text: str, base: int, pat: re.Pattern[str] | None, region: str | None) -> list[Candidate]:
    if pat is None:
        return []
    out = []
    for m in pat.finditer(text):
        name = m.group(1) + m.group(2)
        out.append(Candidate(name, lx.region_brands()[m.group(1)], base + m.start(), base + m.end(),
                             "cue", [name + "建设"] if m.group(3) else [], region))
    return out


