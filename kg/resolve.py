"""Stage 4, resolve: canonical names, the right class, and one entity per thing in a document.

- Places take their official division name from the gazetteer (巫山 → 巫山县, 山东 → 山东省).
- Each news item gets a place context (its main county, city, province), used to qualify bare
  bodies: 县民政局 → 巫山县民政局, 县委 → 中共巫山县委员会, 民政局 → 巫山县民政局.
- Abbreviations are expanded from ``gov_abbreviations.tsv`` (人社局 → 人力资源和社会保障局).
- A place acting as an agent (怀化市出台…, 我县…) becomes its government (怀化市人民政府).
- Short forms resolve to the full name used in the same document (福益美公司 → 巫山县福益美…有限公司).
- Beneficiary groups take their plain name (当地群众 → 群众; GUIDELINES conventions 5).
Every surface form is kept as an alias.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .gazetteer import gazetteer
from .lexicon import table, words
from .types import Document, Entity, Mention, NewsItem, Sentence

LEVEL_CHAR = {"省": 0, "市": 1, "州": 1, "县": 2, "区": 2, "镇": 3, "乡": 3}
QUOTE_CHARS = "“”‘’\"'《》「」『』"
PROGRAM_TRAIL = ("相关政策", "工作", "活动", "项目", "资金", "建设项目")
SELF_REFERENCES = {
    "我县": 2, "全县": 2, "该县": 2, "县里": 2, "本县": 2,
    "我市": 1, "全市": 1, "该市": 1, "市里": 1, "本市": 1,
    "我区": 2, "全区": 2, "该区": 2,
    "我省": 0, "全省": 0, "该省": 0,
    "我州": 1, "全州": 1, "该州": 1,
}


@lru_cache(maxsize=1)
def _acting_verbs() -> tuple[str, ...]:
    return words("acting_verbs.txt")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[str, str], ...]:
    rows = [(r[0], r[1]) for r in table("gov_abbreviations.tsv") if len(r) >= 2 and r[0] != r[1]]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _group_rules() -> tuple[list[str], list[str], dict[str, str]]:
    pre, suf, syn = [], [], {}
    for row in table("group_normalise.tsv"):
        if row[0] == "prefix":
            pre.append(row[1])
        elif row[0] == "suffix":
            suf.append(row[1])
        elif row[0] == "synonym" and len(row) >= 3:
            syn[row[1]] = row[2]
    pre.sort(key=len, reverse=True)
    return pre, suf, syn


# ---------------------------------------------------------------------------------- places
def place_info(name: str, context: list[int] | None = None) -> tuple[str, int | None]:
    """Official name and division index of a place name (the text itself when unknown)."""
    gaz = gazetteer()
    idx = gaz.best(name, context)
    if idx is None:
        return name, None
    return gaz.divisions[idx].name, idx


PLACE_END = re.compile(r"(省|市|县|区|旗|镇|乡|街道|村|社区|屯|寨|组|安置区|安置点|搬迁点|园区|产业园|开发区|新区)$")


def _innermost_place(text: str, ctx: list[int] | None) -> str:
    if gazetteer().by_name.get(text):
        return text  # 新晃侗族自治县 is one name (not 新晃 + 侗族自治县)
    rest = text
    for _ in range(4):
        pp = place_prefix(rest, ctx)
        if pp is None or not pp[1] or not PLACE_END.search(pp[1]) or len(pp[1]) < 2:
            break
        rest = pp[1]
    return rest


STREET = re.compile(r"(?:东|西|南|北|中)?(?:路|大道|大街|街(?!道)|巷|胡同)")


def place_prefix(name: str, context: list[int] | None = None) -> tuple[str, str, int] | None:
    """Split a leading division name off an organization name: (written prefix, rest, index).

    Tries the longest prefix first; prefers full names (巫山县…) over short forms (巫山…), and
    a short form only when a proper name follows (not 重庆 in 重庆市…).
    """
    gaz = gazetteer()
    # full names run to 15 characters (积石山保安族东乡族撒拉族自治县): the whole one, not its 积石山
    for k in range(min(len(name) - 1, 20), 1, -1):
        pre = name[:k]
        if STREET.match(name, k):
            continue  # 辽宁路街道, 北京东路: a street named after a place is no division of it
        cands = [i for i in gaz.by_name.get(pre, ()) if gaz.divisions[i].level <= 3]
        if not cands and k <= 4 and not re.match(r"[\u4e00-\u9fff]?(村|镇|乡|社区|街道|县|市|区|州|旗|盟)", name[k:]):
            # a short form, unless a level word follows it or one character and a level word
            # (石门村 and 石门沟村 are villages, not 石门县's 村 or 沟村)
            cands = [i for i in gaz.by_short.get(pre, ())]
        if not cands and k <= 5 and pre[-1] in "县市区旗州盟":
            cands = gaz.lookup(pre, max_level=2)  # 石柱县 for 石柱土家族自治县
        if not cands:
            continue
        idx = gaz.best(pre, context, max_level=3)
        if idx is None:
            continue
        return pre, name[k:], idx
    return None


#: lengths of division names tried, longest first (积石山保安族东乡族撒拉族自治县 has 15 characters)
NAME_LENGTHS = tuple(range(15, 1, -1))


def item_context(doc: Document, item: NewsItem) -> list[int]:
    """The item's places by weight: county first, then city, then province (division indices)."""
    gaz = gazetteer()
    counts: Counter = Counter()
    texts = [s for s in doc.sentences if s.item == item.index]
    if item.title:  # a division named in the headline (full name, or a short form leading it: 巫山：…)
        title = item.title
        for k in range(len(title) - 1):
            for n in NAME_LENGTHS:
                cand = title[k:k + n]
                ids = [i for i in gaz.by_name.get(cand, ()) if gaz.divisions[i].level <= 2] if n >= 3 else []
                if not ids and 3 <= n <= 5 and len(cand) == n and cand[-1] in "县市区旗州盟":
                    ids = gaz.lookup(cand, max_level=2)
                if not ids and (k == 0 or gaz.by_short.get(cand) and gaz.divisions[gaz.by_short[cand][0]].level <= 1):
                    ids = [i for i in gaz.by_short.get(cand, ()) if gaz.divisions[i].level <= 2]
                if not ids and n >= 3 and cand.endswith(("镇", "乡")):
                    towns = gaz.by_name.get(cand, ())  # 宁夏闽宁镇：… — the town's county is what the item is about
                    if len(towns) == 1:
                        ids = [p for p in gaz.parents(towns[0]) if gaz.divisions[p].level == 2][:1]
                if len(ids) == 1:
                    counts[ids[0]] += 3
                    break
    county_voice = 0  # 我县, 县民政局 …: the item is written from a county
    full_names = 0
    city_voice = 0  # 全市, 市委 …: from a city (a city's report may name a county body in passing)
    for sent in texts:
        county_voice += len(re.findall(r"我县|全县|本县|该县|县里|县委|县政府|县[\u4e00-\u9fff]{1,6}(局|委|院|馆|中心)",
                                       sent.text))
        city_voice += len(re.findall(r"我市|全市|本市|该市|市里|市委|市政府", sent.text))
        text = sent.text
        bounds = ({t.start for t in sent.tokens}, {t.end for t in sent.tokens}) if sent.tokens else None
        k = 0
        while k < len(text) - 1:  # every division name written in the item (longest first)
            hit = None
            for n in NAME_LENGTHS:
                cand = text[k:k + n]
                if len(cand) < n:
                    continue
                weight = 1.0
                ids = [i for i in gaz.by_name.get(cand, ()) if gaz.divisions[i].level <= 2] if n >= 3 else []
                if not ids and 3 <= n <= 5 and cand[-1] in "县市区旗州盟" and (not bounds or k in bounds[0]):
                    ids = gaz.lookup(cand, max_level=2)  # 紫云县 for 紫云苗族布依族自治县
                full_names += len(ids) == 1
                if not ids and n <= 3 and (not bounds or (k in bounds[0] and k + n in bounds[1])):
                    # a short form only as a word of its own (搬迁安置 holds no 迁安)
                    ids = [i for i in gaz.by_short.get(cand, ()) if gaz.divisions[i].level <= 2
                           and not re.search(r"园区|开发区|示范区|新区|管理区", gaz.divisions[i].name)]
                    weight = 1.0 if ids and gaz.divisions[ids[0]].level <= 1 else 0.6
                if len(ids) == 1:
                    hit = (ids[0], n, weight)
                    break
            if hit:
                counts[hit[0]] += hit[2]
                k += hit[1]
            else:
                k += 1
    if city_voice > 2 * county_voice:
        county_voice = 0
    # credit towns to their county, counties to their city
    weighted: Counter = Counter()
    for idx, n in counts.items():
        weighted[idx] += n
        for p in gaz.parents(idx):
            weighted[p] += n * 0.5
    if not weighted:
        return []
    # one passing short form (怀化的经验) does not make an item about a place; a full name may
    floor = 0.5 if county_voice else (1.0 if full_names else 2.0)
    ranked = [i for i, w in weighted.most_common() if gaz.divisions[i].level <= 2 and w >= floor]
    if not ranked:
        return []
    top = ranked[0]
    if county_voice and gaz.divisions[top].level < 2:
        counties = [i for i in ranked if gaz.divisions[i].level == 2]
        if counties:
            top = counties[0]
    # a city under the top province (甘肃定西：…), then a county under the top city, written often
    # enough, is the more specific context
    if gaz.divisions[top].level == 0:  # against the province's own mentions, not what its cities lend it
        under = [i for i in ranked if top in gaz.parents(i) and gaz.divisions[i].level == 1]
        if under and weighted[under[0]] >= 0.6 * counts[top]:
            top = under[0]
        else:  # 宁夏闽宁镇：… a county written as often as the province (which many names begin with)
            counties = [i for i in ranked if top in gaz.parents(i) and gaz.divisions[i].level == 2]
            if counties and weighted[counties[0]] >= 0.6 * counts[top]:
                top = counties[0]
    if gaz.divisions[top].level < 2:
        under = [i for i in ranked if top in gaz.parents(i) and gaz.divisions[i].level == 2]
        if under and weighted[under[0]] >= 0.6 * weighted[top]:
            top = under[0]
    ordered = [top] + gaz.parents(top)
    return ordered


