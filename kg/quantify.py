"""Stage 6, quantify: attach the number a relation's sentence states to the relation.

Counts go on employs/benefits (people, households), implements/funds/participatesIn (units of
a program, written with its name); amounts (yuan) on funds. Forecasts, targets, caps, ranges and
per-head rates carry no number, nor do numbers inside names or money saved or sold (GUIDELINES,
conventions 9 and 10). Relations that kg/funds.py reads come with their quantity already.
"""

from __future__ import annotations

import re

from .numbers import Found, find_quantities
from .types import Document, Quantity

NOT_DONE = ("预计", "目标", "还将", "将", "计划", "力争", "争取", "每月", "每人", "每年", "每户", "不高于", "不超过",
            "最高", "不等", "至", "以内", "以下")
#: words that make a whole clause a plan or target (预计发放…, 力争到2025年…)
PLAN_WORDS = ("预计", "计划", "力争", "争取", "目标", "还将", "将于", "将要")
RANGE_AFTER = ("至", "到", "-", "—", "~", "～", "不等", "以内", "以下", "以上的")
CLAUSE_MARKS = "，,；;。！？!?"
APPROX = "近约超逾达共累计"
INDEFINITE = {"一批", "一家", "一个", "一位", "一名", "一户", "一人", "一项", "一件", "一场", "一期", "一次", "一种",
              "一座", "一所", "一间", "一张", "一村"}
#: predicates whose count is of the program's own units, written with the program's name
UNIT_COUNTED = {"implements", "participatesIn"}
COUNT_UNITS = {
    "employs": {"人", "户", "人次"},
    "benefits": {"人", "户", "人次"},
    "implements": {"家", "个", "趟", "所", "项", "件", "期", "场", "批", "座", "户", "处", "款", "人次"},
    "participatesIn": {"家", "个"},
    "funds": {"人", "户", "人次", "家", "个"},
}


def is_not_done(sentence: str, f: Found) -> bool:
    """Is this number a plan, target, cap, range or per-head rate (no count or amount for it)?"""
    before = sentence[max(0, f.start - 6):f.start]
    after = sentence[f.end:f.end + 3]
    clause = sentence[max(sentence.rfind(c, 0, f.start) for c in CLAUSE_MARKS) + 1:f.start]
    return any(w in before for w in NOT_DONE) or after.lstrip("*＊ ").startswith(RANGE_AFTER) \
        or any(w in clause for w in PLAN_WORDS)


def quantify(doc: Document) -> Document:
    """Give each relation the fitting number stated with its object, unless it is a plan or rate."""
    by_text = {sent.text: sent for sent in doc.sentences}
    for rel in doc.relations:
        if rel.quantity is not None or rel.predicate not in COUNT_UNITS or rel.coord > 0:
            continue
        if rel.object[0] == "Person" and rel.predicate in ("employs", "benefits"):
            continue  # one named person has no count
        sent = by_text.get(rel.sentence)
        spans = [(m.start, m.end) for m in sent.mentions] if sent is not None else []
        obj = [(m.start, m.end) for m in sent.mentions if m.key == rel.object] if sent is not None else []
        rel.quantity = pick(rel.sentence, rel.predicate, rel.object[1], obj_spans=obj, names=spans)
        if rel.predicate == "funds" and rel.object[0] in ("Enterprise", "Institution", "Government"):
            rel.quantity = _amount_only(rel.quantity)  # an organization's people are counted on employs
    return doc


def _amount_only(q: Quantity | None) -> Quantity | None:
    if q is None or q.amount is None:
        return None
    return Quantity(text=q.text.split("、")[-1], amount=q.amount)


def _clause(sentence: str, pos: int) -> tuple[int, int]:
    start = max(sentence.rfind(c, 0, pos) for c in CLAUSE_MARKS) + 1
    ends = [i for i in (sentence.find(c, pos) for c in CLAUSE_MARKS) if i >= 0]
    return start, min(ends) if ends else len(sentence)


def closes_phrase(sentence: str, end: int) -> bool:
    """Does a count close its phrase (车间31家，; 完成114个村), or count a noun after it (3个案例)?"""
    nxt = sentence[end:].lstrip("*＊ ")
    return not nxt or not re.match(r"[\u4e00-\u9fff]", nxt) or nxt[0] in "村镇乡"


