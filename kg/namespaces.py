"""The project's vocabularies as rdflib namespace objects (never strings).

``FP`` is a closed ``DefinedNamespace``: a misspelt term raises instead of minting an IRI.
``tests/test_ontology.py`` checks it against ``ontology/fupin.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

FPR = Namespace("https://w3id.org/fupin-kg/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")


class FP(DefinedNamespace):
    """fupin-kg ontology: 7 classes, 11 relation properties, statement qualifiers."""

    _NS = Namespace("https://w3id.org/fupin-kg/ontology#")
    _fail = True

    # classes
    Government: URIRef  # 政府机构
    Enterprise: URIRef  # 企业
    Institution: URIRef  # 事业单位与社会组织
    Program: URIRef  # 帮扶项目与政策
    Person: URIRef  # 个人
    BeneficiaryGroup: URIRef  # 受益群体
    Place: URIRef  # 地区
    Organization: URIRef  # superclass of Government, Enterprise, Institution
    Beneficiary: URIRef  # superclass of BeneficiaryGroup (and persons helped)
    Document: URIRef  # an input article
    NewsItem: URIRef  # one item of a multi-item page
    Gazetteer: URIRef  # a source of background facts about places

    # relation properties
    implements: URIRef
    participatesIn: URIRef
    funds: URIRef
    employs: URIRef
    benefits: URIRef
    supports: URIRef
    partnersWith: URIRef
    locatedIn: URIRef
    leads: URIRef
    founded: URIRef
    partOf: URIRef

    # entity and statement annotations
    mentionedIn: URIRef
    sentence: URIRef
    confidence: URIRef
    amount: URIRef
    count: URIRef
    countUnit: URIRef
    quantityText: URIRef
    extractor: URIRef  # which extractor/pattern produced a statement
    contentHash: URIRef  # sha256 of a document's bytes, for incremental builds
    sourcePath: URIRef  # the file a document was read from
    adminCode: URIRef  # administrative division code of a place (gazetteer)


NS = FP._NS

PREFIXES = {
    "fp": str(NS),
    "fpr": str(FPR),
    "prov": str(PROV),
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph (so Turtle stays short)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
