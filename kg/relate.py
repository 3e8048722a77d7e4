"""Stage 5, relate: relations between the entities of a document.

Extractors are pluggable: a function ``(doc) -> list[Relation]`` registered by name with
``@register("name")`` or through the ``fupin_kg.extractors`` entry-point group; ``relate`` runs
the ones named in ``FUPIN_KG_EXTRACTORS`` (comma separated, default ``rules``). Whatever they
return is checked against the ontology's domain and range, deduplicated, and then entities that
the guidelines only keep when related (persons, beneficiary groups, generic programs) are pruned.

The default ``rules`` extractor reads:
- names: an organization is locatedIn the most specific place its name begins with, a place
  chain (骡坪镇大堰村) gives its hierarchy, a branch (…分院, …分校) is partOf its parent;
- triggers (``lexicons/triggers.tsv``) between typed mentions of a clause: subject before the
  trigger (or the clause's topic, or the item's acting government), objects after it, one
  relation per conjunct (、和与及等);
- patterns: X 在 Y 务工/上班 (Y employs X), 为 X 提供 (benefits), 与 Y 签订/合作 (partnersWith),
  A、B、C 联合实施 (pairwise partners), ORG 负责人/书记 PER (leads).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from functools import cache, lru_cache

from .lexicon import table, words
from .numbers import find_quantities
from .quantify import is_not_done
from .resolve import BRANCH, JOINTLY, TEAM_HEADS, district_in_full, expand_zone, place_prefix
from .types import ORGANIZATION, Document, Entity, Mention, Quantity, Relation, Sentence

Extractor = Callable[[Document], list[Relation]]
EXTRACTORS: dict[str, Extractor] = {}

ORG = set(ORGANIZATION)
BENEFICIARY = {"BeneficiaryGroup", "Person"}
#: the ontology's domain → range table (ONTOLOGY.md); partnersWith is symmetric
SIGNATURES: dict[str, tuple[set[str], set[str]]] = {
    "implements": ({"Government"}, {"Program"}),
    "participatesIn": ({"Enterprise", "Institution"}, {"Program"}),
    "funds": (ORG, {"Program", "BeneficiaryGroup", "Person", "Place"} | ORG),
    "employs": (ORG | {"Program"}, BENEFICIARY),
    "benefits": ({"Program"} | ORG, BENEFICIARY | {"Place"}),
    "supports": (ORG, ORG | {"Person", "Place"}),
    "partnersWith": (ORG, ORG),
    "locatedIn": (ORG | {"Program", "Place"}, {"Place"}),
    "leads": ({"Person"}, ORG | {"Program"}),
    "founded": ({"Person"} | ORG, {"Enterprise", "Institution", "Program"}),
    "partOf": (ORG, ORG),
}
CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
CONJ = re.compile(r"^\s*(、|和|与|及|以及|或|等|，|“|”|\s)*\s*$")


def register(name: str) -> Callable[[Extractor], Extractor]:
    """Register a relation extractor under ``name`` (usable from FUPIN_KG_EXTRACTORS)."""

    def deco(fn: Extractor) -> Extractor:
        EXTRACTORS[name] = fn
        return fn

    return deco


@lru_cache(maxsize=1)
def _entry_points() -> None:
    """Load plug-in extractors once per process (looking them up costs ~10 ms)."""
    try:
        from importlib.metadata import entry_points

        for ep in entry_points(group="fupin_kg.extractors"):
            if ep.name not in EXTRACTORS:
                EXTRACTORS[ep.name] = ep.load()
    except Exception:  # noqa: BLE001, S110 - a broken plug-in must not stop the default extractor
        pass


def fits(predicate: str, s_cls: str, o_cls: str) -> bool:
    dom, rng = SIGNATURES[predicate]
    return s_cls in dom and o_cls in rng


@lru_cache(maxsize=1)
def triggers() -> tuple[tuple[str, tuple[str, ...], float], ...]:
    rows = []
    for r in table("triggers.tsv"):
        if len(r) >= 2:
            rows.append((r[0], tuple(r[1].split(",")), float(r[2]) if len(r) > 2 else 0.6))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


# ---------------------------------------------------------------------------------- helpers
def _clauses(sent: Sentence) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in CLAUSE_END.finditer(sent.text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(sent.text):
        out.append((start, len(sent.text)))
    return out


def _coordinated(mentions: list[Mention], first: Mention, text: str, cls_ok: set[str]) -> list[Mention]:
    """``first`` and the mentions joined to it by 、和与及 (A、B和C)."""
    out = [first]
    idx = mentions.index(first)
    prev = first
    for m in mentions[idx + 1:]:
        gap = text[prev.end:m.start]
        if not gap and m.cls == prev.cls == "Place":
            out[-1] = m  # 甘肃陇南: a chain names the inner place, not two places
            prev = m
        elif CONJ.match(gap) and m.cls in cls_ok:
            out.append(m)
            prev = m
        else:
            break
    return out


def _left_coordinated(mentions: list[Mention], last: Mention, text: str, cls_ok: set[str]) -> list[Mention]:
    out = [last]
    idx = mentions.index(last)
    nxt = last
    for m in reversed(mentions[:idx]):
        gap = text[m.end:nxt.start]
        if CONJ.match(gap) and gap.strip() and m.cls in cls_ok:
            out.insert(0, m)
            nxt = m
        else:
            break
    return out


def carries_out(agent: Mention) -> str:
    """How an agent carries out a program: a government implements it, any other body takes part
    (GUIDELINES conventions 4)."""
    return "implements" if agent.cls == "Government" else "participatesIn"


def _emit(out: list[Relation], *args, **kwargs) -> bool:
    """Append the relation ``_rel`` makes of its arguments, if the ontology allows it."""
    r = _rel(*args, **kwargs)
    if r is not None:
        out.append(r)
    return r is not None


def _rel(doc: Document, s: Mention, p: str, o: Mention, sent: Sentence, conf: float, pattern: str,
         coord: int = 0) -> Relation | None:
    if s.key == o.key:
        return None
    if not fits(p, s.cls, o.cls):
        return None
    if p == "founded" and s.cls == "Government" and o.cls == "Program":
        p = "implements"  # a government sets up programs it carries out (GUIDELINES conventions 4)
        if not fits(p, s.cls, o.cls):
            return None
    conf = round(min(conf * min(s.confidence, o.confidence) / 0.8, 0.99), 3)
    return Relation(s.key, p, o.key, doc.id, sent.text, conf, pattern=pattern, coord=coord)


# ---------------------------------------------------------------------------------- name rules
def _place_chain(name: str, context: list[int] | None = None, known: set[str] | None = None) -> list[str]:
    """The division names a name begins with, outermost first (巫山县骡坪镇大堰村… → 3 places)."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    chain: list[str] = []
    rest = re.sub(r"^(中共|中国共产党|中国人民政治协商会议)", "", name)
    ctx: list[int] = list(context or [])
    while rest:
        pp = place_prefix(rest, ctx or None)
        if pp is None:
            m = re.match(r"^([\u4e00-\u9fff]{1,5}?(?:镇|乡|村|街道|社区))", rest)
            if m and (m.group(1) in words("place_stopwords.txt") or any(rest.startswith(b) for b in _bodies())):
                break  # 乡村振兴局, 农业农村局: 乡村 and 农业农村 are no village
            if m and (chain or (known and m.group(1) in known)) and m.group(1) != name:
                chain.append(m.group(1))
                rest = rest[len(m.group(1)):]
                continue
            break
        written, rest, idx = pp
        chain.append(gaz.divisions[idx].name)
        ctx = [idx] + gaz.parents(idx)
        zone = expand_zone(rest)
        if zone is not None:  # 湘潭经开区…: the development zone lies in the city written before it
            chain.append(written + zone[0])
            rest = zone[1]
    return chain


@lru_cache(maxsize=1)
def _bodies() -> tuple[str, ...]:
    """Known department names (农业农村局, 乡村振兴局 …), which no locality begins."""
    from .resolve import _bare_bodies

    return tuple(sorted((b for b in _bare_bodies() if len(b) >= 3), key=len, reverse=True))


def name_relations(doc: Document) -> list[Relation]:
    """locatedIn from the place a name begins with, partOf from branch names."""
    from .recognise import org_class, team_place
    from .resolve import acting_body, place_info

    out: list[Relation] = []
    names = {}
    for sent in doc.sentences:
        for m in sent.mentions:
            names.setdefault(m.key, (m, sent))
    orgs = {k: v for k, v in names.items() if k[0] in ORG}
    places = {k for k in names if k[0] == "Place"}
    for key, (m, sent) in names.items():
        cls, name = key
        if cls not in ORG and cls != "Program":
            continue
        team = TEAM_NAME.match(name) if cls == "Government" else None
        if team is not None and team_place(team.group(3)):
            # 自治区农业农村厅驻火卖村工作队: part of the body that sent it, in the place it serves;
            # a place sends through its government (深圳市龙华区驻都安工作组)
            sender, ctx = team.group(1), _ctx(doc, sent)
            if org_class(sender) is None:
                known, idx = place_info(sender, ctx)
                if idx is not None:
                    sender = acting_body(known)
                elif place_prefix(sender, ctx) is not None:
                    sender = acting_body(sender)  # 深圳市龙华区: written in full
            body = ("Government", sender)
            doc.entities.setdefault(body, _new_entity(body, doc))
            out.append(Relation(key, "partOf", body, doc.id, sent.text, 0.8, pattern="name-team"))
            site, idx = place_info(team.group(3), ctx)
            if idx is None:  # 驻慈溪 far from the item's places: the one of that name the article writes in full
                from .gazetteer import gazetteer

                full = {gazetteer().divisions[i].name for i in gazetteer().lookup(site)}
                site = next((k[1] for k in doc.entities if k[0] == "Place" and k[1] in full), site)
            _ensure_place(doc, site, places)
            out.append(Relation(key, "locatedIn", ("Place", site), doc.id, sent.text, 0.8, pattern="name-team"))
            continue
        # partOf: the name begins with another organization's name (巫山县人民医院早阳分院)
        parent = None
        for pk in orgs:
            pname = pk[1]
            if pk != key and name.startswith(pname) and len(name) > len(pname) + 1 and cls in ORG \
                    and (parent is None or len(pname) > len(parent[1])):
                parent = pk
        if parent is None and cls in ORG:
            parent = _parent_from_name(doc, name)
        if parent is None and cls in ORG and name.endswith(BRANCH):
            parent = _branch_parent(doc, key, _ctx(doc, sent))
        if parent is not None:
            r = Relation(key, "partOf", parent, doc.id, sent.text, 0.8, pattern="name-parent")
            out.append(r)
            site = _unit_place(name, parent[1], _ctx(doc, sent))
            if site is not None:  # 重庆市人民小学奉节分校 → 奉节县, 巫山县中医院摩天岭医院 → 摩天岭
                _ensure_place(doc, site, places)
                out.append(Relation(key, "locatedIn", ("Place", site), doc.id, sent.text, 0.8,
                                    pattern="name-unit-place"))
            gparent = _branch_parent(doc, parent, _ctx(doc, sent)) if parent[1].endswith(BRANCH) else None
            if gparent is not None:  # 重庆广播电视大学巫山分校 of its 全域旅游学院: the branch's own parent
                out.append(Relation(parent, "partOf", gparent, doc.id, sent.text, 0.75, pattern="name-parent"))
                site = _unit_place(parent[1], gparent[1], _ctx(doc, sent))
                if site is not None:
                    _ensure_place(doc, site, places)
                    out.append(Relation(parent, "locatedIn", ("Place", site), doc.id, sent.text, 0.8,
                                        pattern="name-unit-place"))
                parent = gparent
            # the parent's own place (巫山县中医院 → 巫山县); the child's place is the parent's
            pchain = _place_chain(parent[1], _ctx(doc, sent))
            if pchain and pchain[-1] != parent[1]:
                _ensure_place(doc, pchain[-1], places)
                out.append(Relation(parent, "locatedIn", ("Place", pchain[-1]), doc.id, sent.text, 0.85,
                                    pattern="name-place"))
            continue  # the place in a parent's name is the parent's (GUIDELINES conventions 1)
        if name.endswith(BRANCH):
            continue
        chain = _place_chain(name, _ctx(doc, sent), {k[1] for k in doc.entities if k[0] == "Place"})
        if not chain or chain[-1] == name:
            continue
        target = ("Place", chain[-1])
        out.append(Relation(key, "locatedIn", target, doc.id, sent.text, 0.9, pattern="name-place"))
        _ensure_place(doc, chain[-1], places)
        for outer, inner in itertools.pairwise(chain):
            _ensure_place(doc, outer, places)
            out.append(Relation(("Place", inner), "locatedIn", ("Place", outer), doc.id, sent.text, 0.85,
                                pattern="name-chain"))
    # mentions written next to each other: 两坪乡石龙村, 福益美公司就业帮扶车间, 困难群众临时生活救助
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        verbs = {b.key for b, c in itertools.pairwise(ms) if b.cls == "Program" and c.start == b.end
                 and c.cls in (ORG | {"Place"}) and (b.name or b.text) in _generic_programs()}
        for a, b in itertools.pairwise(ms):
            gap = sent.text[a.end:b.start]
            if gap not in ("", "的") or b.key in verbs:
                continue  # …附属医院对口支援陇南市…医院: a policy word before its object is the verb
            if a.cls == "Place" and b.cls == "Place" and gap == "":
                out.append(Relation(b.key, "locatedIn", a.key, doc.id, sent.text, 0.8, pattern="adjacent-places"))
            elif a.cls == "Place" and b.acting and gap == "" and (inner := _acting_place(b.name or "")):
                # 湖州市德清县与…: the acting county is still a place in its city
                _ensure_place(doc, inner, places)
                out.append(Relation(("Place", inner), "locatedIn", a.key, doc.id, sent.text, 0.8,
                                    pattern="adjacent-places"))
            elif a.cls == "Place" and b.cls == "Program" and gap == "":
                # measured right 3 times in 8: the place often names the program's partner or audience
                out.append(Relation(b.key, "locatedIn", a.key, doc.id, sent.text, 0.28, pattern="place-program"))
            elif a.cls in ("Enterprise", "Institution") and b.cls == "Program":
                out.append(Relation(a.key, "participatesIn", b.key, doc.id, sent.text, 0.7, pattern="org-program"))
            elif a.cls == "Government" and b.cls == "Program":
                # 省委、市委“约法三章”: every body of the list owns the program (GUIDELINES conventions 12)
                for g in _left_coordinated(ms, a, sent.text, {"Government"}):
                    out.append(Relation(g.key, "implements", b.key, doc.id, sent.text, 0.75, pattern="gov-program"))
            elif a.cls == "BeneficiaryGroup" and b.cls == "Program":
                out.append(Relation(b.key, "benefits", a.key, doc.id, sent.text, 0.65, pattern="group-program"))
    # a cooperation scheme naming its partner places (怀化市与义乌市劳务协作基地): each place's government
    # implements it and the two are partners; the scheme is located in neither (GUIDELINES conventions 12)
    from .gazetteer import gazetteer as _gaz

    for key, (m, sent) in names.items():
        mt = re.match(r"^([\u4e00-\u9fff]{2,8}?(?:省|市|县|区))(?:与|和|同)([\u4e00-\u9fff]{2,8}?(?:省|市|县|区))"
                      r"[\u4e00-\u9fff]*(协作|合作|共建|结对|对口)", key[1]) if key[0] == "Program" else None
        if not mt:
            continue
        govs = []
        for written in mt.group(1), mt.group(2):
            idx = _gaz().best(written, _ctx(doc, sent), max_level=2)
            if idx is None:
                break
            govs.append(("Government", f"{_gaz().divisions[idx].name}人民政府"))
        if len(govs) != 2:
            continue
        from .types import Entity

        for gk in govs:
            doc.entities.setdefault(gk, Entity(name=gk[1], cls=gk[0], docs={doc.id}))
            out.append(Relation(gk, "implements", key, doc.id, sent.text, 0.7, pattern="name-partners"))
        out.append(Relation(govs[0], "partnersWith", govs[1], doc.id, sent.text, 0.7, pattern="name-partners"))
        out[:] = [r for r in out if not (r.subject == key and r.predicate == "locatedIn")]
    # a central rule names its owner (中央八项规定 → 中共中央 implements it; GUIDELINES conventions 12)
    for key, (m, sent) in names.items():
        if key[0] == "Program" and re.match(r"^(党中央|中央)[^，。]{1,12}(规定|决定|部署|政策|意见|要求|精神)$", key[1]):
            from .types import Entity

            gk = ("Government", "中共中央")
            doc.entities.setdefault(gk, Entity(name=gk[1], cls=gk[0], docs={doc.id}))
            out.append(Relation(gk, "implements", key, doc.id, sent.text, 0.7, pattern="name-owner"))
    # a program named after the people it serves (特困人员供养 → 特困人员)
    groups = words("beneficiary_groups.txt")
    for key, (m, sent) in names.items():
        if key[0] != "Program":
            continue
        rest = key[1]
        for g in groups:  # longest first; each part of the name used once
            if len(g) >= 2 and g in rest and key[1] != g:
                rest = rest.replace(g, "\x00")
                from .resolve import normalise_group
                from .types import Entity

                gk = ("BeneficiaryGroup", normalise_group(g))
                doc.entities.setdefault(gk, Entity(name=gk[1], cls=gk[0], docs={doc.id}))
                out.append(Relation(key, "benefits", gk, doc.id, sent.text, 0.55, pattern="program-name-group"))
    # place mentions written as a chain (两坪乡石龙村)
    for key, (m, sent) in names.items():
        if key[0] != "Place":
            continue
        chain = _place_chain(m.text, _ctx(doc, sent))
        if len(chain) >= 2:
            for outer, inner in itertools.pairwise(chain):
                _ensure_place(doc, outer, places)
                _ensure_place(doc, inner, places)
                out.append(Relation(("Place", inner), "locatedIn", ("Place", outer), doc.id, sent.text, 0.85,
                                    pattern="name-chain"))
    return out


