"""How fast the viewer opens on big graphs: layout time in Python and time to interactive in Chromium.

Random graphs in the viewer's shape (entities of the seven classes with aliases, relations with a
source sentence each; a giant component with communities, plus many small components, like news
graphs), written with ``kg.view.write_view``, opened from file:// in headless Chromium with the
network off. "Interactive" is the page's ``window.kgReady`` flag, set on the first 'afterDrawing'
after the data is in (physics off for big graphs). Targets (issue 7): 5k nodes within 5 s, 20k
within 15 s, layout at most 10 s for 20k. Also: a search and a click on the biggest hub.

Run:  python benchmarks/bench_view.py [--sizes 5000 20000] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.types import CLASSES, PREDICATES
from kg.view import Evidence, ViewEdge, ViewGraph, ViewNode, force_layout, write_view

CHROMIUM = "/usr/bin/chromium"
TARGET_OPEN = {5000: 5.0, 20000: 15.0}
TARGET_LAYOUT = {20000: 10.0}


def random_view(n: int, seed: int = 0) -> ViewGraph:
    """~2 relations per entity; 80% in one component of ~n/150 communities, the rest in small pieces."""
    rng = np.random.default_rng(seed)
    vg = ViewGraph()
    for i in range(n):
        iri = f"https://w3id.org/fupin-kg/id/X/{i}"
        vg.nodes[iri] = ViewNode(iri, CLASSES[int(rng.integers(7))], f"实体{i}号有限公司",
                                 aliases=[f"实体{i}"], docs=[f"urn:doc:{i % 997}"])
    giant = int(n * 0.8)
    comm = rng.integers(0, max(1, giant // 150), giant)
    by_comm: dict[int, list[int]] = {}
    for i, c in enumerate(comm):
        by_comm.setdefault(int(c), []).append(i)
    pairs = set()
    weights = rng.pareto(1.5, giant) + 1  # hubs
    for i in range(giant):
        members = by_comm[int(comm[i])]
        for _ in range(2):
            if rng.random() < 0.9:
                j = members[int(rng.integers(len(members)))]
            else:
                j = int(rng.choice(giant, p=weights / weights.sum())) if i % 50 == 0 else int(rng.integers(giant))
            if i != j:
                pairs.add((i, j))
    for a in range(1, len(by_comm)):  # keep the giant in one piece
        pairs.add((by_comm[a - 1][0], by_comm[a][0]))
    i = giant
    while i < n - 1:
        size = int(min(n - i, rng.integers(2, 8)))
        for k in range(1, size):
            pairs.add((i, i + k))
        i += size
    ids = list(vg.nodes)
    for a, b in sorted(pairs):
        vg.edges.append(ViewEdge(ids[a], PREDICATES[(a + b) % 11], ids[b], [Evidence(
            f"urn:doc:{a % 997}", f"第{a}号实体与第{b}号实体在帮扶项目中开展合作，吸纳脱贫户就业。", 0.8, "")]))
    vg.sources = {f"urn:doc:{k}": (f"doc{k}", f"新闻标题{k}") for k in range(997)}
    return vg


def open_in_chromium(path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else (blocked.append(r.request.url), r.abort()))
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit")
        while not page.evaluate("window.kgReady === true"):
            if time.perf_counter() - t0 > 120:
                raise RuntimeError("not interactive after 120 s")
            page.wait_for_timeout(20)
        ready = time.perf_counter() - t0
        shown = page.evaluate("window.kgViewer.shown()")
        # a search and a click on the biggest hub, as a user would
        t1 = time.perf_counter()
        page.evaluate("""(() => { const D = window.kgViewer.data; let best = 0;
            D.nodes.forEach((n, i) => { if (n.g > D.nodes[best].g) best = i; });
            const hits = window.kgViewer.search(D.nodes[best].a[0]); window.kgViewer.focusNode(hits[0]); })()""")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        focus = time.perf_counter() - t1
        browser.close()
    return {"ready": ready, "shown": shown, "focus": focus, "blocked": len(blocked)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    ap.add_argument("--runs", type=int, default=2, help="browser opens per size (the best and worst are shown)")
    args = ap.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"{CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            vg = random_view(n)
            index = {iri: i for i, iri in enumerate(vg.nodes)}
            pairs = np.array([(index[e.s], index[e.o]) for e in vg.edges])
            t = time.perf_counter()
            force_layout(n, pairs)
            layout = time.perf_counter() - t
            info: list = []
            t = time.perf_counter()
            path = write_view(vg, Path(tmp) / f"g{n}.html", info=info)
            write = time.perf_counter() - t
            opens = [open_in_chromium(path) for _ in range(args.runs)]
            ready = [o["ready"] for o in opens]
            rows.append((n, len(vg.edges), layout, write, path.stat().st_size / 1e6, min(ready), max(ready),
                         opens[0]["focus"], opens[0]["shown"], sum(o["blocked"] for o in opens)))
    print(f"{'nodes':>7} {'edges':>7} {'layout s':>9} {'write s':>8} {'MB':>6} {'open s best':>12} "
          f"{'open s worst':>13} {'target s':>9} {'ratio':>6} {'focus s':>8} {'drawn':>7} {'requests':>9}")
    for n, m, layout, write, mb, best, worst, focus, shown, blocked in rows:
        target = TARGET_OPEN.get(n)
        ratio = f"{worst / target:.2f}" if target else "-"
        print(f"{n:>7} {m:>7} {layout:>9.2f} {write:>8.2f} {mb:>6.1f} {best:>12.2f} {worst:>13.2f} "
              f"{target or '-':>9} {ratio:>6} {focus:>8.2f} {shown:>7} {blocked:>9}")
    for n, _m, layout, *_ in rows:
        if n in TARGET_LAYOUT:
            print(f"layout {n}: {layout:.2f} s against a target of {TARGET_LAYOUT[n]:.0f} s "
                  f"(ratio {layout / TARGET_LAYOUT[n]:.2f}); networkx spring_layout took 43 s for 5,000")


if __name__ == "__main__":
    main()
