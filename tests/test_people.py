"""Persons, brand-name enterprises, and the leads / founded / employs relations of persons.

Made-up sentences in the style of county news (GUIDELINES conventions 8, 11, 14); each test names
the behaviour it protects.
"""

from __future__ import annotations

from extraction_helpers import names as _names
from extraction_helpers import rels as _rels
from extraction_helpers import run as _run

from kg.recognise import _cued_persons, _person_at, _surname_len
from kg.types import Document, Sentence, Token


def test_family_names_single_and_compound():
    assert _surname_len("王小明") == 1
    assert _surname_len("欧阳红") == 2
    assert _surname_len("的确") == 0


def _sent(*words: tuple[str, str]) -> Sentence:
    """A sentence segmented as given (to reproduce the segmenter's mistakes exactly)."""
    toks, pos = [], 0
    for w, tag in words:
        toks.append(Token(w, tag, pos))
        pos += len(w)
    return Sentence(text="".join(w for w, _ in words), start=0, index=0, tokens=toks)


def test_a_name_that_swallowed_an_abb_adverb_is_cut_back():
    s = _sent(("张大勇乐", "PER"), ("呵呵", "xc"), ("地", "u"), ("说", "v"))
    assert _person_at(s, 0).text == "张大勇"


def test_a_name_whose_last_character_went_to_an_abb_adverb_is_completed():
    s = _sent(("李秀", "PER"), ("芳笑眯眯", "a"), ("地", "u"), ("说", "v"))
    assert _person_at(s, 0).text == "李秀芳"


def test_a_family_name_cut_off_after_a_person_cue_is_joined_to_the_name():
    s = _sent(("搬迁户", "n"), ("向", "p"), ("小梅", "PER"), ("说", "v"))
    assert _person_at(s, 2).text == "向小梅"


def test_a_preposition_before_a_name_without_a_cue_stays_out():
    s = _sent(("他", "r"), ("向", "p"), ("小梅", "PER"), ("说", "v"))
    assert _person_at(s, 2).text == "小梅"


def test_a_name_glued_to_its_cue_is_found():
    s = _sent(("应届", "a"), ("毕业生孙晓雯", "n"), ("成功", "ad"), ("就业", "v"))
    assert [m.text for m in _cued_persons(s)] == ["孙晓雯"]


def test_a_name_cut_into_pieces_before_a_verb_of_saying_is_found():
    s = _sent(("脱贫户", "v"), ("任", "v"), ("二梅", "m"), ("告诉", "v"), ("笔者", "n"))
    assert [m.text for m in _cued_persons(s)] == ["任二梅"]


def test_a_conjunction_after_a_cue_is_no_family_name():
    s = _sent(("老人", "n"), ("和", "c"), ("小孩", "n"), ("说", "v"))
    assert _cued_persons(s) == []


def test_family_name_and_kinship_word_is_a_person():
    s = _sent(("78岁", "m"), ("的", "u"), ("李婆婆", "n"), ("说", "v"))
    assert [m.text for m in _cued_persons(s)] == ["李婆婆"]


def test_brands_listed_before_a_kind_of_enterprise_are_enterprises():
    doc = _run("近年来，平江县引进华为、腾讯、阿里巴巴等互联网企业12家，带动800余名青年就业。")
    ents = _names(doc, "Enterprise")
    assert {"华为", "腾讯", "阿里巴巴"} <= ents


def test_a_list_of_plain_nouns_before_a_kind_of_enterprise_is_not_enterprises():
    doc = _run("全县培育服装、电子、食品等加工企业30家，吸纳村民就业。")
    assert not ({"服装", "电子", "食品"} & _names(doc, "Enterprise"))


def test_a_named_workplace_before_shang_ban_is_the_employer_of_the_person():
    doc = _run("平江县三市镇新桥村脱贫户李秋菊告诉笔者，她参加了免费家政培训，学成后到长沙万家丽广场上班，月工资4000元。")
    assert "李秋菊" in _names(doc, "Person")
    assert "长沙万家丽广场" in _names(doc, "Enterprise")
    assert ("长沙万家丽广场", "李秋菊") in _rels(doc, "employs")


def test_a_place_before_shang_ban_is_no_enterprise():
    doc = _run("村民王大山告诉记者，他去年到浙江宁波上班，今年回乡创业。")
    assert not ({"浙江宁波", "宁波"} & _names(doc, "Enterprise"))


