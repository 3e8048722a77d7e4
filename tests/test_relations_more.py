"""Relation behaviours found on articles written apart from the rules (made-up sentences here)."""

from __future__ import annotations

from extraction_helpers import run

from kg.relate import _place_chain


def triples(text: str, floor: float = 0.3) -> set[tuple[str, str, str]]:
    doc = run(text)
    return {(r.subject[1], r.predicate, r.object[1]) for r in doc.relations if r.confidence >= floor}


def counts(text: str) -> dict[tuple[str, str, str], int | None]:
    doc = run(text)
    return {(r.subject[1], r.predicate, r.object[1]): (r.quantity.count if r.quantity else None) for r in doc.relations}


def test_the_part_after_qizhong_is_employed_by_the_employer_of_the_whole_with_its_own_figure():
    got = counts("永顺县宏达食品有限公司去年吸纳周边群众300人就业，其中脱贫人口96人、残疾人12人。")
    assert got[("永顺县宏达食品有限公司", "employs", "群众")] == 300
    assert got[("永顺县宏达食品有限公司", "employs", "脱贫人口")] == 96
    assert got[("永顺县宏达食品有限公司", "employs", "残疾人")] == 12


def test_a_part_of_a_jobs_figure_with_no_group_named_is_employed_by_the_sentence_agent():
    got = triples("今年以来，临夏县累计组织劳务输转3.2万人，其中脱贫劳动力1.1万人。")
    assert ("临夏县人民政府", "employs", "脱贫劳动力") in got


def test_a_long_autonomous_county_name_is_one_place_not_a_stem_and_a_fragment():
    assert _place_chain("双江拉祜族佤族布朗族傣族自治县人民医院") == ["双江拉祜族佤族布朗族傣族自治县"]
    got = triples("双江拉祜族佤族布朗族傣族自治县人民医院开展义诊。")
    located = {o for s, p, o in got if p == "locatedIn" and s.endswith("人民医院")}
    assert located == {"双江拉祜族佤族布朗族傣族自治县"}


def test_the_he_inside_a_bureau_name_does_not_hide_the_partner_after_yu():
    got = triples("宁波市人力资源和社会保障局与黔西南州人力资源和社会保障局签订劳务协作协议。")
    pair = {"宁波市人力资源和社会保障局", "黔西南布依族苗族自治州人力资源和社会保障局"}
    assert any(p == "partnersWith" and {s, o} == pair for s, p, o in got)
    assert ("宁波市人力资源和社会保障局", "implements", "劳务协作") in got


def test_two_paired_towns_are_their_governments_and_cities_after_a_date_partner_too():
    got = triples("自2020年苏州市与铜仁市建立东西部协作结对关系以来，两市交流频繁。苏州市吴江区平望镇与铜仁市碧江区坝黄镇结成帮扶对子。")
    assert any(p == "partnersWith" and {s, o} == {"苏州市人民政府", "铜仁市人民政府"} for s, p, o in got)
    assert ("铜仁市人民政府", "implements", "东西部协作") in got
    assert any(p == "partnersWith" and {s, o} == {"平望镇人民政府", "坝黄镇人民政府"} for s, p, o in got)


def test_liangju_after_two_partners_makes_both_the_subject():
    got = triples("福州市民政局与定西市民政局签订协作协议，两局联合开展“暖心助老”行动。")
    assert ("福州市民政局", "implements", "“暖心助老”行动") in got
    assert ("定西市民政局", "implements", "“暖心助老”行动") in got


def test_resettling_people_without_jobs_is_help_not_employment():
    got = triples("幸福社区承接安置了5200名易地扶贫搬迁群众。")
    assert ("幸福社区居民委员会", "benefits", "易地扶贫搬迁群众") in got
    assert ("幸福社区居民委员会", "employs", "易地扶贫搬迁群众") not in got


def test_the_event_an_agent_holds_helps_the_people_served_in_the_next_clause():
    got = triples("县卫生健康局开展“送医下乡”巡回义诊活动30场，为群众免费诊疗5000余人次。")
    assert ("送医下乡", "benefits", "群众") in got or ("“送医下乡”巡回义诊", "benefits", "群众") in got
    assert not any(p == "benefits" and s.endswith("卫生健康局") for s, p, o in got)


def test_a_facility_the_government_built_leaves_the_help_with_the_government():
    got = triples("奉节县已建成“孝心食堂”80家，为9000余名老人提供就餐服务。")
    assert not any(p == "benefits" and s == "孝心食堂" for s, p, o in got)


def test_a_bare_village_party_branch_is_the_branch_of_the_village_named_before():
    got = triples("石门村曾是深度贫困村。村党支部牵头成立了石门村蜂蜜专业合作社。")
    assert ("石门村党支部", "founded", "石门村蜂蜜专业合作社") in got


def test_a_dispatched_team_is_one_body_part_of_its_sender_and_located_where_it_serves():
    got = triples("省农业农村厅驻石门村工作队队长、第一书记王建国介绍了情况。")
    team = "省农业农村厅驻石门村工作队"
    assert (team, "partOf", "省农业农村厅") in got
    assert (team, "locatedIn", "石门村") in got
    assert ("王建国", "leads", team) in got


def test_a_team_whose_sender_lac_misses_is_still_one_body():
    got = triples("“茶园变了样。”站在茶园边，省农业农村厅驻白岩村工作队队长刘永强说。")
    assert ("省农业农村厅驻白岩村工作队", "partOf", "省农业农村厅") in got


def test_workers_in_the_cooperative_of_the_story_are_its_employees():
    got = triples("石门村蜂蜜专业合作社成立于2020年。茶季每天还有120多名采茶工在合作社茶园就业。")
    assert ("石门村蜂蜜专业合作社", "employs", "采茶工") in got


def test_an_industrial_park_is_a_program_in_its_town_that_employs():
    # the town is named on its own first: a town known only from a name inside a name is not trusted
    got = triples("走进城关镇，菌棚连片。城关镇食用菌产业园吸纳周边群众800余人务工，其中脱贫户210户。")
    assert ("城关镇食用菌产业园", "locatedIn", "城关镇") in got
    assert ("城关镇食用菌产业园", "employs", "群众") in got
    assert ("城关镇食用菌产业园", "employs", "脱贫户") in got


def test_a_county_written_in_full_or_as_short_plus_level_sets_the_item_place_over_a_partner_province():
    doc = run("紫云县：车间建在楼底下\n安顺市紫云苗族布依族自治县松山街道，厂房里机声不断。紫云县与广东省东莞市合作，"
              "为广东省东莞市一家公司代加工童装。县人社局组织技能培训。")
    assert doc.items[0].place == "紫云苗族布依族自治县"
    assert ("Government", "紫云苗族布依族自治县人力资源和社会保障局") in doc.entities


def test_a_body_and_a_preposition_before_anzhiqu_name_no_resettlement_site():
    doc = run("县卫健局在安置区设立了卫生服务站。县民政局将安置区纳入重点监测。")
    assert not any(cls == "Place" and "安置区" in name for cls, name in doc.entities)
