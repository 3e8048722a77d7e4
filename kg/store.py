"""Where the graph lives: Oxigraph on disk (default) or rdflib in memory, picked by name.

Layout (the same for both kinds):

* each document's triples, its ``fp:contentHash`` and ``fp:sourcePath`` sit in a named graph of
  their own (``fpr:graph/doc/<id>``), so a changed or removed file is replaced by dropping one
  graph, and the store always says exactly which version of each file it holds;
* the **default graph is the knowledge graph**: the set union of all document graphs, kept in
  step with them in the same transactions. Query it plainly, *not* with Oxigraph's
  ``use_default_graph_as_union``: that mode is a bag (a triple found in 200 documents comes back
  200 times, and a three-pattern join 200³ times; on 1,000 synthetic articles the viewer's node
  query took 178 s that way and 0.1 s on the default graph).

Every write keeps "default graph = union of document graphs" true after each transaction, and a
document's hash is written in the same transaction as its triples, so a build killed at any
point leaves a store that opens, is consistent, and tells the next build what is left to do.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, RDF

from .namespaces import FP, PREFIXES, bind_prefixes

STORE_KINDS = ("oxigraph", "memory")
STORE_DIR = "store"
#: The memory store's file: its document graphs as N-Quads, rewritten atomically on ``save``.
MEMORY_FILE = "store.nq"
LOCK_FILE = ".kg.lock"
IN_USE = "output folder is in use by another kg process"

EXPORT_FORMATS = {
    "ttl": ("turtle", ox.RdfFormat.TURTLE, ".ttl"),
    "turtle": ("turtle", ox.RdfFormat.TURTLE, ".ttl"),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, ".nt"),
    "trig": ("trig", ox.RdfFormat.TRIG, ".trig"),
    "nq": ("nquads", ox.RdfFormat.N_QUADS, ".nq"),
    "jsonld": ("json-ld", None, ".jsonld"),
}

_DEFAULT = ox.DefaultGraph()
#: Write buffered new documents once this many quads wait, or this many seconds passed: one
#: transaction per batch is much faster than one per document, and a killed build loses at most
#: a second of work.
BATCH_QUADS = 50_000
BATCH_SECONDS = 1.0


class StoreError(Exception):
    """The store cannot be opened or used; the message says why in one line."""


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` only when the block ends without error.

    Writes go to a temporary file beside ``path`` (fsynced, then renamed over it), so a reader or a
    killed process never sees half a file; a temporary left by SIGKILL is swept by the next build.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename)."""
    with atomic_writer(path) as fh:
        fh.write(data)


def sweep_temporaries(folder: str | os.PathLike) -> int:
    """Delete what a killed writer left in ``folder`` (``.NAME.XXXX.tmp``, ``.NAME.new``)."""
    n = 0
    for p in [*Path(folder).glob(".*.tmp"), *Path(folder).glob(".*.new")]:
        with contextlib.suppress(OSError):
            p.unlink()
            n += 1
    return n


class FolderLock:
    """An exclusive lock on an output folder, so two builds never write the same store.

    ``flock`` is released by the kernel when the process dies, so a killed build never leaves a
    stale lock behind.
    """

    def __init__(self, out_dir: str | os.PathLike) -> None:
        self.path = Path(out_dir) / LOCK_FILE
        self.fh: IO[bytes] | None = None

    def acquire(self) -> FolderLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "ab")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise StoreError(f"{self.path.parent}: {IN_USE}") from None
            raise StoreError(f"{self.path.parent}: cannot lock the output folder ({exc.strerror})") from None
        self.fh = fh
        return self

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """``with FolderLock(out).held(): ...``"""
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def release(self) -> None:
        if self.fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None


def _open_oxigraph(path: Path, read_only: bool) -> ox.Store:
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(f"{path.parent}: {IN_USE}") from None
        raise StoreError(f"{path}: cannot open the store ({text.splitlines()[0] if text else exc})") from None


