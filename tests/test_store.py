"""The store: document graphs, the default graph as their set union, export, locks, atomic files."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.namespaces import FP, FPR
from kg.store import (
    IN_USE,
    MEMORY_FILE,
    FolderLock,
    KGStore,
    StoreError,
    atomic_write_bytes,
    atomic_writer,
    load_graph,
    sweep_temporaries,
)

KINDS = ("oxigraph", "memory")
ENT = FPR["Enterprise/巫山县福益美农业开发有限公司"]
GROUP = FPR["BeneficiaryGroup/留守妇女"]


def doc_graph(doc_id: str, *, extra: bool = False) -> Graph:
    """A small document graph: the shared entity, a per-document mention, and one private triple."""
    g = Graph()
    d = FPR[f"doc/{doc_id}"]
    g.add((d, RDF.type, FP.Document))
    g.add((d, FP.contentHash, Literal(f"hash-{doc_id}")))
    g.add((ENT, RDF.type, FP.Enterprise))
    g.add((ENT, RDFS.label, Literal("巫山县福益美农业开发有限公司", lang="zh")))
    g.add((ENT, FP.mentionedIn, d))
    if extra:
        g.add((ENT, FP.employs, GROUP))
    return g


def gi(doc_id: str):
    return FPR[f"graph/doc/{doc_id}"]


def kg_triples(kg: KGStore) -> set:
    return set(kg.triples())


@pytest.mark.parametrize("kind", KINDS)
def test_default_graph_is_the_set_union_of_document_graphs(tmp_path, kind):
    kg = KGStore(tmp_path, kind=kind)
    kg.add_document(gi("a"), doc_graph("a", extra=True))
    kg.add_document(gi("b"), doc_graph("b"))
    assert kg_triples(kg) == set(doc_graph("a", extra=True)) | set(doc_graph("b"))
    # a triple stated by two documents comes back once, not once per document
    rows = kg.select(f"SELECT ?l WHERE {{ <{ENT}> <{RDFS.label}> ?l . <{ENT}> a ?c }}")
    assert len(rows) == 1
    kg.close()


@pytest.mark.parametrize("kind", KINDS)
def test_removing_a_document_keeps_triples_another_document_states(tmp_path, kind):
    kg = KGStore(tmp_path, kind=kind)
    kg.add_document(gi("a"), doc_graph("a", extra=True))
    kg.add_document(gi("b"), doc_graph("b"))
    kg.remove_graph(gi("a"))
    assert kg_triples(kg) == set(doc_graph("b"))  # label and type stay, employs and a's mention go
    kg.remove_graph(gi("b"))
    assert kg_triples(kg) == set()
    assert len(kg) == 0
    kg.close()


@pytest.mark.parametrize("kind", KINDS)
def test_replace_document_swaps_its_statements(tmp_path, kind):
    kg = KGStore(tmp_path, kind=kind)
    kg.add_document(gi("a"), doc_graph("a", extra=True))
    kg.replace_document(gi("a"), doc_graph("a"))
    assert (ENT, FP.employs, GROUP) not in kg_triples(kg)
    assert kg_triples(kg) == set(doc_graph("a"))
    kg.close()


@pytest.mark.parametrize("kind", KINDS)
def test_store_persists_and_reopens_with_documents(tmp_path, kind):
    kg = KGStore(tmp_path, kind=kind)
    kg.add_document(gi("a"), doc_graph("a", extra=True))
    kg.add_document(gi("b"), doc_graph("b"))
    kg.close() if kind == "oxigraph" else kg.flush()
    if kind == "memory":
        assert (tmp_path / MEMORY_FILE).is_file()
    again = KGStore(tmp_path, kind=kind, read_only=True)
    docs = again.documents()
    assert {k: v["hash"] for k, v in docs.items()} == {}  # no dcterms:identifier in these graphs
    assert kg_triples(again) == set(doc_graph("a", extra=True)) | set(doc_graph("b"))
    again.close()


@pytest.mark.parametrize("kind", KINDS)
def test_export_turtle_is_the_default_graph_with_prefixes(tmp_path, kind):
    kg = KGStore(tmp_path, kind=kind)
    kg.add_document(gi("a"), doc_graph("a", extra=True))
    kg.add_document(gi("b"), doc_graph("b"))
    path = kg.export(tmp_path / "kg.ttl", "ttl")
    text = path.read_text("utf-8")
    assert "@prefix fp:" in text or "PREFIX fp:" in text
    assert set(Graph().parse(path, format="turtle")) == kg_triples(kg)
    assert len(load_graph(path)) == len(kg)  # the fast Oxigraph parser reads it too
    ds = Dataset()
    ds.parse(data=kg.serialize("trig").decode("utf-8"), format="trig")
    assert {gi("a"), gi("b")} <= {g.identifier for g in ds.graphs()}  # trig keeps the document graphs
    kg.close()


def test_unknown_export_format_is_a_one_line_error(tmp_path):
    kg = KGStore(None)
    with pytest.raises(StoreError, match="unknown format"):
        kg.serialize("rdfxml-ish")


def test_second_writer_on_the_same_store_gets_a_clear_error(tmp_path):
    first = KGStore(tmp_path)
    with pytest.raises(StoreError, match=IN_USE):
        KGStore(tmp_path)
    reader = KGStore(tmp_path, read_only=True)  # readers are always welcome
    reader.close()
    first.close()


def test_folder_lock_is_exclusive_across_processes(tmp_path):
    with FolderLock(tmp_path).held():
        code = ("import sys; from kg.store import FolderLock, StoreError\n"
                f"try:\n    FolderLock({str(tmp_path)!r}).acquire()\nexcept StoreError as e:\n"
                "    print(e); sys.exit(3)\n")
        res = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
        assert res.returncode == 3 and IN_USE in res.stdout
    # released: the next process gets it
    res = subprocess.run([sys.executable, "-c", f"from kg.store import FolderLock; FolderLock({str(tmp_path)!r}).acquire()"],
                         check=False, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr


def test_read_only_store_missing_says_to_build_first(tmp_path):
    for kind in KINDS:
        with pytest.raises(StoreError, match="run `kg build` first"):
            KGStore(tmp_path / "nothing", kind=kind, read_only=True)


def test_atomic_writer_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "kg.ttl"
    atomic_write_bytes(target, b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.glob(".*.tmp")) == []


def test_sweep_removes_what_a_killed_writer_left(tmp_path):
    (tmp_path / ".kg.ttl.abc123.tmp").write_bytes(b"x")
    (tmp_path / ".graph.html.new").write_bytes(b"x")
    (tmp_path / "kg.ttl").write_bytes(b"keep")
    assert sweep_temporaries(tmp_path) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]
