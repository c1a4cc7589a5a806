"""kg viz of a store laid out as a corpus build lays it out (a shared graph with names,
types and regions; one graph per report with its mentions and observations): a view of one
region, one year or one entity's neighbourhood reads what it draws, not the whole store.

A view that went back to reading whole predicates into Python and filtering there (the
way every view took 25-45 s on the 1,309-report corpus store) reads every quad of those
predicates: the bounds below catch that on any machine, whatever its load."""
from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from kg.viz import ViewOptions
from kg.viz.read import GraphReader
from kg.viz.select import select_graph
from kg.viz.view import build_page

CKG = "https://w3id.org/county-kg/ontology#"
CKR = "https://w3id.org/county-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV = "http://www.w3.org/ns/prov#"
COUNTIES, YEARS, PROJECTS, OBSERVATIONS = 60, (2021, 2022), 60, 30


def corpus_like_store() -> ox.Store:
    """A province of COUNTIES counties, each with a work report a year; every report names
    PROJECTS projects of its county and OBSERVATIONS figures, and every report also names
    one province-wide policy (a policy mentioned in every report, as 乡村振兴 is)."""
    shared = ox.NamedNode(CKR + "graph/shared")
    quads: list[ox.Quad] = []

    def q(s: str, p: str, o, g: ox.NamedNode) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o if not isinstance(o, str) else ox.NamedNode(o), g))

    province = CKR + "region/99"
    q(province, RDF_TYPE, CKG + "Region", shared)
    q(province, RDFS_LABEL, ox.Literal("某省", language="zh"), shared)
    policy = CKR + "policy/振兴"
    q(policy, RDF_TYPE, CKG + "Policy", shared)
    q(policy, RDFS_LABEL, ox.Literal("乡村振兴", language="zh"), shared)
    indicator = CKR + "indicator/gdp"
    q(indicator, RDF_TYPE, CKG + "Indicator", shared)
    q(indicator, "http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal("地区生产总值", language="zh"), shared)
    for c in range(COUNTIES):
        county = f"{CKR}region/99{c:02d}"
        q(county, RDF_TYPE, CKG + "Region", shared)
        q(county, RDFS_LABEL, ox.Literal(f"第{c}县", language="zh"), shared)
        q(county, CKG + "partOf", province, shared)
        for year in YEARS:
            rep = f"{CKR}report/99{c:02d}-{year}"
            g = ox.NamedNode(rep)
            q(rep, RDF_TYPE, CKG + "Report", g)
            q(rep, CKG + "region", county, g)
            q(rep, CKG + "reviewYear", ox.Literal(str(year - 1), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")), g)
            q(rep, CKG + "reportType", CKG + "WorkReport", g)
            q(county, CKG + "mentionedIn", rep, g)
            q(policy, CKG + "mentionedIn", rep, g)
            q(policy, CKG + "evidence", ox.Literal(f"第{c}县{year}年实施乡村振兴战略"), g)
            for i in range(PROJECTS):
                project = f"{CKR}project/99{c:02d}_{year}_{i}"
                q(project, RDF_TYPE, CKG + "Project", shared)
                q(project, RDFS_LABEL, ox.Literal(f"第{c}县{year}年项目{i}", language="zh"), shared)
                q(project, CKG + "region", county, shared)
                q(project, CKG + "mentionedIn", rep, g)
                q(project, CKG + "evidence", ox.Literal(f"第{c}县项目{i}开工建设"), g)
            for i in range(OBSERVATIONS):
                obs = f"{CKR}obs/99{c:02d}_{year}_{i}"
                q(obs, RDF_TYPE, CKG + "Observation", g)
                q(obs, CKG + "region", county, g)
                q(obs, CKG + "indicator", indicator, g)
                q(obs, CKG + "year", ox.Literal(str(year - 1 - i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")), g)
                q(obs, CKG + "kind", CKG + "Actual", g)
                q(obs, CKG + "value", ox.Literal(f"{c}.{i}", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")), g)
                q(obs, PROV + "wasDerivedFrom", rep, g)
                q(obs, CKG + "evidence", ox.Literal(f"地区生产总值{c}.{i}亿元"), g)
    store = ox.Store()
    store.extend(quads)
    return store


class CountingStore:
    """The store as a view sees it, counting every quad and query row that reaches Python."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.read = 0

    def __len__(self) -> int:
        return len(self.store)

    def _count(self, items):
        for item in items:
            self.read += 1
            yield item

    def quads_for_pattern(self, *args, **kwargs):
        return self._count(self.store.quads_for_pattern(*args, **kwargs))

    def query(self, *args, **kwargs):
        return self._count(self.store.query(*args, **kwargs))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return corpus_like_store()


def read_for(store: ox.Store, **kw) -> tuple[CountingStore, set[str], float]:
    counting = CountingStore(store)
    t = time.process_time()
    g = select_graph(GraphReader(counting), ViewOptions(**kw))  # type: ignore[arg-type]
    return counting, {g.nodes[n]["label"] for n in g}, time.process_time() - t


def test_region_view_reads_only_its_county(store):
    reader, labels, cpu = read_for(store, regions=("第7县",))
    # the county, its province, its two reports, its projects, the policy its reports name
    assert labels >= {"第7县", "某省", "第7县 2020年工作报告", "第7县 2021年工作报告", "乡村振兴", "第7县2022年项目5"}
    assert len(labels) == 2 + 2 + 1 + PROJECTS * len(YEARS)
    assert not any(lab.startswith("第8县") for lab in labels)
    read = reader.read
    # the store holds ~60,000 quads; the county's own share is under 2 %, and the policy
    # named in all 120 reports brings its 240 triples: whole-predicate reads bring ~40,000
    assert read < 0.05 * len(store), (read, len(store))
    assert cpu < 5  # CPU seconds: the wall clock on a busy machine measures the others


def test_year_view_reads_only_that_years_reports(store):
    reader, labels, _ = read_for(store, years=(2020,), types=("Region", "Report"))
    assert labels == {"某省"} | {f"第{c}县" for c in range(COUNTIES)} | {f"第{c}县 2020年工作报告" for c in range(COUNTIES)}
    read = reader.read
    assert read < 0.05 * len(store), (read, len(store))  # whole predicates: ~60 %
    reader, labels, _ = read_for(store, years=(2020,), max_nodes=100_000)
    assert "第3县 2020年工作报告" in labels and "第3县 2021年工作报告" not in labels
    assert "第3县2021年项目0" in labels and "第3县2022年项目0" not in labels
    assert len(labels) == 1 + COUNTIES * (2 + PROJECTS) + 1


def test_focus_view_reads_the_neighbourhood(store):
    reader, labels, _ = read_for(store, focus="第7县2022年项目5", hops=1)
    assert labels == {"第7县2022年项目5", "第7县", "第7县 2021年工作报告"}
    assert reader.read < 200


def test_region_page_details_come_from_the_store_layout(store):
    html, result = build_page(store, ViewOptions(regions=("第7县",)))
    assert result.nodes == 2 + 2 + 1 + PROJECTS * len(YEARS)
    assert "第7县 2021年工作报告" in html and "地区生产总值7.3亿元" in html  # an observation in the county's details