#: a body's team sent to a place: (body)(驻)(place)…工作队
TEAM_NAME = re.compile(r"(.{3,30}?)(派驻|驻)([\u4e00-\u9fff]{2,10}?)(?:脱贫攻坚|扶贫|帮扶|乡村振兴|东西部协作)?" + TEAM_HEADS + "$")


def _new_entity(key: tuple[str, str], doc: Document) -> Entity:
    return Entity(name=key[1], cls=key[0], docs={doc.id})


def _acting_place(name: str) -> str | None:
    """The place a place's acting body stands for (德清县人民政府 → 德清县), or None."""
    mt = re.fullmatch(r"(.{2,20}?(?:省|市|县|区|州|旗|盟|镇|乡|村|社区|街道))(人民政府|居民委员会|村民委员会)", name)
    if mt is None:
        return None
    district = re.fullmatch(r".{2,10}?市(.{2,8}区)", mt.group(1))  # 天津市河西区人民政府 → the place 河西区
    return district.group(1) if district and district_in_full(district.group(1), mt.group(1)) == mt.group(1) \
        else mt.group(1)


def place_governments(doc: Document, found: list[Relation]) -> list[Relation]:
    """A place's government that a rule made without a mention of its own (a partner place, the
    item's government, 两市) lies in that place (GUIDELINES conventions 1)."""
    located = {r.subject for r in found if r.predicate == "locatedIn"}
    best: dict[tuple[str, str], Relation] = {}  # a guessed government stays as weak as its best relation
    for r in found:
        for key in (r.subject, r.object):
            if key[0] == "Government" and key not in located and (key not in best or best[key].confidence < r.confidence):
                best[key] = r
    out: list[Relation] = []
    for key, r in best.items():
        place = _acting_place(key[1])
        if place is not None:
            _ensure_place(doc, place, set())
            out.append(Relation(key, "locatedIn", ("Place", place), doc.id, r.sentence, min(0.8, r.confidence),
                                pattern="acting-place"))
    return out


def _parent_from_name(doc: Document, name: str) -> tuple[str, str] | None:
    """巫山县中医院摩天岭医院 → (Institution, 巫山县中医院): a name that is an organization's name
    followed by another organization head (a branch, a department, an affiliated unit)."""
    from .recognise import org_class, org_head
    from .types import Entity

    own = org_head(name)
    if own is None:
        return None
    body = name[: -len(own)]
    fixed = re.match(r"^(中国人民政治协商会议|中国共产党|中共|共青团)", name)
    legal = own in ("有限公司", "有限责任公司", "股份有限公司", "公司")  # XX集团有限公司 is one company
    for k in range(len(body) if not legal else len(body) - 1, 2, -1):
        pre = name[:k]
        if fixed and k <= fixed.end() + 2:
            break  # 中国人民政治协商会议X委员会: the party or CPPCC prefix is no parent
        head = org_head(pre)
        cls = org_class(pre)
        if head is None or cls is None or len(pre) - len(head) < 2:
            continue
        if len(head) < 2 and not (cls == "Government" and _gov_parent(pre)):
            continue
        rest = name[k:]
        if len(rest) < 3 or org_head(rest) is None:
            continue
        key = (cls, pre)
        if key not in doc.entities:
            doc.entities[key] = Entity(name=pre, cls=cls, docs={doc.id})
        return key
    return None


def _branch_parent(doc: Document, key: tuple[str, str], ctx: list[int]) -> tuple[str, str] | None:
    """重庆广播电视大学巫山分校 → 重庆广播电视大学: a branch is its parent's name, a place, 分校/分院."""
    from .gazetteer import gazetteer
    from .recognise import org_class, org_head
    from .resolve import expand_institution
    from .types import Entity

    name = key[1]
    tail = next(b for b in BRANCH if name.endswith(b))
    body = name[: -len(tail)]
    gaz = gazetteer()
    for n in (2, 3, 4, 2):  # a known division first; else a two-character locality (早阳)
        pre, stem = body[:-n], body[-n:]
        if len(pre) < 3 or org_head(pre) is None or org_head(pre) in BRANCH:
            continue
        if gaz.best(stem, ctx or None, max_level=3) is None and n != 2:
            continue
        pre = expand_institution(pre) if org_class(pre) == "Institution" else pre
        if re.fullmatch(r"中共.{2,12}?[省市县区州旗]委", pre):
            pre += "员会"  # 中共乐业县委组织部 → part of 中共乐业县委员会 (the committee's full name)
        pkey = (org_class(pre) or key[0], pre)
        if pkey not in doc.entities:
            doc.entities[pkey] = Entity(name=pre, cls=pkey[0], docs={doc.id})
        return pkey
    return None


def _unit_place(name: str, parent: str, ctx: list[int]) -> str | None:
    """The place written between a parent's name and a unit's head: 重庆市人民小学 + 奉节 + 分校,
    巫山县中医院 + 摩天岭 + 医院. A branch (分校, 分院) names a place there by convention; other
    units only with a place-like word (a known division, or a locality ending in 岭, 山 …)."""
    from .gazetteer import gazetteer
    from .recognise import _plausible_place, org_head

    gaz = gazetteer()
    rest = name[len(parent):] if name.startswith(parent) else None
    if rest is None:
        base = re.sub("(" + "|".join(BRANCH) + ")$", "", name)
        rest = base[-4:] + name[len(base):]  # parent written in short: try the end
    head = org_head(rest)
    if head is None:
        return None
    stem = rest[: -len(head)]
    for k in range(len(stem) - 1):  # the place is the end of what is left (附属肿瘤医院 + 奉节)
        cand = stem[k:]
        if not (2 <= len(cand) <= 4 or len(cand) <= 15 and cand[-1] in "县市区州旗盟"):
            continue  # a short form, or a division's full name (张家川回族自治县 + 支行)
        idx = gaz.best(cand, ctx or None, max_level=3)
        # a bare short form names a place only in a branch (奉节分校); 复旦大学附属中山医院 is no 中山市
        if idx is not None and (cand == gaz.divisions[idx].name or name.endswith(BRANCH)
                                and gaz.divisions[idx].level <= 2):
            return gaz.divisions[idx].name
    if 2 <= len(stem) <= 4 and (name.endswith(BRANCH) or _plausible_place(stem)) and not org_head(stem) \
            and not gaz.by_short.get(stem):
        return stem
    return None


def _gov_parent(pre: str) -> bool:
    """湖南省教育厅 (of 湖南省教育厅扶贫工作队): a place and a known department, a parent body."""
    from .recognise import _known_bodies

    pp = place_prefix(pre)
    return pp is not None and any(pp[1] == b or pp[1].endswith(b) for b in _known_bodies() if len(b) >= 2)


def _ctx(doc: Document, sent: Sentence) -> list[int]:
    item = next((i for i in doc.items if i.index == sent.item), None)
    return item.context if item is not None else []


def _ensure_place(doc: Document, name: str, places: set) -> None:
    from .types import Entity

    key = ("Place", name)
    if key not in doc.entities:
        doc.entities[key] = Entity(name=name, cls="Place", docs={doc.id})
    places.add(key)


# ---------------------------------------------------------------------------------- triggers
@lru_cache(maxsize=1)
def _roles() -> tuple[str, ...]:
    return words("roles.txt")


