"""Stage 4, resolve: canonical names, types and one entity per thing in a document."""

from __future__ import annotations

from .types import Document, Entity


def resolve(doc: Document) -> Document:
    for sent in doc.sentences:
        for m in sent.mentions:
            m.name = m.name or m.text
            ent = doc.entities.setdefault(m.key, Entity(name=m.name, cls=m.cls))
            ent.docs.add(doc.id)
            if m.text != ent.name:
                ent.aliases.add(m.text)
    return doc
