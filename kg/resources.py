"""Find the ontology files (fupin.ttl, shapes.ttl, queries/*.rq) in a checkout or an installed wheel.

In a source checkout they live in the top-level ``ontology/`` folder; the wheel force-includes that
folder as ``kg/_ontology`` (see pyproject.toml). Code asks here instead of guessing either path.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent
#: Where the ontology folder may be, most specific first (installed wheel, then source checkout).
ONTOLOGY_DIRS = (_PKG / "_ontology", _PKG.parent / "ontology")


def ontology_dir() -> Path:
    """The ontology folder in use (installed copy first, then the checkout's)."""
    for d in ONTOLOGY_DIRS:
        if d.is_dir():
            return d
    raise FileNotFoundError("the ontology folder is missing: looked in " + ", ".join(map(str, ONTOLOGY_DIRS)))


def ontology_path(name: str) -> Path:
    """Path of a file of the ontology folder, e.g. ``ontology_path("shapes.ttl")`` or ``"queries"``.

    Example::

        from kg.resources import ontology_path
        rdflib.Graph().parse(ontology_path("fupin.ttl"))
    """
    for d in ONTOLOGY_DIRS:
        p = d / name
        if p.exists():
            return p
    raise FileNotFoundError(f"{name}: not found in the ontology folder ({', '.join(map(str, ONTOLOGY_DIRS))})")


__all__ = ["ONTOLOGY_DIRS", "ontology_dir", "ontology_path"]
