"""How long a whole-corpus view takes: Python (read, select, aggregate, layout, write) and
headless Chromium (open from disk offline until vis-network has drawn).

    .venv/bin/python benchmarks/bench_viz.py                      # synthetic corpus-sized graph
    .venv/bin/python benchmarks/bench_viz.py --graph corpus.ttl   # a real build of shared/corpus

The synthetic graph follows CONTRACT.md at the corpus's scale (266 cities, 5 reports each,
entities repeated across years, ~60 observations a report: about a million triples), so the
number is known before the extractors find that much. Results (and screenshots) go to
benchmarks/results/ (git-ignored); docs/views.md keeps the numbers.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CKG = "https://w3id.org/county-kg/ontology#"
CKR = "https://w3id.org/county-kg/id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


def synthetic_graph(path: Path, cities: int = 266, years: int = 5, seed: int = 1) -> int:
    """Write an N-Triples graph shaped like a corpus build; returns the triple count."""
    rnd = random.Random(seed)
    lines: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .")

    def lit(v: object, dt: str | None = None) -> str:
        s = json.dumps(str(v), ensure_ascii=False)
        return f"{s}^^<{XSD}{dt}>" if dt else s

    indicators = [f"{CKR}indicator/i{k}" for k in range(22)]
    for k, ind in enumerate(indicators):
        t(ind, TYPE, f"<{CKG}Indicator>")
        t(ind, f"{SKOS}prefLabel", lit(f"指标{k}"))
    provinces = [f"{CKR}region/p{k}" for k in range(31)]
    for k, p in enumerate(provinces):
        t(p, TYPE, f"<{CKG}Region>")
        t(p, f"{RDFS}label", lit(f"省{k}"))
    for c in range(cities):
        city = f"{CKR}region/c{c}"
        t(city, TYPE, f"<{CKG}Region>")
        t(city, f"{RDFS}label", lit(f"城市{c}市"))
        t(city, f"{CKG}partOf", f"<{provinces[c % 31]}>")
        for k in range(8):
            county = f"{CKR}region/c{c}_{k}"
            t(county, TYPE, f"<{CKG}Region>")
            t(county, f"{RDFS}label", lit(f"城市{c}县{k}"))
            t(county, f"{CKG}partOf", f"<{city}>")
        pools = {kind: [f"{CKR}{kind}/c{c}_{i}" for i in range(n)]
                 for kind, n in (("project", 90), ("enterprise", 30), ("policy", 75))}
        for y in range(years):
            year = 2019 + y
            rep = f"{CKR}report/城市{c}市-{year}"
            t(rep, TYPE, f"<{CKG}Report>")
            t(rep, f"{CKG}region", f"<{city}>")
            t(rep, f"{CKG}reviewYear", lit(year - 1, "gYear"))
            t(rep, f"{CKG}planYear", lit(year, "gYear"))
            t(rep, f"{CKG}reportType", f"<{CKG}WorkReport>")
            for kind, n, cls in (("project", 30, "Project"), ("enterprise", 10, "Enterprise"), ("policy", 25, "Policy")):
                for e in rnd.sample(pools[kind], n):
                    t(e, TYPE, f"<{CKG}{cls}>")
                    t(e, f"{RDFS}label", lit(f"{cls}{e.rsplit('/', 1)[1]}"))
                    t(e, f"{CKG}region", f"<{city}>")
                    t(e, f"{CKG}mentionedIn", f"<{rep}>")
                    t(e, f"{CKG}evidence", lit(f"第{year}年报告里关于{e.rsplit('/', 1)[1]}的一句话。"))
            for ind in rnd.sample(indicators, 15):
                for kind, yy in (("Actual", year - 1), ("Target", year)):
                    o = f"{CKR}obs/c{c}_{year}_{ind.rsplit('/', 1)[1]}_{kind}"
                    t(o, TYPE, f"<{CKG}Observation>")
                    t(o, f"{CKG}region", f"<{city}>")
                    t(o, f"{CKG}indicator", f"<{ind}>")
                    t(o, f"{CKG}year", lit(yy, "gYear"))
                    t(o, f"{CKG}kind", f"<{CKG}{kind}>")
                    t(o, f"{CKG}value", lit(round(rnd.uniform(1, 900), 1), "decimal"))
                    t(o, f"{CKG}unit", lit("亿元"))
                    t(o, f"{CKG}growthRate", lit(round(rnd.uniform(-3, 12), 1), "decimal"))
                    t(o, f"{PROV}wasDerivedFrom", f"<{rep}>")
                    t(o, f"{CKG}evidence", lit("地区生产总值完成181.5亿元，同比增长5.8%"))
    lines = sorted(set(lines))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def open_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from fixtures.browser import FLAGS, Browser

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + [f"--user-data-dir={tempfile.mkdtemp(prefix='kg-bench-')}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return Browser(driver)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, help="graph file or store (default: a synthetic corpus-sized graph)")
    ap.add_argument("--cities", type=int, default=266)
    ap.add_argument("--max-nodes", type=int, default=2000)
    ap.add_argument("--region", help="region for the region and focus views (synthetic: 城市7市)")
    ap.add_argument("--runs", type=int, default=3, help="browser opens to time (the median is reported)")
    args = ap.parse_args()

    from kg.store import open_graph
    from kg.viz import ViewOptions, write_view

    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    src = args.graph
    if src is None:
        src = results / f"synthetic_{args.cities}.nt"
        t = time.perf_counter()
        n = synthetic_graph(src, args.cities)
        print(f"synthetic graph: {n:,} triples in {time.perf_counter() - t:.1f} s -> {src}")
    t = time.perf_counter()
    store = open_graph(src)
    load_s = time.perf_counter() - t
    print(f"load: {len(store):,} quads in {load_s:.1f} s")
    browser = open_browser()
    region = args.region or ("城市7市" if args.graph is None else None)
    views = {"whole (default)": ViewOptions(max_nodes=args.max_nodes)}
    if region:
        views[f"--region {region}"] = ViewOptions(regions=(region,), max_nodes=args.max_nodes)
        views[f"--focus {region} --hops 2"] = ViewOptions(focus=region, hops=2, max_nodes=args.max_nodes)
    rows = []
    try:
        for name, opts in views.items():
            out = results / f"view_{len(rows)}.html"
            t = time.perf_counter()
            r = write_view(store, out, opts)
            py_s = time.perf_counter() - t
            draws = []
            for _ in range(args.runs):
                visit = browser.open(out, timeout=120)
                assert visit.drawn and not visit.external_requests, visit
                draws.append(visit.draw_ms / 1000)
            browser.screenshot(f"bench_{len(rows)}")
            draws.sort()
            rows.append((name, r.nodes, r.edges, py_s, draws[len(draws) // 2], out.stat().st_size / 1e6, r.seconds))
            print(f"{name}: {r.nodes} nodes, {r.edges} edges; python {py_s:.1f} s {r.seconds}; "
                  f"chromium draw {draws[len(draws) // 2]:.2f} s (median of {len(draws)}); "
                  f"{out.stat().st_size / 1e6:.1f} MB; note: {r.note or '-'}")
    finally:
        browser.driver.quit()
    print("\n| view | nodes | edges | Python (s) | Chromium draw (s) | page (MB) |\n|---|---|---|---|---|---|")
    for name, nodes, edges, py_s, draw_s, mb, _ in rows:
        print(f"| {name} | {nodes:,} | {edges:,} | {py_s:.1f} | {draw_s:.2f} | {mb:.1f} |")


if __name__ == "__main__":
    main()
