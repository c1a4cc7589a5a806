"""What a user waits for on a corpus store: plain SPARQL (no DISTINCT, no path tricks), every
kind of ``kg viz`` page, and ``kg validate``, each run as the user runs it (a ``kg`` command
in a fresh process, output discarded), median of ``--runs``.

Not run by CI. Build the corpus store first, then::

    kg build ../shared/corpus/cities --store out/corpus-store -o out/corpus.nq
    python benchmarks/bench_store.py out/corpus-store --write docs/performance.md

The viz parameters are picked from the store itself (the region with most reports, the
enterprise named in most reports, the year with most observations), never from the seeds.
Writes benchmarks/results/store.json and the "Store" section of ``--write``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import write_section  # noqa: E402

KG = [sys.executable, "-c", "from kg.cli import main; main()"]

# Plain user queries: the ones tests/test_same_rows.py runs on the file, TriG, N-Quads, store
# and server and compares row for row; timed here on the corpus store.
sys.path.insert(0, str(ROOT / "tests"))
from test_same_rows import PLAIN as _SAME_ROWS  # noqa: E402

PLAIN = {what: _SAME_ROWS[name] for what, name in [
    ("observations with labels, value, unit, growth (issue 12)", "observations"),
    ("observations per region label", "observations_per_region"),
    ("project stages with labels", "project_stages"),
    ("policies with their reports' regions", "policy_mentions"),
    ("region hierarchy", "region_hierarchy"),
]}

PICK = {
    "region": """SELECT ?l (COUNT(?rep) AS ?n) WHERE { ?rep a ckg:Report ; ckg:region ?r . ?r rdfs:label ?l }
                 GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1""",
    "enterprise": """SELECT ?l (COUNT(?rep) AS ?n) WHERE { ?e a ckg:Enterprise ; rdfs:label ?l ; ckg:mentionedIn ?rep }
                     GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1""",
    "year": """SELECT ?y (COUNT(?o) AS ?n) WHERE { ?o a ckg:Observation ; ckg:year ?y }
               GROUP BY ?y ORDER BY DESC(?n) ?y LIMIT 1""",
}


def timed(cmd: list[str], runs: int, timeout: float) -> dict:
    """Median wall time of ``runs`` runs of ``cmd`` (stdout discarded), and its exit code."""
    times, code, err = [], 0, ""
    for _ in range(runs):
        t = time.perf_counter()
        try:
            p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"seconds": None, "note": f"> {timeout:.0f} s"}
        times.append(time.perf_counter() - t)
        code, err = p.returncode, p.stderr.strip().splitlines()[-1:] if p.stderr.strip() else []
    return {"seconds": statistics.median(times), "runs": times, "exit": code,
            "last_stderr": err[0] if err else ""}


def pick(store: Path) -> dict[str, str]:
    from kg.query.run import run_local
    from kg.store import open_graph

    g = open_graph(store)
    out = {}
    for name, q in PICK.items():
        rows = run_local(g, q).rows
        out[name] = rows[0][0].value if rows else ""
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--skip", nargs="*", default=[], choices=["plain", "viz", "validate"])
    ap.add_argument("--write", type=Path, help="replace the 'Store' section of this Markdown file")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "store.json")
    args = ap.parse_args()

    load_start = os.getloadavg()
    params = pick(args.store)
    print(f"picked from the store: {params}", flush=True)
    rows: list[tuple[str, str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if "plain" not in args.skip:
            for name, q in PLAIN.items():
                r = timed([*KG, "query", q, "--store", str(args.store), "--format", "csv"], args.runs, args.timeout)
                rows.append(("plain query", name, r))
                print(f"plain query {name}: {r}", flush=True)
        if "viz" not in args.skip:
            views = {
                "whole-corpus overview": [],
                f"--region {params['region']}": ["--region", params["region"]],
                f"--focus {params['enterprise']} --hops 2": ["--focus", params["enterprise"], "--hops", "2"],
                f"--year {params['year']}": ["--year", params["year"]],
            }
            for name, extra in views.items():
                page = Path(tmp) / "view.html"
                r = timed([*KG, "viz", str(args.store), "-o", str(page), *extra], args.runs, args.timeout)
                r["page_mb"] = page.stat().st_size / 1e6 if page.exists() else None
                rows.append(("kg viz", name, r))
                print(f"kg viz {name}: {r}", flush=True)
        if "validate" not in args.skip:
            r = timed([*KG, "validate", str(args.store)], args.runs, args.timeout)
            rows.append(("kg validate", "whole store, default shapes", r))
            print(f"kg validate: {r}", flush=True)
    load_end = os.getloadavg()

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"date": date.today().isoformat(), "machine": machine, "store": str(args.store),
                                     "load_start": load_start, "load_end": load_end, "params": params,
                                     "rows": [{"what": w, "case": c, **r} for w, c, r in rows]},
                                    ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [f"Measured by `benchmarks/bench_store.py` on {date.today().isoformat()}: {machine}; "
             f"store {args.store.name}. Each line is one `kg` command in a fresh process (start-up included), "
             f"output discarded, median of {args.runs}. Load average (1 / 5 min) "
             f"{load_start[0]:.1f} / {load_start[1]:.1f} at the start, {load_end[0]:.1f} / {load_end[1]:.1f} at the end. "
             f"Parameters picked from the store: {', '.join(f'{k} {v}' for k, v in params.items())}.\n",
             "| command | case | median | runs | note |", "|---|---|---:|---|---|"]
    for what, case, r in rows:
        med = f"{r['seconds']:.2f} s" if r.get("seconds") is not None else r.get("note", "")
        runs = ", ".join(f"{t:.2f}" for t in r.get("runs", []))
        note = f"page {r['page_mb']:.1f} MB" if r.get("page_mb") else ""
        if r.get("exit"):
            note += f" exit {r['exit']}: {r.get('last_stderr', '')}"
        lines.append(f"| {what} | {case} | {med} | {runs} | {note.strip()} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(args.write, "Store", text)


if __name__ == "__main__":
    main()
