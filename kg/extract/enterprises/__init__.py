"""Enterprises: the companies a report names, one mention per company, all its forms folded.

Where names come from (each a general cue, see ontology/lexicons/enterprise_*):
- a legal or industry suffix at the head of a list item (田庄粮油公司, 吉泰贸易, 晋南集团);
- the owner prefix of a project name (志宇|万头肉牛养殖项目, 晋南|120万吨…项目), ending
  where the product starts: not inside a product word (易迅达|电路板), not after a describing
  word (信维|多层陶瓷), the trade name kept beside an industry word (袁小饺食品 / 袁小饺); in
  a list closed by 等…项目 or a count of projects (one item too), the coined name before the
  first ordinary word (千喜鹤|中央厨房); a list of projects of any other kind only when one
  item is a sure company; lists of public works, routes and tourism name no owner;
- the name before a site in brackets (恒力（贵阳）产业园);
- the items of a list the text calls companies (鹏发、晋邦2家废钢企业; 寺河、永红等煤矿;
  中航工业、中国航发等军工央企), and the siblings of a company in a list (天恒氢能、聚鑫物云);
- well-known outside companies (中国联通, 华能) opening any item (华为|生态圈企业, 京东|物流).
What is refused: places and sites (public works, stations, parks named after a trade),
sectors and products, schools, hospitals, government bodies, generic company words.
Forms sharing a trade name (晋南集团 / 晋南钢铁 / 晋南), one ending another (中车永济电机 /
永济电机) or agreeing once products are dropped (吉利汽车 / 吉利新能源) are one company: the
longest form is its name, the others its aliases.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.enterprises import names as en
from kg.extract.enterprises.places import Places, is_big_place, is_city, is_province
from kg.extract.lexicon import alternation, patterns
from kg.extract.model import EnterpriseMention, ReportFacts
from kg.text.document import Document, Sentence

_MAX_ITEM = 6     # a bare list item taken whole as a trade name is short
_MAX_CLAUSE = 400  # longer "clauses" are tables or run-on text, not lists


@dataclass
class _Cand:
    form: str
    origin: str       # legal | industry | fused | owner | list | sibling | mine | outside
    sentence: Sentence
    outside: bool = False
    alias: str | None = None  # a bare form the text uses (寺河 for 寺河煤矿)
    common: bool = False      # an everyday word (大象, 轮胎): kept only if named twice


def _describes(s: str) -> bool:
    """The string opens with a describing word (最大, 首个): 四川|最大生态保护修复."""
    w, flag = en.tagged(s)[0]
    return len(w) >= 2 and flag in ("a", "d", "m")


# ------------------------------------------------------------------ candidates

_STRONG = {"legal", "industry", "fused", "list", "mine", "outside"}


def _owner(it: str, places: Places, project: bool, listed: bool = False,
           coined: bool = False) -> tuple[str, str, str | None] | None:
    """The company at the head of an item, with its origin and the form with its product
    word if the text writes one: X+suffix anywhere (industry), a bare owner prefix in a
    clause about projects (fused to a capacity, or owner). ``listed``: the item is one of
    a list closed by 等…项目 or a count of projects, whose items open with their owners;
    ``coined``: read the owner as the coined name before the first ordinary word."""
    owner = None if coined else en.owner_prefix(it)
    if not owner and listed:
        owner, coined = en.trade_prefix(it, is_big_place), True
    if not owner or en.public_works(owner):
        return None  # 长沙地铁|3号线: a line, not an owner
    rest = it[len(owner):]
    if re.fullmatch(r".{0,3}(?:园|城|区|市场|中心)", rest) \
            or re.fullmatch(r".{0,3}园", en.strip_predicates(rest)) \
            or re.match(r"(?:产业园|科技园|工业园|物流园|园区|新城|新区|小镇)", rest):
        return None  # 北港物流商贸|园, 金银花|产业园, 黔北物流|新城: a place named after a trade
    trimmed = places.trim(owner)
    if en.names_regions(trimmed, letters=False):
        return None  # 起步区第|一期, 第四批中国: an order or a region, not an owner
    if coined and trimmed != owner:
        return None  # 西厢|记行浸式: a coined name does not open with a local place
    if en.suffix_of(trimmed) is None and en.public_works(rest):
        return None  # 夹岩|大型水利枢纽工程: a site of public works, not an owner
    if en.suffix_of(trimmed) is None and any(
            len(trimmed) - k >= 2 and (
                is_city(trimmed[:k]) and not en.coined(trimmed[k:])
                or is_province(trimmed[:k]) and _describes(trimmed[k:]))
            for k in (2, 3)):
        return None  # 温州|气动装备产业园: a city's industry; 四川|最大: a description
    if trimmed.endswith("企业") and len(trimmed) > 4:  # 地福来企业|重点实验室
        trimmed = trimmed[:-2]
    fused = bool(patterns("enterprise_patterns.tsv")["number_start"].match(rest))
    alias = en.product_alias(it, owner) if trimmed == owner else None
    suffix = en.suffix_of(trimmed)
    if suffix and en.suffixes()[suffix] == "industry" and not coined:
        st = en.stem(trimmed)
        head = en.coined_head(st)
        if head and head != st and project and _describes(st[len(head):]):
            return head, "owner", None  # 信维|多层陶瓷|电容器: the product's words, not the firm's
        if head == st and en.strip_predicates(rest):
            # 袁小饺食品|总部基地, 天塑光电|PC光学材料: the firm may be written with its
            # industry word or without it; the trade name is kept as an alias
            alias = st
    if suffix:
        origin = "industry"
    elif project:
        origin = "fused" if fused and trimmed == owner else "owner"
    else:
        return None
    return trimmed, origin, alias


def _bare(form: str, origin: str, sent: Sentence, places: Places,
          alias: str | None = None) -> _Cand | None:
    """A bare trade name (no suffix) from a weak or list cue, flagged when it reads as an
    everyday word or a place word."""
    if not en.plausible(form, places, strong=origin in _STRONG) \
            or patterns("enterprise_patterns.tsv")["not_product"].search(form[-3:]):
        return None  # 顾地总部: what a firm builds, not the firm
    c = _Cand(form, origin, sent, alias=alias)
    if en.suffix_of(form) is None:
        if en.reads_as_place(form, listed=origin in ("list", "sibling")) \
                and origin not in ("fused", "outside"):
            return None
        if places.trim(form) != form and en.is_product(places.trim(form)):
            return None  # 通化大米, 长白山人参: a place's produce, not a firm
        if en.reads_as_verb(form) and origin not in ("list", "outside"):
            return None
        c.common = en.reads_as_common(form)
    return c


def _founded(clause: str, name: str, places: Places) -> str | None:
    """A company the text sets up (成立|文旅集团, 创新组建|乡村建设发展公司): one firm, though its
    words are those of a sector; not a school or hospital group, nor firms of a kind
    (小额贷款公司, 成立…公司和…21个), nor a place's name alone with the suffix. The verb
    stands before the name or opens it, after a word or two (创新组建); the name after it is
    returned. It vouches for no list around it (origin ``founded`` is not a sure cue)."""
    verb = patterns("enterprise_patterns.tsv")["founded"]
    m = verb.search(name)
    if m and m.start() <= 4:
        name = name[m.end():]
    at = clause.find(name)
    v = verb.search(clause, max(0, at - 8), at) if at >= 0 else None
    while v and v.end() < at:
        v = verb.search(clause, v.end(), at)
    if v is None or v.end() != at:
        return None
    pats = patterns("enterprise_patterns.tsv")
    if pats["founded_not"].search(clause, 0, v.start()) or pats["founded_count"].search(clause, at + len(name)):
        return None  # 探索组建: not yet one firm; 成立国有劳务公司和零工驿站21个: firms of a kind
    return name if en.founded_plausible(name, places) else None


def _listed(it: str, sent: Sentence, places: Places) -> _Cand | None:
    """An item of a list the text calls companies, taken whole (顺安远大, 众信旅游, 绿城食品);
    the owner opening it, if any, is an alias (龙纤|特种纤维)."""
    owner = en.owner_prefix(it)
    if owner == it or owner and not en.plausible(owner, places, strong=True, listed=True):
        owner = None
    if owner is None and not en.plausible(it, places, strong=True, listed=True):
        return None
    c = _Cand(it, "list", sent, alias=owner)
    toks = en.tagged(it)
    if en.suffix_of(it) is None and len(toks) == 1 and toks[0][1] not in ("nz", "nr", "nrt", "j"):
        return None  # 以石油为主体: one everyday word, not a trade name
    if en.suffix_of(it) is None:
        if en.reads_as_place(it, listed=True) or en.reads_as_verb(it):
            return None
        c.common = en.reads_as_common(it)
    return c


def _item_owner(it: str, sent: Sentence, places: Places, project: bool,
                listed: bool) -> _Cand | None:
    """The owner opening an item, read as a suffix or product word ends it, and in a list of
    firms' projects (``listed``) also as the coined name before the first ordinary word."""
    for coined in (False, True) if listed else (False,):
        owner = _owner(it, places, project, listed, coined)
        c = owner and _bare(owner[0], owner[1], sent, places, alias=owner[2])
        if c and c.alias == it and len(it) <= _MAX_ITEM and en.owner_prefix(it) is None:
            # a short list item is named whole (金杯电工, 福润烘焙); its opening, as an alias
            c.form, c.alias = c.alias, c.form
        if c:
            return c
    return None


