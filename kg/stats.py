"""``kg stats``: what the graph holds and how it hangs together (networkx analytics).

Counts by class and predicate, the most connected entities (degree) and the brokers between
parts of the graph (betweenness, sampled on big graphs), connected components, and communities
(Louvain, seeded so the answer is reproducible) with their main entities.

Example::

    from kg.store import KGStore
    from kg.stats import graph_stats
    s = graph_stats(KGStore("output", read_only=True))
    print(s["communities"][0]["main"])
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
from rdflib import Graph

from .store import KGStore
from .view import CLASS_STYLE, PREDICATE_ZH, ViewGraph, view_graph

#: above this many nodes betweenness is estimated from this many sampled sources (exact is O(n·m)).
BETWEENNESS_SAMPLES = 300


def to_networkx(vg: ViewGraph) -> nx.Graph:
    """The entity graph as an undirected simple graph (parallel relations merged, weight = how many)."""
    g = nx.Graph()
    for iri, n in vg.nodes.items():
        g.add_node(iri, label=n.label, cls=n.cls)
    for e in vg.edges:
        if e.s == e.o:
            continue
        if g.has_edge(e.s, e.o):
            g[e.s][e.o]["weight"] += 1
        else:
            g.add_edge(e.s, e.o, weight=1)
    return g


def _entity(g: nx.Graph, iri: str, **extra) -> dict:
    d = g.nodes[iri]
    return {"iri": iri, "label": d["label"], "class": d["cls"], **extra}


def graph_stats(source: Graph | KGStore | ViewGraph, *, top: int = 10, seed: int = 0) -> dict:
    """All the figures of ``kg stats`` as a JSON-ready dict."""
    vg = source if isinstance(source, ViewGraph) else view_graph(source)
    g = to_networkx(vg)
    n = g.number_of_nodes()
    classes = Counter(node.cls for node in vg.nodes.values())
    predicates = Counter(e.p for e in vg.edges)
    statements = sum(len(e.evidence) for e in vg.edges)

    deg = dict(g.degree())
    degree_leaders = [_entity(g, i, degree=deg[i])
                      for i in sorted(g, key=lambda i: (-deg[i], g.nodes[i]["label"], i))[:top] if deg[i] > 0]
    if n > 2:
        k = None if n <= BETWEENNESS_SAMPLES else BETWEENNESS_SAMPLES
        bc = nx.betweenness_centrality(g, k=k, seed=seed, normalized=True)
    else:
        bc = dict.fromkeys(g, 0.0)
    betweenness_leaders = [_entity(g, i, betweenness=round(bc[i], 5))
                           for i in sorted(g, key=lambda i: (-bc[i], g.nodes[i]["label"], i))[:top] if bc[i] > 0]

    comps = sorted(nx.connected_components(g), key=len, reverse=True)
    components = {
        "count": len(comps),
        "isolated": sum(1 for c in comps if len(c) == 1),
        "largest": [len(c) for c in comps[:top]],
        "largest_share": round(len(comps[0]) / n, 4) if n else 0.0,
    }

    communities = []
    if g.number_of_edges():
        partition = nx.community.louvain_communities(g, weight="weight", seed=seed)
        modularity = nx.community.modularity(g, partition, weight="weight")
        found = sorted((c for c in partition if len(c) > 1), key=lambda c: (-len(c), min(c)))
        for idx, c in enumerate(found[:top]):
            main = sorted(c, key=lambda i: (-deg[i], g.nodes[i]["label"], i))[:5]
            communities.append({
                "id": idx, "size": len(c),
                "classes": dict(Counter(g.nodes[i]["cls"] for i in c).most_common()),
                "main": [_entity(g, i, degree=deg[i]) for i in main],
            })
    else:
        found, modularity = [], 0.0

    return {
        "entities": n,
        "relations": len(vg.edges),
        "statements": statements,
        "documents": len({s for s in vg.sources if "/item/" not in s}),
        "by_class": {c: classes.get(c, 0) for c in CLASS_STYLE},
        "by_predicate": {p: predicates.get(p, 0) for p in PREDICATE_ZH},
        "density": round(nx.density(g), 6) if n > 1 else 0.0,
        "degree_leaders": degree_leaders,
        "betweenness_leaders": betweenness_leaders,
        "betweenness_sampled": n > BETWEENNESS_SAMPLES,
        "components": components,
        "community_count": len(found),
        "modularity": round(modularity, 4),
        "communities": communities,
    }


__all__ = ["BETWEENNESS_SAMPLES", "graph_stats", "to_networkx"]
