"""Benchmark of ``kg build --workers N``: speed-up with 2 Dask workers over 1, and the overhead of
the Dask path with 1 worker against the plain single-process build.

Each mode runs in a fresh Python process (models loaded from cold, as a user's ``kg build``
would) on the same corpus, into a fresh output folder; the script prints wall time, CPU time
(the build process and its worker processes), documents and characters per second, the
client's peak memory, and checks that the three stores hold the same quads. Wall times depend
on what else runs on the machine: the load average is printed; CPU times much less so.

    python benchmarks/bench_dask.py                 # a synthetic corpus of 300 articles
    python benchmarks/bench_dask.py --docs 600 --repeat 2
    python benchmarks/bench_dask.py --corpus DIR    # any corpus (e.g. from gen_corpus.py)

Without ``--corpus``, the articles are the five seeds with their place and company names
replaced by made-up ones, consistently within an article (different names, same shapes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

#: Place and company name heads of the seeds, to be replaced by made-up ones.
NAMES = ("巫山", "骡坪", "奉节", "昭通", "溆浦", "怀化", "鲁甸", "绥江", "洪江", "福兴", "夔门", "石龙", "两坪", "桃花", "横路",
         "葛竹坪", "大江口", "凉伞", "母溪", "竹湾", "铁山", "八江口", "高砌头", "大岩头", "新宁", "开封", "镇雄", "鱼复", "朝阳",
         "卯家湾", "义乌", "湘潭", "江阴", "福益美", "天锐", "龙泓", "腾创")
#: Characters the made-up names are drawn from.
SYLLABLES = "安宝昌丰广桂禾河和华嘉金锦康兰乐林龙茂宁平青庆瑞山盛顺泰通万溪祥新兴阳永玉源云泽长正中竹石岭湾坪峰"


def synth_corpus(n: int, out: Path, seed: int = 7) -> Path:
    """Write ``n`` articles: seed ``i % 5`` with every name of NAMES replaced by a made-up one."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    pattern = re.compile("|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)))
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        names: dict[str, str] = {}

        def fresh(m: re.Match, names: dict[str, str] = names) -> str:
            if m.group(0) not in names:
                names[m.group(0)] = "".join(rng.sample(SYLLABLES, len(m.group(0))))
            return names[m.group(0)]

        (out / f"{i:06d}.txt").write_text(pattern.sub(fresh, seeds[i % len(seeds)]), encoding="utf-8")
    return out


RUN = """
import json, resource, sys, time
from kg.build import build
t = time.perf_counter()
r = build([sys.argv[1]], out=sys.argv[2], view=False, rebuild=True, workers=int(sys.argv[3]))
seconds = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, "documents": r.documents, "failed": len(r.failed),
                  "characters": r.characters, "triples": r.triples,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(corpus: Path, out: Path, workers: int) -> dict:
    """One build in a fresh process (``workers=0``: the plain path)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    load = os.getloadavg()[0]
    res = subprocess.run([sys.executable, "-c", RUN, str(corpus), str(out), str(workers)], cwd=ROOT,
                         env=env, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"build with workers={workers} failed:\n{res.stderr[-2000:]}")
    figures = json.loads(res.stdout.strip().splitlines()[-1])
    figures["load"] = round((load + os.getloadavg()[0]) / 2, 1)
    return figures


def _spin(_: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.perf_counter() - t


def machine_parallelism() -> float:
    """How much more a second busy process gets done right now (2.0 on an idle 2-core machine):
    the ceiling for the 2-worker speed-up while other programs use the CPUs."""
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(2) as pool:
        one = pool.map(_spin, [0])[0]
        two = max(pool.map(_spin, [0, 1]))
    return 2 * one / two


def quads(out: Path) -> set[bytes]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(out / "store"))
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    del store
    return set(data.splitlines())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300, help="articles in the synthetic corpus")
    ap.add_argument("--corpus", type=Path, help="use this corpus instead of a synthetic one")
    ap.add_argument("--repeat", type=int, default=1, help="runs per mode; the fastest counts")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        tmp = Path(tmp)
        corpus = args.corpus or synth_corpus(args.docs, tmp / "corpus")
        files = [p for p in corpus.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"corpus: {corpus} ({len(files)} files, {size / 1e6:.1f} MB); "
              f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}")
        modes = [("plain", 0), ("dask, 1 worker", 1), ("dask, 2 workers", 2)]
        ceilings = [machine_parallelism()]
        best: dict[str, dict] = {}
        for r in range(args.repeat):
            for name, workers in modes:
                f = run(corpus, tmp / f"out-{workers}", workers)
                print(f"  run {r + 1} {name:16s} {f['seconds']:7.1f} s  (load {f['load']})", flush=True)
                if name not in best or f["seconds"] < best[name]["seconds"]:
                    best[name] = f
        ceilings.append(machine_parallelism())
        same = quads(tmp / "out-0") == quads(tmp / "out-1") == quads(tmp / "out-2")
        print()
        print(f"{'mode':18s}{'seconds':>9s}{'CPU s':>8s}{'docs/s':>9s}{'chars/s':>10s}{'client MB':>11s}"
              f"{'failed':>8s}{'load':>6s}")
        for name, _ in modes:
            f = best[name]
            print(f"{name:18s}{f['seconds']:9.1f}{f['cpu']:8.1f}{f['documents'] / f['seconds']:9.2f}"
                  f"{f['characters'] / f['seconds']:10.0f}{f['maxrss_mb']:11.0f}{f['failed']:8d}{f['load']:6.1f}")
        plain, one, two = (best[n]["seconds"] for n, _ in modes)
        print()
        print(f"speed-up, 2 workers over 1:          {one / two:.2f}x   (machine ceiling now: "
              f"{min(ceilings):.2f}x-{max(ceilings):.2f}x, 2 busy loops against 1)")
        print(f"speed-up, 2 workers over plain:      {plain / two:.2f}x")
        print(f"overhead, Dask 1 worker over plain:  {(one / plain - 1) * 100:+.1f}% ({one - plain:+.1f} s)")
        cpu0, cpu1 = best["plain"]["cpu"], best["dask, 1 worker"]["cpu"]
        print(f"CPU overhead, Dask 1 worker:         {(cpu1 / cpu0 - 1) * 100:+.1f}% ({cpu1 - cpu0:+.1f} CPU s; "
              "client + workers, robust to load)")
        print(f"same quads in all three stores:      {same} ({best['plain']['triples']} triples)")


if __name__ == "__main__":
    main()