@dataclass
class _Enum:
    """An enumeration (items joined by 、) that named no company by itself."""
    items: list[str]
    sentence: Sentence


_ITEM_MARK = re.compile("[、，]")


def _coordinated(body: str, joiner: re.Pattern[str]) -> list[str]:
    """Split at 和/及/与, but not inside a name: a single character before 和 is the name's
    start (兴和蛋业), not a group of its own."""
    parts = joiner.split(body)
    seps = joiner.findall(body)
    out = [parts[0]]
    for sep, part in zip(seps, parts[1:]):
        left = _ITEM_MARK.split(out[-1])[-1].strip()
        if sep == "和" and len(left) == 1 and part:
            out[-1] += sep + part
        else:
            out.append(part)
    return out


def _clause_candidates(clause: str, sent: Sentence, places: Places,
                       enums: list[_Enum]) -> list[_Cand]:
    pats = patterns("enterprise_patterns.tsv")
    tail = ""
    m = pats["list_tail"].match(clause) or pats["list_tail_firms"].match(clause)
    body = clause
    if m and ("、" in m.group("item") or pats["enterprise_tail"].search(m.group("tail"))
              or pats["owner_list_tail"].match(m.group("tail"))):  # 嘉航…电机等项目: one item
        body, tail = m.group("item"), m.group("tail")
    # coordinated groups (和/及/与 join groups, 、 joins the items of one enumeration)
    groups = []
    for g in _coordinated(body, pats["item"]):
        xs = [en.strip_lead(pats["item_lead"].sub("", en.strip_lead(x.strip()))) for x in g.split("、")]
        xs = [x[:-2] if x.endswith("企业") and len(x) > 4 else x for x in xs]
        groups.append([x for x in xs if x])
    items = [x for g in groups for x in g]
    if tail and pats["field_tail"].match(tail) and not pats["enterprise_tail"].search(tail) \
            and "项目" not in tail:
        return []  # 煤矿、危化、…、非煤工贸等重点行业领域, 锂电新材料、含氟新材料等产业链: a list of
        # sectors names no firm (but 齐成控股、卫星化学等行业龙头企业 names firms)
    project = bool(pats["project_head"].search(clause))
    # the tail names the items companies (等龙头企业, 两家销售超50亿元企业), not another
    # thing joined to them (等优势产业链生成和企业引建)
    m = pats["enterprise_tail"].search(tail) if tail else None
    ent_list = bool(m) and not re.search("[和及与]", tail[:m.start()])
    mine_list = bool(tail) and bool(pats["mine_tail"].search(tail))
    outside = bool(pats["outside_cue"].search(clause))
    # 生猪、肉牛、黑山羊等养殖项目: a list of products, not of owners
    products = any(en.is_product(x) for x in items)
    # 翡翠华庭、裕兴苑、福德缘等项目: mostly buildings and places, so not a list of owners
    products = products or 2 * sum(bool(en.finals_re().search(x)) for x in items) > len(items)
    # 西昭、西香等6个在建高速公路项目: projects of a kind named after places, not owners;
    # so is a list whose last item is a public work (武罐、成武、十天高速公路)
    sites = bool(pats["site_tail"].search(tail.partition("项目")[0])) \
        or "、" in body and bool(items) and en.ends_in_public_works(items[-1])
    listed = project and bool(pats["owner_list_tail"].match(tail)) and not sites
    found: dict[int, list[_Cand]] = {}
    for k, it in enumerate(items):
        cs: list[_Cand] = []
        site = it.find("〔")
        if site >= 0:
            # the owner before a site in brackets, in a clause about projects or partners
            owner = it[:site]
            it = items[k] = re.sub(r"〔[^〕]*〕", "", it)
            if en.names_regions(owner):  # 中德（沈阳）产业园: a partnership's park
                found[k] = []
                continue
            known = owner if owner in en.outside_names() else en.outside_prefix(owner)
            if known and known != owner and en.stem(owner) == known:
                known = None  # 北汽新能源（黄骅）: the firm's arm with its industry word, a firm
            c = _Cand(known, "outside", sent) if known else (
                (project or outside) and 2 <= len(owner) <= _MAX_ITEM
                and _bare(owner, "fused", sent, places))
            if c:
                c.outside = True
                found[k] = [c]
                continue
        plant = pats["plant"].match(it)
        if plant and is_big_place(plant.group("place")):
            # 益阳电厂, 鄂州电厂三期: the power plant of a county or city is a firm (its own
            # 发电公司), named after the place
            found[k] = [_Cand(plant.group("name"), "plant", sent)]
            continue
        legal = en.legal_name(it)
        if legal:  # 大名县五得利面粉集团 → 五得利面粉集团
            legal = pats["zone_prefix"].sub("", places.trim_head(legal)) or legal
        if legal and en.plausible(legal, places, strong=True):
            cs.append(_Cand(legal, "legal", sent))
        elif legal and (founded := _founded(clause, legal, places)):
            cs.append(_Cand(founded, "founded", sent))
        c = None if cs else _item_owner(it, sent, places, project and not sites, listed)
        known = en.outside_prefix(c.form) if c and c.origin == "industry" else None
        arm = en.stem(c.form)[len(known):] if known else ""
        if arm and not (arm in places or is_big_place(arm)):
            c = None  # 顺丰|支线物流: the well-known company opening it, read below (but
            # 中车永济电机, 大唐凉山新能源: its arm in a place is a firm of its own)
        if c:
            cs.append(c)
        if not cs and it in en.outside_names():
            cs.append(_Cand(it, "outside", sent))
        if not cs and mine_list and len(it) <= _MAX_ITEM \
                and en.plausible(it + "煤矿", places.big, strong=True):
            cs.append(_Cand(it + "煤矿", "mine", sent, alias=it))
        elif not cs and ent_list and len(it) <= _MAX_ITEM + 1 and not products:
            c = _listed(it, sent, places)
            if c:
                cs.append(c)
        elif not cs and len(it) <= _MAX_ITEM and not products and not en.public_works(it) \
                and project and pats["count_tail"].match(tail) and en.owner_prefix(it) is None \
                and "、" in body and not sites:
            c = _bare(it, "owner", sent, places)
            if c:
                cs.append(c)
        known = en.outside_prefix(it)
        if not cs and known:  # 华为|东北数据云中心, 中石化|50万吨PGA
            # 京东物流|仓储中心: the industry word after it names the firm's arm, an alias
            ind = en.suffix_of(it[:len(known) + 2]) or en.suffix_of(it[:len(known) + 3])
            arm = known + ind if ind and en.stem(known + ind) == known else None
            cs.append(_Cand(known, "outside", sent, alias=arm))
        found[k] = cs
    # a list of projects of any other kind (等一批重大产业转型项目) opens its items with owners
    # when one of them is a sure company
    if project and not sites and not listed and pats["project_list_tail"].match(tail) \
            and any(c.origin in _STRONG and not c.common for cs in found.values() for c in cs):
        for k, it in enumerate(items):
            c = None if found[k] else _item_owner(it, sent, places, True, True)
            if c:
                found[k].append(c)
    # in a list the text calls companies, one sure company vouches for items that read as
    # everyday words (长城精工、隆达铝业、顺安远大等龙头企业) if they hold a coined part
    # (not 商务服务, 租售优惠: ordinary words only)
    if ent_list and any(c.origin in _STRONG and not c.common for cs in found.values() for c in cs):
        for cs in found.values():
            for c in cs:
                if c.origin == "list" and en.coined(c.form):
                    c.common = False
    # an enumeration that names a company for sure names companies: its short items are too
    k0 = 0
    for g in groups:
        ks = range(k0, k0 + len(g))
        k0 += len(g)
        if len(g) < 2 or mine_list or products:
            continue
        if not any(found[k] for k in ks):
            enums.append(_Enum(g, sent))
        # the sure company must be a whole item: in "市投控公司拓展城市更新改造、土地整理"
        # the list is of the firm's businesses, not of firms; or it closes the list, the
        # clause going on after it ("九江钒宇、德胜集团依托特色产业…")
        elif any(c.origin in _STRONG and not c.common and (
                c.form == items[k] or c.origin == "outside" and items[k].startswith(c.form)
                or k == ks[-1] and c.origin == "legal" and items[k].startswith(c.form))
                 for k in ks for c in found[k]):
            for k in ks:
                x = items[k]
                if k == ks[-1] and len(x) > _MAX_ITEM:  # 龙净环保、福龙马|入选国家…示范
                    subject = en.before_verb(x)  # a coined name only (not 冶金、建材业|迈向…)
                    x = subject if subject and en.coined_head(subject) == subject else x
                if not found[k] and len(x) <= _MAX_ITEM and en.owner_prefix(x) is None:
                    c = _bare(x, "sibling", sent, places)
                    if c:
                        found[k].append(c)
                elif not found[k] and en.legal_name(x) == x and en.founded_plausible(x, places):
                    # 城投集团、矿业集团、能投公司整合重组: beside sure firms, a whole item with a
                    # legal form is one too, though its words are a sector's
                    found[k].append(_Cand(x, "sibling", sent))
    out = [c for cs in found.values() for c in cs]
    # 积极与中农卓棉进行对接: the partner named alone
    pm = pats["partner"].search(clause)
    if pm and not any(c.form == pm.group("name") for c in out) \
            and any(x.startswith(pm.group("name")) for x in items) \
            and not pm.group("name").endswith("企业"):  # 与长株潭企业合作: firms in general
        c = _bare(pm.group("name"), "list", sent, places)
        if c and not c.common:
            out.append(c)
    for c in out:
        c.outside = c.outside or outside
    return out


