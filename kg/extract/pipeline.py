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
    return facts
