"""Result tables as text: an aligned table for people, CSV and JSON for tools."""
from __future__ import annotations

import csv
import io
import json

from wcwidth import wcswidth, wcwidth

from kg.query.results import Table, Term
from kg.vocab import PREFIXES

# Long IRIs shortened in the human table only; CSV and JSON keep full IRIs.
SHORT_PREFIXES = [(ns, f"{p}:") for p, ns in PREFIXES.items() if p != "org"]

MAX_CELL = 40   # display columns per cell before "…"


def display(t: Term | None) -> str:
    if t is None:
        return ""
    if t.kind == "uri":
        for full, short in SHORT_PREFIXES:
            if t.value.startswith(full):
                return short + t.value[len(full):]
        return t.value
    if t.kind == "bnode":
        return "_:" + t.value
    return " ".join(t.value.split())  # newlines would break the rows


def width(s: str) -> int:
    w = wcswidth(s)
    return w if w >= 0 else sum(max(wcwidth(c), 0) for c in s)


def truncate(s: str, limit: int) -> str:
    if width(s) <= limit:
        return s
    out, used = [], 0
    for ch in s:
        w = max(wcwidth(ch), 0)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(s: str, w: int, right: bool = False) -> str:
    gap = " " * (w - width(s))
    return gap + s if right else s + gap


def _numeric(t: Term | None) -> bool:
    return t is not None and t.kind == "literal" and isinstance(t.to_python(), (int, float))


def format_table(table: Table, max_cell: int = MAX_CELL) -> str:
    """Aligned columns, CJK double-width aware, numbers right-aligned, long cells cut."""
    if table.boolean is not None:
        return "yes" if table.boolean else "no"
    cells = [[truncate(display(t), max_cell) for t in row] for row in table.rows]
    widths = [width(c) for c in table.columns]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row)]
    right = [all(_numeric(r[i]) or r[i] is None for r in table.rows) and table.rows != [] for i in range(len(table.columns))]
    lines = ["  ".join(pad(c, w) for c, w in zip(table.columns, widths)).rstrip(),
             "  ".join("─" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(pad(c, w, r) for c, w, r in zip(row, widths, right)).rstrip())
    n = len(table.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines)


def format_csv(table: Table) -> str:
    """SPARQL 1.1 CSV results (a header, plain values, full IRIs, lines ending CRLF as that
    format and RFC 4180 say): the bytes oxigraph writes for the same rows
    (kg.query.run.write_local_csv), whichever engine answered."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if table.boolean is not None:
        w.writerow(["ask"])
        w.writerow(["true" if table.boolean else "false"])
        return buf.getvalue()
    w.writerow(table.columns)
    for row in table.rows:
        w.writerow(["" if t is None else (("_:" + t.value) if t.kind == "bnode" else t.value) for t in row])
    return buf.getvalue()


def format_json(table: Table) -> str:
    """SPARQL 1.1 Query Results JSON, readable by any SPARQL tool."""
    return json.dumps(table.to_sparql_json(), ensure_ascii=False, indent=1)


FORMATTERS = {"table": format_table, "csv": format_csv, "json": format_json}
