"""Indicator charts: an indicator's values and growth by year and region, actuals beside
targets, as SVG or PNG (matplotlib, Agg backend: no display needed).

Chinese text needs a CJK font; we look for one among the fonts matplotlib knows and in
Debian's font packages (fonts-noto-cjk, fonts-wqy-microhei; ``make browser`` installs the
first), and refuse with a readable error rather than draw tofu boxes. SVG output stores
glyphs as paths, so the file shows the same on a machine without the font.
"""
from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display on servers and CI
import matplotlib.pyplot as plt  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from kg.atomic import atomic_write
from kg.viz.read import PREFIXES  # noqa: E402

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Noto Sans CJK JP", "Noto Sans CJK TC", "Droid Sans Fallback", "AR PL UMing CN",
                "SimHei", "Microsoft YaHei", "PingFang SC")
_FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
               "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
               "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
MAX_REGIONS = 8  # more lines than this cannot be told apart; the title says when we cut
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555", "#F0B400")


class ChartError(Exception):
    """An indicator chart that cannot be drawn; the message says why."""


@dataclass(frozen=True)
class Point:
    region: str
    year: int
    target: bool
    value: float | None
    unit: str | None
    base: float | None  # value in the base unit (元, 吨 …), when the graph states it
    growth: float | None


def cjk_font() -> str:
    """The family name of an installed CJK font, registering Debian's files if needed."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for fam in CJK_FAMILIES:
        if fam in known:
            return fam
    candidates = [p for p in _FONT_FILES if Path(p).exists()]
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True,
                                 timeout=10).stdout.strip()
            if out:
                candidates.append(out)
        except (OSError, subprocess.SubprocessError):
            pass
    for path in candidates:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
        known = {f.name for f in font_manager.fontManager.ttflist}
        for fam in CJK_FAMILIES:
            if fam in known:
                return fam
    raise ChartError("no CJK font installed, Chinese text would show as boxes: "
                     "apt-get install fonts-noto-cjk (or run `make browser`)")


def _q(store: ox.Store, query: str):
    return store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)


def find_indicator(store: ox.Store, name: str) -> tuple[str, str]:
    """(IRI, canonical name) for a canonical name, a synonym or an IRI key (``gdp``)."""
    lit = str(ox.Literal(name))
    q = f"""SELECT ?i ?pref WHERE {{ ?i a ckg:Indicator . OPTIONAL {{ ?i skos:prefLabel ?pref }}
        OPTIONAL {{ ?i skos:altLabel ?alt }}
        FILTER(STR(?pref) = {lit} || STR(?alt) = {lit} || STRENDS(STR(?i), CONCAT("/", {lit})) || STR(?i) = {lit}) }}"""
    for row in _q(store, q):
        return row["i"].value, (row["pref"].value if row["pref"] is not None else name)
    raise ChartError(f"no indicator named {name!r} in the graph")


def indicator_points(store: ox.Store, indicator_iri: str, region_iris: list[str] | None = None) -> list[Point]:
    values = f"VALUES ?r {{ {' '.join(f'<{r}>' for r in region_iris)} }}" if region_iris else ""
    q = f"""SELECT ?rl ?r ?y ?k ?v ?u ?b ?g WHERE {{ {values}
        ?o a ckg:Observation ; ckg:indicator <{indicator_iri}> ; ckg:region ?r ; ckg:year ?y .
        OPTIONAL {{ ?r rdfs:label ?rl }} OPTIONAL {{ ?o ckg:kind ?k }} OPTIONAL {{ ?o ckg:value ?v }}
        OPTIONAL {{ ?o ckg:unit ?u }} OPTIONAL {{ ?o ckg:valueInBaseUnit ?b }} OPTIONAL {{ ?o ckg:growthRate ?g }} }}"""
    seen: dict[tuple, Point] = {}
    for row in _q(store, q):
        try:
            year = int(row["y"].value[:4])
        except ValueError:
            continue
        target = row["k"] is not None and row["k"].value.endswith("Target")
        region = row["rl"].value if row["rl"] is not None else row["r"].value.rsplit("/", 1)[-1]
        p = Point(region, year, target, _num(row["v"]), row["u"].value if row["u"] is not None else None,
                  _num(row["b"]), _num(row["g"]))
        key = (region, year, target)
        # several reports may state the same fact; keep the fullest statement
        if key not in seen or _fullness(p) > _fullness(seen[key]):
            seen[key] = p
    return sorted(seen.values(), key=lambda p: (p.region, p.year, p.target))


def _num(term) -> float | None:
    if term is None:
        return None
    try:
        return float(term.value)
    except ValueError:
        return None


def _fullness(p: Point) -> int:
    return (p.value is not None) + (p.growth is not None) + (p.base is not None)


def _common_unit(points: list[Point]) -> tuple[str | None, dict[Point, float]]:
    """The most used unit, and each point's value in it (converted through the base unit
    when a point was written in another unit; dropped when it cannot be converted)."""
    units = Counter(p.unit for p in points if p.value is not None)
    if not units:
        return None, {}
    unit = units.most_common(1)[0][0]
    factors = [p.base / p.value for p in points if p.unit == unit and p.value and p.base]
    factor = factors[0] if factors else None
    out: dict[Point, float] = {}
    for p in points:
        if p.value is None:
            continue
        if p.unit == unit:
            out[p] = p.value
        elif factor and p.base is not None:
            out[p] = p.base / factor
    return unit, out


def draw(points: list[Point], name: str, fmt: str = "svg", size: tuple[float, float] = (8, 6),
         note: str = "") -> bytes:
    """Two panels: the level by year (bars; targets hatched) and the growth rate (lines;
    targets dashed), one colour per region."""
    font = cjk_font()
    regions = sorted({p.region for p in points}, key=lambda r: -sum(1 for p in points if p.region == r))
    unit, values = _common_unit(points)
    years = sorted({p.year for p in points})
    with plt.rc_context({"font.family": [font, "DejaVu Sans"], "axes.unicode_minus": False,
                         "svg.fonttype": "path", "svg.hashsalt": "county-kg"}):
        has_values = bool(values)
        fig, axes = plt.subplots(2 if has_values else 1, 1, figsize=size, sharex=True, squeeze=False)
        axes = [a[0] for a in axes]
        title = name + (f"（{note}）" if note else "")
        fig.suptitle(title, fontsize=13)
        # one bar slot per (region, actual/target) that has a value: no gaps for missing targets
        slots = [(r, t) for r in regions for t in (False, True)
                 if any(p.region == r and p.target == t and p in values for p in points)]
        width = 0.8 / max(len(slots), 1)
        if has_values:
            ax = axes[0]
            for i, region in enumerate(regions):
                color = COLORS[i % len(COLORS)]
                for target in (False, True):
                    pts = [p for p in points if p.region == region and p.target == target and p in values]
                    if not pts:
                        continue
                    offset = (slots.index((region, target)) - (len(slots) - 1) / 2) * width
                    ax.bar([p.year + offset for p in pts], [values[p] for p in pts], width=width,
                           color=color if not target else "white", edgecolor=color,
                           hatch="//" if target else None, linewidth=1,
                           label=f"{region} {'目标' if target else '实际'}")
            ax.set_ylabel(f"{name}（{unit}）" if unit else name)
            ax.legend(fontsize=8, ncol=2, frameon=False)
            ax.grid(axis="y", alpha=0.3)
        ax = axes[-1]
        for i, region in enumerate(regions):
            color = COLORS[i % len(COLORS)]
            for target in (False, True):
                pts = [p for p in points if p.region == region and p.target == target and p.growth is not None]
                if not pts:
                    continue
                ax.plot([p.year for p in pts], [p.growth for p in pts], color=color,
                        linestyle="--" if target else "-", marker="o", markersize=6,
                        markerfacecolor="white" if target else color,
                        label=f"{region} {'目标' if target else '实际'}增速")
                for p in pts:
                    ax.annotate(f"{p.growth:g}%", (p.year, p.growth), textcoords="offset points",
                                xytext=(0, 6), ha="center", fontsize=7, color=color)
        ax.axhline(0, color="#999", linewidth=0.8)
        ax.set_ylabel("增速（%）")
        ax.set_xlabel("年份")
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years])
        if years:
            ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8, ncol=2, frameon=False)
        else:
            ax.text(0.5, 0.5, "无增速数据", transform=ax.transAxes, ha="center", color="#888")
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=120, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(fig)
    return buf.getvalue()


def _regions_named(store: ox.Store, names: tuple[str, ...]) -> list[str]:
    out = []
    for name in names:
        lit = str(ox.Literal(name))
        q = f"""SELECT DISTINCT ?r WHERE {{ ?r a ckg:Region . OPTIONAL {{ ?r rdfs:label ?l }}
                FILTER(STR(?l) = {lit} || STRENDS(STR(?r), CONCAT("/", {lit}))) }}"""
        found = [row["r"].value for row in _q(store, q)]
        if not found:
            raise ChartError(f"no region named {name!r} in the graph")
        out.extend(found)
    return out


def indicator_chart(store: ox.Store, indicator: str, regions: tuple[str, ...] = (), fmt: str = "svg") -> tuple[bytes, int]:
    """The chart's bytes and the number of observations drawn."""
    iri, name = find_indicator(store, indicator)
    points = indicator_points(store, iri, _regions_named(store, regions) if regions else None)
    if not points:
        where = f" for {', '.join(regions)}" if regions else ""
        raise ChartError(f"indicator {name!r} has no observations{where}")
    note = ""
    names = {p.region for p in points}
    if len(names) > MAX_REGIONS:
        counts = Counter(p.region for p in points)
        keep = {r for r, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_REGIONS]}
        points = [p for p in points if p.region in keep]
        note = f"数据最多的 {MAX_REGIONS} 个地区，共 {len(names)} 个"
    return draw(points, name, fmt, note=note), len(points)


