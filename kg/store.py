"""Where the graph lives: Oxigraph on disk (default) or rdflib in memory, picked by name.

Each document's triples are kept in a named graph of their own (``fpr:graph/doc/<id>``), so a
changed or removed file is replaced by dropping one graph; the union of all graphs is the
knowledge graph. The document's content hash sits in its own graph, so the store is always
consistent with what it says it has read, even after a build was killed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from .namespaces import FP, PREFIXES, bind_prefixes

STORE_KINDS = ("oxigraph", "memory")
STORE_DIR = "store"

EXPORT_FORMATS = {
    "ttl": ("turtle", ox.RdfFormat.TURTLE, ".ttl"),
    "turtle": ("turtle", ox.RdfFormat.TURTLE, ".ttl"),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, ".nt"),
    "trig": ("trig", ox.RdfFormat.TRIG, ".trig"),
    "nq": ("nquads", ox.RdfFormat.N_QUADS, ".nq"),
    "jsonld": ("json-ld", None, ".jsonld"),
}


class StoreError(Exception):
    """The store cannot be opened or used; the message says why in one line."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it over, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class KGStore:
    """The knowledge graph of one output folder, over Oxigraph (on disk or in memory) or rdflib."""

    def __init__(self, out_dir: str | os.PathLike | None = None, kind: str = "oxigraph",
                 read_only: bool = False) -> None:
        if kind not in STORE_KINDS:
            raise StoreError(f"unknown store {kind!r}; choose one of {', '.join(STORE_KINDS)}")
        self.kind = kind
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.ox: ox.Store | None = None
        if kind == "oxigraph":
            if self.out_dir is None:
                self.ox = ox.Store()
            else:
                path = self.out_dir / STORE_DIR
                try:
                    if read_only:
                        if not path.exists():
                            raise StoreError(f"{self.out_dir}: no graph store here; run `kg build` first")
                        self.ox = ox.Store.read_only(str(path))
                    else:
                        path.mkdir(parents=True, exist_ok=True)
                        self.ox = ox.Store(str(path))
                except OSError as exc:
                    raise StoreError(f"{path}: cannot open the store ({exc})") from None
            from oxrdflib import OxigraphStore

            self.dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        else:
            self.dataset = Dataset(default_union=True)
        bind_prefixes(self.dataset)

    # -- documents -----------------------------------------------------------------
    def replace_document(self, graph_iri: URIRef, graph: Graph) -> None:
        """Replace one document's named graph by ``graph`` (drop, then add)."""
        if self.ox is not None:
            g = ox.NamedNode(str(graph_iri))
            if self.ox.contains_named_graph(g):
                self.ox.remove_graph(g)
            self.ox.extend(ox.Quad(_ox(s), _ox(p), _ox(o), g) for s, p, o in graph)
        else:
            self.dataset.remove_graph(URIRef(graph_iri))
            ctx = self.dataset.graph(URIRef(graph_iri))
            for t in graph:
                ctx.add(t)

    def remove_graph(self, graph_iri: URIRef) -> None:
        if self.ox is not None:
            g = ox.NamedNode(str(graph_iri))
            if self.ox.contains_named_graph(g):
                self.ox.remove_graph(g)
        else:
            self.dataset.remove_graph(URIRef(graph_iri))

    def documents(self) -> dict[str, dict[str, str]]:
        """What the store has read: document id → {graph, hash, path}."""
        q = f"""
        SELECT ?g ?id ?hash ?path WHERE {{ GRAPH ?g {{
            ?d a <{FP.Document}> ; <{DCTERMS.identifier}> ?id .
            OPTIONAL {{ ?d <{FP.contentHash}> ?hash }} OPTIONAL {{ ?d <{FP.sourcePath}> ?path }} }} }}"""
        out: dict[str, dict[str, str]] = {}
        for row in self.select(q, union=False):
            out[str(row["id"])] = {"graph": str(row["g"]), "hash": str(row.get("hash") or ""),
                                   "path": str(row.get("path") or "")}
        return out

    # -- queries -------------------------------------------------------------------
    def select(self, sparql: str, union: bool = True) -> list[dict]:
        """Run a SELECT and return rows as dicts of rdflib terms (missing bindings absent)."""
        res = self.query(sparql, union=union)
        rows = []
        for b in res.bindings:
            rows.append({str(k): v for k, v in b.items() if v is not None})
        return rows

    def query(self, sparql: str, union: bool = True):
        """Run any SPARQL query through rdflib (Oxigraph evaluates it when it is the store)."""
        if self.ox is not None:
            from oxrdflib.store import OxigraphStore  # noqa: F401

            ds = self.dataset if union else Dataset(store=self.dataset.store, default_union=False)
            return ds.query(sparql)
        return self.dataset.query(sparql)

    def __len__(self) -> int:
        if self.ox is not None:
            return len(self.ox)
        return len(self.dataset)

    # -- export --------------------------------------------------------------------
    def triples(self) -> Iterator[tuple]:
        """The union of all named graphs as distinct triples (rdflib terms)."""
        seen: set = set()
        for s, p, o, _g in self.dataset.quads((None, None, None, None)):
            t = (s, p, o)
            if t not in seen:
                seen.add(t)
                yield t

    def union_graph(self) -> Graph:
        """The knowledge graph as one rdflib Graph (in memory)."""
        g = Graph()
        bind_prefixes(g)
        if self.ox is not None:
            res = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            from oxrdflib._converter import from_ox

            for t in res:
                g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        else:
            for t in self.triples():
                g.add(t)
        return g

    def serialize(self, fmt: str = "ttl") -> bytes:
        """The knowledge graph (union of documents) in an RDF syntax; trig/nq keep the named graphs."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of ttl, nt, trig, nq, jsonld")
        rdflib_fmt, ox_fmt, _ = EXPORT_FORMATS[fmt]
        if self.ox is not None and ox_fmt is not None:
            if ox_fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                return self.ox.dump(format=ox_fmt, prefixes=PREFIXES)
            res = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            return ox.serialize(_distinct(res), format=ox_fmt, prefixes=PREFIXES)
        if fmt in ("trig", "nq"):
            return self.dataset.serialize(format=rdflib_fmt, encoding="utf-8")
        return self.union_graph().serialize(format=rdflib_fmt, encoding="utf-8")

    def export(self, path: str | os.PathLike, fmt: str = "ttl") -> Path:
        path = Path(path)
        atomic_write_bytes(path, self.serialize(fmt))
        return path

    def flush(self) -> None:
        if self.ox is not None:
            self.ox.flush()

    def close(self) -> None:
        if self.ox is not None:
            try:
                self.ox.flush()
            except Exception:  # noqa: BLE001 - read-only stores cannot flush
                pass
        self.ox = None


def _distinct(triples: Iterable) -> Iterator:
    seen: set = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t


def _ox(term):
    from oxrdflib._converter import to_ox

    return to_ox(term)


def load_graph(path: str | os.PathLike) -> Graph:
    """Parse an RDF file (Turtle, N-Triples, TriG...) into an rdflib graph, fast through Oxigraph."""
    path = Path(path)
    fmt = {".ttl": "ox-turtle", ".nt": "ox-ntriples", ".trig": "ox-trig", ".nq": "ox-nquads",
           ".jsonld": "json-ld"}.get(path.suffix.lower(), "ox-turtle")
    g = Graph()
    g.parse(str(path), format=fmt)
    return g


__all__ = ["KGStore", "StoreError", "atomic_write_bytes", "load_graph", "RDF"]
