"""The indicator vocabulary, read from ontology/indicators.ttl (parsed once, cached).

Each concept: its key (skos:notation), canonical name (skos:prefLabel@zh), the names reports
use for it (altLabel@zh), loose names read only before a ranking phrase (hiddenLabel@zh)
and its base unit. ``label_re()`` finds any of the names in text, longest first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import alternation
from kg.extract.numbers import units
from kg.paths import data_path

SKOS = "http://www.w3.org/2004/02/skos/core#"
CKG = "https://w3id.org/county-kg/ontology#"


@dataclass(frozen=True)
class Concept:
    key: str
    label: str                 # canonical Chinese name
    alt: tuple[str, ...]
    hidden: tuple[str, ...]
    base_unit: str | None

    @property
    def dimension(self) -> str | None:
        """The dimension of the concept's values (money, mass …); None for an index."""
        if not self.base_unit:
            return None
        return next((u.dimension for u in units().values() if u.base == self.base_unit), None)


@dataclass(frozen=True)
class Vocabulary:
    concepts: dict[str, Concept]          # key -> concept
    by_name: dict[str, tuple[str, bool]]  # any name -> (key, hidden)

    def concept_of(self, name: str) -> Concept | None:
        hit = self.by_name.get(name)
        return self.concepts[hit[0]] if hit else None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    import rdflib

    g = rdflib.Graph()
    g.parse(str(data_path("ontology", "indicators.ttl")), format="turtle")
    concepts: dict[str, Concept] = {}
    for c in set(g.subjects(rdflib.RDF.type, rdflib.URIRef(CKG + "Indicator"))):
        def zh(p):
            return sorted(str(o) for o in g.objects(c, rdflib.URIRef(SKOS + p))
                          if getattr(o, "language", None) == "zh")
        key = str(next(g.objects(c, rdflib.URIRef(SKOS + "notation")), "")) or str(c).rsplit("/", 1)[-1]
        pref = zh("prefLabel")
        if not pref:
            continue
        base = next(g.objects(c, rdflib.URIRef(CKG + "baseUnit")), None)
        concepts[key] = Concept(key, pref[0], tuple(zh("altLabel")), tuple(zh("hiddenLabel")),
                                str(base) if base is not None else None)
    by_name: dict[str, tuple[str, bool]] = {}
    for c in concepts.values():
        for n in (c.label, *c.alt):
            by_name[n] = (c.key, False)
        for n in c.hidden:
            by_name.setdefault(n, (c.key, True))
    return Vocabulary(concepts, by_name)


@lru_cache(maxsize=1)
def label_re() -> re.Pattern[str]:
    return re.compile(alternation(vocabulary().by_name))
