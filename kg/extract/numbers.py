"""Numbers and units as reports write them: "181.5亿元", "1,102.3 亿元", "5000余户", "8.5%".

The unit table is data (ontology/lexicons/indicator_units.tsv): each unit's multiplier, base
unit and dimension, so "181.5亿元" becomes 18150000000 元 and an area (万亩) is never read as
an output (亿公斤).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.paths import data_path

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER_RE = re.compile(NUMBER)
PERCENT = r"[%％]"


@dataclass(frozen=True)
class Unit:
    name: str
    multiplier: float
    base: str
    dimension: str


@dataclass(frozen=True)
class Quantity:
    value: str          # as written, commas dropped: "1102.3"
    unit: Unit | None   # None for a bare number (an index)
    start: int
    end: int

    @property
    def in_base_unit(self) -> float | None:
        if self.unit is None:
            return None
        return round(to_float(self.value) * self.unit.multiplier, 6)


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    out = {}
    for line in data_path("ontology", "lexicons", "indicator_units.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, mult, base, dim = (c.strip() for c in line.split("\t")[:4])
        out[name] = Unit(name, float(mult), base, dim)
    return out


@lru_cache(maxsize=1)
def quantity_re() -> re.Pattern[str]:
    """A number followed by a unit; the longest unit wins (亿元 before 元)."""
    names = sorted(units(), key=len, reverse=True)
    # "5000余户", "100多亿元": the number as written, its 余/多 ("and more") dropped
    return re.compile(rf"(?<![\d.])(?<!\d\s)(?P<num>{NUMBER})\s*(?:余|多)?\s*(?P<unit>{'|'.join(map(re.escape, names))})")


def to_float(s: str) -> float:
    return float(s.replace(",", ""))


def clean_number(s: str) -> str:
    """The number as written, without thousands separators: "1,102.3" → "1102.3"."""
    return s.replace(",", "")


def quantities(text: str) -> list[Quantity]:
    """Every number-with-unit in ``text``, in order."""
    table = units()
    return [Quantity(clean_number(m.group("num")), table[m.group("unit")], m.start(), m.end())
            for m in quantity_re().finditer(text)]


def unit_of(name: str | None) -> Unit | None:
    return units().get(name) if name else None
