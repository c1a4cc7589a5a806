"""Report metadata: title, type, region, date delivered, review and plan years, speaker, meeting.

Read from the title block, the delivery line ("——2023年3月29日在曲沃县第十七届人民代表大会
第三次会议上"), the speaker line, the front matter of collected reports, and — when the
title does not name the region (a newspaper page, a draft) — from how often the text names
each candidate region.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.extract.lexicon import patterns
from kg.extract.model import ReportFacts, ReportMeta
from kg.text.document import Document

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SUFFIX_END = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|地区|盟|县|区|旗)")
# a title without the region's name: 县长, 代市长, 副省长
_BARE_TITLE = re.compile(r"^(?:代理?|副)?[县市区州省旗盟]长$")
_SELF_REF = re.compile(r"(?:我|全)([县市区州旗省])")
_SUFFIX_LEVEL = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city",
                 "地区": "city", "县": "county", "旗": "county", "区": "county"}
_TOO_GENERIC = re.compile(r"^(?:全|我|本|该|各|此|县|市|区|省|州|城|新|老|上|下|各县|城区|市区|县区|地区|社区|园区|景区|"
                          r"开发区|新区|示范区|自治区|自治州|自治县|自治旗|特区|片区|功能区|辖区|库区|矿区|山区|灾区|牧区|林区|省市|市县|县市)$")


def _cn_number(s: str) -> int:
    if all(ch in CN_DIGITS for ch in s):  # 二〇二三
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if "十" in s:
        tens, _, units = s.partition("十")
        return CN_DIGITS[tens] * 10 + (CN_DIGITS[units] if units else 0)
    return CN_DIGITS[s]


def _region_in(text: str, context: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The region a title-like string starts with: the longest prefix ending in a division
    suffix that the gazetteer knows (亳州市, not 亳州), else the shortest plausible one; as
    (the gazetteer's current name, the name as written: 清苑区, 清苑县)."""
    text = text.strip()
    ends = [m.end() for m in _SUFFIX_END.finditer(text[:24])]
    from kg import gazetteer

    for end in sorted(ends, reverse=True):
        cand = text[:end]
        if _TOO_GENERIC.match(cand) or len(cand) < 2:
            continue
        div = gazetteer.resolve(cand, context)
        if div is None and cand.endswith("州") and len(cand) >= 3:
            div = gazetteer.resolve(cand[:-1], context)  # 恩施州 = 恩施土家族苗族自治州
            if div is not None and not div.name.endswith("自治州"):
                div = None
        if div is not None:
            return div.name, cand
    m = patterns("metadata_patterns.tsv")["region"].match(text)
    if m and not _TOO_GENERIC.match(m.group()):
        return m.group(), m.group()
    return None


def _title(doc: Document) -> tuple[str | None, int | None]:
    fm = doc.front_matter.get("title")
    if fm:
        return fm, None
    for i, s in enumerate(doc.sentences[:40]):
        if s.part not in ("head",) and i > 8:
            break
        t = s.text.rstrip("。")
        if "报告" in t and len(t) <= 120 and not t.startswith(("现将", "受", "现在")):
            t = t.split("——")[0]
            prev = doc.sentences[i - 1].text if i else ""
            if (prev and prev[-1] not in "。：；）)" and not t.startswith(("关于", "政府工作"))
                    and i and doc.sentences[i - 1].part == "head" and len(prev) >= 8):
                t = prev.replace("\n", "") + t  # a title the layout broke before "（草案）"
            return t, i
    return None, None


def _report_type(doc: Document, title: str | None) -> str | None:
    pats = patterns("metadata_patterns.tsv")
    if title:
        if pats["work_title"].search(title):
            return "work"
        if pats["plan_title"].search(title):
            return "plan"
    head = doc.text[:3000]
    if pats["plan_opening"].search(head):
        return "plan"
    if pats["work_opening"].search(head):
        return "work"
    if pats["plan_title"].search(head):
        return "plan"
    return None


