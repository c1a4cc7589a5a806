"""Canned queries in ``queries/*.rq`` and how parameters are bound into any query.

Header convention (comment lines at the top of the file)::

    # title: Indicator values by region and year
    # answers: what question the query answers
    # param region: region name, e.g. 曲沃县
    # example: region=曲沃县 indicator=地区生产总值

A parameter ``NAME`` is the variable ``?_NAME`` in the query. Binding inserts
``VALUES ?_NAME { "value" }`` at the start of every WHERE block (the query's and its
subqueries'), so a ``FILTER(!BOUND(?_NAME) || ...)`` at the top level of such a block sees
it; an unbound parameter means "any". (A filter nested in OPTIONAL or UNION would not see
it: keep parameter filters at the top of a WHERE block.) This is plain SPARQL 1.1, so the
same text runs on the embedded store and on any server.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from kg.paths import data_path
from kg.prefixes import PREFIXES

CKG_NS = PREFIXES["ckg"]


class QuerySpecError(Exception):
    """A query that cannot be found, or parameters it does not take."""


@dataclass
class CannedQuery:
    name: str
    text: str
    path: Path | None = None
    title: str = ""
    answers: str = ""
    params: dict[str, str] = field(default_factory=dict)   # name -> description
    examples: list[dict[str, str]] = field(default_factory=list)

    def bind(self, values: dict[str, str]) -> str:
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            takes = ", ".join(self.params) or "no parameters"
            raise QuerySpecError(f"query {self.name!r} has no parameter {', '.join(unknown)} (it takes: {takes})")
        return bind_params(self.text, values)


_HEADER = re.compile(r"^#\s*(title|answers|param\s+(\w+)|example)\s*:\s*(.*)$")
# ?_NAME, ?_NAME_zh (the same parameter as a @zh literal), ?_NAME_term (as a term of the
# ckg: vocabulary, e.g. kind=Strategy -> ckg:Strategy; see bind_params) and ?_NAME_label
# (the labels that contain it, see bind_labels).
_PARAM_VAR = re.compile(r"\?_(\w+?)(?:_zh|_term|_label)?\b")


def parse_query(text: str, name: str = "query", path: Path | None = None) -> CannedQuery:
    q = CannedQuery(name=name, text=text, path=path)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, pname, value = m.group(1), m.group(2), m.group(3).strip()
        if key == "title":
            q.title = value
        elif key == "answers":
            q.answers = (q.answers + " " + value).strip()
        elif key == "example":
            q.examples.append(dict(kv.split("=", 1) for kv in value.split() if "=" in kv))
        else:
            q.params[pname] = value
    # A query without a header still takes the ?_NAME variables it uses.
    for var in _PARAM_VAR.findall(strip_comments(text)):
        q.params.setdefault(var, "")
    return q


def queries_dir() -> Path:
    return data_path("queries")


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    d = directory or queries_dir()
    return [parse_query(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(d.glob("*.rq"))]


def resolve(spec: str, directory: Path | None = None) -> CannedQuery:
    """NAME (a file in queries/), a path to a .rq file, or SPARQL text."""
    if re.search(r"\b(select|ask|construct|describe)\b", spec, re.I) and ("{" in spec):
        return parse_query(spec, "query")
    p = Path(spec)
    if p.suffix == ".rq" or p.exists():
        if not p.is_file():
            raise QuerySpecError(f"{spec}: no such query file")
        return parse_query(p.read_text(encoding="utf-8"), p.stem, p)
    d = directory or queries_dir()
    f = d / f"{spec}.rq"
    if not f.is_file():
        names = ", ".join(q.name for q in list_queries(d))
        raise QuerySpecError(f"{spec}: no canned query of that name (kg query --list shows: {names})")
    return parse_query(f.read_text(encoding="utf-8"), f.stem, f)


def sparql_string(value: str) -> str:
    """A SPARQL string literal for any user text (quotes, backslashes, newlines escaped)."""
    esc = (value.replace("\\", "\\\\").replace('"', '\\"')
           .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{esc}"'


def strip_comments(text: str) -> str:
    """Blank out '#' comments (not '#' inside <IRIs> or strings), keeping offsets."""
    out = []
    for line in text.splitlines(keepends=True):
        in_iri = in_str = False
        cut = len(line)
        for i, ch in enumerate(line):
            if in_str:
                if ch == in_str and line[i - 1] != "\\":
                    in_str = False
            elif ch == "<" and not in_iri:
                in_iri = True
            elif ch == ">" and in_iri:
                in_iri = False
            elif ch in "\"'" and not in_iri:
                in_str = ch
            elif ch == "#" and not in_iri:
                cut = i
                break
        rest = line[cut:]
        newline = "\n" if rest.endswith("\n") else ""
        out.append(line[:cut] + " " * (len(rest) - len(newline)) + newline)
    return "".join(out)


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.I)


def bind_params(text: str, values: dict[str, str]) -> str:
    if not values:
        return text
    # Every WHERE block (the query's and each subquery's) gets the values, so a FILTER on a
    # parameter works at the top level of any of them.
    code = strip_comments(text)
    ends = [m.end() for m in _WHERE_OPEN.finditer(code)]
    if not ends:
        raise QuerySpecError("cannot bind parameters: the query has no 'WHERE {' block")
    rows = ""
    for k, v in values.items():
        rows += f"\n  VALUES ?_{k} {{ {sparql_string(v)} }}"
        if re.search(rf"\?_{re.escape(k)}_zh\b", code):
            rows += f"\n  VALUES ?_{k}_zh {{ {sparql_string(v)}@zh }}"
        if re.search(rf"\?_{re.escape(k)}_term\b", code):
            # percent-encoded: any text makes a valid IRI (which then matches nothing)
            rows += f"\n  VALUES ?_{k}_term {{ <{CKG_NS}{quote(v, safe='')}> }}"
    out, last = [], 0
    for end in ends:
        out += [text[last:end], rows]
        last = end
    return "".join(out) + text[last:]


_BOUND_VALUE = re.compile(r'VALUES \?_(\w+) \{ "((?:[^"\\]|\\.)*)" \}')
_UNESCAPE = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}


def bound_values(text: str) -> dict[str, str]:
    """The parameter values ``bind_params`` put into ``text`` (NAME -> value)."""
    out: dict[str, str] = {}
    for m in _BOUND_VALUE.finditer(strip_comments(text)):
        out.setdefault(m.group(1), re.sub(r"\\(.)", lambda e: _UNESCAPE.get(e.group(1), e.group(1)), m.group(2)))
    return out


def label_params(text: str) -> set[str]:
    """Parameters whose ``?_NAME_label`` variable the query uses."""
    return set(re.findall(r"\?_(\w+?)_label\b", strip_comments(text)))


def _blank_strings(code: str) -> str:
    # Braces inside string literals or IRIs are not blocks.
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>', lambda m: " " * len(m.group(0)), code)


def bind_labels(text: str, labels: dict[str, list[str]]) -> str:
    """Bind ``?_NAME_label`` to the given literals (SPARQL syntax) in each innermost WHERE
    block that uses it: the block's pattern ``?x rdfs:label ?_NAME_label`` then looks each
    label up by index instead of scanning every label. Only for the embedded store, with the
    label index (kg.store.LabelIndex): the literals must include every label the query's
    own filter would keep, so the rows are those of the plain query."""
    if not labels:
        return text
    code = _blank_strings(strip_comments(text))
    blocks = []   # (position after 'WHERE {', position of its closing brace)
    for m in _WHERE_OPEN.finditer(code):
        depth, i = 1, m.end()
        while i < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            i += 1
        blocks.append((m.end(), i - 1))
    inserts: dict[int, str] = {}
    for start, end in blocks:
        own = code[start:end]
        for s2, e2 in blocks:   # cut out nested WHERE blocks
            if start < s2 and e2 <= end:
                own = own[: s2 - start] + " " * (e2 - s2) + own[e2 - start:]
        for name, terms in labels.items():
            if re.search(rf"\?_{re.escape(name)}_label\b", own):
                inserts[start] = inserts.get(start, "") + f"\n  VALUES ?_{name}_label {{ {' '.join(terms)} }}"
    out, last = [], 0
    for pos in sorted(inserts):
        out += [text[last:pos], inserts[pos]]
        last = pos
    return "".join(out) + text[last:]


def parse_param_options(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a dict; a value may itself contain '='."""
    out: dict[str, str] = {}
    for it in items:
        if "=" not in it:
            raise QuerySpecError(f"--param {it!r}: expected KEY=VALUE")
        k, v = it.split("=", 1)
        if not re.fullmatch(r"\w+", k.strip()):
            raise QuerySpecError(f"--param {it!r}: a parameter name is letters, digits and _")
        out[k.strip()] = v
    return out
