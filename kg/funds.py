"""Money paid out: ``funds`` relations read from payment phrases, with their amounts.

Report prose states payments in a few fixed shapes that the trigger rules (subject, trigger,
object) do not reach, because the payer is a zero subject and the program is named by the money:

- a payment program named with its figures: 发放重度护理补贴59111人次、459.791万元, 特困供养金29.9万人次
  8885.4万元 → the payer funds the program (amount, and the count stated with it); a program named
  with a count only (医疗救助12.2万人次) is one the payer carries out → implements with the count, and
  so is a works program named with its units (农村危房改造13188户, 农村电网改造完成114个村);
- a generic money noun after a program's figures: 临时救助6300人次，发放救助资金1715.8万元 → the
  money is that program's;
- 为 X 发放 PROGRAM N元: the program named after the verb benefits X (count of X);
- 对 X …(落实|给予)…奖补/补贴: the payer funds X (a cap or a range gives no amount).

The payer is an organization heading the clause, else the government a section speaks for, else
the item's government (the zero subject of a county report). Amounts obey conventions 9 and 10
(GUIDELINES): none for caps, ranges, plans or per-head rates.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .lexicon import words
from .numbers import Found, find_quantities
from .quantify import closes_phrase, is_not_done
from .types import ORGANIZATION, Document, Entity, Mention, Quantity, Relation, Sentence

ORG = set(ORGANIZATION)
#: what may stand between a name and its figures, or between two figures of one run
_RUN_GAP = re.compile(r"^[\s*＊、，,和及]*$")
#: words that end the phrase before a payment program's name (the verb, time, 累计 ...)
_LEAD = re.compile(r"^.*(发放了?|兑现|拨付|下达|落实|支付|发给|用于|累计|全年|年内|当年|今年|去年|共计|共|其中|"
                   r"\d+年|\d+月|以来|完成|实现|办理|实施|开展|建设|新建|建成)(?=.)")
PEOPLE_UNITS = {"人", "户", "人次"}
_VERB_BEFORE = re.compile(r"建|设|开|办|实施|开展|推进|推行|打造|落实|组织|启动|成立|引进|认定")


@lru_cache(maxsize=1)
def _program_heads() -> tuple[str, ...]:
    return words("money_program_heads.txt")


@lru_cache(maxsize=1)
def _money_nouns() -> tuple[str, ...]:
    return words("money_nouns.txt")


@lru_cache(maxsize=1)
def _generic_modifiers() -> frozenset[str]:
    return frozenset(words("money_generic_modifiers.txt"))


def _runs(sentence: str) -> list[list[Found]]:
    """Figures written one after another (59111人次、459.791万元; 29.9万人次8885.4万元)."""
    runs: list[list[Found]] = []
    for f in find_quantities(sentence):
        if runs and _RUN_GAP.match(sentence[runs[-1][-1].end:f.start]) and len(runs[-1]) < 3:
            runs[-1].append(f)
        else:
            runs.append([f])
    return runs


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "，,；;：:。！？!?") + 1


@lru_cache(maxsize=1)
def _count_heads() -> tuple[str, ...]:
    return words("count_program_heads.txt")


def money_program(phrase: str, heads: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """The payment program a phrase ends with, and its head: 全年发放重度护理补贴 → (重度护理补贴, 补贴).

    The name is what follows the last verb, time or 累计 word; it needs a head of its own
    (``money_program_heads.txt``) and a modifier that is not generic (各类补贴 names nothing).
    """
    m = re.search(r"[\u4e00-\u9fff·“”0-9]+$", phrase)
    if m is None:
        return None
    name = m.group(0)
    lead = _LEAD.match(name)
    if lead:
        name = name[lead.end():]
    name = name.strip("“”")
    head = next((h for h in (heads or _program_heads()) if name.endswith(h)), None)
    if head is None:
        return None
    modifier = name[: -len(head)]
    if len(modifier) < 2 or modifier in _generic_modifiers() or modifier[:2] in _generic_modifiers():
        return None
    return name, head


def money_noun(phrase: str) -> str | None:
    """The stem of a generic money noun a phrase ends with: 发放救助资金 → 救助, 各类生活保障金 → ''."""
    for noun in _money_nouns():
        if phrase.endswith(noun):
            stem = re.search(r"[\u4e00-\u9fff]{0,4}$", phrase[: -len(noun)]).group(0)
            stem = _LEAD.sub("", stem) if _LEAD.match(stem) else stem
            return "" if stem in _generic_modifiers() or stem[:2] in _generic_modifiers() else stem
    return None


def _quantity(run: list[Found], with_count: bool = True) -> Quantity | None:
    amount = next((f for f in run if f.kind == "amount"), None)
    count = next((f for f in run if f.kind == "count" and f.unit in PEOPLE_UNITS), None) if with_count else None
    if amount is None and count is None:
        return None
    parts = [f.text for f in run if f is amount or f is count]
    q = Quantity(text="、".join(parts))
    if amount is not None:
        q.amount = amount.value.quantize(1) if amount.value == amount.value.to_integral_value() else amount.value
    if count is not None:
        q.count = int(count.value)
        q.unit = count.unit
    return q


def _count(f: Found) -> Quantity:
    return Quantity(text=f.text, count=int(f.value), unit=f.unit)


def _payer(doc: Document, sent: Sentence, pos: int, actors: dict[int, Mention]) -> tuple[Mention | None, str]:
    """Who pays: an organization heading the clause or the sentence, the section's government, the item's."""
    from .relate import _anaphor, _item_government

    c_start = _clause_start(sent.text, pos)
    ms = sorted(sent.mentions, key=lambda m: m.start)
    in_clause = [m for m in ms if m.cls in ORG and c_start <= m.start and m.end <= pos
                 and not re.search(r"为[^，。；]*$", sent.text[c_start:m.start])]
    if in_clause:
        return in_clause[-1], "clause-agent"
    head = next((m for m in ms if m.cls in ORG and m.start <= 12 and m.end <= pos), None)
    if head is not None and not re.search(r"为[^，。；]*$", sent.text[:head.start]):
        return head, "sentence-agent"
    ana = _anaphor(doc, sent, pos, ORG)
    if ana is not None:
        return ana, "anaphor"  # 这家企业累计投入帮扶资金2.36亿元: the company named before
    if sent.index in actors:
        return actors[sent.index], "actor"
    return _item_government(doc, sent, create=True), "item-government"


def _program_mention(doc: Document, sent: Sentence, name: str, start: int) -> Mention:
    """The mention of a payment program found by its name (reusing an entity of the same name,
    also one written without the trailing 金: 城乡低保金 = 城乡低保)."""
    for cand in (name, name.removesuffix("金"), name.removesuffix("资金")):
        key = ("Program", cand)
        if key in doc.entities:
            return Mention(name, start, start + len(name), "Program", source="money", name=cand, confidence=0.8)
    doc.entities[("Program", name)] = Entity(name=name, cls="Program", docs={doc.id})
    return Mention(name, start, start + len(name), "Program", source="money", name=name, confidence=0.8)


def _full_program(doc: Document, sent: Sentence, m: Mention) -> Mention:
    """A short program name stands for the longer one of its item that ends with it (帮扶车间 →
    就业帮扶车间 named before)."""
    if m.cls != "Program":
        return m
    short = m.name or m.text
    for s in reversed(doc.sentences[: sent.index + 1]):
        if s.item != sent.item:
            break
        for o in s.mentions:
            full = o.name or o.text
            if o.cls == "Program" and full != short and full.endswith(short):
                return Mention(m.text, m.start, m.end, "Program", source=m.source, name=full,
                               confidence=max(m.confidence, o.confidence))
    return m


def _rel(doc: Document, s: Mention, p: str, o: Mention, sent: Sentence, conf: float, pattern: str,
         q: Quantity | None) -> Relation | None:
    from .relate import _rel as make

    r = make(doc, s, p, o, sent, conf, pattern)
    if r is not None and q is not None:
        r.quantity = q
    return r


def funds_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Payments stated by their figures (see the module's docstring)."""
    from .relate import _actors

    out: list[Relation] = []
    actors = _actors(doc)

    def emit(*args) -> None:
        r = _rel(doc, *args)
        if r is not None:
            out.append(r)

    for sent in doc.sentences:
        text = sent.text
        ms = sorted(sent.mentions, key=lambda m: m.start)
        last_program: tuple[Mention, bool] | None = None  # the program stated last and whether it was paid
        pending: dict[tuple[str, str], tuple[Mention, Mention, str, Quantity | None]] = {}  # count only, so far
        for run in _runs(text):
            first = run[0]
            before = text[:first.start].rstrip("*＊ ")
            c_start = _clause_start(text, first.start)
            if is_not_done(text, first):
                continue
            # 1. a program mention written just before its figures (医疗救助12.2万人次, 城乡低保金98.8万人次…)
            prog = next((m for m in ms if m.cls == "Program" and c_start <= m.start and m.end <= first.start
                         and re.fullmatch(r"[\s*＊]*(资金|金)?[\s*＊]*", text[m.end:first.start])), None)
            if prog is None:
                found_name = money_program(before)
                works = re.match(r"^(.*?)(完成|建成|实施)?$", before)
                if found_name is None and first.kind == "count" and first.unit not in ("人", "人次"):
                    found_name = money_program(works.group(1), _count_heads())  # 农村危房改造13188户
                    before = works.group(1)
                if found_name is not None:
                    prog = _program_mention(doc, sent, found_name[0], len(before) - len(found_name[0]))
            if prog is not None:
                paid = any(f.kind == "amount" for f in run)
                for_whom = re.search(r"为([^，。；]{1,25}?)(发放|兑现|拨付|发)[^，。；]*$", text[c_start:prog.start])
                if for_whom:  # 为695名失能人员发放照料护理补贴169.65万元: the payer funds the people
                    xs = [m for m in ms if m.cls in ("BeneficiaryGroup", "Person")
                          and c_start + for_whom.start(1) <= m.start and m.end <= c_start + for_whom.end(1)]
                    for x in xs[:1]:
                        counts = [f for f in find_quantities(text[c_start:x.start]) if f.unit in PEOPLE_UNITS]
                        q = _count(counts[-1]) if counts else None
                        emit(prog, "benefits", x, sent, 0.6, "money:为…发放", q)
                    last_program = (prog, True)
                    continue
                payer, how = _payer(doc, sent, prog.start, actors)
                if payer is None:
                    continue
                if paid:
                    emit(payer, "funds", prog, sent, 0.6, f"money:program-figures:{how}", _quantity(run))
                    pending.pop(prog.key, None)
                elif run[0].kind == "count" and run[0].unit != "人" and (
                        prog.source == "money" or not _VERB_BEFORE.search(text[c_start:prog.start])):
                    # 医疗救助12.2万人次, 棚户区改造2929户: a program heading a report line with its count;
                    # people (培训3.43万人) are the ones it benefits, and a program after a verb (联建…100家)
                    # is the trigger rules' and quantify's; 3个案例 counts another noun
                    q = _count(run[0]) if closes_phrase(text, run[0].end) else None
                    pending.setdefault(prog.key, (payer, prog, how, q))
                last_program = (prog, paid)
                continue
            # 2. a generic money noun: the money of the program stated just before in the sentence
            stem = money_noun(before)
            if stem is not None and last_program is not None and not last_program[1] \
                    and (not stem or stem in (last_program[0].name or last_program[0].text)):
                prog = last_program[0]
                payer, how = _payer(doc, sent, prog.start, actors)
                q = _quantity(run, with_count=False)
                if payer is not None and q is not None:
                    emit(payer, "funds", prog, sent, 0.55, f"money:program-money:{how}", q)
                    last_program = (prog, True)
                    pending.pop(prog.key, None)
        # a program stated with a count only, and no money, is one the payer carries out
        for payer, prog, how, q in pending.values():
            emit(payer, "implements", prog, sent, 0.55, f"money:program-count:{how}", q)
        # 3. 对 X …落实/给予…奖补: the payer funds X
        for mt in re.finditer(r"对([^，。；]{1,25}?)[，,]?(落实|给予|发放|兑现|安排|提供)([^，。；]{0,25}?)"
                              r"(奖补|补贴|补助|奖励|资金)", text):
            xs = [m for m in ms if m.cls in ({"Program", "BeneficiaryGroup", "Person", "Place"} | ORG)
                  and mt.start(1) <= m.start and m.end <= mt.end(1)]
            if not xs:
                continue
            payer, how = _payer(doc, sent, mt.start(), actors)
            if payer is None:
                continue
            money = [f for f in find_quantities(text[:mt.end()]) if f.kind == "amount" and f.start >= mt.start(3)
                     and not is_not_done(text, f)]
            q = _quantity(money) if money else None
            emit(payer, "funds", _full_program(doc, sent, xs[-1]), sent, 0.6, f"money:对…奖补:{how}", q)
        # 4. 用其中18万元设置了…公益性岗位, 拿出50万元，入股X合作社: the spender funds what the money sets up
        for mt in SPEND.finditer(text):
            end = mt.end() + len(re.split(r"[，,。；;]", text[mt.end():], maxsplit=1)[0])
            what = next((m for m in ms if m.cls in SPENT_ON and mt.end() <= m.start and m.end <= end), None)
            payer, how = _payer(doc, sent, mt.start(), actors)
            q = _amount(text, mt.start("amt"), mt.end("amt"))
            if what is not None and payer is not None and q is not None:
                emit(payer, "funds", _full_program(doc, sent, what), sent, 0.6, f"money:spent-on:{how}", q)
        # 5. X获得Y发放的贷款3000万元: Y funds X (the subject of the clause), with the amount
        for mt in GAINED.finditer(text):
            giver = next((m for m in ms if m.cls in ORG and mt.start("y") <= m.start and m.end <= mt.end("y")), None)
            taker, how = _payer(doc, sent, mt.start(), actors)
            q = _amount(text, mt.start("amt"), mt.end("amt"))
            if giver is not None and taker is not None and q is not None:
                emit(giver, "funds", taker, sent, 0.6, f"money:获得:{how}", q)
        for share in _split_total(doc, sent, ms):
            # the share's purpose (配套电网建设改造资金) is spent on the whole: not a body or program of its own
            for rels in (out, found):
                rels[:] = [f for f in rels if not (f.subject == share.subject and f.predicate == "funds"
                                                   and f.sentence == text and f.object != share.object)]
            out.append(share)
    return out