def _context_place(ctx: list[int], level: int) -> str | None:
    gaz = gazetteer()
    for i in ctx:
        d = gaz.divisions[i]
        if d.level == level or (level == 1 and d.level == 0 and d.name in ("北京市", "上海市", "天津市", "重庆市")):
            return d.name
    return None


# ---------------------------------------------------------------------------------- orgs
def expand_abbreviation(name: str) -> str:
    for abbr, full in _abbreviations():
        if name.endswith(abbr):
            return name[: -len(abbr)] + full
    return name


#: the head words of a unit a body sends to serve a place (驻雾岚村工作队, 驻慈溪劳务工作站)
TEAM_HEADS = r"(?:工作队|工作组|劳务工作站|工作站|联络站)"
#: a team a body sent (省林草局 + 驻雾岚村工作队)
TEAM_SPLIT = re.compile(r"^(.{2,30}?)((?:派驻|驻)[\u4e00-\u9fff]{2,14}" + TEAM_HEADS + ")$")
PARTY_ORGANS = re.compile(r"^委(组织部|宣传部|统战部|统一战线工作部|政法委员会|政法委|办公室)$")
CENTRAL = ("中共中央", "党中央", "中央")


@lru_cache(maxsize=1)
def _departments() -> dict[str, tuple[str, str, str]]:
    """Department stems written in lists (人社, 发改 …) → (class, local body, provincial body)."""
    return {r[0]: (r[1], r[2], r[3]) for r in table("gov_departments.tsv") if len(r) >= 4}


