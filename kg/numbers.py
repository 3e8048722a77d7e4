"""Chinese and mixed numerals: "1万余" → 10000, "169.65万元" → 1696500, "三十多" → 30.

``parse_number`` reads one numeral; ``find_quantities`` finds every number with its unit in a
sentence. Approximation words (余, 多, 近, 约, 超, 逾, 左右) keep the stated number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

NUM_CHARS = "0-9０-９.．,，" + "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

#: units of quantities that qualify relations; value = (kind, normalised unit)
UNITS = {
    "亿元": ("amount", 100_000_000), "万元": ("amount", 10_000), "千元": ("amount", 1000), "元": ("amount", 1),
    "人次": ("count", "人次"), "名": ("count", "人"), "人": ("count", "人"), "位": ("count", "人"),
    "户": ("count", "户"), "家": ("count", "家"), "个": ("count", "个"), "所": ("count", "所"),
    "趟": ("count", "趟"), "件": ("count", "件"), "批": ("count", "批"), "项": ("count", "项"),
    "期": ("count", "期"), "场": ("count", "场"), "次": ("count", "次"), "种": ("count", "种"),
    "村": ("count", "个"), "座": ("count", "座"), "间": ("count", "间"), "张": ("count", "张"),
    "处": ("count", "处"), "款": ("count", "款"),
}
APPROX_BEFORE = ("近", "约", "超", "超过", "逾", "达", "共", "累计", "计")
_BEFORE_LONGEST = sorted(APPROX_BEFORE, key=len, reverse=True)
APPROX_AFTER = ("余", "多", "来", "左右", "以上", "有余")

_ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
QUANTITY = re.compile(
    r"(?P<num>" + _ARABIC + r"(?:[十百千万亿]+)?|[" + "".join(DIGITS) + "十拾百佰千仟万萬亿億]+)"
    r"(?P<approx>余|多|来)?"
    r"(?P<big>[万萬亿億](?!元))?"  # 十多万人, 3千余万: the approximation sits before the big unit
    r"(?P<unit>亿元|万元|千元|元|人次|名|人|位|户|家|个|所|趟|件|批|项|期|场|次|种|座|间|张|处|款)"
)


def _chinese_int(s: str) -> Decimal:
    """Pure Chinese numeral (三十二, 一万二千, 两千零五) → value."""
    total = Decimal(0)
    section = Decimal(0)
    digit: int | None = None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch] if digit is None else digit * 10 + DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit if digit is not None else 1) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            section += digit or 0
            big = BIG_UNITS[ch]
            if total and total < big:
                total = (total + section) * big
            else:
                total += section * big
            section = Decimal(0)
            digit = None
        else:
            raise ValueError(f"not a numeral: {s!r}")
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """A numeral as written (Arabic, Chinese or mixed: 1.5万, 3万余, 二十, 1,200) → Decimal, or None.

    Whole values come back integral (``Decimal("15000")``, not ``15000.0``).
    """
    s = text.strip().translate(_FULLWIDTH)
    stripped = True
    while stripped:  # 累计近3万: several words, longest first (超过 before 超)
        stripped = False
        for w in _BEFORE_LONGEST:
            if s.startswith(w):
                s, stripped = s[len(w):], True
    for w in APPROX_AFTER:
        s = s.removesuffix(w)
    s = s.replace(",", "").replace("，", "")
    if not s or s[0] in BIG_UNITS:
        return None  # 万, 亿元: a unit with no number
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿萬億]*)", s)
    try:
        if m:
            value = Decimal(m.group(1))
            for ch in m.group(2):
                value *= SMALL_UNITS.get(ch) or BIG_UNITS[ch]
        elif all(c in DIGITS or c in SMALL_UNITS or c in BIG_UNITS for c in s):
            value = _chinese_int(s)
        else:
            return None
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    except (InvalidOperation, ValueError, KeyError):
        return None


@dataclass
class Found:
    text: str
    start: int
    end: int
    kind: str  # "amount" or "count"
    value: Decimal
    unit: str  # 人, 户, 人次, 个 ... or 元 for amounts


def find_quantities(sentence: str) -> list[Found]:
    """Every number-with-unit in a sentence, normalised (amounts in yuan)."""
    out: list[Found] = []
    for m in QUANTITY.finditer(sentence):
        num = parse_number(m.group("num"))
        if num is None:
            continue
        if m.group("big"):
            num *= BIG_UNITS[m.group("big")]
        unit = m.group("unit")
        kind, norm = UNITS[unit]
        if kind == "amount":
            value = num * norm
            out.append(Found(m.group(0), m.start(), m.end(), "amount", value, "元"))
        else:
            out.append(Found(m.group(0), m.start(), m.end(), "count", num, norm))
    return out
