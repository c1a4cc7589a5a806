"""Places a report names: its townships, villages and zones, and other counties, cities and
provinces, one PlaceMention per place with its sentence as evidence.

Evidence, from safest to boldest (docs/gazetteer.md has the full list):
1. The gazetteer: full names of the region's own townships and villages (北董乡, 南林交村) and
   of divisions anywhere (临汾市, 山西省); short forms (临汾, 端氏, 北下郇) when they do not cut
   a word, and for villages only with a cue (韩村小学, 张峰、石室…等特色示范村, 北下郇至李野段).
2. Suffixes: names ending in 镇/乡/村/社区 the gazetteer lacks (槐泉镇), standing alone and not
   common words (乡村, 城镇, 美丽乡村 are ``not_places``).
3. County reports only: section ends, the rest of place lists, monitoring sections, pairs.
   City reports: townships by short form with evidence (listed, a cue, a road's end, their
   county before them: 横山波罗), villages right after their county (米脂龙峁).
4. Zones: a place before a zone suffix (曲沃经济技术开发区); in county reports also named parks
   (新材料产业园, 涑水新区); the bare 开发区 when the report never gives a full name; a city's
   bare 高新区/经开区 and its 新区 named by a lake or river (梧桐湖新区); state-level new areas.

Lexicons (cue words, stop words, suffixes) are in ``ontology/lexicons/place_patterns.json``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from kg import gazetteer as gaz
from kg.extract.lexicon import alternation
from kg.extract.model import PlaceMention, ReportFacts
from kg.paths import data_path
from kg.text import tokens

CJK = "\u4e00-\u9fff"
_SEP = "、，,；;：:（）()“”\"《》〈〉—\\-·/ \n\t。！？!?"
_UNIT_SUFFIX = re.compile("镇|乡|村|社区")
_UNIT_WORDS = frozenset({"镇", "乡", "村", "社区", "街道"})
_ALL_CJK = re.compile(f"[{CJK}]+")
_TO = re.compile("至|到")
_PLACE_LIST = re.compile(f"(?:[{CJK}]{{2,4}}、)+[{CJK}]{{2,4}}?(?=等|和|及|[^{CJK}]|$)")
_COUNTED_PAIR = re.compile(f"([{CJK}]{{2,4}})(?:和|与|及)([{CJK}]{{2,4}}?)(?=[两三四五六七八九十\\d]+\\s*个)")
_SECTION = re.compile("断面")
_COUNTED = re.compile("[一二三四五六七八九十两百千万几多]+[个批家座处类项大流些级]|[各全]")
# a new town named by where it lies: 南部新城, 西部新城
_DIRECTION_TOWN = re.compile("(?:东南|西南|东北|西北|[东西南北])部新城")


@lru_cache(maxsize=1)
def _lex() -> dict:
    return gaz._patterns()


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(_lex()["not_places"]["words"])


@lru_cache(maxsize=1)
def _ambiguous_shorts() -> frozenset[str]:
    return frozenset(_lex()["ambiguous_shorts"]["words"])


@lru_cache(maxsize=1)
def _cue_after() -> re.Pattern:
    return re.compile(alternation(_lex()["cues_after"]["words"]))


@lru_cache(maxsize=1)
def _far_cue_after() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _lex()["far_cues_after"]["words"]))


@lru_cache(maxsize=1)
def _village_predicate() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _lex()["village_predicates"]["after"]))


@lru_cache(maxsize=1)
def _list_cue() -> dict[str, re.Pattern]:
    return {lvl: re.compile("|".join(f"(?:{p})" for p in pats))
            for lvl, pats in _lex()["list_cues"].items() if not lvl.startswith("_")}


@lru_cache(maxsize=1)
def _zone_re() -> re.Pattern:
    return re.compile(f"(?:{alternation(_lex()['zone_suffixes'])})")


@lru_cache(maxsize=1)
def _jieba():
    """jieba's dictionary: word → frequency, and word → part of speech."""
    tk = tokens.tokenizer()
    tk.check_initialized()
    return tk.FREQ, tokens.pos_tokenizer().word_tag_tab


def _is_word(s: str) -> bool:
    return bool(_jieba()[0].get(s))


def _noun(w: str) -> bool:
    return (_jieba()[1].get(w) or "x").startswith(("n", "s"))


_COMMON = 100  # jieba frequency from which a word is common (文明, 开张, 鸳鸯)
_VERY_COMMON = 2000  # … and from which it is never a village's name, listed or not (人民, 中心)


def _common_word(s: str, threshold: int = _COMMON) -> bool:
    """A frequent dictionary word that is not tagged as a place name (文明, 开张, 鸳鸯)."""
    freq, tags = _jieba()
    return (freq.get(s) or 0) >= threshold and not (tags.get(s) or "").startswith("ns")


# jieba cuts a sentence into blocks of these characters and segments each block on its own
# (every other character is a word by itself, "\r\n" excepted); so a word boundary inside a
# block depends on that block only, and only the blocks asked about need segmenting.
_HAN_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")


@lru_cache(maxsize=8192)
def _block_boundaries(block: str) -> frozenset[int]:
    out, i = {0}, 0
    for w in tokens.words(block):
        i += len(w)
        out.add(i)
    return frozenset(out)


class _Boundaries:
    """The positions where jieba's segmentation of a sentence starts or ends a word (as a
    set: ``pos in b``), the blocks segmented lazily."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _HAN_BLOCK.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def __contains__(self, pos) -> bool:
        n = len(self.text)
        if not isinstance(pos, int) or pos < 0 or pos > n:
            return False
        if pos == 0 or pos == n:
            return True
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.ends[k]:
            s = self.starts[k]
            if pos == s:
                return True
            return pos - s in _block_boundaries(self.text[s:self.ends[k]])
        return self.text[pos - 1:pos + 1] != "\r\n"


@lru_cache(maxsize=256)
def _boundaries(text: str) -> _Boundaries:
    return _Boundaries(text)


def _aligned(text: str, s: int, e: int) -> bool:
    """Does jieba's segmentation of the sentence start and end a word at s and e?"""
    b = _boundaries(text)
    return s in b and e in b