@lru_cache(maxsize=1)
def _place_abbreviations() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in table("place_abbreviations.tsv") if len(r) >= 2)


ZONE = re.compile(r"^(经济技术开发区|高新技术产业开发区|经开区|高新区)")


def expand_zone(rest: str) -> tuple[str, str] | None:
    """经开区党工委 → (经济技术开发区, 党工委): a development zone written after its city."""
    m = ZONE.match(rest)
    if m is None:
        return None
    zone = dict(_place_abbreviations()).get(m.group(1), m.group(1))
    return zone, rest[m.end():]


def department_body(text: str) -> tuple[str, str, str] | None:
    """县人社部门 / 人社 → (level character or "", class, body stem): a department by its short name."""
    core = re.sub(r"(等)?(有关|相关|职能)?(部门|单位)$", "", text)
    level = ""
    if core[:1] in "省市县区" and core[1:] in _departments():
        level, core = core[0], core[1:]
    dep = _departments().get(core)
    if dep is None:
        return None
    return level, dep[0], core


#: the heads of a village's or community's own bodies
VILLAGE_BODIES = ("党支部", "党总支", "党委", "村委会", "居委会", "村民委员会", "居民委员会")
#: a village's or community's own body, written with the place (柳树村村民委员会, 福兴社区党支部)
VILLAGE_BODY = re.compile(r"(.{2,8}?(?:村|社区))(?:" + "|".join(sorted(VILLAGE_BODIES, key=len, reverse=True)) + ")")
#: a body of the village the news is about, written without its name (村党支部, 社区居委会, 村委会)
BARE_VILLAGE_BODY = re.compile(r"(?:村|社区)(?:" + "|".join(VILLAGE_BODIES) + ")|村委会|居委会")


def _village_body(doc: Document, sent: Sentence, m: Mention) -> str:
    """村党支部 / 村委会 in a story about 火卖村: that village's body (the village or community named
    last before it in the item, within a few sentences), else the text form (GUIDELINES conventions 3)."""
    if m.text in ("村委会", "居委会"):
        level, body = ("村", "村民委员会") if m.text == "村委会" else ("社区", "居民委员会")
    else:
        level = "村" if m.text.startswith("村") else "社区"
        body = {"村委会": "村民委员会", "居委会": "居民委员会"}.get(m.text[len(level):], m.text[len(level):])
    for s in reversed(doc.sentences[max(0, sent.index - 6): sent.index + 1]):
        if s.item != sent.item:
            continue
        for k in sorted(s.mentions, key=lambda k: -k.start):
            name = k.name or k.text
            if s is sent and k.end > m.start:
                continue
            if k.cls == "Place" and name.endswith(level) and len(name) > len(level) + 1:
                return name + body
            own = VILLAGE_BODY.fullmatch(name) if k.cls == "Government" else None
            if own is not None and own.group(1).endswith(level):  # 柳树村村委会…村委会还: that village's
                return own.group(1) + body
    return expand_abbreviation(m.text)


def _qualify(place: str, level: int | None, rest: str) -> str:
    """The official name of a body ``rest`` of the division ``place``."""
    if rest in ("委", "党委"):
        return f"中共{place}委员会"
    if rest in ("工委", "党工委"):
        return f"中共{place}工作委员会"
    m = PARTY_ORGANS.match(rest)
    if m:
        organ = expand_abbreviation(m.group(1))
        return f"中共{place}委{organ}"
    if rest in ("政府", "人民政府"):
        return f"{place}人民政府"
    if rest == "政协":
        return f"中国人民政治协商会议{place}委员会"
    if rest == "人大":
        return f"{place}人民代表大会"
    if rest == "人大常委会":
        return f"{place}人民代表大会常务委员会"
    if rest == "团委":
        return f"共青团{place}委员会"
    dep = _departments().get(rest)
    if dep is not None:  # 人社 → 人力资源和社会保障局 (厅 in a province)
        rest = dep[2] if level == 0 else dep[1]
    elif level == 0 and rest.endswith("局"):
        for _c, local, prov in _departments().values():
            if rest == local:
                rest = prov
                break
    return place + rest


def canonical_government(text: str, ctx: list[int]) -> str:
    """Official form of a government body's name in the item's place context.

    ``ctx`` holds only divisions the article names (GUIDELINES conventions 3): without one, a
    body written with a level character (市委, 县民政局) keeps its text form.
    """
    if text in CENTRAL:
        return "中共中央"
    team = TEAM_SPLIT.match(text)
    if team is not None:  # 省林草局驻雾岚村工作队: the sender in its official form, the rest as written
        return canonical_government(team.group(1), ctx) + team.group(2)
    dep = department_body(text)
    name = (dep[0] + dep[2]) if dep else expand_abbreviation(text)
    gaz = gazetteer()
    auto = re.match(r"^自治(区|州)(?=.{2,})", name)
    if auto:  # 自治区农业农村厅 in an article about 广西: the region's body
        place = _context_place(ctx, 0 if auto.group(1) == "区" else 1)
        return _qualify(place, 0 if auto.group(1) == "区" else 1, name[3:]) if place else name
    if name[:1] in LEVEL_CHAR and len(name) > 1 and not name.startswith(("市场", "区域", "县域", "乡村", "镇村")):
        level = LEVEL_CHAR[name[0]]
        place = _context_place(ctx, level)
        if place is None:
            return text  # no place in the item: the text form stays (conventions 3)
        return _qualify(place, level, name[1:])
    pp = place_prefix(name, ctx)
    if pp is not None and pp[1]:
        place, rest, level = gaz.divisions[pp[2]].name, pp[1], gaz.divisions[pp[2]].level
        zone = expand_zone(rest)
        if zone is not None and zone[1]:  # 湘潭经开区党工委: the zone is the place
            return _qualify(pp[0] + zone[0], None, zone[1])
        return _qualify(place, level, rest)
    if name in _bare_bodies() or dep:
        for lv in (2, 1):
            place = _context_place(ctx, lv)
            if place is not None:
                return _qualify(place, lv, name)
        return text if dep else name
    return name


