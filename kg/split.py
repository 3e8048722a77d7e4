"""Stage 2, split: a document's text → news items → sentences.

Lines broken inside a paragraph are joined again; headlines (short lines without a full stop)
stay sentences of their own. A file that holds several news items (a newspaper page) is cut
where a byline (本报记者…, 本报讯, 通讯员…, a line of two or three names) follows a headline.
Sentences end at 。！？；… or at a paragraph end; text inside quotation marks is kept whole.
"""

from __future__ import annotations

import re

from .types import Document, NewsItem, Sentence

END = set("。！？!?；;…")
CLOSERS = set("”’」』）)》\"'")
OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’"}
#: A quotation longer than this is cut at its sentence ends anyway (a long interview answer).
MAX_QUOTE = 300
MAX_SENTENCE = 400
#: No sentence is longer than this (text with no punctuation at all).
HARD_MAX = 1000

BYLINE = re.compile(
    r"^[(（]?\s*(本报记者|本报讯|记者|通讯员|特约记者|见习记者|文/图|文／图|图/文|本报通讯员)"
    r"|(本报讯|新华社.{0,12}电|本报[\u4e00-\u9fff]{2,6}\d{1,2}月\d{1,2}日电)"
)
NAME_LINE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:[ \u3000]+[\u4e00-\u9fff]{2,3}){1,3}$")
ITEM_OPENER = re.compile(r"^[(（]?\s*(本报讯|上接第.{1,3}版|新华社.{0,12}电|本报[\u4e00-\u9fff]{2,6}\d{1,2}月\d{1,2}日电"
                         r"|[\u4e00-\u9fff]{2,8}讯\s*[(（])")
#: the opener of a one-paragraph item and its credit in brackets (本报讯（通讯员 周敏）, 新华社…电（记者 马晓）)
OPENER_PREFIX = re.compile(r"^[(（]?\s*(本报讯|新华社[^，。]{0,12}电|本报[^，。]{2,12}电)\s*([(（][^)）]{0,30}[)）])?\s*")
#: a caption's closing credit (… 记者 马晓东 摄): the caption ends there
PHOTO_CREDIT = re.compile(r"(记者|通讯员|摄影)?\s*[\u4e00-\u9fff]{2,4}\s*(摄|摄影|供图)[)）]?$")


def is_heading(line: str) -> bool:
    """A short line with no sentence-ending punctuation: a headline or a section title."""
    s = line.strip()
    if s[:1] in "(（" or BYLINE.search(s[:20]):
        return False
    return 0 < len(s) <= 40 and s[-1] not in END and s[-1] not in "，、,：:" and not (
        s[-1] in CLOSERS and len(s) > 1 and s[-2] in END
    )


def is_byline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 60:
        return False
    return bool(BYLINE.search(s[:20])) or bool(NAME_LINE.match(s))