def _attached(sentence: str, f: Found, span: tuple[int, int]) -> bool:
    """Is a program's count written with it: 扶贫车间349个, “双师课堂”班105个, 16件重点民生实事?"""
    if f.start >= span[1]:
        gap = sentence[span[1]:f.start]
        return len(gap) <= 3 and not re.search(r"[，,；;。：:、\d]", gap) and closes_phrase(sentence, f.end)
    if f.end <= span[0]:
        gap = sentence[f.end:span[0]]
        return len(gap) <= 2 and not re.search(r"[，,；;。：:、\d]", gap)
    return False


def _heads(sentence: str, f: Found, obj_name: str) -> bool:
    """Is the count written before the program's head (定制20趟专列 for 返岗专列)?"""
    name = obj_name.strip("“”\"")
    nxt = sentence[f.end:f.end + 6]
    return any(len(name) - k >= 2 and nxt.startswith(name[k:]) for k in range(len(name) - 1))


def pick(sentence: str, predicate: str, obj_name: str, obj_spans: list[tuple[int, int]] | None = None,
         names: list[tuple[int, int]] | None = None) -> Quantity | None:
    """The number a sentence states for a relation to ``obj_name`` (written at ``obj_spans``).

    Numbers inside a name (中央八项规定, 千名医务人员…行动) and the indefinite 一 (一批, 一家) are no
    counts. A program's count (implements, participatesIn) is written with the program; people
    (employs, benefits) are counted nearest the group, in its clause first; an amount is the
    money paid nearest the object. Plans, caps, ranges, rates and jobs offered give nothing.
    """
    found = [f for f in find_quantities(sentence)
             if not any(a <= f.start < b or a < f.end <= b for a, b in names or [])
             and not (f.kind == "count" and f.text.lstrip(APPROX) in INDEFINITE)]
    if not found:
        return None
    spans = list(obj_spans or [])
    if not spans:
        pos = sentence.find(obj_name)
        if pos >= 0:
            spans = [(pos, pos + len(obj_name))]
    span = spans[0] if spans else None
    clause = _clause(sentence, span[0]) if span else (0, len(sentence))

    def order(f: Found) -> tuple:
        if span is None:
            return (0, f.start)
        outside = not (clause[0] <= f.start < clause[1])
        return (outside, min(abs(f.start - span[1]), abs(span[0] - f.end)))

    amount = None
    count = None
    for f in sorted(found, key=order):
        if is_not_done(sentence, f):
            continue
        if f.kind == "amount" and predicate == "funds" and amount is None:
            if re.search(r"节约|节省|减免|销售|采购|营业|产值|收入|贷款余额", sentence[max(0, f.start - 10):f.start]):
                continue  # money saved, waived, sold or earned is not paid out (convention 10)
            if span is not None and not (clause[0] <= f.start < clause[1]):
                a_clause = _clause(sentence, f.start)
                if any(a_clause[0] <= a < a_clause[1] and (a, b) not in spans for a, b in names or []):
                    continue  # 给予建设补贴，全年发放稳岗补贴86.5万元: that money is the other name's
            amount = f
        elif f.kind == "count" and f.unit in COUNT_UNITS[predicate] and count is None:
            if "岗位" in sentence[f.end:f.end + 4]:
                continue  # jobs offered are not people employed
            if span is not None and not (clause[0] <= f.start < clause[1]) and predicate not in UNIT_COUNTED:
                c_clause = _clause(sentence, f.start)
                if any(c_clause[0] <= a < c_clause[1] and (a, b) not in spans for a, b in names or []):
                    continue  # 医院门诊量达到8.6万人次，让农牧民…: that figure is the other name's
            if predicate in UNIT_COUNTED and not any(_attached(sentence, f, s) for s in spans) \
                    and not _heads(sentence, f, obj_name):
                continue  # a program's units are counted where the program is named
            count = f
    if amount is None and count is None:
        return None
    q = Quantity(text=(amount or count).text)
    if amount is not None:
        q.amount = amount.value.quantize(1) if amount.value == amount.value.to_integral() else amount.value
    if count is not None:
        q.count = int(count.value)
        q.unit = count.unit
        if amount is not None:
            q.text = f"{count.text}、{amount.text}"
    return q
