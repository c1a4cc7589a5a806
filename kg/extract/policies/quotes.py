"""Quoted names: “放管服”改革, “项目建设年”活动, 推行“拿地即开工”. A quotation names a policy
when a cue word follows it, when its own last word is one (“国家乡村振兴示范县”), or when a
verb of carrying out or winning stands before it; slogans and mottos are left out.
"""
from __future__ import annotations

import re

from kg.extract.lexicon import patterns
from kg.extract.policies import lexicon as lx
from kg.extract.policies.text import (CJK, CLAUSE, LEAD, SPACE, Candidate, after_text, clean,
                                     ends_word, region_hint)

_QUOTE = re.compile(r"“([^“”\n]{1,40})”")
# what may stand between the quotations of one list: “A”“B”、“C”和“D”
_LIST_SEP = re.compile(r"^(?:\s*|\s*[、和及与]\s*)$")
# after a quotation, a fused cue may sit this far away: “八位一体”项目包联责任制
_FUSE_WINDOW = 10
# a date or a case number in quotation marks: “10·07”, “7·30”
_DATE_LIKE = re.compile(r"^\d{1,2}[·.]\d{1,2}$")


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
        after = after_text(text, g[-1].end())
        pre = _prefix(before)
        # a verb may stand before the phrase the quotation is fused to: 推进入河排污口“回头看”
        verb = _verb_before(before) or (_verb_before(before[:-len(pre)]) if len(pre) >= 3 else None)
        cue = _fused_cue(after)
        if lx.reject_after().match(after) and (cue is None or cue[2] != "name"):
            continue
        open_end = bool(_OPEN_END.match(after))
        for k, m in enumerate(g):
            q = clean(m.group(1))
            fused = cue is not None and k == len(g) - 1 and cue[2] != "after"
            if not _quote_ok(q, fused):
                continue
            kind, aliases = None, []
            if cue is not None:
                kind = lx.cues()[cue[0]].kind
                if fused:
                    aliases.append(q + cue[1])
            inner, strong = inner_cue(q)
            if kind is None and inner is not None and (
                    strong or verb or open_end and not _slogan_list(q) and not q.endswith("年")):
                kind = inner
            # backed by its own name word, or a cue fused into an alias; else only by context
            weak = not (aliases or strong or (inner and verb))
            if kind is None and verb and open_end and not _slogan_list(q):
                kind = "campaign"
            if (kind is None and _named_concept(q) and not _object_verb_before(before)
                    and not _figure_in_place(q, before, after)):
                kind = inner or _shape_kind(q)  # “四新”经济, “双招双引”: a programme's short name
            if kind is None:
                continue
            if k == 0 and kind is not None and pre:
                # 入河排污口“回头看”: the text may name it with what it is about
                aliases.append(pre + q + (cue[1] if fused else ""))
            shared = _shared_items(q, cue) if fused else []
            if shared:  # “蓝天、碧水、净土”保卫战: three campaigns
                out += [Candidate(it + cue[0], kind, base + m.start(), base + m.end(), "quote",
                                  [], region_hint(before)) for it in shared]
                continue
            name = q
            if q in lx.stop() and aliases:  # “十四五”规划: the bare quotation names nothing,
                # and joins nothing either (“十四五”土壤污染防治先行区 is no 十四五规划)
                name, aliases = aliases[0], aliases[1:]
            out.append(Candidate(name, kind, base + m.start(), base + m.end(), "quote",
                                 aliases, region_hint(before), weak))
    return out


# a quotation that ends its phrase: punctuation, a list, the end of the sentence
_OPEN_END = re.compile(r"^(?:$|[，。；：！？、,.;:!?）)”“和与及]|等)")


def _prefix(before: str) -> str:
    """The noun phrase between a verb (or a clause or list boundary) and a quotation:
    "常态化推进入河排污口“回头看”" -> 入河排污口, "、散煤及燃煤设施“双清零”" -> 散煤及燃煤设施."""
    tail = before[-12:]
    # a national policy right before names what the quotation is part of: 碳达峰碳中和“八大行动”,
    # 乡村振兴“十大行动”, 脱贫攻坚“回头看” (corpus: 乡村振兴“…” 80, 脱贫攻坚“…” 30, 碳达峰碳中和“…” 12),
    # whatever stands before it (碳中和 ends in 和, no list word)
    national = [m for m in lx.national_regex().finditer(tail) if m.end() == len(tail)]
    if national and not _OWNER.fullmatch(national[0].group()):
        return national[0].group()
    verbs = list(lx.verb_regex().finditer(tail))
    cut = verbs[-1].end() if verbs else 0
    bounds = list(_PREFIX_BOUND.finditer(tail, cut))
    if bounds:
        cut = bounds[-1].end()
    elif not verbs:
        return ""  # neither a verb nor a boundary: the tail of anything
    if _PREFIX_STOP.search(tail, cut):
        return ""
    pre = _OWNER.sub("", LEAD.sub("", tail[cut:]))
    if not (2 <= len(pre) <= 8) or _PREFIX_NOT.search(pre):
        return ""
    return pre


