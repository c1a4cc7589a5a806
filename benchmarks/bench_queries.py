"""Benchmark every canned query: the embedded pyoxigraph store against rdflib's in-memory store.

Not run by CI. Build the corpus graph first, then::

    kg build /work/shared/corpus/cities -o out/corpus.nq --store out/corpus-store
    python benchmarks/bench_queries.py --store out/corpus-store --graph out/corpus.nq \
        --write docs/performance.md

Both engines answer the same query text (parameters bound the same way) in one run. The
embedded store is opened read-only, as ``kg query --store`` does. rdflib loads the same
quads into a ``Dataset`` with ``default_union=True`` (the union default graph our queries
expect); each rdflib query runs in a forked child that is killed at ``--rdflib-timeout``, so
one runaway query (rdflib's planner builds cross products on some joins) does not stop the
run. Parameters are chosen from the graph itself (the region with most reports, the
enterprise with most projects ...), never from the seeds or the gold.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.query import list_queries  # noqa: E402
from kg.query.run import PREFIXES, run_local  # noqa: E402
from kg.store import open_graph  # noqa: E402

SECTION = "## Queries"
# Parameters whose meaning differs between queries ("kind" is actual/target for
# observations, a policy kind for policies).
PER_QUERY = {("shared_policies", "kind"): "Strategy"}


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
                    "?i skos:prefLabel ?l } GROUP BY ?i ORDER BY DESC(?n) LIMIT 1", "地区生产总值")
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
    return out


def time_oxigraph(store: ox.Store, text: str, repeat: int) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = len(run_local(store, text).rows)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


def _rdflib_child(ds, text: str, repeat: int, conn) -> None:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()
                       if not re.search(rf"(?im)^\s*PREFIX\s+{p}:", text))
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = len(list(ds.query(prologue + text)))
        times.append(time.perf_counter() - t0)
        if sum(times) > 30:  # slow: fewer repeats
            break
    conn.send((statistics.median(times), n))


def time_rdflib(ds, text: str, repeat: int, timeout: float) -> tuple[float | None, int | None]:
    ctx = mp.get_context("fork")  # the child shares the loaded Dataset copy-on-write
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_rdflib_child, args=(ds, text, repeat, child))
    proc.start()
    if parent.poll(timeout):
        result = parent.recv()
        proc.join()
        return result
    proc.kill()
    proc.join()
    return None, None


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
        return f"> {timeout:g} s (killed)"
    return f"{x * 1000:.1f} ms" if x < 10 else f"{x:.1f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="store dir written by kg build --store")
    ap.add_argument("--graph", type=Path, help="the same graph as a file (.nq .trig), for rdflib")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib-timeout", type=float, default=120)
    ap.add_argument("--write", type=Path, help="replace the '## Queries' section of this Markdown file")
    args = ap.parse_args()

    t0 = time.perf_counter()
    store = open_graph(args.store)
    n_quads = len(store)
    open_s = time.perf_counter() - t0
    queries = bound_queries(store)
    rows = []
    for name, text, params in queries:
        ox_s, ox_n = time_oxigraph(store, text, args.repeat)
        rows.append({"name": name, "params": params, "ox": ox_s, "ox_n": ox_n})
        print(f"oxigraph {name:28s} {ox_s * 1000:9.1f} ms  {ox_n} rows", file=sys.stderr)

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
            print(f"rdflib   {name:28s} {fmt_s(r['rdf'], args.rdflib_timeout)}  {r['rdf_n']} rows", file=sys.stderr)

    section = render(rows, n_quads, open_s, rdflib_note, args)
    print(section)
    if args.write:
        replace_section(args.write, section)


def render(rows, n_quads, open_s, rdflib_note, args) -> str:
    med = statistics.median(r["ox"] for r in rows)
    lines = [
        SECTION, "",
        f"Measured by `benchmarks/bench_queries.py` on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, pyoxigraph {ox.__version__}. "
        f"Graph: `{args.store}` ({n_quads:,} quads; opened read-only in {open_s:.2f} s). "
        f"Median of {args.repeat} runs per query; parameters picked from the graph itself.",
        "", f"rdflib: {rdflib_note}.", "",
        "| query | parameters | embedded store (pyoxigraph) | rows | rdflib in-memory | rows | rdflib / pyoxigraph |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        p = ", ".join(f"{k}={v}" for k, v in r["params"].items()) or "—"
        rdf = r.get("rdf")
        has_rdf = "rdf" in r
        ratio = (f"{rdf / r['ox']:.0f}×" if rdf else (f"> {args.rdflib_timeout / r['ox']:.0f}×" if has_rdf else "—"))
        lines.append(f"| {r['name']} | {p} | {fmt_s(r['ox'], 0)} | {r['ox_n']} | "
                     f"{fmt_s(rdf, args.rdflib_timeout) if has_rdf else '—'} | {r.get('rdf_n') if has_rdf and r.get('rdf_n') is not None else '—'} | {ratio} |")
    lines += ["", f"Median over all canned queries, embedded store: {med * 1000:.1f} ms; slowest: "
              f"{max(rows, key=lambda r: r['ox'])['name']} ({max(r['ox'] for r in rows) * 1000:.0f} ms)."]
    done = [r for r in rows if r.get("rdf")]
    if done:
        ratios = sorted(r["rdf"] / r["ox"] for r in done)
        lines.append(f"rdflib / pyoxigraph, median ratio over the {len(done)} queries rdflib finished: "
                     f"{statistics.median(ratios):.0f}× (range {ratios[0]:.0f}×–{ratios[-1]:.0f}×); "
                     f"{sum(1 for r in rows if 'rdf' in r and r['rdf'] is None)} killed at {args.rdflib_timeout:g} s.")
    return "\n".join(lines) + "\n"


def replace_section(path: Path, section: str) -> None:
    """Swap our '## Queries' section in, leaving every other section (e.g. Build) as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
