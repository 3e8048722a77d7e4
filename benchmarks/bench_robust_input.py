"""Issue 9 figures: big files and many files through the reader (and optionally the build).

Prints time and peak memory; never asserts. Run from the repository root:

    python benchmarks/bench_robust_input.py            # reader figures, a 2,000-file build
    python benchmarks/bench_robust_input.py --build-files 100000   # the full 100k build (slow)
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.read import read
from kg.split import split
from kg.types import Document

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "seeds" / "000_ef37050beaf01c81.txt").read_text(encoding="utf-8")


def measure(label: str, fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<52} {seconds:8.2f} s   peak {peak / 2**20:7.1f} MiB")
    return result, seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100_000, help="tiny files for the reader")
    ap.add_argument("--build-files", type=int, default=2_000, help="tiny files for kg build")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        big = tmp / "big.txt"
        with open(big, "wb") as f:
            chunk = ARTICLE.encode("utf-8") * 20
            while f.tell() < 50 * 2**20:
                f.write(chunk)
        measure(f"50 MB .txt ({big.stat().st_size / 1e6:.0f} MB): read → skipped", lambda: list(read([big])))
        jl = tmp / "big.jsonl"
        with open(jl, "w", encoding="utf-8") as f:
            line = json.dumps({"id": "x", "text": ARTICLE}, ensure_ascii=False)
            n = 0
            while f.tell() < 50 * 2**20:
                f.write(line.replace('"x"', f'"d{n}"', 1) + "\n")
                n += 1
        _docs, s = measure(f"50 MB .jsonl ({n} articles): read, streamed",
                          lambda: sum(1 for _ in read([jl])))
        print(f"{'':<52} {jl.stat().st_size / 1e6 / s:8.1f} MB/s")
        two_mb = Document(id="x", text=(ARTICLE * 200)[:1_000_000])
        measure("split one 1M-character article", lambda: split(two_mb))
        flat = Document(id="y", text="扶" * 1_000_000)
        measure("split 1M characters with no punctuation", lambda: split(flat))
        wrapped = Document(id="z", text="\n".join(["Poverty alleviation in Wushan county goes on"] * 20_000))
        measure("split 20,000 wrapped lines, no stops (was quadratic)", lambda: split(wrapped))
        many = tmp / "many"
        many.mkdir()
        for i in range(args.files):
            sub = many / f"{i // 1000:03d}"
            if i % 1000 == 0:
                sub.mkdir()
            (sub / f"{i:06d}.txt").write_text(f"巫山县第{i}号帮扶车间吸纳{i % 97}人就业。", encoding="utf-8")
        count, s = measure(f"{args.files:,} tiny files: read", lambda: sum(1 for _ in read([many])))
        print(f"{'':<52} {count / s:8.0f} files/s")
        if args.build_files:
            from kg.build import build

            part = tmp / "part"
            part.mkdir()
            for i in range(args.build_files):
                (part / f"{i:06d}.txt").write_text(f"巫山县第{i}号帮扶车间吸纳{i % 97}人就业。", encoding="utf-8")
            t0 = time.perf_counter()
            report = build([part], out=tmp / "out", view=False)
            s = time.perf_counter() - t0
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{f'kg build of {args.build_files:,} tiny files':<52} {s:8.2f} s   max RSS {rss:7.0f} MiB"
                  f"   {report.documents / s:.0f} docs/s → 100k ≈ {100_000 / (report.documents / s) / 60:.0f} min")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
