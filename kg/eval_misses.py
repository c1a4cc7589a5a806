"""What ``kg eval --misses`` lists: per report and list, the gold items the graph missed (with
the gold's quote) and the items it invented (with the graph's own evidence), wrong statuses
and metadata, and the cross-report links it did not make.

Missed and invented follow the strict (headline) matching; an item that only the lenient
rule matches is listed with its partner under ``near``, so a person sees a name that is
almost right apart from one that is absent.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.evaluate import EvalResult, ListMatch, local_name

_SPACE = re.compile(r"\s+")


def _label(names: set[str]) -> str:
    """The fullest of an entity's names (its label is usually the longest)."""
    return max(sorted(names), key=len) if names else ""


def _in_text(evidence: set[str], text: str | None) -> list[str]:
    """The evidence sentences found in the report's text (all of them when no text)."""
    out = sorted(evidence)
    if text is not None:
        out = [e for e in out if _SPACE.sub("", e) in text]
    return out


def _amount(values: set, growths: set) -> str:
    parts = [f"{v:g}" for v in sorted(x for x in values if x is not None)]
    parts += [f"{g:+g}%" for g in sorted(x for x in growths if x is not None)]
    return ", ".join(parts) or "no number"


def _gold_amount(g: dict) -> str:
    parts = []
    if g.get("value") is not None:
        parts.append(f"{g['value']}{g.get('unit') or ''}")
    if g.get("growth_pct") is not None:
        parts.append(f"{float(g['growth_pct']):+g}%")
    if g.get("text"):
        parts.append(str(g["text"]))
    return ", ".join(parts) or "no number"


def _key(k: tuple) -> str:
    region, year, indicator, kind = k
    return f"{indicator} {region} {year} {kind}"


def _indicators(detail, text: str | None) -> dict:
    ind = detail.indicators
    missed, invented = [], []
    for k, g in ind.gold.items():
        if k in ind.right:
            continue
        row = {"key": _key(k), "gold": _gold_amount(g), "quote": g.get("quote", "")}
        claim = ind.claims.get(k)
        if claim is not None:  # stated, with other numbers
            row["ours"] = _amount(claim["values"], claim["growths"])
            row["evidence"] = _in_text(claim["evidence"], text)
        missed.append(row)
    for k, claim in ind.claims.items():
        if k not in ind.gold:
            invented.append({"key": _key(k), "ours": _amount(claim["values"], claim["growths"]),
                             "evidence": _in_text(claim["evidence"], text)})
    return {"missed": missed, "invented": invented}


def _names(lm: ListMatch, evidence: dict[str, set[str]], text: str | None) -> dict:
    matched_sys = set(lm.strict.values())
    near_of_gold = {gi: si for gi, si in lm.lenient.items() if gi not in lm.strict}
    near_of_sys = {si: gi for gi, si in near_of_gold.items()}
    missed = []
    for gi, it in enumerate(lm.items):
        if gi in lm.strict:
            continue
        row = {"name": it["name"], "quote": it.get("quote", "")}
        if gi in near_of_gold:
            row["near"] = _label(lm.found[near_of_gold[gi]][1])
        missed.append(row)
    invented = []
    for si, (iri, names) in enumerate(lm.found):
        if si in matched_sys:
            continue
        row = {"name": _label(names), "iri": local_name(iri), "evidence": _in_text(evidence.get(iri, set()), text)}
        if si in near_of_sys:
            row["near"] = lm.items[near_of_sys[si]]["name"]
        invented.append(row)
    return {"missed": missed, "invented": invented}


