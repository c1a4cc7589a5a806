"""The pages in a real headless Chromium, opened from disk with the network cut off: they
draw the expected nodes, make no external request, keep report text inert, and the
legend, search and details panel work. Screenshots go to tests/artifacts/."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from fixtures.browser import browser  # noqa: F401  (the session's Chromium)
from kg.cli import main
from kg.viz.layout import layout
from kg.viz.page import page_data, render_page, write_atomic
from test_viz import HOSTILE, SAMPLE, hostile_graph

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("pages")

    def viz(name: str, *args: str, src: Path = SAMPLE) -> Path:
        out = d / f"{name}.html"
        r = CliRunner().invoke(main, ["viz", str(src), "-o", str(out), *args])
        assert r.exit_code == 0, r.output
        return out

    return {
        "sample": viz("sample"),
        "charts": viz("charts", "--charts", "--region", "曲沃县"),
        "physics": viz("physics", "--physics"),
        "evil": viz("evil", "--title", HOSTILE[0], src=hostile_graph(d / "evil.ttl")),
    }


def clean(visit) -> None:
    assert visit.drawn, f"{visit.url} never drew"
    assert visit.external_requests == []
    assert visit.errors == []


def test_sample_page_draws_offline_with_legend(browser, pages):  # noqa: F811
    visit = browser.open(pages["sample"])
    clean(visit)
    assert browser.js("return window.kgView.nodes.length") == 13
    assert browser.js("return document.body.getAttribute('data-drawn')") == "13"
    legend = browser.js("return [...document.querySelectorAll('#kg-types li')].map(li => li.innerText.replace(/\\s+/g, ' ').trim())")
    assert legend == ["地区 4", "报告 2", "项目 3", "企业 2", "政策 2"]
    # the canvas really holds a drawing: many distinct colours, not a blank or a grey disc
    colours = browser.js("""const c = document.querySelector('#kg-net canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const s = new Set();
        for (let i = 0; i < d.length; i += 4 * 97) s.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
        return s.size""")
    assert colours > 20
    browser.screenshot("viz_sample")


def test_search_type_filter_and_details(browser, pages):  # noqa: F811
    clean(browser.open(pages["sample"]))
    browser.js("const s = document.getElementById('kg-search'); s.value = '晋南'; s.dispatchEvent(new Event('input'))")
    assert browser.js("return document.getElementById('kg-found').textContent") == "2 个匹配"
    assert len(browser.js("return window.kgView.network.getSelectedNodes()")) == 2
    browser.js("const b = document.querySelector('#kg-types input[value=Project]'); b.click()")
    hidden = browser.js("return window.kgView.nodes.get({filter: n => n.hidden}).map(n => n.label).sort()")
    assert hidden == sorted(["晋南120万吨大型槽钢和角钢项目", "氢能产业园", "北董乡污水处理厂"])
    browser.js("const b = document.querySelector('#kg-types input[value=Project]'); b.click()")
    assert browser.js("return window.kgView.nodes.get({filter: n => n.hidden}).length") == 0
    # Enter in the search box focuses a match and opens its details with the evidence
    browser.js("""const s = document.getElementById('kg-search');
        s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}))""")
    panel = browser.js("return document.getElementById('kg-details').hidden ? '' : document.getElementById('kg-details-body').innerText")
    assert "晋南" in panel and ("开工建设" in panel or "晋南集团氢气提纯站" in panel)
    browser.screenshot("viz_details")


def test_region_page_embeds_charts(browser, pages):  # noqa: F811
    clean(browser.open(pages["charts"]))
    node = browser.js("return window.kgView.nodes.get({filter: n => n.label === '曲沃县'})[0].id")
    browser.js("window.kgView.showDetails(arguments[0])", node)
    sizes = browser.js("""return [...document.querySelectorAll('#kg-details img.kg-chart')]
        .map(i => [i.complete, i.naturalWidth])""")
    assert len(sizes) == 2 and all(done and width > 100 for done, width in sizes)  # GDP, revenue
    browser.screenshot("viz_region_charts")


def test_physics_page_settles(browser, pages):  # noqa: F811
    clean(browser.open(pages["physics"]))
    assert browser.js("return window.kgView.nodes.length") == 13


def test_report_text_cannot_run_in_the_page(browser, pages):  # noqa: F811
    visit = browser.open(pages["evil"])
    clean(visit)
    assert browser.js("return window.__pwned === undefined")
    assert browser.js("return document.querySelectorAll('img:not(.kg-chart)').length") == 0
    assert browser.js("return document.title") == HOSTILE[0]
    labels = browser.js("return window.kgView.nodes.map(n => n.label)")
    assert set(HOSTILE) <= set(labels)
    # the details panel and the tooltip show the text as text
    for node in browser.js("return window.kgView.nodes.getIds()"):
        browser.js("window.kgView.showDetails(arguments[0])", node)
    panel = browser.js("return document.getElementById('kg-details-body').innerText")
    assert any(h.strip() in panel for h in HOSTILE)
    assert browser.js("return window.__pwned === undefined")
    browser.screenshot("viz_escaping")


def test_five_thousand_nodes_draw_at_once(browser, tmp_path):  # noqa: F811
    g = nx.MultiDiGraph()
    base = nx.barabasi_albert_graph(5000, 1, seed=5)
    kinds = ["Project", "Enterprise", "Policy", "Report"]
    for n in base:
        g.add_node(str(n), type="Region" if base.degree(n) > 8 else kinds[n % 4], label=f"节点{n}")
    for a, b in base.edges():
        g.add_edge(str(a), str(b), rel="https://w3id.org/county-kg/ontology#region")
    out = tmp_path / "big.html"
    write_atomic(render_page(page_data(g, layout(g), {}, "", False), "5000"), out)
    visit = browser.open(out, timeout=60)
    clean(visit)
    assert browser.js("return window.kgView.nodes.length") == 5000
    assert visit.draw_ms < 15000, visit.draw_ms  # ~2 s here; generous for a loaded CI machine
    browser.screenshot("viz_5000")


def test_the_fixture_sees_external_requests(browser, tmp_path):  # noqa: F811
    """The check above would be empty praise if a blocked request went unseen."""
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="https://cdn.example.invalid/x.png">'
                    '<script>window.kgView = {drawn: true, drawnMs: 1}</script></body></html>', encoding="utf-8")
    visit = browser.open(page)
    assert visit.external_requests == ["https://cdn.example.invalid/x.png"]


def test_seed_build_page_as_make_run_leaves_it(browser, seed_build, tmp_path):  # noqa: F811
    """`make run`: kg build seeds, then kg viz; the TriG build (one graph per report) gives
    the same page as the Turtle one."""
    pages = {}
    for fmt in ("ttl", "trig"):
        out = tmp_path / f"seeds_{fmt}.html"
        r = CliRunner().invoke(main, ["viz", str(seed_build[fmt]), "-o", str(out), "--title", "seeds"])
        assert r.exit_code == 0, r.output
        pages[fmt] = out
    assert pages["ttl"].read_text(encoding="utf-8") == pages["trig"].read_text(encoding="utf-8")
    clean(browser.open(pages["ttl"]))
    n = browser.js("return window.kgView.nodes.length")
    reports = browser.js("return window.kgView.nodes.get({filter: n => n.group === 'Report'}).length")
    assert n > 50 and reports == 5
    assert browser.js("return document.querySelectorAll('#kg-types li').length") >= 4
    browser.screenshot("viz_seeds")
