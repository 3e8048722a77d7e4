"""Incremental builds: only new or changed files are extracted, and the graph equals a clean build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.namespaces import FP, FPR
from kg.rdf import doc_iri, entity_iri
from kg.store import KGStore

ARTICLES = {
    "a": "巫山县福益美农业开发有限公司就业帮扶车间吸纳了骡坪镇的留守妇女15人就业。公司负责人唐永珍介绍，公司在巫山县骡坪镇投资200万元。",
    "b": "巫山县人力资源和社会保障局在骡坪镇实施春风行动，为农村劳动力提供就业岗位3000个。巫山县龙泓玩具厂吸纳脱贫户50人就业。",
    "c": "奉节县人民医院对口帮扶永乐镇卫生院。奉节县民政局局长王国华表示，将持续做好困难群众的救助工作。",
    "d": "鲁甸县卯家湾安置区位于昭通市。昭通市人民政府与济南市人民政府签订劳务协作协议。",
}
CHANGED_A = "巫山县绿源食品有限公司就业帮扶车间吸纳了大昌镇的脱贫户30人就业。公司负责人杨勇介绍，公司在巫山县大昌镇投资500万元。"
NEW_E = "城口县人民政府实施“雨露计划”。城口县鑫达电子有限公司吸纳高校毕业生120人就业。"


def write(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def triples(out: Path) -> set:
    """The triples of OUT/kg.ttl, parsed by rdflib (so literals compare as rdflib makes them)."""
    return set(Graph().parse(out / "kg.ttl", format="turtle"))


def clean(corpus: Path, tmp: Path, store: str = "oxigraph") -> set:
    out = tmp / f"clean-{store}"
    build([corpus], out=out, store=store, rebuild=True, view=False)
    return triples(out)


def doc_ids(out: Path) -> set[str]:
    kg = KGStore(out, read_only=True) if (out / "store").is_dir() else KGStore(out, kind="memory", read_only=True)
    try:
        return set(kg.documents())
    finally:
        kg.close()


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_second_run_extracts_only_new_and_changed_files(tmp_path, store):
    corpus = write(tmp_path / "corpus", ARTICLES)
    out = tmp_path / "out"
    first = build([corpus], out=out, store=store, view=False)
    assert (first.documents, first.unchanged) == (4, 0)
    before = triples(out)

    again = build([corpus], out=out, store=store, view=False)
    assert (again.documents, again.unchanged, again.removed) == (0, 4, 0)
    assert triples(out) == before

    (corpus / "a.txt").write_text(CHANGED_A, encoding="utf-8")
    write(corpus, {"e": NEW_E})
    third = build([corpus], out=out, store=store, view=False)
    assert (third.documents, third.unchanged, third.removed) == (2, 3, 0)
    assert third.characters == len(CHANGED_A) + len(NEW_E)
    after = triples(out)
    # the changed file's old statements are gone, its new ones are there
    old_company = entity_iri("Enterprise", "巫山县福益美农业开发有限公司")
    assert not any(s == old_company for s, _p, _o in after)
    assert any(s == entity_iri("Enterprise", "巫山县绿源食品有限公司") for s, _p, _o in after)
    assert after == clean(corpus, tmp_path, store)


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_removed_file_takes_its_statements_with_it(tmp_path, store):
    corpus = write(tmp_path / "corpus", ARTICLES)
    out = tmp_path / "out"
    build([corpus], out=out, store=store, view=False)
    (corpus / "c.txt").unlink()
    report = build([corpus], out=out, store=store, view=False)
    assert (report.documents, report.removed) == (0, 1)
    got = triples(out)
    assert (None, None, doc_iri("c")) not in got and not any(o == doc_iri("c") for _s, _p, o in got)
    assert got == clean(corpus, tmp_path, store)


def test_entity_iris_stay_stable_across_incremental_builds(tmp_path):
    corpus = write(tmp_path / "corpus", ARTICLES)
    out = tmp_path / "out"
    build([corpus], out=out, view=False)
    ents = {s for s, p, _o in triples(out) if p == FP.mentionedIn}
    write(corpus, {"e": NEW_E})
    build([corpus], out=out, view=False)
    ents_after = {s for s, p, _o in triples(out) if p == FP.mentionedIn}
    assert ents <= ents_after
    assert all(str(e).startswith(str(FPR)) for e in ents_after)
    # the same entity named in two documents has one IRI, mentioned in both
    g = Graph().parse(out / "kg.ttl", format="turtle")
    town = entity_iri("Place", "骡坪镇")
    assert {doc_iri("a"), doc_iri("b")} <= set(g.objects(town, FP.mentionedIn))


def test_removal_only_considers_documents_read_from_the_same_roots(tmp_path):
    one = write(tmp_path / "one", {k: ARTICLES[k] for k in "ab"})
    two = write(tmp_path / "two", {k: ARTICLES[k] for k in "cd"})
    out = tmp_path / "out"
    build([one], out=out, view=False)
    report = build([two], out=out, view=False)  # a second folder into the same graph
    assert (report.documents, report.removed) == (2, 0)
    assert doc_ids(out) == {"a", "b", "c", "d"}
    (two / "d.txt").unlink()
    report = build([two], out=out, view=False)
    assert report.removed == 1
    assert doc_ids(out) == {"a", "b", "c"}  # one/ was not read this time: its documents stay
    report = build([one / "a.txt"], out=out, view=False)  # a single file as the root
    assert (report.unchanged, report.removed) == (1, 0)


def test_rebuild_starts_afresh(tmp_path):
    one = write(tmp_path / "one", {k: ARTICLES[k] for k in "ab"})
    two = write(tmp_path / "two", {k: ARTICLES[k] for k in "cd"})
    out = tmp_path / "out"
    build([one], out=out, view=False)
    build([two], out=out, view=False)
    report = build([two], out=out, rebuild=True, view=False)
    assert (report.documents, report.unchanged) == (2, 0)
    assert doc_ids(out) == {"c", "d"}


def test_unreadable_file_keeps_its_previous_statements(tmp_path):
    corpus = write(tmp_path / "corpus", ARTICLES)
    out = tmp_path / "out"
    build([corpus], out=out, view=False)
    before = triples(out)
    (corpus / "b.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    report = build([corpus], out=out, view=False)
    assert [s.path for s in report.skipped] == [str(corpus / "b.txt")]
    assert report.removed == 0 and "b" in doc_ids(out)
    assert triples(out) == before


def test_moved_jsonl_line_is_not_extracted_again_but_its_path_follows(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"id": k, "text": v}, ensure_ascii=False) for k, v in ARTICLES.items()]
    (corpus / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out=out, view=False)
    (corpus / "news.jsonl").write_text("\n".join([json.dumps({"id": "e", "text": NEW_E}, ensure_ascii=False)]
                                                + lines[:0:-1]) + "\n", encoding="utf-8")  # a gone, e new, b c d in reverse order
    report = build([corpus], out=out, view=False)
    assert (report.documents, report.unchanged, report.removed) == (1, 3, 1)
    g = Graph().parse(out / "kg.ttl", format="turtle")
    path_b = str(next(g.objects(doc_iri("b"), FP.sourcePath)))
    assert path_b.endswith("news.jsonl:4")
    assert triples(out) == clean(corpus, tmp_path)


def test_copy_of_the_output_folder_carries_on_elsewhere(tmp_path):
    """The store holds absolute source paths: a moved output folder still knows its documents."""
    corpus = write(tmp_path / "corpus", ARTICLES)
    build([corpus], out=tmp_path / "out", view=False)
    shutil.copytree(tmp_path / "out", tmp_path / "moved")
    report = build([corpus], out=tmp_path / "moved", view=False)
    assert (report.documents, report.unchanged) == (0, 4)
