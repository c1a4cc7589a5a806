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


def timed(cmd: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, its workers included) of a
    child process. CPU time says what the work costs when other jobs share the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode not in (0, 3):
        raise SystemExit(f"build failed: {r.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, max(after.ru_maxrss, before.ru_maxrss) // 1024, cpu


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
    tmp = md.with_suffix(".tmp")  # a run stopped mid-write leaves the old file whole
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, md)


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
    out, nq, store, cache = work / "graph.nt", work / "graph.nq", work / "store", work / "cache"

    def kg_build(*outputs: Path, store_dir: Path | None = None, summary: bool = True) -> list[str]:
        cmd = [*KG, "build", str(src), "-j", str(a.jobs), "--cache", str(cache), "-q"]
        for o in outputs:
            cmd += ["-o", str(o)]
        return cmd + (["--store", str(store_dir)] if store_dir else []) + ([] if summary else ["--no-view-summary"])

    load_start = os.getloadavg()[0]
    full_s, peak_mb, full_cpu = timed(kg_build(out))
    triples = sum(1 for _ in out.open(encoding="utf-8"))
    reports = sorted(src.rglob("*.md"))

    def touch(i: int) -> None:
        """An edit that names nothing new: a closing sentence added."""
        f = reports[(len(files) // 2 + i) % len(reports)]
        f.write_text(f.read_text(encoding="utf-8") + f"\n各位代表，让我们团结奋斗！{i}\n", encoding="utf-8")

    def rename(i: int) -> None:
        """An edit that changes how entities fold: 有限公司 spelled 有限责任公司 in one report."""
        for f in reports[i * 7 % len(reports):] + reports:
            text = f.read_text(encoding="utf-8")
            if "有限公司" in text:
                f.write_text(text.replace("有限公司", "有限责任公司"), encoding="utf-8")
                return

    def median_of(edit, cmd, n: int = 3) -> float:
        times = []
        for i in range(n):
            edit(i)
            times.append(timed(cmd)[0])
        return sorted(times)[n // 2]

    noop_s = timed(kg_build(out))[0]
    incr_s = median_of(touch, kg_build(out))
    refold_s = median_of(rename, kg_build(out))
    timed(kg_build(out, nq, store_dir=store))  # the N-Quads file and the store, once in full
    incr_all_s = median_of(lambda i: touch(10 + i), kg_build(out, nq, store_dir=store))
    incr_all_bare_s = median_of(lambda i: touch(20 + i), kg_build(out, nq, store_dir=store, summary=False))

    res = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "files": len(files), "characters": chars, "jobs": a.jobs, "triples": triples,
        "jieba_seconds": round(jieba_s, 2), "jieba_chars_per_second": round(chars / jieba_s),
        "build_seconds": round(full_s, 2), "build_chars_per_second": round(chars / full_s),
        "build_over_jieba": round(full_s / jieba_s, 2), "build_cpu_seconds": round(full_cpu, 2),
        "peak_rss_mb": peak_mb, "load_average_at_start": load_start,
        "rebuild_unchanged_seconds": round(noop_s, 2),
        "rebuild_after_touching_one_seconds": round(incr_s, 2),
        "rebuild_after_renaming_in_one_seconds": round(refold_s, 2),
        "rebuild_after_touching_one_nt_nq_store_seconds": round(incr_all_s, 2),
        "rebuild_after_touching_one_nt_nq_store_no_view_summary_seconds": round(incr_all_bare_s, 2),
        "load_average_after": os.getloadavg()[0],
    }
    (ROOT / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "benchmarks" / "results" / "build.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    body = f"""Measured by `benchmarks/bench_build.py` on {res['machine']}: {res['files']} reports,
{chars:,} characters, `kg build -j {a.jobs}` to N-Triples ({triples:,} triples), fresh cache.
Rebuilds: the same command with the cache warm, median of 3 (load average
{load_start:.1f} at the start, {res['load_average_after']:.1f} at the end).

| measure | value |
|---|---|
| jieba `lcut` of the same text, one process (reference) | {res['jieba_seconds']} s ({res['jieba_chars_per_second']:,} chars/s) |
| full build | {res['build_seconds']} s ({res['build_chars_per_second']:,} chars/s) |
| build time / jieba time | {res['build_over_jieba']}× (issue 12's target ≤ 1.0×) |
| CPU time of the build (user + system, workers included) | {res['build_cpu_seconds']} s |
| peak memory of the build (largest process) | {peak_mb} MB |
| rebuild with nothing changed | {res['rebuild_unchanged_seconds']} s |
| rebuild after touching one report (a sentence added) | {res['rebuild_after_touching_one_seconds']} s (target < 5 s) |
| rebuild after an edit that renames entities in one report (every report folded again) | {res['rebuild_after_renaming_in_one_seconds']} s |
| rebuild after touching one report, writing N-Triples, N-Quads and the store (its view summary made again) | {res['rebuild_after_touching_one_nt_nq_store_seconds']} s |
| the same with `--no-view-summary` | {res['rebuild_after_touching_one_nt_nq_store_no_view_summary_seconds']} s |

How: an unchanged file is recognised by size and mtime and not read; the edited report is
extracted again; if its fold inputs (names, scopes, kinds, statuses) are as before, only its
graph block is made again, with the entity view it had; otherwise every report is folded
again from stored fold inputs and only reports whose view changed get new blocks. The
N-Triples union is updated in place (kernel copies of the unchanged byte ranges), the
N-Quads file is the blocks copied one after the other, and the store replaces only changed
graphs (docs/architecture.md, "Incremental builds").
"""
    write_section(ROOT / "docs" / "performance.md", "Build", body)
    print(json.dumps(res, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
