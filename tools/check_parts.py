"""Where each report's review and plan parts start, and the reports whose split looks wrong.

    .venv/bin/python tools/check_parts.py [PATH ...] [--flagged] [--json out.json]

PATH: report files or folders (default: ../shared/corpus/cities). One line per report: the
heading that opens the review part and the one that opens the plan part (``(body)`` when
the part began without a heading), each part's share of the text, and flags:

  no_review / no_plan      the part never starts
  plan_first               the plan part starts before the review part
  plan_at_review_year      the plan part starts at a heading naming the review year only
  back_to_review           a review heading follows the plan part's start
  review_at_title          the review part starts at a line of the title block (delivery line,
                           speaker)
  review_small / plan_small  the part holds < 10 % of the text
  head_big                 the title block holds > 10 % of the text
  missed_plan              a top-level heading in the review part names the plan year, 今年
                           or a later horizon (十四五, 今后五年) and no review word
  plan_by_lead             the plan part starts at a numbered paragraph's first sentence,
                           not at a heading
  no_years                 the report's plan year is unknown (metadata)

Not a test: a listing to read. The summary line counts each flag.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import metadata  # noqa: E402
from kg.extract.model import ReportFacts  # noqa: E402
from kg.text.document import load_document  # noqa: E402

_L1 = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_REVIEW_WORD = re.compile(r"回顾|执行情况|完成情况|过去|成绩|成效|成就|总结")
_LATER = re.compile(r"今年|本年|明年|今后[五三]年|未来[五三]年")
_PERIOD = re.compile(r"十([一二三四五六])五")


def _sources(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(x for x in p.rglob("*") if x.suffix in (".md", ".txt")) if p.is_dir() else [p]
    return out


def check(path: Path) -> dict:
    doc = load_document(path)
    meta = metadata.extract(doc, ReportFacts(doc.key, doc.name, str(path), "", len(doc.text)))
    ry, py = meta.review_year, meta.plan_year
    total = max(1, sum(s.end - s.start for s in doc.sentences))
    share: Counter = Counter()
    starts: dict[str, tuple[int, str]] = {}
    flags: list[str] = []
    missed = ""
    prev = None
    for i, s in enumerate(doc.sentences):
        share[s.part] += s.end - s.start
        if s.part != prev:
            if s.part not in starts:
                starts[s.part] = (i, s.text[:40] if s.is_heading else "(body) " + s.text[:24])
            elif s.part == "review" and prev == "plan" and "back_to_review" not in flags:
                flags.append("back_to_review")
            prev = s.part
        if (s.part == "review" and s.is_heading and _L1.match(s.text) and py
                and not _REVIEW_WORD.search(s.text)):
            years = [int(y) for y in _YEAR.findall(s.text)]
            # a five-year plan that starts with the plan year (十四五 in 2021) or later
            periods = [2006 + 5 * "一二三四五六".index(m.group(1)) for m in _PERIOD.finditer(s.text)]
            if (years and max(years) >= py) or (not years and (_LATER.search(s.text)
                                                                or any(p >= py for p in periods))):
                if "missed_plan" not in flags:
                    flags.append("missed_plan")
                    missed = s.text[:40]
    if "review" not in starts:
        flags.append("no_review")
    if "plan" not in starts:
        flags.append("no_plan")
    if "review" in starts and "plan" in starts and starts["plan"][0] < starts["review"][0]:
        flags.append("plan_first")
    if re.search(r"^(?!\(body\)).*(报告|会议上|^[—－-]|\d月\d{1,2}日|[市县区州省盟旗]长\s*\S{2,4}$)", starts.get("review", (0, ""))[1]):
        flags.append("review_at_title")
    if starts.get("plan", (0, ""))[1].startswith("(body)"):
        flags.append("plan_by_lead")
    if "plan" in starts and ry:
        years = {int(y) for y in _YEAR.findall(starts["plan"][1])}
        if ry in years and not any(y > ry for y in years):
            flags.append("plan_at_review_year")
    for part in ("review", "plan"):
        if part in starts and share[part] / total < 0.10:
            flags.append(f"{part}_small")
    if share["head"] / total > 0.10:
        flags.append("head_big")
    if not py:
        flags.append("no_years")
    return {"path": str(path), "review_year": ry, "plan_year": py,
            "review": starts.get("review", (None, ""))[1], "plan": starts.get("plan", (None, ""))[1],
            "share": {p: round(share[p] / total, 2) for p in ("head", "review", "plan", "notes")},
            "flags": flags, "missed": missed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT.parent / "shared" / "corpus" / "cities")])
    ap.add_argument("--flagged", action="store_true", help="print only reports with a flag")
    ap.add_argument("--json", help="write every report's row to this file")
    args = ap.parse_args(argv)
    rows = []
    counts: Counter = Counter()
    for path in _sources(args.paths):
        r = check(path)
        rows.append(r)
        counts.update(r["flags"])
        if r["flags"] or not args.flagged:
            sh = r["share"]
            print(f"{r['path']}\t{r['review_year']}/{r['plan_year']}\treview: {r['review']}\tplan: {r['plan']}\t"
                  f"h{sh['head']:.2f} r{sh['review']:.2f} p{sh['plan']:.2f}\t{' '.join(r['flags'])}"
                  + (f"\tmissed: {r['missed']}" if r["missed"] else ""))
    flagged = sum(1 for r in rows if r["flags"])
    print(f"# {len(rows)} reports, {flagged} flagged: "
          + ", ".join(f"{k} {v}" for k, v in counts.most_common()), file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