def _splits_word(text: str, s: int, e: int) -> bool:
    """Would taking text[s:e] cut a dictionary word in two? (巩固县域 ⊃ 固县)"""
    left = s > 0 and _is_word(text[s - 1:s + 1]) and not _is_word(text[s:s + 2])
    right = e < len(text) and _is_word(text[e - 1:e + 1]) and not _is_word(text[e - 2:e])
    return left or right


def _after_verb(text: str, s: int) -> bool:
    """Does a verb (实施, 推进) end right at s, with a word boundary there?"""
    tags = _jieba()[1]
    if not any(len(w) == k and (tags.get(w) or "").startswith("v")
               for k in (2, 3) for w in (text[max(0, s - k):s],)):
        return False
    return s in _boundaries(text)  # (the verb test first: it needs no segmentation)


def _standalone_zone(text: str, s: int, suffix: str) -> tuple[str | None, int]:
    """A zone named by an industry or a river (新材料产业园, 机电园区, 涑水新区): the words
    between a separator and the suffix, nouns only, or a 2-character name before 新区."""
    b = _boundaries(text)
    if s not in b:
        return None, s
    for j in range(max(0, s - 7), s - 1):
        if j not in b or not (j == 0 or text[j - 1] in _SEP or text[j - 1] in "以在" or _after_verb(text, j)):
            continue
        stem = text[j:s]
        if not re.fullmatch(f"[{CJK}]+", stem) or _COUNTED.match(stem):
            continue  # 三大园区, 一批园区 (but 一枝山工业园区 is a name)
        if stem.startswith(tuple(_lex()["zone_generic_stems"]["words"])) or stem[0] in "性化型式" \
                or any(ch in _lex()["name_breakers"]["chars"] for ch in stem):
            continue
        first = _words(stem)[0]
        if len(first) > 1 and (_jieba()[1].get(first) or "x").startswith(("v", "p", "c", "d")):
            continue  # 围绕新材料产业园: the verb is not part of the name
        if first == stem and (_jieba()[1].get(first) or "x").startswith(("a", "j")):
            continue  # 激活园区, 深化园区: a verb jieba tags otherwise, then the generic 园区
        if _in_list_of_parks(text, j, s + len(suffix)):
            return stem + suffix, j
        tags = [(_jieba()[1].get(w) or "x") for w in _words(stem)]
        if any(t.startswith(("v", "p", "c", "u", "d", "r")) for t in tags):  # (numerals: _COUNTED)
            continue
        if suffix == "新区" and (len(stem) != 2 or _common_word(stem)):
            continue
        if suffix in ("产业园", "园区", "示范园", "工业园", "产业园区", "工业园区") or suffix == "新区":
            if suffix == "新区" or suffix.endswith("园区") and len(stem) <= 4:
                return stem + suffix, j
    return None, s


def _landform_new_district(text: str, s: int) -> tuple[str | None, int]:
    """A city's 新区 named by the lake, river, port or bay it lies on (梧桐湖新区, 红莲湖新区,
    大冶湖新区, 蓉江新区), the name starting a phrase: the name and where it starts."""
    finals = _lex()["zone_landform_finals"]["chars"]
    for k in (3, 2):
        j = s - k
        stem = text[max(0, j):s]
        if j < 0 or not _ALL_CJK.fullmatch(stem) or stem[-1] not in finals \
                or stem[0] in _lex()["name_breakers"]["chars"]:
            continue  # (把空港新区, 和汶河新区: the name starts after the word)
        if (_plausible_start(text, j) or text[j - 1] in "和与及在以对将把") and j in _boundaries(text) \
                and not _common_word(stem):
            return stem + "新区", j
    return None, s


def _in_list_of_parks(text: str, x: int, y: int) -> bool:
    """Is text[x:y] one item of a 、-list whose every item is a park (A产业园、B示范园)?"""
    before = re.search(f"[^{re.escape(_SEP)}]*(?:、[^{re.escape(_SEP)}]*)*$", text[:x])
    after = re.match(f"(?:、[^{re.escape(_SEP)}]*)*", text[y:])
    items = (before.group() if before else "").split("、")[:-1] + (after.group() if after else "").split("、")[1:]
    items = [i for i in items if i]
    return bool(items) and all(_zone_re().search(i[-4:]) for i in items)


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(tokens.words(text))


def _not_place_tail(name: str, first: int) -> bool:
    """Does the name end in a phrase that names no place (美化农村 ⊃ 化农村)? The unit word
    alone (社区 of 城北社区) does not count."""
    return any(name[i:] in _not_places() and name[i:] not in _UNIT_WORDS for i in range(first, len(name) - 1))


