"""A small knowledge graph in the output contract's shape, written with rdflib (for the viewer tests)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.namespaces import FP, PROV, bind_prefixes
from kg.rdf import doc_iri, entity_iri, zh

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'

ENTITIES = [
    ("Government", "巫山县人力资源和社会保障局", ["巫山县人社局", "县人社局"]),
    ("Enterprise", "巫山县福益美农业开发有限公司", ["福益美公司"]),
    ("Institution", "奉节县人民医院", []),
    ("Program", "就业帮扶车间", ["帮扶车间"]),
    ("Person", "唐永珍", []),
    ("BeneficiaryGroup", "留守妇女", []),
    ("Place", "巫山县", []),
    ("Place", "重庆市", []),
    ("Enterprise", "中远海运集团", ["中远海运"]),
    ("Program", "春风行动", []),
    ("Enterprise", "孤立公司", []),
    ("Institution", f"恶意机构{HOSTILE}", []),
]

RELATIONS = [  # subject index, predicate, object index, doc, sentence, quantity
    (0, "implements", 3, "d1", "巫山县人社局认定就业帮扶车间30个。", "30个"),
    (1, "participatesIn", 3, "d1", "福益美公司建立就业帮扶车间。", ""),
    (1, "employs", 5, "d1", "福益美公司吸纳了村里的留守妇女15人到车间务工。", "15人"),
    (1, "employs", 5, "d2", "该公司累计带动留守妇女就业。", ""),
    (4, "leads", 1, "d1", "公司负责人唐永珍介绍。", ""),
    (1, "locatedIn", 6, "d1", "福益美公司位于巫山县。", ""),
    (6, "locatedIn", 7, "d2", "巫山县地处重庆市东北部。", ""),
    (8, "supports", 6, "d2", "中远海运集团定点帮扶巫山县。", ""),
    (8, "funds", 9, "d2", "中远海运投入460万元支持春风行动。", "460万元"),
    (8, "partnersWith", 1, "d2", "中远海运集团与福益美公司签订合作协议。", ""),
    (2, "benefits", 5, "d2", "奉节县人民医院为留守妇女提供义诊。", ""),
    (11, "benefits", 5, "d3", f"恶意句子{HOSTILE}惠及留守妇女。", ""),
]

DOCS = {"d1": "巫山：帮扶车间成为助力群众增收致富“金钥匙”", "d2": "中远海运定点帮扶巫山",
        "d3": f"标题{HOSTILE}"}


def contract_graph() -> Graph:
    g = Graph()
    bind_prefixes(g)
    for d, title in DOCS.items():
        g.add((doc_iri(d), RDF.type, FP.Document))
        g.add((doc_iri(d), DCTERMS.identifier, Literal(d)))
        g.add((doc_iri(d), DCTERMS.title, zh(title)))
    iris = []
    for i, (cls, name, aliases) in enumerate(ENTITIES):
        e = entity_iri(cls, name)
        iris.append(e)
        g.add((e, RDF.type, FP[cls]))
        g.add((e, RDFS.label, zh(name)))
        for a in aliases:
            g.add((e, SKOS.altLabel, zh(a)))
        g.add((e, FP.mentionedIn, doc_iri("d3" if i == 11 else "d1" if i < 8 else "d2")))
    for k, (s, p, o, d, sentence, qty) in enumerate(RELATIONS):
        g.add((iris[s], FP[p], iris[o]))
        st = entity_iri("stmt", f"s{k}")
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, iris[s]))
        g.add((st, RDF.predicate, FP[p]))
        g.add((st, RDF.object, iris[o]))
        g.add((st, PROV.wasDerivedFrom, doc_iri(d)))
        g.add((st, FP.sentence, zh(sentence)))
        g.add((st, FP.confidence, Literal("0.85", datatype=XSD.decimal)))
        if qty:
            g.add((st, FP.quantityText, zh(qty)))
    return g
