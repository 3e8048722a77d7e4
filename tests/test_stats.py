"""`kg stats`: counts, leaders, components and communities, from Python and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from viewer_fixtures import ENTITIES, contract_graph

from kg.cli import app
from kg.rdf import entity_iri
from kg.stats import graph_stats
from kg.store import KGStore


@pytest.fixture(scope="module")
def stats():
    return graph_stats(contract_graph())


def test_counts_by_class_and_predicate(stats):
    assert stats["entities"] == len(ENTITIES)
    assert stats["by_class"]["Enterprise"] == 3 and stats["by_class"]["Place"] == 2
    assert stats["by_predicate"]["employs"] == 1 and stats["by_predicate"]["benefits"] == 2
    assert stats["by_predicate"]["founded"] == 0
    assert stats["statements"] == 12 and stats["documents"] == 3


def test_leaders(stats):
    assert stats["degree_leaders"][0]["label"] == "巫山县福益美农业开发有限公司"
    assert stats["degree_leaders"][0]["degree"] == 5
    # the company connects the workshop, the person and the group side to the rest
    assert stats["betweenness_leaders"][0]["label"] == "巫山县福益美农业开发有限公司"


def test_components_and_communities(stats):
    comp = stats["components"]
    assert comp["isolated"] == 1  # 孤立公司
    assert comp["count"] == 2 and comp["largest"] == [11, 1]
    assert stats["community_count"] >= 2
    sizes = [c["size"] for c in stats["communities"]]
    assert sum(sizes) == 11 and sizes == sorted(sizes, reverse=True)
    assert all(c["main"] for c in stats["communities"])


def test_stats_cli_json_and_table(tmp_path):
    kg = KGStore(tmp_path)
    kg.replace_document(entity_iri("graph", "t"), contract_graph())
    kg.close()
    r = CliRunner().invoke(app, ["stats", "--out", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {"entities", "relations", "by_class", "by_predicate", "degree_leaders", "betweenness_leaders",
            "components", "communities", "modularity"} <= set(data)
    r = CliRunner().invoke(app, ["stats", "--out", str(tmp_path)])
    assert r.exit_code == 0 and "巫山县福益美农业开发有限公司" in r.output
    r = CliRunner().invoke(app, ["stats", "--out", str(tmp_path), "--format", "xml"])
    assert r.exit_code == 1 and "unknown format" in r.output
