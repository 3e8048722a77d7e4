"""Extraction on a real Dask LocalCluster gives the same graph as the plain build, streams, and
survives a bad document or a dying worker."""

from __future__ import annotations

import gc
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import dask
import pyoxigraph as ox
import pytest
from distributed import LocalCluster
from rdflib import Graph
from typer.testing import CliRunner

import kg
from kg.build import build
from kg.cli import app
from kg.distributed import DaskExtractor, DistributedError, extract_documents
from kg.pipeline import Pipeline, default_pipeline, extract
from kg.rdf import document_graph
from kg.read import read
from kg.types import Document, Quantity, Relation

pytestmark = pytest.mark.slow

EXPLODE = "KG-TEST-EXPLODE"  # a document with this marker makes the test stage raise
KILL = "KG-TEST-KILL"  # ... and with this one, kills the worker process that extracts it
KILL_ONCE = "KG-TEST-ONCE"  # ... kills it only the first time (the flag file named after it is absent)


# -- test-only stages (module level, so workers import them by name) ---------------------
def explode_or_die(doc: Document) -> Document:
    """Raise on EXPLODE (recording each attempt in the file named after the marker); exit the
    process on KILL, and on KILL_ONCE the first time; pass every other document through."""
    if EXPLODE in doc.text:
        log = doc.text.split(EXPLODE + ":", 1)[1].split()[0]
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        raise RuntimeError("this document was built to fail")
    if KILL in doc.text:
        os._exit(1)
    if KILL_ONCE in doc.text:
        flag = Path(doc.text.split(KILL_ONCE + ":", 1)[1].split()[0])
        if not flag.exists():
            flag.touch()
            os._exit(1)
    return doc


def failing_pipeline() -> Pipeline:
    return Pipeline([*default_pipeline().stages, ("explode_or_die", explode_or_die)])


def relate_neighbours(doc: Document) -> Document:
    """Relate each entity to the next one of the document, with a quantity: statements with
    hashed IRIs, decimals and integers to carry across processes, whatever the rule extractors
    find on the seeds today."""
    ents = sorted(doc.entities.values(), key=lambda e: (e.cls, e.name))
    for i, (a, b) in enumerate(pairwise(ents)):
        doc.relations.append(Relation(a.key, "supports", b.key, doc.id, f"{a.name}帮扶{b.name}。",
                                      confidence=0.5 + (i % 5) / 10,
                                      quantity=Quantity(f"{i}万元", amount=Decimal(i) * 10000 + Decimal("0.5"),
                                                        count=i, unit="人")))
    return doc


def relating_pipeline() -> Pipeline:
    return Pipeline([*default_pipeline().stages, ("relate_neighbours", relate_neighbours)])


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each. One death per task is allowed (the second is
    final), and a worker holds one task at a time, so a killer document cannot take an innocent
    one down with it."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}):
        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=logging.CRITICAL)
    try:
        yield lc
    finally:
        lc.close()


@pytest.fixture(scope="module")
def small_corpus(seeds_dir, tmp_path_factory) -> Path:
    """The two shortest seeds: enough for the tests that need documents, not the seeds' contents."""
    corpus = tmp_path_factory.mktemp("small")
    for p in sorted(seeds_dir.glob("*.txt"), key=lambda p: p.stat().st_size)[:2]:
        shutil.copy(p, corpus / p.name)
    return corpus


def quads(out: Path, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> set[str]:
    """Every quad of the store (each document's named graph) as N-Quads lines, or with
    ``fmt=N_TRIPLES`` every triple of their union. (pyoxigraph directly: the lock goes with it.)"""
    store = ox.Store.read_only(str(out / "store"))
    if fmt == ox.RdfFormat.N_QUADS:
        data = store.dump(format=fmt)
    else:
        data = ox.serialize(set(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                            use_default_graph_as_union=True)), format=fmt)
    del store
    return {line for line in data.decode("utf-8").splitlines() if line.strip()}


def triples(graphs: Iterable[Graph]) -> set[str]:
    lines: set[str] = set()
    for g in graphs:
        lines |= {ln for ln in g.serialize(format="nt", encoding="utf-8").decode().splitlines() if ln}
    return lines


def seed_docs(seeds_dir: Path) -> Iterator[Document]:
    return (d for d in read([seeds_dir]) if isinstance(d, Document))


# -- equivalence ---------------------------------------------------------------------------
def test_build_with_two_local_workers_gives_the_same_quads_as_the_plain_build(seeds_dir, seeds_build,
                                                                               tmp_path):
    plain_out, plain_report = seeds_build
    report = build([seeds_dir], out=tmp_path / "w2", workers=2, view=False)
    assert report.failed == [] and report.documents == plain_report.documents == 5
    expected = quads(plain_out)
    assert len(expected) > 300 and any("rdf-schema#label" in q for q in expected)
    assert quads(tmp_path / "w2") == expected
    assert report.entities == plain_report.entities and report.relations == plain_report.relations


def test_statements_and_quantities_cross_processes_unchanged(cluster, small_corpus):
    local = triples(document_graph(relating_pipeline()(d), min_confidence=0.6) for d in seed_docs(small_corpus))
    outcomes = list(extract_documents(seed_docs(small_corpus), scheduler=cluster.scheduler_address,
                                      pipeline=relating_pipeline(), min_confidence=0.6))
    assert all(o.ok for o in outcomes)
    remote = triples(o.graph for o in outcomes)
    assert sum("22-rdf-syntax-ns#Statement" in t for t in local) > 20
    assert any("XMLSchema#decimal" in t and "fupin-kg" in t for t in local)
    assert remote == local


