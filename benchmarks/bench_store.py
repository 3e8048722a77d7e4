"""Build and query benchmarks: throughput, peak memory, store size, query latency, rdflib side by side.

Two parts, each printing a table (Markdown, so it can go into benchmarks/RESULTS.md as is):

* ``--build 1000,10000``: generate corpora (benchmarks/gen_corpus.py), run ``python -m kg build``
  on each in a child process and report characters per second (wall and CPU), the child's peak
  RSS (``ru_maxrss`` from ``wait4``), and the store size on disk.
* ``--triples 1000000``: write a graph in the output contract's shape directly (documents,
  entities with labels, aliases and mentions, asserted relations and their statement nodes with
  provenance and quantities), load it into Oxigraph on disk and into rdflib's in-memory Graph, and
  time every preset of ``--queries`` (default ontology/queries/*.rq) plus a few typical
  questions of our own: p50/p95 on Oxigraph, the same on rdflib with a per-query timeout
  (``> T s`` when it runs out), and the ratio.

Example::

    python benchmarks/bench_store.py --build 1000,10000 --triples 1000000 --rdflib-timeout 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FP = "https://w3id.org/fupin-kg/ontology#"
FPR = "https://w3id.org/fupin-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

PROLOGUE = f"""PREFIX fp: <{FP}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCT}>
"""

#: Typical questions, written statement-first (aggregates over statement nodes, labels joined after).
OWN_QUERIES = {
    "own:employs-with-counts": PROLOGUE + """
SELECT ?enterprise (SUM(?n) AS ?people) (COUNT(?st) AS ?sentences) WHERE {
  { SELECT ?e (SUM(COALESCE(?c, 0)) AS ?n) (COUNT(?st) AS ?k) (SAMPLE(?st) AS ?st) WHERE {
      ?st rdf:predicate fp:employs ; rdf:subject ?e . OPTIONAL { ?st fp:count ?c } } GROUP BY ?e }
  ?e rdfs:label ?enterprise .
} GROUP BY ?enterprise ORDER BY DESC(?people) LIMIT 50""",
    "own:programs-implementer-funder-amount": PROLOGUE + """
SELECT ?program (SAMPLE(?impl) AS ?implementer) (SAMPLE(?fund) AS ?funder) (SUM(?a) AS ?amount) WHERE {
  { SELECT ?p (SUM(COALESCE(?amt, 0)) AS ?a) (SAMPLE(?f) AS ?fund) WHERE {
      ?st rdf:predicate fp:funds ; rdf:object ?p ; rdf:subject ?f . OPTIONAL { ?st fp:amount ?amt } } GROUP BY ?p }
  ?p a fp:Program ; rdfs:label ?program .
  OPTIONAL { ?i fp:implements ?p . ?i rdfs:label ?impl }
} GROUP BY ?program ORDER BY DESC(?amount) LIMIT 50""",
    "own:top-degree": PROLOGUE + """
SELECT ?label ?degree WHERE {
  { SELECT ?e (COUNT(?st) AS ?degree) WHERE {
      { ?st rdf:subject ?e } UNION { ?st rdf:object ?e } } GROUP BY ?e ORDER BY DESC(?degree) LIMIT 20 }
  ?e rdfs:label ?label
} ORDER BY DESC(?degree)""",
    "own:groups-per-county": PROLOGUE + """
