"""The HTML graph viewer (first version: offline vis-network from pyvis' bundled copy)."""

from __future__ import annotations

import json
from pathlib import Path

from .store import KGStore, atomic_write_bytes

COLOURS = {"Government": "#d62728", "Enterprise": "#1f77b4", "Institution": "#9467bd", "Program": "#2ca02c",
           "Person": "#ff7f0e", "BeneficiaryGroup": "#8c564b", "Place": "#7f7f7f"}


def _vis_js() -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")


def write_view(kg: KGStore, path: str | Path) -> Path:
    rows = kg.select("""PREFIX fp: <https://w3id.org/fupin-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?e ?c ?l WHERE { ?e fp:mentionedIn ?d ; a ?c ; rdfs:label ?l }""")
    nodes = {str(r["e"]): {"id": str(r["e"]), "label": str(r["l"]),
                           "color": COLOURS.get(str(r["c"]).rsplit("#", 1)[-1], "#999")} for r in rows}
    edges = kg.select("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT DISTINCT ?s ?p ?o WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }""")
    data = {"nodes": list(nodes.values()),
            "edges": [{"from": str(e["s"]), "to": str(e["o"]), "label": str(e["p"]).rsplit("#", 1)[-1]}
                      for e in edges if str(e["s"]) in nodes and str(e["o"]) in nodes]}
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    html = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>fupin-kg</title>
<script>{_vis_js()}</script></head><body><div id="g" style="width:100%;height:95vh"></div>
<script>const data={payload};new vis.Network(document.getElementById('g'),
{{nodes:new vis.DataSet(data.nodes),edges:new vis.DataSet(data.edges)}},{{physics:{{stabilization:true}}}});</script>
</body></html>"""
    path = Path(path)
    atomic_write_bytes(path, html.encode("utf-8"))
    return path
