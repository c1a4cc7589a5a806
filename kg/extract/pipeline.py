"""Run the extractors over one document, in order, into a ReportFacts.

Each extractor is a module in kg/extract with ``extract(doc, facts)``; later ones see what
earlier ones found (the region and years first, enterprises before projects). Adding an
extractor means adding its name here, nothing else.
"""
from __future__ import annotations

import importlib

from kg.extract.model import ReportFacts
from kg.text.document import Document

# (module, the ReportFacts field it fills)
STEPS: list[tuple[str, str]] = [
    ("metadata", "meta"),
    ("indicators", "observations"),
    ("places", "places"),
    ("enterprises", "enterprises"),
    ("projects", "projects"),
    ("policies", "policies"),
]


def extract_report(doc: Document, source_path: str | None = None) -> ReportFacts:
    facts = ReportFacts(key=doc.key, source_name=doc.name, source_path=source_path or str(doc.path),
                        content_hash=doc.content_hash, characters=len(doc.raw))
    for module, field in STEPS:
        mod = importlib.import_module(f"kg.extract.{module}")
        setattr(facts, field, mod.extract(doc, facts))
    _keep_written_aliases(doc, facts)
    return facts


def _keep_written_aliases(doc: Document, facts: ReportFacts) -> None:
    """Extractors compare a name's likely other forms (X and X项目) to fold mentions; only
    the forms the text itself writes become altLabels, so a graph never shows a name that
    no report printed."""
    for mentions in (facts.enterprises, facts.projects, facts.policies, facts.places):
        for m in mentions:
            m.aliases = [a for a in m.aliases if doc.writes(a)]