def write_indicator_chart(store: ox.Store, indicator: str, output: str | os.PathLike[str],
                          regions: tuple[str, ...] = ()) -> int:
    out = Path(output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise ChartError(f"{out}: write .svg or .png")
    data, n = indicator_chart(store, indicator, regions, fmt)
    atomic_write(out, lambda f: f.write(data))
    return n


def region_chart_uris(store: ox.Store, region_iri: str, max_charts: int = 3) -> list[str]:
    """Charts of a region's most reported indicators, as SVG data URIs for a page."""
    q = f"""SELECT ?i (COUNT(?o) AS ?n) WHERE {{ ?o a ckg:Observation ; ckg:region <{region_iri}> ;
            ckg:indicator ?i }} GROUP BY ?i ORDER BY DESC(?n) ?i LIMIT {int(max_charts)}"""
    out = []
    for row in _q(store, q):
        iri = row["i"].value
        names = [r["p"].value for r in _q(store, f"SELECT ?p WHERE {{ <{iri}> skos:prefLabel ?p }}")]
        points = indicator_points(store, iri, [region_iri])
        if not points:
            continue
        svg = draw(points, names[0] if names else iri.rsplit("/", 1)[-1], "svg", size=(4.2, 3.6))
        out.append("data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"))
    return out


def by_region(points: list[Point]) -> dict[str, list[Point]]:
    out: dict[str, list[Point]] = defaultdict(list)
    for p in points:
        out[p.region].append(p)
    return out
