"""Behaviours found on the held-out articles of extra/dev3 and extra/test2 (made-up sentences here)."""

from __future__ import annotations

from extraction_helpers import names, run


def triples(text: str, floor: float = 0.3) -> set[tuple[str, str, str]]:
    doc = run(text)
    return {(r.subject[1], r.predicate, r.object[1]) for r in doc.relations if r.confidence >= floor}


def test_a_named_community_is_a_place_although_its_name_ends_in_qu():
    assert "格凸河社区" in names(run("县里在格凸河社区建了两个就业帮扶车间。"), "Place")


def test_stems_listed_before_a_counted_level_word_are_one_place_each():
    places = names(run("该安置区位于县城南部，下设格凸河、乐居两个社区。"), "Place")
    assert {"格凸河社区", "乐居社区"} <= places


def test_a_count_that_does_not_fit_the_list_names_no_places():
    places = names(run("全县有白沙、青石等12个村通了公路。"), "Place")
    assert "白沙村" not in places and "青石村" not in places


def test_money_put_in_goes_to_what_the_next_clause_carries_out_with_its_amount():
    doc = run("2016年起，华能集团先后投入3200万元，实施蚌谷乡通村公路硬化工程。")
    got = {(r.subject[1], r.predicate, r.object[1]): r.quantity for r in doc.relations if r.predicate == "funds"}
    key = next(k for k in got if k[2].endswith("通村公路硬化工程"))
    assert got[key] is not None and got[key].amount == 32000000
    assert not any(k[2] == "蚌谷乡" for k in got)


def test_money_followed_by_another_clause_without_a_purpose_verb_funds_nothing_there():
    got = triples("县财政投入500万元，群众出行更加方便，通村公路硬化工程已经完工。")
    assert not any(p == "funds" and o.endswith("通村公路硬化工程") for _s, p, o in got)


def test_a_demonstrative_with_a_description_stands_for_the_company_named_before_and_keeps_the_amount():
    doc = run("中国华能建设集团有限公司董事长赵启明来到西畴县调研。"
              "自2012年承担定点帮扶西畴县的任务以来，这家总部位于北京的中央企业累计投入定点帮扶资金2.36亿元。")
    funds = [r for r in doc.relations if r.predicate == "funds" and r.object[1] == "定点帮扶"]
    assert [r.subject[1] for r in funds] == ["中国华能建设集团有限公司"]
    assert funds[0].quantity is not None and funds[0].quantity.amount == 236000000


def test_a_street_named_after_a_province_is_no_division_of_it():
    got = triples("专馆设在青岛市市北区辽宁路街道，由市商务局管理。")
    assert not any(o == "辽宁省" for _s, _p, o in got)
    assert "辽宁路街道" in names(run("专馆设在青岛市市北区辽宁路街道。"), "Place")