@lru_cache(maxsize=1)
def _bare_bodies() -> frozenset[str]:
    deps = {d[1] for d in _departments().values()} | {d[2] for d in _departments().values()}
    return frozenset(words("gov_bodies.txt")) | frozenset(full for _a, full in _abbreviations()) | deps


@lru_cache(maxsize=1)
def _inst_abbreviations() -> tuple[tuple[str, str], ...]:
    rows = [(r[0], r[1]) for r in table("institution_abbreviations.tsv") if len(r) >= 2 and r[0] != r[1]]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


BRANCH_TAIL = re.compile(r"(分校|分院|分公司|分中心|分会|院区)$")


@lru_cache(maxsize=1)
def _institution_bodies() -> frozenset[str]:
    return frozenset(words("institution_bodies.txt"))


def expand_institution(text: str) -> str:
    """职教中心 → 职业教育中心 at the end of a name, or before a branch (重庆电大巫山分校)."""
    for abbr, full in _inst_abbreviations():
        if text.endswith(abbr):
            return text[: -len(abbr)] + full
    m = BRANCH_TAIL.search(text)
    if m:  # 重庆电大 + 巫山 + 分校: the parent's abbreviation, then the branch's place
        for abbr, full in _inst_abbreviations():
            k = text.find(abbr)
            if k > 0 and 2 <= m.start() - (k + len(abbr)) <= 4:
                return text[:k] + full + text[k + len(abbr):]
    return text


def canonical_institution(text: str, ctx: list[int]) -> str:
    """县人民医院 → 巫山县人民医院 (a level character standing for the item's place); a bare
    public institution of a county (妇女儿童医院, 疾控中心) is the item's county's."""
    text = expand_institution(text)
    if text[:1] in ("县", "市") and len(text) > 2 and not text.startswith(("县城", "县域", "市场", "市民")):
        place = _context_place(ctx, LEVEL_CHAR[text[0]])
        if place:
            return place + text[1:]
    elif text in _institution_bodies():
        place = _context_place(ctx, 2) or _context_place(ctx, 1)
        if place:
            return place + text
    return text


# ---------------------------------------------------------------------------------- groups
#: a native-place qualifier (布拖籍, 都安籍)
ORIGIN = re.compile(r"^[\u4e00-\u9fff]{1,6}?籍")


def normalise_group(text: str) -> str:
    pre, suf, syn = _group_rules()
    name = text
    changed = True
    while changed:
        changed = False
        for p in pre:
            if name.startswith(p) and len(name) > len(p) + 1:
                name = name[len(p):]
                changed = True
    origin = ORIGIN.match(name)
    if origin is not None and len(name) - origin.end() >= 2:
        name = name[origin.end():]  # 布拖籍务工人员: where the people come from locates them (conventions 5)
    for s in suf:
        if name.endswith(s) and len(name) > len(s) + 1:
            name = name[: -len(s)]
    for a, b in syn.items():
        if name.endswith(a) and len(name) > len(a):
            name = name[: -len(a)] + b
    return name


# ---------------------------------------------------------------------------------- programs
def canonical_program(text: str) -> str:
    name = text.strip()
    m = re.match(r"^“([^“”]{2,30})”(.+)$", name)
    if m and _ends_with_program_head(m.group(1)) and not m.group(2).endswith(("模式", "机制")):
        # (“光伏+公益岗位”模式 keeps its kind: the scheme is the model, not the posts)
        name = m.group(1)  # “春风行动”招聘会: the quoted name is already a whole program
    if len(name) >= 2 and name[0] in "“「『‘\"" and name[-1] in "”」』’\"" and not any(
        c in QUOTE_CHARS for c in name[1:-1]
    ):
        name = name[1:-1]
    for trail in PROGRAM_TRAIL:
        if name.endswith(trail) and len(name) - len(trail) >= 3:
            name = name[: -len(trail)]
            break
    titled = name.startswith("《") and name.endswith("》")
    if titled:
        name = name[1:-1]
        return name  # a document's title is its name, level words included (《村级…管理办法》)
    # 省级就业扶贫基地, 县级智慧养老服务平台, 县城棚户区改造: the level of the units, not another program
    level = re.match(r"^(省级|市级|县级|乡级|村级|县城|市县两级|省市县)(?=[^“”]{4,}$)", name)
    if level and _ends_with_program_head(name[level.end():]):
        name = name[level.end():]
    return name


def _ends_with_program_head(name: str) -> bool:
    from .recognise import program_head

    return program_head(name) is not None and name not in words("generic_program_heads.txt")


