"""Named construction and investment projects, with their stage in this report.

Each sentence of the review and plan parts is cut into clauses; each clause is read as
verb | names | predicate (names.py), the names are kept when their head
word or the list they stand in makes them projects, and each gets the status its verbs
give in that part of the report (status.py). One mention per name per
report: the first statement wins (the review part comes first), later forms become aliases.
Buildings a glossary lists for a bundle the body counts are read last (glossary.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.model import ProjectMention, ReportFacts
from kg.extract.projects import glossary
from kg.extract.projects.names import (Zone, acceptable, capacity, clauses, head_class, is_generic, names_a_thing,
                                       read_zone)
from kg.extract.projects.status import default_status, status_of, weighted_status
from kg.text.document import Document

_PARTS = ("review", "plan")
# a clause that goes on about the same projects: "…，力求尽早投产", "…，年内竣工投产"
_CONTINUES = re.compile(r"^(?:力求|力争|争取|确保|年内|年底|尽早|尽快|早日|并|全面|全部|当年)")
_KEY_DROP = re.compile(r"[\s*《》〈〉“”\"'‘’「」『』（）()【】]")


def _key(name: str) -> str:
    return _KEY_DROP.sub("", name)


_CORE_END = re.compile(r"(?:建设)?(?:项目|工程)$")
_PHASE = re.compile(r"[期段\d（(]")


@lru_cache(maxsize=65536)
def _core(name: str) -> str:
    return _CORE_END.sub("", _key(name))


def _same_works(a: str, b: str) -> bool:
    """Two forms of one project in a report: one name contains the other at its start or end
    ("立交枢纽" / "沁水东立交枢纽", "春秋驿站" / "春秋驿站智慧旅游"), unless what differs is a
    phase or a section ("标准化厂房" / "标准化厂房（二期）").  Arguments are core forms."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4 or short == long_ or not (long_.startswith(short) or long_.endswith(short)):
        return False
    rest = long_[len(short):] if long_.startswith(short) else long_[: -len(short)]
    if long_.startswith(short) and (head_class(rest) != "none" or len(rest) >= 5):
        return False  # "茅台机场" / "茅台机场改扩建", "黔北物流新城" / "…新城公铁水多式联运": a works at it
    return not _PHASE.search(rest)


def _owner_index(facts: ReportFacts) -> list[tuple[str, str]]:
    """(form as written, canonical name) for every enterprise name and alias, longest first."""
    out = []
    for e in facts.enterprises or []:
        for form in [e.name, *e.aliases]:
            # a form that is itself a works name ("吉祥北路北延") is no owner to look for
            if form and len(form) >= 2 and head_class(form) == "none" and not re.search(r"\d", form):
                out.append((form, e.name))
    return sorted(set(out), key=lambda x: -len(x[0]))


def _owner(name: str, owners: list[tuple[str, str]]) -> str | None:
    for form, canonical in owners:
        if name.startswith(form):  # (the firm's own name: its plant, "一臣饲料建成投产")
            return canonical
    return None


def _known_names(facts: ReportFacts) -> frozenset[str]:
    """The places and enterprises the report names: a works on one of them is a named works."""
    out = {facts.meta.region or ""}
    for p in facts.places or []:
        out.update([p.name, *p.aliases])
    for e in facts.enterprises or []:
        out.update([e.name, *e.aliases])
    return frozenset(n for n in out if n and len(n) >= 2)


def _accepted(zone: Zone, item, part: str, known: frozenset[str] = frozenset()) -> bool:
    if not acceptable(item.name):
        return False
    if item.measured and not zone.anchored and not names_a_thing(item.name, known, facilities=False):
        return False  # "供热管网120公里", "农村公路安防工程2490公里": a length of a kind of works
    if item.kind == "strong" or zone.anchored:
        return True
    project_head = zone.head.endswith(("项目", "工程")) or (
        head_class(zone.head) in ("strong", "facility") and not is_generic(zone.head))
    governed = project_head or status_of(zone.lead + "|" + zone.tail, part) is not None
    if item.kind == "action" and not zone.head.endswith(("项目", "工程")):
        # "推进农村人居环境整治", "水环境治理": a works on nothing named is a task
        return governed and names_a_thing(item.name, known)
    if item.kind in ("facility", "action"):
        return governed
    # no head word: only as a member of a list that says 等…项目/工程 or "A、B项目"
    return (item.listed and zone.head.endswith(("项目", "工程")) and len(item.name) >= 3) or item.shares_project


