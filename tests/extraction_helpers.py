"""Small helpers the extraction tests share: run the pipeline on a made-up text, read its result."""

from __future__ import annotations

from kg.pipeline import extract
from kg.types import Document


def run(text: str, title: str | None = None) -> Document:
    return extract(Document(id="t", text=text, title=title))


def names(doc: Document, cls: str) -> set[str]:
    return {name for (c, name) in doc.entities if c == cls}


def rels(doc: Document, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject[1], r.object[1]) for r in doc.relations if r.predicate == predicate}


def triples_of(text: str) -> set[tuple[str, str, str]]:
    return {(r.subject[1], r.predicate, r.object[1]) for r in run(text).relations}