def trigger_relations(doc: Document) -> list[Relation]:
    out: list[Relation] = []
    topic: dict[int, Mention] = {}  # item → last agent subject
    pairs: dict[int, tuple[int, tuple[tuple[str, str], tuple[str, str]]]] = {}  # item → (sentence, partners)
    actors = _actors(doc)
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        text = sent.text
        sent_agent = next((m for m in ms if m.cls in ORG and m.start <= 12 and not _is_source(sent, m)), None)
        for c_start, c_end in _clauses(sent):
            cm = [m for m in ms if m.start >= c_start and m.end <= c_end]
            clause = text[c_start:c_end]
            # the pair for 两局/双方 in the clauses after: the last two partners named
            for r in out[-20:]:
                if r.sentence == text and r.predicate == "partnersWith":
                    pairs[sent.item] = (sent.index, (r.subject, r.object))
            for trig, preds, conf in _find_triggers(clause):
                t_pos = c_start + trig[0]
                t_end = c_start + trig[1]
                left = [m for m in ms if m.end <= t_pos and m.start >= c_start]
                right = [m for m in cm if m.start >= t_end]
                passive = PASSIVE_AGENT.search(text[c_start:t_pos])
                if passive is not None and SUBJECT_UNDERGOES.search(trig[2]):
                    # 合作社被县残联认定为X: the agent after 被 certifies; the one before it is the subject
                    cut = c_start + passive.start()
                    prog = next((m for m in right if m.cls == "Program"), None)
                    for ag in (m for m in left if m.start >= cut and m.cls in ORG):
                        if prog is not None:  # the certifying body takes part in (or runs) the scheme
                            _emit(out, doc, ag, carries_out(ag),
                                  prog, sent, 0.7, "pattern:被…认定")
                    left = [m for m in left if m.end <= cut]
                    if not left and (ana := _anaphor(doc, sent, cut, ORG)) is not None:
                        left = [ana]
                    if not left:
                        continue
                # a predicate whose subject is written in the clause comes first (由县妇联组织开展X:
                # the federation participates; the government only when nobody is named)
                named = [m for m in left if not re.search(r"(与|同|跟|向|对|为|给)[^，。；]*$", text[c_start:m.start])]
                if text[t_end:t_end + 1] == "的" and not named:
                    continue  # 对新增认定的合格的帮扶车间: a trigger in a modifier with no agent of its own
                ana_any = None if named else _anaphor(doc, sent, t_pos, ORG | {"Person"})
                named += [ana_any] if ana_any is not None else []
                agent0 = sent_agent if sent_agent is not None and sent_agent.end <= t_pos \
                    and _heads_clause(sent, sent_agent) else None
                preds = sorted(preds, key=lambda p: (
                    not (any(m.cls in SIGNATURES[p][0] for m in named) and any(m.cls in SIGNATURES[p][1] for m in right)),
                    # …医院…，组建专家团队开展X: the sentence's subject picks the predicate it can take
                    not (agent0 is not None and agent0.cls in SIGNATURES[p][0])))
                for pred in preds:
                    dom, rng = SIGNATURES[pred]
                    money_q = None
                    objs = [m for m in right if m.cls in rng]
                    if objs and objs[0].cls == "Place" and any(
                            g.cls == "BeneficiaryGroup" and 0 <= g.start - objs[0].end <= 8 for g in right):
                        objs = objs[1:]  # 帮助元阳县1200余名农村劳动力: the place only says whose people
                    if objs and _verb_between(sent, t_end, objs[0].start, BUILD_VERBS if pred == "funds" else ()):
                        objs = []  # 出台政策支持帮扶车间: the object of another verb, not of this one
                    if pred == "funds" and re.search(r"(为|给|向)[^，。；]{1,25}$", text[c_start:t_pos]) and any(
                            m.cls in BENEFICIARY and m.start >= c_start for m in left):
                        continue  # 为420名重度残疾人发放托养补贴: the money goes to the people (为…发放)
                    if pred == "employs" and re.search(r"入股|入社|参股", text[t_end:c_end]):
                        continue  # 吸纳132户农户入股: shares, not jobs (the cue reads it as benefits)
                    if pred == "employs" and not re.search(r"就业|务工|上班|岗位|用工|实习|上岗", text[
                            c_start if trig[2] == "安置" else t_pos:c_end + 20]) and trig[2] not in ("吸纳", "转移就业"):
                        continue  # 承接安置了7357名搬迁群众: a new home, not a job (benefits)
                    if not objs and pred == "funds" and (mp := MONEY_PURPOSE.match(text, t_end)):
                        # 投入3200万元，实施X工程 / 捐资500万元，在Y镇新建Z: the money goes to what the next
                        # clause builds or carries out
                        stop = re.search(r"[，。；]", text[mp.end():])
                        p_end = mp.end() + stop.start() if stop else len(text)
                        objs = [m for m in ms if m.cls in rng - {"Place"} and mp.end() <= m.start
                                and m.end <= p_end][:1]
                        paid = [f for f in find_quantities(text[t_end:mp.end()]) if f.kind == "amount"]
                        if objs and paid and not is_not_done(text, paid[0]):
                            money_q = Quantity(text=paid[0].text, amount=paid[0].value)
                        conf *= 0.9
                    if not objs and pred == "participatesIn" and (ana_m := PROGRAM_ANAPHOR.match(text, t_end)):
                        # 首批入驻产业园的企业, 整体搬迁至产业园: the park or workshop the story is about
                        ana = _anaphor(doc, sent, ana_m.end(), {"Program"}, anywhere=True)
                        # …only a park or workshop (入驻园区 is no 东西部协作 named before)
                        objs = [ana] if ana is not None and re.search(r"(园区?|车间|基地)$", ana.name or ana.text) else []
                    if not objs and pred == "supports" and re.match(r"(了)?(其|他|她)(?!们)", text[t_end:t_end + 3]):
                        # 帮助其解决了难题: the pronoun stands for the person named last
                        prev = _last_person(doc, sent, t_pos)
                        objs = [prev] if prev is not None else []
                    if not objs:
                        continue
                    if trig[2] in ADJACENT_OBJECT_TRIGGERS and objs[0].start - t_end > 2:
                        continue  # 有培训意愿的贫困劳动力: 培训 takes the people right after it, or none
                    # 公司依托帮扶车间带动…: what follows 依托/通过 is the means, not the subject
                    # …，与全县46家养殖合作社签订了协议，目前已吸纳…: a preposition's object is not the subject
                    subj_cands = [m for m in left if m.cls in dom and not INSTRUMENT.search(text[c_start:m.start])
                                  and not (PREP_OBJECT.search(text[c_start:m.start])
                                           and not re.match(JOINTLY, text[m.end:m.end + 3]))]
                    if pred == "employs":
                        subj_cands = [m for m in subj_cands if not DOCUMENT.search(m.name or m.text)]
                    subjects: list[Mention] = []
                    how = "trigger"
                    pron = PRONOUN_SUBJECT.match(text)
                    if not subj_cands and pron is not None and pron.end() <= t_pos and not any(
                            m.cls in ORG | {"Person"} and pron.end() <= m.start and m.end <= t_pos for m in ms):
                        # 他挨家挨户做工作，牵头成立了X: the person a sentence-initial pronoun stands for,
                        # and no guessed organization for what only a person did
                        who = _last_person(doc, sent, pron.start(2), back=4)
                        if who is None or "Person" not in dom:
                            continue
                        subj_cands = [who]
                    if not subj_cands and "Person" in dom:
                        # 杨勇积极回乡创业，创办了…: the person is the subject of the whole sentence
                        subj_cands = [m for m in ms if m.cls == "Person" and m.end <= t_pos][:1]
                    if not subj_cands and pred == "employs":
                        # 巫山县共有就业帮扶车间31家，吸纳…就业: the jobs are the workshop's or the company's
                        # named before the trigger in the sentence, not the government that counts them
                        subj_cands = [m for m in ms if m.end <= t_pos and (m.cls == "Enterprise" or m.cls == "Program"
                                      and EMPLOYING_PROGRAM.search(m.name or m.text)
                                      and not DOCUMENT.search(m.name or m.text))
                                      and not PREP_OBJECT.search(text[_clause_start(text, m.start):m.start])][-1:]
                    ana = None if subj_cands else _anaphor(doc, sent, t_pos, dom)
                    if subj_cands:
                        pool = left if subj_cands[-1] in left else ms if subj_cands[-1] in ms else subj_cands
                        subjects = _left_coordinated(pool, subj_cands[-1], text, dom)
                    elif ana is not None:
                        subjects = [ana]
                        how = "trigger-anaphor"
                    elif sent_agent is not None and sent_agent.cls in dom and sent_agent.end <= t_pos:
                        subjects = [sent_agent]
                        how = "trigger-topic"
                    elif sent.index in actors and actors[sent.index].cls in dom:
                        subjects = [actors[sent.index]]  # the government whose section this is
                        how = "trigger-actor"
                        conf *= 0.8
                    elif sent.item in topic and topic[sent.item].cls in dom:
                        subjects = [topic[sent.item]]
                        how = "trigger-carry"
                        # a subject carried from earlier sentences: measured right 60% of the time for
                        # implements/employs, rarely for benefits and founded
                        conf *= 0.8 if pred in ("implements", "employs", "funds") else 0.4
                    elif pred not in ("founded", "supports"):  # a guessed founder or helper is rarely right
                        gov = _item_government(doc, sent)
                        if gov is not None and gov.cls in dom:
                            subjects = [gov]
                            how = "trigger-item-gov"
                            conf *= 0.7
                    inside = next((m for m in ms if m.cls == "Program" and m.start <= t_pos and t_end <= m.end), None)
                    if pred == "benefits" and inside is not None:
                        subjects, how = [inside], "trigger-in-program"  # 医疗救助困难群众: the aid helps them
                    elif pred == "benefits" and not (subjects and subjects[0].cls == "Program"):
                        # 县教育局实施营养改善计划，惠及学生3.6万名: the program the agent carried out helps
                        after = subjects[0].end if subjects and subjects[0].end <= t_pos else 0
                        progs = [m for m in ms if m.cls == "Program" and after <= m.start and m.end <= t_pos
                                 and not DOCUMENT.search(m.name or m.text)
                                 and not ((m.name or m.text) in _generic_programs() and (m.name or m.text).endswith("培训"))]
                        # 开展技术培训，累计培训种植户: a generic training is the agent's own help
                        if progs:
                            subjects, how = [progs[-1]], "trigger-program"
                    pair = pairs.get(sent.item)
                    if pair is not None and sent.index - pair[0] <= 2 and PAIR_ANAPHOR.match(text, c_start) \
                            and all(k[0] in dom for k in pair[1]):
                        # 两局联合开通返岗专车: the two parties that just paired or signed
                        subjects = [Mention(k[1], 0, 0, k[0], source="pair", name=k[1]) for k in pair[1]]
                        how = "trigger-pair"
                    if not subjects:
                        continue
                    first = objs[0]
                    group = _coordinated(right, first, text, rng) if first in right else [first]
                    joint_gov = how == "trigger-pair" and any(s.cls == "Government" for s in subjects)
                    for s in subjects:
                        # 双方共同建立X制度 with a government: the company or school takes part in what it sets up
                        p_s = "participatesIn" if joint_gov and pred == "founded" and s.cls != "Government" else pred
                        for k, o in enumerate(group):
                            if o.cls != "Program" and p_s != pred:
                                continue
                            if _emit(out, doc, s, p_s, o, sent, conf, f"{how}:{trig[2]}", coord=k) and money_q:
                                out[-1].quantity = money_q
                    if pred == "partnersWith" and len(subjects) > 1:
                        pass
                    break  # the first predicate that fits wins
            # objects written before the trigger: A、B投用 → (topic) founded A, B
            for row in _object_first():
                trig, pred, oconf = row
                pos = clause.find(trig)
                if pos < 0:
                    continue
                t_pos = c_start + pos
                dom, rng = SIGNATURES[pred]
                objs = [m for m in cm if m.end <= t_pos and m.cls in rng]
                if not objs:
                    continue
                group = _left_coordinated(cm, objs[-1], text, rng)
                heads = [m for m in cm if m.end <= group[0].start and m.cls == "Government"]
                agent = heads[0] if heads else topic.get(sent.item) if topic.get(sent.item) and \
                    topic[sent.item].cls in dom else _item_government(doc, sent)
                if agent is None:
                    continue
                for o in group:
                    _emit(out, doc, agent, pred, o, sent, oconf, f"object-first:{trig}")
            # A、B、C 联合实施的 X / X 由 A、B 承办 → each participates in (or implements) the program
            if re.search(r"(联合|共同)(实施|主办|举办|发起|开展)|承办|协办|主办", clause):
                progs = [m for m in ms if m.cls == "Program"]
                agents = [m for m in cm if m.cls in ORG]
                if not progs and re.search(r"(此次|本次|这次|该)(招聘会|活动|培训|项目|行动)", clause):
                    # 此次招聘会由县人社局主办: the event the item is about
                    prev_progs = [m for s_ in doc.sentences[max(0, sent.index - 3):sent.index]
                                  if s_.item == sent.item for m in s_.mentions if m.cls == "Program"]
                    progs = prev_progs[-1:]
                run_by = None if progs else re.search(r"(车间|基地|工厂|工坊)[^，。；]{0,4}由", clause)
                if run_by is not None:  # 罗梅所在的车间由惠水县涟江服饰有限公司承办: the workshop of the story
                    ana = _anaphor(doc, sent, c_start + run_by.end(1), {"Program"}, anywhere=True)
                    progs = [ana] if ana is not None else []
                if progs and agents:
                    prog = min(progs, key=lambda p: abs(p.start - agents[0].start)) if progs[0] in ms else progs[0]
                    for a in agents:
                        pred = carries_out(a)
                        _emit(out, doc, a, pred, prog, sent, 0.7, "pattern:co-implementer")
            # 通过/借助/依托 X，A…: the means an agent works through is a program it carries out
            for mt in MEANS.finditer(clause):
                end, progs = c_start + mt.end(), []
                for m in (m for m in cm if m.cls == "Program" and m.start >= end):
                    if not MEANS_GAP.fullmatch(text, end, m.start):
                        break  # 通过“双师课堂”“教师成长学院”等: the programs listed right after the word
                    progs.append(m)
                    end = m.end
                if not progs:
                    continue
                before = [m for m in ms if m.cls in ORG and m.end <= c_start + mt.start() and _heads_clause(sent, m)]
                after = [m for m in ms if m.cls in ORG and m.start >= end and _heads_clause(sent, m)
                         and _clause_start(text, m.start) <= end + 1]
                agent = before[-1] if before else after[0] if after else actors.get(sent.index)
                agents = [agent] if agent is not None else []
                pair = pairs.get(sent.item)
                if pair is not None and sent.index - pair[0] <= 2 and re.search(
                        PAIR_ANAPHOR.pattern + r"$", text[:c_start + mt.start()]):
                    # 双方通过“双师课堂”…: the two parties that just signed
                    agents = [Mention(k[1], 0, 0, k[0], source="pair", name=k[1]) for k in pair[1]]
                for a in agents:
                    for prog in progs:
                        pred = carries_out(a)
                        _emit(out, doc, a, pred, prog, sent, 0.55, f"pattern:{mt.group(1)}")
            # A选派干部到P挂职/担任…: A helps the place it sends its people to
            for mt in SENT_TO.finditer(clause):
                places = [m for m in cm if m.cls == "Place" and c_start + mt.start(3) <= m.start
                          and m.end <= c_start + mt.end(3)]
                senders = [m for m in cm if m.cls in ORG and m.end <= c_start + mt.start()]
                sender = senders[-1] if senders else _anaphor(doc, sent, c_start + mt.start(), ORG) or (
                    sent_agent if sent_agent is not None and sent_agent.end <= c_start + mt.start() else None)
                if places and sender is not None:
                    _emit(out, doc, sender, "supports", places[-1], sent, 0.65, "pattern:选派…到")
            # A把P作为D的重要抓手: A carries out the programs of P, and those D names before a 的
            ba = AS_ROLE.search(clause)
            if ba is not None:
                b_pos, z_pos = c_start + ba.start(), c_start + ba.start(1)
                agents = [m for m in cm if m.cls in ORG and m.end <= b_pos]
                agents = _left_coordinated(cm, agents[-1], text, ORG) if agents else [
                    a for a in (_anaphor(doc, sent, b_pos, ORG) or (sent_agent if sent_agent is not None
                                and sent_agent.end <= b_pos else None) or actors.get(sent.index),) if a is not None]
                progs = [m for m in cm if m.cls == "Program" and b_pos < m.start and (
                    m.end <= z_pos or m.start == z_pos + 2 and text[m.end:m.end + 1] == "的")]
                for a in agents:
                    for prog in progs:
                        pred = carries_out(a)
                        _emit(out, doc, a, pred, prog, sent, 0.7, "pattern:把…作为")
            # (由|为|被) PER 创建/创办 → PER founded the organization named before (这家企业为唐杰创建)
            for mt in FOUNDED_BY.finditer(clause):
                founders = [m for m in cm if m.cls in ({"Person"} | ORG) and c_start + mt.start(2) <= m.start
                            and m.end <= c_start + mt.end(2)]
                pair = pairs.get(sent.item)
                if not founders and pair is not None and PAIR_ANAPHOR.search(mt.group(2)):
                    # 由双方共同创办的“雾岚人家”: the two parties that just signed
                    founders = [Mention(k[1], 0, 0, k[0], source="pair", name=k[1]) for k in pair[1]]
                if mt.group(5):  # 由…创办的X: what is named after 的
                    made = [m for m in cm if m.cls in ("Enterprise", "Institution", "Program")
                            and c_start + mt.end() <= m.start <= c_start + mt.end() + 1]
                else:
                    made = [m for m in ms if m.cls in ("Enterprise", "Institution", "Program")
                            and m.end <= c_start + mt.start()]
                target = made[-1] if made else _anaphor(doc, sent, c_start + mt.start(),
                                                        {"Enterprise", "Institution", "Program"})
                for f in founders if mt.group(3) or len(founders) == 2 and founders[0].source == "pair" \
                        else founders[-1:]:
                    if target is not None:
                        _emit(out, doc, f, "founded", target, sent, 0.75, "pattern:为…创建")
            # X 在 Y 务工/上班 → Y employs X
            for mt in re.finditer(r"在([^，。；]{0,20}?)(务工|上班|打工|就业|工作)", clause):
                y_span = (c_start + mt.start(1), c_start + mt.end(1))
                ys = [m for m in cm if m.start >= y_span[0] and m.end <= y_span[1] + 4
                      and m.cls in (ORG | {"Program"})]
                if not ys and ANAPHOR_START.match(mt.group(1)):  # 在合作社茶园就业: the cooperative of the story
                    ana = _anaphor(doc, sent, y_span[0] + len(ANAPHOR_START.match(mt.group(1)).group(0)), ORG,
                                   anywhere=True)
                    ys = [ana] if ana is not None else []
                xs = [m for m in cm if m.cls in BENEFICIARY and m.end <= c_start + mt.start()]
                if not xs:
                    xs = [m for m in ms if m.cls in BENEFICIARY and m.end <= c_start + mt.start()]
                if not xs:  # 在就业帮扶车间务工的周边村民: the workers follow
                    xs = [m for m in cm if m.cls in BENEFICIARY and m.start >= c_start + mt.end()][:1]
                for y in ys[-1:]:
                    for x in xs[-1:]:
                        _emit(out, doc, y, "employs", x, sent, 0.7, "pattern:在…务工")
            # 在 X 的帮助/帮扶/支持下 → X supports the one helped (the clause's person or place)
            for mt in re.finditer(r"在([^，。；]{2,30}?)的?(帮助|帮扶|支持|扶持|指导|资助)下", text):
                helpers = [m for m in ms if m.cls in ORG and mt.start(1) <= m.start and m.end <= mt.end(1)]
                helped = [m for m in ms if m.cls in ({"Person", "Place"} | ORG) and m.start >= mt.end()]
                head = re.match(r"[，,]?\s*(该公司|公司|企业|合作社|该村|村里|医院|学校)", text[mt.end():])
                if head:  # 在…指导下，公司与…: the anaphor heading the next clause is the one helped
                    ana = _anaphor(doc, sent, mt.end() + head.end(), ORG | {"Place"})
                    helped = [ana] if ana is not None else helped
                if not helped:
                    helped = [m for m in ms if m.cls in {"Person"} and m.end <= mt.start()][-1:]
                for h in helpers:
                    for x in helped[:1]:
                        _emit(out, doc, h, "supports", x, sent, 0.7, "pattern:在…帮助下")
            # P 由 ORG (于…) 投资/建设/运营 → ORG funds (with money) or participatesIn P (车间由X公司投资120万元建设)
            for mt in re.finditer(r"由([^，。；]{2,30}?)(于[^，。；]{1,10}?)?(投资|出资|捐资|投入|援建|捐建|建设|建成|运营|承建|管理)",
                                  clause):
                agents = [m for m in cm if m.cls in ORG and c_start + mt.start(1) <= m.start
                          and m.end <= c_start + mt.end(1)]
                progs = [m for m in ms if m.cls == "Program" and m.end <= c_start + mt.start()]
                target = progs[-1] if progs else _anaphor(doc, sent, c_start + mt.start(), {"Program"})
                if target is None or not agents:
                    continue
                a = agents[-1]
                paid = mt.group(3) in ("投资", "出资", "捐资", "投入", "援建", "捐建")
                if a.cls == "Government":
                    _emit(out, doc, a, "implements", target, sent, 0.7, "pattern:由…建设")
                else:
                    _emit(out, doc, a, "participatesIn", target, sent, 0.7, "pattern:由…建设")
                if paid:
                    _emit(out, doc, a, "funds", target, sent, 0.7, "pattern:由…投资")
            # ORG 向 X 捐赠/拨付 … → ORG funds X (贵州茅台集团向六屯镇捐赠帮扶资金200万元)
            for mt in re.finditer(r"(向|为|给)([^，。；]{1,20}?)(捐赠|捐款|捐资|捐建|拨付|援助|划拨|分红|兑现|争取|投入)", clause):
                xs = [m for m in cm if c_start + mt.start(2) <= m.start and m.end <= c_start + mt.end(2)
                      and m.cls in SIGNATURES["funds"][1]]
                if not xs and re.match(r"(该)?(公司|企业|合作社)$", mt.group(2)):  # 为公司兑现奖补
                    ana = _anaphor(doc, sent, c_start + mt.end(2), ORG, anywhere=True)
                    xs = [ana] if ana is not None else []
                payer = [m for m in cm if m.end <= c_start + mt.start() and m.cls in ORG]
                if not payer:
                    ana = _anaphor(doc, sent, c_start + mt.start(), ORG)
                    payer = [ana] if ana is not None else []
                if not payer:  # “合作社采取…模式，去年给入社群众分红36万元”: the subject of the sentence
                    ana0 = _anaphor(doc, sent, min(len(text), 6), ORG)
                    chain = [m for m in ms if m.end <= c_start + mt.start() and m.cls in ORG and _heads_clause(sent, m)]
                    payer = chain[-1:] or ([ana0] if ana0 is not None else [])
                for x in xs[-1:]:
                    for s_ in payer[-1:]:
                        _emit(out, doc, s_, "funds", x, sent, 0.75, "pattern:向…捐赠")
            # X 被 ORG …推荐/帮助/扶持 → ORG supports X (田芝兰…被驻村扶贫工作队优先推荐到生态园就业)
            for mt in re.finditer(r"被([^，。；]{2,25}?)(优先)?(推荐|帮助|扶持|帮扶|安置|资助|救助|指导)", clause):
                helpers = [m for m in cm if m.cls in ORG and c_start + mt.start(1) <= m.start
                           and m.end <= c_start + mt.end(1)]
                helped = [m for m in ms if m.cls in ({"Person", "Place"} | ORG) and m.end <= c_start + mt.start()]
                for h in helpers[-1:]:
                    for x in helped[-1:]:
                        _emit(out, doc, h, "supports", x, sent, 0.6, "pattern:被…帮助")
            # 为 X 提供 … → subject benefits X
            for mt in re.finditer(r"为(?![让使了])([^，。；]{1,25}?)(提供|发放|送去|送上|办理|开展|免费)", clause):
                xs = [m for m in cm if m.cls in BENEFICIARY and c_start + mt.start(1) <= m.start
                      and m.end <= c_start + mt.end(1)]
                subj = [m for m in cm if m.end <= c_start + mt.start() and m.cls in (ORG | {"Program"})]
                head_agent = sent_agent is not None and sent_agent.start < c_start + mt.start() \
                    and _heads_clause(sent, sent_agent) and not re.search(r"[由被]$", text[:sent_agent.start])
                if not subj and not head_agent:  # 由…主办的“送医下乡”义诊活动…，为群众免费诊疗: the event
                    subj = [m for m in ms if m.cls == "Program" and m.end <= c_start + mt.start()
                            and not DOCUMENT.search(m.name or m.text)][-1:]
                    if subj and _program_verb_before(sent, subj[-1]):
                        # 公司专门开设了彝族风味食堂，并为夫妻工提供…: the body that set the program up helps
                        ana = _anaphor(doc, sent, subj[-1].start, ORG)
                        subj = [ana] if ana is not None else subj
                # …，农行张家川支行还在全县设立服务点126个，为村民提供…: the body heading an earlier clause
                earlier = [m for m in ms if m.cls in ORG and m.end <= c_start and _heads_clause(sent, m)
                           and m.source != "self"]
                s = subj[-1] if subj else (sent_agent if sent_agent and sent_agent.start < c_start + mt.start()
                                           else earlier[-1] if earlier
                                           else _anaphor(doc, sent, c_start + mt.start(), ORG)
                                           or topic.get(sent.item) or _item_government(doc, sent))
                if s is None or not xs:
                    continue
                rest = clause[mt.end():]
                # 为X提供就业岗位120个: jobs; 为X提供岗位对接、权益维护等服务: a service (benefits)
                pred = "employs" if re.search(r"就业|岗位", rest) and not JOB_SERVICE.search(rest) else "benefits"
                # measured: right for employs, but the helper of 为…提供 is rarely the one named before
                conf = 0.7 if pred == "employs" else 0.5 if not subj and s in earlier else 0.3
                paid = mt.group(2) == "发放" and re.search(r"\d[\d.]*\s*(万|亿)?元", clause[mt.end():])
                if paid and s.cls in ORG:
                    # 为695名失能人员发放照料护理补贴169.65万元: the payer funds the people (with the
                    # amount); the allowance named after the verb benefits them (with the count)
                    pred, conf = "funds", 0.6
                    for prog in [m for m in cm if m.cls == "Program" and m.start >= c_start + mt.end()][:1]:
                        _emit(out, doc, prog, "benefits", xs[0], sent, 0.6, "pattern:为…发放")
                for k, x in enumerate(_coordinated(cm, xs[0], text, BENEFICIARY)):
                    _emit(out, doc, s, pred, x, sent, conf, "pattern:为…提供" if not paid else "pattern:为…发放",
                             coord=k)
            # 与 Y 签订/合作 → X partnersWith Y
            for conj in re.finditer(r"[与同和]", clause):
                if any(m.start <= c_start + conj.start() < m.end for m in ms):
                    continue  # the 和 of 人力资源和社会保障厅 joins no partners (and must not hide the 与 after it)
                mt = PARTNER_PHRASE.match(clause, conj.start())
                if mt is None:
                    continue
                span = [m for m in cm if c_start + mt.start(2) <= m.start and m.end <= c_start + mt.end(2)]
                ys = [m for m in span if m.cls in ORG]
                # a place that signs is its government (与浙江省嘉兴市签订…: the innermost place written)
                # …only when the place ends the partner phrase (与东乡县12所中小学开展…: the schools are)
                places = [m for m in span if m.cls == "Place" and (not clause[m.end - c_start:mt.end(2)].strip() or re.match(
                    r"(开展|建立|签订|签署|深化|进行|达成)", clause[m.end - c_start:mt.end(2)]))]
                if not ys and places:
                    gov = _place_government(doc, places[-1])
                    ys = [gov] if gov is not None else []
                xs = [m for m in cm if m.cls in ORG and m.end <= c_start + mt.start()] or \
                    ([] if _anaphor(doc, sent, c_start + mt.start(), ORG) else
                     [m for m in ms if m.cls in ORG and m.end <= c_start + mt.start()])
                if not xs:  # 公司与县妇联签订…: 公司 is the company of the story
                    ana = _anaphor(doc, sent, c_start + mt.start(), ORG)
                    xs = [ana] if ana is not None else [actors[sent.index]] if sent.index in actors \
                        else [topic[sent.item]] if sent.item in topic else []
                for x in xs[-1:]:
                    for y in ys:
                        _emit(out, doc, x, "partnersWith", y, sent, 0.75, "pattern:与…合作")
                    # 与广元市人社局签订劳务协作协议, 建立东西部协作结对关系: both parties carry out the scheme
                    signed = mt.group(3) in ("签订", "签署")
                    # …签订《X协议》: the named agreement itself is carried out by both (003's 备忘录)
                    schemes = [p for p in cm if p.cls == "Program" and c_start + mt.start(3) <= p.start and (
                        p.end <= c_start + mt.end() + 12 and not DOCUMENT.search(p.name or p.text)
                        or signed and p.text.startswith("《") and p.start - c_start - mt.end() <= 1)]
                    nxt = AGREED_ACT.match(text, c_end + 1) if signed and not schemes else None
                    if nxt is not None:  # 签订…合作协议，在全县推行X: what the agreement sets going
                        stop = re.search(r"[，。；]", text[nxt.end():])
                        n_end = nxt.end() + stop.start() if stop else len(text)
                        schemes = [p for p in ms if p.cls == "Program" and nxt.end() <= p.start and p.end <= n_end
                                   and not DOCUMENT.search(p.name or p.text)][:1]
                    ties = mt.group(3).endswith("关系")  # 与蓝思科技等企业建立劳务协作关系: a tie, not a scheme they run
                    for party in ([x] + ys) if ys else []:
                        for prog in schemes[:1] if not (ties and party.cls != "Government") else []:
                            pred = carries_out(party)
                            _emit(out, doc, party, pred, prog, sent, 0.65, "pattern:与…签订协作")
            # A、B、C 联合/共同 实施 → pairwise partners
            if re.search(r"(联合|共同)(实施|主办|举办|发起|开展)", clause):
                orgs = [m for m in cm if m.cls in ORG]
                if len(orgs) >= 2:
                    group = _coordinated(cm, orgs[0], text, ORG)
                    for i, a in enumerate(group):
                        for b in group[i + 1:]:
                            _emit(out, doc, a, "partnersWith", b, sent, 0.75, "pattern:联合实施")
            # leads: ORG … 负责人/书记 PER
            for m in cm:
                if m.cls != "Person":
                    continue
                before = text[max(c_start, m.start - 14):m.start]
                role = next((r for r in _roles() if before.endswith(r)), None)
                if role is None or before.endswith("副" + role) or ("副" in before[-len(role) - 2:]):
                    continue
                role_start = m.start - len(role)
                for r in _roles():  # 杏林村党支部书记: the body's name holds part of the title (党支部)
                    if len(r) < len(role) and before.endswith(r) and any(
                            x.end == m.start - len(r) and x.cls in ORG for x in ms):
                        role, role_start = r, m.start - len(r)
                        break
                org_before = [x for x in ms if x.end <= role_start and x.cls in (ORG | {"Program"})]
                target = org_before[-1] if org_before else None
                if target is not None and not ROLE_GAP.fullmatch(text[target.end:role_start]):
                    # 实验初级中学教务主任, 省政协副主席、怀化市委书记: the title is of a unit inside
                    # the body or of another body, not the head of the one named
                    target = None
                committee = _committee_in_title(doc, sent, ms, role_start)
                if committee is not None:
                    target = committee
                if target is None and role[:1] in "省市县区州镇乡" and role.endswith("长") and len(role) == 2:
                    # 化隆县委副书记、县长马晓明: a head of government leads the government of that place
                    target = _head_of_government(doc, sent, before[: -len(role)], role[0])
                if target is None:
                    # 公司负责人 → the company named last (该公司, 公司)
                    generic = before[: -len(role)]
                    for _ in range(2):  # 工作队队长、第一书记X: past the other titles of a list
                        generic = generic.rstrip("、和及")
                        generic = next((generic[: -len(r)] for r in _roles() if generic.endswith(r)), generic)
                    target = _nearest_named(doc, sent, generic[-3:])
                if target is not None:
                    _emit(out, doc, m, "leads", target, sent, 0.75, f"pattern:role:{role}")
            # X工作组组长、挂职Y县委常委、副县长的PER: the first title of a list written before 的 and
            # the name is of the body right before it
            for m in cm:
                if m.cls != "Person" or text[m.start - 1:m.start] != "的":
                    continue
                for x in sorted((x for x in cm if x.cls in ORG and x.end < m.start), key=lambda x: -x.end):
                    if TITLE_LIST.fullmatch(text, x.end, m.start):
                        _emit(out, doc, m, "leads", x, sent, 0.7, "pattern:title-list")
                        break
            # PER 成立/创办 X，并担任理事长: the title with no body of its own is of the one just named
            for mt in re.finditer(rf"(?:并|还|兼)?(?:担任|出任|任)({'|'.join(map(re.escape, _roles()))})(?![^，。；])",
                                  clause):
                pos = c_start + mt.start()
                who = [m for m in ms if m.cls == "Person" and m.end <= pos]
                made = [m for m in ms if m.cls in ORG and m.end <= pos and (not who or m.start > who[-1].end)]
                if who and made:
                    _emit(out, doc, who[-1], "leads", made[-1], sent, 0.7, f"pattern:担任:{mt.group(1)}")
            # PER 是/担任 X(的)负责人: the title written after the name (刘振宇是这一项目的负责人)
            for m in cm:
                if m.cls != "Person":
                    continue
                mt = _role_after().match(text, m.end)
                if mt is None or mt.end() > c_end:
                    continue
                role = next((r for r in _roles() if text[:mt.end()].endswith(r)), None)
                if role is None or "副" in text[mt.end() - len(role) - 1:mt.end()]:
                    continue
                span = (mt.start(2), mt.end() - len(role))
                inside = [x for x in ms if x.cls in (ORG | {"Program"}) and span[0] <= x.start and x.end <= span[1]]
                target = inside[-1] if inside and ROLE_GAP.fullmatch(text[inside[-1].end:span[1]]) else None
                if target is None and not inside:
                    target = _nearest_named(doc, sent, text[span[0]:span[1]].rstrip("的")[-3:])
                if target is not None:
                    _emit(out, doc, m, "leads", target, sent, 0.7, f"pattern:role-after:{role}")
        # the topic for the next sentences: the last organization that acted as a subject
        for r in out[-20:]:
            if r.sentence == text and r.predicate != "supports":  # a helper is not the story's subject
                subj = next((m for m in ms if m.key == r.subject), None)
                if subj is not None and subj.cls in ORG:
                    topic[sent.item] = subj
    return out