SELECT ?county ?group (COUNT(?st) AS ?n) WHERE {
  ?st rdf:predicate fp:employs ; rdf:subject ?org ; rdf:object ?g .
  ?g a fp:BeneficiaryGroup ; rdfs:label ?group .
  ?org fp:locatedIn ?c . ?c rdfs:label ?county .
} GROUP BY ?county ?group ORDER BY DESC(?n) LIMIT 50""",
}

CLASSES = ("Government", "Enterprise", "Institution", "Program", "Person", "BeneficiaryGroup", "Place")
# (predicate, subject classes, object classes, quantity kind)
RELS = (
    ("employs", ("Enterprise",), ("BeneficiaryGroup",), "count"),
    ("implements", ("Government",), ("Program",), None),
    ("funds", ("Government", "Enterprise", "Institution"), ("Program",), "amount"),
    ("benefits", ("Program",), ("BeneficiaryGroup", "Place"), "count"),
    ("supports", ("Government", "Institution"), ("Place", "Enterprise"), None),
    ("partnersWith", ("Government", "Enterprise"), ("Government", "Enterprise"), None),
    ("locatedIn", ("Enterprise", "Institution", "Government"), ("Place",), None),
    ("leads", ("Person",), ("Enterprise", "Government"), None),
    ("participatesIn", ("Enterprise", "Institution"), ("Program",), None),
    ("founded", ("Person",), ("Enterprise",), None),
    ("partOf", ("Institution",), ("Institution",), None),
)


# -- the 1M-triple graph ------------------------------------------------------------------------

def synth_graph(path: Path, target: int, seed: int = 0) -> tuple[int, str]:
    """Write ~``target`` triples in the output contract's shape as N-Triples; return (count, a label)."""
    rng = random.Random(seed)
    n_docs = max(10, target // 100)
    per_class = {"Government": 0.12, "Enterprise": 0.3, "Institution": 0.1, "Program": 0.12, "Person": 0.2,
                 "BeneficiaryGroup": 0.01, "Place": 0.15}
    n_ent = max(70, target // 35)
    ents: dict[str, list[str]] = {}
    lines: list[str] = []
    out = path.open("w", encoding="utf-8")
    count = 0

    def emit(s: str, p: str, o: str) -> None:
        nonlocal count
        lines.append(f"{s} {p} {o} .\n")
        count += 1
        if len(lines) > 10000:
            out.writelines(lines)
            lines.clear()

    def lit(text: str, lang: str | None = "zh") -> str:
        return json.dumps(text, ensure_ascii=False) + (f"@{lang}" if lang else "")

    docs = [f"<{FPR}doc/syn{i:07d}>" for i in range(n_docs)]
    for i, d in enumerate(docs):
        emit(d, f"<{RDF}type>", f"<{FP}Document>")
        emit(d, f"<{DCT}identifier>", lit(f"syn{i:07d}", None))
        emit(d, f"<{DCT}title>", lit(f"第{i}篇：帮扶车间成为助力群众增收致富“金钥匙”"))
        emit(d, f"<{FP}contentHash>", lit(f"{rng.getrandbits(128):032x}", None))
    label_example = ""
    for cls, share in per_class.items():
        n = max(5, int(n_ent * share))
        ents[cls] = []
        for j in range(n):
            name = f"{cls[:3]}{j}号{'有限公司' if cls == 'Enterprise' else '县' if cls == 'Place' else ''}"
            iri = f"<{FPR}{cls}/{name}>"
            ents[cls].append(iri)
            emit(iri, f"<{RDF}type>", f"<{FP}{cls}>")
            emit(iri, f"<{RDFS}label>", lit(name))
            if rng.random() < 0.3:
                emit(iri, f"<{SKOS}altLabel>", lit(name[:3] + "简称"))
            for d in rng.sample(docs, min(len(docs), 1 + int(rng.paretovariate(1.5)))):
                emit(iri, f"<{FP}mentionedIn>", d)
            if cls == "Enterprise" and not label_example:
                label_example = name
    k = 0
    while count < target:
        pred, scls, ocls, qty = RELS[rng.randrange(len(RELS))] if rng.random() > 0.4 else RELS[0]
        pool_s = ents[rng.choice(scls)]
        pool_o = ents[rng.choice(ocls)]
        s = pool_s[min(len(pool_s) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.3 else rng.choice(pool_s)
        o = rng.choice(pool_o)
        st = f"<{FPR}stmt/{k:012x}>"
        k += 1
        emit(s, f"<{FP}{pred}>", o)
        emit(st, f"<{RDF}type>", f"<{RDF}Statement>")
        emit(st, f"<{RDF}subject>", s)
        emit(st, f"<{RDF}predicate>", f"<{FP}{pred}>")
        emit(st, f"<{RDF}object>", o)
        emit(st, f"<{PROV}wasDerivedFrom>", rng.choice(docs))
        emit(st, f"<{FP}sentence>", lit(f"第{k}句：公司吸纳了村里的留守妇女、老人等{rng.randint(5, 500)}人到车间务工。"))
        emit(st, f"<{FP}confidence>", f'"0.{rng.randint(50, 99)}"^^<{XSD}decimal>')
        if qty == "count":
            n = rng.randint(5, 3000)
            emit(st, f"<{FP}count>", f'"{n}"^^<{XSD}integer>')
            emit(st, f"<{FP}countUnit>", lit("人", None))
            emit(st, f"<{FP}quantityText>", lit(f"{n}人"))
        elif qty == "amount":
            n = rng.randint(1, 5000)
            emit(st, f"<{FP}amount>", f'"{n * 10000}"^^<{XSD}decimal>')
            emit(st, f"<{FP}quantityText>", lit(f"{n}万元"))
    out.writelines(lines)
    out.close()
    return count, label_example


def load_queries(folder: Path | None, entity_name: str) -> dict[str, str]:
    """Presets (``*.rq``; ``# param: name = default`` bound with VALUES) plus our own typical ones."""
    queries: dict[str, str] = {}
    if folder and folder.is_dir():
        for p in sorted(folder.glob("*.rq")):
            text = p.read_text("utf-8")
            for line in text.splitlines():
                if line.startswith("# param:"):
                    var = line.split(":", 1)[1].split("=")[0].strip()
                    at = text.upper().find("WHERE {")
                    if at >= 0:
                        text = (text[:at + 7] + f' VALUES (?{var}) {{ ("{entity_name}"@zh) }} ' + text[at + 7:])
            queries[f"preset:{p.stem}"] = text
    queries.update(OWN_QUERIES)
    return queries


RDFLIB_WORKER = r"""
import sys, json, time
from rdflib import Graph
g = Graph()
g.parse(sys.argv[1], format="nt")
print(json.dumps({"ready": len(g)}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    times = []
    for _ in range(req["reps"]):
        t = time.perf_counter()
        n = len(list(g.query(req["q"])))
        times.append(time.perf_counter() - t)
    print(json.dumps({"times": times, "rows": n}), flush=True)
"""

#: Oxigraph on disk, read-only, in a child too: a slow query is stopped instead of stalling the table.
OXIGRAPH_WORKER = r"""
import sys, json, time
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
print(json.dumps({"ready": 1}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    times = []
    for i in range(req["reps"] + 1):  # the first run warms the caches and is not counted
        t = time.perf_counter()
        res = store.query(req["q"])
        n = sum(1 for _ in res)
        if i:
            times.append(time.perf_counter() - t)
        elif time.perf_counter() - t > 2.0:  # slow: a single counted run is enough
            times.append(time.perf_counter() - t)
            break
    print(json.dumps({"times": times, "rows": n}), flush=True)
"""


class RdflibWorker:
    """rdflib's in-memory Graph in a child process, so a runaway query can be stopped by a kill."""

    def __init__(self, nt: Path, script: str = RDFLIB_WORKER) -> None:
        self.nt = nt
        self.script = script
        self.proc: subprocess.Popen | None = None
        self.load_seconds = 0.0
        self.rss_mb = 0.0

    def start(self) -> None:
        t = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-c", self.script, str(self.nt)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.proc.stdout.readline()
        self.load_seconds = time.perf_counter() - t
        self.rss_mb = _rss_mb(self.proc.pid)

    def run(self, query: str, reps: int, timeout: float) -> tuple[list[float] | None, int]:
        import selectors

        if self.proc is None:
            self.start()
        self.proc.stdin.write(json.dumps({"q": query, "reps": reps}) + "\n")
        self.proc.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout * reps):
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            return None, 0
        ans = json.loads(self.proc.stdout.readline())
        return ans["times"], ans["rows"]

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def bench_queries(target: int, queries_dir: Path | None, reps: int, rdflib_timeout: float, work: Path,
                  rdflib_reps: int = 1) -> str:
    import pyoxigraph as ox

    nt = work / "graph.nt"
    t = time.perf_counter()
    count, name = synth_graph(nt, target)
    gen_s = time.perf_counter() - t
    store_dir = work / "ox-store"
    t = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    store.optimize()
    ox_load = time.perf_counter() - t
    ox_size = _du(store_dir)
    queries = load_queries(queries_dir, name)
    del store
    oxw = RdflibWorker(store_dir, OXIGRAPH_WORKER)
    worker = RdflibWorker(nt)
    worker.start()
    first_load, first_rss = worker.load_seconds, worker.rss_mb
    lines = [f"Graph: {count:,} triples in the output contract's shape (written in {gen_s:.1f} s).", "",
             (f"Oxigraph (on disk): bulk load {ox_load:.1f} s, store {ox_size / 1e6:.0f} MB. "
              f"rdflib Graph (memory): parse {first_load:.1f} s, RSS {first_rss:.0f} MB."), "",
             "| query | rows | Oxigraph p50 ms | Oxigraph p95 ms | rdflib p50 ms | rdflib / Oxigraph |",
             "|---|---:|---:|---:|---:|---:|"]
    for qname, q in queries.items():
        times, rows = oxw.run(q, reps, rdflib_timeout / reps)
        if times is None:
            lines.append(f"| {qname} | | > {rdflib_timeout * 1000:.0f} | | | |")
            print(lines[-1], file=sys.stderr, flush=True)
            continue
        o50, o95 = pct(times, 0.5) * 1000, pct(times, 0.95) * 1000
        rtimes, _rrows = worker.run(q, rdflib_reps, rdflib_timeout)
        if rtimes is None:
            r50, ratio = f"> {rdflib_timeout * 1000:.0f}", f"> {rdflib_timeout * 1000 / max(o50, 0.001):.0f}x"
        else:
            r = pct(rtimes, 0.5) * 1000
            r50, ratio = f"{r:.0f}", f"{r / max(o50, 0.001):.0f}x"
        lines.append(f"| {qname} | {rows} | {o50:.1f} | {o95:.1f} | {r50} | {ratio} |")
        print(lines[-1], file=sys.stderr, flush=True)
    worker.stop()
    oxw.stop()
    return "\n".join(lines)


# -- builds ----------------------------------------------------------------------------------

def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def bench_build(sizes: list[int], work: Path, fmt: str, seed: int) -> str:
    lines = [("| articles | characters | wall s | chars/s (wall) | CPU s | chars/s (CPU) | peak RSS MB "
              "| store MB | kg.ttl MB | triples |"),
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        corpus = work / f"corpus-{n}" if fmt == "txt" else work / f"corpus-{n}.jsonl"
        arg = ["--out", str(corpus)] if fmt == "txt" else ["--jsonl", str(corpus)]
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), "-n", str(n),
                        "--seed", str(seed), *arg], check=True)
        out = work / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--json"],
                                cwd=ROOT, stdout=subprocess.PIPE)
        stdout = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        if status != 0:
            lines.append(f"| {n} | build failed (status {status}) | | | | | | | | |")
            continue
        report = json.loads(stdout)
        cpu = usage.ru_utime + usage.ru_stime
        chars = report["characters"]
        lines.append(f"| {n:,} | {chars:,} | {wall:.1f} | {chars / wall:,.0f} | {cpu:.1f} | {chars / cpu:,.0f} "
                     f"| {usage.ru_maxrss / 1024:.0f} | {_du(out / 'store') / 1e6:.0f} "
                     f"| {(out / 'kg.ttl').stat().st_size / 1e6:.1f} | {report['triples']:,} |")
        print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="", help="corpus sizes to build, comma-separated (e.g. 1000,10000)")
    ap.add_argument("--format", choices=("txt", "jsonl"), default="jsonl", help="corpus as .txt files or one .jsonl")
    ap.add_argument("--triples", type=int, default=0, help="size of the query benchmark graph (e.g. 1000000)")
    ap.add_argument("--queries", type=Path, default=ROOT / "ontology" / "queries", help="folder of preset .rq files")
    ap.add_argument("--reps", type=int, default=10, help="runs per query on Oxigraph")
    ap.add_argument("--rdflib-reps", type=int, default=1, help="runs per query on rdflib (slow: 1 by default)")
    ap.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; scratch {work}\n")
    if args.build:
        sizes = [int(x) for x in args.build.split(",") if x.strip()]
        print("## Build (python -m kg build, end to end, child process)\n")
        print(bench_build(sizes, work, args.format, args.seed), "\n", flush=True)
    if args.triples:
        print(f"## Queries at {args.triples:,} triples\n")
        print(bench_queries(args.triples, args.queries, args.reps, args.rdflib_timeout, work,
                                args.rdflib_reps), "\n", flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}; parent peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
