"""Region identity: a name in a report → one region IRI key, its level and its parents.

Counties and above resolve through the gazetteer (GB/T 2260 codes), so 曲沃县 is the same
IRI in every report and links up to 临汾市 and 山西省 even when the report never names them.
Towns, villages and zones are keyed under the report's region.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

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


def _gazetteer():
    try:
        from kg import gazetteer
    except ImportError:
        return None
    return gazetteer


_LEVEL_FROM_GAZ = {"province": "province", "city": "city", "county": "county", "township": "township"}


def from_division(div) -> RegionInfo:
    gaz = _gazetteer()
    chain = []
    if gaz is not None:
        for anc in gaz.chain(div.code)[1:]:
            chain.append(RegionInfo(key=anc.code, name=anc.name, level=_LEVEL_FROM_GAZ.get(anc.level),
                                    code=anc.code, parent=anc.parent))
    return RegionInfo(key=div.code, name=div.name, level=_LEVEL_FROM_GAZ.get(div.level), code=div.code,
                      parent=div.parent, chain=chain)


def resolve_region(name: str, context: tuple[str, ...] = (), level: str | None = None,
                   scope: RegionInfo | None = None) -> RegionInfo:
    """The region a name denotes. ``context``: other names in the report (its own region,
    province) to break ties; ``scope``: the report's region, owner of local places."""
    return _resolve(name, tuple(context), level, scope.key if scope is not None else None)


@lru_cache(maxsize=200_000)
def _resolve(name: str, context: tuple[str, ...], level: str | None, scope_key: str | None) -> RegionInfo:
    # the same few thousand names recur in every report of a corpus: resolve each once
    scope = RegionInfo(key=scope_key, name="") if scope_key is not None else None
    if name in COUNTRY_NAMES:
        return RegionInfo(key=COUNTRY, name="中国", level="country")
    gaz = _gazetteer()
    if gaz is not None and level not in ("village", "zone"):
        div = gaz.resolve(name, context)
        if div is not None and (level is None or level == _LEVEL_FROM_GAZ.get(div.level) or level == "township"):
            if level != "township" or div.level == "township":
                return from_division(div)
    if scope is not None and level in ("township", "village", "zone", None):
        return RegionInfo(key=slug(scope.key, name), name=name, level=level, parent=scope.key)
    return RegionInfo(key=slug(name), name=name, level=level)
