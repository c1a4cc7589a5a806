"""The word tables the projects extractor reads, and the head word a name ends with.

Head words (ontology/lexicons/project_suffixes.tsv) say what a name is: a project (…项目,
…工程), a facility (…水厂, …公路), a works (…改造, …治理) or none.  The other tables (verbs,
predicates, adverbs, kinds of facility, patterns) are read here once and looked up by
longest match.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.lexicon import patterns, words
from kg.paths import data_path

QUOTES = "“”\"‘’「」《》"
_END_PAREN = re.compile(r"[（(][^（()）]{1,12}[）)]$")
NOTE_MARK = re.compile(r"\[\d{1,2}\]|〔\d{1,2}〕")
_SECTION_END = re.compile(r"[（(][^（()）]{1,10}段[）)]$")

_PATTERNS: dict[str, re.Pattern[str]] = {}


def pattern(name: str) -> re.Pattern[str]:
    if not _PATTERNS:
        _PATTERNS.update(patterns("project_patterns.tsv"))
    return _PATTERNS[name]


@lru_cache(maxsize=1)
def suffixes() -> list[tuple[str, str]]:
    out = []
    for line in data_path("ontology", "lexicons", "project_suffixes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            w, _, cls = line.partition("\t")
            out.append((w.strip(), cls.strip()))
    return sorted(out, key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    return frozenset(words("project_generic.txt"))


@lru_cache(maxsize=1)
def suffix_table() -> tuple[dict[str, str], int]:
    table = {w: cls for w, cls in suffixes()}
    return table, max(map(len, table))


_ENDINGS: dict[int, tuple[object, dict[str, tuple[int, ...]]]] = {}


def _endings(table) -> dict[str, tuple[int, ...]]:
    """A word table's word lengths by last character, longest first (tables are cached, so
    this is worked out once per table)."""
    got = _ENDINGS.get(id(table))
    if got is None or got[0] is not table:
        by_last: dict[str, set[int]] = {}
        for w in table:
            if w:
                by_last.setdefault(w[-1], set()).add(len(w))
        got = (table, {c: tuple(sorted(ls, reverse=True)) for c, ls in by_last.items()})
        _ENDINGS[id(table)] = got
    return got[1]


_OPENINGS: dict[int, tuple[object, dict[str, tuple[int, ...]]]] = {}


def openings(table) -> dict[str, tuple[int, ...]]:
    """A word table's word lengths by first character, longest first."""
    got = _OPENINGS.get(id(table))
    if got is None or got[0] is not table:
        by_first: dict[str, set[int]] = {}
        for w in table:
            if w:
                by_first.setdefault(w[0], set()).add(len(w))
        got = (table, {c: tuple(sorted(ls, reverse=True)) for c, ls in by_first.items()})
        _OPENINGS[id(table)] = got
    return got[1]


def longest(text: str, end: int, table, maxlen: int, minlen: int = 1):
    """The longest table word that ends at ``end`` in text, or None."""
    if end < 1 or end > len(text):
        for k in range(min(maxlen, end), minlen - 1, -1):  # (a slice past either end)
            w = text[end - k:end]
            if w in table:
                return w
        return None
    top = min(maxlen, end)
    got = _ENDINGS.get(id(table))
    endings = got[1] if got is not None and got[0] is table else _endings(table)
    for k in endings.get(text[end - 1], ()):
        if minlen <= k <= top and text[end - k:end] in table:
            return text[end - k:end]
    return None


@lru_cache(maxsize=65536)
def head_class(name: str) -> str:
    """The class of the head word a name ends with: strong | facility | action | none.
    A section in brackets ends a road's or pipeline's name ("缅气入攀（米易段）")."""
    cls = word_class(name)
    if cls == "none" and _SECTION_END.search(name):
        return "facility"
    return cls


@lru_cache(maxsize=65536)
def word_class(name: str) -> str:
    """head_class by the head words alone: a bare name with a section ("元蔓（红河至元阳段）")
    may still take a list's head ("…、元蔓（红河至元阳段）、蒙屏等高速公路")."""
    n = _END_PAREN.sub("", NOTE_MARK.sub("", name).rstrip(QUOTES)) or name  # "…博物馆（山西馆）", "…”[4]"
    table, maxlen = suffix_table()
    w = longest(n, len(n), table, maxlen)
    if w is None and pattern("substation").search(n):
        return "facility"  # "500千伏务川变"
    if w is None or table[w] == "block":
        return "none"
    return table[w]


@lru_cache(maxsize=None)
def word_set(name: str) -> tuple[frozenset[str], int]:
    ws = frozenset(words(name))
    return ws, max(map(len, ws))


def head_word(name: str) -> str | None:
    table, maxlen = suffix_table()
    return longest(name, len(name), table, maxlen)


@lru_cache(maxsize=1)
def head_kinds() -> dict[str, str]:
    lines = data_path("ontology", "lexicons", "project_head_kinds.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if "\t" in line and not line.startswith("#"))
