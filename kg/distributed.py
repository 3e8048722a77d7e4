"""Extraction on Dask: ``kg build --workers N`` (a LocalCluster) or ``--scheduler tcp://HOST:PORT``.

All Dask code of fupin-kg lives here. The work splits into a map and a reduce:

* map (on the workers): one document → ``extract(doc)`` → ``document_graph(doc)``, sent back as
  its tuple of triples (the rdflib terms, pickled: smaller than the text and exact, see
  :func:`extract_triples`), not the processed document. It is pure: a document in, its triples out, no shared state, so a task can be
  retried anywhere and the result does not depend on which worker ran it or in which order.
* reduce (in the client): the union of the document graphs. Entity IRIs come from (class,
  canonical name) and statement IRIs are hashes of the relation and its sentence, so graphs of
  different documents that name the same entity already share its IRI; the union is the merge,
  and the build writes each graph into its document's named graph, as the single-process build
  does. The result is the same set of triples, whatever the number of workers.

When canonicalisation across documents arrives (福益美公司 in one article resolved to the full
name used in another), the map can no longer settle IRIs alone: workers would return mentions
with their local names, the reduce would choose one canonical name per cluster of mentions
across the corpus and rewrite the IRIs of the affected graphs before they are stored (or a
second pass would rewrite them in the store). The per-document named graphs stay the unit of
incremental rebuilds either way.

Streaming: documents are submitted as they are read and at most ``max_in_flight`` tasks are
outstanding, so the client holds a bounded window of the corpus, never all of it; results come
back in completion order. A task that raises is retried (``retries``); a document that still
fails, or whose workers keep dying under it, is reported as an :class:`Outcome` with an error,
and the rest of the corpus carries on.

Workers need the ``kg`` package: a LocalCluster shares this interpreter's environment; on a
remote cluster run ``pip install fupin-kg`` (the same version) on every worker.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from .pipeline import Pipeline, default_pipeline
from .rdf import document_graph
from .types import Document

if TYPE_CHECKING:
    from distributed import Future

class DistributedError(Exception):
    """The Dask cluster cannot be used (unreachable, workers without ``kg``); one-line message."""


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its graph, or why it failed."""

    doc_id: str
    path: str | None
    characters: int
    graph: Graph | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def extract_triples(doc: Document, min_confidence: float = 0.0,
                    pipeline: Pipeline | None = None) -> tuple[tuple[Node, Node, Node], ...]:
    """The map step, run on a worker: one document → the triples of its graph.

    The triples travel as rdflib terms (Dask pickles them): about a third of the size of the
    same graph in N-Triples and nothing to parse on the client. Text would also not round-trip
    exactly: Oxigraph's parser reads ``"人"`` back as ``"人"^^xsd:string``, the same RDF term
    but a different rdflib one, which an rdflib store would keep apart from the plain build's.
    """
    _one_thread_per_worker()
    doc = (pipeline or default_pipeline())(doc)
    return tuple(document_graph(doc, min_confidence=min_confidence))


_TUNED = False


def _one_thread_per_worker() -> None:
    """Load LAC once per worker process, single-threaded (``kg.recognise.lac`` does it).

    Dask runs one worker process per core; with ONNX Runtime's default spinning thread pool over
    every core, N workers fight over N cores (measured on 2 cores: no speed-up from a second one).
    """
    global _TUNED
    if _TUNED:
        return
    _TUNED = True
    from . import recognise

    recognise.lac()  # loads LAC on one ONNX thread (see kg.recognise.lac)


def _probe() -> tuple[str, str]:
    """Run on every worker before the build: can it import ``kg``, which version, from where."""
    import kg

    return kg.__version__, kg.__file__


