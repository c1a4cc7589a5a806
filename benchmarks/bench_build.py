"""Build throughput on the real corpus, with jieba's tokenisation of the same text as the
reference, measured in the same run; peak memory; incremental rebuild after touching one report.

    .venv/bin/python benchmarks/bench_build.py [CORPUS_DIR] [--jobs 2] [--limit N]

Writes benchmarks/results/build.json and the "Build" section of docs/performance.md.
Not run by CI (it takes minutes).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import find_sources  # noqa: E402
from kg.text.reader import ReadError, read_text  # noqa: E402

KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def jieba_seconds(texts: list[str]) -> float:
    """Time for jieba (default mode, HMM on) to tokenise every text, after its dictionary is loaded."""
    import jieba

    jieba.initialize()
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - t


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode not in (0, 3):
        raise SystemExit(f"build failed: {r.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) // 1024


def write_section(md: Path, title: str, body: str) -> None:
    """Replace (or add) one '## title' section of a shared markdown file."""
    text = md.read_text(encoding="utf-8") if md.exists() else "# Performance\n"
    start = f"<!-- {title}:start -->"
    end = f"<!-- {title}:end -->"
    block = f"{start}\n## {title}\n\n{body.strip()}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    md.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "cities"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N files (a quick run)")
    a = ap.parse_args()

    files, _ = find_sources([a.corpus])
    if a.limit:
        files = files[: a.limit]
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    src = work / "corpus"
    for f in files:  # a private copy, so touching one file leaves the shared corpus alone
        dest = src / f.relative_to(a.corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, dest)
    texts = []
    for f in sorted(src.rglob("*")):
        if f.is_file():
            try:
                texts.append(read_text(f))
            except ReadError:
                pass
    chars = sum(len(t) for t in texts)

    jieba_s = jieba_seconds(texts)
    out, cache = work / "graph.nt", work / "cache"
    build = [*KG, "build", str(src), "-o", str(out), "-j", str(a.jobs), "--cache", str(cache), "-q"]
    full_s, peak_mb = timed(build)
    target = sorted(src.rglob("*.md"))[len(files) // 2]
    target.write_text(target.read_text(encoding="utf-8") + "\n各位代表，让我们团结奋斗！\n", encoding="utf-8")
    incr_s, _ = timed(build)
    noop_s, _ = timed(build)
    triples = sum(1 for _ in out.open(encoding="utf-8"))

    res = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "files": len(files), "characters": chars, "jobs": a.jobs, "triples": triples,
        "jieba_seconds": round(jieba_s, 2), "jieba_chars_per_second": round(chars / jieba_s),
        "build_seconds": round(full_s, 2), "build_chars_per_second": round(chars / full_s),
        "build_over_jieba": round(full_s / jieba_s, 2), "peak_rss_mb": peak_mb,
        "rebuild_after_touching_one_seconds": round(incr_s, 2), "rebuild_unchanged_seconds": round(noop_s, 2),
    }
    (ROOT / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "benchmarks" / "results" / "build.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    body = f"""Measured by `benchmarks/bench_build.py` on {res['machine']}: {res['files']} reports,
{chars:,} characters, `kg build -j {a.jobs}` to N-Triples ({triples:,} triples), fresh cache.

| measure | value |
|---|---|
| jieba `lcut` of the same text, one process (reference) | {res['jieba_seconds']} s ({res['jieba_chars_per_second']:,} chars/s) |
| full build | {res['build_seconds']} s ({res['build_chars_per_second']:,} chars/s) |
| build time / jieba time | {res['build_over_jieba']}× (target ≤ 3×) |
| peak memory of the build (largest process) | {peak_mb} MB |
| rebuild after touching one report (cache warm) | {res['rebuild_after_touching_one_seconds']} s (target < 5 s) |
| rebuild with nothing changed | {res['rebuild_unchanged_seconds']} s |
"""
    write_section(ROOT / "docs" / "performance.md", "Build", body)
    print(json.dumps(res, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
