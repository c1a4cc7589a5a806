"""Write graphs to a file, deterministically and atomically.

The format follows the file's extension. Triples are sorted before serialising so building
twice gives byte-identical files; the file appears only when complete (temp file + rename).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.atomic import atomic_write
from kg.prefixes import PREFIXES as VOCAB_PREFIXES

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD}
# Prefixed names for Turtle/TriG; not ckr:, whose keys hold '/' (CONTRACT.md spells them out)
PREFIXES = {k: v for k, v in VOCAB_PREFIXES.items() if k not in ("ckr", "org")}


class UnknownFormat(ValueError):
    pass


def format_for(path: Path | str) -> ox.RdfFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnknownFormat(f"unknown output format '{suffix}' (use one of {', '.join(sorted(FORMATS))})")
    return FORMATS[suffix]


def nquads_text(graphs: dict[str, Iterable[str]]) -> str:
    """Every statement once per graph, sorted: graphs by name, lines within a graph."""
    out = []
    for g in sorted(graphs):
        tail = f" <{g}> .\n"
        out.extend(line + tail for line in sorted(set(graphs[g])))
    return "".join(out)


def ntriples_text(graphs: dict[str, Iterable[str]]) -> str:
    """The union of all graphs, each triple once, sorted."""
    union: set[str] = set()
    for lines in graphs.values():
        union.update(lines)
    return "".join(line + " .\n" for line in sorted(union))


def write_graphs(graphs: dict[str, Iterable[str]], path: Path | str) -> int:
    """Serialise to ``path`` (format from its extension); returns the number of statements.

    N-Triples and N-Quads are written as they are; richer formats go through pyoxigraph's
    parser and serialiser, fed in sorted order so the bytes never vary."""
    fmt = format_for(path)
    quads = fmt in QUAD_FORMATS
    text = nquads_text(graphs) if quads else ntriples_text(graphs)
    count = text.count("\n")
    data = text.encode("utf-8")
    del text

    def write(fh):
        if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            fh.write(data)
            return
        items = ox.parse(input=data, format=ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if prefixes:
            ox.serialize(items, fh, fmt, prefixes=prefixes)
        else:
            ox.serialize(items, fh, fmt)

    atomic_write(Path(path), write)
    return count