# ---------------------------------------------------------------------------------- main
def resolve(doc: Document) -> Document:
    """Canonical names for every mention and the document's entity table."""
    contexts = {item.index: item_context(doc, item) for item in doc.items}
    gaz = gazetteer()
    said = _named_divisions(doc)
    for item in doc.items:
        ctx = contexts[item.index]
        item.places = [gaz.divisions[i].name for i in ctx]
        item.context = list(ctx)
        item.place = item.places[0] if item.places else None
    recent_county: dict[int, tuple[int, int]] = {}  # item → (sentence index, county division)
    seen_places: list[int] = []  # divisions resolved so far, to read an ambiguous short name (龙华区) later
    for sent in doc.sentences:
        ctx = contexts.get(sent.item, [])
        _self_references(sent, ctx)
        for m in sent.mentions:  # a county named just before is the context of 县… (multi-county reports)
            if m.cls == "Place":
                rc0 = recent_county.get(sent.item)
                near = [rc0[1]] + gaz.parents(rc0[1]) + ctx if rc0 else ctx
                idx = gaz.best(re.sub(r"场镇$", "镇", m.text), near, max_level=4)
                if idx is not None and gaz.divisions[idx].level == 4 and not (rc0 and rc0[1] in gaz.parents(idx)):
                    idx = None  # a village only confirms the county named before it (福兴社区 in 绥江县)
                if idx is not None:
                    d = gaz.divisions[idx]
                    county = idx if d.level == 2 else next((p for p in gaz.parents(idx)
                                                             if gaz.divisions[p].level == 2), None)
                    if county is not None:
                        recent_county[sent.item] = (sent.index, county)
        rc = recent_county.get(sent.item)
        if rc is not None and sent.index - rc[0] <= 2 and (not ctx or rc[1] != ctx[0]):
            ctx = [rc[1]] + gaz.parents(rc[1])
        named = [i for i in ctx if said(i)]  # only a place the article names rebuilds a name
        for m in sent.mentions:
            if m.name is not None:
                continue
            if m.cls == "Place":
                text = re.sub(r"场镇$", "镇", m.text)  # 骡坪场镇: the seat of 骡坪镇
                inner = _innermost_place(text, ctx)  # 芷江岩桥镇 → 岩桥镇 (the chain gives locatedIn)
                m.name, idx = place_info(inner, ctx)
                if idx is None:  # 龙华区 (Shenzhen's or Haikou's): the places this sentence named before it
                    before = [i for k in sent.mentions if k.cls == "Place" and k.end <= m.start and k.name
                              for i in gaz.by_name.get(k.name, ())]
                    if before:
                        m.name, idx = place_info(inner, before[::-1] + ctx)
                if idx is None and seen_places:  # …the places the article resolved before (深圳市龙华区 in its lead)
                    m.name, idx = place_info(inner, seen_places[::-1] + ctx)
                if idx is not None:
                    seen_places.append(idx)
                if idx is not None and gaz.divisions[idx].level <= 2 and _acting(sent, m):
                    m.acting = True
                elif idx is not None and gaz.divisions[idx].level <= 2 and _joint_partner(sent, m):
                    m.acting = True  # 龙华区与都安县共同规划建设: the second party acts too
                elif m.name.endswith(COMMITTEE_PLACES) and len(m.name) > 3 and _acting(sent, m):
                    m.acting = True  # 福兴社区承接安置…: the community's residents' committee acts
                elif m.name.endswith("村") and len(m.name) >= 3 and VILLAGE_ACTS.match(sent.text, m.end) \
                        and _acting(sent, m):
                    m.acting = True  # 鹿鸣村用其中18万元设置了公益性岗位: the village committee acts
                elif re.search(r"..(镇|乡|街道)$", m.name) and TOWN_ACTS.match(sent.text, m.end) \
                        and _heads_clause(sent, m):
                    m.acting = True  # 明田街道先后投入资金300万元, 会川镇已将…推广: the town's government acts
                elif re.search(r"..[镇乡]$", m.name) and PARTNER_AFTER.match(sent.text, m.end):
                    m.acting = True  # 莫干山镇与竹园镇结成帮扶对子: a town that pairs is its government
            elif m.cls == "Government" and BARE_VILLAGE_BODY.fullmatch(m.text):
                m.name = _village_body(doc, sent, m)
            elif m.cls == "Government":
                m.name = canonical_government(m.text, named)
                if m.text[:1] in "镇乡" and m.name == expand_abbreviation(m.text):
                    # 同乐镇党委、镇政府: the town named just before in the sentence
                    town = None
                    for k in sorted(sent.mentions, key=lambda k: -k.start):
                        if k.end > m.start or k.cls not in ("Place", "Government"):
                            continue
                        hit = re.search(r"(?:^|[县市区州旗])([\u4e00-\u9fff]{1,4}?[镇乡])(党委|人民政府|政府)?$", k.name or k.text)
                        if hit and (k.cls == "Place" or hit.group(2)):
                            town = hit.group(1)
                            break
                    if town is not None:
                        m.name = _qualify(town, 3, expand_abbreviation(m.text)[1:])
            elif m.cls == "Institution":
                m.name = canonical_institution(m.text, named)
                if m.name == m.text:
                    gov = canonical_government(m.text, named) if m.text in _bare_bodies() else m.text
                    m.name = gov
            elif m.cls == "BeneficiaryGroup":
                m.name = normalise_group(m.text)
            elif m.cls == "Program":
                m.name = canonical_program(m.text)
            else:
                m.name = m.text
        _shared_prefix(sent, named)
    for sent in doc.sentences:  # a one-character name (镇, 县) names nothing
        sent.mentions = [m for m in sent.mentions if len((m.name or m.text).strip("“”‘’\"'《》")) >= 2]
    _bare_in_item(doc)
    _brand_mentions(doc)
    _short_forms(doc)
    _collect(doc)
    return doc


#: words between a company's brand and its legal form that a short form drops (鑫程电子科技有限公司 →
#: 鑫程电子), tried in this order from the end
COMPANY_TRAILERS = ("有限责任公司", "股份有限公司", "有限公司", "集团", "股份", "科技", "实业", "发展", "开发", "贸易",
                    "制造", "工程", "技术")
BRAND_MIN = 4  # a shorter core (福益美) is matched only through the recognisers (福益美公司)


