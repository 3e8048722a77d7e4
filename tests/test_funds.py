"""funds relations and the quantities on relations (GUIDELINES conventions 9 and 10).

Made-up sentences in the style of county reports; each test names the behaviour it protects.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.funds import money_noun, money_program
from kg.pipeline import extract
from kg.quantify import pick
from kg.types import Document, Relation


def _run(text: str) -> Document:
    return extract(Document(id="t", text=text))


def _rel(doc: Document, predicate: str, obj: str, subj: str | None = None) -> Relation | None:
    for r in doc.relations:
        if r.predicate == predicate and r.object[1] == obj and (subj is None or r.subject[1] == subj):
            return r
    return None


# ------------------------------------------------------------------------- name readers
@pytest.mark.parametrize(("phrase", "name"), [
    ("全年发放高龄津贴", "高龄津贴"),
    ("累计发放残疾人两项补贴", "残疾人两项补贴"),
    ("2021年临时救助", "临时救助"),
    ("，困难群众救助金", "困难群众救助金"),
])
def test_a_payment_program_is_the_name_after_the_verb_or_time_words(phrase, name):
    found = money_program(phrase)
    assert found is not None and found[0] == name


@pytest.mark.parametrize("phrase", ["发放各类补贴", "落实相关补助", "兑现补贴", "发放资金", "全年累计发放了"])
def test_a_generic_or_bare_money_word_names_no_program(phrase):
    assert money_program(phrase) is None


def test_a_money_noun_keeps_its_stem_unless_generic():
    assert money_noun("发放救助资金") == "救助"
    assert money_noun("发放各类生活保障金") == ""
    assert money_noun("发放高龄津贴") is None


# ------------------------------------------------------------------------- funds patterns
@pytest.fixture(scope="module")
def county_report() -> Document:
    return _run(
        "石门县：民生保障更加有力\n"
        "石门县坚持兜牢民生底线。"
        "全年发放高龄津贴12345人次、234.5万元，发放残疾人护理补贴8000人次、96.3万元。"
        "全年临时救助2100人次，发放救助资金512.6万元。"
        "累计发放困难群众救助金5.1万人次3800万元。"
        "医疗救助3.2万人次。"
        "为420名重度残疾人发放托养补贴88.2万元。"
    )


def test_a_program_named_with_its_money_is_funded_by_the_item_government(county_report):
    r = _rel(county_report, "funds", "高龄津贴")
    assert r is not None and r.subject == ("Government", "石门县人民政府")
    assert r.quantity.amount == Decimal(2345000)
    assert r.quantity.count == 12345 and r.quantity.unit == "人次"
    r2 = _rel(county_report, "funds", "残疾人护理补贴")
    assert r2 is not None and r2.quantity.amount == Decimal(963000)


def test_figures_without_separator_split_into_count_and_amount(county_report):
    r = _rel(county_report, "funds", "困难群众救助金")
    assert r is not None
    assert r.quantity.count == 51000 and r.quantity.amount == Decimal(38_000_000)


def test_a_generic_money_noun_pays_the_program_stated_before_it(county_report):
    r = _rel(county_report, "funds", "临时救助")
    assert r is not None and r.quantity.amount == Decimal(5126000)
    assert _rel(county_report, "implements", "临时救助", "石门县人民政府") is None or \
        _rel(county_report, "implements", "临时救助", "石门县人民政府").confidence < 0.3


def test_a_program_stated_with_a_count_only_is_implemented_with_that_count(county_report):
    r = _rel(county_report, "implements", "医疗救助", "石门县人民政府")
    assert r is not None and r.confidence >= 0.3
    assert r.quantity.count == 32000 and r.quantity.unit == "人次"
    assert _rel(county_report, "funds", "医疗救助") is None


def test_for_whom_a_program_is_paid_the_program_benefits_them_with_their_count(county_report):
    r = _rel(county_report, "benefits", "重度残疾人", "托养补贴")
    assert r is not None and r.quantity.count == 420
    f = _rel(county_report, "funds", "重度残疾人")
    assert f is not None and f.quantity.amount == Decimal(882000)
    assert _rel(county_report, "funds", "托养补贴") is None  # the money goes to the people


def test_a_subsidy_promised_to_a_program_funds_it_without_the_cap():
    doc = _run("石门县：就业帮扶车间\n石门县出台政策，对新认定的就业帮扶车间，给予不超过20万元的一次性建设补贴。")
    r = _rel(doc, "funds", "就业帮扶车间", "石门县人民政府")
    assert r is not None
    assert r.quantity is None


def test_the_department_heading_the_sentence_pays():
    doc = _run("石门县：民政\n石门县民政局全年发放孤儿基本生活费312人次、45.6万元。")
    r = _rel(doc, "funds", "孤儿基本生活费")
    assert r is not None and r.subject == ("Government", "石门县民政局")


def test_planned_payments_carry_no_amount():
    doc = _run("石门县：民生\n预计发放高龄津贴300万元。")
    for r in doc.relations:
        if r.predicate == "funds":
            assert r.quantity is None or r.quantity.amount is None


# ------------------------------------------------------------------------- quantities
def test_a_number_inside_a_name_is_no_count():
    q = pick("县委认真落实中央八项规定精神", "implements", "中央八项规定", obj_spans=[(6, 12)], names=[(0, 2), (6, 12)])
    assert q is None


def test_the_indefinite_one_is_no_count():
    assert pick("持续实施一批重点民生实事", "implements", "重点民生实事", obj_spans=[(6, 12)]) is None


def test_a_programs_units_are_counted_where_it_is_named():
    s = "全市累计建立扶贫车间349个，吸纳就业1.14万人"
    q = pick(s, "implements", "扶贫车间", obj_spans=[(6, 10)])
    assert q is not None and q.count == 349 and q.unit == "个"
    s2 = "县里定制20趟专列，送务工人员返岗"
    q2 = pick(s2, "implements", "返岗专列", obj_spans=[])
    assert q2 is not None and q2.count == 20 and q2.unit == "趟"


def test_a_count_elsewhere_in_the_sentence_is_not_the_programs():
    s = "全市大力实施惠老阳光工程，建成11个县级失能照护机构"
    assert pick(s, "implements", "惠老阳光工程", obj_spans=[(6, 12)]) is None
    s2 = "市县一体化办学3个案例入选全省名单"
    assert pick(s2, "implements", "市县一体化办学", obj_spans=[(0, 7)]) is None


def test_people_are_counted_nearest_the_group_first_stated():
    s = "公司吸纳周边群众890人稳定就业，其中脱贫人口437人"
    q = pick(s, "employs", "群众", obj_spans=[(6, 8)])
    assert q is not None and q.count == 890
    q2 = pick(s, "employs", "脱贫人口", obj_spans=[(19, 23)])
    assert q2 is not None and q2.count == 437


def test_money_saved_or_sold_is_not_paid_out():
    assert pick("为低收入人群节约费用11万余元", "funds", "低收入人群", obj_spans=[(1, 6)]) is None
    assert pick("合作社年销售额达200万元", "funds", "合作社", obj_spans=[(0, 3)]) is None


def test_ranges_and_per_head_rates_carry_no_number():
    assert pick("给予车间2至10万元不等的奖补", "funds", "车间", obj_spans=[(2, 4)]) is None
    assert pick("为脱贫户每户发放500元补贴", "funds", "脱贫户", obj_spans=[(1, 4)]) is None


# ------------------------------------------------------------------------- properties
FAST = settings(max_examples=150, deadline=None)
_AMOUNT_UNITS = st.sampled_from([("元", 1), ("万元", 10_000), ("亿元", 100_000_000)])


@FAST
@given(st.integers(1, 99_999), st.integers(1, 10**6), _AMOUNT_UNITS,
       st.sampled_from(["高龄津贴", "残疾人护理补贴", "困难群众救助金", "城乡低保金"]),
       st.sampled_from(["、", "", "，共"]), st.sampled_from(["万人次", "人次", "户"]))
def test_a_programs_figures_read_as_count_and_amount_in_yuan(n, hundredths, unit, name, sep, cunit):
    """Any 'NAME n人次、m万元' line: one run, the count as written, the amount in yuan."""
    from kg.funds import _runs

    money = Decimal(hundredths).scaleb(-2)
    text = f"全年发放{name}{n}{cunit}{sep}{money}{unit[0]}。"
    runs = _runs(text)
    kinds = [[f.kind for f in r] for r in runs]
    assert ["count", "amount"] in kinds or (sep == "，共" and kinds == [["count"], ["amount"]])
    amount = next(f for r in runs for f in r if f.kind == "amount")
    count = next(f for r in runs for f in r if f.kind == "count")
    assert amount.value == money * unit[1]
    assert count.value == n * (10_000 if cunit == "万人次" else 1)
    assert money_program(text[:text.index(str(n))]) == (name, next(
        h for h in ("救助金", "低保金", "津贴", "补贴") if name.endswith(h)))


@FAST
@given(st.integers(2, 99_999), st.sampled_from(["人", "户", "人次"]),
       st.sampled_from(["预计", "计划", "力争", "每户", "每人", "不超过", "最高"]))
def test_plans_caps_and_rates_never_carry_a_number(n, unit, word):
    # a plan word heads the clause; a rate or cap stands just before the number
    s = f"县里{word}为脱贫群众发放补贴{n}{unit}" if word in ("预计", "计划", "力争") else \
        f"县里为脱贫群众发放补贴{word}{n}{unit}"
    assert pick(s, "benefits", "脱贫群众", obj_spans=[(s.index("脱贫群众"), s.index("脱贫群众") + 4)]) is None


@FAST
@given(st.integers(2, 9_999), st.sampled_from(["家", "个", "所", "处", "趟"]),
       st.text(alphabet="行动计划工程车间基地", min_size=2, max_size=6))
def test_a_number_inside_the_object_name_is_never_its_count(n, unit, stem):
    name = f"{n}{unit}{stem}"
    s = f"全县实施{name}，成效明显"
    span = (4, 4 + len(name))
    assert pick(s, "implements", name, obj_spans=[span], names=[span]) is None


def test_a_works_program_stated_with_its_units_is_implemented_with_the_count():
    doc = _run("石门县：民生实事\n石门县着力补齐短板。"
               "农村危房改造4321户；建设农村饮水安全工程120余处；农村公路改造完成56个村。培训劳动力3000人。")
    for name, n in (("农村危房改造", 4321), ("农村饮水安全工程", 120), ("农村公路改造", 56)):
        r = _rel(doc, "implements", name, "石门县人民政府")
        assert r is not None and r.quantity is not None and r.quantity.count == n, name
    assert not any(r.object[1].endswith("培训") for r in doc.relations if r.predicate == "implements"
                   and r.pattern.startswith("money:"))  # people trained are no program units


def test_each_body_heading_a_share_of_a_total_funds_the_whole_with_its_share():
    from extraction_helpers import run

    doc = run("今年，岚皋县在官元镇建成富硒茶叶产业示范园。园区总投资5200万元，其中县农业农村局整合涉农资金3000万元，"
              "陕西茗岚茶业有限公司投入配套加工厂建设资金1500万元，其余由群众自筹。")
    got = {(r.subject[1], r.predicate, r.object[1]): r.quantity for r in doc.relations}
    q = got.get(("岚皋县农业农村局", "funds", "富硒茶叶产业示范园"))
    assert q is not None and q.amount == 30_000_000
    q = got.get(("陕西茗岚茶业有限公司", "funds", "富硒茶叶产业示范园"))
    assert q is not None and q.amount == 15_000_000
    assert not any(s == "陕西茗岚茶业有限公司" and p == "funds" and o != "富硒茶叶产业示范园" for s, p, o in got)


def test_money_a_village_sets_aside_funds_what_it_sets_up_or_buys_into():
    from extraction_helpers import run

    doc = run("去年，柳树村村委会从集体经济收益中拿出40万元，入股岚皋县富硒魔芋专业合作社。"
              "村委会还用其中12万元设置了保洁、护路等公益性岗位20个。")
    got = {(r.subject[1], r.predicate, r.object[1]): r.quantity for r in doc.relations}
    q = got.get(("柳树村村民委员会", "funds", "岚皋县富硒魔芋专业合作社"))
    assert q is not None and q.amount == 400_000
    q = got.get(("柳树村村民委员会", "funds", "公益性岗位"))  # 村委会 is the village's named before
    assert q is not None and q.amount == 120_000


def test_money_received_from_a_named_giver_is_funded_by_it():
    from extraction_helpers import run

    doc = run("在城关镇，岷县陇中牧业有限公司的牛舍里存栏肉牛3000余头。今年3月，该公司获得岷县农商银行发放的流动资金贷款2000万元。")
    got = {(r.subject[1], r.predicate, r.object[1]): r.quantity for r in doc.relations}
    q = got.get(("岷县农商银行", "funds", "岷县陇中牧业有限公司"))
    assert q is not None and q.amount == 20_000_000


def test_a_co_funder_between_the_payer_and_the_works_funds_them_too_and_the_paying_company_takes_part():
    from extraction_helpers import triples_of

    got = triples_of("黔丰集团投入600万元，剑河县人民政府配套150万元，在岑松镇建起2000平方米的帮扶车间。")
    assert ("黔丰集团", "funds", "帮扶车间") in got
    assert ("剑河县人民政府", "funds", "帮扶车间") in got
    assert ("黔丰集团", "participatesIn", "帮扶车间") in got
