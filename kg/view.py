"""The HTML graph viewer: one self-contained, offline page per graph (vis-network from pyvis).

Why a page of our own rather than ``pyvis.Network.write_html``: pyvis 0.3.2's template links
Bootstrap from a CDN, its default physics (barnesHut, dynamic smooth edges) never settles on a
thousand nodes, and its ``add_node``/``add_edge`` scan lists (quadratic on big graphs). So pyvis
supplies the vis-network 9.1.2 bundle and the physics options; the data, the layout and the page
are ours:

- ``view_graph(source)`` reads entities, aliases, relations and their evidence (``rdf:Statement``
  nodes: sentence, source document, confidence, quantity) from an rdflib ``Graph`` or a ``KGStore``;
- ``reduce_view(vg, focus=…, hops=…, top=…, classes=…, predicates=…)`` cuts smaller views;
- ``force_layout(n, edges)`` precomputes positions in numpy (pivot MDS + force refinement with
  FFT repulsion; 20,000 nodes in a few seconds), so big graphs draw with physics off;
- ``render_html(vg)`` / ``write_view(source, path)`` write the page. Every text from an article goes
  into the page as JSON with ``< > &`` escaped and reaches the DOM through ``textContent`` only.

Example::

    from kg.store import KGStore
    from kg.view import view_graph, reduce_view, write_view
    kg = KGStore("output", read_only=True)
    write_view(kg, "output/graph.html")
    vg = reduce_view(view_graph(kg), focus="巫山县", hops=2)
    write_view(vg, "output/wushan.html")
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import numpy as np
from rdflib import Graph

from .namespaces import FP, PREFIXES
from .store import KGStore, atomic_write_bytes
from .types import CLASSES, PREDICATES

TEMPLATES = Path(__file__).parent / "templates"

#: class → (Chinese name, colour, vis shape). Shapes with the label below, so size shows degree.
CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    "Government": ("政府机构", "#d62728", "square"),
    "Enterprise": ("企业", "#1f77b4", "dot"),
    "Institution": ("事业单位与社会组织", "#9467bd", "diamond"),
    "Program": ("帮扶项目与政策", "#2ca02c", "star"),
    "Person": ("个人", "#ff7f0e", "triangle"),
    "BeneficiaryGroup": ("受益群体", "#8c564b", "triangleDown"),
    "Place": ("地区", "#17becf", "hexagon"),
}
PREDICATE_ZH: dict[str, str] = {
    "implements": "实施", "participatesIn": "参与", "funds": "资助", "employs": "吸纳就业",
    "benefits": "惠及", "supports": "帮扶", "partnersWith": "合作", "locatedIn": "位于",
    "leads": "负责", "founded": "创办", "partOf": "隶属",
}
SYMMETRIC = {"partnersWith"}

#: above this many nodes the page gets a reduced view (top-N by degree) and a message.
MAX_DRAWN = 30_000
#: up to this many nodes the browser runs a short physics settle from the precomputed layout.
PHYSICS_MAX = 1_500
#: caps that keep the page small for hub entities.
MAX_EVIDENCE = 20
MAX_DOCS = 50

_NS = str(FP._NS)
_FPR = PREFIXES["fpr"]


class ViewError(ValueError):
    """A view cannot be made as asked (unknown focus, class or predicate); the message says why."""


@dataclass
class Evidence:
    """One source sentence of a relation (one ``rdf:Statement`` node)."""

    source: str  # IRI of the document (or news item) it was derived from
    sentence: str = ""
    confidence: float | None = None
    quantity: str = ""


@dataclass
class ViewNode:
    iri: str
    cls: str
    label: str
    aliases: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)


@dataclass
class ViewEdge:
    s: str
    p: str  # local name in fp:
    o: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ViewGraph:
    """What the viewer draws: entities, relations with evidence, and the sources they cite."""

    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: list[ViewEdge] = field(default_factory=list)
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # iri → (identifier, title)
    note: str = ""  # shown above the graph (why this is a reduced view)
    total_nodes: int | None = None  # entities in the whole graph, when this is a reduced view

    def degree(self) -> dict[str, int]:
        deg: dict[str, int] = dict.fromkeys(self.nodes, 0)
        for e in self.edges:
            deg[e.s] += 1
            deg[e.o] += 1
        return deg

    def find(self, name: str) -> list[str]:
        """Entities named ``name`` exactly (label or alias), else those whose names contain it."""
        exact = [n.iri for n in self.nodes.values() if name == n.label or name in n.aliases]
        if exact:
            return exact
        return [n.iri for n in self.nodes.values() if any(name in x for x in (n.label, *n.aliases))]

    def subgraph(self, keep: set[str], note: str = "") -> ViewGraph:
        edges = [e for e in self.edges if e.s in keep and e.o in keep]
        cited = {ev.source for e in edges for ev in e.evidence} | {d for i in keep for d in self.nodes[i].docs}
        return ViewGraph(nodes={i: n for i, n in self.nodes.items() if i in keep}, edges=edges,
                         sources={k: v for k, v in self.sources.items() if k in cited}, note=note,
                         total_nodes=self.total_nodes or len(self.nodes))


# -- reading the graph -------------------------------------------------------------------------

def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _rows(kg: KGStore, sparql: str, names: tuple[str, ...]):
    """SELECT rows as tuples of plain strings (None when unbound), straight from Oxigraph when it is the store."""
    if kg.ox is not None:
        kg.commit()  # buffered documents first
        for sol in kg.ox.query(sparql):
            yield tuple(None if sol[v] is None else sol[v].value for v in names)
    else:
        for r in kg.select(sparql):
            yield tuple(None if r.get(v) is None else str(r[v]) for v in names)


def _as_store(source: Graph | KGStore) -> KGStore:
    if isinstance(source, KGStore):
        return source
    kg = KGStore(None)  # in-memory Oxigraph: its SPARQL is far faster than rdflib's on big graphs
    kg.replace_document(FP._NS["view"], source)
    kg.commit()
    return kg


def view_graph(source: Graph | KGStore) -> ViewGraph:
    """Read what the viewer needs from an rdflib ``Graph`` or a ``KGStore`` (output-contract shape)."""
    kg = _as_store(source)
    pre = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
    vg = ViewGraph()
    classes = " ".join(f"fp:{c}" for c in CLASSES)
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e, c, label, lang in _rows(kg, f"""{pre} SELECT ?e ?c ?l (LANG(?l) AS ?lang) WHERE {{
            VALUES ?c {{ {classes} }} ?e a ?c . OPTIONAL {{ ?e rdfs:label ?l }} }}""", ("e", "c", "l", "lang")):
        if e not in vg.nodes:
            vg.nodes[e] = ViewNode(e, _local(c), unquote(_local(e)))
        if label:
            labels[e].append((lang or "", label))
    for e, ls in labels.items():
        vg.nodes[e].label = min(ls, key=lambda t: (t[0] != "zh", t[0] != "", t[1]))[1]
    for e, a in _rows(kg, f"{pre} SELECT ?e ?a WHERE {{ ?e skos:altLabel ?a }}", ("e", "a")):
        n = vg.nodes.get(e)
        if n is not None and a != n.label and a not in n.aliases:
            n.aliases.append(a)
    for e, d in _rows(kg, f"{pre} SELECT ?e ?d WHERE {{ ?e fp:mentionedIn ?d }}", ("e", "d")):
        n = vg.nodes.get(e)
        if n is not None and d not in n.docs:
            n.docs.append(d)
    for n in vg.nodes.values():
        n.aliases.sort()
        n.docs.sort()

    preds = " ".join(f"fp:{p}" for p in PREDICATES)
    edges: dict[tuple[str, str, str], ViewEdge] = {}
    for s, p, o in _rows(kg, f"{pre} SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o }}",
                         ("s", "p", "o")):
        if s in vg.nodes and o in vg.nodes:
            edges.setdefault((s, p, o), ViewEdge(s, _local(p), o))
    stmts: dict[str, dict] = {}
    for st, s, p, o, d, sent, conf, qt in _rows(kg, f"""{pre}
            SELECT ?st ?s ?p ?o ?d ?sent ?conf ?qt WHERE {{
              ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
              VALUES ?p {{ {preds} }}
              OPTIONAL {{ ?st prov:wasDerivedFrom ?d }} OPTIONAL {{ ?st fp:sentence ?sent }}
              OPTIONAL {{ ?st fp:confidence ?conf }} OPTIONAL {{ ?st fp:quantityText ?qt }} }}""",
                                                  ("st", "s", "p", "o", "d", "sent", "conf", "qt")):
        if s not in vg.nodes or o not in vg.nodes:
            continue
        rec = stmts.setdefault(st, {"key": (s, p, o), "src": [], "sent": sent, "conf": conf, "qt": qt})
        if d and d not in rec["src"]:
            rec["src"].append(d)
    for rec in stmts.values():
        s, p, o = rec["key"]
        edge = edges.setdefault((s, p, o), ViewEdge(s, _local(p), o))
        srcs = rec["src"] or [""]
        # a statement derived from a document and one of its items: cite the document
        src = next((x for x in srcs if "/item/" not in x), srcs[0])
        edge.evidence.append(Evidence(src, rec["sent"] or "", float(rec["conf"]) if rec["conf"] else None,
                                      rec["qt"] or ""))
    for edge in edges.values():
        edge.evidence.sort(key=lambda ev: (-(ev.confidence or 0), ev.source, ev.sentence))
    vg.edges = sorted(edges.values(), key=lambda e: (e.s, e.p, e.o))

    for d, ident, title in _rows(kg, f"""{pre} SELECT ?d ?id ?t WHERE {{
            {{ ?d a fp:Document }} UNION {{ ?d a fp:NewsItem }}
            OPTIONAL {{ ?d dcterms:identifier ?id }} OPTIONAL {{ ?d dcterms:title ?t }} }}""", ("d", "id", "t")):
        old = vg.sources.get(d, ("", ""))
        vg.sources[d] = (ident or old[0] or unquote(d.removeprefix(_FPR + "doc/")), title or old[1])
    cited = {ev.source for e in vg.edges for ev in e.evidence} | {d for n in vg.nodes.values() for d in n.docs}
    for d in cited - set(vg.sources) - {""}:
        vg.sources[d] = (unquote(d.removeprefix(_FPR)), "")
    return vg


# -- smaller views -----------------------------------------------------------------------------

def _pick(values: list[str] | None, known: dict[str, str], what: str) -> set[str] | None:
    """Map English or Chinese names (any case) to local names; a clear error for unknown ones."""
    if not values:
        return None
    index = {k.lower(): k for k in known} | {v: k for k, v in known.items()}
    out = set()
    for v in values:
        key = index.get(v.strip().lower()) or index.get(v.strip())
        if key is None:
            choices = ", ".join(f"{k} ({z})" for k, z in known.items())
            raise ViewError(f"unknown {what} {v!r}; choose from {choices}")
        out.add(key)
    return out


def reduce_view(vg: ViewGraph, *, focus: str | None = None, hops: int = 2, top: int | None = None,
                classes: list[str] | None = None, predicates: list[str] | None = None) -> ViewGraph:
    """A smaller view: only some classes/predicates, the ``hops`` neighbourhood of ``focus``, the ``top`` by degree.

    Filters apply first, then the neighbourhood, then the top-N cut.
    """
    cls = _pick(classes, {c: CLASS_STYLE[c][0] for c in CLASSES}, "class")
    prd = _pick(predicates, PREDICATE_ZH, "predicate")
    notes = []
    out = vg
    if cls is not None or prd is not None:
        keep = {i for i, n in vg.nodes.items() if cls is None or n.cls in cls}
        out = vg.subgraph(keep)
        if prd is not None:
            out.edges = [e for e in out.edges if e.p in prd]
            touched = {x for e in out.edges for x in (e.s, e.o)}
            out = out.subgraph(touched)
        if cls:
            notes.append("类别: " + "、".join(CLASS_STYLE[c][0] for c in sorted(cls)))
        if prd:
            notes.append("关系: " + "、".join(PREDICATE_ZH[p] for p in sorted(prd)))
    if focus:
        seeds = out.find(focus)
        if not seeds:
            raise ViewError(f"no entity named {focus!r} in the graph"
                            + (" (with these filters)" if out is not vg else ""))
        adj: dict[str, set[str]] = defaultdict(set)
        for e in out.edges:
            adj[e.s].add(e.o)
            adj[e.o].add(e.s)
        keep, frontier = set(seeds), set(seeds)
        for _ in range(max(0, hops)):
            frontier = {m for x in frontier for m in adj[x]} - keep
            keep |= frontier
        out = out.subgraph(keep)
        names = "、".join(sorted({vg.nodes[s].label for s in seeds}))
        notes.append(f"以“{names}”为中心 {hops} 步以内")
    if top is not None and top < len(out.nodes):
        deg = out.degree()
        keep = set(sorted(out.nodes, key=lambda i: (-deg[i], out.nodes[i].label, i))[:max(0, top)])
        out = out.subgraph(keep)
        notes.append(f"连接最多的前 {top} 个实体")
    if out is vg:
        return vg
    out.note = "；".join(notes)
    return out


# -- layout ------------------------------------------------------------------------------------

def _components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    lab = np.arange(n)
    while True:
        old = lab.copy()
        m = np.minimum(lab[src], lab[dst])
        np.minimum.at(lab, src, m)
        np.minimum.at(lab, dst, m)
        lab = lab[lab[lab]]
        if np.array_equal(lab, old):
            return lab


def _csr(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.concatenate([src, dst]), np.concatenate([dst, src])
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(a, minlength=n), out=indptr[1:])
    return indptr, b[np.argsort(a, kind="stable")]


def _bfs(indptr: np.ndarray, indices: np.ndarray, start: int, n: int) -> np.ndarray:
    dist = np.full(n, -1, dtype=np.int64)
    dist[start] = 0
    frontier, d = np.array([start]), 0
    while frontier.size:
        d += 1
        s = indptr[frontier]
        lens = indptr[frontier + 1] - s
        total = int(lens.sum())
        if not total:
            break
        offs = np.repeat(s - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) + np.arange(total)
        nb = indices[offs]
        frontier = np.unique(nb[dist[nb] < 0])
        dist[frontier] = d
    return dist


def _pivot_mds(n: int, src: np.ndarray, dst: np.ndarray, rng: np.random.Generator, pivots: int = 40) -> np.ndarray:
    """Brandes & Pich's pivot MDS: BFS distances from a few far-apart pivots, then PCA. Global shape, fast."""
    indptr, indices = _csr(n, src, dst)
    k = min(pivots, n)
    dist = np.empty((n, k))
    nearest = np.full(n, np.inf)
    p = int(rng.integers(n))
    for j in range(k):
        d = _bfs(indptr, indices, p, n).astype(float)
        dist[:, j] = d
        nearest = np.minimum(nearest, d)
        p = int(np.argmax(nearest))
    d2 = dist ** 2
    c = -0.5 * (d2 - d2.mean(0) - d2.mean(1, keepdims=True) + d2.mean())
    u, s, _ = np.linalg.svd(c, full_matrices=False)
    xy = u[:, :2] * s[:2]
    return xy if xy.shape[1] == 2 else np.c_[xy, np.zeros(n)]


