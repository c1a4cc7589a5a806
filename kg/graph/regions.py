"""Region identity: a name in a report → one region IRI key, its level and its parents.

Counties and above resolve through the gazetteer (GB/T 2260 codes), so 曲沃县 is the same
IRI in every report and links up to 临汾市 and 山西省 even when the report never names them.
Towns, villages and zones are keyed under the report's region.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg import gazetteer
from kg.graph.iris import slug

COUNTRY_NAMES = {"国家", "全国", "中国", "中央", "国务院", "中华人民共和国"}
COUNTRY = "CN"


@dataclass
class RegionInfo:
    key: str
    name: str
    level: str | None = None          # province | city | county | township | village | zone | country
    code: str | None = None           # GB/T 2260
    parent: str | None = None         # parent's key
    chain: list["RegionInfo"] = field(default_factory=list)  # ancestors, nearest first


def from_division(div: gazetteer.Division) -> RegionInfo:
    # the gazetteer's levels (province, city, county, township) are ours too
    chain = [RegionInfo(key=anc.code, name=anc.name, level=anc.level, code=anc.code, parent=anc.parent)
             for anc in gazetteer.chain(div.code)[1:]]
    return RegionInfo(key=div.code, name=div.name, level=div.level, code=div.code,
                      parent=div.parent, chain=chain)


def resolve_region(name: str, context: tuple[str, ...] = (), level: str | None = None,
                   scope: RegionInfo | None = None) -> RegionInfo:
    """The region a name denotes. ``context``: other names in the report (its own region,
    province) to break ties; ``scope``: the report's region, owner of local places."""
    return _resolve(name, tuple(context), level, scope.key if scope is not None else None)


@lru_cache(maxsize=200_000)
def _resolve(name: str, context: tuple[str, ...], level: str | None, scope_key: str | None) -> RegionInfo:
    # the same few thousand names recur in every report of a corpus: resolve each once
    if name in COUNTRY_NAMES:
        return RegionInfo(key=COUNTRY, name="中国", level="country")
    if level not in ("village", "zone"):
        div = gazetteer.resolve(name, context)
        if (div is not None and div.level == "township" and scope_key is not None
                and not any(a.code == scope_key for a in gazetteer.chain(div.code))):
            # a township elsewhere that shares a local name (开发区 → some city's 开发区街道):
            # a report's township is its own region's
            div = None
        if div is not None and (level is None or level == div.level):
            return from_division(div)
        if level in ("province", "city", "county"):
            # the extractor said which level: a short form is that division, not a same-named
            # 街道 (北京 in a report of 葫芦岛, where 大连 has a 北京街道)
            cands = [d for d in gazetteer.lookup(name) if d.level == level]
            if len(cands) == 1:
                return from_division(cands[0])
    if scope_key is not None and level in ("township", "village", "zone", None):
        return RegionInfo(key=slug(scope_key, name), name=name, level=level, parent=scope_key)
    return RegionInfo(key=slug(name), name=name, level=level)
