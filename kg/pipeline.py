"""The pipeline: read → split → recognise → resolve → relate → quantify → rdf.

``extract(doc)`` runs the per-document stages (pure: a document in, the same document enriched
out), so it can run in any process; ``build()`` streams documents through it into the store
and writes the outputs. Its ``repr`` prints the data flow, HanLP-style.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .types import Document

Stage = Callable[[Document], Document]


@dataclass
class Pipeline:
    """A named list of stages, each ``stage(doc) -> doc``."""

    stages: list[tuple[str, Stage]]

    def __call__(self, doc: Document) -> Document:
        for _name, stage in self.stages:
            doc = stage(doc)
        return doc

    def __repr__(self) -> str:
        return "read->" + "->".join(name for name, _ in self.stages) + "->rdf"

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.stages]


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The standard per-document stages (loaded once per process: models and lexicons are big)."""
    global _DEFAULT
    if _DEFAULT is None:
        from . import quantify, recognise, relate, resolve, split

        _DEFAULT = Pipeline([
            ("split", split.split),
            ("recognise", recognise.recognise),
            ("resolve", resolve.resolve),
            ("relate", relate.relate),
            ("quantify", quantify.quantify),
        ])
    return _DEFAULT


def extract(doc: Document) -> Document:
    """Run the per-document stages on one document."""
    return default_pipeline()(doc)