def _bare(zone: Zone) -> bool:
    """A clause that is only a list of buildings, with no verb of its own."""
    return (not zone.lead and not zone.tail and bool(zone.items)
            and all(it.kind != "none" and acceptable(it.name) for it in zone.items))


def _found(zones: list[Zone], part: str, known: frozenset[str] = frozenset()):
    """(clause index, item, zone) for every project named, and for a bare list the index of
    the clause whose predicate it takes ("县人民医院住院楼、…，县中医医院住院楼，东城全民
    健身中心建设完成")."""
    found = [(ci, it, z) for ci, z in enumerate(zones) for it in z.items if _accepted(z, it, part, known)]
    has = {ci for ci, _, _ in found}
    bare_until: dict[int, int] = {}
    for ci, z in enumerate(zones):
        if ci in has or not _bare(z):
            continue
        nxt = ci + 1
        while nxt < len(zones) and _bare(zones[nxt]):
            nxt += 1
        if nxt < len(zones) and nxt in has and zones[nxt].tail and not zones[nxt].lead:
            found += [(ci, it, z) for it in z.items]
            bare_until[ci] = nxt
    found.sort(key=lambda x: (x[0], x[1].start))
    return found, bare_until


def _status(masked: str, cls, zones: list[Zone], has: set[int], ci: int, until: int, it, part: str) -> str:
    """The stage a sentence gives one project: the cues of its clause (with the verb of the
    clause that opened its list), or of the clauses that go on about it, whichever weigh more."""
    end = until + 1
    while end < len(cls) and end not in has and _CONTINUES.match(cls[end].text):
        end += 1
    first = ci
    while first > 0 and not zones[first].lead and first - 1 in has:
        first -= 1
    lead = zones[first].lead if first != ci else ""
    c0 = cls[ci]
    anchor = len(lead) + 1 + it.start

    def span(last: int) -> str:
        return lead + "|" + masked[c0.start: cls[last].start + len(cls[last].text)]

    own = weighted_status(span(until), part, anchor)
    wide = weighted_status(span(end - 1), part, anchor)
    status = wide[0] if wide and (not own or wide[1] > own[1]) else (own[0] if own else None)
    if status is None and ci > 0:
        status = status_of(masked[: c0.start], part, c0.start)
    return status or default_status(part)


def _sentence_projects(doc: Document, s, facts: ReportFacts, owners, forms=None,
                       known: frozenset[str] = frozenset()) -> list[ProjectMention]:
    part = s.part
    year = facts.meta.plan_year if part == "plan" else facts.meta.review_year
    cls = clauses(s.text)
    if forms is None:
        forms = tuple(f for f, _ in owners)
    zones = [read_zone(c, forms) for c in cls]
    if not any(z.items for z in zones):
        return []
    found, bare_until = _found(zones, part, known)
    has = {ci for ci, _, _ in found}
    # status cues inside a name (…续建配套…) say nothing about its stage
    masked = list(s.text)
    for ci, it, _ in found:
        st = cls[ci].start + it.start
        masked[st: st + len(it.name)] = "□" * len(it.name)
    masked = "".join(masked)
    out = []
    carried = None  # the owner of the previous name of a list
    for ci, it, z in found:
        status = _status(masked, cls, zones, has, ci, bare_until.get(ci, ci), it, part)
        owner = _owner(it.name, owners)
        if owner is None and re.match(r"\d", it.name) and it is not z.items[0]:
            owner = carried  # "晋南3号高炉及配套、120万吨优钢线材…": the owner carries on
        carried = owner
        inv = z.investment if z.investment and len(z.items) == 1 else None
        out.append(ProjectMention(
            name=it.name, evidence=doc.evidence(s.start, s.end, s), status=status, year=year,
            region=facts.meta.region, aliases=list(it.aliases), enterprises=[owner] if owner else [],
            investment=inv[0] if inv else None, investment_unit=inv[1] if inv else None,
            capacity=capacity(it.name)))
    return out