def _delivery(doc: Document):
    pats = patterns("metadata_patterns.tsv")
    for key in ("delivered", "delivered_cn"):
        for m in pats[key].finditer(doc.text):
            # only the delivery line, not "二〇二三年二月二十日印" or a date inside the body
            if "代表大会" not in m.group("meeting") and "会议" not in m.group("meeting"):
                continue
            y, mo, d = m.group("y"), m.group("m"), m.group("d")
            try:
                y, mo, d = (int(y), int(mo), int(d)) if key == "delivered" else (
                    _cn_number(y), _cn_number(mo), _cn_number(d))
            except (KeyError, ValueError):
                continue
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return (y, mo, d), m.group("meeting"), m
    return None, None, None


def _head_paragraphs(doc: Document):
    """The title block: paragraphs before the salutation (各位代表), at most the first dozen."""
    for p in doc.paragraphs[:12]:
        if p.text.startswith("各位代表"):
            return
        yield p


def _dateline(doc: Document):
    """A date standing alone in the title block ("2013年3月19日", "（2022年12月12日）")."""
    pat = patterns("metadata_patterns.tsv")["dateline"]
    for p in _head_paragraphs(doc):
        m = pat.match(p.text)
        if not m:
            continue
        try:
            y, mo, d = ((int(m.group("y")), int(m.group("m")), int(m.group("d"))) if m.group("y") else
                        (_cn_number(m.group("cy")), _cn_number(m.group("cm")), _cn_number(m.group("cd"))))
        except (KeyError, ValueError):
            continue
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return (y, mo, d), p
    return None, None


def _meeting_line(doc: Document) -> str | None:
    """A delivery line without its date ("——在庆阳市第五届人民代表大会第二次会议上")."""
    pat = patterns("metadata_patterns.tsv")["meeting_line"]
    for p in _head_paragraphs(doc):
        m = pat.match(p.text)
        if m and ("代表大会" in m.group("meeting") or "会议" in m.group("meeting")):
            return m.group("meeting")
    return None


def _opening_body(doc: Document):
    """The government the opening names ("我代表顺平县人民政府向大会作工作报告") and whether
    the speaker speaks for it (代表) rather than on its behalf (受…委托)."""
    m = patterns("metadata_patterns.tsv")["opening_body"].search(doc.text[:3000])
    if not m or _TOO_GENERIC.match(m.group("body")[:-4]):
        return None, False
    return m.group("body"), m.group().startswith("代表")


def _speaker(doc: Document, near: int | None):
    pat = patterns("metadata_patterns.tsv")["speaker"]
    paras = doc.paragraphs
    # the speaker line sits in the title block or right after the delivery line
    idx = [i for i in range(min(len(paras), 12))]
    if near is not None:
        idx += [i for i in range(len(paras)) if paras[i].start <= near < paras[i].end + 200][:1]
        k = next((i for i in range(len(paras)) if paras[i].start <= near <= paras[i].end), None)
        if k is not None:
            idx += [k + 1, k + 2]
    for i in idx:
        if 0 <= i < len(paras) and len(paras[i].text) <= 40:
            m = pat.match(paras[i].text)
            if m:
                return m.group("name"), m.group("role"), paras[i]
    return None, None, None


def _years_from_headings(doc: Document):
    review = plan = None
    for s in doc.sentences:
        if not (s.is_heading or len(s.text) < 40):
            continue
        ys = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", s.text)]
        if not ys:
            continue
        if s.part == "review" and review is None:
            review = max(ys)
        elif s.part == "plan" and plan is None:
            plan = max(ys)
    return review, plan


def _frequent_region(doc: Document) -> str | None:
    """The region a report is about when no title names it: its most-named candidate whose
    suffix matches how the text refers to itself (我市/全县)."""
    selfref = Counter(m.group(1) for m in _SELF_REF.finditer(doc.text))
    if not selfref:
        return None
    suffix = selfref.most_common(1)[0][0]
    cands = Counter()
    for m in re.finditer(r"([\u4e00-\u9fff]{2,3})" + suffix, doc.text):
        stem = m.group(1)
        if _TOO_GENERIC.match(stem + suffix) or _TOO_GENERIC.match(stem):
            continue
        cands[stem] += 0
    for stem in list(cands):
        cands[stem] = doc.text.count(stem)
    for stem, _ in cands.most_common(5):
        from kg import gazetteer

        if gazetteer.lookup(stem + suffix):
            return stem + suffix
    return None


