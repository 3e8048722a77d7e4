"""Loading the data files of ``kg/lexicons/`` (one fact a line, ``#`` comments)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of a one-column list, longest first."""
    out = []
    for line in (LEXICON_DIR / name).read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(sorted(set(out), key=lambda w: (-len(w), w)))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated table."""
    out = []
    for line in (LEXICON_DIR / name).read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(c.strip() for c in line.split("\t")))
    return tuple(out)


@cache
def mapping(name: str) -> dict[str, str]:
    """A two-column table as a dict (first column → second)."""
    return {row[0]: row[1] for row in table(name) if len(row) >= 2}
