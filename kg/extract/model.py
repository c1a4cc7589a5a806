"""The facts extractors produce: plain dataclasses, picklable, independent of RDF.

Extractors fill these; ``kg.graph`` turns them into triples. Keeping them free of rdflib
lets workers in other processes return them and the cache store them as JSON.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """A source sentence: ``text`` is the raw slice [start, end) with whitespace normalised."""

    text: str
    start: int
    end: int
    part: str = "other"  # head | review | plan | other  (which part of the report speaks)
    section: str = ""    # the heading path, e.g. "一、… / （二）…"


@dataclass
class ReportMeta:
    title: str | None = None
    report_type: str | None = None  # "plan" | "work"
    region: str | None = None       # the report's own region: the gazetteer's current name
    region_written: str | None = None  # its name as the report writes it, when another (清苑县 for 清苑区)
    region_level: str | None = None  # province | city | county | county_city
    parents: list[str] = field(default_factory=list)  # next levels up, nearest first
    date: str | None = None          # ISO yyyy-mm-dd, only when the text says
    review_year: int | None = None
    plan_year: int | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    meeting: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)  # field name -> where it was read


@dataclass
class Observation:
    indicator: str                # canonical name (vocabulary) or the name as written
    in_vocabulary: bool
    region: str
    year: int
    kind: str                     # "actual" | "target"
    evidence: Evidence
    value: str | None = None      # as written, e.g. "181.5"
    unit: str | None = None       # as written, e.g. "亿元"
    value_in_base_unit: float | None = None
    base_unit: str | None = None  # 元, 吨, 亩 … after applying 亿/万
    growth: float | None = None   # percent; negative for 下降
    rank: str | None = None
    qualifier: str | None = None  # 左右, 以上, 不低于, 区间 …
    text: str | None = None       # a target with no number ("与经济增长同步")
    indicator_key: str | None = None  # the SKOS concept's key when in the vocabulary

    def key(self) -> tuple:
        return (self.region, self.year, self.indicator, self.kind)


@dataclass
class EnterpriseMention:
    name: str
    evidence: Evidence
    aliases: list[str] = field(default_factory=list)
    region: str | None = None     # None for outside partners (中国联通)


@dataclass
class ProjectMention:
    name: str
    evidence: Evidence
    status: str = "unknown"       # completed | under_construction | started | planned | unknown
    year: int | None = None
    region: str | None = None
    aliases: list[str] = field(default_factory=list)
    enterprises: list[str] = field(default_factory=list)
    investment: str | None = None  # as written
    investment_unit: str | None = None
    capacity: str | None = None


@dataclass
class PolicyMention:
    name: str
    kind: str                     # plan | regulation | reform | campaign | strategy | designation
    evidence: Evidence
    region: str | None = None     # issuer or holder; "国家" for national
    year: int | None = None
    aliases: list[str] = field(default_factory=list)
    definition: str | None = None  # from a 注释 footnote


@dataclass
class PlaceMention:
    name: str
    level: str                    # province | city | county | township | village | zone
    evidence: Evidence
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class ReportFacts:
    """Everything extracted from one report."""

    key: str                      # the report's IRI key
    source_name: str              # the input file's name
    source_path: str              # as given on the command line
    content_hash: str
    characters: int
    meta: ReportMeta = field(default_factory=ReportMeta)
    observations: list[Observation] = field(default_factory=list)
    enterprises: list[EnterpriseMention] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    policies: list[PolicyMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "ReportFacts":
        def ev(x):
            return Evidence(**x)

        meta = dict(d["meta"])
        meta["evidence"] = {k: ev(v) for k, v in meta.get("evidence", {}).items()}
        return cls(
            key=d["key"], source_name=d["source_name"], source_path=d["source_path"],
            content_hash=d["content_hash"], characters=d["characters"],
            meta=ReportMeta(**meta),
            observations=[Observation(**{**o, "evidence": ev(o["evidence"])}) for o in d["observations"]],
            enterprises=[EnterpriseMention(**{**o, "evidence": ev(o["evidence"])}) for o in d["enterprises"]],
            projects=[ProjectMention(**{**o, "evidence": ev(o["evidence"])}) for o in d["projects"]],
            policies=[PolicyMention(**{**o, "evidence": ev(o["evidence"])}) for o in d["policies"]],
            places=[PlaceMention(**{**o, "evidence": ev(o["evidence"])}) for o in d["places"]],
        )
