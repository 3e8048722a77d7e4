"""A real `oxigraph serve` on a loopback port: push, query over HTTP, same answers as the local store."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.endpoint import EndpointError, free_port, push, start_oxigraph, stop, wait_for_port
from kg.query import QueryError, list_presets, run_preset, run_query

pytestmark = pytest.mark.server
PRESETS = [p.name for p in list_presets()]


@pytest.fixture(scope="module")
def server(request):
    """An in-memory `oxigraph serve` on a free 127.0.0.1 port, stopped when the module ends."""
    port = free_port()
    proc = start_oxigraph(None, "127.0.0.1", port, read_only=False, union_default_graph=False)
    request.addfinalizer(lambda: stop(proc))
    return f"http://127.0.0.1:{port}"


def _canon(term):
    """Cells that list names (GROUP_CONCAT) have no defined order: compare their parts as a sorted list."""
    if isinstance(term, Literal) and term.datatype is None and "、" in str(term):
        return Literal("、".join(sorted(str(term).split("、"))), lang=term.language)
    return term


def _rowset(res):
    return {tuple(_canon(v) for v in row) for row in res.rows}


def _same_answers(out: Path, endpoint: str) -> None:
    for name in PRESETS:
        local = run_preset(name, out=out)
        remote = run_preset(name, endpoint=f"{endpoint}/query")
        assert remote.columns == local.columns, name
        assert _rowset(remote) == _rowset(local), name


def test_push_then_every_preset_answers_as_the_local_store(server, sample_build):
    rep = push(sample_build, f"{server}/store")
    assert rep.status in (200, 201, 204) and rep.triples > 200
    _same_answers(sample_build, server)
    assert run_preset("employers", endpoint=f"{server}/query").rows  # and they are not empty


def test_push_of_the_seeds_build_answers_as_the_local_store(server, seeds_build):
    out, _ = seeds_build
    CliRunner().invoke(app, ["push", "--endpoint", f"{server}/store", "--out", str(out)], catch_exceptions=False)
    _same_answers(out, server)
    n = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=f"{server}/query").rows[0][0]
    assert int(n) == push(out, f"{server}/store").triples  # PUT replaced the sample graph


def test_push_into_a_named_graph(server, sample_build):
    g = "https://w3id.org/fupin-kg/id/graph/test"
    res = CliRunner().invoke(app, ["push", "--endpoint", f"{server}/store", "--graph", g, "--out", str(sample_build)])
    assert res.exit_code == 0, res.output
    assert "to graph <" in res.output
    n = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", endpoint=f"{server}/query")
    assert int(n.rows[0][0]) == push(sample_build, f"{server}/store", g).triples


def test_params_and_ask_over_http(server, sample_build):
    push(sample_build, f"{server}/store")
    rows = run_preset("entity", endpoint=f"{server}/query", params={"name": "天锐公司"}).dicts()
    assert {str(r["entity"]) for r in rows} == {"巫山县天锐服装有限公司"}
    assert run_query("ASK { ?s fp:partnersWith ?o }", endpoint=f"{server}/query").boolean is True


def test_update_over_http_needs_the_flag(server, sample_build):
    push(sample_build, f"{server}/store")
    q = 'INSERT DATA { fpr:x rdfs:label "新村"@zh }'
    with pytest.raises(QueryError, match="--update"):
        run_query(q, endpoint=f"{server}/query")
    run_query(q, endpoint=f"{server}/query", update=True)
    assert run_query('ASK { fpr:x rdfs:label "新村"@zh }', endpoint=f"{server}/query").boolean


def test_malformed_query_is_caught_before_it_is_sent(server):
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        run_query("SELECT ?x WHERE { ?x ?y }", endpoint=f"{server}/query")


def test_connection_refused_and_http_errors_are_one_line(sample_build):
    port = free_port()
    res = CliRunner().invoke(app, ["push", "--endpoint", f"http://127.0.0.1:{port}/store", "--out", str(sample_build)])
    assert res.exit_code == 1 and "connection refused" in res.output and res.output.count("\n") == 1
    with pytest.raises(QueryError, match="connection refused"):
        run_query("ASK {}", endpoint=f"http://127.0.0.1:{port}/query")
    with pytest.raises(EndpointError, match="not an http"):
        push(sample_build, "ftp://example.org/store")


def test_http_error_names_the_status(server, sample_build):
    with pytest.raises(EndpointError, match=r"HTTP 404"):
        push(sample_build, f"{server}/no-such-path")


def test_kg_serve_answers_like_the_local_store_and_serves_the_viewer(seeds_build, sample_build):
    out, _ = seeds_build
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(out), "--port", str(port),
                             "--viewer-port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port("127.0.0.1", port, None)
        lines = [proc.stdout.readline() for _ in range(3)]
        assert lines[0].strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query"
        viewer = lines[2].split()[-1]
        with urllib.request.urlopen(viewer, timeout=10) as resp:
            assert resp.status == 200 and b"<html" in resp.read(2000)
        _same_answers(out, f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(10)
    assert proc.returncode == 0
    with pytest.raises(EndpointError):
        wait_for_port("127.0.0.1", port, None, timeout=0.5)  # the oxigraph server is gone too
