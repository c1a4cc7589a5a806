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
_NOT_END = set("区局院馆所办委会部厅站性室处组科队员")
_NOT_END_WORDS = ("生育", "单列", "经济", "开放", "发展", "创新", "成果", "成效", "红利", "任务")
# a date or a case number in quotation marks: “10·07”, “7·30”
_DATE_LIKE = re.compile(r"^\d{1,2}[·.]\d{1,2}$")
# leading words that are no part of a name: self-references, quantities, levels
_LEAD = re.compile(r"^(?:了|好|对|把|将|在|以|和|与|及|并|的|等|全力|全面|深入|持续|继续|积极|大力|扎实|"
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
    if re.search(r"(省委|省政府|全省|我省|省)$", b):
        return "省"
    if re.search(r"(市委|市政府|全市)$", b):
        return "市"
    return None


# ---------------------------------------------------------------- titles 《》
def titles(text: str, base: int) -> list[Candidate]:
    out = []
    for m in _TITLE.finditer(text):
        name = _clean(m.group(1)).replace("“", "").replace("”", "")
        if len(name) < 3 or name.endswith(("报告", "日报", "晚报", "杂志", "讲话")):
            continue
        kind = _title_kind(name)
        after = _after(text, m.end())
        aliases = [m.group(1).strip()] if "“" in m.group(1) else []
        if kind is None:
            c = lx.cue_regex(("name",)).match(after)
            if c is None:  # a bare title with no document word: still a named document
                kind = "plan"
            else:
                kind = lx.cues()[c.group()].kind
                aliases.append(name + c.group())
        out.append(Candidate(name, kind, base + m.start(), base + m.end(), "title", aliases,
                             _region_hint(text[:m.start()])))
    return out


def _title_kind(name: str) -> str | None:
    if re.search(r"(条例|办法|规定|细则|规则|准则|法|决定|规程|标准)$", name):
        return "regulation"
    if re.search(r"(规划|方案|计划|纲要|意见|要点|清单|指南)$", name):
        return "plan"
    if re.search(r"(战略)$", name):
        return "strategy"
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
        verb = _verb_before(before)
        tail_cue = _fused_cue(after)
        rejected = bool(lx.reject_after().match(after)) and tail_cue is None
        for k, m in enumerate(g):
            q = _clean(m.group(1))
            if not _quote_ok(q):
                continue
            # the cue after the list holds for every item; a cue after this item only for it
            own_after = after if k == len(g) - 1 else _after(text, m.end())
            own_cue = _fused_cue(own_after) if k == len(g) - 1 else None
            cue = own_cue or tail_cue
            kind, aliases = None, []
            if cue is not None:
                word, span = cue
                kind = lx.cues()[word].kind
                if lx.cues()[word].use != "after":
                    aliases.append(q + span)
            inner = _inner_cue(q)
            if kind is None and inner is not None:
                kind = inner
            if kind is None and (verb is None or rejected):
                continue
            if rejected and cue is None and inner is None:
                continue
            out.append(Candidate(q, kind or "campaign", base + m.start(), base + m.end(), "quote",
                                 aliases, _region_hint(before)))
    return out


def _quote_ok(q: str) -> bool:
    if not (2 <= len(q) <= 30) or q in lx.stop():
        return False
    if _DATE_LIKE.match(q) or not (_CJK.search(q) or re.search(r"\d{2,}", q)):
        return False
    return True


def _fused_cue(after: str) -> tuple[str, str] | None:
    """The first cue word after a quotation, with the text up to its end: ("改革", "改革")."""
    seg = _CLAUSE.split(after, maxsplit=1)[0][:_FUSE_WINDOW + 6]
    best = None
    for m in lx.cue_regex(("name", "quote", "after")).finditer(seg):
        cue = lx.cues()[m.group()]
        # "after" cues (工作, 要求…) count only right after the quotation; others may be a
        # few characters on (“八位一体”项目包联责任制)
        if cue.use == "after" and m.start() > 0:
            continue
        if m.start() > _FUSE_WINDOW or not _ends_word(seg, m.end()):
            continue
        best = (m.group(), seg[:m.end()])
        break
    return best


def _inner_cue(q: str) -> str | None:
    """The kind a quotation names by its own last word (“项目建设年”, “国家乡村振兴示范县”)."""
    m = re.search(r"(?:" + lx.cue_regex(("name", "quote")).pattern + r")$", q)
    if m:
        return lx.cues()[m.group()].kind
    if re.search(r"(年|月|之乡|小城|城市|强县|强市|示范带|品牌)$", q) and len(q) >= 4:
        return "designation" if q.endswith(("之乡", "小城", "城市", "强县", "强市")) else "campaign"
    return None


def _verb_before(before: str) -> str | None:
    b = re.sub(r"\s+", "", before)[-8:]
    b = re.sub(r"(?:县四大班子|乡镇|开发区|农村|河道|惠企政策|全省|我省|省委|市委|县委|国家|国务院)$", "", b)
    b = re.sub(r"(?:深入|持续|全面|大力|积极|扎实|继续|常态化|进一步|坚定不移|严格)$", "", b)
    for v in lx.verbs():
        if b.endswith(v):
            return v
    return None


# ---------------------------------------------------------------- cued phrases
def cued(text: str, base: int, covered: list[tuple[int, int]]) -> list[Candidate]:
    out = []
    for m in lx.cue_regex(("name",)).finditer(text):
        if not _ends_word(text, m.end()):
            continue
        s, e = base + m.start(), base + m.end()
        if any(a <= s < b for a, b in covered):
            continue
        clause_start = max((x.end() for x in _CLAUSE.finditer(text, 0, m.start())), default=0)
        left = text[clause_start:m.start()]
        names = _names_before(left, m.group())
        for nm, off in names:
            if nm in lx.stop() or len(nm) < 4 or len(nm) > 24 or nm == m.group():
                continue
            if not _CJK.search(nm[:-len(m.group())] or "x"):
                continue
            ns = base + clause_start + off
            out.append(Candidate(nm, lx.cues()[m.group()].kind, ns, e, "cue", [],
                                 _region_hint(text[:clause_start + off])))
    return out


def _names_before(left: str, cue: str) -> list[tuple[str, int]]:
    """The name(s) a cue closes, from the clause text before it; several for a distributive
    list of parallel items ("打好蓝天、碧水、净土保卫战" -> three)."""
    l = left
    cut = 0
    for v in lx.verb_regex().finditer(l):
        cut = v.end()
    body = l[cut:]
    lead = _LEAD.match(body)
    if lead:
        cut += lead.end()
        body = body[lead.end():]
    lv = _LEVEL_ABOVE.match(body)
    if lv:
        cut += lv.end()
        body = body[lv.end():]
    if "的" in body:
        k = body.rindex("的") + 1
        cut += k
        body = body[k:]
    body_ns = _SPACE.sub("", body)
    if not body_ns:
        return []
    items = body_ns.split("、")
    if len(items) > 1 and all(items) and len({len(x) for x in items}) == 1 and len(items[0]) <= 6:
        out, pos = [], cut
        for it in items:
            out.append((it + cue, pos))
            pos += len(it) + 1
        return out
    return [(body_ns + cue, cut)]


# ---------------------------------------------------------------- national policies
def nationals(text: str, base: int) -> list[Candidate]:
    out = []
    for m in lx.national_regex().finditer(_SPACE.sub("", text) if False else text):
        n = lx.national()[m.group()]
        out.append(Candidate(n.name, n.kind, base + m.start(), base + m.end(), "national",
                             [f for f in n.forms if f != n.name and f in text] + [m.group()],
                             "国家"))
    return out


# ---------------------------------------------------------------- glossary entries
_GLOSS = re.compile(r"^\s*(?:[\[［【(（〔]?\s*\d{1,3}\s*[\]］】)）〕]|[①-⑳]|注\s*\d{1,3}[：:.．]?)\s*"
                    r"([^：:，。\n]{2,30})[：:]\s*(\S.{3,})$")


def glossary_entry(paragraph: str) -> tuple[str, str] | None:
    """"[8]三品一标：无公害农产品、绿色食品…" -> ("三品一标", "无公害农产品、绿色食品…")."""
    m = _GLOSS.match(paragraph)
    if not m:
        return None
    term = _clean(m.group(1)).replace("“", "").replace("”", "")
    return (term, m.group(2).strip()) if term else None