def _place_region(meta: ReportMeta, region: str) -> None:
    """Level and parents from the gazetteer: 永济市 is a county-level city under 运城市."""
    from kg import gazetteer

    div = gazetteer.resolve(region)
    if div is None:
        return
    meta.region = div.name
    chain = gazetteer.chain(div.code)
    meta.parents = [d.name for d in chain[1:]]
    if div.level == "county" and div.name.endswith("市"):
        meta.region_level = "county_city"
    else:
        meta.region_level = div.level


def extract(doc: Document, facts: ReportFacts) -> ReportMeta:
    meta = ReportMeta()
    title, title_idx = _title(doc)
    meta.title = title
    if title_idx is not None:
        s = doc.sentences[title_idx]
        meta.evidence["title"] = doc.evidence(s.start, s.end, s)
    meta.report_type = _report_type(doc, title)

    date, meeting, m = _delivery(doc)
    if date:
        meta.date = f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"
        meta.meeting = re.sub(r"\s+", "", meeting)
        meta.evidence["date"] = doc.evidence(m.start(), m.end())
    else:
        date, para = _dateline(doc)
        if date:
            meta.date = f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"
            meta.evidence["date"] = doc.evidence(para.start, para.end)
        meeting = _meeting_line(doc)
        if meeting:
            meta.meeting = re.sub(r"\s+", "", meeting)
    fm = patterns("metadata_patterns.tsv")["fm_title"].match(doc.front_matter.get("title", ""))
    if fm and not meta.date and fm.group("y"):
        meta.date = f"{int(fm.group('y')):04d}-{int(fm.group('m')):02d}-{int(fm.group('d')):02d}"

    name, role, para = _speaker(doc, m.start() if m else None)
    if not name and fm and fm.group("name"):
        name = fm.group("name")
    meta.speaker, meta.speaker_role = name, role
    if para is not None:
        meta.evidence["speaker"] = doc.evidence(para.start, para.end)

    # region: the delivery line (the body's own words), front matter and title (a collector's
    # or a web page's, sometimes wrong), speaker role, the opening, then frequency
    region = written = None
    body, speaks_for = _opening_body(doc)
    for source in (re.sub(r"^在", "", meta.meeting) if meta.meeting else None,
                   fm.group("region") if fm else None,
                   re.sub(r"^关于", "", title) if title else None,
                   role, body):
        if source:
            found = _region_in(source)
            if found:
                region, written = found
                break
    if not region:
        region = written = _frequent_region(doc)
    meta.region = region
    if role and region and _BARE_TITLE.match(role):
        meta.speaker_role = written + role  # "市长 黄伟" in 遵义市's report: 遵义市市长
    elif not role and not name and speaks_for:
        meta.speaker_role = body  # "我代表顺平县人民政府向大会作工作报告", no one named
    if meta.meeting is None and region:
        ms = patterns("metadata_patterns.tsv")["meeting_short"].search(doc.text[:3000])
        if ms:
            meta.meeting = f"{written}第{ms.group('n')}届人民代表大会第{ms.group('m')}次会议"
    if region:
        _place_region(meta, region)
        if written and written != meta.region:
            meta.region_written = written  # 清苑县 in 2013 for today's 清苑区
    if region and not meta.region_level:
        meta.region_level = next((lv for suf, lv in sorted(_SUFFIX_LEVEL.items(), key=lambda x: -len(x[0]))
                                  if region.endswith(suf)), None)

    # years: a plan report's title names both; otherwise a report is delivered early in the
    # year it plans for; headings are the last resort ("2035年远景目标" must not win)
    review, plan = None, None
    if title:
        ys = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", title)]
        if meta.report_type == "plan" and len(ys) >= 2 and ys[1] == ys[0] + 1:
            review, plan = ys[0], ys[1]
    if plan is None and date:
        plan = date[0] + (1 if date[1] >= 10 else 0)
    if plan is None:
        h_review, h_plan = _years_from_headings(doc)
        if h_review:
            review = h_review
            plan = h_review + 1
        elif h_plan:
            plan = h_plan
    if plan and not review:
        review = plan - 1
    meta.review_year, meta.plan_year = review, plan
    return meta