def test_build_on_a_scheduler_address_matches_and_stays_incremental(cluster, seeds_dir, seeds_build,
                                                                    tmp_path):
    out = tmp_path / "sched"
    report = build([seeds_dir], out=out, scheduler=cluster.scheduler_address, view=False)
    assert report.documents == 5 and report.failed == []
    assert quads(out) == quads(seeds_build[0])
    gc.collect()  # KGStore.close() leaves the Oxigraph lock to the garbage collector (kg/store.py)
    again = build([seeds_dir], out=out, scheduler=cluster.scheduler_address, view=False)
    assert (again.documents, again.unchanged) == (0, 5)  # the hash check happens in the client


def test_workers_run_the_same_kg_as_the_client(cluster):
    pool = DaskExtractor(scheduler=cluster.scheduler_address)
    try:
        found = pool.worker_modules()
    finally:
        pool.close()
    assert len(found) == 2 and set(found.values()) == {kg.__file__}


def test_the_client_keeps_a_bounded_window_of_documents(cluster, small_corpus):
    pulled = 0

    def docs():
        nonlocal pulled
        for _ in range(3):  # 6 documents (ids repeat; extraction does not care)
            for d in seed_docs(small_corpus):
                pulled += 1
                yield d

    most_in_flight, n = 0, 0
    for outcome in extract_documents(docs(), scheduler=cluster.scheduler_address, max_in_flight=2):
        assert outcome.ok, outcome.error
        n += 1
        most_in_flight = max(most_in_flight, pulled - n + 1)
    assert n == 6 and pulled == 6
    assert most_in_flight <= 2


# -- failures ------------------------------------------------------------------------------
def _corpus_with(tmp_path: Path, small_corpus: Path, name: str, text: str) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus, corpus)
    (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def test_a_document_whose_extraction_raises_is_retried_then_reported_and_the_rest_built(
        cluster, small_corpus, tmp_path):
    attempts = tmp_path / "attempts.log"
    corpus = _corpus_with(tmp_path, small_corpus, "bad.txt",
                          f"巫山县人民政府开展帮扶。{EXPLODE}:{attempts} 福益美公司吸纳脱贫户就业。")
    outcomes = list(extract_documents(seed_docs(corpus), scheduler=cluster.scheduler_address,
                                      pipeline=failing_pipeline(), retries=1))
    failed = [o for o in outcomes if not o.ok]
    assert len(outcomes) == 3 and len(failed) == 1
    assert failed[0].path.endswith("bad.txt")
    assert "RuntimeError: this document was built to fail" in failed[0].error
    assert len(attempts.read_text().split()) == 2  # tried once, retried once
    built = triples(o.graph for o in outcomes if o.ok)
    assert built == triples(document_graph(extract(d)) for d in seed_docs(corpus) if EXPLODE not in d.text)


def test_a_lost_worker_is_survived_and_a_document_that_keeps_killing_workers_is_reported(
        cluster, small_corpus, tmp_path):
    flag = tmp_path / "killed-once"
    corpus = _corpus_with(tmp_path, small_corpus, "killer.txt", f"巫山县人民政府开展帮扶。{KILL}")
    (corpus / "once.txt").write_text(f"奉节县人民政府开展帮扶。{KILL_ONCE}:{flag}", encoding="utf-8")
    # one task at a time, so a dying worker never takes an innocent document down with it
    outcomes = list(extract_documents(seed_docs(corpus), scheduler=cluster.scheduler_address,
                                      pipeline=failing_pipeline(), max_in_flight=1))
    failed = [o for o in outcomes if not o.ok]
    assert len(outcomes) == 4 and [Path(o.path).name for o in failed] == ["killer.txt"]
    assert "workers died" in failed[0].error
    assert flag.exists()  # once.txt did kill its first worker, and was then extracted elsewhere
    once = next(o for o in outcomes if o.path.endswith("once.txt"))
    assert once.ok and any("奉节县" in t for t in triples([once.graph]))
    assert all(len(o.graph) > 50 for o in outcomes if o.ok and o is not once)


# -- the command line and its errors -------------------------------------------------------
def test_cli_build_on_a_scheduler_prints_the_summary(cluster, small_corpus, tmp_path):
    res = CliRunner().invoke(app, ["build", str(small_corpus), "--out", str(tmp_path / "cli"), "--no-view",
                                   "--json", "--scheduler", cluster.scheduler_address])
    assert res.exit_code == 0, res.output
    assert '"documents": 2' in res.output


def test_cli_refuses_workers_and_scheduler_together(seeds_dir, tmp_path):
    res = CliRunner().invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path), "--workers", "2",
                                   "--scheduler", "tcp://127.0.0.1:8786"])
    assert res.exit_code == 1
    assert "either --workers or --scheduler" in res.output and "Traceback" not in res.output


def test_an_unreachable_scheduler_is_one_clear_error():
    with pytest.raises(DistributedError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        DaskExtractor(scheduler="tcp://127.0.0.1:9", timeout=1)