def _brand_mentions(doc: Document) -> None:
    """涟江服饰, 鑫程电子 after 惠水县涟江服饰有限公司 / 东莞市鑫程电子科技有限公司: the brand and trade a
    company is called by, found anywhere in the text (LAC tags 涟江 a place), is that company."""
    cores: dict[str, set[str]] = {}
    for sent in doc.sentences:
        for m in sent.mentions:
            full = m.name or m.text
            if m.cls != "Enterprise" or not full.endswith(("公司", "集团")):
                continue
            pp = place_prefix(full)
            core = pp[1] if pp is not None and pp[1] else full
            forms = []
            while True:
                cut = next((t for t in COMPANY_TRAILERS if core.endswith(t) and len(core) > len(t)), None)
                if cut is None:
                    break
                core = core[: -len(cut)]
                forms.append(core)
            for f in forms:
                if len(f) >= BRAND_MIN and f != full:
                    cores.setdefault(f, set()).add(full)
    unique = {f: next(iter(fulls)) for f, fulls in cores.items() if len(fulls) == 1}
    if not unique:
        return
    pattern = re.compile("|".join(sorted(map(re.escape, unique), key=len, reverse=True)))
    for sent in doc.sentences:
        for mt in pattern.finditer(sent.text):
            clash = [m for m in sent.mentions if m.start < mt.end() and mt.start() < m.end]
            if any(not (m.cls == "Place" and mt.start() <= m.start and m.end <= mt.end()) for m in clash):
                if len(clash) == 1 and clash[0].cls == "Enterprise" and (clash[0].start, clash[0].end) == mt.span():
                    clash[0].name = unique[mt.group(0)]
                continue  # inside a longer name, or already some other mention
            sent.mentions = [m for m in sent.mentions if m not in clash]
            sent.mentions.append(Mention(mt.group(0), mt.start(), mt.end(), "Enterprise", source="brand",
                                         confidence=0.75, name=unique[mt.group(0)]))
        sent.mentions.sort(key=lambda m: m.start)


def _bare_in_item(doc: Document) -> None:
    """党工委 after 湘潭经开区党工委 in the same item: a bare body is the one named with its place."""
    by_item: dict[int, list[Mention]] = {}
    for sent in doc.sentences:
        by_item.setdefault(sent.item, []).extend(m for m in sent.mentions if m.cls in ("Government", "Institution"))
    for ms in by_item.values():
        for m in ms:
            if m.name not in (m.text, expand_abbreviation(m.text)) or _written_prefix(m.text, []) is not None:
                continue
            names = set()
            for o in ms:
                pre = o.text[: -len(m.text)]
                if o.cls == m.cls and o.text.endswith(m.text) and len(pre) >= 2 and (
                        _written_prefix(o.text, []) is not None or PLACE_END.search(pre)):
                    names.add(o.name)
            if len(names) == 1:
                m.name = names.pop()


def _named_divisions(doc: Document):
    """A test: does the article itself name this division (full or short form)?"""
    gaz = gazetteer()
    text = "\n".join([s.text for s in doc.sentences] + [i.title or "" for i in doc.items])
    seen: dict[int, bool] = {}

    def said(i: int) -> bool:
        if i not in seen:
            d = gaz.divisions[i]
            seen[i] = d.name in text or bool(d.short and len(d.short) >= 2 and d.short in text)
        return seen[i]

    return said


def _written_prefix(text: str, ctx: list[int]) -> str | None:
    """The place a body's name is written with: a level character (县…) or a division (巫山县…)."""
    if text[:1] in LEVEL_CHAR and not text.startswith(("市场", "区域", "县域", "乡村", "镇村", "县城")):
        return text[0]
    pp = place_prefix(text, ctx)
    if pp is not None and pp[1]:
        return pp[0]
    return None


def _shared_prefix(sent: Sentence, ctx: list[int]) -> None:
    """巫山县人社局、就业局 / 县中医医院、疾控中心、妇幼保健院: a place written once before a list
    of bodies is the place of each (the later ones are bare body names)."""
    ms = sorted((m for m in sent.mentions if m.cls in ("Government", "Institution")), key=lambda m: m.start)
    prefix = None
    prev = None
    for m in ms:
        gap = sent.text[prev.end:m.start] if prev is not None else None
        if prev is not None and prefix and gap in ("、", "和", "及", "与", "以及"):
            if _written_prefix(m.text, ctx) is None:
                bare = m.text
                name = None
                if m.cls == "Government" and (bare in _bare_bodies() or expand_abbreviation(bare) in _bare_bodies()):
                    name = canonical_government(prefix + bare, ctx)
                elif m.cls == "Institution" and expand_institution(bare) in _institution_bodies():
                    name = canonical_institution(prefix + bare, ctx)
                if name and (len(prefix) > 1 or name[:1] != prefix):  # 县 with no named county: as before
                    m.name = name
        else:
            prefix = _written_prefix(m.text, ctx)
        prev = m


COMMITTEE_PLACES = ("社区",)


def district_in_full(place: str, text: str) -> str:
    """A city district written with its city (深圳市龙华区 in ``text``) is named with it: district names
    repeat across cities (鼓楼区, 西湖区), so their bodies are official in full; a city the text does
    not write before the district is not added (GUIDELINES conventions 3)."""
    if not place.endswith("区") or len(place) > 8:
        return place
    gaz = gazetteer()
    cands = [i for i in gaz.by_name.get(place, ()) if gaz.divisions[i].level == 2]
    parent = gaz.divisions[cands[0]].parent if len(cands) == 1 else None
    city = gaz.divisions[parent].name if parent is not None and gaz.divisions[parent].level == 1 else ""
    return city + place if city.endswith("市") and city + place in text else place


def acting_body(place: str) -> str:
    """The body that acts for a place: 怀化市 → 怀化市人民政府, 福兴社区 → 福兴社区居民委员会."""
    if place.endswith("社区"):
        return f"{place}居民委员会"
    if place.endswith("村"):
        return f"{place}村民委员会"
    if place.endswith("街道"):
        return f"{place}办事处"
    return f"{place}人民政府"


#: a count of bodies (全县 + 46家 + 养殖合作社)
COUNTED = re.compile(r"(?:[0-9０-９]+|[一二三四五六七八九十百千万两]+)[余多]?[家个所]")