#: ROLE、other titles…的 (the titles before a name written with 的), the first one not a deputy's
TITLE_LIST = re.compile(r"(?:" + "|".join(map(re.escape, sorted(words("roles.txt"), key=len, reverse=True)))
                        + r")(?:、[^，。；：“”、的]{1,20}){0,3}的")
#: a sentence whose subject is a pronoun for a person (2021年，他…; “…”她说完，又…)
PRONOUN_SUBJECT = re.compile(r"((?:[^，。；“”]{0,10}[，,])?)(他|她)(?![们人乡国])")


@lru_cache(maxsize=1)
def _role_after() -> re.Pattern:
    """PER 是/担任/任 X 的 ROLE (X is group 2), the titles of roles.txt."""
    roles = "|".join(map(re.escape, _roles()))
    # (到马河村担任村党支部第一书记: the place a person is sent to may come first)
    return re.compile(rf"(?:到[^，。；：“”]{{1,12}}?)?(就是|是|担任|任|为)([^，。；：“”]{{1,25}}?的?)({roles})(?=[，。；、]|$)")


#: a generic noun heading a phrase that stands for the story's organization (在合作社茶园, 在公司车间)
ANAPHOR_START = re.compile(r"(该公司|公司|该企业|企业|合作社|该合作社|厂里|该厂|工厂)")
#: 两局/两市/双方…: the two partners named just before
PAIR_ANAPHOR = re.compile(r"[，,]?(两局|两市|两县|两区|两地|两省|两镇|两校|两院|两家|双方)")
#: 与 Y 签订/合作/结对 …: the partner phrase after a conjunction that is not inside a name
PARTNER_PHRASE = re.compile(r"(与|同|和)([^，。；]{1,30}?)(签订|签署|签约|合作|共建|联合|携手|沟通联系|结对|结为|结成"
                            r"|(深化|开展)[^，。；]{0,6}协作|建立[^，。；]{0,12}关系)")
#: what may stand between a body's name and its head's title (县民政局低保中心主任, 某村党支部书记)
ROLE_GAP = re.compile(r"(的)?(党委|党组|党支部|党总支|党工委|“|”|\s)*")
COMMITTEE_IN_TITLE = re.compile(r"(市委|县委|区委|州委|省委|旗委)$")


def _head_of_government(doc: Document, sent: Sentence, before: str, level: str) -> Mention | None:
    """县长 after 化隆县委副书记、 or 化隆县: the government of the place written before the titles,
    else of the news item's place of that level."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    for k in range(len(before) - 1):
        for n in (4, 3, 2):
            stem = before[k:k + n]
            ids = gaz.lookup(stem + level, max_level=3) if not stem.endswith(level) else gaz.lookup(stem, max_level=3)
            if len(stem) == n and ids:
                name = gaz.divisions[ids[0]].name
                return Mention(stem, 0, 0, "Government", source="title", name=f"{name}人民政府", confidence=0.75)
    gov = _item_government(doc, sent)
    return gov if gov is not None and level in "县区" else None


def _committee_in_title(doc: Document, sent: Sentence, ms: list[Mention], role_start: int) -> Mention | None:
    """怀化市委书记彭国甫: the party committee is written into the title after a place
    (怀化 + 市委 + 书记) → the committee's full name (中共怀化市委员会)."""
    from .resolve import canonical_government

    text = sent.text
    mt = COMMITTEE_IN_TITLE.search(text, 0, role_start)
    if mt is None:
        return None
    place = next((x for x in ms if x.cls == "Place" and x.end == mt.start()), None)
    if place is None:  # 乐业/n 县委书记: a short form LAC did not tag as a place
        from .gazetteer import gazetteer

        for k in (4, 3, 2):
            stem = text[max(0, mt.start() - k):mt.start()]
            if len(stem) == k and gazetteer().lookup(stem + mt.group(1)[0], max_level=2):
                place = Mention(stem, mt.start() - k, mt.start(), "Place", source="title")
                break
    if place is None:
        return None
    name = canonical_government(place.text + mt.group(1), _ctx(doc, sent))
    return Mention(place.text + mt.group(1), place.start, mt.end(), "Government", source="title", name=name,
                   confidence=0.75)


