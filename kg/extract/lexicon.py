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


def alternation(items) -> str:
    """A regex matching exactly what the alternation of the words, longest first, matches
    ("有限公司|公司|…"), written as a trie: "有限公司|公司|公路" → "有限公司|公(?:司|路)"; wrap
    it in (?:…) to put anything after it.
    Python's engine tries an alternation's branches one by one at every position; the trie
    reads each character once. At any position the trie tries the longer of two matching
    words first, as the longest-first alternation does, so matches and backtracking agree."""
    trie: dict = {}
    for w in items:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) > 1:
            body = "(?:" + "|".join(alts) + ")"
        else:
            body = alts[0] if len(alts[0]) == 1 or "" in node else alts[0]
            if "" in node and len(body) > 1:
                body = f"(?:{body})"
        return body + "?" if "" in node else body

    if "" in trie or len(trie) < 2:
        return build(trie)  # (no words: "", which matches everywhere, as "|".join([]) does)
    # the top-level branches unwrapped: re skips fast to where a branch's first character
    # stands only when every branch of a top-level alternation opens with a literal, so the
    # trie may be joined to other alternatives ("…|与(?P<name>…)") without losing that
    return "|".join(re.escape(ch) + build(sub) for ch, sub in sorted(trie.items()))