def _self_references(sent: Sentence, ctx: list[int]) -> None:
    """我县 / 全县 / 该市 … as the item's government (only when the item names that place)."""
    if not ctx:
        return
    main_level = min(gazetteer().divisions[ctx[0]].level, 2)
    for word, level in SELF_REFERENCES.items():
        if level != main_level and not (main_level == 0 and level == 1):
            continue  # 全省 in a county's report names no government of the article
        for mt in re.finditer(word, sent.text):
            clash = [m for m in sent.mentions if not (mt.end() <= m.start or mt.start() >= m.end)]
            if word[-1] == "州" and clash and all(m.cls == "Place" and m.text == word for m in clash) \
                    and (_context_place(ctx, 1) or "").endswith("州"):
                sent.mentions = [m for m in sent.mentions if m not in clash]  # 全州 in a 自治州's report
                clash = []
            if clash or word.startswith("全") and any(
                    m.cls == "BeneficiaryGroup" and m.start == mt.end() or m.cls in ("Enterprise", "Institution")
                    and COUNTED.fullmatch(sent.text, mt.end(), m.start) for m in sent.mentions):
                continue  # 为全县农村低收入人口投保, 与全县46家合作社: 全县 delimits what follows, no agent
            place = _context_place(ctx, level)
            if place is None:
                continue
            m = Mention(word, mt.start(), mt.end(), "Government", source="self", confidence=0.7,
                        name=f"{place}人民政府", acting=True)
            sent.mentions.append(m)
    sent.mentions.sort(key=lambda m: m.start)


#: what follows a party to an agreement or a pairing (奉节县与重庆市人民小学签订…, 莫干山镇与竹园镇结成帮扶对子)
PARTNER_AFTER = re.compile(r"(还|也|已|先后|共同)?(与|同|和)[^，。；]{1,30}?(签订|签署|签约|合作|共建|携手|结对|结为|结成|"
                           r"(深化|开展)[^，。；]{0,6}协作|建立[^，。；]{0,8}关系)")
#: what a village does with money or posts as a body (its committee): 用其中18万元设置, 拿出3万元, 开发岗位
VILLAGE_ACTS = re.compile(r"(还|也|已|先后|共|累计|又|再)?(用|拿出|投入|出资|入股|设置|开发|发放|筹集|成立|组建|"
                          r"与[^，。；]{1,20}(签订|签约|合作|结对))")
#: what a town or a sub-district does as a body: spend, set up, carry out, spread
TOWN_ACTS = re.compile(r"(还|也|已|先后|共|累计|又|再|积极|全面)?(用|拿出|投入|出资|入股|设置|开发|发放|筹集|成立|组建|"
                       r"将|把|推行|推广|实施|开展|出台|制定|建成|建立|打造|整合|安排|引进|组织)")
#: a date opening a clause: 自2021年, 2023年以来, 从去年起
SINCE = re.compile(r"(自|从|于)?(\d{4}年|去年|今年|前年)(\d{1,2}月)?(以来|起|来|初|底|末)?[，,]?")


def _acting(sent: Sentence, m: Mention) -> bool:
    """A place followed by a verb (after adverbs) is an agent: 怀化市出台…, 巫山县共有…."""
    if not _heads_clause(sent, m):
        return False
    return _verb_follows(sent, m)


def _heads_clause(sent: Sentence, m: Mention) -> bool:
    """Is the place at the head of its clause (dates and adverbs aside)?"""
    # only a place at the head of its clause acts (赴河南考察, 奔赴烟台务工: the place is an object)
    clause_start = max(sent.text.rfind(c, 0, m.start) for c in "，,；;：:。！？") + 1
    # places written right before it make a chain (天津市河西区与…): the innermost one acts
    chain_start = m.start
    for t in sorted(sent.tokens, key=lambda t: -t.start):
        if t.end == chain_start and t.tag in ("LOC", "ns") and t.start >= clause_start:
            chain_start = t.start
    lead = sent.text[clause_start:chain_start]
    for t in sent.tokens:
        if clause_start <= t.start < chain_start and t.tag not in ("TIME", "t", "w", "d", "c", "m", "q", "f", "ad") \
                and not SINCE.fullmatch(lead):  # 自2021年湖州市与…: a date opens the clause
            return False
    return True


#: the words of joint work (共同, 联合 …), not 共同体
JOINTLY = r"(共同|联合|携手|一道|一起)(?!体)"
#: A与B共同/联合 + verb: both parties act
JOINT_AFTER = re.compile(r"(还|也|已|先后)?(与|同|和)[\u4e00-\u9fff]{2,20}?" + JOINTLY)


def _joint_partner(sent: Sentence, m: Mention) -> bool:
    """Is the place the second party of A与B共同…, with A acting?"""
    if sent.text[m.start - 1:m.start] not in ("与", "同", "和"):
        return False
    first = next((k for k in sent.mentions if k.end == m.start - 1 and k.acting), None)
    return first is not None and re.match(JOINTLY, sent.text[m.end:m.end + 3]) is not None


def _verb_follows(sent: Sentence, m: Mention) -> bool:
    """Does a verb (after adverbs) follow the place?"""
    raw = sent.text[m.end:m.end + 12]
    rest = re.sub(r"^(还|也|已|已经|将|正|正在|积极|大力|全面|持续|不断|进一步|先后|共|累计|今年|去年|近年来|目前|仅|就|"
                  r"又|再|均|都|率先|首次|当年|同年|深入|认真|切实|扎实|着力|继续|加快|全力|努力|主动|统筹|"
                  r"[0-9]{4}年|，)+", "", raw)
    if not rest:
        return False
    if rest.startswith(_acting_verbs()):
        return True
    # an adverbial opened by a preposition before the verb: 怀化以…为载体, 奉节从…入手
    if re.match(r"(以|从|对|把|按照|围绕|通过|坚持|聚焦|紧扣|立足|依托|借助|为(?![主了何])|给|向)", rest):
        return True
    # a party to an agreement: 奉节县与重庆市人民小学签订…协议
    if PARTNER_AFTER.match(sent.text[m.end:m.end + 40]):
        return True
    # joint work: 龙华区与都安县共同规划建设…
    if JOINT_AFTER.match(sent.text, m.end):
        return True
    # LAC's verb tag right after the place (and the adverbs stripped above)
    at = m.end + len(raw) - len(rest)
    for t in sent.tokens:
        if t.start == at:
            return t.tag in ("v", "vd") and t.text not in ("是", "有", "位于", "地处", "距离", "属于")
    return False