@lru_cache(maxsize=1)
def _object_first() -> tuple[tuple[str, str, float], ...]:
    rows = [(r[0], r[1], float(r[2]) if len(r) > 2 else 0.5) for r in table("object_first_triggers.tsv") if len(r) >= 2]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _find_triggers(clause: str) -> list[tuple[tuple[int, int, str], tuple[str, ...], float]]:
    found = []
    taken: list[tuple[int, int]] = []
    for trig, preds, conf in triggers():
        if trig not in clause:
            continue
        pos = clause.find(trig)
        while pos >= 0:
            span = (pos, pos + len(trig))
            pos = clause.find(trig, pos + 1)
            if any(not (span[1] <= a or span[0] >= b) for a, b in taken):
                continue
            if any(clause.startswith(h, span[0]) for h in _heads_from(trig)):
                continue  # 合作 in 合作社: the trigger begins an organization's head word, a noun
            taken.append(span)
            found.append(((span[0], span[1], trig), preds, conf))
    found.sort(key=lambda f: f[0][0])
    return found


#: triggers that are also nouns: they take an object written right after them (培训留守妇女600人次)
ADJACENT_OBJECT_TRIGGERS = frozenset({"培训"})
#: 被 + the agent + adverbs, right before a trigger
PASSIVE_AGENT = re.compile(r"被[^，。；被]{1,20}$")
#: triggers whose subject is the patient of a passive (被…认定为/评为/列为 X: the patient takes part in X)
SUBJECT_UNDERGOES = re.compile(r"认定为|评为|列为|确定为|授予")


@cache
def _heads_from(trig: str) -> tuple[str, ...]:
    """Organization head words that begin with a trigger (合作 → 合作社, 合作联社)."""
    from .recognise import org_suffixes

    return tuple(h for h, _ in org_suffixes() if h.startswith(trig) and len(h) > len(trig))


#: a demonstrative with a described noun (这家总部位于北京的中央企业 → 该企业)
DESCRIBED = re.compile(r"(?:这家|这个|该|此)[^，。；、“”]{2,16}的(?:中央|国有|民营|龙头)?(企业|公司|合作社|医院|学校)")


@lru_cache(maxsize=1)
def _anaphors() -> tuple[tuple[str, str, bool], ...]:
    """(word, class, only a name with the word's head): 工作队 stands for a team, never for a bureau."""
    return tuple(sorted(((r[0], r[1], len(r) > 2 and r[2] == "head") for r in table("anaphors.tsv") if len(r) >= 2),
                        key=lambda r: -len(r[0])))


def _anaphor(doc: Document, sent: Sentence, upto: int, classes: set[str], anywhere: bool = False) -> Mention | None:
    """Resolve 该公司 / 公司 / 厂里 … written before ``upto`` to the nearest named entity of its class
    (as an agent only at the head of its clause, unless ``anywhere``: 为公司兑现奖补)."""
    head = sent.text[:upto]
    covered = [(m.start, m.end) for m in sent.mentions]
    described = [(m.start(), m.group(1)) for m in DESCRIBED.finditer(head)]
    for word, cls, same_head in _anaphors():
        if cls not in classes:
            continue
        pos = head.rfind(word)
        if pos < 0 and described and word == "该" + described[-1][1]:
            pos = described[-1][0]  # 这家总部位于北京的企业: a demonstrative, a description, the noun
        if pos < 0 or any(a <= pos < b for a, b in covered):
            continue
        clause_start = max(head.rfind(c, 0, pos) for c in "，,；;：:。！？") + 1
        if pos - clause_start > 4 and not anywhere:
            continue  # 壮大车间规模: an anaphor stands for the agent only at the head of its clause
        # the nearest name with the anaphor's own head (公司 → …有限公司, not the 合作社 named after
        # it), else the nearest of its class
        noun = re.sub(r"^(这家|这个|该|此|这)", "", word) or word
        fallback = None
        for s in reversed(doc.sentences[max(0, sent.index - 12): sent.index + 1]):
            if s.item != sent.item:
                continue
            for m in sorted(s.mentions, key=lambda m: m.start, reverse=True):
                if m.cls == cls and (s is not sent or m.end <= pos):
                    if (m.name or m.text).endswith(noun):
                        return m
                    if sent.index - s.index <= 6 and not same_head:
                        fallback = fallback or m
        if fallback is not None:
            return fallback
    return None


def _last_person(doc: Document, sent: Sentence, upto: int, back: int = 2) -> Mention | None:
    """The person named last before ``upto`` in this sentence or the ``back`` before it (same item)."""
    for s in reversed(doc.sentences[max(0, sent.index - back): sent.index + 1]):
        if s.item != sent.item:
            continue
        people = [m for m in s.mentions if m.cls == "Person" and (s is not sent or m.end <= upto)]
        if people:
            return max(people, key=lambda m: m.start)
    return None


def _item_government(doc: Document, sent: Sentence, create: bool = False) -> Mention | None:
    """The government of the item's place (the zero subject of a county report)."""
    item = next((i for i in doc.items if i.index == sent.item), None)
    if item is None or not item.place:
        return None
    name = f"{item.place}人民政府"
    key = ("Government", name)
    # only when the article makes that government an actor somewhere (acting place, 我县 …), unless
    # the caller accepts the item's place as the actor of its zero subjects
    if key not in doc.entities and not create:
        return None
    return Mention(item.place, 0, 0, "Government", source="item", name=name, confidence=0.7)


INSTRUMENT = re.compile(r"(依托|通过|借助|利用|凭借)[^，。；]{0,4}$")
#: 由/为/被 X (共同) 创办/设立 (的 Y): X founded Y, or the body named before (这家企业为唐杰创建)
FOUNDED_BY = re.compile(r"(由|为|被)([^，。；]{1,15}?)(共同|联合)?(创建|创办|创立|成立|兴办|设立)(的)?")
#: a generic noun right after a verb that stands for the story's program (产业园, 该车间)
PROGRAM_ANAPHOR = re.compile(r"(?:该|这个|这一)?(?:产业园|园区|车间|基地)")
#: people a body sends to serve a place (选派5名干部到西畴县挂职, 派驻医生到村卫生室工作)
SENT_TO = re.compile(r"(选派|派驻|派出|委派|下派)([^，。；]{0,30}?)到([^，。；]{2,12}?)"
                     r"(担任|挂职|驻村|任职|开展|帮扶|工作|支教|支医|蹲点)")
#: the means an agent works through (通过“双师课堂”…, 借助东西部协作，…)
MEANS = re.compile(r"(通过|借助|依托)(?:实施|开展)?")
#: what may stand between the means word and the programs it lists
MEANS_GAP = re.compile(r"[“”‘’\"、和及与以\s]*")
#: 把P作为D (group 1 is 作为): P is what the agent takes up, D what it is to the agent
AS_ROLE = re.compile(r"把[^，。；]{1,30}?(作为)")
#: what stands before a preposition's object in its part of the clause (与…, 向…, 为…)
PREP_OBJECT = re.compile(r"(与|同|跟|向|对|为|给)[^，。；]*$")
#: help in finding work, not the work itself (岗位推荐, 就业指导, …等服务)
JOB_SERVICE = re.compile(r"(岗位|就业)(推荐|对接|信息|指导|培训|服务|咨询|援助)|服务$")
#: the clause after an agreement, when it says what the parties set going (在全县推行, 双方共同建立)
AGREED_ACT = re.compile(r"(?:并|双方|共同|联合|在[^，。；]{1,10}?)*(?:推行|实施|开展|采取|推出|建立|推进|启动)")
#: names of documents: issued and implemented, but they employ or help nobody themselves
DOCUMENT = re.compile(r"(通知|意见|办法|方案|规定|决定|细则|条例|备忘录|协议|纲要|规划)$")


#: 投资1.5亿元建设X: money is paid for what it builds
MONEY_PURPOSE = re.compile(r"[^，。；]{0,12}?[\d.]+[万亿千]*元[^，。；]{0,4}[，,]"
                           # 恒远集团投入860万元，县政府配套200万元，在龙坪村建起…: a co-funder's share between
                           r"(?:[^，。；]{2,20}?(?:配套|投入|出资|筹集|整合)[^，。；]{0,6}?[\d.]+[万亿千]*元[，,])?"
                           r"(?:并|主要|专门)?(?:在[^，。；]{1,12}?)?(实施|建设|新建|修建|建起|建成|打造|援建|兴建|用于|设立)")
BUILD_VERBS = ("建设", "建成", "新建", "援建", "捐建", "修建", "兴建", "用于", "实施", "打造")


def _verb_between(sent: Sentence, start: int, end: int, allowed: tuple[str, ...] = ()) -> bool:
    """Does a verb stand between a trigger and a candidate object (outside quotes)?"""
    verbs = [t for t in sent.tokens if start <= t.start and t.end <= end and t.tag == "v"
             and t.text not in ("是", "为", "有") + allowed]
    # 落实不高于50万元的一次性建设奖补: a verb inside a 的-phrase modifies the object; 设置保洁、护林等
    # 公益性岗位: a verb in a list closed by 等 names kinds of the object
    verbs = [t for t in verbs if not re.match(r"[^，。；]*等", sent.text[t.end:end])
             or not re.search(r"、", sent.text[max(start, t.start - 6):min(end, t.end + 6)])]
    return bool(verbs) and "的" not in sent.text[verbs[-1].end:end]


def _apposition(ms: list[Mention], g: Mention) -> bool:
    """患者李文玉老人, 脱贫户任三英: a group word written against a person's name describes the person."""
    return g.cls == "BeneficiaryGroup" and any(p.cls == "Person" and (p.start == g.end or p.end == g.start)
                                               for p in ms)


def _is_source(sent: Sentence, m: Mention) -> bool:
    """记者从定西市农业农村局获悉, 据县民政局统计: the body is where the news came from, not an agent."""
    return bool(re.search(r"(从|据|根据|来自)$", sent.text[max(0, m.start - 2):m.start])) and \
        re.match(r"(获悉|了解到|得知|获知|统计|介绍|消息|数据)", sent.text[m.end:m.end + 4]) is not None


def _place_government(doc: Document, place: Mention) -> Mention | None:
    """The government of a county-or-higher place mention (嘉兴市 → 嘉兴市人民政府), or None."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    name = place.name or place.text
    idx = next((i for i in gaz.by_name.get(name, ()) if gaz.divisions[i].level <= 2), None)
    if idx is None and not re.fullmatch(r".{2,6}[镇乡]", name):  # a town that pairs has its government too
        return None
    return Mention(place.text, place.start, place.end, "Government", source="place-government",
                   name=f"{district_in_full(name, doc.text)}人民政府", confidence=place.confidence)


def _nearest_named(doc: Document, sent: Sentence, generic: str) -> Mention | None:
    cls = None
    if generic.endswith(("公司", "厂", "企业", "合作社", "集团")):
        cls = "Enterprise"
    elif generic.endswith(("医院", "学校", "中学", "院")):
        cls = "Institution"
    elif generic.endswith(("车间", "项目", "计划", "工程", "行动")):
        cls = "Program"
    elif generic.endswith(("工作队", "工作组", "帮扶队")):
        cls = "Government"  # 工作队队长、第一书记X: the team named last
    if cls is None:
        return None
    # 合作社理事长 → the cooperative named last, not a company named after it; else the nearest of the class
    noun = next((w for w in ("合作社", "集团", "公司", "医院", "学校", "车间") if generic.endswith(w)), None)
    fallback = None
    for s in reversed(doc.sentences[: sent.index + 1]):
        if s.item != sent.item:
            break
        for m in reversed(s.mentions):
            if m.cls == cls:
                if noun is None or noun in (m.name or m.text):
                    return m
                fallback = fallback or m
    return fallback


WORK_WORDS = re.compile(r"务工|打工|上班|就业|工资|熟练工|工人|员工|岗位|干活|做工|计件|赚了|赚钱|挣钱")
#: measured on the dev set (share right, --min-confidence 0): a quoted program's implementer is the
#: acting government 11 times in 15, the item's government 8 in 13; a head-word program's is the
#: acting government 11 in 25, the item's 3 in 29 (both kept below the default floor)
CONTEXT_IMPLEMENTER_CONFIDENCE = {
    ("context:actor", "quote"): 0.6, ("context:item-government", "quote"): 0.5,
    ("context:actor", "head"): 0.25, ("context:item-government", "head"): 0.2,
    ("context:actor", "lexicon"): 0.2, ("context:item-government", "lexicon"): 0.25,
}
#: a program followed by what it delivered (棚户区改造2929户, 医疗救助12.2万人次, 改造完成114个村)
DELIVERED = re.compile(r"(完成|达到?|共|累计|惠及)?[0-9０-９.]+(万|亿)?(余|多)?(户|人次|人|个|处|所|家|公里|套|间|座|名|趟)")
DELIVERED_CONFIDENCE = 0.45
#: a government that heads its clause and then acts is the actor of the clauses that follow
ACTOR_SPAN = 4  # sentences an actor carries over


HEAD_FILLER_TAGS = {"TIME", "t", "w", "d", "c", "m", "q", "f", "ad", "p"}


def _heads_clause(sent: Sentence, m: Mention) -> bool:
    """Only time words and adverbs stand before the mention in its clause (2021年以来，X…)."""
    clause_start = max(sent.text.rfind(c, 0, m.start) for c in "，,；;：:。！？") + 1
    return not any(clause_start <= t.start < m.start and t.tag not in HEAD_FILLER_TAGS for t in sent.tokens)


def _is_actor(sent: Sentence, m: Mention) -> bool:
    """Does the government mention head its clause and act (巫山县民政局全面实施…, 下一步，县民政局从…
    三方面强化…, 县委、县政府出台…)? Only time words and adverbs may stand before it in the clause,
    and a predicate, not 的 or 是, follows it."""
    if m.cls != "Government":
        return False
    if m.acting and m.source != "self":  # a place resolve found acting; 我县/全县 are checked here
        return True
    clause_start = max(sent.text.rfind(c, 0, m.start) for c in "，,；;：:。！？") + 1
    if any(clause_start <= t.start < m.start and t.tag not in HEAD_FILLER_TAGS for t in sent.tokens):
        return False
    rest = sent.text[m.end:m.end + 2]
    if not rest or rest[0] in "的，,。；;：:）)”" or rest.startswith(("是", "位于", "地处")):
        return False
    if rest[0] in "、和与及":  # 县委、县政府出台…: the first of coordinated subjects
        return True
    from .resolve import _acting

    # a verb, or a preposition or adverb opening its adverbial (从…强化, 以…为抓手, 还将…)
    return _acting(sent, m) or re.match(r"(从|以|在|对|把|将|按照|围绕|通过|为|向|坚持|还|也|已|正|更|要)", rest) is not None


def _program_verb_before(sent: Sentence, m: Mention) -> bool:
    from .recognise import PROGRAM_VERBS

    clause_start = max(sent.text.rfind(c, 0, m.start) for c in "，,；;：:。！？") + 1
    before = sent.text[clause_start:m.start]
    return any(v in before for v in PROGRAM_VERBS) or any(t[0] in before for t in triggers()
                                                           if "implements" in t[1])


def context_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Relations the text leaves implicit, read from the surrounding sentences.

    - a program with no agent is implemented by the government that last headed a clause in its
      news item (a department whose section this is), else by the item's government: a county
      report's zero subjects (138 of the 150 dev programs have an agent; 111 are a 人民政府).
    Named persons are read by ``person_relations``.
    """
    out: list[Relation] = []
    has_agent = {r.object for r in found if r.predicate in ("implements", "participatesIn", "founded")}
    actors = _actors(doc)
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        gov = actors.get(sent.index)
        how = "context:actor"
        if gov is None:
            gov, how = _item_government(doc, sent, create=True), "context:item-government"
        for m in ms:
            if m.cls != "Program" or m.key in has_agent or gov is None:
                continue
            verb = _program_verb_before(sent, m)
            conf = CONTEXT_IMPLEMENTER_CONFIDENCE.get((how, m.source), 0.25)
            if DELIVERED.match(sent.text[m.end:m.end + 8]):
                conf = max(conf, DELIVERED_CONFIDENCE)  # 农村危房改造13188户: the report's own work
            if _emit(out, doc, gov, "implements", m, sent, conf, f"{how}{'-verb' if verb else ''}-{m.source}"):
                has_agent.add(m.key)
    return out


