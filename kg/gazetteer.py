"""China's administrative divisions (province → city → county → town → village), from jionlp.

The ``jionlp`` package ships a maintained table of divisions (``dictionary/china_location.zip``);
it is read directly, without importing jionlp (which is slow to import). The gazetteer gives
official names for short forms (巫山 → 巫山县, 山东 → 山东省), the level of a place, and its parents,
so that 巫山县 is known to lie in 重庆市 even where an article does not say so. Facts taken from
it are background knowledge: their statements are derived from the gazetteer, not the article.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEVELS = ("province", "city", "county", "town", "village")
SOURCE_NAME = "jionlp china_location"


@dataclass(frozen=True)
class Division:
    name: str
    level: int  # 0 province … 4 village
    code: str | None
    parent: int | None  # index of the parent division
    short: str | None = None


#: the official endings a plain level word may stand for (石柱县 → 石柱土家族自治县)
SAME_LEVEL = {"县": ("县", "自治县", "旗"), "市": ("市",), "区": ("区",), "旗": ("旗", "自治旗"), "州": ("州",), "盟": ("盟",)}


class Gazetteer:
    """Lookups over the division table: by full name, by short form, and parents."""

    def __init__(self, divisions: list[Division]) -> None:
        self.divisions = divisions
        self.by_name: dict[str, list[int]] = {}
        self.by_short: dict[str, list[int]] = {}
        from .lexicon import words

        common = frozenset(words("place_short_stopwords.txt"))
        ethnic = words("ethnic_groups.txt")
        for i, d in enumerate(divisions):
            self.by_name.setdefault(d.name, []).append(i)
            if d.short and d.short != d.name and d.level <= 2 and d.short not in common:
                self.by_short.setdefault(d.short, []).append(i)
            stem = _autonomous_stem(d.name, ethnic) if d.level <= 2 else None
            if stem and stem != d.short and stem not in common and i not in self.by_short.get(stem, ()):
                self.by_short.setdefault(stem, []).append(i)  # 东乡 for 东乡族自治县 (jionlp says 东乡县)

    def lookup(self, name: str, max_level: int = 4) -> list[int]:
        """Divisions with this full name (or short form, for provinces, cities and counties)."""
        out = [i for i in self.by_name.get(name, ()) if self.divisions[i].level <= max_level]
        if not out:
            out = [i for i in self.by_short.get(name, ()) if self.divisions[i].level <= max_level]
        if not out and len(name) >= 3 and name[-1] in "县市区旗州盟":
            # 石柱县 for 石柱土家族自治县, 恩施市 …: a short form with a plain level word
            out = [i for i in self.by_short.get(name[:-1], ()) if self.divisions[i].level <= max_level
                   and self.divisions[i].level >= 1 and self.divisions[i].name.endswith(SAME_LEVEL[name[-1]])]
        return out

    def parents(self, idx: int) -> list[int]:
        out = []
        p = self.divisions[idx].parent
        while p is not None:
            out.append(p)
            p = self.divisions[p].parent
        return out

    def is_under(self, idx: int, ancestor: int) -> bool:
        return ancestor in self.parents(idx)

    def best(self, name: str, context: list[int] | None = None, max_level: int = 4) -> int | None:
        """The division a name most likely means: unique, or the one under a context division."""
        cands = self.lookup(name, max_level)
        if not cands:
            return None
        if len(cands) > 1:  # 重庆市 is both a province-level and a city-level division
            cands = [i for i in cands if not any(a in cands for a in self.parents(i))]
        if len(cands) == 1 and not (context and self.divisions[cands[0]].name != name):
            return cands[0]
        if context:
            for c in context:
                inside = [i for i in cands if c in self.parents(i) or c == i or i in self.parents(c)]
                if len(inside) == 1:
                    return inside[0]
                if inside:
                    cands = inside
        if context and all(self.divisions[i].level == 2 and self.divisions[i].name != name for i in cands):
            # a short form (兴隆) that is no division near the context: try a town or village of the
            # context county with that stem (兴隆镇, 兴隆乡)
            county = next((c for c in context if self.divisions[c].level == 2), None)
            if county is not None:
                for suffix in ("镇", "乡", "街道", "村"):
                    for i in self.by_name.get(name + suffix, ()):
                        if county in self.parents(i):
                            return i
            near = [i for i in cands if any(set(self.parents(c) + [c]) & set(self.parents(i)) for c in context)]
            if len(near) == 1:
                return near[0]
            if not near:
                return None
        if len(cands) == 1:
            return cands[0]
        # several and no context: only a province/city/county level name is trusted
        top = [i for i in cands if self.divisions[i].level <= 2]
        if len(top) == 1:
            return top[0]
        return None


def _autonomous_stem(name: str, ethnic: tuple[str, ...]) -> str | None:
    """The place stem of an autonomous division: 石柱土家族自治县 → 石柱, 东乡族自治县 → 东乡."""
    m = re.match(r"^(.+?)自治(县|州|旗|区)$", name)
    if not m:
        return None
    rest = m.group(1)
    last = None
    changed = True
    while changed:
        changed = False
        for e in ethnic:  # longest first
            if rest.endswith(e) and len(rest) > len(e) - 1:
                last, rest, changed = e, rest[: -len(e)], True
                break
    if not rest and last:
        rest = last[:-1]  # a county named after its people
    return rest if len(rest) >= 2 else None


def _data_file() -> bytes | None:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    zpath = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"
    if not zpath.exists():
        return None
    with zipfile.ZipFile(zpath) as zf:
        member = next(n for n in zf.namelist() if n.endswith(".txt"))
        return zf.read(member)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division table, parsed once per process (about a second)."""
    data = _data_file()
    divisions: list[Division] = []
    if data is None:
        return Gazetteer(divisions)
    stack: list[int] = []
    for line in io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        cols = line.strip("\t").split("\t")
        name = cols[0]
        code = cols[1] if len(cols) > 1 else None
        short = cols[2] if len(cols) > 2 else None
        del stack[depth:]
        parent = stack[-1] if stack else None
        divisions.append(Division(name, depth, code, parent, short))
        stack.append(len(divisions) - 1)
    return Gazetteer(divisions)