#: words that only say where a program runs (乡村公益性岗位 = 公益性岗位 in one article)
SCOPE = re.compile(r"乡村|农村|村级|县级|市级|省级|城乡|全县|全市")


def _short_forms(doc: Document) -> None:
    """Map short names to the full name of the same class used in the document."""
    full: dict[str, set[str]] = {}
    for sent in doc.sentences:
        for m in sent.mentions:
            full.setdefault(m.cls, set()).add(m.name or m.text)
    generic = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "厂", "合作社")
    sites = {re.sub(SITE_MIDDLE, "", f): f for f in full.get("Place", ()) if re.search(SITE_MIDDLE, f)}
    for sent in doc.sentences:
        for m in sent.mentions:
            if m.cls == "Place" and (m.name or m.text) in sites:  # 卯家湾安置区 = 卯家湾易地扶贫搬迁安置区
                m.name = sites[m.name or m.text]
            if m.cls == "Program":  # 公益性岗位 beside 乡村公益性岗位: one program, named in full
                name = m.name or m.text
                longer = {f for f in full.get("Program", ()) if f.endswith(name) and SCOPE.fullmatch(f[: -len(name)])}
                if len(longer) == 1:
                    m.name = longer.pop()
                quoted = re.match(r"^“([^“”]{2,30})”[^“”]*(模式|机制)$", name)
                if quoted and quoted.group(1) in full.get("Program", ()):  # “双师课堂”教学模式 beside “双师课堂”
                    m.name = quoted.group(1)
                continue
            if m.source == "brand":  # “雾岚人家” for “雾岚人家”民宿
                named = {f for f in full.get(m.cls, ()) if f.startswith(m.text) and f != m.text}
                if len(named) == 1:
                    m.name = named.pop()
                continue
            if m.cls not in ("Enterprise", "Institution", "Government"):
                continue
            name = m.name or m.text
            longer = [f for f in full.get(m.cls, ()) if f != name and len(f) > len(name)]
            hits = [f for f in longer if f.endswith(name) and place_prefix(f) is not None
                    and place_prefix(f)[1] == name]
            if not hits:
                stem = name
                for g in generic:
                    if stem.endswith(g) and len(stem) > len(g) + 1:
                        stem = stem[: -len(g)]
                        break
                if stem != name and len(stem) >= 2:
                    hits = [f for f in longer if stem in f and f.endswith(generic)]
            if not hits and m.cls == "Institution":  # 中医院摩天岭医院 after 巫山县中医院
                quals = set()
                for f in full.get(m.cls, ()):
                    pp = place_prefix(f)
                    if pp and len(pp[1]) >= 2 and name.startswith(pp[1]) and len(name) > len(pp[1]) + 1:
                        quals.add(f[: len(f) - len(pp[1])] + name)
                if len(quals) == 1:
                    hits = list(quals)
            if not hits and m.cls in ("Institution", "Enterprise") and len(name) >= 3:
                # 县医院 / 州医院 after 望谟县人民医院 / 黔西南州人民医院: the full name that holds the short
                # one in order, with the same head word, when only one does
                from .recognise import org_head

                head = org_head(name)
                if head and name[: -len(head)][-1:] in ("县", "州", "市", "省", "区"):
                    hits = [f for f in longer if f.endswith(head) and _subsequence(name, f)]
                elif name.endswith(BRANCH_HEADS) and len(name) >= 6:
                    # 农行张家川支行, 人保财险天水分公司: a branch's short name is made of its full one's
                    # characters (an abbreviation need not keep their order), with the same branch word
                    branch = next(b for b in BRANCH_HEADS if name.endswith(b))
                    hits = [f for f in longer if f.endswith(branch) and set(name) <= set(f)]
            if len(set(hits)) == 1:
                m.name = hits[0]


#: the words that end a branch's name (巫山县人民医院早阳分院, 农行张家川支行)
BRANCH = ("分院", "分校", "分公司", "分中心", "分会", "支行", "分行", "院区")
#: a business's branch words: its short names are abbreviations of the full one (农行张家川支行)
BRANCH_HEADS = ("支行", "分行", "分公司", "营业部", "分社")


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(c in it for c in short)


SITE_MIDDLE = r"(易地扶贫搬迁|易地搬迁|扶贫搬迁)(?=(集中)?(安置区|安置点|搬迁点|安置小区)$)"


def _collect(doc: Document) -> None:
    govs = {m.key for sent in doc.sentences for m in sent.mentions if m.cls == "Government"}
    for sent in doc.sentences:
        for m in sent.mentions:
            name = m.name or m.text
            if m.acting and m.cls == "Place":
                # the place itself is also an entity; the mention now stands for its government
                place = doc.entities.setdefault(("Place", name), Entity(name=name, cls="Place"))
                place.docs.add(doc.id)
                if m.text != name:
                    place.aliases.add(m.text)
                m.cls = "Government"
                m.name = name = acting_body(district_in_full(name, doc.text))
                fuller = {k[1] for k in govs if k[1].endswith(name) and k[1] != name and place_prefix(k[1])}
                if len(fuller) == 1:  # 明田街道 acting beside 惠水县明田街道办事处 named in full
                    m.name = name = fuller.pop()
            ent = doc.entities.setdefault((m.cls, name), Entity(name=name, cls=m.cls))
            ent.docs.add(doc.id)
            if m.text != name:
                ent.aliases.add(m.text)
