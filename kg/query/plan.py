"""A query as oxigraph answers it fastest, with the same rows: ``kg query`` (and ``kg serve``)
hand the embedded store ``for_oxigraph(text)`` instead of the text as written.

oxigraph plans joins without statistics, and two shapes of plain SPARQL defeat it:

1. Labels written last::

       ?o a ckg:Observation ; ckg:region ?r ; ckg:indicator ?i .
       OPTIONAL { ?o ckg:value ?v }
       ?i skos:prefLabel ?il . ?r rdfs:label ?rl

   is Join(LeftJoin(A, O), T); oxigraph runs it as a loop over every label, each time
   evaluating A again (minutes on the corpus store). ``A T OPTIONAL { O }`` is
   LeftJoin(Join(A, T), O), joined in one pass. The two are equal when every variable T
   shares with O (O's filters included) is bound by the triple patterns before O, which
   bind their variables in every row: a row of A then meets the same O rows with or without
   T's bindings. Only then is T moved, and only past OPTIONALs and FILTERs (a FILTER
   applies to its whole group wherever it is written).

2. A whole listing (no IRI or literal to start from): oxigraph joins triple patterns by
   looking each row's next value up in the store, ~10 µs a lookup on disk; a listing of
   every observation makes hundreds of thousands. A pattern inside a subquery is read
   once, as a scan (hundreds of thousands of rows in a few hundredths of a second), and
   joined by hash. ``?o ckg:region ?r`` and ``{ SELECT ?o ?r WHERE { ?o ckg:region ?r } }``
   have the same rows, so in a group with no starting point (nor one around it) each plain
   triple pattern becomes such a subquery, joined subject by subject along their links.
   A starting point is an IRI or literal other than a class or a term of the ckg:
   vocabulary (ckg:Target, ckg:Completed: shared by many), or a VALUES variable used in a
   pattern: from one, looking up is what is fast; so it is for a LIMIT with no ORDER BY or
   GROUP BY (the first rows come at once).

   Unless one pattern holds few statements in the store (a class or a predicate with
   fewer than ``FEW``: 1,309 reports; 499 projects with an investment) and every other
   pattern hangs off what it binds: looking up the rest (and the OPTIONALs) from those few
   rows is faster than scanning every label in the store. OPTIONALs about what those rows
   bind are then looked up before patterns on other subjects that may multiply the rows.
   In a listing that is scanned, a subject whose star has such a pattern (``?r a
   ckg:Region``: 8,719) reads it as the scan and looks its other patterns up (its label:
   not all 231,440 labels scanned and hashed). The planner is told the counts by a
   function (``for_oxigraph(text, count=...)``; kg.query.run counts in the store, bounded
   at ``FEW``: a few milliseconds a term, kept per store); without one, every listing is
   scanned as before.

3. A subquery or UNION that starts from a given name, followed by triple patterns: oxigraph
   matches those patterns on their own (every observation, say) and joins the two by hash.
   ``LATERAL { … }`` (oxigraph's SEP-0006 extension, understood by the embedded store only:
   the rewritten text is never sent to a server) looks them up from each row instead; for
   plain triple patterns that is the same join.

The text is cut into groups and elements on a copy with comments, strings and IRIs blanked,
so a keyword or brace inside them is never taken for syntax. A group with something this
reader does not follow is left as written.
"""
from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable

from kg.query.canned import strip_comments

_KEYWORDS = ("OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES", "LATERAL", "UNION")
_KEYWORD = re.compile(r"(?<![\w:?$])(" + "|".join(_KEYWORDS) + r")(?![\w:-])", re.I)
_VARIABLE = re.compile(r"[?$]([\w\u00b7\u0300-\u036f\u203f-\u2040]+)")
_VARIABLE_TOKEN = re.compile(r"[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+")
_LITERALS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                       r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>')
_SUBQUERY = re.compile(r"\{\s*SELECT\b", re.I)
_BOUND_ONLY = re.compile(r"FILTER\s*\(\s*BOUND\s*\(\s*([?$][\w]+)\s*\)\s*\)", re.I)
_NOT_BOUND_ONLY = re.compile(r"FILTER\s*\(\s*!\s*BOUND\s*\(\s*([?$][\w]+)\s*\)\s*\)", re.I)
_EXISTS = re.compile(r"(NOT\s+)?EXISTS\s*\{", re.I)