def test_a_worker_in_a_workshop_story_is_employed_by_the_company_that_runs_it():
    doc = _run(
        "平江县山湾农业开发有限公司就业帮扶车间里一派繁忙。"
        "56岁的脱贫户刘桂英正在包装茶叶，她在车间务工已有三年，每月工资2500元。"
    )
    assert ("平江县山湾农业开发有限公司", "刘桂英") in _rels(doc, "employs")


def test_someone_elses_work_does_not_make_the_child_a_worker():
    doc = _run("村里的“扶贫车间”建起来以后，孩子的母亲回到车间打工，学生张小雨变得开朗了。")
    assert not any(o == "张小雨" for _s, o in _rels(doc, "employs"))


def test_a_head_of_the_company_leads_it_and_is_not_its_worker():
    doc = _run(
        "平江县山湾农业开发有限公司吸纳了周边村民30人就业。"
        "“我们的工人大多是留守妇女。”公司负责人赵明华介绍。"
    )
    assert ("赵明华", "平江县山湾农业开发有限公司") in _rels(doc, "leads")
    assert ("平江县山湾农业开发有限公司", "赵明华") not in _rels(doc, "employs")


def test_a_head_of_an_office_inside_a_school_does_not_lead_the_school():
    doc = _run("“孩子们的成绩提高了很多。”平江县第一中学教务主任黄志强说。")
    assert not _rels(doc, "leads")


def test_a_title_of_another_body_after_a_deputy_title_does_not_lead_the_first():
    doc = _run("省政协副主席、岳阳市委书记李国明说，就业是最大的民生。")
    leads = _rels(doc, "leads")
    assert not any("政治协商会议" in o or "政协" in o for _s, o in leads)
    assert ("李国明", "中共岳阳市委员会") in leads


def test_a_beneficiary_named_after_a_cue_is_helped_by_the_program_of_the_sentence():
    doc = _run("“春风行动”招聘会上，应届毕业生陈晓燕找到了满意的工作。")
    assert ("春风行动", "陈晓燕") in _rels(doc, "benefits")


def test_a_relative_of_the_one_helped_is_not_helped():
    doc = _run("村民周大福6岁的孙子就在村幼儿园读书，还能享受营养改善计划补贴。")
    assert not any(o == "周大福" for _s, o in _rels(doc, "benefits"))


def test_a_person_quoted_without_a_cue_is_not_annotated():
    doc = _run("“这是一件大好事。”王建国说，“春风行动”招聘会办得很好。")
    assert "王建国" not in _names(doc, "Person")


def test_a_name_cut_short_by_the_segmenter_is_completed_from_its_full_form():
    doc = _run(
        "平江县三市镇新桥村脱贫户吴宗才穿上工作服，每天一大早就来到村街忙活。"
        "吴宗才的妻子常年患病，在公益性岗位上班让他有了稳定收入。"
    )
    people = _names(doc, "Person")
    assert "吴宗" not in people
    assert ("公益性岗位", "吴宗才") in _rels(doc, "employs")


def test_a_reporter_is_not_a_person_entity():
    doc = _run("本报记者 王光明 通讯员 李小红\n平江县人社局为脱贫户发放就业补贴100万元。")
    assert not ({"王光明", "李小红"} & _names(doc, "Person"))


def test_a_studio_named_after_a_person_is_led_by_that_person():
    from kg.relate import _studio_heads
    from kg.types import Mention

    s = Sentence(text="县中医院挂牌劳模李春生创新工作室。", start=0, index=0)
    s.mentions = [Mention("劳模李春生创新工作室", 6, 16, "Program", source="head")]
    doc = Document(id="t", text=s.text, sentences=[s])
    assert {(r.subject[1], r.object[1]) for r in _studio_heads(doc)} == {("李春生", "劳模李春生创新工作室")}


def test_a_counted_kind_of_school_is_no_named_body():
    from kg.recognise import recognise_sentence

    counted = _sent(("创建", "v"), ("平安示范", "ORG"), ("学校", "n"), ("21所", "m"), ("。", "w"))
    named = _sent(("创建", "v"), ("平安示范", "ORG"), ("学校", "n"), ("。", "w"))
    assert not [m for m in recognise_sentence(counted) if m.cls == "Institution"]
    assert [m.text for m in recognise_sentence(named) if m.cls == "Institution"] == ["平安示范学校"]