# ---------------------------------------------------------------------------------- persons
WORKPLACE_VERB = re.compile(r"(在|到|去|进|来到|回到)([^，,。；;！？]{1,25}?)(上班|务工|打工|就业|干活|做工)")
PRONOUN_BEFORE = re.compile(r"(的|，|。|”)?(她|他)$")
EMPLOYER_PROGRAM = re.compile(r"车间|基地|工厂|岗位|产业园|工坊")
REPORTER = re.compile(r"(记者|笔者|通讯员|编辑|摄影|主持人)$")
RELATIVE_AFTER = re.compile(r"(\d+岁)?的?(孙子|孙女|儿子|女儿|孩子|小孩|外孙|外孙女)")
ONE_OF_THEM = re.compile(r"其中|之一|一员")
WORKER_SPAN = 4  # sentences a workplace stays the subject of a story (the workshop, then its workers)
OTHER_WORKER = re.compile(r"(母亲|父亲|父母|妈妈|爸爸|妻子|丈夫|儿子|女儿|家人|老伴|爱人)")


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "，,；;：:。！？") + 1


def _is_head(text: str, p: Mention) -> bool:
    """Is ``p`` introduced by a title (负责人唐永珍, 工作人员…) or as the writer (记者 …)?"""
    before = text[max(0, p.start - 6):p.start]
    return any(before.endswith(r) for r in _roles()) or re.search(r"(管理|工作|技术)人员$", before) is not None \
        or REPORTER.search(before) is not None


def _beneficiary_cued(text: str, p: Mention) -> bool:
    """Is the person introduced as one of the people helped (脱贫户王闯, 患者李文玉老人, 78岁的张婆婆)?"""
    from .recognise import _cue_before

    if RELATIVE_AFTER.match(text, p.end):
        return False  # 村民姜贤保6岁的孙子: the child is the one helped
    if p.source in ("cue", "kin"):
        return True
    before = text[max(0, p.start - 12):p.start]
    if _cue_before(text, p.start):
        return True
    return re.search(r"\d+岁的?$", before) is not None or text.startswith("老人", p.end)


def _work_evidence(text: str, p: Mention, spans: list[tuple[int, int]]) -> bool:
    """Does the sentence say that ``p`` works: a work word outside the names, in the person's clause
    or after it, or in the quotation the person speaks (“我在这里打工…”梁佐祝说)? Clauses before the
    person about someone else's work (孩子的母亲…打工，何卉…) do not count."""
    start = _clause_start(text, p.start)
    if ONE_OF_THEM.search(text, p.end, p.end + 12):
        start = 0  # …在车间务工的村民还有许多，张志珍也是其中一位: the person is one of those workers
    parts = [(start, len(text))]
    q = text.rfind("”", 0, p.start)
    if text.startswith("“") and q > 0 and p.start - q <= 12:
        parts.append((0, q))
    for a, b in parts:
        for m in WORK_WORDS.finditer(text, a, b):
            if any(x <= m.start() < y for x, y in spans):
                continue
            if a == start and OTHER_WORKER.search(text, start, m.start()) and not text.startswith(("她", "他"), start):
                continue  # 孩子的母亲…打工: someone else works
            return True
    return False


STUDIO = re.compile(r"(名医|专家|名师|劳模|大师|工匠|名家|能手|名中医)([\u4e00-\u9fff]{2,4}?)"
                    r"(?:[(（][^)）]{1,8}[)）])?(?:传承|创新|技能|名医|远程)?(工作室|工作站|工作坊)$")


def _studio_heads(doc: Document) -> list[Relation]:
    """A studio named after a person (全国名老中医药专家X(奉节)传承工作室, 劳模X创新工作室) is led by
    that person (GUIDELINES 8)."""
    from .recognise import _surname_len
    from .types import Entity

    out: list[Relation] = []
    for sent in doc.sentences:
        for m in sent.mentions:
            if m.cls not in ("Program", "Institution"):
                continue
            mt = STUDIO.search(m.name or m.text) or STUDIO.search(m.text)
            if mt is None or not _surname_len(mt.group(2)):
                continue
            name = mt.group(2)
            key = ("Person", name)
            doc.entities.setdefault(key, Entity(name=name, cls="Person", docs={doc.id}))
            person = Mention(name, m.start, m.end, "Person", source="studio", confidence=0.7)
            _emit(out, doc, person, "leads", m, sent, 0.7, "person:studio")
    return out


def person_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Relations of named persons who are neither heads nor founders (GUIDELINES 8, 11):

    - X 在/到 Y 上班/务工/打工 → Y employs X; X is the person before in the sentence, or the person
      a pronoun stands for (原来在…有限公司上班的她 → the person named last);
    - a person in a sentence about their work is employed by the enterprise or workshop program of
      the sentence, else of the paragraph (福益美…车间一派繁忙。54岁的脱贫户杨亨菊正在…);
    - a person introduced as one of the people helped (脱贫户, 患者, 搬迁户 + name; 78岁的张婆婆) and
      reached by no other relation is helped (benefits) by the program or institution named
      nearest in the same sentence.
    """
    out: list[Relation] = []
    recent: list[tuple[Sentence, Mention]] = []
    for sent in doc.sentences:
        text = sent.text
        ms = sorted(sent.mentions, key=lambda m: m.start)
        spans = [(m.start, m.end) for m in ms]
        people = [m for m in ms if m.cls == "Person" and not _is_head(text, m)]
        recent = [(s, m) for s, m in recent if s.item == sent.item and sent.index - s.index <= WORKER_SPAN]
        # X 在/到 Y 上班 → Y employs X
        for mt in WORKPLACE_VERB.finditer(text):
            ys = [m for m in ms if m.start >= mt.start(2) and m.end <= mt.end(2) + 2
                  and (m.cls in ("Enterprise", "Institution") or m.cls == "Program"
                       and EMPLOYER_PROGRAM.search(m.name or m.text))]
            if not ys:
                continue
            xs = [p for p in people if p.end <= mt.start()]
            x = xs[-1] if xs else None
            if x is None and PRONOUN_BEFORE.search(text, 0, mt.start()) is None \
                    and re.match(r"的?(她|他)(?!们)", text[mt.end():mt.end() + 3]):
                x = _last_person(doc, sent, mt.start())  # 在…有限公司上班的她
            if x is None and PRONOUN_BEFORE.search(text, 0, mt.start()):
                x = _last_person(doc, sent, mt.start())
            y = ys[-1]
            if y.cls == "Program":  # the company that runs the workshop employs its workers
                y = next((m for s, m in reversed(recent) if m.cls == "Enterprise"), y)
            if x is not None and not OTHER_WORKER.search(text, _clause_start(text, mt.start()), mt.start()):
                _emit(out, doc, y, "employs", x, sent, 0.7, "person:在…上班")
        # workers of the sentence's or the paragraph's enterprise or workshop
        here = [m for m in ms if m.cls == "Enterprise" or (m.cls == "Program" and EMPLOYER_PROGRAM.search(m.name or ""))]
        for p in people:
            if not _work_evidence(text, p, spans):
                continue
            # the company before the workshop it runs (福益美公司就业帮扶车间: the workers are the company's)
            firms = [m for m in here if m.cls == "Enterprise"] or \
                [m for s, m in reversed(recent) if m.cls == "Enterprise"][:1]
            pool = firms or here
            employer = min(pool, key=lambda m: abs(m.start - p.start) if m in ms else 10_000) if pool else None
            how = "context:worker-sentence"
            if employer is None:
                employer = next((m for s, m in reversed(recent)), None)
                how = "context:worker"
            if employer is not None:
                _emit(out, doc, employer, "employs", p, sent, 0.5, how)
        recent.extend((sent, m) for m in here)
    out += _studio_heads(doc)
    related = {r.object for r in found + out} | {r.subject for r in found + out}
    helped = {(s.item, m.key) for s in doc.sentences for m in s.mentions
              if m.cls == "Person" and not _is_head(s.text, m) and _beneficiary_cued(s.text, m)}
    heads = {(s.item, m.key) for s in doc.sentences for m in s.mentions if m.cls == "Person" and _is_head(s.text, m)}
    for sent in doc.sentences:
        text = sent.text
        ms = sorted(sent.mentions, key=lambda m: m.start)
        helpers = [m for m in ms if m.cls in ("Program", "Institution")]
        for p in ms:
            if p.cls != "Person" or p.key in related or not helpers or (sent.item, p.key) in heads \
                    or (sent.item, p.key) not in helped:
                continue
            helper = min(helpers, key=lambda m: abs(m.start - p.start))
            if _emit(out, doc, helper, "benefits", p, sent, 0.5, "person:helped"):
                related.add(p.key)
    return out


#: measured on the dev set (share of these guesses that were right, --min-confidence 0): the item's
#: or the acting government as the helper or employer of a group named without an agent was right
#: about 1 time in 10; a program merely named in the same sentence about 1 in 4 for benefits. They
#: are kept below the default confidence floor; the agent named in the clause or sentence is better.
GROUP_AGENT_CONFIDENCE = {
    ("benefits", "item-government"): 0.2, ("employs", "item-government"): 0.2,
    ("benefits", "actor"): 0.2, ("employs", "actor"): 0.2,
    ("benefits", "program-in-sentence"): 0.25, ("employs", "program-in-sentence"): 0.45,
    ("benefits", "program-in-clause"): 0.3, ("employs", "program-in-clause"): 0.35,
    ("employs", "org-in-clause"): 0.25, ("employs", "sentence-agent"): 0.25,
    ("benefits", "sentence-agent"): 0.55, ("employs", "anaphor"): 0.5, ("benefits", "anaphor"): 0.3,
}
HELP_WORDS = re.compile(r"救助|服务|帮扶|关爱|提供|惠及|覆盖|保障|支持|帮助|照顾|托管|培训|增收|受益|享受|监测|"
                        r"水平|发放|资助|补贴|慰问|送|助餐|就餐|教育|医疗|救治|安置|兜底|让|使")
EMPLOYING_PROGRAM = re.compile(r"车间|基地|岗位|就业|劳务|协作|创业|产业园|工业园|农业园|示范园|工厂|专岗|特岗")
#: programs that are themselves the jobs (posts, workshops), unlike a cooperation scheme that finds them
JOB_PLACES = re.compile(r"岗位|车间|基地|工厂|专岗|特岗|工坊|产业园|工业园|农业园|示范园")
EMPLOY_WORDS = re.compile(r"就业|务工|上班|打工|岗位|用工|招工|吸纳|转移")


@lru_cache(maxsize=1)
def _beneficiary_cues() -> tuple[tuple[re.Pattern, str, float, str], ...]:
    return tuple((re.compile(r[0]), r[1], float(r[2]) if len(r) > 2 else 0.5, r[3] if len(r) > 3 else "")
                 for r in table("beneficiary_cues.tsv") if len(r) >= 2)


#: how much the agent's source is trusted, times the cue's own confidence (measured on the dev set:
#: the sentence's subject was right 7 times in 8, the acting government 2 in 9, the item's 6 in 16)
CUE_AGENT_WEIGHT = {"clause": 0.9, "clause-chain": 1.0, "sentence-subject": 1.1, "anaphor": 0.5, "actor": 0.45, "item-government": 0.6,
                    "program-before": 1.0, "program-after": 1.0, "workplace": 1.0, "employer-before": 1.0}


def _cue_agent(doc: Document, sent: Sentence, ms: list[Mention], c_start: int, c_end: int, cue_start: int,
               cue_end: int, dom: set[str], actors: dict[int, Mention], hint: str = "") -> tuple[Mention | None, str]:
    """Who helps or employs in a cue phrase. The cue may name where to look (``beneficiary_cues.tsv``,
    fourth column): the program the sentence carried out before a causative 让/使 (实施“惠老阳光工程”，
    让…留守老人…), or the program delivered after 为 G 提供 / 对 G 开展. Otherwise an organization or
    program heading the clause, else the sentence's subject, else 该公司/公司 …, else the government
    acting for the news item."""
    progs = [m for m in ms if m.cls == "Program" and "Program" in dom]
    if hint == "workplace":  # 走进X公司生产车间，30多名工人正在赶制…: the enterprise or workshop of the scene
        for s in reversed(doc.sentences[max(0, sent.index - 2): sent.index + 1]):
            if s.item != sent.item:
                continue
            places = [m for m in s.mentions if (m.cls == "Enterprise" or m.cls == "Program" and
                                                EMPLOYING_PROGRAM.search(m.name or m.text))
                      and (s is not sent or m.end <= cue_start)]
            if places:
                ent = [m for m in places if m.cls == "Enterprise"]
                return (ent or places)[-1], hint
        return None, hint
    if hint == "employer-before":  # 设置公益性岗位42个，优先安排脱贫户就业: the posts or the company named before
        jobs = [m for m in ms if m.end <= cue_start and (m.cls == "Enterprise" and _heads_clause(sent, m)
                or m.cls == "Program" and JOB_PLACES.search(m.name or m.text)
                and not DOCUMENT.search(m.name or m.text))]
        if jobs and not any(c_start <= m.start and m.end <= cue_start and m.cls in dom for m in ms):
            return jobs[-1], hint
    if hint == "program-before":
        before = [p for p in progs if p.end <= cue_start]
        if before:
            return before[-1], hint
    if hint == "program-after":
        after = [p for p in progs if cue_end <= p.start < c_end]
        if after:
            return after[0], hint
    before = [m for m in ms if c_start <= m.start and m.end <= cue_start and m.cls in dom
              and not (m.source == "self" and not _heads_clause(sent, m))]
    if before:
        return before[-1], "clause"
    # the subject of an earlier clause of the sentence (…介绍，闵行区还开发了岗位1500个，帮助…就业)
    chain = [m for m in ms if m.end <= cue_start and m.cls in dom and _heads_clause(sent, m)
             and not _is_source(sent, m) and not re.search(r"(在|对|为|向|从)$", sent.text[max(0, m.start - 1):m.start])]
    if chain:
        return chain[-1], "clause-chain"
    first = next((m for m in ms if not _is_source(sent, m)), None)
    if first is not None and first.cls in dom and first.end <= cue_start and (first.start <= 6 or _heads_clause(sent, first)):
        return first, "sentence-subject"
    ana = _anaphor(doc, sent, cue_start, dom)
    if ana is not None:
        return ana, "anaphor"
    if sent.index in actors and actors[sent.index].cls in dom:
        return actors[sent.index], "actor"
    gov = _item_government(doc, sent, create=True)
    return gov, "item-government"


def cue_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Beneficiaries made objects by a cue phrase (``beneficiary_cues.tsv``: 对 G 的监测, 提高 G 救助水平,
    设立 G 救助点, 让 G 实现 …, 吸纳 G 就业): one relation per coordinated group, from the clause's agent."""
    out: list[Relation] = []
    reached = {(r.object, r.predicate, r.sentence) for r in found}
    employed = {(r.subject, r.object) for r in found if r.predicate == "employs"}
    actors = _actors(doc)
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        # a cue written across a comma (员工26人，其中脱贫户14人) is matched on the whole sentence
        scopes = [(c_start, c_end, False) for c_start, c_end in _clauses(sent)] + [(0, len(sent.text), True)]
        for c_start, c_end, whole in scopes:
            clause = sent.text[c_start:c_end]
            for rx, pred, conf, hint in _beneficiary_cues():
                if whole != ("[，,]" in rx.pattern):
                    continue
                for mt in rx.finditer(clause):
                    g0, g1 = c_start + mt.start("g"), c_start + mt.end("g")
                    # the lazy span may end inside the first name (对低收|入人群的监测): a mention starting in it
                    inside = [m for m in ms if g0 <= m.start < c_start + mt.end() and m.cls in BENEFICIARY
                              and not _apposition(ms, m)]
                    if not inside:
                        continue
                    group = _coordinated(ms, inside[0], sent.text, BENEFICIARY)
                    group = [g for g in group if g.start < g1 + 2 and not _apposition(ms, g)] or inside[:1]
                    dom = SIGNATURES[pred][0] - {"Place"}
                    agent, how = _cue_agent(doc, sent, ms, c_start, c_end, c_start + mt.start(), g1, dom, actors, hint)
                    if agent is None:
                        continue
                    for k, g in enumerate(group):
                        if (g.key, pred, sent.text) in reached:
                            continue
                        if pred == "benefits" and ((agent.key, g.key) in employed or re.search(
                                r"增收|致富", mt.group(0)) and (agent.cls == "Enterprise" or agent.cls == "Program"
                                                              and EMPLOYING_PROGRAM.search(agent.name or agent.text))):
                            continue  # the income of a job is no help beside it (GUIDELINES conventions 11)
                        if _emit(out, doc, agent, pred, g, sent, conf * CUE_AGENT_WEIGHT[how], f"cue:{how}", coord=k):
                            reached.add((g.key, pred, sent.text))
    return out


