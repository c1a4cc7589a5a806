"""How widely each policy is named: ``ckg:reportCount`` (reports whose graphs mention it)
and ``ckg:regionCount`` (distinct regions those reports are about), in the shared graph.

Both follow from the fold alone (which report's view holds which policy, and each report's
region), so they are made once per fold for the whole corpus, not by each report: a report
added or dropped changes these lines and no other report's graph. "Policies several regions
share" then reads two numbers per policy instead of joining 240,000 mentions to their
reports and regions (the shared_policies query on the corpus store: seconds to tenths).
"""
from __future__ import annotations

from collections import defaultdict

from kg.graph.rdf import K, R, integer
from kg.graph.resolve import ReportView


def reach_lines(views: dict[str, ReportView], skeletons: dict[str, tuple]) -> list[str]:
    """The sorted N-Triples lines (no final " .") of every policy's two counts. ``skeletons``:
    report key → its fold inputs (``about[0]`` is the key of the report's own region)."""
    reports: dict[str, set[str]] = defaultdict(set)
    for rk, view in views.items():
        for e in view.entities:
            if e.kind == "policy":
                reports[e.key].add(rk)
    lines = []
    for key, rks in reports.items():
        node = R("policy", key)
        regions = {skeletons[rk][4][0] for rk in rks} - {""}
        lines.append(f"{node} {K.reportCount} {integer(len(rks))}")
        lines.append(f"{node} {K.regionCount} {integer(len(regions))}")
    return sorted(lines)