def _unknown_place_name(text: str, s: int, e: int, free) -> bool:
    """Is text[s:e] (…镇/乡/村/社区, not in the gazetteer) a place name standing alone?"""
    name = text[s:e]
    if text[e - 1:e + 1] in _not_places():
        return False  # 河东乡村: the 乡 belongs to 乡村
    # the name must stand alone: list item or after a separator / a known place / a verb
    before = text[s - 1] if s > 0 else ""
    if before and before not in _SEP and free(s - 1, s) and not (before.isascii() and before.isalnum()) \
            and before not in "在以对将把和及与" and not _after_verb(text, s):
        return False  # (a road's number may stand before it: S465青皮村)
    if name in _not_places() or _is_word(name) and not (_jieba()[1].get(name) or "").startswith("ns"):
        return False
    stem = name[:-2] if name.endswith("社区") else name[:-1]
    if any(ch in _lex()["name_breakers"]["chars"] for ch in stem) or re.search(r"\d", stem) \
            or _not_place_tail(name, 0) or name[:-1] in _not_places():
        return False
    predicate = bool(_village_predicate().match(text, e))
    if any(len(w) > 1 and _common_word(w) and not (predicate and _noun(w)) for w in _words(stem)):
        return False  # 实施好乡, 支持北镇: a phrase, not a name (金花塘村入选: nouns may name one)
    tag = _jieba()[1].get(stem) or ""
    if _is_word(stem) and not tag.startswith(("ns", "nr", "nz")) \
            and not (_noun(stem) and (predicate or not _common_word(stem))):
        return False  # 改扩建乡, 力争村: a verb or common word, then the suffix (垭口村, 热水村入选: a noun)
    if name.endswith("社区") and not predicate and not (before and before in "镇乡道区县市"):
        return False  # 康养社区, 绿美社区: a community needs its town before it or a predicate
    if name[-1] in "村区" and free(s - 1, s) and "、" not in text[max(0, s - 1):e + 1] and not predicate:
        return False  # an unknown village needs its township before it, a list around it or a predicate
    if re.search(r"[村镇乡县市区省级个等各全本该这那新老大小]", stem[:1]) or re.search(r"[县市省区]", stem):
        return False
    after = text[e] if e < len(text) else ""
    return not after or after in _SEP or bool(re.match(r"[等和及与为被是的入村镇乡]", after)) or predicate \
        or bool(_cue_after().match(text, e)) or bool(re.match(r"建设|创建|打造|完成", text[e:]))


def _plausible_start(text: str, x: int) -> bool:
    """Does a name start at x (after a separator, or a verb that ends there)?"""
    return x == 0 or text[x - 1] in _SEP or _after_verb(text, x)


def _plausible_start_or_after_place(text: str, x: int, free) -> bool:
    """Does a name start at x: after a separator, a verb, or a place found before it?"""
    return _plausible_start(text, x) or not free(x - 1, x)


def _plausible_bare(name: str) -> bool:
    """Could this 2–4 character span be a bare place name (not 开发区, 水库, 县城)?"""
    return (2 <= len(name) <= 4 and _ALL_CJK.fullmatch(name) is not None
            and name not in _not_places() and not _common_word(name)
            and not re.search(r"[县市省区镇乡]|水库|公路|管网", name)
            and not _zone_re().search(name) and not name.endswith(("河", "江", "湖", "段"))
            and not any(len(w) > 1 and _common_word(w) and (_jieba()[1].get(w) or "x")[0] in "vdcpr"
                        for w in _words(name)))


def _right_end(text: str, b: int) -> tuple[int, int] | None:
    """The place after 至: up to 段/线/separator, 2–4 characters."""
    m = re.match(f"([{CJK}]{{2,4}}?)(?:段|线|[{re.escape(_SEP)}])", text[b:])
    return (b, b + len(m.group(1))) if m else None


def _left_end(text: str, a: int) -> tuple[int, int] | None:
    """The place before 至: jieba words back to a separator or a common word (推进西樊庄)."""
    b = _boundaries(text)
    starts = [i for i in range(a - 2, a - 5, -1) if i in b]
    best = None
    for i in starts:  # shortest first, extended while what it adds is not a word of its own
        piece = text[i:a]
        if not _ALL_CJK.fullmatch(piece):
            break
        if best is not None:
            added = text[i:best[0]]
            if len(added) > 1 and _is_word(added) or added in "在以对将把和及与的了是为从由向等":
                break
        best = (i, a)
        if i == 0 or text[i - 1] in _SEP:
            break
    return best


class _Names:
    """A set of names matched leftmost-longest in a text: a dict probe per position and
    length, which beats a regex alternation of thousands of literals."""

    def __init__(self, names) -> None:
        self.names = frozenset(n for n in names if n)
        lengths: dict[str, set[int]] = {}
        for n in self.names:  # the lengths worth probing, by the first two characters
            lengths.setdefault(n[:2], set()).add(len(n))
        self.lengths = {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items() if len(c) == 2}
        self.singles = frozenset(n for n in self.names if len(n) == 1)
        # where a name may start, found by the regex engine: a first character of a name
        # followed by a second one (or a one-character name); each is then probed
        alts = []
        if self.lengths:
            first = "".join(sorted({g[0] for g in self.lengths}))
            second = "".join(sorted({g[1] for g in self.lengths}))
            alts.append(f"[{re.escape(first)}][{re.escape(second)}]")
        if self.singles:
            alts.append(f"[{re.escape(''.join(sorted(self.singles)))}]")
        self.starts = re.compile(f"(?=(?:{'|'.join(alts)}))" if alts else "(?!)")

    def finditer(self, text: str):
        names, lengths, singles = self.names, self.lengths, self.singles
        n, i = len(text), 0
        for m in self.starts.finditer(text):
            p = m.start()
            if p < i:
                continue  # inside the previous match
            for L in lengths.get(text[p:p + 2], ()):
                if p + L <= n and text[p:p + L] in names:
                    yield _Match(text[p:p + L], p, p + L)
                    i = p + L
                    break
            else:
                if text[p] in singles:
                    yield _Match(text[p], p, p + 1)
                    i = p + 1


@dataclass(frozen=True)
class _Match:
    text: str
    s: int
    e: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


# --------------------------------------------------------------------------- local lexicon

@dataclass
class _Local:
    """The names a report's own region contains."""
    full: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # name → (level, parent, key)
    bare: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # short → (full, level, parent)
    strict: set[str] = field(default_factory=set)  # bare names that need a place beside them
    # a city's townships by short form: names only with evidence (listed, a cue, a road's end,
    # their county before them); short → the names of the counties holding one
    guarded: dict[str, set[str]] = field(default_factory=dict)
    regex: "_Names | None" = None


