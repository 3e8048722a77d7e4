"""Shared fixtures: the seed folder, the gold folder, and one build of the seeds per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """Build the seeds once (Oxigraph on disk) and share the output folder."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds-out")
    report = build([SEEDS], out=out)
    return out, report


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """A small contract-shaped graph with every predicate and known quantities (tests/sample_graph.py)."""
    from sample_graph import build_sample

    return build_sample(tmp_path_factory.mktemp("sample-out"))