def starts_item(line: str) -> bool:
    """A paragraph that opens a news item: a byline, 本报讯…, a continuation mark (上接第一版)."""
    s = line.strip()
    return is_byline(s) or bool(ITEM_OPENER.match(s))


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty lines as (offset, text), with paragraphs broken across lines joined again.

    A line continues on the next when it ends in a comma, or is long and has no final stop
    (the seeds have "钱也挣\\n\\n到了"). Linear in the text (a 2 MB line-wrapped file with no
    stops is one paragraph, built once, not re-copied for every line).
    """
    out: list[tuple[int, str]] = []
    parts: list[str] = []
    first = 0
    length = 0
    has_stop = False
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        if not parts:
            first = start + raw.index(line[0])
        parts.append(line)
        length += len(line)
        has_stop = has_stop or "，" in line or "。" in line
        last = line[-1]
        if last in "，、," or (last not in END and last not in CLOSERS and last not in "：:"
                               and (length > 40 or has_stop)
                               and not (length <= 60 and is_byline("".join(parts)))
                               and not PHOTO_CREDIT.search(line[-12:])):
            continue  # the line was cut mid-sentence: join the next one
        out.append((first, "".join(parts)))
        parts, length, has_stop = [], 0, False
    if parts:
        out.append((first, "".join(parts)))
    return out


def _ends(text: str, i: int) -> bool:
    """A sentence end: 。！？；… , or a Latin full stop after a letter and before a space."""
    c = text[i]
    if c in END:
        return True
    return (c == "." and 0 < i and text[i - 1].isascii() and text[i - 1].isalpha()
            and (i + 1 == len(text) or text[i + 1].isspace()))


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Cut one paragraph into sentences: (offset, sentence). Quotes stay whole up to MAX_QUOTE.

    A run with no usable end is cut at a comma after MAX_SENTENCE characters and at any
    character after HARD_MAX, so no sentence handed to the recogniser is unbounded.
    """
    out: list[tuple[int, str]] = []
    start = 0
    stack: list[str] = []
    quote_start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in OPEN_QUOTES:
            if not stack:
                quote_start = i
            stack.append(OPEN_QUOTES[c])
        elif stack and c == stack[-1]:
            stack.pop()
        if stack and i - quote_start > MAX_QUOTE:
            stack.clear()  # an unclosed or very long quotation: give up keeping it whole
        if ((not stack and _ends(text, i)) or (i - start >= MAX_SENTENCE and c in "，,")
                or i - start >= HARD_MAX - 1):
            j = i + 1
            while j < n and (text[j] in END or text[j] in CLOSERS) and j - start < HARD_MAX:
                j += 1
            seg = text[start:j]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append((start + lead, seg.strip()))
            start = j
            i = j
            stack.clear()
            continue
        i += 1
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        out.append((start + lead, seg.strip()))
    return out


def split(doc: Document) -> Document:
    """Fill ``doc.items`` and ``doc.sentences``."""
    paras = paragraphs(doc.text)
    # item boundaries: an item opener (byline, 本报讯, 上接第一版) with the headlines just before it
    starts = [0]
    for k, (_, line) in enumerate(paras):
        if k == 0 or not starts_item(line):
            continue
        rest = paras[k + 1:k + 6]
        if not ITEM_OPENER.match(line.strip()) and sum(len(t) for _, t in rest) < 80:
            continue  # a credit line closing the piece, not the start of a new item
        j = k
        m = k - 1
        while m >= 0 and k - m <= 5 and (is_heading(paras[m][1]) or len(paras[m][1]) <= 25):
            if is_heading(paras[m][1]) and not is_byline(paras[m][1]):
                j = m
            m -= 1
        # an opener right after a one-paragraph item (本报讯 …。 本报讯 …。) starts the next item too
        one_para = ITEM_OPENER.match(line.strip()) and len(paras[starts[-1]][1]) > 60
        if j > starts[-1] + 1 or (one_para and j > starts[-1]):
            starts.append(j)
    starts = sorted(set(starts))
    items: list[NewsItem] = []
    sentences: list[Sentence] = []
    for idx, first in enumerate(starts):
        last = starts[idx + 1] if idx + 1 < len(starts) else len(paras)
        block = paras[first:last]
        if not block:
            continue
        title = next((t for _, t in block if is_heading(t) and not is_byline(t)), None)
        item = NewsItem(index=len(items), title=title, start=block[0][0],
                        end=block[-1][0] + len(block[-1][1]))
        items.append(item)
        for off, para in block:
            if is_byline(para):
                lead = OPENER_PREFIX.match(para)
                rest = para[lead.end():] if lead else ""
                if not (lead and len(rest) >= 10 and rest.rstrip()[-1:] in END):
                    continue  # bylines and credits are not content
                off, para = off + lead.end(), rest  # 本报讯 安徽省金寨县…。: the news after the opener is
            for s_off, sent in split_sentences(para):
                sentences.append(Sentence(text=sent, start=off + s_off, index=len(sentences), item=item.index))
    if not items:
        items.append(NewsItem(index=0, title=None, start=0, end=len(doc.text)))
    doc.items = items
    doc.sentences = sentences
    if doc.title is None:
        doc.title = items[0].title
    return doc
