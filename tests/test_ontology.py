"""ontology/ckg.ttl and ontology/shapes.ttl: complete, labelled, aligned, and in step with
kg/vocab.py, CONTRACT.md and each other; an OWL RL reasoner draws the alignments' consequences."""
from __future__ import annotations

import re

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg import data_path
from conftest import SHARED

from kg.vocab import CKG

CKG_NS = str(CKG._NS)
SH = Namespace("http://www.w3.org/ns/shacl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
CONTRACT = SHARED / "CONTRACT.md"  # beside the checkout, as on CI


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(data_path("ontology", "ckg.ttl"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data_path("ontology", "shapes.ttl"))


def _terms(g: Graph) -> set[str]:
    return {str(s) for s in g.subjects() if str(s).startswith(CKG_NS)}


def test_pyoxigraph_reads_both_files():
    for name in ("ckg.ttl", "shapes.ttl"):
        store = ox.Store()
        store.load(path=str(data_path("ontology", name)), format=ox.RdfFormat.TURTLE)
        assert len(store) > 100


def test_ontology_and_vocab_declare_the_same_terms(onto):
    declared = {CKG_NS + name for name in CKG.__annotations__}
    assert _terms(onto) == declared


def test_every_term_is_typed_labelled_in_zh_and_en_and_commented(onto):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    for term in map(URIRef, _terms(onto)):
        assert set(onto.objects(term, RDF.type)) & kinds, term
        langs = {lit.language for lit in onto.objects(term, RDFS.label) if isinstance(lit, Literal)}
        assert {"zh", "en"} <= langs, term
        assert onto.value(term, RDFS.comment) is not None, term


def test_properties_have_ranges_the_ontology_knows(onto):
    classes = set(onto.subjects(RDF.type, OWL.Class))
    for p in onto.subjects(RDF.type, OWL.ObjectProperty):
        if not str(p).startswith(CKG_NS):
            continue
        rng = onto.value(p, RDFS.range)
        assert rng in classes, p
    for p in onto.subjects(RDF.type, OWL.DatatypeProperty):
        if str(p).startswith(CKG_NS):
            assert str(onto.value(p, RDFS.range)).startswith(str(XSD)), p


@pytest.mark.parametrize("cls, parents", [
    (CKG.Observation, {QB.Observation, PROV.Entity}),
    (CKG.Enterprise, {ORG.Organization, SCHEMA.Organization}),
    (CKG.Region, {SCHEMA.AdministrativeArea}),
    (CKG.Report, {PROV.Entity, SCHEMA.Report}),
    (CKG.Indicator, {SKOS.Concept}),
])
def test_alignments(onto, cls, parents):
    assert parents <= set(onto.objects(cls, RDFS.subClassOf))


def test_part_of_is_direct_and_within_is_its_transitive_closure(onto):
    assert (CKG.partOf, RDF.type, OWL.TransitiveProperty) not in onto
    assert (CKG.within, RDF.type, OWL.TransitiveProperty) in onto
    assert (CKG.partOf, RDFS.subPropertyOf, CKG.within) in onto


# value-list class -> the property whose values it lists
VALUE_LISTS = {CKG.ReportType: CKG.reportType, CKG.AdminLevel: CKG.level,
               CKG.ObservationKind: CKG.kind, CKG.ProjectStatus: CKG.status, CKG.PolicyKind: CKG.policyKind}


@pytest.mark.parametrize("cls", list(VALUE_LISTS))
def test_value_lists_agree_with_individuals_and_shapes(onto, shapes, cls):
    listed = set(Collection(onto, onto.value(cls, OWL.oneOf)))
    assert listed == set(onto.subjects(RDF.type, cls))
    assert all((i, RDF.type, OWL.NamedIndividual) in onto for i in listed)
    prop = VALUE_LISTS[cls]
    ins = [set(Collection(shapes, shapes.value(ps, SH["in"])))
           for ps in shapes.subjects(SH.path, prop) if shapes.value(ps, SH["in"]) is not None]
    assert ins and all(values == listed for values in ins), prop


def test_shapes_use_only_defined_terms_and_cover_every_class(onto, shapes):
    used = {str(o) for t in shapes for o in t if str(o).startswith(CKG_NS) and str(o) != CKG_NS}
    assert used <= _terms(onto)
    targeted = set(shapes.objects(None, SH.targetClass))
    ckg_classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(CKG_NS)
                   and onto.value(c, OWL.oneOf) is None}
    assert ckg_classes <= targeted


def test_contract_terms_are_defined(onto):
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} is not on this machine")
    used = set(re.findall(r"\bckg:([A-Za-z]+)", CONTRACT.read_text(encoding="utf-8")))
    assert used and {CKG_NS + t for t in used} <= _terms(onto)


def test_owl_rl_reasoner_draws_the_alignments(onto):
    ex = Namespace("https://w3id.org/county-kg/id/")
    g = Graph()
    g += onto
    g.add((ex["region/a"], CKG.partOf, ex["region/b"]))
    g.add((ex["region/b"], CKG.partOf, ex["region/c"]))
    g.add((ex["obs/1"], RDF.type, CKG.Observation))
    g.add((ex["enterprise/e"], RDF.type, CKG.Enterprise))
    g.add((ex["enterprise/e"], CKG.mentionedIn, ex["report/r"]))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert (ex["region/a"], CKG.within, ex["region/c"]) in g
    assert (ex["region/a"], CKG.partOf, ex["region/c"]) not in g  # partOf stays direct
    assert (ex["region/a"], RDF.type, CKG.Region) in g          # from the domain
    assert {PROV.Entity, QB.Observation} <= set(g.objects(ex["obs/1"], RDF.type))
    assert (ex["enterprise/e"], RDF.type, ORG.Organization) in g
    assert (ex["report/r"], SCHEMA.mentions, ex["enterprise/e"]) in g
    assert (ex["report/r"], RDF.type, CKG.Report) in g         # from the range


def test_shapes_are_well_formed_shacl(shapes):
    """pySHACL checks the shapes graph itself against the SHACL-for-SHACL shapes."""
    from pyshacl import validate

    conforms, _report, text = validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