_PREFIX_BOUND = re.compile(r"[，。；：、,;:（(和与及]")
_PREFIX_STOP = re.compile(r"[\d\s“”《》）)〔〕【】\[\]]|[的了在把将对以为等是]")
_PREFIX_NOT = re.compile(r"^(?:首批|一批|省级|市级|县级|国家级|新一轮|建设|形成|打开|体现|真正|实现|加强|首创|扩大|叫响|"
                         r"增强|早日|创新|采用|各项|挺进|具有|擦亮|领会|塑造|打响)|今年|建设$|思维$")


# who runs it, not what it is about: "全面落实自治区“财政21条”"
_OWNER = re.compile(r"^(?:全国|全省|全市|全县|全区|国家|党中央|中央|国务院|自治区|省委|市委|县委|省|市|县|区)+$")


_COUNTED = re.compile(r"[一二三四五六七八九十两双百千万\d]")


def _named_concept(q: str) -> bool:
    """A quotation with neither a cue word after it nor a verb before it: in the annotated
    reports most such quotations of three or more characters, or of two with a number in
    them (“四新”, “两违”), are the short names of programmes, principles, brands and titles;
    figures of speech and records (lexicon) and mottos are not."""
    if not (len(q) >= 3 or len(q) == 2 and _COUNTED.search(q)):
        return False
    return not (q in lx.stop() or _slogan_list(q) or lx.quote_figures().fullmatch(q))


# a quotation that closes its phrase: punctuation, another quotation, the end of the sentence
_CLOSES = re.compile(r"^(?:$|[，。！？；：、“,.!?;:])")
# a word of figures: “主阵地”, “硬支撑”, “急先锋” (no count in it, three characters at most);
# short names of prizes, festivals and systems keep their reading: “骏马奖”, “长安杯”, “林长制”
_SHORT = 3
_TITLE_END = re.compile(r"[奖杯节制]$")


def _figure_in_place(q: str, before: str, after: str) -> bool:
    """Where a quotation with no cue and no verb stands shows a figure of speech, not a
    programme's short name: "群众关心的“身边事”。" (a 的 phrase it closes), "夯实园区平台
    “主阵地”。" (a short word without a count that closes its phrase: "硬支撑", "急先锋"),
    "防范“三保”风险" (the problem it qualifies). Read in a sample of 200 corpus reports,
    most of each are figures (菜篮子-like words, 急先锋, 北大门, “三公”经费)."""
    if lx.quote_problem_after().match(after):
        return True
    if not _CLOSES.match(after):
        return False
    if SPACE.sub("", before).endswith("的"):
        return True
    return len(q) <= _SHORT and not _COUNTED.search(q) and not _TITLE_END.search(q)


def _shape_kind(q: str) -> str:
    """The kind a short name's own shape shows (policy_quote_kinds.tsv), else strategy."""
    return next((k for k, pat in _SHAPES.items() if pat.search(q)), "strategy")


_SHAPES = patterns("policy_quote_kinds.tsv")


def _shared_items(q: str, cue: tuple[str, str, str]) -> list[str]:
    """The items of a quoted list that share the cue word after it (“蓝天、碧水、净土”保卫战),
    when the cue is one that lists share (改革, 保卫战, 专项行动) and sits right after it."""
    word = cue[0]
    if cue[1] != word or not (word.endswith("改革") or word in lx.shared_cues()):
        return []
    items = q.split("、")
    return items if len(items) > 1 and all(2 <= len(x) <= 8 for x in items) else []


def _slogan_list(q: str) -> bool:
    """Three or more parallel phrases ("党政同责、一岗双责、齐抓共管、失职追责") are a motto
    unless a cue word after them names what they are (“…”机制)."""
    items = re.split(r"[、，,]", q)
    return len(items) >= 3 and all(len(x) >= 3 for x in items)


def _quote_ok(q: str, fused: bool) -> bool:
    if not (2 <= len(q) <= 30) or (q in lx.stop() and not fused):
        return False
    if _DATE_LIKE.match(q) or not (CJK.search(q) or re.search(r"\d{2,}|[\dA-Za-z][+＋][\dA-Za-z]", q)):
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
    seg = CLAUSE.split(after, maxsplit=1)[0][:_FUSE_WINDOW + 6]
    for m in lx.cue_regex(("name", "lname", "vname", "quote", "after")).finditer(seg):
        cue = lx.cues()[m.group()]
        if m.start() > cue.window or not ends_word(seg, m.end()):
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


def inner_cue(q: str) -> tuple[str | None, bool]:
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


def _object_verb_before(before: str) -> bool:
    """"严控“三公”", "当好“店小二”": the quotation is fought, avoided or a figure."""
    b = _VERB_GAP_HOW.sub("", SPACE.sub("", before[-12:]))
    return b.endswith(lx.quote_object_verbs())


def _verb_before(before: str) -> str | None:
    b = SPACE.sub("", before[-16:])[-10:]
    b = _VERB_GAP_HOW.sub("", _VERB_GAP_WHO.sub("", _VERB_GAP_WHEN.sub("", b)))
    for v in lx.quote_verbs():
        if b.endswith(v):
            return v
    return None


