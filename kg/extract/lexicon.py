"""Loading lexicon data files (ontology/lexicons/*): pattern tables and word lists."""
from __future__ import annotations

import re
from functools import lru_cache

from kg.paths import data_path


@lru_cache(maxsize=None)
def patterns(name: str) -> dict[str, re.Pattern[str]]:
    """A `name<TAB>regex` table, compiled; later lines with the same name are alternatives."""
    table: dict[str, list[str]] = {}
    for line in data_path("ontology", "lexicons", name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, pat = line.partition("\t")
        table.setdefault(key.strip(), []).append(pat.strip())
    return {k: re.compile("|".join(f"(?:{p})" for p in v) if len(v) > 1 else v[0], re.M)
            for k, v in table.items()}


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """A word list: one entry per line, '#' starts a comment, first column of a TSV."""
    out = []
    for line in data_path("ontology", "lexicons", name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line.split("\t", 1)[0].strip())
    return tuple(out)