def _supported(cands: list[_Cand]) -> list[_Cand]:
    """Everyday words stand as company names only when the text names them twice as a
    company (大象: 依托大象、通威等龙头企业 and 大象畜禽养殖…项目)."""
    seen: dict[str, set[str]] = {}
    for c in cands:
        seen.setdefault(en.stem(c.form), set()).add(c.sentence.text)
    return [c for c in cands if not c.common or len(seen[en.stem(c.form)]) >= 2]


def _known_siblings(cands: list[_Cand], enums: list[_Enum], places: Places) -> list[_Cand]:
    """An enumeration holding a company the report names elsewhere names companies
    (立恒、闽光分别压减…, where 立恒公司 is named in another sentence)."""
    known = {en.stem(c.form) for c in cands if c.origin in _STRONG and not c.common}
    out = []
    for e in enums:
        if not any(x in known or en.stem(x) in known for x in e.items):
            continue
        for x in e.items:
            if len(x) <= _MAX_ITEM and en.owner_prefix(x) is None:  # 立恒 itself: an alias
                c = _bare(x, "sibling", e.sentence, places)
                if c and not c.common:
                    out.append(c)
    return out


@lru_cache(maxsize=1)
def _any_cue() -> re.Pattern[str]:
    """Some sign a clause may name a company; most clauses have none and are skipped."""
    pats = patterns("enterprise_patterns.tsv")
    words = [*en.suffixes(), *en.outside_names(), "、"]
    return re.compile("|".join([alternation(words)]
                               + [pats[k].pattern for k in ("project_head", "enterprise_tail",
                                                            "partner", "mine_tail")]))


