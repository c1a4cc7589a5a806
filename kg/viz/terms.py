"""How RDF terms look to a person: Chinese names for classes, relations and individuals,
and each node class's colour and shape. One table, so the legend, the tooltips and the
charts say the same thing."""
from __future__ import annotations

from dataclasses import dataclass

CKG = "https://w3id.org/county-kg/ontology#"
CKR = "https://w3id.org/county-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class NodeStyle:
    name: str  # what the legend calls the class
    color: str
    shape: str  # a vis-network shape
    size: int


# Ordered as the legend lists them. Colours: distinct for colour-blind readers (Okabe-Ito).
NODE_STYLES: dict[str, NodeStyle] = {
    "Region": NodeStyle("地区", "#0072B2", "dot", 22),
    "Report": NodeStyle("报告", "#555555", "square", 18),
    "Project": NodeStyle("项目", "#E69F00", "triangle", 14),
    "Enterprise": NodeStyle("企业", "#009E73", "diamond", 14),
    "Policy": NodeStyle("政策", "#CC79A7", "star", 14),
    "Indicator": NodeStyle("指标", "#D55E00", "hexagon", 16),
    "Observation": NodeStyle("观测值", "#F0B400", "dot", 8),
    "ProjectStage": NodeStyle("项目阶段", "#B07A00", "dot", 7),
    "Person": NodeStyle("人物", "#56B4E9", "ellipse", 12),
    "Aggregate": NodeStyle("汇总", "#8C8C8C", "box", 16),
    "Other": NodeStyle("其他", "#999999", "dot", 10),
}
# the classes a view can be asked for (kg viz --type)
ALL_TYPES = tuple(t for t in NODE_STYLES if t not in ("Aggregate", "Other"))

# What the default view draws; observations are folded into their region's details and
# stages into their project's (docs/views.md says why).
DEFAULT_TYPES = ("Region", "Report", "Project", "Enterprise", "Policy")

# Relations drawn as edges, with the label each edge shows.
RELATIONS: dict[str, str] = {
    CKG + "region": "地区",
    CKG + "partOf": "隶属",
    CKG + "mentionedIn": "提及于",
    CKG + "enterprise": "企业",
    CKG + "speaker": "报告人",
    CKG + "indicator": "指标",
    CKG + "stage": "阶段",
    PROV + "wasDerivedFrom": "出自",
}

# Fields shown in tooltips and the details panel, in this order.
FIELDS: dict[str, str] = {
    DCT + "title": "标题",
    CKG + "reportType": "类型",
    DCT + "date": "日期",
    CKG + "reviewYear": "回顾年份",
    CKG + "planYear": "计划年份",
    CKG + "speaker": "报告人",
    CKG + "level": "级别",
    CKG + "partOf": "上级",
    CKG + "indicator": "指标",
    CKG + "region": "地区",
    CKG + "year": "年份",
    CKG + "kind": "口径",
    CKG + "value": "数值",
    CKG + "unit": "单位",
    CKG + "growthRate": "增速(%)",
    CKG + "rank": "排名",
    CKG + "targetText": "目标表述",
    CKG + "status": "状态",
    CKG + "investment": "投资",
    CKG + "investmentUnit": "投资单位",
    CKG + "capacity": "规模",
    CKG + "enterprise": "企业",
    CKG + "policyKind": "类别",
    SKOS + "altLabel": "别名",
    CKG + "identityNote": "合并依据",   # why mentions under other names are this entity
    DCT + "source": "来源文件",
    CKG + "evidence": "原文",
    CKG + "mentionedIn": "出处",
    PROV + "wasDerivedFrom": "出处",
}

# Individuals of the ckg: vocabulary by their local name.
INDIVIDUALS: dict[str, str] = {
    "PlanReport": "计划执行情况报告",
    "WorkReport": "政府工作报告",
    "Province": "省",
    "City": "市",
    "County": "县",
    "Township": "乡镇",
    "Village": "村",
    "Zone": "园区",
    "Actual": "实际",
    "Target": "目标",
    "Completed": "已建成",
    "UnderConstruction": "在建",
    "Started": "已开工",
    "Planned": "谋划",
    "StatusUnknown": "状态不明",
    "Plan": "规划",
    "Regulation": "法规",
    "Reform": "改革",
    "Campaign": "行动",
    "Strategy": "战略",
    "Designation": "称号",
}

CLASS_BY_IRI = {CKG + name: name for name in NODE_STYLES if name not in ("Aggregate", "Other")}


def class_name(iri: str | None) -> str:
    """``ckg:Project`` → ``Project``; any class we do not style → ``Other``."""
    return CLASS_BY_IRI.get(iri or "", "Other")


def compact(iri: str) -> str:
    """A short readable form for an IRI that has no label: ``ckr:project/…``, ``ckg:Started``."""
    for prefix, base in (("ckr:", CKR), ("ckg:", CKG), ("skos:", SKOS), ("rdfs:", RDFS),
                         ("prov:", PROV), ("dcterms:", DCT)):
        if iri.startswith(base):
            return prefix + iri[len(base):]
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def individual_name(iri: str) -> str | None:
    if iri.startswith(CKG):
        return INDIVIDUALS.get(iri[len(CKG):])
    return None
