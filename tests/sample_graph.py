"""A small graph in the output contract's shape, written by the real RDF writer into a real store.

The seeds' extractors are still being tuned, so tests that need every predicate with known
quantities use this graph: two documents of the seeds' kind, every one of the eleven predicates,
amounts and counts, an alias, a place context. Built through ``kg.rdf.document_graph`` and
``KGStore`` exactly as ``kg build`` does, then exported to OUT/kg.ttl.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kg.rdf import doc_graph_iri, document_graph
from kg.store import KGStore
from kg.types import Document, Entity, Quantity, Relation

E = ("Enterprise", "巫山县福益美农业开发有限公司")
E2 = ("Enterprise", "巫山县天锐服装有限公司")
WS = ("Program", "就业帮扶车间")
SF = ("Program", "春风行动")
LY = ("Program", "鲁渝劳务协作")
HRSS = ("Government", "巫山县人力资源和社会保障局")
GOV = ("Government", "巫山县人民政府")
SD = ("Government", "山东省人力资源和社会保障厅")
HOSP = ("Institution", "巫山县人民医院")
BRANCH = ("Institution", "巫山县人民医院骡坪分院")
FUND = ("Institution", "中国初级卫生保健基金会")
WOMEN = ("BeneficiaryGroup", "留守妇女")
POOR = ("BeneficiaryGroup", "脱贫户")
TANG = ("Person", "唐永珍")
YANG = ("Person", "杨亨菊")
WUSHAN = ("Place", "巫山县")
LUOPING = ("Place", "骡坪镇")
CQ = ("Place", "重庆市")

S1 = "巫山县福益美农业开发有限公司吸纳了村里的留守妇女、老人等15人利用空闲时间到车间务工。"
S2 = "巫山县福益美农业开发有限公司被认定为就业帮扶车间。"
S3 = "巫山县人力资源和社会保障局开展“春风行动”，为脱贫户提供就业岗位。"
S4 = "巫山县人民政府投入460万元奖补就业帮扶车间。"
S5 = "山东省人力资源和社会保障厅与巫山县人力资源和社会保障局签订鲁渝劳务协作协议。"
S6 = "公司负责人唐永珍介绍，福益美公司由她创办。"
S7 = "巫山县天锐服装有限公司为当地群众提供就业岗位30多个，带动脱贫户就业。"
S8 = "中国初级卫生保健基金会捐赠200万元支持巫山县人民医院。"
S9 = "巫山县人民医院骡坪分院为脱贫户提供免费体检，惠及1.2万人次。"


def _ent(key, *aliases):
    return Entity(key[1], key[0], aliases=set(aliases))


def documents() -> list[Document]:
    d1 = Document(id="sample_001", text=S1 + S2 + S3 + S4 + S6, title="巫山：帮扶车间成为助力群众增收致富“金钥匙”")
    for key, aliases in [(E, ("福益美公司",)), (WS, ()), (SF, ()), (HRSS, ("巫山县人社局",)), (GOV, ()),
                         (WOMEN, ()), (POOR, ()), (TANG, ()), (YANG, ()), (WUSHAN, ()), (LUOPING, ()), (CQ, ())]:
        d1.entities[key] = _ent(key, *aliases)
    d1.relations = [
        Relation(E, "employs", WOMEN, d1.id, S1, 0.87, Quantity("15人", count=15, unit="人"), pattern="吸纳…就业"),
        Relation(E, "participatesIn", WS, d1.id, S2, 0.8),
        Relation(HRSS, "implements", SF, d1.id, S3, 0.85),
        Relation(SF, "benefits", POOR, d1.id, S3, 0.7),
        Relation(GOV, "funds", WS, d1.id, S4, 0.8, Quantity("460万元", amount=Decimal(4600000))),
        Relation(TANG, "leads", E, d1.id, S6, 0.75),
        Relation(TANG, "founded", E, d1.id, S6, 0.6),
        Relation(E, "locatedIn", LUOPING, d1.id, S1, 0.9, pattern="name-prefix"),
        Relation(LUOPING, "locatedIn", WUSHAN, d1.id, S1, 0.9),
        Relation(WUSHAN, "locatedIn", CQ, d1.id, S1, 0.9),
        Relation(E, "employs", YANG, d1.id, S1, 0.6),
    ]
    d2 = Document(id="sample_002", text=S5 + S7 + S8 + S9, title="鲁渝协作 医疗帮扶")
    for key, aliases in [(SD, ()), (HRSS, ("人社局",)), (LY, ()), (E2, ("天锐公司",)), (POOR, ()), (FUND, ()),
                         (HOSP, ()), (BRANCH, ()), (WUSHAN, ()), (WS, ())]:
        d2.entities[key] = _ent(key, *aliases)
    d2.relations = [
        Relation(SD, "partnersWith", HRSS, d2.id, S5, 0.8),
        Relation(SD, "implements", LY, d2.id, S5, 0.7),
        Relation(HRSS, "implements", LY, d2.id, S5, 0.7),
        Relation(E2, "employs", POOR, d2.id, S7, 0.8, Quantity("30多个", count=30, unit="个")),
        Relation(E2, "founded", WS, d2.id, S7, 0.5),
        Relation(FUND, "funds", HOSP, d2.id, S8, 0.8, Quantity("200万元", amount=Decimal(2000000))),
        Relation(FUND, "supports", HOSP, d2.id, S8, 0.7),
        Relation(BRANCH, "partOf", HOSP, d2.id, S9, 0.9),
        Relation(BRANCH, "benefits", POOR, d2.id, S9, 0.75, Quantity("1.2万人次", count=12000, unit="人次")),
        Relation(HOSP, "locatedIn", WUSHAN, d2.id, S9, 0.9, pattern="name-prefix"),
    ]
    return [d1, d2]


def build_sample(out: Path) -> Path:
    """Write the sample graph to ``out`` (store and kg.ttl) as `kg build` would; return ``out``."""
    out = Path(out)
    kg = KGStore(out)
    try:
        for doc in documents():
            kg.replace_document(doc_graph_iri(doc.id), document_graph(doc))
        kg.export(out / "kg.ttl", "ttl")
        kg.flush()
    finally:
        kg.close()
    return out