_SITE = re.compile(r"(?<=[\u4e00-\u9fff])（([\u4e00-\u9fff]{2,4})）")


def _mark_sites(text: str) -> str:
    """恒力（贵阳）产业园 → 恒力〔贵阳〕产业园: a county, city or province in brackets after a
    name is where a firm builds (奇瑞（贵州）产业基地, 海螺（尤溪）新型建材); kept inside the
    clause, in brackets no clause splits at, so the owner before it can be read."""
    return _SITE.sub(lambda m: f"〔{m.group(1)}〕" if is_big_place(m.group(1)) else m.group(0), text)


def _candidates(doc: Document, places: Places) -> list[_Cand]:
    split = patterns("enterprise_patterns.tsv")["clause"].split
    cue = _any_cue().search
    out: list[_Cand] = []
    enums: list[_Enum] = []
    for s in doc.sentences:
        if s.part == "notes":  # glossaries define terms, they do not report on firms
            continue
        for clause in split(_mark_sites(s.text)):
            clause = clause.strip()
            if 2 <= len(clause) <= _MAX_CLAUSE and cue(clause):
                out.extend(_clause_candidates(clause, s, places, enums))
        out.extend(_honoured(s, places))
    return out + _known_siblings(out, enums, places)


_QUOTES = re.compile(r"[“”\"‘’《》〈〉「」『』*]")


