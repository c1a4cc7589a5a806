"""What a tooltip and the details panel say about each node on the page: its class, key
values, the evidence sentence and the report it came from; a region also gets its
observations (folded into it rather than drawn, see docs/views.md), a project its stages.

Everything here is plain text; the page puts it into the DOM with textContent only."""
from __future__ import annotations

import networkx as nx

from kg.viz.read import GraphReader
from kg.viz.terms import CKG, FIELDS, NODE_STYLES, PROV, compact, individual_name

_EVIDENCE = CKG + "evidence"
_REPORT_LINKS = (CKG + "mentionedIn", PROV + "wasDerivedFrom")
# Observations listed per region (the count says how many in all): all a person reads in a
# small view; in a view of hundreds of regions, only the latest, or the page grows to tens of MB.
_MAX_OBS = 80
_MAX_OBS_MANY = 10
_MANY_REGIONS = 50
# Evidence sentences and reports listed per node (the count says how many in all): a policy
# named in a thousand reports has a thousand sentences, 80 % of a region page's bytes, that
# no one reads in a panel; the first ones show how it is named, kg query lists them all.
_MAX_EVIDENCE = 20
_MAX_REPORTS = 30


def node_details(reader: GraphReader, g: nx.MultiDiGraph,
                 region_obs: dict[str, list] | None = None) -> dict[str, dict]:
    """``region_obs``: region → [observation count, the rows shown when a page has many
    regions] (``region_observations``, from the store's summary), for regions without it."""
    real = [n for n in g if g.nodes[n]["type"] != "Aggregate"]
    fields = reader.fields(real)
    regions = [n for n in real if g.nodes[n]["type"] == "Region"]
    projects = [n for n in real if g.nodes[n]["type"] == "Project"]
    max_obs = _MAX_OBS if len(regions) <= _MANY_REGIONS else _MAX_OBS_MANY
    if max_obs != _MAX_OBS_MANY:
        # a few regions: their first _MAX_OBS rows, from the summary when the store has one
        region_obs = reader.region_rows(regions) if reader.region_rows is not None and regions else None
    observations = reader.observations_of_regions(regions) if regions and region_obs is None else {}
    stages = reader.stages_of_projects(projects) if projects else {}
    reports = reader.report_labels(sorted(
        {o["report"] for obs in observations.values() for o in obs if o["report"]}
        | {st["report"] for sts in stages.values() for st in sts if st["report"]}))
    order = {p: i for i, p in enumerate(FIELDS)}
    out: dict[str, dict] = {}
    for n, d in g.nodes(data=True):
        t = d["type"]
        info: dict = {"t": NODE_STYLES.get(t, NODE_STYLES["Other"]).name}
        if t == "Aggregate":
            info["t"] = f"{NODE_STYLES[d['member_type']].name}（汇总）"
            info["n"] = d.get("count", 0)
            info["m"] = d.get("members", [])
            out[n] = info
            continue
        info["iri"] = compact(n)
        rows = sorted(fields.get(n, []), key=lambda pv: (order.get(pv[0], 999), pv[1]))
        info["f"] = [[FIELDS[p], v] for p, v in rows if p != _EVIDENCE and p not in _REPORT_LINKS]
        info["f"] += [[name, value] for name, value in d.get("extra", [])]
        evidence = [v for p, v in rows if p == _EVIDENCE]
        info["ev"] = evidence[:_MAX_EVIDENCE]
        total = reader.evidence_total.get(n, len(evidence))  # a digest holds only the first ones
        if total > _MAX_EVIDENCE:
            info["evN"] = total
        sources = sorted({v for p, v in rows if p in _REPORT_LINKS})
        info["rep"] = sources[:_MAX_REPORTS]
        if len(sources) > _MAX_REPORTS:
            info["repN"] = len(sources)
        if n in observations:
            info["obsN"] = len(observations[n])
            info["obs"] = observation_rows(observations[n][:max_obs], reports)
        elif region_obs and n in region_obs:
            info["obsN"], info["obs"] = region_obs[n]
        if n in stages:
            info["st"] = [[s["year"], individual_name(s["status"] or "") or "", s["evidence"] or "",
                           reports.get(s["report"] or "", "")] for s in stages[n]]
        out[n] = info
    return out


def observation_rows(obs: list[dict], reports: dict[str, str]) -> list[list[str]]:
    """A region's observations as the details panel lists them."""
    return [[o["year"], o["indicator"], o["kind"], _amount(o), _growth(o), o["rank"] or "",
             o["evidence"] or "", reports.get(o["report"] or "", "")] for o in obs]


def region_observations(reader: GraphReader, shown: int = _MAX_OBS_MANY) -> dict[str, list]:
    """Every region with observations → [how many, the first ``shown`` rows]: one read of
    all observations, for the store's summary."""
    observations = reader.observations_of_regions(None)
    reports = reader.report_labels(sorted({o["report"] for obs in observations.values() for o in obs if o["report"]}))
    return {r: [len(obs), observation_rows(obs[:shown], reports)] for r, obs in observations.items()}


def _amount(o: dict) -> str:
    return f"{o['value']}{o['unit']}" if o["value"] is not None else ""


def _growth(o: dict) -> str:
    if o["growth"] is None:
        return ""
    try:
        return f"{float(o['growth']):+g}%"
    except ValueError:
        return o["growth"]