class DaskExtractor:
    """A bounded window of extraction tasks on a Dask cluster.

    ``submit(doc)`` hands one document to the cluster and returns the outcomes that are ready
    (waiting first if the window is full); ``finish()`` returns the rest; ``close()`` stops the
    cluster it started (or closes its connection).

    Example::

        with contextlib.closing(DaskExtractor(workers=2)) as pool:
            for doc in documents:
                for outcome in pool.submit(doc):
                    store(outcome)
            for outcome in pool.finish():
                store(outcome)
    """

    def __init__(self, *, workers: int = 0, scheduler: str | None = None, min_confidence: float = 0.0,
                 pipeline: Pipeline | None = None, retries: int = 1, max_in_flight: int | None = None,
                 timeout: float = 10.0) -> None:
        from distributed import Client, LocalCluster, as_completed

        if not workers and not scheduler:
            raise DistributedError("give a number of local workers or a scheduler address")
        if workers and scheduler:
            raise DistributedError("give either --workers or --scheduler, not both")
        if workers < 0:
            raise DistributedError(f"--workers must be positive, not {workers}")
        self.min_confidence = min_confidence
        self.pipeline = pipeline
        self.retries = retries
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=timeout, set_as_default=False)
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=":0", silence_logs=logging.ERROR)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = scheduler or f"a local cluster of {workers} workers"
            raise DistributedError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        self._check_workers(timeout)
        threads = sum(self.client.nthreads().values()) or 1
        self.max_in_flight = max_in_flight or max(4, 4 * threads)
        self._ac = as_completed(loop=self.client.loop)
        self._meta: dict[str, tuple[str, str | None, int]] = {}

    def _check_workers(self, timeout: float) -> None:
        """Fail early, with one line, when workers are missing or cannot import ``kg``."""
        import kg

        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError):
            self.close()
            raise DistributedError("the Dask cluster has no workers; start some with "
                                   "`dask worker tcp://HOST:PORT`") from None
        try:
            found = self.client.run(_probe)
        except Exception as exc:  # noqa: BLE001 - any failure here means the workers lack kg
            self.close()
            raise DistributedError(f"Dask workers cannot import kg ({type(exc).__name__}: {exc}); "
                                   f"run `pip install fupin-kg=={kg.__version__}` on every worker") from None
        for worker, (version, _file) in sorted(found.items()):
            if version != kg.__version__:
                self.close()
                raise DistributedError(f"Dask worker {worker} has fupin-kg {version}, this client "
                                       f"{kg.__version__}; install the same version everywhere")

    def worker_modules(self) -> dict[str, str]:
        """Where each worker imports ``kg`` from (to check a LocalCluster runs this tree's code)."""
        return {w: f for w, (_v, f) in self.client.run(_probe).items()}

    # -- the window ---------------------------------------------------------------------
    def submit(self, doc: Document) -> list[Outcome]:
        """Send one document to the cluster; return what has finished meanwhile (never blocks
        unless ``max_in_flight`` tasks are outstanding)."""
        fut = self.client.submit(extract_triples, doc, self.min_confidence, self.pipeline,
                                 key=f"kg-extract-{uuid.uuid4().hex}", retries=self.retries, pure=False)
        self._meta[fut.key] = (doc.id, doc.path, len(doc.text))
        self._ac.add(fut)
        done: list[Outcome] = []
        while len(self._meta) >= self.max_in_flight:
            done.append(self._collect(next(self._ac)))
        if self._ac.has_ready():
            done.extend(self._collect(f) for f in self._ac.next_batch(block=False))
        return done

    def finish(self) -> Iterator[Outcome]:
        """The outcomes of every outstanding task, in completion order."""
        while self._meta:
            yield self._collect(next(self._ac))

    def _collect(self, fut: Future) -> Outcome:
        from distributed import KilledWorker

        doc_id, path, chars = self._meta.pop(fut.key)
        try:
            triples = fut.result()
        except KilledWorker:
            return Outcome(doc_id, path, chars,
                           error="extraction failed: its Dask workers died while extracting it")
        except Exception as exc:  # noqa: BLE001 - the worker's exception, after retries
            if self.client.status != "running":  # the scheduler is gone, not this document
                raise DistributedError("lost the connection to the Dask scheduler; the documents "
                                       "extracted so far are stored, run `kg build` again to carry on") from None
            return Outcome(doc_id, path, chars, error=f"extraction failed on a Dask worker: "
                                                      f"{type(exc).__name__}: {exc}")
        finally:
            fut.release()
        g = Graph()
        for t in triples:
            g.add(t)
        return Outcome(doc_id, path, chars, graph=g)

    # -- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def extract_documents(docs: Iterable[Document], *, workers: int = 0, scheduler: str | None = None,
                      min_confidence: float = 0.0, pipeline: Pipeline | None = None, retries: int = 1,
                      max_in_flight: int | None = None) -> Iterator[Outcome]:
    """Extract ``docs`` on Dask and yield one :class:`Outcome` per document in completion order.

    ``docs`` is consumed lazily, as the window frees up.

    Example::

        docs = (d for d in read(["seeds/"]) if isinstance(d, Document))
        for o in extract_documents(docs, workers=2):
            print(o.doc_id, len(o.graph) if o.ok else o.error)
    """
    with closing(DaskExtractor(workers=workers, scheduler=scheduler, min_confidence=min_confidence,
                               pipeline=pipeline, retries=retries, max_in_flight=max_in_flight)) as pool:
        for doc in docs:
            yield from pool.submit(doc)
        yield from pool.finish()


__all__ = ["DaskExtractor", "DistributedError", "Outcome", "extract_documents", "extract_triples"]
