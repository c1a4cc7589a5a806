"""Indicators: numbers about a region and a year, as Observations.

statements.py reads the vocabulary's indicators (ontology/indicators.ttl); other.py reads
other named quantities with the same clause cues. horizon.py tells the year a target is for
(the plan year, or the end of a five-year horizon); by_place.py reads a city's lists of
figures for the places under it. One observation per key: merge() keeps the first reading
and lets a restatement only fill what it lacked.
"""
from __future__ import annotations

from kg.extract.indicators import other, statements
from kg.extract.model import Observation, ReportFacts
from kg.text.document import Document


def extract(doc: Document, facts: ReportFacts) -> list[Observation]:
    if not facts.meta.review_year or not facts.meta.plan_year:
        return []
    return statements.merge(statements.extract(doc, facts) + other.extract(doc, facts))
