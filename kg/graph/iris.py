"""Deterministic IRI keys: the same input always gives the same IRI.

Keys are readable where they can be (an admin code, a name) so a person can read a SPARQL
result; characters that are not allowed, or awkward, in IRIs are dropped.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from kg.vocab import resource

# Keep letters (CJK included), digits and a few joiners; everything else goes.
_DROP = re.compile(r"[^\w\u3400-\u9fff\uf900-\ufaff.+·-]", re.UNICODE)


_NOT_COMPARED = re.compile(r"[\s*《》〈〉“”\"'‘’「」『』（）()【】]")


@lru_cache(maxsize=500_000)
def clean_name(name: str) -> str:
    """The comparison form of a name: NFKC, no spaces, quotes or brackets."""
    return _NOT_COMPARED.sub("", unicodedata.normalize("NFKC", name))


def slug(*parts: object) -> str:
    """Join parts into one IRI-safe key: ``slug("曲沃县", 2022) == "曲沃县_2022"``."""
    return "_".join([_slug_part(str(p)) for p in parts])


@lru_cache(maxsize=500_000)
def _slug_part(text: str) -> str:
    return _DROP.sub("", clean_name(text)) or "x"


def short_hash(*parts: object, n: int = 10) -> str:
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:n]


def report_iri(key: str) -> URIRef:
    return resource("report", key)


def region_iri(key: str) -> URIRef:
    return resource("region", key)


def person_key(name: str, scope: str = "") -> str:
    return slug(scope, name) if scope else slug(name)


def person_iri(name: str, scope: str = "") -> URIRef:
    return resource("person", person_key(name, scope))


def indicator_iri(key: str) -> URIRef:
    return resource("indicator", key)


def observation_key(report_key: str, region_key: str, indicator_key: str, year: int, kind: str) -> str:
    return slug(report_key, region_key, indicator_key, year, kind)


def observation_iri(report_key: str, region_key: str, indicator_key: str, year: int, kind: str) -> URIRef:
    return resource("obs", observation_key(report_key, region_key, indicator_key, year, kind))


def entity_iri(kind: str, key: str) -> URIRef:
    """project / enterprise / policy IRIs; the key comes from kg.graph.resolve."""
    return resource(kind, key)


def stage_key(report_key: str, project_key: str) -> str:
    return slug(report_key, project_key)


def stage_iri(report_key: str, project_key: str) -> URIRef:
    return resource("stage", stage_key(report_key, project_key))