_KERNELS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _kernel(g: int) -> tuple[np.ndarray, np.ndarray]:
    """FFT of the repulsion kernel d/|d|² (softened by one cell) on a 2g×2g periodic grid."""
    if g not in _KERNELS:
        off = np.fft.fftfreq(2 * g, 1.0 / (2 * g))
        dx, dy = np.meshgrid(off, off, indexing="ij")
        r2 = dx * dx + dy * dy + 1.0
        _KERNELS[g] = (np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2))
    return _KERNELS[g]


def _refine(pos: np.ndarray, src: np.ndarray, dst: np.ndarray, iterations: int, temp0: float) -> np.ndarray:
    """Fruchterman–Reingold with all-pairs repulsion by particle-mesh FFT: O(n + g² log g) a step."""
    n = len(pos)
    g = int(np.clip(2 ** math.ceil(math.log2(math.sqrt(n) * 1.5)), 16, 256))
    kx, ky = _kernel(g)
    cells = 4 * g * g
    for it in range(iterations):
        temp = temp0 * (1 - it / iterations) + 0.02
        lo = pos.min(0)
        h = max((pos.max(0) - lo).max() * 1.0001, 1e-9) / (g - 1)
        gp = (pos - lo) / h
        i0 = np.minimum(gp.astype(np.int64), g - 2)
        fx, fy = (gp - i0).T
        weights = ((1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy)
        base = i0[:, 0] * (2 * g) + i0[:, 1]
        corners = (base, base + 2 * g, base + 1, base + 2 * g + 1)
        mass = np.zeros(cells)
        for ci, wi in zip(corners, weights):
            mass += np.bincount(ci, wi, cells)
        mh = np.fft.rfft2(mass.reshape(2 * g, 2 * g))
        field_x = np.fft.irfft2(mh * kx, s=(2 * g, 2 * g)).ravel()
        field_y = np.fft.irfft2(mh * ky, s=(2 * g, 2 * g)).ravel()
        disp = np.zeros((n, 2))
        for ci, wi in zip(corners, weights):
            disp[:, 0] += field_x[ci] * wi
            disp[:, 1] += field_y[ci] * wi
        disp /= h
        d = pos[dst] - pos[src]
        fa = d * np.sqrt((d * d).sum(1))[:, None]
        for k in (0, 1):
            disp[:, k] += np.bincount(src, fa[:, k], n) - np.bincount(dst, fa[:, k], n)
        length = np.sqrt((disp * disp).sum(1))[:, None] + 1e-9
        pos += disp / length * np.minimum(length, temp)
    return pos


def _star(s: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """A small component: its best-connected node in the middle, the others on a ring."""
    xy = np.zeros((s, 2))
    if s > 1:
        rest = np.argsort(-(np.bincount(src, minlength=s) + np.bincount(dst, minlength=s)), kind="stable")[1:]
        ang = 2 * np.pi * np.arange(len(rest)) / len(rest)
        xy[rest] = np.c_[np.cos(ang), np.sin(ang)] * max(1.0, len(rest) / (2 * np.pi) * 0.9)
    return xy


def _pack(parts: list[np.ndarray], big: int) -> list[np.ndarray]:
    """Place components, largest first: the ``big`` ones as discs along a spiral without overlap,
    the many small ones on a sunflower (Vogel) spiral around them, each taking room by its area."""
    centres: list[np.ndarray] = []
    radii: list[float] = []
    out = []
    theta = 0.0
    for xy in parts[:big]:
        xy = xy - xy.mean(0)
        r = float(np.sqrt((xy * xy).sum(1)).max()) + 1.0
        p = np.zeros(2)
        if centres:
            c, rr = np.array(centres), np.array(radii)
            while True:
                rho = radii[0] + r + theta
                p = rho * np.array([math.cos(theta), math.sin(theta)])
                if (np.sqrt(((c - p) ** 2).sum(1)) >= rr + r).all():
                    break
                theta += max(0.02, min(0.5, r / rho))
        centres.append(p)
        radii.append(r)
        out.append(xy + p)
    small = [xy - xy.mean(0) for xy in parts[big:]]
    if small:
        r = np.array([float(np.sqrt((xy * xy).sum(1)).max()) + 1.0 for xy in small])
        r0 = max((float(np.linalg.norm(c)) + q for c, q in zip(centres, radii)), default=0.0) + r[0]
        area = np.cumsum(np.pi * r * r) / 0.55  # 0.55: how densely discs fill the plane here
        rho = np.sqrt(r0 * r0 + area / np.pi)
        ang = np.arange(len(small)) * 2.399963229728653  # golden angle
        for xy, x, y in zip(small, rho * np.cos(ang), rho * np.sin(ang)):
            out.append(xy + (x, y))
    return out


def force_layout(n: int, edges: np.ndarray | list, *, seed: int = 0, iterations: int = 100) -> np.ndarray:
    """Positions (n × 2, about one unit per edge) for a graph of ``n`` nodes and ``edges`` (pairs of indices).

    Components of 30+ nodes: pivot MDS, then ``iterations`` force steps with FFT repulsion; smaller
    ones: a star; then all packed. networkx's spring_layout needs 43 s for 5,000 nodes; this needs
    a few seconds for 20,000 (see benchmarks/bench_view.py).
    """
    rng = np.random.default_rng(seed)
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    src, dst = e[:, 0], e[:, 1]
    ids, inv = np.unique(_components(n, src, dst), return_inverse=True)
    sizes = np.bincount(inv)
    node_order = np.argsort(inv, kind="stable")
    nstart = np.concatenate(([0], np.cumsum(sizes)))
    ecomp = inv[src]
    edge_order = np.argsort(ecomp, kind="stable")
    estart = np.concatenate(([0], np.cumsum(np.bincount(ecomp, minlength=len(ids)))))
    local = np.empty(n, dtype=np.int64)
    parts, members_of = [], []
    for c in np.argsort(-sizes, kind="stable"):
        members = node_order[nstart[c]:nstart[c + 1]]
        s = len(members)
        local[members] = np.arange(s)
        es = edge_order[estart[c]:estart[c + 1]]
        ls, ld = local[src[es]], local[dst[es]]
        if s >= 30:
            xy = _pivot_mds(s, ls, ld, rng)
            lengths = np.sqrt(((xy[ls] - xy[ld]) ** 2).sum(1))
            xy /= max(float(np.median(lengths)), 1e-9)
            xy += rng.normal(0, 0.05, xy.shape)  # split nodes with identical distances
            xy = _refine(xy, ls, ld, iterations, max(1.0, math.sqrt(s) / 10))
        else:
            xy = _star(s, ls, ld)
        parts.append(xy)
        members_of.append(members)
    big = int((sizes >= 30).sum())
    for members, xy in zip(members_of, _pack(parts, big)):
        pos[members] = xy
    return pos


# -- the page ----------------------------------------------------------------------------------

def _vis_js() -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")


def _vis_options(n: int) -> dict:
    """vis-network options: pyvis' forceAtlas2 physics for small graphs (settles, then stops), none for big ones."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.force_atlas_2based(gravity=-40, central_gravity=0.005, spring_length=90, spring_strength=0.06,
                           damping=0.6, overlap=0)
    opts = json.loads(net.options.to_json())
    physics = n <= PHYSICS_MAX
    opts["physics"]["enabled"] = physics
    opts["physics"]["stabilization"] = {"enabled": physics, "iterations": 200, "updateInterval": 25,
                                        "fit": True}
    opts["physics"]["minVelocity"] = 1.0
    opts["edges"] = {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                     "color": {"color": "#9aa5b1", "highlight": "#333", "hover": "#555"},
                     "font": {"size": 10, "align": "middle", "color": "#555", "strokeWidth": 3}}
    opts["layout"] = {"improvedLayout": False, "randomSeed": 0}
    opts["interaction"] = {"hover": n <= 5000, "tooltipDelay": 300, "hideEdgesOnDrag": n > 3000,
                           "hideEdgesOnZoom": n > 3000, "navigationButtons": False, "keyboard": False}
    return opts


def _payload(vg: ViewGraph, pos: np.ndarray, title: str) -> dict:
    ids = list(vg.nodes)
    index = {iri: i for i, iri in enumerate(ids)}
    deg = vg.degree()
    src_ids = sorted(vg.sources)
    src_index = {s: i for i, s in enumerate(src_ids)}
    cls_keys = list(CLASSES)
    pred_keys = list(PREDICATES)
    scale = 90.0  # vis pixels per layout unit
    nodes = []
    for i, iri in enumerate(ids):
        n = vg.nodes[iri]
        nodes.append({
            "i": iri, "l": n.label, "c": cls_keys.index(n.cls), "a": n.aliases,
            "d": [src_index[d] for d in n.docs[:MAX_DOCS] if d in src_index], "nd": len(n.docs),
            "g": deg[iri], "x": round(float(pos[i, 0]) * scale, 1), "y": round(float(pos[i, 1]) * scale, 1),
        })
    edges = []
    for e in vg.edges:
        edges.append({
            "f": index[e.s], "t": index[e.o], "p": pred_keys.index(e.p), "ne": len(e.evidence),
            "ev": [[src_index.get(ev.source, -1), ev.sentence, ev.confidence, ev.quantity]
                   for ev in e.evidence[:MAX_EVIDENCE]],
        })
    return {
        "title": title, "note": vg.note, "total": vg.total_nodes or len(vg.nodes),
        "classes": [{"k": c, "zh": CLASS_STYLE[c][0], "color": CLASS_STYLE[c][1], "shape": CLASS_STYLE[c][2]}
                    for c in cls_keys],
        "predicates": [{"k": p, "zh": PREDICATE_ZH[p], "sym": p in SYMMETRIC} for p in pred_keys],
        "sources": [[vg.sources[s][0], vg.sources[s][1], s] for s in src_ids],
        "nodes": nodes, "edges": edges, "options": _vis_options(len(nodes)),
        "physics": len(nodes) <= PHYSICS_MAX,
    }


def _json_for_html(data: dict) -> str:
    """JSON that cannot end its <script> element or open markup: < > & and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


@dataclass
class RenderInfo:
    """What ``render_html`` did, for the CLI and the benchmark."""

    nodes: int
    edges: int
    layout_seconds: float
    reduced: bool


def render_html(vg: ViewGraph, *, title: str = "fupin-kg 知识图谱", max_nodes: int = MAX_DRAWN,
                info: list | None = None) -> str:
    """The page as one string: vis-network, the app and the data inline; nothing fetched at run time.

    A graph of more than ``max_nodes`` entities is cut to the ``max_nodes`` best connected, with a
    message saying so (a browser tab would freeze on the whole).
    """
    import jinja2

    reduced = False
    if len(vg.nodes) > max_nodes:
        total = len(vg.nodes)
        vg = reduce_view(vg, top=max_nodes)
        vg.note = (f"图中共有 {total} 个实体，超过浏览器能流畅绘制的上限（{max_nodes}），这里只显示连接最多的 "
                   f"{max_nodes} 个。用 kg view --focus 名称 --hops 2、--top N、--class 或 --predicate 查看其他部分。")
        reduced = True
    ids = list(vg.nodes)
    index = {iri: i for i, iri in enumerate(ids)}
    pairs = np.array([(index[e.s], index[e.o]) for e in vg.edges], dtype=np.int64).reshape(-1, 2)
    t0 = time.perf_counter()
    pos = force_layout(len(ids), pairs)
    layout_s = time.perf_counter() - t0
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    page = env.get_template("graph.html").render(
        title=title,
        vis_js=_markup(_vis_js()),
        app_js=_markup((TEMPLATES / "viewer.js").read_text("utf-8")),
        css=_markup((TEMPLATES / "viewer.css").read_text("utf-8")),
        data=_markup(_json_for_html(_payload(vg, pos, title))),
    )
    if info is not None:
        info.append(RenderInfo(len(ids), len(vg.edges), layout_s, reduced))
    return page


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


def write_view(kg: KGStore | Graph | ViewGraph, path: str | Path, *, title: str = "fupin-kg 知识图谱",
               max_nodes: int = MAX_DRAWN, info: list | None = None) -> Path:
    """Write the viewer page for a store, an rdflib graph or a (reduced) ``ViewGraph``, atomically."""
    vg = kg if isinstance(kg, ViewGraph) else view_graph(kg)
    path = Path(path)
    atomic_write_bytes(path, render_html(vg, title=title, max_nodes=max_nodes, info=info).encode("utf-8"))
    return path


__all__ = [
    "CLASS_STYLE",
    "MAX_DRAWN",
    "PHYSICS_MAX",
    "PREDICATE_ZH",
    "Evidence",
    "RenderInfo",
    "ViewEdge",
    "ViewError",
    "ViewGraph",
    "ViewNode",
    "force_layout",
    "reduce_view",
    "render_html",
    "view_graph",
    "write_view",
]
