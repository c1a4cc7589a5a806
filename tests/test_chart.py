"""kg chart: an indicator's values and growth by year and region, with real CJK glyphs."""
from __future__ import annotations

import base64
import warnings
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from kg.chart import Point, _common_unit, cjk_font, draw, find_indicator, indicator_points, region_chart_uris
from kg.cli import main
from kg.store import open_graph
from test_viz import SAMPLE

CKR = "https://w3id.org/county-kg/id/"


@pytest.fixture(scope="module")
def store():
    return open_graph(SAMPLE)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_svg_and_png_by_name_synonym_and_region(tmp_path):
    svg = tmp_path / "gdp.svg"
    r = run("chart", "地区生产总值", "-g", str(SAMPLE), "-o", str(svg))
    assert r.exit_code == 0, r.output
    assert "5 observations" in r.output  # 曲沃县 2021, 2022, 2022 target, 2023 target; 临汾市 2022
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 50
    png = tmp_path / "gdp.png"
    r = run("chart", "GDP", "-g", str(SAMPLE), "--region", "曲沃县", "-o", str(png))
    assert r.exit_code == 0, r.output
    assert "4 observations" in r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_points_keep_actuals_and_targets_apart(store):
    iri, name = find_indicator(store, "生产总值")
    assert (iri, name) == (CKR + "indicator/gdp", "地区生产总值")
    pts = indicator_points(store, iri, [CKR + "region/141021"])
    got = [(p.year, p.target, p.value, p.growth) for p in pts]
    assert got == [(2021, False, 170.2, 8.9), (2022, False, 181.5, 5.8), (2022, True, 185.0, 7.0),
                   (2023, True, None, 6.5)]


def test_chinese_text_has_glyphs():
    assert cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" on tofu
        data = draw([Point("曲沃县", 2022, False, 181.5, "亿元", None, 5.8),
                     Point("曲沃县", 2023, True, None, None, None, 6.5)], "地区生产总值", "png")
    assert data[:4] == b"\x89PNG"


def test_units_are_converted_through_the_base_unit():
    a = Point("甲", 2021, False, 2.0, "亿元", 2e8, None)
    b = Point("甲", 2022, False, 25000.0, "万元", 2.5e8, None)
    c = Point("甲", 2023, False, 3.0, "亿元", 3e8, None)
    d = Point("甲", 2020, False, 7.0, "万吨", None, None)  # cannot be converted: left out
    unit, values = _common_unit([a, b, c, d])
    assert unit == "亿元" and values == {a: 2.0, b: 2.5, c: 3.0}


def test_region_charts_are_svg_data_uris(store):
    uris = region_chart_uris(store, CKR + "region/141021")
    assert len(uris) == 2
    svg = base64.b64decode(uris[0].split(",", 1)[1])
    assert uris[0].startswith("data:image/svg+xml;base64,") and b"<script" not in svg
    ET.fromstring(svg)


def test_errors_are_one_line(tmp_path):
    r = run("chart", "粮食总产量", "-g", str(SAMPLE), "-o", str(tmp_path / "x.svg"))
    assert r.exit_code == 1 and "粮食总产量" in r.stderr and "viz_sample.ttl" in r.stderr
    r = run("chart", "GDP", "-g", str(SAMPLE), "--region", "火星", "-o", str(tmp_path / "x.svg"))
    assert r.exit_code == 1 and "火星" in r.stderr
    r = run("chart", "GDP", "-g", str(SAMPLE), "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 1 and "x.pdf" in r.stderr
    assert r.stderr.strip().count("\n") == 0
    assert not list(tmp_path.iterdir())
