"""Write graphs to a file, deterministically and atomically.

The format follows the file's extension. Triples are sorted before serialising so building
twice gives byte-identical files; the file appears only when complete (temp file + rename).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

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
PREFIXES = {
    "ckg": "https://w3id.org/county-kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class UnknownFormat(ValueError):
    pass


def format_for(path: Path | str) -> ox.RdfFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnknownFormat(f"unknown output format '{suffix}' (use one of {', '.join(sorted(FORMATS))})")
    return FORMATS[suffix]


def sorted_quads(graphs: dict[str, list[ox.Triple]]) -> list[ox.Quad]:
    quads = []
    for g in sorted(graphs):
        gname = ox.NamedNode(g)
        for t in sorted(set(graphs[g]), key=str):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, gname))
    return quads


def sorted_triples(graphs: dict[str, list[ox.Triple]]) -> list[ox.Triple]:
    union = set()
    for ts in graphs.values():
        union.update(ts)
    return sorted(union, key=str)


def atomic_write(path: Path, write) -> None:
    """Call ``write(fileobj)`` on a temp file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_graphs(graphs: dict[str, list[ox.Triple]], path: Path | str) -> int:
    """Serialise to ``path`` (format from its extension); returns the number of statements."""
    fmt = format_for(path)
    items = sorted_quads(graphs) if fmt in QUAD_FORMATS else sorted_triples(graphs)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None

    def write(fh):
        if prefixes:
            ox.serialize(items, fh, fmt, prefixes=prefixes)
        else:
            ox.serialize(items, fh, fmt)

    atomic_write(Path(path), write)
    return len(items)