def _actors(doc: Document) -> dict[int, Mention]:
    """Sentence index → the government that last headed a clause in its news item (within
    ``ACTOR_SPAN`` sentences): the one a department's section or a county report speaks for."""
    out: dict[int, Mention] = {}
    actor: dict[int, tuple[int, Mention]] = {}
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        for m in ms:
            if _is_actor(sent, m):
                # 新宁县委、县政府…: the later zero subjects are the government's (the party committee
                # and the government act together only where both are written)
                both = _coordinated(ms, m, sent.text, {"Government"})
                gov = next((g for g in both if (g.name or g.text).endswith("人民政府")), m)
                actor[sent.item] = (sent.index, gov)
        act = actor.get(sent.item)
        if act is not None and sent.index - act[0] <= ACTOR_SPAN:
            out[sent.index] = act[1]
        # “我们将…”奉节县民政局相关负责人说: the speaker's body is the subject of the quoted clauses
        said = re.search(r"”[^“”]{0,30}?(说|表示|介绍|指出|告诉)", sent.text)
        if said:
            speaker = [m for m in ms if m.cls == "Government" and said.start() < m.start < said.end()]
            if speaker:
                out[sent.index] = speaker[0]
    return out


def group_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Beneficiaries no trigger reached in their sentence: helped (benefits) or employed by the
    nearest fitting agent.

    The agent is a program named in the group's clause, else an organization before the group in
    its clause, else a program elsewhere in the sentence, else the government acting for the
    item (``_actors``), else the sentence's first organization, else the item's government.
    """
    out: list[Relation] = []
    reached = {(r.object, r.sentence) for r in found if r.predicate in ("employs", "benefits", "supports", "funds")}
    actors = _actors(doc)
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        for c_start, c_end in _clauses(sent):
            clause = sent.text[c_start:c_end]
            cm = [m for m in ms if c_start <= m.start < c_end]
            groups = [m for m in cm if m.cls == "BeneficiaryGroup" and (m.key, sent.text) not in reached
                      and not _apposition(ms, m)]
            if not groups:
                continue
            employ = bool(EMPLOY_WORDS.search(clause))
            if not employ and not HELP_WORDS.search(clause):
                continue
            pred = "employs" if employ else "benefits"
            progs = [m for m in ms if m.cls == "Program"]
            if pred == "employs":  # only a workshop-like program gives jobs
                progs = [p for p in progs if EMPLOYING_PROGRAM.search(p.name or p.text)]
            in_clause = [p for p in progs if c_start <= p.start < c_end]
            orgs_before = [m for m in cm if m.cls in ORG and m.end <= groups[0].start
                           and not (m.source == "self" and not _heads_clause(sent, m))]  # 对全县…: a modifier
            agent = None
            how = ""
            if in_clause:
                agent, how = min(in_clause, key=lambda p: abs(p.start - groups[0].start)), "program-in-clause"
            elif orgs_before:
                agent, how = orgs_before[-1], "org-in-clause"
            elif progs:
                agent, how = min(progs, key=lambda p: abs(p.start - groups[0].start)), "program-in-sentence"
            else:
                first = next((m for m in ms if m.cls in ORG and m.start < c_start and not _is_source(sent, m)), None)
                ana = _anaphor(doc, sent, groups[0].start, ORG | {"Program"})
                if first is not None:
                    agent, how = first, "sentence-agent"
                elif ana is not None:
                    agent, how = ana, "anaphor"
                elif sent.index in actors:
                    agent, how = actors[sent.index], "actor"
                else:
                    agent, how = _item_government(doc, sent), "item-government"
            if agent is None:
                continue
            for k, g in enumerate(_coordinated(cm, groups[0], sent.text, {"BeneficiaryGroup"})):
                if _emit(out, doc, agent, pred, g, sent, GROUP_AGENT_CONFIDENCE.get((pred, how), 0.5),
                         f"group:{how}", coord=k):
                    reached.add((g.key, sent.text))
    return out


def funds_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Payments stated by their figures, with the amounts (kg/funds.py)."""
    from .funds import funds_relations as read_payments

    return read_payments(doc, found)


def _brand(name: str) -> str | None:
    """The proper part of a company's name (于都县织梦服饰有限公司 → 织梦服饰)."""
    from .recognise import org_head

    rest = name
    pp = place_prefix(rest)
    if pp is not None and pp[1]:
        rest = pp[1]
    head = org_head(rest)
    if head:
        rest = rest[: -len(head)]
    rest = re.sub(r"(有限责任|股份有限|有限)$", "", rest)
    return rest if len(rest) >= 2 else None


def company_workshops(doc: Document, found: list[Relation]) -> list[Relation]:
    """A workshop program named after a company (织梦服饰就业帮扶车间 of 于都县织梦服饰有限公司) is run
    by it: the company participates in the program and its workers are the company's (GUIDELINES:
    "when a company runs a program's facility … the workers are employs objects of the company")."""
    firms = [k for k in doc.entities if k[0] == "Enterprise"]
    runs: dict[tuple[str, str], tuple[str, str]] = {}
    sent_at = {s.text: s for s in doc.sentences}
    local: dict[tuple[str, str], tuple[tuple[str, str], Sentence]] = {}
    generic = _generic_programs()
    built: list[Relation] = []
    found = list(found)  # the runner's relations replace the founding ones below, in a copy
    for i, r in enumerate(found):  # 赣州鑫磊服饰有限公司扶贫车间: a company written before its workshop runs it
        if r.subject[0] != "Enterprise" or not JOB_PLACES.search(r.object[1]) or r.sentence not in sent_at:
            continue
        if r.pattern in ("org-program", "pattern:co-implementer"):  # …车间由X公司承办: X runs it too
            local.setdefault(r.object, (r.subject, sent_at[r.sentence]))
        elif r.predicate == "funds" and r.object[0] == "Program":
            # 恒远集团投入860万元…建起帮扶车间, 车间由X公司投资120万元建设: who pays for the works takes part
            built.append(Relation(r.subject, "participatesIn", r.object, r.doc_id, r.sentence, r.confidence,
                                  pattern=r.pattern + "+builder"))
        elif r.predicate == "founded" and r.object[1] in generic:  # 该公司设立就业帮扶车间: one of a kind, run
            found[i] = Relation(r.subject, "participatesIn", r.object, r.doc_id, r.sentence, r.confidence,
                                r.quantity, pattern=r.pattern + "+runner", coord=r.coord)
            local.setdefault(r.object, (r.subject, sent_at[r.sentence]))
    found = found + built
    for key in {r.subject for r in found} | {r.object for r in found} | set(doc.entities):
        if key[0] != "Program" or not EMPLOYING_PROGRAM.search(key[1]):
            continue
        owners = [f for f in firms if (b := _brand(f[1])) and (b in key[1] or b[:3] in key[1] and len(b) >= 3)]
        if len(owners) == 1:
            runs[key] = owners[0]
    if not runs and not local:
        return found
    out = []
    for r in found:
        owner = runs.get(r.subject) if r.predicate == "employs" else None
        if owner is None and r.predicate == "employs" and r.subject in local and r.sentence in sent_at:
            firm, where = local[r.subject]
            here = sent_at[r.sentence]  # the workshop of that company story: this and the next two sentences
            if here.item == where.item and 0 <= here.index - where.index <= 2:
                owner = firm
        if owner is not None:
            r = Relation(owner, "employs", r.object, r.doc_id, r.sentence, r.confidence, r.quantity,
                         pattern=r.pattern + "+runner", coord=r.coord)
        out.append(r)
    for prog, firm in runs.items():
        sent = next((s.text for s in doc.sentences for m in s.mentions if m.key == prog), "")
        if sent:
            out.append(Relation(firm, "participatesIn", prog, doc.id, sent, 0.7, pattern="name-runner"))
    return out


#: 车间有工人126名 / 公司现有员工85人: a workplace and the count of people working there
STAFF = re.compile(r"(?:现|目前|共|已)?(?:有|拥有|吸纳了?)(?P<grp>工人|员工|职工|女工|绣娘|技术工人|务工人员|从业人员)"
                   r"(?P<num>[0-9０-９.]+|[一二三四五六七八九十百千两]+)(?:余|多)?(?:名|人)")
STAFF_WORDS = frozenset(("工人", "员工", "职工", "女工", "绣娘", "技术工人", "务工人员", "从业人员"))


def staff_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """车间现有工人85人: the workplace written before (a company, or the workshop or company an
    anaphor at the head of the clause stands for) employs the workers counted."""
    out: list[Relation] = []
    done = {(r.subject, r.object, r.sentence) for r in found if r.predicate == "employs"}
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        for mt in STAFF.finditer(sent.text):
            grp = next((m for m in ms if m.cls == "BeneficiaryGroup" and m.start == mt.start("grp")), None)
            are = STAFF_ARE.match(sent.text, mt.end())
            if are is not None:  # 共有员工28名，全部为本村村民: the staff are those people
                grp = next((m for m in ms if m.start >= are.end() and m.cls in BENEFICIARY
                            and not re.search(r"[，。；]", sent.text[are.end():m.start])), grp)
            elif grp is None or (grp.name or grp.text) not in STAFF_WORDS:
                continue
            if grp is None:
                continue
            c0 = _clause_start(sent.text, mt.start())
            firms = [m for m in ms if c0 <= m.start and m.end <= mt.start() and (m.cls == "Enterprise" or (
                m.cls == "Program" and JOB_PLACES.search(m.name or m.text)))]
            employer = firms[-1] if firms else _anaphor(doc, sent, mt.start(), {"Enterprise", "Program"})
            if employer is None and re.search(r"(车间|工厂|厂里)", sent.text[c0:mt.start()]):
                # 车间由X公司承办。目前车间有工人126名: an unnamed workshop is the company's named just before
                employer = next((m for s_ in reversed(doc.sentences[max(0, sent.index - 2):sent.index + 1])
                                 if s_.item == sent.item for m in reversed(s_.mentions)
                                 if m.cls == "Enterprise" and (s_ is not sent or m.end <= mt.start())), None)
            if employer is None or (employer.cls == "Program" and not JOB_PLACES.search(employer.name or "")):
                continue
            if (employer.key, grp.key, sent.text) in done:
                continue
            if _emit(out, doc, employer, "employs", grp, sent, 0.8, "pattern:staff") and are is not None:
                staff = [f for f in find_quantities(sent.text) if f.kind == "count" and mt.start() <= f.start < mt.end()]
                if staff and not is_not_done(sent.text, staff[0]):  # the staff figure counts the people named
                    out[-1].quantity = Quantity(text=staff[0].text, count=int(staff[0].value), unit=staff[0].unit)
    return out


#: 被县林草局选聘为生态护林员, 被合作社聘为生态向导: the body after 被 hires the people before it
HIRED_BY = re.compile(r"被(?P<agent>[^，。；被]{1,20}?)(?:选聘|聘用|聘请|招聘|录用|招录|聘)为")
#: 该局优先从脱贫人口和监测对象中选聘护林员: the body hires from the groups named
HIRED_FROM = re.compile(r"从(?P<pool>[^，。；从]{2,30}?)中(?:新增|择优|优先|公开)?(?:选聘|聘用|招聘|录用|招录|聘请|选拔)")
#: 全部为本村村民, 均为脱贫户: who the staff just counted are
STAFF_ARE = re.compile(r"[，,]?(?:全部|均|都|全)(?:为|是)")


def hiring_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """Hiring stated with 被…聘为 or 从…中选聘: the hiring body employs the people (GUIDELINES
    conventions 11: it gives the jobs they take)."""
    out: list[Relation] = []
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        text = sent.text
        for mt in HIRED_BY.finditer(text):
            a0, a1 = mt.span("agent")
            agent = next((m for m in ms if a0 <= m.start and m.end <= a1 and m.cls in ORG), None) \
                or _anaphor(doc, sent, a1, ORG, anywhere=True)
            c0 = _clause_start(text, mt.start())
            hired = [m for m in ms if c0 <= m.start and m.end <= mt.start() and m.cls in BENEFICIARY | {"Person"}]
            if not hired and not any(m.cls in ORG for m in ms if c0 <= m.start < mt.start()):
                # 和建华曾是贫困户，2017年被县林草局选聘为…: the subject of the sentence, in a clause before
                hired = [m for m in ms if m.cls == "Person" and m.end <= c0][-1:]
            if agent is None or not hired:
                continue
            for k, m in enumerate(hired):
                _emit(out, doc, agent, "employs", m, sent, 0.75, "pattern:被…聘为", coord=k)
        for mt in HIRED_FROM.finditer(text):
            p0, p1 = mt.span("pool")
            pool = [m for m in ms if p0 <= m.start and m.end <= p1 and m.cls in BENEFICIARY]
            c0 = _clause_start(text, mt.start())
            agent = next((m for m in reversed(ms) if c0 <= m.start and m.end <= mt.start() and m.cls in ORG), None) \
                or _anaphor(doc, sent, mt.start(), ORG)
            if agent is None:
                agent = next((m for m in ms if m.cls in ORG and m.end <= mt.start() and _heads_clause(sent, m)), None)
            for k, m in enumerate(pool if agent is not None else []):
                # the figure of the hired goes on the first pool (从边缘易致贫户中新增选聘护林员260名)
                _emit(out, doc, agent, "employs", m, sent, 0.7, "pattern:从…中选聘", coord=k)
    return out


LOCATED = re.compile(r"(?:总部|厂区|基地)?(?:位于|地处|坐落于|坐落在)")


