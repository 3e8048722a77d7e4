"""fupin-kg: knowledge graphs of Chinese poverty-alleviation and rural-revitalisation news.

    from kg import build
    report = build(["seeds/"], out="output")   # → output/kg.ttl, output/graph.html
"""

from __future__ import annotations

__version__ = "0.1.0"


def build(*args, **kwargs):
    """Build a knowledge graph; see :func:`kg.build.build`."""
    from .build import build as _build

    return _build(*args, **kwargs)


__all__ = ["__version__", "build"]