@lru_cache(maxsize=64)
def _local(region: gaz.Division | None) -> _Local:
    loc = _Local()
    if region is None:
        return loc
    counties = [region] if region.level == "county" else \
        [d for d in gaz.children(region.code) if d.level == "county"] if region.level == "city" else []
    for county in counties:
        towns = [t for t in gaz.children(county.code) if t.level == "township"]
        by_short = {t.short: t for t in towns}
        for t in towns:
            if not t.name.endswith(("镇", "乡", "街道", "苏木", "办事处")):
                continue  # a unit listed without its suffix: too bare to trust
            loc.full.setdefault(t.name, ("township", county.name, f"township:{t.name}"))
            if t.short != t.name and region.level == "county":
                loc.bare.setdefault(t.short, (t.name, "township", county.name))
            elif t.short != t.name and t.short not in _ambiguous_shorts():  # a city's: 蒲团至庙岭
                loc.bare.setdefault(t.short, (t.name, "township", county.name))
                loc.guarded.setdefault(t.short, set()).update({county.name, county.short})
        for v, tcode in gaz.villages(county.code).items():
            if v in _not_places():
                continue
            if v in by_short and v.endswith("村"):  # 曲村: 曲村镇's short form and its seat village
                loc.full.setdefault(v, ("township", county.name, f"township:{by_short[v].name}"))
                continue
            town = gaz.get(tcode)
            parent = town.name if town and town.level == "township" else county.name
            if not v.endswith(("村", "社区", "居委会", "村委会")):
                # 金华, 榆林: a village listed without 村 is a bare name, and needs cues
                if region.level == "county":
                    loc.bare.setdefault(v, (v, "village", county.name))
                continue
            loc.full.setdefault(v, ("village", parent, f"village:{v}"))
            if region.level == "county":
                short = gaz.short_name(v, "village")
                if short != v:
                    loc.bare.setdefault(short, (v, "village", county.name))
    # a city's report names its counties by short form (阳新, 大冶), a county's its neighbours
    neighbours = counties if region.level == "city" else [
        d for d in gaz.children(region.parent or "") if d.level == "county" and d.code != region.code]
    if region.level in ("city", "county"):
        for county in neighbours:  # (a two-character name is its own short form: 南县, 佳县)
            if county.short not in _ambiguous_shorts():
                parent = region.name if region.level == "city" else gaz.parent_of(county).name
                if loc.guarded.pop(county.short, None):
                    del loc.bare[county.short]  # the county before its namesake town (抚远, 长白)
                loc.bare.setdefault(county.short, (county.code, "county", parent))
    # the other counties of the province by short form, only beside another place: listed with
    # it (会理、盐边、盐源、德昌等周边县) or at the other end of a road (冕宁至米易段, 盘州至兴义)
    province = gaz.chain(region.code)[-1]
    for county in _counties_under(province.code):
        if county.short != county.name and county.short not in _ambiguous_shorts() \
                and county.short not in loc.bare and county.code != region.code \
                and not _common_word(county.short) \
                and not any(d.level in ("province", "city") and county.short in (d.name, d.short)
                            for d in gaz.lookup(county.short)):
            # (南昌 of 南昌县 is the city 南昌 first; 芙蓉 of 芙蓉区 a flower)
            loc.bare[county.short] = (county.code, "county", gaz.parent_of(county).name)
            loc.strict.add(county.short)
    for name in list(loc.bare):  # a bare name that is also a full name is the full one
        if name in loc.full:
            del loc.bare[name]
        elif name in loc.guarded and loc.bare[name][1] != "township":
            del loc.guarded[name]  # (a county's short first: 阳新)
    if loc.full or loc.bare:
        loc.regex = _Names({*loc.full, *loc.bare})
    return loc


def _beside_known(text: str, s: int, e: int, loc: "_Local", own: set[str]) -> bool:
    """Is text[s:e] joined (、和及与至到) to a place name the report's region or the map knows?"""
    known = lambda n: n in own or n in loc.full or n in loc.bare or n in _divisions_regex().names  # noqa: E731
    if s > 1 and text[s - 1] in "、和及与至到" and any(known(text[k:s - 1]) for k in range(max(0, s - 9), s - 2)):
        return True
    return e + 1 < len(text) and text[e] in "、和及与至到" and any(
        known(text[e + 1:k]) for k in range(e + 3, min(len(text), e + 10) + 1))


def _village_after(text: str, s: int, county: str) -> tuple[str, int, str] | None:
    """A village of the county, written with or without 村, that starts at s and ends a list
    item (…龙峁、…张家墕等): its full name, where it ends, and its township."""
    villages = gaz.villages(county)
    for k in (4, 3, 2):
        e = s + k
        if e > len(text) or not _ALL_CJK.fullmatch(text[s:e]):
            continue
        if e < len(text) and not (text[e] in _SEP and text[e] not in "”\"" or text[e] in "等和及与"):
            continue  # (“雅江松茸” in quotes is a brand)
        bare = text[s:e].removesuffix("村")
        if not _plausible_bare(bare) or any(t.short == bare for t in gaz.children(county)):
            continue  # 雅江松茸 is a product; 邵武和平 the town of 和平
        for full in (text[s:e], text[s:e] + "村"):
            if full in villages and full not in _not_places():
                town = gaz.get(villages[full])
                return full, e, town.name if town else gaz.get(county).name
    return None


def _zone_key(name: str) -> str:
    """One key for a zone however its kind is written (鄂州经济开发区 = 鄂州开发区)."""
    for long, short in sorted(_lex()["zone_kind_forms"]["forms"].items(), key=lambda x: -len(x[0])):
        if name.endswith(long) and len(name) > len(long):
            return name[:-len(long)] + short
    return name


