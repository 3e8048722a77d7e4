"""Program recognition (GUIDELINES conventions 2 and 7), on made-up sentences.

Each test names a class of phrases: a rule that only one sentence needs has no test here.
"""

from __future__ import annotations

import pytest

from kg.recognise import recognise_sentence, tokenize
from kg.resolve import canonical_program
from kg.types import Sentence


def programs(text: str) -> dict[str, float]:
    """The program mentions of one sentence: text → confidence."""
    sent = Sentence(text=text, start=0, index=0)
    sent.tokens = tokenize([text])[0]
    return {m.text: m.confidence for m in recognise_sentence(sent) if m.cls == "Program"}


def test_a_head_split_across_words_still_ends_a_program():
    # LAC cuts 奖补 into 奖/补; the head is found over the word boundary
    found = programs("县里对新建的种植基地落实一次性奖补，对吸纳就业多的合作社给予5万元的稳岗就业奖补。")
    assert "一次性奖补" in found
    assert "稳岗就业奖补" in found


def test_the_object_of_an_implementing_verb_is_a_confident_program():
    found = programs("该市全面实施农村人居环境整治提升行动。")
    assert found.get("农村人居环境整治提升行动") == 0.8


def test_conjuncts_after_an_implementing_verb_share_its_evidence():
    found = programs("全区重点推进城乡供水一体化工程、农村公路提质改造工程和美丽乡村建设计划。")
    assert found.get("城乡供水一体化工程") == 0.8
    assert found.get("美丽乡村建设计划") == 0.8


def test_a_program_named_without_a_verb_stays_weak_and_needs_a_relation():
    found = programs("耕地地力保护补贴按时发到农户手中。")
    assert found.get("耕地地力保护补贴") == 0.6


def test_a_named_campaign_or_works_is_confident_wherever_named():
    found = programs("农村公路提质改造工程多次获得省级表彰。")
    assert found.get("农村公路提质改造工程") == 0.8


def test_a_list_after_tongguo_shares_its_evidence():
    found = programs("通过“组团式帮扶”以及县乡医联体等，派出专家120名。")
    assert found.get("县乡医联体") == 0.8


def test_a_delivered_count_after_a_program_is_evidence():
    found = programs("全县城镇老旧小区改造3120户，完成投资2亿元。")
    assert found.get("城镇老旧小区改造") == 0.8


def test_a_subsidy_granted_with_an_amount_is_a_program():
    found = programs("对符合条件的家庭给予每户2000元的住房改造补贴。")
    assert found.get("住房改造补贴") == 0.8


def test_the_name_keeps_its_numeral_and_its_inner_verbs():
    found = programs("今年要推进乡村建设五大工程和教育质量提升三年行动。")
    assert "乡村建设五大工程" in found
    assert "教育质量提升三年行动" in found


def test_n_measures_is_a_program():
    assert "12条措施" in programs("省人社厅出台12条措施，支持农民工返乡创业。")


def test_a_coordination_before_a_system_head_is_one_system():
    found = programs("建立困难职工和农民工帮扶救助制度。")
    assert "困难职工和农民工帮扶救助制度" in found


def test_the_name_stops_at_the_predicate_and_at_de():
    found = programs("村里积极开展返乡创业培训。")
    assert "返乡创业培训" in found
    assert not any(name.startswith(("积极", "开展", "村里")) for name in found)


def test_an_organization_before_a_program_is_not_in_its_name():
    found = programs("重庆某某服装有限公司就业帮扶车间正式投产。")
    assert not any("有限公司" in name for name in found)


def test_a_noun_phrase_that_goes_on_after_the_head_is_no_program():
    # 救助 is a head, but 儿童救助保护 continues the phrase; 易地扶贫搬迁 is no 易地扶贫
    assert not any(name.endswith("救助") for name in programs("强化儿童救助保护，完善残疾人福利。"))
    assert "安置区易地扶贫" not in programs("安置区易地扶贫搬迁群众就近就业。")


def test_a_served_group_written_before_a_service_is_not_in_its_name():
    found = programs("全县共完成农村劳动力转移就业技能培训1.2万人。")
    assert not any(name.startswith("农村劳动力") for name in found)


def test_generic_descriptions_make_no_program():
    found = programs("不断加强民生保障，制定具体的实施方案，完善利益联结机制。")
    assert "民生保障" not in found
    assert "实施方案" not in found
    assert not any(name.endswith("保障") for name in found)


def test_the_kind_after_a_list_is_no_program():
    found = programs("举办“就业援助周”“返乡招聘日”等公共就业服务活动。")
    assert "公共就业服务活动" not in found
    assert "“就业援助周”" in found and "“返乡招聘日”" in found


def test_quoted_words_counted_by_the_head_are_one_program():
    found = programs("坚决打赢“治水”“治气”“治土”三大攻坚战。")
    assert "“治水”“治气”“治土”三大攻坚战" in found
    assert "“治水”" not in found


def test_a_quote_that_modifies_a_group_or_a_thing_is_no_program():
    found = programs("为“三留守”人员、“爱心”车队和返乡青年提供服务。")
    assert "“三留守”" not in found
    assert "“爱心”" not in found


def test_quoted_list_members_joined_by_he_are_programs():
    found = programs("通过“上门送岗”“夜市招聘”和“直播带岗”等方式促进就业。")
    assert {"“上门送岗”", "“夜市招聘”", "“直播带岗”"} <= set(found)


def test_single_quotes_inside_a_quotation_name_programs():
    found = programs("他说：“我们推行‘县管校聘’‘集团办学’改革，成效明显。”")
    assert "‘县管校聘’" in found


def test_a_quoted_procedure_after_an_implementing_verb_is_no_office():
    # 办 is an office suffix (县扶贫办), but 推行“…一次办” names a procedure
    assert "“就业登记一次办”" in programs("全面推行“就业登记一次办”。")


@pytest.mark.parametrize("text,title", [
    ("市政府印发了《关于进一步做好农民工服务保障工作的通知》，要求各地落实。",
     "《关于进一步做好农民工服务保障工作的通知》"),
    ("两县签订《东西部协作医疗帮扶框架协议》。", "《东西部协作医疗帮扶框架协议》"),
])
def test_an_issued_or_signed_title_is_a_program(text, title):
    assert programs(text).get(title) == 0.8


def test_a_title_that_is_read_is_no_program():
    assert not any(n.startswith("《") for n in programs("孩子们在书屋里阅读《乡村振兴读本》。"))


def test_canonical_program_drops_the_level_of_its_units():
    assert canonical_program("省级就业扶贫基地") == "就业扶贫基地"
    assert canonical_program("县级智慧养老服务平台") == "智慧养老服务平台"
    assert canonical_program("省级区域医疗中心") == "省级区域医疗中心"  # no program head: left alone


def test_canonical_program_strips_title_marks():
    assert canonical_program("《关于加强困难群众救助工作的意见》") == "关于加强困难群众救助工作的意见"
