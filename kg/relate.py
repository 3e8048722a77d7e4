"""Stage 5, relate: relations between the mentions of a sentence."""

from __future__ import annotations

from .types import ORGANIZATION, Document, Relation


def relate(doc: Document) -> Document:
    for sent in doc.sentences:
        places = [m for m in sent.mentions if m.cls == "Place"]
        for m in sent.mentions:
            if m.cls in ORGANIZATION:
                for p in places:
                    if p.start == m.start and p.end < m.end:
                        doc.relations.append(Relation(m.key, "locatedIn", p.key, doc.id, sent.text, 0.9,
                                                      pattern="name-prefix"))
    return doc