#: money received from a named giver (获得农行张家川支行发放的流动资金贷款3000万元)
GAINED = re.compile(r"(?:获得|得到|获)(?P<y>[^，。；]{2,30}?)(?:发放|提供|给予|拨付|奖励|投放)的?[^，。；]{0,12}?"
                    r"(?P<amt>[0-9０-９.]+(?:万|亿)?元)")
#: money a body sets aside and what it sets up with it (the verb right after the amount)
SPEND = re.compile(r"(?:用|拿出|利用|安排|统筹)(?:其中|了)?的?(?P<amt>[0-9０-９.]+(?:万|亿)?元)[^，。；]{0,4}?[，,]?"
                   r"(?:专门|主要)?(?:用于)?(?:设置|开发|建设|新建|建成|建起|入股|购买|购置|设立)了?")
SPENT_ON = {"Program", "Enterprise", "Institution"}
#: 电站总投资3.9亿元，其中…: a total, then the shares of it clause by clause
SPLIT_TOTAL = re.compile(r"(总投资|总投入|计划投资|共投入|累计投入|共筹集|筹集资金|整合资金|共计投入)(约|近|超过?|达)?"
                         r"[0-9０-９.]+(万|亿|千万)?元(?:[^，。；]{0,8})[，,]其中[，,]?")