class _WorksIndex:
    """The core forms of the mentions kept so far, by their first and by their last four
    characters: the only ones that can be the same works as a new name (``_same_works``
    needs one core to start or end the other, both at least four characters long)."""

    def __init__(self) -> None:
        self.cores: list[set[str]] = []
        self.by_head: dict[str, set[int]] = {}
        self.by_tail: dict[str, set[int]] = {}

    def add(self, idx: int, core: str) -> None:
        if idx == len(self.cores):
            self.cores.append(set())
        self.cores[idx].add(core)
        if len(core) >= 4:
            self.by_head.setdefault(core[:4], set()).add(idx)
            self.by_tail.setdefault(core[-4:], set()).add(idx)

    def first_same(self, mine: set[str]) -> int | None:
        """The first mention (by index) one of whose forms is the same works as one of mine."""
        cands: set[int] = set()
        for n in mine:
            if len(n) >= 4:
                cands |= self.by_head.get(n[:4], set())
                cands |= self.by_tail.get(n[-4:], set())
        for idx in sorted(cands):
            if any(_same_works(n, x) for n in mine for x in self.cores[idx]):
                return idx
        return None


def _glossary_mentions(doc: Document, facts: ReportFacts, owners) -> list[ProjectMention]:
    """Buildings the glossary lists for a bundle the body counts (glossary.py)."""
    out = []
    for g in glossary.items(doc):
        year = facts.meta.plan_year if g.body.part == "plan" else facts.meta.review_year
        owner = _owner(g.name, owners)
        out.append(ProjectMention(
            name=g.name, evidence=doc.evidence(g.sentence.start, g.sentence.end, g.sentence), status=g.status,
            year=year, region=facts.meta.region, aliases=g.aliases, enterprises=[owner] if owner else [],
            capacity=capacity(g.name)))
    return out


def extract(doc: Document, facts: ReportFacts) -> list[ProjectMention]:
    owners = _owner_index(facts)
    forms = tuple(f for f, _ in owners)
    known = _known_names(facts)
    by_key: dict[str, ProjectMention] = {}
    out: list[ProjectMention] = []
    index = _WorksIndex()
    position: dict[int, int] = {}  # id(mention) → its index in out

    def add(m: ProjectMention) -> None:
        """Keep a mention, or fold it into the first one of the same works."""
        keys = [_key(n) for n in [m.name, *m.aliases]]
        first = next((by_key[k] for k in keys if k in by_key), None)
        if first is None:
            mine = {_core(n) for n in [m.name, *m.aliases]}
            idx = index.first_same(mine)
            first = out[idx] if idx is not None else None
        if first is not None:
            for n in [m.name, *m.aliases]:
                if _key(n) not in {_key(x) for x in [first.name, *first.aliases]}:
                    first.aliases.append(n)
                    # a shorter form joins this works only: "风情小镇" (of 海棠湾风情小镇) is no
                    # link to 亚龙湾玫瑰谷风情小镇
                    if len(_core(n)) >= len(_core(first.name)):
                        index.add(position[id(first)], _core(n))
                by_key.setdefault(_key(n), first)
            if not first.investment and m.investment:
                first.investment, first.investment_unit = m.investment, m.investment_unit
            return
        for k in keys:
            by_key.setdefault(k, m)
        position[id(m)] = len(out)
        for n in [m.name, *m.aliases]:
            index.add(len(out), _core(n))
        out.append(m)

    for s in doc.sentences:
        # a short one-sentence paragraph reads as a heading to the text layer; prose with a
        # comma and a full stop is still prose ("城镇污水处理厂扩容项目已开工建设，…。")
        heading = s.is_heading and not ("，" in s.text and s.text.endswith(("。", "；")))
        if s.part not in _PARTS or heading or len(s.text) < 8:
            continue
        # a sentence that raises: kg.build reports and skips the file (a bug, not to be hidden)
        mentions = _sentence_projects(doc, s, facts, owners, forms, known)
        for m in mentions:
            add(m)
    for m in _glossary_mentions(doc, facts, owners):
        add(m)
    return out
