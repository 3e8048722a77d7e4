"""The viewer in a real headless Chromium, network off: it draws, searches, filters, cites, escapes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from viewer_fixtures import ENTITIES, HOSTILE, contract_graph

from kg.rdf import entity_iri
from kg.view import PHYSICS_MAX, ViewEdge, ViewGraph, ViewNode, view_graph, write_view

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install -y chromium fonts-noto-cjk)"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


class Opened:
    """A page opened from file:// with every other request aborted and recorded."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        # poll from Python: the page's CSP forbids the eval that wait_for_function uses
        deadline = time.monotonic() + 30
        while not self.page.evaluate("window.kgReady === true"):
            assert time.monotonic() < deadline, "the viewer did not become ready in 30 s"
            self.page.wait_for_timeout(50)

    def _route(self, route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def assert_quiet(self):
        assert self.requests == [], "the page tried to fetch from the network"
        assert self.js("window.kgCspViolations") == []
        assert self.errors == []
        assert self.dialogs == []


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_view(contract_graph(), path)
    return path


@pytest.fixture()
def opened(browser, page_file):
    o = Opened(browser, page_file)
    yield o
    o.page.close()


def _index_of(o: Opened, iri: str) -> int:
    return o.js(f"window.kgViewer.data.nodes.findIndex(n => n.i === {str(iri)!r})")


def test_page_loads_offline_and_draws_every_entity(opened):
    assert opened.js("window.kgViewer.shown()") == len(ENTITIES)
    assert opened.js("window.kgViewer.network.body.data.nodes.length") == len(ENTITIES)
    assert opened.js("window.kgViewer.network.physics.physicsEnabled") is False  # settled, then stopped
    legend = opened.page.inner_text("#legend")
    assert "政府机构" in legend and "受益群体" in legend
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "viewer.png"))
    opened.assert_quiet()


def test_search_by_alias_focuses_the_entity(opened):
    opened.page.fill("#search", "县人社局")
    assert "巫山县人力资源和社会保障局" in opened.page.inner_text("#suggest")
    opened.page.press("#search", "Enter")
    want = _index_of(opened, entity_iri("Government", "巫山县人力资源和社会保障局"))
    assert opened.js("window.kgViewer.network.getSelectedNodes()") == [want]
    assert opened.page.inner_text("#panel h2") == "巫山县人力资源和社会保障局"
    assert "巫山县人社局认定就业帮扶车间30个。" in opened.page.inner_text("#panel")
    opened.assert_quiet()


def test_click_on_a_node_shows_its_provenance(opened):
    i = _index_of(opened, entity_iri("Enterprise", "巫山县福益美农业开发有限公司"))
    opened.js(f"window.kgViewer.network.focus({i}, {{scale: 1.5}})")
    xy = opened.js(f"(() => {{ const n = window.kgViewer.network; const p = n.getPositions([{i}])[{i}];"
                   " const d = n.canvasToDOM(p); const r = document.getElementById('graph').getBoundingClientRect();"
                   " return [d.x + r.left, d.y + r.top]; })()")
    opened.page.mouse.click(*xy)
    opened.page.wait_for_selector("#panel:not([hidden])")
    panel = opened.page.inner_text("#panel")
    assert "福益美公司吸纳了村里的留守妇女15人到车间务工。" in panel  # the sentence
    assert "巫山：帮扶车间成为助力群众增收致富“金钥匙”" in panel  # its document's title
    assert "吸纳就业" in panel and "福益美公司" in panel  # the predicate, the alias
    assert "数量 15人" in panel
    # the neighbourhood stays bright, the rest is dimmed
    far = _index_of(opened, entity_iri("Place", "重庆市"))
    assert opened.js(f"window.kgViewer.nodes.get({far}).color") is not None
    assert opened.js(f"window.kgViewer.nodes.get({i}).color") is None
    opened.assert_quiet()


def test_filters_hide_nodes_and_relations(opened):
    total_edges = opened.js("window.kgViewer.network.body.edgeIndices.length")
    opened.page.click('input[data-cls="Place"]')
    assert opened.js("window.kgViewer.shown()") == len(ENTITIES) - 2
    opened.page.click('input[data-cls="Place"]')
    assert opened.js("window.kgViewer.shown()") == len(ENTITIES)
    opened.page.click('input[data-pred="employs"]')
    assert opened.js("window.kgViewer.network.body.edgeIndices.length") == total_edges - 1
    assert "显示 12 / 12" in opened.page.inner_text("#counts")
    opened.assert_quiet()


def test_hostile_article_text_shows_as_text(opened):
    opened.page.fill("#search", "恶意机构")
    opened.page.press("#search", "Enter")
    assert opened.page.inner_text("#panel h2") == f"恶意机构{HOSTILE}"
    panel = opened.page.inner_text("#panel")
    assert f"恶意句子{HOSTILE}惠及留守妇女。" in panel and f"标题{HOSTILE}" in panel
    assert opened.js("document.querySelectorAll('img').length") == 0
    assert opened.js("document.scripts.length") == 3
    opened.page.wait_for_timeout(300)
    opened.assert_quiet()  # includes: no alert() dialog fired


def _random_view(n: int, m: int, seed: int = 0) -> ViewGraph:
    rng = np.random.default_rng(seed)
    classes = ["Government", "Enterprise", "Institution", "Program", "Person", "BeneficiaryGroup", "Place"]
    vg = ViewGraph()
    for i in range(n):
        iri = f"urn:x:{i}"
        vg.nodes[iri] = ViewNode(iri, classes[i % 7], f"实体{i}")
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, n, (m, 2)) if a != b}
    vg.edges = [ViewEdge(f"urn:x:{a}", "supports", f"urn:x:{b}") for a, b in sorted(pairs)]
    return vg


def test_big_graph_draws_with_physics_off(browser, tmp_path):
    vg = _random_view(PHYSICS_MAX + 500, 3000)
    path = write_view(vg, tmp_path / "big.html")
    o = Opened(browser, path)
    assert o.js("window.kgViewer.shown()") == len(vg.nodes)
    assert o.js("window.kgViewer.network.physics.physicsEnabled") is False
    o.assert_quiet()
    o.page.close()


def test_too_big_graph_shows_a_message_and_a_reduced_view(browser, tmp_path):
    vg = _random_view(400, 600)
    path = write_view(vg, tmp_path / "reduced.html", max_nodes=100)
    o = Opened(browser, path)
    assert o.js("window.kgViewer.shown()") == 100
    note = o.page.inner_text("#note")
    assert "400" in note and "--focus" in note
    assert "全图 400" in o.page.inner_text("#counts")
    o.assert_quiet()
    o.page.close()


def test_seeds_build_page_opens(browser, seeds_build):
    out, _report = seeds_build
    from kg.store import KGStore

    kg = KGStore(out, read_only=True)
    n = len(view_graph(kg).nodes)
    kg.close()
    o = Opened(browser, out / "graph.html")
    assert n > 0 and o.js("window.kgViewer.shown()") == n
    o.assert_quiet()
    o.page.close()
