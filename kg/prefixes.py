"""The namespaces the project writes and reads, as plain strings: writers, queries and tables
derive their prefix lists from this one. Kept apart from kg.vocab (rdflib terms), so what
only needs the strings — `kg query`, the store, the writers — does not import rdflib (75 ms
of every command's start-up)."""
from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/county-kg/ontology"
RESOURCE_BASE = "https://w3id.org/county-kg/id/"

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
