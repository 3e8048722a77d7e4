"""`kg eval`: scoring rules of gold/GUIDELINES.md on tiny hand-made gold and Turtle files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS
from typer.testing import CliRunner

from kg.cli import app
from kg.eval import EvalError, evaluate, max_matching, names_match, normalise
from kg.namespaces import FP, PROV, bind_prefixes
from kg.rdf import doc_iri, entity_iri

GOLD_DEV = Path(__file__).resolve().parent / "gold" / "dev"

GOLD = {
    "doc": "d1",
    "entities": [
        {"id": "e1", "name": "巫山县福益美农业开发有限公司", "type": "Enterprise", "aliases": ["福益美公司"],
         "alt_types": []},
        {"id": "e2", "name": "留守妇女", "type": "BeneficiaryGroup", "aliases": [], "alt_types": []},
        {"id": "e3", "name": "巫山县人民政府", "type": "Government", "aliases": ["巫山县"], "alt_types": []},
        {"id": "e4", "name": "烟台市人民政府", "type": "Government", "aliases": [], "alt_types": []},
        {"id": "e5", "name": "巫山县就业和人才中心", "type": "Government", "aliases": [],
         "alt_types": ["Institution"]},
    ],
    "relations": [
        {"s": "e1", "p": "employs", "o": "e2", "count": 15, "unit": "人", "evidence": "吸纳留守妇女15人"},
        {"s": "e3", "p": "partnersWith", "o": "e4", "evidence": "巫山与烟台合作"},
        {"s": "e3", "p": "funds", "o": "e1", "amount": 4600000, "evidence": "投资460万元"},
    ],
}


def write_gold(folder: Path, *docs: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"{d['doc']}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return folder


def write_ttl(path: Path, doc_id: str, entities: list[tuple[str, str]],
              relations: list[tuple] = (), extra_docs: tuple[str, ...] = ()) -> Path:
    """entities: (class, label); relations: (s (cls, label), p, o (cls, label), {count/amount/sentence})."""
    g = Graph()
    bind_prefixes(g)
    for ident in (doc_id, *extra_docs):
        g.add((doc_iri(ident), RDF.type, FP.Document))
        g.add((doc_iri(ident), DCTERMS.identifier, Literal(ident)))
    d = doc_iri(doc_id)
    for cls, label in entities:
        e = entity_iri(cls, label)
        g.add((e, RDF.type, FP[cls]))
        g.add((e, RDFS.label, Literal(label, lang="zh")))
        g.add((e, FP.mentionedIn, d))
    for n, (s, p, o, *rest) in enumerate(relations):
        q = rest[0] if rest else {}
        st = entity_iri("stmt", f"{n}")
        si, oi = entity_iri(*s), entity_iri(*o)
        g.add((si, FP[p], oi))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, si))
        g.add((st, RDF.predicate, FP[p]))
        g.add((st, RDF.object, oi))
        g.add((st, PROV.wasDerivedFrom, d))
        g.add((st, FP.sentence, Literal(q.get("sentence", f"句子{n}"), lang="zh")))
        if "count" in q:
            g.add((st, FP.count, Literal(q["count"], datatype=XSD.integer)))
        if "amount" in q:
            g.add((st, FP.amount, Literal(q["amount"], datatype=XSD.decimal)))
    g.serialize(path, format="turtle")
    return path


E1 = ("Enterprise", "巫山县福益美农业开发有限公司")
E2 = ("BeneficiaryGroup", "留守妇女")
E3 = ("Government", "巫山县人民政府")
E4 = ("Government", "烟台市人民政府")
E5 = ("Government", "巫山县就业和人才中心")
ALL = [E1, E2, E3, E4, E5]
RELS = [(E1, "employs", E2, {"count": 15}), (E3, "partnersWith", E4), (E3, "funds", E1, {"amount": 4600000})]


@pytest.fixture
def gold(tmp_path) -> Path:
    return write_gold(tmp_path / "gold", GOLD)


def test_exact_prediction_scores_one(tmp_path, gold):
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ALL, RELS), gold)
    for mode in ("strict", "lenient"):
        assert (r.entities[mode].precision, r.entities[mode].recall, r.entities[mode].f1) == (1.0, 1.0, 1.0)
        assert r.relations[mode].f1 == 1.0
        assert (r.quantities[mode].correct, r.quantities[mode].total) == (2, 2)
    assert r.documents == ["d1"] and r.missing == []
    assert r.summary_lines()[-1] == "documents 1"


def test_wrong_class_loses_the_entity_and_shows_in_confusion(tmp_path, gold):
    ents = [("Institution", E1[1]), E2, E3, E4, E5]
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ents), gold)
    s = r.entities["strict"]
    assert (s.tp, s.fp, s.fn) == (4, 1, 1)
    assert r.confusion == {"Enterprise": {"Institution": 1}}
    assert r.entity_classes["Enterprise"].recall == 0.0
    assert r.entity_classes["Institution"].precision == 0.0


def test_alt_type_is_accepted(tmp_path, gold):
    ents = [E1, E2, E3, E4, ("Institution", E5[1])]
    assert evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ents), gold).entities["strict"].tp == 5


def test_alias_match_counts_and_name_normalisation(tmp_path, gold):
    ents = [("Enterprise", "“福益美公司”"), E2, ("Government", "巫山县"), E4, E5]
    rels = [(ents[0], "employs", E2, {"count": 15})]
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ents, rels), gold)
    assert r.entities["strict"].tp == 5
    assert r.relations["strict"].tp == 1 and r.relations["strict"].fn == 2


def test_entity_matched_at_most_once(tmp_path, gold):
    # the name and the alias of one gold entity predicted as two entities: one TP, one FP
    ents = [E1, ("Enterprise", "福益美公司")]
    s = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ents), gold).entities["strict"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 4)


def test_matching_is_maximum_not_greedy():
    # left 0 fits rights 0 and 1, left 1 only right 0: greedy 0→0 would match only one
    m = max_matching(2, 2, lambda i, j: (i, j) in {(0, 0), (0, 1), (1, 0)})
    assert len(m) == 2 and m == {0: 1, 1: 0}


def test_partners_with_reversed_counts_but_other_predicates_do_not(tmp_path, gold):
    rels = [(E4, "partnersWith", E3), (E2, "employs", E1)]
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ALL, rels), gold)
    assert r.relations["strict"].tp == 1 and r.relations["strict"].fp == 1
    assert r.relation_predicates["partnersWith"].tp == 1
    assert r.relation_predicates["employs"].fp == 1


def test_several_statements_of_one_triple_count_once(tmp_path, gold):
    rels = [(E1, "employs", E2, {"sentence": "一"}), (E1, "employs", E2, {"sentence": "二", "count": 15}),
            (E3, "partnersWith", E4), (E4, "partnersWith", E3)]
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ALL, rels), gold)
    s = r.relations["strict"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 1)
    assert (r.quantities["strict"].correct, r.quantities["strict"].total) == (1, 1)


def test_lenient_matches_contained_names_that_strict_misses(tmp_path, gold):
    # 福益美农业开发有限公司 is 11 of 14 chars of the gold name; the other two do not qualify
    ents = [("Enterprise", "福益美农业开发有限公司"), ("Government", "烟台市政府"),
            ("BeneficiaryGroup", "妇女")]
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ents), gold)
    assert r.entities["strict"].tp == 0
    assert r.entities["lenient"].tp == 1  # 烟台市政府 not inside 烟台市人民政府; 妇女 is 50% of 留守妇女


def test_lenient_threshold():
    assert names_match("福益美农业开发有限公司", "巫山县福益美农业开发有限公司", lenient=True)
    assert not names_match("妇女", "留守妇女", lenient=True)
    assert names_match("留守妇女们", "留守妇女", lenient=True)
    assert not names_match("留守妇女们", "留守妇女", lenient=False)
    assert normalise(" 《ＡＢＣ》公司 ") == normalise("abc公司") == "abc公司"


def test_quantity_within_one_percent(tmp_path, gold):
    def acc(count, amount):
        rels = [(E1, "employs", E2, {"count": count}), (E3, "funds", E1, {"amount": amount})]
        q = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ALL, rels), gold).quantities["strict"]
        return q.correct, q.total

    assert acc(15, 4600000) == (2, 2)
    assert acc(15, 4645000) == (2, 2)  # 0.98% off
    assert acc(16, 4700000) == (0, 2)  # 6.7% and 2.2% off


def test_document_missing_from_prediction_gives_zero_recall(tmp_path, gold):
    other = dict(GOLD, doc="d2")
    gold_dir = write_gold(gold, other)
    r = evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ALL, RELS), gold_dir)
    assert r.missing == ["d2"]
    assert r.per_document["d2"]["entities"].recall == 0.0
    assert r.per_document["d1"]["entities"].recall == 1.0
    assert r.entities["strict"].recall == 0.5
    assert r.errors["d2"].missed_entities[0]["name"] == "巫山县福益美农业开发有限公司"


def test_documents_not_in_gold_are_not_scored(tmp_path, gold):
    ttl = write_ttl(tmp_path / "kg.ttl", "d1", ALL, RELS, extra_docs=("zz",))
    assert evaluate(ttl, gold).documents == ["d1"]


def test_bad_inputs_raise_one_clear_error(tmp_path, gold):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    with pytest.raises(EvalError, match="bad.ttl"):
        evaluate(bad, gold)
    (gold / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(EvalError, match="broken.json"):
        evaluate(write_ttl(tmp_path / "kg.ttl", "d1", ALL), gold)


def test_cli_eval_of_seeds_build_prints_summary(seeds_build):
    out, _ = seeds_build
    res = CliRunner().invoke(app, ["eval", str(out / "kg.ttl"), "--gold", str(GOLD_DEV), "--show-errors", "2"])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-4:]
    assert last[0].startswith("entities  strict P=") and "| lenient P=" in last[0]
    assert last[1].startswith("relations strict P=")
    assert last[2].startswith("quantities ")
    assert last[3] == "documents 5"
    assert "missed entity" in res.output


def test_cli_eval_json_and_missing_file(seeds_build, tmp_path):
    out, _ = seeds_build
    res = CliRunner().invoke(app, ["eval", str(out / "kg.ttl"), "--gold", str(GOLD_DEV), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["documents"]) == 5 and data["entities"]["strict"]["tp"] > 0
    res = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.ttl"), "--gold", str(GOLD_DEV)])
    assert res.exit_code == 1 and "nope.ttl" in res.output and "Traceback" not in res.output