def _bare_zone_at(text: str, kind: str) -> bool:
    """Does the zone word stand bare in the sentence, as a name (支持高新区, 高新区和经开区),
    not as a kind (省级高新区, 创建国家高新区) or the end of a name (益阳高新区)?"""
    for m in re.finditer(re.escape(kind), text):
        p = m.start()
        if p == 0 or text[p - 1] in _SEP or text[p - 1] in "和与及" or _after_verb(text, p):
            return True
    return False


def _counties_under(code: str) -> list[gaz.Division]:
    out = []
    for d in gaz.children(code):
        if d.level == "county":
            out.append(d)
        elif d.level == "city":
            out += [c for c in gaz.children(d.code) if c.level == "county"]
    return out


@lru_cache(maxsize=1)
def _new_areas() -> dict[str, tuple[str, str]]:
    """State-level new areas: every name a report may write (雄安新区, 雄安) → (full name, province)."""
    out = {}
    with open(data_path("ontology", "lexicons", "new_areas.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, bare, province = line.rstrip("\n").split("\t")
            for n in [name, *filter(None, bare.split("|"))]:
                out[n] = (name, province)
    return out


@lru_cache(maxsize=1)
def _new_areas_regex() -> _Names:
    return _Names(_new_areas())


@lru_cache(maxsize=1)
def _divisions_regex() -> _Names:
    """Full names of every province, city and county, and the short forms that are safe."""
    g = gaz._gaz()
    names = set()
    for d in g.by_code.values():
        if d.level == "township":
            continue
        if len(d.name) >= 3:
            names.add(d.name)
        # earlier names, as older reports and glossaries print them (诸暨县, 清苑县)
        names.update(old for old in d.former if len(old) >= 3)
        if d.level in ("province", "city") and len(d.short) >= 2 and d.short not in _ambiguous_shorts():
            names.add(d.short)
    return _Names(names)


def _division(name: str, context: tuple[str, ...]) -> gaz.Division | None:
    """The province, city or county a name means (北京 the city, not a 北京街道)."""
    cands = [d for d in gaz.lookup(name) if d.level != "township"]
    if len(cands) == 1:
        return cands[0]
    d = gaz.resolve(name, context)
    return d if d is not None and d.level != "township" else None


# --------------------------------------------------------------------------- the extractor

@dataclass
class _Found:
    name: str
    level: str
    parent: str | None
    sentence: object
    key: str               # what makes two mentions the same place
    aliases: list[str] = field(default_factory=list)


def _items(text: str, s: int, e: int) -> tuple[list[tuple[int, int]], int]:
    """The enumeration text[s:e] stands in (X、Y、Z …): item spans, and where it ends."""
    items = [(s, e)]
    i = s
    while i > 1 and text[i - 1] == "、":
        j = i - 1
        while j > 0 and re.match(f"[{CJK}]", text[j - 1]) and i - 1 - j < 4:
            j -= 1
        items.insert(0, (j, i - 1))
        i = j
    k = e
    while k < len(text) and text[k] in "、和及与":
        m = re.match(f"[{CJK}]{{2,4}}?(?=[、和及与等]|$|[^{CJK}])", text[k + 1:])
        if not m:
            break
        items.append((k + 1, k + 1 + m.end()))
        k = k + 1 + m.end()
    return items, k


def extract(doc, facts: ReportFacts) -> list[PlaceMention]:
    meta = facts.meta
    region = gaz.resolve(meta.region, meta.parents) if meta.region else None
    context = tuple(x for x in [meta.region, *meta.parents] if x)
    loc = _local(region)
    found: dict[str, _Found] = {}

    def add(name, level, parent, sent, key):
        if region is not None and key == region.code:
            return
        f = found.get(key)
        if f is None:
            found[key] = _Found(name, level, parent, sent, key)
        elif name != f.name and name not in f.aliases:
            # the fuller printed form becomes the name, the other an alias
            if len(name) > len(f.name):
                f.aliases.append(f.name)
                f.name = name
            else:
                f.aliases.append(name)

    def key_for(name: str, level: str) -> str:
        """One key per place, however a rule found it (湘峪 = 湘峪村 of the gazetteer)."""
        if name in loc.full:
            return loc.full[name][2]
        if name in loc.bare:
            full, lvl, _ = loc.bare[name]
            return full if lvl == "county" else f"{lvl}:{full}"
        return f"{level}:{name}"

    own_names = {region.name, region.short} if region else set()
    home = gaz.chain(region.code)[-1].code if region else None  # the report's province
    for sent in doc.sentences:
        text = sent.text
        taken = [False] * len(text)

        def free(s, e):
            return not any(taken[s:e])

        def take(s, e):
            for i in range(s, e):
                taken[i] = True

        if meta.speaker and meta.speaker in text:
            for m in re.finditer(re.escape(meta.speaker), text):
                take(m.start(), m.end())

        county_ends = []  # (where a county of the region's ends, its code): 米脂|龙峁
        # 1a. the region's own townships and villages
        own_spans = [m.span() for n in own_names if len(n) > 1 and n in text for m in re.finditer(re.escape(n), text)]
        if loc.regex is not None:
            pending = []
            matches = list(loc.regex.finditer(text))
            ends = {m.end() for m in matches if m.end() < len(text) and text[m.end()] in "、和及与"}
            finals = _lex()["village_finals"]["chars"]  # 磨里 of 磨里峪 is no list item
            starts = {m.start() for m in matches if m.start() > 0 and text[m.start() - 1] in "、和及与"
                      and not (m.end() < len(text) and text[m.end()] in finals)}
            for m in matches:
                name, s, e = m.group(), m.start(), m.end()
                if name in loc.full:
                    level, parent, key = loc.full[name]
                    if level == "village" and len(name) <= 2 and not _aligned(text, s, e):
                        continue
                    if level == "village" and (_not_place_tail(name, 1)
                                               or len(name) > 2 and _common_word(name[:-1]) and (s == 0 or free(s - 1, s))):
                        continue  # 美化农村 ⊃ 化农村, 力争村 after a verb: not the village
                    # a village named right after its township (张营镇舜帝村)
                    town = next((text[s - k:s] for k in range(6, 1, -1) if s >= k
                                 and loc.full.get(text[s - k:s], ("",))[0] == "township"), None)
                    if level == "village" and town:
                        parent = town
                    if name.endswith("社区") and not (s and text[s - 1] in "镇乡道区县市") \
                            and not _village_predicate().match(text, e):
                        continue  # 建设社区, 中心社区 are words too: a community needs its town or a predicate
                    add(name, level, parent, sent, key)
                    take(s, e)
                else:
                    pending.append((name, s, e))
            for name, s, e in pending:
                full, level, parent = loc.bare[name]
                if name in own_names or level != "county" and _splits_word(text, s, e):
                    continue  # (a county's short is checked against jieba's own segmentation)
                if s > 0 and text[s - 1] in "东西南北前后上下大小中新老":
                    continue  # 西樊庄 is not 樊庄
                if e < len(text) and text[e] in "河江湖渠" and not _cue_after().match(text, e):
                    continue  # 郑村河, 端氏河: a river named after the place
                if level != "county" and re.match(r"路|街|大道|大街|森林公园|公园", text[e:]):
                    continue  # 汇鑫路, 清平森林公园: named after the place
                if e < len(text) and text[e] in "村镇乡" and text[s:e + 1] not in loc.full:
                    continue  # a different place with the same stem (韩阳 ≠ 韩阳村 …)
                cue = bool(_cue_after().match(text, e))
                items, end = _items(text, s, e)
                # a neighbour in the list is a place of the region too (杨河、新城、小岭)
                neighbour = (s - 1) in ends or (e + 1) in starts
                listed = neighbour or len(items) > 1 and bool(
                    _list_cue().get(level, _list_cue()["village"]).match(text, end))
                endpoint = (e < len(text) and text[e] in "至到") or (s > 0 and text[s - 1] in "至到")
                paren = s > 0 and text[s - 1] in "（(" and e < len(text) and text[e] in "）)"
                if level == "county" and text.startswith(gaz.get(full).name, s):
                    name, e = gaz.get(full).name, s + len(gaz.get(full).name)  # as printed: 垦利区
                    ok = True
                elif level == "county" and _zone_re().match(text, e):
                    ok = False  # 鄂城新区, 南县经开区: the zone is what is named (found below)
                elif level == "county":  # county shorts are names in jieba too (阳新/nr): only refuse verbs …
                    # … that are common words (安定, 延长); a rare one is jieba's guess at a name (定边/d, 安化/v)
                    ok = not ((_jieba()[1].get(name) or "x")[0] in "vdacprmu" and _common_word(name)) \
                        and (_aligned(text, s, e) or neighbour and s > 0 and text[s - 1] in "与和及同"
                             and _aligned(text, s - 1, e))  # 与会理、盐边: jieba reads 与会 (to attend)
                elif level == "township":
                    ok = cue or listed or endpoint or paren or not _common_word(name)
                else:
                    ok = (cue or listed or endpoint or paren) and (not _common_word(name) or listed) \
                        and not _common_word(name, _VERY_COMMON)  # 江山就是人民、人民就是江山
                if name in loc.guarded:
                    # a city's township: listed with places, a cue, a road's end or its county
                    # before it (横山波罗), or right beside another township of that county (燕矶杨叶)
                    after_county = any(text.endswith(c, 0, s) for c in loc.guarded[name])
                    fused = any(loc.guarded.get(text[x:y], set()) & loc.guarded[name]
                                for x, y in ((e, e + k) for k in (2, 3)) if y <= len(text)) \
                        or any(loc.guarded.get(text[x:s], set()) & loc.guarded[name] for x in (s - 2, s - 3) if x >= 0)
                    # the other end of a road is a place too (蒲团至庙岭; not 人民至上, 发展到30万亩)
                    road = endpoint and (any(text[x:s - 1] in loc.bare for x in range(max(0, s - 5), s - 2))
                                         or any(text[e + 1:y] in loc.bare for y in range(e + 3, e + 6)))
                    strong = listed or after_county or fused or road
                    ok = not _common_word(name, _VERY_COMMON) and (
                        strong or (cue or endpoint or paren) and not _common_word(name))
                    if not (after_county or fused or _plausible_start(text, s) or text[s - 1] in "至到和与及在以对将把线"):
                        ok = False  # 滏东大街 ⊅ 大街: the name must start a phrase (S585线干城至西沟)
                    if name.endswith(("河", "江", "湖", "海")) and not (after_county or fused or neighbour):
                        ok = False  # 跨黄河大桥, 小东江、鉴江: a river more often than its town
                    if any(a <= s and e <= b for a, b in own_spans):
                        ok = False  # 呼伦贝尔市 ⊅ 呼伦, 贝尔
                if name in _ambiguous_shorts() and not listed:
                    ok = False  # 新城, 城关: words as often as places
                if name in loc.strict and (not (neighbour or _beside_known(text, s, e, loc, own_names))
                                           or any(text[e:k] in own_names for k in range(e + 2, e + 6))):
                    ok = False  # another city's county: only beside a place (安宁平凉 is no place)
                if level != "county" and name.endswith(("湖", "河", "江")) and not (listed or cue):
                    ok = False  # 鱼丘湖 (the lake 鱼丘湖街道 is named after), unless listed with places
                if ok:
                    add(name, level, parent, sent, full if level == "county" else f"{level}:{full}")
                    take(s, e)
                    if level == "county":
                        county_ends.append((e, full))

        # 1b. counties, cities, provinces anywhere
        for m in _divisions_regex().finditer(text):
            name, s, e = m.group(), m.start(), m.end()
            if not free(s, e) or _splits_word(text, s, e):
                continue
            div = _division(name, context)
            if div is None:
                continue
            short = name != div.name and name not in div.former
            if name in div.former and not (_aligned(text, s, e) and _plausible_start_or_after_place(text, s, free)):
                continue  # 欠发达县地区 ⊅ 达县地区, 文旅大市 ⊅ 旅大市
            far = not (home and gaz.chain(div.code)[-1].code == home)
            # far away: a short form must stand alone (湖南艾华 is a company)
            # … or be where someone goes or is posted (赴浙江学习, 建立驻重庆人才工作站), or the
            # far end of a road or a line (武平至梅州段, 榆林—浙江输电工程, 广州至湛江高铁), or
            # followed by a phrase that is no part of a name (疏解北京非首都功能: far_cues_after)
            alone = e >= len(text) or text[e] in _SEP or text[e] in "等和及与至" \
                or s > 0 and text[s - 1] in "赴驻到至—" or bool(_far_cue_after().match(text, e))
            if short and far and (not alone or _zone_re().match(text, e)):
                continue  # (tested before the segmentation below, which costs more; 至海东新区 is a zone)
            if short and not _aligned(text, s, e):
                continue  # 浍河北岸 ⊅ 河北
            if far:
                # a far county must come with its city or province (北京市西城区)
                if div.level == "county":
                    up = gaz.parent_of(div)
                    if not up or not re.search(f"(?:{re.escape(up.name)}|{re.escape(up.short)})$", text[:s]):
                        continue
            parent = gaz.parent_of(div)
            add(name, div.level, parent.name if parent else None, sent, div.code)
            take(s, e)

        # 1c. a city's village named right after its county, bare (米脂龙峁、吴堡张家墕等15个村)
        if region is not None and region.level == "city":
            for e0, code in county_ends:
                hit = _village_after(text, e0, code)
                if hit and free(e0, hit[1]):
                    add(text[e0:hit[1]], "village", hit[2], sent, f"village:{hit[0]}")
                    take(e0, hit[1])

        # 1d. state-level new areas (雄安新区; bare: 联动雄安, 贵阳贵安融合发展)
        for m in _new_areas_regex().finditer(text):
            name, s, e = m.group(), m.start(), m.end()
            full, province = _new_areas()[name]
            if not free(s, e) or _splits_word(text, s, e) or name == full and s not in _boundaries(text):
                continue  # (no common word holds a bare form: 联动雄安中 is 雄安 though jieba joins 安中)
            add(name, "zone", province, sent, f"zone:{full}")
            take(s, e)

        # 2. …镇/乡/村/社区 names the gazetteer lacks: try a 3- then a 2-character stem
        for m in _UNIT_SUFFIX.finditer(text):
            for k in (3, 2):
                s, e = m.start() - k, m.end()
                if s < 0 or not free(s, e) or not _ALL_CJK.fullmatch(text[s:m.start()]):
                    continue
                if _unknown_place_name(text, s, e, free):
                    name = text[s:e]
                    level = {"镇": "township", "乡": "township"}.get(name[-1], "village")
                    add(name, level, region.name if region else None, sent, f"{level}:{name}")
                    take(s, e)
                    break

        # 2b. the other end of a section whose one end is a known place (吕村至四十亩段)
        if region is not None and region.level == "county":
            for m in _TO.finditer(text):
                a, b = m.start(), m.end()
                left_known = not free(a - 1, a) if a > 0 else False
                right_known = b < len(text) and not free(b, b + 1)
                if left_known == right_known:
                    continue
                if left_known:
                    span = _right_end(text, b)
                else:
                    span = _left_end(text, a)
                if span and free(*span):
                    name = text[span[0]:span[1]]
                    if _plausible_bare(name) and name not in own_names and not any(
                            d.level != "township" for d in gaz.lookup(name)):
                        add(name, "village", region.name, sent, key_for(name, "village"))
                        take(*span)

            # 2c. the rest of a list of places (张峰、石室、郎壁…等特色示范村)
            for m in _PLACE_LIST.finditer(text):
                spans, pos = [], m.start()
                for part in m.group().split("、"):
                    spans.append((pos, pos + len(part)))
                    pos += len(part) + 1
                known = [not free(x, y) for x, y in spans]
                cue = _list_cue()["village"].match(text, m.end()) or _list_cue()["township"].match(text, m.end())
                if sum(known[1:]) < 2 or not cue or sum(known) * 2 < len(spans):
                    continue
                for (x, y), k in list(zip(spans, known))[1:]:
                    name = text[x:y]
                    if not k and free(x, y) and _plausible_bare(name):
                        level = "township" if _list_cue()["township"].match(text, m.end()) else "village"
                        add(name, level, region.name, sent, key_for(name, level))
                        take(x, y)

        if region is not None and region.level == "county":
            # 2c'. a pair counted as such (湘峪和三河口两个生态节点): one known, the other too
            for m in _COUNTED_PAIR.finditer(text):
                (a1, a2), (b1, b2) = m.span(1), m.span(2)
                # the first item's own start: its longest known tail (打造湘峪 → 湘峪)
                a1 = next((k for k in range(a1, a2 - 1) if text[k:a2] in loc.bare or text[k:a2] in loc.full
                           or any(f.name == text[k:a2] for f in found.values())), a1)
                for (x, y), (u, v) in (((a1, a2), (b1, b2)), ((b1, b2), (a1, a2))):
                    known = not free(u, v) or text[u:v] in loc.bare or text[u:v] in loc.full \
                        or any(f.name == text[u:v] for f in found.values())
                    if known and free(x, y) and _plausible_bare(text[x:y]) \
                            and (x != a1 or _plausible_start(text, x)) \
                            and not any(d.level != "township" for d in gaz.lookup(text[x:y])):
                        add(text[x:y], "village", region.name, sent, key_for(text[x:y], "village"))
                        take(x, y)

        if region is not None and region.level == "county":
            # 2d. monitoring sections: 汾河（北庄）断面, 汾河北庄和浍河东西韩2个断面
            for m in _SECTION.finditer(text):
                head = re.search(f"[{CJK}（）()和、及]+?(?:\\s*\\d+\\s*个)?$", text[max(0, m.start() - 20):m.start()])
                if not head:
                    continue
                seg_end = m.start() - len(re.search(r"(?:\s*\d+\s*个)?$", head.group()).group())
                seg_start = seg_end - len(re.sub(r"\s*\d+\s*个$", "", head.group()))
                pos = seg_start
                for part in re.split("(和|、|及)", text[seg_start:seg_end]):
                    x, y = pos, pos + len(part)
                    pos = y
                    if part in ("和", "、", "及"):
                        continue
                    inner = re.fullmatch(f"(?:[{CJK}]{{1,2}}[河江])?[（(]?([{CJK}]{{2,4}})[）)]?", part)
                    if not inner:
                        continue
                    nx, ny = x + inner.start(1), x + inner.end(1)
                    name = text[nx:ny]
                    if free(nx, ny) and _plausible_bare(name) and not re.search("出境|入境|考核|国控|省控|市控|国考|省考|市考", name):
                        key = key_for(name, "village")
                        add(name, "village", region.name, sent, key)
                        take(nx, ny)

            # 2e. a village named right after its township without 村 (史村镇浍贤庄)
            finals = _lex()["village_finals"]["chars"]
            for m in re.finditer(f"(?<=[镇乡])([{CJK}]{{1,2}}[{finals}])(?=[、，,；和及与等入被成为。]|$)", text):
                x, y = m.start(1), m.end(1)
                town = next((text[x - k:x] for k in range(6, 1, -1)
                             if loc.full.get(text[x - k:x], ("",))[0] == "township"), None)
                if town and free(x, y) and _plausible_bare(text[x:y]):
                    add(text[x:y], "village", town, sent, key_for(text[x:y], "village"))
                    take(x, y)

        # 3. zones; a report's new town named by where it lies (着力建设西部新城)
        if region is not None and region.level == "county":
            for m in _DIRECTION_TOWN.finditer(text):
                if free(m.start(), m.end()):
                    add(m.group(), "zone", region.name, sent, f"zone:{m.group()}")
                    take(m.start(), m.end())
        for m in _zone_re().finditer(text):
            s, e = m.start(), m.end()
            if not free(s, e):
                continue
            j = s
            # a place name before the suffix: a division, one of the region's own, or a bare stem
            pm = re.search(f"([{CJK}]{{2,8}})$", text[max(0, s - 8):s])
            name = None
            if pm:
                stem = pm.group(1)
                for k in range(len(stem) - 1):
                    cand = stem[k:]
                    if cand in own_names or cand in loc.full or cand in loc.bare and cand not in loc.strict \
                            and not (cand in loc.guarded and _common_word(cand, _VERY_COMMON)) or (
                            cand not in _ambiguous_shorts() and any(
                                d.level != "township" and (gaz.chain(d.code)[-1].code == home
                                                           or len(cand) >= 3 and cand == d.name)
                                for d in gaz.lookup(cand))):  # (杭州市高新区: a full name from afar)
                        name = cand + m.group()
                        j = s - len(cand)
                        break
            if name is None and pm and region is not None and region.level == "city" and m.group() == "新区":
                name, j = _landform_new_district(text, s)
            if name is None and pm and region is not None and region.level == "county":
                # in a county's report an unprefixed park is the county's; a city's names many kinds
                name, j = _standalone_zone(text, s, m.group())
            if name is None:
                continue
            if name in _lex()["zone_not"]["words"]:
                continue
            add(name, "zone", region.name if region else None, sent, f"zone:{_zone_key(name)}")
            take(j, e)

    # the bare 开发区 of a county's report is its own zone (a city or province has many): an
    # alias of the zone it names in full, else a place of its own
    zones = [f for f in found.values() if f.level == "zone" and f.name.endswith("开发区")
             and f.name.startswith(tuple(own_names))]
    # 全省开发区, 经济技术开发区 are generic or part of a name; 借助开发区 is the report's own
    bare_zone = next((s for s in doc.sentences if re.search(r"(?<![技济新业级省市县区各家个级])开发区(?!域)", s.text)),
                     None) if region is not None and region.level == "county" else None
    if bare_zone is not None:
        if zones:
            zones[0].aliases.append("开发区")
        else:
            add("开发区", "zone", region.name if region else None, bare_zone, "zone:开发区")

    # a city's report says 高新区, 经开区 for its own (理顺高新区和经开区管理体制): an alias of
    # the one it names in full (益阳高新区), else a place of its own
    if region is not None and region.level == "city":
        for kind in _lex()["city_bare_zones"]["words"]:
            sent = next((x for x in doc.sentences if kind in x.text and _bare_zone_at(x.text, kind)), None)
            if sent is None:
                continue
            canon = _zone_key("_" + kind)[1:]  # (经开区 is keyed as 开发区)
            own = [f for f in found.values() if f.level == "zone" and _zone_key(f.name).endswith(canon)
                   and f.name.startswith(tuple(own_names))]
            if own:
                own[0].aliases.append(kind)
            else:
                add(kind, "zone", region.name, sent, f"zone:{kind}")

    out = []
    for f in found.values():
        sent = f.sentence
        ev = doc.evidence(sent.start, sent.end, sent)
        out.append(PlaceMention(name=f.name, level=f.level, evidence=ev, parent=f.parent,
                                aliases=sorted(set(f.aliases) - {f.name})))
    return out
