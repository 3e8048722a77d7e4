"""Stage 7, rdf: a processed ``Document`` → the triples of the output contract.

Every entity gets one primary class, one ``rdfs:label``, its other names as ``skos:altLabel`` and
``fp:mentionedIn`` the document; every relation is asserted as a plain triple and described by
one ``rdf:Statement`` per source sentence, with provenance, confidence and quantities. All
serialisation goes through rdflib, never string-built Turtle.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .namespaces import FP, FPR, PROV
from .types import Document, Relation

GAZETTEER = FPR["source/gazetteer"]


def _safe(name: str) -> str:
    """An IRI path segment that keeps Chinese readable and percent-encodes anything unsafe."""
    out = []
    for ch in name:
        if ch.isalnum() or ch in "-_.~":
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    safe = "".join(out) or "_"
    if safe.endswith("."):  # a local name may not end in "." in Turtle: some parsers reject the escape
        safe = safe[:-1] + "%2E"
    return safe


def entity_iri(cls: str, name: str) -> URIRef:
    """One IRI per entity across documents and rebuilds: class plus canonical name."""
    return FPR[f"{cls}/{_safe(name)}"]


def doc_iri(doc_id: str) -> URIRef:
    return FPR[f"doc/{_safe(doc_id)}"]


def doc_graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds everything one document contributed (replaced on rebuild)."""
    return FPR[f"graph/doc/{_safe(doc_id)}"]


def statement_iri(rel: Relation) -> URIRef:
    key = "\x1f".join([rel.doc_id, rel.subject[0], rel.subject[1], rel.predicate,
                       rel.object[0], rel.object[1], rel.sentence])
    return FPR[f"stmt/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}"]


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def document_graph(doc: Document, min_confidence: float = 0.0) -> Graph:
    """All triples one document contributes, in a fresh in-memory graph."""
    g = Graph(bind_namespaces="none")  # prefixes are bound once, at export (binding costs 3 ms a graph)
    d = doc_iri(doc.id)
    g.add((d, RDF.type, FP.Document))
    g.add((d, DCTERMS.identifier, Literal(doc.id)))
    if doc.title:
        g.add((d, DCTERMS.title, zh(doc.title)))
    if doc.digest:
        g.add((d, FP.contentHash, Literal(doc.digest)))
    if doc.path:
        g.add((d, FP.sourcePath, Literal(doc.path)))
    if len(doc.items) > 1:
        for item in doc.items:
            it = FPR[f"doc/{_safe(doc.id)}/item/{item.index + 1}"]
            g.add((it, RDF.type, FP.NewsItem))
            g.add((it, DCTERMS.isPartOf, d))
            if item.title:
                g.add((it, DCTERMS.title, zh(item.title)))
    rels = [r for r in doc.relations if r.confidence >= min_confidence]
    related = {r.subject for r in rels} | {r.object for r in rels}
    for ent in doc.entities.values():
        if ent.background:
            continue  # background (gazetteer) entities live in the gazetteer graph
        if (ent.conditional or ent.cls in ("Person", "BeneficiaryGroup")) and ent.key not in related:
            continue  # kept only as a party to a relation (GUIDELINES), and its relations fell below the floor
        e = entity_iri(ent.cls, ent.name)
        g.add((e, RDF.type, FP[ent.cls]))
        g.add((e, RDFS.label, zh(ent.name)))
        for alias in sorted(ent.aliases):
            if alias and alias != ent.name:
                g.add((e, SKOS.altLabel, zh(alias)))
        g.add((e, FP.mentionedIn, d))
    for rel in rels:
        add_relation(g, rel, d)
    return g


def add_relation(g: Graph, rel: Relation, source: URIRef) -> URIRef:
    s = entity_iri(*rel.subject)
    o = entity_iri(*rel.object)
    p = FP[rel.predicate]
    g.add((s, p, o))
    st = statement_iri(rel)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, PROV.wasDerivedFrom, source))
    if rel.sentence:
        g.add((st, FP.sentence, zh(rel.sentence)))
    g.add((st, FP.confidence, Literal(Decimal(str(round(rel.confidence, 3))), datatype=XSD.decimal)))
    if rel.pattern:
        g.add((st, FP.extractor, Literal(rel.pattern)))
    q = rel.quantity
    if q is not None:
        if q.amount is not None:
            g.add((st, FP.amount, Literal(q.amount, datatype=XSD.decimal)))
        if q.count is not None:
            g.add((st, FP.count, Literal(int(q.count), datatype=XSD.integer)))
        if q.unit:
            g.add((st, FP.countUnit, Literal(q.unit)))
        if q.text:
            g.add((st, FP.quantityText, zh(q.text)))
    return st


__all__ = ["GAZETTEER", "doc_graph_iri", "doc_iri", "document_graph", "entity_iri", "statement_iri"]
