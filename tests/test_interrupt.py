"""A build killed at any point (SIGKILL, Ctrl-C) leaves the previous outputs and a sound store.

Real processes: ``python -m kg build`` on a generated corpus, killed at random moments; then the
old kg.ttl and graph.html must be byte for byte what they were, the store must open and be
consistent, and the next build must carry on and end with the triples of a clean build.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import BUILDING, build
from kg.store import IN_USE, FolderLock, KGStore

ROOT = Path(__file__).resolve().parent.parent


def gen_corpus():
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "benchmarks" / "gen_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def kg_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def triples(path: Path) -> set:
    return set(Graph().parse(path, format="turtle"))


def store_state(out: Path) -> dict[str, str]:
    """Open the store read-only, check it is consistent, and return document id → hash."""
    kg = KGStore(out, read_only=True)
    try:
        stray = kg.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        missing = kg.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }")
        assert int(stray[0]["n"]) == 0, "the KG holds triples no document states"
        assert int(missing[0]["n"]) == 0, "a document's triples are missing from the KG"
        docs = kg.documents()
        assert all(info["hash"] for info in docs.values()), "a document graph without its hash"
        return {k: v["hash"] for k, v in docs.items()}
    finally:
        kg.close()


def marker_pid(out: Path) -> int | None:
    try:
        return json.loads((out / BUILDING).read_text("utf-8"))["pid"]
    except (OSError, ValueError, KeyError):
        return None


def write_articles(folder: Path, arts: list[tuple[str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for ident, _title, text in arts:
        (folder / f"{ident}.txt").write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_killed_builds_leave_previous_outputs_and_the_next_build_carries_on(tmp_path):
    gc = gen_corpus()
    counties = gc.load_divisions()
    arts = list(gc.articles(150, seed=7, counties=counties))
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_articles(corpus, arts[:30])
    build([corpus], out=out)  # the previous build, whose outputs must survive
    old_ttl, old_html = (out / "kg.ttl").read_bytes(), (out / "graph.html").read_bytes()
    old_triples = triples(out / "kg.ttl")
    old_docs = store_state(out)

    # the next corpus: 120 new articles, 3 changed, 2 removed
    write_articles(corpus, arts[30:])
    for ident, _t, text in arts[:3]:
        (corpus / f"{ident}.txt").write_text(text + "巫山县福益美农业开发有限公司吸纳脱贫户20人就业。\n", encoding="utf-8")
    for ident, _t, _x in arts[3:5]:
        (corpus / f"{ident}.txt").unlink()

    rng = random.Random(20240601)
    done_before = 0
    for sig in (signal.SIGKILL, signal.SIGINT, signal.SIGKILL):
        proc = subprocess.Popen(kg_cmd("build", str(corpus), "--out", str(out)), env=env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # wait until this build is under way (its marker names its pid), then a random moment more
        t0 = time.monotonic()
        while marker_pid(out) != proc.pid and proc.poll() is None and time.monotonic() - t0 < 120:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.2, 3.0))
        assert proc.poll() is None, "the build ended before it could be interrupted: use a bigger corpus"
        proc.send_signal(sig)
        _stdout, stderr = proc.communicate(timeout=60)
        if sig is signal.SIGINT:
            text = stderr.decode("utf-8", "replace")
            assert "Traceback" not in text
            assert proc.returncode in (130, 1)
        else:
            assert proc.returncode == -signal.SIGKILL
        assert (out / "kg.ttl").read_bytes() == old_ttl
        assert (out / "graph.html").read_bytes() == old_html
        assert triples(out / "kg.ttl") == old_triples
        state = store_state(out)
        done = sum(1 for k, h in state.items() if old_docs.get(k) != h)
        assert done >= done_before  # work is never lost...
        done_before = done
        assert (out / BUILDING).exists()  # ...and the next build knows it was interrupted

    res = subprocess.run(kg_cmd("build", str(corpus), "--out", str(out), "--json"), env=env(),
                         capture_output=True, timeout=600, check=False)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    report = json.loads(res.stdout)
    assert report["resumed"] is True
    to_do = 120 + 3  # new and changed articles
    assert report["documents"] == to_do - done_before  # it carried on where the kills left it
    assert not (out / BUILDING).exists() and not list(out.glob(".*.tmp")) and not list(out.glob(".*.new"))

    clean = build([corpus], out=tmp_path / "clean", view=False)
    assert clean.documents == 148  # 30 + 120 - 2
    assert triples(out / "kg.ttl") == triples(tmp_path / "clean" / "kg.ttl")
    assert set(store_state(out)) == {ident for ident, _t, _x in arts} - {arts[3][0], arts[4][0]}


def test_build_on_a_folder_in_use_fails_with_one_clear_line(tmp_path, seeds_dir):
    out = tmp_path / "out"
    with FolderLock(out).held():
        res = subprocess.run(kg_cmd("build", str(seeds_dir), "--out", str(out)), env=env(),
                             capture_output=True, timeout=300, check=False)
    err = res.stderr.decode("utf-8").strip()
    assert res.returncode == 1
    assert IN_USE in err and "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert not (out / "kg.ttl").exists()
