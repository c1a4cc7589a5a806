"""Benchmark every canned query: the embedded pyoxigraph store against rdflib's in-memory store.

Not run by CI. Build the corpus graph first, then::

    kg build /work/shared/corpus/cities -o out/corpus.nq --store out/corpus-store
    python benchmarks/bench_queries.py --store out/corpus-store --graph out/corpus.nq \
        --write docs/performance.md

Both engines answer the same query text (parameters bound the same way) in one run. The
embedded store is opened read-only, as ``kg query --store`` does (with its label index, if
the store has one: ``python -c 'from kg.store import index_store; index_store(DIR)'`` adds
it to a store built before the index existed). Each query runs with its example parameters
and, where the question still makes sense without them, with none. Store queries run in a
child process killed at ``--timeout``; rdflib loads the same quads into a ``Dataset`` with
``default_union=True`` (the union default graph our queries expect) once, and each rdflib
query runs in a forked child killed at ``--rdflib-timeout``, so one runaway query does not
stop the run. Parameters are chosen from the graph itself (the region with most reports, the
enterprise with most projects ...), never from the seeds or the gold. Results also go to
``--json`` (default benchmarks/results/queries.json).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_build import write_section  # noqa: E402
from kg.query import list_queries  # noqa: E402
from kg.query.run import declare_prefixes, run_local  # noqa: E402
from kg.store import open_graph  # noqa: E402

# Parameters whose meaning differs between queries ("kind" is actual/target for
# observations, a policy kind for policies), or a value that makes a better test.
PER_QUERY = {("shared_policies", "kind"): "Strategy", ("policy_timeline", "policy"): "乡村振兴"}
# Queries whose question needs its parameter (an entity, a name to search for): no run
# without parameters.
NEEDS_PARAMS = {"entity_card", "search_labels", "project_history", "policy_timeline", "enterprise_projects"}
# The previous measurement, same store (docs/performance.md before the label-index rewrite;
# 5 runs, median; "> 9 s": the 5 runs took more than 45 s).
BEFORE = {
    ("indicator_by_region_year", True): "0.33 s", ("indicator_by_region_year", False): "1.13 s (indicator only)",
    ("growth_ranking", True): "1.23 s", ("growth_ranking", False): "2.21 s",
    ("enterprise_projects", True): "2.12 s", ("project_history", True): "≈ 15 s",
    ("reports", True): "4.46 s", ("reports", False): "5.91 s", ("entity_card", True): "7.75 s",
    ("largest_projects", True): "> 9 s", ("largest_projects", False): "> 9 s",
    ("search_labels", True): "> 9 s", ("targets_vs_actuals", True): "> 9 s", ("targets_vs_actuals", False): "> 9 s",
    ("enterprises_most_projects", True): "> 9 s", ("projects_by_status_year", True): "> 9 s",
    ("shared_policies", True): "> 9 s", ("policy_timeline", True): "> 9 s",
}


def pick_params(store: ox.Store) -> dict[str, str]:
    """Typical parameter values, read from the graph being measured."""
    def one(q: str, default: str) -> str:
        rows = run_local(store, q).rows
        return rows[0][0].value if rows and rows[0][0] is not None else default

    region = one("SELECT (STR(SAMPLE(?l)) AS ?x) (COUNT(DISTINCT ?rep) AS ?n) WHERE { ?rep a ckg:Report ; ckg:region ?r . "
                 "?r rdfs:label ?l } GROUP BY ?r ORDER BY DESC(?n) LIMIT 1", "")
    year = one("SELECT (STR(?y) AS ?x) (COUNT(*) AS ?n) WHERE { ?rep ckg:reviewYear ?y } GROUP BY ?y "
               "ORDER BY DESC(?n) LIMIT 1", "2020")
    enterprise = one("SELECT (STR(SAMPLE(?l)) AS ?x) (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p ckg:enterprise ?e . "
                     "?e rdfs:label ?l } GROUP BY ?e ORDER BY DESC(?n) LIMIT 1", "")
    # Cheap picks (LIMIT, no GROUP BY over every project or policy): any project with two
    # stages, any policy mentioned by two reports.
    project = one("SELECT (STR(?l) AS ?x) WHERE { ?p ckg:stage ?s1, ?s2 ; rdfs:label ?l FILTER(?s1 != ?s2) } LIMIT 1", "")
    policy = one("SELECT (STR(?l) AS ?x) WHERE { ?p a ckg:Policy ; rdfs:label ?l ; ckg:mentionedIn ?r1, ?r2 "
                 "FILTER(?r1 != ?r2) } LIMIT 1", "")
    indicator = one("SELECT (STR(SAMPLE(?l)) AS ?x) (COUNT(?o) AS ?n) WHERE { ?o ckg:indicator ?i . "
                    "?i skos:prefLabel ?l FILTER(LANG(?l) = 'zh') } GROUP BY ?i ORDER BY DESC(?n) LIMIT 1", "地区生产总值")
    return {"region": region, "year": year, "enterprise": enterprise, "project": project,
            "policy": policy, "indicator": indicator, "entity": enterprise, "text": "新能源",
            "kind": "actual", "status": "Completed", "type": "Project", "level": "City"}


def bound_queries(store: ox.Store) -> list[tuple[str, str, dict[str, str]]]:
    values = pick_params(store)
    out = []
    for q in list_queries():
        wanted = q.examples[0] if q.examples else {}
        params = {k: PER_QUERY.get((q.name, k), values.get(k)) for k in wanted}
        params = {k: v for k, v in params.items() if v}
        out.append((q.name, q.bind(params), params))
        if params and q.name not in NEEDS_PARAMS:
            out.append((q.name, q.bind({}), {}))
    return out


def _oxigraph_child(store_dir: str, text: str, repeat: int, conn) -> None:
    store = open_graph(store_dir)
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = len(run_local(store, text).rows)   # label index lookups included
        times.append(time.perf_counter() - t0)
    conn.send((statistics.median(times), n, times))


def _in_child(method: str, target, args: tuple, timeout: float, timed_out):
    """Run ``target(*args, conn)`` in a child process; what it sends, or ``timed_out`` when
    nothing comes within ``timeout`` seconds (the child is then killed)."""
    ctx = mp.get_context(method)
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(*args, child))
    proc.start()
    if parent.poll(timeout):
        result = parent.recv()
        proc.join()
        return result
    proc.kill()
    proc.join()
    return timed_out


def time_oxigraph(store_dir: Path, text: str, repeat: int, timeout: float):
    """Median of ``repeat`` runs in a fresh process (the store opened as kg query does);
    (None, None, None) when the runs take longer than ``timeout`` in all."""
    return _in_child("spawn", _oxigraph_child, (str(store_dir), text, repeat), timeout, (None, None, None))


def _rdflib_child(ds, text: str, repeat: int, conn) -> None:
    text = declare_prefixes(text)  # rdflib knows none of our default prefixes
    times, n = [], 0
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            n = len(list(ds.query(text)))
            times.append(time.perf_counter() - t0)
            if sum(times) > 10:  # slow: fewer repeats
                break
    except Exception as e:  # rdflib cannot evaluate it: say so, not "timed out"
        conn.send((None, f"error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"))
        return
    conn.send((statistics.median(times), n))


def time_rdflib(ds, text: str, repeat: int, timeout: float) -> tuple[float | None, int | None]:
    # forked: the child shares the loaded Dataset copy-on-write
    return _in_child("fork", _rdflib_child, (ds, text, repeat), timeout, (None, None))


def load_rdflib(graph_file: Path):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    fmt = {".nq": "nquads", ".trig": "trig", ".nt": "nt", ".ttl": "turtle"}[graph_file.suffix]
    ds.parse(str(graph_file), format=fmt)
    return ds


def rss_gb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def fmt_s(x: float | None, timeout: float) -> str:
    if x is None:
        return f"> {timeout:g} s"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="store dir written by kg build --store")
    ap.add_argument("--graph", type=Path, help="the same graph as a file (.nq .trig), for rdflib")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60, help="cut-off for the store's runs of one query")
    ap.add_argument("--rdflib-timeout", type=float, default=120)
    ap.add_argument("--only", nargs="*", help="only these queries")
    ap.add_argument("--write", type=Path, help="replace the 'Queries' section of this Markdown file")
    ap.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "queries.json")
    args = ap.parse_args()

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    store = open_graph(args.store)
    open_s = time.perf_counter() - t0
    n_quads = len(store)
    queries = [q for q in bound_queries(store) if not args.only or q[0] in args.only]
    del store
    rows = []
    for name, text, params in queries:
        ox_s, ox_n, runs = time_oxigraph(args.store, text, args.repeat, args.timeout)
        rows.append({"name": name, "params": params, "ox": ox_s, "ox_n": ox_n, "ox_runs": runs,
                     "load": os.getloadavg()[0]})
        print(f"oxigraph {name:28s} {fmt_s(ox_s, args.timeout)}  {ox_n} rows  load {os.getloadavg()[0]:.1f}",
              file=sys.stderr, flush=True)

    rdflib_note = "not measured (no --graph given)"
    if args.graph:
        before = rss_gb()
        t0 = time.perf_counter()
        ds = load_rdflib(args.graph)
        load_s = time.perf_counter() - t0
        rdflib_note = (f"rdflib {__import__('rdflib').__version__} `Dataset(default_union=True)` loaded "
                       f"{args.graph.name} in {load_s:.0f} s, using {rss_gb() - before:.1f} GB more memory")
        print(rdflib_note, file=sys.stderr)
        for r, (name, text, _) in zip(rows, queries):
            r["rdf"], r["rdf_n"] = time_rdflib(ds, text, args.repeat, args.rdflib_timeout)
            print(f"rdflib   {name:28s} {fmt_s(r['rdf'], args.rdflib_timeout)}  {r['rdf_n']} rows",
                  file=sys.stderr, flush=True)

    load_after = os.getloadavg()
    args.load = (load_before, load_after)
    section = render(rows, n_quads, open_s, rdflib_note, args)
    print(section)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "date": time.strftime("%Y-%m-%d %H:%M"), "store": str(args.store), "quads": n_quads,
            "graph": str(args.graph) if args.graph else None, "repeat": args.repeat,
            "timeout_s": args.timeout, "rdflib_timeout_s": args.rdflib_timeout, "rdflib": rdflib_note,
            "load_average_before": load_before, "load_average_after": load_after,
            "pyoxigraph": ox.__version__, "queries": rows,
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.write:
        write_section(args.write, "Queries", section)


def render(rows, n_quads, open_s, rdflib_note, args) -> str:
    done_ox = [r for r in rows if r["ox"] is not None]
    (b1, b5, _), (a1, a5, _) = args.load
    lines = [
        f"Measured by `benchmarks/bench_queries.py` on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}. Graph: `{args.store}` ({n_quads:,} quads; opened read-only in "
        f"{open_s:.2f} s). Load average (1 min / 5 min) {b1:.1f} / {b5:.1f} at the start, {a1:.1f} / {a5:.1f} "
        f"at the end; the load when each query finished is in the JSON. Embedded store: median of "
        f"{args.repeat} runs, each query in a fresh process as `kg query --store` runs it (label index "
        f"lookups included), cut off at {args.timeout:g} s for all runs. Parameters picked from the graph "
        f"itself; \"—\" = no parameters. Before = the measurement of 2026-11-23 on the "
        f"store of the same corpus built then (one graph per report restating shared facts; before the "
        f"label index and the planner).",
        "", f"rdflib: {rdflib_note}.", "",
        "| query | parameters | before | embedded store (pyoxigraph) | rows | rdflib in-memory | rows | rdflib / pyoxigraph |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        p = ", ".join(f"{k}={v}" for k, v in r["params"].items()) or "—"
        before = BEFORE.get((r["name"], bool(r["params"])), "—")
        rdf, ox_s = r.get("rdf"), r["ox"]
        has_rdf = "rdf" in r
        failed = has_rdf and isinstance(r.get("rdf_n"), str)   # rdflib raised an error
        if not has_rdf or ox_s is None or failed:
            ratio = "—"
        elif rdf:
            ratio = f"{rdf / ox_s:.0f}×" if rdf / ox_s >= 1.5 else f"{rdf / ox_s:.1f}×"
        else:
            ratio = f"> {args.rdflib_timeout / ox_s:.0f}×"
        rdf_rows = r.get("rdf_n") if has_rdf and r.get("rdf_n") is not None else "—"
        lines.append(f"| {r['name']} | {p} | {before} | {fmt_s(ox_s, args.timeout)} | "
                     f"{r['ox_n'] if r['ox_n'] is not None else '—'} | "
                     f"{r['rdf_n'] if failed else fmt_s(rdf, args.rdflib_timeout) if has_rdf else '—'} | "
                     f"{'—' if failed else rdf_rows} | {ratio} |")
    under = [r for r in done_ox if r["ox"] < 1]
    with_params = [r for r in rows if r["params"] or r["name"] not in {x["name"] for x in rows if x["params"]}]
    lines += ["", f"Under 1 s on the embedded store: {len(under)} of {len(rows)} runs; with the example "
              f"parameters {sum(1 for r in with_params if r['ox'] is not None and r['ox'] < 1)} of "
              f"{len(with_params)} queries."]
    if done_ox:
        lines.append(f"Median over all runs, embedded store: {statistics.median(r['ox'] for r in done_ox) * 1000:.0f} ms.")
    done = [r for r in rows if r.get("rdf") and r["ox"]]
    if done:
        ratios = sorted(r["rdf"] / r["ox"] for r in done)
        lines.append(f"rdflib / pyoxigraph, median ratio over the {len(done)} runs rdflib finished: "
                     f"{statistics.median(ratios):.0f}× (range {ratios[0]:.1f}×–{ratios[-1]:.0f}×); "
                     f"{sum(1 for r in rows if 'rdf' in r and r['rdf'] is None and not isinstance(r.get('rdf_n'), str))} rdflib runs cut off at "
                     f"{args.rdflib_timeout:g} s.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
