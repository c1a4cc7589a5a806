"""kg export: every RDF format round-trips to the same graph; CSV has one row per observation."""
from __future__ import annotations

import csv
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import CSV_COLUMNS, export
from kg.store import open_graph, write_store

pytest_plugins = ["fixtures.servers"]


@pytest.fixture(scope="module")
def gold_store_dir(gold_trig, tmp_path_factory):
    src = open_graph(gold_trig)
    graphs: dict[str, list] = {}
    for q in src.quads_for_pattern(None, None, None, None):
        graphs.setdefault(q.graph_name.value, []).append(q)
    path = tmp_path_factory.mktemp("export") / "store"
    write_store(graphs, path)
    return path


def quads(store: ox.Store) -> list[str]:
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, None))


def triples(store: ox.Store) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads_for_pattern(None, None, None, None)}


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_dataset_formats_round_trip_with_named_graphs(fmt, gold_store_dir, tmp_path):
    out = tmp_path / f"g.{fmt}"
    export(gold_store_dir, out)
    back = open_graph(out)
    assert quads(back) == quads(open_graph(gold_store_dir))
    assert len(list(back.named_graphs())) == 6  # five reports + shared


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_triple_formats_hold_the_union_once(fmt, gold_store_dir, tmp_path):
    out = tmp_path / f"g.{fmt}"
    export(gold_store_dir, out)
    back = open_graph(out)
    assert triples(back) == triples(open_graph(gold_store_dir))
    assert len(back) == len(triples(back))  # each triple once


def test_rdflib_reads_the_exports_as_the_same_graph(gold_store_dir, tmp_path):
    export(gold_store_dir, tmp_path / "g.ttl")
    export(gold_store_dir, tmp_path / "g.nt")
    export(gold_store_dir, tmp_path / "g.trig")
    ttl = Graph().parse(tmp_path / "g.ttl", format="turtle")
    nt = Graph().parse(tmp_path / "g.nt", format="nt")
    assert isomorphic(ttl, nt)
    ds = Dataset()
    ds.parse(tmp_path / "g.trig", format="trig")
    assert len({(s, p, o) for s, p, o, _ in ds.quads()}) == len(ttl)


def test_csv_has_one_row_per_observation(gold_store_dir, gold_trig, tmp_path):
    out = tmp_path / "obs.csv"
    n = export(gold_store_dir, out)
    with open(out, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        assert reader.fieldnames == CSV_COLUMNS
    n_obs = int(next(iter(open_graph(gold_trig).query(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?o a <https://w3id.org/county-kg/ontology#Observation> } }")))[0].value)
    assert n == len(rows) == n_obs
    gdp = [r for r in rows if (r["region"], r["year"], r["indicator"], r["kind"]) == ("曲沃县", "2022", "地区生产总值", "actual")]
    assert len(gdp) == 1
    assert float(gdp[0]["value"]) == 181.5 and gdp[0]["unit"] == "亿元" and float(gdp[0]["growth"]) == 5.8
    assert gdp[0]["report"] == "000_28599288d92c4c3c" and "181.5" in gdp[0]["evidence"]
    targets = [r for r in rows if r["kind"] == "target"]
    assert targets and all(r["year"] for r in targets)


def test_cli_export_and_failures_leave_no_file(gold_trig, tmp_path):
    r = CliRunner().invoke(main, ["export", str(gold_trig), "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 0, r.output
    assert isinstance(json.loads((tmp_path / "out.json").read_text(encoding="utf-8")), list)
    r = CliRunner().invoke(main, ["export", str(gold_trig), "-o", str(tmp_path / "out.xyz")])
    assert r.exit_code == 1 and "--format" in r.output
    previous = tmp_path / "keep.ttl"
    previous.write_text("# previous export\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["export", str(tmp_path / "missing.trig"), "-o", str(previous)])
    assert r.exit_code == 1 and "missing.trig" in r.output
    assert previous.read_text(encoding="utf-8") == "# previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.ttl", "out.json"]
