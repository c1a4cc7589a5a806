"""Score a graph against gold annotations: the API behind ``kg eval``.

The rules are those of the shared scorer (``eval/score.py``), and the numbers are the same
(tests/test_eval.py runs both on the same graphs); only the terms of CONTRACT.md are read.

- Indicators: the graph's observations are grouped by key (region label, year, indicator
  prefLabel, kind), per report. A key is right when it is in the gold and every number the
  graph states for it agrees with the gold's (within 0.5 % relative or 0.011 absolute, after
  applying 亿/万 to values); two different numbers for one key are wrong, a number where the
  gold has none is invented. Indicators outside the vocabulary are not scored.
- Projects, enterprises, policies, places: names match after ``clean_name`` (NFKC, no
  spaces, quotes, brackets); a gold item matches a graph entity when any of their names
  (label, altLabels / aliases) agree. Matching is one-to-one, exact pairs before lenient
  ones (containment covering >= 70 % of the longer name); so a duplicated entity is a false
  positive. Places also match with a unit word (镇 乡 村 县 市 区 省 自治区 …) missing on one
  side (长子 = 长子县, but 北董乡 != 北董村); the report's own region is not scored as a place.
- Regions of reports and observations match by rdfs:label or skos:altLabel (a region
  labelled 清苑区 with the report's 清苑县 as altLabel matches either).
- Project status: for every matched project, the statuses the graph's stages from that
  report state (else the project's plain ``ckg:status``) must be exactly the gold's one.
- Report metadata: region, type, date, years, speaker; a field the gold leaves empty must
  be empty in the graph too.
- Evidence (with ``docs_dir``): every ``ckg:evidence`` of an observation must be in the
  source text, whitespace ignored.
- Cross-report identity, apart from the headline: where gold items carry ``same_as`` (the
  name of the same thing in an earlier report of the region), the entities matched to both
  items should be one IRI; also counted: the IRIs named in both reports of a linked pair.

kg.eval_misses lists, from the same matching, what was missed and what was invented.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_write
from kg import data_path
from kg.graph.iris import clean_name
from kg.store import open_graph
from kg.vocab import CKG

LISTS = ("indicators", "projects", "enterprises", "policies", "places")
NAME_LISTS = ("projects", "enterprises", "policies", "places")
ENTITY_CLASS = {"projects": "Project", "enterprises": "Enterprise", "policies": "Policy",
                "places": "Region"}
META_FIELDS = ("region", "doc_type", "date", "review_year", "plan_year", "speaker")
REPORT_TYPES = {"PlanReport": "plan_report", "WorkReport": "work_report"}
STATUS_TERMS = {"completed": "Completed", "under_construction": "UnderConstruction",
                "started": "Started", "planned": "Planned"}  # anything else: StatusUnknown
# Chinese multiplier prefixes of units, longest first (万亿 before 万 and 亿).
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
LENIENT = "~"  # suffix of the lenient variant of a list's name: "projects~"

PREFIXES = f"""
PREFIX ckg: <{CKG._NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


class EvalError(Exception):
    """Gold or vocabulary files that cannot be read; the message names the file."""


# ---------------------------------------------------------------- comparison rules

def norm(value: object) -> str:
    """The comparison form of a name or value ('' for None)."""
    return "" if value is None else clean_name(str(value))


def base_value(value: float | None, unit: str | None) -> float | None:
    """The value scaled by its unit's multiplier prefix (181.5 亿元 -> 1.815e10)."""
    if value is None:
        return None
    u = norm(unit)
    for prefix, m in MULTIPLIERS.items():
        if u.startswith(prefix) and len(u) > len(prefix):
            return float(value) * m
    return float(value)


def rounded(x: float | None) -> float | None:
    return None if x is None else float(f"{float(x):.6g}")


def close(a: float | None, b: float | None, rel: float = 0.005, abs_tol: float = 0.011) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= max(abs_tol, rel * max(abs(a), abs(b)))


def lenient_eq(a: str, b: str) -> bool:
    """Equal, or one contains the other and covers at least 70 % of it."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.7 * len(long_)


# A place's unit word: 北董 = 北董乡 and 长子 = 长子县 (the unit missing on one side only).
PLACE_UNITS = ("镇", "乡", "村", "县", "市", "区", "省", "自治区", "自治州", "自治县", "特别行政区")


def same_place(a: str, b: str) -> bool:
    """北董 = 北董乡, 长子 = 长子县, but 北董乡 != 北董村: a unit word may be missing on one side only."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and long_.startswith(short) and long_[len(short):] in PLACE_UNITS


def year_of(text: str | None) -> int | None:
    m = re.match(r"\d{4}", text) if text is not None else None
    return int(m.group()) if m else None


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


# ---------------------------------------------------------------- scores

@dataclass
class Counts:
    """True positives among the system's items and among the gold's, and the totals."""

    tp_sys: int = 0
    n_sys: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp_sys + other.tp_sys, self.n_sys + other.n_sys,
                      self.tp_gold + other.tp_gold, self.n_gold + other.n_gold)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1; an empty side scores 1.0 only when the other is empty too."""
        p = self.tp_sys / self.n_sys if self.n_sys else (1.0 if not self.n_gold else 0.0)
        r = self.tp_gold / self.n_gold if self.n_gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += bool(ok)
        self.total += 1

    def __str__(self) -> str:
        return f"{self.hits}/{self.total}"


@dataclass
class EvalResult:
    """Counts per list (strict and ``~`` lenient), in total and per document; the
    cross-report links where the gold has same_as; what was matched, for ``--misses``."""

    totals: dict[str, Counts]
    per_doc: dict[str, dict[str, Counts]]
    meta: Ratio
    status: Ratio
    evidence: Ratio
    evidence_checked: bool = False
    vocabulary_source: str = ""
    links: "LinkResult | None" = None
    details: "dict[str, DocDetail]" = field(default_factory=dict)
    facts: "GraphFacts | None" = None

    def f1(self, lenient: bool = False) -> float:
        """The headline: mean F1 over the five lists."""
        suffix = LENIENT if lenient else ""
        return sum(self.totals[name + suffix].prf()[2] for name in LISTS) / len(LISTS)

    def to_json(self) -> dict:
        """The same document as ``score.py --json``, plus the raw counts."""
        out = {
            "summary": {k: c.prf() for k, c in self.totals.items()},
            "per_doc": {d: {k: c.prf() for k, c in row.items()} for d, row in self.per_doc.items()},
            "meta": [self.meta.hits, self.meta.total],
            "status": [self.status.hits, self.status.total],
            "evidence": [self.evidence.hits, self.evidence.total],
            "headline_f1": self.f1(),
            "lenient_f1": self.f1(lenient=True),
        }
        if self.links is not None:
            out["links"] = list(self.links.counts)
        out["counts"] = {k: [c.tp_sys, c.n_sys, c.tp_gold, c.n_gold] for k, c in self.totals.items()}
        return out


# ---------------------------------------------------------------- what the graph says

def _text(term: object) -> str | None:
    return None if term is None else getattr(term, "value", str(term))


def _number(term: object) -> float | None:
    """A literal as a float; a lexical form that is not a number states nothing."""
    try:
        return None if term is None else float(_text(term))
    except ValueError:
        return None


class GraphFacts:
    """What a graph states, grouped by the source document (file stem) of each report."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.report_doc: dict[str, str] = {}
        for r, src in self._rows("SELECT ?r ?src WHERE { ?r a ckg:Report ; dcterms:source ?src }"):
            self.report_doc[_text(r)] = Path(_text(src)).stem
        self.doc_report = {doc: r for r, doc in self.report_doc.items()}

    def _rows(self, query: str) -> Iterable[list]:
        result = self.store.query(PREFIXES + query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        for sol in result:
            yield [sol[n] for n in names]

    def meta(self) -> dict[str, dict[str, set]]:
        """Per document: each metadata field as the set of values the graph states."""
        out: dict[str, dict[str, set]] = defaultdict(lambda: {f: set() for f in META_FIELDS})
        for r, rl, typ, date, ry, py, sl in self._rows("""
            SELECT ?r ?rl ?type ?date ?ry ?py ?sl WHERE {
              ?r a ckg:Report .
              OPTIONAL { ?r ckg:region/(rdfs:label|skos:altLabel) ?rl }
              OPTIONAL { ?r ckg:reportType ?type }
              OPTIONAL { ?r dcterms:date ?date }
              OPTIONAL { ?r ckg:reviewYear ?ry }
              OPTIONAL { ?r ckg:planYear ?py }
              OPTIONAL { ?r ckg:speaker/rdfs:label ?sl }
            }"""):
            doc = self.report_doc.get(_text(r))
            if doc is None:
                continue
            m = out[doc]
            if rl is not None:
                m["region"].add(norm(_text(rl)))
            if typ is not None:
                name = local_name(_text(typ))
                m["doc_type"].add(REPORT_TYPES.get(name, name))
            if date is not None:
                m["date"].add(_text(date)[:10])
            if ry is not None:
                m["review_year"].add(year_of(_text(ry)))
            if py is not None:
                m["plan_year"].add(year_of(_text(py)))
            if sl is not None:
                m["speaker"].add(norm(_text(sl)))
        return out

    def observations(self) -> dict[str, list[dict[str, set]]]:
        """Per document: one record per observation node, every label and number it carries."""
        by_doc: dict[str, dict[str, dict[str, set]]] = defaultdict(dict)
        for o, rep, rl, y, il, k, v, u, gr, ev in self._rows("""
            SELECT ?o ?rep ?rl ?y ?il ?k ?v ?u ?gr ?ev WHERE {
              ?o a ckg:Observation ; prov:wasDerivedFrom ?rep .
              OPTIONAL { ?o ckg:region/(rdfs:label|skos:altLabel) ?rl }
              OPTIONAL { ?o ckg:year ?y }
              OPTIONAL { ?o ckg:indicator/skos:prefLabel ?il }
              OPTIONAL { ?o ckg:kind ?k }
              OPTIONAL { ?o ckg:value ?v }
              OPTIONAL { ?o ckg:unit ?u }
              OPTIONAL { ?o ckg:growthRate ?gr }
              OPTIONAL { ?o ckg:evidence ?ev }
            }"""):
            doc = self.report_doc.get(_text(rep))
            if doc is None:
                continue
            rec = by_doc[doc].setdefault(_text(o), {f: set() for f in (
                "regions", "years", "indicators", "kinds", "values", "growths", "evidence")})
            if rl is not None:
                rec["regions"].add(norm(_text(rl)))
            if year_of(_text(y)):
                rec["years"].add(year_of(_text(y)))
            if il is not None:
                rec["indicators"].add(norm(_text(il)))
            if k is not None:
                rec["kinds"].add(local_name(_text(k)).lower())
            if _number(v) is not None:
                rec["values"].add(rounded(base_value(_number(v), _text(u))))
            if _number(gr) is not None:
                rec["growths"].add(rounded(_number(gr)))
            if ev is not None:
                rec["evidence"].add(_text(ev))
        return {doc: list(recs.values()) for doc, recs in by_doc.items()}

    def entities(self, cls: str) -> dict[str, dict[str, set[str]]]:
        """Per document: IRI -> names (label, prefLabel, altLabels) of the ``ckg:{cls}``
        entities mentioned in that document's report (an entity without a name has none)."""
        by_doc: dict[str, dict[str, set[str]]] = defaultdict(dict)
        for e, rep, label in self._rows(f"""
            SELECT ?e ?rep ?l WHERE {{
              ?e a ckg:{cls} ; ckg:mentionedIn ?rep .
              OPTIONAL {{ ?e rdfs:label|skos:prefLabel|skos:altLabel ?l }}
            }}"""):
            doc = self.report_doc.get(_text(rep))
            if doc is None:
                continue
            names = by_doc[doc].setdefault(_text(e), set())
            name = norm(_text(label))
            if name:
                names.add(name)
        return by_doc

    def evidence(self, iris: Iterable[str]) -> dict[str, set[str]]:
        """IRI -> every ckg:evidence stated about it (in any report)."""
        out: dict[str, set[str]] = defaultdict(set)
        wanted = " ".join(f"<{i}>" for i in sorted(set(iris)))
        if not wanted:
            return out
        for e, ev in self._rows(f"SELECT ?e ?ev WHERE {{ VALUES ?e {{ {wanted} }} ?e ckg:evidence ?ev }}"):
            out[_text(e)].add(_text(ev))
        return out

    def project_statuses(self) -> dict[str, dict[str | None, set[str]]]:
        """Project IRI -> {report IRI: statuses its stages state; None: plain ckg:status}."""
        out: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
        for p, st in self._rows("SELECT ?p ?st WHERE { ?p a ckg:Project ; ckg:status ?st }"):
            out[_text(p)][None].add(local_name(_text(st)))
        for p, st, rep in self._rows("""
            SELECT ?p ?st ?rep WHERE { ?p a ckg:Project ; ckg:stage ?s .
              ?s ckg:status ?st ; prov:wasDerivedFrom ?rep }"""):
            out[_text(p)][_text(rep)].add(local_name(_text(st)))
        return out


# ---------------------------------------------------------------- per-list scoring

@dataclass
class IndicatorMatch:
    """One document's indicators: the gold items by key, the graph's claims by key (numbers
    and evidence), and the keys the graph gets right."""

    gold: dict[tuple, dict]
    claims: dict[tuple, dict[str, set]]
    right: set[tuple]

    def counts(self) -> Counts:
        return Counts(len(self.right), len(self.claims), len(self.right), len(self.gold))


def match_indicators(gold_items: list[dict], observations: list[dict[str, set]],
                     vocabulary: set[str]) -> IndicatorMatch:
    """One claim per key the graph states; right when in the gold with agreeing numbers."""
    def gold_key(x: dict) -> tuple:
        return (norm(x.get("region")), x.get("year"), norm(x.get("indicator")), x.get("kind"))

    gold: dict[tuple, dict] = {}
    for g in gold_items:
        gold.setdefault(gold_key(g), g)
    claims: dict[tuple, dict[str, set]] = defaultdict(
        lambda: {"values": set(), "growths": set(), "evidence": set()})
    for o in observations:
        # An observation with several labels (another language, an alias) stands for the
        # gold key some combination of them names, else for one key of its own.
        keys = sorted(((r, y, i, k) for r in o["regions"] or {""} for y in o["years"] or {0}
                       for i in o["indicators"] & vocabulary for k in o["kinds"] or {""}), key=str)
        if not keys:
            continue
        key = next((k for k in keys if k in gold), keys[0])
        claims[key]["values"] |= o["values"]
        claims[key]["growths"] |= o["growths"]
        claims[key]["evidence"] |= o["evidence"]

    def agrees(g: dict, claim: dict[str, set]) -> bool:
        gv = base_value(g["value"], g.get("unit")) if g.get("value") is not None else None
        gg = g.get("growth_pct")
        values, growths = claim["values"] - {None}, claim["growths"] - {None}
        if gv is None and gg is None:
            return not values and not growths
        ok = True
        if gv is not None:
            ok &= len(values) == 1 and close(gv, next(iter(values)))
        if gg is not None:
            ok &= len(growths) == 1 and close(float(gg), next(iter(growths)))
        return ok

    right = {k for k, c in claims.items() if k in gold and agrees(gold[k], c)}
    return IndicatorMatch(gold, dict(claims), right)


def score_indicators(gold_items: list[dict], observations: list[dict[str, set]],
                     vocabulary: set[str]) -> Counts:
    return match_indicators(gold_items, observations, vocabulary).counts()


def match_names(gold_names: list[set[str]], sys_names: list[set[str]], lenient: bool,
                places: bool = False) -> dict[int, int]:
    """One-to-one matching, exact pairs first; returns {gold index: system index}."""
    exact: Callable[[str, str], bool] = same_place if places else (lambda a, b: a == b)
    tiers = [exact]
    if lenient:
        tiers.append(lambda a, b: exact(a, b) or lenient_eq(a, b))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for eq in tiers:
        for gi, g in enumerate(gold_names):
            if gi in matched:
                continue
            for si, s in enumerate(sys_names):
                if si not in used and any(eq(x, y) for x in g for y in s):
                    matched[gi] = si
                    used.add(si)
                    break
    return matched


# ---------------------------------------------------------------- gold and vocabulary

def load_gold(gold_dir: str | os.PathLike[str]) -> dict[str, dict]:
    """Gold annotations by document stem (``000_….json`` -> ``000_…``)."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise EvalError(f"{d}: no such gold directory")
    golds = {}
    for p in sorted(d.glob("*.json")):
        try:
            gold = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise EvalError(f"{p}: not valid JSON: {e}") from e
        problem = gold_problem(gold)
        if problem:
            raise EvalError(f"{p}: not a gold annotation file: {problem}")
        golds[p.stem] = gold
    if not golds:
        raise EvalError(f"{d}: no gold *.json files")
    return golds


# The fields each list's items must have (docs/gold-format.md); the rest are optional.
REQUIRED_FIELDS = {"indicators": ("indicator", "region", "year", "kind"), "projects": ("name",),
                   "enterprises": ("name",), "policies": ("name",), "places": ("name",)}


def gold_problem(gold: object) -> str | None:
    """What makes ``gold`` unusable as a gold annotation, or None."""
    if not isinstance(gold, dict) or not isinstance(gold.get("meta"), dict):
        return 'no "meta" object'
    for name, fields in REQUIRED_FIELDS.items():
        items = gold.get(name, [])
        if not isinstance(items, list):
            return f'"{name}" is not a list'
        for i, item in enumerate(items):
            missing = [f for f in fields if not isinstance(item, dict) or f not in item]
            if missing:
                return f'{name}[{i}] lacks {", ".join(missing)}'
            if not isinstance(item.get("aliases", []), list):
                return f'{name}[{i}]: "aliases" is not a list'
    return None


def vocabulary_from_skos(path: Path) -> set[str]:
    """The Chinese (or untagged) prefLabels of the indicator concepts, outside-vocabulary
    ones (``ckg:OutsideScheme``) excepted: the canonical names the gold uses."""
    store = open_graph(path)
    query = PREFIXES + f"""
        SELECT ?l WHERE {{
          {{ ?c a ckg:Indicator }} UNION {{ ?c a skos:Concept }}
          ?c skos:prefLabel ?l .
          FILTER (LANG(?l) = "" || LANGMATCHES(LANG(?l), "zh"))
          FILTER NOT EXISTS {{ ?c skos:inScheme <{CKG.OutsideScheme}> }}
        }}"""
    return {norm(sol["l"].value) for sol in store.query(query, use_default_graph_as_union=True)} - {""}


def vocabulary_from_schema(path: Path) -> set[str]:
    """The canonical names in the first column of SCHEMA.md's indicator table."""
    vocab, in_table = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| canonical"):
            in_table = True
        elif in_table and line.startswith("|") and not line.startswith("|---"):
            vocab.add(norm(line.split("|")[1]))
        elif in_table and not line.startswith("|"):
            in_table = False
    return vocab - {""}


def indicator_vocabulary(gold_dir: str | os.PathLike[str] | None = None,
                         source: str | os.PathLike[str] | None = None) -> tuple[set[str], str]:
    """The scored indicator names and where they came from.

    ``source`` (a SKOS file or a SCHEMA.md) when given; else ontology/indicators.ttl when it
    exists; else the gold directory's SCHEMA.md; else every indicator the gold names.
    """
    candidates: list[Path] = []
    if source is not None:
        candidates.append(Path(source))
    else:
        candidates.append(data_path("ontology", "indicators.ttl"))
        if gold_dir is not None:
            candidates.append(Path(gold_dir) / "SCHEMA.md")
    for path in candidates:
        if not path.exists():
            if source is not None:
                raise EvalError(f"{path}: no such vocabulary file")
            continue
        vocab = vocabulary_from_schema(path) if path.suffix == ".md" else vocabulary_from_skos(path)
        if vocab:
            return vocab, str(path)
    golds = load_gold(gold_dir) if gold_dir is not None else {}
    return {norm(i["indicator"]) for g in golds.values() for i in g.get("indicators", [])}, "gold"


# ---------------------------------------------------------------- evaluation

@dataclass
class ListMatch:
    """One document's names list: the gold items, the graph's entities (IRI, names) and the
    one-to-one matches, strict and lenient ({gold index: entity index})."""

    items: list[dict]
    found: list[tuple[str, set[str]]]
    strict: dict[int, int]
    lenient: dict[int, int]


@dataclass
class StatusCheck:
    """A matched project's status: the gold's and what the graph states for that report."""

    item: dict
    iri: str
    wanted: str
    stated: set[str]


@dataclass
class DocDetail:
    """What was matched in one document, kept for ``kg eval --misses``."""

    indicators: IndicatorMatch
    lists: dict[str, ListMatch]
    meta: list[tuple[str, object, set]]   # (field, gold value, the graph's values) that disagree
    statuses: list[StatusCheck]


@dataclass
class Link:
    """A gold same_as link: the earlier and later documents and names, and the IRIs of the
    graph's entities matched to each (None when that item is not found)."""

    kind: str
    earlier: str
    earlier_name: str
    later: str
    later_name: str
    earlier_iri: str | None
    later_iri: str | None

    @property
    def found(self) -> bool:
        return self.earlier_iri is not None and self.earlier_iri == self.later_iri


@dataclass
class LinkResult:
    """Cross-report identity: the gold links, and per linked pair of documents (earlier,
    later, list) the IRIs the graph names in both."""

    links: list[Link]
    shared: dict[tuple[str, str, str], list[str]]

    @property
    def counts(self) -> tuple[int, int, int]:
        """(links found, gold links, IRIs named in both reports of a linked pair)."""
        return (sum(x.found for x in self.links), len(self.links),
                sum(len(v) for v in self.shared.values()))


def cross_report_links(golds: dict[str, dict], entities: dict[str, dict[str, dict[str, set[str]]]],
                       details: dict[str, DocDetail]) -> LinkResult | None:
    """Gold items with "same_as" name an item of the same list in another report of the same
    region (the latest earlier one by plan year that has that name). A link is found when the
    entities matched (leniently) to both items are one IRI. None when no gold item has same_as."""
    by_region: dict[str, list[str]] = defaultdict(list)
    for doc, g in golds.items():
        by_region[norm(g["meta"].get("region"))].append(doc)

    def matched(doc: str, name: str) -> dict[str, str]:
        lm = details[doc].lists[name]
        return {lm.items[gi]["name"]: lm.found[si][0] for gi, si in lm.lenient.items()}

    links: list[Link] = []
    pairs: set[tuple[str, str, str]] = set()
    for doc, g in golds.items():
        year = g["meta"].get("plan_year") or 0
        for name in ("projects", "enterprises", "policies"):
            for it in g.get(name, []):
                target = it.get("same_as")
                if not target:
                    continue
                cands = [t for t in by_region[norm(g["meta"].get("region"))] if t != doc
                         and any(x["name"] == target for x in golds[t].get(name, []))
                         and (golds[t]["meta"].get("plan_year") or 0) <= year]
                if not cands:
                    continue
                earlier = max(cands, key=lambda t: golds[t]["meta"].get("plan_year") or 0)
                pairs.add((earlier, doc, name))
                links.append(Link(name, earlier, target, doc, it["name"],
                                  matched(earlier, name).get(target), matched(doc, name).get(it["name"])))
    if not links:
        return None
    shared = {(t, d, name): sorted(set(entities[name].get(t, {})) & set(entities[name].get(d, {})))
              for t, d, name in sorted(pairs)}
    return LinkResult(links, shared)


def evaluate(graph: str | os.PathLike[str] | ox.Store, gold_dir: str | os.PathLike[str],
             docs_dir: str | os.PathLike[str] | None = None,
             vocabulary: set[str] | None = None) -> EvalResult:
    """Score ``graph`` (a file, a store directory or an open store) against ``gold_dir``."""
    golds = load_gold(gold_dir)
    source = "given"
    if vocabulary is None:
        vocabulary, source = indicator_vocabulary(gold_dir)
    facts = GraphFacts(graph if isinstance(graph, ox.Store) else open_graph(graph))
    meta = facts.meta()
    observations = facts.observations()
    entities = {name: facts.entities(cls) for name, cls in ENTITY_CLASS.items()}
    statuses = facts.project_statuses()

    lists = [*LISTS, *(name + LENIENT for name in LISTS)]
    totals = {name: Counts() for name in lists}
    per_doc: dict[str, dict[str, Counts]] = {}
    details: dict[str, DocDetail] = {}
    meta_ok, status_ok, evidence_ok = Ratio(), Ratio(), Ratio()
    for doc, gold in golds.items():
        row: dict[str, Counts] = {}
        own = norm(gold["meta"].get("region"))
        ind = match_indicators(gold.get("indicators", []), observations.get(doc, []), vocabulary)
        row["indicators"] = row["indicators" + LENIENT] = ind.counts()
        matches: dict[str, ListMatch] = {}
        checks: list[StatusCheck] = []
        for name in NAME_LISTS:
            places = name == "places"
            items = [i for i in gold.get(name, []) if not (places and norm(i["name"]) == own)]
            gold_names = [{n for n in {norm(i["name"]), *(norm(a) for a in i.get("aliases", []))} if n}
                          for i in items]
            found = sorted(((iri, names) for iri, names in entities[name].get(doc, {}).items()
                            if names and not (places and own in names)), key=lambda x: x[0])
            sys_names = [names for _, names in found]
            lm = ListMatch(items, found, match_names(gold_names, sys_names, False, places=places),
                           match_names(gold_names, sys_names, True, places=places))
            matches[name] = lm
            for suffix, m in (("", lm.strict), (LENIENT, lm.lenient)):
                row[name + suffix] = Counts(len(m), len(sys_names), len(m), len(gold_names))
            if name == "projects":
                report = facts.doc_report.get(doc)
                for gi, si in sorted(lm.lenient.items()):
                    said = statuses.get(found[si][0], {})
                    check = StatusCheck(items[gi], found[si][0],
                                        STATUS_TERMS.get(items[gi].get("status"), "StatusUnknown"),
                                        said.get(report) or said.get(None) or set())
                    status_ok.add(check.stated == {check.wanted})
                    checks.append(check)
        for name, c in row.items():
            totals[name] = totals[name] + c
        per_doc[doc] = row
        wrong_meta = _score_meta(gold["meta"], meta.get(doc), meta_ok)
        details[doc] = DocDetail(ind, matches, wrong_meta, checks)
        if docs_dir is not None:
            _check_evidence(Path(docs_dir) / f"{doc}.txt", observations.get(doc, []), evidence_ok)
    return EvalResult(totals, per_doc, meta_ok, status_ok, evidence_ok,
                      evidence_checked=docs_dir is not None, vocabulary_source=source,
                      links=cross_report_links(golds, entities, details), details=details,
                      facts=facts)


def _score_meta(want: dict, got: dict[str, set] | None, ratio: Ratio) -> list[tuple[str, object, set]]:
    """Count each field right or wrong; returns the wrong ones (field, gold, graph)."""
    got = got or {f: set() for f in META_FIELDS}
    wrong = []
    for f in META_FIELDS:
        w, g = want.get(f), got[f]
        if w is None:
            ok = not g
        elif f in ("region", "speaker"):  # names: another label (language) may stand beside it
            ok = norm(w) in g
        else:
            ok = g == {norm(w) if isinstance(w, str) else w}
        ratio.add(ok)
        if not ok:
            wrong.append((f, w, g))
    return wrong


def _check_evidence(source: Path, observations: list[dict[str, set]], ratio: Ratio) -> None:
    if not source.exists():
        return
    text = re.sub(r"\s+", "", source.read_text(encoding="utf-8"))
    for o in observations:
        ratio.add(bool(o["evidence"]) and all(re.sub(r"\s+", "", e) in text for e in o["evidence"]))


# ---------------------------------------------------------------- reports

def format_result(result: EvalResult, per_doc: bool = False) -> str:
    """The table ``kg eval`` prints: P/R/F1 per list, strict and lenient, then the ratios."""
    lines = [f"{'list':<14}{'P':>7}{'R':>7}{'F1':>7}   {'lenient P/R/F1':<19}{'sys':>6}{'gold':>6}"]
    lines += [_row(name, result.totals) for name in LISTS]
    lines.append(f"report metadata accuracy: {result.meta}")
    lines.append(f"project status accuracy (matched projects): {result.status}")
    if result.evidence_checked:
        lines.append(f"observations whose evidence is verbatim in the source: {result.evidence}")
    if result.links is not None:
        lines.append(links_line(result.links))
    if per_doc:
        for doc, row in result.per_doc.items():
            lines.append("")
            lines.append(f"{doc}")
            lines += ["  " + _row(name, row) for name in LISTS]
    lines.append("")
    lines.append(f"headline: mean strict F1 {result.f1():.3f} (lenient {result.f1(lenient=True):.3f})")
    if result.vocabulary_source:
        lines.append(f"indicator vocabulary: {result.vocabulary_source}")
    return "\n".join(lines)


def links_line(links: LinkResult) -> str:
    """The cross-report line, worded as the shared scorer prints it."""
    found, n_gold, n_sys = links.counts
    return (f"cross-report identity (same_as): {found}/{n_gold} gold links share one IRI; "
            f"{n_sys} IRIs named in both reports of a linked pair")


def _row(name: str, counts: dict[str, Counts]) -> str:
    p, r, f = counts[name].prf()
    lp, lr, lf = counts[name + LENIENT].prf()
    c = counts[name]
    return f"{name:<14}{p:7.3f}{r:7.3f}{f:7.3f}   {lp:.3f}/{lr:.3f}/{lf:.3f}  {c.n_sys:6d}{c.n_gold:6d}"


def write_json(result: EvalResult, out: str | os.PathLike[str], misses: dict | None = None) -> Path:
    """Write the scores (and, when given, the misses of kg.eval_misses) as JSON, atomically."""
    path = Path(out)
    data = result.to_json()
    if misses is not None:
        data["misses"] = misses
    atomic_write(path, lambda f: json.dump(data, f, ensure_ascii=False, indent=1), text=True)
    return path
