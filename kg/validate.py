"""``kg validate``: check a graph against the output contract (ontology/shapes.ttl) with pySHACL.

The shapes say what every consumer of kg.ttl may rely on (one class and one Chinese label per
entity; statements with subject, predicate, object, source, sentence and a confidence in [0, 1]).
The ontology is passed as pySHACL's ``ont_graph`` so ``sh:class`` sees subclass axioms.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .resources import ontology_path

#: The columns of a results row, in table order.
COLUMNS = ("severity", "focus", "path", "value", "message")


class ValidationError(Exception):
    """The graph or the shapes cannot be read; the message says which file and why, in one line."""


def _parse(path: Path, what: str) -> Graph:
    from .store import load_graph

    if not path.is_file():
        raise ValidationError(f"{path}: no such {what} file")
    try:
        return load_graph(path)
    except Exception as exc:  # noqa: BLE001 - any parser error becomes one clear line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValidationError(f"{path}: not valid RDF ({first})") from None


def _short(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, iri in _prefixes().items():
        if isinstance(term, URIRef) and text.startswith(iri):
            return f"{prefix}:{text[len(iri):]}"
    return text


def _prefixes() -> dict[str, str]:
    from .namespaces import PREFIXES

    return {**PREFIXES, "sh": str(SH)}


def validate_graph(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None
                   ) -> tuple[bool, list[dict[str, str]]]:
    """Validate an rdflib graph; return (conforms, rows) with one row per SHACL result."""
    import pyshacl

    shapes = shapes if shapes is not None else _parse(ontology_path("shapes.ttl"), "shapes")
    ontology = ontology if ontology is not None else _parse(ontology_path("fupin.ttl"), "ontology")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                               inference="none", advanced=False)
    rows = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        rows.append({
            "severity": _short(report.value(res, SH.resultSeverity)).replace("sh:", ""),
            "focus": _short(report.value(res, SH.focusNode)),
            "path": _short(report.value(res, SH.resultPath)),
            "value": _short(report.value(res, SH.value)),
            "message": str(report.value(res, SH.resultMessage) or ""),
        })
    rows.sort(key=lambda r: (r["focus"], r["path"], r["message"]))
    return bool(conforms), rows


def validate(ttl_path: str | os.PathLike, shapes_path: str | os.PathLike | None = None
             ) -> tuple[bool, list[dict[str, str]]]:
    """Validate an RDF file (usually OUT/kg.ttl) against the output contract.

    Returns ``(conforms, rows)``; each row has the keys of :data:`COLUMNS`.

    Example::

        from kg.validate import validate
        ok, rows = validate("output/kg.ttl")
    """
    data = _parse(Path(ttl_path), "graph")
    shapes = _parse(Path(shapes_path), "shapes") if shapes_path else None
    return validate_graph(data, shapes)


__all__ = ["COLUMNS", "ValidationError", "validate", "validate_graph"]
