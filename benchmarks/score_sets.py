"""Extraction accuracy on every annotated set, scored as ../shared/eval/score.py scores it.

    .venv/bin/python benchmarks/score_sets.py

Builds and scores the seeds (tests/gold), the dev set (../shared/dev), tests/dev2 and the
held-out pair (tests/heldout), and writes docs/accuracy.md (a table per set) and
benchmarks/results/accuracy.json. The held-out pair has no floor in the tests: it is looked at
here, after a change, never tuned on. Not run by CI.
"""
from __future__ import annotations

import datetime
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.atomic import atomic_write  # noqa: E402
from kg.build import build  # noqa: E402
from kg.evaluate import LISTS, evaluate  # noqa: E402

SHARED = ROOT.parent / "shared"
# (name, report folder, gold folder, what it is)
SETS = [
    ("seeds", ROOT / "seeds", ROOT / "tests" / "gold", "five Shanxi county reports the project began with (three plan reports, two work reports)"),
    ("dev", SHARED / "dev" / "docs", SHARED / "dev" / "gold", "ten reports of counties, cities and a province"),
    ("dev2", ROOT / "tests" / "dev2" / "docs", ROOT / "tests" / "dev2" / "gold",
     "four corpus city reports, annotated for the project"),
    ("heldout", ROOT / "tests" / "heldout" / "docs", ROOT / "tests" / "heldout" / "gold",
     "two corpus city reports nobody tunes on"),
]


def score(docs: Path, gold: Path, work: Path) -> dict:
    ttl = work / f"{docs.parent.name}-{docs.name}.ttl"
    build([docs], ttl, jobs=2, cache_dir=None)
    r = evaluate(ttl, gold, docs)
    out = {name: r.totals[name].prf() for name in LISTS}
    out.update(headline=r.f1(), meta=[r.meta.hits, r.meta.total], status=[r.status.hits, r.status.total])
    if r.links is not None:
        out["links"] = list(r.links.counts)
    return out


def table(results: dict) -> str:
    lines = ["| set | " + " | ".join(LISTS) + " | headline | metadata | project status | same_as links |",
             "|---|" + "---:|" * (len(LISTS) + 4)]
    for name, r in results.items():
        cells = [f"{r[k][2]:.3f}" for k in LISTS]
        links = f"{r['links'][0]}/{r['links'][1]}" if "links" in r else "—"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | **{r['headline']:.3f}** | {r['meta'][0]}/{r['meta'][1]}"
                     f" | {r['status'][0]}/{r['status'][1]} | {links} |")
    return "\n".join(lines)


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, docs, gold, _ in SETS:
            if gold.is_dir():
                print(f"scoring {name} …", file=sys.stderr)
                results[name] = score(docs, gold, Path(tmp))
    about = "\n".join(f"- **{n}**: {what} (`{g.relative_to(ROOT.parent) if not g.is_relative_to(ROOT) else g.relative_to(ROOT)}`)"
                      for n, _, g, what in SETS if n in results)
    text = f"""# Extraction accuracy

Written by `benchmarks/score_sets.py` on {datetime.date.today().isoformat()}: strict F1 per list as
`../shared/eval/score.py` computes it (names matched one to one, indicators by region, year,
indicator and kind with every number agreeing), the headline (their mean), report metadata,
project status of matched projects, and cross-report links (gold `same_as` pairs given one IRI).

{about}

{table(results)}

The dev sets carry floors in `tests/test_dev_sets.py`, the seeds in `tests/test_end_to_end.py`.
"""
    atomic_write(ROOT / "docs" / "accuracy.md", lambda f: f.write(text), text=True)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "accuracy.json", lambda f: f.write(json.dumps(results, indent=1, ensure_ascii=False)), text=True)
    print(table(results))


if __name__ == "__main__":
    main()
