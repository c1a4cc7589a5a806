"""Export a graph file or store to another RDF format, or observations to CSV.

RDF formats round-trip: TriG, N-Quads and JSON-LD keep the named graphs (one per report);
Turtle and N-Triples hold the union of all graphs, each triple once. CSV is one row per
observation, for pandas or a spreadsheet. Every output is written to a temp file and
renamed into place, so a failed export never leaves half a file.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_write
from kg.query.run import PREFIXES, run_local
from kg.store import RDF_FORMATS, dump, open_graph

FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "csv")
RDF_EXPORT = {ext: RDF_FORMATS[ext] for ext in FORMATS if ext != "csv"}

CSV_COLUMNS = ["region", "year", "indicator", "kind", "value", "unit", "value_in_base_unit",
               "growth", "rank", "qualifier", "report", "evidence"]

# One row per observation: SAMPLE guards against a value repeated in several graphs.
OBSERVATIONS_QUERY = """
SELECT ?obs (SAMPLE(?rl) AS ?region) (SAMPLE(?y) AS ?year) (SAMPLE(?il) AS ?indicator)
       (SAMPLE(?k) AS ?kind) (SAMPLE(?v) AS ?value) (SAMPLE(?u) AS ?unit)
       (SAMPLE(?b) AS ?value_in_base_unit) (SAMPLE(?g) AS ?growth) (SAMPLE(?rk) AS ?rank)
       (SAMPLE(?q) AS ?qualifier) (SAMPLE(?rep) AS ?report) (SAMPLE(?ev) AS ?evidence)
WHERE {
  ?obs a ckg:Observation .
  OPTIONAL { ?obs ckg:region/rdfs:label ?rlabel }
  OPTIONAL { ?obs ckg:year ?yr }
  OPTIONAL { ?obs ckg:indicator ?i
             OPTIONAL { ?i skos:prefLabel ?pl } OPTIONAL { ?i rdfs:label ?plain } }
  OPTIONAL { ?obs ckg:kind ?kd }
  OPTIONAL { ?obs ckg:value ?v }
  OPTIONAL { ?obs ckg:unit ?u }
  OPTIONAL { ?obs ckg:valueInBaseUnit ?b }
  OPTIONAL { ?obs ckg:growthRate ?g }
  OPTIONAL { ?obs ckg:rank ?rk }
  OPTIONAL { ?obs ckg:targetQualifier ?q }
  OPTIONAL { ?obs prov:wasDerivedFrom ?r }
  OPTIONAL { ?obs ckg:evidence ?ev }
  BIND(STR(?rlabel) AS ?rl)
  BIND(STR(?yr) AS ?y)
  BIND(STR(COALESCE(?pl, ?plain, STRAFTER(STR(?i), "/indicator/"))) AS ?il)
  BIND(IF(?kd = ckg:Target, "target", IF(?kd = ckg:Actual, "actual", "")) AS ?k)
  BIND(STRAFTER(STR(?r), "/report/") AS ?rep)
}
GROUP BY ?obs
ORDER BY ?region ?indicator ?year ?kind ?report ?obs
"""

TURTLE_PREFIXES = {k: PREFIXES[k] for k in ("ckg", "rdf", "rdfs", "skos", "prov", "dcterms", "xsd")}


class ExportError(Exception):
    pass


def format_for(output: str | os.PathLike[str], fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    ext = Path(output).suffix.lower().lstrip(".")
    ext = {"turtle": "ttl", "json": "jsonld"}.get(ext, ext)
    if ext not in FORMATS:
        raise ExportError(f"{output}: cannot tell the format from the extension; give --format "
                          f"({', '.join(FORMATS)})")
    return ext


def export(source: str | os.PathLike[str] | ox.Store, output: str | os.PathLike[str],
           fmt: str | None = None) -> int:
    """Write ``source`` (graph file, store dir or open store) to ``output``; returns the
    number of quads (RDF) or rows (CSV) written."""
    fmt = format_for(output, fmt)
    store = source if isinstance(source, ox.Store) else open_graph(source)
    if fmt == "csv":
        return write_observations_csv(store, output)
    dump(store, output, RDF_EXPORT[fmt], prefixes=TURTLE_PREFIXES)
    return len(store)


def observation_rows(store: ox.Store) -> list[dict]:
    table = run_local(store, OBSERVATIONS_QUERY, "observations")
    return [{c: r[c] for c in CSV_COLUMNS} for r in table.records()]


def write_observations_csv(store: ox.Store, output: str | os.PathLike[str]) -> int:
    rows = observation_rows(store)

    def write(f) -> None:
        w = csv.DictWriter(f, CSV_COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})

    atomic_write(output, write, text=True, newline="")
    return len(rows)
