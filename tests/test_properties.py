"""Issue 9.5: property-based tests (hypothesis) for numbers, the sentence splitter and the readers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.numbers import find_quantities, parse_number
from kg.read import read
from kg.split import HARD_MAX, MAX_QUOTE, split, split_sentences
from kg.types import Document, Skipped

FAST = settings(max_examples=200, deadline=None)

# ---------------------------------------------------------------- numbers

DIGIT_CHARS = "零一二三四五六七八九"


def _four(n: int, leading: bool) -> str:
    """0 < n < 10000 in standard Chinese; 一十 → 十 only at the very start."""
    out, zero = "", False
    for unit, v in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // v % 10
        if d:
            if zero and out:
                out += "零"
            zero = False
            if not (unit == "十" and d == 1 and not out and leading):
                out += DIGIT_CHARS[d]
            out += unit
        elif out:
            zero = True
    return out


def chinese(n: int) -> str:
    """Reference writer: 0 ≤ n < 10^8 → 零, 十五, 一百零五, 三万零二十, 十万零一 …"""
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    if not high:
        return _four(low, True)
    out = _four(high, True) + "万"
    if low:
        out += ("零" if low < 1000 else "") + _four(low, False)
    return out


def test_reference_writer_matches_known_forms():
    assert [chinese(n) for n in (10, 15, 105, 1010, 20000, 30020, 100001, 12345678)] == [
        "十", "十五", "一百零五", "一千零一十", "二万", "三万零二十", "十万零一", "一千二百三十四万五千六百七十八"]


@FAST
@given(st.integers(0, 99_999_999), st.booleans())
def test_chinese_numerals_parse_back(n, liang):
    text = chinese(n)
    if liang:  # 两千, 两万: the colloquial 2 before a unit
        text = re.sub(r"二(?=[千百万])", "两", text)
    assert parse_number(text) == n


@FAST
@given(st.integers(1, 10**7), st.integers(0, 2), st.sampled_from([("万", 10_000), ("亿", 100_000_000)]))
def test_arabic_with_wan_yi_parses_back(cents, decimals, unit):
    value = Decimal(cents).scaleb(-decimals)  # 12.34, 5, 0.7 …
    big, factor = unit
    assert parse_number(f"{value}{big}") == value * factor
    assert parse_number(f"{value}{big}余") == value * factor  # 余/多 keep the stated number


@FAST
@given(st.integers(0, 10**12))
def test_arabic_integers_with_and_without_separators(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


@FAST
@given(st.integers(1, 99_999), st.sampled_from(["人", "名", "户", "个", "人次"]),
       st.sampled_from(["吸纳", "带动就业", "共有", "惠及"]), st.booleans())
def test_find_quantities_finds_counts(n, unit, verb, use_chinese):
    num = chinese(n) if use_chinese else str(n)
    found = find_quantities(f"该公司{verb}{num}{unit}，效果明显。")
    assert [(f.kind, f.value, f.text) for f in found] == [("count", n, f"{num}{unit}")]


@FAST
@given(st.integers(1, 10**6), st.sampled_from([("元", 1), ("万元", 10_000), ("亿元", 100_000_000)]))
def test_find_quantities_finds_amounts_in_yuan(hundredths, unit):
    value = Decimal(hundredths).scaleb(-2)
    found = find_quantities(f"投入资金{value}{unit[0]}用于帮扶车间")
    assert [(f.kind, f.value, f.unit) for f in found] == [("amount", value * unit[1], "元")]


@FAST
@given(st.text())
def test_numbers_never_raise_on_any_text(text):
    v = parse_number(text)
    assert v is None or isinstance(v, Decimal)
    for f in find_quantities(text):
        assert text[f.start:f.end] == f.text and f.kind in ("amount", "count")


# ---------------------------------------------------------------- sentence splitter

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
CLAUSE = st.text(HAN, min_size=1, max_size=30)
ENDS = st.sampled_from(["。", "！", "？", "；", "…", "", "，"])


@st.composite
def paragraphs(draw) -> tuple[str, list[str]]:
    """Chinese clauses with ends, some with a quotation (itself holding stops) inside."""
    quotes = []
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        clause = draw(CLAUSE)
        if draw(st.booleans()):
            q = "“" + draw(CLAUSE) + draw(st.sampled_from(["。", "！", ""])) + draw(CLAUSE) + "。”"
            quotes.append(q)
            clause += "说：" + q
        parts.append(clause + draw(ENDS) + draw(st.sampled_from(["", " ", "\u3000"])))
    return "".join(parts), quotes


@FAST
@given(paragraphs())
def test_sentences_rebuild_the_paragraph_and_keep_quotes_whole(sample):
    text, quotes = sample
    sents = split_sentences(text)
    assert all(s.strip() == s and s for _, s in sents)  # never empty, trimmed
    assert "".join(s for _, s in sents).replace(" ", "").replace("\u3000", "") == re.sub(r"\s", "", text)
    for off, s in sents:
        assert text[off:off + len(s)] == s
    for q in quotes:
        assert any(q in s for _, s in sents), (q, sents)


@FAST
@given(st.text(max_size=3000))
def test_splitter_never_raises_and_bounds_sentences(text):
    for off, s in split_sentences(text):
        assert s and len(s) <= HARD_MAX and text[off:off + len(s)] == s
    doc = split(Document(id="x", text=text))
    assert doc.items
    for sent in doc.sentences:
        assert sent.text and len(sent.text) <= HARD_MAX


def test_unpunctuated_text_is_cut_into_bounded_sentences():
    sents = split_sentences("扶" * 5000)
    assert [len(s) for _, s in sents] == [HARD_MAX] * 5
    long_quote = "他说：“" + "好" * (MAX_QUOTE + 50) + "。还有。”"
    assert len(split_sentences(long_quote)) >= 2  # a quote longer than MAX_QUOTE is cut at its stops


# ---------------------------------------------------------------- readers

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4000), st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_readers_turn_any_bytes_into_documents_or_skips(tmp_path, data, suffix):
    path = Path(tmp_path) / f"f{suffix}"
    path.write_bytes(data)
    for item in read([path]):
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Skipped):
            assert item.reason and "\n" not in item.reason + item.path
        else:
            item.text.encode("utf-8")  # valid Unicode
            assert item.text.strip() and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", item.text)


def _expected(text: str) -> str:
    for nl in ("\r\n", "\r", "\u2028", "\u2029", "\x0c"):
        text = text.replace(nl, "\n")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]", "", text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=2000), st.sampled_from(["utf-16", "utf-8-sig", "utf-32"]))
def test_readers_read_back_any_text_with_a_bom(tmp_path, text, encoding):
    path = Path(tmp_path) / "t.txt"
    path.write_bytes(text.encode(encoding))
    out = list(read([path]))
    assert len(out) == 1
    if _expected(text).strip():
        assert isinstance(out[0], Document) and out[0].text == _expected(text)
    else:
        assert isinstance(out[0], Skipped) and out[0].reason in ("empty file", "no text in file")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.one_of(HAN, st.sampled_from("。“”、（）：0123456789abc \n")), min_size=1, max_size=2000))
def test_readers_read_back_chinese_in_gb18030(tmp_path, text):
    # A few GBK characters can also be valid UTF-8 (丧 = C9 A5 = ɥ), so a tiny text is ambiguous.
    # Real articles are full of full-width commas; a "，" (A3 AC) after each Han character makes
    # the bytes provably invalid UTF-8, so GB18030 is the only reading.
    text = re.sub(r"([\u4e00-\u9fa5])", r"\1，", text)
    path = Path(tmp_path) / "t.txt"
    path.write_bytes(text.encode("gb18030"))
    out = list(read([path]))
    if not text.strip():
        assert isinstance(out[0], Skipped)
    elif sum("\u4e00" <= c <= "\u9fff" for c in text) > 0.05 * len(text):
        assert isinstance(out[0], Document) and out[0].text == text
