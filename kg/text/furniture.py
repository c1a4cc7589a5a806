"""Page furniture (newspaper headers, page numbers, web-page chrome): lines to drop.

The patterns are data (ontology/lexicons/furniture.txt) so a reader can review them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.paths import data_path


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern[str]:
    lines = data_path("ontology", "lexicons", "furniture.txt").read_text(encoding="utf-8").splitlines()
    pats = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)


def is_furniture(line: str) -> bool:
    return bool(furniture_pattern().search(line.strip()))