def _honoured(sent: Sentence, places: Places) -> list[_Cand]:
    """The subject of an honour given to firms (金龙稀土获评国家技术创新示范企业, 海斯福获评国家级
    制造业单项冠军; 郎酒、长城电脑获评…链主企业), or of a listing on a stock market (侨龙应急创业板
    IPO成功过会, 卫龙美味在港交所上市): the honour names its holders companies. The subject is
    a short name opening its clause; quotes inside the honour are read through."""
    pats = patterns("enterprise_patterns.tsv")
    out = []
    for piece in pats["honour_split"].split(sent.text):
        piece = _QUOTES.sub("", piece.strip())
        m = pats["honour"].match(piece) or pats["listing"].match(piece)
        if not m:
            continue
        for x in m.group("subject").split("、"):
            x = en.strip_lead(x)
            if not 2 <= len(x) <= _MAX_ITEM or en.suffix_of(x) or is_big_place(x) \
                    or en.owner_prefix(x) is not None:
                continue  # 兴城获评…: a place; X科技: read by its suffix already
            c = _bare(x, "list", sent, places)
            if c and c.common and en.coined(x):
                c.common = False  # 侨龙|应急: a coined part beside an everyday word is a name
            if c and not c.common:
                out.append(c)
    return out


# ------------------------------------------------------------------ folding

