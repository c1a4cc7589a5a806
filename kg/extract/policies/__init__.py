"""Policies: titles in 《》, named reforms, campaigns, mechanisms and designations (quoted or
closed by a cue word), national strategies; their kind, issuer or holder, year, definition.

One PolicyMention per policy per report: every form the report uses (quoted, with or without
its 改革/活动/行动, the 《》 title) folds into one name with aliases. Glossary entries
("[8]三品一标：无公害农产品…") give the definition and are not mentions themselves.
The finders are titles, quotes, cued and glossary; the words they
use are in ontology/lexicons/policy_*.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.policies import awards, cued, glossary, joined, quotes, titles
from kg.extract.policies import lexicon as lx
from kg.extract.policies.text import Candidate
from kg.extract.model import PolicyMention, ReportFacts
from kg.graph.iris import clean_name
from kg.text.document import Document

# which finder's reading of a name wins when several find the same policy
_PRIORITY = {"title": 0, "national": 1, "quote": 2, "award": 3, "cue": 3, "glossary": 4}
_TALLY = re.compile(r"^[\d一二三四五六七八九十两]+\s*[个所家项条座处批]")
# campaigns the country runs everywhere: study campaigns and law education ("“七五”普法")
_COUNTRY_CAMPAIGN = re.compile(r"(?:普法|学习教育|主题教育|专题教育)$")
# a national title a place wins (全国文明城市, 国家卫生县城), not one given to firms or products
_PLACE_TITLE = re.compile(r"(?:城市|县城|[县市区镇村])$")
_NATIONAL_LEVEL = re.compile(r"^(?:国家级?|全国)")
_QUOTED = re.compile(r"“[^“”]*”")
_SPACES = re.compile(r"\s+")
_REGION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,7}?(?:自治区|省|市|县|区|旗|州|盟)")


def extract(doc: Document, facts: ReportFacts) -> list[PolicyMention]:
    # no try/except: a bug here once emptied every report's policies unseen; kg.build reports
    # and skips the file whose text raised, naming the line
    return _extract(doc, facts)


def _extract(doc: Document, facts: ReportFacts) -> list[PolicyMention]:
    definitions: dict[str, str] = {}       # term -> definition (from the glossary)
    numbered: dict[int, tuple[str, str]] = {}  # footnote number -> (term, definition)
    gloss_paras: set[int] = set()
    parts = {s.paragraph: s.part for s in doc.sentences}
    in_block = False  # inside a glossary: after its heading, entry after entry
    for i, p in enumerate(doc.paragraphs):
        es = glossary.glossary_entries(p.text, in_block or parts.get(i) == "notes")
        for n, term, definition in es:
            definitions.setdefault(_gloss_key(term), definition)
            if n is not None:
                numbered.setdefault(n, (term, definition))
        if es:
            gloss_paras.add(i)
        in_block = bool(es) or parts.get(i) == "notes" and len(p.text) <= 20

    others = _other_names(facts)
    places = {n: m.level for m in facts.places for n in [m.name, *m.aliases]}
    found: list[tuple[Candidate, object]] = []  # (candidate, sentence)
    brands = cued.region_brand_pattern(facts.meta.region)
    for s in doc.sentences:
        if s.paragraph in gloss_paras or s.part in ("notes", "head"):
            continue
        text = s.text
        ts = titles.titles(text, s.start)
        title_spans = [(c.start, c.end) for c in ts]
        qs = [c for c in quotes.quotes(text, s.start, title_spans)
              if not c.weak or clean_name(c.name) not in others]
        covered = title_spans + [(s.start + m.start(), s.start + m.end())
                                 for m in _QUOTED.finditer(text)]
        ns = cued.nationals(text, s.start)
        # a cued phrase inside a national policy's name is that policy (最严格的耕地保护制度)
        cs = [c for c in cued.cued(text, s.start, covered)
              if not (c.name.endswith("工程") and clean_name(c.name) in others)
              and not any(n.start <= c.start and c.end <= n.end and (n.start, n.end) != (c.start, c.end)
                         for n in ns)]
        cs += cued.region_brands(text, s.start, brands, facts.meta.region)
        # titles before 创建 whose items are no places ("支持修武县创建" names the subject)
        cs += [c for c in cued.tailed(text, s.start, covered)
               if clean_name(c.name) not in others and not _is_region(c.name)
               and not any(_overlap(c, o) for o in cs)]
        # a title after a verb of winning reads from the verb on: it wins over a cued
        # reading of the same words that starts elsewhere ("创国家生态文明建设示范县")
        aws = [c for c in awards.awards(text, s.start)
               if not any(a <= c.start < b for a, b in title_spans)
               and clean_name(c.name) not in others]
        cs = [c for c in cs if not any(_overlap(c, a) for a in aws)] + aws
        # a quotation read with its cue as the tail of a title won is that title
        # (首批国家“十四五”土壤污染防治先行区: no second 十四五土壤污染防治先行区)
        qs = [q for q in qs if not any(a.start <= q.start and q.end <= a.end and a.name != q.name
                                       and clean_name(a.name).endswith(clean_name(q.name)) for a in aws)]
        # a national policy in quotation marks stays national (“放管服”改革)
        spans = [(c.start, c.end) for c in ts + cs]
        ns = [c for c in ns if not any(a <= c.start and c.end <= b and (a, b) != (c.start, c.end)
                                       for a, b in spans)]
        cs = [_subject_dropped(c, places) for c in cs]
        cands = joined.joined(text, s.start, ts + qs + cs + ns)
        if numbered:
            cands += _footnoted(text, s.start, cands, numbered)
        found += [(c, s) for c in cands]
    return _fold(doc, facts, found, definitions)


# the places a title is won for and the verb of building it are no part of it:
# "推动府谷建设|黄河流域高质量发展示范县", "加快定边|省级县域经济发展试点县",
# "启动榆阳和神木|闲置宅基地及农房盘活利用试点改革", "支持延吉市建设|大健康产业综合先行实验区"
_SUBJECT_VERB = re.compile(r"(?:建设|共建|打造|创建|争创|争当|依托)(?=[\u4e00-\u9fff]{4})")
# a county before a title's level holds it ("定边|省级…试点县"); a province or a city there
# issues it ("四川省首批示范成果"), and X国家公园 is a park's name
_SUBJECT_LEVEL = re.compile(r"(?=(?:国家(?!公园)|全国|省级|首批)[\u4e00-\u9fff]{4})")


def _subject_dropped(c: Candidate, places: dict[str, str]) -> Candidate:
    name = c.name
    n, cut = _places_before(name, places)
    if n < 2 and c.kind == "designation":
        m = _SUBJECT_VERB.match(name, cut) or (_SUBJECT_LEVEL.match(name, cut)
                                                 if n and _is_place(name[:cut], places, county=True) else None)
        cut = m.end() if m else 0
    elif n < 2:
        cut = 0
    if not cut or len(name) - cut < 4:
        return c
    return Candidate(name[cut:], c.kind, c.start + cut, c.end, c.source, c.aliases, c.region_hint,
                     c.weak, c.definition)


def _places_before(name: str, places: dict[str, str]) -> tuple[int, int]:
    """How many places a name opens with ("榆阳和神木", "定边"), and where they end."""
    pos = n = 0
    while n < 5:
        size = next((k for k in range(6, 1, -1) if _is_place(name[pos:pos + k], places)), 0)
        if not size:
            break
        n, pos = n + 1, pos + size
        if name[pos:pos + 1] not in ("、", "和", "及", "与"):
            return n, pos
        pos += 1
    return (n, pos - 1) if n else (0, 0)


def _is_place(name: str, places: dict[str, str], county: bool = False) -> bool:
    """A place the report names or a county or larger the gazetteer knows; with county, a
    county or a place below one."""
    if name in places:
        return not county or places[name] not in ("province", "city")
    return _mapped(name, county)


@lru_cache(maxsize=65536)
def _mapped(name: str, county: bool) -> bool:
    """A county or larger the gazetteer knows (with county: a county)."""
    from kg import gazetteer
    return any(d.level == "county" if county else d.level != "township" for d in gazetteer.lookup(name))


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _gloss_key(term: str) -> str:
    return clean_name(term).replace("、", "")


def _footnoted(text: str, base: int, cands: list[Candidate],
               numbered: dict[int, tuple[str, str]]) -> list[Candidate]:
    """A footnote marker points at the glossary entry that defines the name just before it:
    the definition goes to that candidate, or the glossary term becomes one."""
    new = []
    for m in glossary.MARKER.finditer(text):
        entry = numbered.get(glossary.marker_number(m))
        if entry is None:
            continue
        at = base + m.start()
        near = [c for c in cands if 0 <= at - c.end <= 4]
        if near:
            max(near, key=lambda c: c.end).definition = entry[1]
            continue
        term, definition = entry
        if _TALLY.match(term):
            continue  # "〔29〕5所中小学及幼儿园：北城中学、…": a tally of sites, not a name
        kind, _ = quotes.inner_cue(term)
        new.append(Candidate(term, kind or "strategy", at - len(term), at, "glossary",
                                definition=definition))
    return new


def _other_names(facts: ReportFacts) -> set[str]:
    """Names other extractors found: a quoted project or enterprise is not a policy."""
    out = {clean_name(m.name) for m in facts.projects}
    for m in facts.projects:  # a building project's forms (…工程) are not programmes
        out |= {clean_name(a) for a in m.aliases if a.endswith("工程")}
    for m in [*facts.enterprises, *facts.places]:
        for n in [m.name, *m.aliases]:
            out.add(clean_name(n))
    return out


def _fold(doc, facts, found, definitions) -> list[PolicyMention]:
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_label: dict[str, int] = {}
    own = facts.meta.region or ""
    stem = cued.REGION_SUFFIX.sub("", own) if len(cued.REGION_SUFFIX.sub("", own)) >= 2 else ""
    for i, (c, _) in enumerate(found):
        root(i)
        # 曲沃县氢能产业发展规划 and, later, 氢能产业发展规划 are one plan of the report's region
        if own and c.name.startswith(own) and len(c.name) >= len(own) + 4:
            c.aliases.append(c.name[len(own):])
        keys = [clean_name(n) for n in [c.name, *c.aliases]]
        if c.kind == "designation":  # 国家儿童友好城市 and, elsewhere, 儿童友好城市: one title
            keys += [k[m.end():] for k in keys for m in [_NATIONAL_LEVEL.match(k)] if m and len(k) - m.end() >= 4]
        # 承诺制+标准地+全代办 and 标准地+承诺制+全代办 are one reform
        keys += ["+" + "+".join(sorted(k.split("+"))) for k in keys if k.count("+") >= 2]
        for k in keys:
            if not k:
                continue
            if k in by_label:
                parent[root(i)] = root(by_label[k])
            else:
                by_label[k] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(found)):
        groups.setdefault(root(i), []).append(i)

    out = []
    known = _known_by_opening(facts)
    for members in sorted(groups.values(), key=lambda m: found[m[0]][0].start):
        first_c, first_s = found[members[0]]
        best = min((found[i][0] for i in members), key=lambda c: (_PRIORITY.get(c.source, 9), c.start))
        labels: list[str] = []
        seen: set[str] = set()
        for i in members:
            c = found[i][0]
            for n in [c.name, *c.aliases]:
                n = _SPACES.sub("", n)
                if n and clean_name(n) not in seen:
                    seen.add(clean_name(n))
                    labels.append(n)
        name = _SPACES.sub("", best.name)
        aliases = [n for n in labels if clean_name(n) != clean_name(name)]
        definition = next((found[i][0].definition for i in members if found[i][0].definition),
                          None) or _definition(definitions, [name, *aliases])
        year = facts.meta.plan_year if first_s.part == "plan" else facts.meta.review_year
        kind = best.kind
        if (best.source == "quote" and kind == "strategy" and stem and stem in name
                and not re.search(r"[、，·]", name)):
            kind = "designation"  # a brand named after the place: “阳光米易”, “醉美遵义”, “顺平桃”
        out.append(PolicyMention(
            name=name, kind=kind,
            evidence=doc.evidence(first_s.start, first_s.end, first_s),
            region=_region(best, name, aliases, facts, known), year=year, aliases=aliases,
            definition=definition))
    return out


def _definition(definitions: dict[str, str], names: list[str]) -> str | None:
    """The glossary entry for one of the names, or for a longer term ending in one
    ("漓江三统改革" defines 三统改革)."""
    keys = [_gloss_key(n) for n in names]
    for k in keys:
        if k in definitions:
            return definitions[k]
    for term, d in definitions.items():
        if any(len(k) >= 3 and term.endswith(k) for k in keys):
            return d
    return None


def _is_region(name: str) -> bool:
    from kg import gazetteer
    return bool(gazetteer.lookup(name))


@lru_cache(maxsize=4096)
def _short_region(name: str) -> str:
    return cued.REGION_SUFFIX.sub("", name)


def _known_by_opening(facts: ReportFacts) -> dict[str, list[str]]:
    """The report's region, its parents and its places, in that order, by their first two
    characters (names shorter than two are left out: no form of them is long enough to
    open a name)."""
    out: dict[str, list[str]] = {}
    for k in [facts.meta.region, *facts.meta.parents, *(p.name for p in facts.places)]:
        if k and len(k) >= 2:
            out.setdefault(k[:2], []).append(k)
    return out


def _region(c: Candidate, name: str, aliases: list[str], facts: ReportFacts,
            known: dict[str, list[str]] | None = None) -> str | None:
    """``known``: _known_by_opening(facts), worked out once per report by the caller."""
    meta = facts.meta
    for k in (known if known is not None else _known_by_opening(facts)).get(name[:2], ()):
        # (both forms open with k's first two characters; a shorter k names nothing here)
        short = _short_region(k)  # 临汾绿色运输试点城市: 临汾 is 临汾市
        if any(len(f) >= 2 and name.startswith(f) and len(name) > len(f) + 1 for f in (k, short)):
            return k
    m = _REGION_PREFIX.match(name)
    if m and len(name) > m.end() + 1 and c.kind != "designation" and _is_region(m.group()):
        return m.group()  # 《山西省安全生产条例》 in a county's report
    national = c.source == "national" or any(n in lx.national() for n in [name, *aliases])
    if c.kind == "designation" and (not national or _PLACE_TITLE.search(name)):
        return meta.region  # a title is held by the region that won or seeks it
    if national or c.region_hint == "国家" or any(_COUNTRY_CAMPAIGN.search(n) for n in [name, *aliases]):
        return "国家"  # 蓝天保卫战 read from a list, a study campaign (“两学一做”学习教育)
    if c.source == "title" and re.search(r"(?:[^办]法|法典)$|^中华人民共和国", name):
        return "国家"  # laws are the country's; local rules are 条例 and 办法
    if c.region_hint == "省":
        return next((p for p in meta.parents if p.endswith(("省", "自治区"))), meta.region)
    if c.region_hint == "市":
        return next((p for p in meta.parents if p.endswith(("市", "州", "盟"))), meta.region)
    return meta.region
