"""The ontology file, the shapes and the FP namespace class agree, and every file parses."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import FP
from kg.query import check_syntax, list_presets
from kg.resources import ontology_path
from kg.types import CLASSES, PREDICATES

NS = str(FP._NS)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path("fupin.ttl"), format="turtle")


def _defined(g: Graph) -> set[str]:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Class, RDF.Property}
    return {str(s)[len(NS):] for s, _, k in g.triples((None, RDF.type, None))
            if k in kinds and isinstance(s, URIRef) and str(s).startswith(NS)}


def _fp_terms() -> set[str]:
    return {name for name in FP.__annotations__ if not name.startswith("_")}


def test_ontology_parses_and_declares_itself(onto):
    assert (URIRef(NS.rstrip("#")), RDF.type, OWL.Ontology) in onto


def test_every_namespace_term_is_defined_in_the_ttl(onto):
    missing = _fp_terms() - _defined(onto)
    assert not missing, f"in kg/namespaces.py FP but not in fupin.ttl: {sorted(missing)}"


def test_every_ttl_term_is_in_the_namespace_class(onto):
    extra = _defined(onto) - _fp_terms()
    assert not extra, f"in fupin.ttl but not in kg/namespaces.py FP: {sorted(extra)}"


def test_no_fp_term_is_used_without_being_defined(onto):
    used = {str(t)[len(NS):] for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= _defined(onto)


def test_every_term_has_chinese_and_english_labels_and_a_comment(onto):
    for name in _defined(onto):
        term = URIRef(NS + name)
        langs = {lbl.language for lbl in onto.objects(term, RDFS.label) if isinstance(lbl, Literal)}
        assert {"zh", "en"} <= langs, f"fp:{name} labels: {langs}"
        assert list(onto.objects(term, RDFS.comment)), f"fp:{name} has no rdfs:comment"


def test_the_seven_classes_and_eleven_properties_are_there(onto):
    for cls in CLASSES:
        assert (FP[cls], RDF.type, OWL.Class) in onto
    for p in PREDICATES:
        assert (FP[p], RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(FP[p], RDFS.domain) is not None, f"fp:{p} has no domain"
        assert onto.value(FP[p], RDFS.range) is not None, f"fp:{p} has no range"


def _members(onto: Graph, node) -> set[str]:
    """A class expression as a set of fp: local names (a union's members, or the class itself)."""
    union = onto.value(node, OWL.unionOf)
    nodes = list(Collection(onto, union)) if union is not None else [node]
    return {str(n)[len(NS):] for n in nodes}


@pytest.mark.parametrize("prop, domain, range_", [
    ("implements", {"Government"}, {"Program"}),
    ("participatesIn", {"Enterprise", "Institution"}, {"Program"}),
    ("funds", {"Organization"}, {"Program", "Organization", "Beneficiary", "Place"}),
    ("employs", {"Organization", "Program"}, {"Beneficiary"}),
    ("benefits", {"Program", "Organization"}, {"Beneficiary", "Place"}),
    ("supports", {"Organization"}, {"Organization", "Person", "Place"}),
    ("partnersWith", {"Organization"}, {"Organization"}),
    ("locatedIn", {"Organization", "Program", "Place"}, {"Place"}),
    ("leads", {"Person"}, {"Organization", "Program"}),
    ("founded", {"Person", "Organization"}, {"Enterprise", "Institution", "Program"}),
    ("partOf", {"Organization"}, {"Organization"}),
])
def test_domain_and_range_follow_the_design_card(onto, prop, domain, range_):
    assert _members(onto, onto.value(FP[prop], RDFS.domain)) == domain
    assert _members(onto, onto.value(FP[prop], RDFS.range)) == range_


def test_partners_with_is_symmetric(onto):
    assert (FP.partnersWith, RDF.type, OWL.SymmetricProperty) in onto


def test_superclasses_and_quantity_datatypes(onto):
    for cls in ("Government", "Enterprise", "Institution"):
        assert (FP[cls], RDFS.subClassOf, FP.Organization) in onto
    assert (FP.BeneficiaryGroup, RDFS.subClassOf, FP.Beneficiary) in onto
    assert onto.value(FP.amount, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    assert onto.value(FP.count, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#integer")


def test_primary_classes_are_pairwise_disjoint(onto):
    lists = [set(Collection(onto, m)) for d in onto.subjects(RDF.type, OWL.AllDisjointClasses)
             for m in onto.objects(d, OWL.members)]
    assert {FP[c] for c in CLASSES} in lists


def test_classes_align_with_public_vocabularies(onto):
    external = {str(o) for s in onto.subjects(RDF.type, OWL.Class) for o in onto.objects(s, RDFS.subClassOf)
                if not str(o).startswith(NS)}
    for ns in ("https://schema.org/", "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/",
               "http://www.w3.org/ns/prov#"):
        assert any(x.startswith(ns) for x in external), f"no class aligned with {ns}"


def test_shapes_parse():
    g = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    assert len(g) > 50


def test_every_preset_parses_and_has_a_header():
    presets = list_presets()
    assert len(presets) >= 6
    for p in presets:
        assert p.title and p.description, p.name
        assert check_syntax(p.text) == "select", p.name


def test_ontology_path_names_the_missing_file():
    assert ontology_path("fupin.ttl").is_file()
    assert ontology_path("queries").is_dir()
    with pytest.raises(FileNotFoundError, match="no-such.ttl"):
        ontology_path("no-such.ttl")
