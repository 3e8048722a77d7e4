"""Stage 6, quantify: attach the number a relation's sentence states to the relation.

Counts go on employs/benefits (people, households), implements/funds/participatesIn (units of
a program); amounts (yuan) on funds. Forecasts, targets and per-head rates carry no number
(GUIDELINES, conventions 9 and 10).
"""

from __future__ import annotations

from .numbers import Found, find_quantities
from .types import Document, Quantity

NOT_DONE = ("预计", "目标", "还将", "将", "计划", "力争", "争取", "每月", "每人", "每年", "每户", "不高于", "不超过",
            "最高", "不等", "至", "以内", "以下")
RANGE_AFTER = ("至", "到", "-", "—", "~", "～", "不等", "以内", "以下")
COUNT_UNITS = {
    "employs": {"人", "户", "人次"},
    "benefits": {"人", "户", "人次"},
    "implements": {"家", "个", "趟", "所", "项", "件", "期", "场", "批", "座"},
    "participatesIn": {"家", "个"},
    "funds": {"人", "户", "人次", "家", "个"},
}


def is_not_done(sentence: str, f: Found) -> bool:
    """Is this number a plan, target, cap, range or per-head rate (no count or amount for it)?"""
    before = sentence[max(0, f.start - 6):f.start]
    after = sentence[f.end:f.end + 3]
    return any(w in before for w in NOT_DONE) or after.lstrip("*＊ ").startswith(RANGE_AFTER)


def quantify(doc: Document) -> Document:
    """Give each relation the first fitting number of its clause, unless the number is a plan or rate."""
    for rel in doc.relations:
        if rel.quantity is not None or rel.predicate not in COUNT_UNITS or rel.coord > 0:
            continue
        if rel.object[0] == "Person" and rel.predicate in ("employs", "benefits"):
            continue  # one named person has no count
        rel.quantity = pick(rel.sentence, rel.predicate, rel.object[1])
    return doc


def pick(sentence: str, predicate: str, obj_name: str) -> Quantity | None:
    found = find_quantities(sentence)
    if not found:
        return None
    pos = sentence.find(obj_name)
    amount = None
    count = None
    for f in sorted(found, key=lambda f: abs(f.start - pos) if pos >= 0 else f.start):
        before = sentence[max(0, f.start - 6):f.start]
        after = sentence[f.end:f.end + 2]
        if any(w in before for w in NOT_DONE) or after.startswith(("至", "到", "-", "—")):
            continue
        if f.kind == "amount" and predicate == "funds" and amount is None:
            amount = f
        elif f.kind == "count" and f.unit in COUNT_UNITS[predicate] and count is None:
            if "岗位" in sentence[f.end:f.end + 4]:
                continue  # jobs offered are not people employed
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