#: what the funder of a share may be preceded by in its clause
_SHARE_LEAD = re.compile(r"^(由|是|为|来自|包括|[，,\s])*$")


def _split_total(doc: Document, sent: Sentence, ms: list[Mention]) -> list[Relation]:
    """X总投资3.9亿元，其中县财政局…2.4亿元，…，国网…公司投入…6400万元: each organization that
    heads a share's clause funds X with its share."""
    from .relate import _anaphor

    mt = SPLIT_TOTAL.search(sent.text)
    if mt is None:
        return []
    text = sent.text
    target = next((m for m in reversed(ms) if m.cls in ("Program", "Enterprise", "Institution")
                   and m.end <= mt.start() and _clause_start(text, mt.start()) <= m.start), None)
    if target is None:
        target = _anaphor(doc, sent, mt.start(), {"Program"})
    if target is None:
        return []
    out: list[Relation] = []
    pos = mt.end()
    for piece in re.split(r"([，,；;])", text[mt.end():]):
        start, pos = pos, pos + len(piece)
        if piece in "，,；;" or not piece:
            continue
        payer = next((m for m in ms if m.cls in ORG and start <= m.start < pos
                      and _SHARE_LEAD.match(text[start:m.start])), None)
        q = _amount(text, start, pos)
        if payer is None or q is None or payer.key == target.key:
            continue
        r = _rel(doc, payer, "funds", target, sent, 0.6, "money:share-of-total", q)
        if r is not None:
            out.append(r)
    return out


def _amount(text: str, start: int, end: int) -> Quantity | None:
    """The first sum of money written in text[start:end] that was paid (not planned), as a quantity."""
    money = [replace(f, start=f.start + start, end=f.end + start) for f in find_quantities(text[start:end])
             if f.kind == "amount"]
    if not money or is_not_done(text, money[0]):
        return None
    return Quantity(text=money[0].text, amount=money[0].value)
