"""`kg validate`: built graphs keep the output contract; broken ones are caught and explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.namespaces import FP, FPR
from kg.store import load_graph
from kg.validate import ValidationError, validate

FUYIMEI = FPR["Enterprise/巫山县福益美农业开发有限公司"]


def test_seeds_build_conforms(seeds_build):
    out, _ = seeds_build
    conforms, rows = validate(out / "kg.ttl")
    assert conforms, rows[:5]
    assert rows == []


def test_sample_graph_with_every_predicate_conforms(sample_build):
    conforms, rows = validate(sample_build / "kg.ttl")
    assert conforms, rows[:5]


def _broken(sample_build: Path, tmp_path: Path, change) -> Path:
    g = load_graph(sample_build / "kg.ttl")
    change(g)
    path = tmp_path / "broken.ttl"
    g.serialize(path, format="turtle")
    return path


def _a_statement(g: Graph):
    return next(iter(g.subjects(RDF.type, RDF.Statement)))


def test_two_labels_on_one_entity_do_not_conform(sample_build, tmp_path):
    path = _broken(sample_build, tmp_path, lambda g: g.add((FUYIMEI, RDFS.label, Literal("福益美公司", lang="zh"))))
    conforms, rows = validate(path)
    assert not conforms
    assert [(r["focus"], r["path"]) for r in rows] == [("fpr:Enterprise/巫山县福益美农业开发有限公司", "rdfs:label")]
    assert "exactly one rdfs:label" in rows[0]["message"]


def _two_classes(g):
    g.add((FUYIMEI, RDF.type, FP.Institution))


def _english_label(g):
    g.remove((FUYIMEI, RDFS.label, None))
    g.add((FUYIMEI, RDFS.label, Literal("Fuyimei", lang="en")))


def _confidence_above_one(g):
    st = _a_statement(g)
    g.set((st, FP.confidence, Literal("1.5", datatype=XSD.decimal)))


def _no_sentence(g):
    g.remove((_a_statement(g), FP.sentence, None))


def _unknown_predicate(g):
    g.set((_a_statement(g), RDF.predicate, FP.mentionedIn))


def _negative_count(g):
    st = next(g.subjects(FP.count, None))
    g.set((st, FP.count, Literal(-3, datatype=XSD.integer)))


def _amount_as_string(g):
    st = next(g.subjects(FP.amount, None))
    g.set((st, FP.amount, Literal("460万元")))


def _document_without_identifier(g):
    doc = next(g.subjects(RDF.type, FP.Document))
    g.remove((doc, URIRef("http://purl.org/dc/terms/identifier"), None))


def _statement_not_asserted(g):
    st = _a_statement(g)
    g.remove((g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)))


def _no_provenance(g):
    g.remove((_a_statement(g), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))


@pytest.mark.parametrize("change, path", [
    (_two_classes, "rdf:type"),
    (_english_label, "rdfs:label"),
    (_confidence_above_one, "fp:confidence"),
    (_no_sentence, "fp:sentence"),
    (_unknown_predicate, "rdf:predicate"),
    (_negative_count, "fp:count"),
    (_amount_as_string, "fp:amount"),
    (_document_without_identifier, "dcterms:identifier"),
    (_statement_not_asserted, ""),
    (_no_provenance, "prov:wasDerivedFrom"),
])
def test_each_kind_of_breakage_is_reported(sample_build, tmp_path, change, path):
    conforms, rows = validate(_broken(sample_build, tmp_path, change))
    assert not conforms
    assert path in {r["path"] for r in rows}, rows


def test_cli_validate_exits_1_with_a_table_of_violations(sample_build, tmp_path):
    path = _broken(sample_build, tmp_path, lambda g: g.add((FUYIMEI, RDFS.label, Literal("福益美公司", lang="zh"))))
    res = CliRunner().invoke(app, ["validate", "--file", str(path)])
    assert res.exit_code == 1, res.output
    assert "1 violations" in res.output and "rdfs:label" in res.output


def test_cli_validate_on_a_build_folder_conforms(sample_build):
    res = CliRunner().invoke(app, ["validate", "--out", str(sample_build)])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output


def test_not_rdf_is_one_clear_error(tmp_path):
    bad = tmp_path / "kg.ttl"
    bad.write_text("this is not turtle <", "utf-8")
    with pytest.raises(ValidationError, match=r"kg\.ttl: not valid RDF"):
        validate(bad)
    res = CliRunner().invoke(app, ["validate", "--out", str(tmp_path)])
    assert res.exit_code == 1 and "not valid RDF" in res.output and "Traceback" not in res.output


def test_missing_graph_names_the_file(tmp_path):
    res = CliRunner().invoke(app, ["validate", "--out", str(tmp_path / "nowhere")])
    assert res.exit_code == 1 and "no such graph file" in res.output