def location_relations(doc: Document) -> list[Relation]:
    """X 位于/地处 Y (渭源县地处甘肃省中部), and 位于 Y 的 X (位于定西市安定区的甘肃陇药堂药业有限公司):
    X locatedIn the innermost place of Y."""
    out: list[Relation] = []
    for sent in doc.sentences:
        ms = sorted(sent.mentions, key=lambda m: m.start)
        for hit in LOCATED.finditer(sent.text):
            after = [m for m in ms if m.start >= hit.end()]
            if not after or after[0].start != hit.end() or after[0].cls != "Place":
                continue
            k = 0
            while k + 1 < len(after) and after[k + 1].cls == "Place" and after[k + 1].start == after[k].end:
                k += 1
            place = after[k]
            nxt = after[k + 1] if k + 1 < len(after) else None
            if nxt is not None and sent.text[place.end:nxt.start] == "的" and nxt.cls in ORG | {"Program"}:
                subj = nxt  # 位于定西市安定区的甘肃陇药堂药业有限公司
            else:
                before = [m for m in ms if m.end <= hit.start()]
                subj = before[-1] if before else None
                desc = next((d for d in DESCRIBED.finditer(sent.text) if d.start() < hit.start() < d.end()), None)
                if desc is not None:  # 这家总部位于北京的中央企业: the company the description stands for
                    subj = _anaphor(doc, sent, desc.end(), ORG, anywhere=True)
                    if subj is None:
                        continue
                elif subj is None or sent.text[subj.end:hit.start()] not in ("", "总部", "厂区", "基地") \
                        or subj.cls not in ORG | {"Program", "Place"}:
                    continue
            if subj.key != place.key:
                out.append(Relation(subj.key, "locatedIn", place.key, doc.id, sent.text, 0.8, pattern="pattern:located"))
        out.extend(_sites(doc, sent, ms))
    return out


#: 在P设立/建成X: what is set up at a place; P的X: a facility of the place (车间, 基地, 电站 …)
SET_UP_AT = re.compile(r"在([^，。；]{2,20}?)(?:设立|设置|建成|建起|新建|成立|开设|开办|建设|打造)了?")
FACILITY = re.compile(r"(车间|基地|园区?|电站|中心|站|服务点|食堂|工厂|工坊|馆|厂|合作社|公司|学校|小学|医院|卫生院)$")


def _sites(doc: Document, sent: Sentence, ms: list[Mention]) -> list[Relation]:
    """在都安县高岭镇弄林村设立就业帮扶车间, 骡坪镇的就业帮扶车间: the place (its innermost part) is
    where the facility or body is (GUIDELINES: the place an article states)."""
    out: list[Relation] = []
    text = sent.text
    for mt in SET_UP_AT.finditer(text):
        inside = [m for m in ms if mt.start(1) <= m.start and m.end <= mt.end(1)]
        places = [m for m in inside if m.cls == "Place"]
        if not places or places[-1].end != mt.end(1) or len(places) != len(inside):
            continue  # 在都安县高岭镇弄林村设立: places only, the innermost written last
        stop = re.search(r"[，。；]", text[mt.end():])
        end = mt.end() + stop.start() if stop else len(text)
        made = next((m for m in ms if mt.end() <= m.start < end and m.cls in ORG | {"Program"}), None)
        if made is not None and (made.cls != "Program" or FACILITY.search(made.name or made.text)):
            out.append(Relation(made.key, "locatedIn", places[-1].key, doc.id, text, 0.7, pattern="pattern:set-up-at"))
    for k, m in enumerate(ms[:-1]):
        nxt = ms[k + 1]
        if m.cls == "Place" and text[m.end:nxt.start] == "的" and nxt.cls in ORG | {"Program"} \
                and FACILITY.search(nxt.name or nxt.text) and not text[max(0, m.start - 2):m.start].endswith(("位于", "地处")):
            out.append(Relation(nxt.key, "locatedIn", m.key, doc.id, text, 0.6, pattern="pattern:place-de"))
    return out


@register("rules")
def rule_extractor(doc: Document) -> list[Relation]:
    """Lexicon-and-pattern relation extractor (the default)."""
    found = name_relations(doc) + location_relations(doc) + trigger_relations(doc)
    found += context_relations(doc, found)
    found += funds_relations(doc, found)
    found += cue_relations(doc, found)
    found += person_relations(doc, found)
    found += staff_relations(doc, found)
    found += hiring_relations(doc, found)
    found = company_workshops(doc, found + group_relations(doc, found))
    found = program_helpers(doc, found)
    found += subgroup_relations(doc, found)
    found = _drop_guesses_beside_agents(found)
    return found + place_governments(doc, found)


GUESSED = ("cue:item-government", "cue:actor", "trigger-item-gov", "context:item-government")


def _drop_guesses_beside_agents(found: list[Relation]) -> list[Relation]:
    """A guessed agent (the item's government) gives way where the same sentence names who employs
    or helps the same people (车间有工人126名，其中搬迁群众98人: the company, not the county)."""
    named = {(r.sentence, r.predicate, r.object) for r in found if not r.pattern.startswith(GUESSED)}
    return [r for r in found if not (r.pattern.startswith(GUESSED) and r.predicate in ("employs", "benefits")
                                     and (r.sentence, r.predicate, r.object) in named)]


#: programs that are places (a canteen, a centre, a workshop): the body that built them is the helper
FACILITY = re.compile(r"(食堂|中心|站|点|车间|基地|园|园区|院|室|之家|工厂)$")


def program_helpers(doc: Document, found: list[Relation]) -> list[Relation]:
    """组织“健康义诊进乡村”活动120场，服务群众2.4万人次: the help is the program the agent just carried
    out, so the program (not the bureau) benefits the people. Applies when the agent implements or
    takes part in a program named before the people in the same sentence."""
    carried: dict[tuple[str, tuple[str, str]], list[tuple[str, str]]] = {}
    for r in found:
        if r.predicate in ("implements", "participatesIn", "founded") and r.confidence >= 0.3:
            carried.setdefault((r.sentence, r.subject), []).append(r.object)
    by_text = {sent.text: sent for sent in doc.sentences}
    out: list[Relation] = []
    for r in found:
        if r.predicate == "funds" and r.object[0] == "BeneficiaryGroup" and r.subject[0] in ORG:
            # 设立“恒远助学金”，累计发放460万元，资助家庭困难学生2300余人次: the money goes to the fund
            # the agent set up, and the fund helps the students
            progs = [k for k in carried.get((r.sentence, r.subject), ()) if k[0] == "Program"]
            if progs:
                money, people = _split_quantity(r.quantity)
                if money is None:  # 资助7.8万名困难群众参保，全年医疗救助支出4100万元: the sum paid
                    paid = [f for f in find_quantities(r.sentence) if f.kind == "amount"
                            and not is_not_done(r.sentence, f)]
                    money = Quantity(text=paid[0].text, amount=paid[0].value) if len(paid) == 1 else None
                out.append(Relation(r.subject, "funds", progs[-1], r.doc_id, r.sentence, r.confidence, money,
                                    r.source, f"program-fund:{r.pattern}", r.coord))
                out.append(Relation(progs[-1], "benefits", r.object, r.doc_id, r.sentence, r.confidence, people,
                                    r.source, f"program-fund:{r.pattern}", r.coord))
                continue
        progs = carried.get((r.sentence, r.subject)) if r.predicate == "benefits" and r.subject[0] in ORG else None
        sent = by_text.get(r.sentence)
        if not progs or sent is None:
            out.append(r)
            continue
        obj = next((m for m in sent.mentions if m.key == r.object), None)
        # …in an earlier clause than the people (城乡低保、特困等民政对象: a qualifier of the people)
        before = [m for m in sent.mentions if m.key in progs and obj is not None and m.end <= obj.start
                  and re.search(r"[，,；;]", sent.text[m.end:obj.start]) and not DOCUMENT.search(m.name or m.text)
                  and not FACILITY.search(m.name or m.text)]
        if not before:
            out.append(r)
            continue
        prog = max(before, key=lambda m: m.start)
        out.append(Relation(prog.key, "benefits", r.object, r.doc_id, r.sentence, max(r.confidence, 0.45),
                            r.quantity, r.source, f"program-helper:{r.pattern}", r.coord))
    return out


def _split_quantity(q: Quantity | None) -> tuple[Quantity | None, Quantity | None]:
    """A statement's money and its head count, apart (460万元 for the fund, 2300余人次 for the people)."""
    if q is None:
        return None, None
    parts = q.text.split("、")
    money_text = next((t for t in parts if "元" in t), q.text)
    count_text = next((t for t in parts if "元" not in t), q.text)
    money = Quantity(text=money_text, amount=q.amount) if q.amount is not None else None
    people = Quantity(text=count_text, count=q.count, unit=q.unit) if q.count is not None else None
    return money, people


#: 其中 G N人 / 其中有 G N户: the part of the people just counted
SUBGROUP = re.compile(r"其中(有|包括|含)?[，,]?")
PART_GAP = re.compile(r"(\d[\d.]*[万千]?[余多]?(人次|人|户|名))?(、|和|及|以及|与)")
WORKFORCE_FIGURE = re.compile(r"(劳务输出|劳务输转|转移就业|转移|输转|输出|就业|务工)[^，。；]{0,4}?\d[\d.]*[万千]?[余多]?(人|名)[，,]$")


def subgroup_relations(doc: Document, found: list[Relation]) -> list[Relation]:
    """吸纳当地群众420人就业，其中脱贫人口136人: the part named after 其中 is employed (or helped)
    by whoever employs (or helps) the whole counted just before it, in the sentence or, when the
    sentence opens with 其中, in the sentence before."""
    out: list[Relation] = []
    by_sentence: dict[str, list[Relation]] = {}
    for r in found:
        if r.predicate in ("employs", "benefits") and r.source == "document":
            by_sentence.setdefault(r.sentence, []).append(r)
    for sent in doc.sentences:
        for mt in SUBGROUP.finditer(sent.text):
            ms = sorted(sent.mentions, key=lambda m: m.start)
            first = next((m for m in ms if m.start >= mt.end()), None)
            if first is None or first.start != mt.end() or first.cls not in BENEFICIARY:
                continue
            parts = [first]  # 其中老年人1248人、留守老人139人: a list of parts, each with its figure
            coords = [0]  # …or one figure for all (其中脱贫户、监测户26人): the first takes it
            for m in ms[ms.index(first) + 1:]:
                gap = PART_GAP.fullmatch(sent.text[parts[-1].end:m.start])
                if m.cls not in BENEFICIARY or not gap:
                    break
                parts.append(m)
                coords.append(0 if gap.group(1) else coords[-1] + 1)
            # the whole: a related beneficiary written before 其中 in this sentence (the nearest), else
            # one of the sentence before, when this one opens with 其中
            wholes = [(m, r) for r in by_sentence.get(sent.text, []) for m in ms
                      if m.key == r.object and m.end <= mt.start()]
            if not wholes and mt.start() == 0 and sent.index > 0:
                prev = doc.sentences[sent.index - 1]
                if prev.item == sent.item:
                    wholes = [(m, r) for r in by_sentence.get(prev.text, []) for m in prev.mentions if m.key == r.object]
            if not wholes:
                # 东乡族自治县已累计组织劳务输转4.6万人，其中脱贫劳动力2.1万人: people counted by a jobs
                # figure with no group named; the part is employed by the sentence's agent
                if WORKFORCE_FIGURE.search(sent.text[:mt.start()]):
                    agent = next((m for m in ms if m.cls in ORG and m.end <= mt.start() and _heads_clause(sent, m)
                                  and not _is_source(sent, m)), None)
                    for g, k in zip(parts if agent is not None else [], coords):
                        _emit(out, doc, agent, "employs", g, sent, 0.6, "subgroup:workforce", coord=k)
                continue
            top = max(m.start for m, _ in wholes)
            for m, r in wholes:
                if m.start != top:
                    continue
                subj = Mention(r.subject[1], 0, 0, r.subject[0], source="subgroup", name=r.subject[1])
                for g, k in zip(parts, coords):
                    if g.key != r.object:
                        _emit(out, doc, subj, r.predicate, g, sent, r.confidence, f"subgroup:{r.pattern}", coord=k)
    return out


# ---------------------------------------------------------------------------------- stage
def _full_committee_names(doc: Document, rels: list[Relation]) -> list[Relation]:
    """中共乐业县委 (a parent read from 中共乐业县委组织部) is 中共乐业县委员会: one entity, full name."""
    rename = {}
    for key in list(doc.entities):
        if key[0] == "Government" and re.fullmatch(r"中共.{2,12}?[省市县区州旗]委", key[1]):
            new = ("Government", key[1] + "员会")
            rename[key] = new
            ent = doc.entities.pop(key)
            target = doc.entities.setdefault(new, Entity(name=new[1], cls="Government"))
            target.docs |= ent.docs
            target.aliases |= ent.aliases | {key[1]}
    if not rename:
        return rels
    for sent in doc.sentences:
        for m in sent.mentions:
            if m.key in rename:
                m.name = rename[m.key][1]
    out = []
    for r in rels:
        s_, o_ = rename.get(r.subject, r.subject), rename.get(r.object, r.object)
        out.append(r if (s_, o_) == (r.subject, r.object) else Relation(
            s_, r.predicate, o_, r.doc_id, r.sentence, r.confidence, r.quantity, r.source, r.pattern, r.coord))
    return out


def relate(doc: Document, extractors: list[str] | None = None) -> Document:
    """Run the extractors, keep what fits the ontology, deduplicate, prune unrelated entities."""
    _entry_points()
    names = extractors or [n.strip() for n in os.environ.get("FUPIN_KG_EXTRACTORS", "rules").split(",") if n.strip()]
    rels: list[Relation] = []
    for name in names:
        fn = EXTRACTORS.get(name)
        if fn is None:
            raise KeyError(f"unknown extractor {name!r}; known: {', '.join(sorted(EXTRACTORS))}")
        rels.extend(fn(doc))
    rels = _full_committee_names(doc, rels)
    seen: dict[tuple, Relation] = {}
    for r in rels:
        if r.subject == r.object or r.predicate not in SIGNATURES:
            continue
        if not fits(r.predicate, r.subject[0], r.object[0]):
            continue
        for key in (r.subject, r.object):
            if key not in doc.entities:
                from .types import Entity

                doc.entities[key] = Entity(name=key[1], cls=key[0], docs={doc.id})
        k = (r.subject, r.predicate, r.object, r.sentence)
        if r.predicate == "partnersWith":
            k = (*sorted([r.subject, r.object]), r.predicate, r.sentence)
        if k not in seen or seen[k].confidence < r.confidence:
            if k in seen and r.quantity is None and seen[k].quantity is not None:
                r.quantity = seen[k].quantity  # the same statement read twice keeps the figure one reading found
            seen[k] = r
        elif seen[k].quantity is None and r.quantity is not None:
            seen[k].quantity = r.quantity
    rels = list(seen.values())
    heads = {(r.object, r.subject) for r in rels if r.predicate in ("leads", "founded")}
    employed = {(r.subject, r.object) for r in rels if r.predicate == "employs" and r.confidence >= 0.3}
    # the head or founder of an organization is not one of its workers; the income of a job is no
    # help beside it (GUIDELINES conventions 11: no benefits beside employs for the same pair)
    doc.relations = [r for r in rels if not (r.predicate == "employs" and (r.subject, r.object) in heads)
                     and not (r.predicate == "benefits" and (r.subject, r.object) in employed)]
    _prune(doc)
    return doc


@lru_cache(maxsize=1)
def _generic_programs() -> frozenset[str]:
    return frozenset(words("generic_programs.txt"))


def _prune(doc: Document) -> None:
    """Drop entities the guidelines keep only when related (and relations to dropped ones)."""
    related = {r.subject for r in doc.relations} | {r.object for r in doc.relations}
    strong: dict[tuple[str, str], float] = {}
    for sent in doc.sentences:
        for m in sent.mentions:
            strong[m.key] = max(strong.get(m.key, 0.0), m.confidence)
    drop = set()
    for key, ent in doc.entities.items():
        cls, name = key
        weak = cls in ("Person", "BeneficiaryGroup") or cls == "Program" and (
            name in _generic_programs() or strong.get(key, 0) < 0.8) or cls in ORG and strong.get(key, 1.0) < 0.6 \
            or key not in strong  # made for a relation (the item's government, a parent read from a name)
        if key in related:
            ent.conditional = weak  # dropped at output if its relations fall below the floor
        elif weak:
            drop.add(key)
    for key in drop:
        del doc.entities[key]