def _fold(cands: list[_Cand]) -> list[list[_Cand]]:
    """Group the forms of one company: same trade name (also once its products are dropped),
    or one form ending another."""
    groups: list[list[_Cand]] = []
    keys: list[set[str]] = []
    for c in cands:
        st = en.stem(c.form)
        core = en.core(c.form)  # 四通合金新材料 and 四通公司 are one firm
        hit = None
        for i, ks in enumerate(keys):
            if st in ks or c.form in ks or core in ks or any(
                    len(k) >= 4 and len(c.form) >= 4 and (k.endswith(c.form) or c.form.endswith(k))
                    for k in ks):
                hit = i
                break
        if hit is None:
            groups.append([c])
            keys.append({st, c.form})
        else:
            groups[hit].append(c)
            keys[hit] |= {st, c.form}
    return groups


def _mention(group: list[_Cand], doc: Document, region: str | None) -> EnterpriseMention:
    forms: list[str] = []
    for c in group:
        for f in (c.form, c.alias):
            if f and f not in forms:
                forms.append(f)
    # the fullest form; ties go to the first written. A product form (一臣饲料 of 一臣) is
    # only ever an alias: the text wrote it as a project, not as the firm's name.
    names = [f for f in forms if any(f == c.form for c in group)]
    name = max(names, key=len)
    first = next((c for c in group if c.form == name), group[0])
    # outside: a well-known outside company, or brought in/partnered with wherever named
    outside = any(c.form in en.outside_names() for c in group) or all(c.outside for c in group)
    s = first.sentence
    return EnterpriseMention(name=name, evidence=doc.evidence(s.start, s.end, s),
                             aliases=[f for f in forms if f != name],
                             region=None if outside else region)


def extract(doc: Document, facts: ReportFacts) -> list[EnterpriseMention]:
    # no try/except: kg.build reports and skips the file whose text raised, naming the line
    places = Places(facts)
    groups = _fold(_supported(_candidates(doc, places)))
    return [_mention(g, doc, facts.meta.region) for g in groups]
