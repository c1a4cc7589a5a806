"""A project's stage from the words around it and the part of the report that speaks.

Cues and their weights are data (ontology/lexicons/project_status.tsv): each cue found in
the text around a project votes for a status in the review part and one in the plan part;
the heaviest cue wins, ties go to the cue nearest the name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.lexicon import alternation
from kg.paths import data_path

STATUSES = ("completed", "under_construction", "started", "planned", "unknown")


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, str, str, int]]:
    out = []
    for line in data_path("ontology", "lexicons", "project_status.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cue, review, plan, weight = (line.split("\t") + ["", "", "", "0"])[:4]
        out.append((cue.strip(), review.strip(), plan.strip(), int(weight)))
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str, int]]:
    return {c: (r, p, w) for c, r, p, w in _cues()}


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    return re.compile(alternation(c for c, *_ in _cues()))


def status_of(context: str, part: str, anchor: int = 0) -> str | None:
    """The status the cues in ``context`` give in this part (review|plan), or None.
    ``anchor`` is where the project name sits in the context, for breaking ties."""
    found = weighted_status(context, part, anchor)
    return found[0] if found else None


def weighted_status(context: str, part: str, anchor: int = 0) -> tuple[str, int] | None:
    """Like status_of, with the winning cue's weight."""
    table = _table()
    best = None
    for m in _cue_re().finditer(context):
        review, plan, weight = table[m.group()]
        st = plan if part == "plan" else review
        if st == "-" or not st:
            continue
        dist = min(abs(m.start() - anchor), abs(m.end() - anchor))
        key = (weight, -dist)
        if best is None or key > best[0]:
            best = (key, st)
    return (best[1], best[0][0]) if best else None


def default_status(part: str) -> str:
    """With no cue at all: a plan-part project is planned; a review-part one is unknown."""
    return "planned" if part == "plan" else "unknown"


def status_cue(text: str) -> bool:
    """Whether the text holds any status cue at all."""
    return _cue_re().search(text) is not None


def cue_words() -> tuple[str, ...]:
    return tuple(c for c, *_ in _cues())
