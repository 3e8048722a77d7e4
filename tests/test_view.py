"""The viewer's data, reduced views, layout, escaping and the `kg view` command (no browser here)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from typer.testing import CliRunner
from viewer_fixtures import ENTITIES, HOSTILE, RELATIONS, contract_graph

from kg.cli import app
from kg.rdf import entity_iri
from kg.store import KGStore
from kg.view import ViewError, force_layout, reduce_view, render_html, view_graph, write_view

FUYIMEI = str(entity_iri("Enterprise", "巫山县福益美农业开发有限公司"))


@pytest.fixture(scope="module")
def vg():
    return view_graph(contract_graph())


@pytest.fixture()
def store_dir(tmp_path):
    """An output folder with an on-disk Oxigraph store holding the contract graph."""
    kg = KGStore(tmp_path)
    kg.replace_document(entity_iri("graph", "test"), contract_graph())
    kg.close()
    return tmp_path


def _summary(v):
    return ({i: (n.cls, n.label, tuple(n.aliases), tuple(n.docs)) for i, n in v.nodes.items()},
            [(e.s, e.p, e.o, [(x.source, x.sentence, x.confidence, x.quantity) for x in e.evidence]) for e in v.edges],
            v.sources)


def test_view_graph_reads_entities_aliases_and_evidence(vg):
    assert len(vg.nodes) == len(ENTITIES)
    assert len(vg.edges) == len({(s, p, o) for s, p, o, *_ in RELATIONS})
    fym = vg.nodes[FUYIMEI]
    assert fym.cls == "Enterprise" and fym.aliases == ["福益美公司"]
    employs = [e for e in vg.edges if e.s == FUYIMEI and e.p == "employs"]
    assert len(employs) == 1 and len(employs[0].evidence) == 2  # two statements, one drawn edge
    sentences = {ev.sentence for ev in employs[0].evidence}
    assert "福益美公司吸纳了村里的留守妇女15人到车间务工。" in sentences
    assert {vg.sources[ev.source][0] for ev in employs[0].evidence} == {"d1", "d2"}
    assert any(ev.quantity == "15人" for ev in employs[0].evidence)


def test_view_graph_is_the_same_from_rdflib_oxigraph_and_memory_stores(vg):
    for kind in ("oxigraph", "memory"):
        kg = KGStore(None, kind=kind)
        kg.replace_document(entity_iri("graph", "test"), contract_graph())
        assert _summary(view_graph(kg)) == _summary(vg), kind


def test_focus_by_alias_keeps_the_neighbourhood(vg):
    one = reduce_view(vg, focus="福益美公司", hops=1)
    labels = {n.label for n in one.nodes.values()}
    assert labels == {"巫山县福益美农业开发有限公司", "就业帮扶车间", "留守妇女", "唐永珍", "巫山县", "中远海运集团"}
    two = reduce_view(vg, focus="福益美公司", hops=2)
    assert {"重庆市", "春风行动", "巫山县人力资源和社会保障局"} <= {n.label for n in two.nodes.values()}
    assert "孤立公司" not in {n.label for n in two.nodes.values()}
    assert "福益美" in two.note and two.total_nodes == len(vg.nodes)


def test_top_keeps_the_best_connected(vg):
    top = reduce_view(vg, top=3)
    assert len(top.nodes) == 3
    assert FUYIMEI in top.nodes
    deg = vg.degree()
    assert min(deg[i] for i in top.nodes) >= max(deg[i] for i in vg.nodes if i not in top.nodes)


def test_class_and_predicate_filters_accept_english_and_chinese(vg):
    ent = reduce_view(vg, classes=["Enterprise", "受益群体"])
    assert {n.cls for n in ent.nodes.values()} == {"Enterprise", "BeneficiaryGroup"}
    emp = reduce_view(vg, predicates=["吸纳就业"])
    assert {e.p for e in emp.edges} == {"employs"}
    assert set(emp.nodes) == {FUYIMEI, str(entity_iri("BeneficiaryGroup", "留守妇女"))}


@pytest.mark.parametrize("kwargs", [{"focus": "不存在的实体"}, {"classes": ["Foo"]}, {"predicates": ["knows"]}])
def test_bad_reductions_raise_a_clear_error(vg, kwargs):
    with pytest.raises(ViewError):
        reduce_view(vg, **kwargs)


def test_article_text_is_escaped_in_the_page(vg):
    html = render_html(vg)
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    parsed = json.loads(data)
    assert any(HOSTILE in n["l"] for n in parsed["nodes"])
    assert any(HOSTILE in ev[1] for e in parsed["edges"] for ev in e["ev"])
    from kg.view import _vis_js

    # the data, vis-network, the app: nothing injected (vis' bundle itself mentions "<script>" once)
    assert html.replace(_vis_js(), "").count("<script") == 3
    assert "alert(1)</script>" not in html
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document.write", html.split('id="kg-data"')[1].rsplit("<script>", 1)[1])


def test_page_fetches_nothing(vg):
    html = render_html(vg)
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    assert "Content-Security-Policy" in html


def test_too_big_a_graph_gets_a_reduced_view_and_a_message(vg):
    info: list = []
    html = render_html(vg, max_nodes=4, info=info)
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.DOTALL).group(1))
    assert info[0].reduced and len(data["nodes"]) == 4 and data["total"] == len(vg.nodes)
    assert "超过" in data["note"] and "--focus" in data["note"]


def test_force_layout_puts_neighbours_close():
    rng = np.random.default_rng(1)
    n = 3000
    # 30 dense clusters of 100, a few links between them
    block = rng.integers(0, 30, 6000)
    a = block * 100 + rng.integers(0, 100, 6000)
    b = block * 100 + rng.integers(0, 100, 6000)
    edges = np.c_[a, b]
    edges = np.vstack([edges, rng.integers(0, n, (60, 2))])
    pos = force_layout(n, edges)
    assert pos.shape == (n, 2) and np.isfinite(pos).all()
    edge_len = np.linalg.norm(pos[edges[:, 0]] - pos[edges[:, 1]], axis=1).mean()
    pairs = rng.integers(0, n, (5000, 2))
    random_len = np.linalg.norm(pos[pairs[:, 0]] - pos[pairs[:, 1]], axis=1).mean()
    assert edge_len < 0.25 * random_len
    assert len(np.unique(np.round(pos, 3), axis=0)) > 0.99 * n  # nodes do not pile up


def test_force_layout_separates_components():
    pos = force_layout(6, [(0, 1), (2, 3), (4, 5)])
    centres = [pos[[i, i + 1]].mean(0) for i in (0, 2, 4)]
    assert min(np.linalg.norm(centres[i] - centres[j]) for i in range(3) for j in range(i)) > 1.0
    assert force_layout(0, []).shape == (0, 2)


def test_write_view_is_atomic_and_keeps_the_build_signature(tmp_path, store_dir):
    kg = KGStore(store_dir, read_only=True)
    path = write_view(kg, tmp_path / "g.html")
    kg.close()
    assert path.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".g.html.*"))


def test_cli_view_focus_writes_a_reduced_page(store_dir):
    r = CliRunner().invoke(app, ["view", "--out", str(store_dir), "--focus", "福益美公司", "--hops", "1"])
    assert r.exit_code == 0, r.output
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', (store_dir / "view.html").read_text("utf-8"),
                                re.DOTALL).group(1))
    assert len(data["nodes"]) == 6 and data["total"] == len(ENTITIES)


def test_cli_view_top_and_class(store_dir, tmp_path):
    out = tmp_path / "top.html"
    r = CliRunner().invoke(app, ["view", "--out", str(store_dir), "--file", str(out), "--top", "2",
                                 "--class", "Enterprise", "--class", "地区"])
    assert r.exit_code == 0, r.output
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text("utf-8"), re.DOTALL).group(1))
    assert len(data["nodes"]) == 2
    assert {data["classes"][n["c"]]["k"] for n in data["nodes"]} <= {"Enterprise", "Place"}


@pytest.mark.parametrize("args, message", [(["--focus", "不存在"], "no entity named"),
                                           (["--class", "Foo"], "unknown class")])
def test_cli_view_errors_are_one_line(store_dir, args, message):
    r = CliRunner().invoke(app, ["view", "--out", str(store_dir), *args])
    assert r.exit_code == 1
    assert message in r.output and "Traceback" not in r.output


def test_cli_view_without_a_store_says_so(tmp_path):
    r = CliRunner().invoke(app, ["view", "--out", str(tmp_path / "nothing")])
    assert r.exit_code == 1 and "run `kg build` first" in r.output
