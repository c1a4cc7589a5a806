"""The places an enterprise name must not be, or must not open with: the report's townships
and villages, the places the places extractor found, counties, cities and provinces, and
which of them make a trade word an area's industry (曲沃农业) rather than a firm's name."""
from __future__ import annotations

from functools import lru_cache

from kg.extract.enterprises import names as en
from kg.extract.model import ReportFacts


@lru_cache(maxsize=256)
def local_places(region: str | None) -> frozenset[str]:
    """Townships and villages under the report's region, full and short forms. Communities
    (社区) are left out: many are named after the company that built them (关铝社区)."""
    if not region:
        return frozenset()
    from kg import gazetteer
    divs = gazetteer.lookup(region)
    if not divs:
        return frozenset()
    out = set(towns_under(region))
    for v in gazetteer.villages(divs[0].code):
        if v.endswith("村") and len(v) >= 3:
            out |= {v, v[:-1]}
    return frozenset(out)


@lru_cache(maxsize=256)
def towns_under(region: str | None) -> frozenset[str]:
    """Townships (and, for a city, its counties and their townships) under the region."""
    if not region:
        return frozenset()
    from kg import gazetteer
    divs = gazetteer.lookup(region)
    if not divs:
        return frozenset()
    out = set()
    for d in gazetteer.children(divs[0].code):
        out |= {d.name, d.short}
        for t in gazetteer.children(d.code):
            out |= {t.name, t.short}
    return frozenset(out)


@lru_cache(maxsize=65536)
def is_big_place(name: str) -> bool:
    """A county, city or province anywhere (永济, 运城, 山西)."""
    from kg import gazetteer
    return any(d.level in ("province", "city", "county") for d in gazetteer.lookup(name))


@lru_cache(maxsize=65536)
def is_city(name: str) -> bool:
    """A city (温州); county names are too often common words (东方, 和平), and a province
    names firms (四川时代, 云南天光)."""
    from kg import gazetteer
    return any(d.level == "city" for d in gazetteer.lookup(name))


@lru_cache(maxsize=4096)
def is_province(name: str) -> bool:
    from kg import gazetteer
    return any(d.level == "province" for d in gazetteer.lookup(name))


class BigPlaces:
    """Places that name an area's industry when a trade word follows (曲沃农业, 嘉峰商贸):
    the region itself, its townships, any county, city or province."""

    def __init__(self, own: set[str], towns: frozenset[str]):
        self.own = own
        self.towns = towns

    def __contains__(self, name: str) -> bool:
        return name in self.own or name in self.towns or is_big_place(name)


class Areas(BigPlaces):
    """Places whose name before a trade word names an area's industry (曲沃农业, 嘉峰商贸,
    运城农业): the region, its townships, any city or province. Not any county: county
    names are trade names too (兴和生物科技, 东方希望)."""

    def __contains__(self, name: str) -> bool:
        return name in self.own or name in self.towns or is_city(name) or is_province(name)


class Places:
    """Place names a candidate must not be: the region's townships and villages, places
    the places extractor found, and any county, city or province (``big``)."""

    def __init__(self, facts: ReportFacts):
        own = {facts.meta.region} if facts.meta.region else set()
        if facts.meta.region and len(facts.meta.region) >= 3:
            own.add(facts.meta.region[:-1])
        self.big = BigPlaces(own, towns_under(facts.meta.region))
        self.area = Areas(own, self.big.towns)
        self.local = local_places(facts.meta.region) | {p.name for p in facts.places
                                                          if not p.name.endswith("社区")}
        self.near = own | self.big.towns | self.local

    def __contains__(self, name: str) -> bool:
        return name in self.local or name in self.big

    def trim_head(self, form: str) -> str:
        """A county or township written before a company's name: 大名县|五得利面粉集团."""
        for k in range(len(form) - 4, 1, -1):
            head = form[:k]
            if head[-1] in "省市县区旗镇乡" and (head in self.big or head in self.local):
                return form[k:]
        return form

    def trim(self, form: str) -> str:
        """端氏|菁菁 → 菁菁, 华能|西坡 → 华能: a place fused to an owner prefix is not its name."""
        for k in range(2, len(form) - 1):
            head = form[:k]
            # a township or village, the report's own region, or a full county/city name
            # (东方|希望 is not 东方市 + 希望)
            place = head in self.local or head in self.big.own or (
                head[-1] in "省市县区旗" and head in self.big)
            # 西厢|化工 keeps its place-named trade name: a suffix alone names nobody
            if place and len(form) - k >= 2 and en.suffix_of(form[k:]) != form[k:]:
                rest = form[k:]
                # 曲沃|县现代农业: the unit word goes with the place
                return rest[1:] if rest[0] in "县市区镇乡村" and len(rest) > 2 else rest
        if en.suffix_of(form) is None:
            for k in range(len(form) - 2, 1, -1):
                if form[k:] in self:
                    return form[:k]
        return form
