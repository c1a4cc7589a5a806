"""The ckg: vocabulary, declared once.

Like rdflib's own namespaces, a misspelt term (``CKG.Observaton``) fails at import or
first use instead of silently minting a new IRI. ``tests/test_vocab.py`` checks that every
term declared here is defined in ``ontology/ckg.ttl``.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/county-kg/ontology"
RESOURCE_BASE = "https://w3id.org/county-kg/id/"

# The namespaces the project writes and reads, once: writers, queries and tables derive
# their prefix lists from this one.
PREFIXES = {
    "ckg": ONTOLOGY_IRI + "#",
    "ckr": RESOURCE_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
}


class CKG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Report: URIRef
    Region: URIRef
    Person: URIRef
    Observation: URIRef
    Indicator: URIRef
    Project: URIRef
    ProjectStage: URIRef
    Enterprise: URIRef
    Policy: URIRef
    Mention: URIRef

    # individuals: report types, levels, kinds, statuses, policy kinds
    PlanReport: URIRef
    WorkReport: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Township: URIRef
    Village: URIRef
    Zone: URIRef
    Actual: URIRef
    Target: URIRef
    Completed: URIRef
    UnderConstruction: URIRef
    Started: URIRef
    Planned: URIRef
    StatusUnknown: URIRef
    Plan: URIRef
    Regulation: URIRef
    Reform: URIRef
    Campaign: URIRef
    Strategy: URIRef
    Designation: URIRef
    IndicatorScheme: URIRef
    OutsideScheme: URIRef

    # report metadata
    reportType: URIRef
    reviewYear: URIRef
    planYear: URIRef
    speaker: URIRef
    speakerRole: URIRef
    meeting: URIRef
    sourcePath: URIRef
    contentHash: URIRef
    characters: URIRef

    # shared
    region: URIRef
    year: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    mentionedIn: URIRef
    reportPart: URIRef
    section: URIRef

    # regions
    level: URIRef
    partOf: URIRef
    adminCode: URIRef

    # observations
    indicator: URIRef
    kind: URIRef
    value: URIRef
    unit: URIRef
    valueInBaseUnit: URIRef
    baseUnit: URIRef
    growthRate: URIRef
    rank: URIRef
    targetQualifier: URIRef
    targetText: URIRef
    inVocabulary: URIRef

    # projects, enterprises, policies
    status: URIRef
    stage: URIRef
    enterprise: URIRef
    investment: URIRef
    investmentUnit: URIRef
    investmentInBaseUnit: URIRef
    capacity: URIRef
    policyKind: URIRef
    identityNote: URIRef
    reportCount: URIRef
    regionCount: URIRef

    # added with ontology/ckg.ttl: the closed classes of the value lists above, and the
    # transitive closure of partOf (for reasoners; the graph states partOf only)
    ReportType: URIRef
    AdminLevel: URIRef
    ObservationKind: URIRef
    ProjectStatus: URIRef
    PolicyKind: URIRef
    within: URIRef


def resource(kind: str, key: str) -> URIRef:
    """The IRI of a resource: ``ckr:KIND/KEY`` (see kg.graph.iris for how keys are made)."""
    return URIRef(f"{RESOURCE_BASE}{kind}/{key}")