class KGStore:
    """The knowledge graph of one output folder, over Oxigraph (on disk or in memory) or rdflib.

    ``kind="oxigraph"`` with ``out_dir``: RocksDB under ``OUT/store`` (one writer at a time, any
    number of read-only readers). ``kind="oxigraph"`` without ``out_dir``: Oxigraph in memory.
    ``kind="memory"``: rdflib's in-memory ``Dataset``, loaded from and saved to ``OUT/store.nq``.
    """

    def __init__(self, out_dir: str | os.PathLike | None = None, kind: str = "oxigraph",
                 read_only: bool = False) -> None:
        if kind not in STORE_KINDS:
            raise StoreError(f"unknown store {kind!r}; choose one of {', '.join(STORE_KINDS)}")
        self.kind = kind
        self.read_only = read_only
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.ox: ox.Store | None = None
        self._pending: list[ox.Quad] = []
        self._last_commit = time.monotonic()
        self._dirty = False
        if kind == "oxigraph":
            if self.out_dir is None:
                self.ox = ox.Store()
            else:
                path = self.out_dir / STORE_DIR
                if read_only and not path.is_dir():
                    raise StoreError(f"{self.out_dir}: no graph store here; run `kg build` first")
                self.ox = _open_oxigraph(path, read_only)
            self._dataset: Dataset | None = None  # made on first use (rdflib API over Oxigraph)
        else:
            self._dataset = Dataset(default_union=False)
            bind_prefixes(self._dataset)
            if self.out_dir is not None:
                self._load_memory(self.out_dir / MEMORY_FILE, read_only)

    @property
    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (over oxrdflib for Oxigraph); its default graph is the KG."""
        if self._dataset is None:
            if self.ox is None:
                raise StoreError("the store is closed")
            from oxrdflib import OxigraphStore

            self._dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=False)
            bind_prefixes(self._dataset)
        return self._dataset

    # -- writing documents ---------------------------------------------------------
    def add_document(self, graph_iri: URIRef, graph: Graph) -> None:
        """Add the graph of a document the store does not hold yet (buffered; see ``commit``).

        Buffered documents are written together in one transaction, much faster than one
        transaction each; a kill before ``commit`` loses only the buffer, never consistency.
        """
        if self.ox is None:
            self._memory_add(URIRef(graph_iri), graph)
            return
        g = ox.NamedNode(str(graph_iri))
        pending = self._pending
        for t in graph:
            s, p, o = _ox(t[0]), _ox(t[1]), _ox(t[2])
            pending.append(ox.Quad(s, p, o, g))
            pending.append(ox.Quad(s, p, o, _DEFAULT))
        if len(pending) >= BATCH_QUADS or time.monotonic() - self._last_commit >= BATCH_SECONDS:
            self.commit()

    def replace_document(self, graph_iri: URIRef, graph: Graph) -> None:
        """Replace one document's named graph by ``graph`` (drop the old one, then add)."""
        self.remove_graph(graph_iri)
        self.add_document(graph_iri, graph)

    def remove_graph(self, graph_iri: URIRef | str) -> None:
        """Drop one document's graph, and the triples of the KG that no other document states."""
        if self.ox is None:
            self._memory_remove(URIRef(graph_iri))
            return
        self.commit()  # the buffer may hold this graph: write it first, then drop it
        g = ox.NamedNode(str(graph_iri))
        if not self.ox.contains_named_graph(g):
            return
        self.ox.update(f"""
            DELETE {{ ?s ?p ?o }} WHERE {{
                GRAPH {g} {{ ?s ?p ?o }}
                FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;
            DROP SILENT GRAPH {g}""")

    def commit(self) -> None:
        """Write the buffered documents in one transaction."""
        self._last_commit = time.monotonic()
        if self.ox is not None and self._pending:
            pending, self._pending = self._pending, []
            self.ox.extend(pending)

    def set_source_path(self, graph_iri: URIRef | str, path: str) -> None:
        """Record that an unchanged document now lives at ``path`` (a moved file, a shifted .jsonl line)."""
        self.commit()
        g = f"<{graph_iri}>"
        lit = ox.Literal(path)
        self.update(f"""
            DELETE {{ GRAPH {g} {{ ?d <{FP.sourcePath}> ?old }} ?d <{FP.sourcePath}> ?old }}
            INSERT {{ GRAPH {g} {{ ?d <{FP.sourcePath}> {lit} }} ?d <{FP.sourcePath}> {lit} }}
            WHERE {{ GRAPH {g} {{ ?d a <{FP.Document}> OPTIONAL {{ ?d <{FP.sourcePath}> ?old }} }} }}""")

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (one transaction on Oxigraph)."""
        if self.ox is not None:
            self.ox.update(sparql, prefixes=PREFIXES)
        else:
            self.dataset.update(sparql)
            self._dirty = True

    def documents(self) -> dict[str, dict[str, str]]:
        """What the store has read: document id → {graph, hash, path}."""
        self.commit()
        q = f"""
        SELECT ?g ?id ?hash ?path WHERE {{ GRAPH ?g {{
            ?d a <{FP.Document}> ; <{DCTERMS.identifier}> ?id .
            OPTIONAL {{ ?d <{FP.contentHash}> ?hash }} OPTIONAL {{ ?d <{FP.sourcePath}> ?path }} }} }}"""
        out: dict[str, dict[str, str]] = {}
        for row in self.select(q):
            out[str(row["id"])] = {"graph": str(row["g"]), "hash": str(row.get("hash") or ""),
                                   "path": str(row.get("path") or "")}
        return out

    # -- queries -------------------------------------------------------------------
    def select(self, sparql: str, union: bool = True) -> list[dict]:
        """Run a SELECT and return rows as dicts of rdflib terms (missing bindings absent).

        ``union`` is kept for callers of the first version: the default graph *is* the union.
        """
        if self.ox is not None:  # straight to Oxigraph: no rdflib objects that outlive the store
            self.commit()
            res = self.ox.query(sparql, prefixes=PREFIXES)
            names = [v.value for v in res.variables]
            return [{n: from_ox(v) for n, v in zip(names, sol) if v is not None} for sol in res]
        res = self.query(sparql)
        return [{str(k): v for k, v in b.items() if v is not None} for b in res.bindings]

    def query(self, sparql: str, union: bool = True):
        """Run a SPARQL query over the KG (the default graph; ``GRAPH ?g`` reaches the documents)."""
        self.commit()
        return self.dataset.query(sparql)

    def __len__(self) -> int:
        """Triples in the knowledge graph (the default graph)."""
        self.commit()
        if self.ox is not None:
            n = self.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            return int(next(iter(n))[0].value)
        return len(self.dataset.default_graph)

    # -- export --------------------------------------------------------------------
    def triples(self) -> Iterator[tuple]:
        """The knowledge graph's triples (rdflib terms)."""
        self.commit()
        if self.ox is not None:
            for q in self.ox.quads_for_pattern(None, None, None, _DEFAULT):
                yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)
        else:
            yield from self.dataset.default_graph.triples((None, None, None))

    def union_graph(self) -> Graph:
        """The knowledge graph as one rdflib Graph (in memory)."""
        g = Graph()
        bind_prefixes(g)
        for t in self.triples():
            g.add(t)
        return g

    def write(self, fh: IO[bytes], fmt: str = "ttl") -> None:
        """Stream the KG (ttl, nt, jsonld) or the whole dataset with its document graphs (trig, nq)."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of ttl, nt, trig, nq, jsonld")
        self.commit()
        rdflib_fmt, ox_fmt, _ = EXPORT_FORMATS[fmt]
        if self.ox is not None and ox_fmt is not None:
            if ox_fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                self.ox.dump(fh, format=ox_fmt, prefixes=PREFIXES)
            else:
                self.ox.dump(fh, format=ox_fmt, from_graph=_DEFAULT, prefixes=PREFIXES)
            return
        if fmt in ("trig", "nq"):
            fh.write(self.dataset.serialize(format=rdflib_fmt, encoding="utf-8"))
            return
        g = self.dataset.default_graph if self.ox is None else self.union_graph()
        bind_prefixes(g)
        fh.write(g.serialize(format=rdflib_fmt, encoding="utf-8"))

    def serialize(self, fmt: str = "ttl") -> bytes:
        """The knowledge graph in an RDF syntax, as bytes; trig/nq keep the document graphs."""
        import io

        buf = io.BytesIO()
        self.write(buf, fmt)
        return buf.getvalue()

    def export(self, path: str | os.PathLike, fmt: str = "ttl") -> Path:
        """Write the KG to ``path`` atomically, streaming (memory does not grow with the graph)."""
        path = Path(path)
        with atomic_writer(path) as fh:
            self.write(fh, fmt)
        return path

    # -- life cycle ----------------------------------------------------------------
    def flush(self) -> None:
        """Make everything written so far durable (and, for the memory store, save its file)."""
        self.commit()
        if self.ox is not None:
            if not self.read_only:
                self.ox.flush()
        elif self._dirty and self.out_dir is not None and not self.read_only:
            self._save_memory(self.out_dir / MEMORY_FILE)

    def close(self) -> None:
        """Flush and let go of the store (RocksDB releases its lock when the last reference goes)."""
        if self.ox is not None:
            try:
                self.flush()
            finally:
                had_dataset = self._dataset is not None
                self.ox = None
                self._dataset = None
                if had_dataset:  # rdflib graphs hold reference cycles: free them so RocksDB unlocks
                    import gc

                    gc.collect()

    # -- the rdflib memory store ---------------------------------------------------
    def _memory_add(self, g: URIRef, graph: Graph) -> None:
        ctx = self.dataset.graph(g)
        default = self.dataset.default_graph
        for t in graph:
            ctx.add(t)
            default.add(t)
        self._dirty = True

    def _memory_remove(self, g: URIRef) -> None:
        ds = self.dataset
        if g not in {c.identifier for c in ds.graphs()}:
            return
        ctx = ds.graph(g)
        default = ds.default_graph
        for t in list(ctx):
            others = [c for c in ds.store.contexts(t) if c.identifier not in (g, DATASET_DEFAULT_GRAPH_ID)]
            if not others:
                default.remove(t)
        ds.remove_graph(ctx)
        self._dirty = True

    def _load_memory(self, path: Path, read_only: bool) -> None:
        if not path.is_file():
            if read_only:
                raise StoreError(f"{self.out_dir}: no graph store here; run `kg build` first")
            return
        try:
            with path.open("rb") as fh:
                for q in ox.parse(fh, format=ox.RdfFormat.N_QUADS):
                    t = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                    self.dataset.graph(URIRef(q.graph_name.value)).add(t)
                    self.dataset.default_graph.add(t)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{path}: cannot read the memory store ({exc})") from None

    def _save_memory(self, path: Path) -> None:
        def quads() -> Iterator[ox.Quad]:
            for ctx in self.dataset.graphs():
                if ctx.identifier == DATASET_DEFAULT_GRAPH_ID:
                    continue
                g = ox.NamedNode(str(ctx.identifier))
                for s, p, o in ctx:
                    yield ox.Quad(_ox(s), _ox(p), _ox(o), g)

        with atomic_writer(path) as fh:
            ox.serialize(quads(), fh, format=ox.RdfFormat.N_QUADS)
        self._dirty = False


_IRI_CACHE: dict[str, ox.NamedNode] = {}


def _ox(term):
    """rdflib term → Oxigraph term, fast: IRIs are cached (entities and predicates repeat a lot).

    oxrdflib's converter compares every term with rdflib's default-graph IRI first, which costs
    more than the store write itself; this one dispatches on the exact type.
    """
    kind = type(term)
    if kind is URIRef:
        node = _IRI_CACHE.get(term)
        if node is None:
            if len(_IRI_CACHE) > 200_000:
                _IRI_CACHE.clear()
            node = _IRI_CACHE[term] = ox.NamedNode(term)
        return node
    if kind is Literal:
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_ox(URIRef(term.datatype)))
        return ox.Literal(str(term))
    if kind is BNode:
        return ox.BlankNode(str(term))
    from oxrdflib._converter import to_ox

    return to_ox(term)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """Oxigraph term → rdflib term, with plain strings as rdflib makes them (no xsd:string datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"unexpected term {term!r}")


def load_graph(path: str | os.PathLike) -> Graph:
    """Parse an RDF file (Turtle, N-Triples, TriG...) into an rdflib graph, fast through Oxigraph."""
    path = Path(path)
    fmt = {".ttl": "ox-turtle", ".nt": "ox-ntriples", ".trig": "ox-trig", ".nq": "ox-nquads",
           ".jsonld": "json-ld"}.get(path.suffix.lower(), "ox-turtle")
    g = Graph()
    g.parse(str(path), format=fmt)
    return g


__all__ = ["IN_USE", "RDF", "FolderLock", "KGStore", "StoreError", "atomic_write_bytes", "atomic_writer",
           "load_graph", "sweep_temporaries"]
