"""Canonical names of government and institution bodies, and what their names say about places.

Made-up sentences in the style of county news (GUIDELINES conventions 1, 3, 12, 13); each test names
the behaviour it protects.
"""

from __future__ import annotations

import pytest
from extraction_helpers import names as _names
from extraction_helpers import rels as _rels
from extraction_helpers import run as _run

from kg.resolve import canonical_government, canonical_institution, department_body, expand_institution
from kg.types import Document


@pytest.fixture(scope="module")
def county_story() -> Document:
    return _run(
        "宁远县出台措施支持群众就业。县委、县政府高度重视，县政协组织委员开展调研。"
        "宁远县抽调人社、发改、卫健等部门工作人员，组建专班。"
        "县人民医院、疾控中心、妇幼保健院派出医生下乡义诊。"
        "宁远县民政局、就业局联合举办招聘会。",
        title="宁远县：就业帮扶暖人心",
    )


def test_level_characters_become_the_named_county(county_story):
    gov = _names(county_story, "Government")
    assert "中共宁远县委员会" in gov
    assert "宁远县人民政府" in gov
    assert "中国人民政治协商会议宁远县委员会" in gov


def test_department_list_gives_one_body_each_in_the_item_county(county_story):
    gov = _names(county_story, "Government")
    assert {"宁远县人力资源和社会保障局", "宁远县发展和改革委员会", "宁远县卫生健康委员会"} <= gov
    assert ("宁远县发展和改革委员会", "宁远县") in _rels(county_story, "locatedIn")


def test_a_place_written_once_before_a_list_is_the_place_of_each_body(county_story):
    inst = _names(county_story, "Institution")
    assert {"宁远县人民医院", "宁远县疾病预防控制中心", "宁远县妇幼保健院"} <= inst
    assert "宁远县就业局" in _names(county_story, "Government")


def test_level_body_without_a_named_place_keeps_its_text_form():
    # conventions 3: the city of this county is never named, so 市委 stays 市委
    assert canonical_government("市委", []) == "市委"
    assert canonical_government("县人社部门", []) == "县人社部门"


def test_province_departments_take_the_provincial_form():
    from kg.gazetteer import gazetteer

    gaz = gazetteer()
    hunan = gaz.lookup("湖南省")[0]
    assert canonical_government("省人社部门", [hunan]) == "湖南省人力资源和社会保障厅"
    assert canonical_government("省委", [hunan]) == "中共湖南省委员会"
    assert canonical_government("省政协", [hunan]) == "中国人民政治协商会议湖南省委员会"


def test_central_organs_and_zone_work_committees():
    assert canonical_government("党中央", []) == "中共中央"
    assert canonical_government("湘潭经开区党工委", []) == "中共湘潭经济技术开发区工作委员会"


def test_department_stems_are_recognised_only_as_departments():
    assert department_body("县人社部门") == ("县", "Government", "人社")
    assert department_body("人社、发改") is None
    assert department_body("农业产业") is None


def test_institution_abbreviations_expand_at_the_end_and_before_a_branch():
    assert expand_institution("县职教中心") == "县职业教育中心"
    assert expand_institution("重庆电大巫山分校") == "重庆广播电视大学巫山分校"
    assert canonical_institution("疾控中心", []) == "疾病预防控制中心"


def test_grade_words_make_no_body():
    doc = _run("宁远县加快推进三级中医医院、二级甲等疾控中心创建。")
    assert not any(n.endswith(("中医医院", "疾病预防控制中心")) for n in _names(doc, "Institution"))


def test_party_committee_of_a_program_owner_uses_the_county_named_just_before():
    doc = _run("宁远县出台措施。绥江县中城镇福兴社区建成老年食堂。福兴社区承接安置了700名搬迁群众。"
               "社区认真落实县委“守护夕阳红”三年行动。", title="宁远县民生报道")
    gov = _names(doc, "Government")
    assert "中共绥江县委员会" in gov
    assert "福兴社区居民委员会" in gov  # a community acting is its residents' committee
    assert ("福兴社区居民委员会", "福兴社区") in _rels(doc, "locatedIn")


def test_place_chain_found_by_the_gazetteer_hierarchy_even_when_cut():
    doc = _run("在沅陵县借母溪乡借母溪村，村民们在这里劳作。新晃侗族自治县凉伞镇八江口村的村民来到村里。")
    places = _names(doc, "Place")
    assert {"借母溪乡", "借母溪村", "新晃侗族自治县", "凉伞镇"} <= places
    assert "母溪村" not in places and "侗族自治县" not in places
    located = _rels(doc, "locatedIn")
    assert ("借母溪村", "借母溪乡") in located
    assert ("凉伞镇", "新晃侗族自治县") in located


def test_resettlement_site_is_a_place_inside_its_county():
    doc = _run("一大早，鲁甸县卯家湾易地扶贫搬迁安置区的群众去上班。")
    assert "卯家湾易地扶贫搬迁安置区" in _names(doc, "Place")
    assert ("卯家湾易地扶贫搬迁安置区", "鲁甸县") in _rels(doc, "locatedIn")


def test_branch_is_part_of_its_parent_and_located_in_its_place():
    doc = _run("奉节县教委表示，重庆市人民小学奉节分校将开工建设。")
    assert ("重庆市人民小学奉节分校", "重庆市人民小学") in _rels(doc, "partOf")
    assert ("重庆市人民小学奉节分校", "奉节县") in _rels(doc, "locatedIn")


def test_department_team_is_part_of_the_department_not_located_in_the_province():
    doc = _run("湖南省怀化市报道。省教育厅扶贫工作队进驻该村后，建立了油茶加工车间。")
    assert ("湖南省教育厅扶贫工作队", "湖南省教育厅") in _rels(doc, "partOf")
    assert ("湖南省教育厅扶贫工作队", "湖南省") not in _rels(doc, "locatedIn")


def test_cppcc_committee_has_no_parent_inside_its_own_name():
    doc = _run("新宁县召开会议。自觉接受县人大依法监督，主动接受县政协民主监督。")
    assert not any(p.startswith("中国人民政治协商会") and p != "中国人民政治协商会议新宁县委员会"
                   for _c, p in _rels(doc, "partOf"))
    assert ("中国人民政治协商会议新宁县委员会", "新宁县") in _rels(doc, "locatedIn")
