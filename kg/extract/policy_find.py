"""Finding policy names in one sentence: titles in 《》, quoted names, cued phrases, national
policies. Each finder yields Candidates; kg/extract/policies.py folds them per report.

Offsets are in Document.text. A finder never raises on odd text: it skips what it cannot read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import policy_lexicon as lx

_FOOTNOTE = re.compile(r"^\s*(?:\[\d{1,3}\]|〔\d{1,3}〕|［\d{1,3}］|[①-⑳])")
_SPACE = re.compile(r"\s+")
_TITLE = re.compile(r"《([^《》\n]{2,60})》")
_QUOTE = re.compile(r"“([^“”\n]{1,40})”")
# what may stand between the quotations of one list: “A”“B”、“C”和“D”
_LIST_SEP = re.compile(r"^(?:\s*|\s*[、和及与]\s*)$")
# a clause ends at these; 、 does not (it joins the items of a distributive list)
_CLAUSE = re.compile(r"[，。；：！？,;:!?“”《》（）()\[\]【】\n]")
# after a quotation, a fused cue may sit this far away: “八位一体”项目包联责任制
_FUSE_WINDOW = 10
# a cue word followed by one of these is part of a longer word (规划区, 政策性, 改革办)
_NOT_END = set("区局院馆所办委会部厅站性室处组科队员上派")  # 行动上, 行动派
_NOT_END_WORDS = ("生育", "单列", "经济", "开放", "发展", "创新", "成果", "成效", "红利", "任务", "机遇",
                  "支撑", "定位", "合作", "意义", "高度", "眼光", "全局", "思维")
# a date or a case number in quotation marks: “10·07”, “7·30”
_DATE_LIKE = re.compile(r"^\d{1,2}[·.]\d{1,2}$")
# leading words that are no part of a name: self-references, quantities, levels
_LEAD = re.compile(r"^(?:、|为|了|好|对|把|将|在|以|和|与|及|并|的|等|全力|全面|深入|持续|继续|积极|大力|扎实|"
                   r"加快|进一步|不断|努力|着力|切实|认真|严格|坚决|全县|全市|全区|我县|我市|我区|本县|"
                   r"\d+\s*[个家项批所座处])+")
_LEVEL_ABOVE = re.compile(r"^(?:[县市省]级以上|国家级以上)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


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


def _clean(s: str) -> str:
    return _SPACE.sub("", s).strip("、，,.。 ")


def _after(text: str, i: int) -> str:
    """The text after position i, footnote markers and spaces dropped."""
    rest = text[i:i + 40]
    rest = _FOOTNOTE.sub("", rest)
    return _SPACE.sub("", rest)


def _ends_word(after: str, j: int) -> bool:
    nxt = after[j:j + 2]
    return not nxt or (nxt[0] not in _NOT_END and not nxt.startswith(_NOT_END_WORDS))


def _region_hint(before: str) -> str | None:
    b = before[-6:]
    if re.search(r"(国家|国务院|中央|全国)$", b):
        return "国家"
    if re.search(r"(省委|省政府|全省|我省|省|自治区|全区党委|区党委)$", b):
        return "省"
    if re.search(r"(市委|市政府|全市)$", b):
        return "市"
    return None


# ---------------------------------------------------------------- titles 《》
def titles(text: str, base: int) -> list[Candidate]:
    out = []
    for m in _TITLE.finditer(text):
        name = _clean(m.group(1)).replace("“", "").replace("”", "")
        if len(name) < 3 or name.endswith(("报告", "日报", "晚报", "杂志", "讲话")) or name.startswith("纲要"):
            continue
        kind = _title_kind(name)
        after = _after(text, m.end())
        aliases = [m.group(1).strip()] if "“" in m.group(1) else []
        if kind is None:
            c = lx.cue_regex(("name",)).match(after)
            if c is None:  # no document word in or after it: a book, a play, a song
                continue
            kind = lx.cues()[c.group()].kind
            aliases.append(name + c.group())
        out.append(Candidate(name, kind, base + m.start(), base + m.end(), "title", aliases,
                             _region_hint(text[:m.start()])))
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


# ---------------------------------------------------------------- quotations “”
def quotes(text: str, base: int, title_spans: list[tuple[int, int]]) -> list[Candidate]:
    ms = [m for m in _QUOTE.finditer(text)
          if not any(s <= base + m.start() < e for s, e in title_spans)]
    # group the quotations of one list: they share the verb before and the cue after
    groups: list[list[re.Match]] = []
    for m in ms:
        if groups and _LIST_SEP.match(text[groups[-1][-1].end():m.start()]):
            groups[-1].append(m)
        else:
            groups.append([m])
    out = []
    for g in groups:
        before = text[:g[0].start()]
        after = _after(text, g[-1].end())
        pre = _prefix(before)
        # a verb may stand before the phrase the quotation is fused to: 推进入河排污口“回头看”
        verb = _verb_before(before) or (_verb_before(before[:-len(pre)]) if pre else None)
        cue = _fused_cue(after)
        if lx.reject_after().match(after) and (cue is None or cue[2] != "name"):
            continue
        open_end = bool(_OPEN_END.match(after))
        for k, m in enumerate(g):
            q = _clean(m.group(1))
            fused = cue is not None and k == len(g) - 1 and cue[2] != "after"
            if not _quote_ok(q, fused):
                continue
            kind, aliases = None, []
            if cue is not None:
                kind = lx.cues()[cue[0]].kind
                if fused:
                    aliases.append(q + cue[1])
            inner, strong = _inner_cue(q)
            if kind is None and inner is not None and (
                    strong or verb or open_end and not _slogan_list(q) and not q.endswith("年")):
                kind = inner
            # backed by its own name word, or a cue fused into an alias; else only by context
            weak = not (aliases or strong or (inner and verb))
            if kind is None and verb and open_end and not _slogan_list(q):
                kind = "campaign"
            if kind is None:
                continue
            if k == 0 and kind is not None and pre:
                # 入河排污口“回头看”: the text may name it with what it is about
                aliases.append(pre + q + (cue[1] if fused else ""))
            name = q
            if q in lx.stop() and aliases:  # “十四五”规划: the bare quotation names nothing
                name, aliases = aliases[0], [q]
            out.append(Candidate(name, kind, base + m.start(), base + m.end(), "quote",
                                 aliases, _region_hint(before), weak))
    return out


# a quotation that ends its phrase: punctuation, a list, the end of the sentence
_OPEN_END = re.compile(r"^(?:$|[，。；：！？、,.;:!?）)”“和与及]|等)")


_PREFIX_STOP = re.compile(r"[\d，。；：、,;:\s“”《》（）()]|[的了在和与及把将对以为]")


def _prefix(before: str) -> str:
    """The noun phrase between a verb (or a clause or list boundary) and a quotation:
    "常态化推进入河排污口“回头看”" -> 入河排污口, "、散煤及燃煤设施“双清零”" -> 散煤及燃煤设施."""
    tail = before[-12:]
    verbs = list(lx.verb_regex().finditer(tail))
    cut = verbs[-1].end() if verbs else 0
    bounds = list(_PREFIX_BOUND.finditer(tail, cut))
    if bounds:
        cut = bounds[-1].end()
    elif not verbs:
        return ""  # neither a verb nor a boundary: the tail of anything
    if _PREFIX_STOP.search(tail, cut):
        return ""
    pre = _OWNER.sub("", _LEAD.sub("", tail[cut:]))
    if not (2 <= len(pre) <= 8) or _PREFIX_NOT.search(pre):
        return ""
    return pre


_PREFIX_BOUND = re.compile(r"[，。；：、,;:（(和与及]")
_PREFIX_STOP = re.compile(r"[\d\s“”《》）)〔〕【】\[\]]|[的了在把将对以为等是]")
_PREFIX_NOT = re.compile(r"^(?:首批|一批|省级|市级|县级|国家级|新一轮|建设|形成|打开|体现|真正|实现|加强|首创|扩大|叫响|"
                         r"增强|早日|创新|采用|各项|挺进)|今年|建设$")


# who runs it, not what it is about: "全面落实自治区“财政21条”"
_OWNER = re.compile(r"^(?:全国|全省|全市|全县|全区|国家|中央|国务院|自治区|省委|市委|县委|省|市|县|区)+$")


def _slogan_list(q: str) -> bool:
    """Three or more parallel phrases ("党政同责、一岗双责、齐抓共管、失职追责") are a motto
    unless a cue word after them names what they are (“…”机制)."""
    items = re.split(r"[、，,]", q)
    return len(items) >= 3 and all(len(x) >= 3 for x in items)


def _quote_ok(q: str, fused: bool) -> bool:
    if not (2 <= len(q) <= 30) or (q in lx.stop() and not fused):
        return False
    if _DATE_LIKE.match(q) or not (_CJK.search(q) or re.search(r"\d{2,}|[\dA-Za-z][+＋][\dA-Za-z]", q)):
        return False
    if q.endswith(("+", "＋")) or all(len(x) <= 1 for x in q.split("、")):
        return False
    return True


# what may follow 工作/建设 when they are the task a quotation names: “六稳”工作、“三个课堂”建设为契机
_TASK_END = re.compile(r"^(?:$|[，。；、：,;!！?？）)”“和与及等为]|落实|推进|取得|全面|成效|持续|扎实|加快|进展|有序|稳步|迈出|顺利)")
_NOT_FUSED = re.compile(r"[等期的为和被]|列入")


def _fused_cue(after: str) -> tuple[str, str, str] | None:
    """The first cue word after a quotation: (cue, the text up to its end, how it is used).
    A cue that is the name's own last word may sit a few characters on (“八位一体”项目包联
    责任制); a generic one (活动, 机制) only close by; 工作, 要求 … only right after."""
    seg = _CLAUSE.split(after, maxsplit=1)[0][:_FUSE_WINDOW + 6]
    for m in lx.cue_regex(("name", "lname", "vname", "quote", "after")).finditer(seg):
        cue = lx.cues()[m.group()]
        if m.start() > cue.window or not _ends_word(seg, m.end()):
            continue
        span = seg[:m.end()]
        use = "quote" if cue.use == "vname" else "name" if cue.use == "lname" else cue.use
        if cue.use == "after" and seg[m.end():m.end() + 1] == "的":
            continue  # “大项目”建设的“加速度”: a description, not a task
        if m.group() in ("工作", "建设") and not _TASK_END.match(after[m.end():]):
            continue  # “我亲自”工作要求, “四个辽阳”建设水平: the quotation qualifies a noun
        if _NOT_FUSED.search(span[:-len(m.group())]):
            # “中条红叶”等旅游品牌, “智慧交通”二期工程, “…”的总体思路: not one name
            if cue.use != "after" and "等" not in span:
                continue
            use = "after"
        return m.group(), span, use
    return None


def _inner_cue(q: str) -> tuple[str | None, bool]:
    """The kind a quotation names by its own last word, and whether that word is enough on
    its own (“项目建设年”, “国家乡村振兴示范县”) or needs a verb before it (“名医名院工程”)."""
    m = lx.cue_end_regex(("name", "lname", "vname", "quote")).search(q)
    if m and len(q) > len(m.group()):
        cue = lx.cues()[m.group()]
        return cue.kind, cue.use in ("name", "lname")
    if len(q) >= 4 and _TITLE_WORD.search(q):
        return "designation", False
    return None, False


_TITLE_WORD = re.compile(r"(之乡|小城|城市|强县|强市|[县市]$)")
# between a verb and its quotation: whose policy it is, how hard it is pushed
_VERB_GAP_WHO = re.compile(r"(?:县四大班子|乡镇|开发区|农村|河道|惠企政策|全省|我省|省委|市委|县委|国家|国务院)$")
_VERB_GAP_HOW = re.compile(r"(?:深入|持续|全面|大力|积极|扎实|继续|常态化|进一步|坚定不移|严格|(?<![用做抓])好)$")
_VERB_GAP_WHEN = re.compile(r"\d{4}年度?$")


def _verb_before(before: str) -> str | None:
    b = _SPACE.sub("", before[-16:])[-10:]
    b = _VERB_GAP_HOW.sub("", _VERB_GAP_WHO.sub("", _VERB_GAP_WHEN.sub("", b)))
    for v in lx.quote_verbs():
        if b.endswith(v):
            return v
    return None


# ---------------------------------------------------------------- cued phrases
_ENUM = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|[一二三四五六七八九十]是)\s*")
_MULTI_LEVEL = re.compile(r"^(?:省市县|省市|市县)[三两二]级|^(?:[\d一二三四五六七八九十]*\s*[个家]?\s*(?:国家|省部|省|市|县)级\s*[、和及]\s*)+"
                          r"[\d一二三四五六七八九十]*\s*[个家]?\s*(?:国家|省部|省|市|县)级")
_ISSUER = re.compile(r"^(?:国家|国务院|中央|省市县|省市对|省市)(?!级)(?=[\u4e00-\u9fff]{4})")
_NOT_NAME = re.compile(r"(?:等|\d{4}年|今年|明年|本年|国民经济和社会发展|各项|相关|有关|这一|该|其他|一批|一系列|以上)")


def cued(text: str, base: int, covered: list[tuple[int, int]]) -> list[Candidate]:
    out = []
    name_cues = lx.cue_regex(("name", "lname", "vname"))
    for m in name_cues.finditer(text):
        if not _ends_word(text, m.end()) or name_cues.match(text, m.end()):
            continue  # 改革行动方案: the last cue closes the name
        s, e = base + m.start(), base + m.end()
        if any(a <= s < b for a, b in covered):
            continue
        clause_start = max((x.end() for x in _CLAUSE.finditer(text, 0, m.start())), default=0)
        if clause_start and text[clause_start - 1] == "”":
            continue  # “八位一体”项目包联责任制: the quotation's own cue
        cue = lx.cues()[m.group()]
        left = text[clause_start:m.start()]
        for nm, off, hint, by_verb in _names_before(left, m.group(), cue.kind):
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
            if (nm in lx.stop() or len(nm) < len(m.group()) + 2 and not by_verb == "level"
                    or nm.count(m.group()) > 1
                    or len(nm) > 24 or _NOT_NAME.search(nm) or lx.generic().search(nm)):
                continue
            ns = base + clause_start + off
            # 市场主体提升年活动 is the campaign 市场主体提升年
            bare = nm[:-len(cue.word)] if cue.use in ("vname", "quote") else ""
            aliases = [bare] if bare and name_cues.search(bare[-3:]) and len(bare) >= 4 else []
            out.append(Candidate(nm, cue.kind, ns, e, "cue", aliases,
                                 hint or _region_hint(text[:clause_start + off])))
    return out


_LEVELED = re.compile(r"^(?:国家|全国|中国|省|市|县|全省|全市)")
_QUANTITY = re.compile(r"[\d一二两三四五六七八九十]+\s*[个家项户座所批]\s*、?")


def _skip(pat: re.Pattern[str], s: str) -> int:
    """How many leading characters of s the pattern covers (0 if none)."""
    m = pat.match(s)
    return m.end() if m else 0


def _names_before(left: str, cue: str, kind: str) -> list[tuple[str, int, str | None, str]]:
    """The name(s) a cue closes, from the clause text before it; several for a distributive
    list of parallel items ("打好蓝天、碧水、净土保卫战" -> three). The last field says what
    opened the name: "verb" (实施…), "level" (1个省级、3个市级…), "" (the clause start)."""
    cut = 0
    # an earlier name in the same clause ends at its own cue: "A战略和B战略", "A城市、B县城"
    for x in re.finditer("(?:" + lx.cue_regex(("name",)).pattern + r")(?:以及|[和及与、])", left):
        cut = x.end()
    cut += _skip(_ENUM, left[cut:])
    opened = ""
    for v in lx.verb_regex().finditer(left, cut):
        cut, opened = v.end(), "verb"
    for again in (False, True):
        if again:
            if kind not in ("designation", "regulation") or "、" not in left[cut:]:
                break
            # lists of titles each name their own: "国家级现代农业产业园、全国农产品质量安全县"
            cut = left.rindex("、") + 1
        cut += _skip(_LEAD, left[cut:])
        n = _skip(_MULTI_LEVEL, left[cut:])  # 1 个国家级、2 个省级民主法治示范村
        if n:
            cut, opened = cut + n, "level"
    for q in _QUANTITY.finditer(left, cut):  # 新培育国家级示范社1家、省级示范社3家
        cut = q.end()
    body = left[cut:]
    for pat in (_LEAD, _LEVEL_ABOVE):
        x = pat.match(body)
        if x:
            cut += x.end()
            body = body[x.end():]
            opened = "level" if pat is _LEVEL_ABOVE else opened
    k = body.rfind("的")
    if k >= 0 and body[k - 1:k] != "党":
        cut += k + 1
        body = body[k + 1:]
    hint = None
    x = _ISSUER.match(body) if kind != "designation" else None
    if x:
        hint = "国家" if x.group() in ("国家", "国务院", "中央") else (
            "省" if x.group().startswith("省") else "市")
        cut += x.end()
        body = body[x.end():]
    body_ns = _SPACE.sub("", body)
    if not body_ns:
        return [(cue, cut, hint, opened)] if opened == "level" and len(cue) >= 4 else []
    if not (_CJK.match(body_ns) or body_ns[0].isalnum()):
        return []
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
        # "推进教育督导和校长职级制改革": two reforms
        return [(parts[0] + cue, cut, hint, opened),
                (parts[1] + cue, cut + len(parts[0]) + 1, hint, opened)]
    if "、" in body_ns and kind == "plan":  # "项目手续、开工建设、施工计划": a clause
        return []
    return [(body_ns + cue, cut, hint, opened)]


# ---------------------------------------------------------------- national policies
def nationals(text: str, base: int) -> list[Candidate]:
    out = []
    for m in lx.national_regex().finditer(_SPACE.sub("", text) if False else text):
        n = lx.national()[m.group()]
        out.append(Candidate(n.name, n.kind, base + m.start(), base + m.end(), "national",
                             [f for f in n.forms if f != n.name and f in text] + [m.group()],
                             "国家"))
    return out


# ---------------------------------------------------------------- campaigns named after the region
_REGION_SUFFIX = re.compile(r"(?:自治县|自治州|自治区|县|市|区|旗|州|盟|省)$")


def region_brand_pattern(region: str | None) -> re.Pattern[str] | None:
    """"平安绛县建设", "健康曲沃": a campaign word before the region's short name."""
    if not region:
        return None
    stem = _REGION_SUFFIX.sub("", region)
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


# ---------------------------------------------------------------- glossary entries
_GLOSS = re.compile(r"^\s*(?:[\[［【(（〔]\s*(\d{1,3})\s*[\]］】)）〕]|注\s*(\d{1,3})[：:.．]?)\s*"
                    r"([^：:，。\n]{2,30})[：:]\s*(\S.{3,})$")
# a footnote marker in the body: "“一事通办”[1]改革"
MARKER = re.compile(r"\[(\d{1,3})\]|〔(\d{1,3})〕|［(\d{1,3})］")


def glossary_entry(paragraph: str) -> tuple[int, str, str] | None:
    """"[8]三品一标：无公害农产品、绿色食品…" -> (8, "三品一标", "无公害农产品、绿色食品…")."""
    m = _GLOSS.match(paragraph)
    if not m:
        return None
    term = _clean(m.group(3)).replace("“", "").replace("”", "")
    return (int(m.group(1) or m.group(2)), term, m.group(4).strip()) if term else None


def marker_number(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))