def _blank(text: str) -> str:
    """The query with string literals and IRIs blanked out (comments already gone)."""
    return _LITERALS.sub(lambda m: '"' + " " * (len(m.group(0)) - 2) + '"', text)


@dataclass
class _Element:
    kind: str       # "triples", a keyword (upper case), or "group"
    start: int
    end: int


_BRACKET = re.compile(r"[{}()\[\]]")


def _closing(code: str, i: int) -> int:
    """Index just after the bracket that closes the one at ``i``."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    stack = [pairs[code[i]]]
    # from bracket to bracket: a VALUES block of a thousand labels has none inside
    for m in _BRACKET.finditer(code, i + 1):
        c = m.group()
        if c in pairs:
            stack.append(pairs[c])
        elif c == stack[-1]:
            stack.pop()
            if not stack:
                return m.end()
    return len(code)


def _skip_space(code: str, i: int, end: int) -> int:
    while i < end and code[i].isspace():
        i += 1
    return i


def _elements(code: str, start: int, end: int) -> list[_Element] | None:
    """The elements of the group body ``code[start:end]``; None when it holds something
    this reader does not follow."""
    out: list[_Element] = []
    i = _skip_space(code, start, end)
    while i < end:
        m = _KEYWORD.match(code, i)
        if m:
            kind = m.group(1).upper()
            j = _skip_space(code, m.end(), end)
            if kind in ("OPTIONAL", "MINUS", "LATERAL", "UNION"):
                if j >= end or code[j] != "{":
                    return None
                j = _closing(code, j)
            elif kind in ("GRAPH", "SERVICE", "VALUES"):
                k = code.find("{", j, end)
                if k < 0:
                    return None
                j = _closing(code, k)
            elif kind == "BIND":
                if j >= end or code[j] != "(":
                    return None
                j = _closing(code, j)
            else:  # FILTER: (expr), a function call, or [NOT] EXISTS { }
                ex = _EXISTS.match(code, j)
                if ex:
                    j = _closing(code, ex.end() - 1)
                else:
                    k = j
                    while k < end and code[k] not in "({":
                        k += 1
                    if k >= end or code[k] != "(":
                        return None
                    j = _closing(code, k)
            if j > end:
                return None
            if kind == "UNION":
                if not out or out[-1].kind != "group":
                    return None
                out[-1].end = j
            else:
                out.append(_Element(kind, i, j))
        elif code[i] == "{":
            out.append(_Element("group", i, _closing(code, i)))
        elif code[i] in "})":
            return None
        else:
            j = i
            while j < end and code[j] != "{" and not _KEYWORD.match(code, j):
                j = _closing(code, j) if code[j] in "([" else j + 1
            out.append(_Element("triples", i, j))
        i = _skip_space(code, out[-1].end, end)
    return out


# ---- triple patterns --------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<literal>(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.:%-]*))?)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.:%\u00b7-]*[\w:%\u00b7-]|(?:[A-Za-z][\w.-]*)?:)
  | (?P<a>a(?![\w:]))
  | (?P<bool>(?:true|false)(?![\w:]))
  | (?P<punct>[;,.])
  | (?P<space>\s+)
""", re.X)
_TYPE = {"a", "rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}


def _patterns(text: str) -> list[tuple[str, str, str]] | None:
    """The triple patterns of a triples block, or None for what this reader does not
    follow (blank nodes, collections, property paths)."""
    tokens, i = [], 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None:
            return None
        if m.lastgroup != "space":
            tokens.append(m.group(0))
        i = m.end()
    out: list[tuple[str, str, str]] = []
    k = 0
    while k < len(tokens):
        subject = tokens[k]
        if subject in ";,.":
            return None
        k += 1
        while True:
            if k + 1 >= len(tokens) or tokens[k] in ";,." or tokens[k + 1] in ";,.":
                return None
            verb = tokens[k]
            k += 1
            while True:
                out.append((subject, verb, tokens[k]))
                k += 1
                if k < len(tokens) and tokens[k] == "," and k + 1 < len(tokens) and tokens[k + 1] not in ";,.":
                    k += 1
                    continue
                break
            if k < len(tokens) and tokens[k] == ";":
                while k < len(tokens) and tokens[k] == ";":
                    k += 1
                if k < len(tokens) and tokens[k] != ".":
                    continue
            break
        if k < len(tokens):
            if tokens[k] != ".":
                return None
            k += 1
    return out


def _is_var(term: str) -> bool:
    return term[0] in "?$"


_VOCABULARY = ("ckg:", "<https://w3id.org/county-kg/ontology#")


def _anchored(patterns: list[tuple[str, str, str]], given: set[str]) -> bool:
    """A pattern that starts from a given IRI or literal (not a class or vocabulary term,
    which many share), or from a variable a VALUES block gives."""
    for s, p, o in patterns:
        if not _is_var(s) or s in given or o in given:
            return True
        if not _is_var(o) and p not in _TYPE and not o.startswith(_VOCABULARY):
            return True
    return False


# A class or predicate with fewer statements than this is a starting point: the patterns
# joined to its rows are looked up from each (~10 µs a lookup; a scan reads every row of a
# predicate: 231,440 labels, 399,893 mentions on the corpus store). At 10,000 the corpus's
# 10,044 project-owner links (ckg:enterprise) were scanned: 1.85 s where looking up from
# them takes 0.43 s; no canned query got slower at 20,000.
FEW = 20000

# The store's counts while a query is rewritten: ``count(term, is_class)`` gives how many
# statements have that predicate (or that class as rdf:type), up to ``FEW``; None: unknown.
_COUNT: ContextVar[Callable[[str, bool], int | None] | None] = ContextVar("_COUNT", default=None)


def _size(pattern: tuple[str, str, str]) -> int | None:
    """How many statements match the pattern's predicate (its class, for rdf:type with a
    given class), when fewer than ``FEW``; else None."""
    count = _COUNT.get()
    _, p, o = pattern
    term, is_class = (o, True) if p in _TYPE else (p, False)
    if count is None or _is_var(term):
        return None
    n = count(term, is_class)
    return n if n is not None and n < FEW else None


def _driven(patterns: list[tuple[str, str, str]]) -> tuple[tuple[str, str, str], list] | None:
    """When one of the group's required patterns holds few statements in the store (1,309
    reports, 499 projects with an investment, 9,845 project-enterprise links) and every
    other pattern hangs off what it binds (its subject is bound by then, so each is one
    lookup a row, never a fan-out like every statement derived from a report): that
    pattern and the others in the order they are looked up from its rows."""
    sized = [(n, k) for k, pat in enumerate(patterns) if (n := _size(pat)) is not None]
    if not sized:
        return None
    driver = patterns[min(sized)[1]]
    bound = {t for t in driver if _is_var(t)}
    rest = [pat for pat in patterns if pat is not driver]
    order: list[tuple[str, str, str]] = []
    while rest:
        nxt = next((pat for pat in rest if pat[0] in bound or not _is_var(pat[0])), None)
        if nxt is None:
            return None
        rest.remove(nxt)
        order.append(nxt)
        bound |= {t for t in nxt if _is_var(t)}
    return driver, order


def _scan(patterns: list[tuple[str, str, str]]) -> str:
    """Triple patterns as a subquery of their own: read as a scan, joined by hash."""
    variables = sorted({t for pat in patterns for t in pat if _is_var(t)}, key=lambda v: v[1:])
    body = " . ".join(" ".join(pat) for pat in patterns)
    return "{ SELECT " + " ".join(variables) + " WHERE { " + body + " } }"


def _stars(patterns: list[tuple[str, str, str]]) -> str:
    """Scans of the patterns, joined subject by subject, and the subjects in the order their
    links lead: from a subject no other pattern points to, to the subjects its patterns
    name (an observation, then its region, then the region's name). Each step is a
    subquery of its own, so oxigraph joins them in that order."""
    by_subject: dict[str, list] = {}
    for pat in patterns:
        by_subject.setdefault(pat[0], []).append(pat)
    named = {o for pats in by_subject.values() for _, _, o in pats if _is_var(o)}
    roots = sorted((s for s in by_subject if s not in named), key=lambda s: -len(by_subject[s]))
    order: list[str] = []
    for start in roots + list(by_subject):
        todo = [start]
        while todo:
            s = todo.pop(0)
            if s in order or s not in by_subject:
                continue
            order.append(s)
            todo += [o for _, _, o in by_subject[s] if o in by_subject and o not in order]

    def star(subject: str) -> str:
        pats = by_subject[subject]
        if len(pats) == 1:
            return _scan(pats)
        # a pattern with few rows (``?r a ckg:Region``: 8,719) read as a scan and the rest
        # looked up from it, not every label in the store scanned and hashed
        sized = [(n, k) for k, pat in enumerate(pats) if (n := _size(pat)) is not None]
        if sized:
            few = pats[min(sized)[1]]
            rest = " . ".join(" ".join(p) for p in pats if p is not few)
            return _project(pats, _scan([few]) + " LATERAL { " + rest + " }")
        return _project(pats, " ".join(_scan([p]) for p in pats))

    out, seen = star(order[0]), list(by_subject[order[0]])
    for subject in order[1:]:
        seen += by_subject[subject]
        out = _project(seen, out + " " + star(subject))
    return out


def _project(patterns: list[tuple[str, str, str]], body: str) -> str:
    variables = sorted({t for pat in patterns for t in pat if _is_var(t)}, key=lambda v: v[1:])
    return "{ SELECT " + " ".join(variables) + " WHERE { " + body + " } }"


# ---- groups -------------------------------------------------------------------------------

def _dead(code: str, elements: list[_Element], given: set[str]) -> bool:
    """FILTER(BOUND(?v)) where nothing in the group binds ?v keeps no row: the group is
    empty (a canned query's "this name, or else everything" branches; oxigraph would still
    match the patterns first, and join the empty branch of a UNION slowly)."""
    own = {v for el in elements if el.kind == "VALUES" and "UNDEF" not in code[el.start:el.end].upper()
           for v in _VARIABLE_TOKEN.findall(code, el.start, code.index("{", el.start))}
    given = set(given) | own
    for el in elements:
        if el.kind != "FILTER":
            continue
        text = code[el.start:el.end].strip()
        m = _BOUND_ONLY.fullmatch(text)
        if m and m.group(1) not in given and not any(
                m.group(1) in _VARIABLE_TOKEN.findall(code, other.start, other.end)
                for other in elements if other is not el):
            return True
        m = _NOT_BOUND_ONLY.fullmatch(text)   # FILTER(!BOUND(?v)) with ?v given a value here
        if m and m.group(1) in own:
            return True
    return False


def _branches(code: str, el: _Element) -> list[tuple[int, int]]:
    """The ``{ … }`` groups of a group element (several when joined by UNION)."""
    out, k = [], code.find("{", el.start, el.end)
    while 0 <= k < el.end:
        close = _closing(code, k)
        out.append((k, close))
        k = code.find("{", close, el.end)
    return out


def _live(code: str, start: int, end: int, given: set[str]) -> bool:
    """Whether the group (or subquery) ``code[start:end]`` may have rows."""
    body_start, close = start, end
    if _SUBQUERY.match(code, start):
        inner = code.find("{", start + 1, end)
        if inner < 0:
            return True
        body_start, close = inner, _closing(code, inner)
    elements = _elements(code, body_start + 1, close - 1)
    return elements is None or not _dead(code, elements, given)


def _has_anchor(plain: str, code: str, start: int, end: int, given: set[str]) -> bool:
    """Whether some triple pattern in ``code[start:end]`` (at any depth) starts from an
    anchor, or holds what this reader does not follow (then it is taken to)."""
    k = code.find("{", start, end)
    if k < 0:
        return False
    close = _closing(code, k)
    body_start = k + 1
    sub = _SUBQUERY.match(code, k)
    if sub:
        inner = code.find("{", k + 1, close)
        if inner < 0:
            return True
        body_start, close = inner + 1, _closing(code, inner)
    elements = _elements(code, body_start, close - 1)
    if elements is None:
        return True
    inner_given = set(given) | {v for el in elements if el.kind == "VALUES"
                                for v in _VARIABLE_TOKEN.findall(code, el.start, code.index("{", el.start))}
    for el in elements:
        if el.kind == "triples":
            pats = _patterns(plain[el.start:el.end])
            if pats is None or _anchored(pats, inner_given):
                return True
        elif el.kind in ("group", "UNION") and _has_anchor(plain, code, el.start, el.end, inner_given):
            return True
    # groups joined by UNION after the first
    nxt = code.find("{", close, end)
    return nxt >= 0 and _has_anchor(plain, code, nxt, end, given)


def _rewrite_inner(plain: str, code: str, el: _Element, scans: bool, given: set[str]) -> str | None:
    """The element's text with each group inside it rewritten; None when unchanged."""
    parts, last, k, changed = [], el.start, code.find("{", el.start, el.end), False
    while 0 <= k < el.end:
        close = _closing(code, k)
        sub = _SUBQUERY.match(code, k)
        # a subquery's WHERE group is a scope of its own (but sees the VALUES given around
        # it: kg.query.canned binds parameters in every WHERE block); any other group
        # inherits ``scans``
        inner = code.find("{", k + 1, close) if sub else k
        if inner >= 0:
            inner_close = _closing(code, inner)
            body = _rewrite_group(plain, code, inner + 1, inner_close - 1, scans or bool(sub), given)
            if body is not None:
                parts += [plain[last:inner + 1], " ", body, " "]
                last, changed = inner_close - 1, True
        k = code.find("{", close, el.end)
    if not changed:
        return None
    return "".join(parts) + plain[last:el.end]


def _rewrite_group(plain: str, code: str, start: int, end: int, scans: bool | str = True,
                   given: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The group body ``plain[start:end]`` rewritten, or None when nothing changes.
    ``scans``: triple patterns may become scans (no enclosing group starts from an anchor);
    "few": only when the group is triple patterns that all hold few statements (an
    OPTIONAL beside a few rows: 1,309 report types read at once beat 1,309 lookups);
    ``given``: variables VALUES blocks around this group bind."""
    elements = _elements(code, start, end)
    if elements is None:
        return None
    triples = {i: _patterns(plain[el.start:el.end]) for i, el in enumerate(elements) if el.kind == "triples"}
    if scans == "few":
        scans = bool(triples) and all(el.kind in ("triples", "FILTER") for el in elements) and all(
            pats and all(_size(pat) is not None for pat in pats) for pats in triples.values())
    given = set(given) | {v for el in elements if el.kind == "VALUES"
                          for v in _VARIABLE_TOKEN.findall(code, el.start, code.index("{", el.start))}
    if _dead(code, elements, given):
        return "FILTER(false)"
    # a subquery or group that starts from an anchor gives its variables a few values: the
    # patterns joined to it are looked up from those
    outer = set(given)
    live_branches = {i: [b for b in _branches(code, el) if _live(code, b[0], b[1], outer)]
                     for i, el in enumerate(elements) if el.kind == "group"}
    anchors = set()
    for i, branches in live_branches.items():
        if branches and all(_has_anchor(plain, code, a, b, outer) for a, b in branches):
            for a, b in branches:
                given |= set(_VARIABLE_TOKEN.findall(code, a, b))
            anchors.add(i)
    anchored = any(p is None or _anchored(p, given) for p in triples.values())
    # a pattern with few rows that every other one hangs off: looked up from those few
    small = None
    if scans and not anchored and triples and all(p for p in triples.values()) and all(
            el.kind in ("triples", "OPTIONAL", "FILTER", "BIND", "VALUES") for el in elements):
        small = _driven([pat for pats in triples.values() for pat in pats])
        anchored = small is not None
    scans = scans and not anchored and all(
        p[1][0] not in "?$" for pats in triples.values() for p in pats or [])
    texts = []
    changed = False
    for i, el in enumerate(elements):
        text = None
        # not inside GRAPH or SERVICE: a subquery there would not see the graph it names
        if el.kind not in ("triples", "FILTER", "BIND", "VALUES", "GRAPH", "SERVICE"):
            text = _rewrite_inner(plain, code, el, "few" if small is not None else scans, given)
        if el.kind == "group":
            # branches of a UNION that cannot have rows go: oxigraph joins a UNION slowly
            branches = _branches(code, el)
            live = live_branches[i]
            if len(branches) > 1 and len(live) < len(branches):
                parts = [_rewrite_inner(plain, code, _Element("group", a, b), scans, given)
                         or plain[a:b] for a, b in live]
                text = " UNION ".join(parts) if parts else "FILTER(false)"
        changed |= text is not None
        texts.append(text if text is not None else plain[el.start:el.end].strip())

    # 1. required triples written after OPTIONALs move before the first of them
    order = list(range(len(elements)))
    bound: set[str] = set()
    optionals: list[int] = []
    first_optional = None
    for i, el in enumerate(elements):
        if el.kind == "triples":
            vars_ = set(_VARIABLE.findall(code, el.start, el.end))
            seen = set().union(*(set(_VARIABLE.findall(code, elements[j].start, elements[j].end))
                                 for j in optionals))
            if first_optional is not None:
                if (vars_ & seen) - bound:
                    break   # kept in place: nothing after it may move past it either
                order.remove(i)
                order.insert(order.index(first_optional), i)
                changed = True
            bound |= vars_
        elif el.kind == "OPTIONAL":
            first_optional = i if first_optional is None else first_optional
            optionals.append(i)
        elif el.kind != "FILTER" and first_optional is not None:
            break

    # 2. with no anchor, plain triple patterns are read as scans, joined subject by subject
    #    along their links (see _stars): left to itself the planner may join two subjects'
    #    scans on a shared value (all the stages of a report with each other) first
    #    Triples blocks that follow one another (FILTERs between them apply to the whole group
    #    anyway) are joined as one: ``?i skos:prefLabel ?il . ?r rdfs:label ?rl`` moved before
    #    an OPTIONAL shares no variable within itself, and on its own would be the cross
    #    product of every label with every label.
    if scans:
        run: list[int] = []
        for i in [*order, None]:
            if i is not None and elements[i].kind == "FILTER":
                continue
            if i is not None and elements[i].kind == "triples" and triples[i]:
                run.append(i)
                continue
            if run:
                texts[run[0]] = _stars([pat for j in run for pat in triples[j]])
                for j in run[1:]:
                    texts[j] = ""
                changed = True
                run = []

    # the pattern with few rows read as a scan, the others looked up from each of its rows
    # (LATERAL; left to itself oxigraph starts from the class, every project, whichever
    # pattern comes first). OPTIONALs about what the scan and the patterns on its subject
    # bind are looked up before the patterns on other subjects, which may multiply the rows
    # (each enterprise's region once, not once per report that mentions it): the same rows
    # when the OPTIONAL shares with those later patterns only variables bound before it.
    if small is not None:
        driver, rest = small
        early = []
        for pat in rest:
            if pat[0] != driver[0]:
                break
            early.append(pat)
        late = rest[len(early):]
        bound = {t for pat in [driver, *early] for t in pat if _is_var(t)}
        late_vars = {t for pat in late for t in pat if _is_var(t)}
        moved = []
        first = min(triples, key=order.index)
        for i in order[order.index(first) + 1:] if late else []:
            if elements[i].kind in ("BIND", "triples"):
                break
            if elements[i].kind == "OPTIONAL":
                if (set(_VARIABLE_TOKEN.findall(code, elements[i].start, elements[i].end)) & late_vars) - bound:
                    break
                moved.append(i)
        body = [" . ".join(" ".join(pat) for pat in early) + " ."] if early else []
        # (looked up inside the LATERAL, from each row: never a scan there)
        body += [_rewrite_inner(plain, code, elements[i], False, given) or plain[elements[i].start:elements[i].end].strip()
                 for i in moved]
        body += [" . ".join(" ".join(pat) for pat in late)] if late else []
        lateral = " LATERAL { " + " ".join(body) + " }" if body else ""
        for i in [*triples, *moved]:
            texts[i] = _scan([driver]) + lateral if i == first else ""
        changed = True

    # 3. triple patterns after a subquery or group that starts from an anchor: oxigraph would
    #    match them on their own and join by hash; LATERAL (oxigraph's SEP-0006) looks them
    #    up from each of its rows. For plain triple patterns that is the same join.
    lateral: set[int] = set()
    if anchors and not scans:
        seen_anchor = False
        for i in order:
            kind = elements[i].kind
            if i in anchors:
                seen_anchor = True
            elif kind == "triples" and seen_anchor and triples[i]:
                lateral.add(i)
            elif kind == "triples" or kind not in ("FILTER", "VALUES", "group"):
                break
        changed |= bool(lateral)

    if not changed:
        return None
    out = []
    run: list[str] = []
    for i in order:
        text = texts[i]
        if not text:
            continue   # joined into the triples block before it
        if elements[i].kind == "triples" and not text.rstrip().endswith((".", "}")):
            text += " ."
        if i in lateral:
            run.append(text)
            continue
        if run:
            out.append("LATERAL { " + " ".join(run) + " }")
            run = []
        out.append(text)
    if run:
        out.append("LATERAL { " + " ".join(run) + " }")
    return " ".join(out)


def for_oxigraph(text: str, count: Callable[[str, bool], int | None] | None = None) -> str:
    """``text`` rewritten as described above (same rows), or as it was when nothing
    applies or its shape is not followed. ``count(term, is_class)``: how many statements
    the store holds with that predicate (or that class as rdf:type), at most ``FEW``
    needed; None when unknown."""
    token = _COUNT.set(count)
    try:
        return _for_oxigraph(text)
    finally:
        _COUNT.reset(token)


def _for_oxigraph(text: str) -> str:
    plain = strip_comments(text)
    code = _blank(plain)
    m = re.search(r"\bWHERE\s*\{", code, re.I) or re.search(r"\{", code)
    if m is None:
        return text
    open_at = m.end() - 1
    close = _closing(code, open_at)
    if code[close - 1] != "}":
        return text
    # a LIMIT with no ORDER BY or GROUP BY stops at the first rows: looking up streams them,
    # while a hash join reads everything first
    tail = code[close:]
    streams = re.search(r"\bLIMIT\b", tail, re.I) and not re.search(r"\b(ORDER|GROUP)\s+BY\b", tail, re.I)
    body = _rewrite_group(plain, code, open_at + 1, close - 1, not streams)
    if body is None:
        return text
    return plain[:open_at + 1] + " " + body + " " + plain[close - 1:]