def misses(result: EvalResult, docs_dir: str | Path | None = None) -> dict:
    """Everything the graph got wrong, per document, as plain JSON-able data."""
    iris = {iri for d in result.details.values() for lm in d.lists.values() for iri, _ in lm.found}
    evidence = result.facts.evidence(iris) if result.facts is not None else {}
    out: dict = {"docs": {}}
    for doc, detail in result.details.items():
        text = None
        if docs_dir is not None and (Path(docs_dir) / f"{doc}.txt").exists():
            text = _SPACE.sub("", (Path(docs_dir) / f"{doc}.txt").read_text(encoding="utf-8"))
        row: dict = {"indicators": _indicators(detail, text)}
        for name, lm in detail.lists.items():
            row[name] = _names(lm, evidence, text)
        row["projects"]["status"] = [
            {"name": c.item["name"], "gold": c.wanted, "ours": sorted(c.stated), "quote": c.item.get("quote", "")}
            for c in detail.statuses if c.stated != {c.wanted}]
        row["meta"] = [{"field": f, "gold": want, "ours": sorted(map(str, got))} for f, want, got in detail.meta]
        out["docs"][doc] = row
    if result.links is not None:
        names = {iri: names for d in result.details.values() for lm in d.lists.values() for iri, names in lm.found}
        linked = {x.earlier_iri for x in result.links.links if x.found}
        out["links"] = {
            "missed": [{"list": x.kind, "earlier": x.earlier, "earlier_name": x.earlier_name,
                        "later": x.later, "later_name": x.later_name,
                        "why": _link_failure(x),
                        "earlier_iri": x.earlier_iri and local_name(x.earlier_iri),
                        "later_iri": x.later_iri and local_name(x.later_iri)}
                       for x in result.links.links if not x.found],
            "shared": [{"list": kind, "earlier": t, "later": d, "iri": local_name(iri),
                        "names": sorted(names.get(iri, set())), "gold_link": iri in linked}
                       for (t, d, kind), shared in result.links.shared.items() for iri in shared],
        }
    return out


def _link_failure(link) -> str:
    if link.earlier_iri is None and link.later_iri is None:
        return "neither item found"
    if link.earlier_iri is None:
        return "earlier item not found"
    if link.later_iri is None:
        return "later item not found"
    return "two IRIs"


def format_misses(data: dict) -> str:
    """The misses as text a person reads: one block per report, one line per item."""
    lines: list[str] = []
    for doc, row in data["docs"].items():
        lines.append(f"== {doc}")
        for m in row["meta"]:
            lines.append(f"  metadata {m['field']}: gold {m['gold']!r}, graph {', '.join(m['ours']) or 'nothing'}")
        ind = row["indicators"]
        for m in ind["missed"]:
            ours = f"; graph {m['ours']}" if "ours" in m else ""
            lines.append(f"  indicators missed   {m['key']} = {m['gold']}{ours} — “{m['quote']}”")
        for m in ind["invented"]:
            lines.append(f"  indicators invented {m['key']} = {m['ours']} — “{_first(m['evidence'])}”")
        for name in ("projects", "enterprises", "policies", "places"):
            for m in row[name]["missed"]:
                near = f" (near: {m['near']})" if "near" in m else ""
                lines.append(f"  {name} missed   {m['name']}{near} — “{m['quote']}”")
            for m in row[name]["invented"]:
                near = f" (near: {m['near']})" if "near" in m else ""
                lines.append(f"  {name} invented {m['name']}{near} — “{_first(m['evidence'], m['name'])}”")
        for m in row["projects"]["status"]:
            lines.append(f"  status {m['name']}: gold {m['gold']}, graph {', '.join(m['ours']) or 'none'} — “{m['quote']}”")
    links = data.get("links")
    if links:
        lines.append("== cross-report links")
        for m in links["missed"]:
            lines.append(f"  link missed ({m['list']}, {m['why']}): {m['earlier_name']} [{m['earlier']}]"
                         f" → {m['later_name']} [{m['later']}]"
                         + (f"  {m['earlier_iri']} ≠ {m['later_iri']}" if m["why"] == "two IRIs" else ""))
        for m in links["shared"]:
            mark = "gold link" if m["gold_link"] else "not a gold link"
            lines.append(f"  shared by {m['earlier']} and {m['later']} ({m['list']}, {mark}): {m['iri']}"
                         f"  [{' / '.join(m['names'])}]")
    return "\n".join(lines)


def _first(evidence: list[str], name: str = "", width: int = 30) -> str:
    """The first evidence sentence, cut to ``width`` characters either side of the name
    when the name is in it (sentences run to hundreds of characters)."""
    if not evidence:
        return ""
    text = evidence[0]
    # where the name stands; a name the graph composed (南绛山矿山…项目) by its longest
    # written beginning or end
    pieces = [name[:n] for n in range(len(name), 1, -1)] + [name[-n:] for n in range(len(name) - 1, 1, -1)]
    at = next((text.find(x) for x in pieces if x in text), -1)
    if at < 0 or len(text) <= len(name) + 2 * width:
        return text if len(text) <= 2 * width + 20 else text[:2 * width + 20] + "…"
    start, end = max(0, at - width), min(len(text), at + len(name) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
